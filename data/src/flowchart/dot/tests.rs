//! Tests of the DOT import: the mapping, Graphviz's own styles, fixtures.

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
