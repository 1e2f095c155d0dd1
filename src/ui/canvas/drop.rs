//! Where a dragged palette entry would land: on an arrow, in a Parallel branch or Map processor
//! lane, or on empty canvas; and the highlight that shows it.

use eframe::egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, StrokeKind};
use statecraft_asl::graph::{NodeId, NodeKind};
use statecraft_export::Diagram;

use super::paint::diagram_rect;
use super::Camera;

/// How close to an arrow (in screen points) the pointer must be to drop on it.
const EDGE_REACH: f32 = 14.0;

/// A place on the canvas a state can be dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum DropTarget {
    /// On the arrow with this index into `Diagram::edges`: the arrow is split.
    Edge(usize),
    /// In a lane of a Parallel or Map container: first when dropped above its states, else last.
    Lane {
        /// The container state.
        container: NodeId,
        /// The lane (branch index; 0 for a Map's processor).
        lane: usize,
        /// Above the lane's states: the new state goes first.
        first: bool,
    },
    /// On empty canvas: an unconnected state.
    Canvas,
}

/// The drop target under the pointer (in screen points), if it is over the canvas.
pub fn drop_target(
    diagram: &Diagram,
    camera: &Camera,
    canvas: Rect,
    pointer: Pos2,
) -> Option<DropTarget> {
    if !canvas.contains(pointer) {
        return None;
    }
    let p = camera.to_diagram(canvas, pointer);
    let reach = EDGE_REACH / camera.zoom.max(0.05);
    let nearest = diagram
        .edges
        .iter()
        .enumerate()
        .filter_map(|(index, edge)| {
            let points: Vec<Pos2> = edge
                .points
                .iter()
                .map(|q| Pos2::new(q.x_px, q.y_px))
                .collect();
            let distance = points
                .windows(2)
                .map(|w| distance_to_segment(p, w[0], w[1]))
                .fold(f32::INFINITY, f32::min);
            (distance <= reach).then_some((index, distance))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((index, _)) = nearest {
        return Some(DropTarget::Edge(index));
    }
    let lane = diagram
        .nodes
        .iter()
        .filter_map(|node| node.container.as_ref().map(|c| (node, c)))
        .flat_map(|(node, container)| {
            container
                .lanes
                .iter()
                .enumerate()
                .map(move |(lane, rect)| (node, lane, diagram_rect(rect)))
        })
        .filter(|(_, _, rect)| rect.contains(p))
        // The innermost lane: the smallest that holds the pointer.
        .min_by(|a, b| a.2.area().total_cmp(&b.2.area()));
    Some(match lane {
        Some((node, lane, _)) => {
            // The top of the lane's first state: above it means "first".
            let scope = diagram.graph.scopes_owned_by(&node.id).nth(lane);
            let top = diagram
                .nodes
                .iter()
                .filter(|n| {
                    scope
                        .is_some_and(|s| diagram.graph.node(&n.id).is_some_and(|g| g.scope == s.id))
                })
                .map(|n| n.rect.y_px)
                .fold(f32::INFINITY, f32::min);
            DropTarget::Lane {
                container: node.id.clone(),
                lane,
                first: p.y < top,
            }
        }
        None => DropTarget::Canvas,
    })
}

/// The state (or the End marker) under the pointer: the innermost box that holds it.
pub fn node_at(diagram: &Diagram, camera: &Camera, canvas: Rect, pointer: Pos2) -> Option<NodeId> {
    if !canvas.contains(pointer) {
        return None;
    }
    let p = camera.to_diagram(canvas, pointer);
    diagram
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::State | NodeKind::End))
        .map(|n| (n, diagram_rect(&n.rect)))
        .filter(|(_, r)| r.contains(p))
        .min_by(|a, b| a.1.area().total_cmp(&b.1.area()))
        .map(|(n, _)| n.id.clone())
}

/// Rings a node (the state an arrow would go to).
pub fn paint_node_target(
    painter: &Painter,
    diagram: &Diagram,
    camera: &Camera,
    canvas: Rect,
    id: &NodeId,
    accent: Color32,
) {
    if let Some(node) = diagram.node(id) {
        let rect = camera
            .rect_to_screen(canvas, diagram_rect(&node.rect))
            .expand(3.0);
        painter.rect_stroke(rect, 8, Stroke::new(3.0, accent), StrokeKind::Outside);
    }
}

/// Distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let length = ab.length_sq();
    if length <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / length).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Paints the target: the arrow or lane thick in the accent colour.
pub fn paint_drop_target(
    painter: &Painter,
    diagram: &Diagram,
    camera: &Camera,
    canvas: Rect,
    target: &DropTarget,
    accent: Color32,
) {
    match target {
        DropTarget::Edge(index) => {
            if let Some(edge) = diagram.edges.get(*index) {
                let points: Vec<Pos2> = edge
                    .points
                    .iter()
                    .map(|q| camera.to_screen(canvas, Pos2::new(q.x_px, q.y_px)))
                    .collect();
                painter.add(Shape::line(points, Stroke::new(4.0, accent)));
            }
        }
        DropTarget::Lane {
            container, lane, ..
        } => {
            let rect = diagram
                .node(container)
                .and_then(|n| n.container.as_ref())
                .and_then(|c| c.lanes.get(*lane))
                .map(|r| camera.rect_to_screen(canvas, diagram_rect(r)));
            if let Some(rect) = rect {
                painter.rect(
                    rect,
                    6,
                    accent.gamma_multiply(0.12),
                    Stroke::new(2.5, accent),
                    StrokeKind::Inside,
                );
            }
        }
        DropTarget::Canvas => {
            painter.rect_stroke(
                canvas.shrink(3.0),
                4,
                Stroke::new(2.0, accent.gamma_multiply(0.6)),
                StrokeKind::Inside,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_to_a_segment_clamps_to_its_ends() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(Pos2::new(2.0, 0.0), a, a), 2.0);
    }
}
