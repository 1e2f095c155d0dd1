//! Recorded AWS cases (fixtures/conformance) whose workflow is a chain of JSONPath Pass states:
//! intrinsic functions, payload templates, paths into the context object and variables,
//! ResultPath/OutputPath, `null` paths. They are run here through `payload` and `intrinsics`
//! alone, a Pass state at a time, and their output must be what AWS recorded.

mod query_support;

use serde_json::{json, Map, Value};
use statecraft_sim::intrinsics::SplitMix64;
use statecraft_sim::payload::{
    apply_input_path, apply_output_path, apply_result_path, apply_template,
};
use statecraft_sim::{Env, EvalError};

use query_support::{load_cases, matches, Case};

/// A path field: absent → `$`, `null` → `None`.
fn path_field(state: &Value, field: &str) -> Option<String> {
    match state.get(field) {
        None => Some("$".to_owned()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => None,
    }
}

fn context_object(input: &Value, state_name: &str) -> Value {
    json!({
        "Execution": {
            "Id": "arn:aws:states:us-east-1:111111111111:execution:MyMachine:exec-1",
            "Input": input,
            "Name": "exec-1",
            "RoleArn": "arn:aws:iam::111111111111:role/StepFunctionsRole",
            "StartTime": "2024-01-01T00:00:00.000Z",
            "RedriveCount": 0,
        },
        "StateMachine": {
            "Id": "arn:aws:states:us-east-1:111111111111:stateMachine:MyMachine",
            "Name": "MyMachine",
        },
        // A Pass state's context has only these two (recorded in
        // base_test_base__TestSnfBase__test_query_context_object_values).
        "State": {
            "EnteredTime": "2024-01-01T00:00:00.000Z",
            "Name": state_name,
        },
    })
}

/// True when every state is a JSONPath Pass state (so this test can run the whole workflow).
fn is_jsonpath_pass_chain(definition: &Value) -> bool {
    if definition.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata") {
        return false;
    }
    definition["States"].as_object().is_some_and(|states| {
        states.values().all(|state| {
            state["Type"] == "Pass"
                && state.get("QueryLanguage").and_then(Value::as_str) != Some("JSONata")
        })
    })
}

/// Runs a chain of JSONPath Pass states the way AWS processes each one's input and output. An
/// error's cause gets the prefix the engine adds (state name, id of its entered event).
fn run(case: &Case) -> Result<Value, EvalError> {
    let mut entered_event_id = 2;
    let mut state_name = String::new();
    run_states(case, &mut state_name, &mut entered_event_id).map_err(|mut error| {
        error.cause = format!(
            "An error occurred while executing the state '{state_name}' (entered at the event id #{entered_event_id}). {}",
            error.cause
        );
        error
    })
}

fn run_states(
    case: &Case,
    name: &mut String,
    entered_event_id: &mut u32,
) -> Result<Value, EvalError> {
    let definition = &case.definition;
    let states = &definition["States"];
    *name = definition["StartAt"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut data = case.input.clone();
    let mut variables: Map<String, Value> = Map::new();
    let mut rng = SplitMix64::new(42);
    loop {
        let state = &states[name.as_str()];
        let context = context_object(&case.input, name);
        let effective = {
            let env = Env::new(&data, &context, &variables);
            apply_input_path(path_field(state, "InputPath").as_deref(), &env)?
        };
        let env = Env::new(&effective, &context, &variables);
        let result = match (state.get("Parameters"), state.get("Result")) {
            (Some(template), _) => apply_template(template, &env, &mut rng)?,
            (None, Some(result)) => result.clone(),
            (None, None) => effective.clone(),
        };
        if let Some(assign) = state.get("Assign") {
            let env = Env::new(&result, &context, &variables);
            let assigned = apply_template(assign, &env, &mut rng)?;
            if let Value::Object(assigned) = assigned {
                variables.extend(assigned);
            }
        }
        let merged = apply_result_path(&data, result, path_field(state, "ResultPath").as_deref())?;
        let env = Env::new(&merged, &context, &variables);
        data = apply_output_path(path_field(state, "OutputPath").as_deref(), &env)?;
        if state["End"] == true {
            return Ok(data);
        }
        *name = state["Next"].as_str().unwrap_or_default().to_owned();
        *entered_event_id += 2;
    }
}

#[test]
fn jsonpath_pass_chains_match_aws() {
    let cases: Vec<Case> = load_cases(|name| !name.starts_with("choice_"))
        .into_iter()
        .filter(|case| is_jsonpath_pass_chain(&case.definition))
        .collect();
    let mut failures = Vec::new();
    let mut intrinsic_cases = 0;
    for case in &cases {
        if case.name.contains("intrinsic") {
            intrinsic_cases += 1;
        }
        let outcome = run(case);
        let ok = match (&outcome, case.expected["status"].as_str()) {
            (Ok(output), Some("SUCCEEDED")) => matches(&case.expected["output"], output),
            (Err(error), Some("FAILED")) => {
                case.expected["error"] == error.name.as_str()
                    && matches(&case.expected["cause"], &Value::String(error.cause.clone()))
            }
            _ => false,
        };
        if !ok {
            let expected = json!({
                "status": case.expected["status"],
                "output": case.expected["output"],
                "error": case.expected["error"],
                "cause": case.expected["cause"],
            });
            failures.push(format!(
                "{}: expected {expected}, got {outcome:?}",
                case.name
            ));
        }
    }
    let passed = cases.len() - failures.len();
    println!(
        "jsonpath pass-chain conformance: {passed}/{} passed ({intrinsic_cases} intrinsic cases)",
        cases.len()
    );
    assert!(
        cases.len() >= 40,
        "expected the intrinsic cases, found {}",
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}
