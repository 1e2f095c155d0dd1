//! Writing an imported definition to a file: pretty JSON (2-space indent), or block-style YAML when
//! the file name ends `.yaml` or `.yml`.

use std::path::Path;

use serde_json::Value;

/// The text to write for a definition at `path`: YAML for `.yaml`/`.yml`, pretty JSON otherwise.
/// Both end with a newline.
pub fn definition_text(definition: &Value, path: &Path) -> String {
    match statecraft_asl::Format::from_path(path) {
        Some(statecraft_asl::Format::Yaml) => to_yaml(definition),
        _ => to_pretty_json(definition),
    }
}

/// Pretty JSON with a 2-space indent and a final newline; key order is kept.
pub fn to_pretty_json(value: &Value) -> String {
    // Serialising a `Value` to a String cannot fail (its keys are strings).
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Block-style YAML with a 2-space indent and a final newline; key order is kept. Strings are plain
/// where YAML reads them back as the same string, and JSON-quoted otherwise.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        out.push_str(&" ".repeat(indent));
        out.push_str(&string_text(key));
        out.push(':');
        write_child(out, value, indent, false);
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        write_child(out, item, indent, true);
    }
}

/// Writes what follows `key:` or `-`. A mapping inside a sequence starts on the dash's line.
fn write_child(out: &mut String, value: &Value, indent: usize, in_seq: bool) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            if in_seq {
                let mut nested = String::new();
                write_map(&mut nested, map, indent + 2);
                out.push(' ');
                out.push_str(nested.trim_start());
            } else {
                out.push('\n');
                write_map(out, map, indent + 2);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string as YAML: plain when that reads back as this same string, else a JSON string (which is a
/// valid YAML double-quoted scalar).
fn string_text(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '_' || first == '/') {
        return false;
    }
    if s.ends_with([' ', ':']) {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " _-./:()=+@".contains(c))
    {
        return false;
    }
    // ": " starts a mapping and " #" a comment; reserved words read back as other types.
    if s.contains(": ") || s.contains(" #") {
        return false;
    }
    !matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use statecraft_asl::{Document, Format};

    fn round_trip(value: &Value) {
        let yaml = to_yaml(value);
        let back = Document::parse(yaml.clone(), Format::Yaml)
            .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
            .to_value();
        assert_eq!(&back, value, "\n{yaml}");
    }

    #[test]
    fn yaml_reads_back_as_the_same_value() {
        let value = json!({
            "Comment": "Orders: the main flow # not a comment",
            "StartAt": "Check stock",
            "States": {
                "Check stock": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.count", "NumericGreaterThan": 0, "Next": "Ship"},
                        {"Not": {"Variable": "$.flag", "BooleanEquals": true}, "Next": "yes"}
                    ],
                    "Default": "null"
                },
                "Ship": {"Type": "Pass", "Result": {"a": [1, 2.5, null, "", "007", []], "b": {}}, "End": true},
                "yes": {"Type": "Succeed", "Output": "{% $states.input %}", "Multi": "line\nbreak"}
            }
        });
        round_trip(&value);
        assert!(to_yaml(&value).starts_with(
            "Comment: \"Orders: the main flow # not a comment\"\nStartAt: Check stock\n"
        ));
    }

    #[test]
    fn json_is_pretty_with_two_spaces() {
        let text = to_pretty_json(&json!({"StartAt": "A", "States": {}}));
        assert_eq!(text, "{\n  \"StartAt\": \"A\",\n  \"States\": {}\n}\n");
        assert!(definition_text(&json!({"A": 1}), Path::new("x.asl.yml")).starts_with("A: 1"));
    }
}
