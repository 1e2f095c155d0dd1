//! The `expr` API as the validator uses it: one call per field, errors with positions.

use serde_json::json;
use statecraft_asl::expr::intrinsic::{self, Function};
use statecraft_asl::expr::path::{parse_path, parse_path_field, PathKind, Root};
use statecraft_asl::expr::template;

#[test]
fn path_fields_follow_aws_rules() {
    assert!(parse_path_field("InputPath", &json!(null))
        .unwrap()
        .is_none());
    assert!(parse_path_field("OutputPath", &json!(null))
        .unwrap()
        .is_none());
    assert!(parse_path_field("ResultPath", &json!(null))
        .unwrap()
        .is_none());
    assert!(parse_path_field("ItemsPath", &json!(null)).is_err());

    let result = parse_path_field("ResultPath", &json!("$.a[0].b"))
        .unwrap()
        .unwrap();
    assert_eq!(result.normalized(), "$['a'][0]['b']");
    for bad in [
        "$.a[*]",
        "$..a",
        "$.a[?(@.x)]",
        "$.a[0:2]",
        "$$.Execution",
        "$v.a",
    ] {
        let err = parse_path_field("ResultPath", &json!(bad)).unwrap_err();
        assert!(err.position < bad.chars().count(), "{bad}: {err}");
    }
    assert_eq!(
        parse_path("$myVar.field", PathKind::Path).unwrap().root,
        Root::Variable("myVar".into())
    );
    assert!(parse_path_field("ItemsPath", &json!("$items")).is_ok());
    assert!(parse_path_field("InputPath", &json!("$.users[?(@.status == 0)]")).is_ok());
}

#[test]
fn intrinsics_and_templates() {
    let call = intrinsic::parse("States.Hash(States.JsonToString($.a), 'SHA-512')").unwrap();
    assert_eq!(call.function, Function::Hash);
    let err = intrinsic::parse("States.Hash($.a, 'CRC32')").unwrap_err();
    assert_eq!(err.position, 17);
    assert_eq!(Function::ALL.len(), 18);

    let problems = template::check(&json!({
        "ok.$": "States.UUID()",
        "items": [{"bad.$": "States.ArrayRange(1, 2)"}],
        "ctx.$": "$$.Map.Item.Value",
        "text.$": "not a path",
    }));
    let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(pointers, ["/items/0/bad.$", "/text.$"]);
    assert!(problems[0].message.contains("takes 3 arguments"));
}
