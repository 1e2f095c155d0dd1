//! The graph of a state machine: a node per state, Start and End markers, edges by kind, and nested
//! scopes for Parallel branches and Map processors at any depth.
//!
//! The graph is read from the syntax tree, not the typed model, so that broken drafts still render:
//! a state that is not an object, has an unknown `Type` or names a state that does not exist is still
//! a node, flagged with a problem text, and a transition to an unknown state ends at a dangling
//! "missing state" marker.
//!
//! Nodes and scopes have typed ids ([`NodeId`], [`ScopeId`]): a state's is the JSON pointer to it
//! (`/States/Order/Branches/0/States/Pay`), stable across edits elsewhere and unique across scopes;
//! the Start and End markers, missing states and duplicated names are variants of their own.

mod choice;
mod handle;
mod id;
mod problems;
mod summary;

pub use choice::{choice_rule_label, jsonata_condition_label, LABEL_MAX_CHARS};
pub use handle::Handle;
pub use id::{NodeId, ScopeId};
pub use summary::{plain_duration, task_summary, Integration, TaskSummary};

use std::collections::HashMap;
use std::sync::Arc;

use crate::document::Document;
use crate::model::StateType;
use crate::tree::{pointer_push, Node, NodeValue, Span};

/// What a graph node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// The Start marker of the workflow (top-level scope only).
    Start,
    /// The End marker of the workflow (top-level scope only).
    End,
    /// A state of the document (its type is in [`GraphNode::state_type`], `None` when unknown).
    State,
    /// A dangling marker for a state that a transition names but the document does not hold.
    Missing,
}

/// One node of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNode {
    /// Stable, unique id: the JSON pointer of the state, or a marker.
    pub id: NodeId,
    /// The id of the scope the node is drawn in.
    pub scope: ScopeId,
    /// What the node stands for.
    pub kind: NodeKind,
    /// The state's name ("Start", "End" for markers; the missing name for missing markers).
    pub name: String,
    /// The state's type, when it is one of the eight ASL types.
    pub state_type: Option<StateType>,
    /// The `Type` text as written, when it is a string (also for unknown types).
    pub type_text: Option<String>,
    /// The state's `Comment`.
    pub comment: Option<String>,
    /// One plain line saying what the state does ("Lambda: ValidateOrder", "Wait 24 hours").
    pub summary: String,
    /// A second plain line about how a task waits ("waits for completion", "waits for human approval").
    pub note: Option<String>,
    /// How a Task waits for its work (request/response, `.sync`, `.waitForTaskToken`).
    pub integration: Option<Integration>,
    /// True for a `.waitForTaskToken` task that looks like a human approval step.
    pub human_approval: bool,
    /// The state's details in plain words, for review pages (label, text), in reading order.
    pub details: Vec<Detail>,
    /// What is wrong with the state, in plain words; empty for a sound state.
    pub problems: Vec<String>,
    /// Where the state (its value) is in the source text; empty for markers.
    pub span: Span,
    /// Where the state's name is in the source text; empty for markers.
    pub name_span: Span,
}

/// One labelled line of a state's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// What the line is about ("Comment", "Resource", "Retries", ...).
    pub label: String,
    /// The line, in plain words.
    pub text: String,
}

/// The kinds of transition.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// From the Start marker to the first state.
    Start,
    /// A state's `Next`.
    Next,
    /// A state with `End: true`, or a Succeed/Fail state, to the End marker.
    End,
    /// A Choice rule (index in `Choices`).
    Choice {
        /// Index of the rule in `Choices`.
        index: usize,
    },
    /// A Choice state's `Default`.
    Default,
    /// A `Catch` clause (index in `Catch`), drawn dashed.
    Catch {
        /// Index of the catcher in `Catch`.
        index: usize,
        /// Its `ErrorEquals` names, as written.
        errors: Vec<String>,
    },
}

impl EdgeKind {
    /// True for edges drawn dashed (error paths).
    pub fn is_dashed(&self) -> bool {
        matches!(self, EdgeKind::Catch { .. })
    }
}

/// One transition between two nodes of the same scope.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphEdge {
    /// The source node's id.
    pub from: NodeId,
    /// The target node's id.
    pub to: NodeId,
    /// What kind of transition this is.
    pub kind: EdgeKind,
    /// A short readable label (Choice rule, `Default`, caught errors); `None` for plain transitions.
    pub label: Option<String>,
}

/// What a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScopeKind {
    /// The top-level state machine.
    Root,
    /// A branch of a Parallel state (index in `Branches`).
    Branch(usize),
    /// The item processor of a Map state (`ItemProcessor`, or the older `Iterator`).
    MapProcessor,
}

/// A group of states drawn together: the top level, a Parallel branch or a Map processor.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    /// The scope's id (the JSON pointer of its object, `""` for the top level).
    pub id: ScopeId,
    /// What the scope is.
    pub kind: ScopeKind,
    /// The scope this one is nested in (`None` for the top level).
    pub parent: Option<ScopeId>,
    /// The Parallel or Map state that owns the scope (`None` for the top level).
    pub owner: Option<NodeId>,
    /// A title to draw on the container ("Branch 1", "Item processor").
    pub title: String,
    /// The id of the scope's first state (the target of `StartAt`), when there is one.
    pub start: Option<NodeId>,
}

/// The graph of a document: nodes in document order (Start first, End last), edges grouped by
/// source in the same order, scopes parents first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// Every node, in document order.
    pub nodes: Vec<GraphNode>,
    /// Every edge, grouped by source node in document order; each source's edges in the order
    /// Next, Choice rules, Default, Catch, End.
    pub edges: Vec<GraphEdge>,
    /// Every scope, the top level first, then in document order.
    pub scopes: Vec<Scope>,
    /// Problems with the document as a whole (no `States`, root not an object).
    pub problems: Vec<String>,
    /// Where each node is in `nodes`.
    index: HashMap<NodeId, usize>,
}

impl Graph {
    /// The graph of a document.
    pub fn from_document(doc: &Document) -> Graph {
        Graph::from_root(doc.root())
    }

    /// The graph of a definition's root node.
    pub fn from_root(root: &Node) -> Graph {
        let mut builder = Builder::default();
        builder.push_node(marker(NodeId::Start, NodeKind::Start, "Start"));
        builder.graph.scopes.push(Scope {
            id: ScopeId::root(),
            kind: ScopeKind::Root,
            parent: None,
            owner: None,
            title: String::new(),
            start: None,
        });
        if root.as_object().is_none() {
            builder.graph.problems.push(format!(
                "the definition must be an object, found {}",
                root.type_name()
            ));
        }
        let language = root
            .get("QueryLanguage")
            .and_then(Node::as_str)
            .unwrap_or("JSONPath")
            .to_owned();
        let start = builder.scope(root, &ScopeId::root(), &language);
        if let Some(start) = start {
            builder.edge(&NodeId::Start, &start, EdgeKind::Start, None);
        }
        builder.push_node(marker(NodeId::End, NodeKind::End, "End"));
        for from in std::mem::take(&mut builder.ends) {
            builder.edge(&from, &NodeId::End, EdgeKind::End, None);
        }
        // Group edges by source, in document order; each source keeps its own order (Next,
        // Choice rules, Default, Catch, End).
        let graph = &mut builder.graph;
        let position = |id: &NodeId| graph.index.get(id).copied().unwrap_or(usize::MAX);
        let mut keyed: Vec<(usize, GraphEdge)> = std::mem::take(&mut graph.edges)
            .into_iter()
            .map(|e| (position(&e.from), e))
            .collect();
        keyed.sort_by_key(|(p, _)| *p);
        graph.edges = keyed.into_iter().map(|(_, e)| e).collect();
        builder.graph
    }

    /// The node with this id.
    pub fn node(&self, id: &NodeId) -> Option<&GraphNode> {
        self.node_index(id).and_then(|at| self.nodes.get(at))
    }

    /// Where the node with this id is in [`Graph::nodes`].
    pub fn node_index(&self, id: &NodeId) -> Option<usize> {
        match self.index.get(id) {
            Some(&at) => Some(at).filter(|&at| self.nodes.get(at).is_some_and(|n| n.id == *id)),
            None if self.index.is_empty() => self.nodes.iter().position(|n| n.id == *id),
            None => None,
        }
    }

    /// The innermost state whose value holds the JSON pointer (a diagnostic's place, say): the
    /// state at the pointer or at its longest prefix that is a state.
    pub fn state_containing(&self, pointer: &str) -> Option<&GraphNode> {
        let mut prefix = pointer;
        loop {
            if let Some(node) = self.state_at(prefix) {
                return Some(node);
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
    }

    /// The node of the state at this JSON pointer (not a duplicated name's second state).
    pub fn state_at(&self, pointer: &str) -> Option<&GraphNode> {
        self.node(&NodeId::state(pointer))
    }

    /// The scope with this id.
    pub fn scope(&self, id: &ScopeId) -> Option<&Scope> {
        self.scopes.iter().find(|s| s.id == *id)
    }

    /// The state nodes (markers left out), in document order.
    pub fn states(&self) -> impl Iterator<Item = &GraphNode> {
        self.nodes.iter().filter(|n| n.kind == NodeKind::State)
    }

    /// The scopes a state owns (a Parallel's branches, a Map's processor), in document order.
    pub fn scopes_owned_by<'a>(
        &'a self,
        owner: &'a NodeId,
    ) -> impl Iterator<Item = &'a Scope> + 'a {
        self.scopes
            .iter()
            .filter(move |s| s.owner.as_ref() == Some(owner))
    }

    /// True when the document or any state has a problem, or a transition names a missing state.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty() || self.nodes.iter().any(|n| !n.problems.is_empty())
    }

    /// The node of the state with this name in a scope.
    pub fn state_in_scope(&self, scope: &ScopeId, name: &str) -> Option<&GraphNode> {
        self.nodes
            .iter()
            .find(|n| n.kind == NodeKind::State && n.scope == *scope && n.name == name)
    }
}

fn marker(id: NodeId, kind: NodeKind, name: &str) -> GraphNode {
    GraphNode {
        id,
        scope: ScopeId::root(),
        kind,
        name: name.to_owned(),
        state_type: None,
        type_text: None,
        comment: None,
        summary: String::new(),
        note: None,
        integration: None,
        human_approval: false,
        details: Vec::new(),
        problems: Vec::new(),
        span: Span::default(),
        name_span: Span::default(),
    }
}

#[derive(Default)]
struct Builder {
    graph: Graph,
    /// States with an edge to the End marker, drawn after their other edges.
    ends: Vec<NodeId>,
}

/// A transition found in a state, resolved once all the scope's states are known.
struct PendingEdge {
    from: NodeId,
    target: String,
    kind: EdgeKind,
    label: Option<String>,
}

impl Builder {
    /// Adds the states of a scope object (the root, a branch, a processor); returns the id of its
    /// first state (or of a missing marker when `StartAt` names no state).
    fn scope(&mut self, scope_node: &Node, scope_id: &ScopeId, language: &str) -> Option<NodeId> {
        let language = scope_node
            .get("QueryLanguage")
            .and_then(Node::as_str)
            .unwrap_or(language)
            .to_owned();
        let states = scope_node.member("States");
        let mut names: Vec<String> = Vec::new();
        let mut pending: Vec<PendingEdge> = Vec::new();
        let mut problem_notes: Vec<(NodeId, String)> = Vec::new();
        match states.map(|m| &m.value) {
            Some(Node {
                value: NodeValue::Object(members),
                ..
            }) => {
                let states_ptr = pointer_push(scope_id.pointer(), "States");
                for member in members {
                    let pointer: Arc<str> = pointer_push(&states_ptr, &member.key).into();
                    let duplicate = names.iter().filter(|n| **n == member.key).count();
                    let id = if duplicate > 0 {
                        NodeId::Duplicate {
                            pointer,
                            ordinal: u32::try_from(duplicate + 1).unwrap_or(u32::MAX),
                        }
                    } else {
                        NodeId::State(pointer)
                    };
                    names.push(member.key.clone());
                    self.state(member, &id, scope_id, &language, &mut pending);
                    if duplicate > 0 {
                        problem_notes.push((
                            id.clone(),
                            format!(
                                "another state is also named \u{201c}{}\u{201d}; state names must be unique",
                                member.key
                            ),
                        ));
                    }
                }
            }
            Some(other) => self.scope_problem(
                scope_id,
                format!("`States` must be an object, found {}", other.type_name()),
            ),
            None => self.scope_problem(scope_id, "there is no `States` object".to_owned()),
        }
        for (id, text) in problem_notes {
            self.problem(&id, text);
        }
        let mut start = None;
        match scope_node.get("StartAt") {
            Some(node) => match node.as_str() {
                Some(name) => {
                    start = Some(self.resolve(scope_id, name, &names, None));
                }
                None => self.scope_problem(
                    scope_id,
                    format!("`StartAt` must be a string, found {}", node.type_name()),
                ),
            },
            None => {
                self.scope_problem(scope_id, "there is no `StartAt`".to_owned());
            }
        }
        if let Some(scope) = self.graph.scopes.iter_mut().find(|s| s.id == *scope_id) {
            scope.start = start.clone();
        }
        for edge in pending {
            let to = self.resolve(scope_id, &edge.target, &names, Some(&edge.from));
            self.edge(&edge.from, &to, edge.kind, edge.label);
        }
        start
    }

    /// The id of the state named `name` in a scope, or of its missing marker (created on first use).
    fn resolve(
        &mut self,
        scope_id: &ScopeId,
        name: &str,
        names: &[String],
        from: Option<&NodeId>,
    ) -> NodeId {
        let states_ptr = pointer_push(scope_id.pointer(), "States");
        let pointer: Arc<str> = pointer_push(&states_ptr, name).into();
        if names.iter().any(|n| n == name) {
            return NodeId::State(pointer);
        }
        let missing_id = NodeId::Missing(pointer);
        if self.graph.node(&missing_id).is_none() {
            let mut node = marker(missing_id.clone(), NodeKind::Missing, name);
            node.scope = scope_id.clone();
            node.summary = "no state has this name".to_owned();
            node.problems.push(format!(
                "no state is named \u{201c}{name}\u{201d} in this scope"
            ));
            self.push_node(node);
        }
        let text = format!("goes to \u{201c}{name}\u{201d}, but no state has that name");
        match from {
            Some(from) => self.problem(from, text),
            None => self.scope_problem(
                scope_id,
                format!("`StartAt` names \u{201c}{name}\u{201d}, but no state has that name"),
            ),
        }
        missing_id
    }

    fn push_node(&mut self, node: GraphNode) {
        self.graph
            .index
            .insert(node.id.clone(), self.graph.nodes.len());
        self.graph.nodes.push(node);
    }

    fn problem(&mut self, id: &NodeId, text: String) {
        let at = self.graph.index.get(id).copied();
        if let Some(node) = at.and_then(|at| self.graph.nodes.get_mut(at)) {
            if !node.problems.contains(&text) {
                node.problems.push(text);
            }
        }
    }

    /// A problem of a scope: on its owner state, or on the document for the top level.
    fn scope_problem(&mut self, scope_id: &ScopeId, text: String) {
        let owner = self
            .graph
            .scope(scope_id)
            .and_then(|s| s.owner.clone().map(|o| (o, s.title.clone())));
        match owner {
            Some((owner, title)) => self.problem(&owner, format!("{title}: {text}")),
            None => self.graph.problems.push(text),
        }
    }

    fn edge(&mut self, from: &NodeId, to: &NodeId, kind: EdgeKind, label: Option<String>) {
        self.graph.edges.push(GraphEdge {
            from: from.clone(),
            to: to.clone(),
            kind,
            label,
        });
    }

    fn state(
        &mut self,
        member: &crate::tree::Member,
        id: &NodeId,
        scope_id: &ScopeId,
        language: &str,
        pending: &mut Vec<PendingEdge>,
    ) {
        let state = &member.value;
        let mut node = marker(id.clone(), NodeKind::State, &member.key);
        node.scope = scope_id.clone();
        node.span = state.span;
        node.name_span = member.key_span;
        if state.as_object().is_none() {
            node.summary = format!("{}, not a state object", state.type_name());
            node.problems.push(format!(
                "a state must be an object, found {}",
                state.type_name()
            ));
            self.push_node(node);
            return;
        }
        let language = state
            .get("QueryLanguage")
            .and_then(Node::as_str)
            .unwrap_or(language)
            .to_owned();
        node.comment = state
            .get("Comment")
            .and_then(Node::as_str)
            .map(str::to_owned);
        node.type_text = state.get("Type").and_then(Node::as_str).map(str::to_owned);
        node.state_type = node.type_text.as_deref().and_then(StateType::parse);
        match (&node.type_text, node.state_type) {
            (None, _) => node.problems.push("the state has no `Type`".to_owned()),
            (Some(text), None) => node.problems.push(format!(
                "\u{201c}{text}\u{201d} is not a state type (Task, Choice, Pass, Wait, Succeed, Fail, Parallel, Map)"
            )),
            _ => {}
        }
        summary::describe(&mut node, state);

        // Transitions.
        let next = state.get("Next");
        let end = state.get("End").and_then(Node::as_bool) == Some(true);
        if let Some(n) = next {
            match n.as_str() {
                Some(target) => pending.push(PendingEdge {
                    from: id.clone(),
                    target: target.to_owned(),
                    kind: EdgeKind::Next,
                    label: None,
                }),
                None => node
                    .problems
                    .push(format!("`Next` must be a string, found {}", n.type_name())),
            }
        }
        let terminal = node.state_type.is_some_and(StateType::is_terminal);
        let is_choice = node.state_type == Some(StateType::Choice);
        if (end || terminal) && scope_id.is_root() {
            self.ends.push(id.clone());
        }
        if next.is_none() && !end && !terminal && !is_choice && node.state_type.is_some() {
            node.problems
                .push("the state has neither `Next` nor `End: true`".to_owned());
        }
        if next.is_some() && end {
            node.problems
                .push("the state has both `Next` and `End: true`".to_owned());
        }
        if is_choice {
            self.choice_edges(&mut node, state, id, &language, pending);
        }
        if let Some(catchers) = state.get("Catch") {
            match catchers.as_array() {
                Some(items) => {
                    for (index, catcher) in items.iter().enumerate() {
                        let errors: Vec<String> = catcher
                            .get("ErrorEquals")
                            .and_then(Node::as_array)
                            .map(|a| {
                                a.iter()
                                    .filter_map(Node::as_str)
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default();
                        match catcher.get("Next").and_then(Node::as_str) {
                            Some(target) => pending.push(PendingEdge {
                                from: id.clone(),
                                target: target.to_owned(),
                                label: Some(catch_label(&errors)),
                                kind: EdgeKind::Catch { index, errors },
                            }),
                            None => node
                                .problems
                                .push(format!("catcher {} has no `Next` state", index + 1)),
                        }
                    }
                }
                None => node.problems.push(format!(
                    "`Catch` must be an array, found {}",
                    catchers.type_name()
                )),
            }
        }
        self.push_node(node);

        // Nested scopes. A duplicated name's second state is not addressable by a pointer; its
        // scopes are keyed on its id's string form so that they stay distinct from the first's.
        let id_key = id.to_string();
        let id_pointer = id_key.as_str();
        match self.graph.node(id).and_then(|n| n.state_type) {
            Some(StateType::Parallel) => match state.get("Branches") {
                Some(Node {
                    value: NodeValue::Array(branches),
                    ..
                }) => {
                    if branches.is_empty() {
                        self.problem(id, "a Parallel state needs at least one branch".to_owned());
                    }
                    let branches_ptr = pointer_push(id_pointer, "Branches");
                    for (index, branch) in branches.iter().enumerate() {
                        let scope = ScopeId::new(pointer_push(&branches_ptr, &index.to_string()));
                        self.nested(branch, &scope, ScopeKind::Branch(index), id, &language);
                    }
                }
                Some(other) => self.problem(
                    id,
                    format!("`Branches` must be an array, found {}", other.type_name()),
                ),
                None => self.problem(id, "a Parallel state needs `Branches`".to_owned()),
            },
            Some(StateType::Map) => {
                let processor = state
                    .member("ItemProcessor")
                    .or_else(|| state.member("Iterator"));
                match processor {
                    Some(m) => {
                        let scope = ScopeId::new(pointer_push(id_pointer, &m.key));
                        self.nested(&m.value, &scope, ScopeKind::MapProcessor, id, &language);
                    }
                    None => self.problem(id, "a Map state needs an `ItemProcessor`".to_owned()),
                }
            }
            _ => {}
        }
    }

    fn nested(
        &mut self,
        scope_node: &Node,
        scope_id: &ScopeId,
        kind: ScopeKind,
        owner: &NodeId,
        language: &str,
    ) {
        let parent = self
            .graph
            .node(owner)
            .map(|n| n.scope.clone())
            .unwrap_or_default();
        let title = match kind {
            ScopeKind::Branch(index) => format!("Branch {}", index + 1),
            ScopeKind::MapProcessor => {
                let distributed = scope_node
                    .get("ProcessorConfig")
                    .and_then(|c| c.get("Mode"))
                    .and_then(Node::as_str)
                    == Some("DISTRIBUTED");
                if distributed {
                    "Item processor (distributed)".to_owned()
                } else {
                    "Item processor".to_owned()
                }
            }
            ScopeKind::Root => String::new(),
        };
        self.graph.scopes.push(Scope {
            id: scope_id.clone(),
            kind,
            parent: Some(parent),
            owner: Some(owner.clone()),
            title,
            start: None,
        });
        if scope_node.as_object().is_none() {
            self.scope_problem(
                scope_id,
                format!("must be an object, found {}", scope_node.type_name()),
            );
            return;
        }
        self.scope(scope_node, scope_id, language);
    }

    fn choice_edges(
        &mut self,
        node: &mut GraphNode,
        state: &Node,
        id: &NodeId,
        language: &str,
        pending: &mut Vec<PendingEdge>,
    ) {
        match state.get("Choices").and_then(Node::as_array) {
            Some(rules) => {
                if rules.is_empty() {
                    node.problems
                        .push("a Choice state needs at least one rule".to_owned());
                }
                for (index, rule) in rules.iter().enumerate() {
                    let label = if rule.get("Condition").is_some() || language == "JSONata" {
                        rule.get("Condition")
                            .map(jsonata_condition_label)
                            .unwrap_or_else(|| choice_rule_label(rule))
                    } else {
                        choice_rule_label(rule)
                    };
                    match rule.get("Next").and_then(Node::as_str) {
                        Some(target) => pending.push(PendingEdge {
                            from: id.clone(),
                            target: target.to_owned(),
                            kind: EdgeKind::Choice { index },
                            label: Some(label),
                        }),
                        None => node
                            .problems
                            .push(format!("rule {} has no `Next` state", index + 1)),
                    }
                }
            }
            None => node
                .problems
                .push("a Choice state needs a `Choices` array".to_owned()),
        }
        if let Some(target) = state.get("Default").and_then(Node::as_str) {
            pending.push(PendingEdge {
                from: id.clone(),
                target: target.to_owned(),
                kind: EdgeKind::Default,
                label: Some("Default".to_owned()),
            });
        }
    }
}

/// The label of a Catch edge: its error names, shortened.
fn catch_label(errors: &[String]) -> String {
    let text = if errors.is_empty() {
        "catch".to_owned()
    } else {
        errors.join(", ")
    };
    choice::truncate(&text, LABEL_MAX_CHARS)
}

#[cfg(test)]
mod tests;
