//! SVGs and review pages embed the glyphs they draw from the bundled font, so browsers draw the
//! text with the font its boxes were measured with, whatever fonts the machine has.

#![allow(clippy::unwrap_used)] // helpers shared by the tests below

mod common;

use std::collections::BTreeSet;

use base64::Engine as _;
use statecraft_export::{
    display_list, html, svg, svg_of_display_list, text_width_px, Diagram, DisplayItem,
    DisplayOptions, HtmlOptions, SvgOptions, Theme, LIGHT,
};

/// A small workflow whose names go beyond ASCII.
const SMALL: &str = r#"{
  "Comment": "Orders",
  "StartAt": "Vérifier la commande",
  "States": {
    "Vérifier la commande": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Catch": [{"ErrorEquals": ["Zahlung.Überfällig"], "Next": "Échec – remboursé"}],
      "Next": "Payé ?"},
    "Payé ?": {"Type": "Choice",
      "Choices": [{"Variable": "$.paid", "BooleanEquals": true, "Next": "Fertig ✓"}],
      "Default": "Échec – remboursé"},
    "Fertig ✓": {"Type": "Succeed"},
    "Échec – remboursé": {"Type": "Fail", "Error": "Zahlung.Überfällig"}
  }
}"#;

fn small() -> Diagram {
    Diagram::from_document(&common::doc(SMALL)).unwrap()
}

/// The `@font-face` rules of an SVG's or page's text: (weight, font bytes, family).
fn font_faces(text: &str) -> Vec<(String, Vec<u8>, String)> {
    text.split("@font-face {")
        .skip(1)
        .map(|rule| {
            // Declarations end with "; " (the data URL holds a bare `;`).
            let rule = &rule[..rule.find('}').unwrap()];
            let value = |name: &str| {
                let at = rule.find(&format!("{name}: ")).unwrap() + name.len() + 2;
                rule[at..at + rule[at..].find("; ").unwrap()].to_owned()
            };
            let data = value("src");
            let data = data
                .strip_prefix("url(data:font/ttf;base64,")
                .and_then(|d| d.strip_suffix(") format(\"truetype\")"))
                .unwrap();
            let font = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            (
                value("font-weight"),
                font,
                value("font-family").trim_matches('"').to_owned(),
            )
        })
        .collect()
}

/// The characters of the SVG's `<text>` elements (tooltips left out), regular and bold apart.
fn text_chars(svg_text: &str) -> (BTreeSet<char>, BTreeSet<char>) {
    let xml = roxmltree::Document::parse(svg_text).unwrap();
    let (mut regular, mut bold) = (BTreeSet::new(), BTreeSet::new());
    for node in xml.descendants().filter(|n| n.has_tag_name("text")) {
        let set = if node.attribute("font-weight") == Some("bold") {
            &mut bold
        } else {
            &mut regular
        };
        for child in node.children().filter(|c| c.is_text()) {
            set.extend(child.text().unwrap().chars());
        }
    }
    (regular, bold)
}

#[test]
fn the_svg_embeds_a_subset_with_every_glyph_its_text_uses() {
    let picture = svg(&small(), &SvgOptions::default());
    let xml = roxmltree::Document::parse(&picture).unwrap();
    let root = xml.root_element();
    // One style block, right under the root, with one rule per weight.
    let styles: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .collect();
    assert_eq!(styles.len(), 1);
    assert_eq!(styles[0].parent(), Some(root));
    let faces = font_faces(&picture);
    let weights: Vec<&str> = faces.iter().map(|(w, _, _)| w.as_str()).collect();
    assert_eq!(weights, ["normal", "bold"]);
    // The text names the embedded family first, then the font by name, then the generic one.
    let family = &faces[0].2;
    assert!(faces.iter().all(|(_, _, f)| f == family));
    let stack = root.attribute("font-family").unwrap();
    assert_eq!(
        stack,
        format!("{family}, {}, sans-serif", statecraft_export::FONT_FAMILY)
    );

    let (regular, bold) = text_chars(&picture);
    assert!(
        regular.contains(&'ä') && bold.contains(&'✓'),
        "{regular:?} {bold:?}"
    );
    for ((weight, font, _), chars) in faces.iter().zip([&regular, &bold]) {
        let is_bold = weight == "bold";
        let face = ttf_parser::Face::parse(font, 0).unwrap();
        assert_eq!(face.is_bold(), is_bold);
        // A subset: the glyphs of the text (and .notdef, and the parts of composite glyphs
        // such as accented letters), not the thousands of the whole font.
        assert!(
            usize::from(face.number_of_glyphs()) < chars.len() + 20,
            "{weight}: {} glyphs for {} characters",
            face.number_of_glyphs(),
            chars.len()
        );
        let em = f32::from(face.units_per_em());
        for &c in chars {
            let glyph = face
                .glyph_index(c)
                .unwrap_or_else(|| panic!("{weight}: no glyph for {c:?}"));
            // The same advance as the boxes were measured with.
            let advance = f32::from(face.glyph_hor_advance(glyph).unwrap());
            assert_eq!(advance, text_width_px(&c.to_string(), em, is_bold), "{c:?}");
            if !c.is_whitespace() {
                assert!(
                    face.outline_glyph(glyph, &mut Outline).is_some(),
                    "{weight}: {c:?} has an outline"
                );
            }
        }
        // Characters the text does not use are left out.
        assert!(face.glyph_index('Q').is_none(), "{weight}");
    }
}

/// An outline sink that only lets `outline_glyph` report whether there is an outline.
struct Outline;

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

#[test]
fn the_review_page_carries_the_font_once() {
    let diagram = small();
    let page = html(
        &diagram,
        &HtmlOptions {
            title: Some("Orders"),
            overlay: None,
            events: None,
        },
    );
    assert_eq!(page.matches("@font-face").count(), 2, "one rule per weight");
    assert_eq!(page.matches("data:font/ttf;base64,").count(), 2);
    assert_eq!(
        page.matches("<style>").count(),
        2,
        "the page's and the SVG's"
    );
    // The page embeds exactly the fonts of the picture on its own.
    let picture = svg(&diagram, &SvgOptions::default());
    assert_eq!(font_faces(&page), font_faces(&picture));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let first = svg(&small(), &SvgOptions::default());
    let second = svg(&small(), &SvgOptions::default());
    assert!(first == second, "two SVGs of one workflow differ");
    let page = |d: &Diagram| html(d, &HtmlOptions::default());
    assert!(page(&small()) == page(&small()), "two pages differ");
}

#[test]
fn a_picture_without_text_embeds_no_font() {
    let diagram = small();
    let mut list = display_list(
        &diagram,
        &DisplayOptions {
            marks: None,
            theme: Theme::Light,
        },
    );
    for group in &mut list.groups {
        group
            .items
            .retain(|item| !matches!(item, DisplayItem::Text { .. }));
    }
    let picture = svg_of_display_list(&list, &LIGHT, &SvgOptions::default());
    assert!(!picture.contains("<style>") && !picture.contains("@font-face"));
    assert!(picture.contains(" font-family=\"DejaVu Sans, sans-serif\" "));
}

#[test]
fn corpus_svgs_grow_by_tens_of_kilobytes() {
    for part in ["saga-pattern-sam", "quorum-with-parallel-pattern"] {
        let path = common::workflows()
            .into_iter()
            .find(|p| p.to_string_lossy().contains(part))
            .unwrap();
        let doc = statecraft_asl::Document::load(&path).unwrap();
        let diagram = Diagram::from_document(&doc).unwrap();
        let picture = svg(&diagram, &SvgOptions::default());
        let fonts: usize = font_faces(&picture).iter().map(|(_, f, _)| f.len()).sum();
        // Two faces of about 25 KB each (most of it the licence in the `name` table).
        assert!(fonts < 80_000, "{part}: {fonts} bytes of fonts");
        assert!(picture.len() < 200_000, "{part}: {} bytes", picture.len());
    }
}
