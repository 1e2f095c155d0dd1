//! `statecraft list`: the state machines in an account and region, sorted by name.

use super::publish::{announce_region, ConnectionArgs};
use super::{plural, print_stdout, Outcome};

/// How to print the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// One line each: name, type, ARN (tab-separated).
    Text,
    /// A JSON array of {name, arn, type, creationDate}.
    Json,
}

/// Arguments of `statecraft list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Runs `statecraft list`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let cloud = args.connection.connect()?;
    announce_region(&cloud, &args.connection);
    let machines = cloud.list_state_machines()?;
    match args.format {
        ListFormat::Json => print_stdout(&serde_json::to_string_pretty(&machines)?)?,
        ListFormat::Text => {
            let lines: Vec<String> = machines
                .iter()
                .map(|sm| {
                    let kind = sm.kind.map_or_else(|| "?".to_owned(), |k| k.to_string());
                    format!("{}\t{kind}\t{}", sm.name, sm.arn)
                })
                .collect();
            if !lines.is_empty() {
                print_stdout(&lines.join("\n"))?;
            }
            eprintln!(
                "{} {}",
                machines.len(),
                plural(machines.len(), "state machine", "state machines")
            );
        }
    }
    Ok(Outcome::Success)
}
