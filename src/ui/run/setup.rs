//! What a run starts from: the input, the mock configuration and its test case, the seed and the
//! start time, with `statecraft run`'s defaults, so that the same choices record the same history
//! in the window and on the command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use statecraft_asl::Document;
use statecraft_sim::clock::{format_iso8601, parse_iso8601};
use statecraft_sim::mock::MockOutcome;
use statecraft_sim::{Execution, ExecutionOptions, ExecutionType, MockConfig, Mocks};

use crate::ui::templates::Template;

/// A mock configuration offered for runs.
#[derive(Debug, Clone)]
pub struct MockSource {
    /// The file it was read from (`None`: a template's bundled mocks).
    pub path: Option<PathBuf>,
    /// The configuration, or why it could not be read.
    pub config: Result<MockConfig, String>,
    /// Its test cases, in file order.
    pub test_cases: Vec<String>,
}

impl MockSource {
    /// Reads a mock configuration's text.
    pub fn from_text(path: Option<PathBuf>, text: &str) -> MockSource {
        let value: Result<Value, String> =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"));
        let test_cases = value.as_ref().map(test_case_names).unwrap_or_default();
        let config = value.and_then(|v| MockConfig::from_value(&v).map_err(|e| e.to_string()));
        MockSource {
            path,
            config,
            test_cases,
        }
    }

    /// Reads a mock configuration file.
    pub fn from_file(path: &Path) -> MockSource {
        match crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES) {
            Ok(text) => MockSource::from_text(Some(path.to_path_buf()), &text),
            Err(err) => MockSource {
                path: Some(path.to_path_buf()),
                config: Err(format!("{err:#}")),
                test_cases: Vec::new(),
            },
        }
    }

    /// Its name for the user.
    pub fn label(&self) -> String {
        match &self.path {
            Some(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => "the template's mocks".into(),
        }
    }
}

/// The names of the test cases of a MockConfigFile, in file order.
fn test_case_names(value: &Value) -> Vec<String> {
    value
        .get("StateMachines")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|machines| machines.values())
        .filter_map(|m| m.get("TestCases").and_then(Value::as_object))
        .flat_map(|cases| cases.keys().cloned())
        .collect()
}

/// An input checked: its hash and length, and what was found wrong with it.
type InputCheck = ((u64, usize), Option<String>);

/// The run panel's choices for one document (view state: not part of the file).
#[derive(Debug, Clone)]
pub struct RunSetup {
    /// The execution input, as typed (JSON).
    pub input: String,
    /// A sample input found beside the file (or the template's).
    pub sample_input: Option<String>,
    /// The mock configuration, when one was found or chosen.
    pub mocks: Option<MockSource>,
    /// The test case to run (`None`: no mocks; every task asks).
    pub test_case: Option<String>,
    /// Ask the user at `.waitForTaskToken` tasks even when the test case mocks them.
    pub answer_approvals: bool,
    /// The seed, as typed.
    pub seed: String,
    /// The virtual start time, as typed (ISO 8601).
    pub start_time: String,
    /// Run as an Express workflow.
    pub express: bool,
    /// The state machine's name (mock lookup, `$$.StateMachine.Name`).
    pub machine_name: String,
    /// Show a large input in the editor anyway.
    pub edit_large_input: bool,
    /// The last input checked (its hash and length) and what was found.
    input_checked: std::cell::RefCell<Option<InputCheck>>,
}

impl RunSetup {
    /// The choices for a document at `path` (or made from `template`): the mock configuration
    /// beside the file (`NAME.mocks.json`, else `MockConfigFile.json` in its folder) and a sample
    /// input (`NAME.input.json`); the CLI's seed and start time.
    pub fn discover(path: Option<&Path>, template: Option<&Template>) -> RunSetup {
        let machine_name = match (path, template) {
            (Some(path), _) => machine_name_of(path),
            (None, Some(t)) => machine_name_of(Path::new(t.file_name)),
            (None, None) => ExecutionOptions::default().state_machine_name,
        };
        let mut mocks = None;
        let mut sample_input = None;
        if let Some(path) = path {
            let folder = path.parent().unwrap_or(Path::new("."));
            let beside = folder.join(format!("{machine_name}.mocks.json"));
            let shared = folder.join("MockConfigFile.json");
            mocks = [beside, shared]
                .into_iter()
                .find(|p| p.is_file())
                .map(|p| MockSource::from_file(&p));
            let input = folder.join(format!("{machine_name}.input.json"));
            if input.is_file() {
                sample_input =
                    crate::fsio::read_text_bounded(&input, crate::fsio::MAX_INPUT_BYTES).ok();
            }
        } else if let Some(t) = template {
            mocks = Some(MockSource::from_text(None, t.mocks));
            sample_input = Some(t.input.to_owned());
        }
        let test_case = mocks.as_ref().and_then(|m| m.test_cases.first().cloned());
        RunSetup {
            input: sample_input.clone().unwrap_or_else(|| "{}".to_owned()),
            sample_input,
            mocks,
            test_case,
            answer_approvals: true,
            seed: "0".into(),
            start_time: format_iso8601(ExecutionOptions::default().start_time_ms),
            express: false,
            machine_name,
            edit_large_input: false,
            input_checked: std::cell::RefCell::new(None),
        }
    }

    /// Why the typed input is not JSON, if it is not. The answer is kept until the text
    /// changes: the Run panel asks every frame, and an input can be large.
    pub fn input_problem(&self) -> Option<String> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.input.hash(&mut hasher);
        let key = (hasher.finish(), self.input.len());
        if let Some((known, problem)) = self.input_checked.borrow().as_ref() {
            if *known == key {
                return problem.clone();
            }
        }
        let problem = if self.input.trim().is_empty() {
            Some("The input is empty: type a JSON value, such as {}.".into())
        } else {
            statecraft_asl::parse::parse_json(&self.input)
                .err()
                .map(|e| format!("The input is not JSON: {e}"))
        };
        *self.input_checked.borrow_mut() = Some((key, problem.clone()));
        problem
    }

    /// The execution these choices describe, for `document`, and what the test case would have
    /// answered for each approval the user answers instead (by state name), to offer it.
    pub fn execution(
        &self,
        document: &Document,
    ) -> Result<(Execution, BTreeMap<String, MockOutcome>), String> {
        let machine = document
            .state_machine()
            .map_err(|e| format!("The definition cannot be run: {e}"))?;
        if let Some(problem) = self.input_problem() {
            return Err(problem);
        }
        let input = statecraft_asl::parse::parse_json(&self.input)
            .map_err(|e| format!("The input is not JSON: {e}"))?
            .to_value();
        let seed: u64 =
            self.seed.trim().parse().map_err(|_| {
                format!("The seed {:?} is not a whole number from 0 up.", self.seed)
            })?;
        let start_time_ms = parse_iso8601(self.start_time.trim()).ok_or_else(|| {
            format!(
                "The start time {:?} is not an ISO 8601 time such as 2024-01-01T00:00:00Z.",
                self.start_time
            )
        })?;
        let (mocks, suggestions) = self.mocks(document)?;
        let options = ExecutionOptions {
            state_machine_name: self.machine_name.clone(),
            start_time_ms,
            seed,
            execution_type: if self.express {
                ExecutionType::Express
            } else {
                ExecutionType::Standard
            },
            mocks,
            record_states: true,
            records_kept: crate::ui::run::RECORDS_KEPT,
            ..ExecutionOptions::default()
        };
        let execution = Execution::new(&machine, input, options).map_err(|e| e.to_string())?;
        Ok((execution, suggestions))
    }

    /// The mocks of the chosen test case, less the approvals the user answers (with what they
    /// would have answered).
    fn mocks(&self, document: &Document) -> Result<(Mocks, BTreeMap<String, MockOutcome>), String> {
        let mut suggestions = BTreeMap::new();
        let (Some(source), Some(case)) = (&self.mocks, &self.test_case) else {
            return Ok((Mocks::none(), suggestions));
        };
        let config = source
            .config
            .as_ref()
            .map_err(|e| format!("{}: {e}", source.label()))?;
        let mut mocks = config
            .test_case(Some(&self.machine_name), case)
            .or_else(|_| config.test_case(None, case))
            .map_err(|e| format!("{}: {e}", source.label()))?;
        if self.answer_approvals {
            let graph = statecraft_asl::graph::Graph::from_document(document);
            for node in graph.states() {
                if node.integration == Some(statecraft_asl::graph::Integration::Callback) {
                    if let Some(outcome) = mocks
                        .states
                        .remove(&node.name)
                        .and_then(|r| r.outcome(0).cloned())
                    {
                        suggestions.insert(node.name.clone(), outcome);
                    }
                }
            }
        }
        Ok((mocks, suggestions))
    }
}

/// The state machine name a file suggests, as `statecraft run` takes it: the file name without
/// extensions.
pub fn machine_name_of(path: &Path) -> String {
    statecraft_sim::driver::machine_name_from_file_name(
        path.file_name().and_then(|f| f.to_str()).unwrap_or(""),
    )
}
