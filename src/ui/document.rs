//! One open workflow: its text (the document is its text), where it lives on disk, its undo
//! history, its view state, and what is derived from the text (parse result, problems, diagram).
//! Derived state is recomputed when the text changes, never every frame.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use statecraft_asl::graph::{Graph, NodeId, NodeKind};
use statecraft_asl::validate::{validate, Diagnostic, Severity};
use statecraft_asl::{Document, Format, LineCol};
use statecraft_export::Diagram;

use super::panels::code_galley::CodeLayoutCache;

use super::canvas::Camera;
use super::history::{History, Snapshot};

/// A document's identity while the app runs (tabs, egui ids, recovery files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId(pub u64);

/// Why the text does not parse, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    /// What is wrong.
    pub message: String,
    /// Where (1-based).
    pub position: LineCol,
    /// Byte offset in the text.
    pub offset: usize,
}

/// What is derived from the text.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The parsed document, when the text parses.
    pub document: Option<Document>,
    /// Why the text does not parse, when it does not.
    pub parse_problem: Option<ParseProblem>,
    /// The validator's diagnostics for the parsed text, errors first, then by position.
    pub diagnostics: Vec<Diagnostic>,
    /// For each diagnostic (same order): the id and name of the state it is in, if any. Found
    /// once per analysis, not once per frame.
    pub diagnostic_states: Vec<Option<(NodeId, String)>>,
    /// The drawing of the last text that parsed (kept, dimmed, while the text does not parse).
    pub diagram: Option<Arc<Diagram>>,
    /// Why the diagram could not be laid out, if it could not.
    pub diagram_error: Option<String>,
    /// Counts the layouts made: unchanged while the geometry is kept (a keystroke that changes
    /// nothing drawn), so that what is derived from the geometry alone can be kept too.
    pub layout_generation: u64,
}

impl Analysis {
    /// Number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
            + usize::from(self.parse_problem.is_some());
        (
            errors,
            self.diagnostics.len() + usize::from(self.parse_problem.is_some()) - errors,
        )
    }
}

/// The view of one document: not part of the file, not undoable (selection is restored by undo
/// only because a step remembers it).
#[derive(Debug, Default)]
pub struct ViewState {
    /// Selected node ids (JSON pointers of states).
    pub selection: BTreeSet<NodeId>,
    /// Parallel and Map states drawn folded.
    pub collapsed: BTreeSet<NodeId>,
    /// The canvas camera.
    pub camera: Camera,
    /// Fit the drawing to the canvas on the next frame (after open).
    pub fit_pending: bool,
    /// Scroll the code view to this byte range on the next frame and mark it.
    pub code_reveal: Option<std::ops::Range<usize>>,
    /// Put the code cursor at this byte offset on the next frame.
    pub code_cursor_to: Option<usize>,
    /// Centre the canvas on this node on the next frame.
    pub centre_on: Option<NodeId>,
    /// What the user is typing into the inspector's fields.
    pub inspector: crate::ui::panels::inspector::Buffers,
    /// The arrow selected on the canvas (Delete removes it).
    pub selected_edge: Option<statecraft_asl::graph::GraphEdge>,
    /// States where playing a run stops (F9).
    pub breakpoints: BTreeSet<NodeId>,
    /// The Run panel's choices (input, mocks, seed), found when the panel is first shown.
    pub run_setup: Option<crate::ui::run::setup::RunSetup>,
    /// What the user types into the run's prompts, by task token.
    pub prompt_drafts: crate::ui::panels::run::PromptDrafts,
    /// The event table's filter.
    pub event_filter: String,
}

/// One open workflow.
#[derive(Debug)]
pub struct OpenDocument {
    /// Identity while the app runs.
    pub id: DocId,
    /// The file, once it has one.
    pub path: Option<PathBuf>,
    /// The name shown while there is no file ("order-processing.asl.json (example)").
    pub untitled_name: Option<String>,
    /// JSON or YAML.
    pub format: Format,
    /// The text as the user sees it: the document.
    pub text: String,
    /// The text as it is on disk (last opened or saved), to tell unsaved changes.
    pub saved_text: Option<String>,
    /// Derived from `text`.
    pub analysis: Analysis,
    /// Undo and redo.
    pub history: History,
    /// Selection, camera, folded containers.
    pub view: ViewState,
    /// The disk copy changed under an edited document: the user is asked what to do.
    pub external_change: bool,
    /// The text the recovery file holds (to write it only when the text changed).
    pub recovered_text: Option<String>,
    /// Collapsed set the current diagram was drawn with.
    diagram_collapsed: BTreeSet<NodeId>,
    /// The code view's highlighting and text layout, kept between frames.
    pub code_layout: CodeLayoutCache,
    /// Counts the changes of `text` (edits, typing, reload, undo): runs remember the revision
    /// they ran.
    pub revision: u64,
    /// The run shown on this document, if any (a live run on the simulator, or a replay).
    pub run: Option<crate::ui::run::RunSession>,
    /// The version this document is compared with, if any (View > Compare with…).
    pub compare: Option<crate::ui::compare::CompareSession>,
    /// Its workflow tests: the last results, the run in progress, coverage shown or not.
    pub tests: crate::ui::testing::TestsSession,
    /// The bundled template the document was made from, if any (its mocks and input).
    pub template: Option<usize>,
}

impl OpenDocument {
    /// A document for `text`, analysed.
    pub fn new(id: DocId, path: Option<PathBuf>, format: Format, text: String) -> OpenDocument {
        let mut doc = OpenDocument {
            id,
            // A new document is clean until edited; saving one without a file asks where.
            saved_text: Some(text.clone()),
            path,
            untitled_name: None,
            format,
            text,
            analysis: Analysis::default(),
            history: History::default(),
            view: ViewState {
                fit_pending: true,
                ..ViewState::default()
            },
            external_change: false,
            recovered_text: None,
            diagram_collapsed: BTreeSet::new(),
            code_layout: CodeLayoutCache::default(),
            revision: 0,
            run: None,
            compare: None,
            tests: Default::default(),
            template: None,
        };
        doc.reanalyse();
        doc
    }

    /// The name shown on the tab and in the title.
    pub fn title(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            None => self
                .untitled_name
                .clone()
                .unwrap_or_else(|| "Untitled".to_owned()),
        }
    }

    /// True when the text differs from the file (or from what it was created with).
    pub fn is_dirty(&self) -> bool {
        self.saved_text.as_deref() != Some(self.text.as_str())
    }

    /// The file's path, if it has one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The text and selection now, for the undo history.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            text: self.text.clone(),
            selection: self.view.selection.clone(),
        }
    }

    /// Puts a snapshot back (undo, redo).
    pub fn restore(&mut self, snapshot: Snapshot) {
        self.text = snapshot.text;
        self.view.selection = snapshot.selection;
        self.reanalyse();
    }

    /// Replaces the text (a command's edit, a reload), analysed at once.
    pub fn set_text(&mut self, text: String) {
        if text != self.text {
            self.text = text;
            self.reanalyse();
        }
    }

    /// The graph drawn now (of the last text that parsed).
    pub fn graph(&self) -> Option<&Graph> {
        self.analysis.diagram.as_deref().map(|d| &d.graph)
    }

    /// Redraws after the collapsed set changed (the text did not).
    pub fn relayout_if_collapsed_changed(&mut self) {
        if self.view.collapsed != self.diagram_collapsed {
            if let Some(doc) = &self.analysis.document {
                self.draw(Graph::from_document(doc));
            }
        }
    }

    /// The comparison with the current text, computed again when the text, the folding or (for
    /// a comparison with the saved file) the saved text changed; `None` when not comparing.
    pub fn refresh_compare(&mut self) -> Option<&crate::ui::compare::Shown> {
        let compare = self.compare.as_mut()?;
        if let Some(saved) = &self.saved_text {
            compare.follow_saved(saved, self.format);
        }
        compare.refresh(
            self.analysis.document.as_ref(),
            self.revision,
            &self.view.collapsed,
        )
    }

    /// True when a run is shown and the text changed since it started.
    pub fn run_is_stale(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.text != self.text)
    }

    /// Parses, validates, builds the graph and lays it out, from the current text (every change
    /// of the text comes through here, so it counts the revision too).
    pub fn reanalyse(&mut self) {
        self.revision += 1;
        match Document::parse(self.text.clone(), self.format) {
            Ok(document) => {
                // Validation and the graph read the same tree and nothing else: on a large
                // definition, doing them side by side takes a third off a keystroke's analysis.
                let (diagnostics, graph) = std::thread::scope(|scope| {
                    let validating = scope.spawn(|| {
                        let mut diagnostics = validate(&document);
                        diagnostics.sort_by_key(|d| d.severity);
                        diagnostics
                    });
                    let graph = Graph::from_document(&document);
                    // A panic in the validator goes on as it would have without the thread.
                    let diagnostics = validating
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (diagnostics, graph)
                });
                self.analysis.parse_problem = None;
                self.analysis.diagnostics = diagnostics;
                self.draw(graph);
                self.analysis.document = Some(document);
            }
            Err(error) => {
                self.analysis.document = None;
                self.analysis.diagnostics.clear();
                self.analysis.diagnostic_states.clear();
                self.analysis.parse_problem = Some(ParseProblem {
                    message: error.message,
                    position: error.position,
                    offset: error.offset,
                });
            }
        }
        // An arrow is selected in one drawing only.
        self.view.selected_edge = None;
        // Selection is kept by node id (the state's pointer); drop ids that no longer exist.
        if let Some(graph) = self.graph() {
            let alive: BTreeSet<NodeId> = self
                .view
                .selection
                .iter()
                .filter(|id| graph.node(id).is_some())
                .cloned()
                .collect();
            self.view.selection = alive;
        }
    }

    fn draw(&mut self, mut graph: Graph) {
        self.analysis.diagnostic_states =
            attach_diagnostics(&mut graph, &self.analysis.diagnostics);
        // Layout is a pure function of what is drawn: when a keystroke changed only what the
        // drawing does not show (a Comment, a parameter, positions in the text), keep the
        // geometry and take the new graph.
        if let Some(old) = &self.analysis.diagram {
            if self.diagram_collapsed == self.view.collapsed && same_drawing(&old.graph, &graph) {
                self.analysis.diagram = Some(Arc::new(with_layout_of(old, graph)));
                self.analysis.diagram_error = None;
                return;
            }
        }
        self.diagram_collapsed = self.view.collapsed.clone();
        self.analysis.layout_generation += 1;
        match Diagram::with_collapsed(graph, &self.view.collapsed) {
            Ok(diagram) => {
                self.analysis.diagram = Some(Arc::new(diagram));
                self.analysis.diagram_error = None;
            }
            Err(err) => self.analysis.diagram_error = Some(err.to_string()),
        }
    }

    /// The node id of the innermost state whose text holds `offset`, if any.
    pub fn state_at_offset(&self, offset: usize) -> Option<NodeId> {
        let graph = self.graph()?;
        graph
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::State && n.span.start <= offset && offset < n.span.end)
            .min_by_key(|n| n.span.end - n.span.start)
            .map(|n| n.id.clone())
    }
}

/// `graph` drawn with the geometry of `old` (which [`same_drawing`] found draws the same).
pub fn with_layout_of(old: &Diagram, graph: Graph) -> Diagram {
    Diagram {
        graph,
        width_px: old.width_px,
        height_px: old.height_px,
        nodes: old.nodes.clone(),
        edges: old.edges.clone(),
        crossings: old.crossings,
    }
}

/// True when two graphs draw the same picture: same nodes with the same drawn texts, same edges
/// and labels, same scopes (text positions and plain-words details may differ).
pub fn same_drawing(a: &Graph, b: &Graph) -> bool {
    a.edges == b.edges
        && a.scopes == b.scopes
        && a.nodes.len() == b.nodes.len()
        && a.nodes.iter().zip(&b.nodes).all(|(x, y)| {
            x.id == y.id
                && x.kind == y.kind
                && x.name == y.name
                && x.state_type == y.state_type
                && x.type_text == y.type_text
                && x.summary == y.summary
                && x.note == y.note
                && x.problems.is_empty() == y.problems.is_empty()
        })
}

/// Makes the canvas's problem badges come from the validator, by the rule every picture uses
/// ([`Graph::mark_diagnostics`]). Returns, for each diagnostic, the id and name of its state.
pub fn attach_diagnostics(
    graph: &mut Graph,
    diagnostics: &[Diagnostic],
) -> Vec<Option<(NodeId, String)>> {
    graph.mark_diagnostics(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"x","Next":"B"},"B":{"Type":"Succeed"}}}"#;

    #[test]
    fn a_change_the_drawing_does_not_show_keeps_the_layout() {
        let mut doc = OpenDocument::new(DocId(1), None, Format::Json, TEXT.to_owned());
        let before = doc.analysis.diagram.clone().expect("drawn");
        doc.set_text(TEXT.replace("\"x\"", "\"a longer comment\""));
        let after = doc.analysis.diagram.clone().expect("drawn");
        assert!(!Arc::ptr_eq(&before, &after), "the graph is the new one");
        assert_eq!(before.nodes, after.nodes, "same geometry");
        assert_eq!(
            after.graph.state_at("/States/A").map(|n| n.comment.clone()),
            Some(Some("a longer comment".into()))
        );
        doc.set_text(TEXT.replace("\"Pass\"", "\"Wait\",\"Seconds\":5"));
        let wait = doc.analysis.diagram.clone().expect("drawn");
        assert_ne!(after.nodes, wait.nodes, "a drawn change lays out again");
    }
}
