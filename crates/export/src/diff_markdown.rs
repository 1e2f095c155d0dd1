//! The difference between two versions as Markdown for a pull request: a count, the changes in
//! words, and a Mermaid flowchart of the new version coloured by change (code hosts render it).

use std::fmt::Write as _;

use statecraft_asl::diff::ChangeKind;

use crate::diff_view::DiffView;
use crate::mermaid::mermaid_marked;

/// The change from `old_label` to `new_label` as Markdown.
pub fn diff_markdown(view: &DiffView, old_label: &str, new_label: &str) -> String {
    let diff = &view.diff;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Workflow change: {} \u{2192} {}\n",
        code(old_label),
        code(new_label)
    );
    if diff.is_empty() {
        out.push_str("No change in meaning (formatting, key order or comments only).\n");
        return out;
    }
    let _ = writeln!(out, "**{}**\n", diff.count_line());
    for field in &diff.machine {
        let _ = writeln!(out, "- State machine: {}", inline(&field.describe()));
    }
    for change in &diff.states {
        let sign = match change.kind {
            ChangeKind::Added => "\u{2795}",
            ChangeKind::Removed => "\u{2796}",
            ChangeKind::Renamed | ChangeKind::Changed => "\u{270f}\u{fe0f}",
        };
        let _ = writeln!(out, "- {sign} {}", inline(&change.headline()));
        for field in &change.fields {
            let _ = writeln!(out, "  - {}", inline(&field.describe()));
        }
    }
    if !diff.transitions.is_empty() {
        out.push_str("\n<details><summary>Transitions</summary>\n\n");
        for transition in &diff.transitions {
            let _ = writeln!(out, "- {}", inline(&transition.describe()));
        }
        out.push_str("\n</details>\n");
    }
    out.push_str("\n```mermaid\n");
    out.push_str(&mermaid_marked(&view.graph, Some(&view.marks)));
    out.push_str("```\n\n");
    out.push_str(
        "<sub>Green: added. Amber: changed or renamed. Red, dashed: removed. \
         Drawn by <code>statecraft diff</code>.</sub>\n",
    );
    out
}

/// Text in backticks, with a longer fence when it holds backticks itself.
fn code(text: &str) -> String {
    let fence = if text.contains('`') { "``" } else { "`" };
    format!("{fence}{}{fence}", text.replace(['\n', '\r'], " "))
}

/// Text safe on one Markdown list line: HTML and Markdown punctuation that would change its
/// meaning escaped, line breaks flattened.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
