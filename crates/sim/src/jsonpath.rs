//! Selecting values with JSONPath, with the semantics AWS Step Functions has (Jayway's).
//!
//! - A *definite* path (only fields and single indexes) gives the value it names, or fails when
//!   it is missing (AWS then fails the state with `States.Runtime`).
//! - An *indefinite* path (wildcards, filters, slices, index lists, `..`) always gives an array of
//!   what it found, possibly empty; missing fields along the way are skipped.
//! - `$` is the state's input, `$$` the context object, `$name` a variable.
//!
//! Paths are parsed by [`statecraft_asl::expr::path`]; this module only evaluates them. It also
//! holds the error type shared by the JSONPath modules ([`EvalError`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::{Map, Value};
use statecraft_asl::expr::path::{
    parse_path, CompareOp, Filter, Operand, Path, PathKind, Root, Segment, Selector,
};

/// The AWS error names the JSONPath modules raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorName {
    /// `States.Runtime`: a path found nothing, a value had the wrong type, ...
    Runtime,
    /// `States.IntrinsicFailure`: an intrinsic function rejected its arguments.
    IntrinsicFailure,
    /// `States.ResultPathMatchFailure`: a `ResultPath` could not be applied to the input.
    ResultPathMatchFailure,
    /// `States.QueryEvaluationError`: a query produced something unusable.
    QueryEvaluationError,
}

impl ErrorName {
    /// The name as AWS spells it (`States.Runtime`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorName::Runtime => "States.Runtime",
            ErrorName::IntrinsicFailure => "States.IntrinsicFailure",
            ErrorName::ResultPathMatchFailure => "States.ResultPathMatchFailure",
            ErrorName::QueryEvaluationError => "States.QueryEvaluationError",
        }
    }
}

impl fmt::Display for ErrorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An evaluation failure: the AWS error name and the cause text.
///
/// `cause` is the part of AWS's cause that follows the engine's prefix
/// `An error occurred while executing the state 'X' (entered at the event id #N). `, which the
/// engine adds because only it knows the state and the event id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {cause}")]
pub struct EvalError {
    /// The error name for `ErrorEquals`.
    pub name: ErrorName,
    /// Why, as AWS words it.
    pub cause: String,
}

impl EvalError {
    /// A `States.Runtime` error.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Self {
            name: ErrorName::Runtime,
            cause: cause.into(),
        }
    }

    /// A `States.IntrinsicFailure` error.
    pub fn intrinsic(cause: impl Into<String>) -> Self {
        Self {
            name: ErrorName::IntrinsicFailure,
            cause: cause.into(),
        }
    }
}

/// Where variables (`$name`) are looked up. Implemented for the usual maps; an engine with
/// nested scopes implements it over its scope chain.
pub trait Variables {
    /// The value of variable `name`, if it is defined.
    fn get_var(&self, name: &str) -> Option<&Value>;
}

impl Variables for Map<String, Value> {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl Variables for BTreeMap<String, Value> {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl<S: std::hash::BuildHasher> Variables for HashMap<String, Value, S> {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// No variables at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoVariables;

impl Variables for NoVariables {
    fn get_var(&self, _name: &str) -> Option<&Value> {
        None
    }
}

/// What paths are evaluated against: the input (`$`), the context object (`$$`) and the
/// variables in scope (`$name`).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// The document `$` refers to.
    pub input: &'a Value,
    /// The context object `$$` refers to.
    pub context: &'a Value,
    /// The variables in scope.
    pub variables: &'a dyn Variables,
}

impl fmt::Debug for Env<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("input", self.input)
            .field("context", self.context)
            .finish_non_exhaustive()
    }
}

impl<'a> Env<'a> {
    /// An environment of input, context object and variables.
    pub fn new(input: &'a Value, context: &'a Value, variables: &'a dyn Variables) -> Self {
        Self {
            input,
            context,
            variables,
        }
    }

    /// The same context object and variables with another input.
    #[must_use]
    pub fn with_input(&self, input: &'a Value) -> Self {
        Self { input, ..*self }
    }
}

/// Why a path found nothing, worded as Jayway (and so AWS) words it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// The last segment of a definite path found nothing. Holds the normalised path.
    #[error("No results for path: {0}")]
    NoResults(String),
    /// A field before the last segment is missing. Holds the normalised path up to it.
    #[error("Missing property in path {0}")]
    MissingProperty(String),
    /// A field was asked of something that is not an object.
    #[error("Expected to find an object with property {property} in path {path} but found '{found}'. This is not a json object.")]
    NotAnObject {
        /// The field, normalised (`['b']`).
        property: String,
        /// The normalised path of the value that is not an object.
        path: String,
        /// The JSON type found.
        found: &'static str,
    },
    /// An index was asked of something that is not an array.
    #[error("Filter: {selector} can only be applied to arrays. Current context is: {found}")]
    NotAnArray {
        /// The selector, normalised (`[0]`).
        selector: String,
        /// The value found, as compact JSON.
        found: String,
    },
    /// The path's root is a variable that is not defined.
    #[error("The variable '${0}' is not defined")]
    UndefinedVariable(String),
    /// A filter's regular expression does not compile.
    #[error("Invalid regular expression /{0}/")]
    BadRegex(String),
}

/// The JSON type name of a value, as used in messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compact JSON text of a value (what AWS prints in causes).
pub fn to_compact(value: &Value) -> String {
    value.to_string()
}

fn root_value<'a>(path: &Path, env: &Env<'a>) -> Result<&'a Value, PathError> {
    match &path.root {
        Root::Input => Ok(env.input),
        Root::Context => Ok(env.context),
        Root::Variable(name) => env
            .variables
            .get_var(name)
            .ok_or_else(|| PathError::UndefinedVariable(name.clone())),
    }
}

/// Evaluates a parsed path: the value for a definite path, an array for an indefinite one.
pub fn select(path: &Path, env: &Env<'_>) -> Result<Value, PathError> {
    select_borrowed(path, env).map(Cow::into_owned)
}

/// [`select`], borrowing the value when the path names one that is there already (a definite
/// path), so that a caller that only reads it, or copies parts of it, copies nothing more.
pub fn select_borrowed<'a>(path: &Path, env: &Env<'a>) -> Result<Cow<'a, Value>, PathError> {
    let root = root_value(path, env)?;
    if path.is_definite() {
        select_definite(path, root)
    } else {
        select_indefinite(&path.segments, root, env).map(|items| Cow::Owned(Value::Array(items)))
    }
}

/// Parses `text` as a JSONPath and evaluates it. A syntax error becomes a `States.Runtime`
/// error (the validator reports it before a run); a missing path becomes AWS's
/// `Invalid path '<text>' : <reason>` cause, as for `InputPath` and `OutputPath`.
pub fn select_str(text: &str, env: &Env<'_>) -> Result<Value, EvalError> {
    let path = parse_path(text, PathKind::Path)
        .map_err(|e| EvalError::runtime(format!("Invalid path '{text}' : {}", e.message)))?;
    select(&path, env).map_err(|e| invalid_path(text, &e))
}

/// AWS's cause for a path field (`InputPath`, `OutputPath`, `ItemsPath`, ...) that found
/// nothing: `Invalid path '$.x' : No results for path: $['x']`.
pub fn invalid_path(text: &str, error: &PathError) -> EvalError {
    EvalError::runtime(format!("Invalid path '{text}' : {error}"))
}

/// True when `path` finds a value (what Choice's `IsPresent` tests).
pub fn exists(path: &Path, env: &Env<'_>) -> bool {
    select(path, env).is_ok()
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len_i = i64::try_from(len).ok()?;
    let resolved = if index < 0 { len_i + index } else { index };
    if (0..len_i).contains(&resolved) {
        usize::try_from(resolved).ok()
    } else {
        None
    }
}

/// `map[name]`. Payload objects are mostly small, and for those a scan of the keys is cheaper
/// than hashing `name` (SipHash, in `serde_json`'s map); keys are unique, so both find the same
/// member.
fn member<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    const SCAN_UP_TO: usize = 8;
    if map.len() <= SCAN_UP_TO {
        map.iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, value)| value)
    } else {
        map.get(name)
    }
}

fn select_definite<'a>(path: &Path, root: &'a Value) -> Result<Cow<'a, Value>, PathError> {
    let mut current = root;
    let count = path.segments.len();
    for (i, segment) in path.segments.iter().enumerate() {
        let is_leaf = i + 1 == count;
        let Segment::Child(selector) = segment else {
            // Not reached: a definite path has no descendant segment.
            return select_indefinite(&path.segments, root, &empty_env(root))
                .map(|items| Cow::Owned(Value::Array(items)));
        };
        match selector {
            Selector::Name(name) => match current {
                Value::Object(map) => match member(map, name) {
                    Some(value) => current = value,
                    None if is_leaf => return Err(PathError::NoResults(path.normalized())),
                    None => return Err(PathError::MissingProperty(path.normalized_prefix(i + 1))),
                },
                other => {
                    return Err(PathError::NotAnObject {
                        property: selector.to_string(),
                        path: path.normalized_prefix(i),
                        found: type_name(other),
                    })
                }
            },
            Selector::Index(index) => match current {
                Value::Array(items) => match resolve_index(*index, items.len()) {
                    Some(k) => current = &items[k],
                    None => return Err(PathError::NoResults(path.normalized())),
                },
                other => {
                    return Err(PathError::NotAnArray {
                        selector: selector.to_string(),
                        found: to_compact(other),
                    })
                }
            },
            Selector::Names(names) => match current {
                Value::Object(map) => return Ok(Cow::Owned(merge_names(map, names))),
                other => {
                    return Err(PathError::NotAnObject {
                        property: selector.to_string(),
                        path: path.normalized_prefix(i),
                        found: type_name(other),
                    })
                }
            },
            _ => {
                // Not reached: is_definite() admits only the selectors above.
                return select_indefinite(&path.segments, root, &empty_env(root))
                    .map(|items| Cow::Owned(Value::Array(items)));
            }
        }
    }
    Ok(Cow::Borrowed(current))
}

fn empty_env(root: &Value) -> Env<'_> {
    Env::new(root, &Value::Null, &NoVariables)
}

fn merge_names(map: &Map<String, Value>, names: &[String]) -> Value {
    let mut out = Map::new();
    for name in names {
        if let Some(value) = map.get(name) {
            out.insert(name.clone(), value.clone());
        }
    }
    Value::Object(out)
}

fn select_indefinite(
    segments: &[Segment],
    root: &Value,
    env: &Env<'_>,
) -> Result<Vec<Value>, PathError> {
    // A field list as the last segment merges the fields into one object per match.
    if let Some((Segment::Child(Selector::Names(names)), init)) = segments.split_last() {
        let nodes = apply_segments(vec![root], init, env)?;
        return Ok(nodes
            .into_iter()
            .filter_map(|node| match node {
                Value::Object(map) => Some(merge_names(map, names)),
                _ => None,
            })
            .collect());
    }
    Ok(apply_segments(vec![root], segments, env)?
        .into_iter()
        .cloned()
        .collect())
}

fn apply_segments<'v>(
    mut nodes: Vec<&'v Value>,
    segments: &[Segment],
    env: &Env<'_>,
) -> Result<Vec<&'v Value>, PathError> {
    for segment in segments {
        let mut next = Vec::new();
        match segment {
            Segment::Child(selector) => {
                for node in nodes {
                    apply_selector(node, selector, env, &mut next)?;
                }
            }
            Segment::Descendant(selector) => {
                for node in nodes {
                    descend(node, selector, env, &mut next)?;
                }
            }
        }
        nodes = next;
    }
    Ok(nodes)
}

fn descend<'v>(
    node: &'v Value,
    selector: &Selector,
    env: &Env<'_>,
    out: &mut Vec<&'v Value>,
) -> Result<(), PathError> {
    match selector {
        // `..*` yields every descendant, but not the node itself.
        Selector::Wildcard => {}
        _ => apply_selector(node, selector, env, out)?,
    }
    match node {
        Value::Object(map) => {
            for child in map.values() {
                if matches!(selector, Selector::Wildcard) {
                    out.push(child);
                }
                descend(child, selector, env, out)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                if matches!(selector, Selector::Wildcard) {
                    out.push(child);
                }
                descend(child, selector, env, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn apply_selector<'v>(
    node: &'v Value,
    selector: &Selector,
    env: &Env<'_>,
    out: &mut Vec<&'v Value>,
) -> Result<(), PathError> {
    match selector {
        Selector::Name(name) => {
            if let Some(value) = node.as_object().and_then(|m| m.get(name)) {
                out.push(value);
            }
        }
        Selector::Names(names) => {
            if let Some(map) = node.as_object() {
                out.extend(names.iter().filter_map(|n| map.get(n)));
            }
        }
        Selector::Index(index) => {
            if let Some(items) = node.as_array() {
                if let Some(k) = resolve_index(*index, items.len()) {
                    out.push(&items[k]);
                }
            }
        }
        Selector::Indices(list) => {
            if let Some(items) = node.as_array() {
                for index in list {
                    if let Some(k) = resolve_index(*index, items.len()) {
                        out.push(&items[k]);
                    }
                }
            }
        }
        Selector::Wildcard => match node {
            Value::Object(map) => out.extend(map.values()),
            Value::Array(items) => out.extend(items.iter()),
            _ => {}
        },
        Selector::Slice { start, end } => {
            if let Some(items) = node.as_array() {
                let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                let clamp = |v: i64| -> usize {
                    let v = if v < 0 { len + v } else { v };
                    usize::try_from(v.clamp(0, len)).unwrap_or(0)
                };
                let from = start.map_or(0, clamp);
                let to = end.map_or(items.len(), clamp);
                if from < to {
                    out.extend(items[from..to].iter());
                }
            }
        }
        Selector::Filter(filter) => match node {
            Value::Array(items) => {
                for item in items {
                    if test_filter(filter, item, env)? {
                        out.push(item);
                    }
                }
            }
            Value::Object(_) if test_filter(filter, node, env)? => out.push(node),
            _ => {}
        },
    }
    Ok(())
}

/// The value of a filter operand: `None` when a path finds nothing.
fn operand_value(operand: &Operand, current: &Value, env: &Env<'_>) -> Option<Value> {
    match operand {
        Operand::Literal(value) => Some(value.clone()),
        Operand::Regex { pattern, .. } => Some(Value::String(pattern.clone())),
        Operand::Path(path) => select(path, env).ok(),
        Operand::Current(segments) => {
            let relative = Path {
                text: String::new(),
                root: Root::Input,
                segments: segments.clone(),
            };
            if relative.is_definite() {
                select_definite(&relative, current)
                    .ok()
                    .map(Cow::into_owned)
            } else {
                select_indefinite(segments, current, env)
                    .ok()
                    .map(Value::Array)
            }
        }
    }
}

fn test_filter(filter: &Filter, current: &Value, env: &Env<'_>) -> Result<bool, PathError> {
    Ok(match filter {
        Filter::Or(a, b) => test_filter(a, current, env)? || test_filter(b, current, env)?,
        Filter::And(a, b) => test_filter(a, current, env)? && test_filter(b, current, env)?,
        Filter::Not(inner) => !test_filter(inner, current, env)?,
        Filter::Exists(operand) => operand_value(operand, current, env).is_some(),
        Filter::Compare { left, op, right } => {
            let Some(l) = operand_value(left, current, env) else {
                return Ok(false);
            };
            if let (
                CompareOp::Matches,
                Operand::Regex {
                    pattern,
                    case_insensitive,
                },
            ) = (op, right)
            {
                return regex_matches(&l, pattern, *case_insensitive);
            }
            let Some(r) = operand_value(right, current, env) else {
                return Ok(false);
            };
            compare(&l, *op, &r)
        }
    })
}

fn regex_matches(value: &Value, pattern: &str, case_insensitive: bool) -> Result<bool, PathError> {
    let Value::String(text) = value else {
        return Ok(false);
    };
    // Jayway matches the whole string.
    let regex = regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
        .case_insensitive(case_insensitive)
        .build()
        .map_err(|_| PathError::BadRegex(pattern.to_owned()))?;
    Ok(regex.is_match(text))
}

/// Numeric value of a JSON value for filter comparisons: numbers, and strings that hold a number
/// (Jayway compares `1 == '1'` as numbers).
fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

fn compare(left: &Value, op: CompareOp, right: &Value) -> bool {
    match op {
        CompareOp::Eq => values_equal(left, right),
        CompareOp::Ne => !values_equal(left, right),
        CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
            let ordering = match (left, right) {
                (Value::String(a), Value::String(b)) => {
                    Some(a.encode_utf16().cmp(b.encode_utf16()))
                }
                _ => match (as_number(left), as_number(right)) {
                    (Some(a), Some(b)) => a.partial_cmp(&b),
                    _ => None,
                },
            };
            let Some(ordering) = ordering else {
                return false;
            };
            match op {
                CompareOp::Lt => ordering.is_lt(),
                CompareOp::Le => ordering.is_le(),
                CompareOp::Gt => ordering.is_gt(),
                _ => ordering.is_ge(),
            }
        }
        CompareOp::In => right
            .as_array()
            .is_some_and(|items| items.iter().any(|item| values_equal(left, item))),
        CompareOp::Nin => right
            .as_array()
            .is_some_and(|items| !items.iter().any(|item| values_equal(left, item))),
        CompareOp::Matches => false,
    }
}

/// Equality as Jayway's filters see it: numbers by value (and a number equals a string holding
/// the same number), everything else structurally.
pub fn values_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(_), Value::Number(_)) => numbers_equal(left, right),
        (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n)) => {
            match (s.trim().parse::<f64>(), n.as_f64()) {
                (Ok(a), Some(b)) => a == b,
                _ => false,
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| values_equal(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, v)| b.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => left == right,
    }
}

/// Numeric equality by value (`0 == 0.0`), exact for integers.
pub fn numbers_equal(left: &Value, right: &Value) -> bool {
    let (Value::Number(a), Value::Number(b)) = (left, right) else {
        return false;
    };
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(text: &str, input: &Value) -> Result<Value, EvalError> {
        let context = json!({"Execution": {"Id": "arn:x", "Name": "run-1"}});
        let mut vars = Map::new();
        vars.insert("myVar".into(), json!({"field": [10, 20]}));
        let env = Env::new(input, &context, &vars);
        select_str(text, &env)
    }

    #[test]
    fn definite_paths_give_the_value() {
        let input = json!({"a": {"b": [1, {"c": "x"}]}, "k": null});
        assert_eq!(eval("$", &input).unwrap(), input);
        assert_eq!(eval("$.a.b[1].c", &input).unwrap(), json!("x"));
        assert_eq!(eval("$['a']['b'][0]", &input).unwrap(), json!(1));
        assert_eq!(eval("$.a.b[-1]", &input).unwrap(), json!({"c": "x"}));
        assert_eq!(eval("$.k", &input).unwrap(), Value::Null);
        assert_eq!(eval("$$.Execution.Name", &input).unwrap(), json!("run-1"));
        assert_eq!(eval("$myVar.field[1]", &input).unwrap(), json!(20));
        assert_eq!(
            eval("$.a['b','zz']", &json!({"a": {"b": 1, "c": 2}})).unwrap(),
            json!({"b": 1})
        );
    }

    #[test]
    fn missing_paths_fail_like_aws() {
        let input = json!({"int-literal": 0});
        // Recorded: scenarios ... test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_OUTPUTPATH]
        let err = eval("$.NoSuchOutputPath", &input).unwrap_err();
        assert_eq!(err.name, ErrorName::Runtime);
        assert_eq!(
            err.cause,
            "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"
        );
        let err = eval("$.a.b", &input).unwrap_err();
        assert_eq!(
            err.cause,
            "Invalid path '$.a.b' : Missing property in path $['a']"
        );
        assert!(eval("$.int-literal.x", &input).is_err());
        assert!(eval("$.l[3]", &json!({"l": [1]})).is_err());
        let err = eval("$nope", &input).unwrap_err();
        assert!(err.cause.contains("'$nope' is not defined"));
    }

    #[test]
    fn indefinite_paths_give_arrays() {
        let input = json!({
            "users": [{"year": 1997, "status": 0}, {"year": 1998, "status": 1}],
            "o": {"x": 1, "y": {"x": 2}},
        });
        // Recorded: base ... test_state_pass_regex_json_path_base
        assert_eq!(
            eval("$.users[?(@.status == 0)]", &input).unwrap(),
            json!([{"year": 1997, "status": 0}])
        );
        assert_eq!(
            eval("$.users[*].year", &input).unwrap(),
            json!([1997, 1998])
        );
        assert_eq!(eval("$.users[5:]", &input).unwrap(), json!([]));
        assert_eq!(eval("$.users[-1:].year", &input).unwrap(), json!([1998]));
        assert_eq!(eval("$.users[0,1].status", &input).unwrap(), json!([0, 1]));
        assert_eq!(eval("$..x", &input).unwrap(), json!([1, 2]));
        assert_eq!(eval("$.o.*", &input).unwrap(), json!([1, {"x": 2}]));
        assert_eq!(eval("$.nothing[*]", &input).unwrap(), json!([]));
        assert_eq!(
            eval("$.users[?(@.year > 1997 && @.status != 0)].year", &input).unwrap(),
            json!([1998])
        );
        assert_eq!(
            eval("$.users[?(@.year in [1997, 2000])].status", &input).unwrap(),
            json!([0])
        );
        assert_eq!(eval("$.users[?(@.missing)]", &input).unwrap(), json!([]));
        assert_eq!(
            eval("$.users[?(@.year < $myVar.field[0])]", &input).unwrap(),
            json!([])
        );
        assert_eq!(
            eval("$.s[?(@ =~ /a.*/i)]", &json!({"s": ["Abc", "bcd"]})).unwrap(),
            json!(["Abc"])
        );
        assert_eq!(eval("$..*", &json!({"a": [1]})).unwrap(), json!([[1], 1]));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(numbers_equal(&json!(0), &json!(0.0)));
        assert!(!numbers_equal(&json!(1), &json!(1.5)));
        assert!(values_equal(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(values_equal(&json!(1), &json!("1")));
    }
}
