//! The code view's text layout, assembled from one cached galley per line.
//!
//! egui caches a large text's layout per paragraph, but when it joins the paragraphs into one
//! galley it copies the last row of every paragraph to mark its newline, and drops all those
//! copies when the text changes: on a 4,000-line definition that copying and freeing was half of
//! a keystroke's frame. Here each line is laid out with its newline included (so its row is
//! already marked), cached by its content, and the document's galley shares the rows: a
//! keystroke lays out one line and the rest is reference counting.

use std::hash::{BuildHasher as _, Hash as _, Hasher as _};
use std::sync::Arc;

use eframe::egui::ahash::{HashMap, HashMapExt as _, RandomState};

use eframe::egui::text::{LayoutJob, LayoutSection};
use eframe::egui::{Galley, Rect, Ui, Vec2};
use eframe::emath::GuiRounding as _;

/// The highlighted text last laid out, what it was highlighted with, and the line galleys: what
/// a document's code view keeps between frames.
#[derive(Debug, Default)]
pub struct CodeLayoutCache {
    /// The marked span, the error span and the colours the job was made with, and the job.
    pub job: Option<(JobKey, Arc<LayoutJob>)>,
    /// The galleys of its lines.
    pub lines: LineGalleys,
}

/// What a highlighted job depends on besides the text: the marked state's span, the parse
/// error's span, and the colours.
pub type JobKey = (
    Option<std::ops::Range<usize>>,
    Option<std::ops::Range<usize>>,
    super::highlight::CodePalette,
);

/// The line galleys of one code view, and the last galley made from them.
#[derive(Default)]
pub struct LineGalleys {
    /// Each line's galley, by a hash of the line's text and formats.
    lines: HashMap<u64, Arc<Galley>>,
    /// Hashes the lines (fixed per cache, so that a line keeps its key).
    hasher: RandomState,
    /// The last document galley: its job, the pixels per point it was made for, and it.
    last: Option<(Arc<LayoutJob>, f32, Arc<Galley>)>,
}

impl std::fmt::Debug for LineGalleys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineGalleys")
            .field("lines", &self.lines.len())
            .finish()
    }
}

impl LineGalleys {
    /// The galley of a whole (unwrapped) text job.
    pub fn galley(&mut self, ui: &Ui, job: Arc<LayoutJob>) -> Arc<Galley> {
        let pixels_per_point = ui.ctx().pixels_per_point();
        if let Some((last_job, last_ppp, galley)) = &self.last {
            if Arc::ptr_eq(last_job, &job) && *last_ppp == pixels_per_point {
                return galley.clone();
            }
        }
        let mut used: HashMap<u64, Arc<Galley>> = HashMap::with_capacity(self.lines.len());
        // An empty job for the merged galley to start from: its fields are then filled in.
        let mut merged = Galley::concat(job.clone(), &[], pixels_per_point);
        let mut y = 0.0;
        let mut rect = Rect::ZERO;
        let mut mesh_bounds = Rect::NOTHING;
        let lines = line_jobs(&job);
        let count = lines.len();
        for (index, line) in lines.into_iter().enumerate() {
            let key = {
                let mut h = self.hasher.build_hasher();
                line.hash(&mut h);
                pixels_per_point.to_bits().hash(&mut h);
                h.finish()
            };
            let galley = match self.lines.remove(&key).or_else(|| used.get(&key).cloned()) {
                Some(galley) => galley,
                None => ui.fonts_mut(|f| f.layout_job(line)),
            };
            // A line laid out with its newline has an empty row after it: leave that out, but
            // for the last line (which has no newline).
            let last = index + 1 == count;
            let rows = if last {
                &galley.rows[..]
            } else {
                &galley.rows[..galley.rows.len().min(1)]
            };
            let mut height = 0.0_f32;
            for placed in rows {
                let pos = (placed.pos + Vec2::new(0.0, y)).round_to_pixels(pixels_per_point);
                mesh_bounds |= placed.visuals.mesh_bounds.translate(pos.to_vec2());
                rect |= Rect::from_min_size(pos, placed.row.size);
                merged.num_vertices += placed.visuals.mesh.vertices.len();
                merged.num_indices += placed.visuals.mesh.indices.len();
                merged.rows.push(eframe::epaint::text::PlacedRow {
                    pos,
                    row: placed.row.clone(),
                });
                height = height.max(placed.pos.y + placed.row.size.y);
            }
            y += height;
            used.insert(key, galley);
        }
        merged.rect = if job.round_output_to_gui {
            rect.round_ui()
        } else {
            rect
        };
        merged.mesh_bounds = mesh_bounds;
        let merged = Arc::new(merged);
        self.lines = used;
        self.last = Some((job, pixels_per_point, merged.clone()));
        merged
    }
}

/// The job cut into one job per line, each line with its newline; the sections cut to match.
fn line_jobs(job: &LayoutJob) -> Vec<LayoutJob> {
    let mut jobs = Vec::new();
    let mut section = 0;
    let mut start = 0;
    loop {
        let end = job.text[start..]
            .find('\n')
            .map_or(job.text.len(), |i| start + i + 1);
        let mut line = LayoutJob {
            text: job.text[start..end].to_owned(),
            sections: Vec::new(),
            wrap: job.wrap.clone(),
            first_row_min_height: if start == 0 {
                job.first_row_min_height
            } else {
                0.0
            },
            break_on_newline: job.break_on_newline,
            halign: job.halign,
            justify: job.justify,
            round_output_to_gui: job.round_output_to_gui,
        };
        while let Some(s) = job.sections.get(section) {
            if s.byte_range.end <= start {
                section += 1;
                continue;
            }
            if s.byte_range.start >= end {
                break;
            }
            let from = s.byte_range.start.max(start);
            let to = s.byte_range.end.min(end);
            line.sections.push(LayoutSection {
                leading_space: if from == s.byte_range.start {
                    s.leading_space
                } else {
                    0.0
                },
                byte_range: from - start..to - start,
                format: s.format.clone(),
            });
            if s.byte_range.end <= end {
                section += 1;
            } else {
                break;
            }
        }
        jobs.push(line);
        if end >= job.text.len() {
            // A text ending in a newline has one more, empty, line after it.
            if job.text.ends_with('\n') && end == job.text.len() {
                jobs.push(LayoutJob {
                    text: String::new(),
                    sections: Vec::new(),
                    ..jobs.last().cloned().unwrap_or_default()
                });
                if let (Some(last), Some(s)) = (jobs.last_mut(), job.sections.last()) {
                    last.sections.push(LayoutSection {
                        leading_space: 0.0,
                        byte_range: 0..0,
                        format: s.format.clone(),
                    });
                }
            }
            break;
        }
        start = end;
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Color32, FontId, TextFormat};

    fn job(text: &str) -> LayoutJob {
        let mut job = LayoutJob::default();
        // Two sections that straddle line ends.
        let cut = text.len() / 2;
        job.append(
            &text[..cut],
            0.0,
            TextFormat::simple(FontId::monospace(12.0), Color32::RED),
        );
        job.append(
            &text[cut..],
            0.0,
            TextFormat::simple(FontId::monospace(12.0), Color32::BLUE),
        );
        job
    }

    #[test]
    fn lines_keep_their_newlines_and_formats() {
        let lines = line_jobs(&job("ab\ncd\n\nef"));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["ab\n", "cd\n", "\n", "ef"]);
        // "ab\ncd\n\nef" (9 bytes) is cut at byte 4: "ab\nc" red, "d\n\nef" blue.
        let colours: Vec<Vec<(std::ops::Range<usize>, Color32)>> = lines
            .iter()
            .map(|l| {
                l.sections
                    .iter()
                    .map(|s| (s.byte_range.clone(), s.format.color))
                    .collect()
            })
            .collect();
        assert_eq!(
            colours,
            [
                vec![(0..3, Color32::RED)],
                vec![(0..1, Color32::RED), (1..3, Color32::BLUE)],
                vec![(0..1, Color32::BLUE)],
                vec![(0..2, Color32::BLUE)],
            ]
        );
    }

    #[test]
    fn a_final_newline_gives_an_empty_last_line() {
        let texts: Vec<String> = line_jobs(&job("ab\n"))
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(texts, ["ab\n", ""]);
        let texts: Vec<String> = line_jobs(&job("")).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, [""]);
    }

    #[test]
    fn the_assembled_galley_matches_egui_own_layout() {
        let ctx = eframe::egui::Context::default();
        let text = "{\n  \"StartAt\": \"A\",\n\n  \"States\": {}\n}\n";
        let mut lines = LineGalleys::default();
        let _ = ctx.run(Default::default(), |ctx| {
            eframe::egui::CentralPanel::default().show(ctx, |ui| {
                let whole = Arc::new(job(text));
                let ours = lines.galley(ui, whole.clone());
                let egui = ui.fonts_mut(|f| f.layout_job((*whole).clone()));
                assert_eq!(ours.text(), text);
                assert_eq!(ours.rows.len(), egui.rows.len());
                for (a, b) in ours.rows.iter().zip(&egui.rows) {
                    assert_eq!(a.pos, b.pos);
                    assert_eq!(a.row.ends_with_newline, b.row.ends_with_newline);
                    assert_eq!(a.row.glyphs.len(), b.row.glyphs.len());
                    assert_eq!(a.row.size, b.row.size);
                }
                assert_eq!(ours.rect, egui.rect);
                assert_eq!(ours.num_vertices, egui.num_vertices);
                // Cursor arithmetic agrees: every character maps to the same place.
                for index in 0..=text.chars().count() {
                    let at = eframe::egui::text::CCursor::new(index);
                    assert_eq!(
                        ours.pos_from_cursor(at),
                        egui.pos_from_cursor(at),
                        "{index}"
                    );
                }
                // Same job again: the same galley, not a new one.
                assert!(Arc::ptr_eq(&ours, &lines.galley(ui, whole)));
            });
        });
    }
}
