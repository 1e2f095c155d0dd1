//! Runs in the designer: run, approve, reject, let time pass, step back, breakpoints, replay,
//! and the window's run against `statecraft run`, event for event.

use std::path::{Path, PathBuf};

use eframe::egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use serde_json::Value;
use statecraft::ui::command::{Command, RunCommand};
use statecraft::ui::run::Progress;
use statecraft::ui::App;
use statecraft_asl::graph::NodeId;
use statecraft_export::{RunStatus, RunView, StateStatus};

use super::harness::{click_state, designer, Start};

/// The bundled templates, by file name: (index in the gallery, definition, mocks, input).
fn template(name: &str) -> (usize, &'static statecraft::ui::templates::Template) {
    statecraft::ui::templates::TEMPLATES
        .iter()
        .enumerate()
        .find(|(_, t)| t.file_name == name)
        .unwrap_or_else(|| panic!("no template {name}"))
}

/// The designer on a new document made from a bundled template.
fn on_template(name: &str) -> Harness<'static, App> {
    let (index, _) = template(name);
    let mut harness = designer(Start::default());
    harness
        .state_mut()
        .push_command(Command::NewFromTemplate(index));
    harness.run_steps(2);
    harness
}

/// A template's definition, mocks and input written to a fresh folder as
/// `NAME.asl.json`, `NAME.mocks.json`, `NAME.input.json`; returns the definition's path.
fn template_files(name: &str) -> (tempfile::TempDir, PathBuf) {
    let (_, t) = template(name);
    let dir = tempfile::tempdir().expect("temp dir");
    let stem = name.trim_end_matches(".asl.json");
    let path = dir.path().join(name);
    std::fs::write(&path, t.text).expect("write");
    std::fs::write(dir.path().join(format!("{stem}.mocks.json")), t.mocks).expect("write");
    std::fs::write(dir.path().join(format!("{stem}.input.json")), t.input).expect("write");
    (dir, path)
}

fn run<'h>(harness: &'h Harness<'_, App>) -> &'h statecraft::ui::run::RunSession {
    harness
        .state()
        .active_document()
        .and_then(|d| d.run.as_ref())
        .expect("a run")
}

fn run_mut<'h>(harness: &'h mut Harness<'_, App>) -> &'h mut statecraft::ui::run::RunSession {
    harness
        .state_mut()
        .active_document_mut()
        .and_then(|d| d.run.as_mut())
        .expect("a run")
}

/// Steps frames until `done`, at most `frames` of them.
fn frames_until(harness: &mut Harness<'_, App>, frames: usize, done: impl Fn(&App) -> bool) {
    for _ in 0..frames {
        if done(harness.state()) {
            return;
        }
        harness.step();
    }
    if let Some(r) = harness
        .state()
        .active_document()
        .and_then(|d| d.run.as_ref())
    {
        eprintln!(
            "run: {} events, cursor {}, playing {}, progress {:?}, waiting {}, notice {:?}",
            r.events.len(),
            r.cursor,
            r.playing,
            r.progress,
            r.waiting.len(),
            r.notice
        );
    }
    assert!(done(harness.state()), "not reached in {frames} frames");
}

/// Plays until the run asks a question, and the window asking it has settled in its place.
fn wait_for_prompt(harness: &mut Harness<'_, App>) {
    frames_until(harness, 200, waiting);
    harness.run_steps(2);
}

fn ended(app: &App) -> bool {
    app.active_document()
        .and_then(|d| d.run.as_ref())
        .is_some_and(|r| !r.is_live() && !r.playing)
}

fn waiting(app: &App) -> bool {
    app.active_document()
        .and_then(|d| d.run.as_ref())
        .is_some_and(|r| !r.prompts().is_empty())
}

/// The status of the state named `name` in the run at its cursor.
fn status_of(harness: &mut Harness<'_, App>, name: &str) -> StateStatus {
    let run = run_mut(harness);
    let id = run
        .diagram
        .graph
        .states()
        .find(|n| n.name == name)
        .map(|n| n.id.clone())
        .unwrap_or_else(|| panic!("no state {name}"));
    run.overlay().status(&id)
}

/// The canvas's accessible description of every state ("...; run: succeeded"), by name.
fn described(harness: &Harness<'_, App>) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = harness
        .query_all_by(|n| n.role_description() == Some(statecraft::ui::canvas::STATE_ROLE))
        .map(|n| {
            let node = n.accesskit_node();
            (
                node.label().unwrap_or_default(),
                node.description().unwrap_or_default(),
            )
        })
        .collect();
    all.sort();
    all
}

fn press(harness: &mut Harness<'_, App>, key: Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

fn start_run(harness: &mut Harness<'_, App>) {
    press(harness, Key::F5);
    assert!(
        harness.state().modal().is_none(),
        "{:?}",
        harness.state().modal()
    );
}

#[test]
fn approving_the_human_approval_template_succeeds_on_its_paid_path() {
    let mut harness = on_template("human-approval.asl.json");
    start_run(&mut harness);
    wait_for_prompt(&mut harness);
    assert_eq!(run(&harness).progress, Progress::Waiting);
    assert_eq!(
        status_of(&mut harness, "Wait for approval"),
        StateStatus::InProgress,
        "the waiting task is in progress"
    );
    // The prompt shows the message that was sent, with its token.
    harness.get_by_label_contains("Wait for approval waits for its task token");
    harness.get_by_label("Approve").click();
    harness.run_steps(2);
    frames_until(&mut harness, 200, ended);
    let run = run(&harness);
    assert_eq!(run.progress, Progress::Ended(RunStatus::Succeeded));
    for (name, status) in [
        ("Record claim", StateStatus::Succeeded),
        ("Wait for approval", StateStatus::Succeeded),
        ("Pay claim", StateStatus::Succeeded),
        ("Claim paid", StateStatus::Succeeded),
        ("Mark rejected", StateStatus::NotRun),
        ("Mark expired", StateStatus::NotRun),
    ] {
        assert_eq!(status_of(&mut harness, name), status, "{name}");
    }
    let described = described(&harness);
    let pay = described
        .iter()
        .find(|(n, _)| n == "Pay claim")
        .expect("drawn");
    assert!(pay.1.ends_with("; run: succeeded"), "{pay:?}");
}

#[test]
fn rejecting_the_approval_fails_the_run_with_that_error() {
    let mut harness = on_template("human-approval.asl.json");
    start_run(&mut harness);
    wait_for_prompt(&mut harness);
    harness.get_by_label("Reject").click();
    harness.run_steps(2);
    frames_until(&mut harness, 200, ended);
    let events = &run(&harness).events;
    let last = events.last().expect("events");
    assert_eq!(last["type"], "ExecutionFailed");
    assert_eq!(last["executionFailedEventDetails"]["error"], "Rejected");
    assert_eq!(
        status_of(&mut harness, "Wait for approval"),
        StateStatus::Failed
    );
}

#[test]
fn letting_time_pass_takes_the_timeout_path() {
    let mut harness = on_template("human-approval.asl.json");
    // The test case mocks the expiry path's tasks; the approval is left to the user.
    run_test_case(&mut harness, "TimedOut");
    wait_for_prompt(&mut harness);
    // The prompt says how long each timer has; the button goes to the nearest one.
    harness.get_by_label_contains("times out in 3 days and needs a heartbeat within 1 day");
    harness.get_by_label("Let time pass (1 day)").click();
    harness.run_steps(2);
    frames_until(&mut harness, 300, ended);
    assert_eq!(
        status_of(&mut harness, "Wait for approval"),
        StateStatus::Caught,
        "the heartbeat timeout was caught"
    );
    assert_eq!(
        status_of(&mut harness, "Mark expired"),
        StateStatus::Succeeded
    );
    assert_eq!(status_of(&mut harness, "Pay claim"), StateStatus::NotRun);
    let last = run(&harness).events.last().cloned().expect("events");
    assert_eq!(
        last["executionFailedEventDetails"]["error"], "States.HeartbeatTimeout",
        "the heartbeat (one day) fires before the timeout (three days)"
    );
}

#[test]
fn a_retried_task_shows_its_attempts_on_the_badge_and_the_timeline() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "ThrottledThenApproved");
    frames_until(&mut harness, 400, ended);
    assert_eq!(
        run(&harness).progress,
        Progress::Ended(RunStatus::Succeeded)
    );
    let run = run_mut(&mut harness);
    let overlay = run.overlay();
    let record = run
        .diagram
        .graph
        .states()
        .find(|n| n.name == "Record claim")
        .map(|n| n.id.clone())
        .expect("state");
    assert_eq!(overlay.retries.get(&record), Some(&1), "one retry");
    let timeline = run.timeline();
    let row = timeline
        .rows
        .iter()
        .find(|r| r.name == "Record claim")
        .expect("a row");
    use statecraft::ui::panels::timeline::Stretch;
    let kinds: Vec<Stretch> = row.segments.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [Stretch::FailedAttempt, Stretch::Backoff, Stretch::Work],
        "one bar per attempt, the back-off between"
    );
    // The badge is in the display list the canvas paints (and the SVG writes).
    let display = statecraft_export::display_list(
        &run.diagram,
        &statecraft_export::DisplayOptions {
            marks: Some(&overlay.marks()),
            theme: statecraft_export::Theme::Light,
        },
    );
    let badge = display.groups.iter().flat_map(|g| &g.items).any(|item| {
        matches!(item, statecraft_export::DisplayItem::Text { tooltip: Some(t), .. } if t == "Retried 1 time")
    });
    assert!(badge, "a retry badge is drawn");
}

/// Unticks "Answer approvals myself" in the Run panel (Ctrl+Shift+R shows it): the test case's
/// mocks answer the approvals.
fn answer_approvals_from_mocks(harness: &mut Harness<'_, App>) {
    harness
        .state_mut()
        .push_command(Command::Run(RunCommand::ShowPanel));
    harness.run_steps(2);
    harness.get_by_label("Answer approvals myself").click();
    harness.run_steps(1);
}

/// Clicks the Run panel's button for a test case.
fn run_test_case(harness: &mut Harness<'_, App>, case: &str) {
    harness
        .state_mut()
        .push_command(Command::Run(RunCommand::ShowPanel));
    harness.run_steps(2);
    harness
        .get_by_role_and_label(eframe::egui::accesskit::Role::Button, case)
        .click();
    harness.run_steps(2);
    assert!(
        harness.state().modal().is_none(),
        "{:?}",
        harness.state().modal()
    );
}

#[test]
fn stepping_back_three_times_restores_what_was_shown_three_events_earlier() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "Approved");
    frames_until(&mut harness, 400, ended);
    // A place where the next three events change the colours.
    let run_now = run(&harness);
    let graph = &run_now.diagram.graph;
    let k = (1..run_now.events.len() - 3)
        .find(|&k| {
            run_now.view.at(graph, &run_now.events, k).statuses
                != run_now.view.at(graph, &run_now.events, k + 3).statuses
        })
        .expect("a place where the colours change");
    // The inspector's Run tab shows the state the cursor's event is about.
    harness
        .state_mut()
        .push_command(Command::Run(RunCommand::ShowPanel));
    press(&mut harness, Key::Home);
    assert_eq!(run(&harness).cursor, 0);
    for _ in 0..k {
        press(&mut harness, Key::F11);
    }
    assert_eq!(run(&harness).cursor, k);
    let colours = described(&harness);
    let inspector = inspector_text(&harness);
    for _ in 0..3 {
        press(&mut harness, Key::F11);
    }
    assert_ne!(
        described(&harness),
        colours,
        "three events on, the colours moved"
    );
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::F11);
        harness.run_steps(2);
    }
    assert_eq!(run(&harness).cursor, k);
    assert_eq!(described(&harness), colours, "the same colours as before");
    assert_eq!(
        inspector_text(&harness),
        inspector,
        "the same inspector as before"
    );
}

/// Every label of the side panel's Run tab, in order.
fn inspector_text(harness: &Harness<'_, App>) -> Vec<String> {
    harness
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Status at the cursor") || l.starts_with("Retried"))
        })
        .map(|n| n.accesskit_node().label().unwrap_or_default())
        .collect()
}

#[test]
fn a_breakpoint_stops_playing_at_its_state() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    click_state(&harness, "Pay claim");
    harness.run_steps(1);
    press(&mut harness, Key::F9);
    let pay = NodeId::state("/States/Pay claim");
    assert!(harness
        .state()
        .active_document()
        .is_some_and(|d| d.view.breakpoints.contains(&pay)));
    run_test_case(&mut harness, "Approved");
    frames_until(&mut harness, 400, |app| {
        app.active_document()
            .and_then(|d| d.run.as_ref())
            .is_some_and(|r| !r.playing && r.cursor > 0)
    });
    let run = run(&harness);
    let shown = &run.events[run.cursor - 1];
    assert_eq!(shown["type"], "TaskStateEntered");
    assert_eq!(shown["stateEnteredEventDetails"]["name"], "Pay claim");
    assert!(run.cursor < run.events.len(), "the run went on past it");
}

/// `statecraft run` on a file with a test case, as JSON.
fn cli_run(path: &Path, mocks: &Path, case: &str, input: &Path) -> Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("run")
        .arg(path)
        .arg("--mock-config")
        .arg(mocks)
        .arg("--test-case")
        .arg(case)
        .arg("--input-file")
        .arg(input)
        .output()
        .expect("run the binary");
    serde_json::from_slice(&out.stdout).expect("JSON out")
}

#[test]
fn the_window_records_the_same_history_as_statecraft_run() {
    let (dir, path) = template_files("order-saga.asl.json");
    let mocks = dir.path().join("order-saga.mocks.json");
    let input = dir.path().join("order-saga.input.json");
    let (_, t) = template("order-saga.asl.json");
    let cases = t.test_cases();
    assert!(cases.len() >= 3, "{cases:?}");
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    for case in &cases {
        run_test_case(&mut harness, case);
        frames_until(&mut harness, 600, ended);
        let expected = cli_run(&path, &mocks, case, &input);
        let expected = expected["events"].as_array().cloned().unwrap_or_default();
        let session = run(&harness);
        let window: Vec<Value> = (0..session.events.len())
            .map(|i| {
                session
                    .event_json(i)
                    .map(|e| (*e).clone())
                    .expect("an event")
            })
            .collect();
        assert_eq!(
            window.len(),
            expected.len(),
            "test case {case}: as many events"
        );
        for (k, (w, e)) in window.iter().zip(&expected).enumerate() {
            assert_eq!(w, e, "test case {case}: event {}", k + 1);
        }
        assert_eq!(
            run(&harness).origin,
            statecraft::ui::run::RunOrigin::Local {
                test_case: Some(case.clone())
            }
        );
    }
}

#[test]
fn a_replayed_history_shows_the_same_colours_as_the_live_run_at_every_event() {
    let (dir, path) = template_files("order-saga.asl.json");
    let mocks = dir.path().join("order-saga.mocks.json");
    let input = dir.path().join("order-saga.input.json");
    let (_, t) = template("order-saga.asl.json");
    let case = t.test_cases().pop().expect("a case");
    let mut harness = designer(Start {
        open: vec![path.clone()],
        ..Start::default()
    });
    run_test_case(&mut harness, &case);
    frames_until(&mut harness, 600, ended);
    let live_events = run(&harness).events.clone();
    let history = dir.path().join("run.json");
    std::fs::write(
        &history,
        serde_json::to_string(&cli_run(&path, &mocks, &case, &input)).expect("text"),
    )
    .expect("write");
    harness.state_mut().open_run(&history);
    harness.run_steps(2);
    assert!(
        harness.state().modal().is_none(),
        "{:?}",
        harness.state().modal()
    );
    let replay = run(&harness);
    assert_eq!(replay.events.len(), live_events.len());
    let graph = &replay.diagram.graph;
    let live = RunView::of(graph, &live_events);
    for k in 0..=live_events.len() {
        assert_eq!(
            replay.view.at(graph, &replay.events, k),
            live.at(graph, &live_events, k),
            "event {k}"
        );
    }
}

#[test]
fn the_input_is_checked_as_typed_and_a_bad_one_refuses_to_run() {
    let mut harness = on_template("human-approval.asl.json");
    press(&mut harness, Key::F5);
    press(&mut harness, Key::F5);
    if let Some(doc) = harness.state_mut().active_document_mut() {
        if let Some(setup) = doc.view.run_setup.as_mut() {
            setup.input = "{\"claimId\": ".into();
        }
    }
    harness.run_steps(2);
    harness.get_by_label_contains("The input is not JSON");
    press(&mut harness, Key::F5);
    let modal = harness.state().modal().map(|m| m.title());
    assert_eq!(modal.as_deref(), Some("Cannot run the workflow"));
}

#[test]
fn editing_the_definition_marks_the_run_stale_and_keeps_it() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "Approved");
    frames_until(&mut harness, 400, ended);
    let events = run(&harness).events.len();
    if let Some(doc) = harness.state_mut().active_document_mut() {
        let text = doc.text.replacen("\"Claim paid\"", "\"Claim settled\"", 2);
        doc.set_text(text);
    }
    harness.run_steps(2);
    harness.get_by_label("The definition changed: run again");
    assert_eq!(run(&harness).events.len(), events, "the run is kept");
}

#[test]
fn playing_to_the_end_leaves_the_window_idle() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "Approved");
    frames_until(&mut harness, 400, ended);
    harness.run_steps(2);
    harness.step();
    assert!(
        !harness.ctx.has_requested_repaint(),
        "a finished run asks for no frame"
    );
}

/// The designer on a new file holding `definition`, run with `input` (no mocks).
fn running(
    name: &str,
    definition: &str,
    input: &str,
) -> (tempfile::TempDir, Harness<'static, App>) {
    let (dir, path) = super::harness::temp_file(name, definition);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness
        .state_mut()
        .push_command(Command::Run(RunCommand::ShowPanel));
    harness.run_steps(2);
    if let Some(setup) = harness
        .state_mut()
        .active_document_mut()
        .and_then(|d| d.view.run_setup.as_mut())
    {
        setup.input = input.to_owned();
    }
    start_run(&mut harness);
    (dir, harness)
}

const MAP_WITH_A_FAILING_ITEM: &str = r#"{
  "StartAt": "Check items",
  "States": {
    "Check items": {
      "Type": "Map",
      "ItemsPath": "$.items",
      "ToleratedFailurePercentage": 100,
      "ItemProcessor": {
        "StartAt": "Is it two?",
        "States": {
          "Is it two?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}],
            "Default": "Ok"
          },
          "Bad": {"Type": "Fail", "Error": "Two", "Cause": "Two is not allowed"},
          "Ok": {"Type": "Pass", "End": true}
        }
      },
      "End": true
    }
  }
}
"#;

#[test]
fn a_picked_map_iteration_shows_its_own_path_in_the_processor() {
    let (_dir, mut harness) = running(
        "items.asl.json",
        MAP_WITH_A_FAILING_ITEM,
        r#"{"items": [1, 2, 3]}"#,
    );
    frames_until(&mut harness, 400, ended);
    press(&mut harness, Key::End);
    click_state(&harness, "Check items");
    harness.run_steps(2);
    // Failed iterations first.
    harness.get_by_label("Iteration 1: failed").click();
    harness.run_steps(2);
    assert_eq!(status_of(&mut harness, "Bad"), StateStatus::Failed);
    assert_eq!(status_of(&mut harness, "Ok"), StateStatus::NotRun);
    // The arrow key moves to the next one in the list: iteration 0, which passed.
    press(&mut harness, Key::ArrowDown);
    assert_eq!(
        run(&harness)
            .picked_iteration
            .as_ref()
            .and_then(|p| p.last())
            .map(|(_, i)| *i),
        Some(0)
    );
    assert_eq!(status_of(&mut harness, "Bad"), StateStatus::NotRun);
    assert_eq!(status_of(&mut harness, "Ok"), StateStatus::Succeeded);
    // All iterations together: the worst of them.
    harness.get_by_label("All").click();
    harness.run_steps(2);
    assert_eq!(status_of(&mut harness, "Bad"), StateStatus::Failed);
    assert_eq!(status_of(&mut harness, "Ok"), StateStatus::Succeeded);
}

const ONE_LAMBDA: &str = r#"{
  "StartAt": "Call",
  "States": {
    "Call": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "Greeter", "Payload.$": "$"},
      "End": true
    }
  }
}
"#;

#[test]
fn an_unmocked_answer_kept_as_mock_is_used_by_the_next_run() {
    let (dir, path) = super::harness::temp_file("flow.asl.json", ONE_LAMBDA);
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    start_run(&mut harness);
    wait_for_prompt(&mut harness);
    harness.get_by_label_contains("Call has no mock");
    // Prefilled with Lambda's response shape.
    let draft = harness
        .state()
        .active_document()
        .and_then(|d| d.view.prompt_drafts.values().next().cloned())
        .expect("a draft");
    assert!(
        draft.output.contains("\"StatusCode\": 200"),
        "{}",
        draft.output
    );
    harness.get_by_label("Keep as mock").click();
    harness.run_steps(1);
    harness.get_by_label("Return this result").click();
    harness.run_steps(2);
    frames_until(&mut harness, 200, ended);
    assert_eq!(
        run(&harness).progress,
        Progress::Ended(RunStatus::Succeeded)
    );
    let mocks = dir.path().join("flow.mocks.json");
    let kept: Value =
        serde_json::from_str(&std::fs::read_to_string(&mocks).expect("the mock file"))
            .expect("JSON");
    assert_eq!(
        kept["StateMachines"]["flow"]["TestCases"]["Answered in the designer"]["Call"],
        "Call (answered)"
    );
    assert_eq!(
        kept["MockedResponses"]["Call (answered)"]["0"]["Return"]["StatusCode"],
        200
    );
    // The next run takes the kept test case and asks nothing.
    start_run(&mut harness);
    frames_until(&mut harness, 200, |app| ended(app) || waiting(app));
    assert!(!waiting(harness.state()), "no prompt the second time");
    assert_eq!(
        run(&harness).progress,
        Progress::Ended(RunStatus::Succeeded)
    );
    assert_eq!(
        run(&harness).origin,
        statecraft::ui::run::RunOrigin::Local {
            test_case: Some("Answered in the designer".into())
        }
    );
}

#[test]
fn a_run_in_a_tab_left_behind_finishes_and_says_so() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "Rejected");
    let run_tab = harness
        .state()
        .active_document()
        .map(|d| d.id)
        .expect("a tab");
    // Another tab while the engine works.
    harness.key_press_modifiers(Modifiers::CTRL, Key::Tab);
    harness.run_steps(1);
    assert_ne!(
        harness.state().active_document().map(|d| d.id),
        Some(run_tab)
    );
    for _ in 0..400 {
        let done = harness
            .state()
            .documents()
            .iter()
            .find(|d| d.id == run_tab)
            .and_then(|d| d.run.as_ref())
            .is_some_and(|r| !r.is_live());
        if done {
            break;
        }
        harness.step();
    }
    let doc = harness
        .state()
        .documents()
        .iter()
        .find(|d| d.id == run_tab)
        .expect("the tab");
    let run = doc.run.as_ref().expect("its run");
    assert_eq!(run.progress, Progress::Ended(RunStatus::Failed));
    let note = harness
        .state()
        .notifications()
        .items()
        .last()
        .cloned()
        .expect("a notification");
    assert_eq!(note.doc, Some(run_tab));
    assert!(
        note.text
            .contains("human-approval.asl.json (from template) (test case Rejected): failed after"),
        "{}",
        note.text
    );
}

#[test]
fn a_breakpoint_can_be_set_from_a_states_context_menu() {
    let mut harness = on_template("human-approval.asl.json");
    harness
        .get_by(|n| {
            n.role_description() == Some(statecraft::ui::canvas::STATE_ROLE)
                && n.label().as_deref() == Some("Pay claim")
        })
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_label("Add breakpoint (F9)").click();
    harness.run_steps(2);
    let pay = NodeId::state("/States/Pay claim");
    assert!(harness
        .state()
        .active_document()
        .is_some_and(|d| d.view.breakpoints.contains(&pay)));
    let described = described(&harness);
    let (_, pay_text) = described
        .iter()
        .find(|(n, _)| n == "Pay claim")
        .expect("drawn");
    assert!(pay_text.ends_with("; breakpoint"), "{pay_text}");
}

#[test]
fn a_history_dropped_on_a_workflow_replays_on_it() {
    let (dir, path) = template_files("order-saga.asl.json");
    let mocks = dir.path().join("order-saga.mocks.json");
    let input = dir.path().join("order-saga.input.json");
    let (_, t) = template("order-saga.asl.json");
    let case = t.test_cases().first().cloned().expect("a case");
    let history = dir.path().join("history.json");
    let recorded = cli_run(&path, &mocks, &case, &input);
    std::fs::write(&history, serde_json::to_string(&recorded).expect("text")).expect("write");
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    harness
        .input_mut()
        .dropped_files
        .push(eframe::egui::DroppedFile {
            path: Some(history.clone()),
            ..Default::default()
        });
    harness.run_steps(3);
    assert_eq!(harness.state().documents().len(), 1, "no new tab");
    let run = run(&harness);
    assert_eq!(
        run.origin,
        statecraft::ui::run::RunOrigin::Replay {
            path: history,
            kind: run_kind(run),
        }
    );
    assert_eq!(
        Some(&Value::Array(run.events.clone())),
        recorded.get("events")
    );
}

fn run_kind(run: &statecraft::ui::run::RunSession) -> String {
    match &run.origin {
        statecraft::ui::run::RunOrigin::Replay { kind, .. } => kind.clone(),
        other => panic!("not a replay: {other:?}"),
    }
}

const LONG_LOOP: &str = r#"{
  "StartAt": "Increment",
  "States": {
    "Increment": {
      "Type": "Pass",
      "Parameters": {"i.$": "States.MathAdd($.i, 1)"},
      "Next": "Check"
    },
    "Check": {
      "Type": "Choice",
      "Choices": [{"Variable": "$.i", "NumericLessThan": 1500, "Next": "Increment"}],
      "Default": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
}
"#;

#[test]
fn a_long_run_keeps_its_newest_records_and_older_visits_show_their_events() {
    let (_dir, mut harness) = running("loop.asl.json", LONG_LOOP, r#"{"i": 0}"#);
    frames_until(&mut harness, 600, |app| {
        app.active_document()
            .and_then(|d| d.run.as_ref())
            .is_some_and(|r| !r.is_live())
    });
    let session = run(&harness);
    let kept = session.records.len();
    assert!(
        (statecraft::ui::run::RECORDS_KEPT..=2 * statecraft::ui::run::RECORDS_KEPT).contains(&kept),
        "{kept} records held of about 3,000 visits"
    );
    let newest = session
        .records
        .last()
        .map(|r| r.entered_event_id)
        .expect("records");
    assert!(
        newest as usize + 5 >= session.events.len(),
        "the newest visits are kept: the last record entered at event {newest} of {}",
        session.events.len()
    );
    // The first visit of Increment: its record was let go of; its events still show it.
    press(&mut harness, Key::Home);
    for _ in 0..3 {
        press(&mut harness, Key::F11);
    }
    click_state(&harness, "Increment");
    harness.run_steps(2);
    harness.get_by_label_contains("This visit's data stages and variables are not kept");
    harness.get_by_label("Output");
}

#[test]
fn step_over_stops_at_the_next_state_entered() {
    let mut harness = on_template("human-approval.asl.json");
    answer_approvals_from_mocks(&mut harness);
    run_test_case(&mut harness, "Approved");
    frames_until(&mut harness, 400, ended);
    press(&mut harness, Key::Home);
    // From before the run, the next state entered is the first event after ExecutionStarted.
    press(&mut harness, Key::F10);
    let session = run(&harness);
    assert_eq!(session.cursor, 2);
    assert_eq!(session.events[1]["type"], "TaskStateEntered");
    // From an exit, the very next event may be the next state's entry: it is not skipped.
    let exit = session
        .events
        .iter()
        .position(|e| e["type"] == "TaskStateExited")
        .expect("an exit");
    assert!(session.events[exit + 1]["type"]
        .as_str()
        .is_some_and(|t| t.ends_with("StateEntered")));
    run_mut(&mut harness).seek(exit + 1);
    press(&mut harness, Key::F10);
    assert_eq!(
        run(&harness).cursor,
        exit + 2,
        "the state right after the exit"
    );
}

#[test]
fn a_run_with_an_approval_is_saved_as_a_test_that_passes() {
    let (dir, path) = template_files("human-approval.asl.json");
    let mut harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    start_run(&mut harness);
    wait_for_prompt(&mut harness);
    harness.get_by_label("Approve").click();
    harness.run_steps(2);
    frames_until(&mut harness, 200, ended);
    harness.get_by_label("Tests").click();
    harness.run_steps(2);
    harness.get_by_label("No tests beside human-approval.asl.json.");
    harness.get_by_label("Save this run as a test").click();
    harness.run_steps(2);
    frames_until(&mut harness, 50, |app| {
        app.active_document()
            .is_some_and(|d| d.tests.last.is_some() && !d.tests.is_running())
    });
    harness.run_steps(2);
    harness.get_by_label_contains("1 passed, 0 failed");
    let saved = std::fs::read_to_string(dir.path().join("human-approval.tests.yaml"))
        .expect("the test file was created");
    assert!(
        saved.contains("mockConfig: human-approval.mocks.json"),
        "{saved}"
    );
    assert!(saved.contains("Approved run, succeeded"), "{saved}");
    assert!(
        saved.contains("Wait for approval"),
        "the answer is kept: {saved}"
    );
    assert!(saved.contains("status: SUCCEEDED"), "{saved}");
}
