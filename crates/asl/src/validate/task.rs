//! Task states: Resource (present, an ARN, a well-formed Lambda function ARN), Credentials,
//! HeartbeatSeconds below TimeoutSeconds; and the warnings about Lambda tasks without a retry on
//! Lambda's transient errors and callback tasks that can wait forever.

use super::structure::article;
use super::{codes, placeholders, ptr, Checker, StateCx};
use crate::tree::Node;

/// Lambda's transient errors, which AWS recommends retrying on every Lambda task.
const LAMBDA_TRANSIENT: &[&str] = &[
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// Checks a Task state.
pub(crate) fn check(cx: &mut Checker, st: &StateCx) {
    let resource = st.member("Resource");
    match resource {
        None => cx.at(
            codes::FIELD_MISSING,
            st.node,
            &st.pointer,
            format!(
                "the Task state \"{}\" has no Resource; add the ARN of what it runs, such as \"arn:aws:states:::lambda:invoke\"",
                st.name
            ),
        ),
        Some(m) => {
            if let Some(arn) = m.value.as_str() {
                check_resource(cx, st, &m.value, arn);
            }
        }
    }
    check_credentials(cx, st);
    check_heartbeat(cx, st);
    let arn = resource.and_then(|m| m.value.as_str()).unwrap_or("");
    if is_lambda(arn) && !retries_lambda_errors(st.node) {
        let at = resource.map_or(st.node, |m| &m.value);
        cx.at(
            codes::LAMBDA_NO_RETRY,
            at,
            &st.field_pointer("Resource"),
            format!(
                "the Lambda task \"{}\" has no Retry for Lambda's transient errors; add a retrier with \"ErrorEquals\": [\"Lambda.ServiceException\", \"Lambda.AWSLambdaException\", \"Lambda.SdkClientException\", \"Lambda.TooManyRequestsException\"]",
                st.name
            ),
        );
    }
    let timed = [
        "TimeoutSeconds",
        "TimeoutSecondsPath",
        "HeartbeatSeconds",
        "HeartbeatSecondsPath",
    ]
    .iter()
    .any(|f| st.member(f).is_some());
    if arn.ends_with(".waitForTaskToken") && !timed {
        if let Some(m) = resource {
            cx.at(
                codes::CALLBACK_NO_TIMEOUT,
                &m.value,
                &st.field_pointer("Resource"),
                format!(
                    "\"{}\" waits for a task token with no TimeoutSeconds or HeartbeatSeconds, so a lost token keeps the execution waiting for up to a year; add \"HeartbeatSeconds\" or \"TimeoutSeconds\"",
                    st.name
                ),
            );
        }
    }
}

fn check_resource(cx: &mut Checker, st: &StateCx, node: &Node, arn: &str) {
    if arn.contains("${") || arn.starts_with("{%") {
        return;
    }
    let pointer = st.field_pointer("Resource");
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() < 6 || parts[0] != "arn" || parts[1].is_empty() || parts[2].is_empty() {
        cx.at(
            codes::RESOURCE_INVALID,
            node,
            &pointer,
            format!(
                "Resource \"{arn}\" of \"{}\" is not an ARN; write arn:partition:service:region:account:resource, such as \"arn:aws:states:::lambda:invoke\"",
                st.name
            ),
        );
        return;
    }
    if parts[2] == "lambda" && parts[5] == "function" {
        let name_ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        let problem = match &parts[6..] {
            [] => Some("it names no function".to_owned()),
            [name] | [name, _] if !name_ok(name) => Some(format!(
                "\"{name}\" is not a function name (letters, digits, - and _)"
            )),
            [_] => None,
            [_, qualifier] if *qualifier == "$LATEST" || name_ok(qualifier) => None,
            [_, qualifier] => Some(format!(
                "\"{qualifier}\" is not a version or alias (letters, digits, - and _, or $LATEST)"
            )),
            _ => Some("it has too many ':'-separated parts".to_owned()),
        };
        if let Some(problem) = problem {
            cx.at(
                codes::RESOURCE_INVALID,
                node,
                &pointer,
                format!(
                    "Resource \"{arn}\" of \"{}\" is not a valid Lambda function ARN: {problem}",
                    st.name
                ),
            );
        }
    }
}

fn check_credentials(cx: &mut Checker, st: &StateCx) {
    // Only the type of RoleArn is checked: AWS documents no other field, but the labelled
    // definitions of asl-validator treat Credentials as a free payload template, and a false alarm
    // costs more than a missed one here. Its `.$` keys are checked with the other templates.
    let Some(role) = st.node.get("Credentials").and_then(|c| c.member("RoleArn")) else {
        return;
    };
    if role.value.as_str().is_none() && !placeholders::is_whole_node(&role.value) {
        cx.at(
            codes::WRONG_TYPE,
            &role.value,
            &ptr(&st.field_pointer("Credentials"), "RoleArn"),
            format!(
                "RoleArn must be a string, not {}",
                article(role.value.type_name())
            ),
        );
    }
}

fn check_heartbeat(cx: &mut Checker, st: &StateCx) {
    let number = |field: &str| {
        st.member(field)
            .and_then(|m| m.value.as_number())
            .and_then(|n| n.as_f64())
    };
    if let (Some(heartbeat), Some(timeout)) = (number("HeartbeatSeconds"), number("TimeoutSeconds"))
    {
        if heartbeat >= timeout {
            if let Some(m) = st.member("HeartbeatSeconds") {
                cx.at(
                    codes::HEARTBEAT_NOT_BELOW_TIMEOUT,
                    &m.value,
                    &st.field_pointer("HeartbeatSeconds"),
                    format!(
                        "HeartbeatSeconds ({heartbeat}) of \"{}\" must be smaller than its TimeoutSeconds ({timeout})",
                        st.name
                    ),
                );
            }
        }
    }
}

/// True for a Resource that invokes a Lambda function (the optimized integration or a function ARN).
fn is_lambda(arn: &str) -> bool {
    let base = arn.strip_suffix(".waitForTaskToken").unwrap_or(arn);
    base.ends_with(":states:::lambda:invoke")
        || (base.contains(":lambda:") && base.contains(":function:"))
}

/// True when some retrier (that retries at all) handles one of Lambda's transient errors.
fn retries_lambda_errors(state: &Node) -> bool {
    let Some(retriers) = state.get("Retry").and_then(Node::as_array) else {
        return false;
    };
    retriers.iter().any(|r| {
        let retries = r
            .get("MaxAttempts")
            .and_then(Node::as_number)
            .and_then(|n| n.as_f64())
            .is_none_or(|n| n > 0.0);
        let names = r.get("ErrorEquals").and_then(Node::as_array).unwrap_or(&[]);
        retries
            && names.iter().filter_map(Node::as_str).any(|name| {
                matches!(name, "States.ALL" | "States.TaskFailed")
                    || LAMBDA_TRANSIENT.contains(&name)
            })
    })
}
