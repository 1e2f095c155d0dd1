//! Comparing with another version in the designer (View > Compare with…): the Changes list names
//! each change, a click selects its state, the inspector shows old and new values, removed states
//! are ghosts on the canvas, and the comparison follows edits.

use std::path::Path;
use std::process::Command;

use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use statecraft::ui::settings::SideTab;
use statecraft_asl::graph::NodeId;

use crate::harness::{click_state, designer, designer_on, has_state, selected, temp_file, Start};

const CHAIN: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Wait\",\n      \"Seconds\": 5,\n      \"End\": true\n    }\n  }\n}\n";

fn git(folder: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(folder)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn command_shift() -> Modifiers {
    Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    }
}

/// Opens View > Compare with… from the menu.
fn open_compare_dialog(harness: &mut egui_kittest::Harness<'_, statecraft::ui::App>) {
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Compare with…").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().modal().map(|m| m.title()).as_deref(),
        Some("Compare with")
    );
}

#[test]
fn compare_with_head_after_an_edit_names_it_and_a_click_selects_the_state() {
    let (dir, path) = temp_file("chain.asl.json", CHAIN);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "chain.asl.json"]);
    git(dir.path(), &["commit", "-q", "-m", "first"]);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    // The edit: B's Pass gets a Result, in the inspector's own form of the document.
    harness
        .state_mut()
        .apply_edit(&statecraft_asl::edit::Edit::SetField {
            pointer: "/States/B".into(),
            key: "Result".into(),
            value: serde_json::json!({"ok": true}),
        });
    harness.run_steps(2);

    open_compare_dialog(&mut harness);
    // HEAD is the default: Enter in the revision field compares with it.
    harness.key_press(Key::Enter);
    harness.run_steps(4);
    assert!(
        harness.state().modal().is_none(),
        "{:?}",
        harness.state().modal()
    );
    assert_eq!(harness.state().settings().side_tab, SideTab::Changes);
    assert!(harness.query_all_by_label("Compared with HEAD").count() > 0);
    harness.get_by_label("Changed B").click();
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("a document");
    assert_eq!(selected(doc), ["/States/B"]);
    // The code view marks the selected state's text.
    let marked = statecraft::ui::panels::code::state_text_range(doc, &NodeId::state("/States/B"))
        .expect("a span");
    assert!(doc.text[marked].starts_with("\"B\""));
    // The inspector shows the old and new values of the selected state.
    harness.key_press_modifiers(command_shift(), Key::I);
    harness.run_steps(2);
    harness.get_by_label("Changed since HEAD.");
    // Field, HEAD's value (none), the value now.
    harness.get_by_label("(none)");
    harness.get_by_label("{\n  \"ok\": true\n}");
}

#[test]
fn removed_states_are_ghosts_and_the_comparison_follows_edits() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Compare with the saved file")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("No changes");

    // Delete B on the canvas: the list says so, and B stays on the canvas as a ghost.
    click_state(&harness, "B");
    harness.run_steps(2);
    harness.key_press(Key::Delete);
    harness.run_steps(3);
    assert!(!crate::harness::text(&harness).contains("\"B\""));
    harness.get_by_label("Removed B (Pass)").click();
    harness.run_steps(2);
    assert!(
        has_state(&harness, "B"),
        "the removed state is drawn as a ghost"
    );
    // Its inspector shows what it was and offers nothing to edit.
    harness.key_press_modifiers(command_shift(), Key::I);
    harness.run_steps(2);
    harness.get_by_label_contains("Removed since the saved file");
    assert!(
        harness.query_by_label("Comment").is_none(),
        "no form for a ghost"
    );
    // Delete with the ghost selected does nothing to the document.
    let before = crate::harness::text(&harness);
    harness.key_press(Key::Delete);
    harness.run_steps(2);
    assert_eq!(crate::harness::text(&harness), before);

    // Undo: the comparison follows, nothing has changed any more.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    harness
        .query_all_by_label("Changes")
        .next()
        .expect("the Changes tab")
        .click();
    harness.run_steps(2);
    harness.get_by_label_contains("No changes");

    // Stop comparing: the canvas shows the workflow on its own.
    harness
        .query_all_by_label("Stop comparing")
        .next()
        .expect("a way out")
        .click();
    harness.run_steps(2);
    assert!(harness
        .state()
        .active_document()
        .is_some_and(|d| d.compare.is_none()));
    harness.get_by_label("Not comparing.");
}

#[test]
fn a_revision_git_cannot_give_is_explained_in_the_dialog() {
    // A file outside any repository.
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN);
    harness.key_press_modifiers(command_shift(), Key::D);
    harness.run_steps(2);
    harness.get_by_label("Compare with revision").click();
    harness.run_steps(4);
    assert_eq!(
        harness.state().modal().map(|m| m.title()).as_deref(),
        Some("Compare with"),
        "the dialog stays, with the reason"
    );
    harness.get_by_label_contains("Git cannot give HEAD:chain.asl.json");
    assert!(harness
        .state()
        .active_document()
        .is_some_and(|d| d.compare.is_none()));
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
}

#[test]
fn another_file_is_compared_with_and_a_new_document_has_no_revision() {
    let (_other_dir, other) = temp_file(
        "other.asl.json",
        &CHAIN.replace("\"Seconds\": 5", "\"Seconds\": 30"),
    );
    let start = Start::default();
    *start.dialogs.open.lock().expect("lock") = Some(other);
    let mut harness = designer(Start {
        open: Vec::new(),
        ..start
    });
    // The bundled example has no file: git has no version of it.
    harness.key_press_modifiers(command_shift(), Key::D);
    harness.run_steps(2);
    assert!(harness
        .get_by_label("Compare with revision")
        .accesskit_node()
        .is_disabled());
    harness.get_by_label("Another file…").click();
    harness.run_steps(3);
    assert!(harness.state().modal().is_none());
    assert!(
        harness
            .query_all_by_label("Compared with other.asl.json")
            .count()
            > 0
    );
}

#[test]
fn a_command_sent_for_a_document_reaches_it_after_a_tab_switch_and_waits_for_dialogs() {
    let (_a_dir, a) = temp_file("a.asl.json", CHAIN);
    let (_b_dir, b) = temp_file("b.asl.json", CHAIN);
    let mut harness = designer(Start {
        open: vec![a, b],
        ..Start::default()
    });
    let ids: Vec<_> = harness.state().documents().iter().map(|d| d.id).collect();
    assert_eq!(
        harness.state().active_document().map(|d| d.id),
        Some(ids[1])
    );
    // A dialog is open: the command waits for it.
    harness.key_press(Key::F1);
    harness.run_steps(2);
    assert!(harness.state().modal().is_some());
    harness.state().command_sender().send(
        ids[0],
        statecraft::ui::command::Command::Compare(statecraft::ui::compare::Baseline::Saved),
    );
    harness.run_steps(2);
    assert!(
        harness.state().documents()[0].compare.is_none(),
        "held while the dialog is open"
    );
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(harness.state().modal().is_none());
    let docs = harness.state().documents();
    assert!(
        docs[0].compare.is_some(),
        "applied to the document it was for"
    );
    assert!(docs[1].compare.is_none());
    assert_eq!(
        harness.state().active_document().map(|d| d.id),
        Some(ids[1]),
        "the user's tab stays active"
    );
}
