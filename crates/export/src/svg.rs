//! SVG in the designer's look: rounded boxes coloured by state type, Start/End circles, arrows,
//! dashed Catch edges with labels, containers with lanes for Parallel branches and Map processors.
//! Text stays text, so the picture is searchable and prints sharply.

use std::fmt::Write as _;

use statecraft_asl::graph::{EdgeKind, NodeKind};

use crate::diagram::{
    Diagram, DiagramEdge, DiagramNode, LABEL_LINE, LABEL_SIZE, LANE_TITLE_SIZE, NAME_LINE,
    NAME_SIZE, PAD_X, PAD_Y, SUMMARY_LINE, SUMMARY_SIZE, TYPE_LINE, TYPE_SIZE,
};
use crate::escape::escape_xml;
use crate::overlay::{RunOverlay, StateStatus};
use crate::style::{self, BoxColours};
use crate::text::FONT_FAMILY;

/// Height of one row of the legend drawn under a diagram with a run overlay.
const LEGEND_ROW: f32 = 24.0;

/// What to draw besides the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct SvgOptions<'a> {
    /// A run to colour the states by (and a legend of the colours).
    pub overlay: Option<&'a RunOverlay>,
    /// A title for the picture (`<title>`, read by screen readers).
    pub title: Option<&'a str>,
    /// Leave out the XML namespace, for SVG inlined in HTML (which needs none).
    pub inline: bool,
}

/// The diagram as an SVG document.
pub fn svg(diagram: &Diagram, options: &SvgOptions<'_>) -> String {
    let width = diagram.width_px.ceil().max(1.0);
    let legend = if options.overlay.is_some() {
        legend_rows(width).len() as f32 * LEGEND_ROW + 14.0
    } else {
        0.0
    };
    let height = (diagram.height_px + legend).ceil().max(1.0);
    let mut out = String::with_capacity(4096 + diagram.nodes.len() * 600);
    let namespace = if options.inline {
        ""
    } else {
        " xmlns=\"http://www.w3.org/2000/svg\""
    };
    let _ = writeln!(
        out,
        "<svg{namespace} width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"{FONT_FAMILY}, sans-serif\" role=\"img\">"
    );
    if let Some(title) = options.title {
        let _ = writeln!(out, "<title>{}</title>", escape_xml(title));
    }
    let _ = write!(
        out,
        "<defs>\n{}{}</defs>\n",
        arrow_marker("arrow", style::EDGE),
        arrow_marker("arrow-catch", style::EDGE_CATCH)
    );
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    // Containers first (parents before children, as the graph lists them), then boxes, edges,
    // and labels on top.
    for (index, node) in diagram.nodes.iter().enumerate() {
        if node.container.is_some() {
            container_svg(&mut out, index, node, options.overlay);
        }
    }
    for (index, node) in diagram.nodes.iter().enumerate() {
        if node.container.is_none() {
            node_svg(&mut out, index, node, options.overlay);
        }
    }
    out.push_str("<g class=\"edges\">\n");
    for edge in &diagram.edges {
        edge_svg(&mut out, edge);
    }
    out.push_str("</g>\n<g class=\"labels\">\n");
    for edge in &diagram.edges {
        label_svg(&mut out, edge);
    }
    out.push_str("</g>\n");
    if let Some(overlay) = options.overlay {
        legend_svg(&mut out, diagram.height_px, width, overlay);
    }
    out.push_str("</svg>\n");
    out
}

fn arrow_marker(id: &str, colour: &str) -> String {
    format!(
        "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>\n"
    )
}

/// Colours of a state node: by run status when there is a run, else by type.
fn colours(node: &DiagramNode, overlay: Option<&RunOverlay>) -> BoxColours {
    let by_type = style::type_colours(node.state_type);
    match overlay {
        Some(run) if node.kind == NodeKind::State => {
            style::status_colours(run.status(&node.id), by_type.accent)
        }
        _ => by_type,
    }
}

/// The outline of a box: the problem colour on a state with a problem, unless a run colours it.
fn outline(node: &DiagramNode, overlay: Option<&RunOverlay>, colours: &BoxColours) -> &'static str {
    if node.has_problem && overlay.is_none() {
        style::PROBLEM
    } else {
        colours.stroke
    }
}

fn status_attr(node: &DiagramNode, overlay: Option<&RunOverlay>) -> String {
    match overlay {
        Some(run) if node.kind == NodeKind::State => {
            format!(" data-status=\"{}\"", run.status(&node.id).css_name())
        }
        _ => String::new(),
    }
}

fn dash(colours: &BoxColours) -> &'static str {
    if colours.dashed {
        " stroke-dasharray=\"5 4\""
    } else {
        ""
    }
}

fn f(v: f32) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// The texts at the top of a state box or container header: type label, name, summary, note.
fn box_texts(out: &mut String, node: &DiagramNode, x: f32, y: f32, width: f32, accent: &str) {
    let mut baseline = y + PAD_Y + TYPE_SIZE;
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{accent}\">{}</text>",
        f(x + PAD_X),
        f(baseline),
        f(TYPE_SIZE),
        escape_xml(&node.type_label)
    );
    if node.has_problem {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" fill=\"{}\" text-anchor=\"end\"><title>This state has a problem</title>\u{26a0}</text>",
            f(x + width - 8.0),
            f(baseline + 2.0),
            style::PROBLEM
        );
    }
    baseline += TYPE_LINE - TYPE_SIZE + NAME_SIZE;
    for line in &node.name_lines {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{}\">{}</text>",
            f(x + PAD_X),
            f(baseline),
            f(NAME_SIZE),
            style::TEXT,
            escape_xml(line)
        );
        baseline += NAME_LINE;
    }
    baseline += SUMMARY_SIZE - NAME_SIZE + 1.0;
    if !node.summary.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
            f(x + PAD_X),
            f(baseline),
            f(SUMMARY_SIZE),
            style::TEXT_MUTED,
            escape_xml(&node.summary)
        );
        baseline += SUMMARY_LINE;
    }
    if let Some(note) = &node.note {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{accent}\">{}</text>",
            f(x + PAD_X),
            f(baseline),
            f(SUMMARY_SIZE),
            escape_xml(note)
        );
    }
}

fn node_svg(out: &mut String, index: usize, node: &DiagramNode, overlay: Option<&RunOverlay>) {
    let r = node.rect;
    let _ = writeln!(
        out,
        "<g id=\"node-{index}\" class=\"node\" data-node=\"{}\"{}>",
        escape_xml(&node.id),
        status_attr(node, overlay)
    );
    match node.kind {
        NodeKind::Start | NodeKind::End => {
            let c = r.centre();
            let label = if node.kind == NodeKind::Start {
                "Start"
            } else {
                "End"
            };
            let _ = writeln!(
                out,
                "<circle class=\"shape\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>\n\
                 <text x=\"{}\" y=\"{}\" font-size=\"10\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">{label}</text>",
                f(c.x_px),
                f(c.y_px),
                f(r.width_px.min(r.height_px) / 2.0),
                style::MARKER,
                f(c.x_px),
                f(c.y_px + 3.5)
            );
        }
        NodeKind::Missing => {
            let _ = writeln!(
                out,
                "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"#fff5f5\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>",
                f(r.x_px),
                f(r.y_px),
                f(r.width_px),
                f(r.height_px),
                style::PROBLEM
            );
            box_texts(out, node, r.x_px, r.y_px, r.width_px, style::PROBLEM);
        }
        NodeKind::State => {
            let c = colours(node, overlay);
            let stroke = outline(node, overlay, &c);
            let _ = writeln!(
                out,
                "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{}/>",
                f(r.x_px),
                f(r.y_px),
                f(r.width_px),
                f(r.height_px),
                c.fill,
                dash(&c)
            );
            // A coloured bar on the left keeps the type readable under a run's colours.
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"{}\" rx=\"2\" fill=\"{}\"/>",
                f(r.x_px + 3.0),
                f(r.y_px + 6.0),
                f((r.height_px - 12.0).max(0.0)),
                style::type_colours(node.state_type).stroke
            );
            box_texts(out, node, r.x_px, r.y_px, r.width_px, c.accent);
        }
    }
    out.push_str("</g>\n");
}

fn container_svg(out: &mut String, index: usize, node: &DiagramNode, overlay: Option<&RunOverlay>) {
    let Some(container) = &node.container else {
        return;
    };
    let r = container.rect;
    let c = colours(node, overlay);
    let stroke = outline(node, overlay, &c);
    let _ = writeln!(
        out,
        "<g id=\"node-{index}\" class=\"node container\" data-node=\"{}\"{}>",
        escape_xml(&node.id),
        status_attr(node, overlay)
    );
    let _ = writeln!(
        out,
        "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"{}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{}/>",
        f(r.x_px),
        f(r.y_px),
        f(r.width_px),
        f(r.height_px),
        c.fill,
        dash(&c)
    );
    let h = container.header;
    box_texts(
        out,
        node,
        h.x_px,
        h.y_px,
        h.width_px.max(r.width_px),
        c.accent,
    );
    for (lane_index, lane) in container.lanes.iter().enumerate() {
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>",
            f(lane.x_px),
            f(lane.y_px),
            f(lane.width_px),
            f(lane.height_px),
            c.stroke
        );
        if let Some(title) = node.lane_titles.get(lane_index) {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\">{}</text>",
                f(lane.x_px + 8.0),
                f(lane.y_px + 14.0),
                f(LANE_TITLE_SIZE),
                style::TEXT_MUTED,
                escape_xml(title)
            );
        }
    }
    out.push_str("</g>\n");
}

fn edge_svg(out: &mut String, edge: &DiagramEdge) {
    let Some(first) = edge.points.first() else {
        return;
    };
    let mut d = format!("M{} {}", f(first.x_px), f(first.y_px));
    for p in &edge.points[1..] {
        let _ = write!(d, " L{} {}", f(p.x_px), f(p.y_px));
    }
    let (colour, marker, dashed) = if edge.kind.is_dashed() {
        (
            style::EDGE_CATCH,
            "arrow-catch",
            " stroke-dasharray=\"6 4\"",
        )
    } else {
        (style::EDGE, "arrow", "")
    };
    let _ = writeln!(
        out,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.4\" stroke-linejoin=\"round\"{dashed} marker-end=\"url(#{marker})\"/>"
    );
}

fn label_svg(out: &mut String, edge: &DiagramEdge) {
    let Some(rect) = edge.label_rect else {
        return;
    };
    if edge.label_lines.is_empty() {
        return;
    }
    let colour = match edge.kind {
        EdgeKind::Catch { .. } => style::EDGE_CATCH,
        _ => style::TEXT_MUTED,
    };
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"#ffffff\" stroke=\"#d5dbe3\" stroke-width=\"1\"/>",
        f(rect.x_px),
        f(rect.y_px),
        f(rect.width_px),
        f(rect.height_px)
    );
    let cx = rect.x_px + rect.width_px / 2.0;
    let mut baseline = rect.y_px + 3.0 + LABEL_SIZE;
    for line in &edge.label_lines {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{colour}\" text-anchor=\"middle\">{}</text>",
            f(cx),
            f(baseline),
            f(LABEL_SIZE),
            escape_xml(line)
        );
        baseline += LABEL_LINE;
    }
}

/// Width of one legend entry (swatch, gap, words, gap).
fn legend_entry_width(status: StateStatus) -> f32 {
    32.0 + crate::text::text_width_px(status.as_str(), 11.0, false)
}

/// The legend's rows: the run's status first, then the colours, as many to a row as fit.
fn legend_rows(width: f32) -> Vec<Vec<StateStatus>> {
    let mut rows: Vec<Vec<StateStatus>> = vec![Vec::new()];
    let mut x = 16.0 + 120.0;
    for status in StateStatus::ALL {
        let w = legend_entry_width(status);
        if x + w > width - 8.0 && rows.last().is_some_and(|r| !r.is_empty()) {
            rows.push(Vec::new());
            x = 16.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(status);
        }
        x += w;
    }
    rows
}

fn legend_svg(out: &mut String, top: f32, width: f32, overlay: &RunOverlay) {
    out.push_str("<g class=\"legend\">\n");
    let _ =
        writeln!(
        out,
        "<text x=\"16\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" fill=\"{}\">Run {}</text>",
        f(top + 21.0),
        style::TEXT,
        overlay.run_status.as_str().to_ascii_lowercase().replace('_', " ")
    );
    for (row_index, row) in legend_rows(width).iter().enumerate() {
        let y = top + 8.0 + row_index as f32 * LEGEND_ROW;
        let mut x = if row_index == 0 { 16.0 + 120.0 } else { 16.0 };
        for &status in row {
            let c = style::status_colours(status, style::TEXT);
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"16\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"{}/>\n\
                 <text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\">{}</text>",
                f(x),
                f(y),
                c.fill,
                c.stroke,
                dash(&c),
                f(x + 22.0),
                f(y + 12.0),
                style::TEXT_MUTED,
                status.as_str()
            );
            x += legend_entry_width(status);
        }
    }
    out.push_str("</g>\n");
}
