//! AWS's limits on how long an execution runs: one year for Standard, five minutes for Express,
//! whatever the definition's TimeoutSeconds says. The execution ends as AWS records it: an
//! `ExecutionTimedOut` event with `States.Timeout`.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus, ExecutionType};

const ONE_YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;

fn run_standard(definition: Value) -> Execution {
    let options = ExecutionOptions {
        start_time_ms: 0,
        execution_type: ExecutionType::Standard,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::from_value(&definition, json!({}), options).expect("runnable");
    execution.run();
    execution
}

fn assert_timed_out_after_one_year(execution: &Execution) {
    assert_eq!(execution.status(), ExecutionStatus::TimedOut);
    assert_eq!(execution.error(), Some("States.Timeout"));
    assert_eq!(execution.now_ms(), ONE_YEAR_MS);
    let last = execution.history().last().expect("events");
    assert_eq!(last.kind.type_name(), "ExecutionTimedOut");
}

#[test]
fn a_standard_wait_of_two_years_times_out_after_one() {
    let execution = run_standard(json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 63_072_000, "End": true}}}));
    assert_timed_out_after_one_year(&execution);
}

#[test]
fn a_standard_wait_until_2999_times_out_after_one_year() {
    let execution = run_standard(json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Timestamp": "2999-01-01T00:00:00Z", "End": true}}}));
    assert_timed_out_after_one_year(&execution);
}

#[test]
fn a_standard_retry_loop_into_the_far_future_times_out_after_one_year() {
    let execution = run_standard(json!({"StartAt": "P", "States": {"P": {
        "Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}],
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 99_999_999,
                   "MaxAttempts": 99_999_999, "BackoffRate": 2}]}}}));
    assert_timed_out_after_one_year(&execution);
}

#[test]
fn a_longer_timeout_seconds_does_not_lift_the_one_year_limit() {
    let execution = run_standard(
        json!({"TimeoutSeconds": 99_999_999, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 63_072_000, "End": true}}}),
    );
    assert_timed_out_after_one_year(&execution);
}

#[test]
fn a_wait_within_the_year_still_succeeds() {
    let execution = run_standard(json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 31_535_000, "End": true}}}));
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
}
