//! The driver (`statecraft_sim::driver`): one way to run an execution to its end, shared by the
//! CLI and the designer. Same definition, input, mocks and seed: same history, whether the run is
//! driven to completion with an answering policy or stepped event by event.

use serde_json::{json, Value};
use statecraft_sim::driver::{NO_MOCK_ERROR, STUCK_ERROR};
use statecraft_sim::{
    Advance, Execution, ExecutionOptions, ExecutionStatus, PendingTask, TaskAnswer,
    DEFAULT_START_TIME_MS,
};

/// Two callback tasks in a Parallel, then an unmocked task: three pauses' worth of answers.
fn definition() -> Value {
    json!({"StartAt": "Both", "States": {
        "Both": {"Type": "Parallel", "Next": "Charge", "Branches": [
            {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
                "End": true}}},
            {"StartAt": "Review", "States": {"Review": {"Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {"QueueUrl": "q", "MessageBody": {"id.$": "States.UUID()"}},
                "End": true}}}]},
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                   "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}],
                   "End": true}}})
}

fn answer(task: &PendingTask) -> TaskAnswer {
    match task.state_name.as_str() {
        "Approve" => TaskAnswer::Success(json!({"approved": true})),
        "Review" => TaskAnswer::Success(json!({"reviewed": true})),
        _ => TaskAnswer::unanswered(task),
    }
}

fn execution(seed: u64) -> Execution {
    let options = ExecutionOptions {
        seed,
        ..ExecutionOptions::default()
    };
    Execution::from_value(&definition(), json!({"total": 5}), options).expect("runnable")
}

#[test]
fn the_defaults_are_the_clis() {
    let options = ExecutionOptions::default();
    // `statecraft run` without --start-time: 2024-01-01T00:00:00Z.
    assert_eq!(options.start_time_ms, 1_704_067_200_000);
    assert_eq!(options.start_time_ms, DEFAULT_START_TIME_MS);
    assert!(!options.record_states);
    assert_eq!(options.history_limit, 25_000);
}

#[test]
fn stepping_records_the_same_history_as_running_to_the_end() {
    let mut whole = execution(7);
    let status = whole.run_to_end(answer);
    assert_eq!(status, ExecutionStatus::Failed);

    let mut stepped = execution(7);
    let mut pauses = 0;
    let mut events_seen = 0;
    loop {
        match stepped.advance() {
            Advance::Progressed => {
                // Each step shows at most a handful of new events (aborted branches come together).
                assert!(stepped.history().len() >= events_seen);
                events_seen = stepped.history().len();
            }
            Advance::NeedsAnswers(tasks) => {
                pauses += 1;
                for task in tasks {
                    stepped
                        .answer(&task.token, answer(&task))
                        .expect("the task waits");
                }
            }
            Advance::Finished => break,
        }
    }
    // The two branches' tasks, then Charge and its retry.
    assert_eq!(pauses, 3);
    assert_eq!(stepped.history_json(), whole.history_json());
    assert_eq!(stepped.result_json(), whole.result_json());
}

#[test]
fn an_unanswered_task_fails_with_no_mock() {
    let definition = json!({"StartAt": "Charge", "States": {
        "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
    let mut execution =
        Execution::from_value(&definition, json!({}), ExecutionOptions::default()).expect("ok");
    assert_eq!(
        execution.run_to_end(TaskAnswer::unanswered),
        ExecutionStatus::Failed
    );
    assert_eq!(execution.error(), Some(NO_MOCK_ERROR));
    assert!(execution.cause().is_some_and(|c| c.contains("'Charge'")));
}

#[test]
fn answering_out_of_turn_is_refused() {
    let mut execution = execution(1);
    assert!(execution
        .answer("no-such-token", TaskAnswer::Success(json!(1)))
        .is_err());
    assert_ne!(STUCK_ERROR, NO_MOCK_ERROR);
}

#[test]
fn recording_state_visits_does_not_change_the_history() {
    let mut plain = execution(3);
    plain.run_to_end(answer);
    let options = ExecutionOptions {
        seed: 3,
        record_states: true,
        ..ExecutionOptions::default()
    };
    let mut recorded =
        Execution::from_value(&definition(), json!({"total": 5}), options).expect("runnable");
    recorded.run_to_end(answer);
    assert!(!recorded.state_records().is_empty());
    assert_eq!(plain.history_json(), recorded.history_json());
}

/// The designer steps a run on a worker thread.
#[test]
fn an_execution_can_move_to_another_thread() {
    fn is_send<T: Send>(_: &T) {}
    let execution = execution(0);
    is_send(&execution);
    let handle = std::thread::spawn(move || {
        let mut execution = execution;
        execution.run_to_end(answer)
    });
    assert_eq!(handle.join().expect("no panic"), ExecutionStatus::Failed);
}
