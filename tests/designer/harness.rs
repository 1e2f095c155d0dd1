//! The one harness factory for designer tests: the real app in egui_kittest, no GPU or display.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use eframe::egui;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use statecraft::ui::{App, AppOptions, FileDialogs};

/// File dialogs answered by the test: the next Save/Open returns what the test put here.
#[derive(Debug, Clone, Default)]
pub struct ScriptedDialogs {
    /// The path the next save dialog returns (`None`: the user cancels).
    pub save_to: Arc<Mutex<Option<PathBuf>>>,
    /// The path the next open dialog returns (`None`: the user cancels).
    pub open: Arc<Mutex<Option<PathBuf>>>,
    /// The file names save dialogs suggested, in order.
    pub suggested: Arc<Mutex<Vec<String>>>,
}

impl FileDialogs for ScriptedDialogs {
    fn pick_open(&mut self, _folder: Option<&Path>) -> Option<PathBuf> {
        self.open.lock().ok()?.take()
    }

    fn pick_save(&mut self, _: Option<&Path>, name: &str, _: &str, _: &[&str]) -> Option<PathBuf> {
        if let Ok(mut suggested) = self.suggested.lock() {
            suggested.push(name.to_owned());
        }
        self.save_to.lock().ok()?.take()
    }
}

/// How a test starts the app.
#[derive(Debug, Default)]
pub struct Start {
    /// Files to open.
    pub open: Vec<PathBuf>,
    /// The data folder (recovery files); a fresh temporary one when `None`.
    pub data_dir: Option<PathBuf>,
    /// Watch files for outside changes.
    pub watch: bool,
    /// Dialog answers.
    pub dialogs: ScriptedDialogs,
    /// Seconds between frames (kittest's default, a quarter second, when `None`); double
    /// clicks need frames closer together.
    pub step_dt: Option<f32>,
    /// The window's size (1400×900 when `None`).
    pub size: Option<egui::Vec2>,
}

/// The harness, with the app as its state, in a 1400×900 window, after the first frames.
pub fn designer(start: Start) -> Harness<'static, App> {
    let data_dir = start.data_dir.unwrap_or_else(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        dir.join("data")
    });
    let app = App::new(
        None,
        AppOptions {
            data_dir: Some(data_dir),
            open_example_when_empty: start.open.is_empty(),
            open: start.open,
            watch_files: start.watch,
            dialogs: Box::new(start.dialogs),
            inline_jobs: true,
        },
    );
    let mut builder = Harness::builder().with_size(start.size.unwrap_or(egui::vec2(1400.0, 900.0)));
    if let Some(dt) = start.step_dt {
        builder = builder.with_step_dt(dt);
    }
    let mut harness = builder.build_state(|ctx, app: &mut App| app.ui(ctx), app);
    harness.run_steps(3);
    harness
}

/// A copy of a corpus workflow in a fresh temporary folder (tests never write the fixtures).
pub fn corpus_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus/workflows")
        .join(name);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::copy(&source, &path).expect("copy the fixture");
    (dir, path)
}

/// Writes `text` to a new file in a fresh temporary folder.
pub fn temp_file(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.metadata().expect("written");
    (dir, path)
}

/// True when a state with this name is on the canvas as an accessible state widget.
pub fn has_state(harness: &Harness<'_, App>, name: &str) -> bool {
    harness
        .query_by(|node| {
            node.role_description() == Some(statecraft::ui::canvas::STATE_ROLE)
                && node.label().as_deref() == Some(name)
        })
        .is_some()
}

/// Puts the code cursor at a byte offset of the active document (as a click in the code would).
pub fn put_code_cursor(harness: &mut Harness<'_, App>, offset: usize) {
    if let Some(doc) = harness.state_mut().active_document_mut() {
        doc.view.code_cursor_to = Some(offset);
    }
    harness.run_steps(2);
}

/// The active document's text.
pub fn text(harness: &Harness<'_, App>) -> String {
    harness
        .state()
        .active_document()
        .map(|d| d.text.clone())
        .unwrap_or_default()
}

/// The ids of the selected states, as strings (JSON pointers).
pub fn selected(doc: &statecraft::ui::document::OpenDocument) -> Vec<String> {
    doc.view.selection.iter().map(ToString::to_string).collect()
}

/// Clicks the canvas widget of the state with this name.
pub fn click_state(harness: &Harness<'_, App>, name: &str) {
    harness
        .get_by(|n| {
            n.role_description() == Some(statecraft::ui::canvas::STATE_ROLE)
                && n.label().as_deref() == Some(name)
        })
        .click();
}

/// The designer on a new file holding `text`, and the folder that holds it.
pub fn designer_on(name: &str, text: &str) -> (tempfile::TempDir, Harness<'static, App>) {
    let (dir, path) = temp_file(name, text);
    let harness = designer(Start {
        open: vec![path],
        ..Start::default()
    });
    (dir, harness)
}
