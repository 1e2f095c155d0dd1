//! The egui painter of the display list: the same shapes, text and colours the SVG writer
//! writes, placed by the camera. Nothing here decides how the diagram looks; it only translates.

use std::collections::BTreeSet;

use eframe::egui::{
    epaint::{self, PathStroke},
    Align2, Color32, CornerRadius, FontFamily, FontId, Painter, Pos2, Rect, Shape, Stroke,
    StrokeKind, Vec2,
};
use statecraft_asl::graph::NodeId;
use statecraft_export::{
    arrow_head, DisplayGroup, DisplayItem, DisplayList, GroupKind, Rgba, TextAnchor,
};
use statecraft_layout::{LayoutPoint, LayoutRect};

use super::Camera;

/// The egui font family of the bundled DejaVu Sans (regular).
pub const FAMILY_REGULAR: &str = "DejaVu Sans";
/// The egui font family of the bundled DejaVu Sans Bold.
pub const FAMILY_BOLD: &str = "DejaVu Sans Bold";

/// Text smaller than this on screen (in points) is not drawn: it could not be read anyway.
const MIN_TEXT_POINTS: f32 = 2.5;

/// What the canvas marks on top of the diagram's own look.
#[derive(Debug, Default)]
pub struct Marks<'a> {
    /// Selected node ids: drawn with a focus ring.
    pub selection: Option<&'a BTreeSet<NodeId>>,
    /// Edges (indices) drawn emphasised: those of the hovered state.
    pub emphasised_edges: BTreeSet<usize>,
    /// Colour of the focus ring and emphasised edges.
    pub accent: Color32,
    /// Draw everything faded (the text does not parse; this is the last good drawing).
    pub dimmed: bool,
}

/// An sRGB colour of the display list as egui's.
pub fn colour(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

fn pos(camera: &Camera, canvas: Rect, p: LayoutPoint) -> Pos2 {
    camera.to_screen(canvas, Pos2::new(p.x_px, p.y_px))
}

/// A layout rectangle in diagram pixels as an egui rectangle in diagram pixels.
pub fn diagram_rect(r: &LayoutRect) -> Rect {
    Rect::from_min_size(
        Pos2::new(r.x_px, r.y_px),
        Vec2::new(r.width_px, r.height_px),
    )
}

/// The shapes of the display list (its visible part) on the canvas.
pub fn display_list_shapes(
    painter: &Painter,
    list: &DisplayList,
    camera: &Camera,
    canvas: Rect,
    marks: &Marks<'_>,
) -> Vec<Shape> {
    let visible = camera.visible_in_diagram(canvas).expand(40.0);
    let mut shapes: Vec<Shape> = Vec::with_capacity(list.groups.len() * 6);
    for group in &list.groups {
        if !group_visible(group, visible) {
            continue;
        }
        let emphasised = matches!(group.kind, GroupKind::Edge { index } | GroupKind::EdgeLabel { index } if marks.emphasised_edges.contains(&index));
        for item in &group.items {
            item_shapes(
                painter,
                item,
                camera,
                canvas,
                emphasised,
                marks,
                &mut shapes,
            );
        }
        if let (GroupKind::Node { id, .. }, Some(selection)) = (&group.kind, marks.selection) {
            if selection.contains(id) {
                if let Some(outline) = group_outline(group) {
                    let r = camera.rect_to_screen(canvas, outline).expand(3.0);
                    shapes.push(Shape::rect_stroke(
                        r,
                        CornerRadius::same((10.0 * camera.zoom).clamp(2.0, 30.0) as u8),
                        Stroke::new(2.5, marks.accent),
                        StrokeKind::Outside,
                    ));
                }
            }
        }
    }
    if marks.dimmed {
        for shape in &mut shapes {
            fade(shape, 0.35);
        }
    }
    shapes
}

/// Fades a shape (the last good drawing under a parse error).
fn fade(shape: &mut Shape, opacity: f32) {
    match shape {
        Shape::Rect(r) => {
            r.fill = r.fill.gamma_multiply(opacity);
            r.stroke.color = r.stroke.color.gamma_multiply(opacity);
        }
        Shape::Circle(c) => c.fill = c.fill.gamma_multiply(opacity),
        Shape::Path(p) => {
            p.fill = p.fill.gamma_multiply(opacity);
            if let epaint::ColorMode::Solid(c) = &mut p.stroke.color {
                *c = c.gamma_multiply(opacity);
            }
        }
        Shape::LineSegment { stroke, .. } => stroke.color = stroke.color.gamma_multiply(opacity),
        Shape::Text(t) => t.opacity_factor *= opacity,
        Shape::Vec(v) => v.iter_mut().for_each(|s| fade(s, opacity)),
        _ => {}
    }
}

/// The first rectangle or circle of a node group: its outline.
pub fn group_outline(group: &DisplayGroup) -> Option<Rect> {
    group.items.iter().find_map(|item| match item {
        DisplayItem::Rect { rect, .. } => Some(diagram_rect(rect)),
        DisplayItem::Circle {
            centre, radius_px, ..
        } => Some(Rect::from_center_size(
            Pos2::new(centre.x_px, centre.y_px),
            Vec2::splat(radius_px * 2.0),
        )),
        _ => None,
    })
}

fn group_visible(group: &DisplayGroup, visible: Rect) -> bool {
    match group.kind {
        GroupKind::Node { .. } => group_outline(group).is_none_or(|r| r.intersects(visible)),
        _ => true,
    }
}

fn item_shapes(
    painter: &Painter,
    item: &DisplayItem,
    camera: &Camera,
    canvas: Rect,
    emphasised: bool,
    marks: &Marks<'_>,
    out: &mut Vec<Shape>,
) {
    let zoom = camera.zoom;
    match item {
        DisplayItem::Rect {
            rect,
            corner_radius_px,
            fill,
            stroke,
        } => {
            let r = camera.rect_to_screen(canvas, diagram_rect(rect));
            let radius = CornerRadius::same((corner_radius_px * zoom).round().min(255.0) as u8);
            out.push(Shape::rect_filled(r, radius, colour(*fill)));
            if let Some(stroke) = stroke {
                let s = Stroke::new(stroke.width_px * zoom.max(0.5), colour(stroke.colour));
                match stroke.dash_px {
                    None => out.push(Shape::rect_stroke(r, radius, s, StrokeKind::Middle)),
                    Some([dash, gap]) => {
                        let outline = rounded_outline(r, corner_radius_px * zoom);
                        out.extend(Shape::dashed_line(&outline, s, dash * zoom, gap * zoom));
                    }
                }
            }
        }
        DisplayItem::Circle {
            centre,
            radius_px,
            fill,
        } => out.push(Shape::circle_filled(
            pos(camera, canvas, *centre),
            radius_px * zoom,
            colour(*fill),
        )),
        DisplayItem::Text {
            x_px,
            baseline_px,
            text,
            size_px,
            bold,
            colour: ink,
            anchor,
            ..
        } => {
            let size = size_px * zoom;
            if size < MIN_TEXT_POINTS {
                return;
            }
            let family = FontFamily::Name(if *bold { FAMILY_BOLD } else { FAMILY_REGULAR }.into());
            let galley =
                painter.layout_no_wrap(text.clone(), FontId::new(size, family), colour(*ink));
            let baseline_in_galley = galley
                .rows
                .first()
                .and_then(|row| row.glyphs.first().map(|g| row.pos.y + g.pos.y))
                .unwrap_or(size * 0.93);
            let at = pos(
                camera,
                canvas,
                LayoutPoint {
                    x_px: *x_px,
                    y_px: *baseline_px,
                },
            );
            let width = galley.size().x;
            let left = match anchor {
                TextAnchor::Start => at.x,
                TextAnchor::Middle => at.x - width / 2.0,
                TextAnchor::End => at.x - width,
            };
            out.push(Shape::galley(
                Pos2::new(left, at.y - baseline_in_galley),
                galley,
                colour(*ink),
            ));
        }
        DisplayItem::Path {
            points,
            stroke,
            arrow,
        } => {
            let screen: Vec<Pos2> = points.iter().map(|p| pos(camera, canvas, *p)).collect();
            let (width, ink) = if emphasised {
                (stroke.width_px * 2.2, marks.accent)
            } else {
                (stroke.width_px, colour(stroke.colour))
            };
            let s = Stroke::new(width * zoom.max(0.5), ink);
            match stroke.dash_px {
                None => out.push(Shape::line(screen, PathStroke::from(s))),
                Some([dash, gap]) => {
                    out.extend(Shape::dashed_line(&screen, s, dash * zoom, gap * zoom));
                }
            }
            if let Some(head) = arrow {
                if points.len() >= 2 {
                    let tri = arrow_head(points).map(|p| pos(camera, canvas, p));
                    let fill = if emphasised {
                        marks.accent
                    } else {
                        colour(*head)
                    };
                    out.push(Shape::convex_polygon(tri.to_vec(), fill, Stroke::NONE));
                }
            }
        }
    }
}

/// The outline of a rounded rectangle as a closed polyline (for dashed borders).
fn rounded_outline(r: Rect, radius: f32) -> Vec<Pos2> {
    let radius = radius.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let mut points = Vec::with_capacity(4 * 7 + 1);
    let corners = [
        (Pos2::new(r.max.x - radius, r.min.y + radius), -90.0_f32),
        (Pos2::new(r.max.x - radius, r.max.y - radius), 0.0),
        (Pos2::new(r.min.x + radius, r.max.y - radius), 90.0),
        (Pos2::new(r.min.x + radius, r.min.y + radius), 180.0),
    ];
    for (centre, start) in corners {
        for step in 0..=6 {
            let angle = (start + step as f32 * 15.0).to_radians();
            points.push(centre + Vec2::new(angle.cos(), angle.sin()) * radius);
        }
    }
    if let Some(first) = points.first().copied() {
        points.push(first);
    }
    points
}

/// Draws a centred message on an empty canvas.
pub fn empty_message(painter: &Painter, canvas: Rect, text: &str, ink: Color32) {
    painter.text(
        canvas.center(),
        Align2::CENTER_CENTER,
        text,
        FontId::proportional(14.0),
        ink,
    );
}
