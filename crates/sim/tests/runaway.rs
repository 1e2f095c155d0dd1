//! Runaway executions end at the history limit exactly as AWS ends them.
//!
//! AWS Step Functions keeps at most 25,000 events in an execution's history. Its developer guide
//! ("Avoid reaching the history quota", bp-history-limit.html) says: when an execution reaches
//! 24,999 events it waits for the next one; if event 25,000 is `ExecutionSucceeded` the execution
//! succeeds, otherwise event 25,000 is `ExecutionFailed` and the execution fails. Runs recorded on
//! AWS (floci-io/floci#2734: a Choice looping forever) show that failure event as
//!
//! ```json
//! {"type": "ExecutionFailed", "id": 25000, "previousEventId": 24999,
//!  "executionFailedEventDetails": {"error": "States.Runtime",
//!    "cause": "The execution reached the maximum number of history events (25000)."}}
//! ```
//!
//! and the same error and cause are what users report (loads/ardere#86, aws-samples issues). The
//! counter is not reset or offset: event 24,999 is the last one the machine produced. `States.Runtime`
//! is not caught by `States.ALL` (AWS's error-handling guide), so a Catch does not save the run.

use serde_json::{json, Value};
use statecraft_sim::{EventKind, Execution, ExecutionOptions, ExecutionStatus, HistoryEvent};

/// AWS's history quota.
const HISTORY_LIMIT: usize = 25_000;

/// The cause AWS gives when the quota is reached.
const LIMIT_CAUSE: &str = "The execution reached the maximum number of history events (25000).";

fn run(definition: &Value, input: Value) -> Execution {
    let mut execution = Execution::from_value(definition, input, ExecutionOptions::default())
        .expect("the definition is runnable");
    execution.run();
    execution
}

fn event_type(event: &HistoryEvent) -> String {
    event.kind.type_name()
}

/// A Pass that counts and a Choice that loops back while the count is below `limit` (every value
/// of `limit` is unreachable when `spin` is true).
fn pass_choice_loop() -> Value {
    json!({
        "Comment": "Counts in $.i; loops while $.spin is true or $.i < $.limit.",
        "StartAt": "Count",
        "States": {
            "Count": {
                "Type": "Pass",
                "Parameters": {
                    "i.$": "States.MathAdd($.i, 1)",
                    "limit.$": "$.limit",
                    "spin.$": "$.spin"
                },
                "Next": "Again?"
            },
            "Again?": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.spin", "BooleanEquals": true, "Next": "Count"},
                    {"Variable": "$.i", "NumericLessThanPath": "$.limit", "Next": "Count"}
                ],
                "Default": "Done"
            },
            "Done": {"Type": "Succeed"}
        }
    })
}

/// Asserts the shape AWS gives a run cut at the quota.
fn assert_cut_at_the_limit(execution: &Execution) {
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.error(), Some("States.Runtime"));
    assert_eq!(execution.cause(), Some(LIMIT_CAUSE));

    let history = execution.history();
    assert_eq!(history.len(), HISTORY_LIMIT, "event 25,000 is the last one");
    let last = &history[HISTORY_LIMIT - 1];
    assert_eq!(last.id, 25_000);
    assert_eq!(event_type(last), "ExecutionFailed");
    assert_eq!(last.previous_event_id, 24_999);
    match &last.kind {
        EventKind::ExecutionFailed { error, cause } => {
            assert_eq!(error.as_deref(), Some("States.Runtime"));
            assert_eq!(cause.as_deref(), Some(LIMIT_CAUSE));
        }
        other => panic!("expected ExecutionFailed, got {other:?}"),
    }
    // Event 24,999 is a real one of the machine's, and ids are not reset or offset.
    assert_eq!(history[HISTORY_LIMIT - 2].id, 24_999);
    assert!(!event_type(&history[HISTORY_LIMIT - 2]).starts_with("Execution"));
    for (index, event) in history.iter().enumerate() {
        assert_eq!(event.id, index as u64 + 1);
    }
    // Only one terminal event.
    let terminal = history
        .iter()
        .filter(|e| event_type(e).starts_with("Execution") && event_type(e) != "ExecutionStarted")
        .count();
    assert_eq!(terminal, 1);
}

#[test]
fn an_endless_pass_choice_loop_fails_at_event_25000_with_states_runtime() {
    let execution = run(
        &pass_choice_loop(),
        json!({"i": 0, "limit": 0, "spin": true}),
    );
    assert_cut_at_the_limit(&execution);
    // Pass entered/exited, Choice entered/exited, from event 2: event 24,999 exits the Pass.
    assert_eq!(
        event_type(&execution.history()[HISTORY_LIMIT - 2]),
        "PassStateExited"
    );
}

#[test]
fn the_history_limit_failure_reads_as_aws_get_execution_history() {
    let execution = run(
        &pass_choice_loop(),
        json!({"i": 0, "limit": 0, "spin": true}),
    );
    let history = execution.history_json();
    let events = history
        .as_array()
        .expect("GetExecutionHistory's events array");
    let last = events.last().expect("events");
    assert_eq!(last["type"], "ExecutionFailed");
    assert_eq!(last["id"], 25_000);
    assert_eq!(last["previousEventId"], 24_999);
    assert_eq!(
        last["executionFailedEventDetails"],
        json!({"error": "States.Runtime", "cause": LIMIT_CAUSE})
    );
    let result = execution.result_json();
    assert_eq!(result["status"], "FAILED");
    assert_eq!(result["error"], "States.Runtime");
    assert_eq!(result["cause"], LIMIT_CAUSE);
}

#[test]
fn a_loop_whose_event_25000_is_execution_succeeded_succeeds() {
    // 1 ExecutionStarted + 4 events per round + SucceedStateEntered/Exited + ExecutionSucceeded:
    // 6,249 rounds make exactly 25,000 events.
    let execution = run(
        &pass_choice_loop(),
        json!({"i": 0, "limit": 6_249, "spin": false}),
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    assert_eq!(execution.history().len(), HISTORY_LIMIT);
    let last = &execution.history()[HISTORY_LIMIT - 1];
    assert_eq!(last.id, 25_000);
    assert_eq!(event_type(last), "ExecutionSucceeded");
    assert_eq!(
        execution.output(),
        Some(&json!({"i": 6_249, "limit": 6_249, "spin": false}))
    );
}

#[test]
fn one_round_more_fails_at_the_limit() {
    // 6,250 rounds would need 25,004 events: Pass entered at 24,998, exited at 24,999, then the
    // Choice cannot be entered.
    let execution = run(
        &pass_choice_loop(),
        json!({"i": 0, "limit": 6_250, "spin": false}),
    );
    assert_cut_at_the_limit(&execution);
}

#[test]
fn a_runaway_branch_is_not_caught_by_states_all() {
    let definition = json!({
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "End": true}}},
                    pass_choice_loop()
                ],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
                "End": true
            },
            "Caught": {"Type": "Succeed"}
        }
    });
    let execution = run(&definition, json!({"i": 0, "limit": 0, "spin": true}));
    assert_cut_at_the_limit(&execution);
    assert!(execution.history().iter().all(
        |e| !matches!(&e.kind, EventKind::StateEntered { name, .. } if name.as_ref() == "Caught")
    ));
}

#[test]
fn a_runaway_wait_loop_ends_on_the_virtual_clock() {
    let definition = json!({
        "StartAt": "Poll",
        "States": {
            "Poll": {"Type": "Wait", "Seconds": 60, "Next": "Check"},
            "Check": {"Type": "Choice",
                      "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "Done"}],
                      "Default": "Poll"},
            "Done": {"Type": "Succeed"}
        }
    });
    let started = std::time::Instant::now();
    let execution = run(&definition, json!({"done": false}));
    assert_cut_at_the_limit(&execution);
    assert_eq!(
        event_type(&execution.history()[HISTORY_LIMIT - 2]),
        "WaitStateExited"
    );
    // Event 24,999 exits the 6,250th wait: 6,250 minutes passed on the virtual clock, and next to
    // nothing on the wall clock.
    let start_ms = ExecutionOptions::default().start_time_ms;
    assert_eq!(execution.now_ms() - start_ms, 6_250 * 60_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}
