//! YAML source through saphyr-parser's event stream, read into the same tree as JSON.
//!
//! Only the JSON-compatible part of YAML makes sense for a state machine: anchors, aliases and
//! custom tags (CloudFormation's `!Sub`, ...) are refused with a message that says so, which also
//! rules out alias-expansion bombs.

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan, Tag};
use serde_json::Number;

use super::{empty_error, nesting_message, ParseError, MAX_NESTING_DEPTH};
use crate::tree::{Member, Node, NodeValue, Span};

/// Parses YAML text (one document) into a [`Node`] tree with spans.
pub fn parse_yaml(text: &str) -> Result<Node, ParseError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        text,
        offsets: &offsets,
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|err| {
            let offset = offsets.byte(err.marker().index());
            if err.info().contains("recursion limit") {
                return ParseError::at(text, offset, nesting_message());
            }
            ParseError::at(text, offset, format!("invalid YAML: {}", err.info()))
        })?;
        builder.event(event, span)?;
    }
    builder.root.ok_or_else(empty_error)
}

/// saphyr reports positions in characters; spans in this crate are bytes.
struct CharOffsets {
    /// Byte offset of each character, or empty when the text is ASCII (identity).
    bytes_by_char: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes_by_char = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Self {
            bytes_by_char,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes_by_char.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes_by_char
                .get(char_index)
                .copied()
                .unwrap_or(self.len)
        }
    }
}

enum Frame {
    Sequence {
        start: usize,
        items: Vec<Node>,
    },
    Mapping {
        start: usize,
        members: Vec<Member>,
        key: Option<(String, Span)>,
    },
}

struct Builder<'t> {
    text: &'t str,
    offsets: &'t CharOffsets,
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
}

impl Builder<'_> {
    fn span(&self, span: YamlSpan) -> Span {
        Span::new(
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        )
    }

    fn error(&self, span: Span, message: impl Into<String>) -> ParseError {
        ParseError::at(self.text, span.start, message)
    }

    fn event(&mut self, event: Event<'_>, yaml_span: YamlSpan) -> Result<(), ParseError> {
        let span = self.span(yaml_span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(span, "the file holds more than one YAML document; keep one state machine per file"));
                }
            }
            Event::Alias(_) => {
                return Err(self.error(span, "YAML aliases (*name) are not supported in a state machine definition; write the value out"));
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.check_anchor(anchor, span)?;
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = self.stack.last_mut()
                {
                    *key = Some((value.into_owned(), span));
                    return Ok(());
                }
                let node_value = self.scalar(&value, style, tag.as_deref(), span)?;
                self.push(Node {
                    value: node_value,
                    span,
                })?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(anchor, tag.as_deref(), span, "sequence")?;
                self.stack.push(Frame::Sequence {
                    start: span.start,
                    items: Vec::new(),
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.open(anchor, tag.as_deref(), span, "mapping")?;
                self.stack.push(Frame::Mapping {
                    start: span.start,
                    members: Vec::new(),
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Sequence { start, items }) => {
                        let end = items
                            .last()
                            .map_or(span.end, |n| n.span.end.max(span.end.min(self.text.len())));
                        Node {
                            value: NodeValue::Array(items),
                            span: Span::new(start, end.max(start)),
                        }
                    }
                    Some(Frame::Mapping { start, members, .. }) => {
                        let end = members.last().map_or(span.end, |m| {
                            m.value.span.end.max(span.end.min(self.text.len()))
                        });
                        Node {
                            value: NodeValue::Object(members),
                            span: Span::new(start, end.max(start)),
                        }
                    }
                    None => return Err(self.error(span, "unbalanced YAML collection")),
                };
                self.push(node)?;
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
        Ok(())
    }

    fn open(
        &mut self,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
        what: &str,
    ) -> Result<(), ParseError> {
        self.check_anchor(anchor, span)?;
        if let Some(tag) = tag {
            let expected = if what == "sequence" { "seq" } else { "map" };
            if !(tag.is_yaml_core_schema() && tag.suffix == expected) {
                return Err(self.unsupported_tag(tag, span));
            }
        }
        if self.stack.len() >= MAX_NESTING_DEPTH {
            return Err(self.error(span, nesting_message()));
        }
        Ok(())
    }

    fn check_anchor(&self, anchor: usize, span: Span) -> Result<(), ParseError> {
        if anchor != 0 {
            return Err(self.error(span, "YAML anchors (&name) are not supported in a state machine definition; write the value out"));
        }
        Ok(())
    }

    fn unsupported_tag(&self, tag: &Tag, span: Span) -> ParseError {
        self.error(
            span,
            format!(
                "the YAML tag {tag} is not supported in a state machine definition; CloudFormation functions such as !Sub belong in the template, use ${{...}} placeholders here"
            ),
        )
    }

    fn scalar(
        &self,
        raw: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<NodeValue, ParseError> {
        if let Some(tag) = tag {
            if !tag.is_yaml_core_schema() {
                return Err(self.unsupported_tag(tag, span));
            }
            return match tag.suffix.as_str() {
                "str" => Ok(NodeValue::String(raw.to_owned())),
                "null" | "bool" | "int" | "float" => resolve_plain(raw)
                    .filter(|v| {
                        matches!(
                            (tag.suffix.as_str(), v),
                            ("null", NodeValue::Null)
                                | ("bool", NodeValue::Bool(_))
                                | ("int" | "float", NodeValue::Number(_))
                        )
                    })
                    .ok_or_else(|| {
                        self.error(span, format!("'{raw}' is not a valid !!{}", tag.suffix))
                    }),
                _ => Err(self.unsupported_tag(tag, span)),
            };
        }
        Ok(match style {
            ScalarStyle::Plain => {
                resolve_plain(raw).unwrap_or_else(|| NodeValue::String(raw.to_owned()))
            }
            _ => NodeValue::String(raw.to_owned()),
        })
    }

    fn push(&mut self, node: Node) -> Result<(), ParseError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { members, key, .. }) => match key.take() {
                Some((key, key_span)) => members.push(Member {
                    key,
                    key_span,
                    value: node,
                }),
                None => {
                    return Err(self.error(
                        node.span,
                        "a YAML mapping key must be a plain string, not a collection",
                    ));
                }
            },
        }
        Ok(())
    }
}

/// The YAML 1.2 core schema for plain scalars; `None` means "a string".
fn resolve_plain(raw: &str) -> Option<NodeValue> {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return Some(NodeValue::Null),
        "true" | "True" | "TRUE" => return Some(NodeValue::Bool(true)),
        "false" | "False" | "FALSE" => return Some(NodeValue::Bool(false)),
        _ => {}
    }
    let first = raw.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    let unsigned = raw.strip_prefix('+').unwrap_or(raw);
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16)
            .ok()
            .map(|n| NodeValue::Number(n.into()));
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8)
            .ok()
            .map(|n| NodeValue::Number(n.into()));
    }
    if let Ok(n) = unsigned.parse::<i64>() {
        return Some(NodeValue::Number(n.into()));
    }
    if let Ok(n) = unsigned.parse::<u64>() {
        return Some(NodeValue::Number(n.into()));
    }
    let looks_numeric = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && unsigned.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        // JSON has no infinities or NaN: values out of range stay strings rather than changing meaning.
        return unsigned
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(NodeValue::Number);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_yaml_reads_into_the_json_model_with_spans() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Seconds: 10\n    End: true\n    N: ~\n    S: '10'\n";
        let root = parse_yaml(text).unwrap();
        assert_eq!(
            root.to_value(),
            serde_json::json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Seconds": 10, "End": true, "N": null, "S": "10"}}})
        );
        let a = root.pointer("/States/A/Type").unwrap();
        assert_eq!(&text[a.span.start..a.span.end], "Pass");
        let key = root.member("StartAt").unwrap();
        assert_eq!(&text[key.key_span.start..key.key_span.end], "StartAt");
    }

    #[test]
    fn non_ascii_spans_are_in_bytes() {
        let text = "Comment: \"héllo\"\nStartAt: Ünïcode\n";
        let root = parse_yaml(text).unwrap();
        let start_at = root.get("StartAt").unwrap();
        assert_eq!(&text[start_at.span.start..start_at.span.end], "Ünïcode");
    }

    #[test]
    fn anchors_aliases_and_custom_tags_are_refused_with_position() {
        let err = parse_yaml("a: &x 1\nb: *x\n").unwrap_err();
        assert!(err.message.contains("anchors"), "{}", err.message);
        let err = parse_yaml("a: 1\nb: *x\n").unwrap_err();
        assert!(
            err.message.contains("alias") || err.message.contains("YAML"),
            "{}",
            err.message
        );
        let err = parse_yaml("StartAt: A\nResource: !Sub arn:${X}\n").unwrap_err();
        assert!(err.message.contains("!Sub"), "{}", err.message);
        assert_eq!(err.position.line, 2);
    }

    #[test]
    fn core_schema_tags_apply() {
        let root = parse_yaml("a: !!str 10\nb: !!int 7\n").unwrap();
        assert_eq!(root.to_value(), serde_json::json!({"a": "10", "b": 7}));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(parse_yaml(&text).is_err());
    }

    #[test]
    fn multiple_documents_are_refused() {
        let err = parse_yaml("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one"), "{}", err.message);
    }
}
