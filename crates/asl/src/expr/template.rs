//! Payload templates: `Parameters`, `ResultSelector`, `ItemSelector` (and the JSONPath form of
//! `Assign`).
//!
//! A template is JSON. A key ending in `.$` says its value is to be computed: the value must be a
//! string holding a path (`$.a`, `$$.Map.Item.Value`, `$var`) or an intrinsic call
//! (`States.Format(...)`); in the output the key loses its `.$`. Other keys are copied as they are,
//! and objects nested inside objects or arrays follow the same rules. (`Arguments` and `Output` are
//! JSONata and are not checked here.)

use serde_json::Value;

use super::path::{parse_path, PathKind};
use super::{intrinsic, ExprError};
use crate::tree::escape_pointer_segment;

/// A problem found in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem {
    /// JSON pointer (RFC 6901) to the offending key's value, relative to the template root, e.g.
    /// `/user/name.$`. Prepend the pointer of the template field (`/States/S/Parameters`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// The expression error behind the problem, when there is one (its position is a character
    /// index in the key's string value).
    pub error: Option<ExprError>,
}

/// Checks every `.$` key of `template` and returns the problems found, sorted by pointer.
///
/// ```
/// use serde_json::json;
/// use statecraft_asl::expr::template::check;
/// let problems = check(&json!({"ok.$": "$.a", "nested": {"bad.$": "a.b"}}));
/// assert_eq!(problems.len(), 1);
/// assert_eq!(problems[0].pointer, "/nested/bad.$");
/// ```
pub fn check(template: &Value) -> Vec<TemplateProblem> {
    let mut problems = Vec::new();
    walk(template, &mut String::new(), &mut problems);
    problems.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    problems
}

/// Checks one computed value (what a `.$` key holds): a path of [`PathKind::Path`] or an
/// intrinsic call.
pub fn check_expression(text: &str) -> Result<(), ExprError> {
    if intrinsic::is_call(text) {
        intrinsic::parse(text).map(|_| ())
    } else {
        parse_path(text, PathKind::Path).map(|_| ())
    }
}

fn walk(value: &Value, pointer: &mut String, problems: &mut Vec<TemplateProblem>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_segment(key));
                if let Some(plain) = key.strip_suffix(".$") {
                    check_computed(plain, child, pointer, problems);
                    if map.contains_key(plain) {
                        problems.push(TemplateProblem {
                            pointer: pointer.clone(),
                            message: format!(
                                "the keys '{plain}' and '{key}' would both produce the field '{plain}'"
                            ),
                            error: None,
                        });
                    }
                } else {
                    walk(child, pointer, problems);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(item, pointer, problems);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn check_computed(plain: &str, value: &Value, pointer: &str, problems: &mut Vec<TemplateProblem>) {
    let Value::String(text) = value else {
        problems.push(TemplateProblem {
            pointer: pointer.to_owned(),
            message: format!(
                "the value of '{plain}.$' must be a string holding a JSONPath or an intrinsic function call"
            ),
            error: None,
        });
        return;
    };
    if !intrinsic::is_call(text) && !text.starts_with('$') {
        problems.push(TemplateProblem {
            pointer: pointer.to_owned(),
            message: format!(
                "the value of '{plain}.$' must be a JSONPath (starting with '$') or an intrinsic function call (starting with 'States.'), not '{text}'; remove '.$' from the key to use the text as it is"
            ),
            error: None,
        });
        return;
    }
    if let Err(error) = check_expression(text) {
        problems.push(TemplateProblem {
            pointer: pointer.to_owned(),
            message: format!("invalid value for '{plain}.$': {error}"),
            error: Some(error),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_problems_with_pointers() {
        let template = json!({
            "a.$": "$.x",
            "b.$": "States.Format('{}', $.y)",
            "c": "literal $.z",
            "d": {"e.$": 3, "f/g.$": "nope"},
            "list": [{"h.$": "$.a["}, "plain", {"ok.$": "$$.Execution.Id"}],
            "i.$": "States.Nope()",
            "v.$": "$myVar.field",
        });
        let problems = check(&template);
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, vec!["/d/e.$", "/d/f~1g.$", "/i.$", "/list/0/h.$"]);
        let bracket = &problems[3];
        assert_eq!(bracket.error.as_ref().unwrap().position, 4);
        assert!(problems[2].message.contains("States.Nope"));
    }

    #[test]
    fn clean_templates_have_no_problems() {
        assert!(check(&json!({})).is_empty());
        assert!(check(&json!("scalar")).is_empty());
        assert!(check(&json!({"x": {"y.$": "$"}, "z": [1, 2]})).is_empty());
    }

    #[test]
    fn duplicate_output_field() {
        let problems = check(&json!({"a": 1, "a.$": "$.a"}));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("both produce"));
    }
}
