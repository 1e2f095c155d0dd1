//! The library against a real Step Functions API: moto's server on 127.0.0.1 (see
//! `scripts/install-test-deps`). Each test starts its own server.

#![allow(clippy::unwrap_used)] // test helpers, where a panic is the report

mod support;

use std::time::Duration;

use statecraft_asl::{Document, Format};
use statecraft_cloud::publish::prepare;
use statecraft_cloud::{
    Cloud, CloudError, LoggingLevel, PrepareError, PublishAction, PublishRequest, RemoteValidation,
    StateMachineType, Substitutions,
};
use support::{free_port, Moto, ROLE_ARN};

const PASS: &str = r#"{
  "Comment": "greets",
  "StartAt": "Greet",
  "States": {
    "Greet": { "Type": "Pass", "Result": "${Greeting}", "ResultPath": "$.greeting", "End": true }
  }
}"#;

const FAIL: &str = r#"{"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Broken", "Cause": "on purpose"}}}"#;

fn request(name: &str, definition: String) -> PublishRequest {
    PublishRequest {
        name: name.into(),
        definition,
        role_arn: ROLE_ARN.into(),
        kind: StateMachineType::Standard,
        logging_level: LoggingLevel::Off,
        log_group_arn: None,
        include_execution_data: false,
        tracing: false,
        publish_version: false,
        version_description: None,
    }
}

fn prepared(text: &str, greeting: &str) -> String {
    let doc = Document::parse(text, Format::Json).unwrap();
    let subs = Substitutions::from_pairs([("Greeting", greeting)]);
    prepare(&doc, Some(&subs)).unwrap().definition
}

#[test]
fn create_update_describe_list_and_identity() {
    let moto = Moto::start();
    let cloud = Cloud::connect(&moto.options()).unwrap();
    assert_eq!(cloud.region(), "eu-west-1");

    let who = cloud.identity().unwrap();
    assert_eq!(who.account, "123456789012");
    assert!(who.arn.starts_with("arn:aws:sts::123456789012:"), "{who:?}");

    let first = cloud
        .publish(&request("greeter", prepared(PASS, "hello")))
        .unwrap();
    assert_eq!(first.action, PublishAction::Created);
    assert!(first.state_machine_arn.ends_with(":stateMachine:greeter"));
    assert_eq!(first.version_arn, None);

    let mut update = request("greeter", prepared(PASS, "bonjour"));
    update.publish_version = true;
    update.version_description = Some("French".into());
    let second = cloud.publish(&update).unwrap();
    assert_eq!(second.action, PublishAction::Updated);
    assert_eq!(second.state_machine_arn, first.state_machine_arn);
    assert!(second.version_arn.is_some(), "{second:?}");

    let details = cloud.describe_state_machine("greeter").unwrap();
    assert_eq!(details.arn, first.state_machine_arn);
    assert_eq!(details.kind, Some(StateMachineType::Standard));
    assert_eq!(details.role_arn, ROLE_ARN);
    let definition = details.definition_value().unwrap();
    assert_eq!(definition["States"]["Greet"]["Result"], "bonjour");
    // The same by ARN.
    assert_eq!(
        cloud
            .describe_state_machine(&first.state_machine_arn)
            .unwrap()
            .name,
        "greeter"
    );

    for name in ["zeta", "alpha"] {
        cloud.publish(&request(name, prepared(PASS, name))).unwrap();
    }
    // Pages of one item: every page is read, and the list comes back sorted by name.
    let cloud = cloud.with_page_size(1);
    let names: Vec<String> = cloud
        .list_state_machines()
        .unwrap()
        .into_iter()
        .map(|sm| sm.name)
        .collect();
    assert_eq!(names, ["alpha", "greeter", "zeta"]);
}

#[test]
fn remote_validation_is_skipped_where_the_endpoint_lacks_it() {
    let moto = Moto::start();
    let cloud = Cloud::connect(&moto.options()).unwrap();
    match cloud
        .validate_definition(&prepared(PASS, "hi"), StateMachineType::Standard)
        .unwrap()
    {
        RemoteValidation::Skipped { reason } => assert!(!reason.is_empty()),
        // A moto that learns the operation answers properly; that is fine too.
        RemoteValidation::Passed { .. } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn start_and_history_of_succeeded_and_failed_runs() {
    let moto = Moto::start();
    let cloud = Cloud::connect(&moto.options()).unwrap().with_page_size(2);
    cloud
        .publish(&request("greeter", prepared(PASS, "hello")))
        .unwrap();
    let report = cloud
        .run(
            "greeter",
            r#"{"who": "Ada"}"#,
            Some("first"),
            Duration::from_secs(30),
        )
        .unwrap();
    assert_eq!(report.status, "SUCCEEDED", "{report:?}");
    assert!(report.execution_arn.ends_with(":execution:greeter:first"));
    assert_eq!(
        report.output,
        serde_json::json!({"who": "Ada", "greeting": "hello"})
    );
    assert_eq!(report.error, None);
    // History in pages of two, read to the end.
    let types: Vec<&str> = report
        .events
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    let ids: Vec<i64> = report
        .events
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3, 4]);
    let first = &report.events[0];
    assert!(
        first["timestamp"].as_str().unwrap().ends_with('Z'),
        "{first}"
    );
    assert_eq!(first["executionStartedEventDetails"]["roleArn"], ROLE_ARN);
    let json = serde_json::to_value(&report).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["status", "output", "error", "cause", "events"]);

    let fail_doc = Document::parse(FAIL, Format::Json).unwrap();
    cloud
        .publish(&request(
            "breaker",
            prepare(&fail_doc, None).unwrap().definition,
        ))
        .unwrap();
    let report = cloud
        .run("breaker", "{}", Some("boom"), Duration::from_secs(30))
        .unwrap();
    assert_eq!(report.status, "FAILED");
    assert_eq!(report.error.as_deref(), Some("Broken"));
    assert_eq!(report.cause.as_deref(), Some("on purpose"));
    assert_eq!(report.output, serde_json::Value::Null);
    assert_eq!(
        report.events.last().unwrap()["executionFailedEventDetails"]["error"],
        "Broken"
    );
}

#[test]
fn unknown_names_and_arns_say_they_do_not_exist() {
    let moto = Moto::start();
    let cloud = Cloud::connect(&moto.options()).unwrap();
    let err = cloud.describe_state_machine("nope").unwrap_err();
    assert!(matches!(err, CloudError::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("`nope` does not exist"), "{err}");
    let arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:ghost";
    let err = cloud.describe_state_machine(arn).unwrap_err();
    assert!(matches!(err, CloudError::NotFound { .. }), "{err:?}");
    let err = cloud
        .run("nope", "{}", None, Duration::from_secs(1))
        .unwrap_err();
    assert!(matches!(err, CloudError::NotFound { .. }), "{err:?}");
    let err = cloud
        .run("nope", "not json", None, Duration::from_secs(1))
        .unwrap_err();
    assert!(err.to_string().contains("not JSON"), "{err}");
}

#[test]
fn invalid_definitions_and_type_changes_are_refused() {
    let moto = Moto::start();
    let cloud = Cloud::connect(&moto.options()).unwrap();
    // Well-formed JSON that is not a state machine: local validation refuses it (with its
    // rules) before any call...
    let bogus = r#"{"StartAt": "A", "States": {"A": {"Type": "Bogus"}}}"#;
    let doc = Document::parse(bogus, Format::Json).unwrap();
    if let Err(err) = prepare(&doc, None) {
        assert!(
            matches!(err, PrepareError::Invalid(ref d) if !d.is_empty()),
            "{err}"
        );
    }
    // ...and the service refuses it too, in plain words, when it is sent anyway.
    let err = cloud
        .publish(&request("bogus", bogus.to_owned()))
        .unwrap_err();
    assert!(
        matches!(err, CloudError::InvalidDefinition { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("AWS rejected the definition"),
        "{err}"
    );
    assert!(cloud.find_state_machine("bogus").unwrap().is_none());

    cloud
        .publish(&request("steady", prepared(PASS, "hi")))
        .unwrap();
    let mut express = request("steady", prepared(PASS, "hi"));
    express.kind = StateMachineType::Express;
    let err = cloud.publish(&express).unwrap_err();
    assert!(matches!(err, CloudError::TypeMismatch { .. }), "{err:?}");
    assert!(err.to_string().contains("exists as STANDARD"), "{err}");
}

#[test]
fn missing_substitutions_stop_before_any_call() {
    let doc = Document::parse(PASS, Format::Json).unwrap();
    let err = prepare(&doc, Some(&Substitutions::default())).unwrap_err();
    let PrepareError::MissingSubstitutions(missing) = err else {
        panic!("{err}")
    };
    assert_eq!(missing.missing.len(), 1);
    assert_eq!(missing.missing[0].name, "Greeting");
    assert_eq!(missing.missing[0].position.to_string(), "5:43");
}

#[test]
fn an_unreachable_endpoint_is_reported_plainly() {
    let port = free_port();
    let mut options = Moto::options_for(&format!("http://127.0.0.1:{port}"));
    options.max_attempts = Some(1);
    let cloud = Cloud::connect(&options).unwrap();
    let err = cloud.list_state_machines().unwrap_err();
    assert!(matches!(err, CloudError::Unreachable { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot reach http://127.0.0.1:{port}")),
        "{err}"
    );
}

#[test]
fn rejected_credentials_are_reported_as_access_denied() {
    // moto checks every request against its IAM users from the first one; ours are unknown.
    let moto = Moto::start_with_env(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
    let cloud = Cloud::connect(&moto.options()).unwrap();
    let err = cloud.list_state_machines().unwrap_err();
    assert!(matches!(err, CloudError::AccessDenied { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("AWS denied ListStateMachines: The security token"),
        "{text}"
    );
    assert!(
        text.contains("check that the identity has permission"),
        "{text}"
    );
    let err = cloud.identity().unwrap_err();
    assert!(matches!(err, CloudError::AccessDenied { .. }), "{err:?}");
}
