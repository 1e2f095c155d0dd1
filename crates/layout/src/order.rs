//! Orders the vertices within each layer to keep edge crossings low: barycenter sweeps down and
//! up, keeping the best order seen, with loop ports held next to their boxes.

use crate::layers::{Chain, LayeredGraph, VertexKind};

/// Down-and-up sweep pairs to try; more rarely helps on state machines, which are narrow.
const SWEEP_PAIRS: usize = 4;

/// Reorders `graph.layers` in place.
pub(crate) fn minimise_crossings(graph: &mut LayeredGraph) {
    let mut position = vec![0_usize; graph.vertices.len()];
    for layer in 0..graph.layers.len() {
        attach_ports(graph, layer, &mut position);
    }
    let mut best_crossings = count_crossings(graph, &position);
    let mut best_layers = graph.layers.clone();
    for _ in 0..SWEEP_PAIRS {
        if best_crossings == 0 {
            break;
        }
        for layer in 1..graph.layers.len() {
            sort_layer_by_barycenter(graph, layer, &mut position, true);
        }
        for layer in (0..graph.layers.len().saturating_sub(1)).rev() {
            sort_layer_by_barycenter(graph, layer, &mut position, false);
        }
        let crossings = count_crossings(graph, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best_layers.clone_from(&graph.layers);
        }
    }
    graph.layers = best_layers;
    if best_crossings > 0 {
        for layer in 0..graph.layers.len() {
            attach_ports(graph, layer, &mut position);
        }
        move_loops_outside(graph, &mut position);
    }
}

/// Which side of the drawing to try a loop on.
#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

/// Tries each loop along the left and the right edge of the drawing (its ports on that side of
/// their boxes, its line outside everything else) and keeps whichever crosses least. Barycenter
/// sweeps alone leave a loop wherever it started, often across a side path such as a Catch.
fn move_loops_outside(graph: &mut LayeredGraph, position: &mut [usize]) {
    // Shorter loops first: each loop tried later goes outside the earlier ones, so nested
    // loops nest instead of crossing.
    let mut loops: Vec<(usize, usize)> = graph
        .chains
        .iter()
        .enumerate()
        .filter_map(|(index, chain)| match chain {
            Chain::Back { vertices, .. } => Some((vertices.len(), index)),
            _ => None,
        })
        .collect();
    loops.sort_unstable();
    for (_, chain_index) in loops {
        let Chain::Back { vertices, .. } = &graph.chains[chain_index] else {
            continue;
        };
        let vertices = vertices.clone();
        let (Some(&top), Some(&bottom)) = (vertices.first(), vertices.last()) else {
            continue;
        };
        let (top_layer, bottom_layer) = (graph.vertices[top].layer, graph.vertices[bottom].layer);
        let first_pair = top_layer.saturating_sub(1);
        let last_pair = bottom_layer.min(graph.layers.len().saturating_sub(2));
        let mut best = count_crossings_between(graph, position, first_pair, last_pair);
        if best == 0 {
            continue;
        }
        for side in [Side::Left, Side::Right] {
            let saved: Vec<Vec<usize>> = graph.layers[top_layer..=bottom_layer].to_vec();
            for &vertex in &vertices {
                let layer = graph.vertices[vertex].layer;
                let order = &mut graph.layers[layer];
                order.retain(|&v| v != vertex);
                let vertices_info = &graph.vertices;
                let is_port_of = |v: usize, owner: usize| matches!(vertices_info[v].kind, VertexKind::Port { owner: o } if o == owner);
                // Ports go outside the owner's other ports on that side.
                let at = match (vertices_info[vertex].kind, side) {
                    (VertexKind::Port { owner }, Side::Left) => {
                        let mut at = order.iter().position(|&v| v == owner).unwrap_or(0);
                        while at > 0 && is_port_of(order[at - 1], owner) {
                            at -= 1;
                        }
                        at
                    }
                    (VertexKind::Port { owner }, Side::Right) => {
                        let mut at = order
                            .iter()
                            .position(|&v| v == owner)
                            .map_or(order.len(), |i| i + 1);
                        while at < order.len() && is_port_of(order[at], owner) {
                            at += 1;
                        }
                        at
                    }
                    (_, Side::Left) => 0,
                    (_, Side::Right) => order.len(),
                };
                order.insert(at, vertex);
            }
            for layer in top_layer..=bottom_layer {
                for (at, &vertex) in graph.layers[layer].iter().enumerate() {
                    position[vertex] = at;
                }
            }
            let crossings = count_crossings_between(graph, position, first_pair, last_pair);
            if crossings < best {
                best = crossings;
            } else {
                for (offset, order) in saved.into_iter().enumerate() {
                    for (at, &vertex) in order.iter().enumerate() {
                        position[vertex] = at;
                    }
                    graph.layers[top_layer + offset] = order;
                }
            }
        }
    }
}

/// Sorts one layer by the mean position of each vertex's neighbours in the layer above
/// (`from_above`) or below. Vertices without such neighbours keep their place; ties keep the
/// current order, so the result depends only on the input order.
fn sort_layer_by_barycenter(
    graph: &mut LayeredGraph,
    layer: usize,
    position: &mut [usize],
    from_above: bool,
) {
    let mut keyed: Vec<(f64, usize, usize)> = graph.layers[layer]
        .iter()
        .map(|&vertex| {
            let neighbours = if from_above {
                &graph.up[vertex]
            } else {
                &graph.down[vertex]
            };
            let barycenter = if neighbours.is_empty() {
                position[vertex] as f64
            } else {
                neighbours
                    .iter()
                    .map(|&(n, _)| position[n] as f64)
                    .sum::<f64>()
                    / neighbours.len() as f64
            };
            (barycenter, position[vertex], vertex)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    graph.layers[layer] = keyed.into_iter().map(|(_, _, v)| v).collect();
    attach_ports(graph, layer, position);
}

/// Moves every port right next to its owner, on the side where it was, nearest first, and
/// refreshes `position` for the layer. Loop edges then leave a box sideways without passing
/// any other box.
fn attach_ports(graph: &mut LayeredGraph, layer: usize, position: &mut [usize]) {
    let order = &graph.layers[layer];
    let port_owner = |v: usize| match graph.vertices[v].kind {
        VertexKind::Port { owner } => Some(owner),
        _ => None,
    };
    if order.iter().any(|&v| port_owner(v).is_some()) {
        let mut rebuilt = Vec::with_capacity(order.len());
        for (at, &vertex) in order.iter().enumerate() {
            if port_owner(vertex).is_some() {
                continue;
            }
            // Left ports keep their order, ending next to the owner; right ports start there.
            for left in [true, false] {
                if !left {
                    rebuilt.push(vertex);
                }
                for (port_at, &port) in order.iter().enumerate() {
                    if port_owner(port) == Some(vertex) && (port_at < at) == left {
                        rebuilt.push(port);
                    }
                }
            }
        }
        // A port whose owner is not in its layer cannot happen; keep it rather than lose it.
        for &vertex in order {
            if let Some(owner) = port_owner(vertex) {
                if graph.vertices[owner].layer != layer {
                    rebuilt.push(vertex);
                }
            }
        }
        graph.layers[layer] = rebuilt;
    }
    for (at, &vertex) in graph.layers[layer].iter().enumerate() {
        position[vertex] = at;
    }
}

/// Counts crossings between consecutive layers, given each vertex's position in its layer.
/// Uses the accumulator-tree method of Barth, Jünger and Mutzel: O(E log V) per layer pair.
pub(crate) fn count_crossings(graph: &LayeredGraph, position: &[usize]) -> usize {
    match graph.layers.len() {
        0 | 1 => 0,
        n => count_crossings_between(graph, position, 0, n - 2),
    }
}

/// Counts crossings between layers `layer` and `layer + 1` for `first..=last`.
fn count_crossings_between(
    graph: &LayeredGraph,
    position: &[usize],
    first: usize,
    last: usize,
) -> usize {
    let mut total = 0;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for layer in first..=last.min(graph.layers.len().saturating_sub(2)) {
        if graph.layers.len() < 2 {
            break;
        }
        pairs.clear();
        for &upper in &graph.layers[layer] {
            for &(lower, _) in &graph.down[upper] {
                pairs.push((position[upper], position[lower]));
            }
        }
        pairs.sort_unstable();
        let width = graph.layers[layer + 1].len();
        let mut tree = vec![0_usize; width + 1];
        for (inserted, &(_, lower)) in pairs.iter().enumerate() {
            // Count earlier edges ending strictly to the right of `lower`.
            let mut at_or_left = 0;
            let mut i = lower + 1;
            while i > 0 {
                at_or_left += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += inserted - at_or_left;
            let mut i = lower + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layered::{LocalEdge, LocalNode};
    use crate::layers;

    fn graph(edges: &[(usize, usize)], ranks: &[usize]) -> LayeredGraph {
        let nodes = vec![
            LocalNode {
                width_px: 10.0,
                height_px: 10.0
            };
            ranks.len()
        ];
        let edges: Vec<LocalEdge> = edges
            .iter()
            .map(|&(from, to)| LocalEdge {
                from,
                to,
                label: None,
                weight: 1.0,
            })
            .collect();
        let preorder: Vec<usize> = (0..ranks.len()).collect();
        layers::build(&nodes, &edges, ranks, &vec![false; edges.len()], &preorder)
    }

    fn positions(graph: &LayeredGraph) -> Vec<usize> {
        let mut position = vec![0; graph.vertices.len()];
        for layer in &graph.layers {
            for (at, &v) in layer.iter().enumerate() {
                position[v] = at;
            }
        }
        position
    }

    #[test]
    fn counts_and_removes_a_crossing() {
        // 0 and 1 on top, 2 and 3 below; 0 -> 3 and 1 -> 2 cross in the initial order.
        let mut g = graph(&[(0, 3), (1, 2)], &[0, 0, 1, 1]);
        g.layers[2] = vec![2, 3];
        g.layers[1].sort_unstable();
        let before = count_crossings(&g, &positions(&g));
        assert_eq!(before, 1);
        minimise_crossings(&mut g);
        assert_eq!(count_crossings(&g, &positions(&g)), 0);
    }
}
