//! Reading execution histories the way people have them: `statecraft run --format json`, AWS's
//! `GetExecutionHistory` pages (one, several, reversed), bare arrays of events and the console's
//! export.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};
use statecraft_asl::graph::Graph;
use statecraft_asl::{Document, Format};
use statecraft_export::history_file::{
    read_history, unknown_states, HistoryFileError, UnknownState, MAX_EVENTS,
};

/// A run of a two-state workflow (Pass `Prepare`, then Task `Charge`) as AWS records it, with
/// the given timestamp for event `id`.
fn run_events(timestamp: impl Fn(i64) -> Value) -> Vec<Value> {
    let input = r#"{"order":"o-17","amount":42}"#;
    let prepared = r#"{"order":"o-17","amount":42,"currency":"EUR"}"#;
    let charged = r#"{"charged":true}"#;
    let lambda = "arn:aws:lambda:eu-west-1:123456789012:function:charge";
    vec![
        json!({"id": 1, "previousEventId": 0, "timestamp": timestamp(1), "type": "ExecutionStarted",
            "executionStartedEventDetails": {"input": input, "inputDetails": {"truncated": false},
                "roleArn": "arn:aws:iam::123456789012:role/StepFunctionsRole"}}),
        json!({"id": 2, "previousEventId": 0, "timestamp": timestamp(2), "type": "PassStateEntered",
            "stateEnteredEventDetails": {"name": "Prepare", "input": input,
                "inputDetails": {"truncated": false}}}),
        json!({"id": 3, "previousEventId": 2, "timestamp": timestamp(3), "type": "PassStateExited",
            "stateExitedEventDetails": {"name": "Prepare", "output": prepared,
                "outputDetails": {"truncated": false}}}),
        json!({"id": 4, "previousEventId": 3, "timestamp": timestamp(4), "type": "TaskStateEntered",
            "stateEnteredEventDetails": {"name": "Charge", "input": prepared,
                "inputDetails": {"truncated": false}}}),
        json!({"id": 5, "previousEventId": 4, "timestamp": timestamp(5), "type": "TaskScheduled",
            "taskScheduledEventDetails": {"resourceType": "lambda", "resource": "invoke",
                "region": "eu-west-1",
                "parameters": format!(r#"{{"FunctionName":"{lambda}","Payload":{prepared}}}"#)}}),
        json!({"id": 6, "previousEventId": 5, "timestamp": timestamp(6), "type": "TaskStarted",
            "taskStartedEventDetails": {"resourceType": "lambda", "resource": "invoke"}}),
        json!({"id": 7, "previousEventId": 6, "timestamp": timestamp(7), "type": "TaskSucceeded",
            "taskSucceededEventDetails": {"resourceType": "lambda", "resource": "invoke",
                "output": charged, "outputDetails": {"truncated": false}}}),
        json!({"id": 8, "previousEventId": 7, "timestamp": timestamp(8), "type": "TaskStateExited",
            "stateExitedEventDetails": {"name": "Charge", "output": charged,
                "outputDetails": {"truncated": false}}}),
        json!({"id": 9, "previousEventId": 8, "timestamp": timestamp(9), "type": "ExecutionSucceeded",
            "executionSucceededEventDetails": {"output": charged,
                "outputDetails": {"truncated": false}}}),
    ]
}

/// Timestamps as the AWS CLI v2 prints them.
fn iso(id: i64) -> Value {
    Value::from(format!("2024-05-01T10:00:0{id}.123000+00:00"))
}

fn events() -> Vec<Value> {
    run_events(iso)
}

fn ids(events: &[Value]) -> Vec<i64> {
    events.iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

fn text(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

fn page(events: &[Value], next_token: Option<&str>) -> Value {
    match next_token {
        Some(token) => json!({"events": events, "nextToken": token}),
        None => json!({"events": events}),
    }
}

const WORKFLOW: &str = r#"{
  "StartAt": "Prepare",
  "States": {
    "Prepare": {"Type": "Pass", "Next": "Charge"},
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}
  }
}"#;

fn graph() -> Graph {
    Graph::from_document(&Document::parse(WORKFLOW, Format::Json).unwrap())
}

#[test]
fn statecraft_run_json_is_read_with_its_outcome() {
    let run = json!({
        "status": "SUCCEEDED",
        "output": {"charged": true},
        "error": null,
        "cause": null,
        "events": events(),
    });
    let history = read_history(&text(&run)).unwrap();
    assert_eq!(history.source_kind, "statecraft run");
    assert_eq!(history.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(history.output, Some(json!({"charged": true})));
    assert_eq!(history.error, None);
    assert_eq!(history.cause, None);
    assert_eq!(history.events, events());
}

#[test]
fn statecraft_run_json_from_the_simulator_is_read_unchanged() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../sim/tests/fixtures/history_pin.json");
    let text = std::fs::read_to_string(path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let history = read_history(&text).unwrap();
    assert_eq!(history.source_kind, "statecraft run");
    assert_eq!(history.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(history.output.as_ref(), Some(&value["output"]));
    assert_eq!(&history.events, value["events"].as_array().unwrap());
}

#[test]
fn recorded_case_is_read_from_expected() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/raise_failure.json");
    let history = read_history(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(history.source_kind, "recorded case");
    assert_eq!(history.status.as_deref(), Some("FAILED"));
    assert_eq!(history.error.as_deref(), Some("SomeFailure"));
    assert_eq!(
        history.cause.as_deref(),
        Some("This state machines raises a 'SomeFailure' failure.")
    );
    assert_eq!(ids(&history.events), [1, 2, 3]);
}

#[test]
fn one_get_execution_history_page_keeps_iso_timestamps_and_gives_the_outcome() {
    let history = read_history(&text(&page(&events(), None))).unwrap();
    assert_eq!(history.source_kind, "GetExecutionHistory");
    assert_eq!(history.events, events());
    assert_eq!(
        history.events[0]["timestamp"],
        "2024-05-01T10:00:01.123000+00:00"
    );
    // The closing ExecutionSucceeded event says the outcome; its output text is parsed.
    assert_eq!(history.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(history.output, Some(json!({"charged": true})));
}

#[test]
fn pages_in_a_json_array_out_of_order_are_sorted_by_id() {
    let all = events();
    let pages = json!([
        page(&all[6..], None),
        page(&all[..3], Some("token-1")),
        page(&all[3..6], Some("token-2")),
    ]);
    let history = read_history(&text(&pages)).unwrap();
    assert_eq!(history.source_kind, "GetExecutionHistory (3 pages)");
    assert_eq!(history.events, all);
}

#[test]
fn concatenated_reverse_order_pages_are_sorted_by_id() {
    // `--reverse-order`: newest first, pages one after another in the file.
    let mut reversed = events();
    reversed.reverse();
    let file = [
        text(&page(&reversed[..4], Some("token-1"))),
        text(&page(&reversed[4..8], Some("token-2"))),
        text(&page(&reversed[8..], None)),
    ]
    .join("\n");
    let history = read_history(&file).unwrap();
    assert_eq!(history.source_kind, "GetExecutionHistory (3 pages)");
    assert_eq!(ids(&history.events), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(history.events, events());
}

#[test]
fn exact_duplicate_events_are_dropped() {
    // The same page saved twice, and overlapping pages.
    let all = events();
    let file = [
        text(&page(&all[..5], Some("a"))),
        text(&page(&all[..5], Some("a"))),
        text(&page(&all[3..], None)),
    ]
    .join("");
    let history = read_history(&file).unwrap();
    assert_eq!(history.events, all);
}

#[test]
fn different_events_with_one_id_are_an_error_naming_both() {
    let mut other = events();
    other[2]["stateExitedEventDetails"]["name"] = json!("Elsewhere");
    let pages = json!([page(&events()[..4], Some("a")), page(&other[2..], None)]);
    let err = read_history(&text(&pages)).unwrap_err();
    assert_eq!(
        err,
        HistoryFileError::ConflictingIds {
            id: 3,
            first: "/0/events/2".to_owned(),
            second: "/1/events/0".to_owned(),
        }
    );
    assert!(err.to_string().contains("two different events have id 3"));
}

#[test]
fn bare_array_of_events_keeps_epoch_timestamps() {
    // SDKs and the AWS CLI v1 give epoch seconds; some tools give milliseconds.
    let mut all = run_events(|id| json!(1_714_557_600.0 + id as f64 + 0.123));
    all[8]["timestamp"] = json!(1_714_557_609_123_i64);
    let history = read_history(&text(&Value::from(all.clone()))).unwrap();
    assert_eq!(history.source_kind, "JSON array of events");
    assert_eq!(history.events, all);
    assert_eq!(history.events[0]["timestamp"], json!(1_714_557_601.123));
    assert_eq!(history.events[8]["timestamp"], json!(1_714_557_609_123_i64));
}

#[test]
fn json_lines_of_events_are_read() {
    let file: Vec<String> = events()
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let history = read_history(&file.join("\n")).unwrap();
    assert_eq!(history.source_kind, "JSON lines of events");
    assert_eq!(history.events, events());
}

#[test]
fn console_export_under_execution_history_is_read_with_its_outcome() {
    let export = json!({
        "executionArn": "arn:aws:states:eu-west-1:123456789012:execution:Orders:run-17",
        "stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:Orders",
        "name": "run-17",
        "status": "SUCCEEDED",
        "startDate": "2024-05-01T10:00:01.123Z",
        "stopDate": "2024-05-01T10:00:09.123Z",
        "input": r#"{"order":"o-17","amount":42}"#,
        "output": r#"{"charged":true}"#,
        "executionHistory": events(),
    });
    let history = read_history(&text(&export)).unwrap();
    assert_eq!(history.source_kind, "console export");
    assert_eq!(history.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(history.output, Some(json!({"charged": true})));
    assert_eq!(history.events, events());
}

#[test]
fn console_export_under_history_or_events_is_read() {
    let mut reversed = events();
    reversed.reverse();
    for export in [
        json!({"executionArn": "arn:x", "history": {"events": reversed}}),
        json!({"executionArn": "arn:x", "status": "SUCCEEDED", "events": reversed}),
        json!({"execution": {"status": "SUCCEEDED"}, "events": reversed}),
    ] {
        let history = read_history(&text(&export)).unwrap();
        assert_eq!(history.source_kind, "console export", "{export}");
        assert_eq!(history.events, events(), "{export}");
        assert_eq!(history.status.as_deref(), Some("SUCCEEDED"), "{export}");
    }
}

#[test]
fn bad_json_is_reported_with_line_and_column() {
    let file = "{\n  \"events\": [\n    {,\n  ]\n}";
    let err = read_history(file).unwrap_err();
    let HistoryFileError::NotJson { line, column, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((*line, *column), (3, 6));
    assert!(
        err.to_string().starts_with("not JSON at line 3 column 6: "),
        "{err}"
    );
}

#[test]
fn bad_json_after_a_first_page_is_reported_with_its_position() {
    let file = format!("{}\n{{\"events\": [}}", text(&page(&events(), None)));
    let err = read_history(&file).unwrap_err();
    let lines = file.lines().count();
    assert!(
        err.to_string()
            .starts_with(&format!("not JSON at line {lines} column 13")),
        "{err}"
    );
}

#[test]
fn truncated_json_says_it_ends_early() {
    let full = text(&page(&events(), None));
    let err = read_history(&full[..full.len() / 2]).unwrap_err();
    assert!(
        matches!(&err, HistoryFileError::NotJson { message, .. } if message.contains("ends early")),
        "{err}"
    );
}

#[test]
fn no_events_are_reported_with_what_the_file_holds() {
    let err = read_history(r#"{"executionArn": "arn:x", "status": "SUCCEEDED"}"#).unwrap_err();
    assert!(matches!(err, HistoryFileError::NoEvents { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with("no events found: expected "),
        "{message}"
    );
    assert!(
        message.ends_with("an object with keys executionArn, status"),
        "{message}"
    );
    for file in [
        r#"{"events": []}"#,
        "[]",
        "42",
        r#"[{"events": []}, {"events": []}]"#,
    ] {
        let err = read_history(file).unwrap_err();
        assert!(
            matches!(err, HistoryFileError::NoEvents { .. }),
            "{file}: {err:?}"
        );
    }
    assert_eq!(read_history(" \n\t").unwrap_err(), HistoryFileError::Empty);
}

#[test]
fn an_event_without_type_is_reported_with_its_number_and_place() {
    let mut all = events();
    all[2].as_object_mut().unwrap().remove("type");
    let err = read_history(&text(&page(&all, None))).unwrap_err();
    assert_eq!(
        err,
        HistoryFileError::MissingType {
            number: 3,
            at: "/events/2".to_owned()
        }
    );
    assert!(err
        .to_string()
        .starts_with("event 3 (/events/2) has no type"));
}

#[test]
fn events_that_are_not_objects_or_have_bad_ids_are_reported() {
    let err = read_history(r#"[{"id": 1, "type": "ExecutionStarted"}, 7]"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "event 2 (/1) is a number, not an event object"
    );
    let err = read_history(r#"[{"id": "one", "type": "ExecutionStarted"}]"#).unwrap_err();
    assert!(
        matches!(&err, HistoryFileError::BadId { field: "id", .. }),
        "{err:?}"
    );
    let err = read_history(r#"[{"id": 1, "type": "A"}, {"type": "B"}]"#).unwrap_err();
    assert_eq!(
        err,
        HistoryFileError::MissingId {
            number: 2,
            at: "/1".to_owned()
        }
    );
}

#[test]
fn ids_are_made_whole_numbers_and_a_missing_previous_event_id_stays_missing() {
    let file = r#"[
        {"id": "2", "previousEventId": "1", "type": "PassStateEntered", "timestamp": 1714557601.5,
         "stateEnteredEventDetails": {"name": "Prepare"}},
        {"id": 1.0, "type": "ExecutionStarted", "timestamp": 1714557601}
    ]"#;
    let history = read_history(file).unwrap();
    assert_eq!(
        history.events[0],
        json!({"id": 1, "type": "ExecutionStarted", "timestamp": 1714557601})
    );
    assert_eq!(history.events[1]["id"], json!(2));
    assert_eq!(history.events[1]["previousEventId"], json!(1));
    assert!(history.events[0].get("previousEventId").is_none());
}

#[test]
fn events_without_any_id_are_numbered_in_file_order() {
    let history =
        read_history(r#"[{"type": "ExecutionStarted"}, {"type": "PassStateEntered"}]"#).unwrap();
    assert_eq!(ids(&history.events), [1, 2]);
}

#[test]
fn a_page_with_a_next_token_says_the_history_is_incomplete() {
    let history = read_history(&text(&page(&events()[..4], Some("more")))).unwrap();
    assert!(
        history
            .source_kind
            .starts_with("GetExecutionHistory, incomplete"),
        "{}",
        history.source_kind
    );
    assert_eq!(history.status, None);
}

#[test]
fn more_events_than_the_cap_are_refused() {
    let events: Vec<String> = (1..=MAX_EVENTS + 1)
        .map(|id| format!(r#"{{"id":{id},"type":"PassStateEntered"}}"#))
        .collect();
    let err = read_history(&format!("[{}]", events.join(","))).unwrap_err();
    assert_eq!(
        err,
        HistoryFileError::TooManyEvents {
            count: MAX_EVENTS + 1,
            limit: MAX_EVENTS
        }
    );
}

#[test]
fn unknown_states_lists_events_naming_states_the_graph_lacks() {
    let mut all = events();
    all[3]["stateEnteredEventDetails"]["name"] = json!("ChargeCard");
    all[7]["stateExitedEventDetails"]["name"] = json!("ChargeCard");
    let history = read_history(&text(&page(&all, None))).unwrap();
    assert_eq!(
        unknown_states(&graph(), &history.events),
        [
            UnknownState {
                event_index: 3,
                event_id: 4,
                name: "ChargeCard".to_owned()
            },
            UnknownState {
                event_index: 7,
                event_id: 8,
                name: "ChargeCard".to_owned()
            },
        ]
    );
    assert_eq!(unknown_states(&graph(), &events()), []);
}

#[test]
fn a_25000_event_history_is_read() {
    // AWS's largest history: 25,000 events, as a reverse-order CLI run of 25 pages of 1,000.
    let mut all = Vec::with_capacity(25_000);
    all.push(events()[0].clone());
    while all.len() < 24_999 {
        for template in &events()[1..8] {
            if all.len() == 24_999 {
                break;
            }
            let mut event = template.clone();
            let id = all.len() as i64 + 1;
            event["id"] = json!(id);
            event["previousEventId"] = json!(id - 1);
            event["timestamp"] = json!(format!(
                "2024-05-01T10:{:02}:{:02}.123000+00:00",
                id / 3600 % 60,
                id / 60 % 60
            ));
            all.push(event);
        }
    }
    let mut last = events()[8].clone();
    last["id"] = json!(25_000);
    last["previousEventId"] = json!(24_999);
    all.push(last);
    let mut reversed = all.clone();
    reversed.reverse();
    let file: Vec<String> = reversed
        .chunks(1000)
        .enumerate()
        .map(|(i, chunk)| {
            let token = (i < 24).then(|| format!("token-{i}"));
            text(&page(chunk, token.as_deref()))
        })
        .collect();
    let file = file.join("\n");
    let started = Instant::now();
    let history = read_history(&file).unwrap();
    let elapsed = started.elapsed();
    println!(
        "read_history: 25,000 events in 25 reversed pages, {:.1} MB, took {:.1} ms",
        file.len() as f64 / 1e6,
        elapsed.as_secs_f64() * 1e3
    );
    assert_eq!(history.events.len(), 25_000);
    assert_eq!(history.source_kind, "GetExecutionHistory (25 pages)");
    assert!(history
        .events
        .windows(2)
        .all(|w| w[0]["id"].as_i64() < w[1]["id"].as_i64()));
    assert_eq!(history.events, all);
    assert_eq!(history.status.as_deref(), Some("SUCCEEDED"));
}

#[test]
fn a_stray_value_among_pages_is_reported_with_its_number_and_line() {
    let first = text(&page(&events()[..2], Some("a")));
    let file = format!("{first}\n\n\"oops\"\n");
    let err = read_history(&file).unwrap_err();
    let line = first.lines().count() + 2;
    assert_eq!(
        err,
        HistoryFileError::NotAPage {
            at: format!("JSON value 2 (line {line})"),
            found: "a string".to_owned(),
        }
    );
}

#[test]
fn a_bad_event_in_a_later_page_is_located_in_that_page() {
    let first = text(&page(&events()[..2], Some("a")));
    let mut rest = events()[2..].to_vec();
    rest[1]["type"] = json!("");
    let file = format!("{first}\n{}", text(&page(&rest, None)));
    let err = read_history(&file).unwrap_err();
    let line = first.lines().count() + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "event 4 (JSON value 2 (line {line}): /events/1) has no type: every event needs a \
             \"type\" such as \"TaskStateEntered\""
        )
    );
}
