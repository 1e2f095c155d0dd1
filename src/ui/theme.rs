//! The designer's egui look: the bundled DejaVu fonts (the canvas measures text with them), light
//! and dark visuals, and the code view's colours. The diagram's colours are not here: they come
//! from `statecraft_export`'s palette through the display list.

use std::sync::Arc;

use eframe::egui::{self, Color32, FontData, FontDefinitions, FontFamily};
use statecraft_export::Theme;

use super::canvas::paint::{FAMILY_BOLD, FAMILY_REGULAR};
use super::panels::highlight::CodePalette;
use super::panels::problems::ProblemColours;
use super::settings::ThemeChoice;

/// The bundled DejaVu Sans, regular.
static DEJAVU_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The bundled DejaVu Sans, bold.
static DEJAVU_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled fonts: the canvas's two families, and DejaVu as a fallback of egui's
/// own fonts (for the arrows and marks in state names).
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        FAMILY_REGULAR.to_owned(),
        Arc::new(FontData::from_static(DEJAVU_REGULAR)),
    );
    fonts.font_data.insert(
        FAMILY_BOLD.to_owned(),
        Arc::new(FontData::from_static(DEJAVU_BOLD)),
    );
    fonts.families.insert(
        FontFamily::Name(FAMILY_REGULAR.into()),
        vec![FAMILY_REGULAR.to_owned()],
    );
    fonts.families.insert(
        FontFamily::Name(FAMILY_BOLD.into()),
        vec![FAMILY_BOLD.to_owned()],
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(FAMILY_REGULAR.to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Applies the user's theme choice to egui (System follows the operating system).
pub fn apply_theme_choice(ctx: &egui::Context, choice: ThemeChoice) {
    let preference = match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    };
    ctx.set_theme(preference);
}

/// The diagram theme for egui's current theme.
pub fn diagram_theme(ctx: &egui::Context) -> Theme {
    match ctx.theme() {
        egui::Theme::Dark => Theme::Dark,
        egui::Theme::Light => Theme::Light,
    }
}

/// Colour of selection rings and emphasised edges on the canvas.
pub fn accent(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::from_rgb(0x09, 0x72, 0xd3),
        Theme::Dark => Color32::from_rgb(0x5c, 0xb8, 0xff),
    }
}

/// The code view's colours.
pub fn code_palette(theme: Theme) -> CodePalette {
    match theme {
        Theme::Light => CodePalette {
            plain: Color32::from_rgb(0x37, 0x3d, 0x47),
            key: Color32::from_rgb(0x0b, 0x5c, 0xad),
            string: Color32::from_rgb(0x1b, 0x7f, 0x40),
            number: Color32::from_rgb(0xa8, 0x4b, 0x00),
            literal: Color32::from_rgb(0x8b, 0x3f, 0xd6),
            comment: Color32::from_rgb(0x7a, 0x86, 0x99),
            marked: Color32::from_rgba_unmultiplied(0x09, 0x72, 0xd3, 0x22),
            error: Color32::from_rgb(0xd1, 0x32, 0x12),
        },
        Theme::Dark => CodePalette {
            plain: Color32::from_rgb(0xc9, 0xd1, 0xd9),
            key: Color32::from_rgb(0x79, 0xc0, 0xff),
            string: Color32::from_rgb(0x7e, 0xe7, 0x87),
            number: Color32::from_rgb(0xff, 0xa6, 0x57),
            literal: Color32::from_rgb(0xd2, 0xa8, 0xff),
            comment: Color32::from_rgb(0x8b, 0x94, 0x9e),
            marked: Color32::from_rgba_unmultiplied(0x5c, 0xb8, 0xff, 0x30),
            error: Color32::from_rgb(0xff, 0x7b, 0x72),
        },
    }
}

/// Error and warning marks.
pub fn problem_colours(theme: Theme) -> ProblemColours {
    match theme {
        Theme::Light => ProblemColours {
            error: Color32::from_rgb(0xd1, 0x32, 0x12),
            warning: Color32::from_rgb(0xb2, 0x6b, 0x00),
        },
        Theme::Dark => ProblemColours {
            error: Color32::from_rgb(0xff, 0x7b, 0x72),
            warning: Color32::from_rgb(0xe3, 0xb3, 0x41),
        },
    }
}

/// The banner over a drawing whose text does not parse: (fill, ink).
pub fn banner_colours(theme: Theme) -> (Color32, Color32) {
    match theme {
        Theme::Light => (
            Color32::from_rgb(0xfd, 0xe2, 0xe1),
            Color32::from_rgb(0x8a, 0x1c, 0x08),
        ),
        Theme::Dark => (
            Color32::from_rgb(0x4a, 0x1d, 0x1a),
            Color32::from_rgb(0xff, 0xc7, 0xc2),
        ),
    }
}
