//! Task states: scheduling, mocked or awaited results, timeouts; their data stages are in
//! [`super::stages`].

use super::*;
use crate::history::TaskFamily;

impl Execution {
    // ----- Task ------------------------------------------------------------------------------------

    pub(super) fn run_task(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        task: &TaskState,
    ) -> Result<(), Failure> {
        let resource = Arc::new(TaskResource::parse(
            task.resource.as_deref().unwrap_or(""),
            &self.options.region,
        ));
        let token = resource.wait_for_token.then(|| self.rng.uuid());
        let extras = ContextExtras {
            map_item: None,
            task_token: token.as_deref(),
        };
        let (input, (timeout_secs, heartbeat_secs)) = if plan.language == QueryLanguage::JSONata {
            let (raw, _) = self.frame_data(fid)?;
            let states = self.states_binding_with(fid, extras, &[]);
            let input = self.arguments_stage(fid, task.arguments.as_ref(), &states, &raw)?;
            let mut number = |field: &Option<NumberOrExpr>,
                              name: &str|
             -> Result<Option<u64>, StateError> {
                match field {
                    Some(NumberOrExpr::Number(n)) => Ok(n.as_u64()),
                    Some(NumberOrExpr::Expr(text)) => {
                        let v =
                            self.jsonata_value(fid, &Value::String(text.clone()), name, &states)?;
                        v.as_u64().map(Some).ok_or_else(|| {
                            StateError::new(
                                errors::QUERY_EVALUATION_ERROR,
                                format!("The {name} must be a positive integer, not {v}"),
                            )
                        })
                    }
                    None => Ok(None),
                }
            };
            let timeout = number(&task.timeout_seconds, "TimeoutSeconds")?;
            let heartbeat = number(&task.heartbeat_seconds, "HeartbeatSeconds")?;
            (input, (timeout, heartbeat))
        } else {
            self.parameters_stages(
                fid,
                plan,
                task.parameters.as_ref(),
                extras,
                |after_input, scope| {
                    let seconds = |literal: &Option<NumberOrExpr>,
                                   path: &Option<String>,
                                   name: &str|
                     -> Result<Option<u64>, StateError> {
                        if let Some(n) = literal.as_ref().and_then(number_of) {
                            return Ok(Some(n as u64));
                        }
                        let Some(path) = path else { return Ok(None) };
                        let v = dataflow::select_value(path, after_input, scope)?;
                        v.as_u64().map(Some).ok_or_else(|| {
                            StateError::new(errors::RUNTIME, format!("The {name} field refers to value \"{v}\" which is not a valid integer: {path}"))
                        })
                    };
                    let timeout = seconds(
                        &task.timeout_seconds,
                        &task.timeout_seconds_path,
                        "TimeoutSecondsPath",
                    )?;
                    let heartbeat = seconds(
                        &task.heartbeat_seconds,
                        &task.heartbeat_seconds_path,
                        "HeartbeatSecondsPath",
                    )?;
                    Ok((timeout, heartbeat))
                },
            )?
        };
        if let Some(problem) = dataflow::payload_problem(&input) {
            return Err(self.limit_error(fid, "parameters", problem).into());
        }
        let event = EventKind::TaskScheduled {
            task: Arc::clone(&resource),
            parameters: input.clone().into(),
            timeout_secs,
            heartbeat_secs,
        };
        self.emit(fid, event);
        if let Some(frame) = self.frame_mut(fid) {
            frame.task = Some(Box::new(TaskCall {
                resource,
                input,
                token,
                timeout_ms: timeout_secs.map(secs_to_ms),
                heartbeat_ms: heartbeat_secs.map(secs_to_ms),
                deadline_ms: None,
                heartbeat_deadline_ms: None,
            }));
            frame.step = Step::TaskStart;
        }
        Ok(())
    }

    pub(super) fn task_start(&mut self, fid: FrameId) {
        let Some(call) = self.frame(fid).and_then(|f| f.task.clone()) else {
            return;
        };
        self.emit(
            fid,
            EventKind::TaskStarted {
                task: Arc::clone(&call.resource),
            },
        );
        self.set_step(fid, Step::TaskInvoke);
    }

    pub(super) fn task_invoke(&mut self, fid: FrameId) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let name = self.plan.state(frame.scope, frame.state).name.to_string();
        let submitted = frame
            .task
            .as_ref()
            .map(|call| Arc::clone(&call.resource))
            .filter(|resource| records_submission(resource));
        let mocked = self.options.mocks.for_state(&name).cloned();
        if let Some(response) = mocked {
            let index = self.tasks.next_invocation(name);
            let result = match response.outcome(index) {
                Some(MockOutcome::Return(value)) => Ok(Arc::new(value.clone())),
                Some(MockOutcome::Throw { error, cause }) => {
                    Err(StateError::new(error.clone(), cause.clone()))
                }
                None => Err(StateError::new(
                    errors::TASK_FAILED,
                    "The mocked response has no outcome.",
                )),
            };
            // A mocked `.sync` or `.waitForTaskToken` task: the mock gives one value where AWS
            // has two (the start call's answer in TaskSubmitted, the job's or callback's result
            // in TaskSucceeded). LocalStack's mocked mode, which replays histories recorded on
            // AWS, records the mocked response in both events, and so do we. A mocked Throw is
            // taken as the service call itself failing (the example in AWS's mock configuration
            // guide throws `Lambda.ResourceNotReadyException`, an error of the call): AWS records
            // no TaskSubmitted then, and neither does LocalStack's mocked mode.
            if let (Some(task), Ok(output)) = (submitted, &result) {
                let output = Arc::clone(output);
                self.emit(
                    fid,
                    EventKind::TaskSubmitted {
                        task,
                        output: output.into(),
                    },
                );
                if !self.outcome.is_running() {
                    return;
                }
            }
            self.set_step(fid, Step::TaskDone(result.map_err(Box::new)));
            return;
        }
        // No mock: the start call is taken to succeed at once, as AWS's does before it waits,
        // so a `.sync` or `.waitForTaskToken` task records TaskSubmitted now. No service answered,
        // so its output is an empty object; the result or callback then comes through the API.
        if let Some(task) = submitted {
            let output = Arc::new(Value::Object(Map::new()));
            self.emit(
                fid,
                EventKind::TaskSubmitted {
                    task,
                    output: output.into(),
                },
            );
            if !self.outcome.is_running() {
                return;
            }
        }
        let now = self.timeline.now_ms();
        let token = {
            let needs_token = self
                .frame(fid)
                .and_then(|f| f.task.as_ref())
                .is_some_and(|t| t.token.is_none());
            let fresh = needs_token.then(|| self.rng.uuid());
            let Some(frame) = self.working_frame_mut(fid) else {
                return;
            };
            let Some(call) = frame.task.as_mut() else {
                return;
            };
            if let Some(fresh) = fresh {
                call.token = Some(fresh);
            }
            call.deadline_ms = call.timeout_ms.map(|t| now.saturating_add(t));
            call.heartbeat_deadline_ms = call.heartbeat_ms.map(|h| now.saturating_add(h));
            frame.generation += 1;
            frame.step = Step::Blocked(Blocked::Task);
            call.token.clone().unwrap_or_default()
        };
        let (generation, deadline, heartbeat) = match self.frame(fid) {
            Some(f) => (
                f.generation,
                f.task.as_ref().and_then(|t| t.deadline_ms),
                f.task.as_ref().and_then(|t| t.heartbeat_deadline_ms),
            ),
            None => return,
        };
        if let Some(at) = deadline {
            self.add_timer(at, fid, generation, TimerKind::TaskTimeout);
        }
        if let Some(at) = heartbeat {
            self.add_timer(at, fid, generation, TimerKind::Heartbeat);
        }
        self.tasks.wait(token, fid);
    }

    pub(super) fn task_done(&mut self, fid: FrameId, result: Result<Payload, StateError>) {
        let Some(call) = self.frame_mut(fid).and_then(|f| f.task.take()) else {
            return;
        };
        let task = Arc::clone(&call.resource);
        match result {
            Ok(output) => {
                self.emit(
                    fid,
                    EventKind::TaskSucceeded {
                        task,
                        output: output.clone().into(),
                    },
                );
                if !self.outcome.is_running() {
                    return;
                }
                if let Some(problem) = dataflow::payload_problem(&output) {
                    let error = self.limit_error(fid, "result", problem);
                    self.set_step(fid, Step::Failed(Box::new(error)));
                    return;
                }
                self.finish_with_result(fid, output);
            }
            Err(error) => {
                let timed_out = error.location.as_deref() == Some("timeout");
                let error = StateError {
                    location: None,
                    ..error
                };
                let kind = if timed_out {
                    EventKind::TaskTimedOut {
                        task,
                        error: error.error.clone(),
                        cause: error.cause.clone(),
                    }
                } else {
                    EventKind::TaskFailed {
                        task,
                        error: error.error.clone(),
                        cause: error.cause.clone(),
                    }
                };
                self.emit(fid, kind);
                self.set_step(fid, Step::Failed(Box::new(error)));
            }
        }
    }
}

/// Whether AWS records a `TaskSubmitted` event for a task with this resource: service
/// integrations in the `.sync` (`.sync`, `.sync:2`) and `.waitForTaskToken` patterns, after
/// `TaskStarted` and before the task's `TaskSucceeded`, `TaskFailed` or `TaskTimedOut`.
/// Request-response integrations, Lambda function ARNs and activities record none. (Histories
/// recorded on AWS: `glue:startJobRun.sync`, `states:startExecution.sync` and `.sync:2`,
/// `sqs:sendMessage.waitForTaskToken`, whose TaskSubmitted output is the start call's response.)
fn records_submission(resource: &TaskResource) -> bool {
    resource.family == TaskFamily::Service && (resource.sync || resource.wait_for_token)
}

/// Tasks waiting for an answer, by token, and how often each mocked state was invoked (a mock's
/// responses are given in turn).
#[derive(Debug, Default)]
pub(super) struct TaskBook {
    callbacks: BTreeMap<String, FrameId>,
    invocations: HashMap<String, u64>,
}

impl TaskBook {
    /// The frame waits for `token`.
    pub(super) fn wait(&mut self, token: String, fid: FrameId) {
        self.callbacks.insert(token, fid);
    }

    /// The frame waiting for `token`, which still waits.
    pub(super) fn waiting(&self, token: &str) -> Option<FrameId> {
        self.callbacks.get(token).copied()
    }

    /// The frame waiting for `token`, which no longer waits.
    pub(super) fn take(&mut self, token: &str) -> Option<FrameId> {
        self.callbacks.remove(token)
    }

    /// The waiting frames by token, sorted by token.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&String, FrameId)> {
        self.callbacks.iter().map(|(token, &fid)| (token, fid))
    }

    /// No task waits any more (the execution ended).
    pub(super) fn clear_waiting(&mut self) {
        self.callbacks.clear();
    }

    /// Counts an invocation of the mocked state `name`; gives how many came before it.
    pub(super) fn next_invocation(&mut self, name: String) -> u64 {
        let count = self.invocations.entry(name).or_insert(0);
        let index = *count;
        *count += 1;
        index
    }
}
