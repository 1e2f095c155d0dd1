//! The change page: the marked picture beside every change, the details data, escaping.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use serde_json::Value;
use statecraft_asl::{Document, Format};
use statecraft_export::{diff_html, Diagram, DiffPageOptions, DiffView};

fn fixture_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/diff")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn parse(text: &str) -> Document {
    Document::parse(text.to_owned(), Format::Json).unwrap()
}

fn page_of(old: &Document, new: &Document, title: &str) -> (DiffView, String) {
    let view = DiffView::new(old, new);
    let diagram = Diagram::new(view.graph.clone()).unwrap();
    let page = diff_html(
        &view,
        &diagram,
        &DiffPageOptions {
            title: Some(title),
            old_label: "order-before.asl.json",
            new_label: "order-after.asl.json",
        },
    );
    (view, page)
}

fn order_page() -> (DiffView, String) {
    let old = parse(&fixture_text("order-before.asl.json"));
    let new = parse(&fixture_text("order-after.asl.json"));
    page_of(
        &old,
        &new,
        "order-before.asl.json \u{2192} order-after.asl.json",
    )
}

/// The page's JSON data, read back.
fn data(page: &str) -> Value {
    let start = page
        .find("<script type=\"application/json\" id=\"diff-data\">")
        .unwrap();
    let json_start = page[start..].find('>').unwrap() + start + 1;
    let end = page[json_start..].find("</script>").unwrap() + json_start;
    serde_json::from_str(&page[json_start..end]).unwrap()
}

#[test]
fn every_change_is_listed_with_its_headline_and_words() {
    let (view, page) = order_page();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("order-before.asl.json \u{2192} order-after.asl.json"));
    assert!(
        page.contains(&format!(">{}</p>", view.diff.count_line())),
        "the count line"
    );
    let escape = statecraft_export::escape_xml;
    for (i, change) in view.diff.states.iter().enumerate() {
        let button = format!(
            "id=\"change-{i}\" data-change=\"{i}\" aria-pressed=\"false\" aria-controls=\"details\">{}</button>",
            escape(&change.headline())
        );
        assert!(
            page.contains(&button),
            "no button for {}",
            change.headline()
        );
        for field in &change.fields {
            assert!(
                page.contains(&escape(&field.describe())),
                "{}",
                field.describe()
            );
        }
    }
    for transition in &view.diff.transitions {
        assert!(page.contains(&escape(&transition.describe())));
    }
    for field in &view.diff.machine {
        assert!(page.contains(&escape(&field.describe())));
    }
    assert!(!view.diff.states.is_empty() && !view.diff.transitions.is_empty());
    // No network: nothing is fetched.
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
}

#[test]
fn the_picture_marks_added_changed_and_removed_states() {
    let (_, page) = order_page();
    for status in ["added", "changed", "removed", "renamed"] {
        assert!(
            page.contains(&format!("data-status=\"{status}\"")),
            "no {status} state in the picture"
        );
    }
    assert!(page.contains("data-node=\"/States/Charge card\""));
}

#[test]
fn the_details_data_carries_old_and_new_values_and_the_boxes() {
    let (view, page) = order_page();
    let data = data(&page);
    let changes = data["changes"].as_array().unwrap();
    assert_eq!(changes.len(), view.diff.states.len());
    for (i, (change, entry)) in view.diff.states.iter().zip(changes).enumerate() {
        assert_eq!(entry["headline"], change.headline());
        let rows = entry["fields"].as_array().unwrap();
        assert_eq!(rows.len(), change.fields.len());
        for (field, row) in change.fields.iter().zip(rows) {
            assert_eq!(row[0], field.path.to_string());
            let pretty = |v: &Option<Value>| match v {
                Some(v) => Value::String(serde_json::to_string_pretty(v).unwrap()),
                None => Value::Null,
            };
            assert_eq!(row[1], pretty(&field.old));
            assert_eq!(row[2], pretty(&field.new));
        }
        // Each drawn change names its box, and the box names the change back.
        if view.node_of(i).is_some() {
            let node = entry["node"].as_str().unwrap();
            assert_eq!(data["nodes"][node], i);
            assert!(page.contains(&format!("<g id=\"{node}\" ")), "{node}");
        }
    }
    let charge = changes
        .iter()
        .find(|c| c["headline"] == "Changed Charge card")
        .unwrap();
    let row = &charge["fields"][0];
    assert!(row[1].is_string() && row[2].is_string(), "{row}");
    assert_ne!(row[1], row[2]);
}

#[test]
fn names_and_values_are_escaped() {
    let old_text = fixture_text("order-before.asl.json");
    let mut new: Value = serde_json::from_str(&fixture_text("order-after.asl.json")).unwrap();
    let states = new["States"].as_object_mut().unwrap();
    states.insert(
        "<script>alert(1)</script>".to_owned(),
        serde_json::json!({"Type": "Pass", "End": true}),
    );
    states["Charge card"]["Comment"] = Value::String("</script><script>alert(2)</script>".into());
    let old = parse(&old_text);
    let new = parse(&new.to_string());
    let (_, page) = page_of(&old, &new, "<script>alert(3)</script>");
    assert!(!page.contains("<script>alert"), "unescaped markup");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    // Only the page's own two scripts end.
    assert_eq!(page.matches("</script>").count(), 2);
    let data = data(&page);
    let text = data.to_string();
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(text.contains("alert(2)"), "{text}");
}

#[test]
fn the_page_is_deterministic() {
    assert_eq!(order_page().1, order_page().1);
}
