//! A typed view of a state machine: every state type and field of the Amazon States Language, for
//! both query languages. Fields the specification does not name are kept in `extra`, never dropped.
//!
//! The view is read from the document's value with serde; a definition whose fields have the wrong
//! JSON types does not convert (validation reports those with positions, from the tree).

mod choice;
mod state;

pub use choice::{ChoiceRule, ComparisonOperator, OperandKind};
pub use state::*;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::document::Document;

/// A state machine, or a nested scope of one (a Parallel branch, a Map processor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachine {
    /// Free text for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The first state to run.
    pub start_at: String,
    /// The states, in document order.
    pub states: IndexMap<String, State>,
    /// Maximum run time of an execution, in seconds (top level only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// ASL version, "1.0" (top level only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Default query language of the states below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// Map processors only: how the items are processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processor_config: Option<ProcessorConfig>,
    /// Fields the specification does not name.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The two languages a state can use to read and shape data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum QueryLanguage {
    /// Paths (`$.a`), payload templates and intrinsic functions. The default.
    #[default]
    JSONPath,
    /// JSONata expressions in `{% %}`.
    JSONata,
}

/// Why a document has no typed view.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct ModelError {
    /// JSON pointer to where reading stopped, as far as it is known.
    pub pointer: String,
    /// What serde found.
    pub message: String,
}

impl StateMachine {
    /// Reads the typed view from a JSON value.
    pub fn from_value(value: &Value) -> Result<StateMachine, ModelError> {
        StateMachine::deserialize(value).map_err(|err| ModelError {
            pointer: locate(value, &err),
            message: err.to_string(),
        })
    }

    /// The state named `name` in this scope.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.states.get(name)
    }

    /// The query language of a state in this machine, given the one inherited from outside.
    pub fn language_of(&self, state: &State, inherited: QueryLanguage) -> QueryLanguage {
        state
            .common()
            .query_language
            .or(self.query_language)
            .unwrap_or(inherited)
    }
}

impl Document {
    /// The typed view of this document's state machine.
    pub fn state_machine(&self) -> Result<StateMachine, ModelError> {
        StateMachine::from_value(&self.to_value())
    }
}

/// Finds the state whose field failed to read, so the error points near the problem.
fn locate(value: &Value, err: &serde_json::Error) -> String {
    let Some(states) = value.get("States").and_then(Value::as_object) else {
        return String::new();
    };
    for (name, state) in states {
        if State::deserialize(state).is_err() {
            return crate::tree::pointer_push("/States", name);
        }
    }
    let _ = err;
    String::new()
}

/// Deserializes a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
