//! The Run tab of the side panel: the selected state as the run saw it at the cursor: its status,
//! input and output, the data-processing stages (as the console's Advanced view and TestState's
//! inspection data), the variables in scope and those it assigned, its error, and each failed
//! attempt with its error.

use eframe::egui::{self, RichText, ScrollArea, Ui};
use serde_json::Value;
use statecraft_asl::graph::NodeId;
use statecraft_export::StateStatus;

use crate::ui::run::{event_details, RunSession};

use super::json_view::json_ui;

/// Draws the selected state's run data.
pub fn run_state_ui(ui: &mut Ui, run: &mut RunSession, selected: Option<&NodeId>) {
    let Some(id) = selected else {
        ui.label(RichText::new("Select a state on the canvas to see its data in this run.").weak());
        return;
    };
    let Some(node) = run.diagram.graph.node(id).cloned() else {
        ui.label(RichText::new("This state is not in the definition the run used.").weak());
        return;
    };
    let overlay = run.overlay();
    let status = overlay.status(id);
    ui.heading(&node.name);
    ui.label(format!("Status at the cursor: {}", status.as_str()));
    if let Some(retries) = overlay.retries.get(id) {
        ui.label(format!(
            "Retried {retries} time{}",
            if *retries == 1 { "" } else { "s" }
        ));
    }
    if let Some(counts) = overlay.iterations.get(id) {
        ui.label(format!("Map iterations: {}", counts.summary()));
    }
    if node.state_type == Some(statecraft_asl::model::StateType::Map) {
        iteration_picker_ui(ui, run, id);
    }
    ui.separator();
    ScrollArea::vertical().id_salt("run state").show(ui, |ui| {
        let records = run.records_of(id);
        if let Some(record) = records.last() {
            // A visit that failed and was caught has two records: the failure, then the exit.
            let mut visits: Vec<u64> = records.iter().map(|r| r.entered_event_id).collect();
            visits.dedup();
            if visits.len() > 1 {
                ui.label(
                    RichText::new(format!(
                        "Visited {} times so far: the latest visit is shown",
                        visits.len()
                    ))
                    .weak(),
                );
            }
            let failure = records
                .iter()
                .filter(|r| r.entered_event_id == record.entered_event_id)
                .find_map(|r| r.error.as_ref());
            if let Some(failure) = failure {
                ui.strong("Error");
                ui.label(failure.error.as_deref().unwrap_or("(no error name)"));
                if let Some(cause) = &failure.cause {
                    ui.add(egui::Label::new(RichText::new(cause).weak()).wrap());
                }
            }
            section(ui, "Input", "input", Some(record.input.as_ref()));
            let stages = [
                ("After InputPath", &record.inspection.after_input_path),
                (
                    "After Parameters / Arguments",
                    &record.inspection.after_parameters,
                ),
                ("Result", &record.inspection.result),
                (
                    "After ResultSelector",
                    &record.inspection.after_result_selector,
                ),
                ("After ResultPath", &record.inspection.after_result_path),
            ];
            if stages.iter().any(|(_, v)| v.is_some()) {
                egui::CollapsingHeader::new("Data stages")
                    .default_open(false)
                    .show(ui, |ui| {
                        for (label, value) in stages {
                            if let Some(value) = value {
                                section(ui, label, label, Some(value.as_ref()));
                            }
                        }
                    });
            }
            section(ui, "Output", "output", record.output.as_deref());
            if !record.assigned.is_empty() {
                let assigned: serde_json::Map<String, Value> =
                    record.assigned.iter().cloned().collect();
                section(
                    ui,
                    "Variables it assigned",
                    "assigned",
                    Some(&Value::Object(assigned)),
                );
            }
            if !record.variables.is_empty() {
                let vars: serde_json::Map<String, Value> = record
                    .variables
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                section(
                    ui,
                    "Variables in scope",
                    "variables",
                    Some(&Value::Object(vars)),
                );
            }
        } else if status == StateStatus::NotRun {
            ui.label(RichText::new("The run has not reached this state at the cursor.").weak());
        } else if let Some((input, output)) = visit_from_events(run, id) {
            section(ui, "Input", "input", Some(&input));
            match output {
                Some(output) => {
                    section(ui, "Output", "output", Some(&output));
                    ui.label(
                        RichText::new(format!(
                            "This visit's data stages and variables are not kept: a run keeps \
                             those of its latest {} visits.",
                            crate::ui::run::RECORDS_KEPT
                        ))
                        .weak(),
                    );
                }
                None => {
                    ui.label(RichText::new("Still running at the cursor.").weak());
                }
            }
        }
        let attempts = failures(run, id);
        if !attempts.is_empty() {
            ui.strong("Failed attempts");
            for (event_type, error, cause) in attempts {
                ui.label(format!("{event_type}: {error}"));
                if !cause.is_empty() {
                    ui.add(egui::Label::new(RichText::new(cause).weak()).wrap());
                }
            }
        }
    });
}

/// The Map's iterations so far, failed first: pick one to paint its path in the processor;
/// the up and down arrow keys move between them.
fn iteration_picker_ui(ui: &mut Ui, run: &mut RunSession, map: &NodeId) {
    let iterations = run
        .iterations
        .iterations(&run.events, &run.view, map, run.cursor);
    if iterations.is_empty() {
        return;
    }
    let picked_at = run
        .picked_iteration
        .as_ref()
        .and_then(|p| iterations.iter().position(|i| i.path == *p));
    ui.horizontal_wrapped(|ui| {
        ui.strong("Iterations");
        match picked_at {
            Some(at) => {
                ui.label(
                    RichText::new(format!(
                        "the processor shows iteration {} (\u{2191}\u{2193} to move)",
                        iterations[at].index
                    ))
                    .weak(),
                );
                if ui
                    .small_button("All")
                    .on_hover_text("Colour the processor by every iteration together")
                    .clicked()
                {
                    run.picked_iteration = None;
                }
            }
            None => {
                ui.label(RichText::new("pick one to see its path").weak());
            }
        }
    });
    if let Some(at) = picked_at {
        let (up, down) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            )
        });
        if up && at > 0 {
            run.picked_iteration = Some(iterations[at - 1].path.clone());
        }
        if down && at + 1 < iterations.len() {
            run.picked_iteration = Some(iterations[at + 1].path.clone());
        }
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ScrollArea::vertical()
        .id_salt("iterations")
        .max_height(160.0)
        .show_rows(ui, row_height, iterations.len(), |ui, range| {
            for iteration in &iterations[range] {
                let picked = run.picked_iteration.as_ref() == Some(&iteration.path);
                let outer: Vec<String> = iteration.path[..iteration.path.len() - 1]
                    .iter()
                    .map(|(_, i)| format!("{i}"))
                    .collect();
                let label = if outer.is_empty() {
                    format!(
                        "Iteration {}: {}",
                        iteration.index,
                        iteration.status.as_str()
                    )
                } else {
                    format!(
                        "Iteration {} (in {}): {}",
                        iteration.index,
                        outer.join("/"),
                        iteration.status.as_str()
                    )
                };
                if ui.selectable_label(picked, label).clicked() {
                    run.picked_iteration = if picked {
                        None
                    } else {
                        Some(iteration.path.clone())
                    };
                }
            }
        });
}

fn section(ui: &mut Ui, title: &str, id: &str, value: Option<&Value>) {
    let Some(value) = value else {
        return;
    };
    ui.strong(title);
    json_ui(ui, id, value);
    ui.add_space(6.0);
}

/// The input and (once it exited) the output of the latest visit of state `id` at the cursor,
/// from its `StateEntered` and `StateExited` events.
fn visit_from_events(run: &RunSession, id: &NodeId) -> Option<(Value, Option<Value>)> {
    let shown = run.cursor.min(run.events.len());
    let is = |i: usize, suffix: &str| {
        run.view.node_of_event(i) == Some(id)
            && run.events[i]
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with(suffix))
    };
    let entered = (0..shown).rev().find(|&i| is(i, "StateEntered"))?;
    let exited = (entered + 1..shown).find(|&i| is(i, "StateExited"));
    let payload = |index: usize, key: &str, field: &str| -> Option<Value> {
        let event = run.event_json(index)?;
        event
            .get(key)
            .and_then(|d| d.get(field))
            .and_then(Value::as_str)
            .and_then(|t| serde_json::from_str(t).ok())
    };
    let input = payload(entered, "stateEnteredEventDetails", "input").unwrap_or(Value::Null);
    let output = exited.and_then(|i| payload(i, "stateExitedEventDetails", "output"));
    Some((input, output))
}

/// The failures of a state's work up to the cursor: (event type, error, cause).
fn failures(run: &RunSession, id: &NodeId) -> Vec<(String, String, String)> {
    (0..run.cursor.min(run.events.len()))
        .filter(|&i| run.view.node_of_event(i) == Some(id))
        .filter_map(|i| {
            let event = &run.events[i];
            let kind = event.get("type")?.as_str()?;
            if !statecraft_export::is_state_failure(kind) {
                return None;
            }
            let details = event_details(event);
            let text = |k: &str| {
                details
                    .and_then(|d| d.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            };
            Some((kind.to_owned(), text("error"), text("cause")))
        })
        .collect()
}
