//! `statecraft publish`, `import`, `list` and `remote-run` end to end: the built binary against
//! moto's server on 127.0.0.1 (installed by `scripts/install-test-deps`). Each test that needs the
//! server starts its own; the binary gets dummy credentials through its own environment only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers, where a panic is the report

#[path = "../crates/cloud/tests/support/mod.rs"]
#[allow(dead_code)] // the library's tests use the rest
mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{free_port, Moto, ROLE_ARN};

/// The binary with a hermetic AWS environment: dummy keys, no config files, no instance metadata.
fn statecraft(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_statecraft"));
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SFN",
        "AWS_ENDPOINT_URL_STS",
        "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .current_dir(dir);
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

const GREETER: &str = "\
# Greets whoever is named in the input.
StartAt: Greet
States:
  Greet:
    Type: Pass
    Result: ${Greeting}
    ResultPath: $.greeting
    End: true
";

const BREAKER: &str = r#"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}}"#;

#[test]
fn publish_update_list_import_and_run_end_to_end() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("greeter.asl.yaml");
    std::fs::write(&def, GREETER).unwrap();
    std::fs::write(dir.path().join("subs.yaml"), "Greeting: hello\n").unwrap();
    let remote = ["--region", "eu-west-1", "--endpoint-url", &moto.endpoint];

    // Create.
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "greeter.asl.yaml",
            "--name",
            "greeter",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(["--substitutions", "subs.yaml"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "Using account 123456789012, region eu-west-1, identity arn:aws:sts::123456789012:"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("Remote validation skipped"), "{stderr}");
    assert!(
        stderr.contains("Created state machine greeter (STANDARD)"),
        "{stderr}"
    );
    let arn = stdout.trim().to_owned();
    assert_eq!(
        arn,
        "arn:aws:states:eu-west-1:123456789012:stateMachine:greeter"
    );
    // The file keeps its placeholder and comment.
    assert_eq!(std::fs::read_to_string(&def).unwrap(), GREETER);

    // Update, publishing a version.
    std::fs::write(dir.path().join("subs.json"), r#"{"Greeting": "bonjour"}"#).unwrap();
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "greeter.asl.yaml",
            "--name",
            "greeter",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(["--substitutions", "subs.json", "--publish-version"])
        .args(["--version-description", "in French", "--tracing"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Updated state machine greeter"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert_eq!(lines[0], arn);
    assert!(lines[1].starts_with(&format!("{arn}:")), "{stdout}");

    // A second state machine, then the list.
    std::fs::write(dir.path().join("breaker.asl.json"), BREAKER).unwrap();
    let (code, _, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "breaker.asl.json",
            "--name",
            "breaker",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(statecraft(dir.path()).arg("list").args(remote));
    assert_eq!(code, 0, "{stderr}");
    let names: Vec<&str> = stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, ["breaker", "greeter"], "{stdout}");
    assert!(
        stdout.contains(&format!("greeter\tSTANDARD\t{arn}")),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args(["list", "--format", "json"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listed[1]["name"], "greeter");
    assert_eq!(listed[1]["type"], "STANDARD");
    assert_eq!(listed[1]["arn"], arn.as_str());

    // Import by name as JSON, by ARN as YAML, and to stdout.
    let (code, _, stderr) = run(statecraft(dir.path())
        .args(["import", "greeter", "-o", "imported.asl.json"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    let json = std::fs::read_to_string(dir.path().join("imported.asl.json")).unwrap();
    assert!(
        json.starts_with("{\n  \"StartAt\": \"Greet\",\n  \"States\": {\n    \"Greet\": {"),
        "{json}"
    );
    assert!(json.contains("\"Result\": \"bonjour\""), "{json}");
    assert!(json.ends_with("}\n"));
    let (code, _, stderr) = run(statecraft(dir.path())
        .args(["import", &arn, "--output", "imported.asl.yml"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    let yaml = std::fs::read_to_string(dir.path().join("imported.asl.yml")).unwrap();
    assert!(
        yaml.starts_with(
            "StartAt: Greet\nStates:\n  Greet:\n    Type: Pass\n    Result: bonjour\n"
        ),
        "{yaml}"
    );

    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args(["import", "greeter", "-o", "-"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, json);

    // Run it: the JSON has the shape of `statecraft run --format json`.
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args(["remote-run", "greeter", "--input", r#"{"who": "Ada"}"#])
        .args(["--execution-name", "first", "--wait-secs", "30"])
        .args(remote));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(":execution:greeter:first"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status", "output", "error", "cause", "events"]);
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(
        report["output"],
        serde_json::json!({"who": "Ada", "greeting": "bonjour"})
    );
    let events = report["events"].as_array().unwrap();
    assert_eq!(events[0]["type"], "ExecutionStarted");
    assert_eq!(events[0]["id"], 1);
    assert_eq!(events[0]["previousEventId"], 0);
    assert!(events[0]["executionStartedEventDetails"].is_object());
    assert_eq!(events.last().unwrap()["type"], "ExecutionSucceeded");

    // A failing execution exits 1 and still prints its report.
    std::fs::write(dir.path().join("input.json"), "{}").unwrap();
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args([
            "remote-run",
            "breaker",
            "--input-file",
            "input.json",
            "--execution-name",
            "boom",
        ])
        .args(remote));
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["status"], "FAILED");
    assert_eq!(report["error"], "Broken");
    assert_eq!(report["cause"], "on purpose");
    assert!(stderr.contains("Execution FAILED: Broken"), "{stderr}");
}

#[test]
fn unknown_names_exit_2_with_a_plain_message() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let remote = ["--region", "eu-west-1", "--endpoint-url", &moto.endpoint];
    let (code, _, stderr) = run(statecraft(dir.path())
        .args(["import", "nope", "-o", "out.json"])
        .args(remote));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`nope` does not exist"), "{stderr}");
    assert!(!dir.path().join("out.json").exists());
    let (code, _, stderr) = run(statecraft(dir.path())
        .args(["remote-run", "nope"])
        .args(remote));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("does not exist"), "{stderr}");
}

#[test]
fn an_invalid_definition_is_refused_with_exit_1() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let remote = ["--region", "eu-west-1", "--endpoint-url", &moto.endpoint];
    // Not even well-formed: refused before any call.
    std::fs::write(
        dir.path().join("broken.asl.json"),
        "{\"StartAt\": \"A\",\n  \"States\": {",
    )
    .unwrap();
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "broken.asl.json",
            "--name",
            "broken",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(remote));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("broken.asl.json:2:"), "{stderr}");
    assert!(stderr.contains("publish refused"), "{stderr}");

    // Well-formed but not a state machine: refused by local validation or by the service.
    std::fs::write(
        dir.path().join("bogus.asl.json"),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Bogus\"}\n  }\n}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "bogus.asl.json",
            "--name",
            "bogus",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(remote));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("publish refused"), "{stderr}");
    // Either way the user is pointed at line 4 of their file.
    assert!(
        stderr.contains("bogus.asl.json:4:") || stderr.contains("(line 4, column"),
        "{stderr}"
    );
    let (_, stdout, _) = run(statecraft(dir.path()).arg("list").args(remote));
    assert!(stdout.is_empty(), "nothing may be created: {stdout}");
}

#[test]
fn missing_substitutions_are_listed_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("def.asl.json"),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Task\", \"Resource\": \"${FnArn}\", \"End\": true,\n      \"Parameters\": {\"Table\": \"${Table}\", \"Env\": \"${Env}\"}}\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("subs.json"), r#"{"Env": "prod"}"#).unwrap();
    // Nothing listens on this port: any call would fail with exit 2.
    let dead = format!("http://127.0.0.1:{}", free_port());
    let (code, stdout, stderr) = run(&mut publish_with_substitutions(
        dir.path(),
        "def.asl.json",
        &dead,
    ));
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("2 placeholders without a value (FnArn, Table)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("4:40: ${FnArn} at /States/A/Resource"),
        "{stderr}"
    );
    assert!(
        stderr.contains("5:32: ${Table} at /States/A/Parameters/Table"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot reach"), "{stderr}");
}

/// `statecraft publish DEFINITION --substitutions subs.json` against `endpoint`, in `dir`.
fn publish_with_substitutions(dir: &Path, definition: &str, endpoint: &str) -> Command {
    let mut cmd = statecraft(dir);
    cmd.args(["publish", definition, "--name", "n", "--role-arn", ROLE_ARN])
        .args(["--substitutions", "subs.json", "--region", "eu-west-1"])
        .args(["--endpoint-url", endpoint]);
    cmd
}

#[test]
fn a_substituted_value_that_breaks_the_definition_exits_2_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("def.asl.yaml"),
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Parameters:\n      ${Key}: 1\n    End: true\n",
    )
    .unwrap();
    // YAML reads a key of at most 1024 characters: this value cannot be a key there.
    std::fs::write(
        dir.path().join("subs.json"),
        format!(r#"{{"Key": "{}"}}"#, "k".repeat(1100)),
    )
    .unwrap();
    // Nothing listens on this port; the checks below show no call was even started.
    let dead = format!("http://127.0.0.1:{}", free_port());
    for dry_run in [false, true] {
        let mut cmd = publish_with_substitutions(dir.path(), "def.asl.yaml", &dead);
        if dry_run {
            cmd.arg("--dry-run");
        }
        let (code, stdout, stderr) = run(&mut cmd);
        assert_eq!(code, 2, "dry run {dry_run}: {stderr}");
        assert!(stdout.is_empty(), "dry run {dry_run}: {stdout}");
        assert!(
            stderr.contains(
                "def.asl.yaml:6:7: substituting ${Key} (at /States/A/Parameters/${Key}) breaks the definition: invalid YAML"
            ),
            "{stderr}"
        );
        assert!(stderr.contains("at most 1024 characters"), "{stderr}");
        assert!(
            stderr.contains("the value substituted for ${Key} must be valid where it is placed"),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "error: publish refused: a substituted value breaks the definition; nothing was sent"
            ),
            "{stderr}"
        );
        // The region and identity are announced once connected: no connection was made.
        assert!(!stderr.contains("Using "), "{stderr}");
        assert!(!stderr.contains("Dry run"), "{stderr}");
    }
}

#[test]
fn dry_run_prints_the_request_and_makes_no_call() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("greeter.asl.yaml"), GREETER).unwrap();
    std::fs::write(dir.path().join("subs.yaml"), "Greeting: hi\nUnused: 1\n").unwrap();
    let dead = format!("http://127.0.0.1:{}", free_port());
    // No credentials at all: a dry run must not need them.
    let (code, stdout, stderr) = run(statecraft(dir.path())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args([
            "publish",
            "greeter.asl.yaml",
            "--name",
            "greeter",
            "--role-arn",
            ROLE_ARN,
        ])
        .args([
            "--substitutions",
            "subs.yaml",
            "--type",
            "express",
            "--dry-run",
        ])
        .args(["--endpoint-url", &dead]));
    assert_eq!(code, 0, "{stderr}");
    let shown: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(shown["name"], "greeter");
    assert_eq!(shown["type"], "EXPRESS");
    assert_eq!(shown["roleArn"], ROLE_ARN);
    assert_eq!(shown["loggingLevel"], "OFF");
    assert_eq!(shown["definition"]["States"]["Greet"]["Result"], "hi");
    assert!(stderr.contains("nothing was sent"), "{stderr}");
    assert!(
        stderr.contains("substitution `Unused` is not used"),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_exit_2_before_any_call() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("def.asl.json"), BREAKER).unwrap();
    let dead = format!("http://127.0.0.1:{}", free_port());
    let (code, _, stderr) = run(statecraft(dir.path())
        .args([
            "publish",
            "def.asl.json",
            "--name",
            "n",
            "--role-arn",
            ROLE_ARN,
        ])
        .args(["--logging-level", "all", "--endpoint-url", &dead]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--log-group-arn"), "{stderr}");
    let (code, _, stderr) = run(statecraft(dir.path()).args([
        "publish",
        "missing.asl.json",
        "--name",
        "n",
        "--role-arn",
        ROLE_ARN,
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("missing.asl.json: cannot read"), "{stderr}");
    let (code, _, stderr) = run(statecraft(dir.path()).args([
        "remote-run",
        "x",
        "--input",
        "{not json",
        "--endpoint-url",
        &dead,
    ]));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not JSON"), "{stderr}");
    // Without a region from anywhere, the message says how to give one.
    let (code, _, stderr) = run(statecraft(dir.path()).args(["list", "--endpoint-url", &dead]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no AWS region is set: pass --region"),
        "{stderr}"
    );
}
