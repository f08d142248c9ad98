//! Discretion standards (行政裁量权基准): tiers within statutory ranges.
//!
//! Amounts are exact decimals, never floating point: a fine of 1.6 times the
//! goods value must stay 1.6 through every import, export and comparison.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::item::null_as_default;

/// An exact amount: yuan, a multiple, a percentage or yuan per unit.
///
/// Written in JSON as a plain number (`50000`, `1.6`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Wraps a decimal.
    pub fn new(value: Decimal) -> Self {
        Self(value.normalize())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = self.0.normalize();
        if value.scale() == 0
            && let Ok(int) = i64::try_from(value)
        {
            return serializer.serialize_i64(int);
        }
        // Shortest-round-trip formatting of f64 reproduces the decimal text
        // for the amounts lists use (at most 15 significant digits).
        match f64::from_str(&value.to_string()) {
            Ok(float) => serializer.serialize_f64(float),
            Err(_) => serializer.serialize_str(&value.to_string()),
        }
    }
}

struct AmountVisitor;

impl Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount::new(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount::new(Decimal::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        if !v.is_finite() {
            return Err(E::custom("amount is not a finite number"));
        }
        Decimal::from_str(&v.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{v:e}")))
            .map(Amount::new)
            .map_err(|_| E::custom(format!("amount `{v}` is out of range")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        Decimal::from_str(v.trim()).map(Amount::new).map_err(|_| {
            E::custom(format!(
                "`{}` is not a number",
                v.chars().take(40).collect::<String>()
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// The discretion standard of one violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discretion {
    /// The document that sets the standard.
    #[serde(default)]
    pub basis_doc: Option<String>,
    /// 违法行为.
    pub violation: String,
    /// The statutory penalty as the law words it.
    #[serde(default)]
    pub statutory_penalty: Option<String>,
    /// Where the standard was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The tiers, grouped by statutory range when there are several.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tiers: Vec<Tier>,
}

impl Discretion {
    /// The statutory ranges in order of first appearance; `None` stands for
    /// tiers that name no range.
    pub fn ranges(&self) -> Vec<Option<&str>> {
        let mut ranges: Vec<Option<&str>> = Vec::new();
        for tier in &self.tiers {
            let range = tier.statutory_range.as_deref();
            if !ranges.contains(&range) {
                ranges.push(range);
            }
        }
        ranges
    }
}

/// A tier level (裁量阶次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TierLevel {
    /// 不予处罚
    None,
    /// 减轻处罚
    Mitigated,
    /// 从轻处罚
    Lighter,
    /// 一般处罚
    Ordinary,
    /// 从重处罚
    Heavier,
}

impl TierLevel {
    /// The Chinese label, e.g. `从轻处罚`.
    pub fn label(self) -> &'static str {
        match self {
            TierLevel::None => "不予处罚",
            TierLevel::Mitigated => "减轻处罚",
            TierLevel::Lighter => "从轻处罚",
            TierLevel::Ordinary => "一般处罚",
            TierLevel::Heavier => "从重处罚",
        }
    }
}

/// One tier: when it applies and what it allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tier {
    /// The level.
    pub tier: TierLevel,
    /// The label as written in the standard.
    #[serde(default)]
    pub name: Option<String>,
    /// The statutory range this tier divides, e.g. `情节严重`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statutory_range: Option<String>,
    /// Conditions, as written.
    #[serde(default, deserialize_with = "null_as_default")]
    pub conditions: Vec<String>,
    /// Penalty types, e.g. `警告`, `没收违法所得`.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub penalty_types: Vec<String>,
    /// The fine, when the tier sets one.
    #[serde(default)]
    pub fine: Option<Fine>,
}

/// How a fine is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FineKind {
    /// A fixed amount in yuan.
    Fixed,
    /// A multiple of a base (货值金额 × 10–20).
    Multiple,
    /// A percentage of a base.
    Percentage,
    /// Yuan per unit (元/㎡, 元/辆, 元/吨).
    PerUnit,
}

/// The unit of a fine amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FineUnit {
    /// 元
    #[serde(rename = "CNY")]
    Yuan,
    /// 元/平方米
    #[serde(rename = "CNY_per_m2")]
    YuanPerSquareMetre,
    /// 元/亩
    #[serde(rename = "CNY_per_mu")]
    YuanPerMu,
    /// 元/吨
    #[serde(rename = "CNY_per_ton")]
    YuanPerTon,
    /// 元/辆
    #[serde(rename = "CNY_per_vehicle")]
    YuanPerVehicle,
    /// 元/人
    #[serde(rename = "CNY_per_person")]
    YuanPerPerson,
    /// 元/日
    #[serde(rename = "CNY_per_day")]
    YuanPerDay,
    /// 元/件
    #[serde(rename = "CNY_per_piece")]
    YuanPerPiece,
}

impl FineUnit {
    /// What one unit is called, e.g. `平方米`; `None` for plain yuan.
    pub fn per(self) -> Option<&'static str> {
        match self {
            FineUnit::Yuan => None,
            FineUnit::YuanPerSquareMetre => Some("平方米"),
            FineUnit::YuanPerMu => Some("亩"),
            FineUnit::YuanPerTon => Some("吨"),
            FineUnit::YuanPerVehicle => Some("辆"),
            FineUnit::YuanPerPerson => Some("人"),
            FineUnit::YuanPerDay => Some("日"),
            FineUnit::YuanPerPiece => Some("件"),
        }
    }
}

/// A fine: kind, base, unit and bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fine {
    /// How the fine is computed.
    pub kind: FineKind,
    /// The base of a multiple or percentage, e.g. `货值金额`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The unit of `min` and `max` for fixed and per-unit fines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<FineUnit>,
    /// Lower bound; absent when the tier sets no minimum.
    #[serde(default)]
    pub min: Option<Amount>,
    /// Upper bound.
    #[serde(default)]
    pub max: Option<Amount>,
    /// A remark, e.g. why a mitigated fine goes below the statutory minimum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An alternative computation (e.g. by illegal income instead of turnover).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<Box<Fine>>,
}

/// Writes a yuan amount the way lists do: `5万元`, `6.5万元`, `3000元`.
pub fn yuan_to_chinese(amount: Amount) -> String {
    let value = amount.value();
    let wan = Decimal::from(10_000);
    if value >= wan && (value % Decimal::from(1_000)).is_zero() {
        format!("{}万元", (value / wan).normalize())
    } else {
        format!("{}元", value.normalize())
    }
}

impl Fine {
    /// The fine in readable Chinese, e.g. `5万元至6.5万元`, `货值金额10倍至13倍`,
    /// `每平方米100元至1000元`.
    pub fn to_chinese(&self) -> String {
        let range = |fmt_one: &dyn Fn(Amount) -> String| match (self.min, self.max) {
            (Some(min), Some(max)) if min == max => fmt_one(min),
            (Some(min), Some(max)) => format!("{}至{}", fmt_one(min), fmt_one(max)),
            (None, Some(max)) => format!("{}以下", fmt_one(max)),
            (Some(min), None) => format!("{}以上", fmt_one(min)),
            (None, None) => "金额未定".to_owned(),
        };
        let base = self.base.as_deref().unwrap_or("基数");
        let text = match self.kind {
            FineKind::Fixed => range(&|a| yuan_to_chinese(a)),
            FineKind::Multiple => format!("{base}{}", range(&|a| format!("{a}倍"))),
            FineKind::Percentage => format!("{base}{}", range(&|a| format!("{a}%"))),
            FineKind::PerUnit => {
                let per = self.unit.and_then(FineUnit::per).unwrap_or("单位");
                format!("每{per}{}", range(&|a| format!("{a}元")))
            }
        };
        match &self.alt {
            Some(alt) => format!("{text}（或{}）", alt.to_chinese()),
            None => text,
        }
    }

    /// Problems with the bounds, e.g. `min` above `max`.
    pub fn bound_errors(&self) -> Vec<String> {
        let mut errors = Vec::new();
        if let (Some(min), Some(max)) = (self.min, self.max)
            && min > max
        {
            errors.push(format!("fine minimum `{min}` is above its maximum `{max}`"));
        }
        if self.min.is_some_and(|m| m.value().is_sign_negative())
            || self.max.is_some_and(|m| m.value().is_sign_negative())
        {
            errors.push("fine bounds must not be negative".to_owned());
        }
        if let Some(alt) = &self.alt {
            errors.extend(alt.bound_errors().into_iter().map(|e| format!("alt: {e}")));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn unknown_unit_is_rejected() {
        let err = serde_json::from_str::<Fine>(r#"{"kind":"fixed","unit":"USD","min":1,"max":2}"#);
        assert!(err.is_err_and(|e| e.to_string().contains("unknown variant `USD`")));
    }
}
