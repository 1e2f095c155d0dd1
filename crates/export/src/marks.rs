//! Marks: what an overlay says about a diagram, in one shape for every overlay (a run at a
//! cursor, the difference between two versions, coverage). The display list draws marks; it does
//! not know which overlay made them, so the canvas, `statecraft render` and the HTML pages agree.

use std::collections::HashMap;

use statecraft_asl::graph::{EdgeKind, NodeId};

use crate::overlay::StateStatus;

/// How a marked state's box is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateLook {
    /// A run's status, in the console's colours.
    Run(StateStatus),
    /// Only in the new version (green).
    Added,
    /// Changed between the versions (amber).
    Changed,
    /// Only in the old version: a ghost where it was (dashed, red).
    Removed,
    /// Renamed (and perhaps changed): amber, as a change.
    Renamed,
    /// Entered by a test (green).
    Tested,
    /// Entered by no test (dashed red).
    Untested,
}

impl StateLook {
    /// A plain word for the look, as legends say it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateLook::Run(status) => status.as_str(),
            StateLook::Added => "added",
            StateLook::Changed => "changed",
            StateLook::Removed => "removed",
            StateLook::Renamed => "renamed",
            StateLook::Tested => "tested",
            StateLook::Untested => "never tested",
        }
    }

    /// A CSS-friendly name (the SVG's `data-status`).
    pub fn css_name(self) -> &'static str {
        match self {
            StateLook::Run(status) => status.css_name(),
            StateLook::Added => "added",
            StateLook::Changed => "changed",
            StateLook::Removed => "removed",
            StateLook::Renamed => "renamed",
            StateLook::Tested => "tested",
            StateLook::Untested => "untested",
        }
    }

    /// The run status, when the look is one.
    pub fn run_status(self) -> Option<StateStatus> {
        match self {
            StateLook::Run(status) => Some(status),
            _ => None,
        }
    }
}

/// What a small pill at a state's top right is about: its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BadgeTone {
    /// Retries of a run (the failed colour).
    Retry,
    /// A changed state's count of changed fields (the changed colour).
    Changed,
}

/// A small pill at a state box's top right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    /// The words in the pill ("↻ 2", "3 fields").
    pub text: String,
    /// Shown on hover.
    pub tooltip: String,
    /// Its colour.
    pub tone: BadgeTone,
}

/// A line of words in a state's header, after its type label (a Map's iteration counts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderNote {
    /// The words.
    pub text: String,
    /// Shown on hover.
    pub tooltip: String,
}

/// An overlay's marks on one state.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StateMark {
    /// Its colours (`None`: the overlay's [`Marks::unmarked`] look).
    pub look: Option<StateLook>,
    /// A pill at its top right.
    pub badge: Option<Badge>,
    /// Words after its type label.
    pub note: Option<HeaderNote>,
}

/// How a marked transition is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeLook {
    /// The transition a run just took: thick, in the running colour.
    Taken,
    /// Only in the new version: green.
    Added,
    /// Only in the old version: dashed red.
    Removed,
    /// Taken by a test: green.
    Tested,
    /// Taken by no test: dashed red.
    Untested,
}

impl EdgeLook {
    /// A plain word for the look, as legends say it.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeLook::Taken => "transition taken",
            EdgeLook::Added => "new transition",
            EdgeLook::Removed => "removed transition",
            EdgeLook::Tested => "transition tested",
            EdgeLook::Untested => "transition never tested",
        }
    }
}

/// A mark on the transitions from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeMark {
    /// Source node.
    pub from: NodeId,
    /// Target node.
    pub to: NodeId,
    /// Which kind of transition (`None`: every transition between the two; for a rule or a
    /// catcher its index counts).
    pub kind: Option<EdgeKind>,
    /// How it is drawn.
    pub look: EdgeLook,
}

/// The legend drawn under a marked diagram.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Legend {
    /// The words at its left ("Run succeeded", "Changes").
    pub title: String,
    /// The state looks it explains, in order.
    pub states: Vec<StateLook>,
    /// The edge looks it explains, in order.
    pub edges: Vec<EdgeLook>,
}

/// An overlay's marks on a diagram: looks of states and transitions, badges, a legend.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marks {
    /// The look of states with no mark (a run: "not run"; a diff: their usual colours).
    pub unmarked: Option<StateLook>,
    /// Marks by state.
    pub states: HashMap<NodeId, StateMark>,
    /// Marks on transitions.
    pub edges: Vec<EdgeMark>,
    /// A legend under the diagram.
    pub legend: Option<Legend>,
    /// Draw the problem outline on states with problems (a run's colours hide it).
    pub keep_problems: bool,
}

impl Marks {
    /// The look of a state (its mark's, else the unmarked look).
    pub fn look(&self, id: &NodeId) -> Option<StateLook> {
        self.states.get(id).and_then(|m| m.look).or(self.unmarked)
    }

    /// How the transition from `from` to `to` of `kind` is drawn, when it is marked.
    pub fn edge_look(&self, from: &NodeId, to: &NodeId, kind: &EdgeKind) -> Option<EdgeLook> {
        self.edges
            .iter()
            .find(|m| m.from == *from && m.to == *to && m.kind.as_ref().is_none_or(|k| k == kind))
            .map(|m| m.look)
    }
}
