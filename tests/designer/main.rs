//! Designer tests: the real app in egui_kittest (no GPU, no display), driven by role and label,
//! asserting on the document and the file on disk.

mod compare;
mod harness;
mod runs;
mod tests_tab;

use eframe::egui::{self, Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use harness::{
    click_state, corpus_copy, designer, designer_on, has_state, put_code_cursor, selected,
    temp_file, text, Start,
};
use statecraft::ui::app::Modal;
use statecraft_asl::graph::NodeId;

const PARALLEL_AND_MAP: &str =
    "aws-samples__step-functions-workflows-collection__data-processing__sam__statemachine__statemachine.asl.json";

const SMALL: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"End\": true\n    }\n  }\n}\n";

fn command_shift() -> Modifiers {
    Modifiers {
        shift: true,
        ..Modifiers::COMMAND
    }
}

#[test]
fn a_corpus_file_opens_with_every_state_findable_by_its_label() {
    let (_dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    let app = harness.state();
    assert_eq!(app.documents().len(), 1);
    let graph = app
        .active_document()
        .and_then(|d| d.graph())
        .expect("drawn");
    let names: Vec<String> = graph.states().map(|n| n.name.clone()).collect();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        assert!(
            has_state(&harness, name),
            "state {name} is not on the canvas"
        );
    }
    assert!(app.window_title().contains(PARALLEL_AND_MAP));
    assert!(app.window_title().ends_with("Statecraft"));
}

#[test]
fn selecting_on_the_canvas_marks_the_code_and_the_cursor_selects_on_the_canvas() {
    let (_dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    click_state(&harness, "DetectLabels");
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    let id = "/States/IterateS3Objects/Iterator/States/Parallel/Branches/1/States/DetectLabels";
    assert_eq!(selected(doc), [id]);
    let marked =
        statecraft::ui::panels::code::state_text_range(doc, &NodeId::state(id)).expect("a span");
    assert!(doc.text[marked.clone()].starts_with("\"DetectLabels\""));

    // The other way: the cursor inside another state's text selects that state.
    let offset = doc.text.find("\"Type\": \"Task\"").expect("a task");
    put_code_cursor(&mut harness, offset);
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    assert_eq!(
        selected(doc),
        ["/States/IterateS3Objects/Iterator/States/Parallel/Branches/0/States/GetObjectAttributes"]
    );
}

#[test]
fn typing_in_the_code_changes_the_graph_and_undo_redo_restore_it() {
    let (_dir, mut harness) = designer_on("small.asl.json", SMALL);
    assert!(!has_state(&harness, "B"));
    let after_states = SMALL.find("\"States\": {").expect("States") + "\"States\": {".len();
    put_code_cursor(&mut harness, after_states);
    harness
        .get_by_label("Code editor")
        .type_text("\n    \"B\": {\"Type\": \"Succeed\"},");
    harness.run_steps(2);
    assert!(has_state(&harness, "B"), "the typed state is drawn");
    let typed = text(&harness);
    assert!(typed.contains("\"B\": {\"Type\": \"Succeed\"},"));
    assert_eq!(
        typed.len(),
        SMALL.len() + "\n    \"B\": {\"Type\": \"Succeed\"},".len()
    );

    undo(&mut harness);
    assert_eq!(text(&harness), SMALL, "undo gives the text back");
    assert!(!has_state(&harness, "B"));

    harness.key_press_modifiers(command_shift(), Key::Z);
    harness.run_steps(2);
    assert_eq!(text(&harness), typed, "Ctrl+Shift+Z redoes");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run_steps(2);
    assert_eq!(text(&harness), typed, "Ctrl+Y redoes too");
}

#[test]
fn invalid_text_keeps_the_drawing_under_a_banner_and_the_text_as_typed() {
    let (_dir, mut harness) = designer_on("small.asl.json", SMALL);
    put_code_cursor(&mut harness, 1);
    harness.get_by_label("Code editor").type_text("}}} oops");
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    assert!(doc.analysis.parse_problem.is_some());
    assert!(
        doc.text.starts_with("{}}} oops\n  \"StartAt\""),
        "{}",
        doc.text
    );
    assert!(
        doc.analysis.diagram.is_some(),
        "the last good drawing is kept"
    );
    assert!(has_state(&harness, "A"), "and still drawn");
    // get_by_* panics when nothing matches: the banner names the place and keeps the text.
    harness.get_by_label_contains("The text does not parse at line 1, column");
    harness.get_by_label_contains("your text is kept as typed");
    harness.get_by_label("1 error");
}

#[test]
fn save_writes_exactly_the_typed_change_atomically() {
    let (dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let original = std::fs::read_to_string(&path).expect("read");
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    let at = original.find("\"ObjectSize\"").expect("a value") + 1;
    put_code_cursor(&mut harness, at);
    harness.get_by_label("Code editor").type_text("Total");
    harness.run_steps(2);
    assert!(
        harness.state().window_title().starts_with('\u{25cf}'),
        "unsaved marker"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    let expected = format!("{}Total{}", &original[..at], &original[at..]);
    assert_eq!(
        saved, expected,
        "the file is the original plus the typed word"
    );
    let changed = changed_lines(&original, &saved);
    assert_eq!(changed.len(), 1, "a one-line diff");
    assert!(!harness.state().window_title().starts_with('\u{25cf}'));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left");
}

#[test]
fn save_as_asks_for_a_path_for_a_new_document() {
    let dialogs = harness::ScriptedDialogs::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("new.asl.json");
    let mut harness = designer(Start {
        dialogs: dialogs.clone(),
        ..Start::default()
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run_steps(2);
    assert_eq!(
        harness.state().documents().len(),
        2,
        "example and the new one"
    );
    *dialogs.save_to.lock().expect("lock") = Some(target.clone());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&target).expect("saved");
    assert_eq!(saved, text(&harness));
    assert!(harness.state().window_title().contains("new.asl.json"));
}

#[test]
fn closing_an_edited_document_asks_first() {
    let (_dir, mut harness) = designer_on("small.asl.json", SMALL);
    put_code_cursor(&mut harness, 1);
    harness.get_by_label("Code editor").type_text(" ");
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::Unsaved { .. })
    ));
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    assert_eq!(harness.state().documents().len(), 1, "nothing was closed");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    harness.run_steps(2);
    harness.get_by_label("Don't save").click();
    harness.run_steps(2);
    assert!(harness.state().documents().is_empty());
}

/// Steps frames (with short sleeps, for the watcher's thread) until `done` or five seconds.
fn step_until(
    harness: &mut egui_kittest::Harness<'_, statecraft::ui::App>,
    done: impl Fn(&statecraft::ui::App) -> bool,
) -> bool {
    for _ in 0..100 {
        harness.step();
        if done(harness.state()) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

#[test]
fn an_outside_change_reloads_an_unedited_file_and_asks_about_an_edited_one() {
    let (_dir, path) = temp_file("small.asl.json", SMALL);
    let mut harness = designer(Start {
        open: vec![path.clone()],
        watch: true,
        ..Start::default()
    });
    let changed = SMALL
        .replace("\"Pass\"", "\"Succeed\"")
        .replace(",\n      \"End\": true", "");
    std::fs::write(&path, &changed).expect("write");
    assert!(
        step_until(&mut harness, |app| app
            .active_document()
            .is_some_and(|d| d.text == changed)),
        "an unedited document is reloaded silently"
    );
    assert!(harness.state().modal().is_none());

    put_code_cursor(&mut harness, 1);
    harness.get_by_label("Code editor").type_text(" ");
    harness.run_steps(2);
    std::fs::write(&path, SMALL).expect("write");
    assert!(
        step_until(&mut harness, |app| matches!(
            app.modal(),
            Some(Modal::ExternalChange(_))
        )),
        "an edited document asks"
    );
    harness.get_by_label("Reload from disk").click_accesskit();
    harness.run_steps(2);
    assert_eq!(text(&harness), SMALL);
}

#[test]
fn a_leftover_recovery_file_is_offered_at_start() {
    let data = tempfile::tempdir().expect("temp dir");
    let recovery = statecraft::ui::files::Recovery {
        pid: 999_999_999,
        path: None,
        yaml: false,
        text: SMALL.replace("\"A\"", "\"Recovered\""),
    };
    statecraft::ui::files::write_recovery(
        &statecraft::ui::files::recovery_dir(data.path()).join("999999999-1.json"),
        &recovery,
    )
    .expect("write");
    let mut harness = designer(Start {
        data_dir: Some(data.path().to_path_buf()),
        ..Start::default()
    });
    assert!(matches!(harness.state().modal(), Some(Modal::Recover(_))));
    harness.get_by_label("Recover").click();
    harness.run_steps(3);
    assert!(has_state(&harness, "Recovered"));
    assert!(harness
        .state()
        .active_document()
        .is_some_and(|d| d.is_dirty()));
    assert!(statecraft::ui::files::leftover_recoveries(data.path()).is_empty());
}

#[test]
fn a_recovery_file_that_cannot_be_written_is_reported_once() {
    // The data folder is a file: no recovery folder can be made in it.
    let data = tempfile::tempdir().expect("temp dir");
    let blocked = data.path().join("not-a-folder");
    std::fs::write(&blocked, "x").expect("write");
    let (_dir, path) = temp_file("small.asl.json", SMALL);
    let mut harness = designer(Start {
        open: vec![path],
        data_dir: Some(blocked),
        ..Start::default()
    });
    put_code_cursor(&mut harness, 1);
    harness.get_by_label("Code editor").type_text(" ");
    harness.run_steps(2);
    let said = |harness: &egui_kittest::Harness<'_, statecraft::ui::App>| {
        harness
            .state()
            .notifications()
            .items()
            .iter()
            .filter(|n| n.text.contains("cannot be written to a recovery file"))
            .count()
    };
    for _ in 0..80 {
        harness.step();
        if said(&harness) > 0 {
            break;
        }
    }
    assert_eq!(said(&harness), 1, "the failure is said");
    // Typing on, the autosave fails again: it is not said again.
    harness.get_by_label("Code editor").type_text(" ");
    harness.run_steps(40);
    assert_eq!(said(&harness), 1, "said once");
}

#[test]
fn unsaved_work_is_written_to_a_recovery_file() {
    let data = tempfile::tempdir().expect("temp dir");
    let (_dir, path) = temp_file("small.asl.json", SMALL);
    let mut harness = designer(Start {
        open: vec![path],
        data_dir: Some(data.path().to_path_buf()),
        ..Start::default()
    });
    put_code_cursor(&mut harness, 1);
    harness.get_by_label("Code editor").type_text(" ");
    harness.run_steps(2);
    // Frames carry on until the autosave is due (the app asks to be woken for it).
    let dir = statecraft::ui::files::recovery_dir(data.path());
    let mut found = false;
    for _ in 0..80 {
        harness.step();
        if std::fs::read_dir(&dir).is_ok_and(|d| d.count() > 0) {
            found = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        found,
        "a recovery file is written while changes are unsaved"
    );
}

#[test]
fn bad_files_get_a_dialog_and_the_app_stays_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_utf8 = dir.path().join("latin1.asl.json");
    std::fs::write(&not_utf8, b"{\"Comment\": \"caf\xe9\"}").expect("write");
    let big = dir.path().join("big.asl.json");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(50 * 1024 * 1024))
        .expect("big");
    let mut harness = designer(Start::default());
    for (path, words) in [(&not_utf8, "not valid UTF-8"), (&big, "52.4 MB")] {
        harness
            .state_mut()
            .push_command(statecraft::ui::command::Command::OpenPath(path.clone()));
        harness.run_steps(2);
        match harness.state().modal() {
            Some(Modal::OpenFailed(err)) => {
                assert!(err.what.contains(words), "{}", err.what);
                assert_eq!(&err.path, path);
            }
            other => panic!("expected an open error, got {other:?}"),
        }
        harness.get_by_label("OK").click_accesskit();
        harness.run_steps(2);
        assert!(harness.state().modal().is_none(), "OK closes the dialog");
        assert_eq!(
            harness.state().documents().len(),
            1,
            "the example is still open"
        );
    }
}

#[test]
fn find_selects_a_state_by_a_fuzzy_name() {
    let (_dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run_steps(2);
    harness.get_by_label("Find state name").type_text("dtctlbl");
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    let doc = harness.state().active_document().expect("open");
    assert_eq!(doc.view.selection.len(), 1);
    assert!(doc
        .view
        .selection
        .iter()
        .all(|id| id.pointer().is_some_and(|p| p.ends_with("/DetectLabels"))));
}

#[test]
fn the_command_palette_runs_a_command() {
    let mut harness = designer(Start::default());
    assert!(harness.state().settings().show_problems);
    harness.key_press_modifiers(command_shift(), Key::P);
    harness.run_steps(2);
    harness
        .get_by_label("Command to run")
        .type_text("show problems");
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert!(!harness.state().settings().show_problems);
}

#[test]
fn the_command_palette_ranks_commands_named_by_the_words_first() {
    // Every theme's description mentions "light"; the one named so is the one chosen.
    let mut harness = designer(Start::default());
    harness.key_press_modifiers(command_shift(), Key::P);
    harness.run_steps(2);
    harness
        .get_by_label("Command to run")
        .type_text("theme light");
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert_eq!(
        harness.state().settings().theme,
        statecraft::ui::settings::ThemeChoice::Light
    );
}

#[test]
fn the_edit_menu_names_the_step_to_undo() {
    let (_dir, mut harness) = designer_on("small.asl.json", SMALL);
    harness
        .state_mut()
        .apply_edit(&statecraft_asl::edit::Edit::RenameState {
            scope: String::new(),
            from: "A".into(),
            to: "Done".into(),
        });
    harness.run_steps(2);
    assert!(has_state(&harness, "Done"));
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Undo Rename state A to Done")
        .click();
    harness.run_steps(2);
    assert_eq!(text(&harness), SMALL);
}

#[test]
fn containers_collapse_and_expand_as_view_state() {
    let (_dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    let before = text(&harness);
    assert!(has_state(&harness, "DetectLabels"));
    harness.get_by_label("Collapse IterateS3Objects").click();
    harness.run_steps(3);
    assert!(!has_state(&harness, "DetectLabels"), "folded away");
    assert!(has_state(&harness, "IterateS3Objects"));
    assert_eq!(text(&harness), before, "the file is not touched");
    harness.get_by_label("Expand IterateS3Objects").click();
    harness.run_steps(3);
    assert!(has_state(&harness, "DetectLabels"));
}

#[test]
fn nothing_repaints_while_idle() {
    let (_dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness.run();
    harness.step();
    assert!(
        !harness.ctx.has_requested_repaint(),
        "an idle designer asks for no frame"
    );
}

#[test]
fn export_writes_the_same_picture_as_the_command_line() {
    let dialogs = harness::ScriptedDialogs::default();
    let (dir, path) = corpus_copy(PARALLEL_AND_MAP);
    let mut harness = designer(Start {
        open: vec![path.clone()],
        dialogs: dialogs.clone(),
        ..Start::default()
    });
    for (kind, start) in [
        (statecraft::ui::command::ExportKind::Svg, "<svg"),
        (statecraft::ui::command::ExportKind::Mermaid, "flowchart"),
        (statecraft::ui::command::ExportKind::Html, "<!DOCTYPE html>"),
    ] {
        let target = dir.path().join(format!("out.{}", kind.extension()));
        *dialogs.save_to.lock().expect("lock") = Some(target.clone());
        harness
            .state_mut()
            .push_command(statecraft::ui::command::Command::Export(kind));
        harness.run_steps(2);
        let written = std::fs::read_to_string(&target).expect("exported");
        assert!(
            written.trim_start().starts_with(start),
            "{kind:?}: {}",
            &written[..80.min(written.len())]
        );
        assert!(written.contains("DetectLabels"));
    }
    let png = dir.path().join("out.png");
    *dialogs.save_to.lock().expect("lock") = Some(png.clone());
    harness
        .state_mut()
        .push_command(statecraft::ui::command::Command::Export(
            statecraft::ui::command::ExportKind::Png,
        ));
    harness.run_steps(2);
    let bytes = std::fs::read(&png).expect("png");
    assert!(bytes.starts_with(b"\x89PNG"));
    assert!(harness.state().modal().is_none());
}

#[test]
fn clicking_a_problem_selects_its_state_and_puts_the_cursor_there() {
    let text = "{\n  \"StartAt\": \"Charge\",\n  \"States\": {\n    \"Charge\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n      \"Parameters\": {\"FunctionName\": \"Charge\"},\n      \"End\": true\n    }\n  }\n}\n";
    let (_dir, mut harness) = designer_on("warn.asl.json", text);
    harness.get_by_label("0 errors");
    harness.get_by_label("1 warning");
    harness.get_by_label_contains("warning[SC9002]").click();
    harness.run_steps(3);
    let doc = harness.state().active_document().expect("open");
    assert_eq!(selected(doc), ["/States/Charge"]);
    assert!(harness.get_by_label("Code editor").is_focused());
    let problem = &doc.analysis.diagnostics[0];
    let expected = statecraft::ui::panels::problems::offset_of(
        &doc.text,
        problem.position.line,
        problem.position.column,
    );
    let editor = statecraft::ui::panels::code::code_editor_id(doc);
    let cursor = egui::TextEdit::load_state(&harness.ctx, editor)
        .and_then(|s| s.cursor.char_range())
        .expect("the editor has a cursor");
    assert_eq!(cursor.primary.index, doc.text[..expected].chars().count());
    assert!(
        expected > 0,
        "the problem is inside the state, not at the start"
    );
}

#[test]
fn the_template_gallery_creates_the_chosen_workflow() {
    let mut harness = designer(Start::default());
    let before = harness.state().documents().len();
    harness.key_press_modifiers(command_shift(), Key::N);
    harness.run_steps(2);
    assert_eq!(
        harness.state().modal().map(|m| m.title()).as_deref(),
        Some("New from template")
    );
    // Every template is listed; the arrow keys move the choice, Enter creates it.
    let templates = statecraft::ui::templates::TEMPLATES;
    for t in templates {
        assert!(
            harness.get_all_by_label(t.title).next().is_some(),
            "{} is listed",
            t.title
        );
    }
    harness.key_press(Key::ArrowDown);
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.state().modal().is_none());
    assert_eq!(harness.state().documents().len(), before + 1);
    let doc = harness.state().active_document().expect("a new document");
    assert_eq!(doc.text, templates[1].text);
    assert!(doc.path.is_none(), "a new document has no file until saved");
    assert!(
        doc.title().contains(templates[1].file_name),
        "{}",
        doc.title()
    );
    // Escape closes the gallery without creating anything.
    harness.key_press_modifiers(command_shift(), Key::N);
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    assert_eq!(harness.state().documents().len(), before + 1);
}

#[test]
fn the_inspector_changes_one_retry_field_as_a_one_line_diff() {
    let name = "aws-samples__aws-stepfunctions-examples__sam__app-order-management__statemachines__ship-order.asl.json";
    let (_dir, path) = corpus_copy(name);
    let original = std::fs::read_to_string(&path).expect("read");
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    inspect(&mut harness, "Get Customer Status");
    let field = harness.get_by_label("Retrier 1 Max attempts (MaxAttempts)");
    field.click();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Retrier 1 Max attempts (MaxAttempts)")
        .type_text("4");
    // Its jitter is named as its neighbours are (shown as plain "Jitter").
    harness.get_by_label("Retrier 1 Jitter (JitterStrategy)");
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    let doc = harness.state().active_document().expect("open");
    assert_eq!(
        doc.history.undo_label(),
        Some("Set Retry 1 \u{203a} MaxAttempts of Get Customer Status")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    let changed = changed_lines(&original, &saved);
    assert_eq!(
        changed,
        [(
            "            \"MaxAttempts\": 6,",
            "            \"MaxAttempts\": 4,"
        )],
        "one line changed"
    );
    assert_eq!(original.lines().count(), saved.lines().count());
    // Undo brings the file's text back.
    undo(&mut harness);
    assert_eq!(text(&harness), original);
}

#[test]
fn the_inspector_builds_a_choice_rule_with_and_undone_and_redone() {
    let text = "{\n  \"StartAt\": \"Check\",\n  \"States\": {\n    \"Check\": {\n      \"Type\": \"Choice\",\n      \"Choices\": [\n        {\n          \"Variable\": \"$.total\",\n          \"NumericGreaterThan\": 100,\n          \"Next\": \"Big\"\n        }\n      ],\n      \"Default\": \"Small\"\n    },\n    \"Big\": {\"Type\": \"Succeed\"},\n    \"Small\": {\"Type\": \"Succeed\"}\n  }\n}\n";
    let (_dir, mut harness) = designer_on("choice.asl.json", text);
    inspect(&mut harness, "Check");
    harness.get_by_label("Rule 1: wrap in And").click();
    harness.run_steps(2);
    harness.get_by_label("Rule 1: add a condition").click();
    harness.run_steps(2);
    let rule = |harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>| {
        let doc = harness.state().active_document().expect("open");
        doc.analysis
            .document
            .as_ref()
            .expect("parses")
            .to_value()
            .pointer("/States/Check/Choices/0")
            .cloned()
            .expect("a rule")
    };
    let built = serde_json::json!({
        "And": [
            {"Variable": "$.total", "NumericGreaterThan": 100},
            {"Variable": "$.value", "StringEquals": "yes"}
        ],
        "Next": "Big"
    });
    assert_eq!(rule(&harness), built);
    let doc = harness.state().active_document().expect("open");
    assert!(
        doc.analysis.diagnostics.is_empty(),
        "the built rule is valid: {:?}",
        doc.analysis.diagnostics
    );
    // Two steps: both undone give the original text back, both redone the built rule.
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run_steps(2);
    }
    assert_eq!(self::text(&harness), text);
    for _ in 0..2 {
        harness.key_press_modifiers(command_shift(), Key::Z);
        harness.run_steps(2);
    }
    assert_eq!(rule(&harness), built);
}

const CHAIN: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n";

/// The active document's definition as JSON.
fn definition(harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>) -> serde_json::Value {
    let doc = harness.state().active_document().expect("open");
    doc.analysis.document.as_ref().expect("parses").to_value()
}

#[test]
fn delete_removes_a_state_and_reconnects_its_neighbours() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN);
    click_state(&harness, "B");
    harness.run_steps(2);
    harness.key_press(Key::Delete);
    harness.run_steps(2);
    let value = definition(&harness);
    assert!(value["States"].get("B").is_none(), "B is gone");
    assert_eq!(value["States"]["A"]["Next"], "C", "A now goes where B went");
    assert!(!has_state(&harness, "B"));
    assert!(harness
        .state()
        .active_document()
        .unwrap()
        .history
        .undo_label()
        .is_some());
    undo(&mut harness);
    assert_eq!(text(&harness), CHAIN);
}

#[test]
fn rename_with_f2_updates_every_reference_and_refuses_a_taken_name() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN);
    click_state(&harness, "B");
    harness.run_steps(2);
    harness.key_press(Key::F2);
    harness.run_steps(2);
    assert_eq!(
        harness.state().modal().map(|m| m.title()).as_deref(),
        Some("Rename state")
    );
    // A name another state has is refused, with the reason; the dialog stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("New state name").type_text("C");
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    assert!(harness.state().modal().is_some(), "the dialog stays open");
    assert_eq!(text(&harness), CHAIN, "nothing changed");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("New state name")
        .type_text("Check stock");
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.state().modal().is_none());
    let value = definition(&harness);
    assert_eq!(value["States"]["A"]["Next"], "Check stock");
    assert_eq!(value["States"]["Check stock"]["Next"], "C");
    assert!(has_state(&harness, "Check stock"));
    let doc = harness.state().active_document().expect("open");
    assert_eq!(selected(doc), ["/States/Check stock"], "still selected");
}

#[test]
fn duplicate_and_copy_paste_give_states_new_names() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN);
    click_state(&harness, "C");
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run_steps(2);
    assert!(
        definition(&harness)["States"].get("C 2").is_some(),
        "a copy"
    );
    // Copy A, then paste it: a third name.
    click_state(&harness, "A");
    harness.run_steps(2);
    harness.event(egui::Event::Copy);
    let mut copied = String::new();
    for _ in 0..3 {
        harness.step();
        for command in &harness.output().platform_output.commands {
            if let egui::OutputCommand::CopyText(text) = command {
                copied.clone_from(text);
            }
        }
    }
    assert!(
        copied.contains("\"A\""),
        "the clipboard holds ASL JSON: {copied}"
    );
    harness.event(egui::Event::Paste(copied));
    harness.run_steps(2);
    assert!(
        definition(&harness)["States"].get("A 2").is_some(),
        "pasted under a new name"
    );
}

const SHIP_ORDER: &str =
    "aws-samples__aws-stepfunctions-examples__sam__app-order-management__statemachines__ship-order.asl.json";

/// The screen point in the middle of the drawn arrow from one state to another.
fn arrow_middle(
    harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>,
    from: &str,
    to: &str,
) -> egui::Pos2 {
    let app = harness.state();
    let doc = app.active_document().expect("open");
    let diagram = doc.analysis.diagram.as_ref().expect("drawn");
    let edge = diagram
        .edges
        .iter()
        .find(|e| {
            e.from == NodeId::state(format!("/States/{from}"))
                && e.to == NodeId::state(format!("/States/{to}"))
        })
        .expect("the arrow is drawn");
    let (a, b) = (
        &edge.points[edge.points.len() / 2 - 1],
        &edge.points[edge.points.len() / 2],
    );
    let middle = egui::pos2((a.x_px + b.x_px) / 2.0, (a.y_px + b.y_px) / 2.0);
    let canvas = app.canvas_rect().expect("the canvas is drawn");
    doc.view.camera.to_screen(canvas, middle)
}

/// The designer on a copy of the ship-order workflow with the palette shown; the arrow target
/// and the centre of the palette entry `entry`.
fn palette_drag_setup(
    entry: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    egui_kittest::Harness<'static, statecraft::ui::app::App>,
    egui::Pos2,
    egui::Pos2,
) {
    let (dir, path) = corpus_copy(SHIP_ORDER);
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    harness.key_press_modifiers(command_shift(), Key::K);
    harness.run_steps(2);
    let target = arrow_middle(&harness, "Get Customer Status", "Do Fraud Check");
    let start = harness
        .get_by_role_and_label(egui::accesskit::Role::Button, entry)
        .rect()
        .center();
    (dir, path, harness, target, start)
}

/// The lines that differ between two texts of the same length in lines, pairwise.
fn changed_lines<'t>(before: &'t str, after: &'t str) -> Vec<(&'t str, &'t str)> {
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect()
}

/// Ctrl+Z, and the frames that apply it.
fn undo(harness: &mut egui_kittest::Harness<'_, statecraft::ui::app::App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
}

/// Selects a state on the canvas and shows the inspector.
fn inspect(harness: &mut egui_kittest::Harness<'_, statecraft::ui::app::App>, state: &str) {
    click_state(harness, state);
    harness.run_steps(2);
    harness.key_press_modifiers(command_shift(), Key::I);
    harness.run_steps(2);
}

/// Replaces the text of the inspector field with this accessible label and presses Enter.
fn type_into(
    harness: &mut egui_kittest::Harness<'_, statecraft::ui::app::App>,
    field: &str,
    text: &str,
) {
    harness.get_by_label(field).click();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(field).type_text(text);
    harness.run_steps(1);
    harness.key_press(Key::Enter);
}

/// Clicks the middle of the arrow between two states; returns where.
fn click_arrow(
    harness: &mut egui_kittest::Harness<'_, statecraft::ui::app::App>,
    from: &str,
    to: &str,
) -> egui::Pos2 {
    let arrow = arrow_middle(harness, from, to);
    harness.event(egui::Event::PointerMoved(arrow));
    harness.step();
    harness.event(primary(arrow, true));
    harness.event(primary(arrow, false));
    harness.run_steps(2);
    arrow
}

/// Presses at `start`, moves in steps to `target` and releases there.
fn drag(
    harness: &mut egui_kittest::Harness<'_, statecraft::ui::app::App>,
    start: egui::Pos2,
    target: egui::Pos2,
) {
    harness.event(egui::Event::PointerMoved(start));
    harness.step();
    harness.event(primary(start, true));
    harness.step();
    for step in 1..=4 {
        let t = step as f32 / 4.0;
        harness.event(egui::Event::PointerMoved(start + (target - start) * t));
        harness.step();
    }
    harness.event(primary(target, false));
    harness.run_steps(3);
}

/// The primary button pressed or released at `pos`.
fn primary(pos: egui::Pos2, pressed: bool) -> egui::Event {
    egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

#[test]
fn dragging_a_pass_from_the_palette_onto_an_arrow_inserts_it_there() {
    let (_dir, path, mut harness, target, start) = palette_drag_setup("Pass");
    let original = std::fs::read_to_string(&path).expect("read");
    drag(&mut harness, start, target);
    let value = definition(&harness);
    assert_eq!(value["States"]["Get Customer Status"]["Next"], "Pass");
    assert_eq!(value["States"]["Pass"]["Type"], "Pass");
    assert_eq!(value["States"]["Pass"]["Next"], "Do Fraud Check");
    // Saved, the diff is what a person would have typed.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    let diff = similar::TextDiff::from_lines(&original, &saved);
    let removed: Vec<&str> = diff
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Delete)
        .map(|c| c.value().trim())
        .collect();
    let added: Vec<&str> = diff
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Insert)
        .map(|c| c.value().trim())
        .collect();
    // The old `"Next": "Do Fraud Check"` line now ends the new state: four lines are added and
    // none removed.
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(
        added,
        [
            "\"Next\": \"Pass\"",
            "},",
            "\"Pass\": {",
            "\"Type\": \"Pass\",",
        ],
        "{saved}"
    );
    // One undo step takes it all back.
    undo(&mut harness);
    assert_eq!(text(&harness), original);
}

#[test]
fn escape_cancels_a_palette_drag() {
    let (_dir, path, mut harness, target, start) = palette_drag_setup("Wait");
    let original = std::fs::read_to_string(&path).expect("read");
    harness.event(egui::Event::PointerMoved(start));
    harness.step();
    harness.event(primary(start, true));
    harness.step();
    harness.event(egui::Event::PointerMoved(target));
    harness.step();
    harness.event(egui::Event::PointerMoved(target + egui::vec2(1.0, 0.0)));
    harness.step();
    harness.key_press(Key::Escape);
    harness.step();
    harness.event(primary(target, false));
    harness.run_steps(2);
    assert_eq!(text(&harness), original, "nothing was added");
}

#[test]
fn a_draft_built_only_by_gestures_validates_and_runs_on_the_simulator() {
    let dialogs = harness::ScriptedDialogs::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("draft.asl.json");
    let mut harness = designer(Start {
        dialogs: dialogs.clone(),
        ..Start::default()
    });
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run_steps(2);
    harness.key_press_modifiers(command_shift(), Key::K);
    harness.run_steps(2);
    // Each click adds the entry after the selected state and selects the new one.
    click_state(&harness, "Start here");
    harness.run_steps(2);
    for entry in ["Wait", "Choice", "Parallel", "Pass"] {
        harness
            .get_by_role_and_label(egui::accesskit::Role::Button, entry)
            .click();
        harness.run_steps(3);
    }
    let doc = harness.state().active_document().expect("open");
    let errors: Vec<_> = doc
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == statecraft_asl::validate::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", doc.text);
    let states = definition(&harness)["States"]
        .as_object()
        .map(|s| s.len())
        .unwrap_or_default();
    assert!(states >= 5, "five states or more: {}", text(&harness));
    *dialogs.save_to.lock().expect("lock") = Some(target.clone());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args([
            "run",
            "--format",
            "json",
            "--input",
            r#"{"approved": false}"#,
        ])
        .arg(&target)
        .output()
        .expect("statecraft runs");
    let result: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&run.stderr));
    });
    assert_eq!(result["status"], "SUCCEEDED", "{result}");
}

const CHAIN4: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"B\"\n    },\n    \"B\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"C\"\n    },\n    \"C\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"D\"\n    },\n    \"D\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n";

/// The screen centre of a state's box.
fn state_centre(
    harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>,
    name: &str,
) -> egui::Pos2 {
    harness
        .get_by(|n| {
            n.role_description() == Some(statecraft::ui::canvas::STATE_ROLE)
                && n.label().as_deref() == Some(name)
        })
        .rect()
        .center()
}

#[test]
fn dragging_a_state_onto_another_arrow_moves_it_there() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN4);
    let start = state_centre(&harness, "B");
    let target = arrow_middle(&harness, "C", "D");
    drag(&mut harness, start, target);
    let value = definition(&harness);
    assert_eq!(
        value["States"]["A"]["Next"], "C",
        "A's old neighbour reconnected"
    );
    assert_eq!(value["States"]["C"]["Next"], "B");
    assert_eq!(value["States"]["B"]["Next"], "D");
    undo(&mut harness);
    assert_eq!(text(&harness), CHAIN4, "one undo step");
}

#[test]
fn a_clicked_arrow_is_deleted_with_delete() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN4);
    click_arrow(&mut harness, "C", "D");
    assert!(harness
        .state()
        .active_document()
        .unwrap()
        .view
        .selected_edge
        .is_some());
    harness.key_press(Key::Delete);
    harness.run_steps(2);
    let value = definition(&harness);
    assert!(value["States"]["C"].get("Next").is_none());
    assert_eq!(value["States"]["C"]["End"], true, "C now ends the workflow");
}

#[test]
fn double_clicking_a_state_opens_rename() {
    let (_dir, path) = temp_file("chain.asl.json", CHAIN4);
    let mut harness = designer(Start {
        open: vec![path],
        step_dt: Some(1.0 / 60.0),
        ..Start::default()
    });
    // Two clicks in a row, frames a sixtieth of a second apart: a double click.
    click_state(&harness, "C");
    click_state(&harness, "C");
    harness.run_steps(6);
    assert_eq!(
        harness.state().modal().map(|m| m.title()).as_deref(),
        Some("Rename state")
    );
}

const PARALLEL: &str = "{\n  \"StartAt\": \"Both\",\n  \"States\": {\n    \"Both\": {\n      \"Type\": \"Parallel\",\n      \"Branches\": [\n        {\n          \"StartAt\": \"Left\",\n          \"States\": {\n            \"Left\": {\n              \"Type\": \"Pass\",\n              \"End\": true\n            }\n          }\n        },\n        {\n          \"StartAt\": \"Right\",\n          \"States\": {\n            \"Right\": {\n              \"Type\": \"Pass\",\n              \"End\": true\n            }\n          }\n        }\n      ],\n      \"End\": true\n    }\n  }\n}\n";

/// A point in a lane of the "Both" Parallel: near its top (above the states) or its bottom.
fn lane_point(
    harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>,
    lane: usize,
    top: bool,
) -> egui::Pos2 {
    let app = harness.state();
    let doc = app.active_document().expect("open");
    let diagram = doc.analysis.diagram.as_ref().expect("drawn");
    let both = diagram
        .node(&NodeId::state("/States/Both"))
        .and_then(|n| n.container.clone())
        .expect("a container");
    let r = &both.lanes[lane];
    let y = if top {
        r.y_px + 4.0
    } else {
        r.y_px + r.height_px - 6.0
    };
    doc.view.camera.to_screen(
        app.canvas_rect().expect("drawn"),
        egui::pos2(r.x_px + 10.0, y),
    )
}

#[test]
fn a_pass_dropped_at_the_top_of_a_branch_becomes_its_first_state() {
    let (_dir, mut harness) = designer_on("parallel.asl.json", PARALLEL);
    harness.key_press_modifiers(command_shift(), Key::K);
    harness.run_steps(2);
    let top = lane_point(&harness, 0, true);
    let start = harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Pass")
        .rect()
        .center();
    drag(&mut harness, start, top);
    let branch = definition(&harness)["States"]["Both"]["Branches"][0].clone();
    assert_eq!(branch["StartAt"], "Pass", "{branch}");
    assert_eq!(branch["States"]["Pass"]["Next"], "Left");
}

#[test]
fn a_lambda_dropped_into_a_parallel_branch_ends_that_branch() {
    let (_dir, mut harness) = designer_on("parallel.asl.json", PARALLEL);
    harness.key_press_modifiers(command_shift(), Key::K);
    harness.run_steps(2);
    // Low in the second lane, below its state and clear of arrows.
    let lane = lane_point(&harness, 1, false);
    let start = harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Lambda invoke")
        .rect()
        .center();
    drag(&mut harness, start, lane);
    let value = definition(&harness);
    let right = &value["States"]["Both"]["Branches"][1]["States"];
    assert_eq!(right["Right"]["Next"], "Invoke Lambda function", "{value}");
    assert_eq!(right["Invoke Lambda function"]["End"], true);
    assert_eq!(
        right["Invoke Lambda function"]["Resource"],
        "arn:aws:states:::lambda:invoke"
    );
    assert!(value["States"]["Both"]["Branches"][0]["States"]
        .get("Invoke Lambda function")
        .is_none());
    // The inspector removes the other branch in one step; undo brings it back.
    inspect(&mut harness, "Both");
    harness.get_by_label("Remove branch 1").click();
    harness.run_steps(2);
    let branches = definition(&harness)["States"]["Both"]["Branches"].clone();
    assert_eq!(branches.as_array().map(Vec::len), Some(1));
    assert_eq!(branches[0]["StartAt"], "Right");
    undo(&mut harness);
    assert_eq!(
        definition(&harness)["States"]["Both"]["Branches"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn dragging_a_selected_arrow_onto_a_state_points_it_there() {
    let (_dir, mut harness) = designer_on("chain.asl.json", CHAIN4);
    let arrow = click_arrow(&mut harness, "C", "D");
    let target = state_centre(&harness, "A");
    drag(&mut harness, arrow, target);
    let value = definition(&harness);
    assert_eq!(value["States"]["C"]["Next"], "A", "{value}");
    undo(&mut harness);
    assert_eq!(text(&harness), CHAIN4);
}

#[test]
fn the_error_picker_adds_a_step_functions_error_to_a_retrier() {
    let text = "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n      \"Parameters\": {\"FunctionName\": \"Call\"},\n      \"Retry\": [\n        {\n          \"ErrorEquals\": [\"Lambda.ServiceException\"]\n        }\n      ],\n      \"End\": true\n    }\n  }\n}\n";
    let (_dir, mut harness) = designer_on("retry.asl.json", text);
    inspect(&mut harness, "Call");
    harness.get_by_label("Retrier 1 add an error").click();
    harness.run_steps(2);
    harness.get_by_label("States.Timeout").click();
    harness.run_steps(2);
    assert_eq!(
        definition(&harness)["States"]["Call"]["Retry"][0]["ErrorEquals"],
        serde_json::json!(["Lambda.ServiceException", "States.Timeout"])
    );
}

#[test]
fn an_inspector_change_in_yaml_is_one_line_and_keeps_the_comments() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/asl/tests/fixtures/gestures/retry.asl.yaml");
    let original = std::fs::read_to_string(fixture).expect("the YAML fixture");
    let (_dir, path) = temp_file("retry.asl.yaml", &original);
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    inspect(&mut harness, "Call Amazon S3 ListObjectsV2");
    type_into(&mut harness, "Retrier 1 Max attempts (MaxAttempts)", "4");
    harness.run_steps(3);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(2);
    let saved = std::fs::read_to_string(&path).expect("read");
    let changed = changed_lines(&original, &saved);
    assert_eq!(
        changed,
        [(
            "        MaxAttempts: 2 # two more tries",
            "        MaxAttempts: 4 # two more tries"
        )],
        "{saved}"
    );
    assert_eq!(original.lines().count(), saved.lines().count());
}

#[test]
fn the_inspector_shows_the_validators_words_while_a_field_is_typed() {
    let text = "{\n  \"StartAt\": \"Call\",\n  \"States\": {\n    \"Call\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n      \"Parameters\": {\"FunctionName\": \"Call\"},\n      \"Retry\": [{\"ErrorEquals\": [\"States.ALL\"]}],\n      \"TimeoutSeconds\": 60,\n      \"End\": true\n    }\n  }\n}\n";
    let (_dir, mut harness) = designer_on("timeouts.asl.json", text);
    inspect(&mut harness, "Call");
    harness
        .get_by_label("Heartbeat (seconds) (HeartbeatSeconds)")
        .click();
    harness.run_steps(1);
    harness
        .get_by_label("Heartbeat (seconds) (HeartbeatSeconds)")
        .type_text("120");
    harness.run_steps(2);
    // Not committed yet: the file is as it was, but the validator already speaks.
    assert_eq!(self::text(&harness), text);
    assert!(
        harness.query_by_label_contains("SC5006").is_some(),
        "the heartbeat above the timeout is flagged while typing"
    );
}

const PARALLEL_BRANCHES: &str = r#"{
  "StartAt": "P",
  "States": {
    "P": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "A1", "States": {
          "A1": {"Type": "Pass", "Next": "A2"},
          "A2": {"Type": "Pass", "Next": "A3"},
          "A3": {"Type": "Pass", "End": true}}},
        {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": true}}}
      ],
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
}
"#;

/// A point inside lane `lane` of container `container`, near its bottom-left corner (away from
/// its boxes and arrows), on screen.
fn inside_lane(
    harness: &egui_kittest::Harness<'_, statecraft::ui::app::App>,
    container: &str,
    lane: usize,
) -> egui::Pos2 {
    let app = harness.state();
    let doc = app.active_document().expect("open");
    let diagram = doc.analysis.diagram.as_ref().expect("drawn");
    let node = diagram
        .nodes
        .iter()
        .find(|n| n.id.state_pointer() == Some(container))
        .expect("the container");
    let rect = statecraft::ui::canvas::paint::diagram_rect(
        &node.container.as_ref().expect("a container").lanes[lane],
    );
    let canvas = app.canvas_rect().expect("drawn");
    let screen = doc.view.camera.rect_to_screen(canvas, rect);
    egui::pos2(screen.min.x + 6.0, screen.max.y - 6.0)
}

#[test]
fn a_state_dropped_in_empty_space_of_its_own_branch_does_not_move() {
    let (_dir, mut harness) = designer_on("parallel.asl.json", PARALLEL_BRANCHES);
    let start = state_centre(&harness, "A1");
    let target = inside_lane(&harness, "/States/P", 0);
    drag(&mut harness, start, target);
    assert_eq!(text(&harness), PARALLEL_BRANCHES, "nothing moved");

    // Into the other branch it is a move, there.
    let start = state_centre(&harness, "A1");
    let target = inside_lane(&harness, "/States/P", 1);
    drag(&mut harness, start, target);
    let value = definition(&harness);
    assert!(
        value["States"]["P"]["Branches"][1]["States"]
            .get("A1")
            .is_some(),
        "moved into the other branch: {value}"
    );
    assert_eq!(value["States"]["P"]["Branches"][0]["StartAt"], "A2");
}

#[test]
fn a_file_broken_on_disk_leaves_the_tab_marked_unsaved() {
    let (_dir, path) = temp_file("small.asl.json", SMALL);
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    std::fs::write(&path, "{\n  \"StartAt\": ").expect("write");
    harness
        .state_mut()
        .push_command(statecraft::ui::command::Command::Reload);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::OpenFailed(_))
    ));
    harness.get_by_label("OK").click_accesskit();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
    let doc = harness.state().active_document().expect("open");
    assert_eq!(doc.text, SMALL, "the tab keeps its text");
    assert!(doc.is_dirty(), "and says it differs from the disk");
    // Closing it asks first.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    harness.run_steps(2);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::Unsaved { .. })
    ));
}

#[test]
fn export_suggests_the_documents_name_and_titles_the_picture_with_it() {
    let start = Start::default();
    let suggested = start.dialogs.suggested.clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("picture.svg");
    *start.dialogs.save_to.lock().expect("lock") = Some(out.clone());
    let mut harness = designer(start);
    harness
        .state_mut()
        .push_command(statecraft::ui::command::Command::NewFromTemplate(0));
    harness.run_steps(2);
    let title = harness.state().active_document().expect("open").title();
    assert!(title.contains("(from template)"), "{title}");
    harness
        .state_mut()
        .push_command(statecraft::ui::command::Command::Export(
            statecraft::ui::command::ExportKind::Svg,
        ));
    harness.run_steps(2);
    let name = title.split(" (").next().expect("a name").to_owned();
    let stem = name.trim_end_matches(".json").trim_end_matches(".asl");
    assert_eq!(
        suggested.lock().expect("lock").last().cloned(),
        Some(format!("{stem}.svg"))
    );
    let svg = std::fs::read_to_string(&out).expect("written");
    assert!(svg.contains(&name), "titled with the name");
    assert!(!svg.contains("(from template)"), "without the note");
}

#[test]
fn escape_closes_a_menu_opened_by_a_click() {
    let mut harness = designer(Start::default());
    harness.get_by_label("View").click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label_contains("Compare with…").is_some(),
        "the menu is open"
    );
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(
        harness.query_by_label_contains("Compare with…").is_none(),
        "Escape closed it"
    );
}

#[test]
fn the_shortcut_list_fits_a_small_window() {
    let mut harness = designer(Start {
        size: Some(egui::vec2(1024.0, 640.0)),
        ..Start::default()
    });
    harness.key_press(Key::F1);
    harness.run_steps(3);
    let close = harness.get_by_label("Close").rect();
    assert!(close.max.y <= 640.0, "Close is on screen: {close:?}");
    let title = harness
        .query_all_by_label("Keyboard shortcuts")
        .map(|n| n.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("the title");
    assert!(title.min.y >= 0.0, "the title is on screen: {title:?}");
    harness.get_by_label("Close").click_accesskit();
    harness.run_steps(2);
    assert!(harness.state().modal().is_none());
}

#[test]
fn export_and_render_mark_the_same_problems() {
    // Only a warning: a Lambda task without Retry.
    let text = r#"{"StartAt": "Call", "States": {
  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "F"}, "Next": "Done"},
  "Done": {"Type": "Succeed"}}}"#;
    let (dir, path) = temp_file("flow.asl.json", text);
    let start = Start {
        open: vec![path.clone()],
        ..Start::default()
    };
    let exported = dir.path().join("exported.svg");
    *start.dialogs.save_to.lock().expect("lock") = Some(exported.clone());
    let mut harness = designer(start);
    harness
        .state_mut()
        .push_command(statecraft::ui::command::Command::Export(
            statecraft::ui::command::ExportKind::Svg,
        ));
    harness.run_steps(2);
    let rendered = dir.path().join("rendered.svg");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("render")
        .arg(&path)
        .arg("-o")
        .arg(&rendered)
        .output()
        .expect("statecraft runs");
    assert_eq!(run.status.code(), Some(0), "a warning does not fail render");
    let exported = std::fs::read_to_string(&exported).expect("exported");
    let rendered = std::fs::read_to_string(&rendered).expect("rendered");
    assert!(
        exported.contains(statecraft_export::PROBLEM_TOOLTIP),
        "the problems are marked"
    );
    assert!(exported == rendered, "one rule for both pictures");
    // The rule: warnings are marked too (render lists them), and only errors fail the command.
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("SC9002"), "{stderr}");
}
