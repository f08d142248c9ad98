//! The complete check of a chart: every problem at once, each naming the node
//! or edge to fix, so an editor or an import can list them all.

use std::collections::HashMap;

use super::{EdgeKind, Flowchart, NodeKind, StructureError};

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
