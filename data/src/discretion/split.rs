//! The customary 30%/70% split of a statutory range into 从轻, 一般 and 从重,
//! which the editor offers and the author then adjusts.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Amount, Fine, FineKind, Tier, TierLevel};

/// Why a range cannot be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// The range sets no maximum (e.g. `可以并处罚款` without an amount).
    #[error("the range `{0}` has no maximum; a split needs both ends")]
    NoMaximum(String),
    /// The minimum is above the maximum.
    #[error("the range's minimum `{min}` is above its maximum `{max}`")]
    Inverted {
        /// The minimum.
        min: Amount,
        /// The maximum.
        max: Amount,
    },
    /// Rounded cut points would collapse onto each other or onto an end.
    #[error("the range `{min}`–`{max}` is too narrow to cut at 30% and 70%")]
    TooNarrow {
        /// The minimum.
        min: Amount,
        /// The maximum.
        max: Amount,
    },
}

/// Proposes 从轻 (lowest 30%), 一般 (30–70%) and 从重 (top 30%) for a
/// statutory range, cutting at rounded amounts so that consecutive tiers
/// share their boundary and cover the range without gaps.
///
/// Cut points are rounded half away from zero to a step that reads well:
/// 0.1 for multiples and percentages (0.01 when the range is under 1 wide);
/// for fixed and per-unit amounts 1000 yuan when the range is at least 10,000
/// wide, 100 from 1,000, 10 from 100, 1 from 10, else 0.1. A missing minimum
/// counts as 0. Alternatives (`alt`) are split the same way. The tiers come
/// without conditions, for the author to fill in.
pub fn propose_split(statutory_range: Option<&str>, range: &Fine) -> Result<Vec<Tier>, SplitError> {
    let fines = split_fine(range)?;
    Ok(
        [TierLevel::Lighter, TierLevel::Ordinary, TierLevel::Heavier]
            .into_iter()
            .zip(fines)
            .map(|(level, fine)| Tier {
                tier: level,
                name: Some(level.label().to_owned()),
                statutory_range: statutory_range.map(str::to_owned),
                conditions: Vec::new(),
                structured_conditions: Vec::new(),
                penalty_types: Vec::new(),
                fine: Some(fine),
            })
            .collect(),
    )
}

fn split_fine(range: &Fine) -> Result<[Fine; 3], SplitError> {
    let min = range.lower();
    let max = range
        .upper()
        .ok_or_else(|| SplitError::NoMaximum(range.to_chinese()))?;
    if min > max {
        return Err(SplitError::Inverted {
            min: Amount::new(min),
            max: Amount::new(max),
        });
    }
    let width = max - min;
    let step = step(range.kind, width);
    let cut = |share: Decimal| {
        let exact = min + width * share;
        (exact / step).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero) * step
    };
    let low = cut(Decimal::new(3, 1));
    let high = cut(Decimal::new(7, 1));
    if !(min < low && low < high && high < max) {
        return Err(SplitError::TooNarrow {
            min: Amount::new(min),
            max: Amount::new(max),
        });
    }
    let alternatives = match &range.alt {
        Some(alt) => split_fine(alt)?.map(|fine| Some(Box::new(fine))),
        None => [None, None, None],
    };
    let bounds = [(min, low), (low, high), (high, max)];
    let mut fines = bounds
        .into_iter()
        .zip(alternatives)
        .map(|((from, to), alt)| Fine {
            kind: range.kind,
            base: range.base.clone(),
            unit: range.unit,
            min: Some(Amount::new(from)),
            max: Some(Amount::new(to)),
            note: None,
            alt,
        });
    match (fines.next(), fines.next(), fines.next()) {
        (Some(a), Some(b), Some(c)) => Ok([a, b, c]),
        _ => Err(SplitError::TooNarrow {
            min: Amount::new(min),
            max: Amount::new(max),
        }),
    }
}

/// The rounding step for cut points; see [`propose_split`].
fn step(kind: FineKind, width: Decimal) -> Decimal {
    match kind {
        FineKind::Multiple | FineKind::Percentage if width >= Decimal::ONE => Decimal::new(1, 1),
        FineKind::Multiple | FineKind::Percentage => Decimal::new(1, 2),
        FineKind::Fixed | FineKind::PerUnit => [10_000, 1_000, 100, 10]
            .into_iter()
            .find(|threshold| width >= Decimal::from(*threshold))
            .map_or(Decimal::new(1, 1), |threshold| {
                Decimal::from(threshold / 10)
            }),
    }
}
