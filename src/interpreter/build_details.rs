//! PEP 739 `build-details.json` (CPython 3.14+) → [`Target`].

use std::path::Path;

use super::{Origin, Target};
use crate::error::{Error, Result};
use crate::json::{parse, Json};
use crate::suffix::{parse_suffix, PyVersion, SuffixKind};

/// Reads the text of a build-details.json at `path`.
pub fn read_build_details(path: &Path, text: &str) -> Result<Target> {
    let doc = parse(text).map_err(|e| Error::syntax(path, e.line, e.column, e.message))?;
    if !matches!(doc, Json::Object(_)) {
        return Err(Error::invalid(path, "expected a JSON object"));
    }
    let field = |dotted: &str| -> Option<&Json> {
        dotted.split('.').try_fold(&doc, |node, key| node.get(key))
    };
    let string = |dotted: &str| -> Result<Option<&str>> {
        match field(dotted) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => Err(Error::invalid(
                path,
                format!("{dotted} must be a string, found {}", other.type_name()),
            )),
        }
    };
    let strings = |dotted: &str| -> Result<Option<Vec<String>>> {
        match field(dotted) {
            None => Ok(None),
            Some(Json::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Json::String(s) => Ok(s.clone()),
                    other => Err(Error::invalid(
                        path,
                        format!("{dotted} must hold strings, found {}", other.type_name()),
                    )),
                })
                .collect::<Result<Vec<_>>>()
                .map(Some),
            Some(other) => Err(Error::invalid(
                path,
                format!("{dotted} must be an array, found {}", other.type_name()),
            )),
        }
    };

    if let Some(name) = string("implementation.name")? {
        if name != "cpython" {
            return Err(Error::invalid(
                path,
                format!("implementation.name is {name:?}; only CPython is supported"),
            ));
        }
    }
    let extensions = strings("suffixes.extensions")?;
    // abi.extension_suffix is only written for a shared libpython (Debian links statically);
    // the import list then still names the suffix first.
    let ext_suffix = match string("abi.extension_suffix")? {
        Some(suffix) => suffix.to_string(),
        None => extensions
            .iter()
            .flatten()
            .find(|s| matches!(parse_suffix(s), SuffixKind::CPython { .. }))
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    path,
                    "no abi.extension_suffix, and no CPython suffix in suffixes.extensions",
                )
            })?,
    };
    let ext_suffix = ext_suffix.as_str();
    let mut target = Target::from_ext_suffix(ext_suffix, Origin::BuildDetails(path.into()), path)?;

    if let Some(version) = string("language.version")? {
        if PyVersion::parse(version) != Some(target.version) {
            return Err(Error::invalid(
                path,
                format!(
                    "abi.extension_suffix {ext_suffix:?} is for Python {} but language.version is {version:?}",
                    target.version
                ),
            ));
        }
    }
    if let Some(flags) = strings("abi.flags")? {
        let joined: String = flags.concat();
        if joined != target.abiflags {
            target.notes.push(format!(
                "abi.flags {flags:?} differ from the flags in abi.extension_suffix ({:?})",
                target.abiflags
            ));
        }
    }
    // The interpreter's own import list is the best answer there is.
    if let Some(extensions) = extensions {
        if !extensions.iter().any(|s| s == ext_suffix) {
            return Err(Error::invalid(
                path,
                format!("suffixes.extensions does not contain abi.extension_suffix {ext_suffix:?}"),
            ));
        }
        target.import_suffixes = extensions;
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"schema_version": "1.0", "language": {"version": "3.14"},
        "implementation": {"name": "cpython"},
        "abi": {"flags": ["t"], "extension_suffix": ".cpython-314t-aarch64-linux-gnu.so",
                "stable_abi_suffix": ".abi3.so"},
        "suffixes": {"extensions": [".cpython-314t-aarch64-linux-gnu.so", ".abi3.so", ".so"]}}"#;

    #[test]
    fn reads_suffix_flags_and_import_list() {
        let t = read_build_details(Path::new("bd.json"), GOOD).unwrap();
        assert_eq!(t.ext_suffix, ".cpython-314t-aarch64-linux-gnu.so");
        assert_eq!(t.abiflags, "t");
        assert_eq!(t.version, PyVersion::new(3, 14));
        assert_eq!(t.import_suffixes.len(), 3);
        assert!(t.notes.is_empty());
    }

    #[test]
    fn rejects_bad_documents_naming_the_field() {
        for (text, expected) in [
            ("[]", "expected a JSON object"),
            ("{\"abi\": {}}", "no abi.extension_suffix, and no CPython suffix"),
            ("{\"abi\": {\"extension_suffix\": 3}}", "abi.extension_suffix must be a string, found a number"),
            (
                "{\"abi\": {\"extension_suffix\": \".cpython-314.so\"}, \"language\": {\"version\": \"3.13\"}}",
                "language.version is \"3.13\"",
            ),
            (
                "{\"abi\": {\"extension_suffix\": \".cpython-314.so\"}, \"suffixes\": {\"extensions\": [\".so\"]}}",
                "does not contain",
            ),
            ("{\"implementation\": {\"name\": \"pypy\"}}", "only CPython"),
            ("{\"abi\": ", "line 1, column 9"),
        ] {
            let err = read_build_details(Path::new("bd.json"), text).unwrap_err().to_string();
            assert!(err.starts_with("bd.json: ") && err.contains(expected), "{text}: {err}");
        }
    }
}
