//! Designer gestures as edits: each function takes the current document and what the user
//! pointed at, and returns the one [`Edit`] (a [`Edit::Batch`] where several fields change) that
//! makes the change the way a person would in a text editor, or a [`GestureError`] that says, in
//! words for the user, why the gesture does nothing.
//!
//! States are named by their JSON pointer (`/States/Order/Branches/0/States/Pay`, what
//! [`NodeId::state_pointer`] gives); `connect`, whose ends may be the Start and End markers, takes
//! [`NodeId`]s; edges are the [`GraphEdge`] the canvas drew; scopes are named by their pointer
//! (`""` for the top level). No function here changes the document: the caller
//! applies the returned edit (one undo step).
//!
//! ```
//! use statecraft_asl::{catalog, gesture, graph::Graph, model::QueryLanguage, Document, Format};
//! let doc = Document::parse(
//!     "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true}\n  }\n}\n",
//!     Format::Json,
//! )?;
//! let graph = Graph::from_document(&doc);
//! let end_edge = graph.edges_into(&statecraft_asl::graph::NodeId::End).next().expect("A ends");
//! let wait = catalog::entry("wait").expect("in the catalogue").snippet(QueryLanguage::JSONPath);
//! let edit = gesture::insert_on_edge(&doc, end_edge, &wait)?;
//! let doc = doc.apply(&edit)?;
//! assert_eq!(doc.to_value()["States"]["A"]["Next"], "Wait");
//! assert_eq!(doc.to_value()["States"]["Wait"]["End"], true);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`Edit`]: crate::edit::Edit
//! [`Edit::Batch`]: crate::edit::Edit::Batch
//! [`GraphEdge`]: crate::graph::GraphEdge
//! [`NodeId`]: crate::graph::NodeId
//! [`NodeId::state_pointer`]: crate::graph::NodeId::state_pointer

mod clipboard;
mod connect;
mod insert;
mod moving;
mod names;
mod remove;
mod rules;
mod scope;

pub use clipboard::{copy_states, cut_states, paste_states};
pub use connect::{add_branch, add_branch_with, connect, remove_branch, set_start_state};
pub use insert::{add_unconnected, insert_into_scope, insert_on_edge, ScopePosition};
pub use moving::{move_into_scope, move_onto_edge};
pub use names::{duplicate_states, rename_state};
pub use remove::{delete_edge, delete_states};
pub use rules::{add_catcher, add_choice_rule, reorder, RuleList};
pub use scope::language_at;

use crate::edit::EditError;

/// Why a gesture makes no edit. The message is written for the person who made the gesture.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GestureError {
    /// The id names no state of the document (the document changed under the gesture).
    #[error("there is no state at {id}; the workflow may have changed, try again")]
    NoSuchState {
        /// The node id or pointer.
        id: String,
    },
    /// The gesture does not fit what it was made on; the text says why and what to do instead.
    #[error("{0}")]
    Refused(String),
    /// The gesture would change nothing.
    #[error("nothing to change: {0}")]
    Unchanged(String),
    /// The clipboard text holds no states.
    #[error("the clipboard holds no states: {0}")]
    Clipboard(String),
    /// The edit the gesture stands for cannot be made (a name AWS would refuse, a transition
    /// that would cross scopes, ...).
    #[error(transparent)]
    Edit(#[from] EditError),
}

fn refused(text: impl Into<String>) -> GestureError {
    GestureError::Refused(text.into())
}
