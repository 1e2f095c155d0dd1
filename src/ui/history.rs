//! Undo and redo of text states. Documents are small, so each step keeps the whole text before
//! and after, with the selection of each moment (undo restores the selection too). Typing is
//! grouped: keystrokes join the open step until a pause or a cursor jump; any other change is a
//! step of its own.

use std::collections::BTreeSet;

use statecraft_asl::graph::NodeId;

/// A pause in typing longer than this starts a new undo step.
pub const TYPING_PAUSE_SECS: f64 = 1.0;

/// How many steps are kept; older ones are dropped.
pub const MAX_STEPS: usize = 500;

/// The document's text and the selection at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// The whole text.
    pub text: String,
    /// Selected node ids.
    pub selection: BTreeSet<NodeId>,
}

/// One undoable change.
#[derive(Debug, Clone)]
struct Step {
    label: String,
    before: Snapshot,
    after: Snapshot,
}

/// The open typing group: where the last keystroke left the cursor, and when.
#[derive(Debug, Clone, Copy)]
struct Typing {
    cursor_after: usize,
    last_secs: f64,
}

/// The undo and redo stacks of one document.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    typing: Option<Typing>,
}

impl History {
    /// Records a change made by a command (one step, never merged).
    pub fn record(&mut self, label: impl Into<String>, before: Snapshot, after: Snapshot) {
        self.typing = None;
        self.push(Step {
            label: label.into(),
            before,
            after,
        });
    }

    /// Records typing in the code view: joins the open typing step when the keystroke follows
    /// the last one without a pause and where it left the cursor.
    pub fn record_typing(
        &mut self,
        before: Snapshot,
        after: Snapshot,
        cursor_before: usize,
        cursor_after: usize,
        now_secs: f64,
    ) {
        let joins = self.typing.is_some_and(|t| {
            now_secs - t.last_secs <= TYPING_PAUSE_SECS && t.cursor_after == cursor_before
        });
        self.typing = Some(Typing {
            cursor_after,
            last_secs: now_secs,
        });
        if joins {
            if let Some(step) = self.undo.last_mut() {
                step.after = after;
                self.redo.clear();
                return;
            }
        }
        self.push(Step {
            label: "Typing".to_owned(),
            before,
            after,
        });
    }

    /// Ends the open typing step (the cursor moved, or something else happened).
    pub fn end_typing(&mut self) {
        self.typing = None;
    }

    /// Steps back: the snapshot to restore, if there is a step to undo.
    pub fn undo(&mut self) -> Option<Snapshot> {
        self.typing = None;
        let step = self.undo.pop()?;
        let snapshot = step.before.clone();
        self.redo.push(step);
        Some(snapshot)
    }

    /// Steps forward again: the snapshot to restore, if there is a step to redo.
    pub fn redo(&mut self) -> Option<Snapshot> {
        self.typing = None;
        let step = self.redo.pop()?;
        let snapshot = step.after.clone();
        self.undo.push(step);
        Some(snapshot)
    }

    /// What undo would undo ("Rename state A to B").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    fn push(&mut self, step: Step) {
        self.redo.clear();
        self.undo.push(step);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str) -> Snapshot {
        Snapshot {
            text: text.to_owned(),
            selection: BTreeSet::new(),
        }
    }

    #[test]
    fn typing_without_a_pause_is_one_step() {
        let mut h = History::default();
        h.record_typing(snap(""), snap("a"), 0, 1, 0.0);
        h.record_typing(snap("a"), snap("ab"), 1, 2, 0.3);
        h.record_typing(snap("ab"), snap("abc"), 2, 3, 0.6);
        assert_eq!(h.undo_label(), Some("Typing"));
        assert_eq!(h.undo(), Some(snap("")));
        assert_eq!(h.undo(), None);
        assert_eq!(h.redo(), Some(snap("abc")));
    }

    #[test]
    fn a_pause_or_a_cursor_jump_starts_a_new_step() {
        let mut h = History::default();
        h.record_typing(snap(""), snap("a"), 0, 1, 0.0);
        h.record_typing(snap("a"), snap("ab"), 1, 2, 5.0);
        h.record_typing(snap("ab"), snap("xab"), 0, 1, 5.1);
        assert_eq!(h.undo(), Some(snap("ab")));
        assert_eq!(h.undo(), Some(snap("a")));
        assert_eq!(h.undo(), Some(snap("")));
    }

    #[test]
    fn a_command_is_its_own_step_and_clears_redo() {
        let mut h = History::default();
        h.record_typing(snap(""), snap("a"), 0, 1, 0.0);
        h.record("Rename state A to B", snap("a"), snap("b"));
        assert_eq!(h.undo_label(), Some("Rename state A to B"));
        h.undo();
        assert_eq!(h.redo_label(), Some("Rename state A to B"));
        h.record("Set Comment", snap("a"), snap("c"));
        assert_eq!(h.redo_label(), None);
    }

    #[test]
    fn undo_restores_the_selection() {
        let mut h = History::default();
        let mut before = snap("x");
        before.selection.insert(NodeId::state("/States/A"));
        h.record("Remove state A", before.clone(), snap("y"));
        assert_eq!(h.undo(), Some(before));
    }
}
