//! What the target's binaries must be, by name: the ELF identity (class, byte order,
//! machine) a platform triplet implies, the C library a triple or a needed library names,
//! and how messages spell them. Tables only, no I/O; they let no module built for another
//! machine or C library be given this target's name.
//!
//! Reading a file's ELF header and dynamic section, and judging the file against these, is
//! [`crate::tree::elf`]'s job: the tree depends on the target, never the other way round,
//! and the e_machine numbers stay beside their names in one table here.

/// ELF header fields an extension module for the target must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfIdentity {
    /// 32 or 64.
    pub bits: u8,
    /// MSB (big-endian) rather than LSB.
    pub big_endian: bool,
    /// `e_machine`; some targets accept more than one (SPARC 32-bit: EM_SPARC or EM_SPARC32PLUS).
    pub machines: &'static [u16],
}

const EM_SPARC: u16 = 2;
const EM_386: u16 = 3;
const EM_68K: u16 = 4;
const EM_MIPS: u16 = 8;
const EM_PARISC: u16 = 15;
const EM_SPARC32PLUS: u16 = 18;
const EM_PPC: u16 = 20;
const EM_PPC64: u16 = 21;
const EM_S390: u16 = 22;
const EM_ARM: u16 = 40;
const EM_SH: u16 = 42;
const EM_SPARCV9: u16 = 43;
const EM_IA_64: u16 = 50;
const EM_X86_64: u16 = 62;
const EM_OPENRISC: u16 = 92;
const EM_AARCH64: u16 = 183;
const EM_RISCV: u16 = 243;
const EM_LOONGARCH: u16 = 258;
const EM_ALPHA: u16 = 0x9026;

impl ElfIdentity {
    const fn new(bits: u8, big_endian: bool, machines: &'static [u16]) -> Self {
        ElfIdentity {
            bits,
            big_endian,
            machines,
        }
    }

    /// The identity for a CPython platform triplet such as `mips64el-linux-gnuabin32`.
    pub fn for_triplet(triplet: &str) -> Option<ElfIdentity> {
        let (cpu, rest) = triplet.split_once('-')?;
        let abi = rest.rsplit('-').next().unwrap_or("");
        let ilp32 = abi.contains("x32") || abi.contains("n32") || cpu.ends_with("_ilp32");
        let le = false;
        let be = true;
        let id = match cpu {
            "x86_64" => Self::new(if ilp32 { 32 } else { 64 }, le, &[EM_X86_64]),
            "i386" | "i486" | "i586" | "i686" => Self::new(32, le, &[EM_386]),
            "aarch64" => Self::new(64, le, &[EM_AARCH64]),
            "aarch64_be" => Self::new(64, be, &[EM_AARCH64]),
            "aarch64_ilp32" => Self::new(32, le, &[EM_AARCH64]),
            "aarch64_be_ilp32" => Self::new(32, be, &[EM_AARCH64]),
            "arm" => Self::new(32, le, &[EM_ARM]),
            "armeb" => Self::new(32, be, &[EM_ARM]),
            "mips" | "mipsisa32r6" => Self::new(32, be, &[EM_MIPS]),
            "mipsel" | "mipsisa32r6el" => Self::new(32, le, &[EM_MIPS]),
            "mips64" | "mipsisa64r6" => Self::new(if ilp32 { 32 } else { 64 }, be, &[EM_MIPS]),
            "mips64el" | "mipsisa64r6el" => Self::new(if ilp32 { 32 } else { 64 }, le, &[EM_MIPS]),
            "powerpc" => Self::new(32, be, &[EM_PPC]),
            "powerpc64" => Self::new(64, be, &[EM_PPC64]),
            "powerpc64le" => Self::new(64, le, &[EM_PPC64]),
            "s390" => Self::new(32, be, &[EM_S390]),
            "s390x" => Self::new(64, be, &[EM_S390]),
            "riscv32" => Self::new(32, le, &[EM_RISCV]),
            "riscv64" => Self::new(64, le, &[EM_RISCV]),
            "loongarch64" => Self::new(64, le, &[EM_LOONGARCH]),
            "sparc" => Self::new(32, be, &[EM_SPARC, EM_SPARC32PLUS]),
            "sparc64" => Self::new(64, be, &[EM_SPARCV9]),
            "sh4" => Self::new(32, le, &[EM_SH]),
            "m68k" => Self::new(32, be, &[EM_68K]),
            "alpha" => Self::new(64, le, &[EM_ALPHA]),
            "hppa" => Self::new(32, be, &[EM_PARISC]),
            "ia64" => Self::new(64, le, &[EM_IA_64]),
            "or1k" => Self::new(32, be, &[EM_OPENRISC]),
            _ => return None,
        };
        Some(id)
    }

    /// How messages spell it (with its first machine, where several fit).
    pub fn describe(&self) -> String {
        describe(self.bits, self.big_endian, self.machines[0])
    }
}

/// How messages spell an ELF class, byte order and machine, `ELF64 LSB, machine x86-64`:
/// one spelling for a file's header and the target's expectation alike.
pub fn describe(bits: u8, big_endian: bool, machine: u16) -> String {
    format!(
        "ELF{bits} {}, machine {}",
        if big_endian { "MSB" } else { "LSB" },
        machine_name(machine)
    )
}

/// The C library a target's python was built for, or an extension module links against:
/// a module for another C library is another ABI, whatever its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Libc {
    /// GNU C library (triples `*-gnu*`).
    Glibc,
    /// musl (`*-musl*`).
    Musl,
    /// uClibc and uClibc-ng (`*-uclibc*`).
    Uclibc,
    /// Android's C library (`*-android*`).
    Bionic,
}

impl Libc {
    /// The name reports and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
            Libc::Uclibc => "uClibc",
            Libc::Bionic => "bionic",
        }
    }

    /// From the last part of a triple or platform triplet: `linux-gnueabihf`, `linux-musl`,
    /// `x86_64-poky-linux-musl` (a `HOST_GNU_TYPE`).
    pub fn of_triple(triple: &str) -> Option<Libc> {
        Libc::split_env(triple.rsplit('-').next()?).map(|(libc, _)| libc)
    }

    /// The C library a triple's environment part starts with, and the rest of it:
    /// `gnueabihf` → (glibc, `eabihf`), `muslabi64` → (musl, `abi64`), `android` → bionic.
    pub fn split_env(env: &str) -> Option<(Libc, &str)> {
        [
            ("gnu", Libc::Glibc),
            ("musl", Libc::Musl),
            ("uclibc", Libc::Uclibc),
            ("android", Libc::Bionic),
        ]
        .into_iter()
        .find_map(|(prefix, libc)| env.strip_prefix(prefix).map(|rest| (libc, rest)))
    }

    /// The C libraries a module may be for, from a library it needs (`DT_NEEDED`) or its
    /// program interpreter (`PT_INTERP`); empty if the name says nothing.
    pub fn of_dependency(name: &str) -> &'static [Libc] {
        let base = name.rsplit('/').next().unwrap_or(name);
        // musl's own soname is plain libc.so, as is bionic's (Alpine: libc.musl-<arch>.so.1);
        // glibc's is libc.so.6 (libc.so.6.1 on Alpha and IA-64); uClibc's libc.so.0.
        if base == "libc.so" {
            &[Libc::Musl, Libc::Bionic]
        } else if base.starts_with("libc.musl-") || base.starts_with("ld-musl-") {
            &[Libc::Musl]
        } else if base.starts_with("libc.so.6") || base.starts_with("ld-linux") {
            &[Libc::Glibc]
        } else if base == "libc.so.0" || base.starts_with("ld-uClibc") {
            &[Libc::Uclibc]
        } else {
            &[]
        }
    }
}

/// A readable name for `e_machine`, or `#<number>` for one not in the table.
fn machine_name(machine: u16) -> String {
    let name = match machine {
        EM_SPARC => "SPARC",
        EM_386 => "i386",
        EM_68K => "m68k",
        EM_MIPS => "MIPS",
        EM_PARISC => "PA-RISC",
        EM_SPARC32PLUS => "SPARC32PLUS",
        EM_PPC => "PowerPC",
        EM_PPC64 => "PowerPC64",
        EM_S390 => "S/390",
        EM_ARM => "ARM",
        EM_SH => "SuperH",
        EM_SPARCV9 => "SPARC V9",
        EM_IA_64 => "IA-64",
        EM_X86_64 => "x86-64",
        EM_OPENRISC => "OpenRISC",
        EM_AARCH64 => "AArch64",
        EM_RISCV => "RISC-V",
        EM_LOONGARCH => "LoongArch",
        EM_ALPHA => "Alpha",
        _ => return format!("#{machine}"),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ilp32_abis_are_32_bit() {
        assert_eq!(
            ElfIdentity::for_triplet("x86_64-linux-gnux32")
                .unwrap()
                .bits,
            32
        );
        assert_eq!(
            ElfIdentity::for_triplet("x86_64-linux-muslx32")
                .unwrap()
                .bits,
            32
        );
        assert_eq!(
            ElfIdentity::for_triplet("mips64el-linux-gnuabin32")
                .unwrap()
                .bits,
            32
        );
        assert_eq!(
            ElfIdentity::for_triplet("mips64el-linux-gnuabi64")
                .unwrap()
                .bits,
            64
        );
        assert_eq!(
            ElfIdentity::for_triplet("aarch64_be_ilp32-linux-gnu")
                .unwrap()
                .bits,
            32
        );
    }

    #[test]
    fn byte_order_follows_the_cpu_name() {
        assert!(
            !ElfIdentity::for_triplet("arm-linux-gnueabihf")
                .unwrap()
                .big_endian
        );
        assert!(
            ElfIdentity::for_triplet("armeb-linux-gnueabihf")
                .unwrap()
                .big_endian
        );
        assert!(
            ElfIdentity::for_triplet("mips-linux-gnu")
                .unwrap()
                .big_endian
        );
        assert!(
            !ElfIdentity::for_triplet("mipsel-linux-gnu")
                .unwrap()
                .big_endian
        );
        assert!(
            !ElfIdentity::for_triplet("powerpc64le-linux-gnu")
                .unwrap()
                .big_endian
        );
    }

    #[test]
    fn c_libraries_from_triples_and_dependencies() {
        assert_eq!(Libc::of_triple("arm-linux-gnueabihf"), Some(Libc::Glibc));
        assert_eq!(Libc::of_triple("x86_64-poky-linux-musl"), Some(Libc::Musl));
        assert_eq!(Libc::of_triple("mipsel-linux-musleabi"), Some(Libc::Musl));
        assert_eq!(Libc::of_triple("arm-linux-uclibceabi"), Some(Libc::Uclibc));
        assert_eq!(Libc::of_triple("x86_64-linux-android"), Some(Libc::Bionic));
        assert_eq!(Libc::of_triple("x86_64-linux"), None);
        let none: &[Libc] = &[];
        for (name, libc) in [
            ("libc.so.6", &[Libc::Glibc][..]),
            ("libc.so.6.1", &[Libc::Glibc]),
            ("/lib64/ld-linux-x86-64.so.2", &[Libc::Glibc]),
            ("libc.so", &[Libc::Musl, Libc::Bionic]),
            ("libc.musl-x86_64.so.1", &[Libc::Musl]),
            ("/lib/ld-musl-armhf.so.1", &[Libc::Musl]),
            ("libc.so.0", &[Libc::Uclibc]),
            ("libgcc_s.so.1", none),
            ("libcrypt.so.1", none),
        ] {
            assert_eq!(Libc::of_dependency(name), libc, "{name}");
        }
    }

    #[test]
    fn unknown_cpus_have_no_identity() {
        assert_eq!(ElfIdentity::for_triplet("csky-linux-gnu"), None);
        assert_eq!(ElfIdentity::for_triplet("nonsense"), None);
    }
}
