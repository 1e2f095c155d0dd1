//! The eight state types, each with the least a valid state of that type needs.

use serde_json::{json, Value};

use super::{Category, Entry, Snippet};
use crate::model::QueryLanguage;

fn by_language(language: QueryLanguage, jsonpath: Value, jsonata: Value) -> Value {
    match language {
        QueryLanguage::JSONPath => jsonpath,
        QueryLanguage::JSONata => jsonata,
    }
}

/// A Choice rule to start from, without its `Next`: a comparison on the input in `language`.
pub fn default_choice_rule(language: QueryLanguage) -> Value {
    by_language(
        language,
        json!({"Variable": "$.approved", "BooleanEquals": true}),
        json!({"Condition": "{% $states.input.approved = true %}"}),
    )
}

pub(super) const PASS: Entry = Entry {
    id: "pass",
    title: "Pass",
    description: "Passes its input on, optionally reshaped or with fixed data added",
    category: Category::Flow,
    icon: "pass",
    build: |_| Snippet::single("Pass", json!({"Type": "Pass"})),
};

pub(super) const CHOICE: Entry = Entry {
    id: "choice",
    title: "Choice",
    description: "Picks the next state by rules on the data, with a default path",
    category: Category::Flow,
    icon: "choice",
    build: |language| {
        let rule = default_choice_rule(language);
        Snippet::single("Choice", json!({"Type": "Choice", "Choices": [rule]}))
    },
};

pub(super) const WAIT: Entry = Entry {
    id: "wait",
    title: "Wait",
    description: "Pauses the workflow for a time or until a date and time",
    category: Category::Flow,
    icon: "wait",
    build: |_| Snippet::single("Wait", json!({"Type": "Wait", "Seconds": 10})),
};

pub(super) const SUCCEED: Entry = Entry {
    id: "succeed",
    title: "Succeed",
    description: "Ends the workflow (or branch) successfully",
    category: Category::Flow,
    icon: "succeed",
    build: |_| Snippet::single("Success", json!({"Type": "Succeed"})),
};

pub(super) const FAIL: Entry = Entry {
    id: "fail",
    title: "Fail",
    description: "Ends the workflow with an error and a cause",
    category: Category::Flow,
    icon: "fail",
    build: |_| {
        Snippet::single(
            "Fail",
            json!({"Type": "Fail", "Error": "WorkflowFailed", "Cause": "The workflow could not complete"}),
        )
    },
};

pub(super) const PARALLEL: Entry = Entry {
    id: "parallel",
    title: "Parallel",
    description: "Runs branches at the same time and waits for all of them",
    category: Category::Flow,
    icon: "parallel",
    build: |_| {
        let branch =
            |name: &str| json!({"StartAt": name, "States": {name: {"Type": "Pass", "End": true}}});
        Snippet::single(
            "Parallel",
            json!({"Type": "Parallel", "Branches": [branch("Branch 1 step"), branch("Branch 2 step")]}),
        )
    },
};

pub(super) const MAP: Entry = Entry {
    id: "map",
    title: "Map",
    description: "Runs the same steps for each item of a list",
    category: Category::Flow,
    icon: "map",
    build: |language| {
        let processor = json!({
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "Process item",
            "States": {"Process item": {"Type": "Pass", "End": true}}
        });
        let state = by_language(
            language,
            json!({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor}),
            json!({"Type": "Map", "Items": "{% $states.input.items %}", "ItemProcessor": processor}),
        );
        Snippet::single("Map", state)
    },
};

pub(super) const TASK: Entry = Entry {
    id: "task",
    title: "Task",
    description: "Runs work elsewhere: an activity, a function or any AWS API",
    category: Category::Compute,
    icon: "task",
    build: |_| {
        Snippet::single(
            "Task",
            json!({
                "Type": "Task",
                "Resource": "arn:aws:states:us-east-1:123456789012:activity:MyActivity",
                "TimeoutSeconds": 300
            }),
        )
    },
};
