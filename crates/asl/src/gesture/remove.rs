//! Deleting states (their neighbours reconnected) and deleting edges.

use std::collections::{BTreeMap, BTreeSet};

use super::scope::{
    edge_source, end_instead_of_next, scope_states, selection, state_ref, transitions, EdgeSource,
    StateRef, WayOut,
};
use super::{refused, GestureError};
use crate::edit::Edit;
use crate::graph::{GraphEdge, Handle};
use crate::Document;

/// Deletes states and reconnects their neighbours: every transition into a deleted state now
/// goes where the deleted state went (through other deleted states); a `Next` into a state that
/// ended its path becomes `"End": true`; `StartAt` moves to the successor. A Choice rule, Default
/// or catcher whose target ends, and every transition into a deleted Choice, is left as it is for
/// validation to flag, not guessed. States inside a deleted Parallel or Map go with it.
pub fn delete_states(doc: &Document, ids: &[String]) -> Result<Edit, GestureError> {
    let states = selection(doc, ids)?;
    let mut by_scope: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for s in &states {
        by_scope
            .entry(s.scope.as_str())
            .or_default()
            .insert(s.name.clone());
    }
    let mut edits = Vec::new();
    for (scope, names) in &by_scope {
        edits.extend(reconnect_around(doc, scope, names));
    }
    edits.extend(states.iter().map(|s| Edit::RemoveState {
        scope: s.scope.clone(),
        name: s.name.clone(),
    }));
    Ok(Edit::Batch(edits))
}

/// The edits that send every transition of a scope into one of `removed` to where that state
/// went (following chains of removed states), for states leaving the scope or the document.
pub(super) fn reconnect_around(
    doc: &Document,
    scope: &str,
    removed: &BTreeSet<String>,
) -> Vec<Edit> {
    let states: BTreeMap<String, StateRef> = scope_states(doc, scope)
        .into_iter()
        .map(|s| (s.name.clone(), s))
        .collect();
    let way_on = |name: &str| -> WayOut {
        let mut seen = BTreeSet::new();
        let mut at = name.to_owned();
        loop {
            let Some(state) = states.get(&at) else {
                return WayOut::Next(at);
            };
            if !removed.contains(&at) {
                return WayOut::Next(at);
            }
            if !seen.insert(at.clone()) {
                return WayOut::Unknown;
            }
            match state.way_out() {
                WayOut::Next(next) => at = next,
                other => return other,
            }
        }
    };
    let mut edits = Vec::new();
    for t in transitions(doc, scope) {
        let leaving = t.from.as_ref().is_some_and(|f| removed.contains(f));
        if leaving || !removed.contains(&t.target) {
            continue;
        }
        edits.extend(t.redirect(&way_on(&t.target)));
    }
    edits
}

/// Deletes an edge: a `Next` becomes `"End": true`; a Choice rule or catcher is removed (the
/// `Catch` field with its last catcher); a `Default` is removed. The Start edge and the edges
/// into the End marker cannot be deleted (connect them elsewhere instead).
pub fn delete_edge(doc: &Document, edge: &GraphEdge) -> Result<Edit, GestureError> {
    let t = match edge_source(doc, edge)? {
        EdgeSource::End(state) => {
            return Err(refused(format!(
            "the end of \u{201c}{}\u{201d} cannot be deleted; connect it to another state instead",
            state.name
        )))
        }
        EdgeSource::Transition(t) => t,
    };
    let Some(from) = &t.from else {
        return Err(refused(
            "the workflow needs a start; connect the Start to another state instead",
        ));
    };
    let state_pointer = super::scope::state_pointer(&t.scope, from);
    let edits = match t.handle {
        Handle::Output => end_instead_of_next(&state_pointer),
        Handle::Default => vec![Edit::RemoveField {
            pointer: state_pointer,
            key: "Default".into(),
        }],
        Handle::Choice(index) => vec![remove_item(&state_pointer, "Choices", index)],
        Handle::Catch(index) => {
            let state = state_ref(doc, &state_pointer)?;
            let count = state
                .value
                .get("Catch")
                .and_then(serde_json::Value::as_array)
                .map_or(0, Vec::len);
            if count <= 1 {
                vec![Edit::RemoveField {
                    pointer: state_pointer,
                    key: "Catch".into(),
                }]
            } else {
                vec![remove_item(&state_pointer, "Catch", index)]
            }
        }
    };
    Ok(Edit::Batch(edits))
}

fn remove_item(state: &str, list: &str, index: usize) -> Edit {
    Edit::RemoveItem {
        pointer: crate::tree::pointer_push(state, list),
        index,
    }
}
