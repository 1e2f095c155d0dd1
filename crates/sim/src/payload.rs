//! Input and output processing of JSONPath states, as AWS Step Functions does it:
//! `InputPath` → `Parameters`/`ItemSelector` → (the state's work) → `ResultSelector` →
//! `ResultPath` → `OutputPath`.
//!
//! The functions take path fields as `Option<&str>`, where `None` stands for an explicit JSON
//! `null` in the definition. When a field is absent the engine passes its default: `Some("$")` for
//! `InputPath`, `OutputPath` and `ResultPath`, and skips templates that are absent.

use serde_json::{Map, Value};
use statecraft_asl::expr::intrinsic;
use statecraft_asl::expr::path::{parse_path, PathKind, Root, Segment, Selector};

use crate::intrinsics::{self, RandomSource};
use crate::jsonpath::{self, invalid_path, Env, ErrorName, EvalError};

/// Applies `InputPath` (or `OutputPath`, which works the same on the state's output): `None`
/// (JSON `null`) gives `{}`, a path gives what it selects from `env.input`. A path that finds
/// nothing fails with `States.Runtime` and AWS's cause
/// (`Invalid path '$.x' : No results for path: $['x']`).
pub fn apply_path(path: Option<&str>, env: &Env<'_>) -> Result<Value, EvalError> {
    match path {
        None => Ok(Value::Object(Map::new())),
        Some(text) => jsonpath::select_str(text, env),
    }
}

/// `InputPath`: see [`apply_path`].
pub fn apply_input_path(path: Option<&str>, env: &Env<'_>) -> Result<Value, EvalError> {
    apply_path(path, env)
}

/// `OutputPath`: see [`apply_path`]; `env.input` is the state's output after `ResultPath`.
pub fn apply_output_path(path: Option<&str>, env: &Env<'_>) -> Result<Value, EvalError> {
    apply_path(path, env)
}

/// Evaluates one computed value: the string held by a key ending in `.$` (or by `ErrorPath`,
/// `CausePath`, ...), a path or an intrinsic call. `field` names the key for the error message;
/// a path that finds nothing gives AWS's
/// `The JSONPath '$.x' specified for the field 'key.$' could not be found in the input '{...}'`.
pub fn evaluate_field(
    field: &str,
    text: &str,
    env: &Env<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Value, EvalError> {
    if intrinsic::is_call(text) {
        return intrinsics::evaluate_str(text, env, rng);
    }
    let path = parse_path(text, PathKind::Path).map_err(|e| {
        EvalError::runtime(format!(
            "The JSONPath '{text}' specified for the field '{field}' is invalid: {}",
            e.message
        ))
    })?;
    jsonpath::select(&path, env).map_err(|_| {
        let document = match &path.root {
            Root::Input => Some(env.input),
            Root::Context => Some(env.context),
            Root::Variable(name) => env.variables.get_var(name),
        };
        let shown = document.map_or_else(|| "null".to_owned(), jsonpath::to_compact);
        EvalError::runtime(format!(
            "The JSONPath '{text}' specified for the field '{field}' could not be found in the input '{shown}'"
        ))
    })
}

/// Builds a payload template (`Parameters`, `ItemSelector`, `ResultSelector`, or the JSONPath
/// form of `Assign`): keys ending in `.$` are replaced by the key without `.$` and the value of
/// their path or intrinsic call; other values are copied, objects inside objects and arrays
/// processed the same way. Key order is kept.
pub fn apply_template(
    template: &Value,
    env: &Env<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Value, EvalError> {
    match template {
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, value) in map {
                match (key.strip_suffix(".$"), value) {
                    (Some(plain), Value::String(text)) => {
                        out.insert(plain.to_owned(), evaluate_field(key, text, env, rng)?);
                    }
                    (Some(_), other) => {
                        return Err(EvalError::runtime(format!(
                            "The value of the field '{key}' must be a JSONPath or an intrinsic function, but was {}",
                            jsonpath::to_compact(other)
                        )))
                    }
                    (None, other) => {
                        out.insert(key.clone(), apply_template(other, env, rng)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .iter()
            .map(|item| apply_template(item, env, rng))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Applies `ResultPath`: `None` (JSON `null`) discards the result and keeps the input; `"$"`
/// replaces the input with the result; any other reference path puts the result there, in a copy
/// of the input, creating missing intermediate objects. Fails with
/// `States.ResultPathMatchFailure` when the path runs into something that is not an object (or
/// an array index that does not exist).
pub fn apply_result_path(
    input: &Value,
    result: Value,
    path: Option<&str>,
) -> Result<Value, EvalError> {
    let Some(text) = path else {
        return Ok(input.clone());
    };
    let parsed = parse_path(text, PathKind::Result)
        .map_err(|e| EvalError::runtime(format!("Invalid ResultPath '{text}': {}", e.message)))?;
    let mismatch = || EvalError {
        name: ErrorName::ResultPathMatchFailure,
        cause: format!(
            "Unable to apply ResultPath '{text}' to input '{}'",
            jsonpath::to_compact(input)
        ),
    };
    let Some((last, init)) = parsed.segments.split_last() else {
        return Ok(result);
    };
    let mut output = input.clone();
    let mut current = &mut output;
    for segment in init {
        current = match (segment, current) {
            (Segment::Child(Selector::Name(name)), Value::Object(map)) => map
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            (Segment::Child(Selector::Index(index)), Value::Array(items)) => {
                let k = resolve_index(*index, items.len()).ok_or_else(mismatch)?;
                &mut items[k]
            }
            _ => return Err(mismatch()),
        };
    }
    match (last, current) {
        (Segment::Child(Selector::Name(name)), Value::Object(map)) => {
            map.insert(name.clone(), result);
        }
        (Segment::Child(Selector::Index(index)), Value::Array(items)) => {
            let k = resolve_index(*index, items.len()).ok_or_else(mismatch)?;
            items[k] = result;
        }
        _ => return Err(mismatch()),
    }
    Ok(output)
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

/// Reads a reference-path field that must find a value (`ItemsPath`, `SecondsPath`,
/// `TimestampPath`, `MaxConcurrencyPath`, ...), failing like AWS with
/// `Invalid path '$.x' : No results for path: $['x']`.
pub fn select_reference(text: &str, env: &Env<'_>) -> Result<Value, EvalError> {
    let path = parse_path(text, PathKind::Reference)
        .map_err(|e| EvalError::runtime(format!("Invalid path '{text}' : {}", e.message)))?;
    jsonpath::select(&path, env).map_err(|e| invalid_path(text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intrinsics::SplitMix64;
    use crate::jsonpath::NoVariables;
    use serde_json::json;

    fn env<'a>(input: &'a Value, context: &'a Value, vars: &'a Map<String, Value>) -> Env<'a> {
        Env::new(input, context, vars)
    }

    #[test]
    fn input_and_output_paths() {
        let input = json!({"a": {"b": 1}});
        let e = Env::new(&input, &Value::Null, &NoVariables);
        assert_eq!(apply_input_path(None, &e).unwrap(), json!({}));
        assert_eq!(apply_input_path(Some("$"), &e).unwrap(), input);
        assert_eq!(apply_output_path(Some("$.a.b"), &e).unwrap(), json!(1));
        let err = apply_output_path(Some("$.NoSuchOutputPath"), &e).unwrap_err();
        assert_eq!(err.name, ErrorName::Runtime);
        assert_eq!(
            err.cause,
            "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']"
        );
    }

    #[test]
    fn templates() {
        let input = json!({"x": 1, "list": [{"v": "a"}, {"v": "b"}]});
        let context = json!({"Map": {"Item": {"Value": "item"}}});
        let mut vars = Map::new();
        vars.insert("answer".into(), json!(42));
        let e = env(&input, &context, &vars);
        let template = json!({
            "plain": "$.x",
            "x.$": "$.x",
            "nested": {"vs.$": "$.list[*].v", "deeper": [{"item.$": "$$.Map.Item.Value"}, 3]},
            "var.$": "$answer",
            "fmt.$": "States.Format('{}-{}', $.x, $answer)",
        });
        let out = apply_template(&template, &e, &mut SplitMix64::new(1)).unwrap();
        assert_eq!(
            out,
            json!({
                "plain": "$.x",
                "x": 1,
                "nested": {"vs": ["a", "b"], "deeper": [{"item": "item"}, 3]},
                "var": 42,
                "fmt": "1-42",
            })
        );
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["plain", "x", "nested", "var", "fmt"]);
    }

    #[test]
    fn template_missing_path_cause() {
        // Same wording as the recorded CausePath case
        // (scenarios ... test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_CAUSEPATH]).
        let input = json!({"Error": "error-value"});
        let e = Env::new(&input, &Value::Null, &NoVariables);
        let err = evaluate_field(
            "CausePath",
            "$.NoSuchCausePath",
            &e,
            &mut SplitMix64::new(1),
        )
        .unwrap_err();
        assert_eq!(err.name, ErrorName::Runtime);
        assert_eq!(
            err.cause,
            r#"The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{"Error":"error-value"}'"#
        );
        let err = apply_template(&json!({"a.$": "$.zz"}), &e, &mut SplitMix64::new(1)).unwrap_err();
        assert!(err.cause.contains("the field 'a.$'"));
        assert!(apply_template(&json!({"a.$": 1}), &e, &mut SplitMix64::new(1)).is_err());
    }

    #[test]
    fn result_path() {
        let input = json!({"a": {"b": 1}, "s": "str", "l": [1, 2]});
        let r = json!("R");
        assert_eq!(apply_result_path(&input, r.clone(), None).unwrap(), input);
        assert_eq!(apply_result_path(&input, r.clone(), Some("$")).unwrap(), r);
        assert_eq!(
            apply_result_path(&input, r.clone(), Some("$.a.c")).unwrap(),
            json!({"a": {"b": 1, "c": "R"}, "s": "str", "l": [1, 2]})
        );
        assert_eq!(
            apply_result_path(&input, r.clone(), Some("$.new.deep.er")).unwrap()["new"],
            json!({"deep": {"er": "R"}})
        );
        assert_eq!(
            apply_result_path(&input, r.clone(), Some("$.l[1]")).unwrap()["l"],
            json!([1, "R"])
        );
        assert_eq!(
            apply_result_path(&input, r.clone(), Some("$.a.b")).unwrap()["a"],
            json!({"b": "R"})
        );
        let err = apply_result_path(&input, r.clone(), Some("$.s.x")).unwrap_err();
        assert_eq!(err.name, ErrorName::ResultPathMatchFailure);
        assert!(apply_result_path(&input, r.clone(), Some("$.l[5]")).is_err());
        assert!(apply_result_path(&json!("text"), r.clone(), Some("$.x")).is_err());
        assert!(apply_result_path(&input, r, Some("$.l[*]")).is_err());
    }

    #[test]
    fn reference_fields() {
        let input = json!({"MaxConcurrencyValue": 0});
        let e = Env::new(&input, &Value::Null, &NoVariables);
        assert_eq!(
            select_reference("$.MaxConcurrencyValue", &e).unwrap(),
            json!(0)
        );
        assert!(select_reference("$.x", &e).is_err());
    }
}
