//! The steppable execution: a deterministic scheduler of the top level, Parallel branches and Map
//! iterations, on a virtual clock, recording an AWS-shaped history.
//!
//! Scheduling is depth first: a Parallel runs its first branch until it finishes or blocks (a
//! Wait, a retry back-off, a task waiting for its token), then the next; a Map does the same with
//! its iterations, up to its MaxConcurrency. Nothing runs on the wall clock: when every branch is
//! blocked on time, the clock jumps to the earliest timer.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;

use serde_json::{json, Map, Value};
use statecraft_asl::model::{
    Catcher, ItemBatcher, MapState, NumberOrExpr, QueryLanguage, State, StateMachine, StateType,
    TaskState, ValueOrExpr, WaitState,
};

use crate::clock::{parse_iso8601, Millis, VirtualClock};
use crate::context::{ExecutionFacts, StateFacts};
use crate::dataflow::{self, AtaScope, JsonataCache, PathScope, PayloadProblem, Shaped};
use crate::errors::{self, StateError};
use crate::history::{EvaluationFailure, EventKind, HistoryEvent, Payload};
use crate::item_reader;
use crate::mock::{MockOutcome, Mocks};
use crate::plan::{Plan, PlanError};
use crate::retry::{self, RetryDecision, SeededRng};
use crate::shared::Interner;
use crate::task::TaskResource;
use crate::variables::VarScope;

mod fan;
mod frames;
mod recorder;
mod stages;
mod states;
mod tasks;
mod timeline;

use fan::Fan;
use frames::Frames;
use recorder::{Recorder, RunLimits};
use stages::{jsonpath_input, jsonpath_output, ContextExtras};
use tasks::TaskBook;
use timeline::{DueTimer, Timeline, TimerKind};

/// Standard or Express: they differ in their limits (Express runs at most 5 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExecutionType {
    /// Standard workflows: up to a year, exactly-once.
    #[default]
    Standard,
    /// Express workflows: up to 5 minutes.
    Express,
}

/// How an execution is set up.
#[derive(Debug, Clone)]
pub struct ExecutionOptions {
    /// The execution's name (`Execution.Name`).
    pub execution_name: String,
    /// The state machine's name (`StateMachine.Name`, and the mock test case lookup).
    pub state_machine_name: String,
    /// Region in ARNs.
    pub region: String,
    /// Account in ARNs.
    pub account: String,
    /// The execution role (`Execution.RoleArn`).
    pub role_arn: String,
    /// When the execution starts, in milliseconds since the Unix epoch (virtual time).
    pub start_time_ms: Millis,
    /// Seed of all randomness (jitter, `States.UUID`, `$random`, task tokens, map run ids).
    pub seed: u64,
    /// Standard or Express.
    pub execution_type: ExecutionType,
    /// Mocked task responses.
    pub mocks: Mocks,
    /// Most events in the history (AWS: 25,000); past it the execution fails.
    pub history_limit: usize,
    /// Keep a record of every state visit (input, output, data stages, variables) for inspection
    /// ([`Execution::state_records`]; off by default). Records never change the history.
    pub record_states: bool,
    /// With `record_states`: the newest records to keep at least (older ones are let go of, so a
    /// long run with large data does not hold every visit's data; between this and twice as
    /// many are held). Unlimited by default.
    pub records_kept: usize,
    /// Objects an ItemReader may read, by `s3://bucket/key`, as text (the caller reads the files).
    pub item_sources: BTreeMap<String, String>,
}

/// The virtual start time of a run unless one is given: 2024-01-01T00:00:00Z.
pub const DEFAULT_START_TIME_MS: Millis = 1_704_067_200_000;

/// The defaults both `statecraft run` and the designer start from (each only fills in what its
/// user chose), so that the same definition, input, mocks and seed give the same history.
impl Default for ExecutionOptions {
    fn default() -> Self {
        ExecutionOptions {
            execution_name: "statecraft-run".into(),
            state_machine_name: "StateMachine".into(),
            region: "us-east-1".into(),
            account: "123456789012".into(),
            role_arn: "arn:aws:iam::123456789012:role/StatecraftSimulator".into(),
            start_time_ms: DEFAULT_START_TIME_MS,
            seed: 0,
            execution_type: ExecutionType::Standard,
            mocks: Mocks::none(),
            history_limit: 25_000,
            record_states: false,
            records_kept: usize::MAX,
            item_sources: BTreeMap::new(),
        }
    }
}

/// Why an execution could not be created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecutionError {
    /// The definition has no typed view (a field has the wrong type).
    #[error("the definition cannot be read: {0}")]
    Model(String),
    /// The definition refers to states that do not exist, or misses required parts.
    #[error("the definition cannot be run: {0}")]
    Plan(#[from] PlanError),
}

/// Where an execution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionStatus {
    /// Still running (possibly paused, waiting for task results).
    Running,
    /// Ended successfully.
    Succeeded,
    /// Ended with an error.
    Failed,
    /// Ran longer than allowed.
    TimedOut,
    /// Stopped.
    Aborted,
}

impl ExecutionStatus {
    /// The status as AWS spells it (`SUCCEEDED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Running => "RUNNING",
            ExecutionStatus::Succeeded => "SUCCEEDED",
            ExecutionStatus::Failed => "FAILED",
            ExecutionStatus::TimedOut => "TIMED_OUT",
            ExecutionStatus::Aborted => "ABORTED",
        }
    }
}

/// What one call to [`Execution::step`] or [`Execution::run`] achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// New events were recorded; the execution goes on.
    Progressed,
    /// Nothing can happen until a task result or callback arrives (see [`Execution::pending_tasks`]),
    /// or until time is let pass ([`Execution::let_time_pass`]) for task timeouts.
    Paused,
    /// The execution has ended.
    Finished,
}

/// Why a task waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingKind {
    /// `.waitForTaskToken`: the task was sent; its token must come back with a result.
    Callback,
    /// The task has no mock: its result must be supplied (the designer asks the user).
    Result,
}

/// One step of the way from the top level to a state run in a nested scope: which branch of an
/// enclosing Parallel, or which iteration of an enclosing Map, it runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathStep {
    /// A Parallel's branch, by its index in `Branches` (from 0, as in the branch's pointer
    /// `.../Branches/0`).
    Branch(usize),
    /// A Map's iteration, by its index (from 0, as `$$.Map.Item.Index` and the history's
    /// `MapIteration*` events count; with an ItemBatcher, the batch's index). Inline and
    /// distributed Maps alike.
    Iteration(usize),
}

/// A task waiting for a result.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingTask {
    /// The token that answers it.
    pub token: String,
    /// The Task state's name.
    pub state_name: String,
    /// Where the state is (`Branch 1 / Map item 3`), empty at the top level.
    pub location: String,
    /// The state's JSON pointer in the definition, exactly as the designer's graph spells the
    /// state's node id (`statecraft_asl::graph::NodeId::state(pointer)`):
    /// `/States/Fan out/Branches/1/States/Charge`, `/States/Ship/ItemProcessor/States/Pack`
    /// (`Iterator` for a Map that uses the legacy field). Names that repeat in other scopes have
    /// distinct pointers. Shared with the plan: cloning it does not allocate.
    pub pointer: Arc<str>,
    /// Which branch and which iteration this is, outermost first; empty at the top level. The
    /// pointer says which state; the path tells apart its runs in different Parallel branches
    /// and Map iterations.
    pub path: Vec<PathStep>,
    /// The resource ARN.
    pub resource: String,
    /// The task's input (after Parameters or Arguments).
    pub input: Payload,
    /// Why it waits.
    pub kind: PendingKind,
}

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No task waits for this token (AWS: `TaskDoesNotExist`).
    #[error("no task is waiting for the token \"{0}\"")]
    UnknownToken(String),
    /// The execution has ended.
    #[error("the execution has already ended")]
    Finished,
}

/// The data-processing stages of a state, as the TestState API's `inspectionData` shows them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inspection {
    /// The input after `InputPath`.
    pub after_input_path: Option<Payload>,
    /// The input after `Parameters` (or `Arguments`).
    pub after_parameters: Option<Payload>,
    /// The raw result (task result, branch results, Pass result).
    pub result: Option<Payload>,
    /// The result after `ResultSelector`.
    pub after_result_selector: Option<Payload>,
    /// The output after `ResultPath`.
    pub after_result_path: Option<Payload>,
}

impl Inspection {
    /// The stages as TestState's `inspectionData` (JSON text values), present ones only.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        let stages = [
            ("afterInputPath", &self.after_input_path),
            ("afterParameters", &self.after_parameters),
            ("result", &self.result),
            ("afterResultSelector", &self.after_result_selector),
            ("afterResultPath", &self.after_result_path),
        ];
        for (key, value) in stages {
            if let Some(value) = value {
                map.insert(key.into(), Value::String(value.to_string()));
            }
        }
        Value::Object(map)
    }
}

/// One visit of a state, for the designer's inspector.
#[derive(Debug, Clone, PartialEq)]
pub struct StateRecord {
    /// The state's name.
    pub state_name: String,
    /// The state's type.
    pub state_type: StateType,
    /// Where the state is (`Branch 1 / Map item 3`), empty at the top level.
    pub location: String,
    /// The state's JSON pointer in the definition, exactly as the designer's graph spells the
    /// state's node id (`statecraft_asl::graph::NodeId::state(pointer)`):
    /// `/States/Fan out/Branches/1/States/Charge`, `/States/Ship/ItemProcessor/States/Pack`
    /// (`Iterator` for a Map that uses the legacy field). Names that repeat in other scopes have
    /// distinct pointers. Shared with the plan: cloning it does not allocate.
    pub pointer: Arc<str>,
    /// Which branch and which iteration this is, outermost first; empty at the top level. The
    /// pointer says which state; the path tells apart its runs in different Parallel branches
    /// and Map iterations.
    pub path: Vec<PathStep>,
    /// The id of its `...StateEntered` event (0 in a distributed Map's child executions).
    pub entered_event_id: u64,
    /// Its input.
    pub input: Payload,
    /// Its output, when it exited.
    pub output: Option<Payload>,
    /// The error it ended with, when it failed.
    pub error: Option<StateError>,
    /// The data-processing stages.
    pub inspection: Inspection,
    /// The variables visible when it was entered, by name.
    pub variables: BTreeMap<String, Value>,
    /// The variables it assigned, by name.
    pub assigned: Vec<(String, Value)>,
    /// How many retries it made.
    pub retry_count: u32,
}

/// A state running now, for the designer's canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveState {
    /// The state's name.
    pub state_name: String,
    /// The state's type.
    pub state_type: StateType,
    /// Where the state is (`Branch 1 / Map item 3`), empty at the top level.
    pub location: String,
    /// The state's JSON pointer in the definition, exactly as the designer's graph spells the
    /// state's node id (`statecraft_asl::graph::NodeId::state(pointer)`):
    /// `/States/Fan out/Branches/1/States/Charge`, `/States/Ship/ItemProcessor/States/Pack`
    /// (`Iterator` for a Map that uses the legacy field). Names that repeat in other scopes have
    /// distinct pointers. Shared with the plan: cloning it does not allocate.
    pub pointer: Arc<str>,
    /// Which branch and which iteration this is, outermost first; empty at the top level. The
    /// pointer says which state; the path tells apart its runs in different Parallel branches
    /// and Map iterations.
    pub path: Vec<PathStep>,
    /// Its input.
    pub input: Payload,
    /// What it is doing (`running`, `waiting`, `waiting for a task result`, `retrying`, ...).
    pub activity: &'static str,
    /// Retries made so far.
    pub retry_count: u32,
}

type FrameId = usize;

/// Why a state's work failed, as the state's `run_*` step reports it.
#[derive(Debug)]
enum Failure {
    /// Raised while evaluating the state's fields (or by what it called): when it is one of the
    /// engine's own errors ([`is_engine_error`]) AWS prefixes its cause with the state and
    /// records JSONata ones as `EvaluationFailed` ([`Execution::eval_error`]); any other is the
    /// state's error as it is.
    Evaluation(StateError),
    /// Already the state's error, worded in full (a Choice without a match).
    State(StateError),
}

impl From<StateError> for Failure {
    fn from(error: StateError) -> Self {
        Failure::Evaluation(error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Root,
    Branch { owner: FrameId, index: usize },
    Iteration { owner: FrameId, index: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blocked {
    Timer,
    Retry,
    Children,
    Task,
}

#[derive(Debug, Clone)]
enum Step {
    IterationStart,
    Enter,
    Run,
    TaskStart,
    TaskInvoke,
    TaskDone(Result<Payload, Box<StateError>>),
    WaitDone,
    FanStart,
    FanSettle,
    Exit {
        output: Payload,
        next: Option<usize>,
        assigned: Option<Arc<Vec<(String, Value)>>>,
    },
    Failed(Box<StateError>),
    End(Result<Payload, Box<StateError>>),
    Blocked(Blocked),
    Dead,
}

#[derive(Debug, Clone)]
struct TaskCall {
    resource: Arc<TaskResource>,
    input: Payload,
    token: Option<String>,
    timeout_ms: Option<i64>,
    heartbeat_ms: Option<i64>,
    deadline_ms: Option<Millis>,
    heartbeat_deadline_ms: Option<Millis>,
}

#[derive(Debug, Clone)]
struct Frame {
    serial: u64,
    /// Set on the first frame of a distributed Map's child execution: what its context object
    /// says about it (built when a state reads it).
    facts: Option<Box<ChildExecution>>,
    scope: usize,
    link: Link,
    hidden: bool,
    vars: Arc<VarScope>,
    state: usize,
    input: Payload,
    entered_event: u64,
    entered_ms: Millis,
    last_event: u64,
    step: Step,
    retries: Vec<u32>,
    retry_total: u32,
    generation: u64,
    task: Option<Box<TaskCall>>,
    fan: Option<Box<Fan>>,
    /// False while the frame reads its parent's variables directly (a new scope is made on its
    /// first assignment).
    own_scope: bool,
    /// True when `input` was checked against the payload limits (the execution input, or an
    /// output a state before passed on); a branch's or iteration's first input is not.
    input_checked: bool,
    inspection: Inspection,
    vars_at_entry: Option<BTreeMap<String, Value>>,
}

/// A distributed Map's child execution, as its context object shows it.
#[derive(Debug, Clone)]
struct ChildExecution {
    /// `<machine>/<label>` of the map run.
    machine_and_label: Arc<str>,
    /// Random bits of its name (a UUID).
    bits: (u64, u64),
    input: Payload,
    start_ms: Millis,
}

/// The one event type a distributed Map's child execution history may need: none are kept in the
/// parent's history, as on AWS.
const HIDDEN_EVENT: u64 = 0;

/// The longest a Standard execution runs on AWS: one year (365 days).
const STANDARD_LIMIT_SECS: u64 = 365 * 24 * 60 * 60;

/// The longest an Express execution runs on AWS: five minutes.
const EXPRESS_LIMIT_SECS: u64 = 300;

/// A running (or finished) execution of a state machine.
///
/// Its parts stand alone, each with its own methods: the frames and their ready queue
/// (`Frames`), virtual time (`Timeline`), the history and state records (`Recorder`), the
/// history limits (`RunLimits`), the tasks waiting for answers (`TaskBook`) and how the run
/// ended (`Outcome`); a fan-out's state lives in its frame (`Fan`).
#[derive(Debug)]
pub struct Execution {
    plan: Plan,
    facts: ExecutionFacts,
    options: ExecutionOptions,
    rng: SeededRng,
    jsonata: JsonataCache,
    /// Payload templates of the definition, parsed once.
    templates: Arc<dataflow::Templates>,
    /// The variables of a distributed Map's child execution when it starts: none. One scope shared
    /// by all children (an assignment copies it first) spares an allocation per child.
    no_vars: Arc<VarScope>,
    frames: Frames,
    timeline: Timeline,
    recorder: Recorder,
    limits: RunLimits,
    tasks: TaskBook,
    outcome: Outcome,
}

/// Whether the run started and how it ended.
#[derive(Debug)]
struct Outcome {
    /// `ExecutionStarted` was recorded.
    started: bool,
    status: ExecutionStatus,
    output: Option<Payload>,
    error: Option<String>,
    cause: Option<String>,
}

impl Outcome {
    fn running() -> Self {
        Outcome {
            started: false,
            status: ExecutionStatus::Running,
            output: None,
            error: None,
            cause: None,
        }
    }

    fn is_running(&self) -> bool {
        self.status == ExecutionStatus::Running
    }
}

fn prefix_cause(state: &str, entered: u64, cause: &str) -> String {
    format!("An error occurred while executing the state '{state}' (entered at the event id #{entered}). {cause}")
}

fn number_of(value: &NumberOrExpr) -> Option<f64> {
    match value {
        NumberOrExpr::Number(n) => n.as_f64(),
        NumberOrExpr::Expr(_) => None,
    }
}

impl Execution {
    /// Prepares an execution of `definition` with `input`. Nothing runs until [`step`](Self::step)
    /// or [`run`](Self::run).
    pub fn new(
        definition: &StateMachine,
        input: Value,
        options: ExecutionOptions,
    ) -> Result<Execution, ExecutionError> {
        let plan = Plan::compile(definition)?;
        let templates = Arc::new(dataflow::Templates::of_plan(&plan));
        let input = Arc::new(input);
        let state_machine_arn = format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            options.region, options.account, options.state_machine_name
        );
        let execution_arn = format!(
            "arn:aws:states:{}:{}:execution:{}:{}",
            options.region, options.account, options.state_machine_name, options.execution_name
        );
        let facts = ExecutionFacts {
            execution_arn,
            execution_name: options.execution_name.clone(),
            input: input.clone(),
            role_arn: options.role_arn.clone(),
            start_ms: options.start_time_ms,
            state_machine_arn,
            state_machine_name: options.state_machine_name.clone(),
        };
        // AWS stops a Standard execution after one year and an Express one after five minutes,
        // whatever the definition's TimeoutSeconds says.
        let limit_secs = match options.execution_type {
            ExecutionType::Express => EXPRESS_LIMIT_SECS,
            ExecutionType::Standard => STANDARD_LIMIT_SECS,
        };
        let timeout_secs = Some(
            definition
                .timeout_seconds
                .map_or(limit_secs, |t| t.min(limit_secs)),
        );
        let deadline_ms = timeout_secs.map(|t| options.start_time_ms.saturating_add(secs_to_ms(t)));
        let mut execution = Execution {
            plan,
            facts,
            rng: SeededRng::new(options.seed),
            jsonata: JsonataCache::default(),
            templates,
            no_vars: VarScope::root(),
            frames: Frames::default(),
            timeline: Timeline::new(options.start_time_ms, deadline_ms),
            recorder: Recorder::default(),
            limits: RunLimits::new(options.history_limit),
            tasks: TaskBook::default(),
            outcome: Outcome::running(),
            options,
        };
        let start = execution.plan.scopes[0].start;
        let root = Frame {
            serial: 0,
            facts: None,
            scope: 0,
            link: Link::Root,
            hidden: false,
            vars: VarScope::root(),
            state: start,
            input,
            entered_event: 0,
            entered_ms: execution.options.start_time_ms,
            last_event: 0,
            step: Step::Enter,
            retries: Vec::new(),
            retry_total: 0,
            generation: 0,
            task: None,
            fan: None,
            inspection: Inspection::default(),
            own_scope: true,
            input_checked: true,
            vars_at_entry: None,
        };
        let id = execution.alloc(root);
        execution.queue_back(id);
        Ok(execution)
    }

    /// Prepares an execution from a definition's JSON value.
    pub fn from_value(
        definition: &Value,
        input: Value,
        options: ExecutionOptions,
    ) -> Result<Execution, ExecutionError> {
        let machine = StateMachine::from_value(definition)
            .map_err(|e| ExecutionError::Model(e.to_string()))?;
        Execution::new(&machine, input, options)
    }

    // ----- what the designer reads -------------------------------------------------------------

    /// The status.
    pub fn status(&self) -> ExecutionStatus {
        self.outcome.status
    }

    /// The output, once succeeded.
    pub fn output(&self) -> Option<&Value> {
        self.outcome.output.as_deref()
    }

    /// The error name, once failed, timed out or aborted.
    pub fn error(&self) -> Option<&str> {
        self.outcome.error.as_deref()
    }

    /// The cause, once failed, timed out or aborted.
    pub fn cause(&self) -> Option<&str> {
        self.outcome.cause.as_deref()
    }

    /// The history so far.
    pub fn history(&self) -> &[HistoryEvent] {
        self.recorder.events()
    }

    /// The history as AWS's `GetExecutionHistory` `events` array.
    pub fn history_json(&self) -> Value {
        Value::Array(
            self.recorder
                .events()
                .iter()
                .map(HistoryEvent::to_aws_json)
                .collect(),
        )
    }

    /// The result as `{status, output, error, cause, events}` (the CLI's JSON contract).
    pub fn result_json(&self) -> Value {
        serde_json::to_value(self.result()).unwrap_or(Value::Null)
    }

    /// The result as [`Execution::result_json`] shows it, to serialise straight to a writer: a
    /// long history is written without being built as JSON values first.
    pub fn result(&self) -> ExecutionResult<'_> {
        ExecutionResult(self)
    }

    /// The virtual time now.
    pub fn now_ms(&self) -> Millis {
        self.timeline.now_ms()
    }

    /// The execution ARN (`Execution.Id`).
    pub fn execution_arn(&self) -> &str {
        &self.facts.execution_arn
    }

    /// Every state visit so far, in the order the states finished (when `record_states` is on).
    pub fn state_records(&self) -> &[StateRecord] {
        self.recorder.records()
    }

    /// How many state records were made since the run began, including those let go of past
    /// [`ExecutionOptions::records_kept`] (the newest are the last of
    /// [`state_records`](Self::state_records)).
    pub fn state_records_total(&self) -> usize {
        self.recorder.records_total()
    }

    /// Tasks waiting for a result or a callback, sorted by token.
    pub fn pending_tasks(&self) -> Vec<PendingTask> {
        let mut out = Vec::new();
        for (token, fid) in self.tasks.iter() {
            let Some(frame) = self.working_frame(fid) else {
                continue;
            };
            let Some(call) = &frame.task else { continue };
            let plan = self.plan.state(frame.scope, frame.state);
            out.push(PendingTask {
                token: token.clone(),
                state_name: plan.name.to_string(),
                location: self.location_of(fid),
                pointer: plan.pointer.clone(),
                path: self.path_of(fid),
                resource: call.resource.arn.clone(),
                input: call.input.clone(),
                kind: if call.resource.wait_for_token {
                    PendingKind::Callback
                } else {
                    PendingKind::Result
                },
            });
        }
        out
    }

    /// The states running now (several in Parallel branches and Map iterations), in the order
    /// the engine created them.
    pub fn current_states(&self) -> Vec<ActiveState> {
        let mut out: Vec<(u64, ActiveState)> = Vec::new();
        for (fid, frame) in self.frames.iter() {
            if frame.hidden || matches!(frame.step, Step::Dead | Step::End(_)) {
                continue;
            }
            let plan = self.plan.state(frame.scope, frame.state);
            let activity = match &frame.step {
                Step::Blocked(Blocked::Timer) => "waiting",
                Step::Blocked(Blocked::Retry) => "waiting to retry",
                Step::Blocked(Blocked::Children) => "running its branches",
                Step::Blocked(Blocked::Task) => "waiting for a task result",
                Step::IterationStart | Step::Enter => "about to start",
                _ => "running",
            };
            out.push((
                frame.serial,
                ActiveState {
                    state_name: plan.name.to_string(),
                    state_type: plan.ty,
                    location: self.location_of(fid),
                    pointer: plan.pointer.clone(),
                    path: self.path_of(fid),
                    input: frame.input.clone(),
                    activity,
                    retry_count: frame.retry_total,
                },
            ));
        }
        out.sort_by_key(|(serial, _)| *serial);
        out.into_iter().map(|(_, state)| state).collect()
    }

    // ----- driving ---------------------------------------------------------------------------------

    /// Advances until one event is recorded, the run pauses, or it ends. (Stopping branches
    /// records their aborted states together, in one step.)
    pub fn step(&mut self) -> StepOutcome {
        let before = self.recorder.len();
        loop {
            if !self.outcome.is_running() {
                return if self.recorder.len() > before {
                    StepOutcome::Progressed
                } else {
                    StepOutcome::Finished
                };
            }
            if !self.outcome.started {
                self.outcome.started = true;
                let input = self.facts.input.clone();
                self.record(
                    EventKind::ExecutionStarted {
                        input: input.into(),
                        role_arn: self.facts.role_arn.clone(),
                    },
                    0,
                );
                return StepOutcome::Progressed;
            }
            if !self.advance_one() && !self.fire_timer(false) {
                return if self.recorder.len() > before {
                    StepOutcome::Progressed
                } else {
                    StepOutcome::Paused
                };
            }
            if self.recorder.len() > before {
                return StepOutcome::Progressed;
            }
        }
    }

    /// Runs until the execution pauses for a task result or ends.
    pub fn run(&mut self) -> StepOutcome {
        loop {
            match self.step() {
                StepOutcome::Progressed => continue,
                other => return other,
            }
        }
    }

    /// Lets virtual time pass up to the next timer of any kind (task timeouts and heartbeats
    /// included), firing it. False when there is no timer.
    pub fn let_time_pass(&mut self) -> bool {
        self.outcome.is_running() && self.fire_timer(true)
    }

    /// Stops the execution (`StopExecution`): records `ExecutionAborted`.
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        if !self.outcome.is_running() {
            return;
        }
        let last = self.recorder.last_id();
        self.record(
            EventKind::ExecutionAborted {
                error: error.clone(),
                cause: cause.clone(),
            },
            last,
        );
        self.finish(ExecutionStatus::Aborted, None, error, cause);
    }

    /// `SendTaskSuccess`: the task waiting for `token` succeeds with `output`.
    pub fn send_task_success(&mut self, token: &str, output: Value) -> Result<(), CallbackError> {
        let fid = self.take_callback(token)?;
        self.complete_task(fid, Ok(Arc::new(output)));
        Ok(())
    }

    /// `SendTaskFailure`: the task waiting for `token` fails.
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), CallbackError> {
        let fid = self.take_callback(token)?;
        self.complete_task(
            fid,
            Err(StateError {
                error,
                cause,
                location: None,
            }),
        );
        Ok(())
    }

    /// `SendTaskHeartbeat`: restarts the heartbeat timer of the task waiting for `token`.
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), CallbackError> {
        if !self.outcome.is_running() {
            return Err(CallbackError::Finished);
        }
        let fid = self
            .tasks
            .waiting(token)
            .ok_or_else(|| CallbackError::UnknownToken(token.to_owned()))?;
        let now = self.timeline.now_ms();
        let mut timer = None;
        if let Some(frame) = self.frame_mut(fid) {
            if let Some(call) = frame.task.as_mut() {
                if let Some(hb) = call.heartbeat_ms {
                    call.heartbeat_deadline_ms = Some(now.saturating_add(hb));
                    timer = Some((now.saturating_add(hb), frame.generation));
                }
            }
        }
        if let Some((at, generation)) = timer {
            self.add_timer(at, fid, generation, TimerKind::Heartbeat);
        }
        Ok(())
    }

    fn take_callback(&mut self, token: &str) -> Result<FrameId, CallbackError> {
        if !self.outcome.is_running() {
            return Err(CallbackError::Finished);
        }
        self.tasks
            .take(token)
            .ok_or_else(|| CallbackError::UnknownToken(token.to_owned()))
    }

    fn complete_task(&mut self, fid: FrameId, result: Result<Payload, StateError>) {
        if let Some(frame) = self.frame_mut(fid) {
            frame.generation += 1;
            frame.step = Step::TaskDone(result.map_err(Box::new));
            self.queue_back(fid);
        }
    }

    // ----- frames and timers ---------------------------------------------------------------------

    /// The execution a frame belongs to: the top level, or a distributed Map's child execution.
    fn facts_for(&self, fid: FrameId) -> std::borrow::Cow<'_, ExecutionFacts> {
        let mut current = self.frame(fid);
        while let Some(frame) = current {
            if let Some(child) = &frame.facts {
                let name = crate::retry::uuid_from_bits(child.bits.0, child.bits.1);
                let (region, account) = (&self.options.region, &self.options.account);
                let machine = &child.machine_and_label;
                return std::borrow::Cow::Owned(ExecutionFacts {
                    execution_arn: format!(
                        "arn:aws:states:{region}:{account}:execution:{machine}:{name}"
                    ),
                    execution_name: name,
                    input: child.input.clone(),
                    role_arn: self.facts.role_arn.clone(),
                    start_ms: child.start_ms,
                    state_machine_arn: format!(
                        "arn:aws:states:{region}:{account}:stateMachine:{machine}"
                    ),
                    state_machine_name: machine.to_string(),
                });
            }
            current = match frame.link {
                Link::Root => None,
                Link::Branch { owner, .. } | Link::Iteration { owner, .. } => self.frame(owner),
            };
        }
        std::borrow::Cow::Borrowed(&self.facts)
    }

    /// Where a frame is: `Par branch 2 / Items item 7`, empty at the top level.
    fn location_of(&self, fid: FrameId) -> String {
        let mut parts = Vec::new();
        let mut current = self.frame(fid);
        while let Some(frame) = current {
            let (owner, here) = match frame.link {
                Link::Root => break,
                Link::Branch { owner, index } => (owner, format!("branch {}", index + 1)),
                Link::Iteration { owner, index } => (owner, format!("item {index}")),
            };
            let Some(owner_frame) = self.working_frame(owner) else {
                break;
            };
            let name = &self.plan.state(owner_frame.scope, owner_frame.state).name;
            parts.push(format!("{name} {here}"));
            current = Some(owner_frame);
        }
        parts.reverse();
        parts.join(" / ")
    }

    /// Where a frame is, as the branches and iterations that hold it, outermost first; empty at
    /// the top level. Walks the same links as [`Execution::location_of`].
    fn path_of(&self, fid: FrameId) -> Vec<PathStep> {
        let mut path = Vec::new();
        let mut current = self.frame(fid);
        while let Some(frame) = current {
            let (owner, step) = match frame.link {
                Link::Root => break,
                Link::Branch { owner, index } => (owner, PathStep::Branch(index)),
                Link::Iteration { owner, index } => (owner, PathStep::Iteration(index)),
            };
            let Some(owner_frame) = self.working_frame(owner) else {
                break;
            };
            path.push(step);
            current = Some(owner_frame);
        }
        path.reverse();
        path
    }

    fn queue_front(&mut self, fid: FrameId) {
        self.frames.queue_front(fid);
    }

    fn queue_back(&mut self, fid: FrameId) {
        self.frames.queue_back(fid);
    }

    fn alloc(&mut self, frame: Frame) -> FrameId {
        self.frames.alloc(frame)
    }

    /// The frame in slot `id`, if one lives there. Only for places where a missing frame is a
    /// normal case (stale queue entries and timers); the engine's own work goes through
    /// [`Execution::working_frame`].
    fn frame(&self, id: FrameId) -> Option<&Frame> {
        self.frames.get(id)
    }

    fn frame_mut(&mut self, id: FrameId) -> Option<&mut Frame> {
        self.frames.get_mut(id)
    }

    /// The frame `id` the engine is working on (acting for it, waking it, recording its events,
    /// ending its scope). It lives while the execution runs; once the execution has ended every
    /// frame is dropped and the caller has nothing left to do. Gone while the execution runs is
    /// an engine bug: debug builds stop on it, release builds stop working on that frame rather
    /// than panic in front of the user.
    #[track_caller]
    fn working_frame(&self, id: FrameId) -> Option<&Frame> {
        let frame = self.frame(id);
        debug_assert!(
            frame.is_some() || !self.outcome.is_running(),
            "engine invariant broken: frame {id} is gone while the execution runs"
        );
        frame
    }

    /// [`Execution::working_frame`], to change it.
    #[track_caller]
    fn working_frame_mut(&mut self, id: FrameId) -> Option<&mut Frame> {
        let running = self.outcome.is_running();
        let frame = self.frames.get_mut(id);
        debug_assert!(
            frame.is_some() || !running,
            "engine invariant broken: frame {id} is gone while the execution runs"
        );
        frame
    }

    fn release(&mut self, id: FrameId) {
        self.frames.release(id);
    }

    fn add_timer(&mut self, at: Millis, fid: FrameId, generation: u64, kind: TimerKind) {
        self.timeline.add(at, fid, generation, kind);
    }

    /// Fires the earliest live timer. Task timeouts and heartbeats fire only when `all` (a run
    /// that waits for a task's answer does not time the task out on its own).
    fn fire_timer(&mut self, all: bool) -> bool {
        loop {
            let Some(DueTimer {
                at,
                fid,
                generation,
                kind,
            }) = self.timeline.peek()
            else {
                // Nothing left but waiting tasks: letting time pass ends at the execution's
                // timeout, if it has one.
                return match (all, self.timeline.deadline_ms()) {
                    (true, Some(deadline)) => self.check_deadline(deadline.saturating_add(1)),
                    _ => false,
                };
            };
            let live = self.frame(fid).is_some_and(|f| f.generation == generation);
            if !live {
                self.timeline.pop();
                continue;
            }
            if kind != TimerKind::Wake && !all {
                // A task waiting for its answer would time out next: the clock stops here until
                // the answer comes or the caller lets time pass.
                return false;
            }
            self.timeline.pop();
            if self.check_deadline(at) {
                return true;
            }
            self.timeline.advance_to(at);
            self.wake(fid, kind);
            return true;
        }
    }

    /// True (and the execution timed out) when `at` is past the execution's deadline.
    fn check_deadline(&mut self, at: Millis) -> bool {
        match self.timeline.deadline_ms() {
            Some(deadline) if at > deadline => {
                self.timeline.advance_to(deadline);
                let last = self.recorder.last_id();
                let error = Some(errors::TIMEOUT.to_owned());
                self.record(
                    EventKind::ExecutionTimedOut {
                        error: error.clone(),
                        cause: None,
                    },
                    last,
                );
                self.finish(ExecutionStatus::TimedOut, None, error, None);
                true
            }
            _ => false,
        }
    }

    fn wake(&mut self, fid: FrameId, kind: TimerKind) {
        let Some(frame) = self.working_frame_mut(fid) else {
            return;
        };
        frame.generation += 1;
        match kind {
            TimerKind::Wake => {
                frame.step = match frame.step {
                    Step::Blocked(Blocked::Timer) => Step::WaitDone,
                    _ => Step::Run,
                };
            }
            TimerKind::TaskTimeout | TimerKind::Heartbeat => {
                let (error, cause) = if kind == TimerKind::TaskTimeout {
                    (errors::TIMEOUT, "The task timed out.")
                } else {
                    (
                        errors::HEARTBEAT_TIMEOUT,
                        "The task did not send a heartbeat in time.",
                    )
                };
                frame.step =
                    Step::TaskDone(Err(Box::new(StateError::new(error, cause).at("timeout"))));
                if let Some(token) = frame.task.as_ref().and_then(|t| t.token.clone()) {
                    self.tasks.take(&token);
                }
            }
        }
        self.queue_back(fid);
    }

    fn advance_one(&mut self) -> bool {
        // A frame is in the ready queue at most once, and only while it can act: it is taken out
        // to act, and put back in front if it still can (children it launched go before it).
        let Some(fid) = self.frames.next_ready() else {
            return false;
        };
        self.act(fid);
        if !self.outcome.is_running() {
            return true;
        }
        if self.frames.is_runnable(fid) {
            self.queue_front(fid);
        }
        true
    }

    // ----- events ----------------------------------------------------------------------------------

    fn record(&mut self, kind: EventKind, previous: u64) -> u64 {
        let now = self.timeline.now_ms();
        self.recorder.record(kind, previous, now)
    }

    /// Records an event for a frame (nothing for a distributed Map's children), checking the
    /// history limit.
    fn emit(&mut self, fid: FrameId, kind: EventKind) -> u64 {
        let Some(frame) = self.working_frame(fid) else {
            return HIDDEN_EVENT;
        };
        if frame.hidden {
            // A distributed Map's child executions keep their own histories (not recorded here),
            // each with the same limit: an endless child ends the run instead of hanging it.
            if !self.limits.allows_hidden_event() {
                self.fail_execution(
                    fid,
                    StateError::new(
                        errors::RUNTIME,
                        "A child execution of a distributed Map reached the maximum number of history events.",
                    ),
                );
            }
            return HIDDEN_EVENT;
        }
        let previous = frame.last_event;
        if !self.limits.allows_event(self.recorder.len()) {
            let limit = self.limits.history_limit();
            self.fail_execution(
                fid,
                StateError::new(
                    errors::RUNTIME,
                    format!(
                        "The execution reached the maximum number of history events ({limit})."
                    ),
                ),
            );
            return HIDDEN_EVENT;
        }
        let id = self.record(kind, previous);
        if let Some(frame) = self.frame_mut(fid) {
            frame.last_event = id;
        }
        id
    }

    fn finish(
        &mut self,
        status: ExecutionStatus,
        output: Option<Payload>,
        error: Option<String>,
        cause: Option<String>,
    ) {
        self.outcome.status = status;
        self.outcome.output = output;
        self.outcome.error = error;
        self.outcome.cause = cause;
        self.timeline.clear();
        self.tasks.clear_waiting();
        self.frames.clear();
    }

    fn fail_execution(&mut self, fid: FrameId, error: StateError) {
        if !self.outcome.is_running() {
            return;
        }
        let previous = self
            .frame(fid)
            .map_or(self.recorder.last_id(), |f| f.last_event);
        self.record(
            EventKind::ExecutionFailed {
                error: error.error.clone(),
                cause: error.cause.clone(),
            },
            previous,
        );
        self.finish(ExecutionStatus::Failed, None, error.error, error.cause);
    }

    // ----- the state machine of a frame ------------------------------------------------------------

    fn act(&mut self, fid: FrameId) {
        let Some(step) = self
            .frame_mut(fid)
            .map(|f| std::mem::replace(&mut f.step, Step::Dead))
        else {
            return;
        };
        match step {
            Step::IterationStart => self.iteration_start(fid),
            Step::Enter => self.enter(fid),
            Step::Run => {
                self.run_state(fid);
                // A state that did its work at once leaves in the same step: no event lies
                // between its work and its exit.
                let exit = self.frame_mut(fid).and_then(|f| match f.step {
                    Step::Exit { .. } => Some(std::mem::replace(&mut f.step, Step::Dead)),
                    _ => None,
                });
                if let Some(Step::Exit {
                    output,
                    next,
                    assigned,
                }) = exit
                {
                    self.exit(fid, output, next, assigned);
                }
            }
            Step::TaskStart => self.task_start(fid),
            Step::TaskInvoke => self.task_invoke(fid),
            Step::TaskDone(result) => self.task_done(fid, result.map_err(|e| *e)),
            Step::WaitDone => self.wait_done(fid),
            Step::FanStart => self.fan_start(fid),
            Step::FanSettle => self.fan_settle(fid),
            Step::Exit {
                output,
                next,
                assigned,
            } => self.exit(fid, output, next, assigned),
            Step::Failed(error) => self.state_failed(fid, *error),
            Step::End(result) => self.end_scope(fid, result.map_err(|e| *e)),
            other @ (Step::Blocked(_) | Step::Dead) => self.set_step(fid, other),
        }
    }

    fn set_step(&mut self, fid: FrameId, step: Step) {
        if let Some(frame) = self.frame_mut(fid) {
            frame.step = step;
        }
    }

    fn iteration_start(&mut self, fid: FrameId) {
        if let Some(Link::Iteration { owner, index }) = self.frame(fid).map(|f| f.link) {
            if let Some(name) = self
                .frame(owner)
                .map(|o| self.plan.state(o.scope, o.state).name.clone())
            {
                self.emit(fid, EventKind::MapIterationStarted { index, name });
            }
        }
        self.set_step(fid, Step::Enter);
    }

    fn enter(&mut self, fid: FrameId) {
        let now = self.timeline.now_ms();
        let record = self.options.record_states;
        let root_start = self.recorder.at_root_start();
        // The plan is read while the frame is held: the frame is borrowed from its field alone.
        let running = self.outcome.is_running();
        let Some(frame) = self.frames.get_mut(fid) else {
            debug_assert!(
                !running,
                "engine invariant broken: frame {fid} entered but gone"
            );
            return;
        };
        frame.retries.clear();
        frame.retry_total = 0;
        frame.entered_ms = now;
        if record {
            frame.inspection = Inspection::default();
            frame.vars_at_entry = Some(frame.vars.visible());
        }
        // A state's input is the output of the state before (checked when it exited), or the
        // execution input (checked when the execution started).
        let problem = root_start
            .then(|| dataflow::payload_problem(&frame.input))
            .flatten();
        let plan = self.plan.state(frame.scope, frame.state);
        let kind = EventKind::StateEntered {
            state_type: plan.ty,
            name: plan.name.clone(),
            input: frame.input.clone().into(),
        };
        let id = self.emit(fid, kind);
        if !self.outcome.is_running() {
            return;
        }
        let step = match problem {
            Some(problem) => Step::Failed(Box::new(self.limit_error(fid, "input", problem))),
            None => Step::Run,
        };
        let Some(frame) = self.working_frame_mut(fid) else {
            return;
        };
        frame.entered_event = id;
        frame.step = step;
    }

    fn limit_error(&self, fid: FrameId, what: &str, problem: PayloadProblem) -> StateError {
        let name = self
            .frame(fid)
            .map(|f| self.plan.state(f.scope, f.state).name.to_string())
            .unwrap_or_default();
        let cause = match problem {
            PayloadProblem::TooLarge => format!("The state/task '{name}' returned a result with a size exceeding the maximum number of bytes service limit ({what})."),
            PayloadProblem::TooDeep => format!(
                "The state/task '{name}' returned a result nested more than {} levels deep ({what}); Step Functions cannot read such data.",
                errors::PAYLOAD_MAX_DEPTH
            ),
        };
        StateError::new(errors::DATA_LIMIT_EXCEEDED, cause)
    }

    /// The context object for the frame's current state, when the state reads it.
    fn context_for(
        &self,
        fid: FrameId,
        map_item: Option<(usize, &Value)>,
        token: Option<&str>,
    ) -> Value {
        let Some(frame) = self.working_frame(fid) else {
            return Value::Null;
        };
        let plan = self.plan.state(frame.scope, frame.state);
        if !plan.uses_context && plan.language == QueryLanguage::JSONPath {
            return Value::Null;
        }
        let facts = StateFacts {
            name: &plan.name,
            entered_ms: frame.entered_ms,
            retry_count: (plan.ty == StateType::Task).then_some(frame.retry_total),
            map_item,
            task_token: token,
        };
        self.facts_for(fid).context_object(&facts)
    }

    /// Turns an evaluation error into the state's error (cause prefixed as AWS does), recording
    /// `EvaluationFailed` for JSONata errors.
    fn eval_error(&mut self, fid: FrameId, error: StateError) -> StateError {
        let Some(frame) = self.working_frame(fid) else {
            return error;
        };
        let plan = self.plan.state(frame.scope, frame.state);
        let name = plan.name.clone();
        let cause = prefix_cause(
            &name,
            frame.entered_event,
            error.cause.as_deref().unwrap_or(""),
        );
        let prefixed = StateError {
            error: error.error.clone(),
            cause: Some(cause.clone()),
            location: error.location.clone(),
        };
        if error.is_evaluation_failure() {
            self.emit(
                fid,
                EventKind::EvaluationFailed(Box::new(EvaluationFailure {
                    error: error.name().to_owned(),
                    cause,
                    location: error.location.clone(),
                    state: name,
                })),
            );
        }
        prefixed
    }

    fn run_state(&mut self, fid: FrameId) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state).clone();
        let result = match &plan.def {
            State::Pass(_) | State::Succeed(_) => self.run_pass(fid, &plan),
            State::Choice(_) => self.run_choice(fid, &plan),
            State::Wait(wait) => self.run_wait(fid, &plan, wait),
            State::Fail(_) => self.run_fail(fid, &plan),
            State::Task(task) => self.run_task(fid, &plan, task),
            State::Parallel(_) => self.run_parallel(fid, &plan),
            State::Map(map) => self.run_map(fid, &plan, map),
        };
        if let Err(failure) = result {
            let error = match failure {
                Failure::Evaluation(error) if is_engine_error(&error) => {
                    self.eval_error(fid, error)
                }
                Failure::Evaluation(error) | Failure::State(error) => error,
            };
            if self.outcome.is_running() {
                self.set_step(fid, Step::Failed(Box::new(error)));
            }
        }
    }

    /// Inputs of a state: raw input, context object, JSONata `$states`.
    /// The running frame's input and variable scope, the two things every state reads first.
    fn frame_data(&self, fid: FrameId) -> Result<(Payload, Arc<VarScope>), StateError> {
        let frame = self.working_frame(fid).ok_or_else(lost_frame)?;
        Ok((frame.input.clone(), frame.vars.clone()))
    }

    fn jsonata_value(
        &mut self,
        fid: FrameId,
        value: &Value,
        location: &str,
        states: &Value,
    ) -> Result<Value, StateError> {
        let vars = self.frame(fid).map(|f| f.vars.clone()).unwrap_or_default();
        let scope = AtaScope {
            states,
            vars: &vars,
            now_ms: self.timeline.now_ms(),
        };
        self.jsonata
            .evaluate_value(value, location, &scope, &mut self.rng)
    }

    /// The last step of a JSONata state (or Choice rule, or catcher): `Assign`, then `Output`
    /// (or `default_output` without one), both against the same `$states`, as AWS evaluates them.
    fn jsonata_assign_and_output(
        &mut self,
        fid: FrameId,
        assign: Option<&Map<String, Value>>,
        output: Option<&Value>,
        states: &Value,
        default_output: Payload,
    ) -> Result<Shaped, StateError> {
        let assigned = match assign {
            Some(assign) => Some(self.jsonata_assign(fid, assign, states)?),
            None => None,
        };
        let output = match output {
            Some(output) => Arc::new(self.jsonata_value(fid, output, "Output", states)?),
            None => default_output,
        };
        Ok((output, assigned))
    }

    fn jsonata_assign(
        &mut self,
        fid: FrameId,
        assign: &Map<String, Value>,
        states: &Value,
    ) -> Result<Vec<(String, Value)>, StateError> {
        let vars = self.frame(fid).map(|f| f.vars.clone()).unwrap_or_default();
        let scope = AtaScope {
            states,
            vars: &vars,
            now_ms: self.timeline.now_ms(),
        };
        self.jsonata.assign(assign, &scope, &mut self.rng)
    }

    // ----- leaving states ----------------------------------------------------------------------------

    fn exit(
        &mut self,
        fid: FrameId,
        output: Payload,
        next: Option<usize>,
        assigned: Option<Arc<Vec<(String, Value)>>>,
    ) {
        // An empty `Assign` assigns nothing, and AWS records no `assignedVariables` for it.
        let assigned = assigned.filter(|a| !a.is_empty());
        // An output that is the state's input (a Choice, a Pass without fields) was checked when
        // it came in.
        let unchanged = self
            .frame(fid)
            .is_some_and(|frame| frame.input_checked && Arc::ptr_eq(&frame.input, &output));
        if let Some(problem) = (!unchanged)
            .then(|| dataflow::payload_problem(&output))
            .flatten()
        {
            let error = self.limit_error(fid, "output", problem);
            self.set_step(fid, Step::Failed(Box::new(error)));
            return;
        }
        // AWS limits what one state assigns to 256 KiB as well.
        if let Some(assigned) = assigned.as_deref() {
            if let Some(problem) = dataflow::assigned_problem(assigned) {
                let error = self.limit_error(fid, "assigned variables", problem);
                self.set_step(fid, Step::Failed(Box::new(error)));
                return;
            }
        }
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state);
        let (name, ty) = (plan.name.clone(), plan.ty);
        let kind = EventKind::StateExited {
            state_type: ty,
            name,
            output: output.clone().into(),
            assigned: assigned.clone(),
        };
        self.emit(fid, kind);
        if !self.outcome.is_running() {
            return;
        }
        self.keep_record(
            fid,
            Some(output.clone()),
            None,
            assigned.as_deref().cloned().unwrap_or_default(),
        );
        let Some(frame) = self.working_frame_mut(fid) else {
            return;
        };
        if let Some(assigned) = &assigned {
            if !frame.own_scope {
                frame.vars = VarScope::child_of(&frame.vars);
                frame.own_scope = true;
            }
            VarScope::assign(&mut frame.vars, assigned);
        }
        match next {
            Some(next) if ty != StateType::Succeed => {
                frame.state = next;
                frame.input = output;
                frame.input_checked = true;
                frame.step = Step::Enter;
            }
            _ => frame.step = Step::End(Ok(output)),
        }
    }

    fn keep_record(
        &mut self,
        fid: FrameId,
        output: Option<Payload>,
        error: Option<StateError>,
        assigned: Vec<(String, Value)>,
    ) {
        if !self.options.record_states {
            return;
        }
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state);
        let record = StateRecord {
            state_name: plan.name.to_string(),
            state_type: plan.ty,
            location: self.location_of(fid),
            pointer: plan.pointer.clone(),
            path: self.path_of(fid),
            entered_event_id: frame.entered_event,
            input: frame.input.clone(),
            output,
            error,
            inspection: frame.inspection.clone(),
            variables: frame.vars_at_entry.clone().unwrap_or_default(),
            assigned,
            retry_count: frame.retry_total,
        };
        self.recorder.keep(record, self.options.records_kept);
    }

    /// A state failed: retry it, catch the error, or end its scope with the error.
    fn state_failed(&mut self, fid: FrameId, error: StateError) {
        if error.is_terminal() {
            self.keep_record(fid, None, Some(error.clone()), Vec::new());
            self.fail_execution(fid, error);
            return;
        }
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state).clone();
        let retriers = plan.def.retry();
        let mut attempts = frame.retries.clone();
        attempts.resize(retriers.len(), 0);
        if let RetryDecision::RetryAfter { index, delay_ms } =
            retry::decide(retriers, &attempts, &error, &mut self.rng)
        {
            let at = self.timeline.now_ms().saturating_add(delay_ms);
            let Some(frame) = self.working_frame_mut(fid) else {
                return;
            };
            frame.retries = attempts;
            frame.retries[index] += 1;
            frame.retry_total += 1;
            frame.fan = None;
            frame.generation += 1;
            let generation = frame.generation;
            frame.step = Step::Blocked(Blocked::Retry);
            self.add_timer(at, fid, generation, TimerKind::Wake);
            return;
        }
        match plan.ty {
            StateType::Parallel => {
                self.emit(fid, EventKind::ParallelStateFailed);
            }
            StateType::Map => {
                self.emit(fid, EventKind::MapStateFailed);
            }
            _ => {}
        }
        if !self.outcome.is_running() {
            return;
        }
        self.keep_record(fid, None, Some(error.clone()), Vec::new());
        let catchers = plan.def.catch();
        if let Some(i) = catchers
            .iter()
            .position(|c| errors::error_matches(&c.error_equals, &error))
        {
            match self.catch_output(fid, &plan, &catchers[i], &error) {
                Ok((output, assigned)) => {
                    self.set_step(
                        fid,
                        Step::Exit {
                            output,
                            next: Some(plan.catch_next[i]),
                            assigned: assigned.map(Arc::new),
                        },
                    );
                }
                Err(catch_error) => {
                    let catch_error = self.eval_error(fid, catch_error);
                    self.set_step(fid, Step::End(Err(Box::new(catch_error))));
                }
            }
            return;
        }
        self.set_step(fid, Step::End(Err(Box::new(error))));
    }

    fn catch_output(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        catcher: &Catcher,
        error: &StateError,
    ) -> Result<Shaped, StateError> {
        let error_output = json!({"Error": error.error, "Cause": error.cause});
        let (raw, _) = self.frame_data(fid)?;
        if plan.language == QueryLanguage::JSONata {
            let states = self.states_binding(fid, &[("errorOutput", error_output.clone())]);
            self.jsonata_assign_and_output(
                fid,
                catcher.assign.as_ref(),
                catcher.output.as_ref(),
                &states,
                Arc::new(error_output),
            )
        } else {
            let path_frame = self.path_frame(fid)?;
            let scope = path_frame.scope();
            dataflow::assign_and_place(
                &raw,
                &Arc::new(error_output),
                catcher.assign.as_ref(),
                catcher.result_path.as_ref(),
                &scope,
                &mut self.rng,
            )
        }
    }

    /// A scope (the top level, a branch, an iteration) ended.
    fn end_scope(&mut self, fid: FrameId, result: Result<Payload, StateError>) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let link = frame.link;
        let is_fail = self.plan.state(frame.scope, frame.state).ty == StateType::Fail;
        if let (Err(error), true) = (&result, is_fail) {
            self.keep_record(fid, None, Some(error.clone()), Vec::new());
        }
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        match link {
            Link::Root => {
                let last = frame.last_event;
                match result {
                    Ok(output) => {
                        self.record(
                            EventKind::ExecutionSucceeded {
                                output: output.clone().into(),
                            },
                            last,
                        );
                        self.finish(ExecutionStatus::Succeeded, Some(output), None, None);
                    }
                    Err(error) => self.fail_execution(fid, error),
                }
            }
            Link::Branch { owner, index } | Link::Iteration { owner, index } => {
                if let Link::Iteration { .. } = link {
                    if let Some(name) = self
                        .frame(owner)
                        .map(|o| self.plan.state(o.scope, o.state).name.clone())
                    {
                        let kind = if result.is_ok() {
                            EventKind::MapIterationSucceeded { index, name }
                        } else {
                            EventKind::MapIterationFailed { index, name }
                        };
                        self.emit(fid, kind);
                    }
                }
                if !self.outcome.is_running() {
                    return;
                }
                let last = self
                    .frame(fid)
                    .map_or(0, |f| if f.hidden { 0 } else { f.last_event });
                self.release(fid);
                let Some(owner_frame) = self.working_frame_mut(owner) else {
                    return;
                };
                if last != 0 && !owner_frame.hidden {
                    owner_frame.last_event = last;
                }
                let Some(fan) = owner_frame.fan.as_mut() else {
                    debug_assert!(
                        false,
                        "engine invariant broken: a child of frame {owner} ended after its fan-out"
                    );
                    return;
                };
                fan.child_ended(index, result);
                if matches!(owner_frame.step, Step::Blocked(Blocked::Children)) {
                    owner_frame.step = Step::FanSettle;
                    self.queue_front(owner);
                }
            }
        }
    }
}

/// An execution's result, `{status, output, error, cause, events}`, ready to serialise (see
/// [`Execution::result`]).
#[derive(Debug, Clone, Copy)]
pub struct ExecutionResult<'a>(&'a Execution);

impl serde::Serialize for ExecutionResult<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let execution = self.0;
        let mut map = serializer.serialize_map(Some(5))?;
        let outcome = &execution.outcome;
        map.serialize_entry("status", outcome.status.as_str())?;
        map.serialize_entry("output", &outcome.output.as_deref())?;
        map.serialize_entry("error", &outcome.error)?;
        map.serialize_entry("cause", &outcome.cause)?;
        map.serialize_entry("events", execution.recorder.events())?;
        map.end()
    }
}

/// The error for a frame that is gone while the engine works on it.
#[track_caller]
fn lost_frame() -> StateError {
    lost("frame")
}

/// The error for engine state that is gone while the engine works on it (a frame, its fan-out,
/// an item): an engine bug. Debug builds stop on it; release builds fail the state with it
/// rather than panic in front of the user.
#[track_caller]
fn lost(what: &str) -> StateError {
    debug_assert!(false, "engine invariant broken: the {what} is gone");
    StateError::new(errors::RUNTIME, format!("lost {what}"))
}

/// True for errors the engine raised while evaluating a field (their cause gets AWS's prefix).
fn is_engine_error(error: &StateError) -> bool {
    matches!(
        error.name(),
        errors::RUNTIME
            | errors::QUERY_EVALUATION_ERROR
            | errors::INTRINSIC_FAILURE
            | errors::RESULT_PATH_MATCH_FAILURE
            | errors::PARAMETER_PATH_FAILURE
            | errors::ITEM_READER_FAILED
    )
}

/// Seconds to milliseconds, saturating (a definition may say any number of seconds).
fn secs_to_ms(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX).saturating_mul(1000)
}
