//! Every corpus workflow lays out and exports: well-formed SVG, sane Mermaid, PNGs that decode.

mod common;

use statecraft_asl::Document;
use statecraft_export::{mermaid, png, svg, text_width_px, Diagram, ExportError, SvgOptions};

/// Checks the Mermaid text line by line: known statements, generated ids, quoted labels.
fn check_mermaid(text: &str, name: &str) {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart TD"), "{name}");
    let mut depth = 0_i32;
    for line in lines {
        let line = line.trim();
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "{name}: unbalanced quotes in {line:?}"
        );
        assert!(
            !line.contains('<') || line.contains("<br/>"),
            "{name}: raw markup in {line:?}"
        );
        let first = line.split([' ', '[', '(', '{']).next().unwrap_or("");
        match first {
            "subgraph" => depth += 1,
            "end" => depth -= 1,
            "direction" | "classDef" | "class" => {}
            id => {
                assert!(
                    id.starts_with('s') && id[1..].chars().all(|c| c.is_ascii_digit() || c == '_'),
                    "{name}: unexpected id {id:?} in {line:?}"
                );
                // A node's text is quoted right after its shape opens.
                let rest = &line[id.len()..];
                if let Some(shape) = rest.chars().next().filter(|c| "[({".contains(*c)) {
                    let opened = rest.trim_start_matches(['[', '(', '{']);
                    assert!(
                        opened.starts_with('"'),
                        "{name}: unquoted label in {line:?} ({shape})"
                    );
                }
                if line.contains('|') {
                    let label = line.split('|').nth(1).unwrap_or("");
                    assert!(
                        label.starts_with('"') && label.ends_with('"'),
                        "{name}: unquoted edge label in {line:?}"
                    );
                }
            }
        }
    }
    assert_eq!(depth, 0, "{name}: every subgraph ends");
}

#[test]
fn every_corpus_workflow_exports_well_formed_svg_and_mermaid() {
    let mut workflows = 0;
    let mut crossings = 0;
    let mut most = (0, String::new());
    for path in common::workflows() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let diagram = Diagram::from_document(&doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(diagram.nodes.len(), diagram.graph.nodes.len(), "{name}");
        for node in &diagram.nodes {
            assert!(
                node.rect.width_px > 0.0 && node.rect.height_px > 0.0,
                "{name}: {}",
                node.id
            );
            // Every line of text fits in its box (names and notes are bold).
            let inner = node.rect.width_px - 2.0 * 12.0 + 0.5;
            let lines = node
                .name_lines
                .iter()
                .map(|l| (l.as_str(), 13.0, true))
                .chain([(node.summary.as_str(), 11.0, false)])
                .chain(node.note.iter().map(|n| (n.as_str(), 11.0, true)));
            if node.kind == statecraft_asl::graph::NodeKind::State {
                for (line, size, bold) in lines {
                    assert!(
                        text_width_px(line, size, bold) <= inner,
                        "{name}: {line:?} overflows {}",
                        node.id
                    );
                }
            }
            assert!(
                node.rect.right_px() <= diagram.width_px
                    && node.rect.bottom_px() <= diagram.height_px,
                "{name}: {} lies inside the drawing",
                node.id
            );
        }
        let text = svg(&diagram, &SvgOptions::default());
        let xml = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let texts = xml.descendants().filter(|n| n.has_tag_name("text")).count();
        assert!(
            texts >= diagram.graph.states().count(),
            "{name}: text stays text"
        );
        check_mermaid(&mermaid(&diagram.graph), &name);
        crossings += diagram.crossings;
        if diagram.crossings > most.0 {
            most = (diagram.crossings, name.clone());
        }
        workflows += 1;
    }
    println!(
        "export corpus: {workflows} workflows, {crossings} edge crossings in total (most: {} in {})",
        most.0, most.1
    );
    assert_eq!(workflows, 201);
}

#[test]
fn png_decodes_and_scales() {
    let path = common::workflows()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("saga-pattern-sam"))
        .unwrap();
    let diagram = Diagram::from_document(&Document::load(&path).unwrap()).unwrap();
    let mut sizes = Vec::new();
    for scale in [1.0, 2.0] {
        let bytes = png(&diagram, &SvgOptions::default(), scale).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&bytes).unwrap();
        // Text was drawn: some pixels are dark (the bundled font is loaded, not system fonts).
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| p.alpha() > 0 && p.red() < 60 && p.green() < 60 && p.blue() < 60)
            .count();
        assert!(dark > 500, "scale {scale}: {dark} dark pixels");
        sizes.push((pixmap.width(), pixmap.height()));
    }
    assert_eq!(sizes[0].0, diagram.width_px.ceil() as u32);
    assert!(sizes[1].0.abs_diff(sizes[0].0 * 2) <= 2, "{sizes:?}");
    assert!(sizes[1].1.abs_diff(sizes[0].1 * 2) <= 2, "{sizes:?}");
    assert!(matches!(
        png(&diagram, &SvgOptions::default(), 100.0),
        Err(ExportError::Size { scale, .. }) if scale == 100.0
    ));
}
