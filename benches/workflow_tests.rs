//! `statecraft test` speed: a few hundred workflow tests (the human-approval template's five
//! tests, repeated under new names) read, run on the simulator and checked, as one file and
//! across files in parallel as the CLI runs them. Goal (issue "Workflow tests"): a few hundred
//! tests in well under a second.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use statecraft::workflow_tests::{run_file, RunOptions};

/// The binary's allocator, so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes `files` copies of the template, each with its tests repeated `rounds` times; returns
/// the test files.
fn workload(dir: &Path, files: usize, rounds: usize) -> Vec<PathBuf> {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    let definition =
        std::fs::read_to_string(templates.join("human-approval.asl.json")).expect("template");
    let mocks =
        std::fs::read_to_string(templates.join("human-approval.mocks.json")).expect("mocks");
    let tests =
        std::fs::read_to_string(templates.join("human-approval.tests.yaml")).expect("tests");
    let (head, body) = tests.split_at(tests.find("tests:\n").expect("a tests list") + 7);
    let mut paths = Vec::new();
    for file in 0..files {
        let name = format!("approval-{file}");
        std::fs::write(dir.join(format!("{name}.asl.json")), &definition).expect("write");
        std::fs::write(dir.join("human-approval.mocks.json"), &mocks).expect("write");
        let mut text = head.to_owned();
        for round in 0..rounds {
            text.push_str(&body.replace("  - name: ", &format!("  - name: round {round}, ")));
        }
        let path = dir.join(format!("{name}.tests.yaml"));
        std::fs::write(&path, text).expect("write");
        paths.push(path);
    }
    paths
}

fn workflow_tests(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = workload(dir.path(), 1, 60);
    let result = run_file(&one[0], RunOptions::default());
    assert_eq!(result.results.len(), 300);
    assert!(result.results.iter().all(|r| r.passed()), "{result:?}");

    let mut group = c.benchmark_group("workflow tests");
    group.sample_size(20);
    group.bench_function("300 tests in one file", |b| {
        b.iter(|| black_box(run_file(&one[0], RunOptions::default())));
    });
    let other = tempfile::tempdir().expect("temp dir");
    let many = workload(other.path(), 6, 10);
    group.bench_function("300 tests in 6 files, in parallel", |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                let handles: Vec<_> = many
                    .iter()
                    .map(|path| scope.spawn(move || run_file(path, RunOptions::default())))
                    .collect();
                for handle in handles {
                    black_box(handle.join().expect("ran"));
                }
            });
        });
    });
    group.bench_function("300 tests with coverage", |b| {
        let options = RunOptions {
            filter: None,
            coverage: true,
            keep_histories: false,
        };
        b.iter(|| black_box(run_file(&one[0], options)));
    });
    group.finish();
}

criterion_group!(benches, workflow_tests);
criterion_main!(benches);
