//! Validates the request and resolves it into a tree of scopes (root, then container branches)
//! addressed by index.

use std::collections::BTreeMap;

use crate::error::LayoutError;
use crate::request::{LayoutRequest, ScopeRef};

/// One scope: the nodes drawn together in one layered drawing.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    /// Node indices, in request order.
    pub nodes: Vec<usize>,
    /// Edge indices, in request order.
    pub edges: Vec<usize>,
    /// Number of containers around this scope (root is 0).
    pub depth: usize,
}

/// The request resolved to indices.
#[derive(Debug)]
pub(crate) struct ScopeTree {
    /// Scope 0 is the root; each container's branches follow as consecutive scopes.
    pub scopes: Vec<Scope>,
    /// The scope of each node.
    pub node_scope: Vec<usize>,
    /// For each node, the container index if it is a container.
    pub node_container: Vec<Option<usize>>,
    /// For each container, the index of its first branch scope.
    pub container_first_scope: Vec<usize>,
    /// For each container, its node index.
    pub container_node: Vec<usize>,
    /// Source and target node index of each edge.
    pub edge_ends: Vec<(usize, usize)>,
}

/// Checks ids, scopes and edges, and indexes everything.
pub(crate) fn resolve(request: &LayoutRequest) -> Result<ScopeTree, LayoutError> {
    let mut node_by_id: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, node) in request.nodes.iter().enumerate() {
        if node_by_id.insert(node.id.as_str(), index).is_some() {
            return Err(LayoutError::DuplicateNode {
                id: node.id.clone(),
            });
        }
    }

    let mut scopes = vec![Scope::default()];
    let mut node_container = vec![None; request.nodes.len()];
    let mut container_first_scope = Vec::with_capacity(request.containers.len());
    let mut container_node = Vec::with_capacity(request.containers.len());
    let mut scope_owner: Vec<Option<usize>> = vec![None];
    for (container, spec) in request.containers.iter().enumerate() {
        let Some(&node) = node_by_id.get(spec.node.as_str()) else {
            return Err(LayoutError::UnknownContainerNode {
                id: spec.node.clone(),
            });
        };
        if node_container[node].is_some() {
            return Err(LayoutError::DuplicateContainer {
                id: spec.node.clone(),
            });
        }
        node_container[node] = Some(container);
        container_node.push(node);
        container_first_scope.push(scopes.len());
        for _ in 0..spec.kind.branch_count() {
            scopes.push(Scope::default());
            scope_owner.push(Some(node));
        }
    }

    let mut node_scope = Vec::with_capacity(request.nodes.len());
    for node in &request.nodes {
        let scope = match &node.scope {
            ScopeRef::Root => 0,
            ScopeRef::Branch { container, branch } => {
                let container_index = node_by_id
                    .get(container.as_str())
                    .and_then(|&n| node_container[n]);
                let Some(container_index) = container_index else {
                    return Err(LayoutError::NotAContainer {
                        node: node.id.clone(),
                        scope: node.scope.clone(),
                        container: container.clone(),
                    });
                };
                let branch_count = request.containers[container_index].kind.branch_count();
                if *branch >= branch_count {
                    return Err(LayoutError::BranchOutOfRange {
                        node: node.id.clone(),
                        scope: node.scope.clone(),
                        branch_count,
                    });
                }
                container_first_scope[container_index] + *branch as usize
            }
        };
        node_scope.push(scope);
    }
    for (index, &scope) in node_scope.iter().enumerate() {
        scopes[scope].nodes.push(index);
    }

    // Depth by walking up through owning containers; a walk longer than the number of
    // containers means a container sits inside itself.
    for (scope_index, scope) in scopes.iter_mut().enumerate() {
        let mut depth = 0;
        let mut current = scope_index;
        while let Some(owner) = scope_owner[current] {
            depth += 1;
            if depth > request.containers.len() {
                return Err(LayoutError::NestingCycle {
                    id: request.nodes[owner].id.clone(),
                });
            }
            current = node_scope[owner];
        }
        scope.depth = depth;
    }

    let mut edge_ends = Vec::with_capacity(request.edges.len());
    for (edge_index, edge) in request.edges.iter().enumerate() {
        let lookup = |id: &String| {
            node_by_id
                .get(id.as_str())
                .copied()
                .ok_or_else(|| LayoutError::UnknownEdgeNode {
                    edge_index,
                    from: edge.from.clone(),
                    to: edge.to.clone(),
                    missing: id.clone(),
                })
        };
        let from = lookup(&edge.from)?;
        let to = lookup(&edge.to)?;
        if node_scope[from] != node_scope[to] {
            return Err(LayoutError::CrossScopeEdge {
                edge_index,
                from: edge.from.clone(),
                from_scope: request.nodes[from].scope.clone(),
                to: edge.to.clone(),
                to_scope: request.nodes[to].scope.clone(),
            });
        }
        scopes[node_scope[from]].edges.push(edge_index);
        edge_ends.push((from, to));
    }

    Ok(ScopeTree {
        scopes,
        node_scope,
        node_container,
        container_first_scope,
        container_node,
        edge_ends,
    })
}
