//! Static validation: the rules AWS applies when it accepts a definition, plus warnings for
//! things that are legal but almost always a mistake.
//!
//! The checks walk the document's [`Node`] tree rather than the typed model, so every finding has a
//! position and a broken document still gets every diagnostic it deserves. Each rule lives in the
//! module named for what it checks; [`codes`] is the table of stable codes (documented in
//! `docs/diagnostics.md`).

pub mod codes;

mod choice;
mod fields;
mod jsonata;
mod limits;
mod map;
mod paths;
mod placeholders;
mod reachability;
mod retry_catch;
mod structure;
mod task;
mod wait;

use crate::document::Document;
use crate::model::{QueryLanguage, StateType};
use crate::position::LineCol;
use crate::tree::{Member, Node, Span};

pub use codes::Code;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would reject the definition.
    Error,
    /// AWS accepts it, but it is probably not what the author meant.
    Warning,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding about a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code, such as `SC1001`, that users can search for and tests can name.
    pub code: &'static str,
    /// What is wrong and, where it helps, what to do.
    pub message: String,
    /// JSON pointer to the offending value (`/States/Foo/Next`).
    pub pointer: String,
    /// Where the offending value starts in the source.
    #[serde(flatten)]
    pub position: LineCol,
}

/// Checks a document; the result is sorted by position, then code.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let mut checker = Checker::new(document);
    structure::check_document(&mut checker);
    let mut diagnostics = checker.finish();
    diagnostics.sort_by(|a, b| {
        (a.position, a.code, &a.pointer, &a.message)
            .cmp(&(b.position, b.code, &b.pointer, &b.message))
    });
    diagnostics.dedup();
    diagnostics
}

/// Collects diagnostics while the rules walk the tree.
pub(crate) struct Checker<'d> {
    doc: &'d Document,
    found: Vec<(Code, Span, String, String)>,
}

impl<'d> Checker<'d> {
    fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            found: Vec::new(),
        }
    }

    /// The document under check.
    pub(crate) fn doc(&self) -> &'d Document {
        self.doc
    }

    /// Records a finding at `span`, for the value at `pointer`.
    pub(crate) fn report(
        &mut self,
        code: Code,
        span: Span,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.found
            .push((code, span, pointer.into(), message.into()));
    }

    /// Records a finding about a node.
    pub(crate) fn at(
        &mut self,
        code: Code,
        node: &Node,
        pointer: &str,
        message: impl Into<String>,
    ) {
        self.report(code, node.span, pointer, message);
    }

    /// Records a finding at character `index` inside a string node, when the source writes the
    /// string without escapes (so characters map one to one); otherwise at the node's start.
    pub(crate) fn at_char(
        &mut self,
        code: Code,
        node: &Node,
        index: usize,
        pointer: &str,
        message: impl Into<String>,
    ) {
        let mut span = node.span;
        if let Some(text) = node.as_str() {
            let source = self.doc.slice(node.span);
            let start = if source == text {
                Some(node.span.start)
            } else if source.len() == text.len() + 2
                && source.get(1..source.len() - 1) == Some(text)
            {
                Some(node.span.start + 1)
            } else {
                None
            };
            if let (Some(start), Some((offset, _))) = (start, text.char_indices().nth(index)) {
                span.start = start + offset;
            }
        }
        self.report(code, span, pointer, message);
    }

    /// Records a finding about a member's key (a field that should not be there, for instance).
    pub(crate) fn at_key(
        &mut self,
        code: Code,
        member: &Member,
        pointer: &str,
        message: impl Into<String>,
    ) {
        self.report(code, member.key_span, pointer, message);
    }

    fn finish(self) -> Vec<Diagnostic> {
        let doc = self.doc;
        self.found
            .into_iter()
            .map(|(code, span, pointer, message)| Diagnostic {
                severity: code.severity,
                code: code.id,
                message,
                pointer,
                position: doc.line_col(span.start),
            })
            .collect()
    }
}

/// What the rules know about the state being checked.
#[derive(Debug, Clone)]
pub(crate) struct StateCx<'a> {
    /// The state's name.
    pub name: &'a str,
    /// The state's object.
    pub node: &'a Node,
    /// JSON pointer to the state.
    pub pointer: String,
    /// The state's type, when `Type` names one.
    pub ty: Option<StateType>,
    /// The query language in force for the state.
    pub lang: QueryLanguage,
}

impl StateCx<'_> {
    /// Pointer to one of the state's fields.
    pub fn field_pointer(&self, field: &str) -> String {
        ptr(&self.pointer, field)
    }

    /// The state's member `field`, if present.
    pub fn member(&self, field: &str) -> Option<&Member> {
        self.node.member(field)
    }

    /// True when the state uses JSONata.
    pub fn is_jsonata(&self) -> bool {
        self.lang == QueryLanguage::JSONata
    }
}

/// One step of a path through the tree, kept on a stack while walking so a pointer string is built
/// only when something is reported (walks over every node stay allocation-free).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    /// A member key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// The JSON pointer of a path.
pub(crate) fn pointer_of(path: &[Seg]) -> String {
    let mut pointer = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => pointer = ptr(&pointer, key),
            Seg::Index(i) => pointer = ptr_index(&pointer, *i),
        }
    }
    pointer
}

/// Appends a segment to a pointer (shorthand used by every rule module).
pub(crate) use crate::tree::pointer_push as ptr;

/// Appends an array index to a pointer.
pub(crate) fn ptr_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}
