#!/usr/bin/env bash
# Builds the real shared objects in tests/data/elf/ (committed; rebuild only to change them):
# one tiny module per C library, linked as the real toolchains link an extension module, so
# that their DT_NEEDED entries are the real ones (glibc: libc.so.6; musl: libc.so).
# 32-bit ones, little- and big-endian, from Debian's cross compilers, so that the ELF32
# reading of the dynamic section is tested on real files too.
# Needs gcc, musl-gcc, arm-linux-gnueabihf-gcc and mips-linux-gnu-gcc (Debian: gcc,
# musl-tools, gcc-arm-linux-gnueabihf, gcc-mips-linux-gnu).
set -euo pipefail
cd "$(dirname "$0")/elf"
src=$(mktemp --suffix=.c)
trap 'rm -f "$src"' EXIT
printf '#include <string.h>\nint PyInit_m(const char *s) { return (int)strlen(s); }\n' >"$src"
gcc -shared -fPIC -Os -s -o glibc-x86_64.so "$src"
musl-gcc -shared -fPIC -Os -s -o musl-x86_64.so "$src"
arm-linux-gnueabihf-gcc -shared -fPIC -Os -s -o glibc-armhf.so "$src"
mips-linux-gnu-gcc -shared -fPIC -Os -s -o glibc-mips.so "$src"
# No C library at all: the module says nothing, so nothing is compared.
gcc -shared -fPIC -Os -s -nostdlib -o nolibc-x86_64.so "$src" -Wl,--unresolved-symbols=ignore-all
# Only a program interpreter names the C library (musl's loader, no DT_NEEDED): a position-
# independent executable is ET_DYN too, so PT_INTERP is read as evidence as well.
printf 'int PyInit_m(void) { return 0; }\n' >"$src"
gcc -pie -fPIE -Os -s -nostdlib -Wl,--dynamic-linker=/lib/ld-musl-x86_64.so.1 -Wl,-e,PyInit_m \
    -o interp-musl-x86_64.so "$src"
ls -l ./*.so
