//! The complete check of a discretion standard: every problem at once, each
//! naming the range, the tier and the path of the value to fix.

use std::collections::HashMap;
use std::fmt;

use rust_decimal::Decimal;

use super::{Amount, Condition, Discretion, Fine, Op, RangeView, Tier, TierLevel};

/// Where in a standard a problem lies, for messages: range, tier, and which
/// fine when a tier offers alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The statutory range; `None` for tiers that name none.
    pub range: Option<String>,
    /// The tier, when the problem is in one.
    pub tier: Option<TierLevel>,
    /// The alternative fine (`alt`) concerned, described, e.g. `multiple of 违法经营额`.
    pub alternative: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.range {
            Some(range) => write!(f, "range `{range}`")?,
            None => f.write_str("the statutory range")?,
        }
        if let Some(tier) = self.tier {
            write!(f, ", tier `{}`", tier.short_label())?;
        }
        if let Some(alternative) = &self.alternative {
            write!(f, ", alternative fine `{alternative}`")?;
        }
        Ok(())
    }
}

/// One reason a discretion standard is not valid (DESIGN.md 1.4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscretionError {
    /// A range or a tier whose minimum is above its maximum.
    #[error("{at}: minimum `{min}` is above maximum `{max}`")]
    Inverted {
        /// Where.
        at: Place,
        /// The minimum.
        min: Amount,
        /// The maximum.
        max: Amount,
    },
    /// A negative bound.
    #[error("{at}: bounds must not be negative (`{bounds}`)")]
    Negative {
        /// Where.
        at: Place,
        /// The bounds as written.
        bounds: String,
    },
    /// A 从轻/一般/从重 fine computed differently from its range.
    #[error("{at}: the fine is `{found}` but the statutory range is `{expected}`")]
    MeasureMismatch {
        /// Where.
        at: Place,
        /// How the tier computes it.
        found: String,
        /// How the range computes it.
        expected: String,
    },
    /// A 从轻/一般/从重 fine reaching outside its statutory range.
    #[error("{at}: fine `{fine}` is not inside the statutory range `{statutory}`")]
    OutsideRange {
        /// Where.
        at: Place,
        /// The tier's bounds.
        fine: String,
        /// The range's bounds.
        statutory: String,
    },
    /// Two consecutive tiers that share more than a boundary.
    #[error("{at}: {} max `{lower_max}` overlaps {} min `{upper_min}`", .lower.short_label(), .upper.short_label())]
    Overlap {
        /// Where (the range).
        at: Place,
        /// The lower tier.
        lower: TierLevel,
        /// Its maximum, or `none`.
        lower_max: String,
        /// The upper tier.
        upper: TierLevel,
        /// Its minimum.
        upper_min: Amount,
    },
    /// Amounts between two consecutive tiers that no tier covers.
    #[error("{at}: gap between {} max `{lower_max}` and {} min `{upper_min}`", .lower.short_label(), .upper.short_label())]
    Gap {
        /// Where (the range).
        at: Place,
        /// The lower tier.
        lower: TierLevel,
        /// Its maximum.
        lower_max: Amount,
        /// The upper tier.
        upper: TierLevel,
        /// Its minimum.
        upper_min: Amount,
    },
    /// A 减轻 fine reaching above the statutory minimum it goes below.
    #[error("{at}: maximum `{max}` is above the statutory minimum `{minimum}`")]
    MitigatedAboveMinimum {
        /// Where (the range compared with, the 减轻 tier).
        at: Place,
        /// The 减轻 maximum.
        max: Amount,
        /// The range's minimum.
        minimum: Amount,
    },
    /// A tier that does not say when it applies.
    #[error("{at}: the tier has no condition, neither text nor structured")]
    NoCondition {
        /// Where.
        at: Place,
    },
    /// Structured conditions no facts can satisfy together.
    #[error("{at}: conditions `{first}` and `{second}` contradict each other")]
    Contradiction {
        /// Where.
        at: Place,
        /// One condition.
        first: Condition,
        /// The other.
        second: Condition,
    },
    /// Two tiers of one level in one range: their keys would clash.
    #[error("{at}: the range has {count} tiers of this level; it may have one")]
    DuplicateTier {
        /// Where.
        at: Place,
        /// How many.
        count: usize,
    },
    /// A tier naming a range that `statutory_ranges` does not write out.
    #[error("{at}: statutory range `{name}` is not in `statutory_ranges`")]
    UnknownRange {
        /// Where.
        at: Place,
        /// The name.
        name: String,
    },
    /// Two written-out ranges with one name.
    #[error("statutory range `{name}` is written out twice")]
    DuplicateRange {
        /// The name.
        name: String,
    },
    /// One metric measured in two units, so a fact could not be read both ways.
    #[error("metric `{metric}` is measured in `{first}` and in `{second}`; use one unit")]
    MixedUnits {
        /// The metric.
        metric: String,
        /// The unit met first.
        first: String,
        /// The other unit.
        second: String,
    },
}

/// A problem with the path of the value to fix, relative to the standard
/// (`tiers[2].fine`); an import prefixes `items[7].discretion.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscretionProblem {
    /// E.g. `tiers[2].structured_conditions[0]`.
    pub path: String,
    /// What is wrong.
    pub error: DiscretionError,
}

impl fmt::Display for DiscretionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.error)
    }
}

impl Discretion {
    /// Every problem that keeps the standard from being valid: inverted or
    /// negative bounds; a 从轻/一般/从重 tier computed differently from, or
    /// reaching outside, its statutory range; overlapping tiers and gaps
    /// between consecutive tiers of one range; 减轻 above the statutory
    /// minimum; a tier without any condition; structured conditions that
    /// contradict each other (a range's conditions count for its tiers); two
    /// tiers with one key; a tier naming a range that is not written out when
    /// ranges are; a metric measured in two units. Empty when valid; problems
    /// come in a stable order (ranges, then tiers, then per range).
    pub fn validate(&self) -> Vec<DiscretionProblem> {
        let mut problems = Vec::new();
        let mut push = |path: String, error: DiscretionError| {
            problems.push(DiscretionProblem { path, error });
        };
        let views = self.range_views();

        for (index, range) in self.statutory_ranges.iter().enumerate() {
            let at = place(Some(range.name.as_str()), None);
            if self.statutory_ranges[..index]
                .iter()
                .any(|other| other.name.trim() == range.name.trim())
            {
                push(
                    format!("statutory_ranges[{index}].name"),
                    DiscretionError::DuplicateRange {
                        name: range.name.clone(),
                    },
                );
            }
            for error in bound_errors(&range.fine, &at) {
                push(format!("statutory_ranges[{index}].fine"), error);
            }
            for (j, first, second) in contradictions(&[], &range.structured_conditions) {
                push(
                    format!("statutory_ranges[{index}].structured_conditions[{j}]"),
                    DiscretionError::Contradiction {
                        at: at.clone(),
                        first,
                        second,
                    },
                );
            }
        }

        for (index, tier) in self.tiers.iter().enumerate() {
            let view = views
                .iter()
                .find(|view| view.tiers.iter().any(|(i, _)| *i == index));
            let range_name = view.and_then(|view| view.name);
            let at = place(range_name, Some(tier.tier));
            if let Some(name) = &tier.statutory_range
                && !self.statutory_ranges.is_empty()
                && view.is_none_or(|view| view.explicit.is_none())
            {
                push(
                    format!("tiers[{index}].statutory_range"),
                    DiscretionError::UnknownRange {
                        at: at.clone(),
                        name: name.clone(),
                    },
                );
            }
            if !tier.has_condition() {
                push(
                    format!("tiers[{index}]"),
                    DiscretionError::NoCondition { at: at.clone() },
                );
            }
            if let Some(fine) = &tier.fine {
                for error in bound_errors(fine, &at) {
                    push(format!("tiers[{index}].fine"), error);
                }
            }
            let given = view.map_or(&[][..], |view| view.conditions());
            for (j, first, second) in contradictions(given, &tier.structured_conditions) {
                push(
                    format!("tiers[{index}].structured_conditions[{j}]"),
                    DiscretionError::Contradiction {
                        at: at.clone(),
                        first,
                        second,
                    },
                );
            }
        }

        for view in &views {
            check_range(view, &views, &mut push);
        }

        let mut units: HashMap<&str, &str> = HashMap::new();
        let conditions = self
            .statutory_ranges
            .iter()
            .enumerate()
            .flat_map(|(i, range)| {
                range
                    .structured_conditions
                    .iter()
                    .enumerate()
                    .map(move |(j, c)| {
                        (
                            format!("statutory_ranges[{i}].structured_conditions[{j}]"),
                            c,
                        )
                    })
            })
            .chain(self.tiers.iter().enumerate().flat_map(|(i, tier)| {
                tier.structured_conditions
                    .iter()
                    .enumerate()
                    .map(move |(j, c)| (format!("tiers[{i}].structured_conditions[{j}]"), c))
            }));
        for (path, condition) in conditions {
            let unit = condition.unit.as_deref().unwrap_or("").trim();
            let first = *units.entry(condition.metric.trim()).or_insert(unit);
            if first != unit {
                push(
                    path,
                    DiscretionError::MixedUnits {
                        metric: condition.metric.clone(),
                        first: first.to_owned(),
                        second: unit.to_owned(),
                    },
                );
            }
        }
        problems
    }
}

fn place(range: Option<&str>, tier: Option<TierLevel>) -> Place {
    Place {
        range: range.map(str::to_owned),
        tier,
        alternative: None,
    }
}

fn with_alternative(at: &Place, position: usize, fine: &Fine) -> Place {
    let mut at = at.clone();
    if position > 0 {
        at.alternative = Some(fine.measure());
    }
    at
}

/// Inverted and negative bounds of a fine and its alternatives.
fn bound_errors(fine: &Fine, at: &Place) -> Vec<DiscretionError> {
    let mut errors = Vec::new();
    for (position, component) in fine.components().into_iter().enumerate() {
        let at = with_alternative(at, position, component);
        if let (Some(min), Some(max)) = (component.min, component.max)
            && min > max
        {
            errors.push(DiscretionError::Inverted {
                at: at.clone(),
                min,
                max,
            });
        }
        if [component.min, component.max]
            .into_iter()
            .flatten()
            .any(|bound| bound.value().is_sign_negative() && !bound.value().is_zero())
        {
            errors.push(DiscretionError::Negative {
                at,
                bounds: component.bounds_text(),
            });
        }
    }
    errors
}

/// The set of values a condition allows, as an interval.
#[derive(Clone, Copy)]
struct Interval {
    /// Lower bound and whether it is included.
    low: Option<(Decimal, bool)>,
    /// Upper bound and whether it is included.
    high: Option<(Decimal, bool)>,
}

impl Interval {
    fn of(condition: &Condition) -> Self {
        let value = condition.value.value();
        let (low, high) = match condition.op {
            Op::Less => (None, Some((value, false))),
            Op::LessOrEqual => (None, Some((value, true))),
            Op::Greater => (Some((value, false)), None),
            Op::GreaterOrEqual => (Some((value, true)), None),
            Op::Equal => (Some((value, true)), Some((value, true))),
        };
        Interval { low, high }
    }

    /// Whether two intervals share no value. On a line, a family of
    /// intervals is empty together exactly when some pair is (Helly), so
    /// checking pairs finds every contradiction.
    fn disjoint(self, other: Interval) -> bool {
        let low = match (self.low, other.low) {
            (Some(a), Some(b)) => Some(if a.0 > b.0 || (a.0 == b.0 && !a.1) {
                a
            } else {
                b
            }),
            (a, b) => a.or(b),
        };
        let high = match (self.high, other.high) {
            (Some(a), Some(b)) => Some(if a.0 < b.0 || (a.0 == b.0 && !a.1) {
                a
            } else {
                b
            }),
            (a, b) => a.or(b),
        };
        match (low, high) {
            (Some((low, low_in)), Some((high, high_in))) => {
                low > high || (low == high && !(low_in && high_in))
            }
            _ => false,
        }
    }
}

/// Pairs of conditions on one metric that cannot hold together, each with
/// the index in `own` of the later condition. `given` are conditions that
/// already hold (the range's); pairs among them alone are not reported.
/// At most one pair per metric, to keep the list readable.
fn contradictions(given: &[Condition], own: &[Condition]) -> Vec<(usize, Condition, Condition)> {
    let mut found = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for (j, second) in own.iter().enumerate() {
        let metric = second.metric.trim();
        if reported.contains(&metric) {
            continue;
        }
        let earlier = given.iter().chain(&own[..j]);
        if let Some(first) = earlier
            .filter(|first| first.metric.trim() == metric && first.unit == second.unit)
            .find(|first| Interval::of(first).disjoint(Interval::of(second)))
        {
            reported.push(metric);
            found.push((j, first.clone(), second.clone()));
        }
    }
    found
}

/// Checks one range: duplicate levels, 从轻/一般/从重 against the range and
/// each other, and 减轻 against the statutory minimum.
fn check_range(
    view: &RangeView<'_>,
    views: &[RangeView<'_>],
    push: &mut impl FnMut(String, DiscretionError),
) {
    let range_place = place(view.name, None);
    let mut seen: Vec<TierLevel> = Vec::new();
    for (index, tier) in &view.tiers {
        if seen.contains(&tier.tier) {
            continue;
        }
        seen.push(tier.tier);
        let count = view
            .tiers
            .iter()
            .filter(|(_, t)| t.tier == tier.tier)
            .count();
        if count > 1
            && let Some((second, _)) = view
                .tiers
                .iter()
                .find(|(i, t)| t.tier == tier.tier && i != index)
        {
            push(
                format!("tiers[{second}]"),
                DiscretionError::DuplicateTier {
                    at: place(view.name, Some(tier.tier)),
                    count,
                },
            );
        }
    }

    let dividing: Vec<(usize, &Tier, &Fine)> = view
        .dividing_tiers()
        .into_iter()
        .filter_map(|(index, tier)| tier.fine.as_ref().map(|fine| (index, tier, fine)))
        .collect();
    if let Some(statutory) = &view.fine {
        let statutory = statutory.components();
        for (index, tier, fine) in &dividing {
            let at = place(view.name, Some(tier.tier));
            for (position, component) in fine.components().into_iter().enumerate() {
                let Some(range) = statutory.get(position) else {
                    break;
                };
                let at = with_alternative(&at, position, component);
                if !component.same_measure(range) {
                    push(
                        format!("tiers[{index}].fine"),
                        DiscretionError::MeasureMismatch {
                            at,
                            found: component.measure(),
                            expected: range.measure(),
                        },
                    );
                    break;
                }
                let below = component.lower() < range.lower();
                let above = match (component.upper(), range.upper()) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some(tier_max), Some(range_max)) => tier_max > range_max,
                };
                if below || above {
                    push(
                        format!("tiers[{index}].fine"),
                        DiscretionError::OutsideRange {
                            at,
                            fine: component.bounds_text(),
                            statutory: range.bounds_text(),
                        },
                    );
                }
            }
        }
    }

    for pair in dividing.windows(2) {
        let [(_, lower, lower_fine), (upper_index, upper, upper_fine)] = pair else {
            continue;
        };
        if lower.tier == upper.tier {
            continue;
        }
        let pairs = lower_fine
            .components()
            .into_iter()
            .zip(upper_fine.components())
            .enumerate();
        for (position, (below, above)) in pairs {
            if !below.same_measure(above) {
                break;
            }
            let at = with_alternative(&range_place, position, above);
            let upper_min = Amount::new(above.lower());
            let error = match below.max {
                None => Some(DiscretionError::Overlap {
                    at,
                    lower: lower.tier,
                    lower_max: "none".to_owned(),
                    upper: upper.tier,
                    upper_min,
                }),
                Some(lower_max) if upper_min < lower_max => Some(DiscretionError::Overlap {
                    at,
                    lower: lower.tier,
                    lower_max: lower_max.to_string(),
                    upper: upper.tier,
                    upper_min,
                }),
                Some(lower_max) if upper_min > lower_max => Some(DiscretionError::Gap {
                    at,
                    lower: lower.tier,
                    lower_max,
                    upper: upper.tier,
                    upper_min,
                }),
                Some(_) => None,
            };
            if let Some(error) = error {
                push(format!("tiers[{upper_index}].fine"), error);
            }
        }
    }

    // 减轻 goes below the statutory minimum: of its own range when that has
    // bounds, else of every range (it often names none, e.g. one 减轻 tier
    // for both 货值金额 ranges).
    for (index, tier) in &view.tiers {
        let Some(fine) = tier
            .fine
            .as_ref()
            .filter(|_| tier.tier == TierLevel::Mitigated)
        else {
            continue;
        };
        let targets: Vec<&RangeView<'_>> = if view.fine.is_some() {
            vec![view]
        } else {
            views.iter().filter(|other| other.fine.is_some()).collect()
        };
        for target in targets {
            let Some(statutory) = &target.fine else {
                continue;
            };
            let at = place(target.name, Some(TierLevel::Mitigated));
            let pairs = fine
                .components()
                .into_iter()
                .zip(statutory.components())
                .enumerate();
            for (position, (component, range)) in pairs {
                if !component.same_measure(range) {
                    break;
                }
                if let Some(max) = component.max
                    && max.value() > range.lower()
                {
                    push(
                        format!("tiers[{index}].fine"),
                        DiscretionError::MitigatedAboveMinimum {
                            at: with_alternative(&at, position, component),
                            max,
                            minimum: Amount::new(range.lower()),
                        },
                    );
                }
            }
        }
    }
}
