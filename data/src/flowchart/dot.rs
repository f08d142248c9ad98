//! Graphviz DOT: import of flowcharts drawn elsewhere, and the `layout-rs`
//! comparison engine (the baseline our layout must beat).
//!
//! Files are read as Graphviz writes and accepts them: [`normalize`] first
//! rewrites what `layout-rs`'s parser cannot read (HTML-like labels, bare
//! non-ASCII ids, ports, comments); the mapping to our model is ours:
//! `shape=diamond` is a decision, a node without incoming (forward) edges is
//! the start, one without outgoing edges or an `ellipse`/`oval`/`circle` is
//! an end, other nodes are tasks; `label` (or `xlabel`) on an edge is its condition,
//! `style=dashed` makes it a return edge, and so does closing a cycle.
//! Attributes `type`, `kind` and `role` set our fields directly; a
//! `subgraph cluster_*` gives its steps their role (the swimlane), and
//! `rankdir` the direction, both reported in [`DotLayout`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use layout::backends::svg::SVGWriter;
use layout::gv::parser::ast;
use layout::gv::{DotParser, GraphBuilder};
use serde::{Deserialize, Serialize};

use super::{Direction, Edge, EdgeKind, Flowchart, Node, NodeKind};

mod normalize;

/// Why a DOT text could not be turned into a flowchart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DotError {
    /// The text is not DOT.
    #[error("invalid DOT: {0}")]
    Syntax(String),
    /// A quoted string is not closed.
    #[error("line {line}: a quoted string is not closed")]
    UnterminatedString {
        /// The line where it opens.
        line: usize,
    },
    /// An HTML-like string (`<…>`) is not closed.
    #[error("line {line}: an HTML-like label `<…>` is not closed")]
    UnterminatedHtml {
        /// The line where it opens.
        line: usize,
    },
    /// A character that has no place in DOT outside a string.
    #[error("line {line}: unexpected character `{character}`")]
    UnexpectedCharacter {
        /// The line.
        line: usize,
        /// The character.
        character: char,
    },
    /// Subgraphs or attribute lists nested deeper than the import reads.
    #[error("line {line}: nested more than {limit} levels deep")]
    TooDeep {
        /// The line of the brace or bracket that goes too deep.
        line: usize,
        /// The deepest nesting read.
        limit: usize,
    },
    /// An edge to or from a subgraph (`a -> {b c}`), which the import does
    /// not read: write one edge per node.
    #[error(
        "line {line}: edges to or from a subgraph (`a -> {{b c}}`) are not supported; write one edge per node"
    )]
    SubgraphEdge {
        /// The line of the edge operator.
        line: usize,
    },
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

/// What the import inferred or left out, so the preview can say so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum DotNotice {
    /// An edge that closes a cycle but is not marked as a return
    /// (`style=dashed` or `kind=return`) was taken as a return edge.
    InferredReturn {
        /// Source node id.
        from: String,
        /// Target node id: the earlier step the edge goes back to.
        to: String,
    },
    /// A node's HTML-like label (`label=<…>`) was read as plain text.
    HtmlLabel {
        /// The node's id.
        node: String,
    },
    /// An edge's HTML-like label was read as plain text (its condition).
    HtmlCondition {
        /// Source node id.
        from: String,
        /// Target node id.
        to: String,
    },
    /// Attributes that do not change the chart (fonts, colours, positions,
    /// `rank`, `splines`, …), by name, sorted, each once.
    IgnoredAttributes {
        /// The attribute names.
        names: Vec<String>,
    },
}

/// How the file asks to be drawn: `rankdir` and `subgraph cluster_*` lanes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DotLayout {
    /// The graph sets `rankdir=LR` (or `RL`).
    pub left_to_right: bool,
    /// Some steps sit in a `subgraph cluster_*`, which gave them their role.
    pub swimlanes: bool,
}

impl DotLayout {
    /// The direction the file asks for.
    pub fn direction(self) -> Direction {
        if self.left_to_right {
            Direction::LeftToRight
        } else {
            Direction::TopToBottom
        }
    }
}

/// A DOT file read as a flowchart, with what the import inferred.
#[derive(Debug, Clone, PartialEq)]
pub struct DotImport {
    /// The chart, not validated.
    pub chart: Flowchart,
    /// What was inferred or left out, in a stable order.
    pub notices: Vec<DotNotice>,
    /// How the file asks to be drawn.
    pub layout: DotLayout,
}

/// Attributes the import reads, by where they appear; [`normalize::HTML_MARKER`]
/// attributes are ours.
const NODE_KEYS: &[&str] = &["label", "shape", "type", "role"];
const EDGE_KEYS: &[&str] = &["label", "xlabel", "style", "kind"];
const ROOT_KEYS: &[&str] = &["label", "rankdir"];
const CLUSTER_KEYS: &[&str] = &["label"];

type Attributes = BTreeMap<String, String>;

struct CollectedNode {
    id: String,
    attributes: Attributes,
    /// The cluster whose node statement first named the node.
    declared_lane: Option<String>,
    /// The cluster of the first edge statement that named it inside one.
    mentioned_lane: Option<String>,
}

struct CollectedEdge {
    from: usize,
    to: usize,
    attributes: Attributes,
}

#[derive(Default)]
struct Collected {
    /// In order of first mention.
    nodes: Vec<CollectedNode>,
    index: HashMap<String, usize>,
    edges: Vec<CollectedEdge>,
    /// The root graph's attributes.
    graph: Attributes,
    ignored: BTreeSet<String>,
}

impl Collected {
    /// The node, created with the defaults in force if this is its first
    /// mention (Graphviz applies `node [...]` defaults at creation).
    fn node(&mut self, id: String, defaults: &Attributes) -> usize {
        if let Some(&index) = self.index.get(&id) {
            return index;
        }
        self.index.insert(id.clone(), self.nodes.len());
        self.nodes.push(CollectedNode {
            id,
            attributes: defaults.clone(),
            declared_lane: None,
            mentioned_lane: None,
        });
        self.nodes.len() - 1
    }

    fn visit(
        &mut self,
        list: &ast::StmtList,
        node_defaults: &Attributes,
        edge_defaults: &Attributes,
        lane: Option<&str>,
        root: bool,
    ) {
        let mut node_defaults = node_defaults.clone();
        let mut edge_defaults = edge_defaults.clone();
        for statement in &list.list {
            match statement {
                ast::Stmt::Attribute(attribute) => match attribute.target {
                    ast::AttrStmtTarget::Node => node_defaults.extend(decoded(&attribute.list)),
                    ast::AttrStmtTarget::Edge => edge_defaults.extend(decoded(&attribute.list)),
                    ast::AttrStmtTarget::Graph if root => {
                        self.graph.extend(decoded(&attribute.list))
                    }
                    ast::AttrStmtTarget::Graph => {
                        let known: &[&str] = if lane.is_some() { CLUSTER_KEYS } else { &[] };
                        for (key, _) in attribute.list.iter() {
                            let key = id_text(key);
                            if !known.contains(&key.as_str()) {
                                self.ignored.insert(key);
                            }
                        }
                    }
                },
                ast::Stmt::Node(node) => {
                    let index = self.node(id_text(&node.id.name), &node_defaults);
                    let found = &mut self.nodes[index];
                    found.attributes.extend(decoded(&node.list));
                    if found.declared_lane.is_none() {
                        found.declared_lane = lane.map(str::to_owned);
                    }
                }
                ast::Stmt::Edge(edge) => {
                    let mut attributes = edge_defaults.clone();
                    attributes.extend(decoded(&edge.list));
                    let ends = std::iter::once(&edge.from).chain(edge.to.iter().map(|(to, _)| to));
                    let mut previous = None;
                    for end in ends {
                        let index = self.node(id_text(&end.name), &node_defaults);
                        let found = &mut self.nodes[index];
                        if found.mentioned_lane.is_none() {
                            found.mentioned_lane = lane.map(str::to_owned);
                        }
                        if let Some(from) = previous {
                            self.edges.push(CollectedEdge {
                                from,
                                to: index,
                                attributes: attributes.clone(),
                            });
                        }
                        previous = Some(index);
                    }
                }
                ast::Stmt::SubGraph(graph) => {
                    let cluster = cluster_lane(graph);
                    let lane = cluster.as_deref().or(lane);
                    self.visit(&graph.list, &node_defaults, &edge_defaults, lane, false);
                }
            }
        }
    }
}

/// The attribute list with keys and values as Graphviz reads them.
fn decoded(list: &ast::AttributeList) -> impl Iterator<Item = (String, String)> + '_ {
    list.iter().map(|(k, v)| (id_text(k), v.clone()))
}

/// The lane a `subgraph cluster_*` stands for: its label, or its name
/// without the `cluster` prefix; `None` if the subgraph is no cluster.
fn cluster_lane(graph: &ast::Graph) -> Option<String> {
    let name = id_text(&graph.name);
    let rest = name
        .get(..7)
        .filter(|prefix| prefix.eq_ignore_ascii_case("cluster"))
        .map(|_| &name[7..])?;
    let label = graph
        .list
        .list
        .iter()
        .rev()
        .find_map(|statement| match statement {
            ast::Stmt::Attribute(a) if matches!(a.target, ast::AttrStmtTarget::Graph) => {
                a.list.iter().rfind(|(k, _)| id_text(k) == "label")
            }
            _ => None,
        })
        .map(|(_, v)| single_line(&label_text(v, "", &name, None)))
        .filter(|l| !l.is_empty());
    let fallback = rest.trim_start_matches(['_', '-', ' ']);
    Some(label.unwrap_or_else(|| {
        if fallback.is_empty() {
            name.clone()
        } else {
            fallback.to_owned()
        }
    }))
}

/// An id as Graphviz reads it: only `\"` (and, for our own [`to_dot`],
/// `\\`) are escapes.
fn id_text(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('"' | '\\'))) => {
                text.push(next);
                chars.next();
            }
            _ => text.push(c),
        }
    }
    text
}

/// A label as Graphviz draws it: `\n`, `\l` and `\r` break lines, `\N`,
/// `\G`, `\E`, `\T` and `\H` name the node, graph, edge, tail and head;
/// lines are trimmed and empty ones dropped.
fn label_text(raw: &str, node: &str, graph: &str, edge: Option<(&str, &str)>) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'l' | 'r') => text.push('\n'),
            Some('N') => text.push_str(node),
            Some('G') => text.push_str(graph),
            Some('E') => {
                if let Some((tail, head)) = edge {
                    text.push_str(tail);
                    text.push_str("->");
                    text.push_str(head);
                }
            }
            Some('T') => text.push_str(edge.map_or("", |(tail, _)| tail)),
            Some('H') => text.push_str(edge.map_or("", |(_, head)| head)),
            Some('L') => {}
            Some(other) => text.push(other),
            None => text.push('\\'),
        }
    }
    text.split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lines of `text` as one: Chinese lines run on, words get a space.
fn single_line(text: &str) -> String {
    let mut joined = String::with_capacity(text.len());
    for line in text.split('\n') {
        let word_break = joined
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if word_break {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    joined
}

/// The value of a keyword-like attribute (`shape`, `type`, `rankdir`), for
/// comparison.
fn keyword_value(attributes: &Attributes, key: &str) -> Option<String> {
    attributes
        .get(key)
        .map(|value| id_text(value).trim().to_ascii_lowercase())
}

/// The edges (indices) that close a cycle: a depth-first search from
/// `roots`, in order, each edge followed in file order; an edge to a node on
/// the search's current path is a back edge. Edges in `skip` are left out.
fn back_edges(
    node_count: usize,
    edges: &[CollectedEdge],
    skip: &[bool],
    roots: impl IntoIterator<Item = usize>,
) -> Vec<usize> {
    let mut out_edges = vec![Vec::new(); node_count];
    for (index, edge) in edges.iter().enumerate() {
        if !skip[index] {
            out_edges[edge.from].push(index);
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; node_count];
    let mut back = Vec::new();
    for root in roots {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::OnPath;
        let mut path = vec![(root, 0usize)];
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match out_edges[node].get(*next) {
                Some(&edge) => {
                    *next += 1;
                    let target = edges[edge].to;
                    match state[target] {
                        State::New => {
                            state[target] = State::OnPath;
                            path.push((target, 0));
                        }
                        State::OnPath => back.push(edge),
                        State::Done => {}
                    }
                }
                None => {
                    state[node] = State::Done;
                    path.pop();
                }
            }
        }
    }
    back.sort_unstable();
    back
}

/// Reads a DOT graph as a flowchart. The result is not validated: call
/// [`Flowchart::validate`] to get every problem with it. See [`import_dot`]
/// for what the import inferred and how the file asks to be drawn.
pub fn from_dot(text: &str) -> Result<Flowchart, DotError> {
    import_dot(text).map(|import| import.chart)
}

/// Reads a DOT graph as Graphviz accepts it: HTML-like labels as plain text,
/// escaped line breaks as line breaks, cosmetic attributes ignored, edges
/// that close a cycle as returns, `rankdir` and `subgraph cluster_*` lanes
/// as the file's [`DotLayout`], cluster labels as the roles of their steps.
/// The chart is not validated.
pub fn import_dot(text: &str) -> Result<DotImport, DotError> {
    let normalized = normalize::normalize(text)?;
    let graph = DotParser::new(&normalized)
        .process()
        .map_err(DotError::Syntax)?;
    let graph_name = id_text(&graph.name);
    let mut collected = Collected::default();
    collected.visit(&graph.list, &BTreeMap::new(), &BTreeMap::new(), None, true);
    if collected.nodes.is_empty() {
        return Err(DotError::Empty);
    }
    let Collected {
        nodes: collected_nodes,
        edges: collected_edges,
        graph: graph_attributes,
        mut ignored,
        ..
    } = collected;
    let mut notices = Vec::new();

    // Kinds the file states: `type`, `kind`, and `style=dashed` for returns.
    let mut stated_types = Vec::with_capacity(collected_nodes.len());
    for node in &collected_nodes {
        let kind = match keyword_value(&node.attributes, "type").as_deref() {
            None => None,
            Some("start") => Some(NodeKind::Start),
            Some("task") => Some(NodeKind::Task),
            Some("decision") => Some(NodeKind::Decision),
            Some("end") => Some(NodeKind::End),
            Some(_) => {
                return Err(DotError::UnknownNodeType {
                    node: node.id.clone(),
                    value: node
                        .attributes
                        .get("type")
                        .map(|v| id_text(v))
                        .unwrap_or_default(),
                });
            }
        };
        stated_types.push(kind);
    }
    let id = |index: usize| collected_nodes[index].id.as_str();
    let mut edge_kinds = Vec::with_capacity(collected_edges.len());
    for edge in &collected_edges {
        let kind = match keyword_value(&edge.attributes, "kind").as_deref() {
            Some("normal") => Some(EdgeKind::Normal),
            Some("branch") => Some(EdgeKind::Branch),
            Some("return") => Some(EdgeKind::Return),
            Some("terminate") => Some(EdgeKind::Terminate),
            Some(_) => {
                return Err(DotError::UnknownEdgeKind {
                    from: id(edge.from).to_owned(),
                    to: id(edge.to).to_owned(),
                    value: edge
                        .attributes
                        .get("kind")
                        .map(|v| id_text(v))
                        .unwrap_or_default(),
                });
            }
            None if keyword_value(&edge.attributes, "style")
                .is_some_and(|s| s.contains("dashed")) =>
            {
                Some(EdgeKind::Return)
            }
            None => None,
        };
        edge_kinds.push(kind);
    }

    // Cycles the file leaves unmarked: their back edges are returns.
    let node_count = collected_nodes.len();
    let skip: Vec<bool> = edge_kinds
        .iter()
        .map(|k| *k == Some(EdgeKind::Return))
        .collect();
    let mut has_forward_in = vec![false; node_count];
    for (edge, skipped) in collected_edges.iter().zip(&skip) {
        if !skipped {
            has_forward_in[edge.to] = true;
        }
    }
    let roots = (0..node_count)
        .filter(|&i| stated_types[i] == Some(NodeKind::Start))
        .chain((0..node_count).filter(|&i| !has_forward_in[i]))
        .chain(0..node_count);
    for index in back_edges(node_count, &collected_edges, &skip, roots) {
        if edge_kinds[index].is_none() {
            edge_kinds[index] = Some(EdgeKind::Return);
            let edge = &collected_edges[index];
            notices.push(DotNotice::InferredReturn {
                from: id(edge.from).to_owned(),
                to: id(edge.to).to_owned(),
            });
        }
    }

    // Node kinds: start and end by whether forward edges come in and any go out.
    let mut has_in = vec![false; node_count];
    let mut has_out = vec![false; node_count];
    for (edge, kind) in collected_edges.iter().zip(&edge_kinds) {
        has_out[edge.from] = true;
        if *kind != Some(EdgeKind::Return) {
            has_in[edge.to] = true;
        }
    }
    let mut nodes = Vec::with_capacity(node_count);
    let mut swimlanes = false;
    for (index, node) in collected_nodes.iter().enumerate() {
        let attributes = &node.attributes;
        let kind = stated_types[index].unwrap_or_else(|| {
            let shape = keyword_value(attributes, "shape").unwrap_or_else(|| "box".to_owned());
            match shape.as_str() {
                "diamond" | "mdiamond" => NodeKind::Decision,
                _ if !has_in[index] => NodeKind::Start,
                _ if !has_out[index] => NodeKind::End,
                "ellipse" | "oval" | "circle" | "doublecircle" | "msquare" => NodeKind::End,
                // Many files round every box (`style=rounded`): a box
                // between two steps is a task whatever its corners.
                _ => NodeKind::Task,
            }
        });
        let label = attributes
            .get("label")
            .map(|l| label_text(l, &node.id, &graph_name, None))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| node.id.clone());
        let stated_role = attributes
            .get("role")
            .map(|r| single_line(&label_text(r, &node.id, &graph_name, None)))
            .filter(|r| !r.is_empty());
        let lane = node
            .declared_lane
            .clone()
            .or_else(|| node.mentioned_lane.clone());
        swimlanes |= lane.is_some();
        if attributes.contains_key(&html_marker("label")) {
            notices.push(DotNotice::HtmlLabel {
                node: node.id.clone(),
            });
        }
        note_ignored(attributes, NODE_KEYS, &mut ignored);
        nodes.push(Node {
            role: stated_role.or(lane),
            ..Node::new(node.id.clone(), label, kind)
        });
    }
    let mut edges = Vec::with_capacity(collected_edges.len());
    for (edge, kind) in collected_edges.iter().zip(edge_kinds) {
        let (from, to) = (id(edge.from), id(edge.to));
        let kind = kind.unwrap_or_else(|| {
            if nodes[edge.from].kind == NodeKind::Decision && nodes[edge.to].kind == NodeKind::End {
                EdgeKind::Terminate
            } else {
                EdgeKind::Normal
            }
        });
        // With `splines=ortho` Graphviz draws only `xlabel`s, so files
        // written for it put conditions there.
        let label_key = ["label", "xlabel"]
            .into_iter()
            .find(|key| edge.attributes.contains_key(*key));
        let condition = label_key
            .and_then(|key| edge.attributes.get(key))
            .map(|l| label_text(l, "", &graph_name, Some((from, to))))
            .filter(|l| !l.is_empty());
        if label_key.is_some_and(|key| edge.attributes.contains_key(&html_marker(key))) {
            notices.push(DotNotice::HtmlCondition {
                from: from.to_owned(),
                to: to.to_owned(),
            });
        }
        note_ignored(&edge.attributes, EDGE_KEYS, &mut ignored);
        edges.push(Edge {
            from: from.to_owned(),
            to: to.to_owned(),
            condition,
            kind,
        });
    }
    note_ignored(&graph_attributes, ROOT_KEYS, &mut ignored);
    if !ignored.is_empty() {
        notices.push(DotNotice::IgnoredAttributes {
            names: ignored.into_iter().collect(),
        });
    }
    let layout = DotLayout {
        left_to_right: keyword_value(&graph_attributes, "rankdir")
            .is_some_and(|r| r == "lr" || r == "rl"),
        swimlanes,
    };
    let title = graph_attributes
        .get("label")
        .map(|l| single_line(&label_text(l, "", &graph_name, None)))
        .filter(|t| !t.is_empty())
        .or_else(|| (!graph_name.is_empty()).then(|| graph_name.clone()));
    Ok(DotImport {
        chart: Flowchart {
            title,
            procedure: None,
            nodes,
            edges,
            supervision: None,
            note: None,
        },
        notices,
        layout,
    })
}

fn html_marker(key: &str) -> String {
    format!("{}:{key}", normalize::HTML_MARKER)
}

fn note_ignored(attributes: &Attributes, known: &[&str], ignored: &mut BTreeSet<String>) {
    for key in attributes.keys() {
        if !known.contains(&key.as_str()) && !key.starts_with(normalize::HTML_MARKER) {
            ignored.insert(key.clone());
        }
    }
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
mod tests;
