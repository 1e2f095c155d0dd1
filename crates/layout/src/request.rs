//! The layout request: what the caller knows (ids, measured sizes, edges, scopes).
//!
//! Everything here is integer logical pixels so that the request is `Eq + Hash`: callers cache
//! layouts keyed by the request and recompute only when it changes.

use std::fmt;

/// A size in logical pixels, as measured by the caller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SizePx {
    /// Width in logical pixels.
    pub width_px: u32,
    /// Height in logical pixels.
    pub height_px: u32,
}

impl SizePx {
    /// A size of `width_px` × `height_px`.
    pub const fn new(width_px: u32, height_px: u32) -> Self {
        Self {
            width_px,
            height_px,
        }
    }
}

/// The scope a node lives in: the root, or one branch (lane) of a container.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeRef {
    /// The top-level state machine.
    #[default]
    Root,
    /// Branch `branch` (0-based) of the container whose node id is `container`. A Map has one
    /// branch, its item processor, numbered 0.
    Branch {
        /// Node id of the container (a Parallel or Map state).
        container: String,
        /// 0-based branch index, in the container's declared branch order.
        branch: u32,
    },
}

impl ScopeRef {
    /// Branch `branch` of the container `container`.
    pub fn branch(container: impl Into<String>, branch: u32) -> Self {
        Self::Branch {
            container: container.into(),
            branch,
        }
    }
}

impl fmt::Display for ScopeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => write!(f, "the root scope"),
            Self::Branch { container, branch } => {
                write!(f, "branch {branch} of container {container:?}")
            }
        }
    }
}

/// What an edge stands for. The layout passes it through for styling; it only uses it to let
/// error handlers (`Catch`) yield to the main path when centring.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A `Next` transition.
    #[default]
    Next,
    /// A Choice state's `Default` transition.
    Default,
    /// A Choice rule's transition.
    Choice,
    /// A `Catch` transition to an error handler.
    Catch,
    /// Anything else the caller wants to draw (e.g. from a Start marker).
    Other,
}

/// A box to place.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NodeSpec {
    /// Unique id across the whole request (all scopes).
    pub id: String,
    /// Measured size. For a container this is a minimum: the box grows to fit its branches.
    pub size: SizePx,
    /// The scope the node is drawn in.
    pub scope: ScopeRef,
}

/// A directed edge between two nodes of the same scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EdgeSpec {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// What the edge stands for (passed through to the output).
    pub kind: EdgeKind,
    /// Size of the edge's label, if it has one; the layout reserves room for it.
    pub label: Option<SizePx>,
}

/// Which kind of container, and so how many branch scopes it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    /// A Parallel state: `branches` scopes side by side.
    Parallel {
        /// Number of branches.
        branches: u32,
    },
    /// A Map state: one item-processor scope.
    Map,
}

impl ContainerKind {
    /// Number of branch scopes the container holds.
    pub fn branch_count(self) -> u32 {
        match self {
            Self::Parallel { branches } => branches,
            Self::Map => 1,
        }
    }
}

/// Marks a node as a container whose box holds branch scopes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ContainerSpec {
    /// Id of the node that is the container (it lives in its parent scope like any node).
    pub node: String,
    /// Parallel or Map.
    pub kind: ContainerKind,
    /// Height of the title bar at the top of the container box.
    pub header_px: u32,
    /// Padding between the container's border and its lanes.
    pub padding_px: u32,
}

impl ContainerSpec {
    /// Default title height.
    pub const DEFAULT_HEADER_PX: u32 = 32;
    /// Default padding inside the container border.
    pub const DEFAULT_PADDING_PX: u32 = 12;

    /// A Parallel container with `branches` branches and default header and padding.
    pub fn parallel(node: impl Into<String>, branches: u32) -> Self {
        Self {
            node: node.into(),
            kind: ContainerKind::Parallel { branches },
            header_px: Self::DEFAULT_HEADER_PX,
            padding_px: Self::DEFAULT_PADDING_PX,
        }
    }

    /// A Map container with default header and padding.
    pub fn map(node: impl Into<String>) -> Self {
        Self {
            node: node.into(),
            kind: ContainerKind::Map,
            header_px: Self::DEFAULT_HEADER_PX,
            padding_px: Self::DEFAULT_PADDING_PX,
        }
    }
}

/// Distances the layout keeps, in logical pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Spacing {
    /// Horizontal gap between two boxes side by side.
    pub node_gap_px: u32,
    /// Vertical gap between two ranks of boxes (grows by the height of labels between them).
    pub rank_gap_px: u32,
    /// Horizontal gap between parallel edge lines, and between an edge line and a box.
    pub edge_gap_px: u32,
    /// Gap between lanes (branches) inside a container.
    pub lane_gap_px: u32,
    /// Padding inside a lane around its content.
    pub lane_padding_px: u32,
    /// Margin around the whole drawing.
    pub margin_px: u32,
}

impl Default for Spacing {
    fn default() -> Self {
        Self {
            node_gap_px: 32,
            rank_gap_px: 40,
            edge_gap_px: 16,
            lane_gap_px: 16,
            lane_padding_px: 16,
            margin_px: 24,
        }
    }
}

/// Everything the layout depends on. Compare or hash it to decide whether to lay out again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LayoutRequest {
    /// All nodes of all scopes. Declared order matters: it breaks ties (the first node of a scope
    /// is where the search for loops starts, and earlier branches go further left).
    pub nodes: Vec<NodeSpec>,
    /// All edges; each connects two nodes of one scope.
    pub edges: Vec<EdgeSpec>,
    /// The nodes that are containers.
    pub containers: Vec<ContainerSpec>,
    /// Distances to keep.
    pub spacing: Spacing,
}

impl LayoutRequest {
    /// An empty request with default spacing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node in the root scope.
    pub fn node(&mut self, id: impl Into<String>, size: SizePx) -> &mut Self {
        self.node_in(ScopeRef::Root, id, size)
    }

    /// Adds a node in `scope`.
    pub fn node_in(&mut self, scope: ScopeRef, id: impl Into<String>, size: SizePx) -> &mut Self {
        self.nodes.push(NodeSpec {
            id: id.into(),
            size,
            scope,
        });
        self
    }

    /// Adds an unlabelled edge.
    pub fn edge(
        &mut self,
        from: impl Into<String>,
        to: impl Into<String>,
        kind: EdgeKind,
    ) -> &mut Self {
        self.edges.push(EdgeSpec {
            from: from.into(),
            to: to.into(),
            kind,
            label: None,
        });
        self
    }

    /// Adds an edge with a label of the given size.
    pub fn labelled_edge(
        &mut self,
        from: impl Into<String>,
        to: impl Into<String>,
        kind: EdgeKind,
        label: SizePx,
    ) -> &mut Self {
        self.edges.push(EdgeSpec {
            from: from.into(),
            to: to.into(),
            kind,
            label: Some(label),
        });
        self
    }

    /// Declares an existing (or later added) node as a container.
    pub fn container(&mut self, spec: ContainerSpec) -> &mut Self {
        self.containers.push(spec);
        self
    }
}
