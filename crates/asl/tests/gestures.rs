//! Designer gestures as edits, on small corpus workflows (JSON, and one as commented YAML): each
//! gesture's edit leaves the diff a person would make, keeps YAML comments, and validates where
//! the gesture should give a valid machine.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use common::{errors, gesture_fixture as fixture};
use serde_json::{json, Value};
use similar::{ChangeTag, TextDiff};
use statecraft_asl::catalog::{self, Snippet};
use statecraft_asl::edit::{Edit, EditError};
use statecraft_asl::gesture::{self, GestureError, RuleList, ScopePosition};
use statecraft_asl::graph::{EdgeKind, Graph, GraphEdge, Handle, NodeId};
use statecraft_asl::model::QueryLanguage;
use statecraft_asl::{Document, Format};

// ---- helpers ------------------------------------------------------------------------------------

fn entry(id: &str, language: QueryLanguage) -> Snippet {
    catalog::entry(id).unwrap().snippet(language)
}

fn pass() -> Snippet {
    entry("pass", QueryLanguage::JSONPath)
}

/// The changed lines, `-` removed and `+` added, trimmed, in diff order.
fn diff(before: &Document, after: &Document) -> Vec<String> {
    TextDiff::from_lines(before.text(), after.text())
        .iter_all_changes()
        .filter_map(|c| match c.tag() {
            ChangeTag::Delete => Some(format!("-{}", c.value().trim())),
            ChangeTag::Insert => Some(format!("+{}", c.value().trim())),
            ChangeTag::Equal => None,
        })
        .collect()
}

fn apply(doc: &Document, edit: Result<Edit, GestureError>) -> Document {
    let edit = edit.unwrap_or_else(|e| panic!("the gesture was refused: {e}"));
    doc.apply(&edit)
        .unwrap_or_else(|e| panic!("{edit:?} does not apply: {e}"))
}

fn assert_valid(doc: &Document) {
    let errors = errors(doc);
    assert!(errors.is_empty(), "{errors:#?}\n{}", doc.text());
}

/// The codes of the validation errors.
fn error_codes(doc: &Document) -> Vec<String> {
    errors(doc).iter().map(|e| e[..6].to_owned()).collect()
}

/// The Start marker's id as a string key.
const START_ID: &str = "#start";
/// The End marker's id as a string key.
const END_ID: &str = "#end";

/// The node id a string key (a state's pointer, `#start`, `#end`) stands for.
fn id(key: &str) -> NodeId {
    key.parse().unwrap_or_else(|e| panic!("{e}"))
}

/// `gesture::connect` with the nodes named by their string keys.
fn connect(doc: &Document, from: &str, handle: Handle, to: &str) -> Result<Edit, GestureError> {
    gesture::connect(doc, &id(from), handle, &id(to))
}

/// The edge leaving a node (by pointer, or the Start marker) from a handle.
fn edge(doc: &Document, from: &str, handle: Handle) -> GraphEdge {
    Graph::from_document(doc)
        .edge_from(&id(from), handle)
        .unwrap_or_else(|| panic!("no edge from {from} at {handle:?}"))
        .clone()
}

fn end_edge(doc: &Document, from: &str) -> GraphEdge {
    let graph = Graph::from_document(doc);
    let edge = graph
        .edges_into(&NodeId::End)
        .find(|e| e.from.state_pointer() == Some(from));
    edge.unwrap_or_else(|| panic!("{from} does not end"))
        .clone()
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| &l[i..]))
        .collect()
}

fn state<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    value
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer}"))
}

const BRANCH: &str = "/States/Parallel/Branches/1";

// ---- one-field changes: one-line diffs, JSON and YAML ---------------------------------------------

#[test]
fn one_field_changes_are_one_line_diffs_in_json_and_yaml_and_keep_comments() {
    for name in ["retry.asl.json", "retry.asl.yaml"] {
        let doc = fixture(name);
        // Connecting a state's output to another state: only its Next changes.
        let state = "/States/Call Amazon S3 ListObjectsV2";
        let out = apply(
            &doc,
            connect(&doc, state, Handle::Output, "/States/Fail State"),
        );
        let expected = if name.ends_with("json") {
            [
                "-\"Next\": \"Succeed State\",",
                "+\"Next\": \"Fail State\",",
            ]
        } else {
            ["-Next: Succeed State", "+Next: Fail State"]
        };
        assert_eq!(diff(&doc, &out), expected, "{name}");
        assert_eq!(comments(out.text()), comments(doc.text()), "{name}");

        // Deleting its Next edge: `End` takes `Next`'s place, one line.
        let out = apply(
            &doc,
            gesture::delete_edge(&doc, &edge(&doc, state, Handle::Output)),
        );
        let expected = if name.ends_with("json") {
            ["-\"Next\": \"Succeed State\",", "+\"End\": true,"]
        } else {
            ["-Next: Succeed State", "+End: true"]
        };
        assert_eq!(diff(&doc, &out), expected, "{name}");
        assert_eq!(comments(out.text()), comments(doc.text()), "{name}");

        // The inspector's Retry MaxAttempts field: one line, its comment kept.
        let out = doc
            .apply(&Edit::SetField {
                pointer: format!("{state}/Retry/0"),
                key: "MaxAttempts".into(),
                value: json!(5),
            })
            .unwrap();
        let expected = if name.ends_with("json") {
            ["-\"MaxAttempts\": 2,", "+\"MaxAttempts\": 5,"]
        } else {
            [
                "-MaxAttempts: 2 # two more tries",
                "+MaxAttempts: 5 # two more tries",
            ]
        };
        assert_eq!(diff(&doc, &out), expected, "{name}");
        assert_valid(&out);

        // Renaming a state updates its name and the one catcher that goes to it.
        let out = apply(
            &doc,
            gesture::rename_state(&doc, "/States/Fail State", "Give up"),
        );
        assert_eq!(diff(&doc, &out).len(), 4, "{name}: {:?}", diff(&doc, &out));
        assert_eq!(comments(out.text()), comments(doc.text()), "{name}");
        assert_valid(&out);
    }
}

// ---- dropping on edges ----------------------------------------------------------------------------

#[test]
fn a_pass_dropped_on_a_next_edge_splits_it() {
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::insert_on_edge(
            &doc,
            &edge(&doc, "/States/Parallel", Handle::Output),
            &pass(),
        ),
    );
    // "Pass" is taken (in a branch): the new state is "Pass 2", right after the Parallel state.
    assert_eq!(
        diff(&doc, &out),
        [
            "-\"Next\": \"Final State\",",
            "+\"Next\": \"Pass 2\",",
            "+\"Pass 2\": {",
            "+\"Type\": \"Pass\",",
            "+\"Next\": \"Final State\"",
            "+},",
        ]
    );
    assert!(out
        .text()
        .contains("\n        \"Pass 2\": {\n            \"Type\": \"Pass\",\n"));
    assert_valid(&out);
}

#[test]
fn a_state_dropped_on_a_yaml_edge_keeps_the_comments() {
    let doc = fixture("retry.asl.yaml");
    let state = "/States/Call Amazon S3 ListObjectsV2";
    let wait = entry("wait", QueryLanguage::JSONPath);
    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &edge(&doc, state, Handle::Output), &wait),
    );
    assert_eq!(
        diff(&doc, &out),
        [
            "-Next: Succeed State",
            "+Next: Wait",
            "+Wait:",
            "+Type: Wait",
            "+Seconds: 10",
            "+Next: Succeed State",
        ]
    );
    assert_eq!(comments(out.text()), comments(doc.text()));
    assert_valid(&out);
}

#[test]
fn dropping_on_the_end_edge_moves_the_end_to_the_new_state() {
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &end_edge(&doc, "/States/Final State"), &pass()),
    );
    let value = out.to_value();
    assert_eq!(value["States"]["Final State"]["Next"], "Pass 2");
    assert!(value["States"]["Final State"].get("End").is_none());
    assert_eq!(
        value["States"]["Pass 2"],
        json!({"Type": "Pass", "End": true})
    );
    // `End` became `Next` in place; the new state follows.
    assert!(
        out.text().ends_with(
            "        \"Final State\": {\n            \"Type\": \"Pass\",\n            \"Next\": \"Pass 2\"\n        },\n        \"Pass 2\": {\n            \"Type\": \"Pass\",\n            \"End\": true\n        }\n    }\n}\n"
        ),
        "{}",
        out.text()
    );
    assert_eq!(diff(&doc, &out).len(), 4, "{:?}", diff(&doc, &out));
    assert_valid(&out);
}

#[test]
fn dropping_on_the_start_edge_changes_start_at() {
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &edge(&doc, START_ID, Handle::Output), &pass()),
    );
    let value = out.to_value();
    assert_eq!(value["StartAt"], "Pass 2");
    assert_eq!(value["States"]["Pass 2"]["Next"], "Parallel");
    // The new first state is written first.
    assert_eq!(
        diff(&doc, &out),
        [
            "-\"StartAt\": \"Parallel\",",
            "+\"StartAt\": \"Pass 2\",",
            "+\"Pass 2\": {",
            "+\"Type\": \"Pass\",",
            "+\"Next\": \"Parallel\"",
            "+},",
        ]
    );
    assert_valid(&out);
}

#[test]
fn dropping_on_choice_rule_default_and_catch_edges_rewires_only_that_handle() {
    let doc = fixture("choice.asl.json");
    let choice = "/States/Choice State";
    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &edge(&doc, choice, Handle::Choice(1)), &pass()),
    );
    let value = out.to_value();
    assert_eq!(
        value["States"]["Choice State"]["Choices"][1]["Next"],
        "Pass"
    );
    // Rule 3 went to the same state and still does.
    assert_eq!(
        value["States"]["Choice State"]["Choices"][2]["Next"],
        "NEXT_STATE_TWO"
    );
    assert_eq!(value["States"]["Pass"]["Next"], "NEXT_STATE_TWO");
    assert_valid(&out);

    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &edge(&doc, choice, Handle::Default), &pass()),
    );
    assert_eq!(out.to_value()["States"]["Choice State"]["Default"], "Pass");
    assert_eq!(out.to_value()["States"]["Pass"]["Next"], "DEFAULT_STATE");
    assert_valid(&out);

    let doc = fixture("catch.asl.json");
    let out = apply(
        &doc,
        gesture::insert_on_edge(
            &doc,
            &edge(&doc, "/States/HelloWorld", Handle::Catch(0)),
            &pass(),
        ),
    );
    let value = out.to_value();
    assert_eq!(value["States"]["HelloWorld"]["Catch"][0]["Next"], "Pass");
    assert_eq!(value["States"]["Pass"]["Next"], "CustomErrorFallback");
    assert_eq!(
        diff(&doc, &out)[..2],
        ["-\"Next\": \"CustomErrorFallback\"", "+\"Next\": \"Pass\"",]
    );
    assert_valid(&out);
}

#[test]
fn a_choice_dropped_on_an_edge_sends_its_rule_and_default_on_and_after_the_end_to_a_succeed() {
    let doc = fixture("parallel.asl.json");
    let choice = entry("choice", QueryLanguage::JSONPath);
    let out = apply(
        &doc,
        gesture::insert_on_edge(
            &doc,
            &edge(&doc, "/States/Parallel", Handle::Output),
            &choice,
        ),
    );
    let value = out.to_value();
    assert_eq!(
        value["States"]["Choice"]["Choices"][0]["Next"],
        "Final State"
    );
    assert_eq!(value["States"]["Choice"]["Default"], "Final State");
    assert_valid(&out);

    let out = apply(
        &doc,
        gesture::insert_on_edge(&doc, &end_edge(&doc, "/States/Final State"), &choice),
    );
    let value = out.to_value();
    assert_eq!(value["States"]["Choice"]["Default"], "Done");
    assert_eq!(value["States"]["Done"], json!({"Type": "Succeed"}));
    assert_valid(&out);
}

#[test]
fn nothing_can_be_dropped_after_a_succeed_or_fail() {
    let doc = fixture("retry.asl.json");
    let err =
        gesture::insert_on_edge(&doc, &end_edge(&doc, "/States/Fail State"), &pass()).unwrap_err();
    assert!(
        err.to_string().contains("a Fail state ends its path"),
        "{err}"
    );
}

// ---- dropping into scopes and onto the canvas -------------------------------------------------------

#[test]
fn a_lambda_task_goes_into_a_parallel_branch_first_between_or_last() {
    let doc = fixture("parallel.asl.json");
    let lambda = entry("lambda-invoke", QueryLanguage::JSONPath);
    let name = "Invoke Lambda function";
    let branch_state =
        |out: &Document, n: &str| state(&out.to_value(), &format!("{BRANCH}/States/{n}")).clone();

    let out = apply(
        &doc,
        gesture::insert_into_scope(&doc, BRANCH, &ScopePosition::First, &lambda),
    );
    assert_eq!(state(&out.to_value(), &format!("{BRANCH}/StartAt")), name);
    assert_eq!(branch_state(&out, name)["Next"], "Pass");
    let first = state(&out.to_value(), &format!("{BRANCH}/States"))
        .as_object()
        .unwrap()
        .keys()
        .next()
        .cloned();
    assert_eq!(first.as_deref(), Some(name));
    assert_valid(&out);

    let between = ScopePosition::After("Pass".into());
    let out = apply(
        &doc,
        gesture::insert_into_scope(&doc, BRANCH, &between, &lambda),
    );
    assert_eq!(branch_state(&out, "Pass")["Next"], name);
    assert_eq!(branch_state(&out, name)["Next"], "Wait 10s");
    assert_valid(&out);

    let out = apply(
        &doc,
        gesture::insert_into_scope(&doc, BRANCH, &ScopePosition::Last, &lambda),
    );
    assert_eq!(branch_state(&out, "Wait 10s")["Next"], name);
    assert_eq!(branch_state(&out, name)["End"], true);
    assert_valid(&out);

    // Into the Map's processor (the older `Iterator` spelling), first.
    let doc = fixture("map.asl.json");
    let out = apply(
        &doc,
        gesture::insert_into_scope(&doc, "/States/Map/Iterator", &ScopePosition::First, &lambda),
    );
    assert_eq!(out.to_value()["States"]["Map"]["Iterator"]["StartAt"], name);
    assert_valid(&out);
}

#[test]
fn a_state_dropped_into_an_empty_branch_becomes_its_start() {
    let doc = Document::parse(
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [{"States": {}}], "End": true}}}"#,
        Format::Json,
    )
    .unwrap();
    let out = apply(
        &doc,
        gesture::insert_into_scope(&doc, "/States/P/Branches/0", &ScopePosition::Last, &pass()),
    );
    assert_eq!(
        out.to_value()["States"]["P"]["Branches"][0],
        json!({"States": {"Pass": {"Type": "Pass", "End": true}}, "StartAt": "Pass"})
    );
    assert_valid(&out);
}

#[test]
fn scope_positions_that_do_not_fit_are_refused_with_a_reason() {
    let doc = fixture("choice.asl.json");
    let err = gesture::insert_into_scope(&doc, "", &ScopePosition::Last, &pass()).unwrap_err();
    assert!(err.to_string().contains("ends in several places"), "{err}");
    let after_choice = ScopePosition::After("Choice State".into());
    let err = gesture::insert_into_scope(&doc, "", &after_choice, &pass()).unwrap_err();
    assert!(err.to_string().contains("no single way on"), "{err}");
    let err =
        gesture::insert_into_scope(&doc, "/States/Choice State", &ScopePosition::Last, &pass())
            .unwrap_err();
    assert!(err.to_string().contains("is not a branch"), "{err}");
}

#[test]
fn a_state_dropped_on_empty_canvas_is_unconnected_and_flagged() {
    let doc = fixture("parallel.asl.json");
    let out = apply(&doc, gesture::add_unconnected(&doc, "", &pass()));
    assert_eq!(
        out.to_value()["States"]["Pass 2"],
        json!({"Type": "Pass", "End": true})
    );
    let graph = Graph::from_document(&out);
    assert_eq!(graph.edges_into(&id("/States/Pass 2")).count(), 0);
    assert_eq!(error_codes(&out), ["SC1012"]);
}

// ---- deleting --------------------------------------------------------------------------------------

#[test]
fn deleting_a_state_reconnects_its_neighbours() {
    let doc = fixture("jsonata.asl.json");
    let out = apply(
        &doc,
        gesture::delete_states(&doc, &["/States/output".to_owned()]),
    );
    let value = out.to_value();
    assert_eq!(
        value["States"]["Convert Page to JSON content"]["Next"],
        "SendTaskSuccess"
    );
    assert!(value["States"].get("output").is_none());
    assert_valid(&out);

    // Two neighbours at once: the chain closes over both.
    let ids = ["/States/Get Data", "/States/Convert Page to JSON content"].map(String::from);
    let out = apply(&doc, gesture::delete_states(&doc, &ids));
    assert_eq!(
        out.to_value()["States"]["initiate variables"]["Next"],
        "output"
    );
    assert_valid(&out);

    // The last state: its predecessor ends instead.
    let out = apply(
        &doc,
        gesture::delete_states(&doc, &["/States/SendTaskSuccess".to_owned()]),
    );
    assert_eq!(
        out.to_value()["States"]["output"],
        json!({
            "Type": "Pass",
            "Output": {
                "csvContent": "{% $states.input %}",
                "resultCount": "{% $resultCount %}",
                "offset": "{% $nextOffset %}"
            },
            "End": true
        })
    );
    assert_valid(&out);
}

#[test]
fn deleting_the_start_state_moves_start_at_on_and_takes_nested_states_along() {
    let doc = fixture("parallel.asl.json");
    // The nested "Pass" is selected too; it goes with its Parallel.
    let ids = [
        "/States/Parallel",
        "/States/Parallel/Branches/1/States/Pass",
    ]
    .map(String::from);
    let out = apply(&doc, gesture::delete_states(&doc, &ids));
    assert_eq!(
        out.to_value(),
        json!({
            "Comment": doc.to_value()["Comment"],
            "StartAt": "Final State",
            "States": {"Final State": {"Type": "Pass", "End": true}}
        })
    );
    assert_valid(&out);

    // In a branch: its StartAt moves to the successor.
    let out = apply(
        &doc,
        gesture::delete_states(&doc, &[format!("{BRANCH}/States/Pass")]),
    );
    assert_eq!(
        state(&out.to_value(), &format!("{BRANCH}/StartAt")),
        "Wait 10s"
    );
    assert_valid(&out);
}

#[test]
fn deleting_a_choice_target_that_would_dangle_is_left_for_validation() {
    let doc = fixture("choice.asl.json");
    let out = apply(
        &doc,
        gesture::delete_states(&doc, &["/States/NEXT_STATE_TWO".to_owned()]),
    );
    let rules = &out.to_value()["States"]["Choice State"]["Choices"];
    assert_eq!(rules[1]["Next"], "NEXT_STATE_TWO");
    assert_eq!(rules[2]["Next"], "NEXT_STATE_TWO");
    assert_eq!(error_codes(&out), ["SC1007", "SC1007"]);
    // Only the state's own lines go.
    assert!(diff(&doc, &out).iter().all(|l| l.starts_with('-')));

    // Deleting the Choice itself: its predecessors cannot be guessed a target either.
    let out = apply(
        &doc,
        gesture::delete_states(&doc, &["/States/Choice State".to_owned()]),
    );
    assert_eq!(out.to_value()["StartAt"], "Choice State");
    assert!(error_codes(&out).contains(&"SC1004".to_owned()));
}

#[test]
fn deleting_an_edge() {
    let doc = fixture("parallel.asl.json");
    // A Next: the state ends instead.
    let out = apply(
        &doc,
        gesture::delete_edge(&doc, &edge(&doc, "/States/Parallel", Handle::Output)),
    );
    assert_eq!(
        diff(&doc, &out),
        ["-\"Next\": \"Final State\",", "+\"End\": true,"]
    );
    // Final State is unreachable now, and validation says so.
    assert_eq!(error_codes(&out), ["SC1012"]);

    // A Choice rule and a Default.
    let doc = fixture("choice.asl.json");
    let choice = "/States/Choice State";
    let out = apply(
        &doc,
        gesture::delete_edge(&doc, &edge(&doc, choice, Handle::Choice(1))),
    );
    let rules = out.to_value()["States"]["Choice State"]["Choices"].clone();
    assert_eq!(rules.as_array().unwrap().len(), 2);
    assert_eq!(rules[1]["Next"], "NEXT_STATE_TWO");
    assert_eq!(rules[1]["And"][0]["NumericGreaterThanEquals"], 20);
    assert_valid(&out);
    let out = apply(
        &doc,
        gesture::delete_edge(&doc, &edge(&doc, choice, Handle::Default)),
    );
    assert!(out.to_value()["States"]["Choice State"]
        .get("Default")
        .is_none());
    // The last member goes, and with it the comma before it.
    assert_eq!(
        diff(&doc, &out),
        ["-],", "-\"Default\": \"DEFAULT_STATE\"", "+]"]
    );

    // A catcher; the last one takes the Catch field with it.
    let doc = fixture("retry.asl.json");
    let task = "/States/Call Amazon S3 ListObjectsV2";
    let out = apply(
        &doc,
        gesture::delete_edge(&doc, &edge(&doc, task, Handle::Catch(0))),
    );
    assert!(out.to_value()["States"]["Call Amazon S3 ListObjectsV2"]
        .get("Catch")
        .is_none());
    let doc = fixture("catch.asl.json");
    let out = apply(
        &doc,
        gesture::delete_edge(&doc, &edge(&doc, "/States/HelloWorld", Handle::Catch(1))),
    );
    let catchers = &out.to_value()["States"]["HelloWorld"]["Catch"];
    assert_eq!(catchers.as_array().unwrap().len(), 2);
    assert_eq!(catchers[1]["Next"], "CatchAllFallback");

    // The Start edge and the End edges stay.
    let err = gesture::delete_edge(&doc, &edge(&doc, START_ID, Handle::Output)).unwrap_err();
    assert!(err.to_string().contains("needs a start"), "{err}");
    let err = gesture::delete_edge(&doc, &end_edge(&doc, "/States/HelloWorld")).unwrap_err();
    assert!(err.to_string().contains("cannot be deleted"), "{err}");
}

// ---- duplicate and rename ------------------------------------------------------------------------------

#[test]
fn duplicating_gives_unique_names_nested_ones_too() {
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::duplicate_states(&doc, &[format!("{BRANCH}/States/Pass")]),
    );
    let branch = state(&out.to_value(), BRANCH).clone();
    let names: Vec<&String> = branch["States"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["Pass", "Pass 2", "Wait 10s"]);
    assert_eq!(branch["States"]["Pass 2"]["Next"], "Wait 10s");

    let out = apply(
        &doc,
        gesture::duplicate_states(&doc, &["/States/Parallel".to_owned()]),
    );
    let copy = out.to_value()["States"]["Parallel 2"].clone();
    assert_eq!(copy["Branches"][0]["StartAt"], "Wait 20s 2");
    assert_eq!(copy["Branches"][1]["StartAt"], "Pass 2");
    assert_eq!(
        copy["Branches"][1]["States"]["Pass 2"]["Next"],
        "Wait 10s 2"
    );
    assert_eq!(copy["Next"], "Final State");
    // Nothing leads to the copy yet.
    assert_eq!(error_codes(&out), ["SC1012"]);

    // Two states at once: the transition between them follows the copies.
    let ids = [
        format!("{BRANCH}/States/Pass"),
        format!("{BRANCH}/States/Wait 10s"),
    ];
    let out = apply(&doc, gesture::duplicate_states(&doc, &ids));
    let branch = state(&out.to_value(), BRANCH).clone();
    assert_eq!(branch["States"]["Pass 2"]["Next"], "Wait 10s 2");
}

#[test]
fn renaming_follows_references_and_refuses_names_aws_would_refuse() {
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::rename_state(&doc, &format!("{BRANCH}/States/Pass"), "Prepare"),
    );
    assert_eq!(
        state(&out.to_value(), &format!("{BRANCH}/StartAt")),
        "Prepare"
    );
    assert_valid(&out);

    let taken = gesture::rename_state(&doc, "/States/Parallel", "Wait 10s").unwrap_err();
    assert!(
        matches!(taken, GestureError::Edit(EditError::StateNameTaken { .. })),
        "{taken:?}"
    );
    assert!(taken
        .to_string()
        .contains("unique across the whole state machine"));
    let empty = gesture::rename_state(&doc, "/States/Parallel", "").unwrap_err();
    assert!(empty.to_string().contains("cannot be empty"), "{empty}");
    let long = gesture::rename_state(&doc, "/States/Parallel", &"x".repeat(81)).unwrap_err();
    assert!(long.to_string().contains("at most 80 characters"), "{long}");
    let same = gesture::rename_state(&doc, "/States/Parallel", "Parallel").unwrap_err();
    assert!(matches!(same, GestureError::Unchanged(_)));
    let gone = gesture::rename_state(&doc, "/States/Nope", "X").unwrap_err();
    assert!(matches!(gone, GestureError::NoSuchState { .. }));
}

// ---- connect ------------------------------------------------------------------------------------------

#[test]
fn connecting_handles_sets_the_right_field() {
    let doc = fixture("choice.asl.json");
    let choice = "/States/Choice State";
    let out = apply(
        &doc,
        connect(&doc, choice, Handle::Choice(0), "/States/DEFAULT_STATE"),
    );
    assert_eq!(
        diff(&doc, &out),
        [
            "-\"Next\": \"NEXT_STATE_ONE\"",
            "+\"Next\": \"DEFAULT_STATE\""
        ]
    );
    let out = apply(
        &doc,
        connect(&doc, choice, Handle::Default, "/States/NEXT_STATE_ONE"),
    );
    assert_eq!(
        out.to_value()["States"]["Choice State"]["Default"],
        "NEXT_STATE_ONE"
    );
    // A state that ended goes on instead.
    let out = apply(
        &doc,
        connect(
            &doc,
            "/States/NEXT_STATE_ONE",
            Handle::Output,
            "/States/NEXT_STATE_TWO",
        ),
    );
    assert_eq!(
        diff(&doc, &out),
        ["-\"End\": true", "+\"Next\": \"NEXT_STATE_TWO\""]
    );
    assert_valid(&out);
    // A branch's first state.
    let parallel = fixture("parallel.asl.json");
    let wait = format!("{BRANCH}/States/Wait 10s");
    let out = apply(&parallel, gesture::set_start_state(&parallel, &wait));
    assert_eq!(
        state(&out.to_value(), &format!("{BRANCH}/StartAt")),
        "Wait 10s"
    );
    let again = gesture::set_start_state(&out, &wait).unwrap_err();
    assert!(matches!(again, GestureError::Unchanged(_)), "{again:?}");
    // The Start marker's output is StartAt.
    let out = apply(
        &doc,
        connect(&doc, START_ID, Handle::Output, "/States/NEXT_STATE_ONE"),
    );
    assert_eq!(out.to_value()["StartAt"], "NEXT_STATE_ONE");

    let doc = fixture("catch.asl.json");
    let out = apply(
        &doc,
        connect(
            &doc,
            "/States/HelloWorld",
            Handle::Catch(2),
            "/States/CustomErrorFallback",
        ),
    );
    assert_eq!(
        out.to_value()["States"]["HelloWorld"]["Catch"][2]["Next"],
        "CustomErrorFallback"
    );
    // To the End marker: "End": true.
    let doc = fixture("retry.asl.json");
    let out = apply(
        &doc,
        connect(
            &doc,
            "/States/Call Amazon S3 ListObjectsV2",
            Handle::Output,
            END_ID,
        ),
    );
    assert_eq!(
        diff(&doc, &out),
        ["-\"Next\": \"Succeed State\",", "+\"End\": true,"]
    );
}

#[test]
fn connections_that_cannot_be_are_refused_with_a_reason() {
    let doc = fixture("parallel.asl.json");
    let err = connect(
        &doc,
        &format!("{BRANCH}/States/Pass"),
        Handle::Output,
        "/States/Final State",
    )
    .unwrap_err();
    assert!(err.to_string().contains("different branches"), "{err}");
    let doc = fixture("choice.asl.json");
    let err = connect(
        &doc,
        "/States/Choice State",
        Handle::Output,
        "/States/NEXT_STATE_ONE",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("Choice state has no Next"),
        "{err}"
    );
    let err = connect(
        &doc,
        "/States/Choice State",
        Handle::Choice(7),
        "/States/NEXT_STATE_ONE",
    )
    .unwrap_err();
    assert!(err.to_string().contains("no rule number 8"), "{err}");
    let err = connect(&doc, "/States/Choice State", Handle::Default, END_ID).unwrap_err();
    assert!(err.to_string().contains("must go to a state"), "{err}");
}

// ---- branches and reordering ---------------------------------------------------------------------------

#[test]
fn parallel_branches_are_added_and_removed() {
    let doc = fixture("parallel.asl.json");
    let out = apply(&doc, gesture::add_branch(&doc, "/States/Parallel"));
    assert_eq!(
        out.to_value()["States"]["Parallel"]["Branches"][2],
        json!({"StartAt": "Branch 3 step", "States": {"Branch 3 step": {"Type": "Pass", "End": true}}})
    );
    assert_valid(&out);
    // A palette entry dropped as a new branch: its helper states come along.
    let approval = entry("human-approval", QueryLanguage::JSONPath);
    let with = apply(
        &doc,
        gesture::add_branch_with(&doc, "/States/Parallel", &approval),
    );
    let branch = state(&with.to_value(), "/States/Parallel/Branches/2").clone();
    assert_eq!(branch["StartAt"], "Wait for approval");
    assert_eq!(branch["States"]["Wait for approval"]["End"], true);
    assert_eq!(branch["States"].as_object().unwrap().len(), 3);
    assert_valid(&with);
    let out = apply(&doc, gesture::remove_branch(&doc, "/States/Parallel", 0));
    assert_eq!(
        out.to_value()["States"]["Parallel"]["Branches"][0]["StartAt"],
        "Pass"
    );
    assert_valid(&out);
    let err = gesture::remove_branch(&out, "/States/Parallel", 0).unwrap_err();
    assert!(err.to_string().contains("at least one branch"), "{err}");
    let err = gesture::add_branch(&doc, "/States/Final State").unwrap_err();
    assert!(err.to_string().contains("not a Parallel state"), "{err}");
}

#[test]
fn choice_rules_and_catchers_are_reordered_keeping_their_text() {
    let doc = fixture("choice.asl.json");
    let choice = "/States/Choice State";
    let out = apply(
        &doc,
        gesture::reorder(&doc, choice, RuleList::Choices, 0, 2),
    );
    let before = doc.to_value()["States"]["Choice State"]["Choices"].clone();
    let after = out.to_value()["States"]["Choice State"]["Choices"].clone();
    assert_eq!(after, json!([before[1], before[2], before[0]]));
    assert_valid(&out);
    let doc = fixture("catch.asl.json");
    let out = apply(
        &doc,
        gesture::reorder(&doc, "/States/HelloWorld", RuleList::Catch, 1, 0),
    );
    let catchers = &out.to_value()["States"]["HelloWorld"]["Catch"];
    assert_eq!(catchers[0]["Next"], "ReservedTypeFallback");
    assert_eq!(catchers[1]["Next"], "CustomErrorFallback");
    // The moved catcher's lines, out and back in; nothing else.
    let changed = diff(&doc, &out);
    assert!(changed.len() <= 10, "{changed:#?}");
    assert_valid(&out);
    let same = gesture::reorder(&doc, "/States/HelloWorld", RuleList::Catch, 1, 1).unwrap_err();
    assert!(matches!(same, GestureError::Unchanged(_)));
    let out_of_range =
        gesture::reorder(&doc, "/States/HelloWorld", RuleList::Catch, 0, 3).unwrap_err();
    assert!(
        out_of_range.to_string().contains("no position 4"),
        "{out_of_range}"
    );
}

// ---- moving ----------------------------------------------------------------------------------------------

#[test]
fn moving_a_state_onto_another_edge_reconnects_both_places() {
    let doc = fixture("jsonata.asl.json");
    let target = edge(&doc, "/States/initiate variables", Handle::Output);
    let out = apply(
        &doc,
        gesture::move_onto_edge(&doc, "/States/output", &target),
    );
    let value = out.to_value();
    let next = |name: &str| value["States"][name]["Next"].clone();
    assert_eq!(next("initiate variables"), "output");
    assert_eq!(next("output"), "Get Data");
    assert_eq!(next("Convert Page to JSON content"), "SendTaskSuccess");
    // The state's text stays where it is: only the three Next lines change.
    assert_eq!(diff(&doc, &out).len(), 6, "{:#?}", diff(&doc, &out));
    assert_valid(&out);
}

#[test]
fn moving_a_state_into_a_branch_and_refusals() {
    let doc = fixture("parallel.asl.json");
    let target = edge(&doc, &format!("{BRANCH}/States/Pass"), Handle::Output);
    let out = apply(
        &doc,
        gesture::move_onto_edge(&doc, "/States/Final State", &target),
    );
    let value = out.to_value();
    assert_eq!(value["States"]["Parallel"]["End"], true);
    assert!(value["States"].get("Final State").is_none());
    let branch = state(&value, BRANCH);
    assert_eq!(branch["States"]["Pass"]["Next"], "Final State");
    assert_eq!(branch["States"]["Final State"]["Next"], "Wait 10s");
    assert_valid(&out);

    // And out of a branch, onto an arrow of the top level.
    let target = edge(&doc, "/States/Parallel", Handle::Output);
    let out = apply(
        &doc,
        gesture::move_onto_edge(&doc, &format!("{BRANCH}/States/Wait 10s"), &target),
    );
    let value = out.to_value();
    assert_eq!(value["States"]["Parallel"]["Next"], "Wait 10s");
    assert_eq!(
        value["States"]["Wait 10s"],
        json!({"Type": "Wait", "Seconds": 10, "Next": "Final State"})
    );
    assert_eq!(state(&value, BRANCH)["States"]["Pass"]["End"], true);
    assert_valid(&out);

    // A state whose catcher goes to a state of its own scope cannot leave it.
    let doc = Document::parse(
        r#"{"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:T", "Message": "m"},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "Next": "P"},
            "Oops": {"Type": "Fail"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}], "End": true}
        }}"#,
        Format::Json,
    )
    .unwrap();
    let target = edge(&doc, START_ID, Handle::Output);
    let branch_end = Graph::from_document(&doc);
    let _ = branch_end;
    let into_branch =
        gesture::insert_into_scope(&doc, "/States/P/Branches/0", &ScopePosition::First, &pass());
    assert!(into_branch.is_ok());
    let a_edge = GraphEdge {
        from: id("/States/P/Branches/0/States/A"),
        to: NodeId::End,
        kind: EdgeKind::End,
        label: None,
    };
    let err = gesture::move_onto_edge(&doc, "/States/T", &a_edge).unwrap_err();
    assert!(err.to_string().contains("/States/T/Catch/0/Next"), "{err}");
    // Onto its own edge: nothing to do.
    let err = gesture::move_onto_edge(&doc, "/States/T", &target).unwrap_err();
    assert!(matches!(err, GestureError::Unchanged(_)), "{err:?}");
    // Into itself.
    let err = gesture::move_onto_edge(&doc, "/States/P", &a_edge).unwrap_err();
    assert!(err.to_string().contains("into itself"), "{err}");
    // A Choice.
    let doc = fixture("choice.asl.json");
    let err = gesture::move_onto_edge(
        &doc,
        "/States/Choice State",
        &end_edge(&doc, "/States/DEFAULT_STATE"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("is a Choice state"), "{err}");
}

// ---- copy and paste ----------------------------------------------------------------------------------------

#[test]
fn copied_states_paste_with_new_names_and_their_own_transitions() {
    let doc = fixture("parallel.asl.json");
    let ids = [
        format!("{BRANCH}/States/Wait 10s"),
        format!("{BRANCH}/States/Pass"),
    ];
    let text = gesture::copy_states(&doc, &ids).unwrap();
    // Plain ASL JSON, states in document order.
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"StartAt": "Pass", "States": {
            "Pass": {"Type": "Pass", "Next": "Wait 10s"},
            "Wait 10s": {"Type": "Wait", "Seconds": 10, "End": true}
        }})
    );
    let out = apply(&doc, gesture::paste_states(&doc, "", &text));
    let value = out.to_value();
    assert_eq!(value["States"]["Pass 2"]["Next"], "Wait 10s 2");
    assert_eq!(value["States"]["Wait 10s 2"]["End"], true);
    // Nothing leads to them yet.
    assert_eq!(error_codes(&out), ["SC1012", "SC1012"]);

    // Cut: the same text, and the states leave with their neighbours reconnected.
    let (cut, edit) = gesture::cut_states(&doc, &ids).unwrap();
    assert_eq!(cut, text);
    let out = doc.apply(&edit).unwrap();
    assert!(state(&out.to_value(), &format!("{BRANCH}/States"))
        .as_object()
        .unwrap()
        .is_empty());

    // Into an empty branch: the fragment's start becomes the branch's.
    let empty = Document::parse(
        "{\n  \"StartAt\": \"P\",\n  \"States\": {\n    \"P\": {\n      \"Type\": \"Parallel\",\n      \"Branches\": [\n        {\n          \"States\": {}\n        }\n      ],\n      \"End\": true\n    }\n  }\n}\n",
        Format::Json,
    )
    .unwrap();
    let out = apply(
        &empty,
        gesture::paste_states(&empty, "/States/P/Branches/0", &text),
    );
    assert_eq!(
        out.to_value()["States"]["P"]["Branches"][0]["StartAt"],
        "Pass"
    );
    assert_valid(&out);
}

#[test]
fn pasting_into_another_document_drops_transitions_to_states_it_lacks() {
    let source = fixture("catch.asl.json");
    let ids = ["/States/HelloWorld", "/States/CustomErrorFallback"].map(String::from);
    let text = gesture::copy_states(&source, &ids).unwrap();
    let target = fixture("retry.asl.json");
    let out = apply(&target, gesture::paste_states(&target, "", &text));
    let hello = out.to_value()["States"]["HelloWorld"].clone();
    assert_eq!(
        hello["Catch"],
        json!([{"ErrorEquals": ["CustomError"], "Next": "CustomErrorFallback"}])
    );
    assert_eq!(hello["End"], true);

    // YAML text, a bare map of states, and one state are understood too.
    let yaml = "Wait here:\n  Type: Wait\n  Seconds: 5\n  Next: Elsewhere\n";
    let out = apply(&target, gesture::paste_states(&target, "", yaml));
    assert_eq!(
        out.to_value()["States"]["Wait here"],
        json!({"Type": "Wait", "Seconds": 5, "End": true})
    );
    let one = r#"{"Type": "Succeed"}"#;
    let out = apply(&target, gesture::paste_states(&target, "", one));
    assert_eq!(
        out.to_value()["States"]["Succeed"],
        json!({"Type": "Succeed"})
    );

    for junk in ["hello", "[1, 2]", "{\"a\": 1}", "{"] {
        let err = gesture::paste_states(&target, "", junk).unwrap_err();
        assert!(matches!(err, GestureError::Clipboard(_)), "{junk}: {err:?}");
        assert!(err.to_string().contains("expected ASL"), "{err}");
    }
}

// ---- a whole draft by gestures only ----------------------------------------------------------------------------

#[test]
fn a_draft_built_from_an_empty_document_by_gestures_only_validates() {
    let mut doc = Document::parse("{\n  \"States\": {}\n}\n", Format::Json).unwrap();
    let language = gesture::language_at(&doc, "");
    // A Lambda task as the first state, then a Choice after it, a Parallel on the Choice's
    // default and a human approval on its rule.
    doc = apply(
        &doc,
        gesture::insert_into_scope(
            &doc,
            "",
            &ScopePosition::First,
            &entry("lambda-invoke", language),
        ),
    );
    let lambda = "/States/Invoke Lambda function";
    doc = apply(
        &doc,
        gesture::insert_on_edge(&doc, &end_edge(&doc, lambda), &entry("choice", language)),
    );
    let choice = "/States/Choice";
    doc = apply(
        &doc,
        gesture::insert_on_edge(
            &doc,
            &edge(&doc, choice, Handle::Default),
            &entry("parallel", language),
        ),
    );
    doc = apply(
        &doc,
        gesture::insert_on_edge(
            &doc,
            &edge(&doc, choice, Handle::Choice(0)),
            &entry("human-approval", language),
        ),
    );
    doc = apply(&doc, gesture::add_branch(&doc, "/States/Parallel"));
    doc = apply(
        &doc,
        gesture::insert_into_scope(
            &doc,
            "/States/Parallel/Branches/2",
            &ScopePosition::Last,
            &entry("dynamodb-put-item", language),
        ),
    );
    doc = apply(
        &doc,
        gesture::rename_state(&doc, "/States/Choice", "Approved?"),
    );
    assert_valid(&doc);
    let graph = Graph::from_document(&doc);
    assert!(!graph.has_problems(), "{:#?}", graph.nodes);
}

// ---- smaller pieces ------------------------------------------------------------------------------------------

#[test]
fn the_query_language_of_a_scope_is_inherited_and_overridden() {
    let doc = fixture("jsonata.asl.json");
    assert_eq!(gesture::language_at(&doc, ""), QueryLanguage::JSONata);
    assert_eq!(
        gesture::language_at(&doc, "/States/Convert Page to JSON content/ItemProcessor"),
        QueryLanguage::JSONata
    );
    assert_eq!(
        gesture::language_at(&fixture("map.asl.json"), "/States/Map/Iterator"),
        QueryLanguage::JSONPath
    );
    let doc = Document::parse(
        r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}, "End": true}}}"#,
        Format::Json,
    )
    .unwrap();
    assert_eq!(gesture::language_at(&doc, ""), QueryLanguage::JSONPath);
    assert_eq!(
        gesture::language_at(&doc, "/States/M/ItemProcessor"),
        QueryLanguage::JSONata
    );
}

#[test]
fn graph_edges_have_handles_and_can_be_found_by_node() {
    let doc = fixture("catch.asl.json");
    let graph = Graph::from_document(&doc);
    let hello = &id("/States/HelloWorld");
    let handles: Vec<Handle> = graph.edges_from(hello).map(GraphEdge::handle).collect();
    assert_eq!(
        handles,
        [
            Handle::Catch(0),
            Handle::Catch(1),
            Handle::Catch(2),
            Handle::Output
        ]
    );
    assert_eq!(graph.edges_into(hello).count(), 1);
    assert_eq!(
        graph
            .edge_from(hello, Handle::Catch(1))
            .map(|e| e.to.to_string()),
        Some("/States/ReservedTypeFallback".to_owned())
    );
    assert!(graph.edge_from(hello, Handle::Default).is_none());
    assert_eq!(EdgeKind::Default.handle(), Handle::Default);
    assert_eq!(EdgeKind::Start.handle(), Handle::Output);
}

#[test]
fn unique_names_count_on_and_stay_within_80_characters() {
    use statecraft_asl::edit::{state_names, unique_state_name};
    use std::collections::BTreeSet;
    let doc = fixture("parallel.asl.json");
    let none = BTreeSet::new();
    assert_eq!(unique_state_name(&doc, "Fresh", &none), "Fresh");
    assert_eq!(unique_state_name(&doc, "Pass", &none), "Pass 2");
    let taken = BTreeSet::from(["Pass 2".to_owned()]);
    assert_eq!(unique_state_name(&doc, "Pass", &taken), "Pass 3");
    assert_eq!(unique_state_name(&doc, "Pass 2", &taken), "Pass 3");
    let long = "y".repeat(80);
    let doc = Document::parse(
        format!(r#"{{"StartAt": "{long}", "States": {{"{long}": {{"Type": "Succeed"}}}}}}"#),
        Format::Json,
    )
    .unwrap();
    let name = unique_state_name(&doc, &long, &none);
    assert_eq!(name.chars().count(), 80);
    assert!(name.ends_with(" 2"));
    assert_eq!(unique_state_name(&doc, "", &none), "State");
    assert_eq!(state_names(&fixture("map.asl.json")).len(), 3);
}

// ---- a sweep over the whole corpus ------------------------------------------------------------------------

/// Up to `n` items spread evenly over `all`.
fn spread<T: Clone>(all: &[T], n: usize) -> Vec<T> {
    if all.len() <= n {
        return all.to_vec();
    }
    (0..n).map(|i| all[i * all.len() / n].clone()).collect()
}

/// Applies a gesture's edit when the gesture is not refused; an edit that does not apply is a bug.
fn try_gesture(what: &str, doc: &Document, edit: Result<Edit, GestureError>) -> Option<Document> {
    match edit {
        Ok(edit) => Some(
            doc.apply(&edit)
                .unwrap_or_else(|e| panic!("{what}: {edit:?} does not apply: {e}")),
        ),
        Err(GestureError::Edit(e)) if !matches!(e, EditError::CrossScopeTransitions { .. }) => {
            panic!("{what}: {e}")
        }
        Err(_) => None,
    }
}

#[test]
fn gestures_apply_cleanly_all_over_the_corpus_in_json_and_yaml() {
    use statecraft_asl::format::yaml_text;
    for path in common::workflows() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let json_doc = Document::load(&path).unwrap();
        let yaml_doc = Document::parse(yaml_text(&json_doc.to_value()), Format::Yaml).unwrap();
        let valid = !common::is_invalid_workflow(&path);
        for doc in [json_doc, yaml_doc] {
            let what = format!("{file} ({:?})", doc.format());
            let before = errors(&doc).len();
            let graph = Graph::from_document(&doc);
            for e in spread(&graph.edges, 5) {
                let out = try_gesture(&what, &doc, gesture::insert_on_edge(&doc, &e, &pass()));
                if let (Some(out), true) = (out, valid) {
                    assert!(
                        errors(&out).len() <= before,
                        "{what}: a Pass on {e:?}: {:#?}",
                        errors(&out)
                    );
                }
                try_gesture(&what, &doc, gesture::delete_edge(&doc, &e));
            }
            let states: Vec<String> = graph.states().map(|n| n.id.to_string()).collect();
            for id in spread(&states, 4) {
                try_gesture(
                    &what,
                    &doc,
                    gesture::delete_states(&doc, std::slice::from_ref(&id)),
                );
                try_gesture(
                    &what,
                    &doc,
                    gesture::duplicate_states(&doc, std::slice::from_ref(&id)),
                );
                let name = graph.node(&self::id(&id)).unwrap().name.clone();
                let out = try_gesture(
                    &what,
                    &doc,
                    gesture::rename_state(&doc, &id, &format!("{name} renamed")),
                );
                if let (Some(out), true) = (out, valid && name.chars().count() < 70) {
                    assert_eq!(errors(&out).len(), before, "{what}: renaming {id}");
                }
                let node = self::id(&id);
                if let Some(e) = graph.edges.iter().find(|e| e.from != node && e.to != node) {
                    try_gesture(&what, &doc, gesture::move_onto_edge(&doc, &id, e));
                }
            }
            let scopes: Vec<String> = graph
                .scopes
                .iter()
                .map(|s| s.id.pointer().to_owned())
                .collect();
            for scope in spread(&scopes, 3) {
                for position in [ScopePosition::First, ScopePosition::Last] {
                    let out = try_gesture(
                        &what,
                        &doc,
                        gesture::insert_into_scope(&doc, &scope, &position, &pass()),
                    );
                    if let (Some(out), true) = (out, valid) {
                        assert!(
                            errors(&out).len() <= before,
                            "{what}: a Pass {position:?} in {scope:?}: {:#?}",
                            errors(&out)
                        );
                    }
                    if let Some(id) = states.last() {
                        try_gesture(
                            &what,
                            &doc,
                            gesture::move_into_scope(&doc, id, &scope, &position),
                        );
                    }
                }
            }
            let top: Vec<String> = graph
                .states()
                .filter(|n| n.scope.is_root())
                .map(|n| n.id.to_string())
                .collect();
            if let Ok(text) = gesture::copy_states(&doc, &top) {
                try_gesture(&what, &doc, gesture::paste_states(&doc, "", &text));
            }
        }
    }
}

#[test]
fn moving_a_state_into_a_scope_position() {
    let doc = fixture("parallel.asl.json");
    // Into a branch, first: it becomes the branch's start.
    let out = apply(
        &doc,
        gesture::move_into_scope(&doc, "/States/Final State", BRANCH, &ScopePosition::First),
    );
    let branch = state(&out.to_value(), BRANCH).clone();
    assert_eq!(branch["StartAt"], "Final State");
    assert_eq!(branch["States"]["Final State"]["Next"], "Pass");
    assert_valid(&out);

    // Into an empty branch: its only state.
    let doc = Document::parse(
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "P"}, "P": {"Type": "Parallel", "Branches": [{"States": {}}], "End": true}}}"#,
        Format::Json,
    )
    .unwrap();
    let out = apply(
        &doc,
        gesture::move_into_scope(
            &doc,
            "/States/A",
            "/States/P/Branches/0",
            &ScopePosition::Last,
        ),
    );
    let value = out.to_value();
    assert_eq!(value["StartAt"], "P");
    assert_eq!(
        value["States"]["P"]["Branches"][0],
        json!({"States": {"A": {"Type": "Pass", "End": true}}, "StartAt": "A"})
    );
    assert_valid(&out);

    // Last in its own scope, where it already is.
    let doc = fixture("parallel.asl.json");
    let err = gesture::move_into_scope(&doc, "/States/Final State", "", &ScopePosition::Last)
        .unwrap_err();
    assert!(matches!(err, GestureError::Unchanged(_)), "{err:?}");
}

#[test]
fn choice_rules_and_catchers_are_added_going_to_a_state() {
    let doc = fixture("choice.asl.json");
    let out = apply(
        &doc,
        gesture::add_choice_rule(&doc, "/States/Choice State", "/States/DEFAULT_STATE"),
    );
    let rules = out.to_value()["States"]["Choice State"]["Choices"].clone();
    assert_eq!(
        rules[3],
        json!({"Variable": "$.approved", "BooleanEquals": true, "Next": "DEFAULT_STATE"})
    );
    assert_valid(&out);
    let jsonata = Document::parse(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [], "Default": "D"}, "D": {"Type": "Succeed"}}}"#,
        Format::Json,
    )
    .unwrap();
    let out = apply(
        &jsonata,
        gesture::add_choice_rule(&jsonata, "/States/C", "/States/D"),
    );
    assert_eq!(
        out.to_value()["States"]["C"]["Choices"],
        json!([{"Condition": "{% $states.input.approved = true %}", "Next": "D"}])
    );
    assert_valid(&out);
    let err = gesture::add_choice_rule(&doc, "/States/DEFAULT_STATE", "/States/NEXT_STATE_ONE")
        .unwrap_err();
    assert!(
        err.to_string().contains("only a Choice state has rules"),
        "{err}"
    );

    // A catcher goes before a States.ALL catcher, which must stay last.
    let doc = fixture("catch.asl.json");
    let out = apply(
        &doc,
        gesture::add_catcher(&doc, "/States/HelloWorld", "/States/CatchAllFallback"),
    );
    let catchers = out.to_value()["States"]["HelloWorld"]["Catch"].clone();
    assert_eq!(
        catchers[2],
        json!({"ErrorEquals": ["States.TaskFailed"], "Next": "CatchAllFallback"})
    );
    assert_eq!(catchers[3]["ErrorEquals"], json!(["States.ALL"]));
    assert_valid(&out);
    // In YAML, with the comments kept.
    let doc = fixture("retry.asl.yaml");
    let out = apply(
        &doc,
        gesture::add_catcher(
            &doc,
            "/States/Call Amazon S3 ListObjectsV2",
            "/States/Succeed State",
        ),
    );
    assert!(
        out.text().contains(
            "    Catch:\n      - ErrorEquals:\n          - States.TaskFailed\n        Next: Succeed State\n      - ErrorEquals:\n          - States.ALL\n"
        ),
        "{}",
        out.text()
    );
    assert_eq!(diff(&doc, &out).len(), 3, "{:?}", diff(&doc, &out));
    assert_eq!(comments(out.text()), comments(doc.text()));
    assert_valid(&out);
    // A state without catchers gets a Catch list catching everything.
    let doc = fixture("parallel.asl.json");
    let out = apply(
        &doc,
        gesture::add_catcher(&doc, "/States/Parallel", "/States/Final State"),
    );
    assert_eq!(
        out.to_value()["States"]["Parallel"]["Catch"],
        json!([{"ErrorEquals": ["States.ALL"], "Next": "Final State"}])
    );
    assert_valid(&out);
    let err = gesture::add_catcher(&doc, "/States/Final State", "/States/Parallel").unwrap_err();
    assert!(
        err.to_string().contains("only Task, Parallel and Map"),
        "{err}"
    );
}

#[test]
fn a_state_with_a_duplicated_name_is_refused_until_renamed() {
    let doc = Document::parse(
        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}, \"A\": {\"Type\": \"Succeed\"}}}",
        Format::Json,
    )
    .unwrap();
    let graph = Graph::from_document(&doc);
    let second = graph.states().nth(1).unwrap().id.to_string();
    assert!(second.starts_with("#duplicate"), "{second}");
    let err = gesture::delete_states(&doc, &[second]).unwrap_err();
    assert!(
        err.to_string().contains("rename one of them first"),
        "{err}"
    );
}

#[test]
fn dropping_a_state_and_deleting_it_gives_back_the_file_byte_for_byte() {
    // On every arrow: the Start, Next, Catch and End ones, in JSON and in commented YAML.
    for name in ["retry.asl.json", "retry.asl.yaml", "parallel.asl.json"] {
        let doc = fixture(name);
        let graph = Graph::from_document(&doc);
        for e in &graph.edges {
            let Ok(edit) = gesture::insert_on_edge(&doc, e, &pass()) else {
                continue;
            };
            let with = doc.apply(&edit).unwrap();
            let new = Graph::from_document(&with)
                .states()
                .find(|n| n.name.starts_with("Pass") && graph.node(&n.id).is_none())
                .unwrap()
                .id
                .to_string();
            let back = apply(&with, gesture::delete_states(&with, &[new]));
            assert_eq!(back.text(), doc.text(), "{name}: {e:?}");
        }
    }
}
