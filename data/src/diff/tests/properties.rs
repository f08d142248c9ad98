//! Properties of compare and apply on generated lists: items with Chinese
//! text, legal bases, time limits, small valid flowcharts and discretion
//! standards taken from the demo and mutated.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;

use super::super::*;
use crate::category::Category;
use crate::discretion::{Amount, Discretion};
use crate::flowchart::{Edge, EdgeKind, Flowchart, Node, NodeKind};
use crate::item::{BasisRole, Duration, LawLevel, LegalBasis, TimeLimits, TimeUnit};

/// Every discretion standard of the demo file.
fn demo_standards() -> &'static [Discretion] {
    static STANDARDS: OnceLock<Vec<Discretion>> = OnceLock::new();
    STANDARDS.get_or_init(|| match crate::interchange::parse(super::SAMPLE) {
        Ok(parsed) => parsed
            .lists
            .into_iter()
            .flat_map(|list| list.items)
            .filter_map(|item| item.discretion)
            .collect(),
        Err(_) => Vec::new(),
    })
}

fn chinese() -> impl Strategy<Value = String> {
    prop::collection::vec(
        select(vec![
            '受', '理', '审', '核', '决', '定', '送', '达', '许', '可', '处', '罚', '土', '地',
            '（', '）', '、', '局', 'a', '1',
        ]),
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn legal_basis() -> impl Strategy<Value = LegalBasis> {
    (
        select(vec!["《土地管理法》", "《城乡规划法》", "《行政许可法》"]),
        prop::option::of(select(vec!["第七十七条", "第五十七条", "第四十一条"])),
        select(vec![LawLevel::Law, LawLevel::AdministrativeRegulation]),
        select(vec![BasisRole::Creating, BasisRole::Implementing]),
        any::<bool>(),
        prop::option::of(chinese()),
    )
        .prop_map(|(law, article, level, role, verified, note)| LegalBasis {
            law: law.to_owned(),
            article: article.map(str::to_owned),
            level,
            role,
            verified,
            effective_date: None,
            note,
        })
}

fn duration() -> impl Strategy<Value = Duration> {
    (
        0u32..40,
        select(vec![
            TimeUnit::WorkingDay,
            TimeUnit::Day,
            TimeUnit::OnTheSpot,
            TimeUnit::Month,
        ]),
    )
        .prop_map(|(value, unit)| Duration { value, unit })
}

/// A valid chart: start, a chain of tasks, a decision with two ends.
fn flowchart() -> impl Strategy<Value = Flowchart> {
    (
        prop::collection::vec((chinese(), prop::option::of(duration())), 1..5),
        chinese(),
    )
        .prop_map(|(tasks, title)| {
            let mut nodes = vec![Node::new("S", "申请", NodeKind::Start)];
            let mut edges = Vec::new();
            let mut previous = "S".to_owned();
            for (index, (label, time_limit)) in tasks.into_iter().enumerate() {
                let id = format!("N{index}");
                let mut node = Node::new(id.clone(), label, NodeKind::Task);
                node.time_limit = time_limit;
                nodes.push(node);
                edges.push(edge(&previous, &id, None, EdgeKind::Normal));
                previous = id;
            }
            nodes.push(Node::new("D", "是否符合", NodeKind::Decision));
            nodes.push(Node::new("E1", "办结", NodeKind::End));
            nodes.push(Node::new("E2", "不予办理", NodeKind::End));
            edges.push(edge(&previous, "D", None, EdgeKind::Normal));
            edges.push(edge("D", "E1", Some("符合"), EdgeKind::Normal));
            edges.push(edge("D", "E2", Some("不符合"), EdgeKind::Terminate));
            Flowchart {
                title: Some(title),
                procedure: None,
                nodes,
                edges,
                supervision: None,
                note: None,
            }
        })
}

fn edge(from: &str, to: &str, condition: Option<&str>, kind: EdgeKind) -> Edge {
    Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        condition: condition.map(str::to_owned),
        kind,
    }
}

fn item() -> impl Strategy<Value = Item> {
    (
        chinese(),
        select(Category::ALL.to_vec()),
        chinese(),
        prop::option::of(select(vec!["县级", "乡镇（下放）", "市级"])),
        prop::collection::vec(legal_basis(), 0..3),
        prop::option::of(duration()),
        prop::option::of(duration()),
        prop::option::of(flowchart()),
        prop::option::of(any::<prop::sample::Index>()),
        prop::collection::vec(chinese(), 0..2),
    )
        .prop_map(
            |(name, category, body, level, bases, statutory, promised, chart, standard, relief)| {
                let mut item = super::proposal_item(level, &body, "990101-ZR-XK-001-00", "有效");
                item.name = name;
                item.category = category;
                item.legal_basis = bases;
                item.time_limit = TimeLimits {
                    statutory,
                    promised,
                    note: None,
                };
                item.flowchart = chart;
                let standards = demo_standards();
                item.discretion = standard
                    .filter(|_| !standards.is_empty())
                    .map(|index| index.get(standards).clone());
                item.relief = relief;
                item
            },
        )
}

/// One way to change an item.
#[derive(Debug, Clone)]
enum Edit {
    Rename(String),
    Renumber,
    TimeLimit(Option<Duration>),
    Level(Option<&'static str>),
    AddBasis(LegalBasis),
    DropBasis,
    CorrectArticle(String),
    RelabelStep(String),
    DropStep,
    AddStep(String),
    Chart(Option<Flowchart>),
    Fine(u32),
    DropTier,
    TierCondition(String),
    Category(Category),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        chinese().prop_map(Edit::Rename),
        Just(Edit::Renumber),
        prop::option::of(duration()).prop_map(Edit::TimeLimit),
        prop::option::of(select(vec!["县级", "乡镇（下放）", "省级"])).prop_map(Edit::Level),
        legal_basis().prop_map(Edit::AddBasis),
        Just(Edit::DropBasis),
        chinese().prop_map(Edit::CorrectArticle),
        chinese().prop_map(Edit::RelabelStep),
        Just(Edit::DropStep),
        chinese().prop_map(Edit::AddStep),
        prop::option::of(flowchart()).prop_map(Edit::Chart),
        (1u32..500).prop_map(Edit::Fine),
        Just(Edit::DropTier),
        chinese().prop_map(Edit::TierCondition),
        select(Category::ALL.to_vec()).prop_map(Edit::Category),
    ]
}

fn apply_edit(item: &mut Item, edit: &Edit) {
    match edit {
        Edit::Rename(name) => item.name.clone_from(name),
        Edit::Renumber => item.item_code.push('9'),
        Edit::TimeLimit(limit) => item.time_limit.promised = *limit,
        Edit::Level(level) => item.implementing_level = level.map(str::to_owned),
        Edit::AddBasis(basis) => item.legal_basis.push(basis.clone()),
        Edit::DropBasis => {
            item.legal_basis.pop();
        }
        Edit::CorrectArticle(article) => {
            if let Some(basis) = item.legal_basis.first_mut() {
                basis.article = Some(article.clone());
            }
        }
        Edit::RelabelStep(label) => {
            if let Some(node) = item.flowchart.as_mut().and_then(|c| c.nodes.get_mut(1)) {
                node.label.clone_from(label);
            }
        }
        Edit::DropStep => {
            // Merges the first task into its successor, keeping the chart valid.
            if let Some(chart) = item.flowchart.as_mut()
                && chart.nodes.get(1).is_some_and(|n| n.kind == NodeKind::Task)
            {
                let removed = chart.nodes.remove(1).id;
                let next = chart
                    .edges
                    .iter()
                    .find(|e| e.from == removed)
                    .map(|e| e.to.clone());
                chart.edges.retain(|e| e.from != removed && e.to != removed);
                if let Some(next) = next {
                    chart
                        .edges
                        .insert(0, edge("S", &next, None, EdgeKind::Normal));
                }
            }
        }
        Edit::AddStep(label) => {
            if let Some(chart) = item.flowchart.as_mut()
                && let Some(first) = chart.edges.iter().position(|e| e.from == "S")
            {
                let target = chart.edges[first].to.clone();
                chart.edges[first].to = "X".to_owned();
                chart.edges.push(edge("X", &target, None, EdgeKind::Normal));
                chart
                    .nodes
                    .insert(1, Node::new("X", label.clone(), NodeKind::Task));
            }
        }
        Edit::Chart(chart) => item.flowchart.clone_from(chart),
        Edit::Fine(max) => {
            if let Some(fine) = item
                .discretion
                .as_mut()
                .and_then(|d| d.tiers.last_mut())
                .and_then(|t| t.fine.as_mut())
            {
                fine.max = Some(Amount::new((*max).into()));
            }
        }
        Edit::DropTier => {
            if let Some(standard) = item.discretion.as_mut() {
                standard.tiers.pop();
            }
        }
        Edit::TierCondition(text) => {
            if let Some(tier) = item.discretion.as_mut().and_then(|d| d.tiers.first_mut()) {
                tier.conditions.push(text.clone());
            }
        }
        Edit::Category(category) => item.category = *category,
    }
}

/// What happens to one item of the older list.
#[derive(Debug, Clone)]
enum Fate {
    Keep,
    Remove,
    Change(Vec<Edit>),
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        3 => Just(Fate::Keep),
        1 => Just(Fate::Remove),
        3 => prop::collection::vec(edit(), 1..4).prop_map(Fate::Change),
    ]
}

fn with_ids(items: Vec<Item>, prefix: &str) -> Vec<Item> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, mut item)| {
            item.item_id = match ItemId::new(format!("{prefix}-{index}")) {
                Ok(id) => id,
                Err(error) => panic!("generated id is invalid: {error}"),
            };
            item.item_code = format!("990101-ZR-XK-{index:03}-{prefix}");
            item
        })
        .collect()
}

/// An older list and a newer one made from it by removing, changing,
/// adding and (sometimes) reordering items.
fn versions() -> impl Strategy<Value = (Vec<Item>, Vec<Item>)> {
    (
        prop::collection::vec((item(), fate()), 0..8),
        prop::collection::vec(item(), 0..3),
    )
        .prop_flat_map(|(old, new)| {
            let from = with_ids(old.iter().map(|(item, _)| item.clone()).collect(), "A");
            let mut to = Vec::new();
            for (item, (_, fate)) in from.iter().zip(&old) {
                match fate {
                    Fate::Keep => to.push(item.clone()),
                    Fate::Remove => {}
                    Fate::Change(edits) => {
                        let mut changed = item.clone();
                        for edit in edits {
                            apply_edit(&mut changed, edit);
                        }
                        to.push(changed);
                    }
                }
            }
            to.extend(with_ids(new, "B"));
            let in_order = to.clone();
            (
                Just(from),
                Just(to).prop_shuffle(),
                any::<bool>(),
                Just(in_order),
            )
                .prop_map(|(from, shuffled, keep_order, in_order)| {
                    (from, if keep_order { in_order } else { shuffled })
                })
        })
}

/// The comparison with the order of entries and positions taken out.
fn canonical(mut comparison: Comparison) -> Comparison {
    comparison
        .items
        .sort_by(|a, b| a.item_id.as_str().cmp(b.item_id.as_str()));
    for item in &mut comparison.items {
        item.position = None;
    }
    comparison.unchanged_order = None;
    comparison
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_list_equals_itself((list, _) in versions()) {
        let comparison = compare(&list, &list, &[]);
        prop_assert!(comparison.items.is_empty());
        prop_assert_eq!(comparison.summary.unchanged, list.len());
        prop_assert_eq!(
            (comparison.summary.added, comparison.summary.removed, comparison.summary.changed),
            (0, 0, 0)
        );
        prop_assert!(comparison.summary.by_adjustment.is_empty());
    }

    #[test]
    fn apply_rebuilds_the_newer_list((from, to) in versions()) {
        let comparison = compare(&from, &to, &[]);
        prop_assert_eq!(apply(&from, &comparison), Ok(to.clone()));
        // The same through JSON, as the server stores and sends it.
        let json = serde_json::to_string(&comparison).unwrap_or_default();
        let read: Comparison = match serde_json::from_str(&json) {
            Ok(read) => read,
            Err(error) => return Err(TestCaseError::fail(format!("comparison does not read back: {error}"))),
        };
        prop_assert_eq!(apply(&from, &read), Ok(to.clone()));
        // And with the unchanged items listed.
        let listed = compare_with(&from, &to, &[], CompareOptions { include_unchanged: true });
        prop_assert_eq!(listed.items.len(), to.len() + comparison.summary.removed);
        prop_assert_eq!(apply_owned(from, &listed), Ok(to));
    }

    #[test]
    fn input_order_does_not_matter(
        ((from, to), seed) in (versions(), any::<u64>())
    ) {
        let rotate = |items: &[Item]| {
            let mut items = items.to_vec();
            if !items.is_empty() {
                let by = (seed % items.len() as u64) as usize;
                items.rotate_left(by);
                items.reverse();
            }
            items
        };
        let plain = compare(&from, &to, &[]);
        let moved = compare(&rotate(&from), &rotate(&to), &[]);
        prop_assert_eq!(&plain.summary, &moved.summary);
        prop_assert_eq!(canonical(plain), canonical(moved));
    }

    #[test]
    fn every_change_is_reported_once((from, to) in versions()) {
        let comparison = compare(&from, &to, &[]);
        for entry in &comparison.items {
            let paths = entry.changed_paths();
            let mut unique = paths.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), paths.len(), "{}: {:?}", entry.item_id, paths);
            if entry.change == Change::Changed {
                prop_assert!(!paths.is_empty(), "{} changed but reports nothing", entry.item_id);
            }
        }
    }
}
