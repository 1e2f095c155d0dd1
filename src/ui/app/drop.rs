//! Adding states from the palette: after the selection (click, Enter), or dragged onto an arrow,
//! a branch or the canvas with the target highlighted and a ghost of the box under the pointer;
//! Escape cancels a drag.

use eframe::egui::{self, Id, LayerId, Order, RichText};
use statecraft_asl::catalog::Entry;
use statecraft_asl::gesture::{self, ScopePosition};
use statecraft_asl::graph::{Handle, NodeId};
use statecraft_asl::tree::pointer_push;

use super::App;
use crate::ui::canvas::drop::{
    drop_target, node_at, paint_drop_target, paint_node_target, DropTarget,
};
use crate::ui::panels::palette::glyph;
use crate::ui::theme;

/// What is being dragged over the canvas.
#[derive(Debug, Clone)]
pub(super) enum Dragged {
    /// A palette entry: dropping adds it.
    Entry(&'static Entry),
    /// A state of the document (by its pointer): dropping moves it.
    State(String),
    /// An arrow: dropping it on a state points it there.
    Arrow(statecraft_asl::graph::GraphEdge),
}

/// Where a new state goes.
enum InsertAt {
    /// After the selected state (on its outgoing arrow), or unconnected at the top level.
    AfterSelection,
    /// Where a drag was dropped.
    Dropped(DropTarget),
}

impl App {
    /// Adds a palette entry after the selected state.
    pub(super) fn insert_after_selection(&mut self, entry: &'static Entry) {
        self.insert_entry(entry, InsertAt::AfterSelection);
    }

    fn insert_entry(&mut self, entry: &'static Entry, at: InsertAt) {
        let Some(doc) = self.active_document() else {
            return;
        };
        let (Some(document), Some(diagram)) =
            (doc.analysis.document.clone(), doc.analysis.diagram.clone())
        else {
            self.set_status("Fix the text first: it does not parse.");
            return;
        };
        let graph = &diagram.graph;
        // The scope the state goes into, and the gesture that puts it there.
        let selected = graph
            .states()
            .find(|n| doc.view.selection.contains(&n.id))
            .map(|n| (n.id.clone(), n.scope.pointer().to_owned()));
        let scope = match &at {
            InsertAt::AfterSelection => selected.as_ref().map(|s| s.1.clone()).unwrap_or_default(),
            InsertAt::Dropped(DropTarget::Edge(index)) => diagram
                .edges
                .get(*index)
                // An arrow stays in its scope; the Start marker's is the top level.
                .and_then(|e| graph.node(&e.from))
                .map(|n| n.scope.pointer().to_owned())
                .unwrap_or_default(),
            InsertAt::Dropped(DropTarget::Lane {
                container, lane, ..
            }) => graph
                .scopes_owned_by(container)
                .nth(*lane)
                .map(|s| s.id.pointer().to_owned())
                .unwrap_or_default(),
            InsertAt::Dropped(DropTarget::Canvas) => String::new(),
        };
        let language = gesture::language_at(&document, &scope);
        let snippet = entry
            .snippet(language)
            .with_unique_names(&document, &Default::default());
        let new_id = NodeId::state(pointer_push(
            &pointer_push(&scope, "States"),
            snippet.name(),
        ));
        let result = match at {
            InsertAt::AfterSelection => {
                // After a Choice means on its default path (or its first rule's).
                let out = selected.as_ref().and_then(|(id, _)| {
                    [Handle::Output, Handle::Default, Handle::Choice(0)]
                        .into_iter()
                        .find_map(|handle| graph.edge_from(id, handle))
                });
                match out {
                    Some(edge) => gesture::insert_on_edge(&document, edge, &snippet),
                    None => gesture::add_unconnected(&document, &scope, &snippet),
                }
            }
            InsertAt::Dropped(DropTarget::Edge(index)) => {
                let drawn = diagram.edges.get(index);
                let edge = drawn.and_then(|d| {
                    graph
                        .edges
                        .iter()
                        .find(|e| e.from == d.from && e.to == d.to && e.kind == d.kind)
                });
                match edge {
                    Some(edge) => gesture::insert_on_edge(&document, edge, &snippet),
                    None => return,
                }
            }
            InsertAt::Dropped(DropTarget::Lane { first, .. }) => {
                gesture::insert_into_scope(&document, &scope, &position(first), &snippet)
            }
            InsertAt::Dropped(DropTarget::Canvas) => {
                gesture::add_unconnected(&document, &scope, &snippet)
            }
        };
        let applied = result.is_ok();
        self.apply_gesture(result);
        if applied {
            if let Some(doc) = self.active_document_mut() {
                if doc.graph().is_some_and(|g| g.node(&new_id).is_some()) {
                    doc.view.selection = std::collections::BTreeSet::from([new_id]);
                }
            }
        }
    }

    /// Escape cancels a palette drag (before it can clear the selection).
    pub(super) fn palette_drag_escape(&mut self, ctx: &egui::Context) {
        if self.palette_drag.is_some()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.palette_drag = None;
            self.set_status("Drag cancelled");
        }
    }

    /// While something is dragged: the ghost, the target, and the drop on release.
    pub(super) fn palette_drag_ui(&mut self, ctx: &egui::Context) {
        let Some(dragged) = self.palette_drag.clone() else {
            return;
        };
        if let Dragged::Arrow(edge) = dragged {
            self.arrow_drag_ui(ctx, edge);
            return;
        }
        let pointer = ctx.input(|i| i.pointer.latest_pos());
        let released = ctx.input(|i| i.pointer.any_released() || !i.pointer.any_down());
        let target = match (pointer, self.canvas_rect, self.active_document()) {
            (Some(p), Some(canvas), Some(doc)) => doc
                .analysis
                .diagram
                .as_ref()
                .and_then(|d| {
                    drop_target(d, &doc.view.camera, canvas, p)
                        .filter(|t| moves_somewhere(d, &dragged, t))
                })
                .map(|t| (t, canvas)),
            _ => None,
        };
        let moving = matches!(dragged, Dragged::State(_));
        if let (Some((target, canvas)), Some(doc)) = (&target, self.active_document()) {
            if let Some(diagram) = &doc.analysis.diagram {
                if !(moving && *target == DropTarget::Canvas) {
                    let painter =
                        ctx.layer_painter(LayerId::new(Order::Foreground, Id::new("drop target")));
                    let accent = theme::accent(theme::diagram_theme(ctx));
                    paint_drop_target(&painter, diagram, &doc.view.camera, *canvas, target, accent);
                }
            }
        }
        let title = match &dragged {
            Dragged::Entry(entry) => format!("{}  {}", glyph(entry.icon), entry.title),
            Dragged::Arrow(_) => String::new(),
            Dragged::State(pointer) => self
                .active_document()
                .and_then(|d| d.graph())
                .and_then(|g| g.state_at(pointer))
                .map(|n| format!("Move {}", n.name))
                .unwrap_or_default(),
        };
        if let Some(p) = pointer {
            let hint = match (&target, moving) {
                (Some((DropTarget::Edge(_), _)), false) => "Drop to insert on this arrow",
                (Some((DropTarget::Edge(_), _)), true) => "Drop to move it onto this arrow",
                (Some((DropTarget::Lane { .. }, _)), _) => "Drop to put it in this branch",
                (Some((DropTarget::Canvas, _)), false) => "Drop to add unconnected",
                (Some((DropTarget::Canvas, _)), true) => {
                    "Drop on an arrow or in another branch to move it; elsewhere nothing moves"
                }
                (None, _) => "Drag onto the canvas (Escape cancels)",
            };
            ghost(ctx, p, &title, Some(hint));
        }
        ctx.set_cursor_icon(egui::CursorIcon::Grabbing);
        if released {
            self.palette_drag = None;
            if let Some((target, _)) = target {
                match dragged {
                    Dragged::Entry(entry) => self.insert_entry(entry, InsertAt::Dropped(target)),
                    Dragged::Arrow(_) => {}
                    Dragged::State(pointer) => self.move_state(&pointer, target),
                }
            }
        }
        ctx.request_repaint();
    }

    /// Dragging an arrow: the state under the pointer is ringed; releasing points the arrow there
    /// (a Next, a Choice rule, a Default or a catcher, whichever the arrow is).
    fn arrow_drag_ui(&mut self, ctx: &egui::Context, edge: statecraft_asl::graph::GraphEdge) {
        let pointer = ctx.input(|i| i.pointer.latest_pos());
        let released = ctx.input(|i| i.pointer.any_released() || !i.pointer.any_down());
        let Some(doc) = self.active_document() else {
            self.palette_drag = None;
            return;
        };
        let (Some(document), Some(diagram), Some(canvas)) = (
            doc.analysis.document.clone(),
            doc.analysis.diagram.clone(),
            self.canvas_rect,
        ) else {
            self.palette_drag = None;
            return;
        };
        let camera = doc.view.camera;
        let target = pointer.and_then(|p| node_at(&diagram, &camera, canvas, p));
        if let Some(id) = &target {
            let painter =
                ctx.layer_painter(LayerId::new(Order::Foreground, Id::new("drop target")));
            let accent = theme::accent(theme::diagram_theme(ctx));
            paint_node_target(&painter, &diagram, &camera, canvas, id, accent);
        }
        if let Some(p) = pointer {
            let text = match target.as_ref().and_then(|id| diagram.graph.node(id)) {
                Some(node) => format!("Go to {}", node.name),
                None => "Drop on a state to point the arrow there".to_owned(),
            };
            ghost(ctx, p, &text, None);
        }
        ctx.set_cursor_icon(egui::CursorIcon::Grabbing);
        if released {
            self.palette_drag = None;
            if let Some(to) = target {
                self.apply_gesture(gesture::connect(&document, &edge.from, edge.handle(), &to));
            }
        }
        ctx.request_repaint();
    }

    /// Moves a state onto an arrow or into a branch; its old neighbours are reconnected.
    fn move_state(&mut self, pointer: &str, target: DropTarget) {
        let Some(doc) = self.active_document() else {
            return;
        };
        let (Some(document), Some(diagram)) =
            (doc.analysis.document.clone(), doc.analysis.diagram.clone())
        else {
            return;
        };
        let graph = &diagram.graph;
        let result = match target {
            DropTarget::Edge(index) => {
                let edge = diagram.edges.get(index).and_then(|d| {
                    graph
                        .edges
                        .iter()
                        .find(|e| e.from == d.from && e.to == d.to && e.kind == d.kind)
                });
                match edge {
                    Some(edge) => gesture::move_onto_edge(&document, pointer, edge),
                    None => return,
                }
            }
            DropTarget::Lane {
                container,
                lane,
                first,
            } => {
                let Some(scope) = graph.scopes_owned_by(&container).nth(lane) else {
                    return;
                };
                gesture::move_into_scope(&document, pointer, scope.id.pointer(), &position(first))
            }
            DropTarget::Canvas => return,
        };
        self.apply_gesture(result);
    }
}

/// False for a drop that would move a state only by accident: into the branch it is already in
/// (it would jump to that branch's end). Such a place is no target: nothing is highlighted there
/// and a release there moves nothing; a move within a branch is a drop on one of its arrows.
fn moves_somewhere(
    diagram: &statecraft_export::Diagram,
    dragged: &Dragged,
    target: &DropTarget,
) -> bool {
    let (
        Dragged::State(pointer),
        DropTarget::Lane {
            container, lane, ..
        },
    ) = (dragged, target)
    else {
        return true;
    };
    let graph = &diagram.graph;
    let own = graph.state_at(pointer).map(|n| &n.scope);
    let lane_scope = graph.scopes_owned_by(container).nth(*lane).map(|s| &s.id);
    own.is_none() || own != lane_scope
}

/// The box that follows the pointer during a drag: what is dragged, and what a drop would do.
fn ghost(ctx: &egui::Context, pointer: egui::Pos2, title: &str, hint: Option<&str>) {
    egui::Area::new(Id::new("drag ghost"))
        .order(Order::Tooltip)
        .fixed_pos(pointer + egui::vec2(12.0, 8.0))
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(title).strong());
                if let Some(hint) = hint {
                    ui.label(RichText::new(hint).small().weak());
                }
            });
        });
}

/// First or last in a lane.
fn position(first: bool) -> ScopePosition {
    if first {
        ScopePosition::First
    } else {
        ScopePosition::Last
    }
}
