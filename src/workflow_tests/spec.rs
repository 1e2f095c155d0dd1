//! The test file: `NAME.tests.yaml` (or `.yml`, `.json`) beside `NAME.asl.json`, read into
//! [`TestFile`], with every mistake reported at its line and column
//! (`docs/workflow-tests.schema.json` describes it for editors).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use statecraft_asl::tree::NodeValue;
use statecraft_asl::{Document, Format, LineCol};

/// A test file, read and checked.
#[derive(Debug, Clone)]
pub struct TestFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its text, parsed (for positions in reports).
    pub document: Document,
    /// The MockConfigFile its tests' `testCase`s name, relative to the test file.
    pub mock_config: Option<PathBuf>,
    /// The state machine name (for `$$.StateMachine.Name` and the test case lookup); default:
    /// the definition's file name.
    pub state_machine_name: Option<String>,
    /// Run as an Express workflow (as `statecraft run --express`).
    pub express: bool,
    /// The tests, in file order.
    pub tests: Vec<TestSpec>,
}

impl TestFile {
    /// The line and column of a JSON pointer into the file (its nearest existing parent's).
    pub fn position(&self, pointer: &str) -> LineCol {
        position_in(&self.document, pointer)
    }
}

/// The line and column of a JSON pointer into a document: its key's, for an object member;
/// else its value's; else its nearest existing parent's.
fn position_in(document: &Document, pointer: &str) -> LineCol {
    let mut pointer = pointer;
    loop {
        if let Some((parent, last)) = pointer.rsplit_once('/') {
            let key = last.replace("~1", "/").replace("~0", "~");
            if let Some(NodeValue::Object(members)) = document.node_at(parent).map(|n| &n.value) {
                if let Some(member) = members.iter().find(|m| m.key == key) {
                    return document.line_col(member.key_span.start);
                }
            }
        }
        if let Some(node) = document.node_at(pointer) {
            return document.line_col(node.span.start);
        }
        match pointer.rfind('/') {
            Some(at) => pointer = &pointer[..at],
            None => return LineCol { line: 1, column: 1 },
        }
    }
}

/// One test.
#[derive(Debug, Clone, PartialEq)]
pub struct TestSpec {
    /// Its name (unique in the file).
    pub name: String,
    /// Where it is in the file (a JSON pointer: `/tests/2`).
    pub pointer: String,
    /// The execution input.
    pub input: Value,
    /// A test case of the file's mock configuration.
    pub test_case: Option<String>,
    /// Responses by state name, in the MockConfigFile's `MockedResponses` shape (they win over
    /// the test case's).
    pub mocks: Map<String, Value>,
    /// Answers to waiting tasks, by state name, used in order.
    pub answers: BTreeMap<String, Vec<AnswerSpec>>,
    /// What must hold once the run ended.
    pub expect: Expectations,
}

/// An answer to a waiting task (`.waitForTaskToken`, or a task without a mock).
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerSpec {
    /// `SendTaskSuccess` with this output.
    Success(Value),
    /// `SendTaskFailure` with this error and cause.
    Failure {
        /// The error name.
        error: String,
        /// The cause.
        cause: Option<String>,
    },
    /// No answer: virtual time passes until the task's timeout (or heartbeat) fires.
    Timeout,
}

/// What must hold once the run ended; each is checked only when given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expectations {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub status: Option<String>,
    /// The run's error.
    pub error: Option<String>,
    /// The run's cause.
    pub cause: Option<String>,
    /// The output, exactly.
    pub output: Option<Value>,
    /// Fields the output has (objects compared member by member, the rest exactly).
    pub output_includes: Option<Value>,
    /// Every state entered, in order, exactly.
    pub states: Option<Vec<String>>,
    /// States entered in this order (others may come between).
    pub passes_through: Vec<String>,
    /// States never entered.
    pub never_enters: Vec<String>,
    /// How many times each state was retried.
    pub retries: BTreeMap<String, u32>,
    /// The workflow's variables at the end (those named).
    pub variables: Map<String, Value>,
    /// How many iterations of each Map state failed.
    pub failed_iterations: BTreeMap<String, u32>,
}

/// Why a test file cannot be used, at a place in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}:{}: {message}", path.display(), position.line, position.column)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// Where.
    pub position: LineCol,
    /// What is wrong, and what to write instead.
    pub message: String,
}

/// The run statuses an expectation may name.
pub const STATUSES: [&str; 4] = ["SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"];

/// The test files' suffixes, in the order they are looked for.
pub const SUFFIXES: [&str; 3] = [".tests.yaml", ".tests.yml", ".tests.json"];

/// A definition's extensions, in the order a test file's definition is looked for.
const DEFINITION_EXTENSIONS: [&str; 7] = [
    ".asl.json",
    ".asl.yaml",
    ".asl.yml",
    ".json",
    ".yaml",
    ".yml",
    ".asl",
];

/// True when `path` is named as a test file (`*.tests.yaml`, `*.tests.yml`, `*.tests.json`).
pub fn is_test_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| SUFFIXES.iter().any(|s| n.to_ascii_lowercase().ends_with(s)))
}

/// The definition a test file is for: `NAME.asl.json` (or `.asl.yaml`, `.asl.yml`, `.json`,
/// `.yaml`, `.yml`, `.asl`) beside it, the first that exists.
pub fn definition_of(test_file: &Path) -> Option<PathBuf> {
    let name = test_file.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let suffix = SUFFIXES.iter().find(|s| lower.ends_with(*s))?;
    let stem = &name[..name.len() - suffix.len()];
    let folder = test_file.parent().unwrap_or(Path::new(""));
    DEFINITION_EXTENSIONS
        .iter()
        .map(|ext| folder.join(format!("{stem}{ext}")))
        .find(|p| p.is_file())
}

/// The test file of a definition: `NAME.tests.yaml` (or `.yml`, `.json`) beside it, where
/// `NAME` is the definition's name less `.asl.json` (or its other extensions).
pub fn tests_of(definition: &Path) -> Option<PathBuf> {
    let name = definition.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let stem_len = DEFINITION_EXTENSIONS
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(name.len(), |ext| name.len() - ext.len());
    let folder = definition.parent().unwrap_or(Path::new(""));
    SUFFIXES
        .iter()
        .map(|s| folder.join(format!("{}{s}", &name[..stem_len])))
        .find(|p| p.is_file())
}

/// Reads a test file.
pub fn load(path: &Path) -> Result<TestFile, FileError> {
    let fail = |position: LineCol, message: String| FileError {
        path: path.to_owned(),
        position,
        message,
    };
    let bytes = crate::fsio::read_bounded(path, crate::fsio::MAX_INPUT_BYTES).map_err(|e| {
        fail(
            LineCol { line: 1, column: 1 },
            format!("cannot read it: {e}"),
        )
    })?;
    let format = Format::from_path(path).unwrap_or(Format::Yaml);
    let document =
        Document::from_bytes(&bytes, format).map_err(|e| fail(e.position, e.message.clone()))?;
    parse(path, document)
}

/// Checks a parsed test file.
pub fn parse(path: &Path, document: Document) -> Result<TestFile, FileError> {
    let root = document.to_value();
    let read = Reader {
        path,
        document: &document,
    };
    let top = read.object(&root, "", "the file")?;
    read.known(
        top,
        "",
        &["mockConfig", "stateMachineName", "express", "tests"],
        "the file",
    )?;
    let mock_config = read
        .opt_string(top, "", "mockConfig")?
        .map(|p| path.parent().unwrap_or(Path::new("")).join(p));
    let state_machine_name = read.opt_string(top, "", "stateMachineName")?;
    let express = match top.get("express") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(read.error("/express", "\"express\" is true or false".into())),
    };
    let Some(tests) = top.get("tests") else {
        return Err(read.error(
            "",
            "the file has no \"tests\": a list of tests, each with a name, an input and \"expect\""
                .into(),
        ));
    };
    let Some(list) = tests.as_array() else {
        return Err(read.error("/tests", "\"tests\" is a list of tests".into()));
    };
    let mut specs = Vec::with_capacity(list.len());
    for (index, test) in list.iter().enumerate() {
        let spec = read.test(test, &format!("/tests/{index}"))?;
        if let Some(earlier) = specs.iter().find(|s: &&TestSpec| s.name == spec.name) {
            return Err(read.error(
                &format!("{}/name", spec.pointer),
                format!(
                    "two tests are named \"{}\" (the other at line {}); give each its own name",
                    spec.name,
                    read.position(&earlier.pointer).line
                ),
            ));
        }
        specs.push(spec);
    }
    Ok(TestFile {
        path: path.to_owned(),
        document,
        mock_config,
        state_machine_name,
        express,
        tests: specs,
    })
}

/// Reads values with their places, for messages.
struct Reader<'a> {
    path: &'a Path,
    document: &'a Document,
}

impl Reader<'_> {
    fn position(&self, pointer: &str) -> LineCol {
        position_in(self.document, pointer)
    }

    fn error(&self, pointer: &str, message: String) -> FileError {
        FileError {
            path: self.path.to_owned(),
            position: self.position(pointer),
            message,
        }
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        pointer: &str,
        what: &str,
    ) -> Result<&'v Map<String, Value>, FileError> {
        value
            .as_object()
            .ok_or_else(|| self.error(pointer, format!("{what} is an object (key: value pairs)")))
    }

    fn known(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
        keys: &[&str],
        what: &str,
    ) -> Result<(), FileError> {
        match object.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(key) => Err(self.error(
                &format!("{pointer}/{}", escape(key)),
                format!(
                    "{what} has no \"{key}\"; it takes {}",
                    keys.iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    fn opt_string(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Result<Option<String>, FileError> {
        match object.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.error(
                &format!("{pointer}/{key}"),
                format!("\"{key}\" is a string"),
            )),
        }
    }

    fn names(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Result<Option<Vec<String>>, FileError> {
        let Some(value) = object.get(key) else {
            return Ok(None);
        };
        let here = format!("{pointer}/{key}");
        let list = value
            .as_array()
            .ok_or_else(|| self.error(&here, format!("\"{key}\" is a list of state names")))?;
        list.iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    self.error(&format!("{here}/{i}"), "a state name is a string".into())
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    fn counts(
        &self,
        object: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Result<BTreeMap<String, u32>, FileError> {
        let Some(value) = object.get(key) else {
            return Ok(BTreeMap::new());
        };
        let here = format!("{pointer}/{key}");
        let map = self.object(value, &here, &format!("\"{key}\" (state name: count)"))?;
        map.iter()
            .map(|(state, n)| {
                n.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .map(|n| (state.clone(), n))
                    .ok_or_else(|| {
                        self.error(
                            &format!("{here}/{}", escape(state)),
                            format!("the count for \"{state}\" is a whole number, 0 or more"),
                        )
                    })
            })
            .collect()
    }

    fn test(&self, value: &Value, pointer: &str) -> Result<TestSpec, FileError> {
        let test = self.object(value, pointer, "a test")?;
        self.known(
            test,
            pointer,
            &["name", "input", "testCase", "mocks", "answers", "expect"],
            "a test",
        )?;
        let name = self
            .opt_string(test, pointer, "name")?
            .ok_or_else(|| self.error(pointer, "a test has a \"name\"".into()))?;
        let test_case = self.opt_string(test, pointer, "testCase")?;
        let mocks = match test.get("mocks") {
            None => Map::new(),
            Some(m) => self
                .object(
                    m,
                    &format!("{pointer}/mocks"),
                    "\"mocks\" (state name: responses by invocation, as in a MockConfigFile)",
                )?
                .clone(),
        };
        let answers = match test.get("answers") {
            None => BTreeMap::new(),
            Some(a) => self.answers(a, &format!("{pointer}/answers"))?,
        };
        let expect_pointer = format!("{pointer}/expect");
        let Some(expect) = test.get("expect") else {
            return Err(self.error(
                pointer,
                format!("the test \"{name}\" has no \"expect\": say what must hold (status, output, states…)"),
            ));
        };
        Ok(TestSpec {
            name,
            pointer: pointer.to_owned(),
            input: test
                .get("input")
                .cloned()
                .unwrap_or_else(|| Value::Object(Map::new())),
            test_case,
            mocks,
            answers,
            expect: self.expectations(expect, &expect_pointer)?,
        })
    }

    fn answers(
        &self,
        value: &Value,
        pointer: &str,
    ) -> Result<BTreeMap<String, Vec<AnswerSpec>>, FileError> {
        let map = self.object(value, pointer, "\"answers\" (state name: list of answers)")?;
        let mut answers = BTreeMap::new();
        for (state, list) in map {
            let here = format!("{pointer}/{}", escape(state));
            let items: Vec<&Value> = match list {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            let mut parsed = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let at = if list.is_array() {
                    format!("{here}/{i}")
                } else {
                    here.clone()
                };
                parsed.push(self.answer(item, &at)?);
            }
            answers.insert(state.clone(), parsed);
        }
        Ok(answers)
    }

    fn answer(&self, value: &Value, pointer: &str) -> Result<AnswerSpec, FileError> {
        const USAGE: &str =
            "an answer is {success: OUTPUT}, {failure: {error: NAME, cause: TEXT}} or \"timeout\"";
        if value.as_str() == Some("timeout") {
            return Ok(AnswerSpec::Timeout);
        }
        let Some(object) = value.as_object() else {
            return Err(self.error(pointer, USAGE.into()));
        };
        if object.len() != 1 {
            return Err(self.error(pointer, USAGE.into()));
        }
        if let Some(output) = object.get("success") {
            return Ok(AnswerSpec::Success(output.clone()));
        }
        if let Some(failure) = object.get("failure") {
            let here = format!("{pointer}/failure");
            let failure = self.object(failure, &here, "\"failure\"")?;
            self.known(failure, &here, &["error", "cause"], "\"failure\"")?;
            let error = self
                .opt_string(failure, &here, "error")?
                .ok_or_else(|| self.error(&here, "a failure names its \"error\"".into()))?;
            return Ok(AnswerSpec::Failure {
                error,
                cause: self.opt_string(failure, &here, "cause")?,
            });
        }
        Err(self.error(pointer, USAGE.into()))
    }

    fn expectations(&self, value: &Value, pointer: &str) -> Result<Expectations, FileError> {
        let expect = self.object(value, pointer, "\"expect\"")?;
        self.known(
            expect,
            pointer,
            &[
                "status",
                "error",
                "cause",
                "output",
                "outputIncludes",
                "states",
                "passesThrough",
                "neverEnters",
                "retries",
                "variables",
                "failedIterations",
            ],
            "\"expect\"",
        )?;
        let status = self.opt_string(expect, pointer, "status")?;
        if let Some(status) = &status {
            if !STATUSES.contains(&status.as_str()) {
                return Err(self.error(
                    &format!("{pointer}/status"),
                    format!(
                        "\"status\" is one of {}, not \"{status}\"",
                        STATUSES.join(", ")
                    ),
                ));
            }
        }
        let variables = match expect.get("variables") {
            None => Map::new(),
            Some(v) => self
                .object(
                    v,
                    &format!("{pointer}/variables"),
                    "\"variables\" (name: value)",
                )?
                .clone(),
        };
        Ok(Expectations {
            status,
            error: self.opt_string(expect, pointer, "error")?,
            cause: self.opt_string(expect, pointer, "cause")?,
            output: expect.get("output").cloned(),
            output_includes: expect.get("outputIncludes").cloned(),
            states: self.names(expect, pointer, "states")?,
            passes_through: self
                .names(expect, pointer, "passesThrough")?
                .unwrap_or_default(),
            never_enters: self
                .names(expect, pointer, "neverEnters")?
                .unwrap_or_default(),
            retries: self.counts(expect, pointer, "retries")?,
            variables,
            failed_iterations: self.counts(expect, pointer, "failedIterations")?,
        })
    }
}

/// A key as a JSON pointer segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<TestFile, FileError> {
        let document = Document::parse(text.to_owned(), Format::Yaml).expect("YAML");
        parse(Path::new("order.tests.yaml"), document)
    }

    #[test]
    fn a_file_is_read_with_its_answers_and_expectations() {
        let file = parsed(
            "mockConfig: order.mocks.json\ntests:\n  - name: approved\n    input: {total: 5}\n    testCase: Happy\n    answers:\n      Ask:\n        - success: {approved: true}\n        - timeout\n    expect:\n      status: SUCCEEDED\n      passesThrough: [Ask, Charge]\n      retries: {Charge: 2}\n",
        )
        .expect("a good file");
        assert_eq!(file.mock_config, Some(PathBuf::from("order.mocks.json")));
        let test = &file.tests[0];
        assert_eq!(test.name, "approved");
        assert_eq!(test.test_case.as_deref(), Some("Happy"));
        assert_eq!(
            test.answers["Ask"],
            vec![
                AnswerSpec::Success(serde_json::json!({"approved": true})),
                AnswerSpec::Timeout
            ]
        );
        assert_eq!(test.expect.status.as_deref(), Some("SUCCEEDED"));
        assert_eq!(test.expect.passes_through, ["Ask", "Charge"]);
        assert_eq!(test.expect.retries["Charge"], 2);
    }

    #[test]
    fn mistakes_are_reported_where_they_are() {
        let err = parsed("tests:\n  - name: a\n    expect:\n      stauts: FAILED\n")
            .expect_err("an unknown key");
        assert_eq!((err.position.line, err.position.column), (4, 7));
        assert!(err.message.contains("no \"stauts\""), "{}", err.message);
        assert!(err.message.contains("\"status\""), "{}", err.message);

        let err = parsed("tests:\n  - name: a\n    expect:\n      status: DONE\n")
            .expect_err("a bad status");
        assert_eq!(err.position.line, 4);
        assert!(err.message.contains("SUCCEEDED"), "{}", err.message);

        let err = parsed("tests:\n  - name: a\n    expect: {}\n  - name: a\n    expect: {}\n")
            .expect_err("a name twice");
        assert_eq!(err.position.line, 4);
        assert!(err.message.contains("line 2"), "{}", err.message);

        let err = parsed("tests:\n  - name: a\n").expect_err("no expect");
        assert!(err.message.contains("no \"expect\""), "{}", err.message);
    }

    #[test]
    fn definitions_and_tests_find_each_other() {
        let dir = tempfile::tempdir().expect("temp dir");
        let definition = dir.path().join("order.asl.json");
        let tests = dir.path().join("order.tests.yaml");
        std::fs::write(&definition, "{}").expect("write");
        std::fs::write(&tests, "tests: []").expect("write");
        assert_eq!(tests_of(&definition), Some(tests.clone()));
        assert_eq!(definition_of(&tests), Some(definition));
        assert!(is_test_file(&tests));
        assert!(!is_test_file(Path::new("order.asl.json")));
    }
}
