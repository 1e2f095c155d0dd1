//! The inspector's type-specific choosers: a Task's integration and how it waits, a Map's mode,
//! a Parallel's branches.

use eframe::egui::{self, RichText, Ui};
use serde_json::{json, Value};
use statecraft_asl::catalog::{self, Category};
use statecraft_asl::edit::Edit;
use statecraft_asl::gesture;
use statecraft_asl::model::QueryLanguage;
use statecraft_asl::tree::pointer_push;
use statecraft_asl::Document;

use super::Change;

/// How a Task waits for its work: the Resource ARN's suffix.
const PATTERNS: [(&str, &str); 4] = [
    ("", "Request and response: go on when the call returns"),
    (".sync", "Run a job: wait for it to finish (.sync)"),
    (".sync:2", "Run a job: wait, parsed output (.sync:2)"),
    (
        ".waitForTaskToken",
        "Wait for a callback with the task token (.waitForTaskToken)",
    ),
];

/// The Resource split into its base and its waiting suffix.
fn split_resource(resource: &str) -> (&str, &str) {
    for (suffix, _) in PATTERNS.iter().skip(1).rev() {
        if let Some(base) = resource.strip_suffix(suffix) {
            return (base, suffix);
        }
    }
    (resource, "")
}

/// A combo box with a label; returns the index chosen this frame.
fn choose(ui: &mut Ui, label: &str, salt: &str, shown: &str, options: &[String]) -> Option<usize> {
    ui.label(RichText::new(label).strong());
    let mut chosen = None;
    egui::ComboBox::from_id_salt(("inspector kind", salt))
        .width(ui.available_width() - 8.0)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (index, option) in options.iter().enumerate() {
                if ui.selectable_label(option == shown, option).clicked() {
                    chosen = Some(index);
                }
            }
        })
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, label));
    ui.add_space(4.0);
    chosen
}

/// A Task's service (from the palette's integrations) and how it waits.
pub fn task_ui(ui: &mut Ui, pointer: &str, state: &Value) -> Option<Change> {
    let resource = state.get("Resource").and_then(Value::as_str)?;
    if !resource.starts_with("arn:aws:states:::") {
        // An activity or a Lambda ARN: the Resource field is all there is.
        return None;
    }
    let (base, suffix) = split_resource(resource);
    let services: Vec<(&str, String)> = catalog::entries()
        .iter()
        .filter(|e| e.category != Category::Flow)
        .filter_map(|e| {
            let snippet = e.snippet(QueryLanguage::JSONPath);
            let resource = snippet.state().get("Resource")?.as_str()?.to_owned();
            let (entry_base, _) = split_resource(&resource);
            Some((e.title, entry_base.to_owned()))
        })
        .fold(Vec::new(), |mut list, (title, base)| {
            if !list.iter().any(|(_, b): &(&str, String)| *b == base) {
                list.push((title, base));
            }
            list
        });
    let set = |value: String| {
        Change::Edit(Edit::SetField {
            pointer: pointer.to_owned(),
            key: "Resource".to_owned(),
            value: Value::String(value),
        })
    };
    let shown = services
        .iter()
        .find(|(_, b)| b == base)
        .map_or_else(|| base.to_owned(), |(title, _)| (*title).to_owned());
    let titles: Vec<String> = services.iter().map(|(t, _)| (*t).to_owned()).collect();
    let mut change = choose(ui, "Service", pointer, &shown, &titles)
        .and_then(|i| services.get(i))
        .filter(|(_, b)| b != base)
        .map(|(_, b)| set(format!("{b}{suffix}")));
    let patterns: Vec<String> = PATTERNS
        .iter()
        .map(|(_, words)| (*words).to_owned())
        .collect();
    let current = PATTERNS
        .iter()
        .find(|(s, _)| *s == suffix)
        .map_or(suffix, |(_, words)| *words);
    if let Some(index) = choose(
        ui,
        "Waits for",
        &format!("{pointer} pattern"),
        current,
        &patterns,
    ) {
        let new_suffix = PATTERNS[index].0;
        if new_suffix != suffix {
            change = Some(set(format!("{base}{new_suffix}")));
        }
    }
    change
}

/// A Map's mode: inline, or distributed (child executions).
pub fn map_ui(ui: &mut Ui, pointer: &str, state: &Value) -> Option<Change> {
    let key = if state.get("ItemProcessor").is_some() {
        "ItemProcessor"
    } else {
        // The legacy Iterator takes a ProcessorConfig too.
        "Iterator"
    };
    let processor = state.get(key)?;
    let mode = processor
        .get("ProcessorConfig")
        .and_then(|c| c.get("Mode"))
        .and_then(Value::as_str)
        .unwrap_or("INLINE");
    let options = [
        "Inline: items run in this execution".to_owned(),
        "Distributed: items run as child executions".to_owned(),
    ];
    let shown = if mode == "DISTRIBUTED" {
        &options[1]
    } else {
        &options[0]
    };
    let index = choose(ui, "Mode", &format!("{pointer} mode"), shown, &options)?;
    let want = if index == 1 { "DISTRIBUTED" } else { "INLINE" };
    if want == mode {
        return None;
    }
    let processor_pointer = pointer_push(pointer, key);
    let config = match want {
        "DISTRIBUTED" => json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}),
        _ => json!({"Mode": "INLINE"}),
    };
    Some(Change::Edit(Edit::SetField {
        pointer: processor_pointer,
        key: "ProcessorConfig".to_owned(),
        value: config,
    }))
}

/// A Parallel's branches: how many states each holds, remove one, add one.
pub fn parallel_ui(
    ui: &mut Ui,
    document: &Document,
    pointer: &str,
    state: &Value,
) -> Option<Change> {
    let branches = state.get("Branches").and_then(Value::as_array)?;
    let mut change = None;
    for (index, branch) in branches.iter().enumerate() {
        let states = branch
            .get("States")
            .and_then(Value::as_object)
            .map_or(0, serde_json::Map::len);
        ui.horizontal(|ui| {
            ui.label(format!(
                "Branch {}: {states} state{}",
                index + 1,
                if states == 1 { "" } else { "s" }
            ));
            let remove = ui
                .add_enabled(branches.len() > 1, egui::Button::new("Remove"))
                .on_hover_text("Remove this branch and its states");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::WidgetType::Button,
                    branches.len() > 1,
                    format!("Remove branch {}", index + 1),
                )
            });
            if remove.clicked() {
                change = Some(Change::Gesture(gesture::remove_branch(
                    document, pointer, index,
                )));
            }
        });
    }
    if ui
        .button("Add a branch")
        .on_hover_text("A new branch, run at the same time as the others")
        .clicked()
    {
        change = Some(Change::Gesture(gesture::add_branch(document, pointer)));
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_split_into_service_and_pattern() {
        assert_eq!(
            split_resource("arn:aws:states:::ecs:runTask.sync"),
            ("arn:aws:states:::ecs:runTask", ".sync")
        );
        assert_eq!(
            split_resource("arn:aws:states:::states:startExecution.sync:2"),
            ("arn:aws:states:::states:startExecution", ".sync:2")
        );
        assert_eq!(
            split_resource("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            ("arn:aws:states:::lambda:invoke", ".waitForTaskToken")
        );
        assert_eq!(
            split_resource("arn:aws:states:::lambda:invoke"),
            ("arn:aws:states:::lambda:invoke", "")
        );
    }
}
