//! Where edges leave and enter nodes: the handles the designer draws and drags from, and the
//! lookups a gesture needs (the edges into a node, the edge leaving a given handle).

use super::{EdgeKind, Graph, GraphEdge, NodeId};

/// The output of a node an edge leaves from: what a drag handle on the canvas stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Handle {
    /// The plain output: a state's `Next` or `End`, or the Start marker's `StartAt`.
    Output,
    /// A Choice rule (index in `Choices`).
    Choice(usize),
    /// A Choice state's `Default`.
    Default,
    /// A catcher (index in `Catch`).
    Catch(usize),
}

impl EdgeKind {
    /// The handle an edge of this kind leaves from.
    pub fn handle(&self) -> Handle {
        match self {
            EdgeKind::Start | EdgeKind::Next | EdgeKind::End => Handle::Output,
            EdgeKind::Choice { index } => Handle::Choice(*index),
            EdgeKind::Default => Handle::Default,
            EdgeKind::Catch { index, .. } => Handle::Catch(*index),
        }
    }
}

impl GraphEdge {
    /// The handle this edge leaves its source from.
    pub fn handle(&self) -> Handle {
        self.kind.handle()
    }
}

impl Graph {
    /// The edges ending at a node, in the graph's edge order.
    pub fn edges_into<'a>(&'a self, id: &'a NodeId) -> impl Iterator<Item = &'a GraphEdge> + 'a {
        self.edges.iter().filter(move |e| e.to == *id)
    }

    /// The edges leaving a node, in the order Next, Choice rules, Default, Catch, End.
    pub fn edges_from<'a>(&'a self, id: &'a NodeId) -> impl Iterator<Item = &'a GraphEdge> + 'a {
        self.edges.iter().filter(move |e| e.from == *id)
    }

    /// The edge leaving a node from a handle, when there is one.
    pub fn edge_from(&self, id: &NodeId, handle: Handle) -> Option<&GraphEdge> {
        self.edges
            .iter()
            .find(|e| e.from == *id && e.handle() == handle)
    }
}
