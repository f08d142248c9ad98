//! Draws laid-out [`Geometry`] as accessible SVG in the style of Chinese
//! government flowcharts: rounded start and end, diamond decisions, boxes
//! with the role and time limit under the label, risk and supervision
//! points marked by shape and words (never colour alone), and a legend.
//!
//! Output is deterministic: elements in geometry order, ids derived from
//! node ids, numbers with at most one decimal.

use std::collections::HashMap;
use std::fmt::Write;

use super::geometry::{
    Bounds, DETAIL_FONT_SIZE, Direction, EDGE_FONT_SIZE, EdgePath, Geometry, LABEL_FONT_SIZE,
    LINE_HEIGHT, NodeBox, Shape, format_number as number,
};
use super::route::{lane_font_size, lane_header_lines};
use super::{EdgeKind, NodeKind, RiskLevel};

/// The font stack: CJK fonts first, so Chinese never falls back to a
/// serif face.
pub const FONT_STACK: &str =
    "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif";

/// How to draw a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions {
    /// Prefix of every element id, so that several charts can share a page.
    pub id_prefix: String,
    /// Whether to draw the legend under the chart.
    pub legend: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            id_prefix: "flowchart".to_owned(),
            legend: true,
        }
    }
}

/// How a step or transition changed, for drawing a comparison on the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Only in the newer chart: double border and a 新增 tag.
    Added,
    /// Only in the older chart: dashed outline and a 删除 tag.
    Removed,
    /// In both, changed: a bar on the left and a 变更 tag.
    Changed,
}

impl Mark {
    /// The tag text: `新增`, `删除`, `变更`.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Added => "新增",
            Mark::Removed => "删除",
            Mark::Changed => "变更",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
        }
    }
}

/// Marks on steps (by node id) and transitions (by source and target id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Node id → mark.
    pub nodes: HashMap<String, Mark>,
    /// (source id, target id) → mark.
    pub edges: HashMap<(String, String), Mark>,
}

impl Marks {
    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty()
    }

    fn node(&self, id: &str) -> Option<Mark> {
        self.nodes.get(id).copied()
    }

    fn edge(&self, from: &str, to: &str) -> Option<Mark> {
        self.edges.get(&(from.to_owned(), to.to_owned())).copied()
    }
}

const STROKE: &str = "#1f2937";
const LEGEND_HEIGHT: f64 = 28.0;

/// Renders the geometry as a standalone SVG document.
pub fn render_svg(geometry: &Geometry, options: &SvgOptions) -> String {
    render_svg_marked(geometry, options, &Marks::default())
}

/// Renders the geometry with steps and transitions marked as added, removed
/// or changed, by shape and words, plus a legend row for the marks. With no
/// marks the output is exactly that of [`render_svg`].
pub fn render_svg_marked(geometry: &Geometry, options: &SvgOptions, marks: &Marks) -> String {
    let prefix = xml_id(&options.id_prefix);
    let marked = !marks.is_empty();
    let legend_rows = if options.legend {
        legend_layout(geometry.width).len()
            + if marked {
                mark_legend_layout(geometry.width).len()
            } else {
                0
            }
    } else {
        0
    };
    let legend_height =
        legend_rows as f64 * LEGEND_HEIGHT + if legend_rows > 0 { 8.0 } else { 0.0 };
    let width = geometry.width.max(if options.legend { 200.0 } else { 0.0 });
    let height = geometry.height + legend_height;
    let title = geometry.title.as_deref().unwrap_or("运行流程图");
    let mut out = String::with_capacity(4096 + geometry.nodes.len() * 600);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowchart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="{font}" font-size="{size}">"#,
        w = number(width),
        h = number(height),
        font = escape(FONT_STACK),
        size = number(LABEL_FONT_SIZE),
    );
    let _ = write!(
        out,
        "\n<title id=\"{prefix}-title\">{}</title>",
        escape(title)
    );
    let _ = write!(
        out,
        "\n<desc id=\"{prefix}-desc\">{}</desc>",
        escape(&describe(geometry, marks))
    );
    let _ = write!(
        out,
        "\n<defs><marker id=\"{prefix}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{STROKE}\"/></marker></defs>"
    );
    out.push_str(
        "\n<style>.flowchart .node:focus{outline:none}.flowchart .node:focus .shape,.flowchart .node:focus-visible .shape{stroke:#1d4ed8;stroke-width:3}</style>",
    );
    out.push_str(&format!(
        "\n<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        number(width),
        number(height)
    ));
    if !geometry.lanes.is_empty() {
        out.push_str("\n<g class=\"lanes\">");
        for (index, lane) in geometry.lanes.iter().enumerate() {
            let fill = if index % 2 == 0 { "#f8fafc" } else { "#eef2f7" };
            let _ = write!(
                out,
                "\n<g class=\"lane\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#cbd5e1\"/>",
                number(lane.x),
                number(lane.y),
                number(lane.width),
                number(lane.height)
            );
            let (header_width, center_x, top) = match geometry.direction {
                Direction::TopToBottom => (lane.width, lane.x + lane.width / 2.0, lane.y + 6.0),
                Direction::LeftToRight => (88.0, lane.x + 48.0, lane.y + lane.height / 2.0 - 20.0),
            };
            let size = lane_font_size();
            for (line_index, line) in lane_header_lines(&lane.name, header_width)
                .iter()
                .take(2)
                .enumerate()
            {
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"{}\" font-weight=\"bold\" fill=\"#334155\">{}</text>",
                    number(center_x),
                    number(top + (line_index as f64 + 0.5) * size * LINE_HEIGHT),
                    number(size),
                    escape(line)
                );
            }
            out.push_str("</g>");
        }
        out.push_str("\n</g>");
    }
    out.push_str("\n<g class=\"edges\" fill=\"none\">");
    let tags = place_edge_tags(geometry, marks);
    for (index, edge) in geometry.edges.iter().enumerate() {
        let tag_at = tags.get(index).copied().flatten();
        render_edge(&mut out, &prefix, index, edge, marks, tag_at);
    }
    out.push_str("\n</g>\n<g class=\"nodes\">");
    for node in &geometry.nodes {
        render_node(&mut out, &prefix, node, geometry, marks);
    }
    out.push_str("\n</g>");
    if options.legend {
        render_legend(&mut out, geometry.height, width, marked);
    }
    out.push_str("\n</svg>\n");
    out
}

/// A one-sentence summary for `<desc>`.
fn describe(geometry: &Geometry, marks: &Marks) -> String {
    let start = geometry
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Start)
        .map_or("", |n| n.label.as_str());
    let ends: Vec<&str> = geometry
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::End)
        .map(|n| n.label.as_str())
        .collect();
    let risks = geometry.nodes.iter().filter(|n| n.risk.is_some()).count();
    let supervision = geometry
        .nodes
        .iter()
        .filter(|n| n.supervision_point)
        .count();
    let mut text = format!(
        "共{}个环节、{}条连线，从“{}”开始，可能的结果：{}。廉政风险点{}个，电子监察点{}个。",
        geometry.nodes.len(),
        geometry.edges.len(),
        start,
        ends.join("；"),
        risks,
        supervision
    );
    if !marks.is_empty() {
        let count = |mark: Mark| {
            marks.nodes.values().filter(|&&m| m == mark).count()
                + marks.edges.values().filter(|&&m| m == mark).count()
        };
        let _ = write!(
            text,
            "版本比对：新增{}处，删除{}处，变更{}处。",
            count(Mark::Added),
            count(Mark::Removed),
            count(Mark::Changed)
        );
    }
    text
}

fn render_edge(
    out: &mut String,
    prefix: &str,
    index: usize,
    edge: &EdgePath,
    marks: &Marks,
    tag_at: Option<[f64; 2]>,
) {
    let mark = marks.edge(&edge.from, &edge.to);
    let class = match edge.kind {
        EdgeKind::Normal => "normal",
        EdgeKind::Branch => "branch",
        EdgeKind::Return => "return",
        EdgeKind::Terminate => "terminate",
    };
    let mut path = String::new();
    for (point_index, point) in edge.points.iter().enumerate() {
        let command = if point_index == 0 { 'M' } else { 'L' };
        let _ = write!(path, "{command}{},{}", number(point[0]), number(point[1]));
    }
    let dash = match (mark, edge.kind) {
        // Removed transitions are dotted, unlike the dashes of return loops.
        (Some(Mark::Removed), _) => " stroke-dasharray=\"2 3\"",
        (_, EdgeKind::Return) => " stroke-dasharray=\"6 4\"",
        _ => "",
    };
    let mark_class = mark.map_or(String::new(), |mark| format!(" edge--{}", mark.class()));
    let _ = write!(
        out,
        "\n<g class=\"edge edge--{class}{mark_class}\" id=\"{prefix}-edge-{index}\" data-from=\"{}\" data-to=\"{}\">",
        escape(&edge.from),
        escape(&edge.to)
    );
    // An added transition is a double line: a wide dark stroke with a white
    // core, and the arrowhead on an unstroked copy so it keeps its size.
    let stroke = if mark == Some(Mark::Added) {
        let _ = write!(
            out,
            "<path class=\"mark-double\" d=\"{path}\" stroke=\"{STROKE}\" stroke-width=\"5\"/><path d=\"{path}\" stroke=\"#ffffff\" stroke-width=\"2\"/>"
        );
        "none"
    } else {
        STROKE
    };
    let _ = write!(
        out,
        "<path d=\"{path}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#{prefix}-arrow)\"/>"
    );
    if let (Some(mark), Some([x, y])) = (mark, tag_at) {
        render_tag(out, mark, x, y);
    }
    if let Some(label) = &edge.label {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>",
            number(label.x),
            number(label.y),
            number(label.width),
            number(label.height)
        );
        let line_height = EDGE_FONT_SIZE * LINE_HEIGHT;
        let top = label.y + (label.height - line_height * label.lines.len() as f64) / 2.0;
        let _ = write!(
            out,
            "<text font-size=\"{}\" fill=\"#374151\" text-anchor=\"middle\">",
            number(EDGE_FONT_SIZE)
        );
        for (line_index, line) in label.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" y=\"{}\" dominant-baseline=\"central\">{}</tspan>",
                number(label.x + label.width / 2.0),
                number(top + (line_index as f64 + 0.5) * line_height),
                escape(line)
            );
        }
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

fn node_dom_id(prefix: &str, node_id: &str) -> String {
    format!("{prefix}-node-{}", xml_id(node_id))
}

fn render_node(out: &mut String, prefix: &str, node: &NodeBox, geometry: &Geometry, marks: &Marks) {
    let mark = marks.node(&node.id);
    let class = match node.kind {
        NodeKind::Start => "start",
        NodeKind::Task => "task",
        NodeKind::Decision => "decision",
        NodeKind::End => "end",
    };
    let mut spoken = match mark {
        Some(mark) => format!("{}。{}：{}", mark.label(), node.kind.label(), node.label),
        None => format!("{}：{}", node.kind.label(), node.label),
    };
    if !node.details.is_empty() {
        spoken.push('。');
        spoken.push_str(&node.details.concat());
    }
    if let Some(level) = node.risk {
        let _ = write!(spoken, "。廉政风险点，风险等级{}", level.label());
    }
    if node.supervision_point {
        spoken.push_str("。电子监察点");
    }
    let next: Vec<String> = geometry
        .edges
        .iter()
        .filter(|edge| edge.from == node.id)
        .map(|edge| node_dom_id(prefix, &edge.to))
        .collect();
    let mark_class = mark.map_or(String::new(), |mark| format!(" node--{}", mark.class()));
    let _ = write!(
        out,
        "\n<g class=\"node node--{class}{mark_class}\" id=\"{}\" tabindex=\"0\" aria-label=\"{}\" data-node=\"{}\" data-next=\"{}\">",
        node_dom_id(prefix, &node.id),
        escape(&spoken),
        escape(&node.id),
        next.join(" ")
    );
    let (x, y, w, h) = (node.x, node.y, node.width, node.height);
    let stroke_width = if node.risk == Some(RiskLevel::High) {
        "2.5"
    } else {
        "1.5"
    };
    let stroke_width = match mark {
        Some(Mark::Removed) => format!("{stroke_width}\" stroke-dasharray=\"5 3"),
        _ => stroke_width.to_owned(),
    };
    if mark == Some(Mark::Added) {
        // The outer line of the double border.
        let _ = write!(
            out,
            "<path class=\"mark-outline\" d=\"{}\" fill=\"none\" stroke=\"{STROKE}\" stroke-width=\"1.5\"/>",
            outline(node, 4.0)
        );
    }
    match node.kind {
        NodeKind::Start | NodeKind::End => {
            let radius = Shape::of(node.kind, w, h).radius();
            let fill = if node.kind == NodeKind::Start {
                "#ecfdf5"
            } else {
                "#f1f5f9"
            };
            let _ = write!(
                out,
                "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{r}\" ry=\"{r}\" fill=\"{fill}\" stroke=\"{STROKE}\" stroke-width=\"{stroke_width}\"/>",
                number(x),
                number(y),
                number(w),
                number(h),
                r = number(radius)
            );
        }
        NodeKind::Decision => {
            let _ = write!(
                out,
                "<path class=\"shape\" d=\"M{},{} L{},{} L{},{} L{},{} Z\" fill=\"#fffbeb\" stroke=\"{STROKE}\" stroke-width=\"{stroke_width}\"/>",
                number(x + w / 2.0),
                number(y),
                number(x + w),
                number(y + h / 2.0),
                number(x + w / 2.0),
                number(y + h),
                number(x),
                number(y + h / 2.0)
            );
        }
        NodeKind::Task => {
            let _ = write!(
                out,
                "<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ffffff\" stroke=\"{STROKE}\" stroke-width=\"{stroke_width}\"/>",
                number(x),
                number(y),
                number(w),
                number(h)
            );
        }
    }
    if mark == Some(Mark::Changed) {
        let _ = write!(
            out,
            "<rect class=\"mark-bar\" x=\"{}\" y=\"{}\" width=\"4\" height=\"{}\" fill=\"{STROKE}\"/>",
            number(x - 8.0),
            number(y),
            number(h)
        );
    }
    let (_, block_height) = node.text_block();
    let center_x = x + w / 2.0;
    let mut cursor = y + (h - block_height) / 2.0;
    out.push_str("<text text-anchor=\"middle\" fill=\"#111827\">");
    write_lines(
        out,
        &node.lines,
        center_x,
        &mut cursor,
        LABEL_FONT_SIZE * LINE_HEIGHT,
    );
    let line_height = DETAIL_FONT_SIZE * LINE_HEIGHT;
    if !node.details.is_empty() {
        let _ = write!(
            out,
            "<text class=\"details\" text-anchor=\"middle\" font-size=\"{}\" fill=\"#4b5563\">",
            number(DETAIL_FONT_SIZE)
        );
        write_lines(out, &node.details, center_x, &mut cursor, line_height);
    }
    if !node.markers.is_empty() {
        let fill = match node.risk {
            Some(RiskLevel::High) => "#b91c1c",
            Some(RiskLevel::Medium) => "#b45309",
            Some(RiskLevel::Low) => "#1d4ed8",
            None => "#6d28d9",
        };
        let _ = write!(
            out,
            "<text class=\"markers\" text-anchor=\"middle\" font-size=\"{}\" font-weight=\"bold\" fill=\"{fill}\">",
            number(DETAIL_FONT_SIZE)
        );
        write_lines(out, &node.markers, center_x, &mut cursor, line_height);
    }
    if let Some(mark) = mark {
        let [tag_x, tag_y] = node_tag_corner(node);
        render_tag(out, mark, tag_x, tag_y);
    }
    out.push_str("</g>");
}

/// Where a node's tag goes: over its top-right corner.
fn node_tag_corner(node: &NodeBox) -> [f64; 2] {
    [
        node.x + node.width - TAG_WIDTH + 6.0,
        node.y - TAG_HEIGHT + 4.0,
    ]
}

fn tag_bounds([x, y]: [f64; 2]) -> Bounds {
    Bounds {
        left: x,
        top: y,
        right: x + TAG_WIDTH,
        bottom: y + TAG_HEIGHT,
    }
}

/// The top-left corner of each marked transition's tag: beside the middle
/// of the line, else beside a quarter or three quarters along, right or
/// left, wherever it covers no box, no condition and no other tag. `None`
/// for unmarked transitions.
fn place_edge_tags(geometry: &Geometry, marks: &Marks) -> Vec<Option<[f64; 2]>> {
    if marks.edges.is_empty() {
        return vec![None; geometry.edges.len()];
    }
    let mut taken: Vec<Bounds> = geometry.nodes.iter().map(NodeBox::bounds).collect();
    taken.extend(
        geometry
            .nodes
            .iter()
            .filter(|node| marks.node(&node.id).is_some())
            .map(|node| tag_bounds(node_tag_corner(node))),
    );
    taken.extend(geometry.edges.iter().filter_map(|edge| {
        edge.label.as_ref().map(|label| Bounds {
            left: label.x,
            top: label.y,
            right: label.x + label.width,
            bottom: label.y + label.height,
        })
    }));
    geometry
        .edges
        .iter()
        .map(|edge| {
            marks.edge(&edge.from, &edge.to)?;
            let mut candidates = Vec::new();
            for fraction in [0.5, 0.25, 0.75] {
                if let Some([x, y]) = point_along(&edge.points, fraction) {
                    candidates.push([x + 4.0, y - TAG_HEIGHT / 2.0]);
                    candidates.push([x - TAG_WIDTH - 4.0, y - TAG_HEIGHT / 2.0]);
                }
            }
            let spot = candidates
                .iter()
                .copied()
                .find(|&spot| {
                    let bounds = tag_bounds(spot);
                    !taken.iter().any(|other| bounds.overlaps(other, 0.0))
                })
                .or_else(|| candidates.first().copied())?;
            taken.push(tag_bounds(spot));
            Some(spot)
        })
        .collect()
}

const TAG_WIDTH: f64 = 34.0;
const TAG_HEIGHT: f64 = 16.0;
const TAG_FONT_SIZE: f64 = 11.0;

/// A small boxed word (新增, 删除, 变更) with its top-left corner at (x, y).
fn render_tag(out: &mut String, mark: Mark, x: f64, y: f64) {
    let dash = if mark == Mark::Removed {
        " stroke-dasharray=\"2 2\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<g class=\"mark-tag mark-tag--{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" stroke=\"{STROKE}\"{dash}/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"{}\" font-weight=\"bold\" fill=\"#111827\">{}</text></g>",
        mark.class(),
        number(x),
        number(y),
        number(TAG_WIDTH),
        number(TAG_HEIGHT),
        number(x + TAG_WIDTH / 2.0),
        number(y + TAG_HEIGHT / 2.0),
        number(TAG_FONT_SIZE),
        mark.label()
    );
}

/// The outline of a node's shape grown by `by` on every side, as path data.
fn outline(node: &NodeBox, by: f64) -> String {
    let (x, y, w, h) = (
        node.x - by,
        node.y - by,
        node.width + 2.0 * by,
        node.height + 2.0 * by,
    );
    match node.kind {
        NodeKind::Decision => format!(
            "M{},{} L{},{} L{},{} L{},{} Z",
            number(x + w / 2.0),
            number(y),
            number(x + w),
            number(y + h / 2.0),
            number(x + w / 2.0),
            number(y + h),
            number(x),
            number(y + h / 2.0)
        ),
        NodeKind::Start | NodeKind::End => {
            let r = (Shape::of(node.kind, node.width, node.height).radius() + by).min(h / 2.0);
            format!(
                "M{},{} L{},{} A{r},{r} 0 0 1 {},{} L{},{} A{r},{r} 0 0 1 {},{} L{},{} A{r},{r} 0 0 1 {},{} L{},{} A{r},{r} 0 0 1 {},{} Z",
                number(x + r),
                number(y),
                number(x + w - r),
                number(y),
                number(x + w),
                number(y + r),
                number(x + w),
                number(y + h - r),
                number(x + w - r),
                number(y + h),
                number(x + r),
                number(y + h),
                number(x),
                number(y + h - r),
                number(x),
                number(y + r),
                number(x + r),
                number(y),
                r = number(r)
            )
        }
        NodeKind::Task => format!(
            "M{},{} L{},{} L{},{} L{},{} Z",
            number(x),
            number(y),
            number(x + w),
            number(y),
            number(x + w),
            number(y + h),
            number(x),
            number(y + h)
        ),
    }
}

/// The point `fraction` of the way along a polyline.
fn point_along(points: &[[f64; 2]], fraction: f64) -> Option<[f64; 2]> {
    let length =
        |a: &[f64; 2], b: &[f64; 2]| ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
    let total: f64 = points
        .windows(2)
        .map(|pair| length(&pair[0], &pair[1]))
        .sum();
    let mut remaining = total * fraction;
    for pair in points.windows(2) {
        let segment = length(&pair[0], &pair[1]);
        if segment >= remaining && segment > 0.0 {
            let t = remaining / segment;
            return Some([
                pair[0][0] + (pair[1][0] - pair[0][0]) * t,
                pair[0][1] + (pair[1][1] - pair[0][1]) * t,
            ]);
        }
        remaining -= segment;
    }
    points.first().copied()
}

/// Legend entries: a symbol drawn by `draw(x, y)` and its meaning.
const LEGEND: [(&str, &str); 7] = [
    ("start", "开始/结束"),
    ("task", "办理环节"),
    ("decision", "判断"),
    ("return", "退回/补正"),
    ("risk", "廉政风险点：▲高 ◆中 ●低"),
    ("supervision", "电子监察点：◉"),
    ("arrow", "办理方向"),
];

/// Legend entries for comparison marks: the tag and what else shows it.
const MARK_LEGEND: [(Mark, &str); 3] = [
    (Mark::Added, "新增：双线框、双线"),
    (Mark::Removed, "删除：虚线框、点线"),
    (Mark::Changed, "变更：左侧竖条"),
];

/// Rows of mark legend entries that fit `width`, like [`legend_layout`].
fn mark_legend_layout(width: f64) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut x = 12.0;
    for (index, (_, text)) in MARK_LEGEND.iter().enumerate() {
        let entry =
            TAG_WIDTH + 6.0 + super::text_metrics::text_width(text, DETAIL_FONT_SIZE) + 16.0;
        if x + entry > width.max(200.0) - 12.0 && x > 12.0 {
            rows.push(Vec::new());
            x = 12.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((index, x));
        }
        x += entry;
    }
    rows
}

/// Rows of legend entries that fit `width`: (entry index, x offset).
fn legend_layout(width: f64) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    let mut x = 12.0;
    for (index, (_, text)) in LEGEND.iter().enumerate() {
        let entry = 34.0 + super::text_metrics::text_width(text, DETAIL_FONT_SIZE) + 16.0;
        if x + entry > width.max(200.0) - 12.0 && x > 12.0 {
            rows.push(Vec::new());
            x = 12.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((index, x));
        }
        x += entry;
    }
    rows
}

fn render_legend(out: &mut String, top: f64, width: f64, marked: bool) {
    let _ = write!(
        out,
        "\n<g class=\"legend\" aria-hidden=\"true\" font-size=\"{}\" fill=\"#374151\"><line x1=\"8\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#e5e7eb\"/>",
        number(DETAIL_FONT_SIZE),
        y = number(top),
        x2 = number(width - 8.0)
    );
    for (row_index, row) in legend_layout(width).iter().enumerate() {
        let middle = top + 8.0 + (row_index as f64 + 0.5) * LEGEND_HEIGHT;
        for &(index, x) in row {
            let (symbol, text) = LEGEND[index];
            let (sx, sy) = (x, middle - 7.0);
            let shape = match symbol {
                "start" => format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"14\" rx=\"7\" fill=\"#ecfdf5\" stroke=\"{STROKE}\"/>",
                    number(sx),
                    number(sy)
                ),
                "task" => format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"28\" height=\"14\" fill=\"#ffffff\" stroke=\"{STROKE}\"/>",
                    number(sx),
                    number(sy)
                ),
                "decision" => format!(
                    "<path d=\"M{},{} L{},{} L{},{} L{},{} Z\" fill=\"#fffbeb\" stroke=\"{STROKE}\"/>",
                    number(sx + 14.0),
                    number(sy),
                    number(sx + 28.0),
                    number(middle),
                    number(sx + 14.0),
                    number(sy + 14.0),
                    number(sx),
                    number(middle)
                ),
                "return" => format!(
                    "<path d=\"M{},{} L{},{}\" stroke=\"{STROKE}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
                    number(sx),
                    number(middle),
                    number(sx + 28.0),
                    number(middle)
                ),
                "risk" | "supervision" => String::new(),
                _ => format!(
                    "<path d=\"M{},{} L{},{}\" stroke=\"{STROKE}\" stroke-width=\"1.5\"/><path d=\"M{},{} L{},{} L{},{} z\" fill=\"{STROKE}\"/>",
                    number(sx),
                    number(middle),
                    number(sx + 22.0),
                    number(middle),
                    number(sx + 20.0),
                    number(middle - 4.0),
                    number(sx + 28.0),
                    number(middle),
                    number(sx + 20.0),
                    number(middle + 4.0)
                ),
            };
            let text_x = if shape.is_empty() { sx } else { sx + 34.0 };
            out.push_str(&shape);
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" dominant-baseline=\"central\">{}</text>",
                number(text_x),
                number(middle),
                escape(text)
            );
        }
    }
    if marked {
        let first_row = legend_layout(width).len();
        for (row_index, row) in mark_legend_layout(width).iter().enumerate() {
            let middle = top + 8.0 + ((first_row + row_index) as f64 + 0.5) * LEGEND_HEIGHT;
            for &(index, x) in row {
                let (mark, text) = MARK_LEGEND[index];
                render_tag(out, mark, x, middle - TAG_HEIGHT / 2.0);
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" dominant-baseline=\"central\">{}</text>",
                    number(x + TAG_WIDTH + 6.0),
                    number(middle),
                    escape(text)
                );
            }
        }
    }
    out.push_str("</g>");
}

/// Escapes text and attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// An id safe in XML and CSS selectors: ASCII letters, digits, `-` and `_`
/// kept, anything else as `_` plus its code point in hex.
fn xml_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_alphanumeric() || character == '-' {
            id.push(character);
        } else {
            let _ = write!(id, "_{:x}", u32::from(character));
        }
    }
    id
}

/// Writes `lines` as centred `<tspan>`s from `cursor` down, advancing it, and
/// closes the `<text>` element the caller opened.
fn write_lines(
    out: &mut String,
    lines: &[String],
    center_x: f64,
    cursor: &mut f64,
    line_height: f64,
) {
    for line in lines {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\" dominant-baseline=\"central\">{}</tspan>",
            number(center_x),
            number(*cursor + line_height / 2.0),
            escape(line)
        );
        *cursor += line_height;
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(xml_id(text), expected, "`{text}`");
    }

    #[test]
    fn ids_are_safe() {
        check("N2a", "N2a");
        check("a b", "a_20b");
        check("受理", "_53d7_7406");
        check("x_1", "x_5f1");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
