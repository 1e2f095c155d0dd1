//! PNG through resvg, with the bundled font loaded into usvg's font database so that pictures
//! never depend on the fonts of the machine.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::diagram::Diagram;
use crate::svg::{svg_with_font, SvgOptions};
use crate::text::{BOLD_TTF, FONT_FAMILY, REGULAR_TTF};
use crate::ExportError;

/// Largest side of a PNG, in pixels.
const MAX_SIDE_PX: f32 = 20_000.0;

/// Most pixels in a PNG: 64 M. The pixel buffer takes 4 bytes a pixel and encoding copies it
/// once, so the largest accepted picture needs about 512 MB, well under 1 GB.
const MAX_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;

/// Smallest and largest scale accepted.
const SCALES: std::ops::RangeInclusive<f32> = 0.1..=8.0;

/// The largest scale in [`SCALES`] at which a picture of `width_px`×`height_px` at scale 1 fits
/// the limits (rounded down to hundredths); `None` when it is too large at any scale.
fn largest_scale(width_px: f32, height_px: f32) -> Option<f32> {
    let by_side = MAX_SIDE_PX / width_px.max(height_px).max(1.0);
    let by_area = (MAX_PIXELS / (width_px * height_px).max(1.0)).sqrt();
    let largest = (by_side.min(by_area).min(*SCALES.end()) * 100.0).floor() / 100.0;
    (largest >= *SCALES.start()).then_some(largest)
}

/// The message for a picture that does not fit: what it would be, and what to do.
pub(crate) fn size_message(
    width_px: f32,
    height_px: f32,
    scale: f32,
    largest_scale: Option<f32>,
) -> String {
    let size = format!(
        "the picture would be {:.0}×{:.0} pixels at scale {scale}",
        width_px, height_px
    );
    match largest_scale {
        Some(largest) => format!(
            "{size}; PNGs hold at most {MAX_SIDE_PX} pixels a side and {} million pixels: \
             choose a scale from 0.1 to {largest}",
            MAX_PIXELS / (1024.0 * 1024.0)
        ),
        None => format!(
            "{size}: too large for a PNG at any scale (at most {MAX_SIDE_PX} pixels a side and {} \
             million pixels); render it as SVG or HTML instead",
            MAX_PIXELS / (1024.0 * 1024.0)
        ),
    }
}

fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR_TTF.to_vec());
        db.load_font_data(BOLD_TTF.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Rasterises an SVG text (as [`svg()`] writes it) at `scale` (1 = one pixel per layout pixel).
pub(crate) fn rasterise(svg_text: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg_text, &options)
        .map_err(|e| ExportError::Rasterise(e.to_string()))?;
    let size = tree.size();
    let (width, height) = (size.width() * scale, size.height() * scale);
    let size_error = || ExportError::Size {
        width_px: width,
        height_px: height,
        scale,
        largest_scale: largest_scale(size.width(), size.height()),
    };
    if !SCALES.contains(&scale)
        || width > MAX_SIDE_PX
        || height > MAX_SIDE_PX
        || width.ceil() * height.ceil() > MAX_PIXELS
    {
        return Err(size_error());
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(width.ceil() as u32, height.ceil() as u32).ok_or_else(size_error)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Rasterise(e.to_string()))
}

/// The diagram as PNG bytes at `scale` (0.1 to 8; 2 for sharp pictures on high-density screens).
pub fn png(
    diagram: &Diagram,
    options: &SvgOptions<'_>,
    scale: f32,
) -> Result<Vec<u8>, ExportError> {
    let options = SvgOptions {
        inline: false,
        ..*options
    };
    // resvg draws with the whole bundled font from its database (usvg does not read `@font-face`),
    // so the picture is rasterised from the SVG that only names the font.
    rasterise(&svg_with_font(diagram, &options, false), scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank_svg(width: u32, height: u32) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>"#
        )
    }

    #[test]
    fn the_embedded_font_would_not_change_the_png() {
        // usvg reads no `@font-face`, so the PNG is rasterised from the SVG that only names the
        // font; this pins that the embedded form would give the same pixels.
        let doc = statecraft_asl::Document::parse(
            r#"{"StartAt": "Zahlung prüfen", "States": {"Zahlung prüfen": {"Type": "Pass", "End": true}}}"#,
            statecraft_asl::Format::Json,
        )
        .unwrap();
        let diagram = Diagram::from_document(&doc).unwrap();
        let options = SvgOptions::default();
        let embedded = svg_with_font(&diagram, &options, true);
        assert!(embedded.contains("@font-face"));
        assert_eq!(
            rasterise(&embedded, 1.0).unwrap(),
            png(&diagram, &options, 1.0).unwrap()
        );
    }

    #[test]
    fn a_picture_too_large_at_any_scale_says_so() {
        let err = rasterise(&blank_svg(1_000_000, 10), 1.0).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("too large for a PNG at any scale"),
            "{shown}"
        );
        assert!(!shown.contains("choose a scale"), "{shown}");
    }

    #[test]
    fn pictures_over_the_pixel_limit_are_refused_with_a_scale_that_fits() {
        // 10,000 × 10,000 is within the side limit but is 100 M pixels (400 MB of pixels).
        let err = rasterise(&blank_svg(10_000, 10_000), 1.0).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("choose a scale from 0.1 to 0.81"), "{shown}");
    }
}
