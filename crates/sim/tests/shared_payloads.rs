//! A long run carrying a large payload: the history shares the payload's unchanged parts between
//! events (issue 11, point 2), and still reads and prints exactly as if every event held a copy.

use serde_json::{json, Value};
use statecraft_sim::{EventKind, Execution, ExecutionOptions, ExecutionStatus};

fn loop_definition(rounds: u64) -> Value {
    json!({"StartAt": "Increment", "States": {
        "Increment": {"Type": "Pass",
                      "Parameters": {"i.$": "States.MathAdd($.i, 1)", "data.$": "$.data"},
                      "Next": "Check"},
        "Check": {"Type": "Choice",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": rounds, "Next": "Increment"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}})
}

fn data() -> Value {
    json!((0..50)
        .map(|i| format!("{i:04}{}", "x".repeat(200)))
        .collect::<Vec<_>>())
}

#[test]
fn a_large_payload_is_shared_and_prints_whole() {
    let data = data();
    let mut execution = Execution::from_value(
        &loop_definition(20),
        json!({"i": 0, "data": data}),
        ExecutionOptions::default(),
    )
    .expect("runnable");
    assert_eq!(execution.run(), statecraft_sim::StepOutcome::Finished);
    assert_eq!(execution.status(), ExecutionStatus::Succeeded);
    let exits: Vec<_> = execution
        .history()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StateExited { name, output, .. } if name.as_ref() == "Increment" => {
                Some(output)
            }
            _ => None,
        })
        .collect();
    assert_eq!(exits.len(), 20);
    for (round, output) in exits.iter().enumerate() {
        assert!(output.is_split(), "round {round} kept a whole copy");
        let expected = json!({"i": round + 1, "data": data});
        assert_eq!(**output, expected);
        assert_eq!(output.to_string(), expected.to_string());
    }
    // The history as AWS shows it carries each payload as JSON text, in full.
    let events = execution.history_json();
    let last_exit = events
        .as_array()
        .and_then(|events| {
            events
                .iter()
                .rfind(|e| e["type"] == "PassStateExited")
                .cloned()
        })
        .expect("an exit");
    let text = last_exit["stateExitedEventDetails"]["output"]
        .as_str()
        .expect("JSON text");
    assert_eq!(text, json!({"i": 20, "data": data}).to_string());
}
