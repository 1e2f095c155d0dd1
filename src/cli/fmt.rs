//! `statecraft fmt`: rewrite definitions in canonical formatting, or check that they are.
//!
//! Exit codes: 0 when every file is (now) formatted; 1 under `--check` when a file would change;
//! 2 on bad usage or when a file cannot be read, parsed or formatted (a YAML file with comments,
//! which formatting would drop). The other files are still processed and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use statecraft_asl::format::canonical_text;
use statecraft_asl::Document;

use super::{inputs, plural, Outcome};

/// Arguments of `statecraft fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing: list the files that would change, and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Files or folders to format. Folders are searched recursively for .asl.json, .json,
    /// .asl.yaml, .yaml, .yml and .asl files that hold a state machine (StartAt or States at the
    /// top); hidden folders are skipped.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// What happened to one file.
enum FileOutcome {
    Unchanged,
    Changed,
    Skipped,
}

/// Runs `statecraft fmt`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let inputs::Candidates {
        files,
        unreadable_folders: mut failed,
    } = inputs::collect(&args.paths);

    let mut stdout = std::io::stdout().lock();
    let (mut changed, mut unchanged) = (0, 0);
    for inputs::Candidate {
        path,
        named: explicit,
    } in &files
    {
        match format_file(path, *explicit, args.check) {
            Ok(FileOutcome::Changed) => {
                changed += 1;
                let verb = if args.check {
                    "would reformat"
                } else {
                    "reformatted"
                };
                writeln!(stdout, "{verb} {}", path.display())?;
            }
            Ok(FileOutcome::Unchanged) => unchanged += 1,
            Ok(FileOutcome::Skipped) => {}
            Err(message) => {
                eprintln!("error: {message}");
                failed.push(path.display().to_string());
            }
        }
    }
    stdout.flush()?;

    let files_word = |n: usize| plural(n, "file", "files");
    if args.check {
        eprintln!(
            "{changed} {} would be reformatted, {unchanged} already formatted",
            files_word(changed)
        );
    } else {
        eprintln!(
            "{changed} {} reformatted, {unchanged} already formatted",
            files_word(changed)
        );
    }
    if !failed.is_empty() {
        anyhow::bail!(
            "{} {} could not be formatted: {}",
            failed.len(),
            files_word(failed.len()),
            failed.join(", ")
        );
    }
    Ok(if args.check && changed > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// Formats one file; the error is the message to print.
fn format_file(path: &Path, explicit: bool, check: bool) -> Result<FileOutcome, String> {
    let doc = Document::load(path).map_err(|err| err.to_string())?;
    if !explicit && !inputs::looks_like_state_machine(&doc) {
        return Ok(FileOutcome::Skipped);
    }
    let formatted = canonical_text(&doc).map_err(|err| format!("{}:{err}", path.display()))?;
    if formatted == doc.text() {
        return Ok(FileOutcome::Unchanged);
    }
    if !check {
        std::fs::write(path, formatted.as_bytes())
            .map_err(|err| format!("{}: cannot write the file: {err}", path.display()))?;
    }
    Ok(FileOutcome::Changed)
}
