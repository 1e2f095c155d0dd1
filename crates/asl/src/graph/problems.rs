//! Problems on the diagram, by one rule for every picture (the canvas, File > Export,
//! `statecraft render`, the review page): each state carries the validator's findings inside it,
//! errors and warnings, as "CODE message"; findings outside any state go on the document.

use super::{Graph, NodeId, NodeKind};
use crate::validate::Diagnostic;

impl Graph {
    /// Puts `diagnostics` on the graph (see the module): each state's problems become the
    /// diagnostics inside it (the validator also says what the graph found, such as a missing
    /// target), and those outside every state join the document's problems. Returns, for each
    /// diagnostic, the id and name of its state.
    pub fn mark_diagnostics(
        &mut self,
        diagnostics: &[Diagnostic],
    ) -> Vec<Option<(NodeId, String)>> {
        let mut by_state: Vec<(NodeId, String)> = Vec::new();
        let mut states = Vec::with_capacity(diagnostics.len());
        for d in diagnostics {
            let text = format!("{} {}", d.code, d.message);
            let state = self
                .state_containing(&d.pointer)
                .map(|n| (n.id.clone(), n.name.clone()));
            match &state {
                Some((id, _)) => by_state.push((id.clone(), text)),
                None => {
                    if !self.problems.contains(&text) {
                        self.problems.push(text);
                    }
                }
            }
            states.push(state);
        }
        for node in &mut self.nodes {
            if node.kind != NodeKind::State {
                continue;
            }
            node.problems = by_state
                .iter()
                .filter(|(id, _)| *id == node.id)
                .map(|(_, m)| m.clone())
                .collect();
        }
        states
    }
}
