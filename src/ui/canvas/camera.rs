//! The canvas camera: which part of the drawing is on screen, and how large. Positions in the
//! drawing are in diagram pixels (`*_in_diagram`); on screen, in egui points (`*_on_screen`).

use eframe::egui::{Pos2, Rect, Vec2};

/// Smallest zoom (10%).
pub const MIN_ZOOM: f32 = 0.1;
/// Largest zoom (400%).
pub const MAX_ZOOM: f32 = 4.0;
/// Zoom step of Ctrl+= and Ctrl+-.
pub const ZOOM_STEP: f32 = 1.25;
/// Space kept around the drawing when fitting it, in points.
const FIT_MARGIN: f32 = 24.0;

/// Where the drawing is on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// Screen points per diagram pixel.
    pub zoom: f32,
    /// Where the drawing's origin is, relative to the canvas's top-left corner, in points.
    pub offset: Vec2,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            zoom: 1.0,
            offset: Vec2::splat(FIT_MARGIN),
        }
    }
}

impl Camera {
    /// A point of the drawing on screen.
    pub fn to_screen(&self, canvas: Rect, pos_in_diagram: Pos2) -> Pos2 {
        canvas.min + self.offset + pos_in_diagram.to_vec2() * self.zoom
    }

    /// A screen point in the drawing.
    pub fn to_diagram(&self, canvas: Rect, pos_on_screen: Pos2) -> Pos2 {
        ((pos_on_screen - canvas.min - self.offset) / self.zoom).to_pos2()
    }

    /// A rectangle of the drawing on screen.
    pub fn rect_to_screen(&self, canvas: Rect, rect_in_diagram: Rect) -> Rect {
        Rect::from_min_max(
            self.to_screen(canvas, rect_in_diagram.min),
            self.to_screen(canvas, rect_in_diagram.max),
        )
    }

    /// The part of the drawing that is visible.
    pub fn visible_in_diagram(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.to_diagram(canvas, canvas.min),
            self.to_diagram(canvas, canvas.max),
        )
    }

    /// Moves the drawing by a screen distance.
    pub fn pan(&mut self, delta_on_screen: Vec2) {
        self.offset += delta_on_screen;
    }

    /// Multiplies the zoom, keeping the drawing's point under `pivot_on_screen` in place.
    pub fn zoom_around(&mut self, canvas: Rect, factor: f32, pivot_on_screen: Pos2) {
        let pivot_in_diagram = self.to_diagram(canvas, pivot_on_screen);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        self.offset = pivot_on_screen - canvas.min - pivot_in_diagram.to_vec2() * self.zoom;
    }

    /// Sets the zoom (clamped), keeping the canvas's centre in place.
    pub fn set_zoom(&mut self, canvas: Rect, zoom: f32) {
        let factor = zoom / self.zoom;
        self.zoom_around(canvas, factor, canvas.center());
    }

    /// Shows the whole drawing, centred, at most at 100%.
    pub fn fit(&mut self, canvas: Rect, drawing_size: Vec2) {
        let room = (canvas.size() - Vec2::splat(2.0 * FIT_MARGIN)).max(Vec2::splat(1.0));
        let size = drawing_size.max(Vec2::splat(1.0));
        self.zoom = (room.x / size.x).min(room.y / size.y).clamp(MIN_ZOOM, 1.0);
        self.offset = (canvas.size() - size * self.zoom) / 2.0;
    }

    /// Puts a point of the drawing at the canvas's centre.
    pub fn centre_on(&mut self, canvas: Rect, pos_in_diagram: Pos2) {
        self.offset = canvas.size() / 2.0 - pos_in_diagram.to_vec2() * self.zoom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(800.0, 600.0))
    }

    #[test]
    fn screen_and_diagram_positions_round_trip() {
        let camera = Camera {
            zoom: 1.5,
            offset: Vec2::new(30.0, -20.0),
        };
        let p = Pos2::new(123.0, 456.0);
        let back = camera.to_diagram(canvas(), camera.to_screen(canvas(), p));
        assert!((back - p).length() < 1e-3);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let mut camera = Camera::default();
        let pivot = Pos2::new(400.0, 300.0);
        let before = camera.to_diagram(canvas(), pivot);
        camera.zoom_around(canvas(), 2.0, pivot);
        assert_eq!(camera.zoom, 2.0);
        assert!((camera.to_diagram(canvas(), pivot) - before).length() < 1e-3);
        camera.zoom_around(canvas(), 100.0, pivot);
        assert_eq!(camera.zoom, MAX_ZOOM);
    }

    #[test]
    fn fit_shows_the_whole_drawing() {
        let mut camera = Camera::default();
        camera.fit(canvas(), Vec2::new(1600.0, 3000.0));
        let shown = camera.rect_to_screen(
            canvas(),
            Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 3000.0)),
        );
        assert!(canvas().expand(0.5).contains_rect(shown), "{shown:?}");
        camera.fit(canvas(), Vec2::new(100.0, 100.0));
        assert_eq!(camera.zoom, 1.0, "small drawings are not blown up");
    }
}
