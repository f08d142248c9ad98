//! Tests of discretion standards: fines in words, validation, the 30%/70%
//! split, the calculator, the table and scale, and their properties.

use serde_json::{Value, json};

use super::*;

const SAMPLE: &str = include_str!("../../demo/sample.json");
const SAMPLE_V2: &str = include_str!("../../demo/sample_v2.json");

/// The 13 demo standards as (file, item id, standard).
fn demo_standards() -> Vec<(&'static str, String, Discretion)> {
    let mut out = Vec::new();
    for (file, text) in [("v1", SAMPLE), ("v2", SAMPLE_V2)] {
        let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        for item in value["items"].as_array().into_iter().flatten() {
            if let Some(Ok(discretion)) = item
                .get("discretion")
                .filter(|d| !d.is_null())
                .map(|d| serde_json::from_value::<Discretion>(d.clone()))
            {
                let id = item["item_id"].as_str().unwrap_or_default().to_owned();
                out.push((file, id, discretion));
            }
        }
    }
    out
}

fn demo(file: &str, id: &str) -> Discretion {
    match demo_standards()
        .into_iter()
        .find(|(f, i, _)| *f == file && i == id)
    {
        Some((_, _, discretion)) => discretion,
        None => panic!("no demo standard {file}/{id}"),
    }
}

fn amount(value: i64, scale: u32) -> Amount {
    Amount::new(Decimal::new(value, scale))
}

mod fines {
    use super::*;

    fn check(json: &str, expected: &str) {
        let fine: Fine = match serde_json::from_str(json) {
            Ok(f) => f,
            Err(e) => panic!("case {json}: {e}"),
        };
        assert_eq!(fine.to_chinese(), expected, "case {json}");
    }

    #[test]
    fn fines_read_as_written_in_lists() {
        check(
            r#"{"kind":"fixed","unit":"CNY","min":50000,"max":65000}"#,
            "5万元至6.5万元",
        );
        check(
            r#"{"kind":"fixed","unit":"CNY","min":null,"max":50000}"#,
            "5万元以下",
        );
        check(
            r#"{"kind":"multiple","base":"货值金额","min":10,"max":13}"#,
            "货值金额10倍至13倍",
        );
        check(
            r#"{"kind":"multiple","base":"制造、销售金额","min":1.6,"max":2.4}"#,
            "制造、销售金额1.6倍至2.4倍",
        );
        check(
            r#"{"kind":"per_unit","unit":"CNY_per_m2","min":100,"max":1000}"#,
            "每平方米100元至1000元",
        );
        check(
            r#"{"kind":"fixed","unit":"CNY","min":3000,"max":3000}"#,
            "3000元",
        );
    }

    #[test]
    fn amounts_round_trip_exactly() {
        for text in ["1.6", "50000", "0.3", "2.4", "730"] {
            let amount: Amount = serde_json::from_str(text).unwrap_or(Amount::new(Decimal::ZERO));
            assert_eq!(serde_json::to_string(&amount).ok().as_deref(), Some(text));
        }
    }

    /// Amounts with more digits than a float holds exactly are written as
    /// strings, and every amount reads back as it was.
    #[test]
    fn long_amounts_are_written_as_strings() {
        let cases = [
            ("1025935603492.4265", r#""1025935603492.4265""#),
            (
                "181663439.371330508747292374",
                r#""181663439.371330508747292374""#,
            ),
            ("999999999999999.99999", r#""999999999999999.99999""#),
            (
                "0.00000000000000000000001",
                r#""0.00000000000000000000001""#,
            ),
            ("123456789012.345", "123456789012.345"),
        ];
        for (value, json) in cases {
            let amount = value
                .parse::<Decimal>()
                .map(Amount::new)
                .unwrap_or_else(|e| panic!("{value}: {e}"));
            let written = serde_json::to_string(&amount).unwrap_or_default();
            assert_eq!(written, json, "case {value}");
            let back: Option<Amount> = serde_json::from_str(&written).ok();
            assert_eq!(back, Some(amount), "case {value}");
        }
    }

    #[test]
    fn unknown_unit_is_rejected() {
        let err = serde_json::from_str::<Fine>(r#"{"kind":"fixed","unit":"USD","min":1,"max":2}"#);
        assert!(err.is_err_and(|e| e.to_string().contains("unknown fine unit `USD`")));
    }

    #[test]
    fn structured_conditions_read_and_round_trip() {
        let json = r#"{"metric":"经营额","op":"<","value":100000,"unit":"元"}"#;
        let condition: Option<Condition> = serde_json::from_str(json).ok();
        assert_eq!(
            condition.as_ref().map(Condition::to_chinese).as_deref(),
            Some("经营额不足10万元")
        );
        assert_eq!(
            condition.as_ref().map(ToString::to_string).as_deref(),
            Some("经营额 < 100000 元")
        );
        assert_eq!(
            condition
                .and_then(|c| serde_json::to_string(&c).ok())
                .as_deref(),
            Some(json)
        );
        let bad = serde_json::from_str::<Condition>(r#"{"metric":"经营额","op":"<>","value":1}"#);
        assert!(bad.is_err_and(|e| e.to_string().contains("unknown comparison `<>`")));
    }

    #[test]
    fn demo_standards_round_trip_and_keep_their_keys() {
        let standards = demo_standards();
        assert_eq!(standards.len(), 13);
        for (file, id, discretion) in &standards {
            let again: Option<Discretion> = serde_json::to_value(discretion)
                .ok()
                .and_then(|v| serde_json::from_value(v).ok());
            assert_eq!(again.as_ref(), Some(discretion), "{file}/{id}");
            let keys = discretion.tier_keys();
            let mut unique = keys.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{file}/{id}: {keys:?}");
        }
        let keys: Vec<String> = demo("v1", "SJ-CF-005-00")
            .tier_keys()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            keys,
            [
                "不予处罚",
                "拒不改正/从轻",
                "拒不改正/一般",
                "拒不改正/从重",
                "情节严重/从轻",
                "情节严重/一般",
                "情节严重/从重"
            ]
        );
    }
}

mod validation {
    use super::*;

    fn fixed(min: i64, max: i64) -> Value {
        json!({"kind": "fixed", "unit": "CNY", "min": min, "max": max})
    }

    fn tier(level: &str, fine: Value) -> Value {
        json!({"tier": level, "conditions": ["示例条件"], "fine": fine})
    }

    /// A valid standard: one written-out range 拒不改正 (1万–10万元) cut at 3.7万 and 7.3万.
    fn standard() -> Value {
        json!({
            "violation": "示例违法行为",
            "statutory_ranges": [{"name": "拒不改正", "fine": fixed(10_000, 100_000)}],
            "tiers": [
                tier("LIGHTER", fixed(10_000, 37_000)),
                tier("ORDINARY", fixed(37_000, 73_000)),
                tier("HEAVIER", fixed(73_000, 100_000)),
            ]
        })
    }

    /// Applies `mutate` to [`standard`] and compares every problem, in order.
    fn check(mutate: impl FnOnce(&mut Value), expected: &[&str]) {
        let mut value = standard();
        mutate(&mut value);
        let discretion: Discretion = match serde_json::from_value(value.clone()) {
            Ok(d) => d,
            Err(e) => panic!("{e}: {value}"),
        };
        let got: Vec<String> = discretion
            .validate()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, expected, "for {value}");
    }

    fn conditions(list: Value) -> impl FnOnce(&mut Value) {
        move |v| v["tiers"][0]["structured_conditions"] = list
    }

    #[test]
    fn the_base_standard_is_valid() {
        check(|_| {}, &[]);
    }

    #[test]
    fn every_demo_standard_is_valid() {
        for (file, id, discretion) in demo_standards() {
            let problems: Vec<String> = discretion
                .validate()
                .iter()
                .map(ToString::to_string)
                .collect();
            assert!(problems.is_empty(), "{file}/{id}: {problems:#?}");
        }
    }

    #[test]
    fn inverted_range() {
        check(
            |v| v["statutory_ranges"][0]["fine"] = fixed(100_000, 10_000),
            &[
                "statutory_ranges[0].fine: range `拒不改正`: minimum `100000` is above maximum `10000`",
                "tiers[0].fine: range `拒不改正`, tier `从轻`: fine `10000–37000` is not inside the statutory range `100000–10000`",
                "tiers[1].fine: range `拒不改正`, tier `一般`: fine `37000–73000` is not inside the statutory range `100000–10000`",
                "tiers[2].fine: range `拒不改正`, tier `从重`: fine `73000–100000` is not inside the statutory range `100000–10000`",
            ],
        );
        check(
            |v| v["statutory_ranges"][0]["fine"] = fixed(10_000, 100_000),
            &[],
        );
    }

    #[test]
    fn inverted_and_negative_tier_bounds() {
        check(
            |v| v["tiers"][1]["fine"] = fixed(73_000, 37_000),
            &[
                "tiers[1].fine: range `拒不改正`, tier `一般`: minimum `73000` is above maximum `37000`",
                "tiers[1].fine: range `拒不改正`: gap between 从轻 max `37000` and 一般 min `73000`",
                "tiers[2].fine: range `拒不改正`: gap between 一般 max `37000` and 从重 min `73000`",
            ],
        );
        check(
            |v| v["tiers"][0]["fine"] = fixed(-5, 37_000),
            &[
                "tiers[0].fine: range `拒不改正`, tier `从轻`: bounds must not be negative (`-5–37000`)",
                "tiers[0].fine: range `拒不改正`, tier `从轻`: fine `-5–37000` is not inside the statutory range `10000–100000`",
            ],
        );
    }

    #[test]
    fn tier_outside_its_range() {
        check(
            |v| v["tiers"][0]["fine"] = fixed(5_000, 37_000),
            &[
                "tiers[0].fine: range `拒不改正`, tier `从轻`: fine `5000–37000` is not inside the statutory range `10000–100000`",
            ],
        );
        check(
            |v| v["tiers"][2]["fine"]["max"] = Value::Null,
            &[
                "tiers[2].fine: range `拒不改正`, tier `从重`: fine `≥ 73000` is not inside the statutory range `10000–100000`",
            ],
        );
        check(|v| v["tiers"][0]["fine"] = fixed(10_000, 37_000), &[]);
    }

    #[test]
    fn tier_computed_unlike_its_range() {
        check(
            |v| {
                v["tiers"][1]["fine"] =
                    json!({"kind": "multiple", "base": "货值金额", "min": 1, "max": 2})
            },
            &[
                "tiers[1].fine: range `拒不改正`, tier `一般`: the fine is `multiple of 货值金额` but the statutory range is `fixed`",
            ],
        );
        check(
            |v| v["tiers"][1]["fine"] = json!({"kind": "fixed", "min": 37_000, "max": 73_000}),
            &[],
        );
    }

    #[test]
    fn overlapping_tiers() {
        check(
            |v| v["tiers"][0]["fine"] = fixed(10_000, 40_000),
            &["tiers[1].fine: range `拒不改正`: 从轻 max `40000` overlaps 一般 min `37000`"],
        );
        check(|v| v["tiers"][0]["fine"] = fixed(10_000, 37_000), &[]);
    }

    #[test]
    fn gap_between_tiers() {
        check(
            |v| {
                v["statutory_ranges"][0]["fine"] = fixed(0, 100);
                v["tiers"][0]["fine"] = fixed(0, 30);
                v["tiers"][1]["fine"] = fixed(35, 70);
                v["tiers"][2]["fine"] = fixed(70, 100);
            },
            &["tiers[1].fine: range `拒不改正`: gap between 从轻 max `30` and 一般 min `35`"],
        );
        check(
            |v| {
                v["statutory_ranges"][0]["fine"] = fixed(0, 100);
                v["tiers"][0]["fine"] = fixed(0, 30);
                v["tiers"][1]["fine"] = fixed(30, 70);
                v["tiers"][2]["fine"] = fixed(70, 100);
            },
            &[],
        );
    }

    #[test]
    fn gaps_in_alternative_fines_are_named() {
        let multiple = |min: f64, max: f64, alt_min: f64, alt_max: f64| {
            json!({"kind": "multiple", "base": "违法所得", "min": min, "max": max,
                   "alt": {"kind": "multiple", "base": "违法经营额", "min": alt_min, "max": alt_max}})
        };
        check(
            |v| {
                v["statutory_ranges"] = json!([]);
                v["tiers"][0]["fine"] = multiple(3.0, 3.6, 1.0, 1.5);
                v["tiers"][1]["fine"] = multiple(3.6, 4.4, 1.6, 2.4);
                v["tiers"][2]["fine"] = multiple(4.4, 5.0, 2.4, 3.0);
            },
            &[
                "tiers[1].fine: the statutory range, alternative fine `multiple of 违法经营额`: gap between 从轻 max `1.5` and 一般 min `1.6`",
            ],
        );
        check(
            |v| {
                v["statutory_ranges"] = json!([]);
                v["tiers"][0]["fine"] = multiple(3.0, 3.6, 1.0, 1.6);
                v["tiers"][1]["fine"] = multiple(3.6, 4.4, 1.6, 2.4);
                v["tiers"][2]["fine"] = multiple(4.4, 5.0, 2.4, 3.0);
            },
            &[],
        );
    }

    #[test]
    fn mitigated_above_the_statutory_minimum() {
        check(
            |v| {
                push_tier(
                    v,
                    tier(
                        "MITIGATED",
                        json!({"kind": "fixed", "unit": "CNY", "min": null, "max": 20_000}),
                    ),
                )
            },
            &[
                "tiers[3].fine: range `拒不改正`, tier `减轻`: maximum `20000` is above the statutory minimum `10000`",
            ],
        );
        check(
            |v| {
                push_tier(
                    v,
                    tier(
                        "MITIGATED",
                        json!({"kind": "fixed", "unit": "CNY", "min": null, "max": 10_000}),
                    ),
                )
            },
            &[],
        );
    }

    #[test]
    fn mitigated_without_a_range_is_held_to_every_comparable_range() {
        check(
            |v| {
                v["statutory_ranges"] = json!([]);
                for i in 0..3 {
                    v["tiers"][i]["statutory_range"] = json!("拒不改正");
                }
                push_tier(
                    v,
                    json!({"tier": "MITIGATED", "conditions": ["配合查处"], "fine": fixed(0, 12_000)}),
                );
            },
            &[
                "tiers[3].fine: range `拒不改正`, tier `减轻`: maximum `12000` is above the statutory minimum `10000`",
            ],
        );
    }

    fn push_tier(v: &mut Value, tier: Value) {
        if let Some(tiers) = v["tiers"].as_array_mut() {
            tiers.push(tier);
        }
    }

    #[test]
    fn tier_without_condition() {
        check(
            |v| v["tiers"][1]["conditions"] = json!(["  "]),
            &[
                "tiers[1]: range `拒不改正`, tier `一般`: the tier has no condition, neither text nor structured",
            ],
        );
        check(
            |v| {
                v["tiers"][1]["conditions"] = json!([]);
                v["tiers"][1]["structured_conditions"] =
                    json!([{"metric": "经营额", "op": ">=", "value": 100_000, "unit": "元"}]);
            },
            &[],
        );
    }

    #[test]
    fn contradicting_conditions() {
        check(
            conditions(json!([
                {"metric": "经营额", "op": "<", "value": 1000, "unit": "元"},
                {"metric": "经营额", "op": ">", "value": 5000, "unit": "元"}
            ])),
            &[
                "tiers[0].structured_conditions[1]: range `拒不改正`, tier `从轻`: conditions `经营额 < 1000 元` and `经营额 > 5000 元` contradict each other",
            ],
        );
        check(
            conditions(json!([
                {"metric": "经营额", "op": "<", "value": 1000},
                {"metric": "经营额", "op": ">=", "value": 1000}
            ])),
            &[
                "tiers[0].structured_conditions[1]: range `拒不改正`, tier `从轻`: conditions `经营额 < 1000` and `经营额 >= 1000` contradict each other",
            ],
        );
        check(
            conditions(json!([
                {"metric": "经营额", "op": ">=", "value": 1000},
                {"metric": "经营额", "op": "<=", "value": 1000},
                {"metric": "台数", "op": "=", "value": 1}
            ])),
            &[],
        );
    }

    #[test]
    fn tier_conditions_contradicting_their_range() {
        let range_condition = |v: &mut Value| {
            v["statutory_ranges"][0]["structured_conditions"] =
                json!([{"metric": "货值金额", "op": "<", "value": 10_000, "unit": "元"}]);
        };
        check(
            |v| {
                range_condition(v);
                v["tiers"][2]["structured_conditions"] =
                    json!([{"metric": "货值金额", "op": ">=", "value": 10_000, "unit": "元"}]);
            },
            &[
                "tiers[2].structured_conditions[0]: range `拒不改正`, tier `从重`: conditions `货值金额 < 10000 元` and `货值金额 >= 10000 元` contradict each other",
            ],
        );
        check(
            |v| {
                range_condition(v);
                v["tiers"][2]["structured_conditions"] =
                    json!([{"metric": "货值金额", "op": ">=", "value": 5_000, "unit": "元"}]);
            },
            &[],
        );
    }

    #[test]
    fn two_tiers_with_one_key() {
        check(
            |v| v["tiers"][2]["tier"] = json!("ORDINARY"),
            &[
                "tiers[2]: range `拒不改正`, tier `一般`: the range has 2 tiers of this level; it may have one",
            ],
        );
    }

    #[test]
    fn tier_naming_an_unwritten_range() {
        check(
            |v| {
                v["statutory_ranges"] = json!([
                    {"name": "拒不改正", "fine": fixed(10_000, 100_000)},
                    {"name": "情节严重", "fine": fixed(100_000, 500_000)}
                ]);
                for i in 0..3 {
                    v["tiers"][i]["statutory_range"] = json!("拒不改正");
                }
                push_tier(
                    v,
                    json!({"tier": "LIGHTER", "statutory_range": "情节恶劣", "conditions": ["示例"]}),
                );
            },
            &[
                "tiers[3].statutory_range: range `情节恶劣`, tier `从轻`: statutory range `情节恶劣` is not in `statutory_ranges`",
            ],
        );
    }

    #[test]
    fn range_written_out_twice() {
        check(
            |v| {
                v["statutory_ranges"] = json!([
                    {"name": "拒不改正", "fine": fixed(10_000, 100_000)},
                    {"name": "拒不改正", "fine": fixed(10_000, 100_000)}
                ]);
                for i in 0..3 {
                    v["tiers"][i]["statutory_range"] = json!("拒不改正");
                }
            },
            &["statutory_ranges[1].name: statutory range `拒不改正` is written out twice"],
        );
    }

    #[test]
    fn metric_in_two_units() {
        check(
            |v| {
                v["tiers"][0]["structured_conditions"] =
                    json!([{"metric": "经营额", "op": "<", "value": 10, "unit": "万元"}]);
                v["tiers"][1]["structured_conditions"] =
                    json!([{"metric": "经营额", "op": ">=", "value": 100_000, "unit": "元"}]);
            },
            &[
                "tiers[1].structured_conditions[0]: metric `经营额` is measured in `万元` and in `元`; use one unit",
            ],
        );
    }

    #[test]
    fn derived_ranges_still_check_order() {
        // Without written-out ranges the bounds come from the tiers, so a
        // tier cannot leave its range, but tiers can still overlap.
        check(
            |v| {
                v["statutory_ranges"] = json!([]);
                v["tiers"][1]["fine"] = fixed(30_000, 80_000);
            },
            &[
                "tiers[1].fine: the statutory range: 从轻 max `37000` overlaps 一般 min `30000`",
                "tiers[2].fine: the statutory range: 一般 max `80000` overlaps 从重 min `73000`",
            ],
        );
    }
}

mod split {
    use super::*;

    /// Splits `range` and compares the three tiers' bounds, alternatives after a `/`.
    fn check(range: Value, expected: &str) {
        let fine: Fine = match serde_json::from_value(range.clone()) {
            Ok(f) => f,
            Err(e) => panic!("{e}: {range}"),
        };
        let got = match propose_split(Some("示例"), &fine) {
            Ok(tiers) => tiers
                .iter()
                .map(|tier| {
                    let fine = tier.fine.as_ref().map(|f| {
                        f.components()
                            .iter()
                            .map(|c| c.bounds_text())
                            .collect::<Vec<_>>()
                            .join("/")
                    });
                    format!("{} {}", tier.tier.short_label(), fine.unwrap_or_default())
                })
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected, "for {range}");
    }

    fn range(kind: &str, min: Value, max: Value) -> Value {
        json!({"kind": kind, "base": "基数", "unit": if kind == "fixed" { "CNY" } else { "CNY_per_m2" }, "min": min, "max": max})
    }

    #[test]
    fn fixed_amounts_round_to_readable_steps() {
        check(
            range("fixed", json!(10_000), json!(100_000)),
            "从轻 10000–37000, 一般 37000–73000, 从重 73000–100000",
        );
        check(
            range("fixed", json!(100_000), json!(500_000)),
            "从轻 100000–220000, 一般 220000–380000, 从重 380000–500000",
        );
        check(
            range("fixed", json!(null), json!(5_000)),
            "从轻 0–1500, 一般 1500–3500, 从重 3500–5000",
        );
        check(
            range("fixed", json!(2_000), json!(20_000)),
            "从轻 2000–7000, 一般 7000–15000, 从重 15000–20000",
        );
        check(
            range("fixed", json!(50), json!(1_000)),
            "从轻 50–340, 一般 340–720, 从重 720–1000",
        );
    }

    #[test]
    fn multiples_percentages_and_per_unit() {
        check(
            range("multiple", json!(10), json!(20)),
            "从轻 10–13, 一般 13–17, 从重 17–20",
        );
        check(
            range("multiple", json!(1), json!(3)),
            "从轻 1–1.6, 一般 1.6–2.4, 从重 2.4–3",
        );
        check(
            range("percentage", json!(5), json!(10)),
            "从轻 5–6.5, 一般 6.5–8.5, 从重 8.5–10",
        );
        check(
            range("multiple", json!(0.5), json!(1)),
            "从轻 0.5–0.65, 一般 0.65–0.85, 从重 0.85–1",
        );
        check(
            range("per_unit", json!(0), json!(30)),
            "从轻 0–9, 一般 9–21, 从重 21–30",
        );
        check(
            range("per_unit", json!(100), json!(1_000)),
            "从轻 100–370, 一般 370–730, 从重 730–1000",
        );
        check(
            range("per_unit", json!(1), json!(5)),
            "从轻 1–2.2, 一般 2.2–3.8, 从重 3.8–5",
        );
        check(
            json!({"kind": "multiple", "base": "违法所得", "min": 3, "max": 5,
                   "alt": {"kind": "multiple", "base": "违法经营额", "min": 1, "max": 3}}),
            "从轻 3–3.6/1–1.6, 一般 3.6–4.4/1.6–2.4, 从重 4.4–5/2.4–3",
        );
    }

    #[test]
    fn ranges_that_cannot_be_split() {
        check(
            range("fixed", json!(1_000), json!(null)),
            "the range `1000元以上` has no maximum; a split needs both ends",
        );
        check(
            range("fixed", json!(5_000), json!(1_000)),
            "the range's minimum `5000` is above its maximum `1000`",
        );
        check(
            range("fixed", json!(1), json!(1.1)),
            "the range `1`–`1.1` is too narrow to cut at 30% and 70%",
        );
    }

    #[test]
    fn the_split_reproduces_the_demo_standards() {
        // Every demo range was drawn up by the 30%/70% method.
        for (file, id, discretion) in demo_standards() {
            for view in discretion.range_views() {
                let Some(range) = &view.fine else { continue };
                let proposed = propose_split(view.name, range).unwrap_or_default();
                let proposed: Vec<Option<Fine>> = proposed.into_iter().map(|t| t.fine).collect();
                let written: Vec<Option<Fine>> = view
                    .dividing_tiers()
                    .iter()
                    .map(|(_, t)| {
                        t.fine.clone().map(|mut f| {
                            f.note = None;
                            f
                        })
                    })
                    .collect();
                assert_eq!(proposed, written, "{file}/{id} {:?}", view.name);
            }
        }
    }
}

mod calculator {
    use super::*;

    /// Applies the facts and lists each candidate tier: applicability and amounts.
    fn check(discretion: &Discretion, facts: &[(&str, Amount)], expected: &[&str]) {
        let facts: Facts = facts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        let calculation = discretion.calculate(&facts);
        let got: Vec<String> = calculation
            .candidates()
            .map(|(range, tier)| {
                let amounts: Vec<&str> = tier.amounts.iter().map(|a| a.text.as_str()).collect();
                format!(
                    "{}/{} {:?}: {}{}",
                    range.unwrap_or("-"),
                    tier.key.level.short_label(),
                    tier.applicability,
                    amounts.join(" 或 "),
                    if tier.missing.is_empty() {
                        String::new()
                    } else {
                        format!(" (missing {})", tier.missing.join(", "))
                    }
                )
            })
            .collect();
        assert_eq!(got, expected);
    }

    /// SJ-CF-004 with the goods-value ranges written out as structured data.
    fn food_licence() -> Discretion {
        let mut discretion = demo("v1", "SJ-CF-004-00");
        let condition = |op: Op| Condition {
            metric: "货值金额".to_owned(),
            op,
            value: amount(10_000, 0),
            unit: Some("元".to_owned()),
        };
        let fine = |tier: usize| discretion.tiers[tier].fine.clone().map(|f| f.kind);
        assert_eq!(fine(1), Some(FineKind::Fixed));
        discretion.statutory_ranges = vec![
            StatutoryRange {
                name: "货值金额不足一万元".to_owned(),
                structured_conditions: vec![condition(Op::Less)],
                fine: Fine {
                    kind: FineKind::Fixed,
                    base: None,
                    unit: Some(FineUnit::Yuan),
                    min: Some(amount(50_000, 0)),
                    max: Some(amount(100_000, 0)),
                    note: None,
                    alt: None,
                },
            },
            StatutoryRange {
                name: "货值金额一万元以上".to_owned(),
                structured_conditions: vec![condition(Op::GreaterOrEqual)],
                fine: Fine {
                    kind: FineKind::Multiple,
                    base: Some("货值金额".to_owned()),
                    unit: None,
                    min: Some(amount(10, 0)),
                    max: Some(amount(20, 0)),
                    note: None,
                    alt: None,
                },
            },
        ];
        discretion
    }

    #[test]
    fn structured_range_conditions_choose_the_range() {
        let discretion = food_licence();
        assert!(
            discretion.validate().is_empty(),
            "{:?}",
            discretion.validate()
        );
        check(
            &discretion,
            &[("货值金额", amount(8_000, 0))],
            &[
                "-/减轻 Possibly: 5万元以下",
                "货值金额不足一万元/从轻 Possibly: 5万元至6.5万元",
                "货值金额不足一万元/一般 Possibly: 6.5万元至8.5万元",
                "货值金额不足一万元/从重 Possibly: 8.5万元至10万元",
            ],
        );
        check(
            &discretion,
            &[("货值金额", amount(12_000, 0))],
            &[
                "-/减轻 Possibly: 5万元以下",
                "货值金额一万元以上/从轻 Possibly: 货值金额1.2万元 × 10倍至13倍 = 12万元至15.6万元",
                "货值金额一万元以上/一般 Possibly: 货值金额1.2万元 × 13倍至17倍 = 15.6万元至20.4万元",
                "货值金额一万元以上/从重 Possibly: 货值金额1.2万元 × 17倍至20倍 = 20.4万元至24万元",
            ],
        );
    }

    #[test]
    fn without_structured_conditions_every_tier_is_possible() {
        let discretion = demo("v1", "SJ-CF-004-00");
        check(
            &discretion,
            &[("货值金额", amount(8_000, 0))],
            &[
                "-/减轻 Possibly: 5万元以下",
                "货值金额不足一万元/从轻 Possibly: 5万元至6.5万元",
                "货值金额不足一万元/一般 Possibly: 6.5万元至8.5万元",
                "货值金额不足一万元/从重 Possibly: 8.5万元至10万元",
                "货值金额一万元以上/从轻 Possibly: 货值金额8000元 × 10倍至13倍 = 8万元至10.4万元",
                "货值金额一万元以上/一般 Possibly: 货值金额8000元 × 13倍至17倍 = 10.4万元至13.6万元",
                "货值金额一万元以上/从重 Possibly: 货值金额8000元 × 17倍至20倍 = 13.6万元至16万元",
            ],
        );
    }

    #[test]
    fn per_unit_percentage_and_alternatives() {
        check(
            &demo("v2", "ZR-CF-006-00"),
            &[("非法占用土地面积", amount(120, 0))],
            &[
                "-/从轻 Possibly: 非法占用土地面积120平方米 × 每平方米100元至370元 = 1.2万元至44400元",
                "-/一般 Possibly: 非法占用土地面积120平方米 × 每平方米370元至730元 = 44400元至87600元",
                "-/从重 Possibly: 非法占用土地面积120平方米 × 每平方米730元至1000元 = 87600元至12万元",
            ],
        );
        check(
            &demo("v1", "ZR-CF-009-00"),
            &[("建设工程造价", amount(1_234_567, 2))],
            &[
                "尚可采取改正措施/从轻 Possibly: 建设工程造价12345.67元 × 5%至6.5% = 617.2835元至802.46855元",
                "尚可采取改正措施/一般 Possibly: 建设工程造价12345.67元 × 6.5%至8.5% = 802.46855元至1049.38195元",
                "尚可采取改正措施/从重 Possibly: 建设工程造价12345.67元 × 8.5%至10% = 1049.38195元至1234.567元",
            ],
        );
        let alternatives = demo("v1", "MZ-CF-009-00");
        check(
            &alternatives,
            &[("违法经营额", amount(5_000, 0))],
            &[
                "-/不予处罚 Possibly: ",
                "-/从轻 Possibly: 违法所得3倍至3.6倍（需违法所得） 或 违法经营额5000元 × 1倍至1.6倍 = 5000元至8000元",
                "-/一般 Possibly: 违法所得3.6倍至4.4倍（需违法所得） 或 违法经营额5000元 × 1.6倍至2.4倍 = 8000元至1.2万元",
                "-/从重 Possibly: 违法所得4.4倍至5倍（需违法所得） 或 违法经营额5000元 × 2.4倍至3倍 = 1.2万元至1.5万元",
            ],
        );
        check(
            &alternatives,
            &[],
            &[
                "-/不予处罚 Possibly: ",
                "-/从轻 Possibly: 违法所得3倍至3.6倍（需违法所得） 或 违法经营额1倍至1.6倍（需违法经营额） (missing 违法所得, 违法经营额)",
                "-/一般 Possibly: 违法所得3.6倍至4.4倍（需违法所得） 或 违法经营额1.6倍至2.4倍（需违法经营额） (missing 违法所得, 违法经营额)",
                "-/从重 Possibly: 违法所得4.4倍至5倍（需违法所得） 或 违法经营额2.4倍至3倍（需违法经营额） (missing 违法所得, 违法经营额)",
            ],
        );
    }

    #[test]
    fn tier_conditions_pick_the_tier() {
        let mut discretion = demo("v1", "SJ-CF-007-00");
        let condition = |op: Op, value: i64| Condition {
            metric: "未标价品种数".to_owned(),
            op,
            value: amount(value, 0),
            unit: Some("种".to_owned()),
        };
        discretion.tiers[1].structured_conditions = vec![condition(Op::LessOrEqual, 5)];
        discretion.tiers[2].structured_conditions =
            vec![condition(Op::Greater, 5), condition(Op::LessOrEqual, 20)];
        discretion.tiers[3].structured_conditions = vec![condition(Op::Greater, 20)];
        assert!(discretion.validate().is_empty());
        check(
            &discretion,
            &[("未标价品种数", amount(8, 0))],
            &["-/不予处罚 Possibly: ", "-/一般 Applies: 1500元至3500元"],
        );
        assert_eq!(
            discretion.fact_fields(),
            vec![FactField {
                metric: "未标价品种数".to_owned(),
                unit: Some("种".to_owned())
            }]
        );
    }

    #[test]
    fn the_form_asks_for_bases_and_quantities() {
        let fields: Vec<String> = demo("v1", "MZ-CF-009-00")
            .fact_fields()
            .into_iter()
            .chain(demo("v2", "ZR-CF-006-00").fact_fields())
            .map(|f| format!("{} ({})", f.metric, f.unit.unwrap_or_default()))
            .collect();
        assert_eq!(
            fields,
            [
                "违法所得 (元)",
                "违法经营额 (元)",
                "非法占用土地面积 (平方米)"
            ]
        );
    }
}

mod rendering {
    use super::*;

    /// The tables in a readable text form, for snapshots.
    fn tables_text(discretion: &Discretion) -> String {
        let mut out = String::new();
        for table in discretion.tables() {
            out.push_str(&format!(
                "## {} — 法定幅度 {}{}\n",
                table.name.as_deref().unwrap_or("（未分幅度）"),
                table.statutory.as_deref().unwrap_or("未定"),
                if table.derived {
                    "（由阶次推出）"
                } else {
                    ""
                }
            ));
            for condition in &table.conditions {
                out.push_str(&format!("适用：{condition}\n"));
            }
            for row in &table.rows {
                out.push_str(&format!(
                    "| {}{} | {} | {} | {}{} |\n",
                    row.label,
                    row.name
                        .as_deref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default(),
                    row.conditions.join("；"),
                    row.penalty_types.join("、"),
                    row.fine.as_deref().unwrap_or("不罚款"),
                    row.note
                        .as_deref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default(),
                ));
            }
        }
        out
    }

    fn check(file: &str, id: &str) {
        let discretion = demo(file, id);
        insta::assert_snapshot!(format!("table-{id}"), tables_text(&discretion));
        let scales: Vec<String> = discretion
            .scales("scale")
            .into_iter()
            .map(|svg| svg.unwrap_or_else(|| "(no scale)".to_owned()))
            .collect();
        insta::assert_snapshot!(format!("scale-{id}"), scales.join("\n\n"));
    }

    #[test]
    fn fixed_amounts_in_two_ranges() {
        check("v1", "SJ-CF-005-00");
    }

    #[test]
    fn fixed_and_multiple_of_goods_value() {
        check("v1", "SJ-CF-004-00");
    }

    #[test]
    fn per_unit() {
        check("v2", "ZR-CF-006-00");
    }

    #[test]
    fn multiple_with_alternative() {
        check("v1", "MZ-CF-009-00");
    }

    #[test]
    fn scales_are_accessible_and_deterministic() {
        for (file, id, discretion) in demo_standards() {
            let first = discretion.scales("s");
            assert_eq!(first, discretion.scales("s"), "{file}/{id}");
            for svg in first.iter().flatten() {
                assert!(svg.contains(r#"role="img""#), "{file}/{id}");
                assert!(
                    svg.contains("<title id=") && svg.contains("<desc id="),
                    "{file}/{id}"
                );
                assert!(
                    svg.contains(">从轻</text>") && svg.contains(">从重</text>"),
                    "{file}/{id}"
                );
            }
            assert!(
                first.iter().any(Option::is_some),
                "{file}/{id} draws no scale"
            );
        }
    }

    #[test]
    fn text_from_input_is_escaped() {
        let mut discretion = demo("v1", "SJ-CF-006-00");
        for tier in &mut discretion.tiers {
            tier.statutory_range = Some("<script>&\"".to_owned());
        }
        let svg = discretion
            .scales("s\"><x")
            .into_iter()
            .flatten()
            .collect::<String>();
        assert!(
            !svg.contains("<script>") && svg.contains("&lt;script&gt;&amp;&quot;"),
            "{svg}"
        );
        assert!(svg.contains(r#"id="s---x-1-title""#), "{svg}");
    }
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A generated valid standard and facts to apply it to.
    #[derive(Debug, Clone)]
    struct Case {
        discretion: Discretion,
        facts: Facts,
    }

    const KINDS: [(FineKind, Option<&str>, Option<FineUnit>); 4] = [
        (FineKind::Fixed, None, Some(FineUnit::Yuan)),
        (FineKind::Multiple, Some("货值金额"), None),
        (FineKind::Percentage, Some("违法所得"), None),
        (
            FineKind::PerUnit,
            Some("面积"),
            Some(FineUnit::YuanPerSquareMetre),
        ),
    ];

    fn fine(kind: usize, min: Decimal, max: Decimal) -> Fine {
        let (kind, base, unit) = KINDS[kind % KINDS.len()];
        Fine {
            kind,
            base: base.map(str::to_owned),
            unit,
            min: Some(Amount::new(min)),
            max: Some(Amount::new(max)),
            note: None,
            alt: None,
        }
    }

    fn condition(metric: &str, op: Op, value: Decimal) -> Condition {
        Condition {
            metric: metric.to_owned(),
            op,
            value: Amount::new(value),
            unit: Some("元".to_owned()),
        }
    }

    /// One range: kind, minimum, width, cut points (per mille), whether
    /// written out, whether tiers carry 经营额 thresholds.
    fn range_strategy() -> impl Strategy<Value = (usize, i64, i64, u32, u32, bool, bool)> {
        (
            0usize..4,
            0i64..200_000,
            1i64..1_000_000,
            1u32..999,
            1u32..999,
            any::<bool>(),
            any::<bool>(),
        )
    }

    fn case_strategy() -> impl Strategy<Value = Case> {
        (
            proptest::collection::vec(range_strategy(), 1..3),
            any::<bool>(),
            (0i64..50_000_000, 0u32..3),
            0i64..400_000,
            0i64..2_000_000,
            0i64..5_000,
        )
            .prop_map(
                |(ranges, mitigated, (value, scale), turnover, income, area)| {
                    let names = ["货值金额不足一万元", "货值金额一万元以上"];
                    let mut discretion = Discretion {
                        basis_doc: Some("示例裁量基准".to_owned()),
                        violation: "示例".to_owned(),
                        statutory_penalty: None,
                        source_url: None,
                        statutory_ranges: Vec::new(),
                        tiers: Vec::new(),
                    };
                    let several = ranges.len() > 1;
                    for (r, (kind, min, width, a, b, explicit, thresholds)) in
                        ranges.into_iter().enumerate()
                    {
                        // Amounts with two decimals; cuts strictly inside the range.
                        let min = Decimal::new(min, 2);
                        let max = min + Decimal::new(width, 2);
                        let (a, b) = (a.min(b), a.max(b));
                        let cut = |per_mille: u32| {
                            min + (max - min) * Decimal::new(i64::from(per_mille), 3)
                        };
                        let bounds = [(min, cut(a)), (cut(a), cut(b)), (cut(b), max)];
                        let name = several.then(|| names[r].to_owned());
                        let range_conditions = if several {
                            let op = if r == 0 { Op::Less } else { Op::GreaterOrEqual };
                            vec![condition("货值金额", op, Decimal::from(10_000))]
                        } else {
                            Vec::new()
                        };
                        if explicit || several {
                            discretion.statutory_ranges.push(StatutoryRange {
                                name: name.clone().unwrap_or_else(|| "法定幅度".to_owned()),
                                structured_conditions: range_conditions,
                                fine: fine(kind, min, max),
                            });
                        }
                        let levels = [TierLevel::Lighter, TierLevel::Ordinary, TierLevel::Heavier];
                        for (i, (level, (low, high))) in levels.into_iter().zip(bounds).enumerate()
                        {
                            let structured = if thresholds {
                                let t = |k: i64| Decimal::from(100_000 * k);
                                match i {
                                    0 => vec![condition("经营额", Op::Less, t(1))],
                                    1 => vec![
                                        condition("经营额", Op::GreaterOrEqual, t(1)),
                                        condition("经营额", Op::Less, t(3)),
                                    ],
                                    _ => vec![condition("经营额", Op::GreaterOrEqual, t(3))],
                                }
                            } else {
                                Vec::new()
                            };
                            discretion.tiers.push(Tier {
                                tier: level,
                                name: None,
                                statutory_range: name.clone(),
                                conditions: vec!["示例条件".to_owned()],
                                structured_conditions: structured,
                                penalty_types: Vec::new(),
                                fine: Some(fine(kind, low, high)),
                            });
                        }
                        if mitigated && r == 0 {
                            let mut below = fine(kind, Decimal::ZERO, min);
                            below.min = None;
                            discretion.tiers.push(Tier {
                                tier: TierLevel::Mitigated,
                                name: None,
                                statutory_range: name.clone(),
                                conditions: vec!["主动消除危害后果".to_owned()],
                                structured_conditions: Vec::new(),
                                penalty_types: Vec::new(),
                                fine: Some(below),
                            });
                        }
                    }
                    discretion.tiers.push(Tier {
                        tier: TierLevel::None,
                        name: None,
                        statutory_range: None,
                        conditions: vec!["首违不罚".to_owned()],
                        structured_conditions: Vec::new(),
                        penalty_types: vec!["责令改正".to_owned()],
                        fine: None,
                    });
                    let facts: Facts = [
                        ("货值金额", Decimal::new(value, scale)),
                        ("经营额", Decimal::from(turnover)),
                        ("违法所得", Decimal::from(income)),
                        ("面积", Decimal::from(area)),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), Amount::new(v)))
                    .collect();
                    Case { discretion, facts }
                },
            )
    }

    /// The bounds of `fine` in yuan for the facts, computed independently.
    fn yuan_bounds(fine: &Fine, facts: &Facts) -> Option<(Decimal, Option<Decimal>)> {
        let scale = match fine.kind {
            FineKind::Fixed => Decimal::ONE,
            FineKind::Multiple => facts.get("货值金额")?.value(),
            FineKind::Percentage => facts.get("违法所得")?.value() / Decimal::ONE_HUNDRED,
            FineKind::PerUnit => facts.get("面积")?.value(),
        };
        Some((fine.lower() * scale, fine.upper().map(|max| max * scale)))
    }

    fn inside(amount: &ComputedFine, bounds: (Decimal, Option<Decimal>)) -> bool {
        let (low, high) = bounds;
        let min_ok = amount.min.is_some_and(|min| min.value() >= low);
        let max_ok = match (amount.max, high) {
            (Some(max), Some(high)) => max.value() <= high && amount.min.is_some_and(|m| m <= max),
            (_, None) => true,
            (None, Some(_)) => false,
        };
        min_ok && max_ok
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn amounts_lie_inside_their_tier_and_range(case in case_strategy()) {
            let problems: Vec<String> = case.discretion.validate().iter().map(ToString::to_string).collect();
            prop_assert!(problems.is_empty(), "generated standard is invalid: {problems:#?}");
            let calculation = case.discretion.calculate(&case.facts);
            let views = case.discretion.range_views();
            prop_assert_eq!(calculation.ranges.len(), views.len());
            let mut applying = 0;
            for (range, view) in calculation.ranges.iter().zip(&views) {
                for outcome in &range.tiers {
                    let tier = &case.discretion.tiers[outcome.index];
                    prop_assert_eq!(&outcome.key, &tier.key());
                    if outcome.applicability == Applicability::Applies {
                        applying += 1;
                    }
                    let Some(fine) = &tier.fine else { continue };
                    for (amount, component) in outcome.amounts.iter().zip(fine.components()) {
                        if amount.min.is_none() {
                            continue;
                        }
                        let own = yuan_bounds(component, &case.facts);
                        prop_assert!(own.is_some_and(|b| inside(amount, b)), "{:?} outside its tier {:?}", amount, own);
                        if tier.tier.divides_range() {
                            let statutory = view.fine.as_ref().and_then(|f| yuan_bounds(f, &case.facts));
                            prop_assert!(statutory.is_some_and(|b| inside(amount, b)), "{:?} outside the range {:?}", amount, statutory);
                        }
                    }
                }
            }
            // With 经营额 thresholds on every tier, exactly one tier per applicable range applies.
            let thresholds = case.discretion.tiers.iter().any(|t| !t.structured_conditions.is_empty());
            let ranges_applying = calculation
                .ranges
                .iter()
                .zip(&views)
                .filter(|(r, v)| r.applicability != Applicability::DoesNotApply && !v.dividing_tiers().is_empty())
                .count();
            if thresholds && case.discretion.tiers.iter().filter(|t| t.tier.divides_range()).all(|t| !t.structured_conditions.is_empty()) {
                prop_assert_eq!(applying, ranges_applying);
            }
        }

        #[test]
        fn proposed_splits_are_valid(kind in 0usize..4, min in 0i64..1_000_000, width in 1i64..10_000_000) {
            let range = fine(kind, Decimal::new(min, 1), Decimal::new(min + width, 1));
            if let Ok(mut tiers) = propose_split(None, &range) {
                for tier in &mut tiers {
                    tier.conditions = vec!["示例".to_owned()];
                }
                let discretion = Discretion {
                    basis_doc: None,
                    violation: "示例".to_owned(),
                    statutory_penalty: None,
                    source_url: None,
                    statutory_ranges: vec![StatutoryRange { name: "法定幅度".to_owned(), structured_conditions: Vec::new(), fine: range }],
                    tiers,
                };
                let problems: Vec<String> = discretion.validate().iter().map(ToString::to_string).collect();
                prop_assert!(problems.is_empty(), "{problems:#?}");
            }
        }
    }
}

/// Amounts over [`Amount::MAX`] are refused where they are read (JSON,
/// sheet cells, typed Chinese amounts), so no drawing or calculation sees
/// one that could overflow.
#[test]
fn amounts_over_the_limit_are_refused_on_input() {
    let json = |text: &str| serde_json::from_str::<Amount>(text).map_err(|e| e.to_string());
    assert!(json("1000000000000000").is_ok());
    assert!(json("1000000000000001").is_err_and(|e| e.contains("over the limit")));
    assert!(json("\"79228162514264337593543950335\"").is_err_and(|e| e.contains("over the limit")));
    assert!(json("1e300").is_err());
    assert_eq!(
        crate::discretion::infer::parse_amount("一千万亿亿元"),
        Err(crate::discretion::infer::AmountError::TooLarge)
    );
}
