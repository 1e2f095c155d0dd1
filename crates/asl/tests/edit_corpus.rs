//! Format-preserving edits over every corpus workflow, as JSON and as YAML: each edit reparses to
//! the value computed independently on serde_json values, and the line diff touches only the lines
//! that had to change.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use common::line_changes;

use serde_json::{json, Map, Value};
use statecraft_asl::edit::{ordered_eq, Edit, EditError};
use statecraft_asl::format::yaml_text;
use statecraft_asl::{Document, Format};

/// Lines removed and lines added between two texts.
fn apply(name: &str, doc: &Document, edit: &Edit, expected: &Value) -> Document {
    let out = doc
        .apply(edit)
        .unwrap_or_else(|e| panic!("{name}: {edit:?}: {e}"));
    let reparsed = Document::from_bytes(out.text().as_bytes(), doc.format()).unwrap();
    if doc.format() == Format::Yaml && !matches!(edit, Edit::RemoveField { .. }) {
        let comments =
            |t: &str| t.matches(" # the state's type").count() + t.matches("# the end").count();
        assert_eq!(
            comments(out.text()),
            comments(doc.text()),
            "{name}: {edit:?} lost a comment:\n{}",
            out.text()
        );
    }
    assert!(
        ordered_eq(&reparsed.to_value(), expected),
        "{name}: {edit:?} gave another value:\n{}",
        out.text()
    );
    out
}

fn first_state(value: &Value) -> Option<(String, Map<String, Value>)> {
    let (name, state) = value["States"].as_object()?.iter().next()?;
    Some((name.clone(), state.as_object()?.clone()))
}

fn states_mut<'a>(value: &'a mut Value, scope: &str) -> &'a mut Map<String, Value> {
    value
        .pointer_mut(&format!("{scope}/States"))
        .and_then(Value::as_object_mut)
        .unwrap()
}

/// The value after renaming a state, computed here independently of the edit code.
fn renamed(value: &Value, from: &str, to: &str) -> (Value, usize) {
    let mut v = value.clone();
    let mut references = 0;
    let mut retarget = |slot: Option<&mut Value>| {
        if let Some(slot) = slot {
            if slot.as_str() == Some(from) {
                *slot = json!(to);
                references += 1;
            }
        }
    };
    retarget(v.get_mut("StartAt"));
    let states = v["States"].as_object_mut().unwrap();
    let old = std::mem::take(states);
    for (name, mut state) in old {
        retarget(state.get_mut("Next"));
        retarget(state.get_mut("Default"));
        for list in ["Choices", "Catch"] {
            if let Some(rules) = state.get_mut(list).and_then(Value::as_array_mut) {
                for rule in rules {
                    retarget(rule.get_mut("Next"));
                }
            }
        }
        states.insert(if name == from { to.to_owned() } else { name }, state);
    }
    (v, references)
}

/// Pointers of the scopes nested directly in the top-level states: Parallel branches and Map
/// processors.
fn nested_scopes(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (name, state) in value["States"].as_object().into_iter().flatten() {
        let base = format!("/States/{}", name.replace('~', "~0").replace('/', "~1"));
        if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
            for (i, b) in branches.iter().enumerate() {
                if b.get("States").is_some_and(Value::is_object) {
                    out.push(format!("{base}/Branches/{i}"));
                }
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            if state
                .get(key)
                .and_then(|p| p.get("States"))
                .is_some_and(Value::is_object)
            {
                out.push(format!("{base}/{key}"));
            }
        }
    }
    out
}

#[derive(Default, Debug)]
struct Counts {
    files: usize,
    set_existing: usize,
    set_new: usize,
    removed: usize,
    added_states: usize,
    renamed: usize,
    moved: usize,
    refused_moves: usize,
}

fn run_edits(name: &str, doc: &Document, counts: &mut Counts) {
    let value = doc.to_value();
    let Some((first, state)) = first_state(&value) else {
        return;
    };
    counts.files += 1;
    let first_ptr = format!("/States/{}", first.replace('~', "~0").replace('/', "~1"));

    // 1. Set an existing scalar field of the first state: exactly one changed line.
    if let Some((key, _)) = state.iter().find(|(_, v)| v.is_string()) {
        let mut expected = value.clone();
        expected.pointer_mut(&first_ptr).unwrap()[key] = json!("Edited by the corpus test");
        let edit = Edit::SetField {
            pointer: first_ptr.clone(),
            key: key.clone(),
            value: json!("Edited by the corpus test"),
        };
        let out = apply(name, doc, &edit, &expected);
        assert_eq!(
            line_changes(doc.text(), out.text()),
            (1, 1),
            "{name}: set {key}"
        );
        counts.set_existing += 1;
    }

    // 2. Set a new field: one line added (and, in JSON, the line before gains a comma).
    {
        let key = "NewCommentField";
        let mut expected = value.clone();
        expected.pointer_mut(&first_ptr).unwrap()[key] = json!("hello: world # not a comment");
        let edit = Edit::SetField {
            pointer: first_ptr.clone(),
            key: key.into(),
            value: json!("hello: world # not a comment"),
        };
        let out = apply(name, doc, &edit, &expected);
        let (removed, added) = line_changes(doc.text(), out.text());
        let one_line_state = !doc
            .slice(doc.node_at(&first_ptr).unwrap().span)
            .contains('\n');
        match doc.format() {
            Format::Yaml => assert_eq!((removed, added), (0, 1), "{name}: add field"),
            Format::Json if one_line_state => {
                assert_eq!((removed, added), (1, 1), "{name}: add field")
            }
            Format::Json => assert_eq!((removed, added), (1, 2), "{name}: add field"),
        }
        counts.set_new += 1;
    }

    // 3. Remove the first state's last field.
    if let Some((key, _)) = state.iter().next_back().filter(|_| state.len() > 1) {
        let mut expected = value.clone();
        expected
            .pointer_mut(&first_ptr)
            .unwrap()
            .as_object_mut()
            .unwrap()
            .shift_remove(key);
        let edit = Edit::RemoveField {
            pointer: first_ptr.clone(),
            key: key.clone(),
        };
        let out = apply(name, doc, &edit, &expected);
        let (_, added) = line_changes(doc.text(), out.text());
        assert!(added <= 1, "{name}: remove {key} added {added} lines");
        counts.removed += 1;
    }

    // 4. Add a state after the first one: only new lines (plus a comma in JSON).
    {
        let new_state =
            json!({"Type": "Pass", "Comment": "added", "Result": {"a": [1, 2.5]}, "End": true});
        let mut expected = value.clone();
        states_mut(&mut expected, "").shift_insert(1, "Added state".into(), new_state.clone());
        let edit = Edit::AddState {
            scope: String::new(),
            name: "Added state".into(),
            state: new_state,
            after: Some(first.clone()),
        };
        let out = apply(name, doc, &edit, &expected);
        let (removed, _) = line_changes(doc.text(), out.text());
        assert!(removed <= 1, "{name}: add state removed {removed} lines");
        counts.added_states += 1;

        // 5. Move the new state into each Parallel branch / Map processor, and refuse to move the
        // start state out of its scope.
        for scope in nested_scopes(&value) {
            let mut expected_moved = expected.clone();
            let moved_state = states_mut(&mut expected_moved, "")
                .shift_remove("Added state")
                .unwrap();
            let target = states_mut(&mut expected_moved, &scope);
            if target.contains_key("Added state") {
                continue;
            }
            target.insert("Added state".into(), moved_state);
            let edit = Edit::MoveState {
                from_scope: String::new(),
                to_scope: scope.clone(),
                name: "Added state".into(),
            };
            let moved = apply(name, &out, &edit, &expected_moved);
            // The state's lines leave one place and arrive in the other (plus commas in JSON).
            let state_lines = out
                .slice(out.node_at("/States/Added state").unwrap().span)
                .lines()
                .count();
            let (removed, added) = line_changes(out.text(), moved.text());
            assert!(
                removed <= state_lines + 2 && added <= state_lines + 2,
                "{name}: moving a {state_lines}-line state removed {removed} and added {added} lines"
            );
            counts.moved += 1;

            let start = value["StartAt"].as_str().unwrap();
            if value.pointer(&format!("{scope}/States/{start}")).is_none() {
                let err = out
                    .apply(&Edit::MoveState {
                        from_scope: String::new(),
                        to_scope: scope.clone(),
                        name: start.into(),
                    })
                    .unwrap_err();
                match err {
                    EditError::CrossScopeTransitions { references, .. } => {
                        assert!(
                            references.contains(&"/StartAt".to_owned()),
                            "{name}: {references:?}"
                        )
                    }
                    EditError::MoveIntoItself { .. } => {}
                    other => panic!("{name}: unexpected {other}"),
                }
                counts.refused_moves += 1;
            }
        }
    }

    // 6. Rename the start state: every reference in the top-level scope, nothing else.
    if let Some(start) = value["StartAt"]
        .as_str()
        .filter(|s| value["States"].get(s).is_some())
    {
        let to = "Renamed start ✓";
        let (expected, references) = renamed(&value, start, to);
        let edit = Edit::RenameState {
            scope: String::new(),
            from: start.into(),
            to: to.into(),
        };
        let out = apply(name, doc, &edit, &expected);
        let (removed, added) = line_changes(doc.text(), out.text());
        assert_eq!(removed, added, "{name}: rename changes lines in place");
        assert!(
            removed <= references + 1,
            "{name}: rename changed {removed} lines for {references} references"
        );
        counts.renamed += 1;
    }
}

/// JSON text in another layout: CRLF line breaks, tab indentation, or minified.
fn json_variant(text: &str, variant: &str) -> String {
    match variant {
        "crlf" => text.replace("\r\n", "\n").replace('\n', "\r\n"),
        "tabs" => text
            .lines()
            .map(|line| {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                format!(
                    "{}{}{}",
                    "\t".repeat(spaces / 2),
                    " ".repeat(spaces % 2),
                    &line[spaces..]
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => serde_json::to_string(&serde_json::from_str::<Value>(text).unwrap()).unwrap(),
    }
}

/// A hand-written YAML style unlike the canonical one: four-space indentation, sequences at their
/// key's column, single-quoted strings, and comments (which every edit must keep).
fn yaml_alt(value: &Value) -> String {
    fn scalar(v: &Value) -> String {
        match v {
            Value::String(s)
                if !s.is_empty()
                    && s.chars().all(|c| c.is_ascii_alphabetic())
                    && !["null", "true", "false"].contains(&s.to_ascii_lowercase().as_str()) =>
            {
                s.clone()
            }
            Value::String(s) if !s.chars().any(char::is_control) => {
                format!("'{}'", s.replace('\'', "''"))
            }
            Value::Object(_) => "{}".into(),
            Value::Array(_) => "[]".into(),
            other => other.to_string(),
        }
    }
    fn key(k: &str) -> String {
        scalar(&json!(k))
    }
    fn tail(out: &mut String, v: &Value, col: usize) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, v) in m {
                    out.push_str(&format!("\n{}{}:", " ".repeat(col + 4), key(k)));
                    tail(out, v, col + 4);
                    if k == "Type" {
                        out.push_str(" # the state's type");
                    }
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for item in a {
                    out.push_str(&format!("\n{}-", " ".repeat(col)));
                    match item {
                        Value::Object(m) if !m.is_empty() => {
                            for (i, (k, v)) in m.iter().enumerate() {
                                if i == 0 {
                                    out.push(' ');
                                } else {
                                    out.push_str(&format!("\n{}", " ".repeat(col + 2)));
                                }
                                out.push_str(&format!("{}:", key(k)));
                                tail(out, v, col + 2);
                            }
                        }
                        Value::Array(_) => {
                            out.push(' ');
                            out.push_str(&serde_json::to_string(item).unwrap());
                        }
                        other => out.push_str(&format!(" {}", scalar(other))),
                    }
                }
            }
            other => out.push_str(&format!(" {}", scalar(other))),
        }
    }
    let mut out = String::from("# A workflow, hand-written\n---");
    for (k, v) in value.as_object().unwrap() {
        out.push_str(&format!("\n{}:", key(k)));
        tail(&mut out, v, 0);
    }
    out.push_str("\n# the end\n");
    out
}

#[test]
fn edits_over_json_variants_crlf_tabs_minified() {
    for variant in ["crlf", "tabs", "minified"] {
        let mut counts = Counts::default();
        for path in common::workflows() {
            let text = json_variant(&std::fs::read_to_string(&path).unwrap(), variant);
            let doc = Document::parse(text, Format::Json).unwrap();
            run_edits(
                &format!("{} ({variant})", path.display()),
                &doc,
                &mut counts,
            );
        }
        println!("JSON {variant} edits: {counts:?}");
        assert!(counts.files >= 200);
    }
}

#[test]
fn edits_over_hand_written_style_yaml_keep_comments() {
    let mut counts = Counts::default();
    for path in common::workflows() {
        let value = Document::load(&path).unwrap().to_value();
        let text = yaml_alt(&value);
        let name = format!("{} (hand-written YAML)", path.display());
        let doc = Document::parse(text.as_str(), Format::Yaml)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert!(ordered_eq(&doc.to_value(), &value), "{name}: emitter");
        run_edits(&name, &doc, &mut counts);
    }
    println!("hand-written YAML edits: {counts:?}");
    assert!(counts.files >= 200);
}

#[test]
fn edits_over_every_corpus_workflow_as_json() {
    let mut counts = Counts::default();
    for path in common::workflows() {
        let doc = Document::load(&path).unwrap();
        run_edits(&path.display().to_string(), &doc, &mut counts);
    }
    println!("JSON edits: {counts:?}");
    assert!(counts.files >= 200);
}

#[test]
fn edits_over_yaml_versions_of_every_corpus_workflow() {
    let mut counts = Counts::default();
    for path in common::workflows() {
        let value = Document::load(&path).unwrap().to_value();
        let doc = Document::parse(yaml_text(&value), Format::Yaml).unwrap();
        run_edits(&format!("{} (as YAML)", path.display()), &doc, &mut counts);
    }
    println!("YAML edits: {counts:?}");
    assert!(counts.files >= 200);
}
