//! The graph of one scope: every state reachable from StartAt (AWS rejects unreachable states),
//! at least one terminal state (AWS: MISSING_END_STATE), and a warning for states from which no
//! path leads to a terminal state.

use std::collections::BTreeMap;

use super::structure::StateSummary;
use super::{codes, ptr, Checker};
use crate::tree::Node;

/// Checks the graph of one scope. `start` is the StartAt name when it names a state of the scope.
pub(crate) fn check_scope(
    cx: &mut Checker,
    states: &[StateSummary],
    start: Option<&str>,
    what: &str,
    scope: &Node,
    pointer: &str,
) {
    if states.is_empty() {
        return;
    }
    let index: BTreeMap<&str, usize> = states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    let successors: Vec<Vec<usize>> = states
        .iter()
        .map(|s| {
            s.edges
                .iter()
                .filter_map(|e| index.get(e.target.as_str()).copied())
                .collect()
        })
        .collect();

    // A state of unknown type might be the terminal one: its Type error says enough.
    if !states.iter().any(|s| s.terminal || !s.typed) {
        let at = scope.get("States").unwrap_or(scope);
        cx.at(
            codes::NO_TERMINAL,
            at,
            &ptr(pointer, "States"),
            format!(
                "{what} has no terminal state, so it can never finish; add a Succeed or Fail state, or \"End\": true on the last state"
            ),
        );
    }

    let Some(start) = start.and_then(|name| index.get(name).copied()) else {
        return;
    };
    let mut reachable = vec![false; states.len()];
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reachable[i], true) {
            continue;
        }
        stack.extend(successors[i].iter().copied().filter(|&j| !reachable[j]));
    }
    for (i, state) in states.iter().enumerate() {
        if !reachable[i] {
            cx.report(
                codes::UNREACHABLE,
                state.key_span,
                state.pointer.clone(),
                format!(
                    "no transition leads to the state \"{}\", and AWS rejects unreachable states; point a Next, Default or Catch at it, or delete it",
                    state.name
                ),
            );
        }
    }

    if !states.iter().any(|s| s.terminal) {
        return;
    }
    // Walk backwards from the terminal states.
    let mut predecessors = vec![Vec::new(); states.len()];
    for (i, succ) in successors.iter().enumerate() {
        for &j in succ {
            predecessors[j].push(i);
        }
    }
    let mut finishes = vec![false; states.len()];
    let mut stack: Vec<usize> = (0..states.len()).filter(|&i| states[i].terminal).collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut finishes[i], true) {
            continue;
        }
        stack.extend(predecessors[i].iter().copied().filter(|&j| !finishes[j]));
    }
    for (i, state) in states.iter().enumerate() {
        if reachable[i] && !finishes[i] {
            cx.report(
                codes::NO_PATH_TO_END,
                state.key_span,
                state.pointer.clone(),
                format!(
                    "no path from \"{}\" leads to a terminal state, so once there the execution can only loop until it fails or times out; add a way out (a Choice rule, a Next to a later state)",
                    state.name
                ),
            );
        }
    }
}
