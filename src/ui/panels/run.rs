//! The Run panel (a tab beside Problems): what a run starts from (input, mocks and test case,
//! seed, start time), how it stands, and the tasks waiting for the user's answer; and the
//! transport bar above the canvas (play, step, step back, speed, the cursor). Widgets report
//! [`RunAction`]s; the app applies them.

use std::collections::{BTreeMap, HashMap};

use eframe::egui::{self, Color32, RichText, ScrollArea, TextEdit, Ui};
use serde_json::Value;
use statecraft_export::RunStatus;
use statecraft_sim::mock::MockOutcome;
use statecraft_sim::{PendingKind, PendingTask, TaskAnswer};

use crate::ui::run::setup::RunSetup;
use crate::ui::run::{sample_answer, sample_failure, Progress, RunOrigin, RunSession, Speed};

/// What the user asked of the run.
#[derive(Debug, Clone, PartialEq)]
pub enum RunAction {
    /// Start a run with the setup (F5).
    Start,
    /// Start a run of this test case.
    StartTestCase(String),
    /// Stop the run (Shift+F5).
    Stop,
    /// Play or pause.
    PlayPause,
    /// Next event.
    Step,
    /// To the next state.
    StepOver,
    /// Previous event.
    StepBack,
    /// Show this many events.
    Seek(usize),
    /// Playing speed.
    Speed(Speed),
    /// Answer a waiting task.
    Answer {
        /// Its token.
        token: String,
        /// The task's state.
        state: String,
        /// The answer.
        answer: TaskAnswer,
        /// Also write the answer into the mock configuration ("keep as mock").
        keep_as_mock: bool,
    },
    /// A heartbeat for a waiting task.
    Heartbeat(String),
    /// Let virtual time pass to the next timeout.
    LetTimePass,
    /// Close the run (the canvas shows the definition alone again).
    Close,
    /// Choose a mock configuration file.
    ChooseMocks,
}

/// What the user types into a prompt, by task token.
#[derive(Debug, Clone, Default)]
pub struct PromptDraft {
    /// The output of a success, as JSON text.
    pub output: String,
    /// The error of a failure.
    pub error: String,
    /// The cause of a failure.
    pub cause: String,
    /// Keep the answer in the mock configuration.
    pub keep: bool,
}

/// The prompts' drafts, by task token.
pub type PromptDrafts = HashMap<String, PromptDraft>;

/// Words for a run's status, as the console says them.
pub fn status_text(run: &RunSession) -> String {
    match run.progress {
        Progress::Running => "Running".into(),
        Progress::Waiting => {
            let n = run.waiting.len();
            format!("Waiting for {n} answer{}", if n == 1 { "" } else { "s" })
        }
        Progress::Ended(status) => match status {
            RunStatus::Succeeded => "Succeeded".into(),
            RunStatus::Failed => "Failed".into(),
            RunStatus::TimedOut => "Timed out".into(),
            RunStatus::Aborted => "Stopped".into(),
            RunStatus::Running => "Replayed (no end recorded)".into(),
        },
    }
}

/// Virtual time as "+2d 03:04:05.250".
pub fn elapsed_text(ms: i64) -> String {
    let total_secs = ms / 1000;
    let (days, rest) = (total_secs / 86_400, total_secs % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}.{:03}",
        rest / 3600,
        (rest % 3600) / 60,
        rest % 60,
        ms % 1000
    );
    if days > 0 {
        format!("+{days}d {clock}")
    } else {
        format!("+{clock}")
    }
}

/// A virtual duration in plain words, to the two largest units ("1 day", "2 days 3 hours",
/// "20 minutes 5 seconds"; "now" when none is left).
pub fn virtual_duration(ms: i64) -> String {
    if ms <= 0 {
        return "now".into();
    }
    let secs = (ms + 999) / 1000;
    let parts = [
        (secs / 86_400, "day"),
        (secs % 86_400 / 3600, "hour"),
        (secs % 3600 / 60, "minute"),
        (secs % 60, "second"),
    ];
    let words: Vec<String> = parts
        .iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    words.join(" ")
}

/// The transport bar above the canvas: controls, speed, the cursor as a slider, the run's status.
pub fn transport_ui(ui: &mut Ui, run: &RunSession, stale: bool) -> Option<RunAction> {
    let mut action = None;
    let total = run.events.len();
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut Ui, label: &str, hint: &str, enabled: bool, a: RunAction| {
            if ui
                .add_enabled(enabled, egui::Button::new(label))
                .on_hover_text(hint)
                .clicked()
            {
                action = Some(a);
            }
        };
        button(
            ui,
            "To start",
            "Before the first event (Home)",
            run.cursor > 0,
            RunAction::Seek(0),
        );
        button(
            ui,
            "Step back",
            "One event back (Shift+F11)",
            run.cursor > 0,
            RunAction::StepBack,
        );
        let playing_label = if run.playing { "Pause" } else { "Play" };
        button(
            ui,
            playing_label,
            "Play the run on the diagram, or pause (F6)",
            true,
            RunAction::PlayPause,
        );
        button(
            ui,
            "Step",
            "The next event (F11)",
            run.cursor < total,
            RunAction::Step,
        );
        button(
            ui,
            "Step over",
            "To the next state (F10)",
            run.cursor < total,
            RunAction::StepOver,
        );
        button(
            ui,
            "To end",
            "The newest event (End)",
            run.cursor < total,
            RunAction::Seek(total),
        );
        let mut speed = run.speed;
        egui::ComboBox::from_id_salt("run speed")
            .selected_text(speed.title())
            .show_ui(ui, |ui| {
                for s in Speed::ALL {
                    ui.selectable_value(&mut speed, s, s.title());
                }
            })
            .response
            .on_hover_text("How fast playing goes, and how fast virtual time passes");
        if speed != run.speed {
            action = Some(RunAction::Speed(speed));
        }
        ui.separator();
        ui.strong(status_text(run));
        if let RunOrigin::Replay { path, kind } = &run.origin {
            ui.label(
                RichText::new(format!(
                    "replay of {} ({kind})",
                    path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned()
                    )
                ))
                .weak(),
            );
        }
        if stale {
            ui.colored_label(
                Color32::from_rgb(0xd9, 0x73, 0x06),
                "The definition changed: run again",
            )
            .on_hover_text("The run is shown as it ran on the earlier text (F5 runs the new one)");
        }
        if ui
            .button("Close run")
            .on_hover_text("Show the definition without the run")
            .clicked()
        {
            action = Some(RunAction::Close);
        }
    });
    // The cursor: a slider across the whole bar, with the event and the virtual time.
    ui.horizontal(|ui| {
        let label = format!("Event {} of {total}", run.cursor);
        let time = elapsed_text(run.elapsed_ms());
        let reserved = 230.0;
        ui.spacing_mut().slider_width = (ui.available_width() - reserved).max(80.0);
        let mut cursor = run.cursor;
        let slider = ui
            .add(egui::Slider::new(&mut cursor, 0..=total.max(1)).show_value(false))
            .on_hover_text("Drag to move through the run (Home, End, F11, Shift+F11)");
        if slider.changed() {
            action = Some(RunAction::Seek(cursor.min(total)));
        }
        ui.label(label);
        ui.label(RichText::new(time).monospace())
            .on_hover_text("Virtual time since the run started, at the cursor");
    });
    action
}

/// The Run tab: setup on the left, status and prompts on the right.
pub fn run_panel_ui(
    ui: &mut Ui,
    setup: &mut RunSetup,
    run: Option<&RunSession>,
    can_run: Result<(), String>,
) -> Option<RunAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        let live = run.is_some_and(RunSession::is_live);
        let run_button = ui
            .add_enabled(can_run.is_ok(), egui::Button::new("\u{25b6} Run"))
            .on_hover_text("Run the workflow on the simulator with this input and test case (F5)");
        if let Err(why) = &can_run {
            run_button.clone().on_disabled_hover_text(why.as_str());
        }
        if run_button.clicked() {
            action = Some(RunAction::Start);
        }
        if ui
            .add_enabled(live, egui::Button::new("\u{25a0} Stop"))
            .on_hover_text("Stop the run, as StopExecution does (Shift+F5)")
            .clicked()
        {
            action = Some(RunAction::Stop);
        }
        match run {
            Some(run) => {
                ui.strong(status_text(run));
                ui.label(format!("{} events", run.events.len()));
                if !run.prompts().is_empty() {
                    ui.label(
                        RichText::new(
                            "The run waits for your answer: see the Run tab of the side panel.",
                        )
                        .strong(),
                    );
                }
                if let Some(notice) = &run.notice {
                    ui.label(RichText::new(notice).italics());
                }
            }
            None => {
                if let Err(why) = &can_run {
                    ui.label(RichText::new(why).weak());
                } else {
                    ui.label(
                        RichText::new(
                            "No run yet: press Run (F5), or File > Open run… to replay a history.",
                        )
                        .weak(),
                    );
                }
            }
        }
    });
    ui.separator();
    if let Some(a) = setup_ui(ui, setup) {
        action = Some(a);
    }
    action
}

fn setup_ui(ui: &mut Ui, setup: &mut RunSetup) -> Option<RunAction> {
    let mut action = None;
    ui.columns(2, |columns| {
        input_ui(&mut columns[0], setup);
        action = mocks_ui(&mut columns[1], setup);
    });
    action
}

/// The execution input, checked as it is typed.
/// Inputs larger than this are shown by their start until the user asks to edit them.
const LARGE_INPUT_BYTES: usize = 32 * 1024;

fn input_ui(ui: &mut Ui, setup: &mut RunSetup) {
    ui.horizontal(|ui| {
        ui.strong("Input");
        if let Some(sample) = setup.sample_input.clone() {
            if ui
                .small_button("Use the sample input")
                .on_hover_text("The input kept beside the file (NAME.input.json) or the template's")
                .clicked()
            {
                setup.input = sample;
            }
        }
    });
    if let Some(problem) = setup.input_problem() {
        ui.colored_label(Color32::from_rgb(0xd1, 0x32, 0x12), problem);
    }
    if setup.input.len() > LARGE_INPUT_BYTES && !setup.edit_large_input {
        // Laying out a large text in an editor takes longer than a frame: show its start.
        let start: String = setup.input.chars().take(300).collect();
        ui.label(
            RichText::new(format!(
                "The input is {} KB; its start:",
                setup.input.len().div_ceil(1024)
            ))
            .weak(),
        );
        ui.add(egui::Label::new(RichText::new(format!("{start}…")).monospace()).truncate());
        if ui
            .small_button("Edit it here")
            .on_hover_text("Show the whole input in the editor (slow for very large inputs)")
            .clicked()
        {
            setup.edit_large_input = true;
        }
        return;
    }
    ScrollArea::vertical()
        .id_salt("run input scroll")
        .show(ui, |ui| {
            ui.add(
                TextEdit::multiline(&mut setup.input)
                    .code_editor()
                    .desired_rows(5)
                    .desired_width(f32::INFINITY)
                    .id_salt("run input"),
            )
            .widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Run input")
            });
        });
}

/// The mock configuration and its test cases, and how the run starts.
fn mocks_ui(ui: &mut Ui, setup: &mut RunSetup) -> Option<RunAction> {
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.strong("Mocks");
        if ui
            .small_button("Choose…")
            .on_hover_text("Use another MockConfigFile (AWS Step Functions Local's format)")
            .clicked()
        {
            action = Some(RunAction::ChooseMocks);
        }
        match &setup.mocks {
            None => {
                ui.label(RichText::new(format!(
                    "none found ({}.mocks.json or MockConfigFile.json beside the file): tasks ask for their results",
                    setup.machine_name
                )).weak());
            }
            Some(source) => {
                ui.label(source.label());
                if let Err(err) = &source.config {
                    ui.colored_label(Color32::from_rgb(0xd1, 0x32, 0x12), err);
                }
                let chosen = setup
                    .test_case
                    .clone()
                    .unwrap_or_else(|| "no test case (tasks ask)".into());
                egui::ComboBox::from_id_salt("run test case")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut setup.test_case, None, "no test case (tasks ask)");
                        for case in &source.test_cases {
                            ui.selectable_value(&mut setup.test_case, Some(case.clone()), case);
                        }
                    })
                    .response
                    .on_hover_text("The test case whose mocked responses F5 runs with");
            }
        }
    });
    if let Some(source) = &setup.mocks {
        if !source.test_cases.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Run").weak());
                for case in &source.test_cases {
                    if ui
                        .small_button(case)
                        .on_hover_text(format!("Run with the mocks of test case {case}"))
                        .clicked()
                    {
                        action = Some(RunAction::StartTestCase(case.clone()));
                    }
                }
            });
        }
    }
    ui.checkbox(&mut setup.answer_approvals, "Answer approvals myself")
        .on_hover_text("Tasks that wait for a task token (.waitForTaskToken) ask you, even when the test case mocks them");
    ui.horizontal_wrapped(|ui| {
        ui.label("Seed");
        ui.add(TextEdit::singleline(&mut setup.seed).desired_width(60.0).id_salt("run seed"))
            .on_hover_text("All randomness (States.UUID, $random, retry jitter) comes from it: the same seed records the same run");
        ui.label("Start");
        ui.add(TextEdit::singleline(&mut setup.start_time).desired_width(170.0).id_salt("run start"))
            .on_hover_text("When the run starts on the virtual clock (ISO 8601)");
        ui.checkbox(&mut setup.express, "Express")
            .on_hover_text("Run as an Express workflow (5-minute limit)");
    });
    action
}

/// Each waiting task: what was sent, and the answers the user can give.
pub fn prompts_ui(
    ui: &mut Ui,
    run: &RunSession,
    prompts: &[PendingTask],
    suggestions: &BTreeMap<String, MockOutcome>,
    drafts: &mut PromptDrafts,
    can_keep: bool,
) -> Option<RunAction> {
    let mut action = None;
    let timed = prompts.len();
    for task in prompts {
        let draft = drafts.entry(task.token.clone()).or_insert_with(|| {
            // The test case's own answer when it has one, else the service's usual shape.
            let (mut error, mut cause) = sample_failure(task);
            let mut output = sample_answer(task);
            match suggestions.get(&task.state_name) {
                Some(MockOutcome::Return(value)) => output = value.clone(),
                Some(MockOutcome::Throw { error: e, cause: c }) => {
                    error = e.clone();
                    cause = c.clone();
                }
                None => {}
            }
            PromptDraft {
                output: serde_json::to_string_pretty(&output).unwrap_or_else(|_| "{}".into()),
                error,
                cause,
                keep: false,
            }
        });
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let waits = match task.kind {
                PendingKind::Callback => "waits for its task token",
                PendingKind::Result => "has no mock: give its result",
            };
            let place = if task.location.is_empty() {
                String::new()
            } else {
                format!(" ({})", task.location)
            };
            ui.strong(format!("{}{place} {waits}", task.state_name));
            let deadlines = run.deadlines(task);
            let mut timers = Vec::new();
            if let Some(ms) = deadlines.timeout_ms {
                timers.push(format!("times out in {}", virtual_duration(ms)));
            }
            if let Some(ms) = deadlines.heartbeat_ms {
                timers.push(format!("needs a heartbeat within {}", virtual_duration(ms)));
            }
            if !timers.is_empty() {
                ui.label(RichText::new(format!("It {} (virtual time).", timers.join(" and "))).weak());
            }
            ui.label("Output");
            ui.add(
                TextEdit::multiline(&mut draft.output)
                    .code_editor()
                    .desired_rows(3)
                    .desired_width(f32::INFINITY)
                    .id_salt(("prompt output", &task.token)),
            );
            let output: Result<Value, String> =
                serde_json::from_str(&draft.output).map_err(|e| format!("The output is not JSON: {e}"));
            if let Err(err) = &output {
                ui.colored_label(Color32::from_rgb(0xd1, 0x32, 0x12), err);
            }
            if task.kind == PendingKind::Result {
                ui.add_enabled(can_keep, egui::Checkbox::new(&mut draft.keep, "Keep as mock"))
                    .on_hover_text("Write the answer into the mock configuration beside the workflow, so the next run of the test case uses it")
                    .on_disabled_hover_text("Save the workflow to a file first: the mocks are kept beside it");
            }
            ui.horizontal(|ui| {
                let (ok_label, ok_hint) = match task.kind {
                    PendingKind::Callback => ("Approve", "SendTaskSuccess with this output"),
                    PendingKind::Result => ("Return this result", "The task succeeds with this output"),
                };
                if ui
                    .add_enabled(output.is_ok(), egui::Button::new(ok_label))
                    .on_hover_text(ok_hint)
                    .clicked()
                {
                    if let Ok(value) = &output {
                        action = Some(RunAction::Answer {
                            token: task.token.clone(),
                            state: task.state_name.clone(),
                            answer: TaskAnswer::Success(value.clone()),
                            keep_as_mock: draft.keep,
                        });
                    }
                }
                if task.kind == PendingKind::Callback
                    && ui
                        .button("Heartbeat")
                        .on_hover_text("SendTaskHeartbeat: the task keeps waiting, its heartbeat timer starts again")
                        .clicked()
                {
                    action = Some(RunAction::Heartbeat(task.token.clone()));
                }
            });
            // Fields as wide as the panel: the side panel keeps the width the user gave it.
            let field_width = (ui.available_width() - 60.0).max(80.0);
            ui.horizontal(|ui| {
                ui.label("Error");
                ui.add(
                    TextEdit::singleline(&mut draft.error)
                        .desired_width(field_width)
                        .id_salt(("prompt error", &task.token)),
                );
            });
            ui.horizontal(|ui| {
                ui.label("Cause");
                ui.add(
                    TextEdit::singleline(&mut draft.cause)
                        .desired_width(field_width)
                        .id_salt(("prompt cause", &task.token)),
                );
            });
            ui.horizontal(|ui| {
                let fail_label = match task.kind {
                    PendingKind::Callback => "Reject",
                    PendingKind::Result => "Fail the task",
                };
                if ui
                    .button(fail_label)
                    .on_hover_text("SendTaskFailure with this error and cause")
                    .clicked()
                {
                    action = Some(RunAction::Answer {
                        token: task.token.clone(),
                        state: task.state_name.clone(),
                        answer: TaskAnswer::Failure {
                            error: Some(draft.error.clone()).filter(|e| !e.is_empty()),
                            cause: Some(draft.cause.clone()).filter(|c| !c.is_empty()),
                        },
                        keep_as_mock: draft.keep,
                    });
                }
            });
            egui::CollapsingHeader::new(if task.kind == PendingKind::Callback {
                "Message sent"
            } else {
                "Task input"
            })
            .id_salt(("prompt input", &task.token))
            .default_open(false)
            .show(ui, |ui| {
                let text = serde_json::to_string_pretty(task.input.as_ref()).unwrap_or_default();
                ScrollArea::vertical()
                    .id_salt(("prompt input scroll", &task.token))
                    .max_height(140.0)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
                    });
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("Token {}", task.token)).weak().small());
                    if ui.small_button("Copy token").clicked() {
                        ui.ctx().copy_text(task.token.clone());
                    }
                });
            });
        });
    }
    // The next timer of any waiting task: what "let time pass" moves the clock to.
    let next = prompts
        .iter()
        .flat_map(|t| {
            let d = run.deadlines(t);
            [d.timeout_ms, d.heartbeat_ms]
        })
        .flatten()
        .min();
    let label = match next {
        Some(ms) => format!("Let time pass ({})", virtual_duration(ms)),
        None => "Let time pass".to_owned(),
    };
    if timed > 0
        && ui
            .button(label)
            .on_hover_text("Move the virtual clock to the next timeout or heartbeat deadline of the waiting tasks")
            .clicked()
    {
        action = Some(RunAction::LetTimePass);
    }
    action
}

#[cfg(test)]
mod tests {
    use super::virtual_duration;

    #[test]
    fn durations_read_in_the_two_largest_units() {
        assert_eq!(virtual_duration(86_400_000), "1 day");
        assert_eq!(
            virtual_duration(3 * 86_400_000 + 2 * 3_600_000 + 5_000),
            "3 days 2 hours"
        );
        assert_eq!(
            virtual_duration(20 * 60_000 + 5_000),
            "20 minutes 5 seconds"
        );
        assert_eq!(virtual_duration(1), "1 second");
        assert_eq!(virtual_duration(0), "now");
    }
}
