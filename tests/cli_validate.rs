//! `statecraft validate` end to end: the built binary on temporary files.

mod common;

use std::path::Path;
use std::process::Output;

use common::{stderr, stdout, write};

const VALID: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;
const BROKEN_NEXT: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Gone\"}\n  }\n}\n";
const LAMBDA_ONLY_WARNING: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;
const VALID_YAML: &str = "StartAt: A\nStates:\n  A:\n    Type: Succeed\n";

fn run(args: &[&str], dir: &Path) -> Output {
    common::run("validate", args, dir)
}

#[test]
fn a_valid_file_exits_0_with_a_summary_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    let out = run(&["ok.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).contains("checked 1 file: 0 errors, 0 warnings"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn errors_print_path_line_column_severity_and_code_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.asl.json", BROKEN_NEXT);
    let out = run(&["bad.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("error[SC1007]"))
        .unwrap_or_else(|| panic!("no SC1007 line in {text}"));
    assert!(
        line.starts_with("bad.asl.json:4:35: error[SC1007]: "),
        "{line}"
    );
    assert!(line.contains("\"Gone\""), "{line}");
    // Every line has the same shape.
    for l in text.lines() {
        let mut parts = l.splitn(4, ':');
        assert_eq!(parts.next(), Some("bad.asl.json"), "{l}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{l}");
        assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{l}");
        let rest = parts.next().unwrap();
        assert!(
            rest.starts_with(" error[SC") || rest.starts_with(" warning[SC"),
            "{l}"
        );
    }
    assert!(
        stderr(&out).contains("checked 1 file: 2 errors, 0 warnings"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "warn.asl.json", LAMBDA_ONLY_WARNING);
    let out = run(&["warn.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("warn.asl.json:1:"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains(": warning[SC9002]: "),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("0 errors, 1 warning"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_format_is_an_array_of_files_with_their_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.asl.json", BROKEN_NEXT);
    write(dir.path(), "ok.asl.json", VALID);
    let out = run(
        &["--format", "json", "bad.asl.json", "ok.asl.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("stdout is JSON");
    let files = value.as_array().expect("an array");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], "bad.asl.json");
    assert_eq!(files[1]["file"], "ok.asl.json");
    assert_eq!(files[1]["diagnostics"], serde_json::json!([]));
    let first = files[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SC1007")
        .expect("the SC1007 diagnostic");
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["code", "column", "line", "message", "pointer", "severity"]
    );
    assert_eq!(first["severity"], "error");
    assert_eq!(first["pointer"], "/States/A/Next");
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 35);
}

#[test]
fn unreadable_and_unparsable_files_exit_2_and_the_others_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.asl.json", BROKEN_NEXT);
    write(
        dir.path(),
        "broken.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n}",
    );
    let out = run(
        &["broken.json", "missing.asl.json", "bad.asl.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("bad.asl.json:4:35: error[SC1007]"), "{text}");
    let parse = text
        .lines()
        .find(|l| l.starts_with("broken.json:"))
        .unwrap_or_else(|| panic!("no line for broken.json in {text}"));
    assert!(parse.contains(": error[SC0001]: "), "{parse}");
    assert!(
        stderr(&out).contains("missing.asl.json"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("could not be read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(&[], dir.path()).status.code(), Some(2));
    assert_eq!(
        run(&["--format", "xml", "x.json"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn folders_are_searched_recursively_for_definitions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.asl.json", VALID);
    write(dir.path(), "flows/deep/er/b.asl.yaml", VALID_YAML);
    write(dir.path(), "flows/deep/c.yml", VALID_YAML);
    write(dir.path(), "flows/deep/d.asl", BROKEN_NEXT);
    write(dir.path(), "flows/notes.txt", "not a definition");
    write(
        dir.path(),
        "flows/package.json",
        r#"{"name": "x", "version": "1.0.0"}"#,
    );
    write(dir.path(), "flows/.cache/e.asl.json", BROKEN_NEXT);
    let out = run(&["--format", "json", "flows"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // In walk order, which is sorted by path: the output is the same on every machine.
    let files: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(
        files,
        [
            "flows/a.asl.json",
            "flows/deep/c.yml",
            "flows/deep/d.asl",
            "flows/deep/er/b.asl.yaml"
        ]
    );
    assert!(stderr(&out).contains("checked 4 files"), "{}", stderr(&out));
}
