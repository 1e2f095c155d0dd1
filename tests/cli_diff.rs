//! `statecraft diff` end to end: the built binary on temporary files and temporary git
//! repositories (skipped, saying so, when git is not installed).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{stderr, stdout, write};
use serde_json::Value;

/// An order workflow: a Choice, a retried and caught Task, a Fail and a Succeed.
const OLD: &str = r#"{
  "Comment": "Orders",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:validate",
      "Next": "Check amount"
    },
    "Check amount": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Charge"}],
      "Default": "Charge"
    },
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:charge",
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
      "Next": "Done"
    },
    "Failed": {"Type": "Fail", "Error": "PaymentFailed"},
    "Done": {"Type": "Succeed"}
  }
}
"#;

/// [`OLD`] with Validate's timeout added, Charge renamed to "Charge card", and a new state
/// "Notify" between it and Done.
const NEW: &str = r#"{
  "Comment": "Orders",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:validate",
      "TimeoutSeconds": 30,
      "Next": "Check amount"
    },
    "Check amount": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Charge card"}],
      "Default": "Charge card"
    },
    "Charge card": {
      "Type": "Task",
      "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:charge",
      "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
      "Next": "Notify"
    },
    "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Next": "Done"},
    "Failed": {"Type": "Fail", "Error": "PaymentFailed"},
    "Done": {"Type": "Succeed"}
  }
}
"#;

/// [`OLD`] in YAML, keys reordered: the same workflow.
const OLD_YAML: &str = "\
# The same workflow as OLD.
StartAt: Validate
Comment: Orders
States:
  Validate:
    Next: Check amount
    Type: Task
    Resource: arn:aws:lambda:eu-west-1:123456789012:function:validate
  Check amount:
    Type: Choice
    Default: Charge
    Choices:
      - Variable: $.total
        NumericGreaterThan: 100
        Next: Charge
  Charge:
    Type: Task
    Resource: arn:aws:lambda:eu-west-1:123456789012:function:charge
    Retry:
      - ErrorEquals: [States.ALL]
        MaxAttempts: 3
    Catch:
      - ErrorEquals: [States.ALL]
        Next: Failed
    Next: Done
  Failed:
    Type: Fail
    Error: PaymentFailed
  Done:
    Type: Succeed
";

/// A second workflow with a Parallel branch and every kind of transition, for the schema check.
const PARALLEL_OLD: &str = r#"{
  "StartAt": "Pick",
  "TimeoutSeconds": 300,
  "States": {
    "Pick": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.fast", "BooleanEquals": true, "Next": "Both"}],
      "Default": "Both"
    },
    "Both": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}},
        {"StartAt": "Right", "States": {"Right": {"Type": "Wait", "Seconds": 5, "End": true}}}
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}],
      "End": true
    },
    "Oops": {"Type": "Fail"}
  }
}"#;

/// [`PARALLEL_OLD`] with a new rule, a longer wait in a branch, a new catcher target and no
/// machine timeout.
const PARALLEL_NEW: &str = r#"{
  "StartAt": "Pick",
  "States": {
    "Pick": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.fast", "BooleanEquals": true, "Next": "Both"},
        {"Variable": "$.skip", "BooleanEquals": true, "Next": "Oops"}
      ],
      "Default": "Both"
    },
    "Both": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}},
        {"StartAt": "Right", "States": {"Right": {"Type": "Wait", "Seconds": 10, "End": true}}}
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Give up"}],
      "End": true
    },
    "Oops": {"Type": "Fail"},
    "Give up": {"Type": "Fail", "Error": "GaveUp"}
  }
}"#;

fn run(args: &[&str], dir: &Path) -> Output {
    common::run("diff", args, dir)
}

/// A folder with OLD and NEW written as `old.asl.json` and `new.asl.json`.
fn old_and_new() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(dir.path(), "old.asl.json", OLD);
    write(dir.path(), "new.asl.json", NEW);
    dir
}

fn assert_has_line(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l == line),
        "no line {line:?} in:\n{text}"
    );
}

#[test]
fn the_summary_names_a_rename_an_added_state_and_a_changed_field() {
    let dir = old_and_new();
    let out = run(&["old.asl.json", "new.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_has_line(&text, "Changed Validate");
    assert_has_line(&text, "  TimeoutSeconds added: 30");
    assert_has_line(&text, "Renamed Charge to Charge card");
    assert_has_line(&text, "Added Notify (Task)");
    assert_has_line(&text, "New transition: Charge card \u{2192} Notify");
    assert_has_line(&text, "New transition: Notify \u{2192} Done");
    assert_has_line(&text, "Removed transition: Charge \u{2192} Done");
    // A rename is not rewiring: the Choice still goes to the same state.
    assert!(!text.contains("Check amount \u{2192}"), "{text}");
    // States before transitions, the count last; one pair, so no header.
    let lines: Vec<&str> = text.lines().collect();
    let first_transition = lines
        .iter()
        .position(|l| l.contains("transition:"))
        .unwrap();
    let last_state = lines.iter().rposition(|l| l.starts_with("Added ")).unwrap();
    assert!(last_state < first_transition, "{text}");
    assert_eq!(
        lines.last(),
        Some(&"3 states changed (1 added, 1 renamed, 1 changed), 2 transitions added, 1 removed")
    );
    assert!(!text.contains("old.asl.json"), "{text}");
    assert_eq!(stderr(&out), "");
}

#[test]
fn formatting_key_order_yaml_and_comments_are_not_changes() {
    let dir = old_and_new();
    write(dir.path(), "old.asl.yaml", OLD_YAML);
    let out = run(&["old.asl.json", "old.asl.yaml", "--exit-code"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No changes.\n");
}

#[test]
fn exit_code_is_1_when_they_differ_0_when_not_and_2_for_a_missing_file() {
    let dir = old_and_new();
    let differ = run(&["--exit-code", "old.asl.json", "new.asl.json"], dir.path());
    assert_eq!(differ.status.code(), Some(1), "{}", stderr(&differ));
    assert!(stdout(&differ).contains("Renamed Charge to Charge card"));
    // Without --exit-code, differing is not a failure (as git diff).
    let plain = run(&["old.asl.json", "new.asl.json"], dir.path());
    assert_eq!(plain.status.code(), Some(0));
    let same = run(&["--exit-code", "new.asl.json", "new.asl.json"], dir.path());
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(stdout(&same), "No changes.\n");

    let missing = run(
        &["--exit-code", "old.asl.json", "gone.asl.json"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(stdout(&missing), "");
    let err = stderr(&missing);
    assert!(
        err.starts_with("error: gone.asl.json: cannot read the file"),
        "{err}"
    );
    assert!(err.contains("REV:PATH"), "says what to do: {err}");
}

#[test]
fn a_version_that_does_not_parse_exits_2_naming_line_and_column() {
    let dir = old_and_new();
    write(
        dir.path(),
        "broken.asl.json",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {,\n}\n",
    );
    let out = run(&["old.asl.json", "broken.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("error: broken.asl.json:3:"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn bad_usage_exits_2_with_what_to_do() {
    let dir = old_and_new();
    let out = run(&["old.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("OLD NEW"), "{}", stderr(&out));
    let out = run(&["--textconv", "old.asl.json", "new.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["-", "-"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

/// A folder with the order fixtures copied in as `before.asl.json` and `after.asl.json`.
fn order_fixtures() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    for (from, to) in [
        ("order-before.asl.json", "before.asl.json"),
        ("order-after.asl.json", "after.asl.json"),
    ] {
        std::fs::copy(fixtures.join(from), dir.path().join(to)).expect("the fixture copies");
    }
    dir
}

#[test]
fn output_draws_svg_png_html_and_markdown_and_the_summary_is_unchanged() {
    let dir = order_fixtures();
    let plain = run(&["before.asl.json", "after.asl.json"], dir.path());
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let flagged = run(
        &["--exit-code", "before.asl.json", "after.asl.json"],
        dir.path(),
    );
    assert_eq!(flagged.status.code(), Some(1), "{}", stderr(&flagged));
    for name in [
        "change.svg",
        "change.png",
        "change.html",
        "change.HTM",
        "change.md",
    ] {
        for (args, code) in [(&[][..], 0), (&["--exit-code"][..], 1)] {
            let mut all = args.to_vec();
            all.extend(["before.asl.json", "after.asl.json", "-o", name]);
            let out = run(&all, dir.path());
            assert_eq!(out.status.code(), Some(code), "{name}: {}", stderr(&out));
            assert_eq!(
                stdout(&out),
                stdout(&plain),
                "{name}: the summary is unchanged"
            );
            assert_eq!(stderr(&out), "", "{name}");
        }
        let bytes = std::fs::read(dir.path().join(name)).expect("the file is written");
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".png") {
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "PNG magic bytes");
        } else {
            let text = String::from_utf8(bytes).expect("text");
            if lower.ends_with(".svg") {
                assert!(text.contains("<svg"), "{name}");
                assert!(text.contains("data-status=\"removed\""), "{name}");
            } else if lower.ends_with(".md") {
                assert!(
                    text.starts_with(
                        "### Workflow change: `before.asl.json` \u{2192} `after.asl.json`\n"
                    ),
                    "{text}"
                );
                assert!(text.contains("Removed Email receipt (Task)"), "{text}");
                assert!(text.contains("```mermaid\nflowchart TD\n"), "{text}");
                assert!(text.contains("classDef removed "), "{text}");
            } else {
                assert!(text.starts_with("<!DOCTYPE html>"), "{name}");
                assert!(text.contains("<svg"), "{name}");
                assert!(
                    text.contains("before.asl.json \u{2192} after.asl.json"),
                    "{name}: the title"
                );
                assert!(text.contains("id=\"diff-data\""), "{name}");
                assert!(text.contains("data-status=\"added\""), "{name}");
            }
        }
    }
}

#[test]
fn output_with_an_unknown_extension_exits_2_naming_the_extensions() {
    let dir = order_fixtures();
    let out = run(
        &["before.asl.json", "after.asl.json", "-o", "change.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    for extension in [".svg", ".png", ".html", ".md"] {
        assert!(err.contains(extension), "names {extension}: {err}");
    }
    assert!(err.contains("change.txt"), "{err}");
    assert!(!dir.path().join("change.txt").exists());
}

#[test]
fn colour_only_when_asked_never_when_piped_or_no_color() {
    let dir = old_and_new();
    let piped = run(&["old.asl.json", "new.asl.json"], dir.path());
    assert!(!stdout(&piped).contains('\u{1b}'));
    let always = run(
        &["--color", "always", "old.asl.json", "new.asl.json"],
        dir.path(),
    );
    let text = stdout(&always);
    assert_has_line(&text, "\u{1b}[32mAdded Notify (Task)\u{1b}[0m");
    assert_has_line(&text, "\u{1b}[33mRenamed Charge to Charge card\u{1b}[0m");
    assert_has_line(
        &text,
        "\u{1b}[31mRemoved transition: Charge \u{2192} Done\u{1b}[0m",
    );
    let no_color = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["diff", "old.asl.json", "new.asl.json"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'));
}

#[test]
fn control_characters_in_state_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
    );
    write(
        dir.path(),
        "b.json",
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B\u001b[2J": {"Type": "Succeed"}}}"#,
    );
    let out = run(&["a.json", "b.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains('\u{1b}'));
    assert_has_line(&stdout(&out), "Added B\\u001b[2J (Succeed)");
}

#[test]
fn json_output_is_an_array_that_matches_the_schema() {
    let dir = old_and_new();
    write(dir.path(), "p-old.asl.json", PARALLEL_OLD);
    write(dir.path(), "p-new.asl.json", PARALLEL_NEW);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diff.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for (old, new) in [
        ("old.asl.json", "new.asl.json"),
        ("p-old.asl.json", "p-new.asl.json"),
        ("new.asl.json", "new.asl.json"),
    ] {
        let out = run(&["--format", "json", old, new], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        if let Err(problem) = schema::check(&schema, &schema, &report, "") {
            panic!("{old} {new}: {problem}\n{report:#}");
        }
        assert_eq!(report[0]["old"], old);
        assert_eq!(report[0]["new"], new);
    }

    let out = run(
        &["--format", "json", "old.asl.json", "new.asl.json"],
        dir.path(),
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report.as_array().unwrap().len(), 1);
    assert_eq!(report[0]["status"], "changed");
    let states = report[0]["diff"]["states"].as_array().unwrap();
    let renamed = states.iter().find(|s| s["kind"] == "renamed").unwrap();
    assert_eq!(renamed["old"]["pointer"], "/States/Charge");
    assert_eq!(renamed["new"]["name"], "Charge card");
    let changed = states.iter().find(|s| s["kind"] == "changed").unwrap();
    assert_eq!(changed["fields"][0]["path"], "TimeoutSeconds");
    assert_eq!(changed["fields"][0]["new"], 30);

    let out = run(
        &["--format", "json", "p-old.asl.json", "p-new.asl.json"],
        dir.path(),
    );
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let diff = &report[0]["diff"];
    assert_eq!(diff["machine"][0]["path"], "TimeoutSeconds");
    let transitions = diff["transitions"].as_array().unwrap();
    assert!(
        transitions
            .iter()
            .any(|t| t["via"]["kind"] == "rule" && t["via"]["index"] == 1),
        "{diff:#}"
    );
    assert!(
        transitions
            .iter()
            .any(|t| t["via"]["kind"] == "catch" && t["to"]["name"] == "Give up"),
        "{diff:#}"
    );
    let wait = diff["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["new"]["name"] == "Right")
        .unwrap();
    assert_eq!(wait["new"]["scope"], "/States/Both/Branches/1");
}

#[test]
fn textconv_prints_a_line_per_state_field_and_transition() {
    let dir = old_and_new();
    let out = run(&["--textconv", "new.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = "\
StartAt \u{2192} Validate
Comment: \"Orders\"
Validate (Task)
  Resource: \"arn:aws:lambda:eu-west-1:123456789012:function:validate\"
  TimeoutSeconds: 30
  \u{2192} Check amount
Check amount (Choice)
  Choices[0]: {\"Variable\":\"$.total\",\"NumericGreaterThan\":100} \u{2192} Charge card
  Default \u{2192} Charge card
Charge card (Task)
  Resource: \"arn:aws:lambda:eu-west-1:123456789012:function:charge\"
  Retry[0]: {\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":3}
  Catch[0]: {\"ErrorEquals\":[\"States.ALL\"]} \u{2192} Failed
  \u{2192} Notify
Notify (Task)
  Resource: \"arn:aws:states:::sns:publish\"
  \u{2192} Done
Failed (Fail)
  Error: \"PaymentFailed\"
Done (Succeed)
";
    assert_eq!(stdout(&out), expected);

    // JSON and YAML of the same workflow give the same lines, except where key order differs.
    write(dir.path(), "old.asl.yaml", OLD_YAML);
    let json = stdout(&run(&["--textconv", "old.asl.json"], dir.path()));
    let yaml = stdout(&run(&["--textconv", "old.asl.yaml"], dir.path()));
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(&json), sorted(&yaml));

    // A broken version is shown as it is, after a line saying where it breaks.
    write(dir.path(), "broken.asl.json", "{\"StartAt\": ,}\n");
    let out = run(&["--textconv", "broken.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("(not a workflow summary: broken.asl.json:1:"),
        "{text}"
    );
    assert!(text.ends_with("{\"StartAt\": ,}\n"), "{text}");

    let missing = run(&["--textconv", "gone.asl.json"], dir.path());
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn git_external_diff_arguments_are_understood() {
    let dir = old_and_new();
    let zeros = "0000000000000000000000000000000000000000";
    let hex = "1234567890abcdef1234567890abcdef12345678";
    // Seven arguments in git's order are recognised without --git-external.
    let out = run(
        &[
            "flows/order.asl.json",
            "old.asl.json",
            hex,
            "100644",
            "new.asl.json",
            hex,
            "100644",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().next(), Some("flows/order.asl.json"), "{text}");
    assert_has_line(&text, "Renamed Charge to Charge card");
    // A new file: git hands over /dev/null with "." for hash and mode.
    let out = run(
        &[
            "--git-external",
            "flows/new.asl.json",
            "/dev/null",
            ".",
            ".",
            "new.asl.json",
            zeros,
            "100644",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "flows/new.asl.json: new file (6 states)\n");
}

#[test]
fn an_existing_file_wins_over_reading_its_name_from_git() {
    let dir = old_and_new();
    write(dir.path(), "HEAD:old.asl.json", NEW);
    let out = run(&["old.asl.json", "HEAD:old.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_has_line(&stdout(&out), "Renamed Charge to Charge card");
}

/// Git tests: a temporary repository with one workflow committed, then edited.
mod git {
    use super::*;

    /// Runs git in `dir`, away from the user's and the system's configuration.
    fn git(dir: &Path, args: &[&str]) -> Output {
        Command::new("git")
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.invalid",
            ])
            .args(["-c", "color.ui=never", "-c", "core.pager=cat"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GIT_EXTERNAL_DIFF")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("git runs")
    }

    fn git_ok(dir: &Path, args: &[&str]) -> String {
        let out = git(dir, args);
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    }

    /// A repository holding OLD as flow.asl.json and flows/gone.asl.json (committed), then
    /// flow.asl.json edited to NEW, flows/gone.asl.json deleted, flows/new.asl.json added
    /// (untracked) and package.json changed. `None` when git is not installed.
    fn repository() -> Option<tempfile::TempDir> {
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("skipped: git is not installed (not found on PATH)");
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        git_ok(root, &["init", "-q"]);
        write(root, "flow.asl.json", OLD);
        write(root, "flows/gone.asl.json", OLD);
        write(root, "package.json", "{\"name\": \"orders\"}\n");
        git_ok(root, &["add", "."]);
        git_ok(root, &["commit", "-q", "-m", "first"]);
        write(root, "flow.asl.json", NEW);
        std::fs::remove_file(root.join("flows/gone.asl.json")).expect("the file is removed");
        write(root, "flows/new.asl.json", PARALLEL_NEW);
        write(
            root,
            "package.json",
            "{\"name\": \"orders\", \"version\": \"2\"}\n",
        );
        Some(dir)
    }

    /// The binary, quoted for the shell git runs commands with.
    fn statecraft() -> String {
        format!("'{}'", env!("CARGO_BIN_EXE_statecraft"))
    }

    #[test]
    fn rev_path_operands_read_the_committed_version() {
        let Some(repo) = repository() else { return };
        let out = run(&["HEAD:flow.asl.json", "flow.asl.json"], repo.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_has_line(&stdout(&out), "Renamed Charge to Charge card");
        // From a subfolder, `./` is relative to it, as git spells it.
        write(repo.path(), "sub/x.asl.json", OLD);
        git_ok(repo.path(), &["add", "sub"]);
        git_ok(repo.path(), &["commit", "-q", "-m", "sub"]);
        let out = run(
            &["HEAD:./x.asl.json", "../flow.asl.json"],
            &repo.path().join("sub"),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_has_line(&stdout(&out), "Added Notify (Task)");
    }

    #[test]
    fn a_missing_revision_or_path_gives_gits_message_and_exits_2() {
        let Some(repo) = repository() else { return };
        let out = run(&["nope:flow.asl.json", "flow.asl.json"], repo.path());
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(err.starts_with("error: nope:flow.asl.json: "), "{err}");
        assert!(err.contains("nope"), "{err}");
        let out = run(&["HEAD:missing.asl.json", "flow.asl.json"], repo.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(
            stderr(&out).contains("does not exist in 'HEAD'"),
            "git's message: {}",
            stderr(&out)
        );
        let out = run(&["--git", "nope"], repo.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    }

    #[test]
    fn git_mode_compares_every_workflow_that_differs() {
        let Some(repo) = repository() else { return };
        let out = run(&["--git", "HEAD", "--exit-code", "-v"], repo.path());
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        // Sorted by path; a header per file; new and deleted files in one line.
        assert_eq!(lines.first(), Some(&"flow.asl.json"), "{text}");
        assert_has_line(&text, "Renamed Charge to Charge card");
        assert_has_line(&text, "flows/gone.asl.json: deleted (5 states)");
        assert_has_line(&text, "flows/new.asl.json: new file (6 states)");
        assert!(!text.contains("package.json"), "{text}");
        assert!(
            stderr(&out).contains("skipped package.json: not a state machine"),
            "{}",
            stderr(&out)
        );

        let out = run(&["--git", "HEAD", "--format", "json", "flows"], repo.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let statuses: Vec<(&Value, &Value, &str)> = report
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (&p["old"], &p["new"], p["status"].as_str().unwrap()))
            .collect();
        assert_eq!(
            statuses,
            [
                (
                    &Value::from("HEAD:flows/gone.asl.json"),
                    &Value::Null,
                    "removed"
                ),
                (&Value::Null, &Value::from("flows/new.asl.json"), "added"),
            ]
        );

        // Nothing differs once committed.
        git_ok(repo.path(), &["add", "-A"]);
        git_ok(repo.path(), &["commit", "-q", "-m", "second"]);
        let out = run(&["--git", "HEAD", "--exit-code"], repo.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), "No changes.\n");
    }

    #[test]
    fn git_diff_shows_the_textconv_summary() {
        let Some(repo) = repository() else { return };
        write(repo.path(), ".gitattributes", "*.asl.json diff=asl\n");
        let command = format!("{} diff --textconv", statecraft());
        git_ok(repo.path(), &["config", "diff.asl.textconv", &command]);
        let text = git_ok(repo.path(), &["diff", "--", "flow.asl.json"]);
        assert_has_line(&text, "+  TimeoutSeconds: 30");
        assert_has_line(&text, "-Charge (Task)");
        assert_has_line(&text, "+Charge card (Task)");
        assert_has_line(&text, "+Notify (Task)");
        assert!(
            !text.contains("\"Type\""),
            "the summary, not the JSON: {text}"
        );
    }

    #[test]
    fn git_diff_shows_the_summary_through_the_external_command() {
        let Some(repo) = repository() else { return };
        write(repo.path(), ".gitattributes", "*.asl.json diff=asl\n");
        let command = format!("{} diff --git-external", statecraft());
        git_ok(repo.path(), &["config", "diff.asl.command", &command]);
        let text = git_ok(repo.path(), &["diff"]);
        assert_has_line(&text, "flow.asl.json");
        assert_has_line(&text, "Renamed Charge to Charge card");
        assert_has_line(&text, "flows/gone.asl.json: deleted (5 states)");
        // Files that are not workflows keep git's own diff.
        assert_has_line(&text, "+{\"name\": \"orders\", \"version\": \"2\"}");

        // GIT_EXTERNAL_DIFF="statecraft diff": the seven arguments are recognised.
        let out = Command::new("git")
            .args(["-c", "color.ui=never", "diff", "--", "flow.asl.json"])
            .current_dir(repo.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_EXTERNAL_DIFF", format!("{} diff", statecraft()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_has_line(&stdout(&out), "Renamed Charge to Charge card");
    }
}

/// A JSON Schema checker for the keywords docs/diff.schema.json uses (no validator crate is a
/// dependency); a keyword it does not know fails the check, so the schema cannot outgrow it.
mod schema {
    use serde_json::Value;

    const ANNOTATIONS: &[&str] = &["$schema", "$id", "title", "description", "$defs"];

    /// Checks `value` against `schema` (`root` resolves `$ref`); the error names the place.
    pub fn check(root: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
        let Value::Object(keywords) = schema else {
            return Err(format!("{at}: the schema is not an object"));
        };
        for (keyword, rule) in keywords {
            match keyword.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "$ref" => {
                    let name = rule
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/$defs/"))
                        .ok_or_else(|| format!("{at}: unsupported $ref {rule}"))?;
                    check(root, &root["$defs"][name], value, at)?;
                }
                "type" => {
                    let types: Vec<&str> = match rule {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                        _ => return Err(format!("{at}: bad type {rule}")),
                    };
                    if !types.iter().any(|t| has_type(value, t)) {
                        return Err(format!("{at}: {value} is not of type {rule}"));
                    }
                }
                "enum" => {
                    let options = rule.as_array().ok_or("enum is not an array")?;
                    if !options.contains(value) {
                        return Err(format!("{at}: {value} is not one of {rule}"));
                    }
                }
                "const" => {
                    if rule != value {
                        return Err(format!("{at}: {value} is not {rule}"));
                    }
                }
                "minimum" => {
                    let (Some(min), Some(n)) = (rule.as_f64(), value.as_f64()) else {
                        return Err(format!("{at}: {value} is not a number"));
                    };
                    if n < min {
                        return Err(format!("{at}: {value} is below {rule}"));
                    }
                }
                "required" => {
                    for key in rule.as_array().ok_or("required is not an array")? {
                        let key = key.as_str().ok_or("a required key is not a string")?;
                        if value.as_object().is_some_and(|o| !o.contains_key(key)) {
                            return Err(format!("{at}: {key} is missing"));
                        }
                    }
                }
                "properties" => {
                    if let Some(object) = value.as_object() {
                        for (key, sub) in rule.as_object().ok_or("properties is not an object")? {
                            if let Some(member) = object.get(key) {
                                check(root, sub, member, &format!("{at}/{key}"))?;
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if rule != &Value::Bool(false) {
                        return Err(format!("{at}: unsupported additionalProperties {rule}"));
                    }
                    if let Some(object) = value.as_object() {
                        let known = schema["properties"].as_object();
                        for key in object.keys() {
                            if !known.is_some_and(|k| k.contains_key(key)) {
                                return Err(format!("{at}: unexpected member {key}"));
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(items) = value.as_array() {
                        for (i, item) in items.iter().enumerate() {
                            check(root, rule, item, &format!("{at}/{i}"))?;
                        }
                    }
                }
                "oneOf" => {
                    let options = rule.as_array().ok_or("oneOf is not an array")?;
                    let passing = options
                        .iter()
                        .filter(|option| check(root, option, value, at).is_ok())
                        .count();
                    if passing != 1 {
                        return Err(format!(
                            "{at}: {value} matches {passing} of the oneOf options, not one"
                        ));
                    }
                }
                other => return Err(format!("{at}: the checker does not know {other}")),
            }
        }
        Ok(())
    }

    fn has_type(value: &Value, name: &str) -> bool {
        match name {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        }
    }

    #[test]
    fn the_checker_rejects_what_the_schema_forbids() {
        let schema: Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diff.schema.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let ok = serde_json::json!([{"old": "a", "new": null, "status": "removed",
            "diff": {"machine": [], "states": [], "transitions": []}}]);
        assert_eq!(check(&schema, &schema, &ok, ""), Ok(()));
        let mut bad = ok.clone();
        bad[0]["status"] = "gone".into();
        assert!(check(&schema, &schema, &bad, "").is_err());
        let mut bad = ok.clone();
        bad[0]["extra"] = 1.into();
        assert!(check(&schema, &schema, &bad, "").is_err());
        let mut bad = ok;
        bad[0]["diff"]["transitions"] = serde_json::json!([{"kind": "added", "scope": "",
            "from": null, "via": {"kind": "rule"}, "to": {"kind": "end"}}]);
        assert!(check(&schema, &schema, &bad, "").is_err());
    }
}
