//! The connection to AWS Step Functions (and STS, for "who am I"), behind a blocking facade: each
//! method runs its calls to completion on a private single-threaded runtime, so callers need no
//! async code.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sfn::config::http::HttpResponse;
use aws_sdk_sfn::config::interceptors::AfterDeserializationInterceptorContextRef;
use aws_sdk_sfn::config::{
    ConfigBag, Credentials, Intercept, ProvideCredentials, RuntimeComponents,
};
use aws_sdk_sfn::error::{BoxError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sfn::primitives::{DateTime, DateTimeFormat};
use aws_sdk_sfn::types as sfn;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::from_sdk;
use crate::publish::{
    LoggingLevel, PublishAction, PublishOutcome, PublishRequest, StateMachineType,
};
use crate::CloudError;

/// How many attempts the SDK makes for a call that fails in a retryable way (throttling, 5xx,
/// dropped connections), with exponential back-off and jitter between them.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 5;

/// Where and as whom to connect. Anything left `None` comes from the standard chain: environment
/// variables, then the shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`,
/// profiles including SSO and `credential_process`), then container and instance metadata.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// The region, such as `eu-west-1`.
    pub region: Option<String>,
    /// The named profile to read settings and credentials from.
    pub profile: Option<String>,
    /// A compatible endpoint to use instead of AWS (LocalStack, Step Functions Local, moto):
    /// Step Functions and STS are both sent there.
    pub endpoint_url: Option<String>,
    /// Credentials to use instead of the chain (tests, tools that hold their own).
    pub credentials: Option<StaticCredentials>,
    /// Attempts per call; [`DEFAULT_MAX_ATTEMPTS`] when `None`.
    pub max_attempts: Option<u32>,
}

/// An access key given directly. Its `Debug` output hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticCredentials {
    /// The access key id (not secret).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token of temporary credentials.
    pub session_token: Option<String>,
}

impl fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// The account and principal the credentials belong to (STS `GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The 12-digit account id.
    pub account: String,
    /// The principal's ARN (user, or assumed role and session).
    pub arn: String,
    /// The principal's unique id.
    pub user_id: String,
}

/// A state machine as `ListStateMachines` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMachineSummary {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Standard or Express (`None` for a type this version does not know).
    #[serde(rename = "type")]
    pub kind: Option<StateMachineType>,
    /// When it was created (ISO 8601).
    pub creation_date: String,
}

/// A state machine as `DescribeStateMachine` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMachineDetails {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Standard or Express.
    #[serde(rename = "type")]
    pub kind: Option<StateMachineType>,
    /// The IAM role it runs as.
    pub role_arn: String,
    /// The definition, as AWS stores it (JSON text).
    pub definition: String,
    /// `ACTIVE` or `DELETING`.
    pub status: Option<String>,
    /// The logging level (`OFF` when logging is not configured).
    pub logging_level: String,
    /// Whether X-Ray tracing is on.
    pub tracing: bool,
}

impl StateMachineDetails {
    /// The definition as a JSON value (key order kept).
    pub fn definition_value(&self) -> Result<Value, CloudError> {
        serde_json::from_str(&self.definition).map_err(|err| CloudError::Other {
            operation: "DescribeStateMachine",
            detail: format!("the definition AWS returned is not JSON: {err}"),
        })
    }
}

/// One finding of `ValidateStateMachineDefinition`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteDiagnostic {
    /// `ERROR` or `WARNING`.
    pub severity: String,
    /// AWS's code, such as `SCHEMA_VALIDATION_FAILED`.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// JSON pointer to the place, when AWS gives one.
    pub location: Option<String>,
}

/// The outcome of validating on the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteValidation {
    /// The service accepts the definition (there may be warnings).
    Passed {
        /// Warnings, in the order AWS gave them.
        warnings: Vec<RemoteDiagnostic>,
    },
    /// The service found errors.
    Failed {
        /// Errors and warnings, in the order AWS gave them.
        diagnostics: Vec<RemoteDiagnostic>,
    },
    /// The endpoint does not offer `ValidateStateMachineDefinition` (moto, older emulators).
    Skipped {
        /// What the endpoint answered.
        reason: String,
    },
}

/// An execution's result and history, in the shape `statecraft run --format json` prints:
/// `{"status", "output", "error", "cause", "events"}`, events as AWS's `GetExecutionHistory` JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExecutionReport {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED` or `PENDING_REDRIVE`.
    pub status: String,
    /// The output as JSON (a string when it is not JSON text), `null` unless it succeeded.
    pub output: Value,
    /// The error name of a failed execution.
    pub error: Option<String>,
    /// The cause of a failed execution.
    pub cause: Option<String>,
    /// The history, oldest first: `id`, `previousEventId`, `timestamp` (ISO 8601), `type` and one
    /// `<lowerCamelType>EventDetails` object each.
    pub events: Vec<Value>,
    /// The execution's ARN (not part of the JSON shape).
    #[serde(skip)]
    pub execution_arn: String,
}

impl ExecutionReport {
    /// True once the execution has stopped, whatever the outcome.
    pub fn is_finished(&self) -> bool {
        !matches!(self.status.as_str(), "RUNNING" | "PENDING_REDRIVE")
    }

    /// True when the execution succeeded.
    pub fn succeeded(&self) -> bool {
        self.status == "SUCCEEDED"
    }
}

/// A connection to Step Functions in one account and region. Its methods block the calling
/// thread; call them from synchronous code, not from inside another async runtime.
#[derive(Debug)]
pub struct Cloud {
    runtime: tokio::runtime::Runtime,
    sfn: aws_sdk_sfn::Client,
    sts: aws_sdk_sts::Client,
    region: String,
    endpoint: String,
    page_size: Option<i32>,
}

impl Cloud {
    /// Resolves region and credentials and builds the clients. Credentials are resolved now (for
    /// SSO this may call the SSO service) so a missing login is reported before any API call.
    pub fn connect(options: &ConnectOptions) -> Result<Cloud, CloudError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(CloudError::Runtime)?;
        let config = runtime.block_on(load_config(options))?;
        let region = config
            .region()
            .map(|r| r.as_ref().to_owned())
            .ok_or(CloudError::NoRegion)?;
        let endpoint = options
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("Step Functions in {region}"));
        Ok(Cloud {
            sfn: aws_sdk_sfn::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            runtime,
            region,
            endpoint,
            page_size: None,
        })
    }

    /// Asks for pages of at most `size` items from list and history calls (the service's
    /// default otherwise); every page is still read.
    pub fn with_page_size(mut self, size: i32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// The region in use.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint override, or "Step Functions in REGION".
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn fail<E>(
        &self,
        operation: &'static str,
        subject: &str,
    ) -> impl Fn(SdkError<E, HttpResponse>) -> CloudError + '_
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let subject = subject.to_owned();
        move |err| from_sdk(operation, &subject, &self.endpoint, err)
    }

    /// Which account and principal the credentials belong to (STS `GetCallerIdentity`).
    pub fn identity(&self) -> Result<Identity, CloudError> {
        let out = self
            .runtime
            .block_on(self.sts.get_caller_identity().send())
            .map_err(|err| from_sdk("GetCallerIdentity", "", &self.endpoint, err))?;
        Ok(Identity {
            account: out.account().unwrap_or_default().to_owned(),
            arn: out.arn().unwrap_or_default().to_owned(),
            user_id: out.user_id().unwrap_or_default().to_owned(),
        })
    }

    /// Every state machine in the account and region (all pages), sorted by name.
    pub fn list_state_machines(&self) -> Result<Vec<StateMachineSummary>, CloudError> {
        let mut items = self.runtime.block_on(async {
            let mut stream = self
                .sfn
                .list_state_machines()
                .set_max_results(self.page_size)
                .into_paginator()
                .items()
                .send();
            let mut items = Vec::new();
            while let Some(item) = stream.next().await {
                let item = item.map_err(self.fail("ListStateMachines", ""))?;
                items.push(StateMachineSummary {
                    name: item.name().to_owned(),
                    arn: item.state_machine_arn().to_owned(),
                    kind: kind_from_aws(item.r#type()),
                    creation_date: iso_date(item.creation_date()),
                });
            }
            Ok::<_, CloudError>(items)
        })?;
        items.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.arn.cmp(&b.arn)));
        Ok(items)
    }

    /// The state machine of that name, if there is one.
    pub fn find_state_machine(
        &self,
        name: &str,
    ) -> Result<Option<StateMachineSummary>, CloudError> {
        Ok(self
            .list_state_machines()?
            .into_iter()
            .find(|sm| sm.name == name))
    }

    /// The ARN for a name or an ARN (an ARN is returned as given, without a call).
    pub fn resolve_arn(&self, name_or_arn: &str) -> Result<String, CloudError> {
        if name_or_arn.starts_with("arn:") {
            return Ok(name_or_arn.to_owned());
        }
        self.find_state_machine(name_or_arn)?
            .map(|sm| sm.arn)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("state machine `{name_or_arn}`"),
            })
    }

    /// A state machine's settings and definition, by name or ARN.
    pub fn describe_state_machine(
        &self,
        name_or_arn: &str,
    ) -> Result<StateMachineDetails, CloudError> {
        let arn = self.resolve_arn(name_or_arn)?;
        let out = self
            .runtime
            .block_on(
                self.sfn
                    .describe_state_machine()
                    .state_machine_arn(&arn)
                    .send(),
            )
            .map_err(self.fail("DescribeStateMachine", name_or_arn))?;
        Ok(StateMachineDetails {
            name: out.name().to_owned(),
            arn: out.state_machine_arn().to_owned(),
            kind: kind_from_aws(out.r#type()),
            role_arn: out.role_arn().to_owned(),
            definition: out.definition().to_owned(),
            status: out.status().map(|s| s.as_str().to_owned()),
            logging_level: out
                .logging_configuration()
                .and_then(|l| l.level())
                .map_or("OFF", |l| l.as_str())
                .to_owned(),
            tracing: out.tracing_configuration().is_some_and(|t| t.enabled()),
        })
    }

    /// Runs `ValidateStateMachineDefinition`. An endpoint without it gives
    /// [`RemoteValidation::Skipped`]; that call is made once, without retries.
    pub fn validate_definition(
        &self,
        definition: &str,
        kind: StateMachineType,
    ) -> Result<RemoteValidation, CloudError> {
        let result = self.runtime.block_on(
            self.sfn
                .validate_state_machine_definition()
                .definition(definition)
                .r#type(kind_to_aws(kind))
                .customize()
                .config_override(
                    aws_sdk_sfn::config::Builder::default().retry_config(RetryConfig::disabled()),
                )
                .send(),
        );
        let out = match result {
            Ok(out) => out,
            // An identity allowed to publish may lack this one permission; that is no reason to
            // refuse, but say so.
            Err(err) if err.code() == Some("AccessDeniedException") => {
                return Ok(RemoteValidation::Skipped {
                    reason: "the identity may not call states:ValidateStateMachineDefinition"
                        .into(),
                })
            }
            Err(err) => {
                return match unsupported_reason(&err) {
                    Some(reason) => Ok(RemoteValidation::Skipped { reason }),
                    None => Err(from_sdk(
                        "ValidateStateMachineDefinition",
                        "",
                        &self.endpoint,
                        err,
                    )),
                }
            }
        };
        let diagnostics: Vec<RemoteDiagnostic> = out
            .diagnostics()
            .iter()
            .map(|d| RemoteDiagnostic {
                severity: d.severity().as_str().to_owned(),
                code: d.code().to_owned(),
                message: d.message().to_owned(),
                location: d.location().map(str::to_owned),
            })
            .collect();
        Ok(match out.result() {
            sfn::ValidateStateMachineDefinitionResultCode::Fail => {
                RemoteValidation::Failed { diagnostics }
            }
            _ => RemoteValidation::Passed {
                warnings: diagnostics,
            },
        })
    }

    /// Creates the state machine, or updates the one of that name. Checks the request first
    /// ([`PublishRequest::check`]); an existing state machine of the other type is refused.
    pub fn publish(&self, request: &PublishRequest) -> Result<PublishOutcome, CloudError> {
        request.check()?;
        let logging = logging_configuration(request);
        let tracing = sfn::TracingConfiguration::builder()
            .enabled(request.tracing)
            .build();
        let version_description = request
            .version_description
            .clone()
            .filter(|_| request.publish_version);
        match self.find_state_machine(&request.name)? {
            Some(existing) => {
                if let Some(kind) = existing.kind.filter(|k| *k != request.kind) {
                    return Err(CloudError::TypeMismatch {
                        name: request.name.clone(),
                        existing: kind.to_string(),
                        requested: request.kind.to_string(),
                    });
                }
                let out = self
                    .runtime
                    .block_on(
                        self.sfn
                            .update_state_machine()
                            .state_machine_arn(&existing.arn)
                            .definition(&request.definition)
                            .role_arn(&request.role_arn)
                            .logging_configuration(logging)
                            .tracing_configuration(tracing)
                            .publish(request.publish_version)
                            .set_version_description(version_description)
                            .send(),
                    )
                    .map_err(self.fail("UpdateStateMachine", &request.name))?;
                Ok(PublishOutcome {
                    action: PublishAction::Updated,
                    state_machine_arn: existing.arn,
                    version_arn: out.state_machine_version_arn().map(str::to_owned),
                })
            }
            None => {
                let out = self
                    .runtime
                    .block_on(
                        self.sfn
                            .create_state_machine()
                            .name(&request.name)
                            .definition(&request.definition)
                            .role_arn(&request.role_arn)
                            .r#type(kind_to_aws(request.kind))
                            .logging_configuration(logging)
                            .tracing_configuration(tracing)
                            .publish(request.publish_version)
                            .set_version_description(version_description)
                            .send(),
                    )
                    .map_err(self.fail("CreateStateMachine", &request.name))?;
                Ok(PublishOutcome {
                    action: PublishAction::Created,
                    state_machine_arn: out.state_machine_arn().to_owned(),
                    version_arn: out.state_machine_version_arn().map(str::to_owned),
                })
            }
        }
    }

    /// Starts an execution of a Standard state machine (by name or ARN) and returns its ARN.
    /// `input` must be JSON text. Express state machines are refused: Step Functions keeps no
    /// history for them.
    pub fn start_execution(
        &self,
        name_or_arn: &str,
        input: &str,
        execution_name: Option<&str>,
    ) -> Result<String, CloudError> {
        if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(input) {
            return Err(CloudError::InvalidRequest(format!(
                "the execution input is not JSON ({err}); pass a JSON value such as '{{}}'"
            )));
        }
        let details = self.describe_state_machine(name_or_arn)?;
        if details.kind == Some(StateMachineType::Express) {
            return Err(CloudError::InvalidRequest(format!(
                "`{}` is an Express state machine: Step Functions keeps no execution history for \
                 Express workflows, so remote-run cannot report one; run it with `aws stepfunctions \
                 start-sync-execution` and read its CloudWatch Logs",
                details.name
            )));
        }
        let out = self
            .runtime
            .block_on(
                self.sfn
                    .start_execution()
                    .state_machine_arn(&details.arn)
                    .input(input)
                    .set_name(execution_name.map(str::to_owned))
                    .send(),
            )
            .map_err(self.fail("StartExecution", name_or_arn))?;
        Ok(out.execution_arn().to_owned())
    }

    /// Polls the execution until it stops or `wait` has passed, then returns its result and full
    /// history (all pages). A report whose status is still `RUNNING` means the wait ran out.
    pub fn wait_for_execution(
        &self,
        execution_arn: &str,
        wait: Duration,
    ) -> Result<ExecutionReport, CloudError> {
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(100);
        self.runtime.block_on(async {
            let described = loop {
                let out = self
                    .sfn
                    .describe_execution()
                    .execution_arn(execution_arn)
                    .send()
                    .await
                    .map_err(self.fail("DescribeExecution", execution_arn))?;
                let running = matches!(
                    out.status(),
                    sfn::ExecutionStatus::Running | sfn::ExecutionStatus::PendingRedrive
                );
                let now = Instant::now();
                if !running || now >= deadline {
                    break out;
                }
                tokio::time::sleep(pause.min(deadline - now)).await;
                pause = (pause * 2).min(Duration::from_secs(1));
            };
            let events = self.history(execution_arn).await?;
            let status = described.status().as_str().to_owned();
            let output = match described.output() {
                Some(text) if status == "SUCCEEDED" => {
                    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
                }
                _ => Value::Null,
            };
            Ok(ExecutionReport {
                status,
                output,
                error: described.error().map(str::to_owned),
                cause: described.cause().map(str::to_owned),
                events,
                execution_arn: execution_arn.to_owned(),
            })
        })
    }

    /// Starts an execution and waits for it: [`Cloud::start_execution`] then
    /// [`Cloud::wait_for_execution`].
    pub fn run(
        &self,
        name_or_arn: &str,
        input: &str,
        execution_name: Option<&str>,
        wait: Duration,
    ) -> Result<ExecutionReport, CloudError> {
        let arn = self.start_execution(name_or_arn, input, execution_name)?;
        self.wait_for_execution(&arn, wait)
    }

    /// The whole history, as the service's own JSON. The SDK's typed events would have to be
    /// re-serialised field by field (dozens of detail types); reading the response body keeps
    /// every field, including ones newer than this SDK, exactly as AWS wrote it.
    async fn history(&self, execution_arn: &str) -> Result<Vec<Value>, CloudError> {
        let mut events = Vec::new();
        let mut next_token: Option<String> = None;
        loop {
            let capture = BodyCapture::default();
            let out = self
                .sfn
                .get_execution_history()
                .execution_arn(execution_arn)
                .include_execution_data(true)
                .set_max_results(self.page_size)
                .set_next_token(next_token.clone())
                .customize()
                .interceptor(capture.clone())
                .send()
                .await
                .map_err(self.fail("GetExecutionHistory", execution_arn))?;
            let page: Value = capture
                .take()
                .and_then(|bytes| serde_json::from_slice(&bytes).ok())
                .ok_or_else(|| CloudError::Other {
                    operation: "GetExecutionHistory",
                    detail: "the response body was not readable JSON".into(),
                })?;
            if let Some(page_events) = page.get("events").and_then(Value::as_array) {
                events.extend(page_events.iter().map(normalise_event));
            }
            next_token = out.next_token().map(str::to_owned);
            if next_token.is_none() {
                break;
            }
        }
        Ok(events)
    }
}

async fn load_config(options: &ConnectOptions) -> Result<SdkConfig, CloudError> {
    let attempts = options.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS).max(1);
    // Standard retry mode: throttling and transient errors are retried with exponential back-off.
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(attempts));
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(c) = &options.credentials {
        loader = loader.credentials_provider(Credentials::new(
            c.access_key_id.clone(),
            c.secret_access_key.clone(),
            c.session_token.clone(),
            None,
            "statecraft",
        ));
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(CloudError::NoRegion);
    }
    let no_credentials = |detail: String| CloudError::NoCredentials {
        profile: options.profile.clone(),
        detail,
    };
    let provider = config
        .credentials_provider()
        .ok_or_else(|| no_credentials("no credential provider is configured".into()))?;
    // The credentials themselves are dropped at once: only the SDK's signer holds them.
    provider
        .provide_credentials()
        .await
        .map_err(|err| no_credentials(DisplayErrorContext(&err).to_string()))?;
    Ok(config)
}

/// Why an error means "this endpoint does not implement the operation", if it does.
fn unsupported_reason<E>(err: &SdkError<E, HttpResponse>) -> Option<String>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let SdkError::ServiceError(service) = err else {
        return None;
    };
    let code = err.code().unwrap_or_default();
    if [
        "UnknownOperation",
        "NotImplemented",
        "InvalidAction",
        "UnsupportedOperation",
    ]
    .iter()
    .any(|c| code.contains(c))
    {
        return Some(format!("the endpoint answered {code}"));
    }
    let raw = service.raw();
    let status = raw.status().as_u16();
    let body_is_json = raw
        .body()
        .bytes()
        .is_some_and(|b| b.trim_ascii_start().starts_with(b"{"));
    match status {
        404 | 405 | 501 => Some(format!("the endpoint answered HTTP {status}")),
        // moto answers operations it lacks with an HTML "500 Internal Server Error" page; AWS's
        // own server errors are JSON.
        500 if !body_is_json => Some("the endpoint answered HTTP 500 with no AWS error".into()),
        _ => None,
    }
}

fn logging_configuration(request: &PublishRequest) -> sfn::LoggingConfiguration {
    let level = match request.logging_level {
        LoggingLevel::Off => sfn::LogLevel::Off,
        LoggingLevel::All => sfn::LogLevel::All,
        LoggingLevel::Error => sfn::LogLevel::Error,
        LoggingLevel::Fatal => sfn::LogLevel::Fatal,
    };
    let mut builder = sfn::LoggingConfiguration::builder()
        .level(level)
        .include_execution_data(request.include_execution_data);
    if let Some(arn) = request
        .log_group_arn
        .as_ref()
        .filter(|_| request.logging_level != LoggingLevel::Off)
    {
        builder = builder.destinations(
            sfn::LogDestination::builder()
                .cloud_watch_logs_log_group(
                    sfn::CloudWatchLogsLogGroup::builder()
                        .log_group_arn(arn)
                        .build(),
                )
                .build(),
        );
    }
    builder.build()
}

fn kind_to_aws(kind: StateMachineType) -> sfn::StateMachineType {
    match kind {
        StateMachineType::Standard => sfn::StateMachineType::Standard,
        StateMachineType::Express => sfn::StateMachineType::Express,
    }
}

fn kind_from_aws(kind: &sfn::StateMachineType) -> Option<StateMachineType> {
    match kind.as_str() {
        "STANDARD" => Some(StateMachineType::Standard),
        "EXPRESS" => Some(StateMachineType::Express),
        _ => None,
    }
}

fn iso_date(date: &DateTime) -> String {
    date.fmt(DateTimeFormat::DateTime)
        .unwrap_or_else(|_| date.secs().to_string())
}

/// Puts `id`, `previousEventId`, `timestamp` and `type` first and writes the timestamp (epoch
/// seconds on the wire) as ISO 8601, as the AWS CLI shows it.
fn normalise_event(raw: &Value) -> Value {
    let Some(fields) = raw.as_object() else {
        return raw.clone();
    };
    let mut event = Map::new();
    for key in ["id", "previousEventId", "timestamp", "type"] {
        if let Some(value) = fields.get(key) {
            let value = match (key, value) {
                // Epoch seconds as a double; AWS keeps milliseconds, so round to them.
                ("timestamp", Value::Number(n)) => n
                    .as_f64()
                    .map(|secs| {
                        let millis = (secs * 1000.0).round() as i64;
                        Value::String(iso_date(&DateTime::from_millis(millis)))
                    })
                    .unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            };
            event.insert(key.to_owned(), value);
        }
    }
    for (key, value) in fields {
        if !event.contains_key(key) {
            event.insert(key.clone(), value.clone());
        }
    }
    Value::Object(event)
}

/// Keeps the body of the response it sees (the SDK has read it into memory by then).
#[derive(Debug, Clone, Default)]
struct BodyCapture(Arc<Mutex<Option<Vec<u8>>>>);

impl BodyCapture {
    fn take(&self) -> Option<Vec<u8>> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl Intercept for BodyCapture {
    fn name(&self) -> &'static str {
        "StatecraftBodyCapture"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let (Some(bytes), Ok(mut slot)) = (context.response().body().bytes(), self.0.lock()) {
            *slot = Some(bytes.to_vec());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_put_the_common_fields_first_with_iso_timestamps() {
        let raw = json!({
            "stateEnteredEventDetails": {"name": "A", "input": "{}"},
            "type": "PassStateEntered",
            "timestamp": 1_700_000_000.019_9,
            "previousEventId": 1,
            "id": 2
        });
        let event = normalise_event(&raw);
        let keys: Vec<&String> = event.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "id",
                "previousEventId",
                "timestamp",
                "type",
                "stateEnteredEventDetails"
            ]
        );
        assert_eq!(event["timestamp"], "2023-11-14T22:13:20.02Z");
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = StaticCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "very-secret".into(),
            session_token: Some("token-secret".into()),
        };
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("very-secret") && !shown.contains("token-secret"));
    }
}
