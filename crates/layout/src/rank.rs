//! Assigns each node a rank (row) on the DAG of forward edges.

/// Longest-path ranking: each node sits one rank below its lowest predecessor, so every forward
/// edge points down. `forward` lists the edges of the DAG (back edges already left out: each
/// joins a node to one of its DFS ancestors, so it would never change a rank).
///
/// Sources other than the first node are then pulled down next to their highest successor so
/// that side entries (unreachable states, extra markers) do not float at the top with long edges.
pub(crate) fn longest_path(node_count: usize, forward: &[(usize, usize)]) -> Vec<usize> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut in_degree = vec![0_usize; node_count];
    for &(from, to) in forward {
        out_edges[from].push(to);
        in_degree[to] += 1;
    }
    let mut rank = vec![0_usize; node_count];
    let mut remaining = in_degree.clone();
    // Kahn's algorithm; the queue is a plain Vec used FIFO, seeded in index order.
    let mut queue: Vec<usize> = (0..node_count).filter(|&n| in_degree[n] == 0).collect();
    let mut head = 0;
    let mut topological = Vec::with_capacity(node_count);
    while let Some(&node) = queue.get(head) {
        head += 1;
        topological.push(node);
        for &next in &out_edges[node] {
            rank[next] = rank[next].max(rank[node] + 1);
            remaining[next] -= 1;
            if remaining[next] == 0 {
                queue.push(next);
            }
        }
    }

    // Pull late sources down, in reverse topological order so chains of them follow.
    for &node in topological.iter().rev() {
        if node == 0 || in_degree[node] != 0 || out_edges[node].is_empty() {
            continue;
        }
        let lowest_allowed = out_edges[node]
            .iter()
            .map(|&next| rank[next])
            .min()
            .unwrap_or(1);
        rank[node] = rank[node].max(lowest_allowed.saturating_sub(1));
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_ranks_increase() {
        assert_eq!(longest_path(3, &[(0, 1), (1, 2)]), vec![0, 1, 2]);
    }

    #[test]
    fn join_goes_below_longest_branch() {
        // 0 -> 1 -> 2 -> 3 and 0 -> 3
        assert_eq!(
            longest_path(4, &[(0, 1), (1, 2), (2, 3), (0, 3)]),
            vec![0, 1, 2, 3]
        );
    }

    #[test]
    fn late_source_is_pulled_down() {
        // 0 -> 1 -> 2 -> 3, and 4 -> 3
        let ranks = longest_path(5, &[(0, 1), (1, 2), (2, 3), (4, 3)]);
        assert_eq!(ranks[4], 2);
    }
}
