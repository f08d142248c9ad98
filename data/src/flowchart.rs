//! Operation flowcharts (行政权力运行流程图) as graphs, never as images.
//!
//! This module holds the data model, the structural checks every stored chart
//! must pass, and the ordered text version of a chart. The submodules check a
//! chart completely ([`validate`]), measure its text ([`text_metrics`]), lay
//! it out ([`layout`]) into plain [`geometry`] and draw that as accessible SVG
//! ([`svg`]).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::item::{Duration, null_as_default};

pub mod dot;
pub mod geometry;
pub mod layout;
mod route;
pub mod svg;
pub mod text_metrics;
pub mod validate;

pub use geometry::{Direction, Geometry};
pub use layout::{LayoutError, LayoutOptions, layout};
pub use svg::{Mark, Marks, SvgOptions, render_svg, render_svg_marked};
pub use validate::FlowchartError;

/// A flowchart: nodes (steps) and edges (transitions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flowchart {
    /// The chart's title, e.g. `食品经营许可（新办）运行流程图`.
    #[serde(default)]
    pub title: Option<String>,
    /// The procedure it describes, e.g. `一般程序`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// Steps, in the order the author listed them.
    pub nodes: Vec<Node>,
    /// Transitions between steps.
    #[serde(default, deserialize_with = "null_as_default")]
    pub edges: Vec<Edge>,
    /// Supervision channels shown with the chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision: Option<ChartSupervision>,
    /// A remark on the chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Supervision channels for a whole chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSupervision {
    /// E.g. `12345政务服务便民热线`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub channels: Vec<String>,
}

/// The shape of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// Where the procedure starts (one per chart).
    Start,
    /// Work someone does.
    Task,
    /// A question with two or more outcomes.
    Decision,
    /// An outcome that ends the procedure.
    End,
}

impl NodeKind {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Start => "开始",
            NodeKind::Task => "办理环节",
            NodeKind::Decision => "判断",
            NodeKind::End => "结束",
        }
    }
}

/// One step of a flowchart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Identifier unique within the chart, e.g. `N2`.
    pub id: String,
    /// What happens, e.g. `受理`.
    pub label: String,
    /// Start, task, decision or end.
    #[serde(rename = "type")]
    pub kind: NodeKind,
    /// 承办岗位 (who does it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// How long the step may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<Duration>,
    /// Materials the applicant hands in.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub materials: Vec<String>,
    /// Documents (文书) the step produces.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub outputs: Vec<String>,
    /// The provision that governs the step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_ref: Option<String>,
    /// 廉政风险点.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// Whether this is an 电子监察点 (electronic supervision point).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub supervision_point: bool,
}

impl Node {
    /// A step with only its id, label and kind; every other field empty.
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: NodeKind) -> Self {
        Node {
            id: id.into(),
            label: label.into(),
            kind,
            role: None,
            time_limit: None,
            materials: Vec::new(),
            outputs: Vec::new(),
            legal_ref: None,
            risk: None,
            supervision_point: false,
        }
    }
}

/// The level of an integrity risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RiskLevel {
    /// 高
    #[serde(alias = "高")]
    High,
    /// 中
    #[serde(alias = "中")]
    Medium,
    /// 低
    #[serde(alias = "低")]
    Low,
}

impl RiskLevel {
    /// The Chinese label: `高`, `中`, `低`.
    pub fn label(self) -> &'static str {
        match self {
            RiskLevel::High => "高",
            RiskLevel::Medium => "中",
            RiskLevel::Low => "低",
        }
    }
}

/// An integrity risk point (廉政风险点) on a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// How serious.
    pub level: RiskLevel,
    /// What could go wrong.
    #[serde(default)]
    pub description: String,
    /// Controls against it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub controls: Vec<String>,
    /// Who answers for it.
    #[serde(default)]
    pub responsible: Option<String>,
}

/// What a transition does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// The usual way forward.
    #[default]
    Normal,
    /// A side way taken under a condition.
    Branch,
    /// Back to an earlier step (补正, 退回): the only allowed cycles.
    Return,
    /// To an outcome that ends the procedure.
    Terminate,
}

/// A transition between two steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// When this way is taken, e.g. `材料不齐全`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Normal, branch, return or terminate.
    #[serde(default)]
    pub kind: EdgeKind,
}

/// A structural problem that makes a chart unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    /// Two nodes share an id.
    #[error("node `{0}` is defined more than once")]
    DuplicateNode(String),
    /// An edge names a node that does not exist.
    #[error("edge {from}→{to}: {end} `{missing}` does not exist")]
    DanglingEdge {
        /// Source id.
        from: String,
        /// Target id.
        to: String,
        /// `source` or `target`.
        end: &'static str,
        /// The missing id.
        missing: String,
    },
    /// The chart has no nodes.
    #[error("the chart has no nodes")]
    Empty,
}

/// The chart as a petgraph graph, with a map from node ids to indices.
#[derive(Debug, Clone)]
pub struct ChartGraph<'a> {
    /// Node weights are the nodes, edge weights the edges, both borrowed.
    pub graph: DiGraph<&'a Node, &'a Edge>,
    /// Node id → graph index.
    pub index: HashMap<&'a str, NodeIndex>,
}

impl Flowchart {
    /// Every structural problem at once: duplicate ids, edges to missing nodes.
    pub fn structure_errors(&self) -> Vec<StructureError> {
        let mut errors = Vec::new();
        if self.nodes.is_empty() {
            errors.push(StructureError::Empty);
        }
        let mut seen = HashMap::new();
        for node in &self.nodes {
            if seen.insert(node.id.as_str(), ()).is_some() {
                errors.push(StructureError::DuplicateNode(node.id.clone()));
            }
        }
        for edge in &self.edges {
            for (end, id) in [("source", &edge.from), ("target", &edge.to)] {
                if !seen.contains_key(id.as_str()) {
                    errors.push(StructureError::DanglingEdge {
                        from: edge.from.clone(),
                        to: edge.to.clone(),
                        end,
                        missing: id.clone(),
                    });
                }
            }
        }
        errors
    }

    /// Builds the petgraph graph. Edges whose ends are missing are left out;
    /// call [`Flowchart::structure_errors`] first to report them.
    pub fn graph(&self) -> ChartGraph<'_> {
        let mut graph = DiGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index = HashMap::with_capacity(self.nodes.len());
        for node in &self.nodes {
            index
                .entry(node.id.as_str())
                .or_insert_with(|| graph.add_node(node));
        }
        for edge in &self.edges {
            if let (Some(&a), Some(&b)) =
                (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
            {
                graph.add_edge(a, b, edge);
            }
        }
        ChartGraph { graph, index }
    }

    /// The ordered text version of the chart: every step once, in reading
    /// order (a topological order of the forward edges, ties broken by the
    /// order the author listed the nodes), each with where it leads.
    pub fn steps(&self) -> Vec<Step<'_>> {
        let position: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut indegree = vec![0usize; self.nodes.len()];
        let mut forward: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for edge in self.edges.iter().filter(|e| e.kind != EdgeKind::Return) {
            if let (Some(&a), Some(&b)) = (
                position.get(edge.from.as_str()),
                position.get(edge.to.as_str()),
            ) {
                forward.entry(a).or_default().push(b);
                indegree[b] += 1;
            }
        }
        let mut ready: BinaryHeap<Reverse<usize>> = (0..self.nodes.len())
            .filter(|&i| indegree[i] == 0 && position.get(self.nodes[i].id.as_str()) == Some(&i))
            .map(Reverse)
            .collect();
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut placed = vec![false; self.nodes.len()];
        while let Some(Reverse(i)) = ready.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            order.push(i);
            for &next in forward.get(&i).map(Vec::as_slice).unwrap_or_default() {
                indegree[next] -= 1;
                if indegree[next] == 0 {
                    ready.push(Reverse(next));
                }
            }
        }
        // Nodes on an illegal cycle still appear, in the author's order.
        for (i, node) in self.nodes.iter().enumerate() {
            if !placed[i] && position.get(node.id.as_str()) == Some(&i) {
                placed[i] = true;
                order.push(i);
            }
        }
        let number: HashMap<&str, usize> = order
            .iter()
            .enumerate()
            .map(|(n, &i)| (self.nodes[i].id.as_str(), n + 1))
            .collect();
        order
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                let node = &self.nodes[i];
                let next = self
                    .edges
                    .iter()
                    .filter(|e| e.from == node.id)
                    .filter_map(|e| {
                        let target = self.nodes.iter().find(|t| t.id == e.to)?;
                        Some(StepLink {
                            condition: e.condition.as_deref(),
                            kind: e.kind,
                            number: number.get(e.to.as_str()).copied().unwrap_or(0),
                            label: &target.label,
                        })
                    })
                    .collect();
                Step {
                    number: n + 1,
                    node,
                    next,
                }
            })
            .collect()
    }
}

/// One entry of a chart's ordered text version.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<'a> {
    /// 1-based position in reading order.
    pub number: usize,
    /// The step itself.
    pub node: &'a Node,
    /// Where it leads.
    pub next: Vec<StepLink<'a>>,
}

/// A way out of a step, for the text version.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLink<'a> {
    /// The condition on the transition, if any.
    pub condition: Option<&'a str>,
    /// The transition's kind.
    pub kind: EdgeKind,
    /// The target's step number.
    pub number: usize,
    /// The target's label.
    pub label: &'a str,
}

#[cfg(test)]
mod tests;
