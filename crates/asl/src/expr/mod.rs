//! The JSONPath query language of Amazon States Language, as AWS Step Functions accepts it.
//!
//! Three parts, each usable on its own:
//! - [`path`]: paths (`$.a.b`, `$$.Execution.Id`, `$myVar.field`, `$.items[?(@.n > 1)]`) parsed to an
//!   AST, with AWS's *reference path* restrictions for fields such as `ResultPath`.
//! - [`intrinsic`]: intrinsic function calls (`States.Format('{}', $.a)`), parsed and checked against
//!   the 18 functions' arities and literal-argument rules.
//! - [`template`]: payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath
//!   `Assign`): every key ending in `.$` must hold a path or an intrinsic call.
//!
//! Everything here is static: evaluation lives in the simulator crate (`statecraft-sim`).
//! Errors carry a message and the 0-based *character* position in the expression text where the
//! problem was found, so a caller can point at it.

pub mod intrinsic;
pub mod path;
pub mod template;

/// A syntax or static-rule error in a path or intrinsic expression.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct ExprError {
    /// What is wrong, in a sentence that makes sense without the position.
    pub message: String,
    /// 0-based index of the character (not byte) in the expression where the problem starts.
    pub position: usize,
}

impl ExprError {
    /// An error with `message` at character `position`.
    pub fn new(message: impl Into<String>, position: usize) -> Self {
        Self {
            message: message.into(),
            position,
        }
    }

    /// The same error moved right by `offset` characters (used when an expression is embedded in
    /// a larger one, as a path inside an intrinsic call).
    #[must_use]
    pub fn shifted(mut self, offset: usize) -> Self {
        self.position += offset;
        self
    }
}
