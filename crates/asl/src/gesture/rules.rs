//! Choice rules and catchers as lists: add one going to a state, reorder them.

use serde_json::{json, Value};

use super::scope::{beside, state_ref, StateRef};
use super::{refused, GestureError};
use crate::catalog::default_choice_rule;
use crate::edit::Edit;
use crate::tree::pointer_push;
use crate::Document;

/// The ordered lists of a state that the designer can reorder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleList {
    /// A Choice state's `Choices` (evaluated in order: the first matching rule wins).
    Choices,
    /// A state's `Catch` (the first matching catcher wins).
    Catch,
}

/// Moves item `from` of a state's Choice rules or catchers to position `to`; the other items keep
/// their text.
pub fn reorder(
    doc: &Document,
    state: &str,
    list: RuleList,
    from: usize,
    to: usize,
) -> Result<Edit, GestureError> {
    let state = state_ref(doc, state)?;
    let key = match list {
        RuleList::Choices => "Choices",
        RuleList::Catch => "Catch",
    };
    let items = state
        .value
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if from >= items.len() || to >= items.len() {
        return Err(refused(format!(
            "\u{201c}{}\u{201d} has {} entries in {key}; there is no position {}",
            state.name,
            items.len(),
            from.max(to) + 1
        )));
    }
    if from == to {
        return Err(GestureError::Unchanged("the entry is already there".into()));
    }
    let pointer = pointer_push(&state.pointer, key);
    Ok(Edit::Batch(vec![
        Edit::RemoveItem {
            pointer: pointer.clone(),
            index: from,
        },
        Edit::InsertItem {
            pointer,
            index: to,
            value: items[from].clone(),
        },
    ]))
}

/// Adds a Choice rule going to `to` (a state beside the Choice), after the existing rules: a
/// placeholder comparison in the scope's query language, for the inspector to fill in.
pub fn add_choice_rule(doc: &Document, choice: &str, to: &str) -> Result<Edit, GestureError> {
    let (choice, target) = (state_ref(doc, choice)?, state_ref(doc, to)?);
    if !choice.is_choice() {
        return Err(refused(format!(
            "only a Choice state has rules; \u{201c}{}\u{201d} is a {} state",
            choice.name,
            choice.type_name()
        )));
    }
    beside(&choice, &target)?;
    let mut rule = default_choice_rule(super::language_at(doc, &choice.scope));
    if let Some(obj) = rule.as_object_mut() {
        obj.insert("Next".into(), Value::String(target.name.clone()));
    }
    Ok(append(&choice, "Choices", 0, rule))
}

/// Adds a catcher going to `to` (a state beside the Task, Parallel or Map state). It catches
/// `States.ALL` as the last catcher; when a `States.ALL` catcher is already there (it must stay
/// last), the new one catches `States.TaskFailed` and goes before it.
pub fn add_catcher(doc: &Document, state: &str, to: &str) -> Result<Edit, GestureError> {
    let (state, target) = (state_ref(doc, state)?, state_ref(doc, to)?);
    if !matches!(state.type_name(), "Task" | "Parallel" | "Map") {
        return Err(refused(format!(
            "only Task, Parallel and Map states catch errors; \u{201c}{}\u{201d} is a {} state",
            state.name,
            state.type_name()
        )));
    }
    beside(&state, &target)?;
    let catchers = state
        .value
        .get("Catch")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let catches_all = |c: &Value| {
        c.get("ErrorEquals")
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(|n| n == "States.ALL"))
    };
    let (errors, before_end) = match catchers.iter().position(catches_all) {
        Some(i) => ("States.TaskFailed", catchers.len() - i),
        None => ("States.ALL", 0),
    };
    let catcher = json!({"ErrorEquals": [errors], "Next": target.name});
    if catchers.is_empty() {
        return Ok(Edit::SetField {
            pointer: state.pointer.clone(),
            key: "Catch".into(),
            value: Value::Array(vec![catcher]),
        });
    }
    Ok(append(&state, "Catch", before_end, catcher))
}

/// Inserts `item` into a state's list, `before_end` items from its end (the list made when
/// missing).
fn append(state: &StateRef, list: &str, before_end: usize, item: Value) -> Edit {
    match state.value.get(list).and_then(Value::as_array) {
        Some(items) => Edit::InsertItem {
            pointer: pointer_push(&state.pointer, list),
            index: items.len().saturating_sub(before_end),
            value: item,
        },
        None => Edit::SetField {
            pointer: state.pointer.clone(),
            key: list.to_owned(),
            value: Value::Array(vec![item]),
        },
    }
}
