//! Text measurement with the bundled font (DejaVu Sans), so that sizes are the same on every
//! machine and match what resvg draws into PNGs; and the subset of the font that SVGs embed, so
//! that browsers draw the text with the font it was measured with.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use base64::Engine as _;

/// The regular face of the bundled font.
pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
/// The bold face of the bundled font.
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name of the bundled font, as SVGs name it.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// The family name under which SVGs embed their subset of the bundled font. It differs from
/// [`FONT_FAMILY`] so that the subset (which holds only the characters of one picture) never
/// stands in for an installed DejaVu Sans elsewhere on a page.
pub(crate) const EMBEDDED_FAMILY: &str = "Statecraft DejaVu Sans";

/// The tables an embedded subset keeps: the ones a valid OpenType font needs (browsers reject
/// fonts without them) and the TrueType hinting programs its glyphs' instructions call. Kerning
/// (`GPOS`, `kern`) is left out, as [`text_width_px`] ignores it.
const EMBEDDED_TABLES: [u32; 11] = [
    allsorts::tag::CMAP,
    allsorts::tag::HEAD,
    allsorts::tag::HHEA,
    allsorts::tag::HMTX,
    allsorts::tag::MAXP,
    allsorts::tag::NAME,
    allsorts::tag::OS_2,
    allsorts::tag::POST,
    allsorts::tag::CVT,
    allsorts::tag::FPGM,
    allsorts::tag::PREP,
];

/// The bundled font's licence (Bitstream Vera / DejaVu), to ship beside exported files if needed.
pub const FONT_LICENSE: &str = include_str!("../../../assets/fonts/DejaVu-LICENSE.txt");

/// Advance width of a character the font does not hold, as a fraction of the font size.
const FALLBACK_ADVANCE_EM: f32 = 0.6;

struct Metrics {
    units_per_em: f32,
    /// Advances of the first 256 code points (in font units), the common case.
    ascii: Vec<u16>,
    face: Option<ttf_parser::Face<'static>>,
}

fn metrics(bold: bool) -> &'static Metrics {
    static REGULAR: OnceLock<Metrics> = OnceLock::new();
    static BOLD: OnceLock<Metrics> = OnceLock::new();
    let (cell, data) = if bold {
        (&BOLD, BOLD_TTF)
    } else {
        (&REGULAR, REGULAR_TTF)
    };
    cell.get_or_init(|| {
        let face = ttf_parser::Face::parse(data, 0).ok();
        let units_per_em = face
            .as_ref()
            .map_or(1000.0, |f| f32::from(f.units_per_em()));
        let ascii = (0u32..256)
            .map(|cp| {
                let c = char::from_u32(cp).unwrap_or(' ');
                advance_units(face.as_ref(), c, units_per_em)
            })
            .collect();
        Metrics {
            units_per_em,
            ascii,
            face,
        }
    })
}

fn advance_units(face: Option<&ttf_parser::Face<'static>>, c: char, units_per_em: f32) -> u16 {
    face.and_then(|f| f.glyph_index(c).and_then(|g| f.glyph_hor_advance(g)))
        .unwrap_or((units_per_em * FALLBACK_ADVANCE_EM) as u16)
}

/// The width of `text` drawn in the bundled font at `size_px`, in pixels (advances summed,
/// kerning ignored: a close, deterministic approximation).
pub fn text_width_px(text: &str, size_px: f32, bold: bool) -> f32 {
    let m = metrics(bold);
    let units: u32 = text
        .chars()
        .map(|c| {
            let cp = c as u32;
            u32::from(if cp < 256 {
                m.ascii[cp as usize]
            } else {
                advance_units(m.face.as_ref(), c, m.units_per_em)
            })
        })
        .sum();
    units as f32 * size_px / m.units_per_em
}

/// Cuts `text` so that it fits in `max_px`, ending with `…` when cut.
pub(crate) fn ellipsize(text: &str, size_px: f32, bold: bool, max_px: f32) -> String {
    if text_width_px(text, size_px, bold) <= max_px {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        let candidate: String = chars[..n].iter().collect::<String>() + "\u{2026}";
        if text_width_px(&candidate, size_px, bold) <= max_px {
            return candidate;
        }
        n -= 1;
    }
    "\u{2026}".to_owned()
}

/// Breaks `text` into at most `max_lines` lines of at most `max_px`, at spaces or, for long words,
/// at `.`, `-`, `_` or anywhere; the last line is cut with `…` if the text does not fit.
pub(crate) fn wrap(
    text: &str,
    size_px: f32,
    bold: bool,
    max_px: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest = text.trim().to_owned();
    while !rest.is_empty() && lines.len() + 1 < max_lines {
        if text_width_px(&rest, size_px, bold) <= max_px {
            break;
        }
        let chars: Vec<char> = rest.chars().collect();
        // The longest prefix that fits.
        let mut fit = 0;
        let mut width = 0.0;
        for (i, c) in chars.iter().enumerate() {
            width += text_width_px(&c.to_string(), size_px, bold);
            if width > max_px {
                break;
            }
            fit = i + 1;
        }
        if fit == 0 {
            fit = 1;
        }
        // Prefer a break after a space or punctuation, else between words of a CamelCase name.
        let after_punctuation = |i: usize| {
            i < chars.len() && matches!(chars[i - 1], ' ' | '-' | '_' | '.' | '/' | ':' | ',')
        };
        let camel =
            |i: usize| i < chars.len() && chars[i].is_uppercase() && chars[i - 1].is_lowercase();
        let after_space = |i: usize| i < chars.len() && chars[i - 1] == ' ';
        let break_at = (1..=fit)
            .rev()
            .find(|&i| after_space(i))
            .filter(|&i| i * 2 >= fit)
            .or_else(|| {
                (1..=fit)
                    .rev()
                    .find(|&i| after_punctuation(i))
                    .filter(|&i| i * 2 >= fit)
            })
            .or_else(|| {
                (1..=fit)
                    .rev()
                    .find(|&i| camel(i))
                    .filter(|&i| i * 3 >= fit)
            })
            .or_else(|| {
                (1..=fit)
                    .rev()
                    .find(|&i| after_punctuation(i))
                    .filter(|&i| i * 4 >= fit)
            })
            .unwrap_or(fit);
        let line: String = chars[..break_at].iter().collect();
        lines.push(line.trim_end().to_owned());
        rest = chars[break_at..]
            .iter()
            .collect::<String>()
            .trim_start()
            .to_owned();
    }
    if !rest.is_empty() {
        lines.push(ellipsize(&rest, size_px, bold, max_px));
    }
    lines
}

/// The bundled face (regular or bold) cut down to the glyphs of `chars`, as a TrueType font with
/// a Unicode `cmap` (as browsers need). `None` when the face holds none of `chars`, or (never for
/// the bundled fonts) when it cannot be subset.
pub(crate) fn font_subset(chars: &BTreeSet<char>, bold: bool) -> Option<Vec<u8>> {
    let face = metrics(bold).face.as_ref()?;
    let mut glyphs: BTreeSet<u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_index(c))
        .map(|g| g.0)
        .collect();
    if glyphs.is_empty() {
        return None;
    }
    // `.notdef` comes first, as every font needs it.
    glyphs.insert(0);
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    let data = if bold { BOLD_TTF } else { REGULAR_TTF };
    let font = allsorts::binary::read::ReadScope::new(data)
        .read::<allsorts::font_data::FontData<'_>>()
        .ok()?;
    let provider = font.table_provider(0).ok()?;
    allsorts::subset::subset(
        &provider,
        &glyphs,
        &allsorts::subset::SubsetProfile::Custom(EMBEDDED_TABLES.to_vec()),
        allsorts::subset::CmapTarget::Unicode,
    )
    .ok()
}

/// `@font-face` rules (one a line) that embed the bundled font's glyphs for `regular` and `bold`
/// text as `data:` URLs under [`EMBEDDED_FAMILY`]; empty when there is no text. The same
/// characters always give the same bytes.
pub(crate) fn font_face_css(regular: &BTreeSet<char>, bold: &BTreeSet<char>) -> String {
    let mut css = String::new();
    for (chars, is_bold, weight) in [(regular, false, "normal"), (bold, true, "bold")] {
        let Some(font) = font_subset(chars, is_bold) else {
            continue;
        };
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{EMBEDDED_FAMILY}\"; font-style: normal; \
             font-weight: {weight}; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
            base64::engine::general_purpose::STANDARD.encode(font)
        );
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_faces_with_text_are_embedded() {
        let none = BTreeSet::new();
        assert_eq!(font_face_css(&none, &none), "");
        // DejaVu Sans has no CJK glyphs: nothing to embed for them.
        let cjk: BTreeSet<char> = "\u{4e2d}\u{6587}".chars().collect();
        assert!(font_subset(&cjk, false).is_none());
        let bold: BTreeSet<char> = "Start".chars().collect();
        let css = font_face_css(&cjk, &bold);
        assert_eq!(css.lines().count(), 1, "{css}");
        assert!(css.contains("font-weight: bold;"), "{css}");
    }

    #[test]
    fn widths_come_from_the_font() {
        let narrow = text_width_px("iiii", 12.0, false);
        let wide = text_width_px("WWWW", 12.0, false);
        assert!(narrow < wide / 2.0, "{narrow} {wide}");
        assert!(text_width_px("Task", 13.0, true) > text_width_px("Task", 13.0, false));
        assert_eq!(text_width_px("", 12.0, false), 0.0);
    }

    #[test]
    fn long_text_wraps_and_ellipsizes() {
        let lines = wrap(
            "Validate the incoming order and reserve stock",
            13.0,
            true,
            150.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width_px(l, 13.0, true) <= 150.0));
        assert!(lines[1].ends_with('\u{2026}'));
        assert_eq!(wrap("Short", 13.0, true, 150.0, 2), ["Short"]);
        assert_eq!(
            wrap(
                "DynamoDB.ConditionalCheckFailedException",
                10.5,
                false,
                180.0,
                2
            ),
            ["DynamoDB.ConditionalCheck", "FailedException"]
        );
    }
}
