//! Helpers for tests that run the real `maturin-fix` binary on temporary trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_maturin-fix");

/// ELF machine numbers used by the tests (from the ELF specification).
pub const EM_ARM: u16 = 40;
pub const EM_MIPS: u16 = 8;
pub const EM_PPC: u16 = 20;
pub const EM_AARCH64: u16 = 183;
pub const EM_X86_64: u16 = 62;
pub const EM_386: u16 = 3;

/// A fake but well-formed ELF shared object header, followed by `tag` so that files differ.
pub fn elf(bits: u8, big_endian: bool, machine: u16, tag: &str) -> Vec<u8> {
    let mut h = vec![0u8; 64];
    h[..4].copy_from_slice(b"\x7fELF");
    h[4] = if bits == 64 { 2 } else { 1 };
    h[5] = if big_endian { 2 } else { 1 };
    h[6] = 1;
    let half = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    h[16..18].copy_from_slice(&half(3)); // ET_DYN
    h[18..20].copy_from_slice(&half(machine));
    h.extend_from_slice(tag.as_bytes());
    h
}

pub fn arm32(tag: &str) -> Vec<u8> {
    elf(32, false, EM_ARM, tag)
}

/// A sysconfigdata file in oe-core's one-key-per-line layout.
pub fn sysconfigdata(ext_suffix: &str, version: &str, abiflags: &str, multiarch: &str) -> String {
    let soabi = ext_suffix.trim_start_matches('.').trim_end_matches(".so");
    format!(
        "# system configuration generated and used by the sysconfig module\n\
         build_time_vars = {{'ABIFLAGS': '{abiflags}',\n 'EXT_SUFFIX': '{ext_suffix}',\n \
         'MULTIARCH': '{multiarch}',\n 'SOABI': '{soabi}',\n 'VERSION': '{version}'}}\n"
    )
}

/// A temporary directory with a tree to fix, a place for a sysroot, and helpers.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn symlink(&self, target: &str, rel: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, path).unwrap();
    }

    /// A Yocto-style sysroot for `ext_suffix` under `sysroot/`; returns the file.
    pub fn sysroot(
        &self,
        ext_suffix: &str,
        version: &str,
        abiflags: &str,
        multiarch: &str,
    ) -> PathBuf {
        let name = format!(
            "sysroot/usr/lib/python{version}/_sysconfigdata_{abiflags}_linux_{multiarch}.py"
        );
        self.write(
            &name,
            sysconfigdata(ext_suffix, version, abiflags, multiarch),
        )
    }

    /// Runs the binary with `args` (paths relative to the scratch dir work, as it is the cwd).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args).current_dir(self.dir.path());
        for (k, _) in std::env::vars() {
            if k.starts_with("MATURIN_FIX_") {
                cmd.env_remove(k);
            }
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("run maturin-fix");
        Run {
            output,
            tree: self.tree(),
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Runs the binary as an unprivileged user (nobody, through setpriv when the tests run
    /// as root), so that file modes bind.
    pub fn run_unprivileged(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        use std::os::unix::fs::MetadataExt;
        let is_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
        let mut cmd = if is_root {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
            cmd
        } else {
            Command::new(BIN)
        };
        cmd.args(args).current_dir(self.dir.path());
        for (k, _) in std::env::vars() {
            if k.starts_with("MATURIN_FIX_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(env.iter().copied());
        let output = cmd.output().expect("run maturin-fix");
        Run {
            output,
            tree: self.tree(),
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// Lets the unprivileged user of [`Scratch::run_unprivileged`] reach and change the tree.
    pub fn open_to_all(&self) {
        let chmod = Command::new("chmod")
            .args(["-R", "a+rwX"])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(chmod.success());
    }

    /// Every entry below the scratch dir: files with content, links with target, dirs.
    pub fn tree(&self) -> Tree {
        let mut tree = Tree::default();
        walk(self.dir.path(), self.dir.path(), &mut tree);
        tree
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
    Special,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree(pub BTreeMap<PathBuf, Node>);

impl Tree {
    pub fn has(&self, rel: &str) -> bool {
        self.0.contains_key(Path::new(rel))
    }

    pub fn file(&self, rel: &str) -> Option<&[u8]> {
        match self.0.get(Path::new(rel)) {
            Some(Node::File(c)) => Some(c),
            _ => None,
        }
    }

    pub fn text(&self, rel: &str) -> String {
        String::from_utf8_lossy(
            self.file(rel)
                .unwrap_or_else(|| panic!("no file {rel}\n{self}")),
        )
        .into_owned()
    }

    pub fn link(&self, rel: &str) -> Option<&Path> {
        match self.0.get(Path::new(rel)) {
            Some(Node::Link(t)) => Some(t),
            _ => None,
        }
    }
}

impl std::fmt::Display for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (path, node) in &self.0 {
            match node {
                Node::Dir => writeln!(f, "  {}/", path.display())?,
                Node::File(c) => writeln!(f, "  {} ({} bytes)", path.display(), c.len())?,
                Node::Link(t) => writeln!(f, "  {} -> {}", path.display(), t.display())?,
                Node::Special => writeln!(f, "  {} (special file)", path.display())?,
            }
        }
        Ok(())
    }
}

fn walk(base: &Path, dir: &Path, tree: &mut Tree) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(base).unwrap().to_path_buf();
        let ft = entry.file_type().unwrap();
        if ft.is_symlink() {
            tree.0
                .insert(rel, Node::Link(std::fs::read_link(&path).unwrap()));
        } else if ft.is_dir() {
            tree.0.insert(rel, Node::Dir);
            walk(base, &path, tree);
        } else if ft.is_file() {
            tree.0
                .insert(rel, Node::File(std::fs::read(&path).unwrap_or_default()));
        } else {
            // FIFOs, sockets, devices: never opened (opening a FIFO would block).
            tree.0.insert(rel, Node::Special);
        }
    }
}

/// The outcome of one run, printable in full when an assertion fails.
pub struct Run {
    pub output: Output,
    pub tree: Tree,
    pub args: Vec<String>,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Asserts the exit code, printing everything on failure.
    pub fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code(), code, "unexpected exit code\n{self}");
        self
    }

    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(
            self.stdout().contains(text),
            "stdout lacks {text:?}\n{self}"
        );
        self
    }

    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr().contains(text),
            "stderr lacks {text:?}\n{self}"
        );
        self
    }

    /// A field of the JSON report, read by the host's Python (an independent JSON reader).
    pub fn json(&self, expression: &str) -> String {
        let out = Command::new("python3")
            .args([
                "-c",
                &format!(
                    "import json,sys; d=json.load(sys.stdin); print(json.dumps({expression}))"
                ),
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(&self.output.stdout)?;
                child.wait_with_output()
            })
            .expect("python3");
        assert!(
            out.status.success(),
            "not JSON: {}\n{self}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        let _ = writeln!(s, "$ maturin-fix {}", self.args.join(" "));
        let _ = writeln!(s, "exit: {:?}", self.output.status.code());
        let _ = writeln!(s, "stdout:\n{}", self.stdout());
        let _ = writeln!(s, "stderr:\n{}", self.stderr());
        let _ = write!(s, "tree after:\n{}", self.tree);
        f.write_str(&s)
    }
}

/// Bytes of a name, for non-UTF-8 tests.
pub fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_bytes()
}
