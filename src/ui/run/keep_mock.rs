//! "Keep as mock": an answer given to a task with no mock is written into the mock configuration
//! beside the workflow (created when there is none), as a response of the chosen test case or of
//! a new one, by format-preserving edits and an atomic save, so the next run uses it.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use statecraft_asl::edit::Edit;
use statecraft_asl::tree::escape_pointer_segment;
use statecraft_asl::{Document, Format};
use statecraft_sim::TaskAnswer;

/// The test case made for kept answers when no test case was chosen.
pub const KEPT_TEST_CASE: &str = "Answered in the designer";

/// Where an answer was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The mock configuration file.
    pub path: PathBuf,
    /// The test case that now mocks the state.
    pub test_case: String,
    /// The name of the new mocked response.
    pub response: String,
}

/// Writes `answer` for `state` into the mock configuration at `path` (created when missing):
/// a new mocked response, named after the state, used by `test_case` of `machine` (or by a new
/// test case when `test_case` is `None`).
pub fn keep_as_mock(
    path: &Path,
    machine: &str,
    test_case: Option<&str>,
    state: &str,
    answer: &TaskAnswer,
) -> Result<Kept, String> {
    let text = if path.exists() {
        crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES)
            .map_err(|e| format!("{e:#}"))?
    } else {
        let empty = json!({"StateMachines": {}, "MockedResponses": {}});
        format!(
            "{}\n",
            serde_json::to_string_pretty(&empty).map_err(|e| e.to_string())?
        )
    };
    let document = Document::parse(text, Format::Json)
        .map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    let config = document.to_value();
    let responses = config
        .get("MockedResponses")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let machines = config
        .get("StateMachines")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let response = unique_name(&responses, &format!("{state} (answered)"));
    let outcome = match answer {
        TaskAnswer::Success(output) => json!({ "Return": output }),
        TaskAnswer::Failure { error, cause } => json!({
            "Throw": {
                "Error": error.clone().unwrap_or_else(|| "States.TaskFailed".into()),
                "Cause": cause.clone().unwrap_or_default(),
            }
        }),
    };
    let mut edits = Vec::new();
    if config.get("MockedResponses").is_none() {
        edits.push(Edit::SetField {
            pointer: String::new(),
            key: "MockedResponses".into(),
            value: json!({}),
        });
    }
    edits.push(Edit::SetField {
        pointer: "/MockedResponses".into(),
        key: response.clone(),
        value: json!({ "0": outcome }),
    });
    // The machine that holds the chosen test case (a configuration may name the machine
    // differently from the file), else the machine of this file's name.
    let holder = test_case.and_then(|case| {
        machines
            .iter()
            .find(|(_, m)| m.get("TestCases").and_then(|c| c.get(case)).is_some())
            .map(|(name, _)| name.clone())
    });
    let case = match (holder, test_case) {
        (Some(holder), Some(case)) => {
            edits.push(Edit::SetField {
                pointer: format!(
                    "/StateMachines/{}/TestCases/{}",
                    escape_pointer_segment(&holder),
                    escape_pointer_segment(case)
                ),
                key: state.to_owned(),
                value: Value::String(response.clone()),
            });
            case.to_owned()
        }
        _ => {
            let cases = machines
                .get(machine)
                .and_then(|m| m.get("TestCases"))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let case = match test_case {
                Some(case) if !cases.contains_key(case) => case.to_owned(),
                _ => unique_name(&cases, KEPT_TEST_CASE),
            };
            if config.get("StateMachines").is_none() {
                edits.push(Edit::SetField {
                    pointer: String::new(),
                    key: "StateMachines".into(),
                    value: json!({}),
                });
            }
            let machine_pointer = format!("/StateMachines/{}", escape_pointer_segment(machine));
            let mut case_value = Map::new();
            case_value.insert(state.to_owned(), Value::String(response.clone()));
            match machines.get(machine) {
                None => edits.push(Edit::SetField {
                    pointer: "/StateMachines".into(),
                    key: machine.to_owned(),
                    value: json!({ "TestCases": { case.clone(): case_value } }),
                }),
                Some(m) if m.get("TestCases").is_none() => edits.push(Edit::SetField {
                    pointer: machine_pointer,
                    key: "TestCases".into(),
                    value: json!({ case.clone(): case_value }),
                }),
                Some(_) => edits.push(Edit::SetField {
                    pointer: format!("{machine_pointer}/TestCases"),
                    key: case.clone(),
                    value: Value::Object(case_value),
                }),
            }
            case
        }
    };
    let edited = document
        .apply_all(&edits)
        .map_err(|e| format!("{}: cannot add the mock: {e}", path.display()))?;
    crate::fsio::write_atomic(path, edited.text().as_bytes()).map_err(|e| format!("{e:#}"))?;
    Ok(Kept {
        path: path.to_path_buf(),
        test_case: case,
        response,
    })
}

/// `base`, or `base 2`, `base 3`, ... : the first name `taken` does not hold.
fn unique_name(taken: &Map<String, Value>, base: &str) -> String {
    if !taken.contains_key(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken.contains_key(name))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{
  "StateMachines": {
    "order": {
      "TestCases": {
        "Happy": {
          "Charge": "Charged"
        }
      }
    }
  },
  "MockedResponses": {
    "Charged": {
      "0": {"Return": {"ok": true}}
    }
  }
}
"#;

    #[test]
    fn an_answer_joins_the_chosen_test_case_and_the_rest_of_the_file_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("order.mocks.json");
        std::fs::write(&path, CONFIG).expect("write");
        let kept = keep_as_mock(
            &path,
            "order",
            Some("Happy"),
            "Ship",
            &TaskAnswer::Success(json!({"trackingId": "T-1"})),
        )
        .expect("kept");
        assert_eq!(kept.test_case, "Happy");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            text.starts_with("{\n  \"StateMachines\": {\n    \"order\": {"),
            "{text}"
        );
        assert!(
            text.contains("\"0\": {\"Return\": {\"ok\": true}}"),
            "untouched: {text}"
        );
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(
            value["StateMachines"]["order"]["TestCases"]["Happy"]["Ship"],
            "Ship (answered)"
        );
        assert_eq!(
            value["MockedResponses"]["Ship (answered)"]["0"]["Return"]["trackingId"],
            "T-1"
        );
        let config = statecraft_sim::MockConfig::from_value(&value).expect("a mock config");
        let mocks = config.test_case(Some("order"), "Happy").expect("the case");
        assert!(mocks.for_state("Ship").is_some());
    }

    #[test]
    fn with_no_file_one_is_created_with_a_test_case_of_its_own() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("flow.mocks.json");
        let kept = keep_as_mock(
            &path,
            "flow",
            None,
            "Call",
            &TaskAnswer::Failure {
                error: Some("Boom".into()),
                cause: Some("It broke".into()),
            },
        )
        .expect("kept");
        assert_eq!(kept.test_case, KEPT_TEST_CASE);
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
        assert_eq!(
            value["StateMachines"]["flow"]["TestCases"][KEPT_TEST_CASE]["Call"],
            "Call (answered)"
        );
        assert_eq!(
            value["MockedResponses"]["Call (answered)"]["0"]["Throw"]["Error"],
            "Boom"
        );
        // A second answer for the same state gets a name of its own.
        let again = keep_as_mock(
            &path,
            "flow",
            Some(KEPT_TEST_CASE),
            "Call",
            &TaskAnswer::Success(json!({})),
        )
        .expect("kept");
        assert_eq!(again.response, "Call (answered) 2");
    }
}
