//! `statecraft test`: run the workflow tests beside definitions (`order.tests.yaml` beside
//! `order.asl.json`) on the simulator and report each failing expectation.
//!
//! Exit codes: 0 when every test passed, 1 when one failed, 2 when a file could not be used (a
//! bad test file, no definition, an invalid definition; the other files still run).

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context};
use statecraft::workflow_tests::{self, junit, spec, FileResult};

use super::{inputs, terminal, Outcome};

/// Arguments of `statecraft test`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Definitions, test files or folders (searched recursively for *.tests.yaml, *.tests.yml
    /// and *.tests.json beside their definitions). Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Run only the tests whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Also write the results as JUnit XML to this file (for CI).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also report, per workflow, the states its tests entered and the transitions they took,
    /// and list those no test reached.
    #[arg(long)]
    pub coverage: bool,
    /// Write the coverage as JSON to this file (implies --coverage).
    #[arg(long, value_name = "FILE")]
    pub coverage_json: Option<PathBuf>,
}

/// Runs `statecraft test`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (test_files, mut problems) = test_files(&paths);
    if test_files.is_empty() && problems.is_empty() {
        bail!(
            "no workflow tests found in {}: write NAME.tests.yaml beside NAME.asl.json (see docs/workflow-tests.schema.json)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let options = workflow_tests::RunOptions {
        filter: args.filter.as_deref(),
        coverage: args.coverage || args.coverage_json.is_some(),
        keep_histories: false,
    };
    let results = run_all(&test_files, options);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let colour = terminal::stdout_colour();
    let (mut passed, mut failed) = (0, 0);
    for file in &results {
        print_file(&mut out, file, colour)?;
        if let Some(coverage) = &file.coverage {
            print_coverage(&mut out, coverage)?;
        }
        passed += file.results.iter().filter(|r| r.passed()).count();
        failed += file.results.iter().filter(|r| !r.passed()).count();
        if let Some(error) = &file.error {
            problems.push(error.clone());
        }
    }
    let plural = |n: usize| if n == 1 { "test" } else { "tests" };
    writeln!(
        out,
        "{} {} passed, {failed} failed{}",
        passed,
        plural(passed),
        if problems.is_empty() {
            String::new()
        } else {
            format!(", {} files could not be used", problems.len())
        }
    )?;
    out.flush()?;
    if let Some(path) = &args.coverage_json {
        let report: Vec<serde_json::Value> = results
            .iter()
            .filter_map(|f| {
                let coverage = f.coverage.as_ref()?;
                Some(serde_json::json!({
                    "definition": f.definition.as_ref().map(|d| d.display().to_string()),
                    "tests": f.tests_path.display().to_string(),
                    "states": coverage.states,
                    "transitions": coverage.transitions,
                    "retriers": coverage.retriers,
                }))
            })
            .collect();
        let text = serde_json::to_string_pretty(&report)?;
        crate::fsio::write_atomic(path, text.as_bytes())
            .with_context(|| format!("--coverage-json {}", path.display()))?;
    }
    if let Some(path) = &args.junit {
        crate::fsio::write_atomic(path, junit::junit_xml(&results).as_bytes())
            .with_context(|| format!("--junit {}", path.display()))?;
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(if failed == 0 {
        Outcome::Success
    } else {
        Outcome::Failure
    })
}

/// The test files the paths name or hold, and what could not be used.
fn test_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let found = inputs::collect(paths);
    for candidate in found.files {
        let path = candidate.path;
        if spec::is_test_file(&path) {
            files.push(path);
        } else if candidate.named {
            match spec::tests_of(&path) {
                Some(tests) => files.push(tests),
                None => problems.push(format!(
                    "{}: no tests beside it (write {} with the tests)",
                    path.display(),
                    tests_name(&path)
                )),
            }
        }
    }
    files.sort();
    files.dedup();
    problems.extend(found.unreadable_folders);
    (files, problems)
}

/// The name a definition's test file would have.
fn tests_name(definition: &std::path::Path) -> String {
    let name = definition
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("workflow");
    let stem = name.split('.').next().unwrap_or(name);
    format!("{stem}.tests.yaml")
}

/// Runs every file, in parallel across files, results in the files' order.
fn run_all(files: &[PathBuf], options: workflow_tests::RunOptions<'_>) -> Vec<FileResult> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<FileResult>>> = Mutex::new(vec![None; files.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(index) else {
                    break;
                };
                let result = workflow_tests::run_file(path, options);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn print_file(out: &mut impl Write, file: &FileResult, colour: bool) -> anyhow::Result<()> {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let title = match &file.definition {
        Some(definition) => format!(
            "{} ({})",
            definition.display(),
            file.tests_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        None => file.tests_path.display().to_string(),
    };
    writeln!(out, "{}", terminal::escaped(&title))?;
    if let Some(error) = &file.error {
        writeln!(
            out,
            "  {} {}",
            paint("31", "error:"),
            terminal::escaped(error)
        )?;
    }
    let tests = file.tests_path.display().to_string();
    for result in &file.results {
        let ms = result.duration.as_secs_f64() * 1000.0;
        if result.passed() {
            writeln!(
                out,
                "  {} {} ({ms:.1} ms, {} events)",
                paint("32", "pass"),
                terminal::escaped(&result.name),
                result.events
            )?;
        } else {
            writeln!(
                out,
                "  {} {} ({tests}:{}:{})",
                paint("31", "FAIL"),
                terminal::escaped(&result.name),
                result.position.line,
                result.position.column
            )?;
        }
        if let Some(error) = &result.error {
            writeln!(out, "      {}", terminal::escaped(error))?;
        }
        for (failure, at) in &result.failures {
            writeln!(
                out,
                "      {}: {} ({tests}:{}:{})",
                failure.key.replace('/', "."),
                terminal::escaped(&failure.message),
                at.line,
                at.column
            )?;
        }
        for note in &result.notes {
            writeln!(out, "      note: {}", terminal::escaped(note))?;
        }
    }
    Ok(())
}

/// The coverage of one workflow: the counts, then what no test reached.
fn print_coverage(
    out: &mut impl Write,
    coverage: &workflow_tests::CoverageReport,
) -> anyhow::Result<()> {
    writeln!(out, "  coverage: {}", coverage.summary())?;
    for state in coverage.states.iter().filter(|s| !s.entered) {
        writeln!(
            out,
            "      state never entered: {}",
            terminal::escaped(&state.name)
        )?;
    }
    for r in coverage.retriers.iter().filter(|r| !r.fired) {
        writeln!(
            out,
            "      retrier never fired: {} Retry[{}] ({})",
            terminal::escaped(&r.state),
            r.index,
            terminal::escaped(&r.errors.join(", "))
        )?;
    }
    for t in coverage.transitions.iter().filter(|t| !t.taken) {
        writeln!(
            out,
            "      transition never taken: {} \u{2192} {} ({})",
            terminal::escaped(&t.from),
            terminal::escaped(&t.to),
            terminal::escaped(&t.how)
        )?;
    }
    Ok(())
}
