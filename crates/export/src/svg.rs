//! SVG in the designer's look: rounded boxes coloured by state type, Start/End circles, arrows,
//! dashed Catch edges with labels, containers with lanes for Parallel branches and Map processors.
//! Text stays text, so the picture is searchable and prints sharply; the SVG embeds the glyphs
//! it uses from the bundled font (a subset, in a `<style>` `@font-face`), so that browsers draw
//! the text with the font its boxes were measured with, installed or not.
//!
//! The picture is the [`DisplayList`] of the diagram, written out item by item: the canvas paints
//! the same list, so the two cannot drift.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::diagram::Diagram;
use crate::display::{
    display_list, DisplayItem, DisplayList, DisplayOptions, GroupKind, Rgba, Stroke, TextAnchor,
    Theme,
};
use crate::escape::escape_xml;
use crate::marks::Marks;
use crate::style::Palette;
use crate::text::{font_face_css, EMBEDDED_FAMILY, FONT_FAMILY};

/// What to draw besides the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct SvgOptions<'a> {
    /// What to mark on the states and edges (a run's statuses, a comparison's changes), with a
    /// legend of the looks it uses.
    pub marks: Option<&'a Marks>,
    /// A title for the picture (`<title>`, read by screen readers).
    pub title: Option<&'a str>,
    /// Leave out the XML namespace, for SVG inlined in HTML (which needs none).
    pub inline: bool,
}

/// The diagram as an SVG document (light theme), with the glyphs it uses embedded.
pub fn svg(diagram: &Diagram, options: &SvgOptions<'_>) -> String {
    svg_with_font(diagram, options, true)
}

/// The diagram as an SVG document (light theme); `embed_font` embeds the glyphs it uses, else the
/// text only names the font (as for resvg, which is handed the whole bundled font).
pub(crate) fn svg_with_font(
    diagram: &Diagram,
    options: &SvgOptions<'_>,
    embed_font: bool,
) -> String {
    let list = display_list(
        diagram,
        &DisplayOptions {
            marks: options.marks,
            theme: Theme::Light,
        },
    );
    write_svg(
        &list,
        Palette::of(Theme::Light),
        options,
        embed_font,
        &ElementAttributes::default(),
    )
}

/// A display list as an SVG document. `palette` names the arrow markers: arrows in its edge and
/// Catch colours use the markers `arrow` and `arrow-catch`; other colours get markers of their own.
/// `options.marks` is not read (the list already holds the marks' colours). The glyphs of the
/// list's text are embedded, as by [`svg()`].
pub fn svg_of_display_list(
    list: &DisplayList,
    palette: &Palette,
    options: &SvgOptions<'_>,
) -> String {
    write_svg(list, palette, options, true, &ElementAttributes::default())
}

/// What a page that restyles the picture needs besides the items (the HTML page's replay): extra
/// attributes on some elements, and arrow markers in colours no path of the list has yet.
#[derive(Debug, Clone, Default)]
pub(crate) struct ElementAttributes {
    /// Attribute text (` id="edge-3"`, already escaped) by (group index, item index) in the list.
    pub(crate) attributes: BTreeMap<(usize, usize), String>,
    /// Colours of arrow markers to define whether or not a path uses them.
    pub(crate) markers: Vec<Rgba>,
}

/// [`svg_of_display_list`] with [`ElementAttributes`]: the same elements, the marked ones with their extra
/// attributes, and the extra markers defined.
pub(crate) fn svg_of_display_list_marked(
    list: &DisplayList,
    palette: &Palette,
    options: &SvgOptions<'_>,
    marks: &ElementAttributes,
) -> String {
    write_svg(list, palette, options, true, marks)
}

/// The id of the arrow marker of a colour: `arrow` and `arrow-catch` for the palette's edge and
/// Catch colours, `arrow-rrggbb` for others.
pub(crate) fn marker_id(palette: &Palette, colour: Rgba) -> String {
    if colour == palette.edge {
        "arrow".to_owned()
    } else if colour == palette.edge_catch {
        "arrow-catch".to_owned()
    } else {
        format!("arrow-{}", &colour.to_hex()[1..])
    }
}

/// A length as the SVG writes it (rounded to a tenth of a pixel).
pub(crate) fn number(v: f32) -> String {
    f(v)
}

/// The characters of the list's text, regular and bold apart, sorted.
fn used_chars(list: &DisplayList) -> (BTreeSet<char>, BTreeSet<char>) {
    let (mut regular, mut bold) = (BTreeSet::new(), BTreeSet::new());
    for group in &list.groups {
        for item in &group.items {
            if let DisplayItem::Text {
                text,
                bold: is_bold,
                ..
            } = item
            {
                let set = if *is_bold { &mut bold } else { &mut regular };
                set.extend(text.chars());
            }
        }
    }
    (regular, bold)
}

fn write_svg(
    list: &DisplayList,
    palette: &Palette,
    options: &SvgOptions<'_>,
    embed_font: bool,
    marks: &ElementAttributes,
) -> String {
    let font_faces = if embed_font {
        let (regular, bold) = used_chars(list);
        font_face_css(&regular, &bold)
    } else {
        String::new()
    };
    let family = if font_faces.is_empty() {
        format!("{FONT_FAMILY}, sans-serif")
    } else {
        format!("{EMBEDDED_FAMILY}, {FONT_FAMILY}, sans-serif")
    };
    let width = f(list.width_px);
    let height = f(list.height_px);
    let mut out = String::with_capacity(4096 + font_faces.len() + list.groups.len() * 600);
    let namespace = if options.inline {
        ""
    } else {
        " xmlns=\"http://www.w3.org/2000/svg\""
    };
    let _ = writeln!(
        out,
        "<svg{namespace} width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         font-family=\"{family}\" role=\"img\">"
    );
    if let Some(title) = options.title {
        let _ = writeln!(out, "<title>{}</title>", escape_xml(title));
    }
    if !font_faces.is_empty() {
        // Base64 and the family name hold no `<` or `&`: the rules need no escaping.
        let _ = write!(out, "<style>\n{font_faces}</style>\n");
    }
    let mut markers = vec![
        (palette.edge, marker_id(palette, palette.edge)),
        (palette.edge_catch, marker_id(palette, palette.edge_catch)),
    ];
    let used = list
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .filter_map(|item| match item {
            DisplayItem::Path {
                arrow: Some(colour),
                ..
            } => Some(colour),
            _ => None,
        });
    for colour in used.chain(&marks.markers) {
        if !markers.iter().any(|(c, _)| c == colour) {
            markers.push((*colour, marker_id(palette, *colour)));
        }
    }
    out.push_str("<defs>\n");
    for (colour, id) in &markers {
        out.push_str(&arrow_marker(id, *colour));
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\"{}/>",
        paint("fill", list.background)
    );
    let mut section = Section::Nodes;
    for (group_index, group) in list.groups.iter().enumerate() {
        let extra = |item_index: usize| {
            marks
                .attributes
                .get(&(group_index, item_index))
                .map_or("", String::as_str)
        };
        let next = match group.kind {
            GroupKind::Node { .. } => Section::Nodes,
            GroupKind::Edge { .. } => Section::Edges,
            GroupKind::EdgeLabel { .. } => Section::Labels,
            GroupKind::Legend => Section::Legend,
        };
        section = enter(&mut out, section, next);
        match &group.kind {
            GroupKind::Node {
                index,
                id,
                container,
                look,
            } => {
                let class = if *container { "node container" } else { "node" };
                let status = look
                    .map(|s| format!(" data-status=\"{}\"", s.css_name()))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<g id=\"node-{index}\" class=\"{class}\" data-node=\"{}\"{status}>",
                    escape_xml(&id.to_string())
                );
                for (i, item) in group.items.iter().enumerate() {
                    item_svg(&mut out, item, i == 0, &markers, extra(i));
                }
                out.push_str("</g>\n");
            }
            _ => {
                for (i, item) in group.items.iter().enumerate() {
                    item_svg(&mut out, item, false, &markers, extra(i));
                }
            }
        }
    }
    enter(&mut out, section, Section::End);
    out.push_str("</svg>\n");
    out
}

/// Where the writer is: the `<g>` wrappers of edges, labels and legend open and close between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Nodes,
    Edges,
    Labels,
    Legend,
    End,
}

/// Closes the sections before `next` and opens the ones up to it (edges and labels are always
/// written, even empty; the legend only when the list has one).
fn enter(out: &mut String, current: Section, next: Section) -> Section {
    let mut at = current;
    while at < next {
        match at {
            Section::Nodes => out.push_str("<g class=\"edges\">\n"),
            Section::Edges => out.push_str("</g>\n<g class=\"labels\">\n"),
            Section::Labels => out.push_str("</g>\n"),
            Section::Legend => {
                if current == Section::Legend {
                    out.push_str("</g>\n");
                }
            }
            Section::End => {}
        }
        at = match at {
            Section::Nodes => Section::Edges,
            Section::Edges => Section::Labels,
            Section::Labels => Section::Legend,
            Section::Legend | Section::End => Section::End,
        };
        if at == Section::Legend && next == Section::Legend {
            out.push_str("<g class=\"legend\">\n");
        }
    }
    next
}

fn arrow_marker(id: &str, colour: Rgba) -> String {
    format!(
        "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"{}/></marker>\n",
        paint("fill", colour)
    )
}

/// ` fill="#rrggbb"` (and ` fill-opacity` when the colour is not opaque).
fn paint(attribute: &str, colour: Rgba) -> String {
    if colour.a == 255 {
        format!(" {attribute}=\"{}\"", colour.to_hex())
    } else {
        format!(
            " {attribute}=\"{}\" {attribute}-opacity=\"{}\"",
            colour.to_hex(),
            opacity(colour)
        )
    }
}

fn opacity(colour: Rgba) -> String {
    let text = format!("{:.2}", colour.opacity());
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn stroke_attrs(stroke: &Stroke) -> String {
    let mut s = format!(
        "{} stroke-width=\"{}\"",
        paint("stroke", stroke.colour),
        f(stroke.width_px)
    );
    if let Some([dash, gap]) = stroke.dash_px {
        let _ = write!(s, " stroke-dasharray=\"{} {}\"", f(dash), f(gap));
    }
    s
}

/// Writes one item; `extra` is attribute text written after the element's name (and class).
fn item_svg(
    out: &mut String,
    item: &DisplayItem,
    shape: bool,
    markers: &[(Rgba, String)],
    extra: &str,
) {
    let class = if shape {
        "<rect class=\"shape\""
    } else {
        "<rect"
    };
    match item {
        DisplayItem::Rect {
            rect,
            corner_radius_px,
            fill,
            stroke,
        } => {
            let _ = writeln!(
                out,
                "{class}{extra} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"{}{}/>",
                f(rect.x_px),
                f(rect.y_px),
                f(rect.width_px),
                f(rect.height_px),
                f(*corner_radius_px),
                paint("fill", *fill),
                stroke.as_ref().map(stroke_attrs).unwrap_or_default()
            );
        }
        DisplayItem::Circle {
            centre,
            radius_px,
            fill,
        } => {
            let class = if shape { " class=\"shape\"" } else { "" };
            let _ = writeln!(
                out,
                "<circle{class}{extra} cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>",
                f(centre.x_px),
                f(centre.y_px),
                f(*radius_px),
                paint("fill", *fill)
            );
        }
        DisplayItem::Text {
            x_px,
            baseline_px,
            text,
            size_px,
            bold,
            colour,
            anchor,
            tooltip,
        } => {
            let weight = if *bold { " font-weight=\"bold\"" } else { "" };
            let anchor = match anchor {
                TextAnchor::Start => "",
                TextAnchor::Middle => " text-anchor=\"middle\"",
                TextAnchor::End => " text-anchor=\"end\"",
            };
            let title = tooltip
                .as_deref()
                .map(|t| format!("<title>{}</title>", escape_xml(t)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<text{extra} x=\"{}\" y=\"{}\" font-size=\"{}\"{weight}{}{anchor}>{title}{}</text>",
                f(*x_px),
                f(*baseline_px),
                f(*size_px),
                paint("fill", *colour),
                escape_xml(text)
            );
        }
        DisplayItem::Path {
            points,
            stroke,
            arrow,
        } => {
            let Some(first) = points.first() else {
                return;
            };
            let mut d = format!("M{} {}", f(first.x_px), f(first.y_px));
            for p in &points[1..] {
                let _ = write!(d, " L{} {}", f(p.x_px), f(p.y_px));
            }
            let marker = arrow
                .and_then(|colour| markers.iter().find(|(c, _)| *c == colour))
                .map(|(_, id)| format!(" marker-end=\"url(#{id})\""))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<path{extra} d=\"{d}\" fill=\"none\"{} stroke-width=\"{}\" stroke-linejoin=\"round\"{}{marker}/>",
                paint("stroke", stroke.colour),
                f(stroke.width_px),
                stroke
                    .dash_px
                    .map(|[dash, gap]| format!(" stroke-dasharray=\"{} {}\"", f(dash), f(gap)))
                    .unwrap_or_default()
            );
        }
    }
}

/// A coordinate, rounded to a tenth of a pixel.
fn f(v: f32) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}
