//! The comparison itself: the machine's fields, then scope by scope (the top level, a matched
//! Parallel's branches as aligned by [`fields::align_items`], a matched Map's processor) the
//! states matched ([`matching`]), their fields compared ([`fields`]) and their transitions
//! compared as multisets of (source, how, target) after matching.
//!
//! Output order: each change carries the place of its state in the new version (a path of
//! indices: state, branch, state, ..., which sorts depth first in document order), or, for what
//! only the old version has, its place there, sorted after everything of the new version.

use std::collections::HashMap;
use std::sync::Arc;

use super::fields::{self, Role, StateKind};
use super::matching::{self, via_class, Endpoint, ScopeStates, StateInfo};
use super::{
    ChangeKind, Diff, StateAt, StateChange, Target, TransitionChange, TransitionChangeKind, Via,
};
use crate::tree::{pointer_push, Node};

/// Where a change sorts: 0 for a place in the new version, 1 for one only in the old version,
/// then the path of indices to the place (states, branches) in that version.
type Place = (u8, Vec<usize>);

/// The whole difference between two roots.
pub(super) fn compare(old: &Node, new: &Node) -> Diff {
    let mut collector = Collector::default();
    let machine = fields::diff_object(old, new, Role::Root, Role::Root);
    let root = |node| Side {
        node,
        pointer: Arc::from(""),
        path: Vec::new(),
    };
    collector.scopes(Some(&root(old)), Some(&root(new)));
    collector.finish(machine)
}

/// One version of a scope.
struct Side<'a> {
    /// The scope object.
    node: &'a Node,
    /// Its pointer in its version.
    pointer: Arc<str>,
    /// Its place: the path of indices to it.
    path: Vec<usize>,
}

impl Side<'_> {
    fn states_pointer(&self) -> String {
        pointer_push(&self.pointer, "States")
    }

    fn place(&self, version: u8, index: usize) -> Place {
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(index);
        (version, path)
    }
}

/// A state as it is in one version, for the result.
fn state_at(side: &Side<'_>, states_pointer: &str, state: &StateInfo<'_>) -> StateAt {
    StateAt {
        pointer: pointer_push(states_pointer, state.name).into(),
        name: state.name.to_owned(),
        scope: side.pointer.clone(),
        state_type: state.type_text.to_owned(),
    }
}

#[derive(Default)]
struct Collector {
    states: Vec<(Place, StateChange)>,
    transitions: Vec<((Place, u8, u8), TransitionChange)>,
}

impl Collector {
    fn finish(mut self, machine: Vec<super::FieldChange>) -> Diff {
        // Stable sorts: changes of one place keep the order they were found in.
        self.states.sort_by(|a, b| a.0.cmp(&b.0));
        self.transitions.sort_by(|a, b| a.0.cmp(&b.0));
        Diff {
            machine,
            states: self.states.into_iter().map(|(_, c)| c).collect(),
            transitions: self.transitions.into_iter().map(|(_, t)| t).collect(),
        }
    }

    /// Compares two versions of a scope; a scope only one version has is all added or removed.
    fn scopes(&mut self, old: Option<&Side<'_>>, new: Option<&Side<'_>>) {
        let o = old.map(|s| ScopeStates::read(s.node)).unwrap_or_default();
        let n = new.map(|s| ScopeStates::read(s.node)).unwrap_or_default();
        let matches = if old.is_some() && new.is_some() {
            matching::match_states(&o, &n)
        } else {
            vec![None; o.states.len()]
        };
        let mut reverse = vec![None; n.states.len()];
        for (i, j) in matches.iter().enumerate() {
            if let Some(j) = j {
                reverse[*j] = Some(i);
            }
        }
        let old_ptr = old.map(Side::states_pointer).unwrap_or_default();
        let new_ptr = new.map(Side::states_pointer).unwrap_or_default();

        if let Some(new) = new {
            for (j, ns) in n.states.iter().enumerate() {
                let place = new.place(0, j);
                match (reverse[j], old) {
                    (Some(i), Some(old)) => {
                        let os = &o.states[i];
                        let changed = fields::diff_object(
                            os.node,
                            ns.node,
                            Role::State(os.kind),
                            Role::State(ns.kind),
                        );
                        let kind = if os.name != ns.name {
                            Some(ChangeKind::Renamed)
                        } else if !changed.is_empty() {
                            Some(ChangeKind::Changed)
                        } else {
                            None
                        };
                        if let Some(kind) = kind {
                            self.states.push((
                                place.clone(),
                                StateChange {
                                    kind,
                                    old: Some(state_at(old, &old_ptr, os)),
                                    new: Some(state_at(new, &new_ptr, ns)),
                                    fields: changed,
                                },
                            ));
                        }
                        let old_place = old.place(0, i).1;
                        self.nested(
                            Some((old, &old_ptr, os, old_place)),
                            Some((new, &new_ptr, ns, place.1)),
                        );
                    }
                    _ => {
                        self.states.push((
                            place.clone(),
                            StateChange {
                                kind: ChangeKind::Added,
                                old: None,
                                new: Some(state_at(new, &new_ptr, ns)),
                                fields: Vec::new(),
                            },
                        ));
                        self.nested(None, Some((new, &new_ptr, ns, place.1)));
                    }
                }
            }
        }
        if let Some(old) = old {
            for (i, os) in o.states.iter().enumerate() {
                if matches[i].is_some() {
                    continue;
                }
                let place = old.place(1, i);
                self.states.push((
                    place.clone(),
                    StateChange {
                        kind: ChangeKind::Removed,
                        old: Some(state_at(old, &old_ptr, os)),
                        new: None,
                        fields: Vec::new(),
                    },
                ));
                self.nested(Some((old, &old_ptr, os, place.1)), None);
            }
        }
        self.transitions_of(
            old.map(|s| (s, old_ptr.as_str())),
            new.map(|s| (s, new_ptr.as_str())),
            &o,
            &n,
            &matches,
            &reverse,
        );
    }

    /// Compares the scopes nested in a state (Parallel branches, a Map processor) in its two
    /// versions: a Parallel's branches paired by [`fields::align_items`], a Map's processors
    /// paired; scopes of a state only one version has, or that change kind, added or removed.
    fn nested(&mut self, old: Option<NestedSide<'_, '_>>, new: Option<NestedSide<'_, '_>>) {
        let old_scopes = old.as_ref().map(|s| nested_scopes(s)).unwrap_or_default();
        let new_scopes = new.as_ref().map(|s| nested_scopes(s)).unwrap_or_default();
        if old_scopes.is_empty() && new_scopes.is_empty() {
            return;
        }
        let kinds = (
            old.as_ref().map(|s| s.2.kind),
            new.as_ref().map(|s| s.2.kind),
        );
        let pairs: Vec<(Option<usize>, Option<usize>)> = match kinds {
            (Some(StateKind::Parallel), Some(StateKind::Parallel)) => fields::align_items(
                branches_of(old.as_ref()),
                branches_of(new.as_ref()),
                Role::Branches,
            ),
            (Some(StateKind::Map), Some(StateKind::Map))
                if old_scopes.len() == 1 && new_scopes.len() == 1 =>
            {
                vec![(Some(0), Some(0))]
            }
            _ => (0..old_scopes.len())
                .map(|i| (Some(i), None))
                .chain((0..new_scopes.len()).map(|j| (None, Some(j))))
                .collect(),
        };
        for (i, j) in pairs {
            let o = i.and_then(|i| old_scopes.get(i));
            let n = j.and_then(|j| new_scopes.get(j));
            self.scopes(o, n);
        }
    }

    /// Compares the transitions of two versions of a scope (either may be missing) after
    /// matching: as multisets of (source, how without index, target).
    fn transitions_of(
        &mut self,
        old: Option<(&Side<'_>, &str)>,
        new: Option<(&Side<'_>, &str)>,
        o: &ScopeStates<'_>,
        n: &ScopeStates<'_>,
        matches: &[Option<usize>],
        reverse: &[Option<usize>],
    ) {
        let ends = Ends {
            o,
            n,
            matches,
            reverse,
        };
        type Key<'k> = (Endpoint<'k>, u8, Endpoint<'k>);
        // Old transitions: key, source state (None for StartAt), via, target name.
        let mut old_list: Vec<(Key<'_>, Option<usize>, Via, Option<&str>)> = Vec::new();
        if old.is_some() {
            if let Some(start) = o.start {
                old_list.push((
                    (
                        Endpoint::Start,
                        via_class(&Via::Start),
                        ends.old_target(start),
                    ),
                    None,
                    Via::Start,
                    Some(start),
                ));
            }
            for (i, s) in o.states.iter().enumerate() {
                let source = matches[i].map_or(Endpoint::OldOnly(i), Endpoint::New);
                for t in &s.transitions {
                    let to = t.target.map_or(Endpoint::End, |name| ends.old_target(name));
                    old_list.push((
                        (source, via_class(&t.via), to),
                        Some(i),
                        t.via.clone(),
                        t.target,
                    ));
                }
            }
        }
        let mut remaining: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
        for (at, entry) in old_list.iter().enumerate().rev() {
            remaining.entry(entry.0).or_default().push(at);
        }
        let mut matched = vec![false; old_list.len()];
        if let Some((new, new_ptr)) = new {
            let starts = n.start.map(|start| (None, Via::Start, Some(start)));
            let leaving = n.states.iter().enumerate().flat_map(|(j, s)| {
                s.transitions
                    .iter()
                    .map(move |t| (Some(j), t.via.clone(), t.target))
            });
            for (from, via, target) in starts.into_iter().chain(leaving) {
                let key: Key<'_> = (
                    from.map_or(Endpoint::Start, Endpoint::New),
                    via_class(&via),
                    target.map_or(Endpoint::End, |name| ends.new_target(name)),
                );
                if let Some(at) = remaining.get_mut(&key).and_then(Vec::pop) {
                    matched[at] = true;
                    continue;
                }
                let place = match from {
                    Some(j) => new.place(0, j),
                    None => (0, new.path.clone()),
                };
                self.transitions.push((
                    (place, via_class(&via), 1),
                    TransitionChange {
                        kind: TransitionChangeKind::Added,
                        scope: new.pointer.clone(),
                        from: from.map(|j| state_at(new, new_ptr, &n.states[j])),
                        via,
                        to: target_of(new_ptr, target),
                    },
                ));
            }
        }
        if let Some((old, old_ptr)) = old {
            for (at, (_, from, via, target)) in old_list.iter().enumerate() {
                if matched[at] {
                    continue;
                }
                let place = match (from, new) {
                    (Some(i), Some((new, _))) => match matches[*i] {
                        Some(j) => new.place(0, j),
                        None => old.place(1, *i),
                    },
                    (Some(i), None) => old.place(1, *i),
                    (None, Some((new, _))) => (0, new.path.clone()),
                    (None, None) => (1, old.path.clone()),
                };
                self.transitions.push((
                    (place, via_class(via), 0),
                    TransitionChange {
                        kind: TransitionChangeKind::Removed,
                        scope: old.pointer.clone(),
                        from: from.map(|i| state_at(old, old_ptr, &o.states[i])),
                        via: via.clone(),
                        to: target_of(old_ptr, *target),
                    },
                ));
            }
        }
    }
}

/// Turns target names into endpoints comparable across the versions. A name that is no state of
/// its version but a state only the other version has (a dangling transition made whole, or left
/// dangling by a removal) counts as that state.
struct Ends<'x, 'a> {
    o: &'x ScopeStates<'a>,
    n: &'x ScopeStates<'a>,
    matches: &'x [Option<usize>],
    reverse: &'x [Option<usize>],
}

impl Ends<'_, '_> {
    fn old_target<'t>(&self, name: &'t str) -> Endpoint<'t> {
        match self.o.by_name.get(name) {
            Some(&i) => self.matches[i].map_or(Endpoint::OldOnly(i), Endpoint::New),
            None => match self.n.by_name.get(name) {
                Some(&j) if self.reverse[j].is_none() => Endpoint::New(j),
                _ => Endpoint::Dangling(name),
            },
        }
    }

    fn new_target<'t>(&self, name: &'t str) -> Endpoint<'t> {
        match self.n.by_name.get(name) {
            Some(&j) => Endpoint::New(j),
            None => match self.o.by_name.get(name) {
                Some(&i) if self.matches[i].is_none() => Endpoint::OldOnly(i),
                _ => Endpoint::Dangling(name),
            },
        }
    }
}

/// A state and its scope in one version, for its nested scopes: the scope, the scope's `States`
/// pointer, the state, the state's place.
type NestedSide<'s, 'a> = (&'s Side<'a>, &'s str, &'s StateInfo<'a>, Vec<usize>);

/// The items of a Parallel state's `Branches`.
fn branches_of<'a>(side: Option<&NestedSide<'_, 'a>>) -> &'a [Node] {
    side.and_then(|s| s.2.node.get("Branches"))
        .and_then(Node::as_array)
        .unwrap_or_default()
}

/// The scopes a state holds: a Parallel's branches (in order), a Map's processor.
fn nested_scopes<'a>(side: &NestedSide<'_, 'a>) -> Vec<Side<'a>> {
    let (_, states_ptr, state, place) = side;
    let pointer = pointer_push(states_ptr, state.name);
    let at = |index: usize| {
        let mut path = place.clone();
        path.push(index);
        path
    };
    match state.kind {
        StateKind::Parallel => state
            .node
            .get("Branches")
            .and_then(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, branch)| Side {
                node: branch,
                pointer: pointer_push(&pointer_push(&pointer, "Branches"), &index.to_string())
                    .into(),
                path: at(index),
            })
            .collect(),
        StateKind::Map => {
            let processor = state
                .node
                .member("ItemProcessor")
                .or_else(|| state.node.member("Iterator"));
            processor
                .map(|m| Side {
                    node: &m.value,
                    pointer: pointer_push(&pointer, &m.key).into(),
                    path: at(0),
                })
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A transition's target in a version.
fn target_of(states_ptr: &str, target: Option<&str>) -> Target {
    match target {
        Some(name) => Target::State {
            pointer: pointer_push(states_ptr, name).into(),
            name: name.to_owned(),
        },
        None => Target::End,
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff, ChangeKind, Diff};
    use crate::{Document, Format};

    fn doc(text: &str) -> Document {
        Document::parse(text, Format::Json).expect("parses")
    }

    /// The diff in words, one line per change.
    fn lines(d: &Diff) -> Vec<String> {
        let mut out: Vec<String> = d
            .machine
            .iter()
            .map(|c| format!("machine {}", c.describe()))
            .collect();
        for s in &d.states {
            out.push(s.headline());
            out.extend(s.fields.iter().map(|f| format!("  {}", f.describe())));
        }
        out.extend(d.transitions.iter().map(|t| t.describe()));
        out
    }

    #[test]
    fn a_removed_state_left_dangling_is_one_removal_with_its_own_transitions() {
        // Edit::RemoveState leaves the transitions into it for validation to flag.
        let old = doc(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}"#,
        );
        let new = doc(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}"#,
        );
        assert_eq!(
            lines(&diff(&old, &new)),
            ["Removed B (Pass)", "Removed transition: B \u{2192} C"]
        );
        // And adding the missing state back is one addition.
        assert_eq!(
            lines(&diff(&new, &old)),
            ["Added B (Pass)", "New transition: B \u{2192} C"]
        );
    }

    #[test]
    fn a_branch_inserted_at_the_front_leaves_the_other_branches_alone() {
        let old = doc(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]}}}"#,
        );
        let new = doc(
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Z", "States": {"Z": {"Type": "Wait", "Seconds": 1, "End": true}}},
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]}}}"#,
        );
        let d = diff(&old, &new);
        assert_eq!(
            lines(&d),
            [
                "Changed P",
                "  Branches[0] added: {\"StartAt\":\"Z\"}",
                "Added Z (Wait)",
                "New transition: Start \u{2192} Z",
                "New transition: Z \u{2192} End",
            ]
        );
        assert_eq!(&*d.transitions[0].scope, "/States/P/Branches/0");
        assert_eq!(
            d.states[1].new.as_ref().map(|s| &*s.pointer),
            Some("/States/P/Branches/0/States/Z")
        );
    }

    #[test]
    fn a_map_processor_is_compared_whether_it_is_called_iterator_or_item_processor() {
        let old = doc(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}}}}"#,
        );
        let new = doc(
            r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}}}}"#,
        );
        let d = diff(&old, &new);
        // The processor's own fields changed; its states are the same states.
        assert_eq!(
            lines(&d),
            [
                "Changed M",
                "  ItemProcessor added: {\"ProcessorConfig\":{\"Mode\":\"INLINE\"},\"StartAt\":\"A\"}",
                "  Iterator removed (was {\"StartAt\":\"A\"})",
            ]
        );
    }

    #[test]
    fn machine_fields_leave_out_states_and_start_at() {
        let old = doc(
            r#"{"Comment": "a", "StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#,
        );
        let new = doc(
            r#"{"TimeoutSeconds": 60, "StartAt": "B", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#,
        );
        assert_eq!(
            lines(&diff(&old, &new)),
            [
                "machine TimeoutSeconds added: 60",
                "machine Comment removed (was \"a\")",
                "Removed transition: Start \u{2192} A",
                "New transition: Start \u{2192} B",
            ]
        );
    }

    #[test]
    fn broken_documents_do_not_panic() {
        let cases = [
            "[]",
            "{}",
            r#"{"States": 3}"#,
            r#"{"StartAt": 1, "States": {"A": 2, "B": {"Type": 3, "Next": 4}}}"#,
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}, "A": {"Type": "Task", "End": true}}}"#,
            r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [1, {"States": []}], "End": true}}}"#,
        ];
        for old in cases {
            for new in cases {
                let d = diff(&doc(old), &doc(new));
                assert_eq!(
                    d.is_empty(),
                    old == new,
                    "{old} against {new}: {:?}",
                    lines(&d)
                );
            }
        }
    }

    #[test]
    fn a_duplicated_state_name_counts_once_with_its_last_value() {
        let old = doc(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "A": {"Type": "Succeed"}}}"#,
        );
        let new = doc(r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#);
        assert!(diff(&old, &new).is_empty());
        let d = diff(
            &old,
            &doc(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#),
        );
        assert_eq!(d.states.len(), 1);
        assert_eq!(d.states[0].kind, ChangeKind::Changed);
    }
}
