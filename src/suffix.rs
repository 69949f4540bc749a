//! The grammar of extension-module file names: `<module><suffix>`.
//!
//! CPython imports module `m` from `m + s` for each `s` in its EXTENSION_SUFFIXES, and a module
//! name has no dots, so everything from the first dot on is the suffix.

use std::fmt;

/// A CPython version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PyVersion {
    /// 3 for CPython 3.12.
    pub major: u8,
    /// 12 for CPython 3.12.
    pub minor: u8,
}

impl PyVersion {
    /// `major.minor`.
    pub const fn new(major: u8, minor: u8) -> Self {
        PyVersion { major, minor }
    }

    /// Parses `3.12` (also `3.12.4`: the micro part is ignored).
    pub fn parse(text: &str) -> Option<PyVersion> {
        let mut parts = text.trim().split('.');
        let major = parse_small(parts.next()?)?;
        let minor = parse_small(parts.next()?)?;
        // A micro part (`4`, `0rc1`) may follow; it must at least start like one.
        if let Some(micro) = parts.next() {
            if !micro.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
        }
        Some(PyVersion { major, minor })
    }

    /// The tag in SOABI: `312` for 3.12.
    pub fn nodot(self) -> String {
        format!("{}{}", self.major, self.minor)
    }
}

fn parse_small(text: &str) -> Option<u8> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for PyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// What a suffix says about the interpreter that can import it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SuffixKind {
    /// `.cpython-<XY><flags>[-<platform>].so`: one CPython version and ABI only.
    CPython {
        /// `<XY>`: 3.12 for `312`.
        version: PyVersion,
        /// The letters after the version (`t`, `d`, `m` …), possibly none.
        abiflags: String,
        /// The platform triplet, if the suffix carries one.
        platform: Option<String>,
    },
    /// `.abi3.so` (and the tagged `.abi3-<platform>.so`, `.abi3t.so` forms): the stable ABI.
    Abi3,
    /// `.so` alone: every CPython imports it.
    Plain,
    /// Anything else ending in `.so` (PyPy, GraalPy, versioned libraries …).
    Foreign,
}

/// Splits a file name into module name and suffix, if the module name is importable
/// (a Python identifier) and the name ends in `.so`.
pub fn split_module_name(file_name: &str) -> Option<(&str, &str)> {
    if !file_name.ends_with(".so") {
        return None;
    }
    let dot = file_name.find('.')?;
    let (stem, suffix) = file_name.split_at(dot);
    is_identifier(stem).then_some((stem, suffix))
}

/// Python's rule on ASCII; any non-ASCII character is let through, because Python's XID
/// classes and NFKC cannot be approximated (fuzzing found `℮` and a decomposed `é` refused).
/// Letting too much through is harmless: a name no Python imports stays unimportable.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() || !c.is_ascii() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_ascii_alphanumeric() || !c.is_ascii())
}

/// Classifies a suffix such as `.cpython-312-arm-linux-gnueabihf.so`.
pub fn parse_suffix(suffix: &str) -> SuffixKind {
    if suffix == ".so" {
        return SuffixKind::Plain;
    }
    let Some(tag) = suffix.strip_prefix('.').and_then(|s| s.strip_suffix(".so")) else {
        return SuffixKind::Foreign;
    };
    if tag == "abi3" || tag == "abi3t" || tag.starts_with("abi3-") || tag.starts_with("abi3t-") {
        return SuffixKind::Abi3;
    }
    parse_cpython_tag(tag).unwrap_or(SuffixKind::Foreign)
}

/// `cpython-<major><minor><flags>[-<platform>]`.
fn parse_cpython_tag(tag: &str) -> Option<SuffixKind> {
    let rest = tag.strip_prefix("cpython-")?;
    let (abi, platform) = match rest.split_once('-') {
        Some((abi, platform)) => (abi, Some(platform)),
        None => (rest, None),
    };
    let digits_end = abi.find(|c: char| !c.is_ascii_digit()).unwrap_or(abi.len());
    let (digits, abiflags) = abi.split_at(digits_end);
    // One digit of major version: CPython 3 (and a hypothetical 4).
    if digits.len() < 2 || digits.len() > 4 {
        return None;
    }
    let major = parse_small(&digits[..1])?;
    let minor = parse_small(&digits[1..])?;
    if digits[1..].len() > 1 && digits[1..].starts_with('0') {
        return None;
    }
    if !abiflags
        .bytes()
        .all(|b| matches!(b, b't' | b'd' | b'm' | b'u'))
    {
        return None;
    }
    if let Some(p) = platform {
        let valid = !p.is_empty()
            && !p.starts_with('-')
            && !p.ends_with('-')
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid {
            return None;
        }
    }
    Some(SuffixKind::CPython {
        version: PyVersion::new(major, minor),
        abiflags: abiflags.to_string(),
        platform: platform.map(str::to_string),
    })
}

/// Builds `.cpython-<XY><flags>[-<platform>].so`.
pub fn cpython_suffix(version: PyVersion, abiflags: &str, platform: Option<&str>) -> String {
    match platform {
        Some(p) => format!(".cpython-{}{abiflags}-{p}.so", version.nodot()),
        None => format!(".cpython-{}{abiflags}.so", version.nodot()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpython(v: (u8, u8), flags: &str, platform: Option<&str>) -> SuffixKind {
        SuffixKind::CPython {
            version: PyVersion::new(v.0, v.1),
            abiflags: flags.into(),
            platform: platform.map(Into::into),
        }
    }

    #[test]
    fn splits_at_the_first_dot() {
        assert_eq!(
            split_module_name("rpds.cpython-312-armv7l-linux-gnueabihf.so"),
            Some(("rpds", ".cpython-312-armv7l-linux-gnueabihf.so"))
        );
        assert_eq!(
            split_module_name("_speedups.so"),
            Some(("_speedups", ".so"))
        );
        assert_eq!(split_module_name("libfoo-1.2.so"), None);
        assert_eq!(split_module_name("1abc.so"), None);
        assert_eq!(split_module_name("foo.so.1"), None);
        assert_eq!(split_module_name(".so"), None);
        assert_eq!(
            split_module_name("ñandú.abi3.so"),
            Some(("ñandú", ".abi3.so"))
        );
    }

    #[test]
    fn classifies_suffixes() {
        assert_eq!(
            parse_suffix(".cpython-312-arm-linux-gnueabihf.so"),
            cpython((3, 12), "", Some("arm-linux-gnueabihf"))
        );
        assert_eq!(parse_suffix(".cpython-39.so"), cpython((3, 9), "", None));
        assert_eq!(
            parse_suffix(".cpython-313td-x86_64-linux-gnu.so"),
            cpython((3, 13), "td", Some("x86_64-linux-gnu"))
        );
        assert_eq!(
            parse_suffix(".cpython-37m-x86_64-linux-gnu.so"),
            cpython((3, 7), "m", Some("x86_64-linux-gnu"))
        );
        assert_eq!(parse_suffix(".abi3.so"), SuffixKind::Abi3);
        assert_eq!(parse_suffix(".abi3-x86_64-linux-gnu.so"), SuffixKind::Abi3);
        assert_eq!(parse_suffix(".so"), SuffixKind::Plain);
        for foreign in [
            ".pypy39-pp73-x86_64-linux-gnu.so",
            ".cpython-.so",
            ".cpython-3.so",
            ".cpython-312x-arm.so",
            ".cpython-312-.so",
            ".cpython-312-a--.so",
            ".cpython-3012-arm.so",
            ".1.2.so",
            ".cpython-312-arm linux.so",
        ] {
            assert_eq!(parse_suffix(foreign), SuffixKind::Foreign, "{foreign}");
        }
    }

    #[test]
    fn builds_what_it_parses() {
        let built = cpython_suffix(PyVersion::new(3, 14), "t", Some("riscv64-linux-gnu"));
        assert_eq!(built, ".cpython-314t-riscv64-linux-gnu.so");
        assert_eq!(
            parse_suffix(&built),
            cpython((3, 14), "t", Some("riscv64-linux-gnu"))
        );
        assert_eq!(
            cpython_suffix(PyVersion::new(3, 8), "d", None),
            ".cpython-38d.so"
        );
    }

    #[test]
    fn parses_versions() {
        assert_eq!(PyVersion::parse("3.12"), Some(PyVersion::new(3, 12)));
        assert_eq!(PyVersion::parse("3.12.4"), Some(PyVersion::new(3, 12)));
        assert_eq!(PyVersion::parse(" 3.8 "), Some(PyVersion::new(3, 8)));
        for bad in ["3", "3.", "x.12", "3.12.x", "", "3.-1", "3.1234"] {
            assert_eq!(PyVersion::parse(bad), None, "{bad}");
        }
    }
}
