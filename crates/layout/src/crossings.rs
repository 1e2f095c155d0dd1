//! Counts edge crossings in a finished layout, for reports and tests.

use crate::geometry::LayoutPoint;
use crate::output::Layout;

/// Tolerance for deciding that a point lies strictly on one side of a segment.
const SIDE_EPSILON: f32 = 1e-3;

/// Number of proper crossings between the routes of different edges: two segments that cross
/// at a point inside both. Routes that merely share an end (several edges leaving one box) or
/// run along each other do not count. Sweeps segments by x, so it is fast on tall drawings.
pub fn count_crossings(layout: &Layout) -> usize {
    // (min x, max x, min y, max y, edge, a, b)
    let mut segments: Vec<(f32, f32, f32, f32, usize, LayoutPoint, LayoutPoint)> = Vec::new();
    for (edge, route) in layout.edges.iter().enumerate() {
        for pair in route.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            segments.push((
                a.x_px.min(b.x_px),
                a.x_px.max(b.x_px),
                a.y_px.min(b.y_px),
                a.y_px.max(b.y_px),
                edge,
                a,
                b,
            ));
        }
    }
    segments.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut crossings = 0;
    for (i, s) in segments.iter().enumerate() {
        for t in &segments[i + 1..] {
            if t.0 > s.1 {
                break;
            }
            if s.4 == t.4 || t.2 > s.3 || s.2 > t.3 {
                continue;
            }
            if cross_properly(s.5, s.6, t.5, t.6) {
                crossings += 1;
            }
        }
    }
    crossings
}

/// Which side of the line a→b the point c is on: >0 left, <0 right.
fn orientation(a: LayoutPoint, b: LayoutPoint, c: LayoutPoint) -> f32 {
    (b.x_px - a.x_px) * (c.y_px - a.y_px) - (b.y_px - a.y_px) * (c.x_px - a.x_px)
}

fn cross_properly(a: LayoutPoint, b: LayoutPoint, c: LayoutPoint, d: LayoutPoint) -> bool {
    let strictly_apart = |p: f32, q: f32| {
        (p > SIDE_EPSILON && q < -SIDE_EPSILON) || (p < -SIDE_EPSILON && q > SIDE_EPSILON)
    };
    strictly_apart(orientation(a, b, c), orientation(a, b, d))
        && strictly_apart(orientation(c, d, a), orientation(c, d, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_shape_crosses_and_shared_end_does_not() {
        let p = LayoutPoint::new;
        assert!(cross_properly(
            p(0., 0.),
            p(10., 10.),
            p(0., 10.),
            p(10., 0.)
        ));
        assert!(!cross_properly(
            p(0., 0.),
            p(10., 10.),
            p(0., 0.),
            p(10., 0.)
        ));
        assert!(!cross_properly(
            p(0., 0.),
            p(0., 10.),
            p(0., 5.),
            p(0., 20.)
        ));
    }
}
