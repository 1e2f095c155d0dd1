//! The predefined `States.*` error names, and the error value a state raises.

/// Any error (matches every error name in `ErrorEquals`, except terminal ones).
pub const ALL: &str = "States.ALL";
/// A JSONPath reference, an intrinsic or a payload could not be evaluated at run time.
pub const RUNTIME: &str = "States.Runtime";
/// A Task ran longer than `TimeoutSeconds`, or the execution ran longer than its limit.
pub const TIMEOUT: &str = "States.Timeout";
/// A Task sent no heartbeat for `HeartbeatSeconds`.
pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
/// A Task failed.
pub const TASK_FAILED: &str = "States.TaskFailed";
/// A Task's principal was not allowed to run it.
pub const PERMISSIONS: &str = "States.Permissions";
/// A `ResultPath` could not be applied to the input.
pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
/// A `Parameters` (or `ItemSelector`) template could not be built.
pub const PARAMETER_PATH_FAILURE: &str = "States.ParameterPathFailure";
/// A JSONata expression failed or returned nothing where a value is needed.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
/// A Map's failed items exceeded its tolerated failures.
pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";
/// A Map's ItemReader failed.
pub const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";
/// A Map's ResultWriter failed.
pub const RESULT_WRITER_FAILED: &str = "States.ResultWriterFailed";
/// A branch of a Parallel or an iteration of a Map failed.
pub const BRANCH_FAILED: &str = "States.BranchFailed";
/// No Choice rule matched and there is no Default.
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
/// An intrinsic function failed.
pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";
/// A payload exceeded 256 KiB.
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";

/// Largest payload (state input or output), in bytes, as on AWS.
pub const PAYLOAD_LIMIT_BYTES: usize = 256 * 1024;

/// Deepest nesting of arrays and objects a payload may have. Jackson, the JSON reader behind
/// Step Functions, refuses documents nested more than 1,000 levels by default; the simulator keeps
/// a lower bound so that copying and printing such data stays far from the stack's limits on a
/// 2 MiB worker thread, and fails the state with `States.DataLimitExceeded` instead.
pub const PAYLOAD_MAX_DEPTH: usize = 500;

/// An error raised while running a state: a name for `ErrorEquals` and a cause for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    /// The error name (`States.Timeout`, or a name a task or Fail state chose). `None` for a Fail
    /// state without `Error`.
    pub error: Option<String>,
    /// Why, in words. `None` when nothing was said.
    pub cause: Option<String>,
    /// Where the error was found, for `EvaluationFailed` events (`Assign/x`, `Output`).
    pub location: Option<String>,
}

impl StateError {
    /// An error with a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        StateError {
            error: Some(error.into()),
            cause: Some(cause.into()),
            location: None,
        }
    }

    /// The same error, located at a field.
    #[must_use]
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// The error name, or the empty string.
    pub fn name(&self) -> &str {
        self.error.as_deref().unwrap_or("")
    }

    /// True for errors no Retry or Catch handles: they fail the execution at once.
    pub fn is_terminal(&self) -> bool {
        matches!(self.name(), RUNTIME | DATA_LIMIT_EXCEEDED)
    }

    /// True for errors AWS reports with an `EvaluationFailed` event before failing the state.
    pub fn is_evaluation_failure(&self) -> bool {
        self.name() == QUERY_EVALUATION_ERROR
    }
}

/// True when an `ErrorEquals` list handles `error`. `States.ALL` handles any error except the
/// terminal ones; `States.TaskFailed` handles any error except `States.Timeout`, as on AWS.
pub fn error_matches(error_equals: &[String], error: &StateError) -> bool {
    let name = error.name();
    error_equals.iter().any(|candidate| {
        candidate == name
            || (candidate == ALL && !error.is_terminal())
            || (candidate == TASK_FAILED
                && name != TIMEOUT
                && !name.starts_with("States.")
                && !name.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_matches_everything_but_terminal_errors() {
        let all = vec![ALL.to_owned()];
        assert!(error_matches(&all, &StateError::new("Custom", "c")));
        assert!(error_matches(&all, &StateError::new(TIMEOUT, "c")));
        assert!(!error_matches(&all, &StateError::new(RUNTIME, "c")));
        let task_failed = vec![TASK_FAILED.to_owned()];
        assert!(error_matches(
            &task_failed,
            &StateError::new("Lambda.Unknown", "c")
        ));
        assert!(!error_matches(&task_failed, &StateError::new(TIMEOUT, "c")));
    }
}
