//! Crashes the fuzzers found (fuzz/, target `run_generated`), each as the smallest run that shows it.
//!
//! Both cases below build a payload that gets one level deeper on every round of a loop. The
//! payload stays under AWS's 256 KiB limit for thousands of levels (a level costs a few bytes), and
//! the engine clones such values with `serde_json::Value`'s recursive `Clone`: the stack overflows
//! and the process aborts (no panic, no error; `statecraft run` dies with SIGABRT). They are
//! The engine now bounds payload depth (`errors::PAYLOAD_MAX_DEPTH`): a state whose data nests
//! deeper fails with `States.DataLimitExceeded` before anything recurses that deep.
//!
//! Each runs on a thread with an explicit stack, so the result does not depend on the test
//! harness's default: 8 MiB is what `statecraft run`'s main thread has, 2 MiB what a spawned thread
//! (a designer worker) gets by default.

use serde_json::{json, Map, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

/// Runs `definition` on `input` to its end on a thread with `stack_bytes` of stack, and returns
/// the final status and error.
fn run_on_stack(
    definition: Value,
    input: Value,
    stack_bytes: usize,
) -> (ExecutionStatus, Option<String>) {
    std::thread::Builder::new()
        .stack_size(stack_bytes)
        .spawn(move || {
            let mut execution =
                Execution::from_value(&definition, input, ExecutionOptions::default())
                    .expect("the definition is runnable");
            execution.run();
            // What the CLI does with the result: serialise the history.
            let printed = execution.result_json().to_string();
            assert!(!printed.is_empty());
            (execution.status(), execution.error().map(str::to_owned))
        })
        .expect("thread spawned")
        .join()
        .expect("the run did not panic")
}

/// A Pass that loops through a Choice, so the definition validates (it has a terminal state).
fn nesting_loop(pass: Value) -> Value {
    json!({
        "StartAt": "Nest",
        "States": {
            "Nest": pass,
            "Check": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}],
                "Default": "Nest"
            },
            "Done": {"Type": "Succeed"}
        }
    })
}

/// Found by `run_generated` (artifact oom-beacebc4…, a Pass with `"ResultPath": "$.items[0]"`
/// looping on itself): every round puts the whole input inside itself, one level deeper. At about
/// 2,750 levels, cloning the input for ResultPath overflows a 2 MiB stack.
///
/// Stack (release build): `serde_json::Value::clone` (recursive, ~60,000 frames) ←
/// `payload::apply_result_path` (crates/sim/src/payload.rs:133) ← `dataflow::apply_result_path`
/// (crates/sim/src/dataflow.rs:283) ← `run_pass` (crates/sim/src/execution/states.rs:68) ←
/// `Execution::run_state` ← `Execution::step`.
#[test]
fn result_path_nesting_loop_does_not_overflow_a_worker_stack() {
    let definition = nesting_loop(json!({
        "Type": "Pass", "ResultPath": "$.items[0]", "Next": "Check"
    }));
    let (status, error) = run_on_stack(definition, json!({"items": [0]}), 2 << 20);
    // The depth bound (500 levels) comes long before the history limit and 256 KiB.
    assert_eq!(status, ExecutionStatus::Failed);
    assert_eq!(error.as_deref(), Some("States.DataLimitExceeded"));
}

/// The same with 200 levels a round (a Parameters template nested 200 deep around `"x.$": "$"`):
/// `statecraft run` on this definition with input `{}` aborts with "thread 'main' has overflowed
/// its stack" (8 MiB).
///
/// Stack (release build of `statecraft`): `serde_json::Value::clone` (recursive) ←
/// `dataflow::evaluate_compiled` (crates/sim/src/dataflow.rs:156, selecting `$`) ← itself ×200 ←
/// `dataflow::apply_template` (crates/sim/src/dataflow.rs:265) ← `run_pass`
/// (crates/sim/src/execution/states.rs:47) ← `Execution::run_state` (crates/sim/src/execution.rs).
#[test]
fn parameters_nesting_loop_does_not_overflow_the_main_stack() {
    let mut template = Map::new();
    template.insert("x.$".into(), json!("$"));
    let mut template = Value::Object(template);
    for _ in 0..200 {
        template = json!({ "a": template });
    }
    let definition = nesting_loop(json!({
        "Type": "Pass", "Parameters": template, "Next": "Check"
    }));
    let (status, error) = run_on_stack(definition, json!({}), 8 << 20);
    assert_eq!(status, ExecutionStatus::Failed);
    assert_eq!(error.as_deref(), Some("States.DataLimitExceeded"));
}
