"""The target architectures of the end-to-end tests and the wrong names they are given.

Every fact about what the target CPython imports is read from the target interpreter itself at
run time; this table only says how to reach each architecture and which wrong names to use.
"""

from dataclasses import dataclass
from typing import Dict, Optional


@dataclass(frozen=True)
class Target:
    debian_arch: str
    qemu: str  # qemu-<qemu>-static
    # Part A: the platform part of a realistic wrong suffix, and where such a name comes from.
    planted_platform: str
    planted_origin: str
    # Part B only: the Rust target of Debian's libstd-rust-dev, the cross linker, the pointer
    # width (Yocto's SITEINFO_BITS), what std::env::consts::ARCH says in code built for it, and
    # the platform part maturin puts in the name, per maturin version, when oe-core's
    # pyo3.config has no ext_suffix (None: the right one). These wrong names are the bug this
    # project exists for.
    rust_triple: Optional[str] = None
    linker: Optional[str] = None
    bits: Optional[int] = None
    rust_arch: Optional[str] = None
    maturin_platform: Optional[Dict[str, Optional[str]]] = None


# The build machine's own suffix: what a cross build gets when the host's sysconfig leaks in.
HOST_PLATFORM = "x86_64-linux-gnu"
HOST_ORIGIN = "build host's sysconfig"

TARGETS = [
    Target("armhf", "arm", "armv7l-linux-gnueabihf", "maturin <= 1.7.1",
           rust_triple="armv7-unknown-linux-gnueabihf", linker="arm-linux-gnueabihf-gcc",
           bits=32, rust_arch="arm",
           maturin_platform={"1.7.1": "armv7l-linux-gnueabihf", "1.16.0": None}),
    # Debian's armel Rust target is armv5te-unknown-linux-gnueabi, which maturin <= 1.7.1
    # treats as armv7l.
    Target("armel", "arm", "armv7l-linux-gnueabi", "maturin <= 1.7.1"),
    Target("arm64", "aarch64", HOST_PLATFORM, HOST_ORIGIN),
    Target("i386", "i386", HOST_PLATFORM, HOST_ORIGIN),
    Target("mips64el", "mips64el", "mips64-linux-gnuabi64", "maturin 1.16.0",
           rust_triple="mips64el-unknown-linux-gnuabi64", linker="mips64el-linux-gnuabi64-gcc",
           bits=64, rust_arch="mips64",
           maturin_platform={"1.7.1": "mips64-linux-gnuabi64", "1.16.0": "mips64-linux-gnuabi64"}),
    Target("ppc64el", "ppc64le", HOST_PLATFORM, HOST_ORIGIN),
    Target("s390x", "s390x", HOST_PLATFORM, HOST_ORIGIN),
]

MATURIN_VERSIONS = ["1.7.1", "1.16.0"]


def by_arch(arch: str) -> Target:
    for target in TARGETS:
        if target.debian_arch == arch:
            return target
    raise KeyError(arch)
