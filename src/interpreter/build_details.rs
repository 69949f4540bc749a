//! PEP 739 `build-details.json` (CPython 3.14+) → [`Target`].
//!
//! The sibling of [`super::sysconfigdata`]: the same answer from the newer file, which also
//! carries the interpreter's whole import list.

use std::path::Path;

use super::{Origin, Target};
use crate::error::{Error, Result};
use crate::json::{parse, Json};
use crate::suffix::{parse_suffix, PyVersion, SuffixKind};

/// Reads the text of a build-details.json at `path`.
///
/// The steps run in this order so that, of several problems, the same one is reported first.
pub fn read_build_details(path: &Path, text: &str) -> Result<Target> {
    let doc = Document::parse(path, text)?;
    check_implementation(&doc)?;
    let extensions = doc.strings("suffixes.extensions")?;
    let ext_suffix = extension_suffix(&doc, extensions.as_deref())?;
    let mut target = Target::from_ext_suffix(&ext_suffix, Origin::BuildDetails(path.into()), path)?;
    check_version(&doc, &target)?;
    note_abi_flags(&doc, &mut target)?;
    if let Some(extensions) = extensions {
        adopt_import_list(&doc, &mut target, extensions)?;
    }
    Ok(target)
}

/// The parsed document and its path, with typed lookups whose errors name the field.
struct Document<'a> {
    path: &'a Path,
    root: Json,
}

impl<'a> Document<'a> {
    fn parse(path: &'a Path, text: &str) -> Result<Self> {
        let root = parse(text).map_err(|e| Error::syntax(path, e.line, e.column, e.message))?;
        if !matches!(root, Json::Object(_)) {
            return Err(Error::invalid(path, "expected a JSON object"));
        }
        Ok(Document { path, root })
    }

    /// The value at a dotted path such as `abi.extension_suffix`, if present.
    fn field(&self, dotted: &str) -> Option<&Json> {
        dotted
            .split('.')
            .try_fold(&self.root, |node, key| node.get(key))
    }

    fn string(&self, dotted: &str) -> Result<Option<&str>> {
        match self.field(dotted) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(dotted, "must be a string", other)),
        }
    }

    fn strings(&self, dotted: &str) -> Result<Option<Vec<String>>> {
        let items = match self.field(dotted) {
            None => return Ok(None),
            Some(Json::Array(items)) => items,
            Some(other) => return Err(self.wrong_type(dotted, "must be an array", other)),
        };
        items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(s.clone()),
                other => Err(self.wrong_type(dotted, "must hold strings", other)),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    fn wrong_type(&self, dotted: &str, rule: &str, found: &Json) -> Error {
        let message = format!("{dotted} {rule}, found {}", found.type_name());
        Error::invalid(self.path, message)
    }

    fn invalid(&self, message: impl Into<String>) -> Error {
        Error::invalid(self.path, message)
    }
}

fn check_implementation(doc: &Document) -> Result<()> {
    match doc.string("implementation.name")? {
        Some(name) if name != "cpython" => Err(doc.invalid(format!(
            "implementation.name is {name:?}; only CPython is supported"
        ))),
        _ => Ok(()),
    }
}

/// abi.extension_suffix is only written for a shared libpython (Debian links statically);
/// the import list then still names the suffix first.
fn extension_suffix(doc: &Document, extensions: Option<&[String]>) -> Result<String> {
    if let Some(suffix) = doc.string("abi.extension_suffix")? {
        return Ok(suffix.to_string());
    }
    extensions
        .into_iter()
        .flatten()
        .find(|s| matches!(parse_suffix(s), SuffixKind::CPython { .. }))
        .cloned()
        .ok_or_else(|| {
            doc.invalid("no abi.extension_suffix, and no CPython suffix in suffixes.extensions")
        })
}

fn check_version(doc: &Document, target: &Target) -> Result<()> {
    match doc.string("language.version")? {
        Some(version) if PyVersion::parse(version) != Some(target.version) => {
            Err(doc.invalid(format!(
                "abi.extension_suffix {:?} is for Python {} but language.version is {version:?}",
                target.ext_suffix, target.version
            )))
        }
        _ => Ok(()),
    }
}

/// Differing flags are told, not fatal: the suffix is what the interpreter imports.
fn note_abi_flags(doc: &Document, target: &mut Target) -> Result<()> {
    if let Some(flags) = doc.strings("abi.flags")? {
        if flags.concat() != target.abiflags {
            target.notes.push(format!(
                "abi.flags {flags:?} differ from the flags in abi.extension_suffix ({:?})",
                target.abiflags
            ));
        }
    }
    Ok(())
}

/// The interpreter's own import list is the best answer there is.
fn adopt_import_list(doc: &Document, target: &mut Target, extensions: Vec<String>) -> Result<()> {
    if !extensions.contains(&target.ext_suffix) {
        return Err(doc.invalid(format!(
            "suffixes.extensions does not contain abi.extension_suffix {:?}",
            target.ext_suffix
        )));
    }
    target.import_suffixes = extensions;
    Ok(())
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
