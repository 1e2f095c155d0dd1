//! Mermaid flowchart text that renders in GitHub's markdown.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use statecraft_asl::graph::{EdgeKind, Graph, NodeId, NodeKind, ScopeId, ScopeKind};
use statecraft_asl::model::StateType;

use crate::marks::{EdgeLook, Marks, StateLook};

/// The graph as a Mermaid `flowchart TD`: states as boxes (Choice as a rhombus, Start/End as
/// circles), Parallel branches and Map processors as subgraphs, Catch edges dotted. Ids are
/// generated (`s0`, `s1`, ...); every label is quoted with `"` written as `#quot;`.
pub fn mermaid(graph: &Graph) -> String {
    mermaid_marked(graph, None)
}

/// [`mermaid`] with an overlay's marks: marked states take the classes `added`, `changed`,
/// `removed` (dashed) or the run status's name, marked transitions a `linkStyle` in the same
/// colours.
pub fn mermaid_marked(graph: &Graph, marks: Option<&Marks>) -> String {
    let ids: BTreeMap<&NodeId, String> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (&n.id, format!("s{i}")))
        .collect();
    let id_of = |node: &NodeId| {
        ids.get(node)
            .cloned()
            .unwrap_or_else(|| "unknown".to_owned())
    };
    let mut out = String::from("flowchart TD\n");
    write_scope(&mut out, graph, &ScopeId::root(), 1, &id_of);
    let mut link_styles: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (index, edge) in graph.edges.iter().enumerate() {
        if let Some(look) = marks.and_then(|m| m.edge_look(&edge.from, &edge.to, &edge.kind)) {
            let style = match look {
                EdgeLook::Added | EdgeLook::Tested => "stroke:#1d8102,stroke-width:2.5px",
                EdgeLook::Removed | EdgeLook::Untested => {
                    "stroke:#d13212,stroke-width:2px,stroke-dasharray:4 3"
                }
                EdgeLook::Taken => "stroke:#0972d3,stroke-width:2.5px",
            };
            link_styles
                .entry(style)
                .or_default()
                .push(index.to_string());
        }
        let (from, to) = (id_of(&edge.from), id_of(&edge.to));
        let label = edge.label.as_deref().map(quote);
        let arrow = match edge.kind {
            EdgeKind::Catch { .. } => "-.->",
            _ => "-->",
        };
        match label {
            Some(label) => {
                let _ = writeln!(out, "    {from} {arrow}|{label}| {to}");
            }
            None => {
                let _ = writeln!(out, "    {from} {arrow} {to}");
            }
        }
    }
    // Styles by state type.
    let _ = writeln!(out, "    classDef task fill:#eaf2fe,stroke:#3b7ddd");
    let _ = writeln!(out, "    classDef choice fill:#fff5e0,stroke:#e29a12");
    let _ = writeln!(out, "    classDef flow fill:#f2f4f7,stroke:#7a8699");
    let _ = writeln!(out, "    classDef succeed fill:#e8f8ee,stroke:#2fa85a");
    let _ = writeln!(out, "    classDef fail fill:#fdeced,stroke:#dc3c3c");
    let _ = writeln!(
        out,
        "    classDef problem fill:#fff5f5,stroke:#d13212,stroke-dasharray:5 4"
    );
    let looks = node_looks(graph, marks);
    for look in looks.values().collect::<std::collections::BTreeSet<_>>() {
        let style = match look {
            StateLook::Added | StateLook::Tested => "fill:#e6f4e1,stroke:#1d8102,stroke-width:2px",
            StateLook::Changed | StateLook::Renamed => {
                "fill:#fff4dc,stroke:#d18b00,stroke-width:2px"
            }
            StateLook::Removed | StateLook::Untested => {
                "fill:#fdf0ef,stroke:#d13212,stroke-dasharray:5 4"
            }
            StateLook::Run(_) => continue,
        };
        let _ = writeln!(out, "    classDef {} {style}", look.css_name());
    }
    let mut classes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for node in &graph.nodes {
        if let Some(look) = looks.get(&node.id) {
            if look.run_status().is_none() {
                classes
                    .entry(look.css_name())
                    .or_default()
                    .push(id_of(&node.id));
                continue;
            }
        }
        let class = match (node.kind, node.state_type) {
            (NodeKind::Missing, _) | (NodeKind::State, None) => "problem",
            (NodeKind::State, Some(StateType::Task)) => "task",
            (NodeKind::State, Some(StateType::Choice)) => "choice",
            (NodeKind::State, Some(StateType::Succeed)) => "succeed",
            (NodeKind::State, Some(StateType::Fail)) => "fail",
            (NodeKind::State, Some(_)) => "flow",
            _ => continue,
        };
        classes.entry(class).or_default().push(id_of(&node.id));
    }
    for (class, members) in classes {
        let _ = writeln!(out, "    class {} {class}", members.join(","));
    }
    for (style, edges) in link_styles {
        let _ = writeln!(out, "    linkStyle {} {style}", edges.join(","));
    }
    out
}

/// The marked look of each state node.
fn node_looks<'g>(graph: &'g Graph, marks: Option<&Marks>) -> BTreeMap<&'g NodeId, StateLook> {
    let Some(marks) = marks else {
        return BTreeMap::new();
    };
    graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::State)
        .filter_map(|n| {
            marks
                .states
                .get(&n.id)
                .and_then(|m| m.look)
                .map(|l| (&n.id, l))
        })
        .collect()
}

fn write_scope(
    out: &mut String,
    graph: &Graph,
    scope: &ScopeId,
    depth: usize,
    id_of: &dyn Fn(&NodeId) -> String,
) {
    let indent = "    ".repeat(depth);
    for node in graph.nodes.iter().filter(|n| n.scope == *scope) {
        let id = id_of(&node.id);
        let owned: Vec<_> = graph.scopes_owned_by(&node.id).collect();
        if !owned.is_empty() {
            let title = format!("{}: {}", node.name, node.summary);
            let _ = writeln!(out, "{indent}subgraph {id}[{}]", quote(&title));
            let _ = writeln!(out, "{indent}    direction TB");
            for (i, sub) in owned.iter().enumerate() {
                let title = match sub.kind {
                    ScopeKind::Branch(n) => format!("Branch {}", n + 1),
                    _ => sub.title.clone(),
                };
                let _ = writeln!(out, "{indent}    subgraph {id}_{i}[{}]", quote(&title));
                write_scope(out, graph, &sub.id, depth + 2, id_of);
                let _ = writeln!(out, "{indent}    end");
            }
            let _ = writeln!(out, "{indent}end");
            continue;
        }
        let text = match node.kind {
            NodeKind::Start | NodeKind::End => node.name.clone(),
            NodeKind::Missing => format!("{} (missing state)", node.name),
            NodeKind::State => {
                let mut t = format!(
                    "{}<br/>{}",
                    escape_label(&node.name),
                    escape_label(&node.summary)
                );
                if let Some(note) = &node.note {
                    t.push_str(&format!("<br/><i>{}</i>", escape_label(note)));
                }
                if !node.problems.is_empty() {
                    t.push_str("<br/>⚠ problem");
                }
                let _ = writeln!(
                    out,
                    "{indent}{id}{}",
                    shape(node.state_type, &format!("\"{t}\""))
                );
                continue;
            }
        };
        let shape = if matches!(node.id, NodeId::Start | NodeId::End) {
            format!("(({}))", quote(&text))
        } else {
            format!("[{}]", quote(&text))
        };
        let _ = writeln!(out, "{indent}{id}{shape}");
    }
}

fn shape(state_type: Option<StateType>, label: &str) -> String {
    match state_type {
        Some(StateType::Choice) => format!("{{{label}}}"),
        Some(StateType::Succeed) | Some(StateType::Fail) => format!("([{label}])"),
        _ => format!("[{label}]"),
    }
}

/// A label in double quotes, with characters Mermaid would read as syntax written as entities.
fn quote(text: &str) -> String {
    format!("\"{}\"", escape_label(text))
}

/// Mermaid's entity escapes (`#quot;`, `#lt;`, ...) for text inside a quoted label.
fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
