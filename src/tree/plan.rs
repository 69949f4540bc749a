//! Planning: every `*.so` classified, every change decided and checked, nothing touched.
//! A plan with conflicts is blocked: none of it may be applied.

use std::collections::{HashMap, HashSet};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

use super::classify::{classify_name, NameClass};
use super::elf::{self, Fit};
use super::record::Record;
use super::walk::{walk, EntryKind, Root, SoEntry};
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
    Ok,
    Abi3,
    Plain,
    Misnamed,
    /// Mis-suffixed, but a symlink with the right name already leads to it.
    Linked,
    /// Mis-suffixed, but an identical module already has the right name.
    Duplicate,
    OtherAbi,
    NotExtension,
    /// Rightly named, but a symlink that cannot be followed inside the root (dangling,
    /// a loop, or leading out): what it leads to is not this tool's to judge.
    Unfollowed,
    /// Mis-suffixed, and `fix` cannot give it the right name (conflict, wrong machine …).
    Error,
}

impl Status {
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
    pub fn name(self) -> &'static str {
        match self {
            ActionKind::Rename => "rename",
            ActionKind::Finish => "finish",
            ActionKind::Symlink => "symlink",
            ActionKind::Record => "record",
        }
    }
}

#[derive(Clone, Debug)]
pub struct FilePlan {
    pub root: usize,
    /// Real path, under the root's real path.
    pub path: PathBuf,
    pub status: Status,
    pub action: Option<ActionKind>,
    /// The name the target imports (real path), for misnamed modules.
    pub destination: Option<PathBuf>,
    pub message: Option<String>,
    /// A conflict blocks the whole plan.
    pub conflict: bool,
    /// Set by apply once the action is complete.
    pub done: bool,
}

/// A RECORD rewritten by the plan.
#[derive(Clone, Debug)]
pub struct RecordEdit {
    pub path: PathBuf,
    pub text: String,
    pub rows_changed: usize,
    pub rows_added: usize,
    pub done: bool,
}

#[derive(Debug)]
pub struct Plan {
    pub roots: Vec<Root>,
    pub files: Vec<FilePlan>,
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
    pub fn actions(&self) -> impl Iterator<Item = &FilePlan> {
        self.files.iter().filter(|f| f.action.is_some())
    }

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
        let file = plan_file(&plan.roots[entry.root], entry, target, mode);
        plan.files.push(file);
    }
    check_claims(&mut plan);
    if plan
        .files
        .iter()
        .any(|f| f.action.is_some() || f.status == Status::Linked)
    {
        plan_records(&mut plan, &walked.records, mode);
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

fn plan_file(root: &Root, entry: &SoEntry, target: &Target, mode: Mode) -> FilePlan {
    let mut file = FilePlan {
        root: entry.root,
        path: entry.path.clone(),
        status: Status::NotExtension,
        action: None,
        destination: None,
        message: None,
        conflict: false,
        done: false,
    };
    let name = entry
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let class = classify_name(name, target);
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
    let rename_to = match class {
        NameClass::Ok => {
            file.status = Status::Ok;
            if entry.kind == EntryKind::Symlink {
                if let Err(why) = resolve_link(root, &entry.path) {
                    file.status = Status::Unfollowed;
                    file.message = Some(format!("{why}; left alone"));
                }
            }
            return file;
        }
        NameClass::Abi3 => {
            file.status = Status::Abi3;
            return file;
        }
        NameClass::Plain => {
            file.status = Status::Plain;
            return file;
        }
        NameClass::OtherAbi { why } => {
            file.status = Status::OtherAbi;
            file.message = Some(why);
            return file;
        }
        NameClass::NotExtension { why } => {
            file.message = Some(why);
            return file;
        }
        NameClass::Misnamed { rename_to } => rename_to,
    };

    let destination = entry.path.with_file_name(&rename_to);
    file.destination = Some(destination.clone());
    file.status = Status::Misnamed;
    let content = match entry.kind {
        EntryKind::Symlink => match resolve_link(root, &entry.path) {
            Ok(real) => real,
            Err(why) => return error(file, why),
        },
        _ => entry.path.clone(),
    };
    match elf::check_file(&content, target) {
        Ok(Fit::Fits) => {}
        Ok(Fit::WrongMachine(why)) => return error(file, format!("{why}; not renamed")),
        Ok(Fit::LibcUnknown(why)) => return error(file, why),
        Ok(Fit::OtherLibc(why)) => {
            file.status = Status::OtherAbi;
            file.destination = None;
            file.message = Some(why);
            return file;
        }
        Err(e) => return error(file, format!("cannot read: {e}")),
    }

    let dest_meta = match std::fs::symlink_metadata(&destination) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            file.action = Some(match mode {
                Mode::Rename => ActionKind::Rename,
                Mode::Symlink => ActionKind::Symlink,
            });
            return file;
        }
        Err(e) => return error(file, format!("cannot check {rename_to}: {e}")),
    };
    let src_meta = match std::fs::symlink_metadata(&entry.path) {
        Ok(meta) => meta,
        Err(e) => return error(file, format!("cannot read: {e}")),
    };
    if dest_meta.dev() == src_meta.dev() && dest_meta.ino() == src_meta.ino() {
        // Both names are one file: a rename that was interrupted after its link.
        match mode {
            Mode::Rename => file.action = Some(ActionKind::Finish),
            Mode::Symlink => {
                file.status = Status::Duplicate;
                file.message = Some(format!(
                    "{rename_to} is already the same file (a hard link)"
                ));
            }
        }
        return file;
    }
    if dest_meta.file_type().is_symlink() {
        let leads_here = resolve_link(root, &destination)
            .ok()
            .zip(std::fs::canonicalize(&content).ok())
            .is_some_and(|(a, b)| a == b);
        if leads_here {
            file.status = Status::Linked;
            file.message = Some(format!("imported through the symlink {rename_to}"));
            return file;
        }
        return conflict(
            file,
            format!("{rename_to} exists and is a symlink to something else"),
        );
    }
    if !dest_meta.is_file() {
        return conflict(
            file,
            format!("{rename_to} exists and is not a regular file"),
        );
    }
    match same_content(&content, &destination) {
        Ok(true) => {
            file.status = Status::Duplicate;
            file.message = Some(format!(
                "an identical module is already named {rename_to}; left as is"
            ));
            file
        }
        Ok(false) => conflict(file, format!("{rename_to} exists with different content")),
        Err(e) => error(file, format!("cannot compare with {rename_to}: {e}")),
    }
}

/// A module `fix` should but cannot fix: no action, and no destination either, so that no
/// report says what `fix` would name it.
fn error(mut file: FilePlan, why: String) -> FilePlan {
    file.status = Status::Error;
    file.action = None;
    file.destination = None;
    file.message = Some(why);
    file
}

/// A conflict is an error that blocks the whole plan (see [`check_claims`]).
fn conflict(file: FilePlan, why: String) -> FilePlan {
    let mut file = error(file, format!("conflict: {why}"));
    file.conflict = true;
    file
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
        Err(e) if e.raw_os_error() == Some(40) => Err("symbolic link loop".into()),
        Err(e) => Err(format!("cannot follow symbolic link: {e}")),
    }
}

fn same_content(a: &Path, b: &Path) -> io::Result<bool> {
    if std::fs::metadata(a)?.len() != std::fs::metadata(b)?.len() {
        return Ok(false);
    }
    Ok(std::fs::read(a)? == std::fs::read(b)?)
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
        let dest_name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for &i in &claimants {
            let file = std::mem::replace(&mut plan.files[i], placeholder());
            plan.files[i] = conflict(
                file,
                format!("{} would all become {dest_name}", names.join(" and ")),
            );
        }
    }
    plan.blocked = plan.files.iter().any(|f| f.conflict);
}

fn placeholder() -> FilePlan {
    FilePlan {
        root: 0,
        path: PathBuf::new(),
        status: Status::NotExtension,
        action: None,
        destination: None,
        message: None,
        conflict: false,
        done: false,
    }
}

/// Decides the RECORD rows that follow the planned renames and symlinks.
fn plan_records(plan: &mut Plan, record_paths: &[PathBuf], mode: Mode) {
    // Only files with a change (or a symlink to record) can move RECORD rows: usually a handful.
    let candidates: Vec<usize> = plan
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.destination.is_some() && (f.action.is_some() || f.status == Status::Linked)
        })
        .map(|(i, _)| i)
        .collect();
    // The file names (old and new) of the candidates: a RECORD none of whose rows ends in
    // one of them has nothing to change and is not parsed.
    let names: HashSet<String> = candidates
        .iter()
        .flat_map(|&i| {
            [
                Some(&plan.files[i].path),
                plan.files[i].destination.as_ref(),
            ]
        })
        .flatten()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .collect();
    for record_path in record_paths {
        let Some(base) = record_path.parent().and_then(Path::parent) else {
            continue;
        };
        if !candidates
            .iter()
            .any(|&i| plan.files[i].path.starts_with(base))
        {
            continue;
        }
        let record = match read_record(record_path, &names) {
            Ok(None) => continue,
            Ok(Some(record)) => record,
            Err(why) => {
                plan.problems.push(Error::invalid(
                    plan.shown_any(record_path),
                    format!("{why}; nothing changed, since this RECORD could not be kept right"),
                ));
                plan.blocked = true;
                continue;
            }
        };
        let index = RowIndex::new(base, &record);
        let find = |path: &Path| index.find(path);
        let mut replace = Vec::new();
        let mut insert = Vec::new();
        let mut remove = Vec::new();
        for &index in &candidates {
            let file = &mut plan.files[index];
            let Some(dest) = file.destination.clone() else {
                continue;
            };
            let wants_row = match (file.action, file.status) {
                (Some(ActionKind::Rename | ActionKind::Finish), _) => RowChange::Move,
                (Some(ActionKind::Symlink), _) => RowChange::Add,
                (None, Status::Linked) if mode == Mode::Symlink => RowChange::Add,
                _ => continue,
            };
            let dest_listed = !find(&dest).is_empty();
            let dest_name = dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for i in find(&file.path) {
                let mut fields = record.rows[i].fields.clone();
                fields[0] = with_file_name(&fields[0], &dest_name);
                match (wants_row, dest_listed) {
                    (RowChange::Move, false) => replace.push((i, fields)),
                    (RowChange::Move, true) => remove.push(i),
                    (RowChange::Add, false) => {
                        if file.action.is_none() {
                            file.action = Some(ActionKind::Record);
                        }
                        insert.push((i, fields))
                    }
                    (RowChange::Add, true) => {}
                }
            }
        }
        if replace.is_empty() && insert.is_empty() && remove.is_empty() {
            continue;
        }
        let text = record.render(&replace, &insert, &remove);
        plan.records.push(RecordEdit {
            path: record_path.clone(),
            text,
            rows_changed: replace.len() + remove.len(),
            rows_added: insert.len(),
            done: false,
        });
    }
}

/// The rows of one RECORD by the file they name.
struct RowIndex<'a> {
    base: &'a Path,
    /// Resolved row path -> its row indices, ascending: one hash lookup per question.
    relative: HashMap<PathBuf, Vec<usize>>,
    /// Absolute rows name the installed path on the target (`/usr/lib/python3.X/…`).
    absolute: Vec<(usize, &'a Path)>,
}

impl<'a> RowIndex<'a> {
    fn new(base: &'a Path, record: &'a Record) -> Self {
        let mut index = RowIndex {
            base,
            relative: HashMap::new(),
            absolute: Vec::new(),
        };
        for (i, p) in record.paths() {
            match resolve_row(base, p) {
                Some(resolved) => index.relative.entry(resolved).or_default().push(i),
                None => index.absolute.push((i, Path::new(p))),
            }
        }
        index
    }

    /// Every row naming `path`: relative rows that resolve to it, and absolute rows that end
    /// in its path below the RECORD's base (the same file, installed on the target).
    fn find(&self, path: &Path) -> Vec<usize> {
        let mut found = self.relative.get(path).cloned().unwrap_or_default();
        if let Ok(below_base) = path.strip_prefix(self.base) {
            found.extend(
                self.absolute
                    .iter()
                    .filter(|(_, row)| row.ends_with(below_base))
                    .map(|(i, _)| *i),
            );
            found.sort_unstable();
        }
        found
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowChange {
    Move,
    Add,
}

/// Whether a row's path ends in one of `names`: one pass, no allocation. A row whose path
/// is quoted counts as a yes, so that the CSV parser decides.
fn names_a_row(text: &str, names: &HashSet<String>) -> bool {
    // Lines end where Python's csv ends them: LF, CRLF or a lone CR; a BOM is no part of a path.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split(['\r', '\n']).any(|line| {
        let path = line.split(',').next().unwrap_or_default();
        path.starts_with('"')
            || (path.ends_with(".so") && {
                let name = path.rsplit('/').next().unwrap_or(path);
                names.contains(name)
            })
    })
}

/// The parsed RECORD, or None when it names none of `names` (then it is not parsed at all).
fn read_record(path: &Path, names: &HashSet<String>) -> Result<Option<Record>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "RECORD is not UTF-8".to_string())?;
    if !names_a_row(&text, names) {
        return Ok(None);
    }
    Record::parse(&text)
        .map(Some)
        .map_err(|e| format!("malformed RECORD at line {}: {}", e.line, e.message))
}

/// A RECORD row path, relative to the directory holding the .dist-info, made absolute
/// without touching the filesystem. Absolute rows name paths outside this tree: None.
fn resolve_row(base: &Path, row: &str) -> Option<PathBuf> {
    let row = Path::new(row);
    if row.is_absolute() {
        return None;
    }
    let mut out = base.to_path_buf();
    for part in row.components() {
        match part {
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    Some(out)
}

/// `pkg/old.so` → `pkg/new.so`, keeping the row's own directory spelling.
fn with_file_name(row_path: &str, name: &str) -> String {
    match row_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_string(),
    }
}
