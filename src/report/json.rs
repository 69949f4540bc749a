//! The JSON report: one object, one line per member (and per array item) for
//! readability.

use std::fmt::Write as _;
use std::path::Path;

use super::{ReportContext, Summary, EXIT_OK, EXIT_UNUSABLE};
use crate::error::Error;
use crate::interpreter::Target;
use crate::json::write_string;
use crate::tree::plan::{ActionKind, FilePlan, Plan, RecordEdit};

/// JSON report of `check` or `fix`.
pub fn json(ctx: &ReportContext, plan: &Plan) -> String {
    let mut o = String::new();
    o.push_str("{\n  \"command\": ");
    write_string(&mut o, ctx.command.name());
    let _ = write!(o, ",\n  \"dry_run\": {},\n  \"mode\": ", ctx.dry_run);
    write_string(&mut o, ctx.mode.name());
    let _ = write!(o, ",\n  \"blocked\": {}", plan.blocked);
    o.push_str(",\n  \"target\": ");
    target_object(&mut o, ctx.target);
    array(&mut o, "files", &plan.files, |o, f| file_object(o, plan, f));
    array(&mut o, "records", &plan.records, |o, r| {
        record_object(o, plan, r)
    });
    array(&mut o, "problems", &plan.problems, |o, problem| {
        let path = problem.path().map(|p| plan.shown_any(p));
        path_message(o, path.as_deref(), &problem.message());
    });
    array(&mut o, "notes", &plan.notes, |o, note| {
        path_message(o, Some(&plan.shown_any(&note.path)), &note.message);
    });
    summary_and_exit(&mut o, &Summary::of(plan));
    o
}

/// `suffix --format json`: the target, and whether the answer is certain.
pub fn json_suffix(t: &Target) -> String {
    let mut o = String::from("{\n  \"command\": \"suffix\",\n  \"target\": ");
    target_object(&mut o, t);
    let _ = write!(
        o,
        ",\n  \"certain\": {},\n  \"exit_code\": {EXIT_OK}\n}}\n",
        t.undecided.is_empty()
    );
    o
}

/// Unusable input as JSON, so that a consumer of `--format json` always gets an object:
/// the reason, and the file or option it concerns.
pub fn json_error(error: &Error) -> String {
    let mut o = String::from("{\n  \"error\": ");
    path_message(&mut o, error.path(), &error.message());
    let _ = write!(o, ",\n  \"exit_code\": {EXIT_UNUSABLE}\n}}\n");
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

fn record_object(o: &mut String, plan: &Plan, edit: &RecordEdit) {
    o.push_str("{\"path\": ");
    write_string(o, &plan.shown_any(&edit.path).to_string_lossy());
    let _ = write!(
        o,
        ", \"rows_changed\": {}, \"rows_added\": {}, \"done\": {}}}",
        edit.rows_changed, edit.rows_added, edit.done
    );
}

/// The counts, the exit code, and the end of the object.
fn summary_and_exit(o: &mut String, s: &Summary) {
    let _ = write!(
        o,
        ",\n  \"summary\": {{\"files\": {}, \"ok\": {}, \"fixed\": {}, \"to_fix\": {}, \
         \"cannot_fix\": {}, \"left_alone\": {}, \"problems\": {}}},\n  \"exit_code\": {}\n}}\n",
        s.files,
        s.ok,
        s.fixed,
        s.to_fix,
        s.cannot_fix,
        s.left_alone,
        s.problems,
        s.exit_code()
    );
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
