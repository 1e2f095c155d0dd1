//! The app's dialogs: errors, unsaved changes, outside changes, recovery, shortcuts, about.

use eframe::egui::{self, RichText};
use statecraft_asl::Format;

use super::{App, Modal};
use crate::ui::command::Command;
use crate::ui::document::{DocId, OpenDocument};
use crate::ui::files::FoundRecovery;

/// What a dialog's button does once the dialog is gone.
type ModalAction = Box<dyn FnOnce(&mut App, &egui::Context)>;

impl App {
    pub(super) fn modal_ui(&mut self, ctx: &egui::Context) {
        let Some(modal) = self.modal.clone() else {
            return;
        };
        match modal {
            Modal::TemplateGallery { chosen } => return self.gallery_ui(ctx, chosen),
            Modal::Rename {
                doc,
                pointer,
                name,
                error,
            } => return self.rename_ui(ctx, doc, pointer, name, error),
            Modal::Compare {
                doc,
                revision,
                error,
                focus,
            } => return self.compare_dialog_ui(ctx, doc, revision, error, focus),
            _ => {}
        }
        let mut close = false;
        let mut action: Option<ModalAction> = None;
        egui::Modal::new(egui::Id::new("statecraft modal")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(modal.title());
            ui.add_space(6.0);
            match &modal {
                Modal::Message { text, .. } => {
                    ui.label(text);
                    ui.add_space(8.0);
                    if ui.button("OK").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        close = true;
                    }
                }
                Modal::OpenFailed(err) => {
                    ui.label(RichText::new(err.path.display().to_string()).strong());
                    ui.label(&err.what);
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("OK").clicked() {
                            close = true;
                        }
                        if let Some(text) = err.text.clone() {
                            let path = err.path.clone();
                            if ui.button("Open the text anyway").on_hover_text("Open it in the code view to fix it").clicked() {
                                action = Some(Box::new(move |app, _| {
                                    app.new_document(text.text, text.format, Some(path.clone()));
                                    app.settings.remember_file(&path);
                                }));
                            }
                        }
                    });
                }
                Modal::Unsaved { doc, quitting } => {
                    let name = self.docs.iter().find(|d| d.id == *doc).map(|d| d.title()).unwrap_or_default();
                    ui.label(format!("{name} has changes that are not saved. Save them first?"));
                    ui.add_space(8.0);
                    let (doc, quitting) = (*doc, *quitting);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            action = Some(Box::new(move |app, ctx| {
                                app.active = app.docs.iter().position(|d| d.id == doc).unwrap_or(app.active);
                                app.save_active(false);
                                let saved = app.docs.iter().find(|d| d.id == doc).is_some_and(|d| !d.is_dirty());
                                if saved && app.modal.is_none() {
                                    app.after_unsaved_answer(ctx, doc, quitting);
                                }
                            }));
                        }
                        if ui.button("Don't save").clicked() {
                            action = Some(Box::new(move |app, ctx| {
                                if let Some(d) = app.docs.iter_mut().find(|d| d.id == doc) {
                                    d.saved_text = Some(d.text.clone());
                                }
                                app.after_unsaved_answer(ctx, doc, quitting);
                            }));
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::ExternalChange(doc) => {
                    let name = self.docs.iter().find(|d| d.id == *doc).map(|d| d.title()).unwrap_or_default();
                    ui.label(format!("{name} was changed on disk by another program, and you have unsaved changes here."));
                    ui.add_space(8.0);
                    let doc = *doc;
                    ui.horizontal(|ui| {
                        if ui.button("Reload from disk").on_hover_text("Your changes here are replaced (Undo brings them back)").clicked() {
                            action = Some(Box::new(move |app, _| app.reload(doc)));
                        }
                        if ui.button("Keep my version").on_hover_text("Saving will overwrite the file on disk").clicked() {
                            action = Some(Box::new(move |app, _| {
                                if let Some(d) = app.docs.iter_mut().find(|d| d.id == doc) {
                                    d.external_change = false;
                                    d.saved_text = None;
                                }
                            }));
                        }
                    });
                }
                Modal::Recover(found) => {
                    ui.label("Statecraft did not close cleanly last time. These workflows had unsaved changes:");
                    for f in found {
                        let name = f.recovery.path.as_ref().map_or_else(|| "Untitled".to_owned(), |p| p.display().to_string());
                        ui.label(format!("\u{2022} {name} ({} lines)", f.recovery.text.lines().count()));
                    }
                    ui.add_space(8.0);
                    let found = found.clone();
                    ui.horizontal(|ui| {
                        if ui.button("Recover").clicked() {
                            let found = found.clone();
                            action = Some(Box::new(move |app, _| app.recover(found)));
                        }
                        if ui.button("Discard").clicked() {
                            let found = found.clone();
                            action = Some(Box::new(move |app, _| {
                                for f in &found {
                                    app.remove_recovery_file(&f.file);
                                }
                                if app.docs.is_empty() {
                                    app.open_example();
                                }
                            }));
                        }
                    });
                }
                Modal::SaveBroken { doc, path } => {
                    ui.label("The text does not parse, so AWS would not accept it. Save it as it is anyway? Nothing in it is changed.");
                    ui.add_space(8.0);
                    let (doc, path) = (*doc, path.clone());
                    ui.horizontal(|ui| {
                        if ui.button("Save anyway").clicked() {
                            action = Some(Box::new(move |app, _| {
                                app.save_to(doc, &path);
                            }));
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Modal::Shortcuts => {
                    // On a small window the list scrolls; the title and Close stay in view.
                    let room = (ui.ctx().content_rect().height() - 160.0).max(120.0);
                    egui::ScrollArea::vertical().max_height(room).show(ui, |ui| {
                    egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                        for command in Command::listed() {
                            if let Some(text) = command.shortcut_text(ui.ctx()) {
                                ui.label(command.label());
                                ui.label(RichText::new(text).monospace());
                                ui.end_row();
                            }
                        }
                        for (what, keys) in [
                            ("Pan", "Drag empty canvas, scroll, arrow keys"),
                            ("Zoom around the pointer", "Ctrl+scroll, pinch"),
                            ("Select several", "Shift+click, Shift+drag a box"),
                            (
                                "Move a state",
                                "Drag it onto an arrow or into another branch (they light up); released elsewhere, nothing moves",
                            ),
                        ] {
                            ui.label(what);
                            ui.label(keys);
                            ui.end_row();
                        }
                    });
                    });
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Modal::TemplateGallery { .. } | Modal::Rename { .. } | Modal::Compare { .. } => {
                    close = true
                }
                Modal::About => {
                    ui.label(format!("Statecraft {}", env!("CARGO_PKG_VERSION")));
                    ui.label("A desktop studio for AWS Step Functions. Apache-2.0.");
                    ui.label("Diagram font: DejaVu Sans (Bitstream Vera licence).");
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            }
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !matches!(modal, Modal::Recover(_)) {
                close = true;
            }
        });
        if close || action.is_some() {
            self.modal = None;
        }
        if let Some(action) = action {
            action(self, ctx);
        }
    }

    fn after_unsaved_answer(&mut self, ctx: &egui::Context, doc: DocId, quitting: bool) {
        if quitting {
            self.request_quit(ctx);
        } else {
            self.close(doc);
        }
    }

    fn recover(&mut self, found: Vec<FoundRecovery>) {
        for f in found {
            let format = if f.recovery.yaml {
                Format::Yaml
            } else {
                Format::Json
            };
            let on_disk = f
                .recovery
                .path
                .as_ref()
                .and_then(|p| std::fs::read_to_string(p).ok());
            let id = DocId(self.next_id);
            self.next_id += 1;
            let mut doc = OpenDocument::new(id, f.recovery.path.clone(), format, f.recovery.text);
            doc.saved_text = on_disk;
            self.docs.push(doc);
            self.active = self.docs.len() - 1;
            self.remove_recovery_file(&f.file);
        }
        self.watch_open_files();
    }
}
