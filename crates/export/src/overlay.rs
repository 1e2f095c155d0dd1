//! Run overlays: a history (the simulator's result, or AWS's `GetExecutionHistory` response) read
//! as a status per state and a sequence of steps to replay.

use std::collections::BTreeMap;

use serde_json::Value;
use statecraft_asl::graph::{Graph, NodeId, NodeKind, ScopeId};
use statecraft_asl::model::StateType;

use crate::ExportError;

/// How a state fared in a run, with the console's meaning (and colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateStatus {
    /// Ran and finished (green).
    Succeeded,
    /// Failed, and the failure ended its scope (red).
    Failed,
    /// Failed, and a `Catch` sent the run on (orange).
    Caught,
    /// Entered and not finished (blue).
    InProgress,
    /// Stopped because the run (or its branch) was stopped (grey).
    Cancelled,
    /// Never entered (white, dashed border).
    NotRun,
}

impl StateStatus {
    /// Every status, in the order legends list them.
    pub const ALL: [StateStatus; 6] = [
        StateStatus::Succeeded,
        StateStatus::Failed,
        StateStatus::Caught,
        StateStatus::InProgress,
        StateStatus::Cancelled,
        StateStatus::NotRun,
    ];

    /// A plain word for the status.
    pub fn as_str(self) -> &'static str {
        match self {
            StateStatus::Succeeded => "succeeded",
            StateStatus::Failed => "failed",
            StateStatus::Caught => "caught error",
            StateStatus::InProgress => "in progress",
            StateStatus::Cancelled => "cancelled",
            StateStatus::NotRun => "not run",
        }
    }

    /// A CSS-friendly name of the status.
    pub fn css_name(self) -> &'static str {
        match self {
            StateStatus::Succeeded => "succeeded",
            StateStatus::Failed => "failed",
            StateStatus::Caught => "caught",
            StateStatus::InProgress => "in-progress",
            StateStatus::Cancelled => "cancelled",
            StateStatus::NotRun => "not-run",
        }
    }

    /// Which status wins when a state ran several times (loops, Map iterations).
    fn rank(self) -> u8 {
        match self {
            StateStatus::Failed => 5,
            StateStatus::Caught => 4,
            StateStatus::InProgress => 3,
            StateStatus::Cancelled => 2,
            StateStatus::Succeeded => 1,
            StateStatus::NotRun => 0,
        }
    }
}

/// How the run as a whole ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunStatus {
    /// `SUCCEEDED`
    Succeeded,
    /// `FAILED`
    Failed,
    /// `TIMED_OUT`
    TimedOut,
    /// `ABORTED`
    Aborted,
    /// Still running (no closing event).
    Running,
}

impl RunStatus {
    /// The status as AWS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Succeeded => "SUCCEEDED",
            RunStatus::Failed => "FAILED",
            RunStatus::TimedOut => "TIMED_OUT",
            RunStatus::Aborted => "ABORTED",
            RunStatus::Running => "RUNNING",
        }
    }
}

/// One step of a replay: after event `event_index`, node `node_id` has `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunStep {
    /// Index of the event in the history's `events`.
    pub event_index: usize,
    /// The graph node the step is about.
    pub node_id: NodeId,
    /// The node's status after the step.
    pub status: StateStatus,
    /// The event's type, as recorded (`TaskStateEntered`, ...).
    pub event_type: String,
}

/// A run laid over a graph: a status per state node and the steps that led there.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOverlay {
    /// The final status of each state node that ran (by node id, sorted); other states did not run.
    pub statuses: BTreeMap<NodeId, StateStatus>,
    /// Every change of a state's status, in history order.
    pub steps: Vec<RunStep>,
    /// How the run ended.
    pub run_status: RunStatus,
    /// The run's error, when it failed.
    pub error: Option<String>,
    /// The run's cause, when it failed.
    pub cause: Option<String>,
}

impl RunOverlay {
    /// The status of a node (`NotRun` for states that never ran).
    pub fn status(&self, node_id: &NodeId) -> StateStatus {
        self.statuses
            .get(node_id)
            .copied()
            .unwrap_or(StateStatus::NotRun)
    }

    /// Reads a history from JSON text: `{"status", "output", "error", "cause", "events"}` as the
    /// simulator prints it, a recorded case holding that object under `expected`, or AWS's
    /// `GetExecutionHistory` response `{"events": [...]}`.
    pub fn from_json(graph: &Graph, text: &str) -> Result<RunOverlay, ExportError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ExportError::History(format!("not JSON: {e}")))?;
        RunOverlay::from_value(graph, &value)
    }

    /// Reads a history from a JSON value (see [`RunOverlay::from_json`]).
    pub fn from_value(graph: &Graph, value: &Value) -> Result<RunOverlay, ExportError> {
        let value = match value.get("expected") {
            Some(expected) if expected.get("events").is_some() => expected,
            _ => value,
        };
        let events = value
            .get("events")
            .and_then(Value::as_array)
            .ok_or_else(|| ExportError::History("there is no `events` array".to_owned()))?;
        let mut overlay = Replay::new(graph).run(events);
        if let Some(status) = value.get("status").and_then(Value::as_str) {
            overlay.run_status = match status {
                "SUCCEEDED" => RunStatus::Succeeded,
                "FAILED" => RunStatus::Failed,
                "TIMED_OUT" => RunStatus::TimedOut,
                "ABORTED" => RunStatus::Aborted,
                _ => overlay.run_status,
            };
        }
        for (key, slot) in [("error", &mut overlay.error), ("cause", &mut overlay.cause)] {
            if let Some(text) = value.get(key).and_then(Value::as_str) {
                *slot = Some(text.to_owned());
            }
        }
        Ok(overlay)
    }
}

/// The state of the replay while events are read.
struct Replay<'g> {
    graph: &'g Graph,
    statuses: BTreeMap<NodeId, StateStatus>,
    steps: Vec<RunStep>,
    /// Nodes entered and not exited, most recent last.
    active: Vec<NodeId>,
    /// Nodes whose last visit failed and that have not been resolved yet (caught or not).
    failed: Vec<NodeId>,
    /// Id of the node each event with an id belongs to, to follow `previousEventId`.
    node_of_event: BTreeMap<i64, NodeId>,
    run_status: RunStatus,
    error: Option<String>,
    cause: Option<String>,
}

impl<'g> Replay<'g> {
    fn new(graph: &'g Graph) -> Self {
        Replay {
            graph,
            statuses: BTreeMap::new(),
            steps: Vec::new(),
            active: Vec::new(),
            failed: Vec::new(),
            node_of_event: BTreeMap::new(),
            run_status: RunStatus::Running,
            error: None,
            cause: None,
        }
    }

    /// The node a state name means now: among the states with that name, the one inside the
    /// innermost active container.
    fn resolve(&self, name: &str) -> Option<NodeId> {
        let candidates: Vec<&NodeId> = self
            .graph
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::State && n.name == name)
            .map(|n| &n.id)
            .collect();
        if candidates.len() <= 1 {
            return candidates.first().map(|id| (*id).clone());
        }
        for container in self.active.iter().rev() {
            let Some(container) = container.pointer() else {
                continue;
            };
            let inside = format!("{container}/");
            if let Some(found) = candidates
                .iter()
                .filter_map(|c| c.pointer().map(|p| (c, p)))
                .filter(|(_, p)| p.starts_with(&inside))
                // The shallowest match: a direct child of the container's scopes.
                .min_by_key(|(_, p)| p.len())
            {
                return Some((*found.0).clone());
            }
        }
        candidates
            .iter()
            .find(|c| self.graph.node(c).is_some_and(|n| n.scope.is_root()))
            .or(candidates.first())
            .map(|id| (*id).clone())
    }

    /// For `Parallel*` and `Map*` events: the innermost active state of that type.
    fn owner_by_type(&self, event_type: &str) -> Option<NodeId> {
        let state_type = if event_type.starts_with("Parallel") {
            StateType::Parallel
        } else if event_type.starts_with("Map") {
            StateType::Map
        } else {
            return None;
        };
        self.active
            .iter()
            .rev()
            .find(|n| self.graph.node(n).and_then(|g| g.state_type) == Some(state_type))
            .cloned()
    }

    fn set(&mut self, index: usize, event_type: &str, node: &NodeId, status: StateStatus) {
        self.steps.push(RunStep {
            event_index: index,
            node_id: node.clone(),
            status,
            event_type: event_type.to_owned(),
        });
        let entry = self.statuses.entry(node.clone()).or_insert(status);
        *entry = status;
    }

    fn scope_of(&self, node: &NodeId) -> Option<&ScopeId> {
        self.graph.node(node).map(|n| &n.scope)
    }

    fn run(mut self, events: &[Value]) -> RunOverlay {
        let mut worst: BTreeMap<NodeId, StateStatus> = BTreeMap::new();
        for (index, event) in events.iter().enumerate() {
            let event_type = event.get("type").and_then(Value::as_str).unwrap_or("");
            let id = event.get("id").and_then(Value::as_i64);
            let previous = event.get("previousEventId").and_then(Value::as_i64);
            let entered = event
                .get("stateEnteredEventDetails")
                .and_then(|d| d.get("name"))
                .and_then(Value::as_str);
            let exited = event
                .get("stateExitedEventDetails")
                .and_then(|d| d.get("name"))
                .and_then(Value::as_str);
            // The node this event belongs to: named, or found through previousEventId, or the
            // most recently entered active state.
            let owner = self.owner_by_type(event_type).or_else(|| {
                previous
                    .and_then(|p| self.node_of_event.get(&p).cloned())
                    .filter(|n| self.active.contains(n))
                    .or_else(|| self.active.last().cloned())
            });
            if let Some(name) = entered {
                let Some(node) = self.resolve(name) else {
                    continue;
                };
                // Entering a state in the scope of an unresolved failure means a Catch sent the
                // run on.
                let scope = self.scope_of(&node).cloned();
                let caught: Vec<NodeId> = self
                    .failed
                    .iter()
                    .filter(|f| self.scope_of(f) == scope.as_ref())
                    .cloned()
                    .collect();
                for f in caught {
                    self.failed.retain(|x| *x != f);
                    self.active.retain(|x| *x != f);
                    self.set(index, event_type, &f, StateStatus::Caught);
                    merge(&mut worst, &f, StateStatus::Caught);
                }
                self.active.push(node.clone());
                self.failed.retain(|x| *x != node);
                let is_fail =
                    self.graph.node(&node).and_then(|n| n.state_type) == Some(StateType::Fail);
                if is_fail {
                    self.set(index, event_type, &node, StateStatus::Failed);
                    self.failed.push(node.clone());
                } else {
                    self.set(index, event_type, &node, StateStatus::InProgress);
                }
                if let Some(id) = id {
                    self.node_of_event.insert(id, node);
                }
                continue;
            }
            if let Some(name) = exited {
                let node = self
                    .active
                    .iter()
                    .rev()
                    .find(|n| self.graph.node(n).is_some_and(|g| g.name == name))
                    .cloned()
                    .or_else(|| self.resolve(name));
                let Some(node) = node else { continue };
                self.active.retain(|x| *x != node);
                let status = if self.failed.contains(&node) {
                    self.failed.retain(|x| *x != node);
                    StateStatus::Caught
                } else {
                    StateStatus::Succeeded
                };
                self.set(index, event_type, &node, status);
                merge(&mut worst, &node, status);
                if let Some(id) = id {
                    self.node_of_event.insert(id, node);
                }
                continue;
            }
            match event_type {
                "ExecutionSucceeded" => self.run_status = RunStatus::Succeeded,
                "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted" => {
                    self.run_status = match event_type {
                        "ExecutionFailed" => RunStatus::Failed,
                        "ExecutionTimedOut" => RunStatus::TimedOut,
                        _ => RunStatus::Aborted,
                    };
                    let details = event
                        .as_object()
                        .and_then(|o| o.iter().find(|(k, _)| k.ends_with("EventDetails")))
                        .map(|(_, v)| v);
                    self.error = details
                        .and_then(|d| d.get("error"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    self.cause = details
                        .and_then(|d| d.get("cause"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    // What failed stays failed; whatever else was running was stopped.
                    let failed = std::mem::take(&mut self.failed);
                    for node in failed {
                        self.active.retain(|x| *x != node);
                        merge(&mut worst, &node, StateStatus::Failed);
                    }
                    let stopped = StateStatus::Cancelled;
                    for node in std::mem::take(&mut self.active) {
                        self.set(index, event_type, &node, stopped);
                        merge(&mut worst, &node, stopped);
                    }
                }
                t if is_state_failure(t) => {
                    if let Some(node) = owner {
                        if !self.failed.contains(&node) {
                            self.failed.push(node.clone());
                        }
                        self.set(index, event_type, &node, StateStatus::Failed);
                        if let Some(id) = id {
                            self.node_of_event.insert(id, node);
                        }
                    }
                }
                t if t.ends_with("Aborted") && !t.starts_with("Execution") => {
                    if let Some(node) = owner {
                        self.active.retain(|x| *x != node);
                        self.set(index, event_type, &node, StateStatus::Cancelled);
                        merge(&mut worst, &node, StateStatus::Cancelled);
                    }
                }
                _ => {
                    if let Some(node) = owner {
                        // A retry after a failure: the state runs again.
                        if t_is_restart(event_type) && self.failed.contains(&node) {
                            self.failed.retain(|x| *x != node);
                            self.set(index, event_type, &node, StateStatus::InProgress);
                        }
                        if let Some(id) = id {
                            self.node_of_event.insert(id, node);
                        }
                    }
                }
            }
        }
        // Still unresolved at the end of the history.
        for node in self.failed.clone() {
            merge(&mut worst, &node, StateStatus::Failed);
            self.active.retain(|x| *x != node);
        }
        for node in self.active.clone() {
            merge(&mut worst, &node, StateStatus::InProgress);
        }
        // Nodes that only ever succeeded or were in progress keep their last status.
        for (node, status) in &self.statuses {
            worst.entry(node.clone()).or_insert(*status);
        }
        RunOverlay {
            statuses: worst,
            steps: self.steps,
            run_status: self.run_status,
            error: self.error,
            cause: self.cause,
        }
    }
}

/// Keeps the more telling of two statuses of one node.
fn merge(map: &mut BTreeMap<NodeId, StateStatus>, node: &NodeId, status: StateStatus) {
    let entry = map.entry(node.clone()).or_insert(status);
    if status.rank() > entry.rank() {
        *entry = status;
    }
}

/// Events that say the current state failed (its task, its branches, its iterations).
fn is_state_failure(event_type: &str) -> bool {
    if event_type.starts_with("Execution") || event_type.starts_with("MapIteration") {
        return false;
    }
    event_type.ends_with("Failed")
        || event_type.ends_with("TimedOut")
        || event_type.ends_with("StartFailed")
        || event_type.ends_with("SubmitFailed")
}

/// Events that start a state's work again (a retry after a failure).
fn t_is_restart(event_type: &str) -> bool {
    event_type.ends_with("Scheduled")
        || event_type == "ParallelStateStarted"
        || event_type == "MapStateStarted"
}
