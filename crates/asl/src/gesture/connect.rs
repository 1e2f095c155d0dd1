//! Drawing transitions: connect a handle to a state; add and remove Parallel branches.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::scope::{
    beside, go_end, go_next, split_pointer, state_of, state_ref, with_way_out, WayOut,
};
use super::{refused, GestureError};
use crate::catalog::Snippet;
use crate::edit::Edit;
use crate::graph::{Handle, NodeId};
use crate::tree::pointer_push;
use crate::Document;

/// Connects a handle of a node to a state: a state's output sets `Next` (or `"End": true` when
/// `to` is the End marker), a Choice rule's or catcher's handle sets that rule's or catcher's
/// `Next`, the Default handle sets `Default`, and the Start marker's output sets `StartAt`.
/// Both ends must be in the same scope.
pub fn connect(
    doc: &Document,
    from: &NodeId,
    handle: Handle,
    to: &NodeId,
) -> Result<Edit, GestureError> {
    let target = if *to == NodeId::End {
        None
    } else {
        Some(state_of(doc, to)?)
    };
    if *from == NodeId::Start {
        let target = target.ok_or_else(|| refused("the Start cannot go straight to the End"))?;
        if !target.scope.is_empty() {
            return Err(refused(
                "the Start can only go to a state at the top level of the workflow",
            ));
        }
        return Ok(set("", "StartAt", &target.name));
    }
    let source = state_of(doc, from)?;
    if let Some(target) = &target {
        beside(&source, target)?;
    }
    let at = |list: &str, index: usize| -> Result<String, GestureError> {
        let len = source
            .value
            .get(list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if index >= len {
            return Err(refused(format!(
                "\u{201c}{}\u{201d} has no {} number {}",
                source.name,
                if list == "Choices" { "rule" } else { "catcher" },
                index + 1
            )));
        }
        Ok(pointer_push(
            &pointer_push(&source.pointer, list),
            &index.to_string(),
        ))
    };
    let needs_target = || {
        refused(format!(
            "a rule or catcher of \u{201c}{}\u{201d} must go to a state, not to the End",
            source.name
        ))
    };
    match handle {
        Handle::Output => {
            if source.is_choice() {
                return Err(refused(format!(
                    "a Choice state has no Next; drag from one of \u{201c}{}\u{201d}'s rules or its Default",
                    source.name
                )));
            }
            if source.is_terminal() {
                return Err(refused(format!(
                    "\u{201c}{}\u{201d} is a {} state: it ends its path and cannot go on",
                    source.name,
                    source.type_name()
                )));
            }
            Ok(Edit::Batch(match target {
                None => go_end(&source),
                Some(target) => go_next(&source, &target.name),
            }))
        }
        Handle::Choice(index) => {
            let target = target.ok_or_else(needs_target)?;
            Ok(set(&at("Choices", index)?, "Next", &target.name))
        }
        Handle::Catch(index) => {
            let target = target.ok_or_else(needs_target)?;
            Ok(set(&at("Catch", index)?, "Next", &target.name))
        }
        Handle::Default => {
            let target = target.ok_or_else(needs_target)?;
            if !source.is_choice() {
                return Err(refused(format!(
                    "only a Choice state has a Default; \u{201c}{}\u{201d} is a {} state",
                    source.name,
                    source.type_name()
                )));
            }
            Ok(set(&source.pointer, "Default", &target.name))
        }
    }
}

/// Makes a state the first of its scope (the `StartAt` of its branch, processor or machine).
pub fn set_start_state(doc: &Document, state: &str) -> Result<Edit, GestureError> {
    let state = state_ref(doc, state)?;
    let current = doc
        .node_at(&state.scope)
        .and_then(|s| s.get("StartAt"))
        .and_then(crate::Node::as_str);
    if current == Some(state.name.as_str()) {
        return Err(GestureError::Unchanged(format!(
            "\u{201c}{}\u{201d} is already the first state",
            state.name
        )));
    }
    Ok(set(&state.scope, "StartAt", &state.name))
}

fn set(pointer: &str, key: &str, name: &str) -> Edit {
    Edit::SetField {
        pointer: pointer.to_owned(),
        key: key.to_owned(),
        value: Value::String(name.to_owned()),
    }
}

/// Adds a branch at the end of a Parallel state's `Branches`, holding one Pass state with a
/// free name.
pub fn add_branch(doc: &Document, parallel: &str) -> Result<Edit, GestureError> {
    let (_, count) = branches_of(doc, parallel)?;
    let name = format!("Branch {} step", count + 1);
    let pass = Snippet::single(&name, json!({"Type": "Pass"}));
    add_branch_with(doc, parallel, &pass)
}

/// Adds a branch at the end of a Parallel state's `Branches` holding a snippet (a palette entry
/// dropped beside the last branch), its names made free, its main state the branch's start
/// and end.
pub fn add_branch_with(
    doc: &Document,
    parallel: &str,
    snippet: &Snippet,
) -> Result<Edit, GestureError> {
    let (state, count) = branches_of(doc, parallel)?;
    let snippet = snippet.with_unique_names(doc, &BTreeSet::new());
    let states: Map<String, Value> = with_way_out(doc, &snippet, &WayOut::End)
        .into_iter()
        .collect();
    Ok(Edit::InsertItem {
        pointer: pointer_push(&state, "Branches"),
        index: count,
        value: json!({"StartAt": snippet.name(), "States": states}),
    })
}

/// Removes branch `index` of a Parallel state, with its states. The last branch stays: a
/// Parallel state needs at least one.
pub fn remove_branch(doc: &Document, parallel: &str, index: usize) -> Result<Edit, GestureError> {
    let (state, count) = branches_of(doc, parallel)?;
    if index >= count {
        return Err(refused(format!("there is no branch {}", index + 1)));
    }
    if count == 1 {
        return Err(refused(
            "a Parallel state needs at least one branch; delete the Parallel state instead",
        ));
    }
    Ok(Edit::RemoveItem {
        pointer: pointer_push(&state, "Branches"),
        index,
    })
}

/// The pointer and branch count of a Parallel state.
fn branches_of(doc: &Document, parallel: &str) -> Result<(String, usize), GestureError> {
    let state = state_ref(doc, parallel)?;
    if state.type_name() != "Parallel" {
        return Err(refused(format!(
            "\u{201c}{}\u{201d} is not a Parallel state",
            state.name
        )));
    }
    let count = state
        .value
        .get("Branches")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    debug_assert!(split_pointer(&state.pointer).is_some());
    Ok((state.pointer, count))
}
