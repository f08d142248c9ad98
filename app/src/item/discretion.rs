//! The discretion standard (裁量基准): the violation, the statutory penalty,
//! and one table of tiers per statutory range.

use data::discretion::{Discretion, Tier};
use leptos::prelude::*;

use super::page::anchors;
use crate::text;

/// The 裁量基准 section.
#[component]
pub fn DiscretionSection(
    /// The standard.
    discretion: Discretion,
) -> impl IntoView {
    let ranges: Vec<Option<String>> = discretion
        .ranges()
        .into_iter()
        .map(|range| range.map(str::to_owned))
        .collect();
    let tables = ranges
        .into_iter()
        .enumerate()
        .map(|(index, range)| {
            let tiers: Vec<Tier> = discretion
                .tiers
                .iter()
                .filter(|tier| tier.statutory_range == range)
                .cloned()
                .collect();
            view! {
                <RangeTable
                    index
                    range
                    tiers
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
        </section>
    }
}

/// The tiers of one statutory range as a table.
#[component]
fn RangeTable(
    /// Position of the range, for unique ids.
    index: usize,
    /// The range, or `None` for tiers that name none.
    range: Option<String>,
    /// Its tiers, in the order published.
    tiers: Vec<Tier>,
    /// The violation, for the table's caption.
    violation: String,
) -> impl IntoView {
    let heading = match &range {
        Some(range) => text::statutory_range(range),
        None => text::ANY_RANGE.to_owned(),
    };
    let heading_id = format!("discretion-range-{}", index + 1);
    let rows = tiers
        .into_iter()
        .map(|tier| {
            let name = tier
                .name
                .clone()
                .filter(|name| name != tier.tier.label())
                .map(|name| view! { <span class="tier__name">{text::OPEN_PAREN} {name} {text::CLOSE_PAREN}</span> });
            let conditions = bullet_list(tier.conditions);
            let penalties = bullet_list(tier.penalty_types);
            let fine = match tier.fine {
                Some(fine) => {
                    let note = fine
                        .note
                        .clone()
                        .map(|note| view! { <p class="fine__note">{note}</p> });
                    view! {
                        <p class="fine">{fine.to_chinese()}</p>
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
                        {tier.tier.label()}
                        {name}
                    </th>
                    <td role="cell" data-label=text::TIER_CONDITIONS>
                        {conditions}
                    </td>
                    <td role="cell" data-label=text::TIER_PENALTIES>
                        {penalties}
                    </td>
                    <td role="cell" data-label=text::TIER_FINE>
                        {fine}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 id=heading_id.clone()>{heading.clone()}</h3>
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
