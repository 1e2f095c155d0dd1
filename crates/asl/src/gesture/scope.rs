//! What the gestures share: finding a state by id, the transitions of a scope, where an edge's
//! source points, and placing a snippet's states with their way out.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{refused, GestureError};
use crate::catalog::Snippet;
use crate::edit::{unique_state_name, Edit};
use crate::graph::{EdgeKind, GraphEdge, Handle, NodeId};
use crate::model::QueryLanguage;
use crate::tree::{pointer_push, unescape_pointer_segment, Node};
use crate::Document;

/// A state of the document, found by its pointer.
#[derive(Debug, Clone)]
pub(super) struct StateRef {
    /// The scope holding it.
    pub scope: String,
    /// Its name.
    pub name: String,
    /// Its pointer (`{scope}/States/{name}`).
    pub pointer: String,
    /// Its definition.
    pub value: Value,
}

impl StateRef {
    pub fn type_name(&self) -> &str {
        self.value.get("Type").and_then(Value::as_str).unwrap_or("")
    }

    pub fn is_choice(&self) -> bool {
        self.type_name() == "Choice"
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self.type_name(), "Succeed" | "Fail")
    }

    /// Where the state goes on after it runs, when that is one place.
    pub fn way_out(&self) -> WayOut {
        if self.is_choice() {
            return WayOut::Unknown;
        }
        if self.is_terminal() || self.value.get("End") == Some(&Value::Bool(true)) {
            return WayOut::End;
        }
        match self.value.get("Next").and_then(Value::as_str) {
            Some(next) => WayOut::Next(next.to_owned()),
            None => WayOut::Unknown,
        }
    }
}

/// The refusal to put anything after a state that ends its path.
pub(super) fn cannot_follow(state: &StateRef) -> GestureError {
    refused(format!(
        "nothing can follow \u{201c}{}\u{201d}: a {} state ends its path",
        state.name,
        state.type_name()
    ))
}

/// Where a transition goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WayOut {
    /// To a state of the same scope.
    Next(String),
    /// The end of the scope.
    End,
    /// Nowhere that can be told (a Choice, a broken state).
    Unknown,
}

/// The scope and name of a state pointer (`/States/A/Branches/0/States/B`).
pub(super) fn split_pointer(id: &str) -> Option<(String, String)> {
    let at = id.rfind("/States/")?;
    let raw = &id[at + "/States/".len()..];
    if raw.is_empty() || raw.contains('/') {
        return None;
    }
    Some((id[..at].to_owned(), unescape_pointer_segment(raw)))
}

/// The state a graph node names: refused for a duplicated name's second state (edits address
/// states by pointer, which names the first), not found for the markers.
pub(super) fn state_of(doc: &Document, id: &NodeId) -> Result<StateRef, GestureError> {
    match id {
        NodeId::State(pointer) => state_ref(doc, pointer),
        NodeId::Duplicate { .. } => Err(refused(
            "another state in this scope has the same name; rename one of them first",
        )),
        NodeId::Start | NodeId::End | NodeId::Missing(_) => {
            Err(GestureError::NoSuchState { id: id.to_string() })
        }
    }
}

/// The state a JSON pointer names.
pub(super) fn state_ref(doc: &Document, id: &str) -> Result<StateRef, GestureError> {
    let missing = || GestureError::NoSuchState { id: id.to_owned() };
    if id.starts_with("#duplicate") {
        return Err(refused(
            "another state in this scope has the same name; rename one of them first",
        ));
    }
    let (scope, name) = split_pointer(id).ok_or_else(missing)?;
    let node = doc.node_at(id).filter(|n| n.as_object().is_some());
    let node = node.ok_or_else(missing)?;
    Ok(StateRef {
        pointer: id.to_owned(),
        scope,
        name,
        value: node.to_value(),
    })
}

/// The selected states, in document order, each once, those inside another selected state (in
/// its branches or processor) left out: they go wherever it goes.
pub(super) fn selection(doc: &Document, ids: &[String]) -> Result<Vec<StateRef>, GestureError> {
    let mut states: Vec<StateRef> = ids
        .iter()
        .map(|id| state_ref(doc, id))
        .collect::<Result<_, _>>()?;
    let pointers: Vec<String> = states.iter().map(|s| s.pointer.clone()).collect();
    states.retain(|s| {
        !pointers
            .iter()
            .any(|p| s.pointer.starts_with(&format!("{p}/")))
    });
    states.sort_by_key(|s| doc.node_at(&s.pointer).map_or(0, |n| n.span.start));
    states.dedup_by(|a, b| a.pointer == b.pointer);
    if states.is_empty() {
        return Err(GestureError::Unchanged("no state is selected".into()));
    }
    Ok(states)
}

/// The pointer of a state in a scope.
pub(super) fn state_pointer(scope: &str, name: &str) -> String {
    pointer_push(&pointer_push(scope, "States"), name)
}

/// The states of a scope, in document order (empty when it has none).
pub(super) fn scope_states(doc: &Document, scope: &str) -> Vec<StateRef> {
    let Some(members) = doc
        .node_at(scope)
        .and_then(|s| s.get("States"))
        .and_then(Node::as_object)
    else {
        return Vec::new();
    };
    members
        .iter()
        .filter(|m| m.value.as_object().is_some())
        .map(|m| StateRef {
            scope: scope.to_owned(),
            pointer: state_pointer(scope, &m.key),
            name: m.key.clone(),
            value: m.value.to_value(),
        })
        .collect()
}

/// Checks that `scope` names a scope object (the top level, a branch, a processor).
pub(super) fn check_scope(doc: &Document, scope: &str) -> Result<(), GestureError> {
    let is_scope = scope.is_empty()
        || scope.ends_with("/ItemProcessor")
        || scope.ends_with("/Iterator")
        || scope
            .rsplit_once("/Branches/")
            .is_some_and(|(_, i)| i.parse::<usize>().is_ok());
    match doc.node_at(scope) {
        Some(node) if is_scope && node.as_object().is_some() => Ok(()),
        _ => Err(refused(format!(
            "{scope} is not a branch, Map processor or the top level of the workflow"
        ))),
    }
}

/// Both states are in the same scope.
pub(super) fn beside(source: &StateRef, target: &StateRef) -> Result<(), GestureError> {
    if source.scope == target.scope {
        return Ok(());
    }
    Err(refused(format!(
        "\u{201c}{}\u{201d} and \u{201c}{}\u{201d} are in different branches or processors; a state can only go to a state beside it",
        source.name, target.name
    )))
}

/// One transition of a scope: a `StartAt`, `Next`, `Default`, or a Choice rule's or catcher's
/// `Next`.
#[derive(Debug, Clone)]
pub(super) struct Transition {
    /// The scope it is in.
    pub scope: String,
    /// The state it leaves (`None` for the scope's `StartAt`).
    pub from: Option<String>,
    /// The pointer of the object holding the field.
    pub object: String,
    /// The field: `StartAt`, `Next` or `Default`.
    pub key: &'static str,
    /// The handle it leaves from.
    pub handle: Handle,
    /// The state it goes to.
    pub target: String,
}

impl Transition {
    /// The edits that send this transition to `to`. A plain `Next` sent to the end becomes
    /// `"End": true`; any other transition sent to the end is left as it is, for validation to
    /// flag, rather than guessed.
    pub fn redirect(&self, to: &WayOut) -> Vec<Edit> {
        match to {
            WayOut::Next(name) => vec![Edit::SetField {
                pointer: self.object.clone(),
                key: self.key.to_owned(),
                value: Value::String(name.clone()),
            }],
            WayOut::End if self.from.is_some() && self.handle == Handle::Output => {
                end_instead_of_next(&self.object)
            }
            _ => Vec::new(),
        }
    }
}

/// `Next` replaced by `"End": true`.
pub(super) fn end_instead_of_next(state: &str) -> Vec<Edit> {
    vec![Edit::ReplaceField {
        pointer: state.to_owned(),
        from: "Next".into(),
        to: "End".into(),
        value: Value::Bool(true),
    }]
}

/// The edits that make a state go on to `target`: `Next` set, `End` removed.
pub(super) fn go_next(state: &StateRef, target: &str) -> Vec<Edit> {
    let target = Value::String(target.to_owned());
    if state.value.get("End").is_some() {
        return vec![Edit::ReplaceField {
            pointer: state.pointer.clone(),
            from: "End".into(),
            to: "Next".into(),
            value: target,
        }];
    }
    vec![Edit::SetField {
        pointer: state.pointer.clone(),
        key: "Next".into(),
        value: target,
    }]
}

/// The edits that make a state end its path: `"End": true`, `Next` removed.
pub(super) fn go_end(state: &StateRef) -> Vec<Edit> {
    if state.value.get("Next").is_some() {
        end_instead_of_next(&state.pointer)
    } else {
        vec![set_end(&state.pointer)]
    }
}

fn set_end(state: &str) -> Edit {
    Edit::SetField {
        pointer: state.to_owned(),
        key: "End".into(),
        value: Value::Bool(true),
    }
}

/// Every transition of a scope, `StartAt` first, then by state in document order.
pub(super) fn transitions(doc: &Document, scope: &str) -> Vec<Transition> {
    let mut out = Vec::new();
    if let Some(start) = doc
        .node_at(scope)
        .and_then(|s| s.get("StartAt"))
        .and_then(Node::as_str)
    {
        out.push(Transition {
            scope: scope.to_owned(),
            from: None,
            object: scope.to_owned(),
            key: "StartAt",
            handle: Handle::Output,
            target: start.to_owned(),
        });
    }
    for state in scope_states(doc, scope) {
        out.extend(state_transitions(&state));
    }
    out
}

/// The transitions leaving one state.
pub(super) fn state_transitions(state: &StateRef) -> Vec<Transition> {
    let mut out = Vec::new();
    let mut push = |object: String, key: &'static str, handle: Handle, target: &Value| {
        if let Some(target) = target.as_str() {
            out.push(Transition {
                scope: state.scope.clone(),
                from: Some(state.name.clone()),
                object,
                key,
                handle,
                target: target.to_owned(),
            });
        }
    };
    if let Some(next) = state.value.get("Next") {
        push(state.pointer.clone(), "Next", Handle::Output, next);
    }
    for (list, handle) in [
        ("Choices", Handle::Choice as fn(usize) -> Handle),
        ("Catch", Handle::Catch),
    ] {
        let rules = state.value.get(list).and_then(Value::as_array);
        for (i, rule) in rules.into_iter().flatten().enumerate() {
            if let Some(next) = rule.get("Next") {
                let object = pointer_push(&pointer_push(&state.pointer, list), &i.to_string());
                push(object, "Next", handle(i), next);
            }
        }
        if list == "Choices" {
            if let Some(default) = state.value.get("Default") {
                push(state.pointer.clone(), "Default", Handle::Default, default);
            }
        }
    }
    out
}

/// What an edge of the graph stands for in the document.
#[derive(Debug, Clone)]
pub(super) enum EdgeSource {
    /// A transition field.
    Transition(Transition),
    /// A state's end (`"End": true`, or a Succeed or Fail state).
    End(StateRef),
}

/// Finds what an edge stands for, as the document is now.
pub(super) fn edge_source(doc: &Document, edge: &GraphEdge) -> Result<EdgeSource, GestureError> {
    let gone = || refused("that arrow is no longer in the workflow; try again");
    if edge.from == NodeId::Start {
        let t = transitions(doc, "")
            .into_iter()
            .find(|t| t.from.is_none())
            .ok_or_else(gone)?;
        return Ok(EdgeSource::Transition(t));
    }
    let state = state_of(doc, &edge.from)?;
    if edge.kind == EdgeKind::End || edge.to == NodeId::End {
        return Ok(EdgeSource::End(state));
    }
    let handle = edge.handle();
    state_transitions(&state)
        .into_iter()
        .find(|t| t.handle == handle)
        .map(EdgeSource::Transition)
        .ok_or_else(gone)
}

/// Where in the document's text new states go among their scope's states.
#[derive(Debug, Clone, Copy)]
pub(super) enum TextPlace<'a> {
    /// Right after this state.
    After(&'a str),
    /// Right before this state.
    Before(&'a str),
    /// After the last state.
    Last,
}

/// Edits that place a snippet's states in a scope (the main state where `at` says, the others
/// after it), the main state going on to `way_out`. The snippet's names must already be free.
pub(super) fn place(
    doc: &Document,
    scope: &str,
    snippet: &Snippet,
    at: TextPlace<'_>,
    way_out: &WayOut,
) -> Vec<Edit> {
    let states = with_way_out(doc, snippet, way_out);
    let mut edits = Vec::new();
    let mut previous: Option<String> = None;
    for (name, state) in states {
        let scope = scope.to_owned();
        edits.push(match (&previous, at) {
            (None, TextPlace::Before(before)) => Edit::AddStateBefore {
                scope,
                name: name.clone(),
                state,
                before: before.to_owned(),
            },
            (None, TextPlace::After(after)) => Edit::AddState {
                scope,
                name: name.clone(),
                state,
                after: Some(after.to_owned()),
            },
            (None, TextPlace::Last) => Edit::AddState {
                scope,
                name: name.clone(),
                state,
                after: None,
            },
            (Some(after), _) => Edit::AddState {
                scope,
                name: name.clone(),
                state,
                after: Some(after.clone()),
            },
        });
        previous = Some(name);
    }
    edits
}

/// A snippet's states, its main state going on to `way_out` (and any state that needs).
pub(super) fn with_way_out(
    doc: &Document,
    snippet: &Snippet,
    way_out: &WayOut,
) -> Vec<(String, Value)> {
    let mut states = snippet.states.clone();
    let mut extra = Vec::new();
    if let Some((_, main)) = states.first_mut() {
        extra = connect_main(doc, snippet, main, way_out);
    }
    states.extend(extra);
    states
}

/// Gives the main state of a snippet its way out; returns the helper states that needs (the
/// Succeed state a Choice with nowhere to go ends in).
fn connect_main(
    doc: &Document,
    snippet: &Snippet,
    main: &mut Value,
    way_out: &WayOut,
) -> Vec<(String, Value)> {
    let Some(obj) = main.as_object_mut() else {
        return Vec::new();
    };
    match obj.get("Type").and_then(Value::as_str) {
        Some("Succeed" | "Fail") => Vec::new(),
        Some("Choice") => {
            let mut helpers = Vec::new();
            let target = match way_out {
                WayOut::Next(name) => name.clone(),
                _ => {
                    let taken: BTreeSet<String> = snippet.names().into_iter().collect();
                    let name = unique_state_name(doc, "Done", &taken);
                    helpers.push((name.clone(), json!({"Type": "Succeed"})));
                    name
                }
            };
            if let Some(rules) = obj.get_mut("Choices").and_then(Value::as_array_mut) {
                for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
                    rule.entry("Next")
                        .or_insert_with(|| Value::String(target.clone()));
                }
            }
            obj.entry("Default")
                .or_insert_with(|| Value::String(target.clone()));
            helpers
        }
        _ => {
            obj.shift_remove("Next");
            obj.shift_remove("End");
            match way_out {
                WayOut::Next(name) => obj.insert("Next".into(), Value::String(name.clone())),
                _ => obj.insert("End".into(), Value::Bool(true)),
            };
            Vec::new()
        }
    }
}

/// The query language states of a scope use: the nearest `QueryLanguage` among the states that
/// own the scope, else the machine's, else JSONPath.
pub fn language_at(doc: &Document, scope: &str) -> QueryLanguage {
    let read = |node: Option<&Node>| match node
        .and_then(|n| n.get("QueryLanguage"))
        .and_then(Node::as_str)
    {
        Some("JSONata") => Some(QueryLanguage::JSONata),
        Some("JSONPath") => Some(QueryLanguage::JSONPath),
        _ => None,
    };
    let mut language = read(Some(doc.root())).unwrap_or_default();
    let mut owner = scope.to_owned();
    let mut owners = Vec::new();
    while let Some((parent_scope, name)) = owner_of(&owner) {
        owners.push(state_pointer(&parent_scope, &name));
        owner = parent_scope;
    }
    for pointer in owners.iter().rev() {
        if let Some(found) = read(doc.node_at(pointer)) {
            language = found;
        }
    }
    language
}

/// The scope and name of the state that owns a nested scope.
fn owner_of(scope: &str) -> Option<(String, String)> {
    let state = scope
        .strip_suffix("/ItemProcessor")
        .or_else(|| scope.strip_suffix("/Iterator"))
        .or_else(|| scope.rsplit_once("/Branches/").map(|(s, _)| s))?;
    split_pointer(state)
}
