//! Escaping of document strings for XML, SVG and HTML.

/// Escapes `&`, `<`, `>`, `"` and `'` for XML/HTML text and attribute values, and drops control
/// characters that XML does not allow.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// JSON text made safe to embed in an HTML `<script>` element: `<`, `>` and `&` become `\u003c`,
/// `\u003e` and `\u0026` (valid JSON, and no `</script>` can end the element early).
pub(crate) fn json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_xml("<script>alert('x') & \"y\"</script>\u{1}"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(
            json_for_script(r#"{"a":"</script>"}"#),
            r#"{"a":"\u003c/script\u003e"}"#
        );
    }
}
