//! The semantic diff: the largest corpus workflow against a changed copy (a state renamed, one
//! deleted, a field set, a catcher added; budget 2 ms), and two generated 500-state workflows
//! with a few states renamed, changed and removed (budget 20 ms).

use std::hint::black_box;

mod common;

use common::largest_workflow;
use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::{json, Map, Value};
use statecraft_asl::diff::diff;
use statecraft_asl::edit::Edit;
use statecraft_asl::format::json_text;
use statecraft_asl::graph::Graph;
use statecraft_asl::{gesture, Document, Format};

/// The largest workflow with a few gestures applied: a rename, a deletion, a field set, a
/// catcher added where one can be.
fn changed_copy(doc: &Document) -> Document {
    let graph = Graph::from_document(doc);
    let states: Vec<String> = graph
        .states()
        .filter(|n| n.type_text.is_some())
        .filter_map(|n| n.id.state_pointer().map(str::to_owned))
        .collect();
    let pick = |at: usize| states[at * states.len() / 4].clone();
    let mut out = doc.clone();
    let rename =
        gesture::rename_state(&out, &pick(1), "Renamed by the benchmark").expect("renames");
    out = out.apply(&rename).expect("applies");
    let set = Edit::SetField {
        pointer: pick(3),
        key: "Comment".into(),
        value: json!("Changed by the benchmark"),
    };
    out = out.apply(&set).expect("applies");
    let delete = gesture::delete_states(&out, &[pick(2)]).expect("deletes");
    out.apply(&delete).expect("applies")
}

/// The name of step `i` in a generated workflow.
fn step(i: usize, changed: bool) -> String {
    if changed && [37, 120, 250, 333, 480].contains(&i) {
        format!("Step {i} (renamed)")
    } else {
        format!("Step {i}")
    }
}

fn task(function: &str, timeout: u64, next: Option<String>) -> Value {
    let mut state = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function, "Payload.$": "$"},
        "Retry": [
            {"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2.0}
        ],
        "TimeoutSeconds": timeout,
    });
    let obj = state.as_object_mut().expect("an object");
    match next {
        Some(next) => obj.insert("Next".into(), json!(next)),
        None => obj.insert("End".into(), json!(true)),
    };
    state
}

/// A scope of `count` chained Pass and Task states named after `prefix`.
fn little_scope(prefix: &str, count: usize) -> Value {
    let mut states = Map::new();
    for s in 0..count {
        let name = format!("{prefix} step {s}");
        let next = (s + 1 < count).then(|| format!("{prefix} step {}", s + 1));
        states.insert(name, task(&format!("{prefix}-{s}"), 10, next));
    }
    json!({"StartAt": format!("{prefix} step 0"), "States": states})
}

/// A generated workflow of `n` top-level states (Tasks with retries and a catcher, a Choice every
/// ten, a Parallel and a Map every ten with nested states). The changed version has five states
/// renamed, five with a field changed and three removed.
fn generated(n: usize, changed: bool) -> Document {
    let removed = [60, 200, 410];
    let edited = [15, 99, 260, 301, 444];
    let alive: Vec<usize> = (0..n)
        .filter(|i| !(changed && removed.contains(i)))
        .collect();
    let mut states = Map::new();
    for (k, &i) in alive.iter().enumerate() {
        let next = alive.get(k + 1).map(|&j| step(j, changed));
        let state = match i % 10 {
            0 if i > 0 => json!({
                "Type": "Choice",
                "Choices": [{"Variable": "$.count", "NumericGreaterThan": i, "Next": next.clone().unwrap_or_else(|| "Handle failure".into())}],
                "Default": "Handle failure"
            }),
            5 => {
                let mut p = json!({
                    "Type": "Parallel",
                    "Branches": [little_scope(&format!("Step {i} left"), 2), little_scope(&format!("Step {i} right"), 2)],
                });
                let obj = p.as_object_mut().expect("an object");
                match &next {
                    Some(next) => obj.insert("Next".into(), json!(next)),
                    None => obj.insert("End".into(), json!(true)),
                };
                p
            }
            7 => {
                let mut m = json!({
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemProcessor": little_scope(&format!("Step {i} item"), 2),
                });
                let obj = m.as_object_mut().expect("an object");
                match &next {
                    Some(next) => obj.insert("Next".into(), json!(next)),
                    None => obj.insert("End".into(), json!(true)),
                };
                m
            }
            _ => {
                let timeout = if changed && edited.contains(&i) {
                    60
                } else {
                    30
                };
                let mut t = task(&format!("step-{i}"), timeout, next);
                t["Catch"] = json!([{"ErrorEquals": ["States.ALL"], "Next": "Handle failure"}]);
                t
            }
        };
        states.insert(step(i, changed), state);
    }
    states.insert(
        "Handle failure".into(),
        json!({"Type": "Fail", "Error": "Failed"}),
    );
    let value = json!({"Comment": "generated", "StartAt": step(0, changed), "States": states});
    Document::parse(json_text(&value), Format::Json).expect("parses")
}

/// The document with every state renamed (a new naming convention): the worst case for
/// recognising renames.
fn all_renamed(doc: &Document) -> Document {
    let text = doc.text().replace("\"Step ", "\"Stage ");
    Document::parse(text, Format::Json).expect("parses")
}

fn diffs(c: &mut Criterion) {
    let doc = largest_workflow();
    let changed = changed_copy(&doc);
    let d = diff(&doc, &changed);
    assert!(!d.is_empty());
    c.bench_function("diff the largest workflow against a changed copy", |b| {
        b.iter(|| black_box(diff(black_box(&doc), black_box(&changed))))
    });

    let (old, new) = (generated(500, false), generated(500, true));
    let d = diff(&old, &new);
    let renamed = d
        .states
        .iter()
        .filter(|s| s.kind == statecraft_asl::diff::ChangeKind::Renamed)
        .count();
    assert_eq!(renamed, 5, "the generated renames are recognised");
    c.bench_function("diff two 500-state workflows", |b| {
        b.iter(|| black_box(diff(black_box(&old), black_box(&new))))
    });

    let every = all_renamed(&old);
    let d = diff(&old, &every);
    let renamed = d
        .states
        .iter()
        .filter(|s| s.kind == statecraft_asl::diff::ChangeKind::Renamed)
        .count();
    println!(
        "every state renamed: {renamed} of {} states recognised as renamed, {} transitions reported",
        Graph::from_document(&old).states().count(),
        d.transitions.len()
    );
    c.bench_function(
        "diff a 500-state workflow against itself with every state renamed",
        |b| b.iter(|| black_box(diff(black_box(&old), black_box(&every)))),
    );
}

criterion_group!(benches, diffs);
criterion_main!(benches);
