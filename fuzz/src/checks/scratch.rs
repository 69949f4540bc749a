//! A private temporary file for the readers that only take a path (`interpreter::read_any`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Writes `text` to a fresh file, runs `f` on its path, removes the file.
pub fn with_file<T>(name: &str, text: &str, f: impl FnOnce(&std::path::Path) -> T) -> T {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "maturin-fix-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write scratch file");
    let result = f(&path);
    let _ = std::fs::remove_dir_all(&dir);
    result
}
