//! The palette: the eight state types and the integrations people use most, with a search box.
//! Click an entry (or choose it with the arrow keys and press Enter) to add it after the selected
//! state; drag it onto an arrow, into a branch, or onto empty canvas.

use eframe::egui::{self, Key, RichText, Sense, Ui};
use statecraft_asl::catalog::{self, Category, Entry};

/// The palette's search text and highlighted entry.
#[derive(Debug, Default)]
pub struct PaletteState {
    /// What the user typed in the search box.
    pub query: String,
    /// The highlighted entry, among those shown.
    pub chosen: usize,
}

/// What the user did with an entry.
#[derive(Debug, Clone, Copy)]
pub enum PaletteAction {
    /// Add it after the selection (click or Enter).
    Insert(&'static Entry),
    /// Started dragging it.
    Drag(&'static Entry),
}

/// A glyph for an entry's icon key.
pub fn glyph(icon: &str) -> &'static str {
    match icon {
        "ai" | "model" => "\u{2726}",
        "approval" => "\u{270b}",
        "batch" => "\u{25a4}",
        "choice" => "\u{25c7}",
        "container" => "\u{25a3}",
        "event" => "\u{26a1}",
        "fail" => "\u{2716}",
        "glue" => "\u{21c4}",
        "http" => "\u{21c5}",
        "lambda" => "\u{03bb}",
        "map" => "\u{27f3}",
        "parallel" => "\u{2016}",
        "pass" => "\u{2192}",
        "queue" => "\u{2630}",
        "succeed" => "\u{2714}",
        "table" => "\u{25a6}",
        "topic" => "\u{2709}",
        "wait" => "\u{231b}",
        "workflow" => "\u{29c9}",
        _ => "\u{25a2}",
    }
}

/// Draws the palette; returns what the user did with an entry this frame.
pub fn palette_ui(ui: &mut Ui, state: &mut PaletteState) -> Option<PaletteAction> {
    let mut action = None;
    let search = ui.add(
        egui::TextEdit::singleline(&mut state.query)
            .hint_text("Search states and services")
            .desired_width(f32::INFINITY),
    );
    search.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Search the palette")
    });
    if search.changed() {
        state.chosen = 0;
    }
    let shown: Vec<&'static Entry> = catalog::entries()
        .iter()
        .filter(|e| e.matches(&state.query))
        .collect();
    if search.has_focus() {
        let (down, up) = ui.input(|i| (i.key_pressed(Key::ArrowDown), i.key_pressed(Key::ArrowUp)));
        if down {
            state.chosen = (state.chosen + 1).min(shown.len().saturating_sub(1));
        }
        if up {
            state.chosen = state.chosen.saturating_sub(1);
        }
    }
    if search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        if let Some(entry) = shown.get(state.chosen) {
            action = Some(PaletteAction::Insert(entry));
        }
    }
    ui.label(
        RichText::new(
            "Click to add after the selected state, or drag onto an arrow, a branch or the canvas.",
        )
        .small()
        .weak(),
    );
    if shown.is_empty() {
        ui.label(RichText::new("Nothing matches.").weak());
    }
    egui::ScrollArea::vertical()
        .id_salt("palette")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut index = 0;
            for category in Category::ALL {
                let in_group: Vec<&&Entry> =
                    shown.iter().filter(|e| e.category == category).collect();
                if in_group.is_empty() {
                    continue;
                }
                ui.add_space(4.0);
                ui.label(RichText::new(category.title()).strong().small());
                for entry in in_group {
                    if let Some(a) = entry_row(ui, entry, index == state.chosen) {
                        action = Some(a);
                        state.chosen = index;
                    }
                    index += 1;
                }
            }
        });
    action
}

/// One entry: its glyph, title and description; clickable and draggable.
fn entry_row(ui: &mut Ui, entry: &'static Entry, chosen: bool) -> Option<PaletteAction> {
    let frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(6, 4))
        .corner_radius(4)
        .fill(if chosen {
            ui.visuals().selection.bg_fill.gamma_multiply(0.35)
        } else {
            egui::Color32::TRANSPARENT
        });
    let inner = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_top(|ui| {
            ui.label(RichText::new(glyph(entry.icon)).size(16.0));
            ui.vertical(|ui| {
                ui.label(RichText::new(entry.title).strong());
                ui.add(egui::Label::new(RichText::new(entry.description).small().weak()).wrap());
            });
        });
    });
    let response = ui.interact(
        inner.response.rect,
        ui.id().with(("palette entry", entry.id)),
        Sense::click_and_drag(),
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, entry.title));
    let response = response.on_hover_text(entry.description);
    if response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
    if response.drag_started() {
        return Some(PaletteAction::Drag(entry));
    }
    response.clicked().then_some(PaletteAction::Insert(entry))
}
