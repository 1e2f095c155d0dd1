//! Variables (`Assign`) and AWS's scoping rules.
//!
//! - A state's assignments become visible to the states after it, in the same scope.
//! - All of a state's `Assign` expressions see the variables as they were when the state started:
//!   assignments take effect together, after the state's output is computed.
//! - A Parallel branch and an inline Map iteration start a new scope: they read the variables of
//!   the scopes around them (as they were when the Parallel or Map started), and what they assign
//!   stays inside them.
//! - A distributed Map's child executions see no outer variables.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use crate::jsonpath::Variables;

/// One scope of variables and the scope around it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VarScope {
    parent: Option<Arc<VarScope>>,
    vars: BTreeMap<String, Value>,
}

impl VarScope {
    /// The top-level scope of an execution: no variables.
    pub fn root() -> Arc<VarScope> {
        Arc::new(VarScope::default())
    }

    /// A new scope inside `parent` (a Parallel branch or Map iteration).
    pub fn child_of(parent: &Arc<VarScope>) -> Arc<VarScope> {
        Arc::new(VarScope {
            parent: Some(parent.clone()),
            vars: BTreeMap::new(),
        })
    }

    /// Looks a variable up here, then in the scopes around.
    pub fn lookup(&self, name: &str) -> Option<&Value> {
        let mut scope = self;
        loop {
            if let Some(value) = scope.vars.get(name) {
                return Some(value);
            }
            scope = scope.parent.as_deref()?;
        }
    }

    /// Sets variables in this scope (copying it if it is shared).
    pub fn assign(scope: &mut Arc<VarScope>, assigned: &[(String, Value)]) {
        if assigned.is_empty() {
            return;
        }
        let scope = Arc::make_mut(scope);
        for (name, value) in assigned {
            scope.vars.insert(name.clone(), value.clone());
        }
    }

    /// Every visible variable, inner scopes hiding outer ones, sorted by name.
    pub fn visible(&self) -> BTreeMap<String, Value> {
        let mut chain = vec![self];
        let mut scope = self;
        while let Some(parent) = scope.parent.as_deref() {
            chain.push(parent);
            scope = parent;
        }
        let mut all = BTreeMap::new();
        for scope in chain.into_iter().rev() {
            for (name, value) in &scope.vars {
                all.insert(name.clone(), value.clone());
            }
        }
        all
    }
}

impl Variables for VarScope {
    fn get_var(&self, name: &str) -> Option<&Value> {
        self.lookup(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inner_scopes_read_outer_and_keep_their_own() {
        let mut outer = VarScope::root();
        VarScope::assign(&mut outer, &[("x".into(), json!(1))]);
        let mut inner = VarScope::child_of(&outer);
        VarScope::assign(
            &mut inner,
            &[("y".into(), json!(2)), ("x".into(), json!(3))],
        );
        assert_eq!(inner.lookup("x"), Some(&json!(3)));
        assert_eq!(outer.lookup("x"), Some(&json!(1)));
        assert_eq!(outer.lookup("y"), None);
        assert_eq!(inner.visible().len(), 2);
    }
}
