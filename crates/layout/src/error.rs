//! Errors for requests the layout cannot honour.

use crate::request::ScopeRef;

/// Why a request cannot be laid out. Each variant names the offending ids so the caller can
/// point at them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// Two nodes share an id.
    #[error(
        "node id {id:?} is declared more than once; node ids must be unique across all scopes"
    )]
    DuplicateNode {
        /// The repeated id.
        id: String,
    },
    /// An edge names a node that was not declared.
    #[error("edge {edge_index} ({from:?} -> {to:?}) refers to unknown node {missing:?}")]
    UnknownEdgeNode {
        /// Index of the edge in the request.
        edge_index: usize,
        /// The edge's source id.
        from: String,
        /// The edge's target id.
        to: String,
        /// The id that is not a declared node.
        missing: String,
    },
    /// An edge joins nodes of two different scopes.
    #[error(
        "edge {edge_index} joins {from:?} in {from_scope} to {to:?} in {to_scope}; \
         edges must stay within one scope (connect the container node instead)"
    )]
    CrossScopeEdge {
        /// Index of the edge in the request.
        edge_index: usize,
        /// The edge's source id.
        from: String,
        /// The source's scope.
        from_scope: ScopeRef,
        /// The edge's target id.
        to: String,
        /// The target's scope.
        to_scope: ScopeRef,
    },
    /// A container refers to a node that was not declared.
    #[error("container {id:?} is not a declared node; add the node first")]
    UnknownContainerNode {
        /// The container's node id.
        id: String,
    },
    /// A node is declared as a container twice.
    #[error("node {id:?} is declared as a container more than once")]
    DuplicateContainer {
        /// The container's node id.
        id: String,
    },
    /// A node is placed in a branch of something that is not a container.
    #[error(
        "node {node:?} is placed in {scope}, but {container:?} is not declared as a container"
    )]
    NotAContainer {
        /// The misplaced node.
        node: String,
        /// The scope it claims.
        scope: ScopeRef,
        /// The id that is not a container.
        container: String,
    },
    /// A node is placed in a branch the container does not have.
    #[error(
        "node {node:?} is placed in {scope}, but that container has only {branch_count} branch(es)"
    )]
    BranchOutOfRange {
        /// The misplaced node.
        node: String,
        /// The scope it claims.
        scope: ScopeRef,
        /// How many branches the container has.
        branch_count: u32,
    },
    /// A container is (directly or indirectly) inside one of its own branches.
    #[error("container {id:?} is nested inside itself")]
    NestingCycle {
        /// A container on the cycle.
        id: String,
    },
}
