#!/usr/bin/env bash
# Run oe-core's real scripts/yocto-check-layer on this layer, against the
# unmodified openembedded-core + BitBake snapshots in ../shared/upstream/
# (see its README.md), for each release given (default: master scarthgap).
#
#   bash tests/oe/ycl.sh [master|scarthgap ...]
#
# From nothing: installs the host tools BitBake wants (as root), unpacks the
# snapshots into the cache, copies the layer there and, as root, runs BitBake
# as the system user maturin-fix-oe (BitBake refuses to run as root). No
# network is used. Per release it writes $OE_CACHE/ycl/<release>/
# yocto-check-layer.log (the full output) and result.txt (key=value), prints
# the per-test results, and exits 1 if any release failed.
#
# MATURIN_FIX_OE_CACHE: cache directory (default /var/cache/maturin-fix-oe as
#   root, else ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-oe).
# MATURIN_FIX_UPSTREAM: the snapshots (default <repo>/../shared/upstream).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=provision.sh
. "$here/provision.sh"

releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(master scarthgap)

for release in "${releases[@]}"; do
    oe_tarballs "$release" >/dev/null
done

# write_if_changed FILE: stdin to FILE unless FILE already holds exactly that.
write_if_changed() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; chmod 644 "$1"; fi
}

# The build directory of a release: oe-core's meta only in bblayers.conf
# (yocto-check-layer adds the layer itself, and skips it if already there; a
# killed run may leave it there, so bblayers.conf is written every run).
setup_build() {
    local release=$1 src=$OE_CACHE/src/$1 build=$OE_CACHE/ycl/$1/build
    mkdir -p "$build/conf" "$OE_CACHE/downloads" "$OE_CACHE/sstate-cache"
    write_if_changed "$build/conf/bblayers.conf" <<EOF
# Written by tests/oe/ycl.sh on every run.
LCONF_VERSION = "7"
BBPATH = "\${TOPDIR}"
BBFILES ?= ""
BBLAYERS ?= "$src/openembedded-core/meta"
EOF
    write_if_changed "$build/conf/local.conf" <<EOF
# Written by tests/oe/ycl.sh on every run.
MACHINE = "qemux86-64"
# nodistro, oe-core's own default: no distro layer involved.
DISTRO = "nodistro"
CONF_VERSION = "2"
PATCHRESOLVE = "noop"
DL_DIR = "$OE_CACHE/downloads"
SSTATE_DIR = "$OE_CACHE/sstate-cache"
# No network: no connectivity check, no uninative tarball to download, no
# hash equivalence server (yocto-check-layer compares OEBasicHash signatures).
CONNECTIVITY_CHECK_URIS = ""
INHERIT_DISTRO:remove = "uninative"
BB_SIGNATURE_HANDLER = "OEBasicHash"
BB_HASHSERVE = ""
EOF
    rm -f "$build/conf/bblayers.conf.backup"
    [ -z "$OE_USER" ] || chown -R "$OE_USER": "$OE_CACHE/ycl/$release/build/conf"
    [ -z "$OE_USER" ] || chown "$OE_USER": "$OE_CACHE/ycl" "$OE_CACHE/ycl/$release" "$build" "$OE_CACHE/downloads" "$OE_CACHE/sstate-cache"
}

# readme_field TARBALL COLUMN: a field of the snapshot table in upstream's
# README.md (4: commit, 5: date).
readme_field() {
    awk -F'|' -v f="$1.tar.xz" -v c="$2" \
        '{ gsub(/ /, "", $2) } $2 == f { v = $(c + 1); gsub(/^ +| +$/, "", v); print v }' \
        "$OE_UPSTREAM/README.md" 2>/dev/null || true
}

# test_results LOG: case.<name>=PASS|FAIL|SKIP|XFAIL [reason] lines from the
# unittest verbose output that yocto-check-layer logs, i.e. pairs of
#   INFO: test_parse (common.CommonCheckLayer.test_parse)
#   INFO:  ... ok
# (other output may come between them); a skipped setUpClass is named by its
# class (bsp.BSPCheckLayer).
test_results() {
    awk '
        /^INFO: (test_[A-Za-z0-9_]+|setUpClass) \(/ {
            name = $2
            if (name == "setUpClass") { name = $3; gsub(/[()]/, "", name) }
            next
        }
        name != "" && /^INFO:  \.\.\. / {
            r = substr($0, 12)
            if (r == "ok" || r == "unexpected success") s = "PASS"
            else if (r ~ /^skipped/) { s = "SKIP"; sub(/^skipped /, "", r); s = s " " r }
            else if (r == "expected failure") s = "XFAIL"
            else s = "FAIL"
            print "case." name "=" s
            name = ""
        }' "$1"
}

# run_release RELEASE: yocto-check-layer, then its summary; returns 1 on FAIL.
run_release() {
    local release=$1 dir=$OE_CACHE/ycl/$1 start end rc=0 status oe bb
    local log=$dir/yocto-check-layer.log
    read -r oe bb _ <<<"$(oe_tarballs "$release")"
    setup_build "$release"
    rm -f "$log" "$dir/bitbake-p.log" "$dir/result.txt"
    say "$release: yocto-check-layer (full output: $log)"
    start=$(date +%s)
    # The inner shell, as the BitBake user, writes the log and sets up the
    # environment with oe-core's scripts/oe-buildenv-internal (PATH,
    # PYTHONPATH, BUILDDIR, BB_ENV_PASSTHROUGH_ADDITIONS). Not through
    # oe-init-build-env: its oe-setup-builddir sources $OEROOT/.templateconf,
    # which `git archive` snapshots lack; the conf files are written above.
    # shellcheck disable=SC2016
    oe_as_user bash -c 'exec >"$4" 2>&1
        cd "$2" || exit 1
        export OEROOT=$1/openembedded-core
        . "$OEROOT/scripts/oe-buildenv-internal" "$2" "$1/bitbake" || exit 1
        unset OEROOT
        # --no-auto: check exactly this layer, not any conf/ dir below it.
        yocto-check-layer --no-auto "$3"
        rc=$?
        # yocto-check-layer shows BitBake output only on failure: parse once
        # more with the layer (as test_parse did, so from the parse cache) to
        # show its warnings.
        cp conf/bblayers.conf conf/bblayers.conf.parse
        printf "\nBBLAYERS += \"%s\"\n" "$3" >>conf/bblayers.conf
        bitbake -p >"$5" 2>&1 </dev/null || echo "ERROR: bitbake -p failed" >>"$5"
        mv conf/bblayers.conf.parse conf/bblayers.conf
        exit "$rc"' \
        ycl "$OE_CACHE/src/$release" "$dir/build" "$layer" "$log" "$dir/bitbake-p.log" || rc=$?
    end=$(date +%s)

    status=$(sed -n 's/^INFO: maturin-fix \.\.\. //p' "$log" | tail -n1)
    [ -n "$status" ] || status="FAIL (no summary; exit $rc)"
    [ "$rc" = 0 ] || case $status in PASS*) status="FAIL (exit $rc)" ;; esac
    {
        echo "release=$release"
        echo "result=${status%% *}"
        echo "status=$status"
        echo "exit=$rc"
        echo "seconds=$((end - start))"
        echo "date=$(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)"
        echo "openembedded-core=$(readme_field "$oe" 4) $(readme_field "$oe" 5)"
        echo "bitbake=$(readme_field "$bb" 4) $(readme_field "$bb" 5)"
        echo "warnings=$(grep -c '^WARNING:' "$log" || true)"
        echo "parse_warnings=$(grep -Ec '^(WARNING|ERROR):' "$dir/bitbake-p.log" 2>/dev/null || true)"
        test_results "$log"
    } >"$dir/result.txt"

    printf '\n%s: %s in %ss (%s)\n' "$release" "$status" "$((end - start))" "$(sed -n 's/^date=//p' "$dir/result.txt")"
    printf '  openembedded-core %s\n  bitbake           %s\n' \
        "$(sed -n 's/^openembedded-core=//p' "$dir/result.txt")" "$(sed -n 's/^bitbake=//p' "$dir/result.txt")"
    sed -n 's/^case\.\([^=]*\)=\([A-Z]*\)\(.*\)/  \2 \1\3/p' "$dir/result.txt"
    grep -sh '^WARNING:' "$log" "$dir/bitbake-p.log" | sort -u | sed 's/^/  /' || true
    grep -sh '^ERROR:' "$dir/bitbake-p.log" | sort -u | sed 's/^/  bitbake -p: /' || true
    case $status in
    PASS*) return 0 ;;
    *)
        echo "  --- last lines of $log:"
        tail -n 40 "$log" | sed 's/^/  | /'
        return 1
        ;;
    esac
}

oe_host_packages
oe_cache_and_user
for release in "${releases[@]}"; do
    oe_unpack "$release"
done
# Its directory name is the name yocto-check-layer reports.
layer=$OE_CACHE/layer-ycl/maturin-fix
oe_copy_layer "$layer"
failed=0
for release in "${releases[@]}"; do
    run_release "$release" || failed=1
done
exit "$failed"
