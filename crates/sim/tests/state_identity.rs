//! Every state visit, running state and pending task names its state by the JSON pointer the
//! designer's graph uses as the state's node id, and its place by the branches and iterations
//! that hold it: names repeat across nested scopes, so nothing downstream matches by name.
//!
//! Each pointer is checked against `Graph::from_document` of the same text, and each path against
//! the graph's scopes around that node (a `Branch(i)` for a Parallel's branch `i`, an
//! `Iteration` for a Map's processor).

use std::sync::Arc;

use serde_json::{json, Value};
use statecraft_asl::graph::{Graph, NodeId, NodeKind, ScopeKind};
use statecraft_asl::{Document, Format};
use statecraft_sim::{
    Execution, ExecutionOptions, ExecutionStatus, PathStep, PendingKind, StepOutcome,
};

use PathStep::{Branch, Iteration};

/// A Parallel whose second branch holds a Map whose processor repeats a top-level name
/// (`Charge`), and a name that needs escaping in a pointer.
const NESTED: &str = r#"{
  "Comment": "Charge appears at the top level, in branch 1 and in the Map's processor",
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "ResultPath": "$.fanned",
      "Branches": [
        {"StartAt": "Charge", "States": {"Charge": {"Type": "Pass", "End": true}}},
        {"StartAt": "Ship", "States": {
          "Ship": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
              "ProcessorConfig": {"Mode": "INLINE"},
              "StartAt": "Charge",
              "States": {
                "Charge": {"Type": "Pass", "Next": "Pack/Label~1"},
                "Pack/Label~1": {"Type": "Pass", "End": true}
              }
            },
            "End": true
          }
        }}
      ],
      "Next": "Charge"
    },
    "Charge": {"Type": "Pass", "End": true}
  }
}"#;

/// A Map with the legacy `Iterator`, then a distributed Map whose processor holds a Parallel,
/// then a top-level state named as the states inside both.
const LEGACY_AND_DISTRIBUTED: &str = r#"{
  "StartAt": "Legacy",
  "States": {
    "Legacy": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "Iterator": {"StartAt": "Step", "States": {"Step": {"Type": "Pass", "End": true}}},
      "ResultPath": "$.legacy",
      "Next": "Distributed"
    },
    "Distributed": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Inner",
        "States": {
          "Inner": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "Step", "States": {"Step": {"Type": "Pass", "End": true}}}],
            "End": true
          }
        }
      },
      "ResultPath": "$.distributed",
      "Next": "Step"
    },
    "Step": {"Type": "Pass", "End": true}
  }
}"#;

/// A Parallel whose second branch asks for approval of each item (`.waitForTaskToken`), with
/// `Approve` also a name in the first branch and at the top level.
const APPROVALS: &str = r#"{
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "ResultPath": "$.fanned",
      "Branches": [
        {"StartAt": "Approve", "States": {"Approve": {"Type": "Pass", "End": true}}},
        {"StartAt": "Ask each", "States": {
          "Ask each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "ItemProcessor": {
              "StartAt": "Approve",
              "States": {
                "Approve": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"n.$": "$.n", "token.$": "$$.Task.Token"},
                  "End": true
                }
              }
            },
            "End": true
          }
        }}
      ],
      "Next": "Approve"
    },
    "Approve": {"Type": "Pass", "End": true}
  }
}"#;

/// The same approvals in a distributed Map at the top level.
const DISTRIBUTED_APPROVALS: &str = r#"{
  "StartAt": "Ask each",
  "States": {
    "Ask each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "Approve",
        "States": {
          "Approve": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"n.$": "$.n", "token.$": "$$.Task.Token"},
            "End": true
          }
        }
      },
      "End": true
    }
  }
}"#;

fn graph_of(text: &str) -> Graph {
    let document = Document::parse(text, Format::Json).expect("the definition parses");
    Graph::from_document(&document)
}

fn execution(text: &str, input: Value, record_states: bool) -> Execution {
    let definition: Value = serde_json::from_str(text).expect("JSON");
    let options = ExecutionOptions {
        record_states,
        ..ExecutionOptions::default()
    };
    Execution::from_value(&definition, input, options).expect("runnable")
}

/// The pointer is the id of a state node of the graph with this name, and the path crosses the
/// scopes that hold that node, outermost first: a Parallel's branch by its index, a Map's
/// processor by an iteration.
fn assert_identity(graph: &Graph, name: &str, pointer: &Arc<str>, path: &[PathStep]) {
    let node = graph
        .node(&NodeId::state(pointer.clone()))
        .unwrap_or_else(|| panic!("{pointer} is the id of a graph node"));
    assert_eq!(node.kind, NodeKind::State, "{pointer}");
    assert_eq!(node.name, name, "{pointer} is the node of {name}");
    let mut kinds = Vec::new();
    let mut scope = graph.scope(&node.scope).expect("the node's scope");
    while let Some(parent) = &scope.parent {
        kinds.push(scope.kind);
        scope = graph.scope(parent).expect("the parent scope");
    }
    kinds.reverse();
    assert_eq!(
        kinds.len(),
        path.len(),
        "{pointer}: path {path:?} for scopes {kinds:?}"
    );
    for (kind, step) in kinds.iter().zip(path) {
        match (kind, step) {
            (ScopeKind::Branch(scope_index), Branch(index)) => {
                assert_eq!(scope_index, index, "{pointer}: {path:?}")
            }
            (ScopeKind::MapProcessor, Iteration(_)) => {}
            _ => panic!("{pointer}: path {path:?} does not cross scopes {kinds:?}"),
        }
    }
}

/// The (pointer, path) of each record, sorted.
fn places<'a>(
    visits: impl Iterator<Item = (&'a Arc<str>, &'a Vec<PathStep>)>,
) -> Vec<(String, Vec<PathStep>)> {
    let mut out: Vec<(String, Vec<PathStep>)> = visits
        .map(|(pointer, path)| (pointer.to_string(), path.clone()))
        .collect();
    out.sort();
    out
}

fn expected(rows: &[(&str, Vec<PathStep>)]) -> Vec<(String, Vec<PathStep>)> {
    let mut out: Vec<(String, Vec<PathStep>)> = rows
        .iter()
        .map(|(pointer, path)| (pointer.to_string(), path.clone()))
        .collect();
    out.sort();
    out
}

#[test]
fn records_name_the_graph_node_and_the_branch_and_iteration() {
    let graph = graph_of(NESTED);
    let mut run = execution(NESTED, json!({"items": [10, 11, 12]}), true);
    assert_eq!(run.run(), StepOutcome::Finished);
    assert_eq!(run.status(), ExecutionStatus::Succeeded);
    let records = run.state_records();
    for record in records {
        assert_identity(&graph, &record.state_name, &record.pointer, &record.path);
    }
    let processor = "/States/Fan out/Branches/1/States/Ship/ItemProcessor/States";
    let charge = format!("{processor}/Charge");
    let pack = format!("{processor}/Pack~1Label~01");
    let mut rows = vec![
        ("/States/Fan out", vec![]),
        ("/States/Charge", vec![]),
        ("/States/Fan out/Branches/0/States/Charge", vec![Branch(0)]),
        ("/States/Fan out/Branches/1/States/Ship", vec![Branch(1)]),
    ];
    for i in 0..3 {
        rows.push((charge.as_str(), vec![Branch(1), Iteration(i)]));
        rows.push((pack.as_str(), vec![Branch(1), Iteration(i)]));
    }
    assert_eq!(
        places(records.iter().map(|r| (&r.pointer, &r.path))),
        expected(&rows)
    );
    // Each iteration's path names the item it ran on.
    for record in records.iter().filter(|r| *r.pointer == *charge) {
        let [Branch(1), Iteration(i)] = record.path[..] else {
            panic!("{:?}", record.path);
        };
        assert_eq!(*record.input, json!(10 + i), "iteration {i}");
    }
    // The human location is kept as it was.
    let top = records
        .iter()
        .find(|r| &*r.pointer == "/States/Charge")
        .expect("the top-level Charge");
    assert_eq!(top.location, "");
    let inner = records
        .iter()
        .find(|r| *r.pointer == *charge && r.path == [Branch(1), Iteration(2)])
        .expect("the third item's Charge");
    assert_eq!(inner.location, "Fan out branch 2 / Ship item 2");
}

#[test]
fn legacy_iterator_and_distributed_processors_have_their_graph_pointers() {
    let graph = graph_of(LEGACY_AND_DISTRIBUTED);
    let mut run = execution(LEGACY_AND_DISTRIBUTED, json!({"items": ["a", "b"]}), true);
    assert_eq!(run.run(), StepOutcome::Finished);
    assert_eq!(run.status(), ExecutionStatus::Succeeded);
    let records = run.state_records();
    for record in records {
        assert_identity(&graph, &record.state_name, &record.pointer, &record.path);
    }
    let legacy = "/States/Legacy/Iterator/States/Step";
    let inner = "/States/Distributed/ItemProcessor/States/Inner";
    let deep = "/States/Distributed/ItemProcessor/States/Inner/Branches/0/States/Step";
    let mut rows = vec![
        ("/States/Legacy", vec![]),
        ("/States/Distributed", vec![]),
        ("/States/Step", vec![]),
    ];
    for i in 0..2 {
        rows.push((legacy, vec![Iteration(i)]));
        rows.push((inner, vec![Iteration(i)]));
        rows.push((deep, vec![Iteration(i), Branch(0)]));
    }
    assert_eq!(
        places(records.iter().map(|r| (&r.pointer, &r.path))),
        expected(&rows)
    );
}

#[test]
fn pending_tasks_and_running_states_name_their_iteration() {
    let graph = graph_of(APPROVALS);
    let items = json!({"items": [{"n": 0}, {"n": 1}, {"n": 2}]});
    let mut run = execution(APPROVALS, items, true);
    assert_eq!(run.run(), StepOutcome::Paused);

    let approve = "/States/Fan out/Branches/1/States/Ask each/ItemProcessor/States/Approve";
    let pending = run.pending_tasks();
    assert_eq!(pending.len(), 3);
    for task in &pending {
        assert_eq!(task.kind, PendingKind::Callback);
        assert_identity(&graph, &task.state_name, &task.pointer, &task.path);
        assert_eq!(&*task.pointer, approve);
        let n = task.input["n"].as_u64().expect("n") as usize;
        assert_eq!(task.path, [Branch(1), Iteration(n)], "item {n}'s task");
    }

    let active = run.current_states();
    for state in &active {
        assert_identity(&graph, &state.state_name, &state.pointer, &state.path);
    }
    let mut rows = vec![
        ("/States/Fan out", vec![]),
        (
            "/States/Fan out/Branches/1/States/Ask each",
            vec![Branch(1)],
        ),
    ];
    for i in 0..3 {
        rows.push((approve, vec![Branch(1), Iteration(i)]));
    }
    assert_eq!(
        places(active.iter().map(|s| (&s.pointer, &s.path))),
        expected(&rows)
    );

    for task in &pending {
        run.send_task_success(&task.token, json!({"ok": task.input["n"]}))
            .expect("answered");
    }
    assert_eq!(run.run(), StepOutcome::Finished);
    assert_eq!(run.status(), ExecutionStatus::Succeeded);
    for record in run.state_records() {
        assert_identity(&graph, &record.state_name, &record.pointer, &record.path);
    }
    let answered: Vec<_> = run
        .state_records()
        .iter()
        .filter(|r| &*r.pointer == approve)
        .map(|r| (r.path.clone(), r.output.as_deref().cloned()))
        .collect();
    assert_eq!(answered.len(), 3);
    for (path, output) in answered {
        let [Branch(1), Iteration(i)] = path[..] else {
            panic!("{path:?}");
        };
        assert_eq!(output, Some(json!({"ok": i})));
    }
}

#[test]
fn pending_tasks_of_a_distributed_map_name_their_iteration() {
    let graph = graph_of(DISTRIBUTED_APPROVALS);
    let items = json!({"items": [{"n": 0}, {"n": 1}]});
    let mut run = execution(DISTRIBUTED_APPROVALS, items, false);
    assert_eq!(run.run(), StepOutcome::Paused);
    let pending = run.pending_tasks();
    assert_eq!(pending.len(), 2);
    for task in &pending {
        assert_identity(&graph, &task.state_name, &task.pointer, &task.path);
        assert_eq!(
            &*task.pointer,
            "/States/Ask each/ItemProcessor/States/Approve"
        );
        let n = task.input["n"].as_u64().expect("n") as usize;
        assert_eq!(task.path, [Iteration(n)]);
    }
    // The child executions' states are not drawn as running; the Map is.
    let active = run.current_states();
    assert_eq!(
        places(active.iter().map(|s| (&s.pointer, &s.path))),
        expected(&[("/States/Ask each", vec![])])
    );
}

#[test]
fn pointers_are_shared_with_the_plan_not_built_per_visit() {
    let mut run = execution(NESTED, json!({"items": [1, 2]}), true);
    run.run();
    let charges: Vec<&Arc<str>> = run
        .state_records()
        .iter()
        .filter(|r| r.path.len() == 2 && r.state_name == "Charge")
        .map(|r| &r.pointer)
        .collect();
    assert_eq!(charges.len(), 2);
    assert!(Arc::ptr_eq(charges[0], charges[1]));
}

#[test]
fn records_do_not_change_the_history() {
    let cases = [
        (NESTED, json!({"items": [10, 11, 12]})),
        (LEGACY_AND_DISTRIBUTED, json!({"items": ["a", "b"]})),
    ];
    for (text, input) in cases {
        let mut plain = execution(text, input.clone(), false);
        let mut recorded = execution(text, input, true);
        plain.run();
        recorded.run();
        assert!(plain.state_records().is_empty());
        assert!(!recorded.state_records().is_empty());
        assert_eq!(
            serde_json::to_string(&plain.result_json()).expect("text"),
            serde_json::to_string(&recorded.result_json()).expect("text")
        );
    }
}
