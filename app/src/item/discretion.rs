//! The discretion standard (裁量基准): the violation, the statutory penalty,
//! per statutory range a table of tiers with its drawn scale, and a fine
//! calculator.
//!
//! The calculator is a GET form: each fact is a query parameter named by
//! its metric, percent-encoded by the browser (`?货值金额=8000`, sent as
//! `?%E8%B4%A7%E5%80%BC%E9%87%91%E9%A2%9D=8000`), so a result can be linked
//! and the form works without JavaScript. The server reads the facts from
//! the query and renders the result; after hydration the same code updates
//! it as the person types.

use data::discretion::infer::{AmountError, Inferred, parse_amount};
use data::discretion::{
    Amount, Applicability, Calculation, Discretion, FactField, Facts, RangeOutcome, RangeTable,
    TierOutcome, yuan_to_chinese,
};
use leptos::prelude::*;

use super::page::anchors;
use crate::components::Badge;
use crate::links::VERSION_PARAM;
use crate::text;

/// Id of the calculator, the form's target so the result is in view after
/// a submission without JavaScript.
const CALCULATOR_ID: &str = "discretion-calculator";

/// The 裁量基准 section.
#[component]
pub fn DiscretionSection(
    /// The standard.
    discretion: Discretion,
) -> impl IntoView {
    let inferred = discretion.with_inferred_conditions();
    let mut scales = discretion.scales("discretion-scale").into_iter();
    let tables = discretion
        .tables()
        .into_iter()
        .enumerate()
        .map(|(index, table)| {
            let scale = scales.next().flatten();
            let inferred_conditions = inferred_range_conditions(&inferred, table.name.as_deref());
            view! {
                <RangeBlock
                    index
                    table
                    scale
                    inferred_conditions
                    violation=discretion.violation.clone()
                />
            }
            .into_any()
        })
        .collect_view();
    let statutory = discretion.statutory_penalty.clone().map(|penalty| {
        view! {
            <div class="facts__row">
                <dt>{text::STATUTORY_PENALTY}</dt>
                <dd>{penalty}</dd>
            </div>
        }
    });
    let basis = discretion.basis_doc.clone().map(|doc| {
        view! {
            <div class="facts__row">
                <dt>{text::DISCRETION_BASIS}</dt>
                <dd>{doc}</dd>
            </div>
        }
    });
    let source = discretion
        .source_url
        .clone()
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(|url| {
            view! {
                <div class="facts__row">
                    <dt>{text::DISCRETION_SOURCE}</dt>
                    <dd>
                        <a href=url.clone() rel="noopener noreferrer">{url.clone()}</a>
                    </dd>
                </div>
            }
        });
    let calculator = (!inferred.fact_fields().is_empty())
        .then(|| view! { <Calculator discretion=discretion.clone()/> }.into_any());
    view! {
        <section class="section discretion" aria-labelledby=anchors::DISCRETION>
            <h2 id=anchors::DISCRETION>{text::DISCRETION}</h2>
            <dl class="facts">
                <div class="facts__row">
                    <dt>{text::VIOLATION}</dt>
                    <dd>{discretion.violation.clone()}</dd>
                </div>
                {statutory}
                {basis}
                {source}
            </dl>
            {tables}
            {calculator}
        </section>
    }
    .into_any()
}

/// One statutory range: its bounds and conditions, its scale, and its tiers
/// as a table.
#[component]
fn RangeBlock(
    /// Position of the range, for unique ids.
    index: usize,
    /// The range as a table.
    table: RangeTable,
    /// The range's scale as SVG, when it can be drawn.
    scale: Option<String>,
    /// Conditions the system read from the range's name, in Chinese.
    inferred_conditions: Vec<String>,
    /// The violation, for the table's caption.
    violation: String,
) -> impl IntoView {
    let heading = match &table.name {
        Some(range) => text::statutory_range(range),
        None => text::ANY_RANGE.to_owned(),
    };
    let heading_id = format!("discretion-range-{}", index + 1);
    let bounds = table.statutory.clone().map(|bounds| {
        view! {
            <p class="range-meta">
                {text::range_bounds(&bounds)}
                {table.derived.then_some(text::RANGE_BOUNDS_DERIVED)}
            </p>
        }
    });
    let conditions = if !table.conditions.is_empty() {
        Some(
            view! {
                <p class="range-meta">
                    {text::range_conditions(&table.conditions.join(text::SEMICOLON))}
                </p>
            }
            .into_any(),
        )
    } else if !inferred_conditions.is_empty() {
        Some(
            view! {
                <p class="range-meta">
                    {text::range_conditions(&inferred_conditions.join(text::SEMICOLON))}
                    <span class="inferred">{text::INFERRED}</span>
                </p>
            }
            .into_any(),
        )
    } else {
        None
    };
    // The SVG comes from `data`, which escapes every text in it; it is the
    // same string on the server and in the browser, so hydration matches.
    let scale = scale.map(|svg| view! { <div class="discretion-scale-wrap" inner_html=svg></div> });
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let name = row.name.map(|name| {
                view! { <span class="tier__name">{text::OPEN_PAREN} {name} {text::CLOSE_PAREN}</span> }
            });
            let fine = match row.fine {
                Some(fine) => {
                    let note = row
                        .note
                        .map(|note| view! { <p class="fine__note">{note}</p> });
                    view! {
                        <p class="fine">{fine}</p>
                        {note}
                    }
                    .into_any()
                }
                None => text::NO_FINE.into_any(),
            };
            // Roles and labels keep the table readable when narrow screens
            // lay each row out as a block.
            view! {
                <tr role="row">
                    <th scope="row" role="rowheader">
                        {row.label}
                        {name}
                    </th>
                    <td role="cell" data-label=text::TIER_CONDITIONS>
                        {bullet_list(row.conditions)}
                    </td>
                    <td role="cell" data-label=text::TIER_PENALTIES>
                        {bullet_list(row.penalty_types)}
                    </td>
                    <td role="cell" data-label=text::TIER_FINE>
                        {fine}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <h3 class="discretion-range" id=heading_id.clone()>
            {heading.clone()}
        </h3>
        {bounds}
        {conditions}
        {scale}
        <div class="table-wrap">
            <table class="tiers" role="table" aria-labelledby=heading_id>
                <caption class="visually-hidden">{violation} {text::COLON} {heading}</caption>
                <thead role="rowgroup">
                    <tr role="row">
                        <th scope="col" role="columnheader">{text::TIER}</th>
                        <th scope="col" role="columnheader">{text::TIER_CONDITIONS}</th>
                        <th scope="col" role="columnheader">{text::TIER_PENALTIES}</th>
                        <th scope="col" role="columnheader">{text::TIER_FINE}</th>
                    </tr>
                </thead>
                <tbody role="rowgroup">{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A list of short texts, or a dash when there are none.
fn bullet_list(values: Vec<String>) -> AnyView {
    if values.is_empty() {
        return text::NONE_LISTED.into_any();
    }
    let items = values
        .into_iter()
        .map(|v| view! { <li>{v}</li> })
        .collect_view();
    view! { <ul class="cell-list">{items}</ul> }.into_any()
}

/// What a person typed into one fact field: nothing, an amount, or a mistake.
type Entry = Result<Option<Amount>, AmountError>;

fn read_entry(text: &str) -> Entry {
    match parse_amount(text) {
        Ok(amount) => Ok(Some(amount)),
        Err(AmountError::Empty) => Ok(None),
        Err(error) => Err(error),
    }
}

fn entry_message(error: AmountError) -> &'static str {
    match error {
        AmountError::Empty | AmountError::NotANumber => text::FACT_NOT_A_NUMBER,
        AmountError::Negative => text::FACT_NEGATIVE,
        AmountError::TooLarge => text::FACT_TOO_LARGE,
    }
}

/// The fine calculator: one field per fact, the result below. The facts
/// and the conditions are read from the standard's text where it is drawn
/// (on the server, and again in the browser).
#[island]
fn Calculator(
    /// The standard.
    discretion: Discretion,
) -> impl IntoView {
    crate::islands::mark_hydrated();
    let inferred: Inferred = discretion.with_inferred_conditions();
    let fields: Vec<FactField> = inferred.fact_fields();
    let version = crate::islands::query(VERSION_PARAM).filter(|version| !version.is_empty());
    let inputs: Vec<RwSignal<String>> = fields
        .iter()
        .map(|field| RwSignal::new(crate::islands::query(&field.metric).unwrap_or_default()))
        .collect();
    let hint_id = format!("{CALCULATOR_ID}-hint");
    let field_views = fields
        .iter()
        .zip(&inputs)
        .enumerate()
        .map(|(index, (field, input))| {
            let input = *input;
            let id = format!("{CALCULATOR_ID}-fact-{}", index + 1);
            let error_id = format!("{id}-error");
            let error = move || input.with(|value| read_entry(value).err());
            let described_by = {
                let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
                move || {
                    if error().is_some() {
                        format!("{error_id} {hint_id}")
                    } else {
                        hint_id.clone()
                    }
                }
            };
            let message = move || {
                error().map(|error| {
                    view! { <p class="field__error" id=error_id.clone()>{entry_message(error)}</p> }
                })
            };
            view! {
                <div class="calculator__field">
                    <label for=id.clone()>
                        {text::fact_label(&field.metric, field.unit.as_deref())}
                    </label>
                    <input
                        id=id
                        name=field.metric.clone()
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        value=input.get_untracked()
                        aria-invalid=move || error().map(|_| "true")
                        aria-describedby=described_by
                        on:input:target=move |ev| input.set(ev.target().value())
                    />
                    {message}
                </div>
            }
            .into_any()
        })
        .collect_view();
    let hidden_version = version.map(|version| {
        view! { <input type="hidden" name=VERSION_PARAM value=version/> }
    });
    let result = move || {
        let entries: Vec<(String, Entry)> = fields
            .iter()
            .zip(&inputs)
            .map(|(field, input)| (field.metric.clone(), input.with(|v| read_entry(v))))
            .collect();
        calculation_view(&inferred, entries)
    };
    view! {
        <div class="calculator" id=CALCULATOR_ID>
            <h3>{text::CALCULATOR}</h3>
            <p>{text::CALCULATOR_INTRO}</p>
            <form method="get" action=format!("#{CALCULATOR_ID}") class="calculator__form">
                {hidden_version}
                {field_views}
                <p class="calculator__hint" id=hint_id.clone()>{text::CALCULATOR_HINT}</p>
                <button type="submit">{text::CALCULATE}</button>
            </form>
            <div class="calculation" aria-live="polite">
                <h4>{text::CALCULATION_RESULT}</h4>
                {result}
            </div>
        </div>
    }
    .into_any()
}

/// The result for the entries typed so far.
fn calculation_view(inferred: &Inferred, entries: Vec<(String, Entry)>) -> AnyView {
    if entries.iter().any(|(_, entry)| entry.is_err()) {
        return view! { <p>{text::CALCULATION_INVALID}</p> }.into_any();
    }
    let facts: Facts = entries
        .into_iter()
        .filter_map(|(metric, entry)| entry.ok().flatten().map(|amount| (metric, amount)))
        .collect();
    if facts.is_empty() {
        return view! { <p>{text::CALCULATION_EMPTY}</p> }.into_any();
    }
    let calculation: Calculation = inferred.calculate(&facts);
    let excluded: Vec<&str> = calculation
        .ranges
        .iter()
        .filter(|range| range.applicability == Applicability::DoesNotApply)
        .filter_map(|range| range.name.as_deref())
        .collect();
    let mut shown: Vec<&RangeOutcome> = calculation
        .ranges
        .iter()
        .filter(|range| {
            range.applicability != Applicability::DoesNotApply
                && range
                    .tiers
                    .iter()
                    .any(|tier| tier.applicability != Applicability::DoesNotApply)
        })
        .collect();
    // Ranges that apply first, then those that may, then tiers of any range.
    shown.sort_by_key(|range| (range.name.is_none(), range.applicability));
    let any_possible = shown
        .iter()
        .flat_map(|range| &range.tiers)
        .any(|tier| tier.applicability == Applicability::Possibly);
    if shown.is_empty() {
        return view! {
            <p>{text::NO_TIER_APPLIES}</p>
            {(!excluded.is_empty())
                .then(|| view! { <p>{text::ranges_excluded(&excluded.join(text::ENUMERATION_SEPARATOR))}</p> })}
        }
        .into_any();
    }
    let ranges = shown
        .into_iter()
        .map(|range| range_result(inferred, range))
        .collect_view();
    view! {
        {ranges}
        {(!excluded.is_empty())
            .then(|| {
                view! {
                    <p class="calculation__excluded">
                        {text::ranges_excluded(&excluded.join(text::ENUMERATION_SEPARATOR))}
                    </p>
                }
            })}
        {any_possible
            .then(|| view! { <p class="calculation__note">{text::TIERS_BY_CIRCUMSTANCES}</p> })}
    }
    .into_any()
}

/// The conditions inferred from a range's wording, in Chinese; empty for an
/// unnamed range or one with structured conditions of its own.
fn inferred_range_conditions(inferred: &Inferred, range: Option<&str>) -> Vec<String> {
    range
        .map(|name| {
            inferred
                .range_conditions(name)
                .into_iter()
                .map(|condition| condition.to_chinese())
                .collect()
        })
        .unwrap_or_default()
}

/// One range of the result: whether it applies, its bounds, its tiers.
fn range_result(inferred: &Inferred, range: &RangeOutcome) -> AnyView {
    let heading = match (&range.name, range.applicability) {
        (None, _) => text::RANGE_ANY_RESULT.to_owned(),
        (Some(name), Applicability::Applies) => text::range_applies(name),
        (Some(name), _) => text::range_possibly(name),
    };
    let inferred_conditions = inferred_range_conditions(inferred, range.name.as_deref());
    let inferred_note = (!inferred_conditions.is_empty()).then(|| {
        view! {
            <p class="range-meta">
                {text::range_conditions(&inferred_conditions.join(text::SEMICOLON))}
                <span class="inferred">{text::INFERRED}</span>
            </p>
        }
    });
    let tiers: Vec<&TierOutcome> = range
        .tiers
        .iter()
        .filter(|tier| tier.applicability != Applicability::DoesNotApply)
        .collect();
    // The fine the dividing tiers allow together, from the lightest to the
    // heaviest: what a citizen can expect before the circumstances are judged.
    let dividing: Vec<(Option<Amount>, Option<Amount>)> = tiers
        .iter()
        .filter(|tier| tier.key.level.divides_range())
        .filter_map(|tier| tier.amounts.first())
        .map(|amount| (amount.min, amount.max))
        .collect();
    let mins: Option<Vec<Amount>> = dividing.iter().map(|(min, _)| *min).collect();
    let maxes: Option<Vec<Amount>> = dividing.iter().map(|(_, max)| *max).collect();
    let total = match (
        mins.and_then(|mins| mins.into_iter().min()),
        maxes.and_then(|maxes| maxes.into_iter().max()),
    ) {
        (Some(min), Some(max)) if min == max => Some(yuan_to_chinese(min)),
        (Some(min), Some(max)) => Some(text::amount_range(
            &yuan_to_chinese(min),
            &yuan_to_chinese(max),
        )),
        _ => None,
    };
    let total =
        total.map(|total| view! { <p class="calculation__total">{text::fine_total(&total)}</p> });
    let items = tiers
        .into_iter()
        .map(|tier| tier_result(inferred, tier))
        .collect_view();
    view! {
        <div class="calculation__range">
            <h5>{heading}</h5>
            {inferred_note}
            {total}
            <ul class="calculation__tiers">{items}</ul>
        </div>
    }
    .into_any()
}

/// One tier of the result: its label, whether it applies, the amount and
/// the basis.
fn tier_result(inferred: &Inferred, tier: &TierOutcome) -> AnyView {
    let source = inferred.discretion.tiers.get(tier.index);
    let name = source
        .and_then(|source| source.name.clone())
        .filter(|name| name != tier.key.level.label())
        .map(|name| format!("{}{name}{}", text::OPEN_PAREN, text::CLOSE_PAREN));
    let conditions: Vec<String> = source
        .map(|source| {
            source
                .conditions
                .iter()
                .filter(|c| !c.trim().is_empty())
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let badge = match tier.applicability {
        Applicability::Applies => view! { <Badge text=text::TIER_APPLIES kind="applies"/> },
        _ => view! { <Badge text=text::TIER_POSSIBLY kind="possibly"/> },
    };
    let amounts: Vec<String> = tier.amounts.iter().map(|a| a.text.clone()).collect();
    let amounts = if amounts.is_empty() {
        text::NO_FINE.to_owned()
    } else {
        amounts.join(text::SEMICOLON)
    };
    let conditions = (!conditions.is_empty()).then(|| {
        view! {
            <p>
                <span class="calculation__label">{text::TIER_WHEN} {text::COLON}</span>
                {conditions.join(text::SEMICOLON)}
            </p>
        }
    });
    let missing = (!tier.missing.is_empty()).then(|| {
        view! {
            <p class="calculation__missing">
                {text::facts_missing(&tier.missing.join(text::ENUMERATION_SEPARATOR))}
            </p>
        }
    });
    view! {
        <li class="calculation__tier">
            <p class="calculation__tier-head">
                <strong>{tier.key.level.label()} {name}</strong>
                " "
                {badge}
            </p>
            <p class="calculation__amount">
                <span class="calculation__label">{text::TIER_AMOUNT} {text::COLON}</span>
                {amounts}
            </p>
            {conditions}
            {missing}
            <p class="calculation__basis">
                <span class="calculation__label">{text::TIER_BASIS} {text::COLON}</span>
                {tier.basis.clone()}
            </p>
        </li>
    }
    .into_any()
}
