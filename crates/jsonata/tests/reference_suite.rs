//! Runs the JSONata reference test suite (jsonata-js `test/test-suite`, copied into
//! `tests/fixtures/jsonata-test-suite`) through statecraft-jsonata, and fails if fewer cases pass
//! than were measured when the engine was chosen (docs/jsonata-engine.md), so that an engine
//! upgrade or a wrapper change cannot lower conformance unnoticed.

// Test helpers outside #[test] functions may unwrap too: a failure is a failed test.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value};
use statecraft_jsonata::{Bindings, Expression, Limits};

/// Cases that pass through the wrapper, measured on jlens-core 0.26.0: 1,671 of 1,686. The
/// engine alone passes 1,683; the wrapper removes `$eval` as AWS does, which fails the 12 `$eval`
/// cases. The other 3: 2 cases hold a lone UTF-16 surrogate that no Rust string can carry, and
/// `$string(1/0)` reports D1001 where jsonata-js reports D3001.
const MINIMUM_PASSING: usize = 1671;

struct Case {
    id: String,
    expr: String,
    input: Option<Value>,
    bindings: Map<String, Value>,
    expect: Expect,
    unordered: bool,
    timelimit_ms: Option<u64>,
    depth: Option<usize>,
}

enum Expect {
    Result(Value),
    Undefined,
    Code(String),
}

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jsonata-test-suite")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    // Two cases hold a lone surrogate (\uD800), which no Rust string can: keep it as a JSONata
    // escape inside the expression instead (those two cases then fail, as counted above).
    serde_json::from_str(&text)
        .or_else(|_| serde_json::from_str(&text.replace("\\uD800", "\\\\uD800")))
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn load_cases() -> Vec<Case> {
    let dir = suite_dir();
    let datasets: BTreeMap<String, Value> = sorted_entries(&dir.join("datasets"))
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, read_json(&path))
        })
        .collect();
    let mut cases = Vec::new();
    for group in sorted_entries(&dir.join("groups")) {
        let group_name = group.file_name().unwrap().to_string_lossy().into_owned();
        for file in sorted_entries(&group) {
            if file.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let list = match read_json(&file) {
                Value::Array(list) => list,
                single => vec![single],
            };
            let several = list.len() > 1;
            for (index, case) in list.into_iter().enumerate() {
                let case = case.as_object().unwrap().clone();
                let expr = match case.get("expr") {
                    Some(Value::String(expr)) => expr.clone(),
                    _ => std::fs::read_to_string(group.join(case["expr-file"].as_str().unwrap()))
                        .unwrap(),
                };
                // As jsonata-js's runner: `data` first, then `dataset` (null = undefined input).
                let input = match (case.get("data"), case.get("dataset")) {
                    (Some(data), _) => Some(data.clone()),
                    (None, Some(Value::String(name))) => Some(datasets[name].clone()),
                    _ => None,
                };
                let expect = if let Some(result) = case.get("result") {
                    Expect::Result(result.clone())
                } else if let Some(code) = case.get("code") {
                    Expect::Code(code.as_str().unwrap().to_owned())
                } else if let Some(error) = case.get("error") {
                    Expect::Code(error["code"].as_str().unwrap().to_owned())
                } else {
                    Expect::Undefined
                };
                cases.push(Case {
                    id: if several {
                        format!("{group_name}/{stem}[{index}]")
                    } else {
                        format!("{group_name}/{stem}")
                    },
                    expr,
                    input,
                    bindings: case
                        .get("bindings")
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default(),
                    expect,
                    unordered: case
                        .get("unordered")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    timelimit_ms: case.get("timelimit").and_then(Value::as_u64),
                    depth: case
                        .get("depth")
                        .and_then(Value::as_u64)
                        .map(|d| d as usize),
                });
            }
        }
    }
    cases
}

/// Deep equality as the suite's runner (chai's deep equal) sees it: numbers by value, object
/// keys in any order.
fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        _ => a == b,
    }
}

fn unordered_equal(a: &Value, b: &Value) -> bool {
    let (Value::Array(x), Value::Array(y)) = (a, b) else {
        return deep_equal(a, b);
    };
    let mut used = vec![false; y.len()];
    x.len() == y.len()
        && x.iter().all(|item| {
            let found = (0..y.len()).find(|&i| !used[i] && deep_equal(item, &y[i]));
            found.map(|i| used[i] = true).is_some()
        })
}

/// Runs one case; `Err` says why it failed.
fn run(case: &Case) -> Result<(), String> {
    let expression = match Expression::compile(&case.expr) {
        Ok(expression) => expression,
        Err(err) => {
            return match &case.expect {
                Expect::Code(code) if code == err.code() => Ok(()),
                _ => Err(format!("compile error {err}")),
            }
        }
    };
    let mut limits = Limits::default();
    if let Some(ms) = case.timelimit_ms {
        limits.timeout = Some(Duration::from_millis(ms));
    }
    if let Some(depth) = case.depth {
        limits.max_depth = depth;
    }
    let mut bindings = Bindings::new(0).with_limits(limits);
    for (name, value) in &case.bindings {
        bindings.set_variable(name, value.clone());
    }
    let outcome = match &case.input {
        Some(input) => expression.evaluate(input, &bindings),
        None => expression.evaluate_without_input(&bindings),
    };
    match (&case.expect, outcome) {
        (Expect::Result(expected), Ok(Some(actual))) => {
            let equal = if case.unordered {
                unordered_equal(expected, &actual)
            } else {
                deep_equal(expected, &actual)
            };
            if equal {
                Ok(())
            } else {
                Err(format!("got {actual}"))
            }
        }
        (Expect::Undefined, Ok(None)) => Ok(()),
        (Expect::Code(code), Err(err)) => {
            // jsonata-js's runner reports its own depth and time guards as U1001.
            let guard = (case.depth.is_some() || case.timelimit_ms.is_some())
                && code == "U1001"
                && ["D1011", "D1012", "U1001", "U1006"].contains(&err.code());
            if code == err.code() || guard {
                Ok(())
            } else {
                Err(format!("expected {code}, got {err}"))
            }
        }
        (_, Ok(value)) => Err(format!("got {value:?}")),
        (_, Err(err)) => Err(format!("error {err}")),
    }
}

#[test]
fn reference_suite_pass_count_does_not_regress() {
    let cases = load_cases();
    assert_eq!(cases.len(), 1686, "the suite fixture changed");
    let failures: Vec<(String, String)> = cases
        .iter()
        .filter_map(|case| run(case).err().map(|why| (case.id.clone(), why)))
        .collect();
    let passed = cases.len() - failures.len();
    for (id, why) in &failures {
        println!("failed {id}: {}", why.chars().take(160).collect::<String>());
    }
    println!(
        "JSONata reference suite: {passed} passed, {} failed of {} (minimum {MINIMUM_PASSING})",
        failures.len(),
        cases.len()
    );
    assert!(
        passed >= MINIMUM_PASSING,
        "only {passed} reference cases passed, fewer than the {MINIMUM_PASSING} measured"
    );
}
