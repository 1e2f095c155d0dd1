//! Every `choice_*` case recorded on AWS (fixtures/conformance): the Choice state's first rule is
//! evaluated against the case's input, and the state it leads to must be the one AWS took.

mod query_support;

use serde_json::{Map, Value};
use statecraft_sim::choice::first_match;
use statecraft_sim::Env;

use query_support::{load_cases, matches};

/// Runs one case: evaluates the Choice state named by `StartAt` and returns the `Result` of the
/// Pass state it leads to (what the execution outputs).
fn run_case(definition: &Value, input: &Value) -> Result<Value, String> {
    let states = definition["States"].as_object().ok_or("no States")?;
    let start = definition["StartAt"].as_str().ok_or("no StartAt")?;
    let choice = &states[start];
    let choices = choice["Choices"].as_array().ok_or("no Choices")?;
    let variables = Map::new();
    let context = Value::Null;
    let env = Env::new(input, &context, &variables);
    let next = match first_match(choices, &env).map_err(|e| e.to_string())? {
        Some(index) => choices[index]["Next"].as_str(),
        None => choice["Default"].as_str(),
    }
    .ok_or("no Next/Default")?;
    Ok(states[next]["Result"].clone())
}

#[test]
fn choice_operators_match_aws() {
    let cases = load_cases(|name| name.starts_with("choice_"));
    assert!(!cases.is_empty(), "no choice_* fixtures found");
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = run_case(&case.definition, &case.input);
        let ok = match (&outcome, case.expected["status"].as_str()) {
            (Ok(output), Some("SUCCEEDED")) => matches(&case.expected["output"], output),
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {outcome:?}", case.name));
        }
    }
    let passed = cases.len() - failures.len();
    println!("choice conformance: {passed}/{} passed", cases.len());
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}
