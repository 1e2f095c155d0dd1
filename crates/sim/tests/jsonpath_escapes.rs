//! JSONPath bracket notation with escaped quotes and backslashes in member names.
//!
//! AWS evaluates JSONPath with Jayway JsonPath (its error wording, "No results for path",
//! "Missing property in path", is Jayway's). Jayway reads a bracketed name up to the closing quote
//! that is not escaped, then unescapes it (`PathCompiler.readBracketPropertyToken`,
//! `Utils.unescape`): `\\`, `\'`, `\"`, `\n`, `\t`, `\r`, `\b`, `\f` and `\uXXXX` stand for their
//! character, any other escaped character for itself; a quote of the other kind needs no escape.
//!
//! The definition and input of the first case are localstack's
//! `test_escape_sequence_parsing[ESCAPE_SEQUENCES_JSONPATH]` (`escape_sequences_jsonpath.json5`,
//! the input shared with the recorded JSONata variants in the public conformance set). Its AWS
//! recording was not available to us (localstack's PR #12222 only says AWS handles escapes in
//! JSONPath differently from string literals), so Jayway's reading is followed:
//! `$['Test\""Name"']` names `Test""Name"`, not the input's `Test\""Name"`.

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

fn run(path: &str, input: Value) -> Execution {
    let definition = json!({"StartAt": "S", "States": {"S": {"Type": "Pass",
        "Parameters": {"value.$": path}, "End": true}}});
    let mut execution =
        Execution::from_value(&definition, input, ExecutionOptions::default()).expect("runnable");
    execution.run();
    execution
}

fn value_at(path: &str, input: &Value) -> Value {
    let execution = run(path, input.clone());
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{path}: {:?}",
        execution.cause()
    );
    execution.output().expect("output")["value"].clone()
}

#[test]
fn localstack_escape_case_unescapes_the_name() {
    let input = json!({"Test\\\"\"Name\"": "Value\"\\"});
    // The escaped backslash names the input's key.
    assert_eq!(
        value_at(r#"$['Test\\\""Name"']"#, &input),
        json!("Value\"\\")
    );
    // Unescaped, `\"` is a quote: that key is not in the input.
    let missing = run(r#"$['Test\""Name"']"#, input);
    assert_eq!(missing.error(), Some("States.Runtime"));
    assert!(missing.cause().is_some_and(|c| c.contains(
        r#"The JSONPath '$['Test\""Name"']' specified for the field 'value.$' could not be found"#
    )));
}

#[test]
fn escapes_in_bracketed_names() {
    let input = json!({
        "a\\b": 1, "it's": 2, "say \"hi\"": 3, "x.y": 4, "tab\there": 5, "A": 6, "🆗": 7,
        "bell\u{8}": 8, "q'\"": 9
    });
    let cases = [
        (r"$['a\\b']", 1),
        (r"$['it\'s']", 2),
        (r#"$["it's"]"#, 2),
        (r#"$["say \"hi\""]"#, 3),
        (r#"$['say "hi"']"#, 3),
        (r"$['x.y']", 4),
        (r"$['tab\there']", 5),
        (r"$['\u0041']", 6),
        (r"$['\uD83C\uDD97']", 7),
        (r"$['bell\b']", 8),
        (r#"$['q\'"']"#, 9),
    ];
    for (path, expected) in cases {
        assert_eq!(value_at(path, &input), json!(expected), "{path}");
    }
}
