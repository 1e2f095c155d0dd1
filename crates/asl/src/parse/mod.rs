//! Reading source text into the [`Node`](crate::Node) tree, with errors a person can act on.

mod json;
mod yaml;

pub use json::parse_json;
pub use yaml::parse_yaml;

use crate::position::LineCol;

/// Deepest nesting of arrays and objects accepted (the top-level value is level 1), in definitions,
/// execution inputs and YAML alike; real definitions stay far below it, and the limit keeps hostile
/// input from exhausting the stack. It stays under the JSON reader's own limit (512 ranges, an
/// object and its member counting as two), so the message always names this one.
pub const MAX_NESTING_DEPTH: usize = 250;

/// The message for a value nested deeper than [`MAX_NESTING_DEPTH`].
pub(crate) fn nesting_message() -> String {
    format!(
        "values are nested more than {MAX_NESTING_DEPTH} levels deep, the most Statecraft reads"
    )
}

/// Largest source accepted, in bytes. AWS accepts definitions up to 1 MiB; this leaves room for
/// drafts and formatting while refusing files that are clearly not a workflow.
pub const MAX_SOURCE_BYTES: usize = 16 * 1024 * 1024;

/// Why a text could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct ParseError {
    /// What is wrong, in words, with what to do where that helps.
    pub message: String,
    /// Where the problem is.
    pub position: LineCol,
    /// Byte offset of the problem in the source.
    pub offset: usize,
}

impl ParseError {
    pub(crate) fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let position = crate::position::LineIndex::new(text).line_col(text, offset);
        Self {
            message: message.into(),
            position,
            offset,
        }
    }
}

/// Turns raw bytes into text, with the position of the first byte that is not UTF-8.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, ParseError> {
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(too_large_error(Some(bytes.len() as u64)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = err.valid_up_to();
        // The prefix up to `valid` is UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let mut error = ParseError::at(
            prefix,
            valid,
            format!(
                "byte 0x{:02X} is not valid UTF-8; save the file as UTF-8 text",
                bytes[valid]
            ),
        );
        error.offset = valid;
        error
    })
}

/// The error for a source over [`MAX_SOURCE_BYTES`]: with its size when known, or when reading
/// stopped at the limit, without.
pub fn too_large_error(size_bytes: Option<u64>) -> ParseError {
    let limit_mb = MAX_SOURCE_BYTES / (1024 * 1024);
    let size = match size_bytes {
        Some(size) => format!("{:.1} MB", size as f64 / 1_000_000.0),
        None => format!("over {limit_mb} MB"),
    };
    ParseError {
        message: format!(
            "the file is {size}; Statecraft reads definitions up to {limit_mb} MB (AWS accepts up to 1 MB)"
        ),
        position: LineCol { line: 1, column: 1 },
        offset: 0,
    }
}

fn empty_error() -> ParseError {
    ParseError {
        message: "the file is empty; a state machine definition needs at least StartAt and States"
            .into(),
        position: LineCol { line: 1, column: 1 },
        offset: 0,
    }
}
