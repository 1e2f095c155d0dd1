//! The data-processing stages every state goes through, one place per query language, and the
//! scopes they are evaluated against.
//!
//! Scopes: a JSONPath field is evaluated against its frame's context object, variables and the
//! definition's templates, built in one place ([`Execution::in_path_scope`], borrowed, or its
//! owned form [`Execution::path_frame`]); a JSONata one against `$states`
//! ([`Execution::states_binding`]). A field that reads more of the context object (an
//! ItemSelector's `$$.Map.Item`, a task's `$$.Task.Token`) says so with [`ContextExtras`].
//!
//! Stages: the input stages (JSONPath InputPath and Parameters, or JSONata Arguments) before a
//! state works, the output stages (JSONPath ResultSelector, Assign, ResultPath and OutputPath, or
//! JSONata Assign and Output) after it. Pass and Choice, which do no work between the two, run
//! the same stage functions ([`jsonpath_input`], [`jsonpath_output`]) in one borrowed scope, so
//! their hot path takes no reference counts.

use super::*;

/// What a field's context object holds beyond the state itself.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ContextExtras<'a> {
    /// `$$.Map.Item`: the item an ItemSelector reads, with its index.
    pub map_item: Option<(usize, &'a Value)>,
    /// `$$.Task.Token`: the token a `.waitForTaskToken` task passes on.
    pub task_token: Option<&'a str>,
}

impl Execution {
    // ----- scopes ----------------------------------------------------------------------------------

    /// Runs `work` on the frame with the scope its JSONPath fields are evaluated against (its
    /// context object, with `extras`, its variables and the definition's templates) and the
    /// random source, all borrowed side by side: no reference count is taken.
    pub(super) fn in_path_scope<T>(
        &mut self,
        fid: FrameId,
        extras: ContextExtras<'_>,
        work: impl FnOnce(&Frame, &PathScope<'_>, &mut SeededRng) -> Result<T, StateError>,
    ) -> Result<T, StateError> {
        let context = self.context_for(fid, extras.map_item, extras.task_token);
        let frame = self.frames.get(fid).ok_or_else(lost_frame)?;
        let scope = PathScope {
            context: &context,
            vars: &frame.vars,
            templates: &self.templates,
        };
        work(frame, &scope, &mut self.rng)
    }

    /// The scope of [`Execution::in_path_scope`] (without extras), owned: for evaluations that
    /// need the execution itself in between (Wait, Fail, Map's fields, catchers).
    pub(super) fn path_frame(&self, fid: FrameId) -> Result<dataflow::PathFrame, StateError> {
        let frame = self.working_frame(fid).ok_or_else(lost_frame)?;
        Ok(dataflow::PathFrame {
            context: self.context_for(fid, None, None),
            vars: frame.vars.clone(),
            templates: self.templates.clone(),
        })
    }

    /// JSONata's `$states`: the frame's input and context object, and `extra` bindings
    /// (`result`, `errorOutput`).
    pub(super) fn states_binding(&self, fid: FrameId, extra: &[(&str, Value)]) -> Value {
        self.states_binding_with(fid, ContextExtras::default(), extra)
    }

    /// [`Execution::states_binding`] with a context object holding `extras`.
    pub(super) fn states_binding_with(
        &self,
        fid: FrameId,
        extras: ContextExtras<'_>,
        extra: &[(&str, Value)],
    ) -> Value {
        let Some(frame) = self.working_frame(fid) else {
            return Value::Null;
        };
        let mut map = Map::new();
        map.insert("input".into(), (*frame.input).clone());
        map.insert(
            "context".into(),
            self.context_for(fid, extras.map_item, extras.task_token),
        );
        for (k, v) in extra {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::Object(map)
    }

    // ----- input stages ----------------------------------------------------------------------------

    /// JSONPath's input stages of Task and Parallel ([`jsonpath_input`]), recorded for the
    /// inspector. Gives the state's input, and what `then` derives from the effective input in
    /// the same scope (a Task's `TimeoutSecondsPath` and `HeartbeatSecondsPath`); the stages are
    /// recorded even when `then` fails, as they ran.
    pub(super) fn parameters_stages<T>(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        parameters: Option<&Value>,
        extras: ContextExtras<'_>,
        then: impl FnOnce(&Payload, &PathScope<'_>) -> Result<T, StateError>,
    ) -> Result<(Payload, T), StateError> {
        let input_path = plan.def.common().input_path.as_ref();
        let (after_input, input, derived) =
            self.in_path_scope(fid, extras, |frame, scope, rng| {
                let (after_input, parameters) =
                    jsonpath_input(input_path, parameters, &frame.input, scope, rng)?;
                let after_input = after_input.into_owned();
                let input = parameters.unwrap_or_else(|| after_input.clone());
                let derived = then(&after_input, scope);
                Ok((after_input, input, derived))
            })?;
        if self.options.record_states {
            if let Some(frame) = self.frame_mut(fid) {
                frame.inspection.after_input_path = Some(after_input);
                frame.inspection.after_parameters = Some(input.clone());
            }
        }
        Ok((input, derived?))
    }

    /// JSONata's input stage: `Arguments` evaluated against `$states`, or the raw input.
    pub(super) fn arguments_stage(
        &mut self,
        fid: FrameId,
        arguments: Option<&Value>,
        states: &Value,
        raw: &Payload,
    ) -> Result<Payload, StateError> {
        match arguments {
            Some(arguments) => Ok(Arc::new(self.jsonata_value(
                fid,
                arguments,
                "Arguments",
                states,
            )?)),
            None => Ok(raw.clone()),
        }
    }

    // ----- output stages ---------------------------------------------------------------------------

    /// The output stages of one query language, applied to a state's result: JSONPath's
    /// ResultSelector, Assign, ResultPath and OutputPath; JSONata's Assign and Output (with the
    /// result as `$states.result`). A state without a result (a Wait) passes on its effective
    /// input: JSONPath's InputPath applied to its raw input, and Assign and OutputPath on that.
    pub(super) fn output_stages(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        result: Option<Payload>,
    ) -> Result<Shaped, StateError> {
        let common = plan.def.common();
        if plan.language == QueryLanguage::JSONata {
            let (raw, _) = self.frame_data(fid)?;
            let states = match &result {
                Some(result) => self.states_binding(fid, &[("result", (**result).clone())]),
                None => self.states_binding(fid, &[]),
            };
            return self.jsonata_assign_and_output(
                fid,
                common.assign.as_ref(),
                common.output.as_ref(),
                &states,
                result.unwrap_or(raw),
            );
        }
        let recorded = result.is_some() && self.options.record_states;
        let (selector, result_path) = match &plan.def {
            State::Task(t) => (t.result_selector.as_ref(), t.result_path.as_ref()),
            State::Parallel(p) => (p.result_selector.as_ref(), p.result_path.as_ref()),
            State::Map(m) => (m.result_selector.as_ref(), m.result_path.as_ref()),
            _ => (None, None),
        };
        let (output, assigned, stages) =
            self.in_path_scope(fid, ContextExtras::default(), |frame, scope, rng| {
                let raw = &frame.input;
                let result = match result {
                    Some(result) => result,
                    None => {
                        dataflow::apply_path(common.input_path.as_ref(), raw, scope)?.into_owned()
                    }
                };
                let after_selector = match selector {
                    Some(template) => {
                        Arc::new(dataflow::apply_template(template, &result, scope, rng)?)
                    }
                    None => result.clone(),
                };
                let (output, assigned, after_result_path) = jsonpath_output(
                    common.assign.as_ref(),
                    result_path,
                    common.output_path.as_ref(),
                    raw,
                    &after_selector,
                    scope,
                    rng,
                )?;
                let after_result_path = recorded.then(|| after_result_path.into_owned());
                let stages = after_result_path.map(|placed| (result, after_selector, placed));
                Ok((output, assigned, stages))
            })?;
        if let Some((result, after_selector, after_result_path)) = stages {
            if let Some(frame) = self.frame_mut(fid) {
                frame.inspection.result = Some(result);
                frame.inspection.after_result_selector = Some(after_selector);
                frame.inspection.after_result_path = Some(after_result_path);
            }
        }
        Ok((output, assigned))
    }

    /// Task, Parallel and Map: the output stages applied to the state's result, then exit.
    pub(super) fn finish_with_result(&mut self, fid: FrameId, result: Payload) {
        self.finish_with(fid, Some(result));
    }

    /// The last step of every state that works before it leaves (Task, Parallel, Map, Wait): the
    /// output stages ([`Execution::output_stages`]), then exit, or fail with the stage's error.
    pub(super) fn finish_with(&mut self, fid: FrameId, result: Option<Payload>) {
        let Some(frame) = self.working_frame(fid) else {
            return;
        };
        let plan = self.plan.state(frame.scope, frame.state).clone();
        match self.output_stages(fid, &plan, result) {
            Ok((output, assigned)) => self.set_step(
                fid,
                Step::Exit {
                    output,
                    next: plan.next,
                    assigned: assigned.map(Arc::new),
                },
            ),
            Err(error) => {
                let error = self.eval_error(fid, error);
                self.set_step(fid, Step::Failed(Box::new(error)));
            }
        }
    }
}

/// JSONPath's input stages on a state's raw input: `InputPath`, then `Parameters` when the state
/// has them. Gives the effective input (borrowed when InputPath keeps the input whole; it feeds
/// the state's other paths) and the Parameters' value, if any (else the effective input is the
/// state's input).
// Inlined: on the hot path of Pass and Choice a call returning these tuples cost more than
// the stages themselves.
#[inline(always)]
pub(super) fn jsonpath_input<'a>(
    input_path: Option<&Option<String>>,
    parameters: Option<&Value>,
    raw: &'a Payload,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<(Cow<'a, Payload>, Option<Payload>), StateError> {
    let after_input = dataflow::apply_path(input_path, raw, scope)?;
    let parameters = match parameters {
        Some(template) => Some(Arc::new(dataflow::apply_template(
            template,
            &after_input,
            scope,
            rng,
        )?)),
        None => None,
    };
    Ok((after_input, parameters))
}

/// JSONPath's stages after a state's result (already through its ResultSelector), in AWS's
/// order: `Assign` reading the result, `ResultPath` placing it in the raw input, `OutputPath`.
/// Gives the output, the variables assigned and the value after ResultPath (borrowed when the
/// result or the raw input passes whole).
// Inlined: on the hot path of Pass and Choice a call returning these tuples cost more than
// the stages themselves.
#[inline(always)]
pub(super) fn jsonpath_output<'a>(
    assign: Option<&Map<String, Value>>,
    result_path: Option<&Option<String>>,
    output_path: Option<&Option<String>>,
    raw: &'a Payload,
    result: &'a Payload,
    scope: &PathScope<'_>,
    rng: &mut SeededRng,
) -> Result<(Payload, Option<dataflow::Assigned>, Cow<'a, Payload>), StateError> {
    let assigned = dataflow::assign_jsonpath(assign, result, scope, rng)?;
    let after_result_path = dataflow::apply_result_path(raw, Cow::Borrowed(result), result_path)?;
    let output = dataflow::apply_path(output_path, &after_result_path, scope)?.into_owned();
    Ok((output, assigned, after_result_path))
}
