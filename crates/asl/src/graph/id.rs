//! Typed ids of graph nodes and scopes.
//!
//! A state's id is the JSON pointer to it (`/States/Order/Branches/0/States/Pay`): stable across
//! edits elsewhere in the document and unique across scopes. The markers (Start, End, a missing
//! state, the second state of a duplicated name) are their own variants rather than strings with
//! a prefix, so nothing parses an id to learn what it stands for. Pointers are shared (`Arc<str>`),
//! so the designer's selection, hover and per-frame lookups clone ids without allocating.
//!
//! [`NodeId`]'s `Display` is a plain string key, unique per id, for places that need one (the
//! layout engine, SVG element ids): the pointer for a state, `#start`, `#end`, `#missing` followed
//! by the pointer the state would have, and `#duplicateN` followed by the state's pointer.

use std::fmt;
use std::sync::Arc;

/// The id of a graph node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    /// The Start marker of the workflow.
    Start,
    /// The End marker of the workflow.
    End,
    /// A state, by its JSON pointer.
    State(Arc<str>),
    /// A state whose name another state of its scope already has (`ordinal` 2 for the second).
    Duplicate {
        /// The pointer the name resolves to (shared with the first state of that name).
        pointer: Arc<str>,
        /// Which occurrence of the name this is, counting from 1.
        ordinal: u32,
    },
    /// The marker of a state that a transition names but its scope does not hold, by the pointer
    /// the state would have.
    Missing(Arc<str>),
}

impl NodeId {
    /// The id of the state at this JSON pointer.
    pub fn state(pointer: impl Into<Arc<str>>) -> NodeId {
        NodeId::State(pointer.into())
    }

    /// The state's JSON pointer, for states (also duplicates) and missing markers.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            NodeId::State(p) | NodeId::Duplicate { pointer: p, .. } | NodeId::Missing(p) => Some(p),
            NodeId::Start | NodeId::End => None,
        }
    }

    /// The pointer of a state the edits can address: `None` for markers and for a duplicated
    /// name's second state (its pointer names the first).
    pub fn state_pointer(&self) -> Option<&str> {
        match self {
            NodeId::State(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Start => f.write_str("#start"),
            NodeId::End => f.write_str("#end"),
            NodeId::State(p) => f.write_str(p),
            NodeId::Duplicate { pointer, ordinal } => write!(f, "#duplicate{ordinal}{pointer}"),
            NodeId::Missing(p) => write!(f, "#missing{p}"),
        }
    }
}

/// A string key that is not the key of any [`NodeId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a node id")]
pub struct BadNodeId(String);

impl std::str::FromStr for NodeId {
    type Err = BadNodeId;

    /// The id whose `Display` key this is (the inverse of `to_string`).
    fn from_str(key: &str) -> Result<NodeId, BadNodeId> {
        let bad = || BadNodeId(key.to_owned());
        match key {
            "#start" => Ok(NodeId::Start),
            "#end" => Ok(NodeId::End),
            _ if key.starts_with('/') => Ok(NodeId::state(key)),
            _ => {
                if let Some(pointer) = key.strip_prefix("#missing") {
                    return pointer
                        .starts_with('/')
                        .then(|| NodeId::Missing(pointer.into()))
                        .ok_or_else(bad);
                }
                let rest = key.strip_prefix("#duplicate").ok_or_else(bad)?;
                let digits = rest.find('/').ok_or_else(bad)?;
                let ordinal = rest[..digits].parse().map_err(|_| bad())?;
                Ok(NodeId::Duplicate {
                    pointer: rest[digits..].into(),
                    ordinal,
                })
            }
        }
    }
}

/// The id of a scope: the JSON pointer of its object (the root, a Parallel branch, a Map
/// processor). The root's pointer is empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(Arc<str>);

impl ScopeId {
    /// The top-level scope.
    pub fn root() -> ScopeId {
        ScopeId(Arc::from(""))
    }

    /// The scope whose object is at this pointer.
    pub fn new(pointer: impl Into<Arc<str>>) -> ScopeId {
        ScopeId(pointer.into())
    }

    /// The pointer of the scope's object (`""` for the top level), as edits address scopes.
    pub fn pointer(&self) -> &str {
        &self.0
    }

    /// True for the top-level scope.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl Default for ScopeId {
    fn default() -> Self {
        ScopeId::root()
    }
}

impl fmt::Display for ScopeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_keys_are_distinct_per_kind() {
        let keys: Vec<String> = [
            NodeId::Start,
            NodeId::End,
            NodeId::state("/States/A"),
            NodeId::Duplicate {
                pointer: "/States/A".into(),
                ordinal: 2,
            },
            NodeId::Missing("/States/A".into()),
        ]
        .iter()
        .map(|id| {
            let key = id.to_string();
            assert_eq!(key.parse::<NodeId>().as_ref(), Ok(id), "{key} reads back");
            key
        })
        .collect();
        assert_eq!(
            keys,
            [
                "#start",
                "#end",
                "/States/A",
                "#duplicate2/States/A",
                "#missing/States/A"
            ]
        );
    }

    #[test]
    fn keys_of_nothing_are_refused() {
        for key in [
            "",
            "States",
            "#begin",
            "#missing",
            "#duplicate/States/A",
            "#duplicatex/A",
        ] {
            assert!(key.parse::<NodeId>().is_err(), "{key}");
        }
    }

    #[test]
    fn only_plain_states_have_an_editable_pointer() {
        assert_eq!(
            NodeId::state("/States/A").state_pointer(),
            Some("/States/A")
        );
        let second = NodeId::Duplicate {
            pointer: "/States/A".into(),
            ordinal: 2,
        };
        assert_eq!(second.pointer(), Some("/States/A"));
        assert_eq!(second.state_pointer(), None);
        assert_eq!(NodeId::Start.pointer(), None);
        assert!(ScopeId::root().is_root());
        assert_eq!(
            ScopeId::new("/States/P/Branches/0").pointer(),
            "/States/P/Branches/0"
        );
    }
}
