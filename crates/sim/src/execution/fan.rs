//! Parallel and Map: the children a state fans out to (branches, iterations, a distributed Map's
//! child executions), scheduled depth first within the concurrency allowed, and what happens when
//! they end or fail.

use super::*;

impl Execution {
    // ----- Parallel and Map ------------------------------------------------------------------------

    pub(super) fn run_parallel(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
    ) -> Result<(), Failure> {
        let State::Parallel(parallel) = &plan.def else {
            debug_assert!(
                false,
                "engine invariant broken: run_parallel called for another state type"
            );
            return Ok(());
        };
        let input = if plan.language == QueryLanguage::JSONata {
            let (raw, _) = self.frame_data(fid)?;
            let states = self.states_binding(fid, &[]);
            self.arguments_stage(fid, parallel.arguments.as_ref(), &states, &raw)?
        } else {
            let parameters = parallel.parameters.as_ref();
            let extras = ContextExtras::default();
            self.parameters_stages(fid, plan, parameters, extras, |_, _| Ok(()))?
                .0
        };
        let branches = plan.children.len();
        self.emit(fid, EventKind::ParallelStateStarted);
        let fan = Fan::new(
            FanKind::Parallel,
            vec![Some(input.clone()); branches],
            input,
            0,
        );
        if let Some(frame) = self.frame_mut(fid) {
            frame.fan = Some(Box::new(fan));
            frame.step = Step::FanSettle;
        }
        Ok(())
    }

    pub(super) fn run_map(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        map: &MapState,
    ) -> Result<(), Failure> {
        let (raw, _) = self.frame_data(fid)?;
        let distributed = map.is_distributed();
        let (effective, items, max_concurrency) = if plan.language == QueryLanguage::JSONata {
            let states = self.states_binding(fid, &[]);
            let items_value = match &map.items {
                Some(ValueOrExpr::Expr(text)) => {
                    self.jsonata_value(fid, &Value::String(text.clone()), "Items", &states)?
                }
                Some(ValueOrExpr::Value(value)) => {
                    self.jsonata_value(fid, value, "Items", &states)?
                }
                None => match self.read_items(fid, map)? {
                    Some(items) => items,
                    None => (*raw).clone(),
                },
            };
            let Value::Array(items) = items_value else {
                return Err(not_an_items_array(map.items.as_ref(), &items_value).into());
            };
            let max = match &map.max_concurrency {
                Some(NumberOrExpr::Number(n)) => n.as_u64().unwrap_or(0) as usize,
                Some(NumberOrExpr::Expr(text)) => {
                    let v = self.jsonata_value(
                        fid,
                        &Value::String(text.clone()),
                        "MaxConcurrency",
                        &states,
                    )?;
                    v.as_u64().ok_or_else(|| {
                        StateError::new(
                            errors::QUERY_EVALUATION_ERROR,
                            format!("MaxConcurrency must be a non-negative integer, not {v}"),
                        )
                    })? as usize
                }
                None => 0,
            };
            (raw.clone(), items, max)
        } else {
            let path_frame = self.path_frame(fid)?;
            let scope = path_frame.scope();
            let after_input =
                dataflow::apply_path(plan.def.common().input_path.as_ref(), &raw, &scope)?
                    .into_owned();
            let max = match (&map.max_concurrency, &map.max_concurrency_path) {
                (Some(n), _) => number_of(n).unwrap_or(0.0) as usize,
                (None, Some(path)) => {
                    let v = dataflow::select_value(path, &after_input, &scope)?;
                    integer_at(&v)
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            StateError::new(
                                errors::RUNTIME,
                                format!("The MaxConcurrencyPath field refers to value {} which is not a valid integer: {path}", quoted(&v)),
                            )
                        })?
                }
                _ => 0,
            };
            let items_value = match self.read_items(fid, map)? {
                Some(items) => items,
                None => match &map.items_path {
                    Some(path) => dataflow::select_value(path, &after_input, &scope)?,
                    None => (*after_input).clone(),
                },
            };
            let Value::Array(items) = items_value else {
                let path = map.items_path.clone().unwrap_or_else(|| "$".into());
                return Err(StateError::new(
                    errors::RUNTIME,
                    format!("Invalid path '{path}' : the Map state's items must be an array, but the path gave {items_value}"),
                )
                .into());
            };
            if let Some(frame) = self.frame_mut(fid) {
                frame.inspection.after_input_path = Some(after_input.clone());
            }
            (after_input, items, max)
        };
        let mut items: Vec<Payload> = items.into_iter().map(Arc::new).collect();
        if let Some(batcher) = &map.item_batcher {
            items = self.batch(fid, batcher, items, &effective)?;
        }
        let length = items.len();
        self.emit(fid, EventKind::MapStateStarted { length });
        let kind = if distributed {
            FanKind::DistributedMap
        } else {
            FanKind::InlineMap
        };
        let fan = Fan::new(
            kind,
            items.into_iter().map(Some).collect(),
            effective,
            max_concurrency,
        );
        if let Some(frame) = self.frame_mut(fid) {
            frame.fan = Some(Box::new(fan));
            frame.step = Step::FanStart;
        }
        Ok(())
    }

    /// Items from an ItemReader: the mock named after the Map state gives them (a JSON array, or
    /// an object with the array under `Items`).
    /// Items from an ItemReader: the object's text from `item_sources` (read as its
    /// `ReaderConfig` says), or else the mock named after the Map state (a JSON array, or an
    /// object with the array under `Items`).
    pub(super) fn read_items(
        &mut self,
        fid: FrameId,
        map: &MapState,
    ) -> Result<Option<Value>, StateError> {
        let Some(reader) = &map.item_reader else {
            return Ok(None);
        };
        let Some(frame) = self.working_frame(fid) else {
            return Ok(None);
        };
        let name = self.plan.state(frame.scope, frame.state).name.to_string();
        let raw = frame.input.clone();
        let parameters = match reader.parameters.as_ref().or(reader.arguments.as_ref()) {
            Some(template) => {
                let path_frame = self.path_frame(fid)?;
                let scope = path_frame.scope();
                dataflow::apply_template(template, &raw, &scope, &mut self.rng)
                    .unwrap_or(Value::Null)
            }
            None => Value::Null,
        };
        let source = item_reader::source_of(&parameters);
        if let Some(text) = source
            .as_ref()
            .and_then(|s| self.options.item_sources.get(s))
        {
            return item_reader::read_items(text, reader.reader_config.as_ref())
                .map(|items| Some(Value::Array(items)))
                .map_err(|e| StateError::new(errors::ITEM_READER_FAILED, e.0));
        }
        let Some(response) = self.options.mocks.for_state(&name).cloned() else {
            let object = source.unwrap_or_else(|| "the object".into());
            return Err(StateError::new(
                errors::ITEM_READER_FAILED,
                format!(
                    "The ItemReader of the Map state '{name}' has nothing to read: supply {object} as an item source \
                     (run --item-source {object}=FILE), or mock \"{name}\" with a response whose Return is the items array."
                ),
            ));
        };
        let index = self.tasks.next_invocation(name);
        match response.outcome(index) {
            Some(MockOutcome::Return(Value::Object(obj)))
                if obj.get("Items").is_some_and(Value::is_array) =>
            {
                Ok(obj.get("Items").cloned())
            }
            Some(MockOutcome::Return(value)) => Ok(Some(value.clone())),
            Some(MockOutcome::Throw { error, cause }) => {
                Err(StateError::new(error.clone(), cause.clone()))
            }
            None => Ok(None),
        }
    }

    pub(super) fn batch(
        &mut self,
        fid: FrameId,
        batcher: &ItemBatcher,
        items: Vec<Payload>,
        effective: &Payload,
    ) -> Result<Vec<Payload>, StateError> {
        let path_frame = self.path_frame(fid)?;
        let scope = path_frame.scope();
        let max_items = match (
            &batcher.max_items_per_batch,
            &batcher.max_items_per_batch_path,
        ) {
            (Some(n), _) => number_of(n).unwrap_or(0.0) as usize,
            (None, Some(path)) => integer_at(&dataflow::select_value(path, effective, &scope)?)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0),
            _ => 0,
        };
        let max_items = if max_items == 0 {
            usize::MAX
        } else {
            max_items
        };
        let batch_input = match &batcher.batch_input {
            Some(template) => Some(dataflow::apply_template(
                template,
                effective,
                &scope,
                &mut self.rng,
            )?),
            None => None,
        };
        Ok(items
            .chunks(max_items.min(items.len().max(1)))
            .map(|chunk| {
                let mut map = Map::new();
                if let Some(input) = &batch_input {
                    map.insert("BatchInput".into(), input.clone());
                }
                map.insert(
                    "Items".into(),
                    Value::Array(chunk.iter().map(|i| (**i).clone()).collect()),
                );
                Arc::new(Value::Object(map))
            })
            .collect())
    }

    pub(super) fn fan_start(&mut self, fid: FrameId) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state).clone();
        let State::Map(map) = &plan.def else {
            debug_assert!(
                false,
                "engine invariant broken: frame {fid} starts a map run outside a Map state"
            );
            return;
        };
        let effective = frame
            .fan
            .as_ref()
            .map(|f| f.effective_input.clone())
            .unwrap_or_default();
        let (count, pct) = match self.tolerance(fid, &plan, map, &effective) {
            Ok(t) => t,
            Err(error) => {
                let error = self.eval_error(fid, error);
                self.set_step(fid, Step::Failed(Box::new(error)));
                return;
            }
        };
        let distributed = map.is_distributed();
        let arn = distributed.then(|| {
            let label = map
                .label
                .clone()
                .unwrap_or_else(|| format!("{:08x}", self.rng.next_u64() as u32));
            format!(
                "arn:aws:states:{}:{}:mapRun:{}/{}:{}",
                self.options.region,
                self.options.account,
                self.options.state_machine_name,
                label,
                self.rng.uuid()
            )
        });
        if let Some(arn) = &arn {
            self.emit(
                fid,
                EventKind::MapRunStarted {
                    map_run_arn: arn.clone(),
                },
            );
        }
        if let Some(fan) = self.frame_mut(fid).and_then(|f| f.fan.as_mut()) {
            fan.tolerated_count = count;
            fan.tolerated_percentage = pct;
            fan.run_machine_and_label = Arc::from(
                arn.as_deref()
                    .and_then(|a| a.rsplit_once(":mapRun:"))
                    .and_then(|(_, run)| run.rsplit_once(':'))
                    .map_or("", |(machine_and_label, _)| machine_and_label),
            );
            fan.map_run_arn = arn;
        }
        self.set_step(fid, Step::FanSettle);
    }

    /// A Map's tolerated failures (`ToleratedFailureCount`, `ToleratedFailurePercentage`, their
    /// `...Path` forms, or JSONata expressions), read and checked as the map run starts. AWS fails
    /// the execution (`States.Runtime`) on a value that is not a number, a negative count, or a
    /// percentage outside 0..=100.
    fn tolerance(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        map: &MapState,
        effective: &Payload,
    ) -> Result<(Option<u64>, Option<f64>), StateError> {
        let fields = [
            (
                map.tolerated_failure_count.as_ref(),
                map.tolerated_failure_count_path.as_deref(),
                "ToleratedFailureCount",
            ),
            (
                map.tolerated_failure_percentage.as_ref(),
                map.tolerated_failure_percentage_path.as_deref(),
                "ToleratedFailurePercentage",
            ),
        ];
        let mut values = Vec::with_capacity(fields.len());
        for (literal, path, field) in fields {
            values.push(self.tolerance_field(fid, plan, effective, literal, path, field)?);
        }
        let [count, pct] = <[Option<Value>; 2]>::try_from(values).unwrap_or_default();
        let count = count.map(|v| tolerated_count(&v, map)).transpose()?;
        let pct = pct.map(|v| tolerated_percentage(&v, map)).transpose()?;
        Ok((count, pct))
    }

    /// The value of one tolerance field: its literal, its JSONata expression or its path.
    fn tolerance_field(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        effective: &Payload,
        literal: Option<&NumberOrExpr>,
        path: Option<&str>,
        field: &str,
    ) -> Result<Option<Value>, StateError> {
        match (literal, path) {
            (Some(NumberOrExpr::Number(n)), _) => Ok(Some(Value::Number(n.clone()))),
            (Some(NumberOrExpr::Expr(text)), _) => {
                let states = self.states_binding(fid, &[]);
                let value =
                    self.jsonata_value(fid, &Value::String(text.clone()), field, &states)?;
                Ok(Some(value))
            }
            (None, Some(path)) if plan.language == QueryLanguage::JSONPath => {
                let frame = self.path_frame(fid)?;
                dataflow::select_value(path, effective, &frame.scope()).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// Launches children while the concurrency allows, and concludes when they are all done or
    /// one failed beyond tolerance.
    pub(super) fn fan_settle(&mut self, fid: FrameId) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let Some(fan) = frame.fan.as_ref() else {
            debug_assert!(
                false,
                "engine invariant broken: frame {fid} settles a fan-out it has not started"
            );
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state).clone();
        let total = fan.items.len();
        // A failure beyond tolerance ends the fan-out.
        if fan.beyond_tolerance() {
            let error = if fan.kind.is_distributed() {
                StateError::new(
                    errors::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                    "The specified tolerated failure threshold was exceeded",
                )
            } else {
                fan.first_error
                    .clone()
                    .unwrap_or_else(|| StateError::new(errors::BRANCH_FAILED, "A branch failed."))
            };
            let running = fan.running_children();
            let distributed = fan.kind.is_distributed();
            for child in running {
                self.cancel(child);
            }
            if distributed {
                self.emit(
                    fid,
                    EventKind::MapRunFailed {
                        error: error.error.clone(),
                        cause: error.cause.clone(),
                    },
                );
            }
            if let Some(fan) = self.frame_mut(fid).and_then(|f| f.fan.as_mut()) {
                fan.running.clear();
            }
            self.set_step(fid, Step::Failed(Box::new(error)));
            return;
        }
        let limit = if fan.max_concurrency == 0 {
            usize::MAX
        } else {
            fan.max_concurrency
        };
        if fan.launched < total && fan.running.len() < limit {
            let count = (total - fan.launched).min(limit - fan.running.len());
            let start = fan.launched;
            let mut launched = Vec::with_capacity(count);
            for index in start..start + count {
                match self.spawn_child(fid, &plan, index) {
                    Ok(child) => launched.push(child),
                    Err(error) => {
                        for child in launched {
                            self.cancel(child);
                        }
                        let error = self.eval_error(fid, error);
                        self.set_step(fid, Step::Failed(Box::new(error)));
                        return;
                    }
                }
            }
            if fan_is_distributed_id(self, fid) {
                self.limits.children_launched(launched.len());
            }
            if let Some(fan) = self.frame_mut(fid).and_then(|f| f.fan.as_mut()) {
                fan.launched += launched.len();
                fan.running.extend((start..).zip(launched.iter().copied()));
            }
            for &child in launched.iter().rev() {
                self.queue_front(child);
            }
            if let Some(frame) = self.frame_mut(fid) {
                frame.step = Step::Blocked(Blocked::Children);
            }
            return;
        }
        if !fan.running.is_empty() {
            self.set_step(fid, Step::Blocked(Blocked::Children));
            return;
        }
        // All done. A map run reports its end first, as an event of its own.
        if fan.map_run_arn.is_some() && !fan.run_closed {
            self.emit(fid, EventKind::MapRunSucceeded);
            if let Some(fan) = self.frame_mut(fid).and_then(|f| f.fan.as_mut()) {
                fan.run_closed = true;
            }
            self.set_step(fid, Step::FanSettle);
            return;
        }
        let (is_map, arn) = (fan.kind.is_map(), fan.map_run_arn.clone());
        // A result nothing else holds (a distributed Map's child keeps no history here) moves
        // into the output; one the history also holds is copied.
        let results: Vec<Value> = self
            .frame_mut(fid)
            .and_then(|f| f.fan.as_mut())
            .map(|fan| std::mem::take(&mut fan.results))
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.map_or(Value::Null, Arc::unwrap_or_clone))
            .collect();
        if is_map {
            self.emit(fid, EventKind::MapStateSucceeded);
        } else {
            self.emit(fid, EventKind::ParallelStateSucceeded);
        }
        if !self.outcome.is_running() {
            return;
        }
        let result = match (&plan.def, arn) {
            (State::Map(map), Some(arn)) if map.result_writer.is_some() => json!({
                "MapRunArn": arn,
                "ResultWriterDetails": {
                    "Bucket": map.result_writer.as_ref().and_then(|w| w.parameters.as_ref()).and_then(|p| p.get("Bucket")).cloned().unwrap_or(Value::Null),
                    "Key": format!("{}/manifest.json", map.result_writer.as_ref().and_then(|w| w.parameters.as_ref()).and_then(|p| p.get("Prefix")).and_then(Value::as_str).unwrap_or(""))
                }
            }),
            _ => Value::Array(results),
        };
        if let Some(frame) = self.frame_mut(fid) {
            frame.fan = None;
        }
        self.finish_with_result(fid, Arc::new(result));
    }

    pub(super) fn spawn_child(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        index: usize,
    ) -> Result<FrameId, StateError> {
        let frame = self.working_frame(fid).ok_or_else(lost_frame)?;
        let fan = frame.fan.as_ref().ok_or_else(|| lost("fan"))?;
        let (scope_id, link, hidden, input) = if fan.kind.is_map() {
            let item = match self.frame_mut(fid).and_then(|f| f.fan.as_mut()) {
                Some(fan) => fan.items[index].take(),
                None => None,
            }
            .ok_or_else(|| lost("item"))?;
            let frame = self.working_frame(fid).ok_or_else(lost_frame)?;
            let fan = frame.fan.as_ref().ok_or_else(|| lost("fan"))?;
            let effective = fan.effective_input.clone();
            let (distributed, hidden) = (fan.kind.is_distributed(), frame.hidden);
            let input = self.item_input(fid, plan, index, &item, &effective)?;
            (
                plan.children[0],
                Link::Iteration { owner: fid, index },
                distributed || hidden,
                input,
            )
        } else {
            (
                plan.children[index],
                Link::Branch { owner: fid, index },
                frame.hidden,
                fan.items[index]
                    .clone()
                    .ok_or_else(|| lost("branch input"))?,
            )
        };
        let frame = self.working_frame(fid).ok_or_else(lost_frame)?;
        let distributed = fan_is_distributed(frame);
        let (vars, own_scope) = if distributed {
            (self.no_vars.clone(), true)
        } else {
            (frame.vars.clone(), false)
        };
        let last_event = frame.last_event;
        // A distributed Map's child is an execution of its own: its context object names it.
        let facts = if distributed {
            let machine_and_label = frame
                .fan
                .as_ref()
                .map(|f| f.run_machine_and_label.clone())
                .unwrap_or_else(|| Arc::from(""));
            Some(Box::new(ChildExecution {
                machine_and_label,
                bits: (self.rng.next_u64(), self.rng.next_u64()),
                input: input.clone(),
                start_ms: self.timeline.now_ms(),
            }))
        } else {
            None
        };
        let child = Frame {
            facts,
            serial: 0,
            scope: scope_id,
            link,
            hidden,
            vars,
            state: self.plan.scopes[scope_id].start,
            input,
            entered_event: 0,
            entered_ms: self.timeline.now_ms(),
            last_event,
            step: if matches!(link, Link::Iteration { .. }) {
                Step::IterationStart
            } else {
                Step::Enter
            },
            retries: Vec::new(),
            retry_total: 0,
            generation: 0,
            task: None,
            fan: None,
            inspection: Inspection::default(),
            own_scope,
            input_checked: false,
            vars_at_entry: None,
        };
        Ok(self.alloc(child))
    }

    /// The input of one Map iteration: ItemSelector (or the legacy Parameters) applied to the item.
    pub(super) fn item_input(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        index: usize,
        item: &Payload,
        effective: &Payload,
    ) -> Result<Payload, StateError> {
        let State::Map(map) = &plan.def else {
            return Ok(item.clone());
        };
        let selector = map.item_selector.as_ref().or(map.parameters.as_ref());
        let Some(selector) = selector else {
            return Ok(item.clone());
        };
        // `$$.Map.Item` is this item.
        let extras = ContextExtras {
            map_item: Some((index, item)),
            task_token: None,
        };
        if plan.language == QueryLanguage::JSONata {
            let states = self.states_binding_with(fid, extras, &[]);
            self.jsonata_value(fid, selector, "ItemSelector", &states)
                .map(Arc::new)
        } else {
            self.in_path_scope(fid, extras, |_, scope, rng| {
                dataflow::apply_template(selector, effective, scope, rng).map(Arc::new)
            })
        }
    }

    /// Stops a child and everything under it.
    pub(super) fn cancel(&mut self, fid: FrameId) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let children = frame
            .fan
            .as_ref()
            .map(|fan| fan.running_children())
            .unwrap_or_default();
        let started = !matches!(frame.step, Step::IterationStart);
        // The state was entered and has not ended: AWS records it as aborted (for the state types
        // that have such an event; Pass, Choice, Succeed and Fail finish at once).
        let in_state = !matches!(
            frame.step,
            Step::IterationStart | Step::Enter | Step::End(_) | Step::Dead
        );
        let plan = self.plan.state(frame.scope, frame.state);
        let aborted = (in_state
            && matches!(
                plan.ty,
                StateType::Wait | StateType::Task | StateType::Parallel | StateType::Map
            ))
        .then(|| EventKind::StateAborted {
            state_type: plan.ty,
            name: plan.name.clone(),
        });
        let link = frame.link;
        let token = frame.task.as_ref().and_then(|t| t.token.clone());
        for child in children {
            self.cancel(child);
        }
        if let Some(token) = token {
            self.tasks.take(&token);
        }
        if let Some(event) = aborted {
            self.emit(fid, event);
        }
        if let (Link::Iteration { owner, index }, true) = (link, started) {
            if let Some(name) = self
                .frame(owner)
                .map(|o| self.plan.state(o.scope, o.state).name.clone())
            {
                self.emit(fid, EventKind::MapIterationAborted { index, name });
            }
        }
        self.release(fid);
    }
}

/// What fans out: a Parallel's branches, or a Map's items run inline or as child executions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FanKind {
    Parallel,
    InlineMap,
    DistributedMap,
}

impl FanKind {
    fn is_map(self) -> bool {
        self != FanKind::Parallel
    }

    fn is_distributed(self) -> bool {
        self == FanKind::DistributedMap
    }
}

#[derive(Debug, Clone)]
pub(super) struct Fan {
    kind: FanKind,
    /// The children's inputs (Map: the items, before ItemSelector; Parallel: the branch input).
    /// A Map iteration takes its item when it starts, so that a result that is the item itself
    /// is not shared with the fan and can be moved into the Map's output instead of copied.
    items: Vec<Option<Payload>>,
    /// The Map's effective input (`$` in ItemSelector).
    effective_input: Payload,
    results: Vec<Option<Payload>>,
    /// Children running now: (item or branch index, frame), in index order. Children are launched
    /// in index order and mostly end in it, so a deque (removal from the front is cheap) serves
    /// better than a tree map; a Map of 20,000 items spent 4% of its run in tree removals.
    running: VecDeque<(usize, FrameId)>,
    launched: usize,
    succeeded: usize,
    failed: usize,
    max_concurrency: usize,
    tolerated_count: Option<u64>,
    tolerated_percentage: Option<f64>,
    first_error: Option<StateError>,
    map_run_arn: Option<String>,
    /// The map run's end was recorded.
    run_closed: bool,
    /// `<machine>/<label>` of the map run (its child executions' state machine).
    run_machine_and_label: Arc<str>,
}

impl Fan {
    /// A fan-out of `items` (one per branch or Map item), none launched yet.
    fn new(
        kind: FanKind,
        items: Vec<Option<Payload>>,
        effective_input: Payload,
        max_concurrency: usize,
    ) -> Fan {
        let length = items.len();
        Fan {
            kind,
            items,
            effective_input,
            results: vec![None; length],
            running: VecDeque::new(),
            launched: 0,
            succeeded: 0,
            failed: 0,
            max_concurrency,
            tolerated_count: None,
            tolerated_percentage: None,
            first_error: None,
            map_run_arn: None,
            run_closed: false,
            run_machine_and_label: Arc::from(""),
        }
    }

    /// The child at `index` ended with `result`: it no longer runs, and its result or error is
    /// kept.
    pub(super) fn child_ended(&mut self, index: usize, result: Result<Payload, StateError>) {
        if let Ok(pos) = self.running.binary_search_by_key(&index, |&(i, _)| i) {
            self.running.remove(pos);
        }
        match result {
            Ok(output) => {
                self.succeeded += 1;
                self.results[index] = Some(output);
            }
            Err(error) => {
                self.failed += 1;
                if self.first_error.is_none() {
                    self.first_error = Some(error);
                }
            }
        }
    }

    /// True when more children failed than the fan-out tolerates (a distributed Map its
    /// tolerated count or percentage, anything else none).
    fn beyond_tolerance(&self) -> bool {
        if !self.kind.is_distributed() {
            return self.failed > 0;
        }
        let total = self.items.len();
        let count_ok = self.failed as u64 <= self.tolerated_count.unwrap_or(0);
        let pct_ok = self
            .tolerated_percentage
            .is_some_and(|p| total > 0 && (self.failed as f64 * 100.0 / total as f64) <= p);
        self.failed > 0 && !(count_ok || pct_ok)
    }

    /// The frames of the children running now, in index order.
    fn running_children(&self) -> Vec<FrameId> {
        self.running.iter().map(|&(_, child)| child).collect()
    }
}

/// A JSONata Map's items that are not an array. From an `Items` expression AWS names the
/// expression and the type (`test_map_state_items_variable_sampling[...]`); from the state's
/// input, the input (`test_map_state_items_input_types[...]`).
fn not_an_items_array(items: Option<&ValueOrExpr>, value: &Value) -> StateError {
    match items.and_then(|items| match items {
        ValueOrExpr::Expr(text) => dataflow::expression_text(text),
        ValueOrExpr::Value(_) => None,
    }) {
        Some(text) => StateError::new(
            errors::QUERY_EVALUATION_ERROR,
            format!(
                "The JSONata expression '{text}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{}' for value: {value}",
                crate::jsonpath::type_name(value)
            ),
        )
        .at("Items"),
        None => StateError::new(
            errors::QUERY_EVALUATION_ERROR,
            format!("Map state input must be an array but was: {value}"),
        ),
    }
}

/// A tolerated failure count as AWS checks it: an integer, not negative. (Worded as recorded in
/// localstack's `test_map_state_tolerated_failure_count_path[...]` snapshots.)
fn tolerated_count(value: &Value, map: &MapState) -> Result<u64, StateError> {
    match integer_at(value) {
        Some(n) if n < 0 => Err(StateError::new(
            errors::RUNTIME,
            "ToleratedFailureCount cannot be negative.",
        )),
        n => n.and_then(|n| u64::try_from(n).ok()).ok_or_else(|| {
            let path = map.tolerated_failure_count_path.as_deref().unwrap_or("");
            StateError::new(
                errors::RUNTIME,
                format!("The ToleratedFailureCountPath field refers to value {} which is not a valid integer: {path}", quoted(value)),
            )
        }),
    }
}

/// A tolerated failure percentage as AWS checks it: a number from 0 to 100.
fn tolerated_percentage(value: &Value, map: &MapState) -> Result<f64, StateError> {
    let pct = float_at(value).ok_or_else(|| {
        let path = map.tolerated_failure_percentage_path.as_deref().unwrap_or("");
        StateError::new(
            errors::RUNTIME,
            format!("The ToleratedFailurePercentagePath field refers to value {} which is not a valid float: {path}", quoted(value)),
        )
    })?;
    if !(0.0..=100.0).contains(&pct) {
        return Err(StateError::new(
            errors::RUNTIME,
            "ToleratedFailurePercentage must be between 0 and 100.",
        ));
    }
    Ok(pct)
}

/// The integer a `...Path` field refers to, read as AWS reads it: a JSON integer, or a string
/// holding one (`"1"` is accepted: localstack's `test_reference_in_map_state[...]` recordings of
/// `MaxConcurrencyPath`, `ToleratedFailureCountPath` and `ToleratedFailurePercentagePath` on a
/// variable set to `"1"`).
fn integer_at(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// The number a `ToleratedFailurePercentagePath` refers to: a JSON number, or a string holding one.
fn float_at(value: &Value) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

fn quoted(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        other => format!("\"{other}\""),
    }
}

fn fan_is_distributed_id(execution: &Execution, fid: FrameId) -> bool {
    execution.frame(fid).is_some_and(fan_is_distributed)
}

fn fan_is_distributed(frame: &Frame) -> bool {
    frame.fan.as_ref().is_some_and(|f| f.kind.is_distributed())
}
