//! The complete check of a chart: every problem at once, each naming the node
//! or edge to fix, so an editor or an import can list them all.

use std::collections::HashMap;

use super::{EdgeKind, Flowchart, NodeKind, StructureError};

/// The most steps a chart may have: an 18-step chart is a large one; the
/// layout's cost grows faster than the chart.
pub const MAX_NODES: usize = 200;
/// The most edges a chart may have.
pub const MAX_EDGES: usize = 600;
/// The longest id, label, role or condition, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The longest material, document, provision or risk text, in characters.
pub const MAX_DETAIL_CHARS: usize = 2_000;
/// The most materials, documents or risk controls one step may list.
pub const MAX_LIST_ENTRIES: usize = 100;

/// One reason a chart cannot be drawn or published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlowchartError {
    /// A duplicate id, a dangling edge or an empty chart.
    #[error(transparent)]
    Structure(#[from] StructureError),
    /// No node has the type `start`.
    #[error("the chart has no `start` node")]
    NoStart,
    /// More than one node has the type `start`.
    #[error("the chart has {} `start` nodes ({}); it needs exactly one", .0.len(), backticked(.0))]
    SeveralStarts(Vec<String>),
    /// A node the start cannot lead to.
    #[error("node `{0}` cannot be reached from the start")]
    Unreachable(String),
    /// A node from which no end can be reached.
    #[error("node `{0}` cannot reach an end")]
    NoWayToEnd(String),
    /// A decision with fewer than two ways out.
    #[error("decision `{id}` has {count} outgoing edge(s); it needs at least 2")]
    TooFewBranches {
        /// The decision's id.
        id: String,
        /// How many edges leave it.
        count: usize,
    },
    /// An edge leaving a decision without saying when it is taken.
    #[error("edge {from}→{to}: leaves decision `{from}` without a condition")]
    MissingCondition {
        /// The decision's id.
        from: String,
        /// The target's id.
        to: String,
    },
    /// More steps or edges than a chart may have; nothing else is checked.
    #[error("the chart has {count} {what}; the limit is {limit}")]
    TooLarge {
        /// `nodes` or `edges`.
        what: &'static str,
        /// How many it has.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A text longer than its limit, or a list with too many entries.
    #[error("{at}: {field} has {count} {unit}; the limit is {limit}")]
    TooLong {
        /// `node `N2`` or `edge N2→N3`.
        at: String,
        /// The field.
        field: &'static str,
        /// Its length.
        count: usize,
        /// `characters` or `entries`.
        unit: &'static str,
        /// The limit.
        limit: usize,
    },
    /// Nodes that form a cycle of edges none of which is a `return` edge.
    #[error("nodes {} form a cycle without a `return` edge", backticked(.0))]
    Cycle(Vec<String>),
}

fn backticked(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Flowchart {
    /// Every problem that keeps the chart from being valid (DESIGN.md 1.3):
    /// exactly one start; every node reachable from it; every node reaches an
    /// end; decisions have at least two outgoing edges, each with a
    /// condition; no dangling edge; `return` edges form the only cycles.
    /// Empty when the chart is valid. Problems come in a stable order: the
    /// structural ones first, then per node in the author's order.
    pub fn validate(&self) -> Vec<FlowchartError> {
        // Size first: a chart over the limits is not examined further.
        for (what, count, limit) in [
            ("nodes", self.nodes.len(), MAX_NODES),
            ("edges", self.edges.len(), MAX_EDGES),
        ] {
            if count > limit {
                return vec![FlowchartError::TooLarge { what, count, limit }];
            }
        }
        let too_long = self.too_long();
        if !too_long.is_empty() {
            return too_long;
        }
        let mut errors: Vec<FlowchartError> = self
            .structure_errors()
            .into_iter()
            .map(FlowchartError::from)
            .collect();
        if self.nodes.is_empty() {
            return errors;
        }
        // Node positions by id; the first definition wins, as in `graph()`.
        let mut position: HashMap<&str, usize> = HashMap::with_capacity(self.nodes.len());
        for (index, node) in self.nodes.iter().enumerate() {
            position.entry(node.id.as_str()).or_insert(index);
        }
        let count = self.nodes.len();
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut forward: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (edge_index, edge) in self.edges.iter().enumerate() {
            let (Some(&from), Some(&to)) = (
                position.get(edge.from.as_str()),
                position.get(edge.to.as_str()),
            ) else {
                continue;
            };
            successors[from].push(to);
            predecessors[to].push(from);
            out_edges[from].push(edge_index);
            if edge.kind != EdgeKind::Return {
                forward[from].push(to);
            }
        }
        let is_canonical =
            |index: usize| position.get(self.nodes[index].id.as_str()) == Some(&index);

        let starts: Vec<usize> = (0..count)
            .filter(|&i| is_canonical(i) && self.nodes[i].kind == NodeKind::Start)
            .collect();
        match starts.as_slice() {
            [] => errors.push(FlowchartError::NoStart),
            [_] => {}
            several => errors.push(FlowchartError::SeveralStarts(
                several.iter().map(|&i| self.nodes[i].id.clone()).collect(),
            )),
        }
        let reached_from_start = flood(&starts, &successors);
        let ends: Vec<usize> = (0..count)
            .filter(|&i| is_canonical(i) && self.nodes[i].kind == NodeKind::End)
            .collect();
        let reaches_end = flood(&ends, &predecessors);

        for (index, node) in self.nodes.iter().enumerate() {
            if !is_canonical(index) {
                continue;
            }
            if !starts.is_empty() && !reached_from_start[index] {
                errors.push(FlowchartError::Unreachable(node.id.clone()));
            }
            if !reaches_end[index] {
                errors.push(FlowchartError::NoWayToEnd(node.id.clone()));
            }
            if node.kind == NodeKind::Decision {
                let exits = &out_edges[index];
                if exits.len() < 2 {
                    errors.push(FlowchartError::TooFewBranches {
                        id: node.id.clone(),
                        count: exits.len(),
                    });
                }
                for &edge_index in exits {
                    let edge = &self.edges[edge_index];
                    let has_condition = edge
                        .condition
                        .as_deref()
                        .is_some_and(|condition| !condition.trim().is_empty());
                    if !has_condition {
                        errors.push(FlowchartError::MissingCondition {
                            from: edge.from.clone(),
                            to: edge.to.clone(),
                        });
                    }
                }
            }
        }
        for mut component in forward_cycles(&forward) {
            component.sort_unstable();
            errors.push(FlowchartError::Cycle(
                component
                    .into_iter()
                    .map(|i| self.nodes[i].id.clone())
                    .collect(),
            ));
        }
        errors
    }
}

impl Flowchart {
    /// Every text over [`MAX_LABEL_CHARS`] or [`MAX_DETAIL_CHARS`] and every
    /// list over [`MAX_LIST_ENTRIES`].
    fn too_long(&self) -> Vec<FlowchartError> {
        let mut errors = Vec::new();
        let mut check = |at: &dyn Fn() -> String, field: &'static str, text: &str, limit: usize| {
            let count = text.chars().count();
            if count > limit {
                errors.push(FlowchartError::TooLong {
                    at: at(),
                    field,
                    count,
                    unit: "characters",
                    limit,
                });
            }
        };
        for node in &self.nodes {
            let at = || format!("node `{}`", node.id.chars().take(40).collect::<String>());
            check(&at, "id", &node.id, MAX_LABEL_CHARS);
            check(&at, "label", &node.label, MAX_LABEL_CHARS);
            check(
                &at,
                "role",
                node.role.as_deref().unwrap_or(""),
                MAX_LABEL_CHARS,
            );
            check(
                &at,
                "legal_ref",
                node.legal_ref.as_deref().unwrap_or(""),
                MAX_DETAIL_CHARS,
            );
            let risk = node.risk.as_ref();
            check(
                &at,
                "risk.description",
                risk.map_or("", |r| &r.description),
                MAX_DETAIL_CHARS,
            );
            check(
                &at,
                "risk.responsible",
                risk.and_then(|r| r.responsible.as_deref()).unwrap_or(""),
                MAX_LABEL_CHARS,
            );
            let lists: [(&'static str, &[String]); 3] = [
                ("materials", &node.materials),
                ("outputs", &node.outputs),
                ("risk.controls", risk.map_or(&[], |r| &r.controls)),
            ];
            for (field, list) in lists {
                for entry in list {
                    check(&at, field, entry, MAX_DETAIL_CHARS);
                }
            }
        }
        for edge in &self.edges {
            let at = || {
                format!(
                    "edge {}→{}",
                    edge.from.chars().take(40).collect::<String>(),
                    edge.to.chars().take(40).collect::<String>()
                )
            };
            check(&at, "from", &edge.from, MAX_LABEL_CHARS);
            check(&at, "to", &edge.to, MAX_LABEL_CHARS);
            check(
                &at,
                "condition",
                edge.condition.as_deref().unwrap_or(""),
                MAX_LABEL_CHARS,
            );
        }
        for node in &self.nodes {
            let risk = node.risk.as_ref();
            let lists: [(&'static str, usize); 3] = [
                ("materials", node.materials.len()),
                ("outputs", node.outputs.len()),
                ("risk.controls", risk.map_or(0, |r| r.controls.len())),
            ];
            for (field, count) in lists {
                if count > MAX_LIST_ENTRIES {
                    errors.push(FlowchartError::TooLong {
                        at: format!("node `{}`", node.id.chars().take(40).collect::<String>()),
                        field,
                        count,
                        unit: "entries",
                        limit: MAX_LIST_ENTRIES,
                    });
                }
            }
        }
        errors
    }
}

/// Marks every node reachable from `roots` along `adjacency`.
fn flood(roots: &[usize], adjacency: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; adjacency.len()];
    let mut stack: Vec<usize> = roots.to_vec();
    for &root in roots {
        seen[root] = true;
    }
    while let Some(node) = stack.pop() {
        for &next in &adjacency[node] {
            if !seen[next] {
                seen[next] = true;
                stack.push(next);
            }
        }
    }
    seen
}

/// The strongly connected components of the forward (non-return) edges that
/// contain a cycle, in order of their smallest node index.
fn forward_cycles(forward: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut graph = petgraph::graph::DiGraph::<(), ()>::with_capacity(forward.len(), 0);
    let indices: Vec<_> = (0..forward.len()).map(|_| graph.add_node(())).collect();
    for (from, targets) in forward.iter().enumerate() {
        for &to in targets {
            graph.add_edge(indices[from], indices[to], ());
        }
    }
    let mut cycles: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&graph)
        .into_iter()
        .map(|component| component.into_iter().map(|n| n.index()).collect::<Vec<_>>())
        .filter(|component: &Vec<usize>| {
            component.len() > 1 || forward[component[0]].contains(&component[0])
        })
        .collect();
    cycles.sort_by_key(|component| component.iter().copied().min());
    cycles
}

#[cfg(test)]
mod tests {
    use crate::flowchart::{Edge, EdgeKind, Flowchart, Node, NodeKind};

    fn chart(
        nodes: &[(&str, NodeKind)],
        edges: &[(&str, &str, EdgeKind, Option<&str>)],
    ) -> Flowchart {
        Flowchart {
            title: None,
            procedure: None,
            nodes: nodes
                .iter()
                .map(|&(id, kind)| Node::new(id, id, kind))
                .collect(),
            edges: edges
                .iter()
                .map(|&(from, to, kind, condition)| Edge {
                    from: from.into(),
                    to: to.into(),
                    condition: condition.map(Into::into),
                    kind,
                })
                .collect(),
            supervision: None,
            note: None,
        }
    }

    fn check(name: &str, chart: Flowchart, expected: &[&str]) {
        let got: Vec<String> = chart.validate().iter().map(ToString::to_string).collect();
        assert_eq!(got, expected, "case `{name}`");
    }

    use EdgeKind::*;
    use NodeKind::*;

    /// A chain S → T1 … → E of `n` nodes.
    fn chain(n: usize) -> Flowchart {
        let ids: Vec<String> = (0..n).map(|i| format!("N{i}")).collect();
        let nodes: Vec<(&str, NodeKind)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let kind = match i {
                    0 => Start,
                    _ if i == n - 1 => End,
                    _ => Task,
                };
                (id.as_str(), kind)
            })
            .collect();
        let edges: Vec<(&str, &str, EdgeKind, Option<&str>)> = ids
            .windows(2)
            .map(|w| (w[0].as_str(), w[1].as_str(), Normal, None))
            .collect();
        chart(&nodes, &edges)
    }

    #[test]
    fn charts_over_the_limits_are_refused_before_anything_else() {
        check("the largest chart", chain(super::MAX_NODES), &[]);
        check(
            "one node too many",
            chain(super::MAX_NODES + 1),
            &["the chart has 201 nodes; the limit is 200"],
        );
        let mut edges = chain(3);
        for _ in 0..super::MAX_EDGES {
            edges.edges.push(edges.edges[0].clone());
        }
        check(
            "edges",
            edges,
            &["the chart has 602 edges; the limit is 600"],
        );
        let mut long = chain(3);
        long.nodes[1].label = "长".repeat(super::MAX_LABEL_CHARS + 1);
        long.nodes[1].materials = vec!["材料".into(); super::MAX_LIST_ENTRIES + 1];
        long.edges[0].condition = Some("条".repeat(super::MAX_LABEL_CHARS + 5));
        check(
            "texts",
            long,
            &[
                "node `N1`: label has 201 characters; the limit is 200",
                "edge N0→N1: condition has 205 characters; the limit is 200",
                "node `N1`: materials has 101 entries; the limit is 100",
            ],
        );
    }

    #[test]
    fn valid_chart_has_no_problems() {
        check(
            "valid",
            chart(
                &[
                    ("S", Start),
                    ("A", Task),
                    ("D", Decision),
                    ("E", End),
                    ("X", End),
                ],
                &[
                    ("S", "A", Normal, None),
                    ("A", "D", Normal, None),
                    ("D", "E", Normal, Some("是")),
                    ("D", "X", Terminate, Some("否")),
                    ("D", "A", Return, Some("补正")),
                ],
            ),
            &[],
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        check(
            "many",
            chart(
                &[
                    ("S", Start),
                    ("T", Start),
                    ("N2a", Task),
                    ("D", Decision),
                    ("N7", Task),
                    ("E", End),
                    ("L", Task),
                ],
                &[
                    ("S", "N2a", Normal, None),
                    ("N2a", "N9", Normal, None),
                    ("N2a", "D", Normal, None),
                    ("D", "E", Normal, None),
                    ("D", "N7", Branch, Some("否")),
                    ("L", "L", Normal, None),
                    ("T", "E", Normal, None),
                ],
            ),
            &[
                "edge N2a→N9: target `N9` does not exist",
                "the chart has 2 `start` nodes (`S`, `T`); it needs exactly one",
                "edge D→E: leaves decision `D` without a condition",
                "node `N7` cannot reach an end",
                "node `L` cannot be reached from the start",
                "node `L` cannot reach an end",
                "nodes `L` form a cycle without a `return` edge",
            ],
        );
    }

    #[test]
    fn structural_problems() {
        check("empty", chart(&[], &[]), &["the chart has no nodes"]);
        check(
            "no start",
            chart(&[("E", End)], &[]),
            &["the chart has no `start` node"],
        );
        check(
            "one branch",
            chart(
                &[("S", Start), ("D", Decision), ("E", End)],
                &[("S", "D", Normal, None), ("D", "E", Normal, Some("是"))],
            ),
            &["decision `D` has 1 outgoing edge(s); it needs at least 2"],
        );
        check(
            "cycle without return",
            chart(
                &[("S", Start), ("A", Task), ("B", Task), ("E", End)],
                &[
                    ("S", "A", Normal, None),
                    ("A", "B", Normal, None),
                    ("B", "A", Branch, None),
                    ("B", "E", Normal, None),
                ],
            ),
            &["nodes `A`, `B` form a cycle without a `return` edge"],
        );
    }
}
