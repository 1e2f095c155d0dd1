//! The designer: one eframe window over the same crates as the command line.
//!
//! - [`app`]: lays out the panels each frame, drains the command queue, applies edits.
//! - [`command`]: every user action with its label, shortcut and menu.
//! - [`document`]: one open workflow (text, history, view state, derived diagram and problems).
//! - [`history`]: undo and redo of text states.
//! - [`files`]: reading, atomic saving, recovery files, the file watcher.
//! - [`canvas`]: the diagram, camera, selection; [`panels`]: code view, problems, details.
//! - [`theme`]: fonts and visuals; [`settings`]: what is remembered between starts.

pub mod app;
pub mod canvas;
pub mod command;
pub mod compare;
mod dialogs;
pub mod document;
pub mod files;
pub mod history;
pub mod jobs;
pub mod notifications;
pub mod panels;
pub mod run;
pub mod settings;
pub mod templates;
pub mod testing;
pub mod theme;

use std::path::PathBuf;

pub use app::{App, AppOptions};
pub use dialogs::{FileDialogs, NativeFileDialogs};

/// The app's id: the window class on Linux, and the folder of its settings and recovery files.
pub const APP_ID: &str = "statecraft";

/// Opens the designer window on `file` (or the bundled example) and returns when it closes.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let icon = icon(256);
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("Statecraft")
        .with_app_id(APP_ID)
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    let data_dir = eframe::storage_dir(APP_ID);
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            let app_options = AppOptions {
                data_dir,
                open: file.into_iter().collect(),
                open_example_when_empty: true,
                watch_files: true,
                dialogs: Box::new(NativeFileDialogs),
                inline_jobs: false,
            };
            Ok(Box::new(App::new(cc.storage, app_options)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the designer window: {e}"))
}

/// The app icon (`icons/statecraft.svg`) rasterised at `size` pixels a side.
fn icon(size: u32) -> Option<eframe::egui::IconData> {
    let svg = include_bytes!("../../icons/statecraft.svg");
    let tree = resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default()).ok()?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size)?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // tiny-skia keeps premultiplied alpha; the window icon wants straight alpha.
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Some(eframe::egui::IconData {
        rgba,
        width: size,
        height: size,
    })
}
