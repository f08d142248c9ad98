//! Tests of the model and the text version; layout and drawing have their own.

use super::*;

fn chart(nodes: &[(&str, NodeKind)], edges: &[(&str, &str, EdgeKind)]) -> Flowchart {
    Flowchart {
        title: None,
        procedure: None,
        nodes: nodes
            .iter()
            .map(|&(id, kind)| Node::new(id, format!("步骤{id}"), kind))
            .collect(),
        edges: edges
            .iter()
            .map(|&(from, to, kind)| Edge {
                from: from.into(),
                to: to.into(),
                condition: None,
                kind,
            })
            .collect(),
        supervision: None,
        note: None,
    }
}

fn check_order(chart: &Flowchart, expected: &[&str]) {
    let got: Vec<&str> = chart.steps().iter().map(|s| s.node.id.as_str()).collect();
    assert_eq!(got, expected);
}

use EdgeKind::*;
use NodeKind::*;

#[test]
fn steps_follow_forward_edges_not_listing_order() {
    let c = chart(
        &[
            ("E", End),
            ("S", Start),
            ("D", Decision),
            ("A", Task),
            ("X", End),
        ],
        &[
            ("S", "A", Normal),
            ("A", "D", Normal),
            ("D", "E", Normal),
            ("D", "X", Terminate),
            ("D", "A", Return),
        ],
    );
    check_order(&c, &["S", "A", "D", "E", "X"]);
    let steps = c.steps();
    assert_eq!(
        steps[2].next.iter().map(|l| l.number).collect::<Vec<_>>(),
        vec![4, 5, 2]
    );
}

#[test]
fn structure_errors_name_the_edge() {
    let c = chart(&[("S", Start), ("S", End)], &[("S", "N9", Normal)]);
    let messages: Vec<String> = c
        .structure_errors()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        vec![
            "node `S` is defined more than once",
            "edge S→N9: target `N9` does not exist"
        ]
    );
}

mod layout_and_drawing {
    use proptest::prelude::*;

    use crate::flowchart::geometry::{Geometry, LABEL_FONT_SIZE};
    use crate::flowchart::text_metrics::text_width;
    use crate::flowchart::{
        Direction, Edge, EdgeKind, Flowchart, LayoutOptions, Node, NodeKind, SvgOptions, layout,
        render_svg,
    };
    use crate::item::{Duration, TimeUnit};

    /// Every flowchart of both demo files, named by file and item.
    fn demo_charts() -> Vec<(String, Flowchart)> {
        let files: [(&str, &[u8]); 2] = [
            ("sample", include_bytes!("../../demo/sample.json")),
            ("sample_v2", include_bytes!("../../demo/sample_v2.json")),
        ];
        let mut charts = Vec::new();
        for (name, bytes) in files {
            let parsed = match crate::interchange::parse(bytes) {
                Ok(parsed) => parsed,
                Err(error) => panic!("demo file `{name}` does not parse: {error}"),
            };
            for list in parsed.lists {
                for item in list.items {
                    if let Some(chart) = item.flowchart {
                        charts.push((format!("{name}-{}", item.item_id), chart));
                    }
                }
            }
        }
        charts
    }

    /// The invariants every layout must keep; returns the first broken one.
    fn invariant_problems(geometry: &Geometry) -> Vec<String> {
        let mut problems = Vec::new();
        let nodes = &geometry.nodes;
        for (index, a) in nodes.iter().enumerate() {
            if !a.text_fits() {
                problems.push(format!("text of `{}` does not fit its box", a.id));
            }
            for b in &nodes[index + 1..] {
                if a.bounds().overlaps(&b.bounds(), 0.5) {
                    problems.push(format!("boxes `{}` and `{}` overlap", a.id, b.id));
                }
            }
        }
        for edge in &geometry.edges {
            let name = format!("edge {}→{}", edge.from, edge.to);
            let (Some(first), Some(last)) = (edge.points.first(), edge.points.last()) else {
                problems.push(format!("{name} has no points"));
                continue;
            };
            for (end, id, point) in [("start", &edge.from, first), ("end", &edge.to, last)] {
                match nodes.iter().find(|n| &n.id == id) {
                    Some(node) if node.on_border(*point, 0.6) => {}
                    _ => {
                        problems.push(format!("{name}: {end} {point:?} is not on `{id}`'s border"))
                    }
                }
            }
            for pair in edge.points.windows(2) {
                if pair[0][0] != pair[1][0] && pair[0][1] != pair[1][1] {
                    problems.push(format!("{name}: segment {pair:?} is not right-angled"));
                }
                for node in nodes
                    .iter()
                    .filter(|n| n.id != edge.from && n.id != edge.to)
                {
                    if node.bounds().cut_by(pair[0], pair[1], 0.5) {
                        problems.push(format!("{name} passes through `{}`", node.id));
                    }
                }
            }
            if let Some(label) = &edge.label {
                let widest = label
                    .lines
                    .iter()
                    .map(|l| text_width(l, crate::flowchart::geometry::EDGE_FONT_SIZE))
                    .fold(0.0, f64::max);
                if widest > label.width + 0.2 {
                    problems.push(format!("{name}: label wider than its box"));
                }
                for node in nodes {
                    if label.bounds().overlaps(&node.bounds(), 0.5) {
                        problems.push(format!("{name}: label overlaps `{}`", node.id));
                    }
                }
            }
        }
        // Arrow tips never share a point.
        let mut tips: Vec<[f64; 2]> = geometry
            .edges
            .iter()
            .filter_map(|e| e.points.last().copied())
            .collect();
        tips.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
        if tips.windows(2).any(|pair| pair[0] == pair[1]) {
            problems.push("two arrowheads share one point".to_owned());
        }
        problems
    }

    fn check(name: &str, chart: &Flowchart, options: &LayoutOptions) -> Geometry {
        let geometry = match layout(chart, options) {
            Ok(geometry) => geometry,
            Err(error) => panic!("`{name}` does not lay out: {error}"),
        };
        let problems = invariant_problems(&geometry);
        assert!(problems.is_empty(), "`{name}`: {problems:#?}");
        geometry
    }

    #[test]
    fn demo_charts_render_and_keep_invariants() {
        let charts = demo_charts();
        assert_eq!(charts.len(), 15);
        for (name, chart) in &charts {
            let geometry = check(name, chart, &LayoutOptions::default());
            let svg = render_svg(&geometry, &SvgOptions::default());
            insta::assert_snapshot!(format!("svg-{name}"), svg);
        }
    }

    #[test]
    fn demo_charts_keep_invariants_in_every_mode() {
        for (name, chart) in demo_charts() {
            for direction in [Direction::TopToBottom, Direction::LeftToRight] {
                for swimlanes in [false, true] {
                    let options = LayoutOptions {
                        direction,
                        swimlanes,
                        ..LayoutOptions::default()
                    };
                    check(
                        &format!("{name} {direction:?} lanes={swimlanes}"),
                        &chart,
                        &options,
                    );
                }
            }
        }
    }

    #[test]
    fn geometry_json_is_pinned() {
        let charts = demo_charts();
        let Some((name, chart)) = charts
            .iter()
            .find(|(name, _)| name.ends_with("MZ-QR-005-00"))
        else {
            panic!("demo chart MZ-QR-005-00 is missing");
        };
        let geometry = check(name, chart, &LayoutOptions::default());
        insta::assert_json_snapshot!("geometry-MZ-QR-005-00", geometry);
    }

    #[test]
    fn invalid_charts_are_refused_with_every_problem() {
        let chart = Flowchart {
            title: None,
            procedure: None,
            nodes: vec![node("N1", NodeKind::Start), node("N2a", NodeKind::Task)],
            edges: vec![
                edge("N1", "N2a", EdgeKind::Normal, None),
                edge("N2a", "N9", EdgeKind::Normal, None),
            ],
            supervision: None,
            note: None,
        };
        let message = match layout(&chart, &LayoutOptions::default()) {
            Ok(_) => "laid out".to_owned(),
            Err(error) => error.to_string(),
        };
        assert_eq!(
            message,
            "the chart has 3 problem(s): edge N2a→N9: target `N9` does not exist; \
             node `N1` cannot reach an end; node `N2a` cannot reach an end"
        );
    }

    #[test]
    fn task_details_and_markers() {
        let mut task = node("N2", NodeKind::Task);
        task.role = Some("窗口".into());
        task.time_limit = Some(Duration {
            value: 1,
            unit: TimeUnit::WorkingDay,
        });
        task.risk = Some(crate::flowchart::Risk {
            level: crate::flowchart::RiskLevel::High,
            description: String::new(),
            controls: vec![],
            responsible: None,
        });
        task.supervision_point = true;
        let size = crate::flowchart::layout::node_size(&task, &LayoutOptions::default());
        assert_eq!(size.details, ["承办：窗口 · 1个工作日"]);
        assert_eq!(size.markers, ["▲ 风险：高  ◉ 监察点"]);
        assert!(size.width >= text_width("步骤N2", LABEL_FONT_SIZE));
    }

    fn node(id: &str, kind: NodeKind) -> Node {
        Node::new(id, format!("步骤{id}"), kind)
    }

    fn edge(from: &str, to: &str, kind: EdgeKind, condition: Option<&str>) -> Edge {
        Edge {
            from: from.into(),
            to: to.into(),
            condition: condition.map(Into::into),
            kind,
        }
    }

    /// A random valid chart: a main path of tasks and decisions; decisions
    /// end aside, skip ahead or detour through an extra task; some steps loop
    /// back; some tasks jump ahead.
    fn random_chart(choices: &[(u8, u8, u8)], roles: bool) -> Flowchart {
        let labels = [
            "受理",
            "材料是否齐全、符合法定形式",
            "审查与现场核查（不少于2人）",
            "决定",
            "送达",
            "Review 3",
        ];
        let main_count = choices.len();
        let mut nodes = vec![node("S", NodeKind::Start)];
        let mut edges = Vec::new();
        let main_id = |i: usize| {
            if i == 0 {
                "S".to_owned()
            } else if i > main_count {
                "E".to_owned()
            } else {
                format!("M{i}")
            }
        };
        for (i, &(kind, target, extra)) in choices.iter().enumerate() {
            let i = i + 1;
            let is_decision = kind % 3 == 0;
            let mut main = node(
                &main_id(i),
                if is_decision {
                    NodeKind::Decision
                } else {
                    NodeKind::Task
                },
            );
            main.label = labels[usize::from(kind) % labels.len()].to_owned();
            if roles && !is_decision {
                main.role = Some(["窗口", "审查股"][usize::from(extra) % 2].to_owned());
            }
            nodes.push(main);
            let previous_kind = if i > 1 && choices[i - 2].0.is_multiple_of(3) {
                Some("是")
            } else {
                None
            };
            edges.push(edge(
                &main_id(i - 1),
                &main_id(i),
                EdgeKind::Normal,
                previous_kind,
            ));
            let ahead = (i + 1 + usize::from(target) % 4).min(main_count + 1);
            if is_decision {
                match extra % 3 {
                    0 => {
                        let end = format!("X{i}");
                        nodes.push(node(&end, NodeKind::End));
                        edges.push(edge(
                            &main_id(i),
                            &end,
                            EdgeKind::Terminate,
                            Some("否，不予办理"),
                        ));
                    }
                    1 => edges.push(edge(
                        &main_id(i),
                        &main_id(ahead),
                        EdgeKind::Branch,
                        Some("跳过"),
                    )),
                    _ => {
                        let detour = format!("T{i}");
                        nodes.push(node(&detour, NodeKind::Task));
                        edges.push(edge(
                            &main_id(i),
                            &detour,
                            EdgeKind::Branch,
                            Some("需要补正材料"),
                        ));
                        edges.push(edge(&detour, &main_id(ahead), EdgeKind::Normal, None));
                    }
                }
            } else if extra % 4 == 1 {
                edges.push(edge(
                    &main_id(i),
                    &main_id(ahead),
                    EdgeKind::Branch,
                    Some("简易程序"),
                ));
            }
            if extra % 5 == 2 && i > 1 {
                let back = 1 + usize::from(target) % (i - 1);
                edges.push(edge(
                    &main_id(i),
                    &main_id(back),
                    EdgeKind::Return,
                    Some("退回"),
                ));
            }
        }
        nodes.push(node("E", NodeKind::End));
        let last_is_decision = choices.last().is_some_and(|c| c.0 % 3 == 0);
        edges.push(edge(
            &main_id(main_count),
            "E",
            EdgeKind::Normal,
            last_is_decision.then_some("是"),
        ));
        // Decisions need a condition on every edge.
        for e in &mut edges {
            if e.condition.is_none()
                && nodes
                    .iter()
                    .any(|n| n.id == e.from && n.kind == NodeKind::Decision)
            {
                e.condition = Some("是".into());
            }
        }
        Flowchart {
            title: Some("随机流程".into()),
            procedure: None,
            nodes,
            edges,
            supervision: None,
            note: None,
        }
    }

    fn shuffle<T>(items: &mut [T], mut seed: u64) {
        for index in (1..items.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let other = (seed >> 33) as usize % (index + 1);
            items.swap(index, other);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn random_layouts_keep_invariants_and_ignore_edge_order(
            choices in proptest::collection::vec((0u8..12, 0u8..8, 0u8..30), 1..30),
            seed in any::<u64>(),
            left_to_right in any::<bool>(),
            swimlanes in any::<bool>(),
        ) {
            let chart = random_chart(&choices, swimlanes);
            prop_assert!(chart.nodes.len() <= 60);
            prop_assert_eq!(chart.validate(), vec![]);
            let options = LayoutOptions {
                direction: if left_to_right { Direction::LeftToRight } else { Direction::TopToBottom },
                swimlanes,
                ..LayoutOptions::default()
            };
            let geometry = check("random", &chart, &options);
            let mut shuffled = chart.clone();
            shuffle(&mut shuffled.edges, seed);
            let again = check("shuffled", &shuffled, &options);
            prop_assert_eq!(
                render_svg(&geometry, &SvgOptions::default()),
                render_svg(&again, &SvgOptions::default())
            );
        }
    }
}
