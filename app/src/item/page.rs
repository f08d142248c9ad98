//! The item route: loads the item and lays out its sections.

use data::version::VersionStatus;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::discretion::DiscretionSection;
use super::facts::Facts;
use super::flowchart::FlowchartSection;
use super::sections::{
    AccountabilitySection, DelegationSection, RelatedSection, ReliefSection, RemarkSection,
    ResponsibilitiesSection, VersionsSection,
};
use crate::components::Badge;
use crate::error::ErrorPage;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links::{self, VERSION_PARAM};
use crate::portal::{ItemView, get_item};
use crate::text;

/// Ids of the page's sections, for the table of contents and in-page links.
pub(super) mod anchors {
    /// 基本信息.
    pub const FACTS: &str = "facts";
    /// 运行流程图.
    pub const FLOWCHART: &str = "flowchart";
    /// 裁量基准.
    pub const DISCRETION: &str = "discretion";
    /// 责任事项.
    pub const RESPONSIBILITIES: &str = "responsibilities";
    /// 追责情形.
    pub const ACCOUNTABILITY: &str = "accountability";
    /// 救济途径.
    pub const RELIEF: &str = "relief";
    /// 下放情况.
    pub const DELEGATION: &str = "delegation";
    /// 主项/子项.
    pub const RELATED: &str = "related";
    /// 备注.
    pub const REMARK: &str = "remark";
    /// 版本.
    pub const VERSIONS: &str = "versions";
}

/// The `/items/:item_id` route; `?version=` chooses the version.
#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let item = Resource::new(
        move || {
            (
                params.read().get("item_id").unwrap_or_default(),
                query.read().get(VERSION_PARAM).filter(|v| !v.is_empty()),
            )
        },
        |(item_id, version)| get_item(item_id, version),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(view) => view! { <ItemContent view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page content for a loaded item.
#[component]
fn ItemContent(view: ItemView) -> impl IntoView {
    let ItemView {
        item,
        department,
        version,
        versions,
        parent,
        sub_items,
    } = view;
    let is_current = version.status == VersionStatus::Published;
    let shown_version = (!is_current).then(|| version.version_id.to_string());
    let department_name = department
        .short_name
        .clone()
        .unwrap_or_else(|| department.name.clone());
    let title = text::page_title(&[&item.name, &department_name]);
    let crumbs = vec![
        Crumb::link(
            department.name.clone(),
            links::department(
                department.dept_code.as_str(),
                shown_version.as_deref(),
                None,
            ),
        ),
        Crumb::here(item.name.clone()),
    ];

    let has_related = parent.is_some() || !sub_items.is_empty();
    let has_accountability =
        !item.accountability.situations.is_empty() || !item.accountability.basis.is_empty();
    let toc: Vec<(&str, &str)> = [
        (true, anchors::FACTS, text::ITEM_FACTS),
        (
            item.flowchart.is_some(),
            anchors::FLOWCHART,
            text::FLOWCHART,
        ),
        (
            item.discretion.is_some(),
            anchors::DISCRETION,
            text::DISCRETION,
        ),
        (
            !item.responsibilities.is_empty(),
            anchors::RESPONSIBILITIES,
            text::RESPONSIBILITIES,
        ),
        (
            has_accountability,
            anchors::ACCOUNTABILITY,
            text::ACCOUNTABILITY,
        ),
        (!item.relief.is_empty(), anchors::RELIEF, text::RELIEF),
        (
            item.delegation.is_some(),
            anchors::DELEGATION,
            text::DELEGATION,
        ),
        (
            has_related,
            anchors::RELATED,
            if parent.is_some() {
                text::PARENT_ITEM
            } else {
                text::SUB_ITEMS
            },
        ),
        (
            item.remark.is_some() || item.sub_items_note.is_some(),
            anchors::REMARK,
            text::REMARK,
        ),
        (true, anchors::VERSIONS, text::VERSIONS),
    ]
    .into_iter()
    .filter(|(present, _, _)| *present)
    .map(|(_, id, label)| (id, label))
    .collect();
    let toc = toc
        .into_iter()
        .map(|(id, label)| {
            view! {
                <li>
                    <a href=format!("#{id}")>{label}</a>
                </li>
            }
        })
        .collect_view();

    let version_line = text::version_line(
        &version.label,
        &version.effective_date.to_chinese(),
        version.status.label(),
    );
    let status_badge = (item.status != data::item::ItemStatus::Active)
        .then(|| view! { " " <Badge text=item.status.label() kind="status"/> });

    // Each section is type-erased: the page's full view type would otherwise
    // nest too deeply for the compiler when building for the browser.
    let sections = vec![
        view! { <Facts item=item.clone() department=department.clone()/> }.into_any(),
        item.flowchart
            .clone()
            .map(|flowchart| {
                view! {
                    <FlowchartSection
                        flowchart
                        item_id=item.item_id.to_string()
                        version=shown_version.clone()
                    />
                }
            })
            .into_any(),
        item.discretion
            .clone()
            .map(|discretion| view! { <DiscretionSection discretion/> })
            .into_any(),
        view! { <ResponsibilitiesSection responsibilities=item.responsibilities.clone()/> }
            .into_any(),
        view! { <AccountabilitySection accountability=item.accountability.clone()/> }.into_any(),
        view! { <ReliefSection relief=item.relief.clone()/> }.into_any(),
        item.delegation
            .clone()
            .map(|delegation| view! { <DelegationSection delegation/> })
            .into_any(),
        view! { <RelatedSection parent sub_items version=shown_version/> }.into_any(),
        view! { <RemarkSection remark=item.remark.clone() sub_items_note=item.sub_items_note.clone()/> }
            .into_any(),
        view! { <VersionsSection item_id=item.item_id.to_string() version versions/> }.into_any(),
        view! { <crate::compare::ItemHistorySection item_id=item.item_id.to_string()/> }.into_any(),
    ];

    view! {
        <Title text=title/>
        <Breadcrumbs crumbs/>
        <article class="item">
            <div class="page-head">
                <h1>{item.name.clone()} {status_badge}</h1>
                <p class="page-head__meta">
                    <span class="visually-hidden">{text::VERSION} {text::COLON}</span>
                    {version_line}
                    " "
                    <a href=format!("#{}", anchors::VERSIONS)>{text::CHOOSE_VERSION}</a>
                </p>
            </div>
            {(!is_current)
                .then(|| view! { <p class="notice" role="note">{text::HISTORICAL_NOTICE}</p> })}
            <nav class="toc" aria-label=text::ITEM_TOC>
                <ul>{toc}</ul>
            </nav>
            {sections}
        </article>
    }
}
