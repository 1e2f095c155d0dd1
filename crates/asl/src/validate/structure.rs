//! The shape of a state machine: scopes (the top level, Parallel branches, Map processors), StartAt,
//! the States object, each state's Type, transitions (Next, End, Default, Catch) and unique names.
//! This module walks the tree and hands each state to the rules of its type.

use std::collections::BTreeMap;

use super::{
    choice, codes, fields, jsonata, limits, map, paths, placeholders, ptr, reachability,
    retry_catch, task, wait, Checker, StateCx,
};
use crate::model::{QueryLanguage, StateType};
use crate::tree::{Node, Span};

/// What kind of scope a States object belongs to (the fields allowed beside it differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// The state machine itself.
    Top,
    /// A Parallel branch.
    Branch,
    /// A Map `ItemProcessor`.
    Processor,
    /// A Map `Iterator` (the legacy name of the processor).
    Iterator,
}

/// A transition from one state to a named target.
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    /// The state named.
    pub target: String,
    /// Where the name is written.
    pub span: Span,
    /// Pointer to the name.
    pub pointer: String,
    /// The field, for messages ("Next", "Default", "Catch Next").
    pub field: &'static str,
}

/// What the scope-level checks need to know about one state.
#[derive(Debug, Clone)]
pub(crate) struct StateSummary {
    /// The state's name.
    pub name: String,
    /// Where the name is written.
    pub key_span: Span,
    /// Pointer to the state.
    pub pointer: String,
    /// Transitions out of the state.
    pub edges: Vec<Edge>,
    /// True when the state ends its scope (Succeed, Fail, `"End": true`).
    pub terminal: bool,
    /// False when the state's Type is missing or unknown (so whether it ends the scope is too).
    pub typed: bool,
}

/// State shared by the whole walk.
pub(crate) struct Walk {
    /// The query language of the state machine's top level.
    pub top_lang: QueryLanguage,
    /// Every state name, with where it is defined (names are unique across the machine).
    names: BTreeMap<String, Vec<(String, Span)>>,
}

/// Checks a whole document.
pub(crate) fn check_document(cx: &mut Checker) {
    let root = cx.doc().root();
    super::limits::check_size(cx);
    fields::check_duplicate_keys(cx, root, &mut Vec::new());
    placeholders::check_tree(cx, root, &mut Vec::new());
    if root.as_object().is_none() {
        cx.at(
            codes::NOT_AN_OBJECT,
            root,
            "",
            format!(
                "a state machine definition is a JSON object with StartAt and States, not {}",
                article(root.type_name())
            ),
        );
        return;
    }
    let top_lang = fields::query_language(cx, root, "", None).unwrap_or_default();
    let mut walk = Walk {
        top_lang,
        names: BTreeMap::new(),
    };
    check_scope(cx, &mut walk, root, "", top_lang, ScopeKind::Top);
    for (name, places) in &walk.names {
        for (pointer, span) in places.iter().skip(1) {
            cx.report(
                codes::DUPLICATE_STATE_NAME,
                *span,
                pointer.clone(),
                format!(
                    "the state name \"{name}\" is already used at {}; state names must be unique across the whole state machine, branches and Map processors included: rename one",
                    places[0].0
                ),
            );
        }
    }
}

/// Checks one scope: its own fields, StartAt, States, each state, transitions and reachability.
pub(crate) fn check_scope(
    cx: &mut Checker,
    walk: &mut Walk,
    node: &Node,
    pointer: &str,
    inherited: QueryLanguage,
    kind: ScopeKind,
) {
    let what = match kind {
        ScopeKind::Top => "the state machine",
        ScopeKind::Branch => "this Parallel branch",
        ScopeKind::Processor => "this ItemProcessor",
        ScopeKind::Iterator => "this Iterator",
    };
    if node.as_object().is_none() {
        cx.at(
            codes::NOT_AN_OBJECT,
            node,
            pointer,
            format!(
                "{what} must be a JSON object with StartAt and States, not {}",
                article(node.type_name())
            ),
        );
        return;
    }
    fields::check_scope_fields(cx, node, pointer, kind);
    let lang = if kind == ScopeKind::Top {
        inherited
    } else {
        match fields::query_language(cx, node, pointer, Some(walk.top_lang)) {
            Some(lang) => lang,
            None => inherited,
        }
    };

    let start_at = match node.get("StartAt") {
        None => {
            cx.at(
                codes::START_AT_MISSING,
                node,
                pointer,
                format!("{what} has no StartAt; add \"StartAt\" with the name of the first state"),
            );
            None
        }
        Some(value) => match value.as_str() {
            Some(name) => Some((name, value)),
            None => {
                cx.at(
                    codes::START_AT_MISSING,
                    value,
                    &ptr(pointer, "StartAt"),
                    format!(
                        "StartAt must be a string naming the first state, not {}",
                        article(value.type_name())
                    ),
                );
                None
            }
        },
    };

    let states_node = node.get("States");
    let members = match states_node.map(|s| (s, s.as_object())) {
        None => {
            cx.at(
                codes::STATES_MISSING,
                node,
                pointer,
                format!("{what} has no States; add a \"States\" object holding its states"),
            );
            return;
        }
        Some((s, None)) => {
            cx.at(
                codes::STATES_MISSING,
                s,
                &ptr(pointer, "States"),
                format!(
                    "States must be an object mapping state names to states, not {}",
                    article(s.type_name())
                ),
            );
            return;
        }
        Some((s, Some(members))) => {
            if members.is_empty() {
                cx.at(
                    codes::STATES_MISSING,
                    s,
                    &ptr(pointer, "States"),
                    format!("{what} has no states; add at least one state to States"),
                );
                return;
            }
            members
        }
    };

    let states_pointer = ptr(pointer, "States");
    let mut summaries = Vec::with_capacity(members.len());
    for member in members {
        let state_pointer = ptr(&states_pointer, &member.key);
        walk.names
            .entry(member.key.clone())
            .or_default()
            .push((state_pointer.clone(), member.key_span));
        limits::check_state_name(cx, member, &state_pointer);
        if member.value.as_object().is_none() {
            cx.at(
                codes::NOT_AN_OBJECT,
                &member.value,
                &state_pointer,
                format!(
                    "the state \"{}\" must be an object with a Type, not {}; if this is a setting, it belongs outside States",
                    member.key,
                    article(member.value.type_name())
                ),
            );
            continue;
        }
        let summary = check_state(cx, walk, &member.key, &member.value, state_pointer, lang);
        summaries.push(StateSummary {
            key_span: member.key_span,
            ..summary
        });
    }

    let names: std::collections::HashSet<&str> = members.iter().map(|m| m.key.as_str()).collect();
    let known = |name: &str| names.contains(name);
    if let Some((name, value)) = start_at {
        if !known(name) {
            cx.at(
                codes::START_AT_UNKNOWN,
                value,
                &ptr(pointer, "StartAt"),
                format!(
                    "StartAt names \"{name}\", which is not a state of {what}; use one of: {}",
                    list_names(members.iter().map(|m| m.key.as_str()))
                ),
            );
        }
    }
    for summary in &summaries {
        for edge in &summary.edges {
            if !known(&edge.target) {
                let elsewhere = walk.names.contains_key(&edge.target);
                cx.report(
                    codes::TARGET_UNKNOWN,
                    edge.span,
                    edge.pointer.clone(),
                    if elsewhere {
                        format!(
                            "{} of \"{}\" goes to \"{}\", which is in another scope; a transition cannot leave or enter a Parallel branch or Map processor",
                            edge.field, summary.name, edge.target
                        )
                    } else {
                        format!(
                            "{} of \"{}\" goes to \"{}\", but there is no state with that name in {what}",
                            edge.field, summary.name, edge.target
                        )
                    },
                );
            }
        }
    }
    let start = start_at.map(|(name, _)| name).filter(|name| known(name));
    reachability::check_scope(cx, &summaries, start, what, node, pointer);
}

/// Checks one state and returns what the scope needs to know about it.
fn check_state(
    cx: &mut Checker,
    walk: &mut Walk,
    name: &str,
    node: &Node,
    pointer: String,
    inherited: QueryLanguage,
) -> StateSummary {
    let ty = state_type(cx, name, node, &pointer);
    let lang = fields::query_language(cx, node, &pointer, Some(walk.top_lang)).unwrap_or(inherited);
    let st = StateCx {
        name,
        node,
        pointer,
        ty,
        lang,
    };
    let mut summary = StateSummary {
        name: name.to_owned(),
        key_span: Span::default(),
        pointer: st.pointer.clone(),
        edges: Vec::new(),
        terminal: false,
        typed: ty.is_some(),
    };
    fields::check_state_fields(cx, &st);
    check_transitions(cx, &st, &mut summary);
    match ty {
        Some(StateType::Task) => task::check(cx, &st),
        Some(StateType::Wait) => wait::check(cx, &st),
        Some(StateType::Choice) => choice::check(cx, &st, &mut summary.edges),
        Some(StateType::Parallel) => map::check_parallel(cx, walk, &st),
        Some(StateType::Map) => map::check_map(cx, walk, &st),
        _ => {}
    }
    if matches!(
        ty,
        Some(StateType::Task | StateType::Parallel | StateType::Map)
    ) {
        retry_catch::check(cx, &st, &mut summary.edges);
    }
    if st.is_jsonata() {
        jsonata::check_state(cx, &st);
    } else {
        paths::check_state(cx, &st);
    }
    summary
}

/// Reads the state's Type, reporting a missing or unknown one.
fn state_type(cx: &mut Checker, name: &str, node: &Node, pointer: &str) -> Option<StateType> {
    let Some(member) = node.member("Type") else {
        cx.at(
            codes::TYPE_INVALID,
            node,
            pointer,
            format!(
                "the state \"{name}\" has no Type; add \"Type\" with one of: {}",
                type_list()
            ),
        );
        return None;
    };
    let parsed = member.value.as_str().and_then(StateType::parse);
    if parsed.is_none() {
        let shown = match member.value.as_str() {
            Some(s) => format!("\"{s}\""),
            None => article(member.value.type_name()),
        };
        cx.at(
            codes::TYPE_INVALID,
            &member.value,
            &ptr(pointer, "Type"),
            format!(
                "the Type of \"{name}\" is {shown}; it must be one of: {}",
                type_list()
            ),
        );
    }
    parsed
}

fn type_list() -> String {
    StateType::ALL.map(StateType::as_str).join(", ")
}

/// Next and End: which states need them, which must not have them, and the Next edge.
fn check_transitions(cx: &mut Checker, st: &StateCx, summary: &mut StateSummary) {
    let next = st.member("Next");
    let end = st.member("End");
    let end_true = end.is_some_and(|m| m.value.as_bool() == Some(true));
    if let Some(m) = next {
        if let Some(target) = m.value.as_str() {
            summary.edges.push(Edge {
                target: target.to_owned(),
                span: m.value.span,
                pointer: st.field_pointer("Next"),
                field: "Next",
            });
        }
    }
    match st.ty {
        None => {}
        Some(ty @ (StateType::Choice | StateType::Succeed | StateType::Fail)) => {
            summary.terminal = ty != StateType::Choice;
            for m in [next, end].into_iter().flatten() {
                let why = if ty == StateType::Choice {
                    "a Choice state moves on through its Choices and Default"
                } else {
                    "it ends the execution (or branch) by itself"
                };
                cx.at_key(
                    codes::TRANSITION_NOT_ALLOWED,
                    m,
                    &st.field_pointer(&m.key),
                    format!(
                        "the {ty} state \"{}\" cannot have {}: {why}; remove it",
                        st.name, m.key
                    ),
                );
            }
            // A stray Next of a Choice state is not followed: AWS ignores none, but counting it
            // would hide an unreachable-state error behind the field error above.
            summary.edges.retain(|e| e.field != "Next");
        }
        Some(ty) => {
            summary.terminal = end_true;
            match (next, end_true) {
                (None, false) => cx.at(
                    codes::NO_NEXT_OR_END,
                    st.node,
                    &st.pointer,
                    format!(
                        "the {ty} state \"{}\" has neither Next nor \"End\": true; add \"Next\" with the state to run after it, or \"End\": true",
                        st.name
                    ),
                ),
                (Some(_), true) => {
                    if let Some(m) = end {
                        cx.at_key(
                            codes::NEXT_AND_END,
                            m,
                            &st.field_pointer("End"),
                            format!(
                                "the state \"{}\" has both Next and \"End\": true; keep only one",
                                st.name
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// "an object", "a string", "null", ...
pub(crate) fn article(type_name: &str) -> String {
    if type_name == "null" {
        return "null".to_owned();
    }
    match type_name.chars().next() {
        Some('a' | 'o') => format!("an {type_name}"),
        _ => format!("a {type_name}"),
    }
}

/// Names for a message, quoted and sorted, at most ten.
pub(crate) fn list_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    let more = names.len().saturating_sub(10);
    let mut text = names
        .iter()
        .take(10)
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}
