//! The menu bar, the tab row and the status bar.

use eframe::egui::{self, Align, Layout, RichText, Ui};
use statecraft_asl::Format;

use super::{App, STATUS_SECS};
use crate::ui::command::{Command, ExportKind, Menu};
use crate::ui::settings::{SideTab, ThemeChoice};
use crate::ui::theme;

/// Longest tab title, in characters (the full path is in the tab's tooltip).
const TAB_TITLE_CHARS: usize = 48;

/// `text` cut in the middle with `…` when longer than `max_chars` (file names differ at both ends).
fn shortened(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let head = max_chars / 3;
    let tail = max_chars - head - 1;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}\u{2026}{end}")
}

impl App {
    pub(super) fn menu_bar_ui(&mut self, ctx: &egui::Context) {
        egui::TopBottomPanel::top("menu bar").show(ctx, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                for menu in Menu::ALL {
                    ui.menu_button(menu.title(), |ui| self.menu_ui(ui, menu));
                }
            });
        });
    }

    fn menu_ui(&mut self, ui: &mut Ui, menu: Menu) {
        let commands: Vec<Command> = Command::listed()
            .into_iter()
            .filter(|c| c.menu() == menu)
            .collect();
        for command in commands {
            if menu == Menu::File && matches!(command, Command::Export(ExportKind::Svg)) {
                ui.separator();
                self.recent_menu_ui(ui);
                ui.separator();
            }
            if matches!(
                command,
                Command::Quit
                    | Command::Theme(ThemeChoice::System)
                    | Command::ZoomIn
                    | Command::ToggleCollapse
                    | Command::NextTab
                    | Command::CompareWith
            ) {
                ui.separator();
            }
            let label = self.menu_label(&command);
            let enabled = self.is_enabled(&command);
            let mut button = egui::Button::new(label);
            if let Some(text) = command.shortcut_text(ui.ctx()) {
                button = button.shortcut_text(text);
            }
            if let Some(checked) = self.checked(&command) {
                button = button.selected(checked);
            }
            if ui
                .add_enabled(enabled, button)
                .on_hover_text(command.description())
                .clicked()
            {
                self.commands.push(command);
                ui.close();
            }
        }
    }

    fn recent_menu_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("Open recent", |ui| {
            if self.settings.recent_files.is_empty() {
                ui.label(RichText::new("No recent files").weak());
            }
            for path in self.settings.recent_files.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.commands.push(Command::OpenPath(path));
                    ui.close();
                }
            }
        });
    }

    /// Menu labels that name what they act on ("Undo Rename state A to B").
    fn menu_label(&self, command: &Command) -> String {
        let doc = self.active_document();
        match command {
            Command::Undo => match doc.and_then(|d| d.history.undo_label()) {
                Some(label) => format!("Undo {label}"),
                None => "Undo".into(),
            },
            Command::Redo => match doc.and_then(|d| d.history.redo_label()) {
                Some(label) => format!("Redo {label}"),
                None => "Redo".into(),
            },
            _ => command.label(),
        }
    }

    fn checked(&self, command: &Command) -> Option<bool> {
        Some(match command {
            Command::ToggleCanvas => self.settings.show_canvas,
            Command::ToggleCode => self.settings.show_code,
            Command::ToggleProblems => self.settings.show_problems,
            Command::ToggleDetails => self.settings.show_details,
            Command::ShowInspector => {
                self.settings.show_details && self.settings.side_tab == SideTab::Inspector
            }
            Command::ShowPalette => {
                self.settings.show_details && self.settings.side_tab == SideTab::Palette
            }
            Command::StopComparing => return None,
            Command::Theme(choice) => self.settings.theme == *choice,
            _ => return None,
        })
    }

    fn is_enabled(&self, command: &Command) -> bool {
        let doc = self.active_document();
        match command {
            Command::Undo => doc.is_some_and(|d| d.history.undo_label().is_some()),
            Command::Redo => doc.is_some_and(|d| d.history.redo_label().is_some()),
            Command::Reload => doc.is_some_and(|d| d.path.is_some()),
            Command::Save
            | Command::SaveAs
            | Command::CloseTab
            | Command::Find
            | Command::SelectAll => doc.is_some(),
            Command::Export(_)
            | Command::FitView
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset => doc.is_some_and(|d| d.analysis.diagram.is_some()),
            Command::NextTab | Command::PreviousTab => self.docs.len() > 1,
            Command::CompareWith | Command::CompareWithFile => doc.is_some(),
            Command::Compare(crate::ui::compare::Baseline::Revision(_)) => {
                doc.is_some_and(|d| d.path.is_some())
            }
            Command::Compare(_) => doc.is_some(),
            Command::StopComparing => doc.is_some_and(|d| d.compare.is_some()),
            _ => true,
        }
    }

    pub(super) fn tabs_ui(&mut self, ctx: &egui::Context) {
        if self.docs.is_empty() {
            return;
        }
        egui::TopBottomPanel::top("tabs").show(ctx, |ui| {
            ui.horizontal_wrapped(|ui| {
                let mut close = None;
                for (index, doc) in self.docs.iter().enumerate() {
                    let label = format!(
                        "{}{}",
                        if doc.is_dirty() { "\u{25cf} " } else { "" },
                        shortened(&doc.title(), TAB_TITLE_CHARS)
                    );
                    let tab = ui
                        .selectable_label(index == self.active, label)
                        .on_hover_text(doc.path.as_ref().map_or_else(
                            || "Not saved yet".to_owned(),
                            |p| p.display().to_string(),
                        ));
                    if tab.clicked() {
                        self.active = index;
                    }
                    if tab.middle_clicked() {
                        close = Some(index);
                    }
                    if ui
                        .small_button("\u{00d7}")
                        .on_hover_text(format!("Close {}", doc.title()))
                        .clicked()
                    {
                        close = Some(index);
                    }
                    ui.add_space(6.0);
                }
                if let Some(index) = close {
                    self.active = index;
                    self.commands.push(Command::CloseTab);
                }
            });
        });
    }

    /// The notifications button and its list.
    fn notifications_ui(&mut self, ui: &mut egui::Ui) {
        let unseen = self.notifications.unseen();
        let label = if unseen > 0 {
            format!("Notifications ({unseen})")
        } else {
            "Notifications".to_owned()
        };
        let button = ui.add_enabled(
            !self.notifications.items().is_empty(),
            egui::Button::new(label).small(),
        );
        let popup = egui::Popup::menu(&button)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
        let mut clear = false;
        let shown = popup
            .show(|ui| {
                ui.set_min_width(360.0);
                egui::ScrollArea::vertical()
                    .max_height(300.0)
                    .show(ui, |ui| {
                        for note in self.notifications.items().iter().rev() {
                            let colour = match note.kind {
                                crate::ui::notifications::NoticeKind::Info => {
                                    ui.visuals().text_color()
                                }
                                crate::ui::notifications::NoticeKind::Problem => {
                                    ui.visuals().error_fg_color
                                }
                            };
                            ui.add(
                                egui::Label::new(RichText::new(&note.text).color(colour)).wrap(),
                            );
                            ui.separator();
                        }
                    });
                if ui.button("Clear").clicked() {
                    clear = true;
                }
            })
            .is_some();
        if shown {
            self.notifications.mark_seen();
        }
        if clear {
            self.notifications.clear();
        }
    }

    pub(super) fn status_bar_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        egui::TopBottomPanel::bottom("status bar").show(ctx, |ui| {
            ui.horizontal(|ui| {
                if let Some(doc) = self.docs.get(self.active) {
                    let (errors, warnings) = doc.analysis.counts();
                    let colours = theme::problem_colours(theme::diagram_theme(ui.ctx()));
                    let errors_text =
                        format!("{errors} error{}", if errors == 1 { "" } else { "s" });
                    let warnings_text =
                        format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" });
                    let error_colour = if errors > 0 {
                        colours.error
                    } else {
                        ui.visuals().text_color()
                    };
                    let warning_colour = if warnings > 0 {
                        colours.warning
                    } else {
                        ui.visuals().text_color()
                    };
                    if ui
                        .add(
                            egui::Label::new(RichText::new(&errors_text).color(error_colour))
                                .sense(egui::Sense::click()),
                        )
                        .on_hover_text("Show problems")
                        .clicked()
                    {
                        self.settings.show_problems = true;
                    }
                    ui.label(RichText::new(&warnings_text).color(warning_colour));
                    ui.separator();
                    let states = doc.graph().map_or(0, |g| g.states().count());
                    ui.label(if states == 1 {
                        "1 state".to_owned()
                    } else {
                        format!("{states} states")
                    });
                    ui.separator();
                    ui.label(format!("{:.0}%", doc.view.camera.zoom * 100.0));
                    ui.separator();
                    ui.label(match doc.format {
                        Format::Json => "JSON",
                        Format::Yaml => "YAML",
                    });
                }
                if let Some((message, shown)) = &mut self.status {
                    let at = *shown.get_or_insert(now);
                    if now - at < STATUS_SECS {
                        ui.separator();
                        // Room is kept for the notifications and the palette hint on the
                        // right; a longer message is cut, whole on hover.
                        let room = (ui.available_width() - 330.0).max(80.0);
                        ui.scope(|ui| {
                            ui.set_max_width(room);
                            ui.add(egui::Label::new(message.as_str()).truncate());
                        });
                        ui.ctx()
                            .request_repaint_after(std::time::Duration::from_secs_f64(
                                STATUS_SECS - (now - at),
                            ));
                    }
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(RichText::new("Ctrl+Shift+P: all commands").weak());
                    self.notifications_ui(ui);
                });
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn long_titles_are_cut_in_the_middle() {
        assert_eq!(shortened("short.asl.json", 48), "short.asl.json");
        let long =
            "aws-samples__step-functions-workflows-collection__quorum__statemachine.asl.json";
        let cut = shortened(long, 30);
        assert_eq!(cut.chars().count(), 30);
        assert!(
            cut.starts_with("aws-sample") && cut.ends_with("machine.asl.json"),
            "{cut}"
        );
    }
}
