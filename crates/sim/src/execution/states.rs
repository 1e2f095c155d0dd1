//! Pass, Succeed, Choice, Wait and Fail: the states that do their work at once (or after a wait).

use super::*;

impl Execution {
    /// Pass and Succeed.
    pub(super) fn run_pass(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
    ) -> Result<(), Failure> {
        let common = plan.def.common();
        let (output, assigned) = if plan.language == QueryLanguage::JSONata {
            let (raw, _) = self.frame_data(fid)?;
            let states = self.states_binding(fid, &[]);
            self.jsonata_assign_and_output(
                fid,
                common.assign.as_ref(),
                common.output.as_ref(),
                &states,
                raw,
            )?
        } else {
            let (parameters, result_field, result_path) = match &plan.def {
                State::Pass(pass) => (
                    pass.parameters.as_ref(),
                    pass.result.as_ref(),
                    pass.result_path.as_ref(),
                ),
                _ => (None, None, None),
            };
            let record = self.options.record_states;
            let (output, assigned, inspection) =
                self.in_path_scope(fid, ContextExtras::default(), |frame, scope, rng| {
                    let raw = &frame.input;
                    let (after_input, parameters) =
                        jsonpath_input(common.input_path.as_ref(), parameters, raw, scope, rng)?;
                    let after_parameters = parameters.as_ref().unwrap_or(&*after_input);
                    let result_value = result_field.map(|result| Arc::new(result.clone()));
                    let result = result_value.as_ref().unwrap_or(after_parameters);
                    let (output, assigned, after_result_path) = jsonpath_output(
                        common.assign.as_ref(),
                        result_path,
                        common.output_path.as_ref(),
                        raw,
                        result,
                        scope,
                        rng,
                    )?;
                    let inspection = record.then(|| Inspection {
                        after_input_path: Some(Arc::clone(&after_input)),
                        after_parameters: Some(Arc::clone(after_parameters)),
                        result: Some(Arc::clone(result)),
                        after_result_selector: None,
                        after_result_path: Some(after_result_path.into_owned()),
                    });
                    Ok((output, assigned, inspection))
                })?;
            if let Some(inspection) = inspection {
                if let Some(frame) = self.frame_mut(fid) {
                    frame.inspection = inspection;
                }
            }
            (output, assigned)
        };
        let next = plan.next;
        self.set_step(
            fid,
            Step::Exit {
                output,
                next,
                assigned: assigned.map(Arc::new),
            },
        );
        Ok(())
    }

    pub(super) fn run_choice(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
    ) -> Result<(), Failure> {
        let State::Choice(choice) = &plan.def else {
            return Ok(());
        };
        let rules = choice.choices.as_deref().unwrap_or_default();
        let (output, next, assigned) = if plan.language == QueryLanguage::JSONata {
            let (raw, _) = self.frame_data(fid)?;
            let states = self.states_binding(fid, &[]);
            let mut chosen = None;
            for (i, rule) in rules.iter().enumerate() {
                let condition = rule.condition.clone().unwrap_or(Value::Bool(false));
                let value = self.jsonata_value(
                    fid,
                    &condition,
                    &format!("Choices[{i}]/Condition"),
                    &states,
                )?;
                match value {
                    Value::Bool(true) => {
                        chosen = Some(i);
                        break;
                    }
                    Value::Bool(false) => {}
                    other => {
                        return Err(StateError::new(
                            errors::QUERY_EVALUATION_ERROR,
                            format!("The Condition of the Choice rule {i} returned {other}, which is not a boolean."),
                        )
                        .into())
                    }
                }
            }
            let (next, assign, output_field) = match chosen {
                Some(i) => (
                    plan.choice_next[i],
                    rules[i].assign.as_ref(),
                    rules[i].output.as_ref(),
                ),
                None => (
                    plan.default_next,
                    plan.def.common().assign.as_ref(),
                    plan.def.common().output.as_ref(),
                ),
            };
            let Some(next) = next else {
                return Err(Failure::State(self.no_choice(fid)));
            };
            let output_field = output_field.or(plan.def.common().output.as_ref());
            let (output, assigned) =
                self.jsonata_assign_and_output(fid, assign, output_field, &states, raw)?;
            (output, next, assigned)
        } else {
            let common = plan.def.common();
            let chosen =
                self.in_path_scope(fid, ContextExtras::default(), |frame, scope, rng| {
                    let raw = &frame.input;
                    let (after_input, _) =
                        jsonpath_input(common.input_path.as_ref(), None, raw, scope, rng)?;
                    let mut chosen = None;
                    for i in 0..rules.len() {
                        if dataflow::choice_matches(&plan.choice_rules[i], &after_input, scope)? {
                            chosen = Some(i);
                            break;
                        }
                    }
                    let (next, assign) = match chosen {
                        Some(i) => (plan.choice_next[i], rules[i].assign.as_ref()),
                        None => (plan.default_next, common.assign.as_ref()),
                    };
                    let Some(next) = next else {
                        return Ok(None);
                    };
                    // A Choice's result is its effective input, placed nowhere (no ResultPath).
                    let (output, assigned, _) = jsonpath_output(
                        assign,
                        None,
                        common.output_path.as_ref(),
                        raw,
                        &after_input,
                        scope,
                        rng,
                    )?;
                    Ok(Some((output, next, assigned)))
                })?;
            let Some(chosen) = chosen else {
                return Err(Failure::State(self.no_choice(fid)));
            };
            chosen
        };
        self.set_step(
            fid,
            Step::Exit {
                output,
                next: Some(next),
                assigned: assigned.map(Arc::new),
            },
        );
        Ok(())
    }

    pub(super) fn no_choice(&self, fid: FrameId) -> StateError {
        let (name, entered) = self
            .frame(fid)
            .map(|f| {
                (
                    self.plan.state(f.scope, f.state).name.to_string(),
                    f.entered_event,
                )
            })
            .unwrap_or_default();
        StateError::new(
            errors::NO_CHOICE_MATCHED,
            prefix_cause(
                &name,
                entered,
                "No Choice rule matched and there is no Default.",
            ),
        )
    }

    pub(super) fn run_wait(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
        wait: &WaitState,
    ) -> Result<(), Failure> {
        let (raw, _) = self.frame_data(fid)?;
        let now = self.timeline.now_ms();
        let until = if plan.language == QueryLanguage::JSONata {
            let states = self.states_binding(fid, &[]);
            if let Some(seconds) = &wait.seconds {
                let value = match seconds {
                    NumberOrExpr::Number(n) => Value::Number(n.clone()),
                    NumberOrExpr::Expr(text) => {
                        self.jsonata_value(fid, &Value::String(text.clone()), "Seconds", &states)?
                    }
                };
                now.saturating_add(seconds_ms(
                    &value,
                    "Seconds",
                    errors::QUERY_EVALUATION_ERROR,
                )?)
            } else if let Some(timestamp) = &wait.timestamp {
                let value = self.jsonata_value(
                    fid,
                    &Value::String(timestamp.clone()),
                    "Timestamp",
                    &states,
                )?;
                jsonata_timestamp_ms(&value)?
            } else {
                now
            }
        } else {
            let path_frame = self.path_frame(fid)?;
            let scope = path_frame.scope();
            let after_input =
                dataflow::apply_path(plan.def.common().input_path.as_ref(), &raw, &scope)?
                    .into_owned();
            if let Some(seconds) = &wait.seconds {
                now.saturating_add(seconds_ms(
                    &number_value(seconds),
                    "Seconds",
                    errors::RUNTIME,
                )?)
            } else if let Some(timestamp) = &wait.timestamp {
                timestamp_ms(
                    &Value::String(timestamp.clone()),
                    "Timestamp",
                    errors::RUNTIME,
                )?
            } else if let Some(path) = &wait.seconds_path {
                let value = dataflow::select_value(path, &after_input, &scope)
                    .map_err(|_| no_input_value("SecondsPath", path))?;
                now.saturating_add(seconds_path_ms(&value, path)?)
            } else if let Some(path) = &wait.timestamp_path {
                let value = dataflow::select_value(path, &after_input, &scope)
                    .map_err(|_| no_input_value("TimestampPath", path))?;
                timestamp_path_ms(&value, path)?
            } else {
                now
            }
        };
        let Some(frame) = self.working_frame_mut(fid) else {
            return Ok(());
        };
        if until > now {
            frame.generation += 1;
            let generation = frame.generation;
            frame.step = Step::Blocked(Blocked::Timer);
            self.add_timer(until, fid, generation, TimerKind::Wake);
        } else {
            frame.step = Step::WaitDone;
        }
        Ok(())
    }

    /// A Wait has waited: its output stages, then exit.
    pub(super) fn wait_done(&mut self, fid: FrameId) {
        self.finish_with(fid, None);
    }

    pub(super) fn run_fail(
        &mut self,
        fid: FrameId,
        plan: &crate::plan::StatePlan,
    ) -> Result<(), Failure> {
        let State::Fail(fail) = &plan.def else {
            return Ok(());
        };
        let (raw, _) = self.frame_data(fid)?;
        let (error, cause) = if plan.language == QueryLanguage::JSONata {
            let states = self.states_binding(fid, &[]);
            let mut text =
                |field: &Option<String>, name: &str| -> Result<Option<String>, StateError> {
                    match field {
                        Some(value) => match self.jsonata_value(
                            fid,
                            &Value::String(value.clone()),
                            name,
                            &states,
                        )? {
                            Value::String(s) => Ok(Some(s)),
                            other => Ok(Some(other.to_string())),
                        },
                        None => Ok(None),
                    }
                };
            (text(&fail.error, "Error")?, text(&fail.cause, "Cause")?)
        } else {
            let path_frame = self.path_frame(fid)?;
            let scope = path_frame.scope();
            let mut pick = |literal: &Option<String>,
                            path: &Option<String>,
                            field: &str|
             -> Result<Option<String>, StateError> {
                if let Some(literal) = literal {
                    return Ok(Some(literal.clone()));
                }
                let Some(path) = path else { return Ok(None) };
                let value = dataflow::path_or_intrinsic(field, path, &raw, &scope, &mut self.rng)?;
                match value {
                    Value::String(s) => Ok(Some(s)),
                    other => Err(StateError::new(
                        errors::RUNTIME,
                        format!(
                            "The {field} field must resolve to a string, but '{path}' gave {other}"
                        ),
                    )),
                }
            };
            (
                pick(&fail.error, &fail.error_path, "ErrorPath")?,
                pick(&fail.cause, &fail.cause_path, "CausePath")?,
            )
        };
        self.set_step(
            fid,
            Step::End(Err(Box::new(StateError {
                error,
                cause,
                location: None,
            }))),
        );
        Ok(())
    }
}

fn number_value(n: &NumberOrExpr) -> Value {
    match n {
        NumberOrExpr::Number(n) => Value::Number(n.clone()),
        NumberOrExpr::Expr(text) => Value::String(text.clone()),
    }
}

fn seconds_ms(value: &Value, field: &str, error: &str) -> Result<i64, StateError> {
    match value.as_f64() {
        Some(secs) if (0.0..=99_999_999.0).contains(&secs) => Ok((secs * 1000.0) as i64),
        Some(secs) if secs > 99_999_999.0 => Err(StateError::new(error, format!("The {field} field must resolve to at most 99999999 seconds, but it gave {value}"))),
        _ => Err(StateError::new(error, format!("The {field} field must resolve to a non-negative number of seconds, but it gave {value}"))),
    }
}

/// A value as AWS quotes it in a Wait's cause: strings as they are, anything else as JSON.
fn as_quoted(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `SecondsPath` or `TimestampPath` names nothing in the input (AWS: `States.Runtime`).
fn no_input_value(field: &str, path: &str) -> StateError {
    StateError::new(
        errors::RUNTIME,
        format!("The {field} parameter does not reference an input value: {path}"),
    )
}

/// The wait of a `SecondsPath`: a non-negative integer, or AWS's `States.Runtime` wording
/// (`cannot be parsed as a long value` for fractions, strings and the like; `references a
/// negative value` below zero).
fn seconds_path_ms(value: &Value, path: &str) -> Result<i64, StateError> {
    let shown = || format!("{path} == {}", as_quoted(value));
    if let Some(secs) = value.as_u64() {
        return Ok(i64::try_from(secs).unwrap_or(i64::MAX).saturating_mul(1000));
    }
    let cause = match value.as_i64() {
        Some(_) => format!(
            "The SecondsPath parameter references a negative value: {}",
            shown()
        ),
        None => format!(
            "The SecondsPath parameter cannot be parsed as a long value: {}",
            shown()
        ),
    };
    Err(StateError::new(errors::RUNTIME, cause))
}

/// The end of a `TimestampPath` wait, or AWS's `States.Runtime` wording for a value that is not
/// an ISO-8601 date-time with an offset.
fn timestamp_path_ms(value: &Value, path: &str) -> Result<i64, StateError> {
    value.as_str().and_then(parse_iso8601).ok_or_else(|| {
        StateError::new(
            errors::RUNTIME,
            format!(
                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                as_quoted(value)
            ),
        )
    })
}

/// A JSONata `Timestamp`'s value as AWS checks it (`States.QueryEvaluationError`, located at the
/// field), worded as recorded in localstack's `test_wait_timestamp_jsonata[NO_T]` snapshot.
fn jsonata_timestamp_ms(value: &Value) -> Result<i64, StateError> {
    value.as_str().and_then(parse_iso8601).ok_or_else(|| {
        StateError::new(
            errors::QUERY_EVALUATION_ERROR,
            format!(
                "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {}",
                as_quoted(value)
            ),
        )
        .at("Timestamp")
    })
}

fn timestamp_ms(value: &Value, field: &str, error: &str) -> Result<i64, StateError> {
    value.as_str().and_then(parse_iso8601).ok_or_else(|| {
        StateError::new(
            error,
            format!("The {field} field must resolve to an ISO-8601 timestamp, but it gave {value}"),
        )
    })
}
