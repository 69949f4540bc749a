//! The command line: raw options (and MATURIN_FIX_* defaults) resolved into a [`Config`].

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};

use crate::error::{Error, Result};
use crate::interpreter::{FloatAbi, MuslBuild, Source, SysrootQuery, TripleQuery};
use crate::suffix::PyVersion;
use crate::tree::plan::Mode;

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    Fix { dry_run: bool },
    Check,
    Suffix { triplet: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Everything `run` needs, decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub job: Job,
    pub source: Source,
    pub roots: Vec<PathBuf>,
    /// Where the roots came from, for messages: `--root` or `MATURIN_FIX_ROOT`.
    pub roots_from: &'static str,
    /// What the target must be, where the source itself decides it (`--sysconfigdata`,
    /// `--ext-suffix`): a disagreement is an error, never silently ignored.
    pub expected: Expected,
    pub mode: Mode,
    pub format: Format,
    pub verbose: bool,
}

/// `--python` / `--abiflags` given with a source that states them itself, and where each
/// was given (option or variable), for the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    pub python: Option<(PyVersion, String)>,
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

const SOURCE_HELP: &str = "\
TARGET (one of, or the matching MATURIN_FIX_* variable):
  --sysconfigdata FILE   the target's _sysconfigdata_*.py, or build-details.json (3.14+)
  --sysroot DIR          find it in DIR/{usr/lib*,lib*}/python3.*/ or …/python-sysconfigdata/
  --ext-suffix SUFFIX    the suffix itself
  --target TRIPLE        derive it with CPython's configure rules (needs --python)";

const EXIT_HELP: &str = "\
EXIT STATUS:
  0  no work left: every module the tool should fix imports (or `fix` made it so); modules
     not the tool's to change (abi3, plain, another Python, ABI or C library) are only listed
  1  `check` or `fix --dry-run` found work, or `fix` could not do work it should do
     (conflict, a mis-named module not loadable on the target, a RECORD it cannot keep
     right), or part of the tree could not be walked
  2  usage error or unusable input (bad sysconfigdata, unknown triple …); nothing changed

ENVIRONMENT (defaults for the options; the command line wins):
  MATURIN_FIX_ROOT (':'-separated), MATURIN_FIX_SYSCONFIGDATA, MATURIN_FIX_SYSROOT,
  MATURIN_FIX_LIBDIR, MATURIN_FIX_PYTHON, MATURIN_FIX_ABIFLAGS, MATURIN_FIX_EXT_SUFFIX,
  MATURIN_FIX_TARGET, MATURIN_FIX_FLOAT_ABI, MATURIN_FIX_MUSL_BUILD, MATURIN_FIX_MODE";

pub fn command() -> Command {
    Command::new("maturin-fix")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Gives Python extension modules the file name the target CPython imports")
        .long_about(
            "maturin (PyO3) names cross-compiled extension modules from the Rust target triple; \
             the target CPython may expect another name (qemuarm: .cpython-312-armv7l-linux-gnueabihf.so \
             built, .cpython-312-arm-linux-gnueabihf.so imported). maturin-fix reads the target's own \
             suffix and renames (or symlinks) every module the target could not import.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(EXIT_HELP)
        .subcommand(
            tree_command("fix", "Rename (or symlink) every mis-suffixed extension module")
                .arg(
                    Arg::new("dry-run")
                        .long("dry-run")
                        .action(ArgAction::SetTrue)
                        .help("Print the plan; change nothing (exit 1 if there is work)"),
                )
                .after_help(format!(
                    "{SOURCE_HELP}\n\nEXAMPLE:\n  maturin-fix fix --root image/usr/lib/python3.12/site-packages \\\n      \
                     --sysroot recipe-sysroot --python 3.12\n\n{EXIT_HELP}"
                )),
        )
        .subcommand(
            tree_command("check", "Report modules the target could not import; change nothing")
                .after_help(format!(
                    "{SOURCE_HELP}\n\nEXAMPLE:\n  maturin-fix check --root image \\\n      \
                     --sysconfigdata recipe-sysroot/usr/lib/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py \
                     --format json\n\n{EXIT_HELP}"
                )),
        )
        .subcommand(
            source_args(Command::new("suffix"))
                .about("Print the target's EXT_SUFFIX (or, with --triplet, its platform triplet)")
                .arg(
                    Arg::new("triplet")
                        .long("triplet")
                        .action(ArgAction::SetTrue)
                        .help("Print the platform triplet instead (an empty line if the target has none)"),
                )
                .arg(verbose_arg())
                .arg(format_arg())
                .after_help(format!(
                    "{SOURCE_HELP}\n\nThe answer goes to stdout alone; where it came from (-v) and \
                     warnings go to stderr.\n\nEXAMPLES:\n  maturin-fix suffix --sysroot recipe-sysroot\n  \
                     maturin-fix suffix --target armv7-poky-linux-gnueabihf --python 3.12\n  \
                     maturin-fix suffix --target mips64-poky-linux-gnu --python 3.13 --float-abi hard --triplet"
                )),
        )
}

fn tree_command(name: &'static str, about: &'static str) -> Command {
    let command = Command::new(name)
        .about(about)
        .arg(
            Arg::new("root")
                .long("root")
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .action(ArgAction::Append)
                .help("Tree to walk (repeatable), e.g. ${D}${PYTHON_SITEPACKAGES_DIR} [env: MATURIN_FIX_ROOT]"),
        )
        .arg(
            Arg::new("mode")
                .long("mode")
                .value_name("MODE")
                .value_parser(["rename", "symlink"])
                .help("rename: give the module the target's name (default); symlink: add a relative \
                       symlink with that name [env: MATURIN_FIX_MODE]"),
        )
        .arg(verbose_arg())
        .arg(format_arg());
    source_args(command)
}

fn format_arg() -> Arg {
    Arg::new("format")
        .long("format")
        .value_name("FORMAT")
        .value_parser(["text", "json"])
        .default_value("text")
        .help("text for people, json for QA checks and CI")
}

fn verbose_arg() -> Arg {
    Arg::new("verbose")
        .short('v')
        .long("verbose")
        .action(ArgAction::SetTrue)
        .help("Also say where the target's suffix came from and list every .so file")
}

fn source_args(command: Command) -> Command {
    let path = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value)
            .value_parser(clap::value_parser!(PathBuf))
            .help(help)
    };
    let text = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name(value).help(help)
    };
    command
        .arg(path(
            "sysconfigdata",
            "FILE",
            "The target's _sysconfigdata_*.py or build-details.json [env: MATURIN_FIX_SYSCONFIGDATA]",
        ))
        .arg(path(
            "sysroot",
            "DIR",
            "A sysroot holding the target python3 (e.g. ${STAGING_DIR_HOST}) [env: MATURIN_FIX_SYSROOT]",
        ))
        .arg(text(
            "ext-suffix",
            "SUFFIX",
            "The target's EXT_SUFFIX, e.g. .cpython-312-arm-linux-gnueabihf.so [env: MATURIN_FIX_EXT_SUFFIX]",
        ))
        .arg(text(
            "target",
            "TRIPLE",
            "Rust, Yocto or GNU target triple, e.g. armv7-poky-linux-gnueabihf [env: MATURIN_FIX_TARGET]",
        ))
        .group(ArgGroup::new("source").args(["sysconfigdata", "sysroot", "ext-suffix", "target"]))
        .arg(text(
            "python",
            "X.Y",
            "Target Python version: required with --target; picks one with --sysroot [env: MATURIN_FIX_PYTHON]",
        ))
        .arg(text(
            "abiflags",
            "FLAGS",
            "ABI flags: t (free-threaded, 3.13+), d (debug), td [env: MATURIN_FIX_ABIFLAGS]",
        ))
        .arg(path(
            "libdir",
            "DIR",
            "With --sysroot: another library directory to search, relative to the sysroot \
             (e.g. ${libdir}) [env: MATURIN_FIX_LIBDIR]",
        ))
        .arg(
            text(
                "float-abi",
                "ABI",
                "With --target: hard, soft or single (LoongArch), where the triple does not say \
                 [env: MATURIN_FIX_FLOAT_ABI]",
            )
            .value_parser(["hard", "soft", "single"]),
        )
        .arg(
            text(
                "musl-build",
                "HOW",
                "With --target on musl, CPython 3.11/3.12: cross (configured on glibc, as Yocto) or \
                 native (configured on musl) [env: MATURIN_FIX_MUSL_BUILD]",
            )
            .value_parser(["cross", "native"]),
        )
}

/// Parses arguments and the environment into a [`Config`].
pub fn parse<I, T>(args: I) -> Result<Config, ParseError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let matches = command()
        .try_get_matches_from(args)
        .map_err(ParseError::Clap)?;
    let (name, sub) = matches.subcommand().expect("a subcommand is required");
    let format = format_of(sub);
    resolve(name, sub, &Env::from_process()).map_err(|e| ParseError::Config(e, format))
}

fn format_of(m: &ArgMatches) -> Format {
    match m.get_one::<String>("format").map(String::as_str) {
        Some("json") => Format::Json,
        _ => Format::Text,
    }
}

/// The variable that gives an option its default: `ext-suffix` → `MATURIN_FIX_EXT_SUFFIX`.
pub fn variable(option: &str) -> String {
    format!(
        "MATURIN_FIX_{}",
        option.replace('-', "_").to_ascii_uppercase()
    )
}

/// The MATURIN_FIX_* variables (empty counts as unset).
#[derive(Default)]
pub struct Env {
    vars: Vec<(String, OsString)>,
}

impl Env {
    pub fn from_process() -> Env {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v)))
                .filter(|(k, v)| k.starts_with("MATURIN_FIX_") && !v.is_empty())
                .collect(),
        }
    }

    fn os(&self, option: &str) -> Option<&OsString> {
        let name = variable(option);
        self.vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    fn text(&self, option: &str) -> Result<Option<String>> {
        self.os(option)
            .map(|v| {
                v.clone()
                    .into_string()
                    .map_err(|_| Error::usage(format!("{} is not UTF-8", variable(option))))
            })
            .transpose()
    }
}

fn resolve(name: &str, m: &ArgMatches, env: &Env) -> Result<Config> {
    // try_get_one: not every subcommand has every option (`suffix` has no --mode).
    let text = |id: &str| -> Result<Option<String>> {
        match m.try_get_one::<String>(id).ok().flatten() {
            Some(v) => Ok(Some(v.clone())),
            None => env.text(id),
        }
    };
    let job = match name {
        "fix" => Job::Fix {
            dry_run: m.get_flag("dry-run"),
        },
        "check" => Job::Check,
        _ => Job::Suffix {
            triplet: m.get_flag("triplet"),
        },
    };
    let source = resolve_source(m, env, &text)?;
    let tree_job = !matches!(job, Job::Suffix { .. });
    let (roots, roots_from): (Vec<PathBuf>, &'static str) = if !tree_job {
        (Vec::new(), "--root")
    } else if let Some(roots) = m.get_many::<PathBuf>("root") {
        (roots.cloned().collect(), "--root")
    } else if let Some(list) = env.os("root") {
        let roots = std::env::split_paths(list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        (roots, "MATURIN_FIX_ROOT")
    } else {
        (Vec::new(), "--root")
    };
    if tree_job && roots.is_empty() {
        return Err(Error::usage(
            "no tree given: use --root DIR (or MATURIN_FIX_ROOT)",
        ));
    }
    let mode = match if tree_job { text("mode")? } else { None }.as_deref() {
        None | Some("rename") => Mode::Rename,
        Some("symlink") => Mode::Symlink,
        Some(other) => {
            return Err(Error::usage(format!(
                "MATURIN_FIX_MODE={other:?}: expected rename or symlink"
            )))
        }
    };
    let format = format_of(m);
    let expected = expected(&source, m, env)?;
    Ok(Config {
        job,
        source,
        roots,
        roots_from,
        expected,
        mode,
        format,
        verbose: m.get_flag("verbose"),
    })
}

/// `--python`/`--abiflags` next to a source that states them itself.
fn expected(source: &Source, m: &ArgMatches, env: &Env) -> Result<Expected> {
    if !matches!(source, Source::Sysconfigdata(_) | Source::ExtSuffix(_)) {
        return Ok(Expected::default());
    }
    let given = |id: &str| -> Result<Option<(String, String)>> {
        if let Some(v) = m.get_one::<String>(id) {
            return Ok(Some((v.clone(), format!("--{id}"))));
        }
        Ok(env.text(id)?.map(|v| (v, variable(id))))
    };
    let python = given("python")?
        .map(|(v, from)| {
            PyVersion::parse(&v)
                .map(|p| (p, from.clone()))
                .ok_or_else(|| Error::usage(format!("{from} {v:?}: expected X.Y, e.g. 3.12")))
        })
        .transpose()?;
    Ok(Expected {
        python,
        abiflags: given("abiflags")?,
    })
}

fn resolve_source(
    m: &ArgMatches,
    env: &Env,
    text: &dyn Fn(&str) -> Result<Option<String>>,
) -> Result<Source> {
    const KINDS: [&str; 4] = ["sysconfigdata", "sysroot", "ext-suffix", "target"];
    let chosen = match KINDS.iter().find(|k| m.contains_id(k)) {
        Some(kind) => *kind,
        None => {
            let set: Vec<&str> = KINDS
                .iter()
                .copied()
                .filter(|k| env.os(k).is_some())
                .collect();
            match set.as_slice() {
                [one] => *one,
                [] => {
                    return Err(Error::usage(
                        "no target given: use --sysconfigdata FILE, --sysroot DIR, --ext-suffix SUFFIX \
                         or --target TRIPLE --python X.Y (or a MATURIN_FIX_* variable)",
                    ))
                }
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .map(|k| variable(k))
                        .collect();
                    return Err(Error::usage(format!(
                        "several targets in the environment ({}): unset all but one, or pass one option",
                        names.join(", ")
                    )));
                }
            }
        }
    };
    let path = |id: &str| -> PathBuf {
        m.get_one::<PathBuf>(id)
            .cloned()
            .or_else(|| env.os(id).map(PathBuf::from))
            .unwrap_or_default()
    };
    let explicit = |id: &str| m.contains_id(id);
    let python = text("python")?
        .map(|v| {
            PyVersion::parse(&v)
                .ok_or_else(|| Error::usage(format!("--python {v:?}: expected X.Y, e.g. 3.12")))
        })
        .transpose()?;
    let abiflags = text("abiflags")?;
    for (option, applies) in [
        ("libdir", chosen == "sysroot"),
        ("float-abi", chosen == "target"),
        ("musl-build", chosen == "target"),
    ] {
        if explicit(option) && !applies {
            return Err(Error::usage(format!(
                "--{option} does not apply to --{chosen}"
            )));
        }
    }
    Ok(match chosen {
        "sysconfigdata" => Source::Sysconfigdata(path("sysconfigdata")),
        "sysroot" => Source::Sysroot(SysrootQuery {
            sysroot: path("sysroot"),
            python,
            abiflags,
            libdir: m
                .get_one::<PathBuf>("libdir")
                .cloned()
                .or_else(|| env.os("libdir").map(PathBuf::from)),
        }),
        "ext-suffix" => Source::ExtSuffix(text("ext-suffix")?.unwrap_or_default()),
        _ => {
            let triple = text("target")?.unwrap_or_default();
            let python = python.ok_or_else(|| {
                Error::usage("--target needs --python X.Y (the target's Python version)")
            })?;
            Source::Triple(TripleQuery {
                triple,
                python,
                abiflags: abiflags.unwrap_or_default(),
                float_abi: match text("float-abi")?.as_deref() {
                    None => None,
                    Some("hard") => Some(FloatAbi::Hard),
                    Some("soft") => Some(FloatAbi::Soft),
                    Some("single") => Some(FloatAbi::Single),
                    Some(other) => {
                        return Err(Error::usage(format!(
                            "MATURIN_FIX_FLOAT_ABI={other:?}: expected hard, soft or single"
                        )))
                    }
                },
                musl_build: match text("musl-build")?.as_deref() {
                    None => None,
                    Some("cross") => Some(MuslBuild::Cross),
                    Some("native") => Some(MuslBuild::Native),
                    Some(other) => {
                        return Err(Error::usage(format!(
                            "MATURIN_FIX_MUSL_BUILD={other:?}: expected cross or native"
                        )))
                    }
                },
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        command().debug_assert();
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
        assert_eq!((c.roots.len(), c.roots_from), (0, "--root"));
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
            "--python \"313\": expected X.Y, e.g. 3.12"
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
                &[
                    "maturin-fix",
                    "check",
                    "--sysroot",
                    "a",
                    "--ext-suffix",
                    "b",
                ][..],
                ErrorKind::ArgumentConflict,
            ),
            (
                &[
                    "maturin-fix",
                    "suffix",
                    "--ext-suffix",
                    "a",
                    "--target",
                    "b",
                    "--sysconfigdata",
                    "c",
                ][..],
                ErrorKind::ArgumentConflict,
            ),
            (
                &[
                    "maturin-fix",
                    "check",
                    "--root",
                    "r",
                    "--ext-suffix",
                    "x",
                    "--mode",
                    "copy",
                ][..],
                ErrorKind::InvalidValue,
            ),
            (
                &[
                    "maturin-fix",
                    "suffix",
                    "--target",
                    "t",
                    "--python",
                    "3.12",
                    "--float-abi",
                    "x",
                ][..],
                ErrorKind::InvalidValue,
            ),
            (
                &["maturin-fix", "check", "--root", ""][..],
                ErrorKind::InvalidValue,
            ),
            (
                &["maturin-fix", "suffix", "--sysroot"][..],
                ErrorKind::InvalidValue,
            ),
            (
                &["maturin-fix", "suffix", "--root", "r"][..],
                ErrorKind::UnknownArgument,
            ),
            (
                &["maturin-fix", "check", "--help"][..],
                ErrorKind::DisplayHelp,
            ),
        ] {
            let bare = clap_error(args, &[]);
            let with_env = clap_error(args, &vars);
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
