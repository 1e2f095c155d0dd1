//! The code view: the document's text with line numbers and highlighting, editable. The selected
//! state's text is marked; the parse error is underlined; the cursor tells the canvas which state
//! it is in.

use std::ops::Range;
use std::sync::Arc;

use eframe::egui::{
    self, text::CCursor, text::CCursorRange, Align, FontId, Id, ScrollArea, TextEdit, Ui,
};

use statecraft_asl::graph::NodeId;

use super::code_galley::JobKey;
use super::highlight::{layout_job, CodePalette};

use crate::ui::document::OpenDocument;

/// What happened in the code view this frame.
#[derive(Debug, Default)]
pub struct CodeViewOutput {
    /// The text before this frame's typing, when the user changed it.
    pub typed: Option<Typed>,
    /// The cursor moved (by click or arrow keys) to this byte offset, without typing.
    pub cursor_moved_to: Option<usize>,
}

/// One frame's typing: the text before, and where the cursor was before and after.
#[derive(Debug)]
pub struct Typed {
    /// The whole text before the keystroke.
    pub before: String,
    /// Cursor byte offset before.
    pub cursor_before: usize,
    /// Cursor byte offset after.
    pub cursor_after: usize,
}

/// The code editor's id for a document (tests and focus use it).
pub fn code_editor_id(doc: &OpenDocument) -> Id {
    Id::new(("code editor", doc.id))
}

/// Draws the code view of `doc` and reports typing and cursor moves.
pub fn code_view_ui(ui: &mut Ui, doc: &mut OpenDocument, palette: &CodePalette) -> CodeViewOutput {
    let mut output = CodeViewOutput::default();
    let editor_id = code_editor_id(doc);
    let font = FontId::monospace(12.5);

    // A requested cursor position (a problem was clicked): set it before the editor runs, and
    // focus the editor after it has run, since the click that asked for it would otherwise take
    // the focus away again in this frame.
    let focus_editor = doc.view.code_cursor_to.take().is_some_and(|offset| {
        let mut state = egui::TextEdit::load_state(ui.ctx(), editor_id).unwrap_or_default();
        let at = CCursor::new(char_index(&doc.text, offset));
        state.cursor.set_char_range(Some(CCursorRange::one(at)));
        state.store(ui.ctx(), editor_id);
        doc.view.code_reveal = Some(offset..offset);
        true
    });

    let marked = marked_span(doc);
    let error = doc.analysis.parse_problem.as_ref().map(|p| {
        let start = p.offset.min(doc.text.len());
        let line_end = doc.text[start..]
            .find('\n')
            .map_or(doc.text.len(), |n| start + n);
        let end = if line_end > start {
            line_end
        } else {
            next_char_boundary(&doc.text, start)
        };
        start..end
    });
    let format = doc.format;
    let cache = &mut doc.code_layout;
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, _wrap: f32| -> Arc<egui::Galley> {
        // Highlighting a large file every frame costs milliseconds: keep the coloured job while
        // the text, the marks and the colours are the same (comparing the text is a memcmp,
        // cheaper than hashing it); lay it out line by line (see `code_galley`).
        let key: JobKey = (marked.clone(), error.clone(), *palette);
        let job = match &cache.job {
            Some((cached_key, job)) if *cached_key == key && job.text == text.as_str() => {
                job.clone()
            }
            _ => {
                let job = Arc::new(layout_job(
                    text.as_str(),
                    format,
                    font.clone(),
                    palette,
                    marked.clone(),
                    error.clone(),
                ));
                cache.job = Some((key, job.clone()));
                job
            }
        };
        cache.lines.galley(ui, job)
    };

    let line_count = doc.text.split('\n').count().max(1);
    let before = doc.text.clone();
    let cursor_before = egui::TextEdit::load_state(ui.ctx(), editor_id)
        .and_then(|s| s.cursor.char_range())
        .map(|r| byte_offset(&before, r.primary.index));
    let reveal = doc.view.code_reveal.take();
    ScrollArea::both()
        .id_salt(("code scroll", doc.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                let numbers_id = editor_id.with("line numbers");
                let numbers = match ui.data(|d| d.get_temp::<(usize, Arc<String>)>(numbers_id)) {
                    Some((count, numbers)) if count == line_count => numbers,
                    _ => {
                        let numbers = Arc::new(
                            (1..=line_count)
                                .map(|n| format!("{n:>4}"))
                                .collect::<Vec<_>>()
                                .join("\n"),
                        );
                        ui.data_mut(|d| d.insert_temp(numbers_id, (line_count, numbers.clone())));
                        numbers
                    }
                };
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(numbers.as_str())
                            .font(FontId::monospace(12.5))
                            .color(ui.visuals().weak_text_color()),
                    )
                    .selectable(false),
                );
                let edit = TextEdit::multiline(&mut doc.text)
                    .id(editor_id)
                    .code_editor()
                    .lock_focus(true)
                    .desired_width(f32::INFINITY)
                    .desired_rows(line_count.max(20))
                    .frame(false)
                    .layouter(&mut layouter)
                    .show(ui);
                edit.response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, "Code editor")
                });
                let cursor_after = edit
                    .cursor_range
                    .map(|r| byte_offset(&doc.text, r.primary.index));
                if edit.response.changed() && doc.text != before {
                    output.typed = Some(Typed {
                        before: before.clone(),
                        cursor_before: cursor_before.unwrap_or(0),
                        cursor_after: cursor_after.unwrap_or(0),
                    });
                } else if let Some(after) = cursor_after {
                    if cursor_before != Some(after) && edit.response.has_focus() {
                        output.cursor_moved_to = Some(after);
                    }
                }
                if let Some(range) = reveal {
                    let start = CCursor::new(char_index(&doc.text, range.start));
                    let end = CCursor::new(char_index(&doc.text, range.end));
                    let top = edit.galley.pos_from_cursor(start);
                    let bottom = edit.galley.pos_from_cursor(end);
                    let span = top.union(bottom).translate(edit.galley_pos.to_vec2());
                    // Show the start of a long span; centre a short one.
                    let rect = if span.height() > ui.clip_rect().height() * 0.8 {
                        top.translate(edit.galley_pos.to_vec2())
                    } else {
                        span
                    };
                    ui.scroll_to_rect(rect.expand(8.0), Some(Align::Center));
                }
            });
        });
    if focus_editor {
        ui.memory_mut(|m| m.request_focus(editor_id));
    }
    output
}

/// The text of the single selected state, marked in the code.
fn marked_span(doc: &OpenDocument) -> Option<Range<usize>> {
    if doc.view.selection.len() != 1 {
        return None;
    }
    let id = doc.view.selection.iter().next()?;
    let node = doc.graph()?.node(id)?;
    let span = node.name_span.start.min(node.span.start)..node.span.end;
    (span.end <= doc.text.len() && span.start < span.end).then_some(span)
}

/// The byte range of the selected state's text (name and value), for revealing it.
pub fn state_text_range(doc: &OpenDocument, node_id: &NodeId) -> Option<Range<usize>> {
    let node = doc.graph()?.node(node_id)?;
    let span = node.name_span.start.min(node.span.start)..node.span.end;
    (span.end <= doc.text.len() && span.start < span.end).then_some(span)
}

/// The char index of a byte offset (clamped to the text).
pub fn char_index(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].chars().count()
}

/// The byte offset of a char index (clamped to the text).
pub fn byte_offset(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(b, _)| b)
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    let mut end = (at + 1).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_and_byte_offsets_round_trip() {
        let text = "aé\u{1F600}b";
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(char_index(text, bytes), chars);
            assert_eq!(byte_offset(text, chars), bytes);
        }
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(char_index(text, 2), 1, "inside é counts as before it");
    }
}
