//! JSON and YAML highlighting for the code view: a small lexer that colours keys, strings,
//! numbers, literals, punctuation and comments, and marks a span (the selected state) and an
//! error position. It never changes the text; it only colours it.

use std::ops::Range;

use eframe::egui::{text::LayoutJob, Color32, FontId, Stroke, TextFormat};
use statecraft_asl::Format;

/// The colours of the code view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CodePalette {
    /// Plain text and punctuation.
    pub plain: Color32,
    /// Object keys.
    pub key: Color32,
    /// String values.
    pub string: Color32,
    /// Numbers.
    pub number: Color32,
    /// true, false, null.
    pub literal: Color32,
    /// Comments (YAML).
    pub comment: Color32,
    /// Background of the marked span (the selected state).
    pub marked: Color32,
    /// Underline and background of the error.
    pub error: Color32,
}

/// What kind of token a byte range is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// White space, punctuation, anything else.
    Plain,
    /// An object key.
    Key,
    /// A string value.
    String,
    /// A number.
    Number,
    /// true, false, null (and YAML's ~).
    Literal,
    /// A comment.
    Comment,
}

/// Splits `text` into coloured tokens covering it entirely, in order.
pub fn tokens(text: &str, format: Format) -> Vec<(Range<usize>, TokenKind)> {
    match format {
        Format::Json => json_tokens(text),
        Format::Yaml => yaml_tokens(text),
    }
}

fn json_tokens(text: &str) -> Vec<(Range<usize>, TokenKind)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut plain_start = 0;
    let flush = |out: &mut Vec<(Range<usize>, TokenKind)>, from: usize, to: usize| {
        if from < to {
            out.push((from..to, TokenKind::Plain));
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                // A string followed by `:` is a key.
                let mut j = i;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b':' {
                    TokenKind::Key
                } else {
                    TokenKind::String
                }
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && matches!(bytes[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                TokenKind::Number
            }
            b't' | b'f' | b'n' if word_at(bytes, i, &["true", "false", "null"]).is_some() => {
                i += word_at(bytes, i, &["true", "false", "null"]).unwrap_or(1);
                TokenKind::Literal
            }
            _ => {
                i += utf8_len(b);
                continue;
            }
        };
        flush(&mut out, plain_start, start);
        out.push((start..i.min(bytes.len()), kind));
        plain_start = i.min(bytes.len());
    }
    flush(&mut out, plain_start, bytes.len());
    out
}

fn yaml_tokens(text: &str) -> Vec<(Range<usize>, TokenKind)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        yaml_line(line, line_start, &mut out);
        line_start += line.len();
    }
    out
}

/// Tokens of one YAML line: an optional `- `, an optional `key:`, a value, an optional comment.
fn yaml_line(line: &str, base: usize, out: &mut Vec<(Range<usize>, TokenKind)>) {
    let bytes = line.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(Range<usize>, TokenKind)>, r: Range<usize>, k: TokenKind| {
        if r.start < r.end {
            out.push((base + r.start..base + r.end, k));
        }
    };
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'-') {
        i += 1;
    }
    // A comment line.
    if i < bytes.len() && bytes[i] == b'#' {
        push(out, 0..i, TokenKind::Plain);
        push(
            out,
            i..line.trim_end_matches(['\n', '\r']).len(),
            TokenKind::Comment,
        );
        push(
            out,
            line.trim_end_matches(['\n', '\r']).len()..bytes.len(),
            TokenKind::Plain,
        );
        return;
    }
    // A key: text up to `: ` or `:` at the end (quoted keys included).
    if let Some(colon) = key_colon(bytes, i) {
        push(out, plain_from..i, TokenKind::Plain);
        push(out, i..colon, TokenKind::Key);
        plain_from = colon;
        i = colon + 1;
    }
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    let end = value_end(bytes, i);
    if i < end {
        let value = line[i..end].trim_end();
        let kind = if value.starts_with('"') || value.starts_with('\'') {
            TokenKind::String
        } else if matches!(
            value,
            "true" | "false" | "null" | "~" | "True" | "False" | "Null"
        ) {
            TokenKind::Literal
        } else if value.parse::<f64>().is_ok() {
            TokenKind::Number
        } else if matches!(
            value.chars().next(),
            Some('{' | '[' | '|' | '>' | '&' | '*' | '!')
        ) {
            TokenKind::Plain
        } else {
            TokenKind::String
        };
        push(out, plain_from..i, TokenKind::Plain);
        push(out, i..i + value.len(), kind);
        plain_from = i + value.len();
    }
    let content_end = line.trim_end_matches(['\n', '\r']).len();
    if end < content_end && line[end..content_end].trim_start().starts_with('#') {
        let hash = end + (line[end..content_end].len() - line[end..content_end].trim_start().len());
        push(out, plain_from..hash, TokenKind::Plain);
        push(out, hash..content_end, TokenKind::Comment);
        plain_from = content_end;
    }
    push(out, plain_from..bytes.len(), TokenKind::Plain);
}

/// Where the `:` of a mapping key is, when the line holds `key: value` or `key:`.
fn key_colon(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
        let quote = bytes[i];
        i += 1;
        while i < bytes.len() && bytes[i] != quote {
            i += 1;
        }
        i += 1;
        return (i < bytes.len() && bytes[i] == b':').then_some(i);
    }
    while i < bytes.len() {
        match bytes[i] {
            b':' if i + 1 == bytes.len()
                || matches!(bytes[i + 1], b' ' | b'\n' | b'\r' | b'\t') =>
            {
                return (i > from).then_some(i)
            }
            b'#' | b'{' | b'[' | b'"' | b'\'' if i == from => return None,
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

/// Where a plain value ends: before ` #` (a comment) or the line end.
fn value_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'"' | b'\'') if i == from => quote = Some(bytes[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i > from && bytes[i - 1] == b' ' => return i,
            (_, b'\n' | b'\r') => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

fn word_at(bytes: &[u8], i: usize, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .find(|w| bytes[i..].starts_with(w.as_bytes()))
        .map(|w| w.len())
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The coloured layout of the code: tokens, the marked span and the error.
pub fn layout_job(
    text: &str,
    format: Format,
    font: FontId,
    palette: &CodePalette,
    marked: Option<Range<usize>>,
    error: Option<Range<usize>>,
) -> LayoutJob {
    let mut job = LayoutJob {
        text: text.to_owned(),
        ..LayoutJob::default()
    };
    job.wrap.max_width = f32::INFINITY;
    // Split tokens further at the marked span's and the error's borders.
    let mut cuts: Vec<usize> = Vec::new();
    for r in marked.iter().chain(error.iter()) {
        cuts.push(r.start.min(text.len()));
        cuts.push(r.end.min(text.len()));
    }
    cuts.sort_unstable();
    for (range, kind) in tokens(text, format) {
        let mut start = range.start;
        let inner = cuts
            .iter()
            .copied()
            .filter(|&c| c > range.start && c < range.end);
        for end in inner.chain(std::iter::once(range.end)) {
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            let colour = match kind {
                TokenKind::Plain => palette.plain,
                TokenKind::Key => palette.key,
                TokenKind::String => palette.string,
                TokenKind::Number => palette.number,
                TokenKind::Literal => palette.literal,
                TokenKind::Comment => palette.comment,
            };
            let mut format = TextFormat::simple(font.clone(), colour);
            if marked
                .as_ref()
                .is_some_and(|m| m.start <= start && end <= m.end)
            {
                format.background = palette.marked;
            }
            if error
                .as_ref()
                .is_some_and(|e| e.start <= start && end <= e.end)
            {
                format.underline = Stroke::new(1.5, palette.error);
                format.background = palette.error.gamma_multiply(0.18);
            }
            job.sections.push(eframe::egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: start..end,
                format,
            });
            start = end;
        }
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, format: Format) -> Vec<(&str, TokenKind)> {
        tokens(text, format)
            .into_iter()
            .filter(|(_, k)| *k != TokenKind::Plain)
            .map(|(r, k)| (&text[r], k))
            .collect()
    }

    #[test]
    fn json_keys_strings_numbers_literals() {
        let text = r#"{"StartAt": "A", "N": -1.5e3, "End": true, "Q": "say \"hi\""}"#;
        assert_eq!(
            kinds(text, Format::Json),
            [
                ("\"StartAt\"", TokenKind::Key),
                ("\"A\"", TokenKind::String),
                ("\"N\"", TokenKind::Key),
                ("-1.5e3", TokenKind::Number),
                ("\"End\"", TokenKind::Key),
                ("true", TokenKind::Literal),
                ("\"Q\"", TokenKind::Key),
                ("\"say \\\"hi\\\"\"", TokenKind::String),
            ]
        );
    }

    #[test]
    fn yaml_keys_values_and_comments() {
        let text = "# top\nStartAt: A  # first\nStates:\n  - Seconds: 5\n    End: true\n";
        assert_eq!(
            kinds(text, Format::Yaml),
            [
                ("# top", TokenKind::Comment),
                ("StartAt", TokenKind::Key),
                ("A", TokenKind::String),
                ("# first", TokenKind::Comment),
                ("States", TokenKind::Key),
                ("Seconds", TokenKind::Key),
                ("5", TokenKind::Number),
                ("End", TokenKind::Key),
                ("true", TokenKind::Literal),
            ]
        );
    }

    #[test]
    fn tokens_cover_the_text_exactly() {
        for (text, format) in [
            ("{\"a\": [1, 2, {\"b\": null}], \"é\": \"ü\"}", Format::Json),
            ("a: 1\nb:\n  - c: 'x: y' # z\n  - \"d\": e\n", Format::Yaml),
            ("{\"unterminated", Format::Json),
        ] {
            let mut at = 0;
            for (range, _) in tokens(text, format) {
                assert_eq!(range.start, at, "{text:?}");
                at = range.end;
            }
            assert_eq!(at, text.len(), "{text:?}");
        }
    }
}
