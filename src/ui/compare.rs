//! Comparing a document with another version of it (View > Compare with…): the saved file, the
//! file at a git revision, or another file. The comparison is data attached to the document, as a
//! run is: the other version, and the [`DiffView`] of it against the current text, computed again
//! when the text or the folding changes (half a millisecond on the largest corpus workflow), so
//! it follows edits live. The canvas draws the view's graph (the current version with the removed
//! states as ghosts) with its marks; the Changes list and the inspector read its `diff`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use statecraft_asl::graph::NodeId;
use statecraft_asl::{Document, Format};
use statecraft_export::{Diagram, DiffView};

use super::command::{Command, CommandSender};
use super::document::DocId;
use super::document::{same_drawing, with_layout_of};
use super::jobs::{Work, Worker};

/// The version a document is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// What the file held when last opened or saved (or, for a new document, what it was made
    /// from).
    Saved,
    /// The document's file at a git revision (`HEAD`, a branch, a commit).
    Revision(String),
    /// Another file.
    File(PathBuf),
}

impl Baseline {
    /// How the other version is named in the Changes list and the inspector ("HEAD",
    /// "the saved file", a file name).
    pub fn label(&self) -> String {
        match self {
            Baseline::Saved => "the saved file".to_owned(),
            Baseline::Revision(rev) => rev.clone(),
            Baseline::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// The comparison as drawn for one text of the document.
#[derive(Debug)]
pub struct Shown {
    /// The document revision it was computed for.
    revision: u64,
    /// The folded containers it was laid out with.
    collapsed: BTreeSet<NodeId>,
    /// The changes, the merged graph and its marks.
    pub view: Arc<DiffView>,
    /// The merged graph laid out (`Err`: why it could not be).
    pub diagram: Result<Arc<Diagram>, String>,
}

/// A document's comparison with another version.
#[derive(Debug)]
pub struct CompareSession {
    /// Where the other version came from.
    pub baseline: Baseline,
    /// The other version.
    pub old: Document,
    shown: Option<Shown>,
}

impl CompareSession {
    /// A comparison with `old`, computed on first use.
    pub fn new(baseline: Baseline, old: Document) -> CompareSession {
        CompareSession {
            baseline,
            old,
            shown: None,
        }
    }

    /// For a comparison with the saved file: takes the text saved now, once the document was
    /// saved or reloaded (a saved text that does not parse leaves the last one).
    pub fn follow_saved(&mut self, saved: &str, format: Format) {
        if self.baseline != Baseline::Saved || self.old.text() == saved {
            return;
        }
        if let Ok(old) = Document::parse(saved.to_owned(), format) {
            self.old = old;
            self.shown = None;
        }
    }

    /// How the other version is named.
    pub fn label(&self) -> String {
        self.baseline.label()
    }

    /// The comparison with `new` (the document at `revision`, drawn with `collapsed` folded),
    /// computed again only when either changed. While the text does not parse (`new` is
    /// `None`) the last comparison stays.
    pub fn refresh(
        &mut self,
        new: Option<&Document>,
        revision: u64,
        collapsed: &BTreeSet<NodeId>,
    ) -> Option<&Shown> {
        let current = self
            .shown
            .as_ref()
            .is_some_and(|s| s.revision == revision && &s.collapsed == collapsed);
        if !current {
            if let Some(new) = new {
                let view = DiffView::new(&self.old, new);
                // A change the drawing does not show (a Comment, a parameter: a keystroke)
                // keeps the geometry, as the document's own drawing does.
                let kept = self.shown.as_ref().and_then(|shown| {
                    let old = shown.diagram.as_ref().ok()?;
                    (&shown.collapsed == collapsed && same_drawing(&old.graph, &view.graph))
                        .then(|| Arc::new(with_layout_of(old, view.graph.clone())))
                });
                let diagram = match kept {
                    Some(diagram) => Ok(diagram),
                    None => Diagram::with_collapsed(view.graph.clone(), collapsed)
                        .map(Arc::new)
                        .map_err(|err| err.to_string()),
                };
                self.shown = Some(Shown {
                    revision,
                    collapsed: collapsed.clone(),
                    view: Arc::new(view),
                    diagram,
                });
            }
        }
        self.shown.as_ref()
    }

    /// The comparison last computed, if any.
    pub fn shown(&self) -> Option<&Shown> {
        self.shown.as_ref()
    }
}

/// Parses another version of a document: in the format its name says, else the document's.
pub fn parse_version(
    text: String,
    name: Option<&Path>,
    fallback: Format,
    label: &str,
) -> Result<Document, String> {
    let format = name.and_then(Format::from_path).unwrap_or(fallback);
    Document::parse(text, format).map_err(|err| {
        format!(
            "{label} does not parse as a workflow (line {}, column {}: {}).",
            err.position.line, err.position.column, err.message
        )
    })
}

/// Reads a file at a git revision, off the UI thread (one call of `git cat-file`), and sends
/// what it read to its document as [`Command::CompareLoaded`].
#[derive(Debug)]
pub struct GitRead {
    /// The document's file.
    pub file: PathBuf,
    /// The revision.
    pub revision: String,
    /// The document it reads for.
    pub doc: DocId,
    /// Where its result goes.
    pub commands: CommandSender,
}

impl Worker for GitRead {
    type Input = ();
    type Output = ();

    fn work(&mut self, _inputs: Vec<()>, _out: &mut Vec<()>) -> Work {
        let text = crate::git::file_at_revision(&self.file, &self.revision).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| "the file there is not UTF-8 text".to_owned())
        });
        self.commands.send(
            self.doc,
            Command::CompareLoaded {
                revision: self.revision.clone(),
                text,
            },
        );
        Work::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str =
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}"#;

    fn doc(text: &str) -> Document {
        Document::parse(text.to_owned(), Format::Json).expect("parses")
    }

    #[test]
    fn the_comparison_is_computed_again_only_when_the_text_or_folding_changes() {
        let mut session = CompareSession::new(Baseline::Saved, doc(OLD));
        let none = BTreeSet::new();
        let same = doc(OLD);
        let first = session
            .refresh(Some(&same), 1, &none)
            .map(|s| s.view.clone());
        assert!(first.as_ref().is_some_and(|v| v.diff.is_empty()));
        let again = session
            .refresh(Some(&same), 1, &none)
            .map(|s| s.view.clone());
        assert!(Arc::ptr_eq(
            first.as_ref().expect("shown"),
            again.as_ref().expect("shown")
        ));
        let geometry = |s: &CompareSession| {
            s.shown()
                .and_then(|s| s.diagram.as_ref().ok())
                .map(|d| d.nodes.clone())
        };
        let before = geometry(&session);
        let edited = doc(&OLD.replace("\"Pass\"", "\"Pass\",\"Comment\":\"new\""));
        let changed = session
            .refresh(Some(&edited), 2, &none)
            .map(|s| s.view.clone());
        assert_eq!(changed.map(|v| v.diff.states.len()), Some(1));
        assert_eq!(geometry(&session), before, "a Comment keeps the layout");
        // While the text does not parse, the last comparison stays.
        let kept = session
            .refresh(None, 3, &none)
            .map(|s| s.view.diff.states.len());
        assert_eq!(kept, Some(1));
    }

    #[test]
    fn labels_name_the_other_version() {
        assert_eq!(Baseline::Revision("HEAD~1".into()).label(), "HEAD~1");
        assert_eq!(
            Baseline::File(PathBuf::from("/a/b/order.asl.json")).label(),
            "order.asl.json"
        );
    }

    #[test]
    fn a_version_that_does_not_parse_says_where() {
        let err = parse_version("{".into(), None, Format::Json, "HEAD").expect_err("broken");
        assert!(err.starts_with("HEAD does not parse"), "{err}");
        assert!(err.contains("line 1"), "{err}");
    }
}
