//! Tests of the comparison engine: the demo adjustment round, proposals,
//! the chart drawing, and properties on generated lists.

use std::collections::HashSet;

use super::*;
use crate::flowchart::{LayoutOptions, SvgOptions};
use crate::interchange::{DepartmentList, parse};

mod properties;

const SAMPLE: &[u8] = include_bytes!("../../demo/sample.json");
const SAMPLE_V2: &[u8] = include_bytes!("../../demo/sample_v2.json");

/// The 自然资源局 (ZR) list of a demo file.
fn zr_list(bytes: &[u8]) -> DepartmentList {
    let parsed = match parse(bytes) {
        Ok(parsed) => parsed,
        Err(error) => panic!("demo file does not parse: {error}"),
    };
    match parsed
        .lists
        .into_iter()
        .find(|list| list.department.dept_code.as_str() == "ZR")
    {
        Some(list) => list,
        None => panic!("demo file has no ZR list"),
    }
}

/// ZR v2024.1 → v2025.1, with the adjustments of v2025.1.
fn demo() -> (DepartmentList, DepartmentList, Comparison) {
    let before = zr_list(SAMPLE);
    let after = zr_list(SAMPLE_V2);
    let comparison = compare(&before.items, &after.items, &after.adjustments);
    (before, after, comparison)
}

fn entry<'a>(comparison: &'a Comparison, item_id: &str) -> &'a ItemDiff {
    match comparison
        .items
        .iter()
        .find(|item| item.item_id.as_str() == item_id)
    {
        Some(item) => item,
        None => panic!("`{item_id}` is not listed"),
    }
}

#[test]
fn demo_comparison_snapshot() {
    let (_, _, comparison) = demo();
    insta::assert_json_snapshot!("zr-v2024.1-v2025.1", comparison);
}

#[test]
fn demo_summary_matches_the_adjustment_round() {
    let (_, _, comparison) = demo();
    let summary = &comparison.summary;
    // Two items left the list: the cancelled 宅基地审核 and the over-quota
    // penalty merged into the land-occupation penalty.
    assert_eq!(
        (
            summary.added,
            summary.removed,
            summary.changed,
            summary.unchanged
        ),
        (2, 2, 4, 10)
    );
    let by_type: Vec<(&str, usize)> = summary
        .by_adjustment
        .iter()
        .map(|count| (count.label.as_str(), count.items))
        .collect();
    assert_eq!(
        by_type,
        vec![
            ("新增", 2),
            ("取消", 1),
            ("下放", 1),
            ("变更", 4),
            ("合并", 2)
        ]
    );
    let listed: Vec<(&str, Change)> = comparison
        .items
        .iter()
        .map(|item| (item.item_id.as_str(), item.change))
        .collect();
    assert_eq!(
        listed,
        vec![
            ("ZR-CF-006-00", Change::Changed),
            ("ZR-CF-015-00", Change::Added),
            ("ZR-CF-016-00", Change::Added),
            ("ZR-QR-005-01", Change::Changed),
            ("ZR-QR-005-03", Change::Changed),
            ("ZR-XK-003-00", Change::Changed),
            ("ZR-QT-004-00", Change::Removed),
            ("ZR-CF-007-00", Change::Removed),
        ]
    );
}

#[test]
fn demo_cancel_delegate_and_add() {
    let (_, _, comparison) = demo();
    let cancelled = entry(&comparison, "ZR-QT-004-00");
    assert_eq!(cancelled.name, "农村村民宅基地审核");
    assert_eq!(cancelled.adjustments.len(), 1);
    assert_eq!(
        cancelled.adjustments[0].types.0,
        vec![AdjustmentType::Cancel]
    );

    let delegated = entry(&comparison, "ZR-XK-003-00");
    assert_eq!(delegated.proposed_adjustment, AdjustmentType::Delegate);
    assert_eq!(delegated.adjustments[0].adjustment_id, "ADJ-2025-ZR-02");
    let paths: Vec<&str> = delegated.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "implementing_body",
            "undertaking_unit",
            "implementing_level",
            "remark",
            "status",
            "delegation"
        ]
    );

    for id in ["ZR-CF-015-00", "ZR-CF-016-00"] {
        let added = entry(&comparison, id);
        assert_eq!(added.adjustments[0].types.0, vec![AdjustmentType::Add]);
        assert!(added.item.is_some(), "{id} carries the new item");
    }
}

#[test]
fn demo_land_penalty_changed_and_merged() {
    let (_, _, comparison) = demo();
    let penalty = entry(&comparison, "ZR-CF-006-00");
    let adjustment = &penalty.adjustments[0];
    assert_eq!(
        adjustment.types.0,
        vec![AdjustmentType::Change, AdjustmentType::Merge]
    );
    assert_eq!(
        adjustment.items_before,
        vec!["990101-ZR-CF-006-00", "990101-ZR-CF-007-00"]
    );
    // The merged item points at the same record.
    let merged = entry(&comparison, "ZR-CF-007-00");
    assert_eq!(
        merged.adjustments[0].adjustment_id,
        adjustment.adjustment_id
    );

    let name = &penalty.fields[0];
    assert_eq!(name.path, "name");
    assert!(
        name.text_diff
            .iter()
            .any(|op| op.op == TextOpKind::Insert && op.text == "（含超过批准的数量占用土地）")
    );

    // The superseded regulation's article 42 is corrected to article 57 of
    // the 2021 revision: one changed basis, matched by position.
    let legal = penalty.legal_basis.as_ref();
    let changed: Vec<(&str, Option<&str>, Option<&str>)> = legal
        .map(|legal| {
            legal
                .entries
                .iter()
                .map(|e| {
                    (
                        e.path.as_str(),
                        e.citation_before.as_deref(),
                        e.citation_after.as_deref(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(changed.len(), 2);
    assert_eq!(changed[1].0, "legal_basis[1]");
    assert!(changed[1].1.is_some_and(|c| c.ends_with("第四十二条")));
    assert!(changed[1].2.is_some_and(|c| c.ends_with("第五十七条")));

    let Some(discretion) = penalty.discretion.as_ref() else {
        panic!("the discretion standard changed");
    };
    let tiers: Vec<(&str, Option<&str>, Option<&str>)> = discretion
        .tiers_changed
        .iter()
        .map(|t| {
            (
                t.label.as_str(),
                t.fine_before.as_deref(),
                t.fine_after.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        tiers,
        vec![
            (
                "从轻",
                Some("每平方米0元至9元"),
                Some("每平方米100元至370元")
            ),
            (
                "一般",
                Some("每平方米9元至21元"),
                Some("每平方米370元至730元")
            ),
            (
                "从重",
                Some("每平方米21元至30元"),
                Some("每平方米730元至1000元")
            ),
        ]
    );
    let range = &discretion.ranges_changed[0];
    assert!(range.derived);
    assert_eq!(range.fine_before.as_deref(), Some("每平方米0元至30元"));
    assert_eq!(range.fine_after.as_deref(), Some("每平方米100元至1000元"));
    assert!(
        discretion
            .text
            .contains(&"从重档：适用情形由「占用耕地；经责令停止后继续施工；面积较大（示例：10亩以上）」改为「占用耕地（永久基本农田的依法从重）；经责令停止后继续施工；面积较大（示例：10亩以上）」；罚款由每平方米21元至30元改为每平方米730元至1000元".to_owned()),
        "{:#?}",
        discretion.text
    );
}

#[test]
fn demo_registration_time_limit_and_merged_steps() {
    let (_, _, comparison) = demo();
    for id in ["ZR-QR-005-01", "ZR-QR-005-03"] {
        let item = entry(&comparison, id);
        let promised = &item.fields[0];
        assert_eq!(promised.path, "time_limit.promised", "{id}");
        assert_eq!(promised.label, "承诺期限");
        assert_eq!(promised.before_text.as_deref(), Some("10个工作日"));
        assert_eq!(promised.after_text.as_deref(), Some("5个工作日"));
        assert_eq!(item.adjustments[0].adjustment_id, "ADJ-2025-ZR-05");
    }
    // Only the transfer registration (005-03) has a chart; 005-01 changed
    // its promised time limit alone.
    assert!(entry(&comparison, "ZR-QR-005-01").flowchart.is_none());
    let Some(chart) = entry(&comparison, "ZR-QR-005-03").flowchart.as_ref() else {
        panic!("the transfer registration chart changed");
    };
    assert_eq!(
        chart.merges,
        vec![StepMerge {
            into: "N2".to_owned(),
            merged: vec!["N3".to_owned()]
        }]
    );
    let removed: Vec<&str> = chart.nodes_removed.iter().map(|n| n.id.as_str()).collect();
    let changed: Vec<&str> = chart.nodes_changed.iter().map(|n| n.id.as_str()).collect();
    let edges = |edges: &[EdgeRef]| -> Vec<String> {
        edges
            .iter()
            .map(|e| format!("{}→{}", e.from, e.to))
            .collect()
    };
    assert_eq!(removed, vec!["N3"]);
    assert_eq!(changed, vec!["N2", "N5"]);
    assert_eq!(edges(&chart.edges_added), vec!["N2→D1"]);
    assert_eq!(edges(&chart.edges_removed), vec!["N2→N3", "N3→D1"]);
    assert_eq!(
        chart.text[0],
        "合并步骤「受理」与「审核（查验、必要时实地查看）」为「受理审核（一窗受理、即时审核）」"
    );
    assert!(
        chart
            .text
            .contains(&"删除步骤「审核（查验、必要时实地查看）」".to_owned())
    );
    assert!(
        chart
            .text
            .contains(&"步骤「缮证、发证」：办理时限由2个工作日改为1个工作日".to_owned())
    );
}

#[test]
fn a_bypassed_step_is_removed_not_merged() {
    let (before, after) = (zr_list(SAMPLE), zr_list(SAMPLE_V2));
    let chart = |list: &DepartmentList| {
        list.items
            .iter()
            .find(|item| item.item_id.as_str() == "ZR-QR-005-03")
            .and_then(|item| item.flowchart.clone())
    };
    let (Some(old), Some(mut new)) = (chart(&before), chart(&after)) else {
        panic!("both versions have the transfer registration chart");
    };
    // The same removal of 审核, but 受理 left as it was.
    new.nodes[1] = old.nodes[1].clone();
    let Some(diff) = flowchart::diff(Some(&old), Some(&new)) else {
        panic!("the charts differ");
    };
    assert!(diff.merges.is_empty());
    assert_eq!(diff.text[0], "删除步骤「审核（查验、必要时实地查看）」");
}

#[test]
fn demo_apply_and_paths() {
    let (before, after, comparison) = demo();
    assert_eq!(apply(&before.items, &comparison), Ok(after.items.clone()));
    let json = serde_json::to_string(&comparison).unwrap_or_default();
    let read: Result<Comparison, _> = serde_json::from_str(&json);
    assert_eq!(read.as_ref().ok(), Some(&comparison));
    for item in &comparison.items {
        let paths = item.changed_paths();
        let unique: HashSet<&String> = paths.iter().collect();
        assert_eq!(unique.len(), paths.len(), "{}: {paths:?}", item.item_id);
        if item.change == Change::Changed {
            assert!(!paths.is_empty(), "{} reports nothing", item.item_id);
        }
    }
}

#[test]
fn unchanged_items_only_on_request() {
    let (before, after, _) = demo();
    let all = compare_with(
        &before.items,
        &after.items,
        &after.adjustments,
        CompareOptions {
            include_unchanged: true,
        },
    );
    assert_eq!(all.items.len(), after.items.len() + 2);
    assert_eq!(
        all.items
            .iter()
            .filter(|i| i.change == Change::Unchanged)
            .count(),
        10
    );
    assert_eq!(apply(&before.items, &all), Ok(after.items));
}

#[test]
fn demo_chart_drawn_with_marks() {
    let before = zr_list(SAMPLE);
    let after = zr_list(SAMPLE_V2);
    let chart = |list: &DepartmentList| {
        list.items
            .iter()
            .find(|item| item.item_id.as_str() == "ZR-QR-005-03")
            .and_then(|item| item.flowchart.clone())
    };
    let (old, new) = (chart(&before), chart(&after));
    let union = chart::union_chart(old.as_ref(), new.as_ref());
    let ids: Vec<&str> = union.chart.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, vec!["N1", "N2", "N3", "D1", "N4", "N5", "E1", "E2"]);
    let svg = chart::render_flowchart_diff(
        old.as_ref(),
        new.as_ref(),
        &LayoutOptions::default(),
        &SvgOptions::default(),
    );
    let svg = match svg {
        Ok(svg) => svg,
        Err(error) => panic!("the union chart lays out: {error}"),
    };
    for needed in [
        "node--removed",
        "node--changed",
        "edge--added",
        "edge--removed",
        ">新增<",
        ">删除<",
        ">变更<",
        "版本比对：新增1处，删除3处，变更2处。",
    ] {
        assert!(svg.contains(needed), "`{needed}` missing");
    }
    insta::assert_snapshot!("svg-diff-ZR-QR-005-03", svg);
}

#[test]
fn no_marks_draws_the_plain_chart() {
    let after = zr_list(SAMPLE_V2);
    for item in &after.items {
        let Some(chart) = &item.flowchart else {
            continue;
        };
        let Ok(geometry) = crate::flowchart::layout(chart, &LayoutOptions::default()) else {
            continue;
        };
        let options = SvgOptions::default();
        assert_eq!(
            crate::flowchart::render_svg_marked(
                &geometry,
                &options,
                &crate::flowchart::Marks::default()
            ),
            crate::flowchart::render_svg(&geometry, &options),
        );
    }
}

/// An item for the proposal table, built from the fields that matter.
fn proposal_item(level: Option<&str>, body: &str, code: &str, status: &str) -> Item {
    let value = serde_json::json!({
        "item_id": "P-1",
        "item_code": code,
        "name": "事项",
        "category": "XK",
        "implementing_body": body,
        "implementing_level": level,
        "status": status,
    });
    match serde_json::from_value(value) {
        Ok(item) => item,
        Err(error) => panic!("proposal item does not parse: {error}"),
    }
}

fn check(before: Option<&Item>, after: Option<&Item>, expected: AdjustmentType, case: &str) {
    assert_eq!(propose_adjustment(before, after), expected, "case {case}");
}

#[test]
fn proposals() {
    let county = proposal_item(
        Some("县级"),
        "示范县自然资源局",
        "990101-ZR-XK-003-00",
        "有效",
    );
    let cases: [(&str, Option<Item>, Option<Item>, AdjustmentType); 9] = [
        ("new item", None, Some(county.clone()), AdjustmentType::Add),
        (
            "removed item",
            Some(county.clone()),
            None,
            AdjustmentType::Cancel,
        ),
        (
            "status cancelled",
            Some(county.clone()),
            Some(proposal_item(
                Some("县级"),
                "示范县自然资源局",
                "990101-ZR-XK-003-00",
                "已取消",
            )),
            AdjustmentType::Cancel,
        ),
        (
            "county to township",
            Some(county.clone()),
            Some(proposal_item(
                Some("乡镇（下放）"),
                "各乡（镇）人民政府（承接）",
                "990101-ZR-XK-003-00",
                "已下放",
            )),
            AdjustmentType::Delegate,
        ),
        (
            "province to city",
            Some(proposal_item(
                Some("省级"),
                "省自然资源厅",
                "99-ZR-XK-003-00",
                "有效",
            )),
            Some(proposal_item(
                Some("设区的市级"),
                "市自然资源局",
                "99-ZR-XK-003-00",
                "有效",
            )),
            AdjustmentType::Delegate,
        ),
        (
            "county to city",
            Some(county.clone()),
            Some(proposal_item(
                Some("市级"),
                "某市自然资源局",
                "990101-ZR-XK-003-00",
                "有效",
            )),
            AdjustmentType::TakeOver,
        ),
        (
            "other department",
            Some(county.clone()),
            Some(proposal_item(
                Some("县级"),
                "示范县农业农村局",
                "990101-NY-XK-003-00",
                "有效",
            )),
            AdjustmentType::Transfer,
        ),
        (
            "body renamed within the department",
            Some(county.clone()),
            Some(proposal_item(
                Some("县级"),
                "示范县自然资源局（林业局）",
                "990101-ZR-XK-003-00",
                "有效",
            )),
            AdjustmentType::Change,
        ),
        (
            "same level and body",
            Some(county.clone()),
            Some(proposal_item(
                Some("县级"),
                "示范县自然资源局",
                "990101-ZR-XK-003-01",
                "有效",
            )),
            AdjustmentType::Change,
        ),
    ];
    for (case, before, after, expected) in &cases {
        check(before.as_ref(), after.as_ref(), *expected, case);
    }
}

#[test]
fn levels_rank_from_province_down() {
    let cases = [
        ("省级", Some(0)),
        ("设区的市级", Some(1)),
        ("市级", Some(1)),
        ("县级", Some(2)),
        ("县级市", Some(2)),
        ("乡镇（下放）", Some(3)),
        ("街道", Some(3)),
        ("委托", None),
    ];
    for (level, expected) in cases {
        assert_eq!(level_rank(level), expected, "case {level}");
    }
}

#[test]
fn apply_refuses_a_comparison_of_another_list() {
    let (before, after, comparison) = demo();
    assert_eq!(
        apply(&after.items, &comparison),
        Err(ApplyError::AlreadyPresent(
            comparison.items[1].item_id.clone()
        ))
    );
    let without_removed: Vec<Item> = before
        .items
        .iter()
        .filter(|item| item.item_id.as_str() != "ZR-CF-006-00")
        .cloned()
        .collect();
    assert_eq!(
        apply(&without_removed, &comparison),
        Err(ApplyError::Missing(comparison.items[0].item_id.clone()))
    );
}
