//! Right-angled connectors for a laid-out chart: ports spread over each side
//! so no two arrows meet at one point, horizontal jogs on separate tracks
//! between ranks, conditions beside their connector, return loops in lanes
//! outside everything they pass, and finally the rank positions, sized so
//! that all of it fits.

use std::collections::HashMap;

use super::Flowchart;
use super::geometry::{Direction, EdgeLabel, EdgePath, Geometry, Lane, NodeBox, ShapeKind, round};
use super::layout::{EdgeRole, LABEL_PADDING, Layered, NodeSize};
use super::text_metrics::wrap_balanced;

/// Smallest space between two ranks that a connector bends in or a
/// condition stands in.
const RANK_GAP: f64 = 36.0;
/// Smallest space between two ranks crossed only by straight connectors:
/// room for a short run and the arrowhead.
const PLAIN_RANK_GAP: f64 = 28.0;
/// Space between horizontal tracks in one gap.
const TRACK_SPACING: f64 = 8.0;
/// Space between a gap's border and its contents.
const GAP_MARGIN: f64 = 6.0;
/// Smallest distance between two ports on one side.
const PORT_GAP: f64 = 10.0;
/// Distance between a return lane and what it passes.
const LANE_GAP: f64 = 18.0;
/// Margin around the whole drawing.
const MARGIN: f64 = 6.0;
/// Font size of swimlane headers.
const LANE_FONT_SIZE: f64 = 13.0;

/// A side of a box in the abstract frame: `Top` faces lower ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Side {
    Top,
    Bottom,
    Left,
    Right,
}

/// Where an edge end sits: its side and offset from the side's middle.
#[derive(Debug, Clone, Copy)]
struct Port {
    side: Side,
    offset: f64,
}

#[derive(Debug, Clone, Copy)]
struct Attachment {
    edge: usize,
    is_source: bool,
    toward: f64,
    /// Order along a side for side attachments: entries, level connectors, exits.
    category: u8,
}

/// How a return edge leaves, travels and arrives.
#[derive(Debug, Clone)]
struct ReturnPlan {
    edge: usize,
    right: bool,
    exit_side: Side,
    entry_side: Side,
    lane: f64,
    levels: (usize, usize),
    label_order: f64,
}

/// A horizontal jog between two ranks.
#[derive(Debug, Clone, Copy)]
struct Jog {
    key: (usize, usize),
    from: f64,
    to: f64,
}

/// A label box in the abstract frame.
#[derive(Debug, Clone, Copy)]
struct Placed {
    order: f64,
    rank: f64,
    breadth: f64,
    depth: f64,
}

fn level_of_band(rank: usize) -> usize {
    2 * rank + 1
}

fn level_of_gap(gap: usize) -> usize {
    2 * gap
}

/// Routes every edge of `layered` and assembles the geometry.
pub(crate) fn route(chart: &Flowchart, sizes: &[NodeSize], layered: &Layered) -> Geometry {
    let layer_count = layered.layers.len();
    let node_count = layered.node_count;
    let order = &layered.order;
    let shapes = &layered.shapes;
    let label_size = |edge: usize| -> Option<(f64, f64)> {
        layered.edges[edge].label.as_ref().map(|label| {
            let width = label.width + 2.0 * LABEL_PADDING;
            let height = label.height + 2.0 * LABEL_PADDING;
            match layered.direction {
                Direction::TopToBottom => (width, height),
                Direction::LeftToRight => (height, width),
            }
        })
    };

    // Return edges: which side, and whether they can leave and arrive
    // through a side (only when nothing stands between the box and the lane).
    let outermost = |vertex: usize, right: bool| {
        let layer = &layered.layers[layered.rank[vertex]];
        if right {
            layer.last() == Some(&vertex)
        } else {
            layer.first() == Some(&vertex)
        }
    };
    let band_extent = |rank: usize| -> (f64, f64) {
        layered.layers[rank]
            .iter()
            .map(|&v| {
                (
                    order[v] - layered.breadth[v] / 2.0,
                    order[v] + layered.breadth[v] / 2.0,
                )
            })
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), (l, h)| {
                (low.min(l), high.max(h))
            })
    };
    let mut plans: Vec<ReturnPlan> = Vec::new();
    for (edge_index, role) in layered.roles.iter().enumerate() {
        if *role != EdgeRole::Return {
            continue;
        }
        let edge = &layered.edges[edge_index];
        let (low_rank, high_rank) = (
            layered.rank[edge.from].min(layered.rank[edge.to]),
            layered.rank[edge.from].max(layered.rank[edge.to]),
        );
        let (mut left, mut right) = (f64::INFINITY, f64::NEG_INFINITY);
        for rank in low_rank..=high_rank {
            let (l, h) = band_extent(rank);
            left = left.min(l);
            right = right.max(h);
        }
        // Each box between an end and the lane means a detour through a gap
        // and likely crossings.
        let between = |vertex: usize, right: bool| {
            let layer = &layered.layers[layered.rank[vertex]];
            let at = layer.iter().position(|&v| v == vertex).unwrap_or(0);
            let count = if right { layer.len() - 1 - at } else { at };
            count as f64 * 150.0
        };
        let cost_right = 2.0 * right - order[edge.from] - order[edge.to]
            + between(edge.from, true)
            + between(edge.to, true);
        let cost_left = order[edge.from] + order[edge.to] - 2.0 * left
            + between(edge.from, false)
            + between(edge.to, false);
        let go_right = cost_right <= cost_left + 1e-9;
        let side = if go_right { Side::Right } else { Side::Left };
        let exit_side = if outermost(edge.from, go_right) {
            side
        } else {
            Side::Bottom
        };
        let entry_side = if outermost(edge.to, go_right) {
            side
        } else {
            Side::Top
        };
        let exit_level = match exit_side {
            Side::Bottom => level_of_gap(layered.rank[edge.from] + 1),
            _ => level_of_band(layered.rank[edge.from]),
        };
        let entry_level = match entry_side {
            Side::Top => level_of_gap(layered.rank[edge.to]),
            _ => level_of_band(layered.rank[edge.to]),
        };
        let (mut low, mut high) = (exit_level.min(entry_level), exit_level.max(entry_level));
        if low % 2 == 0 {
            low = low.saturating_sub(1);
        }
        if high % 2 == 0 {
            high += 1;
        }
        plans.push(ReturnPlan {
            edge: edge_index,
            right: go_right,
            exit_side,
            entry_side,
            lane: 0.0,
            levels: (low, high),
            label_order: 0.0,
        });
    }
    let return_plan: HashMap<usize, usize> = plans
        .iter()
        .enumerate()
        .map(|(index, plan)| (plan.edge, index))
        .collect();

    // Attachments per node side.
    let far = 1e9;
    let mut attachments: HashMap<(usize, Side), Vec<Attachment>> = HashMap::new();
    for (edge_index, role) in layered.roles.iter().enumerate() {
        let edge = &layered.edges[edge_index];
        match role {
            EdgeRole::Chain(chain) => {
                let (Some(&second), Some(&before_last)) =
                    (chain.get(1), chain.get(chain.len().wrapping_sub(2)))
                else {
                    continue;
                };
                attachments
                    .entry((edge.from, Side::Bottom))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: true,
                        toward: order[second],
                        category: 0,
                    });
                attachments
                    .entry((edge.to, Side::Top))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: false,
                        toward: order[before_last],
                        category: 0,
                    });
            }
            EdgeRole::Flat => {
                let to_right = order[edge.to] > order[edge.from];
                let (source_side, target_side) = if to_right {
                    (Side::Right, Side::Left)
                } else {
                    (Side::Left, Side::Right)
                };
                attachments
                    .entry((edge.from, source_side))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: true,
                        toward: 0.0,
                        category: 1,
                    });
                attachments
                    .entry((edge.to, target_side))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: false,
                        toward: 0.0,
                        category: 1,
                    });
            }
            EdgeRole::Return => {
                let Some(plan) = return_plan.get(&edge_index).map(|&i| &plans[i]) else {
                    continue;
                };
                let toward = if plan.right { far } else { -far };
                attachments
                    .entry((edge.from, plan.exit_side))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: true,
                        toward,
                        category: 2,
                    });
                attachments
                    .entry((edge.to, plan.entry_side))
                    .or_default()
                    .push(Attachment {
                        edge: edge_index,
                        is_source: false,
                        toward,
                        category: 0,
                    });
            }
        }
    }
    let mut ports: HashMap<(usize, bool), Port> = HashMap::new();
    let mut keys: Vec<(usize, Side)> = attachments.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let (node, side) = key;
        let Some(list) = attachments.get_mut(&key) else {
            continue;
        };
        let shape = shapes[node];
        match side {
            Side::Top | Side::Bottom => {
                list.sort_by(|a, b| a.toward.total_cmp(&b.toward).then(a.edge.cmp(&b.edge)));
                let limit = shape.half_width
                    * if shape.kind == ShapeKind::Diamond {
                        0.5
                    } else {
                        0.7
                    };
                let desired: Vec<f64> = list
                    .iter()
                    .map(|a| (a.toward - order[node]).clamp(-limit, limit))
                    .collect();
                let offsets = spread(&desired, limit, PORT_GAP);
                for (attachment, offset) in list.iter().zip(offsets) {
                    ports.insert(
                        (attachment.edge, attachment.is_source),
                        Port { side, offset },
                    );
                }
            }
            Side::Left | Side::Right => {
                list.sort_by_key(|a| (a.category, a.edge));
                let has_flat = list.iter().any(|a| a.category == 1);
                let limit = shape.half_height * 0.6;
                let count = list.len();
                let step = if count > 1 {
                    (2.0 * limit / (count - 1) as f64).min(12.0)
                } else {
                    0.0
                };
                let flat_index = list.iter().position(|a| a.category == 1);
                for (index, attachment) in list.iter().enumerate() {
                    let offset = match (has_flat, flat_index) {
                        (true, Some(flat)) => (index as f64 - flat as f64) * step,
                        _ => (index as f64 - (count - 1) as f64 / 2.0) * step,
                    };
                    ports.insert(
                        (attachment.edge, attachment.is_source),
                        Port {
                            side,
                            offset: offset.clamp(-limit, limit),
                        },
                    );
                }
            }
        }
    }
    let port_order = |node: usize, port: Port| -> f64 {
        let shape = shapes[node];
        match port.side {
            Side::Top | Side::Bottom => order[node] + port.offset,
            Side::Right => order[node] + shape.reach_x(port.offset),
            Side::Left => order[node] - shape.reach_x(port.offset),
        }
    };
    let port_of = |edge: usize, is_source: bool| -> Port {
        ports.get(&(edge, is_source)).copied().unwrap_or(Port {
            side: if is_source { Side::Bottom } else { Side::Top },
            offset: 0.0,
        })
    };

    // Conditions of chained edges sit in the gap below their source, beside
    // the connector; labels that would collide are stacked.
    let mut gap_labels: Vec<Vec<(usize, f64, f64, f64)>> = vec![Vec::new(); layer_count + 1];
    for (edge_index, role) in layered.roles.iter().enumerate() {
        let EdgeRole::Chain(_) = role else { continue };
        let Some((breadth, depth)) = label_size(edge_index) else {
            continue;
        };
        let edge = &layered.edges[edge_index];
        let port = port_of(edge_index, true);
        let at = port_order(edge.from, port);
        let siblings = attachments
            .get(&(edge.from, Side::Bottom))
            .map_or(1, Vec::len);
        let leftmost = siblings > 1
            && attachments
                .get(&(edge.from, Side::Bottom))
                .and_then(|list| list.first())
                .is_some_and(|a| a.edge == edge_index);
        let start = if leftmost {
            at - 4.0 - breadth
        } else {
            at + 4.0
        };
        gap_labels[layered.rank[edge.from] + 1].push((edge_index, start, breadth, depth));
    }
    let mut label_offset: HashMap<usize, f64> = HashMap::new();
    let mut label_zone = vec![0.0f64; layer_count + 1];
    for (gap, labels) in gap_labels.iter_mut().enumerate() {
        labels.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
        for &(edge, start, breadth, depth) in labels.iter() {
            let offset = placed
                .iter()
                .filter(|p| p.0 < start + breadth + 4.0 && start < p.0 + p.1 + 4.0)
                .map(|p| p.2 + p.3 + 2.0)
                .fold(0.0, f64::max);
            placed.push((start, breadth, offset, depth));
            label_offset.insert(edge, offset);
            label_zone[gap] = label_zone[gap].max(offset + depth);
        }
    }

    // Extents along the order axis per level, for the return lanes.
    let level_count = 2 * layer_count + 1;
    let mut level_low = vec![f64::INFINITY; level_count];
    let mut level_high = vec![f64::NEG_INFINITY; level_count];
    for rank in 0..layer_count {
        let (low, high) = band_extent(rank);
        level_low[level_of_band(rank)] = low;
        level_high[level_of_band(rank)] = high;
    }
    for (gap, labels) in gap_labels.iter().enumerate() {
        for &(_, start, breadth, _) in labels {
            let level = level_of_gap(gap);
            level_low[level] = level_low[level].min(start);
            level_high[level] = level_high[level].max(start + breadth);
        }
    }
    let mut order_of_plans: Vec<usize> = (0..plans.len()).collect();
    order_of_plans.sort_by_key(|&i| (plans[i].levels.1 - plans[i].levels.0, plans[i].edge));
    // Lanes already placed: (right side?, levels, outer extent).
    let mut occupied: Vec<(bool, (usize, usize), f64)> = Vec::new();
    for index in order_of_plans {
        let (low, high) = plans[index].levels;
        let right = plans[index].right;
        let sign = if right { 1.0 } else { -1.0 };
        let mut lane = if right {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        for level in low..=high.min(level_count - 1) {
            lane = if right {
                lane.max(level_high[level])
            } else {
                lane.min(level_low[level])
            };
        }
        for &(other_right, (other_low, other_high), outer) in &occupied {
            if other_right == right && other_low <= high && low <= other_high {
                lane = if right {
                    lane.max(outer)
                } else {
                    lane.min(outer)
                };
            }
        }
        let lane = lane + sign * LANE_GAP;
        let label_breadth = label_size(plans[index].edge).map_or(0.0, |(b, _)| b);
        // The label stands outside the lane, clear of the ranks near it too.
        let mut label_edge = lane + sign * 4.0;
        for level in low.saturating_sub(2)..=(high + 2).min(level_count - 1) {
            label_edge = if right {
                label_edge.max(level_high[level] + 4.0)
            } else {
                label_edge.min(level_low[level] - 4.0)
            };
        }
        let label_order = if right {
            label_edge
        } else {
            label_edge - label_breadth
        };
        let outer = if label_breadth > 0.0 {
            label_edge + sign * label_breadth
        } else {
            lane
        };
        plans[index].lane = lane;
        plans[index].label_order = label_order;
        occupied.push((right, (low, high), outer));
    }

    // Jogs between ranks and their tracks.
    let mut jogs: Vec<Vec<Jog>> = vec![Vec::new(); layer_count + 1];
    for (edge_index, role) in layered.roles.iter().enumerate() {
        match role {
            EdgeRole::Chain(chain) => {
                let last = chain.len() - 1;
                let mut current = port_order(chain[0], port_of(edge_index, true));
                for hop in 0..last {
                    let next_vertex = chain[hop + 1];
                    let next = if hop + 1 == last {
                        port_order(next_vertex, port_of(edge_index, false))
                    } else {
                        order[next_vertex]
                    };
                    if (next - current).abs() > 0.05 {
                        jogs[layered.rank[next_vertex]].push(Jog {
                            key: (edge_index, hop),
                            from: current,
                            to: next,
                        });
                    }
                    current = next;
                }
            }
            EdgeRole::Return => {
                let Some(plan) = return_plan.get(&edge_index).map(|&i| &plans[i]) else {
                    continue;
                };
                let edge = &layered.edges[edge_index];
                if plan.exit_side == Side::Bottom {
                    jogs[layered.rank[edge.from] + 1].push(Jog {
                        key: (edge_index, 0),
                        from: port_order(edge.from, port_of(edge_index, true)),
                        to: plan.lane,
                    });
                }
                if plan.entry_side == Side::Top {
                    jogs[layered.rank[edge.to]].push(Jog {
                        key: (edge_index, 1),
                        from: plan.lane,
                        to: port_order(edge.to, port_of(edge_index, false)),
                    });
                }
            }
            EdgeRole::Flat => {}
        }
    }
    let mut track_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut track_count = vec![0usize; layer_count + 1];
    for (gap, list) in jogs.iter_mut().enumerate() {
        track_count[gap] = assign_tracks(list, &mut track_of);
    }

    // Rank positions: bands sized by their boxes and level-connector
    // labels, gaps by their labels and tracks.
    let mut above = vec![0.0f64; layer_count];
    let mut below = vec![0.0f64; layer_count];
    for (rank, layer) in layered.layers.iter().enumerate() {
        for &vertex in layer {
            above[rank] = above[rank].max(layered.depth[vertex] / 2.0);
            below[rank] = below[rank].max(layered.depth[vertex] / 2.0);
        }
    }
    for (edge_index, role) in layered.roles.iter().enumerate() {
        if *role == EdgeRole::Flat
            && let Some((_, depth)) = label_size(edge_index)
        {
            let rank = layered.rank[layered.edges[edge_index].from];
            above[rank] = above[rank].max(depth + 3.0);
        }
    }
    let lane_header = if layered.lane_names.is_empty() {
        0.0
    } else {
        match layered.direction {
            Direction::TopToBottom => LANE_FONT_SIZE * 1.4 * 2.0 + 12.0,
            Direction::LeftToRight => 96.0,
        }
    };
    let mut gap_start = vec![0.0f64; layer_count + 1];
    let mut center = vec![0.0f64; layer_count];
    let mut cursor = lane_header;
    for gap in 0..=layer_count {
        gap_start[gap] = cursor;
        let content = label_zone[gap]
            + if label_zone[gap] > 0.0 && track_count[gap] > 0 {
                GAP_MARGIN
            } else {
                0.0
            }
            + track_count[gap] as f64 * TRACK_SPACING;
        let needed = if content > 0.0 {
            content + 2.0 * GAP_MARGIN
        } else {
            0.0
        };
        let inner = gap > 0 && gap < layer_count;
        let least = if content > 0.0 {
            RANK_GAP
        } else {
            PLAIN_RANK_GAP
        };
        let size = if inner { needed.max(least) } else { needed };
        cursor += size;
        if gap < layer_count {
            center[gap] = cursor + above[gap];
            cursor += above[gap] + below[gap];
        }
    }
    let track_rank = |gap: usize, track: usize| -> f64 {
        let next_band = if gap < layer_count {
            center[gap] - above[gap]
        } else {
            cursor
        };
        let tracks_start = gap_start[gap]
            + GAP_MARGIN
            + label_zone[gap]
            + if label_zone[gap] > 0.0 {
                GAP_MARGIN
            } else {
                0.0
            };
        let room = next_band - GAP_MARGIN - tracks_start;
        let used = track_count[gap] as f64 * TRACK_SPACING;
        let slack = ((room - used) / 2.0).max(0.0);
        tracks_start + slack + (track as f64 + 0.5) * TRACK_SPACING
    };
    let vertex_rank = |vertex: usize| center[layered.rank[vertex]];
    let port_point = |node: usize, port: Port| -> (f64, f64) {
        let shape = shapes[node];
        let (o, r) = (order[node], vertex_rank(node));
        match port.side {
            Side::Top => (o + port.offset, r - shape.reach_y(port.offset)),
            Side::Bottom => (o + port.offset, r + shape.reach_y(port.offset)),
            Side::Right => (o + shape.reach_x(port.offset), r + port.offset),
            Side::Left => (o - shape.reach_x(port.offset), r + port.offset),
        }
    };

    // Points and labels, in the abstract frame.
    let mut paths: Vec<Vec<(f64, f64)>> = Vec::with_capacity(layered.edges.len());
    let mut labels: Vec<Option<Placed>> = Vec::with_capacity(layered.edges.len());
    for (edge_index, role) in layered.roles.iter().enumerate() {
        let edge = &layered.edges[edge_index];
        let size = label_size(edge_index);
        let source_port = port_of(edge_index, true);
        let target_port = port_of(edge_index, false);
        let start = port_point(edge.from, source_port);
        let end = port_point(edge.to, target_port);
        let mut points = vec![start];
        let mut label = None;
        match role {
            EdgeRole::Chain(chain) => {
                let last = chain.len() - 1;
                let mut current = start.0;
                for hop in 0..last {
                    let next_vertex = chain[hop + 1];
                    let next = if hop + 1 == last {
                        end.0
                    } else {
                        order[next_vertex]
                    };
                    if let Some(&track) = track_of.get(&(edge_index, hop)) {
                        let r = track_rank(layered.rank[next_vertex], track);
                        points.push((current, r));
                        points.push((next, r));
                    }
                    current = next;
                }
                if let Some((breadth, depth)) = size {
                    let gap = layered.rank[edge.from] + 1;
                    let siblings = attachments.get(&(edge.from, Side::Bottom));
                    let leftmost = siblings.is_some_and(|list| {
                        list.len() > 1 && list.first().is_some_and(|a| a.edge == edge_index)
                    });
                    let order_start = if leftmost {
                        start.0 - 4.0 - breadth
                    } else {
                        start.0 + 4.0
                    };
                    let offset = label_offset.get(&edge_index).copied().unwrap_or(0.0);
                    label = Some(Placed {
                        order: order_start,
                        rank: gap_start[gap] + GAP_MARGIN + offset,
                        breadth,
                        depth,
                    });
                }
            }
            EdgeRole::Flat => {
                if let Some((breadth, depth)) = size {
                    let (low, high) = (start.0.min(end.0), start.0.max(end.0));
                    label = Some(Placed {
                        order: (low + high - breadth) / 2.0,
                        rank: start.1 - 3.0 - depth,
                        breadth,
                        depth,
                    });
                }
            }
            EdgeRole::Return => {
                if let Some(plan) = return_plan.get(&edge_index).map(|&i| &plans[i]) {
                    let exit_rank = if plan.exit_side == Side::Bottom {
                        let r = track_rank(
                            layered.rank[edge.from] + 1,
                            track_of.get(&(edge_index, 0)).copied().unwrap_or(0),
                        );
                        points.push((start.0, r));
                        r
                    } else {
                        start.1
                    };
                    points.push((plan.lane, exit_rank));
                    let entry_rank = if plan.entry_side == Side::Top {
                        track_rank(
                            layered.rank[edge.to],
                            track_of.get(&(edge_index, 1)).copied().unwrap_or(0),
                        )
                    } else {
                        end.1
                    };
                    points.push((plan.lane, entry_rank));
                    if plan.entry_side == Side::Top {
                        points.push((end.0, entry_rank));
                    }
                    if let Some((breadth, depth)) = size {
                        label = Some(Placed {
                            order: plan.label_order,
                            rank: (exit_rank + entry_rank - depth) / 2.0,
                            breadth,
                            depth,
                        });
                    }
                }
            }
        }
        points.push(end);
        paths.push(simplify(points));
        labels.push(label);
    }

    // Bounds of everything, then the real frame.
    let mut low_order = f64::INFINITY;
    let mut high_order = f64::NEG_INFINITY;
    let mut low_rank = 0.0f64;
    let mut high_rank = cursor;
    for (center, breadth) in order.iter().zip(&layered.breadth).take(node_count) {
        low_order = low_order.min(center - breadth / 2.0);
        high_order = high_order.max(center + breadth / 2.0);
    }
    for path in &paths {
        for &(o, r) in path {
            low_order = low_order.min(o);
            high_order = high_order.max(o);
            low_rank = low_rank.min(r);
            high_rank = high_rank.max(r);
        }
    }
    for label in labels.iter().flatten() {
        low_order = low_order.min(label.order);
        high_order = high_order.max(label.order + label.breadth);
        low_rank = low_rank.min(label.rank);
        high_rank = high_rank.max(label.rank + label.depth);
    }
    let mut lane_spans: Vec<(String, f64, f64)> = Vec::new();
    if !layered.lane_names.is_empty() {
        let lane_count = layered.lane_names.len();
        let mut low = vec![f64::INFINITY; lane_count];
        let mut high = vec![f64::NEG_INFINITY; lane_count];
        for ((center, breadth), &lane) in order.iter().zip(&layered.breadth).zip(&layered.lane_of) {
            if lane < lane_count {
                low[lane] = low[lane].min(center - breadth / 2.0);
                high[lane] = high[lane].max(center + breadth / 2.0);
            }
        }
        let used: Vec<usize> = (0..lane_count).filter(|&l| low[l].is_finite()).collect();
        for (index, &lane) in used.iter().enumerate() {
            let start = match index {
                0 => low_order.min(low[lane] - 14.0),
                _ => (high[used[index - 1]] + low[lane]) / 2.0,
            };
            let end = match used.get(index + 1) {
                Some(&next) => (high[lane] + low[next]) / 2.0,
                None => high_order.max(high[lane] + 14.0),
            };
            lane_spans.push((layered.lane_names[lane].clone(), start, end));
        }
        if let (Some(first), Some(last)) = (lane_spans.first(), lane_spans.last()) {
            low_order = low_order.min(first.1);
            high_order = high_order.max(last.2);
        }
    }
    let shift_order = MARGIN - low_order;
    let shift_rank = MARGIN - low_rank;
    let extent_order = high_order - low_order + 2.0 * MARGIN;
    let extent_rank = high_rank - low_rank + 2.0 * MARGIN;
    let to_real = |o: f64, r: f64| -> [f64; 2] {
        let (o, r) = (o + shift_order, r + shift_rank);
        match layered.direction {
            Direction::TopToBottom => [round(o), round(r)],
            Direction::LeftToRight => [round(r), round(o)],
        }
    };
    let box_to_real = |o: f64, r: f64, breadth: f64, depth: f64| -> [f64; 4] {
        let [x, y] = to_real(o, r);
        match layered.direction {
            Direction::TopToBottom => [x, y, round(breadth), round(depth)],
            Direction::LeftToRight => [x, y, round(depth), round(breadth)],
        }
    };
    let (width, height) = match layered.direction {
        Direction::TopToBottom => (round(extent_order), round(extent_rank)),
        Direction::LeftToRight => (round(extent_rank), round(extent_order)),
    };

    let nodes = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let [x, y, w, h] = box_to_real(
                order[index] - layered.breadth[index] / 2.0,
                center[layered.rank[index]] - layered.depth[index] / 2.0,
                layered.breadth[index],
                layered.depth[index],
            );
            NodeBox {
                id: node.id.clone(),
                kind: node.kind,
                x,
                y,
                width: w,
                height: h,
                label: node.label.clone(),
                lines: sizes[index].label.lines.clone(),
                details: sizes[index].details.clone(),
                markers: sizes[index].markers.clone(),
                risk: node.risk.as_ref().map(|risk| risk.level),
                supervision_point: node.supervision_point,
            }
        })
        .collect();
    let edges = layered
        .edges
        .iter()
        .zip(paths)
        .zip(labels)
        .map(|((edge, path), label)| EdgePath {
            from: chart.nodes[edge.from].id.clone(),
            to: chart.nodes[edge.to].id.clone(),
            kind: edge.kind,
            points: path.iter().map(|&(o, r)| to_real(o, r)).collect(),
            label: label.zip(edge.label.as_ref()).map(|(placed, text)| {
                let [x, y, w, h] =
                    box_to_real(placed.order, placed.rank, placed.breadth, placed.depth);
                EdgeLabel {
                    x,
                    y,
                    width: w,
                    height: h,
                    text: edge.condition.clone().unwrap_or_default(),
                    lines: text.lines.clone(),
                }
            }),
        })
        .collect();
    let lanes = lane_spans
        .into_iter()
        .map(|(name, start, end)| {
            let [x, y, w, h] = box_to_real(start, low_rank, end - start, high_rank - low_rank);
            Lane {
                name,
                x,
                y,
                width: w,
                height: h,
            }
        })
        .collect();
    Geometry {
        title: chart.title.clone(),
        direction: layered.direction,
        width,
        height,
        nodes,
        edges,
        lanes,
    }
}

/// Spreads ports over `[-limit, limit]`: each as near its wish as possible,
/// at least `gap` apart, evenly when they do not fit.
fn spread(desired: &[f64], limit: f64, gap: f64) -> Vec<f64> {
    let count = desired.len();
    if count == 0 {
        return Vec::new();
    }
    if count > 1 && 2.0 * limit < gap * (count - 1) as f64 {
        let step = 2.0 * limit / (count - 1) as f64;
        return (0..count).map(|i| -limit + step * i as f64).collect();
    }
    let mut offsets = desired.to_vec();
    for index in 1..count {
        offsets[index] = offsets[index].max(offsets[index - 1] + gap);
    }
    if let Some(last) = offsets.last_mut() {
        *last = last.min(limit);
    }
    for index in (0..count.saturating_sub(1)).rev() {
        offsets[index] = offsets[index].min(offsets[index + 1] - gap);
    }
    if offsets[0] < -limit {
        let step = if count > 1 {
            2.0 * limit / (count - 1) as f64
        } else {
            0.0
        };
        return (0..count).map(|i| -limit + step * i as f64).collect();
    }
    offsets
}

/// Puts jogs on tracks so overlapping jogs never share one, in the order
/// that avoids needless crossings: rightward jogs from the right first,
/// then leftward jogs from the left. Returns the number of tracks.
fn assign_tracks(jogs: &mut [Jog], track_of: &mut HashMap<(usize, usize), usize>) -> usize {
    jogs.sort_by(|a, b| {
        let a_right = a.to > a.from;
        let b_right = b.to > b.from;
        b_right
            .cmp(&a_right)
            .then_with(|| {
                if a_right {
                    b.from.total_cmp(&a.from)
                } else {
                    a.from.total_cmp(&b.from)
                }
            })
            .then(a.key.cmp(&b.key))
    });
    let mut placed: Vec<(f64, f64, usize)> = Vec::new();
    let mut count = 0;
    for jog in jogs.iter() {
        let (low, high) = (jog.from.min(jog.to), jog.from.max(jog.to));
        let track = placed
            .iter()
            .filter(|&&(l, h, _)| l < high + 2.0 && low < h + 2.0)
            .map(|&(_, _, t)| t + 1)
            .max()
            .unwrap_or(0);
        placed.push((low, high, track));
        track_of.insert(jog.key, track);
        count = count.max(track + 1);
    }
    count
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut result: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for point in points {
        if let Some(&last) = result.last()
            && (last.0 - point.0).abs() < 1e-6
            && (last.1 - point.1).abs() < 1e-6
        {
            continue;
        }
        if result.len() >= 2 {
            let a = result[result.len() - 2];
            let b = result[result.len() - 1];
            let collinear = ((a.0 - b.0).abs() < 1e-6 && (b.0 - point.0).abs() < 1e-6)
                || ((a.1 - b.1).abs() < 1e-6 && (b.1 - point.1).abs() < 1e-6);
            if collinear {
                result.pop();
            }
        }
        result.push(point);
    }
    result
}

/// Lane header lines, wrapped to the lane.
pub(crate) fn lane_header_lines(name: &str, width: f64) -> Vec<String> {
    wrap_balanced(name, LANE_FONT_SIZE, (width - 8.0).max(LANE_FONT_SIZE))
}

/// Font size of lane headers, for the renderer.
pub(crate) fn lane_font_size() -> f64 {
    LANE_FONT_SIZE
}
