//! The inspector: the selected state's fields as forms (or the machine's top-level fields when
//! nothing is selected), per state type and query language, each with the validator's words as
//! the user types. Every change is one `Edit` of that field alone.

mod choice;
mod fields;
mod kinds;
mod lists;

use eframe::egui::{self, RichText, ScrollArea, Ui};
use serde_json::Value;
use statecraft_asl::edit::Edit;
use statecraft_asl::graph::{NodeKind, ScopeId};
use statecraft_asl::model::StateType;

pub use fields::{Buffers, Checks, Field, Kind};

use crate::ui::document::OpenDocument;

/// What a form did this frame: an edit of a field, or a gesture (which may be refused).
#[derive(Debug)]
pub enum Change {
    /// Set or remove fields.
    Edit(Edit),
    /// A gesture's edit, or why the workflow does not allow it.
    Gesture(Result<Edit, statecraft_asl::gesture::GestureError>),
}

/// JSONPath or JSONata, as the state is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Language {
    JsonPath,
    Jsonata,
}

/// Draws the inspector; returns the edit a field committed this frame, if any.
pub fn inspector_ui(ui: &mut Ui, doc: &OpenDocument, buffers: &mut Buffers) -> Option<Change> {
    let mut edit = None;
    ScrollArea::vertical()
        .id_salt(("inspector", doc.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let (Some(document), Some(graph)) = (doc.analysis.document.as_ref(), doc.graph())
            else {
                ui.label(
                    RichText::new("Fix the text first: the inspector edits a definition that parses.")
                        .weak(),
                );
                return;
            };
            let root = document.to_value();
            let machine_language = language_of(root.get("QueryLanguage"), Language::JsonPath);
            let selected: Vec<_> = doc
                .view
                .selection
                .iter()
                .filter_map(|id| graph.node(id))
                .filter(|n| n.kind == NodeKind::State)
                .collect();
            let diagnostics = &Checks {
                list: &doc.analysis.diagnostics,
                document,
            };
            match selected.as_slice() {
                [] => {
                    ui.heading("Workflow");
                    ui.label(RichText::new("Select a state to edit it; these are the machine's own fields.").weak());
                    ui.add_space(6.0);
                    let states: Vec<String> = graph
                        .states()
                        .filter(|n| n.scope.is_root())
                        .map(|n| n.name.clone())
                        .collect();
                    edit = machine_ui(ui, &root, &states, buffers, diagnostics).map(Change::Edit);
                }
                [node] => {
                    let Some(pointer) = node.id.state_pointer() else {
                        ui.label("A second state with the same name cannot be edited here: rename one in the code.");
                        return;
                    };
                    let Some(state) = root.pointer(pointer) else {
                        return;
                    };
                    ui.heading(&node.name);
                    ui.label(RichText::new(node.type_text.as_deref().unwrap_or("no Type")).weak());
                    ui.add_space(6.0);
                    let language = language_of(state.get("QueryLanguage"), machine_language);
                    let scope_states: Vec<String> = names_in_scope(graph, &node.scope);
                    edit = state_ui(
                        ui,
                        document,
                        pointer,
                        state,
                        node.state_type,
                        language,
                        &scope_states,
                        &node.name,
                        buffers,
                        diagnostics,
                    );
                }
                many => {
                    ui.label(format!(
                        "{} states selected: select one to edit its fields.",
                        many.len()
                    ));
                }
            }
        });
    edit
}

fn language_of(value: Option<&Value>, inherited: Language) -> Language {
    match value.and_then(Value::as_str) {
        Some("JSONata") => Language::Jsonata,
        Some("JSONPath") => Language::JsonPath,
        _ => inherited,
    }
}

fn names_in_scope(graph: &statecraft_asl::graph::Graph, scope: &ScopeId) -> Vec<String> {
    graph
        .states()
        .filter(|n| n.scope == *scope)
        .map(|n| n.name.clone())
        .collect()
}

/// A collapsible section of fields.
fn section(ui: &mut Ui, title: &str, open: bool, add: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(open)
        .show(ui, add);
}

fn machine_ui(
    ui: &mut Ui,
    root: &Value,
    states: &[String],
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let mut edit = None;
    let fields: [(&str, &str, Kind, &str); 3] = [
        ("Comment", "Comment", Kind::Text, "What the workflow is for"),
        (
            "Timeout (seconds)",
            "TimeoutSeconds",
            Kind::Integer,
            "The whole execution fails with States.Timeout after this many seconds",
        ),
        ("Version", "Version", Kind::Text, "The ASL version, \"1.0\""),
    ];
    for (label, key, kind, hint) in fields {
        let field = Field {
            object: "",
            key,
            kind,
            hint,
            context: "",
        };
        edit = edit.or(buffers.field_ui(ui, label, &field, root.get(key), diagnostics));
    }
    let languages = ["JSONPath".to_owned(), "JSONata".to_owned()];
    for (label, key, options, optional) in [
        ("Start at", "StartAt", states, false),
        ("Query language", "QueryLanguage", &languages[..], true),
    ] {
        let current = root.get(key).and_then(Value::as_str);
        edit = edit.or(lists::pick_ui(
            ui, label, "", key, current, options, optional,
        ));
    }
    edit
}

#[allow(clippy::too_many_arguments)]
fn state_ui(
    ui: &mut Ui,
    document: &statecraft_asl::Document,
    pointer: &str,
    state: &Value,
    state_type: Option<StateType>,
    language: Language,
    scope_states: &[String],
    name: &str,
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Change> {
    let mut edit: Option<Edit> = None;
    let mut change: Option<Change> = None;
    let targets: Vec<String> = scope_states
        .iter()
        .filter(|n| n.as_str() != name)
        .cloned()
        .collect();
    let field = |buffers: &mut Buffers,
                 ui: &mut Ui,
                 label: &str,
                 key: &str,
                 kind: Kind,
                 hint: &str|
     -> Option<Edit> {
        let f = Field {
            object: pointer,
            key,
            kind,
            hint,
            context: "",
        };
        buffers.field_ui(ui, label, &f, state.get(key), diagnostics)
    };
    section(ui, "Configuration", true, |ui| {
        edit = edit.take().or(field(
            buffers,
            ui,
            "Comment",
            "Comment",
            Kind::Text,
            "A note for readers",
        ));
        change = match state_type {
            Some(StateType::Task) => kinds::task_ui(ui, pointer, state),
            Some(StateType::Map) => kinds::map_ui(ui, pointer, state),
            Some(StateType::Parallel) => kinds::parallel_ui(ui, document, pointer, state),
            _ => None,
        };
        for (label, key, kind, hint) in configuration_fields(state_type, language) {
            edit = edit.take().or(field(buffers, ui, label, key, kind, hint));
        }
    });
    if !matches!(
        state_type,
        Some(StateType::Choice | StateType::Succeed | StateType::Fail)
    ) {
        section(ui, "Next", true, |ui| {
            edit = edit.take().or(lists::next_ui(ui, pointer, state, &targets));
        });
    }
    if state_type == Some(StateType::Choice) {
        let labels = rule_labels(document, pointer);
        section(ui, "Choice rules", true, |ui| {
            edit = edit.take().or(choice::rules_ui(
                ui,
                pointer,
                state,
                &targets,
                language == Language::Jsonata,
                &labels,
                buffers,
                diagnostics,
            ));
        });
    }
    if state_type != Some(StateType::Fail) && state_type != Some(StateType::Succeed)
        || language == Language::Jsonata
    {
        section(ui, "Input and output", false, |ui| {
            for (label, key, kind, hint) in data_fields(state_type, language) {
                edit = edit.take().or(field(buffers, ui, label, key, kind, hint));
            }
        });
    }
    if matches!(
        state_type,
        Some(StateType::Task | StateType::Parallel | StateType::Map)
    ) {
        section(ui, "Error handling", true, |ui| {
            edit = edit
                .take()
                .or(lists::retry_ui(ui, pointer, state, buffers, diagnostics));
            ui.add_space(6.0);
            edit = edit.take().or(lists::catch_ui(
                ui,
                pointer,
                state,
                &targets,
                language == Language::Jsonata,
                buffers,
                diagnostics,
            ));
        });
    }
    change.or(edit.map(Change::Edit))
}

/// Each Choice rule in a few words, as the canvas labels its edge.
fn rule_labels(document: &statecraft_asl::Document, pointer: &str) -> Vec<String> {
    let choices = statecraft_asl::tree::pointer_push(pointer, "Choices");
    document
        .node_at(&choices)
        .and_then(|node| node.as_array())
        .map(|rules| {
            rules
                .iter()
                .map(|rule| match rule.get("Condition") {
                    Some(condition) => statecraft_asl::graph::jsonata_condition_label(condition),
                    None => statecraft_asl::graph::choice_rule_label(rule),
                })
                .collect()
        })
        .unwrap_or_default()
}

type FieldRow = (&'static str, &'static str, Kind, &'static str);

/// The type's own fields.
fn configuration_fields(state_type: Option<StateType>, language: Language) -> Vec<FieldRow> {
    let jsonpath = language == Language::JsonPath;
    let mut rows: Vec<FieldRow> = Vec::new();
    match state_type {
        Some(StateType::Task) => {
            rows.push(("Resource", "Resource", Kind::Text, "The integration's ARN, such as arn:aws:states:::lambda:invoke (add .sync or .waitForTaskToken to wait)"));
            rows.push((
                "Timeout (seconds)",
                "TimeoutSeconds",
                Kind::Integer,
                "Fails with States.Timeout after this long",
            ));
            rows.push((
                "Heartbeat (seconds)",
                "HeartbeatSeconds",
                Kind::Integer,
                "Fails with States.HeartbeatTimeout when no heartbeat comes for this long",
            ));
            if jsonpath {
                rows.push((
                    "Timeout path",
                    "TimeoutSecondsPath",
                    Kind::Text,
                    "A path to the timeout in the input",
                ));
                rows.push((
                    "Heartbeat path",
                    "HeartbeatSecondsPath",
                    Kind::Text,
                    "A path to the heartbeat in the input",
                ));
            }
        }
        Some(StateType::Wait) => {
            rows.push((
                "Seconds",
                "Seconds",
                Kind::Integer,
                "Wait this many seconds",
            ));
            rows.push((
                "Timestamp",
                "Timestamp",
                Kind::Text,
                "Wait until this time (ISO-8601, 2026-12-24T18:00:00Z)",
            ));
            if jsonpath {
                rows.push((
                    "Seconds path",
                    "SecondsPath",
                    Kind::Text,
                    "A path to the number of seconds in the input",
                ));
                rows.push((
                    "Timestamp path",
                    "TimestampPath",
                    Kind::Text,
                    "A path to the timestamp in the input",
                ));
            }
        }
        Some(StateType::Fail) => {
            rows.push((
                "Error",
                "Error",
                Kind::Text,
                "The error name the execution fails with",
            ));
            rows.push(("Cause", "Cause", Kind::Text, "A human-readable cause"));
            if jsonpath {
                rows.push((
                    "Error path",
                    "ErrorPath",
                    Kind::Text,
                    "A path to the error name in the input",
                ));
                rows.push((
                    "Cause path",
                    "CausePath",
                    Kind::Text,
                    "A path to the cause in the input",
                ));
            }
        }
        Some(StateType::Map) => {
            rows.push((
                "Max concurrency",
                "MaxConcurrency",
                Kind::Integer,
                "How many items run at once (0: as many as possible)",
            ));
            rows.push((
                "Tolerated failure %",
                "ToleratedFailurePercentage",
                Kind::Number,
                "Distributed Map: fail only above this share of failed items",
            ));
            rows.push((
                "Tolerated failures",
                "ToleratedFailureCount",
                Kind::Integer,
                "Distributed Map: fail only above this many failed items",
            ));
            if jsonpath {
                rows.push((
                    "Items path",
                    "ItemsPath",
                    Kind::Text,
                    "Where the items are in the input ($.items)",
                ));
                rows.push((
                    "Item selector",
                    "ItemSelector",
                    Kind::Json,
                    "The input of each iteration",
                ));
            } else {
                rows.push((
                    "Items",
                    "Items",
                    Kind::Json,
                    "A JSONata expression or array giving the items",
                ));
                rows.push((
                    "Item selector",
                    "ItemSelector",
                    Kind::Json,
                    "The input of each iteration",
                ));
            }
            rows.push((
                "Item reader",
                "ItemReader",
                Kind::Json,
                "Distributed Map: read the items from S3",
            ));
            rows.push((
                "Item batcher",
                "ItemBatcher",
                Kind::Json,
                "Distributed Map: batch items per child execution",
            ));
            rows.push((
                "Result writer",
                "ResultWriter",
                Kind::Json,
                "Distributed Map: write the results to S3",
            ));
            rows.push((
                "Label",
                "Label",
                Kind::Text,
                "Distributed Map: a label for the child executions",
            ));
        }
        Some(StateType::Pass) if jsonpath => {
            rows.push((
                "Result",
                "Result",
                Kind::Json,
                "A fixed result instead of the input",
            ));
        }
        _ => {}
    }
    rows
}

/// The input and output fields of the language.
fn data_fields(state_type: Option<StateType>, language: Language) -> Vec<FieldRow> {
    let mut rows: Vec<FieldRow> = Vec::new();
    let takes_parameters = matches!(
        state_type,
        Some(StateType::Task | StateType::Parallel | StateType::Map | StateType::Pass)
    );
    match language {
        Language::JsonPath => {
            rows.push((
                "Input path",
                "InputPath",
                Kind::Text,
                "The part of the input the state sees ($)",
            ));
            if takes_parameters {
                rows.push((
                    "Parameters",
                    "Parameters",
                    Kind::Json,
                    "The payload: keys ending in .$ take a path or an intrinsic function",
                ));
            }
            if matches!(
                state_type,
                Some(StateType::Task | StateType::Parallel | StateType::Map)
            ) {
                rows.push((
                    "Result selector",
                    "ResultSelector",
                    Kind::Json,
                    "Reshapes the result before ResultPath",
                ));
            }
            if state_type != Some(StateType::Choice) {
                rows.push((
                    "Result path",
                    "ResultPath",
                    Kind::Text,
                    "Where the result goes in the input ($.result; null keeps the input)",
                ));
            }
            rows.push((
                "Output path",
                "OutputPath",
                Kind::Text,
                "The part of the result passed on ($)",
            ));
        }
        Language::Jsonata => {
            if takes_parameters && state_type != Some(StateType::Pass) {
                rows.push((
                    "Arguments",
                    "Arguments",
                    Kind::Json,
                    "The payload, with {% JSONata %} expressions",
                ));
            }
            rows.push((
                "Output",
                "Output",
                Kind::Json,
                "The state's output, with {% JSONata %} expressions",
            ));
        }
    }
    rows.push((
        "Assign",
        "Assign",
        Kind::Json,
        "Variables to set: {\"name\": value}",
    ));
    rows
}
