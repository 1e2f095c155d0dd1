//! The semantic diff over the corpus: a workflow against itself, its canonical formatting, its
//! YAML form and its keys reordered is no change; each edit or gesture made on corpus workflows
//! is reported as exactly what it did; and a hand-written pair covers nested scopes, a Map
//! processor rename, Retry alignment and the machine's fields.
//!
//! Transitions are checked against an oracle written here on serde_json values: with no state
//! renamed, the added and removed transitions are the multiset difference of the (scope, source
//! name, how, target name) of each version.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};
use statecraft_asl::catalog::{self, Snippet};
use statecraft_asl::diff::{
    diff, ChangeKind, Diff, FieldChange, FieldPath, PathSegment, StateAt, StateChange, Target,
    TransitionChange, TransitionChangeKind, Via,
};
use statecraft_asl::edit::{state_names, Edit};
use statecraft_asl::format::{canonical_text, json_text, yaml_text};
use statecraft_asl::gesture::{self, GestureError};
use statecraft_asl::graph::{EdgeKind, Graph, GraphNode, NodeId, NodeKind};
use statecraft_asl::model::QueryLanguage;
use statecraft_asl::{Document, Format};

// ---- helpers ------------------------------------------------------------------------------------

/// Every corpus workflow, parsed, with its file name.
fn corpus() -> Vec<(String, Document)> {
    common::workflows()
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let doc = Document::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, doc)
        })
        .collect()
}

fn parse(text: &str) -> Document {
    Document::parse(text, Format::sniff(text)).unwrap()
}

/// The diff in words, for failure messages.
fn show(d: &Diff) -> String {
    let mut lines = Vec::new();
    for c in &d.machine {
        lines.push(format!("machine: {}", c.describe()));
    }
    for s in &d.states {
        lines.push(s.headline());
        for f in &s.fields {
            lines.push(format!("    {}", f.describe()));
        }
    }
    for t in &d.transitions {
        lines.push(t.describe());
    }
    lines.join("\n")
}

/// Up to `n` items spread evenly over `all`.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.len() <= n {
        return all.to_vec();
    }
    (0..n).map(|i| all[i * all.len() / n].clone()).collect()
}

fn pass() -> Snippet {
    catalog::entry("pass")
        .unwrap()
        .snippet(QueryLanguage::JSONPath)
}

/// The edit of a gesture, `None` when the gesture is refused for a reason it gives.
fn gesture_edit(what: &str, edit: Result<Edit, GestureError>) -> Option<Edit> {
    match edit {
        Ok(edit) => Some(edit),
        Err(GestureError::Refused(_) | GestureError::Unchanged(_)) => None,
        Err(GestureError::Edit(e)) => {
            // Moves across scopes with transitions, names AWS refuses: not what is tested here.
            let _ = (what, e);
            None
        }
        Err(e) => panic!("{what}: {e}"),
    }
}

/// The states of a graph that edits can address (not a duplicated name's second state) and
/// that are state objects with a `Type`.
fn states(graph: &Graph) -> Vec<&GraphNode> {
    graph
        .states()
        .filter(|n| matches!(n.id, NodeId::State(_)) && n.type_text.is_some())
        .collect()
}

fn at(node: &GraphNode) -> StateAt {
    StateAt {
        pointer: node.id.pointer().unwrap().into(),
        name: node.name.clone(),
        scope: node.scope.pointer().into(),
        state_type: node.type_text.clone().unwrap_or_default(),
    }
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A transition as the oracle sees it: (added?, scope, source name or "" for StartAt, how,
/// target name or "" for the end).
type Triple = (bool, String, String, &'static str, String);

fn class(via: &Via) -> &'static str {
    match via {
        Via::Start => "start",
        Via::Next => "next",
        Via::End => "end",
        Via::Rule { .. } => "rule",
        Via::Default => "default",
        Via::Catch { .. } => "catch",
    }
}

/// The transitions of a definition, by scope pointer, source and target names.
fn oracle_transitions(value: &Value) -> Vec<(String, String, &'static str, String)> {
    fn walk(pointer: &str, scope: &Value, out: &mut Vec<(String, String, &'static str, String)>) {
        let push = |out: &mut Vec<(String, String, &'static str, String)>,
                    from: &str,
                    how: &'static str,
                    to: &str| {
            out.push((pointer.to_owned(), from.to_owned(), how, to.to_owned()));
        };
        if let Some(start) = scope.get("StartAt").and_then(Value::as_str) {
            push(out, "", "start", start);
        }
        let Some(states) = scope.get("States").and_then(Value::as_object) else {
            return;
        };
        for (name, state) in states {
            let ty = state.get("Type").and_then(Value::as_str).unwrap_or("");
            let targets = |list: &str| -> Vec<String> {
                state
                    .get(list)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.get("Next").and_then(Value::as_str).map(str::to_owned))
                    .collect()
            };
            if let Some(next) = state.get("Next").and_then(Value::as_str) {
                push(out, name, "next", next);
            }
            if ty == "Choice" {
                for t in targets("Choices") {
                    push(out, name, "rule", &t);
                }
                if let Some(d) = state.get("Default").and_then(Value::as_str) {
                    push(out, name, "default", d);
                }
            }
            for t in targets("Catch") {
                push(out, name, "catch", &t);
            }
            if state.get("End") == Some(&Value::Bool(true)) || matches!(ty, "Succeed" | "Fail") {
                push(out, name, "end", "");
            }
            let base = format!("{pointer}/States/{}", escape(name));
            if ty == "Parallel" {
                for (i, b) in state
                    .get("Branches")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    walk(&format!("{base}/Branches/{i}"), b, out);
                }
            }
            if ty == "Map" {
                for key in ["ItemProcessor", "Iterator"] {
                    if let Some(p) = state.get(key) {
                        walk(&format!("{base}/{key}"), p, out);
                        break;
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

/// The added and removed transitions by the oracle: the multiset difference, sorted.
fn expected_transitions(old: &Document, new: &Document) -> Vec<Triple> {
    let mut old_t = oracle_transitions(&old.to_value());
    let mut new_t = oracle_transitions(&new.to_value());
    let mut out = Vec::new();
    for t in std::mem::take(&mut new_t) {
        match old_t.iter().position(|o| *o == t) {
            Some(at) => {
                old_t.remove(at);
            }
            None => out.push((true, t.0, t.1, t.2, t.3)),
        }
    }
    out.extend(old_t.into_iter().map(|t| (false, t.0, t.1, t.2, t.3)));
    out.sort();
    out
}

/// The diff's transitions as the oracle writes them, sorted.
fn reported_transitions(d: &Diff) -> Vec<Triple> {
    let mut out: Vec<Triple> = d
        .transitions
        .iter()
        .map(|t| {
            (
                t.kind == TransitionChangeKind::Added,
                t.scope.to_string(),
                t.from.as_ref().map_or(String::new(), |s| s.name.clone()),
                class(&t.via),
                match &t.to {
                    Target::State { name, .. } => name.clone(),
                    Target::End => String::new(),
                },
            )
        })
        .collect();
    out.sort();
    out
}

/// (scope, name) of every state of a document.
fn scoped_names(doc: &Document) -> BTreeSet<(String, String)> {
    Graph::from_document(doc)
        .states()
        .map(|n| (n.scope.pointer().to_owned(), n.name.clone()))
        .collect()
}

fn key(k: &str) -> PathSegment {
    PathSegment::Key(k.to_owned())
}

fn without_next(value: &Value) -> Value {
    let mut v = value.clone();
    if let Some(obj) = v.as_object_mut() {
        obj.shift_remove("Next");
    }
    v
}

/// The value with every object's keys in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map.iter().rev() {
                out.insert(k.clone(), reversed(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

// ---- 1. what is not a change ------------------------------------------------------------------------

#[test]
fn a_workflow_is_no_change_from_itself_its_formatting_its_yaml_or_its_key_order() {
    let mut checked = 0;
    for (name, doc) in corpus() {
        let d = diff(&doc, &doc);
        assert!(d.is_empty(), "{name}: against itself:\n{}", show(&d));

        let canonical = Document::parse(canonical_text(&doc).unwrap(), doc.format()).unwrap();
        let d = diff(&doc, &canonical);
        assert!(d.is_empty(), "{name}: canonical formatting:\n{}", show(&d));

        let yaml = Document::parse(yaml_text(&doc.to_value()), Format::Yaml).unwrap();
        let d = diff(&doc, &yaml);
        assert!(d.is_empty(), "{name}: JSON against YAML:\n{}", show(&d));
        let d = diff(&yaml, &doc);
        assert!(d.is_empty(), "{name}: YAML against JSON:\n{}", show(&d));

        let shuffled =
            Document::parse(json_text(&reversed(&doc.to_value())), Format::Json).unwrap();
        let d = diff(&doc, &shuffled);
        assert!(d.is_empty(), "{name}: keys reversed:\n{}", show(&d));
        checked += 1;
    }
    assert!(checked >= 200, "{checked}");
}

#[test]
fn yaml_comments_and_number_spellings_are_not_changes() {
    let json = parse(
        r#"{"Comment": "m", "TimeoutSeconds": 30, "StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 2.0, "MaxAttempts": 3}],
                  "End": true}}}"#,
    );
    let yaml = parse(
        "# A machine\nComment: m\nTimeoutSeconds: 30.0 # thirty\nStartAt: A\nStates:\n  A:\n    Type: Task # the type\n    End: true\n    Resource: \"arn:aws:states:::lambda:invoke\"\n    Retry:\n      - {ErrorEquals: [States.ALL], MaxAttempts: 3, BackoffRate: 2}\n",
    );
    assert_eq!(yaml.format(), Format::Yaml);
    let d = diff(&json, &yaml);
    assert!(d.is_empty(), "{}", show(&d));
    // A number that really changed is a change.
    let other = parse(&yaml.text().replace("BackoffRate: 2}", "BackoffRate: 2.5}"));
    let d = diff(&json, &other);
    assert_eq!(d.states.len(), 1, "{}", show(&d));
    assert_eq!(
        d.states[0].fields,
        vec![FieldChange {
            path: FieldPath(vec![
                key("Retry"),
                PathSegment::Index(0),
                key("BackoffRate")
            ]),
            old: Some(json!(2.0)),
            new: Some(json!(2.5)),
        }]
    );
}

// ---- 2. edits and gestures over the corpus ------------------------------------------------------------

#[test]
fn a_state_inserted_on_an_edge_is_one_added_state_and_the_edge_split() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let edges: Vec<_> = graph
            .edges
            .iter()
            .filter(|e| !matches!(e.to, NodeId::Missing(_) | NodeId::Duplicate { .. }))
            .filter(|e| !matches!(e.from, NodeId::Duplicate { .. }))
            .cloned()
            .collect();
        for edge in spread(&edges, 6) {
            let what = format!("{file}: {edge:?}");
            let Some(edit) = gesture_edit(&what, gesture::insert_on_edge(&doc, &edge, &pass()))
            else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let added: Vec<String> = state_names(&out)
                .difference(&state_names(&doc))
                .cloned()
                .collect();
            assert_eq!(added.len(), 1, "{what}");
            let new_graph = Graph::from_document(&out);
            let inserted = new_graph.states().find(|n| n.name == added[0]).unwrap();
            let d = diff(&doc, &out);
            assert!(d.machine.is_empty(), "{what}:\n{}", show(&d));
            assert_eq!(
                d.states,
                vec![StateChange {
                    kind: ChangeKind::Added,
                    old: None,
                    new: Some(at(inserted)),
                    fields: Vec::new(),
                }],
                "{what}:\n{}",
                show(&d)
            );
            // Exactly the edge split in two: S → T becomes S → P → T.
            let scope = inserted.scope.pointer().to_owned();
            let source = graph.node(&edge.from).filter(|n| n.kind == NodeKind::State);
            let source = source.map_or(String::new(), |n| n.name.clone());
            let target = graph
                .node(&edge.to)
                .filter(|n| n.kind == NodeKind::State)
                .map_or(String::new(), |n| n.name.clone());
            let how = match edge.kind {
                EdgeKind::Start => "start",
                EdgeKind::Next => "next",
                EdgeKind::End => "end",
                EdgeKind::Choice { .. } => "rule",
                EdgeKind::Default => "default",
                EdgeKind::Catch { .. } => "catch",
            };
            let (first_how, then_how) = match how {
                "end" => ("next", "end"),
                other => (other, "next"),
            };
            let mut expected: Vec<Triple> = vec![
                (false, scope.clone(), source.clone(), how, target.clone()),
                (true, scope.clone(), source, first_how, added[0].clone()),
                (true, scope, added[0].clone(), then_how, target),
            ];
            expected.sort();
            assert_eq!(reported_transitions(&d), expected, "{what}:\n{}", show(&d));
            assert_eq!(
                reported_transitions(&d),
                expected_transitions(&doc, &out),
                "{what}"
            );
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("insert: {cases} edges in {} files", checked.len());
    assert!(
        checked.len() >= 150 && cases >= 600,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn a_deleted_state_is_removed_with_its_nested_states_and_its_neighbours_rewired() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let ids: Vec<String> = states(&graph).iter().map(|n| n.id.to_string()).collect();
        for id in spread(&ids, 4) {
            let what = format!("{file}: delete {id}");
            let Some(edit) = gesture_edit(
                &what,
                gesture::delete_states(&doc, std::slice::from_ref(&id)),
            ) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let d = diff(&doc, &out);
            assert!(d.machine.is_empty(), "{what}:\n{}", show(&d));
            let gone: BTreeSet<(String, String)> = scoped_names(&doc)
                .difference(&scoped_names(&out))
                .cloned()
                .collect();
            let removed: BTreeSet<(String, String)> = d
                .states
                .iter()
                .map(|c| {
                    assert_eq!(c.kind, ChangeKind::Removed, "{what}:\n{}", show(&d));
                    let old = c.old.as_ref().unwrap();
                    (old.scope.to_string(), old.name.clone())
                })
                .collect();
            assert_eq!(removed.len(), d.states.len(), "{what}");
            assert_eq!(removed, gone, "{what}:\n{}", show(&d));
            let node = graph.node(&NodeId::state(id.as_str())).unwrap();
            assert!(d.state_in_old(&id).is_some(), "{what}");
            assert_eq!(d.states[0].old, Some(at(node)), "{what}:\n{}", show(&d));
            assert_eq!(
                reported_transitions(&d),
                expected_transitions(&doc, &out),
                "{what}:\n{}",
                show(&d)
            );
            // Every transition the deleted state had is reported removed.
            let own = d
                .transitions
                .iter()
                .filter(|t| t.from.as_ref().is_some_and(|f| *f.pointer == *id))
                .inspect(|t| assert_eq!(t.kind, TransitionChangeKind::Removed, "{what}"))
                .count();
            let had = oracle_transitions(&doc.to_value())
                .into_iter()
                .filter(|t| t.0 == node.scope.pointer() && t.1 == node.name)
                .count();
            assert_eq!(own, had, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("delete: {cases} states in {} files", checked.len());
    assert!(
        checked.len() >= 150 && cases >= 600,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn a_renamed_state_is_one_rename_and_nothing_else() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        for node in spread(&states(&graph), 5) {
            let id = node.id.to_string();
            let to = format!("{} renamed", node.name);
            let what = format!("{file}: rename {id}");
            let Some(edit) = gesture_edit(&what, gesture::rename_state(&doc, &id, &to)) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let d = diff(&doc, &out);
            let new_graph = Graph::from_document(&out);
            let renamed = new_graph
                .state_in_scope(&node.scope, &to)
                .unwrap_or_else(|| panic!("{what}"));
            let expected = Diff {
                machine: Vec::new(),
                states: vec![StateChange {
                    kind: ChangeKind::Renamed,
                    old: Some(at(node)),
                    new: Some(at(renamed)),
                    fields: Vec::new(),
                }],
                transitions: Vec::new(),
            };
            assert_eq!(d, expected, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("rename: {cases} states in {} files", checked.len());
    assert!(
        checked.len() >= 190 && cases >= 800,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn a_renamed_state_with_one_of_several_fields_changed_is_a_rename_with_that_field() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let value = doc.to_value();
        for node in spread(&states(&graph), 5) {
            let pointer = node.id.pointer().unwrap().to_owned();
            let state = value.pointer(&pointer).unwrap();
            // Several fields besides Type and the transitions.
            let fields = state
                .as_object()
                .unwrap()
                .keys()
                .filter(|k| !matches!(k.as_str(), "Type" | "Next" | "End" | "Default"))
                .count();
            if fields < 3 {
                continue;
            }
            let to = format!("{} v2", node.name);
            let what = format!("{file}: rename {pointer} and set its Comment");
            let Some(rename) = gesture_edit(&what, gesture::rename_state(&doc, &pointer, &to))
            else {
                continue;
            };
            let old_comment = state.get("Comment").cloned();
            let comment = Edit::SetField {
                pointer: pointer.clone(),
                key: "Comment".into(),
                value: json!("Reviewed"),
            };
            let out = doc.apply(&Edit::Batch(vec![comment, rename])).unwrap();
            let d = diff(&doc, &out);
            let renamed = Graph::from_document(&out)
                .state_in_scope(&node.scope, &to)
                .map(at);
            let expected = Diff {
                machine: Vec::new(),
                states: vec![StateChange {
                    kind: ChangeKind::Renamed,
                    old: Some(at(node)),
                    new: renamed,
                    fields: vec![FieldChange {
                        path: FieldPath(vec![key("Comment")]),
                        old: old_comment,
                        new: Some(json!("Reviewed")),
                    }],
                }],
                transitions: Vec::new(),
            };
            assert_eq!(d, expected, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("rename and edit: {cases} states in {} files", checked.len());
    assert!(
        checked.len() >= 150 && cases >= 340,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn a_moved_state_is_only_its_transitions_rewired() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        for node in spread(&states(&graph), 4) {
            // Onto an arrow of its own scope that does not touch it.
            let Some(edge) = graph.edges.iter().find(|e| {
                e.from != node.id
                    && e.to != node.id
                    && !matches!(e.to, NodeId::Missing(_))
                    && graph.node(&e.to).map(|n| &n.scope) == Some(&node.scope)
                    && (e.from == NodeId::Start
                        || graph.node(&e.from).map(|n| &n.scope) == Some(&node.scope))
            }) else {
                continue;
            };
            let id = node.id.to_string();
            let what = format!("{file}: move {id} onto {edge:?}");
            let Some(edit) = gesture_edit(&what, gesture::move_onto_edge(&doc, &id, edge)) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let d = diff(&doc, &out);
            assert!(d.machine.is_empty(), "{what}:\n{}", show(&d));
            assert!(d.states.is_empty(), "{what}:\n{}", show(&d));
            let expected = expected_transitions(&doc, &out);
            assert!(!expected.is_empty(), "{what}");
            assert_eq!(reported_transitions(&d), expected, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("move: {cases} states in {} files", checked.len());
    assert!(
        checked.len() >= 120 && cases >= 300,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn a_field_set_by_an_edit_is_that_one_field_change() {
    let mut timeouts = 0;
    let mut retries = BTreeSet::new();
    let mut checked = BTreeSet::new();
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let value = doc.to_value();
        let tasks: Vec<&GraphNode> = states(&graph)
            .into_iter()
            .filter(|n| n.type_text.as_deref() == Some("Task"))
            .collect();
        for node in spread(&tasks, 3) {
            let pointer = node.id.pointer().unwrap().to_owned();
            let state = value.pointer(&pointer).unwrap();
            // TimeoutSeconds: changed when there, added when not.
            let old = state.get("TimeoutSeconds").cloned();
            let new = json!(old.as_ref().and_then(Value::as_u64).map_or(77, |t| t + 7));
            let out = doc
                .apply(&Edit::SetField {
                    pointer: pointer.clone(),
                    key: "TimeoutSeconds".into(),
                    value: new.clone(),
                })
                .unwrap();
            let d = diff(&doc, &out);
            let expected = Diff {
                machine: Vec::new(),
                states: vec![StateChange {
                    kind: ChangeKind::Changed,
                    old: Some(at(node)),
                    new: Some(at(node)),
                    fields: vec![FieldChange {
                        path: FieldPath(vec![key("TimeoutSeconds")]),
                        old,
                        new: Some(new),
                    }],
                }],
                transitions: Vec::new(),
            };
            assert_eq!(d, expected, "{file}: {pointer}:\n{}", show(&d));
            timeouts += 1;
            checked.insert(file.clone());

            // The first retrier's MaxAttempts.
            let Some(retrier) = state
                .get("Retry")
                .and_then(|r| r.get(0))
                .filter(|r| r.is_object())
            else {
                continue;
            };
            let old = retrier.get("MaxAttempts").cloned();
            let new = json!(old.as_ref().and_then(Value::as_u64).map_or(5, |m| m + 1));
            let out = doc
                .apply(&Edit::SetField {
                    pointer: format!("{pointer}/Retry/0"),
                    key: "MaxAttempts".into(),
                    value: new.clone(),
                })
                .unwrap();
            let d = diff(&doc, &out);
            let expected = Diff {
                machine: Vec::new(),
                states: vec![StateChange {
                    kind: ChangeKind::Changed,
                    old: Some(at(node)),
                    new: Some(at(node)),
                    fields: vec![FieldChange {
                        path: FieldPath(vec![
                            key("Retry"),
                            PathSegment::Index(0),
                            key("MaxAttempts"),
                        ]),
                        old,
                        new: Some(new),
                    }],
                }],
                transitions: Vec::new(),
            };
            assert_eq!(d, expected, "{file}: {pointer}:\n{}", show(&d));
            assert_eq!(
                d.states[0].fields[0].describe().split(':').next(),
                Some("Retry[0].MaxAttempts")
            );
            retries.insert(file.clone());
        }
    }
    println!(
        "fields: {timeouts} TimeoutSeconds in {} files, MaxAttempts in {} files",
        checked.len(),
        retries.len()
    );
    assert!(
        checked.len() >= 190 && retries.len() >= 50,
        "{} {}",
        checked.len(),
        retries.len()
    );
}

/// A state of the same scope as `node` other than it, to send a new rule or catcher to.
fn other_state_beside<'g>(graph: &'g Graph, node: &GraphNode) -> Option<&'g GraphNode> {
    states(graph)
        .into_iter()
        .find(|n| n.scope == node.scope && n.id != node.id)
}

#[test]
fn an_added_choice_rule_is_one_field_and_one_transition() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let value = doc.to_value();
        let choices: Vec<&GraphNode> = states(&graph)
            .into_iter()
            .filter(|n| n.type_text.as_deref() == Some("Choice"))
            .collect();
        for node in spread(&choices, 3) {
            let Some(target) = other_state_beside(&graph, node) else {
                continue;
            };
            let pointer = node.id.pointer().unwrap().to_owned();
            let what = format!("{file}: a rule from {pointer} to {}", target.name);
            let Some(edit) = gesture_edit(
                &what,
                gesture::add_choice_rule(&doc, &pointer, target.id.pointer().unwrap()),
            ) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let index = value.pointer(&pointer).unwrap()["Choices"]
                .as_array()
                .map_or(0, Vec::len);
            let rule = out.to_value().pointer(&pointer).unwrap()["Choices"][index].clone();
            assert_eq!(rule["Next"], json!(target.name), "{what}");
            let d = diff(&doc, &out);
            let expected = Diff {
                machine: Vec::new(),
                states: vec![StateChange {
                    kind: ChangeKind::Changed,
                    old: Some(at(node)),
                    new: Some(at(node)),
                    fields: vec![FieldChange {
                        path: FieldPath(vec![key("Choices"), PathSegment::Index(index)]),
                        old: None,
                        new: Some(without_next(&rule)),
                    }],
                }],
                transitions: vec![TransitionChange {
                    kind: TransitionChangeKind::Added,
                    scope: node.scope.pointer().into(),
                    from: Some(at(node)),
                    via: Via::Rule { index },
                    to: Target::State {
                        pointer: target.id.pointer().unwrap().into(),
                        name: target.name.clone(),
                    },
                }],
            };
            assert_eq!(d, expected, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("choice rules: {cases} in {} files", checked.len());
    assert!(
        checked.len() >= 100 && cases >= 150,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn an_added_catcher_is_one_field_and_one_transition() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let value = doc.to_value();
        let catchers: Vec<&GraphNode> = states(&graph)
            .into_iter()
            .filter(|n| matches!(n.type_text.as_deref(), Some("Task" | "Parallel" | "Map")))
            .collect();
        for node in spread(&catchers, 3) {
            let Some(target) = other_state_beside(&graph, node) else {
                continue;
            };
            let pointer = node.id.pointer().unwrap().to_owned();
            let what = format!("{file}: a catcher on {pointer} to {}", target.name);
            let Some(edit) = gesture_edit(
                &what,
                gesture::add_catcher(&doc, &pointer, target.id.pointer().unwrap()),
            ) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let before: Vec<Value> = value.pointer(&pointer).unwrap()["Catch"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let after: Vec<Value> = out.to_value().pointer(&pointer).unwrap()["Catch"]
                .as_array()
                .cloned()
                .unwrap();
            let d = diff(&doc, &out);
            assert!(d.machine.is_empty(), "{what}:\n{}", show(&d));
            assert_eq!(d.states.len(), 1, "{what}:\n{}", show(&d));
            let change = &d.states[0];
            assert_eq!(change.kind, ChangeKind::Changed);
            assert_eq!(change.old, Some(at(node)));
            assert_eq!(change.new, Some(at(node)));
            assert_eq!(change.fields.len(), 1, "{what}:\n{}", show(&d));
            let field = &change.fields[0];
            assert_eq!(field.old, None, "{what}:\n{}", show(&d));
            if before.is_empty() {
                assert_eq!(field.path, FieldPath(vec![key("Catch")]), "{what}");
                assert_eq!(field.new, Some(json!([without_next(&after[0])])), "{what}");
            } else {
                // Catch[k] added, where taking item k out of the new list gives the old one.
                let [PathSegment::Key(list), PathSegment::Index(k)] = field.path.0.as_slice()
                else {
                    panic!("{what}: {}", field.path);
                };
                assert_eq!(list, "Catch");
                let mut rest = after.clone();
                let item = rest.remove(*k);
                assert_eq!(rest, before, "{what}");
                assert_eq!(field.new, Some(without_next(&item)), "{what}");
            }
            // One new transition: a catcher to the target.
            assert_eq!(d.transitions.len(), 1, "{what}:\n{}", show(&d));
            let t = &d.transitions[0];
            assert_eq!(t.kind, TransitionChangeKind::Added);
            assert_eq!(t.from, Some(at(node)));
            let Via::Catch { index } = t.via else {
                panic!("{what}: {:?}", t.via)
            };
            assert_eq!(after[index]["Next"], json!(target.name), "{what}");
            assert_eq!(
                t.to,
                Target::State {
                    pointer: target.id.pointer().unwrap().into(),
                    name: target.name.clone()
                }
            );
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("catchers: {cases} in {} files", checked.len());
    assert!(
        checked.len() >= 150 && cases >= 300,
        "{} {cases}",
        checked.len()
    );
}

#[test]
fn an_added_parallel_branch_is_a_field_of_the_parallel_and_its_states_added() {
    let mut checked = BTreeSet::new();
    let mut cases = 0;
    for (file, doc) in corpus() {
        let graph = Graph::from_document(&doc);
        let value = doc.to_value();
        for node in states(&graph)
            .into_iter()
            .filter(|n| n.type_text.as_deref() == Some("Parallel"))
        {
            let pointer = node.id.pointer().unwrap().to_owned();
            let what = format!("{file}: a branch on {pointer}");
            let Some(edit) = gesture_edit(&what, gesture::add_branch(&doc, &pointer)) else {
                continue;
            };
            let out = doc.apply(&edit).unwrap();
            let index = value.pointer(&pointer).unwrap()["Branches"]
                .as_array()
                .map_or(0, Vec::len);
            let scope = format!("{pointer}/Branches/{index}");
            let branch = out.to_value().pointer(&scope).unwrap().clone();
            let first = branch["StartAt"].as_str().unwrap().to_owned();
            let new_graph = Graph::from_document(&out);
            let state = new_graph
                .state_at(&format!("{scope}/States/{}", escape(&first)))
                .unwrap();
            let d = diff(&doc, &out);
            let expected = Diff {
                machine: Vec::new(),
                states: vec![
                    StateChange {
                        kind: ChangeKind::Changed,
                        old: Some(at(node)),
                        new: Some(at(node)),
                        fields: vec![FieldChange {
                            path: FieldPath(vec![key("Branches"), PathSegment::Index(index)]),
                            old: None,
                            new: Some(json!({"StartAt": first})),
                        }],
                    },
                    StateChange {
                        kind: ChangeKind::Added,
                        old: None,
                        new: Some(at(state)),
                        fields: Vec::new(),
                    },
                ],
                transitions: vec![
                    TransitionChange {
                        kind: TransitionChangeKind::Added,
                        scope: scope.as_str().into(),
                        from: None,
                        via: Via::Start,
                        to: Target::State {
                            pointer: at(state).pointer,
                            name: first.clone(),
                        },
                    },
                    TransitionChange {
                        kind: TransitionChangeKind::Added,
                        scope: scope.as_str().into(),
                        from: Some(at(state)),
                        via: Via::End,
                        to: Target::End,
                    },
                ],
            };
            assert_eq!(d, expected, "{what}:\n{}", show(&d));
            checked.insert(file.clone());
            cases += 1;
        }
    }
    println!("branches: {cases} in {} files", checked.len());
    assert!(
        checked.len() >= 30 && cases >= 35,
        "{} {cases}",
        checked.len()
    );
}

// ---- 3. a hand-written pair -------------------------------------------------------------------------

const OLD: &str = r#"{
  "Comment": "Orders",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
      "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 3}],
      "Next": "Fan out"
    },
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge"}, "TimeoutSeconds": 30, "End": true}
        }},
        {"StartAt": "Ship", "States": {
          "Ship": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": true}
        }}
      ],
      "Next": "Notify each"
    },
    "Notify each": {
      "Type": "Map",
      "ItemsPath": "$.people",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"},
        "StartAt": "Send",
        "States": {
          "Send": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message.$": "$"}, "Next": "Log"},
          "Log": {"Type": "Pass", "End": true}
        }
      },
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
}"#;

const NEW: &str = r#"{
  "Comment": "Orders, reviewed",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
      "Retry": [
        {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1},
        {"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 3}
      ],
      "Next": "Fan out"
    },
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "charge"}, "TimeoutSeconds": 60, "End": true}
        }},
        {"StartAt": "Ship", "States": {
          "Ship": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "q", "MessageBody.$": "$"}, "End": true}
        }}
      ],
      "Next": "Notify each"
    },
    "Notify each": {
      "Type": "Map",
      "ItemsPath": "$.people",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"},
        "StartAt": "Send notification",
        "States": {
          "Send notification": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "t", "Message.$": "$"}, "Next": "Log"},
          "Log": {"Type": "Pass", "End": true}
        }
      },
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
}"#;

fn state(pointer: &str, scope: &str, state_type: &str) -> StateAt {
    StateAt {
        pointer: pointer.into(),
        name: pointer.rsplit('/').next().unwrap().to_owned(),
        scope: scope.into(),
        state_type: state_type.into(),
    }
}

#[test]
fn a_hand_written_pair_nested_branch_map_rename_retry_insert_and_machine_comment() {
    let (old, new) = (parse(OLD), parse(NEW));
    let d = diff(&old, &new);
    let validate = state("/States/Validate", "", "Task");
    let charge = state(
        "/States/Fan out/Branches/0/States/Charge",
        "/States/Fan out/Branches/0",
        "Task",
    );
    let processor = "/States/Notify each/ItemProcessor";
    let expected = Diff {
        machine: vec![FieldChange {
            path: FieldPath(vec![key("Comment")]),
            old: Some(json!("Orders")),
            new: Some(json!("Orders, reviewed")),
        }],
        states: vec![
            StateChange {
                kind: ChangeKind::Changed,
                old: Some(validate.clone()),
                new: Some(validate),
                fields: vec![FieldChange {
                    path: FieldPath(vec![key("Retry"), PathSegment::Index(0)]),
                    old: None,
                    new: Some(json!({"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1})),
                }],
            },
            StateChange {
                kind: ChangeKind::Changed,
                old: Some(charge.clone()),
                new: Some(charge),
                fields: vec![FieldChange {
                    path: FieldPath(vec![key("TimeoutSeconds")]),
                    old: Some(json!(30)),
                    new: Some(json!(60)),
                }],
            },
            StateChange {
                kind: ChangeKind::Renamed,
                old: Some(state(
                    &format!("{processor}/States/Send"),
                    processor,
                    "Task",
                )),
                new: Some(state(
                    &format!("{processor}/States/Send notification"),
                    processor,
                    "Task",
                )),
                fields: Vec::new(),
            },
        ],
        transitions: Vec::new(),
    };
    assert_eq!(d, expected, "\n{}", show(&d));
    let words: Vec<String> = show(&d).lines().map(str::to_owned).collect();
    assert_eq!(
        words,
        [
            "machine: Comment: \"Orders\" \u{2192} \"Orders, reviewed\"",
            "Changed Validate",
            "    Retry[0] added: {\"ErrorEquals\":[\"States.Timeout\"],\"MaxAttempts\":1}",
            "Changed Charge",
            "    TimeoutSeconds: 30 \u{2192} 60",
            "Renamed Send to Send notification",
        ]
    );
    // The other way round: the same changes, reversed.
    let back = diff(&new, &old);
    assert_eq!(back.states.len(), 3, "{}", show(&back));
    assert_eq!(
        back.states[0].fields[0].path,
        FieldPath(vec![key("Retry"), PathSegment::Index(0)])
    );
    assert_eq!(back.states[0].fields[0].new, None);
    assert!(back.transitions.is_empty(), "{}", show(&back));
}

#[test]
fn order_is_new_document_order_depth_first_then_removed_states() {
    let old = parse(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "Gone"},
            "Gone": {"Type": "Wait", "Seconds": 5, "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Comment": "x", "End": true}}}], "Next": "Z"},
            "Z": {"Type": "Pass", "Comment": "z", "End": true}}}"#,
    );
    let new = parse(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "P"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "Comment": "x2", "End": true}}}], "Next": "New"},
            "New": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Z"},
            "Z": {"Type": "Pass", "Comment": "z2", "End": true}}}"#,
    );
    let d = diff(&old, &new);
    let lines: Vec<String> = show(&d).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "Changed X",
            "    Comment: \"x\" \u{2192} \"x2\"",
            "Added New (Task)",
            "Changed Z",
            "    Comment: \"z\" \u{2192} \"z2\"",
            "Removed Gone (Wait)",
            "Removed transition: A \u{2192} Gone",
            "New transition: A \u{2192} P",
            "Removed transition: P \u{2192} Z",
            "New transition: P \u{2192} New",
            "New transition: New \u{2192} Z",
            "Removed transition: Gone \u{2192} P",
        ]
    );
}

#[test]
fn a_state_whose_type_changed_reports_its_nested_states_and_fields() {
    let old = parse(
        r#"{"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}], "End": true}}}"#,
    );
    let new = parse(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#);
    let d = diff(&old, &new);
    let lines: Vec<String> = show(&d).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "Changed P",
            "    Type: \"Parallel\" \u{2192} \"Pass\"",
            "    Branches removed (was [{\"StartAt\":\"X\"}])",
            "Removed X (Pass)",
            "Removed transition: Start \u{2192} X",
            "Removed transition: X \u{2192} End",
        ]
    );
    assert_eq!(d.transitions[0].scope.as_ref(), "/States/P/Branches/0");
}

#[test]
fn a_rewired_choice_reports_the_rule_by_its_index_in_each_version() {
    let old = parse(
        r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [
                {"Variable": "$.a", "BooleanEquals": true, "Next": "Yes"},
                {"Variable": "$.b", "BooleanEquals": true, "Next": "Yes"}],
              "Default": "No"},
            "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail"}}}"#,
    );
    let new = parse(
        r#"{"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [
                {"Variable": "$.a", "BooleanEquals": true, "Next": "Yes"},
                {"Variable": "$.b", "BooleanEquals": true, "Next": "No"}],
              "Default": "Yes"},
            "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail"}}}"#,
    );
    let d = diff(&old, &new);
    let lines: Vec<String> = show(&d).lines().map(str::to_owned).collect();
    // The rules' conditions did not change, so C has no field change; the transitions count
    // with their multiplicity (two rules went to Yes, one does now).
    assert_eq!(
        lines,
        [
            "Removed transition: C \u{2192} Yes (Choice rule 2)",
            "New transition: C \u{2192} No (Choice rule 2)",
            "Removed transition: C \u{2192} No (Default)",
            "New transition: C \u{2192} Yes (Default)",
        ]
    );
}

#[test]
fn catchers_inserted_at_both_ends_are_two_additions_and_two_transitions() {
    let old = parse(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                  "Catch": [{"ErrorEquals": ["A"], "Next": "F"}, {"ErrorEquals": ["B"], "Next": "F"}]},
            "F": {"Type": "Fail"}, "G": {"Type": "Fail"}}}"#,
    );
    let new = parse(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                  "Catch": [{"ErrorEquals": ["Z"], "Next": "G"}, {"ErrorEquals": ["A"], "Next": "F"},
                            {"ErrorEquals": ["B"], "Next": "F"}, {"ErrorEquals": ["States.ALL"], "Next": "G"}]},
            "F": {"Type": "Fail"}, "G": {"Type": "Fail"}}}"#,
    );
    let d = diff(&old, &new);
    let lines: Vec<String> = show(&d).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "Changed T",
            "    Catch[0] added: {\"ErrorEquals\":[\"Z\"]}",
            "    Catch[3] added: {\"ErrorEquals\":[\"States.ALL\"]}",
            "New transition: T \u{2192} G (catch)",
            "New transition: T \u{2192} G (catch)",
        ]
    );
    let indices: Vec<Via> = d.transitions.iter().map(|t| t.via.clone()).collect();
    assert_eq!(indices, [Via::Catch { index: 0 }, Via::Catch { index: 3 }]);
}
