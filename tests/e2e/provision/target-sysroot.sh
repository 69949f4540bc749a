#!/usr/bin/env bash
# target-sysroot.sh CACHE_DIR DEBIAN_ARCH
# Builds a minimal Debian sysroot for one architecture: the target CPython 3.11 and its library
# closure, unpacked (not installed) from Debian's own .debs, plus python3-markupsafe's .deb kept
# aside (the tests unpack it afresh on every run, because they rename its extension module).
# Result: CACHE_DIR/debian/ARCH/{sysroot/,python3-markupsafe.deb}. Cached: a warm run needs no network.
set -euo pipefail
cache=$1 arch=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../../scripts/private-apt.sh
. "$here/../../../scripts/private-apt.sh"

interpreter_packages=(python3.11-minimal libpython3.11-minimal libpython3.11-stdlib)
extension_package=python3-markupsafe

out=$cache/debian/$arch
stamp_key="$DEBIAN_MIRROR $DEBIAN_SUITE ${interpreter_packages[*]} $extension_package v1"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp_key" ]; then
    exit 0
fi

echo "[$arch] downloading the target interpreter from Debian $DEBIAN_SUITE"
rm -rf "$out"
mkdir -p "$out"
apt_dir=$out/apt
private_apt_init "$apt_dir" "$arch"
private_apt_get "$apt_dir" install -q -y --download-only "${interpreter_packages[@]}" >"$apt_dir/log/install.log" 2>&1 || {
    cat "$apt_dir/log/install.log" >&2
    echo "FATAL: [$arch] could not download ${interpreter_packages[*]}" >&2
    exit 1
}
(cd "$out" && private_apt_get "$apt_dir" download -q "$extension_package" >/dev/null)
mv "$out/${extension_package}"_*.deb "$out/$extension_package.deb"

debs=("$apt_dir"/archives/*.deb)
echo "[$arch] unpacking ${#debs[@]} packages"
sysroot=$out/sysroot
mkdir -p "$sysroot"
for deb in "${debs[@]}"; do
    dpkg-deb -x "$deb" "$sysroot"
done

# qemu -L resolves paths inside the sysroot only for relative symlinks: an absolute one (the
# dynamic loader on mips64el and ppc64el) would point into the host.
find "$sysroot" -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$sysroot$target")" "$link"
done

rm -rf "$apt_dir/lists" "$apt_dir"/*.bin # large and only needed to resolve; keep the .debs
echo "$stamp_key" >"$out/stamp"
