//! `statecraft publish`: validate locally, fill in `${...}` placeholders, say which account, region
//! and identity will be used, validate on the service where it can, then create or update the
//! state machine and print its ARN.
//!
//! `--dry-run` does everything that needs no network (load, validate, substitute, check the
//! request) and prints the request that would be sent; it makes no call at all, so it neither
//! resolves credentials nor asks STS who the caller is.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use statecraft_asl::validate::Diagnostic;
use statecraft_asl::{Document, LoadError};
use statecraft_cloud::publish::prepare;
use statecraft_cloud::{
    Cloud, CloudError, ConnectOptions, LoggingLevel, PrepareError, PreparedDefinition,
    PublishAction, PublishRequest, RemoteValidation, StateMachineType, Substitutions,
};

use super::validate::diagnostic_line;
use super::{plural, print_stdout, Outcome};

/// Where to connect: shared by every subcommand that talks to AWS. Unset values come from the
/// standard chain (environment variables, `~/.aws/config` and `~/.aws/credentials`, SSO).
#[derive(Debug, Clone, clap::Args)]
pub struct ConnectionArgs {
    /// AWS region (default: AWS_REGION, or the profile's region).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from the AWS config files (default: AWS_PROFILE, or `default`).
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,
    /// Send calls to a compatible endpoint instead of AWS (LocalStack, Step Functions Local, moto).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl ConnectionArgs {
    /// Connects with these settings (resolving region and credentials).
    pub fn connect(&self) -> anyhow::Result<Cloud> {
        let options = ConnectOptions {
            region: self.region.clone(),
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
            credentials: None,
            max_attempts: None,
        };
        Ok(Cloud::connect(&options)?)
    }
}

/// Prints, on stderr, where calls go: region, and the endpoint override when there is one.
pub fn announce_region(cloud: &Cloud, connection: &ConnectionArgs) {
    match &connection.endpoint_url {
        Some(url) => eprintln!("Using region {}, endpoint {url}", cloud.region()),
        None => eprintln!("Using region {}", cloud.region()),
    }
}

/// The state machine type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    /// Durable workflows with a full execution history.
    Standard,
    /// High-volume, short-lived workflows.
    Express,
}

/// The CloudWatch Logs logging level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LoggingLevelArg {
    /// No logging.
    Off,
    /// Every event.
    All,
    /// Errors only.
    Error,
    /// Fatal errors only.
    Fatal,
}

/// Arguments of `statecraft publish`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The definition to publish (JSON or YAML).
    pub definition: PathBuf,
    /// The state machine's name: created, or updated when one of that name exists.
    #[arg(long)]
    pub name: String,
    /// The IAM role the state machine runs as.
    #[arg(long, value_name = "ARN")]
    pub role_arn: String,
    /// Standard or Express (an existing state machine cannot change type).
    #[arg(long = "type", value_enum, default_value = "standard")]
    pub kind: TypeArg,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Values for `${Name}` placeholders: a JSON or YAML mapping of name to value
    /// (DefinitionSubstitutions style). Applied to what is sent, never to the file.
    #[arg(long, value_name = "FILE")]
    pub substitutions: Option<PathBuf>,
    /// CloudWatch Logs logging level.
    #[arg(long, value_enum, default_value = "off")]
    pub logging_level: LoggingLevelArg,
    /// The log group that receives the logs (needed unless the logging level is off).
    #[arg(long, value_name = "ARN")]
    pub log_group_arn: Option<String>,
    /// Include execution input and output in the logs.
    #[arg(long)]
    pub include_execution_data: bool,
    /// Turn on X-Ray tracing.
    #[arg(long)]
    pub tracing: bool,
    /// Publish a version of the state machine with this change.
    #[arg(long)]
    pub publish_version: bool,
    /// The description of the published version.
    #[arg(long, value_name = "TEXT", requires = "publish_version")]
    pub version_description: Option<String>,
    /// Validate and substitute locally, then print the request that would be sent. Makes no call
    /// to AWS at all: no credentials are resolved and no identity is looked up.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `statecraft publish`. Exit 1 when the definition is refused (locally, by the service's
/// validation, or by the create/update call), 2 for unreadable files, bad arguments, substituted
/// values that break the definition, or other AWS errors.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let path = args.definition.as_path();
    let document = match Document::load(path) {
        Ok(document) => document,
        Err(err @ LoadError::Parse { .. }) => {
            eprintln!("{err}");
            eprintln!(
                "publish refused: {} is not a well-formed definition",
                path.display()
            );
            return Ok(Outcome::Failure);
        }
        Err(err) => return Err(err.into()),
    };
    let substitutions = args
        .substitutions
        .as_deref()
        .map(Substitutions::load)
        .transpose()?;
    let prepared = match prepare(&document, substitutions.as_ref()) {
        Ok(prepared) => prepared,
        Err(PrepareError::Invalid(diagnostics)) => {
            print_diagnostics(path, &diagnostics);
            eprintln!(
                "publish refused: {}",
                PrepareError::Invalid(diagnostics.clone())
            );
            return Ok(Outcome::Failure);
        }
        Err(PrepareError::MissingSubstitutions(err)) if err.broken.is_some() => {
            // A value that breaks the definition is bad input, like an unusable substitutions
            // file: exit 2, and never fall back to sending the unsubstituted definition.
            eprintln!("{}:{err}", path.display());
            anyhow::bail!(
                "publish refused: a substituted value breaks the definition; nothing was sent"
            );
        }
        Err(PrepareError::MissingSubstitutions(missing)) => {
            eprintln!("{}: {missing}", path.display());
            eprintln!("publish refused: nothing was sent");
            return Ok(Outcome::Failure);
        }
    };
    print_diagnostics(path, &prepared.warnings);
    for name in &prepared.unused_substitutions {
        eprintln!(
            "note: substitution `{name}` is not used in {}",
            path.display()
        );
    }

    let request = PublishRequest {
        name: args.name.clone(),
        definition: prepared.definition.clone(),
        role_arn: args.role_arn.clone(),
        kind: match args.kind {
            TypeArg::Standard => StateMachineType::Standard,
            TypeArg::Express => StateMachineType::Express,
        },
        logging_level: match args.logging_level {
            LoggingLevelArg::Off => LoggingLevel::Off,
            LoggingLevelArg::All => LoggingLevel::All,
            LoggingLevelArg::Error => LoggingLevel::Error,
            LoggingLevelArg::Fatal => LoggingLevel::Fatal,
        },
        log_group_arn: args.log_group_arn.clone(),
        include_execution_data: args.include_execution_data,
        tracing: args.tracing,
        publish_version: args.publish_version,
        version_description: args.version_description.clone(),
    };
    request.check()?;

    if args.dry_run {
        return dry_run(&request, &prepared, &args.connection);
    }

    let cloud = args.connection.connect()?;
    match cloud.identity() {
        Ok(who) => eprintln!(
            "Using account {}, region {}, identity {}{}",
            who.account,
            cloud.region(),
            who.arn,
            args.connection
                .endpoint_url
                .as_deref()
                .map(|u| format!(", endpoint {u}"))
                .unwrap_or_default()
        ),
        // Some emulators serve no STS; the publish itself will say if the credentials are bad.
        Err(err) => {
            announce_region(&cloud, &args.connection);
            eprintln!("warning: cannot tell which account and identity will be used: {err}");
        }
    }

    match cloud.validate_definition(&request.definition, request.kind)? {
        RemoteValidation::Passed { warnings } => {
            eprintln!("Remote validation passed");
            for w in &warnings {
                eprintln!("{}", remote_line(path, &prepared, w));
            }
        }
        RemoteValidation::Failed { diagnostics } => {
            for d in &diagnostics {
                eprintln!("{}", remote_line(path, &prepared, d));
            }
            eprintln!("publish refused: the service's validation found errors");
            return Ok(Outcome::Failure);
        }
        RemoteValidation::Skipped { reason } => eprintln!(
            "Remote validation skipped: {} does not offer ValidateStateMachineDefinition ({reason})",
            cloud.endpoint()
        ),
    }

    match cloud.publish(&request) {
        Ok(outcome) => {
            let verb = match outcome.action {
                PublishAction::Created => "Created",
                PublishAction::Updated => "Updated",
            };
            eprintln!("{verb} state machine {} ({})", request.name, request.kind);
            print_stdout(&outcome.state_machine_arn)?;
            if let Some(version) = &outcome.version_arn {
                eprintln!("Published version {version}");
                print_stdout(version)?;
            }
            Ok(Outcome::Success)
        }
        Err(CloudError::InvalidDefinition { message }) => {
            eprintln!(
                "{}: AWS rejected the definition: {}",
                path.display(),
                prepared.locate_in_message(&message)
            );
            eprintln!("publish refused: nothing was created or changed");
            Ok(Outcome::Failure)
        }
        Err(err) => Err(err.into()),
    }
}

fn dry_run(
    request: &PublishRequest,
    prepared: &PreparedDefinition,
    connection: &ConnectionArgs,
) -> anyhow::Result<Outcome> {
    let mut shown = serde_json::to_value(request).context("cannot show the request")?;
    if let Some(fields) = shown.as_object_mut() {
        fields.insert("definition".into(), prepared.document.to_value());
    }
    print_stdout(&serde_json::to_string_pretty(&shown)?)?;
    eprintln!(
        "Dry run: the definition passed local validation{}; nothing was sent{}",
        if prepared.substituted.is_empty() {
            String::new()
        } else {
            format!(
                " and {} {} were substituted",
                prepared.substituted.len(),
                plural(
                    prepared.substituted.len(),
                    "placeholder name",
                    "placeholder names"
                )
            )
        },
        connection
            .region
            .as_deref()
            .map(|r| format!(" (a publish would go to region {r})"))
            .unwrap_or_default()
    );
    Ok(Outcome::Success)
}

/// Prints diagnostics on stderr the way `validate` prints them.
fn print_diagnostics(path: &Path, diagnostics: &[Diagnostic]) {
    let file = path.display().to_string();
    for d in diagnostics {
        eprintln!("{}", diagnostic_line(&file, d));
    }
}

fn remote_line(
    path: &Path,
    prepared: &PreparedDefinition,
    d: &statecraft_cloud::RemoteDiagnostic,
) -> String {
    let position = d
        .location
        .as_deref()
        .and_then(|pointer| prepared.locate(pointer))
        .map(|p| format!("{p}:"))
        .unwrap_or_default();
    let location = d
        .location
        .as_deref()
        .map(|l| format!(" (at {l})"))
        .unwrap_or_default();
    format!(
        "{}:{position} {}[{}]: {}{location}",
        path.display(),
        d.severity.to_ascii_lowercase(),
        d.code,
        d.message
    )
}
