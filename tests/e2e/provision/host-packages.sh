#!/usr/bin/env bash
# Installs the host (amd64) Debian packages the end-to-end tests need. Nothing foreign-architecture
# is installed here; target packages come from private-apt.sh.
set -euo pipefail

packages=(
    qemu-user-static                                  # runs the target interpreters
    gcc-arm-linux-gnueabihf libc6-dev-armhf-cross     # cross linker for armhf
    gcc-mips64el-linux-gnuabi64 libc6-dev-mips64el-cross  # cross linker for mips64el
    libllvm14 libgit2-1.5 libcurl3-gnutls libssh2-1   # shared libraries of Debian's rustc/cargo 1.63
    python3.11                                        # Debian's amd64 CPython: the glibc target of part C
)
python3 -c 'import venv, ensurepip' 2>/dev/null || packages+=(python3-venv)

missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing host packages: ${missing[*]}"
# The host may list other (unreachable) sources; what matters is that the packages install.
apt-get update -q >/dev/null || echo "warning: apt-get update reported errors" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
