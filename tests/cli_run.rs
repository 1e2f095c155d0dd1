//! `statecraft run` end to end, with the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn statecraft(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("JSON")).expect("written");
    path
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn json_output_has_the_contract_shape_and_exit_0() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "hello.asl.json",
        &json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hi {}', $.name)"}, "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 86400, "End": true}}}),
    );
    let out = statecraft(
        &[
            "run",
            "hello.asl.json",
            "--input",
            r#"{"name":"Ada"}"#,
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = stdout_json(&out);
    assert_eq!(result["status"], "SUCCEEDED");
    assert_eq!(result["output"], json!({"greeting": "hi Ada"}));
    assert_eq!(result["error"], Value::Null);
    let types: Vec<&str> = result["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "WaitStateEntered",
            "WaitStateExited",
            "ExecutionSucceeded"
        ]
    );
    let first = &result["events"][1];
    assert_eq!(first["id"], 2);
    assert_eq!(first["previousEventId"], 0);
    assert_eq!(
        first["stateEnteredEventDetails"]["input"],
        r#"{"name":"Ada"}"#
    );
}

#[test]
fn a_failed_execution_exits_1_with_error_and_cause() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "fail.asl.json",
        &json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}}),
    );
    std::fs::write(dir.path().join("input.json"), "{}").expect("written");
    let out = statecraft(
        &["run", "fail.asl.json", "--input-file", "input.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let result = stdout_json(&out);
    assert_eq!(result["status"], "FAILED");
    assert_eq!(result["error"], "Boom");
    assert_eq!(result["cause"], "it broke");
}

#[test]
fn an_invalid_definition_exits_2_with_diagnostics() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "bad.asl.json",
        &json!({"StartAt": "Missing", "States": {"A": {"Type": "Pass", "End": true}}}),
    );
    let out = statecraft(&["run", "bad.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Missing"), "stderr: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "ok.asl.json",
        &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}),
    );
    let out = statecraft(&["run", "ok.asl.json", "--input", "{not json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = statecraft(&["run", "ok.asl.json", "--test-case", "Happy"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = statecraft(
        &["run", "ok.asl.json", "--callback", "A=perhaps"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn mocks_retries_and_callbacks_drive_tasks() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "order.asl.json",
        &json!({"StartAt": "Charge", "States": {
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 3}],
                       "ResultSelector": {"receipt.$": "$.Payload.receipt"}, "Next": "Approve"},
            "Approve": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}),
    );
    write(
        dir.path(),
        "mocks.json",
        &json!({"StateMachines": {"order": {"TestCases": {"Busy": {"Charge": "Throttled"}}}},
                "MockedResponses": {"Throttled": {
                    "0": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                    "1": {"Return": {"Payload": {"receipt": "r-1"}}}}}}),
    );
    let out = statecraft(
        &[
            "run",
            "order.asl.json",
            "--mock-config",
            "mocks.json",
            "--test-case",
            "Busy",
            "--callback",
            r#"Approve=success:{"approved":true}"#,
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = stdout_json(&out);
    assert_eq!(result["output"], json!({"approved": true}));
    let types: Vec<&str> = result["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(types.iter().filter(|t| **t == "TaskFailed").count(), 1);
    assert_eq!(types.iter().filter(|t| **t == "TaskScheduled").count(), 3);

    // Without an answer, the waiting task fails with a message naming it and how to mock it.
    let out = statecraft(
        &[
            "run",
            "order.asl.json",
            "--mock-config",
            "mocks.json",
            "--test-case",
            "Busy",
            "--format",
            "text",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("status: FAILED"), "{stdout}");
    assert!(stdout.contains("'Approve' has no mock"), "{stdout}");
    assert!(stdout.contains("--mock-config"), "{stdout}");

    let out = statecraft(
        &[
            "run",
            "order.asl.json",
            "--mock-config",
            "mocks.json",
            "--test-case",
            "Busy",
            "--callback",
            "Approve=failure:Rejected:too expensive",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let result = stdout_json(&out);
    assert_eq!(
        (result["error"].as_str(), result["cause"].as_str()),
        (Some("Rejected"), Some("too expensive"))
    );
}

#[test]
fn the_same_seed_gives_the_same_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "uuid.asl.json",
        &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}}),
    );
    let run = |seed: &str| {
        stdout_json(&statecraft(
            &["run", "uuid.asl.json", "--seed", seed],
            dir.path(),
        ))
    };
    assert_eq!(run("7"), run("7"));
    assert_ne!(run("7")["output"], run("8")["output"]);
}

#[test]
fn a_recorded_conformance_case_runs_through_the_cli() {
    let case_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "crates/sim/tests/fixtures/conformance/scenarios_test_base_scenarios__TestBaseScenarios__test_parallel_state_catch__0.json",
    );
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(case_path).expect("fixture")).expect("JSON");
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "case.asl.json", &case["definition"]);
    std::fs::write(
        dir.path().join("input.json"),
        case["input"].as_str().unwrap_or("{}"),
    )
    .expect("written");
    let out = statecraft(
        &[
            "run",
            "case.asl.json",
            "--input-file",
            "input.json",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let result = stdout_json(&out);
    assert_eq!(result["status"], case["expected"]["status"]);
    assert_eq!(result["output"], case["expected"]["output"]);
    assert_eq!(
        result["events"].as_array().map(Vec::len),
        case["expected"]["events"].as_array().map(Vec::len)
    );
}

#[test]
fn item_reader_reads_a_local_csv_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "csv.asl.json",
        &json!({"StartAt": "Each", "States": {"Each": {"Type": "Map",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                           "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                           "Parameters": {"Bucket": "orders", "Key": "today.csv"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true}}}),
    );
    std::fs::write(dir.path().join("today.csv"), "id,qty\n1,2\n2,5\n").expect("written");
    let out = statecraft(
        &[
            "run",
            "csv.asl.json",
            "--item-source",
            "s3://orders/today.csv=today.csv",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout_json(&out)["output"],
        json!([{"id": "1", "qty": "2"}, {"id": "2", "qty": "5"}])
    );
}
