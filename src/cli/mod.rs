//! One module per subcommand. Each `execute` returns an [`Outcome`]; errors are reported once, here.

use std::process::ExitCode;

pub mod fmt;
pub mod import;
pub mod inputs;
pub mod list;
pub mod publish;
pub mod remote_run;
pub mod render;
pub mod run;
pub mod validate;

/// How a subcommand ended, mapped to the exit codes every subcommand shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: the command did what was asked and found nothing wrong.
    Success,
    /// Exit 1: the command ran, and what it checked or ran failed (diagnostics, a failed execution).
    Failure,
}

/// Exit 2: bad usage or input that could not be read; the message says what and where.
pub const EXIT_USAGE: u8 = 2;

/// Maps a subcommand's result to the process exit code, printing an error once.
pub fn exit_code(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Without a subcommand: until the designer window exists, print the CLI help.
pub fn no_subcommand() -> anyhow::Result<Outcome> {
    use clap::CommandFactory;
    crate::Cli::command().print_help()?;
    println!();
    Ok(Outcome::Success)
}
