//! One `*.so` entry's verdict: what its name means to the target and, for a misnamed
//! module, what `fix` does about it, judged on the filesystem as it stands.

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{ActionKind, FilePlan, Mode, Status};
use crate::interpreter::Target;
use crate::tree::classify::{classify_name, NameClass};
use crate::tree::elf::{self, Fit};
use crate::tree::walk::{EntryKind, Root, SoEntry};

/// Linux's errno for a symbolic link loop.
const ELOOP: i32 = 40;

/// The verdict on one entry, and its action if it is misnamed.
pub(super) fn plan_file(root: &Root, entry: &SoEntry, target: &Target, mode: Mode) -> FilePlan {
    let mut file = FilePlan::unjudged(entry);
    match entry.kind {
        EntryKind::Directory => {
            file.message = Some("a directory, not a module".into());
            return file;
        }
        EntryKind::Other => {
            file.message = Some("not a regular file".into());
            return file;
        }
        EntryKind::File | EntryKind::Symlink => {}
    }
    let name = entry
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match classify_name(name, target) {
        NameClass::Ok => rightly_named(&mut file, root, entry),
        NameClass::Abi3 => file.status = Status::Abi3,
        NameClass::Plain => file.status = Status::Plain,
        NameClass::OtherAbi { why } => {
            file.status = Status::OtherAbi;
            file.message = Some(why);
        }
        NameClass::NotExtension { why } => file.message = Some(why),
        NameClass::Misnamed { rename_to } => {
            let rename = Rename::new(root, entry, &rename_to);
            file.status = Status::Misnamed;
            file.destination = Some(rename.destination.clone());
            rename.decide(target, mode).settle(&mut file);
        }
    }
    file
}

/// A name the target imports is fine, unless it is a symlink that cannot be followed.
fn rightly_named(file: &mut FilePlan, root: &Root, entry: &SoEntry) {
    file.status = Status::Ok;
    if entry.kind == EntryKind::Symlink {
        if let Err(why) = resolve_link(root, &entry.path) {
            file.status = Status::Unfollowed;
            file.message = Some(format!("{why}; left alone"));
        }
    }
}

/// A misnamed module and the name the target imports instead.
struct Rename<'a> {
    root: &'a Root,
    entry: &'a SoEntry,
    /// The new file name, for messages.
    name: &'a str,
    /// The new name's path, beside the entry.
    destination: PathBuf,
}

/// What becomes of a misnamed module.
enum Outcome {
    /// The change `fix` makes.
    Act(ActionKind),
    /// Already imported under the right name (a symlink, a hard link, an identical copy):
    /// the status that says so, and how.
    Imported(Status, String),
    /// Built for another C library: not this target's module after all.
    OtherLibc(String),
    /// `fix` should but cannot give it the right name.
    Error(String),
    /// An error that blocks the whole plan.
    Conflict(String),
}

impl Outcome {
    fn settle(self, file: &mut FilePlan) {
        match self {
            Outcome::Act(kind) => file.action = Some(kind),
            Outcome::Imported(status, why) => {
                file.status = status;
                file.message = Some(why);
            }
            Outcome::OtherLibc(why) => {
                file.status = Status::OtherAbi;
                file.destination = None;
                file.message = Some(why);
            }
            Outcome::Error(why) => file.fail(why),
            Outcome::Conflict(why) => file.block(why),
        }
    }
}

impl<'a> Rename<'a> {
    fn new(root: &'a Root, entry: &'a SoEntry, name: &'a str) -> Self {
        Rename {
            root,
            entry,
            name,
            destination: entry.path.with_file_name(name),
        }
    }

    /// The module's bytes must be the target's; then what is at the new name decides.
    fn decide(&self, target: &Target, mode: Mode) -> Outcome {
        let content = match self.content() {
            Ok(content) => content,
            Err(why) => return Outcome::Error(why),
        };
        if let Some(misfit) = misfit(&content, target) {
            return misfit;
        }
        self.against_destination(&content, mode)
    }

    /// The file holding the module: the entry itself, or where its symlink leads.
    fn content(&self) -> Result<PathBuf, String> {
        match self.entry.kind {
            EntryKind::Symlink => resolve_link(self.root, &self.entry.path),
            _ => Ok(self.entry.path.clone()),
        }
    }

    /// Nothing at the new name: the mode's action. Something there: what it is decides.
    fn against_destination(&self, content: &Path, mode: Mode) -> Outcome {
        let name = self.name;
        let dest_meta = match std::fs::symlink_metadata(&self.destination) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Outcome::Act(match mode {
                    Mode::Rename => ActionKind::Rename,
                    Mode::Symlink => ActionKind::Symlink,
                })
            }
            Err(e) => return Outcome::Error(format!("cannot check {name}: {e}")),
        };
        let src_meta = match std::fs::symlink_metadata(&self.entry.path) {
            Ok(meta) => meta,
            Err(e) => return Outcome::Error(format!("cannot read: {e}")),
        };
        if dest_meta.dev() == src_meta.dev() && dest_meta.ino() == src_meta.ino() {
            return self.hard_linked(mode);
        }
        if dest_meta.file_type().is_symlink() {
            return self.symlinked(content);
        }
        if !dest_meta.is_file() {
            return Outcome::Conflict(format!("{name} exists and is not a regular file"));
        }
        self.copied(content)
    }

    /// Both names are one file: a rename that was interrupted after its link.
    fn hard_linked(&self, mode: Mode) -> Outcome {
        match mode {
            Mode::Rename => Outcome::Act(ActionKind::Finish),
            Mode::Symlink => Outcome::Imported(
                Status::Duplicate,
                format!("{} is already the same file (a hard link)", self.name),
            ),
        }
    }

    /// The new name is a symlink: fine if it leads to this module.
    fn symlinked(&self, content: &Path) -> Outcome {
        let leads_here = resolve_link(self.root, &self.destination)
            .ok()
            .zip(std::fs::canonicalize(content).ok())
            .is_some_and(|(a, b)| a == b);
        if leads_here {
            return Outcome::Imported(
                Status::Linked,
                format!("imported through the symlink {}", self.name),
            );
        }
        Outcome::Conflict(format!(
            "{} exists and is a symlink to something else",
            self.name
        ))
    }

    /// The new name is another regular file: fine if it is the same module.
    fn copied(&self, content: &Path) -> Outcome {
        let name = self.name;
        match same_content(content, &self.destination) {
            Ok(true) => Outcome::Imported(
                Status::Duplicate,
                format!("an identical module is already named {name}; left as is"),
            ),
            Ok(false) => Outcome::Conflict(format!("{name} exists with different content")),
            Err(e) => Outcome::Error(format!("cannot compare with {name}: {e}")),
        }
    }
}

/// None when the module is an ELF object for the target; otherwise what it comes to.
fn misfit(content: &Path, target: &Target) -> Option<Outcome> {
    match elf::check_file(content, target) {
        Ok(Fit::Fits) => None,
        Ok(Fit::WrongMachine(why)) => Some(Outcome::Error(format!("{why}; not renamed"))),
        Ok(Fit::LibcUnknown(why)) => Some(Outcome::Error(why)),
        Ok(Fit::OtherLibc(why)) => Some(Outcome::OtherLibc(why)),
        Err(e) => Some(Outcome::Error(format!("cannot read: {e}"))),
    }
}

/// Where a symlink under `root` leads, if it stays inside the root.
fn resolve_link(root: &Root, link: &Path) -> Result<PathBuf, String> {
    match std::fs::canonicalize(link) {
        Ok(real) if real.starts_with(&root.real) => Ok(real),
        Ok(real) => Err(format!(
            "symbolic link leads outside the root (to {}); not followed",
            real.display()
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err("dangling symbolic link".into()),
        Err(e) if e.raw_os_error() == Some(ELOOP) => Err("symbolic link loop".into()),
        Err(e) => Err(format!("cannot follow symbolic link: {e}")),
    }
}

fn same_content(a: &Path, b: &Path) -> io::Result<bool> {
    if std::fs::metadata(a)?.len() != std::fs::metadata(b)?.len() {
        return Ok(false);
    }
    Ok(std::fs::read(a)? == std::fs::read(b)?)
}
