//! The review page: one self-contained HTML file (no network), with the diagram, each state's
//! details in plain words and, given a run's events, controls that replay it event by event on
//! the diagram.
//!
//! The replay shows at each event what [`RunView::at`] says, the rule the designer's canvas and
//! `statecraft render --history` follow: the page carries, per position, what changed since the
//! position before (computed here), and its script only applies those changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde_json::{json, Map, Value};
use statecraft_asl::graph::{NodeId, NodeKind};

use crate::diagram::Diagram;
use crate::display::{
    display_list, DisplayGroup, DisplayItem, DisplayList, DisplayOptions, GroupKind, TextAnchor,
    Theme, ITERATIONS_TOOLTIP,
};
use crate::escape::{escape_xml, json_for_script};
use crate::overlay::{RunOverlay, RunStatus, StateStatus};
use crate::run_view::RunView;
use crate::style::{self, Palette};
use crate::svg::{
    marker_id, number, svg, svg_of_display_list_marked, ElementAttributes, SvgOptions,
};

/// What the review page shows besides the diagram.
#[derive(Debug, Clone, Copy, Default)]
pub struct HtmlOptions<'a> {
    /// The page title (usually the file name).
    pub title: Option<&'a str>,
    /// A run's outcome. Without `events` the page colours the diagram by it, with no replay (its
    /// `steps` are not replayed). With `events`, only its status, error and cause are read, for
    /// the line under the title (a history file's own words for how the run ended).
    pub overlay: Option<&'a RunOverlay>,
    /// A run's history events, in order, in AWS's `GetExecutionHistory` shape (as
    /// [`crate::read_history`] gives them). The page draws the run at its end and replays it
    /// event by event, each position showing what [`RunView::at`] says.
    pub events: Option<&'a [Value]>,
}

/// The page style, shared with the diff page ([`crate::diff_page`]).
pub(crate) const CSS: &str = r#"
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

/// The replay: applies the changes the page carries (see [`Replay`]); it decides no status.
const SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var positions = data.positions, last = positions.length - 1;
  function stateAt(n) {
    var at = { s: {}, r: {}, m: {}, t: [], c: null, u: '', x: '' };
    for (var k = 0; k <= n; k++) {
      var p = positions[k];
      (p.s || []).forEach(function (e) { at.s[e[0]] = e[1]; });
      (p.r || []).forEach(function (e) { at.r[e[0]] = e[1]; });
      (p.m || []).forEach(function (e) { at.m[e[0]] = e[1]; });
      if (p.t) { at.t = p.t; }
      if ('c' in p) { at.c = p.c; }
      if ('u' in p) { at.u = p.u; }
      at.x = p.x;
    }
    return at;
  }
  function set(el, name, value) {
    if (value === null || value === undefined) { el.removeAttribute(name); } else { el.setAttribute(name, value); }
  }
  function words(el, text) {
    if (el.lastChild && el.lastChild.nodeType === 3) { el.lastChild.nodeValue = text; } else { el.appendChild(document.createTextNode(text)); }
  }
  function paintNode(i, status) {
    var look = data.statuses[status], g = document.getElementById('node-' + i);
    if (!look) { return; }
    if (g) {
      var shape = g.querySelector('.shape');
      if (shape) { set(shape, 'fill', look.fill); set(shape, 'stroke', look.stroke); set(shape, 'stroke-dasharray', look.dash); }
      g.querySelectorAll('.lane').forEach(function (lane) { set(lane, 'stroke', look.stroke); });
      g.setAttribute('data-status', status);
    }
    var card = document.querySelector('#state-' + i + ' .run-status');
    if (card) { card.textContent = look.words; }
  }
  function paintBadge(i, count) {
    var box = document.getElementById('retry-box-' + i), text = document.getElementById('retry-' + i);
    if (!box || !text) { return; }
    var look = (data.badges[i] || {})[count];
    set(box, 'display', look ? null : 'none');
    set(text, 'display', look ? null : 'none');
    if (!look) { return; }
    words(text, look[0]);
    var title = text.querySelector('title');
    if (title) { title.textContent = look[1]; }
    set(box, 'x', look[2]); set(box, 'width', look[3]); set(text, 'x', look[4]);
  }
  function paintCount(i, summary) {
    var text = document.getElementById('map-' + i);
    if (!text) { return; }
    set(text, 'display', summary ? null : 'none');
    if (summary) { words(text, summary); }
  }
  function paintEdge(e, taken) {
    var path = document.getElementById('edge-' + e), look = data.edges[e];
    if (!path || !look) { return; }
    var l = taken ? look.taken : look.plain;
    set(path, 'stroke', l[0]); set(path, 'stroke-width', l[1]); set(path, 'stroke-dasharray', l[2]);
    set(path, 'marker-end', l[3] ? 'url(#' + l[3] + ')' : null);
  }
  function keys(a, b) { return Object.keys(a).concat(Object.keys(b).filter(function (k) { return !(k in a); })); }
  var shown = stateAt(last), position = last, playing = null;
  function show(n) {
    position = Math.max(0, Math.min(n, last));
    var at = stateAt(position);
    keys(at.s, shown.s).forEach(function (i) { if (at.s[i] !== shown.s[i]) { paintNode(i, at.s[i] || 'not-run'); } });
    keys(at.r, shown.r).forEach(function (i) { if (at.r[i] !== shown.r[i]) { paintBadge(i, at.r[i] || 0); } });
    keys(at.m, shown.m).forEach(function (i) { if (at.m[i] !== shown.m[i]) { paintCount(i, at.m[i] || ''); } });
    if (at.t.join() !== shown.t.join()) {
      shown.t.forEach(function (e) { paintEdge(e, false); });
      at.t.forEach(function (e) { paintEdge(e, true); });
    }
    var legend = document.getElementById('run-legend');
    if (legend && at.u !== shown.u) { legend.textContent = at.u; }
    shown = at;
    var current = document.querySelector('.state.current');
    if (current) { current.classList.remove('current'); }
    var card = at.c === null ? null : document.getElementById('state-' + at.c);
    if (card) { card.classList.add('current'); }
    document.getElementById('step-text').textContent = position === 0
      ? at.x + ': step 0 of ' + last
      : 'Step ' + position + ' of ' + last + ': ' + at.x;
  }
  function stop() { if (playing) { clearInterval(playing); playing = null; document.getElementById('play').textContent = 'Play'; } }
  document.getElementById('first').onclick = function () { stop(); show(0); };
  document.getElementById('back').onclick = function () { stop(); show(position - 1); };
  document.getElementById('next').onclick = function () { stop(); show(position + 1); };
  document.getElementById('last').onclick = function () { stop(); show(last); };
  document.getElementById('play').onclick = function () {
    if (playing) { stop(); return; }
    if (position >= last) { show(0); }
    this.textContent = 'Pause';
    playing = setInterval(function () { if (position >= last) { stop(); } else { show(position + 1); } }, 500);
  };
  show(last);
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
    let replay = options.events.map(|events| Replay::of(diagram, events));
    // The run drawn: the replay's end, else the overlay given.
    let drawn = replay.as_ref().map(|r| &r.end).or(options.overlay);
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
    if let Some(run) = options.overlay.or(drawn) {
        let mut line = run_words(run.run_status);
        if let Some(error) = &run.error {
            line.push_str(&format!(": {error}"));
        }
        if let Some(cause) = &run.cause {
            line.push_str(&format!(" ({cause})"));
        }
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape_xml(&line));
    }
    out.push_str("</header>\n");
    if replay.is_some() {
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
    let drawn_marks = drawn.map(RunOverlay::marks);
    let svg_options = SvgOptions {
        marks: drawn_marks.as_ref(),
        title: Some(title),
        inline: true,
    };
    let run_data = match &replay {
        Some(replay) => {
            let (list, marks, data) = replay.picture(diagram);
            out.push_str(&svg_of_display_list_marked(
                &list,
                Palette::of(Theme::Light),
                &svg_options,
                &marks,
            ));
            Some(data)
        }
        None => {
            out.push_str(&svg(diagram, &svg_options));
            None
        }
    };
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
        if let Some(run) = drawn {
            let _ = writeln!(
                out,
                "<dt>In this run</dt><dd class=\"run-status\">{}</dd>",
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
    if let Some(data) = run_data {
        let _ = writeln!(
            out,
            "<script type=\"application/json\" id=\"run-data\">{}</script>",
            json_for_script(&data.to_string())
        );
        out.push_str(&format!("<script>{SCRIPT}</script>\n"));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// "Run succeeded", "Run timed out", ... as the legend says it.
fn run_words(status: RunStatus) -> String {
    format!(
        "Run {}",
        status.as_str().to_ascii_lowercase().replace('_', " ")
    )
}

/// A run replayed for the page: what [`RunView::at`] shows at every position, as changes.
///
/// Position 0 is before the run, position k after the k-th event. The page's data
/// (`<script type="application/json" id="run-data">`) is:
///
/// ```text
/// { "positions": [ { "x": step text,
///                    "s": [[node, status], ...]   statuses that changed (StateStatus::css_name)
///                    "r": [[node, count], ...]    retry counts that changed (0: no badge)
///                    "m": [[node, summary], ...]  Map iteration summaries that changed ("": none)
///                    "t": [edge, ...]             the taken edges, when they changed
///                    "c": node | null             the current node, when it changed
///                    "u": legend text             the legend's "Run ..." words, when they changed
///                  }, ... ],
///   "statuses": { status: {"fill", "stroke", "dash", "words"} },     a state box's look
///   "edges": { edge: {"plain": look, "taken": look} },               look: [stroke, width, dash, marker]
///   "badges": { node: { count: [text, tooltip, box x, box width, text x] } } }
/// ```
///
/// `node` is an index into [`Diagram::nodes`] (the SVG's `node-N`, the card's `state-N`), `edge`
/// an index into [`Diagram::edges`] (the SVG's `edge-N`). Keys left out did not change; folding
/// the positions from 0 to k gives everything shown at k. The looks are read from display lists,
/// so the page paints what the display list would.
#[derive(Debug)]
pub(crate) struct Replay {
    /// The run at its end: what the page draws first.
    end: RunOverlay,
    /// The changes of each position, as the page's JSON.
    positions: Vec<Value>,
    /// Every (from, to) transition shown taken at some position, with its edges.
    taken: BTreeMap<usize, (NodeId, NodeId)>,
    /// The retry counts each node shows at some position.
    retries: BTreeMap<usize, BTreeSet<u32>>,
    /// The nodes whose Map iterations are counted at some position.
    counted: BTreeSet<usize>,
}

/// What the page shows at one position, by diagram index.
#[derive(Debug, Default, PartialEq)]
struct Shown {
    statuses: BTreeMap<usize, StateStatus>,
    retries: BTreeMap<usize, u32>,
    iterations: BTreeMap<usize, String>,
    taken: Vec<usize>,
    current: Option<usize>,
    legend: String,
}

impl Replay {
    /// Replays `events` with a [`RunView`] and keeps what changes from position to position.
    fn of(diagram: &Diagram, events: &[Value]) -> Replay {
        let graph = &diagram.graph;
        let view = RunView::of(graph, events);
        let index: HashMap<&NodeId, usize> = diagram
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::State)
            .map(|(i, n)| (&n.id, i))
            .collect();
        let mut replay = Replay {
            end: RunOverlay::default(),
            positions: Vec::with_capacity(events.len() + 1),
            taken: BTreeMap::new(),
            retries: BTreeMap::new(),
            counted: BTreeSet::new(),
        };
        let mut before = Shown::default();
        for position in 0..=events.len() {
            let at = view.at(graph, events, position);
            let now = Shown {
                statuses: index.iter().map(|(id, &i)| (i, at.status(id))).collect(),
                retries: at
                    .retries
                    .iter()
                    .filter_map(|(id, &n)| Some((*index.get(id)?, n)))
                    .collect(),
                iterations: at
                    .iterations
                    .iter()
                    .filter_map(|(id, counts)| Some((*index.get(id)?, counts.summary())))
                    .collect(),
                taken: at.taken.as_ref().map_or_else(Vec::new, |(from, to)| {
                    diagram
                        .edges
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.from == *from && e.to == *to)
                        .map(|(i, _)| i)
                        .collect()
                }),
                current: at.current.as_ref().and_then(|id| index.get(id).copied()),
                legend: run_words(at.run_status),
            };
            let mut change = Map::new();
            change.insert("x".into(), step_text(diagram, events, position, &at).into());
            let statuses: Vec<Value> = now
                .statuses
                .iter()
                .filter(|(i, s)| before.statuses.get(i) != Some(s))
                .map(|(i, s)| json!([i, s.css_name()]))
                .collect();
            let retries = changed(&before.retries, &now.retries, |n| json!(n), json!(0));
            let iterations = changed(&before.iterations, &now.iterations, |s| json!(s), json!(""));
            for (key, list) in [("s", statuses), ("r", retries), ("m", iterations)] {
                if !list.is_empty() {
                    change.insert(key.into(), list.into());
                }
            }
            if now.taken != before.taken {
                change.insert("t".into(), json!(now.taken));
            }
            if now.current != before.current {
                change.insert("c".into(), json!(now.current));
            }
            if now.legend != before.legend {
                change.insert("u".into(), json!(now.legend));
            }
            replay.positions.push(Value::Object(change));
            if let Some(pair) = &at.taken {
                for &edge in &now.taken {
                    replay.taken.insert(edge, pair.clone());
                }
            }
            for (&node, &count) in &now.retries {
                replay.retries.entry(node).or_default().insert(count);
            }
            replay.counted.extend(now.iterations.keys());
            before = now;
            if position == events.len() {
                replay.end = at;
            }
        }
        replay
    }

    /// The picture (the display list at the run's end), the marks the script restyles it
    /// through, and the page's run data.
    fn picture(&self, diagram: &Diagram) -> (DisplayList, ElementAttributes, Value) {
        let palette = Palette::of(Theme::Light);
        let list_with = |overlay: &RunOverlay| {
            display_list(
                diagram,
                &DisplayOptions {
                    marks: Some(&overlay.marks()),
                    theme: Theme::Light,
                },
            )
        };
        let list = list_with(&self.end);
        let mut marks = ElementAttributes::default();
        let mut mark = |group: usize, item: usize, attribute: String| {
            marks.attributes.insert((group, item), attribute);
        };
        for (g, group) in list.groups.iter().enumerate() {
            match &group.kind {
                GroupKind::Node {
                    index, container, ..
                } => {
                    let Some(node) = diagram.nodes.get(*index) else {
                        continue;
                    };
                    if self.retries.contains_key(index) {
                        if let Some((rect, text)) = badge(group) {
                            mark(g, rect, format!(" id=\"retry-box-{index}\""));
                            mark(g, text, format!(" id=\"retry-{index}\""));
                        }
                    }
                    if self.counted.contains(index) {
                        if let Some(text) = iteration_count(group) {
                            mark(g, text, format!(" id=\"map-{index}\""));
                        }
                    }
                    // A container's lanes are drawn in its status colour.
                    let lanes = node.container.as_ref().map_or(&[][..], |c| &c.lanes[..]);
                    if *container && node.kind == NodeKind::State {
                        for (i, item) in group.items.iter().enumerate().skip(1) {
                            if matches!(item, DisplayItem::Rect { rect, .. } if lanes.contains(rect))
                            {
                                mark(g, i, " class=\"lane\"".to_owned());
                            }
                        }
                    }
                }
                GroupKind::Edge { index }
                    if self.taken.contains_key(index) && !group.items.is_empty() =>
                {
                    mark(g, 0, format!(" id=\"edge-{index}\""));
                }
                GroupKind::Legend if !group.items.is_empty() => {
                    mark(g, 0, " id=\"run-legend\"".to_owned());
                }
                _ => {}
            }
        }

        // The looks the script paints with, read from display lists.
        let mut statuses = Map::new();
        if let Some(legend) = list.groups.iter().find(|g| g.kind == GroupKind::Legend) {
            for pair in legend.items.windows(2) {
                let [DisplayItem::Rect {
                    fill,
                    stroke: Some(stroke),
                    ..
                }, DisplayItem::Text { text, .. }] = pair
                else {
                    continue;
                };
                if let Some(status) = StateStatus::ALL.iter().find(|s| s.as_str() == text) {
                    statuses.insert(
                        status.css_name().into(),
                        json!({
                            "fill": fill.to_hex(),
                            "stroke": stroke.colour.to_hex(),
                            "dash": dash(stroke.dash_px),
                            "words": status.as_str(),
                        }),
                    );
                }
            }
        }
        let mut plain_run = self.end.clone();
        plain_run.taken = None;
        let plain = list_with(&plain_run);
        let mut edges = BTreeMap::new();
        let pairs: BTreeSet<&(NodeId, NodeId)> = self.taken.values().collect();
        for pair in pairs {
            let mut run = self.end.clone();
            run.taken = Some(pair.clone());
            let taken = list_with(&run);
            for (&edge, _) in self.taken.iter().filter(|(_, p)| *p == pair) {
                let (Some(plain_look), Some(taken_look)) =
                    (edge_look(&plain, edge), edge_look(&taken, edge))
                else {
                    continue;
                };
                for look in [&plain_look, &taken_look] {
                    marks.markers.extend(look.arrow);
                }
                edges.insert(
                    edge,
                    json!({"plain": plain_look.json(palette), "taken": taken_look.json(palette)}),
                );
            }
        }
        let mut badges = Map::new();
        let counts: BTreeSet<u32> = self.retries.values().flatten().copied().collect();
        for count in counts {
            let mut run = self.end.clone();
            run.retries = self
                .retries
                .iter()
                .filter(|(_, counts)| counts.contains(&count))
                .filter_map(|(&i, _)| Some((diagram.nodes.get(i)?.id.clone(), count)))
                .collect();
            let shown = list_with(&run);
            for group in &shown.groups {
                let GroupKind::Node { index, .. } = group.kind else {
                    continue;
                };
                if !self.retries.get(&index).is_some_and(|c| c.contains(&count)) {
                    continue;
                }
                let Some((rect, text)) = badge(group) else {
                    continue;
                };
                let (
                    DisplayItem::Rect { rect, .. },
                    DisplayItem::Text {
                        x_px,
                        text,
                        tooltip,
                        ..
                    },
                ) = (&group.items[rect], &group.items[text])
                else {
                    continue;
                };
                let entry = badges
                    .entry(index.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(entry) = entry {
                    entry.insert(
                        count.to_string(),
                        json!([
                            text,
                            tooltip.as_deref().unwrap_or(""),
                            number(rect.x_px),
                            number(rect.width_px),
                            number(*x_px)
                        ]),
                    );
                }
            }
        }
        let data = json!({
            "statuses": statuses,
            "edges": edges
                .into_iter()
                .map(|(edge, look)| (edge.to_string(), look))
                .collect::<Map<String, Value>>(),
            "badges": badges,
            "positions": self.positions,
        });
        (list, marks, data)
    }
}

/// The changes from `before` to `now` as `[key, value]` pairs; `gone` for keys no longer there.
fn changed<T: PartialEq>(
    before: &BTreeMap<usize, T>,
    now: &BTreeMap<usize, T>,
    value: impl Fn(&T) -> Value,
    gone: Value,
) -> Vec<Value> {
    let keys: BTreeSet<usize> = before.keys().chain(now.keys()).copied().collect();
    keys.into_iter()
        .filter(|k| before.get(k) != now.get(k))
        .map(|k| json!([k, now.get(&k).map_or_else(|| gone.clone(), &value)]))
        .collect()
}

/// "Event 7 · TaskFailed · Charge card": the event that led to `position`.
fn step_text(diagram: &Diagram, events: &[Value], position: usize, at: &RunOverlay) -> String {
    let Some(event) = position.checked_sub(1).and_then(|i| events.get(i)) else {
        return "Before the run".to_owned();
    };
    let id = event
        .get("id")
        .and_then(Value::as_i64)
        .map_or_else(|| position.to_string(), |id| id.to_string());
    let kind = event.get("type").and_then(Value::as_str).unwrap_or("event");
    let mut text = format!("Event {id} \u{b7} {kind}");
    if let Some(node) = at.current.as_ref().and_then(|id| diagram.graph.node(id)) {
        text.push_str(" \u{b7} ");
        text.push_str(&node.name);
    }
    text
}

/// The retry badge the display list draws on a state: a pill and, after it, its centred text
/// with a tooltip. Their item indices.
fn badge(group: &DisplayGroup) -> Option<(usize, usize)> {
    group
        .items
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, item)| {
            let is_badge_text = matches!(
                item,
                DisplayItem::Text {
                    tooltip: Some(_),
                    anchor: TextAnchor::Middle,
                    ..
                }
            );
            (is_badge_text && matches!(group.items[i - 1], DisplayItem::Rect { .. }))
                .then_some((i - 1, i))
        })
}

/// The Map iteration count the display list draws on a Map (the text with its tooltip). Its
/// item index.
fn iteration_count(group: &DisplayGroup) -> Option<usize> {
    group.items.iter().position(|item| {
        matches!(
            item,
            DisplayItem::Text {
                tooltip: Some(tooltip),
                ..
            } if tooltip == ITERATIONS_TOOLTIP
        )
    })
}

/// How an edge's line is drawn.
struct EdgeLook {
    stroke: crate::display::Stroke,
    arrow: Option<crate::display::Rgba>,
}

impl EdgeLook {
    /// `[stroke, width, dash, marker]`, as the SVG writes them.
    fn json(&self, palette: &Palette) -> Value {
        json!([
            self.stroke.colour.to_hex(),
            number(self.stroke.width_px),
            dash(self.stroke.dash_px),
            self.arrow.map(|colour| marker_id(palette, colour)),
        ])
    }
}

/// The look of edge `index` in a display list.
fn edge_look(list: &DisplayList, index: usize) -> Option<EdgeLook> {
    let group = list
        .groups
        .iter()
        .find(|g| g.kind == GroupKind::Edge { index })?;
    match group.items.first()? {
        DisplayItem::Path { stroke, arrow, .. } => Some(EdgeLook {
            stroke: *stroke,
            arrow: *arrow,
        }),
        _ => None,
    }
}

/// A dash pattern as the SVG writes it (`None`: solid).
fn dash(dash_px: Option<[f32; 2]>) -> Option<String> {
    dash_px.map(|[dash, gap]| format!("{} {}", number(dash), number(gap)))
}
