//! A sweep of field and item edits over many places of every corpus workflow (JSON, canonical
//! YAML, and the JSON text read as YAML flow style): each reparses to the value computed on
//! serde_json values, and touches only the lines it must.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use common::line_changes;

use serde_json::{json, Value};
use statecraft_asl::edit::{ordered_eq, Edit};
use statecraft_asl::format::yaml_text;
use statecraft_asl::tree::pointer_push;
use statecraft_asl::{Document, Format, Node, NodeValue};

/// Every object, array and scalar member in the tree, by pointer, in document order.
#[derive(Default)]
struct Places {
    objects: Vec<String>,
    arrays: Vec<String>,
    scalar_members: Vec<(String, String)>,
}

fn walk(node: &Node, pointer: &str, places: &mut Places) {
    match &node.value {
        NodeValue::Object(members) => {
            places.objects.push(pointer.to_owned());
            for m in members {
                if members.iter().filter(|o| o.key == m.key).count() > 1 {
                    continue;
                }
                let child = pointer_push(pointer, &m.key);
                if !matches!(m.value.value, NodeValue::Object(_) | NodeValue::Array(_)) {
                    places
                        .scalar_members
                        .push((pointer.to_owned(), m.key.clone()));
                }
                walk(&m.value, &child, places);
            }
        }
        NodeValue::Array(items) => {
            places.arrays.push(pointer.to_owned());
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{i}"), places);
            }
        }
        _ => {}
    }
}

/// Up to `n` items spread evenly over `all`.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.len() <= n {
        return all.to_vec();
    }
    (0..n).map(|i| all[i * all.len() / n].clone()).collect()
}

fn check(name: &str, doc: &Document, edit: &Edit, expected: &Value) -> (usize, usize) {
    let out = doc
        .apply(edit)
        .unwrap_or_else(|e| panic!("{name}: {edit:?}: {e}\n{}", doc.text()));
    let reparsed = Document::from_bytes(out.text().as_bytes(), doc.format()).unwrap();
    assert!(
        ordered_eq(&reparsed.to_value(), expected),
        "{name}: {edit:?} gave another value:\n{}",
        out.text()
    );
    line_changes(doc.text(), out.text())
}

#[derive(Debug, Default)]
struct Counts {
    files: usize,
    set_scalars: usize,
    new_members: usize,
    removed_members: usize,
    inserted_items: usize,
    removed_items: usize,
}

fn sweep(name: &str, doc: &Document, counts: &mut Counts) {
    let value = doc.to_value();
    let mut places = Places::default();
    walk(doc.root(), "", &mut places);
    counts.files += 1;

    for (pointer, key) in spread(&places.scalar_members, 8) {
        let mut expected = value.clone();
        expected.pointer_mut(&pointer).unwrap()[&key] = json!("swept ✓ value");
        let edit = Edit::SetField {
            pointer: pointer.clone(),
            key: key.clone(),
            value: json!("swept ✓ value"),
        };
        let changes = check(name, doc, &edit, &expected);
        assert_eq!(changes, (1, 1), "{name}: set {pointer} {key}");
        counts.set_scalars += 1;
    }

    for pointer in spread(&places.objects, 5) {
        let new = json!({"k": [1, "two"]});
        let mut expected = value.clone();
        expected.pointer_mut(&pointer).unwrap()["Swept new member"] = new.clone();
        let edit = Edit::SetField {
            pointer: pointer.clone(),
            key: "Swept new member".into(),
            value: new,
        };
        let (removed, _) = check(name, doc, &edit, &expected);
        assert!(
            removed <= 1,
            "{name}: new member in {pointer} removed {removed} lines"
        );
        counts.new_members += 1;

        let first_key = doc
            .node_at(&pointer)
            .unwrap()
            .as_object()
            .unwrap()
            .first()
            .map(|m| m.key.clone());
        if let Some(key) = first_key {
            let mut expected = value.clone();
            expected
                .pointer_mut(&pointer)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .shift_remove(&key);
            let edit = Edit::RemoveField {
                pointer: pointer.clone(),
                key: key.clone(),
            };
            let (_, added) = check(name, doc, &edit, &expected);
            assert!(
                added <= 1,
                "{name}: removing {pointer} {key} added {added} lines"
            );
            counts.removed_members += 1;
        }
    }

    for pointer in spread(&places.arrays, 4) {
        let len = doc.node_at(&pointer).unwrap().as_array().unwrap().len();
        for index in [0, len] {
            let mut expected = value.clone();
            expected
                .pointer_mut(&pointer)
                .unwrap()
                .as_array_mut()
                .unwrap()
                .insert(index, json!("swept item"));
            let edit = Edit::InsertItem {
                pointer: pointer.clone(),
                index,
                value: json!("swept item"),
            };
            let (removed, _) = check(name, doc, &edit, &expected);
            assert!(
                removed <= 1,
                "{name}: insert into {pointer} removed {removed} lines"
            );
            counts.inserted_items += 1;
        }
        for index in [0, len.saturating_sub(1)] {
            if index >= len {
                continue;
            }
            let mut expected = value.clone();
            expected
                .pointer_mut(&pointer)
                .unwrap()
                .as_array_mut()
                .unwrap()
                .remove(index);
            let edit = Edit::RemoveItem {
                pointer: pointer.clone(),
                index,
            };
            let (_, added) = check(name, doc, &edit, &expected);
            assert!(
                added <= 1,
                "{name}: remove from {pointer} added {added} lines"
            );
            counts.removed_items += 1;
        }
    }
}

#[test]
fn sweep_json_workflows_and_asl_validator_definitions() {
    let mut counts = Counts::default();
    let mut files = common::workflows();
    files.extend(common::files_in("asl-validator/valid"));
    files.extend(common::files_in("asl-validator/invalid"));
    for path in files {
        let doc = Document::load(&path).unwrap();
        sweep(&path.display().to_string(), &doc, &mut counts);
    }
    println!("JSON sweep: {counts:?}");
    assert!(counts.files > 300);
}

#[test]
fn sweep_yaml_workflows() {
    let mut counts = Counts::default();
    for path in common::workflows() {
        let value = Document::load(&path).unwrap().to_value();
        let doc = Document::parse(yaml_text(&value), Format::Yaml).unwrap();
        sweep(&format!("{} (as YAML)", path.display()), &doc, &mut counts);
    }
    println!("YAML sweep: {counts:?}");
    assert!(counts.files > 200);
}

/// JSON is YAML in flow style: the same files read as YAML exercise the flow-collection paths.
#[test]
fn sweep_json_text_read_as_yaml_flow_style() {
    let mut counts = Counts::default();
    let mut skipped = 0;
    for path in common::workflows() {
        let json_doc = Document::load(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(doc) = Document::parse(text, Format::Yaml) else {
            skipped += 1;
            continue;
        };
        if !ordered_eq(&doc.to_value(), &json_doc.to_value()) {
            skipped += 1;
            continue;
        }
        sweep(
            &format!("{} (read as YAML)", path.display()),
            &doc,
            &mut counts,
        );
    }
    println!("JSON-as-YAML sweep: {counts:?}, {skipped} files YAML reads otherwise");
    assert!(counts.files > 150);
}
