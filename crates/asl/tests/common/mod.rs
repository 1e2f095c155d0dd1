//! Fixtures shared by the corpus tests: the real-world workflows and the labelled asl-validator
//! definitions, copied into the repository under `tests/fixtures/corpus`.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use similar::{ChangeTag, TextDiff};

/// The corpus folder inside the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

/// Every file of a corpus sub-folder with a JSON or YAML extension, sorted.
pub fn files_in(sub: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(sub))
        .unwrap_or_else(|err| panic!("corpus folder {sub} is missing: {err}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.ends_with(".tsv") && !name.ends_with(".md")
        })
        .collect();
    files.sort();
    files
}

/// The real-world workflows.
pub fn workflows() -> Vec<PathBuf> {
    files_in("workflows")
}

/// The one workflow of the corpus that is genuinely invalid ASL (per the manifest's note).
pub const INVALID_WORKFLOW: &str =
    "aws-samples__step-functions-workflows-collection__shared-fallback-state-jsonata__statemachine__statemachine.asl.json";

/// True for the corpus workflow that is genuinely invalid.
pub fn is_invalid_workflow(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == INVALID_WORKFLOW)
}

/// How many lines an edit removed and added, by a line diff of the text before and after.
pub fn line_changes(before: &str, after: &str) -> (usize, usize) {
    let diff = TextDiff::from_lines(before, after);
    let (mut removed, mut added) = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            ChangeTag::Delete => removed += 1,
            ChangeTag::Insert => added += 1,
            ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

/// A fixture of `tests/fixtures/gestures` (small corpus workflows), parsed.
pub fn gesture_fixture(name: &str) -> statecraft_asl::Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gestures")
        .join(name);
    statecraft_asl::Document::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The validation errors of a document (warnings left out), as `code pointer: message` lines.
pub fn errors(doc: &statecraft_asl::Document) -> Vec<String> {
    statecraft_asl::validate::validate(doc)
        .into_iter()
        .filter(|d| d.severity == statecraft_asl::validate::Severity::Error)
        .map(|d| format!("{} {}: {}", d.code, d.pointer, d.message))
        .collect()
}
