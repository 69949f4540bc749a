//! The RECORD rows that follow the planned changes: a renamed module's rows take its new
//! name, a symlink gets a row beside each of its module's.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::{file_name_lossy, ActionKind, FilePlan, Mode, Plan, RecordEdit, Status};
use crate::error::Error;
use crate::tree::record::Record;

/// Decides the RECORD rows that follow the planned renames and symlinks.
pub(super) fn plan_records(plan: &mut Plan, record_paths: &[PathBuf], mode: Mode) {
    let candidates = candidates(&plan.files);
    let names = file_names(&plan.files, &candidates);
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
        let edits = RowEdits::plan(&mut plan.files, &candidates, &record, base, mode);
        if let Some(edit) = edits.into_edit(record_path, &record) {
            plan.records.push(edit);
        }
    }
}

/// Only files with a change (or a symlink to record) can move RECORD rows: usually a handful.
fn candidates(files: &[FilePlan]) -> Vec<usize> {
    files
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.destination.is_some() && (f.action.is_some() || f.status == Status::Linked)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The file names (old and new) of the candidates: a RECORD none of whose rows ends in
/// one of them has nothing to change and is not parsed.
fn file_names(files: &[FilePlan], candidates: &[usize]) -> HashSet<String> {
    candidates
        .iter()
        .flat_map(|&i| [Some(&files[i].path), files[i].destination.as_ref()])
        .flatten()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .collect()
}

/// What a file's change asks of the rows naming it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowChange {
    /// The rows take the new name (or go, if the new name has rows already).
    Move,
    /// Each row gets a copy with the new name (unless the new name has rows already).
    Add,
}

impl RowChange {
    fn of(file: &FilePlan, mode: Mode) -> Option<RowChange> {
        match (file.action, file.status) {
            (Some(ActionKind::Rename | ActionKind::Finish), _) => Some(RowChange::Move),
            (Some(ActionKind::Symlink), _) => Some(RowChange::Add),
            (None, Status::Linked) if mode == Mode::Symlink => Some(RowChange::Add),
            _ => None,
        }
    }
}

/// The row edits of one RECORD, as [`Record::render`] takes them.
#[derive(Default)]
struct RowEdits {
    replace: Vec<(usize, Vec<String>)>,
    insert: Vec<(usize, Vec<String>)>,
    remove: Vec<usize>,
}

impl RowEdits {
    /// The edits that follow the candidates' changes. A linked module whose row is missing
    /// gets the action of adding it.
    fn plan(
        files: &mut [FilePlan],
        candidates: &[usize],
        record: &Record,
        base: &Path,
        mode: Mode,
    ) -> Self {
        let index = RowIndex::new(base, record);
        let mut edits = RowEdits::default();
        for &i in candidates {
            edits.follow(&mut files[i], record, &index, mode);
        }
        edits
    }

    /// The edits that follow one file's change.
    fn follow(&mut self, file: &mut FilePlan, record: &Record, index: &RowIndex, mode: Mode) {
        let Some(dest) = file.destination.clone() else {
            return;
        };
        let Some(change) = RowChange::of(file, mode) else {
            return;
        };
        let dest_listed = !index.find(&dest).is_empty();
        let dest_name = file_name_lossy(&dest);
        for i in index.find(&file.path) {
            let mut fields = record.rows[i].fields.clone();
            fields[0] = with_file_name(&fields[0], &dest_name);
            match (change, dest_listed) {
                (RowChange::Move, false) => self.replace.push((i, fields)),
                (RowChange::Move, true) => self.remove.push(i),
                (RowChange::Add, false) => {
                    if file.action.is_none() {
                        file.action = Some(ActionKind::Record);
                    }
                    self.insert.push((i, fields))
                }
                (RowChange::Add, true) => {}
            }
        }
    }

    /// The rewrite of `record`, if there is anything to change.
    fn into_edit(self, path: &Path, record: &Record) -> Option<RecordEdit> {
        if self.replace.is_empty() && self.insert.is_empty() && self.remove.is_empty() {
            return None;
        }
        Some(RecordEdit {
            path: path.to_path_buf(),
            text: record.render(&self.replace, &self.insert, &self.remove),
            rows_changed: self.replace.len() + self.remove.len(),
            rows_added: self.insert.len(),
            done: false,
        })
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
