//! Renaming and duplicating states.

use std::collections::{BTreeMap, BTreeSet};

use super::scope::{selection, state_ref, StateRef};
use super::GestureError;
use crate::catalog::Snippet;
use crate::edit::{check_state_name, scope_of_state_name, Edit, EditError};
use crate::Document;

/// Renames a state; every reference in its scope follows. A name AWS would refuse (empty, longer
/// than 80 characters, control characters, or used by another state anywhere in the machine) is
/// refused with the reason.
pub fn rename_state(doc: &Document, state: &str, to: &str) -> Result<Edit, GestureError> {
    let state = state_ref(doc, state)?;
    if state.name == to {
        return Err(GestureError::Unchanged("the name is the same".into()));
    }
    check_state_name(to)?;
    if let Some(scope) = scope_of_state_name(doc, to) {
        return Err(EditError::StateNameTaken {
            scope,
            name: to.to_owned(),
        }
        .into());
    }
    Ok(Edit::RenameState {
        scope: state.scope,
        from: state.name,
        to: to.to_owned(),
    })
}

/// Duplicates states (Ctrl+D): each copy goes right after its original with a free name
/// (`"Pass 2"`), states nested in a Parallel or Map renamed too. Transitions between the
/// duplicated states follow the copies; others keep their targets. Nothing leads to the copies
/// yet.
pub fn duplicate_states(doc: &Document, ids: &[String]) -> Result<Edit, GestureError> {
    let states = selection(doc, ids)?;
    let mut by_scope: BTreeMap<&str, Vec<&StateRef>> = BTreeMap::new();
    for s in &states {
        by_scope.entry(s.scope.as_str()).or_default().push(s);
    }
    let mut taken = BTreeSet::new();
    let mut edits = Vec::new();
    for (scope, states) in by_scope {
        let originals = Snippet {
            states: states
                .iter()
                .map(|s| (s.name.clone(), s.value.clone()))
                .collect(),
        };
        let copies = originals.with_unique_names(doc, &taken);
        taken.extend(copies.names());
        for ((original, _), (name, state)) in originals.states.iter().zip(copies.states) {
            edits.push(Edit::AddState {
                scope: scope.to_owned(),
                name,
                state,
                after: Some(original.clone()),
            });
        }
    }
    Ok(Edit::Batch(edits))
}
