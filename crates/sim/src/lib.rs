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

pub mod choice;
pub mod clock;
pub mod context;
mod dataflow;
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
pub mod task;
pub mod variables;

pub use execution::{
    ActiveState, CallbackError, Execution, ExecutionError, ExecutionOptions, ExecutionResult,
    ExecutionStatus, ExecutionType, Inspection, PendingKind, PendingTask, StateRecord, StepOutcome,
};
pub use history::{EvaluationFailure, EventKind, HistoryEvent};
pub use jsonpath::{Env, ErrorName, EvalError, Variables};
pub use mock::{MockConfig, MockError, Mocks};
pub use plan::PlanError;
