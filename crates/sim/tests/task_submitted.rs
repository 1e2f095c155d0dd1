//! `TaskSubmitted`: AWS records it for service integrations in the `.sync` and
//! `.waitForTaskToken` patterns, after `TaskStarted` and before the task's end
//! (`TaskSucceeded`, `TaskFailed`, `TaskTimedOut`), with the start call's answer as its output.
//! Request-response integrations, Lambda function ARNs and activities record none.

use serde_json::{json, Value};
use statecraft_sim::{
    Execution, ExecutionOptions, ExecutionStatus, MockConfig, Mocks, PendingKind, StepOutcome,
};

fn types(execution: &Execution) -> Vec<String> {
    execution
        .history()
        .iter()
        .map(|e| e.kind.type_name())
        .collect()
}

fn events(execution: &Execution) -> Vec<Value> {
    execution
        .history()
        .iter()
        .map(|e| e.to_aws_json())
        .collect()
}

/// The events of this type, as AWS shows them.
fn of_type(execution: &Execution, ty: &str) -> Vec<Value> {
    events(execution)
        .into_iter()
        .filter(|e| e["type"] == ty)
        .collect()
}

/// A payload carried as JSON text in event details, read back.
fn text_json(value: &Value) -> Value {
    serde_json::from_str(value.as_str().expect("JSON text")).expect("valid JSON text")
}

/// Mocks answering the state `Call` with `responses` (a MockedResponses entry).
fn mocked(responses: Value) -> ExecutionOptions {
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"Call": "R"}}}},
                        "MockedResponses": {"R": responses}});
    let mocks: Mocks = MockConfig::from_value(&config)
        .expect("config")
        .test_case(None, "T")
        .expect("case");
    ExecutionOptions {
        mocks,
        ..ExecutionOptions::default()
    }
}

fn one_task(resource: &str) -> Value {
    json!({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": resource, "End": true}}})
}

fn run(definition: &Value, input: Value, options: ExecutionOptions) -> Execution {
    let mut execution = Execution::from_value(definition, input, options).expect("runnable");
    execution.run();
    execution
}

const SUCCEEDED_SYNC: [&str; 8] = [
    "ExecutionStarted",
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskSubmitted",
    "TaskSucceeded",
    "TaskStateExited",
    "ExecutionSucceeded",
];

#[test]
fn a_mocked_sync_task_records_task_submitted_with_the_mocked_response() {
    let response = json!({"Tasks": [{"TaskArn": "arn:aws:ecs:us-east-1:123456789012:task/c/abc",
                                     "LastStatus": "STOPPED", "Containers": [{"ExitCode": 0}]}]});
    let execution = run(
        &one_task("arn:aws:states:::ecs:runTask.sync"),
        json!({"cluster": "c"}),
        mocked(json!({"0": {"Return": response.clone()}})),
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    assert_eq!(types(&execution), SUCCEEDED_SYNC);

    let all = events(&execution);
    let submitted = &all[4];
    let details = &submitted["taskSubmittedEventDetails"];
    assert_eq!(details["resourceType"], "ecs");
    assert_eq!(details["resource"], "runTask.sync");
    assert_eq!(text_json(&details["output"]), response);
    assert_eq!(details["outputDetails"], json!({"truncated": false}));
    // The same four fields as AWS records, nothing more.
    assert_eq!(details.as_object().map(|o| o.len()), Some(4));
    // It follows TaskStarted and leads to TaskSucceeded.
    assert_eq!(submitted["previousEventId"], all[3]["id"]);
    assert_eq!(all[5]["previousEventId"], submitted["id"]);
    // The task's result is still the mocked response.
    let succeeded = &all[5]["taskSucceededEventDetails"];
    assert_eq!(text_json(&succeeded["output"]), response);
    assert_eq!(execution.output(), Some(&response));
}

#[test]
fn every_sync_variant_records_task_submitted() {
    for (arn, service, action) in [
        (
            "arn:aws:states:::states:startExecution.sync",
            "states",
            "startExecution.sync",
        ),
        (
            "arn:aws:states:::states:startExecution.sync:2",
            "states",
            "startExecution.sync:2",
        ),
        (
            "arn:aws:states:::glue:startJobRun.sync",
            "glue",
            "startJobRun.sync",
        ),
        (
            "arn:aws:states:::batch:submitJob.sync",
            "batch",
            "submitJob.sync",
        ),
    ] {
        let execution = run(
            &one_task(arn),
            json!({}),
            mocked(json!({"0": {"Return": {"Status": "SUCCEEDED"}}})),
        );
        assert_eq!(types(&execution), SUCCEEDED_SYNC, "{arn}");
        let submitted = of_type(&execution, "TaskSubmitted");
        assert_eq!(submitted.len(), 1, "{arn}");
        let details = &submitted[0]["taskSubmittedEventDetails"];
        assert_eq!(details["resourceType"], service, "{arn}");
        assert_eq!(details["resource"], action, "{arn}");
        assert_eq!(
            text_json(&details["output"]),
            json!({"Status": "SUCCEEDED"}),
            "{arn}"
        );
    }
}

#[test]
fn a_mocked_wait_for_task_token_task_records_task_submitted() {
    let execution = run(
        &one_task("arn:aws:states:::lambda:invoke.waitForTaskToken"),
        json!({}),
        mocked(json!({"0": {"Return": {"approved": true}}})),
    );
    assert_eq!(types(&execution), SUCCEEDED_SYNC);
    let details = &of_type(&execution, "TaskSubmitted")[0]["taskSubmittedEventDetails"];
    assert_eq!(details["resourceType"], "lambda");
    assert_eq!(details["resource"], "invoke.waitForTaskToken");
    assert_eq!(text_json(&details["output"]), json!({"approved": true}));
}

#[test]
fn request_response_tasks_lambda_functions_and_activities_record_no_task_submitted() {
    let execution = run(
        &one_task("arn:aws:states:::lambda:invoke"),
        json!({}),
        mocked(json!({"0": {"Return": {"Payload": 1}}})),
    );
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );

    let execution = run(
        &one_task("arn:aws:lambda:us-east-1:123456789012:function:Double"),
        json!({}),
        mocked(json!({"0": {"Return": 2}})),
    );
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );

    let execution = run(
        &one_task("arn:aws:states:us-east-1:123456789012:activity:Approve"),
        json!({}),
        mocked(json!({"0": {"Return": "ok"}})),
    );
    assert!(
        !types(&execution).iter().any(|t| t.ends_with("Submitted")),
        "{:?}",
        types(&execution)
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);

    // Unmocked: a request-response task paused for its result has not been submitted either.
    let mut execution = Execution::from_value(
        &one_task("arn:aws:states:::sqs:sendMessage"),
        json!({}),
        ExecutionOptions::default(),
    )
    .expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted"
        ]
    );
}

#[test]
fn a_mocked_throw_is_the_call_failing_so_nothing_is_submitted() {
    let execution = run(
        &one_task("arn:aws:states:::glue:startJobRun.sync"),
        json!({}),
        mocked(
            json!({"0": {"Throw": {"Error": "Glue.ConcurrentRunsExceededException",
                                      "Cause": "too many runs"}}}),
        ),
    );
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );
    let failed = &of_type(&execution, "TaskFailed")[0]["taskFailedEventDetails"];
    assert_eq!(failed["error"], "Glue.ConcurrentRunsExceededException");
    assert_eq!(failed["resource"], "startJobRun.sync");
}

#[test]
fn each_retried_attempt_records_its_own_submission() {
    let definition = json!({"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 1}],
        "End": true}}});
    let execution = run(
        &definition,
        json!({}),
        mocked(
            json!({"0": {"Throw": {"Error": "ECS.AmazonECSException", "Cause": "busy"}},
                      "1": {"Return": {"done": 1}}}),
        ),
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn an_unmocked_callback_task_is_submitted_before_it_waits() {
    let definition = json!({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}});
    let mut execution = Execution::from_value(&definition, json!({}), ExecutionOptions::default())
        .expect("runnable");
    // One event per step: TaskStarted, then TaskSubmitted, then the run pauses.
    let mut stepped = Vec::new();
    while execution.step() == StepOutcome::Progressed {
        stepped.push(types(&execution).last().cloned().unwrap_or_default());
    }
    assert_eq!(
        stepped,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted"
        ]
    );
    assert_eq!(execution.step(), StepOutcome::Paused);
    let submitted = &of_type(&execution, "TaskSubmitted")[0];
    let details = &submitted["taskSubmittedEventDetails"];
    assert_eq!(details["resourceType"], "sqs");
    assert_eq!(details["resource"], "sendMessage.waitForTaskToken");
    // No service answered the start call in the simulator: an empty object stands for it.
    assert_eq!(details["output"], "{}");
    assert_eq!(details["outputDetails"], json!({"truncated": false}));

    let pending = execution.pending_tasks();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].kind, PendingKind::Callback);
    execution
        .send_task_success(&pending[0].token, json!({"ok": true}))
        .expect("success");
    assert_eq!(execution.run(), StepOutcome::Finished);
    assert_eq!(types(&execution), SUCCEEDED_SYNC);
    let all = events(&execution);
    assert_eq!(all[5]["previousEventId"], all[4]["id"]);
    assert_eq!(
        text_json(&all[5]["taskSucceededEventDetails"]["output"]),
        json!({"ok": true})
    );
}

#[test]
fn an_unmocked_sync_task_fails_or_times_out_after_its_submission() {
    // SendTaskFailure (or a result failure through the API) ends a submitted task.
    let mut execution = Execution::from_value(
        &one_task("arn:aws:states:::states:startExecution.sync:2"),
        json!({}),
        ExecutionOptions::default(),
    )
    .expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    let token = execution.pending_tasks()[0].token.clone();
    execution
        .send_task_failure(&token, Some("Child.Failed".into()), Some("no".into()))
        .expect("failure");
    execution.run();
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );

    // A timeout too.
    let definition = json!({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "TimeoutSeconds": 5, "End": true}}});
    let options = ExecutionOptions {
        start_time_ms: 0,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::from_value(&definition, json!({}), options).expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    assert!(execution.let_time_pass());
    execution.run();
    assert_eq!(execution.error(), Some("States.Timeout"));
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskTimedOut",
            "ExecutionFailed"
        ]
    );
    // Submitted at the start, timed out 5 s later on the virtual clock.
    let all = events(&execution);
    assert_eq!(all[4]["timestamp"], all[3]["timestamp"]);
    assert_eq!(all[5]["timestamp"], "1970-01-01T00:00:05.000Z");
}
