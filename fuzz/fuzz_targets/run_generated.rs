//! Fuzzes the simulator with small machines built from the fuzzer's bytes: every state type (Pass,
//! Choice, Wait, Fail, Succeed, Parallel, Map inline and distributed, Task with mocks, callbacks,
//! timeouts, retries and catchers), both query languages, JSONPath and reference paths, intrinsic
//! calls, JSONata expressions, variables, and a random input. Transitions may loop: the history
//! limit must end such runs, as on AWS.
//!
//! What must hold: nothing panics, and every run ends. The driver answers waiting tasks (success,
//! failure, heartbeat or letting time pass, as the bytes say) for a bounded number of rounds; a
//! run still going after that is a hang and aborts the fuzzer.
//!
//! Run from this folder: `cargo fuzz run run_generated -s none`.

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};
use statecraft_sim::{
    Execution, ExecutionOptions, ExecutionStatus, ExecutionType, MockConfig, Mocks, StepOutcome,
};

/// Most driving rounds (one `run()` plus the answers to what waits) before a run counts as hung.
const MAX_ROUNDS: usize = 20_000;

/// Object keys the generated paths and templates share, so that paths often find something.
const KEYS: &[&str] = &[
    "a", "b", "items", "n", "s", "x", "nested", "list", "flag", "ts",
];

/// JSONPath expressions (and reference paths) worth trying, valid and not.
const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.b",
    "$.n",
    "$.s",
    "$.items",
    "$.items[0]",
    "$.items[-1]",
    "$.items[1:3]",
    "$.items[*]",
    "$.items[*].n",
    "$.items.length()",
    "$.nested.a.b",
    "$..n",
    "$.list[?(@.n > 1)]",
    "$.list[?(@.s == 'x')].n",
    "$['a']",
    "$.missing",
    "$$",
    "$$.Execution.Input",
    "$$.Execution.Name",
    "$$.State.Name",
    "$$.State.RetryCount",
    "$$.Map.Item.Value",
    "$$.Map.Item.Index",
    "$$.Task.Token",
    "$v",
    "$v.a",
    "$w[0]",
    "$.a.",
    "$[",
    "a.b",
    "",
];

/// Intrinsic function names (all 18, and a few that do not exist).
const INTRINSICS: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
    "States.Nope",
    "Foo.Bar",
];

/// JSONata expressions (the text between `{%` and `%}`).
const JSONATA: &[&str] = &[
    "$states.input",
    "$states.input.a",
    "$states.input.n + 1",
    "$states.input.items",
    "$states.input.items[0]",
    "$states.input.list[n > 1]",
    "$states.result",
    "$states.errorOutput",
    "$states.context.Execution.Input",
    "$states.context.Map.Item.Value",
    "$states.context.State.Name",
    "$v",
    "$w + 1",
    "$count($states.input.items)",
    "$sum($states.input.items)",
    "$string($states.input)",
    "$number($states.input.s)",
    "$uppercase($states.input.s)",
    "$keys($states.input)",
    "$exists($states.input.a)",
    "$states.input.n > 2",
    "$states.input.flag = true",
    "$not($states.input.flag)",
    "$random()",
    "$uuid()",
    "$partition([1,2,3,4,5], 2)",
    "$range(0, 5, 2)",
    "$hash('abc', 'SHA-256')",
    "$parse('{\"a\":1}')",
    "$merge([{'a':1},{'b':2}])",
    "[1..5]",
    "{'k': $states.input.n}",
    "$states.input.n / 0",
    "$eval('1+1')",
    "$now()",
    "$millis()",
    "$error('boom')",
    "$x := 3; $x * 2",
    "function($a){$a + 1}(2)",
    "(",
    "",
];

/// Error names for Fail states, Retry and Catch.
const ERRORS: &[&str] = &[
    "States.ALL",
    "States.TaskFailed",
    "States.Timeout",
    "States.HeartbeatTimeout",
    "States.Runtime",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.QueryEvaluationError",
    "States.IntrinsicFailure",
    "States.BranchFailed",
    "States.ExceedToleratedFailureThreshold",
    "States.NoChoiceMatched",
    "Custom.Error",
    "Lambda.ServiceException",
];

/// Task resources: service integrations, callback and sync patterns, activities, a bare Lambda.
const RESOURCES: &[&str] = &[
    "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::lambda:invoke.waitForTaskToken",
    "arn:aws:states:::states:startExecution.sync:2",
    "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "arn:aws:states:::dynamodb:getItem",
    "arn:aws:states:::aws-sdk:s3:listObjectsV2",
    "arn:aws:states:::http:invoke",
    "arn:aws:states:us-east-1:123456789012:activity:Work",
    "arn:aws:lambda:us-east-1:123456789012:function:Work",
    "arn:aws:states:::ecs:runTask.sync",
    "not-an-arn",
];

/// Choice comparison operators, with what their operand should look like.
const OPERATORS: &[(&str, Operand)] = &[
    ("StringEquals", Operand::String),
    ("StringLessThan", Operand::String),
    ("StringGreaterThanEquals", Operand::String),
    ("StringMatches", Operand::Pattern),
    ("NumericEquals", Operand::Number),
    ("NumericLessThan", Operand::Number),
    ("NumericGreaterThan", Operand::Number),
    ("NumericLessThanEquals", Operand::Number),
    ("BooleanEquals", Operand::Bool),
    ("TimestampEquals", Operand::Timestamp),
    ("TimestampLessThan", Operand::Timestamp),
    ("IsPresent", Operand::Bool),
    ("IsNull", Operand::Bool),
    ("IsNumeric", Operand::Bool),
    ("IsString", Operand::Bool),
    ("IsBoolean", Operand::Bool),
    ("IsTimestamp", Operand::Bool),
    ("StringEqualsPath", Operand::Path),
    ("NumericLessThanPath", Operand::Path),
    ("TimestampGreaterThanPath", Operand::Path),
    ("BooleanEqualsPath", Operand::Path),
];

/// What a Choice comparison compares with.
#[derive(Clone, Copy)]
enum Operand {
    String,
    Pattern,
    Number,
    Bool,
    Timestamp,
    Path,
}

/// Builds definitions and inputs from the fuzzer's bytes.
struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    /// States left to create, over all scopes, so the machine stays small.
    states_left: usize,
    /// Names of Task states, for the mock configuration.
    task_names: Vec<String>,
}

impl<'a, 'b> Gen<'a, 'b> {
    fn pick<T: Copy>(&mut self, from: &[T]) -> Result<T> {
        Ok(*self.u.choose(from)?)
    }

    fn chance(&mut self, in_256: u8) -> Result<bool> {
        Ok(self.u.arbitrary::<u8>()? < in_256)
    }

    fn small_string(&mut self) -> Result<String> {
        if self.chance(192)? {
            return Ok(self
                .pick(&[
                    "",
                    "x",
                    "hello",
                    "a,b,c",
                    "{}",
                    "[1,2]",
                    "2024-01-01T00:00:00Z",
                    "ü€𝄞",
                    "'q'",
                    "\\",
                ])?
                .to_owned());
        }
        let len = self.u.int_in_range(0..=12)?;
        let mut text = String::new();
        for _ in 0..len {
            text.push(self.u.arbitrary::<char>()?);
        }
        Ok(text)
    }

    fn number(&mut self) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=7)? {
            0 => json!(0),
            1 => json!(self.u.int_in_range(-3..=10)?),
            2 => json!(self.u.arbitrary::<i64>()?),
            3 => json!(self.u.arbitrary::<u64>()?),
            4 => json!(0.5),
            5 => serde_json::Number::from_f64(self.u.arbitrary::<f64>()?)
                .map_or(json!(1.5), Value::Number),
            6 => json!(1e300),
            _ => json!(-1),
        })
    }

    /// A JSON value of bounded depth and width.
    fn json(&mut self, depth: u32) -> Result<Value> {
        let kind = if depth == 0 {
            self.u.int_in_range(0..=4)?
        } else {
            self.u.int_in_range(0..=6)?
        };
        Ok(match kind {
            0 => Value::Null,
            1 => Value::Bool(self.u.arbitrary()?),
            2 => self.number()?,
            3 | 4 => Value::String(self.small_string()?),
            5 => {
                let len = self.u.int_in_range(0..=4)?;
                let mut items = Vec::new();
                for _ in 0..len {
                    items.push(self.json(depth - 1)?);
                }
                Value::Array(items)
            }
            _ => {
                let len = self.u.int_in_range(0..=4)?;
                let mut object = Map::new();
                for _ in 0..len {
                    let key = self.pick(KEYS)?.to_owned();
                    let value = self.json(depth - 1)?;
                    object.insert(key, value);
                }
                Value::Object(object)
            }
        })
    }

    /// An input shaped so that the path pool often matches.
    fn input(&mut self) -> Result<Value> {
        if self.chance(48)? {
            return self.json(3);
        }
        let count = self.u.int_in_range(0..=6)?;
        let mut items = Vec::new();
        for i in 0..count {
            items.push(if self.chance(128)? {
                json!(i)
            } else {
                self.json(1)?
            });
        }
        Ok(json!({
            "a": self.json(2)?,
            "n": self.number()?,
            "s": self.small_string()?,
            "flag": self.u.arbitrary::<bool>()?,
            "items": items,
            "list": [{"n": 1, "s": "x"}, {"n": 3, "s": "y"}],
            "nested": {"a": {"b": self.json(1)?}},
            "ts": "2024-03-01T12:00:00Z",
        }))
    }

    fn path(&mut self) -> Result<String> {
        if self.chance(240)? {
            Ok(self.pick(PATHS)?.to_owned())
        } else {
            self.small_string()
        }
    }

    /// An intrinsic call with arguments from paths, literals and nested calls.
    fn intrinsic(&mut self, depth: u32) -> Result<String> {
        let name = self.pick(INTRINSICS)?;
        let count = self.u.int_in_range(0..=4)?;
        let mut args = Vec::new();
        for _ in 0..count {
            let arg = match self.u.int_in_range(0..=6)? {
                0 | 1 => self.pick(PATHS)?.to_owned(),
                2 => format!("{}", self.u.int_in_range(-5i32..=20)?),
                3 => "'{} and {}'".to_owned(),
                4 => self
                    .pick(&[
                        "'SHA-256'",
                        "'MD5'",
                        "'a,b'",
                        "','",
                        "'x'",
                        "null",
                        "true",
                        "1.5",
                        "''",
                    ])?
                    .to_owned(),
                5 if depth > 0 => self.intrinsic(depth - 1)?,
                _ => format!("'{}'", self.small_string()?.replace('\'', "\\'")),
            };
            args.push(arg);
        }
        Ok(format!("{name}({})", args.join(", ")))
    }

    fn jsonata(&mut self) -> Result<String> {
        let expr = match self.u.int_in_range(0..=9)? {
            0 => self.small_string()?,
            1 => format!("{} & {}", self.pick(JSONATA)?, self.pick(JSONATA)?),
            2 => format!(
                "({}) ? {} : {}",
                self.pick(JSONATA)?,
                self.pick(JSONATA)?,
                self.pick(JSONATA)?
            ),
            _ => self.pick(JSONATA)?.to_owned(),
        };
        Ok(format!("{{% {expr} %}}"))
    }

    /// A payload template: JSONPath (`"k.$"` fields) or JSONata (`{% %}` strings).
    fn template(&mut self, jsonata: bool, depth: u32) -> Result<Value> {
        if jsonata && self.chance(64)? {
            return Ok(Value::String(self.jsonata()?));
        }
        let len = self.u.int_in_range(0..=4)?;
        let mut object = Map::new();
        for _ in 0..len {
            let key = self.pick(KEYS)?;
            match self.u.int_in_range(0..=5)? {
                0 if depth > 0 => {
                    let nested = self.template(jsonata, depth - 1)?;
                    object.insert(key.to_owned(), nested);
                }
                1 | 2 if !jsonata => {
                    let path = self.path()?;
                    object.insert(format!("{key}.$"), Value::String(path));
                }
                3 if !jsonata => {
                    let call = self.intrinsic(2)?;
                    object.insert(format!("{key}.$"), Value::String(call));
                }
                1..=3 => {
                    let expr = self.jsonata()?;
                    object.insert(key.to_owned(), Value::String(expr));
                }
                _ => {
                    let value = self.json(2)?;
                    object.insert(key.to_owned(), value);
                }
            }
        }
        Ok(Value::Object(object))
    }

    /// Variables to assign (`v`, `w` are read back by the path and expression pools).
    fn assign(&mut self, jsonata: bool) -> Result<Value> {
        let mut object = Map::new();
        for name in ["v", "w"] {
            if !self.chance(128)? {
                continue;
            }
            if jsonata {
                object.insert(name.to_owned(), Value::String(self.jsonata()?));
            } else if self.chance(128)? {
                object.insert(format!("{name}.$"), Value::String(self.path()?));
            } else {
                object.insert(name.to_owned(), self.json(2)?);
            }
        }
        Ok(Value::Object(object))
    }

    fn retry(&mut self) -> Result<Value> {
        let count = self.u.int_in_range(1..=2)?;
        let mut retriers = Vec::new();
        for _ in 0..count {
            let mut retrier = json!({"ErrorEquals": [self.pick(ERRORS)?]});
            if self.chance(160)? {
                retrier["IntervalSeconds"] = json!(self.u.int_in_range(0..=5)?);
            }
            if self.chance(160)? {
                retrier["MaxAttempts"] = json!(self.u.int_in_range(0..=4)?);
            }
            if self.chance(96)? {
                retrier["BackoffRate"] = self.number()?;
            }
            if self.chance(64)? {
                retrier["MaxDelaySeconds"] = json!(self.u.int_in_range(0..=10)?);
            }
            if self.chance(64)? {
                retrier["JitterStrategy"] = json!(self.pick(&["FULL", "NONE", "HALF"])?);
            }
            retriers.push(retrier);
        }
        Ok(Value::Array(retriers))
    }

    fn catch(&mut self, targets: &[String], jsonata: bool) -> Result<Value> {
        let count = self.u.int_in_range(1..=2)?;
        let mut catchers = Vec::new();
        for _ in 0..count {
            let mut catcher =
                json!({"ErrorEquals": [self.pick(ERRORS)?], "Next": self.target(targets)?});
            if !jsonata && self.chance(128)? {
                catcher["ResultPath"] = json!(self.pick(&["$.error", "$", "$.a.b", "$$.bad"])?);
            }
            if jsonata && self.chance(96)? {
                catcher["Output"] = Value::String(self.jsonata()?);
            }
            if self.chance(64)? {
                catcher["Assign"] = self.assign(jsonata)?;
            }
            catchers.push(catcher);
        }
        Ok(Value::Array(catchers))
    }

    fn target(&mut self, targets: &[String]) -> Result<String> {
        if self.chance(4)? {
            return Ok("Nowhere".to_owned());
        }
        Ok(self.u.choose(targets)?.clone())
    }

    /// A Choice rule (JSONPath), possibly combined with And/Or/Not.
    fn rule(&mut self, depth: u32) -> Result<Value> {
        if depth > 0 && self.chance(48)? {
            let combinator = self.pick(&["And", "Or", "Not"])?;
            return Ok(if combinator == "Not" {
                json!({"Not": self.rule(depth - 1)?})
            } else {
                json!({combinator: [self.rule(depth - 1)?, self.rule(depth - 1)?]})
            });
        }
        let (operator, operand) = self.pick(OPERATORS)?;
        let value = match operand {
            Operand::String => Value::String(self.small_string()?),
            Operand::Pattern => json!(self.pick(&["*", "a*", "*x*", "\\*", "h*o", ""])?),
            Operand::Number => self.number()?,
            Operand::Bool => Value::Bool(self.u.arbitrary()?),
            Operand::Timestamp => json!(self.pick(&[
                "2024-01-01T00:00:00Z",
                "2024-13-01T00:00:00Z",
                "not a time",
                "2024-03-01T12:00:00.123+02:00"
            ])?),
            Operand::Path => Value::String(self.path()?),
        };
        let variable = self.path()?;
        Ok(json!({"Variable": variable, operator: value}))
    }

    /// The fields every state may have: Next or End, and the data-flow fields of its language.
    fn common(
        &mut self,
        state: &mut Map<String, Value>,
        kind: &str,
        jsonata: bool,
        targets: &[String],
    ) -> Result<()> {
        let transitions = !matches!(kind, "Choice" | "Fail" | "Succeed");
        if transitions {
            if self.chance(96)? {
                state.insert("End".into(), json!(true));
            } else {
                state.insert("Next".into(), json!(self.target(targets)?));
            }
        }
        if kind == "Fail" {
            return Ok(());
        }
        if jsonata {
            if self.chance(96)? {
                state.insert("Output".into(), Value::String(self.jsonata()?));
            }
        } else {
            for field in ["InputPath", "OutputPath"] {
                if self.chance(40)? {
                    state.insert(field.into(), json!(self.path()?));
                }
            }
            if !matches!(kind, "Choice" | "Succeed" | "Wait") && self.chance(64)? {
                let path = if self.chance(200)? {
                    self.pick(&["$.r", "$", "$.a.r", "$.items[0]", "$$.x"])?
                        .to_owned()
                } else {
                    self.path()?
                };
                state.insert("ResultPath".into(), json!(path));
            }
        }
        if self.chance(64)? {
            state.insert("Assign".into(), self.assign(jsonata)?);
        }
        Ok(())
    }

    /// A state machine (or branch, or item processor) of at most `max_states` states.
    fn machine(&mut self, depth: u32, inherited_jsonata: bool) -> Result<Value> {
        let count = self.u.int_in_range(1..=4)?.min(self.states_left.max(1));
        self.states_left = self.states_left.saturating_sub(count);
        let prefix = format!("S{depth}_{}_", self.states_left);
        let names: Vec<String> = (0..count).map(|i| format!("{prefix}{i}")).collect();
        let mut machine = Map::new();
        let mut jsonata = inherited_jsonata;
        if self.chance(48)? {
            jsonata = !jsonata;
            machine.insert(
                "QueryLanguage".into(),
                json!(if jsonata { "JSONata" } else { "JSONPath" }),
            );
        }
        machine.insert(
            "StartAt".into(),
            json!(if self.chance(2)? {
                "Missing".to_owned()
            } else {
                names[0].clone()
            }),
        );
        let mut states = Map::new();
        for name in &names {
            let state = self.state(name, depth, jsonata, &names)?;
            states.insert(name.clone(), state);
        }
        machine.insert("States".into(), Value::Object(states));
        Ok(Value::Object(machine))
    }

    fn state(
        &mut self,
        name: &str,
        depth: u32,
        machine_jsonata: bool,
        targets: &[String],
    ) -> Result<Value> {
        let mut kinds = vec!["Pass", "Choice", "Wait", "Fail", "Succeed", "Task"];
        if depth < 2 && self.states_left > 0 {
            kinds.extend(["Parallel", "Map"]);
        }
        let kind = self.pick(&kinds)?;
        let mut state = Map::new();
        state.insert("Type".into(), json!(kind));
        let mut jsonata = machine_jsonata;
        if self.chance(12)? {
            jsonata = !jsonata;
            state.insert(
                "QueryLanguage".into(),
                json!(if jsonata { "JSONata" } else { "JSONPath" }),
            );
        }
        match kind {
            "Pass" => {
                if self.chance(96)? {
                    state.insert("Result".into(), self.json(2)?);
                }
                if self.chance(128)? {
                    let field = if jsonata { "Output" } else { "Parameters" };
                    state.insert(field.into(), self.template(jsonata, 2)?);
                }
            }
            "Choice" => {
                let count = self.u.int_in_range(1..=3)?;
                let mut choices = Vec::new();
                for _ in 0..count {
                    let mut rule = if jsonata {
                        json!({"Condition": self.jsonata()?})
                    } else {
                        self.rule(2)?
                    };
                    rule["Next"] = json!(self.target(targets)?);
                    if self.chance(32)? {
                        rule["Assign"] = self.assign(jsonata)?;
                    }
                    choices.push(rule);
                }
                state.insert("Choices".into(), Value::Array(choices));
                if self.chance(192)? {
                    state.insert("Default".into(), json!(self.target(targets)?));
                }
            }
            "Wait" => {
                let (field, value) = match self.u.int_in_range(0..=4)? {
                    0 => ("Seconds", json!(self.u.int_in_range(0..=100_000)?)),
                    1 if jsonata => ("Seconds", Value::String(self.jsonata()?)),
                    1 => ("SecondsPath", json!(self.path()?)),
                    2 => (
                        "Timestamp",
                        json!(self.pick(&[
                            "2024-01-01T00:00:00Z",
                            "2030-01-01T00:00:00Z",
                            "bad",
                            "1999-12-31T23:59:59.999Z"
                        ])?),
                    ),
                    3 if !jsonata => ("TimestampPath", json!(self.path()?)),
                    _ => ("Seconds", self.number()?),
                };
                state.insert(field.into(), value);
            }
            "Fail" => {
                if jsonata {
                    if self.chance(128)? {
                        state.insert("Error".into(), Value::String(self.jsonata()?));
                    }
                    if self.chance(128)? {
                        state.insert("Cause".into(), Value::String(self.jsonata()?));
                    }
                } else {
                    if self.chance(128)? {
                        state.insert("Error".into(), json!(self.pick(ERRORS)?));
                    } else if self.chance(128)? {
                        state.insert(
                            "ErrorPath".into(),
                            json!(if self.chance(128)? {
                                self.intrinsic(1)?
                            } else {
                                self.path()?
                            }),
                        );
                    }
                    if self.chance(128)? {
                        state.insert("Cause".into(), json!(self.small_string()?));
                    } else if self.chance(128)? {
                        state.insert(
                            "CausePath".into(),
                            json!(if self.chance(128)? {
                                self.intrinsic(1)?
                            } else {
                                self.path()?
                            }),
                        );
                    }
                }
            }
            "Succeed" => {}
            "Task" => {
                self.task_names.push(name.to_owned());
                state.insert("Resource".into(), json!(self.pick(RESOURCES)?));
                if self.chance(128)? {
                    let field = if jsonata { "Arguments" } else { "Parameters" };
                    state.insert(field.into(), self.template(jsonata, 2)?);
                }
                if !jsonata && self.chance(64)? {
                    state.insert("ResultSelector".into(), self.template(false, 1)?);
                }
                if self.chance(64)? {
                    state.insert(
                        "TimeoutSeconds".into(),
                        json!(self.u.int_in_range(0..=100)?),
                    );
                } else if !jsonata && self.chance(16)? {
                    state.insert("TimeoutSecondsPath".into(), json!(self.path()?));
                }
                if self.chance(48)? {
                    state.insert(
                        "HeartbeatSeconds".into(),
                        json!(self.u.int_in_range(0..=50)?),
                    );
                }
            }
            "Parallel" => {
                let count = self.u.int_in_range(1..=3)?;
                let mut branches = Vec::new();
                for _ in 0..count {
                    branches.push(self.machine(depth + 1, jsonata)?);
                }
                state.insert("Branches".into(), Value::Array(branches));
                if !jsonata && self.chance(64)? {
                    state.insert("ResultSelector".into(), self.template(false, 1)?);
                }
            }
            _ => {
                let distributed = self.chance(64)?;
                let mut processor = self.machine(depth + 1, jsonata)?;
                if self.chance(16)? {
                    state.insert("Iterator".into(), processor);
                } else {
                    if let Value::Object(fields) = &mut processor {
                        let mode = if distributed { "DISTRIBUTED" } else { "INLINE" };
                        fields.insert(
                            "ProcessorConfig".into(),
                            json!({"Mode": mode, "ExecutionType": "STANDARD"}),
                        );
                    }
                    state.insert("ItemProcessor".into(), processor);
                }
                if jsonata {
                    if self.chance(192)? {
                        state.insert("Items".into(), Value::String(self.jsonata()?));
                    }
                    if self.chance(64)? {
                        state.insert("ItemSelector".into(), self.template(true, 1)?);
                    }
                } else {
                    if self.chance(200)? {
                        let path = if self.chance(160)? {
                            "$.items".to_owned()
                        } else {
                            self.path()?
                        };
                        state.insert("ItemsPath".into(), json!(path));
                    }
                    if self.chance(64)? {
                        let field = if self.chance(128)? {
                            "ItemSelector"
                        } else {
                            "Parameters"
                        };
                        state.insert(field.into(), self.template(false, 1)?);
                    }
                }
                if self.chance(96)? {
                    state.insert("MaxConcurrency".into(), json!(self.u.int_in_range(0..=3)?));
                }
                if self.chance(48)? {
                    state.insert(
                        "ToleratedFailurePercentage".into(),
                        json!(self.u.int_in_range(0..=100)?),
                    );
                }
                if self.chance(48)? {
                    state.insert(
                        "ToleratedFailureCount".into(),
                        json!(self.u.int_in_range(0..=3)?),
                    );
                }
                if distributed && self.chance(48)? {
                    state.insert(
                        "ItemBatcher".into(),
                        json!({"MaxItemsPerBatch": self.u.int_in_range(1..=3)?}),
                    );
                }
            }
        }
        self.common(&mut state, kind, jsonata, targets)?;
        if matches!(kind, "Task" | "Parallel" | "Map") {
            if self.chance(96)? {
                state.insert("Retry".into(), self.retry()?);
            }
            if self.chance(96)? {
                state.insert("Catch".into(), self.catch(targets, jsonata)?);
            }
        }
        Ok(Value::Object(state))
    }

    /// A MockConfigFile giving some of the Task states canned answers.
    fn mocks(&mut self) -> Result<Value> {
        let mut case = Map::new();
        let mut responses = Map::new();
        for (i, name) in self.task_names.clone().iter().enumerate() {
            if !self.chance(128)? {
                continue;
            }
            let response = format!("R{i}");
            case.insert(name.clone(), json!(response));
            let outcome = if self.chance(128)? {
                json!({"Return": self.json(2)?})
            } else {
                json!({"Throw": {"Error": self.pick(ERRORS)?, "Cause": self.small_string()?}})
            };
            let range = self.pick(&["0", "1-2", "0-100"])?;
            responses.insert(response, json!({range: outcome}));
        }
        Ok(json!({
            "StateMachines": {"StateMachine": {"TestCases": {"Fuzz": case}}},
            "MockedResponses": responses,
        }))
    }
}

/// Builds a definition, input and options, or nothing when the bytes run out early.
fn build(u: &mut Unstructured<'_>) -> Result<(Value, Value, ExecutionOptions)> {
    let mut gen = Gen {
        u,
        states_left: 12,
        task_names: Vec::new(),
    };
    let jsonata = gen.chance(64)?;
    let mut definition = gen.machine(0, false)?;
    if let Value::Object(fields) = &mut definition {
        if jsonata && !fields.contains_key("QueryLanguage") {
            fields.insert("QueryLanguage".into(), json!("JSONata"));
        }
        if gen.chance(32)? {
            fields.insert(
                "TimeoutSeconds".into(),
                json!(gen.u.int_in_range(0..=1000)?),
            );
        }
    }
    let input = gen.input()?;
    let mock_config = gen.mocks()?;
    let mocks = MockConfig::from_value(&mock_config)
        .ok()
        .and_then(|config| config.test_case(Some("StateMachine"), "Fuzz").ok());
    let options = ExecutionOptions {
        history_limit: gen.u.int_in_range(50..=1500)?,
        seed: gen.u.arbitrary()?,
        execution_type: if gen.chance(32)? {
            ExecutionType::Express
        } else {
            ExecutionType::Standard
        },
        record_states: gen.u.arbitrary()?,
        mocks: mocks.unwrap_or_else(Mocks::none),
        ..ExecutionOptions::default()
    };
    Ok((definition, input, options))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((definition, input, options)) = build(&mut u) else {
        return;
    };
    if std::env::var_os("FUZZ_PRINT").is_some() {
        eprintln!("definition: {definition}\ninput: {input}\noptions: {options:?}");
    }
    let Ok(mut execution) = Execution::from_value(&definition, input, options) else {
        return;
    };
    for _ in 0..MAX_ROUNDS {
        match execution.run() {
            StepOutcome::Finished => break,
            StepOutcome::Progressed => {}
            StepOutcome::Paused => {
                let pending = execution.pending_tasks();
                if pending.is_empty() {
                    if !execution.let_time_pass() {
                        execution.stop(Some("Fuzz.Stuck".into()), None);
                    }
                    continue;
                }
                // Once the bytes run out, every answer is a failure: runs always move on.
                match u.int_in_range(0..=9u8).unwrap_or(0) {
                    0 if execution.let_time_pass() => continue,
                    1 => {
                        for task in &pending {
                            let _ = execution.send_task_heartbeat(&task.token);
                        }
                        if execution.let_time_pass() {
                            continue;
                        }
                    }
                    _ => {}
                }
                for task in pending {
                    let _ = if u.arbitrary::<bool>().unwrap_or(false) {
                        let output = if u.arbitrary::<bool>().unwrap_or(false) {
                            json!({"Payload": {"n": 1}, "a": [1, 2]})
                        } else {
                            json!(null)
                        };
                        execution.send_task_success(&task.token, output)
                    } else {
                        execution.send_task_failure(
                            &task.token,
                            Some("Fuzz.Failure".into()),
                            Some("fuzz".into()),
                        )
                    };
                    // Answering a finished run, or a token twice, must be refused, not panic.
                    let _ = execution.send_task_success(&task.token, json!({}));
                }
            }
        }
    }
    assert_ne!(
        execution.status(),
        ExecutionStatus::Running,
        "the run did not end in {MAX_ROUNDS} rounds"
    );
    let _ = execution.history_json();
    let _ = execution.result_json();
    let _ = execution.current_states();
    let _ = execution.state_records();
});
