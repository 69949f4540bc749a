//! One pass over the roots: every `*.so` entry, every `*.dist-info/RECORD`, and what could
//! not be read. Never follows a symlink (so no loops), never stats what it does not need.

use std::ffi::OsStr;
use std::fs::FileType;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::plan::Note;
use crate::error::{Error, ErrorKind};

/// A root to walk: as the user named it, and its real location.
#[derive(Clone, Debug)]
pub struct Root {
    /// The root as the user named it, for reports.
    pub shown: PathBuf,
    /// Its real (canonical) path, walked.
    pub real: PathBuf,
}

/// What kind of directory entry a `*.so` name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A symbolic link (not followed by the walk).
    Symlink,
    /// A directory.
    Directory,
    /// Anything else: a device, a FIFO, a socket.
    Other,
}

/// A `*.so` entry under a root.
#[derive(Clone, Debug)]
pub struct SoEntry {
    /// Index of its root in the roots walked.
    pub root: usize,
    /// Real path (under the root's real path).
    pub path: PathBuf,
    /// What kind of entry it is.
    pub kind: EntryKind,
}

/// What one pass over the roots found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every `*.so` entry with a UTF-8 name, in path order.
    pub entries: Vec<SoEntry>,
    /// `*.dist-info/RECORD` files (real paths).
    pub records: Vec<PathBuf>,
    /// Parts of the tree that could not be read.
    pub problems: Vec<Error>,
    /// `*.so` names that are not UTF-8: no Python imports them, nothing to fix.
    pub notes: Vec<Note>,
}

/// Walks every root once, without following symlinks.
pub fn walk(roots: &[Root]) -> Walked {
    let mut out = Walked::default();
    for (index, root) in roots.iter().enumerate() {
        for item in WalkDir::new(&root.real).follow_links(false) {
            match item {
                Ok(entry) => out.keep(index, entry),
                Err(err) => out.problems.push(walk_error(root, err)),
            }
        }
    }
    out.entries.sort_by(|a, b| a.path.cmp(&b.path));
    out.records.sort();
    out
}

impl Walked {
    /// Keeps an entry if it is a `*.so` or a `*.dist-info/RECORD`.
    fn keep(&mut self, root: usize, entry: DirEntry) {
        let name = entry.file_name();
        if name.as_bytes().ends_with(b".so") {
            if name.to_str().is_none() {
                self.notes.push(Note {
                    path: entry.into_path(),
                    message: "file name is not UTF-8, so no Python can import it; left alone"
                        .into(),
                });
                return;
            }
            let kind = entry_kind(entry.file_type());
            self.entries.push(SoEntry {
                root,
                path: entry.into_path(),
                kind,
            });
        } else if name == "RECORD" && entry.file_type().is_file() && in_dist_info(entry.path()) {
            self.records.push(entry.into_path());
        }
    }
}

/// A part of the tree that could not be walked, on its path (or the root's).
fn walk_error(root: &Root, err: walkdir::Error) -> Error {
    let path = err
        .path()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.real.clone());
    let kind = match err.into_io_error() {
        Some(io) => ErrorKind::Io(io),
        None => ErrorKind::Invalid("cannot be walked".into()),
    };
    Error::at(path, kind)
}

fn entry_kind(ft: FileType) -> EntryKind {
    if ft.is_symlink() {
        EntryKind::Symlink
    } else if ft.is_dir() {
        EntryKind::Directory
    } else if ft.is_file() {
        EntryKind::File
    } else {
        EntryKind::Other
    }
}

fn in_dist_info(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .map(OsStr::as_bytes)
        .is_some_and(|n| n.ends_with(b".dist-info"))
}
