//! A distributed Map's tolerated failures given as JSONata expressions, checked as the JSONPath
//! forms are.
//!
//! Source: the Step Functions developer guide ("Distributed Map state", failure threshold;
//! "Transforming data with JSONata": in JSONata states `ToleratedFailureCount` and
//! `ToleratedFailurePercentage` may be `{% %}` expressions). The checks and their causes are the
//! ones AWS applies to the `...Path` forms, recorded in localstack's
//! `test_map_state_tolerated_failure_count_path[-1]` and
//! `test_map_state_tolerated_failure_percentage_path[100.1]` (see `fixtures/fidelity`).
//! Before, the engine ignored such an expression: a Map meant to tolerate failures failed.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

fn run(tolerance: (&str, Value), input: Value) -> Execution {
    let (field, value) = tolerance;
    let mut map = json!({"Type": "Map", "Items": "{% $states.input.items %}",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Check", "States": {"Check": {"Type": "Choice",
                "Choices": [{"Condition": "{% $states.input = 0 %}", "Next": "Boom"}],
                "Default": "Fine"},
                "Boom": {"Type": "Fail", "Error": "Boom"},
                "Fine": {"Type": "Succeed"}}},
        "End": true});
    map[field] = value;
    let definition =
        json!({"QueryLanguage": "JSONata", "StartAt": "Items", "States": {"Items": map}});
    let mut execution =
        Execution::from_value(&definition, input, ExecutionOptions::default()).expect("runnable");
    execution.run();
    execution
}

/// The output of an execution that must have succeeded.
fn succeeded(execution: &Execution) -> &Value {
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{:?}",
        execution.cause()
    );
    execution
        .output()
        .expect("a succeeded execution has an output")
}

#[test]
fn jsonata_tolerances_are_evaluated() {
    // One item of four fails: a count of 1 and 25 percent tolerate it.
    let input = json!({"items": [0, 1, 2, 3], "n": 1, "pct": 25});
    let count = run(
        ("ToleratedFailureCount", json!("{% $states.input.n %}")),
        input.clone(),
    );
    succeeded(&count);
    let pct = run(
        (
            "ToleratedFailurePercentage",
            json!("{% $states.input.pct %}"),
        ),
        input.clone(),
    );
    succeeded(&pct);
    // No tolerance: the map run fails.
    let none = run(("ToleratedFailureCount", json!("{% 0 %}")), input);
    assert_eq!(none.error(), Some("States.ExceedToleratedFailureThreshold"));
}

#[test]
fn jsonata_tolerances_out_of_range_fail_the_execution() {
    let input = json!({"items": [1]});
    let count = run(("ToleratedFailureCount", json!("{% -1 %}")), input.clone());
    assert_eq!(count.error(), Some("States.Runtime"));
    assert!(count
        .cause()
        .is_some_and(|c| c.ends_with("ToleratedFailureCount cannot be negative.")));
    let pct = run(("ToleratedFailurePercentage", json!("{% 100.5 %}")), input);
    assert_eq!(pct.error(), Some("States.Runtime"));
    assert!(pct
        .cause()
        .is_some_and(|c| c.ends_with("ToleratedFailurePercentage must be between 0 and 100.")));
}

/// Neighbouring path fields read numbers as the tolerated-failure paths do: a string holding a
/// number is that number. AWS records it for `MaxConcurrencyPath` and the tolerated-failure
/// paths (`fixtures/fidelity/map_*_string_variable*.json`); localstack's
/// `test_reference_in_map_state[MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH]` sets
/// `MaxItemsPerBatchPath` from a variable holding `"2"` the same way (its template, with the S3
/// object given as an item source here).
#[test]
fn max_items_per_batch_path_reads_a_string_holding_a_number() {
    let definition = json!({"StartAt": "Start", "States": {
        "Start": {"Type": "Pass", "Assign": {"maxItemsPerBatch": "2"}, "Next": "BatchMapState"},
        "BatchMapState": {"Type": "Map", "MaxConcurrency": 1,
            "ItemReader": {"ReaderConfig": {"InputType": "JSON", "MaxItems": 4},
                "Resource": "arn:aws:states:::s3:getObject",
                "Parameters": {"Bucket.$": "$.Bucket", "Key.$": "$.Key"}},
            "ItemBatcher": {"MaxItemsPerBatchPath": "$maxItemsPerBatch"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "ProcessBatch", "States": {"ProcessBatch": {"Type": "Pass", "End": true}}},
            "End": true}}});
    let mut options = ExecutionOptions::default();
    options
        .item_sources
        .insert("s3://bucket/items.json".into(), "[1, 2, 3, 4, 5]".into());
    let input = json!({"Bucket": "bucket", "Key": "items.json"});
    let mut execution = Execution::from_value(&definition, input, options).expect("runnable");
    execution.run();
    assert_eq!(
        succeeded(&execution),
        &json!([{"Items": [1, 2]}, {"Items": [3, 4]}])
    );
}
