//! Parts of the department page: version information and the grouped list.

use data::catalog::{CategoryGroup, DepartmentSummary, ItemSummary, ListEntry, VersionSummary};
use data::item::ItemStatus;
use leptos::prelude::*;

use crate::components::{Badge, DateText, PhoneLink};
use crate::links;
use crate::text;

/// The version shown, the department's supervision phone, and a pointer to
/// the version in force when an older one is shown.
#[component]
pub fn VersionInfo(
    /// The department.
    department: DepartmentSummary,
    /// The version shown.
    version: VersionSummary,
    /// Whether it is the version in force.
    is_current: bool,
) -> impl IntoView {
    let notice = (!is_current)
        .then_some(department.current_version.as_ref())
        .flatten()
        .map(|current| {
            let href = links::department(department.code.as_str(), None, None);
            view! {
                <p class="notice" role="note">
                    {text::HISTORICAL_NOTICE} " "
                    <a href=href>{text::SHOW_CURRENT_VERSION} {text::COLON} {current.label.clone()}</a>
                </p>
            }
        });
    let doc_no = version.published_doc_no.clone().map(|doc_no| {
        view! {
            <div class="facts__row">
                <dt>{text::DOC_NO}</dt>
                <dd>{doc_no}</dd>
            </div>
        }
    });
    let phone = department.supervision_phone.clone().map(|phone| {
        view! {
            <div class="facts__row">
                <dt>{text::SUPERVISION_PHONE}</dt>
                <dd>
                    <PhoneLink phone/>
                </dd>
            </div>
        }
    });
    view! {
        <section class="section version-info" aria-labelledby="version-info">
            <h2 id="version-info">{text::DEPT_VERSION_INFO}</h2>
            {notice}
            <dl class="facts facts--compact">
                <div class="facts__row">
                    <dt>{text::VERSION}</dt>
                    <dd>{version.label.clone()} {text::OPEN_PAREN} {version.version_id.to_string()} {text::CLOSE_PAREN}</dd>
                </div>
                {doc_no}
                <div class="facts__row">
                    <dt>{text::EFFECTIVE_DATE}</dt>
                    <dd>
                        <DateText date=version.effective_date/>
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>{text::VERSION_STATUS}</dt>
                    <dd>
                        <Badge
                            text=version.status.label()
                            kind=if is_current { "current" } else { "superseded" }
                        />
                    </dd>
                </div>
                <div class="facts__row">
                    <dt>{text::ITEM_COUNT}</dt>
                    <dd>{text::n_items(version.n_items)}</dd>
                </div>
                {phone}
            </dl>
        </section>
    }
}

/// The items of one category, main items over their sub-items.
#[component]
pub fn CategoryGroupView(
    /// The group.
    group: CategoryGroup,
    /// The version to link items in, when it is not the one in force.
    version: Option<String>,
) -> impl IntoView {
    let heading_id = format!("category-{}", group.category.abbr());
    let entries = group
        .entries
        .into_iter()
        .map(|entry| view! { <Entry entry version=version.clone()/> })
        .collect_view();
    view! {
        <section class="section category-group" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{text::category_heading(group.category.name(), group.count)}</h2>
            <ul class="item-list">{entries}</ul>
        </section>
    }
}

/// A main item (or a plain item) with its sub-items.
#[component]
fn Entry(entry: ListEntry, version: Option<String>) -> impl IntoView {
    let sub_items = (!entry.sub_items.is_empty()).then(|| {
        let label = text::sub_items_of(&entry.item.name);
        let rows = entry
            .sub_items
            .into_iter()
            .map(|item| {
                view! {
                    <li class="item-entry item-entry--sub">
                        <ItemLine item version=version.clone()/>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="item-list item-list--sub" aria-label=label>{rows}</ul> }
    });
    view! {
        <li class="item-entry">
            <ItemLine item=entry.item version=version.clone()/>
            {sub_items}
        </li>
    }
}

/// One list row: name (linked), code, time limit, badges.
#[component]
fn ItemLine(item: ItemSummary, version: Option<String>) -> impl IntoView {
    let href = links::item(item.item_id.as_str(), version.as_deref());
    let time_limit = item.time_limit.map(|limit| {
        view! {
            <span class="item-entry__limit">{text::TIME_LIMIT} {text::COLON} {limit}</span>
        }
    });
    let status = (item.status != ItemStatus::Active)
        .then(|| view! { <Badge text=item.status.label() kind="status"/> });
    let flowchart = item
        .has_flowchart
        .then(|| view! { <Badge text=text::BADGE_FLOWCHART kind="flowchart"/> });
    let discretion = item
        .has_discretion
        .then(|| view! { <Badge text=text::BADGE_DISCRETION kind="discretion"/> });
    view! {
        <div class="item-entry__line">
            <a class="item-entry__name" href=href>
                {item.name}
            </a>
            <span class="item-entry__meta">
                <span class="item-entry__code">{text::ITEM_CODE} {text::COLON} {item.item_code}</span>
                {time_limit}
                {status}
                {flowchart}
                {discretion}
            </span>
        </div>
    }
}

/// Ways to take the list away: the version shown as interchange JSON, Excel
/// and CSV, the whole registry, and the department's Atom feed.
#[component]
pub fn DownloadLinks(
    /// The department's code.
    code: String,
    /// The version shown.
    version: String,
) -> impl IntoView {
    let downloads: [(String, &'static str, Option<&'static str>); 7] = [
        (
            links::version_export(&code, &version),
            text::DOWNLOAD_JSON,
            Some("application/json"),
        ),
        (
            links::version_sheet(&code, &version, "xlsx"),
            text::DOWNLOAD_XLSX,
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
        (
            links::version_sheet(&code, &version, "csv"),
            text::DOWNLOAD_CSV,
            Some("text/csv"),
        ),
        (
            links::version_sheet(&code, &version, "csv.zip"),
            text::DOWNLOAD_CSV_ZIP,
            Some("application/zip"),
        ),
        (
            links::REGISTRY_EXPORT.to_owned(),
            text::DOWNLOAD_REGISTRY,
            Some("application/json"),
        ),
        (
            links::REGISTRY_ZIP.to_owned(),
            text::DOWNLOAD_REGISTRY_ZIP,
            Some("application/zip"),
        ),
        (links::department_feed(&code), text::SUBSCRIBE_FEED, None),
    ];
    let rows = downloads
        .into_iter()
        .map(|(href, label, media)| {
            let download = media.is_some().then_some("");
            view! {
                <li>
                    <a href=href download=download type=media>
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="downloads" aria-labelledby="downloads">
            <h2 id="downloads">{text::DOWNLOADS}</h2>
            <ul>{rows}</ul>
        </section>
    }
}
