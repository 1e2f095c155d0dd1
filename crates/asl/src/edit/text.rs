//! Small helpers over source text: lines, indentation, newline style, and text patches.

use super::EditError;
use crate::tree::{Node, NodeValue};
use crate::Format;

/// A replacement of the bytes `start..end` of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Patch {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Patch {
    pub fn replace(start: usize, end: usize, text: impl Into<String>) -> Self {
        Self {
            start,
            end,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self::replace(at, at, text)
    }

    pub fn delete(start: usize, end: usize) -> Self {
        Self::replace(start, end, String::new())
    }
}

/// Applies non-overlapping patches to `text`.
pub(crate) fn apply_patches(text: &str, mut patches: Vec<Patch>) -> Result<String, EditError> {
    patches.sort_by_key(|p| (p.start, p.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for patch in &patches {
        if patch.start < at || patch.end < patch.start || patch.end > text.len() {
            return Err(EditError::Internal(format!(
                "overlapping or out-of-range text patches at byte {}",
                patch.start
            )));
        }
        let kept = text.get(at..patch.start).ok_or_else(|| {
            EditError::Internal(format!("patch at byte {} splits a character", patch.start))
        })?;
        out.push_str(kept);
        out.push_str(&patch.text);
        at = patch.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Ok(out)
}

/// Byte offset where the line holding `offset` starts.
pub(crate) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line holding `offset` (before its `\r\n` or `\n`).
pub(crate) fn line_end(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    match text[offset..].find('\n') {
        Some(i) => {
            let nl = offset + i;
            if nl > offset && text.as_bytes()[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            }
        }
        None => text.len(),
    }
}

/// Byte offset just past the line break ending the line that holds `offset` (or the text's end).
pub(crate) fn after_line(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The white space that starts the line holding `offset`.
pub(crate) fn line_indent(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    let len = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..len]
}

/// True when only spaces or tabs stand between the line's start and `offset`.
pub(crate) fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}

/// The column of `offset` in characters from its line's start (YAML indentation).
pub(crate) fn column(text: &str, offset: usize) -> usize {
    text[line_start(text, offset)..offset].chars().count()
}

/// The end of a node's text without trailing white space (YAML block scalars' spans run on to the
/// next token), nor, for a block collection, the comment lines after its last value: those stand
/// above the next key and belong to it.
pub(crate) fn trimmed_end(text: &str, node: &Node) -> usize {
    let end = node.span.end.min(text.len());
    let start = node.span.start.min(end);
    let mut trimmed = start + text[start..end].trim_end().len();
    let last_child = match &node.value {
        NodeValue::Object(members) => members.last().map(|m| &m.value),
        NodeValue::Array(items) => items.last(),
        _ => return trimmed,
    };
    let Some(last_child) = last_child else {
        return trimmed;
    };
    let floor = trimmed_end(text, last_child).max(start);
    while trimmed > floor {
        let line = line_start(text, trimmed);
        if line <= floor || !text[line..trimmed].trim_start().starts_with('#') {
            break;
        }
        // Drop the comment line and the white space before it.
        trimmed = floor.max(start + text[start..line].trim_end().len());
    }
    trimmed
}

/// The newline a text uses: CRLF when its first line break is CRLF.
pub(crate) fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// How a document is laid out, so inserted text looks like its neighbours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Style {
    /// `\n` or `\r\n`.
    pub newline: &'static str,
    /// One level of indentation: spaces or a tab (JSON); YAML uses its width in spaces.
    pub unit: String,
    /// True when the whole document is on one line (minified JSON).
    pub one_line: bool,
}

impl Style {
    /// Detects the newline and the indentation unit most used between a container and its children.
    pub fn detect(text: &str, root: &Node, format: Format) -> Style {
        let mut deltas: Vec<(String, usize)> = Vec::new();
        match format {
            Format::Json => json_deltas(text, root, &mut deltas),
            Format::Yaml => yaml_deltas(text, root, &mut deltas),
        }
        // Most common; ties go to the one seen first.
        let unit = deltas
            .iter()
            .enumerate()
            .max_by(|(ia, (_, ca)), (ib, (_, cb))| ca.cmp(cb).then(ib.cmp(ia)))
            .map(|(_, (unit, _))| unit.clone())
            .unwrap_or_else(|| "  ".to_owned());
        Style {
            newline: newline_of(text),
            unit,
            one_line: !text.trim_end().contains('\n'),
        }
    }
}

fn count(deltas: &mut Vec<(String, usize)>, unit: &str) {
    if unit.is_empty() {
        return;
    }
    match deltas.iter_mut().find(|(u, _)| u == unit) {
        Some((_, n)) => *n += 1,
        None => deltas.push((unit.to_owned(), 1)),
    }
}

fn json_deltas(text: &str, node: &Node, deltas: &mut Vec<(String, usize)>) {
    let children: Vec<(usize, &Node)> = match &node.value {
        NodeValue::Object(members) => members
            .iter()
            .map(|m| (m.key_span.start, &m.value))
            .collect(),
        NodeValue::Array(items) => items.iter().map(|n| (n.span.start, n)).collect(),
        _ => return,
    };
    let parent = line_indent(text, node.span.start);
    if let Some((first, _)) = children.first() {
        if starts_line(text, *first) {
            let child = line_indent(text, *first);
            if let Some(delta) = child.strip_prefix(parent) {
                count(deltas, delta);
            }
        }
    }
    for (_, child) in children {
        json_deltas(text, child, deltas);
    }
}

fn yaml_deltas(text: &str, node: &Node, deltas: &mut Vec<(String, usize)>) {
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                if let NodeValue::Object(inner) = &m.value.value {
                    if let Some(first) = inner.first() {
                        let child = column(text, first.key_span.start);
                        let parent = column(text, m.key_span.start);
                        if child > parent && starts_line(text, first.key_span.start) {
                            count(deltas, &" ".repeat(child - parent));
                        }
                    }
                }
                yaml_deltas(text, &m.value, deltas);
            }
        }
        NodeValue::Array(items) => items.iter().for_each(|n| yaml_deltas(text, n, deltas)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_helpers_handle_crlf() {
        let text = "ab\r\n  cd\r\n";
        assert_eq!(line_start(text, 6), 4);
        assert_eq!(line_end(text, 6), 8);
        assert_eq!(after_line(text, 6), 10);
        assert_eq!(line_indent(text, 7), "  ");
        assert!(starts_line(text, 6));
        assert!(!starts_line(text, 7));
        assert_eq!(newline_of(text), "\r\n");
    }

    #[test]
    fn patches_apply_in_order_and_refuse_overlaps() {
        let out = apply_patches(
            "hello world",
            vec![Patch::replace(6, 11, "there"), Patch::insert(0, ">")],
        )
        .unwrap();
        assert_eq!(out, ">hello there");
        assert!(apply_patches("abc", vec![Patch::delete(0, 2), Patch::delete(1, 3)]).is_err());
    }
}
