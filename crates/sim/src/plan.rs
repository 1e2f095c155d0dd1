//! A state machine prepared for running: every scope (the top level, each Parallel branch, each
//! Map processor) numbered, every state numbered within its scope, and every transition resolved
//! to a number, so the engine never looks a name up while it runs.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use statecraft_asl::model::{QueryLanguage, State, StateMachine, StateType};
use statecraft_asl::tree::pointer_push;

use crate::choice::CompiledRule;

/// Why a definition cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pointer}: {message}")]
pub struct PlanError {
    /// JSON pointer to the problem.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// One state, ready to run.
#[derive(Debug, Clone)]
pub(crate) struct StatePlan {
    pub name: Arc<str>,
    /// The JSON pointer of the state in the definition, spelt as the designer's graph spells its
    /// node ids (`statecraft_asl::graph::NodeId::state`): `/States/Fan out/Branches/1/States/Charge`,
    /// `~` and `/` in names escaped as `~0` and `~1`. Built once here, shared by every record.
    pub pointer: Arc<str>,
    pub def: State,
    pub ty: StateType,
    pub language: QueryLanguage,
    /// The state after this one (`None` at the end of a scope).
    pub next: Option<usize>,
    /// Targets of the catchers, in order.
    pub catch_next: Vec<usize>,
    /// Targets of the Choice rules, in order.
    pub choice_next: Vec<Option<usize>>,
    /// The JSONPath Choice rules, read once.
    pub choice_rules: Vec<CompiledRule>,
    /// Target of a Choice's Default.
    pub default_next: Option<usize>,
    /// Branch scopes (Parallel) or the processor scope (Map).
    pub children: Vec<usize>,
    /// True when some field of the state may read the context object.
    pub uses_context: bool,
}

/// One scope: a list of states and where it starts.
#[derive(Debug, Clone)]
pub(crate) struct ScopePlan {
    pub start: usize,
    pub states: Vec<Arc<StatePlan>>,
}

/// Every scope of a state machine; scope 0 is the top level.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub scopes: Vec<ScopePlan>,
}

impl Plan {
    pub fn compile(machine: &StateMachine) -> Result<Plan, PlanError> {
        let mut plan = Plan { scopes: Vec::new() };
        plan.add_scope(machine, QueryLanguage::JSONPath, "")?;
        Ok(plan)
    }

    pub fn state(&self, scope: usize, state: usize) -> &Arc<StatePlan> {
        &self.scopes[scope].states[state]
    }

    fn add_scope(
        &mut self,
        machine: &StateMachine,
        inherited: QueryLanguage,
        pointer: &str,
    ) -> Result<usize, PlanError> {
        let id = self.scopes.len();
        self.scopes.push(ScopePlan {
            start: 0,
            states: Vec::new(),
        });
        let language = machine.query_language.unwrap_or(inherited);
        let index: HashMap<&str, usize> = machine
            .states
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let resolve = |target: &str, at: String| -> Result<usize, PlanError> {
            index.get(target).copied().ok_or_else(|| PlanError {
                pointer: at,
                message: format!("the state \"{target}\" does not exist in this scope"),
            })
        };
        let start = resolve(&machine.start_at, format!("{pointer}/StartAt"))?;
        let mut states = Vec::with_capacity(machine.states.len());
        // Pointers are built as the graph builds them (`Graph::from_document`), so that a state's
        // pointer here is byte for byte its graph node id.
        let states_pointer = pointer_push(pointer, "States");
        for (name, def) in &machine.states {
            let at = pointer_push(&states_pointer, name);
            let state_language = def.common().query_language.unwrap_or(language);
            let next = match def.next() {
                Some(next) if !def.is_end() => Some(resolve(next, format!("{at}/Next"))?),
                _ => None,
            };
            if next.is_none() && !def.is_end() && def.state_type() != StateType::Choice {
                return Err(PlanError {
                    pointer: at,
                    message: "the state has neither Next nor End".into(),
                });
            }
            let catch_next = def
                .catch()
                .iter()
                .enumerate()
                .map(|(i, c)| resolve(&c.next, format!("{at}/Catch/{i}/Next")))
                .collect::<Result<Vec<_>, _>>()?;
            let (mut choice_next, mut default_next, mut choice_rules) =
                (Vec::new(), None, Vec::new());
            let mut children = Vec::new();
            match def {
                State::Choice(choice) => {
                    for (i, rule) in choice.choices.iter().flatten().enumerate() {
                        let target = match &rule.next {
                            Some(n) => Some(resolve(n, format!("{at}/Choices/{i}/Next"))?),
                            None => None,
                        };
                        choice_next.push(target);
                        let rule = serde_json::to_value(rule).unwrap_or(Value::Null);
                        choice_rules.push(CompiledRule::compile(&rule));
                    }
                    if let Some(default) = &choice.default {
                        default_next = Some(resolve(default, format!("{at}/Default"))?);
                    }
                }
                State::Parallel(parallel) => {
                    let branches = pointer_push(&at, "Branches");
                    for (i, branch) in parallel.branches.iter().flatten().enumerate() {
                        children.push(self.add_scope(
                            branch,
                            state_language,
                            &pointer_push(&branches, &i.to_string()),
                        )?);
                    }
                }
                State::Map(map) => {
                    let processor = map.processor().ok_or_else(|| PlanError {
                        pointer: at.clone(),
                        message: "a Map state needs an ItemProcessor".into(),
                    })?;
                    let field = if map.item_processor.is_some() {
                        "ItemProcessor"
                    } else {
                        "Iterator"
                    };
                    children.push(self.add_scope(
                        processor,
                        state_language,
                        &pointer_push(&at, field),
                    )?);
                }
                _ => {}
            }
            let uses_context = mentions_context(def);
            states.push(Arc::new(StatePlan {
                name: Arc::from(name.as_str()),
                pointer: Arc::from(at),
                def: def.clone(),
                ty: def.state_type(),
                language: state_language,
                next,
                catch_next,
                choice_next,
                choice_rules,
                default_next,
                children,
                uses_context,
            }));
        }
        self.scopes[id] = ScopePlan { start, states };
        Ok(id)
    }
}

/// True when a state's own fields (not its nested branches) mention `$$` or `$states.context`.
fn mentions_context(state: &State) -> bool {
    fn walk(value: &Value) -> bool {
        match value {
            Value::String(s) => {
                s.contains("$$") || s.contains("$states.context") || s.contains("$states . context")
            }
            Value::Array(items) => items.iter().any(walk),
            Value::Object(map) => map.iter().any(|(k, v)| {
                k != "Branches" && k != "ItemProcessor" && k != "Iterator" && walk(v)
            }),
            _ => false,
        }
    }
    serde_json::to_value(state)
        .map(|v| walk(&v))
        .unwrap_or(true)
}
