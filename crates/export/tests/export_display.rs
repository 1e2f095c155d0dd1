//! The display list is what the SVG draws: the same shapes, at the same places, for every corpus
//! workflow; the dark theme changes colours only; collapsed containers are plain boxes.

#![allow(clippy::unwrap_used)] // helpers shared by the tests below

mod common;

use std::collections::{BTreeMap, BTreeSet};

use statecraft_asl::graph::{NodeId, NodeKind};
use statecraft_asl::Document;
use statecraft_export::{
    arrow_head, display_list, svg, Diagram, DisplayItem, DisplayList, DisplayOptions, GroupKind,
    Rgba, RunOverlay, RunStatus, StateStatus, SvgOptions, TextAnchor, Theme,
};
use statecraft_layout::LayoutPoint;

/// A coordinate as the SVG writes it (a tenth of a pixel).
fn f(v: f32) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// An SVG element reduced to its tag and geometry, for comparison with a display item.
fn element_key(line: &str) -> Option<String> {
    let tag = line.strip_prefix('<')?.split([' ', '>']).next()?;
    let attr = |name: &str| -> String {
        let pattern = format!(" {name}=\"");
        line.find(&pattern)
            .map(|at| {
                let rest = &line[at + pattern.len()..];
                rest[..rest.find('"').unwrap_or(0)].to_owned()
            })
            .unwrap_or_default()
    };
    match tag {
        "rect" => Some(format!(
            "rect {} {} {} {} rx={} fill={} stroke={} dash={}",
            attr("x"),
            attr("y"),
            attr("width"),
            attr("height"),
            attr("rx"),
            attr("fill"),
            attr("stroke"),
            attr("stroke-dasharray")
        )),
        "circle" => Some(format!(
            "circle {} {} {} fill={}",
            attr("cx"),
            attr("cy"),
            attr("r"),
            attr("fill")
        )),
        "text" => {
            let body = line.split_once('>').map(|(_, b)| b).unwrap_or("");
            let body = body.strip_suffix("</text>").unwrap_or(body);
            let body = match body.split_once("</title>") {
                Some((_, after)) => after,
                None => body,
            };
            Some(format!(
                "text {} {} size={} bold={} fill={} anchor={} {}",
                attr("x"),
                attr("y"),
                attr("font-size"),
                line.contains("font-weight=\"bold\""),
                attr("fill"),
                attr("text-anchor"),
                body
            ))
        }
        "path" => Some(format!(
            "path {} stroke={} dash={}",
            attr("d"),
            attr("stroke"),
            attr("stroke-dasharray")
        )),
        _ => None,
    }
}

/// The same key for a display item.
fn item_key(item: &DisplayItem) -> String {
    match item {
        DisplayItem::Rect {
            rect,
            corner_radius_px,
            fill,
            stroke,
        } => format!(
            "rect {} {} {} {} rx={} fill={} stroke={} dash={}",
            f(rect.x_px),
            f(rect.y_px),
            f(rect.width_px),
            f(rect.height_px),
            f(*corner_radius_px),
            fill.to_hex(),
            stroke.map(|s| s.colour.to_hex()).unwrap_or_default(),
            stroke
                .and_then(|s| s.dash_px)
                .map(|[d, g]| format!("{} {}", f(d), f(g)))
                .unwrap_or_default()
        ),
        DisplayItem::Circle {
            centre,
            radius_px,
            fill,
        } => format!(
            "circle {} {} {} fill={}",
            f(centre.x_px),
            f(centre.y_px),
            f(*radius_px),
            fill.to_hex()
        ),
        DisplayItem::Text {
            x_px,
            baseline_px,
            text,
            size_px,
            bold,
            colour,
            anchor,
            ..
        } => format!(
            "text {} {} size={} bold={} fill={} anchor={} {}",
            f(*x_px),
            f(*baseline_px),
            f(*size_px),
            bold,
            colour.to_hex(),
            match anchor {
                TextAnchor::Start => "",
                TextAnchor::Middle => "middle",
                TextAnchor::End => "end",
            },
            statecraft_export::escape_xml(text)
        ),
        DisplayItem::Path { points, stroke, .. } => {
            let d: Vec<String> = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        "{}{} {}",
                        if i == 0 { "M" } else { "L" },
                        f(p.x_px),
                        f(p.y_px)
                    )
                })
                .collect();
            format!(
                "path {} stroke={} dash={}",
                d.join(" "),
                stroke.colour.to_hex(),
                stroke
                    .dash_px
                    .map(|[d, g]| format!("{} {}", f(d), f(g)))
                    .unwrap_or_default()
            )
        }
    }
}

/// Splits the SVG into its sections: `node-N` groups, edges, labels, legend.
fn svg_sections(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("<g id=\"") {
            current = rest.split('"').next().map(str::to_owned);
            continue;
        }
        if let Some(rest) = line.strip_prefix("<g class=\"") {
            current = rest.split('"').next().map(str::to_owned);
            continue;
        }
        if line == "</g>" {
            current = None;
            continue;
        }
        if let (Some(section), Some(key)) = (&current, element_key(line)) {
            sections.entry(section.clone()).or_default().push(key);
        }
    }
    sections
}

/// The display list grouped the same way.
fn list_sections(list: &DisplayList) -> BTreeMap<String, Vec<String>> {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in &list.groups {
        let name = match &group.kind {
            GroupKind::Node { index, .. } => format!("node-{index}"),
            GroupKind::Edge { .. } => "edges".to_owned(),
            GroupKind::EdgeLabel { .. } => "labels".to_owned(),
            GroupKind::Legend => "legend".to_owned(),
        };
        sections
            .entry(name)
            .or_default()
            .extend(group.items.iter().map(item_key));
    }
    sections.retain(|_, items| !items.is_empty());
    sections
}

/// A run with every status, spread over the nodes.
fn synthetic_run(diagram: &Diagram, shift: usize) -> RunOverlay {
    let statuses = diagram
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(k, n)| (n.id.clone(), StateStatus::ALL[(k + shift) % 6]))
        .collect();
    RunOverlay {
        statuses,
        steps: Vec::new(),
        run_status: RunStatus::Failed,
        error: None,
        cause: None,
        ..RunOverlay::default()
    }
}

/// Every diagram to check: the corpus, and the recorded runs with their overlays.
fn cases() -> Vec<(String, Diagram, Option<RunOverlay>)> {
    let mut cases = Vec::new();
    for (i, path) in common::workflows().iter().enumerate() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = Document::load(path).unwrap_or_else(|e| panic!("{e}"));
        let diagram = Diagram::from_document(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        let run = (i % 2 == 0).then(|| synthetic_run(&diagram, i));
        cases.push((name, diagram, run));
    }
    for fixture in [
        "map_inline.json",
        "parallel_catch.json",
        "raise_failure.json",
    ] {
        let diagram = Diagram::from_document(&common::fixture_definition(fixture)).unwrap();
        let run = RunOverlay::from_json(&diagram.graph, &common::fixture(fixture)).unwrap();
        cases.push((fixture.to_owned(), diagram, Some(run)));
    }
    cases
}

#[test]
fn the_display_list_has_the_shapes_of_the_svg_for_every_corpus_workflow() {
    let cases = cases();
    assert!(cases.len() > 100, "the corpus is there");
    for (name, diagram, run) in &cases {
        let list = display_list(
            diagram,
            &DisplayOptions {
                marks: run.as_ref().map(RunOverlay::marks).as_ref(),
                theme: Theme::Light,
            },
        );
        let text = svg(
            diagram,
            &SvgOptions {
                marks: run.as_ref().map(RunOverlay::marks).as_ref(),
                ..SvgOptions::default()
            },
        );
        assert!(
            text.starts_with(&format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\"",
                f(list.width_px),
                f(list.height_px)
            )),
            "{name}"
        );
        let from_svg = svg_sections(&text);
        let from_list = list_sections(&list);
        assert_eq!(
            from_svg.keys().collect::<Vec<_>>(),
            from_list.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (section, items) in &from_list {
            assert_eq!(&from_svg[section], items, "{name}: {section}");
        }
        // Every node of the diagram has its group, once.
        let nodes: Vec<usize> = list
            .groups
            .iter()
            .filter_map(|g| match g.kind {
                GroupKind::Node { index, .. } => Some(index),
                _ => None,
            })
            .collect();
        assert_eq!(nodes.len(), diagram.nodes.len(), "{name}");
        assert_eq!(
            nodes.iter().collect::<BTreeSet<_>>().len(),
            nodes.len(),
            "{name}"
        );
        // Statuses are there exactly when a run is drawn, on states.
        for group in &list.groups {
            if let GroupKind::Node { index, look, .. } = &group.kind {
                let is_state = diagram.nodes[*index].kind == NodeKind::State;
                assert_eq!(look.is_some(), run.is_some() && is_state, "{name}");
            }
        }
        assert_eq!(
            list.groups.iter().any(|g| g.kind == GroupKind::Legend),
            run.is_some(),
            "{name}"
        );
    }
}

/// The geometry of an item, colours left out.
fn geometry(item: &DisplayItem) -> DisplayItem {
    let grey = Rgba::rgb(0, 0, 0);
    let mut item = item.clone();
    match &mut item {
        DisplayItem::Rect { fill, stroke, .. } => {
            *fill = grey;
            if let Some(s) = stroke {
                s.colour = grey;
            }
        }
        DisplayItem::Circle { fill, .. } => *fill = grey,
        DisplayItem::Text { colour, .. } => *colour = grey,
        DisplayItem::Path { stroke, arrow, .. } => {
            stroke.colour = grey;
            if let Some(a) = arrow {
                *a = grey;
            }
        }
    }
    item
}

#[test]
fn the_dark_theme_changes_colours_only() {
    let mut colours_differ = 0;
    for (name, diagram, run) in cases() {
        let light = display_list(
            &diagram,
            &DisplayOptions {
                marks: run.as_ref().map(RunOverlay::marks).as_ref(),
                theme: Theme::Light,
            },
        );
        let dark = display_list(
            &diagram,
            &DisplayOptions {
                marks: run.as_ref().map(RunOverlay::marks).as_ref(),
                theme: Theme::Dark,
            },
        );
        assert_eq!(light.width_px, dark.width_px, "{name}");
        assert_eq!(light.height_px, dark.height_px, "{name}");
        assert_ne!(light.background, dark.background, "{name}");
        assert_eq!(light.groups.len(), dark.groups.len(), "{name}");
        for (l, d) in light.groups.iter().zip(&dark.groups) {
            assert_eq!(l.kind, d.kind, "{name}");
            let lg: Vec<_> = l.items.iter().map(geometry).collect();
            let dg: Vec<_> = d.items.iter().map(geometry).collect();
            assert_eq!(lg, dg, "{name}");
            colours_differ += usize::from(l.items != d.items);
        }
    }
    assert!(colours_differ > 1000);
}

#[test]
fn dark_text_is_light_on_the_dark_canvas() {
    let doc = common::doc(
        r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}"#,
    );
    let diagram = Diagram::from_document(&doc).unwrap();
    let dark = display_list(
        &diagram,
        &DisplayOptions {
            marks: None,
            theme: Theme::Dark,
        },
    );
    let luma =
        |c: Rgba| 0.2126 * f32::from(c.r) + 0.7152 * f32::from(c.g) + 0.0722 * f32::from(c.b);
    assert!(luma(dark.background) < 60.0);
    for group in &dark.groups {
        for item in &group.items {
            match item {
                DisplayItem::Text { colour, .. } => assert!(luma(*colour) > 140.0, "{colour:?}"),
                DisplayItem::Path { stroke, .. } => {
                    assert!(luma(stroke.colour) > 110.0, "{stroke:?}")
                }
                _ => {}
            }
        }
    }
}

#[test]
fn the_light_svg_keeps_its_markup() {
    let diagram =
        Diagram::from_document(&common::fixture_definition("parallel_catch.json")).unwrap();
    let run =
        RunOverlay::from_json(&diagram.graph, &common::fixture("parallel_catch.json")).unwrap();
    let text = svg(
        &diagram,
        &SvgOptions {
            marks: Some(&run.marks()),
            ..SvgOptions::default()
        },
    );
    for fragment in [
        "<defs>\n<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#545b64\"/></marker>\n\
         <marker id=\"arrow-catch\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c05a00\"/></marker>\n</defs>\n",
        "\" fill=\"#ffffff\"/>\n<g id=\"node-1\" class=\"node container\" data-node=\"/States/ParallelState\" data-status=\"caught\">\n<rect class=\"shape\" ",
        " rx=\"10\" fill=\"#ffe8cc\" stroke=\"#e07700\" stroke-width=\"1.5\"/>\n",
        "font-size=\"9\" font-weight=\"bold\" fill=\"#6d3fd6\">PARALLEL</text>\n",
        " rx=\"6\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#e07700\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\n",
        "<g id=\"node-0\" class=\"node\" data-node=\"#start\">\n<circle class=\"shape\" ",
        " font-size=\"10\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">Start</text>\n</g>\n",
        "data-status=\"failed\">\n<rect class=\"shape\" ",
        " rx=\"8\" fill=\"#fde2e1\" stroke=\"#d13212\" stroke-width=\"1.5\"/>\n",
        " width=\"4\" height=\"48\" rx=\"2\" fill=\"#dc3c3c\"/>\n",
        "<g class=\"edges\">\n<path d=\"M",
        " fill=\"none\" stroke=\"#c05a00\" stroke-width=\"1.4\" stroke-linejoin=\"round\" stroke-dasharray=\"6 4\" marker-end=\"url(#arrow-catch)\"/>\n",
        " fill=\"none\" stroke=\"#545b64\" stroke-width=\"1.4\" stroke-linejoin=\"round\" marker-end=\"url(#arrow)\"/>\n",
        "</g>\n<g class=\"labels\">\n<rect ",
        " rx=\"4\" fill=\"#ffffff\" stroke=\"#d5dbe3\" stroke-width=\"1\"/>\n",
        " font-size=\"10.5\" fill=\"#c05a00\" text-anchor=\"middle\">",
        "</g>\n<g class=\"legend\">\n<text x=\"16\" ",
        " font-size=\"11\" font-weight=\"bold\" fill=\"#16191f\">Run succeeded</text>\n",
        " rx=\"3\" fill=\"#ffffff\" stroke=\"#9aa3af\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n",
        "</g>\n</svg>\n",
    ] {
        assert!(text.contains(fragment), "{fragment}\nnot in\n{text}");
    }
    // A problem mark keeps its tooltip; a missing state its dashed red box.
    let broken = Diagram::from_document(&common::doc(
        r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Nowhere"}}}"#,
    ))
    .unwrap();
    let text = svg(&broken, &SvgOptions::default());
    assert!(text.contains(" font-size=\"12\" font-weight=\"bold\" fill=\"#d13212\" text-anchor=\"end\"><title>This state has a problem</title>\u{26a0}</text>\n"), "{text}");
    assert!(text.contains(" rx=\"8\" fill=\"#fff5f5\" stroke=\"#d13212\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>\n"), "{text}");
}

#[test]
fn the_arrow_head_is_the_svg_marker() {
    let points = [LayoutPoint::new(0.0, 50.0), LayoutPoint::new(100.0, 50.0)];
    let [tip, left, right] = arrow_head(&points);
    let close =
        |p: LayoutPoint, x: f32, y: f32| (p.x_px - x).abs() < 1e-3 && (p.y_px - y).abs() < 1e-3;
    assert!(close(tip, 100.98, 50.0), "{tip:?}");
    assert!(close(left, 91.18, 45.1), "{left:?}");
    assert!(close(right, 91.18, 54.9), "{right:?}");
    // Pointing down, and a repeated last point does not change the direction.
    let down = [
        LayoutPoint::new(10.0, 0.0),
        LayoutPoint::new(10.0, 20.0),
        LayoutPoint::new(10.0, 20.0),
    ];
    let [tip, left, right] = arrow_head(&down);
    assert!(close(tip, 10.0, 20.98), "{tip:?}");
    assert!((left.y_px - 11.18).abs() < 1e-3 && (right.y_px - 11.18).abs() < 1e-3);
    assert!((left.x_px - right.x_px).abs() > 9.7);
    let one = [LayoutPoint::new(3.0, 4.0)];
    assert_eq!(arrow_head(&one), [one[0]; 3]);
}

#[test]
fn collapsed_containers_are_plain_boxes() {
    let doc = common::doc(
        r#"{"StartAt":"P","States":{
            "P":{"Type":"Parallel","Next":"M","Branches":[
                {"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                {"StartAt":"B","States":{"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}}},
                {"StartAt":"In","States":{"In":{"Type":"Map","ItemProcessor":{"StartAt":"Deep","States":{"Deep":{"Type":"Pass","End":true}}},"End":true}}}
            ]},
            "M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}
        }}"#,
    );
    let full = Diagram::from_document(&doc).unwrap();
    assert_eq!(
        Diagram::with_collapsed(full.graph.clone(), &BTreeSet::new()).unwrap(),
        full
    );
    assert!(full.nodes.iter().all(|n| !n.collapsed));
    let p = NodeId::state("/States/P");
    let m = NodeId::state("/States/M");
    let inner_map = NodeId::state("/States/P/Branches/2/States/In");
    assert!(full.node(&inner_map).is_some());

    let folded = Diagram::with_collapsed(full.graph.clone(), &BTreeSet::from([p.clone()])).unwrap();
    let node = folded.node(&p).unwrap();
    assert!(node.collapsed);
    assert!(node.container.is_none());
    assert!(node.lane_titles.is_empty());
    assert_eq!(node.type_label, "PARALLEL");
    assert_eq!(node.summary, "3 branches, collapsed");
    // Nothing of the branches is drawn, at any depth; the rest is.
    let hidden: Vec<&NodeId> = full
        .graph
        .nodes
        .iter()
        .filter(|n| n.id.pointer().is_some_and(|p| p.starts_with("/States/P/")))
        .map(|n| &n.id)
        .collect();
    assert!(hidden.contains(&&inner_map));
    for id in &hidden {
        assert!(folded.node(id).is_none(), "{id}");
    }
    assert!(folded.node(&m).unwrap().container.is_some());
    assert!(folded
        .node(&NodeId::state("/States/M/ItemProcessor/States/I"))
        .is_some());
    assert_eq!(
        folded.nodes.len(),
        full.nodes.len()
            - full
                .graph
                .nodes
                .iter()
                .filter(|n| folded.node(&n.id).is_none())
                .count()
    );
    for edge in &folded.edges {
        assert!(
            folded.node(&edge.from).is_some() && folded.node(&edge.to).is_some(),
            "{edge:?}"
        );
        assert!(edge.points.len() >= 2);
    }
    assert!(folded.edges.len() < full.edges.len());
    assert!(folded.height_px < full.height_px);
    // The node is a state box in the display list and in the SVG.
    let list = display_list(&folded, &DisplayOptions::default());
    let group = list
        .groups
        .iter()
        .find(|g| matches!(&g.kind, GroupKind::Node { id, .. } if *id == p))
        .unwrap();
    assert!(matches!(
        group.kind,
        GroupKind::Node {
            container: false,
            ..
        }
    ));
    assert!(group
        .items
        .iter()
        .any(|i| matches!(i, DisplayItem::Text { text, .. } if text == "3 branches, collapsed")));
    let text = svg(&folded, &SvgOptions::default());
    assert!(text.contains("3 branches, collapsed"));
    assert!(!text.contains("class=\"node container\" data-node=\"/States/P\""));

    let both = Diagram::with_collapsed(full.graph.clone(), &BTreeSet::from([p.clone(), m.clone()]))
        .unwrap();
    assert_eq!(both.node(&m).unwrap().summary, "Item processor, collapsed");
    assert_eq!(both.node(&m).unwrap().type_label, "MAP");
    assert!(both.nodes.iter().all(|n| n.container.is_none()));
    // Only the collapsed inner Map: its one state goes, the Parallel stays open.
    let inner =
        Diagram::with_collapsed(full.graph.clone(), &BTreeSet::from([inner_map.clone()])).unwrap();
    assert!(inner.node(&inner_map).unwrap().collapsed);
    assert!(inner
        .node(&NodeId::state(
            "/States/P/Branches/2/States/In/ItemProcessor/States/Deep"
        ))
        .is_none());
    assert!(inner
        .node(&NodeId::state("/States/P/Branches/0/States/A"))
        .is_some());
    // Ids that are not containers change nothing.
    let same = Diagram::with_collapsed(
        full.graph.clone(),
        &BTreeSet::from([
            NodeId::state("/States/P/Branches/0/States/A"),
            NodeId::Missing("/States/nope".into()),
        ]),
    )
    .unwrap();
    assert_eq!(same, full);
}
