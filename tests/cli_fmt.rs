//! `statecraft fmt` end to end: the built binary on temporary files.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use std::path::Path;
use std::process::Output;

use common::{stderr, stdout, write};

const UGLY: &str =
    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Result\":1.50,\"End\":true}}}";
const PRETTY: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Result\": 1.50,\n      \"End\": true\n    }\n  }\n}\n";
const UGLY_YAML: &str = "StartAt: A\nStates: {A: {Type: Pass, Result: ['x', 2], End: yes}}\n";
const PRETTY_YAML: &str =
    "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      - x\n      - 2\n    End: \"yes\"\n";

fn run(args: &[&str], dir: &Path) -> Output {
    common::run("fmt", args, dir)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn check_exits_1_and_lists_files_that_would_change_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ugly.asl.json", UGLY);
    write(dir.path(), "pretty.asl.json", PRETTY);
    let out = run(&["--check", "ugly.asl.json", "pretty.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "would reformat ugly.asl.json\n");
    assert!(stderr(&out).contains("1 file would be reformatted, 1 already formatted"));
    assert_eq!(read(dir.path(), "ugly.asl.json"), UGLY);

    let out = run(&["--check", "pretty.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn fmt_rewrites_in_canonical_form_and_leaves_formatted_files_untouched() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ugly.asl.json", UGLY);
    write(dir.path(), "pretty.asl.json", PRETTY);
    let pretty_path = dir.path().join("pretty.asl.json");
    let old_time = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&pretty_path)
        .unwrap()
        .set_modified(old_time)
        .unwrap();

    let out = run(&["ugly.asl.json", "pretty.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "reformatted ugly.asl.json\n");
    assert_eq!(read(dir.path(), "ugly.asl.json"), PRETTY);
    assert_eq!(read(dir.path(), "pretty.asl.json"), PRETTY);
    let mtime = std::fs::metadata(&pretty_path).unwrap().modified().unwrap();
    assert_eq!(mtime, old_time, "an unchanged file is not rewritten");

    // Formatting twice changes nothing more.
    let out = run(&["--check", "ugly.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn yaml_stays_yaml_and_yaml_with_comments_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flow.asl.yaml", UGLY_YAML);
    let commented = "# keep me\nStartAt: A\nStates: {A: {Type: Succeed}}\n";
    write(dir.path(), "commented.asl.yaml", commented);

    let out = run(&["flow.asl.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "flow.asl.yaml"), PRETTY_YAML);

    let out = run(&["commented.asl.yaml", "flow.asl.yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("commented.asl.yaml:1:1: the YAML file has comments"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "commented.asl.yaml"), commented);
}

#[test]
fn folders_are_searched_recursively_for_state_machines_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "flows/a.asl.json", UGLY);
    write(dir.path(), "flows/nested/b.yml", UGLY_YAML);
    write(dir.path(), "flows/nested/c.asl", UGLY);
    let package = "{\"name\":\"not-a-workflow\"}";
    write(dir.path(), "flows/package.json", package);
    write(dir.path(), "flows/.hidden/d.asl.json", UGLY);
    write(dir.path(), "flows/notes.txt", UGLY);

    let out = run(&["--check", "flows"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sep = std::path::MAIN_SEPARATOR;
    assert_eq!(
        stdout(&out),
        format!(
            "would reformat flows{sep}a.asl.json\nwould reformat flows{sep}nested{sep}b.yml\nwould reformat flows{sep}nested{sep}c.asl\n"
        )
    );
    let out = run(&["flows"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "flows/a.asl.json"), PRETTY);
    assert_eq!(read(dir.path(), "flows/nested/b.yml"), PRETTY_YAML);
    assert_eq!(read(dir.path(), "flows/nested/c.asl"), PRETTY);
    assert_eq!(read(dir.path(), "flows/package.json"), package);
    assert_eq!(read(dir.path(), "flows/.hidden/d.asl.json"), UGLY);
    assert_eq!(read(dir.path(), "flows/notes.txt"), UGLY);
}

#[test]
fn unreadable_and_broken_files_exit_2_after_formatting_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.asl.json", "{\n  \"StartAt\": \"A\",\n");
    write(dir.path(), "ugly.asl.json", UGLY);
    let out = run(
        &["missing.asl.json", "broken.asl.json", "ugly.asl.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("missing.asl.json: cannot read the file"),
        "{err}"
    );
    assert!(err.contains("broken.asl.json:1:1"), "{err}");
    assert!(err.contains("2 files could not be formatted"), "{err}");
    assert_eq!(read(dir.path(), "ugly.asl.json"), PRETTY);

    // No path at all is a usage error.
    let out = run(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn crlf_files_keep_their_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "win.asl.json",
        "{\r\n\"StartAt\":\"A\",\r\n\"States\":{}}",
    );
    let out = run(&["win.asl.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "win.asl.json"),
        "{\r\n  \"StartAt\": \"A\",\r\n  \"States\": {}\r\n}\r\n"
    );
}
