#!/usr/bin/env bash
# The `oe` part: this layer against the real openembedded-core and BitBake of
# master and scarthgap, unpacked from ../shared/upstream/ (see "Layer tests" in docs/contributing.md).
# Installs what it needs from nothing, then runs pytest on tests/oe as an
# unprivileged user (BitBake refuses to run as root).
#
#   tests/oe/run.sh [pytest arguments]
#
# MATURIN_FIX_OE_CACHE: cache directory (default /var/cache/maturin-fix-oe as
#   root, else ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-oe). It keeps the
#   unpacked snapshots and BitBake's parse caches, so a warm run is quick.
# MATURIN_FIX_UPSTREAM: the snapshots (default <repo>/../shared/upstream).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=provision.sh
. "$here/provision.sh"

oe_host_packages
oe_cache_and_user
for release in master scarthgap; do
    oe_unpack "$release"
done
oe_copy_layer "$OE_CACHE/layer"
oe_build_tool
oe_venv "$OE_CACHE/venv" "$here/requirements.txt"
bash "$here/provision-wheels.sh" "$OE_CACHE"
oe_give_cache_to_user

say "pytest tests/oe (as ${OE_USER:-$(id -un)})"
cd "$OE_CACHE/layer/tests/oe"
oe_as_user "$OE_CACHE/venv/bin/python" -m pytest "$@"
