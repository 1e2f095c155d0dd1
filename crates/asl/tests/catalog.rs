//! The palette catalogue: every entry, in both query languages, dropped into a blank machine
//! (on the Start edge, on the End edge, and into an empty one) validates with zero errors; the
//! entries' texts and defaults are what the palette promises.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions unwrap too

mod common;

use std::collections::BTreeSet;

use common::errors;
use serde_json::Value;
use statecraft_asl::catalog::{self, Category, LAMBDA_RETRY_ERRORS};
use statecraft_asl::gesture::{self, ScopePosition};
use statecraft_asl::graph::{Graph, NodeId};
use statecraft_asl::model::QueryLanguage;
use statecraft_asl::{Document, Format};

const LANGUAGES: [QueryLanguage; 2] = [QueryLanguage::JSONPath, QueryLanguage::JSONata];

/// The designer's blank document, in a query language.
fn blank(language: QueryLanguage) -> Document {
    let language_line = match language {
        QueryLanguage::JSONPath => "",
        QueryLanguage::JSONata => "  \"QueryLanguage\": \"JSONata\",\n",
    };
    let text = format!(
        "{{\n  \"Comment\": \"A new workflow\",\n{language_line}  \"StartAt\": \"Start here\",\n  \"States\": {{\n    \"Start here\": {{\n      \"Type\": \"Pass\",\n      \"End\": true\n    }}\n  }}\n}}\n"
    );
    Document::parse(text, Format::Json).unwrap()
}

fn empty(language: QueryLanguage) -> Document {
    let text = match language {
        QueryLanguage::JSONPath => "{\n  \"States\": {}\n}\n",
        QueryLanguage::JSONata => "{\n  \"QueryLanguage\": \"JSONata\",\n  \"States\": {}\n}\n",
    };
    Document::parse(text, Format::Json).unwrap()
}

#[test]
fn every_entry_in_both_languages_validates_wherever_it_is_dropped() {
    for entry in catalog::entries() {
        for language in LANGUAGES {
            let snippet = entry.snippet(language);
            let doc = blank(language);
            let graph = Graph::from_document(&doc);
            let start = graph.edges_from(&NodeId::Start).next().unwrap();
            let end = graph.edges_into(&NodeId::End).next().unwrap();
            for (place, edge) in [("start edge", start), ("end edge", end)] {
                let edit = gesture::insert_on_edge(&doc, edge, &snippet).unwrap();
                let out = doc.apply(&edit).unwrap();
                let errors = errors(&out);
                let terminal_on_start =
                    place == "start edge" && matches!(entry.id, "succeed" | "fail");
                if terminal_on_start {
                    // A Succeed or Fail before "Start here" leaves it unreachable: that is
                    // what the drop means, and validation says so.
                    assert!(errors.iter().all(|e| e.starts_with("SC1012")), "{errors:?}");
                    continue;
                }
                assert!(
                    errors.is_empty(),
                    "{} ({language:?}) on the {place}: {errors:#?}\n{}",
                    entry.id,
                    out.text()
                );
            }
            let edit =
                gesture::insert_into_scope(&empty(language), "", &ScopePosition::First, &snippet)
                    .unwrap();
            let out = empty(language).apply(&edit).unwrap();
            let errors = errors(&out);
            assert!(
                errors.is_empty(),
                "{} ({language:?}) into an empty machine: {errors:#?}\n{}",
                entry.id,
                out.text()
            );
        }
    }
}

#[test]
fn entries_have_unique_ids_and_one_line_texts() {
    let entries = catalog::entries();
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), entries.len(), "ids must be unique");
    for e in entries {
        assert!(!e.title.is_empty(), "{}", e.id);
        assert!(catalog::ICONS.contains(&e.icon), "{}: {}", e.id, e.icon);
        assert!(
            !e.description.is_empty() && !e.description.contains('\n'),
            "{}",
            e.id
        );
        assert!(!e.description.ends_with('.'), "{}: no full stop", e.id);
        assert_eq!(catalog::entry(e.id).map(|f| f.id), Some(e.id));
        assert!(Category::ALL.contains(&e.category));
    }
    // The eight state types are all there.
    for ty in [
        "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
    ] {
        let found = entries.iter().any(|e| {
            e.snippet(QueryLanguage::JSONPath).state()["Type"] == ty && e.category == Category::Flow
                || e.id == "task"
        });
        assert!(found, "{ty}");
    }
    assert!(catalog::entry("no-such-entry").is_none());
    let used: BTreeSet<&str> = entries.iter().map(|e| e.icon).collect();
    assert_eq!(
        used,
        catalog::ICONS.into_iter().collect(),
        "every icon is used"
    );
    assert!(catalog::ICONS.windows(2).all(|w| w[0] < w[1]), "sorted");
}

#[test]
fn search_matches_every_word_of_the_query() {
    let found: Vec<&str> = catalog::entries()
        .iter()
        .filter(|e| e.matches("dynamodb item"))
        .map(|e| e.id)
        .collect();
    assert_eq!(
        found,
        [
            "dynamodb-get-item",
            "dynamodb-put-item",
            "dynamodb-update-item"
        ]
    );
    assert!(catalog::entries().iter().all(|e| e.matches("")));
    assert!(catalog::entry("human-approval")
        .unwrap()
        .matches("APPROVAL task token"));
}

#[test]
fn integrations_use_the_right_resources_and_payload_fields() {
    let expected = [
        ("lambda-invoke", "arn:aws:states:::lambda:invoke"),
        ("sns-publish", "arn:aws:states:::sns:publish"),
        ("sqs-send-message", "arn:aws:states:::sqs:sendMessage"),
        ("dynamodb-get-item", "arn:aws:states:::dynamodb:getItem"),
        ("dynamodb-put-item", "arn:aws:states:::dynamodb:putItem"),
        (
            "dynamodb-update-item",
            "arn:aws:states:::dynamodb:updateItem",
        ),
        ("ecs-run-task", "arn:aws:states:::ecs:runTask.sync"),
        ("batch-submit-job", "arn:aws:states:::batch:submitJob.sync"),
        (
            "glue-start-job-run",
            "arn:aws:states:::glue:startJobRun.sync",
        ),
        (
            "sagemaker-create-training-job",
            "arn:aws:states:::sagemaker:createTrainingJob.sync",
        ),
        (
            "sfn-start-execution",
            "arn:aws:states:::states:startExecution.sync:2",
        ),
        (
            "eventbridge-put-events",
            "arn:aws:states:::events:putEvents",
        ),
        ("http-invoke", "arn:aws:states:::http:invoke"),
        (
            "bedrock-invoke-model",
            "arn:aws:states:::bedrock:invokeModel",
        ),
        (
            "human-approval",
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        ),
    ];
    for (id, resource) in expected {
        let entry = catalog::entry(id).unwrap();
        let path = entry.snippet(QueryLanguage::JSONPath);
        let ata = entry.snippet(QueryLanguage::JSONata);
        assert_eq!(path.state()["Resource"], resource, "{id}");
        assert_eq!(ata.state()["Resource"], resource, "{id}");
        assert!(path.state().get("Parameters").is_some(), "{id}");
        assert!(path.state().get("Arguments").is_none(), "{id}");
        assert!(ata.state().get("Arguments").is_some(), "{id}");
        let ata_text = ata.state().to_string();
        assert!(!ata_text.contains(".$\""), "{id}: {ata_text}");
        let path_text = path.state()["Parameters"].to_string();
        let fixed = [
            "ecs-run-task",
            "batch-submit-job",
            "glue-start-job-run",
            "http-invoke",
        ];
        assert_eq!(
            path_text.contains(".$\""),
            !fixed.contains(&id),
            "{id} takes data from its input: {path_text}"
        );
        assert!(!path_text.contains("{%"), "{id}: {path_text}");
    }
}

#[test]
fn lambda_retries_lambdas_transient_errors() {
    let lambda = catalog::entry("lambda-invoke")
        .unwrap()
        .snippet(QueryLanguage::JSONPath);
    let retry = &lambda.state()["Retry"][0];
    assert_eq!(
        retry["ErrorEquals"],
        Value::from(LAMBDA_RETRY_ERRORS.to_vec())
    );
    assert_eq!(retry["IntervalSeconds"], 1);
    assert_eq!(retry["MaxAttempts"], 3);
    assert_eq!(retry["BackoffRate"], 2);
    // And the validator's warning about Lambda tasks without such a retry stays quiet.
    let doc = blank(QueryLanguage::JSONPath);
    let graph = Graph::from_document(&doc);
    let edge = graph.edges_into(&NodeId::End).next().unwrap();
    let out = doc
        .apply(&gesture::insert_on_edge(&doc, edge, &lambda).unwrap())
        .unwrap();
    let warnings: Vec<_> = statecraft_asl::validate::validate(&out)
        .into_iter()
        .map(|d| d.code)
        .collect();
    assert!(!warnings.contains(&"SC9002"), "{warnings:?}");
}

#[test]
fn human_approval_waits_with_a_timeout_and_catches_timeout_and_rejection() {
    for language in LANGUAGES {
        let snippet = catalog::entry("human-approval").unwrap().snippet(language);
        let state = snippet.state();
        assert!(state["Resource"]
            .as_str()
            .unwrap()
            .ends_with(".waitForTaskToken"));
        assert_eq!(state["TimeoutSeconds"], 86400);
        let catchers: Vec<(&str, &str)> = state["Catch"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["ErrorEquals"][0].as_str().unwrap(),
                    c["Next"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            catchers,
            [
                ("States.Timeout", "Approval timed out"),
                ("Approval.Rejected", "Approval rejected")
            ]
        );
        let helpers: Vec<&str> = snippet.states[1..]
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(helpers, ["Approval timed out", "Approval rejected"]);
        let token = state.to_string();
        assert!(
            token.contains("$$.Task.Token") || token.contains("$states.context.Task.Token"),
            "{token}"
        );
    }
    // The designer draws it as a human approval.
    let doc = blank(QueryLanguage::JSONPath);
    let graph = Graph::from_document(&doc);
    let edge = graph.edges_into(&NodeId::End).next().unwrap();
    let snippet = catalog::entry("human-approval")
        .unwrap()
        .snippet(QueryLanguage::JSONPath);
    let out = doc
        .apply(&gesture::insert_on_edge(&doc, edge, &snippet).unwrap())
        .unwrap();
    let graph = Graph::from_document(&out);
    assert!(
        graph
            .state_at("/States/Wait for approval")
            .unwrap()
            .human_approval
    );
}

#[test]
fn dropping_an_entry_twice_gives_every_state_a_new_name() {
    let mut doc = blank(QueryLanguage::JSONPath);
    let snippet = catalog::entry("human-approval")
        .unwrap()
        .snippet(QueryLanguage::JSONPath);
    for _ in 0..2 {
        let graph = Graph::from_document(&doc);
        let edge = graph.edges_into(&NodeId::End).next().unwrap().clone();
        doc = doc
            .apply(&gesture::insert_on_edge(&doc, &edge, &snippet).unwrap())
            .unwrap();
    }
    // Each new state goes right after the state whose arrow it was dropped on.
    let value = doc.to_value();
    let names: Vec<&String> = value["States"].as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "Start here",
            "Wait for approval",
            "Wait for approval 2",
            "Approval timed out 2",
            "Approval rejected 2",
            "Approval timed out",
            "Approval rejected"
        ]
    );
    assert_eq!(
        value["States"]["Wait for approval 2"]["Catch"][1]["Next"],
        "Approval rejected 2"
    );
    assert!(errors(&doc).is_empty(), "{:#?}", errors(&doc));
    // Nested names are made unique too.
    let parallel = catalog::entry("parallel")
        .unwrap()
        .snippet(QueryLanguage::JSONPath);
    let unique = parallel.with_unique_names(&doc, &BTreeSet::new());
    assert_eq!(
        unique.names(),
        ["Parallel", "Branch 1 step", "Branch 2 step"]
    );
    let taken: BTreeSet<String> = unique.names().into_iter().collect();
    let again = parallel.with_unique_names(&doc, &taken);
    assert_eq!(
        again.names(),
        ["Parallel 2", "Branch 1 step 2", "Branch 2 step 2"]
    );
    assert_eq!(again.state()["Branches"][0]["StartAt"], "Branch 1 step 2");
}
