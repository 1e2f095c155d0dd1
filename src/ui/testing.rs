//! The open workflow's tests in the designer: the test file beside it (`NAME.tests.yaml`), run
//! on the workflow as it is in the window (edits not saved yet included) by a background job,
//! their results, and their coverage to paint on the canvas. The same runner as
//! `statecraft test` ([`crate::workflow_tests`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use statecraft_asl::{Document, Format};
use statecraft_export::Marks;

use super::jobs::{Executor, Job, Work, Worker};
use crate::workflow_tests::{self, spec, FileResult, RunOptions};

/// What a run of the tests found.
#[derive(Debug, Clone)]
pub struct TestsRun {
    /// The document revision they ran on.
    pub revision: u64,
    /// The results, in file order.
    pub file: FileResult,
    /// What the tests reached, as marks for the canvas (all tests run).
    pub coverage: Option<Arc<Marks>>,
}

/// A document's tests.
#[derive(Debug, Default)]
pub struct TestsSession {
    /// The last results (merged, when one test was run again).
    pub last: Option<TestsRun>,
    /// Paint the coverage on the canvas.
    pub show_coverage: bool,
    /// The tests running now, and the one test asked for (`None`: all).
    running: Option<(Job<TestsWorker>, Option<String>)>,
}

impl TestsSession {
    /// True while tests run.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Runs the tests of `tests_path` (all, or the one named) on `text` in the background.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        executor: &Executor,
        tests_path: PathBuf,
        definition: PathBuf,
        text: String,
        format: Format,
        revision: u64,
        only: Option<String>,
    ) {
        let worker = TestsWorker {
            tests_path,
            definition,
            text,
            format,
            revision,
            only: only.clone(),
        };
        self.running = Some((Job::start(executor, worker), only));
    }

    /// Takes the results in, once they came. True when they did.
    pub fn poll(&mut self) -> bool {
        let Some((job, only)) = &mut self.running else {
            return false;
        };
        let Some(outcome) = job.poll().into_iter().next() else {
            if job.is_finished() {
                self.running = None;
            }
            return false;
        };
        let only = only.clone();
        self.running = None;
        match (only, &mut self.last) {
            // One test again: its new result replaces its old one; coverage stays that of all.
            (Some(_), Some(last)) if outcome.file.error.is_none() => {
                for result in outcome.file.results {
                    match last.file.results.iter_mut().find(|r| r.name == result.name) {
                        Some(old) => *old = result,
                        None => last.file.results.push(result),
                    }
                }
                last.revision = outcome.revision;
                last.file.error = None;
            }
            _ => self.last = Some(*outcome),
        }
        true
    }
}

/// The tests of one file, run on a document's text.
#[derive(Debug)]
pub struct TestsWorker {
    tests_path: PathBuf,
    definition: PathBuf,
    text: String,
    format: Format,
    revision: u64,
    only: Option<String>,
}

impl Worker for TestsWorker {
    type Input = ();
    type Output = Box<TestsRun>;

    fn work(&mut self, _inputs: Vec<()>, out: &mut Vec<Self::Output>) -> Work {
        out.push(Box::new(run(self)));
        Work::Done
    }
}

fn run(worker: &TestsWorker) -> TestsRun {
    let broken = |error: String| TestsRun {
        revision: worker.revision,
        file: FileResult {
            tests_path: worker.tests_path.clone(),
            definition: Some(worker.definition.clone()),
            error: Some(error),
            results: Vec::new(),
            coverage: None,
        },
        coverage: None,
    };
    let file = match spec::load(&worker.tests_path) {
        Ok(file) => file,
        Err(err) => return broken(err.to_string()),
    };
    let doc = match Document::parse(worker.text.clone(), worker.format) {
        Ok(doc) => doc,
        Err(err) => {
            return broken(format!(
                "The workflow does not parse (line {}, column {}: {}): fix it, then run the tests.",
                err.position.line, err.position.column, err.message
            ))
        }
    };
    let options = RunOptions {
        filter: None,
        coverage: worker.only.is_none(),
        keep_histories: true,
    };
    let file = match &worker.only {
        Some(name) => spec::TestFile {
            tests: file.tests.into_iter().filter(|t| &t.name == name).collect(),
            ..file
        },
        None => file,
    };
    let (result, coverage) = workflow_tests::run_tests(&file, &doc, &worker.definition, options);
    TestsRun {
        revision: worker.revision,
        file: result,
        coverage: coverage.map(|(coverage, graph)| Arc::new(coverage.marks(&graph))),
    }
}

/// The test file beside a document's file, if there is one.
pub fn tests_beside(path: Option<&Path>) -> Option<PathBuf> {
    spec::tests_of(path?)
}
