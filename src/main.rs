//! `maturin-fix`: parse the command line, run, exit.

use std::process::ExitCode;

use maturin_fix::cli::{self, Format, ParseError};
use maturin_fix::report::EXIT_UNUSABLE;

fn main() -> ExitCode {
    let config = match cli::parse(std::env::args_os()) {
        Ok(config) => config,
        // clap prints and exits itself: 0 for --help and --version, 2 (EXIT_UNUSABLE) for
        // a usage error.
        Err(ParseError::Clap(e)) => e.exit(),
        Err(ParseError::Config(e, format)) => return fail(&e, format),
    };
    match maturin_fix::run(&config) {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(&e, config.format),
    }
}

/// Unusable input: the reason on stderr, and for `--format json` a JSON object on stdout.
fn fail(error: &maturin_fix::error::Error, format: Format) -> ExitCode {
    eprintln!("maturin-fix: {error}");
    if format == Format::Json {
        print!("{}", maturin_fix::report::json_error(error));
    }
    ExitCode::from(EXIT_UNUSABLE)
}
