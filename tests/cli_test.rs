//! `statecraft test` end to end: the built binary on copies of a bundled template and its tests.

mod common;

use std::path::{Path, PathBuf};

use common::{run, stderr, stdout, write};

/// Runs `statecraft test ARGS` in `dir`, checks its exit code, and returns what it printed.
fn tested(args: &[&str], dir: &Path, code: i32) -> String {
    let out = run("test", args, dir);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Copies the human-approval template, its mocks and its tests into a fresh folder.
fn template_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    for name in [
        "human-approval.asl.json",
        "human-approval.mocks.json",
        "human-approval.tests.yaml",
    ] {
        std::fs::copy(templates.join(name), dir.path().join(name)).expect("copy");
    }
    dir
}

fn definition(dir: &Path) -> PathBuf {
    dir.join("human-approval.asl.json")
}

#[test]
fn the_templates_tests_pass() {
    let dir = template_copy();
    let text = tested(&["."], dir.path(), 0);
    assert!(text.contains("pass approved claims are paid"), "{text}");
    assert!(text.contains("5 tests passed, 0 failed"), "{text}");
}

#[test]
fn a_changed_choice_fails_the_tests_that_depend_on_it_and_names_the_state() {
    let dir = template_copy();
    let path = definition(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    // The Choice now looks for a word the approval never says: approved claims are rejected.
    std::fs::write(
        &path,
        text.replace("\"StringEquals\": \"APPROVED\"", "\"StringEquals\": \"OK\""),
    )
    .expect("write");
    let text = tested(&["human-approval.asl.json"], dir.path(), 1);
    assert!(text.contains("FAIL approved claims are paid"), "{text}");
    assert!(
        text.contains("the run entered \"Mark rejected\" where \"Pay claim\" was expected"),
        "{text}"
    );
    assert!(
        text.contains("status: expected SUCCEEDED, got FAILED"),
        "{text}"
    );
    assert!(
        text.contains("has no mock and the test gives it no answer"),
        "in the test file's words, not the CLI's flags: {text}"
    );
    assert!(!text.contains("--mock-config"), "{text}");
    assert!(
        text.contains("pass rejected claims fail with ClaimRejected"),
        "{text}"
    );
    assert!(text.contains("failed"), "{text}");
}

#[test]
fn a_removed_heartbeat_fails_the_timeout_test() {
    let dir = template_copy();
    let path = definition(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    // Without its heartbeat, the wait ends at the 3-day timeout: States.Timeout.
    std::fs::write(&path, text.replace("\"HeartbeatSeconds\": 86400,", "")).expect("write");
    let text = tested(&["--filter", "expire", "."], dir.path(), 1);
    assert!(
        text.contains("FAIL three days without a decision"),
        "{text}"
    );
    assert!(
        text.contains("error: expected \"States.HeartbeatTimeout\", got \"States.Timeout\""),
        "{text}"
    );
    assert!(text.contains("0 tests passed, 1 failed"), "{text}");
}

#[test]
fn a_bad_test_file_says_where_and_exits_2() {
    let dir = template_copy();
    write(
        dir.path(),
        "human-approval.tests.yaml",
        "tests:\n  - name: typo\n    expect:\n      stauts: FAILED\n",
    );
    let out = run("test", &["."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("human-approval.tests.yaml:4:7"), "{err}");
    assert!(err.contains("no \"stauts\""), "{err}");
}

#[test]
fn a_definition_without_tests_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "lonely.asl.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
    );
    let out = run("test", &["lonely.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no tests beside it (write lonely.tests.yaml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_filter_picks_tests_and_junit_xml_is_written() {
    let dir = template_copy();
    let out = run(
        "test",
        &["--filter", "rejected", "--junit", "results.xml", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 test passed, 0 failed"),
        "{}",
        stdout(&out)
    );
    let xml = std::fs::read_to_string(dir.path().join("results.xml")).expect("written");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        xml.contains(
            "<testsuites name=\"statecraft test\" tests=\"1\" failures=\"0\" errors=\"0\""
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase name=\"rejected claims fail with ClaimRejected\""),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<testcase ").count(),
        xml.matches("</testcase>").count()
    );
}

#[test]
fn junit_xml_carries_the_failures() {
    let dir = template_copy();
    let path = definition(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("\"ClaimRejected\"", "\"Rejected & <done>\""),
    )
    .expect("write");
    let out = run("test", &["--junit", "results.xml", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(dir.path().join("results.xml")).expect("written");
    assert!(xml.contains("tests=\"5\" failures=\"1\""), "{xml}");
    assert!(xml.contains("<failure message=\"error: expected &quot;ClaimRejected&quot;, got &quot;Rejected &amp; &lt;done&gt;&quot;\""), "{xml}");
}

/// The template without its timeout test: the Catch path is left untested.
fn template_without_the_timeout_test() -> tempfile::TempDir {
    let dir = template_copy();
    let path = dir.path().join("human-approval.tests.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let cut = text
        .find("  - name: three days without a decision")
        .expect("the timeout test");
    std::fs::write(&path, &text[..cut]).expect("write");
    dir
}

#[test]
fn coverage_names_what_no_test_reached() {
    let dir = template_without_the_timeout_test();
    let out = run(
        "test",
        &["--coverage", "--coverage-json", "coverage.json", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("coverage: 9/12 states, 10/14 transitions"),
        "{text}"
    );
    assert!(text.contains("state never entered: Mark expired"), "{text}");
    // Record claim's retrier fired (the throttled save); the other two never did.
    assert!(text.contains(", 1/3 retriers"), "{text}");
    assert!(
        text.contains("retrier never fired: Pay claim Retry[0] (Lambda.ServiceException"),
        "{text}"
    );
    assert!(
        text.contains("transition never taken: Wait for approval \u{2192} Mark expired (Catch"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("coverage.json")).expect("written"),
    )
    .expect("JSON");
    let states = json[0]["states"].as_array().expect("states");
    assert_eq!(states.len(), 12);
    assert!(states
        .iter()
        .any(|s| s["name"] == "Mark expired" && s["entered"] == false));
    assert!(states
        .iter()
        .any(|s| s["name"] == "Pay claim" && s["entered"] == true));
    let retriers = json[0]["retriers"].as_array().expect("retriers");
    assert!(retriers
        .iter()
        .any(|r| r["state"] == "Record claim" && r["index"] == 0 && r["fired"] == true));

    // With the timeout test back, everything is reached.
    let full = template_copy();
    let text = tested(&["--coverage", "."], full.path(), 0);
    assert!(
        text.contains("coverage: 12/12 states, 14/14 transitions"),
        "{text}"
    );
}

#[test]
fn render_coverage_draws_the_untested_path() {
    let dir = template_without_the_timeout_test();
    let out = run(
        "render",
        &[
            "human-approval.asl.json",
            "--coverage",
            "-o",
            "coverage.svg",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("coverage: 9/12 states"),
        "{}",
        stderr(&out)
    );
    let svg = std::fs::read_to_string(dir.path().join("coverage.svg")).expect("written");
    assert_eq!(
        svg.matches("data-status=\"untested\"").count(),
        3,
        "three states untested"
    );
    assert_eq!(svg.matches("data-status=\"tested\"").count(), 9);
    assert!(
        svg.contains("transition never tested"),
        "the legend says it"
    );
}

#[test]
fn every_template_ships_tests_that_pass_and_cover_it() {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    let text = tested(
        &["--coverage", templates.to_str().expect("UTF-8 path")],
        &templates,
        0,
    );
    for template in [
        "express-ingest",
        "human-approval",
        "jsonata-checkout",
        "nightly-etl",
        "order-saga",
    ] {
        assert!(
            text.contains(&format!("{template}.asl.json ({template}.tests.yaml)")),
            "{template} has tests: {text}"
        );
    }
    // Every state and transition, but the distributed Map's processor (child executions).
    assert_eq!(text.matches("never entered").count(), 2, "{text}");
    assert_eq!(text.matches("never taken").count(), 1, "{text}");
    assert!(text.contains("state never entered: Clean batch"), "{text}");
}

/// Validates `xml` against the JUnit schema with lxml from the project's `.venv`; panics with what
/// to do when it is missing (this test must not pass without running).
fn assert_valid_junit(xml_path: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/test (or scripts/install-test-deps), which installs lxml",
        python.display()
    );
    let schema = root.join("tests/fixtures/junit/junit-10.xsd");
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys\nfrom lxml import etree\nschema = etree.XMLSchema(etree.parse(sys.argv[1]))\ndoc = etree.parse(sys.argv[2])\nif not schema.validate(doc):\n    print(schema.error_log)\n    sys.exit(1)\n",
        ])
        .arg(&schema)
        .arg(xml_path)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the JUnit XML does not match the schema: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn junit_xml_matches_the_junit_schema() {
    // Passing and failing tests, and a file that cannot be used, in one report.
    let dir = template_copy();
    let path = definition(dir.path());
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("\"ClaimRejected\"", "\"Rejected & <done>\""),
    )
    .expect("write");
    write(
        dir.path(),
        "broken/other.tests.yaml",
        "tests:\n  - name: typo\n    expect:\n      stauts: FAILED\n",
    );
    write(
        dir.path(),
        "broken/other.asl.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
    );
    let out = run("test", &["--junit", "results.xml", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let results = dir.path().join("results.xml");
    let xml = std::fs::read_to_string(&results).expect("written");
    assert!(xml.contains("<failure "), "{xml}");
    assert!(xml.contains("<error "), "{xml}");
    assert_valid_junit(&results);
}

/// A workflow with variables and an inline Map whose iterations fail on odd items.
const VARIABLES_AND_MAP: &str = r#"{
  "StartAt": "Start",
  "States": {
    "Start": {"Type": "Pass", "Assign": {"count": 2, "label": "first"}, "Next": "Each"},
    "Each": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ItemProcessor": {
        "ProcessorConfig": {"Mode": "INLINE"},
        "StartAt": "Odd?",
        "States": {
          "Odd?": {"Type": "Choice", "Choices": [{"Variable": "$.odd", "BooleanEquals": true, "Next": "Refuse"}], "Default": "Keep"},
          "Refuse": {"Type": "Fail", "Error": "Odd"},
          "Keep": {"Type": "Pass", "End": true}
        }
      },
      "ResultPath": null,
      "Next": "Finish"
    },
    "Finish": {"Type": "Pass", "Assign": {"label": "done"}, "End": true}
  }
}"#;

#[test]
fn variables_and_failed_iterations_are_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "flow.asl.json", VARIABLES_AND_MAP);
    write(
        dir.path(),
        "flow.tests.yaml",
        "tests:\n  - name: right\n    input: {items: [{odd: false}, {odd: false}]}\n    expect:\n      status: SUCCEEDED\n      variables: {count: 2, label: done}\n      failedIterations: {Each: 0}\n  - name: right when an item fails\n    input: {items: [{odd: false}, {odd: true}]}\n    expect:\n      status: FAILED\n      error: Odd\n      variables: {label: first}\n      failedIterations: {Each: 1}\n  - name: wrong\n    input: {items: [{odd: true}]}\n    expect:\n      variables: {label: done, missing: 1}\n      failedIterations: {Each: 0}\n",
    );
    let text = tested(&["."], dir.path(), 1);
    assert!(text.contains("pass right ("), "{text}");
    assert!(text.contains("pass right when an item fails"), "{text}");
    assert!(text.contains("FAIL wrong"), "{text}");
    assert!(
        text.contains("variables.label: expected $label = \"done\", got \"first\""),
        "{text}"
    );
    assert!(
        text.contains("variables.missing: expected $missing = 1, got no such variable"),
        "{text}"
    );
    assert!(
        text.contains(
            "failedIterations.Each: expected 0 failed iterations of \"Each\", there were 1"
        ),
        "{text}"
    );
}

/// Copies template `name` (definition, mocks, tests), changes its definition with `change`, runs
/// its tests; returns the exit code and the report.
fn mutated(name: &str, change: impl FnOnce(&mut serde_json::Value)) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    for ext in ["asl.json", "mocks.json", "tests.yaml"] {
        let file = format!("{name}.{ext}");
        std::fs::copy(templates.join(&file), dir.path().join(&file)).expect("copy");
    }
    let path = dir.path().join(format!("{name}.asl.json"));
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    change(&mut value);
    std::fs::write(&path, value.to_string()).expect("write");
    let out = run("test", &["."], dir.path());
    (out.status.code(), stdout(&out))
}

#[test]
fn a_changed_next_fails_a_test_that_names_the_state() {
    // A standard customer's "No discount" now skips the charge.
    let (code, text) = mutated("jsonata-checkout", |v| {
        v["States"]["No discount"]["Next"] = "Receipt".into();
    });
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("FAIL a standard customer pays the full price"),
        "{text}"
    );
    assert!(text.contains("\"Charge card\""), "{text}");
}

#[test]
fn a_removed_catch_fails_a_test_that_names_the_state() {
    // A carrier that stays down is no longer compensated.
    let (code, text) = mutated("order-saga", |v| {
        v["States"]["Ship order"]
            .as_object_mut()
            .expect("an object")
            .remove("Catch");
    });
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("FAIL a carrier that stays down cancels a paid order"),
        "{text}"
    );
    assert!(text.contains("\"Refund payment\""), "{text}");
}
