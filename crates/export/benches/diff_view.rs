//! The difference between two versions made ready to draw (diff, ghosts, marks) and laid out, for
//! the largest corpus workflow with its last state removed: what the designer's compare view
//! redoes after an edit (goal: well inside a frame's 16 ms, so it can follow edits live).

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use statecraft_asl::edit::Edit;
use statecraft_asl::Document;
use statecraft_export::{Diagram, DiffView};

fn largest() -> Document {
    common::corpus()
        .into_iter()
        .max_by_key(|d| d.text().len())
        .expect("a corpus")
}

fn bench(c: &mut Criterion) {
    let old = largest();
    let last = old
        .to_value()
        .get("States")
        .and_then(|s| s.as_object())
        .and_then(|s| s.keys().next_back().cloned())
        .expect("states");
    let new = old
        .apply(&Edit::RemoveState {
            scope: String::new(),
            name: last,
        })
        .expect("removes");
    c.bench_function("diff view of the largest corpus workflow", |b| {
        b.iter(|| DiffView::new(&old, &new).marks.states.len())
    });
    c.bench_function("diff view + layout of the largest corpus workflow", |b| {
        b.iter(|| {
            let view = DiffView::new(&old, &new);
            Diagram::new(view.graph).expect("lays out").nodes.len()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
