//! What the asl benchmarks share: the corpus copied into the repository.

use std::path::Path;

use statecraft_asl::{Document, Format};

/// The largest JSON corpus workflow (by file size), parsed.
pub fn largest_workflow() -> Document {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/workflows");
    let largest = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|p| Format::from_path(p) == Some(Format::Json))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .expect("a corpus workflow");
    Document::load(&largest).expect("parses")
}
