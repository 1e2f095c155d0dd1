//! The Tests tab: the open workflow's tests (`NAME.tests.yaml` beside it), run all or one, each
//! with its status and, when it failed, what was expected and what happened; a failing test's
//! run can be shown on the canvas, and the coverage painted there.

use eframe::egui::{self, Color32, RichText, ScrollArea, Ui};
use statecraft_export::{Palette, StateStatus, Theme};

use crate::ui::canvas::paint::colour;
use crate::ui::testing::TestsSession;

/// What the user asked of the Tests tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestsAction {
    /// Run every test.
    RunAll,
    /// Run one test again (by name).
    RunOne(String),
    /// Replay a test's run on the canvas (by index in the results).
    ShowRun(usize),
    /// Paint the coverage on the canvas, or stop.
    ToggleCoverage,
    /// Save the run shown as a new test.
    SaveRun,
}

/// Where the tab finds the tests.
#[derive(Debug, Clone, Copy)]
pub struct TestsPlace<'a> {
    /// The document's file name ("order.asl.json"), `None` before it has one.
    pub file_name: Option<&'a str>,
    /// The test file's name, when one is beside the document.
    pub tests_name: Option<&'a str>,
    /// The document's revision now (results of an older one are marked stale).
    pub revision: u64,
    /// Whether the run shown can be saved as a test (`Err`: why not).
    pub can_save: Result<(), &'a str>,
}

/// The "Save this run as a test" button.
fn save_button(ui: &mut Ui, place: &TestsPlace<'_>) -> bool {
    let button = ui.add_enabled(
        place.can_save.is_ok(),
        egui::Button::new("Save this run as a test"),
    );
    let hint = match place.can_save {
        Ok(()) => "Add a test with this run's input, test case and answers, expecting what happened (status, error, the states entered); trim it after",
        Err(why) => why,
    };
    button
        .on_hover_text(hint)
        .on_disabled_hover_text(hint)
        .clicked()
}

fn status_ink(theme: Theme, status: StateStatus) -> Color32 {
    let palette = Palette::of(theme);
    colour(palette.status_colours(status, palette.text).stroke)
}

/// The Tests tab.
pub fn tests_ui(
    ui: &mut Ui,
    session: &TestsSession,
    place: TestsPlace<'_>,
    theme: Theme,
) -> Option<TestsAction> {
    let mut action = None;
    let Some(file_name) = place.file_name else {
        ui.label(
            RichText::new(
                "Save the workflow first: its tests live in a file beside it (NAME.tests.yaml).",
            )
            .weak(),
        );
        return None;
    };
    let Some(tests_name) = place.tests_name else {
        let stem = file_name.split('.').next().unwrap_or(file_name);
        ui.label(format!("No tests beside {file_name}."));
        if save_button(ui, &place) {
            return Some(TestsAction::SaveRun);
        }
        ui.label(
            RichText::new(format!(
                "Write {stem}.tests.yaml beside it: each test gives an input, mocks (a test case of \
                 a mock configuration, or responses), answers for waiting tasks, and what must hold \
                 (status, output, states entered, retries). docs/workflow-tests.schema.json \
                 describes it; `statecraft test` runs the same tests in CI."
            ))
            .weak(),
        );
        return None;
    };
    ui.horizontal(|ui| {
        let running = session.is_running();
        if ui
            .add_enabled(!running, egui::Button::new("Run all tests"))
            .on_hover_text(format!(
                "Run every test of {tests_name} on the workflow as it is here (unsaved edits included)"
            ))
            .clicked()
        {
            action = Some(TestsAction::RunAll);
        }
        if running {
            ui.spinner();
            ui.label("Running…");
        }
        if save_button(ui, &place) {
            action = Some(TestsAction::SaveRun);
        }
        let has_coverage = session.last.as_ref().is_some_and(|l| l.coverage.is_some());
        let mut show = session.show_coverage;
        if ui
            .add_enabled(has_coverage, egui::Checkbox::new(&mut show, "Show coverage"))
            .on_hover_text(
                "Paint on the canvas what the tests reached: tested states and transitions green, \
                 the others dashed red",
            )
            .changed()
        {
            action = Some(TestsAction::ToggleCoverage);
        }
    });
    let Some(last) = &session.last else {
        ui.label(RichText::new(format!("{tests_name}: not run yet.")).weak());
        return action;
    };
    let file = &last.file;
    if last.revision != place.revision {
        ui.label(
            RichText::new("The workflow changed since these results: run the tests again.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(error) = &file.error {
        ui.add(egui::Label::new(RichText::new(error).color(ui.visuals().error_fg_color)).wrap());
        return action;
    }
    let passed = file.results.iter().filter(|r| r.passed()).count();
    let failed = file.results.len() - passed;
    let mut summary = format!("{passed} passed, {failed} failed");
    if let Some(coverage) = &file.coverage {
        summary.push_str(&format!(" \u{b7} coverage: {}", coverage.summary()));
    }
    ui.label(RichText::new(summary).strong());
    ScrollArea::vertical()
        .id_salt("tests list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (index, result) in file.results.iter().enumerate() {
                ui.horizontal(|ui| {
                    let (word, status) = if result.passed() {
                        ("pass", StateStatus::Succeeded)
                    } else {
                        ("FAIL", StateStatus::Failed)
                    };
                    ui.label(
                        RichText::new(word)
                            .strong()
                            .color(status_ink(theme, status)),
                    );
                    ui.label(&result.name);
                    if ui
                        .small_button("Run")
                        .on_hover_text("Run this test again")
                        .clicked()
                    {
                        action = Some(TestsAction::RunOne(result.name.clone()));
                    }
                    if result.history.is_some()
                        && ui
                            .small_button("Show run")
                            .on_hover_text(
                                "Replay this test's run on the canvas (at the first event that \
                                 parted from what was expected)",
                            )
                            .clicked()
                    {
                        action = Some(TestsAction::ShowRun(index));
                    }
                });
                let detail = |ui: &mut Ui, text: &str| {
                    ui.horizontal(|ui| {
                        ui.add_space(24.0);
                        ui.add(egui::Label::new(text).wrap());
                    });
                };
                if let Some(error) = &result.error {
                    detail(ui, error);
                }
                for (failure, at) in &result.failures {
                    detail(
                        ui,
                        &format!(
                            "{}: {} (line {})",
                            failure.key.replace('/', "."),
                            failure.message,
                            at.line
                        ),
                    );
                }
                for note in &result.notes {
                    detail(ui, &format!("note: {note}"));
                }
            }
        });
    action
}
