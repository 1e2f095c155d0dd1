//! The eight state types and the structures they share (retriers, catchers, Map configuration).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{nullable, ChoiceRule, QueryLanguage, StateMachine};

/// A number written literally, or a JSONata expression (`"{% ... %}"`) that yields it at run time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrExpr {
    /// A literal number.
    Number(serde_json::Number),
    /// A JSONata expression in `{% %}`.
    Expr(String),
}

/// An array written literally, or a JSONata expression that yields it (Map `Items`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueOrExpr {
    /// A JSONata expression in `{% %}`.
    Expr(String),
    /// Any other JSON value, possibly holding expressions inside.
    Value(Value),
}

/// Fields every state type may carry (which ones are allowed depends on the type and language).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CommonFields {
    /// Free text for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// This state's query language, overriding the machine's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// The state to run after this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// True when the execution (or branch) ends after this state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<bool>,
    /// JSONPath: selects part of the input; `null` gives `{}`.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub input_path: Option<Option<String>>,
    /// JSONPath: selects part of the output; `null` gives `{}`.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub output_path: Option<Option<String>>,
    /// JSONata: the state's output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Variables to set when the state completes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Map<String, Value>>,
}

/// One state of a state machine.
// States live once per definition in a map; boxing the large variants would only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "Type")]
pub enum State {
    /// Passes its input to its output, optionally injecting data.
    Pass(PassState),
    /// Runs work: an AWS service integration, a Lambda function, an activity, an HTTP call.
    Task(TaskState),
    /// Chooses the next state from rules.
    Choice(ChoiceState),
    /// Waits for a duration or until a timestamp.
    Wait(WaitState),
    /// Ends the execution (or branch) successfully.
    Succeed(SucceedState),
    /// Ends the execution (or branch) with an error.
    Fail(FailState),
    /// Runs branches in parallel.
    Parallel(ParallelState),
    /// Runs a processor for each item of an array or data set.
    Map(MapState),
}

/// Which kind of state this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateType {
    /// Pass
    Pass,
    /// Task
    Task,
    /// Choice
    Choice,
    /// Wait
    Wait,
    /// Succeed
    Succeed,
    /// Fail
    Fail,
    /// Parallel
    Parallel,
    /// Map
    Map,
}

impl StateType {
    /// Every state type, in the order the specification lists them.
    pub const ALL: [StateType; 8] = [
        StateType::Pass,
        StateType::Task,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    /// The `Type` string of this state type.
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Pass => "Pass",
            StateType::Task => "Task",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// The state type a `Type` string names.
    pub fn parse(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// True for types that end a branch by themselves (no Next/End).
    pub fn is_terminal(self) -> bool {
        matches!(self, StateType::Succeed | StateType::Fail)
    }
}

impl std::fmt::Display for StateType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! state_struct {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty $(=> $attr:meta)?),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $(
                $(#[$fdoc])*
                #[serde(default, skip_serializing_if = "Option::is_none" $(, $attr)?)]
                pub $field: $ty,
            )*
            /// Fields every state may carry.
            #[serde(flatten)]
            pub common: CommonFields,
            /// Fields the specification does not name.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
    };
}

state_struct!(
    /// A Pass state.
    PassState {
        /// JSONPath: data to output instead of the input.
        result: Option<Value>,
        /// JSONPath: where the result goes in the input; `null` discards it.
        result_path: Option<Option<String>> => deserialize_with = "nullable",
        /// JSONPath: payload template applied to the input.
        parameters: Option<Value>,
    }
);

state_struct!(
    /// A Task state.
    TaskState {
        /// The ARN of what runs (service integration, Lambda, activity, HTTP endpoint).
        resource: Option<String>,
        /// JSONPath: payload template for the task's input.
        parameters: Option<Value>,
        /// JSONata: the task's input.
        arguments: Option<Value>,
        /// JSONPath: where the result goes in the input; `null` discards it.
        result_path: Option<Option<String>> => deserialize_with = "nullable",
        /// JSONPath: payload template applied to the result.
        result_selector: Option<Value>,
        /// Retry policies, tried in order.
        retry: Option<Vec<Retrier>>,
        /// Fallback transitions on errors, tried in order.
        catch: Option<Vec<Catcher>>,
        /// Maximum run time of the task (literal, or JSONata expression).
        timeout_seconds: Option<NumberOrExpr>,
        /// JSONPath: reference path to the timeout, in seconds.
        timeout_seconds_path: Option<String>,
        /// Maximum time between heartbeats (literal, or JSONata expression).
        heartbeat_seconds: Option<NumberOrExpr>,
        /// JSONPath: reference path to the heartbeat interval, in seconds.
        heartbeat_seconds_path: Option<String>,
        /// Cross-account role to assume for the task.
        credentials: Option<Value>,
    }
);

state_struct!(
    /// A Choice state.
    ChoiceState {
        /// The rules, tried in order.
        choices: Option<Vec<ChoiceRule>>,
        /// The state to run when no rule matches.
        default: Option<String>,
    }
);

state_struct!(
    /// A Wait state: exactly one of the four timing fields.
    WaitState {
        /// Seconds to wait (literal, or JSONata expression).
        seconds: Option<NumberOrExpr>,
        /// ISO-8601 time to wait until (literal, or JSONata expression).
        timestamp: Option<String>,
        /// JSONPath: reference path to the seconds to wait.
        seconds_path: Option<String>,
        /// JSONPath: reference path to the timestamp to wait until.
        timestamp_path: Option<String>,
    }
);

state_struct!(
    /// A Succeed state.
    SucceedState {}
);

state_struct!(
    /// A Fail state.
    FailState {
        /// The error name (literal, or JSONata expression).
        error: Option<String>,
        /// The error cause (literal, or JSONata expression).
        cause: Option<String>,
        /// JSONPath: reference path or intrinsic giving the error name.
        error_path: Option<String>,
        /// JSONPath: reference path or intrinsic giving the cause.
        cause_path: Option<String>,
    }
);

state_struct!(
    /// A Parallel state.
    ParallelState {
        /// The branches, each a state machine of its own.
        branches: Option<Vec<StateMachine>>,
        /// JSONPath: payload template for the branches' input.
        parameters: Option<Value>,
        /// JSONata: the branches' input.
        arguments: Option<Value>,
        /// JSONPath: where the result goes in the input; `null` discards it.
        result_path: Option<Option<String>> => deserialize_with = "nullable",
        /// JSONPath: payload template applied to the result.
        result_selector: Option<Value>,
        /// Retry policies, tried in order.
        retry: Option<Vec<Retrier>>,
        /// Fallback transitions on errors, tried in order.
        catch: Option<Vec<Catcher>>,
    }
);

state_struct!(
    /// A Map state, inline or distributed.
    MapState {
        /// The processor run for each item.
        item_processor: Option<StateMachine>,
        /// Legacy name of `ItemProcessor` (inline only).
        iterator: Option<StateMachine>,
        /// JSONPath: reference path to the items array.
        items_path: Option<String>,
        /// JSONata: the items (an array, or an expression giving one).
        items: Option<ValueOrExpr>,
        /// Payload template (JSONPath) or value (JSONata) built for each item.
        item_selector: Option<Value>,
        /// Legacy name of `ItemSelector`.
        parameters: Option<Value>,
        /// JSONata: input for the whole Map (distributed item readers use it).
        arguments: Option<Value>,
        /// Distributed: where the items come from (S3 objects, a CSV/JSON file, an inventory).
        item_reader: Option<ItemReader>,
        /// Distributed: groups items into batches.
        item_batcher: Option<ItemBatcher>,
        /// Distributed: where the results are written.
        result_writer: Option<ResultWriter>,
        /// How many items run at once (0 = as many as possible).
        max_concurrency: Option<NumberOrExpr>,
        /// JSONPath: reference path to MaxConcurrency.
        max_concurrency_path: Option<String>,
        /// Distributed: failed items tolerated before the Map fails.
        tolerated_failure_count: Option<NumberOrExpr>,
        /// JSONPath: reference path to ToleratedFailureCount.
        tolerated_failure_count_path: Option<String>,
        /// Distributed: percentage of failed items tolerated.
        tolerated_failure_percentage: Option<NumberOrExpr>,
        /// JSONPath: reference path to ToleratedFailurePercentage.
        tolerated_failure_percentage_path: Option<String>,
        /// Distributed: label of the child executions (up to 40 characters).
        label: Option<String>,
        /// JSONPath: where the result goes in the input; `null` discards it.
        result_path: Option<Option<String>> => deserialize_with = "nullable",
        /// JSONPath: payload template applied to the result.
        result_selector: Option<Value>,
        /// Retry policies, tried in order.
        retry: Option<Vec<Retrier>>,
        /// Fallback transitions on errors, tried in order.
        catch: Option<Vec<Catcher>>,
    }
);

/// How a Map state processes its items.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessorConfig {
    /// `INLINE` (the default) or `DISTRIBUTED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Distributed: `STANDARD` or `EXPRESS` child executions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<String>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a distributed Map reads its items.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemReader {
    /// The reading integration, e.g. `arn:aws:states:::s3:getObject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// JSONPath: the reader's parameters (bucket, key, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    /// JSONata: the reader's arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    /// File format and limits (InputType, CSVHeaderLocation, CSVHeaders, MaxItems, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader_config: Option<Map<String, Value>>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How a distributed Map groups items into batches.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ItemBatcher {
    /// Most items per batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items_per_batch: Option<NumberOrExpr>,
    /// JSONPath: reference path to MaxItemsPerBatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items_per_batch_path: Option<String>,
    /// Most bytes per batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_bytes_per_batch: Option<NumberOrExpr>,
    /// JSONPath: reference path to MaxInputBytesPerBatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_bytes_per_batch_path: Option<String>,
    /// Fixed input added to every batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_input: Option<Value>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a distributed Map writes its results.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResultWriter {
    /// The writing integration, e.g. `arn:aws:states:::s3:putObject`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// JSONPath: the writer's parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Value>,
    /// JSONata: the writer's arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<Value>,
    /// Output shape (OutputType, Transformation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub writer_config: Option<Map<String, Value>>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How back-off delays are randomised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum JitterStrategy {
    /// Full jitter: a random delay between 0 and the computed one.
    Full,
    /// No jitter (the default).
    None,
}

/// A retry policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Retrier {
    /// The errors this policy handles (`States.ALL` for any).
    #[serde(default)]
    pub error_equals: Vec<String>,
    /// Seconds before the first retry (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// Most retries (default 3; 0 = never retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u64>,
    /// Multiplier of the delay after each retry (default 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_rate: Option<f64>,
    /// Upper bound of the delay, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay_seconds: Option<u64>,
    /// Jitter applied to the delay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jitter_strategy: Option<JitterStrategy>,
    /// Free text for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Retrier {
    /// Seconds before the first retry, with AWS's default.
    pub fn interval_seconds_or_default(&self) -> u64 {
        self.interval_seconds.unwrap_or(1)
    }

    /// Most retries, with AWS's default.
    pub fn max_attempts_or_default(&self) -> u64 {
        self.max_attempts.unwrap_or(3)
    }

    /// Back-off multiplier, with AWS's default.
    pub fn backoff_rate_or_default(&self) -> f64 {
        self.backoff_rate.unwrap_or(2.0)
    }
}

/// A fallback transition taken when an error is not retried.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Catcher {
    /// The errors this catcher handles (`States.ALL` for any).
    #[serde(default)]
    pub error_equals: Vec<String>,
    /// The state to run.
    #[serde(default)]
    pub next: String,
    /// JSONPath: where the error output goes in the input; `null` discards it.
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    pub result_path: Option<Option<String>>,
    /// JSONata: the output passed to the next state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Variables to set when the catcher is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign: Option<Map<String, Value>>,
    /// Free text for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl State {
    /// Which kind of state this is.
    pub fn state_type(&self) -> StateType {
        match self {
            State::Pass(_) => StateType::Pass,
            State::Task(_) => StateType::Task,
            State::Choice(_) => StateType::Choice,
            State::Wait(_) => StateType::Wait,
            State::Succeed(_) => StateType::Succeed,
            State::Fail(_) => StateType::Fail,
            State::Parallel(_) => StateType::Parallel,
            State::Map(_) => StateType::Map,
        }
    }

    /// The fields every state type shares.
    pub fn common(&self) -> &CommonFields {
        match self {
            State::Pass(s) => &s.common,
            State::Task(s) => &s.common,
            State::Choice(s) => &s.common,
            State::Wait(s) => &s.common,
            State::Succeed(s) => &s.common,
            State::Fail(s) => &s.common,
            State::Parallel(s) => &s.common,
            State::Map(s) => &s.common,
        }
    }

    /// The fields this state carries that the specification does not name.
    pub fn extra(&self) -> &Map<String, Value> {
        match self {
            State::Pass(s) => &s.extra,
            State::Task(s) => &s.extra,
            State::Choice(s) => &s.extra,
            State::Wait(s) => &s.extra,
            State::Succeed(s) => &s.extra,
            State::Fail(s) => &s.extra,
            State::Parallel(s) => &s.extra,
            State::Map(s) => &s.extra,
        }
    }

    /// The state's comment.
    pub fn comment(&self) -> Option<&str> {
        self.common().comment.as_deref()
    }

    /// The state's `Next`.
    pub fn next(&self) -> Option<&str> {
        self.common().next.as_deref()
    }

    /// True when the state has `End: true` or ends by its type.
    pub fn is_end(&self) -> bool {
        self.common().end == Some(true) || self.state_type().is_terminal()
    }

    /// Retry policies of Task, Parallel and Map states.
    pub fn retry(&self) -> &[Retrier] {
        match self {
            State::Task(s) => s.retry.as_deref(),
            State::Parallel(s) => s.retry.as_deref(),
            State::Map(s) => s.retry.as_deref(),
            _ => None,
        }
        .unwrap_or_default()
    }

    /// Catchers of Task, Parallel and Map states.
    pub fn catch(&self) -> &[Catcher] {
        match self {
            State::Task(s) => s.catch.as_deref(),
            State::Parallel(s) => s.catch.as_deref(),
            State::Map(s) => s.catch.as_deref(),
            _ => None,
        }
        .unwrap_or_default()
    }
}

impl MapState {
    /// The processor, under its current name or the legacy `Iterator`.
    pub fn processor(&self) -> Option<&StateMachine> {
        self.item_processor.as_ref().or(self.iterator.as_ref())
    }

    /// True for a distributed Map (child executions, item readers, result writers).
    pub fn is_distributed(&self) -> bool {
        self.processor()
            .and_then(|p| p.processor_config.as_ref())
            .and_then(|c| c.mode.as_deref())
            .is_some_and(|mode| mode == "DISTRIBUTED")
    }
}
