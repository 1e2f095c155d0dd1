//! Hand-written requests shaped like real state machines.

use statecraft_layout::{ContainerSpec, EdgeKind, LayoutRequest, ScopeRef, SizePx};

pub const STATE: SizePx = SizePx::new(120, 36);
pub const MARKER: SizePx = SizePx::new(24, 24);
pub const LABEL: SizePx = SizePx::new(80, 18);

/// Start → a chain of `len` tasks → End.
pub fn chain(len: usize) -> LayoutRequest {
    let mut request = LayoutRequest::new();
    request.node("Start", MARKER);
    let mut tail = "Start".to_owned();
    for i in 0..len {
        let id = format!("Task {i}");
        request.node(id.clone(), STATE);
        request.edge(tail, id.clone(), EdgeKind::Next);
        tail = id;
    }
    request
        .node("End", MARKER)
        .edge(tail, "End", EdgeKind::Other);
    request
}

/// A Parallel with three branches of different lengths, one holding a Choice.
pub fn parallel_three() -> LayoutRequest {
    let mut r = LayoutRequest::new();
    r.node("Start", MARKER)
        .node("Prepare", STATE)
        .node("Fan out", SizePx::new(140, 36))
        .container(ContainerSpec::parallel("Fan out", 3))
        .node("Summarise", STATE)
        .node("End", MARKER)
        .edge("Start", "Prepare", EdgeKind::Other)
        .edge("Prepare", "Fan out", EdgeKind::Next)
        .edge("Fan out", "Summarise", EdgeKind::Next)
        .edge("Summarise", "End", EdgeKind::Other);
    let b0 = ScopeRef::branch("Fan out", 0);
    r.node_in(b0.clone(), "Resize", STATE);
    let b1 = ScopeRef::branch("Fan out", 1);
    r.node_in(b1.clone(), "Detect labels", STATE)
        .node_in(b1.clone(), "Store labels", STATE)
        .edge("Detect labels", "Store labels", EdgeKind::Next);
    let b2 = ScopeRef::branch("Fan out", 2);
    r.node_in(b2.clone(), "Is large?", STATE)
        .node_in(b2.clone(), "Compress", STATE)
        .node_in(b2.clone(), "Keep", STATE)
        .labelled_edge("Is large?", "Compress", EdgeKind::Choice, LABEL)
        .labelled_edge("Is large?", "Keep", EdgeKind::Default, LABEL);
    r
}

/// A Map nested in one branch of a Parallel, next to a plain branch.
pub fn map_in_parallel() -> LayoutRequest {
    let mut r = LayoutRequest::new();
    r.node("Start", MARKER)
        .node("Both", SizePx::new(100, 36))
        .container(ContainerSpec::parallel("Both", 2))
        .node("End", MARKER)
        .edge("Start", "Both", EdgeKind::Other)
        .edge("Both", "End", EdgeKind::Other);
    let b0 = ScopeRef::branch("Both", 0);
    r.node_in(b0.clone(), "List items", STATE)
        .node_in(b0.clone(), "Each item", SizePx::new(110, 36))
        .container(ContainerSpec::map("Each item"))
        .node_in(b0.clone(), "Collect", STATE)
        .edge("List items", "Each item", EdgeKind::Next)
        .edge("Each item", "Collect", EdgeKind::Next);
    let item = ScopeRef::branch("Each item", 0);
    r.node_in(item.clone(), "Fetch", STATE)
        .node_in(item.clone(), "Transform", STATE)
        .node_in(item.clone(), "Save", STATE)
        .edge("Fetch", "Transform", EdgeKind::Next)
        .edge("Transform", "Save", EdgeKind::Next);
    let b1 = ScopeRef::branch("Both", 1);
    r.node_in(b1.clone(), "Notify", STATE);
    r
}

/// Wait → Check → Done? with the loop back to Wait, plus a retry self-loop and a catch.
pub fn polling_loop() -> LayoutRequest {
    let mut r = LayoutRequest::new();
    r.node("Start", MARKER)
        .node("Submit job", STATE)
        .node("Wait", STATE)
        .node("Get status", STATE)
        .node("Done?", STATE)
        .node("Succeeded", STATE)
        .node("Report failure", STATE)
        .node("End", MARKER)
        .edge("Start", "Submit job", EdgeKind::Other)
        .edge("Submit job", "Wait", EdgeKind::Next)
        .edge("Wait", "Get status", EdgeKind::Next)
        .edge("Get status", "Done?", EdgeKind::Next)
        .labelled_edge("Done?", "Wait", EdgeKind::Choice, SizePx::new(70, 18))
        .labelled_edge("Done?", "Succeeded", EdgeKind::Default, SizePx::new(60, 18))
        .edge("Get status", "Report failure", EdgeKind::Catch)
        .labelled_edge(
            "Get status",
            "Get status",
            EdgeKind::Other,
            SizePx::new(50, 18),
        )
        .edge("Succeeded", "End", EdgeKind::Other)
        .edge("Report failure", "End", EdgeKind::Other);
    r
}

/// A Choice with four labelled rules and a default, joining again.
pub fn choice_four_and_default() -> LayoutRequest {
    let mut r = LayoutRequest::new();
    r.node("Start", MARKER).node("Route order", STATE).edge(
        "Start",
        "Route order",
        EdgeKind::Other,
    );
    for (i, name) in ["Books", "Music", "Games", "Garden", "Other"]
        .iter()
        .enumerate()
    {
        r.node(*name, STATE);
        let kind = if i == 4 {
            EdgeKind::Default
        } else {
            EdgeKind::Choice
        };
        r.labelled_edge(
            "Route order",
            *name,
            kind,
            SizePx::new(60 + 10 * i as u32, 18),
        );
    }
    r.node("Ship", STATE).node("End", MARKER);
    for name in ["Books", "Music", "Games", "Garden", "Other"] {
        r.edge(name, "Ship", EdgeKind::Next);
    }
    r.edge("Ship", "End", EdgeKind::Other);
    r
}

/// Awkward shapes together: a loop back over several ranks, two loops into one state, a
/// Choice jumping forward to the end, shared error handlers, and Parallel in Map in Parallel.
pub fn awkward() -> LayoutRequest {
    let mut r = LayoutRequest::new();
    r.node("Start", MARKER)
        .node("Load", STATE)
        .node("Validate", STATE)
        .node("Enrich", STATE)
        .node("Decide", STATE)
        .node("Outer", SizePx::new(100, 36))
        .container(ContainerSpec::parallel("Outer", 2))
        .node("Handle errors", STATE)
        .node("End", MARKER)
        .edge("Start", "Load", EdgeKind::Other)
        .edge("Load", "Validate", EdgeKind::Next)
        .edge("Validate", "Enrich", EdgeKind::Next)
        .edge("Enrich", "Decide", EdgeKind::Next)
        .labelled_edge("Decide", "Load", EdgeKind::Choice, SizePx::new(90, 18))
        .labelled_edge("Decide", "Validate", EdgeKind::Choice, SizePx::new(70, 18))
        .labelled_edge("Decide", "End", EdgeKind::Choice, SizePx::new(60, 18))
        .labelled_edge("Decide", "Outer", EdgeKind::Default, SizePx::new(50, 18))
        .edge("Load", "Handle errors", EdgeKind::Catch)
        .edge("Enrich", "Handle errors", EdgeKind::Catch)
        .edge("Outer", "Handle errors", EdgeKind::Catch)
        .edge("Outer", "End", EdgeKind::Next)
        .edge("Handle errors", "End", EdgeKind::Next);
    let left = ScopeRef::branch("Outer", 0);
    r.node_in(left.clone(), "Items", SizePx::new(90, 36))
        .container(ContainerSpec::map("Items"))
        .node_in(left.clone(), "Merge", STATE)
        .edge("Items", "Merge", EdgeKind::Next);
    let item = ScopeRef::branch("Items", 0);
    r.node_in(item.clone(), "Split", SizePx::new(80, 36))
        .container(ContainerSpec::parallel("Split", 3))
        .node_in(item.clone(), "Item done", STATE)
        .edge("Split", "Item done", EdgeKind::Next);
    for b in 0..3 {
        r.node_in(
            ScopeRef::branch("Split", b),
            format!("Work {b}"),
            SizePx::new(80, 36),
        );
    }
    r.node_in(ScopeRef::branch("Split", 2), "Retry", SizePx::new(80, 36))
        .edge("Work 2", "Retry", EdgeKind::Next)
        .labelled_edge("Retry", "Work 2", EdgeKind::Choice, SizePx::new(40, 18));
    let right = ScopeRef::branch("Outer", 1);
    r.node_in(right.clone(), "Poll", STATE)
        .node_in(right.clone(), "Ready?", STATE)
        .edge("Poll", "Ready?", EdgeKind::Next)
        .labelled_edge("Ready?", "Poll", EdgeKind::Choice, SizePx::new(50, 18))
        .labelled_edge("Ready?", "Ready?", EdgeKind::Other, SizePx::new(40, 18));
    r
}
