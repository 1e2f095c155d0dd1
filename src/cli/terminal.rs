//! Text from a document shown on a terminal: control characters (escape, bell, the other C0 and
//! C1 codes) are shown escaped, so a state name cannot move the cursor, recolour the terminal or
//! ring the bell.

use std::borrow::Cow;

/// True for the characters a terminal may act on: C0 controls, DEL and C1 controls.
fn is_control(c: char) -> bool {
    c.is_control()
}

/// `text` with every control character (line breaks and tabs included) written as a JSON-style
/// escape: `\u001b`, `\n`, `\t`. Text without any is returned as it is.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            c if is_control(c) => shown.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => shown.push(c),
        }
    }
    Cow::Owned(shown)
}

/// [`escaped`], line by line: the line breaks of a multi-line message are kept.
pub fn escaped_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_control(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.split('\n').map(escaped).collect::<Vec<_>>().join("\n"))
}

/// True when the environment asks for no colour (`NO_COLOR` set, `TERM=dumb`).
pub fn colour_refused() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// True when stdout is a terminal that takes colour.
pub fn stdout_colour() -> bool {
    use std::io::IsTerminal as _;
    !colour_refused() && std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c0_and_c1_controls_are_escaped() {
        assert_eq!(escaped("plain “name”"), "plain “name”");
        assert_eq!(escaped("a\u{1b}[31mred\u{7}"), "a\\u001b[31mred\\u0007");
        assert_eq!(escaped("c1\u{9b}2J"), "c1\\u009b2J");
        assert_eq!(escaped("two\nlines\t"), "two\\nlines\\t");
        assert_eq!(escaped_lines("one\u{1b}\ntwo"), "one\\u001b\ntwo");
    }
}
