//! Field-by-field comparison of two states (or two machine roots) as data.
//!
//! Values are compared on the parse trees, not on serde_json values, so that nothing is converted
//! unless it is reported: objects as maps (key order does not count; for a duplicated key the last
//! value wins, as in [`Node::to_value`]), numbers by their numeric value (`1` and `1.0` are the same
//! number), everything else as written.
//!
//! What an object is (a state, a Choice rule, a catcher, a Parallel branch, ...) is its [`Role`],
//! which decides which of its members are transitions, reported as transitions and never as
//! fields: a state's `Next`, `End` and (Choice) `Default`, a top-level rule's or a catcher's `Next`,
//! a branch's or processor's `StartAt`; nested `States` objects are compared as scopes, state by
//! state, and left out here too.
//!
//! A difference is reported at its deepest path (`Retry[0].MaxAttempts`), except that an object or
//! array nested inside a field that differs in more than [`MAX_SPLIT`] places is reported as one
//! change, so that a rewritten `Parameters` block reads as one line. Arrays whose items are objects
//! or arrays are aligned ([`align`]) so that inserting an item is one addition; arrays of plain
//! values (`ErrorEquals`) are compared as one value.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::{Map, Number, Value};

use super::{FieldChange, FieldPath, PathSegment};
use crate::model::StateType;
use crate::tree::{Member, Node, NodeValue};

/// The most differences a nested object or array is split into before it is reported as one
/// change.
pub(super) const MAX_SPLIT: usize = 3;

/// Objects with more members than this are looked up through a hash map rather than a scan.
const SCAN_LIMIT: usize = 16;

/// Arrays longer than this (on both sides, multiplied) are aligned by trimming equal ends and
/// pairing the rest by position, not by a longest common subsequence.
const LCS_LIMIT: usize = 40_000;

/// The kind of a state, as far as its transitions and nested scopes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StateKind {
    /// A Choice state: `Choices` rules and `Default` are transitions.
    Choice,
    /// A Parallel state: its `Branches` are scopes.
    Parallel,
    /// A Map state: its `ItemProcessor` (or `Iterator`) is a scope.
    Map,
    /// Succeed or Fail: ends by itself.
    Terminal,
    /// Any other state (an unknown type too).
    Other,
}

impl StateKind {
    /// The kind of a state object, from its `Type`.
    pub(super) fn of(state: &Node) -> StateKind {
        match state
            .get("Type")
            .and_then(Node::as_str)
            .and_then(StateType::parse)
        {
            Some(StateType::Choice) => StateKind::Choice,
            Some(StateType::Parallel) => StateKind::Parallel,
            Some(StateType::Map) => StateKind::Map,
            Some(t) if t.is_terminal() => StateKind::Terminal,
            _ => StateKind::Other,
        }
    }
}

/// What a value is in a definition, which decides which of its members are left out of field
/// comparisons (they are transitions or nested scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Plain data: nothing left out.
    Data,
    /// The machine's root: `States` and `StartAt` left out.
    Root,
    /// A state: `Next`, `End` and, for a Choice, `Default` left out.
    State(StateKind),
    /// A Choice state's `Choices` array.
    Rules,
    /// A top-level Choice rule: `Next` left out.
    Rule,
    /// A state's `Catch` array.
    Catchers,
    /// A catcher: `Next` left out.
    Catcher,
    /// A Parallel state's `Branches` array.
    Branches,
    /// A Parallel branch or a Map processor: `StartAt` and `States` left out.
    Scope,
}

impl Role {
    /// True when member `key` (of this value) of an object in this role is compared elsewhere,
    /// as a transition or a scope, and not as a field. Only a member of the shape a transition or
    /// scope has is: a `Next` that is not a string, or a `States` that is not an object, is not
    /// read as one, so it is compared as a field (a broken draft's changes are not lost).
    pub(super) fn skips(self, key: &str, value: &Node) -> bool {
        let transition = match self {
            Role::Root => matches!(key, "States" | "StartAt"),
            Role::State(kind) => {
                matches!(key, "Next" | "End") || (kind == StateKind::Choice && key == "Default")
            }
            Role::Rule | Role::Catcher => key == "Next",
            Role::Scope => matches!(key, "StartAt" | "States"),
            Role::Data | Role::Rules | Role::Catchers | Role::Branches => false,
        };
        transition
            && match key {
                "States" => value.as_object().is_some(),
                "End" => value.as_bool().is_some(),
                _ => value.as_str().is_some(),
            }
    }

    /// True when `key` is left out of a value reported whole: the transitions of a rule or a
    /// catcher (reported as transitions) and a scope's `States` (reported as states). A whole
    /// branch keeps its `StartAt` (`Branches[2]` added: `{"StartAt": "Check"}`), which is what
    /// says which of its states comes first.
    fn strips(self, key: &str, value: &Node) -> bool {
        match self {
            Role::Scope => key == "States" && value.as_object().is_some(),
            Role::Rule | Role::Catcher | Role::Root | Role::State(_) => self.skips(key, value),
            Role::Data | Role::Rules | Role::Catchers | Role::Branches => false,
        }
    }

    /// The role of the value of member `key` of an object in this role.
    pub(super) fn member(self, key: &str) -> Role {
        match (self, key) {
            (Role::State(StateKind::Choice), "Choices") => Role::Rules,
            (Role::State(_), "Catch") => Role::Catchers,
            (Role::State(StateKind::Parallel), "Branches") => Role::Branches,
            (Role::State(StateKind::Map), "ItemProcessor" | "Iterator") => Role::Scope,
            _ => Role::Data,
        }
    }

    /// The role of the items of an array in this role.
    pub(super) fn item(self) -> Role {
        match self {
            Role::Rules => Role::Rule,
            Role::Catchers => Role::Catcher,
            Role::Branches => Role::Scope,
            _ => Role::Data,
        }
    }

    /// Whether a value in this role may be reported as one change when it differs in many
    /// places. Branches and processors never are: their items pair with the scopes compared
    /// state by state.
    fn collapsible(self) -> bool {
        !matches!(self, Role::Branches | Role::Scope)
    }
}

// ---- members -----------------------------------------------------------------------------------

/// An object's members as a map: duplicated keys resolved to their last value (in the place of
/// their first), members a role leaves out dropped.
pub(super) struct Members<'a> {
    list: Vec<(&'a str, &'a Node)>,
    index: Option<HashMap<&'a str, usize>>,
}

impl<'a> Members<'a> {
    /// The members of `members` that `role` compares.
    pub(super) fn new(members: &'a [Member], role: Role) -> Self {
        let mut list: Vec<(&'a str, &'a Node)> = Vec::with_capacity(members.len());
        let mut index = (members.len() > SCAN_LIMIT).then(HashMap::new);
        for m in members {
            if role.skips(&m.key, &m.value) {
                continue;
            }
            let at = match &mut index {
                Some(index) => index.get(m.key.as_str()).copied(),
                None => list.iter().position(|(k, _)| *k == m.key),
            };
            match at {
                Some(at) => list[at].1 = &m.value,
                None => {
                    if let Some(index) = &mut index {
                        index.insert(m.key.as_str(), list.len());
                    }
                    list.push((m.key.as_str(), &m.value));
                }
            }
        }
        Members { list, index }
    }

    /// The value of `key`.
    pub(super) fn get(&self, key: &str) -> Option<&'a Node> {
        match &self.index {
            Some(index) => index.get(key).map(|&at| self.list[at].1),
            None => self.list.iter().find(|(k, _)| *k == key).map(|(_, v)| *v),
        }
    }

    /// The members in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&'a str, &'a Node)> + '_ {
        self.list.iter().copied()
    }

    /// How many there are.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }
}

// ---- equality ----------------------------------------------------------------------------------

/// True when two numbers are the same number (`1`, `1.0` and `1e0` are).
pub(super) fn same_number(a: &Number, b: &Number) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    if a.is_f64() || b.is_f64() {
        return match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        };
    }
    false
}

/// True when two values mean the same in this role (members it leaves out not compared).
pub(super) fn same(a: &Node, b: &Node, role: Role) -> bool {
    match (&a.value, &b.value) {
        (NodeValue::Null, NodeValue::Null) => true,
        (NodeValue::Bool(x), NodeValue::Bool(y)) => x == y,
        (NodeValue::Number(x), NodeValue::Number(y)) => same_number(x, y),
        (NodeValue::String(x), NodeValue::String(y)) => x == y,
        (NodeValue::Array(x), NodeValue::Array(y)) => {
            let item = role.item();
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b, item))
        }
        (NodeValue::Object(x), NodeValue::Object(y)) => {
            let (x, y) = (Members::new(x, role), Members::new(y, role));
            x.len() == y.len()
                && x.iter().all(|(key, value)| {
                    y.get(key)
                        .is_some_and(|other| same(value, other, role.member(key)))
                })
        }
        _ => false,
    }
}

// ---- values ------------------------------------------------------------------------------------

/// The value as reported: serde_json's, without what the role leaves out of whole values (a
/// rule's or catcher's `Next`, a branch's `States`), at any depth.
pub(super) fn value_of(node: &Node, role: Role) -> Value {
    match &node.value {
        NodeValue::Array(items) => {
            let item = role.item();
            Value::Array(items.iter().map(|n| value_of(n, item)).collect())
        }
        NodeValue::Object(members) => {
            let mut map = Map::with_capacity(members.len());
            for m in members {
                if !role.strips(&m.key, &m.value) {
                    map.insert(m.key.clone(), value_of(&m.value, role.member(&m.key)));
                }
            }
            Value::Object(map)
        }
        _ => node.to_value(),
    }
}

/// A hash of a value in a role that equal values (by [`same`]) share: objects hash their members
/// in any order, numbers their numeric value.
pub(super) fn fingerprint(node: &Node, role: Role) -> u64 {
    let mut h = DefaultHasher::new();
    match &node.value {
        NodeValue::Null => 0u8.hash(&mut h),
        NodeValue::Bool(b) => (1u8, b).hash(&mut h),
        NodeValue::Number(n) => {
            2u8.hash(&mut h);
            match n.as_f64() {
                Some(0.0) => 0u64.hash(&mut h),
                Some(f) => f.to_bits().hash(&mut h),
                None => n.to_string().hash(&mut h),
            }
        }
        NodeValue::String(s) => (3u8, s).hash(&mut h),
        NodeValue::Array(items) => {
            (4u8, items.len()).hash(&mut h);
            let item = role.item();
            for n in items {
                fingerprint(n, item).hash(&mut h);
            }
        }
        NodeValue::Object(members) => {
            let members = Members::new(members, role);
            let mut sum = 0u64;
            for (key, value) in members.iter() {
                let mut m = DefaultHasher::new();
                (key, fingerprint(value, role.member(key))).hash(&mut m);
                sum = sum.wrapping_add(m.finish());
            }
            (5u8, members.len(), sum).hash(&mut h);
        }
    }
    h.finish()
}

// ---- alignment ---------------------------------------------------------------------------------

/// One step of an alignment of two arrays: an item of both, only of the new one (added) or only
/// of the old one (removed).
pub(super) type Pair = (Option<usize>, Option<usize>);

/// Aligns two arrays: a longest common subsequence of equal items (by `eq`), then, between two
/// equal items, the remaining items paired by position and the surplus added or removed. So
/// inserting an item at the front is one addition, and changing one is one change.
pub(super) fn align(old: &[Node], new: &[Node], eq: impl Fn(&Node, &Node) -> bool) -> Vec<Pair> {
    // Equal ends first: the common case, and what keeps long arrays cheap.
    let mut head = 0;
    while head < old.len() && head < new.len() && eq(&old[head], &new[head]) {
        head += 1;
    }
    let mut tail = 0;
    while tail < old.len() - head
        && tail < new.len() - head
        && eq(&old[old.len() - 1 - tail], &new[new.len() - 1 - tail])
    {
        tail += 1;
    }
    let (o, n) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out: Vec<Pair> = (0..head).map(|i| (Some(i), Some(i))).collect();
    let anchors = if o.len() * n.len() <= LCS_LIMIT {
        lcs(o, n, &eq)
    } else {
        Vec::new()
    };
    let (mut i, mut j) = (0, 0);
    for (ai, aj) in anchors.into_iter().chain([(o.len(), n.len())]) {
        // The gap before the anchor: paired by position.
        let common = (ai - i).min(aj - j);
        for k in 0..common {
            out.push((Some(head + i + k), Some(head + j + k)));
        }
        for k in j + common..aj {
            out.push((None, Some(head + k)));
        }
        for k in i + common..ai {
            out.push((Some(head + k), None));
        }
        if ai < o.len() {
            out.push((Some(head + ai), Some(head + aj)));
        }
        (i, j) = (ai + 1, aj + 1);
    }
    out.extend((0..tail).map(|k| (Some(old.len() - tail + k), Some(new.len() - tail + k))));
    out
}

/// The index pairs of a longest common subsequence of equal items, in order.
fn lcs(old: &[Node], new: &[Node], eq: &impl Fn(&Node, &Node) -> bool) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    // table[i][j]: the LCS length of old[i..] and new[j..].
    let width = m + 1;
    let mut table = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if eq(&old[i], &new[j]) {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if eq(&old[i], &new[j]) && table[i * width + j] == table[(i + 1) * width + j + 1] + 1 {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Aligns the items of two arrays in a role: branches by whole equality (their states
/// included), rules and catchers without their `Next`, other items as data.
pub(super) fn align_items(old: &[Node], new: &[Node], role: Role) -> Vec<Pair> {
    let item = role.item();
    let eq_role = if item == Role::Scope {
        Role::Data
    } else {
        item
    };
    align(old, new, |a, b| same(a, b, eq_role))
}

// ---- differences -------------------------------------------------------------------------------

/// The field changes between two states (or machine roots), each object in its own role (a state
/// whose `Type` changed is a state of another kind in each version). Every differing member of
/// the object is listed (never collapsed), in the new version's order, then members only the old
/// version had.
pub(super) fn diff_object(
    old: &Node,
    new: &Node,
    old_role: Role,
    new_role: Role,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    match (&old.value, &new.value) {
        (NodeValue::Object(o), NodeValue::Object(n)) => {
            members_into(o, n, old_role, new_role, &mut path, &mut out);
        }
        _ => {
            if !same(old, new, new_role) {
                out.push(change(
                    &path,
                    Some(value_of(old, old_role)),
                    Some(value_of(new, new_role)),
                ));
            }
        }
    }
    out
}

fn change(path: &[PathSegment], old: Option<Value>, new: Option<Value>) -> FieldChange {
    FieldChange {
        path: FieldPath(path.to_vec()),
        old,
        new,
    }
}

fn members_into(
    old: &[Member],
    new: &[Member],
    old_role: Role,
    new_role: Role,
    path: &mut Vec<PathSegment>,
    out: &mut Vec<FieldChange>,
) {
    let (o, n) = (Members::new(old, old_role), Members::new(new, new_role));
    for (key, value) in n.iter() {
        path.push(PathSegment::Key(key.to_owned()));
        let role = new_role.member(key);
        match o.get(key) {
            Some(before) if old_role.member(key) == role => {
                diff_into(before, value, role, path, out)
            }
            Some(before) => {
                let old_member_role = old_role.member(key);
                if !same(before, value, Role::Data) {
                    out.push(change(
                        path,
                        Some(value_of(before, old_member_role)),
                        Some(value_of(value, role)),
                    ));
                }
            }
            None => out.push(change(path, None, Some(value_of(value, role)))),
        }
        path.pop();
    }
    for (key, value) in o.iter().filter(|(k, _)| n.get(k).is_none()) {
        path.push(PathSegment::Key(key.to_owned()));
        out.push(change(
            path,
            Some(value_of(value, old_role.member(key))),
            None,
        ));
        path.pop();
    }
}

/// True for an array worth aligning item by item: one holding objects or arrays.
fn structured(items: &[Node]) -> bool {
    items
        .iter()
        .any(|n| matches!(n.value, NodeValue::Object(_) | NodeValue::Array(_)))
}

/// The changes between two values of a member at `path`, at their deepest paths, or as one
/// change when a nested value differs in more than [`MAX_SPLIT`] places.
fn diff_into(
    old: &Node,
    new: &Node,
    role: Role,
    path: &mut Vec<PathSegment>,
    out: &mut Vec<FieldChange>,
) {
    if same(old, new, role) {
        return;
    }
    let start = out.len();
    match (&old.value, &new.value) {
        (NodeValue::Object(o), NodeValue::Object(n)) => members_into(o, n, role, role, path, out),
        (NodeValue::Array(o), NodeValue::Array(n)) if structured(o) || structured(n) => {
            let item = role.item();
            for pair in align_items(o, n, role) {
                match pair {
                    (Some(i), Some(j)) => {
                        path.push(PathSegment::Index(j));
                        diff_into(&o[i], &n[j], item, path, out);
                        path.pop();
                    }
                    (None, Some(j)) => {
                        path.push(PathSegment::Index(j));
                        out.push(change(path, None, Some(value_of(&n[j], item))));
                        path.pop();
                    }
                    (Some(i), None) => {
                        path.push(PathSegment::Index(i));
                        out.push(change(path, Some(value_of(&o[i], item)), None));
                        path.pop();
                    }
                    (None, None) => {}
                }
            }
        }
        _ => {
            out.push(change(
                path,
                Some(value_of(old, role)),
                Some(value_of(new, role)),
            ));
            return;
        }
    }
    if role.collapsible() && out.len() - start > MAX_SPLIT {
        out.truncate(start);
        out.push(change(
            path,
            Some(value_of(old, role)),
            Some(value_of(new, role)),
        ));
    }
}

// ---- similarity --------------------------------------------------------------------------------

/// How alike two states' contents are, from 0 to 1, for recognising a renamed state: the share
/// of their fields (transitions and `Type` left out) that are equal, an object field counting by
/// the share of its own members that are equal. `None` when neither state has such a field (a
/// bare Pass), so that only its neighbours can tell.
pub(super) fn similarity(
    old: &Node,
    new: &Node,
    old_kind: StateKind,
    new_kind: StateKind,
) -> Option<f64> {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
        return Some(if same(old, new, Role::Data) { 1.0 } else { 0.0 });
    };
    let (old_role, new_role) = (Role::State(old_kind), Role::State(new_kind));
    let (o, n) = (Members::new(o, old_role), Members::new(n, new_role));
    let mut union = 0usize;
    let mut score = 0.0;
    for (key, value) in n.iter().filter(|(k, _)| *k != "Type") {
        union += 1;
        let Some(before) = o.get(key) else { continue };
        let role = new_role.member(key);
        if same(before, value, role) {
            score += 1.0;
        } else if let (Some(bo), Some(vo)) = (before.as_object(), value.as_object()) {
            let (bo, vo) = (Members::new(bo, role), Members::new(vo, role));
            let mut inner_union = bo.len();
            let mut equal = 0usize;
            for (k, v) in vo.iter() {
                match bo.get(k) {
                    Some(b) if same(b, v, role.member(k)) => equal += 1,
                    Some(_) => {}
                    None => inner_union += 1,
                }
            }
            if inner_union > 0 {
                score += equal as f64 / inner_union as f64;
            }
        }
    }
    union += o
        .iter()
        .filter(|(k, _)| *k != "Type" && n.get(k).is_none())
        .count();
    (union > 0).then(|| score / union as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, Format};
    use serde_json::json;

    fn node(text: &str) -> Node {
        Document::parse(text, Format::Json)
            .expect("parses")
            .root()
            .clone()
    }

    fn yaml(text: &str) -> Node {
        Document::parse(text, Format::Yaml)
            .expect("parses")
            .root()
            .clone()
    }

    fn state_diff(old: &str, new: &str) -> Vec<(String, Option<Value>, Option<Value>)> {
        let (o, n) = (node(old), node(new));
        diff_object(
            &o,
            &n,
            Role::State(StateKind::of(&o)),
            Role::State(StateKind::of(&n)),
        )
        .into_iter()
        .map(|c| (c.path.to_string(), c.old, c.new))
        .collect()
    }

    #[test]
    fn numbers_compare_by_value_and_objects_ignore_key_order() {
        assert!(same(
            &node(r#"{"a": 1, "b": [2.0]}"#),
            &node(r#"{"b": [2], "a": 1.0}"#),
            Role::Data
        ));
        assert!(same(&node(r#"{"a": 1.5}"#), &yaml("a: 1.5\n"), Role::Data));
        assert!(!same(
            &node(r#"{"a": 1}"#),
            &node(r#"{"a": "1"}"#),
            Role::Data
        ));
        assert!(!same(&node(r#"[1, 2]"#), &node(r#"[2, 1]"#), Role::Data));
        // Equal values share a fingerprint whatever their order and spelling.
        assert_eq!(
            fingerprint(&node(r#"{"a": 1, "b": {"c": 2.0}}"#), Role::Data),
            fingerprint(&node(r#"{"b": {"c": 2}, "a": 1}"#), Role::Data)
        );
    }

    #[test]
    fn a_duplicated_key_counts_with_its_last_value() {
        assert!(same(
            &node(r#"{"a": 1, "a": 2}"#),
            &node(r#"{"a": 2}"#),
            Role::Data
        ));
        assert!(!same(
            &node(r#"{"a": 1, "a": 2}"#),
            &node(r#"{"a": 1}"#),
            Role::Data
        ));
    }

    #[test]
    fn transitions_are_not_fields() {
        let changes = state_diff(
            r#"{"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "X"}], "Default": "Y"}"#,
            r#"{"Type": "Choice", "Choices": [{"Variable": "$.a", "BooleanEquals": true, "Next": "Z"}], "Default": "W"}"#,
        );
        assert!(changes.is_empty(), "{changes:?}");
        let changes = state_diff(
            r#"{"Type": "Task", "Next": "A", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]}"#,
            r#"{"Type": "Task", "End": true, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "G"}]}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "Catch[0].ErrorEquals".to_owned(),
                Some(json!(["States.ALL"])),
                Some(json!(["States.TaskFailed"]))
            )]
        );
        // A Default on a state that is not a Choice is a field, not a transition.
        let changes = state_diff(r#"{"Type": "Pass", "Default": "A"}"#, r#"{"Type": "Pass"}"#);
        assert_eq!(
            changes,
            vec![("Default".to_owned(), Some(json!("A")), None)]
        );
        // A Next that is not a name is no transition: it is compared as a field.
        let changes = state_diff(
            r#"{"Type": "Pass", "Next": 3}"#,
            r#"{"Type": "Pass", "Next": 4}"#,
        );
        assert_eq!(
            changes,
            vec![("Next".to_owned(), Some(json!(3)), Some(json!(4)))]
        );
    }

    #[test]
    fn inserting_an_entry_at_the_front_is_one_addition() {
        let changes = state_diff(
            r#"{"Type": "Task", "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 2}, {"ErrorEquals": ["B"]}]}"#,
            r#"{"Type": "Task", "Retry": [{"ErrorEquals": ["C"]}, {"ErrorEquals": ["A"], "MaxAttempts": 2}, {"ErrorEquals": ["B"]}]}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "Retry[0]".to_owned(),
                None,
                Some(json!({"ErrorEquals": ["C"]}))
            )]
        );
    }

    #[test]
    fn an_added_catcher_or_rule_is_reported_without_its_next() {
        let changes = state_diff(
            r#"{"Type": "Task", "Catch": [{"ErrorEquals": ["A"], "Next": "X"}]}"#,
            r#"{"Type": "Task", "Catch": [{"ErrorEquals": ["A"], "Next": "X"}, {"ErrorEquals": ["B"], "Next": "Y"}]}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "Catch[1]".to_owned(),
                None,
                Some(json!({"ErrorEquals": ["B"]}))
            )]
        );
        let changes = state_diff(
            r#"{"Type": "Task"}"#,
            r#"{"Type": "Task", "Catch": [{"ErrorEquals": ["B"], "Next": "Y"}]}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "Catch".to_owned(),
                None,
                Some(json!([{"ErrorEquals": ["B"]}]))
            )]
        );
    }

    #[test]
    fn differences_are_reported_at_the_deepest_path_until_there_are_too_many() {
        let changes = state_diff(
            r#"{"Type": "Task", "Parameters": {"FunctionName": "a", "Payload": {"x": 1}}, "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 3}]}"#,
            r#"{"Type": "Task", "Parameters": {"FunctionName": "b", "Payload": {"x": 1}}, "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 5}]}"#,
        );
        let paths: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(paths, ["Parameters.FunctionName", "Retry[0].MaxAttempts"]);
        // Four members of Parameters changed: one change of Parameters.
        let changes = state_diff(
            r#"{"Type": "Task", "Parameters": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}}"#,
            r#"{"Type": "Task", "Parameters": {"a": 9, "b": 9, "c": 9, "d": 9, "e": 5}}"#,
        );
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].0, "Parameters");
        assert_eq!(
            changes[0].2,
            Some(json!({"a": 9, "b": 9, "c": 9, "d": 9, "e": 5}))
        );
        // But the state's own fields are each listed.
        let changes = state_diff(
            r#"{"Type": "Task", "A": 1, "B": 1, "C": 1, "D": 1}"#,
            r#"{"Type": "Task", "A": 2, "B": 2, "C": 2, "D": 2}"#,
        );
        assert_eq!(changes.len(), 4);
    }

    #[test]
    fn fields_come_in_new_order_then_removed_ones() {
        let changes = state_diff(
            r#"{"Type": "Task", "Gone": 1, "Same": 1, "Changed": 1}"#,
            r#"{"Type": "Task", "New": 1, "Changed": 2, "Same": 1}"#,
        );
        let paths: Vec<&str> = changes.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(paths, ["New", "Changed", "Gone"]);
    }

    #[test]
    fn branch_fields_leave_out_their_states_and_start() {
        let changes = state_diff(
            r#"{"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]}"#,
            r#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}, {"StartAt": "C", "States": {"C": {"Type": "Succeed"}}}]}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "Branches[1]".to_owned(),
                None,
                Some(json!({"StartAt": "C"}))
            )]
        );
        let changes = state_diff(
            r#"{"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "A", "States": {}}}"#,
            r#"{"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {}}}}"#,
        );
        assert_eq!(
            changes,
            vec![(
                "ItemProcessor.ProcessorConfig.Mode".to_owned(),
                Some(json!("INLINE")),
                Some(json!("DISTRIBUTED"))
            )]
        );
    }

    #[test]
    fn alignment_pairs_the_rest_by_position() {
        let items = |t: &str| node(t).as_array().expect("array").to_vec();
        let eq = |a: &Node, b: &Node| same(a, b, Role::Data);
        // Equal items anchor; in between, items pair by position, the surplus is added.
        assert_eq!(
            align(&items("[1, 2, 3]"), &items("[1, 5, 6, 3]"), eq),
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (None, Some(2)),
                (Some(2), Some(3))
            ]
        );
        assert_eq!(
            align(&items("[1, 2, 3]"), &items("[3]"), eq),
            vec![(Some(0), None), (Some(1), None), (Some(2), Some(0))]
        );
        assert_eq!(
            align(&items("[7, 1, 2]"), &items("[1, 2, 8]"), eq),
            vec![
                (Some(0), None),
                (Some(1), Some(0)),
                (Some(2), Some(1)),
                (None, Some(2))
            ]
        );
        assert_eq!(align(&items("[]"), &items("[]"), eq), vec![]);
    }

    #[test]
    fn similarity_counts_equal_fields_and_inner_members() {
        let kind = StateKind::Other;
        let a = node(
            r#"{"Type": "Task", "Resource": "r", "Parameters": {"a": 1, "b": 2}, "Next": "X"}"#,
        );
        let b = node(
            r#"{"Type": "Task", "Resource": "r", "Parameters": {"a": 1, "b": 3}, "Next": "Y"}"#,
        );
        assert_eq!(similarity(&a, &b, kind, kind), Some(0.75));
        let bare = node(r#"{"Type": "Pass", "Next": "X"}"#);
        assert_eq!(similarity(&bare, &bare, kind, kind), None);
    }
}
