//! `_sysconfigdata_*.py` → [`Target`].
//!
//! The file is read as data by `pyliteral`, never run; `build_details` reads the same answer
//! from the newer build-details.json.

use std::collections::HashMap;
use std::path::Path;

use super::pyliteral::{parse_build_time_vars, Entry, Value};
use super::{Libc, Origin, Target};
use crate::error::{Error, Result};
use crate::suffix::PyVersion;

/// Keys whose value we rely on: a second, different definition makes the file ambiguous.
const KEYS_USED: [&str; 6] = [
    "EXT_SUFFIX",
    "SOABI",
    "VERSION",
    "ABIFLAGS",
    "MULTIARCH",
    "HOST_GNU_TYPE",
];

/// Reads the text of a sysconfigdata file at `path`.
pub fn read_sysconfigdata(path: &Path, text: &str) -> Result<Target> {
    let entries = parse_build_time_vars(text)
        .map_err(|e| Error::syntax(path, e.line, e.column, e.message))?;
    let vars = Vars::new(path, &entries)?;
    let ext_suffix = vars
        .string("EXT_SUFFIX")?
        .ok_or_else(|| Error::invalid(path, "no EXT_SUFFIX in build_time_vars"))?;
    let mut target =
        Target::from_ext_suffix(ext_suffix, Origin::Sysconfigdata(path.to_path_buf()), path)?;

    if let Some(version) = vars.string("VERSION")? {
        let parsed = PyVersion::parse(version).ok_or_else(|| {
            Error::invalid(path, format!("VERSION {version:?} is not a Python version"))
        })?;
        if parsed != target.version {
            return Err(Error::invalid(
                path,
                format!(
                    "EXT_SUFFIX {ext_suffix:?} is for Python {} but VERSION is {version:?}",
                    target.version
                ),
            ));
        }
    }
    if let Some(abiflags) = vars.string("ABIFLAGS")? {
        if abiflags != target.abiflags {
            target.notes.push(format!(
                "ABIFLAGS {abiflags:?} differs from the flags in EXT_SUFFIX ({:?}); EXT_SUFFIX is used",
                target.abiflags
            ));
        }
    }
    if let Some(soabi) = vars.string("SOABI")? {
        if target.soabi.as_deref() != Some(soabi) {
            target.notes.push(format!(
                "SOABI {soabi:?} does not match EXT_SUFFIX {ext_suffix:?}; EXT_SUFFIX is used"
            ));
        }
        target.soabi = Some(soabi.to_string());
    }
    if let Some(multiarch) = vars.string("MULTIARCH")?.filter(|m| !m.is_empty()) {
        if target.platform.as_deref() != Some(multiarch) {
            target.notes.push(format!(
                "MULTIARCH is {multiarch:?} but EXT_SUFFIX carries {:?}",
                target.platform.as_deref().unwrap_or("no platform triplet")
            ));
        }
    }
    // The host triple names the C library even where the suffix says `gnu` for a musl
    // target (3.11/3.12 configured from glibc) or names no triplet at all.
    if let Some(libc) = vars.string("HOST_GNU_TYPE")?.and_then(Libc::of_triple) {
        target.libc = Some(libc);
    }
    Ok(target)
}

/// The dict, last definition winning as in Python, with conflicting duplicates of the keys
/// we use rejected.
struct Vars<'a> {
    path: &'a Path,
    by_key: HashMap<&'a str, &'a Entry>,
}

impl<'a> Vars<'a> {
    fn new(path: &'a Path, entries: &'a [Entry]) -> Result<Self> {
        let mut by_key: HashMap<&str, &Entry> = HashMap::new();
        for entry in entries {
            if let Some(previous) = by_key.insert(&entry.key, entry) {
                if previous.value != entry.value && KEYS_USED.contains(&entry.key.as_str()) {
                    let place = if previous.line == entry.line {
                        format!("both on line {}", entry.line)
                    } else {
                        format!("lines {} and {}", previous.line, entry.line)
                    };
                    return Err(Error::invalid(
                        path,
                        format!(
                            "{} is defined twice with different values ({place}): {} and {}",
                            entry.key,
                            previous.value.shown(),
                            entry.value.shown()
                        ),
                    ));
                }
            }
        }
        Ok(Vars { path, by_key })
    }

    fn string(&self, key: &str) -> Result<Option<&'a str>> {
        match self.by_key.get(key).map(|e| (&e.value, e.line)) {
            None => Ok(None),
            Some((Value::Str(s), _)) => Ok(Some(s.as_str())),
            Some((other, line)) => Err(Error::invalid(
                self.path,
                format!(
                    "{key} must be a string, found {} (line {line})",
                    other.type_name()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Target> {
        read_sysconfigdata(Path::new("sc.py"), text)
    }

    #[test]
    fn reads_the_keys_and_checks_them_against_each_other() {
        let t = read(
            "build_time_vars = {'ABIFLAGS': 'd', 'EXT_SUFFIX': '.cpython-311d-x86_64-linux-gnu.so',\n \
             'MULTIARCH': 'x86_64-linux-gnu', 'SOABI': 'cpython-311d-x86_64-linux-gnu', 'VERSION': '3.11'}",
        )
        .unwrap();
        assert_eq!(t.version, PyVersion::new(3, 11));
        assert_eq!(t.abiflags, "d");
        assert_eq!(t.platform.as_deref(), Some("x86_64-linux-gnu"));
        assert_eq!(
            t.import_suffixes,
            [
                ".cpython-311d-x86_64-linux-gnu.so",
                ".cpython-311-x86_64-linux-gnu.so",
                ".abi3.so",
                ".so"
            ]
        );
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }

    #[test]
    fn rejects_missing_mistyped_and_contradictory_values() {
        let cases = [
            ("build_time_vars = {'SOABI': 'x'}", "no EXT_SUFFIX"),
            ("build_time_vars = {'EXT_SUFFIX': 1}", "EXT_SUFFIX must be a string, found an integer (line 1)"),
            ("build_time_vars = {'EXT_SUFFIX': '.so'}", "is not a CPython extension suffix"),
            (
                "build_time_vars = {'EXT_SUFFIX': '.cpython-312.so',\n 'EXT_SUFFIX': '.cpython-311.so'}",
                "EXT_SUFFIX is defined twice with different values (lines 1 and 2): \
                 '.cpython-312.so' and '.cpython-311.so'",
            ),
            (
                "build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'EXT_SUFFIX': '.cpython-311.so'}",
                "EXT_SUFFIX is defined twice with different values (both on line 1)",
            ),
            (
                "build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'VERSION': '3.11'}",
                "is for Python 3.12 but VERSION is \"3.11\"",
            ),
            ("build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'VERSION': 'x'}", "not a Python version"),
        ];
        for (text, expected) in cases {
            let err = read(text).unwrap_err().to_string();
            assert!(
                err.starts_with("sc.py: ") && err.contains(expected),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn identical_duplicates_and_unused_keys_follow_python() {
        let t = read(
            "build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'CC': 1, 'CC': 'gcc', \
             'EXT_SUFFIX': '.cpython-312.so'}",
        )
        .unwrap();
        assert_eq!(t.ext_suffix, ".cpython-312.so");
        assert_eq!(t.platform, None);
    }
}
