//! Fixtures shared by the export tests.

#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use statecraft_asl::{Document, Format};

/// The corpus workflows copied into the repository, sorted.
pub fn workflows() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/workflows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    files
}

/// A run-overlay fixture (a recorded AWS execution) as JSON text.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The definition of a recorded execution, as a document.
pub fn fixture_definition(name: &str) -> Document {
    let value: serde_json::Value = serde_json::from_str(&fixture(name)).unwrap();
    let text = serde_json::to_string_pretty(&value["definition"]).unwrap();
    Document::parse(text, Format::Json).unwrap()
}

/// A document from JSON text.
pub fn doc(text: &str) -> Document {
    Document::parse(text, Format::Json).unwrap()
}
