//! The problems panel: the validator's diagnostics (the same codes and words as `statecraft
//! validate`), errors first, with line:column. Clicking one selects its state and puts the code
//! cursor there.

use eframe::egui::{self, Color32, RichText, ScrollArea, Sense, Ui};
use statecraft_asl::graph::NodeId;
use statecraft_asl::validate::Severity;

use crate::ui::document::OpenDocument;

/// A problem the user clicked: where to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoToProblem {
    /// The state the problem is in, if it is in one.
    pub state: Option<NodeId>,
    /// Byte offset in the text.
    pub offset: usize,
}

/// Colours for error and warning marks.
#[derive(Debug, Clone, Copy)]
pub struct ProblemColours {
    /// Errors.
    pub error: Color32,
    /// Warnings.
    pub warning: Color32,
}

/// Byte offset of a 1-based line and character column.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    text[start.min(text.len())..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(b, _)| start + b)
}

/// Draws the list; returns the problem clicked, if any.
pub fn problems_ui(
    ui: &mut Ui,
    doc: &OpenDocument,
    colours: ProblemColours,
) -> Option<GoToProblem> {
    let mut clicked = None;
    let parse_rows = usize::from(doc.analysis.parse_problem.is_some());
    let total = parse_rows + doc.analysis.diagnostics.len();
    if total == 0 {
        ui.label(RichText::new("No problems: AWS would accept this definition.").weak());
        return None;
    }
    // Only the rows in view are laid out: a large draft can have hundreds of warnings.
    let row_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body));
    ScrollArea::vertical()
        .id_salt(("problems", doc.id))
        .auto_shrink([false, false])
        .show_rows(ui, row_height, total, |ui, rows| {
            for index in rows {
                if let Some(p) = doc.analysis.parse_problem.as_ref().filter(|_| index == 0) {
                    let text = format!("{}  The text does not parse: {}", p.position, p.message);
                    if row(ui, "\u{2716}", colours.error, &text, "error").clicked() {
                        clicked = Some(GoToProblem {
                            state: None,
                            offset: p.offset,
                        });
                    }
                    continue;
                }
                let index = index - parse_rows;
                let Some(d) = doc.analysis.diagnostics.get(index) else {
                    continue;
                };
                let (mark, colour) = match d.severity {
                    Severity::Error => ("\u{2716}", colours.error),
                    Severity::Warning => ("\u{26a0}", colours.warning),
                };
                let found = doc.analysis.diagnostic_states.get(index).cloned().flatten();
                let state_name = found
                    .as_ref()
                    .map(|(_, name)| format!("  ({name})"))
                    .unwrap_or_default();
                let state = found.map(|(id, _)| id);
                let text = format!(
                    "{}  {}[{}]: {}{state_name}",
                    d.position, d.severity, d.code, d.message
                );
                if row(ui, mark, colour, &text, &d.severity.to_string()).clicked() {
                    clicked = Some(GoToProblem {
                        state,
                        offset: offset_of(&doc.text, d.position.line, d.position.column),
                    });
                }
            }
        });
    clicked
}

fn row(ui: &mut Ui, mark: &str, colour: Color32, text: &str, severity: &str) -> egui::Response {
    let response = ui
        .horizontal(|ui| {
            ui.label(RichText::new(mark).color(colour));
            ui.add(egui::Label::new(text).sense(Sense::click()).truncate())
        })
        .inner;
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::Button, true, format!("{severity} {text}"))
    });
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_lines_and_columns() {
        let text = "ab\nçd\nef";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 3, 1), 7);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
