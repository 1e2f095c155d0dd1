//! Regression tests for defects seen in rendered corpus workflows; each fails without its fix.

#[path = "common/check.rs"]
mod check;

use statecraft_layout::{
    count_crossings, layout, ContainerSpec, EdgeKind, Layout, LayoutRect, LayoutRequest, ScopeRef,
    SizePx,
};

/// Typical measured sizes from the export: states 60 px tall, one-line labels 18 px tall.
const TALL_STATE: SizePx = SizePx::new(180, 60);
const MARKER: SizePx = SizePx::new(44, 44);

fn rect(drawing: &Layout, id: &str) -> LayoutRect {
    drawing.node(id).expect(id).rect
}

/// Left and right room between a lane's border and the boxes drawn in it.
fn lane_slack(
    request: &LayoutRequest,
    drawing: &Layout,
    container: &str,
    branch: u32,
) -> (f32, f32) {
    let lane = drawing.container(container).expect(container).lanes[branch as usize];
    let scope = ScopeRef::branch(container, branch);
    let boxes: Vec<LayoutRect> = request
        .nodes
        .iter()
        .filter(|n| n.scope == scope)
        .map(|n| rect(drawing, &n.id))
        .collect();
    let left = boxes.iter().map(|r| r.x_px).fold(f32::INFINITY, f32::min);
    let right = boxes
        .iter()
        .map(|r| r.right_px())
        .fold(f32::NEG_INFINITY, f32::max);
    (left - lane.x_px, lane.right_px() - right)
}

/// A branch that polls: Run → Choose; the Choice's Default loops back to Run with a label and
/// its rule goes on to Log (the shape of uml-statemachine's background checks).
fn polling_branch(request: &mut LayoutRequest, scope: ScopeRef, suffix: &str) {
    let (run, choose, log) = (
        format!("Run {suffix}"),
        format!("Choose {suffix}"),
        format!("Log {suffix}"),
    );
    request
        .node_in(scope.clone(), run.clone(), TALL_STATE)
        .node_in(scope.clone(), choose.clone(), TALL_STATE)
        .node_in(scope, log.clone(), TALL_STATE)
        .edge(run.clone(), choose.clone(), EdgeKind::Next)
        .labelled_edge(choose.clone(), log, EdgeKind::Choice, SizePx::new(150, 31))
        .labelled_edge(choose, run, EdgeKind::Default, SizePx::new(50, 18));
}

/// Defect: a lane centred everything it held, loop lines and their labels included, so boxes
/// beside a loop sat against the other side of the lane. The boxes are what reads as the
/// lane's content; they are centred and the loop gets room on its side.
#[test]
fn lanes_centre_their_boxes_beside_a_loop() {
    let mut request = LayoutRequest::new();
    request
        .node("Start", MARKER)
        .node("Checks", SizePx::new(150, 50))
        .container(ContainerSpec::parallel("Checks", 2))
        .node("Items", SizePx::new(150, 50))
        .container(ContainerSpec::map("Items"))
        .node("End", MARKER)
        .edge("Start", "Checks", EdgeKind::Other)
        .edge("Checks", "Items", EdgeKind::Next)
        .edge("Items", "End", EdgeKind::Other);
    polling_branch(&mut request, ScopeRef::branch("Checks", 0), "criminal");
    polling_branch(&mut request, ScopeRef::branch("Checks", 1), "financial");
    polling_branch(&mut request, ScopeRef::branch("Items", 0), "item");
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    for (container, branch) in [("Checks", 0), ("Checks", 1), ("Items", 0)] {
        let (left, right) = lane_slack(&request, &drawing, container, branch);
        assert!(
            (left - right).abs() <= 1.0,
            "{container} lane {branch}: {left} px left of the boxes, {right} px right"
        );
        // Still at least the lane padding on both sides.
        let padding = request.spacing.lane_padding_px as f32;
        assert!(left >= padding - 0.01 && right >= padding - 0.01);
    }
}

/// Defect: a loop's label sat beside the loop's line in the gap above its source, so when the
/// line ran far out (around a wide Parallel) the label landed far from the Choice it belongs
/// to, next to unrelated edges (genai-prompt-chaining-hitl). It now sits beside the Choice,
/// over the line where it leaves the box.
#[test]
fn loop_label_sits_where_the_loop_leaves_its_choice() {
    let mut request = LayoutRequest::new();
    request
        .node("Start", MARKER)
        .node("Read", TALL_STATE)
        .node("Fan out", SizePx::new(150, 50))
        .container(ContainerSpec::parallel("Fan out", 3))
        .node("Feedback", TALL_STATE)
        .node("Approved?", SizePx::new(230, 77))
        .node("Generate", TALL_STATE)
        .node("End", MARKER)
        .edge("Start", "Read", EdgeKind::Other)
        .edge("Read", "Fan out", EdgeKind::Next)
        .edge("Fan out", "Feedback", EdgeKind::Next)
        .edge("Feedback", "Approved?", EdgeKind::Next)
        .labelled_edge("Approved?", "Read", EdgeKind::Choice, SizePx::new(170, 31))
        .labelled_edge(
            "Approved?",
            "Generate",
            EdgeKind::Default,
            SizePx::new(50, 18),
        )
        .edge("Generate", "End", EdgeKind::Other);
    for branch in 0..3 {
        request.node_in(
            ScopeRef::branch("Fan out", branch),
            format!("Work {branch}"),
            TALL_STATE,
        );
    }
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    assert_eq!(count_crossings(&drawing), 0);

    let choice = rect(&drawing, "Approved?");
    let fan_out = rect(&drawing, "Fan out");
    let back = drawing
        .edges
        .iter()
        .find(|e| e.is_back_edge && e.from == "Approved?")
        .unwrap();
    let label = back.label.unwrap();
    // The loop runs up outside the wide Parallel, far from the Choice...
    let line_x = back.points[1].x_px;
    assert!(line_x >= fan_out.right_px(), "{line_x}");
    assert!(line_x - choice.right_px() > 150.0);
    // ...but its label is right beside the Choice, level with it, just over the line leaving it.
    let gap = label.x_px - choice.right_px();
    assert!(
        (0.0..=16.0).contains(&gap),
        "label {gap} px from its Choice"
    );
    assert!(label.y_px >= choice.y_px && label.bottom_px() <= choice.bottom_px());
    let leaves_at = back.points[0];
    assert_eq!(leaves_at.x_px, choice.right_px());
    assert!(label.bottom_px() <= leaves_at.y_px && leaves_at.y_px - label.bottom_px() <= 8.0);
    assert!(label.right_px() <= line_x);
}

/// The label stays on the loop's line when the box is too short to hold it beside itself.
#[test]
fn loop_label_beside_a_short_box_stays_on_the_line() {
    let mut request = LayoutRequest::new();
    let short = SizePx::new(120, 24);
    request
        .node("Poll", short)
        .node("Done?", short)
        .node("After", short)
        .edge("Poll", "Done?", EdgeKind::Next)
        .labelled_edge("Done?", "Poll", EdgeKind::Choice, SizePx::new(80, 31))
        .edge("Done?", "After", EdgeKind::Default);
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    let done = rect(&drawing, "Done?");
    let label = drawing.edges[1].label.unwrap();
    assert!(label.bottom_px() <= done.y_px, "{label:?} {done:?}");
}

/// Defect: a Choice sat midway over its branches even when one branch was a dead end (a Wait
/// looping back, a Fail), so the path that goes on bent sideways at every such Choice and a
/// lane's content drifted to one side (ec2-instance-isolation's Branch 2). The path that
/// continues now runs straight down and dead ends go beside it.
#[test]
fn path_that_goes_on_runs_straight_past_dead_ends() {
    let mut request = LayoutRequest::new();
    let label = SizePx::new(150, 18);
    request
        .node("Snapshot", TALL_STATE)
        .node("Status", TALL_STATE)
        .node("Complete?", TALL_STATE)
        .node("Create volume", SizePx::new(220, 77))
        .node("Wait", TALL_STATE)
        .node("Failed", TALL_STATE)
        .node("Volume status", TALL_STATE)
        .node("Attach", TALL_STATE)
        .edge("Snapshot", "Status", EdgeKind::Next)
        .edge("Status", "Complete?", EdgeKind::Next)
        .labelled_edge("Complete?", "Create volume", EdgeKind::Choice, label)
        .labelled_edge("Complete?", "Failed", EdgeKind::Choice, label)
        .labelled_edge("Complete?", "Wait", EdgeKind::Default, SizePx::new(50, 18))
        .edge("Wait", "Status", EdgeKind::Next)
        .edge("Create volume", "Volume status", EdgeKind::Next)
        .edge("Volume status", "Attach", EdgeKind::Next);
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    let x = rect(&drawing, "Snapshot").centre().x_px;
    for id in [
        "Status",
        "Complete?",
        "Create volume",
        "Volume status",
        "Attach",
    ] {
        let off = rect(&drawing, id).centre().x_px - x;
        assert!(off.abs() < 0.5, "{id} is {off} px off the main line");
    }
    // Branches that all go on (and join again) still centre their Choice.
    let mut joined = LayoutRequest::new();
    joined
        .node("Route", TALL_STATE)
        .node("A", TALL_STATE)
        .node("B", TALL_STATE)
        .node("Join", TALL_STATE)
        .labelled_edge("Route", "A", EdgeKind::Choice, label)
        .labelled_edge("Route", "B", EdgeKind::Default, label)
        .edge("A", "Join", EdgeKind::Next)
        .edge("B", "Join", EdgeKind::Next);
    let drawing = layout(&joined).unwrap();
    let middle = (rect(&drawing, "A").centre().x_px + rect(&drawing, "B").centre().x_px) / 2.0;
    assert!((rect(&drawing, "Route").centre().x_px - middle).abs() < 1.0);
}

/// Defect: long Catch edges running past a column of boxes jogged a few pixels sideways at
/// every layer (saga-pattern). Each now runs in straight columns, jogging only where a box is
/// in the way.
#[test]
fn long_catch_edges_run_in_straight_columns() {
    let mut request = LayoutRequest::new();
    let names = [
        "Reserve flight",
        "Reserve car",
        "Pay",
        "Confirm flight",
        "Confirm car",
    ];
    let widths = [196, 218, 206, 196, 218];
    let handlers = ["Refund", "Cancel car", "Cancel flight", "Notify failure"];
    request.node("Start", MARKER);
    for (name, width) in names.iter().zip(widths) {
        request.node(*name, SizePx::new(width, 60));
    }
    request
        .node("Notify success", TALL_STATE)
        .node("Succeeded", TALL_STATE);
    for handler in handlers {
        request.node(handler, SizePx::new(210, 60));
    }
    request
        .node("Failed", TALL_STATE)
        .node("End", MARKER)
        .edge("Start", names[0], EdgeKind::Other);
    let catch = SizePx::new(66, 18);
    for pair in names.windows(2) {
        request.edge(pair[0], pair[1], EdgeKind::Next);
    }
    request
        .edge(names[4], "Notify success", EdgeKind::Next)
        .edge("Notify success", "Succeeded", EdgeKind::Next)
        .edge("Succeeded", "End", EdgeKind::Other);
    for pair in handlers.windows(2) {
        request.edge(pair[0], pair[1], EdgeKind::Next);
    }
    request
        .edge("Notify failure", "Failed", EdgeKind::Next)
        .edge("Failed", "End", EdgeKind::Other);
    let targets = ["Cancel flight", "Cancel car", "Refund", "Refund", "Refund"];
    for (name, target) in names.iter().zip(targets) {
        request.labelled_edge(*name, target, EdgeKind::Catch, catch);
    }
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    for route in drawing.edges.iter().filter(|e| e.kind == EdgeKind::Catch) {
        // Count the sideways moves between consecutive vertical runs.
        let mut jogs = 0;
        for pair in route.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if (a.x_px - b.x_px).abs() > 0.01 && (a.y_px - b.y_px).abs() > 0.01 {
                jogs += 1;
            }
        }
        // Out of the source to its label, from the label to a column, at most one jog
        // around the handlers, and into the target.
        assert!(
            jogs <= 4,
            "{} -> {}: {jogs} jogs {:?}",
            route.from,
            route.to,
            route.points
        );
    }
}

/// Defect: loops were lined up one at a time, so a loop lined up before a neighbouring one
/// was pushed off its column by it and bent around it (genai-prompt-chaining-hitl's polling
/// loop). Each loop now runs up one straight column.
#[test]
fn loops_next_to_each_other_run_in_straight_columns() {
    let mut request = LayoutRequest::new();
    let label = SizePx::new(160, 31);
    request
        .node("Start", MARKER)
        .node("Start job", TALL_STATE)
        .node("Get job", TALL_STATE)
        .node("Status?", TALL_STATE)
        .node("Read", TALL_STATE)
        .node("Failed", TALL_STATE)
        .node("Wait", TALL_STATE)
        .node("Reshape", TALL_STATE)
        .node("Both", SizePx::new(150, 50))
        .container(ContainerSpec::parallel("Both", 2))
        .node("Feedback", SizePx::new(190, 77))
        .node("Approved?", SizePx::new(230, 77))
        .node("Generate", TALL_STATE)
        .node("Send", TALL_STATE)
        .node("End", MARKER)
        .edge("Start", "Start job", EdgeKind::Other)
        .edge("Start job", "Get job", EdgeKind::Next)
        .edge("Get job", "Status?", EdgeKind::Next)
        .labelled_edge("Status?", "Read", EdgeKind::Choice, label)
        .labelled_edge("Status?", "Failed", EdgeKind::Choice, label)
        .labelled_edge("Status?", "Wait", EdgeKind::Default, SizePx::new(50, 18))
        .edge("Wait", "Get job", EdgeKind::Next)
        .edge("Read", "Reshape", EdgeKind::Next)
        .edge("Reshape", "Both", EdgeKind::Next)
        .edge("Both", "Feedback", EdgeKind::Next)
        .edge("Feedback", "Approved?", EdgeKind::Next)
        .labelled_edge("Approved?", "Read", EdgeKind::Choice, label)
        .labelled_edge(
            "Approved?",
            "Generate",
            EdgeKind::Default,
            SizePx::new(50, 18),
        )
        .edge("Generate", "Send", EdgeKind::Next)
        .edge("Send", "End", EdgeKind::Other)
        .edge("Failed", "End", EdgeKind::Other);
    request
        .node_in(ScopeRef::branch("Both", 0), "Prompt", TALL_STATE)
        .node_in(ScopeRef::branch("Both", 0), "Invoke", TALL_STATE)
        .edge("Prompt", "Invoke", EdgeKind::Next)
        .node_in(ScopeRef::branch("Both", 1), "Call API", TALL_STATE);
    let drawing = layout(&request).unwrap();
    check::assert_valid(&request, &drawing);
    for route in drawing.edges.iter().filter(|e| e.is_back_edge) {
        // Out of the source's side, one straight column up, into the target's side.
        let column = &route.points[1..route.points.len() - 1];
        assert!(
            column.iter().all(|p| p.x_px == column[0].x_px),
            "{} -> {} bends: {:?}",
            route.from,
            route.to,
            route.points
        );
    }
    // The main path stays straight: the Choice's loop label beside it widens it, and a long
    // edge (Failed to End) running past must not push it off the line.
    let x = rect(&drawing, "Start job").centre().x_px;
    for id in [
        "Get job",
        "Status?",
        "Read",
        "Reshape",
        "Both",
        "Feedback",
        "Approved?",
        "Generate",
        "Send",
    ] {
        let off = rect(&drawing, id).centre().x_px - x;
        assert!(off.abs() < 0.5, "{id} is {off} px off the main line");
    }
}
