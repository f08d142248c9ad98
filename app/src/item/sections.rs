//! The item page's sections after the facts: duties, accountability,
//! relief, delegation, related items, remarks and versions.

use data::catalog::{ItemSummary, VersionSummary};
use data::item::{Accountability, Delegation, Responsibility};
use leptos::prelude::*;

use super::facts::{FactRow, LegalBasisList};
use super::page::anchors;
use crate::components::{DateText, QuerySelect};
use crate::links::{self, VERSION_PARAM};
use crate::text;

/// 责任事项: a table of stage → duty.
#[component]
pub fn ResponsibilitiesSection(
    /// The duties, in the order published.
    responsibilities: Vec<Responsibility>,
) -> impl IntoView {
    (!responsibilities.is_empty()).then(|| {
        let rows = responsibilities
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row">{r.stage}</th>
                        <td>{r.duty}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="section" aria-labelledby=anchors::RESPONSIBILITIES>
                <h2 id=anchors::RESPONSIBILITIES>{text::RESPONSIBILITIES}</h2>
                <div class="table-wrap">
                    <table class="duties">
                        <thead>
                            <tr>
                                <th scope="col">{text::STAGE}</th>
                                <th scope="col">{text::DUTY}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
    })
}

/// 追责情形 and 问责依据.
#[component]
pub fn AccountabilitySection(
    /// Situations and bases.
    accountability: Accountability,
) -> impl IntoView {
    let Accountability { situations, basis } = accountability;
    (!situations.is_empty() || !basis.is_empty()).then(|| {
        let situations = (!situations.is_empty()).then(|| {
            let items = situations
                .into_iter()
                .map(|s| view! { <li>{s}</li> })
                .collect_view();
            view! { <ol class="plain-list">{items}</ol> }
        });
        let basis = (!basis.is_empty()).then(|| {
            view! {
                <h3>{text::ACCOUNTABILITY_BASIS}</h3>
                <LegalBasisList bases=basis show_role=false/>
            }
        });
        view! {
            <section class="section" aria-labelledby=anchors::ACCOUNTABILITY>
                <h2 id=anchors::ACCOUNTABILITY>{text::ACCOUNTABILITY}</h2>
                {situations}
                {basis}
            </section>
        }
    })
}

/// 救济途径.
#[component]
pub fn ReliefSection(
    /// 行政复议, 行政诉讼 …
    relief: Vec<String>,
) -> impl IntoView {
    (!relief.is_empty()).then(|| {
        let items = relief
            .into_iter()
            .map(|r| view! { <li>{r}</li> })
            .collect_view();
        view! {
            <section class="section" aria-labelledby=anchors::RELIEF>
                <h2 id=anchors::RELIEF>{text::RELIEF}</h2>
                <ul class="plain-list">{items}</ul>
            </section>
        }
    })
}

/// 下放/委托: where the power went and what the department keeps.
#[component]
pub fn DelegationSection(
    /// The delegation.
    delegation: Delegation,
) -> impl IntoView {
    let retained = (!delegation.retained_duties.is_empty())
        .then(|| view! { <FactRow term=text::RETAINED_DUTIES>{delegation.retained_duties.join(text::ENUMERATION_SEPARATOR)}</FactRow> });
    let from = delegation
        .from
        .clone()
        .map(|from| view! { <FactRow term=text::DELEGATION_FROM>{from}</FactRow> });
    let date = delegation.effective_date.map(|date| {
        view! {
            <FactRow term=text::DELEGATION_DATE>
                <DateText date/>
            </FactRow>
        }
    });
    view! {
        <section class="section" aria-labelledby=anchors::DELEGATION>
            <h2 id=anchors::DELEGATION>{text::DELEGATION}</h2>
            <dl class="facts">
                <FactRow term=text::DELEGATION_MODE>{delegation.mode.clone()}</FactRow>
                {from}
                <FactRow term=text::DELEGATION_TO>{delegation.to.clone()}</FactRow>
                {retained}
                {date}
            </dl>
        </section>
    }
}

/// The main item of a sub-item, or the sub-items of a main item.
#[component]
pub fn RelatedSection(
    /// The main item, for a sub-item.
    parent: Option<ItemSummary>,
    /// The sub-items, for a main item.
    sub_items: Vec<ItemSummary>,
    /// The version to link in, when it is not the one in force.
    version: Option<String>,
) -> impl IntoView {
    let link = move |item: ItemSummary| {
        let href = links::item(item.item_id.as_str(), version.as_deref());
        view! {
            <a href=href>{item.name}</a>
            " "
            <span class="code">{item.item_code}</span>
        }
    };
    if let Some(parent) = parent {
        view! {
            <section class="section" aria-labelledby=anchors::RELATED>
                <h2 id=anchors::RELATED>{text::PARENT_ITEM}</h2>
                <p>{text::PARENT_ITEM_INTRO} {link(parent)}</p>
            </section>
        }
        .into_any()
    } else if !sub_items.is_empty() {
        let items = sub_items
            .into_iter()
            .map(|item| view! { <li>{link.clone()(item)}</li> })
            .collect_view();
        view! {
            <section class="section" aria-labelledby=anchors::RELATED>
                <h2 id=anchors::RELATED>{text::SUB_ITEMS}</h2>
                <ul class="plain-list">{items}</ul>
            </section>
        }
        .into_any()
    } else {
        ().into_any()
    }
}

/// 备注 and the note on how sub-items are split.
#[component]
pub fn RemarkSection(
    /// 备注.
    remark: Option<String>,
    /// 子项说明.
    sub_items_note: Option<String>,
) -> impl IntoView {
    (remark.is_some() || sub_items_note.is_some()).then(|| {
        view! {
            <section class="section" aria-labelledby=anchors::REMARK>
                <h2 id=anchors::REMARK>{text::REMARK}</h2>
                {remark.map(|remark| view! { <p>{remark}</p> })}
                {sub_items_note.map(|note| view! { <p>{text::SUB_ITEMS_NOTE} {text::COLON} {note}</p> })}
            </section>
        }
    })
}

/// The version shown and a selector of the versions containing the item.
#[component]
pub fn VersionsSection(
    /// The item's id.
    item_id: String,
    /// The version shown.
    version: VersionSummary,
    /// The versions containing the item, newest first.
    versions: Vec<VersionSummary>,
) -> impl IntoView {
    let line = text::version_line(
        &version.label,
        &version.effective_date.to_chinese(),
        version.status.label(),
    );
    let doc_no = version
        .published_doc_no
        .clone()
        .map(|doc_no| view! { <p>{text::DOC_NO} {text::COLON} {doc_no}</p> });
    let selector = if versions.len() > 1 {
        let options = versions
            .iter()
            .map(|v| {
                (
                    v.version_id.to_string(),
                    text::version_option(
                        &v.label,
                        &v.effective_date.to_chinese(),
                        v.status.label(),
                    ),
                )
            })
            .collect();
        view! {
            <QuerySelect
                action=links::item(&item_id, None)
                name=VERSION_PARAM
                label=text::CHOOSE_VERSION
                button=text::SHOW_VERSION
                options
                selected=Signal::stored(version.version_id.to_string())
            />
        }
        .into_any()
    } else {
        view! { <p>{text::ONLY_VERSION}</p> }.into_any()
    };
    view! {
        <section class="section" aria-labelledby=anchors::VERSIONS>
            <h2 id=anchors::VERSIONS>{text::VERSIONS}</h2>
            <p>{line}</p>
            {doc_no}
            {selector}
        </section>
    }
}
