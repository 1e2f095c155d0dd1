//! The data-processing stages every state goes through, one place per query language: the
//! input stages (JSONPath InputPath and Parameters, or JSONata Arguments) before a state works,
//! the output stages (JSONPath ResultSelector, Assign, ResultPath and OutputPath, or JSONata
//! Assign and Output) after it. Pass and Choice, which do no work between the two, run the same
//! stages inline (Pass on its hot path, without reference counts).

use super::*;

impl Execution {
    /// JSONPath's input stages: `InputPath` on the raw input, then `Parameters` (when the state
    /// has them) on the effective input. Gives both (the effective input feeds the state's other
    /// paths, such as `TimeoutSecondsPath`), and records them for the inspector.
    pub(super) fn parameters_stages(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        parameters: Option<&Value>,
        raw: &Payload,
        scope: &PathScope<'_>,
    ) -> Result<(Payload, Payload), StateError> {
        let after_input =
            dataflow::apply_path(plan.def.common().input_path.as_ref(), raw, scope)?.into_owned();
        let input = match parameters {
            Some(template) => Arc::new(dataflow::apply_template(
                template,
                &after_input,
                scope,
                &mut self.rng,
            )?),
            None => after_input.clone(),
        };
        if self.options.record_states {
            if let Some(frame) = self.frame_mut(fid) {
                frame.inspection.after_input_path = Some(after_input.clone());
                frame.inspection.after_parameters = Some(input.clone());
            }
        }
        Ok((after_input, input))
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
        let (raw, _) = self.frame_data(fid)?;
        let common = plan.def.common();
        if plan.language == QueryLanguage::JSONata {
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
        let frame = self.path_frame(fid)?;
        let scope = frame.scope();
        let recorded = result.is_some() && self.options.record_states;
        let result = match result {
            Some(result) => result,
            None => dataflow::apply_path(common.input_path.as_ref(), &raw, &scope)?.into_owned(),
        };
        let (selector, result_path) = match &plan.def {
            State::Task(t) => (t.result_selector.as_ref(), t.result_path.as_ref()),
            State::Parallel(p) => (p.result_selector.as_ref(), p.result_path.as_ref()),
            State::Map(m) => (m.result_selector.as_ref(), m.result_path.as_ref()),
            _ => (None, None),
        };
        let after_selector = match selector {
            Some(template) => Arc::new(dataflow::apply_template(
                template,
                &result,
                &scope,
                &mut self.rng,
            )?),
            None => result.clone(),
        };
        let (after_result_path, assigned) = dataflow::assign_and_place(
            &raw,
            &after_selector,
            common.assign.as_ref(),
            result_path,
            &scope,
            &mut self.rng,
        )?;
        let output = dataflow::apply_path(common.output_path.as_ref(), &after_result_path, &scope)?
            .into_owned();
        if recorded {
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
