//! Virtual time of an execution: its clock, the timers frames wait on, and its deadline.

use super::*;

/// Why a timer was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TimerKind {
    Wake,
    TaskTimeout,
    Heartbeat,
}

/// A timer: when, a sequence number (ties fire in order), the frame, its generation, and why.
type Timer = (Millis, u64, FrameId, u64, TimerKind);

/// A timer that is due next: when, the frame, the frame's generation it was set for, and why.
#[derive(Debug, Clone, Copy)]
pub(super) struct DueTimer {
    pub at: Millis,
    pub fid: FrameId,
    pub generation: u64,
    pub kind: TimerKind,
}

/// The clock, the timers set, and the execution's deadline.
#[derive(Debug)]
pub(super) struct Timeline {
    clock: VirtualClock,
    timers: BinaryHeap<Reverse<Timer>>,
    seq: u64,
    /// When the execution times out (its TimeoutSeconds, within AWS's own limit).
    deadline_ms: Option<Millis>,
}

impl Timeline {
    pub(super) fn new(start_ms: Millis, deadline_ms: Option<Millis>) -> Self {
        Timeline {
            clock: VirtualClock::starting_at(start_ms),
            timers: BinaryHeap::new(),
            seq: 0,
            deadline_ms,
        }
    }

    /// The virtual time now.
    pub(super) fn now_ms(&self) -> Millis {
        self.clock.now_ms()
    }

    /// Moves the clock forward to `at` (never back).
    pub(super) fn advance_to(&mut self, at: Millis) {
        self.clock.advance_to(at);
    }

    pub(super) fn deadline_ms(&self) -> Option<Millis> {
        self.deadline_ms
    }

    /// Sets a timer for the frame's current generation.
    pub(super) fn add(&mut self, at: Millis, fid: FrameId, generation: u64, kind: TimerKind) {
        self.seq += 1;
        self.timers
            .push(Reverse((at, self.seq, fid, generation, kind)));
    }

    /// The earliest timer, left in place.
    pub(super) fn peek(&self) -> Option<DueTimer> {
        self.timers
            .peek()
            .map(|&Reverse((at, _, fid, generation, kind))| DueTimer {
                at,
                fid,
                generation,
                kind,
            })
    }

    /// Drops the earliest timer.
    pub(super) fn pop(&mut self) {
        self.timers.pop();
    }

    /// Drops every timer (the execution ended).
    pub(super) fn clear(&mut self) {
        self.timers.clear();
    }
}
