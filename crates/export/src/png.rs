//! PNG through resvg, with the bundled font loaded into usvg's font database so that pictures
//! never depend on the fonts of the machine.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::diagram::Diagram;
use crate::svg::{svg, SvgOptions};
use crate::text::{BOLD_TTF, FONT_FAMILY, REGULAR_TTF};
use crate::ExportError;

/// Largest side of a PNG, in pixels.
const MAX_SIDE_PX: f32 = 20_000.0;

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
    if !(0.1..=8.0).contains(&scale) || width > MAX_SIDE_PX || height > MAX_SIDE_PX {
        return Err(ExportError::Size {
            width_px: width,
            height_px: height,
            scale,
        });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width.ceil() as u32, height.ceil() as u32).ok_or(
        ExportError::Size {
            width_px: width,
            height_px: height,
            scale,
        },
    )?;
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
    rasterise(&svg(diagram, &options), scale)
}
