//! Finding the target's sysconfigdata or build-details.json in a sysroot.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{read_any, Origin, Target};
use crate::error::{Error, Result};
use crate::rooted::resolve_in_root;
use crate::suffix::PyVersion;

/// `--sysroot DIR [--python X.Y] [--abiflags F] [--libdir DIR]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SysrootQuery {
    /// The directory standing for the target's `/`.
    pub sysroot: PathBuf,
    /// Keeps only the interpreters of this version.
    pub python: Option<PyVersion>,
    /// Keeps only the interpreters with these ABI flags.
    pub abiflags: Option<String>,
    /// A library directory to search besides `usr/lib*` and `lib*` (e.g. a nativesdk
    /// prefix), taken relative to the sysroot.
    pub libdir: Option<PathBuf>,
}

/// Finds the candidates, reads them all, and insists that they agree.
pub fn locate(query: &SysrootQuery) -> Result<Target> {
    let root = &query.sysroot;
    if !root.is_dir() {
        return Err(Error::invalid(root, "the sysroot is not a directory"));
    }
    let candidates = candidates(query)?;
    if candidates.is_empty() {
        return Err(Error::invalid(
            root,
            "no _sysconfigdata_*.py or build-details.json found in <sysroot>/{usr/lib*,lib*}/python3.*/ \
             or …/python-sysconfigdata/ (is the target python3 in the sysroot? or pass --sysconfigdata FILE)",
        ));
    }
    let mut found = read_candidates(candidates)?;
    let all: Vec<String> = found
        .iter()
        .map(|(p, t)| format!("{} ({})", p.display(), t.ext_suffix))
        .collect();
    found.retain(|(_, t)| {
        query.python.map_or(true, |v| t.version == v)
            && query.abiflags.as_ref().map_or(true, |f| &t.abiflags == f)
    });
    let suffixes: BTreeSet<&str> = found.iter().map(|(_, t)| t.ext_suffix.as_str()).collect();
    match suffixes.len() {
        0 => Err(none_matches(query, &all)),
        1 => Ok(preferred(found)),
        _ => Err(disagreement(root, &found)),
    }
}

/// Reads every candidate; errors and the origin name the path as it is in the sysroot.
fn read_candidates(candidates: Vec<(PathBuf, PathBuf)>) -> Result<Vec<(PathBuf, Target)>> {
    candidates
        .into_iter()
        .map(|(shown, real)| {
            let mut target = read_any(&real).map_err(|e| relabel(e, &real, &shown))?;
            if let Origin::Sysconfigdata(path) | Origin::BuildDetails(path) = &mut target.origin {
                *path = shown.clone();
            }
            Ok((shown, target))
        })
        .collect()
}

/// Of candidates that agree, prefer build-details.json (it carries the whole import list),
/// then the file the target ships over Yocto's staging copy in python-sysconfigdata/.
fn preferred(mut found: Vec<(PathBuf, Target)>) -> Target {
    let rank = |(path, t): &(PathBuf, Target)| {
        let staging_copy = path
            .parent()
            .is_some_and(|d| d.ends_with("python-sysconfigdata"));
        (!matches!(t.origin, Origin::BuildDetails(_)), staging_copy)
    };
    let pick = (0..found.len())
        .min_by_key(|&i| rank(&found[i]))
        .unwrap_or(0);
    found.swap_remove(pick).1
}

/// `all` lists every candidate read, before `--python`/`--abiflags` filtered them.
fn none_matches(query: &SysrootQuery, all: &[String]) -> Error {
    let python = query
        .python
        .map(|v| format!(" Python {v}"))
        .unwrap_or_default();
    let abiflags = query
        .abiflags
        .as_ref()
        .map(|f| format!(" with ABI flags {f:?}"))
        .unwrap_or_default();
    Error::invalid(
        &query.sysroot,
        format!(
            "none of the target interpreters found matches{python}{abiflags}; found: {}",
            all.join(", ")
        ),
    )
}

fn disagreement(root: &Path, found: &[(PathBuf, Target)]) -> Error {
    let mut message = String::from("several target interpreters disagree:");
    for (path, target) in found {
        let _ = write!(message, "\n  {} → {}", path.display(), target.ext_suffix);
    }
    message.push_str(
        "\npick one with --python X.Y (and --abiflags), or name the file with --sysconfigdata FILE",
    );
    Error::invalid(root, message)
}

/// Candidate files as (path to show, path to read), one per real file.
fn candidates(query: &SysrootQuery) -> Result<Vec<(PathBuf, PathBuf)>> {
    let root = &query.sysroot;
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut consider = |shown: PathBuf| {
        let Ok(real) = resolve_in_root(root, &shown) else {
            return;
        };
        if real.is_file() && seen.insert(real.clone()) {
            out.push((root.join(&shown), real));
        }
    };
    for lib in lib_dirs(query)? {
        let Ok(lib_real) = resolve_in_root(root, &lib) else {
            continue;
        };
        for name in sorted_names(&lib_real)? {
            if name.starts_with("python3.") {
                for file in sorted_names(&lib_real.join(&name))? {
                    // Debian names it build-details.<abiflags>.<multiarch>.json.
                    if (file.starts_with("_sysconfigdata_") && file.ends_with(".py"))
                        || (file.starts_with("build-details") && file.ends_with(".json"))
                    {
                        consider(lib.join(&name).join(file));
                    }
                }
            } else if name == "python-sysconfigdata" {
                consider(lib.join(&name).join("_sysconfigdata.py"));
            }
        }
    }
    Ok(out)
}

/// `--libdir` first, then `usr/lib*` and `lib*`, relative to the sysroot.
fn lib_dirs(query: &SysrootQuery) -> Result<Vec<PathBuf>> {
    let mut lib_dirs: Vec<PathBuf> = Vec::new();
    if let Some(libdir) = &query.libdir {
        lib_dirs.push(relative(libdir));
    }
    for parent in [Path::new("usr"), Path::new("")] {
        for name in sorted_names(&query.sysroot.join(parent))? {
            if name.starts_with("lib") {
                lib_dirs.push(parent.join(name));
            }
        }
    }
    Ok(lib_dirs)
}

fn relative(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::RootDir))
        .collect()
}

/// UTF-8 names in a directory, sorted; a missing directory has none.
fn sorted_names(dir: &Path) -> Result<Vec<String>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        // Missing, or not a directory (io::ErrorKind::NotADirectory is Rust 1.83: too new).
        Err(_) if !dir.is_dir() => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// Errors name the path the user can find in the sysroot, not the resolved one.
fn relabel(err: Error, real: &Path, shown: &Path) -> Error {
    if real == shown {
        return err;
    }
    Error::invalid(
        shown,
        format!("{} (resolved to {})", err.message(), real.display()),
    )
}
