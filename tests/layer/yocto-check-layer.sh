#!/usr/bin/env bash
# Run oe-core's real scripts/yocto-check-layer on this layer (parse, bitbake -e,
# world signatures with and without the layer, README/SECURITY/LAYERSERIES
# checks). Needs checkouts of openembedded-core and of the matching bitbake
# branch; not part of tests/layer/run.sh, whose CI has no access to them.
#
#   tests/layer/yocto-check-layer.sh OE_CORE_DIR BITBAKE_DIR [BUILD_DIR]
#
# BitBake refuses to run as root: run it as another user. Takes about half an
# hour on 2 cores (three `bitbake -S none world` runs). No network is needed:
# uninative, which downloads a tarball, is switched off in the build.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
OE_CORE=$(cd "$1" && pwd)
BITBAKE=$(cd "$2" && pwd)
BUILD=${3:-$(mktemp -d)/build}
LAYER=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

cd "$OE_CORE"
set +u
# shellcheck disable=SC1091
. ./oe-init-build-env "$BUILD" "$BITBAKE" >/dev/null
set -u
cat >> conf/local.conf <<EOC
MACHINE = "qemuarm"
CONNECTIVITY_CHECK_URIS = ""
BB_SIGNATURE_HANDLER = "OEBasicHash"
INHERIT_DISTRO:remove = "uninative"
EOC
exec yocto-check-layer "$LAYER"
