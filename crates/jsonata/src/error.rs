//! The one error type of this crate.

use std::ops::Range;

/// What went wrong, in the terms the simulator and the validator act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The expression is not valid JSONata (codes `S0xxx`). Raised by [`crate::Expression::compile`].
    Syntax,
    /// A value had the wrong type for an operator or function (codes `T0xxx`, `T1xxx`, `T2xxx`).
    Type,
    /// Evaluation failed for another reason: a bad argument value, an `$error()` call, invalid
    /// JSON given to `$parse`, a number out of range (codes `D0xxx`..`D3xxx` and the
    /// Step Functions functions' own codes, which start with `SF`).
    Evaluation,
    /// Evaluation was stopped by a guard: too deep, too many steps, too long, or too large
    /// (see [`crate::Limits`]).
    Limit,
    /// The engine failed internally (it panicked). Never the expression author's fault.
    Internal,
}

/// An error from compiling or evaluating a JSONata expression.
///
/// `Display` gives `CODE: message`, the form AWS puts in the cause of a
/// `States.QueryEvaluationError` ("... threw an error during evaluation. T1006: Attempted to
/// invoke a non-function").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct JsonataError {
    kind: ErrorKind,
    code: String,
    message: String,
    span: Option<Range<usize>>,
    token: Option<String>,
}

impl JsonataError {
    pub(crate) fn new(
        kind: ErrorKind,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            code: code.into(),
            message: message.into(),
            span: None,
            token: None,
        }
    }

    pub(crate) fn with_span(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    pub(crate) fn with_token(mut self, token: Option<String>) -> Self {
        self.token = token;
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The JSONata error code, such as `S0202` or `T2001`; the Step Functions functions use
    /// codes of their own starting with `SF` (see [`crate::STEP_FUNCTIONS_FUNCTIONS`]);
    /// guards raise `D1011` (depth), `U1006` (steps), `D1012` (time) or `U1001` (size).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The human-readable message, without the code.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the expression the error was found, as an offset in characters (Unicode scalar
    /// values) from the start of the expression, when the engine reports one.
    pub fn position(&self) -> Option<usize> {
        self.span.as_ref().map(|span| span.start)
    }

    /// The offending text of the expression, as a range of character offsets, when known.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The token involved (an operator, a function name), when the engine reports one.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

/// Classifies a JSONata error code.
pub(crate) fn kind_of_code(code: &str) -> ErrorKind {
    match code {
        // Guards: depth, time, size, cancellation, steps.
        "D1011" | "D1012" | "U1001" | "U1003" | "U1006" => ErrorKind::Limit,
        _ if code.starts_with('S') && !code.starts_with("SF") => ErrorKind::Syntax,
        _ if code.starts_with('T') => ErrorKind::Type,
        _ => ErrorKind::Evaluation,
    }
}

/// Converts a byte range of `source` into a range of character offsets.
pub(crate) fn char_span(source: &str, bytes: Range<usize>) -> Range<usize> {
    let to_chars = |byte: usize| {
        let byte = byte.min(source.len());
        // Step back to a char boundary so that slicing cannot fail.
        let boundary = (0..=byte)
            .rev()
            .find(|&b| source.is_char_boundary(b))
            .unwrap_or(0);
        source[..boundary].chars().count()
    };
    to_chars(bytes.start)..to_chars(bytes.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_code_colon_message() {
        let err = JsonataError::new(
            ErrorKind::Type,
            "T1006",
            "Attempted to invoke a non-function",
        );
        assert_eq!(err.to_string(), "T1006: Attempted to invoke a non-function");
    }

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(kind_of_code("S0202"), ErrorKind::Syntax);
        assert_eq!(kind_of_code("T2001"), ErrorKind::Type);
        assert_eq!(kind_of_code("D3001"), ErrorKind::Evaluation);
        assert_eq!(kind_of_code("SF0101"), ErrorKind::Evaluation);
        assert_eq!(kind_of_code("D1011"), ErrorKind::Limit);
        assert_eq!(kind_of_code("U1006"), ErrorKind::Limit);
    }

    #[test]
    fn char_span_counts_characters_not_bytes() {
        let source = "'é' + x";
        // bytes: ' =0, é=1..3, ' =3, space=4, + =5
        assert_eq!(char_span(source, 5..6), 4..5);
        // a byte inside a multi-byte character snaps back to its start
        assert_eq!(char_span(source, 2..2), 1..1);
    }
}
