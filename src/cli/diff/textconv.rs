//! `statecraft diff --textconv FILE`: one workflow as a stable summary, for git's `textconv`
//! (git diffs the summaries of the two versions line by line).
//!
//! A line per machine field, then per state a header (`Name (Type)`) and its fields indented,
//! one line each (arrays of rules, retriers and catchers one element a line), with its
//! transitions (`→ Next`, `Default → X`, a rule's or catcher's target after it) and nested
//! scopes (Parallel branches, a Map's processor) indented under it. Values are compact JSON,
//! never cut, so every change of the file changes a line. The order is the document's.

use std::path::Path;

use serde_json::{Map, Value};

use super::source;
use crate::cli::{terminal, Outcome};

/// Prints the summary of `file`. A file that does not parse is printed as it is, after a line
/// saying where it breaks, so `git log -p` still shows a broken draft's change.
pub fn execute(file: &Path) -> anyhow::Result<Outcome> {
    let shown = file.display().to_string();
    let version = source::read_named(file, &shown)?;
    let text = match (&version.doc, &version.parse_error) {
        (Some(doc), _) => summary(&doc.to_value()),
        (None, error) => {
            let raw = statecraft::fsio::read_bounded(
                file,
                statecraft_asl::parse::MAX_SOURCE_BYTES as u64,
            )?;
            // git hands over temporary copies in folders of their own: the file name alone keeps
            // this line the same in both versions' summaries.
            let name = file
                .file_name()
                .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
            let error = error.as_deref().unwrap_or("does not parse");
            let error = error
                .strip_prefix(shown.as_str())
                .map_or_else(|| error.to_owned(), |rest| format!("{name}{rest}"));
            format!(
                "(not a workflow summary: {error})\n{}",
                String::from_utf8_lossy(&raw).trim_end_matches('\n')
            )
        }
    };
    crate::cli::print_stdout(&text)?;
    Ok(Outcome::Success)
}

/// The summary of a definition, one line per field, state header and transition.
pub fn summary(root: &Value) -> String {
    let mut lines = Vec::new();
    match root {
        Value::Object(scope) => scope_lines(scope, 0, &mut lines),
        other => lines.push(compact(other)),
    }
    lines
        .iter()
        .map(|l| terminal::escaped(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A scope (the machine, a branch, a processor): `StartAt`, its other fields, then its states.
fn scope_lines(scope: &Map<String, Value>, depth: usize, lines: &mut Vec<String>) {
    let indent = "  ".repeat(depth);
    match scope.get("StartAt") {
        Some(Value::String(start)) => lines.push(format!("{indent}StartAt \u{2192} {start}")),
        Some(other) => lines.push(format!("{indent}StartAt: {}", compact(other))),
        None => {}
    }
    for (key, value) in scope {
        if key != "StartAt" && key != "States" {
            field_lines(key, value, &indent, lines);
        }
    }
    match scope.get("States") {
        Some(Value::Object(states)) => {
            for (name, state) in states {
                state_lines(name, state, depth, lines);
            }
        }
        Some(other) => lines.push(format!("{indent}States: {}", compact(other))),
        None => {}
    }
}

/// A state: `Name (Type)`, its fields and transitions indented, its `Next` or `End` last.
fn state_lines(name: &str, state: &Value, depth: usize, lines: &mut Vec<String>) {
    let indent = "  ".repeat(depth);
    let Value::Object(fields) = state else {
        lines.push(format!("{indent}{name}: {}", compact(state)));
        return;
    };
    match fields.get("Type") {
        Some(Value::String(t)) => lines.push(format!("{indent}{name} ({t})")),
        _ => lines.push(format!("{indent}{name}")),
    }
    let inner = format!("{indent}  ");
    let mut last = Vec::new();
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("Type", Value::String(_)) => {}
            ("Next", Value::String(next)) => last.push(format!("{inner}\u{2192} {next}")),
            ("End", Value::Bool(true)) => last.push(format!("{inner}\u{2192} End")),
            ("Default", Value::String(target)) => {
                lines.push(format!("{inner}Default \u{2192} {target}"));
            }
            ("Choices" | "Catch", Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    lines.push(format!("{inner}{key}[{i}]: {}", with_target(item)));
                }
            }
            ("Branches", Value::Array(branches)) => {
                for (i, branch) in branches.iter().enumerate() {
                    nested(&format!("{key}[{i}]"), branch, depth + 1, lines);
                }
            }
            ("ItemProcessor" | "Iterator", Value::Object(_)) => {
                nested(key, value, depth + 1, lines);
            }
            _ => field_lines(key, value, &inner, lines),
        }
    }
    lines.extend(last);
}

/// A nested scope under its state: a line naming it, then the scope one level deeper.
fn nested(label: &str, scope: &Value, depth: usize, lines: &mut Vec<String>) {
    let indent = "  ".repeat(depth);
    match scope {
        Value::Object(scope) => {
            lines.push(format!("{indent}{label}"));
            scope_lines(scope, depth + 1, lines);
        }
        other => lines.push(format!("{indent}{label}: {}", compact(other))),
    }
}

/// A field: `Key: value`, or one line per element for an array of objects (`Retry[0]: {...}`).
fn field_lines(key: &str, value: &Value, indent: &str, lines: &mut Vec<String>) {
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            for (i, item) in items.iter().enumerate() {
                lines.push(format!("{indent}{key}[{i}]: {}", compact(item)));
            }
        }
        _ => lines.push(format!("{indent}{key}: {}", compact(value))),
    }
}

/// A Choice rule or catcher: its fields without `Next`, then `→ Next`.
fn with_target(item: &Value) -> String {
    match item {
        Value::Object(fields) => match fields.get("Next") {
            Some(Value::String(next)) => {
                let mut rest = fields.clone();
                rest.shift_remove("Next");
                format!("{} \u{2192} {next}", compact(&Value::Object(rest)))
            }
            _ => compact(item),
        },
        other => compact(other),
    }
}

/// A value as compact JSON, whole.
fn compact(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_state_per_header_fields_indented_transitions_last() {
        let root = json!({
            "Comment": "Orders",
            "StartAt": "Check",
            "States": {
                "Check": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Pay"}],
                    "Default": "Done"
                },
                "Pay": {
                    "Type": "Parallel",
                    "Next": "Done",
                    "Branches": [{"StartAt": "Charge", "States": {"Charge": {
                        "Type": "Task", "Resource": "arn:x", "End": true,
                        "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]
                    }}}]
                },
                "Done": {"Type": "Succeed"}
            }
        });
        let expected = "\
StartAt \u{2192} Check
Comment: \"Orders\"
Check (Choice)
  Choices[0]: {\"Variable\":\"$.n\",\"NumericGreaterThan\":1} \u{2192} Pay
  Default \u{2192} Done
Pay (Parallel)
  Branches[0]
    StartAt \u{2192} Charge
    Charge (Task)
      Resource: \"arn:x\"
      Retry[0]: {\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":2}
      \u{2192} End
  \u{2192} Done
Done (Succeed)";
        assert_eq!(summary(&root), expected);
    }

    #[test]
    fn control_characters_in_names_are_escaped() {
        let root = json!({"StartAt": "A\u{1b}[31m", "States": {}});
        assert_eq!(summary(&root), "StartAt \u{2192} A\\u001b[31m");
    }
}
