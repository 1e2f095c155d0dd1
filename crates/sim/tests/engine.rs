//! The engine's behaviour beyond the recorded cases: stepping, the virtual clock, mocks, callbacks,
//! retries, timeouts, limits, variables and what the designer reads.

use serde_json::{json, Value};
use statecraft_sim::{
    Execution, ExecutionOptions, ExecutionStatus, ExecutionType, MockConfig, Mocks, PendingKind,
    StepOutcome,
};

fn run_with(definition: Value, input: Value, options: ExecutionOptions) -> Execution {
    let mut execution = Execution::from_value(&definition, input, options).expect("runnable");
    execution.run();
    execution
}

fn run(definition: Value, input: Value) -> Execution {
    run_with(definition, input, ExecutionOptions::default())
}

fn types(execution: &Execution) -> Vec<String> {
    execution
        .history()
        .iter()
        .map(|e| e.kind.type_name())
        .collect()
}

fn mocks(config: Value, case: &str) -> Mocks {
    MockConfig::from_value(&config)
        .expect("config")
        .test_case(None, case)
        .expect("case")
}

#[test]
fn steps_one_event_at_a_time() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}});
    let mut execution = Execution::from_value(&definition, json!({}), ExecutionOptions::default())
        .expect("runnable");
    let mut counts = Vec::new();
    while execution.step() == StepOutcome::Progressed {
        counts.push(execution.history().len());
    }
    assert_eq!(counts, [1, 2, 3, 4, 5, 6]);
    assert_eq!(execution.step(), StepOutcome::Finished);
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
}

#[test]
fn a_day_long_wait_ends_at_once_on_the_virtual_clock() {
    let options = ExecutionOptions {
        start_time_ms: 0,
        ..ExecutionOptions::default()
    };
    let execution = run_with(
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "Next": "T"},
               "T": {"Type": "Wait", "Timestamp": "1970-01-03T00:00:00Z", "End": true}}}),
        json!({}),
        options,
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    assert_eq!(execution.now_ms(), 2 * 86_400_000);
    let last = execution.history().last().expect("events");
    assert_eq!(last.timestamp_ms, 2 * 86_400_000);
}

#[test]
fn mocked_retries_consume_indices_and_back_off_on_the_virtual_clock() {
    let definition = json!({"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 1, "BackoffRate": 3, "MaxDelaySeconds": 5, "MaxAttempts": 5}],
        "End": true}}});
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"Call": "R"}}}},
        "MockedResponses": {"R": {"0-2": {"Throw": {"Error": "Busy", "Cause": "later"}}, "3": {"Return": {"ok": 1}}}}});
    let options = ExecutionOptions {
        start_time_ms: 0,
        mocks: mocks(config, "T"),
        ..ExecutionOptions::default()
    };
    let execution = run_with(definition, json!({}), options);
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    assert_eq!(execution.output(), Some(&json!({"ok": 1})));
    // Delays 1 s, 3 s, then 9 s capped at 5 s.
    assert_eq!(execution.now_ms(), 9_000);
    assert_eq!(
        types(&execution)
            .iter()
            .filter(|t| *t == "TaskFailed")
            .count(),
        3
    );
}

#[test]
fn catch_puts_the_error_where_result_path_says() {
    let definition = json!({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}], "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"Call": "R"}}}},
        "MockedResponses": {"R": {"0": {"Throw": {"Error": "Oops", "Cause": "bad"}}}}});
    let execution = run_with(
        definition,
        json!({"a": 1}),
        ExecutionOptions {
            mocks: mocks(config, "T"),
            ..ExecutionOptions::default()
        },
    );
    assert_eq!(
        execution.output(),
        Some(&json!({"a": 1, "error": {"Error": "Oops", "Cause": "bad"}}))
    );
}

#[test]
fn wait_for_task_token_pauses_until_a_callback() {
    let definition = json!({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"token.$": "$$.Task.Token"}, "HeartbeatSeconds": 60, "End": true}}});
    let mut execution = Execution::from_value(&definition, json!({}), ExecutionOptions::default())
        .expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    let pending = execution.pending_tasks();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].state_name, "Ask");
    assert_eq!(pending[0].kind, PendingKind::Callback);
    assert_eq!(pending[0].input["token"], json!(pending[0].token));
    assert_eq!(
        execution.current_states()[0].activity,
        "waiting for a task result"
    );
    execution
        .send_task_heartbeat(&pending[0].token)
        .expect("heartbeat");
    assert!(execution.send_task_success("nope", json!(1)).is_err());
    execution
        .send_task_success(&pending[0].token, json!({"yes": true}))
        .expect("success");
    assert_eq!(execution.run(), StepOutcome::Finished);
    assert_eq!(execution.output(), Some(&json!({"yes": true})));
}

#[test]
fn an_unanswered_task_times_out_when_time_is_let_pass() {
    let definition = json!({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 30, "End": true}}});
    let options = ExecutionOptions {
        start_time_ms: 0,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::from_value(&definition, json!({}), options).expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    assert_eq!(execution.pending_tasks()[0].kind, PendingKind::Result);
    assert!(execution.let_time_pass());
    execution.run();
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.error(), Some("States.Timeout"));
    assert_eq!(execution.now_ms(), 30_000);
    assert!(types(&execution).contains(&"TaskTimedOut".to_owned()));
}

#[test]
fn an_infinite_loop_ends_at_the_history_limit() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}});
    let execution = run(definition, json!({}));
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.history().len(), 25_000);
    assert_eq!(execution.error(), Some("States.Runtime"));
}

#[test]
fn express_executions_time_out_after_five_minutes() {
    let options = ExecutionOptions {
        start_time_ms: 0,
        execution_type: ExecutionType::Express,
        ..ExecutionOptions::default()
    };
    let execution = run_with(
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": true}}}),
        json!({}),
        options,
    );
    assert_eq!(execution.status(), ExecutionStatus::TimedOut);
    assert_eq!(execution.now_ms(), 300_000);
    assert_eq!(
        types(&execution).last().map(String::as_str),
        Some("ExecutionTimedOut")
    );
}

#[test]
fn stop_records_execution_aborted() {
    let mut execution = Execution::from_value(
        &json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}),
        json!({}),
        ExecutionOptions::default(),
    )
    .expect("runnable");
    execution.step();
    execution.step();
    execution.stop(Some("User".into()), Some("stopped".into()));
    assert_eq!(execution.status(), ExecutionStatus::Aborted);
    assert_eq!(
        types(&execution).last().map(String::as_str),
        Some("ExecutionAborted")
    );
    assert_eq!(execution.step(), StepOutcome::Finished);
}

#[test]
fn payloads_over_256_kib_fail_with_data_limit_exceeded() {
    let big = "x".repeat(300 * 1024);
    let execution = run(
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": big, "Catch": [], "End": true}}}),
        json!({}),
    );
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.error(), Some("States.DataLimitExceeded"));
}

#[test]
fn the_same_seed_replays_the_same_history() {
    let definition = json!({"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"id.$": "States.UUID()", "n.$": "States.MathRandom(1, 1000)"}, "End": true}}});
    let a = run_with(
        definition.clone(),
        json!({}),
        ExecutionOptions {
            seed: 3,
            ..ExecutionOptions::default()
        },
    );
    let b = run_with(
        definition.clone(),
        json!({}),
        ExecutionOptions {
            seed: 3,
            ..ExecutionOptions::default()
        },
    );
    let c = run_with(
        definition,
        json!({}),
        ExecutionOptions {
            seed: 4,
            ..ExecutionOptions::default()
        },
    );
    assert_eq!(a.history_json(), b.history_json());
    assert_ne!(a.output(), c.output());
}

#[test]
fn parallel_branches_see_outer_variables_and_keep_their_own() {
    let definition = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Par"},
        "Par": {"Type": "Parallel", "Branches": [
            {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Assign": {"y": 2}, "Next": "B2"},
                                          "B2": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": true}}},
            {"StartAt": "C1", "States": {"C1": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}}],
         "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"x.$": "$x", "branches.$": "$"}, "End": true}}});
    let execution = run(definition, json!({}));
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{:?}",
        execution.cause()
    );
    assert_eq!(
        execution.output(),
        Some(&json!({"x": 1, "branches": [{"x": 1, "y": 2}, {"x": 1}]}))
    );
    // `$y` was assigned inside a branch: it is not visible after the Parallel.
    let leak = run(
        json!({"StartAt": "Par", "States": {
            "Par": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"y": 2}, "End": true}}}], "Next": "After"},
            "After": {"Type": "Pass", "Parameters": {"y.$": "$y"}, "End": true}}}),
        json!({}),
    );
    assert_eq!(leak.status(), ExecutionStatus::Failed);
}

#[test]
fn the_designer_reads_states_stages_and_variables() {
    let definition = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"v.$": "$.v"}, "ResultPath": "$.out",
              "Assign": {"seen.$": "$.v"}, "Next": "B"},
        "B": {"Type": "Pass", "End": true}}});
    let options = ExecutionOptions {
        record_states: true,
        ..ExecutionOptions::default()
    };
    let execution = run_with(definition, json!({"in": {"v": 7}}), options);
    let records = execution.state_records();
    assert_eq!(records.len(), 2);
    let a = &records[0];
    assert_eq!(a.state_name, "A");
    assert_eq!(
        a.inspection.after_input_path.as_deref(),
        Some(&json!({"v": 7}))
    );
    assert_eq!(
        a.inspection.after_parameters.as_deref(),
        Some(&json!({"v": 7}))
    );
    assert_eq!(
        a.inspection.after_result_path.as_deref(),
        Some(&json!({"in": {"v": 7}, "out": {"v": 7}}))
    );
    assert_eq!(a.assigned, vec![("seen".to_owned(), json!(7))]);
    assert_eq!(records[1].variables.get("seen"), Some(&json!(7)));
    let inspection = a.inspection.to_json();
    assert_eq!(inspection["afterInputPath"], json!("{\"v\":7}"));
}

#[test]
fn current_states_show_every_branch() {
    let definition = json!({"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "W1", "States": {"W1": {"Type": "Wait", "Seconds": 10, "End": true}}},
        {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 20, "End": true}}}]}}});
    let mut execution = Execution::from_value(&definition, json!({}), ExecutionOptions::default())
        .expect("runnable");
    while execution.history().len() < 5 {
        execution.step();
    }
    let names: Vec<String> = execution
        .current_states()
        .iter()
        .map(|s| s.state_name.clone())
        .collect();
    assert_eq!(names, ["Par", "W1", "W2"]);
    assert_eq!(execution.current_states()[2].location, "Par branch 2");
    execution.run();
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
}

#[test]
fn distributed_map_tolerates_failures_and_batches_items() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ToleratedFailureCount": 1,
        "ItemBatcher": {"MaxItemsPerBatch": 2},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "C",
            "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0]", "NumericEquals": 3, "Next": "F"}], "Default": "P"},
                       "P": {"Type": "Pass", "End": true}, "F": {"Type": "Fail", "Error": "Three"}}}, "End": true}}});
    let execution = run(definition, json!([1, 2, 3, 4, 5]));
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{:?}",
        execution.cause()
    );
    assert_eq!(
        execution.output(),
        Some(&json!([{"Items": [1, 2]}, null, {"Items": [5]}]))
    );
    let events = types(&execution);
    assert!(events.contains(&"MapRunStarted".to_owned()));
    assert!(
        !events.iter().any(|t| t.starts_with("Pass")),
        "child executions keep their own history"
    );
}

#[test]
fn item_reader_items_come_from_a_mock() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                       "Parameters": {"Bucket": "b", "Key": "k"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"M": "Items"}}}},
        "MockedResponses": {"Items": {"0": {"Return": [{"id": 1}, {"id": 2}]}}}});
    let execution = run_with(
        definition,
        json!({}),
        ExecutionOptions {
            mocks: mocks(config, "T"),
            ..ExecutionOptions::default()
        },
    );
    assert_eq!(execution.output(), Some(&json!([{"id": 1}, {"id": 2}])));
}

#[test]
fn nothing_panics_on_odd_definitions_and_inputs() {
    let definitions = [
        json!({"StartAt": "A", "States": {"A": {"Type": "Map", "ItemsPath": "$.x", "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}, "End": true}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.nope", "IsPresent": true, "Next": "A"}]}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.ArrayGetItem($.a, 99)"}, "End": true}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [], "End": true}}}),
        json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $undefined.x[ %}", "End": true}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"}}}),
    ];
    let inputs = [
        json!(null),
        json!({"x": 1, "s": -1, "a": [1]}),
        json!([1, 2]),
        json!("text"),
    ];
    for definition in &definitions {
        for input in &inputs {
            let mut execution =
                Execution::from_value(definition, input.clone(), ExecutionOptions::default())
                    .expect("runnable");
            execution.run();
            assert_ne!(
                execution.status(),
                ExecutionStatus::Running,
                "{definition} with {input}"
            );
        }
    }
}

#[test]
fn an_endless_child_execution_of_a_distributed_map_ends_the_run() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "A",
            "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}, "End": true}}});
    let execution = run(definition, json!([1]));
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(execution.error(), Some("States.Runtime"));
}

#[test]
fn an_execution_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Execution>();
}

#[test]
fn lambda_and_activity_resources_record_their_own_event_types() {
    let definition = json!({"StartAt": "Fn", "States": {
        "Fn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Double", "Next": "Act"},
        "Act": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve", "End": true}}});
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"Fn": "Two", "Act": "Ok"}}}},
        "MockedResponses": {"Two": {"0": {"Return": 2}}, "Ok": {"0": {"Return": {"approved": true}}}}});
    let execution = run_with(
        definition,
        json!(1),
        ExecutionOptions {
            mocks: mocks(config, "T"),
            ..ExecutionOptions::default()
        },
    );
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    let events = types(&execution);
    for expected in [
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "ActivityScheduled",
        "ActivityStarted",
        "ActivitySucceeded",
    ] {
        assert!(
            events.contains(&expected.to_owned()),
            "{expected} in {events:?}"
        );
    }
}

#[test]
fn jsonata_tasks_use_arguments_output_and_error_output() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Arguments": {"Payload": "{% $states.input.n * 2 %}"},
                 "Output": "{% $states.result.Payload %}",
                 "Assign": {"last": "{% $states.result.Payload %}"}, "Next": "Fail"},
        "Fail": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% {'why': $states.errorOutput.Error, 'last': $last} %}", "Next": "Done"}],
                 "End": true},
        "Done": {"Type": "Succeed"}}});
    let config = json!({"StateMachines": {"M": {"TestCases": {"T": {"Call": "Echo", "Fail": "Boom"}}}},
        "MockedResponses": {"Echo": {"0": {"Return": {"Payload": 42}}}, "Boom": {"0": {"Throw": {"Error": "Boom", "Cause": "c"}}}}});
    let execution = run_with(
        definition,
        json!({"n": 21}),
        ExecutionOptions {
            mocks: mocks(config, "T"),
            ..ExecutionOptions::default()
        },
    );
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{:?}",
        execution.cause()
    );
    assert_eq!(
        execution.output(),
        Some(&json!({"why": "Boom", "last": 42}))
    );
    let scheduled = execution.history_json()[2].clone();
    assert_eq!(scheduled["type"], "TaskScheduled");
    assert_eq!(
        scheduled["taskScheduledEventDetails"]["parameters"],
        "{\"Payload\":42}"
    );
}

#[test]
fn letting_time_pass_with_only_a_waiting_task_reaches_the_execution_timeout() {
    let definition = json!({"TimeoutSeconds": 90, "StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
    let options = ExecutionOptions {
        start_time_ms: 0,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::from_value(&definition, json!({}), options).expect("runnable");
    assert_eq!(execution.run(), StepOutcome::Paused);
    assert!(execution.let_time_pass());
    assert_eq!(execution.status(), ExecutionStatus::TimedOut);
    assert_eq!(execution.now_ms(), 90_000);
}

#[test]
fn a_failing_branch_aborts_the_others() {
    let definition = json!({"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "End": true}}},
        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}]}}});
    let execution = run(definition, json!({}));
    assert_eq!(execution.status(), ExecutionStatus::Failed);
    assert_eq!(
        types(&execution),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "WaitStateEntered",
            "FailStateEntered",
            "WaitStateAborted",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(
        execution.now_ms(),
        ExecutionOptions::default().start_time_ms
    );
}

#[test]
fn each_step_records_exactly_one_event() {
    let definitions = [
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "Par"},
               "Par": {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}},
                                                         {"StartAt": "I", "States": {"I": {"Type": "Map", "ItemProcessor": {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}, "End": true}}}],
                       "End": true}}}),
    ];
    for definition in definitions {
        let mut execution =
            Execution::from_value(&definition, json!([1, 2]), ExecutionOptions::default())
                .expect("runnable");
        let mut before = 0;
        while execution.step() == StepOutcome::Progressed {
            assert_eq!(
                execution.history().len(),
                before + 1,
                "{:?}",
                types(&execution)
            );
            before += 1;
        }
        assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    }
}

#[test]
fn a_distributed_child_execution_has_its_own_context() {
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "Batch",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Parameters": {"input.$": "$$.Execution.Input", "machine.$": "$$.StateMachine.Name", "id.$": "$$.Execution.Id"}, "End": true}}},
        "End": true}}});
    let execution = run(definition, json!([{"a": 1}, {"a": 2}]));
    let output = execution.output().expect("output").clone();
    assert_eq!(output[0]["input"], json!({"a": 1}));
    assert_eq!(output[1]["input"], json!({"a": 2}));
    assert_eq!(output[0]["machine"], json!("StateMachine/Batch"));
    assert_ne!(output[0]["id"], output[1]["id"]);
}
