//! Builds the proper layered graph of one scope: every edge is cut into one-layer segments by
//! dummy vertices, labels become vertices of their own, and loop edges get port vertices beside
//! the boxes they leave and enter.
//!
//! Ranks are doubled: nodes sit on even layers and the odd layers between them carry edge
//! segments and labels, so a label always has a row of its own and never overlaps a box.

use crate::layered::{LocalEdge, LocalNode};

/// How strongly a loop's line holds its column, relative to a forward edge: weakly, so the
/// main path stays straight and the loop bends around it.
const BACK_EDGE_WEIGHT: f64 = 0.05;

/// What a vertex of the layered graph stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum VertexKind {
    /// A real box: the local node index (equal to the vertex index).
    Node,
    /// A bend point of a long edge.
    Dummy,
    /// A label box on an edge.
    Label {
        /// Where the box sits relative to the edge's line.
        side: LabelSide,
    },
    /// Where a loop edge leaves or enters the side of `owner` (a node vertex in the same layer).
    Port {
        /// The node vertex the port is attached to.
        owner: usize,
    },
}

/// Where a label box sits relative to its edge's line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum LabelSide {
    /// Centred on the line (forward edges: the line runs through the label).
    Centre,
    /// Left of the line, a small gap away (loops running up the left side).
    Left,
    /// Right of the line (loops running up the right side).
    Right,
}

/// A vertex with its extent around its x position.
#[derive(Clone, Debug)]
pub(crate) struct Vertex {
    pub kind: VertexKind,
    pub layer: usize,
    /// Extent to the left of the vertex's x (the line or centre).
    pub left_px: f64,
    /// Extent to the right of the vertex's x.
    pub right_px: f64,
    pub height_px: f64,
}

/// How one input edge is represented.
#[derive(Clone, Debug)]
pub(crate) enum Chain {
    /// Downward edge: source node, dummies (and label), target node.
    Forward {
        vertices: Vec<usize>,
        label: Option<usize>,
    },
    /// Loop edge going up: the target's port on top, dummies (and label), the source's port at
    /// the bottom.
    Back {
        vertices: Vec<usize>,
        label: Option<usize>,
        /// Size of the label when it is drawn beside the source box, over the line leaving it,
        /// instead of on the loop's line (then `label` is `None`).
        source_label: Option<(f64, f64)>,
    },
    /// Edge from a node to itself, drawn beside it through one port.
    SelfLoop {
        node: usize,
        port: usize,
        label: Option<(f64, f64)>,
    },
}

/// The layered graph of one scope.
#[derive(Debug)]
pub(crate) struct LayeredGraph {
    pub vertices: Vec<Vertex>,
    /// Vertex indices per layer, left to right.
    pub layers: Vec<Vec<usize>>,
    /// Neighbours in the layer above, with attraction weight.
    pub up: Vec<Vec<(usize, f64)>>,
    /// Neighbours in the layer below, with attraction weight.
    pub down: Vec<Vec<(usize, f64)>>,
    /// One chain per input edge, in input order.
    pub chains: Vec<Chain>,
}

impl LayeredGraph {
    fn push(
        &mut self,
        kind: VertexKind,
        layer: usize,
        half_width_px: f64,
        height_px: f64,
    ) -> usize {
        self.vertices.push(Vertex {
            kind,
            layer,
            left_px: half_width_px,
            right_px: half_width_px,
            height_px,
        });
        self.up.push(Vec::new());
        self.down.push(Vec::new());
        self.vertices.len() - 1
    }

    /// Links consecutive vertices of a chain. Segments between bend points weigh most so long
    /// edges run straight (Gansner et al.'s 1/2/8 weights).
    fn link_chain(&mut self, chain: &[usize], edge_weight: f64) {
        for pair in chain.windows(2) {
            let (upper, lower) = (pair[0], pair[1]);
            let real_ends = [upper, lower]
                .iter()
                .filter(|&&v| self.vertices[v].kind == VertexKind::Node)
                .count();
            let omega = match real_ends {
                0 => 8.0,
                1 => 2.0,
                _ => 1.0,
            };
            self.down[upper].push((lower, omega * edge_weight));
            self.up[lower].push((upper, omega * edge_weight));
        }
    }
}

/// Builds the layered graph. `ranks` are node ranks; `is_back` marks loop edges; `preorder` is
/// the DFS preorder used for the initial left-to-right order.
pub(crate) fn build(
    nodes: &[LocalNode],
    edges: &[LocalEdge],
    ranks: &[usize],
    is_back: &[bool],
    preorder: &[usize],
) -> LayeredGraph {
    let layer_count = ranks.iter().max().map_or(0, |&r| 2 * r + 1);
    let mut graph = LayeredGraph {
        vertices: Vec::with_capacity(nodes.len() * 2),
        layers: vec![Vec::new(); layer_count],
        up: Vec::new(),
        down: Vec::new(),
        chains: Vec::with_capacity(edges.len()),
    };
    for (index, node) in nodes.iter().enumerate() {
        graph.push(
            VertexKind::Node,
            2 * ranks[index],
            node.width_px / 2.0,
            node.height_px,
        );
    }

    for (index, edge) in edges.iter().enumerate() {
        let (from, to) = (edge.from, edge.to);
        if from == to {
            let port = graph.push(VertexKind::Port { owner: from }, 2 * ranks[from], 0.0, 0.0);
            graph.chains.push(Chain::SelfLoop {
                node: from,
                port,
                label: edge.label,
            });
            continue;
        }
        if is_back[index] {
            // Drawn upwards from the source's side to the target's side.
            let (top_layer, bottom_layer) = (2 * ranks[to], 2 * ranks[from]);
            let mut chain = vec![graph.push(VertexKind::Port { owner: to }, top_layer, 0.0, 0.0)];
            let mut label = None;
            for layer in top_layer + 1..bottom_layer {
                // The label goes in the gap nearest to the source, where the loop starts (it
                // moves beside the source box later if the box has room, see `layered`).
                chain.push(match edge.label {
                    Some((w, h)) if layer + 1 == bottom_layer => {
                        let v = graph.push(
                            VertexKind::Label {
                                side: LabelSide::Centre,
                            },
                            layer,
                            w / 2.0,
                            h,
                        );
                        label = Some(v);
                        v
                    }
                    _ => graph.push(VertexKind::Dummy, layer, 0.0, 0.0),
                });
            }
            chain.push(graph.push(VertexKind::Port { owner: from }, bottom_layer, 0.0, 0.0));
            graph.link_chain(&chain, edge.weight * BACK_EDGE_WEIGHT);
            graph.chains.push(Chain::Back {
                vertices: chain,
                label,
                source_label: None,
            });
            continue;
        }
        let (top_layer, bottom_layer) = (2 * ranks[from], 2 * ranks[to]);
        let mut chain = vec![from];
        let mut label = None;
        for layer in top_layer + 1..bottom_layer {
            // The label goes in the gap right below the source, where a Choice fans out.
            chain.push(match edge.label {
                Some((w, h)) if layer == top_layer + 1 => {
                    let v = graph.push(
                        VertexKind::Label {
                            side: LabelSide::Centre,
                        },
                        layer,
                        w / 2.0,
                        h,
                    );
                    label = Some(v);
                    v
                }
                _ => graph.push(VertexKind::Dummy, layer, 0.0, 0.0),
            });
        }
        chain.push(to);
        graph.link_chain(&chain, edge.weight);
        graph.chains.push(Chain::Forward {
            vertices: chain,
            label,
        });
    }

    initial_order(&mut graph, preorder);
    graph
}

/// Places vertices left to right in the order a depth-first walk down the layered graph meets
/// them, starting from the nodes in DFS preorder: earlier-declared branches end up on the left.
fn initial_order(graph: &mut LayeredGraph, preorder: &[usize]) {
    let mut seen = vec![false; graph.vertices.len()];
    let mut stack = Vec::new();
    let starts = preorder
        .iter()
        .copied()
        .chain(0..graph.vertices.len())
        .collect::<Vec<_>>();
    for start in starts {
        if seen[start] {
            continue;
        }
        stack.push(start);
        while let Some(vertex) = stack.pop() {
            if seen[vertex] {
                continue;
            }
            seen[vertex] = true;
            graph.layers[graph.vertices[vertex].layer].push(vertex);
            // Reverse so the first out-edge is explored first.
            for &(next, _) in graph.down[vertex].iter().rev() {
                if !seen[next] {
                    stack.push(next);
                }
            }
        }
    }
}
