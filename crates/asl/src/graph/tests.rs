use super::*;
use crate::document::{Document, Format};

fn graph(text: &str) -> Graph {
    Graph::from_document(&Document::parse(text, Format::Json).unwrap())
}

fn edge<'a>(g: &'a Graph, from: &str, to: &str) -> &'a GraphEdge {
    let (from, to): (NodeId, NodeId) = (from.parse().unwrap(), to.parse().unwrap());
    g.edges
        .iter()
        .find(|e| e.from == from && e.to == to)
        .unwrap_or_else(|| panic!("no edge {from} -> {to} in {:#?}", g.edges))
}

#[test]
fn states_markers_and_edges_by_kind() {
    let g = graph(
        r#"{"StartAt": "Check", "States": {
          "Check": {"Type": "Choice", "Choices": [
              {"And": [{"Variable": "$.total", "NumericGreaterThan": 100},
                       {"Variable": "$.vip", "BooleanEquals": true}], "Next": "Ship"}],
            "Default": "Fail"},
          "Ship": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
             "Parameters": {"FunctionName": "${ShipOrderArn}"},
             "Catch": [{"ErrorEquals": ["States.Timeout", "Custom"], "Next": "Fail"}], "Next": "Pause"},
          "Pause": {"Type": "Wait", "Seconds": 86400, "End": true},
          "Fail": {"Type": "Fail", "Error": "Oops"}}}"#,
    );
    assert!(!g.has_problems(), "{:#?}", g);
    let names: Vec<&str> = g.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Start", "Check", "Ship", "Pause", "Fail", "End"]);
    assert_eq!(edge(&g, "#start", "/States/Check").kind, EdgeKind::Start);
    let rule = edge(&g, "/States/Check", "/States/Ship");
    assert_eq!(rule.kind, EdgeKind::Choice { index: 0 });
    assert_eq!(
        rule.label.as_deref(),
        Some("$.total > 100 and $.vip == true")
    );
    assert_eq!(
        edge(&g, "/States/Check", "/States/Fail").label.as_deref(),
        Some("Default")
    );
    let catch = edge(&g, "/States/Ship", "/States/Fail");
    assert!(catch.kind.is_dashed());
    assert_eq!(catch.label.as_deref(), Some("States.Timeout, Custom"));
    assert_eq!(edge(&g, "/States/Pause", "#end").kind, EdgeKind::End);
    assert_eq!(edge(&g, "/States/Fail", "#end").kind, EdgeKind::End);
    let ship = g.state_at("/States/Ship").unwrap();
    assert_eq!(ship.summary, "Lambda: ShipOrder");
    assert_eq!(
        g.state_at("/States/Pause").unwrap().summary,
        "Wait 24 hours"
    );
    assert_eq!(g.state_at("/States/Fail").unwrap().summary, "Fail: Oops");
}

#[test]
fn nested_scopes_at_any_depth_have_unique_ids() {
    let g = graph(
        r#"{"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
               "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}}}}]}}}"#,
    );
    assert!(!g.has_problems(), "{:#?}", g);
    let ids: Vec<String> = g.states().map(|n| n.id.to_string()).collect();
    assert_eq!(
        ids,
        [
            "/States/P",
            "/States/P/Branches/0/States/A",
            "/States/P/Branches/1/States/M",
            "/States/P/Branches/1/States/M/ItemProcessor/States/A",
        ]
    );
    let scopes: Vec<(&str, Option<&str>, &str)> = g
        .scopes
        .iter()
        .map(|s| {
            (
                s.id.pointer(),
                s.parent.as_ref().map(ScopeId::pointer),
                s.title.as_str(),
            )
        })
        .collect();
    assert_eq!(
        scopes,
        [
            ("", None, ""),
            ("/States/P/Branches/0", Some(""), "Branch 1"),
            ("/States/P/Branches/1", Some(""), "Branch 2"),
            (
                "/States/P/Branches/1/States/M/ItemProcessor",
                Some("/States/P/Branches/1"),
                "Item processor"
            ),
        ]
    );
    // Ends inside branches do not reach the workflow's End marker.
    assert_eq!(g.edges.iter().filter(|e| e.to == NodeId::End).count(), 1);
    assert_eq!(
        g.scope(&ScopeId::new("/States/P/Branches/0"))
            .unwrap()
            .start
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("/States/P/Branches/0/States/A")
    );
}

#[test]
fn broken_documents_still_give_a_graph_with_problems_marked() {
    let g = graph(
        r#"{"StartAt": "Nope", "States": {
          "A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Gone"},
          "B": {"Type": "Teleport", "End": true},
          "C": 42,
          "D": {"Type": "Pass"}}}"#,
    );
    assert!(g.has_problems());
    assert_eq!(g.states().count(), 4);
    let missing: Vec<String> = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Missing)
        .map(|n| n.id.to_string())
        .collect();
    assert_eq!(missing, ["#missing/States/Nope", "#missing/States/Gone"]);
    assert!(g.problems.iter().any(|p| p.contains("Nope")));
    assert!(g.state_at("/States/A").unwrap().problems[0].contains("Gone"));
    assert!(g.state_at("/States/B").unwrap().problems[0].contains("Teleport"));
    assert!(g.state_at("/States/C").unwrap().problems[0].contains("object"));
    assert!(g.state_at("/States/D").unwrap().problems[0].contains("neither"));
    assert_eq!(g.state_at("/States/A").unwrap().summary, "SNS: publish");
    for e in &g.edges {
        assert!(
            g.node(&e.from).is_some() && g.node(&e.to).is_some(),
            "{e:?}"
        );
    }
}

#[test]
fn jsonata_conditions_and_waits() {
    let g = graph(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.total > 100 %}", "Next": "W"}],
                "Default": "T"},
          "W": {"Type": "Wait", "Timestamp": "{% $deadline %}", "Next": "T"},
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Comment": "Manager approval", "End": true}}}"#,
    );
    assert_eq!(
        edge(&g, "/States/C", "/States/W").label.as_deref(),
        Some("$states.input.total > 100")
    );
    assert_eq!(
        g.state_at("/States/W").unwrap().summary,
        "Wait until $deadline"
    );
    let t = g.state_at("/States/T").unwrap();
    assert!(t.human_approval);
    assert_eq!(t.note.as_deref(), Some("waits for human approval"));
}

#[test]
fn choice_labels_render_not_or_and_paths() {
    let g = graph(
        r#"{"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [
            {"Not": {"Variable": "$.a", "StringEquals": "x"}, "Next": "E"},
            {"Or": [{"Variable": "$.b", "IsPresent": false},
                    {"And": [{"Variable": "$.c", "NumericLessThanEqualsPath": "$.d"},
                             {"Variable": "$.e", "StringMatches": "log-*"}]}], "Next": "E"}]},
          "E": {"Type": "Succeed"}}}"#,
    );
    let labels: Vec<&str> = g
        .edges
        .iter()
        .filter_map(|e| matches!(e.kind, EdgeKind::Choice { .. }).then_some(e.label.as_deref()?))
        .collect();
    assert_eq!(
        labels,
        [
            "not ($.a == \"x\")",
            "$.b is absent or ($.c <= $.d and $.e matches \"l…",
        ]
    );
}

#[test]
fn duplicate_state_names_get_distinct_ids() {
    let g = graph(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "A": {"Type": "Succeed"}}}"#,
    );
    let ids: Vec<String> = g.states().map(|n| n.id.to_string()).collect();
    assert_eq!(ids, ["/States/A", "#duplicate2/States/A"]);
    assert!(!g
        .node(&"#duplicate2/States/A".parse().unwrap())
        .unwrap()
        .problems
        .is_empty());
}

#[test]
fn a_root_that_is_not_an_object_still_gives_markers() {
    let g = graph("[1, 2]");
    assert_eq!(g.nodes.len(), 2);
    assert!(g.has_problems());
}

#[test]
fn the_state_containing_a_pointer_is_the_innermost() {
    let g = graph(
        r#"{"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
          "PA": {"Type": "Pass", "End": true}}}"#,
    );
    let name = |pointer: &str| g.state_containing(pointer).map(|n| n.name.as_str());
    assert_eq!(name("/States/P/Branches/0/States/A/Type"), Some("A"));
    assert_eq!(name("/States/P/Branches/0/StartAt"), Some("P"));
    assert_eq!(name("/States/P"), Some("P"));
    assert_eq!(name("/States/PA/End"), Some("PA"));
    assert_eq!(name("/States"), None);
    assert_eq!(name(""), None);
    assert_eq!(
        g.node_index(&NodeId::state("/States/PA")),
        g.nodes.iter().position(|n| n.name == "PA")
    );
}
