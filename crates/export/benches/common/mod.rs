//! What the export benchmarks share: the corpus copied into the repository.

use std::path::Path;

use statecraft_asl::Document;

/// Every JSON corpus workflow, parsed, in file-name order.
pub fn corpus() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/workflows");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Document::load(p).expect("corpus workflow loads"))
        .collect()
}
