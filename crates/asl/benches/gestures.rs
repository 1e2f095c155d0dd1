//! A gesture on the largest corpus workflow: computing the edit, applying it, then validating
//! and extracting the graph of the result (the library's share of the designer's 16 ms budget
//! per gesture; layout and painting come on top).

use std::hint::black_box;

mod common;

use common::largest_workflow;
use criterion::{criterion_group, criterion_main, Criterion};
use statecraft_asl::graph::Graph;
use statecraft_asl::model::QueryLanguage;
use statecraft_asl::{catalog, gesture, validate::validate};

fn gesture_on_the_largest_workflow(c: &mut Criterion) {
    let doc = largest_workflow();
    let graph = Graph::from_document(&doc);
    let edge = graph
        .edges
        .get(graph.edges.len() / 2)
        .expect("edges")
        .clone();
    let pass = catalog::entry("pass")
        .expect("in the catalogue")
        .snippet(QueryLanguage::JSONPath);
    c.bench_function("drop a Pass on an edge of the largest workflow", |b| {
        b.iter(|| {
            let edit = gesture::insert_on_edge(black_box(&doc), &edge, &pass).expect("drops");
            let out = doc.apply(&edit).expect("applies");
            black_box((validate(&out).len(), Graph::from_document(&out).nodes.len()))
        })
    });
    let state = graph
        .states()
        .nth(graph.states().count() / 2)
        .expect("a state")
        .id
        .to_string();
    c.bench_function("delete a state of the largest workflow", |b| {
        b.iter(|| {
            let edit = gesture::delete_states(black_box(&doc), std::slice::from_ref(&state))
                .expect("deletes");
            let out = doc.apply(&edit).expect("applies");
            black_box((validate(&out).len(), Graph::from_document(&out).nodes.len()))
        })
    });
}

criterion_group!(benches, gesture_on_the_largest_workflow);
criterion_main!(benches);
