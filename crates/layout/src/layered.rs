//! Lays out one scope on its own: loops, ranks, layers, order, coordinates, routes.

use crate::layers::{self, Chain, LabelSide, LayeredGraph, VertexKind};
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
    /// Left edge of the leftmost box and right edge of the rightmost one: what a lane centres
    /// (loop lines and labels beside the boxes only have to fit).
    pub boxes_left_px: f64,
    pub boxes_right_px: f64,
    /// One per local node.
    pub node_rects: Vec<LocalRect>,
    /// One per local edge.
    pub routes: Vec<route::LocalRoute>,
    /// One per local edge.
    pub is_back: Vec<bool>,
}

/// How strongly an edge into a dead end pulls, relative to its siblings that lead on.
const DEAD_END_WEIGHT: f64 = 0.1;

/// Lightens the edges that fan out to dead ends (a node reached only from there that leads
/// nowhere, or only to nodes that lead nowhere: a Fail, a Wait that loops back) when a sibling
/// edge leads on, so the path that continues runs straight down and dead ends go beside it,
/// instead of the fork sitting midway and the rest of the drawing shifting sideways.
fn weigh_dead_ends(node_count: usize, edges: &[LocalEdge], is_back: &[bool]) -> Vec<LocalEdge> {
    let mut out_degree = vec![0_usize; node_count];
    let mut in_degree = vec![0_usize; node_count];
    for (edge, &back) in edges.iter().zip(is_back) {
        if !back {
            out_degree[edge.from] += 1;
            in_degree[edge.to] += 1;
        }
    }
    let mut leads_on = vec![false; node_count];
    for (edge, &back) in edges.iter().zip(is_back) {
        if !back && out_degree[edge.to] > 0 {
            leads_on[edge.from] = true;
        }
    }
    let dead_end = |node: usize| in_degree[node] == 1 && !leads_on[node];
    let mut forks_on = vec![false; node_count];
    for (edge, &back) in edges.iter().zip(is_back) {
        if !back && !dead_end(edge.to) {
            forks_on[edge.from] = true;
        }
    }
    edges
        .iter()
        .zip(is_back)
        .map(|(edge, &back)| {
            let mut edge = *edge;
            if !back && out_degree[edge.from] > 1 && forks_on[edge.from] && dead_end(edge.to) {
                edge.weight *= DEAD_END_WEIGHT;
            }
            edge
        })
        .collect()
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
    let edges = weigh_dead_ends(nodes.len(), edges, &acyclic.is_back);
    let mut graph = layers::build(nodes, &edges, &ranks, &acyclic.is_back, &acyclic.preorder);
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
    let port_offset = place_ports(&mut graph, &position_in_layer);
    // Otherwise a loop's label goes beside its line, outside the loop, so the line stays
    // straight and the label does not push the boxes the loop runs along.
    for chain in &graph.chains {
        let Chain::Back {
            vertices,
            label: Some(label),
            ..
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
        port_offset: &port_offset,
    };
    let node_rects: Vec<LocalRect> = nodes
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
    let boxes_left_px = node_rects.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
    let boxes_right_px = node_rects
        .iter()
        .map(|r| r.x + r.width)
        .fold(f64::NEG_INFINITY, f64::max);
    ScopeLayout {
        width_px,
        height_px,
        boxes_left_px,
        boxes_right_px,
        node_rects,
        routes,
        is_back: acyclic.is_back,
    }
}

/// Decides where loop edges meet the sides of their boxes (returned: each port's offset below
/// its owner's top) and moves the label of each loop that leaves a box to beside that box, just
/// over the line leaving it, where it reads as the edge's label (a Choice rule's loop can run
/// far from its Choice). Each such port reserves the label's width between the box and the
/// loop's column. A label stays on the loop's line when the box is too short to stack its ports
/// with room for the labels, or a self-loop shares that side of the box.
fn place_ports(graph: &mut LayeredGraph, position: &[usize]) -> Vec<f64> {
    let mut port_offset = vec![0.0; graph.vertices.len()];
    // For each vertex that is the source port of a labelled loop: the chain and label size.
    let mut labelled_source: Vec<Option<(usize, f64, f64)>> = vec![None; graph.vertices.len()];
    let mut self_loop_sides: Vec<(usize, bool)> = Vec::new();
    for (index, chain) in graph.chains.iter().enumerate() {
        match *chain {
            Chain::Back {
                ref vertices,
                label: Some(label),
                ..
            } => {
                if let Some(&bottom) = vertices.last() {
                    let vertex = &graph.vertices[label];
                    labelled_source[bottom] =
                        Some((index, vertex.left_px + vertex.right_px, vertex.height_px));
                }
            }
            Chain::SelfLoop { node, port, .. } => {
                self_loop_sides.push((node, position[port] > position[node]));
            }
            Chain::Back { .. } | Chain::Forward { .. } => {}
        }
    }
    for group in route::port_groups(graph, position) {
        let height = graph.vertices[group.owner].height_px;
        let shared = self_loop_sides.contains(&(group.owner, group.on_right));
        let headroom: Vec<f64> = group
            .ports
            .iter()
            .map(|&port| match labelled_source[port] {
                Some((_, _, label_height)) if !shared => label_height + 2.0 * LABEL_GAP_PX,
                _ => 0.0,
            })
            .collect();
        let (offsets, beside) = match route::port_offsets(height, &headroom) {
            Some(offsets) => (offsets, !shared),
            None => (
                route::port_offsets(height, &vec![0.0; group.ports.len()]).unwrap_or_default(),
                false,
            ),
        };
        for (&port, &offset) in group.ports.iter().zip(&offsets) {
            port_offset[port] = offset;
            let Some((chain, width, label_height)) = labelled_source[port].filter(|_| beside)
            else {
                continue;
            };
            if let Chain::Back {
                label,
                source_label,
                ..
            } = &mut graph.chains[chain]
            {
                if let Some(old) = label.take() {
                    let vertex = &mut graph.vertices[old];
                    vertex.kind = VertexKind::Dummy;
                    (vertex.left_px, vertex.right_px, vertex.height_px) = (0.0, 0.0, 0.0);
                }
                *source_label = Some((width, label_height));
            }
            let vertex = &mut graph.vertices[port];
            if group.on_right {
                vertex.left_px = width + LABEL_GAP_PX;
            } else {
                vertex.right_px = width + LABEL_GAP_PX;
            }
        }
    }
    port_offset
}
