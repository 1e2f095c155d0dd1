//! Statecraft: a desktop studio for AWS Step Functions. With a subcommand it runs headless (for
//! scripts and CI); argument parsing and dispatch live here, each subcommand in `cli/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;
use statecraft::fsio;

/// mimalloc: the engine, the run's event outlines and the designer's run views allocate many
/// small values; with it a 25,000-event run takes 35 to 40% less time than with the system
/// allocator (measured by `cargo bench --bench designer -- "run in window"`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Design, validate, simulate and publish AWS Step Functions workflows.
#[derive(Debug, Parser)]
#[command(
    name = "statecraft",
    version,
    about,
    long_about = None,
    arg_required_else_help = false,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a subcommand: a workflow file to open in the designer (the bundled example when
    /// none is given).
    file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check definitions the way AWS would, with line:column diagnostics.
    Validate(cli::validate::Args),
    /// Rewrite definitions in canonical formatting (or check that they are).
    Fmt(cli::fmt::Args),
    /// Validate, then create or update a state machine on AWS and print its ARN.
    Publish(cli::publish::Args),
    /// Write a state machine's definition from AWS to a file (JSON, or YAML for .yaml/.yml).
    Import(cli::import::Args),
    /// List the state machines in an AWS account and region.
    List(cli::list::Args),
    /// Start an execution on AWS and print its result and history as JSON (as `run --format json`).
    RemoteRun(cli::remote_run::Args),
    /// Run a definition locally on the simulator (virtual clock, mocked tasks) and print its history.
    Run(cli::run::Args),
    /// Draw a definition as SVG, PNG, Mermaid or a self-contained HTML review page.
    Render(cli::render::Args),
    /// Show what changed between two versions of a workflow (files or git revisions).
    Diff(cli::diff::Args),
    /// Run the workflow tests beside definitions (NAME.tests.yaml) and report what failed.
    Test(cli::test::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Validate(args)) => cli::validate::execute(args),
        Some(Command::Fmt(args)) => cli::fmt::execute(args),
        Some(Command::Publish(args)) => cli::publish::execute(args),
        Some(Command::Import(args)) => cli::import::execute(args),
        Some(Command::List(args)) => cli::list::execute(args),
        Some(Command::RemoteRun(args)) => cli::remote_run::execute(args),
        Some(Command::Render(args)) => cli::render::execute(args),
        Some(Command::Run(args)) => cli::run::execute(args),
        Some(Command::Diff(args)) => cli::diff::execute(args),
        Some(Command::Test(args)) => cli::test::execute(args),
        None => cli::designer(cli.file),
    };
    cli::exit_code(result)
}
