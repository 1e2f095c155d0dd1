//! Finds the edges that close loops, so the rest of the layout can work on a DAG.

/// Result of the depth-first search.
#[derive(Debug)]
pub(crate) struct Acyclic {
    /// For each edge: true if it points back to a node on the current DFS path (or to itself).
    pub is_back: Vec<bool>,
    /// Nodes in DFS preorder; used as the initial left-to-right order.
    pub preorder: Vec<usize>,
}

/// Depth-first search from the first node, then from the other sources, then from whatever is
/// left, all in declared order, following out-edges in declared order. An edge to a node still
/// on the stack is a back edge: reversing exactly those makes the graph acyclic, and because the
/// search follows declared order, the caller's start node ends up on top and loops (retry,
/// polling) point upwards.
pub(crate) fn find_back_edges(node_count: usize, edges: &[(usize, usize)]) -> Acyclic {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut in_degree = vec![0_usize; node_count];
    let mut is_back = vec![false; edges.len()];
    for (index, &(from, to)) in edges.iter().enumerate() {
        if from == to {
            is_back[index] = true;
        } else {
            out_edges[from].push(index);
            in_degree[to] += 1;
        }
    }

    let roots = (0..node_count.min(1))
        .chain((0..node_count).filter(|&n| in_degree[n] == 0))
        .chain(0..node_count);

    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; node_count];
    let mut preorder = Vec::with_capacity(node_count);
    // Explicit stack of (node, next out-edge position): long chains must not overflow.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::OnPath;
        preorder.push(root);
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            if let Some(&edge) = out_edges[node].get(next) {
                top.1 += 1;
                let target = edges[edge].1;
                match mark[target] {
                    Mark::New => {
                        mark[target] = Mark::OnPath;
                        preorder.push(target);
                        stack.push((target, 0));
                    }
                    Mark::OnPath => is_back[edge] = true,
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    Acyclic { is_back, preorder }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_loop_back_edge_is_the_one_to_wait() {
        // Start, Wait, Check, Choice; Choice -> Wait loops, Choice -> Done leaves.
        let edges = [(0, 1), (1, 2), (2, 3), (3, 1), (3, 4)];
        let result = find_back_edges(5, &edges);
        assert_eq!(result.is_back, vec![false, false, false, true, false]);
        assert_eq!(result.preorder, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn self_loop_is_back_edge() {
        let result = find_back_edges(2, &[(0, 1), (1, 1)]);
        assert_eq!(result.is_back, vec![false, true]);
    }
}
