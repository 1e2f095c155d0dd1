//! Fuzzes the document layer with arbitrary bytes, read once as JSON and once as YAML: parsing,
//! validation, the typed model, the graph and canonical formatting must never panic, whatever the
//! bytes (invalid UTF-8, deep nesting, duplicate keys, YAML anchors and tags, ...).
//!
//! Run from this folder: `cargo fuzz run parse_document -s none`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use statecraft_asl::graph::Graph;
use statecraft_asl::{format, validate, Document, Format};

fuzz_target!(|data: &[u8]| {
    for syntax in [Format::Json, Format::Yaml] {
        let Ok(doc) = Document::from_bytes(data, syntax) else {
            continue;
        };
        let _ = validate::validate(&doc);
        let _ = doc.state_machine();
        let graph = Graph::from_document(&doc);
        let _ = graph.has_problems();
        let _ = format::canonical_text(&doc);
    }
});
