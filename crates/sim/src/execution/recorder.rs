//! What an execution writes down: its AWS-shaped history (payloads shared through the interner),
//! the designer's per-state records, and the limits on how long a history may grow.

use super::*;

/// The history and the state records.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    events: Vec<HistoryEvent>,
    /// Shares the large parts of the payloads the history records.
    interner: Interner,
    records: Vec<StateRecord>,
    /// Records let go of (the oldest, past [`ExecutionOptions::records_kept`]).
    records_dropped: usize,
}

impl Recorder {
    /// Records an event at `now_ms` after event `previous`; gives its id.
    pub(super) fn record(&mut self, mut kind: EventKind, previous: u64, now_ms: Millis) -> u64 {
        self.interner.store_event(&mut kind);
        let id = self.events.len() as u64 + 1;
        self.events.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp_ms: now_ms,
            kind,
        });
        id
    }

    pub(super) fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// How many events were recorded.
    pub(super) fn len(&self) -> usize {
        self.events.len()
    }

    /// The id of the last event recorded (0 before the first).
    pub(super) fn last_id(&self) -> u64 {
        self.events.len() as u64
    }

    /// True while only `ExecutionStarted` has been recorded: the first state is being entered.
    pub(super) fn at_root_start(&self) -> bool {
        self.events.len() <= 1
    }

    pub(super) fn records(&self) -> &[StateRecord] {
        &self.records
    }

    /// Keeps a record; past `limit` records the oldest are let go of (in batches, so that
    /// between `limit` and twice as many are held).
    pub(super) fn keep(&mut self, record: StateRecord, limit: usize) {
        self.records.push(record);
        if self.records.len() > limit.saturating_mul(2).max(1) {
            let drop = self.records.len() - limit;
            self.records.drain(..drop);
            self.records_dropped += drop;
        }
    }

    /// How many records were kept since the run began, those let go of included.
    pub(super) fn records_total(&self) -> usize {
        self.records_dropped + self.records.len()
    }
}

/// How far a run may go: the history limit, for the top level and for each of a distributed
/// Map's child executions (whose events are counted, not recorded).
#[derive(Debug)]
pub(super) struct RunLimits {
    /// Most events in one history (AWS: 25,000).
    history_limit: usize,
    /// Events of distributed Map child executions (not recorded), and how many were launched.
    hidden_events: u64,
    children_launched: u64,
}

impl RunLimits {
    pub(super) fn new(history_limit: usize) -> Self {
        RunLimits {
            history_limit,
            hidden_events: 0,
            children_launched: 0,
        }
    }

    pub(super) fn history_limit(&self) -> usize {
        self.history_limit
    }

    /// False when one more event would reach the limit of a history of `len` events.
    pub(super) fn allows_event(&self, len: usize) -> bool {
        len + 1 < self.history_limit
    }

    /// Counts `count` child executions launched by distributed Maps.
    pub(super) fn children_launched(&mut self, count: usize) {
        self.children_launched += count as u64;
    }

    /// Counts one event of a child execution; false once the children together went past the
    /// limit of their histories (an endless child ends the run instead of hanging it).
    pub(super) fn allows_hidden_event(&mut self) -> bool {
        self.hidden_events += 1;
        let budget = (self.history_limit as u64).saturating_mul(self.children_launched.max(1));
        self.hidden_events <= budget
    }
}
