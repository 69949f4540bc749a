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
# network is used. Per release it writes $cache/ycl/<release>/
# yocto-check-layer.log (the full output) and result.txt (key=value), prints
# the per-test results, and exits 1 if any release failed.
#
# MATURIN_FIX_OE_CACHE: cache directory (default /var/cache/maturin-fix-oe as
#   root, else ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-oe).
# MATURIN_FIX_UPSTREAM: the snapshots (default <repo>/../shared/upstream).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
upstream=${MATURIN_FIX_UPSTREAM:-$repo/../shared/upstream}
oe_user_name=maturin-fix-oe
oe_user="" # set when run as root: the user BitBake runs as

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'tests/oe/ycl.sh: %s\n' "$*" >&2; exit 1; }

releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(master scarthgap)

# The snapshots of a release, oe-core first, then BitBake. meta-openembedded
# is not needed here, but tests/oe/provision.sh unpacks it into the same tree
# with the same .stamp: including it (when present) keeps the two scripts
# from unpacking again each other's tree.
tarballs() {
    case $1 in
    master) echo openembedded-core-master bitbake-master meta-openembedded-master ;;
    scarthgap) echo openembedded-core-scarthgap bitbake-2.8 meta-openembedded-scarthgap ;;
    *) die "unknown release '$1' (master, scarthgap)" ;;
    esac
}
for release in "${releases[@]}"; do
    tarballs "$release" >/dev/null
    for name in $(tarballs "$release"); do
        case $name in meta-openembedded-*) continue ;; esac
        [ -f "$upstream/$name.tar.xz" ] ||
            die "the upstream snapshot $name.tar.xz is missing from ../shared/upstream/ ($upstream)"
    done
done

# BitBake's sanity checks (HOSTTOOLS) and locale: command -> Debian package.
host_packages() {
    local -A pkg_of=(
        [chrpath]=chrpath [diffstat]=diffstat [cpio]=cpio [gawk]=gawk [lz4c]=lz4
        [zstd]=zstd [rpcgen]=rpcsvc-proto [file]=file [locale-gen]=locales
        [gcc]=gcc [g++]=g++ [make]=make [patch]=patch [git]=git [wget]=wget
        [xz]=xz-utils [bzip2]=bzip2 [python3]=python3 [runuser]=util-linux
    )
    local missing=() cmd
    for cmd in "${!pkg_of[@]}"; do
        # PATH as BitBake will see it; locale-gen lives in /usr/sbin.
        PATH=/usr/bin:/bin:/usr/sbin:/sbin command -v "$cmd" >/dev/null || missing+=("${pkg_of[$cmd]}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || die "missing host packages: ${missing[*]} (apt-get install them, or run as root)"
        say "apt-get install ${missing[*]}"
        apt-get update -q </dev/null >/dev/null || echo "warning: apt-get update reported errors" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
    fi
    # BitBake calls setlocale(en_US.UTF-8) and exits if it is not there.
    if ! locale -a 2>/dev/null | grep -qix 'en_US.utf-\?8'; then
        [ "$(id -u)" = 0 ] || die "the en_US.UTF-8 locale is missing (BitBake needs it)"
        say "locale-gen en_US.UTF-8"
        sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
        grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >>/etc/locale.gen
        locale-gen >/dev/null
    fi
}

# The cache, and as root the user BitBake runs as (root's home is not readable
# by another user, hence /var/cache).
cache_and_user() {
    if [ "$(id -u)" = 0 ]; then
        cache=${MATURIN_FIX_OE_CACHE:-/var/cache/maturin-fix-oe}
        oe_user=$oe_user_name
        mkdir -p "$cache/home"
        if ! id "$oe_user" >/dev/null 2>&1; then
            say "useradd $oe_user (BitBake refuses to run as root)"
            useradd --system --home-dir "$cache/home" --shell /bin/bash "$oe_user"
        fi
        chown "$oe_user": "$cache" "$cache/home"
    else
        cache=${MATURIN_FIX_OE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-oe}
        mkdir -p "$cache/home"
    fi
    cache=$(cd "$cache" && pwd)
    as_user test -w "$cache" -a -x "$cache" ||
        die "${oe_user:-$(id -un)} cannot write to $cache (a parent directory not searchable?); set MATURIN_FIX_OE_CACHE"
}

# as_user CMD...: CMD as the BitBake user, in a clean environment; Debian's
# /usr/bin/python3 comes first (root's pyenv under /root is not readable).
as_user() {
    local env=(env -i HOME="$cache/home" PATH=/usr/bin:/bin LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8)
    if [ -n "$oe_user" ]; then
        runuser -u "$oe_user" -- "${env[@]}" "$@" </dev/null
    else
        "${env[@]}" "$@" </dev/null
    fi
}

# unpack RELEASE: $cache/src/RELEASE/{openembedded-core,bitbake,...}, again
# only when a snapshot changed (.stamp: their sha256sum lines), through a
# temporary directory so that an interrupted run never leaves a half tree.
unpack_tmp=""
unpack() {
    local release=$1 dest=$cache/src/$1 name stamp=""
    for name in $(tarballs "$release"); do
        [ -f "$upstream/$name.tar.xz" ] || continue # only meta-openembedded may be absent
        stamp+="$(cd "$upstream" && sha256sum "$name.tar.xz")"$'\n'
    done
    [ "$(cat "$dest/.stamp" 2>/dev/null)"$'\n' = "$stamp" ] && return 0
    say "$release: unpacking the snapshots into $dest"
    mkdir -p "$cache/src"
    [ -z "$oe_user" ] || chown "$oe_user": "$cache/src"
    unpack_tmp=$(mktemp -d "$cache/src/.unpack.XXXXXX")
    for name in $(tarballs "$release"); do
        [ ! -f "$upstream/$name.tar.xz" ] || tar -xJf "$upstream/$name.tar.xz" -C "$unpack_tmp" --no-same-owner
    done
    printf '%s' "$stamp" >"$unpack_tmp/.stamp"
    chmod 755 "$unpack_tmp"
    [ -z "$oe_user" ] || chown -R "$oe_user": "$unpack_tmp"
    rm -rf "$dest"
    mv "$unpack_tmp" "$dest"
    unpack_tmp=""
}
trap '[ -z "$unpack_tmp" ] || rm -rf "$unpack_tmp"' EXIT

# The layer under test: a copy of the repo's files (tracked or new, not
# ignored) that the BitBake user can read, mtimes kept so that the parse cache
# of unchanged recipes stays valid. Its directory name is the name
# yocto-check-layer reports.
copy_layer() {
    layer=$cache/layer-ycl/maturin-fix
    rm -rf "$cache/layer-ycl"
    mkdir -p "$layer"
    # --ignore-failed-read: a file deleted but not yet `git rm`ed is skipped.
    (cd "$repo" && git -c safe.directory="$repo" ls-files -co --exclude-standard -z |
        tar -cf - --null --no-recursion --ignore-failed-read -T - 2>/dev/null) |
        tar -xf - -C "$layer" --no-same-owner
    [ -f "$layer/conf/layer.conf" ] || die "copying the layer from $repo to $layer failed"
    [ -z "$oe_user" ] || chown -R "$oe_user": "$cache/layer-ycl"
}

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
    local release=$1 src=$cache/src/$1 build=$cache/ycl/$1/build
    mkdir -p "$build/conf" "$cache/downloads" "$cache/sstate-cache"
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
DL_DIR = "$cache/downloads"
SSTATE_DIR = "$cache/sstate-cache"
# No network: no connectivity check, no uninative tarball to download, no
# hash equivalence server (yocto-check-layer compares OEBasicHash signatures).
CONNECTIVITY_CHECK_URIS = ""
INHERIT_DISTRO:remove = "uninative"
BB_SIGNATURE_HANDLER = "OEBasicHash"
BB_HASHSERVE = ""
EOF
    rm -f "$build/conf/bblayers.conf.backup"
    [ -z "$oe_user" ] || chown -R "$oe_user": "$cache/ycl/$release/build/conf"
    [ -z "$oe_user" ] || chown "$oe_user": "$cache/ycl" "$cache/ycl/$release" "$build" "$cache/downloads" "$cache/sstate-cache"
}

# readme_field TARBALL COLUMN: a field of the snapshot table in upstream's
# README.md (4: commit, 5: date).
readme_field() {
    awk -F'|' -v f="$1.tar.xz" -v c="$2" \
        '{ gsub(/ /, "", $2) } $2 == f { v = $(c + 1); gsub(/^ +| +$/, "", v); print v }' \
        "$upstream/README.md" 2>/dev/null || true
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
    local release=$1 dir=$cache/ycl/$1 start end rc=0 status oe bb
    local log=$dir/yocto-check-layer.log
    read -r oe bb _ <<<"$(tarballs "$release")"
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
    as_user bash -c 'exec >"$4" 2>&1
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
        ycl "$cache/src/$release" "$dir/build" "$layer" "$log" "$dir/bitbake-p.log" || rc=$?
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

host_packages
cache_and_user
for release in "${releases[@]}"; do
    unpack "$release"
done
copy_layer
failed=0
for release in "${releases[@]}"; do
    run_release "$release" || failed=1
done
exit "$failed"
