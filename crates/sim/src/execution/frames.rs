//! The frames of an execution (the top level, each Parallel branch, each Map iteration) in their
//! slots, and the queue of those that can act.

use super::*;

/// Frame slots, reused once released, and the ready queue.
#[derive(Debug, Default)]
pub(super) struct Frames {
    slots: Vec<Option<Frame>>,
    free: Vec<FrameId>,
    /// Frames that can act, with the serial of the frame they were queued for (a released
    /// frame's slot may be reused; a stale entry is skipped).
    ready: VecDeque<(FrameId, u64)>,
    serials: u64,
}

impl Frames {
    /// The frame in slot `id`, if one lives there.
    pub(super) fn get(&self, id: FrameId) -> Option<&Frame> {
        self.slots.get(id).and_then(Option::as_ref)
    }

    pub(super) fn get_mut(&mut self, id: FrameId) -> Option<&mut Frame> {
        self.slots.get_mut(id).and_then(Option::as_mut)
    }

    /// The live frames with their ids, in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (FrameId, &Frame)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(id, frame)| frame.as_ref().map(|frame| (id, frame)))
    }

    /// Puts `frame` in a free slot, with a new serial and generation.
    pub(super) fn alloc(&mut self, mut frame: Frame) -> FrameId {
        self.serials += 1;
        frame.serial = self.serials;
        // Generations are unique across frames, so a timer of a released frame never wakes the
        // frame that reuses its slot.
        frame.generation = self.serials << 32;
        if let Some(id) = self.free.pop() {
            self.slots[id] = Some(frame);
            id
        } else {
            self.slots.push(Some(frame));
            self.slots.len() - 1
        }
    }

    pub(super) fn release(&mut self, id: FrameId) {
        if let Some(slot) = self.slots.get_mut(id) {
            if slot.is_some() {
                // Dropped where it lies: taking it out first copied the whole frame.
                *slot = None;
                self.free.push(id);
            }
        }
    }

    /// Queues the frame to act before the others.
    pub(super) fn queue_front(&mut self, id: FrameId) {
        if let Some(serial) = self.get(id).map(|f| f.serial) {
            self.ready.push_front((id, serial));
        }
    }

    /// Queues the frame to act after the others.
    pub(super) fn queue_back(&mut self, id: FrameId) {
        if let Some(serial) = self.get(id).map(|f| f.serial) {
            self.ready.push_back((id, serial));
        }
    }

    /// The next queued frame that can still act (stale entries and blocked frames are skipped).
    pub(super) fn next_ready(&mut self) -> Option<FrameId> {
        while let Some((id, serial)) = self.ready.pop_front() {
            if self.is_runnable(id) && self.get(id).is_some_and(|f| f.serial == serial) {
                return Some(id);
            }
        }
        None
    }

    pub(super) fn is_runnable(&self, id: FrameId) -> bool {
        self.get(id)
            .is_some_and(|f| !matches!(f.step, Step::Blocked(_) | Step::Dead))
    }

    /// Drops every frame (the execution ended).
    pub(super) fn clear(&mut self) {
        self.ready.clear();
        self.slots.clear();
        self.free.clear();
    }
}
