//! Workflow tests: a test file beside a definition (`order.tests.yaml` beside
//! `order.asl.json`) lists runs on the simulator (input, mocks, answers to waiting tasks) and what
//! must hold once each ended (status, output, the states entered, retries, variables…).
//! `statecraft test` runs them; the designer will too.
//!
//! - [`spec`]: the file, read and checked, with line and column for every mistake;
//! - [`run`]: one test on the simulator;
//! - [`check`]: its expectations against the finished run;
//! - [`junit`]: the results as JUnit XML, for CI.

pub mod check;
pub mod coverage;
pub mod junit;
pub mod run;
pub mod save;
pub mod spec;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use statecraft_asl::graph::Graph;
use statecraft_asl::validate::{validate, Severity};
use statecraft_asl::{Document, LineCol};
use statecraft_sim::{ExecutionOptions, ExecutionType, MockConfig};

pub use check::Failure;
pub use coverage::{Coverage, CoverageReport};
pub use spec::{FileError, TestFile, TestSpec};

/// How one test ended.
#[derive(Debug, Clone, PartialEq)]
pub struct TestResult {
    /// The test's name.
    pub name: String,
    /// Where the test is in its file.
    pub position: LineCol,
    /// The expectations that do not hold, each with its place in the file.
    pub failures: Vec<(Failure, LineCol)>,
    /// Why the test could not run (its test case is missing, the run cannot start).
    pub error: Option<String>,
    /// What did not go as the test set it up (answers left over…).
    pub notes: Vec<String>,
    /// The run's status (`SUCCEEDED`…), when it ran.
    pub status: Option<&'static str>,
    /// Events the run recorded.
    pub events: usize,
    /// How long the run and its checks took.
    pub duration: Duration,
    /// The run's events in `GetExecutionHistory`'s shape, when asked for (to replay it).
    pub history: Option<Vec<serde_json::Value>>,
}

impl TestResult {
    /// True when it ran and every expectation held.
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.failures.is_empty()
    }
}

/// The tests of one file, run.
#[derive(Debug, Clone, PartialEq)]
pub struct FileResult {
    /// The test file.
    pub tests_path: PathBuf,
    /// The definition it tests, once found.
    pub definition: Option<PathBuf>,
    /// Why none of its tests could run (a bad test file, no definition, an invalid one).
    pub error: Option<String>,
    /// Each test run, in file order.
    pub results: Vec<TestResult>,
    /// What the tests reached, when asked for.
    pub coverage: Option<CoverageReport>,
}

/// What to run and collect.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions<'a> {
    /// Run only the tests whose name contains this.
    pub filter: Option<&'a str>,
    /// Collect coverage.
    pub coverage: bool,
    /// Keep each run's events (to replay them).
    pub keep_histories: bool,
}

impl FileResult {
    fn broken(tests_path: &Path, definition: Option<PathBuf>, error: String) -> FileResult {
        FileResult {
            tests_path: tests_path.to_owned(),
            definition,
            error: Some(error),
            results: Vec::new(),
            coverage: None,
        }
    }
}

/// Runs the tests of `tests_path` (those `options` pick).
pub fn run_file(tests_path: &Path, options: RunOptions<'_>) -> FileResult {
    run_file_covered(tests_path, options).0
}

/// Runs the tests of `tests_path`, and returns their coverage with the graph it is of (when
/// `options.coverage`), for drawing it.
pub fn run_file_covered(
    tests_path: &Path,
    options: RunOptions<'_>,
) -> (FileResult, Option<(Coverage, Graph)>) {
    let file = match spec::load(tests_path) {
        Ok(file) => file,
        Err(err) => return (FileResult::broken(tests_path, None, err.to_string()), None),
    };
    let Some(definition) = spec::definition_of(tests_path) else {
        let broken = FileResult::broken(
            tests_path,
            None,
            format!(
                "{}: no definition beside it (expected the same name with .asl.json, .asl.yaml or .json)",
                tests_path.display()
            ),
        );
        return (broken, None);
    };
    let doc = match Document::load(&definition) {
        Ok(doc) => doc,
        Err(err) => {
            return (
                FileResult::broken(tests_path, Some(definition), err.to_string()),
                None,
            )
        }
    };
    run_tests(&file, &doc, &definition, options)
}

/// Runs the tests of `file` on `doc` (the definition at `definition`, perhaps as edited and not
/// saved yet), and returns their coverage with the graph it is of (when `options.coverage`).
pub fn run_tests(
    file: &TestFile,
    doc: &Document,
    definition: &Path,
    options: RunOptions<'_>,
) -> (FileResult, Option<(Coverage, Graph)>) {
    let tests_path = file.path.as_path();
    let definition = definition.to_path_buf();
    let prepared = match prepare(file, doc, &definition) {
        Ok(prepared) => prepared,
        Err(err) => return (FileResult::broken(tests_path, Some(definition), err), None),
    };
    let mut coverage = options.coverage.then(Coverage::default);
    let results = file
        .tests
        .iter()
        .filter(|t| options.filter.is_none_or(|f| t.name.contains(f)))
        .map(|test| run_one(file, &prepared, test, coverage.as_mut(), options))
        .collect();
    let report = coverage
        .as_ref()
        .map(|c| c.report(&prepared.graph, &prepared.retriers));
    let result = FileResult {
        tests_path: tests_path.to_owned(),
        definition: Some(definition),
        error: None,
        results,
        coverage: report,
    };
    (result, coverage.map(|c| (c, prepared.graph)))
}

/// What every test of a file shares: the machine, its graph, its name, the mock configuration.
struct Prepared {
    machine: statecraft_asl::model::StateMachine,
    graph: Graph,
    retriers: coverage::Retriers,
    name: String,
    mocks: Option<MockConfig>,
}

fn prepare(file: &TestFile, doc: &Document, definition: &Path) -> Result<Prepared, String> {
    if let Some(error) = validate(doc)
        .into_iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(format!(
            "{}:{}:{}: the definition is not valid, so its tests cannot run: error[{}]: {}",
            definition.display(),
            error.position.line,
            error.position.column,
            error.code,
            error.message
        ));
    }
    let machine = doc
        .state_machine()
        .map_err(|e| format!("{}: {e}", definition.display()))?;
    let name = file.state_machine_name.clone().unwrap_or_else(|| {
        statecraft_sim::driver::machine_name_from_file_name(
            definition
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or(""),
        )
    });
    let mocks = match &file.mock_config {
        None => None,
        Some(path) => {
            let at = file.position("/mockConfig");
            let place = format!("{}:{}:{}", file.path.display(), at.line, at.column);
            let text = crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES)
                .map_err(|e| format!("{place}: mockConfig {}: {e}", path.display()))?;
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}:{}:{}: the mock configuration is not JSON: {e}",
                    path.display(),
                    e.line(),
                    e.column()
                )
            })?;
            Some(MockConfig::from_value(&value).map_err(|e| format!("{}: {e}", path.display()))?)
        }
    };
    Ok(Prepared {
        retriers: coverage::retriers_of(&Graph::from_document(doc), &doc.to_value()),
        graph: Graph::from_document(doc),
        machine,
        name,
        mocks,
    })
}

fn run_one(
    file: &TestFile,
    prepared: &Prepared,
    test: &TestSpec,
    coverage: Option<&mut Coverage>,
    options: RunOptions<'_>,
) -> TestResult {
    let began = Instant::now();
    let mut result = TestResult {
        name: test.name.clone(),
        position: file.position(&test.pointer),
        failures: Vec::new(),
        error: None,
        notes: Vec::new(),
        status: None,
        events: 0,
        duration: Duration::ZERO,
        history: None,
    };
    let ran = run::mocks_of(test, prepared.mocks.as_ref(), &prepared.name).and_then(|mocks| {
        run::run(
            &prepared.machine,
            test,
            ExecutionOptions {
                state_machine_name: prepared.name.clone(),
                mocks,
                record_states: true,
                execution_type: if file.express {
                    ExecutionType::Express
                } else {
                    ExecutionType::Standard
                },
                ..ExecutionOptions::default()
            },
        )
    });
    match ran {
        Ok(ran) => {
            result.status = Some(ran.execution.status().as_str());
            result.events = ran.execution.history().len();
            result.notes = ran.notes;
            if options.keep_histories {
                result.history = Some(
                    ran.execution
                        .history()
                        .iter()
                        .map(|e| e.to_aws_json())
                        .collect(),
                );
            }
            if let Some(coverage) = coverage {
                let events: Vec<serde_json::Value> = ran
                    .execution
                    .history()
                    .iter()
                    .map(|e| e.to_aws_json_outline())
                    .collect();
                coverage.add_run(&prepared.graph, &prepared.retriers, &events);
            }
            result.failures = check::check(&test.expect, &ran.execution, &prepared.graph)
                .into_iter()
                .map(|failure| {
                    let at = file.position(&format!("{}/expect/{}", test.pointer, failure.key));
                    (failure, at)
                })
                .collect();
        }
        Err(err) => result.error = Some(err),
    }
    result.duration = began.elapsed();
    result
}
