//! The engine's one doorway to the query languages: JSONPath fields (paths, payload templates,
//! ResultPath, Choice rules, intrinsic functions) and JSONata expressions. Errors come back as
//! [`StateError`]s whose cause lacks AWS's "An error occurred while executing the state ..."
//! prefix; the engine adds it, since only it knows the state and its event id.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::errors::{self, StateError};
use crate::history::Payload;
use crate::intrinsics::RandomSource;
use crate::jsonpath::{self, Env, EvalError};
use crate::plan::Plan;
use crate::retry::SeededRng;
use crate::variables::VarScope;
use statecraft_asl::expr::intrinsic::{self, Call};
use statecraft_asl::expr::path::{parse_path, Path, PathKind};
use statecraft_asl::model::State;

impl RandomSource for SeededRng {
    fn next_u64(&mut self) -> u64 {
        SeededRng::next_u64(self)
    }
}

/// A JSONPath evaluation error as a state error.
pub(crate) fn from_eval(error: EvalError) -> StateError {
    StateError::new(error.name.as_str(), error.cause)
}

/// Variables a state assigned, by name.
pub(crate) type Assigned = Vec<(String, Value)>;

/// A state's output and the variables it assigned.
pub(crate) type Shaped = (Payload, Option<Assigned>);

/// What JSONPath fields are evaluated against.
pub(crate) struct PathScope<'a> {
    pub context: &'a Value,
    pub vars: &'a VarScope,
    /// The definition's templates, parsed once.
    pub templates: &'a Templates,
}

/// A [`PathScope`]'s parts, owned: what one frame's JSONPath fields are evaluated against.
pub(crate) struct PathFrame {
    pub context: Value,
    pub vars: Arc<VarScope>,
    pub templates: Arc<Templates>,
}

impl PathFrame {
    /// The scope to evaluate against.
    pub fn scope(&self) -> PathScope<'_> {
        PathScope {
            context: &self.context,
            vars: &self.vars,
            templates: &self.templates,
        }
    }
}

/// A payload template with its paths and intrinsic calls parsed.
#[derive(Debug)]
enum Compiled {
    /// No `.$` key inside: the value as written.
    Literal(Value),
    /// An object with computed keys somewhere inside.
    Object(Vec<(String, Field)>),
    /// An array with computed keys somewhere inside.
    Array(Vec<Compiled>),
}

#[derive(Debug)]
enum Field {
    Plain(Compiled),
    Path(Path),
    Call(Call),
}

/// The payload templates of a definition, parsed once, keyed by where the template lives in the
/// plan (the plan's states never move while an execution runs). A template missing here, or one
/// that fails, is evaluated by `payload::apply_template`, which also words the errors.
#[derive(Debug, Default)]
pub(crate) struct Templates {
    by_address: HashMap<usize, Compiled, BuildHasherDefault<AddressHasher>>,
}

/// Hashes an address by mixing its bits once: an address needs no protection against chosen
/// keys, and SipHash was a measurable part of a small template's cost (dropping it saved 2.5% of
/// the instructions of the Pass/Choice loop benchmark).
#[derive(Debug, Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        // Addresses are aligned (low bits zero): fold the high half of the product back down so
        // that both the bucket index (low bits) and the control byte (high bits) vary.
        let mixed = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = mixed ^ (mixed >> 32);
    }
}

fn address<T>(value: &T) -> usize {
    value as *const T as usize
}

fn compile(template: &Value) -> Option<Compiled> {
    fn has_computed(value: &Value) -> bool {
        match value {
            Value::Object(map) => map
                .iter()
                .any(|(k, v)| k.ends_with(".$") || has_computed(v)),
            Value::Array(items) => items.iter().any(has_computed),
            _ => false,
        }
    }
    if !has_computed(template) {
        return Some(Compiled::Literal(template.clone()));
    }
    match template {
        Value::Object(map) => {
            let mut fields = Vec::with_capacity(map.len());
            for (key, value) in map {
                let field = match (key.strip_suffix(".$"), value) {
                    (Some(plain), Value::String(text)) => {
                        let field = if intrinsic::is_call(text) {
                            Field::Call(intrinsic::parse(text).ok()?)
                        } else {
                            Field::Path(parse_path(text, PathKind::Path).ok()?)
                        };
                        fields.push((plain.to_owned(), field));
                        continue;
                    }
                    (Some(_), _) => return None,
                    (None, value) => Field::Plain(compile(value)?),
                };
                fields.push((key.clone(), field));
            }
            Some(Compiled::Object(fields))
        }
        Value::Array(items) => items
            .iter()
            .map(compile)
            .collect::<Option<Vec<_>>>()
            .map(Compiled::Array),
        other => Some(Compiled::Literal(other.clone())),
    }
}

fn evaluate_compiled(compiled: &Compiled, env: &Env<'_>, rng: &mut SeededRng) -> Option<Value> {
    match compiled {
        Compiled::Literal(value) => Some(value.clone()),
        Compiled::Array(items) => items
            .iter()
            .map(|c| evaluate_compiled(c, env, rng))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        Compiled::Object(fields) => {
            let mut out = Map::with_capacity(fields.len());
            for (key, field) in fields {
                let value = match field {
                    Field::Plain(c) => evaluate_compiled(c, env, rng)?,
                    Field::Path(path) => jsonpath::select(path, env).ok()?,
                    Field::Call(call) => crate::intrinsics::evaluate(call, env, rng).ok()?,
                };
                out.insert(key.clone(), value);
            }
            Some(Value::Object(out))
        }
    }
}

impl Templates {
    /// Parses the templates of every state of a plan.
    pub(crate) fn of_plan(plan: &Plan) -> Templates {
        let mut templates = Templates::default();
        for scope in &plan.scopes {
            for state in &scope.states {
                templates.add_state(&state.def);
            }
        }
        templates
    }

    fn add(&mut self, template: Option<&Value>) {
        if let Some(template) = template {
            if let Some(compiled) = compile(template) {
                self.by_address.insert(address(template), compiled);
            }
        }
    }

    fn add_assign(&mut self, assign: Option<&Map<String, Value>>) {
        if let Some(assign) = assign {
            if let Some(compiled) = compile(&Value::Object(assign.clone())) {
                self.by_address.insert(address(assign), compiled);
            }
        }
    }

    fn add_state(&mut self, state: &State) {
        self.add_assign(state.common().assign.as_ref());
        for catcher in state.catch() {
            self.add_assign(catcher.assign.as_ref());
        }
        match state {
            State::Pass(s) => self.add(s.parameters.as_ref()),
            State::Task(s) => {
                self.add(s.parameters.as_ref());
                self.add(s.result_selector.as_ref());
            }
            State::Parallel(s) => {
                self.add(s.parameters.as_ref());
                self.add(s.result_selector.as_ref());
            }
            State::Map(s) => {
                self.add(s.item_selector.as_ref());
                self.add(s.parameters.as_ref());
                self.add(s.result_selector.as_ref());
            }
            State::Choice(s) => {
                for rule in s.choices.iter().flatten() {
                    self.add_assign(rule.assign.as_ref());
                }
            }
            _ => {}
        }
    }
}

impl PathScope<'_> {
    fn env<'b>(&'b self, input: &'b Value) -> Env<'b> {
        Env::new(input, self.context, self.vars)
    }
}

/// `InputPath` / `OutputPath`: absent keeps the value, `null` gives `{}`. The value kept is
/// borrowed, so a state that leaves its input as it is costs no reference count.
pub(crate) fn apply_path<'a>(
    path: Option<&Option<String>>,
    input: &'a Payload,
    scope: &PathScope<'_>,
) -> Result<Cow<'a, Payload>, StateError> {
    match path {
        None => Ok(Cow::Borrowed(input)),
        Some(None) => Ok(Cow::Owned(Arc::new(Value::Object(Map::new())))),
        Some(Some(text)) if text == "$" => Ok(Cow::Borrowed(input)),
        Some(Some(text)) => crate::payload::apply_path(Some(text), &scope.env(input))
            .map(|value| Cow::Owned(Arc::new(value)))
            .map_err(from_eval),
    }
}

/// The value a reference path names (`ItemsPath`, `SecondsPath`, ...), for a named field.
pub(crate) fn select_value(
    text: &str,
    input: &Value,
    scope: &PathScope<'_>,
) -> Result<Value, StateError> {
    crate::payload::select_reference(text, &scope.env(input)).map_err(from_eval)
}

/// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`, JSONPath `Assign`).
pub(crate) fn apply_template(
    template: &Value,
    input: &Value,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<Value, StateError> {
    let env = scope.env(input);
    if let Some(compiled) = scope.templates.by_address.get(&address(template)) {
        if let Some(value) = evaluate_compiled(compiled, &env, rng) {
            return Ok(value);
        }
    }
    crate::payload::apply_template(template, &env, rng).map_err(from_eval)
}

/// `ResultPath`: where the result goes in the raw input. Absent or `$` replaces the input;
/// `null` keeps the input.
#[inline]
pub(crate) fn apply_result_path<'a>(
    raw: &'a Payload,
    result: Cow<'a, Payload>,
    path: Option<&Option<String>>,
) -> Result<Cow<'a, Payload>, StateError> {
    match path {
        None => Ok(result),
        Some(None) => Ok(Cow::Borrowed(raw)),
        Some(Some(text)) if text == "$" => Ok(result),
        Some(Some(text)) => {
            crate::payload::apply_result_path(raw, Value::clone(&result), Some(text))
                .map(|value| Cow::Owned(Arc::new(value)))
                .map_err(from_eval)
        }
    }
}

/// JSONPath `Assign`, when the state has one: the variables and their values, in name order.
#[inline]
pub(crate) fn assign_jsonpath(
    assign: Option<&Map<String, Value>>,
    input: &Value,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<Option<Assigned>, StateError> {
    let Some(assign) = assign else {
        return Ok(None);
    };
    let fast = scope
        .templates
        .by_address
        .get(&address(assign))
        .and_then(|compiled| evaluate_compiled(compiled, &scope.env(input), rng));
    let evaluated = match fast {
        Some(value) => value,
        None => apply_template(&Value::Object(assign.clone()), input, scope, rng)?,
    };
    let mut out: Vec<(String, Value)> = match evaluated {
        Value::Object(map) => map.into_iter().collect(),
        _ => Vec::new(),
    };
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Some(out))
}

/// JSONPath's `Assign` and `ResultPath`, in AWS's order, on a state's result (after its
/// ResultSelector) or a catcher's error output: the variables assigned (read from the result)
/// and the raw input with the result placed in it.
pub(crate) fn assign_and_place(
    raw: &Payload,
    result: &Payload,
    assign: Option<&Map<String, Value>>,
    result_path: Option<&Option<String>>,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<Shaped, StateError> {
    let assigned = assign_jsonpath(assign, result, scope, rng)?;
    let placed = apply_result_path(raw, Cow::Borrowed(result), result_path)?.into_owned();
    Ok((placed, assigned))
}

/// A JSONPath Choice rule.
pub(crate) fn choice_matches(
    rule: &crate::choice::CompiledRule,
    input: &Value,
    scope: &PathScope<'_>,
) -> Result<bool, StateError> {
    rule.evaluate(&scope.env(input)).map_err(from_eval)
}

/// An intrinsic call or a path, as in `ErrorPath`/`CausePath` (`field` names it in messages).
pub(crate) fn path_or_intrinsic(
    field: &str,
    text: &str,
    input: &Value,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<Value, StateError> {
    crate::payload::evaluate_field(field, text, &scope.env(input), rng).map_err(from_eval)
}

/// Compiled JSONata expressions, by text (looked up, never iterated).
#[derive(Debug, Default)]
pub(crate) struct JsonataCache {
    compiled: HashMap<String, Arc<statecraft_jsonata::Expression>>,
}

/// What JSONata expressions see.
pub(crate) struct AtaScope<'a> {
    /// `$states`: input, context, and (where they apply) result and errorOutput.
    pub states: &'a Value,
    pub vars: &'a VarScope,
    /// The virtual clock's time: `$now()` and `$millis()` read it, never the wall clock.
    pub now_ms: i64,
}

/// The expression inside `{% %}`, if the string is one.
pub(crate) fn expression_text(text: &str) -> Option<&str> {
    // AWS takes only strings that start with `{%` and end with `%}` exactly: " {% x %} " is text.
    text.strip_prefix("{%")?.strip_suffix("%}").map(str::trim)
}

impl JsonataCache {
    fn compile(
        &mut self,
        text: &str,
        location: &str,
    ) -> Result<Arc<statecraft_jsonata::Expression>, StateError> {
        if let Some(expr) = self.compiled.get(text) {
            return Ok(expr.clone());
        }
        let expr = statecraft_jsonata::Expression::compile(text).map_err(|e| {
            StateError::new(
                errors::QUERY_EVALUATION_ERROR,
                format!(
                    "The JSONata expression '{text}' specified for the field '{location}' threw an error during evaluation. {}: {}",
                    e.code(),
                    e.message()
                ),
            )
            .at(location)
        })?;
        let expr = Arc::new(expr);
        self.compiled.insert(text.to_owned(), expr.clone());
        Ok(expr)
    }

    /// Evaluates one expression; `None` when it returns nothing.
    pub(crate) fn evaluate(
        &mut self,
        text: &str,
        location: &str,
        scope: &AtaScope<'_>,
        rng: &mut SeededRng,
    ) -> Result<Option<Value>, StateError> {
        let expr = self.compile(text, location)?;
        let mut bindings =
            statecraft_jsonata::Bindings::new(rng.next_u64()).with_now_millis(scope.now_ms);
        for (name, value) in scope.vars.visible() {
            bindings.set_variable(&name, value);
        }
        bindings.set_variable("states", scope.states.clone());
        let input = scope.states.get("input").cloned().unwrap_or(Value::Null);
        expr.evaluate(&input, &bindings).map_err(|e| {
            StateError::new(
                errors::QUERY_EVALUATION_ERROR,
                format!(
                    "The JSONata expression '{text}' specified for the field '{location}' threw an error during evaluation. {}: {}",
                    e.code(),
                    e.message()
                ),
            )
            .at(location)
        })
    }

    /// Evaluates a field value: `{% %}` strings are evaluated (anywhere inside objects and arrays),
    /// everything else is kept. An expression that returns nothing is an error, as on AWS.
    pub(crate) fn evaluate_value(
        &mut self,
        value: &Value,
        location: &str,
        scope: &AtaScope<'_>,
        rng: &mut SeededRng,
    ) -> Result<Value, StateError> {
        match value {
            Value::String(s) => match expression_text(s) {
                Some(text) => self.evaluate(text, location, scope, rng)?.ok_or_else(|| {
                    StateError::new(
                        errors::QUERY_EVALUATION_ERROR,
                        format!("The JSONata expression '{text}' specified for the field '{location}' returned nothing (undefined)."),
                    )
                    .at(location)
                }),
                None => Ok(value.clone()),
            },
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.evaluate_value(item, &format!("{location}[{i}]"), scope, rng))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, item) in map {
                    out.insert(key.clone(), self.evaluate_value(item, &format!("{location}/{key}"), scope, rng)?);
                }
                Ok(Value::Object(out))
            }
            _ => Ok(value.clone()),
        }
    }

    /// JSONata `Assign`: the variables and their values, in name order.
    pub(crate) fn assign(
        &mut self,
        assign: &Map<String, Value>,
        scope: &AtaScope<'_>,
        rng: &mut SeededRng,
    ) -> Result<Vec<(String, Value)>, StateError> {
        let mut out = Vec::with_capacity(assign.len());
        for (name, value) in assign {
            out.push((
                name.clone(),
                self.evaluate_value(value, &format!("Assign/{name}"), scope, rng)?,
            ));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

/// Why a payload cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PayloadProblem {
    /// Larger than AWS's payload limit (256 KiB).
    TooLarge,
    /// Nested deeper than [`errors::PAYLOAD_MAX_DEPTH`] levels.
    TooDeep,
}

/// What is wrong with a payload that a state passes on, if anything. The depth is checked first,
/// without recursion, so a loop that nests its data one level deeper each round fails cleanly
/// instead of exhausting the stack in the recursive walks (clone, size, serialisation).
pub(crate) fn payload_problem(value: &Value) -> Option<PayloadProblem> {
    if exceeds_depth_limit(value) {
        Some(PayloadProblem::TooDeep)
    } else if exceeds_payload_limit(value) {
        Some(PayloadProblem::TooLarge)
    } else {
        None
    }
}

/// The problem of an object made of `assigned` (the variables one state assigns, which AWS limits
/// as one payload), found without building that object.
pub(crate) fn assigned_problem(assigned: &[(String, Value)]) -> Option<PayloadProblem> {
    if assigned
        .iter()
        .any(|(_, value)| exceeds_depth_limit_at(value, 2))
    {
        Some(PayloadProblem::TooDeep)
    } else if exceeds_object_limit(assigned) {
        Some(PayloadProblem::TooLarge)
    } else {
        None
    }
}

/// True when arrays and objects nest deeper than [`errors::PAYLOAD_MAX_DEPTH`].
fn exceeds_depth_limit(value: &Value) -> bool {
    exceeds_depth_limit_at(value, 1)
}

/// [`exceeds_depth_limit`] for a value that sits at `depth` (1 for a whole payload).
fn exceeds_depth_limit_at(value: &Value, depth: usize) -> bool {
    // Containers still to look into, with their depth. Only containers are queued, and the
    // first one is held outside the queue, so a payload without nested containers (the common
    // case, checked on every state exit) allocates nothing.
    let mut pending: Vec<(&Value, usize)> = Vec::new();
    let mut next = Some((value, depth));
    while let Some((value, depth)) = next.take().or_else(|| pending.pop()) {
        match value {
            Value::Array(items) => {
                if depth > errors::PAYLOAD_MAX_DEPTH {
                    return true;
                }
                queue_containers(items.iter(), depth + 1, &mut pending);
            }
            Value::Object(map) => {
                if depth > errors::PAYLOAD_MAX_DEPTH {
                    return true;
                }
                queue_containers(map.values(), depth + 1, &mut pending);
            }
            _ => {}
        }
    }
    false
}

/// Queues the arrays and objects among `children` at `depth` (scalars need no look).
fn queue_containers<'a>(
    children: impl Iterator<Item = &'a Value>,
    depth: usize,
    pending: &mut Vec<(&'a Value, usize)>,
) {
    pending.extend(
        children
            .filter(|c| c.is_array() || c.is_object())
            .map(|c| (c, depth)),
    );
}

/// True when the serialised value is larger than AWS's payload limit (256 KiB). Walks the value
/// and stops as soon as the limit is passed, so small payloads cost little.
fn exceeds_payload_limit(value: &Value) -> bool {
    let mut bounds = Bounds::default();
    walk(value, &mut bounds);
    bounds.decide(|| serde_json::to_vec(value))
}

/// [`exceeds_payload_limit`] for the object `{"name": value, ...}` of `entries`, not built.
fn exceeds_object_limit(entries: &[(String, Value)]) -> bool {
    let n = entries.len();
    let mut bounds = Bounds {
        low: 2 + n + n.saturating_sub(1),
        high: 2 + 2 * n,
    };
    for (key, value) in entries {
        text(key, &mut bounds);
        walk(value, &mut bounds);
    }
    bounds.decide(|| {
        let object: std::collections::BTreeMap<&str, &Value> =
            entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
        serde_json::to_vec(&object)
    })
}

/// Bounds of the serialised size: `low` never more, `high` never less than the real size.
#[derive(Default)]
struct Bounds {
    low: usize,
    high: usize,
}
fn text(s: &str, bounds: &mut Bounds) {
    let escapes = s
        .bytes()
        .filter(|b| *b < 0x20 || *b == b'"' || *b == b'\\')
        .count();
    bounds.low += s.len() + 2;
    // An escape is at most `\u00XX`: six bytes for one.
    bounds.high += s.len() + 2 + 5 * escapes;
}
fn walk(value: &Value, bounds: &mut Bounds) {
    if bounds.low > errors::PAYLOAD_LIMIT_BYTES {
        return;
    }
    match value {
        Value::Null => {
            bounds.low += 4;
            bounds.high += 4;
        }
        Value::Bool(_) => {
            bounds.low += 4;
            bounds.high += 5;
        }
        Value::Number(n) => {
            // Integers print exactly; floats take at most 24 characters.
            let exact = n
                .as_u64()
                .map(|u| u.checked_ilog10().unwrap_or(0) as usize + 1)
                .or_else(|| {
                    n.as_i64()
                        .map(|i| i.unsigned_abs().checked_ilog10().unwrap_or(0) as usize + 2)
                });
            bounds.low += exact.unwrap_or(1);
            bounds.high += exact.unwrap_or(24);
        }
        Value::String(s) => text(s, bounds),
        Value::Array(items) => {
            bounds.low += 2 + items.len().saturating_sub(1);
            bounds.high += 2 + items.len();
            for item in items {
                walk(item, bounds);
            }
        }
        Value::Object(map) => {
            bounds.low += 2 + map.len() + map.len().saturating_sub(1);
            bounds.high += 2 + 2 * map.len();
            for (key, item) in map {
                text(key, bounds);
                walk(item, bounds);
            }
        }
    }
}

impl Bounds {
    /// Over the limit? The bounds settle most payloads; the rest are serialised to be sure.
    fn decide(&self, serialise: impl FnOnce() -> serde_json::Result<Vec<u8>>) -> bool {
        if self.high <= errors::PAYLOAD_LIMIT_BYTES {
            return false;
        }
        if self.low > errors::PAYLOAD_LIMIT_BYTES {
            return true;
        }
        serialise()
            .map(|v| v.len() > errors::PAYLOAD_LIMIT_BYTES)
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_payload_limit_is_exact_at_the_border() {
        let limit = errors::PAYLOAD_LIMIT_BYTES;
        // A string of n characters serialises to n + 2 bytes.
        assert!(!exceeds_payload_limit(&json!("x".repeat(limit - 2))));
        assert_eq!(
            payload_problem(&json!("x".repeat(limit - 1))),
            Some(PayloadProblem::TooLarge)
        );
        assert!(exceeds_payload_limit(&json!("x".repeat(limit - 1))));
        // Escapes count as they print.
        assert!(exceeds_payload_limit(&json!("\n".repeat(limit / 2))));
        let floats: Vec<Value> = (0..20_000)
            .map(|i| json!(f64::from(i) + 0.123_456_789_012_345))
            .collect();
        assert!(exceeds_payload_limit(&Value::Array(floats)));
        assert!(!exceeds_payload_limit(
            &json!({"a": [1, -22, 333, u64::MAX, i64::MIN]})
        ));
        let ints: Vec<Value> = (0..40_000).map(|i| json!(i * 1000)).collect();
        assert_eq!(
            exceeds_payload_limit(&Value::Array(ints.clone())),
            serde_json::to_vec(&ints).unwrap().len() > errors::PAYLOAD_LIMIT_BYTES
        );
    }

    #[test]
    fn assigned_variables_are_measured_as_the_object_they_make() {
        let limit = errors::PAYLOAD_LIMIT_BYTES;
        let check = |assigned: Vec<(String, Value)>| {
            let object: Map<String, Value> = assigned.iter().cloned().collect();
            assert_eq!(
                assigned_problem(&assigned),
                payload_problem(&Value::Object(object)),
                "{} variables",
                assigned.len()
            );
        };
        // `{"v":"…"}` is the string's length plus 8 bytes: both sides of the border.
        for n in [limit - 9, limit - 8, limit - 7] {
            check(vec![("v".into(), json!("x".repeat(n)))]);
        }
        check(vec![
            ("a".into(), json!("\n".repeat(limit / 4))),
            ("b".into(), json!([1.5, -2, null, true])),
        ]);
        check(vec![("a".into(), json!({"deep": [0]}))]);
        let mut deep = json!(0);
        for _ in 0..errors::PAYLOAD_MAX_DEPTH - 1 {
            deep = json!([deep]);
        }
        check(vec![("fits".into(), deep.clone())]);
        assert_eq!(assigned_problem(&[("fits".into(), deep.clone())]), None);
        check(vec![("too_deep".into(), json!([deep.clone()]))]);
        assert_eq!(
            assigned_problem(&[("too_deep".into(), json!([deep]))]),
            Some(PayloadProblem::TooDeep)
        );
        assert_eq!(
            assigned_problem(&[("v".into(), json!("x".repeat(limit - 7)))]),
            Some(PayloadProblem::TooLarge)
        );
    }

    #[test]
    fn payloads_nested_deeper_than_the_limit_are_refused_without_recursion() {
        let nest = |levels: usize| {
            let mut value = json!(0);
            for _ in 0..levels {
                value = json!({ "a": [value] });
            }
            value
        };
        // Each round adds two levels (an object and an array).
        let at_limit = nest(errors::PAYLOAD_MAX_DEPTH / 2);
        assert_eq!(payload_problem(&at_limit), None);
        let deeper = nest(errors::PAYLOAD_MAX_DEPTH / 2 + 1);
        assert_eq!(payload_problem(&deeper), Some(PayloadProblem::TooDeep));
    }
}
