//! The text report: changes and the summary on stdout, problems and notes on stderr.

use std::fmt::Write as _;
use std::path::Path;

use super::{ReportContext, Summary, TreeCommand};
use crate::tree::plan::{ActionKind, FilePlan, Plan};

/// Text report: (stdout, stderr).
pub fn text(ctx: &ReportContext, plan: &Plan) -> (String, String) {
    let mut out = String::new();
    let mut err = String::new();
    if ctx.verbose {
        let target = ctx.target;
        let _ = writeln!(
            out,
            "target: {} ({})",
            target.ext_suffix,
            target.origin.describe()
        );
    }
    for file in &plan.files {
        file_line(&mut out, ctx, plan, file);
    }
    record_lines(&mut out, plan);
    problems_and_notes(&mut err, ctx, plan);
    let s = Summary::of(plan);
    let _ = writeln!(
        out,
        "{} .so file(s): {} ok, {} fixed, {} to fix, {} cannot fix, {} left alone; {} problem(s)",
        s.files, s.ok, s.fixed, s.to_fix, s.cannot_fix, s.left_alone, s.problems
    );
    (out, err)
}

/// How a change is spoken of: made, not made (`fix` tried), or to be made.
fn verb(plan: &Plan, done: bool, [made, not_made, to_make]: [&'static str; 3]) -> &'static str {
    if done {
        made
    } else if plan.applied && !plan.blocked {
        not_made
    } else {
        to_make
    }
}

/// The line for one file: its change, or with `-v` its status.
fn file_line(out: &mut String, ctx: &ReportContext, plan: &Plan, file: &FilePlan) {
    let shown = plan.shown(file.root, &file.path);
    let destination = file.destination.as_deref();
    let dest_name = destination
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy());
    let dest_name = dest_name.unwrap_or_default();
    let verb = |verbs| verb(plan, file.done, verbs);
    let _ = match file.action {
        Some(ActionKind::Rename) | Some(ActionKind::Finish) => {
            let verb = verb(["renamed", "not renamed", "would rename"]);
            writeln!(out, "{verb}: {} -> {dest_name}", shown.display())
        }
        Some(ActionKind::Symlink) => {
            let link = plan.shown(file.root, destination.unwrap_or(Path::new("")));
            let target_name = file.path.file_name().unwrap_or_default().to_string_lossy();
            let verb = verb(["symlinked", "not symlinked", "would symlink"]);
            writeln!(out, "{verb}: {} -> {target_name}", link.display())
        }
        Some(ActionKind::Record) => {
            let verb = verb(["recorded", "not recorded", "would record"]);
            writeln!(out, "{verb}: {} ({dest_name})", shown.display())
        }
        None if ctx.verbose => {
            let (colon, message) = match file.message.as_deref() {
                Some(message) => (": ", message),
                None => ("", ""),
            };
            let status = file.status.name();
            writeln!(out, "{status}: {}{colon}{message}", shown.display())
        }
        None => Ok(()),
    };
}

/// A line for each RECORD to edit.
fn record_lines(out: &mut String, plan: &Plan) {
    for edit in &plan.records {
        let _ = writeln!(
            out,
            "{}: {} ({} row(s) changed, {} added)",
            verb(plan, edit.done, ["updated", "not updated", "would update"]),
            plan.shown_any(&edit.path).display(),
            edit.rows_changed,
            edit.rows_added
        );
    }
}

/// stderr: problems, notes, and why nothing was changed.
fn problems_and_notes(err: &mut String, ctx: &ReportContext, plan: &Plan) {
    for problem in &plan.problems {
        match problem.path().map(|p| plan.shown_any(p)) {
            Some(p) => {
                let _ = writeln!(err, "maturin-fix: {}: {}", p.display(), problem.message());
            }
            None => {
                let _ = writeln!(err, "maturin-fix: {}", problem.message());
            }
        }
    }
    for note in &plan.notes {
        let path = plan.shown_any(&note.path);
        let _ = writeln!(
            err,
            "maturin-fix: note: {}: {}",
            path.display(),
            note.message
        );
    }
    if plan.blocked && ctx.command == TreeCommand::Fix {
        let _ = writeln!(
            err,
            "maturin-fix: nothing was changed: resolve the conflicts above first"
        );
    }
}
