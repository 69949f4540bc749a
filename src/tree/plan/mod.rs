//! Planning: every `*.so` classified, every change decided and checked, nothing touched.
//! A plan with conflicts is blocked: none of it may be applied.
//!
//! One entry's verdict is decided in `file.rs`; the RECORD rows that follow the changes
//! in `records.rs`; what concerns the whole plan (two modules claiming one name, what is
//! reported) here.

mod file;
mod records;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::{walk, Root, SoEntry};
use crate::error::Error;
use crate::interpreter::Target;

/// How a mis-suffixed module is fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Rename the file to the target's name.
    Rename,
    /// Keep the file; add a relative symlink with the target's name.
    Symlink,
}

impl Mode {
    /// The mode as `--mode` and the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Rename => "rename",
            Mode::Symlink => "symlink",
        }
    }
}

/// The verdict on one `*.so` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Named as the target imports it (its EXT_SUFFIX, or another suffix it accepts).
    Ok,
    /// A stable-ABI name (`.abi3.so` and friends): left alone.
    Abi3,
    /// A bare `.so`: imported by every CPython, left alone.
    Plain,
    /// Built for the target but named for another platform: `fix` gives it the right name.
    Misnamed,
    /// Mis-suffixed, but a symlink with the right name already leads to it.
    Linked,
    /// Mis-suffixed, but an identical module already has the right name.
    Duplicate,
    /// A CPython extension for another version, ABI or C library: reported, never renamed.
    OtherAbi,
    /// Not an extension module for CPython (a directory, a library, another
    /// implementation's module …).
    NotExtension,
    /// Rightly named, but a symlink that cannot be followed inside the root (dangling,
    /// a loop, or leading out): what it leads to is not this tool's to judge.
    Unfollowed,
    /// Mis-suffixed, and `fix` cannot give it the right name (conflict, wrong machine …).
    Error,
}

impl Status {
    /// The verdict as the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Abi3 => "abi3",
            Status::Plain => "plain",
            Status::Misnamed => "misnamed",
            Status::Linked => "linked",
            Status::Duplicate => "duplicate",
            Status::OtherAbi => "other-abi",
            Status::NotExtension => "not-extension",
            Status::Unfollowed => "unfollowed-link",
            Status::Error => "error",
        }
    }

    /// Would the target import this module as the tree stands? None: not a module for
    /// this interpreter at all, or a link whose far end cannot be seen from here.
    pub fn importable(self) -> Option<bool> {
        match self {
            Status::Ok | Status::Abi3 | Status::Plain | Status::Linked | Status::Duplicate => {
                Some(true)
            }
            Status::Misnamed | Status::OtherAbi | Status::Error => Some(false),
            Status::NotExtension | Status::Unfollowed => None,
        }
    }
}

/// Something reported about a file that is not this tool's to change.
#[derive(Clone, Debug)]
pub struct Note {
    /// Real path (or, for a root, the root as given).
    pub path: PathBuf,
    /// What was noticed.
    pub message: String,
}

/// The change planned for a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// Link the new name, update RECORD, unlink the old name.
    Rename,
    /// The new name is already the same file (an interrupted rename): update RECORD, unlink.
    Finish,
    /// Add a relative symlink with the new name, and a RECORD row for it.
    Symlink,
    /// The symlink exists; only its RECORD row is missing.
    Record,
}

impl ActionKind {
    /// The action as the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Rename => "rename",
            ActionKind::Finish => "finish",
            ActionKind::Symlink => "symlink",
            ActionKind::Record => "record",
        }
    }
}

/// The verdict on one `*.so` entry, and the change planned for it.
#[derive(Clone, Debug)]
pub struct FilePlan {
    /// Index of its root in [`Plan::roots`].
    pub root: usize,
    /// Real path, under the root's real path.
    pub path: PathBuf,
    /// What the entry is to the target.
    pub status: Status,
    /// The change `fix` makes, if any.
    pub action: Option<ActionKind>,
    /// The name the target imports (real path), for misnamed modules.
    pub destination: Option<PathBuf>,
    /// What the reports say besides the status: why it is left alone, or cannot be fixed.
    pub message: Option<String>,
    /// A conflict blocks the whole plan.
    pub conflict: bool,
    /// Set by apply once the action is complete.
    pub done: bool,
}

impl FilePlan {
    /// An entry not judged yet: not an extension, nothing to do.
    fn unjudged(entry: &SoEntry) -> FilePlan {
        FilePlan {
            root: entry.root,
            path: entry.path.clone(),
            status: Status::NotExtension,
            action: None,
            destination: None,
            message: None,
            conflict: false,
            done: false,
        }
    }

    /// A module `fix` should but cannot fix: no action, and no destination either, so that
    /// no report says what `fix` would name it.
    fn fail(&mut self, why: String) {
        self.status = Status::Error;
        self.action = None;
        self.destination = None;
        self.message = Some(why);
    }

    /// A conflict is an error that blocks the whole plan (see [`check_claims`]).
    fn block(&mut self, why: String) {
        self.fail(format!("conflict: {why}"));
        self.conflict = true;
    }
}

/// A RECORD rewritten by the plan.
#[derive(Clone, Debug)]
pub struct RecordEdit {
    /// The RECORD (real path).
    pub path: PathBuf,
    /// Its whole new text.
    pub text: String,
    /// Rows renamed in place or removed.
    pub rows_changed: usize,
    /// Rows added (for symlinks).
    pub rows_added: usize,
    /// Set by apply once the new text is in place.
    pub done: bool,
}

/// Everything decided about the roots: a verdict per `*.so` entry, the RECORDs to rewrite,
/// and what is reported.
#[derive(Debug)]
pub struct Plan {
    /// The roots, in the order given.
    pub roots: Vec<Root>,
    /// One per `*.so` entry, in path order.
    pub files: Vec<FilePlan>,
    /// The RECORDs to rewrite, in path order.
    pub records: Vec<RecordEdit>,
    /// Everything that makes the exit status 1 besides work to do: parts of the tree that
    /// could not be walked, modules that cannot be fixed, RECORDs that cannot be kept right,
    /// apply failures.
    pub problems: Vec<Error>,
    /// What is reported but not the tool's to change (modules for another Python or C
    /// library, names no Python imports, links not followed, a root without modules).
    pub notes: Vec<Note>,
    /// True when a conflict forbids applying anything.
    pub blocked: bool,
    /// True once `fix` tried to apply the plan: work not done then could not be done.
    pub applied: bool,
}

impl Plan {
    /// The path as the user would write it: under the root they gave.
    pub fn shown(&self, root: usize, real: &Path) -> PathBuf {
        let r = &self.roots[root];
        match real.strip_prefix(&r.real) {
            Ok(rel) if rel.as_os_str().is_empty() => r.shown.clone(),
            Ok(rel) => r.shown.join(rel),
            Err(_) => real.to_path_buf(),
        }
    }

    /// Shows a path that is under some root.
    pub fn shown_any(&self, real: &Path) -> PathBuf {
        match self.roots.iter().position(|r| real.starts_with(&r.real)) {
            Some(i) => self.shown(i, real),
            None => real.to_path_buf(),
        }
    }
}

/// Walks the roots and decides everything.
pub fn plan(roots: Vec<Root>, target: &Target, mode: Mode) -> Plan {
    let walked = walk(&roots);
    let mut plan = Plan {
        roots,
        files: Vec::with_capacity(walked.entries.len()),
        records: Vec::new(),
        problems: walked.problems,
        notes: walked.notes,
        blocked: false,
        applied: false,
    };
    for entry in &walked.entries {
        let file = file::plan_file(&plan.roots[entry.root], entry, target, mode);
        plan.files.push(file);
    }
    check_claims(&mut plan);
    if plan
        .files
        .iter()
        .any(|f| f.action.is_some() || f.status == Status::Linked)
    {
        records::plan_records(&mut plan, &walked.records, mode);
    }
    report_files(&mut plan, &walked.entries);
    plan
}

/// Modules that cannot be fixed are problems; those not the tool's to change are notes,
/// as is a root holding no `*.so` at all (an empty `${D}` looks clean otherwise).
fn report_files(plan: &mut Plan, entries: &[SoEntry]) {
    for file in &plan.files {
        let message = file.message.clone().unwrap_or_default();
        let shown = plan.shown(file.root, &file.path);
        match file.status {
            Status::Error => plan.problems.push(Error::invalid(shown, message)),
            Status::OtherAbi | Status::Unfollowed => plan.notes.push(Note {
                path: shown,
                message,
            }),
            _ => {}
        }
    }
    for (i, root) in plan.roots.iter().enumerate() {
        if !entries.iter().any(|e| e.root == i) {
            plan.notes.push(Note {
                path: root.shown.clone(),
                message: "no .so file here".into(),
            });
        }
    }
}

/// Two modules renamed to one name, and conflicts found per file, block the plan.
fn check_claims(plan: &mut Plan) {
    let mut claims: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (i, file) in plan.files.iter().enumerate() {
        if let (Some(ActionKind::Rename | ActionKind::Symlink), Some(dest)) =
            (file.action, &file.destination)
        {
            claims.entry(dest.clone()).or_default().push(i);
        }
    }
    for (dest, claimants) in claims {
        if claimants.len() < 2 {
            continue;
        }
        let names: Vec<String> = claimants
            .iter()
            .map(|&i| {
                plan.shown(plan.files[i].root, &plan.files[i].path)
                    .display()
                    .to_string()
            })
            .collect();
        let why = format!(
            "{} would all become {}",
            names.join(" and "),
            file_name_lossy(&dest)
        );
        for &i in &claimants {
            plan.files[i].block(why.clone());
        }
    }
    plan.blocked = plan.files.iter().any(|f| f.conflict);
}

/// A path's file name, for messages and RECORD rows.
fn file_name_lossy(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
