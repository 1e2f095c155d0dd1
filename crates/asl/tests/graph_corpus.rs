//! Every real-world workflow gives a graph: a node per state at every depth, edges only between
//! known nodes of one scope, and dangling "missing state" markers only behind flagged states.

mod common;

use serde_json::Value;
use statecraft_asl::graph::{Graph, NodeId, NodeKind};
use statecraft_asl::Document;

/// Counts the states of a definition value, nested scopes included.
fn count_states(scope: &Value) -> usize {
    let Some(states) = scope.get("States").and_then(Value::as_object) else {
        return 0;
    };
    let mut count = states.len();
    for state in states.values() {
        if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
            count += branches.iter().map(count_states).sum::<usize>();
        }
        if let Some(processor) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
            count += count_states(processor);
        }
    }
    count
}

#[test]
fn every_corpus_workflow_gives_a_sound_graph() {
    let mut workflows = 0;
    let mut states = 0;
    let mut edges = 0;
    let mut scopes = 0;
    for path in common::workflows() {
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let graph = Graph::from_document(&doc);
        let name = path.display();
        assert_eq!(
            graph.states().count(),
            count_states(&doc.to_value()),
            "{name}"
        );
        assert_eq!(graph.nodes.first().map(|n| &n.id), Some(&NodeId::Start));
        assert!(graph.node(&NodeId::End).is_some(), "{name}");
        let mut ids: Vec<&NodeId> = graph.nodes.iter().map(|n| &n.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), graph.nodes.len(), "{name}: node ids are unique");
        for edge in &graph.edges {
            let from = graph
                .node(&edge.from)
                .unwrap_or_else(|| panic!("{name}: {edge:?}"));
            let to = graph
                .node(&edge.to)
                .unwrap_or_else(|| panic!("{name}: {edge:?}"));
            assert_eq!(from.scope, to.scope, "{name}: {edge:?} stays in one scope");
            if to.kind == NodeKind::Missing {
                assert!(!from.problems.is_empty(), "{name}: {edge:?} is flagged");
            }
        }
        for node in graph.states() {
            assert!(
                !node.summary.is_empty(),
                "{name}: {} has a summary",
                node.id
            );
            assert!(graph.scope(&node.scope).is_some(), "{name}: {}", node.id);
        }
        if !common::is_invalid_workflow(&path) {
            assert!(
                !graph.nodes.iter().any(|n| n.kind == NodeKind::Missing),
                "{name}: a valid workflow has no missing states"
            );
        }
        workflows += 1;
        states += graph.states().count();
        edges += graph.edges.len();
        scopes += graph.scopes.len();
    }
    println!(
        "graph corpus: {workflows} workflows, {states} states, {edges} edges, {scopes} scopes"
    );
    assert_eq!(workflows, 201);
}
