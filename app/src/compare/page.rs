//! The `/departments/:code/compare` route: a GET form choosing two versions,
//! the summary, then the changed items grouped by adjustment record, a page
//! at a time.

use data::diff::ItemDiff;
use data::version::Adjustment;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::components::{AdjustmentFacts, ItemChange};
use super::{CompareView, get_comparison};
use crate::error::ErrorPage;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;

/// Reads `code`, `from`, `to` and `page` from the address.
pub(super) fn compare_resource(
    all: bool,
) -> Resource<Result<CompareView, crate::portal::PortalError>> {
    let params = use_params_map();
    let query = use_query_map();
    Resource::new(
        move || {
            let query = query.read();
            let non_empty = |name: &str| query.get(name).filter(|v| !v.is_empty());
            (
                params.read().get("code").unwrap_or_default(),
                non_empty("with"),
                non_empty("from"),
                non_empty("to"),
                non_empty("page").and_then(|p| p.parse::<usize>().ok()),
            )
        },
        move |(code, with, from, to, page)| get_comparison(code, with, from, to, page, all),
    )
}

/// The comparison page.
#[component]
pub fn ComparePage() -> impl IntoView {
    let comparison = compare_resource(false);
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(view) => view! { <Comparison view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The two selects of versions and the department of the newer one, as a
/// plain GET form.
#[component]
pub(super) fn VersionPairForm(view: CompareView) -> impl IntoView {
    let code = view.department.dept_code.to_string();
    let with = view.with();
    let options = |versions: &[data::catalog::VersionSummary], selected: String| {
        versions
            .iter()
            .map(|v| {
                let id = v.version_id.to_string();
                let label = text::version_option(
                    &v.label,
                    &v.effective_date.to_chinese(),
                    v.status.label(),
                );
                let is_selected = id == selected;
                view! { <option value=id selected=is_selected>{label}</option> }
            })
            .collect_view()
    };
    let from_options = options(&view.versions, view.from.version_id.to_string());
    let to_versions = if view.other.is_some() {
        &view.other_versions
    } else {
        &view.versions
    };
    let to_options = options(to_versions, view.to.version_id.to_string());
    let department_options = view
        .departments
        .iter()
        .map(|d| {
            let own = d.code == code;
            let selected = with.as_deref().map_or(own, |w| w == d.code);
            let value = if own { String::new() } else { d.code.clone() };
            let label = if own {
                text::compare_own_department(&d.name)
            } else {
                d.name.clone()
            };
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <form
            class="compare-form"
            method="get"
            action=links::compare(&code, None, None, None)
            aria-label=text::COMPARE_FORM
        >
            <label for="compare-from">{text::COMPARE_FROM}</label>
            <select id="compare-from" name="from">{from_options}</select>
            <label for="compare-with">{text::COMPARE_WITH}</label>
            <select id="compare-with" name="with" aria-describedby="compare-with-hint">
                {department_options}
            </select>
            <label for="compare-to">{text::COMPARE_TO}</label>
            <select id="compare-to" name="to">{to_options}</select>
            <button type="submit">{text::COMPARE_SUBMIT}</button>
            <p id="compare-with-hint" class="hint">{text::COMPARE_WITH_HINT}</p>
        </form>
    }
}

/// The counts: the summary line, per category and per adjustment type.
#[component]
pub(super) fn SummaryView(view: CompareView) -> impl IntoView {
    let deviation = view.other.is_some();
    let summary = view.summary;
    let rows = summary
        .by_category
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.category.name()}</th>
                    <td>{c.added}</td>
                    <td>{c.removed}</td>
                    <td>{c.changed}</td>
                    <td>{c.unchanged}</td>
                </tr>
            }
        })
        .collect_view();
    let by_adjustment = (!summary.by_adjustment.is_empty()).then(|| {
        let parts = summary
            .by_adjustment
            .iter()
            .map(|a| text::adjustment_count(&a.label, a.items))
            .collect::<Vec<_>>()
            .join("，");
        view! {
            <p class="compare-adjustments">
                {text::COMPARE_BY_ADJUSTMENT} {text::COLON} {parts}
            </p>
        }
    });
    view! {
        <p class="compare-summary" role="status">
            {if deviation {
                text::deviation_summary(summary.removed, summary.added, summary.changed, summary.unchanged)
            } else {
                text::compare_summary(summary.added, summary.removed, summary.changed, summary.unchanged)
            }}
        </p>
        {by_adjustment}
        <table class="table compare-categories">
            <caption>{text::COMPARE_BY_CATEGORY}</caption>
            <thead>
                <tr>
                    <th scope="col">{text::COL_CATEGORY}</th>
                    {if deviation {
                        text::DEVIATION_COLUMNS
                    } else {
                        [
                            data::diff::Change::Added.label(),
                            data::version::AdjustmentType::Cancel.label(),
                            data::diff::Change::Changed.label(),
                            data::diff::Change::Unchanged.label(),
                        ]
                    }
                    .map(|label| view! { <th scope="col">{label}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The items of a page grouped by the first adjustment record naming them,
/// in order of first appearance; items no record names come last.
pub(super) fn group_by_adjustment<'a>(
    items: &'a [ItemDiff],
    adjustments: &'a [Adjustment],
) -> Vec<(Option<&'a Adjustment>, Vec<&'a ItemDiff>)> {
    let mut groups: Vec<(Option<&Adjustment>, Vec<&ItemDiff>)> = Vec::new();
    let mut unlinked = Vec::new();
    for item in items {
        let record = item.adjustments.first().and_then(|r| {
            adjustments
                .iter()
                .find(|a| a.adjustment_id == r.adjustment_id)
        });
        match record {
            Some(record) => {
                match groups
                    .iter_mut()
                    .find(|(a, _)| a.is_some_and(|a| a.adjustment_id == record.adjustment_id))
                {
                    Some((_, members)) => members.push(item),
                    None => groups.push((Some(record), vec![item])),
                }
            }
            None => unlinked.push(item),
        }
    }
    if !unlinked.is_empty() {
        groups.push((None, unlinked));
    }
    groups
}

#[component]
fn Comparison(view: CompareView) -> impl IntoView {
    let code = view.department.dept_code.to_string();
    let with = view.with();
    let deviation = view.other.is_some();
    let from_id = view.from.version_id.to_string();
    let to_id = view.to.version_id.to_string();
    let title = text::page_title(&[text::COMPARE, &view.department.name]);
    let heading = match &view.other {
        Some(other) => text::deviation_heading(
            &view.department.name,
            &view.from.label,
            &other.name,
            &view.to.label,
        ),
        None => text::compare_heading(&view.from.label, &view.to.label),
    };
    let same = from_id == to_id && !deviation;
    let groups = group_by_adjustment(&view.items, &view.adjustments)
        .into_iter()
        .enumerate()
        .map(|(index, (record, items))| {
            let heading_id = format!("adjustment-{index}");
            let (title, facts) = match record {
                Some(record) => (
                    format!("{}（{}）", record.type_label, record.adjustment_id),
                    Some(view! { <AdjustmentFacts adjustment=record.clone()/> }),
                ),
                None if deviation => (text::DEVIATION_ITEMS.to_owned(), None),
                None => (text::COMPARE_UNLINKED.to_owned(), None),
            };
            let items = items
                .into_iter()
                .map(|diff| {
                    let chart = view
                        .charts
                        .iter()
                        .find(|c| c.item_id == diff.item_id.as_str())
                        .cloned();
                    view! {
                        <ItemChange
                            diff=diff.clone()
                            chart
                            to_version=to_id.clone()
                            from_version=from_id.clone()
                            deviation
                        />
                    }
                })
                .collect_view();
            view! {
                <section class="section adjustment-group" aria-labelledby=heading_id.clone()>
                    <h2 id=heading_id.clone()>{title}</h2>
                    {facts}
                    {items}
                </section>
            }
            .into_any()
        })
        .collect_view();
    let pages = view.pages();
    let pager = (pages > 1).then(|| {
        let previous = (view.page > 1).then(|| {
            let href = links::compare_with(
                &code,
                with.as_deref(),
                Some(&from_id),
                Some(&to_id),
                Some(view.page - 1),
            );
            view! { <a rel="prev" href=href>{text::PREVIOUS_PAGE}</a> }
        });
        let next = (view.page < pages).then(|| {
            let href = links::compare_with(
                &code,
                with.as_deref(),
                Some(&from_id),
                Some(&to_id),
                Some(view.page + 1),
            );
            view! { <a rel="next" href=href>{text::NEXT_PAGE}</a> }
        });
        view! {
            <nav class="pager" aria-label=text::COMPARE_PAGES>
                {previous}
                " " <span>{text::compare_pages(view.page, pages, view.total)}</span> " "
                {next}
            </nav>
        }
    });
    let body = if same {
        view! { <p class="notice" role="note">{text::COMPARE_SAME}</p> }.into_any()
    } else if view.total == 0 {
        let nothing = if deviation {
            text::DEVIATION_NOTHING
        } else {
            text::COMPARE_NOTHING
        };
        view! { <p class="notice" role="note">{nothing}</p> }.into_any()
    } else {
        view! {
            {pager.clone()}
            <div class="compare-groups">{groups}</div>
            {pager}
        }
        .into_any()
    };
    let crumbs = vec![
        Crumb::link(
            view.department.name.clone(),
            links::department(&code, None, None),
        ),
        Crumb::here(text::COMPARE),
    ];
    view! {
        <Title text=title/>
        <Breadcrumbs crumbs/>
        <div class="page-head">
            <h1>{view.department.name.clone()} " " {text::COMPARE}</h1>
            <p class="page-head__meta">{heading}</p>
        </div>
        <VersionPairForm view=view.clone()/>
        <SummaryView view=view.clone()/>
        <p class="compare-links">
            <a href=links::compare_print(&code, with.as_deref(), Some(&from_id), Some(&to_id))>{text::COMPARE_PRINT_LINK}</a>
            " · "
            <a href=links::compare_api(&code, with.as_deref(), &from_id, &to_id, true)>{text::COMPARE_XLSX_LINK}</a>
            " · "
            <a href=links::compare_api(&code, with.as_deref(), &from_id, &to_id, false)>{text::COMPARE_JSON_LINK}</a>
        </p>
        {body}
    }
    .into_any()
}
