//! statecraft-export: pictures and pages of a workflow for people who review it.
//!
//! - [`Diagram`]: the graph of a document ([`statecraft_asl::graph::Graph`]) measured with the
//!   bundled font and laid out by `statecraft-layout`.
//! - [`display_list()`]: the diagram as one list of shapes, text and paths with their colours
//!   (a [`Palette`] per [`Theme`]), which the SVG writer and the designer's canvas both paint.
//! - [`svg()`]: the designer's look as SVG, text kept as text.
//!   It embeds the subset of the bundled font that its text uses (`@font-face`), so browsers
//!   draw the text as it was measured, installed fonts or not; [`html()`] inlines it with the font.
//! - [`png()`]: the SVG rasterised by resvg at any scale, with the bundled font (never system fonts).
//! - [`mermaid()`]: a Mermaid flowchart that renders in GitHub's markdown.
//! - [`html()`]: one self-contained review page: the diagram, each state's details in plain words,
//!   and, given a run, step-through controls that replay it on the diagram.
//! - [`RunOverlay`]: a run history (the simulator's, or AWS's `GetExecutionHistory`) read as a
//!   status per state and a sequence of steps, drawn with the console's colours.
//!
//! Every string that comes from the document is escaped before it is written out.

mod diagram;
mod diff_markdown;
mod diff_page;
mod diff_view;
mod display;
mod escape;
pub mod history_file;
mod html;
mod iterations;
mod marks;
mod mermaid;
mod overlay;
mod png;
mod run_view;
mod style;
mod svg;
mod text;

pub use diagram::{Diagram, DiagramEdge, DiagramNode};
pub use diff_markdown::diff_markdown;
pub use diff_page::{diff_html, DiffPageOptions};
pub use diff_view::DiffView;
pub use display::{
    arrow_head, arrow_head_for_width, display_list, DisplayGroup, DisplayItem, DisplayList,
    DisplayOptions, GroupKind, Rgba, Stroke, TextAnchor, Theme, BORDER_WIDTH_PX,
    CHANGED_EDGE_WIDTH_PX, EDGE_WIDTH_PX, ITERATIONS_TOOLTIP, PROBLEM_TOOLTIP,
};
pub use escape::escape_xml;
pub use history_file::{read_history, unknown_states, HistoryFileError, LoadedHistory};
pub use html::{html, HtmlOptions};
pub use iterations::{Iteration, IterationIndex, IterationPath};
pub use marks::{
    Badge, BadgeTone, EdgeLook, EdgeMark, HeaderNote, Legend, Marks, StateLook, StateMark,
};
pub use mermaid::{mermaid, mermaid_marked};
pub use overlay::{
    is_restart, is_state_failure, IterationCounts, RunOverlay, RunStatus, RunStep, StateStatus,
};
pub use png::png;
pub use run_view::{RunView, SNAPSHOT_EVERY};
pub use style::{BoxColours, Palette, DARK, LIGHT};
pub use svg::{svg, svg_of_display_list, SvgOptions};
pub use text::{text_width_px, FONT_FAMILY, FONT_LICENSE};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The layout rejected the request built from the graph (a bug: the graph's ids are unique).
    #[error("cannot lay out the diagram: {0}")]
    Layout(#[from] statecraft_layout::LayoutError),
    /// The SVG could not be read back for rasterising.
    #[error("cannot rasterise the diagram: {0}")]
    Rasterise(String),
    /// The PNG would be too large (or empty) at this scale.
    #[error("{}", png::size_message(*width_px, *height_px, *scale, *largest_scale))]
    Size {
        /// Width the picture would have.
        width_px: f32,
        /// Height the picture would have.
        height_px: f32,
        /// The scale asked for.
        scale: f32,
        /// The largest scale from 0.1 to 8 at which the picture fits; `None` when none does.
        largest_scale: Option<f32>,
    },
    /// A run history could not be read.
    #[error("cannot read the run history: {0}")]
    History(String),
}
