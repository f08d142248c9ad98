//! The flowchart comparison drawn on the chart: the newer chart plus the
//! removed steps and transitions, each marked added, removed or changed by
//! shape and words.

use std::collections::{HashMap, HashSet};

use crate::flowchart::{
    Flowchart, LayoutError, LayoutOptions, Mark, Marks, SvgOptions, layout, render_svg_marked,
};

/// The union of two charts and the marks that tell them apart.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionChart {
    /// The newer chart with the removed steps (each after the step that
    /// preceded it in the older chart) and the removed transitions.
    pub chart: Flowchart,
    /// Which steps and transitions were added, removed or changed.
    pub marks: Marks,
}

/// Builds the union of the older and the newer chart with its marks. A
/// missing chart counts as empty, so an added chart is all 新增 and a removed
/// one all 删除.
pub fn union_chart(before: Option<&Flowchart>, after: Option<&Flowchart>) -> UnionChart {
    let mut marks = Marks::default();
    let (old, new) = match (before, after) {
        (Some(old), Some(new)) => (old, new),
        (None, Some(new)) => {
            for node in &new.nodes {
                marks.nodes.insert(node.id.clone(), Mark::Added);
            }
            for edge in &new.edges {
                marks
                    .edges
                    .insert((edge.from.clone(), edge.to.clone()), Mark::Added);
            }
            return UnionChart {
                chart: new.clone(),
                marks,
            };
        }
        (Some(old), None) => {
            for node in &old.nodes {
                marks.nodes.insert(node.id.clone(), Mark::Removed);
            }
            for edge in &old.edges {
                marks
                    .edges
                    .insert((edge.from.clone(), edge.to.clone()), Mark::Removed);
            }
            return UnionChart {
                chart: old.clone(),
                marks,
            };
        }
        (None, None) => {
            return UnionChart {
                chart: Flowchart {
                    title: None,
                    procedure: None,
                    nodes: Vec::new(),
                    edges: Vec::new(),
                    supervision: None,
                    note: None,
                },
                marks,
            };
        }
    };
    let old_nodes: HashMap<&str, &crate::flowchart::Node> =
        old.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let new_ids: HashSet<&str> = new.nodes.iter().map(|n| n.id.as_str()).collect();
    let mut chart = new.clone();
    for node in &new.nodes {
        match old_nodes.get(node.id.as_str()) {
            None => {
                marks.nodes.insert(node.id.clone(), Mark::Added);
            }
            Some(previous) if *previous != node => {
                marks.nodes.insert(node.id.clone(), Mark::Changed);
            }
            Some(_) => {}
        }
    }
    // Removed steps go right after the step that preceded them in the older
    // chart, so the text order of the union still reads top to bottom.
    let mut anchor: Option<String> = None;
    for node in &old.nodes {
        if new_ids.contains(node.id.as_str()) {
            anchor = Some(node.id.clone());
            continue;
        }
        let at = anchor
            .as_deref()
            .and_then(|id| chart.nodes.iter().position(|n| n.id == id))
            .map_or(0, |index| index + 1);
        chart.nodes.insert(at, node.clone());
        marks.nodes.insert(node.id.clone(), Mark::Removed);
        anchor = Some(node.id.clone());
    }
    let mut unmatched: HashMap<(&str, &str), Vec<&crate::flowchart::Edge>> = HashMap::new();
    for edge in old.edges.iter().rev() {
        unmatched
            .entry((edge.from.as_str(), edge.to.as_str()))
            .or_default()
            .push(edge);
    }
    for edge in &new.edges {
        let key = (edge.from.clone(), edge.to.clone());
        match unmatched
            .get_mut(&(edge.from.as_str(), edge.to.as_str()))
            .and_then(Vec::pop)
        {
            None => {
                marks.edges.insert(key, Mark::Added);
            }
            Some(previous) if previous != edge => {
                marks.edges.insert(key, Mark::Changed);
            }
            Some(_) => {}
        }
    }
    for edge in &old.edges {
        if let Some(left) = unmatched.get_mut(&(edge.from.as_str(), edge.to.as_str()))
            && let Some(position) = left.iter().position(|e| std::ptr::eq(*e, edge))
        {
            left.remove(position);
            marks
                .edges
                .entry((edge.from.clone(), edge.to.clone()))
                .or_insert(Mark::Removed);
            chart.edges.push(edge.clone());
        }
    }
    UnionChart { chart, marks }
}

/// Draws the comparison of two charts as SVG: the union chart with marks
/// and a legend that explains them.
///
/// When the union is not a valid chart (say, a start step was replaced, so
/// it has two starts), the newer chart is drawn with its added and changed
/// steps marked; the removed ones are then only in the comparison's text.
/// When there is no newer chart, the older one is drawn all removed.
pub fn render_flowchart_diff(
    before: Option<&Flowchart>,
    after: Option<&Flowchart>,
    layout_options: &LayoutOptions,
    svg_options: &SvgOptions,
) -> Result<String, LayoutError> {
    let union = union_chart(before, after);
    match layout(&union.chart, layout_options) {
        Ok(geometry) => Ok(render_svg_marked(&geometry, svg_options, &union.marks)),
        Err(error) => {
            let Some(new) = after else {
                return Err(error);
            };
            let mut marks = union.marks;
            let ids: HashSet<&str> = new.nodes.iter().map(|n| n.id.as_str()).collect();
            marks.nodes.retain(|id, _| ids.contains(id.as_str()));
            marks.edges.retain(|(from, to), mark| {
                *mark != Mark::Removed && ids.contains(from.as_str()) && ids.contains(to.as_str())
            });
            let geometry = layout(new, layout_options)?;
            Ok(render_svg_marked(&geometry, svg_options, &marks))
        }
    }
}
