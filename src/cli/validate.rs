//! `statecraft validate`: check definitions the way AWS would and print line:column diagnostics.
//!
//! Exit codes: 0 without errors (warnings allowed), 1 with errors, 2 on bad usage or when a file
//! cannot be read or parsed (the other files are still checked and reported).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use statecraft_asl::validate::{codes, validate, Diagnostic, Severity};
use statecraft_asl::{Document, LineCol, LoadError};

use super::{inputs, plural, terminal, Outcome};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// One line per diagnostic: `path:line:col: error[CODE]: message`.
    Text,
    /// A JSON array of `{file, diagnostics: [{severity, code, message, pointer, line, column}]}`.
    Json,
}

/// Arguments of `statecraft validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// List the files found in folders that were skipped, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Files or folders to check. Folders are searched recursively for .asl.json, .json,
    /// .asl.yaml, .yaml, .yml and .asl files that hold a state machine (StartAt or States at the
    /// top); hidden folders are skipped, and so are files that do not parse or hold no state
    /// machine (except *.asl.json, *.asl.yaml, *.asl.yml and *.asl, which are always checked).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// The findings for one file, as printed in JSON.
#[derive(Debug, serde::Serialize)]
struct FileReport {
    file: String,
    diagnostics: Vec<Diagnostic>,
}

/// Runs `statecraft validate`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let inputs::Candidates {
        files,
        unreadable_folders: mut unreadable,
    } = inputs::collect(&args.paths);

    let mut reports = Vec::with_capacity(files.len());
    let mut skipped = inputs::Skipped::default();
    for candidate in &files {
        let path = &candidate.path;
        match Document::load(path) {
            Ok(doc) => {
                if !candidate.named && !inputs::looks_like_state_machine(&doc) {
                    skipped.add_not_a_state_machine(path);
                    continue;
                }
                reports.push(FileReport {
                    file: path.display().to_string(),
                    diagnostics: validate(&doc),
                });
            }
            Err(LoadError::Parse { error, .. }) if !candidate.required() => {
                skipped.add_unparsable(path, &error);
            }
            Err(LoadError::Parse { error, .. }) => {
                unreadable.push(path.display().to_string());
                reports.push(FileReport {
                    file: path.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        code: codes::PARSE.id,
                        message: error.message.clone(),
                        pointer: String::new(),
                        position: error.position,
                    }],
                });
            }
            Err(err @ LoadError::Io { .. }) => {
                eprintln!("error: {}", terminal::escaped(&err.to_string()));
                unreadable.push(path.display().to_string());
                reports.push(FileReport {
                    file: path.display().to_string(),
                    diagnostics: vec![Diagnostic {
                        severity: Severity::Error,
                        code: codes::IO.id,
                        message: err.to_string(),
                        pointer: String::new(),
                        position: LineCol { line: 1, column: 1 },
                    }],
                });
            }
        }
    }

    let mut stdout = std::io::stdout().lock();
    match args.format {
        OutputFormat::Text => {
            for report in &reports {
                for d in &report.diagnostics {
                    if d.code == codes::IO.id {
                        continue; // Said on stderr, where errors about files go.
                    }
                    let line = diagnostic_line(&report.file, d);
                    writeln!(stdout, "{}", terminal::escaped(&line))?;
                }
            }
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &reports)
                .context("writing the JSON report")?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;

    let count = |severity: Severity| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let checked = reports
        .iter()
        .filter(|r| !r.diagnostics.iter().any(|d| d.code == codes::IO.id))
        .count();
    let errors = errors - (reports.len() - checked);
    skipped.list(args.verbose);
    eprintln!(
        "checked {checked} {}: {errors} {}, {warnings} {}{}",
        plural(checked, "file", "files"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        skipped.summary(args.verbose),
    );
    if !unreadable.is_empty() {
        anyhow::bail!(
            "{} {} could not be read: {}",
            unreadable.len(),
            plural(unreadable.len(), "file", "files"),
            unreadable.join(", ")
        );
    }
    Ok(if errors > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// A diagnostic as one line, `path:line:col: severity[code]: message`: the one format for the
/// subcommands that report a definition's diagnostics (`validate`, `publish`).
pub fn diagnostic_line(file: &str, d: &Diagnostic) -> String {
    format!(
        "{file}:{}: {}[{}]: {}",
        d.position, d.severity, d.code, d.message
    )
}
