//! Layout speed on a generated 1,000-state machine and on a corpus-like set of small machines.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;

fn bench_layout(c: &mut Criterion) {
    let big = common::machine(1000, 7);
    c.bench_function("layout 1000-state machine", |b| {
        b.iter(|| statecraft_layout::layout(black_box(&big)))
    });
    let corpus = common::realistic_set(200, 11);
    c.bench_function("layout 200 small machines", |b| {
        b.iter(|| {
            for request in &corpus {
                let _ = black_box(statecraft_layout::layout(black_box(request)));
            }
        })
    });
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
