//! One editable field of the inspector: its text while the user types, its value in the file,
//! and the validator's words about it. A field changes only its own member: one `Edit`, so the
//! file's diff is that one line (or that one value).

use std::collections::HashMap;

use eframe::egui::{self, RichText, TextEdit, Ui};
use serde_json::Value;
use statecraft_asl::edit::Edit;
use statecraft_asl::tree::pointer_push;
use statecraft_asl::validate::{Diagnostic, Severity};

/// What a field holds, which decides how its text is read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string (`Comment`, `Resource`, paths).
    Text,
    /// A whole number (`TimeoutSeconds`, `MaxAttempts`).
    Integer,
    /// A number (`BackoffRate`, `ToleratedFailurePercentage`).
    Number,
    /// Any JSON value (payload templates), edited as JSON text.
    Json,
    /// A list of strings, written comma-separated (`ErrorEquals`).
    Names,
}

/// A field of an object in the document.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The object's pointer.
    pub object: &'a str,
    /// The member's key.
    pub key: &'a str,
    /// What it holds.
    pub kind: Kind,
    /// What the field is for, shown on hover.
    pub hint: &'a str,
    /// Which entry of a list the field is in ("Retrier 1"), for its accessible name; empty for
    /// a field of the state itself.
    pub context: &'a str,
}

/// The text the user is typing into fields, by the field's pointer, while they type; and what
/// the validator says of the text being typed.
#[derive(Debug, Default)]
pub struct Buffers {
    texts: HashMap<String, String>,
    /// The field being typed into, its text, and the diagnostics of the document with it.
    preview: Option<(String, String, Vec<Diagnostic>)>,
}

/// What the validator says: the document's diagnostics, and the document, to check a field's
/// text before it is committed.
#[derive(Debug, Clone, Copy)]
pub struct Checks<'a> {
    /// The diagnostics of the document as it is.
    pub list: &'a [Diagnostic],
    /// The document as it is.
    pub document: &'a statecraft_asl::Document,
}

/// The field's value shown as text.
pub fn text_of(value: Option<&Value>, kind: Kind) -> String {
    match (value, kind) {
        (None, _) => String::new(),
        (Some(Value::String(s)), Kind::Text) => s.clone(),
        (Some(Value::Array(items)), Kind::Names) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        (Some(Value::Number(n)), Kind::Integer | Kind::Number) => n.to_string(),
        (Some(v), Kind::Json) => serde_json::to_string_pretty(v).unwrap_or_default(),
        (Some(v), _) => v.to_string(),
    }
}

/// The value a field's text means, `None` for an empty field (the member is removed), or why the
/// text cannot be read.
pub fn value_of(text: &str, kind: Kind) -> Result<Option<Value>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    match kind {
        Kind::Text => Ok(Some(Value::String(text.to_owned()))),
        Kind::Integer => trimmed
            .parse::<i64>()
            .map(|n| Some(Value::from(n)))
            .map_err(|_| format!("\u{201c}{trimmed}\u{201d} is not a whole number")),
        Kind::Number => {
            if let Ok(n) = trimmed.parse::<i64>() {
                return Ok(Some(Value::from(n)));
            }
            trimmed
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(|n| Some(Value::Number(n)))
                .ok_or_else(|| format!("\u{201c}{trimmed}\u{201d} is not a number"))
        }
        Kind::Json => serde_json::from_str(trimmed)
            .map(Some)
            .map_err(|e| format!("not JSON: {e}")),
        Kind::Names => Ok(Some(Value::Array(
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ))),
    }
}

/// The edit that gives the field this text, if it changes anything.
pub fn edit_for(
    field: &Field<'_>,
    current: Option<&Value>,
    text: &str,
) -> Result<Option<Edit>, String> {
    let value = value_of(text, field.kind)?;
    Ok(match (value, current) {
        (None, None) => None,
        (None, Some(_)) => Some(Edit::RemoveField {
            pointer: field.object.to_owned(),
            key: field.key.to_owned(),
        }),
        (Some(v), Some(c)) if v == *c => None,
        (Some(v), _) => Some(Edit::SetField {
            pointer: field.object.to_owned(),
            key: field.key.to_owned(),
            value: v,
        }),
    })
}

impl Buffers {
    /// Draws a field (label, editor, the validator's words) and returns the edit its commit makes
    /// (on Enter or when the field loses focus), or the reason its text cannot be used.
    pub fn field_ui(
        &mut self,
        ui: &mut Ui,
        label: &str,
        field: &Field<'_>,
        current: Option<&Value>,
        checks: &Checks<'_>,
    ) -> Option<Edit> {
        let pointer = pointer_push(field.object, field.key);
        let shown = text_of(current, field.kind);
        let id = ui.id().with(("inspector field", &pointer));
        let has_focus = ui.memory(|m| m.has_focus(id));
        let text = self
            .texts
            .entry(pointer.clone())
            .or_insert_with(|| shown.clone());
        if !has_focus && *text != shown {
            // Not being typed into: show what the file says (an undo, a code edit).
            text.clone_from(&shown);
        }
        ui.label(RichText::new(label).strong())
            .on_hover_text(field.hint);
        let editor = if field.kind == Kind::Json {
            TextEdit::multiline(text).code_editor().desired_rows(3)
        } else {
            TextEdit::singleline(text)
        };
        let response = ui.add(
            editor
                .id(id)
                .desired_width(f32::INFINITY)
                .hint_text(field.hint),
        );
        let accessible = if field.context.is_empty() {
            format!("{label} ({})", field.key)
        } else {
            format!("{} {label} ({})", field.context, field.key)
        };
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::WidgetType::TextEdit, true, &accessible)
        });
        let mut edit = None;
        let mut problem = None;
        if response.lost_focus() {
            match edit_for(field, current, text) {
                Ok(e) => edit = e,
                Err(why) => problem = Some(why),
            }
        }
        if let Some(why) = problem.or_else(|| {
            // A text that cannot be read stays, with the reason, until fixed.
            (has_focus || *text != shown)
                .then(|| value_of(text, field.kind).err())
                .flatten()
        }) {
            ui.label(
                RichText::new(why)
                    .color(ui.visuals().error_fg_color)
                    .small(),
            );
        }
        // While the field is being typed into, the validator reads the document with the new text.
        let typing = has_focus && *text != shown;
        if typing {
            let fresh = self
                .preview
                .as_ref()
                .is_some_and(|(p, t, _)| *p == pointer && t == text);
            if !fresh {
                let found = edit_for(field, current, text)
                    .ok()
                    .flatten()
                    .and_then(|edit| checks.document.apply(&edit).ok())
                    .map(|doc| statecraft_asl::validate::validate(&doc))
                    .unwrap_or_default();
                self.preview = Some((pointer.clone(), text.clone(), found));
            }
        }
        let list = match &self.preview {
            Some((p, _, found)) if typing && *p == pointer => found.as_slice(),
            _ => checks.list,
        };
        for d in diagnostics_at(list, &pointer) {
            let colour = match d.severity {
                Severity::Error => ui.visuals().error_fg_color,
                Severity::Warning => ui.visuals().warn_fg_color,
            };
            ui.add(
                egui::Label::new(
                    RichText::new(format!("{}: {}", d.code, d.message))
                        .color(colour)
                        .small(),
                )
                .wrap(),
            );
        }
        ui.add_space(4.0);
        edit
    }
}

/// The diagnostics about the value at `pointer` (or inside it).
pub fn diagnostics_at<'d>(
    diagnostics: &'d [Diagnostic],
    pointer: &'d str,
) -> impl Iterator<Item = &'d Diagnostic> + 'd {
    diagnostics.iter().filter(move |d| {
        d.pointer == pointer
            || d.pointer
                .strip_prefix(pointer)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn texts_read_back_as_the_kind_says() {
        assert_eq!(value_of("12", Kind::Integer), Ok(Some(json!(12))));
        assert!(value_of("1.5", Kind::Integer).is_err());
        assert_eq!(value_of("1.5", Kind::Number), Ok(Some(json!(1.5))));
        assert_eq!(value_of("2", Kind::Number), Ok(Some(json!(2))));
        assert_eq!(value_of("  ", Kind::Text), Ok(None));
        assert_eq!(
            value_of("States.Timeout, Custom", Kind::Names),
            Ok(Some(json!(["States.Timeout", "Custom"])))
        );
        assert!(value_of("{\"a\": ", Kind::Json).is_err());
        assert_eq!(text_of(Some(&json!(["A", "B"])), Kind::Names), "A, B");
    }

    #[test]
    fn a_field_edit_sets_removes_or_does_nothing() {
        let field = Field {
            object: "/States/A",
            key: "TimeoutSeconds",
            kind: Kind::Integer,
            hint: "",
            context: "",
        };
        assert_eq!(edit_for(&field, Some(&json!(30)), "30"), Ok(None));
        assert_eq!(
            edit_for(&field, Some(&json!(30)), "60"),
            Ok(Some(Edit::SetField {
                pointer: "/States/A".into(),
                key: "TimeoutSeconds".into(),
                value: json!(60)
            }))
        );
        assert_eq!(
            edit_for(&field, Some(&json!(30)), ""),
            Ok(Some(Edit::RemoveField {
                pointer: "/States/A".into(),
                key: "TimeoutSeconds".into()
            }))
        );
        assert!(edit_for(&field, None, "soon").is_err());
    }
}
