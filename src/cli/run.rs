//! `statecraft run`: run a definition locally on the simulator (virtual clock, mocked tasks) and
//! print its result and history.
//!
//! Tasks get their results from a MockConfigFile test case (`--mock-config F --test-case NAME`).
//! A task with no mock, and a `.waitForTaskToken` task, waits for an answer: `--callback` gives
//! them in order, per state (`--callback 'Approve=success:{"ok":true}'`,
//! `--callback 'Approve=failure:Rejected:Too expensive'`); when stdin is a terminal, the command
//! asks for the answers it was not given. A task left without an answer fails
//! with `Statecraft.NoMock` and a message that says how to mock it.
//!
//! A distributed Map's ItemReader reads files given with `--item-source s3://bucket/key=FILE`, or
//! the mock named after the Map state.
//!
//! Exit codes: 0 when the execution succeeded, 1 when it failed, timed out or was aborted, 2 on bad
//! usage, unreadable files or an invalid definition (with the validator's diagnostics).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde_json::Value;
use statecraft_asl::graph::Graph;
use statecraft_asl::validate::{validate, Severity};
use statecraft_asl::Document;
use statecraft_sim::clock::{format_iso8601, parse_iso8601};
use statecraft_sim::{
    Execution, ExecutionOptions, ExecutionStatus, ExecutionType, MockConfig, Mocks, PendingTask,
    TaskAnswer,
};

use super::callback::{parse_answer, Answer, Answers};
use super::{terminal, Outcome};

/// The first start time refused: 9999-01-01T00:00:00Z, in milliseconds since 1970.
const LATEST_START_MS: i64 = 253_370_764_800_000;

/// How the result is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One JSON object: `{status, output, error, cause, events}` (events as AWS's GetExecutionHistory).
    Json,
    /// A readable trace: one line per event, then the result.
    Text,
}

/// Arguments of `statecraft run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The definition (.asl.json, .json, .asl.yaml, .yaml).
    pub definition: PathBuf,
    /// The execution input, as JSON text (default `{}`).
    #[arg(long, conflicts_with = "input_file")]
    pub input: Option<String>,
    /// A file holding the execution input as JSON.
    #[arg(long, value_name = "FILE")]
    pub input_file: Option<PathBuf>,
    /// A MockConfigFile (AWS Step Functions Local format) with mocked task responses.
    #[arg(long, value_name = "FILE", requires = "test_case")]
    pub mock_config: Option<PathBuf>,
    /// The test case of the mock configuration to use.
    #[arg(long, value_name = "NAME", requires = "mock_config")]
    pub test_case: Option<String>,
    /// The state machine name (for `$$.StateMachine.Name` and the mock lookup; default: the file
    /// name without extensions).
    #[arg(long, value_name = "NAME")]
    pub state_machine_name: Option<String>,
    /// Seed of all randomness (States.UUID, $random, retry jitter): same seed, same history.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    /// Answers a waiting task, in order per state: `STATE=success:JSON` or
    /// `STATE=failure:ERROR[:CAUSE]`. Repeat for several answers.
    #[arg(long, value_name = "STATE=ANSWER")]
    pub callback: Vec<String>,
    /// An object a distributed Map's ItemReader reads: `s3://BUCKET/KEY=FILE` (the file's text
    /// stands for the object; CSV, JSON or JSONL as the ReaderConfig says). Repeatable.
    #[arg(long, value_name = "S3URI=FILE")]
    pub item_source: Vec<String>,
    /// Run as an Express workflow (5-minute limit).
    #[arg(long)]
    pub express: bool,
    /// The execution's start time on the virtual clock (ISO 8601; default 2024-01-01T00:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub start_time: Option<String>,
}

/// The state machine name a file suggests: its name without extensions.
fn name_from_path(path: &Path) -> String {
    statecraft_sim::driver::machine_name_from_file_name(
        path.file_name().and_then(|f| f.to_str()).unwrap_or(""),
    )
}

fn read_input(args: &Args) -> anyhow::Result<Value> {
    let (text, source) = match (&args.input, &args.input_file) {
        (Some(text), _) => (text.clone(), "--input".to_owned()),
        (None, Some(path)) => (
            crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES)?,
            path.display().to_string(),
        ),
        (None, None) => return Ok(Value::Object(serde_json::Map::new())),
    };
    if text.trim().is_empty() {
        bail!("{source}: the input is empty; pass a JSON value, such as '{{}}'");
    }
    // The definition's JSON reader, so that inputs and definitions share one nesting limit.
    let node = statecraft_asl::parse::parse_json(&text)
        .with_context(|| format!("{source}: the input is not valid JSON"))?;
    Ok(node.to_value())
}

fn read_mocks(args: &Args, machine_name: &str) -> anyhow::Result<Mocks> {
    let (Some(path), Some(case)) = (&args.mock_config, &args.test_case) else {
        return Ok(Mocks::none());
    };
    let text = crate::fsio::read_text_bounded(path, crate::fsio::MAX_INPUT_BYTES)?;
    let value: Value = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: the mock configuration is not valid JSON",
            path.display()
        )
    })?;
    let config = MockConfig::from_value(&value).with_context(|| path.display().to_string())?;
    let mocks = config
        .test_case(Some(machine_name), case)
        .or_else(|_| config.test_case(None, case))
        .with_context(|| path.display().to_string())?;
    Ok(mocks)
}

/// Runs `statecraft run`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let doc = Document::load(&args.definition)?;
    let errors: Vec<_> = validate(&doc)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        let mut lines = Vec::with_capacity(errors.len());
        for d in &errors {
            lines.push(format!(
                "{}:{}:{}: error[{}]: {}",
                args.definition.display(),
                d.position.line,
                d.position.column,
                d.code,
                d.message
            ));
        }
        bail!(
            "the definition is not valid; fix these first:\n{}",
            lines.join("\n")
        );
    }
    let machine = doc.state_machine().with_context(|| {
        format!(
            "{}: the definition cannot be read",
            args.definition.display()
        )
    })?;
    let input = read_input(&args)?;
    let machine_name = args
        .state_machine_name
        .clone()
        .unwrap_or_else(|| name_from_path(&args.definition));
    let mocks = read_mocks(&args, &machine_name)?;
    let start_time_ms = match &args.start_time {
        Some(text) => parse_iso8601(text).with_context(|| {
            format!("--start-time {text:?}: expected an ISO 8601 time such as 2024-01-01T00:00:00Z")
        })?,
        None => ExecutionOptions::default().start_time_ms,
    };
    // A run lasts at most a year, so starting before 9999 keeps every time it prints (and every
    // $$.State.EnteredTime) in the four-digit years that --start-time and AWS accept.
    if start_time_ms >= LATEST_START_MS {
        bail!(
            "--start-time {:?}: use a time before 9999-01-01T00:00:00Z, so that the run (up to one year) ends by year 9999",
            args.start_time.as_deref().unwrap_or_default()
        );
    }
    let state_names: BTreeSet<String> = if args.callback.is_empty() {
        BTreeSet::new()
    } else {
        Graph::from_document(&doc)
            .states()
            .map(|n| n.name.clone())
            .collect()
    };
    let mut answers = Answers::parse(&args.callback, &state_names)?;
    let mut item_sources = BTreeMap::new();
    for spec in &args.item_source {
        let Some((uri, file)) = spec.split_once('=') else {
            bail!("--item-source {spec:?}: expected s3://BUCKET/KEY=FILE");
        };
        let text = crate::fsio::read_text_bounded(Path::new(file), crate::fsio::MAX_HISTORY_BYTES)
            .with_context(|| format!("--item-source {spec:?}"))?;
        item_sources.insert(uri.to_owned(), text);
    }
    let options = ExecutionOptions {
        item_sources,
        state_machine_name: machine_name,
        start_time_ms,
        seed: args.seed,
        execution_type: if args.express {
            ExecutionType::Express
        } else {
            ExecutionType::Standard
        },
        mocks,
        ..ExecutionOptions::default()
    };
    let mut execution = Execution::new(&machine, input, options)
        .with_context(|| args.definition.display().to_string())?;
    drive(&mut execution, &mut answers);
    for (state, left) in answers.unused() {
        let what = if left == 1 { "answer" } else { "answers" };
        eprintln!(
            "warning: {left} --callback {what} for {} not used: the state did not wait for them",
            terminal::escaped(&format!("{state:?}"))
        );
    }

    // Histories run to megabytes: one buffered writer, not a system call per line.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &execution.result())?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_trace(&mut out, &execution)?,
    }
    out.flush()?;
    Ok(match execution.status() {
        ExecutionStatus::Succeeded => Outcome::Success,
        _ => Outcome::Failure,
    })
}

/// Runs to the end on the simulator's driver, answering waiting tasks from `answers` (then from
/// the terminal); a task nobody answers fails with `Statecraft.NoMock`.
fn drive(execution: &mut Execution, answers: &mut Answers) {
    execution.run_to_end(|task| {
        let answer = answers.take(&task.state_name).or_else(|| ask(task));
        match answer {
            Some(Answer::Success(value)) => TaskAnswer::Success(value),
            Some(Answer::Failure { error, cause }) => TaskAnswer::Failure {
                error: Some(error),
                cause,
            },
            None => {
                let unanswered = TaskAnswer::unanswered(task);
                if let TaskAnswer::Failure {
                    cause: Some(message),
                    ..
                } = &unanswered
                {
                    eprintln!("warning: {}", terminal::escaped(message));
                }
                unanswered
            }
        }
    });
}

/// When stdin is a terminal, asks the person at it for a waiting task's answer (empty: none).
fn ask(task: &PendingTask) -> Option<Answer> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return None;
    }
    loop {
        let location = if task.location.is_empty() {
            String::new()
        } else {
            format!(" ({})", task.location)
        };
        let prompt = format!(
            "Task '{}'{location} waits for an answer. Its input: {}",
            task.state_name, task.input
        );
        eprintln!("{}", terminal::escaped(&prompt));
        eprint!(
            "Answer with success:JSON or failure:ERROR[:CAUSE] (empty to leave it unanswered): "
        );
        let mut line = String::new();
        if stdin.read_line(&mut line).ok()? == 0 || line.trim().is_empty() {
            return None;
        }
        match parse_answer(line.trim(), "the answer") {
            Ok(answer) => return Some(answer),
            Err(err) => eprintln!("{err:#}"),
        }
    }
}

fn write_trace(out: &mut impl Write, execution: &Execution) -> anyhow::Result<()> {
    let start = execution.history().first().map_or(0, |e| e.timestamp_ms);
    // One event's JSON at a time: the whole history as JSON would hold every payload as text.
    for raw in execution.history() {
        let event = raw.to_aws_json();
        let ty = event["type"].as_str().unwrap_or("");
        let details = event
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.ends_with("EventDetails")))
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        let mut summary = String::new();
        if let Some(name) = details.get("name").and_then(Value::as_str) {
            summary.push_str(name);
        }
        for key in ["index", "length"] {
            if let Some(v) = details.get(key) {
                summary.push_str(&format!(" {key}={v}"));
            }
        }
        for key in ["input", "output", "parameters"] {
            if let Some(v) = details.get(key).and_then(Value::as_str) {
                let shown: String = v.chars().take(120).collect();
                let more = if v.chars().count() > 120 { "…" } else { "" };
                summary.push_str(&format!(" {key}={shown}{more}"));
            }
        }
        if let Some(vars) = details.get("assignedVariables").and_then(Value::as_object) {
            let list: Vec<String> = vars
                .iter()
                .map(|(k, v)| format!("${k}={}", v.as_str().unwrap_or("")))
                .collect();
            summary.push_str(&format!(" assigned {}", list.join(", ")));
        }
        for key in ["error", "cause"] {
            if let Some(v) = details.get(key).and_then(Value::as_str) {
                summary.push_str(&format!(" {key}={v}"));
            }
        }
        let elapsed = (raw.timestamp_ms - start) as f64 / 1000.0;
        let line = format!(
            "{:>5}  +{elapsed:>9.3}s  {ty:<28} {}",
            raw.id,
            summary.trim()
        );
        writeln!(out, "{}", terminal::escaped(&line))?;
    }
    writeln!(out)?;
    writeln!(out, "status: {}", execution.status().as_str())?;
    if let Some(output) = execution.output() {
        writeln!(out, "output: {}", terminal::escaped(&output.to_string()))?;
    }
    if let Some(error) = execution.error() {
        writeln!(out, "error: {}", terminal::escaped(error))?;
    }
    if let Some(cause) = execution.cause() {
        writeln!(out, "cause: {}", terminal::escaped(cause))?;
    }
    writeln!(
        out,
        "ended at {} (virtual clock)",
        format_iso8601(execution.now_ms())
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_comes_from_the_file() {
        assert_eq!(name_from_path(Path::new("dir/order.asl.json")), "order");
    }

    #[test]
    fn the_latest_start_is_the_start_of_9999() {
        assert_eq!(parse_iso8601("9999-01-01T00:00:00Z"), Some(LATEST_START_MS));
    }
}
