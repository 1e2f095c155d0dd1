//! AWS's length and character limits: state names (1 to 80 characters) and Map Labels (40 characters,
//! no white space, brackets, wildcards, special or control characters). Numeric limits are with
//! the fields they apply to (`fields`, `retry_catch`).

use super::{codes, placeholders, Checker};
use crate::edit::MAX_STATE_NAME_CHARS;
use crate::tree::Member;

/// Longest Map Label AWS accepts, in characters.
pub(crate) const MAX_LABEL: usize = 40;

/// Characters a Label cannot hold (besides white space and control characters).
const LABEL_FORBIDDEN: &[char] = &[
    '<', '>', '{', '}', '[', ']', '?', '*', '"', '#', '%', '\\', '^', '|', '~', '`', '$', '&', ',',
    ';', ':', '/',
];

/// The largest definition AWS accepts, in bytes of its JSON text.
pub(crate) const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// Below this many bytes of source, the definition's JSON (as `publish` sends it, pretty, from
/// YAML too) cannot reach [`MAX_DEFINITION_BYTES`]: it is not measured, so that a keystroke in a
/// common file costs nothing more.
const MEASURE_FROM_BYTES: usize = MAX_DEFINITION_BYTES / 4;

/// Checks the definition's size against AWS's quota (1 MB), as the JSON text publishing sends.
pub(crate) fn check_size(cx: &mut Checker) {
    let doc = cx.doc();
    if doc.text().len() < MEASURE_FROM_BYTES {
        return;
    }
    let bytes = crate::format::json_text(&doc.to_value()).len();
    if bytes > MAX_DEFINITION_BYTES {
        cx.at(
            codes::DEFINITION_TOO_LARGE,
            doc.root(),
            "",
            format!(
                "the definition is {bytes} bytes as JSON; AWS accepts at most {MAX_DEFINITION_BYTES} (1 MB): move large constants (Result, Parameters) into the input or a task, or split the workflow"
            ),
        );
    }
}

/// Checks a state's name (the key of its member in States).
pub(crate) fn check_state_name(cx: &mut Checker, member: &Member, pointer: &str) {
    let length = member.key.chars().count();
    if length == 0 {
        cx.at_key(
            codes::STATE_NAME_TOO_LONG,
            member,
            pointer,
            "a state name cannot be empty; name the state",
        );
    } else if length > MAX_STATE_NAME_CHARS {
        cx.at_key(
            codes::STATE_NAME_TOO_LONG,
            member,
            pointer,
            format!(
                "the state name \"{}\" is {length} characters long; AWS allows at most {MAX_STATE_NAME_CHARS}: shorten it",
                member.key
            ),
        );
    }
}

/// Checks a Map state's Label.
pub(crate) fn check_label(cx: &mut Checker, m: &Member, pointer: &str) {
    let Some(label) = m.value.as_str() else {
        return; // wrong type reported by `fields`
    };
    if placeholders::contains(label) {
        return;
    }
    let length = label.chars().count();
    if length > MAX_LABEL {
        cx.at(
            codes::LABEL_INVALID,
            &m.value,
            pointer,
            format!("the Label \"{label}\" is {length} characters long; AWS allows at most {MAX_LABEL}: shorten it"),
        );
    }
    if let Some(bad) = label
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(c))
    {
        cx.at(
            codes::LABEL_INVALID,
            &m.value,
            pointer,
            format!(
                "the Label \"{label}\" holds {bad:?}; a Label cannot hold white space, brackets, wildcards or the characters \" # % \\ ^ | ~ ` $ & , ; : /"
            ),
        );
    }
}
