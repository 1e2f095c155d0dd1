//! The context object (`$$` in JSONPath, `$states.context` in JSONata): facts about the execution,
//! the state machine, the current state, and (where they apply) the Map item and the task token.

use serde_json::{Map, Value};

use crate::clock::{format_iso8601, Millis};
use crate::history::Payload;

/// The parts of the context object that stay the same for the whole execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionFacts {
    /// `Execution.Id`: the execution ARN.
    pub execution_arn: String,
    /// `Execution.Name`.
    pub execution_name: String,
    /// `Execution.Input`.
    pub input: Payload,
    /// `Execution.RoleArn`.
    pub role_arn: String,
    /// `Execution.StartTime`, on the virtual clock.
    pub start_ms: Millis,
    /// `StateMachine.Id`: the state machine ARN.
    pub state_machine_arn: String,
    /// `StateMachine.Name`.
    pub state_machine_name: String,
}

/// What the context object says about the current state.
#[derive(Debug, Clone, Default)]
pub struct StateFacts<'a> {
    /// `State.Name`.
    pub name: &'a str,
    /// `State.EnteredTime`.
    pub entered_ms: Millis,
    /// `State.RetryCount` (shown for Task, Parallel and Map states).
    pub retry_count: Option<u32>,
    /// `Map.Item.Index` and `Map.Item.Value` (in a Map's ItemSelector).
    pub map_item: Option<(usize, &'a Value)>,
    /// `Task.Token` (in a Task's parameters).
    pub task_token: Option<&'a str>,
}

impl ExecutionFacts {
    /// The whole context object for a state.
    pub fn context_object(&self, state: &StateFacts<'_>) -> Value {
        let mut execution = Map::new();
        execution.insert("Id".into(), Value::String(self.execution_arn.clone()));
        execution.insert("Input".into(), (*self.input).clone());
        execution.insert(
            "StartTime".into(),
            Value::String(format_iso8601(self.start_ms)),
        );
        execution.insert("Name".into(), Value::String(self.execution_name.clone()));
        execution.insert("RoleArn".into(), Value::String(self.role_arn.clone()));
        execution.insert("RedriveCount".into(), Value::from(0));
        let mut machine = Map::new();
        machine.insert("Id".into(), Value::String(self.state_machine_arn.clone()));
        machine.insert(
            "Name".into(),
            Value::String(self.state_machine_name.clone()),
        );
        let mut current = Map::new();
        current.insert("Name".into(), Value::String(state.name.to_owned()));
        current.insert(
            "EnteredTime".into(),
            Value::String(format_iso8601(state.entered_ms)),
        );
        if let Some(count) = state.retry_count {
            current.insert("RetryCount".into(), Value::from(count));
        }
        let mut root = Map::new();
        root.insert("Execution".into(), Value::Object(execution));
        root.insert("StateMachine".into(), Value::Object(machine));
        root.insert("State".into(), Value::Object(current));
        if let Some((index, value)) = state.map_item {
            let mut item = Map::new();
            item.insert("Index".into(), Value::from(index));
            item.insert("Value".into(), value.clone());
            let mut map = Map::new();
            map.insert("Item".into(), Value::Object(item));
            root.insert("Map".into(), Value::Object(map));
        }
        if let Some(token) = state.task_token {
            let mut task = Map::new();
            task.insert("Token".into(), Value::String(token.to_owned()));
            root.insert("Task".into(), Value::Object(task));
        }
        Value::Object(root)
    }
}
