//! Runs in the window: starting a run on the simulator (off the UI thread, through the jobs),
//! replaying a history file, the Run commands and the actions of the run panels, and the bottom
//! panel's tabs (Problems, Run, Events, Timeline).

use std::path::Path;

use eframe::egui::{self, Ui};
use statecraft_asl::graph::NodeId;
use statecraft_asl::validate::Severity;

use super::{App, Modal};
use crate::ui::command::RunCommand;
use crate::ui::document::OpenDocument;
use crate::ui::notifications::NoticeKind;
use crate::ui::panels::events::events_ui;
use crate::ui::panels::problems::problems_ui;
use crate::ui::panels::run::{prompts_ui, run_panel_ui, status_text, RunAction};
use crate::ui::panels::run_state::run_state_ui;
use crate::ui::panels::timeline::timeline_ui;
use crate::ui::run::setup::{MockSource, RunSetup};
use crate::ui::run::worker::RunWorker;
use crate::ui::run::{RunOrigin, RunSession};
use crate::ui::settings::{Settings, SideTab};
use crate::ui::templates::TEMPLATES;
use crate::ui::theme;

/// Seconds the states waiting for an answer pulse before their ring holds still (the window is
/// idle again after that).
const PULSE_SECS: f64 = 6.0;

/// The tabs of the bottom panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BottomTab {
    /// The validator's findings.
    #[default]
    Problems,
    /// Input, mocks, and the run's questions.
    Run,
    /// The run's events.
    Events,
    /// The run's states over virtual time.
    Timeline,
    /// The workflow's tests (NAME.tests.yaml beside it).
    Tests,
}

impl App {
    /// Takes what every document's run reported, and moves the active one's cursor while it
    /// plays; asks for a repaint only while something moves.
    pub(super) fn drive_runs(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let active = self.active;
        let mut show_prompts = false;
        let mut ended = Vec::new();
        for (index, doc) in self.docs.iter_mut().enumerate() {
            let title = doc.title();
            let Some(run) = &mut doc.run else {
                continue;
            };
            let had_prompts = !run.prompts().is_empty();
            let was_live = run.is_live();
            run.poll(now);
            if was_live && !run.is_live() {
                let case = match &run.origin {
                    RunOrigin::Local {
                        test_case: Some(case),
                    } => format!(" (test case {case})"),
                    _ => String::new(),
                };
                let kind = match run.progress {
                    crate::ui::run::Progress::Ended(statecraft_export::RunStatus::Succeeded) => {
                        NoticeKind::Info
                    }
                    _ => NoticeKind::Problem,
                };
                ended.push((
                    doc.id,
                    kind,
                    format!(
                        "{}{case}: {} after {} events",
                        title,
                        status_text(run).to_lowercase(),
                        run.events.len()
                    ),
                ));
            }
            if index != active {
                continue;
            }
            if let Some(wait) = run.tick(now, &doc.view.breakpoints) {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
            }
            if !had_prompts && !run.prompts().is_empty() {
                // The question just showed: its states pulse for a while, and the side panel
                // shows it.
                run.waiting_since = Some(now);
                show_prompts = true;
            }
            if let Some(since) = run.waiting_since {
                if !run.prompts().is_empty() && now - since < PULSE_SECS {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
            }
        }
        if show_prompts {
            self.settings.show_details = true;
            self.settings.side_tab = SideTab::Run;
        }
        for (doc, kind, text) in ended {
            self.notify(kind, Some(doc), text);
        }
    }

    /// The Run commands of the menu and the keyboard.
    pub(super) fn run_command(&mut self, command: RunCommand) {
        let action = match command {
            RunCommand::Start => RunAction::Start,
            RunCommand::Stop => RunAction::Stop,
            RunCommand::PlayPause => RunAction::PlayPause,
            RunCommand::Step => RunAction::Step,
            RunCommand::StepOver => RunAction::StepOver,
            RunCommand::StepBack => RunAction::StepBack,
            RunCommand::ToStart => RunAction::Seek(0),
            RunCommand::ToEnd => RunAction::Seek(usize::MAX),
            RunCommand::ToggleBreakpoint => {
                let mut none_chosen = false;
                if let Some(doc) = self.docs.get_mut(self.active) {
                    let chosen: Vec<NodeId> = doc.view.selection.iter().cloned().collect();
                    none_chosen = chosen.is_empty();
                    for id in chosen {
                        if !doc.view.breakpoints.remove(&id) {
                            doc.view.breakpoints.insert(id);
                        }
                    }
                }
                if none_chosen {
                    self.set_status("Select a state first: F9 puts a breakpoint on it.");
                }
                return;
            }
            RunCommand::ShowPanel => {
                self.settings.show_problems = true;
                self.bottom_tab = BottomTab::Run;
                return;
            }
            RunCommand::OpenRun => {
                let folder = self.active_folder();
                if let Some(path) = self.dialogs.pick_open(folder.as_deref()) {
                    self.open_run(&path);
                }
                return;
            }
        };
        self.apply_run_action(action);
    }

    /// Does what the run panels asked.
    pub(super) fn apply_run_action(&mut self, action: RunAction) {
        match &action {
            RunAction::Start => {
                let case = self.setup_of_active().and_then(|s| s.test_case.clone());
                self.start_run(case);
                return;
            }
            RunAction::ChooseMocks => {
                let folder = self.active_folder();
                if let Some(path) = self.dialogs.pick_open(folder.as_deref()) {
                    let source = MockSource::from_file(&path);
                    let problem = source.config.as_ref().err().cloned();
                    if let Some(setup) = self.setup_of_active() {
                        setup.test_case = source.test_cases.first().cloned();
                        setup.mocks = Some(source);
                    }
                    if let Some(problem) = problem {
                        self.modal = Some(Modal::Message {
                            title: "Cannot use the mock configuration".into(),
                            text: format!("{}: {problem}", path.display()),
                        });
                    }
                }
                return;
            }
            RunAction::StartTestCase(case) => {
                if let Some(setup) = self.setup_of_active() {
                    setup.test_case = Some(case.clone());
                }
                self.start_run(Some(case.clone()));
                return;
            }
            RunAction::Answer {
                state,
                answer,
                keep_as_mock: true,
                ..
            } => {
                let kept = self
                    .docs
                    .get_mut(self.active)
                    .map(|doc| (doc.id, keep_answer(doc, state, answer)));
                match kept {
                    Some((doc, Ok(text))) => self.notify(NoticeKind::Info, Some(doc), text),
                    Some((doc, Err(text))) => self.notify(
                        NoticeKind::Problem,
                        Some(doc),
                        format!("Cannot keep the answer as a mock: {text} The run goes on with the answer."),
                    ),
                    None => {}
                }
            }
            _ => {}
        }
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let Some(run) = &mut doc.run else {
            if matches!(action, RunAction::PlayPause | RunAction::Step) {
                self.set_status("No run yet: press F5 to run the workflow.");
            }
            return;
        };
        let follow = matches!(
            action,
            RunAction::Step | RunAction::StepOver | RunAction::StepBack | RunAction::Seek(_)
        );
        match action {
            RunAction::Start | RunAction::StartTestCase(_) | RunAction::ChooseMocks => {}
            RunAction::Stop => run.stop(),
            RunAction::PlayPause => run.toggle_play(),
            RunAction::Step => run.step(),
            RunAction::StepOver => run.step_over(),
            RunAction::StepBack => run.step_back(),
            RunAction::Seek(shown) => {
                run.playing = false;
                run.seek(shown);
            }
            RunAction::Speed(speed) => run.speed = speed,
            RunAction::Answer { token, answer, .. } => {
                doc.view.prompt_drafts.remove(&token);
                run.answer(&token, answer);
            }
            RunAction::Heartbeat(token) => run.heartbeat(&token),
            RunAction::LetTimePass => run.let_time_pass(),
            RunAction::Close => {
                doc.run = None;
                return;
            }
        }
        // Moving through the run selects the state of the event shown, so the inspector's Run
        // tab and the code follow it.
        if follow {
            if let Some(id) = run
                .cursor
                .checked_sub(1)
                .and_then(|i| run.view.node_of_event(i))
                .filter(|id| id.state_pointer().is_some())
            {
                doc.view.selection = std::collections::BTreeSet::from([id.clone()]);
            }
        }
    }

    /// The active document's run setup, found the first time it is asked for.
    fn setup_of_active(&mut self) -> Option<&mut RunSetup> {
        let doc = self.docs.get_mut(self.active)?;
        Some(ensure_setup(doc, &self.settings))
    }

    /// Starts a run of the active document on the simulator, with its setup and this test case.
    pub(super) fn start_run(&mut self, test_case: Option<String>) {
        self.run_serial += 1;
        let serial = self.run_serial;
        let executor = self.executor.clone();
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        if let Err(why) = can_run(doc) {
            self.modal = Some(Modal::Message {
                title: "Cannot run the workflow".into(),
                text: why,
            });
            return;
        }
        let mut setup = ensure_setup(doc, &self.settings).clone();
        setup.test_case = test_case.clone();
        let (Some(document), Some(diagram)) =
            (doc.analysis.document.as_ref(), doc.analysis.diagram.clone())
        else {
            return;
        };
        let (execution, suggestions) = match setup.execution(document) {
            Ok(prepared) => prepared,
            Err(why) => {
                self.modal = Some(Modal::Message {
                    title: "Cannot run the workflow".into(),
                    text: why,
                });
                return;
            }
        };
        if let Some(path) = doc.path.clone() {
            self.settings.remember_run_input(&path, &setup.input);
        }
        let speed = doc.run.as_ref().map(|r| r.speed).unwrap_or_default();
        let mut session = RunSession::live(
            serial,
            doc.text.clone(),
            diagram,
            test_case,
            RunWorker::new(execution),
            &executor,
        );
        session.speed = speed;
        session.suggestions = suggestions;
        doc.run = Some(session);
        // A run and a comparison share the canvas: the run asked for now is what it shows.
        doc.compare = None;
        doc.tests.show_coverage = false;
        doc.view.prompt_drafts.clear();
        self.settings.show_problems = true;
        if self.bottom_tab == BottomTab::Problems {
            self.bottom_tab = BottomTab::Run;
        }
        // The side panel shows the selected state's data in the run.
        self.settings.show_details = true;
        self.settings.side_tab = SideTab::Run;
    }

    /// Replays a history file on the active document.
    pub fn open_run(&mut self, path: &Path) {
        let loaded = crate::fsio::read_text_bounded(path, crate::fsio::MAX_HISTORY_BYTES)
            .map_err(|e| format!("{e:#}"))
            .and_then(|text| {
                statecraft_export::read_history(&text)
                    .map_err(|e| format!("{}: {e}", path.display()))
            });
        self.show_replay(path, loaded);
    }

    /// Replays a history read from `path` (or says why it could not be read) on the active
    /// document.
    pub(super) fn show_replay(
        &mut self,
        path: &Path,
        loaded: Result<statecraft_export::LoadedHistory, String>,
    ) {
        self.run_serial += 1;
        let serial = self.run_serial;
        let Some(doc) = self.docs.get_mut(self.active) else {
            self.modal = Some(Modal::Message {
                title: "Cannot replay the run".into(),
                text: "Open the workflow the run belongs to first, then File > Open run…".into(),
            });
            return;
        };
        let Some(diagram) = doc.analysis.diagram.clone() else {
            self.modal = Some(Modal::Message {
                title: "Cannot replay the run".into(),
                text: "The workflow has no drawing yet: fix its text first.".into(),
            });
            return;
        };
        match loaded {
            Ok(history) => {
                let session = RunSession::replay(
                    serial,
                    RunOrigin::Replay {
                        path: path.to_path_buf(),
                        kind: history.source_kind.clone(),
                    },
                    doc.text.clone(),
                    diagram,
                    history.events,
                );
                let unfit: Vec<String> = session
                    .unfit
                    .iter()
                    .map(|(index, name)| format!("event {} ({name})", index + 1))
                    .collect();
                let id = doc.id;
                doc.run = Some(session);
                doc.compare = None;
                self.bottom_tab = BottomTab::Events;
                self.settings.show_problems = true;
                if !unfit.is_empty() {
                    let shown: Vec<&str> = unfit.iter().take(5).map(String::as_str).collect();
                    let more = if unfit.len() > 5 {
                        format!(" and {} more", unfit.len() - 5)
                    } else {
                        String::new()
                    };
                    self.notify(
                        NoticeKind::Problem,
                        Some(id),
                        format!(
                            "{} event{} of {} name states this workflow does not have: {}{more}. The rest is shown.",
                            unfit.len(),
                            if unfit.len() == 1 { "" } else { "s" },
                            path.display(),
                            shown.join(", ")
                        ),
                    );
                }
            }
            Err(text) => {
                self.modal = Some(Modal::Message {
                    title: "Cannot replay the run".into(),
                    text: format!("{text}\n\nA run is replayed from the JSON of aws stepfunctions get-execution-history, or of statecraft run."),
                });
            }
        }
    }

    /// The side panel's Run tab: the questions the run waits on, then the selected state's data
    /// at the cursor.
    pub(super) fn side_run_ui(&mut self, ui: &mut Ui) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let selected = (doc.view.selection.len() == 1)
            .then(|| doc.view.selection.iter().next().cloned())
            .flatten();
        let can_keep = doc.path.is_some();
        let OpenDocument { view, run, .. } = doc;
        let Some(run) = run.as_mut() else {
            ui.label(
                "No run yet: press F5 to run the workflow, or File > Open run… to replay a history.",
            );
            return;
        };
        let mut action = None;
        if !run.prompts().is_empty() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.heading("The run waits for your answer");
                egui::ScrollArea::vertical()
                    .id_salt("prompts")
                    .max_height(ui.available_height() * 0.7)
                    .show(ui, |ui| {
                        action = prompts_ui(
                            ui,
                            run,
                            run.prompts(),
                            &run.suggestions,
                            &mut view.prompt_drafts,
                            can_keep,
                        );
                    });
            });
            ui.add_space(8.0);
        }
        run_state_ui(ui, run, selected.as_ref());
        if let Some(action) = action {
            self.apply_run_action(action);
        }
    }

    /// The bottom panel: Problems, Run, Events and Timeline tabs.
    pub(super) fn bottom_panel_ui(&mut self, ui: &mut Ui, diagram_theme: statecraft_export::Theme) {
        let has_run = self.docs.get(self.active).is_some_and(|d| d.run.is_some());
        ui.horizontal(|ui| {
            for (tab, label, hint) in [
                (
                    BottomTab::Problems,
                    "Problems",
                    "What validation found (Ctrl+M)",
                ),
                (
                    BottomTab::Run,
                    "Run",
                    "Input, mocks, test cases, and the run's questions (Ctrl+Shift+R)",
                ),
                (
                    BottomTab::Events,
                    "Events",
                    "The run's events, as the console's event view",
                ),
                (
                    BottomTab::Timeline,
                    "Timeline",
                    "The run's states over virtual time",
                ),
                (
                    BottomTab::Tests,
                    "Tests",
                    "The workflow's tests (NAME.tests.yaml beside it): run them, see what failed, paint their coverage",
                ),
            ] {
                let enabled = has_run
                    || matches!(tab, BottomTab::Problems | BottomTab::Run | BottomTab::Tests);
                if ui
                    .add_enabled(
                        enabled,
                        egui::Button::selectable(self.bottom_tab == tab, label),
                    )
                    .on_hover_text(hint)
                    .clicked()
                {
                    self.bottom_tab = tab;
                }
            }
        });
        ui.separator();
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let mut action = None;
        match self.bottom_tab {
            BottomTab::Problems => {
                if let Some(go) = problems_ui(ui, doc, theme::problem_colours(diagram_theme)) {
                    self.go_to_problem(go);
                }
            }
            BottomTab::Run => {
                let allowed = can_run(doc);
                ensure_setup(doc, &self.settings);
                let OpenDocument { view, run, .. } = doc;
                if let Some(setup) = view.run_setup.as_mut() {
                    action = run_panel_ui(ui, setup, run.as_ref(), allowed);
                }
            }
            BottomTab::Tests => {
                self.tests_tab_ui(ui, diagram_theme);
                return;
            }
            BottomTab::Events => match &doc.run {
                Some(run) => action = events_ui(ui, run, &mut doc.view.event_filter),
                None => {
                    ui.label("No run: press F5, or File > Open run…");
                }
            },
            BottomTab::Timeline => match &mut doc.run {
                Some(run) => {
                    let timeline = run.timeline();
                    action = timeline_ui(ui, run, &timeline);
                }
                None => {
                    ui.label("No run: press F5, or File > Open run…");
                }
            },
        }
        if let Some(action) = action {
            self.apply_run_action(action);
        }
    }
}

/// Writes an answer into the mock configuration beside the document (see `keep_mock`), and
/// points the run setup at it. Returns the status line to show.
fn keep_answer(
    doc: &mut OpenDocument,
    state: &str,
    answer: &statecraft_sim::TaskAnswer,
) -> Result<String, String> {
    let Some(path) = doc.path.clone() else {
        return Err("The workflow has no file yet: save it first.".into());
    };
    let Some(setup) = doc.view.run_setup.as_mut() else {
        return Err("The run has no setup.".into());
    };
    let target = setup
        .mocks
        .as_ref()
        .and_then(|m| m.path.clone())
        .unwrap_or_else(|| {
            path.parent()
                .unwrap_or(std::path::Path::new("."))
                .join(format!("{}.mocks.json", setup.machine_name))
        });
    let kept = crate::ui::run::keep_mock::keep_as_mock(
        &target,
        &setup.machine_name,
        setup.test_case.as_deref(),
        state,
        answer,
    )?;
    setup.mocks = Some(crate::ui::run::setup::MockSource::from_file(&kept.path));
    setup.test_case = Some(kept.test_case.clone());
    Ok(format!(
        "Kept the answer for {state} in {}, test case {}",
        kept.path.display(),
        kept.test_case
    ))
}

/// Whether the document can be run now, and why not.
pub(super) fn can_run(doc: &OpenDocument) -> Result<(), String> {
    if doc.analysis.document.is_none() {
        return Err("The text does not parse: fix it first (see Problems).".into());
    }
    let errors = doc
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(format!(
            "The definition has {errors} error{}: fix {} first (see Problems).",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        ));
    }
    Ok(())
}

/// The document's run setup, found (mocks and input beside the file, or the template's; the
/// input last run on this file) the first time.
fn ensure_setup<'a>(doc: &'a mut OpenDocument, settings: &Settings) -> &'a mut RunSetup {
    let template = doc.template.and_then(|i| TEMPLATES.get(i));
    let path = doc.path.clone();
    doc.view.run_setup.get_or_insert_with(|| {
        let mut setup = RunSetup::discover(path.as_deref(), template);
        if let Some(input) = path.as_deref().and_then(|p| settings.run_input(p)) {
            setup.input = input.to_owned();
        }
        setup
    })
}
