//! `statecraft remote-run`: start an execution on AWS, wait for it, and print its result and full
//! history in the JSON shape of `statecraft run --format json`:
//! `{"status", "output", "error", "cause", "events"}`, events as AWS's `GetExecutionHistory` JSON.

use std::path::PathBuf;
use std::time::Duration;

use super::publish::{announce_region, ConnectionArgs};
use super::{print_stdout, Outcome};

/// Arguments of `statecraft remote-run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The state machine (Standard), by name or ARN.
    #[arg(value_name = "NAME|ARN")]
    pub state_machine: String,
    /// The execution input, as JSON text (default `{}`).
    #[arg(long, value_name = "JSON", conflicts_with = "input_file")]
    pub input: Option<String>,
    /// A file holding the execution input.
    #[arg(long, value_name = "FILE")]
    pub input_file: Option<PathBuf>,
    /// A name for the execution (default: one AWS makes up).
    #[arg(long, value_name = "NAME")]
    pub execution_name: Option<String>,
    /// How long to wait for the execution to finish; the history so far is printed either way.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub wait_secs: u64,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Runs `statecraft remote-run`. Exit 0 when the execution succeeded, 1 when it failed, timed out,
/// was aborted or is still running after the wait, 2 for bad input or AWS errors.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let input = match (&args.input, &args.input_file) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES)?,
        (None, None) => "{}".to_owned(),
    };
    if let Err(err) = serde_json::from_str::<serde_json::Value>(&input) {
        anyhow::bail!("the execution input is not JSON ({err}); pass a JSON value, such as '{{}}'");
    }
    let cloud = args.connection.connect()?;
    announce_region(&cloud, &args.connection);
    let execution_arn =
        cloud.start_execution(&args.state_machine, &input, args.execution_name.as_deref())?;
    eprintln!("Started {execution_arn}");
    let report = cloud.wait_for_execution(&execution_arn, Duration::from_secs(args.wait_secs))?;
    print_stdout(&serde_json::to_string_pretty(&report)?)?;
    if report.succeeded() {
        return Ok(Outcome::Success);
    }
    if report.is_finished() {
        eprintln!(
            "Execution {}{}",
            report.status,
            report
                .error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default()
        );
    } else {
        eprintln!(
            "Still running after {} s; the history so far is above (wait longer with --wait-secs)",
            args.wait_secs
        );
    }
    Ok(Outcome::Failure)
}
