//! The discretion editor: the violation, each statutory range with the
//! customary 30% / 70% split on offer, and every tier's level, range,
//! conditions, penalty types and fine bounds, validated while typing.

use std::str::FromStr;

use data::Item;
use data::discretion::{Amount, Discretion, Fine, FineKind, Tier, TierLevel, propose_split};
use data::editing::{FieldIssue, FieldProblem};
use leptos::prelude::*;
use rust_decimal::Decimal;

use super::fields::lines;
use crate::text;

const LEVELS: [TierLevel; 5] = [
    TierLevel::None,
    TierLevel::Mitigated,
    TierLevel::Lighter,
    TierLevel::Ordinary,
    TierLevel::Heavier,
];

fn edit(item: RwSignal<Item>, f: impl FnOnce(&mut Discretion)) {
    item.update(|i| {
        if let Some(d) = i.discretion.as_mut() {
            f(d);
        }
    });
}

fn amount_text(amount: Option<Amount>) -> String {
    amount
        .map(|a| a.value().normalize().to_string())
        .unwrap_or_default()
}

fn parse_amount(text: &str) -> Option<Amount> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    Decimal::from_str(&cleaned)
        .ok()
        .filter(|d| !d.is_sign_negative())
        .map(Amount::new)
}

/// The discretion section of the item form.
#[component]
pub fn DiscretionEditor(item: RwSignal<Item>, problems: Memo<Vec<FieldProblem>>) -> impl IntoView {
    let has = Memo::new(move |_| item.with(|i| i.discretion.is_some()));
    let n_tiers =
        Memo::new(move |_| item.with(|i| i.discretion.as_ref().map_or(0, |d| d.tiers.len())));
    // Ranges with bounds to split: (name, fine).
    let ranges = Memo::new(move |_| {
        item.with(|i| {
            i.discretion
                .as_ref()
                .map(|d| {
                    d.range_views()
                        .into_iter()
                        .filter_map(|r| r.fine.clone().map(|f| (r.name.map(str::to_owned), f)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let split_message = RwSignal::new(None::<String>);
    let propose = move |range: Option<String>, fine: Fine| {
        match propose_split(range.as_deref(), &fine) {
            Ok(tiers) => {
                edit(item, |d| {
                    // Keep 不予处罚 and 减轻 tiers and other ranges' tiers;
                    // replace this range's three dividing tiers.
                    d.tiers
                        .retain(|t| !(t.statutory_range == range && t.tier.divides_range()));
                    for proposed in tiers {
                        d.tiers.push(proposed);
                    }
                });
                split_message.set(Some(text::SPLIT_APPLIED.to_owned()));
            }
            Err(e) => split_message.set(Some(text::split_failed(&e.to_string()))),
        }
    };
    let discretion_problems = move || {
        problems
            .read()
            .iter()
            .filter_map(|p| match &p.issue {
                FieldIssue::Discretion { message } => Some(message.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let add_tier = move |_| {
        edit(item, |d| {
            d.tiers.push(Tier {
                tier: TierLevel::Ordinary,
                name: None,
                statutory_range: None,
                conditions: Vec::new(),
                structured_conditions: Vec::new(),
                penalty_types: Vec::new(),
                fine: None,
            })
        })
    };
    let start = move |_| {
        item.update(|i| {
            i.discretion = Some(Discretion {
                basis_doc: None,
                violation: i.name.clone(),
                statutory_penalty: None,
                source_url: None,
                statutory_ranges: Vec::new(),
                tiers: Vec::new(),
            })
        })
    };
    view! {
        <fieldset class="discretion-editor">
            <legend>{text::SECTION_DISCRETION}</legend>
            <Show
                when=move || has.get()
                fallback=move || view! {
                    <p>{text::NO_DISCRETION_YET}</p>
                    <button type="button" class="button button--secondary" on:click=start>{text::ADD_DISCRETION}</button>
                }
            >
                <div class="field">
                    <label for="f-discretion-violation">{text::F_VIOLATION}</label>
                    <input id="f-discretion-violation" type="text"
                        prop:value=move || item.with(|i| i.discretion.as_ref().map(|d| d.violation.clone()).unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(item, |d| d.violation = v) }/>
                </div>
                <div class="field">
                    <label for="f-discretion-penalty">{text::F_STATUTORY_PENALTY}</label>
                    <textarea id="f-discretion-penalty" rows="3"
                        prop:value=move || item.with(|i| i.discretion.as_ref().and_then(|d| d.statutory_penalty.clone()).unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); edit(item, |d| d.statutory_penalty = (!v.trim().is_empty()).then_some(v)) }></textarea>
                </div>
                <ul class="range-list">
                    {move || ranges.get().into_iter().map(|(name, fine)| {
                        let label = name.clone().unwrap_or_else(|| text::WHOLE_RANGE.to_owned());
                        let shown = fine.to_chinese();
                        let button_label = text::propose_split_for(&label);
                        view! {
                            <li>
                                <span>{format!("{label}：{shown}")}</span> {" "}
                                <button type="button" class="button button--secondary" aria-label=button_label
                                    on:click=move |_| propose(name.clone(), fine.clone())>
                                    {text::PROPOSE_SPLIT}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <p class="hint" role="status">{move || split_message.get()}</p>
                <table class="edit-table">
                    <caption>{text::TIERS_CAPTION}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{text::COL_TIER_LEVEL}</th>
                            <th scope="col">{text::COL_TIER_RANGE}</th>
                            <th scope="col">{text::COL_TIER_CONDITIONS}</th>
                            <th scope="col">{text::COL_TIER_MIN}</th>
                            <th scope="col">{text::COL_TIER_MAX}</th>
                            <th scope="col"><span class="visually-hidden">{text::COL_ACTIONS}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..n_tiers.get()).map(|idx| view! { <TierRow item idx/> }).collect_view()}
                    </tbody>
                </table>
                <button type="button" class="button button--secondary" on:click=add_tier>{text::ADD_TIER}</button>
                <div class="chart-problems" aria-live="polite">
                    {move || {
                        let list = discretion_problems();
                        (!list.is_empty()).then(|| view! {
                            <p class="field-problem">{text::discretion_problems(list.len())}</p>
                            <ul class="problem-list">{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                        })
                    }}
                </div>
                <button type="button" class="button button--link" on:click=move |_| item.update(|i| i.discretion = None)>
                    {text::REMOVE_DISCRETION}
                </button>
            </Show>
        </fieldset>
    }
}

#[component]
fn TierRow(item: RwSignal<Item>, idx: usize) -> impl IntoView {
    let tier = move || {
        item.with(|i| {
            i.discretion
                .as_ref()
                .and_then(|d| d.tiers.get(idx).cloned())
        })
    };
    let set = move |f: Box<dyn FnOnce(&mut Tier)>| {
        edit(item, |d| {
            if let Some(t) = d.tiers.get_mut(idx) {
                f(t);
            }
        })
    };
    let range_names = move || {
        item.with(|i| {
            i.discretion
                .as_ref()
                .map(|d| {
                    let mut names: Vec<String> =
                        d.statutory_ranges.iter().map(|r| r.name.clone()).collect();
                    for t in &d.tiers {
                        if let Some(n) = &t.statutory_range
                            && !names.contains(n)
                        {
                            names.push(n.clone());
                        }
                    }
                    names
                })
                .unwrap_or_default()
        })
    };
    let n = idx + 1;
    let set_bound = move |is_min: bool, text_value: String| {
        let amount = parse_amount(&text_value);
        set(Box::new(move |t| {
            let fine = t.fine.get_or_insert(Fine {
                kind: FineKind::Fixed,
                base: None,
                unit: None,
                min: None,
                max: None,
                note: None,
                alt: None,
            });
            if is_min {
                fine.min = amount;
            } else {
                fine.max = amount;
            }
        }));
    };
    view! {
        <tr>
            <td>
                <select aria-label=text::tier_field(n, text::COL_TIER_LEVEL) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(l) = LEVELS.into_iter().find(|l| l.label() == v) {
                        set(Box::new(move |t| t.tier = l));
                    }
                }>
                    {LEVELS.into_iter().map(|l| view! {
                        <option value=l.label() selected=move || tier().is_some_and(|t| t.tier == l)>{l.label()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td>
                <select aria-label=text::tier_field(n, text::COL_TIER_RANGE) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    set(Box::new(move |t| t.statutory_range = (!v.is_empty()).then_some(v)));
                }>
                    <option value="" selected=move || tier().is_some_and(|t| t.statutory_range.is_none())>{text::WHOLE_RANGE}</option>
                    {move || range_names().into_iter().map(|name| {
                        let is = name.clone();
                        view! { <option value=name.clone() selected=move || tier().is_some_and(|t| t.statutory_range.as_deref() == Some(is.as_str()))>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </td>
            <td><textarea rows="2" aria-label=text::tier_field(n, text::COL_TIER_CONDITIONS)
                prop:value=move || tier().map(|t| t.conditions.join("\n")).unwrap_or_default()
                on:input=move |ev| { let v = lines(&event_target_value(&ev)); set(Box::new(move |t| t.conditions = v)) }></textarea></td>
            <td><input type="text" inputmode="decimal" class="input--short" aria-label=text::tier_field(n, text::COL_TIER_MIN)
                prop:value=move || amount_text(tier().and_then(|t| t.fine).and_then(|f| f.min))
                on:change=move |ev| set_bound(true, event_target_value(&ev))/></td>
            <td><input type="text" inputmode="decimal" class="input--short" aria-label=text::tier_field(n, text::COL_TIER_MAX)
                prop:value=move || amount_text(tier().and_then(|t| t.fine).and_then(|f| f.max))
                on:change=move |ev| set_bound(false, event_target_value(&ev))/></td>
            <td><button type="button" class="button button--link"
                on:click=move |_| edit(item, |d| { if idx < d.tiers.len() { d.tiers.remove(idx); } })>
                {text::remove_tier(n)}
            </button></td>
        </tr>
    }
}
