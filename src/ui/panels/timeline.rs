//! The timeline: one row per state over virtual time, like the console's Timeline column. Each
//! visit is a bar; a failed attempt is red, the back-off before a retry grey, a Wait hatched. The
//! cursor is a line that can be dragged (or clicked) to move through the run.

use std::sync::Arc;

use eframe::egui::{self, Align2, Color32, FontId, Pos2, Rect, ScrollArea, Sense, Stroke, Ui};
use serde_json::Value;
use statecraft_asl::graph::NodeId;
use statecraft_asl::model::StateType;

use crate::ui::run::{event_time_ms, RunSession};

use super::run::{elapsed_text, RunAction};

/// What a stretch of a bar stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stretch {
    /// The state at work.
    Work,
    /// An attempt that failed.
    FailedAttempt,
    /// Waiting before a retry.
    Backoff,
    /// A Wait state waiting.
    Wait,
}

/// One stretch of a visit: from the event that began it to the event that ended it (indices
/// into the history).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The event it begins at.
    pub start: usize,
    /// The event it ends at.
    pub end: usize,
    /// What it is.
    pub kind: Stretch,
}

/// One state's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The state.
    pub node: NodeId,
    /// Its name.
    pub name: String,
    /// Every stretch of every visit, in time order.
    pub segments: Vec<Segment>,
}

/// The rows of a run's timeline, with its length in virtual milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// One row per state, in the order they were first entered.
    pub rows: Vec<Row>,
    /// The run's length.
    pub length_ms: i64,
    /// Each event's virtual time since the start (for the cursor).
    pub event_ms: Vec<i64>,
    /// Where each event goes across.
    pub axis: Axis,
}

/// Builds the timeline of a run's events.
pub fn timeline_of(run: &RunSession) -> Timeline {
    let start = run.events.first().and_then(event_time_ms).unwrap_or(0);
    let event_ms: Vec<i64> = run
        .events
        .iter()
        .map(|e| event_time_ms(e).map_or(0, |t| t - start))
        .collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of: std::collections::HashMap<NodeId, usize> = std::collections::HashMap::new();
    // Per row: the open visit's stretch start (an event index) and kind.
    let mut open: Vec<Option<(usize, Stretch)>> = Vec::new();
    for (index, event) in run.events.iter().enumerate() {
        let Some(node) = run.view.node_of_event(index) else {
            continue;
        };
        let Some(graph_node) = run.diagram.graph.node(node) else {
            continue;
        };
        let at = index;
        let row = match row_of.get(node) {
            Some(&row) => row,
            None => {
                row_of.insert(node.clone(), rows.len());
                rows.push(Row {
                    node: node.clone(),
                    name: graph_node.name.clone(),
                    segments: Vec::new(),
                });
                open.push(None);
                rows.len() - 1
            }
        };
        let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
        let close = |row: usize,
                     kind: Option<Stretch>,
                     at: usize,
                     rows: &mut Vec<Row>,
                     open: &mut Vec<Option<(usize, Stretch)>>| {
            if let Some((from, stretch)) = open[row].take() {
                rows[row].segments.push(Segment {
                    start: from,
                    end: at,
                    kind: kind.unwrap_or(stretch),
                });
            }
        };
        if kind.ends_with("StateEntered") {
            let stretch = if graph_node.state_type == Some(StateType::Wait) {
                Stretch::Wait
            } else {
                Stretch::Work
            };
            open[row] = Some((at, stretch));
        } else if kind.ends_with("StateExited") {
            close(row, None, at, &mut rows, &mut open);
        } else if statecraft_export::is_state_failure(kind) {
            close(row, Some(Stretch::FailedAttempt), at, &mut rows, &mut open);
            open[row] = Some((at, Stretch::Backoff));
        } else if statecraft_export::is_restart(kind)
            && open[row].is_some_and(|(_, s)| s == Stretch::Backoff)
        {
            close(row, None, at, &mut rows, &mut open);
            open[row] = Some((at, Stretch::Work));
        }
    }
    // What is still open runs to the last event.
    let last = run.events.len().saturating_sub(1);
    let length_ms = event_ms.last().copied().unwrap_or(0);
    for (row, open) in open.into_iter().enumerate() {
        if let Some((from, kind)) = open {
            rows[row].segments.push(Segment {
                start: from,
                end: last,
                kind,
            });
        }
    }
    Timeline {
        rows,
        length_ms,
        axis: Axis::new(&event_ms),
        event_ms,
    }
}

/// The axis: each event takes a step, and the virtual time between two events adds a width that
/// grows with the log of its length. Quick steps (many events in the same millisecond, a second
/// of retries) stay readable beside a 1-hour Wait, and order is kept, so bars and the cursor keep
/// their places.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The x fraction (0 to 1) of each event, ascending.
    at: Vec<f32>,
}

impl Axis {
    /// The axis for events at these virtual times (in history order).
    pub fn new(event_ms: &[i64]) -> Axis {
        let mut at = Vec::with_capacity(event_ms.len());
        let mut x = 0.0_f32;
        for (i, t) in event_ms.iter().enumerate() {
            if i > 0 {
                let gap = (t - event_ms[i - 1]).max(0) as f32;
                x += 1.0 + 2.0 * (1.0 + gap / 100.0).ln();
            }
            at.push(x);
        }
        let total = x.max(1e-6);
        for value in &mut at {
            *value /= total;
        }
        Axis { at }
    }

    /// Where event `index` goes, from 0 to 1.
    pub fn fraction(&self, index: usize) -> f32 {
        self.at
            .get(index)
            .or(self.at.last())
            .copied()
            .unwrap_or(0.0)
    }

    /// How many events are shown when the cursor is at fraction `x`: those at or left of it.
    pub fn shown_at(&self, x: f32) -> usize {
        self.at.partition_point(|&a| a <= x + 1e-6)
    }
}

const ROW_HEIGHT: f32 = 20.0;
const NAME_WIDTH: f32 = 180.0;

/// Draws the timeline; a click or drag on it moves the cursor.
pub fn timeline_ui(ui: &mut Ui, run: &RunSession, timeline: &Arc<Timeline>) -> Option<RunAction> {
    let mut action = None;
    if timeline.rows.is_empty() {
        ui.label(egui::RichText::new("No state has run yet.").weak());
        return None;
    }
    ui.label(
        egui::RichText::new(format!(
            "{} states over {} of virtual time. Each event takes a step and long stretches are drawn shorter, so quick steps stay visible. Red: a failed attempt; grey: waiting to retry; hatched: a Wait. Click or drag to move the cursor.",
            timeline.rows.len(),
            elapsed_text(timeline.length_ms)
        ))
        .weak(),
    );
    ScrollArea::vertical().id_salt("timeline").show(ui, |ui| {
        let width = ui.available_width().max(NAME_WIDTH + 100.0);
        let height = timeline.rows.len() as f32 * ROW_HEIGHT + 4.0;
        let (rect, response) =
            ui.allocate_exact_size(egui::vec2(width, height), Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::Slider, true, "Run timeline")
        });
        let bars = Rect::from_min_max(Pos2::new(rect.left() + NAME_WIDTH, rect.top()), rect.max);
        let axis = &timeline.axis;
        let usable = bars.width() - 8.0;
        let x_of = |event: usize| bars.left() + axis.fraction(event) * usable;
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        let (work, failed, backoff, wait) = (
            Color32::from_rgb(0x03, 0x7f, 0x0c),
            Color32::from_rgb(0xd1, 0x32, 0x12),
            Color32::from_gray(150),
            Color32::from_rgb(0x4f, 0x8d, 0xd9),
        );
        for (i, row) in timeline.rows.iter().enumerate() {
            let top = rect.top() + i as f32 * ROW_HEIGHT + 2.0;
            painter.text(
                Pos2::new(rect.left() + 4.0, top + ROW_HEIGHT / 2.0),
                Align2::LEFT_CENTER,
                &row.name,
                FontId::proportional(12.0),
                visuals.text_color(),
            );
            for segment in &row.segments {
                let left = x_of(segment.start);
                let right = x_of(segment.end).max(left + 3.0);
                let bar = Rect::from_min_max(
                    Pos2::new(left, top + 4.0),
                    Pos2::new(right, top + ROW_HEIGHT - 4.0),
                );
                let colour = match segment.kind {
                    Stretch::Work => work,
                    Stretch::FailedAttempt => failed,
                    Stretch::Backoff => backoff,
                    Stretch::Wait => wait,
                };
                painter.rect_filled(bar, 2.0, colour);
                if segment.kind == Stretch::Wait {
                    // Hatching: diagonal lines across the bar.
                    let mut x = bar.left() - bar.height();
                    while x < bar.right() {
                        let a =
                            Pos2::new(x.max(bar.left()), bar.bottom() - (x.max(bar.left()) - x));
                        let b = Pos2::new(
                            (x + bar.height()).min(bar.right()),
                            bar.top() + ((x + bar.height()) - (x + bar.height()).min(bar.right())),
                        );
                        painter.line_segment([a, b], Stroke::new(1.0, visuals.extreme_bg_color));
                        x += 6.0;
                    }
                }
            }
        }
        let x = if run.cursor == 0 {
            bars.left()
        } else {
            x_of(run.cursor - 1)
        };
        painter.line_segment(
            [Pos2::new(x, rect.top()), Pos2::new(x, rect.bottom())],
            Stroke::new(2.0, visuals.selection.stroke.color),
        );
        if response.clicked() || response.dragged() {
            if let Some(p) = response.interact_pointer_pos() {
                // Every event at or left of the pointer is shown.
                action = Some(RunAction::Seek(axis.shown_at((p.x - bars.left()) / usable)));
            }
        }
    });
    action
}

#[cfg(test)]
mod tests {
    use super::Axis;

    #[test]
    fn the_axis_keeps_order_gives_quick_steps_room_and_inverts() {
        // Five events in one millisecond, a second of retries, then an hour's wait.
        let times = [0, 0, 0, 0, 0, 1_000, 2_000, 3_602_000];
        let axis = Axis::new(&times);
        let xs: Vec<f32> = (0..times.len()).map(|i| axis.fraction(i)).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
        assert_eq!(xs[0], 0.0);
        assert_eq!(xs[times.len() - 1], 1.0);
        // The quick part takes a visible share of the width, not a thousandth.
        assert!(xs[6] > 0.3, "{xs:?}");
        for (i, &x) in xs.iter().enumerate() {
            assert_eq!(axis.shown_at(x), i + 1, "event {i}");
        }
        assert_eq!(axis.shown_at(-0.1), 0);
    }
}
