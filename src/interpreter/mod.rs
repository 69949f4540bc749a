//! The target interpreter: which extension suffixes it imports, and how we know.
//!
//! A [`Source`] (how the user named the target) is [`resolve`]d into a [`Target`]: read from
//! the target's own `_sysconfigdata_*.py` (parsed as data by [`pyliteral`]) or
//! `build-details.json`, found in a sysroot ([`locate`]), given as a suffix, or derived from a
//! triple by CPython's configure rules ([`triplet`]). [`machine`] names what the target's
//! binaries must be.

mod build_details;
pub mod machine;
pub mod pyliteral;
mod sysconfigdata;
mod sysroot;
pub mod triplet;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::suffix::{cpython_suffix, parse_suffix, PyVersion, SuffixKind};

pub use build_details::read_build_details;
pub use machine::{ElfIdentity, Libc};
pub use sysconfigdata::read_sysconfigdata;
pub use sysroot::{locate, SysrootQuery};
pub use triplet::{FloatAbi, MuslBuild, TripleQuery};

/// Where the answer came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// EXT_SUFFIX of this `_sysconfigdata_*.py`.
    Sysconfigdata(PathBuf),
    /// abi.extension_suffix (or the import list) of this build-details.json.
    BuildDetails(PathBuf),
    /// `--ext-suffix`.
    ExtSuffix,
    /// CPython's configure rules applied to this triple (`--target`).
    Triple(String),
}

impl Origin {
    /// The name `--format json` reports as `source`.
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Sysconfigdata(_) => "sysconfigdata",
            Origin::BuildDetails(_) => "build-details",
            Origin::ExtSuffix => "ext-suffix",
            Origin::Triple(_) => "triple",
        }
    }

    /// The file the answer was read from, if it was read from one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Sysconfigdata(p) | Origin::BuildDetails(p) => Some(p),
            _ => None,
        }
    }

    /// Where the answer came from, for messages.
    pub fn describe(&self) -> String {
        match self {
            Origin::Sysconfigdata(p) => format!("EXT_SUFFIX of {}", p.display()),
            Origin::BuildDetails(p) => format!("abi.extension_suffix of {}", p.display()),
            Origin::ExtSuffix => "the suffix given on the command line".into(),
            Origin::Triple(t) => format!("CPython's configure rules applied to {t}"),
        }
    }
}

/// What the target CPython imports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `EXT_SUFFIX`, e.g. `.cpython-312-arm-linux-gnueabihf.so`.
    pub ext_suffix: String,
    /// The Python version the suffix is for.
    pub version: PyVersion,
    /// The ABI flags in the suffix: empty, `d`, `t` or `td` (`m`, `u` in CPython before 3.8).
    pub abiflags: String,
    /// `SOABI`: the suffix's tag, or what the sysconfigdata states.
    pub soabi: Option<String>,
    /// The platform triplet inside the suffix (`arm-linux-gnueabihf`), if any.
    pub platform: Option<String>,
    /// `importlib.machinery.EXTENSION_SUFFIXES` of the target, in import order.
    pub import_suffixes: Vec<String>,
    /// What an extension module for this target looks like as ELF, when known.
    pub elf: Option<ElfIdentity>,
    /// The C library the target's python uses, when known.
    pub libc: Option<Libc>,
    /// Where the answer came from.
    pub origin: Origin,
    /// Facts worth telling (e.g. vendor differences); the answer does not depend on them.
    pub notes: Vec<String>,
    /// Assumptions the source could not decide, each naming what would decide it.
    pub undecided: Vec<String>,
}

impl Target {
    /// Builds a target from its EXT_SUFFIX; `context` names where the suffix came from.
    pub fn from_ext_suffix(ext_suffix: &str, origin: Origin, context: &Path) -> Result<Target> {
        let SuffixKind::CPython {
            version,
            abiflags,
            platform,
        } = parse_suffix(ext_suffix)
        else {
            return Err(Error::invalid(
                context,
                format!(
                    "EXT_SUFFIX {ext_suffix:?} is not a CPython extension suffix \
                     (expected .cpython-<XY>[flags][-<platform>].so)"
                ),
            ));
        };
        let mut import_suffixes = vec![ext_suffix.to_string()];
        // A debug build also imports modules built for the matching release ABI.
        if abiflags.contains('d') {
            let release_flags = abiflags.replace('d', "");
            import_suffixes.push(cpython_suffix(version, &release_flags, platform.as_deref()));
        }
        import_suffixes.push(".abi3.so".into());
        import_suffixes.push(".so".into());
        let elf = platform.as_deref().and_then(ElfIdentity::for_triplet);
        let libc = platform.as_deref().and_then(Libc::of_triple);
        let soabi = ext_suffix
            .strip_prefix('.')
            .and_then(|s| s.strip_suffix(".so"))
            .map(str::to_string);
        Ok(Target {
            ext_suffix: ext_suffix.to_string(),
            version,
            abiflags,
            soabi,
            platform,
            import_suffixes,
            elf,
            libc,
            origin,
            notes: Vec::new(),
            undecided: Vec::new(),
        })
    }

    /// True if a module file with this suffix imports on the target as it is.
    pub fn imports(&self, suffix: &str) -> bool {
        self.import_suffixes.iter().any(|s| s == suffix)
    }
}

/// How the user said to find the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--sysconfigdata FILE`: a `_sysconfigdata_*.py` or a build-details.json.
    Sysconfigdata(PathBuf),
    /// `--sysroot DIR`, and what picks one interpreter there.
    Sysroot(SysrootQuery),
    /// `--ext-suffix SUFFIX`.
    ExtSuffix(String),
    /// `--target TRIPLE` and what decides the rest.
    Triple(TripleQuery),
}

/// Resolves a source into the target's answer.
pub fn resolve(source: &Source) -> Result<Target> {
    match source {
        Source::Sysconfigdata(path) => read_any(path),
        Source::Sysroot(query) => locate(query),
        Source::ExtSuffix(suffix) => {
            Target::from_ext_suffix(suffix, Origin::ExtSuffix, Path::new("--ext-suffix"))
        }
        Source::Triple(query) => triplet::derive(query),
    }
}

/// Reads a `_sysconfigdata_*.py` or a `build-details.json`, told apart by content.
pub fn read_any(path: &Path) -> Result<Target> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Error::invalid(path, format!("not UTF-8 text ({e})")))?;
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .as_bytes()
        .first();
    if first == Some(&b'{') {
        read_build_details(path, &text)
    } else {
        read_sysconfigdata(path, &text)
    }
}
