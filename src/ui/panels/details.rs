//! Details for reviewers: the selected state in plain words (what it does, on errors, timeout,
//! where it goes next). The words come from the graph's details, the same ones the HTML review
//! page prints.

use eframe::egui::{self, RichText, ScrollArea, Ui};

use crate::ui::document::OpenDocument;

/// Draws the details of the selected state (or a hint when none or several are selected).
pub fn details_ui(ui: &mut Ui, doc: &OpenDocument) {
    ScrollArea::vertical()
        .id_salt(("details", doc.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let Some(graph) = doc.graph() else {
                ui.label(RichText::new("Nothing to show until the text parses.").weak());
                return;
            };
            let selected: Vec<_> = doc
                .view
                .selection
                .iter()
                .filter_map(|id| graph.node(id))
                .collect();
            match selected.as_slice() {
                [] => {
                    let states = graph.states().count();
                    ui.label(
                        RichText::new(format!(
                            "{states} state{}. Select a state on the canvas to read what it does.",
                            if states == 1 { "" } else { "s" }
                        ))
                        .weak(),
                    );
                }
                [node] => {
                    ui.heading(&node.name);
                    if !node.summary.is_empty() {
                        ui.label(&node.summary);
                    }
                    ui.add_space(6.0);
                    egui::Grid::new(("details grid", doc.id))
                        .num_columns(2)
                        .spacing([10.0, 6.0])
                        .striped(false)
                        .show(ui, |ui| {
                            for detail in &node.details {
                                ui.label(RichText::new(&detail.label).strong());
                                ui.add(egui::Label::new(&detail.text).wrap());
                                ui.end_row();
                            }
                            for problem in &node.problems {
                                ui.label(
                                    RichText::new("Problem")
                                        .strong()
                                        .color(ui.visuals().error_fg_color),
                                );
                                ui.add(egui::Label::new(problem).wrap());
                                ui.end_row();
                            }
                        });
                }
                many => {
                    ui.label(format!("{} states selected:", many.len()));
                    for node in many {
                        ui.label(format!("\u{2022} {}", node.name));
                    }
                }
            }
        });
}
