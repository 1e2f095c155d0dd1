//! `statecraft fmt`: rewrite definitions in canonical formatting, or check that they are.
//!
//! Exit codes: 0 when every file is (now) formatted; 1 under `--check` when a file would change;
//! 2 on bad usage or when a file cannot be read, parsed or formatted (a YAML file with comments,
//! which formatting would drop). The other files are still processed and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use statecraft_asl::format::canonical_text;
use statecraft_asl::Document;

use super::Outcome;

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

/// Extensions searched for in folders (`.asl.json` and `.asl.yaml` end in `.json` and `.yaml`).
const EXTENSIONS: &[&str] = &["json", "yaml", "yml", "asl"];

/// What happened to one file.
enum FileOutcome {
    Unchanged,
    Changed,
    Skipped,
}

/// Runs `statecraft fmt`.
pub fn execute(args: Args) -> anyhow::Result<Outcome> {
    let mut failed: Vec<String> = Vec::new();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            let before = files.len();
            collect(path, &mut files, &mut failed);
            if files.len() == before {
                eprintln!(
                    "warning: {}: no definitions found in this folder",
                    path.display()
                );
            }
        } else {
            files.push((path.clone(), true));
        }
    }

    let mut stdout = std::io::stdout().lock();
    let (mut changed, mut unchanged) = (0, 0);
    for (path, explicit) in &files {
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

    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
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
    if !explicit && !looks_like_state_machine(&doc) {
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

/// Adds the candidate files under `dir`, sorted, recursing into sub-folders (hidden ones skipped).
fn collect(dir: &Path, files: &mut Vec<(PathBuf, bool)>, failed: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("error: {}: cannot read the folder: {err}", dir.display());
            failed.push(dir.display().to_string());
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Symbolic links to folders are not followed, so a link loop cannot trap the walk.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            collect(&path, files, failed);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push((path, false));
        }
    }
}

/// True when a document found in a folder is meant as a state machine (so `package.json` and
/// other JSON or YAML files beside the definitions are left alone).
fn looks_like_state_machine(doc: &Document) -> bool {
    let root = doc.root();
    root.get("StartAt").is_some() || root.get("States").is_some()
}
