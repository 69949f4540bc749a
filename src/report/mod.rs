//! What `check` and `fix` say: text for people ([`text`]), JSON for QA checks and CI
//! ([`json`]); and the exit status, decided here alone.

mod json;
mod text;

pub use json::{json, json_error, json_suffix};
pub use text::text;

use crate::interpreter::Target;
use crate::tree::plan::{FilePlan, Mode, Plan, Status};

/// The exit status when there is nothing left to do (and always for `suffix`).
pub const EXIT_OK: u8 = 0;
/// The exit status of work to do or not done, or of a part of the tree not seen.
pub const EXIT_WORK: u8 = 1;
/// The exit status of a usage error or unusable input: nothing was changed.
pub const EXIT_UNUSABLE: u8 = 2;

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
    /// The file's category; `applied`: `fix` tried to apply the plan.
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
    /// Every `*.so` file seen.
    pub files: usize,
    /// Files in [`Category::Ok`].
    pub ok: usize,
    /// Files in [`Category::Fixed`].
    pub fixed: usize,
    /// Files in [`Category::ToFix`].
    pub to_fix: usize,
    /// Files in [`Category::CannotFix`].
    pub cannot_fix: usize,
    /// Files in [`Category::LeftAlone`].
    pub left_alone: usize,
    /// Problems: files or parts of the tree that could not be read or changed.
    pub problems: usize,
}

impl Summary {
    /// The plan's counts.
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

    /// The one exit policy for a walked tree: work to do, work that could not be done, or
    /// a part of the tree that could not be seen; otherwise none. What is left alone never
    /// counts.
    pub fn exit_code(&self) -> u8 {
        if self.to_fix > 0 || self.cannot_fix > 0 || self.problems > 0 {
            EXIT_WORK
        } else {
            EXIT_OK
        }
    }
}

/// The command whose plan is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeCommand {
    /// `check`: nothing is changed.
    Check,
    /// `fix`: the plan is applied, unless `--dry-run`.
    Fix,
}

impl TreeCommand {
    /// The subcommand's name.
    pub fn name(self) -> &'static str {
        match self {
            TreeCommand::Check => "check",
            TreeCommand::Fix => "fix",
        }
    }
}

/// What a report says besides the plan itself.
pub struct ReportContext<'a> {
    /// `check` or `fix`.
    pub command: TreeCommand,
    /// `fix --dry-run`.
    pub dry_run: bool,
    /// Rename or symlink.
    pub mode: Mode,
    /// The target the plan was made for.
    pub target: &'a Target,
    /// `-v`: the target's origin, and every file.
    pub verbose: bool,
}
