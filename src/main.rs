//! Statecraft: a desktop studio for AWS Step Functions. With a subcommand it runs headless (for
//! scripts and CI); argument parsing and dispatch live here, each subcommand in `cli/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

/// Design, validate, simulate and publish AWS Step Functions workflows.
#[derive(Debug, Parser)]
#[command(name = "statecraft", version, about, long_about = None, arg_required_else_help = false)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check definitions the way AWS would, with line:column diagnostics.
    Validate(cli::validate::Args),
    /// Rewrite definitions in canonical formatting (or check that they are).
    Fmt(cli::fmt::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Validate(args)) => cli::validate::execute(args),
        Some(Command::Fmt(args)) => cli::fmt::execute(args),
        None => cli::no_subcommand(),
    };
    cli::exit_code(result)
}
