//! The one error type: what went wrong, and with which file or input.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// An error about one file or one input, carrying the path it concerns (if any).
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
        line: usize,
        column: usize,
        message: String,
    },
    /// A file or value is well-formed but says something unusable.
    Invalid(String),
    /// The command line (or a MATURIN_FIX_* variable) is wrong.
    Usage(String),
    /// Renaming would clash with something already there.
    Conflict(String),
}

impl Error {
    pub fn new(kind: ErrorKind) -> Self {
        Error { path: None, kind }
    }

    pub fn at(path: impl Into<PathBuf>, kind: ErrorKind) -> Self {
        Error {
            path: Some(path.into()),
            kind,
        }
    }

    pub fn io(path: impl Into<PathBuf>, err: io::Error) -> Self {
        Error::at(path, ErrorKind::Io(err))
    }

    pub fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::at(path, ErrorKind::Invalid(message.into()))
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Usage(message.into()))
    }

    pub fn conflict(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::at(path, ErrorKind::Conflict(message.into()))
    }

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

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

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
            ErrorKind::Invalid(m) | ErrorKind::Usage(m) | ErrorKind::Conflict(m) => m.clone(),
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
