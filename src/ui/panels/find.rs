//! Find a state by name (Ctrl+F): fuzzy matching over the states' names, best first.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use statecraft_asl::graph::{Graph, NodeId, NodeKind};

/// The states whose names match `query`, best first (ties in document order), as (id, name).
pub fn find_states(graph: &Graph, query: &str) -> Vec<(NodeId, String)> {
    let states = graph.nodes.iter().filter(|n| n.kind == NodeKind::State);
    if query.trim().is_empty() {
        return states.map(|n| (n.id.clone(), n.name.clone())).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize, NodeId, String)> = states
        .enumerate()
        .filter_map(|(order, n)| {
            let score = pattern.score(Utf32Str::new(&n.name, &mut buf), &mut matcher)?;
            Some((score, order, n.id.clone(), n.name.clone()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .map(|(_, _, id, name)| (id, name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_asl::{Document, Format};

    #[test]
    fn fuzzy_matches_best_first() {
        let doc = Document::parse(
            r#"{"StartAt":"Charge card","States":{
                "Charge card":{"Type":"Pass","Next":"Check stock"},
                "Check stock":{"Type":"Pass","Next":"Ship"},
                "Ship":{"Type":"Succeed"}}}"#,
            Format::Json,
        )
        .expect("parses");
        let graph = Graph::from_document(&doc);
        let found = find_states(&graph, "chst");
        assert_eq!(found.first().map(|f| f.1.as_str()), Some("Check stock"));
        assert!(find_states(&graph, "zzz").is_empty());
        assert_eq!(find_states(&graph, "").len(), 3);
        assert_eq!(find_states(&graph, "SHIP")[0].1, "Ship");
    }
}
