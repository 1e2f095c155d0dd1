//! Compiled expressions: the only place that calls the engine's compiler and evaluator.

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::Value;

use crate::bindings::Bindings;
use crate::error::{char_span, kind_of_code, ErrorKind, JsonataError};

/// A compiled JSONata expression: compile once, evaluate many times. Cheap to clone, and
/// shareable between threads.
#[derive(Debug, Clone)]
pub struct Expression {
    inner: jlens_core::Expression,
}

impl Expression {
    /// Parses `source`. On a syntax error the [`JsonataError`] has kind
    /// [`ErrorKind::Syntax`], a JSONata code (`S0xxx`), a message, and, when the engine knows
    /// it, the [`position`](JsonataError::position) of the offending text in characters.
    ///
    /// This is the syntax check for the validator: it does not evaluate anything.
    pub fn compile(source: &str) -> Result<Self, JsonataError> {
        match catch_unwind(|| jlens_core::Expression::compile(source)) {
            Ok(Ok(inner)) => Ok(Self { inner }),
            Ok(Err(err)) => Err(convert_error(&err, source)),
            Err(_) => Err(JsonataError::new(
                ErrorKind::Internal,
                "INTERNAL",
                "The JSONata engine failed while parsing this expression",
            )),
        }
    }

    /// The source text the expression was compiled from.
    pub fn source(&self) -> &str {
        self.inner.source()
    }

    /// Evaluates the expression with `input` as its context (`$`) and `bindings` as its
    /// variables. `Ok(None)` means the result is JSONata's *undefined* (nothing matched); the
    /// simulator decides what undefined means for the field being evaluated.
    pub fn evaluate(
        &self,
        input: &Value,
        bindings: &Bindings,
    ) -> Result<Option<Value>, JsonataError> {
        self.run(Some(input), bindings)
    }

    /// Evaluates the expression with an undefined context (no input at all): Step Functions
    /// expressions reach their data through variables such as `$states`.
    pub fn evaluate_without_input(
        &self,
        bindings: &Bindings,
    ) -> Result<Option<Value>, JsonataError> {
        self.run(None, bindings)
    }

    fn run(
        &self,
        input: Option<&Value>,
        bindings: &Bindings,
    ) -> Result<Option<Value>, JsonataError> {
        let limits = bindings.limits;
        let mut options = jlens_core::Options::new()
            .max_depth(limits.max_depth)
            .max_steps(limits.max_steps)
            // `$shuffle` draws from the run's random source like `$random` and `$uuid`.
            .seed(bindings.random.next_u64());
        if let Some(timeout) = limits.timeout {
            options = options.timeout(timeout);
        }
        if let Some(now) = bindings.now_millis {
            options = options.now(now);
        }
        let evaluated = catch_unwind(AssertUnwindSafe(|| {
            self.inner.evaluate_with(input, &bindings.inner, &options)
        }));
        match evaluated {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(convert_error(&err, self.source())),
            Err(_) => Err(JsonataError::new(
                ErrorKind::Internal,
                "INTERNAL",
                "The JSONata engine failed while evaluating this expression",
            )),
        }
    }
}

fn convert_error(err: &jlens_core::Error, source: &str) -> JsonataError {
    let code = err.code();
    JsonataError::new(kind_of_code(code), code, err.message())
        .with_span(
            err.span()
                .map(|span| char_span(source, span.start..span.end)),
        )
        .with_token(err.token())
}
