//! The Tests tab: the open workflow's tests run on its text as it is (unsaved edits included),
//! failures explained, a failing test's run replayed on the canvas, coverage painted.

use std::path::Path;

use egui_kittest::kittest::Queryable as _;

use crate::harness::{designer, Start};

/// The human-approval template, its mocks and its tests, copied into a fresh folder; the
/// definition's path.
fn template_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    for name in [
        "human-approval.asl.json",
        "human-approval.mocks.json",
        "human-approval.tests.yaml",
    ] {
        std::fs::copy(templates.join(name), dir.path().join(name)).expect("copy");
    }
    let path = dir.path().join("human-approval.asl.json");
    (dir, path)
}

fn run_all(harness: &mut egui_kittest::Harness<'_, statecraft::ui::App>) {
    harness.get_by_label("Run all tests").click();
    for _ in 0..6 {
        harness.step();
        if harness
            .state()
            .active_document()
            .is_some_and(|d| d.tests.last.is_some() && !d.tests.is_running())
        {
            break;
        }
    }
    harness.run_steps(2);
}

#[test]
fn the_tests_run_on_the_edited_text_and_a_failure_shows_its_run() {
    let (_dir, path) = template_copy();
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness.get_by_label("Tests").click();
    harness.run_steps(2);
    run_all(&mut harness);
    harness.get_by_label_contains("5 passed, 0 failed");

    // Coverage on the canvas.
    harness.get_by_label("Show coverage").click();
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    assert!(doc.tests.show_coverage);
    assert!(doc
        .tests
        .last
        .as_ref()
        .is_some_and(|l| l.coverage.is_some()));

    // An edit not saved yet: the Choice looks for another word, so approved claims are rejected.
    assert!(doc.text.contains("\"StringEquals\": \"APPROVED\""));
    harness
        .state_mut()
        .apply_edit(&statecraft_asl::edit::Edit::SetField {
            pointer: "/States/Approved?/Choices/0".into(),
            key: "StringEquals".into(),
            value: serde_json::json!("OK"),
        });
    harness.run_steps(2);
    harness.get_by_label_contains("The workflow changed since these results");
    run_all(&mut harness);
    harness.get_by_label_contains("2 passed, 3 failed");
    harness.get_by_label_contains("where \"Pay claim\" was expected");

    // The first failing test's run, on the canvas, at the event where it parted.
    harness
        .query_all_by_label("Show run")
        .next()
        .expect("a run to show")
        .click();
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    let run = doc.run.as_ref().expect("the test's run is shown");
    assert!(
        run.cursor < run.events.len(),
        "at the event that parted, not the end"
    );
    let event = &run.events[run.cursor - 1];
    assert_eq!(event["type"], "TaskStateEntered");
    assert!(!doc.tests.show_coverage, "the run took the canvas");
}

#[test]
fn a_workflow_without_tests_says_how_to_write_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lonely.asl.json");
    std::fs::write(
        &path,
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
    )
    .expect("write");
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness.get_by_label("Tests").click();
    harness.run_steps(2);
    harness.get_by_label("No tests beside lonely.asl.json.");
    harness.get_by_label_contains("Write lonely.tests.yaml beside it");
}
