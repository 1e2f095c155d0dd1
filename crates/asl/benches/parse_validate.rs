//! Parse and validate every real-world corpus workflow. Goal: under 20 ms for the whole corpus in
//! release on the development machine.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use statecraft_asl::{validate::validate, Document, Format};

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus/workflows");
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|p| Format::from_path(p) == Some(Format::Json))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("corpus file");
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn parse_and_validate_corpus(c: &mut Criterion) {
    let files = corpus();
    assert!(files.len() >= 200, "expected the 201 corpus workflows");
    c.bench_function("parse+validate 201 corpus workflows", |b| {
        b.iter(|| {
            let mut diagnostics = 0;
            for (_, bytes) in &files {
                let doc = Document::from_bytes(black_box(bytes), Format::Json).expect("parses");
                diagnostics += validate(&doc).len();
            }
            black_box(diagnostics)
        })
    });
    c.bench_function("validate only, 201 corpus workflows", |b| {
        let docs: Vec<Document> = files
            .iter()
            .map(|(_, bytes)| Document::from_bytes(bytes, Format::Json).expect("parses"))
            .collect();
        b.iter(|| {
            docs.iter()
                .map(|d| validate(black_box(d)).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, parse_and_validate_corpus);
criterion_main!(benches);
