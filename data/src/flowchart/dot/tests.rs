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

/// The import as text: layout, title, one line per node, edge and notice.
fn digest(import: &DotImport) -> String {
    let DotImport {
        chart,
        notices,
        layout,
    } = import;
    let mut lines = vec![
        format!("layout: {layout:?}"),
        format!("title: {:?}", chart.title),
    ];
    for node in &chart.nodes {
        lines.push(format!(
            "node {} {:?} {:?} role={:?}",
            node.id, node.kind, node.label, node.role
        ));
    }
    for edge in &chart.edges {
        lines.push(format!(
            "edge {}->{} {:?} {:?}",
            edge.from, edge.to, edge.kind, edge.condition
        ));
    }
    for notice in notices {
        lines.push(format!("notice {notice:?}"));
    }
    lines.join("\n")
}

/// Imports a fixture, checks that the chart is valid and lays out, and
/// compares its digest.
fn check_fixture(name: &str, text: &str, expected: &str) {
    let import = import_dot(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(import.chart.validate(), vec![], "{name}");
    let options = crate::flowchart::LayoutOptions {
        direction: import.layout.direction(),
        swimlanes: import.layout.swimlanes,
        ..Default::default()
    };
    if let Err(e) = crate::flowchart::layout(&import.chart, &options) {
        panic!("{name}: {e}");
    }
    assert_eq!(digest(&import), expected.trim(), "{name}");
}

#[test]
fn html_labels_are_read_as_text() {
    check_fixture(
        "html_labels",
        include_str!("../fixtures/html_labels.dot"),
        r#"
layout: DotLayout { left_to_right: false, swimlanes: false }
title: Some("食品经营许可")
node 申请 Start "申请" role=None
node 受理 Task "受理\n审查材料 & 登记" role=None
node 审查 Task "审查\n承办：审批科 5个工作日" role=None
node 齐全 Decision "材料是否齐全？" role=None
node 办结 End "办结 <送达>" role=None
node 不予受理 End "不予受理" role=None
edge 申请->受理 Normal None
edge 受理->齐全 Normal None
edge 齐全->审查 Normal Some("齐全")
edge 齐全->不予受理 Terminate Some("不齐全")
edge 审查->办结 Normal None
notice HtmlLabel { node: "申请" }
notice HtmlLabel { node: "受理" }
notice HtmlLabel { node: "审查" }
notice HtmlLabel { node: "齐全" }
notice HtmlCondition { from: "齐全", to: "审查" }
notice IgnoredAttributes { names: ["fontname"] }
"#,
    );
}

#[test]
fn escaped_line_breaks_and_quotes() {
    check_fixture(
        "line_breaks",
        include_str!("../fixtures/line_breaks.dot"),
        r#"
layout: DotLayout { left_to_right: false, swimlanes: false }
title: Some("许可\"新办\"")
node s Start "提出\n申请" role=None
node a Task "受理\n（窗口）" role=None
node b Task "审查" role=None
node c Task "c" role=None
node d Decision "是否符合条件" role=None
node e End "准予许可" role=None
node x End "不予许可" role=None
edge s->a Normal None
edge a->b Normal None
edge b->c Normal None
edge c->d Normal None
edge d->e Terminate Some("符合")
edge d->x Terminate Some("不\"符合\"")
"#,
    );
}

#[test]
fn rankdir_comes_from_the_file() {
    check_fixture(
        "rankdir_lr",
        include_str!("../fixtures/rankdir_lr.dot"),
        r#"
layout: DotLayout { left_to_right: true, swimlanes: false }
title: Some("G")
node start Start "申请" role=None
node check Task "审查" role=None
node end End "办结" role=None
edge start->check Normal None
edge check->end Normal None
notice IgnoredAttributes { names: ["fillcolor", "nodesep", "splines", "style"] }
"#,
    );
    let left_to_right = |dot: &str| {
        import_dot(dot)
            .map(|i| i.layout.left_to_right)
            .unwrap_or_else(|e| panic!("{dot}: {e}"))
    };
    for dot in [
        "digraph { rankdir=LR; a -> b }",
        "digraph { rankdir=\"lr\"; a -> b }",
        "digraph { graph [rankdir=RL]; a -> b }",
        "digraph { a -> b; rankdir = Lr }",
    ] {
        assert!(left_to_right(dot), "{dot}");
    }
    for dot in [
        "digraph { a -> b }",
        "digraph { rankdir=BT; a -> b }",
        "digraph { rankdir=LR; rankdir=TB; a -> b }",
        "digraph { subgraph s { rankdir=LR; a -> b } }",
    ] {
        assert!(!left_to_right(dot), "{dot}");
    }
}

#[test]
fn clusters_are_lanes() {
    let lanes = include_str!("../fixtures/four_lanes.dot");
    check_fixture(
        "four_lanes",
        lanes,
        r#"
layout: DotLayout { left_to_right: false, swimlanes: true }
title: Some("许可泳道")
node s Start "申请" role=Some("窗口受理")
node a Task "受理" role=Some("窗口受理")
node b Task "审查" role=Some("审批科")
node d Decision "是否符合" role=Some("审批科")
node c Task "审批" role=Some("分管领导")
node e End "办结送达" role=Some("送达")
node x End "不予许可" role=Some("审批科")
edge s->a Normal None
edge a->b Normal None
edge b->d Normal None
edge d->c Normal Some("符合")
edge d->x Terminate Some("不符合")
edge c->e Normal None
notice IgnoredAttributes { names: ["color", "style"] }
"#,
    );
    let flat = import_dot(include_str!("../fixtures/four_lanes_flat.dot"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!flat.layout.swimlanes);
    let roles = |chart: &Flowchart| {
        chart
            .nodes
            .iter()
            .map(|n| n.role.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        roles(&flat.chart),
        [
            None,
            None,
            None,
            None,
            None,
            None,
            Some("审批科".to_owned())
        ]
    );
    let laned = import_dot(lanes).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(laned.chart, flat.chart);
    // Apart from the roles, the two are the same chart.
    let mut without_roles = laned.chart.clone();
    for (node, flat_node) in without_roles.nodes.iter_mut().zip(&flat.chart.nodes) {
        node.role = flat_node.role.clone();
    }
    assert_eq!(without_roles, flat.chart);
}

#[test]
fn lanes_from_edges_nested_clusters_and_plain_subgraphs() {
    let roles = |dot: &str| {
        import_dot(dot)
            .map(|i| {
                i.chart
                    .nodes
                    .into_iter()
                    .map(|n| (n.id, n.role.unwrap_or_default()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_else(|e| panic!("{dot}: {e}"))
    };
    let owned = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|&(a, b)| (a.to_owned(), b.to_owned()))
            .collect::<Vec<_>>()
    };
    // Nodes an edge names inside a cluster join it, unless a node
    // statement in another cluster claims them; the inner cluster wins.
    assert_eq!(
        roles(
            "digraph { subgraph cluster_a { a -> b } subgraph cluster_B { label=\"乙\"; b; \
             subgraph cluster_c { c } } { rank=same; d } a -> d; b -> c }"
        ),
        owned(&[("a", "a"), ("b", "乙"), ("c", "c"), ("d", "")])
    );
    assert_eq!(
        roles("digraph { subgraph cluster { label=\"\"; a } }"),
        owned(&[("a", "cluster")])
    );
}

#[test]
fn unstyled_cycles_get_inferred_returns() {
    check_fixture(
        "unstyled_cycle",
        include_str!("../fixtures/unstyled_cycle.dot"),
        r#"
layout: DotLayout { left_to_right: false, swimlanes: false }
title: None
node start Start "申请" role=None
node accept Task "受理" role=None
node complete Decision "材料齐全？" role=None
node correct Task "补正材料" role=None
node review Task "审查" role=None
node pass Decision "审查通过？" role=None
node done End "办结" role=None
edge start->accept Normal None
edge accept->complete Normal None
edge complete->review Normal Some("是")
edge complete->correct Normal Some("否")
edge correct->accept Return None
edge review->pass Normal None
edge pass->done Terminate Some("是")
edge pass->review Return Some("退回重审")
notice InferredReturn { from: "correct", to: "accept" }
notice InferredReturn { from: "pass", to: "review" }
"#,
    );
}

#[test]
fn back_edges_follow_the_search_from_the_start() {
    let kinds = |dot: &str| {
        import_dot(dot)
            .map(|i| {
                (
                    i.chart.nodes.iter().map(|n| n.kind).collect::<Vec<_>>(),
                    i.chart.edges.iter().map(|e| e.kind).collect::<Vec<_>>(),
                    i.notices.len(),
                )
            })
            .unwrap_or_else(|e| panic!("{dot}: {e}"))
    };
    use EdgeKind::{Normal, Return};
    use NodeKind::{End, Start, Task};
    // A cycle through every node: the first node in the file is the start,
    // and the edge back to it a return.
    assert_eq!(
        kinds("digraph { a -> b -> c -> a; c -> e }"),
        (
            vec![Start, Task, Task, End],
            vec![Normal, Normal, Return, Normal],
            1
        )
    );
    // A stated start roots the search even when listed last; a self-loop
    // is a return; a dashed return is not reported again.
    assert_eq!(
        kinds(
            "digraph { b -> c; c -> b; b -> b; c -> e; c -> s [style=dashed]; s [type=start]; s -> b }"
        ),
        (
            vec![Task, Task, End, Start],
            vec![Normal, Return, Return, Normal, Return, Normal],
            2
        )
    );
    // An edge the file states as normal stays normal, and the chart keeps
    // its cycle for validation to report.
    let import = import_dot("digraph { s -> a -> b; b -> a [kind=normal]; b -> e }")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(import.notices.is_empty());
    assert!(
        import
            .chart
            .validate()
            .iter()
            .any(|e| matches!(e, crate::flowchart::FlowchartError::Cycle(_)))
    );
}

#[test]
fn graphviz_exports_are_read_and_cosmetics_ignored() {
    check_fixture(
        "graphviz_export",
        include_str!("../fixtures/graphviz_export.dot"),
        r#"
layout: DotLayout { left_to_right: false, swimlanes: false }
title: Some("行政处罚一般程序流程图")
node 告知 Task "告知拟处罚决定" role=None
node 陈述 Decision "当事人是否\n陈述申辩" role=None
node 立案 Start "立案" role=None
node 调查 Task "调查取证\n（两名以上执法人员）" role=None
node 复核 Task "复核" role=None
node 决定 Task "作出处罚决定" role=None
node 结案 End "送达、执行、结案" role=None
edge 立案->调查 Normal None
edge 调查->告知 Normal None
edge 告知->陈述 Normal None
edge 陈述->复核 Normal Some("是")
edge 陈述->决定 Normal Some("否")
edge 复核->决定 Normal None
edge 决定->结案 Normal None
notice IgnoredAttributes { names: ["URL", "arrowhead", "arrowsize", "bb", "bgcolor", "color", "fontname", "fontsize", "height", "labelloc", "lheight", "lp", "lwidth", "penwidth", "peripheries", "pos", "rank", "splines", "tooltip", "weight", "width", "xlp"] }
"#,
    );
}

#[test]
fn defaults_apply_to_nodes_and_edges_created_after_them() {
    check(
        r#"digraph {
            node [shape=diamond];
            d -> e [label="是"];
            node [shape=box];
            edge [style=dashed];
            d -> f [label="否"];
            f -> d;
            subgraph { node [shape=ellipse]; edge [kind=branch]; g; d -> g [label="再议"] }
            f -> e;
            g -> e;
        }"#,
        &[
            ("d", NodeKind::Decision),
            ("e", NodeKind::Decision),
            // Only dashed (return) edges come in, so it starts.
            ("f", NodeKind::Start),
            ("g", NodeKind::End),
        ],
        &[
            ("d", "e", EdgeKind::Normal, Some("是")),
            ("d", "f", EdgeKind::Return, Some("否")),
            ("f", "d", EdgeKind::Return, None),
            ("d", "g", EdgeKind::Branch, Some("再议")),
            ("f", "e", EdgeKind::Return, None),
            ("g", "e", EdgeKind::Return, None),
        ],
    );
}

#[test]
fn errors_stay_typed() {
    let error = |dot: &str| import_dot(dot).err();
    assert_eq!(
        error("digraph {\n a [label=\"受理]\n}"),
        Some(DotError::UnterminatedString { line: 2 })
    );
    assert_eq!(
        error("digraph { a [label=<<b>受理</b>] }"),
        Some(DotError::UnterminatedHtml { line: 1 })
    );
    assert_eq!(
        error("digraph { a -> b; b @ c }"),
        Some(DotError::UnexpectedCharacter {
            line: 1,
            character: '@'
        })
    );
    assert_eq!(
        error("digraph {\n a -> {b c}\n}"),
        Some(DotError::SubgraphEdge { line: 2 })
    );
    assert_eq!(
        error("digraph { a [type=\"Loop\"] }"),
        Some(DotError::UnknownNodeType {
            node: "a".into(),
            value: "Loop".into()
        })
    );
    assert_eq!(
        error("digraph { a -> b [kind=jump] }"),
        Some(DotError::UnknownEdgeKind {
            from: "a".into(),
            to: "b".into(),
            value: "jump".into()
        })
    );
    assert!(matches!(error("graph { a -- }"), Some(DotError::Syntax(_))));
}

#[test]
fn labels_survive_a_round_trip() {
    let chart = from_dot(
        r#"digraph "a\\b" { s [shape=ellipse, label="提出\n申请 \\ \"急\""]; "x\"y" [label=<办结<br/>&amp; 归档>]; s -> "x\"y" [label="c\\d"]; }"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chart.title.as_deref(), Some("a\\b"));
    assert_eq!(chart.nodes[0].label, "提出\n申请 \\ \"急\"");
    assert_eq!(chart.nodes[1].id, "x\"y");
    assert_eq!(chart.nodes[1].label, "办结\n& 归档");
    assert_eq!(chart.edges[0].condition.as_deref(), Some("c\\d"));
    assert_eq!(from_dot(&to_dot(&chart)), Ok(chart));
}

proptest::proptest! {
    /// `layout-rs`'s parser panics when asked to read past an error; what
    /// the pre-pass hands it must never get that far.
    #[test]
    fn any_text_is_an_error_or_a_chart(text in r#"(digraph|graph|subgraph|node|edge|strict|\{|\}|\[|\]|;|,|=|:|->|--|<|>|<br/>|&amp;|"|\\|\n| |a|b|受理|label|shape|diamond|rankdir|LR|cluster_x|\.5|-1|#|//|/\*|\*/|\+)*"#) {
        let _ = import_dot(&text);
        let _ = import_dot(&format!("digraph {{ {text} }}"));
    }
}
