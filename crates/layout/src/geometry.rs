//! Output geometry in layout space: origin at the top-left corner of the whole drawing, x to the
//! right, y down, in logical pixels.

/// A point in layout space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutPoint {
    /// Distance from the drawing's left edge.
    pub x_px: f32,
    /// Distance from the drawing's top edge.
    pub y_px: f32,
}

impl LayoutPoint {
    /// The point (`x_px`, `y_px`).
    pub const fn new(x_px: f32, y_px: f32) -> Self {
        Self { x_px, y_px }
    }
}

/// An axis-aligned rectangle in layout space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutRect {
    /// Left edge.
    pub x_px: f32,
    /// Top edge.
    pub y_px: f32,
    /// Width.
    pub width_px: f32,
    /// Height.
    pub height_px: f32,
}

impl LayoutRect {
    /// The rectangle with top-left corner (`x_px`, `y_px`) and the given size.
    pub const fn new(x_px: f32, y_px: f32, width_px: f32, height_px: f32) -> Self {
        Self {
            x_px,
            y_px,
            width_px,
            height_px,
        }
    }

    /// Right edge.
    pub fn right_px(&self) -> f32 {
        self.x_px + self.width_px
    }

    /// Bottom edge.
    pub fn bottom_px(&self) -> f32 {
        self.y_px + self.height_px
    }

    /// The centre point.
    pub fn centre(&self) -> LayoutPoint {
        LayoutPoint::new(
            self.x_px + self.width_px / 2.0,
            self.y_px + self.height_px / 2.0,
        )
    }

    /// Whether the interiors overlap (touching edges do not count).
    pub fn overlaps(&self, other: &LayoutRect) -> bool {
        self.x_px < other.right_px()
            && other.x_px < self.right_px()
            && self.y_px < other.bottom_px()
            && other.y_px < self.bottom_px()
    }

    /// Whether `other` lies entirely inside (or on the border of) this rectangle.
    pub fn contains_rect(&self, other: &LayoutRect) -> bool {
        other.x_px >= self.x_px
            && other.y_px >= self.y_px
            && other.right_px() <= self.right_px()
            && other.bottom_px() <= self.bottom_px()
    }

    /// Whether the segment from `a` to `b` passes through the interior of this rectangle,
    /// shrunk by `inset_px` on every side (so that segments ending on the border do not count).
    pub fn segment_enters(&self, a: LayoutPoint, b: LayoutPoint, inset_px: f32) -> bool {
        let (x0, y0) = (self.x_px + inset_px, self.y_px + inset_px);
        let (x1, y1) = (self.right_px() - inset_px, self.bottom_px() - inset_px);
        if x0 >= x1 || y0 >= y1 {
            return false;
        }
        // Liang–Barsky clipping: does any part of the segment lie strictly inside?
        let (dx, dy) = (b.x_px - a.x_px, b.y_px - a.y_px);
        let mut t0 = 0.0_f32;
        let mut t1 = 1.0_f32;
        for (p, q) in [
            (-dx, a.x_px - x0),
            (dx, x1 - a.x_px),
            (-dy, a.y_px - y0),
            (dy, y1 - a.y_px),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
            }
        }
        t0 < t1
    }
}
