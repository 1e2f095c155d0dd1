//! `statecraft import`: write a state machine's definition from AWS to a file, formatted (pretty
//! JSON with a 2-space indent, or YAML when the file name ends `.yaml`/`.yml`).

use std::path::PathBuf;

use super::publish::{announce_region, ConnectionArgs};
use super::{print_stdout, Outcome};

/// Arguments of `statecraft import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The state machine, by name or ARN.
    #[arg(value_name = "NAME|ARN")]
    pub state_machine: String,
    /// The file to write (overwritten if it exists); `-` prints the JSON on stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

/// Runs `statecraft import`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let cloud = args.connection.connect()?;
    announce_region(&cloud, &args.connection);
    let details = cloud.describe_state_machine(&args.state_machine)?;
    let definition = details.definition_value()?;
    if args.output.as_os_str() == "-" {
        print_stdout(statecraft_asl::format::json_text(&definition).trim_end())?;
        return Ok(Outcome::Success);
    }
    let text = statecraft_cloud::format::definition_text(&definition, &args.output);
    crate::fsio::write_atomic(&args.output, text.as_bytes())?;
    eprintln!(
        "Imported {} ({}) into {}",
        details.name,
        details.arn,
        args.output.display()
    );
    print_stdout(&args.output.display().to_string())?;
    Ok(Outcome::Success)
}
