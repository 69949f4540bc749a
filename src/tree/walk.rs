//! One pass over the roots: every `*.so` entry, every `*.dist-info/RECORD`, and what could
//! not be read. Never follows a symlink (so no loops), never stats what it does not need.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::plan::Note;
use crate::error::{Error, ErrorKind};

/// A root to walk: as the user named it, and its real location.
#[derive(Clone, Debug)]
pub struct Root {
    pub shown: PathBuf,
    pub real: PathBuf,
}

/// What kind of directory entry a `*.so` name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Symlink,
    Directory,
    Other,
}

/// A `*.so` entry under a root.
#[derive(Clone, Debug)]
pub struct SoEntry {
    pub root: usize,
    /// Real path (under the root's real path).
    pub path: PathBuf,
    pub kind: EntryKind,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub entries: Vec<SoEntry>,
    /// `*.dist-info/RECORD` files (real paths).
    pub records: Vec<PathBuf>,
    pub problems: Vec<Error>,
    /// `*.so` names that are not UTF-8: no Python imports them, nothing to fix.
    pub notes: Vec<Note>,
}

pub fn walk(roots: &[Root]) -> Walked {
    let mut out = Walked::default();
    for (index, root) in roots.iter().enumerate() {
        for item in WalkDir::new(&root.real).follow_links(false) {
            let entry = match item {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.real.clone());
                    let kind = match err.into_io_error() {
                        Some(io) => ErrorKind::Io(io),
                        None => ErrorKind::Invalid("cannot be walked".into()),
                    };
                    out.problems.push(Error::at(path, kind));
                    continue;
                }
            };
            let name = entry.file_name();
            if name.as_bytes().ends_with(b".so") {
                if name.to_str().is_none() {
                    out.notes.push(Note {
                        path: entry.into_path(),
                        message: "file name is not UTF-8, so no Python can import it; left alone"
                            .into(),
                    });
                    continue;
                }
                let ft = entry.file_type();
                let kind = if ft.is_symlink() {
                    EntryKind::Symlink
                } else if ft.is_dir() {
                    EntryKind::Directory
                } else if ft.is_file() {
                    EntryKind::File
                } else {
                    EntryKind::Other
                };
                out.entries.push(SoEntry {
                    root: index,
                    path: entry.into_path(),
                    kind,
                });
            } else if name == "RECORD" && entry.file_type().is_file() && in_dist_info(entry.path())
            {
                out.records.push(entry.into_path());
            }
        }
    }
    out.entries.sort_by(|a, b| a.path.cmp(&b.path));
    out.records.sort();
    out
}

fn in_dist_info(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .map(OsStr::as_bytes)
        .is_some_and(|n| n.ends_with(b".dist-info"))
}
