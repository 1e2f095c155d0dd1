//! Task resources: which kind of integration an ARN names, and how its events are labelled.
//!
//! - `arn:aws:states:::service:action[.sync[:2]|.waitForTaskToken]`: a service integration
//!   (`Task*` events with `resourceType` = service, `resource` = action and suffix).
//! - `arn:aws:lambda:region:account:function:name`: a Lambda function (`LambdaFunction*` events).
//! - `arn:aws:states:region:account:activity:name`: an activity (`Activity*` events).
//!
//! How a task gets its result is up to the engine: a mock answers at once; without a mock, the
//! task waits for a result (or, for `.waitForTaskToken`, a callback with its token).

use crate::history::TaskFamily;

/// A parsed Task `Resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskResource {
    /// The ARN as written.
    pub arn: String,
    /// Which events the task produces.
    pub family: TaskFamily,
    /// The service (`lambda`, `sqs`, ...), for service integrations.
    pub resource_type: String,
    /// The action with its suffix (`invoke.waitForTaskToken`), or the ARN for Lambda/activities.
    pub resource: String,
    /// The region in the ARN, or the execution's.
    pub region: String,
    /// `.waitForTaskToken`: the task waits for a callback with its token.
    pub wait_for_token: bool,
    /// `.sync`: the task waits for the job it started.
    pub sync: bool,
}

impl TaskResource {
    /// Reads an ARN; `default_region` fills in a region the ARN leaves empty.
    pub fn parse(arn: &str, default_region: &str) -> TaskResource {
        let parts: Vec<&str> = arn.splitn(7, ':').collect();
        let region = parts
            .get(3)
            .filter(|r| !r.is_empty())
            .map_or(default_region, |r| r)
            .to_owned();
        let (family, resource_type, resource) = match parts.as_slice() {
            ["arn", _, "lambda", _, _, "function", ..] => {
                (TaskFamily::Lambda, String::new(), arn.to_owned())
            }
            ["arn", _, "states", _, _, "activity", ..] => {
                (TaskFamily::Activity, String::new(), arn.to_owned())
            }
            ["arn", _, "states", "", "", service, action] => (
                TaskFamily::Service,
                (*service).to_owned(),
                (*action).to_owned(),
            ),
            ["arn", _, "states", "", "", service] => {
                (TaskFamily::Service, (*service).to_owned(), String::new())
            }
            _ => (TaskFamily::Service, String::new(), arn.to_owned()),
        };
        let wait_for_token = resource.ends_with(".waitForTaskToken");
        let sync = resource.contains(".sync");
        TaskResource {
            arn: arn.to_owned(),
            family,
            resource_type,
            resource,
            region,
            wait_for_token,
            sync,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_integrations_split_into_type_and_action() {
        let r = TaskResource::parse(
            "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "eu-west-1",
        );
        assert_eq!(
            (r.family, r.resource_type.as_str(), r.resource.as_str()),
            (TaskFamily::Service, "lambda", "invoke.waitForTaskToken")
        );
        assert!(r.wait_for_token && !r.sync);
        assert_eq!(r.region, "eu-west-1");
        let r = TaskResource::parse("arn:aws:states:::states:startExecution.sync:2", "us-east-1");
        assert_eq!(r.resource, "startExecution.sync:2");
        assert!(r.sync);
        let r = TaskResource::parse(
            "arn:aws:lambda:us-west-2:123456789012:function:Fn",
            "us-east-1",
        );
        assert_eq!(
            (r.family, r.region.as_str()),
            (TaskFamily::Lambda, "us-west-2")
        );
        let r = TaskResource::parse(
            "arn:aws:states:us-east-1:123456789012:activity:Approve",
            "us-east-1",
        );
        assert_eq!(r.family, TaskFamily::Activity);
    }
}
