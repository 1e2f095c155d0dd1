//! The execution history, shaped as AWS's `GetExecutionHistory` returns it: each event has an id, the
//! id of the event that led to it, a timestamp, a type, and one `<lowerCamelType>EventDetails`
//! object whose payloads (`input`, `output`, `parameters`, assigned variables) are JSON *text*.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::clock::{format_iso8601, Millis};
use crate::task::TaskResource;

/// A JSON payload shared between the run, its events and the inspection records.
pub type Payload = Arc<Value>;

/// The state types, as event type prefixes.
pub use statecraft_asl::model::StateType;

/// One event of the history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based position in the history.
    pub id: u64,
    /// The event that led to this one (0 for none).
    pub previous_event_id: u64,
    /// When it happened, on the virtual clock.
    pub timestamp_ms: Millis,
    /// What happened.
    pub kind: EventKind,
}

/// Which task events a Task state's resource produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskFamily {
    /// Service integrations (`arn:aws:states:::service:action`): `Task*` events.
    Service,
    /// A Lambda function ARN: `LambdaFunction*` events.
    Lambda,
    /// An activity ARN: `Activity*` events.
    Activity,
}

/// What happened, with the details AWS records for it.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// The execution started with this input.
    ExecutionStarted {
        /// The execution's input.
        input: Payload,
        /// The role the execution runs as.
        role_arn: String,
    },
    /// The execution succeeded with this output.
    ExecutionSucceeded {
        /// The execution's output.
        output: Payload,
    },
    /// The execution failed.
    ExecutionFailed {
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// The execution ran longer than allowed.
    ExecutionTimedOut {
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// The execution was stopped.
    ExecutionAborted {
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// A state was entered (`PassStateEntered`, ...).
    StateEntered {
        /// The state's type.
        state_type: StateType,
        /// The state's name.
        name: Arc<str>,
        /// The state's input.
        input: Payload,
    },
    /// A state was left (`PassStateExited`, ...).
    StateExited {
        /// The state's type.
        state_type: StateType,
        /// The state's name.
        name: Arc<str>,
        /// The state's output.
        output: Payload,
        /// Variables the state assigned, in name order, values as given.
        assigned: Option<Arc<Vec<(String, Value)>>>,
    },
    /// A state in a branch or iteration that was stopped (`WaitStateAborted`, ...).
    StateAborted {
        /// The state's type.
        state_type: StateType,
        /// The state's name.
        name: Arc<str>,
    },
    /// A Parallel state started its branches.
    ParallelStateStarted,
    /// All branches succeeded.
    ParallelStateSucceeded,
    /// A branch failed.
    ParallelStateFailed,
    /// A Map state started, with this many items.
    MapStateStarted {
        /// How many items.
        length: usize,
    },
    /// All iterations succeeded (or the failures were tolerated).
    MapStateSucceeded,
    /// The Map failed.
    MapStateFailed,
    /// An iteration started.
    MapIterationStarted {
        /// Item index.
        index: usize,
        /// The Map state's name.
        name: Arc<str>,
    },
    /// An iteration succeeded.
    MapIterationSucceeded {
        /// Item index.
        index: usize,
        /// The Map state's name.
        name: Arc<str>,
    },
    /// An iteration failed.
    MapIterationFailed {
        /// Item index.
        index: usize,
        /// The Map state's name.
        name: Arc<str>,
    },
    /// An iteration was stopped because the Map failed.
    MapIterationAborted {
        /// Item index.
        index: usize,
        /// The Map state's name.
        name: Arc<str>,
    },
    /// A distributed Map started its child executions.
    MapRunStarted {
        /// The map run's ARN.
        map_run_arn: String,
    },
    /// The map run succeeded.
    MapRunSucceeded,
    /// The map run failed.
    MapRunFailed {
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// A task was scheduled.
    TaskScheduled {
        /// The task's resource (event family, service, action, region), shared by its events.
        task: Arc<TaskResource>,
        /// The task's input.
        parameters: Payload,
        /// TimeoutSeconds, when set.
        timeout_secs: Option<u64>,
        /// HeartbeatSeconds, when set.
        heartbeat_secs: Option<u64>,
    },
    /// A task started.
    TaskStarted {
        /// The task's resource.
        task: Arc<TaskResource>,
    },
    /// A `.sync` or `.waitForTaskToken` task was submitted; the service answered with `output`.
    TaskSubmitted {
        /// The task's resource.
        task: Arc<TaskResource>,
        /// The service's answer.
        output: Payload,
    },
    /// A task succeeded.
    TaskSucceeded {
        /// The task's resource.
        task: Arc<TaskResource>,
        /// The task's result.
        output: Payload,
    },
    /// A task failed.
    TaskFailed {
        /// The task's resource.
        task: Arc<TaskResource>,
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// A task timed out (or missed its heartbeat).
    TaskTimedOut {
        /// The task's resource.
        task: Arc<TaskResource>,
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
    /// A JSONata expression (or other evaluation) failed in a state.
    EvaluationFailed(Box<EvaluationFailure>),
}

/// What an `EvaluationFailed` event records (boxed: the event is rare and its fields large).
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationFailure {
    /// Error name.
    pub error: String,
    /// Cause.
    pub cause: String,
    /// The field, such as `Assign/x`.
    pub location: Option<String>,
    /// The state's name.
    pub state: Arc<str>,
}

fn json_text(value: &Value) -> Value {
    Value::String(serde_json::to_string(value).unwrap_or_default())
}

fn truncated_false() -> Value {
    json!({"truncated": false})
}

fn error_cause(error: &Option<String>, cause: &Option<String>) -> Map<String, Value> {
    let mut map = Map::new();
    if let Some(error) = error {
        map.insert("error".into(), Value::String(error.clone()));
    }
    if let Some(cause) = cause {
        map.insert("cause".into(), Value::String(cause.clone()));
    }
    map
}

impl EventKind {
    /// The AWS event type (`PassStateEntered`, `MapIterationStarted`, ...).
    pub fn type_name(&self) -> String {
        let fixed = match self {
            EventKind::ExecutionStarted { .. } => "ExecutionStarted",
            EventKind::ExecutionSucceeded { .. } => "ExecutionSucceeded",
            EventKind::ExecutionFailed { .. } => "ExecutionFailed",
            EventKind::ExecutionTimedOut { .. } => "ExecutionTimedOut",
            EventKind::ExecutionAborted { .. } => "ExecutionAborted",
            EventKind::StateEntered { state_type, .. } => {
                return format!("{state_type}StateEntered")
            }
            EventKind::StateExited { state_type, .. } => return format!("{state_type}StateExited"),
            EventKind::StateAborted { state_type, .. } => {
                return format!("{state_type}StateAborted")
            }
            EventKind::ParallelStateStarted => "ParallelStateStarted",
            EventKind::ParallelStateSucceeded => "ParallelStateSucceeded",
            EventKind::ParallelStateFailed => "ParallelStateFailed",
            EventKind::MapStateStarted { .. } => "MapStateStarted",
            EventKind::MapStateSucceeded => "MapStateSucceeded",
            EventKind::MapStateFailed => "MapStateFailed",
            EventKind::MapIterationStarted { .. } => "MapIterationStarted",
            EventKind::MapIterationSucceeded { .. } => "MapIterationSucceeded",
            EventKind::MapIterationFailed { .. } => "MapIterationFailed",
            EventKind::MapIterationAborted { .. } => "MapIterationAborted",
            EventKind::MapRunStarted { .. } => "MapRunStarted",
            EventKind::MapRunSucceeded => "MapRunSucceeded",
            EventKind::MapRunFailed { .. } => "MapRunFailed",
            EventKind::TaskScheduled { task, .. } => return task_type(task.family, "Scheduled"),
            EventKind::TaskStarted { task } => return task_type(task.family, "Started"),
            EventKind::TaskSubmitted { task, .. } => return task_type(task.family, "Submitted"),
            EventKind::TaskSucceeded { task, .. } => return task_type(task.family, "Succeeded"),
            EventKind::TaskFailed { task, .. } => return task_type(task.family, "Failed"),
            EventKind::TaskTimedOut { task, .. } => return task_type(task.family, "TimedOut"),
            EventKind::EvaluationFailed(_) => "EvaluationFailed",
        };
        fixed.to_owned()
    }

    /// The name of the details field (`stateEnteredEventDetails`, ...) and its value, if the event
    /// type has details.
    pub fn details(&self) -> Option<(String, Value)> {
        let (key, map): (String, Map<String, Value>) = match self {
            EventKind::ExecutionStarted { input, role_arn } => {
                let mut map = Map::new();
                map.insert("input".into(), json_text(input));
                map.insert("inputDetails".into(), truncated_false());
                map.insert("roleArn".into(), Value::String(role_arn.clone()));
                ("executionStartedEventDetails".into(), map)
            }
            EventKind::ExecutionSucceeded { output } => {
                let mut map = Map::new();
                map.insert("output".into(), json_text(output));
                map.insert("outputDetails".into(), truncated_false());
                ("executionSucceededEventDetails".into(), map)
            }
            EventKind::ExecutionFailed { error, cause } => (
                "executionFailedEventDetails".into(),
                error_cause(error, cause),
            ),
            EventKind::ExecutionTimedOut { error, cause } => (
                "executionTimedOutEventDetails".into(),
                error_cause(error, cause),
            ),
            EventKind::ExecutionAborted { error, cause } => (
                "executionAbortedEventDetails".into(),
                error_cause(error, cause),
            ),
            EventKind::StateEntered { name, input, .. } => {
                let mut map = Map::new();
                map.insert("input".into(), json_text(input));
                map.insert("inputDetails".into(), truncated_false());
                map.insert("name".into(), Value::String(name.to_string()));
                ("stateEnteredEventDetails".into(), map)
            }
            EventKind::StateExited {
                name,
                output,
                assigned,
                ..
            } => {
                let mut map = Map::new();
                if let Some(assigned) = assigned {
                    let vars: Map<String, Value> = assigned
                        .iter()
                        .map(|(k, v)| (k.clone(), json_text(v)))
                        .collect();
                    map.insert("assignedVariables".into(), Value::Object(vars));
                    map.insert("assignedVariablesDetails".into(), truncated_false());
                }
                map.insert("name".into(), Value::String(name.to_string()));
                map.insert("output".into(), json_text(output));
                map.insert("outputDetails".into(), truncated_false());
                ("stateExitedEventDetails".into(), map)
            }
            EventKind::StateAborted { .. }
            | EventKind::ParallelStateStarted
            | EventKind::ParallelStateSucceeded
            | EventKind::ParallelStateFailed
            | EventKind::MapStateSucceeded
            | EventKind::MapStateFailed
            | EventKind::MapRunSucceeded => return None,
            EventKind::MapStateStarted { length } => (
                "mapStateStartedEventDetails".into(),
                one("length", json!(length)),
            ),
            EventKind::MapIterationStarted { index, name } => (
                "mapIterationStartedEventDetails".into(),
                iteration(*index, name),
            ),
            EventKind::MapIterationSucceeded { index, name } => (
                "mapIterationSucceededEventDetails".into(),
                iteration(*index, name),
            ),
            EventKind::MapIterationFailed { index, name } => (
                "mapIterationFailedEventDetails".into(),
                iteration(*index, name),
            ),
            EventKind::MapIterationAborted { index, name } => (
                "mapIterationAbortedEventDetails".into(),
                iteration(*index, name),
            ),
            EventKind::MapRunStarted { map_run_arn } => (
                "mapRunStartedEventDetails".into(),
                one("mapRunArn", json!(map_run_arn)),
            ),
            EventKind::MapRunFailed { error, cause } => {
                ("mapRunFailedEventDetails".into(), error_cause(error, cause))
            }
            EventKind::TaskScheduled {
                task,
                parameters,
                timeout_secs,
                heartbeat_secs,
            } => {
                let mut map = Map::new();
                match task.family {
                    TaskFamily::Service => {
                        map.insert("resourceType".into(), json!(task.resource_type));
                        map.insert("resource".into(), json!(task.resource));
                        map.insert("region".into(), json!(task.region));
                        map.insert("parameters".into(), json_text(parameters));
                    }
                    TaskFamily::Lambda | TaskFamily::Activity => {
                        map.insert("resource".into(), json!(task.resource));
                        map.insert("input".into(), json_text(parameters));
                        map.insert("inputDetails".into(), truncated_false());
                    }
                }
                if let Some(t) = timeout_secs {
                    map.insert("timeoutInSeconds".into(), json!(t));
                }
                if let Some(h) = heartbeat_secs {
                    map.insert("heartbeatInSeconds".into(), json!(h));
                }
                (details_key(task.family, "Scheduled"), map)
            }
            EventKind::TaskStarted { task } => {
                let mut map = Map::new();
                match task.family {
                    TaskFamily::Service => {
                        map.insert("resourceType".into(), json!(task.resource_type));
                        map.insert("resource".into(), json!(task.resource));
                    }
                    TaskFamily::Activity => {
                        map.insert("workerName".into(), json!("statecraft"));
                    }
                    TaskFamily::Lambda => return None,
                }
                (details_key(task.family, "Started"), map)
            }
            EventKind::TaskSubmitted { task, output }
            | EventKind::TaskSucceeded { task, output } => {
                let mut map = Map::new();
                if task.family == TaskFamily::Service {
                    map.insert("resourceType".into(), json!(task.resource_type));
                    map.insert("resource".into(), json!(task.resource));
                }
                map.insert("output".into(), json_text(output));
                map.insert("outputDetails".into(), truncated_false());
                let what = if matches!(self, EventKind::TaskSubmitted { .. }) {
                    "Submitted"
                } else {
                    "Succeeded"
                };
                (details_key(task.family, what), map)
            }
            EventKind::TaskFailed { task, error, cause }
            | EventKind::TaskTimedOut { task, error, cause } => {
                let mut map = Map::new();
                if task.family == TaskFamily::Service {
                    map.insert("resourceType".into(), json!(task.resource_type));
                    map.insert("resource".into(), json!(task.resource));
                }
                map.extend(error_cause(error, cause));
                let what = if matches!(self, EventKind::TaskFailed { .. }) {
                    "Failed"
                } else {
                    "TimedOut"
                };
                (details_key(task.family, what), map)
            }
            EventKind::EvaluationFailed(failure) => {
                let mut map = Map::new();
                map.insert("error".into(), json!(failure.error));
                map.insert("cause".into(), json!(failure.cause));
                if let Some(location) = &failure.location {
                    map.insert("location".into(), json!(location));
                }
                map.insert("state".into(), json!(failure.state.as_ref()));
                ("evaluationFailedEventDetails".into(), map)
            }
        };
        Some((key, Value::Object(map)))
    }
}

fn one(key: &str, value: Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(key.into(), value);
    map
}

fn iteration(index: usize, name: &str) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("index".into(), json!(index));
    map.insert("name".into(), json!(name));
    map
}

fn task_type(family: TaskFamily, what: &str) -> String {
    match family {
        TaskFamily::Service => format!("Task{what}"),
        TaskFamily::Lambda => format!("LambdaFunction{what}"),
        TaskFamily::Activity => format!("Activity{what}"),
    }
}

fn details_key(family: TaskFamily, what: &str) -> String {
    match family {
        TaskFamily::Service => format!("task{what}EventDetails"),
        TaskFamily::Lambda => format!("lambdaFunction{what}EventDetails"),
        TaskFamily::Activity => format!("activity{what}EventDetails"),
    }
}

impl HistoryEvent {
    /// The event as AWS's `GetExecutionHistory` shows it.
    pub fn to_aws_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("id".into(), json!(self.id));
        map.insert("previousEventId".into(), json!(self.previous_event_id));
        map.insert(
            "timestamp".into(),
            Value::String(format_iso8601(self.timestamp_ms)),
        );
        map.insert("type".into(), Value::String(self.kind.type_name()));
        if let Some((key, details)) = self.kind.details() {
            map.insert(key, details);
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The history is one vector of events; a long run records tens of thousands and the vector
    /// is copied as it grows. Rare, large details are boxed or shared to keep every event small.
    #[test]
    fn events_stay_small() {
        let size = std::mem::size_of::<HistoryEvent>();
        assert!(size <= 88, "HistoryEvent is {size} bytes");
    }

    #[test]
    fn state_entered_has_aws_shape() {
        let event = HistoryEvent {
            id: 2,
            previous_event_id: 0,
            timestamp_ms: 0,
            kind: EventKind::StateEntered {
                state_type: StateType::Pass,
                name: Arc::from("A"),
                input: Arc::new(json!({"a": 1})),
            },
        };
        assert_eq!(
            event.to_aws_json(),
            json!({"id": 2, "previousEventId": 0, "timestamp": "1970-01-01T00:00:00.000Z",
                   "type": "PassStateEntered",
                   "stateEnteredEventDetails": {"input": "{\"a\":1}", "inputDetails": {"truncated": false}, "name": "A"}})
        );
    }
}
