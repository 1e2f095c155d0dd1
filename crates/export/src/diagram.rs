//! A graph measured with the bundled font and laid out: what SVG, PNG and HTML draw.

use std::collections::BTreeSet;

use statecraft_asl::graph::{EdgeKind, Graph, NodeId, NodeKind, ScopeId, ScopeKind};
use statecraft_asl::model::StateType;
use statecraft_asl::Document;
use statecraft_layout::{
    layout, ContainerBox, ContainerSpec, EdgeKind as LayoutEdgeKind, LayoutPoint, LayoutRect,
    LayoutRequest, ScopeRef, SizePx, Spacing,
};

use crate::text::{ellipsize, text_width_px, wrap};
use crate::ExportError;

/// Horizontal padding inside a state box.
pub(crate) const PAD_X: f32 = 12.0;
/// Top and bottom padding inside a state box.
pub(crate) const PAD_Y: f32 = 8.0;
/// Font size of the type label above the name.
pub(crate) const TYPE_SIZE: f32 = 9.0;
/// Height of the type label's line.
pub(crate) const TYPE_LINE: f32 = 12.0;
/// Font size of state names (bold).
pub(crate) const NAME_SIZE: f32 = 13.0;
/// Height of a name line.
pub(crate) const NAME_LINE: f32 = 17.0;
/// Font size of summaries.
pub(crate) const SUMMARY_SIZE: f32 = 11.0;
/// Height of a summary (or note) line.
pub(crate) const SUMMARY_LINE: f32 = 15.0;
/// Font size of edge labels.
pub(crate) const LABEL_SIZE: f32 = 10.5;
/// Height of an edge label line.
pub(crate) const LABEL_LINE: f32 = 13.0;
/// Font size of lane titles.
pub(crate) const LANE_TITLE_SIZE: f32 = 10.0;
/// Diameter of the Start and End circles.
pub(crate) const MARKER_DIAMETER: f32 = 44.0;

const MIN_BOX_WIDTH: f32 = 150.0;
const MAX_BOX_WIDTH: f32 = 250.0;
const MAX_LABEL_WIDTH: f32 = 180.0;

/// One drawn node: a state box, a container, a Start/End circle or a missing-state marker.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramNode {
    /// The graph node's id.
    pub id: NodeId,
    /// What the node stands for.
    pub kind: NodeKind,
    /// The state's type, when known.
    pub state_type: Option<StateType>,
    /// The box (for a container: the whole container).
    pub rect: LayoutRect,
    /// The small type label above the name ("TASK", "CHOICE"; empty for markers).
    pub type_label: String,
    /// The name, wrapped to at most two lines.
    pub name_lines: Vec<String>,
    /// The summary, cut to the box width.
    pub summary: String,
    /// The note ("waits for completion", drawn bold), cut to the box width.
    pub note: Option<String>,
    /// True when the state has a problem (drawn with a warning mark).
    pub has_problem: bool,
    /// For Parallel and Map states: the header and lanes of the container box.
    pub container: Option<ContainerBox>,
    /// Titles of the container's lanes, in lane order.
    pub lane_titles: Vec<String>,
    /// A Parallel or Map state drawn as a plain box, its branches left out of the diagram.
    pub collapsed: bool,
}

/// One drawn edge.
#[derive(Debug, Clone, PartialEq)]
pub struct DiagramEdge {
    /// Source node id.
    pub from: NodeId,
    /// Target node id.
    pub to: NodeId,
    /// The transition's kind.
    pub kind: EdgeKind,
    /// The route, from the source's border to the target's border (arrow at the end).
    pub points: Vec<LayoutPoint>,
    /// The label, wrapped to at most two lines (empty: no label).
    pub label_lines: Vec<String>,
    /// Where the label goes.
    pub label_rect: Option<LayoutRect>,
}

/// A graph laid out for drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The graph drawn.
    pub graph: Graph,
    /// Width of the drawing, margins included.
    pub width_px: f32,
    /// Height of the drawing, margins included.
    pub height_px: f32,
    /// Every node, in graph order (but those inside collapsed containers).
    pub nodes: Vec<DiagramNode>,
    /// Every edge, in graph order (but those of nodes inside collapsed containers).
    pub edges: Vec<DiagramEdge>,
    /// Number of edge crossings in the drawing (from the layout).
    pub crossings: usize,
}

impl Diagram {
    /// Extracts the graph of a document and lays it out.
    pub fn from_document(doc: &Document) -> Result<Diagram, ExportError> {
        Diagram::new(Graph::from_document(doc))
    }

    /// Measures and lays out a graph.
    pub fn new(graph: Graph) -> Result<Diagram, ExportError> {
        Diagram::with_collapsed(graph, &BTreeSet::new())
    }

    /// Measures and lays out a graph, drawing the Parallel and Map states whose node id is in
    /// `collapsed` as plain boxes ("3 branches, collapsed"): the nodes and edges of their
    /// branches are left out of [`Diagram::nodes`] and [`Diagram::edges`] (the graph keeps them).
    pub fn with_collapsed(
        graph: Graph,
        collapsed: &BTreeSet<NodeId>,
    ) -> Result<Diagram, ExportError> {
        let hidden: BTreeSet<&NodeId> = graph
            .nodes
            .iter()
            .filter(|n| inside_collapsed(&graph, &n.scope, collapsed))
            .map(|n| &n.id)
            .collect();
        let mut request = LayoutRequest::new();
        request.spacing = Spacing {
            lane_padding_px: 22,
            ..Spacing::default()
        };
        let mut measured: Vec<DiagramNode> = Vec::with_capacity(graph.nodes.len());
        for node in &graph.nodes {
            if hidden.contains(&node.id) {
                continue;
            }
            let owned: Vec<_> = graph.scopes_owned_by(&node.id).collect();
            let fold = !owned.is_empty() && collapsed.contains(&node.id);
            let (mut drawn, size) = if fold {
                let summary = match node.state_type {
                    Some(StateType::Map) => format!(
                        "{}, collapsed",
                        owned.first().map_or("Item processor", |s| s.title.as_str())
                    ),
                    _ if owned.len() == 1 => "1 branch, collapsed".to_owned(),
                    _ => format!("{} branches, collapsed", owned.len()),
                };
                let mut folded = node.clone();
                folded.summary = summary;
                let (mut drawn, size) = measure_node(&folded);
                drawn.collapsed = true;
                (drawn, size)
            } else {
                measure_node(node)
            };
            let scope = scope_ref(&graph, &node.scope);
            let key = node.id.to_string();
            request.node_in(scope, key.clone(), size);
            if !owned.is_empty() && !fold {
                let header_px = (size.height_px).max(ContainerSpec::DEFAULT_HEADER_PX);
                let mut spec = match node.state_type {
                    Some(StateType::Map) => ContainerSpec::map(key),
                    _ => ContainerSpec::parallel(key, owned.len() as u32),
                };
                spec.header_px = header_px;
                request.container(spec);
                drawn.lane_titles = owned.iter().map(|s| s.title.clone()).collect();
            }
            measured.push(drawn);
        }
        let shown: Vec<_> = graph
            .edges
            .iter()
            .filter(|e| !hidden.contains(&e.from) && !hidden.contains(&e.to))
            .collect();
        let mut labels: Vec<Vec<String>> = Vec::with_capacity(shown.len());
        for edge in &shown {
            let kind = match edge.kind {
                EdgeKind::Start | EdgeKind::End => LayoutEdgeKind::Other,
                EdgeKind::Next => LayoutEdgeKind::Next,
                EdgeKind::Choice { .. } => LayoutEdgeKind::Choice,
                EdgeKind::Default => LayoutEdgeKind::Default,
                EdgeKind::Catch { .. } => LayoutEdgeKind::Catch,
            };
            let lines = edge
                .label
                .as_deref()
                .map(|l| wrap(l, LABEL_SIZE, false, MAX_LABEL_WIDTH, 2))
                .unwrap_or_default();
            if lines.is_empty() {
                request.edge(edge.from.to_string(), edge.to.to_string(), kind);
            } else {
                let width = lines
                    .iter()
                    .map(|l| text_width_px(l, LABEL_SIZE, false))
                    .fold(0.0, f32::max);
                let size = SizePx::new(
                    (width + 10.0).ceil() as u32,
                    (lines.len() as f32 * LABEL_LINE + 5.0).ceil() as u32,
                );
                request.labelled_edge(edge.from.to_string(), edge.to.to_string(), kind, size);
            }
            labels.push(lines);
        }
        let drawing = layout(&request)?;
        let crossings = statecraft_layout::count_crossings(&drawing);
        for node in &mut measured {
            let key = node.id.to_string();
            if let Some(placed) = drawing.node(&key) {
                node.rect = placed.rect;
            }
            node.container = drawing.container(&key).cloned();
        }
        let edges = shown
            .iter()
            .zip(labels)
            .zip(&drawing.edges)
            .map(|((edge, label_lines), route)| DiagramEdge {
                from: edge.from.clone(),
                to: edge.to.clone(),
                kind: edge.kind.clone(),
                points: route.points.clone(),
                label_rect: route.label,
                label_lines,
            })
            .collect();
        Ok(Diagram {
            width_px: drawing.width_px,
            height_px: drawing.height_px,
            nodes: measured,
            edges,
            crossings,
            graph,
        })
    }

    /// The drawn node with this id.
    pub fn node(&self, id: &NodeId) -> Option<&DiagramNode> {
        self.nodes.iter().find(|n| n.id == *id)
    }
}

/// True when the scope lies (at any depth) in a container whose id is in `collapsed`.
fn inside_collapsed(graph: &Graph, scope_id: &ScopeId, collapsed: &BTreeSet<NodeId>) -> bool {
    let mut scope = graph.scope(scope_id);
    // Scopes nest no deeper than the graph has nodes; the bound guards against a cycle.
    for _ in 0..=graph.nodes.len() {
        let Some(owner) = scope.and_then(|s| s.owner.as_ref()) else {
            return false;
        };
        if collapsed.contains(owner) {
            return true;
        }
        scope = graph.node(owner).and_then(|n| graph.scope(&n.scope));
    }
    false
}

fn scope_ref(graph: &Graph, scope_id: &ScopeId) -> ScopeRef {
    match graph.scope(scope_id) {
        Some(scope) => match (&scope.owner, scope.kind) {
            (Some(owner), ScopeKind::Branch(index)) => {
                ScopeRef::branch(owner.to_string(), index as u32)
            }
            (Some(owner), ScopeKind::MapProcessor) => ScopeRef::branch(owner.to_string(), 0),
            _ => ScopeRef::Root,
        },
        None => ScopeRef::Root,
    }
}

/// The texts of a node and the size of its box.
fn measure_node(node: &statecraft_asl::graph::GraphNode) -> (DiagramNode, SizePx) {
    let mut drawn = DiagramNode {
        id: node.id.clone(),
        kind: node.kind,
        state_type: node.state_type,
        rect: LayoutRect::default(),
        type_label: String::new(),
        name_lines: vec![node.name.clone()],
        summary: String::new(),
        note: None,
        has_problem: !node.problems.is_empty(),
        container: None,
        lane_titles: Vec::new(),
        collapsed: false,
    };
    if matches!(node.kind, NodeKind::Start | NodeKind::End) {
        let d = MARKER_DIAMETER as u32;
        return (drawn, SizePx::new(d, d));
    }
    drawn.type_label = match node.kind {
        NodeKind::Missing => "MISSING STATE".to_owned(),
        _ => match (&node.state_type, &node.type_text) {
            (Some(t), _) => t.as_str().to_ascii_uppercase(),
            (None, Some(text)) => format!("UNKNOWN TYPE {}", text.to_ascii_uppercase()),
            (None, None) => "NOT A STATE".to_owned(),
        },
    };
    let inner_max = MAX_BOX_WIDTH - 2.0 * PAD_X;
    let problem_mark = if drawn.has_problem { 16.0 } else { 0.0 };
    let name_width = text_width_px(&node.name, NAME_SIZE, true);
    let summary_width = text_width_px(&node.summary, SUMMARY_SIZE, false);
    let note_width = node
        .note
        .as_deref()
        .map_or(0.0, |n| text_width_px(n, SUMMARY_SIZE, true));
    let type_width = text_width_px(&drawn.type_label, TYPE_SIZE, true) + problem_mark;
    let content = name_width
        .max(summary_width)
        .max(note_width)
        .max(type_width)
        .min(inner_max);
    let width = (content + 2.0 * PAD_X)
        .clamp(MIN_BOX_WIDTH, MAX_BOX_WIDTH)
        .ceil();
    let inner = width - 2.0 * PAD_X;
    drawn.name_lines = wrap(&node.name, NAME_SIZE, true, inner, 2);
    drawn.summary = ellipsize(&node.summary, SUMMARY_SIZE, false, inner);
    drawn.note = node
        .note
        .as_deref()
        .map(|n| ellipsize(n, SUMMARY_SIZE, true, inner));
    let mut height = PAD_Y * 2.0 + TYPE_LINE + NAME_LINE * drawn.name_lines.len() as f32;
    if !drawn.summary.is_empty() {
        height += SUMMARY_LINE;
    }
    if drawn.note.is_some() {
        height += SUMMARY_LINE;
    }
    (drawn, SizePx::new(width as u32, height.ceil() as u32))
}
