//! The difference between two versions drawn as one: ghosts, marks, legend.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use statecraft_asl::diff::ChangeKind;
use statecraft_asl::edit::Edit;
use statecraft_asl::graph::{EdgeKind, NodeId};
use statecraft_asl::{Document, Format};
use statecraft_export::{
    display_list, svg, Diagram, DiffView, DisplayOptions, EdgeLook, GroupKind, StateLook,
    SvgOptions, Theme,
};

fn fixture(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/diff")
        .join(name);
    Document::load(&path).unwrap()
}

fn id(pointer: &str) -> NodeId {
    NodeId::state(pointer)
}

#[test]
fn the_order_change_is_drawn_with_added_changed_renamed_and_a_ghost() {
    let old = fixture("order-before.asl.json");
    let new = fixture("order-after.asl.json");
    let view = DiffView::new(&old, &new);
    let marks = &view.marks;
    assert_eq!(
        marks.look(&id("/States/Large order?")),
        Some(StateLook::Added)
    );
    assert_eq!(
        marks.look(&id("/States/Ask for approval")),
        Some(StateLook::Added)
    );
    assert_eq!(
        marks.look(&id("/States/Charge card")),
        Some(StateLook::Changed)
    );
    assert_eq!(
        marks.look(&id("/States/Ship items")),
        Some(StateLook::Renamed)
    );
    assert_eq!(marks.look(&id("/States/Validate order")), None);
    assert_eq!(
        marks.states[&id("/States/Charge card")]
            .badge
            .as_ref()
            .unwrap()
            .text,
        "1 field"
    );
    assert!(marks.states[&id("/States/Ship items")]
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("Ship each item"));

    // The removed state is a ghost in the merged graph, without the problems of being a ghost.
    let ghost = id("/States/Email receipt");
    assert_eq!(marks.look(&ghost), Some(StateLook::Removed));
    assert!(view.is_ghost(&ghost));
    let node = view.graph.node(&ghost).unwrap();
    assert!(node.problems.is_empty(), "{:?}", node.problems);
    let removed = view.change_at(&ghost).unwrap();
    assert_eq!(view.diff.states[removed].kind, ChangeKind::Removed);
    assert_eq!(view.node_of(removed), Some(&ghost));

    // Its transitions lead where they led, drawn removed; the old Validate → Charge transition is
    // back, drawn removed; the new ones are drawn added.
    let look = |from: &str, to: &str, kind: EdgeKind| marks.edge_look(&id(from), &id(to), &kind);
    assert_eq!(
        look(
            "/States/Ship items",
            "/States/Email receipt",
            EdgeKind::Next
        ),
        Some(EdgeLook::Removed)
    );
    assert_eq!(
        look(
            "/States/Email receipt",
            "/States/Notify customer",
            EdgeKind::Next
        ),
        Some(EdgeLook::Removed)
    );
    assert_eq!(
        look(
            "/States/Validate order",
            "/States/Charge card",
            EdgeKind::Next
        ),
        Some(EdgeLook::Removed)
    );
    assert!(view
        .graph
        .edges
        .iter()
        .any(|e| e.from == id("/States/Validate order") && e.to == id("/States/Charge card")));
    assert_eq!(
        look(
            "/States/Large order?",
            "/States/Ask for approval",
            EdgeKind::Choice { index: 0 }
        ),
        Some(EdgeLook::Added)
    );
    assert_eq!(
        look(
            "/States/Ship items",
            "/States/Notify customer",
            EdgeKind::Next
        ),
        Some(EdgeLook::Added)
    );
    let legend = marks.legend.as_ref().unwrap();
    assert_eq!(legend.title, "Changes");
    assert_eq!(
        legend.states,
        [
            StateLook::Added,
            StateLook::Changed,
            StateLook::Renamed,
            StateLook::Removed
        ]
    );
    assert_eq!(legend.edges, [EdgeLook::Added, EdgeLook::Removed]);

    // Drawn: every marked state's group carries its look, the SVG says it.
    let diagram = Diagram::new(view.graph.clone()).unwrap();
    let list = display_list(
        &diagram,
        &DisplayOptions {
            marks: Some(marks),
            theme: Theme::Light,
        },
    );
    let looks: Vec<_> = list
        .groups
        .iter()
        .filter_map(|g| match &g.kind {
            GroupKind::Node { look: Some(l), .. } => Some(*l),
            _ => None,
        })
        .collect();
    assert_eq!(looks.len(), 5, "{looks:?}");
    let picture = svg(
        &diagram,
        &SvgOptions {
            marks: Some(marks),
            ..SvgOptions::default()
        },
    );
    for status in ["added", "changed", "renamed", "removed"] {
        assert!(
            picture.contains(&format!("data-status=\"{status}\"")),
            "{status}"
        );
    }
}

#[test]
fn nested_removals_are_drawn_inside_their_container() {
    let old = Document::parse(
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
            {"StartAt":"X","States":{"X":{"Type":"Pass","Next":"Y"},"Y":{"Type":"Pass","End":true}}}
        ],"End":true}}}"#,
        Format::Json,
    )
    .unwrap();
    let new = Document::parse(
        r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
            {"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}
        ],"End":true}}}"#,
        Format::Json,
    )
    .unwrap();
    let view = DiffView::new(&old, &new);
    let ghost = id("/States/P/Branches/0/States/Y");
    assert_eq!(view.marks.look(&ghost), Some(StateLook::Removed));
    assert_eq!(
        view.graph.node(&ghost).unwrap().scope.pointer(),
        "/States/P/Branches/0"
    );
    assert_eq!(
        view.marks.edge_look(
            &id("/States/P/Branches/0/States/X"),
            &ghost,
            &EdgeKind::Next
        ),
        Some(EdgeLook::Removed)
    );
}

#[test]
fn every_corpus_workflow_with_itself_has_no_marks_and_with_a_state_deleted_draws_its_ghost() {
    let mut deleted = 0;
    for path in common::workflows() {
        let doc = Document::load(&path).unwrap();
        let same = DiffView::new(&doc, &doc);
        assert!(same.marks.states.is_empty(), "{}", path.display());
        assert!(same.marks.edges.is_empty(), "{}", path.display());
        assert!(same.marks.legend.is_none(), "{}", path.display());
        // Delete the last top-level state that is not the start.
        let value = doc.to_value();
        let Some(states) = value.get("States").and_then(|s| s.as_object()) else {
            continue;
        };
        let start = value.get("StartAt").and_then(|s| s.as_str()).unwrap_or("");
        let Some(name) = states.keys().rev().find(|k| *k != start) else {
            continue;
        };
        let pointer = format!(
            "/States/{}",
            statecraft_asl::tree::escape_pointer_segment(name)
        );
        let Ok(new) = doc.apply(&Edit::RemoveState {
            scope: String::new(),
            name: name.clone(),
        }) else {
            continue;
        };
        let view = DiffView::new(&doc, &new);
        let ghost = id(&pointer);
        assert_eq!(
            view.marks.look(&ghost),
            Some(StateLook::Removed),
            "{}: {pointer}",
            path.display()
        );
        assert!(
            Diagram::new(view.graph.clone()).is_ok(),
            "{}",
            path.display()
        );
        deleted += 1;
    }
    assert!(deleted > 150, "{deleted}");
}

#[test]
fn the_markdown_lists_the_changes_and_colours_the_flowchart() {
    let old = fixture("order-before.asl.json");
    let new = fixture("order-after.asl.json");
    let view = DiffView::new(&old, &new);
    let md = statecraft_export::diff_markdown(&view, "main:order.asl.json", "order.asl.json");
    assert!(
        md.starts_with("### Workflow change: `main:order.asl.json` \u{2192} `order.asl.json`\n")
    );
    assert!(
        md.contains("**5 states changed (2 added, 1 removed, 1 renamed, 1 changed), 6 transitions added, 3 removed, 1 machine field changed**"),
        "{md}"
    );
    assert!(
        md.contains("- \u{2795} Added Ask for approval (Task)\n"),
        "{md}"
    );
    assert!(
        md.contains("  - Retry\\[0\\].MaxAttempts: 2 \u{2192} 3\n"),
        "{md}"
    );
    assert!(
        md.contains("- \u{2796} Removed Email receipt (Task)\n"),
        "{md}"
    );
    // The flowchart is fenced, and every marked state is in its class.
    let chart = md.split("```mermaid\n").nth(1).unwrap();
    let chart = chart.split("```").next().unwrap();
    assert!(chart.starts_with("flowchart TD\n"));
    let class_line = |class: &str| {
        chart
            .lines()
            .find(|l| l.trim_start().starts_with("class ") && l.ends_with(&format!(" {class}")))
            .unwrap_or_else(|| panic!("no {class} line in\n{chart}"))
            .to_owned()
    };
    let members = |class: &str| {
        class_line(class)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .split(',')
            .count()
    };
    assert_eq!(members("added"), 2);
    assert_eq!(members("changed"), 1);
    assert_eq!(members("renamed"), 1);
    assert_eq!(members("removed"), 1);
    assert!(chart.contains("classDef removed "));
    assert!(chart.contains("linkStyle "));
    // Names are escaped for Markdown and Mermaid.
    let sneaky = Document::parse(
        r#"{"StartAt":"<b>x</b>","States":{"<b>x</b>":{"Type":"Pass","End":true}}}"#,
        Format::Json,
    )
    .unwrap();
    let md = statecraft_export::diff_markdown(&DiffView::new(&old, &sneaky), "a", "b");
    assert!(!md.contains("<b>"), "{md}");
}

#[test]
fn the_same_version_is_said_to_be_unchanged_in_markdown() {
    let doc = fixture("order-after.asl.json");
    let md = statecraft_export::diff_markdown(&DiffView::new(&doc, &doc), "a", "b");
    assert!(md.contains("No change in meaning"));
    assert!(!md.contains("```mermaid"));
}
