//! The file lifecycle of the open documents: new, open, save (atomically), reload, close,
//! quit, export, files dropped on the window, changes made on disk by others, and recovery files.

use std::path::{Path, PathBuf};

use eframe::egui::{self, ViewportCommand};
use statecraft_asl::Format;

use super::{App, Modal, AUTOSAVE_SECS};
use crate::ui::command::ExportKind;
use crate::ui::document::{DocId, OpenDocument};
use crate::ui::files::{self, Recovery};
use crate::ui::templates::TEMPLATES;

impl App {
    pub(super) fn active_folder(&self) -> Option<PathBuf> {
        self.active_document()
            .and_then(|d| d.path.as_ref())
            .and_then(|p| p.parent().map(Path::to_path_buf))
    }

    /// Opens the bundled example (first start, or nothing else to show).
    pub(super) fn open_example(&mut self) {
        if let Some(example) = TEMPLATES.first() {
            self.new_named_document(
                example.text.to_owned(),
                Format::Json,
                None,
                Some(format!("{} (example)", example.file_name)),
            );
            if let Some(doc) = self.docs.get_mut(self.active) {
                doc.template = Some(0);
            }
        }
    }

    pub(super) fn new_document(&mut self, text: String, format: Format, path: Option<PathBuf>) {
        self.new_named_document(text, format, path, None);
    }

    pub(super) fn new_named_document(
        &mut self,
        text: String,
        format: Format,
        path: Option<PathBuf>,
        untitled_name: Option<String>,
    ) {
        let id = DocId(self.next_id);
        self.next_id += 1;
        let mut doc = OpenDocument::new(id, path, format, text);
        doc.untitled_name = untitled_name;
        self.docs.push(doc);
        self.active = self.docs.len() - 1;
        self.watch_open_files();
    }

    /// Opens a file in a new tab (or switches to its tab when it is open already); a file that
    /// cannot be a workflow gets a dialog saying why, and the app carries on.
    pub fn open_path(&mut self, path: &Path) {
        if let Some(index) = self
            .docs
            .iter()
            .position(|d| d.path.as_deref().is_some_and(|p| files::same_file(p, path)))
        {
            self.active = index;
            return;
        }
        match files::load(path) {
            Ok(loaded) => {
                self.new_document(loaded.text, loaded.format, Some(path.to_path_buf()));
                self.settings.remember_file(path);
            }
            Err(err) => self.modal = Some(Modal::OpenFailed(err)),
        }
    }

    pub(super) fn save_active(&mut self, choose_path: bool) {
        let Some(doc) = self.docs.get(self.active) else {
            return;
        };
        let path = match (&doc.path, choose_path) {
            (Some(path), false) => path.clone(),
            _ => {
                let suggested = doc.path.as_ref().and_then(|p| p.file_name()).map_or_else(
                    || match doc.format {
                        Format::Json => "workflow.asl.json".to_owned(),
                        Format::Yaml => "workflow.asl.yaml".to_owned(),
                    },
                    |n| n.to_string_lossy().into_owned(),
                );
                let folder = self.active_folder();
                let (filter, extensions): (&str, &[&str]) = match doc.format {
                    Format::Json => ("ASL JSON", &["json", "asl"]),
                    Format::Yaml => ("ASL YAML", &["yaml", "yml"]),
                };
                match self
                    .dialogs
                    .pick_save(folder.as_deref(), &suggested, filter, extensions)
                {
                    Some(path) => path,
                    None => return,
                }
            }
        };
        if doc.analysis.parse_problem.is_some() {
            self.modal = Some(Modal::SaveBroken { doc: doc.id, path });
            return;
        }
        let id = doc.id;
        self.save_to(id, &path);
    }

    pub(super) fn save_to(&mut self, id: DocId, path: &Path) -> bool {
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) else {
            return false;
        };
        match files::save(path, &doc.text) {
            Ok(()) => {
                doc.saved_text = Some(doc.text.clone());
                if doc.path.as_deref() != Some(path) {
                    doc.format = Format::from_path(path).unwrap_or(doc.format);
                    doc.path = Some(path.to_path_buf());
                }
                let name = doc.title();
                self.settings.remember_file(path);
                self.remove_recovery(id);
                self.set_status(format!("Saved {name}"));
                self.watch_open_files();
                true
            }
            Err(err) => {
                self.modal = Some(Modal::Message {
                    title: "Cannot save".into(),
                    text: format!("{err}\n\nYour changes are still here: choose File > Save as… to save them elsewhere."),
                });
                false
            }
        }
    }

    pub(super) fn reload(&mut self, id: DocId) {
        let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) else {
            return;
        };
        let Some(path) = doc.path.clone() else {
            return;
        };
        match files::load(&path) {
            Ok(loaded) => {
                let before = doc.snapshot();
                doc.saved_text = Some(loaded.text.clone());
                doc.set_text(loaded.text);
                let after = doc.snapshot();
                if before.text != after.text {
                    doc.history.record("Reload from disk", before, after);
                }
                // What was being typed into the inspector was of the text before.
                doc.view.inspector = Default::default();
                doc.external_change = false;
            }
            Err(err) => {
                // The tab keeps its text, and no longer matches the disk: marked unsaved, so that
                // closing it asks first.
                doc.saved_text = err.text.as_ref().map(|t| t.text.clone());
                doc.external_change = false;
                let title = doc.title();
                self.notify(
                    crate::ui::notifications::NoticeKind::Problem,
                    Some(id),
                    format!(
                        "{title} changed on disk and cannot be read as a workflow; the tab keeps the last text that could, marked unsaved (Save puts it back on disk)"
                    ),
                );
                self.modal = Some(Modal::OpenFailed(err));
            }
        }
    }

    pub(super) fn close(&mut self, id: DocId) {
        self.remove_recovery(id);
        self.docs.retain(|d| d.id != id);
        self.display.remove(&id);
        self.active = self.active.min(self.docs.len().saturating_sub(1));
        self.watch_open_files();
    }

    pub(super) fn request_quit(&mut self, ctx: &egui::Context) {
        if let Some(dirty) = self.docs.iter().find(|d| d.is_dirty()) {
            self.active = self.docs.iter().position(|d| d.id == dirty.id).unwrap_or(0);
            self.modal = Some(Modal::Unsaved {
                doc: dirty.id,
                quitting: true,
            });
        } else {
            self.close_confirmed = true;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }

    pub(super) fn export(&mut self, kind: ExportKind) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        // With a run shown, pictures show it at the cursor and the page replays it.
        let (diagram, overlay) = match &mut doc.run {
            Some(run) => {
                // The page replays the whole run from its events; a picture is the canvas at
                // the cursor.
                let overlay = if kind == ExportKind::Html {
                    run.view
                        .at(&run.diagram.graph, &run.events, run.events.len())
                } else {
                    (*run.overlay()).clone()
                };
                (run.diagram.clone(), Some(overlay))
            }
            None => match doc.analysis.diagram.clone() {
                Some(diagram) => (diagram, None),
                None => return,
            },
        };
        let marks = overlay.as_ref().map(statecraft_export::RunOverlay::marks);
        let doc = &self.docs[self.active];
        // The document's file name, or for a new document the name it was made under, without
        // the note in brackets ("order-saga.asl.json (from template)").
        let name = doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .or_else(|| {
                doc.untitled_name
                    .as_deref()
                    .map(|n| n.split(" (").next().unwrap_or(n).to_owned())
            })
            .unwrap_or_else(|| "workflow".to_owned());
        let stem = name.clone();
        let stem = stem
            .trim_end_matches(".json")
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .trim_end_matches(".asl")
            .to_owned();
        let title = name;
        let folder = self.active_folder();
        let Some(path) = self.dialogs.pick_save(
            folder.as_deref(),
            &format!("{stem}.{}", kind.extension()),
            kind.title(),
            &[kind.extension()],
        ) else {
            return;
        };
        let bytes: Result<Vec<u8>, String> = match kind {
            ExportKind::Svg => Ok(statecraft_export::svg(
                &diagram,
                &statecraft_export::SvgOptions {
                    title: Some(&title),
                    marks: marks.as_ref(),
                    ..Default::default()
                },
            )
            .into_bytes()),
            ExportKind::Png => statecraft_export::png(
                &diagram,
                &statecraft_export::SvgOptions {
                    title: Some(&title),
                    marks: marks.as_ref(),
                    ..Default::default()
                },
                2.0,
            )
            .map_err(|e| e.to_string()),
            ExportKind::Mermaid => Ok(statecraft_export::mermaid(&diagram.graph).into_bytes()),
            ExportKind::Html => Ok(statecraft_export::html(
                &diagram,
                &statecraft_export::HtmlOptions {
                    title: Some(&title),
                    overlay: overlay.as_ref(),
                    // The page replays the run's events with the canvas's rule (RunView).
                    events: self
                        .docs
                        .get(self.active)
                        .and_then(|doc| doc.run.as_ref())
                        .map(|run| run.events.as_slice()),
                },
            )
            .into_bytes()),
        };
        match bytes.and_then(|b| crate::fsio::write_atomic(&path, &b).map_err(|e| e.to_string())) {
            Ok(()) => {
                self.set_status(format!("Exported {}", path.display()));
            }
            Err(err) => {
                self.modal = Some(Modal::Message {
                    title: format!("Cannot export the {}", kind.title()),
                    text: err,
                })
            }
        }
    }

    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .filter_map(|f| f.path.clone())
                .collect()
        });
        for path in dropped {
            // An execution history dropped on a workflow replays on it; anything else opens.
            let history = self
                .active_document()
                .and_then(|_| read_history_file(&path));
            if let Some(history) = history {
                self.show_replay(&path, Ok(history));
            } else {
                self.open_path(&path);
            }
        }
    }

    pub(super) fn watch_open_files(&mut self) {
        if let Some(watcher) = self.watcher.as_mut() {
            watcher.watch_files(self.docs.iter().filter_map(|d| d.path.as_deref()));
        }
    }

    /// Compares each open file with its disk copy after the watcher reported a change: reloads
    /// an unedited document silently, asks about an edited one.
    pub(super) fn notice_disk_changes(&mut self) {
        let Some(watcher) = self.watcher.as_ref() else {
            return;
        };
        let changed = watcher.changed_paths();
        if changed.is_empty() {
            return;
        }
        let mut reload = Vec::new();
        for doc in &mut self.docs {
            let Some(path) = doc.path.clone() else {
                continue;
            };
            if !changed
                .iter()
                .any(|c| c == &path || files::same_file(c, &path))
            {
                continue;
            }
            let Ok(disk) = std::fs::read_to_string(&path) else {
                continue;
            };
            if doc.saved_text.as_deref() == Some(disk.as_str()) {
                continue;
            }
            if doc.is_dirty() {
                doc.external_change = true;
                if self.modal.is_none() {
                    self.modal = Some(Modal::ExternalChange(doc.id));
                }
            } else {
                reload.push(doc.id);
            }
        }
        for id in reload {
            self.reload(id);
            self.set_status("Reloaded: the file changed on disk");
        }
    }

    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(data_dir) = self.data_dir.clone() else {
            return;
        };
        let now = ctx.input(|i| i.time);
        let pending = self
            .docs
            .iter()
            .any(|d| d.is_dirty() && d.recovered_text.as_deref() != Some(d.text.as_str()));
        if !pending {
            return;
        }
        if now - self.last_autosave_secs < AUTOSAVE_SECS {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                AUTOSAVE_SECS - (now - self.last_autosave_secs),
            ));
            return;
        }
        self.last_autosave_secs = now;
        let mut failed = Vec::new();
        for doc in &mut self.docs {
            if !doc.is_dirty() || doc.recovered_text.as_deref() == Some(doc.text.as_str()) {
                continue;
            }
            let recovery = Recovery {
                pid: std::process::id(),
                path: doc.path.clone(),
                yaml: doc.format == Format::Yaml,
                text: doc.text.clone(),
            };
            match files::write_recovery(&files::recovery_file(&data_dir, doc.id.0), &recovery) {
                Ok(()) => doc.recovered_text = Some(doc.text.clone()),
                Err(err) => failed.push((doc.id, doc.title(), format!("{err:#}"))),
            }
        }
        // Said once until a write works again, not every few seconds.
        let failing = !failed.is_empty();
        if failing && !self.recovery_failing {
            for (id, title, why) in failed {
                self.notify(
                    crate::ui::notifications::NoticeKind::Problem,
                    Some(id),
                    format!(
                        "{title}: unsaved changes cannot be written to a recovery file ({why}); save them to be safe"
                    ),
                );
            }
        }
        self.recovery_failing = failing;
    }

    /// Removes a recovery file; a file that cannot be removed is reported (it would be offered
    /// again at the next start).
    pub(super) fn remove_recovery_file(&mut self, file: &std::path::Path) {
        match std::fs::remove_file(file) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => self.notify(
                crate::ui::notifications::NoticeKind::Problem,
                None,
                format!(
                    "Cannot remove the recovery file {} ({err}): it will be offered again at the next start; remove it by hand",
                    file.display()
                ),
            ),
        }
    }

    pub(super) fn remove_recovery(&mut self, id: DocId) {
        if let Some(dir) = self.data_dir.clone() {
            self.remove_recovery_file(&files::recovery_file(&dir, id.0));
        }
        if let Some(doc) = self.docs.iter_mut().find(|d| d.id == id) {
            doc.recovered_text = None;
        }
    }

    /// Removes this process's recovery files (a clean exit: nothing is left to recover).
    pub fn remove_all_recovery(&mut self) {
        let ids: Vec<DocId> = self.docs.iter().map(|d| d.id).collect();
        for id in ids {
            self.remove_recovery(id);
        }
    }
}

/// The execution history a file holds, when it holds one (a definition has no events, so it
/// does not read as a history); read and parsed once.
fn read_history_file(path: &std::path::Path) -> Option<statecraft_export::LoadedHistory> {
    let text = crate::fsio::read_text_bounded(path, crate::fsio::MAX_HISTORY_BYTES).ok()?;
    statecraft_export::read_history(&text).ok()
}
