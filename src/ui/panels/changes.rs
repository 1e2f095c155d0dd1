//! The Changes tab: what changed since the version the document is compared with, one line per
//! change in the words of `statecraft diff`. Clicking a state's change selects it on the canvas
//! (and its text in the code view); the inspector shows its old and new fields
//! ([`change_fields_ui`]).

use std::collections::BTreeSet;

use eframe::egui::{self, Color32, RichText, ScrollArea, Ui};
use statecraft_asl::diff::{ChangeKind, StateChange};
use statecraft_asl::graph::NodeId;
use statecraft_export::{Palette, Theme};

use crate::ui::canvas::paint::colour;
use crate::ui::compare::CompareSession;

/// What the user asked of the Changes tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangesAction {
    /// Select the state of this change (index into the diff's states).
    Select(usize),
    /// Choose a version to compare with.
    CompareWith,
    /// Stop comparing.
    Stop,
}

/// The word and colour of a change's kind, as the canvas colours it.
pub fn kind_look(kind: ChangeKind, theme: Theme) -> (&'static str, Color32) {
    let changes = Palette::of(theme).changes;
    match kind {
        ChangeKind::Added => ("added", colour(changes[0].1)),
        ChangeKind::Changed => ("changed", colour(changes[1].1)),
        ChangeKind::Renamed => ("renamed", colour(changes[1].1)),
        ChangeKind::Removed => ("removed", colour(changes[2].1)),
    }
}

/// The Changes tab. `selection` is the canvas's, to mark the selected change.
pub fn changes_ui(
    ui: &mut Ui,
    session: Option<&CompareSession>,
    selection: &BTreeSet<NodeId>,
    theme: Theme,
) -> Option<ChangesAction> {
    let mut action = None;
    let Some(session) = session else {
        ui.label(RichText::new("Not comparing.").strong());
        ui.label(
            RichText::new(
                "Compare this workflow with the saved file, a git revision or another file: \
                 the canvas colours what was added, changed and removed, and this list names \
                 each change.",
            )
            .weak(),
        );
        ui.add_space(6.0);
        if ui
            .button("Compare with…")
            .on_hover_text("View > Compare with… (Ctrl+Shift+D)")
            .clicked()
        {
            action = Some(ChangesAction::CompareWith);
        }
        return action;
    };
    let label = session.label();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Compared with {label}")).strong());
        if ui
            .small_button("Stop comparing")
            .on_hover_text("Show the workflow on its own again")
            .clicked()
        {
            action = Some(ChangesAction::Stop);
        }
    });
    let Some(shown) = session.shown() else {
        ui.label(RichText::new("Fix the text first: it does not parse.").weak());
        return action;
    };
    let diff = &shown.view.diff;
    if diff.is_empty() {
        ui.label(format!(
            "No changes: this version means the same as {label} (layout, key order and \
             comments aside)."
        ));
        return action;
    }
    ui.label(RichText::new(diff.count_line()).weak());
    ui.add_space(4.0);
    ScrollArea::vertical()
        .id_salt("changes list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !diff.machine.is_empty() {
                ui.strong("Workflow");
                for field in &diff.machine {
                    ui.add(egui::Label::new(field.describe()).wrap());
                }
                ui.add_space(6.0);
            }
            if !diff.states.is_empty() {
                ui.strong("States");
                for (index, change) in diff.states.iter().enumerate() {
                    let node = shown.view.node_of(index);
                    let selected = node.is_some_and(|id| selection.contains(id));
                    if state_row_ui(ui, change, selected, theme).clicked() {
                        action = Some(ChangesAction::Select(index));
                    }
                }
                ui.add_space(6.0);
            }
            if !diff.transitions.is_empty() {
                ui.strong("Transitions");
                for transition in &diff.transitions {
                    ui.add(egui::Label::new(RichText::new(transition.describe()).weak()).wrap());
                }
            }
        });
    action
}

/// One state's change: a coloured mark, its headline; its fields in the tooltip.
fn state_row_ui(ui: &mut Ui, change: &StateChange, selected: bool, theme: Theme) -> egui::Response {
    let (word, ink) = kind_look(change.kind, theme);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 4.5, ink);
        let row = ui.selectable_label(selected, change.headline());
        let mut hover = vec![format!("{word}: click to select it on the canvas")];
        hover.extend(change.fields.iter().map(|f| f.describe()));
        row.on_hover_text(hover.join("\n"))
    })
    .inner
}

/// The selected state's change, above the inspector: what it was in the other version, field
/// by field (old and new side by side); a removed state's whole definition (`removed`) as it was.
pub fn change_fields_ui(
    ui: &mut Ui,
    change: &StateChange,
    label: &str,
    theme: Theme,
    removed: Option<&serde_json::Value>,
) {
    let (_, ink) = kind_look(change.kind, theme);
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, ink))
        .corner_radius(4)
        .inner_margin(6)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let since = match change.kind {
                ChangeKind::Added => format!("Added since {label}."),
                ChangeKind::Removed => format!(
                    "Removed since {label}: shown as it was, for reference (it is not in this \
                     version; nothing here can be edited)."
                ),
                ChangeKind::Renamed => format!(
                    "Renamed since {label} (was \u{201c}{}\u{201d}).",
                    change.old.as_ref().map_or("", |s| s.name.as_str())
                ),
                ChangeKind::Changed => format!("Changed since {label}."),
            };
            ui.add(egui::Label::new(RichText::new(since).color(ink)).wrap());
            if let Some(state) = removed {
                ui.add_space(4.0);
                value_cell(ui, Some(state));
            }
            if change.fields.is_empty() || change.kind == ChangeKind::Added {
                return;
            }
            ui.add_space(4.0);
            egui::Grid::new("changed fields")
                .num_columns(3)
                .striped(true)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    ui.strong("Field");
                    ui.strong(label);
                    ui.strong("Now");
                    ui.end_row();
                    for field in &change.fields {
                        let path = field.path.to_string();
                        ui.label(if path.is_empty() {
                            "(all)".into()
                        } else {
                            path
                        });
                        value_cell(ui, field.old.as_ref());
                        value_cell(ui, field.new.as_ref());
                        ui.end_row();
                    }
                });
        });
}

fn value_cell(ui: &mut Ui, value: Option<&serde_json::Value>) {
    match value {
        Some(value) => {
            let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
            ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
        }
        None => {
            ui.label(RichText::new("(none)").weak());
        }
    }
}
