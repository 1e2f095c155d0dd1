//! The designer's look: colours by state type, and the console's colours for run statuses.

use statecraft_asl::model::StateType;

use crate::overlay::StateStatus;

/// Fill, border and accent (type label) colours of a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BoxColours {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub accent: &'static str,
    pub dashed: bool,
}

/// Colours of a state box by type (`None`: unknown type or not a state object).
pub(crate) fn type_colours(state_type: Option<StateType>) -> BoxColours {
    let (fill, stroke, accent) = match state_type {
        Some(StateType::Task) => ("#eaf2fe", "#3b7ddd", "#1d5fbf"),
        Some(StateType::Choice) => ("#fff5e0", "#e29a12", "#a86a00"),
        Some(StateType::Parallel) => ("#f4edfd", "#8b5cf6", "#6d3fd6"),
        Some(StateType::Map) => ("#e6f6f4", "#14a38f", "#0b7a6b"),
        Some(StateType::Wait) => ("#fdeef6", "#d9468f", "#b02a6f"),
        Some(StateType::Pass) => ("#f2f4f7", "#7a8699", "#4f5b6e"),
        Some(StateType::Succeed) => ("#e8f8ee", "#2fa85a", "#1b7f40"),
        Some(StateType::Fail) => ("#fdeced", "#dc3c3c", "#b42323"),
        None => ("#ffffff", "#9aa3af", "#6b7280"),
    };
    BoxColours {
        fill,
        stroke,
        accent,
        dashed: state_type.is_none(),
    }
}

/// Colours of a state box for a run status, as the Step Functions console draws them.
pub(crate) fn status_colours(status: StateStatus, accent: &'static str) -> BoxColours {
    let (fill, stroke, dashed) = match status {
        StateStatus::Succeeded => ("#dcf5e3", "#1e8e3e", false),
        StateStatus::Failed => ("#fde2e1", "#d13212", false),
        StateStatus::Caught => ("#ffe8cc", "#e07700", false),
        StateStatus::InProgress => ("#dbeafe", "#0972d3", false),
        StateStatus::Cancelled => ("#e5e7eb", "#6b7280", false),
        StateStatus::NotRun => ("#ffffff", "#9aa3af", true),
    };
    BoxColours {
        fill,
        stroke,
        accent,
        dashed,
    }
}

/// Ink for main text.
pub(crate) const TEXT: &str = "#16191f";
/// Ink for secondary text (summaries, lane titles).
pub(crate) const TEXT_MUTED: &str = "#414d5c";
/// Ink for problems.
pub(crate) const PROBLEM: &str = "#d13212";
/// Edge lines.
pub(crate) const EDGE: &str = "#545b64";
/// Catch edges.
pub(crate) const EDGE_CATCH: &str = "#c05a00";
/// Marker (Start/End) fill.
pub(crate) const MARKER: &str = "#414d5c";
