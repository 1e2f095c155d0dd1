//! Nests scopes: lays out each scope on its own, innermost first, and sizes each container from
//! its laid-out branches so that it can be laid out as one box in its parent scope.

use crate::layered::{self, LocalEdge, LocalNode, LocalRect, ScopeLayout};
use crate::request::{ContainerSpec, EdgeKind, LayoutRequest, SizePx, Spacing};
use crate::scope::ScopeTree;

/// How strongly an error-handler edge pulls its ends into line, relative to other edges: low,
/// so the main path stays straight and handlers move aside.
const CATCH_EDGE_WEIGHT: f64 = 0.1;

/// Content size given to a branch with no nodes, so an empty lane is still visible.
const EMPTY_LANE_CONTENT_PX: (f64, f64) = (48.0, 24.0);

/// A container's parts relative to its own top-left corner.
#[derive(Clone, Debug, Default)]
pub(crate) struct ContainerGeometry {
    pub width_px: f64,
    pub height_px: f64,
    pub header: LocalRect,
    pub lanes: Vec<LocalRect>,
    /// Where each branch's local origin goes, relative to the container's top-left.
    pub content_offsets: Vec<(f64, f64)>,
}

/// Sizes a container: header on top, then its lanes side by side (all as tall as the tallest),
/// centred if the caller asked for a wider box. Each lane centres its boxes; loop lines and
/// labels beside them get room on their side.
pub(crate) fn container_geometry(
    spec: &ContainerSpec,
    min_size: SizePx,
    branches: &[&ScopeLayout],
    spacing: &Spacing,
) -> ContainerGeometry {
    let padding = f64::from(spec.padding_px);
    let header_height = f64::from(spec.header_px);
    let lane_padding = f64::from(spacing.lane_padding_px);
    let lane_gap = f64::from(spacing.lane_gap_px);
    // (width, height, where the boxes' centre goes) of each lane's content. The boxes are
    // centred: loop lines and labels on one side get room on both, so the lane looks balanced.
    let contents: Vec<(f64, f64, f64)> = branches
        .iter()
        .map(|b| {
            if b.node_rects.is_empty() {
                (EMPTY_LANE_CONTENT_PX.0, EMPTY_LANE_CONTENT_PX.1, 0.0)
            } else {
                let centre = (b.boxes_left_px + b.boxes_right_px) / 2.0;
                let half_width = centre.max(b.width_px - centre);
                (2.0 * half_width, b.height_px, half_width - centre)
            }
        })
        .collect();
    let lane_height = contents.iter().map(|c| c.1).fold(0.0, f64::max) + 2.0 * lane_padding;
    let lanes_width = contents
        .iter()
        .map(|c| c.0 + 2.0 * lane_padding)
        .sum::<f64>()
        + lane_gap * contents.len().saturating_sub(1) as f64;
    let width_px = (lanes_width + 2.0 * padding).max(f64::from(min_size.width_px));
    let lanes_height = if contents.is_empty() {
        0.0
    } else {
        lane_height
    };
    let height_px =
        (header_height + lanes_height + 2.0 * padding).max(f64::from(min_size.height_px));

    let lane_y = header_height + padding;
    let mut lane_x = (width_px - lanes_width) / 2.0;
    let mut lanes = Vec::with_capacity(contents.len());
    let mut content_offsets = Vec::with_capacity(contents.len());
    for &(content_width, _, shift) in &contents {
        let lane_width = content_width + 2.0 * lane_padding;
        lanes.push(LocalRect {
            x: lane_x,
            y: lane_y,
            width: lane_width,
            height: lane_height,
        });
        // Shorter branches hang from the top of their lane, as in Workflow Studio.
        content_offsets.push((lane_x + lane_padding + shift, lane_y + lane_padding));
        lane_x += lane_width + lane_gap;
    }
    ContainerGeometry {
        width_px,
        height_px,
        header: LocalRect {
            x: 0.0,
            y: 0.0,
            width: width_px,
            height: header_height,
        },
        lanes,
        content_offsets,
    }
}

/// Every scope laid out in its own coordinates.
#[derive(Debug)]
pub(crate) struct NestedLayout {
    /// Per scope (0 is the root).
    pub scopes: Vec<ScopeLayout>,
    /// Per container.
    pub containers: Vec<ContainerGeometry>,
    /// Scope indices, innermost first.
    pub scope_order: Vec<usize>,
}

/// Lays out every scope, innermost first: a container's size depends on its branches.
pub(crate) fn lay_out_scopes(request: &LayoutRequest, tree: &ScopeTree) -> NestedLayout {
    let spacing = &request.spacing;
    let mut scope_order: Vec<usize> = (0..tree.scopes.len()).collect();
    scope_order.sort_by_key(|&s| std::cmp::Reverse(tree.scopes[s].depth));

    let mut local_index = vec![0_usize; request.nodes.len()];
    let mut scopes: Vec<ScopeLayout> = (0..tree.scopes.len())
        .map(|_| ScopeLayout::default())
        .collect();
    let mut containers: Vec<ContainerGeometry> = Vec::with_capacity(request.containers.len());
    containers.resize_with(request.containers.len(), ContainerGeometry::default);

    for &scope_index in &scope_order {
        let scope = &tree.scopes[scope_index];
        let mut nodes = Vec::with_capacity(scope.nodes.len());
        for (local, &node) in scope.nodes.iter().enumerate() {
            local_index[node] = local;
            let size = request.nodes[node].size;
            let (mut width_px, mut height_px) =
                (f64::from(size.width_px), f64::from(size.height_px));
            if let Some(container) = tree.node_container[node] {
                let spec = &request.containers[container];
                let first = tree.container_first_scope[container];
                let branch_count = spec.kind.branch_count() as usize;
                let branches: Vec<&ScopeLayout> =
                    scopes[first..first + branch_count].iter().collect();
                let geometry = container_geometry(spec, size, &branches, spacing);
                (width_px, height_px) = (geometry.width_px, geometry.height_px);
                containers[container] = geometry;
            }
            nodes.push(LocalNode {
                width_px,
                height_px,
            });
        }
        let edges: Vec<LocalEdge> = scope
            .edges
            .iter()
            .map(|&e| {
                let spec = &request.edges[e];
                let (from, to) = tree.edge_ends[e];
                LocalEdge {
                    from: local_index[from],
                    to: local_index[to],
                    label: spec
                        .label
                        .map(|l| (f64::from(l.width_px), f64::from(l.height_px))),
                    weight: if spec.kind == EdgeKind::Catch {
                        CATCH_EDGE_WEIGHT
                    } else {
                        1.0
                    },
                }
            })
            .collect();
        scopes[scope_index] = layered::layout_scope(&nodes, &edges, spacing);
    }
    NestedLayout {
        scopes,
        containers,
        scope_order,
    }
}
