//! JSONata results that are sequences of one item, and the context object JSONata states see.
//!
//! Sources: JSONata's documentation (a path that selects one value gives that value, not a
//! one-item array; `$map`, `$filter` and friends return the single result for a one-item input;
//! an array held in the data stays an array; `[]` keeps a singleton array) and the AWS behaviour
//! reported for Step Functions in "Step Functions / JSONata: $map results with one element"
//! (qiita.com/kamo-shika, 2025: `$map`/`$distinct` over one item give the item, which then fails a
//! Map's `Items`; `[]` fixes it). The context object's fields follow the developer guide,
//! "Accessing execution data from the Context object" (`Map.Item.Index`/`Value` inside a Map's
//! ItemSelector; no `RetryCount` outside Task states, as recorded in the public conformance case
//! `test_query_context_object_values`).

use serde_json::{json, Value};
use statecraft_sim::{Execution, ExecutionOptions, ExecutionStatus};

fn output_of(expression: &str, input: Value) -> Value {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "Output": format!("{{% {expression} %}}"), "End": true}}});
    let mut execution =
        Execution::from_value(&definition, input, ExecutionOptions::default()).expect("runnable");
    execution.run();
    assert_eq!(
        execution.status(),
        ExecutionStatus::Succeeded,
        "{expression}"
    );
    execution.output().cloned().unwrap_or(Value::Null)
}

#[test]
fn one_item_sequences_are_their_item() {
    let one = json!({"a": [{"b": 1}], "same": [{"b": "x"}, {"b": "x"}]});
    let cases = [
        ("$states.input.a.b", json!(1)),
        ("$states.input.a[b=1]", json!({"b": 1})),
        ("$map($states.input.a, function($v){$v.b})", json!(1)),
        ("$filter($states.input.a.b, function($v){true})", json!(1)),
        ("$distinct($states.input.same.b)", json!("x")),
        // Kept as arrays: `[]`, an array constructor, an array in the data.
        ("$states.input.a.b[]", json!([1])),
        ("[$states.input.a.b]", json!([1])),
        ("$map($states.input.a, function($v){$v.b})[]", json!([1])),
        ("$states.input.a", json!([{"b": 1}])),
    ];
    for (expression, expected) in cases {
        assert_eq!(output_of(expression, one.clone()), expected, "{expression}");
    }
    // The last step's single array value stays an array; several are flattened.
    let nested = json!({"a": [{"b": [1]}], "two": [{"b": [1]}, {"b": [2]}]});
    assert_eq!(output_of("$states.input.a.b", nested.clone()), json!([1]));
    assert_eq!(output_of("$states.input.two.b", nested), json!([1, 2]));
}

#[test]
fn a_one_item_sequence_is_not_an_items_array() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "Items": "{% $map($states.input.a, function($v){$v}) %}",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}});
    let mut execution =
        Execution::from_value(&definition, json!({"a": [7]}), ExecutionOptions::default())
            .expect("runnable");
    execution.run();
    assert_eq!(execution.error(), Some("States.QueryEvaluationError"));
}

#[test]
fn context_object_in_jsonata_states() {
    let definition = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "Items": [5], "ItemSelector": "{% $states.context %}",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}});
    let mut execution =
        Execution::from_value(&definition, json!({"in": 0}), ExecutionOptions::default())
            .expect("runnable");
    execution.run();
    let context = &execution.output().expect("succeeded")[0];
    assert_eq!(context["Map"]["Item"], json!({"Index": 0, "Value": 5}));
    assert_eq!(context["Execution"]["Input"], json!({"in": 0}));
    assert_eq!(context["Execution"]["RedriveCount"], json!(0));
    assert_eq!(context["State"]["Name"], json!("M"));
    assert!(context["State"].get("RetryCount").is_none());
    assert!(context.get("Task").is_none());
}
