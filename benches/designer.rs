//! Headless frames of the real designer app: `egui::Context::run` over `App::ui`, then the
//! tessellation eframe does on the CPU before handing triangles to the GPU. AccessKit is off, as
//! in the app when no screen reader is attached (the kittest harness turns it on, which costs
//! several milliseconds a frame on large files, mostly the code editor's text runs). Goals on the
//! development machine:
//!
//! - `frame while panning/<workflow>`: one frame after the camera moved, under 8 ms;
//! - `keystroke to canvas/<workflow>`: one character typed into a Comment, the text reanalysed
//!   (parse, validate, graph, layout) and the frame that draws the new diagram, under 16 ms;
//! - `open to first frame/<workflow>`: `App::new` with the file, the harness and its first
//!   `step()`, under 300 ms;
//! - `gesture to canvas/<workflow>`: one canvas or inspector gesture as the designer applies it
//!   (`App::apply_edit` of a state rename: the edit, the new text reanalysed and laid out again,
//!   the undo step) and the frame that draws it, under 16 ms.
//!
//! Workflows: the largest real-world corpus workflow by state count (33 states),
//! `benches/fixtures/quorum-with-parallel-pattern.asl.json`, copied byte for byte from
//! aws-samples/step-functions-workflows-collection@83bbec48d8f065de3dbcb4c5d8fe0e58a0479334,
//! `quorum-with-parallel-pattern/statemachine/statemachine.asl.json` (MIT-0); and a generated
//! 500-state chain with Choice, Parallel and Map states mixed in.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use eframe::egui;
use serde_json::{json, Map, Value};
use statecraft::ui::{App, AppOptions, FileDialogs};

/// The window size of every benchmark.
const WINDOW: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// Dialogs that are never answered.
#[derive(Debug)]
struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn pick_open(&mut self, _folder: Option<&Path>) -> Option<PathBuf> {
        None
    }

    fn pick_save(
        &mut self,
        _folder: Option<&Path>,
        _file_name: &str,
        _filter_name: &str,
        _extensions: &[&str],
    ) -> Option<PathBuf> {
        None
    }
}

fn app_with(path: &Path) -> App {
    App::new(
        None,
        AppOptions {
            data_dir: None,
            open: vec![path.to_path_buf()],
            open_example_when_empty: false,
            watch_files: false,
            dialogs: Box::new(NoDialogs),
            inline_jobs: true,
        },
    )
}

/// The app and the context that draws it, one frame per `step`.
struct Frames {
    ctx: egui::Context,
    app: App,
    time_secs: f64,
}

impl Frames {
    fn new(app: App) -> Frames {
        Frames {
            ctx: egui::Context::default(),
            app,
            time_secs: 0.0,
        }
    }

    /// One frame: the app's UI, then tessellation; returns the number of meshes (kept alive).
    fn step(&mut self) -> usize {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW)),
            time: Some(self.time_secs),
            ..Default::default()
        };
        self.time_secs += 1.0 / 60.0;
        let app = &mut self.app;
        let output = self.ctx.run(input, |ctx| app.ui(ctx));
        self.ctx
            .tessellate(output.shapes, output.pixels_per_point)
            .len()
    }

    fn state(&self) -> &App {
        &self.app
    }

    fn state_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// The app on `path`, settled (fonts loaded, camera fitted).
fn settled(path: &Path) -> Frames {
    let mut harness = Frames::new(app_with(path));
    for _ in 0..3 {
        harness.step();
    }
    let doc = harness.state().active_document().expect("the file is open");
    assert!(
        doc.analysis.parse_problem.is_none() && doc.analysis.diagram.is_some(),
        "{} parses and lays out: {:?} {:?}",
        path.display(),
        doc.analysis.parse_problem,
        doc.analysis.diagram_error
    );
    harness
}

/// A Task state going to `next`.
fn task(i: usize, next: &str) -> Value {
    json!({
        "Type": "Task",
        "Comment": format!("Calls the worker for step {i}."),
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": { "FunctionName": "worker", "Payload.$": "$" },
        "ResultPath": format!("$.results.step{i}"),
        "Next": next,
    })
}

/// A chain of `n` Pass states named after `prefix`, ending the branch.
fn pass_chain(prefix: &str, n: usize) -> Value {
    let mut states = Map::new();
    for k in 0..n {
        let mut state = json!({ "Type": "Pass", "Comment": format!("{prefix}, part {k}.") });
        if k + 1 < n {
            state["Next"] = json!(format!("{prefix} {}", k + 1));
        } else {
            state["End"] = json!(true);
        }
        states.insert(format!("{prefix} {k}"), state);
    }
    json!({ "StartAt": format!("{prefix} 0"), "States": states })
}

/// A chain of `total` states (counting those inside Parallel branches and Map processors): mostly
/// Tasks, a Choice (with a side Pass) every 7th block, a Parallel of two 3-state branches every
/// 11th, a Map over a 3-state processor every 13th, ending in Succeed.
fn generated_workflow(total: usize) -> String {
    #[derive(Clone, Copy)]
    enum Block {
        Task,
        Choice,
        Parallel,
        Map,
    }
    fn size(block: Block) -> usize {
        match block {
            Block::Task => 1,
            Block::Choice => 2,
            Block::Parallel => 7,
            Block::Map => 4,
        }
    }
    let mut plan = Vec::new();
    let mut count = 1; // the final Succeed
    for k in 0.. {
        let wanted = match k {
            _ if k % 13 == 12 => Block::Map,
            _ if k % 11 == 10 => Block::Parallel,
            _ if k % 7 == 6 => Block::Choice,
            _ => Block::Task,
        };
        let block = if count + size(wanted) <= total {
            wanted
        } else {
            Block::Task
        };
        if count + size(block) > total {
            break;
        }
        count += size(block);
        plan.push(block);
    }
    assert_eq!(count, total);

    let name = |k: usize| format!("Step {k}");
    let mut states = Map::new();
    for (k, block) in plan.iter().enumerate() {
        let next = if k + 1 < plan.len() {
            name(k + 1)
        } else {
            "Done".to_owned()
        };
        let state = match block {
            Block::Task => task(k, &next),
            Block::Choice => {
                let side = format!("Side {k}");
                states.insert(
                    side.clone(),
                    json!({ "Type": "Pass", "Comment": "The other way.", "Next": next }),
                );
                json!({
                    "Type": "Choice",
                    "Comment": format!("Decides at step {k}."),
                    "Choices": [
                        { "Variable": "$.count", "NumericGreaterThan": k, "Next": next },
                    ],
                    "Default": side,
                })
            }
            Block::Parallel => json!({
                "Type": "Parallel",
                "Comment": format!("Two branches at step {k}."),
                "Branches": [pass_chain(&format!("Left {k}"), 3), pass_chain(&format!("Right {k}"), 3)],
                "ResultPath": format!("$.results.step{k}"),
                "Next": next,
            }),
            Block::Map => json!({
                "Type": "Map",
                "Comment": format!("Each item at step {k}."),
                "ItemsPath": "$.items",
                "ItemProcessor": pass_chain(&format!("Item {k}"), 3),
                "ResultPath": format!("$.results.step{k}"),
                "Next": next,
            }),
        };
        states.insert(name(k), state);
    }
    states.insert("Done".to_owned(), json!({ "Type": "Succeed" }));
    let workflow = json!({
        "Comment": format!("A generated {total}-state workflow for the designer benchmarks."),
        "StartAt": name(0),
        "States": states,
    });
    serde_json::to_string_pretty(&workflow).expect("serialises")
}

/// The offset just inside the opening quote of the `"Comment"` value nearest the middle of `text`
/// (where a user would type).
fn comment_offset(text: &str) -> usize {
    let key = "\"Comment\": \"";
    let middle = text.len() / 2;
    text.match_indices(key)
        .map(|(at, _)| at + key.len())
        .min_by_key(|at| at.abs_diff(middle))
        .expect("the workflow has a Comment")
}

fn bench_workflow(c: &mut Criterion, label: &str, path: &Path) {
    let states = {
        let harness = settled(path);
        let doc = harness.state().active_document().expect("open");
        doc.graph().map_or(0, |g| g.nodes.len())
    };
    eprintln!("{label}: {} ({states} graph nodes)", path.display());

    c.bench_function(&format!("frame while panning/{label}"), |b| {
        let mut harness = settled(path);
        b.iter(|| {
            harness
                .state_mut()
                .active_document_mut()
                .expect("open")
                .view
                .camera
                .pan(egui::vec2(3.0, 2.0));
            black_box(harness.step());
        });
    });

    c.bench_function(&format!("keystroke to canvas/{label}"), |b| {
        let mut harness = settled(path);
        let at = comment_offset(&harness.state().active_document().expect("open").text);
        // Type a character, then delete it, so the text does not grow across iterations.
        let mut typed = false;
        b.iter(|| {
            let doc = harness.state_mut().active_document_mut().expect("open");
            if typed {
                doc.text.remove(at);
            } else {
                doc.text.insert(at, 'x');
            }
            typed = !typed;
            doc.reanalyse();
            black_box(harness.step());
        });
        let doc = harness.state().active_document().expect("open");
        assert!(doc.analysis.parse_problem.is_none() && doc.analysis.diagram.is_some());
    });

    c.bench_function(&format!("gesture to canvas/{label}"), |b| {
        let mut harness = settled(path);
        let name = {
            let doc = harness.state().active_document().expect("open");
            let graph = doc.graph().expect("drawn");
            graph
                .states()
                .find(|n| n.scope.is_root())
                .map(|n| n.name.clone())
                .expect("a state")
        };
        let renamed = format!("{name} (renamed)");
        // Rename the state and back, so that the document does not drift across iterations.
        let mut there = false;
        b.iter(|| {
            let (from, to) = if there {
                (renamed.clone(), name.clone())
            } else {
                (name.clone(), renamed.clone())
            };
            there = !there;
            harness
                .state_mut()
                .apply_edit(&statecraft_asl::edit::Edit::RenameState {
                    scope: String::new(),
                    from,
                    to,
                });
            black_box(harness.step());
        });
        let doc = harness.state().active_document().expect("open");
        assert!(doc.analysis.parse_problem.is_none() && doc.analysis.diagram.is_some());
    });

    let mut group = c.benchmark_group("open to first frame");
    group.sample_size(20);
    group.bench_function(label, |b| {
        b.iter_batched(
            || (),
            |()| {
                // The first frame installs the fonts; the second is the first drawn.
                let mut harness = Frames::new(app_with(path));
                harness.step();
                harness.step();
                harness
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn designer(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/fixtures/quorum-with-parallel-pattern.asl.json");
    bench_workflow(
        c,
        "corpus quorum-with-parallel-pattern (33 states)",
        &corpus,
    );

    let dir = tempfile::tempdir().expect("temporary folder");
    let generated = dir.path().join("generated-500.asl.json");
    std::fs::write(&generated, generated_workflow(500)).expect("writes the generated workflow");
    bench_workflow(c, "generated 500 states", &generated);
}

criterion_group!(benches, designer);
criterion_main!(benches);
