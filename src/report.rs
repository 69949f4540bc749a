//! What `check` and `fix` say: text for people, JSON for QA checks and CI.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::Error;
use crate::interpreter::Target;
use crate::json::write_string;
use crate::tree::plan::{ActionKind, FilePlan, Plan, Status};

/// What became of one `*.so` file: every file is in exactly one category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// The target imports it as it is (abi3 and plain `.so` included).
    Ok,
    /// `fix` made it importable.
    Fixed,
    /// `fix` would change it (`check`, `fix --dry-run`).
    ToFix,
    /// It should be fixed, but cannot be (conflict, wrong machine, a failed change …).
    CannotFix,
    /// Not this tool's to change, and not importable as it is: another Python or C
    /// library, not a module, a link not followed.
    LeftAlone,
}

impl Category {
    pub fn of(file: &FilePlan, applied: bool) -> Category {
        match (file.action, file.done) {
            (Some(_), true) => Category::Fixed,
            (Some(_), false) if applied => Category::CannotFix,
            (Some(_), false) => Category::ToFix,
            (None, _) => match file.status {
                Status::Ok | Status::Abi3 | Status::Plain | Status::Linked | Status::Duplicate => {
                    Category::Ok
                }
                Status::OtherAbi | Status::NotExtension | Status::Unfollowed => Category::LeftAlone,
                Status::Misnamed | Status::Error => Category::CannotFix,
            },
        }
    }
}

/// Counts for the summary line and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub ok: usize,
    pub fixed: usize,
    pub to_fix: usize,
    pub cannot_fix: usize,
    pub left_alone: usize,
    pub problems: usize,
}

impl Summary {
    pub fn of(plan: &Plan) -> Summary {
        let mut s = Summary {
            files: plan.files.len(),
            problems: plan.problems.len(),
            ..Summary::default()
        };
        for file in &plan.files {
            let counter = match Category::of(file, plan.applied) {
                Category::Ok => &mut s.ok,
                Category::Fixed => &mut s.fixed,
                Category::ToFix => &mut s.to_fix,
                Category::CannotFix => &mut s.cannot_fix,
                Category::LeftAlone => &mut s.left_alone,
            };
            *counter += 1;
        }
        s
    }

    /// The one exit policy. 1: work to do, work that could not be done, or a part of the
    /// tree that could not be seen; 0 otherwise. What is left alone never counts.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.to_fix > 0 || self.cannot_fix > 0 || self.problems > 0)
    }
}

pub struct ReportContext<'a> {
    pub command: &'a str,
    pub dry_run: bool,
    pub mode: &'a str,
    pub target: &'a Target,
    pub verbose: bool,
}

/// Text report: (stdout, stderr).
pub fn text(ctx: &ReportContext, plan: &Plan) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    let applied = ctx.command == "fix" && !ctx.dry_run;
    if ctx.verbose {
        let _ = writeln!(
            out,
            "target: {} ({})",
            ctx.target.ext_suffix,
            ctx.target.origin.describe()
        );
    }
    for file in &plan.files {
        let shown = plan.shown(file.root, &file.path);
        let dest_name = file
            .destination
            .as_deref()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let verb = |done: &str, todo: &str| -> String {
            if file.done {
                done.to_string()
            } else if applied && !plan.blocked {
                format!("not {done}")
            } else {
                format!("would {todo}")
            }
        };
        match file.action {
            Some(ActionKind::Rename) | Some(ActionKind::Finish) => {
                let _ = writeln!(
                    out,
                    "{}: {} -> {dest_name}",
                    verb("renamed", "rename"),
                    shown.display()
                );
            }
            Some(ActionKind::Symlink) => {
                let link = plan.shown(
                    file.root,
                    file.destination.as_deref().unwrap_or(Path::new("")),
                );
                let target_name = file.path.file_name().unwrap_or_default().to_string_lossy();
                let _ = writeln!(
                    out,
                    "{}: {} -> {target_name}",
                    verb("symlinked", "symlink"),
                    link.display()
                );
            }
            Some(ActionKind::Record) => {
                let _ = writeln!(
                    out,
                    "{}: {} ({dest_name})",
                    verb("recorded", "record"),
                    shown.display()
                );
            }
            None if ctx.verbose => {
                let note = file
                    .message
                    .as_deref()
                    .map(|m| format!(": {m}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "{}: {}{note}", file.status.name(), shown.display());
            }
            None => {}
        }
    }
    for edit in &plan.records {
        let _ = writeln!(
            out,
            "{}: {} ({} row(s) changed, {} added)",
            if edit.done {
                "updated"
            } else if applied && !plan.blocked {
                "not updated"
            } else {
                "would update"
            },
            plan.shown_any(&edit.path).display(),
            edit.rows_changed,
            edit.rows_added
        );
    }
    for problem in &plan.problems {
        let path = problem.path().map(|p| plan.shown_any(p));
        match path {
            Some(p) => {
                let _ = writeln!(err, "maturin-fix: {}: {}", p.display(), problem.message());
            }
            None => {
                let _ = writeln!(err, "maturin-fix: {}", problem.message());
            }
        }
    }
    for note in &plan.notes {
        let _ = writeln!(
            err,
            "maturin-fix: note: {}: {}",
            plan.shown_any(&note.path).display(),
            note.message
        );
    }
    if plan.blocked && ctx.command == "fix" {
        let _ = writeln!(
            err,
            "maturin-fix: nothing was changed: resolve the conflicts above first"
        );
    }
    let s = Summary::of(plan);
    let _ = writeln!(
        out,
        "{} .so file(s): {} ok, {} fixed, {} to fix, {} cannot fix, {} left alone; {} problem(s)",
        s.files, s.ok, s.fixed, s.to_fix, s.cannot_fix, s.left_alone, s.problems
    );
    (out, err)
}

/// JSON report (one object, one line per member for readability).
pub fn json(ctx: &ReportContext, plan: &Plan) -> String {
    let mut o = String::new();
    o.push_str("{\n  \"command\": ");
    write_string(&mut o, ctx.command);
    let _ = write!(o, ",\n  \"dry_run\": {},\n  \"mode\": ", ctx.dry_run);
    write_string(&mut o, ctx.mode);
    let _ = write!(o, ",\n  \"blocked\": {}", plan.blocked);
    o.push_str(",\n  \"target\": ");
    target_object(&mut o, ctx.target);
    array(&mut o, "files", &plan.files, |o, f| file_object(o, plan, f));
    array(&mut o, "records", &plan.records, |o, edit| {
        o.push_str("{\"path\": ");
        write_string(o, &plan.shown_any(&edit.path).to_string_lossy());
        let _ = write!(
            o,
            ", \"rows_changed\": {}, \"rows_added\": {}, \"done\": {}}}",
            edit.rows_changed, edit.rows_added, edit.done
        );
    });
    array(&mut o, "problems", &plan.problems, |o, problem| {
        let path = problem.path().map(|p| plan.shown_any(p));
        path_message(o, path.as_deref(), &problem.message());
    });
    array(&mut o, "notes", &plan.notes, |o, note| {
        path_message(o, Some(&plan.shown_any(&note.path)), &note.message);
    });
    let s = Summary::of(plan);
    let _ = write!(
        o,
        ",\n  \"summary\": {{\"files\": {}, \"ok\": {}, \"fixed\": {}, \"to_fix\": {}, \"cannot_fix\": {}, \"left_alone\": {}, \"problems\": {}}},\n  \"exit_code\": {}\n}}\n",
        s.files,
        s.ok,
        s.fixed,
        s.to_fix,
        s.cannot_fix,
        s.left_alone,
        s.problems,
        s.exit_code()
    );
    o
}

/// `,\n  "key": [ … ]`, one item a line.
fn array<T>(o: &mut String, key: &str, items: &[T], mut item: impl FnMut(&mut String, &T)) {
    let _ = write!(o, ",\n  \"{key}\": [");
    for (i, value) in items.iter().enumerate() {
        o.push_str(if i == 0 { "\n    " } else { ",\n    " });
        item(o, value);
    }
    o.push_str(if items.is_empty() { "]" } else { "\n  ]" });
}

fn file_object(o: &mut String, plan: &Plan, file: &FilePlan) {
    o.push_str("{\"path\": ");
    write_string(o, &plan.shown(file.root, &file.path).to_string_lossy());
    o.push_str(", \"status\": ");
    write_string(o, file.status.name());
    let importable = match file.status.importable() {
        _ if file.done && file.action.is_some() => "true",
        Some(true) => "true",
        Some(false) => "false",
        None => "null",
    };
    let _ = write!(o, ", \"importable\": {importable}, \"action\": ");
    opt_string(o, file.action.map(ActionKind::name));
    let _ = write!(o, ", \"done\": {}, \"destination\": ", file.done);
    let dest = file
        .destination
        .as_deref()
        .map(|d| plan.shown(file.root, d));
    opt_string(o, dest.as_deref().map(|d| d.to_string_lossy()).as_deref());
    o.push_str(", \"message\": ");
    opt_string(o, file.message.as_deref());
    o.push('}');
}

/// `{"path": …, "message": …}`, for problems, notes and errors.
fn path_message(o: &mut String, path: Option<&Path>, message: &str) {
    o.push_str("{\"path\": ");
    opt_string(o, path.map(|p| p.to_string_lossy()).as_deref());
    o.push_str(", \"message\": ");
    write_string(o, message);
    o.push('}');
}

/// The target as one JSON object.
fn target_object(o: &mut String, t: &Target) {
    o.push_str("{\"ext_suffix\": ");
    write_string(o, &t.ext_suffix);
    o.push_str(", \"python\": ");
    write_string(o, &t.version.to_string());
    o.push_str(", \"abiflags\": ");
    write_string(o, &t.abiflags);
    o.push_str(", \"soabi\": ");
    opt_string(o, t.soabi.as_deref());
    o.push_str(", \"triplet\": ");
    opt_string(o, t.platform.as_deref());
    o.push_str(", \"libc\": ");
    opt_string(o, t.libc.map(|l| l.name()));
    o.push_str(", \"import_suffixes\": ");
    string_array(o, t.import_suffixes.iter().map(String::as_str));
    o.push_str(", \"source\": ");
    write_string(o, t.origin.kind());
    o.push_str(", \"source_path\": ");
    opt_string(o, t.origin.path().map(|p| p.to_string_lossy()).as_deref());
    o.push_str(", \"notes\": ");
    string_array(o, t.notes.iter().map(String::as_str));
    o.push_str(", \"undecided\": ");
    string_array(o, t.undecided.iter().map(String::as_str));
    o.push('}');
}

/// `suffix --format json`: the target, and whether the answer is certain.
pub fn json_suffix(t: &Target) -> String {
    let mut o = String::from("{\n  \"command\": \"suffix\",\n  \"target\": ");
    target_object(&mut o, t);
    let _ = write!(
        o,
        ",\n  \"certain\": {},\n  \"exit_code\": 0\n}}\n",
        t.undecided.is_empty()
    );
    o
}

/// Unusable input (exit 2) as JSON, so that a consumer of `--format json` always gets an
/// object: the reason, and the file or option it concerns.
pub fn json_error(error: &Error) -> String {
    let mut o = String::from("{\n  \"error\": ");
    path_message(&mut o, error.path(), &error.message());
    o.push_str(",\n  \"exit_code\": 2\n}\n");
    o
}

fn opt_string(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => write_string(out, v),
        None => out.push_str("null"),
    }
}

fn string_array<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_string(out, item);
    }
    out.push(']');
}
