//! The event table, like the console's event view: id, type, state, virtual time, and the
//! details of the event at the cursor; filtered by state or type. Clicking an event moves the
//! cursor there and selects its state.

use eframe::egui::{self, RichText, ScrollArea, TextEdit, Ui};
use serde_json::Value;

use crate::ui::run::{event_details, event_state_name, event_time_ms, RunSession};

use super::run::{elapsed_text, RunAction};

/// Draws the table; returns the event clicked as a cursor position (events shown).
pub fn events_ui(ui: &mut Ui, run: &RunSession, filter: &mut String) -> Option<RunAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label("Filter");
        ui.add(
            TextEdit::singleline(filter)
                .hint_text("state or event type")
                .desired_width(220.0)
                .id_salt("event filter"),
        );
        ui.label(RichText::new(format!("{} events", run.events.len())).weak());
    });
    let needle = filter.trim().to_lowercase();
    let rows: Vec<usize> = if needle.is_empty() {
        (0..run.events.len()).collect()
    } else {
        (0..run.events.len())
            .filter(|&i| matches(&run.events[i], &needle))
            .collect()
    };
    let start_ms = run.events.first().and_then(event_time_ms).unwrap_or(0);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ui.columns(2, |columns| {
        ScrollArea::vertical()
            .id_salt("event rows")
            .auto_shrink([false, false])
            .show_rows(&mut columns[0], row_height, rows.len(), |ui, range| {
                for &index in &rows[range] {
                    let event = &run.events[index];
                    let kind = event.get("type").and_then(Value::as_str).unwrap_or("?");
                    let id = event
                        .get("id")
                        .and_then(Value::as_i64)
                        .unwrap_or(index as i64 + 1);
                    let time = event_time_ms(event).map_or(0, |t| t - start_ms);
                    let state = event_state_name(event).unwrap_or("");
                    let text = format!("{id:>5}  {:<16} {kind:<28} {state}", elapsed_text(time));
                    let at_cursor = run.cursor == index + 1;
                    let response = ui.selectable_label(
                        at_cursor,
                        RichText::new(text)
                            .monospace()
                            .color(if index < run.cursor {
                                ui.visuals().text_color()
                            } else {
                                ui.visuals().weak_text_color()
                            }),
                    );
                    if response.clicked() {
                        action = Some(RunAction::Seek(index + 1));
                    }
                }
            });
        let ui = &mut columns[1];
        match run.cursor.checked_sub(1).and_then(|i| run.event_json(i)) {
            Some(event) => {
                let event = event.as_ref();
                let kind = event.get("type").and_then(Value::as_str).unwrap_or("?");
                ui.strong(kind);
                ScrollArea::vertical()
                    .id_salt("event details")
                    .show(ui, |ui| {
                        let details = event_details(event).cloned().unwrap_or(Value::Null);
                        super::json_view::json_ui(ui, "event details", &details);
                    });
            }
            None => {
                ui.label(
                    RichText::new("Before the first event. Click an event to see its details.")
                        .weak(),
                );
            }
        }
    });
    action
}

fn matches(event: &Value, needle: &str) -> bool {
    let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
    let state = event_state_name(event).unwrap_or("");
    kind.to_lowercase().contains(needle) || state.to_lowercase().contains(needle)
}
