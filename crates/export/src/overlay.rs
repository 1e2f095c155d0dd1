//! Run overlays: a history (the simulator's result, or AWS's `GetExecutionHistory` response) read
//! as a status per state and a sequence of steps to replay.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use statecraft_asl::graph::{Graph, NodeId, NodeKind, ScopeId};
use statecraft_asl::model::StateType;

use crate::display::ITERATIONS_TOOLTIP;
use crate::marks::{
    Badge, BadgeTone, EdgeLook, EdgeMark, HeaderNote, Legend, Marks, StateLook, StateMark,
};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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
    #[default]
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
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// How many times each state was retried (states never retried are left out).
    pub retries: BTreeMap<NodeId, u32>,
    /// Map iterations by Map state: started, succeeded, failed.
    pub iterations: BTreeMap<NodeId, IterationCounts>,
    /// The transition just taken, drawn highlighted (set when a run is shown at a cursor).
    pub taken: Option<(NodeId, NodeId)>,
    /// The state the event at the cursor is about (set when a run is shown at a cursor).
    pub current: Option<NodeId>,
}

/// How a Map state's iterations fared so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IterationCounts {
    /// Started and not ended.
    pub running: u32,
    /// Succeeded.
    pub succeeded: u32,
    /// Failed.
    pub failed: u32,
    /// Stopped (the Map failed or the run was stopped).
    pub aborted: u32,
}

impl IterationCounts {
    /// A short text for the diagram: "3 succeeded · 1 failed · 2 running".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        for (count, word) in [
            (self.succeeded, "succeeded"),
            (self.failed, "failed"),
            (self.running, "running"),
            (self.aborted, "stopped"),
        ] {
            if count > 0 {
                parts.push(format!("{count} {word}"));
            }
        }
        if parts.is_empty() {
            "no iterations".to_owned()
        } else {
            parts.join(" \u{b7} ")
        }
    }
}

impl RunOverlay {
    /// The run as marks on the diagram: each state's status (states that never ran: "not run"),
    /// retries as a badge, a Map's iteration counts in its header, the transition just taken,
    /// and a legend of the statuses under the run's outcome.
    pub fn marks(&self) -> Marks {
        let mut states: HashMap<NodeId, StateMark> = HashMap::with_capacity(self.statuses.len());
        for (id, &status) in &self.statuses {
            states.entry(id.clone()).or_default().look = Some(StateLook::Run(status));
        }
        for (id, &retries) in &self.retries {
            states.entry(id.clone()).or_default().badge = Some(Badge {
                text: format!("\u{21bb} {retries}"),
                tooltip: format!(
                    "Retried {retries} time{}",
                    if retries == 1 { "" } else { "s" }
                ),
                tone: BadgeTone::Retry,
            });
        }
        for (id, counts) in &self.iterations {
            states.entry(id.clone()).or_default().note = Some(HeaderNote {
                text: counts.summary(),
                tooltip: ITERATIONS_TOOLTIP.to_owned(),
            });
        }
        let edges = self
            .taken
            .iter()
            .map(|(from, to)| EdgeMark {
                from: from.clone(),
                to: to.clone(),
                kind: None,
                look: EdgeLook::Taken,
            })
            .collect();
        Marks {
            unmarked: Some(StateLook::Run(StateStatus::NotRun)),
            states,
            edges,
            legend: Some(Legend {
                title: format!(
                    "Run {}",
                    self.run_status
                        .as_str()
                        .to_ascii_lowercase()
                        .replace('_', " ")
                ),
                states: StateStatus::ALL
                    .iter()
                    .map(|&s| StateLook::Run(s))
                    .collect(),
                edges: Vec::new(),
            }),
            keep_problems: false,
        }
    }

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
        let mut nodes = EventNodes::default();
        let mut replayer = Replayer {
            graph,
            state: ReplayState::default(),
            steps: Some(Vec::new()),
        };
        for (index, event) in events.iter().enumerate() {
            replayer.read(index, event, &mut nodes);
        }
        let mut overlay = replayer.overlay();
        overlay.steps = replayer.steps.take().unwrap_or_default();
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

/// What the replay knows after some events: everything that a later event can change. Cheap to
/// clone (it grows with the graph, not with the history), so [`crate::RunView`] keeps copies of
/// it every few events.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReplayState {
    /// The latest status of each node that ran.
    statuses: BTreeMap<NodeId, StateStatus>,
    /// The most telling status of each node so far (what the whole run shows).
    worst: BTreeMap<NodeId, StateStatus>,
    /// Nodes entered and not exited, most recent last.
    active: Vec<NodeId>,
    /// Nodes whose last visit failed and that have not been resolved yet (caught or not).
    failed: Vec<NodeId>,
    run_status: RunStatus,
    error: Option<String>,
    cause: Option<String>,
    retries: BTreeMap<NodeId, u32>,
    iterations: BTreeMap<NodeId, IterationCounts>,
    /// The transition taken by the last event that took one.
    last_edge: Option<(NodeId, NodeId)>,
    /// The node the last event was about.
    last_node: Option<NodeId>,
}

/// The node each event belongs to, by event id: written once per event as the history is read,
/// and only read for earlier events, so snapshots share it instead of copying it.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventNodes {
    /// By event id, once some event's id was not its index + 1 (until then `by_index` answers).
    by_id: BTreeMap<i64, NodeId>,
    by_index: Vec<Option<NodeId>>,
    /// True once an event had no id, or an id other than its index + 1 (AWS and the simulator
    /// number events from 1, in order).
    sparse: bool,
}

impl EventNodes {
    fn get(&self, id: i64) -> Option<&NodeId> {
        if self.sparse {
            return self.by_id.get(&id);
        }
        let index = usize::try_from(id).ok()?.checked_sub(1)?;
        self.at(index)
    }

    /// The node event `index` (in history order) belongs to, when one does.
    pub(crate) fn at(&self, index: usize) -> Option<&NodeId> {
        self.by_index.get(index).and_then(Option::as_ref)
    }

    fn record(&mut self, index: usize, id: Option<i64>, node: Option<&NodeId>) {
        if index < self.by_index.len() {
            return;
        }
        let numbered = id.is_some_and(|id| usize::try_from(id).ok() == index.checked_add(1));
        if !self.sparse && !numbered {
            // Ids no longer follow the order: index the events read so far by id.
            self.sparse = true;
            self.by_id = self
                .by_index
                .iter()
                .enumerate()
                .filter_map(|(i, node)| Some((i as i64 + 1, node.clone()?)))
                .collect();
        }
        self.by_index.push(node.cloned());
        if self.sparse {
            if let (Some(id), Some(node)) = (id, node) {
                self.by_id.insert(id, node.clone());
            }
        }
    }
}

/// The members of an event the replay reads, found in one pass over it (an event has a handful
/// of members: comparing their names is quicker than hashing each name looked up).
#[derive(Debug, Default)]
struct EventFields<'e> {
    id: Option<i64>,
    previous: Option<i64>,
    event_type: &'e str,
    entered: Option<&'e str>,
    exited: Option<&'e str>,
}

impl<'e> EventFields<'e> {
    fn of(event: &'e Value) -> EventFields<'e> {
        let mut fields = EventFields::default();
        let Some(members) = event.as_object() else {
            return fields;
        };
        for (key, value) in members {
            match key.as_str() {
                "id" => fields.id = value.as_i64(),
                "previousEventId" => fields.previous = value.as_i64(),
                "type" => fields.event_type = value.as_str().unwrap_or(""),
                "stateEnteredEventDetails" => fields.entered = name_of(value),
                "stateExitedEventDetails" => fields.exited = name_of(value),
                _ => {}
            }
        }
        fields
    }
}

/// The `name` of an event's details.
fn name_of(details: &Value) -> Option<&str> {
    details
        .as_object()?
        .iter()
        .find(|(key, _)| key.as_str() == "name")?
        .1
        .as_str()
}

/// The node a state name means now: among the states with that name, the one inside the
/// innermost active container.
fn resolve(graph: &Graph, active: &[NodeId], name: &str) -> Option<NodeId> {
    let mut named = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::State && n.name == name)
        .map(|n| &n.id);
    let first = named.next()?;
    let Some(second) = named.next() else {
        // The usual case: one state has the name.
        return Some(first.clone());
    };
    let candidates: Vec<&NodeId> = [first, second].into_iter().chain(named).collect();
    for container in active.iter().rev() {
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
        .find(|c| graph.node(c).is_some_and(|n| n.scope.is_root()))
        .or(candidates.first())
        .map(|id| (*id).clone())
}

/// Reads events one at a time into a [`ReplayState`].
pub(crate) struct Replayer<'a> {
    pub(crate) graph: &'a Graph,
    pub(crate) state: ReplayState,
    /// Every change of a state's status, when they are wanted.
    pub(crate) steps: Option<Vec<RunStep>>,
}

impl Replayer<'_> {
    /// For `Parallel*` and `Map*` events: the innermost active state of that type.
    fn owner_by_type(&self, event_type: &str) -> Option<NodeId> {
        let state_type = if event_type.starts_with("Parallel") {
            StateType::Parallel
        } else if event_type.starts_with("Map") {
            StateType::Map
        } else {
            return None;
        };
        self.state
            .active
            .iter()
            .rev()
            .find(|n| self.graph.node(n).and_then(|g| g.state_type) == Some(state_type))
            .cloned()
    }

    fn set(&mut self, index: usize, event_type: &str, node: &NodeId, status: StateStatus) {
        if let Some(steps) = &mut self.steps {
            steps.push(RunStep {
                event_index: index,
                node_id: node.clone(),
                status,
                event_type: event_type.to_owned(),
            });
        }
        self.state.statuses.insert(node.clone(), status);
    }

    fn merge(&mut self, node: &NodeId, status: StateStatus) {
        merge(&mut self.state.worst, node, status);
    }

    fn scope_of(&self, node: &NodeId) -> Option<&ScopeId> {
        self.graph.node(node).map(|n| &n.scope)
    }

    /// Reads event `index` of the history. `nodes` learns which node it belongs to (the first
    /// time it is read) and tells the nodes of earlier events.
    pub(crate) fn read(&mut self, index: usize, event: &Value, nodes: &mut EventNodes) {
        let fields = EventFields::of(event);
        let node = self.read_event(index, event, &fields, nodes);
        nodes.record(index, fields.id, node.as_ref());
        self.state.last_node = node;
    }

    /// Reads event `index` again, with the nodes of every event already known.
    pub(crate) fn reread(&mut self, index: usize, event: &Value, nodes: &EventNodes) {
        let fields = EventFields::of(event);
        self.state.last_node = self.read_event(index, event, &fields, nodes);
    }

    fn read_event(
        &mut self,
        index: usize,
        event: &Value,
        fields: &EventFields<'_>,
        nodes: &EventNodes,
    ) -> Option<NodeId> {
        let EventFields {
            previous,
            event_type,
            entered,
            exited,
            ..
        } = *fields;
        let before = previous.and_then(|p| nodes.get(p)).cloned();
        // The node this event belongs to: named, or found through previousEventId, or the
        // most recently entered active state.
        let owner = self.owner_by_type(event_type).or_else(|| {
            before
                .clone()
                .filter(|n| self.state.active.contains(n))
                .or_else(|| self.state.active.last().cloned())
        });
        if let Some(name) = entered {
            let node = resolve(self.graph, &self.state.active, name)?;
            // Entering a state in the scope of an unresolved failure means a Catch sent the
            // run on.
            let scope = self.scope_of(&node).cloned();
            let caught: Vec<NodeId> = self
                .state
                .failed
                .iter()
                .filter(|f| self.scope_of(f) == scope.as_ref())
                .cloned()
                .collect();
            for f in caught {
                self.state.failed.retain(|x| *x != f);
                self.state.active.retain(|x| *x != f);
                self.set(index, event_type, &f, StateStatus::Caught);
                self.merge(&f, StateStatus::Caught);
            }
            // The transition taken: from the state whose event led here (its exit, or the
            // failure a Catch took), or from the start of the scope.
            let from = before
                .filter(|b| *b != node && self.scope_of(b) == scope.as_ref())
                .or_else(|| {
                    let scope = scope.as_ref()?;
                    scope.is_root().then_some(NodeId::Start)
                });
            self.state.last_edge = from.map(|f| (f, node.clone()));
            self.state.active.push(node.clone());
            self.state.failed.retain(|x| *x != node);
            let is_fail =
                self.graph.node(&node).and_then(|n| n.state_type) == Some(StateType::Fail);
            if is_fail {
                self.set(index, event_type, &node, StateStatus::Failed);
                self.state.failed.push(node.clone());
            } else {
                self.set(index, event_type, &node, StateStatus::InProgress);
            }
            return Some(node);
        }
        if let Some(name) = exited {
            let node = self
                .state
                .active
                .iter()
                .rev()
                .find(|n| self.graph.node(n).is_some_and(|g| g.name == name))
                .cloned()
                .or_else(|| resolve(self.graph, &self.state.active, name))?;
            self.state.active.retain(|x| *x != node);
            let status = if self.state.failed.contains(&node) {
                self.state.failed.retain(|x| *x != node);
                StateStatus::Caught
            } else {
                StateStatus::Succeeded
            };
            self.set(index, event_type, &node, status);
            self.merge(&node, status);
            return Some(node);
        }
        match event_type {
            "ExecutionSucceeded" => {
                self.state.run_status = RunStatus::Succeeded;
                if let Some(last) =
                    before.filter(|b| self.scope_of(b).is_some_and(ScopeId::is_root))
                {
                    self.state.last_edge = Some((last, NodeId::End));
                }
                None
            }
            "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted" => {
                self.state.run_status = match event_type {
                    "ExecutionFailed" => RunStatus::Failed,
                    "ExecutionTimedOut" => RunStatus::TimedOut,
                    _ => RunStatus::Aborted,
                };
                let details = event
                    .as_object()
                    .and_then(|o| o.iter().find(|(k, _)| k.ends_with("EventDetails")))
                    .map(|(_, v)| v);
                self.state.error = details
                    .and_then(|d| d.get("error"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                self.state.cause = details
                    .and_then(|d| d.get("cause"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                // What failed stays failed; whatever else was running was stopped.
                for node in std::mem::take(&mut self.state.failed) {
                    self.state.active.retain(|x| *x != node);
                    self.merge(&node, StateStatus::Failed);
                }
                for node in std::mem::take(&mut self.state.active) {
                    self.set(index, event_type, &node, StateStatus::Cancelled);
                    self.merge(&node, StateStatus::Cancelled);
                }
                None
            }
            t if t.starts_with("MapIteration") => {
                let node = owner?;
                let counts = self.state.iterations.entry(node.clone()).or_default();
                match t {
                    "MapIterationStarted" => counts.running += 1,
                    "MapIterationSucceeded" => {
                        counts.running = counts.running.saturating_sub(1);
                        counts.succeeded += 1;
                    }
                    "MapIterationFailed" => {
                        counts.running = counts.running.saturating_sub(1);
                        counts.failed += 1;
                    }
                    "MapIterationAborted" => {
                        counts.running = counts.running.saturating_sub(1);
                        counts.aborted += 1;
                    }
                    _ => {}
                }
                Some(node)
            }
            t if is_state_failure(t) => {
                let node = owner?;
                if !self.state.failed.contains(&node) {
                    self.state.failed.push(node.clone());
                }
                self.set(index, event_type, &node, StateStatus::Failed);
                Some(node)
            }
            t if t.ends_with("Aborted") && !t.starts_with("Execution") => {
                let node = owner?;
                self.state.active.retain(|x| *x != node);
                self.set(index, event_type, &node, StateStatus::Cancelled);
                self.merge(&node, StateStatus::Cancelled);
                Some(node)
            }
            _ => {
                let node = owner?;
                // A retry after a failure: the state runs again.
                if is_restart(event_type) && self.state.failed.contains(&node) {
                    self.state.failed.retain(|x| *x != node);
                    *self.state.retries.entry(node.clone()).or_default() += 1;
                    self.set(index, event_type, &node, StateStatus::InProgress);
                }
                Some(node)
            }
        }
    }

    /// The overlay the events read so far show, as if the history ended here.
    pub(crate) fn overlay(&self) -> RunOverlay {
        let state = &self.state;
        let mut worst = state.worst.clone();
        // Still unresolved: what failed shows failed, what runs shows running.
        for node in &state.failed {
            merge(&mut worst, node, StateStatus::Failed);
        }
        for node in state.active.iter().filter(|n| !state.failed.contains(n)) {
            merge(&mut worst, node, StateStatus::InProgress);
        }
        // Nodes that only ever succeeded or were in progress keep their last status.
        for (node, status) in &state.statuses {
            worst.entry(node.clone()).or_insert(*status);
        }
        RunOverlay {
            statuses: worst,
            steps: Vec::new(),
            run_status: state.run_status,
            error: state.error.clone(),
            cause: state.cause.clone(),
            retries: state.retries.clone(),
            iterations: state.iterations.clone(),
            taken: None,
            current: None,
        }
    }

    /// The edge the last transition took, and the node of the last event.
    pub(crate) fn cursor(&self) -> (Option<(NodeId, NodeId)>, Option<NodeId>) {
        (self.state.last_edge.clone(), self.state.last_node.clone())
    }
}

/// Keeps the more telling of two statuses of one node.
fn merge(map: &mut BTreeMap<NodeId, StateStatus>, node: &NodeId, status: StateStatus) {
    let entry = map.entry(node.clone()).or_insert(status);
    if status.rank() > entry.rank() {
        *entry = status;
    }
}

/// Events that say the current state failed (its task, its branches, its iterations): the one
/// rule the overlay, the designer's timeline and its list of failed attempts share.
pub fn is_state_failure(event_type: &str) -> bool {
    if event_type.starts_with("Execution") || event_type.starts_with("MapIteration") {
        return false;
    }
    event_type.ends_with("Failed")
        || event_type.ends_with("TimedOut")
        || event_type.ends_with("StartFailed")
        || event_type.ends_with("SubmitFailed")
}

/// Events that start a state's work again (a retry after a failure).
pub fn is_restart(event_type: &str) -> bool {
    event_type.ends_with("Scheduled")
        || event_type == "ParallelStateStarted"
        || event_type == "MapStateStarted"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> NodeId {
        NodeId::state(format!("/States/{name}"))
    }

    /// Events numbered 1, 2, 3… are found by their index; once an id breaks the order (or is
    /// missing), by id, and every earlier event is still found.
    #[test]
    fn event_nodes_are_found_by_id_in_and_out_of_order() {
        let mut nodes = EventNodes::default();
        let mut expected: BTreeMap<i64, NodeId> = BTreeMap::new();
        let events: [(Option<i64>, Option<&str>); 7] = [
            (Some(1), Some("A")),
            (Some(2), None),
            (Some(3), Some("B")),
            (Some(7), Some("C")),
            (None, Some("D")),
            (Some(5), Some("E")),
            (Some(3), Some("F")),
        ];
        for (index, (id, name)) in events.iter().enumerate() {
            let named = name.map(node);
            nodes.record(index, *id, named.as_ref());
            if let (Some(id), Some(named)) = (id, named) {
                expected.insert(*id, named);
            }
            for id in -1..10 {
                assert_eq!(
                    nodes.get(id),
                    expected.get(&id),
                    "id {id} after event {index}"
                );
            }
            assert_eq!(nodes.at(index), name.map(node).as_ref());
        }
        assert!(nodes.sparse);

        let mut in_order = EventNodes::default();
        for index in 0..100 {
            in_order.record(index, Some(index as i64 + 1), Some(&node("A")));
        }
        assert!(!in_order.sparse && in_order.by_id.is_empty());
        assert_eq!(in_order.get(100), Some(&node("A")));
        assert_eq!(in_order.get(101), None);
        assert_eq!(in_order.get(0), None);
    }
}
