//! Words for JSON values in messages people read, shared by every crate that reports on JSON.

use serde_json::Value;

/// What a JSON value is, in words: "an object", "a string", "null".
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
