//! Plain summaries of states ("Lambda: ValidateOrder", "SNS: publish", "Wait 24 hours") and their
//! details in plain words, for people who do not read ASL.

use super::choice::{strip_jsonata, truncate};
use super::{Detail, GraphNode};
use crate::model::StateType;
use crate::tree::{Node, NodeValue};

/// Summaries longer than this many characters are cut with an ellipsis.
const SUMMARY_MAX_CHARS: usize = 40;

/// How a Task waits for the work it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Integration {
    /// Request/response: the task ends once the service accepted the request.
    RequestResponse,
    /// `.sync`: the task waits for the job it started to complete.
    Sync,
    /// `.waitForTaskToken`: the task waits until someone sends the task token back.
    Callback,
    /// An activity: a worker polls for the task.
    Activity,
}

/// What a Task's resource does, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSummary {
    /// One line: "Lambda: ValidateOrder", "DynamoDB: put item", "SNS: publish".
    pub summary: String,
    /// How the task waits for its work.
    pub integration: Integration,
}

/// Says what a Task with this `Resource` does; `arguments` is its `Parameters` or `Arguments`.
pub fn task_summary(resource: &str, arguments: Option<&Node>) -> TaskSummary {
    let (base, integration) = split_integration(resource);
    let arg_text = |key: &str| -> Option<String> {
        let args = arguments?;
        if let Some(value) = args.get(key).and_then(Node::as_str) {
            return Some(value.to_owned());
        }
        args.get(&format!("{key}.$"))
            .and_then(Node::as_str)
            .map(str::to_owned)
    };
    let summary = if let Some(rest) = states_service_part(base) {
        service_summary(&rest, &arg_text)
    } else if let Some(name) = lambda_function_name(base) {
        format!("Lambda: {name}")
    } else if let Some(pos) = base.find(":activity:") {
        let name = placeholder_name(&base[pos + ":activity:".len()..]);
        return TaskSummary {
            summary: truncate(&format!("Activity: {name}"), SUMMARY_MAX_CHARS),
            integration: Integration::Activity,
        };
    } else if let Some(name) = whole_placeholder(base) {
        let lower = name.to_ascii_lowercase();
        if lower.contains("function") || lower.contains("lambda") || lower.ends_with("fnarn") {
            format!("Lambda: {}", trim_arn_suffix(name))
        } else if lower.contains("activity") {
            return TaskSummary {
                summary: truncate(
                    &format!("Activity: {}", trim_arn_suffix(name)),
                    SUMMARY_MAX_CHARS,
                ),
                integration: Integration::Activity,
            };
        } else {
            format!("Task: {}", trim_arn_suffix(name))
        }
    } else if base.starts_with("{%") {
        "Task: resource from an expression".to_owned()
    } else {
        format!("Task: {}", tail(base))
    };
    TaskSummary {
        summary: truncate(&summary, SUMMARY_MAX_CHARS),
        integration,
    }
}

/// `SERVICE:ACTION` of a service integration ARN, `arn:PARTITION:states:REGION:ACCOUNT:SERVICE:ACTION`
/// (region and account usually empty; any part may be a `${...}` placeholder).
fn states_service_part(resource: &str) -> Option<String> {
    let normalised = mask_placeholders(resource);
    let parts: Vec<&str> = normalised.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "states" {
        return None;
    }
    if matches!(parts[5], "activity" | "stateMachine" | "execution") {
        return None;
    }
    Some(parts[5..].join(":"))
}

/// The text with every `${...}` placeholder replaced by `_`, so that `:` inside one does not
/// split an ARN.
fn mask_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('_');
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn split_integration(resource: &str) -> (&str, Integration) {
    if let Some(base) = resource.strip_suffix(".waitForTaskToken") {
        return (base, Integration::Callback);
    }
    if let Some(pos) = resource.rfind(".sync") {
        let suffix = &resource[pos + ".sync".len()..];
        if suffix.is_empty() || suffix.starts_with(':') {
            return (&resource[..pos], Integration::Sync);
        }
    }
    (resource, Integration::RequestResponse)
}

/// `arn:aws:states:::SERVICE:ACTION` (the part after `:::`) in plain words.
fn service_summary(rest: &str, arg_text: &dyn Fn(&str) -> Option<String>) -> String {
    let mut parts = rest.split(':');
    let service = parts.next().unwrap_or_default();
    if service == "aws-sdk" {
        let sdk_service = parts.next().unwrap_or_default();
        let action = parts.next().unwrap_or_default();
        return format!("{}: {}", service_name(sdk_service), humanize(action));
    }
    let action = parts.next().unwrap_or_default();
    match (service, action) {
        ("lambda", "invoke") => match arg_text("FunctionName") {
            Some(function) => format!("Lambda: {}", function_display_name(&function)),
            None => "Lambda: invoke".to_owned(),
        },
        ("http", "invoke") => match arg_text("Method") {
            Some(method) if !method.starts_with('$') && !method.starts_with("{%") => {
                format!("HTTP: {} request", method.to_ascii_uppercase())
            }
            _ => "HTTP: call an API".to_owned(),
        },
        ("states", "startExecution") => "Step Functions: start execution".to_owned(),
        _ => format!("{}: {}", service_name(service), humanize(action)),
    }
}

/// The readable name of an AWS service's identifier in ARNs.
fn service_name(service: &str) -> String {
    let known = match service.to_ascii_lowercase().as_str() {
        "lambda" => "Lambda",
        "sns" => "SNS",
        "sqs" => "SQS",
        "dynamodb" => "DynamoDB",
        "ecs" => "ECS",
        "eks" => "EKS",
        "glue" => "Glue",
        "batch" => "Batch",
        "events" | "eventbridge" => "EventBridge",
        "http" => "HTTP",
        "bedrock" => "Bedrock",
        "s3" => "S3",
        "athena" => "Athena",
        "sagemaker" => "SageMaker",
        "codebuild" => "CodeBuild",
        "emr" | "elasticmapreduce" => "EMR",
        "emr-serverless" => "EMR Serverless",
        "emr-containers" => "EMR on EKS",
        "apigateway" => "API Gateway",
        "databrew" => "Glue DataBrew",
        "mediaconvert" => "MediaConvert",
        "comprehend" => "Comprehend",
        "rekognition" => "Rekognition",
        "textract" => "Textract",
        "translate" => "Translate",
        "ses" | "sesv2" => "SES",
        "secretsmanager" => "Secrets Manager",
        "ssm" => "Systems Manager",
        "ec2" => "EC2",
        "cloudwatch" => "CloudWatch",
        "kinesis" => "Kinesis",
        "firehose" => "Firehose",
        "iam" => "IAM",
        "sts" => "STS",
        "xray" => "X-Ray",
        "redshiftdata" => "Redshift Data",
        "rds" => "RDS",
        "cloudformation" => "CloudFormation",
        "stepfunctions" | "sfnexecutions" => "Step Functions",
        "bedrockagent" => "Bedrock Agents",
        "bedrockagentruntime" => "Bedrock Agents",
        "bedrockruntime" => "Bedrock",
        "appflow" => "AppFlow",
        "autoscaling" => "Auto Scaling",
        "config" => "Config",
        "emrserverless" => "EMR Serverless",
        "fis" => "Fault Injection",
        "lookoutvision" => "Lookout for Vision",
        "organizations" => "Organizations",
        "polly" => "Polly",
        "transcribe" => "Transcribe",
        "sfn" | "states" => "Step Functions",
        _ => "",
    };
    if known.is_empty() {
        service.to_owned()
    } else {
        known.to_owned()
    }
}

/// `putItem` → `put item`, `createDBInstance` → `create db instance`.
fn humanize(action: &str) -> String {
    let chars: Vec<char> = action.chars().collect();
    let mut out = String::with_capacity(action.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push(' ');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    if out.is_empty() {
        "call".to_owned()
    } else {
        out
    }
}

/// The function name of a plain Lambda ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]`).
fn lambda_function_name(resource: &str) -> Option<String> {
    if !resource.starts_with("arn:") || !resource.contains(":lambda:") {
        return None;
    }
    Some(function_display_name(resource))
}

/// A readable name for a `FunctionName` value: an ARN's function name, a placeholder's name, a path.
fn function_display_name(function: &str) -> String {
    if let Some(pos) = function.find(":function:") {
        let rest = &function[pos + ":function:".len()..];
        let name = rest.split(':').next().unwrap_or(rest);
        return placeholder_name(name);
    }
    if function.starts_with("{%") {
        return strip_jsonata(function);
    }
    placeholder_name(function)
}

/// `${ValidateOrderArn}` → `ValidateOrder`; other text as it is.
fn placeholder_name(text: &str) -> String {
    match whole_placeholder(text) {
        Some(name) => trim_arn_suffix(name).to_owned(),
        None => text.to_owned(),
    }
}

/// The name inside a text that is one `${...}` placeholder, maybe followed by `:QUALIFIER`.
fn whole_placeholder(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("${")?;
    let end = rest.find('}')?;
    let after = &rest[end + 1..];
    if !after.is_empty() && !after.starts_with(':') {
        return None;
    }
    let inner = &rest[..end];
    if inner.contains("${") || inner.is_empty() {
        return None;
    }
    Some(inner)
}

fn trim_arn_suffix(name: &str) -> &str {
    let trimmed = name
        .strip_suffix("Arn")
        .or_else(|| name.strip_suffix("ARN"))
        .or_else(|| name.strip_suffix("_ARN"))
        .unwrap_or(name);
    let trimmed = trimmed.trim_end_matches(['_', '.', '-']);
    if trimmed.is_empty() {
        name
    } else {
        trimmed
    }
}

/// The last `:`-separated part of an ARN, or the text itself.
fn tail(text: &str) -> String {
    text.rsplit(':').next().unwrap_or(text).to_owned()
}

/// A number of seconds in plain words: `86400` → `24 hours`, `90` → `1 minute 30 seconds`.
pub fn plain_duration(seconds: u64) -> String {
    let unit = |n: u64, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    if seconds == 0 {
        return "0 seconds".to_owned();
    }
    if seconds >= 2 * 86_400 && seconds.is_multiple_of(86_400) {
        return unit(seconds / 86_400, "day");
    }
    let hours = seconds / 3600;
    let minutes = seconds % 3600 / 60;
    let secs = seconds % 60;
    let mut parts = Vec::new();
    if hours > 0 {
        parts.push(unit(hours, "hour"));
    }
    if minutes > 0 {
        parts.push(unit(minutes, "minute"));
    }
    if secs > 0 {
        parts.push(unit(secs, "second"));
    }
    parts.join(" ")
}

fn number_text(node: &Node) -> Option<String> {
    match &node.value {
        NodeValue::Number(n) => Some(match n.as_u64() {
            Some(secs) => plain_duration(secs),
            None => format!("{n} seconds"),
        }),
        NodeValue::String(s) if s.trim_start().starts_with("{%") => {
            Some(format!("{} seconds", truncate(&strip_jsonata(s), 24)))
        }
        NodeValue::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn wait_summary(state: &Node) -> String {
    if let Some(seconds) = state.get("Seconds").and_then(number_text) {
        return format!("Wait {seconds}");
    }
    if let Some(path) = state.get("SecondsPath").and_then(Node::as_str) {
        return format!("Wait {path} seconds");
    }
    if let Some(time) = state.get("Timestamp").and_then(Node::as_str) {
        let time = if time.trim_start().starts_with("{%") {
            strip_jsonata(time)
        } else {
            time.to_owned()
        };
        return format!("Wait until {time}");
    }
    if let Some(path) = state.get("TimestampPath").and_then(Node::as_str) {
        return format!("Wait until {path}");
    }
    "Wait".to_owned()
}

fn map_summary(state: &Node) -> String {
    let processor = state.get("ItemProcessor").or_else(|| state.get("Iterator"));
    let distributed = processor
        .and_then(|p| p.get("ProcessorConfig"))
        .and_then(|c| c.get("Mode"))
        .and_then(Node::as_str)
        == Some("DISTRIBUTED");
    let what = if let Some(reader) = state.get("ItemReader") {
        let resource = reader.get("Resource").and_then(Node::as_str).unwrap_or("");
        if resource.contains(":s3:") || resource.contains("s3:") {
            "items read from S3".to_owned()
        } else {
            "items read by a reader".to_owned()
        }
    } else if let Some(path) = state.get("ItemsPath").and_then(Node::as_str) {
        format!("each item of {path}")
    } else if let Some(items) = state.get("Items") {
        match items.as_str() {
            Some(text) => format!("each item of {}", strip_jsonata(text)),
            None => "each item".to_owned(),
        }
    } else {
        "each item".to_owned()
    };
    let mode = if distributed {
        "Distributed map"
    } else {
        "Map"
    };
    format!("{mode}: {what}")
}

/// Fills a state node's summary, note, integration and details from the state's object.
pub(super) fn describe(node: &mut GraphNode, state: &Node) {
    let str_of = |key: &str| state.get(key).and_then(Node::as_str).map(str::to_owned);
    let arguments = state.get("Arguments").or_else(|| state.get("Parameters"));
    node.summary = match node.state_type {
        Some(StateType::Task) => match state.get("Resource").and_then(Node::as_str) {
            Some(resource) => {
                let task = task_summary(resource, arguments);
                node.integration = Some(task.integration);
                task.summary
            }
            None => {
                node.problems
                    .push("a Task state needs a `Resource`".to_owned());
                "Task".to_owned()
            }
        },
        Some(StateType::Wait) => wait_summary(state),
        Some(StateType::Choice) => {
            let rules = state
                .get("Choices")
                .and_then(Node::as_array)
                .map_or(0, <[Node]>::len);
            let rules = if rules == 1 {
                "1 rule".to_owned()
            } else {
                format!("{rules} rules")
            };
            if state.get("Default").is_some() {
                format!("Choice: {rules} and a default")
            } else {
                format!("Choice: {rules}")
            }
        }
        Some(StateType::Parallel) => {
            let branches = state
                .get("Branches")
                .and_then(Node::as_array)
                .map_or(0, <[Node]>::len);
            if branches == 1 {
                "Parallel: 1 branch".to_owned()
            } else {
                format!("Parallel: {branches} branches")
            }
        }
        Some(StateType::Map) => map_summary(state),
        Some(StateType::Pass) => {
            if state.get("Result").is_some() {
                "Pass: sets a fixed result".to_owned()
            } else if state.get("Parameters").is_some() || state.get("Output").is_some() {
                "Pass: reshapes the data".to_owned()
            } else if state.get("Assign").is_some() {
                "Pass: sets variables".to_owned()
            } else {
                "Pass".to_owned()
            }
        }
        Some(StateType::Succeed) => "Succeed".to_owned(),
        Some(StateType::Fail) => match str_of("Error") {
            Some(error) => format!("Fail: {}", strip_jsonata(&error)),
            None => "Fail".to_owned(),
        },
        None => match &node.type_text {
            Some(text) => format!("unknown type {text}"),
            None => "no type".to_owned(),
        },
    };
    node.summary = truncate(&node.summary, SUMMARY_MAX_CHARS);
    node.note = match node.integration {
        Some(Integration::Sync) => Some("waits for completion".to_owned()),
        Some(Integration::Callback) => {
            let text = format!(
                "{} {}",
                node.name,
                node.comment.as_deref().unwrap_or_default()
            )
            .to_ascii_lowercase();
            node.human_approval = [
                "approv",
                "review",
                "manual",
                "human",
                "confirm",
                "sign-off",
                "signoff",
                "feedback",
                "user input",
                "decision",
            ]
            .iter()
            .any(|w| text.contains(w));
            Some(if node.human_approval {
                "waits for human approval".to_owned()
            } else {
                "waits for a callback".to_owned()
            })
        }
        Some(Integration::Activity) => Some("waits for a worker".to_owned()),
        _ => None,
    };
    node.details = details(node, state);
}

fn details(node: &GraphNode, state: &Node) -> Vec<Detail> {
    let mut out = Vec::new();
    let mut add = |label: &str, text: String| {
        out.push(Detail {
            label: label.to_owned(),
            text,
        })
    };
    add(
        "Type",
        node.type_text.clone().unwrap_or_else(|| "none".to_owned()),
    );
    let mut what = node.summary.clone();
    if let Some(note) = &node.note {
        what.push_str(&format!(" ({note})"));
    }
    add("What it does", what);
    if let Some(comment) = &node.comment {
        add("Comment", comment.clone());
    }
    if let Some(resource) = state.get("Resource").and_then(Node::as_str) {
        add("Resource", resource.to_owned());
    }
    if node.state_type == Some(StateType::Choice) {
        // Each rule as a sentence, in the order they are tried, then what happens otherwise.
        let rules = state.get("Choices").and_then(Node::as_array).unwrap_or(&[]);
        for (index, rule) in rules.iter().enumerate() {
            let target = rule
                .get("Next")
                .and_then(Node::as_str)
                .unwrap_or("(no Next)");
            add(
                &format!("Rule {}", index + 1),
                format!(
                    "if {}, go to {target}",
                    super::choice::choice_rule_condition(rule)
                ),
            );
        }
        let otherwise = match state.get("Default").and_then(Node::as_str) {
            Some(target) => format!("go to {target}"),
            None => "the run fails with States.NoChoiceMatched".to_owned(),
        };
        add("Otherwise", otherwise);
    }
    if node.state_type == Some(StateType::Fail) {
        for key in ["Error", "Cause", "ErrorPath", "CausePath"] {
            if let Some(text) = state.get(key).and_then(Node::as_str) {
                add(key, text.to_owned());
            }
        }
    }
    if let Some(n) = state.get("MaxConcurrency").and_then(Node::as_number) {
        add("Concurrency", format!("at most {n} items at a time"));
    }
    if let Some(secs) = state
        .get("TimeoutSeconds")
        .and_then(Node::as_number)
        .and_then(serde_json::Number::as_u64)
    {
        add("Timeout", format!("fails after {}", plain_duration(secs)));
    } else if let Some(path) = state.get("TimeoutSecondsPath").and_then(Node::as_str) {
        add("Timeout", format!("fails after {path} seconds"));
    }
    if let Some(secs) = state
        .get("HeartbeatSeconds")
        .and_then(Node::as_number)
        .and_then(serde_json::Number::as_u64)
    {
        add(
            "Heartbeat",
            format!(
                "fails if there is no heartbeat for {}",
                plain_duration(secs)
            ),
        );
    }
    if let Some(retriers) = state.get("Retry").and_then(Node::as_array) {
        for retrier in retriers {
            add("Retry", retry_text(retrier));
        }
    }
    if let Some(catchers) = state.get("Catch").and_then(Node::as_array) {
        for catcher in catchers {
            let errors = error_list(catcher);
            let next = catcher.get("Next").and_then(Node::as_str).unwrap_or("?");
            add("Catch", format!("on {errors}, go to {next}"));
        }
    }
    if let Some(next) = state.get("Next").and_then(Node::as_str) {
        add("Next", next.to_owned());
    }
    if state.get("End").and_then(Node::as_bool) == Some(true) {
        add("End", "the workflow (or branch) ends here".to_owned());
    }
    for problem in &node.problems {
        add("Problem", problem.clone());
    }
    out
}

fn error_list(node: &Node) -> String {
    let errors: Vec<&str> = node
        .get("ErrorEquals")
        .and_then(Node::as_array)
        .map(|a| a.iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    if errors.is_empty() {
        "no error".to_owned()
    } else if errors == ["States.ALL"] {
        "any error".to_owned()
    } else {
        errors.join(", ")
    }
}

fn retry_text(retrier: &Node) -> String {
    let number = |key: &str| {
        retrier
            .get(key)
            .and_then(Node::as_number)
            .and_then(serde_json::Number::as_f64)
    };
    let attempts = number("MaxAttempts").unwrap_or(3.0);
    let interval = number("IntervalSeconds").unwrap_or(1.0);
    let rate = number("BackoffRate").unwrap_or(2.0);
    let times = if attempts == 1.0 {
        "once".to_owned()
    } else {
        format!("up to {attempts} times")
    };
    let mut text = format!(
        "on {}, retry {times}, first after {interval} s, each wait ×{rate}",
        error_list(retrier)
    );
    if let Some(max) = number("MaxDelaySeconds") {
        text.push_str(&format!(", at most {max} s"));
    }
    if retrier.get("JitterStrategy").and_then(Node::as_str) == Some("FULL") {
        text.push_str(", with jitter");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(text: &str) -> Node {
        crate::parse::parse_json(text).unwrap()
    }

    #[test]
    fn a_choice_lists_each_rule_as_a_sentence_then_the_default() {
        let doc = crate::Document::parse(
            r#"{"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [
                    {"And": [{"Variable": "$.total", "NumericGreaterThan": 1000},
                             {"Not": {"Variable": "$.vip", "BooleanEquals": true}}],
                     "Next": "Ask"},
                    {"Variable": "$.total", "NumericLessThanEquals": 0, "Next": "Refuse"}],
                 "Default": "Charge"},
                "Ask": {"Type": "Succeed"}, "Refuse": {"Type": "Fail"}, "Charge": {"Type": "Succeed"}}}"#
                .to_owned(),
            crate::Format::Json,
        )
        .expect("parses");
        let graph = crate::graph::Graph::from_document(&doc);
        let choice = graph.state_at("/States/C").expect("the Choice");
        let said: Vec<(String, String)> = choice
            .details
            .iter()
            .map(|d| (d.label.clone(), d.text.clone()))
            .filter(|(l, _)| l.starts_with("Rule") || l == "Otherwise")
            .collect();
        assert_eq!(
            said,
            [
                (
                    "Rule 1".to_owned(),
                    "if $.total > 1000 and not ($.vip == true), go to Ask".to_owned()
                ),
                (
                    "Rule 2".to_owned(),
                    "if $.total <= 0, go to Refuse".to_owned()
                ),
                ("Otherwise".to_owned(), "go to Charge".to_owned()),
            ]
        );
    }

    #[test]
    fn resources_read_as_plain_words() {
        let s = |r: &str| task_summary(r, None).summary;
        assert_eq!(s("arn:aws:states:::sns:publish"), "SNS: publish");
        assert_eq!(s("arn:aws:states:::sqs:sendMessage"), "SQS: send message");
        assert_eq!(s("arn:aws:states:::dynamodb:putItem"), "DynamoDB: put item");
        assert_eq!(s("arn:aws:states:::aws-sdk:s3:getObject"), "S3: get object");
        assert_eq!(
            s("arn:aws:states:::aws-sdk:rds:createDBInstance"),
            "RDS: create db instance"
        );
        assert_eq!(
            s("arn:${AWS::Partition}:states:::batch:submitJob.sync"),
            "Batch: submit job"
        );
        assert_eq!(
            s("arn:aws:states:us-east-1:1:aws-sdk:s3:putObject"),
            "S3: put object"
        );
        assert_eq!(
            s("arn:aws:states:::events:putEvents"),
            "EventBridge: put events"
        );
        assert_eq!(
            s("arn:aws:states:::glue:startJobRun.sync"),
            "Glue: start job run"
        );
        assert_eq!(
            s("arn:aws:lambda:us-east-1:123456789012:function:ValidateOrder:live"),
            "Lambda: ValidateOrder"
        );
        assert_eq!(
            s("${ValidateOrderFunctionArn}"),
            "Lambda: ValidateOrderFunction"
        );
        assert_eq!(
            s("arn:aws:states:us-east-1:123:activity:Approve"),
            "Activity: Approve"
        );
        let sync = task_summary("arn:aws:states:::states:startExecution.sync:2", None);
        assert_eq!(sync.summary, "Step Functions: start execution");
        assert_eq!(sync.integration, Integration::Sync);
        let ecs = task_summary("arn:aws:states:::ecs:runTask.sync", None);
        assert_eq!(
            (ecs.summary.as_str(), ecs.integration),
            ("ECS: run task", Integration::Sync)
        );
        let token = task_summary("arn:aws:states:::sqs:sendMessage.waitForTaskToken", None);
        assert_eq!(token.integration, Integration::Callback);
    }

    #[test]
    fn lambda_invoke_names_the_function() {
        let args = leaf(r#"{"FunctionName": "arn:aws:lambda:eu-west-1:1:function:Ship:$LATEST"}"#);
        assert_eq!(
            task_summary("arn:aws:states:::lambda:invoke", Some(&args)).summary,
            "Lambda: Ship"
        );
        let args = leaf(r#"{"FunctionName": "${ValidateOrderArn}"}"#);
        assert_eq!(
            task_summary("arn:aws:states:::lambda:invoke", Some(&args)).summary,
            "Lambda: ValidateOrder"
        );
        let args = leaf(r#"{"FunctionName": "${LambdaFunctionARN}:$LATEST"}"#);
        assert_eq!(
            task_summary("arn:aws:states:::lambda:invoke", Some(&args)).summary,
            "Lambda: LambdaFunction"
        );
        let args = leaf(r#"{"FunctionName.$": "$.fn"}"#);
        assert_eq!(
            task_summary("arn:aws:states:::lambda:invoke", Some(&args)).summary,
            "Lambda: $.fn"
        );
    }

    #[test]
    fn durations_are_plain() {
        assert_eq!(plain_duration(86_400), "24 hours");
        assert_eq!(plain_duration(90), "1 minute 30 seconds");
        assert_eq!(plain_duration(1), "1 second");
        assert_eq!(plain_duration(3 * 86_400), "3 days");
    }
}
