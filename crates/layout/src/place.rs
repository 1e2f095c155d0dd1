//! Places every scope's local layout at its absolute position and builds the output.

use crate::compose::NestedLayout;
use crate::geometry::{LayoutPoint, LayoutRect};
use crate::layered::LocalRect;
use crate::output::{ContainerBox, EdgeRoute, Layout, NodeBox};
use crate::request::LayoutRequest;
use crate::scope::ScopeTree;

/// Places scopes outermost first (each branch's origin comes from its container's box) and
/// converts everything to layout space, in request order.
pub(crate) fn place(request: &LayoutRequest, tree: &ScopeTree, nested: &NestedLayout) -> Layout {
    let margin = f64::from(request.spacing.margin_px);
    let mut scope_origin = vec![(margin, margin); tree.scopes.len()];
    let mut node_rect = vec![LayoutRect::default(); request.nodes.len()];
    let mut container_origin = vec![(0.0, 0.0); request.containers.len()];
    for &scope_index in nested.scope_order.iter().rev() {
        let (origin_x, origin_y) = scope_origin[scope_index];
        let scope_layout = &nested.scopes[scope_index];
        for (local, &node) in tree.scopes[scope_index].nodes.iter().enumerate() {
            let rect = &scope_layout.node_rects[local];
            node_rect[node] = to_rect(rect, origin_x, origin_y);
            if let Some(container) = tree.node_container[node] {
                let (x, y) = (origin_x + rect.x, origin_y + rect.y);
                container_origin[container] = (x, y);
                let first = tree.container_first_scope[container];
                let offsets = &nested.containers[container].content_offsets;
                for (branch, &(dx, dy)) in offsets.iter().enumerate() {
                    scope_origin[first + branch] = (x + dx, y + dy);
                }
            }
        }
    }

    let containers = request
        .containers
        .iter()
        .zip(&nested.containers)
        .zip(&container_origin)
        .zip(&tree.container_node)
        .map(|(((spec, geometry), &(dx, dy)), &node)| ContainerBox {
            id: spec.node.clone(),
            rect: node_rect[node],
            header: to_rect(&geometry.header, dx, dy),
            lanes: geometry
                .lanes
                .iter()
                .map(|lane| to_rect(lane, dx, dy))
                .collect(),
        })
        .collect();

    let mut local_edge_index = vec![0_usize; request.edges.len()];
    for scope in &tree.scopes {
        for (local, &edge) in scope.edges.iter().enumerate() {
            local_edge_index[edge] = local;
        }
    }
    let edges = request
        .edges
        .iter()
        .enumerate()
        .map(|(edge_index, spec)| {
            let scope_index = tree.node_scope[tree.edge_ends[edge_index].0];
            let (dx, dy) = scope_origin[scope_index];
            let local = local_edge_index[edge_index];
            let scope_layout = &nested.scopes[scope_index];
            let route = &scope_layout.routes[local];
            EdgeRoute {
                edge_index,
                from: spec.from.clone(),
                to: spec.to.clone(),
                kind: spec.kind,
                is_back_edge: scope_layout.is_back[local],
                points: route
                    .points
                    .iter()
                    .map(|&(x, y)| LayoutPoint::new((x + dx) as f32, (y + dy) as f32))
                    .collect(),
                label: route.label.as_ref().map(|l| to_rect(l, dx, dy)),
            }
        })
        .collect();

    let nodes: Vec<NodeBox> = request
        .nodes
        .iter()
        .zip(node_rect)
        .map(|(spec, rect)| NodeBox {
            id: spec.id.clone(),
            scope: spec.scope.clone(),
            rect,
        })
        .collect();
    let mut node_index_by_id: Vec<usize> = (0..nodes.len()).collect();
    node_index_by_id.sort_by(|&a, &b| nodes[a].id.cmp(&nodes[b].id));

    let root = &nested.scopes[0];
    Layout {
        width_px: (root.width_px + 2.0 * margin) as f32,
        height_px: (root.height_px + 2.0 * margin) as f32,
        nodes,
        containers,
        edges,
        node_index_by_id,
    }
}

/// Converts a local rectangle, shifted by (`dx`, `dy`), to layout space.
fn to_rect(rect: &LocalRect, dx: f64, dy: f64) -> LayoutRect {
    LayoutRect::new(
        (rect.x + dx) as f32,
        (rect.y + dy) as f32,
        rect.width as f32,
        rect.height as f32,
    )
}
