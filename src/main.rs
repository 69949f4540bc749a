use std::process::ExitCode;

use maturin_fix::cli::{self, ParseError};

fn main() -> ExitCode {
    let config = match cli::parse(std::env::args_os()) {
        Ok(config) => config,
        Err(ParseError::Clap(e)) => e.exit(),
        Err(ParseError::Config(e)) => return fail(&e),
    };
    match maturin_fix::run(&config) {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(&e),
    }
}

fn fail(error: &maturin_fix::error::Error) -> ExitCode {
    eprintln!("maturin-fix: {error}");
    ExitCode::from(2)
}
