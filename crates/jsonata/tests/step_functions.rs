//! The Step Functions additions, randomness, guards and errors, through the public API.

// Test helpers outside #[test] functions may unwrap too: a failure is a failed test.
#![allow(clippy::unwrap_used)]

use serde_json::{json, Value};
use statecraft_jsonata::{Bindings, ErrorKind, Expression, JsonataError, Limits, RandomSource};

fn eval_with(source: &str, bindings: &Bindings) -> Result<Option<Value>, JsonataError> {
    Expression::compile(source)
        .unwrap()
        .evaluate_without_input(bindings)
}

fn eval(source: &str) -> Result<Option<Value>, JsonataError> {
    let bindings = Bindings::new(0).with_variable(
        "states",
        json!({"input": {"items": [0, 1, 2, 3], "text": "hello", "json": "{\"a\": [1, 2]}"}}),
    );
    eval_with(source, &bindings)
}

fn value(source: &str) -> Value {
    eval(source).unwrap().unwrap()
}

fn error(source: &str) -> JsonataError {
    eval(source).unwrap_err()
}

// Recorded on AWS: intrinsic_functions_test_array_jsonata__TestArrayJSONata__test_array_partition__*
#[test]
fn partition_matches_recorded_aws_runs() {
    assert_eq!(value("$partition([0, 1, 2, 3], 4)"), json!([[0, 1, 2, 3]]));
    assert_eq!(value("$partition([0, 1], 2)"), json!([[0, 1]]));
    assert_eq!(value("$partition([0, 1], 3)"), json!([[0, 1]]));
    assert_eq!(value("$partition([0, 1], 5)"), json!([[0, 1]]));
    assert_eq!(value("$partition([0, 1, 2], 2)"), json!([[0, 1], [2]]));
    assert_eq!(value("$partition([0, 1, 2], 4)"), json!([[0, 1, 2]]));
    assert_eq!(
        value("$partition($states.input.items, 1)"),
        json!([[0], [1], [2], [3]])
    );
}

#[test]
fn partition_rejects_a_bad_size() {
    for source in [
        "$partition([1, 2], 0)",
        "$partition([1, 2], -2)",
        "$partition([1, 2], 1.5)",
    ] {
        let err = error(source);
        assert_eq!(err.kind(), ErrorKind::Evaluation, "{source}");
        assert_eq!(err.code(), "SF0101", "{source}");
        assert_eq!(err.token(), Some("partition"));
    }
    let err = error("$partition([1, 2], 'two')");
    assert_eq!((err.kind(), err.code()), (ErrorKind::Type, "T0410"));
    assert_eq!(eval("$partition($nothing, 2)").unwrap(), None);
}

// Recorded on AWS: intrinsic_functions_test_array_jsonata__TestArrayJSONata__test_array_range__1
#[test]
fn range_matches_aws() {
    assert_eq!(value("$range(0, 10, 3)"), json!([0, 3, 6, 9]));
    assert_eq!(value("$range(0, 10, 2)"), json!([0, 2, 4, 6, 8, 10]));
    assert_eq!(value("$range(5, 1, -2)"), json!([5, 3, 1]));
}

#[test]
fn range_rejects_bad_arguments() {
    assert_eq!(error("$range(0, 10, 0)").code(), "SF0202");
    assert_eq!(error("$range(0, 10.5, 1)").code(), "SF0201");
    assert_eq!(error("$range(0, 5000, 1)").code(), "SF0203");
    assert_eq!(error("$range(0, 10)").code(), "T0410");
}

#[test]
fn hash_supports_the_aws_algorithms() {
    assert_eq!(
        value("$hash($states.input.text, 'SHA-256')"),
        json!("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    );
    assert_eq!(
        value("$hash('hello', 'MD5')"),
        json!("5d41402abc4b2a76b9719d911017c592")
    );
    assert_eq!(
        value("$hash('hello', 'SHA-1')"),
        json!("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
    );
    assert_eq!(value("$length($hash('hello', 'SHA-384'))"), json!(96));
    assert_eq!(value("$length($hash('hello', 'SHA-512'))"), json!(128));
}

#[test]
fn hash_rejects_an_unknown_algorithm() {
    let err = error("$hash('hello', 'SHA-3')");
    assert_eq!((err.kind(), err.code()), (ErrorKind::Evaluation, "SF0301"));
    assert!(err.message().contains("SHA-3"), "{err}");
    assert_eq!(error("$hash(42, 'MD5')").code(), "T0410");
}

// Recorded on AWS: intrinsic_functions_test_json_manipulation_jsonata__TestJsonManipulationJSONata__test_parse__*
#[test]
fn parse_matches_recorded_aws_runs() {
    assert_eq!(value("$parse('1.1')"), json!(1.1));
    assert_eq!(value("$parse('true')"), json!(true));
    assert_eq!(value("$parse('\"HelloWorld\"')"), json!("HelloWorld"));
    assert_eq!(
        value("$parse('[1, 2, \"HelloWorld\"]')"),
        json!([1, 2, "HelloWorld"])
    );
    assert_eq!(value("$parse($states.input.json).a[1]"), json!(2));
}

#[test]
fn parse_rejects_invalid_json() {
    let err = error("$parse('{not json')");
    assert_eq!((err.kind(), err.code()), (ErrorKind::Evaluation, "SF0601"));
}

// Recorded on AWS: intrinsic_functions_test_math_operations_jsonata__TestMathOperationsJSONata__test_math_random_seeded__0
#[test]
fn an_unknown_function_fails_as_on_aws() {
    let err = error("$randomSeeded(1)");
    assert_eq!(err.to_string(), "T1006: Attempted to invoke a non-function");
}

#[test]
fn eval_is_not_available_as_on_aws() {
    let err = error("$eval('1 + 1')");
    assert_eq!(err.to_string(), "T1006: Attempted to invoke a non-function");
}

#[test]
fn random_and_uuid_replay_from_the_seed() {
    let source = "[$random(), $random(), $uuid(), $uuid(), $shuffle([1, 2, 3, 4, 5, 6, 7, 8])]";
    let run = |seed: u64| eval_with(source, &Bindings::new(seed)).unwrap().unwrap();
    let first = run(42);
    assert_eq!(first, run(42), "same seed, same values");
    assert_ne!(first, run(43), "another seed, other values");
    assert_ne!(first[0], first[1], "successive draws differ");
    assert_ne!(first[2], first[3], "successive UUIDs differ");
    for number in [&first[0], &first[1]] {
        let number = number.as_f64().unwrap();
        assert!((0.0..1.0).contains(&number));
    }
}

#[test]
fn uuid_is_a_version_4_uuid() {
    let uuid = value("$uuid()");
    let uuid = uuid.as_str().unwrap();
    let groups: Vec<&str> = uuid.split('-').collect();
    assert_eq!(
        groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12]
    );
    assert!(groups[2].starts_with('4'), "{uuid}");
    assert!("89ab".contains(&groups[3][..1]), "{uuid}");
    assert!(uuid
        .chars()
        .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
}

#[test]
fn seeded_random_depends_only_on_its_seed() {
    let a = eval_with("$random(7)", &Bindings::new(1)).unwrap();
    let b = eval_with("$random(7)", &Bindings::new(2)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, eval_with("$random(8)", &Bindings::new(1)).unwrap());
}

#[test]
fn one_random_source_serves_a_whole_run() {
    // Two states of one run, each with its own bindings, draw from one stream...
    let shared = RandomSource::new(9);
    let state_a = Bindings::with_random_source(shared.clone());
    let state_b = Bindings::with_random_source(shared.clone()).with_variable("x", json!(1));
    let run = [
        eval_with("$uuid()", &state_a).unwrap(),
        eval_with("$uuid()", &state_b).unwrap(),
    ];
    // ...and the same run replayed from the same seed gives the same values.
    let replay_source = RandomSource::new(9);
    let replay = [
        eval_with(
            "$uuid()",
            &Bindings::with_random_source(replay_source.clone()),
        )
        .unwrap(),
        eval_with("$uuid()", &Bindings::with_random_source(replay_source)).unwrap(),
    ];
    assert_eq!(run, replay);
    assert_ne!(run[0], run[1]);
}

#[test]
fn the_clock_comes_from_the_bindings() {
    let bindings = Bindings::new(0).with_now_millis(1_700_000_000_000);
    assert_eq!(
        eval_with("$millis()", &bindings).unwrap(),
        Some(json!(1_700_000_000_000_i64))
    );
    assert_eq!(
        eval_with("$now()", &bindings).unwrap(),
        Some(json!("2023-11-14T22:13:20.000Z"))
    );
}

#[test]
fn variables_and_input_are_visible() {
    let bindings = Bindings::new(0)
        .with_variable("$states", json!({"input": {"n": 2}}))
        .with_variable("factor", json!(10));
    let expression = Expression::compile("$states.input.n * $factor + value").unwrap();
    assert_eq!(
        expression
            .evaluate(&json!({"value": 1}), &bindings)
            .unwrap(),
        Some(json!(21))
    );
}

#[test]
fn undefined_is_none() {
    assert_eq!(eval("$states.input.missing").unwrap(), None);
    assert_eq!(eval("$states.input.items[10]").unwrap(), None);
    assert_eq!(value("null"), Value::Null);
}

#[test]
fn syntax_errors_carry_code_and_character_position() {
    let err = Expression::compile("$states.input.").unwrap_err();
    assert_eq!((err.kind(), err.code()), (ErrorKind::Syntax, "S0207"));
    assert_eq!(err.position(), Some(14));
    // Positions count characters, not bytes: 'é' is one character and two bytes.
    let err = Expression::compile("'é' + )").unwrap_err();
    assert_eq!(
        (err.code(), err.position(), err.token()),
        ("S0211", Some(6), Some(")"))
    );
    assert!(err.message().contains("unary operator"), "{err}");
}

#[test]
fn evaluation_errors_are_distinguishable() {
    let err = error("'a' + 1");
    assert_eq!(
        (err.kind(), err.code(), err.token()),
        (ErrorKind::Type, "T2001", Some("+"))
    );
    assert_eq!(err.to_string(), format!("T2001: {}", err.message()));
    let err = error("$error('custom failure')");
    assert_eq!(
        (err.kind(), err.code(), err.message()),
        (ErrorKind::Evaluation, "D3137", "custom failure")
    );
}

#[test]
fn runaway_recursion_fails_instead_of_overflowing_the_stack() {
    let err = error("($f := function($n) { 1 + $f($n + 1) }; $f(0))");
    assert_eq!((err.kind(), err.code()), (ErrorKind::Limit, "D1011"));
    // Deep but finite recursion still works.
    assert_eq!(
        value("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(2000))"),
        json!(2000)
    );
}

#[test]
fn endless_loops_are_stopped_by_the_step_budget() {
    let limits = Limits {
        max_steps: 100_000,
        ..Limits::default()
    };
    let bindings = Bindings::new(0).with_limits(limits);
    let err = eval_with("($f := function($n) { $f($n + 1) }; $f(0))", &bindings).unwrap_err();
    assert_eq!((err.kind(), err.code()), (ErrorKind::Limit, "U1006"));
    let err = eval_with("$count([1..100000000])", &bindings).unwrap_err();
    assert_eq!(err.code(), "D2014");
}

#[test]
fn expressions_are_send_sync_and_reusable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Expression>();
    let expression = Expression::compile("$ * 2").unwrap();
    let bindings = Bindings::new(0);
    for n in 0..3 {
        assert_eq!(
            expression.evaluate(&json!(n), &bindings).unwrap(),
            Some(json!(n * 2))
        );
    }
    assert_eq!(expression.source(), "$ * 2");
}
