//! A long run with `record_states` keeps only its newest records past `records_kept`, so that
//! its memory does not grow with every visit's data; the history is the same either way.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

/// A Pass/Choice loop of `rounds` rounds: two visits a round, then one of Done.
fn definition(rounds: u64) -> Value {
    json!({"StartAt": "Increment", "States": {
        "Increment": {"Type": "Pass",
                      "Parameters": {"i.$": "States.MathAdd($.i, 1)"},
                      "Next": "Check"},
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": rounds, "Next": "Increment"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}})
}

fn run(records_kept: usize) -> Execution {
    let mut execution = Execution::from_value(
        &definition(100),
        json!({"i": 0}),
        ExecutionOptions {
            record_states: true,
            records_kept,
            ..ExecutionOptions::default()
        },
    )
    .expect("a valid definition");
    execution.run();
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    execution
}

#[test]
fn the_newest_records_are_kept_and_the_history_is_unchanged() {
    let all = run(usize::MAX);
    let some = run(10);
    assert_eq!(
        all.state_records().len(),
        201,
        "100 rounds of two visits, then Done"
    );
    assert_eq!(some.state_records_total(), 201, "every visit counted");
    let kept = some.state_records();
    assert!((10..=20).contains(&kept.len()), "{} kept", kept.len());
    assert_eq!(
        kept,
        &all.state_records()[201 - kept.len()..],
        "the newest ones, as they were"
    );
    assert_eq!(some.history_json(), all.history_json());
}
