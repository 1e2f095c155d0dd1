//! The Tests tab's part of the app: starting the tests of the active document in the background,
//! taking every document's results in, replaying a test's run on the canvas, painting coverage.

use std::sync::Arc;

use eframe::egui::Ui;
use statecraft_export::{LoadedHistory, Marks, Theme};

use super::App;
use crate::ui::notifications::NoticeKind;
use crate::ui::panels::tests::{tests_ui, TestsAction, TestsPlace};
use crate::ui::testing::tests_beside;

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
        let action = tests_ui(
            ui,
            &doc.tests,
            TestsPlace {
                file_name: file_name.as_deref(),
                tests_name: tests_name.as_deref(),
                revision: doc.revision,
            },
            theme,
        );
        match action {
            Some(TestsAction::RunAll) => self.run_tests(None),
            Some(TestsAction::RunOne(name)) => self.run_tests(Some(name)),
            Some(TestsAction::ShowRun(index)) => self.show_test_run(index),
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
