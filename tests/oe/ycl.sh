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

# drop_siggen_caches RELEASE: works around a BitBake bug (2.8 and master) in a
# warm build directory. A run without -S (yocto-check-layer's test_parse is
# `bitbake -p`) that parses a changed recipe again rewrites bb_cache.dat but
# not bb_cache_SiggenRecipeInfo.dat; the next `bitbake -S` (test_world) takes
# the old signature data from the latter and fails with "Basehash mismatch".
# Without that file, the first -S run parses everything again, as in a new
# build directory.
drop_siggen_caches() {
    find "$OE_CACHE/ycl/$1/build" -path '*/cache/*' -name 'bb_cache_SiggenRecipeInfo.dat.*' -delete
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

# module_change_check RELEASE: after yocto-check-layer, in its warm build
# directory, what a layer user does on upgrading this layer: a function of
# lib/maturin_fix/ changes, a run without -S, then `bitbake -S none`. The last
# must succeed with no "Basehash mismatch" and give do_configure of the example
# a new signature. Writes module-change.log and module-change.result.
module_change_check() {
    local release=$1 dir=$OE_CACHE/ycl/$1 rc=0
    say "$release: a change to lib/maturin_fix/, \`bitbake -p\`, then \`bitbake -S none\` (log: $dir/module-change.log)"
    # shellcheck disable=SC2016
    oe_as_user bash -c 'exec >"$4" 2>&1
        cd "$2" || exit 1
        export OEROOT=$1/openembedded-core
        . "$OEROOT/scripts/oe-buildenv-internal" "$2" "$1/bitbake" || exit 1
        unset OEROOT
        module=$3/lib/maturin_fix/pyo3config.py mark=$2/module-change.mark
        cp conf/bblayers.conf conf/bblayers.conf.module-change
        cp "$module" "$module.orig"
        printf "\nBBLAYERS += \"%s\"\n" "$3" >>conf/bblayers.conf
        # signature: the do_configure signature of the example that `bitbake -S none` writes.
        signature() {
            touch "$mark"
            bitbake -S none python3-maturin-fix-example >&2 || echo "FAIL: bitbake -S none" >&2
            find tmp*/stamps -path "*/python3-maturin-fix-example/*" -newer "$mark" \
                -name "*.do_configure.sigdata.*" -printf "%f\n" | sed "s/.*\.//" | sort -u
        }
        rc=0
        before=$(signature)
        # The first docstring of a function: part of its source, so of the task signatures.
        sed -i "0,/^    \"\"\"/s//    \"\"\"Changed: /" "$module"
        grep -q "Changed: " "$module" || { echo "FAIL: no docstring changed in $module"; rc=1; }
        bitbake -p || rc=1
        after=$(signature)
        mv "$module.orig" "$module"
        mv conf/bblayers.conf.module-change conf/bblayers.conf
        grep -q "^FAIL: " "$4" && rc=1
        if grep -q "Basehash mismatch" "$4"; then echo "FAIL: Basehash mismatch"; rc=1; fi
        if [ -z "$before" ] || [ -z "$after" ]; then
            echo "FAIL: no do_configure signature (before: ${before:-none}, after: ${after:-none})"; rc=1
        elif [ "$before" = "$after" ]; then
            echo "FAIL: do_configure kept its signature $before"; rc=1
        else
            echo "do_configure signature: $before -> $after"
        fi
        exit "$rc"' \
        ycl "$OE_CACHE/src/$release" "$dir/build" "$layer" "$dir/module-change.log" || rc=$?
    if [ "$rc" = 0 ]; then echo PASS; else echo FAIL; fi >"$dir/module-change.result"
    [ "$rc" = 0 ] || { echo "  --- last lines of $dir/module-change.log:"; tail -n 20 "$dir/module-change.log" | sed 's/^/  | /'; }
    return "$rc"
}

# run_release RELEASE: yocto-check-layer, then its summary; returns 1 on FAIL.
run_release() {
    local release=$1 dir=$OE_CACHE/ycl/$1 start end rc=0 status oe bb
    local log=$dir/yocto-check-layer.log
    read -r oe bb _ <<<"$(oe_tarballs "$release")"
    setup_build "$release"
    drop_siggen_caches "$release"
    rm -f "$log" "$dir/bitbake-p.log" "$dir/module-change.log" "$dir/result.txt"
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
    module_change_check "$release" || rc=$?
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
        echo "case.module_change=$(cat "$dir/module-change.result" 2>/dev/null || echo FAIL)"
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
