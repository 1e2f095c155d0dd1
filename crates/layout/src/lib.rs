//! Statecraft's layout: a pure, deterministic, layered (Sugiyama-style) layout of boxes and
//! edges, top to bottom, with nested scopes, as AWS Workflow Studio draws state machines.
//!
//! It knows boxes, edges and scopes, not ASL. The caller measures text, builds a
//! [`LayoutRequest`] (nodes with sizes, edges, containers whose branches are scopes) and calls
//! [`layout`]. The request is `Eq + Hash`, so the caller can cache the [`Layout`] and compute it
//! again only when the request changes; the same request always gives the same layout.
//!
//! Each scope is laid out on its own, innermost first (`layered`): loops found by a depth-first
//! search in declared order are reversed (`acyclic`), nodes are ranked by longest path (`rank`),
//! ranks are doubled so labels get rows of their own and long edges get bend points (`layers`),
//! layers are ordered by barycenter sweeps, with loops moved outside where that crosses less
//! (`order`), x comes from a weighted-median fit under separation constraints (edges into dead
//! ends such as a Fail or a Wait that loops back pull weakly, so the path that goes on runs
//! straight), with loop columns and long edges straightened (`position`), and routes follow the
//! columns each layer reserves (`route`); a loop's label sits beside the box it leaves. A
//! container's box is then sized from its branches, each lane centring its boxes (`compose`),
//! and laid out in its parent scope like any node; finally everything is placed in absolute
//! coordinates (`place`).
//!
//! Declare each scope's start node first: the search for loops starts there, and ties keep
//! declared order (earlier branches to the left).
//!
//! ```
//! use statecraft_layout::{layout, ContainerSpec, EdgeKind, LayoutRequest, ScopeRef, SizePx};
//!
//! let state = SizePx::new(120, 40);
//! let mut request = LayoutRequest::new();
//! request
//!     .node("Start", SizePx::new(24, 24))
//!     .node("Fan out", SizePx::new(140, 40))
//!     .container(ContainerSpec::parallel("Fan out", 2))
//!     .node_in(ScopeRef::branch("Fan out", 0), "Left", state)
//!     .node_in(ScopeRef::branch("Fan out", 1), "Right A", state)
//!     .node_in(ScopeRef::branch("Fan out", 1), "Right B", state)
//!     .edge("Right A", "Right B", EdgeKind::Next)
//!     .node("End", SizePx::new(24, 24))
//!     .edge("Start", "Fan out", EdgeKind::Other)
//!     .edge("Fan out", "End", EdgeKind::Other);
//! let drawing = layout(&request)?;
//! let fan_out = drawing.container("Fan out").map(|c| c.lanes.len());
//! assert_eq!(fan_out, Some(2));
//! # Ok::<(), statecraft_layout::LayoutError>(())
//! ```

mod acyclic;
mod compose;
mod crossings;
mod error;
mod geometry;
mod layered;
mod layers;
mod order;
mod output;
mod place;
mod position;
mod rank;
mod request;
mod route;
mod scope;

pub use crossings::count_crossings;
pub use error::LayoutError;
pub use geometry::{LayoutPoint, LayoutRect};
pub use output::{ContainerBox, EdgeRoute, Layout, NodeBox};
pub use request::{
    ContainerKind, ContainerSpec, EdgeKind, EdgeSpec, LayoutRequest, NodeSpec, ScopeRef, SizePx,
    Spacing,
};

/// Lays out `request`. Fails only on an inconsistent request (unknown or duplicate ids, an edge
/// between scopes, a branch the container does not have, a container inside itself).
pub fn layout(request: &LayoutRequest) -> Result<Layout, LayoutError> {
    let tree = scope::resolve(request)?;
    let nested = compose::lay_out_scopes(request, &tree);
    Ok(place::place(request, &tree, &nested))
}
