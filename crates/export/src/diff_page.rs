//! The change page: one self-contained HTML file (no network) showing the difference between two
//! versions of a workflow: the marked diagram ([`DiffView`]) beside the list of changes in plain
//! words. Selecting a state change (its button in the list, or its box in the picture) outlines
//! its box and shows its fields, old and new side by side.
//!
//! The page's data (`<script type="application/json" id="diff-data">`) is:
//!
//! ```text
//! { "changes": [ { "headline": words, "node": "node-N" or null,
//!                  "fields": [ [path, old pretty JSON or null, new pretty JSON or null], … ] }, … ],
//!   "nodes": { "node-N": change index, … } }
//! ```
//!
//! The script writes it into the page as text only (`textContent`), never as markup.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};
use statecraft_asl::diff::{FieldChange, TransitionChange};

use crate::diagram::Diagram;
use crate::diff_view::DiffView;
use crate::escape::{escape_xml, json_for_script};
use crate::html::CSS;
use crate::svg::{svg, SvgOptions};

/// What the change page says besides the change.
#[derive(Debug, Clone, Copy)]
pub struct DiffPageOptions<'a> {
    /// The page title (usually "old → new").
    pub title: Option<&'a str>,
    /// What the old version is called (a file name, `REV:PATH`).
    pub old_label: &'a str,
    /// What the new version is called.
    pub new_label: &'a str,
}

/// The page's own style, after the review page's ([`CSS`]).
const DIFF_CSS: &str = r#"
.changes { flex: 1 1 360px; min-width: 320px; }
.changes h2 { font-size: 16px; margin: 16px 0 8px 0; }
.changes ul { list-style: none; padding: 0; margin: 0; }
.changes li { margin-bottom: 6px; font-size: 14px; }
.changes li ul { margin: 4px 0 0 16px; color: #414d5c; }
.change { font: inherit; text-align: left; width: 100%; padding: 6px 10px; border: 1px solid #d5dbe3; border-left: 6px solid #9aa3af; border-radius: 6px; background: #ffffff; cursor: pointer; word-break: break-word; }
.change:hover, .change:focus { background: #eaf2fe; }
.change[aria-pressed="true"] { outline: 3px solid #0972d3; }
.change.added { border-left-color: #037f0c; }
.change.changed, .change.renamed { border-left-color: #b86e00; }
.change.removed { border-left-color: #d13212; }
.diagram .node.selected > :first-child { outline: 3px solid #0972d3; outline-offset: 2px; }
.diagram .node.selected { filter: drop-shadow(0 0 4px #0972d3); }
.diagram .node:focus { outline: none; }
.details { background: #ffffff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 12px 16px; margin-top: 16px; }
.details h3 { margin: 0 0 8px 0; font-size: 16px; word-break: break-word; }
.details table { border-collapse: collapse; width: 100%; font-size: 13px; }
.details th, .details td { border: 1px solid #d5dbe3; padding: 4px 8px; vertical-align: top; text-align: left; }
.details pre { margin: 0; white-space: pre-wrap; word-break: break-word; font-family: "DejaVu Sans Mono", monospace; }
.details .none { color: #7a8699; font-style: italic; }
"#;

/// Selection: a change's button or its box shows its details; the data is written as text.
const DIFF_SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('diff-data').textContent);
  var panel = document.getElementById('details');
  function cell(row, value) {
    var td = document.createElement('td');
    if (value === null) {
      var span = document.createElement('span'); span.className = 'none'; span.textContent = '(none)'; td.appendChild(span);
    } else {
      var pre = document.createElement('pre'); pre.textContent = value; td.appendChild(pre);
    }
    row.appendChild(td);
  }
  function select(i) {
    var change = data.changes[i];
    if (!change) { return; }
    document.querySelectorAll('.diagram .node.selected').forEach(function (g) { g.classList.remove('selected'); });
    document.querySelectorAll('.change[aria-pressed="true"]').forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
    var button = document.getElementById('change-' + i);
    if (button) { button.setAttribute('aria-pressed', 'true'); }
    var g = change.node ? document.getElementById(change.node) : null;
    if (g) { g.classList.add('selected'); }
    document.getElementById('details-title').textContent = change.headline;
    var body = document.getElementById('details-body');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    change.fields.forEach(function (f) {
      var row = document.createElement('tr');
      var th = document.createElement('th'); th.scope = 'row'; th.textContent = f[0]; row.appendChild(th);
      cell(row, f[1]); cell(row, f[2]);
      body.appendChild(row);
    });
    document.getElementById('details-empty').hidden = change.fields.length > 0;
    document.getElementById('details-table').hidden = change.fields.length === 0;
    panel.hidden = false;
  }
  document.querySelectorAll('.change').forEach(function (b) {
    b.addEventListener('click', function () { select(Number(b.getAttribute('data-change'))); });
  });
  document.querySelectorAll('.diagram .node').forEach(function (g) {
    if (!(g.id in data.nodes)) { return; }
    var i = data.nodes[g.id];
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.addEventListener('click', function () { select(i); });
    g.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(i); }
    });
  });
})();
"#;

/// The change page for a [`DiffView`] and its laid-out graph (`Diagram::new(view.graph)`), as
/// one HTML document with no external references. The same input gives the same bytes.
pub fn diff_html(view: &DiffView, diagram: &Diagram, options: &DiffPageOptions<'_>) -> String {
    let title = options.title.unwrap_or("Changes");
    let diff = &view.diff;
    let mut out = String::with_capacity(16_384);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}{DIFF_CSS}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape_xml(title),
        escape_xml(title)
    );
    let _ = writeln!(
        out,
        "<p class=\"subtitle\">{} \u{2192} {}</p>",
        escape_xml(options.old_label),
        escape_xml(options.new_label)
    );
    let count = if diff.is_empty() {
        "No changes.".to_owned()
    } else {
        diff.count_line()
    };
    let _ = writeln!(
        out,
        "<p class=\"subtitle\" id=\"count\">{}</p>\n</header>",
        escape_xml(&count)
    );

    out.push_str("<main>\n<div class=\"diagram\">\n");
    out.push_str(&svg(
        diagram,
        &SvgOptions {
            marks: Some(&view.marks),
            title: Some(title),
            inline: true,
        },
    ));
    out.push_str("</div>\n<section class=\"changes\" aria-label=\"Changes\">\n");

    plain_list(
        &mut out,
        "Machine",
        diff.machine.iter().map(FieldChange::describe),
    );

    // The SVG's id of each node, by the diagram's order.
    let svg_id = |index: usize| format!("node-{index}");
    let mut changes = Vec::with_capacity(diff.states.len());
    let mut nodes = BTreeMap::new();
    if !diff.states.is_empty() {
        out.push_str("<h2>States</h2>\n<ul>\n");
    }
    for (i, change) in diff.states.iter().enumerate() {
        let node = view
            .node_of(i)
            .and_then(|id| diagram.nodes.iter().position(|n| &n.id == id))
            .map(svg_id);
        if let Some(node) = &node {
            nodes.insert(node.clone(), json!(i));
        }
        let headline = change.headline();
        let kind = format!("{:?}", change.kind).to_ascii_lowercase();
        let _ = writeln!(
            out,
            "<li><button type=\"button\" class=\"change {kind}\" id=\"change-{i}\" data-change=\"{i}\" aria-pressed=\"false\" aria-controls=\"details\">{}</button>",
            escape_xml(&headline)
        );
        if !change.fields.is_empty() {
            bullets(&mut out, change.fields.iter().map(FieldChange::describe));
        }
        out.push_str("</li>\n");
        changes.push(json!({
            "headline": headline,
            "node": node,
            "fields": change.fields.iter().map(field_row).collect::<Vec<_>>(),
        }));
    }
    if !diff.states.is_empty() {
        out.push_str("</ul>\n");
    }

    plain_list(
        &mut out,
        "Transitions",
        diff.transitions.iter().map(TransitionChange::describe),
    );

    out.push_str(
        "<section class=\"details\" id=\"details\" aria-live=\"polite\" hidden>\n\
         <h3 id=\"details-title\"></h3>\n\
         <p id=\"details-empty\" class=\"none\" hidden>No field changed.</p>\n\
         <table id=\"details-table\">\n<thead><tr><th scope=\"col\">Field</th>\
         <th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead>\n\
         <tbody id=\"details-body\"></tbody>\n</table>\n</section>\n",
    );
    out.push_str("</section>\n</main>\n");

    let data = json!({ "changes": changes, "nodes": Value::Object(nodes.into_iter().collect()) });
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"diff-data\">{}</script>",
        json_for_script(&data.to_string())
    );
    let _ = writeln!(out, "<script>{DIFF_SCRIPT}</script>");
    out.push_str("</body>\n</html>\n");
    out
}

/// A heading and a list of lines in plain words (nothing when there are none).
fn plain_list(out: &mut String, heading: &str, lines: impl Iterator<Item = String>) {
    let mut lines = lines.peekable();
    if lines.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "<h2>{heading}</h2>");
    bullets(out, lines);
}

/// Lines in plain words as a list, escaped.
fn bullets(out: &mut String, lines: impl Iterator<Item = String>) {
    out.push_str("<ul>\n");
    for line in lines {
        let _ = writeln!(out, "<li>{}</li>", escape_xml(&line));
    }
    out.push_str("</ul>\n");
}

/// `[path, old, new]` of a field change, the values as pretty JSON (`null` when absent).
fn field_row(field: &FieldChange) -> Value {
    let pretty = |value: &Option<Value>| {
        value
            .as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
    };
    let path = if field.path.0.is_empty() {
        "(the value)".to_owned()
    } else {
        field.path.to_string()
    };
    json!([path, pretty(&field.old), pretty(&field.new)])
}
