//! One rule for what the diagram shows at event k of a run ([`RunView::at`]), and three places
//! that show it: the designer's canvas (the display list), `statecraft render --history` (the
//! display list at the run's end) and the HTML page's replay (changes computed from `RunView`,
//! applied by the page's script). For recorded runs, at every event, the page's replay data says
//! what `RunView::at` says and paints what the display list at that event draws.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use serde_json::Value;
use statecraft_asl::graph::{NodeId, NodeKind};
use statecraft_export::{
    display_list, html, read_history, svg_of_display_list, Diagram, DisplayItem, DisplayList,
    DisplayOptions, GroupKind, HtmlOptions, RunOverlay, RunView, StateStatus, SvgOptions, Theme,
    LIGHT,
};

/// The recorded runs: the first has a retry, a Catch and a Map.
const RUNS: [&str; 4] = [
    "retry_catch_map.json",
    "map_inline.json",
    "parallel_catch.json",
    "raise_failure.json",
];

/// A recorded run: its diagram, its events and the view of them.
struct Run {
    name: &'static str,
    diagram: Diagram,
    events: Vec<Value>,
    view: RunView,
}

impl Run {
    fn load(name: &'static str) -> Run {
        let diagram = Diagram::from_document(&common::fixture_definition(name)).unwrap();
        let events = read_history(&common::fixture(name)).unwrap().events;
        let view = RunView::of(&diagram.graph, &events);
        Run {
            name,
            diagram,
            events,
            view,
        }
    }

    fn at(&self, k: usize) -> RunOverlay {
        self.view.at(&self.diagram.graph, &self.events, k)
    }

    fn list_at(&self, k: usize) -> DisplayList {
        display_list(
            &self.diagram,
            &DisplayOptions {
                marks: Some(&self.at(k).marks()),
                theme: Theme::Light,
            },
        )
    }

    fn page(&self) -> String {
        html(
            &self.diagram,
            &HtmlOptions {
                title: Some(self.name),
                overlay: None,
                events: Some(&self.events),
            },
        )
    }

    /// Names position k in failure messages.
    fn where_(&self, k: usize) -> String {
        match k.checked_sub(1).and_then(|i| self.events.get(i)) {
            None => format!("{}: position 0 (before the run)", self.name),
            Some(event) => format!(
                "{}: position {k} (after event index {}, id {}, {})",
                self.name,
                k - 1,
                event["id"],
                event["type"].as_str().unwrap_or("?")
            ),
        }
    }
}

/// What the page shows at one position: its changes folded from position 0, as its script does.
#[derive(Debug, Default, Clone, PartialEq)]
struct Shown {
    statuses: BTreeMap<usize, String>,
    retries: BTreeMap<usize, u64>,
    iterations: BTreeMap<usize, String>,
    taken: Vec<usize>,
    current: Option<usize>,
    legend: String,
    text: String,
}

fn fold(positions: &[Value]) -> Vec<Shown> {
    let mut shown = Shown::default();
    let pairs = |p: &Value, key: &str| -> Vec<(usize, Value)> {
        p.get(key)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|pair| (pair[0].as_u64().unwrap() as usize, pair[1].clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for p in positions {
        for (node, status) in pairs(p, "s") {
            shown
                .statuses
                .insert(node, status.as_str().unwrap().to_owned());
        }
        for (node, count) in pairs(p, "r") {
            match count.as_u64().unwrap() {
                0 => shown.retries.remove(&node),
                n => shown.retries.insert(node, n),
            };
        }
        for (node, summary) in pairs(p, "m") {
            match summary.as_str().unwrap() {
                "" => shown.iterations.remove(&node),
                text => shown.iterations.insert(node, text.to_owned()),
            };
        }
        if let Some(taken) = p.get("t") {
            shown.taken = taken
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_u64().unwrap() as usize)
                .collect();
        }
        if let Some(current) = p.get("c") {
            shown.current = current.as_u64().map(|c| c as usize);
        }
        if let Some(legend) = p.get("u") {
            legend.as_str().unwrap().clone_into(&mut shown.legend);
        }
        p["x"].as_str().unwrap().clone_into(&mut shown.text);
        out.push(shown.clone());
    }
    out
}

/// What `RunView::at(k)` says, in the page's terms (diagram indices, CSS status names).
fn expected(run: &Run, at: &RunOverlay) -> Shown {
    let diagram = &run.diagram;
    let index = |id: &NodeId| {
        diagram
            .nodes
            .iter()
            .position(|n| n.id == *id && n.kind == NodeKind::State)
    };
    Shown {
        statuses: diagram
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == NodeKind::State)
            .map(|(i, n)| (i, at.status(&n.id).css_name().to_owned()))
            .collect(),
        retries: at
            .retries
            .iter()
            .map(|(id, &n)| (index(id).unwrap(), u64::from(n)))
            .collect(),
        iterations: at
            .iterations
            .iter()
            .map(|(id, counts)| (index(id).unwrap(), counts.summary()))
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
        current: at.current.as_ref().and_then(index),
        legend: format!(
            "Run {}",
            at.run_status
                .as_str()
                .to_ascii_lowercase()
                .replace('_', " ")
        ),
        text: String::new(),
    }
}

/// The page's replay data.
fn run_data(page: &str) -> Value {
    let start = "<script type=\"application/json\" id=\"run-data\">";
    let from = page.find(start).expect("the page has run data") + start.len();
    let to = from + page[from..].find("</script>").unwrap();
    serde_json::from_str(&page[from..to]).unwrap()
}

/// The page's picture, without what the replay adds (ids and classes to restyle elements by,
/// and arrow markers no path of the list uses).
fn picture_without_replay_marks(page: &str, reference: &str) -> String {
    let from = page.find("<svg").unwrap();
    let to = page.find("</svg>\n").unwrap() + "</svg>\n".len();
    let mut svg = page[from..to].to_owned();
    for prefix in [
        " id=\"edge-",
        " id=\"retry-box-",
        " id=\"retry-",
        " id=\"map-",
        " id=\"run-legend",
        " class=\"lane",
    ] {
        while let Some(at) = svg.find(prefix) {
            let end = at + prefix.len() + svg[at + prefix.len()..].find('"').unwrap() + 1;
            svg.replace_range(at..end, "");
        }
    }
    svg.lines()
        .filter(|line| !line.starts_with("<marker") || reference.contains(line))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The item of a display list's node group for diagram node `index`.
fn node_items(list: &DisplayList, index: usize) -> &[DisplayItem] {
    &list
        .groups
        .iter()
        .find(|g| matches!(g.kind, GroupKind::Node { index: i, .. } if i == index))
        .unwrap()
        .items
}

fn number(text: &Value) -> f32 {
    text.as_str().unwrap().parse().unwrap()
}

#[test]
fn the_page_replays_what_run_view_says_at_every_event() {
    for name in RUNS {
        let run = Run::load(name);
        let page = run.page();
        let data = run_data(&page);
        let positions = data["positions"].as_array().unwrap();
        assert_eq!(
            positions.len(),
            run.events.len() + 1,
            "{name}: one position per event, and one before the run"
        );
        let shown = fold(positions);
        for (k, shown) in shown.iter().enumerate() {
            let at = run.at(k);
            let want = expected(&run, &at);
            let place = run.where_(k);
            assert_eq!(shown.statuses, want.statuses, "{place}: statuses");
            assert_eq!(shown.retries, want.retries, "{place}: retries");
            assert_eq!(shown.iterations, want.iterations, "{place}: Map iterations");
            assert_eq!(shown.taken, want.taken, "{place}: the edge taken");
            assert_eq!(shown.current, want.current, "{place}: the current state");
            assert_eq!(shown.legend, want.legend, "{place}: the run's status");
            if k == 0 {
                assert_eq!(shown.text, "Before the run", "{place}");
            } else {
                let event = &run.events[k - 1];
                let words = format!(
                    "Event {} \u{b7} {}",
                    event["id"],
                    event["type"].as_str().unwrap()
                );
                assert!(
                    shown.text.starts_with(&words),
                    "{place}: step text {:?}",
                    shown.text
                );
            }
        }
    }
}

#[test]
fn the_page_paints_what_the_display_list_draws_at_every_event() {
    for name in RUNS {
        let run = Run::load(name);
        let page = run.page();
        let data = run_data(&page);
        let shown = fold(data["positions"].as_array().unwrap());
        for (k, shown) in shown.iter().enumerate() {
            let list = run.list_at(k);
            let place = run.where_(k);
            // Box colours: the look the script paints for a status is the box's in the list.
            for (&node, status) in &shown.statuses {
                let look = &data["statuses"][status];
                let Some(DisplayItem::Rect {
                    fill,
                    stroke: Some(stroke),
                    ..
                }) = node_items(&list, node).first()
                else {
                    panic!("{place}: node {node} has no box");
                };
                assert_eq!(look["fill"], fill.to_hex(), "{place}: node {node} fill");
                assert_eq!(
                    look["stroke"],
                    stroke.colour.to_hex(),
                    "{place}: node {node} border"
                );
                assert_eq!(
                    look["dash"].is_null(),
                    stroke.dash_px.is_none(),
                    "{place}: node {node} dashes"
                );
            }
            // Retry badges: text, tooltip and pill as the list draws them, and the element to
            // show them in.
            for (&node, &count) in &shown.retries {
                let look = &data["badges"][node.to_string()][count.to_string()];
                assert!(look.is_array(), "{place}: no badge look for node {node}");
                let items = node_items(&list, node);
                let at = items
                    .iter()
                    .position(|item| {
                        matches!(item, DisplayItem::Text { text, tooltip, .. }
                            if *text == look[0] && tooltip.as_deref() == look[1].as_str())
                    })
                    .unwrap_or_else(|| panic!("{place}: node {node}: badge {look}"));
                let DisplayItem::Rect { rect, .. } = &items[at - 1] else {
                    panic!("{place}: node {node}: the badge has no pill");
                };
                let DisplayItem::Text { x_px, .. } = &items[at] else {
                    unreachable!()
                };
                assert!((number(&look[2]) - rect.x_px).abs() < 0.06, "{place}");
                assert!((number(&look[3]) - rect.width_px).abs() < 0.06, "{place}");
                assert!((number(&look[4]) - x_px).abs() < 0.06, "{place}");
                assert!(page.contains(&format!(" id=\"retry-{node}\"")), "{place}");
                assert!(
                    page.contains(&format!(" id=\"retry-box-{node}\"")),
                    "{place}"
                );
            }
            for (&node, summary) in &shown.iterations {
                assert!(
                    node_items(&list, node).iter().any(
                        |item| matches!(item, DisplayItem::Text { text, .. } if text == summary)
                    ),
                    "{place}: node {node} shows {summary:?}"
                );
                assert!(page.contains(&format!(" id=\"map-{node}\"")), "{place}");
            }
            // Edges: every edge the run takes is drawn taken exactly when the list draws it so.
            for (edge, look) in data["edges"].as_object().unwrap() {
                let edge: usize = edge.parse().unwrap();
                let look = if shown.taken.contains(&edge) {
                    &look["taken"]
                } else {
                    &look["plain"]
                };
                let path = list
                    .groups
                    .iter()
                    .find(|g| g.kind == GroupKind::Edge { index: edge })
                    .and_then(|g| g.items.first());
                let Some(DisplayItem::Path { stroke, .. }) = path else {
                    panic!("{place}: edge {edge} has no line");
                };
                assert_eq!(look[0], stroke.colour.to_hex(), "{place}: edge {edge}");
                assert!(
                    (number(&look[1]) - stroke.width_px).abs() < 0.06,
                    "{place}: edge {edge} width"
                );
                assert!(page.contains(&format!(" id=\"edge-{edge}\"")), "{place}");
            }
            for edge in &shown.taken {
                assert!(
                    data["edges"].get(edge.to_string()).is_some(),
                    "{place}: no look for taken edge {edge}"
                );
            }
            // The legend's words.
            let legend = list
                .groups
                .iter()
                .find(|g| g.kind == GroupKind::Legend)
                .unwrap();
            let Some(DisplayItem::Text { text, .. }) = legend.items.first() else {
                panic!("{place}: the legend has no words");
            };
            assert_eq!(*text, shown.legend, "{place}: legend");
        }
    }
}

#[test]
fn the_fixture_has_a_retry_a_catch_and_a_map() {
    let run = Run::load("retry_catch_map.json");
    let end = run.at(run.events.len());
    assert!(end.retries.values().any(|&n| n > 0), "{:?}", end.retries);
    assert!(
        end.statuses.values().any(|&s| s == StateStatus::Caught),
        "{:?}",
        end.statuses
    );
    assert!(!end.iterations.is_empty());
    // The page shows the retry before the end: at some position a badge appears.
    let data = run_data(&run.page());
    let shown = fold(data["positions"].as_array().unwrap());
    let first_retry = shown.iter().position(|s| !s.retries.is_empty()).unwrap();
    assert!(0 < first_retry && first_retry < run.events.len());
}

#[test]
fn the_pictures_are_the_display_list_at_the_end() {
    for name in RUNS {
        let run = Run::load(name);
        let end = run.at(run.events.len());
        let list = run.list_at(run.events.len());
        // (`render --history` itself is checked against this list by tests/cli_render.rs, which
        // runs the binary.)
        let end_marks = end.marks();
        let options = SvgOptions {
            marks: Some(&end_marks),
            title: Some(name),
            inline: false,
        };
        // The page draws the same list, with ids to restyle it by.
        let page = run.page();
        let inline = svg_of_display_list(
            &list,
            &LIGHT,
            &SvgOptions {
                inline: true,
                ..options
            },
        );
        let drawn = picture_without_replay_marks(&page, &inline);
        assert!(
            drawn == inline,
            "{name}: the page's picture\n{drawn}\n---\n{inline}"
        );
    }
}

#[test]
fn without_events_the_page_shows_the_overlay_with_no_replay() {
    let run = Run::load("parallel_catch.json");
    let end = run.at(run.events.len());
    let page = html(
        &run.diagram,
        &HtmlOptions {
            title: None,
            overlay: Some(&end),
            events: None,
        },
    );
    assert!(page.contains("data-status=\"caught\""));
    assert!(!page.contains("id=\"run-data\""));
    assert!(!page.contains(">Next</button>"));
    // The same page is written twice the same (with events too).
    assert!(run.page() == run.page());
}
