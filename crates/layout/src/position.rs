//! Assigns coordinates within one scope: x by minimising the weighted horizontal length of edge
//! segments under the layer orders' separation constraints, y by stacking layers.
//!
//! The x step is block coordinate descent: each layer in turn is moved to its exact optimum
//! given the others, which is a weighted isotonic regression (L1) solved by
//! pool-adjacent-violators with medians. It is deterministic, keeps every layer's separations
//! exactly, makes chains straight, and centres a parent over its children and siblings around
//! their parent.

use crate::layers::{Chain, LayeredGraph, VertexKind};
use crate::request::Spacing;

/// Down-and-up passes; the optimum is approached geometrically, and a handful of passes is
/// visually converged on state machines.
const PASSES: usize = 8;
/// Weight of a loop port's wishes (copied from its box) relative to the box's own.
const PORT_PULL: f64 = 0.5;
/// The same for a port that carries its loop's label beside the box: the label widens the
/// box, and the pair should resist being pushed off the main line as a box that wide would.
const LABELLED_PORT_PULL: f64 = 1.0;
/// Width of a box that weighs as much as an edge's bend point; wider boxes weigh more.
const MASS_WIDTH_PX: f64 = 100.0;
/// Most passes over the loops to line them up; one is enough unless loops overlap.
const STRAIGHTEN_PASSES: usize = 4;
/// Weight that keeps a vertex with no neighbours where it is.
const STAY_WEIGHT: f64 = 1e-3;

/// How hard a vertex is to push aside when wishes conflict in a layer: wide boxes (containers)
/// are heavy, so a side path bends around a Parallel instead of dragging it off the main line.
fn vertex_mass(graph: &LayeredGraph, vertex: usize) -> f64 {
    let vertex = &graph.vertices[vertex];
    match vertex.kind {
        VertexKind::Node => ((vertex.left_px + vertex.right_px) / MASS_WIDTH_PX).max(1.0),
        _ => 1.0,
    }
}

/// Gap to keep between two neighbouring vertices of a layer.
fn gap_px(graph: &LayeredGraph, left: usize, right: usize, spacing: &Spacing) -> f64 {
    let both_boxes = graph.vertices[left].kind == VertexKind::Node
        && graph.vertices[right].kind == VertexKind::Node;
    if both_boxes {
        f64::from(spacing.node_gap_px)
    } else {
        f64::from(spacing.edge_gap_px)
    }
}

/// Minimum distance between the x of `left` and the x of `right` when they are neighbours.
fn separation_px(graph: &LayeredGraph, left: usize, right: usize, spacing: &Spacing) -> f64 {
    graph.vertices[left].right_px
        + gap_px(graph, left, right, spacing)
        + graph.vertices[right].left_px
}

/// Returns each vertex's x, shifted so the leftmost extent is at 0, and the scope's width.
pub(crate) fn assign_x(graph: &LayeredGraph, spacing: &Spacing) -> (Vec<f64>, f64) {
    let mut x = vec![0.0_f64; graph.vertices.len()];
    let mut layer_of_position = vec![0_usize; graph.vertices.len()];
    for layer in &graph.layers {
        // Start packed and centred on 0, so a lone chain starts (and stays) straight.
        let mut at = 0.0;
        for (index, &vertex) in layer.iter().enumerate() {
            if index > 0 {
                at += separation_px(graph, layer[index - 1], vertex, spacing);
            }
            x[vertex] = at;
            layer_of_position[vertex] = index;
        }
        if let (Some(&first), Some(&last)) = (layer.first(), layer.last()) {
            let centre = (x[first] - graph.vertices[first].left_px
                + x[last]
                + graph.vertices[last].right_px)
                / 2.0;
            for &vertex in layer {
                x[vertex] -= centre;
            }
        }
    }

    let mut scratch = Scratch::default();
    // Sweeps look one way at a time (down: align under parents; up: align over children), so a
    // position propagates through the whole drawing in one pass instead of diffusing; the last
    // sweep goes down so a chain ends up straight below the node it leaves.
    for pass in 0..PASSES {
        for layer in 1..graph.layers.len() {
            relax_layer(
                graph,
                layer,
                &layer_of_position,
                &mut x,
                spacing,
                &mut scratch,
                Look::Up,
            );
        }
        if pass + 1 == PASSES {
            break;
        }
        for layer in (0..graph.layers.len().saturating_sub(1)).rev() {
            relax_layer(
                graph,
                layer,
                &layer_of_position,
                &mut x,
                spacing,
                &mut scratch,
                Look::Down,
            );
        }
    }

    // Loops that overlap without nesting can push one another off their column; going over
    // them again lines each up where the others ended; those passes move a loop only where that
    // pushes nothing aside, so loops that cross cannot push each other outwards for ever.
    for pass in 0..STRAIGHTEN_PASSES {
        if !straighten_loops(graph, &layer_of_position, &mut x, spacing, pass == 0) {
            break;
        }
    }

    straighten_long_edges(graph, &layer_of_position, &mut x, spacing);

    let min_left = graph
        .vertices
        .iter()
        .enumerate()
        .map(|(v, vertex)| x[v] - vertex.left_px)
        .fold(f64::INFINITY, f64::min);
    let max_right = graph
        .vertices
        .iter()
        .enumerate()
        .map(|(v, vertex)| x[v] + vertex.right_px)
        .fold(f64::NEG_INFINITY, f64::max);
    if !min_left.is_finite() {
        return (x, 0.0);
    }
    for value in &mut x {
        *value -= min_left;
    }
    (x, max_right - min_left)
}

/// Puts each loop's line, ports included, in one straight column, as close to the boxes as
/// every layer it crosses allows. The per-layer fit cannot move a whole column at once, so without this a
/// loop bulges around whatever sits in its way in one layer (such as another loop's label).
/// Inner (shorter) loops go first so that enclosing loops line up outside them. Unless `push`,
/// a loop is left as it is when its column would push something aside. Returns whether any
/// loop moved.
fn straighten_loops(
    graph: &LayeredGraph,
    layer_of_position: &[usize],
    x: &mut [f64],
    spacing: &Spacing,
    push: bool,
) -> bool {
    let mut changed = false;
    let mut loops: Vec<&[usize]> = graph
        .chains
        .iter()
        .filter_map(|chain| match chain {
            Chain::Back { vertices, .. } => Some(vertices.as_slice()),
            _ => None,
        })
        .collect();
    loops.sort_by_key(|vertices| vertices.len());
    for column in loops {
        let Some(&bottom_port) = column.last() else {
            continue;
        };
        let VertexKind::Port { owner } = graph.vertices[bottom_port].kind else {
            continue;
        };
        let on_left = layer_of_position[bottom_port] < layer_of_position[owner];
        // The column hugs the inside (towards the boxes) of the room it has in every layer; what
        // lies outside it (enclosing loops, not straightened yet) is pushed further out.
        let mut target = if on_left {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
        for &vertex in column {
            let order = &graph.layers[graph.vertices[vertex].layer];
            let at = layer_of_position[vertex];
            if on_left {
                if let Some(&right) = order.get(at + 1) {
                    target = target.min(x[right] - separation_px(graph, vertex, right, spacing));
                }
            } else if let Some(&left) = at.checked_sub(1).and_then(|i| order.get(i)) {
                target = target.max(x[left] + separation_px(graph, left, vertex, spacing));
            }
        }
        if !target.is_finite() {
            continue;
        }
        if column
            .iter()
            .all(|&vertex| (x[vertex] - target).abs() <= 1e-6)
        {
            continue;
        }
        let pushes = |vertex: usize| {
            let order = &graph.layers[graph.vertices[vertex].layer];
            let at = layer_of_position[vertex];
            if on_left {
                at.checked_sub(1)
                    .and_then(|i| order.get(i))
                    .is_some_and(|&outer| {
                        x[outer] > target - separation_px(graph, outer, vertex, spacing)
                    })
            } else {
                order.get(at + 1).is_some_and(|&outer| {
                    x[outer] < target + separation_px(graph, vertex, outer, spacing)
                })
            }
        };
        if !push && column.iter().any(|&vertex| pushes(vertex)) {
            continue;
        }
        changed = true;
        for &vertex in column {
            x[vertex] = target;
            let order = &graph.layers[graph.vertices[vertex].layer];
            let at = layer_of_position[vertex];
            let mut inner = vertex;
            if on_left {
                for &outer in order[..at].iter().rev() {
                    let limit = x[inner] - separation_px(graph, outer, inner, spacing);
                    if x[outer] <= limit {
                        break;
                    }
                    x[outer] = limit;
                    inner = outer;
                }
            } else {
                for &outer in &order[at + 1..] {
                    let limit = x[inner] + separation_px(graph, inner, outer, spacing);
                    if x[outer] >= limit {
                        break;
                    }
                    x[outer] = limit;
                    inner = outer;
                }
            }
        }
    }
    changed
}

/// Puts the bend points of each long forward edge in as few columns as its neighbours in each
/// layer allow: going down, a column is extended while some x stays clear of every layer's
/// neighbours, and placed at the point of that room nearest its bend points' median. A long
/// edge (a Catch running past several boxes) is then straight lines with a jog only where a box
/// is in the way, instead of jogging a few pixels at every layer. Neighbours do not move, so
/// every separation is kept.
fn straighten_long_edges(
    graph: &LayeredGraph,
    layer_of_position: &[usize],
    x: &mut [f64],
    spacing: &Spacing,
) {
    let mut values: Vec<f64> = Vec::new();
    let mut align = |x: &mut [f64], column: &[usize], low: f64, high: f64| {
        if column.len() < 2 || low > high {
            return;
        }
        values.clear();
        values.extend(column.iter().map(|&v| x[v]));
        values.sort_by(f64::total_cmp);
        let target = values[values.len() / 2].clamp(low, high);
        for &vertex in column {
            x[vertex] = target;
        }
    };
    for chain in &graph.chains {
        let Chain::Forward { vertices, .. } = chain else {
            continue;
        };
        for run in vertices.split(|&v| graph.vertices[v].kind != VertexKind::Dummy) {
            let mut start = 0;
            let (mut low, mut high) = (f64::NEG_INFINITY, f64::INFINITY);
            for (index, &vertex) in run.iter().enumerate() {
                let order = &graph.layers[graph.vertices[vertex].layer];
                let at = layer_of_position[vertex];
                let left = at
                    .checked_sub(1)
                    .and_then(|i| order.get(i))
                    .map_or(f64::NEG_INFINITY, |&left| {
                        x[left] + separation_px(graph, left, vertex, spacing)
                    });
                let right = order.get(at + 1).map_or(f64::INFINITY, |&right| {
                    x[right] - separation_px(graph, vertex, right, spacing)
                });
                if low.max(left) > high.min(right) {
                    align(x, &run[start..index], low, high);
                    start = index;
                    (low, high) = (left, right);
                } else {
                    (low, high) = (low.max(left), high.min(right));
                }
            }
            align(x, &run[start..], low, high);
        }
    }
}

/// A wish: (x in offset space, weight).
type Observation = (f64, f64);

/// Reused buffers for [`relax_layer`], so the many passes do not allocate.
#[derive(Default)]
struct Scratch {
    offsets: Vec<f64>,
    /// Observations of all vertices of the layer, each vertex's run sorted.
    observations: Vec<Observation>,
    /// Per vertex of the layer: its run in `observations`.
    runs: Vec<(usize, usize)>,
    /// The blocks' observations, block after block; merging the last two is in place.
    pooled: Vec<Observation>,
    merge_buffer: Vec<Observation>,
    /// Pool-adjacent-violators blocks: (start in `pooled`, median, number of vertices).
    blocks: Vec<(usize, f64, usize)>,
}

/// Which neighbours a sweep aligns a layer with.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    Up,
    Down,
}

/// Moves one layer to the best positions given its neighbours' current positions: minimises
/// the weighted sum of |x - x_neighbour| (absolute, not squared, so chains line up exactly and
/// a bend stays where it is needed instead of spreading along the chain).
fn relax_layer(
    graph: &LayeredGraph,
    layer: usize,
    layer_of_position: &[usize],
    x: &mut [f64],
    spacing: &Spacing,
    scratch: &mut Scratch,
    look: Look,
) {
    let order = &graph.layers[layer];
    if order.is_empty() {
        return;
    }
    scratch.offsets.clear();
    scratch.observations.clear();
    scratch.runs.clear();
    let mut offset = 0.0;
    for (index, &vertex) in order.iter().enumerate() {
        if index > 0 {
            offset += separation_px(graph, order[index - 1], vertex, spacing);
        }
        scratch.offsets.push(offset);
        let start = scratch.observations.len();
        // Ports are filled below from their owner.
        if !matches!(graph.vertices[vertex].kind, VertexKind::Port { .. }) {
            // Without neighbours on the side looked at (a source in a down sweep), use the others.
            let (looked_at, other) = match look {
                Look::Up => (&graph.up[vertex], &graph.down[vertex]),
                Look::Down => (&graph.down[vertex], &graph.up[vertex]),
            };
            let neighbours = if looked_at.is_empty() {
                other
            } else {
                looked_at
            };
            let mass = vertex_mass(graph, vertex);
            // Subtracting the offsets turns "keep separations" into "be non-decreasing".
            for &(neighbour, weight) in neighbours {
                scratch
                    .observations
                    .push((x[neighbour] - offset, weight * mass));
            }
            if scratch.observations.len() == start {
                scratch.observations.push((x[vertex] - offset, STAY_WEIGHT));
            }
            scratch.observations[start..].sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        scratch.runs.push((start, scratch.observations.len()));
    }
    // A port wants what its box wants: in offset space that keeps it packed right beside the
    // box, so the loop's line leaves the box's side directly.
    for (index, &vertex) in order.iter().enumerate() {
        if let VertexKind::Port { owner } = graph.vertices[vertex].kind {
            let start = scratch.observations.len();
            let owner_index = layer_of_position[owner];
            if order.get(owner_index) == Some(&owner) {
                let port = &graph.vertices[vertex];
                let pull = if port.left_px + port.right_px > 0.0 {
                    LABELLED_PORT_PULL
                } else {
                    PORT_PULL
                };
                let (owner_start, owner_end) = scratch.runs[owner_index];
                for at in owner_start..owner_end {
                    let (value, weight) = scratch.observations[at];
                    scratch.observations.push((value, weight * pull));
                }
            }
            if scratch.observations.len() == start {
                let stay = x[vertex] - scratch.offsets[index];
                scratch.observations.push((stay, STAY_WEIGHT));
            }
            scratch.runs[index] = (start, scratch.observations.len());
        }
    }

    // Pool adjacent violators with weighted medians (isotonic regression under L1).
    scratch.blocks.clear();
    scratch.pooled.clear();
    for index in 0..order.len() {
        let (start, end) = scratch.runs[index];
        let block_start = scratch.pooled.len();
        scratch
            .pooled
            .extend_from_slice(&scratch.observations[start..end]);
        let mut block = (
            block_start,
            weighted_median(&scratch.pooled[block_start..]),
            1_usize,
        );
        while let Some(&(previous_start, previous_median, previous_len)) = scratch.blocks.last() {
            if previous_median <= block.1 {
                break;
            }
            scratch.blocks.pop();
            merge_runs(
                &mut scratch.pooled[previous_start..],
                block.0 - previous_start,
                &mut scratch.merge_buffer,
            );
            block = (
                previous_start,
                weighted_median(&scratch.pooled[previous_start..]),
                previous_len + block.2,
            );
        }
        scratch.blocks.push(block);
    }
    let mut index = 0;
    for &(_, median, len) in &scratch.blocks {
        for _ in 0..len {
            x[order[index]] = median + scratch.offsets[index];
            index += 1;
        }
    }
}

/// Weighted median of observations sorted by value; when the median is an interval (the
/// weights split exactly in half), its midpoint.
fn weighted_median(sorted: &[(f64, f64)]) -> f64 {
    let total: f64 = sorted.iter().map(|o| o.1).sum();
    let half = total / 2.0;
    let mut cumulative = 0.0;
    for (index, &(value, weight)) in sorted.iter().enumerate() {
        cumulative += weight;
        if (cumulative - half).abs() <= 1e-9 * total.max(1.0) {
            let next = sorted.get(index + 1).map_or(value, |o| o.0);
            return (value + next) / 2.0;
        }
        if cumulative > half {
            return value;
        }
    }
    sorted.last().map_or(0.0, |o| o.0)
}

/// Merges the sorted runs `values[..middle]` and `values[middle..]` in place.
fn merge_runs(values: &mut [Observation], middle: usize, buffer: &mut Vec<Observation>) {
    buffer.clear();
    buffer.extend_from_slice(&values[..middle]);
    let (mut i, mut j, mut out) = (0, middle, 0);
    while i < buffer.len() && j < values.len() {
        if values[j].0 < buffer[i].0 {
            values[out] = values[j];
            j += 1;
        } else {
            values[out] = buffer[i];
            i += 1;
        }
        out += 1;
    }
    while i < buffer.len() {
        values[out] = buffer[i];
        i += 1;
        out += 1;
    }
}

/// Top and height of each layer, and the scope's height. Layers are stacked with half a rank
/// gap between them (ranks are doubled, so two half gaps separate rows of boxes).
pub(crate) fn assign_layer_y(graph: &LayeredGraph, spacing: &Spacing) -> (Vec<f64>, Vec<f64>, f64) {
    let half_gap_px = f64::from(spacing.rank_gap_px) / 2.0;
    let mut tops = Vec::with_capacity(graph.layers.len());
    let mut heights = Vec::with_capacity(graph.layers.len());
    let mut at = 0.0;
    for (index, layer) in graph.layers.iter().enumerate() {
        if index > 0 {
            at += half_gap_px;
        }
        let height = layer
            .iter()
            .map(|&v| graph.vertices[v].height_px)
            .fold(0.0, f64::max);
        tops.push(at);
        heights.push(height);
        at += height;
    }
    (tops, heights, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_median_picks_heaviest_side_or_interval_midpoint() {
        assert_eq!(weighted_median(&[(0.0, 1.0), (10.0, 3.0)]), 10.0);
        assert_eq!(weighted_median(&[(0.0, 1.0), (10.0, 1.0)]), 5.0);
        assert_eq!(weighted_median(&[(0.0, 1.0), (4.0, 1.0), (10.0, 1.0)]), 4.0);
    }

    #[test]
    fn merge_keeps_order() {
        let mut values = vec![(1.0, 1.0), (5.0, 1.0), (2.0, 1.0), (6.0, 1.0), (7.0, 1.0)];
        merge_runs(&mut values, 2, &mut Vec::new());
        let xs: Vec<f64> = values.iter().map(|o| o.0).collect();
        assert_eq!(xs, vec![1.0, 2.0, 5.0, 6.0, 7.0]);
    }
}
