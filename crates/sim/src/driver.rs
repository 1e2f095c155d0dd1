//! The one way to drive an execution to its end, shared by the CLI (`statecraft run`) and the
//! designer, so that both record the same history for the same definition, input, mocks and seed.
//!
//! [`Execution::step`] and [`Execution::run`] only advance what can advance on its own: they
//! pause when every branch waits for a task answer, or when only a task timeout or heartbeat
//! could fire next. The driver decides what happens at a pause, always the same way:
//!
//! 1. tasks wait ([`Execution::pending_tasks`], sorted by token): each gets an answer from the
//!    caller ([`TaskAnswer`]), all of them before the run goes on;
//! 2. no task waits but a timer is set (a task timeout, a heartbeat): virtual time passes to it
//!    ([`Execution::let_time_pass`]);
//! 3. nothing can happen any more: the run is stopped with [`STUCK_ERROR`].
//!
//! Two ways to use it: [`Execution::run_to_end`] with an answering policy (the CLI), or
//! [`Execution::advance`] one event at a time, answering [`Advance::NeedsAnswers`] with
//! [`Execution::answer`] when the person at the screen has decided (the designer, off the UI
//! thread). Answering every task that `advance` hands out, in the order given, records the
//! same history as `run_to_end` with the same answers.

use serde_json::Value;

use crate::execution::{CallbackError, Execution, ExecutionStatus, PendingTask, StepOutcome};

/// The error a run is stopped with when nothing can happen any more (no task waits, no timer).
pub const STUCK_ERROR: &str = "Statecraft.Stuck";

/// The cause recorded with [`STUCK_ERROR`].
pub const STUCK_CAUSE: &str = "Nothing can happen any more.";

/// The error of a task nobody answered (no mock, no callback).
pub const NO_MOCK_ERROR: &str = "Statecraft.NoMock";

/// An answer to a waiting task: `SendTaskSuccess` or `SendTaskFailure`.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskAnswer {
    /// The task succeeds with this output.
    Success(Value),
    /// The task fails.
    Failure {
        /// Error name.
        error: Option<String>,
        /// Cause.
        cause: Option<String>,
    },
}

impl TaskAnswer {
    /// The answer given to a task nobody answered: it fails with [`NO_MOCK_ERROR`] and a cause
    /// that says how to mock or answer it.
    pub fn unanswered(task: &PendingTask) -> TaskAnswer {
        TaskAnswer::Failure {
            error: Some(NO_MOCK_ERROR.to_owned()),
            cause: Some(no_mock_message(&task.state_name)),
        }
    }
}

/// The cause of [`TaskAnswer::unanswered`] for the Task state `name`.
pub fn no_mock_message(name: &str) -> String {
    format!(
        "The Task state '{name}' has no mock and no answer. Mock it in a test case of a mock \
         configuration (--mock-config FILE --test-case NAME, with \"{name}\": \"SomeResponse\" in the \
         test case), or answer it with --callback '{name}=success:{{...}}'."
    )
}

/// The state machine name a definition's file name suggests: the name without its extensions
/// (`order.asl.json` is `order`), or `StateMachine`. `statecraft run` and the designer both name
/// runs this way, which is also the name mock configurations look test cases up by.
pub fn machine_name_from_file_name(file_name: &str) -> String {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    if stem.is_empty() {
        "StateMachine".into()
    } else {
        stem.to_owned()
    }
}

/// What one call to [`Execution::advance`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Advance {
    /// The run went on: an event was recorded, or virtual time passed to the next timer, or the
    /// stuck run was stopped.
    Progressed,
    /// These tasks wait for answers (sorted by token): give each one with
    /// [`Execution::answer`], then call [`Execution::advance`] again.
    NeedsAnswers(Vec<PendingTask>),
    /// The execution has ended.
    Finished,
}

impl Execution {
    /// Advances the run by one event, deciding pauses as the driver does (see the
    /// [module docs](crate::driver)): a pause with waiting tasks hands them out, a pause on a
    /// timer lets time pass, a pause with nothing left stops the run with [`STUCK_ERROR`].
    pub fn advance(&mut self) -> Advance {
        match self.step() {
            StepOutcome::Progressed => Advance::Progressed,
            StepOutcome::Finished => Advance::Finished,
            StepOutcome::Paused => {
                let pending = self.pending_tasks();
                if !pending.is_empty() {
                    return Advance::NeedsAnswers(pending);
                }
                if !self.let_time_pass() {
                    self.stop(Some(STUCK_ERROR.into()), Some(STUCK_CAUSE.into()));
                }
                Advance::Progressed
            }
        }
    }

    /// Answers the task waiting for `token` (`SendTaskSuccess` / `SendTaskFailure`).
    pub fn answer(&mut self, token: &str, answer: TaskAnswer) -> Result<(), CallbackError> {
        match answer {
            TaskAnswer::Success(output) => self.send_task_success(token, output),
            TaskAnswer::Failure { error, cause } => self.send_task_failure(token, error, cause),
        }
    }

    /// Runs to the end, asking `answer` for the answer of each waiting task (in token order, all
    /// tasks of a pause before the run goes on). Returns the final status.
    pub fn run_to_end(
        &mut self,
        mut answer: impl FnMut(&PendingTask) -> TaskAnswer,
    ) -> ExecutionStatus {
        loop {
            match self.advance() {
                Advance::Progressed => {}
                Advance::Finished => return self.status(),
                Advance::NeedsAnswers(tasks) => {
                    for task in tasks {
                        let reply = answer(&task);
                        // The token was handed out just now and nothing ran since: it waits.
                        let answered = self.answer(&task.token, reply);
                        debug_assert!(answered.is_ok(), "a pending task refused its answer");
                    }
                }
            }
        }
    }
}
