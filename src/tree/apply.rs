//! Applying a clean plan, in an order that never loses a file: new names first (hard link
//! or symlink), then RECORDs, then the old names go. Interrupted anywhere, the tree still
//! has every module under at least one name, and a re-run finishes the job.

use std::fs::Permissions;
use std::io;
use std::os::unix::fs::symlink;
use std::path::Path;

use super::plan::{ActionKind, Plan};
use crate::error::Error;

/// Every change to the filesystem goes through here: one place to count them (and, in
/// test builds with the `fault-injection` feature, to make the k-th one go wrong).
struct Changes {
    #[cfg(feature = "fault-injection")]
    count: usize,
    #[cfg(feature = "fault-injection")]
    fault: Option<(usize, fault::Fault)>,
}

impl Changes {
    fn new() -> Self {
        Changes {
            #[cfg(feature = "fault-injection")]
            count: 0,
            #[cfg(feature = "fault-injection")]
            fault: fault::from_env(),
        }
    }

    /// Makes one change.
    fn run<T>(&mut self, op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        #[cfg(feature = "fault-injection")]
        if let Some(fault) = self.fault_now() {
            return fault::run(fault, self.count, op);
        }
        op()
    }

    /// Writes a new file with `permissions`: one change.
    fn write(&mut self, path: &Path, bytes: &[u8], permissions: Permissions) -> io::Result<()> {
        #[cfg(feature = "fault-injection")]
        if let Some(fault) = self.fault_now() {
            return fault::write(fault, self.count, path, bytes, permissions);
        }
        write_file(path, bytes, permissions)
    }

    /// Counts a change; the fault to inject into it, if this is the one.
    #[cfg(feature = "fault-injection")]
    fn fault_now(&mut self) -> Option<fault::Fault> {
        self.count += 1;
        self.fault
            .and_then(|(at, fault)| (at == self.count).then_some(fault))
    }
}

/// Writes a new file. One left by a crash is removed first: it may be read-only.
fn write_file(path: &Path, bytes: &[u8], permissions: Permissions) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::write(path, bytes)?;
    std::fs::set_permissions(path, permissions)
}

/// The test-only seam. `MATURIN_FIX_FAIL_AT=k[:how]` makes the k-th change go wrong:
/// `k` or `k:before`, it fails before it is made; `k:crash`, the process dies right after
/// it is made (nothing cleaned up, nothing reported); `k:short`, a file write stores only
/// half of its bytes, then fails as a full disk would; `k:torn`, the process dies in the
/// middle of a file write. `short` and `torn` act as `before` on changes that write no file.
#[cfg(feature = "fault-injection")]
mod fault {
    use std::fs::Permissions;
    use std::io;
    use std::path::Path;

    /// How the chosen change goes wrong.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Fault {
        /// It fails before it is made.
        Before,
        /// The process dies right after it is made.
        Crash,
        /// A file write stores half its bytes, then fails.
        Short,
        /// The process dies in the middle of a file write.
        Torn,
    }

    /// The exit status of an injected crash (as a shell reports a SIGKILL).
    const CRASH_STATUS: i32 = 137;

    /// The change number and fault from the environment, if any. A value that cannot be
    /// read stops the run: a test must not pass by injecting nothing.
    pub fn from_env() -> Option<(usize, Fault)> {
        let value = std::env::var("MATURIN_FIX_FAIL_AT").ok()?;
        let (at, how) = value.split_once(':').unwrap_or((&value, "before"));
        let fault = match how {
            "before" => Fault::Before,
            "crash" => Fault::Crash,
            "short" => Fault::Short,
            "torn" => Fault::Torn,
            _ => panic!("MATURIN_FIX_FAIL_AT={value:?}: unknown fault {how:?}"),
        };
        let at = at
            .parse()
            .unwrap_or_else(|_| panic!("MATURIN_FIX_FAIL_AT={value:?}: not a change number"));
        Some((at, fault))
    }

    /// Makes (or not) a change that writes no file, as `fault` says.
    pub fn run<T>(fault: Fault, k: usize, op: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        if fault != Fault::Crash {
            return Err(injected(k));
        }
        let _ = op();
        crash(k)
    }

    /// Writes (or not) a file, as `fault` says.
    pub fn write(
        fault: Fault,
        k: usize,
        path: &Path,
        bytes: &[u8],
        permissions: Permissions,
    ) -> io::Result<()> {
        let half = &bytes[..bytes.len() / 2];
        match fault {
            Fault::Before => Err(injected(k)),
            Fault::Crash => {
                let _ = super::write_file(path, bytes, permissions);
                crash(k)
            }
            Fault::Short => {
                std::fs::write(path, half)?;
                Err(io::Error::other(format!(
                    "injected short write in change #{k}: {} of {} bytes",
                    half.len(),
                    bytes.len()
                )))
            }
            Fault::Torn => {
                let _ = std::fs::write(path, half);
                crash(k)
            }
        }
    }

    fn injected(k: usize) -> io::Error {
        io::Error::other(format!("injected failure of change #{k}"))
    }

    fn crash(k: usize) -> ! {
        eprintln!("maturin-fix: injected crash in change #{k}");
        std::process::exit(CRASH_STATUS)
    }
}

/// Applies the plan; stops at the first failure, which is added to the plan's problems.
pub fn apply(plan: &mut Plan) {
    // Tried, even when blocked: what is not done now is work that could not be done.
    plan.applied = true;
    if plan.blocked {
        return;
    }
    let mut changes = Changes::new();
    if let Err(e) = apply_all(plan, &mut changes) {
        plan.problems.push(e);
    }
}

/// The three steps, in the order that never loses a file.
fn apply_all(plan: &mut Plan, changes: &mut Changes) -> Result<(), Error> {
    add_new_names(plan, changes)?;
    write_records(plan, changes)?;
    remove_old_names(plan, changes)
}

/// 1. The new names: a hard link (or, where there are none, the rename itself) or a symlink.
fn add_new_names(plan: &mut Plan, changes: &mut Changes) -> Result<(), Error> {
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
                            .map_err(|e| new_name_failed(dest, e))?;
                        file.done = true;
                    }
                    Err(e) => return Err(new_name_failed(dest, e)),
                }
            }
            ActionKind::Symlink => {
                let target = file.path.file_name().unwrap_or_default();
                changes
                    .run(|| symlink(target, dest))
                    .map_err(|e| new_name_failed(dest, e))?;
            }
            ActionKind::Finish | ActionKind::Record => {}
        }
    }
    Ok(())
}

/// 2. The RECORDs.
fn write_records(plan: &mut Plan, changes: &mut Changes) -> Result<(), Error> {
    for edit in plan.records.iter_mut() {
        write_record(&edit.path, &edit.text, changes)?;
        edit.done = true;
    }
    Ok(())
}

/// 3. The old names, now that everything points at the new ones.
fn remove_old_names(plan: &mut Plan, changes: &mut Changes) -> Result<(), Error> {
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

/// A new name that could not be made is the directory's problem (read-only, full …):
/// reported on the directory, naming the name.
fn new_name_failed(dest: &Path, e: io::Error) -> Error {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    let dir = dest.parent().unwrap_or(dest);
    Error::invalid(dir, format!("cannot add {name} here: {e}"))
}

/// The hard link is refused, not failed: EPERM on file systems (vfat, some FUSE) that
/// have no hard links; EXDEV and ENOTSUP alike (Linux's numbers).
fn link_unsupported(e: &io::Error) -> bool {
    const EPERM: i32 = 1;
    const EXDEV: i32 = 18;
    const ENOTSUP: i32 = 95;
    matches!(e.raw_os_error(), Some(EPERM | EXDEV | ENOTSUP))
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
        .write(&tmp, text.as_bytes(), permissions)
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, e)
        })?;
    changes.run(|| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
