//! What a hostile tester found in the command line (issue 12): each test failed before its fix.

mod common;

use std::path::Path;

use common::{run, stderr, stdout, write};

const VALID: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;

/// A definition in one line, long enough that its canonical form is over 1,536 bytes.
fn long_ugly_definition() -> String {
    let states: Vec<String> = (0..40)
        .map(|i| format!(r#""S{i}":{{"Type":"Pass","Next":"S{}"}}"#, i + 1))
        .collect();
    format!(
        r#"{{"StartAt":"S0","States":{{{},"S40":{{"Type":"Succeed"}}}}}}"#,
        states.join(",")
    )
}

#[cfg(unix)]
#[test]
fn fmt_that_cannot_finish_writing_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let original = long_ugly_definition();
    write(dir.path(), "f.asl.json", &original);
    // A file size limit of 3 blocks (1,536 bytes): the formatted text does not fit.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 3; exec {} fmt f.asl.json",
            env!("CARGO_BIN_EXE_statecraft")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = std::fs::read_to_string(dir.path().join("f.asl.json")).unwrap();
    assert_eq!(after, original, "the file was changed by a failed write");
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "f.asl.json", &long_ugly_definition());
    let path = dir.path().join("f.asl.json");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = run("fmt", &["f.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[cfg(unix)]
#[test]
fn endless_inputs_are_refused_at_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    let cases: [(&str, &[&str]); 4] = [
        ("validate", &["/dev/zero"]),
        ("run", &["ok.asl.json", "--input-file", "/dev/zero"]),
        (
            "run",
            &[
                "ok.asl.json",
                "--mock-config",
                "/dev/zero",
                "--test-case",
                "T",
            ],
        ),
        (
            "render",
            &["ok.asl.json", "-o", "x.svg", "--history", "/dev/zero"],
        ),
    ];
    for (subcommand, args) in cases {
        let out = run(subcommand, args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{subcommand} {args:?}");
        let printed = format!("{}{}", stdout(&out), stderr(&out));
        assert!(printed.contains("/dev/zero"), "{printed}");
        assert!(printed.contains(" MB"), "{printed}");
    }
}

#[cfg(unix)]
#[test]
fn a_large_stream_on_standard_input_is_not_read_whole() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["validate", "/dev/stdin"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = vec![b' '; 1024 * 1024];
    let mut written = 0;
    for _ in 0..200 {
        if stdin.write_all(&chunk).is_err() {
            break; // The command stopped reading: what this test wants.
        }
        written += 1;
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(written < 200, "all 200 MB were read");
    assert!(stdout(&out).contains("over 16 MB"), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn folder_walks_skip_named_pipes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d/ok.asl.json", VALID);
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("d/p.asl.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["validate", "d"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("validate hangs on a named pipe in a folder");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 1 file"), "{}", stderr(&out));
}

fn write_repository_files(dir: &Path) {
    write(dir, "repo/flows/order.asl.json", VALID);
    write(
        dir,
        "repo/tsconfig.json",
        "{\n  // comments are allowed here\n  \"compilerOptions\": {}\n}\n",
    );
    write(
        dir,
        "repo/template.yaml",
        "Resources:\n  Fn:\n    Properties:\n      Name: !Sub '${AWS::StackName}-fn'\n",
    );
    write(
        dir,
        "repo/docker-compose.yml",
        "x-common: &common\n  image: app\nservices:\n  web:\n    <<: *common\n",
    );
    write(dir, "repo/package.json", r#"{"name": "x"}"#);
}

#[test]
fn folder_walks_skip_files_that_are_not_state_machines() {
    let dir = tempfile::tempdir().unwrap();
    write_repository_files(dir.path());
    let out = run("validate", &["repo"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("checked 1 file: 0 errors, 0 warnings, 4 skipped"),
        "{}",
        stderr(&out)
    );
    let out = run("fmt", &["--check", "repo"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out)); // order.asl.json is not canonical.
    assert!(stderr(&out).contains("4 skipped"), "{}", stderr(&out));
    let out = run("validate", &["--verbose", "repo"], dir.path());
    let err = stderr(&out);
    for name in [
        "tsconfig.json",
        "template.yaml",
        "docker-compose.yml",
        "package.json",
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("skipped ") && l.contains(name)),
            "{err}"
        );
    }
    // Named explicitly, a file that does not parse is still an error.
    let out = run("validate", &["repo/tsconfig.json"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn render_exits_1_on_validator_errors_and_still_writes_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let long = "N".repeat(81);
    write(
        dir.path(),
        "long.asl.json",
        &format!(
            r#"{{"StartAt": "{long}", "States": {{"{long}": {{"Type": "Pass", "End": true}}}}}}"#
        ),
    );
    write(
        dir.path(),
        "wait.asl.json",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100000000, "End": true}}}"#,
    );
    for file in ["long.asl.json", "wait.asl.json"] {
        let out = run("render", &[file, "-o", "out.svg"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{file}: {}", stderr(&out));
        assert!(dir.path().join("out.svg").exists());
        std::fs::remove_file(dir.path().join("out.svg")).unwrap();
    }
}

#[test]
fn callbacks_for_names_with_equals_unknown_states_and_unused_answers() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cb.asl.json",
        r#"{"StartAt": "a=b", "States": {"a=b": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "Next": "Other"},
            "Other": {"Type": "Pass", "End": true}}}"#,
    );
    let out = run(
        "run",
        &["cb.asl.json", "--callback", r#"a=b=success:{"ok":true}"#],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"ok\": true"), "{}", stdout(&out));

    let out = run(
        "run",
        &["cb.asl.json", "--callback", "Nope=success:{}"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"Nope\""), "{}", stderr(&out));

    let out = run(
        "run",
        &[
            "cb.asl.json",
            "--callback",
            "a=b=success:1",
            "--callback",
            "Other=success:2",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: 1 --callback answer for \"Other\" not used"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn control_characters_from_a_document_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "esc.asl.json",
        r#"{"StartAt": "A\u001b[2J\u0007", "States": {"A\u001b[2J\u0007": {"Type": "Pass", "Next": "Gone\u009b"}}}"#,
    );
    write(
        dir.path(),
        "ok.asl.json",
        r#"{"StartAt": "A\u001b]0;x\u0007", "States": {"A\u001b]0;x\u0007": {"Type": "Pass", "Result": "\u001b[31m", "End": true}}}"#,
    );
    let outputs = [
        run("validate", &["esc.asl.json"], dir.path()),
        run("render", &["esc.asl.json", "-o", "esc.svg"], dir.path()),
        run("run", &["ok.asl.json", "--format", "text"], dir.path()),
        run("run", &["esc.asl.json", "--format", "text"], dir.path()),
    ];
    for out in &outputs {
        let printed = format!("{}{}", stdout(out), stderr(out));
        assert!(
            !printed
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{printed:?}"
        );
        assert!(printed.contains("\\u001b"), "{printed:?}");
    }
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    for out in [
        run("render", &["missing.asl.json", "-o", "x.svg"], dir.path()),
        run("run", &["missing.asl.json"], dir.path()),
        run(
            "run",
            &["ok.asl.json", "--input-file", "missing.json"],
            dir.path(),
        ),
    ] {
        let err = stderr(&out);
        assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    }
}

#[test]
fn input_and_definitions_share_one_nesting_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    let deep = |levels: usize| "[".repeat(levels) + &"]".repeat(levels);
    let out = run("run", &["ok.asl.json", "--input", &deep(200)], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run("run", &["ok.asl.json", "--input", &deep(251)], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nested more than 250 levels"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unreadable_files_are_in_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    let out = run(
        "validate",
        &["--format", "json", "ok.asl.json", "missing.asl.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files = value.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[1]["file"], "missing.asl.json");
    assert_eq!(files[1]["diagnostics"][0]["code"], "SC0002");
}

#[test]
fn a_mock_configuration_that_is_an_array_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.asl.json", VALID);
    write(dir.path(), "mocks.json", "[]");
    let out = run(
        "run",
        &[
            "ok.asl.json",
            "--mock-config",
            "mocks.json",
            "--test-case",
            "T",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(!err.contains(": :"), "{err}");
    assert!(err.contains("not an array"), "{err}");
}

#[test]
fn seconds_path_over_the_limit_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "w.asl.json",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}"#,
    );
    let out = run(
        "run",
        &["w.asl.json", "--input", r#"{"s": 1e18}"#],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let printed = stdout(&out);
    assert!(!printed.contains("non-negative"), "{printed}");
    // AWS's own wording for a number Jackson reads as a double (issue 11's Wait fidelity).
    assert!(
        printed.contains("The SecondsPath parameter cannot be parsed as a long value"),
        "{printed}"
    );
}

#[test]
fn no_time_after_9999_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "w.asl.json",
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 31000000, "End": true}}}"#,
    );
    let out = run(
        "run",
        &[
            "w.asl.json",
            "--start-time",
            "9999-12-01T00:00:00Z",
            "--format",
            "text",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(!stdout(&out).contains("10000-"), "{}", stdout(&out));
    assert!(stderr(&out).contains("--start-time"), "{}", stderr(&out));
}

#[test]
fn a_file_named_three_ways_is_one_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a", &long_ugly_definition());
    let out = run("fmt", &["--check", "a", "a", "./a"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 file would be reformatted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_bundled_examples_are_canonical() {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let out = run("fmt", &["--check", assets.to_str().unwrap()], &assets);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
