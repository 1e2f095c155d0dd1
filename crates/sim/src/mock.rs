//! Mocked task responses in the AWS Step Functions Local `MockConfigFile` format:
//!
//! ```json
//! { "StateMachines": { "MyMachine": { "TestCases": { "HappyPath": { "CallLambda": "LambdaOk" } } } },
//!   "MockedResponses": { "LambdaOk": { "0": { "Return": {"StatusCode": 200} },
//!                                      "1-2": { "Throw": { "Error": "Lambda.TooMany", "Cause": "..." } } } } }
//! ```
//!
//! A test case maps state names (at any depth: inside Parallel branches and Map processors too) to
//! a response name. Each invocation of a state, retries included, consumes the next index; past the
//! last index given, the last response repeats.

use std::collections::BTreeMap;

use serde_json::Value;

/// What a mocked invocation does.
#[derive(Debug, Clone, PartialEq)]
pub enum MockOutcome {
    /// The task succeeds with this result.
    Return(Value),
    /// The task fails with this error and cause.
    Throw {
        /// Error name.
        error: String,
        /// Cause.
        cause: String,
    },
}

/// The responses of one mocked response name, by invocation index range (inclusive).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MockedResponse {
    ranges: Vec<(u64, u64, MockOutcome)>,
}

impl MockedResponse {
    /// The outcome of the invocation with this 0-based index.
    pub fn outcome(&self, invocation: u64) -> Option<&MockOutcome> {
        self.ranges
            .iter()
            .find(|(start, end, _)| (*start..=*end).contains(&invocation))
            .or_else(|| self.ranges.iter().max_by_key(|(_, end, _)| *end))
            .map(|(_, _, outcome)| outcome)
    }
}

/// Why a mock configuration could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MockError {
    /// The file does not have the MockConfigFile shape.
    #[error("{}{message}", if pointer.is_empty() { String::new() } else { format!("{pointer}: ") })]
    Shape {
        /// JSON pointer to the problem.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// No state machine holds the test case.
    #[error("no test case named \"{name}\" in the mock configuration (test cases: {available})")]
    NoTestCase {
        /// The test case asked for.
        name: String,
        /// The test cases there are.
        available: String,
    },
    /// A test case names a response that is not defined.
    #[error("test case \"{test_case}\" maps state \"{state}\" to \"{response}\", which MockedResponses does not define")]
    MissingResponse {
        /// The test case.
        test_case: String,
        /// The state.
        state: String,
        /// The response name.
        response: String,
    },
}

/// A parsed MockConfigFile.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MockConfig {
    /// State machine name → test case name → state name → response name.
    pub state_machines: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
    /// Response name → responses.
    pub responses: BTreeMap<String, MockedResponse>,
}

fn shape(pointer: impl Into<String>, message: impl Into<String>) -> MockError {
    MockError::Shape {
        pointer: pointer.into(),
        message: message.into(),
    }
}

impl MockConfig {
    /// Reads a MockConfigFile from its JSON value.
    pub fn from_value(value: &Value) -> Result<MockConfig, MockError> {
        let root = value
            .as_object()
            .ok_or_else(|| {
                shape(
                    "",
                    format!(
                        "a mock configuration is a JSON object with StateMachines and MockedResponses, not {}",
                        statecraft_asl::words::kind_of(value)
                    ),
                )
            })?;
        let mut config = MockConfig::default();
        if let Some(machines) = root.get("StateMachines") {
            let machines = machines
                .as_object()
                .ok_or_else(|| shape("/StateMachines", "must be an object"))?;
            for (machine, body) in machines {
                let mut cases = BTreeMap::new();
                let pointer = format!("/StateMachines/{machine}/TestCases");
                let test_cases = body
                    .get("TestCases")
                    .and_then(Value::as_object)
                    .ok_or_else(|| shape(&pointer, "must be an object of test cases"))?;
                for (case, states) in test_cases {
                    let states = states.as_object().ok_or_else(|| {
                        shape(
                            format!("{pointer}/{case}"),
                            "must map state names to response names",
                        )
                    })?;
                    let mut map = BTreeMap::new();
                    for (state, response) in states {
                        let response = response.as_str().ok_or_else(|| {
                            shape(
                                format!("{pointer}/{case}/{state}"),
                                "must be a response name (a string)",
                            )
                        })?;
                        map.insert(state.clone(), response.to_owned());
                    }
                    cases.insert(case.clone(), map);
                }
                config.state_machines.insert(machine.clone(), cases);
            }
        }
        if let Some(responses) = root.get("MockedResponses") {
            let responses = responses
                .as_object()
                .ok_or_else(|| shape("/MockedResponses", "must be an object"))?;
            for (name, body) in responses {
                let pointer = format!("/MockedResponses/{name}");
                let body = body.as_object().ok_or_else(|| {
                    shape(&pointer, "must be an object keyed \"0\", \"1-2\", ...")
                })?;
                let mut response = MockedResponse::default();
                for (key, outcome) in body {
                    let (start, end) = parse_range(key).ok_or_else(|| {
                        shape(
                            format!("{pointer}/{key}"),
                            "keys are invocation indices: \"0\" or a range \"1-3\"",
                        )
                    })?;
                    response.ranges.push((
                        start,
                        end,
                        parse_outcome(outcome, &format!("{pointer}/{key}"))?,
                    ));
                }
                response.ranges.sort_by_key(|(start, _, _)| *start);
                config.responses.insert(name.clone(), response);
            }
        }
        Ok(config)
    }

    /// The mocks of one test case. With `state_machine`, the test case is looked up under that
    /// state machine; without, under the first state machine (by name) that has it.
    pub fn test_case(&self, state_machine: Option<&str>, name: &str) -> Result<Mocks, MockError> {
        let found = self
            .state_machines
            .iter()
            .filter(|(machine, _)| state_machine.is_none_or(|wanted| wanted == machine.as_str()))
            .find_map(|(_, cases)| cases.get(name));
        let Some(states) = found else {
            let available: Vec<&str> = self
                .state_machines
                .values()
                .flat_map(|cases| cases.keys().map(String::as_str))
                .collect();
            return Err(MockError::NoTestCase {
                name: name.to_owned(),
                available: if available.is_empty() {
                    "none".into()
                } else {
                    available.join(", ")
                },
            });
        };
        let mut mocks = Mocks::default();
        for (state, response) in states {
            let mocked =
                self.responses
                    .get(response)
                    .ok_or_else(|| MockError::MissingResponse {
                        test_case: name.to_owned(),
                        state: state.clone(),
                        response: response.clone(),
                    })?;
            mocks.states.insert(state.clone(), mocked.clone());
        }
        Ok(mocks)
    }
}

fn parse_range(key: &str) -> Option<(u64, u64)> {
    match key.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => {
            let n = key.trim().parse().ok()?;
            Some((n, n))
        }
    }
}

fn parse_outcome(value: &Value, pointer: &str) -> Result<MockOutcome, MockError> {
    if let Some(ret) = value.get("Return") {
        return Ok(MockOutcome::Return(ret.clone()));
    }
    if let Some(throw) = value.get("Throw") {
        let text = |key: &str| {
            throw
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        return Ok(MockOutcome::Throw {
            error: text("Error"),
            cause: text("Cause"),
        });
    }
    Err(shape(
        pointer,
        "a mocked response has \"Return\" or \"Throw\"",
    ))
}

/// The mocks of one test case: state name → responses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mocks {
    /// State name → its responses.
    pub states: BTreeMap<String, MockedResponse>,
}

impl Mocks {
    /// No mocks: every task waits for a result supplied through the API.
    pub fn none() -> Self {
        Mocks::default()
    }

    /// The responses for a state, if it is mocked.
    pub fn for_state(&self, state: &str) -> Option<&MockedResponse> {
        self.states.get(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ranges_pick_responses_and_the_last_repeats() {
        let config = MockConfig::from_value(&json!({
            "StateMachines": {"M": {"TestCases": {"Happy": {"Call": "R"}}}},
            "MockedResponses": {"R": {"0": {"Throw": {"Error": "E", "Cause": "C"}}, "1-2": {"Return": {"ok": true}}}}
        }))
        .unwrap();
        let mocks = config.test_case(None, "Happy").unwrap();
        let response = mocks.for_state("Call").unwrap();
        assert!(matches!(
            response.outcome(0),
            Some(MockOutcome::Throw { .. })
        ));
        assert_eq!(
            response.outcome(2),
            Some(&MockOutcome::Return(json!({"ok": true})))
        );
        assert_eq!(
            response.outcome(9),
            Some(&MockOutcome::Return(json!({"ok": true})))
        );
        assert!(matches!(
            config.test_case(None, "Nope"),
            Err(MockError::NoTestCase { .. })
        ));
    }
}
