//! Applying a clean plan, in an order that never loses a file: new names first (hard link
//! or symlink), then RECORDs, then the old names go. Interrupted anywhere, the tree still
//! has every module under at least one name, and a re-run finishes the job.

use std::io;
use std::os::unix::fs::symlink;
use std::path::Path;

use super::plan::{ActionKind, Plan};
use crate::error::Error;

/// Every change to the filesystem goes through here: one place to count them (and, in
/// test builds with the `fault-injection` feature, to make the k-th one fail).
struct Changes {
    #[cfg(feature = "fault-injection")]
    count: usize,
    #[cfg(feature = "fault-injection")]
    fail_at: Option<usize>,
}

impl Changes {
    fn new() -> Self {
        Changes {
            #[cfg(feature = "fault-injection")]
            count: 0,
            #[cfg(feature = "fault-injection")]
            fail_at: std::env::var("MATURIN_FIX_FAIL_AT")
                .ok()
                .and_then(|v| v.parse().ok()),
        }
    }

    fn run<T>(&mut self, op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        #[cfg(feature = "fault-injection")]
        {
            self.count += 1;
            if self.fail_at == Some(self.count) {
                return Err(io::Error::other(format!(
                    "injected failure of change #{}",
                    self.count
                )));
            }
        }
        op()
    }
}

/// Applies the plan; stops at the first failure, which is added to the plan's problems.
pub fn apply(plan: &mut Plan) {
    if plan.blocked {
        return;
    }
    let mut changes = Changes::new();
    if let Err(e) = apply_all(plan, &mut changes) {
        plan.problems.push(e);
    }
}

fn apply_all(plan: &mut Plan, changes: &mut Changes) -> Result<(), Error> {
    // 1. The new names.
    for file in plan.files.iter_mut() {
        let (Some(kind), Some(dest)) = (file.action, file.destination.as_ref()) else {
            continue;
        };
        match kind {
            ActionKind::Rename => {
                let linked = changes.run(|| std::fs::hard_link(&file.path, dest));
                match linked {
                    Ok(()) => {}
                    // File systems without hard links: a plain rename, checked just before.
                    Err(e) if link_unsupported(&e) => {
                        changes
                            .run(|| rename_noreplace(&file.path, dest))
                            .map_err(|e| Error::io(&file.path, e))?;
                        file.done = true;
                    }
                    Err(e) => return Err(Error::io(&file.path, e)),
                }
            }
            ActionKind::Symlink => {
                let target = file.path.file_name().unwrap_or_default();
                changes
                    .run(|| symlink(target, dest))
                    .map_err(|e| Error::io(dest, e))?;
            }
            ActionKind::Finish | ActionKind::Record => {}
        }
    }
    // 2. The RECORDs.
    for edit in plan.records.iter_mut() {
        write_record(&edit.path, &edit.text, changes)?;
        edit.done = true;
    }
    // 3. The old names, now that everything points at the new ones.
    for file in plan.files.iter_mut() {
        match file.action {
            Some(ActionKind::Rename) | Some(ActionKind::Finish) if !file.done => {
                changes
                    .run(|| std::fs::remove_file(&file.path))
                    .map_err(|e| Error::io(&file.path, e))?;
            }
            _ => {}
        }
        if file.action.is_some() {
            file.done = true;
        }
    }
    Ok(())
}

fn link_unsupported(e: &io::Error) -> bool {
    // EPERM: file systems (vfat, some FUSE) that refuse hard links; EXDEV, ENOTSUP alike.
    matches!(e.raw_os_error(), Some(1 | 18 | 95))
}

fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(to) {
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} appeared", to.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::rename(from, to),
        Err(e) => Err(e),
    }
}

/// Replaces a RECORD atomically: a temporary file beside it, renamed over it.
fn write_record(path: &Path, text: &str, changes: &mut Changes) -> Result<(), Error> {
    let tmp = path.with_file_name(".RECORD.maturin-fix.tmp");
    let permissions = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .permissions();
    changes
        .run(|| {
            std::fs::write(&tmp, text)?;
            std::fs::set_permissions(&tmp, permissions)
        })
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, e)
        })?;
    changes.run(|| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
