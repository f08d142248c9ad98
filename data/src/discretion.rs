//! Discretion standards (行政裁量权基准): tiers within statutory ranges.
//!
//! Amounts are exact decimals, never floating point: a fine of 1.6 times the
//! goods value must stay 1.6 through every import, export and comparison.
//!
//! A standard divides one or more **statutory ranges** (法定处罚幅度, e.g.
//! 拒不改正 ¥10,000–100,000 vs 情节严重 ¥100,000–500,000) into tiers. A range
//! is either written out in `statutory_ranges` or, when absent, derived from
//! its 从轻/一般/从重 tiers (see [`Discretion::range_views`]). The submodules
//! check a standard ([`validate`]), propose the customary 30%/70% split
//! ([`split`]), apply it to facts ([`calculate`]) and render it ([`render`]).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::item::null_as_default;

pub mod calculate;
pub mod infer;
pub mod render;
pub mod split;
pub mod validate;

pub use calculate::{
    Applicability, Calculation, ComputedFine, FactField, Facts, RangeOutcome, TierOutcome,
};
pub use render::{RangeTable, TierRow};
pub use split::{SplitError, propose_split};
pub use validate::{DiscretionError, DiscretionProblem};

/// An exact amount: yuan, a multiple, a percentage or yuan per unit.
///
/// Written in JSON as a plain number (`50000`, `1.6`); an amount with more
/// digits than a floating-point number holds exactly is written as a string
/// (`"0.12345678901234567891"`). Both forms are read.
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

    /// The largest amount read from any file or form: 10^15 (a thousand
    /// trillion yuan), far above any fine in law, and small enough that
    /// no sum, difference or scaling in the calculator, the split or the
    /// drawings can overflow a decimal.
    pub const MAX: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

    /// [`Amount::new`] for amounts read from input: `None` when the
    /// magnitude is over [`Amount::MAX`].
    pub fn bounded(value: Decimal) -> Option<Self> {
        (value.abs() <= Self::MAX).then(|| Self::new(value))
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
        // A decimal of at most 15 significant digits and 22 decimal places
        // is what a float parsed from its text prints as, with any JSON
        // reader (serde_json's default one, which divides by an exact power
        // of ten, included); another one is written as a string, which reads
        // back exactly.
        let text = value.to_string();
        let digits = value
            .mantissa()
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d + 1);
        match f64::from_str(&text) {
            Ok(float) if digits <= 15 && value.scale() <= 22 => serializer.serialize_f64(float),
            _ => serializer.serialize_str(&text),
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
        bounded(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        bounded(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        if !v.is_finite() {
            return Err(E::custom("amount is not a finite number"));
        }
        Decimal::from_str(&v.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{v:e}")))
            .map_err(|_| E::custom(format!("amount `{v}` is out of range")))
            .and_then(bounded)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        // Offices write `10万`, `10万元`, `5000元`, `1,000`.
        let plain: String = v.trim().chars().filter(|c| *c != ',').collect();
        let plain = plain.strip_suffix('元').unwrap_or(&plain);
        if let Some(wan) = plain.strip_suffix('万')
            && let Ok(value) = Decimal::from_str(wan.trim())
        {
            return value
                .checked_mul(Decimal::from(10_000))
                .ok_or_else(|| E::custom(format!("amount `{v}` is out of range")))
                .and_then(bounded);
        }
        Decimal::from_str(plain.trim())
            .map_err(|_| {
                E::custom(format!(
                    "`{}` is not a number",
                    v.chars().take(40).collect::<String>()
                ))
            })
            .and_then(bounded)
    }
}

/// An amount read from input, or the error that it is over [`Amount::MAX`].
fn bounded<E: de::Error>(value: Decimal) -> Result<Amount, E> {
    Amount::bounded(value).ok_or_else(|| {
        E::custom(format!(
            "amount `{value}` is over the limit of {}",
            Amount::MAX
        ))
    })
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
    /// The statutory ranges written out; when empty, each range is derived
    /// from its tiers (see [`Discretion::range_views`]).
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub statutory_ranges: Vec<StatutoryRange>,
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

    /// The short label used on scales and in messages, e.g. `从轻`.
    pub fn short_label(self) -> &'static str {
        match self {
            TierLevel::None => "不予处罚",
            TierLevel::Mitigated => "减轻",
            TierLevel::Lighter => "从轻",
            TierLevel::Ordinary => "一般",
            TierLevel::Heavier => "从重",
        }
    }

    /// Whether tiers of this level divide the statutory range (从轻, 一般,
    /// 从重) rather than going below it (减轻) or waiving it (不予处罚).
    pub fn divides_range(self) -> bool {
        matches!(
            self,
            TierLevel::Lighter | TierLevel::Ordinary | TierLevel::Heavier
        )
    }
}

/// One tier: when it applies and what it allows.
///
/// Its `conditions` are read as offices write them: a list of texts, of
/// predicates (`{metric, op, value, unit}`) or both mixed; the predicates
/// go to `structured_conditions`, after those written there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "TierWire")]
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
    /// Conditions as predicates on facts (`经营额 < 100000`), alongside the
    /// text; all of them must hold for the tier to apply.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub structured_conditions: Vec<Condition>,
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

/// [`Tier`] as read: `conditions` may mix texts and predicates.
#[derive(Deserialize)]
struct TierWire {
    tier: TierLevel,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    statutory_range: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    conditions: Vec<ConditionEntry>,
    #[serde(default, deserialize_with = "null_as_default")]
    structured_conditions: Vec<Condition>,
    #[serde(default, deserialize_with = "null_as_default")]
    penalty_types: Vec<String>,
    #[serde(default)]
    fine: Option<Fine>,
}

impl From<TierWire> for Tier {
    fn from(wire: TierWire) -> Self {
        let mut conditions = Vec::new();
        let mut structured_conditions = wire.structured_conditions;
        for entry in wire.conditions {
            match entry {
                ConditionEntry::Text(text) => conditions.push(text),
                ConditionEntry::Predicate(predicate) => {
                    if !structured_conditions.contains(&predicate) {
                        structured_conditions.push(predicate);
                    }
                }
            }
        }
        Tier {
            tier: wire.tier,
            name: wire.name,
            statutory_range: wire.statutory_range,
            conditions,
            structured_conditions,
            penalty_types: wire.penalty_types,
            fine: wire.fine,
        }
    }
}

/// One entry of a tier's `conditions`: a text or a predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum ConditionEntry {
    /// Free text, e.g. `首次违法且危害后果轻微`.
    Text(String),
    /// A predicate, e.g. `{metric: "经营额", op: "<", value: 100000}`.
    Predicate(Condition),
}

impl<'de> Deserialize<'de> for ConditionEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = ConditionEntry;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text or a condition {metric, op, value, unit}")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ConditionEntry, E> {
                Ok(ConditionEntry::Text(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<ConditionEntry, E> {
                Ok(ConditionEntry::Text(v))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ConditionEntry, A::Error> {
                Condition::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(ConditionEntry::Predicate)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
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
///
/// Written as its code (`CNY_per_ton`); read also in the spellings offices
/// use (`CNY_per_t`, `元/吨`, `元/t`, `yuan/ton`, `每吨`): see
/// [`FineUnit::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
    /// Every unit, in the order lists use.
    pub const ALL: [FineUnit; 8] = [
        FineUnit::Yuan,
        FineUnit::YuanPerSquareMetre,
        FineUnit::YuanPerMu,
        FineUnit::YuanPerTon,
        FineUnit::YuanPerVehicle,
        FineUnit::YuanPerPerson,
        FineUnit::YuanPerDay,
        FineUnit::YuanPerPiece,
    ];

    /// The canonical code, e.g. `CNY_per_ton`.
    pub fn code(self) -> &'static str {
        match self {
            FineUnit::Yuan => "CNY",
            FineUnit::YuanPerSquareMetre => "CNY_per_m2",
            FineUnit::YuanPerMu => "CNY_per_mu",
            FineUnit::YuanPerTon => "CNY_per_ton",
            FineUnit::YuanPerVehicle => "CNY_per_vehicle",
            FineUnit::YuanPerPerson => "CNY_per_person",
            FineUnit::YuanPerDay => "CNY_per_day",
            FineUnit::YuanPerPiece => "CNY_per_piece",
        }
    }

    /// A unit in any common spelling: the code (`CNY_per_ton`), its short
    /// forms (`CNY_per_t`, `per_tonne`), Chinese (`元/吨`, `每吨`, `元每吨`)
    /// and symbols (`元/t`, `元/㎡`, `元/m²`, `元/平米`); case and width do
    /// not matter. `None` when the text names no unit we know.
    pub fn parse(text: &str) -> Option<FineUnit> {
        let plain: String = text
            .chars()
            .map(|c| match c {
                // Full-width ASCII to half-width.
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                '÷' => '/',
                other => other,
            })
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if matches!(
            plain.as_str(),
            "cny" | "rmb" | "yuan" | "元" | "人民币" | "元人民币"
        ) {
            return Some(FineUnit::Yuan);
        }
        let per = [
            "cny_per_",
            "cny/",
            "rmb_per_",
            "rmb/",
            "yuan_per_",
            "yuan/",
            "per_",
            "元/",
            "元每",
            "每",
        ]
        .iter()
        .find_map(|prefix| plain.strip_prefix(prefix))?;
        let per = per.strip_suffix("元").unwrap_or(per);
        Some(match per {
            "m2" | "m²" | "sqm" | "square_metre" | "square_meter" | "㎡" | "平方米" | "平米"
            | "平方" => FineUnit::YuanPerSquareMetre,
            "mu" | "亩" => FineUnit::YuanPerMu,
            "t" | "ton" | "tons" | "tonne" | "tonnes" | "吨" => FineUnit::YuanPerTon,
            "vehicle" | "vehicles" | "car" | "辆" | "车" | "辆次" | "车次" => {
                FineUnit::YuanPerVehicle
            }
            "person" | "persons" | "people" | "人" | "人次" | "名" => FineUnit::YuanPerPerson,
            "day" | "days" | "d" | "日" | "天" => FineUnit::YuanPerDay,
            "piece" | "pieces" | "item" | "件" | "个" => FineUnit::YuanPerPiece,
            _ => return None,
        })
    }

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

impl<'de> Deserialize<'de> for FineUnit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        FineUnit::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown fine unit `{}`; expected one of {}",
                text.chars().take(40).collect::<String>(),
                FineUnit::ALL.map(FineUnit::code).join(", ")
            ))
        })
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

impl Fine {
    /// This fine followed by its alternatives (`alt`, `alt.alt`, …).
    pub fn components(&self) -> Vec<&Fine> {
        let mut out = vec![self];
        let mut next = self.alt.as_deref();
        while let Some(fine) = next {
            out.push(fine);
            next = fine.alt.as_deref();
        }
        out
    }

    /// Whether two fines are computed the same way (kind, base and unit), so
    /// their bounds can be compared. A fixed fine without a unit is in yuan.
    pub fn same_measure(&self, other: &Fine) -> bool {
        let unit = |fine: &Fine| match (fine.kind, fine.unit) {
            (FineKind::Fixed, None) => Some(FineUnit::Yuan),
            (_, unit) => unit,
        };
        self.kind == other.kind
            && self.base.as_deref().map(str::trim) == other.base.as_deref().map(str::trim)
            && unit(self) == unit(other)
    }

    /// The lower bound, `0` when the fine sets none (amounts are never negative).
    pub fn lower(&self) -> Decimal {
        self.min.map_or(Decimal::ZERO, Amount::value)
    }

    /// The upper bound; `None` when the fine sets none.
    pub fn upper(&self) -> Option<Decimal> {
        self.max.map(Amount::value)
    }

    /// How the fine is computed, for messages: `fixed`, `multiple of 货值金额`.
    pub fn measure(&self) -> String {
        let base = self.base.as_deref().unwrap_or("an unnamed base");
        match self.kind {
            FineKind::Fixed => "fixed".to_owned(),
            FineKind::Multiple => format!("multiple of {base}"),
            FineKind::Percentage => format!("percentage of {base}"),
            FineKind::PerUnit => match self.unit.and_then(FineUnit::per) {
                Some(per) => format!("per {per}"),
                None => "per unit".to_owned(),
            },
        }
    }

    /// The bounds in a message: `10000–37000`, `≤ 50000`, `≥ 3`.
    pub fn bounds_text(&self) -> String {
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("{min}–{max}"),
            (None, Some(max)) => format!("≤ {max}"),
            (Some(min), None) => format!("≥ {min}"),
            (None, None) => "unbounded".to_owned(),
        }
    }
}

/// A comparison in a structured condition.
///
/// Written as its symbol (`<=`); read also as `≤`, `lte`, `le`, `以下`,
/// `不超过` and the like (see [`Op::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Op {
    /// `<` (不足)
    #[serde(rename = "<")]
    Less,
    /// `<=` (以下)
    #[serde(rename = "<=")]
    LessOrEqual,
    /// `>` (超过)
    #[serde(rename = ">")]
    Greater,
    /// `>=` (以上)
    #[serde(rename = ">=")]
    GreaterOrEqual,
    /// `=` (等于)
    #[serde(rename = "=")]
    Equal,
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Op::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown comparison `{}`; expected <, <=, >, >= or =",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
}

impl Op {
    /// A comparison in any common spelling: symbols (`<`, `≤`, `＜`,
    /// `=<`), short names (`lt`, `lte`, `le`, `gt`, `gte`, `ge`, `eq`) and
    /// the words lists use (`不足`, `以下`, `超过`, `以上`, `等于`).
    pub fn parse(text: &str) -> Option<Op> {
        let plain: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '＜' => '<',
                '＞' => '>',
                '＝' => '=',
                other => other,
            })
            .collect::<String>()
            .to_lowercase();
        Some(match plain.as_str() {
            "<" | "lt" | "less" | "不足" | "不满" | "低于" | "小于" | "未满" | "未达到" => {
                Op::Less
            }
            "<=" | "=<" | "≤" | "⩽" | "lte" | "le" | "以下" | "不超过" | "不高于" | "小于等于" => {
                Op::LessOrEqual
            }
            ">" | "gt" | "greater" | "超过" | "大于" | "高于" => Op::Greater,
            ">=" | "=>" | "≥" | "⩾" | "gte" | "ge" | "以上" | "不少于" | "不低于" | "大于等于"
            | "达到" => Op::GreaterOrEqual,
            "=" | "==" | "eq" | "等于" | "为" => Op::Equal,
            _ => return None,
        })
    }

    /// The operator as written in JSON, e.g. `<=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Less => "<",
            Op::LessOrEqual => "<=",
            Op::Greater => ">",
            Op::GreaterOrEqual => ">=",
            Op::Equal => "=",
        }
    }

    /// Whether `left op right` holds.
    pub fn holds(self, left: Decimal, right: Decimal) -> bool {
        match self {
            Op::Less => left < right,
            Op::LessOrEqual => left <= right,
            Op::Greater => left > right,
            Op::GreaterOrEqual => left >= right,
            Op::Equal => left == right,
        }
    }
}

/// A structured condition (条件谓词): `{metric: "经营额", op: "<", value: 100000, unit: "元"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    /// The fact it tests, e.g. `货值金额`.
    #[serde(alias = "fact", alias = "field")]
    pub metric: String,
    /// The comparison.
    pub op: Op,
    /// The value compared with, in `unit`.
    pub value: Amount,
    /// The unit of the fact and the value, e.g. `元`, `平方米`, `台`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Condition {
    /// Whether the fact satisfies the condition.
    pub fn holds(&self, fact: Amount) -> bool {
        self.op.holds(fact.value(), self.value.value())
    }

    /// The condition as Chinese lists word it: `货值金额不足1万元`,
    /// `面积120平方米以上`.
    pub fn to_chinese(&self) -> String {
        let value = match self.unit.as_deref() {
            Some("元") => yuan_to_chinese(self.value),
            Some(unit) => format!("{}{unit}", self.value),
            None => self.value.to_string(),
        };
        match self.op {
            Op::Less => format!("{}不足{value}", self.metric),
            Op::LessOrEqual => format!("{}{value}以下", self.metric),
            Op::Greater => format!("{}超过{value}", self.metric),
            Op::GreaterOrEqual => format!("{}{value}以上", self.metric),
            Op::Equal => format!("{}为{value}", self.metric),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op.symbol(), self.value)?;
        match &self.unit {
            Some(unit) => write!(f, " {unit}"),
            None => Ok(()),
        }
    }
}

/// A statutory range written out (法定处罚幅度), e.g. 拒不改正: 1万元至10万元.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatutoryRange {
    /// Its name, as tiers refer to it in `statutory_range`.
    pub name: String,
    /// When the range applies, e.g. `货值金额 < 10000 元`.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub structured_conditions: Vec<Condition>,
    /// The bounds the law sets.
    pub fine: Fine,
}

/// The stable key of a tier within a standard: its range and its level.
///
/// Version comparison pairs tiers by this key, so renaming a tier's label or
/// reordering tiers is not mistaken for removing one and adding another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TierKey {
    /// The statutory range the tier names, if any.
    pub range: Option<String>,
    /// The level.
    pub level: TierLevel,
}

impl fmt::Display for TierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.range {
            Some(range) => write!(f, "{range}/{}", self.level.short_label()),
            None => f.write_str(self.level.short_label()),
        }
    }
}

impl Tier {
    /// The tier's stable key.
    pub fn key(&self) -> TierKey {
        TierKey {
            range: self.statutory_range.clone(),
            level: self.tier,
        }
    }

    /// Whether the tier says when it applies, in text or as predicates.
    pub fn has_condition(&self) -> bool {
        !self.structured_conditions.is_empty()
            || self.conditions.iter().any(|c| !c.trim().is_empty())
    }
}

/// One statutory range as the rules see it: explicit or derived, with its tiers.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeView<'a> {
    /// The range's name; `None` for tiers that name no range.
    pub name: Option<&'a str>,
    /// The written-out range, when there is one.
    pub explicit: Option<&'a StatutoryRange>,
    /// Index of the written-out range in `statutory_ranges`.
    pub explicit_index: Option<usize>,
    /// The bounds: the written-out fine, else derived from the tiers.
    pub fine: Option<Fine>,
    /// The tiers of the range with their index in `tiers`, in the author's order.
    pub tiers: Vec<(usize, &'a Tier)>,
}

impl RangeView<'_> {
    /// The range's structured conditions (empty for derived ranges).
    pub fn conditions(&self) -> &[Condition] {
        self.explicit
            .map_or(&[], |range| &range.structured_conditions)
    }

    /// The 从轻/一般/从重 tiers in level order (author's order within a level).
    pub fn dividing_tiers(&self) -> Vec<(usize, &Tier)> {
        let mut tiers: Vec<(usize, &Tier)> = self
            .tiers
            .iter()
            .filter(|(_, tier)| tier.tier.divides_range())
            .copied()
            .collect();
        tiers.sort_by_key(|(index, tier)| (tier.tier, *index));
        tiers
    }

    /// The range as messages name it: ``range `拒不改正` `` or `the statutory range`.
    pub fn label(&self) -> String {
        match self.name {
            Some(name) => format!("range `{name}`"),
            None => "the statutory range".to_owned(),
        }
    }
}

impl Discretion {
    /// Every tier's stable key, in the order of `tiers`.
    pub fn tier_keys(&self) -> Vec<TierKey> {
        self.tiers.iter().map(Tier::key).collect()
    }

    /// The statutory ranges with their tiers: first those the tiers name, in
    /// order of first appearance (as [`Discretion::ranges`]), then written-out
    /// ranges no tier names.
    ///
    /// A range's bounds are its entry in `statutory_ranges` when there is one.
    /// Otherwise they are derived from its 从轻/一般/从重 tiers: the lowest
    /// minimum and the highest maximum among the tiers whose fine is computed
    /// like the lowest tier's, component by component (a fine and its `alt`).
    /// Tiers that name no range take the only written-out range when the
    /// standard has exactly one.
    pub fn range_views(&self) -> Vec<RangeView<'_>> {
        let explicit = |name: Option<&str>| -> Option<(usize, &StatutoryRange)> {
            match name {
                Some(name) => self
                    .statutory_ranges
                    .iter()
                    .enumerate()
                    .find(|(_, range)| range.name.trim() == name.trim()),
                None if self.statutory_ranges.len() == 1 => {
                    self.statutory_ranges.first().map(|range| (0, range))
                }
                None => None,
            }
        };
        let mut views: Vec<RangeView<'_>> = self
            .ranges()
            .into_iter()
            .map(|name| {
                let tiers: Vec<(usize, &Tier)> = self
                    .tiers
                    .iter()
                    .enumerate()
                    .filter(|(_, tier)| tier.statutory_range.as_deref() == name)
                    .collect();
                let written = explicit(name);
                let fine = match written {
                    Some((_, range)) => Some(range.fine.clone()),
                    None => derive_range(tiers.iter().map(|(_, tier)| *tier)),
                };
                RangeView {
                    name: name.or(written.map(|(_, range)| range.name.as_str())),
                    explicit: written.map(|(_, range)| range),
                    explicit_index: written.map(|(index, _)| index),
                    fine,
                    tiers,
                }
            })
            .collect();
        for (index, range) in self.statutory_ranges.iter().enumerate() {
            if !views.iter().any(|view| view.explicit_index == Some(index)) {
                views.push(RangeView {
                    name: Some(range.name.as_str()),
                    explicit: Some(range),
                    explicit_index: Some(index),
                    fine: Some(range.fine.clone()),
                    tiers: Vec::new(),
                });
            }
        }
        views
    }
}

/// Derives a range's bounds from its 从轻/一般/从重 tiers; `None` when none
/// of them sets a fine.
pub(crate) fn derive_range<'a>(tiers: impl Iterator<Item = &'a Tier>) -> Option<Fine> {
    let mut dividing: Vec<&Fine> = Vec::new();
    let mut sorted: Vec<&Tier> = tiers.filter(|tier| tier.tier.divides_range()).collect();
    sorted.sort_by_key(|tier| tier.tier);
    for tier in sorted {
        if let Some(fine) = &tier.fine {
            dividing.push(fine);
        }
    }
    let reference = *dividing.first()?;
    let components: Vec<Vec<&Fine>> = dividing.iter().map(|fine| fine.components()).collect();
    let mut derived: Vec<Fine> = Vec::new();
    for (position, pattern) in reference.components().into_iter().enumerate() {
        let matching: Vec<&Fine> = components
            .iter()
            .filter_map(|chain| chain.get(position).copied())
            .filter(|fine| fine.same_measure(pattern))
            .collect();
        let min = matching
            .iter()
            .map(|fine| fine.min)
            .try_fold(None::<Amount>, |low, min| {
                min.map(|min| Some(low.map_or(min, |low| low.min(min))))
            })
            .flatten();
        let max = matching
            .iter()
            .map(|fine| fine.max)
            .try_fold(None::<Amount>, |high, max| {
                max.map(|max| Some(high.map_or(max, |high| high.max(max))))
            })
            .flatten();
        derived.push(Fine {
            kind: pattern.kind,
            base: pattern.base.clone(),
            unit: pattern.unit,
            min,
            max,
            note: None,
            alt: None,
        });
    }
    let mut chain = derived.into_iter().rev();
    let mut fine = chain.next()?;
    for mut outer in chain {
        outer.alt = Some(Box::new(fine));
        fine = outer;
    }
    Some(fine)
}

#[cfg(test)]
mod tests;
