//! The minimap: the whole drawing in small, with the visible part framed. Shown only when the
//! drawing is larger than the view, faint until the pointer comes to it; a click or drag in it
//! moves the view there.

use eframe::egui::{
    Color32, CornerRadius, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo, WidgetType,
};
use statecraft_export::{DisplayList, GroupKind};

use super::paint::{colour, group_outline};
use super::Camera;

/// How strongly the minimap shows while the pointer is elsewhere (1: fully).
const FAINT: f32 = 0.35;

/// The minimap's largest side, in points.
const MINIMAP_MAX_SIDE: f32 = 140.0;

/// Draws the minimap in the canvas's bottom-right corner and moves the camera on click or drag.
pub fn minimap_ui(ui: &mut Ui, canvas: Rect, display: &DisplayList, camera: &mut Camera) {
    let drawing = Rect::from_min_size(Pos2::ZERO, Vec2::new(display.width_px, display.height_px));
    let visible = camera.visible_in_diagram(canvas);
    if visible.contains_rect(drawing) || drawing.width() <= 0.0 || drawing.height() <= 0.0 {
        return;
    }
    let scale = (MINIMAP_MAX_SIDE / drawing.width()).min(MINIMAP_MAX_SIDE / drawing.height());
    let size = drawing.size() * scale;
    if canvas.width() < size.x * 2.0 || canvas.height() < size.y + 40.0 {
        return;
    }
    let frame = Rect::from_min_size(canvas.max - size - Vec2::splat(12.0), size);
    let response = ui.interact(frame, ui.id().with("minimap"), Sense::click_and_drag());
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Other, true, "Minimap"));
    // Faint until the pointer comes to it, so that the boxes and labels under it stay readable.
    let opacity = if response.hovered() || response.dragged() {
        1.0
    } else {
        FAINT
    };
    let painter = ui.painter_at(canvas);
    let panel = ui.visuals().extreme_bg_color;
    painter.rect(
        frame.expand(4.0),
        CornerRadius::same(4),
        panel.gamma_multiply(0.92 * opacity),
        Stroke::new(
            ui.visuals().widgets.noninteractive.bg_stroke.width,
            ui.visuals()
                .widgets
                .noninteractive
                .bg_stroke
                .color
                .gamma_multiply(opacity),
        ),
        StrokeKind::Outside,
    );
    let to_map = |p: Pos2| frame.min + p.to_vec2() * scale;
    for group in &display.groups {
        if let GroupKind::Node { .. } = group.kind {
            if let Some(r) = group_outline(group) {
                let fill = group
                    .items
                    .iter()
                    .find_map(|item| match item {
                        statecraft_export::DisplayItem::Rect {
                            stroke: Some(s), ..
                        } => Some(colour(s.colour)),
                        statecraft_export::DisplayItem::Circle { fill, .. } => Some(colour(*fill)),
                        _ => None,
                    })
                    .unwrap_or(Color32::GRAY);
                painter.rect_filled(
                    Rect::from_min_max(to_map(r.min), to_map(r.max)),
                    CornerRadius::same(1),
                    fill.gamma_multiply(0.6 * opacity),
                );
            }
        }
    }
    let view = Rect::from_min_max(to_map(visible.min), to_map(visible.max)).intersect(frame);
    painter.rect_stroke(
        view,
        CornerRadius::same(2),
        Stroke::new(
            1.5,
            ui.visuals().selection.stroke.color.gamma_multiply(opacity),
        ),
        StrokeKind::Inside,
    );
    if response.clicked() || response.dragged() {
        if let Some(p) = response.interact_pointer_pos() {
            let target = ((p - frame.min) / scale).to_pos2();
            camera.centre_on(canvas, target);
        }
    }
    response.on_hover_text("Click or drag to move the view");
}
