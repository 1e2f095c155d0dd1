//! The execution history, shaped as AWS's `GetExecutionHistory` returns it: each event has an id, the
//! id of the event that led to it, a timestamp, a type, and one `<lowerCamelType>EventDetails`
//! object whose payloads (`input`, `output`, `parameters`, assigned variables) are JSON *text*.

use std::borrow::Cow;
use std::sync::Arc;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::clock::{Iso8601, Millis};
pub use crate::shared::HistoryPayload;
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
        input: HistoryPayload,
        /// The role the execution runs as.
        role_arn: String,
    },
    /// The execution succeeded with this output.
    ExecutionSucceeded {
        /// The execution's output.
        output: HistoryPayload,
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
        input: HistoryPayload,
    },
    /// A state was left (`PassStateExited`, ...).
    StateExited {
        /// The state's type.
        state_type: StateType,
        /// The state's name.
        name: Arc<str>,
        /// The state's output.
        output: HistoryPayload,
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
        parameters: HistoryPayload,
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
        output: HistoryPayload,
    },
    /// A task succeeded.
    TaskSucceeded {
        /// The task's resource.
        task: Arc<TaskResource>,
        /// The task's result.
        output: HistoryPayload,
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
            EventKind::TaskScheduled { .. }
            | EventKind::TaskStarted { .. }
            | EventKind::TaskSubmitted { .. }
            | EventKind::TaskSucceeded { .. }
            | EventKind::TaskFailed { .. }
            | EventKind::TaskTimedOut { .. } => {
                return self
                    .task_phase()
                    .map_or_else(String::new, |(task, phase)| task_type(task.family, phase));
            }
            EventKind::EvaluationFailed(_) => "EvaluationFailed",
        };
        fixed.to_owned()
    }

    /// The name of the details field (`stateEnteredEventDetails`, ...) and its value, if the event
    /// type has details.
    pub fn details(&self) -> Option<(String, Value)> {
        let key = self.details_key()?;
        let value = serde_json::to_value(Details(self, true)).unwrap_or(Value::Null);
        Some((key.into_owned(), value))
    }

    /// A task event's resource and phase (`Scheduled`, `Started`, ...), which name its type.
    fn task_phase(&self) -> Option<(&TaskResource, &'static str)> {
        let (task, phase) = match self {
            EventKind::TaskScheduled { task, .. } => (task, "Scheduled"),
            EventKind::TaskStarted { task } => (task, "Started"),
            EventKind::TaskSubmitted { task, .. } => (task, "Submitted"),
            EventKind::TaskSucceeded { task, .. } => (task, "Succeeded"),
            EventKind::TaskFailed { task, .. } => (task, "Failed"),
            EventKind::TaskTimedOut { task, .. } => (task, "TimedOut"),
            _ => return None,
        };
        Some((task.as_ref(), phase))
    }

    /// The name of the details field, if the event type has details.
    fn details_key(&self) -> Option<Cow<'static, str>> {
        let fixed = match self {
            EventKind::ExecutionStarted { .. } => "executionStartedEventDetails",
            EventKind::ExecutionSucceeded { .. } => "executionSucceededEventDetails",
            EventKind::ExecutionFailed { .. } => "executionFailedEventDetails",
            EventKind::ExecutionTimedOut { .. } => "executionTimedOutEventDetails",
            EventKind::ExecutionAborted { .. } => "executionAbortedEventDetails",
            EventKind::StateEntered { .. } => "stateEnteredEventDetails",
            EventKind::StateExited { .. } => "stateExitedEventDetails",
            EventKind::StateAborted { .. }
            | EventKind::ParallelStateStarted
            | EventKind::ParallelStateSucceeded
            | EventKind::ParallelStateFailed
            | EventKind::MapStateSucceeded
            | EventKind::MapStateFailed
            | EventKind::MapRunSucceeded => return None,
            EventKind::MapStateStarted { .. } => "mapStateStartedEventDetails",
            EventKind::MapIterationStarted { .. } => "mapIterationStartedEventDetails",
            EventKind::MapIterationSucceeded { .. } => "mapIterationSucceededEventDetails",
            EventKind::MapIterationFailed { .. } => "mapIterationFailedEventDetails",
            EventKind::MapIterationAborted { .. } => "mapIterationAbortedEventDetails",
            EventKind::MapRunStarted { .. } => "mapRunStartedEventDetails",
            EventKind::MapRunFailed { .. } => "mapRunFailedEventDetails",
            // AWS records no details for a Lambda function's start.
            EventKind::TaskStarted { task } if task.family == TaskFamily::Lambda => return None,
            EventKind::TaskScheduled { .. }
            | EventKind::TaskStarted { .. }
            | EventKind::TaskSubmitted { .. }
            | EventKind::TaskSucceeded { .. }
            | EventKind::TaskFailed { .. }
            | EventKind::TaskTimedOut { .. } => {
                let (task, phase) = self.task_phase()?;
                return Some(details_key(task.family, phase).into());
            }
            EventKind::EvaluationFailed(_) => "evaluationFailedEventDetails",
        };
        Some(Cow::Borrowed(fixed))
    }
}

/// A payload as AWS's event details carry it: JSON text in a string. Written straight into the
/// output (escaped on the way) rather than built as a string first.
struct JsonText<'a, T: std::fmt::Display>(&'a T);

impl<T: std::fmt::Display> Serialize for JsonText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// `{"truncated": false}`: AWS's note that a payload was shown whole.
struct NotTruncated;

impl Serialize for NotTruncated {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("truncated", &false)?;
        map.end()
    }
}

/// The details object of an event (see [`EventKind::details_key`] for its name); without the
/// payload texts when the flag is false (an outline).
struct Details<'a>(&'a EventKind, bool);

fn error_cause<M: SerializeMap>(
    map: &mut M,
    error: &Option<String>,
    cause: &Option<String>,
) -> Result<(), M::Error> {
    if let Some(error) = error {
        map.serialize_entry("error", error)?;
    }
    if let Some(cause) = cause {
        map.serialize_entry("cause", cause)?;
    }
    Ok(())
}

fn service_fields<M: SerializeMap>(map: &mut M, task: &TaskResource) -> Result<(), M::Error> {
    if task.family == TaskFamily::Service {
        map.serialize_entry("resourceType", &task.resource_type)?;
        map.serialize_entry("resource", &task.resource)?;
    }
    Ok(())
}

impl Serialize for Details<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self.0 {
            EventKind::ExecutionStarted { input, role_arn } => {
                if self.1 {
                    map.serialize_entry("input", &JsonText(input))?;
                }
                map.serialize_entry("inputDetails", &NotTruncated)?;
                map.serialize_entry("roleArn", role_arn)?;
            }
            EventKind::ExecutionSucceeded { output } => {
                if self.1 {
                    map.serialize_entry("output", &JsonText(output))?;
                }
                map.serialize_entry("outputDetails", &NotTruncated)?;
            }
            EventKind::ExecutionFailed { error, cause }
            | EventKind::ExecutionTimedOut { error, cause }
            | EventKind::ExecutionAborted { error, cause }
            | EventKind::MapRunFailed { error, cause } => error_cause(&mut map, error, cause)?,
            EventKind::StateEntered { name, input, .. } => {
                if self.1 {
                    map.serialize_entry("input", &JsonText(input))?;
                }
                map.serialize_entry("inputDetails", &NotTruncated)?;
                map.serialize_entry("name", name.as_ref())?;
            }
            EventKind::StateExited {
                name,
                output,
                assigned,
                ..
            } => {
                if let Some(assigned) = assigned.as_ref().filter(|_| self.1) {
                    map.serialize_entry("assignedVariables", &AssignedVariables(assigned))?;
                    map.serialize_entry("assignedVariablesDetails", &NotTruncated)?;
                }
                map.serialize_entry("name", name.as_ref())?;
                if self.1 {
                    map.serialize_entry("output", &JsonText(output))?;
                }
                map.serialize_entry("outputDetails", &NotTruncated)?;
            }
            EventKind::StateAborted { .. }
            | EventKind::ParallelStateStarted
            | EventKind::ParallelStateSucceeded
            | EventKind::ParallelStateFailed
            | EventKind::MapStateSucceeded
            | EventKind::MapStateFailed
            | EventKind::MapRunSucceeded => {}
            EventKind::MapStateStarted { length } => map.serialize_entry("length", length)?,
            EventKind::MapIterationStarted { index, name }
            | EventKind::MapIterationSucceeded { index, name }
            | EventKind::MapIterationFailed { index, name }
            | EventKind::MapIterationAborted { index, name } => {
                map.serialize_entry("index", index)?;
                map.serialize_entry("name", name.as_ref())?;
            }
            EventKind::MapRunStarted { map_run_arn } => {
                map.serialize_entry("mapRunArn", map_run_arn)?;
            }
            EventKind::TaskScheduled {
                task,
                parameters,
                timeout_secs,
                heartbeat_secs,
            } => {
                match task.family {
                    TaskFamily::Service => {
                        map.serialize_entry("resourceType", &task.resource_type)?;
                        map.serialize_entry("resource", &task.resource)?;
                        map.serialize_entry("region", &task.region)?;
                        if self.1 {
                            map.serialize_entry("parameters", &JsonText(parameters))?;
                        }
                    }
                    TaskFamily::Lambda | TaskFamily::Activity => {
                        map.serialize_entry("resource", &task.resource)?;
                        if self.1 {
                            map.serialize_entry("input", &JsonText(parameters))?;
                        }
                        map.serialize_entry("inputDetails", &NotTruncated)?;
                    }
                }
                if let Some(t) = timeout_secs {
                    map.serialize_entry("timeoutInSeconds", t)?;
                }
                if let Some(h) = heartbeat_secs {
                    map.serialize_entry("heartbeatInSeconds", h)?;
                }
            }
            EventKind::TaskStarted { task } => match task.family {
                TaskFamily::Service => service_fields(&mut map, task)?,
                TaskFamily::Activity => map.serialize_entry("workerName", "statecraft")?,
                TaskFamily::Lambda => {}
            },
            EventKind::TaskSubmitted { task, output }
            | EventKind::TaskSucceeded { task, output } => {
                service_fields(&mut map, task)?;
                if self.1 {
                    map.serialize_entry("output", &JsonText(output))?;
                }
                map.serialize_entry("outputDetails", &NotTruncated)?;
            }
            EventKind::TaskFailed { task, error, cause }
            | EventKind::TaskTimedOut { task, error, cause } => {
                service_fields(&mut map, task)?;
                error_cause(&mut map, error, cause)?;
            }
            EventKind::EvaluationFailed(failure) => {
                map.serialize_entry("error", &failure.error)?;
                map.serialize_entry("cause", &failure.cause)?;
                if let Some(location) = &failure.location {
                    map.serialize_entry("location", location)?;
                }
                map.serialize_entry("state", failure.state.as_ref())?;
            }
        }
        map.end()
    }
}

/// `assignedVariables`: each variable's value as JSON text, in name order.
struct AssignedVariables<'a>(&'a [(String, Value)]);

impl Serialize for AssignedVariables<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(name, &JsonText(value))?;
        }
        map.end()
    }
}

/// The event type (`PassStateEntered`, ...), written without building a string.
struct TypeName<'a>(&'a EventKind);

impl Serialize for TypeName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            EventKind::StateEntered { state_type, .. } => {
                serializer.collect_str(&format_args!("{state_type}StateEntered"))
            }
            EventKind::StateExited { state_type, .. } => {
                serializer.collect_str(&format_args!("{state_type}StateExited"))
            }
            other => serializer.serialize_str(&other.type_name()),
        }
    }
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

/// An event as AWS's `GetExecutionHistory` shows it: `id`, `previousEventId`, `timestamp`,
/// `type` and the details object. Serialising to a writer streams it (payloads included) without
/// building JSON values.
impl Serialize for HistoryEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("previousEventId", &self.previous_event_id)?;
        map.serialize_entry("timestamp", &Iso8601(self.timestamp_ms))?;
        map.serialize_entry("type", &TypeName(&self.kind))?;
        if let Some(key) = self.kind.details_key() {
            map.serialize_entry(key.as_ref(), &Details(&self.kind, true))?;
        }
        map.end()
    }
}

impl HistoryEvent {
    /// The event as AWS's `GetExecutionHistory` shows it.
    pub fn to_aws_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The event as [`to_aws_json`](Self::to_aws_json) shows it, less the payload texts (`input`,
    /// `output`, `parameters`, `assignedVariables`): what a viewer needs to follow the run
    /// (types, ids, names, indices, errors, timers) at a few hundred bytes an event, however
    /// large the data. The payloads stay shared in the event itself.
    pub fn to_aws_json_outline(&self) -> Value {
        // Built as a map of known size: a designer run outlines every event it shows, and the
        // general serializer's growing maps cost twice as much (measured on 25,000 events).
        let mut map = serde_json::Map::with_capacity(5);
        map.insert("id".to_owned(), Value::from(self.id));
        map.insert(
            "previousEventId".to_owned(),
            Value::from(self.previous_event_id),
        );
        map.insert(
            "timestamp".to_owned(),
            Value::String(Iso8601(self.timestamp_ms).to_string()),
        );
        map.insert(
            "type".to_owned(),
            serde_json::to_value(TypeName(&self.kind)).unwrap_or(Value::Null),
        );
        if let Some(key) = self.kind.details_key() {
            map.insert(
                key.into_owned(),
                serde_json::to_value(Details(&self.kind, false)).unwrap_or(Value::Null),
            );
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The history is one vector of events; a long run records tens of thousands and the vector
    /// is copied as it grows. Rare, large details are boxed or shared to keep every event small.
    #[test]
    fn events_stay_small() {
        let size = std::mem::size_of::<HistoryEvent>();
        assert!(size <= 88, "HistoryEvent is {size} bytes");
    }

    #[test]
    fn an_outline_is_the_event_less_its_payloads() {
        let event = HistoryEvent {
            id: 3,
            previous_event_id: 2,
            timestamp_ms: 0,
            kind: EventKind::StateExited {
                state_type: StateType::Pass,
                name: Arc::from("A"),
                output: Arc::new(json!({"big": "x".repeat(10_000)})).into(),
                assigned: Some(Arc::new(vec![("v".to_owned(), json!(1))])),
            },
        };
        let mut full = event.to_aws_json();
        let details = full["stateExitedEventDetails"]
            .as_object_mut()
            .expect("details");
        details.remove("output");
        details.remove("assignedVariables");
        details.remove("assignedVariablesDetails");
        assert_eq!(event.to_aws_json_outline(), full);
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
                input: Arc::new(json!({"a": 1})).into(),
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
