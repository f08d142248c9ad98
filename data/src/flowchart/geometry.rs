//! The laid-out chart as plain numbers: boxes, polylines and label boxes,
//! ready for SVG, for the JSON API and for other tools that draw or check a
//! layout. Every number is rounded to 0.1 so output is deterministic.

use serde::{Deserialize, Serialize};

use super::{EdgeKind, NodeKind, RiskLevel};

/// Font size of node labels, in pixels.
pub const LABEL_FONT_SIZE: f64 = 14.0;
/// Font size of the role and time-limit lines and of markers, in pixels.
pub const DETAIL_FONT_SIZE: f64 = 12.0;
/// Font size of edge conditions, in pixels.
pub const EDGE_FONT_SIZE: f64 = 12.0;
/// Line height as a multiple of the font size (at least 1.3 for 适老化).
pub const LINE_HEIGHT: f64 = 1.4;
/// Space between text and a box border, in pixels.
pub const PADDING: f64 = 8.0;

/// Which way the chart reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Top to bottom, the usual way for government flowcharts.
    #[default]
    TopToBottom,
    /// Left to right.
    LeftToRight,
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geometry {
    /// The chart's title, if any.
    pub title: Option<String>,
    /// Which way the chart reads.
    pub direction: Direction,
    /// Width of the drawing, in pixels.
    pub width: f64,
    /// Height of the drawing, in pixels.
    pub height: f64,
    /// Boxes, in the author's node order.
    pub nodes: Vec<NodeBox>,
    /// Connectors, sorted by source, target, kind and condition.
    pub edges: Vec<EdgePath>,
    /// Swimlanes, when the layout was asked for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<Lane>,
}

/// A node's box and the text inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeBox {
    /// The node's id.
    pub id: String,
    /// Its shape.
    pub kind: NodeKind,
    /// Left edge of the bounding box.
    pub x: f64,
    /// Top edge of the bounding box.
    pub y: f64,
    /// Width of the bounding box.
    pub width: f64,
    /// Height of the bounding box.
    pub height: f64,
    /// The full label, for screen readers.
    pub label: String,
    /// The label wrapped into lines, at [`LABEL_FONT_SIZE`].
    pub lines: Vec<String>,
    /// Role and time limit lines (`承办：窗口 · 1个工作日`), at [`DETAIL_FONT_SIZE`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// Marker lines (`▲ 风险：高`, `◉ 监察点`), at [`DETAIL_FONT_SIZE`]: a shape
    /// and words, so the marking never relies on colour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    /// The integrity risk level, if the step is a risk point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskLevel>,
    /// Whether the step is an electronic supervision point.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub supervision_point: bool,
}

/// A connector drawn as a right-angled polyline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgePath {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The edge's kind.
    pub kind: EdgeKind,
    /// Corner points from the source border to the target border (the arrow tip).
    pub points: Vec<[f64; 2]>,
    /// The condition, placed beside the connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<EdgeLabel>,
}

/// A condition's box beside its connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeLabel {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// The full condition.
    pub text: String,
    /// The condition wrapped into lines, at [`EDGE_FONT_SIZE`].
    pub lines: Vec<String>,
}

/// A swimlane: the band of one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// The role, or `其他` for steps without one.
    pub name: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A closed box: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Left.
    pub left: f64,
    /// Top.
    pub top: f64,
    /// Right.
    pub right: f64,
    /// Bottom.
    pub bottom: f64,
}

impl Bounds {
    /// Whether the interiors of two boxes, shrunk by `tolerance`, overlap.
    pub fn overlaps(&self, other: &Bounds, tolerance: f64) -> bool {
        self.left + tolerance < other.right
            && other.left + tolerance < self.right
            && self.top + tolerance < other.bottom
            && other.top + tolerance < self.bottom
    }

    /// Whether a segment passes through the interior shrunk by `tolerance`.
    /// Segments are axis-parallel or arbitrary; arbitrary ones are clipped.
    pub fn cut_by(&self, from: [f64; 2], to: [f64; 2], tolerance: f64) -> bool {
        let (left, right) = (self.left + tolerance, self.right - tolerance);
        let (top, bottom) = (self.top + tolerance, self.bottom - tolerance);
        if left >= right || top >= bottom {
            return false;
        }
        // Liang–Barsky clipping against the open box.
        let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
        let mut t0: f64 = 0.0;
        let mut t1: f64 = 1.0;
        for (p, q) in [
            (-dx, from[0] - left),
            (dx, right - from[0]),
            (-dy, from[1] - top),
            (dy, bottom - from[1]),
        ] {
            if p == 0.0 {
                if q <= 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

impl NodeBox {
    /// Width and height of the text block (label, details, markers).
    pub fn text_block(&self) -> (f64, f64) {
        use super::text_metrics::text_width;
        let width = self
            .details
            .iter()
            .chain(&self.markers)
            .map(|line| text_width(line, DETAIL_FONT_SIZE))
            .chain(
                self.lines
                    .iter()
                    .map(|line| text_width(line, LABEL_FONT_SIZE)),
            )
            .fold(0.0, f64::max);
        let height = self.lines.len() as f64 * LABEL_FONT_SIZE * LINE_HEIGHT
            + (self.details.len() + self.markers.len()) as f64 * DETAIL_FONT_SIZE * LINE_HEIGHT;
        (width, height)
    }

    /// Whether the text block, with [`PADDING`] around it, fits inside the
    /// drawn outline.
    pub fn text_fits(&self) -> bool {
        let (width, height) = self.text_block();
        Shape::of(self.kind, self.width, self.height)
            .contains_block(width + 2.0 * PADDING - 0.5, height + 2.0 * PADDING - 0.5)
    }

    /// The bounding box.
    pub fn bounds(&self) -> Bounds {
        Bounds {
            left: self.x,
            top: self.y,
            right: self.x + self.width,
            bottom: self.y + self.height,
        }
    }

    /// Whether `point` lies on the drawn outline (rounded box, diamond or
    /// rectangle), within `tolerance` pixels.
    pub fn on_border(&self, point: [f64; 2], tolerance: f64) -> bool {
        let shape = Shape::of(self.kind, self.width, self.height);
        let (dx, dy) = (
            point[0] - (self.x + self.width / 2.0),
            point[1] - (self.y + self.height / 2.0),
        );
        shape.distance_to_outline(dx, dy) <= tolerance
    }
}

impl EdgeLabel {
    /// The label's box.
    pub fn bounds(&self) -> Bounds {
        Bounds {
            left: self.x,
            top: self.y,
            right: self.x + self.width,
            bottom: self.y + self.height,
        }
    }
}

/// The outline of a node, centred on the origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    pub kind: ShapeKind,
    pub half_width: f64,
    pub half_height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeKind {
    Rectangle,
    /// A rectangle whose corners are arcs of the given radius (stadium).
    Rounded,
    Diamond,
}

impl Shape {
    pub fn of(kind: NodeKind, width: f64, height: f64) -> Shape {
        let kind = match kind {
            NodeKind::Start | NodeKind::End => ShapeKind::Rounded,
            NodeKind::Decision => ShapeKind::Diamond,
            NodeKind::Task => ShapeKind::Rectangle,
        };
        Shape {
            kind,
            half_width: width / 2.0,
            half_height: height / 2.0,
        }
    }

    /// The corner radius of rounded boxes.
    pub fn radius(&self) -> f64 {
        match self.kind {
            ShapeKind::Rounded => self.half_height.min(self.half_width).min(12.0),
            _ => 0.0,
        }
    }

    /// How far the outline reaches along +y at horizontal offset `dx`
    /// (|dx| ≤ half width): the bottom border point is `(dx, reach)`.
    pub fn reach_y(&self, dx: f64) -> f64 {
        let dx = dx.abs().min(self.half_width);
        match self.kind {
            ShapeKind::Rectangle => self.half_height,
            ShapeKind::Diamond => self.half_height * (1.0 - dx / self.half_width),
            ShapeKind::Rounded => {
                let radius = self.radius();
                let flat = self.half_width - radius;
                if dx <= flat {
                    self.half_height
                } else {
                    let along = dx - flat;
                    self.half_height - radius + (radius * radius - along * along).max(0.0).sqrt()
                }
            }
        }
    }

    /// The same along +x at vertical offset `dy`.
    pub fn reach_x(&self, dy: f64) -> f64 {
        let transposed = Shape {
            kind: self.kind,
            half_width: self.half_height,
            half_height: self.half_width,
        };
        transposed.reach_y(dy)
    }

    /// Distance from a point (relative to the centre) to the outline,
    /// approximated by the gap along the nearer axis.
    pub fn distance_to_outline(&self, dx: f64, dy: f64) -> f64 {
        if dx.abs() > self.half_width + 1e-9 || dy.abs() > self.half_height + 1e-9 {
            let outside_x = (dx.abs() - self.half_width).max(0.0);
            let outside_y = (dy.abs() - self.half_height).max(0.0);
            return outside_x.hypot(outside_y) + self.reach_gap(dx, dy);
        }
        self.reach_gap(dx, dy)
    }

    fn reach_gap(&self, dx: f64, dy: f64) -> f64 {
        let vertical = (dy.abs() - self.reach_y(dx)).abs();
        let horizontal = (dx.abs() - self.reach_x(dy)).abs();
        vertical.min(horizontal)
    }

    /// Whether a text block of `width` × `height`, centred, fits inside.
    pub fn contains_block(&self, width: f64, height: f64) -> bool {
        let (x, y) = (width / 2.0, height / 2.0);
        x <= self.half_width + 1e-6
            && y <= self.half_height + 1e-6
            && y <= self.reach_y(x) + 1e-6
            && x <= self.reach_x(y) + 1e-6
    }
}

/// Rounds to one decimal, the precision of all output.
pub fn round(value: f64) -> f64 {
    let rounded = (value * 10.0).round() / 10.0;
    // Avoid `-0.0`, which would print differently from `0.0`.
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Formats a number with at most one decimal and no trailing `.0`.
pub fn format_number(value: f64) -> String {
    let rounded = round(value);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Counts crossings between polylines: points where segments of two
/// different polylines meet, other than at the first or last point of either
/// (where connectors touch their own nodes). Collinear overlaps count once.
pub fn count_crossings(polylines: &[Vec<[f64; 2]>]) -> usize {
    struct Segment {
        owner: usize,
        from: [f64; 2],
        to: [f64; 2],
        left: f64,
        right: f64,
    }
    let mut segments: Vec<Segment> = polylines
        .iter()
        .enumerate()
        .flat_map(|(owner, line)| {
            line.windows(2).map(move |pair| Segment {
                owner,
                from: pair[0],
                to: pair[1],
                left: pair[0][0].min(pair[1][0]),
                right: pair[0][0].max(pair[1][0]),
            })
        })
        .collect();
    segments.sort_by(|a, b| a.left.total_cmp(&b.left));
    let is_end = |owner: usize, point: [f64; 2]| {
        let line = &polylines[owner];
        [line.first(), line.last()]
            .into_iter()
            .flatten()
            .any(|end| (end[0] - point[0]).abs() < 0.5 && (end[1] - point[1]).abs() < 0.5)
    };
    let mut crossings = 0;
    for (index, a) in segments.iter().enumerate() {
        for b in &segments[index + 1..] {
            if b.left > a.right {
                break;
            }
            if a.owner == b.owner {
                continue;
            }
            if let Some(point) = intersection(a.from, a.to, b.from, b.to)
                && !is_end(a.owner, point)
                && !is_end(b.owner, point)
            {
                crossings += 1;
            }
        }
    }
    crossings
}

fn intersection(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> Option<[f64; 2]> {
    let r = [b[0] - a[0], b[1] - a[1]];
    let s = [d[0] - c[0], d[1] - c[1]];
    let denominator = r[0] * s[1] - r[1] * s[0];
    let offset = [c[0] - a[0], c[1] - a[1]];
    if denominator.abs() < 1e-12 {
        // Parallel: count a collinear overlap at its first shared point.
        if (offset[0] * r[1] - offset[1] * r[0]).abs() > 1e-9 {
            return None;
        }
        let length = r[0] * r[0] + r[1] * r[1];
        if length < 1e-12 {
            return None;
        }
        let t0 = (offset[0] * r[0] + offset[1] * r[1]) / length;
        let t1 = t0 + (s[0] * r[0] + s[1] * r[1]) / length;
        let (low, high) = (t0.min(t1).max(0.0), t0.max(t1).min(1.0));
        return (high - low > 1e-9).then(|| [a[0] + r[0] * low, a[1] + r[1] * low]);
    }
    let t = (offset[0] * s[1] - offset[1] * s[0]) / denominator;
    let u = (offset[0] * r[1] - offset[1] * r[0]) / denominator;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u))
        .then(|| [a[0] + r[0] * t, a[1] + r[1] * t])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lines: &[&[[f64; 2]]], expected: usize) {
        let lines: Vec<Vec<[f64; 2]>> = lines.iter().map(|l| l.to_vec()).collect();
        assert_eq!(count_crossings(&lines), expected, "{lines:?}");
    }

    #[test]
    fn crossings() {
        check(&[&[[0.0, 5.0], [10.0, 5.0]], &[[5.0, 0.0], [5.0, 10.0]]], 1);
        check(&[&[[0.0, 0.0], [10.0, 0.0]], &[[0.0, 5.0], [10.0, 5.0]]], 0);
        // Touching at a shared end point (a node) is not a crossing.
        check(&[&[[0.0, 0.0], [5.0, 5.0]], &[[10.0, 0.0], [5.0, 5.0]]], 0);
        check(
            &[
                &[[0.0, 0.0], [10.0, 0.0]],
                &[[5.0, -5.0], [5.0, 5.0]],
                &[[8.0, -5.0], [8.0, 5.0]],
            ],
            2,
        );
    }

    #[test]
    fn numbers() {
        for (value, expected) in [(1.0, "1"), (1.25, "1.3"), (-0.01, "0"), (12.34, "12.3")] {
            assert_eq!(format_number(value), expected, "{value}");
        }
    }

    #[test]
    fn outlines() {
        let diamond = Shape::of(NodeKind::Decision, 100.0, 50.0);
        assert!(diamond.distance_to_outline(25.0, 12.5) < 1e-9);
        assert!(diamond.distance_to_outline(0.0, 0.0) > 20.0);
        assert!(diamond.contains_block(50.0, 25.0));
        assert!(!diamond.contains_block(60.0, 25.0));
        let rounded = Shape::of(NodeKind::End, 100.0, 40.0);
        assert!(rounded.distance_to_outline(0.0, 20.0) < 1e-9);
        assert!(rounded.distance_to_outline(50.0, 0.0) < 1e-9);
    }
}
