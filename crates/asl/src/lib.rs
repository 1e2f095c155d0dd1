//! statecraft-asl: the Amazon States Language document model.
//!
//! A [`Document`] is its source text (JSON or YAML) plus a tree of [`Node`]s that remember where in
//! the text they came from. On top of it: a typed view of the state machine ([`model`]), static
//! validation as AWS applies it ([`validate`]), format-preserving edits ([`edit`]) and the graph of
//! states and transitions ([`graph`]); for the designer, the palette of states and integrations
//! ([`catalog`]) and every canvas gesture as one edit ([`gesture`]); the semantic difference between
//! two versions ([`diff`]).

pub mod catalog;
pub mod diff;
pub mod document;
pub mod edit;
pub mod expr;
pub mod format;
pub mod gesture;
pub mod graph;
pub mod model;
pub mod parse;
pub mod position;
pub mod tree;
pub mod validate;
pub mod words;

pub use document::{Document, Format, LoadError};
pub use parse::ParseError;
pub use position::{LineCol, LineIndex};
pub use tree::{Member, Node, NodeValue, Span};
