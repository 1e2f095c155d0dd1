//! The CLI writes a run's result straight to its output (`Execution::result`), without building
//! JSON values; the designer and the tests read `result_json()`. Both must give the same text,
//! payloads included, however awkward their contents.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions};

fn awkward_payload() -> Value {
    json!({
        "quote": "she said \"hi\"",
        "backslash": "C:\\temp\\new",
        "control": "line1\nline2\ttab\u{0001}bell\u{0007}",
        "unicode": "naïve café 😀 \u{2028} </script>",
        "numbers": [0, -0.0, 1.5, -2.25e-7, 1.0e300, 18446744073709551615u64, -9223372036854775808i64],
        "nested": {"empty": {}, "list": [], "null": null, "flag": true}
    })
}

fn run(definition: &Value, input: Value) -> Execution {
    let mut execution =
        Execution::from_value(definition, input, ExecutionOptions::default()).expect("valid");
    execution.run();
    execution
}

#[test]
fn streamed_result_matches_result_json_byte_for_byte() {
    let definition = json!({"StartAt": "Shape", "States": {
        "Shape": {"Type": "Pass", "Parameters": {"copy.$": "$", "text.$": "States.JsonToString($)"},
                  "Assign": {"kept.$": "$.copy.unicode"}, "Next": "Keep"},
        "Keep": {"Type": "Pass", "ResultPath": "$.again", "End": true}}});
    let execution = run(&definition, awkward_payload());
    let streamed = serde_json::to_string_pretty(&execution.result()).expect("serialises");
    let built = serde_json::to_string_pretty(&execution.result_json()).expect("serialises");
    assert_eq!(streamed, built);
    assert_eq!(
        serde_json::to_string(&execution.result()).expect("serialises"),
        execution.result_json().to_string()
    );
}

#[test]
fn payloads_in_event_details_read_back_as_the_values_they_were() {
    let definition = json!({"StartAt": "Echo", "States": {"Echo": {"Type": "Pass", "End": true}}});
    let input = awkward_payload();
    let execution = run(&definition, input.clone());
    let result: Value =
        serde_json::from_str(&serde_json::to_string(&execution.result()).expect("serialises"))
            .expect("the streamed result is JSON");
    let events = result["events"].as_array().expect("events");
    let entered = events
        .iter()
        .find(|e| e["type"] == "PassStateEntered")
        .expect("PassStateEntered");
    let text = entered["stateEnteredEventDetails"]["input"]
        .as_str()
        .expect("input is JSON text");
    let read_back: Value = serde_json::from_str(text).expect("JSON text parses");
    assert_eq!(read_back, input);
    assert_eq!(result["output"], input);
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(
        events[0]["timestamp"],
        json!(execution.history()[0].to_aws_json()["timestamp"])
    );
}

/// `$now()` and `$millis()` read the virtual clock (after a 1-hour Wait, an hour later than the
/// start), so the same run gives the same history every time.
#[test]
fn jsonata_time_functions_read_the_virtual_clock() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "Before", "States": {
        "Before": {"Type": "Pass", "Output": {"t": "{% $millis() %}"}, "Next": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "After"},
        "After": {"Type": "Pass",
                  "Output": {"before": "{% $states.input.t %}", "after": "{% $millis() %}",
                             "now": "{% $now() %}"}, "End": true}}});
    let options = ExecutionOptions::default();
    let start = options.start_time_ms;
    let execution = run(&definition, json!({}));
    let output = execution.output().expect("succeeded").clone();
    assert_eq!(output["before"], json!(start));
    assert_eq!(output["after"], json!(start + 3_600_000));
    assert_eq!(
        output["now"],
        json!(statecraft_sim::clock::format_iso8601(start + 3_600_000))
    );
}
