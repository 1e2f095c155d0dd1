//! Which state of the old version is which state of the new one, within a pair of scopes.
//!
//! States of the same name are the same state. Among the rest, a removed state and an added
//! state of the same `Type` are one renamed state when they are alike enough: greedy, best pair
//! first, scored on
//! - their content ([`fields::similarity`]: the share of equal fields, transitions left out), and
//! - their neighbours: the states they go to and come from (by how: `Next`, a rule, `Default`, a
//!   catcher, `End`, `StartAt`), old names mapped through the pairs found so far, compared as
//!   sets (Jaccard).
//!
//! The score is `0.6 × content + 0.4 × neighbours` (neighbours alone for states with no field
//! but `Type`, like a bare Pass), and a pair needs more than [`THRESHOLD`]. So a state renamed in
//! place is a rename even when some of its fields changed too; a state renamed and moved
//! elsewhere is a rename when its content is the same; a bare Pass removed in one place and
//! another added elsewhere is a removal and an addition. Pairs are scored again in a few rounds,
//! as each round's pairs make more neighbours comparable.
//!
//! Only states left unmatched by name are scored, so a big scope with a few renames costs little.
//! When a scope has so many unmatched states that scoring every pair would be slow
//! ([`PAIR_LIMIT`]), only pairs with the same content (by fingerprint) are scored.

use std::collections::HashMap;

use super::fields::{self, Role, StateKind};
use super::Via;
use crate::tree::Node;

/// The score a pair of states must exceed to be one renamed state.
pub(super) const THRESHOLD: f64 = 0.5;

/// How many pairs of unmatched states are scored at most per round before only pairs with equal
/// content are.
pub(super) const PAIR_LIMIT: usize = 20_000;

/// How many rounds of scoring at most.
const ROUNDS: usize = 4;

/// A transition leaving a state (or a scope's start), as written.
#[derive(Debug, Clone)]
pub(super) struct Transition<'a> {
    /// How it leaves.
    pub via: Via,
    /// The target state's name; `None` for the end.
    pub target: Option<&'a str>,
}

/// A state of a scope.
#[derive(Debug)]
pub(super) struct StateInfo<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its value.
    pub node: &'a Node,
    /// Its `Type` as written (empty when missing).
    pub type_text: &'a str,
    /// Its kind.
    pub kind: StateKind,
    /// Its transitions in the graph's order: `Next`, rules, `Default`, catchers, `End`.
    pub transitions: Vec<Transition<'a>>,
}

/// The states of a scope object, in document order (a duplicated name once, with its last
/// value), and its `StartAt`.
#[derive(Debug, Default)]
pub(super) struct ScopeStates<'a> {
    /// The states.
    pub states: Vec<StateInfo<'a>>,
    /// Where each name is in `states`.
    pub by_name: HashMap<&'a str, usize>,
    /// The scope's `StartAt`, when it is a string.
    pub start: Option<&'a str>,
}

impl<'a> ScopeStates<'a> {
    /// The states of a scope object (the root, a branch or a processor).
    pub(super) fn read(scope: &'a Node) -> Self {
        let mut out = ScopeStates {
            start: scope.get("StartAt").and_then(Node::as_str),
            ..ScopeStates::default()
        };
        let Some(members) = scope.get("States").and_then(Node::as_object) else {
            return out;
        };
        out.states.reserve(members.len());
        for m in members {
            let info = state_info(&m.key, &m.value);
            match out.by_name.get(m.key.as_str()) {
                Some(&at) => out.states[at] = info,
                None => {
                    out.by_name.insert(m.key.as_str(), out.states.len());
                    out.states.push(info);
                }
            }
        }
        out
    }
}

/// A state's name, type and transitions, read as the graph reads them.
fn state_info<'a>(name: &'a str, node: &'a Node) -> StateInfo<'a> {
    let kind = StateKind::of(node);
    let mut transitions = Vec::new();
    if let Some(next) = node.get("Next").and_then(Node::as_str) {
        transitions.push(Transition {
            via: Via::Next,
            target: Some(next),
        });
    }
    if kind == StateKind::Choice {
        for (index, rule) in node
            .get("Choices")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if let Some(next) = rule.get("Next").and_then(Node::as_str) {
                transitions.push(Transition {
                    via: Via::Rule { index },
                    target: Some(next),
                });
            }
        }
        if let Some(default) = node.get("Default").and_then(Node::as_str) {
            transitions.push(Transition {
                via: Via::Default,
                target: Some(default),
            });
        }
    }
    for (index, catcher) in node
        .get("Catch")
        .and_then(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(next) = catcher.get("Next").and_then(Node::as_str) {
            transitions.push(Transition {
                via: Via::Catch { index },
                target: Some(next),
            });
        }
    }
    if kind == StateKind::Terminal || node.get("End").and_then(Node::as_bool) == Some(true) {
        transitions.push(Transition {
            via: Via::End,
            target: None,
        });
    }
    StateInfo {
        name,
        node,
        type_text: node.get("Type").and_then(Node::as_str).unwrap_or(""),
        kind,
        transitions,
    }
}

/// How a transition leaves its source, without the index of a rule or catcher: what counts when
/// telling whether two transitions are the same. Also the order transitions are listed in.
pub(super) fn via_class(via: &Via) -> u8 {
    match via {
        Via::Start => 0,
        Via::Next => 1,
        Via::Rule { .. } => 2,
        Via::Default => 3,
        Via::Catch { .. } => 4,
        Via::End => 5,
    }
}

/// A state a transition touches, as comparable across the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Endpoint<'a> {
    /// The scope's start (the source of `StartAt`).
    Start,
    /// The scope's end.
    End,
    /// A state of the new version (an old state that is matched to it, or the state itself).
    New(usize),
    /// A state of the old version matched to none of the new one.
    OldOnly(usize),
    /// A name no state of the scope has.
    Dangling(&'a str),
}

/// The endpoint a state name stands for in the old version, through the matches so far.
pub(super) fn old_endpoint<'a>(
    old: &ScopeStates<'a>,
    matches: &[Option<usize>],
    name: &'a str,
) -> Endpoint<'a> {
    match old.by_name.get(name) {
        Some(&i) => match matches[i] {
            Some(j) => Endpoint::New(j),
            None => Endpoint::OldOnly(i),
        },
        None => Endpoint::Dangling(name),
    }
}

/// The endpoint a state name stands for in the new version.
pub(super) fn new_endpoint<'a>(new: &ScopeStates<'a>, name: &'a str) -> Endpoint<'a> {
    match new.by_name.get(name) {
        Some(&j) => Endpoint::New(j),
        None => Endpoint::Dangling(name),
    }
}

/// For each state of a scope, the transitions into it: (how, from which state; `None` for
/// `StartAt`).
fn predecessors(scope: &ScopeStates<'_>) -> Vec<Vec<(u8, Option<usize>)>> {
    let mut out = vec![Vec::new(); scope.states.len()];
    if let Some(&at) = scope.start.and_then(|s| scope.by_name.get(s)) {
        out[at].push((via_class(&Via::Start), None));
    }
    for (i, state) in scope.states.iter().enumerate() {
        for t in &state.transitions {
            if let Some(&at) = t.target.and_then(|n| scope.by_name.get(n)) {
                out[at].push((via_class(&t.via), Some(i)));
            }
        }
    }
    out
}

/// Matches the states of two versions of a scope: for each old state, the new state it is.
pub(super) fn match_states(old: &ScopeStates<'_>, new: &ScopeStates<'_>) -> Vec<Option<usize>> {
    let mut matches: Vec<Option<usize>> = old
        .states
        .iter()
        .map(|s| new.by_name.get(s.name).copied())
        .collect();
    let mut taken = vec![false; new.states.len()];
    for j in matches.iter().flatten() {
        taken[*j] = true;
    }
    let mut old_free: Vec<usize> = (0..old.states.len())
        .filter(|&i| matches[i].is_none())
        .collect();
    let mut new_free: Vec<usize> = (0..new.states.len()).filter(|&j| !taken[j]).collect();
    if old_free.is_empty() || new_free.is_empty() {
        return matches;
    }
    let old_preds = predecessors(old);
    let new_preds = predecessors(new);
    // Content never changes between rounds: score it once per pair.
    let mut content: HashMap<(usize, usize), Option<f64>> = HashMap::new();
    let exhaustive = old_free.len() * new_free.len() <= PAIR_LIMIT;
    let fingerprints = |states: &[StateInfo<'_>], free: &[usize]| -> HashMap<usize, u64> {
        if exhaustive {
            return HashMap::new();
        }
        free.iter()
            .map(|&i| {
                let s = &states[i];
                (i, fields::fingerprint(s.node, Role::State(s.kind)))
            })
            .collect()
    };
    let old_prints = fingerprints(&old.states, &old_free);
    let new_prints = fingerprints(&new.states, &new_free);
    for _ in 0..ROUNDS {
        let mut scored: Vec<(f64, usize, usize)> = Vec::new();
        for &i in &old_free {
            let o = &old.states[i];
            let old_near = neighbours_old(old, &matches, &old_preds, i);
            for &j in &new_free {
                let n = &new.states[j];
                if o.type_text != n.type_text {
                    continue;
                }
                if !exhaustive && old_prints.get(&i) != new_prints.get(&j) {
                    continue;
                }
                let c = *content
                    .entry((i, j))
                    .or_insert_with(|| fields::similarity(o.node, n.node, o.kind, n.kind));
                let near = jaccard(&old_near, &neighbours_new(new, &new_preds, j));
                let score = match c {
                    Some(c) => 0.6 * c + 0.4 * near,
                    None => near,
                };
                if score > THRESHOLD {
                    scored.push((score, i, j));
                }
            }
        }
        if scored.is_empty() {
            break;
        }
        // Best first; ties in document order, so the result does not depend on hashing.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut accepted = false;
        for (_, i, j) in scored {
            if matches[i].is_none() && !taken[j] {
                matches[i] = Some(j);
                taken[j] = true;
                accepted = true;
            }
        }
        old_free.retain(|&i| matches[i].is_none());
        new_free.retain(|&j| !taken[j]);
        if !accepted || old_free.is_empty() || new_free.is_empty() {
            break;
        }
    }
    matches
}

/// A neighbour of a state: whether it comes after (`true`) or before, how, and which.
type Neighbour<'a> = (bool, u8, Endpoint<'a>);

fn neighbours_old<'a>(
    old: &ScopeStates<'a>,
    matches: &[Option<usize>],
    preds: &[Vec<(u8, Option<usize>)>],
    i: usize,
) -> Vec<Neighbour<'a>> {
    let mut out: Vec<Neighbour<'a>> = Vec::new();
    for t in &old.states[i].transitions {
        let to = match t.target {
            Some(name) => old_endpoint(old, matches, name),
            None => Endpoint::End,
        };
        out.push((true, via_class(&t.via), to));
    }
    for &(class, from) in &preds[i] {
        let from = match from {
            Some(k) => match matches[k] {
                Some(j) => Endpoint::New(j),
                None => Endpoint::OldOnly(k),
            },
            None => Endpoint::Start,
        };
        out.push((false, class, from));
    }
    out.sort();
    out.dedup();
    out
}

fn neighbours_new<'a>(
    new: &ScopeStates<'a>,
    preds: &[Vec<(u8, Option<usize>)>],
    j: usize,
) -> Vec<Neighbour<'a>> {
    let mut out: Vec<Neighbour<'a>> = Vec::new();
    for t in &new.states[j].transitions {
        let to = match t.target {
            Some(name) => new_endpoint(new, name),
            None => Endpoint::End,
        };
        out.push((true, via_class(&t.via), to));
    }
    for &(class, from) in &preds[j] {
        out.push((false, class, from.map_or(Endpoint::Start, Endpoint::New)));
    }
    out.sort();
    out.dedup();
    out
}

/// |a ∩ b| / |a ∪ b| of two sorted, deduplicated lists; one half when both are empty (nothing to
/// tell either way).
fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.5;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Format};

    fn doc(text: &str) -> Document {
        Document::parse(text, Format::Json).expect("parses")
    }

    /// The matches of two versions' top-level states, as (old name, new name).
    fn pairs(old: &str, new: &str) -> Vec<(String, String)> {
        let (old, new) = (doc(old), doc(new));
        let (o, n) = (ScopeStates::read(old.root()), ScopeStates::read(new.root()));
        match_states(&o, &n)
            .iter()
            .enumerate()
            .filter_map(|(i, j)| {
                j.map(|j| (o.states[i].name.to_owned(), n.states[j].name.to_owned()))
            })
            .collect()
    }

    const CHAIN: &str = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:b", "Parameters": {"x": 1}, "TimeoutSeconds": 5, "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "C"},
        "C": {"Type": "Succeed"}}}"#;

    fn renamed(from: &str, to: &str) -> String {
        CHAIN.replace(&format!("\"{from}\""), &format!("\"{to}\""))
    }

    #[test]
    fn a_renamed_state_is_matched_by_content_and_neighbours() {
        let m = pairs(CHAIN, &renamed("B", "Bee"));
        assert!(m.contains(&("B".into(), "Bee".into())), "{m:?}");
        assert_eq!(m.len(), 3);
        // A bare Pass, renamed in place: its neighbours tell.
        let m = pairs(CHAIN, &renamed("A", "Ay"));
        assert!(m.contains(&("A".into(), "Ay".into())), "{m:?}");
    }

    #[test]
    fn a_renamed_state_with_one_of_several_fields_changed_is_still_a_rename() {
        let new = renamed("B", "Bee").replace("\"TimeoutSeconds\": 5", "\"TimeoutSeconds\": 50");
        let m = pairs(CHAIN, &new);
        assert!(m.contains(&("B".into(), "Bee".into())), "{m:?}");
    }

    #[test]
    fn different_states_in_different_places_are_not_a_rename() {
        // B removed (A goes to C), and a new Task with other content added after C's place.
        let old = CHAIN;
        let new = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Succeed"},
            "Z": {"Type": "Task", "Resource": "arn:z", "End": true}}}"#;
        let m = pairs(old, new);
        assert_eq!(m.len(), 2, "{m:?}");
        // A bare Pass removed in one place and another added elsewhere: no rename either.
        let old = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "P"}, "P": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}"#;
        let new = r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Pass", "Next": "Q"}, "Q": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}"#;
        let m = pairs(old, new);
        assert!(!m.iter().any(|(a, b)| a == "P" && b == "Q"), "{m:?}");
    }

    #[test]
    fn a_different_type_is_never_a_rename() {
        let new = renamed("B", "Bee").replace("\"Type\": \"Task\"", "\"Type\": \"Pass\"");
        let m = pairs(CHAIN, &new);
        assert_eq!(m.len(), 2, "{m:?}");
    }

    #[test]
    fn two_renamed_neighbours_are_both_found() {
        let new = renamed("B", "Bee").replace("\"C\"", "\"See\"");
        let m = pairs(CHAIN, &new);
        assert!(m.contains(&("B".into(), "Bee".into())), "{m:?}");
        assert!(m.contains(&("C".into(), "See".into())), "{m:?}");
    }

    #[test]
    fn jaccard_of_sorted_lists() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard::<u8>(&[], &[]), 0.5);
        assert_eq!(jaccard(&[1], &[2]), 0.0);
    }
}
