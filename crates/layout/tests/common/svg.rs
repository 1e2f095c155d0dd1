//! Minimal SVG drawing of a layout, for looking at it.

use std::fmt::Write;

use statecraft_layout::Layout;

pub fn to_svg(layout: &Layout) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">"#,
        w = layout.width_px,
        h = layout.height_px
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for c in &layout.containers {
        let r = c.rect;
        let _ = writeln!(
            svg,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#f4f6fb" stroke="#7a86a8" rx="6"/>"##,
            r.x_px, r.y_px, r.width_px, r.height_px
        );
        let h = c.header;
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}">{}</text>"##,
            h.x_px + 8.0,
            h.y_px + h.height_px / 2.0 + 4.0,
            c.id
        );
        for l in &c.lanes {
            let _ = writeln!(
                svg,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#9aa5c4" stroke-dasharray="4 3" rx="4"/>"##,
                l.x_px, l.y_px, l.width_px, l.height_px
            );
        }
    }
    for n in &layout.nodes {
        if layout.container(&n.id).is_some() {
            continue;
        }
        let r = n.rect;
        let _ = writeln!(
            svg,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#e8f0ff" stroke="#335" rx="4"/>"##,
            r.x_px, r.y_px, r.width_px, r.height_px
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="middle">{}</text>"##,
            r.x_px + r.width_px / 2.0,
            r.y_px + r.height_px / 2.0 + 4.0,
            n.id
        );
    }
    for e in &layout.edges {
        let points: Vec<String> = e
            .points
            .iter()
            .map(|p| format!("{},{}", p.x_px, p.y_px))
            .collect();
        let colour = if e.is_back_edge { "#c33" } else { "#333" };
        let _ = writeln!(
            svg,
            r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="1.3"/>"##,
            points.join(" ")
        );
        if let Some(last) = e.points.last() {
            let _ = writeln!(
                svg,
                r##"<circle cx="{}" cy="{}" r="2.5" fill="{colour}"/>"##,
                last.x_px, last.y_px
            );
        }
        if let Some(l) = e.label {
            let _ = writeln!(
                svg,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fff8d0" stroke="#bb9" rx="3"/>"##,
                l.x_px, l.y_px, l.width_px, l.height_px
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" text-anchor="middle" font-size="9">{:?}</text>"##,
                l.x_px + l.width_px / 2.0,
                l.y_px + l.height_px / 2.0 + 3.0,
                e.kind
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
