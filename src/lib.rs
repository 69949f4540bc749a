//! maturin-fix: give Python extension modules the file name the target CPython imports.
//!
//! The target's truth comes from its own sysconfigdata or build-details.json ([`target`]),
//! or from CPython's configure rules applied to a triple; the install tree is walked,
//! planned and only then changed ([`tree`]).

pub mod cli;
pub mod error;
pub mod report;
mod rooted;
pub mod suffix;
pub mod target;
pub mod tree;

use std::io::Write;
use std::path::PathBuf;

use cli::{Config, Format, Job};
use error::{Error, Result};
use report::{ReportContext, Summary};
use target::Target;
use tree::walk::Root;

/// Runs a job; Ok holds the exit status (0 or 1), Err means unusable input (exit 2).
pub fn run(config: &Config) -> Result<u8> {
    let target = target::resolve(&config.source)?;
    if let Job::Suffix { triplet } = config.job {
        return print_suffix(&target, triplet, config.verbose);
    }
    if !target.undecided.is_empty() {
        let mut message = format!(
            "the target's suffix is not certain ({} assumed from {}):",
            target.ext_suffix,
            target.origin.describe()
        );
        for item in &target.undecided {
            message.push_str("\n  - ");
            message.push_str(item);
        }
        return Err(Error::usage(message));
    }
    for note in &target.notes {
        eprintln!("maturin-fix: note: {note}");
    }
    let roots = config
        .roots
        .iter()
        .map(resolve_root)
        .collect::<Result<Vec<Root>>>()?;
    let roots = without_nested(roots);

    let mut plan = tree::plan::plan(roots, &target, config.mode);
    let (command, dry_run) = match config.job {
        Job::Fix { dry_run } => ("fix", dry_run),
        _ => ("check", false),
    };
    if command == "fix" && !dry_run {
        plan.applied = true;
        tree::apply::apply(&mut plan);
    }
    let ctx = ReportContext {
        command,
        dry_run,
        mode: config.mode.name(),
        target: &target,
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

fn print_suffix(target: &Target, triplet: bool, verbose: bool) -> Result<u8> {
    let mut err = String::new();
    if verbose {
        err.push_str(&format!("maturin-fix: from {}\n", target.origin.describe()));
    }
    for note in &target.notes {
        err.push_str(&format!("maturin-fix: note: {note}\n"));
    }
    for item in &target.undecided {
        err.push_str(&format!("maturin-fix: warning: {item}\n"));
    }
    let answer = if triplet {
        target.platform.clone().unwrap_or_default()
    } else {
        target.ext_suffix.clone()
    };
    emit(&format!("{answer}\n"), &err);
    Ok(0)
}

fn resolve_root(shown: &PathBuf) -> Result<Root> {
    let real = std::fs::canonicalize(shown).map_err(|e| Error::io(shown, e))?;
    if !real.is_dir() {
        return Err(Error::invalid(shown, "--root must be a directory"));
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
