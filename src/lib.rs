//! maturin-fix: give Python extension modules the file name the target CPython imports.
//!
//! The target's truth comes from its own sysconfigdata or build-details.json ([`interpreter`]),
//! or from CPython's configure rules applied to a triple; the install tree is walked,
//! planned and only then changed ([`tree`]).

#![warn(missing_docs)]

pub mod cli;
pub mod error;
pub mod interpreter;
pub mod json;
pub mod report;
mod rooted;
pub mod suffix;
pub mod tree;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use cli::{Config, Format, Job};
use error::{Error, Result};
use interpreter::Target;
use report::{ReportContext, Summary, TreeCommand, EXIT_OK};
use tree::walk::Root;

/// Runs a job; Ok holds the exit status ([`Summary::exit_code`], or [`EXIT_OK`] for
/// `suffix`), Err means unusable input ([`report::EXIT_UNUSABLE`]).
pub fn run(config: &Config) -> Result<u8> {
    let target = interpreter::resolve(&config.source)?;
    check_expected(&target, &config.expected)?;
    match config.job {
        Job::Suffix { triplet } => Ok(print_suffix(&target, triplet, config)),
        Job::Check => run_tree(config, &target, TreeCommand::Check, false),
        Job::Fix { dry_run } => run_tree(config, &target, TreeCommand::Fix, dry_run),
    }
}

/// `check` and `fix`: walk the roots, plan, apply (`fix`), report.
fn run_tree(config: &Config, target: &Target, command: TreeCommand, dry_run: bool) -> Result<u8> {
    certain(target)?;
    for note in &target.notes {
        eprintln!("maturin-fix: note: {note}");
    }
    let roots = config
        .roots
        .iter()
        .map(|root| resolve_root(root, &config.roots_from))
        .collect::<Result<Vec<Root>>>()?;
    let mut plan = tree::plan::plan(without_nested(roots), target, config.mode);
    if command == TreeCommand::Fix && !dry_run {
        tree::apply::apply(&mut plan);
    }
    let ctx = ReportContext {
        command,
        dry_run,
        mode: config.mode,
        target,
        verbose: config.verbose,
    };
    match config.format {
        Format::Json => emit(&report::json(&ctx, &plan), ""),
        Format::Text => {
            let (out, err) = report::text(&ctx, &plan);
            emit(&out, &err);
        }
    }
    Ok(Summary::of(&plan).exit_code())
}

/// A tree is changed only for a certain suffix: what is undecided is an error here.
fn certain(target: &Target) -> Result<()> {
    if target.undecided.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "the target's suffix is not certain ({} assumed from {}):",
        target.ext_suffix,
        target.origin.describe()
    );
    for item in &target.undecided {
        message.push_str("\n  - ");
        message.push_str(item);
    }
    Err(Error::usage(message))
}

/// `--python`/`--abiflags` beside a source that states them: they must agree with it.
fn check_expected(target: &Target, expected: &cli::Expected) -> Result<()> {
    let from = target.origin.describe();
    if let Some((python, option)) = &expected.python {
        if *python != target.version {
            return Err(Error::usage(format!(
                "{option} {python} disagrees with the target: {from} is {} (Python {})",
                target.ext_suffix, target.version
            )));
        }
    }
    if let Some((flags, option)) = &expected.abiflags {
        if *flags != target.abiflags {
            return Err(Error::usage(format!(
                "{option} {flags:?} disagrees with the target: {from} is {} (ABI flags {:?})",
                target.ext_suffix, target.abiflags
            )));
        }
    }
    Ok(())
}

/// `suffix`: the answer on stdout alone; where it came from (`-v`), notes and warnings on
/// stderr.
fn print_suffix(target: &Target, triplet: bool, config: &Config) -> u8 {
    if config.format == Format::Json {
        emit(&report::json_suffix(target), "");
        return EXIT_OK;
    }
    let mut err = String::new();
    if config.verbose {
        let _ = writeln!(err, "maturin-fix: from {}", target.origin.describe());
    }
    for note in &target.notes {
        let _ = writeln!(err, "maturin-fix: note: {note}");
    }
    for item in &target.undecided {
        let _ = writeln!(err, "maturin-fix: warning: {item}");
    }
    let answer = if triplet {
        target.platform.as_deref().unwrap_or_default()
    } else {
        &target.ext_suffix
    };
    emit(&format!("{answer}\n"), &err);
    EXIT_OK
}

/// `option` is where the root was given (`--root` or `MATURIN_FIX_ROOT`), for the message.
fn resolve_root(shown: &PathBuf, option: &str) -> Result<Root> {
    let real = std::fs::canonicalize(shown)
        .map_err(|e| Error::invalid(shown, format!("{option}: cannot use this tree: {e}")))?;
    if !real.is_dir() {
        return Err(Error::invalid(
            shown,
            format!("{option}: not a directory (a root is a tree to walk)"),
        ));
    }
    Ok(Root {
        shown: shown.clone(),
        real,
    })
}

/// A root inside another is walked once, as part of the outer one.
fn without_nested(roots: Vec<Root>) -> Vec<Root> {
    let reals: Vec<PathBuf> = roots.iter().map(|r| r.real.clone()).collect();
    roots
        .into_iter()
        .enumerate()
        .filter(|(i, r)| {
            !reals.iter().enumerate().any(|(j, other)| {
                (r.real != *other && r.real.starts_with(other)) || (r.real == *other && j < *i)
            })
        })
        .map(|(_, r)| r)
        .collect()
}

/// Writes reports; a closed pipe (e.g. `| head`) is not an error worth a panic.
fn emit(out: &str, err: &str) {
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    let _ = std::io::stderr().lock().write_all(err.as_bytes());
}
