//! Editing the workflow from the canvas: delete, duplicate, rename, cut, copy and paste states,
//! add a branch. Each gesture is one `statecraft_asl::gesture` call, so one `Edit` and one undo
//! step; a gesture the workflow does not allow says why in the status bar.

use eframe::egui::{self, RichText};
use statecraft_asl::edit::Edit;
use statecraft_asl::gesture::{self, GestureError};
use statecraft_asl::graph::NodeKind;
use statecraft_asl::model::StateType;

use super::{App, Modal};
use crate::ui::command::Command;

impl App {
    /// The selected states' pointers (states a gesture can address), in document order.
    fn selected_pointers(&self) -> Vec<String> {
        let Some(doc) = self.active_document() else {
            return Vec::new();
        };
        let Some(graph) = doc.graph() else {
            return Vec::new();
        };
        graph
            .states()
            .filter(|n| doc.view.selection.contains(&n.id))
            .filter_map(|n| n.id.state_pointer().map(str::to_owned))
            .collect()
    }

    /// Applies a gesture's edit, or says why there is none.
    pub(super) fn apply_gesture(&mut self, result: Result<Edit, GestureError>) {
        match result {
            Ok(edit) => self.apply_edit(&edit),
            Err(GestureError::Unchanged(_)) => {}
            Err(why) => self.set_status(why.to_string()),
        }
    }

    /// Runs an editing command on the selection.
    pub(super) fn gesture_command(&mut self, ctx: &egui::Context, command: &Command) {
        let selected = self.selected_pointers();
        let Some(document) = self
            .active_document()
            .and_then(|d| d.analysis.document.clone())
        else {
            self.set_status("Fix the text first: it does not parse.");
            return;
        };
        if selected.is_empty() {
            let edge = self
                .active_document()
                .and_then(|d| d.view.selected_edge.clone());
            match (command, edge) {
                (Command::DeleteSelection, Some(edge)) => {
                    self.apply_gesture(gesture::delete_edge(&document, &edge));
                }
                _ if self
                    .active_document()
                    .is_some_and(|d| d.compare.is_some() && !d.view.selection.is_empty()) =>
                {
                    self.set_status(
                        "The selected state was removed: it is only shown for the comparison.",
                    )
                }
                _ => self.set_status("Select a state on the canvas first."),
            }
            return;
        }
        match command {
            Command::DeleteSelection => {
                self.apply_gesture(gesture::delete_states(&document, &selected));
            }
            Command::Duplicate => {
                self.apply_gesture(gesture::duplicate_states(&document, &selected));
            }
            Command::CopyStates => match gesture::copy_states(&document, &selected) {
                Ok(text) => {
                    ctx.copy_text(text);
                    self.set_status(copied(selected.len(), "Copied"));
                }
                Err(why) => self.set_status(why.to_string()),
            },
            Command::CutStates => match gesture::cut_states(&document, &selected) {
                Ok((text, edit)) => {
                    ctx.copy_text(text);
                    self.apply_edit(&edit);
                    self.set_status(copied(selected.len(), "Cut"));
                }
                Err(why) => self.set_status(why.to_string()),
            },
            Command::Rename => {
                let [pointer] = selected.as_slice() else {
                    self.set_status("Select one state to rename.");
                    return;
                };
                let Some(doc) = self.active_document() else {
                    return;
                };
                let name = doc
                    .graph()
                    .and_then(|g| g.state_at(pointer))
                    .map(|n| n.name.clone())
                    .unwrap_or_default();
                self.modal = Some(Modal::Rename {
                    doc: doc.id,
                    pointer: pointer.clone(),
                    name,
                    error: None,
                });
            }
            Command::AddBranch => {
                let parallel = selected.iter().find(|p| {
                    self.active_document()
                        .and_then(|d| d.graph())
                        .and_then(|g| g.state_at(p))
                        .is_some_and(|n| {
                            n.kind == NodeKind::State && n.state_type == Some(StateType::Parallel)
                        })
                });
                match parallel {
                    Some(p) => self.apply_gesture(gesture::add_branch(&document, p)),
                    None => self.set_status("Select a Parallel state to add a branch to it."),
                }
            }
            _ => {}
        }
    }

    /// Pastes ASL text from the clipboard into the selected state's scope (the top level when
    /// nothing is selected).
    pub(super) fn paste_states(&mut self, text: &str) {
        let Some(doc) = self.active_document() else {
            return;
        };
        let Some(document) = doc.analysis.document.clone() else {
            self.set_status("Fix the text first: it does not parse.");
            return;
        };
        let scope = doc
            .graph()
            .and_then(|g| {
                g.states()
                    .find(|n| doc.view.selection.contains(&n.id))
                    .map(|n| n.scope.pointer().to_owned())
            })
            .unwrap_or_default();
        self.apply_gesture(gesture::paste_states(&document, &scope, text));
    }

    /// Copy, cut and paste while the canvas (no text field) has the keyboard.
    pub(super) fn clipboard_events(&mut self, ctx: &egui::Context) {
        if ctx.wants_keyboard_input() || self.modal.is_some() {
            return;
        }
        let events: Vec<egui::Event> = ctx.input(|i| {
            i.events
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        egui::Event::Copy | egui::Event::Cut | egui::Event::Paste(_)
                    )
                })
                .cloned()
                .collect()
        });
        for event in events {
            match event {
                egui::Event::Copy => self.commands.push(Command::CopyStates),
                egui::Event::Cut => self.commands.push(Command::CutStates),
                egui::Event::Paste(text) => self.paste_states(&text),
                _ => {}
            }
        }
    }

    /// The rename dialog: the new name, checked as AWS would when Enter is pressed.
    pub(super) fn rename_ui(
        &mut self,
        ctx: &egui::Context,
        doc: super::DocId,
        pointer: String,
        mut name: String,
        mut error: Option<String>,
    ) {
        let mut close = false;
        let mut submit = false;
        egui::Modal::new(egui::Id::new("statecraft rename")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("Rename state");
            ui.label(RichText::new("Transitions to it in its scope follow the new name.").weak());
            ui.add_space(6.0);
            let response = ui.add(
                egui::TextEdit::singleline(&mut name)
                    .desired_width(f32::INFINITY)
                    .hint_text("New name"),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "New state name")
            });
            if !response.has_focus() && !response.lost_focus() {
                response.request_focus();
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                submit = true;
            }
            if let Some(why) = &error {
                ui.label(RichText::new(why).color(ui.visuals().error_fg_color));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Rename").clicked() {
                    submit = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
        if submit {
            let document = self
                .docs
                .iter()
                .find(|d| d.id == doc)
                .and_then(|d| d.analysis.document.clone());
            match document.map(|d| gesture::rename_state(&d, &pointer, name.trim())) {
                Some(Ok(edit)) => {
                    self.modal = None;
                    self.apply_edit(&edit);
                    // The renamed state stays selected (under its new pointer).
                    if let Some((scope, _)) = pointer.rsplit_once('/') {
                        let renamed = format!(
                            "{scope}/{}",
                            name.trim().replace('~', "~0").replace('/', "~1")
                        );
                        if let Some(doc) = self.docs.iter_mut().find(|d| d.id == doc) {
                            let id = statecraft_asl::graph::NodeId::state(renamed);
                            if doc.graph().is_some_and(|g| g.node(&id).is_some()) {
                                doc.view.selection = std::collections::BTreeSet::from([id]);
                            }
                        }
                    }
                    return;
                }
                Some(Err(GestureError::Unchanged(_))) => close = true,
                Some(Err(why)) => error = Some(why.to_string()),
                None => close = true,
            }
        }
        self.modal = if close {
            None
        } else {
            Some(Modal::Rename {
                doc,
                pointer,
                name,
                error,
            })
        };
    }
}

/// "Copied 2 states".
fn copied(count: usize, verb: &str) -> String {
    format!(
        "{verb} {count} state{} as ASL JSON",
        if count == 1 { "" } else { "s" }
    )
}
