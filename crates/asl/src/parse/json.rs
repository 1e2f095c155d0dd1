//! JSON source through jsonc-parser in strict mode (no comments, no trailing commas), as AWS reads it.

use jsonc_parser::ast;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};
use serde_json::Number;

use super::{empty_error, ParseError, MAX_NESTING_DEPTH, MAX_SOURCE_BYTES};
use crate::tree::{Member, Node, NodeValue, Span};

/// Parses strict JSON text into a [`Node`] tree with spans.
pub fn parse_json(text: &str) -> Result<Node, ParseError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(ParseError::at(
            text,
            0,
            "the file is too large to be a state machine definition",
        ));
    }
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).map_err(|err| {
            ParseError::at(
                text,
                err.range().start,
                describe(err.kind(), text, err.range().start),
            )
        })?;
    let value = parsed.value.ok_or_else(empty_error)?;
    convert(text, &value, 0)
}

fn describe(kind: &ParseErrorKind, text: &str, offset: usize) -> String {
    use ParseErrorKind as K;
    let found = text[offset.min(text.len())..].chars().next();
    match kind {
        K::CommentsNotAllowed => "comments are not allowed in JSON; remove the comment".into(),
        K::TrailingCommasNotAllowed => "trailing comma; remove the comma before the closing bracket".into(),
        K::ExpectedComma => "expected a comma between values".into(),
        K::ExpectedColonAfterObjectKey => "expected ':' after the key".into(),
        K::ExpectedStringObjectProperty => "expected a key in double quotes".into(),
        K::UnterminatedObject => "the file ends inside an object: a closing '}' is missing (is the file truncated?)".into(),
        K::UnterminatedArray => "the file ends inside an array: a closing ']' is missing (is the file truncated?)".into(),
        K::ExpectedObjectValue => "expected a value after ':' (is the file truncated?)".into(),
        K::MultipleRootJsonValues => "unexpected text after the end of the document".into(),
        K::NestingDepthExceeded => super::nesting_message(),
        K::SingleQuotedStringsNotAllowed => "strings must use double quotes in JSON".into(),
        K::UnexpectedWord => match found {
            Some(c) => format!("unexpected '{c}…': expected a value (a string, number, object, array, true, false or null)"),
            None => "expected a value".into(),
        },
        other => {
            let what = other.to_string();
            what[..1].to_lowercase() + &what[1..]
        }
    }
}

fn span(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(text: &str, value: &ast::Value<'_>, depth: usize) -> Result<Node, ParseError> {
    use jsonc_parser::common::Ranged;
    if depth >= MAX_NESTING_DEPTH {
        return Err(ParseError::at(
            text,
            value.range().start,
            super::nesting_message(),
        ));
    }
    let node_value = match value {
        ast::Value::NullKeyword(_) => NodeValue::Null,
        ast::Value::BooleanLit(b) => NodeValue::Bool(b.value),
        ast::Value::StringLit(s) => NodeValue::String(s.value.to_string()),
        ast::Value::NumberLit(n) => NodeValue::Number(parse_number(text, n.range.start, n.value)?),
        ast::Value::Array(array) => NodeValue::Array(
            array
                .elements
                .iter()
                .map(|element| convert(text, element, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        ast::Value::Object(object) => {
            let mut members = Vec::with_capacity(object.properties.len());
            for prop in &object.properties {
                let (key, key_range) = match &prop.name {
                    ast::ObjectPropName::String(s) => (s.value.to_string(), s.range),
                    ast::ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                };
                members.push(Member {
                    key,
                    key_span: span(key_range),
                    value: convert(text, &prop.value, depth + 1)?,
                });
            }
            NodeValue::Object(members)
        }
    };
    Ok(Node {
        value: node_value,
        span: span(value.range()),
    })
}

pub(super) fn parse_number(text: &str, offset: usize, raw: &str) -> Result<Number, ParseError> {
    if let Ok(n) = raw.parse::<i64>() {
        return Ok(Number::from(n));
    }
    if let Ok(n) = raw.parse::<u64>() {
        return Ok(Number::from(n));
    }
    raw.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .ok_or_else(|| ParseError::at(text, offset, format!("the number {raw} is out of range")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "{\n  \"StartAt\": \"A\",\n  \"n\": 1.5\n}";
        let root = parse_json(text).unwrap();
        let member = root.member("StartAt").unwrap();
        assert_eq!(
            &text[member.key_span.start..member.key_span.end],
            "\"StartAt\""
        );
        assert_eq!(
            &text[member.value.span.start..member.value.span.end],
            "\"A\""
        );
        assert_eq!(
            root.get("n").unwrap().as_number().unwrap().as_f64(),
            Some(1.5)
        );
    }

    #[test]
    fn truncated_json_names_the_missing_brace_and_position() {
        let err = parse_json("{\n  \"StartAt\": \"A\",\n").unwrap_err();
        assert!(
            err.message.contains("closing '}' is missing"),
            "{}",
            err.message
        );
        assert_eq!(err.position.line, 1);
    }

    #[test]
    fn comments_and_trailing_commas_are_rejected() {
        assert!(parse_json("{\"a\": 1, // c\n}")
            .unwrap_err()
            .message
            .contains("comments"));
        assert!(parse_json("{\"a\": [1,]}")
            .unwrap_err()
            .message
            .contains("trailing comma"));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert!(parse_json("  \n").unwrap_err().message.contains("empty"));
    }

    fn nested_objects(levels: usize) -> String {
        "{\"a\": ".repeat(levels - 1) + "{}" + &"}".repeat(levels - 1)
    }

    fn nested_arrays(levels: usize) -> String {
        "[".repeat(levels) + &"]".repeat(levels)
    }

    #[test]
    fn objects_and_arrays_share_one_depth_limit_and_the_message_names_it() {
        for text in [
            nested_objects(MAX_NESTING_DEPTH),
            nested_arrays(MAX_NESTING_DEPTH),
        ] {
            assert!(parse_json(&text).is_ok());
        }
        for levels in [MAX_NESTING_DEPTH + 1, 254, 300] {
            for text in [nested_objects(levels), nested_arrays(levels)] {
                let err = parse_json(&text).unwrap_err();
                assert!(
                    err.message
                        .contains(&format!("more than {MAX_NESTING_DEPTH} levels")),
                    "{levels}: {}",
                    err.message
                );
            }
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse_json(&text).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
    }
}
