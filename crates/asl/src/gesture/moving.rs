//! Dragging an existing state onto another edge, or into a scope.

use std::collections::BTreeSet;

use serde_json::Value;

use super::insert::{scope_drop, set_start, ScopeDrop, ScopePosition};
use super::remove::reconnect_around;
use super::scope::{cannot_follow, edge_source, go_end, go_next, state_ref, EdgeSource, WayOut};
use super::{refused, GestureError};
use crate::edit::Edit;
use crate::graph::GraphEdge;
use crate::Document;

/// Moves a state onto an edge: its old neighbours are reconnected as when it is deleted, the
/// edge's source now goes to it and it goes on to the edge's old target. The state's text stays
/// where it is within its scope; into another scope it moves with [`Edit::MoveState`], which is
/// refused, with the reason, while one of its catchers still goes to a state of its old scope.
/// A Choice state cannot be moved this way (its rules decide where it goes).
pub fn move_onto_edge(doc: &Document, state: &str, edge: &GraphEdge) -> Result<Edit, GestureError> {
    let drop = ScopeDrop::Edge(edge_source(doc, edge)?);
    move_to(doc, state, drop)
}

/// Moves a state into a scope (a Parallel branch, a Map processor or the top level) at a
/// position, as [`move_onto_edge`] does onto the arrow that position stands for; into an empty
/// scope it becomes the scope's only state and its `StartAt`.
pub fn move_into_scope(
    doc: &Document,
    state: &str,
    scope: &str,
    position: &ScopePosition,
) -> Result<Edit, GestureError> {
    let drop = scope_drop(doc, scope, position)?;
    move_to(doc, state, drop)
}

fn move_to(doc: &Document, state: &str, drop: ScopeDrop) -> Result<Edit, GestureError> {
    let state = state_ref(doc, state)?;
    if state.is_choice() {
        return Err(refused(format!(
            "\u{201c}{}\u{201d} is a Choice state; connect its rules instead of moving it",
            state.name
        )));
    }
    let (touches, to_scope, way_on) = match &drop {
        ScopeDrop::Edge(EdgeSource::Transition(t)) => (
            t.scope == state.scope
                && (t.target == state.name || t.from.as_deref() == Some(&state.name)),
            t.scope.clone(),
            WayOut::Next(t.target.clone()),
        ),
        ScopeDrop::Edge(EdgeSource::End(s)) => {
            if s.is_terminal() {
                return Err(cannot_follow(s));
            }
            (s.pointer == state.pointer, s.scope.clone(), WayOut::End)
        }
        ScopeDrop::Start { scope, way_out } => (false, scope.clone(), way_out.clone()),
    };
    if touches {
        return Err(GestureError::Unchanged(format!(
            "\u{201c}{}\u{201d} is already there",
            state.name
        )));
    }
    if to_scope == state.pointer || to_scope.starts_with(&format!("{}/", state.pointer)) {
        return Err(refused(format!(
            "\u{201c}{}\u{201d} cannot be moved into itself",
            state.name
        )));
    }
    // Out of the old place.
    let mut edits = reconnect_around(doc, &state.scope, &BTreeSet::from([state.name.clone()]));
    // Its own way on.
    if !state.is_terminal() {
        edits.extend(match &way_on {
            WayOut::Next(target) => go_next(&state, target),
            _ => go_end(&state),
        });
    }
    if state.scope != to_scope {
        edits.push(Edit::MoveState {
            from_scope: state.scope.clone(),
            to_scope: to_scope.clone(),
            name: state.name.clone(),
        });
    }
    // Into the new place.
    match &drop {
        ScopeDrop::Edge(EdgeSource::Transition(t)) => edits.push(Edit::SetField {
            pointer: t.object.clone(),
            key: t.key.to_owned(),
            value: Value::String(state.name.clone()),
        }),
        ScopeDrop::Edge(EdgeSource::End(s)) => edits.extend(go_next(s, &state.name)),
        ScopeDrop::Start { scope, .. } => edits.push(set_start(scope, &state.name)),
    }
    let edit = Edit::Batch(edits);
    doc.apply(&edit)?;
    Ok(edit)
}
