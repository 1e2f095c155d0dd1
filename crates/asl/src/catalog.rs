//! The palette: every state type and the service integrations people use most, each with a
//! title, a one-line description, a category, an icon key and a builder of valid default states
//! in either query language.
//!
//! An entry builds a [`Snippet`]: the state itself (without `Next` or `End`; the gesture that
//! places it decides those) and any helper states it needs, such as the Fail states a human
//! approval's catchers go to. The names are defaults; [`Snippet::with_unique_names`] makes them
//! unique against a document before it is inserted (AWS requires state names to be unique across
//! the whole machine).
//!
//! ```
//! use statecraft_asl::catalog;
//! use statecraft_asl::model::QueryLanguage;
//! let lambda = catalog::entry("lambda-invoke").expect("in the catalogue");
//! let snippet = lambda.snippet(QueryLanguage::JSONPath);
//! assert_eq!(snippet.state()["Resource"], "arn:aws:states:::lambda:invoke");
//! ```

mod flow;
mod services;

pub use flow::default_choice_rule;
pub use services::LAMBDA_RETRY_ERRORS;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::edit::unique_state_name;
use crate::model::QueryLanguage;
use crate::Document;

/// The groups the palette shows its entries in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// The state types that shape the flow: Pass, Choice, Wait, Succeed, Fail, Parallel, Map.
    Flow,
    /// Running code: Task, Lambda, ECS, AWS Batch.
    Compute,
    /// Messages and events: SNS, SQS, EventBridge.
    Messaging,
    /// DynamoDB items.
    Database,
    /// Data and machine learning: Glue, SageMaker, Bedrock.
    DataAndAi,
    /// Other workflows, APIs and people: nested executions, HTTP, human approval.
    Orchestration,
}

impl Category {
    /// Every category, in palette order.
    pub const ALL: [Category; 6] = [
        Category::Flow,
        Category::Compute,
        Category::Messaging,
        Category::Database,
        Category::DataAndAi,
        Category::Orchestration,
    ];

    /// The category's heading in the palette.
    pub fn title(self) -> &'static str {
        match self {
            Category::Flow => "Flow",
            Category::Compute => "Compute",
            Category::Messaging => "Messaging",
            Category::Database => "Database",
            Category::DataAndAi => "Data and AI",
            Category::Orchestration => "Orchestration",
        }
    }
}

/// One palette entry.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// A stable id, for settings, tests and drag payloads ("lambda-invoke").
    pub id: &'static str,
    /// The entry's title in the palette ("Lambda invoke").
    pub title: &'static str,
    /// One line saying what the state does.
    pub description: &'static str,
    /// The palette group.
    pub category: Category,
    /// A short key the UI maps to a glyph: one of [`ICONS`].
    pub icon: &'static str,
    build: fn(QueryLanguage) -> Snippet,
}

impl Entry {
    /// The entry's states with their default names, for a scope using `language`.
    pub fn snippet(&self, language: QueryLanguage) -> Snippet {
        (self.build)(language)
    }

    /// True when the entry's title, id, description or category contains every word of `query`
    /// (case-insensitive), for the palette's search box. An empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!(
            "{} {} {} {}",
            self.title,
            self.id,
            self.description,
            self.category.title()
        )
        .to_lowercase();
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }
}

/// Every icon key an entry uses, sorted: the glyphs the UI must provide.
pub const ICONS: [&str; 21] = [
    "ai",
    "approval",
    "batch",
    "choice",
    "container",
    "event",
    "fail",
    "glue",
    "http",
    "lambda",
    "map",
    "model",
    "parallel",
    "pass",
    "queue",
    "succeed",
    "table",
    "task",
    "topic",
    "wait",
    "workflow",
];

/// Every entry of the palette, in palette order (by category, then as a person would list them).
pub fn entries() -> &'static [Entry] {
    &ENTRIES
}

/// The entry with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}

static ENTRIES: [Entry; 23] = [
    flow::PASS,
    flow::CHOICE,
    flow::WAIT,
    flow::SUCCEED,
    flow::FAIL,
    flow::PARALLEL,
    flow::MAP,
    flow::TASK,
    services::LAMBDA,
    services::ECS,
    services::BATCH,
    services::SNS,
    services::SQS,
    services::EVENTBRIDGE,
    services::DYNAMODB_GET,
    services::DYNAMODB_PUT,
    services::DYNAMODB_UPDATE,
    services::GLUE,
    services::SAGEMAKER,
    services::BEDROCK,
    services::STEP_FUNCTIONS,
    services::HTTP,
    services::HUMAN_APPROVAL,
];

/// States to insert together: the main state first, then helper states it refers to (a
/// catcher's target, ...). The main state has no `Next` or `End`: the gesture that places it
/// gives it one. Names are unique within the snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// `(name, definition)` of each state, the main state first.
    pub states: Vec<(String, Value)>,
}

impl Snippet {
    /// A snippet of one state.
    pub fn single(name: &str, state: Value) -> Snippet {
        Snippet {
            states: vec![(name.to_owned(), state)],
        }
    }

    /// The main state's name.
    pub fn name(&self) -> &str {
        self.states.first().map_or("", |(name, _)| name.as_str())
    }

    /// The main state's definition.
    pub fn state(&self) -> &Value {
        static NULL: Value = Value::Null;
        self.states.first().map_or(&NULL, |(_, state)| state)
    }

    /// Every state name the snippet holds, nested branches and processors included.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for (name, state) in &self.states {
            names.push(name.clone());
            nested_names(state, &mut names);
        }
        names
    }

    /// The snippet with every name (nested ones included) that the document already uses, or
    /// that is in `taken`, replaced by a free one, and every transition between its states
    /// following the new names.
    pub fn with_unique_names(&self, doc: &Document, taken: &BTreeSet<String>) -> Snippet {
        let mut taken = taken.clone();
        let mut renames = BTreeMap::new();
        for name in self.names() {
            let free = unique_state_name(doc, &name, &taken);
            taken.insert(free.clone());
            if free != name {
                renames.insert(name, free);
            }
        }
        self.renamed(&renames)
    }

    /// The snippet with states renamed (`old name → new name`), transitions included, at any
    /// depth. Names not in `renames` stay.
    pub fn renamed(&self, renames: &BTreeMap<String, String>) -> Snippet {
        let rename = |name: &str| {
            renames
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_owned())
        };
        Snippet {
            states: self
                .states
                .iter()
                .map(|(name, state)| {
                    let mut state = state.clone();
                    rename_in_state(&mut state, renames);
                    (rename(name), state)
                })
                .collect(),
        }
    }
}

/// The names of the states in a state's branches and processor, at any depth.
fn nested_names(state: &Value, out: &mut Vec<String>) {
    for scope in nested_scopes(state) {
        if let Some(states) = scope.get("States").and_then(Value::as_object) {
            for (name, inner) in states {
                out.push(name.clone());
                nested_names(inner, out);
            }
        }
    }
}

fn nested_scopes(state: &Value) -> Vec<&Value> {
    let mut scopes: Vec<&Value> = state
        .get("Branches")
        .and_then(Value::as_array)
        .map(|b| b.iter().collect())
        .unwrap_or_default();
    scopes.extend(
        ["ItemProcessor", "Iterator"]
            .iter()
            .filter_map(|k| state.get(k)),
    );
    scopes
}

/// Renames the targets of a state's transitions, and the states (and `StartAt`) of its
/// branches and processor, at any depth.
pub(crate) fn rename_in_state(state: &mut Value, renames: &BTreeMap<String, String>) {
    let Some(obj) = state.as_object_mut() else {
        return;
    };
    let retarget = |v: &mut Value| {
        if let Some(new) = v.as_str().and_then(|s| renames.get(s)) {
            *v = Value::String(new.clone());
        }
    };
    for key in ["Next", "Default"] {
        if let Some(v) = obj.get_mut(key) {
            retarget(v);
        }
    }
    for list in ["Choices", "Catch"] {
        if let Some(rules) = obj.get_mut(list).and_then(Value::as_array_mut) {
            for rule in rules {
                if let Some(v) = rule.get_mut("Next") {
                    retarget(v);
                }
            }
        }
    }
    let mut scopes: Vec<&mut Value> = Vec::new();
    for (key, value) in obj.iter_mut() {
        match key.as_str() {
            "Branches" => scopes.extend(value.as_array_mut().into_iter().flatten()),
            "ItemProcessor" | "Iterator" => scopes.push(value),
            _ => {}
        }
    }
    for scope in scopes {
        let Some(scope) = scope.as_object_mut() else {
            continue;
        };
        if let Some(v) = scope.get_mut("StartAt") {
            retarget(v);
        }
        if let Some(states) = scope.get_mut("States").and_then(Value::as_object_mut) {
            let renamed: Map<String, Value> = std::mem::take(states)
                .into_iter()
                .map(|(name, mut inner)| {
                    rename_in_state(&mut inner, renames);
                    (renames.get(&name).cloned().unwrap_or(name), inner)
                })
                .collect();
            *states = renamed;
        }
    }
}
