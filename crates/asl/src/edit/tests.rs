use serde_json::json;

use super::*;
use crate::Format;

fn json(text: &str) -> Document {
    Document::parse(text, Format::Json).unwrap()
}

fn yaml(text: &str) -> Document {
    Document::parse(text, Format::Yaml).unwrap()
}

fn set(pointer: &str, key: &str, value: Value) -> Edit {
    Edit::SetField {
        pointer: pointer.into(),
        key: key.into(),
        value,
    }
}

#[test]
fn set_existing_scalar_changes_only_the_value() {
    let doc = json("{\n  \"a\": 1,\n  \"b\": \"x\"\n}\n");
    let out = doc.apply(&set("", "b", json!("y"))).unwrap();
    assert_eq!(out.text(), "{\n  \"a\": 1,\n  \"b\": \"y\"\n}\n");
}

#[test]
fn new_member_follows_the_files_indentation() {
    for (text, expected) in [
        (
            "{\n\t\"a\": 1\n}",
            "{\n\t\"a\": 1,\n\t\"n\": {\n\t\t\"x\": [\n\t\t\t1\n\t\t]\n\t}\n}",
        ),
        (
            "{\n    \"a\": 1\n}",
            "{\n    \"a\": 1,\n    \"n\": {\n        \"x\": [\n            1\n        ]\n    }\n}",
        ),
        (
            "{\r\n  \"a\": 1\r\n}\r\n",
            "{\r\n  \"a\": 1,\r\n  \"n\": {\r\n    \"x\": [\r\n      1\r\n    ]\r\n  }\r\n}\r\n",
        ),
        ("{\"a\":1}", "{\"a\":1,\"n\":{\"x\":[1]}}"),
        (
            "{\"a\": 1, \"b\": 2}",
            "{\"a\": 1, \"b\": 2, \"n\": {\"x\": [1]}}",
        ),
    ] {
        let out = json(text).apply(&set("", "n", json!({"x": [1]}))).unwrap();
        assert_eq!(out.text(), expected, "from {text:?}");
    }
}

#[test]
fn empty_objects_and_arrays_get_their_first_member() {
    let doc = json("{\n  \"a\": {},\n  \"l\": []\n}");
    let out = doc.apply(&set("/a", "k", json!(true))).unwrap();
    assert_eq!(
        out.text(),
        "{\n  \"a\": {\n    \"k\": true\n  },\n  \"l\": []\n}"
    );
    let out = out
        .apply(&Edit::InsertItem {
            pointer: "/l".into(),
            index: 0,
            value: json!("x"),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "{\n  \"a\": {\n    \"k\": true\n  },\n  \"l\": [\n    \"x\"\n  ]\n}"
    );
    let out = out
        .apply(&Edit::RemoveField {
            pointer: "/a".into(),
            key: "k".into(),
        })
        .unwrap();
    assert_eq!(out.text(), "{\n  \"a\": {},\n  \"l\": [\n    \"x\"\n  ]\n}");
}

#[test]
fn remove_field_first_middle_last() {
    let doc = json("{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}");
    let rm = |doc: &Document, key: &str| {
        doc.apply(&Edit::RemoveField {
            pointer: String::new(),
            key: key.into(),
        })
        .unwrap()
        .text()
        .to_owned()
    };
    assert_eq!(rm(&doc, "a"), "{\n  \"b\": 2,\n  \"c\": 3\n}");
    assert_eq!(rm(&doc, "b"), "{\n  \"a\": 1,\n  \"c\": 3\n}");
    assert_eq!(rm(&doc, "c"), "{\n  \"a\": 1,\n  \"b\": 2\n}");
    assert_eq!(
        doc.apply(&Edit::RemoveField {
            pointer: String::new(),
            key: "z".into()
        })
        .unwrap_err(),
        EditError::NoSuchField {
            pointer: String::new(),
            key: "z".into()
        }
    );
}

#[test]
fn unicode_escaped_keys_and_pointer_escapes() {
    let doc = json("{\"a/b~c\": {\"é\\n\": \"ü\"}}");
    let out = doc.apply(&set("/a~1b~0c", "é\n", json!("ö"))).unwrap();
    assert_eq!(out.text(), "{\"a/b~c\": {\"é\\n\": \"ö\"}}");
    let out = out.apply(&set("/a~1b~0c", "new\"key", json!(1))).unwrap();
    assert_eq!(
        out.text(),
        "{\"a/b~c\": {\"é\\n\": \"ö\", \"new\\\"key\": 1}}"
    );
    assert!(matches!(
        doc.apply(&set("/nope", "k", json!(1))),
        Err(EditError::NoSuchNode { .. })
    ));
}

const MACHINE: &str = r#"{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.x", "BooleanEquals": true, "Next": "B"},
        {"And": [{"Variable": "$.y", "IsPresent": true}], "Next": "A"}
      ],
      "Default": "A"
    },
    "B": {
      "Type": "Parallel",
      "Branches": [
        {
          "StartAt": "A",
          "States": {
            "A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Succeed"}
          }
        }
      ],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}],
      "Next": "Done"
    },
    "Done": {"Type": "Succeed"}
  }
}
"#;

#[test]
fn rename_updates_references_in_its_scope_only() {
    let doc = json(MACHINE);
    let out = doc
        .apply(&Edit::RenameState {
            scope: String::new(),
            from: "A".into(),
            to: "First".into(),
        })
        .unwrap();
    let v = out.to_value();
    assert_eq!(v["StartAt"], "First");
    assert_eq!(v["States"]["First"]["Default"], "First");
    assert_eq!(v["States"]["First"]["Choices"][1]["Next"], "First");
    assert_eq!(v["States"]["B"]["Catch"][0]["Next"], "First");
    // The branch's own A is another state.
    assert_eq!(v["States"]["B"]["Branches"][0]["StartAt"], "A");
    assert!(v["States"]["B"]["Branches"][0]["States"]["A"].is_object());
    let changed = MACHINE
        .lines()
        .zip(out.text().lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 5);

    let branch = "/States/B/Branches/0";
    let out = doc
        .apply(&Edit::RenameState {
            scope: branch.into(),
            from: "C".into(),
            to: "End".into(),
        })
        .unwrap();
    assert_eq!(
        out.to_value()["States"]["B"]["Branches"][0]["States"]["A"]["Next"],
        "End"
    );
    assert_eq!(
        doc.apply(&Edit::RenameState {
            scope: String::new(),
            from: "A".into(),
            to: "B".into()
        })
        .unwrap_err(),
        EditError::StateNameTaken {
            scope: String::new(),
            name: "B".into()
        }
    );
    for bad in [String::new(), "x".repeat(81)] {
        assert!(matches!(
            doc.apply(&Edit::RenameState {
                scope: String::new(),
                from: "A".into(),
                to: bad
            }),
            Err(EditError::InvalidStateName { .. })
        ));
    }
    assert!(doc
        .apply(&Edit::RenameState {
            scope: String::new(),
            from: "A".into(),
            to: "é".repeat(80)
        })
        .is_ok());
}

#[test]
fn move_refuses_crossing_transitions_and_names_them() {
    let doc = json(MACHINE);
    let err = doc
        .apply(&Edit::MoveState {
            from_scope: String::new(),
            to_scope: "/States/B/Branches/0".into(),
            name: "Done".into(),
        })
        .unwrap_err();
    assert_eq!(
        err,
        EditError::CrossScopeTransitions {
            name: "Done".into(),
            references: vec!["/States/B/Next".into()]
        }
    );
    assert!(err.to_string().contains("/States/B/Next"));
    let err = doc
        .apply(&Edit::MoveState {
            from_scope: String::new(),
            to_scope: "/States/B/Branches/0".into(),
            name: "B".into(),
        })
        .unwrap_err();
    assert!(matches!(err, EditError::MoveIntoItself { .. }), "{err}");
}

#[test]
fn move_into_and_out_of_a_branch() {
    let doc = json(MACHINE);
    let doc = doc
        .apply(&Edit::AddState {
            scope: String::new(),
            name: "Loose".into(),
            state: json!({"Type": "Pass", "End": true}),
            after: Some("B".into()),
        })
        .unwrap();
    let names = |d: &Document, p: &str| -> Vec<String> {
        d.to_value()
            .pointer(p)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(names(&doc, "/States"), ["A", "B", "Loose", "Done"]);
    let branch = "/States/B/Branches/0";
    let moved = doc
        .apply(&Edit::MoveState {
            from_scope: String::new(),
            to_scope: branch.into(),
            name: "Loose".into(),
        })
        .unwrap();
    assert_eq!(names(&moved, "/States"), ["A", "B", "Done"]);
    assert_eq!(
        names(&moved, &format!("{branch}/States")),
        ["A", "C", "Loose"]
    );
    let back = moved
        .apply(&Edit::MoveState {
            from_scope: branch.into(),
            to_scope: String::new(),
            name: "Loose".into(),
        })
        .unwrap();
    assert_eq!(names(&back, "/States"), ["A", "B", "Done", "Loose"]);
}

#[test]
fn yaml_block_edits_keep_comments_and_layout() {
    let text = "# top\nStartAt: A\nStates:\n  A:\n    Type: Pass # inline\n    Next: B\n  B:\n    Type: Succeed\n";
    let doc = yaml(text);
    let out = doc
        .apply(&set("/States/A", "Comment", json!("hi: there")))
        .unwrap();
    assert_eq!(
        out.text(),
        "# top\nStartAt: A\nStates:\n  A:\n    Type: Pass # inline\n    Next: B\n    Comment: \"hi: there\"\n  B:\n    Type: Succeed\n"
    );
    let out = doc
        .apply(&Edit::RenameState {
            scope: String::new(),
            from: "B".into(),
            to: "Done".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "# top\nStartAt: A\nStates:\n  A:\n    Type: Pass # inline\n    Next: Done\n  Done:\n    Type: Succeed\n"
    );
    let out = doc
        .apply(&set(
            "/States/A",
            "Parameters",
            json!({"x.$": "$.y", "l": [1, {"a": 2}]}),
        ))
        .unwrap();
    assert_eq!(
        out.text(),
        "# top\nStartAt: A\nStates:\n  A:\n    Type: Pass # inline\n    Next: B\n    Parameters:\n      x.$: $.y\n      l:\n        - 1\n        - a: 2\n  B:\n    Type: Succeed\n"
    );
    let out = doc
        .apply(&Edit::RemoveField {
            pointer: "/States/A".into(),
            key: "Type".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "# top\nStartAt: A\nStates:\n  A:\n    Next: B\n  B:\n    Type: Succeed\n"
    );
}

#[test]
fn yaml_sequences_flow_collections_and_quoted_scalars() {
    let text = "L:\n  - a: 1\n    b: 2\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 'single'\n";
    let doc = yaml(text);
    let out = doc
        .apply(&Edit::InsertItem {
            pointer: "/L".into(),
            index: 1,
            value: json!({"c": [true]}),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - a: 1\n    b: 2\n  - c:\n      - true\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 'single'\n"
    );
    let out = doc
        .apply(&Edit::RemoveField {
            pointer: "/L/0".into(),
            key: "a".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - b: 2\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 'single'\n"
    );
    let out = doc.apply(&set("/F", "c", json!({"d": "e f"}))).unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - a: 1\n    b: 2\n  - x\nF: {a: 1, b: [1, 2], \"c\": {\"d\": \"e f\"}}\nQ: 'single'\n"
    );
    // A quoted scalar keeps its quotes.
    let out = doc.apply(&set("", "Q", json!("it's 10"))).unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - a: 1\n    b: 2\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 'it''s 10'\n"
    );
    let out = doc.apply(&set("", "Q", json!(10))).unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - a: 1\n    b: 2\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 10\n"
    );
    // A flow collection stays flow.
    let out = doc.apply(&set("", "F", json!({"z": [true]}))).unwrap();
    assert_eq!(
        out.text(),
        "L:\n  - a: 1\n    b: 2\n  - x\nF: {\"z\": [true]}\nQ: 'single'\n"
    );
    let out = doc
        .apply(&Edit::RemoveItem {
            pointer: "/L".into(),
            index: 0,
        })
        .unwrap();
    assert_eq!(out.text(), "L:\n  - x\nF: {a: 1, b: [1, 2]}\nQ: 'single'\n");
}

#[test]
fn yaml_block_scalar_value_is_replaced_whole() {
    let doc = yaml("A:\n  B: |\n    line one\n    line two\n  C: 1\n");
    let out = doc.apply(&set("/A", "B", json!("short"))).unwrap();
    assert_eq!(out.text(), "A:\n  B: short\n  C: 1\n");
}

#[test]
fn edits_round_trip_through_serde() {
    let edit = Edit::Batch(vec![
        set("/States/A", "Comment", json!("x")),
        Edit::MoveState {
            from_scope: String::new(),
            to_scope: "/States/P/Branches/0".into(),
            name: "A".into(),
        },
    ]);
    let text = serde_json::to_string(&edit).unwrap();
    assert_eq!(serde_json::from_str::<Edit>(&text).unwrap(), edit);
}

#[test]
fn a_moved_state_keeps_its_own_layout_re_indented() {
    let text = "{\n  \"StartAt\": \"P\",\n  \"States\": {\n    \"P\": {\n      \"Type\": \"Parallel\",\n      \"Branches\": [\n        {\n          \"StartAt\": \"B\",\n          \"States\": {\n            \"B\": {\"Type\": \"Succeed\"}\n          }\n        }\n      ],\n      \"End\": true\n    },\n    \"Loose\": {\n      \"Type\": \"Pass\",\n      \"Result\": [1, 2],\n      \"End\": true\n    }\n  }\n}\n";
    let out = json(text)
        .apply(&Edit::MoveState {
            from_scope: String::new(),
            to_scope: "/States/P/Branches/0".into(),
            name: "Loose".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "{\n  \"StartAt\": \"P\",\n  \"States\": {\n    \"P\": {\n      \"Type\": \"Parallel\",\n      \"Branches\": [\n        {\n          \"StartAt\": \"B\",\n          \"States\": {\n            \"B\": {\"Type\": \"Succeed\"},\n            \"Loose\": {\n              \"Type\": \"Pass\",\n              \"Result\": [1, 2],\n              \"End\": true\n            }\n          }\n        }\n      ],\n      \"End\": true\n    }\n  }\n}\n"
    );

    let yaml_text = "StartAt: P\nStates:\n  P:\n    Type: Parallel\n    Branches:\n      - StartAt: B\n        States:\n          B:\n            Type: Succeed\n    End: true\n  Loose:\n    Type: Pass # keep me\n    Result: [1, 2]\n    End: true\n";
    let out = yaml(yaml_text)
        .apply(&Edit::MoveState {
            from_scope: String::new(),
            to_scope: "/States/P/Branches/0".into(),
            name: "Loose".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "StartAt: P\nStates:\n  P:\n    Type: Parallel\n    Branches:\n      - StartAt: B\n        States:\n          B:\n            Type: Succeed\n          Loose:\n            Type: Pass # keep me\n            Result: [1, 2]\n            End: true\n    End: true\n"
    );
}

fn text_after(doc: &Document, edit: &Edit) -> String {
    doc.apply(edit)
        .unwrap_or_else(|e| panic!("{edit:?}: {e}"))
        .text()
        .to_owned()
}

#[test]
fn json_edge_layouts() {
    // An empty object written over lines, and a BOM.
    let doc = Document::from_bytes(b"\xEF\xBB\xBF{\n  \"a\": {\n  }\n}", Format::Json).unwrap();
    assert_eq!(
        text_after(&doc, &set("/a", "k", json!(1))),
        "\u{feff}{\n  \"a\": {\n    \"k\": 1\n  }\n}"
    );
    // Inline arrays: insert first, middle, last; remove.
    let doc = json("{\n  \"l\": [1, 2]\n}");
    let insert = |index, v: Value| Edit::InsertItem {
        pointer: "/l".into(),
        index,
        value: v,
    };
    assert_eq!(
        text_after(&doc, &insert(0, json!(0))),
        "{\n  \"l\": [0, 1, 2]\n}"
    );
    assert_eq!(
        text_after(&doc, &insert(1, json!({"a": 1}))),
        "{\n  \"l\": [1, {\"a\": 1}, 2]\n}"
    );
    assert_eq!(
        text_after(&doc, &insert(2, json!("x"))),
        "{\n  \"l\": [1, 2, \"x\"]\n}"
    );
    assert_eq!(
        doc.apply(&insert(3, json!(0))).unwrap_err(),
        EditError::IndexOutOfRange {
            pointer: "/l".into(),
            index: 3,
            len: 2
        }
    );
    let remove = |index| Edit::RemoveItem {
        pointer: "/l".into(),
        index,
    };
    assert_eq!(text_after(&doc, &remove(0)), "{\n  \"l\": [2]\n}");
    assert_eq!(text_after(&doc, &remove(1)), "{\n  \"l\": [1]\n}");
    // Multi-line arrays.
    let doc = json("{\n  \"l\": [\n    1,\n    2\n  ]\n}");
    assert_eq!(
        text_after(&doc, &insert(0, json!(0))),
        "{\n  \"l\": [\n    0,\n    1,\n    2\n  ]\n}"
    );
    assert_eq!(
        text_after(&doc, &insert(2, json!([3]))),
        "{\n  \"l\": [\n    1,\n    2,\n    [\n      3\n    ]\n  ]\n}"
    );
    // Replacing the root, and a value in the middle of a line.
    let doc = json("{\"a\": [1, 2], \"b\": true}");
    assert_eq!(
        text_after(
            &doc,
            &Edit::SetValue {
                pointer: "/a/1".into(),
                value: json!({"x": null})
            }
        ),
        "{\"a\": [1, {\"x\": null}], \"b\": true}"
    );
    assert_eq!(
        text_after(
            &doc,
            &Edit::SetValue {
                pointer: String::new(),
                value: json!([])
            }
        ),
        "[]"
    );
}

#[test]
fn duplicate_keys_edit_the_value_that_counts() {
    // Readers keep the last of duplicated keys; the edit changes that one, and removal removes all.
    let doc = json("{\n  \"a\": 1,\n  \"a\": 2,\n  \"b\": 3\n}");
    assert_eq!(
        text_after(&doc, &set("", "a", json!(5))),
        "{\n  \"a\": 1,\n  \"a\": 5,\n  \"b\": 3\n}"
    );
    assert_eq!(
        text_after(
            &doc,
            &Edit::RemoveField {
                pointer: String::new(),
                key: "a".into()
            }
        ),
        "{\n  \"b\": 3\n}"
    );
}

#[test]
fn wrong_targets_are_reported() {
    let doc = json("{\"a\": [1], \"s\": \"x\"}");
    assert_eq!(
        doc.apply(&set("/a", "k", json!(1))).unwrap_err(),
        EditError::NotAnObject {
            pointer: "/a".into(),
            found: "array"
        }
    );
    assert_eq!(
        doc.apply(&Edit::RemoveItem {
            pointer: "/s".into(),
            index: 0
        })
        .unwrap_err(),
        EditError::NotAnArray {
            pointer: "/s".into(),
            found: "string"
        }
    );
    let err = doc
        .apply(&Edit::AddState {
            scope: "/a".into(),
            name: "X".into(),
            state: json!({}),
            after: None,
        })
        .unwrap_err();
    assert_eq!(
        err,
        EditError::NotAScope {
            pointer: "/a".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "/a: not a scope of states (a state machine, Parallel branch or Map processor with a States object)"
    );
    let err = json(MACHINE)
        .apply(&Edit::RemoveState {
            scope: String::new(),
            name: "Nope".into(),
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "(top level): there is no state named \"Nope\""
    );
}

#[test]
fn states_with_slashes_and_tildes_in_their_names() {
    let doc = json(
        "{\"StartAt\": \"a/b~c\", \"States\": {\"a/b~c\": {\"Type\": \"Pass\", \"End\": true}}}",
    );
    let out = doc
        .apply(&Edit::RenameState {
            scope: String::new(),
            from: "a/b~c".into(),
            to: "x/y".into(),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "{\"StartAt\": \"x/y\", \"States\": {\"x/y\": {\"Type\": \"Pass\", \"End\": true}}}"
    );
    let out = out
        .apply(&set("/States/x~1y", "Comment", json!("c")))
        .unwrap();
    assert_eq!(out.to_value()["States"]["x/y"]["Comment"], "c");
}

#[test]
fn add_state_creates_states_when_missing_and_keeps_order() {
    let doc = json("{\n  \"StartAt\": \"A\"\n}\n");
    let out = doc
        .apply(&Edit::AddState {
            scope: String::new(),
            name: "A".into(),
            state: json!({"Type": "Succeed"}),
            after: None,
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n"
    );
    let err = out
        .apply(&Edit::AddState {
            scope: String::new(),
            name: "B".into(),
            state: json!({}),
            after: Some("Z".into()),
        })
        .unwrap_err();
    assert!(matches!(err, EditError::NoSuchState { .. }));
}

#[test]
fn yaml_edge_layouts() {
    // An empty value, CRLF, a document marker, quoted keys.
    let doc =
        yaml("---\r\n\"StartAt\": A\r\nEmpty:\r\nStates:\r\n  'A':\r\n    Type: Pass\r\n...\r\n");
    assert_eq!(
        text_after(&doc, &set("", "Empty", json!({"x": 1}))),
        "---\r\n\"StartAt\": A\r\nEmpty:\r\n  x: 1\r\nStates:\r\n  'A':\r\n    Type: Pass\r\n...\r\n"
    );
    assert_eq!(
        text_after(
            &doc,
            &Edit::RenameState {
                scope: String::new(),
                from: "A".into(),
                to: "B c".into()
            }
        ),
        "---\r\n\"StartAt\": B c\r\nEmpty:\r\nStates:\r\n  \"B c\":\r\n    Type: Pass\r\n...\r\n"
    );
    assert_eq!(
        text_after(&doc, &set("/States/A", "Next", json!("B"))),
        "---\r\n\"StartAt\": A\r\nEmpty:\r\nStates:\r\n  'A':\r\n    Type: Pass\r\n    Next: B\r\n...\r\n"
    );
    // Sequences at their key's column, and a flow root.
    let doc = yaml("L:\n- a\n- b\nM: 1\n");
    assert_eq!(
        text_after(
            &doc,
            &Edit::InsertItem {
                pointer: "/L".into(),
                index: 0,
                value: json!({"k": "v"})
            }
        ),
        "L:\n- k: v\n- a\n- b\nM: 1\n"
    );
    assert_eq!(
        text_after(
            &doc,
            &Edit::RemoveItem {
                pointer: "/L".into(),
                index: 1
            }
        ),
        "L:\n- a\nM: 1\n"
    );
    let doc = yaml("{a: 1}\n");
    assert_eq!(
        text_after(&doc, &set("", "b", json!([2]))),
        "{a: 1, \"b\": [2]}\n"
    );
    // Removing the only member leaves an empty flow mapping.
    let doc = yaml("A:\n  B: 1\nC: 2\n");
    assert_eq!(
        text_after(
            &doc,
            &Edit::RemoveField {
                pointer: "/A".into(),
                key: "B".into()
            }
        ),
        "A: {}\nC: 2\n"
    );
    // Adding to an empty mapping makes it a block mapping.
    let doc = yaml("A: {}\nC: 2\n");
    assert_eq!(
        text_after(&doc, &set("/A", "B", json!(1))),
        "A:\n  B: 1\nC: 2\n"
    );
}

#[test]
fn labels_name_the_change() {
    assert_eq!(
        Edit::RenameState {
            scope: String::new(),
            from: "A".into(),
            to: "B".into()
        }
        .label(),
        "Rename state A to B"
    );
    assert_eq!(
        set("/States/A", "Comment", json!("x")).label(),
        "Set Comment of A"
    );
    assert_eq!(
        Edit::Batch(vec![set("", "Comment", json!(1))]).label(),
        "Set Comment of the workflow"
    );
}

#[test]
fn names_are_unique_across_the_whole_machine_as_validation_requires() {
    // SC1011: AWS rejects a branch state named like a top-level state; the edits refuse it too.
    let doc = Document::parse(
        r#"{"StartAt":"P","States":{
            "P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],"Next":"Done"},
            "Done":{"Type":"Succeed"}}}"#,
        Format::Json,
    )
    .expect("parses");
    let rename = Edit::RenameState {
        scope: "/States/P/Branches/0".into(),
        from: "B".into(),
        to: "Done".into(),
    };
    match doc.apply(&rename) {
        Err(EditError::StateNameTaken { scope, name }) => {
            assert_eq!(scope, "");
            assert_eq!(name, "Done");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let add = Edit::AddState {
        scope: String::new(),
        name: "B".into(),
        state: serde_json::json!({"Type": "Pass", "End": true}),
        after: None,
    };
    match doc.apply(&add) {
        Err(EditError::StateNameTaken { scope, .. }) => assert_eq!(scope, "/States/P/Branches/0"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // What the edits accept, validation accepts: a fresh name passes both.
    let ok = doc
        .apply(&Edit::RenameState {
            scope: "/States/P/Branches/0".into(),
            from: "B".into(),
            to: "Branch step".into(),
        })
        .expect("a fresh name");
    assert!(crate::validate::validate(&ok)
        .iter()
        .all(|d| d.code != "SC1011"));
}

#[test]
fn replace_field_keeps_the_members_place() {
    let replace = |from: &str, to: &str, value: Value| Edit::ReplaceField {
        pointer: "/States/A".into(),
        from: from.into(),
        to: to.into(),
        value,
    };
    let doc = json("{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\", \"Comment\": \"c\"}, \"B\": {\"Type\": \"Succeed\"}}}");
    let out = doc.apply(&replace("Next", "End", json!(true))).unwrap();
    assert_eq!(
        out.text(),
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true, \"Comment\": \"c\"}, \"B\": {\"Type\": \"Succeed\"}}}"
    );
    // A member of the new name already there goes first.
    let both = json("{\"States\": {\"A\": {\"Next\": \"B\", \"End\": false}}}");
    let out = both.apply(&replace("Next", "End", json!(true))).unwrap();
    assert_eq!(out.to_value()["States"]["A"], json!({"End": true}));
    let err = doc.apply(&replace("Nope", "End", json!(true))).unwrap_err();
    assert!(matches!(err, EditError::NoSuchField { .. }), "{err:?}");

    let doc = yaml("States:\n  A:\n    Type: Pass\n    End: true # stop\n    Comment: c\n");
    let out = doc.apply(&replace("End", "Next", json!("B"))).unwrap();
    assert_eq!(
        out.text(),
        "States:\n  A:\n    Type: Pass\n    Next: B # stop\n    Comment: c\n"
    );
    assert_eq!(replace("End", "Next", json!("B")).label(), "Set Next of A");
}

#[test]
fn add_state_before_goes_above_the_first_state_and_its_comments() {
    let before = |name: &str, before: &str| Edit::AddStateBefore {
        scope: String::new(),
        name: name.into(),
        state: json!({"Type": "Pass", "Next": before}),
        before: before.into(),
    };
    let doc = json("{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Succeed\"\n    },\n    \"B\": {\"Type\": \"Succeed\"}\n  }\n}\n");
    let out = doc.apply(&before("New", "A")).unwrap();
    assert_eq!(
        out.text(),
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"New\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"A\"\n    },\n    \"A\": {\n      \"Type\": \"Succeed\"\n    },\n    \"B\": {\"Type\": \"Succeed\"}\n  }\n}\n"
    );
    let out = doc.apply(&before("New", "B")).unwrap();
    let names: Vec<String> = out.to_value()["States"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(names, ["A", "New", "B"]);
    let one_line = json("{\"States\": {\"A\": {\"Type\": \"Succeed\"}}}");
    assert_eq!(
        one_line.apply(&before("New", "A")).unwrap().text(),
        "{\"States\": {\"New\": {\"Type\": \"Pass\", \"Next\": \"A\"}, \"A\": {\"Type\": \"Succeed\"}}}"
    );
    let doc = yaml("StartAt: A\nStates:\n  # the first one\n  A:\n    Type: Succeed # done\n");
    assert_eq!(
        doc.apply(&before("New", "A")).unwrap().text(),
        "StartAt: A\nStates:\n  New:\n    Type: Pass\n    Next: A\n  # the first one\n  A:\n    Type: Succeed # done\n"
    );
    // In a flow collection, new text is flow JSON, as everywhere else.
    let flow = yaml("States: {A: {Type: Succeed}}\n");
    let out = flow.apply(&before("New", "A")).unwrap();
    assert_eq!(
        out.text(),
        "States: {\"New\": {\"Type\": \"Pass\", \"Next\": \"A\"}, A: {Type: Succeed}}\n"
    );
    let err = doc.apply(&before("New", "Nope")).unwrap_err();
    assert!(matches!(err, EditError::NoSuchState { .. }), "{err:?}");
    let err = doc.apply(&before("A", "A")).unwrap_err();
    assert!(matches!(err, EditError::StateNameTaken { .. }), "{err:?}");
}

#[test]
fn removing_a_yaml_state_takes_the_comment_above_it_along() {
    let doc = yaml(
        "# top\nStates:\n  # about A\n  # more about A\n  A:\n    Type: Pass # inline\n    Next: B\n\n  # about B\n  B:\n    Type: Succeed\n# the end\n",
    );
    let remove = |name: &str| Edit::RemoveState {
        scope: String::new(),
        name: name.into(),
    };
    assert_eq!(
        doc.apply(&remove("A")).unwrap().text(),
        "# top\nStates:\n\n  # about B\n  B:\n    Type: Succeed\n# the end\n"
    );
    assert_eq!(
        doc.apply(&remove("B")).unwrap().text(),
        "# top\nStates:\n  # about A\n  # more about A\n  A:\n    Type: Pass # inline\n    Next: B\n\n# the end\n"
    );
    // What is added after A goes above B's comment, not between it and B.
    let out = doc
        .apply(&Edit::AddState {
            scope: String::new(),
            name: "New".into(),
            state: json!({"Type": "Succeed"}),
            after: Some("A".into()),
        })
        .unwrap();
    assert_eq!(
        out.text(),
        "# top\nStates:\n  # about A\n  # more about A\n  A:\n    Type: Pass # inline\n    Next: B\n  New:\n    Type: Succeed\n\n  # about B\n  B:\n    Type: Succeed\n# the end\n"
    );
    let out = doc.apply(&set("/States/A", "Comment", json!("c"))).unwrap();
    assert_eq!(
        out.text(),
        "# top\nStates:\n  # about A\n  # more about A\n  A:\n    Type: Pass # inline\n    Next: B\n    Comment: c\n\n  # about B\n  B:\n    Type: Succeed\n# the end\n"
    );
}

#[test]
fn undo_labels_say_where_in_words() {
    use super::in_words;
    assert_eq!(
        in_words("/States/Charge payment/Retry/0/JitterStrategy"),
        "Retry 1 \u{203a} JitterStrategy of Charge payment"
    );
    assert_eq!(
        in_words("/States/P/Branches/1/States/Inner/Catch/2"),
        "Catch 3 of Inner"
    );
    assert_eq!(in_words("/States/A~1B/Comment"), "Comment of A/B");
    assert_eq!(in_words("/Comment"), "Comment of the workflow");
    assert_eq!(in_words("/States/A"), "A");
    assert_eq!(
        Edit::RemoveItem {
            pointer: "/States/A/Retry".into(),
            index: 0
        }
        .label(),
        "Remove Retry 1 of A"
    );
}
