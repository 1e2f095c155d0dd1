//! Every definition recorded on AWS (fixtures/conformance) was accepted by AWS, so the static
//! checks of `statecraft_asl::expr` must accept every JSONPath expression in them: path fields,
//! payload templates, Choice rules and intrinsic calls. (No false positives on real workflows.)

mod query_support;

use serde_json::Value;
use statecraft_asl::expr::path::{parse_path, parse_path_field, PathKind};
use statecraft_asl::expr::{intrinsic, template};

use query_support::load_cases;

const PATH_FIELDS: [&str; 10] = [
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "ErrorPath",
];

const TEMPLATE_FIELDS: [&str; 4] = ["Parameters", "ResultSelector", "ItemSelector", "Assign"];

fn check_rule(rule: &Value, at: &str, problems: &mut Vec<String>, checked: &mut usize) {
    for key in ["And", "Or"] {
        if let Some(Value::Array(rules)) = rule.get(key) {
            for (i, inner) in rules.iter().enumerate() {
                check_rule(inner, &format!("{at}/{key}/{i}"), problems, checked);
            }
        }
    }
    if let Some(inner) = rule.get("Not") {
        check_rule(inner, &format!("{at}/Not"), problems, checked);
    }
    let Some(map) = rule.as_object() else { return };
    for (key, value) in map {
        let is_path = key == "Variable" || (key.ends_with("Path") && key != "ResultPath");
        if let (true, Value::String(text)) = (is_path, value) {
            *checked += 1;
            if let Err(e) = parse_path(text, PathKind::Path) {
                problems.push(format!("{at}/{key}: {text}: {e}"));
            }
        }
    }
}

fn check_states(
    states: &Value,
    at: &str,
    jsonata: bool,
    problems: &mut Vec<String>,
    checked: &mut usize,
) {
    let Some(states) = states.as_object() else {
        return;
    };
    for (name, state) in states {
        let at = format!("{at}/States/{name}");
        let jsonata = match state.get("QueryLanguage").and_then(Value::as_str) {
            Some(language) => language == "JSONata",
            None => jsonata,
        };
        for key in ["Iterator", "ItemProcessor"] {
            if let Some(inner) = state.get(key) {
                check_states(
                    &inner["States"],
                    &format!("{at}/{key}"),
                    jsonata,
                    problems,
                    checked,
                );
            }
        }
        if let Some(Value::Array(branches)) = state.get("Branches") {
            for (i, branch) in branches.iter().enumerate() {
                check_states(
                    &branch["States"],
                    &format!("{at}/Branches/{i}"),
                    jsonata,
                    problems,
                    checked,
                );
            }
        }
        if jsonata {
            continue;
        }
        for field in PATH_FIELDS.into_iter().chain(["CausePath"]) {
            let Some(value) = state.get(field) else {
                continue;
            };
            *checked += 1;
            let outcome = match value.as_str() {
                Some(text) if intrinsic::is_call(text) => intrinsic::parse(text).map(|_| ()),
                _ => parse_path_field(field, value).map(|_| ()),
            };
            if let Err(e) = outcome {
                problems.push(format!("{at}/{field}: {value}: {e}"));
            }
        }
        for field in TEMPLATE_FIELDS {
            if let Some(value) = state.get(field) {
                *checked += 1;
                for problem in template::check(value) {
                    problems.push(format!(
                        "{at}/{field}{}: {}",
                        problem.pointer, problem.message
                    ));
                }
            }
        }
        if let Some(Value::Array(choices)) = state.get("Choices") {
            for (i, rule) in choices.iter().enumerate() {
                check_rule(rule, &format!("{at}/Choices/{i}"), problems, checked);
            }
        }
    }
}

#[test]
fn aws_accepted_definitions_pass_static_checks() {
    let cases = load_cases(|_| true);
    let mut problems = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let jsonata =
            case.definition.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
        check_states(
            &case.definition["States"],
            &case.name,
            jsonata,
            &mut problems,
            &mut checked,
        );
    }
    println!(
        "static checks: {checked} expressions in {} definitions, {} problems",
        cases.len(),
        problems.len()
    );
    assert!(checked > 300, "too few expressions checked: {checked}");
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
}
