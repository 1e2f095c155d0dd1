//! Geometric invariants every layout must satisfy.

use statecraft_layout::{Layout, LayoutRect, LayoutRequest, ScopeRef};

/// Ids of the containers around `scope`, innermost first.
fn ancestors(request: &LayoutRequest, scope: &ScopeRef) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = scope.clone();
    while let ScopeRef::Branch { container, .. } = current {
        out.push(container.clone());
        current = request
            .nodes
            .iter()
            .find(|n| n.id == container)
            .map(|n| n.scope.clone())
            .unwrap_or(ScopeRef::Root);
        if out.len() > 64 {
            break;
        }
    }
    out
}

/// Panics with a description of the first broken invariant.
pub fn assert_valid(request: &LayoutRequest, layout: &Layout) {
    let ancestors_of: Vec<Vec<String>> = request
        .nodes
        .iter()
        .map(|n| ancestors(request, &n.scope))
        .collect();
    let bounds = LayoutRect::new(0.0, 0.0, layout.width_px, layout.height_px);
    assert_eq!(layout.nodes.len(), request.nodes.len());
    assert_eq!(layout.edges.len(), request.edges.len());

    for (i, node) in layout.nodes.iter().enumerate() {
        assert_eq!(node.id, request.nodes[i].id);
        assert!(
            bounds.contains_rect(&node.rect),
            "{} outside the drawing",
            node.id
        );
        assert!(node.rect.width_px >= request.nodes[i].size.width_px as f32 - 0.01);
        assert!(node.rect.height_px >= request.nodes[i].size.height_px as f32 - 0.01);
        // Inside its lane.
        if let ScopeRef::Branch { container, branch } = &node.scope {
            let lane = layout.container(container).expect("container box").lanes[*branch as usize];
            assert!(
                lane.contains_rect(&node.rect),
                "{} not inside lane {branch} of {container}",
                node.id
            );
        }
    }
    // No two boxes overlap unless one contains the other.
    for (i, a) in layout.nodes.iter().enumerate() {
        for (j, b) in layout.nodes.iter().enumerate().skip(i + 1) {
            if ancestors_of[i].contains(&b.id) || ancestors_of[j].contains(&a.id) {
                continue;
            }
            assert!(
                !a.rect.overlaps(&b.rect),
                "{} overlaps {}: {:?} {:?}",
                a.id,
                b.id,
                a.rect,
                b.rect
            );
        }
    }
    for container in &layout.containers {
        for (k, lane) in container.lanes.iter().enumerate() {
            assert!(container.rect.contains_rect(lane));
            assert!(!lane.overlaps(&container.header));
            for other in &container.lanes[k + 1..] {
                assert!(!lane.overlaps(other), "lanes of {} overlap", container.id);
            }
        }
    }

    for (e, route) in layout.edges.iter().enumerate() {
        let spec = &request.edges[e];
        assert_eq!((&route.from, &route.to), (&spec.from, &spec.to));
        assert!(route.points.len() >= 2, "edge {e} has no route");
        let from = layout.node(&spec.from).expect("from");
        let to = layout.node(&spec.to).expect("to");
        let first = route.points[0];
        let last = route.points[route.points.len() - 1];
        assert!(
            on_border(&from.rect, first),
            "edge {e} does not start on {}",
            spec.from
        );
        assert!(
            on_border(&to.rect, last),
            "edge {e} does not end on {}",
            spec.to
        );
        let scope_ancestors = ancestors(request, &from.scope);
        for pair in route.points.windows(2) {
            assert_ne!(pair[0], pair[1], "edge {e} repeats a point");
            for (n, node) in layout.nodes.iter().enumerate() {
                if scope_ancestors.contains(&node.id) {
                    continue;
                }
                assert!(
                    !node.rect.segment_enters(pair[0], pair[1], 0.5),
                    "edge {e} ({} -> {}) passes through {}: {:?} -> {:?}",
                    spec.from,
                    spec.to,
                    request.nodes[n].id,
                    pair[0],
                    pair[1]
                );
            }
        }
        assert!(bounds.contains_rect(&LayoutRect::new(first.x_px, first.y_px, 0.0, 0.0)));
        match (spec.label, route.label) {
            (Some(size), Some(label)) => {
                assert_eq!(label.width_px, size.width_px as f32);
                assert_eq!(label.height_px, size.height_px as f32);
                assert!(
                    bounds.contains_rect(&label),
                    "label of edge {e} outside the drawing"
                );
            }
            (None, None) => {}
            other => panic!("edge {e} label mismatch {other:?}"),
        }
    }
    // Labels overlap neither boxes (other than enclosing containers) nor each other.
    let labels: Vec<(usize, LayoutRect)> = layout
        .edges
        .iter()
        .enumerate()
        .filter_map(|(e, r)| r.label.map(|l| (e, l)))
        .collect();
    for (k, &(e, label)) in labels.iter().enumerate() {
        let scope = &layout.node(&request.edges[e].from).expect("from").scope;
        let scope_ancestors = ancestors(request, scope);
        for node in &layout.nodes {
            if scope_ancestors.contains(&node.id) {
                continue;
            }
            assert!(
                !label.overlaps(&node.rect),
                "label of edge {e} overlaps {}",
                node.id
            );
        }
        for &(f, other) in &labels[k + 1..] {
            assert!(
                !label.overlaps(&other),
                "labels of edges {e} and {f} overlap"
            );
        }
    }
}

fn on_border(rect: &LayoutRect, p: statecraft_layout::LayoutPoint) -> bool {
    let eps = 0.01;
    let inside_x = p.x_px >= rect.x_px - eps && p.x_px <= rect.right_px() + eps;
    let inside_y = p.y_px >= rect.y_px - eps && p.y_px <= rect.bottom_px() + eps;
    let on_x = (p.x_px - rect.x_px).abs() <= eps || (p.x_px - rect.right_px()).abs() <= eps;
    let on_y = (p.y_px - rect.y_px).abs() <= eps || (p.y_px - rect.bottom_px()).abs() <= eps;
    inside_x && inside_y && (on_x || on_y)
}
