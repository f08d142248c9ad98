//! Parts of the comparison pages: marked text, changed fields, one item's
//! changes, an adjustment record, and the item page's history section.

use data::diff::{
    BasisChange, Change, DiscretionDiff, FieldChange, FlowchartDiff, ItemDiff, TextOp, TextOpKind,
};
use data::version::Adjustment;
use leptos::prelude::*;

use super::{ChartDiffView, ItemHistory, get_item_history};
use crate::components::{Badge, DateText};
use crate::links;
use crate::text;

/// A character diff: insertions in `<ins>`, deletions in `<del>`, each
/// with hidden words so the change is not told by colour or strike-through
/// alone.
#[component]
pub fn DiffText(
    /// The runs.
    ops: Vec<TextOp>,
) -> impl IntoView {
    ops.into_iter()
        .map(|op| match op.op {
            TextOpKind::Equal => view! { <span>{op.text}</span> }.into_any(),
            TextOpKind::Insert => view! {
                <ins>
                    <span class="visually-hidden">{text::INSERTED_START}</span>
                    {op.text}
                    <span class="visually-hidden">{text::MARK_END}</span>
                </ins>
            }
            .into_any(),
            TextOpKind::Delete => view! {
                <del>
                    <span class="visually-hidden">{text::DELETED_START}</span>
                    {op.text}
                    <span class="visually-hidden">{text::MARK_END}</span>
                </del>
            }
            .into_any(),
        })
        .collect_view()
}

/// The value before and after of a field, as text.
pub fn before_after(change: &FieldChange) -> (String, String) {
    change.texts()
}

/// Old and new value, each marked as deleted and inserted.
#[component]
fn Replaced(before: String, after: String) -> impl IntoView {
    view! {
        <span class="diff-pair">
            <span class="diff-pair__label">{text::BEFORE} {text::COLON}</span>
            <del>
                <span class="visually-hidden">{text::DELETED_START}</span>
                {before}
                <span class="visually-hidden">{text::MARK_END}</span>
            </del>
            " " {text::ARROW} " "
            <span class="diff-pair__label">{text::AFTER} {text::COLON}</span>
            <ins>
                <span class="visually-hidden">{text::INSERTED_START}</span>
                {after}
                <span class="visually-hidden">{text::MARK_END}</span>
            </ins>
        </span>
    }
}

/// Changed fields as a description list: label, then the marked text diff
/// (or the old and new value).
#[component]
pub fn FieldChanges(
    /// The changes.
    changes: Vec<FieldChange>,
) -> impl IntoView {
    let rows = changes
        .into_iter()
        .map(|change| {
            let value = if change.text_diff.is_empty() {
                let (before, after) = before_after(&change);
                view! { <Replaced before after/> }.into_any()
            } else {
                view! { <DiffText ops=change.text_diff.clone()/> }.into_any()
            };
            view! {
                <div class="diff-fields__row" data-path=change.path.clone()>
                    <dt>{change.label.clone()}</dt>
                    <dd class="diff-text">{value}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="diff-fields">{rows}</dl> }
}

/// Added, removed and changed legal bases, each as a record.
#[component]
fn LegalBasisChanges(entries: Vec<BasisChange>) -> impl IntoView {
    let rows = entries
        .into_iter()
        .map(|entry| {
            let citation = match entry.change {
                Change::Added => entry.citation_after.clone().unwrap_or_default(),
                Change::Removed => entry.citation_before.clone().unwrap_or_default(),
                _ => entry
                    .citation_after
                    .clone()
                    .or_else(|| entry.citation_before.clone())
                    .unwrap_or_default(),
            };
            let fields = (!entry.fields.is_empty())
                .then(|| view! { <FieldChanges changes=entry.fields.clone()/> });
            let kind = change_kind(entry.change);
            view! {
                <li class=format!("diff-basis diff-basis--{kind}")>
                    <Badge text=entry.change.label() kind=kind/>
                    " "
                    <cite>{citation}</cite>
                    {fields}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="diff-bases">{rows}</ul> }
}

fn change_kind(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Unchanged => "unchanged",
    }
}

/// The flowchart comparison: the marked drawing and its text list.
#[component]
fn FlowchartChanges(diff: FlowchartDiff, svg: Option<String>) -> impl IntoView {
    let drawing = svg.map(|svg| {
        view! {
            <figure class="diff-chart">
                <div class="diff-chart__drawing" inner_html=svg></div>
                <figcaption>{text::DIFF_FLOWCHART_CAPTION}</figcaption>
            </figure>
        }
    });
    let lines = diff
        .text
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! {
        {drawing}
        <ol class="diff-steps">{lines}</ol>
    }
}

/// The discretion comparison as sentences (ranges, tiers, fines).
#[component]
fn DiscretionChanges(diff: DiscretionDiff) -> impl IntoView {
    let lines = diff
        .text
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! { <ul class="diff-discretion">{lines}</ul> }
}

/// One item of a comparison: its name and code, what happened, and every
/// change, section by section.
#[component]
pub fn ItemChange(
    /// The item's comparison.
    diff: ItemDiff,
    /// The drawn flowchart comparison, when the chart changed.
    chart: Option<ChartDiffView>,
    /// The newer version (to link the item).
    to_version: String,
    /// The older version (to link removed items).
    from_version: String,
    /// Two departments' lists compared (同一事项比对): no adjustment is
    /// proposed and the badge says which side lists the item.
    #[prop(optional)]
    deviation: bool,
) -> impl IntoView {
    let kind = change_kind(diff.change);
    let badge = if deviation {
        text::deviation_label(diff.change)
    } else {
        diff.change.label()
    };
    let href = match diff.change {
        Change::Removed => links::item(diff.item_id.as_str(), Some(&from_version)),
        _ => links::item(diff.item_id.as_str(), Some(&to_version)),
    };
    let code = match (&diff.item_code.before, &diff.item_code.after) {
        (Some(before), Some(after)) if before != after => {
            view! { <Replaced before=before.clone() after=after.clone()/> }.into_any()
        }
        (_, Some(code)) | (Some(code), None) => view! { <span>{code.clone()}</span> }.into_any(),
        (None, None) => ().into_any(),
    };
    let proposed = (diff.adjustments.is_empty() && !deviation).then(|| {
        view! {
            <div class="facts__row">
                <dt>{text::PROPOSED_ADJUSTMENT}</dt>
                <dd>{diff.proposed_adjustment.label()}</dd>
            </div>
        }
    });
    let fields =
        (!diff.fields.is_empty()).then(|| view! { <FieldChanges changes=diff.fields.clone()/> });
    let legal = diff
        .legal_basis
        .clone()
        .filter(|l| !l.entries.is_empty())
        .map(|legal| {
            view! {
                <h4>{text::DIFF_LEGAL_BASIS}</h4>
                <LegalBasisChanges entries=legal.entries/>
            }
        });
    let flowchart = diff.flowchart.clone().map(|chart_diff| {
        let svg = chart.and_then(|c| c.svg);
        view! {
            <h4>{text::DIFF_FLOWCHART}</h4>
            <FlowchartChanges diff=chart_diff svg/>
        }
    });
    let discretion = diff.discretion.clone().map(|discretion| {
        view! {
            <h4>{text::DIFF_DISCRETION}</h4>
            <DiscretionChanges diff=discretion/>
        }
    });
    let new_item = diff.item.as_deref().map(|item| {
        let bases = item
            .legal_basis
            .iter()
            .map(|b| view! { <li><cite>{b.citation()}</cite></li> })
            .collect_view();
        view! {
            <h4>{text::DIFF_NEW_ITEM}</h4>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{text::COL_CATEGORY}</dt>
                    <dd>{item.category.name()}</dd>
                </div>
                <div class="facts__row">
                    <dt>{text::IMPLEMENTING_BODY}</dt>
                    <dd>{item.implementing_body.clone()}</dd>
                </div>
            </dl>
            <ul class="diff-bases">{bases}</ul>
        }
    });
    view! {
        <article class=format!("diff-item diff-item--{kind}") data-item=diff.item_id.to_string()>
            <h3 class="diff-item__name">
                <Badge text=badge kind=kind/>
                " "
                <a href=href>{diff.name.clone()}</a>
            </h3>
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{text::CODE_CHANGED}</dt>
                    <dd>{code}</dd>
                </div>
                <div class="facts__row">
                    <dt>{text::COL_CATEGORY}</dt>
                    <dd>{diff.category.name()}</dd>
                </div>
                {proposed}
            </dl>
            {fields}
            {legal}
            {flowchart}
            {discretion}
            {new_item}
        </article>
    }
    .into_any()
}

/// An adjustment record: type, items before and after (M:N), reason, basis
/// and effective date.
#[component]
pub fn AdjustmentFacts(
    /// The record.
    adjustment: Adjustment,
) -> impl IntoView {
    let codes = |codes: &[String]| {
        if codes.is_empty() {
            text::NONE.to_owned()
        } else {
            codes.join("、")
        }
    };
    let basis = (!adjustment.basis.is_empty()).then(|| {
        let items = adjustment
            .basis
            .iter()
            .map(|b| view! { <li><cite>{b.citation()}</cite></li> })
            .collect_view();
        view! {
            <div class="facts__row">
                <dt>{text::ADJ_BASIS}</dt>
                <dd><ul class="plain-list">{items}</ul></dd>
            </div>
        }
    });
    let effective = adjustment.effective_date.map(|date| {
        view! {
            <div class="facts__row">
                <dt>{text::ADJ_EFFECTIVE}</dt>
                <dd><DateText date/></dd>
            </div>
        }
    });
    view! {
        <dl class="facts facts--compact adjustment-facts">
            <div class="facts__row">
                <dt>{text::ADJ_ITEMS_BEFORE}</dt>
                <dd>{codes(&adjustment.items_before)}</dd>
            </div>
            <div class="facts__row">
                <dt>{text::ADJ_ITEMS_AFTER}</dt>
                <dd>{codes(&adjustment.items_after)}</dd>
            </div>
            <div class="facts__row">
                <dt>{text::ADJ_REASON}</dt>
                <dd>{adjustment.reason.clone()}</dd>
            </div>
            {basis}
            {effective}
        </dl>
    }
}

/// The item page's 历次版本: every version of the department that lists
/// the item, where its content changed, with links to the comparisons.
#[component]
pub fn ItemHistorySection(
    /// The item.
    item_id: String,
) -> impl IntoView {
    let history = Resource::new(move || item_id.clone(), get_item_history);
    view! {
        <section class="section" aria-labelledby="history">
            <h2 id="history">{text::HISTORY}</h2>
            <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(history) => view! { <HistoryList history/> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HistoryList(history: ItemHistory) -> impl IntoView {
    let dept = history.dept_code.clone();
    let removed = history.removed_in.clone().map(|version| {
        view! {
            <li class="history__entry">
                <Badge text=Change::Removed.label() kind="removed"/>
                " " {version.label.clone()} " " {text::OPEN_PAREN} <DateText date=version.effective_date/> {text::CLOSE_PAREN}
                " " {text::HISTORY_REMOVED}
            </li>
        }
    });
    let entries = history
        .entries
        .into_iter()
        .map(|entry| {
            let kind = change_kind(entry.change);
            let version_id = entry.version.version_id.to_string();
            let compare = (entry.change == Change::Changed)
                .then_some(entry.previous.as_deref())
                .flatten()
                .map(|previous| {
                    let href = links::compare(&dept, Some(previous), Some(&version_id), None);
                    view! { " " <a href=href>{text::HISTORY_COMPARE}</a> }
                });
            view! {
                <li class="history__entry">
                    <Badge text=entry.change.label() kind=kind/>
                    " "
                    <a href=links::item(&history.item_id, Some(&version_id))>
                        {entry.version.label.clone()}
                    </a>
                    " " {text::OPEN_PAREN} <DateText date=entry.version.effective_date/> {text::CLOSE_PAREN}
                    {compare}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="history">{removed}{entries}</ul> }
}

/// The one-line summary of a comparison: `新增 x 项 · 取消 y 项 · 变更 z 项 · 未变 w 项`.
#[component]
pub fn SummaryLine(
    /// The counts.
    summary: data::diff::Summary,
) -> impl IntoView {
    view! {
        <p class="compare-summary">
            {text::compare_summary(summary.added, summary.removed, summary.changed, summary.unchanged)}
        </p>
    }
}
