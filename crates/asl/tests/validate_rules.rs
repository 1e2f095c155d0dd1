//! One case per rule: a small definition that breaks it, and the code it must get. A test checks
//! that every code has a case, so a rule cannot disappear without a failing test. Other tests check
//! positions and pointers, and that near misses are not reported.

use statecraft_asl::validate::{codes, validate, Diagnostic, Severity};
use statecraft_asl::{Document, Format};

fn diagnose(json: &str) -> Vec<Diagnostic> {
    let doc = Document::parse(json, Format::Json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    validate(&doc)
}

fn codes_of(json: &str) -> Vec<&'static str> {
    diagnose(json).into_iter().map(|d| d.code).collect()
}

/// A one-state machine around `state` (named "S").
fn one(state: &str) -> String {
    format!(r#"{{"StartAt": "S", "States": {{"S": {state}}}}}"#)
}

/// A one-state JSONata machine around `state`.
fn one_jsonata(state: &str) -> String {
    format!(r#"{{"QueryLanguage": "JSONata", "StartAt": "S", "States": {{"S": {state}}}}}"#)
}

/// (code, definition that breaks the rule)
fn cases() -> Vec<(&'static str, String)> {
    vec![
        ("SC1001", one(r#"{"Type": "Pass", "End": true, "End": true}"#)),
        ("SC1002", "[1, 2]".into()),
        ("SC1002", r#"{"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}, "QueryLanguage": "JSONata"}}"#.into()),
        ("SC1003", r#"{"States": {"S": {"Type": "Succeed"}}}"#.into()),
        ("SC1004", r#"{"StartAt": "Nope", "States": {"S": {"Type": "Succeed"}}}"#.into()),
        ("SC1005", r#"{"StartAt": "S"}"#.into()),
        ("SC1005", r#"{"StartAt": "S", "States": {}}"#.into()),
        ("SC1006", one(r#"{"Type": "Lambda", "End": true}"#)),
        ("SC1006", one(r#"{"End": true}"#)),
        ("SC1007", one(r#"{"Type": "Pass", "Next": "Missing"}"#)),
        ("SC1007", r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "P"}}}]}}}"#.into()),
        ("SC1008", one(r#"{"Type": "Pass"}"#)),
        ("SC1009", one(r#"{"Type": "Pass", "Next": "S", "End": true}"#)),
        ("SC1010", one(r#"{"Type": "Succeed", "End": true}"#)),
        ("SC1011", r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
            "StartAt": "M", "States": {"M": {"Type": "Pass", "End": true}}}}}}"#.into()),
        ("SC1012", r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#.into()),
        ("SC1013", r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"#.into()),
        ("SC2001", one(r#"{"Type": "Succeed", "Resource": "arn:aws:states:::lambda:invoke"}"#)),
        ("SC2001", r#"{"StartAt": "S", "Version": "1.0", "Next": "S", "States": {"S": {"Type": "Succeed"}}}"#.into()),
        ("SC2002", one_jsonata(r#"{"Type": "Pass", "InputPath": "$.a", "End": true}"#)),
        ("SC2002", one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Arguments": {}, "End": true}"#)),
        ("SC2003", one(r#"{"Type": "Pass", "bugInputPath": "$.a", "End": true}"#)),
        ("SC2004", one(r#"{"Type": "Pass", "Comment": 5, "End": true}"#)),
        ("SC2004", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Credentials": null, "End": true}"#)),
        ("SC2005", one(r#"{"Type": "Task", "End": true}"#)),
        ("SC2005", one(r#"{"Type": "Parallel", "End": true}"#)),
        ("SC2005", one(r#"{"Type": "Map", "End": true}"#)),
        ("SC2006", one(r#"{"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}"#)),
        ("SC2006", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t", "End": true}"#)),
        ("SC2007", one(r#"{"Type": "Map", "End": true, "ToleratedFailurePercentage": 105, "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}"#)),
        ("SC2008", r#"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"#.into()),
        ("SC2008", one(r#"{"Type": "Pass", "QueryLanguage": "Python", "End": true}"#)),
        ("SC3001", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": []}], "End": true}"#)),
        ("SC3001", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Catch": [{"ErrorEquals": [true], "Next": "S"}], "End": true}"#)),
        ("SC3002", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": ["States.ALL", "X"]}], "End": true}"#)),
        ("SC3003", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}], "End": true}"#)),
        ("SC3004", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": ["X"], "BackoffRate": 0.5}], "End": true}"#)),
        ("SC3004", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 0}], "End": true}"#)),
        ("SC3004", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}], "End": true}"#)),
        ("SC4001", one(r#"{"Type": "Pass", "InputPath": "bug$.a", "End": true}"#)),
        ("SC4001", one(r#"{"Type": "Pass", "ResultPath": "$foo", "End": true}"#)),
        ("SC4002", one(r#"{"Type": "Pass", "Parameters": {"x.$": "States.MathAdd(1,'-1')"}, "End": true}"#)),
        ("SC4002", one(r#"{"Type": "Pass", "Parameters": {"x.$": "States.Nope($.a)"}, "End": true}"#)),
        ("SC4003", one(r#"{"Type": "Pass", "Parameters": {"lorem.$": "ipsum"}, "End": true}"#)),
        ("SC4004", one(r#"{"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.a"}, "End": true}"#)),
        ("SC4005", one_jsonata(r#"{"Type": "Pass", "Output": "{% 10 %", "End": true}"#)),
        ("SC4005", one_jsonata(r#"{"Type": "Choice", "Choices": [{"Condition": "true", "Next": "T"}], "Default": "T"}, "T": {"Type": "Succeed"}"#)),
        ("SC4006", one_jsonata(r#"{"Type": "Pass", "Output": "{% 10 + * 2 %}", "End": true}"#)),
        ("SC4006", one_jsonata(r#"{"Type": "Pass", "Assign": {"a": [{"b": "{% $sum($states.input %}"}]}, "End": true}"#)),
        ("SC4007", one(r#"{"Type": "Task", "Resource": "${lambdaArn", "End": true}"#)),
        ("SC5001", one(r#"{"Type": "Wait", "End": true}"#)),
        ("SC5001", one(r#"{"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s", "End": true}"#)),
        ("SC5002", one(r#"{"Type": "Wait", "Timestamp": "2024-13-01T00:00:00Z", "End": true}"#)),
        ("SC5002", r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.t", "TimestampEquals": "yesterday", "Next": "T"}]}, "T": {"Type": "Succeed"}}}"#.into()),
        ("SC5003", r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1, "End": true}], "Default": "T"}, "T": {"Type": "Succeed"}}}"#.into()),
        ("SC5003", r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": 1, "StringEquals": "x", "Next": "T"}]}, "T": {"Type": "Succeed"}}}"#.into()),
        ("SC5003", r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.a", "IsNull": true, "Next": "T"}, "Next": "T"}]}, "T": {"Type": "Succeed"}}}"#.into()),
        ("SC5004", r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "1", "Next": "T"}]}, "T": {"Type": "Succeed"}}}"#.into()),
        ("SC5005", one(r#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:F:", "End": true}"#)),
        ("SC5005", one(r#"{"Type": "Task", "Resource": "lambda-function", "End": true}"#)),
        ("SC5006", one(r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "TimeoutSeconds": 10, "HeartbeatSeconds": 10, "End": true}"#)),
        ("SC5007", one(r#"{"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}"#)),
        ("SC5007", one(r#"{"Type": "Map", "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "PARALLEL"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}"#)),
        ("SC6001", format!(r#"{{"StartAt": "{n}", "States": {{"{n}": {{"Type": "Succeed"}}}}}}"#, n = "x".repeat(81))),
        ("SC6002", one(r#"{"Type": "Map", "End": true, "Label": "has space", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}"#)),
        ("SC6002", one(&format!(r#"{{"Type": "Map", "End": true, "Label": "{}", "ItemProcessor": {{"StartAt": "I", "States": {{"I": {{"Type": "Succeed"}}}}}}}}"#, "L".repeat(41)))),
        ("SC6003", one(r#"{"Type": "Wait", "Seconds": 100000000, "End": true}"#)),
        ("SC6004", one(&format!(r#"{{"Type": "Pass", "Result": "{}", "End": true}}"#, "x".repeat(1_100_000)))),
        ("SC9001", r#"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "B"}], "Default": "D"},
            "B": {"Type": "Pass", "Next": "B"}, "D": {"Type": "Succeed"}}}"#.into()),
        ("SC9002", one(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}"#)),
        ("SC9003", one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}"#)),
        ("SC9004", one(r#"{"Type": "Pass", "Parameters": {"id": "$$.Execution.Id"}, "End": true}"#)),
        ("SC9005", one(r#"{"Type": "Pass", "Result": {"id.$": "$.id"}, "End": true}"#)),
        ("SC9006", one(r#"{"Type": "Fail", "Error": "$.error"}"#)),
    ]
}

#[test]
fn every_rule_reports_its_code() {
    for (code, json) in cases() {
        let found = codes_of(&json);
        assert!(
            found.contains(&code),
            "expected {code}, got {found:?} for\n{json}"
        );
    }
}

#[test]
fn a_definition_just_under_a_megabyte_is_accepted() {
    let json = one(&format!(
        r#"{{"Type": "Pass", "Result": "{}", "End": true}}"#,
        "x".repeat(1_000_000)
    ));
    assert!(!codes_of(&json).contains(&"SC6004"));
}

#[test]
fn every_code_has_a_case() {
    let covered: Vec<&str> = cases().iter().map(|(c, _)| *c).collect();
    for code in codes::ALL {
        // SC0001 (a file that does not parse) and SC0002 (a file that cannot be read) are the
        // CLI's; tests/cli_validate.rs and tests/cli_hardening.rs cover them.
        if code.id != "SC0001" && code.id != "SC0002" {
            assert!(covered.contains(&code.id), "no case for {}", code.id);
        }
    }
}

#[test]
fn warnings_have_warning_severity_and_errors_error() {
    for code in codes::ALL {
        let expected = if code.id.starts_with("SC9") {
            Severity::Warning
        } else {
            Severity::Error
        };
        assert_eq!(code.severity, expected, "{}", code.id);
    }
}

#[test]
fn diagnostics_carry_pointer_and_line_column_and_are_sorted() {
    let json = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Gone\"},\n    \"B\": {\"Type\": \"Pass\"}\n  }\n}";
    let found = diagnose(json);
    let next = found.iter().find(|d| d.code == "SC1007").unwrap();
    assert_eq!(next.pointer, "/States/A/Next");
    assert_eq!((next.position.line, next.position.column), (4, 35));
    assert!(next.message.contains("\"Gone\"") && next.message.contains("\"A\""));
    let unreachable = found.iter().find(|d| d.code == "SC1012").unwrap();
    assert_eq!(unreachable.pointer, "/States/B");
    assert_eq!(
        (unreachable.position.line, unreachable.position.column),
        (5, 5)
    );
    let mut sorted = found.clone();
    sorted.sort_by_key(|d| (d.position, d.code));
    assert_eq!(found, sorted);
}

#[test]
fn a_catch_next_that_is_not_a_string_says_so() {
    let json = one(
        r#"{"Type": "Task", "Resource": "arn:aws:swf:us-east-1:1:task:X", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": 7}], "End": true}"#,
    );
    let found = diagnose(&json);
    let wrong = found
        .iter()
        .find(|d| d.pointer == "/States/S/Catch/0/Next")
        .unwrap_or_else(|| panic!("no diagnostic at the catcher's Next: {found:?}"));
    assert_eq!(wrong.code, codes::WRONG_TYPE.id);
    assert_eq!(wrong.message, "Next must be a string, not a number");
}

#[test]
fn yaml_definitions_get_positions_too() {
    let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Gone\n";
    let doc = Document::parse(yaml, Format::Yaml).unwrap();
    let found = validate(&doc);
    let next = found.iter().find(|d| d.code == "SC1007").unwrap();
    assert_eq!((next.position.line, next.position.column), (5, 11));
}

#[test]
fn placeholders_are_accepted_where_strings_numbers_and_paths_go() {
    let json = one(
        r#"{"Type": "Task", "Resource": "${FunctionArn}", "TimeoutSeconds": "${Timeout}",
            "Parameters": {"FunctionName": "arn:${AWS::Partition}:lambda:${AWS::Region}:1:function:f", "x.$": "$.${Field}"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": "${Attempts}"}], "End": true}"#,
    );
    let errors: Vec<_> = diagnose(&json)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn near_misses_are_not_reported() {
    let clean = [
        // End: false with Next is a plain transition.
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": false}, "B": {"Type": "Succeed"}}}"#.to_string(),
        // Null InputPath/OutputPath/ResultPath are allowed.
        one(r#"{"Type": "Pass", "InputPath": null, "OutputPath": null, "ResultPath": null, "End": true}"#),
        // Literal strings in JSONata states, and multi-line expressions.
        one_jsonata(r#"{"Type": "Pass", "Output": {"a": "10 %}", "b": "{% $states.input\n  .x %}"}, "End": true}"#),
        // Retry with States.ALL last and alone; Lambda transient errors covered.
        one(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [
            {"ErrorEquals": ["Lambda.ServiceException"], "BackoffRate": 1},
            {"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": 5, "JitterStrategy": "FULL"}], "End": true}"#),
        // Function ARN with alias and $LATEST.
        one(r#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:F:$LATEST", "Retry": [{"ErrorEquals": ["States.TaskFailed"]}], "End": true}"#),
        // Choice with And, Not and a Path operand; timestamps with offsets.
        r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"And": [
            {"Variable": "$.a", "NumericGreaterThanPath": "$.b"},
            {"Not": {"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00+01:00"}}], "Next": "T"}], "Default": "T"},
            "T": {"Type": "Succeed"}}}"#.to_string(),
        // Callback with heartbeat.
        one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 60, "End": true}"#),
    ];
    for json in clean {
        let found = diagnose(&json);
        assert!(found.is_empty(), "{found:#?}\n{json}");
    }
}

#[test]
fn expression_errors_point_inside_the_string() {
    // One placeholder, two values: the diagnostic points where the parser found the problem,
    // past the string's opening quote, not at the quote.
    let json = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"States.Format('{}', $.a, $.b)\"}, \"End\": true}}}";
    let found = diagnose(json);
    let d = found
        .iter()
        .find(|d| d.code == "SC4002")
        .expect("an intrinsic error");
    let string_start = json.find("\"States.Format").expect("the call") + 1;
    assert!(d.position.column > string_start, "{d:?}");
    assert_eq!(d.pointer, "/States/S/Parameters/x.$");
}

/// The legacy Map form (`Iterator`, `Parameters`) with the newer `ProcessorConfig` inside the
/// `Iterator`: AWS accepts it. Source: AWS Step Functions developer guide, "Map state fields
/// deprecated" (concepts-asl-use-map-state-inline.html#map-state-inline-deprecated-fields:
/// `Iterator` and `Parameters` are replaced by `ItemProcessor` and `ItemSelector` but still
/// supported), and aws-cdk's Map construct, which writes `Iterator` with a `ProcessorConfig`.
#[test]
fn legacy_map_with_processor_config_is_accepted() {
    for mode in ["INLINE", "DISTRIBUTED"] {
        let json = one(&format!(
            r#"{{"Type": "Map", "ItemsPath": "$.items", "Parameters": {{"v.$": "$$.Map.Item.Value"}},
                "Iterator": {{"ProcessorConfig": {{"Mode": "{mode}", "ExecutionType": "STANDARD"}},
                             "StartAt": "P", "States": {{"P": {{"Type": "Pass", "End": true}}}}}},
                "End": true}}"#
        ));
        assert_eq!(codes_of(&json), Vec::<&str>::new(), "{mode}");
    }
    // A ProcessorConfig in the Iterator is still checked like one in an ItemProcessor.
    let bad = one(r#"{"Type": "Map", "ItemsPath": "$.items",
            "Iterator": {"ProcessorConfig": {"Mode": "SIDEWAYS"},
                         "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "End": true}"#);
    assert!(!codes_of(&bad).is_empty());
    // A Parallel branch still has no ProcessorConfig.
    let branch = one(
        r#"{"Type": "Parallel", "Branches": [{"ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}], "End": true}"#,
    );
    assert_eq!(codes_of(&branch).len(), 1);
}
