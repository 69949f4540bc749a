#!/usr/bin/env bash
# provision-wheels.sh CACHE
# What the task tests (test_tasks.py) install with the real python_pep517_do_install, made once
# into CACHE (the oe part's cache) by tests/oe/run.sh, before the cache is handed to the user:
#
# 1. CACHE/wheels/armhf-3.13/e2e_ext-*.whl: a wheel built by REAL maturin 1.7.1 (the last one
#    that names armhf modules from the Rust triple) from tests/e2e/pyo3-ext (pyo3 0.22), cross
#    compiled for armv7-unknown-linux-gnueabihf with Debian's Rust 1.63 and
#    arm-linux-gnueabihf-gcc, driven as python_maturin drives it (tests/e2e/oe_maturin_build.py)
#    with oe-core's pyo3.config for python 3.13 and no ext_suffix: its module is
#    e2e_ext.cpython-313-armv7l-linux-gnueabihf.so, the bug. The toolchain, the vendored crates
#    and maturin's venv are the end-to-end tests' (tests/e2e/provision/), in their cache
#    (MATURIN_FIX_E2E_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-e2e), so a
#    machine that runs both downloads them once.
# 2. CACHE/python3-installer-native/<release>/installer: pypa/installer of the version each
#    release's python3-installer recipe builds (scarthgap 0.7.0, master 1.0.1), from PyPI
#    (pinned by sha256), with that release's own interpreter.patch applied as its recipe does:
#    upstream installer has no --interpreter option, which python_pep517_do_install passes.
#
# Idempotent: each part is redone only when its inputs changed (stamps).
set -euo pipefail
cache=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
e2e_dir=$repo/tests/e2e
e2e_cache=${MATURIN_FIX_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-e2e}
say() { printf '== %s\n' "$*" >&2; }

# --- 1. the maturin 1.7.1 wheel ---------------------------------------------------------------
crate=$e2e_dir/pyo3-ext
requirements=$e2e_dir/requirements-maturin-1.7.1.txt
sysroot=$repo/tests/data/sysroots/debian-sid-armhf   # real armhf CPython 3.13 sysconfigdata
out=$cache/wheels/armhf-3.13
stamp_inputs() {
    (cd "$repo" && sha256sum tests/oe/provision-wheels.sh tests/e2e/oe_maturin_build.py \
        "${requirements#"$repo"/}" && find tests/e2e/pyo3-ext -path '*/target' -prune -o -type f -print0 |
        sort -z | xargs -0 sha256sum)
    cat "$e2e_cache/rust-debian/stamp" 2>/dev/null || true
}
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$(stamp_inputs)" ] && compgen -G "$out/*.whl" >/dev/null; then
    say "maturin 1.7.1 armhf wheel: up to date ($out)"
else
    say "maturin 1.7.1 armhf wheel: provisioning the e2e toolchain in $e2e_cache"
    mkdir -p "$e2e_cache"
    bash "$e2e_dir/provision/host-packages.sh"
    # The same arguments as tests/e2e/run.sh: the toolchain's stamp then serves both.
    bash "$e2e_dir/provision/rust-toolchain.sh" "$e2e_cache" armhf mips64el
    bash "$e2e_dir/provision/vendor-crates.sh" "$e2e_cache" "$crate"
    bash "$e2e_dir/provision/python-venv.sh" "$e2e_cache" "$requirements"
    say "maturin 1.7.1 armhf wheel: building (log: $cache/wheels/work/build.log)"
    rm -rf "$out"
    mkdir -p "$out" "$cache/wheels/work"
    /usr/bin/python3 - "$e2e_dir" "$e2e_cache" "$cache/wheels/work" "$crate" "$sysroot" "$out" <<'EOF'
import os, shutil, sys
e2e_dir, e2e_cache, workdir, crate, sysroot, out = sys.argv[1:]
sys.path.insert(0, e2e_dir)
from oe_maturin_build import OeBuild, extension_modules_in_wheel
from targets import by_arch

target = by_arch("armhf")
build = OeBuild(workdir=workdir, source=crate,
                venv=os.path.join(e2e_cache, "venv", "requirements-maturin-1.7.1"),
                cargo_bin=os.path.join(e2e_cache, "rust-debian", "bin"),
                vendored_crates=os.path.join(e2e_cache, "crates"),
                sysroot=sysroot, rust_triple=target.rust_triple, linker=target.linker,
                python_version="3.13", pointer_width=target.bits)
build.configure()  # oe-core's pyo3.config, no ext_suffix
with open(os.path.join(workdir, "build.log"), "w") as log:
    wheel = build.compile(log)
modules = extension_modules_in_wheel(wheel)
want = "e2e_ext/e2e_ext.cpython-313-%s.so" % target.maturin_platform["1.7.1"]
if modules != [want]:
    sys.exit("maturin 1.7.1 named the module %s, expected [%r]" % (modules, want))
shutil.copy(wheel, out)
print(os.path.join(out, os.path.basename(wheel)))
EOF
    stamp_inputs >"$out/stamp"
fi

# --- 2. python3-installer-native of each release -----------------------------------------------
installer_wheels=(
    "scarthgap 0.7.0 05d1933f0a5ba7d8d6296bb6d5018e7c94fa473ceb10cf198a92ccea19c27b53"
    "master 1.0.1 011d045df8b954ced7dde3a7e42ae4418da40ecda7990f2d11d5ed7c146fd98b"
)
for line in "${installer_wheels[@]}"; do
    read -r release version sha256 <<<"$line"
    whl=$cache/wheels/installer/installer-$version-py3-none-any.whl
    patch_file=$cache/src/$release/openembedded-core/meta/recipes-devtools/python/python3-installer/interpreter.patch
    recipe=$cache/src/$release/openembedded-core/meta/recipes-devtools/python/python3-installer_$version.bb
    [ -f "$recipe" ] || { echo "tests/oe: $recipe is missing: oe-core $release no longer builds installer $version; update provision-wheels.sh" >&2; exit 1; }
    dest=$cache/python3-installer-native/$release
    stamp="$sha256 $(sha256sum <"$patch_file" | cut -d' ' -f1)"
    [ "$(cat "$dest/stamp" 2>/dev/null)" = "$stamp" ] && continue
    if [ ! -f "$whl" ] || ! echo "$sha256  $whl" | sha256sum -c --quiet 2>/dev/null; then
        say "pypa/installer $version from PyPI"
        mkdir -p "$(dirname "$whl")"
        rm -f "$whl"
        /usr/bin/python3 -m pip download -q --disable-pip-version-check --only-binary=:all: --no-deps \
            -d "$(dirname "$whl")" "installer==$version" </dev/null
        echo "$sha256  $whl" | sha256sum -c --quiet || { echo "tests/oe: $whl does not have the pinned sha256 $sha256" >&2; exit 1; }
    fi
    say "python3-installer-native ($release): installer $version + oe-core's interpreter.patch"
    rm -rf "$dest"
    mkdir -p "$dest"
    /usr/bin/python3 -m zipfile -e "$whl" "$dest"
    # The patch is against the source tree (src/installer/...); the wheel holds installer/...
    patch -d "$dest" -p2 --no-backup-if-mismatch -s <"$patch_file"
    grep -q -- '"--interpreter"' "$dest/installer/__main__.py"
    echo "$stamp" >"$dest/stamp"
done
