//! A JSON viewer that folds, searches and copies (egui_json_tree): run payloads, event details.
//! Payloads that the history keeps as JSON text (`input`, `output`, ...) are shown as JSON.

use eframe::egui::{self, Ui};
use egui_json_tree::render::{DefaultRender, RenderContext};
use egui_json_tree::{DefaultExpand, JsonTree};
use serde_json::Value;

/// Keys whose string values hold JSON text in AWS's event details.
const JSON_TEXT_KEYS: [&str; 5] = ["input", "output", "parameters", "result", "payload"];

/// Shows `value` as a foldable tree, with a search box and a copy button; right-click a key to
/// copy its JSON pointer. `id` tells trees apart.
pub fn json_ui(ui: &mut Ui, id: &str, value: &Value) {
    let value = decoded(value);
    let search_id = ui.id().with((id, "search"));
    let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut search)
                .hint_text("search")
                .desired_width(140.0)
                .id_salt((id, "search box")),
        );
        if ui
            .small_button("Copy")
            .on_hover_text("Copy the whole value as JSON")
            .clicked()
        {
            ui.ctx()
                .copy_text(serde_json::to_string_pretty(&value).unwrap_or_default());
        }
    });
    ui.data_mut(|d| d.insert_temp(search_id, search.clone()));
    let expand = if search.trim().is_empty() {
        DefaultExpand::ToLevel(1)
    } else {
        DefaultExpand::SearchResults(search.trim())
    };
    JsonTree::new(ui.id().with(id), &value)
        .default_expand(expand)
        .on_render(|ui, ctx| match ctx {
            RenderContext::Property(ctx) => {
                let pointer = ctx.pointer.to_json_pointer_string();
                ctx.render_default(ui).context_menu(|ui| {
                    if ui.button("Copy path").clicked() {
                        ui.ctx().copy_text(pointer.clone());
                        ui.close();
                    }
                });
            }
            other => {
                other.render_default(ui);
            }
        })
        .show(ui);
}

/// The value with JSON text in known payload fields read as JSON.
fn decoded(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(text) if JSON_TEXT_KEYS.contains(&k.as_str()) => {
                            serde_json::from_str(text).unwrap_or_else(|_| v.clone())
                        }
                        other => decoded(other),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}
