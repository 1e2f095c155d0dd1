//! One look, two painters: a laid-out [`Diagram`] as one list of shapes, text and paths with
//! their colours, which the SVG writer and the designer's canvas both paint.
//!
//! Nothing else decides a colour or a coordinate: [`display_list`] reads the [`Palette`] of the
//! theme and the geometry of the diagram, and the painters only translate items to their medium.

use statecraft_asl::graph::{EdgeKind, NodeId, NodeKind};
use statecraft_layout::{LayoutPoint, LayoutRect};

use crate::diagram::{
    Diagram, DiagramEdge, DiagramNode, LABEL_LINE, LABEL_SIZE, LANE_TITLE_SIZE, NAME_LINE,
    NAME_SIZE, PAD_X, PAD_Y, SUMMARY_LINE, SUMMARY_SIZE, TYPE_LINE, TYPE_SIZE,
};
use crate::marks::{BadgeTone, EdgeLook, Legend, Marks, StateLook};
use crate::style::{BoxColours, Palette};

/// Height of one row of the legend drawn under a diagram with a run overlay.
const LEGEND_ROW: f32 = 24.0;
/// Width of an edge line.
pub const EDGE_WIDTH_PX: f32 = 1.4;
/// Width of the edge a run just took.
pub const TAKEN_EDGE_WIDTH_PX: f32 = 3.0;
/// Width of a box's border.
pub const BORDER_WIDTH_PX: f32 = 1.5;
/// Size of the text of a retry badge.
const BADGE_SIZE: f32 = 10.0;
/// Width of a transition a diff added or removed.
pub const CHANGED_EDGE_WIDTH_PX: f32 = 2.2;
/// Dashes of a transition a diff removed.
const REMOVED_DASH: [f32; 2] = [4.0, 3.0];
/// Dashes of a dashed box border (unknown type, did not run).
const BOX_DASH: [f32; 2] = [5.0, 4.0];
/// Dashes of a lane's border.
const LANE_DASH: [f32; 2] = [3.0, 3.0];
/// Dashes of a Catch edge.
const CATCH_DASH: [f32; 2] = [6.0, 4.0];
/// The tooltip of a Map's iteration counts in a run.
pub const ITERATIONS_TOOLTIP: &str = "Map iterations in this run";
/// The tooltip of the problem mark.
pub const PROBLEM_TOOLTIP: &str = "This state has a problem";

/// sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255: opaque).
    pub a: u8,
}

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba { r, g, b, a: 255 }
    }

    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Rgba {
        Rgba::rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }

    /// `#rrggbb` (alpha left out).
    pub fn to_hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The same colour with another alpha.
    pub const fn with_alpha(self, a: u8) -> Rgba {
        Rgba { a, ..self }
    }

    /// Alpha from 0 to 1.
    pub fn opacity(&self) -> f32 {
        f32::from(self.a) / 255.0
    }
}

/// Which palette to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    /// Dark ink on white: the exports' look.
    #[default]
    Light,
    /// Light ink on a dark canvas.
    Dark,
}

/// What to draw besides the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct DisplayOptions<'a> {
    /// An overlay's marks to draw (a run's colours, a diff's), with its legend under the diagram.
    pub marks: Option<&'a Marks>,
    /// The palette.
    pub theme: Theme,
}

/// Everything to paint, in paint order.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayList {
    /// Width of the picture (whole pixels, at least 1).
    pub width_px: f32,
    /// Height of the picture, legend included (whole pixels, at least 1).
    pub height_px: f32,
    /// The canvas colour behind everything.
    pub background: Rgba,
    /// Groups of items, in paint order: containers (parents first), other nodes, edges, edge
    /// labels, legend.
    pub groups: Vec<DisplayGroup>,
}

/// Items that belong to one thing of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayGroup {
    /// What the items draw.
    pub kind: GroupKind,
    /// The items, in paint order. For a node, the first item is its shape (box or circle).
    pub items: Vec<DisplayItem>,
}

/// What a [`DisplayGroup`] draws.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupKind {
    /// A node (index into Diagram::nodes). container: it is a Parallel/Map container.
    Node {
        /// Index into [`Diagram::nodes`].
        index: usize,
        /// The node's id.
        id: NodeId,
        /// The node is drawn as a Parallel/Map container (with lanes).
        container: bool,
        /// The state's look under the overlay, when one is drawn (state nodes only).
        look: Option<StateLook>,
    },
    /// The line of edge `index` (into Diagram::edges).
    Edge {
        /// Index into [`Diagram::edges`].
        index: usize,
    },
    /// The label of edge `index`.
    EdgeLabel {
        /// Index into [`Diagram::edges`].
        index: usize,
    },
    /// The overlay's legend under the diagram.
    Legend,
}

/// A line's look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Line width.
    pub width_px: f32,
    /// Line colour.
    pub colour: Rgba,
    /// Dash and gap lengths (`None`: solid).
    pub dash_px: Option<[f32; 2]>,
}

/// Where a text's `x` is on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAnchor {
    /// Left end.
    Start,
    /// Centre.
    Middle,
    /// Right end.
    End,
}

/// One thing to paint.
#[derive(Debug, Clone, PartialEq)]
pub enum DisplayItem {
    /// A rounded rectangle.
    Rect {
        /// Where.
        rect: LayoutRect,
        /// Corner radius.
        corner_radius_px: f32,
        /// Inside colour (its alpha is the fill's opacity).
        fill: Rgba,
        /// Border, if any.
        stroke: Option<Stroke>,
    },
    /// A filled circle.
    Circle {
        /// Centre.
        centre: LayoutPoint,
        /// Radius.
        radius_px: f32,
        /// Colour.
        fill: Rgba,
    },
    /// Text drawn at a baseline (x is the anchor point), in the bundled DejaVu Sans.
    Text {
        /// Anchor point's x.
        x_px: f32,
        /// Baseline's y.
        baseline_px: f32,
        /// The words (one line).
        text: String,
        /// Font size.
        size_px: f32,
        /// DejaVu Sans Bold rather than Book.
        bold: bool,
        /// Ink.
        colour: Rgba,
        /// Where `x_px` is on the text.
        anchor: TextAnchor,
        /// Shown on hover.
        tooltip: Option<String>,
    },
    /// A polyline; arrow: Some(colour) draws an arrowhead at the last point (SVG: marker-end).
    Path {
        /// The points, in order (at least two).
        points: Vec<LayoutPoint>,
        /// The line's look.
        stroke: Stroke,
        /// Colour of the arrowhead at the last point, if any.
        arrow: Option<Rgba>,
    },
}

/// The triangle of the arrowhead at the end of `points`, `[tip, left corner, right corner]`, as
/// the SVG marker draws it on an edge of [`EDGE_WIDTH_PX`] (viewBox 10, `markerWidth` 7, `refX`
/// 9: the tip is one unit past the last point). Fewer than two distinct points: all three at the
/// last point (or the origin).
pub fn arrow_head(points: &[LayoutPoint]) -> [LayoutPoint; 3] {
    arrow_head_for_width(points, EDGE_WIDTH_PX)
}

/// [`arrow_head`] for a line of another width (the marker scales with the stroke).
pub fn arrow_head_for_width(points: &[LayoutPoint], width_px: f32) -> [LayoutPoint; 3] {
    let Some(&end) = points.last() else {
        return [LayoutPoint::default(); 3];
    };
    let from = points.iter().rev().skip(1).find(|p| {
        (p.x_px - end.x_px).abs() > f32::EPSILON || (p.y_px - end.y_px).abs() > f32::EPSILON
    });
    let Some(&from) = from else {
        return [end; 3];
    };
    let (dx, dy) = (end.x_px - from.x_px, end.y_px - from.y_px);
    let length = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = (dx / length, dy / length);
    // One marker unit: markerWidth 7 over a viewBox of 10, in stroke widths.
    let unit = 0.7 * width_px;
    let at = |along: f32, across: f32| {
        LayoutPoint::new(
            end.x_px + (ux * along - uy * across) * unit,
            end.y_px + (uy * along + ux * across) * unit,
        )
    };
    [at(1.0, 0.0), at(-9.0, -5.0), at(-9.0, 5.0)]
}

/// The diagram as one display list, for the SVG writer and the canvas alike.
pub fn display_list(diagram: &Diagram, options: &DisplayOptions<'_>) -> DisplayList {
    let palette = Palette::of(options.theme);
    let width = diagram.width_px.ceil().max(1.0);
    let legend = match options.marks.and_then(|m| m.legend.as_ref()) {
        Some(legend) => legend_rows(width, legend).len() as f32 * LEGEND_ROW + 14.0,
        None => 0.0,
    };
    let height = (diagram.height_px + legend).ceil().max(1.0);
    let painter = Painter {
        palette,
        marks: options.marks,
    };
    let mut groups = Vec::with_capacity(diagram.nodes.len() + 2 * diagram.edges.len() + 1);
    // Containers first (parents before children, as the graph lists them), then boxes, edges,
    // and labels on top.
    for (index, node) in diagram.nodes.iter().enumerate() {
        if node.container.is_some() {
            groups.push(painter.container(index, node));
        }
    }
    for (index, node) in diagram.nodes.iter().enumerate() {
        if node.container.is_none() {
            groups.push(painter.node(index, node));
        }
    }
    for (index, edge) in diagram.edges.iter().enumerate() {
        groups.push(DisplayGroup {
            kind: GroupKind::Edge { index },
            items: painter.edge(edge),
        });
    }
    for (index, edge) in diagram.edges.iter().enumerate() {
        groups.push(DisplayGroup {
            kind: GroupKind::EdgeLabel { index },
            items: painter.label(edge),
        });
    }
    if let Some(legend) = options.marks.and_then(|m| m.legend.as_ref()) {
        groups.push(DisplayGroup {
            kind: GroupKind::Legend,
            items: painter.legend(diagram.height_px, width, legend),
        });
    }
    DisplayList {
        width_px: width,
        height_px: height,
        background: palette.background,
        groups,
    }
}

struct Painter<'a> {
    palette: &'static Palette,
    marks: Option<&'a Marks>,
}

fn text(
    x_px: f32,
    baseline_px: f32,
    text: &str,
    size_px: f32,
    bold: bool,
    colour: Rgba,
) -> DisplayItem {
    DisplayItem::Text {
        x_px,
        baseline_px,
        text: text.to_owned(),
        size_px,
        bold,
        colour,
        anchor: TextAnchor::Start,
        tooltip: None,
    }
}

fn border(colour: Rgba, width_px: f32, dashed: Option<[f32; 2]>) -> Option<Stroke> {
    Some(Stroke {
        width_px,
        colour,
        dash_px: dashed,
    })
}

fn box_dash(colours: &BoxColours) -> Option<[f32; 2]> {
    colours.dashed.then_some(BOX_DASH)
}

impl Painter<'_> {
    /// Colours of a state node: by its look under the overlay, else by type.
    fn colours(&self, node: &DiagramNode) -> BoxColours {
        let by_type = self.palette.type_colours(node.state_type);
        match self.look(node) {
            Some(look) => self.palette.look_colours(look, by_type),
            None => by_type,
        }
    }

    /// The outline of a box: the problem colour on a state with a problem, unless an overlay's
    /// colours take its place.
    fn outline(&self, node: &DiagramNode, colours: &BoxColours) -> Rgba {
        let shown = self.marks.is_none_or(|m| m.keep_problems) || self.look(node).is_none();
        if node.has_problem && shown {
            self.palette.problem
        } else {
            colours.stroke
        }
    }

    /// The node's look under the overlay (state nodes only).
    fn look(&self, node: &DiagramNode) -> Option<StateLook> {
        match self.marks {
            Some(marks) if node.kind == NodeKind::State => marks.look(&node.id),
            _ => None,
        }
    }

    /// The texts at the top of a state box or container header: type label, name, summary, note.
    fn box_texts(
        &self,
        items: &mut Vec<DisplayItem>,
        node: &DiagramNode,
        rect: LayoutRect,
        accent: Rgba,
    ) {
        let (x, y, width) = (rect.x_px, rect.y_px, rect.width_px);
        let mut baseline = y + PAD_Y + TYPE_SIZE;
        items.push(text(
            x + PAD_X,
            baseline,
            &node.type_label,
            TYPE_SIZE,
            true,
            accent,
        ));
        if node.has_problem {
            items.push(DisplayItem::Text {
                x_px: x + width - 8.0,
                baseline_px: baseline + 2.0,
                text: "\u{26a0}".to_owned(),
                size_px: 12.0,
                bold: true,
                colour: self.palette.problem,
                anchor: TextAnchor::End,
                tooltip: Some(PROBLEM_TOOLTIP.to_owned()),
            });
        }
        baseline += TYPE_LINE - TYPE_SIZE + NAME_SIZE;
        for line in &node.name_lines {
            items.push(text(
                x + PAD_X,
                baseline,
                line,
                NAME_SIZE,
                true,
                self.palette.text,
            ));
            baseline += NAME_LINE;
        }
        baseline += SUMMARY_SIZE - NAME_SIZE + 1.0;
        if !node.summary.is_empty() {
            items.push(text(
                x + PAD_X,
                baseline,
                &node.summary,
                SUMMARY_SIZE,
                false,
                self.palette.text_muted,
            ));
            baseline += SUMMARY_LINE;
        }
        if let Some(note) = &node.note {
            items.push(text(x + PAD_X, baseline, note, SUMMARY_SIZE, true, accent));
        }
    }

    /// An overlay's marks on a state: a badge at the top right, a note after the type label in
    /// the header (a Map's iterations).
    fn state_marks(&self, items: &mut Vec<DisplayItem>, node: &DiagramNode, rect: LayoutRect) {
        let Some(mark) = self.marks.and_then(|m| m.states.get(&node.id)) else {
            return;
        };
        if let Some(badge_mark) = &mark.badge {
            let label = &badge_mark.text;
            let width = crate::text::text_width_px(label, BADGE_SIZE, true) + 10.0;
            let badge = LayoutRect::new(
                rect.x_px + rect.width_px - width - 4.0,
                rect.y_px - 9.0,
                width,
                BADGE_SIZE + 6.0,
            );
            let colour = match badge_mark.tone {
                BadgeTone::Retry => self.palette.statuses[1].1,
                BadgeTone::Changed => self.palette.changes[1].1,
            };
            items.push(DisplayItem::Rect {
                rect: badge,
                corner_radius_px: badge.height_px / 2.0,
                fill: colour,
                stroke: None,
            });
            items.push(DisplayItem::Text {
                x_px: badge.x_px + badge.width_px / 2.0,
                baseline_px: badge.y_px + BADGE_SIZE + 1.5,
                text: label.clone(),
                size_px: BADGE_SIZE,
                bold: true,
                colour: self.palette.background,
                anchor: TextAnchor::Middle,
                tooltip: Some(badge_mark.tooltip.clone()),
            });
        }
        if let Some(note) = &mark.note {
            // After the type label, clear of the folding button at the top right.
            let after_label = crate::text::text_width_px(&node.type_label, TYPE_SIZE, true);
            items.push(DisplayItem::Text {
                x_px: rect.x_px + PAD_X + after_label + 8.0,
                baseline_px: rect.y_px + PAD_Y + TYPE_SIZE,
                text: note.text.clone(),
                size_px: TYPE_SIZE,
                bold: true,
                colour: self.palette.text,
                anchor: TextAnchor::Start,
                tooltip: Some(note.tooltip.clone()),
            });
        }
    }

    fn node(&self, index: usize, node: &DiagramNode) -> DisplayGroup {
        let r = node.rect;
        let mut items = Vec::new();
        match node.kind {
            NodeKind::Start | NodeKind::End => {
                let c = r.centre();
                let label = if node.kind == NodeKind::Start {
                    "Start"
                } else {
                    "End"
                };
                items.push(DisplayItem::Circle {
                    centre: c,
                    radius_px: r.width_px.min(r.height_px) / 2.0,
                    fill: self.palette.marker,
                });
                items.push(DisplayItem::Text {
                    x_px: c.x_px,
                    baseline_px: c.y_px + 3.5,
                    text: label.to_owned(),
                    size_px: 10.0,
                    bold: true,
                    colour: self.palette.marker_text,
                    anchor: TextAnchor::Middle,
                    tooltip: None,
                });
            }
            NodeKind::Missing => {
                items.push(DisplayItem::Rect {
                    rect: r,
                    corner_radius_px: 8.0,
                    fill: self.palette.missing_fill,
                    stroke: border(self.palette.problem, BORDER_WIDTH_PX, Some(BOX_DASH)),
                });
                self.box_texts(&mut items, node, r, self.palette.problem);
            }
            NodeKind::State => {
                let c = self.colours(node);
                items.push(DisplayItem::Rect {
                    rect: r,
                    corner_radius_px: 8.0,
                    fill: c.fill,
                    stroke: border(self.outline(node, &c), BORDER_WIDTH_PX, box_dash(&c)),
                });
                // A coloured bar on the left keeps the type readable under a run's colours.
                items.push(DisplayItem::Rect {
                    rect: LayoutRect::new(
                        r.x_px + 3.0,
                        r.y_px + 6.0,
                        4.0,
                        (r.height_px - 12.0).max(0.0),
                    ),
                    corner_radius_px: 2.0,
                    fill: self.palette.type_colours(node.state_type).stroke,
                    stroke: None,
                });
                self.box_texts(&mut items, node, r, c.accent);
                self.state_marks(&mut items, node, r);
            }
        }
        DisplayGroup {
            kind: GroupKind::Node {
                index,
                id: node.id.clone(),
                container: false,
                look: self.look(node),
            },
            items,
        }
    }

    fn container(&self, index: usize, node: &DiagramNode) -> DisplayGroup {
        let mut items = Vec::new();
        if let Some(container) = &node.container {
            let r = container.rect;
            let c = self.colours(node);
            items.push(DisplayItem::Rect {
                rect: r,
                corner_radius_px: 10.0,
                fill: c.fill,
                stroke: border(self.outline(node, &c), BORDER_WIDTH_PX, box_dash(&c)),
            });
            let mut header = container.header;
            header.width_px = header.width_px.max(r.width_px);
            self.box_texts(&mut items, node, header, c.accent);
            self.state_marks(&mut items, node, header);
            for (lane_index, lane) in container.lanes.iter().enumerate() {
                items.push(DisplayItem::Rect {
                    rect: *lane,
                    corner_radius_px: 6.0,
                    fill: self.palette.lane_fill,
                    stroke: border(c.stroke, 1.0, Some(LANE_DASH)),
                });
                if let Some(title) = node.lane_titles.get(lane_index) {
                    items.push(text(
                        lane.x_px + 8.0,
                        lane.y_px + 14.0,
                        title,
                        LANE_TITLE_SIZE,
                        false,
                        self.palette.text_muted,
                    ));
                }
            }
        }
        DisplayGroup {
            kind: GroupKind::Node {
                index,
                id: node.id.clone(),
                container: true,
                look: self.look(node),
            },
            items,
        }
    }

    fn edge(&self, edge: &DiagramEdge) -> Vec<DisplayItem> {
        if edge.points.is_empty() {
            return Vec::new();
        }
        let (colour, dash) = if edge.kind.is_dashed() {
            (self.palette.edge_catch, Some(CATCH_DASH))
        } else {
            (self.palette.edge, None)
        };
        // A marked transition: the one a run just took (thick), a diff's new (green) or removed
        // (dashed red) ones.
        let look = self
            .marks
            .and_then(|m| m.edge_look(&edge.from, &edge.to, &edge.kind));
        let (colour, width, dash) = match look {
            Some(EdgeLook::Taken) => (self.palette.statuses[3].1, TAKEN_EDGE_WIDTH_PX, dash),
            Some(EdgeLook::Added | EdgeLook::Tested) => {
                (self.palette.changes[0].1, CHANGED_EDGE_WIDTH_PX, dash)
            }
            Some(EdgeLook::Removed | EdgeLook::Untested) => (
                self.palette.changes[2].1,
                CHANGED_EDGE_WIDTH_PX,
                Some(REMOVED_DASH),
            ),
            None => (colour, EDGE_WIDTH_PX, dash),
        };
        vec![DisplayItem::Path {
            points: edge.points.clone(),
            stroke: Stroke {
                width_px: width,
                colour,
                dash_px: dash,
            },
            arrow: Some(colour),
        }]
    }

    fn label(&self, edge: &DiagramEdge) -> Vec<DisplayItem> {
        let Some(rect) = edge.label_rect else {
            return Vec::new();
        };
        if edge.label_lines.is_empty() {
            return Vec::new();
        }
        let colour = match edge.kind {
            EdgeKind::Catch { .. } => self.palette.edge_catch,
            _ => self.palette.text_muted,
        };
        let mut items = vec![DisplayItem::Rect {
            rect,
            corner_radius_px: 4.0,
            fill: self.palette.label_fill,
            stroke: border(self.palette.label_stroke, 1.0, None),
        }];
        let cx = rect.x_px + rect.width_px / 2.0;
        let mut baseline = rect.y_px + 3.0 + LABEL_SIZE;
        for line in &edge.label_lines {
            items.push(DisplayItem::Text {
                x_px: cx,
                baseline_px: baseline,
                text: line.clone(),
                size_px: LABEL_SIZE,
                bold: false,
                colour,
                anchor: TextAnchor::Middle,
                tooltip: None,
            });
            baseline += LABEL_LINE;
        }
        items
    }

    fn legend(&self, top: f32, width: f32, legend: &Legend) -> Vec<DisplayItem> {
        let mut items = vec![text(
            16.0,
            top + 21.0,
            &legend.title,
            11.0,
            true,
            self.palette.text,
        )];
        for (row_index, row) in legend_rows(width, legend).iter().enumerate() {
            let y = top + 8.0 + row_index as f32 * LEGEND_ROW;
            let mut x = if row_index == 0 {
                16.0 + LEGEND_TITLE_WIDTH
            } else {
                16.0
            };
            for &entry in row {
                match entry {
                    LegendEntry::State(look) => {
                        let c = self.palette.look_colours(
                            look,
                            self.palette
                                .type_colours(Some(statecraft_asl::model::StateType::Pass)),
                        );
                        items.push(DisplayItem::Rect {
                            rect: LayoutRect::new(x, y, 16.0, 16.0),
                            corner_radius_px: 3.0,
                            fill: c.fill,
                            stroke: border(c.stroke, BORDER_WIDTH_PX, box_dash(&c)),
                        });
                    }
                    LegendEntry::Edge(look) => {
                        let (colour, dash) = match look {
                            EdgeLook::Taken => (self.palette.statuses[3].1, None),
                            EdgeLook::Added | EdgeLook::Tested => (self.palette.changes[0].1, None),
                            EdgeLook::Removed | EdgeLook::Untested => {
                                (self.palette.changes[2].1, Some(REMOVED_DASH))
                            }
                        };
                        items.push(DisplayItem::Path {
                            points: vec![
                                LayoutPoint::new(x, y + 8.0),
                                LayoutPoint::new(x + 16.0, y + 8.0),
                            ],
                            stroke: Stroke {
                                width_px: CHANGED_EDGE_WIDTH_PX,
                                colour,
                                dash_px: dash,
                            },
                            arrow: None,
                        });
                    }
                }
                items.push(text(
                    x + 22.0,
                    y + 12.0,
                    entry.as_str(),
                    11.0,
                    false,
                    self.palette.text_muted,
                ));
                x += legend_entry_width(entry);
            }
        }
        items
    }
}

/// One swatch and its words in a legend.
#[derive(Debug, Clone, Copy)]
enum LegendEntry {
    State(StateLook),
    Edge(EdgeLook),
}

impl LegendEntry {
    fn as_str(self) -> &'static str {
        match self {
            LegendEntry::State(look) => look.as_str(),
            LegendEntry::Edge(look) => look.as_str(),
        }
    }
}

/// Room for the legend's title before the first row's entries.
const LEGEND_TITLE_WIDTH: f32 = 120.0;

/// Width of one legend entry (swatch, gap, words, gap).
fn legend_entry_width(entry: LegendEntry) -> f32 {
    32.0 + crate::text::text_width_px(entry.as_str(), 11.0, false)
}

/// The legend's rows: its title first, then the entries, as many to a row as fit.
fn legend_rows(width: f32, legend: &Legend) -> Vec<Vec<LegendEntry>> {
    let mut rows: Vec<Vec<LegendEntry>> = vec![Vec::new()];
    let mut x = 16.0 + LEGEND_TITLE_WIDTH;
    let entries = legend
        .states
        .iter()
        .map(|&l| LegendEntry::State(l))
        .chain(legend.edges.iter().map(|&l| LegendEntry::Edge(l)));
    for entry in entries {
        let w = legend_entry_width(entry);
        if x + w > width - 8.0 && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = 16.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(entry);
        }
        x += w;
    }
    rows
}
