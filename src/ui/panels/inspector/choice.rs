//! The Choice rule builder: each rule as a condition tree (And, Or, Not, and every comparison
//! operator with its Path variant and the Is* tests), or a JSONata `Condition`; its target; the
//! Default. Every button and field is one `Edit` of the part it changes.

use eframe::egui::{self, RichText, Ui};
use serde_json::{json, Map, Value};
use statecraft_asl::edit::Edit;
use statecraft_asl::tree::pointer_push;

use super::fields::{Buffers, Checks, Field, Kind};
use super::lists::{append, move_buttons, pick_ui};

/// Every comparison operator of a JSONPath Choice rule, in the order the chooser lists them.
pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringEqualsPath",
    "StringLessThan",
    "StringLessThanPath",
    "StringGreaterThan",
    "StringGreaterThanPath",
    "StringLessThanEquals",
    "StringLessThanEqualsPath",
    "StringGreaterThanEquals",
    "StringGreaterThanEqualsPath",
    "StringMatches",
    "NumericEquals",
    "NumericEqualsPath",
    "NumericLessThan",
    "NumericLessThanPath",
    "NumericGreaterThan",
    "NumericGreaterThanPath",
    "NumericLessThanEquals",
    "NumericLessThanEqualsPath",
    "NumericGreaterThanEquals",
    "NumericGreaterThanEqualsPath",
    "BooleanEquals",
    "BooleanEqualsPath",
    "TimestampEquals",
    "TimestampEqualsPath",
    "TimestampLessThan",
    "TimestampLessThanPath",
    "TimestampGreaterThan",
    "TimestampGreaterThanPath",
    "TimestampLessThanEquals",
    "TimestampLessThanEqualsPath",
    "TimestampGreaterThanEquals",
    "TimestampGreaterThanEqualsPath",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
];

/// What an operator compares with: a path, a string, a number or true/false.
fn operand_kind(operator: &str) -> Operand {
    if operator.ends_with("Path") {
        Operand::Text
    } else if operator.starts_with("Numeric") {
        Operand::Number
    } else if operator.starts_with("Boolean") || operator.starts_with("Is") {
        Operand::Bool
    } else {
        Operand::Text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    Text,
    Number,
    Bool,
}

/// A value of the operator's kind, kept from the old operand where it fits.
fn operand_for(operator: &str, old: Option<&Value>) -> Value {
    match (operand_kind(operator), old) {
        (Operand::Text, Some(Value::String(s))) => Value::String(s.clone()),
        (Operand::Text, _) if operator.ends_with("Path") => json!("$.other"),
        (Operand::Text, _) if operator.starts_with("Timestamp") => json!("2026-01-01T00:00:00Z"),
        (Operand::Text, _) => json!(""),
        (Operand::Number, Some(v @ Value::Number(_))) => v.clone(),
        (Operand::Number, _) => json!(0),
        (Operand::Bool, Some(v @ Value::Bool(_))) => v.clone(),
        (Operand::Bool, _) => json!(true),
    }
}

/// The comparison operator a condition object uses, if it is a comparison.
fn operator_of(condition: &Map<String, Value>) -> Option<&'static str> {
    OPERATORS
        .iter()
        .copied()
        .find(|op| condition.contains_key(*op))
}

/// A new comparison, as the "Add condition" button writes it.
fn new_comparison() -> Value {
    json!({"Variable": "$.value", "StringEquals": "yes"})
}

/// The rule list of a Choice state, the add button and the Default.
#[allow(clippy::too_many_arguments)]
pub fn rules_ui(
    ui: &mut Ui,
    pointer: &str,
    state: &Value,
    targets: &[String],
    jsonata: bool,
    labels: &[String],
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let mut edit = None;
    let rules = state
        .get("Choices")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let choices = pointer_push(pointer, "Choices");
    for (index, rule) in rules.iter().enumerate() {
        let rule_pointer = pointer_push(&choices, &index.to_string());
        let context = format!("Rule {}", index + 1);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let label = labels.get(index).map_or("", String::as_str);
            ui.label(RichText::new(format!("{context}: {label}")).strong());
            if let Some(object) = rule.as_object() {
                if jsonata || object.contains_key("Condition") {
                    let field = Field {
                        object: &rule_pointer,
                        key: "Condition",
                        kind: Kind::Text,
                        hint: "A JSONata condition: {% $states.input.total > 100 %}",
                        context: &context,
                    };
                    edit = edit.take().or(buffers.field_ui(
                        ui,
                        "Condition",
                        &field,
                        rule.get("Condition"),
                        diagnostics,
                    ));
                } else {
                    edit = edit.take().or(condition_ui(
                        ui,
                        &rule_pointer,
                        object,
                        true,
                        &context,
                        buffers,
                        diagnostics,
                    ));
                }
            }
            edit = edit.take().or(pick_ui(
                ui,
                &format!("{context} goes to"),
                &rule_pointer,
                "Next",
                rule.get("Next").and_then(Value::as_str),
                targets,
                false,
            ));
            edit = edit
                .take()
                .or(move_buttons(ui, &choices, index, rules.len(), rule, "rule"));
        });
    }
    if ui
        .add_enabled(!targets.is_empty(), egui::Button::new("Add a rule"))
        .on_hover_text("A new rule, tried after the others")
        .clicked()
    {
        let target = targets.first().cloned().unwrap_or_default();
        let rule = if jsonata {
            json!({"Condition": "{% $states.input.value = 'yes' %}", "Next": target})
        } else {
            let mut rule = new_comparison();
            rule["Next"] = json!(target);
            rule
        };
        edit = Some(append(pointer, "Choices", state, rule));
    }
    ui.add_space(6.0);
    edit.or(pick_ui(
        ui,
        "Otherwise (Default)",
        pointer,
        "Default",
        state.get("Default").and_then(Value::as_str),
        targets,
        true,
    ))
}

/// One condition at `pointer`: a comparison, or And/Or/Not over conditions. `top` is the rule
/// itself (which keeps its `Next` when it is wrapped in a group).
fn condition_ui(
    ui: &mut Ui,
    pointer: &str,
    condition: &Map<String, Value>,
    top: bool,
    context: &str,
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let mut edit = None;
    for group in ["And", "Or"] {
        if let Some(items) = condition.get(group).and_then(Value::as_array) {
            ui.label(RichText::new(match group {
                "And" => "All of these:",
                _ => "Any of these:",
            }));
            let array = pointer_push(pointer, group);
            for (index, item) in items.iter().enumerate() {
                let item_pointer = pointer_push(&array, &index.to_string());
                let item_context = format!("{context}.{}", index + 1);
                ui.indent(("condition", &item_pointer), |ui| {
                    if let Some(object) = item.as_object() {
                        edit = edit.take().or(condition_ui(
                            ui,
                            &item_pointer,
                            object,
                            false,
                            &item_context,
                            buffers,
                            diagnostics,
                        ));
                    }
                    edit = edit.take().or(move_buttons(
                        ui,
                        &array,
                        index,
                        items.len(),
                        item,
                        "condition",
                    ));
                });
            }
            if labelled(
                ui.button("Add a condition"),
                format!("{context}: add a condition"),
            )
            .on_hover_text(format!("Another condition in this {group}"))
            .clicked()
            {
                edit = Some(Edit::InsertItem {
                    pointer: array.clone(),
                    index: items.len(),
                    value: new_comparison(),
                });
            }
            return edit;
        }
    }
    if let Some(inner) = condition.get("Not").and_then(Value::as_object) {
        ui.label("Not:");
        let inner_pointer = pointer_push(pointer, "Not");
        ui.indent(("condition", &inner_pointer), |ui| {
            edit = condition_ui(
                ui,
                &inner_pointer,
                inner,
                false,
                &format!("{context} not"),
                buffers,
                diagnostics,
            );
        });
        return edit;
    }
    edit = comparison_ui(ui, pointer, condition, context, buffers, diagnostics);
    ui.horizontal(|ui| {
        for group in ["And", "Or", "Not"] {
            if labelled(
                ui.small_button(format!("Wrap in {group}")),
                format!("{context}: wrap in {group}"),
            )
            .on_hover_text(match group {
                "Not" => "Negate this condition",
                _ => "Make this the first of several conditions",
            })
            .clicked()
            {
                edit = Some(wrap(pointer, condition, group, top));
            }
        }
    });
    edit
}

/// A button whose accessible name says which condition it acts on (the visible text is short).
fn labelled(response: egui::Response, name: String) -> egui::Response {
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &name));
    response
}

/// Replaces the comparison at `pointer` by a group holding it (a rule keeps its `Next` outside).
fn wrap(pointer: &str, condition: &Map<String, Value>, group: &str, top: bool) -> Edit {
    let mut inner = condition.clone();
    let next = if top { inner.remove("Next") } else { None };
    let mut wrapped = Map::new();
    match group {
        "Not" => wrapped.insert(group.to_owned(), Value::Object(inner)),
        _ => wrapped.insert(group.to_owned(), json!([Value::Object(inner)])),
    };
    if let Some(next) = next {
        wrapped.insert("Next".to_owned(), next);
    }
    Edit::SetValue {
        pointer: pointer.to_owned(),
        value: Value::Object(wrapped),
    }
}

/// A comparison: the variable, the operator and what it is compared with.
fn comparison_ui(
    ui: &mut Ui,
    pointer: &str,
    condition: &Map<String, Value>,
    context: &str,
    buffers: &mut Buffers,
    diagnostics: &Checks<'_>,
) -> Option<Edit> {
    let field = Field {
        object: pointer,
        key: "Variable",
        kind: Kind::Text,
        hint: "The path of the value to test ($.total)",
        context,
    };
    let mut edit = buffers.field_ui(
        ui,
        "Variable",
        &field,
        condition.get("Variable"),
        diagnostics,
    );
    let operator = operator_of(condition);
    let mut chosen = None;
    ui.label(RichText::new("Test").strong());
    egui::ComboBox::from_id_salt(("operator", pointer))
        .width(ui.available_width() - 8.0)
        .selected_text(operator.unwrap_or("(no test)"))
        .show_ui(ui, |ui| {
            for op in OPERATORS {
                if ui.selectable_label(operator == Some(op), *op).clicked() {
                    chosen = Some(*op);
                }
            }
        })
        .response
        .widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, format!("{context} test"))
        });
    if let Some(new) = chosen.filter(|new| Some(*new) != operator) {
        let old_value = operator.and_then(|op| condition.get(op));
        let mut edits = Vec::new();
        if let Some(old) = operator {
            edits.push(Edit::RemoveField {
                pointer: pointer.to_owned(),
                key: old.to_owned(),
            });
        }
        edits.push(Edit::SetField {
            pointer: pointer.to_owned(),
            key: new.to_owned(),
            value: operand_for(new, old_value),
        });
        edit = Some(Edit::Batch(edits));
    }
    if let Some(op) = operator {
        let current = condition.get(op);
        match operand_kind(op) {
            Operand::Bool => {
                let options = ["true".to_owned(), "false".to_owned()];
                let shown = current.and_then(Value::as_bool).map(|b| b.to_string());
                if let Some(Edit::SetField {
                    pointer,
                    key,
                    value,
                }) = pick_ui(
                    ui,
                    "Compared with",
                    pointer,
                    op,
                    shown.as_deref(),
                    &options,
                    false,
                ) {
                    edit = Some(Edit::SetField {
                        pointer,
                        key,
                        value: Value::Bool(value.as_str() == Some("true")),
                    });
                }
            }
            kind => {
                let field = Field {
                    object: pointer,
                    key: op,
                    kind: if kind == Operand::Number {
                        Kind::Number
                    } else {
                        Kind::Text
                    },
                    hint: "What the value is compared with",
                    context,
                };
                edit = edit.take().or(buffers.field_ui(
                    ui,
                    "Compared with",
                    &field,
                    current,
                    diagnostics,
                ));
            }
        }
    }
    edit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_follow_the_operator() {
        assert_eq!(operand_for("NumericEquals", Some(&json!("x"))), json!(0));
        assert_eq!(operand_for("NumericEquals", Some(&json!(5))), json!(5));
        assert_eq!(operand_for("StringEqualsPath", None), json!("$.other"));
        assert_eq!(operand_for("IsPresent", None), json!(true));
        assert_eq!(
            operand_for("StringEquals", Some(&json!("yes"))),
            json!("yes")
        );
    }

    #[test]
    fn wrapping_a_rule_keeps_its_target_outside_the_group() {
        let rule = json!({"Variable": "$.a", "NumericGreaterThan": 1, "Next": "B"});
        let Edit::SetValue { value, .. } = wrap(
            "/States/C/Choices/0",
            rule.as_object().unwrap(),
            "And",
            true,
        ) else {
            panic!("a SetValue");
        };
        assert_eq!(
            value,
            json!({"And": [{"Variable": "$.a", "NumericGreaterThan": 1}], "Next": "B"})
        );
        let Edit::SetValue { value, .. } =
            wrap("/x/And/0", rule.as_object().unwrap(), "Not", false)
        else {
            panic!("a SetValue");
        };
        assert_eq!(
            value["Not"]["Next"],
            json!("B"),
            "inside a group nothing is taken out"
        );
    }
}
