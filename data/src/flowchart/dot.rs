//! Graphviz DOT: import of flowcharts drawn elsewhere, and the `layout-rs`
//! comparison engine (the baseline our layout must beat).
//!
//! Parsing uses `layout-rs`'s DOT parser; the mapping to our model is ours:
//! `shape=diamond` is a decision, `ellipse`/`oval`/`circle`/`style=rounded`
//! mark start and end (by whether the node has incoming edges), other shapes
//! are tasks; `label` on an edge is its condition, `style=dashed` makes it a
//! return edge. Attributes `type`, `kind` and `role` set our fields directly.

use std::collections::{BTreeMap, HashMap};

use layout::backends::svg::SVGWriter;
use layout::gv::parser::ast;
use layout::gv::{DotParser, GraphBuilder};

use super::{Edge, EdgeKind, Flowchart, Node, NodeKind};

/// Why a DOT text could not be turned into a flowchart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DotError {
    /// The text is not DOT.
    #[error("invalid DOT: {0}")]
    Syntax(String),
    /// The graph has no nodes.
    #[error("the DOT graph has no nodes")]
    Empty,
    /// A `type` attribute names no node kind.
    #[error("node `{node}`: unknown type `{value}` (expected start, task, decision or end)")]
    UnknownNodeType {
        /// The node.
        node: String,
        /// The value given.
        value: String,
    },
    /// A `kind` attribute names no edge kind.
    #[error(
        "edge {from}→{to}: unknown kind `{value}` (expected normal, branch, return or terminate)"
    )]
    UnknownEdgeKind {
        /// Source.
        from: String,
        /// Target.
        to: String,
        /// The value given.
        value: String,
    },
}

#[derive(Default)]
struct Collected {
    /// Node id → attributes, in order of first mention.
    nodes: Vec<(String, BTreeMap<String, String>)>,
    edges: Vec<(String, String, BTreeMap<String, String>)>,
}

impl Collected {
    fn node(&mut self, id: &str) -> &mut BTreeMap<String, String> {
        let index = match self.nodes.iter().position(|(n, _)| n == id) {
            Some(index) => index,
            None => {
                self.nodes.push((id.to_owned(), BTreeMap::new()));
                self.nodes.len() - 1
            }
        };
        &mut self.nodes[index].1
    }

    fn visit(
        &mut self,
        list: &ast::StmtList,
        node_defaults: &BTreeMap<String, String>,
        edge_defaults: &BTreeMap<String, String>,
    ) {
        let mut node_defaults = node_defaults.clone();
        let mut edge_defaults = edge_defaults.clone();
        for statement in &list.list {
            match statement {
                ast::Stmt::Attribute(attribute) => {
                    let target = match attribute.target {
                        ast::AttrStmtTarget::Node => &mut node_defaults,
                        ast::AttrStmtTarget::Edge => &mut edge_defaults,
                        ast::AttrStmtTarget::Graph => continue,
                    };
                    target.extend(attribute.list.iter().cloned());
                }
                ast::Stmt::Node(node) => {
                    let defaults = node_defaults.clone();
                    let attributes = self.node(&node.id.name);
                    for (k, v) in defaults {
                        attributes.entry(k).or_insert(v);
                    }
                    attributes.extend(node.list.iter().cloned());
                }
                ast::Stmt::Edge(edge) => {
                    let mut attributes = edge_defaults.clone();
                    attributes.extend(edge.list.iter().cloned());
                    let mut from = edge.from.name.clone();
                    self.node(&from);
                    for (to, _) in &edge.to {
                        self.node(&to.name);
                        self.edges
                            .push((from.clone(), to.name.clone(), attributes.clone()));
                        from = to.name.clone();
                    }
                }
                ast::Stmt::SubGraph(graph) => {
                    self.visit(&graph.list, &node_defaults, &edge_defaults)
                }
            }
        }
    }
}

fn clean_label(label: &str) -> String {
    label
        .replace("\\n", "")
        .replace("\\l", "")
        .replace("\\r", "")
        .trim()
        .to_owned()
}

/// Reads a DOT graph as a flowchart. The result is not validated: call
/// [`Flowchart::validate`] to get every problem with it.
pub fn from_dot(text: &str) -> Result<Flowchart, DotError> {
    let graph = DotParser::new(text).process().map_err(DotError::Syntax)?;
    let mut collected = Collected::default();
    collected.visit(&graph.list, &BTreeMap::new(), &BTreeMap::new());
    if collected.nodes.is_empty() {
        return Err(DotError::Empty);
    }
    let incoming: HashMap<&str, usize> =
        collected
            .edges
            .iter()
            .fold(HashMap::new(), |mut m, (_, to, _)| {
                *m.entry(to.as_str()).or_default() += 1;
                m
            });
    let outgoing: HashMap<&str, usize> =
        collected
            .edges
            .iter()
            .fold(HashMap::new(), |mut m, (from, _, _)| {
                *m.entry(from.as_str()).or_default() += 1;
                m
            });
    let mut nodes = Vec::with_capacity(collected.nodes.len());
    for (id, attributes) in &collected.nodes {
        let has_in = incoming.get(id.as_str()).is_some_and(|n| *n > 0);
        let has_out = outgoing.get(id.as_str()).is_some_and(|n| *n > 0);
        let kind = match attributes.get("type").map(String::as_str) {
            Some("start") => NodeKind::Start,
            Some("task") => NodeKind::Task,
            Some("decision") => NodeKind::Decision,
            Some("end") => NodeKind::End,
            Some(other) => {
                return Err(DotError::UnknownNodeType {
                    node: id.clone(),
                    value: other.to_owned(),
                });
            }
            None => {
                let shape = attributes.get("shape").map(String::as_str).unwrap_or("box");
                let rounded = attributes
                    .get("style")
                    .is_some_and(|s| s.contains("rounded"));
                match shape {
                    "diamond" | "Mdiamond" => NodeKind::Decision,
                    _ if !has_in => NodeKind::Start,
                    _ if !has_out => NodeKind::End,
                    "ellipse" | "oval" | "circle" | "doublecircle" | "Msquare" => NodeKind::End,
                    _ if rounded => NodeKind::End,
                    _ => NodeKind::Task,
                }
            }
        };
        let label = attributes
            .get("label")
            .map(|l| clean_label(l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| id.clone());
        nodes.push(Node {
            role: attributes.get("role").cloned(),
            ..Node::new(id.clone(), label, kind)
        });
    }
    let kind_of = |id: &str| nodes.iter().find(|n| n.id == id).map(|n| n.kind);
    let mut edges = Vec::with_capacity(collected.edges.len());
    for (from, to, attributes) in &collected.edges {
        let kind = match attributes.get("kind").map(String::as_str) {
            Some("normal") => EdgeKind::Normal,
            Some("branch") => EdgeKind::Branch,
            Some("return") => EdgeKind::Return,
            Some("terminate") => EdgeKind::Terminate,
            Some(other) => {
                return Err(DotError::UnknownEdgeKind {
                    from: from.clone(),
                    to: to.clone(),
                    value: other.to_owned(),
                });
            }
            None if attributes
                .get("style")
                .is_some_and(|s| s.contains("dashed")) =>
            {
                EdgeKind::Return
            }
            None if kind_of(from) == Some(NodeKind::Decision)
                && kind_of(to) == Some(NodeKind::End) =>
            {
                EdgeKind::Terminate
            }
            None => EdgeKind::Normal,
        };
        edges.push(Edge {
            from: from.clone(),
            to: to.clone(),
            condition: attributes
                .get("label")
                .map(|l| clean_label(l))
                .filter(|l| !l.is_empty()),
            kind,
        });
    }
    let title = (!graph.name.is_empty()).then(|| graph.name.clone());
    Ok(Flowchart {
        title,
        procedure: None,
        nodes,
        edges,
        supervision: None,
        note: None,
    })
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the chart as DOT, with the shapes `layout-rs` understands.
pub fn to_dot(chart: &Flowchart) -> String {
    let mut dot = match &chart.title {
        Some(title) => format!("digraph {} {{\n", quote(title)),
        None => String::from("digraph {\n"),
    };
    for node in &chart.nodes {
        let shape = match node.kind {
            NodeKind::Decision => "diamond",
            NodeKind::Task => "box",
            NodeKind::Start | NodeKind::End => "ellipse",
        };
        dot.push_str(&format!(
            "  {} [label={}, shape={shape}];\n",
            quote(&node.id),
            quote(&node.label)
        ));
    }
    for edge in &chart.edges {
        let mut attributes = Vec::new();
        if let Some(condition) = &edge.condition {
            attributes.push(format!("label={}", quote(condition)));
        }
        if edge.kind == EdgeKind::Return {
            attributes.push("style=dashed".to_owned());
        }
        let attributes = if attributes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attributes.join(", "))
        };
        dot.push_str(&format!(
            "  {} -> {}{attributes};\n",
            quote(&edge.from),
            quote(&edge.to)
        ));
    }
    dot.push_str("}\n");
    dot
}

/// Lays the chart out and draws it with `layout-rs` (self-check off), for
/// comparison with our engine.
pub fn render_with_layout_rs(chart: &Flowchart) -> Result<String, DotError> {
    let graph = DotParser::new(&to_dot(chart))
        .process()
        .map_err(DotError::Syntax)?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    visual.dag.set_validate(false);
    let mut svg = SVGWriter::new();
    visual.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        dot: &str,
        expected_nodes: &[(&str, NodeKind)],
        expected_edges: &[(&str, &str, EdgeKind, Option<&str>)],
    ) {
        let chart = from_dot(dot).unwrap_or_else(|e| panic!("{e}"));
        let nodes: Vec<(&str, NodeKind)> = chart
            .nodes
            .iter()
            .map(|n| (n.label.as_str(), n.kind))
            .collect();
        assert_eq!(nodes, expected_nodes);
        let edges: Vec<(&str, &str, EdgeKind, Option<&str>)> = chart
            .edges
            .iter()
            .map(|e| {
                (
                    e.from.as_str(),
                    e.to.as_str(),
                    e.kind,
                    e.condition.as_deref(),
                )
            })
            .collect();
        assert_eq!(edges, expected_edges);
    }

    #[test]
    fn reads_a_typical_chart() {
        check(
            r#"digraph "许可流程" {
                node [shape=box];
                s [label="申请", shape=ellipse];
                a [label="受理"];
                d [label="材料是否齐全", shape=diamond];
                e [label="办结", shape=ellipse];
                x [label="不予受理", shape=ellipse];
                s -> a -> d;
                d -> e [label="齐全"];
                d -> x [label="不齐全"];
                d -> a [label="补正", style=dashed];
            }"#,
            &[
                ("申请", NodeKind::Start),
                ("受理", NodeKind::Task),
                ("材料是否齐全", NodeKind::Decision),
                ("办结", NodeKind::End),
                ("不予受理", NodeKind::End),
            ],
            &[
                ("s", "a", EdgeKind::Normal, None),
                ("a", "d", EdgeKind::Normal, None),
                ("d", "e", EdgeKind::Terminate, Some("齐全")),
                ("d", "x", EdgeKind::Terminate, Some("不齐全")),
                ("d", "a", EdgeKind::Return, Some("补正")),
            ],
        );
    }

    #[test]
    fn explicit_attributes_win() {
        check(
            r#"digraph { a [type=start]; b [type=end, label="结束"]; a -> b [kind=branch]; }"#,
            &[("a", NodeKind::Start), ("结束", NodeKind::End)],
            &[("a", "b", EdgeKind::Branch, None)],
        );
        assert!(matches!(
            from_dot("digraph { a [type=loop]; }"),
            Err(DotError::UnknownNodeType { .. })
        ));
        assert!(matches!(
            from_dot("digraph { a -> "),
            Err(DotError::Syntax(_))
        ));
        assert_eq!(from_dot("digraph { }"), Err(DotError::Empty));
    }

    #[test]
    fn round_trips_through_dot_and_draws_with_layout_rs() {
        let chart = from_dot(r#"digraph { s [shape=ellipse]; t; d [shape=diamond]; e [shape=ellipse]; x [shape=ellipse]; s -> t -> d; d -> e [label="是"]; d -> x [label="否"]; }"#)
            .unwrap_or_else(|e| panic!("{e}"));
        let again = from_dot(&to_dot(&chart)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, chart);
        let svg = render_with_layout_rs(&chart).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
            "{svg}"
        );
    }
}
