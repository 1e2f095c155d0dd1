//! What the diagram shows at any event of a run: the one rule behind the designer's canvas,
//! `statecraft render --history` and the HTML page's replay.
//!
//! A [`RunView`] reads a history as it grows (a live run appends events) and keeps the replay's
//! state every [`SNAPSHOT_EVERY`] events, so the overlay at any cursor position is one kept state
//! plus at most that many events read again, never a replay from the start.

use serde_json::Value;
use statecraft_asl::graph::{Graph, NodeId};

use crate::overlay::{EventNodes, ReplayState, Replayer, RunOverlay};

/// Events between two kept replay states.
pub const SNAPSHOT_EVERY: usize = 64;

/// A run's history read against one graph, ready to show at any event.
#[derive(Debug, Clone, Default)]
pub struct RunView {
    /// The replay state after `k * SNAPSHOT_EVERY` events, for each k.
    snapshots: Vec<ReplayState>,
    /// The replay state after every event read.
    latest: ReplayState,
    /// Which node each event belongs to.
    pub(crate) nodes: EventNodes,
    /// Events read.
    len: usize,
}

impl RunView {
    /// An empty view (no event read).
    pub fn new() -> RunView {
        RunView {
            snapshots: vec![ReplayState::default()],
            ..RunView::default()
        }
    }

    /// A view of a whole history.
    pub fn of(graph: &Graph, events: &[Value]) -> RunView {
        let mut view = RunView::new();
        view.extend(graph, events);
        view
    }

    /// Number of events read.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no event was read.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads more events of the history (in order, after those read before).
    pub fn extend(&mut self, graph: &Graph, events: &[Value]) {
        if self.snapshots.is_empty() {
            self.snapshots.push(ReplayState::default());
        }
        let mut replayer = Replayer {
            graph,
            state: std::mem::take(&mut self.latest),
            steps: None,
        };
        for event in events {
            replayer.read(self.len, event, &mut self.nodes);
            self.len += 1;
            if self.len.is_multiple_of(SNAPSHOT_EVERY) {
                self.snapshots.push(replayer.state.clone());
            }
        }
        self.latest = replayer.state;
    }

    /// The node event `index` is about (its state, or the Parallel/Map it belongs to).
    pub fn node_of_event(&self, index: usize) -> Option<&NodeId> {
        self.nodes.at(index)
    }

    /// What the diagram shows once the first `shown` events have happened (`shown` is clamped to
    /// the events read): statuses, retries, Map iterations, the transition just taken and the
    /// state of the last event shown. `events` is the history this view read.
    pub fn at(&self, graph: &Graph, events: &[Value], shown: usize) -> RunOverlay {
        let shown = shown.min(self.len).min(events.len());
        let replayer = if shown == self.len {
            Replayer {
                graph,
                state: self.latest.clone(),
                steps: None,
            }
        } else {
            let kept = (shown / SNAPSHOT_EVERY).min(self.snapshots.len().saturating_sub(1));
            let mut replayer = Replayer {
                graph,
                state: self.snapshots.get(kept).cloned().unwrap_or_default(),
                steps: None,
            };
            for (index, event) in events
                .iter()
                .enumerate()
                .take(shown)
                .skip(kept * SNAPSHOT_EVERY)
            {
                replayer.reread(index, event, &self.nodes);
            }
            replayer
        };
        let mut overlay = replayer.overlay();
        let (taken, current) = replayer.cursor();
        if shown > 0 {
            overlay.taken = taken;
            overlay.current = current;
        }
        overlay
    }
}
