//! The inspector's choosers and lists: a state's next state, the Retry and Catch lists (add, remove, move up and down, edit each entry's fields).

use eframe::egui::{self, RichText, Ui};
use serde_json::{json, Value};
use statecraft_asl::edit::Edit;
use statecraft_asl::tree::pointer_push;

use super::fields::{Buffers, Checks, Field, Kind};

/// What "no value" is called in a chooser.
const NONE: &str = "(none)";
/// The Next chooser's entry for `End: true`.
const END: &str = "(end of the workflow)";

/// A chooser for a string member among `options`; `optional` adds "(none)", which removes it.
pub fn pick_ui(
    ui: &mut Ui,
    label: &str,
    object: &str,
    key: &str,
    current: Option<&str>,
    options: &[String],
    optional: bool,
) -> Option<Edit> {
    pick_named_ui(ui, label, label, object, key, current, options, optional)
}

/// [`pick_ui`] whose accessible name (`name`: which entry, which field) differs from the label
/// shown, as the list's other fields do ("Jitter" shown, "Retrier 1 Jitter (JitterStrategy)"
/// named).
#[allow(clippy::too_many_arguments)]
pub fn pick_named_ui(
    ui: &mut Ui,
    shown: &str,
    name: &str,
    object: &str,
    key: &str,
    current: Option<&str>,
    options: &[String],
    optional: bool,
) -> Option<Edit> {
    let label = name;
    ui.label(RichText::new(shown).strong());
    let mut chosen: Option<Option<String>> = None;
    egui::ComboBox::from_id_salt(("inspector pick", object, key))
        .width(ui.available_width() - 8.0)
        .selected_text(current.unwrap_or(NONE))
        .show_ui(ui, |ui| {
            if optional && ui.selectable_label(current.is_none(), NONE).clicked() {
                chosen = Some(None);
            }
            for option in options {
                if ui
                    .selectable_label(current == Some(option.as_str()), option)
                    .clicked()
                {
                    chosen = Some(Some(option.clone()));
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, label));
    ui.add_space(4.0);
    match chosen? {
        Some(value) if Some(value.as_str()) != current => Some(Edit::SetField {
            pointer: object.to_owned(),
            key: key.to_owned(),
            value: Value::String(value),
        }),
        None if current.is_some() => Some(Edit::RemoveField {
            pointer: object.to_owned(),
            key: key.to_owned(),
        }),
        _ => None,
    }
}

/// Where the state goes next: another state of its scope, or the end.
pub fn next_ui(ui: &mut Ui, pointer: &str, state: &Value, targets: &[String]) -> Option<Edit> {
    let next = state.get("Next").and_then(Value::as_str);
    let end = state.get("End").and_then(Value::as_bool) == Some(true);
    let shown = match (next, end) {
        (Some(n), _) => n,
        (None, true) => END,
        (None, false) => NONE,
    };
    let mut chosen: Option<String> = None;
    egui::ComboBox::from_id_salt(("inspector next", pointer))
        .width(ui.available_width() - 8.0)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if ui.selectable_label(end && next.is_none(), END).clicked() {
                chosen = Some(END.to_owned());
            }
            for target in targets {
                if ui
                    .selectable_label(next == Some(target.as_str()), target)
                    .clicked()
                {
                    chosen = Some(target.clone());
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, "Next state"));
    let chosen = chosen?;
    let set = |key: &str, value: Value| Edit::SetField {
        pointer: pointer.to_owned(),
        key: key.to_owned(),
        value,
    };
    let remove = |key: &str| Edit::RemoveField {
        pointer: pointer.to_owned(),
        key: key.to_owned(),
    };
    if chosen == END {
        if end && next.is_none() {
            return None;
        }
        let mut edits = vec![set("End", Value::Bool(true))];
        if next.is_some() {
            edits.insert(0, remove("Next"));
        }
        return Some(Edit::Batch(edits));
    }
    if next == Some(chosen.as_str()) {
        return None;
    }
    let mut edits = vec![set("Next", Value::String(chosen))];
    if state.get("End").is_some() {
        edits.insert(0, remove("End"));
    }
    Some(Edit::Batch(edits))
}

/// Up, Down and Remove buttons for item `index` of the array at `array`.
pub(super) fn move_buttons(
    ui: &mut Ui,
    array: &str,
    index: usize,
    len: usize,
    item: &Value,
    what: &str,
) -> Option<Edit> {
    let mut edit = None;
    ui.horizontal(|ui| {
        let moved = |to: usize| {
            Edit::Batch(vec![
                Edit::RemoveItem {
                    pointer: array.to_owned(),
                    index,
                },
                Edit::InsertItem {
                    pointer: array.to_owned(),
                    index: to,
                    value: item.clone(),
                },
            ])
        };
        if ui
            .add_enabled(index > 0, egui::Button::new("\u{2191} Up"))
            .on_hover_text(format!("Move this {what} up: it is tried earlier"))
            .clicked()
        {
            edit = Some(moved(index - 1));
        }
        if ui
            .add_enabled(index + 1 < len, egui::Button::new("\u{2193} Down"))
            .on_hover_text(format!("Move this {what} down"))
            .clicked()
        {
            edit = Some(moved(index + 1));
        }
        if ui
            .button("Remove")
            .on_hover_text(format!("Remove this {what}"))
            .clicked()
        {
            let (object, key) = array.rsplit_once('/').unwrap_or(("", array));
            edit = Some(if len == 1 {
                Edit::RemoveField {
                    pointer: object.to_owned(),
                    key: key.to_owned(),
                }
            } else {
                Edit::RemoveItem {
                    pointer: array.to_owned(),
                    index,
                }
            });
        }
    });
    edit
}

/// Appends `value` to the array member `key` of `object`, creating the member when missing.
pub(super) fn append(object: &str, key: &str, state: &Value, value: Value) -> Edit {
    match state.get(key).and_then(Value::as_array) {
        Some(items) => Edit::InsertItem {
            pointer: pointer_push(object, key),
            index: items.len(),
            value,
        },
        None => Edit::SetField {
            pointer: object.to_owned(),
            key: key.to_owned(),
            value: Value::Array(vec![value]),
        },
    }
}

type FieldRow<'a> = (&'a str, &'a str, Kind, &'a str);

/// The entries of the array member `key` (Retry, Catch): each entry's fields, what `extra` adds,
/// and buttons to move or remove it.
#[allow(clippy::too_many_arguments)]
fn entries_ui(
    ui: &mut Ui,
    pointer: &str,
    state: &Value,
    key: &str,
    noun: &str,
    rows: &[FieldRow<'_>],
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
    mut extra: impl FnMut(&mut Ui, &str, &Value, &str) -> Option<Edit>,
) -> Option<Edit> {
    let mut edit = None;
    ui.label(RichText::new(key).strong());
    let entries = state
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let array = pointer_push(pointer, key);
    for (index, entry) in entries.iter().enumerate() {
        let object = pointer_push(&array, &index.to_string());
        let context = format!("{noun} {}", index + 1);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(&context).weak());
            for &(label, key, kind, hint) in rows {
                let field = Field {
                    object: &object,
                    key,
                    kind,
                    hint,
                    context: &context,
                };
                edit = edit.take().or(buffers.field_ui(
                    ui,
                    label,
                    &field,
                    entry.get(key),
                    diagnostics,
                ));
                if key == "ErrorEquals" {
                    edit = edit
                        .take()
                        .or(add_error_ui(ui, &object, entry.get(key), &context));
                }
            }
            edit = edit.take().or(extra(ui, &object, entry, &context));
            let what = noun.to_lowercase();
            edit = edit
                .take()
                .or(move_buttons(ui, &array, index, entries.len(), entry, &what));
        });
    }
    edit
}

/// The Retry list.
pub fn retry_ui(
    ui: &mut Ui,
    pointer: &str,
    state: &Value,
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let rows = [
        (
            "Errors",
            "ErrorEquals",
            Kind::Names,
            "Error names, comma-separated (States.ALL: any)",
        ),
        (
            "Interval (seconds)",
            "IntervalSeconds",
            Kind::Integer,
            "Wait before the first retry (default 1)",
        ),
        (
            "Max attempts",
            "MaxAttempts",
            Kind::Integer,
            "Retries at most (default 3; 0: never)",
        ),
        (
            "Backoff rate",
            "BackoffRate",
            Kind::Number,
            "Each wait is this many times the last (default 2.0)",
        ),
        (
            "Max delay (seconds)",
            "MaxDelaySeconds",
            Kind::Integer,
            "No wait longer than this",
        ),
    ];
    let jitter = ["FULL".to_owned(), "NONE".to_owned()];
    let mut edit = entries_ui(
        ui,
        pointer,
        state,
        "Retry",
        "Retrier",
        &rows,
        buffers,
        diagnostics,
        |ui, object, retrier, context| {
            pick_named_ui(
                ui,
                "Jitter",
                &format!("{context} Jitter (JitterStrategy)"),
                object,
                "JitterStrategy",
                retrier.get("JitterStrategy").and_then(Value::as_str),
                &jitter,
                true,
            )
        },
    );
    if ui
        .button("Add a retrier")
        .on_hover_text("Retry on any error: 3 times, after 1 s, 2 s and 4 s")
        .clicked()
    {
        edit = Some(append(
            pointer,
            "Retry",
            state,
            json!({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}),
        ));
    }
    edit
}

/// The Catch list.
pub fn catch_ui(
    ui: &mut Ui,
    pointer: &str,
    state: &Value,
    targets: &[String],
    jsonata: bool,
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let errors = (
        "Errors",
        "ErrorEquals",
        Kind::Names,
        "Error names, comma-separated (States.ALL: any)",
    );
    let rows: Vec<FieldRow<'_>> = if jsonata {
        vec![
            errors,
            (
                "Output",
                "Output",
                Kind::Json,
                "What goes on, from $states.errorOutput",
            ),
            (
                "Assign",
                "Assign",
                Kind::Json,
                "Variables to set when the error is caught",
            ),
        ]
    } else {
        vec![
            errors,
            (
                "Result path",
                "ResultPath",
                Kind::Text,
                "Where the error goes in the input ($.error)",
            ),
        ]
    };
    let mut edit = entries_ui(
        ui,
        pointer,
        state,
        "Catch",
        "Catcher",
        &rows,
        buffers,
        diagnostics,
        |ui, object, catcher, context| {
            pick_ui(
                ui,
                &format!("{context} goes to"),
                object,
                "Next",
                catcher.get("Next").and_then(Value::as_str),
                targets,
                false,
            )
        },
    );
    let first = targets.first().cloned();
    if ui
        .add_enabled(first.is_some(), egui::Button::new("Add a catcher"))
        .on_hover_text("Catch any error and go to another state")
        .clicked()
    {
        if let Some(target) = first {
            let mut catcher = json!({"ErrorEquals": ["States.ALL"], "Next": target});
            if !jsonata {
                catcher["ResultPath"] = json!("$.error");
            }
            edit = Some(append(pointer, "Catch", state, catcher));
        }
    }
    edit
}

/// The errors Step Functions itself raises, for the ErrorEquals picker.
const STATES_ERRORS: [&str; 12] = [
    "States.ALL",
    "States.Timeout",
    "States.HeartbeatTimeout",
    "States.TaskFailed",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.QueryEvaluationError",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
];

/// A chooser that adds one of AWS's `States.*` errors to an ErrorEquals list.
fn add_error_ui(ui: &mut Ui, object: &str, current: Option<&Value>, context: &str) -> Option<Edit> {
    let names: Vec<&str> = current
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut chosen = None;
    egui::ComboBox::from_id_salt(("add error", object))
        .width(ui.available_width() - 8.0)
        .selected_text("Add a Step Functions error…")
        .show_ui(ui, |ui| {
            for error in STATES_ERRORS.iter().filter(|e| !names.contains(e)) {
                if ui.selectable_label(false, *error).clicked() {
                    chosen = Some(*error);
                }
            }
        })
        .response
        .widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::WidgetType::ComboBox,
                true,
                format!("{context} add an error"),
            )
        });
    ui.add_space(4.0);
    let error = chosen?;
    let mut list: Vec<Value> = names
        .iter()
        .map(|n| Value::String((*n).to_owned()))
        .collect();
    list.push(Value::String(error.to_owned()));
    Some(Edit::SetField {
        pointer: object.to_owned(),
        key: "ErrorEquals".to_owned(),
        value: Value::Array(list),
    })
}
