//! Canonical formatting over the corpus: the value and key order are kept, the output is
//! idempotent, and YAML versions of every workflow format the same way.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use statecraft_asl::edit::ordered_eq;
use statecraft_asl::format::{canonical_text, json_text, yaml_text};
use statecraft_asl::{Document, Format, Node, NodeValue};

/// Every key of the tree in document order, duplicates included (a stricter order check than the
/// value, where a duplicated key counts once).
fn keys(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        NodeValue::Object(members) => {
            for m in members {
                out.push(m.key.clone());
                keys(&m.value, out);
            }
        }
        NodeValue::Array(items) => items.iter().for_each(|n| keys(n, out)),
        _ => {}
    }
}

fn all_keys(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    keys(doc.root(), &mut out);
    out
}

fn check(name: &str, doc: &Document) -> bool {
    let formatted = canonical_text(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
    let again = Document::from_bytes(formatted.as_bytes(), doc.format())
        .unwrap_or_else(|e| panic!("{name}: formatted text does not parse: {e}\n{formatted}"));
    assert!(
        ordered_eq(&again.to_value(), &doc.to_value()),
        "{name}: formatting changed the value"
    );
    assert_eq!(all_keys(&again), all_keys(doc), "{name}: key order");
    assert_eq!(
        canonical_text(&again).unwrap(),
        formatted,
        "{name}: not idempotent"
    );
    assert!(formatted.ends_with('\n'));
    formatted == doc.text()
}

#[test]
fn fmt_keeps_value_and_key_order_and_is_idempotent_over_the_corpus() {
    let mut files = common::workflows();
    files.extend(common::files_in("asl-validator/valid"));
    files.extend(common::files_in("asl-validator/invalid"));
    let (mut checked, mut already) = (0, 0);
    for path in &files {
        let Ok(doc) = Document::load(path) else {
            continue;
        };
        if check(&path.display().to_string(), &doc) {
            already += 1;
        }
        checked += 1;
    }
    println!("fmt: {checked} JSON corpus files checked, {already} already canonical");
    assert!(checked >= 250);
}

#[test]
fn fmt_over_yaml_versions_of_every_workflow() {
    let mut checked = 0;
    for path in common::workflows() {
        let value = Document::load(&path).unwrap().to_value();
        let name = path.display().to_string();
        let yaml = yaml_text(&value);
        let doc = Document::parse(yaml.as_str(), Format::Yaml)
            .unwrap_or_else(|e| panic!("{name}: YAML version does not parse: {e}\n{yaml}"));
        assert!(
            ordered_eq(&doc.to_value(), &value),
            "{name}: YAML version has another value"
        );
        // The YAML writer's output is canonical already.
        assert!(check(&name, &doc), "{name}: YAML version is not canonical");
        // And the JSON writer's output is canonical JSON.
        let json = json_text(&value);
        let doc = Document::parse(json.as_str(), Format::Json).unwrap();
        assert!(check(&name, &doc), "{name}: JSON text is not canonical");
        checked += 1;
    }
    println!("fmt: {checked} YAML versions of workflows checked");
}
