//! File > New from template…: the bundled workflows side by side with a picture of each, drawn
//! by the same painter as the canvas.

use std::sync::Arc;

use eframe::egui::{self, Key, RichText, Sense, Ui, Vec2};
use statecraft_asl::{Document, Format};
use statecraft_export::{display_list, Diagram, DisplayList, DisplayOptions, Theme};

use super::{App, Modal};
use crate::ui::canvas::{paint, Camera};
use crate::ui::command::Command;
use crate::ui::templates::TEMPLATES;

/// The size of the preview picture.
const PREVIEW: Vec2 = Vec2::new(460.0, 400.0);

/// A template's drawing, made once per theme.
pub(super) struct Preview {
    list: DisplayList,
    size: Vec2,
}

/// The drawing of a template, or why there is none (a bundled template always parses; the
/// message is for a broken build).
fn preview_of(index: usize, theme: Theme) -> Result<Preview, String> {
    let template = TEMPLATES.get(index).ok_or("no such template")?;
    let doc = Document::parse(template.text, Format::Json).map_err(|e| e.to_string())?;
    let diagram = Diagram::from_document(&doc).map_err(|e| e.to_string())?;
    let list = display_list(&diagram, &DisplayOptions { marks: None, theme });
    Ok(Preview {
        list,
        size: Vec2::new(diagram.width_px, diagram.height_px),
    })
}

impl App {
    /// Draws the gallery; Up/Down choose, Enter creates, Escape cancels.
    pub(super) fn gallery_ui(&mut self, ctx: &egui::Context, chosen: usize) {
        let theme = crate::ui::theme::diagram_theme(ctx);
        let mut chosen = chosen.min(TEMPLATES.len().saturating_sub(1));
        let (up, down, enter, escape) = ctx.input(|i| {
            (
                i.key_pressed(Key::ArrowUp),
                i.key_pressed(Key::ArrowDown),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
            )
        });
        if up {
            chosen = chosen.saturating_sub(1);
        }
        if down {
            chosen = (chosen + 1).min(TEMPLATES.len().saturating_sub(1));
        }
        let mut create = enter;
        let mut close = escape;
        let preview = self
            .template_previews
            .entry((chosen, theme))
            .or_insert_with(|| preview_of(chosen, theme).map(Arc::new))
            .clone();
        egui::Modal::new(egui::Id::new("statecraft template gallery")).show(ctx, |ui| {
            ui.heading("New from template");
            ui.label(RichText::new("Start from a bundled workflow: each is valid and comes with mocked test cases.").weak());
            ui.add_space(8.0);
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width(300.0);
                    for (index, template) in TEMPLATES.iter().enumerate() {
                        let selected = index == chosen;
                        let response = template_row(ui, template.title, template.description, selected);
                        if response.clicked() {
                            chosen = index;
                        }
                        if response.double_clicked() {
                            chosen = index;
                            create = true;
                        }
                    }
                });
                ui.add_space(12.0);
                ui.vertical(|ui| {
                    let (rect, _) = ui.allocate_exact_size(PREVIEW, Sense::hover());
                    ui.painter().rect_filled(rect, 6, ui.visuals().extreme_bg_color);
                    match &preview {
                        Ok(preview) => {
                            let mut camera = Camera::default();
                            camera.fit(rect, preview.size);
                            let painter = ui.painter_at(rect);
                            let shapes = paint::display_list_shapes(
                                &painter,
                                &preview.list,
                                &camera,
                                rect,
                                &paint::Marks::default(),
                            );
                            painter.extend(shapes);
                        }
                        Err(why) => {
                            ui.painter().text(
                                rect.center(),
                                egui::Align2::CENTER_CENTER,
                                format!("No preview: {why}"),
                                egui::FontId::proportional(13.0),
                                ui.visuals().error_fg_color,
                            );
                        }
                    }
                    if let Some(template) = TEMPLATES.get(chosen) {
                        ui.set_max_width(PREVIEW.x);
                        ui.label(RichText::new(template.file_name).monospace().weak());
                        let cases = template.test_cases();
                        if !cases.is_empty() {
                            ui.add(
                                egui::Label::new(format!(
                                    "Mocked test cases: {}",
                                    cases.join(", ")
                                ))
                                .wrap(),
                            );
                        }
                    }
                });
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Create").on_hover_text("Open it in a new tab (Enter)").clicked() {
                    create = true;
                }
                if ui.button("Cancel").on_hover_text("Escape").clicked() {
                    close = true;
                }
            });
        });
        if create {
            self.modal = None;
            self.commands.push(Command::NewFromTemplate(chosen));
        } else if close {
            self.modal = None;
        } else {
            self.modal = Some(Modal::TemplateGallery { chosen });
        }
    }
}

/// One template in the list: its title and description, highlighted when chosen.
fn template_row(ui: &mut Ui, title: &str, description: &str, selected: bool) -> egui::Response {
    let frame = egui::Frame::new()
        .inner_margin(8)
        .corner_radius(6)
        .fill(if selected {
            ui.visuals().selection.bg_fill
        } else {
            ui.visuals().faint_bg_color
        });
    let inner = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(title).strong());
        ui.add(egui::Label::new(RichText::new(description).small()).wrap());
    });
    let response = ui.interact(
        inner.response.rect,
        ui.id().with(("template", title)),
        Sense::click(),
    );
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::WidgetType::SelectableLabel, true, selected, title)
    });
    ui.add_space(4.0);
    response
}
