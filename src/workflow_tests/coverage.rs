//! Coverage: which states a workflow's tests entered and which transitions they took, read from
//! the runs as the canvas reads them (`statecraft_export::RunView`: the transition taken at each
//! event), so the table, the JSON and the drawing agree with what a run shows.

use std::collections::BTreeSet;

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
}

impl Coverage {
    /// Adds one run (its events as outlines, in history order).
    pub fn add_run(&mut self, graph: &Graph, events: &[Value]) {
        let mut view = RunView::default();
        view.extend(graph, events);
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

    /// The report for `graph`: each state and transition, reached or not.
    pub fn report(&self, graph: &Graph) -> CoverageReport {
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
        CoverageReport {
            states,
            transitions,
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
}

impl CoverageReport {
    /// "9/12 states, 11/17 transitions".
    pub fn summary(&self) -> String {
        let entered = self.states.iter().filter(|s| s.entered).count();
        let taken = self.transitions.iter().filter(|t| t.taken).count();
        format!(
            "{entered}/{} states, {taken}/{} transitions",
            self.states.len(),
            self.transitions.len()
        )
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
