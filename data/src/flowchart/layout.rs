//! A layered (Sugiyama) layout made for government flowcharts.
//!
//! The stages, each deterministic so that the picture never depends on the
//! order in which edges were listed:
//! 1. **Prepare**: measure every box ([`super::text_metrics`]), sort edges by
//!    stable keys (source and target position in the node list, kind,
//!    condition). `return` edges (补正, 退回) are the only cycles of a valid
//!    chart; they are taken out of the layering and drawn around the outside.
//! 2. **Side outcomes**: an end reached only by a `terminate` edge (不予受理,
//!    不予处罚) sits on the rank of the step it leaves, beside it, joined by a
//!    level connector, as Chinese government charts draw them.
//! 3. **Ranks**: longest path from the start, then each node slides to the
//!    rank that makes its edges shortest (the local moves of network simplex).
//! 4. **Order**: long edges become chains of dummy vertices; weighted-median
//!    sweeps with transposition of neighbours, keeping the order with the
//!    fewest crossings.
//! 5. **Coordinates**: Brandes–Köpf: four alignments of medians, compacted
//!    against a block graph and balanced, so the main path runs straight.
//! 6. **Routing** ([`super::route`]): right-angled connectors with ports
//!    spread over each side, conditions beside their connector, return loops
//!    in lanes outside the drawing.
//!
//! Everything is computed in an abstract frame (order axis, rank axis) and
//! turned into x and y at the end, so top-to-bottom and left-to-right share
//! one code path.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::geometry::Direction;
use super::geometry::{
    DETAIL_FONT_SIZE, EDGE_FONT_SIZE, Geometry, LABEL_FONT_SIZE, LINE_HEIGHT, PADDING, Shape,
};
use super::text_metrics::{text_width, wrap_balanced};
use super::validate::FlowchartError;
use super::{EdgeKind, Flowchart, NodeKind, route};

/// How to lay a chart out.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Top to bottom (default) or left to right.
    pub direction: Direction,
    /// Group steps into swimlanes by role (承办岗位).
    pub swimlanes: bool,
    /// Widest text line inside a box, in pixels.
    pub max_text_width: f64,
    /// Widest line of an edge condition, in pixels.
    pub max_label_width: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            direction: Direction::TopToBottom,
            swimlanes: false,
            max_text_width: 168.0,
            max_label_width: 120.0,
        }
    }
}

/// Why a chart could not be laid out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    /// The chart is not valid; every problem is listed.
    #[error("the chart has {} problem(s): {}", .0.len(), join(.0))]
    Invalid(Vec<FlowchartError>),
}

fn join(errors: &[FlowchartError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Space between neighbouring boxes on one rank, in pixels.
pub(crate) const NODE_GAP: f64 = 28.0;
/// Space between neighbouring connectors passing a rank.
pub(crate) const EDGE_GAP: f64 = 12.0;
/// Space around a condition beside a level connector.
pub(crate) const LABEL_MARGIN: f64 = 6.0;
/// Padding between a condition's text and its box.
pub(crate) const LABEL_PADDING: f64 = 2.0;

/// Text measured for a box or a label, in the real (x, y) frame.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MeasuredText {
    pub lines: Vec<String>,
    pub width: f64,
    pub height: f64,
}

fn measure(text: &str, font_size: f64, max_width: f64) -> MeasuredText {
    let lines = wrap_balanced(text, font_size, max_width);
    let width = lines
        .iter()
        .map(|line| text_width(line, font_size))
        .fold(0.0, f64::max);
    let height = lines.len() as f64 * font_size * LINE_HEIGHT;
    MeasuredText {
        lines,
        width,
        height,
    }
}

/// The role and time-limit line of a task: `承办：窗口 · 1个工作日`.
pub(crate) fn detail_text(node: &super::Node) -> Option<String> {
    let role = node
        .role
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let time = node.time_limit.map(|limit| limit.to_chinese());
    match (role, time) {
        (Some(role), Some(time)) => Some(format!("承办：{role} · {time}")),
        (Some(role), None) => Some(format!("承办：{role}")),
        (None, Some(time)) => Some(format!("时限：{time}")),
        (None, None) => None,
    }
}

/// The marker line of a risk or supervision point: `▲ 风险：高 ◉ 监察点`.
pub(crate) fn marker_text(node: &super::Node) -> Option<String> {
    let risk = node
        .risk
        .as_ref()
        .map(|risk| format!("{} 风险：{}", risk_symbol(risk.level), risk.level.label()));
    let supervision = node.supervision_point.then(|| "◉ 监察点".to_owned());
    match (risk, supervision) {
        (Some(risk), Some(supervision)) => Some(format!("{risk}  {supervision}")),
        (risk, supervision) => risk.or(supervision),
    }
}

/// The shape that marks a risk level besides its text: ▲ 高, ◆ 中, ● 低.
pub(crate) fn risk_symbol(level: super::RiskLevel) -> &'static str {
    match level {
        super::RiskLevel::High => "▲",
        super::RiskLevel::Medium => "◆",
        super::RiskLevel::Low => "●",
    }
}

/// A node measured and sized, in the real frame.
#[derive(Debug, Clone)]
pub(crate) struct NodeSize {
    pub label: MeasuredText,
    /// Role and time-limit lines.
    pub details: Vec<String>,
    /// Risk and supervision marker lines.
    pub markers: Vec<String>,
    pub width: f64,
    pub height: f64,
}

/// Size of a box: its text plus padding, shaped by kind.
pub(crate) fn node_size(node: &super::Node, options: &LayoutOptions) -> NodeSize {
    let max_width = match node.kind {
        NodeKind::Decision => options.max_text_width * 0.75,
        _ => options.max_text_width,
    };
    let label = measure(&node.label, LABEL_FONT_SIZE, max_width);
    let mut details = Vec::new();
    if node.kind == NodeKind::Task
        && let Some(text) = detail_text(node)
    {
        details.extend(wrap_balanced(
            &text,
            DETAIL_FONT_SIZE,
            options.max_text_width,
        ));
    }

    let markers = marker_text(node)
        .map(|text| wrap_balanced(&text, DETAIL_FONT_SIZE, options.max_text_width))
        .unwrap_or_default();
    let block_width = details
        .iter()
        .chain(&markers)
        .map(|line| text_width(line, DETAIL_FONT_SIZE))
        .fold(label.width, f64::max);
    let block_height =
        label.height + (details.len() + markers.len()) as f64 * DETAIL_FONT_SIZE * LINE_HEIGHT;
    let padded_width = block_width + 2.0 * PADDING;
    let padded_height = block_height + 2.0 * PADDING;
    let (width, height) = match node.kind {
        NodeKind::Task => (padded_width.max(96.0), padded_height.max(40.0)),
        NodeKind::Start | NodeKind::End => {
            // The padded text block stays on the straight part of the top and
            // bottom sides, clear of the rounded corners.
            let height = padded_height.max(40.0);
            let radius = Shape::of(node.kind, padded_width + 2.0 * height, height).radius();
            ((padded_width + 2.0 * radius).max(96.0), height)
        }
        NodeKind::Decision => {
            // The padded text block's corners touch the diamond's sides when
            // width = padded width + 2 × padded height and height = width / 2.
            let width = (padded_width + 2.0 * padded_height).max(120.0);
            (width, width / 2.0)
        }
    };
    NodeSize {
        label,
        details,
        markers,
        width: width.ceil(),
        height: height.ceil(),
    }
}

/// An edge prepared for layout: endpoints as node positions, label measured.
#[derive(Debug, Clone)]
pub(crate) struct PreparedEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub condition: Option<String>,
    pub label: Option<MeasuredText>,
}

/// How an edge takes part in the layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EdgeRole {
    /// Drawn through the layers; the chain of vertices it passes.
    Chain(Vec<usize>),
    /// A level connector from a step to its side outcome.
    Flat,
    /// A loop back, drawn around the outside.
    Return,
}

/// The layered graph after ordering and coordinate assignment, in the
/// abstract frame: `order` runs along a rank, `rank` across ranks.
#[derive(Debug, Clone)]
pub(crate) struct Layered {
    pub direction: Direction,
    /// Node count; vertices `0..node_count` are the chart's nodes, the rest dummies.
    pub node_count: usize,
    pub breadth: Vec<f64>,
    pub depth: Vec<f64>,
    pub rank: Vec<usize>,
    pub layers: Vec<Vec<usize>>,
    /// Centre of each vertex along the order axis.
    pub order: Vec<f64>,
    pub edges: Vec<PreparedEdge>,
    pub roles: Vec<EdgeRole>,
    pub shapes: Vec<Shape>,
    pub lane_of: Vec<usize>,
    pub lane_names: Vec<String>,
}

/// Lays a chart out. Fails, listing every problem, when the chart is not
/// valid; never draws half a chart.
pub fn layout(chart: &Flowchart, options: &LayoutOptions) -> Result<Geometry, LayoutError> {
    let errors = chart.validate();
    if !errors.is_empty() {
        return Err(LayoutError::Invalid(errors));
    }
    let mut sizes: Vec<NodeSize> = chart
        .nodes
        .iter()
        .map(|node| node_size(node, options))
        .collect();
    let layered = arrange(chart, &mut sizes, options);
    Ok(route::route(chart, &sizes, &layered))
}

/// Stages 1–5: everything but routing.
pub(crate) fn arrange(
    chart: &Flowchart,
    sizes: &mut [NodeSize],
    options: &LayoutOptions,
) -> Layered {
    let node_count = chart.nodes.len();
    let position: HashMap<&str, usize> = chart
        .nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(index, node)| (node.id.as_str(), index))
        .collect();
    let mut edges: Vec<PreparedEdge> = chart
        .edges
        .iter()
        .filter_map(|edge| {
            let from = *position.get(edge.from.as_str())?;
            let to = *position.get(edge.to.as_str())?;
            let condition = edge
                .condition
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned);
            Some(PreparedEdge {
                from,
                to,
                kind: edge.kind,
                label: condition
                    .as_deref()
                    .map(|text| measure(text, EDGE_FONT_SIZE, options.max_label_width)),
                condition,
            })
        })
        .collect();
    edges.sort_by(|a, b| {
        (a.from, a.to, kind_order(a.kind), &a.condition).cmp(&(
            b.from,
            b.to,
            kind_order(b.kind),
            &b.condition,
        ))
    });

    // Stage 2: side outcomes.
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    for (index, edge) in edges.iter().enumerate() {
        incoming[edge.to].push(index);
        outgoing[edge.from].push(index);
    }
    let mut side_parent: Vec<Option<usize>> = vec![None; node_count];
    let mut side_count = vec![0usize; node_count];
    let mut roles: Vec<EdgeRole> = edges
        .iter()
        .map(|edge| {
            if edge.kind == EdgeKind::Return {
                EdgeRole::Return
            } else {
                EdgeRole::Chain(Vec::new())
            }
        })
        .collect();
    for node in 0..node_count {
        let [edge_index] = incoming[node].as_slice() else {
            continue;
        };
        let edge = &edges[*edge_index];
        if chart.nodes[node].kind == NodeKind::End
            && edge.kind == EdgeKind::Terminate
            && outgoing[node].is_empty()
            && edge.from != node
            && side_parent[edge.from].is_none()
            && side_count[edge.from] < 2
        {
            side_parent[node] = Some(edge.from);
            side_count[edge.from] += 1;
            roles[*edge_index] = EdgeRole::Flat;
        }
    }

    // Conditions that stand beside a long vertical run (return loops) or
    // above a level connector (side outcomes) have room in depth, not in
    // breadth: they wrap narrower, so the lane or the gap to the side outcome
    // stays narrow.
    for (index, edge) in edges.iter_mut().enumerate() {
        let Some(text) = edge.condition.as_deref() else {
            continue;
        };
        let room = match roles[index] {
            EdgeRole::Return => 2.0,
            EdgeRole::Flat => {
                let parent_depth = match options.direction {
                    Direction::TopToBottom => sizes[edge.from].height,
                    Direction::LeftToRight => sizes[edge.from].width,
                };
                // The label sits in the half of the band above the connector.
                ((parent_depth / 2.0 - 3.0 - 2.0 * LABEL_PADDING) / (EDGE_FONT_SIZE * LINE_HEIGHT))
                    .floor()
                    .min(2.0)
            }
            EdgeRole::Chain(_) => continue,
        };
        if let Some(narrower) = narrow_label(text, options, room as usize) {
            edge.label = Some(narrower);
        }
    }

    // A side outcome may be as tall as the step beside it at no cost, so its
    // text wraps narrower to keep the drawing compact.
    for node in 0..node_count {
        let Some(parent) = side_parent[node] else {
            continue;
        };
        let room = match options.direction {
            Direction::TopToBottom => sizes[parent].height,
            Direction::LeftToRight => sizes[parent].width,
        };
        for step in 4..=12 {
            let narrower = LayoutOptions {
                max_text_width: (f64::from(step) * LABEL_FONT_SIZE).min(options.max_text_width),
                ..options.clone()
            };
            let size = node_size(&chart.nodes[node], &narrower);
            let fits = match options.direction {
                Direction::TopToBottom => size.height <= room,
                Direction::LeftToRight => size.width <= room,
            };
            if fits || step == 12 {
                if size.width * size.height <= sizes[node].width * sizes[node].height {
                    sizes[node] = size;
                }
                break;
            }
        }
    }
    let (real_breadth, real_depth): (Vec<f64>, Vec<f64>) = sizes
        .iter()
        .map(|size| match options.direction {
            Direction::TopToBottom => (size.width, size.height),
            Direction::LeftToRight => (size.height, size.width),
        })
        .unzip();

    // Stage 3: ranks over the chained edges.
    let mut rank = rank_nodes(node_count, &edges, &roles);
    for node in 0..node_count {
        if let Some(parent) = side_parent[node] {
            rank[node] = rank[parent];
        }
    }

    // Swimlanes: by role, in reading order; steps without a role join the
    // lane of the step before them.
    let (lane_names, node_lane) = if options.swimlanes {
        assign_lanes(chart, &edges, &roles)
    } else {
        (Vec::new(), vec![0; node_count])
    };

    // Dummies for chains spanning several ranks.
    let mut breadth = real_breadth;
    let mut depth = real_depth;
    let mut lane_of = node_lane.clone();
    let mut vertex_rank = rank.clone();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    for (index, edge) in edges.iter().enumerate() {
        if !matches!(roles[index], EdgeRole::Chain(_)) {
            continue;
        }
        let mut chain = vec![edge.from];
        let (start, end) = (rank[edge.from], rank[edge.to]);
        for step in start + 1..end {
            let dummy = breadth.len();
            breadth.push(0.0);
            depth.push(0.0);
            vertex_rank.push(step);
            lane_of.push(if step - start <= end - step {
                node_lane[edge.from]
            } else {
                node_lane[edge.to]
            });
            up.push(Vec::new());
            down.push(Vec::new());
            chain.push(dummy);
        }
        chain.push(edge.to);
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
        roles[index] = EdgeRole::Chain(chain);
    }
    // Normal edges come first when the order starts and when medians are
    // aligned, so the main path runs straight and branches go aside.
    let mut hop_priority: HashMap<(usize, usize), u8> = HashMap::new();
    for (edge, role) in edges.iter().zip(&roles) {
        if let EdgeRole::Chain(chain) = role {
            for pair in chain.windows(2) {
                let entry = hop_priority.entry((pair[0], pair[1])).or_insert(u8::MAX);
                *entry = (*entry).min(kind_order(edge.kind));
            }
        }
    }
    let priority = |a: usize, b: usize| {
        hop_priority
            .get(&(a.min(b), a.max(b)))
            .or_else(|| hop_priority.get(&(a, b)))
            .or_else(|| hop_priority.get(&(b, a)))
            .copied()
            .unwrap_or(u8::MAX)
    };
    // A step that loops back starts on the outside, near its return lane.
    let mut loops_back = vec![false; breadth.len()];
    for (edge, role) in edges.iter().zip(&roles) {
        if *role == EdgeRole::Return {
            loops_back[edge.from] = true;
        }
    }
    for (vertex, targets) in down.iter_mut().enumerate() {
        targets.sort_by_key(|&target| (!loops_back[target], priority(vertex, target)));
    }
    let vertex_count = breadth.len();
    let layer_count = vertex_rank.iter().copied().max().map_or(0, |r| r + 1);

    // Stage 4: order, without the side outcomes, which have no layered edges.
    let start = (0..node_count)
        .find(|&n| chart.nodes[n].kind == NodeKind::Start)
        .unwrap_or(0);
    let mut layers = initial_order(start, layer_count, &vertex_rank, &down, |v| {
        v < node_count && side_parent[v].is_some()
    });
    minimise_crossings(&mut layers, &up, &down, &lane_of, options.swimlanes);
    // Side outcomes go right beside their parent: first right, then left.
    for node in 0..node_count {
        let Some(parent) = side_parent[node] else {
            continue;
        };
        let layer = &mut layers[rank[parent]];
        let Some(at) = layer.iter().position(|&v| v == parent) else {
            continue;
        };
        let already = (0..node)
            .filter(|&n| side_parent[n] == Some(parent))
            .count();
        if already == 0 {
            layer.insert(at + 1, node);
        } else {
            layer.insert(at, node);
        }
    }
    let mut position = vec![0; vertex_count];
    for layer in &layers {
        for (index, &vertex) in layer.iter().enumerate() {
            position[vertex] = index;
        }
    }

    // Stage 5: coordinates.
    let flat_gap: HashMap<(usize, usize), f64> = edges
        .iter()
        .zip(&roles)
        .filter(|(_, role)| **role == EdgeRole::Flat)
        .map(|(edge, _)| {
            let label_breadth = edge
                .label
                .as_ref()
                .map_or(0.0, |label| match options.direction {
                    Direction::TopToBottom => label.width,
                    Direction::LeftToRight => label.height,
                });
            let gap = (label_breadth + 2.0 * (LABEL_PADDING + LABEL_MARGIN)).max(NODE_GAP + 12.0);
            ((edge.from.min(edge.to), edge.from.max(edge.to)), gap)
        })
        .collect();
    let separation = |a: usize, b: usize| {
        let gap = if let Some(&gap) = flat_gap.get(&(a.min(b), a.max(b))) {
            gap
        } else {
            match (a >= node_count, b >= node_count) {
                (true, true) => EDGE_GAP,
                (false, false) => NODE_GAP,
                _ => (NODE_GAP + EDGE_GAP) / 2.0,
            }
        };
        (breadth[a] + breadth[b]) / 2.0 + gap
    };
    let mut order = brandes_kopf(
        &layers,
        &position,
        &up,
        &down,
        node_count,
        &separation,
        &priority,
    );
    // Pull side outcomes against their parent.
    for node in 0..node_count {
        if let Some(parent) = side_parent[node] {
            let gap = separation(parent, node);
            order[node] = if position[node] > position[parent] {
                order[parent] + gap
            } else {
                order[parent] - gap
            };
        }
    }
    if options.swimlanes {
        separate_lanes(&mut order, &breadth, &lane_of, lane_names.len());
    }

    let shapes = (0..node_count)
        .map(|n| Shape::of(chart.nodes[n].kind, breadth[n], depth[n]))
        .collect();
    Layered {
        direction: options.direction,
        node_count,
        breadth,
        depth,
        rank: vertex_rank,
        layers,
        order,
        edges,
        roles,
        shapes,
        lane_of,
        lane_names,
    }
}

/// A condition wrapped into at most `max_lines` balanced lines, when that is
/// narrower than the usual wrap: never below three characters' width and
/// never a line of one character (`不符合` stays whole, `不符合` / `条件`).
fn narrow_label(text: &str, options: &LayoutOptions, max_lines: usize) -> Option<MeasuredText> {
    // Along the order axis a label spans its width top to bottom, its
    // height left to right; only top to bottom gains from narrower lines.
    if options.direction != Direction::TopToBottom || max_lines < 2 {
        return None;
    }
    let usual = measure(text, EDGE_FONT_SIZE, options.max_label_width);
    let shortest_line = 3.0 * EDGE_FONT_SIZE;
    let mut best: Option<MeasuredText> = None;
    for lines in 2..=max_lines {
        // Room for one more character than an even split, then balanced.
        let width = (usual.width * usual.lines.len() as f64 / lines as f64 + EDGE_FONT_SIZE - 0.5)
            .max(shortest_line);
        let candidate = measure(text, EDGE_FONT_SIZE, width);
        let short = candidate
            .lines
            .iter()
            .any(|line| line.chars().count() < 2 || text_width(line, EDGE_FONT_SIZE) < 20.0);
        if candidate.lines.len() > max_lines || short {
            continue;
        }
        if candidate.width + 1e-9 < best.as_ref().map_or(usual.width, |b| b.width) {
            best = Some(candidate);
        }
    }
    best
}

fn kind_order(kind: EdgeKind) -> u8 {
    match kind {
        EdgeKind::Normal => 0,
        EdgeKind::Branch => 1,
        EdgeKind::Terminate => 2,
        EdgeKind::Return => 3,
    }
}

/// Longest path from the sources, then local moves: a node with more edges
/// below than above moves down as far as its successors allow, one with more
/// above moves up, until nothing moves. The chain edges of a valid chart are
/// acyclic; should a cycle remain, its nodes keep rank 0 instead of looping.
fn rank_nodes(node_count: usize, edges: &[PreparedEdge], roles: &[EdgeRole]) -> Vec<usize> {
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); node_count];
    for (edge, role) in edges.iter().zip(roles) {
        if matches!(role, EdgeRole::Chain(_)) && edge.from != edge.to {
            successors[edge.from].push(edge.to);
            predecessors[edge.to].push(edge.from);
        }
    }
    let mut indegree: Vec<usize> = predecessors.iter().map(Vec::len).collect();
    let mut ready: Vec<usize> = (0..node_count)
        .rev()
        .filter(|&n| indegree[n] == 0)
        .collect();
    let mut topological = Vec::with_capacity(node_count);
    while let Some(node) = ready.pop() {
        topological.push(node);
        for &next in successors[node].iter().rev() {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                ready.push(next);
            }
        }
    }
    let mut rank = vec![0usize; node_count];
    for &node in &topological {
        for &next in &successors[node] {
            rank[next] = rank[next].max(rank[node] + 1);
        }
    }
    for _ in 0..8 {
        let mut moved = false;
        for &node in topological.iter().rev() {
            let (above, below) = (predecessors[node].len(), successors[node].len());
            if above == below || below == 0 || above == 0 {
                continue;
            }
            let lowest = predecessors[node]
                .iter()
                .map(|&p| rank[p] + 1)
                .max()
                .unwrap_or(0);
            let highest = successors[node]
                .iter()
                .map(|&s| rank[s].saturating_sub(1))
                .min()
                .unwrap_or(rank[node]);
            let wanted = if below > above { highest } else { lowest };
            if wanted != rank[node] && wanted >= lowest && wanted <= highest {
                rank[node] = wanted;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let lowest = rank.iter().copied().min().unwrap_or(0);
    rank.iter().map(|r| r - lowest).collect()
}

/// Lanes by role in reading order; a step without a role takes the lane of
/// the step that leads to it, or of the step it leads to.
fn assign_lanes(
    chart: &Flowchart,
    edges: &[PreparedEdge],
    roles: &[EdgeRole],
) -> (Vec<String>, Vec<usize>) {
    let node_count = chart.nodes.len();
    let position: HashMap<&str, usize> = chart
        .nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(index, node)| (node.id.as_str(), index))
        .collect();
    let reading: Vec<usize> = chart
        .steps()
        .iter()
        .filter_map(|step| position.get(step.node.id.as_str()).copied())
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut lane: Vec<Option<usize>> = vec![None; node_count];
    for &node in &reading {
        if let Some(role) = chart.nodes[node]
            .role
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            let index = match names.iter().position(|name| name == role) {
                Some(index) => index,
                None => {
                    names.push(role.to_owned());
                    names.len() - 1
                }
            };
            lane[node] = Some(index);
        }
    }
    // Fill the rest along edges, forwards then backwards, in a stable order.
    for _ in 0..2 {
        for &node in &reading {
            if lane[node].is_some() {
                continue;
            }
            let from_before = edges
                .iter()
                .zip(roles)
                .filter(|(edge, role)| edge.to == node && **role != EdgeRole::Return)
                .find_map(|(edge, _)| lane[edge.from]);
            let from_after = edges
                .iter()
                .zip(roles)
                .filter(|(edge, role)| edge.from == node && **role != EdgeRole::Return)
                .find_map(|(edge, _)| lane[edge.to]);
            lane[node] = from_before.or(from_after);
        }
    }
    if names.is_empty() || lane.iter().any(Option::is_none) {
        names.push("其他".to_owned());
    }
    let other = names.len() - 1;
    (
        names,
        lane.into_iter().map(|l| l.unwrap_or(other)).collect(),
    )
}

/// Depth-first order from the start, children in edge order: a good first
/// order that keeps a path's steps above one another.
fn initial_order(
    start: usize,
    layer_count: usize,
    rank: &[usize],
    down: &[Vec<usize>],
    skip: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    let mut seen = vec![false; rank.len()];
    let roots = std::iter::once(start).chain(0..rank.len());
    for root in roots {
        if seen[root] || skip(root) {
            continue;
        }
        let mut stack = vec![root];
        seen[root] = true;
        while let Some(vertex) = stack.pop() {
            layers[rank[vertex]].push(vertex);
            for &next in down[vertex].iter().rev() {
                if !seen[next] && !skip(next) {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
    }
    layers
}

/// Weighted-median sweeps down and up with transposition; keeps the best
/// order seen. A vertex without neighbours in the fixed layer keeps its slot.
fn minimise_crossings(
    layers: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    lane: &[usize],
    by_lane: bool,
) {
    let vertex_count = up.len();
    let mut position = vec![0usize; vertex_count];
    let refresh = |layers: &[Vec<usize>], position: &mut Vec<usize>| {
        for layer in layers {
            for (index, &vertex) in layer.iter().enumerate() {
                position[vertex] = index;
            }
        }
    };
    if by_lane {
        for layer in layers.iter_mut() {
            layer.sort_by_key(|&v| lane[v]);
        }
    }
    refresh(layers, &mut position);
    let mut best = layers.to_vec();
    let mut best_crossings = total_crossings(layers, down, &position);
    let iterations = if vertex_count > 3000 { 8 } else { 24 };
    let mut since_improvement = 0;
    for iteration in 0..iterations {
        if best_crossings == 0 {
            break;
        }
        let downward = iteration % 2 == 0;
        let sequence: Vec<usize> = if downward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for layer_index in sequence {
            let neighbours = if downward { up } else { down };
            reorder_layer(
                &mut layers[layer_index],
                neighbours,
                &position,
                lane,
                by_lane,
            );
            for (index, &vertex) in layers[layer_index].iter().enumerate() {
                position[vertex] = index;
            }
        }
        transpose(layers, up, down, &mut position, lane);
        let crossings = total_crossings(layers, down, &position);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = layers.to_vec();
            since_improvement = 0;
        } else {
            since_improvement += 1;
            if since_improvement >= 6 {
                break;
            }
        }
    }
    layers.clone_from_slice(&best);
}

fn median(vertex: usize, neighbours: &[Vec<usize>], position: &[usize]) -> Option<f64> {
    let mut places: Vec<usize> = neighbours[vertex].iter().map(|&n| position[n]).collect();
    if places.is_empty() {
        return None;
    }
    places.sort_unstable();
    let middle = places.len() / 2;
    let value = |i: usize| places[i] as f64;
    Some(match places.len() {
        n if n % 2 == 1 => value(middle),
        2 => (value(0) + value(1)) / 2.0,
        n => {
            let left = value(middle - 1) - value(0);
            let right = value(n - 1) - value(middle);
            if left + right == 0.0 {
                (value(middle - 1) + value(middle)) / 2.0
            } else {
                (value(middle - 1) * right + value(middle) * left) / (left + right)
            }
        }
    })
}

fn reorder_layer(
    layer: &mut [usize],
    neighbours: &[Vec<usize>],
    position: &[usize],
    lane: &[usize],
    by_lane: bool,
) {
    let medians: Vec<Option<f64>> = layer
        .iter()
        .map(|&v| median(v, neighbours, position))
        .collect();
    let mut movable: Vec<(f64, usize, usize)> = layer
        .iter()
        .enumerate()
        .filter_map(|(slot, &v)| medians[slot].map(|m| (m, slot, v)))
        .collect();
    movable.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next = movable.into_iter().map(|(_, _, v)| v);
    for slot in 0..layer.len() {
        if medians[slot].is_some()
            && let Some(vertex) = next.next()
        {
            layer[slot] = vertex;
        }
    }
    if by_lane {
        layer.sort_by_key(|&v| lane[v]);
    }
}

/// Crossings between `u` and `v` if `u` stands left of `v`.
fn pair_crossings(
    u: usize,
    v: usize,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &[usize],
) -> usize {
    let mut count = 0;
    for neighbours in [up, down] {
        for &a in &neighbours[u] {
            for &b in &neighbours[v] {
                if position[a] > position[b] {
                    count += 1;
                }
            }
        }
    }
    count
}

fn transpose(
    layers: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &mut [usize],
    lane: &[usize],
) {
    for _ in 0..4 {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for index in 0..layer.len().saturating_sub(1) {
                let (u, v) = (layer[index], layer[index + 1]);
                if lane[u] != lane[v] {
                    continue;
                }
                let before = pair_crossings(u, v, up, down, position);
                if before == 0 {
                    continue;
                }
                let after = pair_crossings(v, u, up, down, position);
                if after < before {
                    layer.swap(index, index + 1);
                    position[u] = index + 1;
                    position[v] = index;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between consecutive layers, counted with a Fenwick tree.
pub(crate) fn total_crossings(
    layers: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &[usize],
) -> usize {
    let mut total = 0;
    for pair in layers.windows(2) {
        let mut ends: Vec<(usize, usize)> = pair[0]
            .iter()
            .flat_map(|&u| down[u].iter().map(move |&w| (u, w)))
            .map(|(u, w)| (position[u], position[w]))
            .collect();
        ends.sort_unstable();
        let size = pair[1].len() + 1;
        let mut tree = vec![0usize; size + 1];
        for (seen, &(_, lower)) in ends.iter().enumerate() {
            // Count earlier edges whose lower end lies right of this one.
            let mut at_or_left = 0;
            let mut index = lower + 1;
            while index > 0 {
                at_or_left += tree[index];
                index -= index & index.wrapping_neg();
            }
            total += seen - at_or_left;
            let mut index = lower + 1;
            while index <= size {
                tree[index] += 1;
                index += index & index.wrapping_neg();
            }
        }
    }
    total
}

/// Brandes–Köpf coordinates with the block-graph compaction: four
/// alignments (up/down × left/right), aligned to the narrowest, balanced by
/// the mean of the two middle values. A final sweep restores the minimum
/// separation wherever balancing squeezed two neighbours.
fn brandes_kopf(
    layers: &[Vec<usize>],
    position: &[usize],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    node_count: usize,
    separation: &dyn Fn(usize, usize) -> f64,
    priority: &dyn Fn(usize, usize) -> u8,
) -> Vec<f64> {
    let vertex_count = position.len();
    let is_dummy = |v: usize| v >= node_count;
    let conflicts = type_one_conflicts(layers, position, up, &is_dummy);
    let mut results: Vec<(Vec<f64>, bool)> = Vec::with_capacity(4);
    for vertical_down in [false, true] {
        for rightwards in [false, true] {
            let mut adjusted: Vec<Vec<usize>> = if vertical_down {
                layers.iter().rev().cloned().collect()
            } else {
                layers.to_vec()
            };
            if rightwards {
                for layer in &mut adjusted {
                    layer.reverse();
                }
            }
            let mut local = vec![0usize; vertex_count];
            for layer in &adjusted {
                for (index, &v) in layer.iter().enumerate() {
                    local[v] = index;
                }
            }
            let neighbours = if vertical_down { down } else { up };
            let opposite = if vertical_down { up } else { down };
            let root = vertical_alignment(
                &adjusted, &local, neighbours, opposite, &conflicts, priority,
            );
            let mut xs = horizontal_compaction(&adjusted, &root, separation, vertex_count);
            if rightwards {
                for x in &mut xs {
                    *x = -*x;
                }
            }
            results.push((xs, rightwards));
        }
    }
    let breadth_of = |xs: &[f64]| {
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        for layer in layers {
            if let (Some(&first), Some(&last)) = (layer.first(), layer.last()) {
                low = low.min(xs[first] - separation(first, first) / 2.0);
                high = high.max(xs[last] + separation(last, last) / 2.0);
            }
        }
        (low, high)
    };
    let extents: Vec<(f64, f64)> = results.iter().map(|(xs, _)| breadth_of(xs)).collect();
    let narrowest = (0..results.len())
        .min_by(|&a, &b| {
            (extents[a].1 - extents[a].0)
                .total_cmp(&(extents[b].1 - extents[b].0))
                .then(a.cmp(&b))
        })
        .unwrap_or(0);
    let (target_low, target_high) = extents[narrowest];
    for (index, (xs, rightwards)) in results.iter_mut().enumerate() {
        let delta = if *rightwards {
            target_high - extents[index].1
        } else {
            target_low - extents[index].0
        };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    let mut order: Vec<f64> = (0..vertex_count)
        .map(|v| {
            let mut values = [
                results[0].0[v],
                results[1].0[v],
                results[2].0[v],
                results[3].0[v],
            ];
            values.sort_by(f64::total_cmp);
            (values[1] + values[2]) / 2.0
        })
        .collect();
    for layer in layers {
        for pair in layer.windows(2) {
            let least = order[pair[0]] + separation(pair[0], pair[1]);
            if order[pair[1]] < least {
                order[pair[1]] = least;
            }
        }
    }
    order
}

/// Marks inner segments (dummy to dummy) crossed by other segments, so the
/// alignment keeps long edges straight instead of short ones.
fn type_one_conflicts(
    layers: &[Vec<usize>],
    position: &[usize],
    up: &[Vec<usize>],
    is_dummy: &dyn Fn(usize) -> bool,
) -> HashSet<(usize, usize)> {
    let mut conflicts = HashSet::new();
    for pair in layers.windows(2) {
        let (previous, layer) = (&pair[0], &pair[1]);
        let mut k0 = 0usize;
        let mut scan = 0usize;
        for (index, &v) in layer.iter().enumerate() {
            let inner = if is_dummy(v) {
                up[v].iter().copied().find(|&u| is_dummy(u))
            } else {
                None
            };
            let k1 = inner.map_or(previous.len(), |u| position[u]);
            if inner.is_some() || index + 1 == layer.len() {
                for &scanned in &layer[scan..=index] {
                    for &u in &up[scanned] {
                        let place = position[u];
                        if (place < k0 || k1 < place) && !(is_dummy(u) && is_dummy(scanned)) {
                            conflicts.insert((u.min(scanned), u.max(scanned)));
                        }
                    }
                }
                scan = index + 1;
                k0 = k1;
            }
        }
    }
    conflicts
}

fn vertical_alignment(
    layers: &[Vec<usize>],
    local: &[usize],
    neighbours: &[Vec<usize>],
    opposite: &[Vec<usize>],
    conflicts: &HashSet<(usize, usize)>,
    priority: &dyn Fn(usize, usize) -> u8,
) -> Vec<usize> {
    let vertex_count = local.len();
    // The best kind of edge each vertex has towards the layer being aligned:
    // a weaker edge may not take a vertex a main-path edge could have.
    let best: Vec<u8> = (0..vertex_count)
        .map(|w| {
            opposite[w]
                .iter()
                .map(|&x| priority(w, x))
                .min()
                .unwrap_or(u8::MAX)
        })
        .collect();
    let mut root: Vec<usize> = (0..vertex_count).collect();
    let mut align: Vec<usize> = (0..vertex_count).collect();
    for layer in layers {
        let mut previous: Option<usize> = None;
        for &v in layer {
            let mut around: Vec<usize> = neighbours[v].clone();
            if around.is_empty() {
                continue;
            }
            around.sort_by_key(|&w| local[w]);
            let last = around.len() - 1;
            let mut medians = vec![around[last / 2]];
            if last.div_ceil(2) != last / 2 {
                medians.push(around[last.div_ceil(2)]);
            }
            medians.sort_by_key(|&w| priority(v, w));
            for w in medians {
                if align[v] == v
                    && priority(v, w) <= best[w]
                    && previous.is_none_or(|p| p < local[w])
                    && !conflicts.contains(&(v.min(w), v.max(w)))
                {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    previous = Some(local[w]);
                }
            }
        }
    }
    root
}

fn horizontal_compaction(
    layers: &[Vec<usize>],
    root: &[usize],
    separation: &dyn Fn(usize, usize) -> f64,
    vertex_count: usize,
) -> Vec<f64> {
    // The block graph: an edge from the root of each vertex to the root of
    // its right neighbour, weighted by their separation.
    let mut weights: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for layer in layers {
        for pair in layer.windows(2) {
            let (left, right) = (root[pair[0]], root[pair[1]]);
            let weight = separation(pair[0], pair[1]);
            let entry = weights.entry((left, right)).or_insert(weight);
            *entry = entry.max(weight);
        }
    }
    let mut successors: Vec<Vec<(usize, f64)>> = vec![Vec::new(); vertex_count];
    let mut predecessors: Vec<Vec<(usize, f64)>> = vec![Vec::new(); vertex_count];
    let mut indegree = vec![0usize; vertex_count];
    for (&(from, to), &weight) in &weights {
        successors[from].push((to, weight));
        predecessors[to].push((from, weight));
        indegree[to] += 1;
    }
    let roots: Vec<usize> = (0..vertex_count).filter(|&v| root[v] == v).collect();
    let mut ready: Vec<usize> = roots
        .iter()
        .rev()
        .copied()
        .filter(|&v| indegree[v] == 0)
        .collect();
    let mut topological = Vec::with_capacity(roots.len());
    while let Some(block) = ready.pop() {
        topological.push(block);
        for &(next, _) in &successors[block] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                ready.push(next);
            }
        }
    }
    let mut xs = vec![0.0f64; vertex_count];
    for &block in &topological {
        xs[block] = predecessors[block]
            .iter()
            .map(|&(p, w)| xs[p] + w)
            .fold(0.0, f64::max);
    }
    for &block in topological.iter().rev() {
        let least = successors[block]
            .iter()
            .map(|&(s, w)| xs[s] - w)
            .fold(f64::INFINITY, f64::min);
        if least.is_finite() {
            xs[block] = xs[block].max(least);
        }
    }
    (0..vertex_count).map(|v| xs[root[v]]).collect()
}

/// Moves whole lanes apart so that each occupies its own band.
fn separate_lanes(order: &mut [f64], breadth: &[f64], lane_of: &[usize], lane_count: usize) {
    let mut low = vec![f64::INFINITY; lane_count];
    let mut high = vec![f64::NEG_INFINITY; lane_count];
    for vertex in 0..order.len() {
        let lane = lane_of[vertex];
        if lane < lane_count {
            low[lane] = low[lane].min(order[vertex] - breadth[vertex] / 2.0);
            high[lane] = high[lane].max(order[vertex] + breadth[vertex] / 2.0);
        }
    }
    let mut shift = vec![0.0; lane_count];
    let mut edge = f64::NEG_INFINITY;
    for lane in 0..lane_count {
        if !low[lane].is_finite() {
            continue;
        }
        let wanted = if edge.is_finite() {
            edge + 2.0 * NODE_GAP
        } else {
            low[lane]
        };
        shift[lane] = wanted - low[lane];
        edge = high[lane] + shift[lane];
    }
    for vertex in 0..order.len() {
        if let Some(delta) = shift.get(lane_of[vertex]) {
            order[vertex] += delta;
        }
    }
}
