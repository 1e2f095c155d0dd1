//! Comparing the active document with another version (View > Compare with…): the dialog that
//! chooses the version, reading it (a git revision through a background job), and what the
//! canvas, the Changes tab and the inspector do while comparing.

use eframe::egui::{self, RichText};
use statecraft_asl::graph::NodeId;
use statecraft_export::Theme;

use super::{App, Modal};
use crate::ui::command::Command;
use crate::ui::compare::{parse_version, Baseline, CompareSession, GitRead};
use crate::ui::document::DocId;
use crate::ui::jobs::Job;
use crate::ui::panels::changes::{change_fields_ui, changes_ui, ChangesAction};
use crate::ui::panels::code::state_text_range;
use crate::ui::settings::SideTab;

/// A git revision being read for a document's comparison.
#[derive(Debug)]
pub(super) struct PendingRead {
    doc: DocId,
    job: Job<GitRead>,
}

impl App {
    /// The compare commands (the dialog, a version, a file, stop).
    pub(super) fn compare_command(&mut self, command: Command) {
        let Some(doc) = self.docs.get(self.active) else {
            return;
        };
        let id = doc.id;
        match command {
            Command::CompareWith => {
                let revision = match doc.compare.as_ref().map(|c| &c.baseline) {
                    Some(Baseline::Revision(rev)) => rev.clone(),
                    _ => "HEAD".to_owned(),
                };
                self.modal = Some(Modal::Compare {
                    doc: id,
                    revision,
                    error: None,
                    focus: true,
                });
            }
            Command::Compare(baseline) => self.start_compare(id, baseline),
            Command::CompareWithFile => {
                let folder = self.active_folder();
                if let Some(path) = self.dialogs.pick_open(folder.as_deref()) {
                    self.start_compare(id, Baseline::File(path));
                }
            }
            Command::StopComparing => {
                if let Some(doc) = self.docs.get_mut(self.active) {
                    if doc.compare.take().is_some() {
                        doc.view.selection.retain(|id| {
                            doc.analysis
                                .diagram
                                .as_ref()
                                .is_some_and(|d| d.graph.node(id).is_some())
                        });
                        self.set_status("Stopped comparing.");
                    }
                }
            }
            _ => {}
        }
    }

    /// Reads the other version and compares `doc` with it; a git revision is read in the
    /// background (the dialog, if open, says so and shows what went wrong).
    fn start_compare(&mut self, doc: DocId, baseline: Baseline) {
        let Some(open) = self.docs.iter().find(|d| d.id == doc) else {
            return;
        };
        let format = open.format;
        let read = match &baseline {
            Baseline::Saved => match &open.saved_text {
                Some(text) => parse_version(
                    text.clone(),
                    open.path.as_deref(),
                    format,
                    "The saved file",
                ),
                None => Err("This workflow has not been saved yet: there is no saved version to compare with. Save it first, or compare with another file.".to_owned()),
            },
            Baseline::Revision(revision) => {
                let revision = revision.trim().to_owned();
                let Some(path) = open.path.clone() else {
                    return self.compare_failed(
                        doc,
                        "This workflow has no file yet, so git has no version of it. Save it in a git repository first, or compare with another file.".to_owned(),
                    );
                };
                if revision.is_empty() {
                    return self.compare_failed(
                        doc,
                        "Name a revision: HEAD, a branch, a tag or a commit.".to_owned(),
                    );
                }
                let job = Job::start(
                    &self.executor,
                    GitRead {
                        file: path,
                        revision,
                        doc,
                        commands: self.commands.sender(),
                    },
                );
                self.compare_read = Some(PendingRead { doc, job });
                return;
            }
            Baseline::File(path) => match crate::ui::files::load(path) {
                Ok(loaded) => parse_version(
                    loaded.text,
                    Some(path),
                    loaded.format,
                    &path.display().to_string(),
                ),
                Err(err) => Err(err.to_string()),
            },
        };
        match read {
            Ok(old) => self.compare_ready(doc, CompareSession::new(baseline, old)),
            Err(why) => self.compare_failed(doc, why),
        }
    }

    /// Keeps the git read going (an inline job works when polled); its result comes back as a
    /// command.
    pub(super) fn drive_compare_read(&mut self) {
        if let Some(pending) = &mut self.compare_read {
            pending.job.poll();
        }
    }

    /// A version read from git for the active document (the command its job sent): compares
    /// with it, or says why it cannot.
    pub(super) fn compare_loaded(&mut self, revision: String, text: Result<String, String>) {
        let Some(open) = self.docs.get(self.active) else {
            return;
        };
        let doc = open.id;
        if self.compare_read.as_ref().is_some_and(|p| p.doc == doc) {
            self.compare_read = None;
        }
        let name = open.title();
        let parsed = text
            .map_err(|why| format!("Git cannot give {revision}:{name}: {why}."))
            .and_then(|text| {
                parse_version(
                    text,
                    open.path.as_deref(),
                    open.format,
                    &format!("{revision}:{name}"),
                )
            });
        match parsed {
            Ok(old) => {
                self.compare_ready(doc, CompareSession::new(Baseline::Revision(revision), old))
            }
            Err(why) => self.compare_failed(doc, why),
        }
    }

    /// True while a git revision is being read for the comparison.
    pub(super) fn compare_reading(&self) -> bool {
        self.compare_read.is_some()
    }

    /// Shows the comparison: the Changes tab, the canvas coloured; says what changed.
    fn compare_ready(&mut self, doc: DocId, session: CompareSession) {
        if matches!(self.modal, Some(Modal::Compare { doc: d, .. }) if d == doc) {
            self.modal = None;
        }
        let Some(open) = self.docs.iter_mut().find(|d| d.id == doc) else {
            return;
        };
        let label = session.label();
        open.compare = Some(session);
        open.tests.show_coverage = false;
        let summary = open
            .refresh_compare()
            .map(|shown| shown.view.diff.count_line())
            .unwrap_or_default();
        self.settings.show_details = true;
        self.settings.side_tab = SideTab::Changes;
        self.set_status(if summary.is_empty() {
            format!("Compared with {label}: no changes.")
        } else {
            format!("Compared with {label}: the Changes list names each change.")
        });
    }

    /// Says why the comparison cannot be made: in the dialog when it is open, else in the
    /// notifications (the dialog may have been closed while git was read).
    fn compare_failed(&mut self, doc: DocId, why: String) {
        match &mut self.modal {
            Some(Modal::Compare { doc: d, error, .. }) if *d == doc => *error = Some(why),
            _ => self.notify(
                crate::ui::notifications::NoticeKind::Problem,
                Some(doc),
                format!("Cannot compare: {why}"),
            ),
        }
    }

    /// The dialog: the saved file, a git revision (HEAD by default), or another file.
    pub(super) fn compare_dialog_ui(
        &mut self,
        ctx: &egui::Context,
        doc: DocId,
        mut revision: String,
        error: Option<String>,
        focus: bool,
    ) {
        let Some(open) = self.docs.iter().find(|d| d.id == doc) else {
            self.modal = None;
            return;
        };
        let title = open.title();
        let has_file = open.path.is_some();
        let reading = self.compare_reading();
        let mut chosen: Option<Command> = None;
        let mut close = false;
        egui::Modal::new(egui::Id::new("statecraft compare")).show(ctx, |ui| {
            ui.set_width(480.0);
            ui.heading("Compare with");
            ui.label(
                RichText::new(format!(
                    "See what changed in {title} since another version: the canvas colours added, \
                     changed and removed states, and the Changes list names each change."
                ))
                .weak(),
            );
            ui.add_space(8.0);
            let saved = ui
                .add_enabled(!reading, egui::Button::new("The saved file"))
                .on_hover_text(if has_file {
                    "What the file holds on disk: your unsaved changes"
                } else {
                    "The text this workflow was created with (it has no file yet)"
                });
            if saved.clicked() {
                chosen = Some(Command::Compare(Baseline::Saved));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label("Git revision:");
                let field = ui.add_enabled(
                    has_file && !reading,
                    egui::TextEdit::singleline(&mut revision)
                        .desired_width(160.0)
                        .hint_text("HEAD"),
                );
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Git revision")
                });
                if focus && has_file {
                    field.request_focus();
                }
                let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let compare = ui
                    .add_enabled(
                        has_file && !reading,
                        egui::Button::new("Compare with revision"),
                    )
                    .on_hover_text(
                        "The file as it is in that commit: HEAD, a branch, a tag, HEAD~1",
                    );
                if compare.clicked() || enter {
                    chosen = Some(Command::Compare(Baseline::Revision(revision.clone())));
                }
            });
            if !has_file {
                ui.label(
                    RichText::new(
                        "Save the workflow in a git repository to compare with a revision.",
                    )
                    .weak(),
                );
            }
            if reading {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading from git…");
                });
            }
            ui.add_space(6.0);
            if ui
                .add_enabled(!reading, egui::Button::new("Another file…"))
                .on_hover_text("Any workflow file (JSON or YAML)")
                .clicked()
            {
                chosen = Some(Command::CompareWithFile);
            }
            if let Some(why) = &error {
                ui.add_space(6.0);
                ui.add(
                    egui::Label::new(RichText::new(why).color(ui.visuals().error_fg_color)).wrap(),
                );
            }
            ui.add_space(8.0);
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.compare_read = None;
            self.modal = None;
            return;
        }
        self.modal = Some(Modal::Compare {
            doc,
            revision,
            error: if chosen.is_some() { None } else { error },
            focus: false,
        });
        match chosen {
            Some(Command::CompareWithFile) => {
                // The file dialog is modal itself: the compare dialog steps aside for it.
                self.modal = None;
                self.compare_command(Command::CompareWithFile);
            }
            Some(Command::Compare(baseline)) => self.start_compare(doc, baseline),
            _ => {}
        }
    }

    /// The Changes tab of the side panel.
    pub(super) fn changes_tab_ui(&mut self, ui: &mut egui::Ui, theme: Theme) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        doc.refresh_compare();
        let action = changes_ui(ui, doc.compare.as_ref(), &doc.view.selection, theme);
        match action {
            Some(ChangesAction::Select(index)) => self.select_change(index),
            Some(ChangesAction::CompareWith) => self.commands.push(Command::CompareWith),
            Some(ChangesAction::Stop) => self.commands.push(Command::StopComparing),
            None => {}
        }
    }

    /// Selects the state of a change on the canvas, centres it, and marks its text.
    fn select_change(&mut self, index: usize) {
        let Some(doc) = self.docs.get_mut(self.active) else {
            return;
        };
        let Some(node) = doc
            .compare
            .as_ref()
            .and_then(|c| c.shown())
            .and_then(|s| s.view.node_of(index))
            .cloned()
        else {
            return;
        };
        doc.view.selection = std::collections::BTreeSet::from([node.clone()]);
        doc.view.code_reveal = state_text_range(doc, &node);
        doc.view.centre_on = Some(node);
    }

    /// Above the inspector while comparing: the selected state's change. Returns true when the
    /// selection is a removed state's ghost (nothing to edit: the inspector is not shown).
    pub(super) fn compare_inspector_ui(&mut self, ui: &mut egui::Ui, theme: Theme) -> bool {
        let Some(doc) = self.docs.get(self.active) else {
            return false;
        };
        let selected: Vec<&NodeId> = doc.view.selection.iter().collect();
        let (Some(compare), [id]) = (doc.compare.as_ref(), selected.as_slice()) else {
            return false;
        };
        let Some(shown) = compare.shown() else {
            return false;
        };
        let Some(change) = shown
            .view
            .change_at(id)
            .and_then(|i| shown.view.diff.states.get(i))
        else {
            return false;
        };
        let ghost = shown.view.is_ghost(id);
        let old_state = ghost
            .then_some(change.old.as_ref())
            .flatten()
            .and_then(|at| compare.old.to_value().pointer(&at.pointer).cloned());
        if ghost {
            let name = change.old.as_ref().map_or("", |s| s.name.as_str());
            ui.heading(name);
            ui.add_space(4.0);
        }
        change_fields_ui(ui, change, &compare.label(), theme, old_state.as_ref());
        ui.add_space(8.0);
        ghost
    }

    /// A bar above the canvas while comparing: with what, how much changed, and a way out.
    pub(super) fn compare_bar_ui(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = self.docs.get(self.active) else {
            return;
        };
        let Some(compare) = &doc.compare else {
            return;
        };
        let summary = compare
            .shown()
            .map(|s| s.view.diff.count_line())
            .unwrap_or_default();
        let label = compare.label();
        let mut stop = false;
        let mut list = false;
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 4))
            .fill(ui.visuals().panel_fill)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong(format!("Compared with {label}"));
                    // The buttons keep their room on the right; the summary is cut (whole on
                    // hover, and in the Changes list).
                    let room = (ui.available_width() - 230.0).max(40.0);
                    ui.scope(|ui| {
                        ui.set_max_width(room);
                        ui.add(
                            egui::Label::new(if summary.is_empty() {
                                "no changes".to_owned()
                            } else {
                                summary
                            })
                            .truncate(),
                        );
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        stop = ui
                            .button("Stop comparing")
                            .on_hover_text("Show the workflow on its own again")
                            .clicked();
                        list = ui
                            .button("Changes")
                            .on_hover_text("The list of changes, in the side panel")
                            .clicked();
                    });
                });
            });
        if stop {
            self.commands.push(Command::StopComparing);
        }
        if list {
            self.settings.show_details = true;
            self.settings.side_tab = SideTab::Changes;
        }
    }
}
