//! The `/departments/:code/compare/print` route: the 新旧对照表 of two
//! versions, one row per changed item, for printing and filing.

use data::diff::{Change, ItemDiff};
use data::version::Adjustment;
use leptos::prelude::*;
use leptos_meta::Title;

use super::CompareView;
use super::components::before_after;
use super::page::compare_resource;
use crate::error::ErrorPage;
use crate::links;
use crate::text;

/// The printable comparison table.
#[component]
pub fn ComparePrintPage() -> impl IntoView {
    let comparison = compare_resource(true);
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match comparison.await {
                    Ok(view) => view! { <PrintTable view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The lines of one side of an item's changes: `label：value` per field,
/// legal bases by citation; the newer side also gets the step and tier
/// sentences of the flowchart and discretion comparisons.
fn side_lines(diff: &ItemDiff, after: bool) -> Vec<String> {
    let mut lines = Vec::new();
    match diff.change {
        Change::Added if !after => return vec![text::NONE.to_owned()],
        Change::Removed if after => return vec![text::NONE.to_owned()],
        Change::Added | Change::Removed => {
            lines.push(diff.name.clone());
            let code = if after {
                &diff.item_code.after
            } else {
                &diff.item_code.before
            };
            lines.extend(code.clone());
            return lines;
        }
        Change::Changed | Change::Unchanged => {}
    }
    if diff.item_code.before != diff.item_code.after {
        let code = if after {
            &diff.item_code.after
        } else {
            &diff.item_code.before
        };
        lines.push(format!(
            "{}{}{}",
            text::CODE_CHANGED,
            text::COLON,
            code.clone().unwrap_or_default()
        ));
    }
    for field in &diff.fields {
        let (before, after_text) = before_after(field);
        let value = if after { after_text } else { before };
        lines.push(format!("{}{}{value}", field.label, text::COLON));
    }
    if let Some(legal) = &diff.legal_basis {
        for entry in &legal.entries {
            let citation = if after {
                &entry.citation_after
            } else {
                &entry.citation_before
            };
            if let Some(citation) = citation {
                lines.push(format!(
                    "{}{}{citation}",
                    text::DIFF_LEGAL_BASIS,
                    text::COLON
                ));
            }
        }
    }
    if after {
        if let Some(chart) = &diff.flowchart {
            lines.extend(
                chart
                    .text
                    .iter()
                    .map(|t| format!("{}{}{t}", text::DIFF_FLOWCHART, text::COLON)),
            );
        }
        if let Some(discretion) = &diff.discretion {
            lines.extend(
                discretion
                    .text
                    .iter()
                    .map(|t| format!("{}{}{t}", text::DIFF_DISCRETION, text::COLON)),
            );
        }
    }
    lines
}

fn reason_lines(diff: &ItemDiff, adjustments: &[Adjustment]) -> Vec<String> {
    diff.adjustments
        .iter()
        .filter_map(|r| {
            adjustments
                .iter()
                .find(|a| a.adjustment_id == r.adjustment_id)
        })
        .flat_map(|a| std::iter::once(a.reason.clone()).chain(a.basis.iter().map(|b| b.citation())))
        .collect()
}

fn lines_view(lines: Vec<String>) -> impl IntoView {
    lines
        .into_iter()
        .map(|line| view! { <p>{line}</p> })
        .collect_view()
}

#[component]
fn PrintTable(view: CompareView) -> impl IntoView {
    let code = view.department.dept_code.to_string();
    let from_id = view.from.version_id.to_string();
    let to_id = view.to.version_id.to_string();
    let with = view.with();
    let heading = format!("{}{}", view.department.name, text::COMPARE_PRINT);
    let subtitle = match &view.other {
        Some(other) => text::deviation_heading(
            &view.department.name,
            &view.from.label,
            &other.name,
            &view.to.label,
        ),
        None => text::compare_heading(&view.from.label, &view.to.label),
    };
    let summary = if view.other.is_some() {
        text::deviation_summary(
            view.summary.removed,
            view.summary.added,
            view.summary.changed,
            view.summary.unchanged,
        )
    } else {
        text::compare_summary(
            view.summary.added,
            view.summary.removed,
            view.summary.changed,
            view.summary.unchanged,
        )
    };
    let rows = view
        .items
        .iter()
        .enumerate()
        .map(|(index, diff)| {
            let adjustment = if view.other.is_some() {
                text::deviation_label(diff.change).to_owned()
            } else if diff.adjustments.is_empty() {
                diff.proposed_adjustment.label().to_owned()
            } else {
                diff.adjustments
                    .iter()
                    .map(|a| a.type_label.clone())
                    .collect::<Vec<_>>()
                    .join("；")
            };
            let code = diff
                .item_code
                .after
                .clone()
                .or_else(|| diff.item_code.before.clone())
                .unwrap_or_default();
            view! {
                <tr>
                    <td>{index + 1}</td>
                    <th scope="row">{diff.name.clone()} <br/> <span class="print-table__code">{code}</span></th>
                    <td>{adjustment}</td>
                    <td>{lines_view(side_lines(diff, false))}</td>
                    <td>{lines_view(side_lines(diff, true))}</td>
                    <td>{lines_view(reason_lines(diff, &view.adjustments))}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=text::page_title(&[text::COMPARE_PRINT, &view.department.name])/>
        <div class="print-page">
            <p class="no-print">
                <a href=links::compare_with(&code, with.as_deref(), Some(&from_id), Some(&to_id), None)>{text::COMPARE_BACK}</a>
            </p>
            <h1>{heading}</h1>
            <p>{subtitle}</p>
            <p class="compare-summary">{summary}</p>
            <table class="table print-table">
                <thead>
                    <tr>
                        <th scope="col">{text::COL_NO}</th>
                        <th scope="col">{text::COL_ITEM}</th>
                        <th scope="col">{text::COL_ADJUSTMENT}</th>
                        <th scope="col">{text::COL_BEFORE}</th>
                        <th scope="col">{text::COL_AFTER}</th>
                        <th scope="col">{text::COL_REASON}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
