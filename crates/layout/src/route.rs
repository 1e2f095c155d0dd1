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

/// Distance between a loop's line and a label beside it, and between a label and the line
/// under it.
pub(crate) const LABEL_GAP_PX: f64 = 4.0;

/// Distance between a box's side and a loop label drawn beside it.
const SOURCE_LABEL_GAP_PX: f64 = 8.0;

/// Least vertical distance between two ports on one side of a box, when the box is tall enough.
const MIN_PORT_STEP_PX: f64 = 8.0;

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
    /// For each loop port, how far below its owner's top it meets the box.
    pub port_offset: &'a [f64],
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

    /// Where a loop port meets the side of its owner.
    fn port_y(&self, graph: &LayeredGraph, port: usize) -> f64 {
        match graph.vertices[port].kind {
            VertexKind::Port { owner } => self.top(graph, owner) + self.port_offset[port],
            _ => self.top(graph, port),
        }
    }
}

/// The loop ports on one side of one box.
#[derive(Debug)]
pub(crate) struct PortGroup {
    /// The box.
    pub owner: usize,
    /// Whether the ports are on the box's right.
    pub on_right: bool,
    /// Port vertices, top to bottom.
    pub ports: Vec<usize>,
}

/// Groups loop ports by the side of the box they are on and orders each group top to bottom.
/// Ports of lines going up are placed above ports of lines coming down, nearest first, so the
/// lines of one box do not cross one another beside it. Sorted by owner, then side.
pub(crate) fn port_groups(graph: &LayeredGraph, position: &[usize]) -> Vec<PortGroup> {
    // (owner, on right, going up, distance, port)
    let mut ports: Vec<(usize, bool, bool, usize, usize)> = Vec::new();
    for chain in &graph.chains {
        if let Chain::Back { vertices, .. } = chain {
            let (Some(&top), Some(&bottom)) = (vertices.first(), vertices.last()) else {
                continue;
            };
            for (port, going_up) in [(bottom, true), (top, false)] {
                if let VertexKind::Port { owner } = graph.vertices[port].kind {
                    let right = position[port] > position[owner];
                    let distance = position[port].abs_diff(position[owner]);
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
    let mut groups: Vec<PortGroup> = Vec::new();
    for (owner, on_right, .., port) in ports {
        match groups.last_mut() {
            Some(group) if group.owner == owner && group.on_right == on_right => {
                group.ports.push(port);
            }
            _ => groups.push(PortGroup {
                owner,
                on_right,
                ports: vec![port],
            }),
        }
    }
    groups
}

/// How far below the top of a box of height `height_px` each port of a group meets it, top to
/// bottom: spread evenly, except that a port with `headroom_px` (room for a label over its
/// line) sits at least that far below the port above it (or the box's top). `None` if the box
/// is too short for that; never `None` when no port asks for headroom.
pub(crate) fn port_offsets(height_px: f64, headroom_px: &[f64]) -> Option<Vec<f64>> {
    let spacing = height_px / (headroom_px.len() as f64 + 1.0);
    let min_step = spacing.min(MIN_PORT_STEP_PX);
    let mut offsets = Vec::with_capacity(headroom_px.len());
    let mut previous = 0.0;
    for (index, &room) in headroom_px.iter().enumerate() {
        let step = if index == 0 { room } else { room.max(min_step) };
        let offset = (spacing * (index as f64 + 1.0)).max(previous + step);
        offsets.push(offset);
        previous = offset;
    }
    (previous <= height_px - spacing.min(LABEL_GAP_PX) + 1e-9).then_some(offsets)
}

/// Routes every chain, in input-edge order.
pub(crate) fn route_all(graph: &LayeredGraph, placement: &Placement<'_>) -> Vec<LocalRoute> {
    graph
        .chains
        .iter()
        .map(|chain| {
            let mut route = match chain {
                Chain::Forward { vertices, label } => {
                    route_forward(graph, placement, vertices, *label)
                }
                Chain::Back {
                    vertices,
                    label,
                    source_label,
                } => route_back(graph, placement, vertices, *label, *source_label),
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
    vertices: &[usize],
    label: Option<usize>,
    source_label: Option<(f64, f64)>,
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
    let (bottom_y, top_y) = (
        placement.port_y(graph, bottom_port),
        placement.port_y(graph, top_port),
    );
    let mut points = Vec::with_capacity(vertices.len() * 2 + 4);
    points.push((side_x(graph, placement, source, bottom_port), bottom_y));
    points.push((x[bottom_port], bottom_y));
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
    points.push((x[top_port], top_y));
    points.push((side_x(graph, placement, target, top_port), top_y));
    let label = match (label, source_label) {
        (Some(v), _) => Some(placement.label_rect(graph, v)),
        (None, Some(size)) => Some(source_label_rect(
            graph,
            placement,
            source,
            bottom_port,
            size,
        )),
        (None, None) => None,
    };
    LocalRoute { points, label }
}

/// A loop's label drawn beside its source box, just over the line leaving the box, in the room
/// its port reserves between the box and the loop's column. It starts near the box, past any
/// line coming down into the box between the box and this port.
fn source_label_rect(
    graph: &LayeredGraph,
    placement: &Placement<'_>,
    owner: usize,
    port: usize,
    (width, height): (f64, f64),
) -> LocalRect {
    let y = placement.port_y(graph, port) - LABEL_GAP_PX - height;
    let on_right = placement.port_on_right(port, owner);
    let order = &graph.layers[graph.vertices[owner].layer];
    let (from, to) = if on_right {
        (placement.position[owner] + 1, placement.position[port])
    } else {
        (placement.position[port] + 1, placement.position[owner])
    };
    let mut anchor = side_x(graph, placement, owner, port);
    for &other in order.get(from..to).unwrap_or_default() {
        // Lines of nearer ports that meet the box below the label's top pass through its rows.
        let crosses = matches!(graph.vertices[other].kind, VertexKind::Port { .. })
            && placement.port_y(graph, other) > y;
        if crosses {
            anchor = if on_right {
                anchor.max(placement.x[other])
            } else {
                anchor.min(placement.x[other])
            };
        }
    }
    let line_x = placement.x[port];
    let x = if on_right {
        (anchor + SOURCE_LABEL_GAP_PX).min(line_x - LABEL_GAP_PX - width)
    } else {
        (anchor - SOURCE_LABEL_GAP_PX - width).max(line_x + LABEL_GAP_PX)
    };
    LocalRect {
        x,
        y,
        width,
        height,
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
