//! JSONPath and reference paths as AWS Step Functions accepts them.
//!
//! AWS evaluates JSONPath with Jayway's semantics. A path starts at one of three roots:
//! `$` (the state's input, or the current value inside a filter's `$`), `$$` (the context object)
//! or `$name` (a JSON variable, AWS's "variables" feature). After the root come segments:
//!
//! | syntax | meaning | definite | reference path |
//! | --- | --- | --- | --- |
//! | `.name`, `['name']` | a field | yes | yes |
//! | `[n]` | an array element (`n` may be negative: from the end) | yes | yes |
//! | `['a','b']` | several fields (merged into one object when last) | only as the last segment | no |
//! | `[0,2]` | several elements | no | no |
//! | `.*`, `[*]` | every field or element | no | no |
//! | `[1:3]`, `[:2]`, `[-2:]` | a slice | no | no |
//! | `[?(@.x > 1)]` | a filter | no | no |
//! | `..name`, `..*`, `..[0]` | recursive descent | no | no |
//!
//! A *definite* path selects one value (or fails when it is missing); an indefinite one always
//! yields an array of what it found. A *reference path* (required for `ResultPath`, and by the ASL
//! specification for other fields that must name exactly one node) may use only fields and indexes.
//! Functions such as `length()` are not supported by AWS and are rejected.

use std::fmt;

use serde_json::Value;

use super::ExprError;

/// Which rules a path field follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathKind {
    /// Any JSONPath AWS accepts: `InputPath`, `OutputPath`, `Variable` in a Choice rule, values of
    /// `.$` keys in payload templates, intrinsic function arguments. Roots `$`, `$$` and `$var`.
    Path,
    /// A reference path: only `.name`, `['name']` and `[n]` segments. Roots `$`, `$$` and `$var`.
    /// Use for fields that must identify a single node (`ItemsPath`, `SecondsPath`,
    /// `TimestampPath`, the `*Path` comparison operands of Choice rules, ...).
    Reference,
    /// `ResultPath`: a reference path that must start at `$`, the state's input (it says where in
    /// the input the result goes, so neither the context object nor a variable can be its root).
    Result,
}

/// Where a path starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Root {
    /// `$`: the state's (effective) input, or the current document in a nested path.
    Input,
    /// `$$`: the context object (`$$.Execution.Id`, `$$.Map.Item.Value`, ...).
    Context,
    /// `$name`: the JSON variable `name` (assigned with `Assign`).
    Variable(String),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The text it was parsed from, as written (used in error messages, as AWS does).
    pub text: String,
    /// Where it starts.
    pub root: Root,
    /// What follows the root, in order.
    pub segments: Vec<Segment>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.x`, `[...]`: applies the selector to the current values.
    Child(Selector),
    /// `..x`, `..[...]`: applies the selector to the current values and all their descendants.
    Descendant(Selector),
}

/// What a segment selects.
#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// One field: `.name` or `['name']`.
    Name(String),
    /// Several fields: `['a','b']`.
    Names(Vec<String>),
    /// One element: `[n]`; negative counts from the end.
    Index(i64),
    /// Several elements: `[0,2]`.
    Indices(Vec<i64>),
    /// Every field or element: `.*`, `[*]`.
    Wildcard,
    /// Elements `start..end` (end exclusive), either bound optional, negative from the end.
    Slice {
        /// First index (inclusive), `None` = 0.
        start: Option<i64>,
        /// Last index (exclusive), `None` = the length.
        end: Option<i64>,
    },
    /// Elements (or field values) for which the filter holds: `[?(...)]`.
    Filter(Filter),
}

/// A filter expression inside `[?( ... )]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `a || b`
    Or(Box<Filter>, Box<Filter>),
    /// `a && b`
    And(Box<Filter>, Box<Filter>),
    /// `!a`
    Not(Box<Filter>),
    /// `@.x` alone: true when the path finds something.
    Exists(Operand),
    /// `left op right`
    Compare {
        /// Left operand.
        left: Operand,
        /// The operator.
        op: CompareOp,
        /// Right operand.
        right: Operand,
    },
}

/// An operand in a filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// `@...`: relative to the element being tested.
    Current(Vec<Segment>),
    /// `$...`, `$$...`, `$var...`: an absolute path.
    Path(Path),
    /// A literal: string, number, boolean, null, or an array of literals (for `in`/`nin`).
    Literal(Value),
    /// `/pattern/` or `/pattern/i`, the right side of `=~`.
    Regex {
        /// The pattern between the slashes.
        pattern: String,
        /// Whether the `i` flag was given.
        case_insensitive: bool,
    },
}

/// A comparison operator in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `=~` (regular expression match)
    Matches,
    /// `in` (left is one of the right array's elements)
    In,
    /// `nin` (left is none of the right array's elements)
    Nin,
}

impl Path {
    /// True when the path selects at most one value (Jayway's "definite" path): no wildcard,
    /// slice, filter, recursive descent or index list, and a field list only as the last segment.
    pub fn is_definite(&self) -> bool {
        let last = self.segments.len().saturating_sub(1);
        self.segments
            .iter()
            .enumerate()
            .all(|(i, segment)| match segment {
                Segment::Descendant(_) => false,
                Segment::Child(selector) => match selector {
                    Selector::Name(_) | Selector::Index(_) => true,
                    Selector::Names(_) => i == last,
                    _ => false,
                },
            })
    }

    /// True when every segment is a single field or index (a reference path).
    pub fn is_reference(&self) -> bool {
        self.segments.iter().all(|segment| {
            matches!(
                segment,
                Segment::Child(Selector::Name(_)) | Segment::Child(Selector::Index(_))
            )
        })
    }

    /// The normalised form Jayway prints in its messages, `$['a'][0]['b']`, for the first `len`
    /// segments.
    pub fn normalized_prefix(&self, len: usize) -> String {
        let mut out = root_text(&self.root);
        for segment in self.segments.iter().take(len) {
            out.push_str(&segment.to_string());
        }
        out
    }

    /// The normalised form of the whole path, `$['a'][0]['b']`.
    pub fn normalized(&self) -> String {
        self.normalized_prefix(self.segments.len())
    }
}

fn root_text(root: &Root) -> String {
    match root {
        Root::Input => "$".to_owned(),
        Root::Context => "$$".to_owned(),
        Root::Variable(name) => format!("${name}"),
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Child(selector) => write!(f, "{selector}"),
            Segment::Descendant(selector) => write!(f, "..{selector}"),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Name(name) => write!(f, "['{name}']"),
            Selector::Names(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
                write!(f, "[{}]", quoted.join(","))
            }
            Selector::Index(i) => write!(f, "[{i}]"),
            Selector::Indices(list) => {
                let parts: Vec<String> = list.iter().map(i64::to_string).collect();
                write!(f, "[{}]", parts.join(","))
            }
            Selector::Wildcard => write!(f, "[*]"),
            Selector::Slice { start, end } => {
                let s = start.map(|v| v.to_string()).unwrap_or_default();
                let e = end.map(|v| v.to_string()).unwrap_or_default();
                write!(f, "[{s}:{e}]")
            }
            Selector::Filter(_) => write!(f, "[?]"),
        }
    }
}

impl fmt::Display for Path {
    /// Prints the text the path was parsed from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Parses `text` as a path of the given kind.
///
/// ```
/// use statecraft_asl::expr::path::{parse_path, PathKind, Root};
/// let path = parse_path("$.order.items[0]", PathKind::Result).unwrap();
/// assert_eq!(path.root, Root::Input);
/// assert!(parse_path("$.items[*]", PathKind::Result).is_err());
/// ```
pub fn parse_path(text: &str, kind: PathKind) -> Result<Path, ExprError> {
    // Jayway trims the path before compiling it, so AWS accepts `"$$.Execution.Name "`.
    let leading = text.chars().take_while(|c| c.is_whitespace()).count();
    parse_trimmed(text, text.trim(), kind).map_err(|e| e.shifted(leading))
}

fn parse_trimmed(text: &str, trimmed: &str, kind: PathKind) -> Result<Path, ExprError> {
    let mut parser = Parser::new(trimmed);
    let (root, root_pos) = parser.root()?;
    let mut positions = Vec::new();
    let segments = parser.segments(false, &mut positions)?;
    if let Some(c) = parser.peek() {
        return Err(ExprError::new(
            format!("unexpected character '{c}' in path"),
            parser.pos,
        ));
    }
    let path = Path {
        text: text.to_owned(),
        root,
        segments,
    };
    match kind {
        PathKind::Path => {}
        PathKind::Reference | PathKind::Result => {
            if kind == PathKind::Result && path.root != Root::Input {
                return Err(ExprError::new(
                    "ResultPath must start with '$' (the state's input); it cannot refer to the context object or a variable",
                    root_pos,
                ));
            }
            for (segment, &pos) in path.segments.iter().zip(&positions) {
                if !matches!(
                    segment,
                    Segment::Child(Selector::Name(_)) | Segment::Child(Selector::Index(_))
                ) {
                    let what = match segment {
                        Segment::Descendant(_) => "recursive descent '..'",
                        Segment::Child(Selector::Wildcard) => "wildcard '*'",
                        Segment::Child(Selector::Filter(_)) => "filter '[?(...)]'",
                        Segment::Child(Selector::Slice { .. }) => "slice '[a:b]'",
                        _ => "list '[a,b]'",
                    };
                    let field = if kind == PathKind::Result {
                        "ResultPath"
                    } else {
                        "this field"
                    };
                    return Err(ExprError::new(
                        format!(
                            "{field} must be a reference path (only '.name', ['name'] and [n]); a {what} is not allowed"
                        ),
                        pos,
                    ));
                }
            }
        }
    }
    Ok(path)
}

/// Parses the value of a path field from a definition: `null` (allowed only for `InputPath`,
/// `OutputPath` and `ResultPath`, where it means "no input", "no output" or "discard the
/// result") gives `Ok(None)`; a string is parsed with the field's rules (`ResultPath` as
/// [`PathKind::Result`], `ItemsPath` and other single-node fields as [`PathKind::Reference`],
/// the rest as [`PathKind::Path`]). `ErrorPath`/`CausePath` may also hold an intrinsic call, which
/// this function does not accept: check those with [`crate::expr::intrinsic::parse`] first.
pub fn parse_path_field(field: &str, value: &Value) -> Result<Option<Path>, ExprError> {
    match value {
        Value::Null => {
            if matches!(field, "InputPath" | "OutputPath" | "ResultPath") {
                Ok(None)
            } else {
                Err(ExprError::new(format!("{field} cannot be null"), 0))
            }
        }
        Value::String(text) => parse_path(text, kind_for_field(field)).map(Some),
        _ => Err(ExprError::new(
            format!("{field} must be a string holding a JSONPath"),
            0,
        )),
    }
}

/// The rules a path-valued field of a JSONPath state follows.
pub fn kind_for_field(field: &str) -> PathKind {
    match field {
        "ResultPath" => PathKind::Result,
        "ItemsPath"
        | "SecondsPath"
        | "TimestampPath"
        | "MaxConcurrencyPath"
        | "ToleratedFailureCountPath"
        | "ToleratedFailurePercentagePath"
        | "TimeoutSecondsPath"
        | "HeartbeatSecondsPath"
        | "MaxItemsPath" => PathKind::Reference,
        _ => PathKind::Path,
    }
}

/// True for characters that may start a variable name after `$`.
pub(crate) fn is_var_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// True for characters that may continue a variable name.
pub(crate) fn is_var_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A recursive-descent parser over the characters of a path (also used for the paths inside
/// filters and, through [`parse_embedded`], inside intrinsic calls).
pub(crate) struct Parser {
    chars: Vec<char>,
    pub(crate) pos: usize,
}

impl Parser {
    pub(crate) fn new(text: &str) -> Self {
        Self {
            chars: text.chars().collect(),
            pos: 0,
        }
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), ExprError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error_here(format!("expected '{c}' {what}")))
        }
    }

    fn error_here(&self, message: String) -> ExprError {
        let message = match self.peek() {
            Some(c) => format!("{message}, found '{c}'"),
            None => format!("{message}, found the end of the path"),
        };
        ExprError::new(message, self.pos)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// `$`, `$$` or `$name`; returns the root and its position.
    pub(crate) fn root(&mut self) -> Result<(Root, usize), ExprError> {
        let start = self.pos;
        if !self.eat('$') {
            return Err(self.error_here("a path must start with '$'".to_owned()));
        }
        if self.eat('$') {
            return Ok((Root::Context, start));
        }
        if self.peek().is_some_and(is_var_start) {
            let name_start = self.pos;
            while self.peek().is_some_and(is_var_char) {
                self.pos += 1;
            }
            let name: String = self.chars[name_start..self.pos].iter().collect();
            if name.chars().count() > 80 {
                return Err(ExprError::new(
                    "a variable name can be at most 80 characters long",
                    name_start,
                ));
            }
            return Ok((Root::Variable(name), start));
        }
        Ok((Root::Input, start))
    }

    /// Segments until the end, or (in a filter) until a character that ends an operand.
    fn segments(
        &mut self,
        in_filter: bool,
        positions: &mut Vec<usize>,
    ) -> Result<Vec<Segment>, ExprError> {
        let mut segments = Vec::new();
        loop {
            let start = self.pos;
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    if self.eat('.') {
                        let selector = match self.peek() {
                            Some('*') => {
                                self.pos += 1;
                                Selector::Wildcard
                            }
                            Some('[') => self.bracket()?,
                            _ => Selector::Name(self.dot_name(in_filter)?),
                        };
                        segments.push(Segment::Descendant(selector));
                    } else if self.eat('*') {
                        segments.push(Segment::Child(Selector::Wildcard));
                    } else if self.peek() == Some('[') {
                        // Jayway reads `.[0]` as `[0]` (seen in workflows deployed on AWS).
                        segments.push(Segment::Child(self.bracket()?));
                    } else {
                        segments.push(Segment::Child(Selector::Name(self.dot_name(in_filter)?)));
                    }
                }
                Some('[') => segments.push(Segment::Child(self.bracket()?)),
                _ => break,
            }
            positions.push(start);
        }
        Ok(segments)
    }

    fn dot_name(&mut self, in_filter: bool) -> Result<String, ExprError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            let stop = matches!(c, '.' | '[' | '(' | ')' | ']')
                || c.is_whitespace()
                || (in_filter && matches!(c, '=' | '!' | '<' | '>' | '&' | '|' | ','));
            if stop {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error_here("expected a field name after '.'".to_owned()));
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        if self.peek() == Some('(') {
            return Err(ExprError::new(
                format!("functions such as '{name}()' are not supported in Step Functions paths"),
                start,
            ));
        }
        Ok(name)
    }

    fn bracket(&mut self) -> Result<Selector, ExprError> {
        self.expect('[', "")?;
        self.skip_ws();
        let selector = match self.peek() {
            Some('\'' | '"') => {
                let mut names = vec![self.quoted()?];
                self.skip_ws();
                while self.eat(',') {
                    self.skip_ws();
                    names.push(self.quoted()?);
                    self.skip_ws();
                }
                if names.len() == 1 {
                    Selector::Name(names.remove(0))
                } else {
                    Selector::Names(names)
                }
            }
            Some('*') => {
                self.pos += 1;
                Selector::Wildcard
            }
            Some('?') => {
                self.pos += 1;
                self.skip_ws();
                self.expect('(', "after '[?' to open the filter")?;
                let filter = self.filter_or()?;
                self.skip_ws();
                self.expect(')', "to close the filter")?;
                Selector::Filter(filter)
            }
            Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => self.index_or_slice()?,
            _ => {
                return Err(self.error_here(
                    "expected a quoted name, an index, '*', a slice or a filter after '['"
                        .to_owned(),
                ))
            }
        };
        self.skip_ws();
        self.expect(']', "to close '['")?;
        Ok(selector)
    }

    fn index_or_slice(&mut self) -> Result<Selector, ExprError> {
        let start = if self.peek() == Some(':') {
            None
        } else {
            Some(self.integer()?)
        };
        self.skip_ws();
        if self.eat(':') {
            self.skip_ws();
            let end = if matches!(self.peek(), Some(c) if c == '-' || c.is_ascii_digit()) {
                Some(self.integer()?)
            } else {
                None
            };
            self.skip_ws();
            if self.peek() == Some(':') {
                return Err(ExprError::new(
                    "slice steps ('[a:b:c]') are not supported",
                    self.pos,
                ));
            }
            return Ok(Selector::Slice { start, end });
        }
        let Some(first) = start else {
            return Err(self.error_here("expected an index".to_owned()));
        };
        if self.peek() == Some(',') {
            let mut list = vec![first];
            while self.eat(',') {
                self.skip_ws();
                list.push(self.integer()?);
                self.skip_ws();
            }
            return Ok(Selector::Indices(list));
        }
        Ok(Selector::Index(first))
    }

    fn integer(&mut self) -> Result<i64, ExprError> {
        let start = self.pos;
        self.eat('-');
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse::<i64>().map_err(|_| {
            if text.is_empty() || text == "-" {
                self.error_here("expected an integer".to_owned())
            } else {
                ExprError::new(format!("'{text}' is not a valid index"), start)
            }
        })
    }

    /// A single- or double-quoted string with backslash escapes, read as Jayway JsonPath (the
    /// library behind AWS's JSONPath) reads a bracketed name: `\\`, `\'`, `\"`, `\n`, `\t`,
    /// `\r`, `\b`, `\f` and `\uXXXX` stand for their character, any other escaped character
    /// for itself.
    fn quoted(&mut self) -> Result<String, ExprError> {
        let start = self.pos;
        let Some(quote) = self.peek() else {
            return Err(self.error_here("expected a quoted string".to_owned()));
        };
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(ExprError::new("unterminated string", start)),
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        None => return Err(ExprError::new("unterminated string", start)),
                        Some('u') if self.unicode_escape().is_some() => {
                            if let Some((c, len)) = self.unicode_escape() {
                                out.push(c);
                                self.pos += len;
                            }
                        }
                        Some(c) => {
                            out.push(match c {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                'b' => '\u{8}',
                                'f' => '\u{c}',
                                other => other,
                            });
                            self.pos += 1;
                        }
                    }
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape whose `u` is at the cursor (a surrogate pair takes two
    /// escapes), and how many characters it spans from the `u`.
    fn unicode_escape(&self) -> Option<(char, usize)> {
        let hex_at = |offset: usize| -> Option<u32> {
            let digits: String = (offset..offset + 4)
                .map_while(|k| self.peek_at(k))
                .collect();
            (digits.len() == 4 && digits.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(&digits, 16).ok())
                .flatten()
        };
        let first = hex_at(1)?;
        if (0xD800..0xDC00).contains(&first)
            && self.peek_at(5) == Some('\\')
            && self.peek_at(6) == Some('u')
        {
            let second = hex_at(7).filter(|s| (0xDC00..0xE000).contains(s))?;
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return char::from_u32(code).map(|c| (c, 11));
        }
        char::from_u32(first).map(|c| (c, 5))
    }

    fn filter_or(&mut self) -> Result<Filter, ExprError> {
        let mut left = self.filter_and()?;
        loop {
            self.skip_ws();
            if self.peek() == Some('|') && self.peek_at(1) == Some('|') {
                self.pos += 2;
                let right = self.filter_and()?;
                left = Filter::Or(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn filter_and(&mut self) -> Result<Filter, ExprError> {
        let mut left = self.filter_unary()?;
        loop {
            self.skip_ws();
            if self.peek() == Some('&') && self.peek_at(1) == Some('&') {
                self.pos += 2;
                let right = self.filter_unary()?;
                left = Filter::And(Box::new(left), Box::new(right));
            } else {
                return Ok(left);
            }
        }
    }

    fn filter_unary(&mut self) -> Result<Filter, ExprError> {
        self.skip_ws();
        if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.filter_unary()?)));
        }
        if self.eat('(') {
            let inner = self.filter_or()?;
            self.skip_ws();
            self.expect(')', "to close '('")?;
            return Ok(inner);
        }
        let left_pos = self.pos;
        let left = self.operand()?;
        self.skip_ws();
        let Some(op) = self.compare_op() else {
            return match left {
                Operand::Current(_) | Operand::Path(_) => Ok(Filter::Exists(left)),
                _ => Err(ExprError::new(
                    "a filter needs a comparison or a path that must exist",
                    left_pos,
                )),
            };
        };
        self.skip_ws();
        let right = self.operand()?;
        if matches!(right, Operand::Regex { .. }) != (op == CompareOp::Matches) {
            return Err(ExprError::new(
                "'=~' needs a /regular expression/ on its right, and only '=~' takes one",
                left_pos,
            ));
        }
        Ok(Filter::Compare { left, op, right })
    }

    fn compare_op(&mut self) -> Option<CompareOp> {
        let two: String = self.chars[self.pos..].iter().take(2).collect();
        let three: String = self.chars[self.pos..].iter().take(4).collect();
        let (op, len) = match two.as_str() {
            "==" => (CompareOp::Eq, 2),
            "!=" => (CompareOp::Ne, 2),
            "<=" => (CompareOp::Le, 2),
            ">=" => (CompareOp::Ge, 2),
            "=~" => (CompareOp::Matches, 2),
            _ if two.starts_with('<') => (CompareOp::Lt, 1),
            _ if two.starts_with('>') => (CompareOp::Gt, 1),
            _ if three.starts_with("nin")
                && three.chars().nth(3).is_none_or(|c| !is_var_char(c)) =>
            {
                (CompareOp::Nin, 3)
            }
            _ if three.starts_with("in")
                && three.chars().nth(2).is_none_or(|c| !is_var_char(c)) =>
            {
                (CompareOp::In, 2)
            }
            _ => return None,
        };
        self.pos += len;
        Some(op)
    }

    fn operand(&mut self) -> Result<Operand, ExprError> {
        self.skip_ws();
        match self.peek() {
            Some('@') => {
                self.pos += 1;
                let mut positions = Vec::new();
                Ok(Operand::Current(self.segments(true, &mut positions)?))
            }
            Some('$') => {
                let start = self.pos;
                let (root, _) = self.root()?;
                let mut positions = Vec::new();
                let segments = self.segments(true, &mut positions)?;
                let text: String = self.chars[start..self.pos].iter().collect();
                Ok(Operand::Path(Path {
                    text,
                    root,
                    segments,
                }))
            }
            Some('\'' | '"') => Ok(Operand::Literal(Value::String(self.quoted()?))),
            Some('/') => self.regex(),
            Some('[') => self.literal_array(),
            Some(c) if c == '-' || c.is_ascii_digit() => Ok(Operand::Literal(self.number()?)),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.pos += 1;
                }
                let word: String = self.chars[start..self.pos].iter().collect();
                Ok(Operand::Literal(match word.as_str() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    // AWS accepts unquoted words (`[?(@.status == Failure)]` in workflows deployed
                    // on AWS); they are taken as strings.
                    _ => Value::String(word),
                }))
            }
            _ => Err(self.error_here("expected a value, '@' or '$' in filter".to_owned())),
        }
    }

    fn number(&mut self) -> Result<Value, ExprError> {
        let start = self.pos;
        self.eat('-');
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+'))
        {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        match serde_json::from_str::<Value>(&text) {
            Ok(value @ Value::Number(_)) => Ok(value),
            _ => Err(ExprError::new(format!("'{text}' is not a number"), start)),
        }
    }

    fn regex(&mut self) -> Result<Operand, ExprError> {
        let start = self.pos;
        self.pos += 1;
        let mut pattern = String::new();
        loop {
            match self.peek() {
                None => return Err(ExprError::new("unterminated regular expression", start)),
                Some('\\') if self.peek_at(1) == Some('/') => {
                    pattern.push('/');
                    self.pos += 2;
                }
                Some('/') => {
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    pattern.push(c);
                    self.pos += 1;
                }
            }
        }
        let case_insensitive = self.eat('i');
        Ok(Operand::Regex {
            pattern,
            case_insensitive,
        })
    }

    fn literal_array(&mut self) -> Result<Operand, ExprError> {
        self.expect('[', "")?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(']') {
            return Ok(Operand::Literal(Value::Array(items)));
        }
        loop {
            let pos = self.pos;
            match self.operand()? {
                Operand::Literal(value) => items.push(value),
                _ => {
                    return Err(ExprError::new(
                        "only literals may appear in a filter's array",
                        pos,
                    ))
                }
            }
            self.skip_ws();
            if self.eat(']') {
                return Ok(Operand::Literal(Value::Array(items)));
            }
            self.expect(',', "between array elements")?;
        }
    }
}

/// Parses the path that starts at character `start` of `chars` and ends before the first `,`,
/// `)` or whitespace outside brackets and quotes (used for paths inside intrinsic calls).
/// Returns the path and the position just after it.
pub(crate) fn parse_embedded(chars: &[char], start: usize) -> Result<(Path, usize), ExprError> {
    let mut end = start;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    while let Some(&c) = chars.get(end) {
        if let Some(q) = quote {
            if c == '\\' {
                end += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                '\'' | '"' if depth > 0 => quote = Some(c),
                '[' | '(' => depth += 1,
                ']' | ')' if depth > 0 => depth -= 1,
                ',' | ')' => break,
                c if c.is_whitespace() && depth == 0 => break,
                _ => {}
            }
        }
        end += 1;
    }
    let end = end.min(chars.len());
    let text: String = chars[start..end].iter().collect();
    let path = parse_path(&text, PathKind::Path).map_err(|e| e.shifted(start))?;
    Ok((path, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Path {
        parse_path(text, PathKind::Path).unwrap()
    }

    #[test]
    fn roots() {
        assert_eq!(p("$").root, Root::Input);
        assert_eq!(p("$$").root, Root::Context);
        assert_eq!(p("$$.Execution.Id").root, Root::Context);
        assert_eq!(p("$myVar.field").root, Root::Variable("myVar".into()));
        assert_eq!(p("$_x").root, Root::Variable("_x".into()));
        assert!(parse_path("a.b", PathKind::Path).is_err());
        assert!(parse_path("", PathKind::Path).is_err());
    }

    #[test]
    fn segments_and_normalized_form() {
        let path = p("$.a['b c'][0].d-e");
        assert_eq!(path.normalized(), "$['a']['b c'][0]['d-e']");
        assert!(path.is_definite());
        assert!(path.is_reference());
        let path = p("$..price");
        assert!(!path.is_definite());
        assert!(matches!(
            path.segments[0],
            Segment::Descendant(Selector::Name(_))
        ));
        assert!(!p("$.a[*]").is_definite());
        assert!(!p("$.a.*").is_definite());
        assert!(!p("$.a[1:3]").is_definite());
        assert!(!p("$.a[0,1]").is_definite());
        assert!(p("$['a','b']").is_definite());
        assert!(!p("$['a','b'].c").is_definite());
        assert_eq!(
            p("$.a[-1:]").segments[1],
            Segment::Child(Selector::Slice {
                start: Some(-1),
                end: None
            })
        );
    }

    #[test]
    fn filters() {
        let path = p("$.users[?(@.status == 0)]");
        let Segment::Child(Selector::Filter(Filter::Compare { left, op, right })) =
            &path.segments[1]
        else {
            panic!("not a filter: {path:?}")
        };
        assert_eq!(*op, CompareOp::Eq);
        assert_eq!(
            *left,
            Operand::Current(vec![Segment::Child(Selector::Name("status".into()))])
        );
        assert_eq!(*right, Operand::Literal(serde_json::json!(0)));
        p("$.a[?(@.x > 1 && (@.y == 'b' || !@.z))]");
        p("$.a[?(@.x in ['a', 'b'])]");
        p("$.a[?(@.name =~ /ab.*/i)]");
        p("$.a[?(@.x)]");
        p("$.a[?(@.price < $.max)]");
        p("$.a[?(@['weird key'] != null)]");
        assert!(parse_path("$.a[?(@.x ==)]", PathKind::Path).is_err());
        assert!(parse_path("$.a[?(@.x == 1]", PathKind::Path).is_err());
    }

    #[test]
    fn errors_have_positions() {
        let err = parse_path("$.a.", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 4);
        let err = parse_path("$.a[", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 4);
        let err = parse_path("$.a.length()", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 4);
        assert!(err.message.contains("length()"));
        let err = parse_path("$.a b", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 3);
        let err = parse_path("  $.a.", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 6);
        let err = parse_path("$['unterminated", PathKind::Path).unwrap_err();
        assert_eq!(err.position, 2);
    }

    #[test]
    fn jayway_leniencies_aws_accepts() {
        // Each of these is in a workflow deployed on AWS (aws-samples).
        assert_eq!(
            p("$$.Execution.Name ").normalized(),
            "$$['Execution']['Name']"
        );
        assert_eq!(
            p("$.Snapshots.[0].State").normalized(),
            "$['Snapshots'][0]['State']"
        );
        assert_eq!(p("$.[0]").normalized(), "$[0]");
        p("$.[?(@.OU > 0)]");
        p("$.[*].['bucket', 'key']");
        let path = p("$.Labels[?(@.Name==Receipt)]");
        let Segment::Child(Selector::Filter(Filter::Compare { right, .. })) = &path.segments[1]
        else {
            panic!("not a filter: {path:?}")
        };
        assert_eq!(*right, Operand::Literal(Value::String("Receipt".into())));
        assert!(parse_path("$..[0]", PathKind::Path).is_ok());
        assert!(parse_path("$...a", PathKind::Path).is_err());
    }

    #[test]
    fn reference_paths() {
        assert!(parse_path("$.a.b[0]", PathKind::Result).is_ok());
        assert!(parse_path("$", PathKind::Result).is_ok());
        let err = parse_path("$.a[*]", PathKind::Result).unwrap_err();
        assert_eq!(err.position, 3);
        assert!(parse_path("$..a", PathKind::Reference).is_err());
        assert!(parse_path("$.a[?(@.x)]", PathKind::Reference).is_err());
        assert!(parse_path("$.a[0:1]", PathKind::Reference).is_err());
        assert!(parse_path("$$.Map.Item.Value", PathKind::Reference).is_ok());
        assert!(parse_path("$items", PathKind::Reference).is_ok());
        assert!(parse_path("$$.Execution", PathKind::Result).is_err());
        assert!(parse_path("$var", PathKind::Result).is_err());
    }

    #[test]
    fn path_fields() {
        assert_eq!(parse_path_field("ResultPath", &Value::Null).unwrap(), None);
        assert!(parse_path_field("ItemsPath", &Value::Null).is_err());
        assert!(parse_path_field("ResultPath", &Value::from("$.a[*]")).is_err());
        assert!(parse_path_field("InputPath", &Value::from("$.a[*]")).is_ok());
        assert!(parse_path_field("OutputPath", &Value::from(3)).is_err());
    }

    #[test]
    fn embedded_paths_stop_at_argument_end() {
        let chars: Vec<char> = "f($.a[?(@.x, 1)], 2)".chars().collect();
        // The comma inside the filter's brackets does not end the path (and is a syntax error).
        assert!(parse_embedded(&chars, 2).is_err());
        let chars: Vec<char> = "f($.a['x,y'].b, 2)".chars().collect();
        let (path, end) = parse_embedded(&chars, 2).unwrap();
        assert_eq!(path.normalized(), "$['a']['x,y']['b']");
        assert_eq!(chars[end], ',');
    }
}
