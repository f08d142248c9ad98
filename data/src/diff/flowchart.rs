//! Flowcharts compared step by step (by node id) and transition by
//! transition (by their two ends), with the changes in words for screen
//! readers.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::fields::{change, to_json};
use super::{Change, FieldChange};
use crate::flowchart::{Edge, EdgeKind, Flowchart, Node, NodeKind};

/// How an item's flowchart changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowchartDiff {
    /// Added (no chart before), removed (none after) or changed.
    pub change: Change,
    /// Changed attributes of the chart itself (`flowchart.title` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Steps only in the newer chart, in its order.
    pub nodes_added: Vec<NodeRef>,
    /// Steps only in the older chart, in its order.
    pub nodes_removed: Vec<NodeRef>,
    /// Steps in both whose attributes changed, in the newer order.
    pub nodes_changed: Vec<NodeChange>,
    /// Transitions only in the newer chart.
    pub edges_added: Vec<EdgeRef>,
    /// Transitions only in the older chart.
    pub edges_removed: Vec<EdgeRef>,
    /// Transitions in both whose condition or kind changed.
    pub edges_changed: Vec<EdgeChange>,
    /// Removed steps whose work a remaining step took over (合并).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merges: Vec<StepMerge>,
    /// Whether the steps were listed in another order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    /// The changes in Chinese, one sentence each, for screen readers and print.
    pub text: Vec<String>,
    /// The chart after the change.
    pub after: Option<Flowchart>,
}

/// A step, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeRef {
    /// The node id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its shape.
    #[serde(rename = "type")]
    pub kind: NodeKind,
}

/// A step whose attributes changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeChange {
    /// The node id.
    pub id: String,
    /// Its label after the change.
    pub label: String,
    /// The changed attributes (`flowchart.nodes[N2].label` …).
    pub changes: Vec<FieldChange>,
}

/// A transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeRef {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The condition, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// The kind.
    pub kind: EdgeKind,
}

/// A transition whose condition or kind changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeChange {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// The changed attributes (`flowchart.edges[N1→N2].condition` …).
    pub changes: Vec<FieldChange>,
}

/// Steps merged into one: `into` stayed, `merged` were removed and their
/// transitions now start or end at `into`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepMerge {
    /// The remaining step.
    pub into: String,
    /// The removed steps it absorbed, in the older order.
    pub merged: Vec<String>,
}

impl FlowchartDiff {
    pub(super) fn changed_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.fields.iter().map(|f| f.path.clone()).collect();
        for node in self.nodes_added.iter().chain(&self.nodes_removed) {
            paths.push(format!("flowchart.nodes[{}]", node.id));
        }
        for node in &self.nodes_changed {
            paths.extend(node.changes.iter().map(|f| f.path.clone()));
        }
        for edge in self.edges_added.iter().chain(&self.edges_removed) {
            paths.push(edge_path(&edge.from, &edge.to));
        }
        for edge in &self.edges_changed {
            paths.extend(edge.changes.iter().map(|f| f.path.clone()));
        }
        if self.reordered {
            paths.push("flowchart.nodes".to_owned());
        }
        paths
    }
}

fn edge_path(from: &str, to: &str) -> String {
    format!("flowchart.edges[{from}→{to}]")
}

static EMPTY: Flowchart = Flowchart {
    title: None,
    procedure: None,
    nodes: Vec::new(),
    edges: Vec::new(),
    supervision: None,
    note: None,
};

/// Compares two charts; `None` when they are equal.
pub(super) fn diff(before: Option<&Flowchart>, after: Option<&Flowchart>) -> Option<FlowchartDiff> {
    if before == after {
        return None;
    }
    let change = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::Changed,
    };
    let old = before.unwrap_or(&EMPTY);
    let new = after.unwrap_or(&EMPTY);
    let mut fields = Vec::new();
    let mut check = |name: &str, label: &str, a: serde_json::Value, b: serde_json::Value| {
        if a != b {
            fields.push(change_of(&format!("flowchart.{name}"), label, a, b));
        }
    };
    check(
        "title",
        "流程图名称",
        to_json(&old.title),
        to_json(&new.title),
    );
    check(
        "procedure",
        "程序",
        to_json(&old.procedure),
        to_json(&new.procedure),
    );
    check(
        "supervision",
        "监督渠道",
        to_json(&old.supervision),
        to_json(&new.supervision),
    );
    check("note", "流程图备注", to_json(&old.note), to_json(&new.note));

    let old_nodes: HashMap<&str, &Node> = first_by_id(&old.nodes);
    let new_nodes: HashMap<&str, &Node> = first_by_id(&new.nodes);
    let nodes_added: Vec<NodeRef> = unique_nodes(&new.nodes)
        .filter(|node| !old_nodes.contains_key(node.id.as_str()))
        .map(node_ref)
        .collect();
    let nodes_removed: Vec<NodeRef> = unique_nodes(&old.nodes)
        .filter(|node| !new_nodes.contains_key(node.id.as_str()))
        .map(node_ref)
        .collect();
    let nodes_changed: Vec<NodeChange> = unique_nodes(&new.nodes)
        .filter_map(|node| {
            let previous = old_nodes.get(node.id.as_str())?;
            (*previous != node).then(|| NodeChange {
                id: node.id.clone(),
                label: node.label.clone(),
                changes: node_fields(previous, node),
            })
        })
        .collect();

    let (pairs, edges_added, edges_removed) = match_edges(&old.edges, &new.edges);
    let edges_changed: Vec<EdgeChange> = pairs
        .iter()
        .filter(|(a, b)| a != b)
        .map(|(a, b)| EdgeChange {
            from: b.from.clone(),
            to: b.to.clone(),
            changes: edge_fields(a, b),
        })
        .collect();
    let edges_added: Vec<EdgeRef> = edges_added.into_iter().map(edge_ref).collect();
    let edges_removed: Vec<EdgeRef> = edges_removed.into_iter().map(edge_ref).collect();
    let merges = if change == Change::Changed {
        find_merges(&nodes_removed, &nodes_changed, &edges_added, &edges_removed)
    } else {
        Vec::new()
    };
    let reordered = fields.is_empty()
        && nodes_added.is_empty()
        && nodes_removed.is_empty()
        && nodes_changed.is_empty()
        && edges_added.is_empty()
        && edges_removed.is_empty()
        && edges_changed.is_empty();
    let mut result = FlowchartDiff {
        change,
        fields,
        nodes_added,
        nodes_removed,
        nodes_changed,
        edges_added,
        edges_removed,
        edges_changed,
        merges,
        reordered,
        text: Vec::new(),
        after: after.cloned(),
    };
    result.text = describe(&result, &old_nodes, &new_nodes);
    Some(result)
}

fn change_of(path: &str, label: &str, a: serde_json::Value, b: serde_json::Value) -> FieldChange {
    change(path, label, a, b)
}

fn first_by_id(nodes: &[Node]) -> HashMap<&str, &Node> {
    let mut map = HashMap::with_capacity(nodes.len());
    for node in nodes {
        map.entry(node.id.as_str()).or_insert(node);
    }
    map
}

/// Nodes with the first occurrence of each id (a valid chart has no repeats).
fn unique_nodes(nodes: &[Node]) -> impl Iterator<Item = &Node> {
    let mut seen = HashSet::new();
    nodes
        .iter()
        .filter(move |node| seen.insert(node.id.as_str()))
}

fn node_ref(node: &Node) -> NodeRef {
    NodeRef {
        id: node.id.clone(),
        label: node.label.clone(),
        kind: node.kind,
    }
}

fn edge_ref(edge: &Edge) -> EdgeRef {
    EdgeRef {
        from: edge.from.clone(),
        to: edge.to.clone(),
        condition: edge.condition.clone(),
        kind: edge.kind,
    }
}

fn node_fields(before: &Node, after: &Node) -> Vec<FieldChange> {
    let prefix = format!("flowchart.nodes[{}]", after.id);
    let mut fields = Vec::new();
    let mut check = |name: &str, label: &str, a: serde_json::Value, b: serde_json::Value| {
        if a != b {
            fields.push(change(&format!("{prefix}.{name}"), label, a, b));
        }
    };
    check(
        "label",
        "步骤名称",
        to_json(&before.label),
        to_json(&after.label),
    );
    check(
        "type",
        "步骤类型",
        to_json(&before.kind),
        to_json(&after.kind),
    );
    check(
        "role",
        "承办岗位",
        to_json(&before.role),
        to_json(&after.role),
    );
    check(
        "time_limit",
        "办理时限",
        to_json(&before.time_limit),
        to_json(&after.time_limit),
    );
    check(
        "materials",
        "申请材料",
        to_json(&before.materials),
        to_json(&after.materials),
    );
    check(
        "outputs",
        "文书",
        to_json(&before.outputs),
        to_json(&after.outputs),
    );
    check(
        "legal_ref",
        "法律依据",
        to_json(&before.legal_ref),
        to_json(&after.legal_ref),
    );
    check(
        "risk",
        "廉政风险点",
        to_json(&before.risk),
        to_json(&after.risk),
    );
    check(
        "supervision_point",
        "电子监察点",
        to_json(&before.supervision_point),
        to_json(&after.supervision_point),
    );
    fields
}

fn edge_fields(before: &Edge, after: &Edge) -> Vec<FieldChange> {
    let prefix = edge_path(&after.from, &after.to);
    let mut fields = Vec::new();
    if before.condition != after.condition {
        fields.push(change(
            &format!("{prefix}.condition"),
            "条件",
            to_json(&before.condition),
            to_json(&after.condition),
        ));
    }
    if before.kind != after.kind {
        fields.push(change(
            &format!("{prefix}.kind"),
            "连线类型",
            to_json(&before.kind),
            to_json(&after.kind),
        ));
    }
    fields
}

/// Pairs transitions by their two ends (the k-th `a→b` before with the k-th
/// after); returns the pairs and the unpaired ones after and before.
#[allow(clippy::type_complexity)]
fn match_edges<'a>(
    before: &'a [Edge],
    after: &'a [Edge],
) -> (Vec<(&'a Edge, &'a Edge)>, Vec<&'a Edge>, Vec<&'a Edge>) {
    let mut by_ends: HashMap<(&str, &str), Vec<&Edge>> = HashMap::new();
    for edge in before.iter().rev() {
        by_ends
            .entry((edge.from.as_str(), edge.to.as_str()))
            .or_default()
            .push(edge);
    }
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for edge in after {
        match by_ends
            .get_mut(&(edge.from.as_str(), edge.to.as_str()))
            .and_then(Vec::pop)
        {
            Some(previous) => pairs.push((previous, edge)),
            None => added.push(edge),
        }
    }
    let paired: HashSet<*const Edge> = pairs.iter().map(|(a, _)| *a as *const Edge).collect();
    let removed = before
        .iter()
        .filter(|edge| !paired.contains(&(*edge as *const Edge)))
        .collect();
    (pairs, added, removed)
}

/// Removed steps whose work a neighbour took over: a removed step `R` with a
/// removed transition `K→R` (or `R→K`) from a remaining step `K` that itself
/// changed (new label, role, time limit …), where every other removed
/// transition of `R` reappears as an added one of `K` (`R→X` as `K→X`,
/// `X→R` as `X→K`). A step simply bypassed, its neighbour unchanged, is a
/// removal, not a merge.
fn find_merges(
    nodes_removed: &[NodeRef],
    nodes_changed: &[NodeChange],
    edges_added: &[EdgeRef],
    edges_removed: &[EdgeRef],
) -> Vec<StepMerge> {
    let removed: HashSet<&str> = nodes_removed.iter().map(|n| n.id.as_str()).collect();
    let changed: HashSet<&str> = nodes_changed.iter().map(|n| n.id.as_str()).collect();
    let added: HashSet<(&str, &str)> = edges_added
        .iter()
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    let mut merges: Vec<StepMerge> = Vec::new();
    for node in nodes_removed {
        let id = node.id.as_str();
        let touching: Vec<&EdgeRef> = edges_removed
            .iter()
            .filter(|e| e.from == id || e.to == id)
            .collect();
        let neighbours = touching.iter().filter_map(|e| {
            let other = if e.from == id { &e.to } else { &e.from };
            (!removed.contains(other.as_str()) && changed.contains(other.as_str()))
                .then_some(other.as_str())
        });
        let keeper = neighbours.into_iter().find(|&keeper| {
            touching.iter().all(|e| {
                let (from, to) = (e.from.as_str(), e.to.as_str());
                let inherited = if from == id {
                    (keeper, to)
                } else {
                    (from, keeper)
                };
                from == keeper || to == keeper || added.contains(&inherited)
            })
        });
        if let Some(keeper) = keeper {
            match merges.iter_mut().find(|m| m.into == keeper) {
                Some(merge) => merge.merged.push(id.to_owned()),
                None => merges.push(StepMerge {
                    into: keeper.to_owned(),
                    merged: vec![id.to_owned()],
                }),
            }
        }
    }
    merges
}

/// One sentence per change, in the order of the report.
fn describe(
    diff: &FlowchartDiff,
    old_nodes: &HashMap<&str, &Node>,
    new_nodes: &HashMap<&str, &Node>,
) -> Vec<String> {
    let label = |id: &str| -> String {
        new_nodes
            .get(id)
            .or_else(|| old_nodes.get(id))
            .map_or_else(|| id.to_owned(), |node| node.label.clone())
    };
    let old_label = |id: &str| -> String {
        old_nodes
            .get(id)
            .map_or_else(|| label(id), |node| node.label.clone())
    };
    let mut text = Vec::new();
    match diff.change {
        Change::Added => text.push("新增流程图".to_owned()),
        Change::Removed => text.push("删除流程图".to_owned()),
        _ => {}
    }
    for field in &diff.fields {
        text.push(format!("{}已修改", field.label));
    }
    for merge in &diff.merges {
        let mut names: Vec<String> = vec![format!("「{}」", old_label(&merge.into))];
        names.extend(
            merge
                .merged
                .iter()
                .map(|id| format!("「{}」", old_label(id))),
        );
        text.push(format!(
            "合并步骤{}为「{}」",
            names.join("与"),
            label(&merge.into)
        ));
    }
    for node in &diff.nodes_added {
        text.push(format!("新增步骤「{}」", node.label));
    }
    for node in &diff.nodes_removed {
        text.push(format!("删除步骤「{}」", node.label));
    }
    for node in &diff.nodes_changed {
        let parts: Vec<String> = node.changes.iter().map(describe_field).collect();
        text.push(format!(
            "步骤「{}」：{}",
            old_label(&node.id),
            parts.join("；")
        ));
    }
    let ends = |from: &str, to: &str| format!("「{}」→「{}」", label(from), label(to));
    for edge in &diff.edges_added {
        let condition = edge
            .condition
            .as_deref()
            .map(|c| format!("（条件：{c}）"))
            .unwrap_or_default();
        text.push(format!("新增连线{}{condition}", ends(&edge.from, &edge.to)));
    }
    for edge in &diff.edges_removed {
        text.push(format!(
            "删除连线「{}」→「{}」",
            old_label(&edge.from),
            old_label(&edge.to)
        ));
    }
    for edge in &diff.edges_changed {
        let parts: Vec<String> = edge.changes.iter().map(describe_field).collect();
        text.push(format!(
            "连线{}：{}",
            ends(&edge.from, &edge.to),
            parts.join("；")
        ));
    }
    if diff.reordered {
        text.push("调整步骤顺序".to_owned());
    }
    text
}

/// `名称由「受理」改为「受理审核」`, `时限由1个工作日改为3个工作日`.
pub(super) fn describe_field(field: &FieldChange) -> String {
    let show = |text: &Option<String>, value: &serde_json::Value| -> Option<String> {
        if let Some(text) = text {
            return Some(text.clone());
        }
        match value {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(format!("「{s}」")),
            other => super::fields::as_text(other)
                .filter(|t| !t.is_empty())
                .map(|t| format!("「{t}」")),
        }
    };
    match (
        show(&field.before_text, &field.before),
        show(&field.after_text, &field.after),
    ) {
        (Some(a), Some(b)) => format!("{}由{a}改为{b}", field.label),
        (None, Some(b)) => format!("新增{}{b}", field.label),
        (Some(_), None) => format!("删除{}", field.label),
        (None, None) => format!("{}已修改", field.label),
    }
}
