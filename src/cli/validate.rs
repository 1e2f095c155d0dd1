//! `statecraft validate`: check definitions the way AWS would and print line:column diagnostics.
//!
//! Exit codes: 0 without errors (warnings allowed), 1 with errors, 2 on bad usage or when a file
//! cannot be read or parsed (the other files are still checked and reported).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use statecraft_asl::validate::{codes, validate, Diagnostic, Severity};
use statecraft_asl::{Document, LoadError};

use super::{inputs, plural, Outcome};

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
    /// Files or folders to check. Folders are searched recursively for .asl.json, .json,
    /// .asl.yaml, .yaml, .yml and .asl files that hold a state machine (StartAt or States at the
    /// top); hidden folders are skipped.
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
    for inputs::Candidate {
        path,
        named: explicit,
    } in &files
    {
        match Document::load(path) {
            Ok(doc) => {
                if !explicit && !inputs::looks_like_state_machine(&doc) {
                    continue;
                }
                reports.push(FileReport {
                    file: path.display().to_string(),
                    diagnostics: validate(&doc),
                });
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
                eprintln!("error: {err}");
                unreadable.push(path.display().to_string());
            }
        }
    }

    let mut stdout = std::io::stdout().lock();
    match args.format {
        OutputFormat::Text => {
            for report in &reports {
                for d in &report.diagnostics {
                    writeln!(stdout, "{}", diagnostic_line(&report.file, d))?;
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
    eprintln!(
        "checked {} {}: {errors} {}, {warnings} {}",
        reports.len(),
        plural(reports.len(), "file", "files"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
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
