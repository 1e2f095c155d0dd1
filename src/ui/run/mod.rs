//! A run attached to a document: where it came from (a local run on the simulator, or a history
//! file replayed), the events recorded so far, the state records, the cursor, and the tasks
//! waiting for the user. Playing, stepping and scrubbing only move the cursor; a live run and a
//! replay are the same view, the live one recording ahead of the cursor.
//!
//! What the canvas shows at the cursor comes from `statecraft_export::RunView` (one rule for the
//! canvas, `render --history` and the HTML page), kept per session and cached per cursor.

pub mod keep_mock;
pub mod setup;
pub mod worker;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use statecraft_asl::graph::NodeId;
use statecraft_export::{Diagram, IterationIndex, IterationPath, RunOverlay, RunStatus, RunView};
use statecraft_sim::mock::MockOutcome;
use statecraft_sim::{ExecutionStatus, PendingKind, PendingTask, StateRecord, TaskAnswer};

use super::jobs::{Executor, Job};
use super::panels::timeline::{timeline_of, Timeline};
use crate::workflow_tests::spec::AnswerSpec;
use worker::{RunInput, RunOutput, RunWorker};

/// The state visits whose data stages and variables a run keeps, the newest (between this and
/// twice as many are held): a long run over large data does not hold every visit's data. Older
/// visits still show their input and output, from their events.
pub const RECORDS_KEPT: usize = 1_000;

/// How often a live run's timeline is built again while events arrive.
const TIMELINE_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// How many events built whole by [`RunSession::event_json`] are kept.
const EVENTS_BUILT_KEPT: usize = 4;

/// How fast playing goes: a pause per event, longer where virtual time passes (capped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    /// About a second per event, virtual time at its own pace up to two seconds.
    Slow,
    /// A third of a second per event; virtual time ten times faster.
    #[default]
    Normal,
    /// Quick steps; virtual time a thousand times faster.
    Fast,
    /// Straight to the newest event.
    Instant,
}

impl Speed {
    /// Every speed, slowest first.
    pub const ALL: [Speed; 4] = [Speed::Slow, Speed::Normal, Speed::Fast, Speed::Instant];

    /// Its name in the speed menu.
    pub fn title(self) -> &'static str {
        match self {
            Speed::Slow => "Slow (virtual time 1×)",
            Speed::Normal => "Normal (10×)",
            Speed::Fast => "Fast (1000×)",
            Speed::Instant => "Instant",
        }
    }

    /// Seconds to show an event whose virtual time is `gap_ms` after the one before.
    pub fn delay_secs(self, gap_ms: i64) -> f64 {
        let (base, factor) = match self {
            Speed::Slow => (0.8, 1.0),
            Speed::Normal => (0.3, 10.0),
            Speed::Fast => (0.05, 1000.0),
            Speed::Instant => return 0.0,
        };
        let virtual_secs = gap_ms.max(0) as f64 / 1000.0 / factor;
        (base + virtual_secs).min(2.0)
    }
}

/// How long a waiting task has before a timer fails it (virtual milliseconds; `None`: no such
/// timer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deadlines {
    /// Until `TimeoutSeconds` fires.
    pub timeout_ms: Option<i64>,
    /// Until `HeartbeatSeconds` fires, unless a heartbeat comes first.
    pub heartbeat_ms: Option<i64>,
}

/// Where a run came from.
#[derive(Debug, Clone, PartialEq)]
pub enum RunOrigin {
    /// The simulator, here.
    Local {
        /// The mock test case it ran with, if any.
        test_case: Option<String>,
    },
    /// A history file, replayed.
    Replay {
        /// The file.
        path: PathBuf,
        /// What kind of history it held ("GetExecutionHistory", "statecraft run", ...).
        kind: String,
    },
}

/// Longest a frame spends taking in a threaded run's reports (the rest waits for the next frame).
const INTAKE_BUDGET: std::time::Duration = std::time::Duration::from_millis(6);

/// Events taken in at once, between two looks at the clock.
const INTAKE_CHUNK: usize = 512;

/// What the overlay shown depends on: the cursor and the Map iteration picked.
type OverlayKey = (usize, Option<IterationPath>);

/// How the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The engine is working.
    Running,
    /// The engine waits for the user (tasks listed in [`RunSession::waiting`]).
    Waiting,
    /// The run is over (or the replay fully read).
    Ended(RunStatus),
}

/// One run of a document.
#[derive(Debug)]
pub struct RunSession {
    /// Tells runs apart (display caches, tests).
    pub serial: u64,
    /// Where it came from.
    pub origin: RunOrigin,
    /// The document's text when it started: a different text now means the run is stale.
    pub text: String,
    /// The drawing it is shown on (the one it started on).
    pub diagram: Arc<Diagram>,
    /// The events so far, in AWS's `GetExecutionHistory` shape: outlines without payload texts
    /// for a live run (see [`RunSession::event_json`]), whole for a replay.
    pub events: Vec<Value>,
    /// A live run's events as the engine recorded them (payloads shared); empty for a replay.
    history: Vec<statecraft_sim::HistoryEvent>,
    /// The last event built whole by [`RunSession::event_json`].
    event_json_cache: std::cell::RefCell<Vec<(usize, Arc<Value>)>>,
    /// The events read for the canvas.
    pub view: RunView,
    /// Which Map iteration each event belongs to.
    pub iterations: IterationIndex,
    /// The Map iteration whose path the canvas paints in its processor (the iteration picker).
    pub picked_iteration: Option<IterationPath>,
    /// Each state visit's data, as the engine recorded it (local runs).
    pub records: Vec<StateRecord>,
    /// How many events are shown (0: before the run; `events.len()`: all).
    pub cursor: usize,
    /// Playing moves the cursor on by itself.
    pub playing: bool,
    /// How fast playing goes.
    pub speed: Speed,
    /// Tasks waiting for the user's answer.
    pub waiting: Vec<PendingTask>,
    /// How the run stands.
    pub progress: Progress,
    /// The last thing the engine refused, for the run panel.
    pub notice: Option<String>,
    /// Events of a replay that name states this definition does not have: (event index, name).
    pub unfit: Vec<(usize, String)>,
    /// When the prompt appeared (to pulse the waiting states for a while), in UI seconds.
    pub waiting_since: Option<f64>,
    /// What the test case would have answered for the approvals the user answers, by state name:
    /// the prompts offer it.
    pub suggestions: BTreeMap<String, MockOutcome>,
    /// When the user last sent each waiting task a heartbeat (virtual milliseconds), by token.
    pub heartbeats: BTreeMap<String, i64>,
    /// The answers the user gave to waiting tasks, in order, by state name (to save the run as a
    /// test).
    pub answers: Vec<(String, AnswerSpec)>,
    /// False once time was let pass with several tasks waiting (which one timed out is the
    /// engine's to say): the answers no longer replay the run.
    pub answers_replayable: bool,
    job: Option<Job<RunWorker>>,
    /// What the job reported and the frames have not taken in yet, in order.
    backlog: VecDeque<RunOutput>,
    /// UI time when the cursor moves on next while playing.
    next_step_secs: Option<f64>,
    overlay: Option<(OverlayKey, Arc<RunOverlay>)>,
    timeline: Option<(usize, std::time::Instant, Arc<Timeline>)>,
}

impl RunSession {
    /// A live run of `worker` on `executor`.
    pub fn live(
        serial: u64,
        text: String,
        diagram: Arc<Diagram>,
        test_case: Option<String>,
        worker: RunWorker,
        executor: &Executor,
    ) -> RunSession {
        let mut session = RunSession::new(serial, RunOrigin::Local { test_case }, text, diagram);
        session.job = Some(Job::start(executor, worker));
        session.playing = true;
        session
    }

    /// A replay of recorded events.
    pub fn replay(
        serial: u64,
        origin: RunOrigin,
        text: String,
        diagram: Arc<Diagram>,
        events: Vec<Value>,
    ) -> RunSession {
        let mut session = RunSession::new(serial, origin, text, diagram);
        session.unfit = unfit_events(&session.diagram, &events);
        session.append(events);
        session.progress = Progress::Ended(
            session
                .view
                .at(
                    &session.diagram.graph,
                    &session.events,
                    session.events.len(),
                )
                .run_status,
        );
        session.cursor = 0;
        session.playing = true;
        session
    }

    fn new(serial: u64, origin: RunOrigin, text: String, diagram: Arc<Diagram>) -> RunSession {
        RunSession {
            serial,
            origin,
            text,
            diagram,
            events: Vec::new(),
            history: Vec::new(),
            event_json_cache: std::cell::RefCell::new(Vec::new()),
            view: RunView::new(),
            iterations: IterationIndex::default(),
            picked_iteration: None,
            records: Vec::new(),
            cursor: 0,
            playing: false,
            speed: Speed::default(),
            waiting: Vec::new(),
            progress: Progress::Running,
            notice: None,
            unfit: Vec::new(),
            waiting_since: None,
            suggestions: BTreeMap::new(),
            heartbeats: BTreeMap::new(),
            answers: Vec::new(),
            answers_replayable: true,
            job: None,
            backlog: VecDeque::new(),
            next_step_secs: None,
            overlay: None,
            timeline: None,
        }
    }

    fn append(&mut self, events: Vec<Value>) {
        self.view.extend(&self.diagram.graph, &events);
        self.events.extend(events);
        self.iterations.extend(&self.view, &self.events);
    }

    /// Takes in events a live run reported: outlines for the views, the engine's events for
    /// their payloads.
    fn append_reported(&mut self, reported: Vec<worker::Reported>) {
        let mut outlines = Vec::with_capacity(reported.len());
        self.history.reserve(reported.len());
        for r in reported {
            outlines.push(r.outline);
            self.history.push(r.event);
        }
        self.append(outlines);
    }

    /// Event `index` in full, payloads included, in AWS's `GetExecutionHistory` shape. A live
    /// run keeps outlines in [`RunSession::events`] (a 200 KB payload is not copied into every
    /// event) and builds the full event here; a replay keeps its events whole.
    /// The last few asked for are kept (the event table and the side panel show the cursor's
    /// events every frame).
    pub fn event_json(&self, index: usize) -> Option<Arc<Value>> {
        if let Some((_, value)) = self
            .event_json_cache
            .borrow()
            .iter()
            .find(|(at, _)| *at == index)
        {
            return Some(value.clone());
        }
        let value = Arc::new(match self.history.get(index) {
            Some(event) => event.to_aws_json(),
            None => self.events.get(index)?.clone(),
        });
        let mut cache = self.event_json_cache.borrow_mut();
        if cache.len() >= EVENTS_BUILT_KEPT {
            cache.remove(0);
        }
        cache.push((index, value.clone()));
        Some(value)
    }

    /// True while the engine still works or waits (a live run that has not ended).
    pub fn is_live(&self) -> bool {
        !matches!(self.progress, Progress::Ended(_))
    }

    /// Takes what the engine reported since the last frame. True when anything changed.
    ///
    /// A run on a thread of its own can report events faster than a frame reads them (tens of
    /// thousands at once, at Instant speed): a frame then takes in what fits in [`INTAKE_BUDGET`],
    /// a chunk of events at a time, keeps the rest in order for the next frames, and asks for
    /// them. What the run shows is the same; it only reaches the newest event a few frames later.
    pub fn poll(&mut self, now_secs: f64) -> bool {
        let Some(job) = &mut self.job else {
            return false;
        };
        let finished = job.is_finished();
        let budgeted = job.can_wake_ui();
        for output in job.poll() {
            match output {
                RunOutput::Events(events) if budgeted && events.len() > INTAKE_CHUNK => {
                    // Chunks, so that the budget is checked between them.
                    let mut events = events.into_iter();
                    loop {
                        let chunk: Vec<worker::Reported> =
                            events.by_ref().take(INTAKE_CHUNK).collect();
                        if chunk.is_empty() {
                            break;
                        }
                        self.backlog.push_back(RunOutput::Events(chunk));
                    }
                }
                output => self.backlog.push_back(output),
            }
        }
        let began = std::time::Instant::now();
        let mut changed = false;
        while let Some(output) = self.backlog.pop_front() {
            changed = true;
            self.take(output, now_secs);
            if budgeted && began.elapsed() >= INTAKE_BUDGET {
                break;
            }
        }
        if !self.backlog.is_empty() {
            // The rest in the next frame.
            if let Some(job) = &self.job {
                job.wake_ui();
            }
            return changed;
        }
        if finished && self.job.as_ref().is_some_and(Job::is_finished) {
            self.job = None;
            if self.is_live() {
                // The job ended without saying how (it was cancelled).
                self.progress = Progress::Ended(RunStatus::Aborted);
            }
        }
        changed
    }

    /// Takes in one report of the engine.
    fn take(&mut self, output: RunOutput, now_secs: f64) {
        match output {
            RunOutput::Events(events) => {
                self.append_reported(events);
                if self.progress == Progress::Waiting {
                    self.progress = Progress::Running;
                }
            }
            RunOutput::Records(records) => {
                self.records.extend(records);
                if self.records.len() > 2 * RECORDS_KEPT {
                    let drop = self.records.len() - RECORDS_KEPT;
                    self.records.drain(..drop);
                }
            }
            RunOutput::Waiting(tasks) => {
                self.waiting = tasks;
                self.progress = Progress::Waiting;
                self.waiting_since = Some(now_secs);
            }
            RunOutput::Refused(text) => self.notice = Some(text),
            RunOutput::Finished { status, .. } => {
                self.waiting.clear();
                self.progress = Progress::Ended(match status {
                    ExecutionStatus::Succeeded => RunStatus::Succeeded,
                    ExecutionStatus::Failed => RunStatus::Failed,
                    ExecutionStatus::TimedOut => RunStatus::TimedOut,
                    ExecutionStatus::Aborted => RunStatus::Aborted,
                    ExecutionStatus::Running => RunStatus::Running,
                });
            }
        }
    }

    /// Answers a waiting task (`SendTaskSuccess` or `SendTaskFailure`).
    pub fn answer(&mut self, token: &str, answer: TaskAnswer) {
        if let Some(task) = self.waiting.iter().find(|t| t.token == token) {
            let given = match &answer {
                TaskAnswer::Success(output) => AnswerSpec::Success(output.clone()),
                TaskAnswer::Failure { error, cause } => AnswerSpec::Failure {
                    error: error.clone().unwrap_or_default(),
                    cause: cause.clone(),
                },
            };
            self.answers.push((task.state_name.clone(), given));
        }
        self.waiting.retain(|t| t.token != token);
        self.send(RunInput::Answer {
            token: token.to_owned(),
            answer,
        });
    }

    /// Sends a heartbeat for a waiting task.
    pub fn heartbeat(&mut self, token: &str) {
        let now = self.events.last().and_then(event_time_ms).unwrap_or(0);
        self.heartbeats.insert(token.to_owned(), now);
        self.send(RunInput::Heartbeat {
            token: token.to_owned(),
        });
    }

    /// Lets virtual time pass to the next timeout or heartbeat.
    pub fn let_time_pass(&mut self) {
        // The first timer fires: with one task waiting, it is that task's.
        match self.waiting.as_slice() {
            [task] => self
                .answers
                .push((task.state_name.clone(), AnswerSpec::Timeout)),
            _ => self.answers_replayable = false,
        }
        self.waiting.clear();
        self.send(RunInput::LetTimePass);
    }

    /// Stops the run (`StopExecution`).
    pub fn stop(&mut self) {
        self.waiting.clear();
        self.send(RunInput::Stop);
    }

    fn send(&mut self, input: RunInput) {
        self.notice = None;
        if let Some(job) = &self.job {
            job.send(input);
            self.progress = Progress::Running;
            self.playing = true;
            self.next_step_secs = None;
        }
    }

    /// Moves the cursor to show `shown` events (clamped).
    pub fn seek(&mut self, shown: usize) {
        self.cursor = shown.min(self.events.len());
        self.next_step_secs = None;
    }

    /// Shows one more event.
    pub fn step(&mut self) {
        self.playing = false;
        self.seek(self.cursor + 1);
    }

    /// Shows one event less.
    pub fn step_back(&mut self) {
        self.playing = false;
        self.seek(self.cursor.saturating_sub(1));
    }

    /// Shows events up to the next state entered (or the end).
    pub fn step_over(&mut self) {
        self.playing = false;
        // The next event not shown yet is event `cursor`.
        let next = (self.cursor..self.events.len())
            .find(|&i| is_state_entered(&self.events[i]))
            .map_or(self.events.len(), |i| i + 1);
        self.seek(next);
    }

    /// Plays, or pauses.
    pub fn toggle_play(&mut self) {
        self.playing = !self.playing;
        if self.playing && self.cursor >= self.events.len() && !self.is_live() {
            self.seek(0);
        }
        self.next_step_secs = None;
    }

    /// While playing: moves the cursor on when its time has come. Returns how long until the
    /// next move (to ask for a repaint then), or `None` when nothing more happens by itself.
    pub fn tick(&mut self, now_secs: f64, breakpoints: &BTreeSet<NodeId>) -> Option<f64> {
        if !self.playing {
            return None;
        }
        loop {
            if self.cursor >= self.events.len() {
                if self.is_live() && self.progress == Progress::Running {
                    // Caught up with the engine: its next report wakes the window.
                    return None;
                }
                // The end, or a question for the user: playing pauses.
                self.playing = false;
                return None;
            }
            let due = match self.next_step_secs {
                Some(due) => due,
                None => {
                    let due = now_secs + self.speed.delay_secs(self.gap_ms(self.cursor));
                    self.next_step_secs = Some(due);
                    due
                }
            };
            if now_secs < due {
                return Some(due - now_secs);
            }
            self.cursor += 1;
            self.next_step_secs = None;
            let shown = self.cursor - 1;
            if is_state_entered(&self.events[shown])
                && self
                    .view
                    .node_of_event(shown)
                    .is_some_and(|n| breakpoints.contains(n))
            {
                self.playing = false;
                self.notice = Some("Stopped at a breakpoint.".into());
                return None;
            }
            if self.speed != Speed::Instant {
                // Next event at its own time.
                continue;
            }
        }
    }

    /// Virtual milliseconds between event `index` and the one before it.
    fn gap_ms(&self, index: usize) -> i64 {
        let time = |i: usize| self.events.get(i).and_then(event_time_ms);
        match (index.checked_sub(1).and_then(time), time(index)) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        }
    }

    /// What the canvas shows at the cursor (kept until the cursor moves or events arrive).
    pub fn overlay(&mut self) -> Arc<RunOverlay> {
        let key = (self.cursor, self.picked_iteration.clone());
        if let Some((at, overlay)) = &self.overlay {
            if *at == key {
                return overlay.clone();
            }
        }
        let graph = &self.diagram.graph;
        let overlay = Arc::new(match &self.picked_iteration {
            Some(picked) => self.iterations.overlay_of_iteration(
                graph,
                &self.view,
                &self.events,
                self.cursor,
                picked,
            ),
            None => self.view.at(graph, &self.events, self.cursor),
        });
        self.overlay = Some((key, overlay.clone()));
        overlay
    }

    /// The timeline of the events so far (kept until more events arrive).
    /// While a run records quickly, the timeline is built again at most every
    /// [`TIMELINE_EVERY`] (building it reads every event), and once more when the run ends.
    pub fn timeline(&mut self) -> Arc<Timeline> {
        if let Some((len, built, timeline)) = &self.timeline {
            let recent = self.is_live() && built.elapsed() < TIMELINE_EVERY;
            if *len == self.events.len() || recent {
                return timeline.clone();
            }
        }
        let timeline = Arc::new(timeline_of(self));
        self.timeline = Some((
            self.events.len(),
            std::time::Instant::now(),
            timeline.clone(),
        ));
        timeline
    }

    /// The key that changes whenever what the canvas shows changes.
    pub fn display_key(&self) -> (u64, usize, Option<IterationPath>) {
        (self.serial, self.cursor, self.picked_iteration.clone())
    }

    /// The tasks waiting for the user, once the cursor shows the newest event (before that the
    /// canvas has not reached them yet).
    pub fn prompts(&self) -> &[PendingTask] {
        if self.cursor >= self.events.len() {
            &self.waiting
        } else {
            &[]
        }
    }

    /// The state records of the visits of state `id` that began at or before the cursor
    /// (latest last); with a Map iteration picked, only those of that iteration.
    pub fn records_of(&self, id: &NodeId) -> Vec<&StateRecord> {
        let shown_id = self.cursor as u64;
        let Some(pointer) = id.pointer() else {
            return Vec::new();
        };
        let picked: Option<(String, Vec<usize>)> = self.picked_iteration.as_ref().and_then(|p| {
            let (map, _) = p.last()?;
            Some((
                map.pointer()?.to_owned(),
                p.iter().map(|(_, i)| *i as usize).collect(),
            ))
        });
        self.records
            .iter()
            .filter(|r| *r.pointer == *pointer && r.entered_event_id <= shown_id)
            .filter(|r| match &picked {
                // Inside the picked Map, only that iteration's visits: the record's iterations
                // must begin with the picked ones.
                Some((map, picked)) if inside(pointer, map) => {
                    let iterations: Vec<usize> = r
                        .path
                        .iter()
                        .filter_map(|step| match step {
                            statecraft_sim::PathStep::Iteration(i) => Some(*i),
                            statecraft_sim::PathStep::Branch(_) => None,
                        })
                        .collect();
                    iterations.starts_with(picked)
                }
                _ => true,
            })
            .collect()
    }

    /// How long the waiting task `task` has before its timeout and its heartbeat timeout fire,
    /// in virtual milliseconds from the newest event (from its `TaskScheduled` event's
    /// `timeoutInSeconds` and `heartbeatInSeconds`, and the heartbeats sent since).
    pub fn deadlines(&self, task: &PendingTask) -> Deadlines {
        let id = NodeId::state(task.pointer.clone());
        let now = self.events.last().and_then(event_time_ms).unwrap_or(0);
        // The task's own scheduling: its state, in its Map iterations.
        let iterations: Vec<u32> = task
            .path
            .iter()
            .filter_map(|step| match step {
                statecraft_sim::PathStep::Iteration(i) => u32::try_from(*i).ok(),
                statecraft_sim::PathStep::Branch(_) => None,
            })
            .collect();
        let scheduled = (0..self.events.len()).rev().find(|&i| {
            self.view.node_of_event(i) == Some(&id)
                && self.events[i].get("type").and_then(Value::as_str) == Some("TaskScheduled")
                && self.iterations.path(i).map_or(Vec::new(), |p| {
                    p.iter().map(|(_, n)| *n).collect::<Vec<u32>>()
                }) == iterations
        });
        let Some(index) = scheduled else {
            return Deadlines::default();
        };
        let event = &self.events[index];
        let started = event_time_ms(event).unwrap_or(now);
        let details = event.get("taskScheduledEventDetails");
        let seconds = |key: &str| details.and_then(|d| d.get(key)).and_then(Value::as_i64);
        let beat = self
            .heartbeats
            .get(&task.token)
            .copied()
            .unwrap_or(started)
            .max(started);
        Deadlines {
            timeout_ms: seconds("timeoutInSeconds").map(|s| started + s * 1000 - now),
            heartbeat_ms: seconds("heartbeatInSeconds").map(|s| beat + s * 1000 - now),
        }
    }

    /// Virtual time at the cursor, in milliseconds since the run started.
    pub fn elapsed_ms(&self) -> i64 {
        let start = self.events.first().and_then(event_time_ms).unwrap_or(0);
        self.cursor
            .checked_sub(1)
            .and_then(|i| self.events.get(i))
            .and_then(event_time_ms)
            .map_or(0, |t| t - start)
    }
}

/// True when the state at `pointer` is inside the container at `container` (strictly).
fn inside(pointer: &str, container: &str) -> bool {
    pointer.len() > container.len() + 1
        && pointer.starts_with(container)
        && pointer.as_bytes()[container.len()] == b'/'
}

/// True for `...StateEntered` events.
pub fn is_state_entered(event: &Value) -> bool {
    event
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.ends_with("StateEntered"))
}

/// An event's time in milliseconds since the epoch: ISO 8601 text (the simulator, the AWS CLI)
/// or epoch seconds (the SDKs).
pub fn event_time_ms(event: &Value) -> Option<i64> {
    match event.get("timestamp")? {
        Value::String(text) => statecraft_sim::clock::parse_iso8601(text),
        Value::Number(n) => n.as_f64().map(|secs| (secs * 1000.0).round() as i64),
        _ => None,
    }
}

/// The state an event is about, by name (`stateEnteredEventDetails.name` and the like).
pub fn event_state_name(event: &Value) -> Option<&str> {
    ["stateEnteredEventDetails", "stateExitedEventDetails"]
        .iter()
        .find_map(|key| event.get(*key)?.get("name")?.as_str())
}

/// The details object of an event (`...EventDetails`).
pub fn event_details(event: &Value) -> Option<&Value> {
    event
        .as_object()?
        .iter()
        .find(|(k, _)| k.ends_with("EventDetails"))
        .map(|(_, v)| v)
}

/// Events naming a state the diagram does not have, with the name.
fn unfit_events(diagram: &Diagram, events: &[Value]) -> Vec<(usize, String)> {
    statecraft_export::unknown_states(&diagram.graph, events)
        .into_iter()
        .map(|u| (u.event_index, u.name))
        .collect()
}

/// A task's answer prefilled with the shape of its service's real response, for a task with no
/// mock (Lambda's `Payload`/`StatusCode`, SQS's `MessageId`, ...). A callback task gets `{}`.
pub fn sample_answer(task: &PendingTask) -> Value {
    use serde_json::json;
    if task.kind == PendingKind::Callback {
        return json!({});
    }
    let resource = task.resource.as_str();
    let service = resource
        .strip_prefix("arn:aws:states:::")
        .unwrap_or(resource);
    let sync = service.ends_with(".sync") || service.contains(".sync:");
    if resource.starts_with("arn:aws:lambda:") || service.starts_with("lambda:invoke") {
        return json!({
            "ExecutedVersion": "$LATEST",
            "Payload": {},
            "SdkHttpMetadata": {"HttpStatusCode": 200},
            "StatusCode": 200
        });
    }
    if service.starts_with("sqs:sendMessage") {
        return json!({"MD5OfMessageBody": "d41d8cd98f00b204e9800998ecf8427e", "MessageId": "00000000-0000-0000-0000-000000000000"});
    }
    if service.starts_with("sns:publish") {
        return json!({"MessageId": "00000000-0000-0000-0000-000000000000"});
    }
    if service.starts_with("dynamodb:getItem") {
        return json!({"Item": {}});
    }
    if service.starts_with("dynamodb:") {
        return json!({});
    }
    if service.starts_with("states:startExecution") {
        return if sync {
            json!({"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:run", "Output": "{}", "Status": "SUCCEEDED"})
        } else {
            json!({"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:run", "StartDate": "2024-01-01T00:00:00Z"})
        };
    }
    if service.starts_with("events:putEvents") {
        return json!({"Entries": [{"EventId": "00000000-0000-0000-0000-000000000000"}], "FailedEntryCount": 0});
    }
    if service.starts_with("ecs:runTask") {
        return json!({"Tasks": [{"LastStatus": "STOPPED", "StopCode": "EssentialContainerExited"}]});
    }
    if service.starts_with("batch:submitJob") {
        return json!({"JobId": "job-1", "JobName": "job", "Status": "SUCCEEDED"});
    }
    if service.starts_with("glue:startJobRun") {
        return json!({"JobRunId": "jr_1", "JobRunState": "SUCCEEDED"});
    }
    json!({})
}

/// The error and cause offered for a rejection: a callback's usual rejection, or the service's
/// own failure.
pub fn sample_failure(task: &PendingTask) -> (String, String) {
    if task.kind == PendingKind::Callback {
        ("Rejected".into(), "Rejected in the designer.".into())
    } else {
        (
            "States.TaskFailed".into(),
            format!("'{}' failed (answered in the designer).", task.state_name),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use statecraft_sim::{Execution, ExecutionOptions};

    /// A Map whose events come faster than a frame takes them in (at Instant speed).
    fn map_run(executor: &Executor) -> RunSession {
        let definition = json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.items",
                     "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
                     "End": true}}});
        let items: Vec<Value> = (0..2_000).map(|i| json!({ "n": i })).collect();
        let text = definition.to_string();
        let document = statecraft_asl::Document::parse(text.clone(), statecraft_asl::Format::Json)
            .expect("parses");
        let diagram = Arc::new(Diagram::from_document(&document).expect("draws"));
        let execution = Execution::from_value(
            &definition,
            json!({ "items": items }),
            ExecutionOptions {
                record_states: true,
                ..ExecutionOptions::default()
            },
        )
        .expect("valid");
        RunSession::live(1, text, diagram, None, RunWorker::new(execution), executor)
    }

    /// Frames (polls) until the run ended; returns how many it took.
    fn frames_to_the_end(run: &mut RunSession) -> usize {
        for frame in 1..=100_000 {
            run.poll(frame as f64 / 60.0);
            if !run.is_live() && run.backlog.is_empty() {
                return frame;
            }
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        panic!("the run did not end");
    }

    #[test]
    fn a_threaded_run_taken_in_over_frames_shows_what_an_inline_one_shows() {
        let mut inline = map_run(&Executor::Inline);
        frames_to_the_end(&mut inline);
        let woken = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = woken.clone();
        let threads = Executor::Threads(Arc::new(move || {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }));
        let mut threaded = map_run(&threads);
        frames_to_the_end(&mut threaded);
        assert!(threaded.events.len() > 8_000, "{}", threaded.events.len());
        assert_eq!(threaded.events, inline.events, "the same events, in order");
        assert_eq!(threaded.records.len(), inline.records.len());
        assert_eq!(threaded.progress, inline.progress);
        assert_eq!(threaded.progress, Progress::Ended(RunStatus::Succeeded));
        assert_eq!(threaded.view.len(), threaded.events.len());
        assert_eq!(threaded.iterations.len(), threaded.events.len());
        assert!(threaded.job.is_none(), "the finished job is let go");
        let end = threaded.events.len();
        assert_eq!(
            threaded
                .view
                .at(&threaded.diagram.graph, &threaded.events, end),
            inline.view.at(&inline.diagram.graph, &inline.events, end)
        );
        assert!(woken.load(std::sync::atomic::Ordering::Relaxed) > 0);
    }
}
