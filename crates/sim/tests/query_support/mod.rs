//! Helpers shared by the query-language conformance tests: loading the recorded AWS cases and
//! comparing values the way `fixtures/conformance/README.md` says.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// One recorded case.
pub struct Case {
    pub name: String,
    pub definition: Value,
    pub input: Value,
    pub expected: Value,
}

/// The conformance directory inside this crate.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance")
}

/// Every case whose file name satisfies `keep`, sorted by name.
pub fn load_cases(keep: impl Fn(&str) -> bool) -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("conformance fixtures")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "json")
                && path.file_name().and_then(|n| n.to_str()).is_some_and(&keep)
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read case");
            let case: Value = serde_json::from_str(&text).expect("case is JSON");
            let input_text = case["input"].as_str().unwrap_or("{}");
            Case {
                name: case["name"].as_str().unwrap_or_default().to_owned(),
                definition: case["definition"].clone(),
                input: serde_json::from_str(input_text).expect("input is JSON"),
                expected: case["expected"].clone(),
            }
        })
        .collect()
}

/// True when `actual` matches the recorded `expected` value: JSON text compares as the value it
/// holds, numbers by value, placeholder strings match any string of their shape.
pub fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::String(a)) => {
            if e == a || placeholder_matches(e, a) {
                return true;
            }
            match (
                serde_json::from_str::<Value>(e),
                serde_json::from_str::<Value>(a),
            ) {
                (Ok(ev), Ok(av)) if !ev.is_string() || !av.is_string() => matches(&ev, &av),
                _ => false,
            }
        }
        (Value::String(e), other) => {
            // Values the recording normalised away (random numbers, UUIDs).
            if matches!(e.as_str(), "RandomNumberGenerated") && other.is_number() {
                return true;
            }
            serde_json::from_str::<Value>(e).is_ok_and(|ev| !ev.is_string() && matches(&ev, other))
        }
        (other, Value::String(a)) => {
            serde_json::from_str::<Value>(a).is_ok_and(|av| !av.is_string() && matches(other, &av))
        }
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| matches(x, y))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| matches(v, w)))
        }
        _ => expected == actual,
    }
}

fn placeholder_matches(expected: &str, actual: &str) -> bool {
    if matches!(
        expected,
        "timestamp"
            | "date"
            | "datetime"
            | "snf_role_arn"
            | "generated-uuid"
            | "start-time"
            | "entered-time"
    ) {
        return true;
    }
    if !expected.contains('<') {
        return false;
    }
    let mut pattern = String::from("^");
    let mut rest = expected;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        pattern.push_str(&regex::escape(&rest[..start]));
        pattern.push_str("(?s:.*)");
        rest = &rest[start + len + 1..];
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(actual))
}
