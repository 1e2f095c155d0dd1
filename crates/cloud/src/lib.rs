//! statecraft-cloud: AWS Step Functions for Statecraft, through the AWS SDK for Rust.
//!
//! - [`Cloud`] connects with the standard credential and region chain (environment, profiles
//!   including SSO, the AWS config files), or a chosen profile, region, endpoint override
//!   (LocalStack, Step Functions Local, moto) and credentials. Its methods block: each runs on a
//!   private single-threaded runtime.
//! - [`publish::prepare`] readies a definition without any network call: local validation,
//!   `${...}` substitutions ([`substitutions`]), serialisation. [`Cloud::validate_definition`] and
//!   [`Cloud::publish`] then validate remotely and create or update.
//! - [`Cloud::list_state_machines`] and [`Cloud::describe_state_machine`] read what is there;
//!   [`format::definition_text`] writes an imported definition as pretty JSON or YAML.
//! - [`Cloud::run`] starts an execution and returns an [`ExecutionReport`] in the JSON shape of
//!   `statecraft run --format json`.
//!
//! Throttling and transient failures are retried by the SDK (standard retry mode, exponential
//! back-off with jitter, [`DEFAULT_MAX_ATTEMPTS`] attempts). Nothing here prints, logs or stores
//! credentials.

mod client;
mod error;
pub mod format;
pub mod publish;
pub mod substitutions;

pub use client::{
    Cloud, ConnectOptions, ExecutionReport, Identity, RemoteDiagnostic, RemoteValidation,
    StateMachineDetails, StateMachineSummary, StaticCredentials, DEFAULT_MAX_ATTEMPTS,
};
pub use error::CloudError;
pub use publish::{
    LoggingLevel, PrepareError, PreparedDefinition, PublishAction, PublishOutcome, PublishRequest,
    StateMachineType,
};
pub use substitutions::{MissingSubstitutions, Placeholder, Substitutions, SubstitutionsError};
