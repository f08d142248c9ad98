use serde_json::{Value, json};

use super::*;
use crate::category::Category;

const SAMPLE: &str = include_str!("../../demo/sample.json");
const SAMPLE_V2: &str = include_str!("../../demo/sample_v2.json");

fn sample() -> Value {
    serde_json::from_str(SAMPLE).unwrap_or(Value::Null)
}

fn parse_value(value: &Value) -> Result<Parsed, ImportError> {
    parse(value.to_string().as_bytes())
}

/// Applies `mutate` to the sample file and checks the import error mentions `expected`.
fn check_rejected(mutate: impl FnOnce(&mut Value), expected: &str) {
    let mut value = sample();
    mutate(&mut value);
    match parse_value(&value) {
        Ok(_) => panic!("expected an error containing `{expected}`"),
        Err(e) => assert!(
            e.to_string().contains(expected),
            "expected `{expected}` in:\n{e}"
        ),
    }
}

#[test]
fn sample_loads_per_department() {
    let parsed = parse(SAMPLE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let counts: Vec<(String, usize)> = parsed
        .lists
        .iter()
        .map(|l| (l.department.dept_code.to_string(), l.items.len()))
        .collect();
    assert_eq!(
        counts,
        vec![("MZ".into(), 12), ("SJ".into(), 15), ("ZR".into(), 16)]
    );
    let items = || parsed.lists.iter().flat_map(|l| &l.items);
    assert_eq!(items().filter(|i| i.flowchart.is_some()).count(), 11);
    assert_eq!(items().filter(|i| i.discretion.is_some()).count(), 9);
    assert_eq!(
        items().filter(|i| i.category == Category::Penalty).count(),
        12
    );
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(
        parsed
            .lists
            .iter()
            .all(|l| l.version.version_id.as_str() == "v2024.1")
    );
}

#[test]
fn sample_v2_loads_with_adjustments() {
    let parsed = parse(SAMPLE_V2.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.lists.len(), 1);
    let list = &parsed.lists[0];
    assert_eq!(list.department.dept_code.as_str(), "ZR");
    assert_eq!(list.items.len(), 16);
    assert_eq!(list.adjustments.len(), 5);
    assert_eq!(list.version.process.len(), 6);
    assert_eq!(list.adjustments[2].type_code.to_string(), "变更+合并");
}

#[test]
fn export_then_parse_is_identity() {
    for text in [SAMPLE, SAMPLE_V2] {
        let parsed = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        for list in &parsed.lists {
            let document = export(parsed.jurisdiction.clone(), list);
            let bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
            let again = parse(&bytes).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(again.lists.len(), 1);
            assert_eq!(&again.lists[0], list);
            let (a, b) = (list.revisions().ok(), again.lists[0].revisions().ok());
            assert_eq!(
                a.map(|r| list.digest(&r)),
                b.map(|r| again.lists[0].digest(&r))
            );
        }
    }
}

#[test]
fn unchanged_items_hash_the_same_across_versions() {
    let hashes = |text: &str| -> Vec<(String, String)> {
        let parsed = parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        parsed
            .lists
            .iter()
            .filter(|l| l.department.dept_code.as_str() == "ZR")
            .flat_map(|l| l.items.iter())
            .map(|i| {
                (
                    i.item_id.to_string(),
                    ItemRevision::of(i)
                        .map(|r| r.hash.to_string())
                        .unwrap_or_default(),
                )
            })
            .collect()
    };
    let v1 = hashes(SAMPLE);
    let v2 = hashes(SAMPLE_V2);
    let shared = v2.iter().filter(|h| v1.contains(h)).count();
    // 16 items after the adjustment: 2 new, 1 merged+changed, 1 delegated, 2 changed.
    assert_eq!(shared, 10);
}

#[test]
fn truncated_file_is_a_syntax_error() {
    let cut = &SAMPLE.as_bytes()[..SAMPLE.len() / 2];
    let err = parse(cut).map(|_| ()).unwrap_err_or_panic();
    assert!(matches!(err, ImportError::Syntax { .. }), "{err}");
    assert!(err.to_string().contains("truncated"), "{err}");
}

trait UnwrapErr<E> {
    fn unwrap_err_or_panic(self) -> E;
}

impl<E> UnwrapErr<E> for Result<(), E> {
    fn unwrap_err_or_panic(self) -> E {
        match self {
            Ok(()) => panic!("expected an error"),
            Err(e) => e,
        }
    }
}

#[test]
fn bad_values_are_reported_with_their_path() {
    check_rejected(
        |v| v["items"][3]["category"]["abbr"] = json!("XX"),
        "items[3].category: unknown category `XX`",
    );
    check_rejected(
        |v| {
            if let Some(item) = v["items"][5].as_object_mut() {
                item.remove("name");
            }
        },
        "items[5]: missing field `name`",
    );
    check_rejected(
        |v| v["departments"][0]["dept_code"] = json!("MZ'; REMOVE TABLE department; --"),
        "departments[0].dept_code: invalid department code",
    );
    check_rejected(
        |v| v["items"][0]["remark"] = json!("长".repeat(6 * 1024 * 1024 / 3)),
        "items[0].remark: text is 2097152 characters long",
    );
    check_rejected(
        |v| v["items"][0]["time_limit"]["statutory"]["unit"] = json!("fortnight"),
        "items[0].time_limit.statutory.unit: unknown variant `fortnight`",
    );
    check_rejected(
        |v| v["items"][1]["item_id"] = v["items"][0]["item_id"].clone(),
        "items[1].item_id: item id `MZ-XK-001-00` is used twice",
    );
    check_rejected(
        |v| v["list_version"]["effective_date"] = json!("2024-02-30"),
        "list_version.effective_date: `2024-02-30` is not a date",
    );
}

#[test]
fn every_bad_item_is_reported() {
    let mut value = sample();
    value["items"][3]["category"] = json!("行政什么");
    if let Some(item) = value["items"][7].as_object_mut() {
        item.remove("name");
    }
    value["items"][9]["status"] = json!("作废");
    let err = parse_value(&value)
        .map(|_| ())
        .unwrap_err_or_panic()
        .to_string();
    assert!(err.starts_with("3 problems in the file"), "{err}");
    for expected in [
        "items[3].category: unknown category",
        "items[7]: missing field `name`",
        "items[9].status: unknown variant `作废`",
    ] {
        assert!(err.contains(expected), "`{expected}` missing from:\n{err}");
    }
}

#[test]
fn dangling_flowchart_edge_is_named() {
    let mut value = sample();
    let index = value["items"]
        .as_array()
        .and_then(|items| items.iter().position(|i| i.get("flowchart").is_some()))
        .unwrap_or(0);
    value["items"][index]["flowchart"]["edges"][0]["to"] = json!("N99");
    let err = parse_value(&value)
        .map(|_| ())
        .unwrap_err_or_panic()
        .to_string();
    assert!(
        err.contains(&format!("items[{index}].flowchart: edge")),
        "{err}"
    );
    assert!(err.contains("target `N99` does not exist"), "{err}");
}

#[test]
fn tolerates_what_real_files_vary_in() {
    let mut value = sample();
    value["items"][0]["local_extension"] = json!({"anything": 1});
    value["list_version"]["scope"] = json!([{"dept_code": "MZ"}, {"dept_code": "SJ"}]);
    value["items"] = Value::Array(
        value["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|i| !i["item_id"].as_str().unwrap_or("").starts_with("ZR"))
            .collect(),
    );
    value["adjustments"] = json!([
        {"adjustment_id": "A1", "type": "拆分", "type_code": "SPLIT", "items_before": ["990101-MZ-XK-001-00"], "items_after": [], "reason": "示例"},
        {"adjustment_id": "A2", "type": "划转", "type_code": "TRANSFER", "items_before": [], "items_after": [], "reason": "示例"}
    ]);
    // Per-ton fines, cut without gaps so that the standard stays valid.
    if let Some(tiers) = value["items"].as_array_mut().and_then(|items| {
        items.iter_mut().find_map(|i| {
            i.get_mut("discretion")
                .and_then(|d| d["tiers"].as_array_mut())
        })
    }) {
        for (tier, (min, max)) in tiers
            .iter_mut()
            .skip(1)
            .zip([(50, 100), (100, 150), (150, 200)])
        {
            tier["fine"] =
                json!({"kind": "per_unit", "unit": "CNY_per_ton", "min": min, "max": max});
        }
    }
    let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.lists.len(), 2);
    assert_eq!(
        parsed.warnings,
        vec!["unknown key `items[0].local_extension` was ignored".to_owned()]
    );
    assert_eq!(parsed.lists[0].adjustments.len(), 2);
    assert_eq!(parsed.lists[1].adjustments.len(), 1);
}

#[test]
fn empty_and_non_utf8_files() {
    assert!(parse(b"").is_err_and(|e| e.to_string().contains("empty")));
    assert!(parse(b"\xff\xfe{").is_err_and(|e| e.to_string().contains("not UTF-8")));
    assert!(parse(b"\xEF\xBB\xBF").is_err_and(|e| e.to_string().contains("empty")));
}

/// Applies `mutate` to the standard of 对未取得食品经营许可从事食品经营活动的处罚
/// (`items[17]`, tiers 1–3 fixed 5万–10万元, 4–6 货值金额 10–20倍).
fn check_discretion_rejected(mutate: impl FnOnce(&mut Value), expected: &[&str]) {
    let mut value = sample();
    assert_eq!(value["items"][17]["item_id"], json!("SJ-CF-004-00"));
    mutate(&mut value["items"][17]["discretion"]);
    let err = parse_value(&value)
        .map(|_| ())
        .unwrap_err_or_panic()
        .to_string();
    for line in expected {
        assert!(err.contains(line), "`{line}` missing from:\n{err}");
    }
}

#[test]
fn bad_discretion_standards_are_rejected_with_their_path() {
    check_discretion_rejected(
        |d| d["tiers"][2]["fine"]["min"] = json!(60000),
        &[
            "items[17].discretion.tiers[2].fine: range `货值金额不足一万元`: 从轻 max `65000` overlaps 一般 min `60000`",
        ],
    );
    check_discretion_rejected(
        |d| d["tiers"][5]["fine"]["min"] = json!(14),
        &[
            "items[17].discretion.tiers[5].fine: range `货值金额一万元以上`: gap between 从轻 max `13` and 一般 min `14`",
        ],
    );
    check_discretion_rejected(
        |d| {
            d["statutory_ranges"] = json!([
                {"name": "货值金额不足一万元", "fine": {"kind": "fixed", "unit": "CNY", "min": 100000, "max": 50000}},
                {"name": "货值金额一万元以上", "fine": {"kind": "multiple", "base": "货值金额", "min": 10, "max": 20}}
            ]);
        },
        &[
            "items[17].discretion.statutory_ranges[0].fine: range `货值金额不足一万元`: minimum `100000` is above maximum `50000`",
        ],
    );
    check_discretion_rejected(
        |d| d["tiers"][0]["fine"]["max"] = json!(60000),
        &[
            "items[17].discretion.tiers[0].fine: range `货值金额不足一万元`, tier `减轻`: maximum `60000` is above the statutory minimum `50000`",
        ],
    );
    check_discretion_rejected(
        |d| d["tiers"][1]["fine"]["unit"] = json!("USD"),
        &["items[17].discretion.tiers[1].fine.unit: unknown fine unit `USD`"],
    );
    check_discretion_rejected(
        |d| {
            d["tiers"][1]["fine"]["min"] = json!(70000);
            d["tiers"][3]["conditions"] = json!([]);
        },
        &[
            "2 problems in the file",
            "items[17].discretion.tiers[1].fine: range `货值金额不足一万元`, tier `从轻`: minimum `70000` is above maximum `65000`",
            "items[17].discretion.tiers[3]: range `货值金额不足一万元`, tier `从重`: the tier has no condition, neither text nor structured",
        ],
    );
}

#[test]
fn standards_with_structured_data_import_and_round_trip() {
    let mut value = sample();
    let discretion = &mut value["items"][17]["discretion"];
    discretion["statutory_ranges"] = json!([
        {"name": "货值金额不足一万元", "structured_conditions": [{"metric": "货值金额", "op": "<", "value": 10000, "unit": "元"}],
         "fine": {"kind": "fixed", "unit": "CNY", "min": 50000, "max": 100000}},
        {"name": "货值金额一万元以上", "structured_conditions": [{"metric": "货值金额", "op": ">=", "value": 10000, "unit": "元"}],
         "fine": {"kind": "multiple", "base": "货值金额", "min": 10, "max": 20}}
    ]);
    discretion["tiers"][1]["structured_conditions"] =
        json!([{"metric": "经营时间", "op": "<", "value": 1, "unit": "月"}]);
    let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    for list in &parsed.lists {
        let document = export(parsed.jurisdiction.clone(), list);
        let bytes = serde_json::to_vec(&document).unwrap_or_default();
        let again = parse(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&again.lists[0], list);
    }
}

/// An office's file (issue 20): a tier's `conditions` mix text with
/// predicates `{metric, op, value}`, and a fine unit is spelled `CNY_per_t`.
#[test]
fn conditions_mixing_text_and_predicates_and_unit_spellings_import() {
    let mut value = sample();
    let tiers = &mut value["items"][17]["discretion"]["tiers"];
    tiers[1]["conditions"] = json!([
        "货值金额不足一万元",
        {"metric": "经营额", "op": "lt", "value": "10万", "unit": "元"},
        "未造成危害后果"
    ]);
    tiers[0]["fine"]["alt"] =
        json!({"kind": "per_unit", "unit": "CNY_per_t", "min": 100, "max": 500});
    let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{e}"));
    let list = parsed
        .lists
        .iter()
        .find(|l| l.department.dept_code.as_str() == "SJ");
    let item = list.and_then(|l| {
        l.items
            .iter()
            .find(|i| i.item_code == "990101-SJ-CF-004-00")
    });
    let discretion = item.and_then(|i| i.discretion.as_ref());
    let tier = discretion.map(|d| &d.tiers[1]);
    assert_eq!(
        tier.map(|t| t.conditions.clone()),
        Some(vec![
            "货值金额不足一万元".to_owned(),
            "未造成危害后果".to_owned()
        ])
    );
    let predicates: Vec<String> = tier
        .map(|t| {
            t.structured_conditions
                .iter()
                .map(|c| c.to_chinese())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(predicates, ["经营额不足10万元"]);
    let alt_unit = discretion
        .and_then(|d| d.tiers[0].fine.as_ref())
        .and_then(|f| f.alt.as_ref())
        .and_then(|a| a.unit);
    assert_eq!(alt_unit, Some(crate::discretion::FineUnit::YuanPerTon));
    // What was read in another spelling is said, naming the item.
    let notes: Vec<String> = parsed.normalised.iter().map(ToString::to_string).collect();
    assert!(
        notes.iter().any(
            |n| n.contains("fine.alt.unit: `CNY_per_t` read as `CNY_per_ton`")
                && n.contains("990101-SJ-CF-004-00")
        ),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("`lt` read as `<`")),
        "{notes:?}"
    );
    // The calculator uses the predicate: a turnover of 20万 rules the tier out.
    let facts: crate::discretion::Facts = [(
        "经营额".to_owned(),
        crate::discretion::Amount::new(200_000.into()),
    )]
    .into();
    let outcome = discretion.map(|d| d.calculate(&facts));
    let lighter = outcome
        .iter()
        .flat_map(|c| &c.ranges)
        .flat_map(|r| &r.tiers)
        .find(|t| t.index == 1)
        .map(|t| t.applicability);
    assert_eq!(
        lighter,
        Some(crate::discretion::Applicability::DoesNotApply)
    );
    // Exported in the canonical shape, read back the same.
    for list in &parsed.lists {
        let bytes =
            serde_json::to_vec(&export(parsed.jurisdiction.clone(), list)).unwrap_or_default();
        let again = parse(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&again.lists[0], list);
        assert!(again.normalised.is_empty(), "{:?}", again.normalised);
    }
}

/// A version whose scope is one string, `"SJ,ZR"` or `"SJ、ZR"`.
#[test]
fn a_scope_written_as_one_string_names_its_departments() {
    for scope in ["SJ,ZR", "SJ、ZR", "SJ，ZR"] {
        let mut value = sample();
        value["list_version"]["scope"] = json!(scope);
        let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{scope}: {e}"));
        let codes: Vec<&str> = parsed
            .lists
            .iter()
            .map(|l| l.department.dept_code.as_str())
            .collect();
        assert_eq!(codes, ["SJ", "ZR"], "{scope}");
        let carried: Vec<&str> = parsed
            .carried
            .iter()
            .map(|l| l.department.dept_code.as_str())
            .collect();
        assert_eq!(carried, ["MZ"], "{scope}");
    }
}

/// A whole-registry snapshot carries unchanged departments beside the
/// adjusted one: their lists come apart from those in scope.
#[test]
fn a_snapshot_carries_the_departments_outside_its_scope() {
    let mut value = sample();
    value["list_version"]["scope"] = json!({"dept_code": "SJ"});
    let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.lists.len(), 1);
    assert_eq!(parsed.lists[0].items.len(), 15);
    let carried: Vec<(&str, usize)> = parsed
        .carried
        .iter()
        .map(|l| (l.department.dept_code.as_str(), l.items.len()))
        .collect();
    assert_eq!(carried, [("MZ", 12), ("ZR", 16)]);
}

/// The department that receives an item by 划转 is new: the file does not
/// describe it, the adjustment names the item it receives.
#[test]
fn a_new_department_receiving_an_item_by_transfer_is_accepted() {
    let mut value = sample();
    value["list_version"]["scope"] = json!("SJ");
    let items = value["items"]
        .as_array_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut kept: Vec<Value> = items
        .into_iter()
        .filter(|i| i["item_code"].as_str().is_some_and(|c| c.contains("-SJ-")))
        .collect();
    let mut moved = kept.remove(kept.len() - 1);
    moved["item_code"] = json!("990101-WL-QT-001-00");
    moved["implementing_body"] = json!("示范县文化广电和旅游局");
    let moved_name = moved["name"].clone();
    kept.push(moved);
    value["items"] = Value::Array(kept);
    value["departments"] = json!([value["departments"][1].clone()]);
    value["adjustments"] = json!([{
        "adjustment_id": "ADJ-2025-01", "type": "划转", "type_code": "TRANSFER",
        "items_before": ["990101-SJ-QT-009-00"], "items_after": ["990101-WL-QT-001-00"],
        "item_name": moved_name, "reason": "职责划转"
    }]);
    assert_eq!(value["departments"][0]["dept_code"], json!("SJ"));
    let parsed = parse_value(&value).unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<&str> = parsed
        .lists
        .iter()
        .map(|l| l.department.dept_code.as_str())
        .collect();
    assert_eq!(codes, ["SJ", "WL"]);
    assert_eq!(
        parsed
            .new_departments
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["WL"]
    );
    assert_eq!(parsed.lists[1].department.name, "示范县文化广电和旅游局");
    assert_eq!(parsed.lists[1].items.len(), 1);
    assert_eq!(parsed.lists[1].adjustments.len(), 1);
    // Without the adjustment, a department nobody describes is still refused.
    value["adjustments"] = json!([]);
    let refused = parse_value(&value)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.contains("cannot tell the department"), "{refused}");
}

/// Problems name the item by code and name, not only by array position.
#[test]
fn problems_name_the_item_by_code_and_name() {
    let mut value = sample();
    value["items"][17]["discretion"]["tiers"][1]["fine"]["unit"] = json!("USD");
    let Err(ImportError::Invalid(problems)) = parse_value(&value) else {
        panic!("expected problems");
    };
    let unit = problems.iter().find(|p| p.path.ends_with("fine.unit"));
    assert_eq!(
        unit.and_then(|p| p.item.clone()),
        Some(ItemRef {
            code: "990101-SJ-CF-004-00".into(),
            name: "对未取得食品经营许可从事食品经营活动的处罚".into()
        })
    );
    assert_eq!(
        unit.map(|p| p.field_path()),
        Some("discretion.tiers[1].fine.unit")
    );
    assert_eq!(
        unit.map(|p| &p.kind),
        Some(&ProblemKind::UnknownValue {
            value: "USD".into()
        })
    );
    let mut value = sample();
    value["items"][3]["name"] = json!("");
    let Err(ImportError::Invalid(problems)) = parse_value(&value) else {
        panic!("expected problems");
    };
    let name = problems.iter().find(|p| p.path == "items[3].name");
    assert_eq!(name.map(|p| &p.kind), Some(&ProblemKind::Empty));
    assert!(
        name.and_then(|p| p.item.as_ref())
            .is_some_and(|i| i.code == "990101-MZ-JF-002-00")
    );
}

/// The registry export (`/api/v1/export.json`: one document per
/// department) imports as it is: each document is read as its own file.
#[test]
fn a_registry_export_reads_as_its_documents() {
    let parsed = parse(SAMPLE.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let documents: Vec<Document> = parsed
        .lists
        .iter()
        .map(|l| export(parsed.jurisdiction.clone(), l))
        .collect();
    let registry = json!({"schema_version": SCHEMA_VERSION, "documents": documents});
    let again = parse_value(&registry).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.lists, parsed.lists);
    assert_eq!(again.jurisdiction, parsed.jurisdiction);
    // A bad item is named with its document.
    let mut bad = registry.clone();
    bad["documents"][1]["items"][0]["name"] = json!("");
    let refused = parse_value(&bad)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        refused.contains("documents[1].items[0].name: must not be empty"),
        "{refused}"
    );
    // The same department twice is refused.
    let mut twice = registry;
    let first = twice["documents"][0].clone();
    if let Some(list) = twice["documents"].as_array_mut() {
        list.push(first);
    }
    let refused = parse_value(&twice)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(refused.contains("has a list in two documents"), "{refused}");
}
