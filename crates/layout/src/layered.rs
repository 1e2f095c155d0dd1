//! Lays out one scope on its own: loops, ranks, layers, order, coordinates, routes.

use crate::layers::{self, Chain, LabelSide, VertexKind};
use crate::request::Spacing;
use crate::route::{self, Placement, LABEL_GAP_PX};
use crate::{acyclic, order, position, rank};

/// A box of the scope, by its local index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LocalNode {
    pub width_px: f64,
    pub height_px: f64,
}

/// An edge of the scope between local node indices.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LocalEdge {
    pub from: usize,
    pub to: usize,
    /// Label width and height.
    pub label: Option<(f64, f64)>,
    /// How strongly the edge pulls its ends into line.
    pub weight: f64,
}

/// A rectangle in scope-local coordinates (origin at the scope content's top-left).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct LocalRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// The layout of one scope in local coordinates.
#[derive(Debug, Default)]
pub(crate) struct ScopeLayout {
    pub width_px: f64,
    pub height_px: f64,
    /// One per local node.
    pub node_rects: Vec<LocalRect>,
    /// One per local edge.
    pub routes: Vec<route::LocalRoute>,
    /// One per local edge.
    pub is_back: Vec<bool>,
}

/// Lays out one scope.
pub(crate) fn layout_scope(
    nodes: &[LocalNode],
    edges: &[LocalEdge],
    spacing: &Spacing,
) -> ScopeLayout {
    if nodes.is_empty() {
        return ScopeLayout::default();
    }
    let ends: Vec<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let acyclic = acyclic::find_back_edges(nodes.len(), &ends);
    let forward: Vec<(usize, usize)> = ends
        .iter()
        .zip(&acyclic.is_back)
        .filter(|(_, &back)| !back)
        .map(|(&e, _)| e)
        .collect();
    let ranks = rank::longest_path(nodes.len(), &forward);
    let mut graph = layers::build(nodes, edges, &ranks, &acyclic.is_back, &acyclic.preorder);
    order::minimise_crossings(&mut graph);

    let mut position_in_layer = vec![0_usize; graph.vertices.len()];
    for layer in &graph.layers {
        for (index, &vertex) in layer.iter().enumerate() {
            position_in_layer[vertex] = index;
        }
    }
    // A self-loop's label sits beside its line, away from the box: reserve room on that side.
    for chain in &graph.chains {
        if let Chain::SelfLoop {
            node,
            port,
            label: Some((width, height)),
        } = *chain
        {
            let vertex = &mut graph.vertices[port];
            if position_in_layer[port] > position_in_layer[node] {
                vertex.right_px = width + LABEL_GAP_PX;
            } else {
                vertex.left_px = width + LABEL_GAP_PX;
            }
            vertex.height_px = height;
        }
    }
    // A loop's label goes beside its line, outside the loop, so the line stays straight and the
    // label does not push the boxes the loop runs along.
    for chain in &graph.chains {
        let Chain::Back {
            vertices,
            label: Some(label),
        } = chain
        else {
            continue;
        };
        let Some(&bottom_port) = vertices.last() else {
            continue;
        };
        let VertexKind::Port { owner } = graph.vertices[bottom_port].kind else {
            continue;
        };
        let on_right = position_in_layer[bottom_port] > position_in_layer[owner];
        let vertex = &mut graph.vertices[*label];
        let width = vertex.left_px + vertex.right_px;
        if on_right {
            vertex.kind = VertexKind::Label {
                side: LabelSide::Right,
            };
            (vertex.left_px, vertex.right_px) = (0.0, width + LABEL_GAP_PX);
        } else {
            vertex.kind = VertexKind::Label {
                side: LabelSide::Left,
            };
            (vertex.left_px, vertex.right_px) = (width + LABEL_GAP_PX, 0.0);
        }
    }

    let (x, width_px) = position::assign_x(&graph, spacing);
    let (layer_top, layer_height, height_px) = position::assign_layer_y(&graph, spacing);
    let placement = Placement {
        x: &x,
        layer_top: &layer_top,
        layer_height: &layer_height,
        position: &position_in_layer,
    };
    let node_rects = nodes
        .iter()
        .enumerate()
        .map(|(v, node)| {
            debug_assert_eq!(graph.vertices[v].kind, VertexKind::Node);
            let layer = graph.vertices[v].layer;
            LocalRect {
                x: x[v] - node.width_px / 2.0,
                // Top-aligned, like `route::Placement::top`.
                y: layer_top[layer],
                width: node.width_px,
                height: node.height_px,
            }
        })
        .collect();
    let routes = route::route_all(&graph, &placement);
    ScopeLayout {
        width_px,
        height_px,
        node_rects,
        routes,
        is_back: acyclic.is_back,
    }
}
