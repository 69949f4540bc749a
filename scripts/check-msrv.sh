#!/usr/bin/env bash
# Proves Cargo.toml's rust-version (1.75, Yocto scarthgap) two ways, and proves that the
# proof can fail. See docs/msrv.md for what each layer catches and what stays unproven.
#
#   1. compile: the oldest real Rust >= 1.75 reachable from here (Debian bullseye's
#      rustc-web/cargo-web 1.78, unpacked into a cache, never installed) builds the lib and
#      bin and compiles every test, with and without the fault-injection feature, from
#      crates.io with the existing Cargo.lock (--locked).
#   2. since: scripts/msrv_since_check.py reads the HIR/MIR the installed rustc resolved
#      and fails on any std/core/alloc item whose rustdoc "Stable since" is newer than
#      rust-version (this covers 1.76-1.78, which the 1.78 compiler cannot see).
#   3. self-test: in throw-away copies of the tree, the io::ErrorKind::NotADirectory bug
#      (Rust 1.83) is put back, and so are two 1.76 items; both checks must fail on the
#      first, the since-check on the second while 1.78 builds it, and an unmodified copy
#      must pass both.
#
# Downloads are cached under ${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-msrv (override with
# MATURIN_FIX_MSRV_CACHE). Needs the host's python3, cc/ld, apt-get, the Debian archive
# keyring, dpkg-deb, and rustc/cargo with the rust-docs component for the since-check.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
cache=${MATURIN_FIX_MSRV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/maturin-fix-msrv}
mkdir -p "$cache"
msrv=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml)
old_suite=bullseye
old_version=1.78.

fail() {
    echo "check-msrv: FAILED: $*" >&2
    exit 1
}
step() { printf -- '-- check-msrv: %s\n' "$*"; }
[ -n "$msrv" ] || fail "no rust-version in Cargo.toml"

for tool in python3 cc ld apt-get dpkg-deb cargo rustc git; do
    command -v "$tool" >/dev/null || fail "'$tool' is needed and not on PATH"
done
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] ||
    fail "/usr/share/keyrings/debian-archive-keyring.gpg is needed (package debian-archive-keyring)"

# ---- 1. the real old compiler -----------------------------------------------------------
# The host's C runtime: the unpacked binaries run on the host's dynamic loader, so these
# always come from the host, never from the old suite.
host_runtime=(libc6 libgcc-s1 libstdc++6 zlib1g)

# A package the host has installed is taken from the host: its libraries are a newer,
# compatible build of the same soname, which the host's own cc and ld need (an older copy on
# LD_LIBRARY_PATH breaks them). On a bare host the old suite's copy is unpacked instead.
host_has() {
    case " ${host_runtime[*]} " in *" $1 "*) return 0 ;; esac
    dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

# unpack_old_rust DIR: rustc-web and cargo-web of $old_suite with their library closure,
# downloaded by apt in a private configuration (signature and SHA256 sums checked by apt,
# the host's dpkg state only read) and unpacked into DIR/root; nothing is installed.
unpack_old_rust() {
    local dir=$1 deb name key
    key="$old_suite rustc-web cargo-web, host packages from the host, v2"
    [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$key" ] && return 0
    rm -rf "$dir"
    mkdir -p "$dir/root"
    (
        DEBIAN_SUITE=$old_suite
        # shellcheck source=private-apt.sh
        . "$repo/scripts/private-apt.sh"
        private_apt_init "$dir/apt" amd64 &&
            private_apt_get "$dir/apt" install -q -y --download-only rustc-web cargo-web \
                >"$dir/apt/log/install.log" 2>&1
    ) || {
        cat "$dir/apt/log/install.log" >&2 2>/dev/null
        return 1
    }
    for deb in "$dir"/apt/archives/*.deb; do
        name=$(dpkg-deb -f "$deb" Package)
        host_has "$name" || dpkg-deb -x "$deb" "$dir/root"
    done
    rm -rf "$dir/apt/lists" "$dir/apt"/*.bin
    echo "$key" >"$dir/stamp"
}

old=$cache/$old_suite-rust
step "Rust ${old_version}x from Debian $old_suite (rustc-web, cargo-web) into $old"
unpack_old_rust "$old" || fail "could not fetch Debian $old_suite's Rust toolchain"
root=$old/root
libs=$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu
missing=$(LD_LIBRARY_PATH=$libs ldd "$root/usr/bin/rustc" "$root/usr/bin/cargo" \
    "$root"/usr/lib/x86_64-linux-gnu/librustc_driver-*.so | grep 'not found' || true)
[ -z "$missing" ] || fail "the $old_suite toolchain misses libraries:
$missing"

# Runs the unpacked cargo/rustc 1.78, in its own CARGO_HOME and target directory; the
# host's cc and ld come first on PATH (the old suite's C toolchain is unpacked too).
old_cargo() {
    env -u RUSTC_WRAPPER -u RUSTC_BOOTSTRAP -u RUSTUP_TOOLCHAIN \
        PATH="$PATH:$root/usr/bin" LD_LIBRARY_PATH="$libs" \
        RUSTC="$root/usr/bin/rustc" RUSTDOC="$root/usr/bin/rustdoc" \
        CARGO_HOME="$cache/cargo-home-1.78" CARGO_TARGET_DIR="$cache/target-1.78" \
        CARGO_TERM_COLOR=never "$root/usr/bin/cargo" "$@"
}
old_rustc=$(LD_LIBRARY_PATH=$libs "$root/usr/bin/rustc" -V) || fail "the unpacked rustc does not run"
case $old_rustc in
"rustc $old_version"*) ;;
*) fail "expected rustc ${old_version}x, the unpacked one says: $old_rustc" ;;
esac
step "compile with $old_rustc ($(old_cargo -V))"
old_cargo build --locked --lib --bins || fail "$old_rustc cannot build the lib and bin"
old_cargo test --no-run --locked || fail "$old_rustc cannot compile the tests"
old_cargo test --no-run --locked --features fault-injection ||
    fail "$old_rustc cannot compile the tests with --features fault-injection"

# ---- 2. the since-check ------------------------------------------------------------------
# Own target dir: RUSTC_BOOTSTRAP builds must not disturb other cargo runs in ./target.
since_check() {
    env CARGO_TARGET_DIR="$cache/target-since" RUSTC_BOOTSTRAP=1 CARGO_TERM_COLOR=never \
        python3 "$repo/scripts/msrv_since_check.py" "$@"
}
step "since-check with $(rustc -V): every std/core/alloc item used against rust-version $msrv"
since_check --dir "$repo" --features-set "" --features-set fault-injection \
    --cache "$cache/since-passed" || fail "the since-check found items newer than $msrv (above)"

# ---- 3. self-test: both checks can fail --------------------------------------------------
selftest=$(mktemp -d "${TMPDIR:-/tmp}/maturin-fix-msrv.XXXXXX")
trap 'rm -rf "$selftest"' EXIT

# copy NAME FROM TO: the tracked files of the tree, with FROM replaced by TO (exactly once)
# in src/interpreter/sysroot.rs; the work tree itself is never touched.
copy() {
    python3 - "$repo" "$selftest/$1" "$2" "$3" <<'EOF'
import pathlib, shutil, subprocess, sys
repo, dest, old, new = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
files = subprocess.run(["git", "ls-files", "-z"], cwd=repo, check=True, capture_output=True).stdout
for name in filter(None, files.decode().split("\0")):
    src = repo / name
    if src.is_file():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / name)
target = dest / "src/interpreter/sysroot.rs"
text = target.read_text()
if old and text.count(old) != 1:
    sys.exit(f"self-test: expected exactly one '{old}' in src/interpreter/sysroot.rs; "
             "sorted_names changed, update scripts/check-msrv.sh")
target.write_text(text.replace(old, new))
EOF
}
# expect_fail NAME PATTERN LOG COMMAND...: COMMAND must fail, and say PATTERN.
expect_fail() {
    local name=$1 pattern=$2 log=$3
    shift 3
    if "$@" >"$log" 2>&1; then
        cat "$log"
        fail "self-test $name: passed, but must fail"
    fi
    grep -Eq "$pattern" "$log" || {
        cat "$log"
        fail "self-test $name: failed, but not with /$pattern/"
    }
    echo "self-test $name: fails as it must: $(grep -Em1 "$pattern" "$log" | sed 's/^ *//')"
}
old_build_in() { (cd "$selftest/$1" && old_cargo build --locked --lib); }

fixed='Err(_) if !dir.is_dir() => return Ok(Vec::new()),'
bug='Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Vec::new())
        }'
gap='names.sort();
    // 1.76 items, which Rust 1.78 accepts:
    let names = Some(names).inspect(|_| ()).unwrap_or_default();
    let _ = std::hash::DefaultHasher::new();'

step "self-test: the NotADirectory bug put back"
copy bug "$fixed" "$bug"
expect_fail "bug/$old_rustc" 'error\[E0658\]: use of unstable library feature .io_error_more.' "$selftest/bug-old.log" old_build_in bug
expect_fail "bug/since-check" 'sysroot\.rs:[0-9]+: std::io::[a-z:]*ErrorKind::NotADirectory: stable since Rust 1\.83' \
    "$selftest/bug-since.log" since_check --dir "$selftest/bug" --lib-only

step "self-test: Option::inspect and std::hash::DefaultHasher (Rust 1.76) added"
copy gap 'names.sort();' "$gap"
old_build_in gap >"$selftest/gap-old.log" 2>&1 || {
    cat "$selftest/gap-old.log"
    fail "self-test gap: $old_rustc must accept the 1.76 items (it is newer than them)"
}
echo "self-test gap/$old_rustc: builds, as 1.78 must (the gap it cannot see)"
expect_fail "gap/since-check" 'sysroot\.rs:[0-9]+: std::option::Option::inspect: stable since Rust 1\.76' \
    "$selftest/gap-since.log" since_check --dir "$selftest/gap" --lib-only
grep -Eq 'sysroot\.rs:[0-9]+: std::hash::DefaultHasher: stable since Rust 1\.76' "$selftest/gap-since.log" || {
    cat "$selftest/gap-since.log"
    fail "self-test gap/since-check: std::hash::DefaultHasher (1.76) not reported"
}
echo "self-test gap/since-check: also reports std::hash::DefaultHasher (1.76)"

step "self-test: an unmodified copy passes both"
copy same '' ''
old_build_in same >"$selftest/same-old.log" 2>&1 || {
    cat "$selftest/same-old.log"
    fail "self-test: the unmodified copy does not build with $old_rustc"
}
since_check --dir "$selftest/same" --lib-only >"$selftest/same-since.log" 2>&1 || {
    cat "$selftest/same-since.log"
    fail "self-test: the since-check fails on the unmodified copy"
}
echo "self-test same: $old_rustc builds it; $(tail -1 "$selftest/same-since.log")"
step "ok: $old_rustc compiles everything, no std item newer than $msrv, and both checks can fail"
