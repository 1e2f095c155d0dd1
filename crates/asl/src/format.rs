//! Canonical formatting, for `statecraft fmt`.
//!
//! JSON: two-space indentation, every object member and array item on its own line, `": "` after
//! keys, `{}` and `[]` for empty containers, members in source order (duplicates kept, for
//! validation to report). Keys, strings and numbers keep their source spelling (`1.50` stays
//! `1.50`, `"\u00e9"` stays escaped), so formatting never changes a value. The file's newline
//! style (LF or CRLF) and byte-order mark are kept; the text ends with one newline.
//!
//! YAML stays YAML, in block style: two-space indentation, sequences indented under their key,
//! strings plain when that reads back as the same string and double-quoted otherwise, numbers in
//! their source spelling when that is a JSON number, `null`, `true` and `false` spelled so; flow
//! collections become block ones and block scalars (`|`, `>`) double-quoted strings.
//! Formatting would drop YAML comments, so a YAML file with comments is refused
//! ([`FormatError::YamlComments`]) rather than losing them.
//!
//! Formatting is idempotent: formatting canonical text gives the same text.

use serde_json::Value;

use crate::edit::{json_string, newline_of, yaml_number, yaml_string};
use crate::tree::{Node, NodeValue, Span};
use crate::{Document, Format, LineCol};

/// Why a document was not formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The YAML holds comments, which canonical formatting would drop.
    #[error("{position}: the YAML file has comments, which formatting would drop; it is left as it is (remove the comments to format it)")]
    YamlComments {
        /// Where the first comment is.
        position: LineCol,
    },
}

/// The canonical text of a document, in its own format.
pub fn canonical_text(doc: &Document) -> Result<String, FormatError> {
    let text = doc.text();
    let newline = newline_of(text);
    let mut out = String::with_capacity(text.len());
    if text.starts_with('\u{feff}') {
        out.push('\u{feff}');
    }
    match doc.format() {
        Format::Json => write_json(&mut out, text, doc.root(), 0, newline),
        Format::Yaml => {
            if let Some(offset) = yaml_comment(text, doc.root()) {
                return Err(FormatError::YamlComments {
                    position: doc.line_col(offset),
                });
            }
            write_yaml_document(&mut out, text, doc.root(), newline);
        }
    }
    out.push_str(newline);
    Ok(out)
}

/// True when the document is already in canonical formatting.
pub fn is_canonical(doc: &Document) -> Result<bool, FormatError> {
    Ok(canonical_text(doc)? == doc.text())
}

/// A value as canonical JSON text (two-space indentation, LF, final newline).
pub fn json_text(value: &Value) -> String {
    let mut out = crate::edit::json_pretty(value, "", "  ", "\n");
    out.push('\n');
    out
}

/// A value as canonical block YAML text (two-space indentation, LF, final newline).
pub fn yaml_text(value: &Value) -> String {
    let mut out = crate::edit::yaml_document(value, 2, "\n");
    out.push('\n');
    out
}

const INDENT: &str = "  ";

fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str(INDENT);
    }
}

fn write_json(out: &mut String, text: &str, node: &Node, level: usize, newline: &str) {
    match &node.value {
        NodeValue::Object(members) if !members.is_empty() => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(newline);
                push_indent(out, level + 1);
                let key = slice(text, m.key_span);
                if key.starts_with('"') {
                    out.push_str(key);
                } else {
                    out.push_str(&json_string(&m.key));
                }
                out.push_str(": ");
                write_json(out, text, &m.value, level + 1, newline);
            }
            out.push_str(newline);
            push_indent(out, level);
            out.push('}');
        }
        NodeValue::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(newline);
                push_indent(out, level + 1);
                write_json(out, text, item, level + 1, newline);
            }
            out.push_str(newline);
            push_indent(out, level);
            out.push(']');
        }
        NodeValue::Object(_) => out.push_str("{}"),
        NodeValue::Array(_) => out.push_str("[]"),
        _ => out.push_str(slice(text, node.span)),
    }
}

/// The offset of the first YAML comment: a `#` outside every scalar (keys included).
fn yaml_comment(text: &str, root: &Node) -> Option<usize> {
    let mut spans = Vec::new();
    collect_scalar_spans(root, &mut spans);
    spans.sort();
    let mut at = 0;
    for span in spans {
        if span.start > at {
            if let Some(i) = text.get(at..span.start).and_then(|gap| gap.find('#')) {
                return Some(at + i);
            }
        }
        at = at.max(span.end);
    }
    text.get(at..).and_then(|gap| gap.find('#')).map(|i| at + i)
}

fn collect_scalar_spans(node: &Node, spans: &mut Vec<Span>) {
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                spans.push(m.key_span);
                collect_scalar_spans(&m.value, spans);
            }
        }
        NodeValue::Array(items) => items.iter().for_each(|n| collect_scalar_spans(n, spans)),
        _ => spans.push(node.span),
    }
}

/// True when `s` follows JSON's number grammar.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

fn yaml_leaf(text: &str, node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "null".to_owned(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Number(n) => {
            let raw = slice(text, node.span);
            if is_json_number(raw) {
                raw.to_owned()
            } else {
                yaml_number(n)
            }
        }
        NodeValue::String(s) => yaml_string(s),
        NodeValue::Object(_) => "{}".to_owned(),
        NodeValue::Array(_) => "[]".to_owned(),
    }
}

fn is_nonempty_collection(node: &Node) -> bool {
    match &node.value {
        NodeValue::Object(m) => !m.is_empty(),
        NodeValue::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn write_yaml_document(out: &mut String, text: &str, root: &Node, newline: &str) {
    match &root.value {
        NodeValue::Object(members) if !members.is_empty() => {
            for (i, m) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(newline);
                }
                out.push_str(&yaml_string(&m.key));
                out.push(':');
                write_yaml_tail(out, text, &m.value, 0, newline);
            }
        }
        NodeValue::Array(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(newline);
                }
                out.push('-');
                write_yaml_item(out, text, item, 0, newline);
            }
        }
        _ => out.push_str(&yaml_leaf(text, root)),
    }
}

/// What follows `key:` for a key at column `col`.
fn write_yaml_tail(out: &mut String, text: &str, node: &Node, col: usize, newline: &str) {
    let inner = col + INDENT.len();
    match &node.value {
        NodeValue::Object(members) if !members.is_empty() => {
            for m in members {
                out.push_str(newline);
                out.push_str(&" ".repeat(inner));
                out.push_str(&yaml_string(&m.key));
                out.push(':');
                write_yaml_tail(out, text, &m.value, inner, newline);
            }
        }
        NodeValue::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(newline);
                out.push_str(&" ".repeat(inner));
                out.push('-');
                write_yaml_item(out, text, item, inner, newline);
            }
        }
        _ => {
            out.push(' ');
            out.push_str(&yaml_leaf(text, node));
        }
    }
}

/// What follows `-` for a sequence entry whose dash is at column `dash`.
fn write_yaml_item(out: &mut String, text: &str, node: &Node, dash: usize, newline: &str) {
    let col = dash + 2;
    match &node.value {
        NodeValue::Object(members) if is_nonempty_collection(node) => {
            for (i, m) in members.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    out.push_str(newline);
                    out.push_str(&" ".repeat(col));
                }
                out.push_str(&yaml_string(&m.key));
                out.push(':');
                write_yaml_tail(out, text, &m.value, col, newline);
            }
        }
        NodeValue::Array(items) if is_nonempty_collection(node) => {
            for (i, item) in items.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    out.push_str(newline);
                    out.push_str(&" ".repeat(col));
                }
                out.push('-');
                write_yaml_item(out, text, item, col, newline);
            }
        }
        _ => {
            out.push(' ');
            out.push_str(&yaml_leaf(text, node));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str, format: Format) -> String {
        canonical_text(&Document::parse(text, format).unwrap()).unwrap()
    }

    #[test]
    fn json_is_two_space_one_member_per_line_with_source_spelling() {
        let out = fmt(
            "{\"b\":1.50,\"a\":[true,null,{}],\"e\":\"\\u00e9\",\"x\":[]}",
            Format::Json,
        );
        assert_eq!(
            out,
            "{\n  \"b\": 1.50,\n  \"a\": [\n    true,\n    null,\n    {}\n  ],\n  \"e\": \"\\u00e9\",\n  \"x\": []\n}\n"
        );
        assert_eq!(fmt(&out, Format::Json), out);
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let doc = Document::from_bytes(b"\xEF\xBB\xBF{\r\n\"a\": 1}", Format::Json).unwrap();
        assert_eq!(
            canonical_text(&doc).unwrap(),
            "\u{feff}{\r\n  \"a\": 1\r\n}\r\n"
        );
    }

    #[test]
    fn yaml_is_block_style_and_idempotent() {
        let out = fmt(
            "StartAt: A\nStates: {A: {Type: Pass, Result: [1, '2', 0x10, 1.50, ~, yes], End: True}}\n",
            Format::Yaml,
        );
        assert_eq!(
            out,
            "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      - 1\n      - \"2\"\n      - 16\n      - 1.50\n      - null\n      - \"yes\"\n    End: true\n"
        );
        assert_eq!(fmt(&out, Format::Yaml), out);
    }

    #[test]
    fn yaml_block_scalars_and_odd_keys_are_quoted() {
        let out = fmt("\"a: b\": |\n  two\n  lines\n'10': x\n", Format::Yaml);
        assert_eq!(out, "\"a: b\": \"two\\nlines\\n\"\n\"10\": x\n");
        assert_eq!(fmt(&out, Format::Yaml), out);
    }

    #[test]
    fn yaml_comments_are_refused_not_dropped() {
        let doc = Document::parse("a: 1\n# note\nb: '#not a comment'\n", Format::Yaml).unwrap();
        let err = canonical_text(&doc).unwrap_err();
        assert_eq!(
            err,
            FormatError::YamlComments {
                position: LineCol { line: 2, column: 1 }
            }
        );
        let doc = Document::parse("a: 1\nb: '#not a comment'\nc: x#y\n", Format::Yaml).unwrap();
        assert!(canonical_text(&doc).is_ok());
        let doc = Document::parse("a: | # header\n  text\n", Format::Yaml).unwrap();
        assert!(canonical_text(&doc).is_err());
    }
}
