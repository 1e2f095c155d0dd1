//! Dropping palette entries: onto an edge (split and rewired), into a scope (first, after a
//! state, last) or onto empty canvas (unconnected).

use std::collections::BTreeSet;

use serde_json::Value;

use super::scope::{
    cannot_follow, check_scope, edge_source, go_next, place, scope_states, state_ref, transitions,
    EdgeSource, TextPlace, WayOut,
};
use super::{refused, GestureError};
use crate::catalog::Snippet;
use crate::edit::Edit;
use crate::graph::GraphEdge;
use crate::Document;

/// Where in a scope a dropped state goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopePosition {
    /// Before the first state: it becomes the scope's `StartAt`.
    First,
    /// Right after the named state, on its way out (between it and its `Next`, or as the new
    /// last state when it ends the scope).
    After(String),
    /// After the state that ends the scope.
    Last,
}

/// Inserts a snippet on an edge: the edge's source now goes to the snippet's main state, which
/// goes on to the edge's old target (for the edge into the End marker, the source loses `End`
/// and the new state ends instead; for the Start edge, `StartAt` changes). A Succeed or Fail
/// dropped on an edge ends the path there.
pub fn insert_on_edge(
    doc: &Document,
    edge: &GraphEdge,
    snippet: &Snippet,
) -> Result<Edit, GestureError> {
    let source = edge_source(doc, edge)?;
    let snippet = snippet.with_unique_names(doc, &BTreeSet::new());
    Ok(Edit::Batch(split(doc, &source, &snippet)?))
}

/// The edits that put a snippet (with free names) on what an edge stands for.
pub(super) fn split(
    doc: &Document,
    source: &EdgeSource,
    snippet: &Snippet,
) -> Result<Vec<Edit>, GestureError> {
    match source {
        EdgeSource::Transition(t) => {
            // After the state the arrow leaves; a new first state goes above the old one.
            let in_scope = scope_states(doc, &t.scope)
                .iter()
                .any(|s| s.name == t.target);
            let at = match &t.from {
                Some(from) => TextPlace::After(from),
                None if in_scope => TextPlace::Before(&t.target),
                None => TextPlace::Last,
            };
            let mut edits = place(doc, &t.scope, snippet, at, &WayOut::Next(t.target.clone()));
            edits.push(Edit::SetField {
                pointer: t.object.clone(),
                key: t.key.to_owned(),
                value: Value::String(snippet.name().to_owned()),
            });
            Ok(edits)
        }
        EdgeSource::End(state) => {
            if state.is_terminal() || state.is_choice() {
                return Err(cannot_follow(state));
            }
            let at = TextPlace::After(&state.name);
            let mut edits = place(doc, &state.scope, snippet, at, &WayOut::End);
            edits.extend(go_next(state, snippet.name()));
            Ok(edits)
        }
    }
}

/// Inserts a snippet into a scope (a Parallel branch, a Map processor, or the top level): first,
/// after a state, or last. Into an empty scope it goes as the only state, with `StartAt`.
pub fn insert_into_scope(
    doc: &Document,
    scope: &str,
    position: &ScopePosition,
    snippet: &Snippet,
) -> Result<Edit, GestureError> {
    let drop = scope_drop(doc, scope, position)?;
    let snippet = snippet.with_unique_names(doc, &BTreeSet::new());
    let edits = match drop {
        ScopeDrop::Edge(source) => split(doc, &source, &snippet)?,
        ScopeDrop::Start { scope, way_out } => {
            let mut edits = vec![set_start(&scope, snippet.name())];
            edits.extend(place(doc, &scope, &snippet, TextPlace::Last, &way_out));
            edits
        }
    };
    Ok(Edit::Batch(edits))
}

/// `StartAt` of a scope set to a state.
pub(super) fn set_start(scope: &str, name: &str) -> Edit {
    Edit::SetField {
        pointer: scope.to_owned(),
        key: "StartAt".into(),
        value: Value::String(name.to_owned()),
    }
}

/// What a drop at a position of a scope lands on.
pub(super) enum ScopeDrop {
    /// An arrow: the drop splits it.
    Edge(EdgeSource),
    /// The start of a scope that has no states yet: the dropped state becomes its `StartAt`.
    Start {
        /// The scope.
        scope: String,
        /// Where the dropped state goes on to.
        way_out: WayOut,
    },
}

/// Finds the arrow (or empty start) a position in a scope stands for.
pub(super) fn scope_drop(
    doc: &Document,
    scope: &str,
    position: &ScopePosition,
) -> Result<ScopeDrop, GestureError> {
    check_scope(doc, scope)?;
    let states = scope_states(doc, scope);
    if states.is_empty() {
        return Ok(ScopeDrop::Start {
            scope: scope.to_owned(),
            way_out: WayOut::End,
        });
    }
    let after = match position {
        ScopePosition::First => {
            let start = transitions(doc, scope)
                .into_iter()
                .find(|t| t.from.is_none() && states.iter().any(|s| s.name == t.target));
            let start = start
                .ok_or_else(|| refused("this part of the workflow has no StartAt naming one of its states; fix StartAt first"))?;
            return Ok(ScopeDrop::Edge(EdgeSource::Transition(start)));
        }
        ScopePosition::After(name) => name.clone(),
        ScopePosition::Last => {
            let ends: Vec<&str> = states
                .iter()
                .filter(|s| s.value.get("End") == Some(&Value::Bool(true)))
                .map(|s| s.name.as_str())
                .collect();
            match ends.as_slice() {
                [one] => (*one).to_owned(),
                [] => {
                    return Err(refused(
                        "no state here ends with \u{201c}End\u{201d}; drop the state onto an arrow instead",
                    ))
                }
                several => {
                    return Err(refused(format!(
                        "this part of the workflow ends in several places ({}); drop the state onto the arrow where it should go",
                        several.join(", ")
                    )))
                }
            }
        }
    };
    let state = state_ref(doc, &super::scope::state_pointer(scope, &after))?;
    let source = match state.way_out() {
        WayOut::Next(_) => super::scope::state_transitions(&state)
            .into_iter()
            .find(|t| t.key == "Next")
            .map(EdgeSource::Transition),
        WayOut::End => Some(EdgeSource::End(state.clone())),
        WayOut::Unknown => None,
    };
    source.map(ScopeDrop::Edge).ok_or_else(|| {
        refused(format!(
            "\u{201c}{}\u{201d} has no single way on; drop the state onto one of its arrows",
            state.name
        ))
    })
}

/// Adds a snippet onto empty canvas: at the end of a scope, with no arrow leading to it
/// (validation flags it as unreachable until it is connected). It ends its path (a Choice goes
/// to a new Succeed state).
pub fn add_unconnected(
    doc: &Document,
    scope: &str,
    snippet: &Snippet,
) -> Result<Edit, GestureError> {
    check_scope(doc, scope)?;
    let snippet = snippet.with_unique_names(doc, &BTreeSet::new());
    Ok(Edit::Batch(place(
        doc,
        scope,
        &snippet,
        TextPlace::Last,
        &WayOut::End,
    )))
}
