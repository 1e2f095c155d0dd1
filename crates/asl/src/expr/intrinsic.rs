//! Intrinsic functions (`States.Format('{}', $.a)`, ...) of JSONPath states.
//!
//! Grammar: `States.Name(arg, arg, ...)` where an argument is a single-quoted string (escapes
//! `\'`, `\{`, `\}`, `\\`), a number, `true`, `false`, `null`, a path (`$.a`, `$`, `$$.Execution.Id`,
//! `$var.field`) or a nested call. [`parse`] also checks what can be checked without data: the
//! function name (one of AWS's 18), the number of arguments, literal arguments of the wrong type or
//! out of range, and AWS's limit of 10 intrinsic calls in one field.

use std::fmt;

use serde_json::Number;

use super::path::{parse_embedded, Path};
use super::ExprError;

/// AWS's limit on the number of intrinsic function calls in one field.
pub const MAX_CALLS_PER_FIELD: usize = 10;

/// Longest string (in characters) `States.Base64Encode`, `States.Base64Decode` and `States.Hash`
/// accept.
pub const MAX_STRING_CHARS: usize = 10_000;

/// Largest array `States.ArrayRange` may produce.
pub const MAX_RANGE_ITEMS: usize = 1000;

/// The hash algorithms `States.Hash` accepts, spelled as AWS spells them.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// One of the 18 intrinsic functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Function {
    /// `States.Format(template, args...)`
    Format,
    /// `States.StringToJson(string)`
    StringToJson,
    /// `States.JsonToString(value)`
    JsonToString,
    /// `States.Array(values...)`
    Array,
    /// `States.ArrayPartition(array, chunkSize)`
    ArrayPartition,
    /// `States.ArrayContains(array, value)`
    ArrayContains,
    /// `States.ArrayRange(start, end, step)`
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`
    ArrayGetItem,
    /// `States.ArrayLength(array)`
    ArrayLength,
    /// `States.ArrayUnique(array)`
    ArrayUnique,
    /// `States.Base64Encode(string)`
    Base64Encode,
    /// `States.Base64Decode(string)`
    Base64Decode,
    /// `States.Hash(data, algorithm)`
    Hash,
    /// `States.JsonMerge(object, object, false)`
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`
    MathRandom,
    /// `States.MathAdd(a, b)`
    MathAdd,
    /// `States.StringSplit(string, delimiters)`
    StringSplit,
    /// `States.UUID()`
    Uuid,
}

impl Function {
    /// All functions, in AWS's documentation order.
    pub const ALL: [Function; 18] = [
        Function::Format,
        Function::StringToJson,
        Function::JsonToString,
        Function::Array,
        Function::ArrayPartition,
        Function::ArrayContains,
        Function::ArrayRange,
        Function::ArrayGetItem,
        Function::ArrayLength,
        Function::ArrayUnique,
        Function::Base64Encode,
        Function::Base64Decode,
        Function::Hash,
        Function::JsonMerge,
        Function::MathRandom,
        Function::MathAdd,
        Function::StringSplit,
        Function::Uuid,
    ];

    /// The full name, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::Uuid => "States.UUID",
        }
    }

    /// The function with this full name (case-sensitive, as AWS is).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The allowed number of arguments: (minimum, maximum), `None` = no maximum.
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::Format => (1, None),
            Function::Array => (0, None),
            Function::Uuid => (0, Some(0)),
            Function::StringToJson
            | Function::JsonToString
            | Function::ArrayLength
            | Function::ArrayUnique
            | Function::Base64Encode
            | Function::Base64Decode => (1, Some(1)),
            Function::ArrayPartition
            | Function::ArrayContains
            | Function::ArrayGetItem
            | Function::Hash
            | Function::MathAdd
            | Function::StringSplit => (2, Some(2)),
            Function::ArrayRange | Function::JsonMerge => (3, Some(3)),
            Function::MathRandom => (2, Some(3)),
        }
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parsed intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which function.
    pub function: Function,
    /// Its arguments, in order.
    pub args: Vec<Arg>,
    /// Character position of the function name in the expression.
    pub position: usize,
}

/// One argument of a call, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The argument.
    pub value: ArgValue,
    /// Character position where it starts in the expression.
    pub position: usize,
}

/// The kinds of argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// A single-quoted string literal.
    String(StringLiteral),
    /// A number literal.
    Number(Number),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A path: `$.a`, `$$.Execution.Id`, `$var`.
    Path(Path),
    /// A nested call.
    Call(Call),
}

/// A string literal, kept both unescaped and as written, because `States.Format` treats an
/// escaped `\{` differently from a placeholder `{`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// The value with escapes resolved (`\'` → `'`, `\{` → `{`, `\}` → `}`, `\\` → `\`).
    pub value: String,
    /// The text between the quotes, escapes as written.
    pub raw: String,
}

/// One piece of a `States.Format` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatPiece {
    /// Literal text.
    Text(String),
    /// A `{}` placeholder, filled by the next argument.
    Placeholder,
}

/// Splits a `States.Format` template (as written, escapes unresolved) into text and `{}`
/// placeholders. `\{`, `\}`, `\'` and `\\` stand for the character itself; any other backslash
/// is kept as it is.
pub fn format_pieces(raw: &str) -> Vec<FormatPiece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&next @ ('{' | '}' | '\'' | '\\')) => {
                    text.push(next);
                    chars.next();
                }
                _ => text.push('\\'),
            },
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !text.is_empty() {
                    pieces.push(FormatPiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(FormatPiece::Placeholder);
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        pieces.push(FormatPiece::Text(text));
    }
    pieces
}

/// True when a `.$` value is meant as an intrinsic call rather than a path (it starts with
/// `States.`), which is how AWS tells them apart.
pub fn is_call(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}

/// Parses and statically checks an intrinsic call.
///
/// ```
/// use statecraft_asl::expr::intrinsic::{parse, Function};
/// let call = parse("States.Format('Hello {}', $.name)").unwrap();
/// assert_eq!(call.function, Function::Format);
/// assert_eq!(call.args.len(), 2);
/// assert!(parse("States.Format('{} {}', $.a)").is_err()); // 2 placeholders, 1 value
/// ```
pub fn parse(text: &str) -> Result<Call, ExprError> {
    let mut parser = CallParser {
        chars: text.chars().collect(),
        pos: 0,
        calls: 0,
    };
    parser.skip_ws();
    let call = parser.call()?;
    parser.skip_ws();
    if parser.pos < parser.chars.len() {
        return Err(ExprError::new(
            "unexpected text after the intrinsic function call",
            parser.pos,
        ));
    }
    if parser.calls > MAX_CALLS_PER_FIELD {
        return Err(ExprError::new(
            format!(
                "a field can hold at most {MAX_CALLS_PER_FIELD} intrinsic function calls, this one has {}",
                parser.calls
            ),
            call.position,
        ));
    }
    Ok(call)
}

struct CallParser {
    chars: Vec<char>,
    pos: usize,
    calls: usize,
}

impl CallParser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("found '{c}'"),
            None => "found the end of the expression".to_owned(),
        }
    }

    fn call(&mut self) -> Result<Call, ExprError> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_')
        {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if name.is_empty() {
            return Err(ExprError::new(
                format!("expected an intrinsic function name, {}", self.found()),
                start,
            ));
        }
        let Some(function) = Function::from_name(&name) else {
            let message = if name.starts_with("States.") {
                format!("'{name}' is not an intrinsic function")
            } else {
                format!("'{name}' is not an intrinsic function (they start with 'States.')")
            };
            return Err(ExprError::new(message, start));
        };
        self.calls += 1;
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(ExprError::new(
                format!("expected '(' after {name}, {}", self.found()),
                self.pos,
            ));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(')') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                args.push(self.arg()?);
                self.skip_ws();
                match self.peek() {
                    Some(',') => self.pos += 1,
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        return Err(ExprError::new(
                            format!(
                                "expected ',' or ')' in the arguments of {name}, {}",
                                self.found()
                            ),
                            self.pos,
                        ))
                    }
                }
            }
        }
        let call = Call {
            function,
            args,
            position: start,
        };
        check_call(&call)?;
        Ok(call)
    }

    fn arg(&mut self) -> Result<Arg, ExprError> {
        let position = self.pos;
        let value = match self.peek() {
            Some('\'') => ArgValue::String(self.string()?),
            Some('$') => {
                let (path, end) = parse_embedded(&self.chars, self.pos)?;
                self.pos = end;
                ArgValue::Path(path)
            }
            Some(c) if c == '-' || c.is_ascii_digit() => ArgValue::Number(self.number()?),
            Some(c) if c.is_alphabetic() => {
                let save = self.pos;
                while self.peek().is_some_and(char::is_alphanumeric) {
                    self.pos += 1;
                }
                let word: String = self.chars[save..self.pos].iter().collect();
                match word.as_str() {
                    "true" => ArgValue::Bool(true),
                    "false" => ArgValue::Bool(false),
                    "null" => ArgValue::Null,
                    _ => {
                        self.pos = save;
                        ArgValue::Call(self.call()?)
                    }
                }
            }
            _ => {
                return Err(ExprError::new(
                    format!(
                        "expected an argument (a 'string', number, true, false, null, path or call), {}",
                        self.found()
                    ),
                    position,
                ))
            }
        };
        Ok(Arg { value, position })
    }

    fn string(&mut self) -> Result<StringLiteral, ExprError> {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => return Err(ExprError::new("unterminated string literal", start)),
                Some('\\') => {
                    self.pos += 1;
                    let Some(next) = self.peek() else {
                        return Err(ExprError::new("unterminated string literal", start));
                    };
                    raw.push('\\');
                    raw.push(next);
                    if matches!(next, '\'' | '{' | '}' | '\\') {
                        value.push(next);
                    } else {
                        value.push('\\');
                        value.push(next);
                    }
                    self.pos += 1;
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(StringLiteral { value, raw });
                }
                Some(c) => {
                    raw.push(c);
                    value.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Number, ExprError> {
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+'))
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Number(n)) => Ok(n),
            _ => Err(ExprError::new(format!("'{text}' is not a number"), start)),
        }
    }
}

fn literal_integer(arg: &Arg) -> Option<Result<i64, ExprError>> {
    match &arg.value {
        ArgValue::Number(n) => Some(match n.as_i64() {
            Some(i) => Ok(i),
            None => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
                .ok_or_else(|| ExprError::new(format!("{n} is not an integer"), arg.position)),
        }),
        _ => None,
    }
}

fn wrong_type(call: &Call, arg: &Arg, index: usize, expected: &str) -> ExprError {
    ExprError::new(
        format!(
            "argument {} of {} must be {expected}",
            index + 1,
            call.function.name()
        ),
        arg.position,
    )
}

/// True when the argument is certainly not of the wanted JSON type (a literal of another type).
fn literal_is_not(arg: &Arg, wanted: &str) -> bool {
    let kind = match &arg.value {
        ArgValue::String(_) => "string",
        ArgValue::Number(_) => "number",
        ArgValue::Bool(_) => "boolean",
        ArgValue::Null => "null",
        ArgValue::Path(_) | ArgValue::Call(_) => return false,
    };
    kind != wanted
}

/// Calls whose result is never an array (for a cheap type check of nested calls).
fn call_returns(arg: &Arg) -> Option<&'static str> {
    let ArgValue::Call(call) = &arg.value else {
        return None;
    };
    Some(match call.function {
        Function::Format
        | Function::JsonToString
        | Function::Base64Encode
        | Function::Base64Decode
        | Function::Hash
        | Function::Uuid => "string",
        Function::Array
        | Function::ArrayPartition
        | Function::ArrayRange
        | Function::ArrayUnique
        | Function::StringSplit => "array",
        Function::ArrayContains => "boolean",
        Function::ArrayLength | Function::MathRandom | Function::MathAdd => "number",
        Function::StringToJson | Function::ArrayGetItem | Function::JsonMerge => return None,
    })
}

fn is_not(arg: &Arg, wanted: &str) -> bool {
    if wanted == "array" || wanted == "object" {
        // no literal is an array or an object
        return !matches!(arg.value, ArgValue::Path(_) | ArgValue::Call(_))
            || call_returns(arg).is_some_and(|t| t != wanted);
    }
    literal_is_not(arg, wanted) || call_returns(arg).is_some_and(|t| t != wanted)
}

/// The static checks of one call (its nested calls were checked when they were parsed).
fn check_call(call: &Call) -> Result<(), ExprError> {
    let (min, max) = call.function.arity();
    let n = call.args.len();
    if n < min || max.is_some_and(|m| n > m) {
        let expected = match max {
            Some(m) if m == min => format!("{min}"),
            Some(m) => format!("{min} to {m}"),
            None => format!("at least {min}"),
        };
        let plural = if expected == "1" { "" } else { "s" };
        return Err(ExprError::new(
            format!(
                "{} takes {expected} argument{plural}, {n} given",
                call.function.name()
            ),
            call.position,
        ));
    }
    let args = &call.args;
    let check = |index: usize, wanted: &str, text: &str| -> Result<(), ExprError> {
        match args.get(index) {
            Some(arg) if is_not(arg, wanted) => Err(wrong_type(call, arg, index, text)),
            _ => Ok(()),
        }
    };
    match call.function {
        Function::Format => {
            check(0, "string", "a string (the template)")?;
            if let ArgValue::String(template) = &args[0].value {
                let placeholders = format_pieces(&template.raw)
                    .iter()
                    .filter(|p| **p == FormatPiece::Placeholder)
                    .count();
                if placeholders != n - 1 {
                    return Err(ExprError::new(
                        format!(
                            "States.Format's template has {placeholders} placeholder(s) '{{}}' but {} value(s) follow it",
                            n - 1
                        ),
                        args[0].position,
                    ));
                }
            }
        }
        Function::StringToJson | Function::Base64Encode | Function::Base64Decode => {
            check(0, "string", "a string")?;
            if let ArgValue::String(s) = &args[0].value {
                if call.function != Function::StringToJson
                    && s.value.chars().count() > MAX_STRING_CHARS
                {
                    return Err(ExprError::new(
                        format!(
                            "the input of {} can be at most {MAX_STRING_CHARS} characters long",
                            call.function.name()
                        ),
                        args[0].position,
                    ));
                }
            }
        }
        Function::ArrayPartition => {
            check(0, "array", "an array")?;
            check(1, "number", "a positive integer (the chunk size)")?;
            if let Some(size) = literal_integer(&args[1]).transpose()? {
                if size <= 0 {
                    return Err(wrong_type(
                        call,
                        &args[1],
                        1,
                        "a positive integer (the chunk size)",
                    ));
                }
            }
        }
        Function::ArrayContains | Function::ArrayLength | Function::ArrayUnique => {
            check(0, "array", "an array")?;
        }
        Function::ArrayGetItem => {
            check(0, "array", "an array")?;
            check(1, "number", "a non-negative integer (the index)")?;
            if let Some(index) = literal_integer(&args[1]).transpose()? {
                if index < 0 {
                    return Err(wrong_type(
                        call,
                        &args[1],
                        1,
                        "a non-negative integer (the index)",
                    ));
                }
            }
        }
        Function::ArrayRange => {
            for i in 0..3 {
                check(i, "number", "an integer")?;
            }
            let literals: Vec<Option<i64>> = args
                .iter()
                .map(|a| literal_integer(a).transpose())
                .collect::<Result<_, _>>()?;
            if literals[2] == Some(0) {
                return Err(ExprError::new(
                    "the step of States.ArrayRange must not be 0",
                    args[2].position,
                ));
            }
            if let [Some(start), Some(end), Some(step)] = literals[..] {
                let count = range_len(start, end, step);
                if count > MAX_RANGE_ITEMS as i128 {
                    return Err(ExprError::new(
                        format!(
                            "States.ArrayRange would produce {count} items, more than the {MAX_RANGE_ITEMS} allowed"
                        ),
                        call.position,
                    ));
                }
            }
        }
        Function::Hash => {
            check(1, "string", "a string naming the algorithm")?;
            if let ArgValue::String(s) = &args[1].value {
                if !HASH_ALGORITHMS.contains(&s.value.as_str()) {
                    return Err(ExprError::new(
                        format!(
                            "'{}' is not a hash algorithm States.Hash supports ({})",
                            s.value,
                            HASH_ALGORITHMS.join(", ")
                        ),
                        args[1].position,
                    ));
                }
            }
            if let ArgValue::String(s) = &args[0].value {
                if s.value.chars().count() > MAX_STRING_CHARS {
                    return Err(ExprError::new(
                        format!("the input of States.Hash can be at most {MAX_STRING_CHARS} characters long"),
                        args[0].position,
                    ));
                }
            }
        }
        Function::JsonMerge => {
            check(0, "object", "an object")?;
            check(1, "object", "an object")?;
            check(2, "boolean", "false (only shallow merging is supported)")?;
            if args[2].value == ArgValue::Bool(true) {
                return Err(wrong_type(
                    call,
                    &args[2],
                    2,
                    "false (only shallow merging is supported)",
                ));
            }
        }
        Function::MathRandom | Function::MathAdd => {
            for i in 0..n {
                check(i, "number", "a number")?;
            }
        }
        Function::StringSplit => {
            check(0, "string", "a string")?;
            check(1, "string", "a string (the delimiter characters)")?;
        }
        Function::JsonToString | Function::Array | Function::Uuid => {}
    }
    Ok(())
}

/// How many items `States.ArrayRange(start, end, step)` produces (0 when the step points away
/// from `end`). `step` must not be 0.
pub fn range_len(start: i64, end: i64, step: i64) -> i128 {
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    if step == 0 || (step > 0 && start > end) || (step < 0 && start < end) {
        return 0;
    }
    (end - start) / step + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::path::Root;

    #[test]
    fn parses_nested_calls_and_literals() {
        let call = parse(
            "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
        )
        .unwrap();
        assert_eq!(call.function, Function::ArrayGetItem);
        let ArgValue::Call(split) = &call.args[0].value else {
            panic!()
        };
        let ArgValue::Path(path) = &split.args[0].value else {
            panic!()
        };
        assert_eq!(path.root, Root::Context);
        let ArgValue::Call(add) = &call.args[1].value else {
            panic!()
        };
        assert_eq!(add.args[1].value, ArgValue::Number((-1).into()));

        let call = parse("States.Array(1, 2.5, true, false, null, 'x', $, $v.a, $.b[0])").unwrap();
        assert_eq!(call.args.len(), 9);
        assert_eq!(call.args[3].value, ArgValue::Bool(false));
        assert_eq!(call.args[4].value, ArgValue::Null);
        assert_eq!(call.args[6].position, 45);
        assert!(parse("States.UUID()").is_ok());
        assert!(parse("  States.UUID( )  ").is_ok());
    }

    #[test]
    fn string_escapes() {
        let call = parse(r"States.Format('it\'s \{\} {} \\ done', $.a)").unwrap();
        let ArgValue::String(s) = &call.args[0].value else {
            panic!()
        };
        assert_eq!(s.value, r"it's {} {} \ done");
        assert_eq!(
            format_pieces(&s.raw),
            vec![
                FormatPiece::Text("it's {} ".into()),
                FormatPiece::Placeholder,
                FormatPiece::Text(r" \ done".into()),
            ]
        );
        assert!(parse(r"States.Format('\{}', $.a)").is_err());
        assert!(parse("States.Format('unterminated)").is_err());
    }

    #[test]
    fn names_and_arity() {
        let err = parse("States.Foo(1)").unwrap_err();
        assert_eq!(err.position, 0);
        assert!(err.message.contains("States.Foo"));
        assert!(parse("States.format('x')").is_err());
        let err = parse("States.Array(States.UUID(1))").unwrap_err();
        assert_eq!(err.position, 13);
        assert!(err.message.contains("takes 0 arguments, 1 given"));
        assert!(parse("States.MathRandom(1, 2)").is_ok());
        assert!(parse("States.MathRandom(1, 2, 3)").is_ok());
        assert!(parse("States.MathRandom(1)").is_err());
        assert!(parse("States.JsonMerge($.a, $.b)").is_err());
        assert!(parse("States.Format()").is_err());
        for function in Function::ALL {
            assert_eq!(Function::from_name(function.name()), Some(function));
        }
    }

    #[test]
    fn literal_argument_rules() {
        assert!(parse("States.ArrayRange(1, 9, 2)").is_ok());
        assert!(parse("States.ArrayRange(1, 9, 0)").is_err());
        assert!(parse("States.ArrayRange(0, 1000, 1)").is_err());
        assert!(parse("States.ArrayRange(0, 999, 1)").is_ok());
        assert!(parse("States.ArrayRange(1.5, 9, 1)").is_err());
        assert!(parse("States.Hash($.a, 'SHA-256')").is_ok());
        assert!(parse("States.Hash($.a, 'SHA256')").is_err());
        assert!(parse("States.JsonMerge($.a, $.b, true)").is_err());
        assert!(parse("States.JsonMerge($.a, $.b, false)").is_ok());
        assert!(parse("States.JsonMerge('a', $.b, false)").is_err());
        assert!(parse("States.ArrayLength('abc')").is_err());
        assert!(parse("States.ArrayLength(States.Array(1))").is_ok());
        assert!(parse("States.ArrayLength(States.Format('x'))").is_err());
        assert!(parse("States.ArrayPartition($.a, 0)").is_err());
        assert!(parse("States.ArrayGetItem($.a, -1)").is_err());
        assert!(parse("States.MathAdd('1', 2)").is_err());
        assert!(parse("States.StringSplit($.a, 1)").is_err());
    }

    #[test]
    fn at_most_ten_calls() {
        let nine = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), '.'), 1), 'x')";
        assert!(parse(nine).is_ok());
        let eleven = "States.Array(States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID(), States.UUID())";
        assert!(parse(eleven).is_err());
    }

    #[test]
    fn trailing_and_bad_syntax() {
        let err = parse("States.UUID() x").unwrap_err();
        assert_eq!(err.position, 14);
        let err = parse("States.Array(1 2)").unwrap_err();
        assert_eq!(err.position, 15);
        assert!(parse("States.Array(,)").is_err());
        assert!(parse("States.Array($.a[)").is_err());
        assert!(is_call("States.UUID()"));
        assert!(!is_call("$.a"));
    }
}
