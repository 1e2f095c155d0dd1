//! JSONPath Choice rules, evaluated as AWS Step Functions does.
//!
//! A rule is the JSON object from the definition: a comparison
//! (`{"Variable": "$.x", "NumericGreaterThan": 1}`), a `*Path` comparison whose right side is
//! another path (`"NumericGreaterThanPath": "$.limit"`), a type test (`IsNull`, `IsPresent`,
//! `IsNumeric`, `IsString`, `IsBoolean`, `IsTimestamp`), or `And`/`Or`/`Not` of rules. `Next`,
//! `Assign`, `Comment` and `Output` keys are ignored here.
//!
//! What AWS does, and this module does too (see the `choice_*` conformance cases):
//! - A comparison between values of different types is simply false (`"1"` is not
//!   `NumericEquals 1`; `null` is not `BooleanEquals false`); numbers compare by value (`0 == 0.0`).
//! - A `Variable` (or `*Path` operand) that finds nothing fails with `States.Runtime` and the
//!   cause `Invalid path '$.x': The choice state's condition path references an invalid value.`
//!   (as AWS words it), except for `IsPresent`, which tests exactly that.
//! - Strings order as Java orders them (by UTF-16 code unit).
//! - Timestamps must be RFC 3339 with an uppercase `T` and either `Z` or a numeric offset;
//!   they compare as instants, fractions of a second included. A value that is not such a
//!   timestamp makes the comparison false.
//! - `StringMatches` patterns use `*` for any run of characters; `\*` is a literal star and `\\`
//!   a literal backslash.

use std::cmp::Ordering;

use serde_json::Value;

use crate::jsonpath::{self, Env, EvalError};

/// AWS's cause when a Choice rule's path finds nothing.
fn missing_path(text: &str) -> EvalError {
    EvalError::runtime(format!(
        "Invalid path '{text}': The choice state's condition path references an invalid value."
    ))
}

mod compiled;

pub use compiled::CompiledRule;

/// Evaluates one Choice rule (a top-level rule or a nested one) against `env`. A rule evaluated
/// many times is better compiled once with [`CompiledRule::compile`].
pub fn evaluate_rule(rule: &Value, env: &Env<'_>) -> Result<bool, EvalError> {
    CompiledRule::compile(rule).evaluate(env)
}

/// Evaluates a Choice state's `Choices` in order and returns the index of the first rule that
/// holds, or `None` (then the state takes `Default`, or fails with `States.NoChoiceMatched`).
pub fn first_match(choices: &[Value], env: &Env<'_>) -> Result<Option<usize>, EvalError> {
    for (index, rule) in choices.iter().enumerate() {
        if evaluate_rule(rule, env)? {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

fn bad_rule(message: &str) -> EvalError {
    EvalError::runtime(format!("Invalid Choice rule: {message}"))
}

fn list<'v>(value: &'v Value, name: &str) -> Result<&'v Vec<Value>, EvalError> {
    value
        .as_array()
        .ok_or_else(|| bad_rule(&format!("'{name}' must be an array of rules")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

impl Cmp {
    fn accepts(self, ordering: Ordering) -> bool {
        match self {
            Cmp::Equals => ordering.is_eq(),
            Cmp::LessThan => ordering.is_lt(),
            Cmp::GreaterThan => ordering.is_gt(),
            Cmp::LessThanEquals => ordering.is_le(),
            Cmp::GreaterThanEquals => ordering.is_ge(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // named after the ASL operators
enum Test {
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Compare { kind: Kind, cmp: Cmp, path: bool },
    Matches,
    Test(Test),
}

impl Operator {
    fn from_name(name: &str) -> Option<Operator> {
        let test = match name {
            "IsNull" => Some(Test::IsNull),
            "IsPresent" => Some(Test::IsPresent),
            "IsNumeric" => Some(Test::IsNumeric),
            "IsString" => Some(Test::IsString),
            "IsBoolean" => Some(Test::IsBoolean),
            "IsTimestamp" => Some(Test::IsTimestamp),
            _ => None,
        };
        if let Some(test) = test {
            return Some(Operator::Test(test));
        }
        if name == "StringMatches" {
            return Some(Operator::Matches);
        }
        let (base, path) = match name.strip_suffix("Path") {
            Some(base) => (base, true),
            None => (name, false),
        };
        let (kind, rest) = [
            ("String", Kind::String),
            ("Numeric", Kind::Numeric),
            ("Boolean", Kind::Boolean),
            ("Timestamp", Kind::Timestamp),
        ]
        .into_iter()
        .find_map(|(prefix, kind)| base.strip_prefix(prefix).map(|rest| (kind, rest)))?;
        let cmp = match rest {
            "Equals" => Cmp::Equals,
            "LessThan" => Cmp::LessThan,
            "GreaterThan" => Cmp::GreaterThan,
            "LessThanEquals" => Cmp::LessThanEquals,
            "GreaterThanEquals" => Cmp::GreaterThanEquals,
            _ => return None,
        };
        if kind == Kind::Boolean && cmp != Cmp::Equals {
            return None;
        }
        Some(Operator::Compare { kind, cmp, path })
    }
}

fn check_literal(kind: Kind, operand: &Value) -> Result<(), EvalError> {
    let ok = match kind {
        Kind::String => operand.is_string(),
        Kind::Numeric => operand.is_number(),
        Kind::Boolean => operand.is_boolean(),
        Kind::Timestamp => operand.as_str().and_then(parse_timestamp).is_some(),
    };
    if ok {
        Ok(())
    } else {
        Err(bad_rule(&format!(
            "the operand {} does not suit a {kind:?} comparison",
            jsonpath::to_compact(operand)
        )))
    }
}

/// Orders two values for a comparison of `kind`; `None` when either is not of that kind.
fn compare(kind: Kind, left: &Value, right: &Value) -> Option<Ordering> {
    match kind {
        Kind::String => match (left, right) {
            (Value::String(a), Value::String(b)) => Some(a.encode_utf16().cmp(b.encode_utf16())),
            _ => None,
        },
        Kind::Numeric => compare_numbers(left, right),
        Kind::Boolean => match (left, right) {
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        },
        Kind::Timestamp => {
            let a = parse_timestamp(left.as_str()?)?;
            let b = parse_timestamp(right.as_str()?)?;
            Some(a.cmp(&b))
        }
    }
}

/// Orders two JSON numbers by value, exactly for integers.
fn compare_numbers(left: &Value, right: &Value) -> Option<Ordering> {
    let (Value::Number(a), Value::Number(b)) = (left, right) else {
        return None;
    };
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// `StringMatches`: `*` matches any run of characters (none included); `\` makes the next
/// character literal.
pub fn string_matches(text: &str, pattern: &str) -> bool {
    enum Token {
        Star,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '*' => tokens.push(Token::Star),
            '\\' => match chars.next() {
                Some(next) => tokens.push(Token::Char(next)),
                None => tokens.push(Token::Char('\\')),
            },
            other => tokens.push(Token::Char(other)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    // Greedy match with backtracking to the last star.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Token::Char(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            Some(Token::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(|token| matches!(token, Token::Star))
}

/// A timestamp as an instant: seconds since the Unix epoch and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before).
    pub seconds: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

/// Parses a timestamp the way AWS accepts it in Choice rules and Wait states: RFC 3339, e.g.
/// `2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+01:00`. Uppercase `T` and `Z` are required.
pub fn parse_timestamp(text: &str) -> Option<Instant> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    if bytes.len() < 20
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || bytes[10] != b'T'
        || bytes[13] != b':'
        || bytes[16] != b':'
    {
        return None;
    }
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    let hour = digits(11..13)?;
    let minute = digits(14..16)?;
    let second = digits(17..19)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut pos = 19;
    let mut nanos = 0u32;
    if bytes[pos] == b'.' {
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let fraction = &text[start..pos];
        if fraction.is_empty() {
            return None;
        }
        let mut padded: String = fraction.chars().take(9).collect();
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
    }
    let offset_seconds = match &text[pos..] {
        "Z" => 0,
        rest if rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':' =>
        {
            let h = digits(pos + 1..pos + 3)?;
            let m = digits(pos + 4..pos + 6)?;
            if h > 23 || m > 59 {
                return None;
            }
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(Instant { seconds, nanos })
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonpath::{ErrorName, NoVariables};
    use serde_json::json;

    fn eval(rule: Value, input: Value) -> Result<bool, EvalError> {
        let env = Env::new(&input, &Value::Null, &NoVariables);
        evaluate_rule(&rule, &env)
    }

    #[test]
    fn comparisons() {
        let input =
            json!({"n": 5, "f": 5.0, "s": "b", "t": true, "ts": "2024-01-01T00:00:00Z", "lim": 5});
        assert!(eval(
            json!({"Variable": "$.n", "NumericEquals": 5}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.f", "NumericEquals": 5}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.n", "NumericLessThanEqualsPath": "$.lim"}),
            input.clone()
        )
        .unwrap());
        assert!(!eval(
            json!({"Variable": "$.n", "NumericGreaterThan": 5.5}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.s", "StringGreaterThan": "a"}),
            input.clone()
        )
        .unwrap());
        assert!(!eval(
            json!({"Variable": "$.s", "NumericEquals": 1}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.t", "BooleanEquals": true}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.ts", "TimestampLessThan": "2024-01-01T00:00:00.001Z"}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.ts", "TimestampEquals": "2024-01-01T01:00:00+01:00"}),
            input.clone()
        )
        .unwrap());
        assert!(!eval(
            json!({"Variable": "$.s", "TimestampEquals": "2024-01-01T00:00:00Z"}),
            input.clone()
        )
        .unwrap());
        assert!(eval(
            json!({"Variable": "$.ts", "IsTimestamp": true}),
            input.clone()
        )
        .unwrap());
    }

    #[test]
    fn missing_variable() {
        let input = json!({"a": 1});
        assert!(!eval(json!({"Variable": "$.x", "IsPresent": true}), input.clone()).unwrap());
        assert!(eval(
            json!({"Variable": "$.x", "IsPresent": false}),
            input.clone()
        )
        .unwrap());
        let err = eval(
            json!({"Variable": "$.x", "NumericEquals": 1}),
            input.clone(),
        )
        .unwrap_err();
        assert_eq!(err.name, ErrorName::Runtime);
        assert_eq!(
            err.cause,
            "Invalid path '$.x': The choice state's condition path references an invalid value."
        );
        assert!(eval(
            json!({"Variable": "$.a", "NumericEqualsPath": "$.y"}),
            input
        )
        .is_err());
    }

    #[test]
    fn composites() {
        let input = json!({"v": 3});
        // Recorded: scenarios ... test_map_state_break_condition_legacy (the Choice inside).
        let rule = json!({"And": [{"IsPresent": true, "Variable": "$"}, {"And": [{"IsNumeric": true, "Variable": "$"}, {"NumericEquals": 3, "Variable": "$"}]}]});
        assert!(eval(rule.clone(), json!(3)).unwrap());
        assert!(!eval(rule.clone(), json!(3.3)).unwrap());
        assert!(!eval(rule, json!("Hello")).unwrap());
        assert!(eval(json!({"Or": [{"Variable": "$.v", "NumericEquals": 1}, {"Not": {"Variable": "$.v", "NumericEquals": 1}}]}), input.clone()).unwrap());
        let env = Env::new(&input, &Value::Null, &NoVariables);
        let choices = [
            json!({"Variable": "$.v", "NumericLessThan": 3, "Next": "A"}),
            json!({"Variable": "$.v", "NumericGreaterThanEquals": 3, "Next": "B"}),
        ];
        assert_eq!(first_match(&choices, &env).unwrap(), Some(1));
        assert_eq!(first_match(&choices[..1], &env).unwrap(), None);
    }

    #[test]
    fn string_matching() {
        assert!(string_matches("log-1.txt", "log-*.txt"));
        assert!(string_matches("log-.txt", "log-*.txt"));
        assert!(!string_matches("log-1.txt.gz", "log-*.txt"));
        assert!(string_matches("a*b", r"a\*b"));
        assert!(!string_matches("axb", r"a\*b"));
        assert!(string_matches(r"a\b", r"a\\b"));
        assert!(string_matches("", "*"));
        assert!(string_matches("abcabc", "*abc"));
        assert!(string_matches("anything", "**"));
        assert!(!string_matches("", "a"));
    }

    #[test]
    fn timestamps() {
        assert_eq!(
            parse_timestamp("1970-01-01T00:00:00Z"),
            Some(Instant {
                seconds: 0,
                nanos: 0
            })
        );
        assert_eq!(
            parse_timestamp("2016-03-14T01:59:00.5-02:30").map(|i| (i.seconds, i.nanos)),
            Some((1_457_920_740 + 9000, 500_000_000))
        );
        assert!(parse_timestamp("2016-03-14t01:59:00Z").is_none());
        assert!(parse_timestamp("2016-03-14T01:59:00z").is_none());
        assert!(parse_timestamp("2016-03-14T01:59:00").is_none());
        assert!(parse_timestamp("2016-02-30T01:59:00Z").is_none());
        assert!(parse_timestamp("2016-02-29T01:59:00Z").is_some());
        assert!(parse_timestamp("2023-02-24").is_none());
        assert!(parse_timestamp("2016-03-14T01:59:00.Z").is_none());
        assert!(parse_timestamp("2016-03-14T01:59:00+0100").is_none());
    }
}
