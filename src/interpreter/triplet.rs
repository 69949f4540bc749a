//! Target triple + Python version → EXT_SUFFIX, following CPython's configure.
//!
//! CPython takes its platform triplet from the target C compiler's predefined macros
//! (configure.ac's conftest.c up to 3.12, Misc/platform_triplet.c from 3.13). A triple carries
//! most of what those macros say; what it does not (float ABI, how CPython was configured on
//! musl, vendor patches) is reported as undecided, naming what would decide it.

use std::path::Path;
use std::str::FromStr;

use target_lexicon::{
    Aarch64Architecture, Architecture, Endianness, Mips32Architecture, Mips64Architecture,
};

use super::{ElfIdentity, Libc, Origin, Target};
use crate::error::{Error, Result};
use crate::suffix::{cpython_suffix, PyVersion};

/// The floating-point ABI (`--float-abi`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatAbi {
    /// Floating-point arguments in FPU registers (`gnueabihf`).
    Hard,
    /// No FPU registers in the calling convention (`gnueabi`, MIPS `sf`).
    Soft,
    /// LoongArch single-precision (`-gnuf32`).
    Single,
}

/// Where CPython was configured for a musl target (`--musl-build`); matters for 3.11/3.12,
/// which rename `linux-gnu` to `linux-musl` only when the *build* machine runs musl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuslBuild {
    /// On a glibc machine for a musl target (Yocto, Buildroot): keeps the `-gnu` spelling.
    Cross,
    /// On a musl machine (Alpine).
    Native,
}

/// `--target TRIPLE --python X.Y [--abiflags] [--float-abi] [--musl-build]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TripleQuery {
    /// A Rust, Yocto or GNU triple, e.g. `armv7-poky-linux-gnueabihf`.
    pub triple: String,
    /// The target's Python version, which the rules depend on.
    pub python: PyVersion,
    /// `""`, `d`, `t` or `td`.
    pub abiflags: String,
    /// Where the triple does not say.
    pub float_abi: Option<FloatAbi>,
    /// Where the triple does not say (musl, CPython 3.11/3.12).
    pub musl_build: Option<MuslBuild>,
}

/// The oldest CPython whose configure rules [`derive()`] follows.
pub const OLDEST: PyVersion = PyVersion::new(3, 8);
/// The newest CPython whose configure rules [`derive()`] follows.
pub const NEWEST: PyVersion = PyVersion::new(3, 14);

const V3_11: PyVersion = PyVersion::new(3, 11);
const V3_12: PyVersion = PyVersion::new(3, 12);
const V3_13: PyVersion = PyVersion::new(3, 13);

/// What the environment part of a triple (`gnueabihf`, `muslabi64`, `gnun32` …) says.
#[derive(Clone, Copy, Debug, Default)]
struct EnvHints {
    eabi: bool,
    hf: bool,
    abi64: bool,
    n32: bool,
    spe: bool,
    x32: bool,
    ilp32: bool,
    soft: bool,
    single: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cpu {
    X86_64,
    I386,
    Aarch64 {
        big_endian: bool,
    },
    Arm {
        big_endian: bool,
    },
    Mips {
        bits64: bool,
        el: bool,
        r6: bool,
    },
    Powerpc,
    Powerpc64 {
        le: bool,
    },
    S390,
    S390x,
    Riscv32,
    Riscv64,
    LoongArch64,
    Sparc,
    Sparc64,
    Sh4,
    M68k,
    Alpha,
    Hppa,
    Ia64,
    Or1k,
    /// Linux CPUs CPython has no triplet for (csky, arc, microblaze, nios2, xtensa, big-endian SH …).
    Untripled,
}

#[derive(Clone, Copy)]
struct Parsed {
    cpu: Cpu,
    libc: Libc,
    env: EnvHints,
}

/// Derives the target from a triple, as CPython's configure would for that version.
pub fn derive(query: &TripleQuery) -> Result<Target> {
    let input = Path::new("--target");
    check_version_and_flags(query)?;
    let parsed = parse(&query.triple).map_err(|m| Error::invalid(input, m))?;
    let mut undecided = Vec::new();
    let mut notes = Vec::new();
    let platform = platform_triplet(&parsed, query, &mut undecided, &mut notes)
        .map_err(|m| Error::invalid(input, m))?;

    let ext_suffix = cpython_suffix(query.python, &query.abiflags, platform.as_deref());
    let mut target =
        Target::from_ext_suffix(&ext_suffix, Origin::Triple(query.triple.clone()), input)?;
    if target.elf.is_none() {
        // No triplet (e.g. MIPS soft-float before 3.13): the machine is still known.
        target.elf = spelled(&parsed, Style::Gnu, false).and_then(|t| ElfIdentity::for_triplet(&t));
    }
    // The triple, not the triplet, names the C library (a 3.11 musl cross build says `gnu`).
    target.libc = Some(parsed.libc);
    target.notes = notes;
    target.undecided = undecided;
    Ok(target)
}

/// The Python versions these rules cover, and ABI flags that exist for the version.
fn check_version_and_flags(query: &TripleQuery) -> Result<()> {
    let v = query.python;
    if v < OLDEST || v > NEWEST {
        return Err(Error::invalid(
            Path::new("--target"),
            format!(
                "no rules for Python {v}: --target knows CPython {OLDEST} to {NEWEST} \
                 (give the target's sysconfigdata with --sysroot or --sysconfigdata instead)"
            ),
        ));
    }
    if !matches!(query.abiflags.as_str(), "" | "d" | "t" | "td") {
        return Err(Error::invalid(
            Path::new("--abiflags"),
            format!(
                "{:?} is not a set of ABI flags (expected \"\", d, t or td)",
                query.abiflags
            ),
        ));
    }
    if query.abiflags.contains('t') && v < V3_13 {
        return Err(Error::invalid(
            Path::new("--abiflags"),
            format!("free-threaded builds (t) exist from Python 3.13 on, not {v}"),
        ));
    }
    Ok(())
}

fn parse(triple: &str) -> Result<Parsed, String> {
    let parts: Vec<&str> = triple.split('-').collect();
    let linux = parts
        .iter()
        .skip(1)
        .position(|p| *p == "linux")
        .map(|i| i + 1)
        .ok_or_else(|| format!("{triple:?} is not a Linux triple (CPU-[VENDOR-]linux[-ENV])"))?;
    if parts.len() > linux + 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(format!(
            "{triple:?} is not a triple (CPU-[VENDOR-]linux[-ENV])"
        ));
    }
    let (libc, env) = parse_env(parts.get(linux + 1).copied().unwrap_or(""))
        .map_err(|e| format!("{triple:?}: {e}"))?;
    let cpu = parse_cpu(parts[0]).ok_or_else(|| {
        format!(
            "{triple:?}: unknown CPU {:?} (not a Linux architecture CPython or Rust knows)",
            parts[0]
        )
    })?;
    Ok(Parsed { cpu, libc, env })
}

fn parse_env(env: &str) -> Result<(Libc, EnvHints), String> {
    let (libc, mut rest) = match Libc::split_env(env) {
        Some(split) => split,
        // GNU config: `*-linux` means glibc.
        None if env.is_empty() => (Libc::Glibc, ""),
        None => {
            return Err(format!(
                "unknown environment {env:?} (expected gnu*, musl*, uclibc* or android*)"
            ))
        }
    };
    let mut hints = EnvHints::default();
    while !rest.is_empty() {
        let Some((word, meaning)) = ENV_WORDS.iter().find(|(w, _)| rest.starts_with(w)) else {
            return Err(format!("unknown environment {env:?}"));
        };
        hints.add(*meaning);
        rest = &rest[word.len()..];
    }
    Ok((libc, hints))
}

/// What one word of a triple's environment part (after the C library) says.
#[derive(Clone, Copy)]
enum EnvWord {
    EabiHf,
    Eabi,
    Abi64,
    N32,
    Spe,
    X32,
    Ilp32,
    SoftFloat,
    SingleFloat,
    /// gnullvm, gnuf64 (LoongArch double float), abiv2 (C-SKY): nothing CPython uses.
    Unused,
}

/// Longest words first: `eabihf` before `eabi`, `abin32` before `n32`.
const ENV_WORDS: [(&str, EnvWord); 15] = [
    ("eabihf", EnvWord::EabiHf),
    ("eabi", EnvWord::Eabi),
    ("abiv2hf", EnvWord::Unused),
    ("abiv2", EnvWord::Unused),
    ("abi64", EnvWord::Abi64),
    ("abin32", EnvWord::N32),
    ("n32", EnvWord::N32),
    ("spe", EnvWord::Spe),
    ("x32", EnvWord::X32),
    ("_ilp32", EnvWord::Ilp32),
    ("ilp32", EnvWord::Ilp32),
    ("sf", EnvWord::SoftFloat),
    ("f32", EnvWord::SingleFloat),
    ("f64", EnvWord::Unused),
    ("llvm", EnvWord::Unused),
];

impl EnvHints {
    fn add(&mut self, word: EnvWord) {
        match word {
            EnvWord::EabiHf => {
                self.eabi = true;
                self.hf = true;
            }
            EnvWord::Eabi => self.eabi = true,
            EnvWord::Abi64 => self.abi64 = true,
            EnvWord::N32 => self.n32 = true,
            EnvWord::Spe => self.spe = true,
            EnvWord::X32 => self.x32 = true,
            EnvWord::Ilp32 => self.ilp32 = true,
            EnvWord::SoftFloat => self.soft = true,
            EnvWord::SingleFloat => self.single = true,
            EnvWord::Unused => {}
        }
    }
}

fn parse_cpu(name: &str) -> Option<Cpu> {
    cpython_only_cpu(name).or_else(|| lexicon_cpu(Architecture::from_str(name).ok()?))
}

/// CPUs that CPython knows but target-lexicon does not.
fn cpython_only_cpu(name: &str) -> Option<Cpu> {
    Some(match name {
        "s390" => Cpu::S390,
        "sh4" => Cpu::Sh4,
        "alpha" | "alphaev6" | "alphaev67" => Cpu::Alpha,
        "hppa" | "hppa1.1" | "hppa2.0" => Cpu::Hppa,
        "ia64" => Cpu::Ia64,
        "or1k" => Cpu::Or1k,
        "sh4eb" | "sheb" | "csky" | "arc" | "arceb" | "microblaze" | "microblazeel" | "nios2" => {
            Cpu::Untripled
        }
        _ => return None,
    })
}

fn lexicon_cpu(arch: Architecture) -> Option<Cpu> {
    let big_endian = matches!(arch.endianness(), Ok(Endianness::Big));
    Some(match arch {
        Architecture::X86_64 | Architecture::X86_64h => Cpu::X86_64,
        Architecture::X86_32(_) => Cpu::I386,
        Architecture::Aarch64(a) => Cpu::Aarch64 {
            big_endian: a == Aarch64Architecture::Aarch64be,
        },
        Architecture::Arm(_) => Cpu::Arm { big_endian },
        Architecture::Mips32(m) => mips32(m),
        Architecture::Mips64(m) => mips64(m),
        Architecture::Powerpc => Cpu::Powerpc,
        Architecture::Powerpc64 => Cpu::Powerpc64 { le: false },
        Architecture::Powerpc64le => Cpu::Powerpc64 { le: true },
        Architecture::S390x => Cpu::S390x,
        Architecture::Riscv32(_) => Cpu::Riscv32,
        Architecture::Riscv64(_) => Cpu::Riscv64,
        Architecture::LoongArch64 => Cpu::LoongArch64,
        Architecture::Sparc => Cpu::Sparc,
        Architecture::Sparc64 | Architecture::Sparcv9 => Cpu::Sparc64,
        Architecture::M68k => Cpu::M68k,
        Architecture::XTensa | Architecture::Hexagon => Cpu::Untripled,
        _ => return None,
    })
}

fn mips32(m: Mips32Architecture) -> Cpu {
    use Mips32Architecture::{Mipsel, Mipsisa32r6, Mipsisa32r6el};
    Cpu::Mips {
        bits64: false,
        el: matches!(m, Mipsel | Mipsisa32r6el),
        r6: matches!(m, Mipsisa32r6 | Mipsisa32r6el),
    }
}

fn mips64(m: Mips64Architecture) -> Cpu {
    use Mips64Architecture::{Mips64el, Mipsisa64r6, Mipsisa64r6el};
    Cpu::Mips {
        bits64: true,
        el: matches!(m, Mips64el | Mipsisa64r6el),
        r6: matches!(m, Mipsisa64r6 | Mipsisa64r6el),
    }
}

/// How the libc part is spelled: glibc names (also used for every libc up to 3.10), or the
/// musl names of Misc/platform_triplet.c (3.13+).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Gnu,
    Musl,
}

/// The triplet under the rules of `query.python`, or None where CPython sets none.
fn platform_triplet(
    p: &Parsed,
    query: &TripleQuery,
    undecided: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<Option<String>, String> {
    let v = query.python;
    let soft = float_abi(p, query, undecided)?;
    let p = &with_float_abi_spelled(p, query.float_abi);
    undecided.extend(musl_vendor_undecided(p.libc, query));
    if p.libc == Libc::Bionic && v >= V3_13 {
        return Ok(android_triplet(p.cpu));
    }
    if let Some(why) = no_triplet(p, v, soft) {
        notes.push(why.into());
        return Ok(None);
    }
    let musl_13 = p.libc == Libc::Musl && v >= V3_13;
    let Some(triplet) = spelled(p, if musl_13 { Style::Musl } else { Style::Gnu }, soft) else {
        return Ok(None);
    };
    if p.libc == Libc::Musl
        && (V3_11..V3_13).contains(&v)
        && musl_configured_natively(query, undecided)
    {
        return Ok(Some(triplet.replacen("linux-gnu", "linux-musl", 1)));
    }
    Ok(Some(triplet))
}

/// On LoongArch `--float-abi` stands for the environment word (`sf`, `f32`) it would spell.
fn with_float_abi_spelled(p: &Parsed, given: Option<FloatAbi>) -> Parsed {
    let mut p = *p;
    if p.cpu == Cpu::LoongArch64 {
        match given {
            Some(FloatAbi::Soft) => p.env.soft = true,
            Some(FloatAbi::Single) => p.env.single = true,
            _ => {}
        }
    }
    p
}

/// `--musl-build` says the target's CPython is configured as upstream configures it
/// (natively, or cross from glibc): up to 3.12 that decides it, for every command. From
/// 3.13 the answer also depends on the compiler's header order, which no option states.
fn musl_vendor_undecided(libc: Libc, query: &TripleQuery) -> Option<String> {
    let v = query.python;
    if libc != Libc::Musl || (query.musl_build.is_some() && v < V3_13) {
        return None;
    }
    let decides = if v >= V3_13 {
        "use the target's sysconfigdata (--sysroot/--sysconfigdata) or --ext-suffix to decide"
    } else {
        "use the target's sysconfigdata (--sysroot/--sysconfigdata) or --ext-suffix, or say \
         how upstream CPython was configured with --musl-build cross|native, to decide"
    };
    Some(format!(
        "Yocto's python3 does not follow upstream CPython on musl (no triplet before whinlatter, \
         ${{HOST_ARCH}}-${{HOST_OS}} since); upstream's rule is assumed: {decides}"
    ))
}

/// Android's triplets (CPython 3.13+), which name no float ABI.
fn android_triplet(cpu: Cpu) -> Option<String> {
    match cpu {
        Cpu::X86_64 => Some("x86_64-linux-android".into()),
        Cpu::I386 => Some("i686-linux-android".into()),
        Cpu::Aarch64 { big_endian: false } => Some("aarch64-linux-android".into()),
        Cpu::Arm { .. } => Some("arm-linux-androideabi".into()),
        _ => None,
    }
}

/// Why CPython `v` sets no platform triplet for this target, if it sets none.
fn no_triplet(p: &Parsed, v: PyVersion, soft: bool) -> Option<&'static str> {
    match (p.libc, p.cpu) {
        (Libc::Bionic, _) if v < V3_13 => {
            Some("CPython before 3.13 sets no platform triplet on Android")
        }
        (Libc::Uclibc, _) if v >= V3_13 => Some("CPython 3.13+ sets no platform triplet on uClibc"),
        (_, Cpu::Mips { .. }) if soft && v < V3_13 => {
            Some("CPython before 3.13 sets no platform triplet for soft-float MIPS")
        }
        (_, Cpu::LoongArch64) if v < V3_12 => {
            Some("CPython before 3.12 sets no platform triplet on LoongArch")
        }
        _ => None,
    }
}

/// CPython 3.11 and 3.12 on musl: whether they were configured on a musl machine, which
/// alone makes them spell `linux-musl`.
fn musl_configured_natively(query: &TripleQuery, undecided: &mut Vec<String>) -> bool {
    match query.musl_build {
        Some(MuslBuild::Native) => true,
        Some(MuslBuild::Cross) => false,
        None => {
            undecided.push(format!(
                "CPython {} spells musl triplets `linux-musl` only when configured on a musl \
                 machine; a cross build from glibc (Yocto, Buildroot) is assumed: \
                 --musl-build native|cross decides",
                query.python
            ));
            false
        }
    }
}

/// Rust's built-in MIPS and ARM `*eabi` Linux targets whose float ABI is fixed by their
/// target specification (compiler/rustc_target/src/spec/targets/*.rs): `true` = soft-float.
/// glibc MIPS is hard-float (`+fpxx` / `+mips64r2`, no `+soft-float`); 32-bit musl and
/// uClibc MIPS add `+soft-float`, 64-bit musl MIPS does not; every `*eabi` ARM target is
/// soft-float (`*eabihf` says so itself). Other spellings (Yocto's `mips-poky-linux`,
/// GNU `arm-none-linux-gnueabi`) do not fix it.
const RUST_FLOAT_ABI: [(&str, bool); 25] = [
    ("mips-unknown-linux-gnu", false),
    ("mipsel-unknown-linux-gnu", false),
    ("mips64-unknown-linux-gnuabi64", false),
    ("mips64el-unknown-linux-gnuabi64", false),
    ("mipsisa32r6-unknown-linux-gnu", false),
    ("mipsisa32r6el-unknown-linux-gnu", false),
    ("mipsisa64r6-unknown-linux-gnuabi64", false),
    ("mipsisa64r6el-unknown-linux-gnuabi64", false),
    ("mips64-unknown-linux-muslabi64", false),
    ("mips64el-unknown-linux-muslabi64", false),
    ("mips64-openwrt-linux-musl", false),
    ("mips-unknown-linux-musl", true),
    ("mipsel-unknown-linux-musl", true),
    ("mips-unknown-linux-uclibc", true),
    ("mipsel-unknown-linux-uclibc", true),
    ("arm-unknown-linux-gnueabi", true),
    ("armeb-unknown-linux-gnueabi", true),
    ("armv4t-unknown-linux-gnueabi", true),
    ("armv5te-unknown-linux-gnueabi", true),
    ("armv7-unknown-linux-gnueabi", true),
    ("arm-unknown-linux-musleabi", true),
    ("armv5te-unknown-linux-musleabi", true),
    ("armv7-unknown-linux-musleabi", true),
    ("armv5te-unknown-linux-uclibceabi", true),
    ("armv7-unknown-linux-uclibceabi", true),
];

/// The float ABI a Rust built-in target fixes: Some(true) soft, Some(false) hard.
pub fn rust_float_abi(triple: &str) -> Option<bool> {
    RUST_FLOAT_ABI
        .iter()
        .find(|(t, _)| *t == triple)
        .map(|(_, soft)| *soft)
}

/// Whether the target is soft-float, from the triple and `--float-abi`.
fn float_abi(p: &Parsed, query: &TripleQuery, undecided: &mut Vec<String>) -> Result<bool, String> {
    let given = query.float_abi;
    let env = p.env;
    // Android spells ARM the same either way; uClibc 3.13+ has no triplet at all.
    let irrelevant = p.libc == Libc::Bionic || (p.libc == Libc::Uclibc && query.python >= V3_13);
    let mut undecided_if_relevant = Vec::new();
    let undecided = if irrelevant {
        &mut undecided_if_relevant
    } else {
        undecided
    };
    // A Rust built-in target fixes the float ABI, unless --float-abi says otherwise.
    if let (Some(soft), None) = (rust_float_abi(&query.triple), given) {
        return Ok(soft);
    }
    match p.cpu {
        Cpu::Arm { .. } => arm_soft_float(env, query, undecided),
        Cpu::Mips { .. } => mips_soft_float(env, given, undecided),
        Cpu::Powerpc if p.libc == Libc::Musl && query.python >= V3_13 && !env.spe => {
            if given.is_none() {
                undecided.push(
                    "CPython 3.13+ spells soft-float 32-bit PowerPC on musl `muslsf`; hard-float is \
                     assumed: --float-abi hard|soft decides"
                        .into(),
                );
            }
            Ok(given == Some(FloatAbi::Soft))
        }
        Cpu::LoongArch64 => Ok(env.soft || given == Some(FloatAbi::Soft)),
        _ => Ok(false),
    }
}

fn arm_soft_float(
    env: EnvHints,
    query: &TripleQuery,
    undecided: &mut Vec<String>,
) -> Result<bool, String> {
    let given = query.float_abi;
    if given == Some(FloatAbi::Single) {
        return Err("--float-abi single is for LoongArch only".into());
    }
    if env.hf && given == Some(FloatAbi::Soft) {
        return Err(format!(
            "--float-abi soft contradicts the hard-float triple {:?}",
            query.triple
        ));
    }
    if env.eabi && !env.hf && given.is_none() {
        undecided.push(format!(
            "{:?} does not say whether the target uses the hard-float calling convention \
             (Yocto's GNU triple is *-gnueabi for both); soft-float (gnueabi) is assumed: \
             --float-abi hard|soft decides",
            query.triple
        ));
    }
    Ok(!(env.hf || given == Some(FloatAbi::Hard)))
}

fn mips_soft_float(
    env: EnvHints,
    given: Option<FloatAbi>,
    undecided: &mut Vec<String>,
) -> Result<bool, String> {
    if given == Some(FloatAbi::Single) {
        return Err("--float-abi single is for LoongArch only".into());
    }
    if given.is_none() && !env.soft {
        undecided.push(
            "this MIPS triple does not say whether the target is soft-float (a soft-float \
             target has no triplet before 3.13 and a -…sf one since); hard-float is \
             assumed, as for Rust's glibc MIPS targets: --float-abi hard|soft decides"
                .into(),
        );
    }
    Ok(env.soft || given == Some(FloatAbi::Soft))
}

/// The triplet as platform_triplet.c spells it (glibc, or musl 3.13+), before the
/// version-specific rules above.
fn spelled(p: &Parsed, style: Style, soft: bool) -> Option<String> {
    let env = p.env;
    let libc = match style {
        Style::Gnu => "gnu",
        Style::Musl => "musl",
    };
    let triplet = match p.cpu {
        Cpu::X86_64 if env.x32 => format!("x86_64-linux-{libc}x32"),
        Cpu::X86_64 => format!("x86_64-linux-{libc}"),
        Cpu::I386 => format!("i386-linux-{libc}"),
        Cpu::Aarch64 { big_endian } => {
            let cpu = if big_endian { "aarch64_be" } else { "aarch64" };
            let ilp32 = if env.ilp32 { "_ilp32" } else { "" };
            format!("{cpu}{ilp32}-linux-{libc}")
        }
        Cpu::Arm { big_endian } => {
            if !env.eabi {
                return None; // Only EABI ARM has a triplet.
            }
            let cpu = if big_endian { "armeb" } else { "arm" };
            let hf = if soft { "" } else { "hf" };
            format!("{cpu}-linux-{libc}eabi{hf}")
        }
        Cpu::Mips { bits64, .. } if !bits64 && (env.abi64 || env.n32) => return None,
        Cpu::Mips { bits64, el, r6 } => {
            let sf = if soft { "sf" } else { "" };
            let abi = mips_abi(style, bits64, env.n32);
            format!("{}-linux-{abi}{sf}", mips_cpu(bits64, el, r6))
        }
        Cpu::Powerpc => match style {
            Style::Gnu if env.spe => "powerpc-linux-gnuspe".into(),
            Style::Gnu => "powerpc-linux-gnu".into(),
            // __NO_FPRS__ holds for SPE too.
            Style::Musl if soft || env.spe => "powerpc-linux-muslsf".into(),
            Style::Musl => "powerpc-linux-musl".into(),
        },
        Cpu::Powerpc64 { le } => format!("powerpc64{}-linux-{libc}", if le { "le" } else { "" }),
        Cpu::S390 => format!("s390-linux-{libc}"),
        Cpu::S390x => format!("s390x-linux-{libc}"),
        Cpu::Riscv32 => format!("riscv32-linux-{libc}"),
        Cpu::Riscv64 => format!("riscv64-linux-{libc}"),
        Cpu::LoongArch64 => format!("loongarch64-linux-{libc}{}", loongarch_float(env, soft)),
        Cpu::Sparc => format!("sparc-linux-{libc}"),
        Cpu::Sparc64 => format!("sparc64-linux-{libc}"),
        Cpu::Sh4 => format!("sh4-linux-{libc}"),
        Cpu::M68k => format!("m68k-linux-{libc}"),
        Cpu::Alpha => format!("alpha-linux-{libc}"),
        Cpu::Hppa => format!("hppa-linux-{libc}"),
        Cpu::Ia64 => format!("ia64-linux-{libc}"),
        Cpu::Or1k => format!("or1k-linux-{libc}"),
        Cpu::Untripled => return None,
    };
    Some(triplet)
}

fn mips_cpu(bits64: bool, el: bool, r6: bool) -> &'static str {
    match (r6, bits64, el) {
        (true, true, true) => "mipsisa64r6el",
        (true, true, false) => "mipsisa64r6",
        (true, false, true) => "mipsisa32r6el",
        (true, false, false) => "mipsisa32r6",
        (false, true, true) => "mips64el",
        (false, true, false) => "mips64",
        (false, false, true) => "mipsel",
        (false, false, false) => "mips",
    }
}

/// The MIPS environment: the 64-bit CPUs name their ABI (n64 or n32).
fn mips_abi(style: Style, bits64: bool, n32: bool) -> &'static str {
    match (style, bits64, n32) {
        (Style::Gnu, true, true) => "gnuabin32",
        (Style::Gnu, true, false) => "gnuabi64",
        (Style::Gnu, false, _) => "gnu",
        (Style::Musl, true, true) => "musln32",
        (Style::Musl, _, _) => "musl",
    }
}

fn loongarch_float(env: EnvHints, soft: bool) -> &'static str {
    if env.soft || soft {
        "sf"
    } else if env.single {
        "f32"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suffix(triple: &str, python: &str) -> (String, usize) {
        let t = derive(&TripleQuery {
            triple: triple.into(),
            python: PyVersion::parse(python).unwrap(),
            abiflags: String::new(),
            float_abi: None,
            musl_build: None,
        })
        .unwrap_or_else(|e| panic!("{triple} {python}: {e}"));
        (t.ext_suffix, t.undecided.len())
    }

    #[test]
    fn the_three_machines_of_the_original_bug() {
        assert_eq!(
            suffix("armv7-poky-linux-gnueabihf", "3.12").0,
            ".cpython-312-arm-linux-gnueabihf.so"
        );
        assert_eq!(
            suffix("powerpc-poky-linux-gnu", "3.12").0,
            ".cpython-312-powerpc-linux-gnu.so"
        );
        let (mips64, undecided) = suffix("mips64-poky-linux-gnu", "3.12");
        assert_eq!(mips64, ".cpython-312-mips64-linux-gnuabi64.so");
        assert_eq!(undecided, 1, "MIPS float ABI is not in the triple");
    }

    #[test]
    fn rejects_what_it_cannot_know() {
        for (triple, python) in [
            ("x86_64-apple-darwin", "3.12"),
            ("wasm32-unknown-unknown", "3.12"),
            ("foo-unknown-linux-gnu", "3.12"),
            ("x86_64-unknown-linux-weird", "3.12"),
            ("x86_64-unknown-linux-gnu", "3.7"),
            ("x86_64-unknown-linux-gnu", "3.15"),
            ("x86_64--linux-gnu", "3.12"),
        ] {
            let err = derive(&TripleQuery {
                triple: triple.into(),
                python: PyVersion::parse(python).unwrap(),
                abiflags: String::new(),
                float_abi: None,
                musl_build: None,
            });
            assert!(err.is_err(), "{triple} {python}: {err:?}");
        }
    }
}
