//! Runtime failures of a Wait state's `SecondsPath` and `TimestampPath`, worded as AWS words them.
//!
//! Sources: the TimestampPath cause is AWS's, recorded in localstack's
//! `tests/aws/services/stepfunctions/v2/base/test_wait.snapshot.json`
//! (`test_wait_timestamppath[]`: "The TimestampPath parameter does not reference a valid ISO-8601
//! extended offset date-time format string: $.start_at == ..."). The SecondsPath causes ("does not
//! reference an input value", "cannot be parsed as a long value", "references a negative value",
//! each `States.Runtime`, the execution failing) follow localstack's `wait_function/seconds_path.py`,
//! written against AWS recordings of `test_base_wait_seconds_path[...]`; the ASL specification
//! says SecondsPath must give an integer number of seconds.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

fn run(definition: Value, input: Value) -> Execution {
    let mut execution =
        Execution::from_value(&definition, input, ExecutionOptions::default()).expect("runnable");
    execution.run();
    execution
}

fn seconds_path(input: Value) -> Execution {
    run(
        json!({"StartAt": "WaitState", "States": {"WaitState": {"Type": "Wait",
            "SecondsPath": "$.input.waitSeconds", "End": true}}}),
        input,
    )
}

fn cause_of(execution: &Execution) -> &str {
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.error(), Some("States.Runtime"));
    execution.cause().unwrap_or_default()
}

const PREFIX: &str =
    "An error occurred while executing the state 'WaitState' (entered at the event id #2). ";

#[test]
fn seconds_path_failures() {
    let cases = [
        (json!({"input": {}}), "The SecondsPath parameter does not reference an input value: $.input.waitSeconds"),
        (json!({"input": {"waitSeconds": -1}}), "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"),
        (json!({"input": {"waitSeconds": -1.5}}), "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == -1.5"),
        (json!({"input": {"waitSeconds": 1.5}}), "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"),
        (json!({"input": {"waitSeconds": "5"}}), "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 5"),
    ];
    for (input, cause) in cases {
        let execution = seconds_path(input.clone());
        assert_eq!(cause_of(&execution), format!("{PREFIX}{cause}"), "{input}");
        // As recorded: ExecutionFailed straight after WaitStateEntered.
        let types: Vec<String> = execution
            .history()
            .iter()
            .map(|e| e.kind.type_name())
            .collect();
        assert_eq!(
            types,
            ["ExecutionStarted", "WaitStateEntered", "ExecutionFailed"],
            "{input}"
        );
    }
    let ok = seconds_path(json!({"input": {"waitSeconds": 0}}));
    assert_eq!(ok.status(), ExecutionStatus::Succeeded);
}

#[test]
fn timestamp_path_failures() {
    let definition = json!({"StartAt": "WaitState", "States": {"WaitState": {"Type": "Wait",
        "TimestampPath": "$.start_at", "End": true}}});
    for bad in [
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00.000000",
        "tomorrow",
    ] {
        let execution = run(definition.clone(), json!({"start_at": bad}));
        assert_eq!(
            cause_of(&execution),
            format!("{PREFIX}The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == {bad}")
        );
    }
    for good in [
        "2024-01-01T00:00:01Z",
        "2024-01-01T00:00:01.000Z",
        "2024-01-01T00:00:01.0000000Z",
    ] {
        let execution = run(definition.clone(), json!({"start_at": good}));
        assert_eq!(execution.status(), ExecutionStatus::Succeeded, "{good}");
    }
    let missing = run(definition, json!({}));
    assert_eq!(
        cause_of(&missing),
        format!(
            "{PREFIX}The TimestampPath parameter does not reference an input value: $.start_at"
        )
    );
}
