//! What can go wrong when talking to AWS, in words a person can act on.

use aws_sdk_sfn::config::http::HttpResponse;
use aws_sdk_sfn::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// An error from a call to AWS (or from setting up the connection), said plainly.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    /// No region came from the options, the environment or the profile.
    #[error(
        "no AWS region is set: pass --region, set AWS_REGION, or put `region = ...` in the profile \
         in ~/.aws/config"
    )]
    NoRegion,
    /// The credential chain found nothing usable.
    #[error(
        "no usable AWS credentials{}: {detail}; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
         run `aws configure`, or for SSO run `aws sso login --profile NAME` and pass --profile NAME",
        profile.as_deref().map(|p| format!(" for profile `{p}`")).unwrap_or_default()
    )]
    NoCredentials {
        /// The profile that was asked for, if any.
        profile: Option<String>,
        /// What the credential chain said (it never holds a secret).
        detail: String,
    },
    /// The endpoint could not be reached (DNS, connection refused, time-out).
    #[error("cannot reach {endpoint}: {detail}; check the network, the region and --endpoint-url")]
    Unreachable {
        /// The endpoint, or the service and region when no override was given.
        endpoint: String,
        /// What went wrong on the way.
        detail: String,
    },
    /// AWS refused the call for lack of permission, or the credentials were rejected.
    #[error(
        "AWS denied {operation}: {message}; check that the identity has permission `states:{operation}` \
         (or the credentials are valid and not expired)"
    )]
    AccessDenied {
        /// The API operation, such as `CreateStateMachine`.
        operation: &'static str,
        /// AWS's message.
        message: String,
    },
    /// AWS rejected the definition.
    #[error("AWS rejected the definition: {message}")]
    InvalidDefinition {
        /// AWS's message, which names the location (`at /States/...`).
        message: String,
    },
    /// A state machine of that name exists and cannot take this definition.
    #[error("the name `{name}` is taken: {message}")]
    NameTaken {
        /// The name asked for.
        name: String,
        /// AWS's message, or ours.
        message: String,
    },
    /// The existing state machine has another type, which AWS does not let an update change.
    #[error(
        "state machine `{name}` exists as {existing}; an update cannot change its type to \
         {requested}: publish under another name, or delete the existing one first"
    )]
    TypeMismatch {
        /// The state machine's name.
        name: String,
        /// Its type on AWS.
        existing: String,
        /// The type asked for.
        requested: String,
    },
    /// The state machine or execution does not exist.
    #[error("{what} does not exist in this account and region; `statecraft list` shows the state machines there")]
    NotFound {
        /// What was looked for, by name or ARN.
        what: String,
    },
    /// AWS kept throttling the call after the SDK's retries with exponential back-off.
    #[error(
        "AWS is throttling {operation} ({message}); the call was retried with back-off and still \
         refused: wait a minute and try again"
    )]
    Throttled {
        /// The API operation.
        operation: &'static str,
        /// AWS's message.
        message: String,
    },
    /// A request that AWS found malformed or out of bounds (names, ARNs, sizes).
    #[error("AWS refused {operation} ({code}): {message}")]
    Rejected {
        /// The API operation.
        operation: &'static str,
        /// AWS's error code, such as `InvalidArn` or `ValidationException`.
        code: String,
        /// AWS's message.
        message: String,
    },
    /// Anything else the service or the SDK reported.
    #[error("{operation} failed: {detail}")]
    Other {
        /// The API operation.
        operation: &'static str,
        /// The error and its causes.
        detail: String,
    },
    /// The local async runtime could not be started.
    #[error("cannot start the network runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The arguments cannot make a valid request.
    #[error("{0}")]
    InvalidRequest(String),
}

/// Maps an SDK error to a [`CloudError`] naming the operation. `subject` is the name or ARN the
/// call was about, used for "does not exist" and "name taken".
pub(crate) fn from_sdk<E>(
    operation: &'static str,
    subject: &str,
    endpoint: &str,
    err: SdkError<E, HttpResponse>,
) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let service = match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            return CloudError::Unreachable {
                endpoint: endpoint.to_owned(),
                detail: DisplayErrorContext(&err).to_string(),
            };
        }
        SdkError::ServiceError(service) => service,
        _ => {
            let detail = DisplayErrorContext(&err).to_string();
            if detail.contains("credentials") || detail.contains("identity") {
                return CloudError::NoCredentials {
                    profile: None,
                    detail,
                };
            }
            return CloudError::Other { operation, detail };
        }
    };
    if let Some(code) = err.code() {
        let message = err.message().unwrap_or(code).to_owned();
        return classify(operation, subject, code, message);
    }
    // The SDK could not read an error code: an emulator that answers in another protocol's
    // format, or a proxy. Read what the body says, then fall back on the HTTP status.
    let raw = service.raw();
    let status = raw.status().as_u16();
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let code = field_in_body(&body, "Code")
        .or_else(|| field_in_body(&body, "__type"))
        .map(|c| c.rsplit('#').next().unwrap_or(c).to_owned());
    let message = field_in_body(&body, "Message")
        .or_else(|| field_in_body(&body, "message"))
        .map(str::to_owned)
        .unwrap_or_else(|| format!("HTTP {status}"));
    match (code.as_deref(), status) {
        (Some(code), _) => classify(operation, subject, code, message),
        (None, 401 | 403) => CloudError::AccessDenied { operation, message },
        (None, 429) => CloudError::Throttled { operation, message },
        (None, _) => CloudError::Other {
            operation,
            detail: format!("the endpoint answered HTTP {status}: {}", excerpt(&body)),
        },
    }
}

/// The value of `<Name>...</Name>` (XML) or `"Name": "..."` (JSON) in an error body.
fn field_in_body<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let xml_open = format!("<{name}>");
    if let Some(start) = body.find(&xml_open).map(|i| i + xml_open.len()) {
        let end = body[start..].find('<')? + start;
        return Some(body[start..end].trim()).filter(|v| !v.is_empty());
    }
    let json_key = format!("\"{name}\"");
    let after_key = body.find(&json_key)? + json_key.len();
    let rest = body[after_key..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(&rest[..rest.find('"')?]).filter(|v| !v.is_empty())
}

fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None if flat.is_empty() => "(no body)".into(),
        None => flat,
    }
}

/// Turns an AWS error code and message into the matching [`CloudError`].
pub(crate) fn classify(
    operation: &'static str,
    subject: &str,
    code: &str,
    message: String,
) -> CloudError {
    match code {
        "AccessDeniedException"
        | "AccessDenied"
        | "UnrecognizedClientException"
        | "InvalidSignatureException"
        | "InvalidClientTokenId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "MissingAuthenticationToken"
        | "KmsAccessDeniedException" => CloudError::AccessDenied { operation, message },
        "InvalidDefinition" => CloudError::InvalidDefinition { message },
        // Emulators (moto's interpreter) reject a definition with no code, only their parser's words.
        "" | "UnknownError"
            if message.contains("ASLParserException")
                || message.starts_with("Invalid State Machine Definition") =>
        {
            CloudError::InvalidDefinition { message }
        }
        "StateMachineAlreadyExists" | "StateMachineDeleting" => CloudError::NameTaken {
            name: subject.to_owned(),
            message,
        },
        "StateMachineDoesNotExist" | "ExecutionDoesNotExist" | "ResourceNotFound" => {
            CloudError::NotFound {
                what: if subject.is_empty() {
                    message
                } else {
                    format!("`{subject}`")
                },
            }
        }
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "KmsThrottlingException" => CloudError::Throttled { operation, message },
        "" => CloudError::Other {
            operation,
            detail: message,
        },
        _ => CloudError::Rejected {
            operation,
            code: code.to_owned(),
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_plain_errors() {
        assert!(matches!(
            classify(
                "CreateStateMachine",
                "x",
                "AccessDeniedException",
                "no".into()
            ),
            CloudError::AccessDenied { .. }
        ));
        assert!(matches!(
            classify(
                "CreateStateMachine",
                "x",
                "ThrottlingException",
                "slow".into()
            ),
            CloudError::Throttled { .. }
        ));
        let taken = classify(
            "CreateStateMachine",
            "orders",
            "StateMachineAlreadyExists",
            "exists".into(),
        );
        assert_eq!(taken.to_string(), "the name `orders` is taken: exists");
        let missing = classify(
            "DescribeStateMachine",
            "nope",
            "StateMachineDoesNotExist",
            "m".into(),
        );
        assert!(missing.to_string().starts_with("`nope` does not exist"));
        assert!(matches!(
            classify("StartExecution", "x", "InvalidArn", "bad".into()),
            CloudError::Rejected { .. }
        ));
    }

    #[test]
    fn error_bodies_are_read_in_either_format() {
        let xml = "<ErrorResponse><Errors><Error><Code>InvalidClientTokenId</Code>\
                   <Message>The security token is invalid.</Message></Error></Errors></ErrorResponse>";
        assert_eq!(field_in_body(xml, "Code"), Some("InvalidClientTokenId"));
        assert_eq!(
            field_in_body(xml, "Message"),
            Some("The security token is invalid.")
        );
        let json = r#"{"__type": "com.amazonaws.states#AccessDeniedException", "message": "no"}"#;
        assert_eq!(
            field_in_body(json, "__type"),
            Some("com.amazonaws.states#AccessDeniedException")
        );
        assert_eq!(field_in_body(json, "message"), Some("no"));
        assert_eq!(field_in_body("<html>", "Code"), None);
        assert_eq!(excerpt(""), "(no body)");
        assert_eq!(excerpt(&"x ".repeat(300)).chars().count(), 201);
    }
}
