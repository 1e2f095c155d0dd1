//! Map iterations of a run: which iteration each event belongs to, the iterations of a Map with
//! how each fared, and the diagram with one iteration's path painted in the processor (the
//! console's Map iteration viewer).
//!
//! An event belongs to the iteration its `previousEventId` chain leads back to: AWS (and the
//! simulator) start each iteration with `MapIterationStarted`, and every event of the iteration
//! follows from the one before it in that iteration.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use statecraft_asl::graph::{Graph, NodeId};

use crate::overlay::{ReplayState, Replayer, RunOverlay, StateStatus};
use crate::run_view::RunView;

/// Where an event happened: the Map iterations around it, outermost first, as (Map state, index).
pub type IterationPath = Arc<Vec<(NodeId, u32)>>;

/// How one iteration fared so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iteration {
    /// The iterations around it and itself (last), to pick it.
    pub path: IterationPath,
    /// Its index in the Map's items.
    pub index: u32,
    /// Succeeded, failed, stopped (`Cancelled`) or still running (`InProgress`).
    pub status: StateStatus,
}

/// Which iteration each event of a run belongs to; grows with the run.
#[derive(Debug, Clone, Default)]
pub struct IterationIndex {
    /// Per event (in history order): its iteration path, `None` outside every Map.
    paths: Vec<Option<IterationPath>>,
    /// Event id → index in the history, for the ids that are not their index plus one.
    by_id: HashMap<i64, usize>,
    /// Each event's id (0 when it has none).
    ids: Vec<i64>,
}

impl IterationIndex {
    /// Reads the events after those read before. `view` must have read at least as many.
    pub fn extend(&mut self, view: &RunView, events: &[Value]) {
        for (index, event) in events.iter().enumerate().skip(self.paths.len()) {
            let path = self.path_of(view, index, event);
            // Ids usually run 1, 2, 3...: only the others need the map.
            let id = event.get("id").and_then(Value::as_i64).unwrap_or(0);
            if id != index as i64 + 1 {
                self.by_id.insert(id, index);
            }
            self.ids.push(id);
            self.paths.push(path);
        }
    }

    /// The index of the event with this id.
    fn index_of(&self, id: i64) -> Option<usize> {
        if let Some(&index) = self.by_id.get(&id) {
            return Some(index);
        }
        let index = usize::try_from(id).ok()?.checked_sub(1)?;
        (self.ids.get(index) == Some(&id)).then_some(index)
    }

    /// Number of events read.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// True when no event was read.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The iteration path of event `index`.
    pub fn path(&self, index: usize) -> Option<&IterationPath> {
        self.paths.get(index).and_then(Option::as_ref)
    }

    fn path_of(&self, view: &RunView, index: usize, event: &Value) -> Option<IterationPath> {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        let node = view.node_of_event(index)?;
        let before: Option<&IterationPath> = event
            .get("previousEventId")
            .and_then(Value::as_i64)
            .and_then(|id| self.index_of(id))
            .and_then(|i| self.path(i));
        let pointer = node.pointer().unwrap_or("");
        // Keep the iterations of the Maps this node is inside (for a Map's own iteration
        // events, the Map itself counts).
        let kept = |path: &IterationPath, own: bool| -> usize {
            path.iter()
                .take_while(|(map, _)| {
                    let map = map.pointer().unwrap_or("");
                    (own && map == pointer) || inside(pointer, map)
                })
                .count()
        };
        // Most events stay in the iterations of the event before them: share its path.
        if kind != "MapIterationStarted" {
            let own = kind.starts_with("MapIteration");
            if let Some(before) = before.filter(|b| kept(b, own) == b.len()) {
                return Some(before.clone());
            }
        }
        let keep_inside = |path: Option<&IterationPath>, own: bool| -> Vec<(NodeId, u32)> {
            path.map(|p| p[..kept(p, own)].to_vec()).unwrap_or_default()
        };
        let path = if kind == "MapIterationStarted" {
            let index = event
                .get("mapIterationStartedEventDetails")
                .and_then(|d| d.get("index"))
                .and_then(Value::as_u64)
                .unwrap_or(0) as u32;
            let mut path = keep_inside(before, false);
            path.push((node.clone(), index));
            path
        } else if kind.starts_with("MapIteration") {
            keep_inside(before, true)
        } else {
            keep_inside(before, false)
        };
        (!path.is_empty()).then(|| Arc::new(path))
    }

    /// The iterations of `map` started in the first `shown` events, failed ones first, then
    /// running, stopped and succeeded; by index within each.
    pub fn iterations(
        &self,
        events: &[Value],
        view: &RunView,
        map: &NodeId,
        shown: usize,
    ) -> Vec<Iteration> {
        let mut found: Vec<Iteration> = Vec::new();
        let mut at: HashMap<IterationPath, usize> = HashMap::new();
        for (index, event) in events.iter().enumerate().take(shown.min(self.paths.len())) {
            let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
            if !kind.starts_with("MapIteration") || view.node_of_event(index) != Some(map) {
                continue;
            }
            let Some(path) = self.path(index) else {
                continue;
            };
            let Some(&(_, number)) = path.last() else {
                continue;
            };
            let status = match kind {
                "MapIterationSucceeded" => StateStatus::Succeeded,
                "MapIterationFailed" => StateStatus::Failed,
                "MapIterationAborted" => StateStatus::Cancelled,
                _ => StateStatus::InProgress,
            };
            match at.get(path) {
                Some(&known) => found[known].status = status,
                None => {
                    at.insert(path.clone(), found.len());
                    found.push(Iteration {
                        path: path.clone(),
                        index: number,
                        status,
                    });
                }
            }
        }
        let rank = |s: StateStatus| match s {
            StateStatus::Failed => 0,
            StateStatus::InProgress => 1,
            StateStatus::Cancelled => 2,
            _ => 3,
        };
        found.sort_by(|a, b| {
            rank(a.status)
                .cmp(&rank(b.status))
                .then(a.path.len().cmp(&b.path.len()))
                .then_with(|| {
                    a.path
                        .iter()
                        .map(|(_, i)| *i)
                        .cmp(b.path.iter().map(|(_, i)| *i))
                })
        });
        found
    }

    /// The overlay at `shown` with the states inside the picked iteration's Map coloured by that
    /// iteration alone (its path through the processor).
    pub fn overlay_of_iteration(
        &self,
        graph: &Graph,
        view: &RunView,
        events: &[Value],
        shown: usize,
        picked: &IterationPath,
    ) -> RunOverlay {
        let mut overlay = view.at(graph, events, shown);
        let Some((map, _)) = picked.last() else {
            return overlay;
        };
        let map_pointer = map.pointer().unwrap_or("").to_owned();
        let mut replayer = Replayer {
            graph,
            state: ReplayState::default(),
            steps: None,
        };
        for (index, event) in events.iter().enumerate().take(shown.min(self.paths.len())) {
            let within = self
                .path(index)
                .is_some_and(|p| p.len() >= picked.len() && p[..picked.len()] == picked[..]);
            let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
            if within && !kind.starts_with("MapIteration") {
                replayer.reread(index, event, &view.nodes);
            }
        }
        let iteration = replayer.overlay();
        // Inside the Map: this iteration's colours only; everything else as the whole run.
        let inside_map: Vec<NodeId> = graph
            .states()
            .filter(|n| n.id.pointer().is_some_and(|p| inside(p, &map_pointer)))
            .map(|n| n.id.clone())
            .collect();
        for id in inside_map {
            match iteration.statuses.get(&id) {
                Some(status) => overlay.statuses.insert(id.clone(), *status),
                None => overlay.statuses.remove(&id),
            };
            match iteration.retries.get(&id) {
                Some(count) => overlay.retries.insert(id.clone(), *count),
                None => overlay.retries.remove(&id),
            };
        }
        overlay
    }
}

/// True when the state at `pointer` is inside the container at `container` (strictly).
fn inside(pointer: &str, container: &str) -> bool {
    !container.is_empty()
        && pointer.len() > container.len() + 1
        && pointer.starts_with(container)
        && pointer.as_bytes()[container.len()] == b'/'
}
