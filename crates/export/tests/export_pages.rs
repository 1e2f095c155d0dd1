//! Review pages, escaping, broken drafts and run overlays.

mod common;

use statecraft_asl::graph::NodeId;
use statecraft_export::{
    html, mermaid, svg, Diagram, HtmlOptions, RunOverlay, RunStatus, StateStatus, SvgOptions,
};

const HOSTILE: &str = r#"{
  "Comment": "<script>alert('root')</script>",
  "StartAt": "<script>alert(1)</script>",
  "States": {
    "<script>alert(1)</script>": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Comment": "</script><script>evil()</script> see https://example.com/<x>",
      "Parameters": {"FunctionName": "<img src=x onerror=alert(2)>"},
      "Catch": [{"ErrorEquals": ["<b>Bad</b>"], "Next": "Done \"quoted\" & <i>"}],
      "Next": "Done \"quoted\" & <i>"
    },
    "Done \"quoted\" & <i>": {"Type": "Succeed", "Comment": "x|y#z`"}
  }
}"#;

#[test]
fn strings_from_the_document_are_escaped_everywhere() {
    let diagram = Diagram::from_document(&common::doc(HOSTILE)).unwrap();
    let run = r#"{"events": [
      {"id": 1, "previousEventId": 0, "type": "ExecutionStarted"},
      {"id": 2, "previousEventId": 1, "type": "TaskStateEntered",
       "stateEnteredEventDetails": {"name": "<script>alert(1)</script>"}}]}"#;
    let overlay = RunOverlay::from_json(&diagram.graph, run).unwrap();
    assert_eq!(
        status_of(&overlay, "/States/<script>alert(1)<~1script>"),
        StateStatus::InProgress
    );
    let events = statecraft_export::read_history(run).unwrap().events;
    let page = html(
        &diagram,
        &HtmlOptions {
            title: Some("<script>title()</script>"),
            overlay: Some(&overlay),
            events: Some(&events),
        },
    );
    assert!(!page.contains("<script>alert"), "names are escaped");
    assert!(!page.contains("<script>evil"), "comments are escaped");
    assert!(!page.contains("<script>title"), "the title is escaped");
    assert!(!page.contains("<img"), "parameters are escaped");
    assert!(!page.contains("<b>Bad"), "error names are escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Our own scripts only: node links, run data, replay.
    assert_eq!(page.matches("<script").count(), 3, "{page}");
    assert_eq!(page.matches("</script>").count(), 3);

    let picture = svg(&diagram, &SvgOptions::default());
    roxmltree::Document::parse(&picture).unwrap();
    assert!(!picture.contains("<script"));
    let flowchart = mermaid(&diagram.graph);
    assert!(!flowchart.contains("<script"), "{flowchart}");
    assert!(!flowchart.contains("<i>Done"), "{flowchart}");
}

#[test]
fn the_review_page_is_self_contained() {
    let diagram = Diagram::from_document(&common::doc(HOSTILE)).unwrap();
    let page = html(&diagram, &HtmlOptions::default());
    // The only web address is the one a user wrote, and it is escaped.
    let user_url = "https://example.com/&lt;x&gt;";
    assert!(page.contains(user_url));
    let rest = page.replace(user_url, "");
    assert!(
        !rest.contains("http://") && !rest.contains("https://"),
        "{rest}"
    );
    assert!(!rest.contains("<link") && !rest.contains("src=\"") && !rest.contains("@import"));
    assert!(rest.contains("<svg") && rest.contains("</html>"));
    // Each state's details in plain words.
    assert!(page.contains("<dt>What it does</dt>"));
    assert!(page.contains("<dt>Catch</dt><dd>on &lt;b&gt;Bad&lt;/b&gt;, go to Done"));
}

#[test]
fn broken_drafts_still_render_with_problems_marked() {
    let draft = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Nowhere"},
        "B": {"Type": "Teleport", "End": true},
        "C": "not an object"}}"#;
    let diagram = Diagram::from_document(&common::doc(draft)).unwrap();
    assert!(diagram.graph.has_problems());
    let picture = svg(&diagram, &SvgOptions::default());
    roxmltree::Document::parse(&picture).unwrap();
    assert!(picture.contains("MISSING STATE"));
    assert!(picture.contains("Nowhere"));
    assert!(picture.contains("UNKNOWN TYPE TELEPORT"));
    assert!(picture.contains('\u{26a0}'), "problem marks");
}

#[test]
fn a_caught_parallel_failure_is_orange_and_the_branch_red() {
    let doc = common::fixture_definition("parallel_catch.json");
    let diagram = Diagram::from_document(&doc).unwrap();
    let overlay =
        RunOverlay::from_json(&diagram.graph, &common::fixture("parallel_catch.json")).unwrap();
    assert_eq!(overlay.run_status, RunStatus::Succeeded);
    let statuses: Vec<(&str, StateStatus)> = overlay
        .statuses
        .iter()
        .map(|(k, v)| (k.state_pointer().expect("a state"), *v))
        .collect();
    assert_eq!(
        statuses,
        [
            ("/States/FinalCaught", StateStatus::Succeeded),
            ("/States/ParallelState", StateStatus::Caught),
            (
                "/States/ParallelState/Branches/0/States/Branch1",
                StateStatus::Failed
            ),
        ]
    );
    assert_eq!(status_of(&overlay, "/States/Final"), StateStatus::NotRun);
    let picture = svg(
        &diagram,
        &SvgOptions {
            marks: Some(&overlay.marks()),
            ..SvgOptions::default()
        },
    );
    let xml = roxmltree::Document::parse(&picture).unwrap();
    let shape_of = |id: &str| {
        let group = xml
            .descendants()
            .find(|n| n.attribute("data-node") == Some(id))
            .unwrap_or_else(|| panic!("{id}"));
        let shape = group
            .descendants()
            .find(|n| n.attribute("class") == Some("shape"))
            .unwrap();
        (
            group.attribute("data-status").unwrap_or(""),
            shape.attribute("fill").unwrap_or(""),
            shape.attribute("stroke-dasharray").is_some(),
        )
    };
    assert_eq!(
        shape_of("/States/FinalCaught"),
        ("succeeded", "#dcf5e3", false)
    );
    assert_eq!(
        shape_of("/States/ParallelState"),
        ("caught", "#ffe8cc", false)
    );
    assert_eq!(
        shape_of("/States/ParallelState/Branches/0/States/Branch1"),
        ("failed", "#fde2e1", false)
    );
    assert_eq!(shape_of("/States/Final"), ("not-run", "#ffffff", true));
    assert!(
        picture.contains("caught error"),
        "the legend names the colours"
    );
}

#[test]
fn map_iterations_and_a_failed_run() {
    let doc = common::fixture_definition("map_inline.json");
    let diagram = Diagram::from_document(&doc).unwrap();
    let text = common::fixture("map_inline.json");
    let overlay = RunOverlay::from_json(&diagram.graph, &text).unwrap();
    assert!(diagram
        .graph
        .states()
        .all(|n| overlay.status(&n.id) == StateStatus::Succeeded));
    // Three iterations: the inner state is entered and exited three times.
    let inner = NodeId::state("/States/State1/ItemProcessor/States/Inner");
    assert_eq!(
        overlay.steps.iter().filter(|s| s.node_id == inner).count(),
        6
    );
    // A bare GetExecutionHistory response gives the same statuses.
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let bare = serde_json::json!({"events": value["expected"]["events"]});
    let from_bare = RunOverlay::from_value(&diagram.graph, &bare).unwrap();
    assert_eq!(from_bare.statuses, overlay.statuses);
    assert_eq!(from_bare.run_status, RunStatus::Succeeded);

    let doc = common::fixture_definition("raise_failure.json");
    let diagram = Diagram::from_document(&doc).unwrap();
    let overlay =
        RunOverlay::from_json(&diagram.graph, &common::fixture("raise_failure.json")).unwrap();
    assert_eq!(overlay.run_status, RunStatus::Failed);
    assert_eq!(overlay.error.as_deref(), Some("SomeFailure"));
    assert_eq!(
        status_of(&overlay, "/States/FailState"),
        StateStatus::Failed
    );
    let events = statecraft_export::read_history(&common::fixture("raise_failure.json"))
        .unwrap()
        .events;
    let page = html(
        &diagram,
        &HtmlOptions {
            title: None,
            overlay: Some(&overlay),
            events: Some(&events),
        },
    );
    assert!(page.contains("id=\"run-data\""));
    assert!(page.contains("Run failed: SomeFailure"));
}

#[test]
fn an_unfinished_run_shows_progress_and_unreadable_histories_are_errors() {
    let doc = common::doc(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Wait", "Seconds": 60, "End": true}}}"#,
    );
    let diagram = Diagram::from_document(&doc).unwrap();
    let run = r#"{"events": [
      {"id": 1, "previousEventId": 0, "type": "ExecutionStarted"},
      {"id": 2, "previousEventId": 1, "type": "PassStateEntered", "stateEnteredEventDetails": {"name": "A"}},
      {"id": 3, "previousEventId": 2, "type": "PassStateExited", "stateExitedEventDetails": {"name": "A"}},
      {"id": 4, "previousEventId": 3, "type": "WaitStateEntered", "stateEnteredEventDetails": {"name": "B"}}]}"#;
    let overlay = RunOverlay::from_json(&diagram.graph, run).unwrap();
    assert_eq!(overlay.run_status, RunStatus::Running);
    assert_eq!(status_of(&overlay, "/States/A"), StateStatus::Succeeded);
    assert_eq!(status_of(&overlay, "/States/B"), StateStatus::InProgress);
    let aborted = run.replace(
        "]}",
        r#", {"id": 5, "previousEventId": 4, "type": "ExecutionAborted", "executionAbortedEventDetails": {}}]}"#,
    );
    let overlay = RunOverlay::from_json(&diagram.graph, &aborted).unwrap();
    assert_eq!(overlay.run_status, RunStatus::Aborted);
    assert_eq!(status_of(&overlay, "/States/B"), StateStatus::Cancelled);
    assert!(RunOverlay::from_json(&diagram.graph, "not json").is_err());
    assert!(RunOverlay::from_json(&diagram.graph, "{\"status\": \"FAILED\"}").is_err());
}

#[test]
fn retries_that_succeed_are_green_and_caught_task_failures_orange() {
    let doc = common::doc(
        r#"{"StartAt": "Call", "States": {
            "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                     "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "Charge"},
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refund"}], "End": true},
            "Refund": {"Type": "Pass", "End": true}}}"#,
    );
    let diagram = Diagram::from_document(&doc).unwrap();
    let run = r#"{"events": [
      {"id": 1, "previousEventId": 0, "type": "ExecutionStarted"},
      {"id": 2, "previousEventId": 1, "type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "Call"}},
      {"id": 3, "previousEventId": 2, "type": "TaskScheduled"},
      {"id": 4, "previousEventId": 3, "type": "TaskFailed", "taskFailedEventDetails": {"error": "Boom"}},
      {"id": 5, "previousEventId": 4, "type": "TaskScheduled"},
      {"id": 6, "previousEventId": 5, "type": "TaskSucceeded"},
      {"id": 7, "previousEventId": 6, "type": "TaskStateExited", "stateExitedEventDetails": {"name": "Call"}},
      {"id": 8, "previousEventId": 7, "type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "Charge"}},
      {"id": 9, "previousEventId": 8, "type": "TaskScheduled"},
      {"id": 10, "previousEventId": 9, "type": "TaskFailed", "taskFailedEventDetails": {"error": "Declined"}},
      {"id": 11, "previousEventId": 10, "type": "PassStateEntered", "stateEnteredEventDetails": {"name": "Refund"}},
      {"id": 12, "previousEventId": 11, "type": "PassStateExited", "stateExitedEventDetails": {"name": "Refund"}},
      {"id": 13, "previousEventId": 12, "type": "ExecutionSucceeded"}]}"#;
    let overlay = RunOverlay::from_json(&diagram.graph, run).unwrap();
    assert_eq!(status_of(&overlay, "/States/Call"), StateStatus::Succeeded);
    assert_eq!(status_of(&overlay, "/States/Charge"), StateStatus::Caught);
    assert_eq!(
        status_of(&overlay, "/States/Refund"),
        StateStatus::Succeeded
    );
    let call_steps: Vec<StateStatus> = overlay
        .steps
        .iter()
        .filter(|s| s.node_id == NodeId::state("/States/Call"))
        .map(|s| s.status)
        .collect();
    assert_eq!(
        call_steps,
        [
            StateStatus::InProgress,
            StateStatus::Failed,
            StateStatus::InProgress,
            StateStatus::Succeeded
        ]
    );
}

/// The run status of the state at a JSON pointer.
fn status_of(overlay: &RunOverlay, pointer: &str) -> StateStatus {
    overlay.status(&NodeId::state(pointer))
}
