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
//!
//! Runs in the window (see "Runs in the window" below): `run in window/<workload>` (F5 at Instant
//! speed on the real thread executor; printed: every frame's time, the time to the end beside
//! `statecraft run`'s, and whether the window goes idle), `replay open to first frame/<history>`
//! and `replay cursor moved to frame/<history>` (25,000-event histories; criterion, with the
//! figures of 5 opens and 100 random cursor positions printed too). A filter given to
//! `cargo bench --bench designer -- FILTER` also picks the printed measurements by name.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The binary's allocator, so that the window here runs as it does in `statecraft`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode};
use eframe::egui;
use serde_json::{json, Map, Value};
use statecraft::ui::command::{Command, RunCommand};
use statecraft::ui::compare::Baseline;
use statecraft::ui::run::Speed;
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

/// The app on `path`, compared with its saved file after the first root state was removed
/// (so the canvas draws a ghost and changed transitions).
fn comparing(path: &Path) -> Frames {
    let mut harness = settled(path);
    let first = {
        let doc = harness.state().active_document().expect("open");
        let graph = doc.graph().expect("drawn");
        graph
            .states()
            .find(|n| n.scope.is_root())
            .and_then(|n| n.id.state_pointer().map(str::to_owned))
            .expect("a state")
    };
    let document = harness
        .state()
        .active_document()
        .and_then(|d| d.analysis.document.clone())
        .expect("parsed");
    let edit = statecraft_asl::gesture::delete_states(&document, &[first]).expect("deletes");
    harness.state_mut().apply_edit(&edit);
    harness
        .state_mut()
        .push_command(Command::Compare(Baseline::Saved));
    for _ in 0..3 {
        harness.step();
    }
    let doc = harness.state().active_document().expect("open");
    let changes = doc
        .compare
        .as_ref()
        .and_then(|c| c.shown())
        .map(|s| s.view.diff.states.len());
    assert_eq!(changes, Some(1), "one state removed");
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

/// Types a character at `at`, or deletes the one typed last time (so that the text does not grow
/// across iterations), then draws a frame.
fn keystroke(harness: &mut Frames, at: usize, typed: &mut bool) -> usize {
    let doc = harness.state_mut().active_document_mut().expect("open");
    if *typed {
        doc.text.remove(at);
    } else {
        doc.text.insert(at, 'x');
    }
    *typed = !*typed;
    doc.reanalyse();
    harness.step()
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
        b.iter(|| black_box(keystroke(&mut harness, at, &mut typed)));
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

    // Compared with the saved file (View > Compare with…): every keystroke diffs the two
    // versions, merges the removed states back and lays the merged graph out again.
    c.bench_function(
        &format!("keystroke to canvas while comparing/{label}"),
        |b| {
            let mut harness = comparing(path);
            let at = comment_offset(&harness.state().active_document().expect("open").text);
            let mut typed = false;
            b.iter(|| black_box(keystroke(&mut harness, at, &mut typed)));
        },
    );

    c.bench_function(
        &format!("frame while panning while comparing/{label}"),
        |b| {
            let mut harness = comparing(path);
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
        },
    );

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

criterion_group!(benches, designer, runs_in_window, replays);
criterion_main!(benches);

// ----- Runs in the window -----
//
// Goals (issue "Simulation in the designer", point 9), printed by `run in window/<workload>` and
// `replay/<history>` as measured, beside `statecraft run` on the same definition and input:
//
// - a run started with F5 and played at Instant speed (the cursor follows the engine), on the
//   real thread executor: every frame under 16 ms (max and p99 printed), and the run over, cursor
//   at the end, within 1.5 times the CLI's time for the same run (the engine alone through
//   `Execution::run_to_end`, and the release binary with `--format json` to /dev/null);
// - a 25,000-event history opened (`App::open_run`) and its first frame drawn under 500 ms, then
//   the cursor moved anywhere and one frame drawn under 16 ms;
// - once the run ended and playing stopped, the window asks for no frame.
//
// Workloads: a 10,000-item inline Map over a Pass (AWS's 25,000-event limit stops it at the
// 6,250th item, in the window as with the CLI), with the bottom panel's Run tab shown (as F5
// leaves it) and hidden; and the 200 KB x 6,000-round Pass/Choice loop of
// `crates/sim/benches/large_payload.rs` (24,004 events). Histories: that Map's, a small-payload
// loop's, and the generated 500-state workflow's with 147 items per Map (24,998 events).
//
// Each window run is repeated (the median printed), the CLI's five times; `STATECRAFT_FRAMES=1`
// prints every frame of a run (when, how long, events taken in), to see where the time goes.
//
// Frames are drawn as eframe draws them: when egui or the run's job asks for one, at most one per
// display refresh (vsync); a frame's time is `Context::run` over `App::ui` plus tessellation.

/// The display's refresh period: eframe with vsync draws at most one frame per refresh.
const REFRESH: Duration = Duration::from_micros(16_667);

/// A window as eframe drives it: a frame whenever egui or a job asks for one, at the time it
/// asks, on the real thread executor.
struct Window {
    ctx: egui::Context,
    app: App,
    born: Instant,
    /// When the last frame began.
    last: Instant,
    /// When the next frame is due (`None`: nothing asked for one).
    wake: Arc<(Mutex<Option<Instant>>, Condvar)>,
}

impl Window {
    fn new(path: &Path) -> Window {
        let app = App::new(
            None,
            AppOptions {
                data_dir: None,
                open: vec![path.to_path_buf()],
                open_example_when_empty: false,
                watch_files: false,
                dialogs: Box::new(NoDialogs),
                inline_jobs: false,
            },
        );
        let ctx = egui::Context::default();
        let wake: Arc<(Mutex<Option<Instant>>, Condvar)> = Arc::default();
        let asked = wake.clone();
        ctx.set_request_repaint_callback(move |info| {
            Window::ask(&asked, Instant::now() + info.delay);
        });
        let mut window = Window {
            ctx,
            app,
            born: Instant::now(),
            last: Instant::now(),
            wake,
        };
        for _ in 0..3 {
            window.frame();
        }
        window
    }

    fn ask(wake: &(Mutex<Option<Instant>>, Condvar), at: Instant) {
        let (due, changed) = wake;
        let mut due = due.lock().expect("not poisoned");
        if due.is_none_or(|d| at < d) {
            *due = Some(at);
        }
        changed.notify_all();
    }

    /// One frame now (the app's UI and the tessellation); returns how long it took.
    fn frame(&mut self) -> Duration {
        *self.wake.0.lock().expect("not poisoned") = None;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW)),
            time: Some(self.born.elapsed().as_secs_f64()),
            ..Default::default()
        };
        let began = Instant::now();
        self.last = began;
        let app = &mut self.app;
        let output = self.ctx.run(input, |ctx| app.ui(ctx));
        black_box(
            self.ctx
                .tessellate(output.shapes, output.pixels_per_point)
                .len(),
        );
        let took = began.elapsed();
        if let Some(viewport) = output.viewport_output.get(&egui::ViewportId::ROOT) {
            if let Some(at) = Instant::now().checked_add(viewport.repaint_delay) {
                Window::ask(&self.wake, at);
            }
        }
        took
    }

    /// Waits for the next frame's time (at most one frame per display refresh, as eframe with
    /// vsync); false when nothing asked for one within `limit`.
    fn wait(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let (due, changed) = &*self.wake;
        let mut due = due.lock().expect("not poisoned");
        loop {
            let now = Instant::now();
            let until = match *due {
                Some(at) if at.max(self.last + REFRESH) <= now => return true,
                Some(at) => at.max(self.last + REFRESH).min(deadline),
                None => deadline,
            };
            if now >= deadline {
                return false;
            }
            due = changed
                .wait_timeout(due, until - now)
                .expect("not poisoned")
                .0;
        }
    }

    fn run(&mut self) -> &mut statecraft::ui::run::RunSession {
        self.app
            .active_document_mut()
            .and_then(|d| d.run.as_mut())
            .expect("a run")
    }

    /// Draws the frames asked for (animations, timed messages) until none is asked for; returns
    /// how long that took, or `None` when frames were still asked for after `limit`.
    fn settles(&mut self, limit: Duration) -> Option<Duration> {
        let began = Instant::now();
        while began.elapsed() < limit {
            if self.wake.0.lock().expect("not poisoned").is_none() {
                return Some(began.elapsed());
            }
            if self.wait(limit.saturating_sub(began.elapsed())) {
                self.frame();
            }
        }
        None
    }
}

/// A workload: a definition and its input.
struct Workload {
    label: &'static str,
    definition: Value,
    input: Value,
}

/// A `size`-item inline Map over a Pass.
fn map_workload(size: usize) -> Workload {
    let items: Vec<Value> = (0..size).map(|i| json!({ "n": i })).collect();
    Workload {
        label: if size == 10_000 {
            "inline Map of 10,000 items"
        } else {
            "inline Map (small, test mode)"
        },
        definition: json!({"StartAt": "Each", "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.items",
                     "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                                       "StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}},
                     "End": true}}}),
        input: json!({ "items": items }),
    }
}

/// `rounds` of a Pass/Choice loop carrying `kb` KB of data (`crates/sim/benches/large_payload.rs`).
fn loop_workload(label: &'static str, kb: usize, rounds: u64) -> Workload {
    let data: Vec<String> = (0..kb)
        .map(|i| format!("{i:04}{}", "x".repeat(996)))
        .collect();
    Workload {
        label,
        definition: json!({"StartAt": "Increment", "States": {
            "Increment": {"Type": "Pass",
                          "Parameters": {"i.$": "States.MathAdd($.i, 1)", "data.$": "$.data"},
                          "Next": "Check"},
            "Check": {"Type": "Choice",
                      "Choices": [{"Variable": "$.i", "NumericLessThan": rounds, "Next": "Increment"}],
                      "Default": "Done"},
            "Done": {"Type": "Succeed"}}}),
        input: json!({"i": 0, "data": data}),
    }
}

/// The workload's definition and input written to `dir` as `NAME.asl.json` and
/// `NAME.input.json`; returns their paths.
fn write_workload(dir: &Path, name: &str, workload: &Workload) -> (PathBuf, PathBuf) {
    let path = dir.join(format!("{name}.asl.json"));
    let input = dir.join(format!("{name}.input.json"));
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&workload.definition).expect("serialises"),
    )
    .expect("writes the definition");
    std::fs::write(&input, workload.input.to_string()).expect("writes the input");
    (path, input)
}

/// The engine as `statecraft run` drives it (its options, no per-state records), to the end.
fn engine_run(workload: &Workload, name: &str) -> (Duration, statecraft_sim::Execution) {
    let began = Instant::now();
    let mut execution = statecraft_sim::Execution::from_value(
        &workload.definition,
        workload.input.clone(),
        statecraft_sim::ExecutionOptions {
            state_machine_name: name.to_owned(),
            ..statecraft_sim::ExecutionOptions::default()
        },
    )
    .expect("a valid definition");
    execution.run_to_end(statecraft_sim::TaskAnswer::unanswered);
    (began.elapsed(), execution)
}

/// `statecraft run PATH --input-file INPUT --format json`, its output thrown away.
fn binary_run(path: &Path, input: &Path) -> Duration {
    let began = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .arg("run")
        .arg(path)
        .arg("--input-file")
        .arg(input)
        .args(["--format", "json"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("runs the binary");
    let took = began.elapsed();
    assert!(status.code().is_some(), "statecraft run ended by a signal");
    took
}

/// Milliseconds, for the printed figures.
fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// The `p`th percentile of `durations` (nearest rank).
fn percentile(durations: &[Duration], p: f64) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The process's resident memory, in MB.
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb / 1024)
}

/// The machine's load average over the last minute, to judge the figures by.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// Whether a measuring function (not a criterion benchmark) runs: when a filter is given (the
/// free argument of `cargo bench --bench designer -- FILTER`), its name must contain it.
fn wanted(name: &str) -> bool {
    // Criterion's options that take a value (the value is not a filter).
    const WITH_VALUE: [&str; 19] = [
        "--save-baseline",
        "-s",
        "--baseline",
        "-b",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--profile-time",
        "--color",
        "-c",
        "--format",
        "--plotting-backend",
        "--output-format",
    ];
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            filters.push(arg);
        }
    }
    filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
}

/// True under `cargo bench` (criterion's `--bench`); false under `cargo test`, where the
/// measuring functions run small workloads once, as a check.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Window runs per workload (the median is printed).
const RUNS: usize = 3;

/// F5 on `workload` in the window, played at Instant speed to the end, every frame timed.
fn run_in_window(workload: &Workload, bottom_panel: bool) {
    let name = format!(
        "run in window/{}{}",
        workload.label,
        if bottom_panel {
            ""
        } else {
            ", bottom panel hidden"
        }
    );
    if !wanted(&name) {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let (path, input_path) = write_workload(dir.path(), "workload", workload);
    let (engine, execution) = engine_run(workload, "workload");
    let cli_events = execution.history().len();
    let cli_status = execution.status();
    drop(execution);
    let mut binaries: Vec<Duration> = (0..5).map(|_| binary_run(&path, &input_path)).collect();
    binaries.sort();
    let binary = binaries[binaries.len() / 2];

    // The figures vary from run to run on a shared machine: the median of a few of each.
    let mut runs: Vec<WindowRun> = (0..RUNS)
        .map(|_| window_run(&path, workload, bottom_panel))
        .collect();
    runs.sort_by_key(|r| r.total);
    let median = runs.swap_remove(runs.len() / 2);
    let (total, first, events, progress) =
        (median.total, median.first, median.events, median.progress);
    let (memory_before, memory_after, idle) =
        (median.memory_before, median.memory_after, median.idle);
    let (frames, load_before) = (median.frames, median.load_before);
    assert_eq!(events, cli_events, "the same history as the CLI's");
    let (slowest, max) = frames
        .iter()
        .copied()
        .enumerate()
        .max_by_key(|(_, took)| *took)
        .unwrap_or_default();
    eprintln!(
        "{name}: {events} events ({progress:?}; the CLI's: {cli_events}, {cli_status:?})\n  \
         frames during the run: {} (the first, which starts it: {}), max {} (frame {}), p99 {}, \
         median {} (goal: under 16 ms)\n  \
         run to the end: {} (goal: within 1.5x the CLI's); the CLI: the engine's run_to_end {} \
         ({:.2}x), the release binary to /dev/null {} ({:.2}x)\n  \
         memory held by the process: {memory_before} MB before the run, {memory_after} MB at \
         its end\n  \
         idle once ended: {}; load average {load_before} before, {} after",
        frames.len(),
        ms(first),
        ms(max),
        slowest + 1,
        ms(percentile(&frames, 99.0)),
        ms(percentile(&frames, 50.0)),
        ms(total),
        ms(engine),
        total.as_secs_f64() / engine.as_secs_f64(),
        ms(binary),
        total.as_secs_f64() / binary.as_secs_f64(),
        idle.map_or(
            "no, frames still asked for after 10 s".to_owned(),
            |after| format!(
                "yes, no frame asked for {} after the end (animations and messages over)",
                ms(after)
            )
        ),
        load(),
    );
    assert!(idle.is_some(), "a finished run asks for no frame");
}

/// One run of `workload` in a new window, F5 to the end at Instant speed.
struct WindowRun {
    total: Duration,
    first: Duration,
    frames: Vec<Duration>,
    events: usize,
    progress: statecraft::ui::run::Progress,
    memory_before: u64,
    memory_after: u64,
    idle: Option<Duration>,
    load_before: String,
}

fn window_run(path: &Path, workload: &Workload, bottom_panel: bool) -> WindowRun {
    let mut window = Window::new(path);
    let input = workload.input.to_string();
    if let Some(doc) = window.app.active_document_mut() {
        let mut setup = statecraft::ui::run::setup::RunSetup::discover(Some(path), None);
        setup.input = input;
        doc.view.run_setup = Some(setup);
    }
    let load_before = load();
    let memory_before = resident_mb();
    window.app.push_command(Command::Run(RunCommand::Start));
    if !bottom_panel {
        // F5 shows the Run tab of the bottom panel; hide it again.
        window.app.push_command(Command::ToggleProblems);
    }
    let began = Instant::now();
    // The frame that starts the run (the Start command is applied at its end).
    let first = window.frame();
    window.run().speed = Speed::Instant;
    let mut frames = vec![first];
    loop {
        let run = window.run();
        if !run.is_live() && !run.playing {
            break;
        }
        assert!(
            window.wait(Duration::from_secs(30)),
            "the window went idle before the run ended"
        );
        let took = window.frame();
        frames.push(took);
        if std::env::var_os("STATECRAFT_FRAMES").is_some() {
            let run = window.run();
            eprintln!(
                "  frame at {} took {}: {} events, cursor {}, live {}",
                ms(began.elapsed()),
                ms(took),
                run.events.len(),
                run.cursor,
                run.is_live()
            );
        }
    }
    let total = began.elapsed();
    let memory_after = resident_mb();
    let (events, cursor, progress) = {
        let run = window.run();
        (run.events.len(), run.cursor, run.progress)
    };
    let idle = window.settles(Duration::from_secs(10));
    assert_eq!(cursor, events, "the cursor is at the end");
    WindowRun {
        total,
        first,
        frames,
        events,
        progress,
        memory_before,
        memory_after,
        idle,
        load_before,
    }
}

fn runs_in_window(_c: &mut Criterion) {
    let full = benchmarking();
    let map = map_workload(if full { 10_000 } else { 50 });
    run_in_window(&map, true);
    if full {
        run_in_window(&map, false);
    }
    run_in_window(
        &if full {
            loop_workload("200 KB x 6,000-round loop", 200, 6_000)
        } else {
            loop_workload("loop (small, test mode)", 2, 20)
        },
        true,
    );
}

/// A history of `workload` as `statecraft run` writes it (every task answered with `{}`), in
/// `dir`: the definition's path, the history's, and the number of events.
fn history_file(dir: &Path, name: &str, workload: &Workload) -> (PathBuf, PathBuf, usize) {
    let (path, _) = write_workload(dir, name, workload);
    let mut execution = statecraft_sim::Execution::from_value(
        &workload.definition,
        workload.input.clone(),
        statecraft_sim::ExecutionOptions {
            state_machine_name: name.to_owned(),
            ..statecraft_sim::ExecutionOptions::default()
        },
    )
    .expect("a valid definition");
    execution.run_to_end(|_| statecraft_sim::TaskAnswer::Success(json!({})));
    let history = dir.join(format!("{name}.history.json"));
    std::fs::write(
        &history,
        serde_json::to_string(&execution.result()).expect("serialises"),
    )
    .expect("writes the history");
    (path, history, execution.history().len())
}

/// The generated 500-state workflow with `items` items for each of its Maps.
fn generated_workload(items: usize) -> Workload {
    let items: Vec<usize> = (0..items).collect();
    let mut definition: Value = serde_json::from_str(&generated_workflow(500)).expect("JSON");
    // The Parallels' results are thrown away, so that the data does not double at each one.
    if let Some(states) = definition["States"].as_object_mut() {
        for state in states.values_mut() {
            if state["Type"] == "Parallel" {
                state["ResultPath"] = Value::Null;
            }
        }
    }
    Workload {
        label: "generated 500 states",
        definition,
        input: json!({ "count": 1000, "items": items }),
    }
}

/// Opens a history in the window and moves its cursor about.
fn replay(c: &mut Criterion, label: &str, workload: &Workload) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (path, history, events) = history_file(dir.path(), "workload", workload);
    eprintln!("{label}: {events} events in {}", history.display());
    let mut window = Window::new(&path);

    let name = format!("replay/{label}: open to first frame");
    if wanted(&name) {
        let mut opens = Vec::new();
        for _ in 0..5 {
            let began = Instant::now();
            window.app.open_run(&history);
            window.frame();
            opens.push(began.elapsed());
        }
        assert_eq!(window.run().events.len(), events);
        eprintln!(
            "{name} ({events} events): first {}, max of 5 {}, median {} (goal: under 500 ms); load average {}",
            ms(opens[0]),
            ms(opens.iter().max().copied().unwrap_or_default()),
            ms(percentile(&opens, 50.0)),
            load()
        );
    }
    let mut group = c.benchmark_group("replay open to first frame");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function(label, |b| {
        b.iter(|| {
            window.app.open_run(&history);
            window.frame()
        });
    });
    group.finish();

    // Moving the cursor: 100 random positions, one frame each.
    window.app.open_run(&history);
    window.frame();
    window.run().playing = false;
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % (events as u64 + 1)) as usize
    };
    let name = format!("replay/{label}: cursor moved, one frame");
    if wanted(&name) {
        let mut seeks = Vec::new();
        for _ in 0..100 {
            let to = random();
            let began = Instant::now();
            window.run().seek(to);
            window.frame();
            seeks.push(began.elapsed());
        }
        eprintln!(
            "{name}: 100 random positions, max {}, p99 {}, median {} (goal: under 16 ms); load average {}",
            ms(seeks.iter().max().copied().unwrap_or_default()),
            ms(percentile(&seeks, 99.0)),
            ms(percentile(&seeks, 50.0)),
            load()
        );
    }
    let mut group = c.benchmark_group("replay cursor moved to frame");
    group.sample_size(20);
    group.bench_function(label, |b| {
        b.iter(|| {
            let to = random();
            window.run().seek(to);
            window.frame()
        });
    });
    group.finish();
}

fn replays(c: &mut Criterion) {
    if benchmarking() {
        // 25,000 events each: the Map stops at AWS's history limit.
        replay(c, "inline Map, 25,000 events", &map_workload(10_000));
        replay(
            c,
            "Pass/Choice loop, 25,000 events",
            &loop_workload("loop", 1, 6_249),
        );
        replay(
            c,
            "generated 500 states, 25,000 events",
            &generated_workload(147),
        );
    } else {
        replay(c, "small Map (test mode)", &map_workload(50));
    }
}
