//! Draws laid-out [`Geometry`] as accessible SVG in the style of Chinese
//! government flowcharts: rounded start and end, diamond decisions, boxes
//! with the role and time limit under the label, risk and supervision
//! points marked by shape and words (never colour alone), and a legend.
//!
//! Output is deterministic: elements in geometry order, ids derived from
//! node ids, numbers with at most one decimal.

use std::fmt::Write;

use super::geometry::{
    DETAIL_FONT_SIZE, Direction, EDGE_FONT_SIZE, EdgePath, Geometry, LABEL_FONT_SIZE, LINE_HEIGHT,
    NodeBox, Shape, format_number as number,
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

const STROKE: &str = "#1f2937";
const LEGEND_HEIGHT: f64 = 28.0;

/// Renders the geometry as a standalone SVG document.
pub fn render_svg(geometry: &Geometry, options: &SvgOptions) -> String {
    let prefix = xml_id(&options.id_prefix);
    let legend_rows = if options.legend {
        legend_layout(geometry.width).len()
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
        escape(&describe(geometry))
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
    for (index, edge) in geometry.edges.iter().enumerate() {
        render_edge(&mut out, &prefix, index, edge);
    }
    out.push_str("\n</g>\n<g class=\"nodes\">");
    for node in &geometry.nodes {
        render_node(&mut out, &prefix, node, geometry);
    }
    out.push_str("\n</g>");
    if options.legend {
        render_legend(&mut out, geometry.height, width);
    }
    out.push_str("\n</svg>\n");
    out
}

/// A one-sentence summary for `<desc>`.
fn describe(geometry: &Geometry) -> String {
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
    format!(
        "共{}个环节、{}条连线，从“{}”开始，可能的结果：{}。廉政风险点{}个，电子监察点{}个。",
        geometry.nodes.len(),
        geometry.edges.len(),
        start,
        ends.join("；"),
        risks,
        supervision
    )
}

fn render_edge(out: &mut String, prefix: &str, index: usize, edge: &EdgePath) {
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
    let dash = if edge.kind == EdgeKind::Return {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "\n<g class=\"edge edge--{class}\" id=\"{prefix}-edge-{index}\" data-from=\"{}\" data-to=\"{}\"><path d=\"{path}\" stroke=\"{STROKE}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#{prefix}-arrow)\"/>",
        escape(&edge.from),
        escape(&edge.to)
    );
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

fn render_node(out: &mut String, prefix: &str, node: &NodeBox, geometry: &Geometry) {
    let class = match node.kind {
        NodeKind::Start => "start",
        NodeKind::Task => "task",
        NodeKind::Decision => "decision",
        NodeKind::End => "end",
    };
    let mut spoken = format!("{}：{}", node.kind.label(), node.label);
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
    let _ = write!(
        out,
        "\n<g class=\"node node--{class}\" id=\"{}\" tabindex=\"0\" aria-label=\"{}\" data-node=\"{}\" data-next=\"{}\">",
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
    out.push_str("</g>");
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

fn render_legend(out: &mut String, top: f64, width: f64) {
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
