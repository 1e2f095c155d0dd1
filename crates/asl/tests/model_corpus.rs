//! The typed view reads every valid real-world workflow, and nothing is lost on the way.
#![allow(clippy::unwrap_used)]

mod common;

use statecraft_asl::model::{State, StateMachine};
use statecraft_asl::Document;

#[test]
fn every_valid_corpus_workflow_has_a_typed_view_that_serialises_back_to_the_same_value() {
    let mut checked = 0;
    for path in common::workflows() {
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let model = doc.state_machine();
        if common::is_invalid_workflow(&path) {
            assert!(model.is_err(), "{} should not convert", path.display());
            continue;
        }
        let model = model.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Unknown fields are kept in `extra`, so the round trip through the model is exact.
        let back = serde_json::to_value(&model).unwrap();
        assert_eq!(
            numbers_as_f64(back),
            numbers_as_f64(doc.to_value()),
            "{}",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 200);
}

/// Typed numbers (`BackoffRate: 2` read as `2.0`) keep their value, not their spelling.
fn numbers_as_f64(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn all_state_types_and_nested_scopes_are_typed() {
    let text = r#"{
      "StartAt": "P", "QueryLanguage": "JSONata", "TimeoutSeconds": 60,
      "States": {
        "P": {"Type": "Parallel", "Next": "M", "Branches": [
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "{% 3 %}", "End": true}}}]},
        "M": {"Type": "Map", "Items": "{% [1,2] %}", "MaxConcurrency": 2, "Label": "L",
              "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"x": 1}, "TimeoutSeconds": 5,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 9, "JitterStrategy": "FULL"}],
                  "End": true}}},
              "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "S"}], "Default": "F"},
        "S": {"Type": "Succeed", "X-Custom": 1},
        "F": {"Type": "Fail", "Error": "E", "Cause": "C"}
      }}"#;
    let model = StateMachine::from_value(&serde_json::from_str(text).unwrap()).unwrap();
    assert_eq!(model.timeout_seconds, Some(60));
    let State::Map(map) = &model.states["M"] else {
        panic!("M is a Map")
    };
    assert!(map.is_distributed());
    assert_eq!(map.label.as_deref(), Some("L"));
    let State::Task(task) = &map.processor().unwrap().states["T"] else {
        panic!("T is a Task")
    };
    assert_eq!(task.retry.as_ref().unwrap()[0].max_delay_seconds, Some(9));
    let State::Succeed(s) = &model.states["S"] else {
        panic!()
    };
    assert_eq!(s.extra.get("X-Custom"), Some(&serde_json::json!(1)));
}
