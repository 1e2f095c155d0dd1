//! Coverage: which states a workflow's tests entered and which transitions they took, read from
//! the runs as the canvas reads them (`statecraft_export::RunView`: the transition taken at each
//! event), so the table, the JSON and the drawing agree with what a run shows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;
use statecraft_asl::graph::{EdgeKind, Graph, GraphEdge, NodeId, NodeKind};
use statecraft_asl::model::StateType;
use statecraft_export::{EdgeLook, EdgeMark, Legend, Marks, RunView, StateLook, StateMark};

/// What the tests reached.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// States entered by at least one test.
    pub entered: BTreeSet<NodeId>,
    /// Transitions taken by at least one test, as (from, to) node pairs (every transition between
    /// two states counts as taken when the run went from one to the other: a history does not
    /// say which of two rules with the same target matched).
    pub taken: BTreeSet<(NodeId, NodeId)>,
    /// Retriers that fired: the state and the retrier's index in its `Retry`.
    pub retriers_fired: BTreeSet<(NodeId, usize)>,
}

/// Each state's retriers: the errors each one names (`ErrorEquals`), in `Retry` order.
pub type Retriers = BTreeMap<NodeId, Vec<Vec<String>>>;

/// The retriers of every state of `definition` (its JSON value) that `graph` draws.
pub fn retriers_of(graph: &Graph, definition: &Value) -> Retriers {
    graph
        .states()
        .filter_map(|node| {
            let state = definition.pointer(node.id.state_pointer()?)?;
            let list: Vec<Vec<String>> = state
                .get("Retry")?
                .as_array()?
                .iter()
                .map(|r| {
                    r.get("ErrorEquals")
                        .and_then(Value::as_array)
                        .map(|e| {
                            e.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect();
            (!list.is_empty()).then(|| (node.id.clone(), list))
        })
        .collect()
}

/// The retrier that takes `error`: the first whose `ErrorEquals` names it, or `States.ALL`, or
/// `States.TaskFailed` (every error but `States.Timeout`).
fn retrier_for(retriers: &[Vec<String>], error: &str) -> Option<usize> {
    retriers.iter().position(|errors| {
        errors.iter().any(|e| {
            e == error
                || e == "States.ALL"
                || (e == "States.TaskFailed" && error != "States.Timeout")
        })
    })
}

/// The error of a failure event (`…Failed`, `…TimedOut`), when it is one.
fn failure_error(event: &Value) -> Option<String> {
    let kind = event.get("type").and_then(Value::as_str)?;
    if kind.ends_with("TimedOut") {
        return Some("States.Timeout".to_owned());
    }
    if !kind.ends_with("Failed")
        || kind.starts_with("Execution")
        || kind.starts_with("MapIteration")
    {
        return None;
    }
    event
        .as_object()?
        .iter()
        .find(|(k, _)| k.ends_with("EventDetails"))
        .and_then(|(_, d)| d.get("error"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

impl Coverage {
    /// Adds one run (its events as outlines, in history order); `retriers` says which retrier
    /// of a state takes which error.
    pub fn add_run(&mut self, graph: &Graph, retriers: &Retriers, events: &[Value]) {
        let mut view = RunView::default();
        view.extend(graph, events);
        // A retry: a state's failure followed, in its own line of events, by that state starting
        // its work again (not by leaving it, or a Catch).
        let mut next_of: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        for (index, event) in events.iter().enumerate() {
            if let Some(previous) = event.get("previousEventId").and_then(Value::as_i64) {
                next_of.entry(previous).or_insert(index);
            }
        }
        for (index, event) in events.iter().enumerate() {
            let Some(error) = failure_error(event) else {
                continue;
            };
            let Some(node) = view.node_of_event(index) else {
                continue;
            };
            let Some(list) = retriers.get(node) else {
                continue;
            };
            let id = event.get("id").and_then(Value::as_i64).unwrap_or(0);
            let retried = next_of.get(&id).is_some_and(|&next| {
                let kind = events[next]
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                view.node_of_event(next) == Some(node)
                    && !kind.ends_with("StateExited")
                    && failure_error(&events[next]).is_none()
            });
            if let (true, Some(at)) = (retried, retrier_for(list, &error)) {
                self.retriers_fired.insert((node.clone(), at));
            }
        }
        let last = view.at(graph, events, events.len());
        self.entered.extend(last.statuses.keys().cloned());
        for shown in 1..=events.len() {
            if let Some(taken) = view.at(graph, events, shown).taken {
                self.taken.insert(taken);
            }
        }
    }

    /// True when a test took `edge`. A Fail state's way to the end is taken by entering it (the
    /// run ends there; no event says "went to the end").
    pub fn is_taken(&self, graph: &Graph, edge: &GraphEdge) -> bool {
        if self.taken.contains(&(edge.from.clone(), edge.to.clone())) {
            return true;
        }
        edge.kind == EdgeKind::End
            && self.entered.contains(&edge.from)
            && graph
                .node(&edge.from)
                .is_some_and(|n| n.state_type == Some(StateType::Fail))
    }

    /// The report for `graph`: each state, transition and retrier, reached or not.
    pub fn report(&self, graph: &Graph, retriers: &Retriers) -> CoverageReport {
        let states: Vec<StateCoverage> = graph
            .states()
            .map(|n| StateCoverage {
                name: n.name.clone(),
                pointer: n.id.to_string(),
                entered: self.entered.contains(&n.id),
            })
            .collect();
        let name_of = |id: &NodeId| -> String {
            match graph.node(id) {
                Some(n) if n.kind == NodeKind::State => n.name.clone(),
                Some(n) if n.kind == NodeKind::Start => "Start".to_owned(),
                _ => "End".to_owned(),
            }
        };
        let transitions = graph
            .edges
            .iter()
            .filter(|e| counted(e))
            .map(|e| TransitionCoverage {
                from: name_of(&e.from),
                to: name_of(&e.to),
                how: how(&e.kind, e.label.as_deref()),
                taken: self.is_taken(graph, e),
            })
            .collect();
        let retriers = retriers
            .iter()
            .flat_map(|(id, list)| {
                list.iter()
                    .enumerate()
                    .map(move |(index, errors)| RetrierCoverage {
                        state: name_of(id),
                        index,
                        errors: errors.clone(),
                        fired: self.retriers_fired.contains(&(id.clone(), index)),
                    })
            })
            .collect();
        CoverageReport {
            states,
            transitions,
            retriers,
        }
    }

    /// Marks for the drawing: tested states and transitions green, untested ones dashed red.
    pub fn marks(&self, graph: &Graph) -> Marks {
        let mut marks = Marks {
            legend: Some(Legend {
                title: "Coverage".into(),
                states: vec![StateLook::Tested, StateLook::Untested],
                edges: vec![EdgeLook::Tested, EdgeLook::Untested],
            }),
            keep_problems: true,
            ..Marks::default()
        };
        for node in graph.states() {
            let look = if self.entered.contains(&node.id) {
                StateLook::Tested
            } else {
                StateLook::Untested
            };
            marks.states.insert(
                node.id.clone(),
                StateMark {
                    look: Some(look),
                    ..StateMark::default()
                },
            );
        }
        for edge in graph.edges.iter().filter(|e| counted(e)) {
            let taken = self.is_taken(graph, edge);
            marks.edges.push(EdgeMark {
                from: edge.from.clone(),
                to: edge.to.clone(),
                kind: Some(edge.kind.clone()),
                look: if taken {
                    EdgeLook::Tested
                } else {
                    EdgeLook::Untested
                },
            });
        }
        marks
    }
}

/// Transitions that coverage counts: between states, and to the end (not from the Start marker,
/// which every run takes).
fn counted(edge: &GraphEdge) -> bool {
    edge.kind != EdgeKind::Start
}

fn how(kind: &EdgeKind, label: Option<&str>) -> String {
    match kind {
        EdgeKind::Choice { index } => format!("rule {}", index + 1),
        EdgeKind::Default => "Default".into(),
        EdgeKind::Catch { .. } => format!("Catch {}", label.unwrap_or_default())
            .trim()
            .to_owned(),
        EdgeKind::End => "End".into(),
        _ => "Next".into(),
    }
}

/// Coverage of one workflow, for the table and the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageReport {
    /// Every state, entered or not.
    pub states: Vec<StateCoverage>,
    /// Every transition, taken or not.
    pub transitions: Vec<TransitionCoverage>,
    /// Every retrier, fired or not.
    pub retriers: Vec<RetrierCoverage>,
}

/// One retrier's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetrierCoverage {
    /// The state it retries.
    pub state: String,
    /// Its index in the state's `Retry`.
    pub index: usize,
    /// The errors it names.
    pub errors: Vec<String>,
    /// Whether it fired in a test.
    pub fired: bool,
}

impl CoverageReport {
    /// "9/12 states, 11/17 transitions, 1/2 retriers".
    pub fn summary(&self) -> String {
        let entered = self.states.iter().filter(|s| s.entered).count();
        let taken = self.transitions.iter().filter(|t| t.taken).count();
        let mut text = format!(
            "{entered}/{} states, {taken}/{} transitions",
            self.states.len(),
            self.transitions.len()
        );
        if !self.retriers.is_empty() {
            let fired = self.retriers.iter().filter(|r| r.fired).count();
            text.push_str(&format!(", {fired}/{} retriers", self.retriers.len()));
        }
        text
    }
}

/// One state's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateCoverage {
    /// Its name.
    pub name: String,
    /// Its JSON pointer in the definition.
    pub pointer: String,
    /// Whether a test entered it.
    pub entered: bool,
}

/// One transition's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionCoverage {
    /// The state it leaves.
    pub from: String,
    /// The state it goes to ("End" for the end).
    pub to: String,
    /// Which transition: Next, rule N, Default, Catch, End.
    pub how: String,
    /// Whether a test took it.
    pub taken: bool,
}
