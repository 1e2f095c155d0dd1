//! The designer's look: colours by state type, and the console's colours for run statuses, in a
//! [`Palette`] per [`Theme`].

use statecraft_asl::model::StateType;

use crate::display::{Rgba, Theme};
use crate::marks::StateLook;
use crate::overlay::StateStatus;

/// Fill, border and accent (type label) colours of a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BoxColours {
    /// Inside of the box.
    pub fill: Rgba,
    /// Border of the box (and the type bar on its left).
    pub stroke: Rgba,
    /// Type label and note.
    pub accent: Rgba,
    /// The border is dashed (unknown types, states that did not run).
    pub dashed: bool,
}

/// Every colour the diagram is drawn with, for one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Palette {
    /// The canvas behind the diagram.
    pub background: Rgba,
    /// `(fill, stroke, accent)` by state type: Task, Choice, Parallel, Map, Wait, Pass, Succeed,
    /// Fail, and unknown (see [`Palette::type_colours`]).
    pub types: [(Rgba, Rgba, Rgba); 9],
    /// `(fill, stroke)` by run status, in [`StateStatus::ALL`] order (see
    /// [`Palette::status_colours`]).
    pub statuses: [(Rgba, Rgba); 6],
    /// `(fill, stroke)` of a diff's added, changed and removed states (see
    /// [`Palette::look_colours`]); the strokes also draw added and removed transitions.
    pub changes: [(Rgba, Rgba); 3],
    /// Ink for main text.
    pub text: Rgba,
    /// Ink for secondary text (summaries, lane titles, labels, legend).
    pub text_muted: Rgba,
    /// Ink for problems (and the outline of a state with a problem).
    pub problem: Rgba,
    /// Fill of a missing-state box.
    pub missing_fill: Rgba,
    /// Edge lines and their arrows.
    pub edge: Rgba,
    /// Catch edges, their arrows and labels.
    pub edge_catch: Rgba,
    /// Start/End circle fill.
    pub marker: Rgba,
    /// Start/End words inside the circle.
    pub marker_text: Rgba,
    /// Fill of a container's lanes (with its alpha).
    pub lane_fill: Rgba,
    /// Background of an edge label.
    pub label_fill: Rgba,
    /// Border of an edge label.
    pub label_stroke: Rgba,
}

const fn h(v: u32) -> Rgba {
    Rgba::hex(v)
}

/// Today's colours on white: the SVG, PNG and HTML exports.
pub const LIGHT: Palette = Palette {
    background: h(0xffffff),
    types: [
        (h(0xeaf2fe), h(0x3b7ddd), h(0x1d5fbf)),
        (h(0xfff5e0), h(0xe29a12), h(0xa86a00)),
        (h(0xf4edfd), h(0x8b5cf6), h(0x6d3fd6)),
        (h(0xe6f6f4), h(0x14a38f), h(0x0b7a6b)),
        (h(0xfdeef6), h(0xd9468f), h(0xb02a6f)),
        (h(0xf2f4f7), h(0x7a8699), h(0x4f5b6e)),
        (h(0xe8f8ee), h(0x2fa85a), h(0x1b7f40)),
        (h(0xfdeced), h(0xdc3c3c), h(0xb42323)),
        (h(0xffffff), h(0x9aa3af), h(0x6b7280)),
    ],
    statuses: [
        (h(0xdcf5e3), h(0x1e8e3e)),
        (h(0xfde2e1), h(0xd13212)),
        (h(0xffe8cc), h(0xe07700)),
        (h(0xdbeafe), h(0x0972d3)),
        (h(0xe5e7eb), h(0x6b7280)),
        (h(0xffffff), h(0x9aa3af)),
    ],
    changes: [
        (h(0xdcf5e3), h(0x1e8e3e)),
        (h(0xfff1d6), h(0xc77700)),
        (h(0xfdeced).with_alpha(160), h(0xd13212)),
    ],
    text: h(0x16191f),
    text_muted: h(0x414d5c),
    problem: h(0xd13212),
    missing_fill: h(0xfff5f5),
    edge: h(0x545b64),
    edge_catch: h(0xc05a00),
    marker: h(0x414d5c),
    marker_text: h(0xffffff),
    // 0.85 opacity: 217 / 255 rounds back to 0.85.
    lane_fill: h(0xffffff).with_alpha(217),
    label_fill: h(0xffffff),
    label_stroke: h(0xd5dbe3),
};

/// Colours for a dark canvas: dim, desaturated fills, light text, brighter accents and edges.
pub const DARK: Palette = Palette {
    background: h(0x1e1f22),
    types: [
        (h(0x1f2937), h(0x5b93e6), h(0x93bdf7)),
        (h(0x2f2818), h(0xd9a13a), h(0xf2c46f)),
        (h(0x29233b), h(0x9d7ff0), h(0xc6b0ff)),
        (h(0x182d2a), h(0x2fb39f), h(0x74d8c6)),
        (h(0x30202a), h(0xdc649f), h(0xf3a2c9)),
        (h(0x26292e), h(0x8b95a7), h(0xb8c0cd)),
        (h(0x1b2c22), h(0x43b56d), h(0x7fd89e)),
        (h(0x321f20), h(0xe05858), h(0xf49090)),
        (h(0x25262a), h(0x7d8590), h(0xa4abb5)),
    ],
    statuses: [
        (h(0x1c3425), h(0x3fb950)),
        (h(0x3b201d), h(0xf0583d)),
        (h(0x3b2b17), h(0xf09a2a)),
        (h(0x1a2d47), h(0x4ea5ff)),
        (h(0x2c2e33), h(0x8b929c)),
        (h(0x232428), h(0x6e7681)),
    ],
    changes: [
        (h(0x1c3425), h(0x3fb950)),
        (h(0x3a2e14), h(0xf0a020)),
        (h(0x3b201d).with_alpha(160), h(0xf0583d)),
    ],
    text: h(0xe6e8eb),
    text_muted: h(0xa9b1bc),
    problem: h(0xff6b57),
    missing_fill: h(0x3a1f22),
    edge: h(0x9aa4b1),
    edge_catch: h(0xf0a050),
    marker: h(0x5d6875),
    marker_text: h(0xf5f6f8),
    lane_fill: h(0x1e1f22).with_alpha(217),
    label_fill: h(0x2b2d31),
    label_stroke: h(0x4a4f57),
};

impl Palette {
    /// The palette of a theme.
    pub fn of(theme: Theme) -> &'static Palette {
        match theme {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }

    /// Colours of a state box by type (`None`: unknown type or not a state object).
    pub fn type_colours(&self, state_type: Option<StateType>) -> BoxColours {
        let index = match state_type {
            Some(StateType::Task) => 0,
            Some(StateType::Choice) => 1,
            Some(StateType::Parallel) => 2,
            Some(StateType::Map) => 3,
            Some(StateType::Wait) => 4,
            Some(StateType::Pass) => 5,
            Some(StateType::Succeed) => 6,
            Some(StateType::Fail) => 7,
            None => 8,
        };
        let (fill, stroke, accent) = self.types[index];
        BoxColours {
            fill,
            stroke,
            accent,
            dashed: state_type.is_none(),
        }
    }

    /// Colours of a state box under an overlay's look; `by_type` is the box's own colours, whose
    /// accent (type label) is kept.
    pub fn look_colours(&self, look: StateLook, by_type: BoxColours) -> BoxColours {
        let index = match look {
            StateLook::Run(status) => return self.status_colours(status, by_type.accent),
            StateLook::Added | StateLook::Tested => 0,
            StateLook::Changed | StateLook::Renamed => 1,
            StateLook::Removed | StateLook::Untested => 2,
        };
        let (fill, stroke) = self.changes[index];
        BoxColours {
            fill,
            stroke,
            accent: by_type.accent,
            dashed: matches!(look, StateLook::Removed | StateLook::Untested),
        }
    }

    /// Colours of a state box for a run status, as the Step Functions console draws them.
    pub fn status_colours(&self, status: StateStatus, accent: Rgba) -> BoxColours {
        let index = match status {
            StateStatus::Succeeded => 0,
            StateStatus::Failed => 1,
            StateStatus::Caught => 2,
            StateStatus::InProgress => 3,
            StateStatus::Cancelled => 4,
            StateStatus::NotRun => 5,
        };
        let (fill, stroke) = self.statuses[index];
        BoxColours {
            fill,
            stroke,
            accent,
            dashed: status == StateStatus::NotRun,
        }
    }
}
