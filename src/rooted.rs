//! Following symlinks as if a directory were `/`: absolute link targets are re-rooted and
//! `..` stops at the root, so nothing outside the directory is ever reached. Used for
//! sysroots, whose links point at the target's own absolute paths.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Links followed before giving up, as Linux does (ELOOP after 40).
const MAX_LINKS: usize = 40;

/// Resolves `path`, taken relative to `root` (a leading `/` means `root`), following every
/// symlink inside `root`. The result is `root` joined with a link-free relative path.
pub fn resolve_in_root(root: &Path, path: &Path) -> io::Result<PathBuf> {
    let mut pending: VecDeque<OsString> = components(path).collect();
    let mut done: Vec<OsString> = Vec::new();
    let mut links = 0;
    while let Some(name) = pending.pop_front() {
        if name == ".." {
            done.pop();
            continue;
        }
        let candidate: PathBuf = root.join(done.iter().collect::<PathBuf>()).join(&name);
        let meta = std::fs::symlink_metadata(&candidate)?;
        if !meta.file_type().is_symlink() {
            done.push(name);
            continue;
        }
        links += 1;
        if links > MAX_LINKS {
            return Err(io::Error::other(format!(
                "too many levels of symbolic links at {}",
                candidate.display()
            )));
        }
        let target = std::fs::read_link(&candidate)?;
        if target.is_absolute() {
            done.clear();
        }
        for (i, part) in components(&target).enumerate() {
            pending.insert(i, part);
        }
    }
    Ok(root.join(done.iter().collect::<PathBuf>()))
}

/// Normal components and `..`; `/` and `.` vanish.
fn components(path: &Path) -> impl Iterator<Item = OsString> + '_ {
    path.components().filter_map(|c| match c {
        Component::Normal(name) => Some(name.to_os_string()),
        Component::ParentDir => Some(OsString::from("..")),
        Component::RootDir | Component::CurDir | Component::Prefix(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn absolute_and_parent_links_stay_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("usr/lib/python3.12")).unwrap();
        std::fs::write(root.join("usr/lib/python3.12/x.py"), "x").unwrap();
        symlink("/usr/lib", root.join("lib")).unwrap();
        symlink(
            "../../../../../../usr/lib/python3.12/x.py",
            root.join("usr/lib/up.py"),
        )
        .unwrap();
        symlink("/etc/passwd", root.join("escape")).unwrap();

        let got = resolve_in_root(root, Path::new("/lib/python3.12/x.py")).unwrap();
        assert_eq!(got, root.join("usr/lib/python3.12/x.py"));
        let got = resolve_in_root(root, Path::new("usr/lib/up.py")).unwrap();
        assert_eq!(got, root.join("usr/lib/python3.12/x.py"));
        // /etc/passwd of the host is never reached: inside the root it does not exist.
        let err = resolve_in_root(root, Path::new("escape")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn loops_end_in_an_error() {
        let dir = tempfile::tempdir().unwrap();
        symlink("b", dir.path().join("a")).unwrap();
        symlink("a", dir.path().join("b")).unwrap();
        let err = resolve_in_root(dir.path(), Path::new("a")).unwrap_err();
        assert!(err.to_string().contains("too many levels"), "{err}");
    }
}
