//! `statecraft fmt`: rewrite definitions in canonical formatting, or check that they are.
//!
//! Exit codes: 0 when every file is (now) formatted; 1 under `--check` when a file would change;
//! 2 on bad usage or when a file cannot be read, parsed or formatted (a YAML file with comments,
//! which formatting would drop). The other files are still processed and reported.

use std::io::Write;
use std::path::PathBuf;

use statecraft_asl::format::canonical_text;
use statecraft_asl::{Document, LoadError};

use super::{inputs, plural, terminal, Outcome};

/// Arguments of `statecraft fmt`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing: list the files that would change, and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// List the files found in folders that were skipped, and why.
    #[arg(short, long)]
    pub verbose: bool,
    /// Files or folders to format. Folders are searched recursively for .asl.json, .json,
    /// .asl.yaml, .yaml, .yml and .asl files that hold a state machine (StartAt or States at the
    /// top); hidden folders are skipped, and so are files that do not parse or hold no state
    /// machine (except *.asl.json, *.asl.yaml, *.asl.yml and *.asl, which are always formatted).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

/// What happened to one file.
enum FileOutcome {
    Unchanged,
    Changed,
    /// Found in a folder and not a state machine: why.
    Skipped(Skip),
}

/// Why a file found in a folder was left alone.
enum Skip {
    Unparsable(statecraft_asl::ParseError),
    NotAStateMachine,
}

/// Runs `statecraft fmt`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let inputs::Candidates {
        files,
        unreadable_folders: mut failed,
    } = inputs::collect(&args.paths);

    let mut stdout = std::io::stdout().lock();
    let (mut changed, mut unchanged) = (0, 0);
    let mut skipped = inputs::Skipped::default();
    for candidate in &files {
        let path = &candidate.path;
        match format_file(candidate, args.check) {
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
            Ok(FileOutcome::Skipped(Skip::Unparsable(error))) => {
                skipped.add_unparsable(path, &error);
            }
            Ok(FileOutcome::Skipped(Skip::NotAStateMachine)) => {
                skipped.add_not_a_state_machine(path);
            }
            Err(message) => {
                eprintln!("error: {}", terminal::escaped(&message));
                failed.push(path.display().to_string());
            }
        }
    }
    stdout.flush()?;

    let files_word = |n: usize| plural(n, "file", "files");
    skipped.list(args.verbose);
    let verb = if args.check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    eprintln!(
        "{changed} {} {verb}, {unchanged} already formatted{}",
        files_word(changed),
        skipped.summary(args.verbose)
    );
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
fn format_file(candidate: &inputs::Candidate, check: bool) -> Result<FileOutcome, String> {
    let path = &candidate.path;
    let doc = match Document::load(path) {
        Ok(doc) => doc,
        Err(LoadError::Parse { error, .. }) if !candidate.required() => {
            return Ok(FileOutcome::Skipped(Skip::Unparsable(error)));
        }
        Err(err) => return Err(err.to_string()),
    };
    if !candidate.named && !inputs::looks_like_state_machine(&doc) {
        return Ok(FileOutcome::Skipped(Skip::NotAStateMachine));
    }
    let formatted = canonical_text(&doc).map_err(|err| format!("{}:{err}", path.display()))?;
    if formatted == doc.text() {
        return Ok(FileOutcome::Unchanged);
    }
    if !check {
        crate::fsio::write_atomic(path, formatted.as_bytes()).map_err(|err| err.to_string())?;
    }
    Ok(FileOutcome::Changed)
}
