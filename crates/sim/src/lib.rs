//! statecraft-sim: runs Amazon States Language workflows locally, the way AWS Step Functions
//! does: JSONPath and JSONata, intrinsic functions, variables, mocked tasks, a virtual clock and an
//! execution history shaped like AWS's `GetExecutionHistory`.
//!
//! The JSONPath query language lives in four modules: [`jsonpath`] (selecting values),
//! [`intrinsics`] (the 18 `States.*` functions), [`payload`] (InputPath, Parameters,
//! ResultSelector, ResultPath, OutputPath) and [`choice`] (JSONPath Choice rules).
//!
//! The engine is [`Execution`]: create it from a definition, an input and [`ExecutionOptions`]
//! (start time on the virtual clock, seed, Standard or Express, [`Mocks`] from a MockConfigFile),
//! then [`Execution::step`] (one event at a time) or [`Execution::run`] (to the next pause or the
//! end). Tasks without a mock and `.waitForTaskToken` tasks pause the run: answer them with
//! [`Execution::send_task_success`], [`Execution::send_task_failure`] or
//! [`Execution::send_task_heartbeat`] ([`Execution::pending_tasks`] lists them). The history is
//! [`Execution::history`] (typed) or [`Execution::history_json`] (AWS's `GetExecutionHistory`
//! shape); the designer reads [`Execution::current_states`] and [`Execution::state_records`]
//! (input, output, variables, data-processing stages, retries of every state visit).
//!
//! The history keeps each payload once: events whose payloads share large parts (a counter
//! beside 200 KB of data, carried through thousands of rounds) share them ([`shared`]), so a long
//! run's memory grows with the data that changes, not with the number of events. Event payloads
//! are [`HistoryPayload`]s: read them with `to_value()` or print them (`Display` gives JSON text).
//!
//! # Driving a run: one way for the CLI and the designer
//!
//! `step` and `run` stop at every pause; what to do there (answer waiting tasks, let virtual time
//! pass to a task timeout, stop a stuck run) is decided by the [`driver`], so that `statecraft
//! run` and the designer record the same history for the same definition, input, mocks and seed.
//! Both start from [`ExecutionOptions::default()`] (the CLI only fills in what its flags say):
//!
//! ```
//! use serde_json::json;
//! use statecraft_sim::{Advance, Execution, ExecutionOptions, ExecutionStatus, TaskAnswer};
//!
//! let definition = json!({"StartAt": "Ask", "States": {
//!     "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
//! // To completion, with a policy that answers every waiting task (the CLI's way):
//! let mut run = Execution::from_value(&definition, json!({}), ExecutionOptions::default())?;
//! let status = run.run_to_end(|_task| TaskAnswer::Success(json!({"ok": true})));
//! assert_eq!(status, ExecutionStatus::Succeeded);
//!
//! // Event by event, answering when the user has decided (the designer's way, off the UI thread):
//! let mut stepped = Execution::from_value(&definition, json!({}), ExecutionOptions::default())?;
//! loop {
//!     match stepped.advance() {
//!         Advance::Progressed => { /* show stepped.history().last() */ }
//!         Advance::NeedsAnswers(tasks) => {
//!             for task in tasks {
//!                 stepped.answer(&task.token, TaskAnswer::Success(json!({"ok": true})))?;
//!             }
//!         }
//!         Advance::Finished => break,
//!     }
//! }
//! assert_eq!(stepped.history_json(), run.history_json());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod choice;
pub mod clock;
pub mod context;
mod dataflow;
pub mod driver;
pub mod errors;
pub mod execution;
pub mod history;
pub mod intrinsics;
pub mod item_reader;
pub mod jsonpath;
pub mod mock;
pub mod payload;
mod plan;
pub mod retry;
pub mod shared;
pub mod task;
pub mod variables;

pub use driver::{Advance, TaskAnswer};
pub use execution::{
    ActiveState, CallbackError, Execution, ExecutionError, ExecutionOptions, ExecutionResult,
    ExecutionStatus, ExecutionType, Inspection, PathStep, PendingKind, PendingTask, StateRecord,
    StepOutcome, DEFAULT_START_TIME_MS,
};
pub use history::{EvaluationFailure, EventKind, HistoryEvent, HistoryPayload};
pub use jsonpath::{Env, ErrorName, EvalError, Variables};
pub use mock::{MockConfig, MockError, Mocks};
pub use plan::PlanError;
