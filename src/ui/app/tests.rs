//! The Tests tab's part of the app: starting the tests of the active document in the background,
//! taking every document's results in, replaying a test's run on the canvas, painting coverage.

use std::sync::Arc;

use eframe::egui::Ui;
use statecraft_export::{LoadedHistory, Marks, Theme};

use super::App;
use crate::ui::document::OpenDocument;
use crate::ui::notifications::NoticeKind;
use crate::ui::panels::tests::{tests_ui, TestsAction, TestsPlace};
use crate::ui::run::RunOrigin;
use crate::ui::testing::tests_beside;
use crate::workflow_tests::save::{append_test, RunFacts};

/// Whether the run shown on `doc` can be saved as a test, or why not.
fn savable(doc: &OpenDocument) -> Result<(), &'static str> {
    let Some(run) = &doc.run else {
        return Err("Run the workflow first (F5): its run is what is saved");
    };
    if doc.path.is_none() {
        return Err("Save the workflow first: its tests live in a file beside it");
    }
    if !matches!(run.origin, RunOrigin::Local { .. }) {
        return Err("Only a run on the simulator can be saved as a test (not a replayed history)");
    }
    if run.is_live() {
        return Err("Let the run end first");
    }
    if doc.run_is_stale() {
        return Err("The workflow changed since this run: run it again");
    }
    if !run.answers_replayable {
        return Err(
            "Time was let pass with several tasks waiting: the test could not say which timed out",
        );
    }
    Ok(())
}

/// `path` as the test file names it: relative to the test file's folder when it is inside it.
fn relative_to(path: &std::path::Path, folder: Option<&std::path::Path>) -> String {
    folder
        .and_then(|f| path.strip_prefix(f).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

impl App {
    /// Takes in the results of every document's tests, once they came.
    pub(super) fn drive_tests(&mut self) {
        let mut done = Vec::new();
        for doc in &mut self.docs {
            if doc.tests.poll() {
                if let Some(last) = &doc.tests.last {
                    let failed = last.file.results.iter().filter(|r| !r.passed()).count();
                    let text = match &last.file.error {
                        Some(_) => format!("{}: the tests could not run", doc.title()),
                        None if failed == 0 => {
                            format!("{}: {} tests passed", doc.title(), last.file.results.len())
                        }
                        None => format!("{}: {failed} tests failed", doc.title()),
                    };
                    let kind = if failed == 0 && last.file.error.is_none() {
                        NoticeKind::Info
                    } else {
                        NoticeKind::Problem
                    };
                    done.push((doc.id, kind, text));
                }
            }
        }
        for (doc, kind, text) in done {
            self.notify(kind, Some(doc), text);
        }
    }

    /// The Tests tab of the bottom panel.
    pub(super) fn tests_tab_ui(&mut self, ui: &mut Ui, theme: Theme) {
        let Some(doc) = self.docs.get(self.active) else {
            return;
        };
        let tests_path = tests_beside(doc.path.as_deref());
        let file_name = doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let tests_name = tests_path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let can_save = savable(doc);
        let action = tests_ui(
            ui,
            &doc.tests,
            TestsPlace {
                file_name: file_name.as_deref(),
                tests_name: tests_name.as_deref(),
                revision: doc.revision,
                can_save,
            },
            theme,
        );
        match action {
            Some(TestsAction::RunAll) => self.run_tests(None),
            Some(TestsAction::RunOne(name)) => self.run_tests(Some(name)),
            Some(TestsAction::ShowRun(index)) => self.show_test_run(index),
            Some(TestsAction::SaveRun) => self.save_run_as_test(),
            Some(TestsAction::ToggleCoverage) => {
                let mut closed = false;
                if let Some(doc) = self.docs.get_mut(self.active) {
                    doc.tests.show_coverage = !doc.tests.show_coverage;
                    if doc.tests.show_coverage && (doc.run.is_some() || doc.compare.is_some()) {
                        // Coverage, a run and a comparison share the canvas.
                        doc.run = None;
                        doc.compare = None;
                        closed = true;
                    }
                }
                if closed {
                    self.set_status(
                        "The run or comparison shown was closed to paint the coverage.",
                    );
                }
            }
            None => {}
        }
    }

    /// Saves the run shown as a new test in the test file beside the document (created when
    /// missing), then runs the tests.
    pub(super) fn save_run_as_test(&mut self) {
        let Some(doc) = self.docs.get(self.active) else {
            return;
        };
        if let Err(why) = savable(doc) {
            self.set_status(why);
            return;
        }
        let (Some(path), Some(run)) = (doc.path.clone(), doc.run.as_ref()) else {
            return;
        };
        let tests_path = tests_beside(Some(&path)).unwrap_or_else(|| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stem = name.split('.').next().unwrap_or("workflow").to_owned();
            path.with_file_name(format!("{stem}.tests.yaml"))
        });
        let test_case = match &run.origin {
            RunOrigin::Local { test_case } => test_case.clone(),
            _ => None,
        };
        let mock_config = doc
            .view
            .run_setup
            .as_ref()
            .and_then(|s| s.mocks.as_ref())
            .and_then(|m| m.path.as_ref())
            .map(|p| relative_to(p, tests_path.parent()));
        if test_case.is_some() && mock_config.is_none() {
            self.set_status(
                "This run's mocks are not in a file: save them beside the workflow first (Run panel), then save the run.",
            );
            return;
        }
        let input = run
            .event_json(0)
            .and_then(|e| {
                e.pointer("/executionStartedEventDetails/input")
                    .and_then(serde_json::Value::as_str)
                    .and_then(|text| serde_json::from_str(text).ok())
            })
            .unwrap_or_else(|| serde_json::json!({}));
        let error = run
            .events
            .len()
            .checked_sub(1)
            .and_then(|last| run.event_json(last))
            .and_then(|e| {
                e.pointer("/executionFailedEventDetails/error")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            });
        let entered: Vec<String> = run
            .events
            .iter()
            .filter(|e| {
                e.get("type")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|t| t.ends_with("StateEntered"))
            })
            .filter_map(|e| {
                e.pointer("/stateEnteredEventDetails/name")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
            })
            .collect();
        let status = match run.progress {
            crate::ui::run::Progress::Ended(status) => status.as_str().to_owned(),
            _ => return,
        };
        let facts = RunFacts {
            name: format!(
                "{} run, {}",
                test_case.as_deref().unwrap_or("unmocked"),
                status.to_lowercase()
            ),
            input,
            test_case,
            answers: run.answers.clone(),
            status,
            error,
            entered,
        };
        match append_test(&tests_path, mock_config.as_deref(), &facts) {
            Ok(name) => {
                let file = tests_path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = doc.id;
                self.notify(
                    NoticeKind::Info,
                    Some(id),
                    format!("Saved the run as the test \u{201c}{name}\u{201d} in {file}."),
                );
                self.run_tests(None);
            }
            Err(why) => {
                self.modal = Some(super::Modal::Message {
                    title: "Cannot save the run as a test".into(),
                    text: why,
                })
            }
        }
    }

    /// Runs the active document's tests (all, or the one named) on its text as it is.
    pub(super) fn run_tests(&mut self, only: Option<String>) {
        let executor = self.executor.clone();
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let (Some(definition), Some(tests_path)) =
            (doc.path.clone(), tests_beside(doc.path.as_deref()))
        else {
            self.set_status(
                "No tests beside this workflow: write NAME.tests.yaml beside its file.",
            );
            return;
        };
        doc.tests.start(
            &executor,
            tests_path,
            definition,
            doc.text.clone(),
            doc.format,
            doc.revision,
            only,
        );
    }

    /// Replays test `index`'s run on the canvas, at the first event that parted from what was
    /// expected (else at its end).
    fn show_test_run(&mut self, index: usize) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let Some(result) = doc
            .tests
            .last
            .as_ref()
            .and_then(|l| l.file.results.get(index))
        else {
            return;
        };
        let Some(events) = result.history.clone() else {
            return;
        };
        let parted = result.failures.iter().find_map(|(f, _)| f.event);
        let tests_path = doc
            .tests
            .last
            .as_ref()
            .map(|l| l.file.tests_path.clone())
            .unwrap_or_default();
        let loaded = LoadedHistory {
            events,
            source_kind: format!("workflow test \u{201c}{}\u{201d}", result.name),
            status: result.status.map(str::to_owned),
            output: None,
            error: None,
            cause: None,
        };
        doc.tests.show_coverage = false;
        self.show_replay(&tests_path, Ok(loaded));
        if let (Some(id), Some(run)) = (
            parted,
            self.docs.get_mut(self.active).and_then(|d| d.run.as_mut()),
        ) {
            // Event ids count from 1: show the run up to and with the event that parted.
            run.seek(usize::try_from(id).unwrap_or(usize::MAX));
        }
    }

    /// The coverage marks to paint on the active document's canvas, when asked for and still of
    /// its text.
    pub(super) fn coverage_marks(&self) -> Option<Arc<Marks>> {
        let doc = self.docs.get(self.active)?;
        let last = doc.tests.last.as_ref()?;
        (doc.tests.show_coverage && last.revision == doc.revision)
            .then(|| last.coverage.clone())
            .flatten()
    }
}
