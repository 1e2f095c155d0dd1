//! The text summary: a line per change in the library's words, grouped as the machine's fields,
//! the states (their fields indented), the transitions, then a count.

use statecraft_asl::diff::{
    ChangeKind, Diff, FieldChange, StateChange, TransitionChange, TransitionChangeKind,
};

use super::{Compared, Status};
use crate::cli::{plural, terminal};

/// Colours for a terminal (ANSI escapes), or none.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    on: bool,
}

/// What a line says, for its colour.
#[derive(Debug, Clone, Copy)]
enum Tone {
    Added,
    Removed,
    Changed,
}

impl Paint {
    /// Colours when `on`, plain text otherwise.
    pub fn new(on: bool) -> Paint {
        Paint { on }
    }

    /// True when lines are coloured.
    pub fn on(&self) -> bool {
        self.on
    }

    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }

    /// A file's header line: bold.
    pub fn header(&self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn tone(&self, tone: Tone, text: &str) -> String {
        match tone {
            Tone::Added => self.wrap("32", text),
            Tone::Removed => self.wrap("31", text),
            Tone::Changed => self.wrap("33", text),
        }
    }
}

/// The summary of every pair; headers name each pair (always with `--git` and as git's
/// external diff, else when there are several).
pub fn summary(compared: &[Compared], paint: &Paint, headers: bool) -> String {
    if compared.is_empty() {
        return "No changes.".to_owned();
    }
    let mut lines: Vec<String> = Vec::new();
    for (i, pair) in compared.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        let states = pair.diff.states.len();
        let states = format!("{states} {}", plural(states, "state", "states"));
        match pair.status {
            Status::Added => {
                let line = format!("{}: new file ({states})", pair.header);
                lines.push(paint.tone(Tone::Added, &terminal::escaped(&line)));
            }
            Status::Removed => {
                let line = format!("{}: deleted ({states})", pair.header);
                lines.push(paint.tone(Tone::Removed, &terminal::escaped(&line)));
            }
            Status::Changed | Status::Unchanged => {
                if headers {
                    lines.push(paint.header(&terminal::escaped(&pair.header)));
                }
                diff_lines(&pair.diff, paint, &mut lines);
            }
        }
    }
    lines.join("\n")
}

/// The lines of one diff: machine fields, states, transitions, then the count.
fn diff_lines(diff: &Diff, paint: &Paint, lines: &mut Vec<String>) {
    if diff.is_empty() {
        lines.push("No changes.".to_owned());
        return;
    }
    let mut push = |tone: Tone, indent: &str, text: String| {
        lines.push(paint.tone(tone, &format!("{indent}{}", terminal::escaped(&text))));
    };
    if !diff.machine.is_empty() {
        push(Tone::Changed, "", "Changed the state machine".to_owned());
        for field in &diff.machine {
            push(field_tone(field), "  ", field.describe());
        }
    }
    for state in &diff.states {
        push(state_tone(state), "", state.headline());
        for field in &state.fields {
            push(field_tone(field), "  ", field.describe());
        }
    }
    for transition in &diff.transitions {
        push(transition_tone(transition), "", transition.describe());
    }
    lines.push(diff.count_line());
}

fn state_tone(change: &StateChange) -> Tone {
    match change.kind {
        ChangeKind::Added => Tone::Added,
        ChangeKind::Removed => Tone::Removed,
        ChangeKind::Renamed | ChangeKind::Changed => Tone::Changed,
    }
}

fn field_tone(change: &FieldChange) -> Tone {
    match (&change.old, &change.new) {
        (None, Some(_)) => Tone::Added,
        (Some(_), None) => Tone::Removed,
        _ => Tone::Changed,
    }
}

fn transition_tone(change: &TransitionChange) -> Tone {
    match change.kind {
        TransitionChangeKind::Added => Tone::Added,
        TransitionChangeKind::Removed => Tone::Removed,
    }
}
