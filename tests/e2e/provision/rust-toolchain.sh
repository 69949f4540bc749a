#!/usr/bin/env bash
# rust-toolchain.sh CACHE_DIR DEBIAN_ARCH...
# Debian's Rust 1.63 (host rustc + cargo) with the standard libraries of the given target
# architectures, unpacked from .debs into CACHE_DIR/rust-debian/tree: rustup cannot download
# targets here, and Debian ships the target rlibs only for its own compiler version (1.63 is the
# one that has mips64el). CACHE_DIR/rust-debian/bin/{rustc,cargo} are wrappers to put first on PATH.
set -euo pipefail
cache=$1
shift
target_arches=("$@")
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../../scripts/private-apt.sh
. "$here/../../../scripts/private-apt.sh"

out=$cache/rust-debian
host_packages=(rustc cargo libstd-rust-1.63 libstd-rust-dev)
target_packages=()
for arch in "${target_arches[@]}"; do target_packages+=("libstd-rust-dev:$arch"); done

stamp_key="$DEBIAN_MIRROR $DEBIAN_SUITE ${host_packages[*]} ${target_packages[*]} v1"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp_key" ]; then
    exit 0
fi

echo "[rust] downloading Debian's Rust toolchain and target standard libraries"
rm -rf "$out"
mkdir -p "$out/debs" "$out/tree" "$out/bin"
private_apt_init "$out/apt" amd64 "${target_arches[@]}"
(cd "$out/debs" && private_apt_get "$out/apt" download -q "${host_packages[@]}" "${target_packages[@]}" >/dev/null)

# The target rlibs only work with the very compiler that built them.
rustc_version=$(dpkg-deb -f "$out"/debs/rustc_*.deb Version)
for deb in "$out"/debs/libstd-rust-*.deb; do
    version=$(dpkg-deb -f "$deb" Version)
    if [ "$version" != "$rustc_version" ]; then
        echo "FATAL: $(basename "$deb") is $version, rustc is $rustc_version" >&2
        exit 1
    fi
done
for deb in "$out"/debs/*.deb; do
    dpkg-deb -x "$deb" "$out/tree"
done

# Debian's rustc finds librustc_driver in /usr/lib/<multiarch>, which is not where we unpacked it.
for tool in rustc cargo; do
    cat >"$out/bin/$tool" <<EOF
#!/bin/sh
LD_LIBRARY_PATH="$out/tree/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$out/tree/usr/bin/$tool" "\$@"
EOF
    chmod +x "$out/bin/$tool"
done
"$out/bin/rustc" -vV >/dev/null
"$out/bin/cargo" -V >/dev/null
rm -rf "$out/apt/lists" "$out/apt"/*.bin
echo "$stamp_key" >"$out/stamp"
