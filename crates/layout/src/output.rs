//! The layout result: absolute rectangles and edge routes in layout space.

use crate::geometry::{LayoutPoint, LayoutRect};
use crate::request::{EdgeKind, ScopeRef};

/// Where one node was placed.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    /// The node's id.
    pub id: String,
    /// The scope it was declared in.
    pub scope: ScopeRef,
    /// Its box. For a container this is the whole container box.
    pub rect: LayoutRect,
}

/// Where a container's parts were placed.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    /// The container's node id.
    pub id: String,
    /// The whole container box (same as its [`NodeBox::rect`]).
    pub rect: LayoutRect,
    /// The title bar at the top of the box.
    pub header: LayoutRect,
    /// One lane per branch, in branch order, side by side, all of the same height.
    pub lanes: Vec<LayoutRect>,
}

/// How one edge is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeRoute {
    /// Index of the edge in [`crate::LayoutRequest::edges`].
    pub edge_index: usize,
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The kind given in the request.
    pub kind: EdgeKind,
    /// Whether the edge closes a loop (it goes against the top-to-bottom flow, or is a
    /// self-loop). Such edges leave and enter boxes on their side.
    pub is_back_edge: bool,
    /// The route from the source's border to the target's border; the arrow head goes at the
    /// last point. Consecutive points are distinct and no point sits in the middle of a
    /// straight run. Segments between two ranks may be diagonal: draw them straight or smooth
    /// them. Forward edges leave the bottom centre of the source and enter the top centre of
    /// the target; back edges and self-loops leave and enter on a side.
    pub points: Vec<LayoutPoint>,
    /// Where to draw the label, if the edge has one: on a forward edge, centred on the route
    /// below its source; on a back edge, beside the source box just over the line leaving it
    /// (or, when the box is too short for that, beside the loop's line).
    pub label: Option<LayoutRect>,
}

/// The result of [`crate::layout`].
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Width of the whole drawing, margins included.
    pub width_px: f32,
    /// Height of the whole drawing, margins included.
    pub height_px: f32,
    /// Every node, in request order.
    pub nodes: Vec<NodeBox>,
    /// Every container, in request order.
    pub containers: Vec<ContainerBox>,
    /// Every edge, in request order.
    pub edges: Vec<EdgeRoute>,
    /// Indices into `nodes`, sorted by id, for [`Layout::node`].
    pub(crate) node_index_by_id: Vec<usize>,
}

impl Layout {
    /// The box of the node with this id.
    pub fn node(&self, id: &str) -> Option<&NodeBox> {
        let found = self
            .node_index_by_id
            .binary_search_by(|&i| self.nodes[i].id.as_str().cmp(id))
            .ok()?;
        self.nodes.get(self.node_index_by_id[found])
    }

    /// The container with this node id.
    pub fn container(&self, id: &str) -> Option<&ContainerBox> {
        self.containers.iter().find(|c| c.id == id)
    }
}
