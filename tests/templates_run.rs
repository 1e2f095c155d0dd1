//! The template gallery (`assets/templates`) end to end, with the built binary: every template
//! validates without errors and is canonically formatted, and every test case of its mock
//! configuration (`<name>.mocks.json`, run with the sample input `<name>.input.json`) ends as the
//! table below says: its status, its error when it fails, and the state it ended in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// How one test case of one template must end.
struct Expected {
    /// The template's name: its file name without `.asl.json`.
    template: &'static str,
    /// The test case in the template's mock configuration.
    test_case: &'static str,
    /// `SUCCEEDED` or `FAILED`.
    status: &'static str,
    /// The execution's error, for a failed run.
    error: Option<&'static str>,
    /// The last state the run entered (a Succeed or Fail state, or the last Task).
    last_state: &'static str,
}

const fn succeeds(
    template: &'static str,
    test_case: &'static str,
    last_state: &'static str,
) -> Expected {
    Expected {
        template,
        test_case,
        status: "SUCCEEDED",
        error: None,
        last_state,
    }
}

const fn fails(
    template: &'static str,
    test_case: &'static str,
    error: &'static str,
    last_state: &'static str,
) -> Expected {
    Expected {
        template,
        test_case,
        status: "FAILED",
        error: Some(error),
        last_state,
    }
}

/// Every test case of every template. A test case added to a mock file needs a row here, and a
/// row here needs its test case: the test fails otherwise.
const EXPECTED: &[Expected] = &[
    succeeds("order-saga", "HappyPath", "Order completed"),
    succeeds(
        "order-saga",
        "ChargeThrottledThenCharged",
        "Order completed",
    ),
    fails(
        "order-saga",
        "InvalidOrder",
        "OrderRejected",
        "Order rejected",
    ),
    fails(
        "order-saga",
        "PaymentDeclined",
        "OrderCancelled",
        "Order cancelled",
    ),
    fails(
        "order-saga",
        "OutOfStock",
        "OrderCancelled",
        "Order cancelled",
    ),
    fails(
        "order-saga",
        "CarrierDownThenCompensated",
        "OrderCancelled",
        "Order cancelled",
    ),
    succeeds("human-approval", "Approved", "Claim paid"),
    succeeds("human-approval", "ThrottledThenApproved", "Claim paid"),
    fails(
        "human-approval",
        "Rejected",
        "ClaimRejected",
        "Claim rejected",
    ),
    fails(
        "human-approval",
        "TimedOut",
        "States.Timeout",
        "Approval expired",
    ),
    fails(
        "human-approval",
        "HeartbeatLost",
        "States.HeartbeatTimeout",
        "Approval expired",
    ),
    succeeds("nightly-etl", "HappyPath", "Announce new data"),
    succeeds(
        "nightly-etl",
        "CleanThrottledThenRetried",
        "Announce new data",
    ),
    fails(
        "nightly-etl",
        "TooManyBadBatches",
        "States.ExceedToleratedFailureThreshold",
        "Import failed",
    ),
    fails(
        "nightly-etl",
        "SourceFileMissing",
        "States.ItemReaderFailed",
        "Import failed",
    ),
    fails(
        "nightly-etl",
        "AggregatesRetriedThenCaught",
        "States.TaskFailed",
        "Import failed",
    ),
    succeeds("jsonata-checkout", "GoldCustomer", "Receipt"),
    succeeds("jsonata-checkout", "StandardCustomer", "Receipt"),
    succeeds("jsonata-checkout", "ChargeRetried", "Receipt"),
    fails(
        "jsonata-checkout",
        "UnknownCustomer",
        "CustomerNotFound",
        "Unknown customer",
    ),
    fails(
        "jsonata-checkout",
        "PaymentDeclined",
        "PaymentDeclined",
        "Payment declined",
    ),
    succeeds("express-ingest", "NewEvent", "Delivered"),
    succeeds("express-ingest", "EnrichmentRetried", "Delivered"),
    succeeds("express-ingest", "DuplicateEvent", "Already processed"),
    fails(
        "express-ingest",
        "EnrichmentFailsDeadLettered",
        "EventNotDelivered",
        "Event not delivered",
    ),
    fails(
        "express-ingest",
        "PublishRefusedDeadLettered",
        "EventNotDelivered",
        "Event not delivered",
    ),
];

/// Templates meant for Express state machines: run with `--express` (the 5-minute limit).
const EXPRESS: &[&str] = &["express-ingest"];

fn statecraft(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates")
}

/// Copies every file of `assets/templates` into a fresh temporary directory.
fn copy_templates() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(templates_dir()).expect("assets/templates is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_file() {
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, dir.path().join(name)).expect("copied");
        }
    }
    dir
}

/// The templates' names (file names without `.asl.json`), sorted.
fn template_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(templates_dir())
        .expect("assets/templates is readable")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".asl.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The test case names of a MockConfigFile, over all its state machines, sorted.
fn test_cases(mocks: &Value) -> Vec<String> {
    let mut cases: Vec<String> = mocks["StateMachines"]
        .as_object()
        .expect("StateMachines is an object")
        .values()
        .flat_map(|machine| {
            machine["TestCases"]
                .as_object()
                .expect("TestCases is an object")
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    cases.sort();
    cases
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

/// The name of the last state the run entered, from its history.
fn last_state_entered(result: &Value) -> Option<String> {
    result["events"]
        .as_array()?
        .iter()
        .rev()
        .find_map(|event| event["stateEnteredEventDetails"]["name"].as_str())
        .map(str::to_owned)
}

#[test]
fn the_gallery_has_the_five_templates_each_with_mocks_and_an_input() {
    let names = template_names();
    assert_eq!(
        names,
        [
            "express-ingest",
            "human-approval",
            "jsonata-checkout",
            "nightly-etl",
            "order-saga"
        ]
    );
    let gallery =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/templates.rs"))
            .expect("src/ui/templates.rs");
    for name in &names {
        for file in [
            format!("{name}.asl.json"),
            format!("{name}.mocks.json"),
            format!("{name}.input.json"),
        ] {
            assert!(
                templates_dir().join(&file).is_file(),
                "assets/templates/{file} is missing"
            );
            assert!(
                gallery.contains(&format!("assets/templates/{file}")),
                "TEMPLATES in src/ui/templates.rs does not include {file}"
            );
        }
    }
}

#[test]
fn every_template_validates_without_errors_and_is_canonically_formatted() {
    let dir = copy_templates();
    let out = statecraft(&["validate", ".", "--format", "json"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let files = stdout_json(&out);
    let files = files.as_array().expect("an array of files");
    assert_eq!(files.len(), template_names().len(), "{files:?}");
    for file in files {
        let errors: Vec<&Value> = file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file["file"]);
    }

    let out = statecraft(&["fmt", "--check", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "not canonical: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_test_case_of_every_template_ends_as_expected() {
    let dir = copy_templates();

    // The table and the mock files name the same test cases.
    let mut in_files = BTreeSet::new();
    for name in template_names() {
        let mocks = read_json(&dir.path().join(format!("{name}.mocks.json")));
        for case in test_cases(&mocks) {
            in_files.insert((name.clone(), case));
        }
    }
    let in_table: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|e| (e.template.to_owned(), e.test_case.to_owned()))
        .collect();
    assert_eq!(
        in_table.len(),
        EXPECTED.len(),
        "a test case is listed twice"
    );
    let missing: Vec<_> = in_files.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "test cases without an expectation: {missing:?}"
    );
    let stale: Vec<_> = in_table.difference(&in_files).collect();
    assert!(
        stale.is_empty(),
        "expectations without a test case: {stale:?}"
    );

    let mut wrong = Vec::new();
    for expected in EXPECTED {
        let definition = format!("{}.asl.json", expected.template);
        let mock_config = format!("{}.mocks.json", expected.template);
        let input = format!("{}.input.json", expected.template);
        let mut args = vec![
            "run",
            definition.as_str(),
            "--mock-config",
            mock_config.as_str(),
            "--test-case",
            expected.test_case,
            "--input-file",
            input.as_str(),
            "--format",
            "json",
        ];
        if EXPRESS.contains(&expected.template) {
            args.push("--express");
        }
        let out = statecraft(&args, dir.path());
        let label = format!("{} / {}", expected.template, expected.test_case);
        let code = if expected.status == "SUCCEEDED" { 0 } else { 1 };
        if out.status.code() != Some(code) {
            wrong.push(format!(
                "{label}: exit code {:?}, expected {code}; stderr: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let result = stdout_json(&out);
        let got = (
            result["status"].as_str(),
            result["error"].as_str(),
            last_state_entered(&result),
        );
        let want = (
            Some(expected.status),
            expected.error,
            Some(expected.last_state.to_owned()),
        );
        if got != want {
            wrong.push(format!(
                "{label}: ended as {got:?}, expected {want:?} (cause: {})",
                result["cause"]
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
