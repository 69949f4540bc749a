//! The one error type: what went wrong, and with which file or input.
//!
//! As in walkdir, an [`Error`] is small: the path it concerns, if any, and an [`ErrorKind`];
//! so every message names its file the same way (`<path>: <message>`). Whether an error
//! ends the run is not its business: an `Err` from `run` is unusable input (exit 2), while
//! the walk collects per-file problems and carries on.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An error about one file or one input, carrying the path it concerns (if any).
///
/// The path is what the user can find: for an option's value it is the option itself
/// (`--target`), for a file in a sysroot the path shown, not the resolved one.
#[derive(Debug)]
pub struct Error {
    path: Option<PathBuf>,
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
pub enum ErrorKind {
    /// The operating system refused (read, stat, rename, …).
    Io(io::Error),
    /// A file is not well-formed: where and why.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column, counted in characters.
        column: usize,
        /// What was expected or found there.
        message: String,
    },
    /// A file or value is well-formed but says something unusable.
    Invalid(String),
    /// The command line (or a MATURIN_FIX_* variable) is wrong.
    Usage(String),
}

impl Error {
    /// An error about no file in particular.
    pub fn new(kind: ErrorKind) -> Self {
        Error { path: None, kind }
    }

    /// An error about `path`.
    pub fn at(path: impl Into<PathBuf>, kind: ErrorKind) -> Self {
        Error {
            path: Some(path.into()),
            kind,
        }
    }

    /// The operating system refused an operation on `path`.
    pub fn io(path: impl Into<PathBuf>, err: io::Error) -> Self {
        Error::at(path, ErrorKind::Io(err))
    }

    /// `path` (a file, or the option whose value is at fault) says something unusable.
    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::at(path, ErrorKind::Invalid(message.into()))
    }

    /// The command line or a MATURIN_FIX_* variable is wrong; no path.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage(message.into()))
    }

    /// `path` is not well-formed at `line`, `column` (both 1-based).
    pub fn syntax(path: impl Into<PathBuf>, line: usize, column: usize, message: String) -> Self {
        Error::at(
            path,
            ErrorKind::Syntax {
                line,
                column,
                message,
            },
        )
    }

    /// The file or input the error concerns, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message without the path, for reports that print the path separately.
    pub fn message(&self) -> String {
        match &self.kind {
            ErrorKind::Io(e) => e.to_string(),
            ErrorKind::Syntax {
                line,
                column,
                message,
            } => format!("line {line}, column {column}: {message}"),
            ErrorKind::Invalid(m) | ErrorKind::Usage(m) => m.clone(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message()),
            None => f.write_str(&self.message()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
