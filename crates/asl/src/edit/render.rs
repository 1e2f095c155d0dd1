//! Rendering new values as source text in the style of the document they go into.

use serde_json::{Number, Value};

/// JSON text of a string (quoted, escaped).
pub(crate) fn json_string(s: &str) -> String {
    // Serialising a &str cannot fail.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.escape_default()))
}

/// JSON text of a scalar; `None` for arrays and objects.
pub(crate) fn json_scalar(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => json_string(s),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// Separators of single-line JSON: after a colon and after a comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inline<'a> {
    pub colon: &'a str,
    pub comma: &'a str,
}

/// One-line JSON with the given separators (`{"a": 1, "b": [2]}` or `{"a":1,"b":[2]}`).
pub(crate) fn json_inline(value: &Value, seps: Inline<'_>) -> String {
    let mut out = String::new();
    write_inline(&mut out, value, seps);
    out
}

fn write_inline(out: &mut String, value: &Value, seps: Inline<'_>) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(seps.comma);
                }
                write_inline(out, item, seps);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(seps.comma);
                }
                out.push_str(&json_string(k));
                out.push(':');
                out.push_str(seps.colon);
                write_inline(out, v, seps);
            }
            out.push('}');
        }
        scalar => out.push_str(&json_scalar(scalar).unwrap_or_default()),
    }
}

/// Pretty JSON whose first line continues a line indented by `base`: members one per line, each
/// level indented by `unit`, lines ended by `newline`, `{}` and `[]` for empty containers.
pub(crate) fn json_pretty(value: &Value, base: &str, unit: &str, newline: &str) -> String {
    let mut out = String::new();
    write_pretty(&mut out, value, base, unit, newline);
    out
}

fn write_pretty(out: &mut String, value: &Value, indent: &str, unit: &str, newline: &str) {
    let inner = format!("{indent}{unit}");
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(newline);
                out.push_str(&inner);
                write_pretty(out, item, &inner, unit, newline);
            }
            out.push_str(newline);
            out.push_str(indent);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(newline);
                out.push_str(&inner);
                out.push_str(&json_string(k));
                out.push_str(": ");
                write_pretty(out, v, &inner, unit, newline);
            }
            out.push_str(newline);
            out.push_str(indent);
            out.push('}');
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        scalar => out.push_str(&json_scalar(scalar).unwrap_or_default()),
    }
}

/// YAML text of a string: plain when that reads back as the same string, else double-quoted with
/// JSON escapes (a JSON string is a valid YAML double-quoted scalar).
pub(crate) fn yaml_string(s: &str) -> String {
    if yaml_plain_ok(s) {
        s.to_owned()
    } else {
        json_string(s)
    }
}

/// True when `s` can be written as a plain YAML scalar in block context and still read back as
/// this string (under YAML 1.2 and, conservatively, YAML 1.1 readers).
pub(crate) fn yaml_plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s
        || "-?:,[]{}#&*!|>'\"%@`<=".contains(first)
        || first.is_ascii_digit()
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars()
            .any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{85}' | '\u{2028}' | '\u{2029}'))
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) {
        return false;
    }
    // Anything a reader might take for a number (".5", "+1", ".inf", "-.nan").
    let unsigned = s.trim_start_matches(['+', '-']);
    !(unsigned.starts_with('.') || s.starts_with('+') || s.parse::<f64>().is_ok())
}

/// YAML text of a number as JSON writes it.
pub(crate) fn yaml_number(n: &Number) -> String {
    n.to_string()
}

/// YAML text of a scalar; `None` for arrays and objects.
pub(crate) fn yaml_scalar(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => yaml_number(n),
        Value::String(s) => yaml_string(s),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// What follows `key:` in block YAML when the key stands at column `col`: ` scalar`, ` {}`, or
/// the block collection on the next lines, indented by `unit` more.
pub(crate) fn yaml_tail(value: &Value, col: usize, unit: usize, newline: &str) -> String {
    let mut out = String::new();
    write_tail(&mut out, value, col, unit, newline);
    out
}

fn write_tail(out: &mut String, value: &Value, col: usize, unit: usize, newline: &str) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                out.push_str(newline);
                push_spaces(out, col + unit);
                out.push_str(&yaml_string(k));
                out.push(':');
                write_tail(out, v, col + unit, unit, newline);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(newline);
                push_spaces(out, col + unit);
                out.push('-');
                write_item(out, item, col + unit, unit, newline);
            }
        }
        other => {
            out.push(' ');
            out.push_str(&yaml_flow_leaf(other));
        }
    }
}

/// What follows `-` of a block sequence item whose dash stands at column `dash`.
pub(crate) fn yaml_item(value: &Value, dash: usize, unit: usize, newline: &str) -> String {
    let mut out = String::new();
    write_item(&mut out, value, dash, unit, newline);
    out
}

fn write_item(out: &mut String, value: &Value, dash: usize, unit: usize, newline: &str) {
    let col = dash + 2;
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, v)) in map.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    out.push_str(newline);
                    push_spaces(out, col);
                }
                out.push_str(&yaml_string(k));
                out.push(':');
                write_tail(out, v, col, unit, newline);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    out.push_str(newline);
                    push_spaces(out, col);
                }
                out.push('-');
                write_item(out, item, col, unit, newline);
            }
        }
        other => {
            out.push(' ');
            out.push_str(&yaml_flow_leaf(other));
        }
    }
}

/// A whole YAML document (block style) for `value`, without a final newline.
pub(crate) fn yaml_document(value: &Value, unit: usize, newline: &str) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(newline);
                }
                out.push_str(&yaml_string(k));
                out.push(':');
                write_tail(&mut out, v, 0, unit, newline);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(newline);
                }
                out.push('-');
                write_item(&mut out, item, 0, unit, newline);
            }
        }
        other => out.push_str(&yaml_flow_leaf(other)),
    }
    out
}

/// A scalar, `{}` or `[]` in YAML.
fn yaml_flow_leaf(value: &Value) -> String {
    match value {
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
        scalar => yaml_scalar(scalar).unwrap_or_default(),
    }
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_json_rebases_on_the_given_indent() {
        let v = json!({"a": [1, {}], "b": {"c": "d"}});
        assert_eq!(
            json_pretty(&v, "\t", "\t", "\n"),
            "{\n\t\t\"a\": [\n\t\t\t1,\n\t\t\t{}\n\t\t],\n\t\t\"b\": {\n\t\t\t\"c\": \"d\"\n\t\t}\n\t}"
        );
        assert_eq!(
            json_inline(
                &v,
                Inline {
                    colon: "",
                    comma: ""
                }
            ),
            "{\"a\":[1,{}],\"b\":{\"c\":\"d\"}}"
        );
    }

    #[test]
    fn yaml_strings_are_quoted_when_plain_would_change_them() {
        for s in [
            "",
            " a",
            "true",
            "No",
            "10",
            "1.5",
            "-1",
            ".5",
            "{% $x %}",
            "a: b",
            "a #b",
            "x:",
            "[1]",
            "*a",
            "line\nbreak",
            "~",
            "null",
            "'q'",
            "@x",
            "- item",
        ] {
            assert!(!yaml_plain_ok(s), "{s:?} must be quoted");
        }
        for s in [
            "Pass",
            "$.a.b",
            "States.ALL",
            "arn:aws:lambda:x",
            "${Fn}",
            "héllo wörld",
            "a-b",
        ] {
            assert!(yaml_plain_ok(s), "{s:?} can be plain");
        }
    }

    #[test]
    fn yaml_strings_read_back_as_themselves() {
        let tricky = [
            "a'b",
            "a\"b",
            "\\",
            "tab\there",
            "emoji 😀",
            "x: y",
            "- a",
            "? a",
            "a #b",
            "#a",
            "%a",
            "@a",
            "`a",
            "!a",
            "&a",
            "*a",
            "|a",
            ">a",
            "a,b",
            "[a]",
            "{a}",
            "a]",
            "Yes",
            "NO",
            "Off",
            "~",
            "null",
            "0x10",
            "1e3",
            "1_000",
            "2001-12-14",
            ".inf",
            "-.inf",
            ".NaN",
            "<<",
            "=",
            " lead",
            "trail ",
            "",
            "multi\nline",
            "\u{85}",
            "a\u{2028}b",
            "\u{feff}x",
            "ĉu ŝi",
            "$.a[0]",
            "States.Format('{}', $.x)",
            "a: ",
            "a:",
            ":a",
            "a::b",
            "-",
            "--",
            "---",
            "...",
            "- ",
            "a\r\nb",
            "${Fn.Arn}",
            "{% $x %}",
            "\u{1}",
        ];
        for s in tricky {
            let doc = format!(
                "{}: {}\nl:\n  -{}\n",
                yaml_string(s),
                yaml_string(s),
                yaml_item(&Value::String(s.into()), 2, 2, "\n")
            );
            let parsed = crate::parse::parse_yaml(&doc)
                .unwrap_or_else(|e| panic!("{s:?}: {e}\n{doc}"))
                .to_value();
            assert_eq!(
                parsed[s],
                Value::String(s.into()),
                "{s:?} as a value:\n{doc}"
            );
            assert_eq!(
                parsed["l"][0],
                Value::String(s.into()),
                "{s:?} as an item:\n{doc}"
            );
        }
    }

    #[test]
    fn block_yaml_nests_mappings_and_sequences() {
        let v = json!({"A": {"B": [1, {"c": 2, "d": [3]}], "E": {}}});
        assert_eq!(
            yaml_document(&v, 2, "\n"),
            "A:\n  B:\n    - 1\n    - c: 2\n      d:\n        - 3\n  E: {}"
        );
    }
}
