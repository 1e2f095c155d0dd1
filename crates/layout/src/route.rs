//! Turns placed chains into polylines and label boxes, in scope-local coordinates.
//!
//! Routes only ever run vertically through a layer inside a column that the layer reserves
//! (the box's own centre, a bend point, a label or a port), and diagonally only in the empty
//! gaps between layers (and across layers holding nothing but bend points, which have no
//! height), so no route passes through a box.

use crate::layered::LocalRect;
use crate::layers::{Chain, LabelSide, LayeredGraph, VertexKind};

/// Room kept between a label and a route that cuts across its layer.
const CUT_CLEARANCE_PX: f64 = 6.0;

/// Distance between a loop's line and a label beside it.
pub(crate) const LABEL_GAP_PX: f64 = 4.0;

/// A route in scope-local coordinates.
#[derive(Clone, Debug, Default)]
pub(crate) struct LocalRoute {
    pub points: Vec<(f64, f64)>,
    pub label: Option<LocalRect>,
}

/// Placed vertices: x per vertex, top and height per layer.
pub(crate) struct Placement<'a> {
    pub x: &'a [f64],
    pub layer_top: &'a [f64],
    pub layer_height: &'a [f64],
    /// Index of each vertex within its layer.
    pub position: &'a [usize],
}

impl Placement<'_> {
    fn layer_top(&self, graph: &LayeredGraph, v: usize) -> f64 {
        self.layer_top[graph.vertices[v].layer]
    }

    fn layer_bottom(&self, graph: &LayeredGraph, v: usize) -> f64 {
        let layer = graph.vertices[v].layer;
        self.layer_top[layer] + self.layer_height[layer]
    }

    /// Top of a vertex's box: boxes hang from the top of their layer, so a small state next to
    /// a tall container sits level with the container's top, where the eye starts reading.
    fn top(&self, graph: &LayeredGraph, v: usize) -> f64 {
        self.layer_top[graph.vertices[v].layer]
    }

    fn label_rect(&self, graph: &LayeredGraph, v: usize) -> LocalRect {
        let vertex = &graph.vertices[v];
        let (x, width) = match vertex.kind {
            VertexKind::Label {
                side: LabelSide::Left,
            } => (self.x[v] - vertex.left_px, vertex.left_px - LABEL_GAP_PX),
            VertexKind::Label {
                side: LabelSide::Right,
            } => (self.x[v] + LABEL_GAP_PX, vertex.right_px - LABEL_GAP_PX),
            _ => (self.x[v] - vertex.left_px, vertex.left_px + vertex.right_px),
        };
        LocalRect {
            x,
            y: self.top(graph, v),
            width,
            height: vertex.height_px,
        }
    }

    /// Whether a bend point can be left out of a route: a plain bend point in a layer with no
    /// height. The band between the two neighbouring layers then holds no box or label, so the
    /// straight segment across it is safe and reads better than a kink.
    fn skippable(&self, graph: &LayeredGraph, v: usize) -> bool {
        graph.vertices[v].kind == VertexKind::Dummy
            && self.layer_height[graph.vertices[v].layer] <= 0.0
    }

    /// Whether a route may go straight from `from` to `to` across the layer of the bend point
    /// `bend` instead of through it. Only layers between ranks (odd layers: bend points and
    /// labels, no boxes) are considered; the straight segment must keep clear of every label
    /// there and must not cross the line of any other edge through the layer, so that skipping
    /// adds no crossing the ordering avoided.
    fn can_cut_across(
        &self,
        graph: &LayeredGraph,
        bend: usize,
        from: (f64, f64),
        to: (f64, f64),
    ) -> bool {
        let layer = graph.vertices[bend].layer;
        let between_ranks = layer & 1 == 1;
        if !between_ranks || graph.vertices[bend].kind != VertexKind::Dummy {
            return false;
        }
        let (top, bottom) = (self.layer_top(graph, bend), self.layer_bottom(graph, bend));
        let (low_y, high_y) = (from.1.min(to.1), from.1.max(to.1));
        if low_y > top || high_y < bottom || (to.1 - from.1).abs() < f64::EPSILON {
            return false;
        }
        let x_at = |y: f64| from.0 + (to.0 - from.0) * (y - from.1) / (to.1 - from.1);
        let (x_top, x_bottom) = (x_at(top), x_at(bottom));
        let (x_min, x_max) = (x_top.min(x_bottom), x_top.max(x_bottom));
        graph.layers[layer]
            .iter()
            .filter(|&&other| other != bend)
            .all(|&other| {
                let vertex = &graph.vertices[other];
                let clearance = if matches!(vertex.kind, VertexKind::Label { .. }) {
                    CUT_CLEARANCE_PX
                } else {
                    0.0
                };
                let left = self.x[other] - vertex.left_px - clearance;
                let right = self.x[other] + vertex.right_px + clearance;
                x_max < left || x_min > right
            })
    }

    /// Whether a port sits to the right of its owner.
    fn port_on_right(&self, port: usize, owner: usize) -> bool {
        self.position[port] > self.position[owner]
    }
}

/// Where loop edges meet the side of each box: the y of each port, spread over the box's height.
/// Ports of lines going up are placed above ports of lines coming down, nearest first, so the
/// lines of one box do not cross one another beside it.
pub(crate) fn port_y(graph: &LayeredGraph, placement: &Placement<'_>) -> Vec<f64> {
    let mut port_y = vec![0.0; graph.vertices.len()];
    // (owner, on right, going up, distance, port)
    let mut ports: Vec<(usize, bool, bool, usize, usize)> = Vec::new();
    for chain in &graph.chains {
        if let Chain::Back { vertices, .. } = chain {
            let (Some(&top), Some(&bottom)) = (vertices.first(), vertices.last()) else {
                continue;
            };
            for (port, going_up) in [(bottom, true), (top, false)] {
                if let VertexKind::Port { owner } = graph.vertices[port].kind {
                    let right = placement.port_on_right(port, owner);
                    let distance = placement.position[port].abs_diff(placement.position[owner]);
                    ports.push((owner, right, going_up, distance, port));
                }
            }
        }
    }
    // Going-up ports first (nearest first), then coming-down ports (farthest first).
    ports.sort_by_key(|&(owner, right, going_up, distance, port)| {
        let key = if going_up {
            distance as isize
        } else {
            isize::MAX / 2 - distance as isize
        };
        (owner, right, !going_up, key, port)
    });
    let mut start = 0;
    while start < ports.len() {
        let (owner, right, ..) = ports[start];
        let end = ports[start..]
            .iter()
            .position(|p| p.0 != owner || p.1 != right)
            .map_or(ports.len(), |n| start + n);
        let count = (end - start) as f64;
        let top = placement.top(graph, owner);
        let height = graph.vertices[owner].height_px;
        for (slot, entry) in ports[start..end].iter().enumerate() {
            port_y[entry.4] = top + height * (slot as f64 + 1.0) / (count + 1.0);
        }
        start = end;
    }
    port_y
}

/// Routes every chain, in input-edge order.
pub(crate) fn route_all(graph: &LayeredGraph, placement: &Placement<'_>) -> Vec<LocalRoute> {
    let port_y = port_y(graph, placement);
    graph
        .chains
        .iter()
        .map(|chain| {
            let mut route = match chain {
                Chain::Forward { vertices, label } => {
                    route_forward(graph, placement, vertices, *label)
                }
                Chain::Back { vertices, label } => {
                    route_back(graph, placement, &port_y, vertices, *label)
                }
                Chain::SelfLoop { node, port, label } => {
                    route_self_loop(graph, placement, *node, *port, *label)
                }
            };
            route.points = simplify(&route.points);
            route
        })
        .collect()
}

fn route_forward(
    graph: &LayeredGraph,
    placement: &Placement<'_>,
    vertices: &[usize],
    label: Option<usize>,
) -> LocalRoute {
    let x = placement.x;
    let mut points = Vec::with_capacity(vertices.len() * 2 + 2);
    let (Some(&source), Some(&target)) = (vertices.first(), vertices.last()) else {
        return LocalRoute::default();
    };
    points.push((
        x[source],
        placement.top(graph, source) + graph.vertices[source].height_px,
    ));
    points.push((x[source], placement.layer_bottom(graph, source)));
    for (index, &v) in vertices.iter().enumerate().take(vertices.len() - 1).skip(1) {
        if placement.skippable(graph, v) {
            continue;
        }
        let next = vertices[index + 1];
        if !placement.skippable(graph, next) {
            let from = points.last().copied().unwrap_or_default();
            let to = (x[next], placement.layer_top(graph, next));
            if placement.can_cut_across(graph, v, from, to) {
                continue;
            }
        }
        points.push((x[v], placement.layer_top(graph, v)));
        points.push((x[v], placement.layer_bottom(graph, v)));
    }
    points.push((x[target], placement.layer_top(graph, target)));
    points.push((x[target], placement.top(graph, target)));
    LocalRoute {
        points,
        label: label.map(|v| placement.label_rect(graph, v)),
    }
}

/// Side of `owner` facing `port`.
fn side_x(graph: &LayeredGraph, placement: &Placement<'_>, owner: usize, port: usize) -> f64 {
    if placement.port_on_right(port, owner) {
        placement.x[owner] + graph.vertices[owner].right_px
    } else {
        placement.x[owner] - graph.vertices[owner].left_px
    }
}

fn route_back(
    graph: &LayeredGraph,
    placement: &Placement<'_>,
    port_y: &[f64],
    vertices: &[usize],
    label: Option<usize>,
) -> LocalRoute {
    let x = placement.x;
    let (Some(&top_port), Some(&bottom_port)) = (vertices.first(), vertices.last()) else {
        return LocalRoute::default();
    };
    let (VertexKind::Port { owner: target }, VertexKind::Port { owner: source }) = (
        graph.vertices[top_port].kind,
        graph.vertices[bottom_port].kind,
    ) else {
        return LocalRoute::default();
    };
    let mut points = Vec::with_capacity(vertices.len() * 2 + 4);
    points.push((
        side_x(graph, placement, source, bottom_port),
        port_y[bottom_port],
    ));
    points.push((x[bottom_port], port_y[bottom_port]));
    points.push((x[bottom_port], placement.layer_top(graph, bottom_port)));
    for index in (1..vertices.len() - 1).rev() {
        let v = vertices[index];
        if placement.skippable(graph, v) {
            continue;
        }
        let next = vertices[index - 1];
        if !placement.skippable(graph, next) {
            let from = points.last().copied().unwrap_or_default();
            let to = (x[next], placement.layer_bottom(graph, next));
            if placement.can_cut_across(graph, v, from, to) {
                continue;
            }
        }
        points.push((x[v], placement.layer_bottom(graph, v)));
        points.push((x[v], placement.layer_top(graph, v)));
    }
    points.push((x[top_port], placement.layer_bottom(graph, top_port)));
    points.push((x[top_port], port_y[top_port]));
    points.push((side_x(graph, placement, target, top_port), port_y[top_port]));
    LocalRoute {
        points,
        label: label.map(|v| placement.label_rect(graph, v)),
    }
}

fn route_self_loop(
    graph: &LayeredGraph,
    placement: &Placement<'_>,
    node: usize,
    port: usize,
    label: Option<(f64, f64)>,
) -> LocalRoute {
    let top = placement.top(graph, node);
    let height = graph.vertices[node].height_px;
    let (y_out, y_in) = (top + height / 4.0, top + height * 3.0 / 4.0);
    let side = side_x(graph, placement, node, port);
    let line_x = placement.x[port];
    let points = vec![(side, y_out), (line_x, y_out), (line_x, y_in), (side, y_in)];
    let label = label.map(|(width, height_px)| {
        let x = if placement.port_on_right(port, node) {
            line_x + LABEL_GAP_PX
        } else {
            line_x - LABEL_GAP_PX - width
        };
        LocalRect {
            x,
            // Centred on the box, but not above its layer (the layer is as tall as the label).
            y: (top + (height - height_px) / 2.0).max(top),
            width,
            height: height_px,
        }
    });
    LocalRoute { points, label }
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &point in points {
        if out.last() == Some(&point) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let cross = (b.0 - a.0) * (point.1 - b.1) - (b.1 - a.1) * (point.0 - b.0);
            let forward = (b.0 - a.0) * (point.0 - b.0) + (b.1 - a.1) * (point.1 - b.1);
            if cross.abs() < 1e-9 && forward >= 0.0 {
                out.pop();
            }
        }
        out.push(point);
    }
    out
}
