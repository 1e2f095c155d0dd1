//! Copying states as ASL JSON text, and pasting such text (from this document, another one, or a
//! text editor) into a scope.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::scope::{check_scope, scope_states, selection};
use super::GestureError;
use crate::catalog::Snippet;
use crate::edit::Edit;
use crate::{Document, Format};

/// The selected states as ASL JSON text, `{"StartAt": first, "States": {...}}` pretty-printed
/// with two spaces, states in document order: what a person would paste into a text editor.
/// Selected states nested in another selected state come with it, not twice.
pub fn copy_states(doc: &Document, ids: &[String]) -> Result<String, GestureError> {
    let states = selection(doc, ids)?;
    let first = &states[0];
    let mut map = Map::new();
    map.insert("StartAt".into(), Value::String(first.name.clone()));
    let fragment: Map<String, Value> = states
        .iter()
        .map(|s| (s.name.clone(), s.value.clone()))
        .collect();
    map.insert("States".into(), Value::Object(fragment));
    let mut text = serde_json::to_string_pretty(&Value::Object(map))
        .map_err(|e| GestureError::Refused(format!("the states cannot be written as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Cuts states: their ASL JSON text, as [`copy_states`] writes it, and the edit that deletes
/// them with their neighbours reconnected, as [`delete_states`] does.
///
/// [`delete_states`]: super::delete_states
pub fn cut_states(doc: &Document, ids: &[String]) -> Result<(String, Edit), GestureError> {
    Ok((copy_states(doc, ids)?, super::delete_states(doc, ids)?))
}

/// Pastes states from ASL text (JSON or YAML: `{"States": {...}}` with or without `StartAt`, a
/// bare map of named states, or one state object) at the end of a scope. Names the document
/// already uses get a free one; transitions between the pasted states follow. A `Next` to a
/// state that is neither pasted nor in the scope becomes `"End": true` and such a catcher is
/// dropped; Choice rules are kept as written, for validation to flag. Into an empty scope the
/// fragment's `StartAt` (or first state) becomes the scope's `StartAt`; otherwise nothing leads
/// to the pasted states yet.
pub fn paste_states(doc: &Document, scope: &str, text: &str) -> Result<Edit, GestureError> {
    check_scope(doc, scope)?;
    let (snippet, start) = parse_fragment(text)?;
    let renamed = snippet.with_unique_names(doc, &BTreeSet::new());
    let pasted: BTreeSet<String> = renamed.states.iter().map(|(n, _)| n.clone()).collect();
    let existing: BTreeSet<String> = scope_states(doc, scope)
        .into_iter()
        .map(|s| s.name)
        .collect();
    let known = |name: &str| pasted.contains(name) || existing.contains(name);
    let mut edits = Vec::new();
    if existing.is_empty() {
        let start_index = start
            .and_then(|s| snippet.states.iter().position(|(n, _)| *n == s))
            .unwrap_or(0);
        edits.push(Edit::SetField {
            pointer: scope.to_owned(),
            key: "StartAt".into(),
            value: Value::String(renamed.states[start_index].0.clone()),
        });
    }
    for (name, mut state) in renamed.states {
        if let Some(obj) = state.as_object_mut() {
            let next_unknown = obj
                .get("Next")
                .and_then(Value::as_str)
                .is_some_and(|n| !known(n));
            if next_unknown {
                obj.shift_remove("Next");
                obj.insert("End".into(), Value::Bool(true));
            }
            if let Some(catchers) = obj.get_mut("Catch").and_then(Value::as_array_mut) {
                catchers.retain(|c| c.get("Next").and_then(Value::as_str).is_none_or(known));
                if catchers.is_empty() {
                    obj.shift_remove("Catch");
                }
            }
        }
        edits.push(Edit::AddState {
            scope: scope.to_owned(),
            name,
            state,
            after: None,
        });
    }
    Ok(Edit::Batch(edits))
}

/// The states of a copied fragment, in order, and its `StartAt`.
fn parse_fragment(text: &str) -> Result<(Snippet, Option<String>), GestureError> {
    let example = "expected ASL such as {\"States\": {\"Name\": {\"Type\": \"Pass\", ...}}}";
    let doc = Document::parse(text, Format::sniff(text))
        .map_err(|e| GestureError::Clipboard(format!("{e}; {example}")))?;
    let value = doc.to_value();
    let is_state = |v: &Value| v.get("Type").is_some_and(Value::is_string);
    let (states, start) = match &value {
        Value::Object(obj) if obj.get("States").is_some_and(Value::is_object) => (
            obj.get("States").and_then(Value::as_object).cloned(),
            obj.get("StartAt")
                .and_then(Value::as_str)
                .map(str::to_owned),
        ),
        Value::Object(obj) if is_state(&value) => {
            let name = obj
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or("State")
                .to_owned();
            (Some(Map::from_iter([(name, value.clone())])), None)
        }
        Value::Object(obj) if !obj.is_empty() && obj.values().all(is_state) => {
            (Some(obj.clone()), None)
        }
        _ => (None, None),
    };
    match states {
        Some(states) if !states.is_empty() => Ok((
            Snippet {
                states: states.into_iter().collect(),
            },
            start,
        )),
        _ => Err(GestureError::Clipboard(example.to_owned())),
    }
}
