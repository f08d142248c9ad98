//! Structured conditions inferred from text: `货值金额不足一万元` becomes
//! `货值金额 < 10000 元`, so the calculator can place facts in a statutory
//! range that the author named but did not structure.
//!
//! Inference is deliberately narrow. A text is read only when the whole of
//! it is one comparison (`<metric>不足<amount>`, `<metric><amount>以上`,
//! `以下`, `以内`); a tier's text is used only when every one of its
//! conditions reads that way, so nothing the text says is silently dropped.
//! Whatever is inferred is reported, so the UI can say it was inferred.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::calculate::{Applicability, Calculation, FactField, Facts};
use super::{Amount, Condition, Discretion, Op};

/// Why a number a person typed could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was typed.
    #[error("no amount given")]
    Empty,
    /// The text is not a number.
    #[error("not a number")]
    NotANumber,
    /// The number is below zero.
    #[error("amount is negative")]
    Negative,
    /// The number is too large to compute with.
    #[error("amount is too large")]
    TooLarge,
}

/// Reads an amount as people write it: `8000`, `8,000`, `1.5万`, `一万元`,
/// `五千`, `十万元`, full-width digits, an optional `元` or `¥`.
///
/// The result is never negative: `-5` is [`AmountError::Negative`].
pub fn parse_amount(text: &str) -> Result<Amount, AmountError> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(half_width)
        .collect();
    let text = text.trim_start_matches(['¥', '￥']);
    let text = text.strip_suffix("人民币").unwrap_or(text);
    let text = text.strip_suffix('元').unwrap_or(text);
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let (negative, digits) = match text.strip_prefix(['-', '负']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let value = parse_number(digits)?;
    if negative && !value.is_zero() {
        return Err(AmountError::Negative);
    }
    Amount::bounded(value).ok_or(AmountError::TooLarge)
}

/// Full-width digits and punctuation as their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => {
            char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
        }
        '．' => '.',
        '，' => ',',
        '－' | '−' => '-',
        '＋' => '+',
        other => other,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// A unit within a section (十, 百, 千) or a section marker (万, 亿).
fn chinese_unit(c: char) -> Option<(i64, bool)> {
    Some(match c {
        '十' | '拾' => (10, false),
        '百' | '佰' => (100, false),
        '千' | '仟' => (1_000, false),
        '万' => (10_000, true),
        '亿' => (100_000_000, true),
        _ => return None,
    })
}

/// Parses a non-negative number written with ASCII digits (commas allowed
/// between them), Chinese numerals, or digits followed by `万`/`千`.
fn parse_number(text: &str) -> Result<Decimal, AmountError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let overflow = |v: Option<Decimal>| v.ok_or(AmountError::TooLarge);
    // The sum of finished 万/亿 sections, the current section, the number
    // waiting for its unit, and the last unit (for `一万五` = 15000).
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut pending: Option<(Decimal, bool)> = None;
    let mut last_unit: Option<Decimal> = None;
    let mut seen_any = false;
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        if c.is_ascii_digit() || c == '.' {
            let start = index;
            while chars
                .get(index)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            {
                index += 1;
            }
            let literal: String = chars[start..index].iter().collect();
            if pending.is_some() || literal.starts_with(',') || literal.ends_with(',') {
                return Err(AmountError::NotANumber);
            }
            let literal = literal.replace(',', "");
            let value = Decimal::from_str(&literal).map_err(|_| AmountError::NotANumber)?;
            pending = Some((value, false));
            seen_any = true;
            continue;
        }
        if let Some(digit) = chinese_digit(c) {
            if pending.is_some() {
                return Err(AmountError::NotANumber);
            }
            if digit == 0 {
                // 零 only separates: `一百零五`.
                last_unit = None;
            } else {
                pending = Some((Decimal::from(digit), true));
            }
            seen_any = true;
        } else if let Some((unit, is_section)) = chinese_unit(c) {
            let unit = Decimal::from(unit);
            let number = pending.take().map(|(value, _)| value);
            if is_section {
                let value = overflow(section.checked_add(number.unwrap_or(Decimal::ZERO)))?;
                if value.is_zero() && total.is_zero() {
                    return Err(AmountError::NotANumber);
                }
                if unit > Decimal::from(10_000) {
                    total = overflow(total.checked_add(value).and_then(|t| t.checked_mul(unit)))?;
                } else {
                    total = overflow(value.checked_mul(unit).and_then(|v| total.checked_add(v)))?;
                }
                section = Decimal::ZERO;
            } else {
                // A bare `十` at the start means ten.
                let number = match number {
                    Some(number) => number,
                    None if !seen_any => Decimal::ONE,
                    None => return Err(AmountError::NotANumber),
                };
                section = overflow(
                    number
                        .checked_mul(unit)
                        .and_then(|v| section.checked_add(v)),
                )?;
            }
            last_unit = Some(unit);
            seen_any = true;
        } else {
            return Err(AmountError::NotANumber);
        }
        index += 1;
    }
    if let Some((value, chinese)) = pending {
        // A Chinese digit right after a unit counts in the next smaller unit:
        // `一万五` is 15000, `三千五` 3500, `二十五` 25.
        let value = match last_unit {
            Some(unit) if chinese && unit >= Decimal::TEN => {
                overflow(value.checked_mul(unit / Decimal::TEN))?
            }
            _ => value,
        };
        section = overflow(section.checked_add(value))?;
    }
    if !seen_any {
        return Err(AmountError::NotANumber);
    }
    overflow(total.checked_add(section))
}

/// Units an amount in a condition may carry, longest first.
const UNITS: [&str; 15] = [
    "平方米",
    "立方米",
    "公斤",
    "千克",
    "元",
    "亩",
    "吨",
    "辆",
    "人",
    "日",
    "天",
    "件",
    "台",
    "套",
    "个",
];

/// Reads one amount with an optional unit: `一万元` → (10000, `元`).
fn amount_with_unit(text: &str) -> Option<(Amount, Option<String>)> {
    let (number, unit) = UNITS
        .iter()
        .find_map(|unit| text.strip_suffix(unit).map(|rest| (rest, Some(*unit))))
        .unwrap_or((text, None));
    // Units are measured, never written as part of the number (`一万元`, not `元一万`).
    if number.is_empty() || number.starts_with(['-', '+', '负']) {
        return None;
    }
    let value = parse_number(number).ok()?;
    Some((Amount::bounded(value)?, unit.map(str::to_owned)))
}

/// Whether `text` can name a metric: a few characters without digits,
/// numerals that start it, or punctuation.
fn is_metric(text: &str) -> bool {
    let count = text.chars().count();
    (1..=16).contains(&count)
        && text.chars().all(|c| {
            c.is_alphabetic() && !c.is_ascii_digit() || matches!(c, '（' | '）' | '(' | ')')
        })
        && !text.starts_with(|c: char| chinese_digit(c).is_some() || chinese_unit(c).is_some())
}

/// Reads one comparison written in words, the whole of `text`:
/// `<metric>不足<amount>` (`<`), `<metric><amount>以上` (`>=`),
/// `<metric><amount>以下` or `以内` (`<=`). `None` when the text says more
/// than that, or something else.
pub fn infer_condition(text: &str) -> Option<Condition> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(half_width)
        .collect();
    let text = text.trim_end_matches(['。', '；', ';', '，', ',', '的']);
    let (metric, amount, op) = if let Some((metric, amount)) =
        text.split_once("不足").or_else(|| text.split_once("不满"))
    {
        (metric, amount_with_unit(amount)?, Op::Less)
    } else {
        let (rest, op) = [
            ("以上", Op::GreaterOrEqual),
            ("以下", Op::LessOrEqual),
            ("以内", Op::LessOrEqual),
        ]
        .iter()
        .find_map(|(word, op)| text.strip_suffix(word).map(|rest| (rest, *op)))?;
        // The amount is the longest tail that reads as one; the metric is
        // what comes before it.
        let split = rest
            .char_indices()
            .map(|(at, _)| at)
            .find(|&at| amount_with_unit(&rest[at..]).is_some() && is_metric(&rest[..at]))?;
        (&rest[..split], amount_with_unit(&rest[split..])?, op)
    };
    if !is_metric(metric) {
        return None;
    }
    let (value, unit) = amount;
    Some(Condition {
        metric: metric.to_owned(),
        op,
        value,
        unit,
    })
}

/// Where an inferred condition was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InferredFrom {
    /// The name of a statutory range, e.g. `货值金额不足一万元`.
    Range(String),
    /// The text conditions of the tier at this index in `tiers`.
    Tier(usize),
}

/// A condition read from text, with the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferredCondition {
    /// Where it was read.
    pub from: InferredFrom,
    /// The text as written.
    pub text: String,
    /// The condition read.
    pub condition: Condition,
}

/// A standard with the conditions its text implies, ready for the calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    /// The standard; tiers whose conditions were all read carry them as
    /// structured conditions.
    pub discretion: Discretion,
    /// Everything that was inferred, ranges first.
    pub conditions: Vec<InferredCondition>,
}

impl Discretion {
    /// The conditions this standard's text implies where it gives none:
    /// from the name of each statutory range without structured conditions,
    /// and from the text of each tier without structured conditions when
    /// every one of its conditions reads as a comparison.
    pub fn with_inferred_conditions(&self) -> Inferred {
        let mut conditions = Vec::new();
        for view in self.range_views() {
            if !view.conditions().is_empty() {
                continue;
            }
            if let Some(name) = view.name
                && let Some(condition) = infer_condition(name)
            {
                conditions.push(InferredCondition {
                    from: InferredFrom::Range(name.to_owned()),
                    text: name.to_owned(),
                    condition,
                });
            }
        }
        let mut discretion = self.clone();
        for (index, tier) in discretion.tiers.iter_mut().enumerate() {
            let texts: Vec<&String> = tier
                .conditions
                .iter()
                .filter(|text| !text.trim().is_empty())
                .collect();
            if !tier.structured_conditions.is_empty() || texts.is_empty() {
                continue;
            }
            let read: Option<Vec<Condition>> =
                texts.iter().map(|text| infer_condition(text)).collect();
            if let Some(read) = read {
                for (text, condition) in texts.iter().zip(&read) {
                    conditions.push(InferredCondition {
                        from: InferredFrom::Tier(index),
                        text: (*text).clone(),
                        condition: condition.clone(),
                    });
                }
                tier.structured_conditions = read;
            }
        }
        Inferred {
            discretion,
            conditions,
        }
    }
}

impl Inferred {
    /// The conditions inferred for the statutory range of this name.
    pub fn range_conditions(&self, name: &str) -> Vec<&Condition> {
        self.conditions
            .iter()
            .filter(|c| matches!(&c.from, InferredFrom::Range(range) if range == name))
            .map(|c| &c.condition)
            .collect()
    }

    /// The facts the calculator asks for: those of inferred range
    /// conditions first, then [`Discretion::fact_fields`].
    pub fn fact_fields(&self) -> Vec<FactField> {
        let mut fields: Vec<FactField> = Vec::new();
        let ranges = self
            .conditions
            .iter()
            .filter(|c| matches!(c.from, InferredFrom::Range(_)))
            .map(|c| FactField {
                metric: c.condition.metric.clone(),
                unit: c.condition.unit.clone(),
            });
        for field in ranges.chain(self.discretion.fact_fields()) {
            if !fields.iter().any(|f| f.metric == field.metric) {
                fields.push(field);
            }
        }
        fields
    }

    /// Applies the standard to the facts like [`Discretion::calculate`],
    /// also judging statutory ranges by their inferred conditions.
    ///
    /// A tier with text conditions but no structured ones of its own is at
    /// most [`Applicability::Possibly`]: its range may apply, but whether
    /// the tier does depends on circumstances only the text describes.
    pub fn calculate(&self, facts: &Facts) -> Calculation {
        let mut calculation = self.discretion.calculate(facts);
        for range in &mut calculation.ranges {
            let inferred: Vec<Condition> = range
                .name
                .as_deref()
                .map(|name| self.range_conditions(name).into_iter().cloned().collect())
                .unwrap_or_default();
            let has_inferred = !inferred.is_empty();
            let mut range_applicability = range.applicability;
            let (mut met, mut failed, mut missing) = (Vec::new(), Vec::new(), Vec::new());
            if has_inferred {
                for condition in inferred {
                    match facts.get(condition.metric.trim()) {
                        Some(fact) if condition.holds(*fact) => met.push(condition),
                        Some(_) => failed.push(condition),
                        None => missing.push(condition.metric.trim().to_owned()),
                    }
                }
                range_applicability = if !failed.is_empty() {
                    Applicability::DoesNotApply
                } else if missing.is_empty() {
                    Applicability::Applies
                } else {
                    Applicability::Possibly
                };
                range.applicability = range_applicability;
            }
            for tier in &mut range.tiers {
                let text_only = self
                    .discretion
                    .tiers
                    .get(tier.index)
                    .is_some_and(|t| t.structured_conditions.is_empty() && t.has_condition());
                tier.met.extend(met.iter().cloned());
                tier.failed.extend(failed.iter().cloned());
                for metric in &missing {
                    if !tier.missing.contains(metric) {
                        tier.missing.push(metric.clone());
                    }
                }
                tier.applicability = if range_applicability == Applicability::DoesNotApply
                    || tier.applicability == Applicability::DoesNotApply
                {
                    Applicability::DoesNotApply
                } else if tier.applicability == Applicability::Applies
                    && (!has_inferred || range_applicability == Applicability::Applies)
                    && !text_only
                {
                    Applicability::Applies
                } else {
                    Applicability::Possibly
                };
            }
        }
        calculation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        match Decimal::from_str(text) {
            Ok(value) => Amount::new(value),
            Err(e) => panic!("bad test amount {text}: {e}"),
        }
    }

    mod amounts {
        use super::*;

        fn check(input: &str, expected: Result<&str, AmountError>) {
            assert_eq!(parse_amount(input), expected.map(amount), "case {input:?}");
        }

        #[test]
        fn reads_amounts_as_people_write_them() {
            check("8000", Ok("8000"));
            check(" 8000 ", Ok("8000"));
            check("8,000", Ok("8000"));
            check("10,000元", Ok("10000"));
            check("1.5万", Ok("15000"));
            check("1.5万元", Ok("15000"));
            check("0.5", Ok("0.5"));
            check("８０００", Ok("8000"));
            check("¥8000", Ok("8000"));
            check("一万元", Ok("10000"));
            check("五千元", Ok("5000"));
            check("十万元", Ok("100000"));
            check("十", Ok("10"));
            check("二十五", Ok("25"));
            check("一百零五", Ok("105"));
            check("一万五", Ok("15000"));
            check("三千五百", Ok("3500"));
            check("两万", Ok("20000"));
            check("一亿五千万", Ok("150000000"));
            check("5万", Ok("50000"));
            check("1万5000", Ok("15000"));
            check("0", Ok("0"));
            check("-0", Ok("0"));
        }

        #[test]
        fn rejects_what_is_not_an_amount() {
            check("", Err(AmountError::Empty));
            check("   ", Err(AmountError::Empty));
            check("元", Err(AmountError::Empty));
            check("abc", Err(AmountError::NotANumber));
            check("8000abc", Err(AmountError::NotANumber));
            check("1.2.3", Err(AmountError::NotANumber));
            check(",8000", Err(AmountError::NotANumber));
            check("8000,", Err(AmountError::NotANumber));
            check("万", Err(AmountError::NotANumber));
            check("一二", Err(AmountError::NotANumber));
            check("8000 一", Err(AmountError::NotANumber));
            check("-5", Err(AmountError::Negative));
            check("－8000", Err(AmountError::Negative));
            check("-abc", Err(AmountError::NotANumber));
            check(
                "99999999999999999999999999999",
                Err(AmountError::NotANumber),
            );
            check("9999999999999999999亿亿", Err(AmountError::TooLarge));
        }
    }

    mod conditions {
        use super::*;

        fn check(input: &str, expected: Option<(&str, Op, &str, Option<&str>)>) {
            let expected = expected.map(|(metric, op, value, unit)| Condition {
                metric: metric.to_owned(),
                op,
                value: amount(value),
                unit: unit.map(str::to_owned),
            });
            assert_eq!(infer_condition(input), expected, "case {input:?}");
        }

        #[test]
        fn reads_comparisons_written_in_words() {
            check(
                "货值金额不足一万元",
                Some(("货值金额", Op::Less, "10000", Some("元"))),
            );
            check(
                "货值金额一万元以上",
                Some(("货值金额", Op::GreaterOrEqual, "10000", Some("元"))),
            );
            check(
                "货值金额不足1.5万元",
                Some(("货值金额", Op::Less, "15000", Some("元"))),
            );
            check(
                "违法经营额10,000元以下",
                Some(("违法经营额", Op::LessOrEqual, "10000", Some("元"))),
            );
            check(
                "违法所得五千元以内",
                Some(("违法所得", Op::LessOrEqual, "5000", Some("元"))),
            );
            check(
                "经营额不满十万元",
                Some(("经营额", Op::Less, "100000", Some("元"))),
            );
            check(
                "货值金额不足一万元的",
                Some(("货值金额", Op::Less, "10000", Some("元"))),
            );
            check(
                "非法占用土地面积1亩以上",
                Some(("非法占用土地面积", Op::GreaterOrEqual, "1", Some("亩"))),
            );
            check(
                "面积120平方米以下",
                Some(("面积", Op::LessOrEqual, "120", Some("平方米"))),
            );
            check(
                "设备3台以上",
                Some(("设备", Op::GreaterOrEqual, "3", Some("台"))),
            );
            check(
                "人数8000以上",
                Some(("人数", Op::GreaterOrEqual, "8000", None)),
            );
        }

        #[test]
        fn leaves_other_texts_alone() {
            check("拒不改正", None);
            check("情节严重", None);
            check("尚可采取改正措施", None);
            check("不具有从轻、从重情节", None);
            check("经营时间较短（示例：不足1个月）且已停止经营", None);
            check("拒不改正，经营额不满10万元且未造成危害后果", None);
            check("不足一万元", None);
            check("一万元以上", None);
            check("货值金额不足", None);
            check("货值金额较大以上", None);
            check("货值金额不足abc", None);
            check("货值金额不足-5元", None);
            check("", None);
        }
    }

    mod standards {
        use super::*;
        use crate::discretion::Tier;

        const SAMPLE: &str = include_str!("../../demo/sample.json");

        fn food_licence() -> Discretion {
            let value: serde_json::Value =
                serde_json::from_str(SAMPLE).unwrap_or(serde_json::Value::Null);
            value["items"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|item| item["item_id"] == "SJ-CF-004-00")
                .and_then(|item| serde_json::from_value(item["discretion"].clone()).ok())
                .unwrap_or_else(|| panic!("SJ-CF-004-00 has no discretion standard"))
        }

        fn facts(pairs: &[(&str, &str)]) -> Facts {
            pairs
                .iter()
                .map(|(metric, value)| ((*metric).to_owned(), amount(value)))
                .collect()
        }

        /// Each range by name (`-` for none) with its applicability and its
        /// tiers' short labels and applicability.
        fn check(discretion: &Discretion, facts: &Facts, expected: &[&str]) {
            let calculation = discretion.with_inferred_conditions().calculate(facts);
            let got: Vec<String> = calculation
                .ranges
                .iter()
                .map(|range| {
                    let tiers: Vec<String> = range
                        .tiers
                        .iter()
                        .map(|t| format!("{}:{:?}", t.key.level.short_label(), t.applicability))
                        .collect();
                    format!(
                        "{} {:?} [{}]",
                        range.name.as_deref().unwrap_or("-"),
                        range.applicability,
                        tiers.join(" ")
                    )
                })
                .collect();
            assert_eq!(got, expected, "facts {facts:?}");
        }

        #[test]
        fn food_licence_ranges_are_placed_by_goods_value() {
            let discretion = food_licence();
            check(
                &discretion,
                &facts(&[("货值金额", "8000")]),
                &[
                    "- Possibly [减轻:Possibly]",
                    "货值金额不足一万元 Applies [从轻:Possibly 一般:Possibly 从重:Possibly]",
                    "货值金额一万元以上 DoesNotApply [从轻:DoesNotApply 一般:DoesNotApply 从重:DoesNotApply]",
                ],
            );
            check(
                &discretion,
                &facts(&[("货值金额", "10000")]),
                &[
                    "- Possibly [减轻:Possibly]",
                    "货值金额不足一万元 DoesNotApply [从轻:DoesNotApply 一般:DoesNotApply 从重:DoesNotApply]",
                    "货值金额一万元以上 Applies [从轻:Possibly 一般:Possibly 从重:Possibly]",
                ],
            );
            check(
                &discretion,
                &facts(&[]),
                &[
                    "- Possibly [减轻:Possibly]",
                    "货值金额不足一万元 Possibly [从轻:Possibly 一般:Possibly 从重:Possibly]",
                    "货值金额一万元以上 Possibly [从轻:Possibly 一般:Possibly 从重:Possibly]",
                ],
            );
        }

        #[test]
        fn food_licence_reports_what_it_inferred() {
            let inferred = food_licence().with_inferred_conditions();
            let got: Vec<String> = inferred
                .conditions
                .iter()
                .map(|c| format!("{:?} {} → {}", c.from, c.text, c.condition))
                .collect();
            assert_eq!(
                got,
                [
                    "Range(\"货值金额不足一万元\") 货值金额不足一万元 → 货值金额 < 10000 元",
                    "Range(\"货值金额一万元以上\") 货值金额一万元以上 → 货值金额 >= 10000 元",
                ]
            );
            let fields: Vec<String> = inferred
                .fact_fields()
                .into_iter()
                .map(|f| format!("{}/{}", f.metric, f.unit.unwrap_or_default()))
                .collect();
            assert_eq!(fields, ["货值金额/元"]);
        }

        #[test]
        fn tiers_whose_every_condition_reads_are_judged() {
            let tier = |level: &str, conditions: &[&str]| -> Tier {
                let json = serde_json::json!({
                    "tier": level,
                    "conditions": conditions,
                    "fine": {"kind": "fixed", "unit": "CNY", "min": 1000, "max": 2000},
                });
                serde_json::from_value(json).unwrap_or_else(|e| panic!("bad tier: {e}"))
            };
            let discretion = Discretion {
                basis_doc: None,
                violation: "示例".to_owned(),
                statutory_penalty: None,
                source_url: None,
                statutory_ranges: Vec::new(),
                tiers: vec![
                    tier("LIGHTER", &["违法所得不足五千元"]),
                    tier("ORDINARY", &["违法所得五千元以上", "不具有从轻、从重情节"]),
                ],
            };
            check(
                &discretion,
                &facts(&[("违法所得", "3000")]),
                &["- Possibly [从轻:Applies 一般:Possibly]"],
            );
            check(
                &discretion,
                &facts(&[("违法所得", "8000")]),
                &["- Possibly [从轻:DoesNotApply 一般:Possibly]"],
            );
        }
    }
}
