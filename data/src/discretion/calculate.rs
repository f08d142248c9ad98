//! The fine calculator: which tiers apply to given facts, and the amounts
//! in yuan they allow, with the basis cited.
//!
//! Amounts are exact: a multiple of 8000 yuan by 1.6 is 12800, not a float
//! near it. Nothing is rounded, so every amount lies inside its tier.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    Amount, Condition, Discretion, Fine, FineKind, FineUnit, RangeView, TierKey, yuan_to_chinese,
};

/// The facts a citizen enters, by metric name (`货值金额` → 8000, `非法占用土地面积` → 120).
///
/// Money is in yuan; quantities in the unit the fine or condition names.
pub type Facts = BTreeMap<String, Amount>;

/// Whether a range or a tier applies to the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Every structured condition holds (and there is at least one).
    Applies,
    /// No structured condition fails, but some are not decided by the facts,
    /// or there are none: judge by the text.
    Possibly,
    /// A structured condition fails.
    DoesNotApply,
}

/// A fact the calculator can use, for building its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactField {
    /// The metric, e.g. `货值金额`.
    pub metric: String,
    /// Its unit, e.g. `元`, `平方米`.
    pub unit: Option<String>,
}

/// The result of applying a standard to facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Calculation {
    /// The document that sets the standard.
    pub basis_doc: Option<String>,
    /// The statutory penalty as the law words it.
    pub statutory_penalty: Option<String>,
    /// One outcome per statutory range, in [`Discretion::range_views`] order.
    pub ranges: Vec<RangeOutcome>,
}

/// How one statutory range fares.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeOutcome {
    /// The range's name.
    pub name: Option<String>,
    /// By the range's own structured conditions.
    pub applicability: Applicability,
    /// The statutory bounds, when known.
    pub statutory: Option<Fine>,
    /// Its tiers, in the author's order.
    pub tiers: Vec<TierOutcome>,
}

/// How one tier fares.
#[derive(Debug, Clone, PartialEq)]
pub struct TierOutcome {
    /// The tier's stable key.
    pub key: TierKey,
    /// Its index in `tiers`.
    pub index: usize,
    /// By the range's and the tier's structured conditions together.
    pub applicability: Applicability,
    /// Conditions that hold.
    pub met: Vec<Condition>,
    /// Conditions that fail.
    pub failed: Vec<Condition>,
    /// Metrics the conditions or the fine need that the facts lack.
    pub missing: Vec<String>,
    /// The fine and each alternative, computed where the facts allow.
    pub amounts: Vec<ComputedFine>,
    /// The basis cited, e.g. `示范县…裁量基准：货值金额不足一万元，从轻处罚`.
    pub basis: String,
}

/// One fine (or alternative) applied to the facts.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedFine {
    /// The fine as the standard writes it (without its alternatives).
    pub fine: Fine,
    /// The fact it is computed from (`货值金额`, 8000), none for fixed fines.
    pub fact: Option<(String, Amount)>,
    /// The lowest amount in yuan; `None` when a needed fact is missing or the
    /// product is too large.
    pub min: Option<Amount>,
    /// The highest amount in yuan; `None` also when the fine sets no maximum.
    pub max: Option<Amount>,
    /// The computation in words: `货值金额8000元 × 10倍至13倍 = 8万元至10.4万元`.
    pub text: String,
}

impl Discretion {
    /// The facts the structured conditions and the fines ask for, each once,
    /// in order: range conditions, tier conditions, then fine bases.
    pub fn fact_fields(&self) -> Vec<FactField> {
        let mut fields: Vec<FactField> = Vec::new();
        let mut add = |metric: &str, unit: Option<&str>| {
            let metric = metric.trim();
            if !metric.is_empty() && !fields.iter().any(|f| f.metric == metric) {
                fields.push(FactField {
                    metric: metric.to_owned(),
                    unit: unit.map(str::to_owned),
                });
            }
        };
        let conditions = self
            .statutory_ranges
            .iter()
            .flat_map(|r| &r.structured_conditions)
            .chain(self.tiers.iter().flat_map(|t| &t.structured_conditions));
        for condition in conditions {
            add(&condition.metric, condition.unit.as_deref());
        }
        let fines = self
            .statutory_ranges
            .iter()
            .map(|r| &r.fine)
            .chain(self.tiers.iter().filter_map(|t| t.fine.as_ref()));
        for fine in fines {
            for component in fine.components() {
                if let Some((metric, unit)) = fact_of(component) {
                    add(&metric, Some(unit));
                }
            }
        }
        fields
    }

    /// Applies the standard to the facts: per range and tier, whether it
    /// applies and the amounts it allows. Tiers without structured
    /// conditions are [`Applicability::Possibly`]: judge by the text.
    pub fn calculate(&self, facts: &Facts) -> Calculation {
        let views = self.range_views();
        let ranges = views
            .iter()
            .map(|view| self.range_outcome(view, facts))
            .collect();
        Calculation {
            basis_doc: self.basis_doc.clone(),
            statutory_penalty: self.statutory_penalty.clone(),
            ranges,
        }
    }

    fn range_outcome(&self, view: &RangeView<'_>, facts: &Facts) -> RangeOutcome {
        let (applicability, ..) = judge(view.conditions().iter(), facts);
        let tiers = view
            .tiers
            .iter()
            .map(|(index, tier)| {
                let conditions = view.conditions().iter().chain(&tier.structured_conditions);
                let (mut applicability, met, failed, mut missing) = judge(conditions, facts);
                // The range's conditions alone cannot select a tier: one
                // without conditions of its own is judged by its text.
                if tier.structured_conditions.is_empty() && applicability == Applicability::Applies
                {
                    applicability = Applicability::Possibly;
                }
                let amounts: Vec<ComputedFine> = tier
                    .fine
                    .as_ref()
                    .map(|fine| {
                        fine.components()
                            .into_iter()
                            .map(|c| compute(c, facts))
                            .collect()
                    })
                    .unwrap_or_default();
                // A fine needs its fact only when no alternative can be computed.
                if !amounts.is_empty() && amounts.iter().all(|a| a.min.is_none()) {
                    for amount in &amounts {
                        if let Some((metric, _)) = amount.fine_fact()
                            && !missing.contains(&metric)
                        {
                            missing.push(metric);
                        }
                    }
                }
                let mut basis = self.basis_doc.clone().unwrap_or_default();
                if !basis.is_empty() {
                    basis.push('：');
                }
                if let Some(name) = view.name {
                    basis.push_str(name);
                    basis.push('，');
                }
                basis.push_str(tier.name.as_deref().unwrap_or(tier.tier.label()));
                TierOutcome {
                    key: tier.key(),
                    index: *index,
                    applicability,
                    met,
                    failed,
                    missing,
                    amounts,
                    basis,
                }
            })
            .collect();
        RangeOutcome {
            name: view.name.map(str::to_owned),
            applicability,
            statutory: view.fine.clone(),
            tiers,
        }
    }
}

impl Calculation {
    /// The tiers that apply or may apply, with their range's name.
    pub fn candidates(&self) -> impl Iterator<Item = (Option<&str>, &TierOutcome)> {
        self.ranges
            .iter()
            .filter(|range| range.applicability != Applicability::DoesNotApply)
            .flat_map(|range| {
                range
                    .tiers
                    .iter()
                    .filter(|tier| tier.applicability != Applicability::DoesNotApply)
                    .map(move |tier| (range.name.as_deref(), tier))
            })
    }
}

impl ComputedFine {
    /// The fact this fine is computed from, with its unit.
    fn fine_fact(&self) -> Option<(String, &'static str)> {
        fact_of(&self.fine)
    }
}

/// The fact a fine multiplies, with its unit: the base of a multiple or a
/// percentage (in yuan), the quantity of a per-unit fine.
fn fact_of(fine: &Fine) -> Option<(String, &'static str)> {
    match fine.kind {
        FineKind::Fixed => None,
        FineKind::Multiple | FineKind::Percentage => Some((
            fine.base.as_deref().unwrap_or("基数").trim().to_owned(),
            "元",
        )),
        FineKind::PerUnit => {
            let per = fine.unit.and_then(FineUnit::per).unwrap_or("单位");
            let name = fine
                .base
                .as_deref()
                .map_or_else(|| format!("数量（{per}）"), |b| b.trim().to_owned());
            Some((name, per))
        }
    }
}

type Judgement = (Applicability, Vec<Condition>, Vec<Condition>, Vec<String>);

fn judge<'a>(conditions: impl Iterator<Item = &'a Condition>, facts: &Facts) -> Judgement {
    let (mut met, mut failed, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for condition in conditions {
        match facts.get(condition.metric.trim()) {
            Some(fact) if condition.holds(*fact) => met.push(condition.clone()),
            Some(_) => failed.push(condition.clone()),
            None => {
                let metric = condition.metric.trim().to_owned();
                if !missing.contains(&metric) {
                    missing.push(metric);
                }
            }
        }
    }
    let applicability = if !failed.is_empty() {
        Applicability::DoesNotApply
    } else if missing.is_empty() && !met.is_empty() {
        Applicability::Applies
    } else {
        Applicability::Possibly
    };
    (applicability, met, failed, missing)
}

fn compute(fine: &Fine, facts: &Facts) -> ComputedFine {
    let mut bare = fine.clone();
    bare.alt = None;
    let written = bare.to_chinese();
    let range_text = |min: Option<Amount>, max: Option<Amount>| match (min, max) {
        (Some(min), Some(max)) if min == max => yuan_to_chinese(min),
        (Some(min), Some(max)) => format!("{}至{}", yuan_to_chinese(min), yuan_to_chinese(max)),
        (Some(min), None) => format!("{}以上", yuan_to_chinese(min)),
        _ => "无法计算".to_owned(),
    };
    let Some((metric, unit)) = fact_of(fine) else {
        let (min, max) = (Some(Amount::new(fine.lower())), fine.max);
        return ComputedFine {
            text: written,
            fine: bare,
            fact: None,
            min,
            max,
        };
    };
    let Some(fact) = facts
        .get(&metric)
        .copied()
        .filter(|f| !f.value().is_sign_negative() || f.value().is_zero())
    else {
        return ComputedFine {
            text: format!("{written}（需{metric}）"),
            fine: bare,
            fact: None,
            min: None,
            max: None,
        };
    };
    let factor = match fine.kind {
        FineKind::Percentage => Decimal::new(1, 2),
        _ => Decimal::ONE,
    };
    let times = |rate: Decimal| {
        fact.value()
            .checked_mul(rate)
            .and_then(|v| v.checked_mul(factor))
            .map(Amount::new)
    };
    let min = times(fine.lower());
    let max = fine.upper().and_then(times);
    let fact_text = if unit == "元" {
        yuan_to_chinese(fact)
    } else {
        format!("{fact}{unit}")
    };
    let rate_text = match fine.kind {
        FineKind::PerUnit => written.clone(),
        _ => written
            .strip_prefix(fine.base.as_deref().unwrap_or("基数"))
            .unwrap_or(&written)
            .to_owned(),
    };
    ComputedFine {
        text: format!(
            "{metric}{fact_text} × {rate_text} = {}",
            range_text(min, max)
        ),
        fine: bare,
        fact: Some((metric, fact)),
        min,
        max,
    }
}
