//! The command line as clap has it: the options, their MATURIN_FIX_* variables, `--help`.

use clap::builder::{PossibleValuesParser, ValueParser};
use clap::{Arg, ArgAction, ArgGroup, Command};

use super::Format;
use crate::interpreter::{FloatAbi, MuslBuild};
use crate::tree::plan::Mode;

/// The whole command line, as `--help` shows it.
pub fn command() -> Command {
    command_with(Variables::Shown)
}

/// What clap makes of the MATURIN_FIX_* variables: [`parse`](super::parse) uses all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Variables {
    /// Not read: clap checks the command line alone, with its own messages, and allows
    /// one source (`--sysconfigdata` …) at most.
    Ignored,
    /// Named in `--help` (clap stops at `--help` before it reads them).
    Shown,
    /// Read where the command line has no value; every value taken raw, for
    /// [`Given`](super::Given) to judge.
    Read,
}

/// The whole command line, with the variables as `variables` says.
pub(super) fn command_with(variables: Variables) -> Command {
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
        .subcommand(fix_command(variables))
        .subcommand(check_command(variables))
        .subcommand(suffix_command(variables))
}

fn fix_command(variables: Variables) -> Command {
    tree_command(variables, "fix", "Rename (or symlink) every mis-suffixed extension module")
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Print the plan; change nothing (exit 1 if there is work)"),
        )
        .after_help(format!(
            "{SOURCE_HELP}\n\nEXAMPLE:\n  maturin-fix fix --root image/usr/lib/python3.12/site-packages \\\n      \
             --sysroot recipe-sysroot --python 3.12\n\n{EXIT_HELP}"
        ))
}

fn check_command(variables: Variables) -> Command {
    tree_command(variables, "check", "Report modules the target could not import; change nothing")
        .after_help(format!(
            "{SOURCE_HELP}\n\nEXAMPLE:\n  maturin-fix check --root image \\\n      \
             --sysconfigdata recipe-sysroot/usr/lib/python3.12/_sysconfigdata__linux_arm-linux-gnueabihf.py \
             --format json\n\n{EXIT_HELP}"
        ))
}

fn suffix_command(variables: Variables) -> Command {
    source_args(variables, Command::new("suffix"))
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
        ))
}

/// `fix` and `check`: the trees, how to fix them, how to report, and the target.
fn tree_command(variables: Variables, name: &'static str, about: &'static str) -> Command {
    let command = Command::new(name)
        .about(about)
        .arg(ROOT.arg(variables).action(ArgAction::Append))
        .arg(MODE.arg(variables))
        .arg(verbose_arg())
        .arg(format_arg());
    source_args(variables, command)
}

fn format_arg() -> Arg {
    Arg::new("format")
        .long("format")
        .value_name("FORMAT")
        .value_parser(names(&FORMATS))
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

/// The four sources of the target's suffix, and what the source is asked.
fn source_args(variables: Variables, command: Command) -> Command {
    let sources = SourceKind::ALL.map(|kind| kind.option().arg(variables));
    let command = command
        .args(sources)
        .args(QUERIES.iter().map(|option| option.arg(variables)));
    // One source at most, on the command line alone: see `parse`.
    match variables {
        Variables::Ignored => {
            command.group(ArgGroup::new("source").args(SourceKind::ALL.map(SourceKind::id)))
        }
        Variables::Shown | Variables::Read => command,
    }
}

/// An option with a MATURIN_FIX_* default; whether clap reads the variable is for
/// [`Variables`] to say.
struct Defaulted {
    id: &'static str,
    value_name: &'static str,
    variable: &'static str,
    check: Check,
    help: &'static str,
}

/// How clap checks an option's value on the command line (a variable's is taken raw).
#[derive(Clone, Copy)]
enum Check {
    Path,
    Text,
    OneOf(&'static [&'static str]),
}

impl Defaulted {
    fn arg(&self, variables: Variables) -> Arg {
        let arg = Arg::new(self.id)
            .long(self.id)
            .value_name(self.value_name)
            .help(self.help);
        let arg = match variables {
            Variables::Ignored => arg,
            Variables::Shown | Variables::Read => arg.env(self.variable).hide_env_values(true),
        };
        match (variables, self.check) {
            (Variables::Read, _) => arg.value_parser(ValueParser::os_string()),
            (_, Check::Path) => arg.value_parser(ValueParser::path_buf()),
            (_, Check::Text) => arg.value_parser(ValueParser::string()),
            (_, Check::OneOf(names)) => {
                arg.value_parser(PossibleValuesParser::new(names.iter().copied()))
            }
        }
    }
}

const ROOT: Defaulted = Defaulted {
    id: "root",
    value_name: "DIR",
    variable: "MATURIN_FIX_ROOT",
    check: Check::Path,
    help: "Tree to walk (repeatable), e.g. ${D}${PYTHON_SITEPACKAGES_DIR}",
};

const MODE: Defaulted = Defaulted {
    id: "mode",
    value_name: "MODE",
    variable: "MATURIN_FIX_MODE",
    check: Check::OneOf(&names(&MODES)),
    help: "rename: give the module the target's name (default); symlink: add a relative \
           symlink with that name",
};

/// What a source is asked, where it does not say itself.
const QUERIES: [Defaulted; 5] = [
    Defaulted {
        id: "python",
        value_name: "X.Y",
        variable: "MATURIN_FIX_PYTHON",
        check: Check::Text,
        help: "Target Python version: required with --target; picks one with --sysroot",
    },
    Defaulted {
        id: "abiflags",
        value_name: "FLAGS",
        variable: "MATURIN_FIX_ABIFLAGS",
        check: Check::Text,
        help: "ABI flags: t (free-threaded, 3.13+), d (debug), td",
    },
    Defaulted {
        id: "libdir",
        value_name: "DIR",
        variable: "MATURIN_FIX_LIBDIR",
        check: Check::Path,
        help: "With --sysroot: another library directory to search, relative to the sysroot \
               (e.g. ${libdir})",
    },
    Defaulted {
        id: "float-abi",
        value_name: "ABI",
        variable: "MATURIN_FIX_FLOAT_ABI",
        check: Check::OneOf(&names(&FLOAT_ABIS)),
        help: "With --target: hard, soft or single (LoongArch), where the triple does not say",
    },
    Defaulted {
        id: "musl-build",
        value_name: "HOW",
        variable: "MATURIN_FIX_MUSL_BUILD",
        check: Check::OneOf(&names(&MUSL_BUILDS)),
        help: "With --target on musl, CPython 3.11/3.12: cross (configured on glibc, as Yocto) \
               or native (configured on musl)",
    },
];

/// Where the target's suffix comes from: exactly one of these options (or variables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SourceKind {
    Sysconfigdata,
    Sysroot,
    ExtSuffix,
    Target,
}

impl SourceKind {
    pub(super) const ALL: [SourceKind; 4] = [
        SourceKind::Sysconfigdata,
        SourceKind::Sysroot,
        SourceKind::ExtSuffix,
        SourceKind::Target,
    ];

    /// The option's id (and long name).
    pub(super) fn id(self) -> &'static str {
        self.option().id
    }

    /// The option that names this source.
    fn option(self) -> Defaulted {
        match self {
            SourceKind::Sysconfigdata => Defaulted {
                id: "sysconfigdata",
                value_name: "FILE",
                variable: "MATURIN_FIX_SYSCONFIGDATA",
                check: Check::Path,
                help: "The target's _sysconfigdata_*.py or build-details.json",
            },
            SourceKind::Sysroot => Defaulted {
                id: "sysroot",
                value_name: "DIR",
                variable: "MATURIN_FIX_SYSROOT",
                check: Check::Path,
                help: "A sysroot holding the target python3 (e.g. ${STAGING_DIR_HOST})",
            },
            SourceKind::ExtSuffix => Defaulted {
                id: "ext-suffix",
                value_name: "SUFFIX",
                variable: "MATURIN_FIX_EXT_SUFFIX",
                check: Check::Text,
                help: "The target's EXT_SUFFIX, e.g. .cpython-312-arm-linux-gnueabihf.so",
            },
            SourceKind::Target => Defaulted {
                id: "target",
                value_name: "TRIPLE",
                variable: "MATURIN_FIX_TARGET",
                check: Check::Text,
                help: "Rust, Yocto or GNU target triple, e.g. armv7-poky-linux-gnueabihf",
            },
        }
    }
}

/// The values of the options with a fixed set of them, and what each means.
pub(super) const MODES: [(&str, Mode); 2] = [("rename", Mode::Rename), ("symlink", Mode::Symlink)];
pub(super) const FLOAT_ABIS: [(&str, FloatAbi); 3] = [
    ("hard", FloatAbi::Hard),
    ("soft", FloatAbi::Soft),
    ("single", FloatAbi::Single),
];
pub(super) const MUSL_BUILDS: [(&str, MuslBuild); 2] =
    [("cross", MuslBuild::Cross), ("native", MuslBuild::Native)];
pub(super) const FORMATS: [(&str, Format); 2] = [("text", Format::Text), ("json", Format::Json)];

/// The names in a table of values, for clap.
const fn names<T, const N: usize>(table: &[(&'static str, T); N]) -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        names[i] = table[i].0;
        i += 1;
    }
    names
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

ENVIRONMENT:
  the options that take a value, --format aside, have MATURIN_FIX_* defaults, shown as
  [env: …] by each command's --help; empty counts as unset, MATURIN_FIX_ROOT is
  ':'-separated, the command line wins";

/// Every option with a variable.
#[cfg(test)]
fn defaulted() -> impl Iterator<Item = Defaulted> {
    [ROOT, MODE]
        .into_iter()
        .chain(SourceKind::ALL.map(SourceKind::option))
        .chain(QUERIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variable_is_named_after_its_option() {
        let command = command();
        let read: Vec<(String, String)> = command
            .get_subcommands()
            .flat_map(Command::get_arguments)
            .filter_map(|arg| {
                let variable = arg.get_env()?.to_str()?.to_string();
                Some((arg.get_id().to_string(), variable))
            })
            .collect();
        // Every option with a variable is in the table, and clap reads each one.
        let table: Vec<&str> = defaulted().map(|option| option.variable).collect();
        assert!(
            read.iter().all(|(_, v)| table.contains(&v.as_str())),
            "{read:?}"
        );
        assert!(
            table.iter().all(|t| read.iter().any(|(_, v)| v == t)),
            "{table:?}"
        );
        for (id, variable) in read {
            let expected = format!("MATURIN_FIX_{}", id.to_uppercase().replace('-', "_"));
            assert_eq!(variable, expected);
        }
    }
}
