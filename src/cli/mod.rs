//! The command line: options, and their MATURIN_FIX_* defaults (clap's `env`), resolved
//! into a [`Config`].

mod command;

pub use command::command;

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Command};

use crate::error::{Error, Result};
use crate::interpreter::{Source, SysrootQuery, TripleQuery};
use crate::suffix::PyVersion;
use crate::tree::plan::Mode;
use command::{command_with, SourceKind, Variables, FLOAT_ABIS, FORMATS, MODES, MUSL_BUILDS};

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// `fix`: change the tree.
    Fix {
        /// `--dry-run`: only say what would change.
        dry_run: bool,
    },
    /// `check`: say what `fix` would change; change nothing.
    Check,
    /// `suffix`: print the target's EXT_SUFFIX.
    Suffix {
        /// `--triplet`: print its platform triplet instead.
        triplet: bool,
    },
}

/// How to report (`--format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people: one line per change, problems on stderr.
    Text,
    /// For QA checks and CI: one JSON object on stdout.
    Json,
}

/// Everything `run` needs, decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// What to do.
    pub job: Job,
    /// Where the target's suffix comes from.
    pub source: Source,
    /// The trees to walk (none for `suffix`).
    pub roots: Vec<PathBuf>,
    /// Where the roots came from, for messages: `--root` or `MATURIN_FIX_ROOT`.
    pub roots_from: String,
    /// What the target must be, where the source itself decides it (`--sysconfigdata`,
    /// `--ext-suffix`): a disagreement is an error, never silently ignored.
    pub expected: Expected,
    /// Rename or symlink.
    pub mode: Mode,
    /// How to report.
    pub format: Format,
    /// Say where the suffix came from, and list every `.so` file.
    pub verbose: bool,
}

/// `--python` / `--abiflags` given with a source that states them itself, and where each
/// was given (option or variable), for the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    /// The Python version, and `--python` or `MATURIN_FIX_PYTHON`.
    pub python: Option<(PyVersion, String)>,
    /// The ABI flags, and `--abiflags` or `MATURIN_FIX_ABIFLAGS`.
    pub abiflags: Option<(String, String)>,
}

/// Why the command line could not become a [`Config`].
#[derive(Debug)]
pub enum ParseError {
    /// clap's own (usage, --help, --version): it knows how to print and exit.
    Clap(clap::Error),
    /// The options parsed but say something unusable; `Format` is how to report it.
    Config(Error, Format),
}

/// Parses arguments and the environment into a [`Config`].
pub fn parse<I, T>(args: I) -> Result<Config, ParseError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // clap parses the command line alone first: given the variables, it would count them
    // in the conflict of two sources (clap-rs/clap#5591) and check their values by the
    // options' rules. A default must do neither: a source on the command line hides the
    // variables for the others (a devshell exports those for --sysroot), an empty variable
    // counts as unset, a bad value is named by its variable, and one that is not UTF-8 is
    // refused only where it counts. So clap parses once more with the variables and takes
    // every value raw; Given does the rest. --help names the variables.
    if let Err(e) = matches(Variables::Ignored, &args) {
        return Err(ParseError::Clap(match e.kind() {
            ErrorKind::DisplayHelp => matches(Variables::Shown, &args).err().unwrap_or(e),
            _ => e,
        }));
    }
    let (command, matches) = matches(Variables::Read, &args).map_err(ParseError::Clap)?;
    let (name, matches) = matches.subcommand().expect("a subcommand is required");
    let given = Given {
        command: command.find_subcommand(name).expect("clap matched it"),
        matches,
    };
    let format = format_of(matches);
    resolve(name, &given).map_err(|e| ParseError::Config(e, format))
}

/// clap's parse, and the command it was parsed with (which knows each option's variable).
fn matches(
    variables: Variables,
    args: &[OsString],
) -> std::result::Result<(Command, ArgMatches), clap::Error> {
    let mut command = command_with(variables);
    let matches = command.try_get_matches_from_mut(args)?;
    Ok((command, matches))
}

/// `--format`, which has no variable.
fn format_of(m: &ArgMatches) -> Format {
    m.get_one::<String>("format")
        .and_then(|name| lookup(&FORMATS, name))
        .unwrap_or(Format::Text)
}

/// The value `name` stands for in `table`.
fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| *value)
}

/// One subcommand's matches, and the command that knows each option's variable.
struct Given<'a> {
    command: &'a Command,
    matches: &'a ArgMatches,
}

impl Given<'_> {
    fn arg(&self, id: &str) -> Option<&Arg> {
        self.command.get_arguments().find(|arg| arg.get_id() == id)
    }

    /// The variable behind an option, as clap has it.
    fn variable(&self, id: &str) -> &str {
        let variable = self.arg(id).and_then(Arg::get_env);
        // The variables are named in ASCII (command.rs).
        variable.and_then(OsStr::to_str).unwrap_or_default()
    }

    fn on_command_line(&self, id: &str) -> bool {
        self.matches.value_source(id) == Some(ValueSource::CommandLine)
    }

    /// An option's value, from the command line (checked by clap) or else its variable
    /// (raw); an empty variable counts as unset.
    fn raw(&self, id: &str) -> Option<&OsString> {
        let value = self.matches.get_one::<OsString>(id)?;
        match self.matches.value_source(id) {
            Some(ValueSource::EnvVariable) if value.is_empty() => None,
            _ => Some(value),
        }
    }

    fn path(&self, id: &str) -> Option<PathBuf> {
        self.raw(id).map(PathBuf::from)
    }

    /// Only a variable can fail here: clap has checked the command line.
    fn text(&self, id: &str) -> Result<Option<String>> {
        let Some(value) = self.raw(id) else {
            return Ok(None);
        };
        match value.to_str() {
            Some(text) => Ok(Some(text.to_owned())),
            None => Err(Error::usage(format!("{} is not UTF-8", self.variable(id)))),
        }
    }

    /// Where an option's value was given, for a message: `--python` or `MATURIN_FIX_PYTHON`.
    fn given_as(&self, id: &str) -> String {
        if self.on_command_line(id) {
            format!("--{id}")
        } else {
            self.variable(id).to_string()
        }
    }

    /// One of `table`'s values; only a variable can name another (clap has checked the
    /// command line).
    fn choice<T: Copy>(&self, id: &str, table: &[(&str, T)]) -> Result<Option<T>> {
        let Some(name) = self.text(id)? else {
            return Ok(None);
        };
        lookup(table, &name).map(Some).ok_or_else(|| {
            let names: Vec<&str> = table.iter().map(|(n, _)| *n).collect();
            let (last, others) = names.split_last().expect("a table has values");
            Error::usage(format!(
                "{}={name:?}: expected {} or {last}",
                self.variable(id),
                others.join(", ")
            ))
        })
    }
}

fn resolve(name: &str, given: &Given) -> Result<Config> {
    let m = given.matches;
    let job = job(name, m);
    let kind = source_kind(given)?;
    let python = python(given)?;
    let abiflags = given.text("abiflags")?;
    only_options_that_apply(given, kind)?;
    let source = source(given, kind, python, abiflags.clone())?;
    let (roots, roots_from, mode) = match job {
        Job::Suffix { .. } => (Vec::new(), "--root".to_string(), Mode::Rename),
        _ => {
            let (roots, from) = roots(given)?;
            let mode = given.choice("mode", &MODES)?.unwrap_or(Mode::Rename);
            (roots, from, mode)
        }
    };
    Ok(Config {
        job,
        expected: expected(&source, given, python, abiflags),
        source,
        roots,
        roots_from,
        mode,
        format: format_of(m),
        verbose: m.get_flag("verbose"),
    })
}

fn job(name: &str, m: &ArgMatches) -> Job {
    match name {
        "fix" => Job::Fix {
            dry_run: m.get_flag("dry-run"),
        },
        "check" => Job::Check,
        _ => Job::Suffix {
            triplet: m.get_flag("triplet"),
        },
    }
}

/// `--python`, or MATURIN_FIX_PYTHON; a malformed one is named where it was given.
fn python(given: &Given) -> Result<Option<PyVersion>> {
    let python = given.text("python")?;
    let parse = |v: String| {
        PyVersion::parse(&v).ok_or_else(|| {
            let separator = if given.on_command_line("python") {
                " "
            } else {
                "="
            };
            let name = given.given_as("python");
            Error::usage(format!("{name}{separator}{v:?}: expected X.Y, e.g. 3.12"))
        })
    };
    python.map(parse).transpose()
}

/// The trees to walk, and where they were given: `--root` (repeatable) or the
/// ':'-separated MATURIN_FIX_ROOT.
fn roots(given: &Given) -> Result<(Vec<PathBuf>, String)> {
    let roots: Vec<PathBuf> = if given.on_command_line("root") {
        let roots = given.matches.get_many::<OsString>("root").into_iter();
        roots.flatten().map(PathBuf::from).collect()
    } else {
        let list = given.raw("root").map(std::env::split_paths);
        let roots = list.into_iter().flatten();
        roots.filter(|p| !p.as_os_str().is_empty()).collect()
    };
    if roots.is_empty() {
        return Err(Error::usage(format!(
            "no tree given: use --root DIR (or {})",
            given.variable("root")
        )));
    }
    Ok((roots, given.given_as("root")))
}

/// `--python`/`--abiflags` next to a source that states them itself, and where each was
/// given.
fn expected(
    source: &Source,
    given: &Given,
    python: Option<PyVersion>,
    abiflags: Option<String>,
) -> Expected {
    if !matches!(source, Source::Sysconfigdata(_) | Source::ExtSuffix(_)) {
        return Expected::default();
    }
    Expected {
        python: python.map(|p| (p, given.given_as("python"))),
        abiflags: abiflags.map(|a| (a, given.given_as("abiflags"))),
    }
}

fn source(
    given: &Given,
    kind: SourceKind,
    python: Option<PyVersion>,
    abiflags: Option<String>,
) -> Result<Source> {
    Ok(match kind {
        SourceKind::Sysconfigdata => {
            Source::Sysconfigdata(given.path("sysconfigdata").unwrap_or_default())
        }
        SourceKind::Sysroot => Source::Sysroot(SysrootQuery {
            sysroot: given.path("sysroot").unwrap_or_default(),
            python,
            abiflags,
            libdir: given.path("libdir"),
        }),
        SourceKind::ExtSuffix => Source::ExtSuffix(given.text("ext-suffix")?.unwrap_or_default()),
        SourceKind::Target => Source::Triple(triple_query(given, python, abiflags)?),
    })
}

/// The source on the command line (clap lets one through), or else the one variable set.
fn source_kind(given: &Given) -> Result<SourceKind> {
    let all = SourceKind::ALL;
    if let Some(kind) = all.into_iter().find(|k| given.on_command_line(k.id())) {
        return Ok(kind);
    }
    let set: Vec<SourceKind> = all
        .into_iter()
        .filter(|k| given.raw(k.id()).is_some())
        .collect();
    match set.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::usage(
            "no target given: use --sysconfigdata FILE, --sysroot DIR, --ext-suffix SUFFIX \
             or --target TRIPLE --python X.Y (or a MATURIN_FIX_* variable)",
        )),
        several => {
            let names: Vec<&str> = several.iter().map(|k| given.variable(k.id())).collect();
            Err(Error::usage(format!(
                "several targets in the environment ({}): unset all but one, or pass one option",
                names.join(", ")
            )))
        }
    }
}

/// An option for another source is an error where it is given, and ignored where it is
/// only a variable (a devshell exports those for `--sysroot`).
fn only_options_that_apply(given: &Given, kind: SourceKind) -> Result<()> {
    for (option, applies) in [
        ("libdir", kind == SourceKind::Sysroot),
        ("float-abi", kind == SourceKind::Target),
        ("musl-build", kind == SourceKind::Target),
    ] {
        if given.on_command_line(option) && !applies {
            return Err(Error::usage(format!(
                "--{option} does not apply to --{}",
                kind.id()
            )));
        }
    }
    Ok(())
}

fn triple_query(
    given: &Given,
    python: Option<PyVersion>,
    abiflags: Option<String>,
) -> Result<TripleQuery> {
    let triple = given.text("target")?.unwrap_or_default();
    let python = python
        .ok_or_else(|| Error::usage("--target needs --python X.Y (the target's Python version)"))?;
    Ok(TripleQuery {
        triple,
        python,
        abiflags: abiflags.unwrap_or_default(),
        float_abi: given.choice("float-abi", &FLOAT_ABIS)?,
        musl_build: given.choice("musl-build", &MUSL_BUILDS)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpreter::{FloatAbi, MuslBuild};

    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;
    use std::sync::{Mutex, PoisonError};

    /// `parse` reads the process environment, which every test thread shares: one test at
    /// a time sets it.
    static ENVIRONMENT: Mutex<()> = Mutex::new(());

    /// The MATURIN_FIX_* environment as it was, put back when a test is done (or panics).
    struct Restore(Vec<(OsString, OsString)>, Vec<OsString>);

    impl Drop for Restore {
        fn drop(&mut self) {
            for name in &self.1 {
                std::env::remove_var(name);
            }
            for (name, value) in &self.0 {
                std::env::set_var(name, value);
            }
        }
    }

    /// Runs `f` with exactly `vars` as the MATURIN_FIX_* environment.
    fn with_env<R>(vars: &[(&str, &OsStr)], f: impl FnOnce() -> R) -> R {
        let _one_at_a_time = ENVIRONMENT.lock().unwrap_or_else(PoisonError::into_inner);
        let inherited: Vec<(OsString, OsString)> = std::env::vars_os()
            .filter(|(name, _)| name.as_bytes().starts_with(b"MATURIN_FIX_"))
            .collect();
        for (name, _) in &inherited {
            std::env::remove_var(name);
        }
        let _restore = Restore(inherited, vars.iter().map(|(k, _)| k.into()).collect());
        for (name, value) in vars {
            std::env::set_var(name, value);
        }
        f()
    }

    fn parsed(args: &[&str], vars: &[(&str, &OsStr)]) -> Result<Config, ParseError> {
        with_env(vars, || parse(args))
    }

    fn config_os(args: &[&str], vars: &[(&str, &OsStr)]) -> Result<Config> {
        match parsed(args, vars) {
            Ok(config) => Ok(config),
            Err(ParseError::Config(e, _)) => Err(e),
            Err(ParseError::Clap(e)) => panic!("clap refuses {args:?}: {e}"),
        }
    }

    fn config(args: &[&str], vars: &[(&str, &str)]) -> Result<Config> {
        let vars: Vec<(&str, &OsStr)> = vars.iter().map(|(k, v)| (*k, OsStr::new(v))).collect();
        config_os(args, &vars)
    }

    fn clap_error(args: &[&str], vars: &[(&str, &str)]) -> clap::Error {
        let vars: Vec<(&str, &OsStr)> = vars.iter().map(|(k, v)| (*k, OsStr::new(v))).collect();
        match parsed(args, &vars) {
            Err(ParseError::Clap(e)) => e,
            other => panic!("clap accepts {args:?}: {other:?}"),
        }
    }

    fn message(args: &[&str], vars: &[(&str, &str)]) -> String {
        config(args, vars).unwrap_err().to_string()
    }

    #[test]
    fn the_command_line_is_consistent() {
        for variables in [Variables::Ignored, Variables::Shown, Variables::Read] {
            command_with(variables).debug_assert();
        }
    }

    #[test]
    fn environment_fills_in_and_the_command_line_wins() {
        let vars = [
            ("MATURIN_FIX_ROOT", "/a:/b"),
            ("MATURIN_FIX_SYSCONFIGDATA", "/s.py"),
            ("MATURIN_FIX_MODE", "symlink"),
        ];
        let c = config(&["maturin-fix", "check"], &vars).unwrap();
        assert_eq!(c.roots, [PathBuf::from("/a"), PathBuf::from("/b")]);
        assert_eq!(c.source, Source::Sysconfigdata("/s.py".into()));
        assert_eq!(c.mode, Mode::Symlink);
        let c = config(
            &[
                "maturin-fix",
                "fix",
                "--root",
                "/x",
                "--ext-suffix",
                ".cpython-312.so",
            ],
            &vars,
        )
        .unwrap();
        assert_eq!(c.roots, [PathBuf::from("/x")]);
        assert_eq!(c.source, Source::ExtSuffix(".cpython-312.so".into()));
    }

    #[test]
    fn a_variable_is_named_as_it_is_spelled() {
        let bad = OsStr::from_bytes(b".cpython-312\xff.so");
        let err = config_os(
            &["maturin-fix", "suffix"],
            &[("MATURIN_FIX_EXT_SUFFIX", bad)],
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "MATURIN_FIX_EXT_SUFFIX is not UTF-8");
        let target = ["maturin-fix", "suffix", "--target", "t", "--python", "3.12"];
        assert_eq!(
            message(&target, &[("MATURIN_FIX_MUSL_BUILD", "x")]),
            "MATURIN_FIX_MUSL_BUILD=\"x\": expected cross or native"
        );
        assert_eq!(
            message(&target, &[("MATURIN_FIX_FLOAT_ABI", "x")]),
            "MATURIN_FIX_FLOAT_ABI=\"x\": expected hard, soft or single"
        );
        let tree = ["maturin-fix", "check", "--root", "r", "--ext-suffix", "x"];
        assert_eq!(
            message(&tree, &[("MATURIN_FIX_MODE", "copy")]),
            "MATURIN_FIX_MODE=\"copy\": expected rename or symlink"
        );
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let c = config(
            &["maturin-fix", "check"],
            &[
                ("MATURIN_FIX_ROOT", "/r"),
                ("MATURIN_FIX_EXT_SUFFIX", ""),
                ("MATURIN_FIX_SYSROOT", "/s"),
                ("MATURIN_FIX_PYTHON", ""),
                ("MATURIN_FIX_ABIFLAGS", ""),
                ("MATURIN_FIX_LIBDIR", ""),
                ("MATURIN_FIX_MODE", ""),
            ],
        )
        .unwrap();
        assert_eq!(
            c.source,
            Source::Sysroot(SysrootQuery {
                sysroot: "/s".into(),
                python: None,
                abiflags: None,
                libdir: None,
            })
        );
        assert_eq!(c.mode, Mode::Rename);
        let target = ["maturin-fix", "suffix", "--target", "t"];
        assert!(message(&target, &[("MATURIN_FIX_PYTHON", "")]).contains("needs --python"));
        let tree = ["maturin-fix", "check", "--ext-suffix", "x"];
        for roots in ["", ":", "::"] {
            let err = message(&tree, &[("MATURIN_FIX_ROOT", roots)]);
            assert!(err.contains("no tree given"), "{roots:?}: {err}");
        }
        let err = message(&["maturin-fix", "suffix"], &[("MATURIN_FIX_SYSROOT", "")]);
        assert!(err.contains("no target given"), "{err}");
    }

    #[test]
    fn the_roots_come_from_one_place_and_say_which() {
        let tree = ["maturin-fix", "check", "--ext-suffix", "x"];
        let c = config(&tree, &[("MATURIN_FIX_ROOT", "/a::/b:")]).unwrap();
        assert_eq!(c.roots, [PathBuf::from("/a"), PathBuf::from("/b")]);
        assert_eq!(c.roots_from, "MATURIN_FIX_ROOT");
        let mut args = tree.to_vec();
        args.extend(["--root", "/x", "--root", "/y"]);
        let c = config(&args, &[("MATURIN_FIX_ROOT", "/a")]).unwrap();
        assert_eq!(c.roots, [PathBuf::from("/x"), PathBuf::from("/y")]);
        assert_eq!(c.roots_from, "--root");
        let c = config(&["maturin-fix", "suffix", "--ext-suffix", "x"], &[]).unwrap();
        assert_eq!((c.roots.len(), c.roots_from.as_str()), (0, "--root"));
    }

    #[test]
    fn a_source_on_the_command_line_hides_those_in_the_environment() {
        // As in a devshell: the variables for --sysroot are exported, --ext-suffix is given.
        let vars = [
            ("MATURIN_FIX_SYSROOT", "/s"),
            ("MATURIN_FIX_LIBDIR", "/usr/lib"),
            ("MATURIN_FIX_PYTHON", "3.12"),
            ("MATURIN_FIX_TARGET", "t"),
            ("MATURIN_FIX_SYSCONFIGDATA", "/s.py"),
            ("MATURIN_FIX_FLOAT_ABI", "hard"),
            ("MATURIN_FIX_MUSL_BUILD", "cross"),
        ];
        let c = config(&["maturin-fix", "suffix", "--ext-suffix", "x"], &vars).unwrap();
        assert_eq!(c.source, Source::ExtSuffix("x".into()));
        // An option that does not apply is an error only where it is given.
        let c = config(&["maturin-fix", "suffix", "--sysroot", "/r"], &vars).unwrap();
        assert!(matches!(c.source, Source::Sysroot(ref q) if q.sysroot == Path::new("/r")));
        let c = config(
            &["maturin-fix", "suffix"],
            &[("MATURIN_FIX_EXT_SUFFIX", "x"), ("MATURIN_FIX_LIBDIR", "l")],
        )
        .unwrap();
        assert_eq!(c.source, Source::ExtSuffix("x".into()));
        let err = message(
            &["maturin-fix", "suffix", "--libdir", "l"],
            &[("MATURIN_FIX_EXT_SUFFIX", "x")],
        );
        assert_eq!(err, "--libdir does not apply to --ext-suffix");
    }

    #[test]
    fn a_variable_is_read_only_where_it_counts() {
        let bad = OsStr::from_bytes(b"\xff");
        let unused = [
            ("MATURIN_FIX_TARGET", bad),
            ("MATURIN_FIX_SYSCONFIGDATA", bad),
            ("MATURIN_FIX_FLOAT_ABI", bad),
            ("MATURIN_FIX_MUSL_BUILD", bad),
            ("MATURIN_FIX_MODE", bad),
            ("MATURIN_FIX_ROOT", bad),
        ];
        let args = [
            "maturin-fix",
            "suffix",
            "--ext-suffix",
            "x",
            "--python",
            "3.12",
        ];
        config_os(&args, &unused).unwrap();
        for (name, args) in [
            (
                "MATURIN_FIX_PYTHON",
                &["maturin-fix", "suffix", "--sysroot", "/s"][..],
            ),
            (
                "MATURIN_FIX_ABIFLAGS",
                &["maturin-fix", "suffix", "--sysroot", "/s"][..],
            ),
            (
                "MATURIN_FIX_TARGET",
                &["maturin-fix", "suffix", "--python", "3.12"][..],
            ),
            (
                "MATURIN_FIX_MODE",
                &["maturin-fix", "check", "--root", "r", "--ext-suffix", "x"][..],
            ),
        ] {
            let err = config_os(args, &[(name, bad)]).unwrap_err().to_string();
            assert_eq!(err, format!("{name} is not UTF-8"));
        }
        // A path is a path, UTF-8 or not.
        let c = config_os(
            &["maturin-fix", "check"],
            &[
                ("MATURIN_FIX_SYSROOT", bad),
                ("MATURIN_FIX_ROOT", OsStr::from_bytes(b"/a:\xff")),
            ],
        )
        .unwrap();
        assert!(matches!(c.source, Source::Sysroot(ref q) if q.sysroot.as_os_str() == bad));
        assert_eq!(c.roots, [PathBuf::from("/a"), PathBuf::from(bad)]);
    }

    #[test]
    fn the_command_line_wins_for_every_option() {
        let vars = [
            ("MATURIN_FIX_PYTHON", "nonsense"),
            ("MATURIN_FIX_ABIFLAGS", "d"),
            ("MATURIN_FIX_FLOAT_ABI", "nonsense"),
            ("MATURIN_FIX_MUSL_BUILD", "nonsense"),
            ("MATURIN_FIX_MODE", "nonsense"),
            ("MATURIN_FIX_TARGET", "env-triple"),
        ];
        let c = config(
            &[
                "maturin-fix",
                "fix",
                "--root",
                "r",
                "--target",
                "t",
                "--python",
                "3.12",
                "--abiflags",
                "t",
                "--float-abi",
                "soft",
                "--musl-build",
                "native",
                "--mode",
                "symlink",
            ],
            &vars,
        )
        .unwrap();
        assert_eq!(
            c.source,
            Source::Triple(TripleQuery {
                triple: "t".into(),
                python: PyVersion::parse("3.12").unwrap(),
                abiflags: "t".into(),
                float_abi: Some(FloatAbi::Soft),
                musl_build: Some(MuslBuild::Native),
            })
        );
        assert_eq!(c.mode, Mode::Symlink);
        let c = config(
            &["maturin-fix", "suffix", "--python", "3.13"],
            &[vars[0], vars[5]],
        )
        .unwrap();
        assert!(matches!(c.source, Source::Triple(ref q) if q.triple == "env-triple"));
    }

    #[test]
    fn expected_values_name_where_they_came_from() {
        let args = ["maturin-fix", "suffix", "--ext-suffix", "x"];
        let vars = [
            ("MATURIN_FIX_PYTHON", "3.13"),
            ("MATURIN_FIX_ABIFLAGS", "d"),
        ];
        let c = config(&args, &vars).unwrap();
        assert_eq!(
            c.expected,
            Expected {
                python: Some((
                    PyVersion::parse("3.13").unwrap(),
                    "MATURIN_FIX_PYTHON".into()
                )),
                abiflags: Some(("d".into(), "MATURIN_FIX_ABIFLAGS".into())),
            }
        );
        let mut given = args.to_vec();
        given.extend(["--python", "3.12", "--abiflags", "t"]);
        let c = config(&given, &vars).unwrap();
        assert_eq!(
            c.expected,
            Expected {
                python: Some((PyVersion::parse("3.12").unwrap(), "--python".into())),
                abiflags: Some(("t".into(), "--abiflags".into())),
            }
        );
        // No expectation where the source does not state them.
        let c = config(&["maturin-fix", "suffix", "--sysroot", "/s"], &vars).unwrap();
        assert_eq!(c.expected, Expected::default());
        assert_eq!(
            message(&args, &[("MATURIN_FIX_PYTHON", "313")]),
            "MATURIN_FIX_PYTHON=\"313\": expected X.Y, e.g. 3.12"
        );
    }

    #[test]
    fn clap_alone_judges_the_command_line() {
        use clap::error::ErrorKind;
        let vars = [
            ("MATURIN_FIX_ROOT", "/r"),
            ("MATURIN_FIX_PYTHON", "3.12"),
            ("MATURIN_FIX_MODE", "symlink"),
            ("MATURIN_FIX_SYSROOT", "/s"),
        ];
        for (args, kind) in [
            (
                "check --sysroot a --ext-suffix b",
                ErrorKind::ArgumentConflict,
            ),
            (
                "suffix --ext-suffix a --target b --sysconfigdata c",
                ErrorKind::ArgumentConflict,
            ),
            (
                "check --root r --ext-suffix x --mode copy",
                ErrorKind::InvalidValue,
            ),
            (
                "suffix --target t --python 3.12 --float-abi x",
                ErrorKind::InvalidValue,
            ),
            ("check --root=", ErrorKind::InvalidValue),
            ("suffix --sysroot", ErrorKind::InvalidValue),
            ("suffix --root r", ErrorKind::UnknownArgument),
            ("check --help", ErrorKind::DisplayHelp),
        ] {
            let args: Vec<&str> = ["maturin-fix"].into_iter().chain(args.split(' ')).collect();
            let bare = clap_error(&args, &[]);
            let with_env = clap_error(&args, &vars);
            assert_eq!(bare.kind(), kind, "{args:?}: {bare}");
            assert_eq!(with_env.kind(), kind, "{args:?}: {with_env}");
            if kind != ErrorKind::DisplayHelp {
                assert_eq!(bare.to_string(), with_env.to_string(), "{args:?}");
            }
        }
    }

    #[test]
    fn a_non_utf8_option_is_clap_s_to_refuse() {
        use clap::error::ErrorKind;
        let bad = OsStr::from_bytes(b"\xff");
        for option in [
            "--ext-suffix",
            "--target",
            "--python",
            "--abiflags",
            "--mode",
        ] {
            let args = [
                OsStr::new("maturin-fix"),
                OsStr::new("check"),
                OsStr::new(option),
                bad,
            ];
            let err = with_env(&[], || parse(args)).unwrap_err();
            assert!(
                matches!(err, ParseError::Clap(ref e) if e.kind() == ErrorKind::InvalidUtf8),
                "{option}: {err:?}"
            );
        }
    }

    #[test]
    fn help_names_every_variable() {
        let mut command = command();
        for (sub, variables) in [
            ("fix", &ALL[..]),
            ("check", &ALL[..]),
            ("suffix", &ALL[1..10]),
        ] {
            let help = command
                .find_subcommand_mut(sub)
                .unwrap()
                .render_help()
                .to_string();
            for variable in variables {
                assert!(
                    help.contains(&format!("[env: {variable}]")),
                    "{sub}: {variable}\n{help}"
                );
            }
        }
    }

    const ALL: [&str; 11] = [
        "MATURIN_FIX_ROOT",
        "MATURIN_FIX_SYSCONFIGDATA",
        "MATURIN_FIX_SYSROOT",
        "MATURIN_FIX_EXT_SUFFIX",
        "MATURIN_FIX_TARGET",
        "MATURIN_FIX_PYTHON",
        "MATURIN_FIX_ABIFLAGS",
        "MATURIN_FIX_LIBDIR",
        "MATURIN_FIX_FLOAT_ABI",
        "MATURIN_FIX_MUSL_BUILD",
        "MATURIN_FIX_MODE",
    ];

    #[test]
    fn usage_errors_say_what_to_do() {
        for (args, vars, expected) in [
            (
                &["maturin-fix", "check", "--root", "r"][..],
                &[][..],
                "no target given",
            ),
            (
                &["maturin-fix", "check", "--ext-suffix", "x"][..],
                &[][..],
                "no tree given",
            ),
            (
                &[
                    "maturin-fix",
                    "suffix",
                    "--target",
                    "x86_64-unknown-linux-gnu",
                ][..],
                &[][..],
                "needs --python",
            ),
            (
                &[
                    "maturin-fix",
                    "suffix",
                    "--sysroot",
                    "s",
                    "--float-abi",
                    "hard",
                ][..],
                &[][..],
                "does not apply",
            ),
            (
                &["maturin-fix", "suffix", "--sysroot", "s", "--python", "312"][..],
                &[][..],
                "expected X.Y",
            ),
            (
                &["maturin-fix", "suffix"][..],
                &[("MATURIN_FIX_SYSROOT", "/s"), ("MATURIN_FIX_TARGET", "t")][..],
                "MATURIN_FIX_SYSROOT, MATURIN_FIX_TARGET",
            ),
        ] {
            let err = config(args, vars).unwrap_err().to_string();
            assert!(err.contains(expected), "{args:?}: {err}");
        }
    }
}
