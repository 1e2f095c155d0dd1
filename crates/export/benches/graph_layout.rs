//! Graph extraction and layout of every corpus workflow, as the designer does on each edit
//! (goal: under 100 ms for all of them together).

mod common;

use common::corpus;
use criterion::{criterion_group, criterion_main, Criterion};
use statecraft_asl::graph::Graph;
use statecraft_export::{svg, Diagram, SvgOptions};

fn bench(c: &mut Criterion) {
    let docs = corpus();
    c.bench_function("graph + layout of all corpus workflows", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    Diagram::new(Graph::from_document(d))
                        .expect("lays out")
                        .nodes
                        .len()
                })
                .sum::<usize>()
        })
    });
    let diagrams: Vec<Diagram> = docs
        .iter()
        .map(|d| Diagram::from_document(d).expect("lays out"))
        .collect();
    c.bench_function("svg of all corpus workflows", |b| {
        b.iter(|| {
            diagrams
                .iter()
                .map(|d| svg(d, &SvgOptions::default()).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
