//! The review page: one self-contained HTML file (no network), with the diagram, each state's
//! details in plain words and, given a run, controls that replay it step by step on the diagram.

use std::fmt::Write as _;

use statecraft_asl::graph::{NodeId, NodeKind};

use crate::diagram::Diagram;
use crate::escape::{escape_xml, json_for_script};
use crate::overlay::{RunOverlay, StateStatus};
use crate::style;
use crate::svg::{svg, SvgOptions};

/// What the review page shows besides the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlOptions<'a> {
    /// The page title (usually the file name).
    pub title: Option<&'a str>,
    /// A run to replay on the diagram.
    pub overlay: Option<&'a RunOverlay>,
}

const CSS: &str = r#"
:root { color-scheme: light; }
body { margin: 0; font-family: "DejaVu Sans", system-ui, sans-serif; color: #16191f; background: #f7f8fa; }
header { padding: 16px 24px; background: #ffffff; border-bottom: 1px solid #d5dbe3; }
h1 { font-size: 20px; margin: 0 0 4px 0; }
.subtitle { color: #414d5c; font-size: 14px; margin: 0; }
.problems { color: #d13212; font-size: 14px; margin: 8px 0 0 0; }
main { display: flex; flex-wrap: wrap; gap: 24px; padding: 24px; align-items: flex-start; }
.diagram { background: #ffffff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 8px; overflow: auto; max-width: 100%; }
.diagram svg { display: block; }
.diagram .node { cursor: pointer; }
.states { flex: 1 1 360px; min-width: 320px; }
.state { background: #ffffff; border: 1px solid #d5dbe3; border-left: 6px solid #9aa3af; border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
.state:target, .state.current { outline: 3px solid #0972d3; }
.state h3 { margin: 0 0 6px 0; font-size: 16px; word-break: break-word; }
.state dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 0; font-size: 14px; }
.state dt { color: #414d5c; }
.state dd { margin: 0; word-break: break-word; }
.problem { color: #d13212; }
.replay { position: sticky; top: 0; z-index: 1; background: #ffffff; border-bottom: 1px solid #d5dbe3; padding: 10px 24px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.replay button { font: inherit; padding: 4px 12px; border: 1px solid #7a8699; border-radius: 16px; background: #ffffff; cursor: pointer; }
.replay button:hover { background: #eaf2fe; }
.replay .step { font-size: 14px; color: #414d5c; }
@media print { .replay { display: none; } main { display: block; } .diagram { border: none; } }
"#;

const SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var colours = data.colours;
  var position = data.steps.length;
  var playing = null;
  function paint(index, status) {
    var g = document.getElementById('node-' + index);
    if (!g) { return; }
    var shape = g.querySelector('.shape');
    var c = colours[status];
    if (!shape || !c) { return; }
    shape.setAttribute('fill', c.fill);
    shape.setAttribute('stroke', c.stroke);
    if (c.dashed) { shape.setAttribute('stroke-dasharray', '5 4'); } else { shape.removeAttribute('stroke-dasharray'); }
    g.setAttribute('data-status', status);
  }
  function show(n) {
    position = Math.max(0, Math.min(n, data.steps.length));
    data.states.forEach(function (i) { paint(i, 'not-run'); });
    for (var k = 0; k < position; k++) { paint(data.steps[k].node, data.steps[k].status); }
    if (position === data.steps.length) {
      data.final.forEach(function (f) { paint(f.node, f.status); });
    }
    var text = document.getElementById('step-text');
    var current = document.querySelector('.state.current');
    if (current) { current.classList.remove('current'); }
    if (position === 0) {
      text.textContent = 'Before the run: step 0 of ' + data.steps.length;
    } else {
      var s = data.steps[position - 1];
      text.textContent = 'Step ' + position + ' of ' + data.steps.length + ': ' + s.text;
      var card = document.getElementById('state-' + s.node);
      if (card) { card.classList.add('current'); }
    }
  }
  function stop() { if (playing) { clearInterval(playing); playing = null; document.getElementById('play').textContent = 'Play'; } }
  document.getElementById('first').onclick = function () { stop(); show(0); };
  document.getElementById('back').onclick = function () { stop(); show(position - 1); };
  document.getElementById('next').onclick = function () { stop(); show(position + 1); };
  document.getElementById('last').onclick = function () { stop(); show(data.steps.length); };
  document.getElementById('play').onclick = function () {
    if (playing) { stop(); return; }
    if (position >= data.steps.length) { show(0); }
    this.textContent = 'Pause';
    playing = setInterval(function () { if (position >= data.steps.length) { stop(); } else { show(position + 1); } }, 700);
  };
  show(data.steps.length);
})();
"#;

const LINK_SCRIPT: &str = r#"
(function () {
  document.querySelectorAll('.diagram .node').forEach(function (g) {
    g.addEventListener('click', function () {
      var card = document.getElementById('state-' + g.id.replace('node-', ''));
      if (card) { card.scrollIntoView({ behavior: 'smooth', block: 'center' }); location.hash = card.id; }
    });
  });
})();
"#;

/// The review page for a diagram, as one HTML document with no external references.
pub fn html(diagram: &Diagram, options: &HtmlOptions<'_>) -> String {
    let title = options.title.unwrap_or("Workflow");
    let mut out = String::with_capacity(16_384);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape_xml(title),
        escape_xml(title)
    );
    let states = diagram.graph.states().count();
    let _ = writeln!(
        out,
        "<p class=\"subtitle\">{states} state{}. Click a state in the diagram to read its details.</p>",
        if states == 1 { "" } else { "s" }
    );
    for problem in &diagram.graph.problems {
        let _ = writeln!(
            out,
            "<p class=\"problems\">\u{26a0} {}</p>",
            escape_xml(problem)
        );
    }
    let flagged = diagram
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::State && !n.problems.is_empty())
        .count();
    if flagged > 0 {
        let _ = writeln!(
            out,
            "<p class=\"problems\">\u{26a0} {flagged} state{} marked with problems: this is a draft.</p>",
            if flagged == 1 { " is" } else { "s are" }
        );
    }
    if let Some(run) = options.overlay {
        let mut line = format!(
            "Run {}",
            run.run_status
                .as_str()
                .to_ascii_lowercase()
                .replace('_', " ")
        );
        if let Some(error) = &run.error {
            line.push_str(&format!(": {error}"));
        }
        if let Some(cause) = &run.cause {
            line.push_str(&format!(" ({cause})"));
        }
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape_xml(&line));
    }
    out.push_str("</header>\n");
    if options.overlay.is_some() {
        out.push_str(
            "<nav class=\"replay\" aria-label=\"Replay the run\">\n\
             <button id=\"first\" type=\"button\">First</button>\n\
             <button id=\"back\" type=\"button\">Back</button>\n\
             <button id=\"play\" type=\"button\">Play</button>\n\
             <button id=\"next\" type=\"button\">Next</button>\n\
             <button id=\"last\" type=\"button\">Last</button>\n\
             <span class=\"step\" id=\"step-text\" aria-live=\"polite\"></span>\n</nav>\n",
        );
    }
    out.push_str("<main>\n<div class=\"diagram\">\n");
    out.push_str(&svg(
        diagram,
        &SvgOptions {
            overlay: options.overlay,
            title: Some(title),
            inline: true,
        },
    ));
    out.push_str("</div>\n<section class=\"states\" aria-label=\"States\">\n");
    for (index, node) in diagram.nodes.iter().enumerate() {
        if node.kind != NodeKind::State {
            continue;
        }
        let Some(graph_node) = diagram.graph.node(&node.id) else {
            continue;
        };
        let colour = style::LIGHT.type_colours(node.state_type).stroke.to_hex();
        let _ = writeln!(
            out,
            "<article class=\"state\" id=\"state-{index}\" style=\"border-left-color: {colour}\">\n<h3>{}</h3>\n<dl>",
            escape_xml(&graph_node.name)
        );
        if let Some(run) = options.overlay {
            let _ = writeln!(
                out,
                "<dt>In this run</dt><dd>{}</dd>",
                run.status(&node.id).as_str()
            );
        }
        for detail in &graph_node.details {
            let class = if detail.label == "Problem" {
                " class=\"problem\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<dt{class}>{}</dt><dd{class}>{}</dd>",
                escape_xml(&detail.label),
                escape_xml(&detail.text)
            );
        }
        out.push_str("</dl>\n</article>\n");
    }
    out.push_str("</section>\n</main>\n");
    out.push_str(&format!("<script>{LINK_SCRIPT}</script>\n"));
    if let Some(run) = options.overlay {
        let _ = writeln!(
            out,
            "<script type=\"application/json\" id=\"run-data\">{}</script>",
            json_for_script(&run_data(diagram, run).to_string())
        );
        out.push_str(&format!("<script>{SCRIPT}</script>\n"));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The replay's data: the state nodes, the steps, the final statuses and the colours.
fn run_data(diagram: &Diagram, run: &RunOverlay) -> serde_json::Value {
    use serde_json::json;
    let index_of = |id: &NodeId| diagram.nodes.iter().position(|n| n.id == *id);
    let states: Vec<usize> = diagram
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::State)
        .map(|(i, _)| i)
        .collect();
    let steps: Vec<serde_json::Value> = run
        .steps
        .iter()
        .filter_map(|step| {
            let index = index_of(&step.node_id)?;
            let name = diagram
                .graph
                .node(&step.node_id)
                .map_or("", |n| n.name.as_str());
            Some(json!({
                "node": index,
                "status": step.status.css_name(),
                "text": format!("{name}: {} ({})", step.status.as_str(), step.event_type),
            }))
        })
        .collect();
    let final_statuses: Vec<serde_json::Value> = run
        .statuses
        .iter()
        .filter_map(|(id, status)| {
            Some(json!({"node": index_of(id)?, "status": status.css_name()}))
        })
        .collect();
    let mut colours = serde_json::Map::new();
    for status in StateStatus::ALL {
        let c = style::LIGHT.status_colours(status, style::LIGHT.text);
        colours.insert(
            status.css_name().to_owned(),
            json!({"fill": c.fill.to_hex(), "stroke": c.stroke.to_hex(), "dashed": c.dashed}),
        );
    }
    json!({
        "states": states,
        "steps": steps,
        "final": final_statuses,
        "colours": colours,
    })
}
