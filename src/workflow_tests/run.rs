//! Running one test on the simulator: its input, its mocks (the file's test case, then its own
//! responses), its answers to waiting tasks (or virtual time passing to a timeout), to the end.

use std::collections::{BTreeMap, HashSet, VecDeque};

use serde_json::{json, Value};
use statecraft_asl::model::StateMachine;
use statecraft_sim::{
    Advance, Execution, ExecutionOptions, MockConfig, Mocks, PendingTask, TaskAnswer,
};

use super::spec::{AnswerSpec, TestSpec};

/// A test run to its end, with what did not go as the test said (answers left over, a timeout
/// asked of a task that has none).
#[derive(Debug)]
pub struct Ran {
    /// The execution, ended.
    pub execution: Execution,
    /// Things about the test's own setup worth saying beside its expectations.
    pub notes: Vec<String>,
}

/// The name of the inline test case built from a test's own `mocks`.
const INLINE: &str = "statecraft-inline";

/// The mocks of a test: its test case's, with its own responses over them.
pub fn mocks_of(
    test: &TestSpec,
    config: Option<&MockConfig>,
    machine_name: &str,
) -> Result<Mocks, String> {
    let mut mocks = match (&test.test_case, config) {
        (Some(case), Some(config)) => config
            .test_case(Some(machine_name), case)
            .or_else(|_| config.test_case(None, case))
            .map_err(|e| format!("testCase \"{case}\": {e}"))?,
        (Some(case), None) => {
            return Err(format!(
                "testCase \"{case}\" needs a mock configuration: add mockConfig: FILE at the top of the test file"
            ))
        }
        (None, _) => Mocks::none(),
    };
    if !test.mocks.is_empty() {
        // The test's responses, read as a one-case MockConfigFile so they mean what they mean there.
        let cases: serde_json::Map<String, Value> = test
            .mocks
            .keys()
            .map(|state| (state.clone(), Value::String(state.clone())))
            .collect();
        let file = json!({
            "StateMachines": {INLINE: {"TestCases": {INLINE: cases}}},
            "MockedResponses": test.mocks,
        });
        let inline = MockConfig::from_value(&file)
            .and_then(|c| c.test_case(Some(INLINE), INLINE))
            .map_err(|e| format!("mocks: {}", e.to_string().replace("/MockedResponses", "")))?;
        mocks.states.extend(inline.states);
    }
    // A state the test answers waits for its answers, mocked or not.
    for state in test.answers.keys() {
        mocks.states.remove(state);
    }
    Ok(mocks)
}

/// Runs `test` on `machine` to its end.
pub fn run(
    machine: &StateMachine,
    test: &TestSpec,
    options: ExecutionOptions,
) -> Result<Ran, String> {
    let mut execution = Execution::new(machine, test.input.clone(), options)
        .map_err(|e| format!("the run cannot start: {e}"))?;
    let mut answers: BTreeMap<&str, VecDeque<&AnswerSpec>> = test
        .answers
        .iter()
        .map(|(state, list)| (state.as_str(), list.iter().collect()))
        .collect();
    let mut notes = Vec::new();
    // Tasks whose answer is to let their timeout fire.
    let mut timing_out: HashSet<String> = HashSet::new();
    loop {
        match execution.advance() {
            Advance::Progressed => {}
            Advance::Finished => break,
            Advance::NeedsAnswers(tasks) => {
                let mut answered = false;
                for task in &tasks {
                    if timing_out.contains(&task.token) {
                        continue;
                    }
                    match answers
                        .get_mut(task.state_name.as_str())
                        .and_then(VecDeque::pop_front)
                    {
                        Some(AnswerSpec::Timeout) => {
                            timing_out.insert(task.token.clone());
                        }
                        Some(answer) => {
                            answered |= answer_task(&mut execution, task, answer, &mut notes);
                        }
                        None => {
                            notes.push(format!(
                                "\"{}\" waited for an answer and the test gives none (answers: {{\"{}\": [...]}}, or mock it)",
                                task.state_name, task.state_name
                            ));
                            answered |= execution.answer(&task.token, unanswered(task)).is_ok();
                        }
                    }
                }
                if answered {
                    continue;
                }
                // Only tasks left to time out: let virtual time pass to the next timer.
                if !execution.let_time_pass() {
                    for task in tasks.iter().filter(|t| timing_out.contains(&t.token)) {
                        notes.push(format!(
                            "\"{}\" was to time out, but it has no TimeoutSeconds or HeartbeatSeconds",
                            task.state_name
                        ));
                        let _ = execution.answer(&task.token, unanswered(task));
                    }
                    timing_out.clear();
                }
            }
        }
    }
    for (state, left) in answers {
        if !left.is_empty() {
            notes.push(format!(
                "{} answer{} for \"{state}\" not used: the state did not wait for {}",
                left.len(),
                if left.len() == 1 { "" } else { "s" },
                if left.len() == 1 { "it" } else { "them" }
            ));
        }
    }
    Ok(Ran { execution, notes })
}

/// What a task the test neither mocks nor answers fails with: the simulator's error, with a cause
/// in the test file's words.
fn unanswered(task: &PendingTask) -> TaskAnswer {
    TaskAnswer::Failure {
        error: Some(statecraft_sim::driver::NO_MOCK_ERROR.to_owned()),
        cause: Some(format!(
            "The Task state '{}' has no mock and the test gives it no answer: mock it (its test case, or \"mocks\") or answer it (\"answers\").",
            task.state_name
        )),
    }
}

fn answer_task(
    execution: &mut Execution,
    task: &PendingTask,
    answer: &AnswerSpec,
    notes: &mut Vec<String>,
) -> bool {
    let answer = match answer {
        AnswerSpec::Success(output) => TaskAnswer::Success(output.clone()),
        AnswerSpec::Failure { error, cause } => TaskAnswer::Failure {
            error: Some(error.clone()),
            cause: cause.clone(),
        },
        AnswerSpec::Timeout => return false,
    };
    match execution.answer(&task.token, answer) {
        Ok(()) => true,
        Err(err) => {
            notes.push(format!("\"{}\": {err}", task.state_name));
            false
        }
    }
}
