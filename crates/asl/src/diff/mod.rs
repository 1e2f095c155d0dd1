//! The semantic difference between two versions of a workflow: what a reviewer would say changed.
//!
//! [`diff`] compares two documents scope by scope (the top level, each Parallel branch, each Map
//! processor) and reports:
//! - states added, removed, renamed (recognised by content and neighbours, so renaming one state is
//!   one rename) and changed, with each changed field by its path ([`FieldPath`]: `Retry[0].MaxAttempts`,
//!   `Choices[1].Condition`), old and new values;
//! - transitions added and removed (a scope's `StartAt`, `Next`, `End`, Choice rules, `Default`,
//!   `Catch`), compared after renames, so a rename does not show up as rewired transitions;
//! - changes of the machine's own fields (`Comment`, `TimeoutSeconds`, `QueryLanguage`, ...).
//!
//! Values are compared as data: formatting, key order, JSON versus YAML and YAML comments are not
//! changes. Transition targets (`Next`, `End`, `Default`, a rule's or catcher's `Next`, `StartAt`) are
//! reported only as transitions, never also as field changes.
//!
//! Pointers in the result are JSON pointers to the state in its own version (old or new), the same
//! strings as [`crate::graph::NodeId::State`], so a diff can be laid over either version's graph.
//!
//! Details a reader of the result may want to know:
//! - Arrays of objects (`Retry`, `Catch`, `Choices`, `Branches`, ...) are aligned on their equal
//!   items, the rest paired by position, so inserting an item is one addition. An item in both
//!   versions is named by its index in the new version, a removed one by its index in the old.
//!   Arrays of plain values (`ErrorEquals`) change as a whole.
//! - An added or removed rule or catcher is reported whole without its `Next` (a transition), an
//!   added or removed branch without its `States` (its states are reported as states) but with
//!   its `StartAt` (`Branches[2]` added: `{"StartAt": "Check"}`).
//! - A nested object or array that differs in more than a few places is one change at its path
//!   (a rewritten `Parameters`), not one per leaf; a state's own fields are always listed one by one.
//! - Numbers compare by value (`1` and `1.0` are equal); objects compare as maps, and for a
//!   duplicated key the last value counts, as in [`crate::tree::Node::to_value`].
//! - Transitions are counted with multiplicity: two rules going to the same state are two
//!   transitions, so removing one of them is reported.
//! - A member of a transition's name but not of its shape (a `Next` that is not a string, a
//!   `States` that is not an object) is compared as a field, so a broken draft's changes are not lost.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::document::Document;
use crate::tree::Node;

mod compare;
mod fields;
mod matching;
mod words;

pub use words::describe_value;

/// The difference between two versions of a workflow. Empty when they mean the same.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Diff {
    /// Changes of the machine's own fields (paths from the root; `States` and `StartAt` excluded).
    pub machine: Vec<FieldChange>,
    /// One entry per state that was added, removed, renamed or changed: the new version's states in
    /// document order (scopes depth first), then the removed ones in the old version's order.
    pub states: Vec<StateChange>,
    /// Transitions added and removed, in the order of [`Diff::states`]' sources.
    pub transitions: Vec<TransitionChange>,
}

/// What happened to a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Its name changed (its fields may have changed too: see [`StateChange::fields`]).
    Renamed,
    /// Same name, and some of its fields changed.
    Changed,
}

/// A state as it is in one version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct StateAt {
    /// Its JSON pointer in that version (`/States/Pay/Branches/0/States/Charge`).
    pub pointer: Arc<str>,
    /// Its name.
    pub name: String,
    /// The pointer of its scope in that version (`""` for the top level,
    /// `/States/Pay/Branches/0` for a branch, `/States/Fan out/ItemProcessor` for a processor).
    pub scope: Arc<str>,
    /// Its `Type` as written (empty when missing or not a string).
    pub state_type: String,
}

/// One state that was added, removed, renamed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateChange {
    /// What happened.
    pub kind: ChangeKind,
    /// The state in the old version (`None` when added).
    pub old: Option<StateAt>,
    /// The state in the new version (`None` when removed).
    pub new: Option<StateAt>,
    /// The fields that changed (renamed or changed states; empty for added and removed ones),
    /// in the new version's field order, then fields only the old version had.
    pub fields: Vec<FieldChange>,
}

/// One field whose value changed, by its path from the state (or the machine's root).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Where the field is.
    pub path: FieldPath,
    /// The old value (`None` when the field was added).
    pub old: Option<Value>,
    /// The new value (`None` when the field was removed).
    pub new: Option<Value>,
}

/// A path to a field inside a state: keys and array indices (`Retry[0].MaxAttempts`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FieldPath(pub Vec<PathSegment>);

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

impl fmt::Display for FieldPath {
    /// `Retry[0].MaxAttempts`; a key that is not a plain word is quoted (`Parameters["a.b"]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Index(index) => write!(f, "[{index}]")?,
                PathSegment::Key(key) => {
                    let plain = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '-');
                    if !plain {
                        write!(f, "[{}]", Value::String(key.clone()))?;
                    } else if i == 0 {
                        f.write_str(key)?;
                    } else {
                        write!(f, ".{key}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether a transition is new or gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// How a transition leaves its source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Via {
    /// A scope's `StartAt` (the source is the scope's start; [`TransitionChange::from`] is `None`).
    Start,
    /// A state's `Next`.
    Next,
    /// `End: true`, or a Succeed/Fail state (the target is [`Target::End`]).
    End,
    /// A Choice rule, by its index in `Choices` (in the version the transition is in).
    Rule {
        /// Index in `Choices`.
        index: usize,
    },
    /// A Choice state's `Default`.
    Default,
    /// A catcher, by its index in `Catch` (in the version the transition is in).
    Catch {
        /// Index in `Catch`.
        index: usize,
    },
}

/// Where a transition goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Target {
    /// A state of the same scope, by its pointer in the transition's version and its name (the
    /// pointer of a state that does not exist when the name is missing from the scope).
    State {
        /// JSON pointer of the target in the transition's version.
        pointer: Arc<str>,
        /// The target's name.
        name: String,
    },
    /// The end of the scope.
    End,
}

/// A transition that was added or removed. Two transitions are the same when their sources are
/// the same state (after renames), they leave it the same way (`Next`, a rule, `Default`, a
/// catcher; the index of a rule or catcher does not count) and reach the same target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TransitionChange {
    /// Added or removed.
    pub kind: TransitionChangeKind,
    /// The pointer of the scope (in the transition's version: new when added, old when removed).
    pub scope: Arc<str>,
    /// The source state (in the transition's version); `None` for a scope's `StartAt`.
    pub from: Option<StateAt>,
    /// How it leaves the source.
    pub via: Via,
    /// Where it goes.
    pub to: Target,
}

impl Diff {
    /// True when the two versions mean the same.
    pub fn is_empty(&self) -> bool {
        self.machine.is_empty() && self.states.is_empty() && self.transitions.is_empty()
    }

    /// The change of the state at this pointer in the new version, if it changed.
    pub fn state_in_new(&self, pointer: &str) -> Option<&StateChange> {
        self.states
            .iter()
            .find(|c| c.new.as_ref().is_some_and(|s| &*s.pointer == pointer))
    }

    /// The change of the state at this pointer in the old version, if it changed.
    pub fn state_in_old(&self, pointer: &str) -> Option<&StateChange> {
        self.states
            .iter()
            .find(|c| c.old.as_ref().is_some_and(|s| &*s.pointer == pointer))
    }
}

/// The difference between two documents.
pub fn diff(old: &Document, new: &Document) -> Diff {
    diff_roots(old.root(), new.root())
}

/// The difference between two parsed roots (a document's [`Document::root`]).
pub fn diff_roots(old: &Node, new: &Node) -> Diff {
    compare::compare(old, new)
}
