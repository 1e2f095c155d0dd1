//! Saving a run as a test: what the run was given (input, test case, answers) and what came of
//! it (status, error, the states entered) become a new test, added to the test file beside the
//! definition by a format-preserving edit (the file is created when missing), for the user to
//! trim.

use std::path::Path;

use serde_json::{json, Map, Value};
use statecraft_asl::edit::Edit;
use statecraft_asl::{Document, Format};

use super::spec::AnswerSpec;

/// Up to this many states entered, a saved test expects them all, in order; past it, each
/// state once, in the order first entered (`passesThrough`).
const EXACT_STATES_MAX: usize = 40;

/// What a run was given and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFacts {
    /// The test's name (made unique in the file when saved).
    pub name: String,
    /// The execution input.
    pub input: Value,
    /// The mock configuration's test case it ran with.
    pub test_case: Option<String>,
    /// The answers given to waiting tasks, in order, by state name.
    pub answers: Vec<(String, AnswerSpec)>,
    /// `SUCCEEDED`, `FAILED`, ...
    pub status: String,
    /// The run's error, when it failed.
    pub error: Option<String>,
    /// The states entered, in order.
    pub entered: Vec<String>,
}

/// The test for a run, as a value of the test file.
pub fn test_value(facts: &RunFacts) -> Value {
    let mut test = Map::new();
    test.insert("name".into(), Value::String(facts.name.clone()));
    test.insert("input".into(), facts.input.clone());
    if let Some(case) = &facts.test_case {
        test.insert("testCase".into(), Value::String(case.clone()));
    }
    if !facts.answers.is_empty() {
        let mut answers: Map<String, Value> = Map::new();
        for (state, answer) in &facts.answers {
            let value = match answer {
                AnswerSpec::Success(output) => json!({ "success": output }),
                AnswerSpec::Failure { error, cause } => match cause {
                    Some(cause) => json!({"failure": {"error": error, "cause": cause}}),
                    None => json!({"failure": {"error": error}}),
                },
                AnswerSpec::Timeout => json!("timeout"),
            };
            match answers.get_mut(state) {
                Some(Value::Array(list)) => list.push(value),
                _ => {
                    answers.insert(state.clone(), Value::Array(vec![value]));
                }
            }
        }
        test.insert("answers".into(), Value::Object(answers));
    }
    let mut expect = Map::new();
    expect.insert("status".into(), Value::String(facts.status.clone()));
    if let Some(error) = &facts.error {
        expect.insert("error".into(), Value::String(error.clone()));
    }
    if facts.entered.len() <= EXACT_STATES_MAX {
        expect.insert("states".into(), json!(facts.entered));
    } else {
        let mut once: Vec<&String> = Vec::new();
        for name in &facts.entered {
            if !once.contains(&name) {
                once.push(name);
            }
        }
        expect.insert("passesThrough".into(), json!(once));
    }
    test.insert("expect".into(), Value::Object(expect));
    Value::Object(test)
}

/// Adds `facts` as a test to the test file `tests_path` (created when missing, naming
/// `mock_config` when the test uses a test case). Returns the name it was saved under.
pub fn append_test(
    tests_path: &Path,
    mock_config: Option<&str>,
    facts: &RunFacts,
) -> Result<String, String> {
    let place = tests_path.display();
    if !tests_path.exists() {
        let mut file = Map::new();
        if let (Some(config), Some(_)) = (mock_config, &facts.test_case) {
            file.insert("mockConfig".into(), Value::String(config.to_owned()));
        }
        file.insert("tests".into(), json!([test_value(facts)]));
        let body = match Format::from_path(tests_path) {
            Some(Format::Json) => statecraft_asl::format::json_text(&Value::Object(file)),
            _ => format!(
                "# Workflow tests: `statecraft test`. Schema: docs/workflow-tests.schema.json\n{}",
                statecraft_asl::format::yaml_text(&Value::Object(file))
            ),
        };
        crate::fsio::write_atomic(tests_path, body.as_bytes())
            .map_err(|e| format!("{place}: {e}"))?;
        return Ok(facts.name.clone());
    }
    let text = crate::fsio::read_text_bounded(tests_path, crate::fsio::MAX_INPUT_BYTES)
        .map_err(|e| format!("{place}: {e}"))?;
    let format = Format::from_path(tests_path).unwrap_or(Format::Yaml);
    let doc = Document::parse(text, format).map_err(|e| {
        format!(
            "{place}:{}:{}: {}; fix the test file first",
            e.position.line, e.position.column, e.message
        )
    })?;
    let root = doc.to_value();
    let Some(tests) = root.get("tests").and_then(Value::as_array) else {
        return Err(format!(
            "{place}: it has no \"tests\" list; fix the test file first"
        ));
    };
    if facts.test_case.is_some() {
        let theirs = root.get("mockConfig").and_then(Value::as_str);
        if let (Some(theirs), Some(ours)) = (theirs, mock_config) {
            if Path::new(theirs).file_name() != Path::new(ours).file_name() {
                return Err(format!(
                    "{place} uses the mock configuration {theirs}, and this run used {ours}: run with {theirs} to save the run there"
                ));
            }
        }
    }
    let taken = |name: &str| {
        tests
            .iter()
            .any(|t| t.get("name").and_then(Value::as_str) == Some(name))
    };
    let mut name = facts.name.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{} ({n})", facts.name);
        n += 1;
    }
    let facts = RunFacts {
        name: name.clone(),
        ..facts.clone()
    };
    let mut edits = vec![Edit::InsertItem {
        pointer: "/tests".into(),
        index: tests.len(),
        value: test_value(&facts),
    }];
    if let (None, Some(config), Some(_)) = (root.get("mockConfig"), mock_config, &facts.test_case) {
        edits.push(Edit::SetField {
            pointer: String::new(),
            key: "mockConfig".into(),
            value: Value::String(config.to_owned()),
        });
    }
    let mut doc = doc;
    for edit in &edits {
        doc = doc.apply(edit).map_err(|e| format!("{place}: {e}"))?;
    }
    crate::fsio::write_atomic(tests_path, doc.text().as_bytes())
        .map_err(|e| format!("{place}: {e}"))?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str) -> RunFacts {
        RunFacts {
            name: name.into(),
            input: json!({"n": 1}),
            test_case: Some("Happy".into()),
            answers: vec![("Ask".into(), AnswerSpec::Success(json!({"ok": true})))],
            status: "SUCCEEDED".into(),
            error: None,
            entered: vec!["A".into(), "Ask".into()],
        }
    }

    #[test]
    fn a_saved_run_is_a_test_that_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("flow.tests.yaml");
        let first = append_test(&path, Some("flow.mocks.json"), &facts("Run 1")).expect("created");
        assert_eq!(first, "Run 1");
        let again = append_test(&path, Some("flow.mocks.json"), &facts("Run 1")).expect("added");
        assert_eq!(again, "Run 1 (2)");
        let file = super::super::spec::load(&path).expect("a valid test file");
        assert_eq!(file.tests.len(), 2);
        assert_eq!(file.tests[1].name, "Run 1 (2)");
        assert_eq!(file.tests[1].test_case.as_deref(), Some("Happy"));
        assert_eq!(
            file.tests[1].expect.states.as_deref(),
            Some(&["A".to_owned(), "Ask".to_owned()][..])
        );
        assert_eq!(
            file.mock_config.as_deref().and_then(|p| p.file_name()),
            Some(std::ffi::OsStr::new("flow.mocks.json"))
        );
    }
}
