//! JSONata for Statecraft.
//!
//! This crate wraps the JSONata engine behind a small API of our own, so that the engine can be
//! replaced without touching the simulator or the validator (the choice and its measurements are
//! in `docs/jsonata-engine.md`). It adds the functions that AWS Step Functions provides on top of
//! JSONata (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`), removes `$eval` as
//! AWS does, draws all randomness from a seed so a run can be replayed, and bounds every
//! evaluation so that a runaway expression fails with an error instead of hanging or overflowing
//! the stack.
//!
//! ```
//! use serde_json::json;
//! use statecraft_jsonata::{Bindings, Expression};
//!
//! let expr = Expression::compile("$partition($states.input.items, 2)").unwrap();
//! let bindings = Bindings::new(42).with_variable("states", json!({"input": {"items": [1, 2, 3]}}));
//! let result = expr.evaluate(&json!({}), &bindings).unwrap();
//! assert_eq!(result, Some(json!([[1, 2], [3]])));
//! ```
//!
//! Syntax checking for the validator is [`Expression::compile`]: its error carries a
//! [`JsonataError::position`] in characters from the start of the expression.

mod bindings;
mod error;
mod expression;
mod functions;
mod random;

pub use bindings::{Bindings, Limits, RandomSource};
pub use error::{ErrorKind, JsonataError};
pub use expression::Expression;
pub use functions::{HashAlgorithm, STEP_FUNCTIONS_FUNCTIONS};
