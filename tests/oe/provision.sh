# shellcheck shell=bash
# What the `oe` part and yocto-check-layer need, from nothing: host packages,
# a cache directory, an unprivileged user when run as root, the unpacked
# upstream snapshots, a copy of this layer that user can read, the tool.
# Source this file; it defines the oe_* functions and OE_* variables.

OE_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OE_UPSTREAM=${MATURIN_FIX_UPSTREAM:-$OE_REPO/../shared/upstream}
OE_USER_NAME=maturin-fix-oe
OE_USER=""  # set by oe_cache_and_user when run as root

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'tests/oe: %s\n' "$*" >&2; exit 1; }

# BitBake's and oe-core's sanity checks want these host tools (HOSTTOOLS) and
# an en_US.UTF-8 locale. pseudo, rpm (rpmdeps) and binutils-multiarch let the
# real do_package run without a built toolchain (see "Layer tests" in docs/contributing.md).
oe_host_packages() {
    local packages=(chrpath diffstat cpio gawk lz4 zstd rpcsvc-proto file locales
        gcc g++ make patch git wget bzip2 xz-utils python3 python3-venv util-linux
        pseudo rpm binutils-multiarch)
    local missing=() pkg
    for pkg in "${packages[@]}"; do
        dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
        say "apt-get install ${missing[*]}"
        apt-get update -q </dev/null >/dev/null || echo "warning: apt-get update reported errors" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
    fi
    if ! locale -a 2>/dev/null | grep -qix 'en_US.utf-\?8'; then
        [ "$(id -u)" = 0 ] || die "the en_US.UTF-8 locale is missing (BitBake needs it)"
        say "locale-gen en_US.UTF-8"
        sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
        grep -q '^en_US.UTF-8 UTF-8' /etc/locale.gen || echo 'en_US.UTF-8 UTF-8' >>/etc/locale.gen
        locale-gen >/dev/null
    fi
}

# OE_CACHE, and as root the user BitBake runs as: root's home is not readable
# by another user, so root's cache lives in /var/cache.
oe_cache_and_user() {
    if [ "$(id -u)" = 0 ]; then
        OE_CACHE=${MATURIN_FIX_OE_CACHE:-/var/cache/maturin-fix-oe}
        OE_USER=$OE_USER_NAME
        mkdir -p "$OE_CACHE"
        if ! id "$OE_USER" >/dev/null 2>&1; then
            say "useradd $OE_USER (BitBake refuses to run as root)"
            useradd --system --home-dir "$OE_CACHE/home" --shell /bin/bash "$OE_USER"
        fi
        mkdir -p "$OE_CACHE/home"
        chown "$OE_USER": "$OE_CACHE" "$OE_CACHE/home"
    else
        OE_CACHE=${MATURIN_FIX_OE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-oe}
        mkdir -p "$OE_CACHE"
    fi
    OE_CACHE=$(cd "$OE_CACHE" && pwd)
    export OE_CACHE
    oe_as_user test -w "$OE_CACHE" -a -x "$OE_CACHE" ||
        die "${OE_USER:-$(id -un)} cannot write to $OE_CACHE (a parent directory not searchable?); set MATURIN_FIX_OE_CACHE"
}

# Hand the cache (with what root put there) to the user.
oe_give_cache_to_user() {
    [ -z "$OE_USER" ] || chown -R "$OE_USER": "$OE_CACHE"
}

# oe_as_user CMD...: run CMD as the unprivileged user, in a clean environment
# (Debian's python3 first: root's own may live where the user cannot read).
oe_as_user() {
    local env=(env -i HOME="$OE_CACHE/home" PATH=/usr/bin:/bin LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8
        MATURIN_FIX_OE_CACHE="$OE_CACHE" MATURIN_FIX_UPSTREAM="$OE_UPSTREAM" CI="${CI:-}")
    if [ -n "$OE_USER" ]; then
        runuser -u "$OE_USER" -- "${env[@]}" "$@" </dev/null
    else
        "${env[@]}" "$@" </dev/null
    fi
}

# The snapshots of a release: oe-core, BitBake and meta-openembedded.
oe_tarballs() {
    case $1 in
    master) echo openembedded-core-master bitbake-master meta-openembedded-master ;;
    scarthgap) echo openembedded-core-scarthgap bitbake-2.8 meta-openembedded-scarthgap ;;
    *) die "unknown release $1 (master, scarthgap)" ;;
    esac
}

# oe_unpack RELEASE: $OE_CACHE/src/RELEASE/{openembedded-core,bitbake,meta-openembedded},
# unpacked again only when a snapshot changed (.stamp holds their sha256sums);
# into a temporary directory first, so an interrupted run leaves no half tree.
oe_unpack_tmp=""
oe_unpack() {
    local release=$1 dest=$OE_CACHE/src/$1 name stamp=""
    for name in $(oe_tarballs "$release"); do
        [ -f "$OE_UPSTREAM/$name.tar.xz" ] ||
            die "the upstream snapshot $name.tar.xz is missing from ../shared/upstream/ ($OE_UPSTREAM)"
        stamp+="$(cd "$OE_UPSTREAM" && sha256sum "$name.tar.xz")"$'\n'
    done
    [ "$(cat "$dest/.stamp" 2>/dev/null)"$'\n' = "$stamp" ] && return 0
    say "unpacking the $release snapshots into $dest"
    mkdir -p "$OE_CACHE/src"
    oe_unpack_tmp=$(mktemp -d "$OE_CACHE/src/.unpack.XXXXXX")
    trap '[ -z "$oe_unpack_tmp" ] || rm -rf "$oe_unpack_tmp"' EXIT
    for name in $(oe_tarballs "$release"); do
        tar -xJf "$OE_UPSTREAM/$name.tar.xz" -C "$oe_unpack_tmp" --no-same-owner
    done
    printf '%s' "$stamp" >"$oe_unpack_tmp/.stamp"
    chmod 755 "$oe_unpack_tmp"
    [ -z "$OE_USER" ] || chown -R "$OE_USER": "$OE_CACHE/src" "$oe_unpack_tmp"
    rm -rf "$dest"
    mv "$oe_unpack_tmp" "$dest"
    oe_unpack_tmp=""
}

# oe_copy_layer DEST: the layer's files (tracked or new, not ignored), with
# their mtimes, so BitBake's parse cache of an unchanged layer stays valid.
oe_copy_layer() {
    local dest=$1
    rm -rf "$dest"
    mkdir -p "$dest"
    # --ignore-failed-read: a file deleted but not yet `git rm`ed is skipped.
    (cd "$OE_REPO" && git -c safe.directory="$OE_REPO" ls-files -co --exclude-standard -z |
        tar -cf - --null --no-recursion --ignore-failed-read -T - 2>/dev/null) |
        tar -xf - -C "$dest" --no-same-owner
    [ -f "$dest/conf/layer.conf" ] || die "copying the layer from $OE_REPO to $dest failed"
    [ -z "$OE_USER" ] || chown -R "$OE_USER": "$dest"
}

# The tool maturin-fix-native would put into the recipe sysroot.
oe_build_tool() {
    local target=${CARGO_TARGET_DIR:-$OE_REPO/target}
    say "cargo build --release --locked"
    (cd "$OE_REPO" && cargo build -q --release --locked </dev/null)
    mkdir -p "$OE_CACHE/tool"
    cp "$target/release/maturin-fix" "$OE_CACHE/tool/maturin-fix"
}

# oe_venv DIR REQUIREMENTS: a venv of Debian's python3 (the one BitBake runs
# on), (re)made when REQUIREMENTS changed.
oe_venv() {
    local dir=$1 req=$2 stamp
    stamp=$(sha256sum "$req" | cut -d' ' -f1)
    [ "$(cat "$dir/.requirements" 2>/dev/null)" = "$stamp" ] && return 0
    say "venv $dir from $req"
    rm -rf "$dir"
    /usr/bin/python3 -m venv "$dir"
    "$dir/bin/python" -m pip install --disable-pip-version-check -q --no-input -r "$req" </dev/null
    echo "$stamp" >"$dir/.requirements"
}
