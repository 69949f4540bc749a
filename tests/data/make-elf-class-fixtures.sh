#!/usr/bin/env bash
# Builds the real x32 and x86-64 shared objects in tests/data/elf/class-*.so (committed;
# rebuild only to change them) for tests/elf_class.rs: the same machine (EM_X86_64), two ELF
# classes. No C library, linked small. Needs gcc with -mx32 (Debian's gcc has it; no x32
# libgcc is needed with -nostdlib).
set -euo pipefail
cd "$(dirname "$0")/elf"
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
printf 'int PyInit_m(void) { return 0; }\n' >"$src"
small=(-shared -fPIC -Os -s -nostdlib -Wl,--build-id=none -Wl,-z,noseparate-code
       -Wl,-z,max-page-size=0x10 -Wl,-z,norelro -Wl,--hash-style=gnu)
gcc -mx32 "${small[@]}" -o class-x32.so "$src"
gcc -m64 "${small[@]}" -o class-x86_64.so "$src"
strip -R .comment class-x32.so class-x86_64.so
file class-x32.so class-x86_64.so
