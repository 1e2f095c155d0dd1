//! Pins a whole run's `result_json()` (history included), byte for byte, for a machine with a
//! Choice loop, variables, the context object, an inline and a distributed Map and a JSONata
//! state: the engine's speed work must not change what a run records.
//!
//! The fixture was written by the engine before that work. If a change to the output is
//! intended, regenerate it with `STATECRAFT_PIN_UPDATE=1 cargo test -p statecraft-sim --test
//! history_pin` and review the diff.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions};

fn definition() -> Value {
    json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass",
                 "Parameters": {"i": 0, "items.$": "$.items", "started.$": "$$.Execution.StartTime",
                                "name.$": "$$.State.Name"},
                 "Assign": {"limit": 3}, "Next": "Increment"},
        "Increment": {"Type": "Pass",
                      "Parameters": {"i.$": "States.MathAdd($.i, 1)", "items.$": "$.items",
                                     "label.$": "States.Format('round {}', $.i)"},
                      "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [
                    {"And": [{"Variable": "$.i", "NumericLessThanPath": "$limit"},
                             {"Not": {"Variable": "$.label", "StringEquals": "round 9"}},
                             {"Variable": "$.items", "IsPresent": true}],
                     "Next": "Increment", "Assign": {"seen.$": "$.i"}},
                    {"Variable": "$.i", "NumericEquals": 99, "Next": "Done"}],
                  "Default": "Inline"},
        "Inline": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                   "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value",
                                    "seen.$": "$seen"},
                   "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Twice",
                                     "States": {"Twice": {"Type": "Pass",
                                                          "Parameters": {"n.$": "States.MathAdd($.value.n, $.value.n)",
                                                                         "index.$": "$.index"},
                                                          "End": true}}},
                   "ResultPath": "$.doubled", "Next": "Distributed"},
        "Distributed": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 3,
                        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                          "StartAt": "Same", "States": {"Same": {"Type": "Pass",
                                              "Parameters": {"id.$": "$$.Execution.Name", "item.$": "$"},
                                              "End": true}}},
                        "ResultSelector": {"count.$": "States.ArrayLength($)"},
                        "ResultPath": "$.distributed", "Next": "Summary"},
        "Summary": {"Type": "Pass", "QueryLanguage": "JSONata",
                    "Output": "{% {'i': $states.input.i, 'doubled': $states.input.doubled, 'count': $states.input.distributed.count, 'state': $states.context.State.Name} %}",
                    "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
}

/// Runs `definition` on `input` and compares the pretty-printed `result_json()` with the fixture.
fn assert_pinned(fixture: &str, definition: &Value, input: Value) {
    // The fixture was recorded with the start time the engine's defaults had then (2023-11-14);
    // the defaults now are the CLI's (2024-01-01, `DEFAULT_START_TIME_MS`).
    let options = ExecutionOptions {
        start_time_ms: 1_700_000_000_000,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::from_value(definition, input, options).expect("runnable");
    execution.run();
    let actual =
        serde_json::to_string_pretty(&execution.result_json()).expect("serialisable") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    if std::env::var_os("STATECRAFT_PIN_UPDATE").is_some() {
        std::fs::write(&path, &actual).expect("fixture written");
    }
    let expected = std::fs::read_to_string(&path).expect("fixture present");
    assert!(
        actual == expected,
        "the run's result_json() changed ({fixture}); first difference at byte {}",
        actual
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(actual.len().min(expected.len()))
    );
}

#[test]
fn a_run_records_exactly_what_it_recorded_before() {
    let items: Vec<Value> = (0..4).map(|n| json!({"n": n})).collect();
    assert_pinned(
        "tests/fixtures/history_pin.json",
        &definition(),
        json!({"items": items, "note": "quote \" and \u{e9}"}),
    );
}

#[test]
fn a_failing_choice_records_exactly_what_it_recorded_before() {
    // A Choice whose Variable finds nothing fails the run with AWS's cause, after a round of
    // the loop has gone through the rules that do hold.
    let definition = json!({"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [
            {"Or": [{"Variable": "$.done", "BooleanEquals": true},
                    {"Variable": "$.name", "StringMatches": "fin*"}], "Next": "Done"},
            {"Variable": "$.when", "TimestampLessThan": "2020-01-01T00:00:00Z", "Next": "Strip"},
            {"Variable": "$.missing", "IsNull": false, "Next": "Done"}]},
        "Strip": {"Type": "Pass", "Parameters": {"done": false, "name": "x"}, "Next": "Check"},
        "Done": {"Type": "Succeed"}}});
    assert_pinned(
        "tests/fixtures/history_pin_choice_error.json",
        &definition,
        json!({"done": false, "name": "start", "when": "2019-05-01T10:00:00.5+02:00"}),
    );
}
