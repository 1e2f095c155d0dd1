//! Two versions of a workflow drawn as one: the new version's graph, with each removed state put
//! back as a ghost where it was (in its scope, wired as it was wired) and each removed transition
//! drawn where it went, and the [`Marks`] that colour the change: added green, changed and renamed
//! amber with a badge, removed dashed red.
//!
//! The ghosts are real states of a merged definition (the new one, plus the removed states'
//! JSON), so they are laid out by the same rules as everything else; the merged graph keeps the
//! new version's pointers, so a selection on the drawing is a selection in the new document.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};
use statecraft_asl::diff::{
    diff, ChangeKind, Diff, StateChange, Target, TransitionChange, TransitionChangeKind, Via,
};
use statecraft_asl::graph::{EdgeKind, Graph, GraphEdge, NodeId};
use statecraft_asl::tree::{escape_pointer_segment, unescape_pointer_segment};
use statecraft_asl::{Document, Format};

use crate::marks::{
    Badge, BadgeTone, EdgeLook, EdgeMark, HeaderNote, Legend, Marks, StateLook, StateMark,
};

/// The difference between two versions, ready to draw.
#[derive(Debug, Clone)]
pub struct DiffView {
    /// The semantic difference.
    pub diff: Diff,
    /// The new version's graph with the removed states as ghosts and the removed transitions
    /// added back.
    pub graph: Graph,
    /// Looks of the changed states and transitions, and the legend.
    pub marks: Marks,
    /// Where each state change is drawn, by its index in [`Diff::states`].
    nodes: Vec<Option<NodeId>>,
    /// The index of the change drawn at each marked node.
    changes: HashMap<NodeId, usize>,
}

impl DiffView {
    /// Compares two versions and lays the difference over the new one.
    pub fn new(old: &Document, new: &Document) -> DiffView {
        DiffView::of_diff(old, new, diff(old, new))
    }

    /// Lays a difference already computed between `old` and `new` over the new version.
    pub fn of_diff(old: &Document, new: &Document, diff: Diff) -> DiffView {
        let mut pointers = PointerMap::new(&diff);
        let merged = merge_ghosts(old, new, &diff, &mut pointers);
        let mut graph = Graph::from_document(&merged);
        let ghost_ids: HashSet<NodeId> = pointers
            .ghosts
            .values()
            .map(|p| NodeId::state(p.clone()))
            .collect();
        // A ghost is what was; what the new version lacks is not its problem.
        for node in &mut graph.nodes {
            if ghost_ids.contains(&node.id) {
                node.problems.clear();
            }
        }
        let old_graph = Graph::from_document(old);
        let edges = mark_transitions(&diff, &pointers, &old_graph, &mut graph);

        let mut marks = Marks {
            unmarked: None,
            keep_problems: true,
            edges,
            ..Marks::default()
        };
        let mut nodes = Vec::with_capacity(diff.states.len());
        let mut changes = HashMap::new();
        for (index, change) in diff.states.iter().enumerate() {
            let pointer = match (&change.new, &change.old) {
                (Some(new), _) => Some(new.pointer.clone()),
                (None, Some(old)) => pointers.ghosts.get(&old.pointer).cloned(),
                (None, None) => None,
            };
            let id = pointer
                .map(NodeId::state)
                .filter(|id| graph.node(id).is_some());
            if let Some(id) = &id {
                marks.states.insert(id.clone(), state_mark(change));
                changes.insert(id.clone(), index);
            }
            nodes.push(id);
        }
        let mut states = Vec::new();
        for look in [
            StateLook::Added,
            StateLook::Changed,
            StateLook::Renamed,
            StateLook::Removed,
        ] {
            if marks.states.values().any(|m| m.look == Some(look)) {
                states.push(look);
            }
        }
        let mut edge_looks = Vec::new();
        for look in [EdgeLook::Added, EdgeLook::Removed] {
            if marks.edges.iter().any(|m| m.look == look) {
                edge_looks.push(look);
            }
        }
        if !states.is_empty() || !edge_looks.is_empty() {
            marks.legend = Some(Legend {
                title: "Changes".to_owned(),
                states,
                edges: edge_looks,
            });
        }
        DiffView {
            diff,
            graph,
            marks,
            nodes,
            changes,
        }
    }

    /// Where the state change with this index in [`Diff::states`] is drawn.
    pub fn node_of(&self, change: usize) -> Option<&NodeId> {
        self.nodes.get(change).and_then(Option::as_ref)
    }

    /// The index in [`Diff::states`] of the change drawn at this node.
    pub fn change_at(&self, id: &NodeId) -> Option<usize> {
        self.changes.get(id).copied()
    }

    /// True when the node is a removed state's ghost (not a state of the new version).
    pub fn is_ghost(&self, id: &NodeId) -> bool {
        self.change_at(id)
            .is_some_and(|i| self.diff.states[i].kind == ChangeKind::Removed)
    }
}

/// The look, badge and tooltip of a changed state.
fn state_mark(change: &StateChange) -> StateMark {
    let look = match change.kind {
        ChangeKind::Added => StateLook::Added,
        ChangeKind::Removed => StateLook::Removed,
        ChangeKind::Renamed => StateLook::Renamed,
        ChangeKind::Changed => StateLook::Changed,
    };
    let count = change.fields.len();
    let fields = if count == 1 {
        "1 field".to_owned()
    } else {
        format!("{count} fields")
    };
    let mut tooltip = change.headline();
    for field in &change.fields {
        tooltip.push('\n');
        tooltip.push_str(&field.describe());
    }
    let text = match change.kind {
        ChangeKind::Changed if count > 0 => Some(fields),
        ChangeKind::Renamed if count > 0 => Some(format!("renamed, {fields}")),
        ChangeKind::Renamed => Some("renamed".to_owned()),
        _ => None,
    };
    let note = match (&change.kind, &change.old) {
        (ChangeKind::Renamed, Some(old)) => Some(HeaderNote {
            text: format!("was \u{201c}{}\u{201d}", old.name),
            tooltip: format!("Renamed from \u{201c}{}\u{201d}", old.name),
        }),
        _ => None,
    };
    StateMark {
        look: Some(look),
        badge: text.map(|text| Badge {
            text,
            tooltip,
            tone: BadgeTone::Changed,
        }),
        note,
    }
}

/// Where the old version's states are in the merged drawing.
struct PointerMap {
    /// New pointers of the old version's changed states (renamed, moved, changed).
    moved: HashMap<Arc<str>, Arc<str>>,
    /// The merged pointer of each removed state, by its old pointer.
    ghosts: HashMap<Arc<str>, Arc<str>>,
}

impl PointerMap {
    fn new(diff: &Diff) -> PointerMap {
        let mut moved = HashMap::new();
        for change in &diff.states {
            if let (Some(old), Some(new)) = (&change.old, &change.new) {
                moved.insert(old.pointer.clone(), new.pointer.clone());
            }
        }
        PointerMap {
            moved,
            ghosts: HashMap::new(),
        }
    }

    /// The merged pointer of an old state: its new place, its ghost, or (unchanged) its name in
    /// its scope's new place.
    fn state(&self, old: &str) -> Arc<str> {
        if let Some(new) = self.moved.get(old).or_else(|| self.ghosts.get(old)) {
            return new.clone();
        }
        match split_state(old) {
            Some((scope, name)) => format!("{}/States/{name}", self.scope(scope)).into(),
            None => old.into(),
        }
    }

    /// The merged pointer of an old scope (`""` for the top level).
    fn scope(&self, old: &str) -> String {
        match split_scope(old) {
            Some((owner, suffix)) => format!("{}{suffix}", self.state(owner)),
            None => old.to_owned(),
        }
    }
}

/// `(scope, escaped name)` of a state pointer `…/States/<name>`.
fn split_state(pointer: &str) -> Option<(&str, &str)> {
    let at = pointer.rfind("/States/")?;
    Some((&pointer[..at], &pointer[at + "/States/".len()..]))
}

/// `(owner state, suffix)` of a scope pointer: `<state>/Branches/<i>`, `<state>/ItemProcessor`
/// or `<state>/Iterator`.
fn split_scope(scope: &str) -> Option<(&str, &str)> {
    for suffix in ["/ItemProcessor", "/Iterator"] {
        if let Some(owner) = scope.strip_suffix(suffix) {
            return Some((owner, &scope[owner.len()..]));
        }
    }
    let at = scope.rfind("/Branches/")?;
    scope[at + "/Branches/".len()..]
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| (&scope[..at], &scope[at..]))
}

/// The new definition with each removed state put back in its scope (under its name, or a free
/// one), its transitions renamed to where their targets are now.
fn merge_ghosts(
    old: &Document,
    new: &Document,
    diff: &Diff,
    pointers: &mut PointerMap,
) -> Document {
    let mut merged = new.to_value();
    let old_value = old.to_value();
    let mut removed: Vec<&Arc<str>> = diff
        .states
        .iter()
        .filter(|c| c.kind == ChangeKind::Removed)
        .filter_map(|c| c.old.as_ref().map(|s| &s.pointer))
        .collect();
    // Containers before what they hold, so a removed container's states come with it.
    removed.sort_by_key(|p| p.len());
    let mut placed = Vec::new();
    for pointer in removed {
        let Some((scope, name)) = split_state(pointer) else {
            continue;
        };
        if let Some((owner, suffix)) = split_scope(scope) {
            if let Some(ghost) = pointers.ghosts.get(owner).cloned() {
                // Inside a removed container: it is drawn in the container's ghost.
                let inner = format!("{ghost}{suffix}/States/{name}");
                pointers.ghosts.insert(pointer.clone(), inner.into());
                continue;
            }
        }
        let Some(state) = old_value.pointer(pointer) else {
            continue;
        };
        let new_scope = pointers.scope(scope);
        let Some(states) = merged
            .pointer_mut(&format!("{new_scope}/States"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let name = unescape_pointer_segment(name);
        let free = free_name(states, &name);
        states.insert(free.clone(), state.clone());
        let ghost: Arc<str> =
            format!("{new_scope}/States/{}", escape_pointer_segment(&free)).into();
        pointers.ghosts.insert(pointer.clone(), ghost.clone());
        placed.push((pointer.clone(), scope.to_owned(), ghost));
    }
    // Rewire the ghosts once every ghost has its name.
    for (_, old_scope, ghost) in &placed {
        let renamed = |target: &str| -> String {
            let old_target = format!("{old_scope}/States/{}", escape_pointer_segment(target));
            let now = pointers.state(&old_target);
            split_state(&now)
                .map(|(_, name)| unescape_pointer_segment(name))
                .unwrap_or_else(|| target.to_owned())
        };
        if let Some(state) = merged.pointer_mut(ghost).and_then(Value::as_object_mut) {
            rename_targets(state, &renamed);
        }
    }
    let text = serde_json::to_string(&merged).unwrap_or_default();
    Document::parse(text, Format::Json).unwrap_or_else(|_| new.clone())
}

/// A name for a ghost that no state of its scope has.
fn free_name(states: &Map<String, Value>, name: &str) -> String {
    if !states.contains_key(name) {
        return name.to_owned();
    }
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            format!("{name} (removed)")
        } else {
            format!("{name} (removed {n})")
        };
        if !states.contains_key(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Renames the targets of a state's transitions (`Next`, `Default`, rules', catchers').
fn rename_targets(state: &mut Map<String, Value>, renamed: &dyn Fn(&str) -> String) {
    let rename = |value: &mut Value| {
        if let Some(target) = value.as_str() {
            *value = Value::String(renamed(target));
        }
    };
    if let Some(next) = state.get_mut("Next") {
        rename(next);
    }
    if let Some(default) = state.get_mut("Default") {
        rename(default);
    }
    for list in ["Choices", "Catch"] {
        if let Some(items) = state.get_mut(list).and_then(Value::as_array_mut) {
            for item in items {
                if let Some(next) = item.get_mut("Next") {
                    rename(next);
                }
            }
        }
    }
}

/// The marks of the added and removed transitions; removed ones between states that are still
/// there are added to the graph, as they were.
fn mark_transitions(
    diff: &Diff,
    pointers: &PointerMap,
    old_graph: &Graph,
    graph: &mut Graph,
) -> Vec<EdgeMark> {
    let mut marks = Vec::new();
    for change in &diff.transitions {
        let root = change.scope.is_empty();
        let added = change.kind == TransitionChangeKind::Added;
        let map = |pointer: &str| -> NodeId {
            if added {
                NodeId::state(pointer)
            } else {
                NodeId::state(pointers.state(pointer))
            }
        };
        let from = match (&change.from, &change.via) {
            (Some(from), _) => map(&from.pointer),
            (None, Via::Start) if root => NodeId::Start,
            _ => continue,
        };
        let to = match &change.to {
            Target::State { pointer, .. } => map(pointer),
            Target::End if root => NodeId::End,
            Target::End => continue,
        };
        let in_graph = graph
            .edges
            .iter()
            .find(|e| e.from == from && e.to == to && same_way(&e.kind, &change.via))
            .map(|e| e.kind.clone());
        let kind = match (in_graph, added) {
            (Some(kind), _) => kind,
            (None, true) => continue,
            (None, false) => {
                let Some(edge) = old_edge(old_graph, change) else {
                    continue;
                };
                if graph.node(&from).is_none() || graph.node(&to).is_none() {
                    continue;
                }
                let kind = edge.kind.clone();
                let at = graph
                    .edges
                    .iter()
                    .rposition(|e| e.from == from)
                    .map_or(graph.edges.len(), |i| i + 1);
                graph.edges.insert(
                    at,
                    GraphEdge {
                        from: from.clone(),
                        to: to.clone(),
                        kind: kind.clone(),
                        label: edge.label.clone(),
                    },
                );
                kind
            }
        };
        marks.push(EdgeMark {
            from,
            to,
            kind: Some(kind),
            look: if added {
                EdgeLook::Added
            } else {
                EdgeLook::Removed
            },
        });
    }
    marks
}

/// The old version's edge of a removed transition.
fn old_edge<'g>(old_graph: &'g Graph, change: &TransitionChange) -> Option<&'g GraphEdge> {
    let from = match &change.from {
        Some(from) => NodeId::state(from.pointer.clone()),
        None => NodeId::Start,
    };
    old_graph.edges.iter().find(|e| {
        e.from == from
            && same_way(&e.kind, &change.via)
            && match &change.to {
                Target::State { pointer, .. } => e.to.pointer() == Some(pointer),
                Target::End => e.to == NodeId::End,
            }
    })
}

/// True when an edge leaves its source the way a transition does (same rule or catcher index).
fn same_way(kind: &EdgeKind, via: &Via) -> bool {
    match (kind, via) {
        (EdgeKind::Start, Via::Start)
        | (EdgeKind::Next, Via::Next)
        | (EdgeKind::End, Via::End)
        | (EdgeKind::Default, Via::Default) => true,
        (EdgeKind::Choice { index: a }, Via::Rule { index: b })
        | (EdgeKind::Catch { index: a, .. }, Via::Catch { index: b }) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ghost_whose_name_is_taken_gets_a_free_one() {
        let states: Map<String, Value> =
            serde_json::from_str(r#"{"B": {}, "B (removed)": {}, "C": {}}"#).unwrap_or_default();
        assert_eq!(free_name(&states, "A"), "A");
        assert_eq!(free_name(&states, "B"), "B (removed 2)");
        assert_eq!(free_name(&states, "C"), "C (removed)");
    }

    #[test]
    fn scope_and_state_pointers_split_at_their_last_step() {
        assert_eq!(split_state("/States/A"), Some(("", "A")));
        assert_eq!(
            split_state("/States/P/Branches/1/States/X"),
            Some(("/States/P/Branches/1", "X"))
        );
        assert_eq!(
            split_scope("/States/P/Branches/12"),
            Some(("/States/P", "/Branches/12"))
        );
        assert_eq!(
            split_scope("/States/M/ItemProcessor"),
            Some(("/States/M", "/ItemProcessor"))
        );
        assert_eq!(
            split_scope("/States/M/Iterator"),
            Some(("/States/M", "/Iterator"))
        );
        assert_eq!(split_scope(""), None);
    }
}
