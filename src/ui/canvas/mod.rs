//! The canvas: the diagram drawn by the display list, a camera (pan, zoom, fit, minimap), hit
//! testing, selection (click, Shift+click, rubber band) and hover. It changes view state only
//! (selection, camera, folded containers); document changes go out as commands.

mod camera;
pub mod drop;
mod minimap;
pub mod paint;

pub use camera::{Camera, MAX_ZOOM, MIN_ZOOM, ZOOM_STEP};

use std::collections::BTreeSet;

use eframe::egui::{
    self, accesskit, Color32, CursorIcon, Id, Key, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo, WidgetType,
};
use statecraft_asl::graph::{NodeId, NodeKind};
use statecraft_export::{Diagram, DisplayList, GroupKind};

use self::paint::{diagram_rect, display_list_shapes, group_outline, Marks};
use super::document::ViewState;

/// How far the arrow keys pan, in points.
const ARROW_PAN_POINTS: f32 = 60.0;

/// The accessible role description of a state on the canvas (what screen readers announce and
/// tests look for).
pub const STATE_ROLE: &str = "state";

/// What the canvas needs to draw one frame.
#[derive(Debug)]
pub struct CanvasInput<'a> {
    /// The laid-out diagram (for hit testing and names).
    pub diagram: &'a Diagram,
    /// What to paint.
    pub display: &'a DisplayList,
    /// The drawing is of an older text (the current one does not parse).
    pub stale: bool,
    /// The colour of selection and emphasis.
    pub accent: Color32,
    /// Something is being dragged over the canvas (a palette entry, a state, an arrow): the
    /// canvas does not pan under it.
    pub dragging: bool,
    /// A run shown on the diagram: each state's status (for screen readers and tests), the
    /// states waiting for the user, and whether they pulse now.
    pub run: Option<CanvasRun<'a>>,
}

/// What the canvas adds for a run: accessible statuses, breakpoints, waiting states.
#[derive(Debug, Clone, Copy)]
pub struct CanvasRun<'a> {
    /// The run at the cursor.
    pub overlay: &'a statecraft_export::RunOverlay,
    /// States waiting for the user's answer (ringed, pulsing for a while).
    pub waiting: &'a [NodeId],
    /// 0 to 1: how strongly the waiting states' ring shows this frame.
    pub pulse: f32,
    /// 0 to 1: how far along the transition just taken a dot has travelled (`None`: no dot).
    pub travel: Option<f32>,
}

/// What happened on the canvas this frame, for the app to act on.
#[derive(Debug, Default)]
pub struct CanvasOutput {
    /// The selection changed by a click or rubber band: reveal it in the code view.
    pub selection_changed: bool,
    /// A state was double-clicked: rename it.
    pub rename: Option<NodeId>,
    /// The user started dragging this state (to move it onto an arrow or into a branch).
    pub drag_state: Option<NodeId>,
    /// The user started dragging the selected arrow (to point it at another state).
    pub drag_edge: Option<statecraft_asl::graph::GraphEdge>,
    /// The canvas's rectangle on screen.
    pub rect: Option<Rect>,
}

/// Draws the canvas and handles its gestures.
pub fn canvas_ui(ui: &mut Ui, view: &mut ViewState, input: &CanvasInput<'_>) -> CanvasOutput {
    let (rect, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    background.widget_info(|| WidgetInfo::labeled(WidgetType::Other, true, "Diagram canvas"));
    let mut output = CanvasOutput {
        rect: Some(rect),
        ..CanvasOutput::default()
    };
    let diagram = input.diagram;
    let drawing_size = Vec2::new(input.display.width_px, input.display.height_px);
    if view.fit_pending {
        view.camera.fit(rect, drawing_size);
        view.fit_pending = false;
    }
    if let Some(id) = view.centre_on.take() {
        if let Some(node) = diagram.node(&id) {
            view.camera
                .centre_on(rect, diagram_rect(&node.rect).center());
        }
    }
    camera_input(ui, rect, &mut view.camera);
    // The diagram goes under the widgets drawn below (folding buttons, rubber band): its place in
    // the paint order is taken now, its shapes are filled in once hover is known.
    let diagram_layer = ui.painter_at(rect).add(egui::Shape::Noop);

    // States as widgets, containers first so that the states inside them win the pointer.
    let pointer = ui.input(|i| i.pointer.hover_pos());
    let shift = ui.input(|i| i.modifiers.shift);
    let mut hovered: Option<NodeId> = None;
    let visible = view.camera.visible_in_diagram(rect);
    for group in &input.display.groups {
        let GroupKind::Node {
            index,
            id,
            container,
            ..
        } = &group.kind
        else {
            continue;
        };
        let Some(node) = diagram.nodes.get(*index) else {
            continue;
        };
        if node.kind != NodeKind::State {
            continue;
        }
        let Some(outline) = group_outline(group) else {
            continue;
        };
        // Hit area: a container's header only, so clicks in its lanes reach the background.
        let hit_in_diagram = match (&node.container, container) {
            (Some(c), true) => diagram_rect(&c.header),
            _ => outline,
        };
        if !hit_in_diagram.intersects(visible) && !view.selection.contains(id) {
            continue;
        }
        let hit = view
            .camera
            .rect_to_screen(rect, hit_in_diagram)
            .intersect(rect);
        if !hit.is_positive() {
            continue;
        }
        let Some(graph_node) = diagram.graph.node(id) else {
            continue;
        };
        let name = &graph_node.name;
        let widget_id = ui.id().with(("state", id));
        let response = ui.interact(hit, widget_id, Sense::click_and_drag());
        let selected = view.selection.contains(id);
        response.widget_info(|| {
            WidgetInfo::selected(WidgetType::SelectableLabel, true, selected, name)
        });
        let run_status = input.run.map(|run| run.overlay.status(id));
        let breakpoint = view.breakpoints.contains(id);
        ui.ctx().accesskit_node_builder(response.id, |builder| {
            builder.set_role(accesskit::Role::ListItem);
            builder.set_role_description(STATE_ROLE);
            let mut description = graph_node.summary.clone();
            if let Some(status) = run_status {
                description.push_str(&format!("; run: {}", status.as_str()));
            }
            if breakpoint {
                description.push_str("; breakpoint");
            }
            builder.set_description(description);
        });
        if response.hovered() {
            hovered = Some(id.clone());
        }
        if response.double_clicked() {
            view.selection = BTreeSet::from([id.clone()]);
            output.rename = Some(id.clone());
        }
        if response.drag_started() && !shift {
            view.selection = BTreeSet::from([id.clone()]);
            output.selection_changed = true;
            output.drag_state = Some(id.clone());
        }
        if response.clicked() {
            view.selected_edge = None;
            if shift {
                if !view.selection.remove(id) {
                    view.selection.insert(id.clone());
                }
            } else {
                view.selection = BTreeSet::from([id.clone()]);
            }
            output.selection_changed = true;
        }
        if *container || view.collapsed.contains(id) {
            let collapsed = view.collapsed.contains(id);
            folding_toggle(ui, rect, view, id, name, &node.rect, collapsed);
        }
        // Right click: what can be done to this state from here.
        let mut rename = false;
        response.context_menu(|ui| {
            let label = if view.breakpoints.contains(id) {
                "Remove breakpoint (F9)"
            } else {
                "Add breakpoint (F9)"
            };
            if ui
                .button(label)
                .on_hover_text("Playing a run stops when it enters this state")
                .clicked()
            {
                if !view.breakpoints.remove(id) {
                    view.breakpoints.insert(id.clone());
                }
                ui.close();
            }
            if ui.button("Rename… (F2)").clicked() {
                rename = true;
                ui.close();
            }
        });
        if rename {
            view.selection = BTreeSet::from([id.clone()]);
            output.rename = Some(id.clone());
        }
        // The tooltip's text is built only while it shows.
        response.on_hover_ui(|ui| {
            ui.label(tooltip(graph_node));
        });
    }
    if hovered.is_some() {
        ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
    }

    // Rubber band (Shift+drag on empty canvas), or plain click on empty canvas clears.
    let band_id = ui.id().with("rubber band");
    if background.drag_started() && shift {
        if let Some(p) = background.interact_pointer_pos() {
            ui.data_mut(|d| d.insert_temp(band_id, p));
        }
    }
    let band_start: Option<Pos2> = ui.data(|d| d.get_temp(band_id));
    if let (Some(start), Some(now)) = (band_start, pointer) {
        let band = Rect::from_two_pos(start, now);
        if background.dragged() {
            ui.painter().rect(
                band,
                2,
                input.accent.gamma_multiply(0.12),
                Stroke::new(1.0, input.accent),
                StrokeKind::Inside,
            );
        }
        if background.drag_stopped() {
            let band_in_diagram = Rect::from_two_pos(
                view.camera.to_diagram(rect, band.min),
                view.camera.to_diagram(rect, band.max),
            );
            for node in diagram.nodes.iter().filter(|n| n.kind == NodeKind::State) {
                if band_in_diagram.contains_rect(diagram_rect(&node.rect)) {
                    view.selection.insert(node.id.clone());
                }
            }
            ui.data_mut(|d| d.remove::<Pos2>(band_id));
            output.selection_changed = true;
        }
    } else if background.drag_started()
        && on_selected_edge(diagram, view, rect, ui.input(|i| i.pointer.press_origin()))
    {
        // Dragging the selected arrow points it elsewhere.
        output.drag_edge = view.selected_edge.clone();
    } else if background.dragged() && !input.dragging {
        view.camera.pan(background.drag_delta());
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
    }
    if background.clicked() && !shift {
        // A click on an arrow selects it (Delete removes it); elsewhere it clears the selection.
        let on_edge = background.interact_pointer_pos().and_then(|p| {
            match drop::drop_target(diagram, &view.camera, rect, p) {
                Some(drop::DropTarget::Edge(index)) => Some(index),
                _ => None,
            }
        });
        view.selected_edge = on_edge.and_then(|index| {
            let drawn = diagram.edges.get(index)?;
            diagram
                .graph
                .edges
                .iter()
                .find(|e| e.from == drawn.from && e.to == drawn.to && e.kind == drawn.kind)
                .cloned()
        });
        if !view.selection.is_empty() {
            view.selection.clear();
            output.selection_changed = true;
        }
    }

    // Paint: the diagram, then the minimap over it.
    let mut emphasised_edges: BTreeSet<usize> = hovered
        .as_ref()
        .map(|id| {
            diagram
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.from == *id || e.to == *id)
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default();
    if let Some(edge) = &view.selected_edge {
        emphasised_edges.extend(
            diagram
                .edges
                .iter()
                .position(|e| e.from == edge.from && e.to == edge.to && e.kind == edge.kind),
        );
    }
    let painter = ui.painter_at(rect);
    let shapes = display_list_shapes(
        &painter,
        input.display,
        &view.camera,
        rect,
        &Marks {
            selection: Some(&view.selection),
            emphasised_edges,
            accent: input.accent,
            dimmed: input.stale,
        },
    );
    painter.set(diagram_layer, egui::Shape::Vec(shapes));
    run_marks(&painter, diagram, view, rect, input);
    minimap::minimap_ui(ui, rect, input.display, &mut view.camera);
    output
}

/// Breakpoints (a red dot at a box's left edge) and the ring of states waiting for an answer.
fn run_marks(
    painter: &egui::Painter,
    diagram: &Diagram,
    view: &ViewState,
    rect: Rect,
    input: &CanvasInput<'_>,
) {
    for id in &view.breakpoints {
        if let Some(node) = diagram.node(id) {
            let r = view.camera.rect_to_screen(rect, diagram_rect(&node.rect));
            let radius = (5.0 * view.camera.zoom).clamp(3.0, 8.0);
            painter.circle(
                Pos2::new(
                    r.left(),
                    r.top() + r.height().min(40.0 * view.camera.zoom) / 2.0,
                ),
                radius,
                Color32::from_rgb(0xd1, 0x32, 0x12),
                Stroke::new(1.5, Color32::WHITE),
            );
        }
    }
    let Some(run) = input.run else {
        return;
    };
    if let (Some(progress), Some((from, to))) = (run.travel, run.overlay.taken.as_ref()) {
        if let Some(edge) = diagram
            .edges
            .iter()
            .find(|e| e.from == *from && e.to == *to)
        {
            let points: Vec<Pos2> = edge
                .points
                .iter()
                .map(|p| view.camera.to_screen(rect, Pos2::new(p.x_px, p.y_px)))
                .collect();
            if let Some(at) = point_along(&points, progress) {
                let radius = (5.0 * view.camera.zoom).clamp(3.0, 7.0);
                painter.circle(at, radius, input.accent, Stroke::new(1.5, Color32::WHITE));
            }
        }
    }
    for id in run.waiting {
        if let Some(node) = diagram.node(id) {
            let r = view.camera.rect_to_screen(rect, diagram_rect(&node.rect));
            let grow = 3.0 + 4.0 * run.pulse;
            painter.rect_stroke(
                r.expand(grow),
                10.0,
                Stroke::new(2.5, input.accent.gamma_multiply(0.35 + 0.65 * run.pulse)),
                StrokeKind::Outside,
            );
        }
    }
}

/// The point at `fraction` (0 to 1) of a polyline's length.
fn point_along(points: &[Pos2], fraction: f32) -> Option<Pos2> {
    let lengths: Vec<f32> = points.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    let mut left = total * fraction.clamp(0.0, 1.0);
    for (segment, length) in points.windows(2).zip(&lengths) {
        if left <= *length && *length > 0.0 {
            return Some(segment[0] + (segment[1] - segment[0]) * (left / length));
        }
        left -= length;
    }
    points.last().copied()
}

fn tooltip(node: &statecraft_asl::graph::GraphNode) -> String {
    let mut text = match &node.state_type {
        Some(t) => format!("{} ({})", node.name, t.as_str()),
        None => node.name.clone(),
    };
    if !node.summary.is_empty() {
        text.push('\n');
        text.push_str(&node.summary);
    }
    if let Some(note) = &node.note {
        text.push_str(", ");
        text.push_str(note);
    }
    for problem in &node.problems {
        text.push_str("\n\u{26a0} ");
        text.push_str(problem);
    }
    text
}

/// True when `pointer` is on the selected arrow.
fn on_selected_edge(
    diagram: &Diagram,
    view: &ViewState,
    rect: Rect,
    pointer: Option<Pos2>,
) -> bool {
    let (Some(edge), Some(p)) = (&view.selected_edge, pointer) else {
        return false;
    };
    match drop::drop_target(diagram, &view.camera, rect, p) {
        Some(drop::DropTarget::Edge(index)) => diagram
            .edges
            .get(index)
            .is_some_and(|d| d.from == edge.from && d.to == edge.to && d.kind == edge.kind),
        _ => false,
    }
}

/// The small button on a Parallel or Map header that folds or unfolds it.
fn folding_toggle(
    ui: &mut Ui,
    canvas: Rect,
    view: &mut ViewState,
    id: &NodeId,
    name: &str,
    node_rect: &statecraft_layout::LayoutRect,
    collapsed: bool,
) {
    let r = diagram_rect(node_rect);
    let size = 18.0;
    let at_in_diagram = Pos2::new(r.max.x - size - 6.0, r.min.y + 6.0);
    let button = Rect::from_min_size(
        view.camera.to_screen(canvas, at_in_diagram),
        Vec2::splat(size * view.camera.zoom.max(0.6)),
    );
    if !canvas.contains_rect(button) {
        return;
    }
    let label = if collapsed {
        format!("Expand {name}")
    } else {
        format!("Collapse {name}")
    };
    let response = ui.interact(button, ui.id().with(("fold", id)), Sense::click());
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
    let visuals = ui.style().interact(&response);
    ui.painter().rect(
        button,
        3,
        visuals.bg_fill,
        visuals.bg_stroke,
        StrokeKind::Inside,
    );
    let c = button.center();
    let arm = button.width() * 0.28;
    let stroke = Stroke::new(1.5, visuals.fg_stroke.color);
    ui.painter()
        .line_segment([c - Vec2::new(arm, 0.0), c + Vec2::new(arm, 0.0)], stroke);
    if collapsed {
        ui.painter()
            .line_segment([c - Vec2::new(0.0, arm), c + Vec2::new(0.0, arm)], stroke);
    }
    if response.clicked() && !view.collapsed.remove(id) {
        view.collapsed.insert(id.clone());
    }
    response.on_hover_text(label);
}

/// Pan with the scroll wheel and the arrow keys, zoom with Ctrl+scroll or a pinch around the
/// pointer.
fn camera_input(ui: &Ui, rect: Rect, camera: &mut Camera) {
    let (zoom, scroll, hover) =
        ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
    let pointer_inside = hover.is_some_and(|p| rect.contains(p));
    if pointer_inside && (zoom - 1.0).abs() > f32::EPSILON {
        camera.zoom_around(rect, zoom, hover.unwrap_or(rect.center()));
    } else if pointer_inside && scroll != Vec2::ZERO {
        camera.pan(scroll);
    }
    if !ui.ctx().wants_keyboard_input() {
        let step = ui.input(|i| {
            let mut d = Vec2::ZERO;
            if i.key_pressed(Key::ArrowLeft) {
                d.x += ARROW_PAN_POINTS;
            }
            if i.key_pressed(Key::ArrowRight) {
                d.x -= ARROW_PAN_POINTS;
            }
            if i.key_pressed(Key::ArrowUp) {
                d.y += ARROW_PAN_POINTS;
            }
            if i.key_pressed(Key::ArrowDown) {
                d.y -= ARROW_PAN_POINTS;
            }
            d
        });
        camera.pan(step);
    }
}

/// The id of the canvas's state widget for a node (tests and focus use it).
pub fn state_widget_id(canvas_ui_id: Id, node_id: &str) -> Id {
    canvas_ui_id.with(("state", node_id))
}
