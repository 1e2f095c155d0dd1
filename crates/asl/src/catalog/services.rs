//! Service integrations: each is a Task whose arguments are written once, as a tree of [`Arg`]s,
//! and rendered as JSONPath `Parameters` (keys ending in `.$`) or JSONata `Arguments` (`{% %}`).

use serde_json::{json, Map, Value};

use super::{Category, Entry, Snippet};
use crate::model::QueryLanguage;

/// The errors the Lambda entry's Retry handles: Lambda's transient service errors and throttling,
/// retried after 1, 2 and 4 seconds (what Workflow Studio writes for a new Lambda invoke, and what
/// validation's SC9002 looks for; AWS's best-practice page retries
/// `Lambda.ClientExecutionTimeoutException` in place of throttling, after 2 seconds, 6 times).
pub const LAMBDA_RETRY_ERRORS: [&str; 4] = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
];

/// One value of a task's arguments.
enum Arg {
    /// A fixed value.
    Lit(Value),
    /// A field of the state's input (`""` for the whole input, else a dotted path).
    Input(&'static str),
    /// A field of the context object (`Task.Token`, `Execution.Id`).
    Context(&'static str),
    /// An object of arguments.
    Obj(Vec<(&'static str, Arg)>),
    /// A list of arguments.
    List(Vec<Arg>),
}

fn lit(value: impl Into<Value>) -> Arg {
    Arg::Lit(value.into())
}

/// The arguments rendered for one query language: `(key, value)`.
fn render(key: &str, arg: &Arg, language: QueryLanguage) -> (String, Value) {
    let jsonpath = language == QueryLanguage::JSONPath;
    match arg {
        Arg::Lit(v) => (key.to_owned(), v.clone()),
        Arg::Input(path) | Arg::Context(path) => {
            let (root_path, root_ata) = match arg {
                Arg::Context(_) => ("$$", "$states.context"),
                _ => ("$", "$states.input"),
            };
            let dotted = if path.is_empty() {
                String::new()
            } else {
                format!(".{path}")
            };
            if jsonpath {
                (
                    format!("{key}.$"),
                    Value::String(format!("{root_path}{dotted}")),
                )
            } else {
                (
                    key.to_owned(),
                    Value::String(format!("{{% {root_ata}{dotted} %}}")),
                )
            }
        }
        Arg::Obj(fields) => (key.to_owned(), object(fields, language)),
        Arg::List(items) => (
            key.to_owned(),
            Value::Array(items.iter().map(|a| render("", a, language).1).collect()),
        ),
    }
}

fn object(fields: &[(&'static str, Arg)], language: QueryLanguage) -> Value {
    let map: Map<String, Value> = fields.iter().map(|(k, a)| render(k, a, language)).collect();
    Value::Object(map)
}

/// A Task calling `resource` with `args`. Under JSONPath its result goes to `$.{result}`, the
/// input kept; under JSONata the result is the output.
fn task(
    language: QueryLanguage,
    resource: &str,
    args: Vec<(&'static str, Arg)>,
    result: &str,
) -> Value {
    let mut state = json!({"Type": "Task", "Resource": resource});
    let args = object(&args, language);
    if let Some(obj) = state.as_object_mut() {
        match language {
            QueryLanguage::JSONPath => {
                obj.insert("Parameters".into(), args);
                obj.insert("ResultPath".into(), Value::String(format!("$.{result}")));
            }
            QueryLanguage::JSONata => {
                obj.insert("Arguments".into(), args);
            }
        }
    }
    state
}

fn insert(state: &mut Value, key: &str, value: Value) {
    if let Some(obj) = state.as_object_mut() {
        obj.insert(key.to_owned(), value);
    }
}

const REGION_ACCOUNT: &str = "us-east-1:123456789012";

pub(super) const LAMBDA: Entry = Entry {
    id: "lambda-invoke",
    title: "Lambda invoke",
    description: "Calls a Lambda function with the state's input and waits for its answer",
    category: Category::Compute,
    icon: "lambda",
    build: |language| {
        let mut state = json!({
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
        });
        let args = object(
            &[
                (
                    "FunctionName",
                    lit(format!(
                        "arn:aws:lambda:{REGION_ACCOUNT}:function:MyFunction:$LATEST"
                    )),
                ),
                ("Payload", Arg::Input("")),
            ],
            language,
        );
        match language {
            QueryLanguage::JSONPath => {
                insert(&mut state, "Parameters", args);
                insert(&mut state, "OutputPath", json!("$.Payload"));
            }
            QueryLanguage::JSONata => {
                insert(&mut state, "Arguments", args);
                insert(&mut state, "Output", json!("{% $states.result.Payload %}"));
            }
        }
        insert(
            &mut state,
            "Retry",
            json!([{
                "ErrorEquals": LAMBDA_RETRY_ERRORS,
                "IntervalSeconds": 1,
                "MaxAttempts": 3,
                "BackoffRate": 2
            }]),
        );
        Snippet::single("Invoke Lambda function", state)
    },
};

pub(super) const SNS: Entry = Entry {
    id: "sns-publish",
    title: "SNS publish",
    description: "Publishes a message to an SNS topic",
    category: Category::Messaging,
    icon: "topic",
    build: |language| {
        let args = vec![
            (
                "TopicArn",
                lit(format!("arn:aws:sns:{REGION_ACCOUNT}:MyTopic")),
            ),
            ("Message", Arg::Input("")),
        ];
        Snippet::single(
            "Publish message",
            task(
                language,
                "arn:aws:states:::sns:publish",
                args,
                "publishResult",
            ),
        )
    },
};

pub(super) const SQS: Entry = Entry {
    id: "sqs-send-message",
    title: "SQS send message",
    description: "Sends a message to an SQS queue",
    category: Category::Messaging,
    icon: "queue",
    build: |language| {
        let args = vec![
            (
                "QueueUrl",
                lit("https://sqs.us-east-1.amazonaws.com/123456789012/MyQueue"),
            ),
            ("MessageBody", Arg::Input("")),
        ];
        Snippet::single(
            "Send message",
            task(
                language,
                "arn:aws:states:::sqs:sendMessage",
                args,
                "sendResult",
            ),
        )
    },
};

pub(super) const EVENTBRIDGE: Entry = Entry {
    id: "eventbridge-put-events",
    title: "EventBridge put events",
    description: "Sends a custom event to an EventBridge event bus",
    category: Category::Messaging,
    icon: "event",
    build: |language| {
        let entry = Arg::Obj(vec![
            ("Source", lit("com.example.orders")),
            ("DetailType", lit("OrderUpdated")),
            ("Detail", Arg::Input("")),
            ("EventBusName", lit("default")),
        ]);
        Snippet::single(
            "Put event",
            task(
                language,
                "arn:aws:states:::events:putEvents",
                vec![("Entries", Arg::List(vec![entry]))],
                "eventResult",
            ),
        )
    },
};

fn key_of_id() -> Arg {
    Arg::Obj(vec![("id", Arg::Obj(vec![("S", Arg::Input("id"))]))])
}

pub(super) const DYNAMODB_GET: Entry = Entry {
    id: "dynamodb-get-item",
    title: "DynamoDB get item",
    description: "Reads one item from a DynamoDB table by its key",
    category: Category::Database,
    icon: "table",
    build: |language| {
        let args = vec![("TableName", lit("MyTable")), ("Key", key_of_id())];
        Snippet::single(
            "Get item",
            task(language, "arn:aws:states:::dynamodb:getItem", args, "item"),
        )
    },
};

pub(super) const DYNAMODB_PUT: Entry = Entry {
    id: "dynamodb-put-item",
    title: "DynamoDB put item",
    description: "Writes one item to a DynamoDB table",
    category: Category::Database,
    icon: "table",
    build: |language| {
        let args = vec![("TableName", lit("MyTable")), ("Item", key_of_id())];
        Snippet::single(
            "Put item",
            task(
                language,
                "arn:aws:states:::dynamodb:putItem",
                args,
                "putResult",
            ),
        )
    },
};

pub(super) const DYNAMODB_UPDATE: Entry = Entry {
    id: "dynamodb-update-item",
    title: "DynamoDB update item",
    description: "Changes attributes of one item of a DynamoDB table",
    category: Category::Database,
    icon: "table",
    build: |language| {
        let args = vec![
            ("TableName", lit("MyTable")),
            ("Key", key_of_id()),
            ("UpdateExpression", lit("SET #status = :status")),
            (
                "ExpressionAttributeNames",
                Arg::Obj(vec![("#status", lit("status"))]),
            ),
            (
                "ExpressionAttributeValues",
                Arg::Obj(vec![(
                    ":status",
                    Arg::Obj(vec![("S", Arg::Input("status"))]),
                )]),
            ),
        ];
        Snippet::single(
            "Update item",
            task(
                language,
                "arn:aws:states:::dynamodb:updateItem",
                args,
                "updateResult",
            ),
        )
    },
};

pub(super) const ECS: Entry = Entry {
    id: "ecs-run-task",
    title: "ECS run task",
    description: "Runs a container task on ECS or Fargate and waits for it to stop",
    category: Category::Compute,
    icon: "container",
    build: |language| {
        let args = vec![
            ("LaunchType", lit("FARGATE")),
            (
                "Cluster",
                lit(format!("arn:aws:ecs:{REGION_ACCOUNT}:cluster/MyCluster")),
            ),
            (
                "TaskDefinition",
                lit(format!(
                    "arn:aws:ecs:{REGION_ACCOUNT}:task-definition/MyTaskDefinition:1"
                )),
            ),
            (
                "NetworkConfiguration",
                Arg::Obj(vec![(
                    "AwsvpcConfiguration",
                    Arg::Obj(vec![
                        ("Subnets", lit(json!(["subnet-0123456789abcdef0"]))),
                        ("AssignPublicIp", lit("DISABLED")),
                    ]),
                )]),
            ),
        ];
        Snippet::single(
            "Run container task",
            task(
                language,
                "arn:aws:states:::ecs:runTask.sync",
                args,
                "taskResult",
            ),
        )
    },
};

pub(super) const BATCH: Entry = Entry {
    id: "batch-submit-job",
    title: "AWS Batch submit job",
    description: "Submits an AWS Batch job and waits for it to finish",
    category: Category::Compute,
    icon: "batch",
    build: |language| {
        let args = vec![
            ("JobName", lit("MyJob")),
            (
                "JobQueue",
                lit(format!(
                    "arn:aws:batch:{REGION_ACCOUNT}:job-queue/MyJobQueue"
                )),
            ),
            (
                "JobDefinition",
                lit(format!(
                    "arn:aws:batch:{REGION_ACCOUNT}:job-definition/MyJobDefinition:1"
                )),
            ),
        ];
        Snippet::single(
            "Submit batch job",
            task(
                language,
                "arn:aws:states:::batch:submitJob.sync",
                args,
                "jobResult",
            ),
        )
    },
};

pub(super) const GLUE: Entry = Entry {
    id: "glue-start-job-run",
    title: "Glue start job run",
    description: "Runs a Glue ETL job and waits for it to finish",
    category: Category::DataAndAi,
    icon: "glue",
    build: |language| {
        Snippet::single(
            "Run Glue job",
            task(
                language,
                "arn:aws:states:::glue:startJobRun.sync",
                vec![("JobName", lit("MyGlueJob"))],
                "glueResult",
            ),
        )
    },
};

pub(super) const SAGEMAKER: Entry = Entry {
    id: "sagemaker-create-training-job",
    title: "SageMaker training job",
    description: "Trains a SageMaker model and waits for the training to finish",
    category: Category::DataAndAi,
    icon: "model",
    build: |language| {
        let args = vec![
            ("TrainingJobName", Arg::Input("trainingJobName")),
            (
                "AlgorithmSpecification",
                Arg::Obj(vec![
                    (
                        "TrainingImage",
                        lit(
                            "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-training-image:latest",
                        ),
                    ),
                    ("TrainingInputMode", lit("File")),
                ]),
            ),
            (
                "RoleArn",
                lit("arn:aws:iam::123456789012:role/MySageMakerRole"),
            ),
            (
                "OutputDataConfig",
                Arg::Obj(vec![(
                    "S3OutputPath",
                    lit("s3://amzn-s3-demo-bucket/models/"),
                )]),
            ),
            (
                "ResourceConfig",
                Arg::Obj(vec![
                    ("InstanceCount", lit(1)),
                    ("InstanceType", lit("ml.m5.large")),
                    ("VolumeSizeInGB", lit(10)),
                ]),
            ),
            (
                "StoppingCondition",
                Arg::Obj(vec![("MaxRuntimeInSeconds", lit(3600))]),
            ),
        ];
        Snippet::single(
            "Train model",
            task(
                language,
                "arn:aws:states:::sagemaker:createTrainingJob.sync",
                args,
                "trainingResult",
            ),
        )
    },
};

pub(super) const BEDROCK: Entry = Entry {
    id: "bedrock-invoke-model",
    title: "Bedrock invoke model",
    description: "Sends a prompt to a Bedrock foundation model and returns its answer",
    category: Category::DataAndAi,
    icon: "ai",
    build: |language| {
        let args = vec![
            (
                "ModelId",
                lit("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"),
            ),
            ("ContentType", lit("application/json")),
            ("Body", Arg::Obj(vec![("inputText", Arg::Input("prompt"))])),
        ];
        Snippet::single(
            "Invoke model",
            task(
                language,
                "arn:aws:states:::bedrock:invokeModel",
                args,
                "modelResult",
            ),
        )
    },
};

pub(super) const STEP_FUNCTIONS: Entry = Entry {
    id: "sfn-start-execution",
    title: "Step Functions start execution",
    description: "Runs another state machine as a child workflow and waits for its result",
    category: Category::Orchestration,
    icon: "workflow",
    build: |language| {
        let args = vec![
            (
                "StateMachineArn",
                lit(format!(
                    "arn:aws:states:{REGION_ACCOUNT}:stateMachine:MyStateMachine"
                )),
            ),
            (
                "Input",
                Arg::Obj(vec![
                    ("input", Arg::Input("")),
                    (
                        "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID",
                        Arg::Context("Execution.Id"),
                    ),
                ]),
            ),
        ];
        Snippet::single(
            "Run child workflow",
            task(
                language,
                "arn:aws:states:::states:startExecution.sync:2",
                args,
                "childResult",
            ),
        )
    },
};

pub(super) const HTTP: Entry = Entry {
    id: "http-invoke",
    title: "HTTP task",
    description: "Calls a third-party HTTPS API through an EventBridge connection",
    category: Category::Orchestration,
    icon: "http",
    build: |language| {
        let args = vec![
            ("ApiEndpoint", lit("https://api.example.com/orders")),
            ("Method", lit("GET")),
            (
                "Authentication",
                Arg::Obj(vec![(
                    "ConnectionArn",
                    lit(format!(
                        "arn:aws:events:{REGION_ACCOUNT}:connection/MyConnection/00000000-0000-0000-0000-000000000000"
                    )),
                )]),
            ),
        ];
        Snippet::single(
            "Call HTTP API",
            task(language, "arn:aws:states:::http:invoke", args, "httpResult"),
        )
    },
};

pub(super) const HUMAN_APPROVAL: Entry = Entry {
    id: "human-approval",
    title: "Human approval",
    description: "Sends an approval request with a task token and waits a day for the answer",
    category: Category::Orchestration,
    icon: "approval",
    build: |language| {
        let args = vec![
            (
                "QueueUrl",
                lit("https://sqs.us-east-1.amazonaws.com/123456789012/MyApprovalQueue"),
            ),
            (
                "MessageBody",
                Arg::Obj(vec![
                    ("request", Arg::Input("")),
                    ("taskToken", Arg::Context("Task.Token")),
                ]),
            ),
        ];
        let mut state = task(
            language,
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            args,
            "approval",
        );
        insert(&mut state, "TimeoutSeconds", json!(86400));
        insert(
            &mut state,
            "Catch",
            json!([
                {"ErrorEquals": ["States.Timeout"], "Next": "Approval timed out"},
                {"ErrorEquals": ["Approval.Rejected"], "Next": "Approval rejected"}
            ]),
        );
        let fail =
            |error: &str, cause: &str| json!({"Type": "Fail", "Error": error, "Cause": cause});
        Snippet {
            states: vec![
                ("Wait for approval".to_owned(), state),
                (
                    "Approval timed out".to_owned(),
                    fail(
                        "ApprovalTimedOut",
                        "No one answered the approval request within a day",
                    ),
                ),
                (
                    "Approval rejected".to_owned(),
                    fail("ApprovalRejected", "The approval request was rejected"),
                ),
            ],
        }
    },
};
