//! Engine throughput with the history recorded: a Pass/Choice counter loop and a 20,000-item Map
//! (inline, and distributed). Throughput is in state transitions (states run) per second; the goal
//! is 100 times aws-local-stepfunctions on the same machine (`scripts/bench-peers --criterion`
//! measures the peer and prints the ratios).
//!
//! The history limit is lifted (an inline Map of 20,000 items records 80,000 events, past AWS's
//! 25,000) so that every event is recorded; the designer's per-state records are off.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

fn options() -> ExecutionOptions {
    ExecutionOptions {
        history_limit: usize::MAX,
        record_states: false,
        ..ExecutionOptions::default()
    }
}

/// Builds the execution outside the measurement; measures `run()` only (history recorded);
/// the finished execution is dropped outside the measurement too.
fn bench_run(b: &mut criterion::Bencher<'_>, definition: &Value, input: &Value) {
    b.iter_batched(
        || Execution::from_value(definition, input.clone(), options()).expect("valid definition"),
        |mut execution| {
            execution.run();
            assert_eq!(execution.status(), ExecutionStatus::Succeeded);
            execution
        },
        BatchSize::PerIteration,
    );
}

fn counter_loop(c: &mut Criterion) {
    let definition = json!({"StartAt": "Increment", "States": {
        "Increment": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 10000, "Next": "Increment"}], "Default": "Done"},
        "Done": {"Type": "Succeed"}}});
    let input = json!({"i": 0});
    let transitions = 2 * 10_000 + 1;
    let mut group = c.benchmark_group("counter_loop");
    group.throughput(Throughput::Elements(transitions));
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("pass_choice", "10000 rounds"), |b| {
        bench_run(b, &definition, &input)
    });
    group.finish();
}

fn map_20k(c: &mut Criterion) {
    let items: Vec<Value> = (0..20_000).map(|i| json!({"n": i})).collect();
    let input = json!({"items": items});
    let mut group = c.benchmark_group("map_20000_items");
    group.throughput(Throughput::Elements(20_000 + 1));
    group.sample_size(20);
    for mode in ["INLINE", "DISTRIBUTED"] {
        let definition = json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 40,
                     "ItemProcessor": {"ProcessorConfig": {"Mode": mode, "ExecutionType": "STANDARD"},
                                       "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
                     "End": true}}});
        group.bench_function(BenchmarkId::new("pass_processor", mode), |b| {
            bench_run(b, &definition, &input)
        });
    }
    group.finish();
}

criterion_group!(benches, counter_loop, map_20k);
criterion_main!(benches);
