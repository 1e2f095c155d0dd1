//! Fuzzes the simulator with arbitrary definitions and inputs: nothing may panic, and every run
//! must end (the history limit ends infinite loops; timers and pauses are driven to the end).
//!
//! The data is split at the first NUL byte: a definition (JSON) before it, an input (JSON) after.
//! Run with `cargo +nightly fuzz run run_definition` from this folder.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use statecraft_sim::{Execution, ExecutionOptions, StepOutcome};

fuzz_target!(|data: &[u8]| {
    let (definition, input) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(definition) = serde_json::from_slice::<Value>(definition) else { return };
    let input = serde_json::from_slice::<Value>(input).unwrap_or(Value::Null);
    let options = ExecutionOptions { history_limit: 2_000, ..ExecutionOptions::default() };
    let Ok(mut execution) = Execution::from_value(&definition, input, options) else { return };
    // Answer every waiting task with a failure, and let time pass, until the run ends.
    for _ in 0..10_000 {
        match execution.run() {
            StepOutcome::Finished => break,
            StepOutcome::Progressed => {}
            StepOutcome::Paused => {
                let pending = execution.pending_tasks();
                if pending.is_empty() && !execution.let_time_pass() {
                    execution.stop(None, None);
                }
                for task in pending {
                    let _ = execution.send_task_failure(&task.token, Some("Fuzz".into()), None);
                }
            }
        }
    }
    let _ = execution.result_json();
});
