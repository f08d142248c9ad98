//! The department route: loads the list and lays out the page.

use data::Category;
use data::catalog::{count_by_category, group_by_category};
use data::version::VersionStatus;
use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::components::{CategoryGroupView, DownloadLinks, VersionInfo};
use crate::compare::get_version_as_of;
use crate::components::QuerySelect;
use crate::error::ErrorPage;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links::{self, AS_OF_PARAM, CATEGORY_PARAM, VERSION_PARAM};
use crate::portal::{DepartmentView, PortalError, get_department};
use crate::text;

/// The `/departments/:code` route; `?version=` and `?category=XK` choose
/// what is shown.
#[component]
pub fn DepartmentPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let department = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get(VERSION_PARAM).filter(|v| !v.is_empty()),
                query.read().get(AS_OF_PARAM).filter(|v| !v.is_empty()),
            )
        },
        |(code, version, as_of)| async move {
            // `?as_of=` picks the version in force on that date, unless a
            // version is named outright.
            let version = match (version, as_of) {
                (None, Some(date)) => Some(get_version_as_of(code.clone(), date).await?),
                (version, _) => version,
            };
            get_department(code, version).await
        },
    );
    // The category only filters what is already loaded: changing it does not
    // fetch again, and the filter form keeps its focus.
    let category = Memo::new(move |_| query.read().get(CATEGORY_PARAM).unwrap_or_default());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                let requested = category.get_untracked();
                match department.await {
                    Ok(_) if !requested.is_empty() && Category::parse(&requested).is_none() => {
                        let error = PortalError::BadRequest(text::unknown_category(&requested));
                        view! { <ErrorPage error/> }.into_any()
                    }
                    Ok(view) => view! { <Department view category/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page content for a loaded list.
#[component]
fn Department(view: DepartmentView, category: Memo<String>) -> impl IntoView {
    let DepartmentView {
        department,
        version,
        versions,
        items,
        consultation_until,
    } = view;
    let code = department.code.to_string();
    let is_current = version.status == VersionStatus::Published;
    // Links keep the version only when it is not the one in force.
    let shown_version = (!is_current).then(|| version.version_id.to_string());
    let total = items.len();
    let counts = count_by_category(items.iter().map(|i| i.category));

    let version_options = versions
        .iter()
        .map(|v| {
            (
                v.version_id.to_string(),
                text::version_option(&v.label, &v.effective_date.to_chinese(), v.status.label()),
            )
        })
        .collect();
    let mut category_options: Vec<(String, String)> = vec![(
        String::new(),
        text::category_option(text::ALL_CATEGORIES, total),
    )];
    category_options.extend(counts.iter().map(|c| {
        (
            c.category.abbr().to_owned(),
            text::category_option(c.category.name(), c.count),
        )
    }));
    // A category chosen in the address but absent from this version still
    // shows as chosen (with 0), so the form says what the list shows.
    if let Some(chosen) = Category::parse(&category.get_untracked())
        && !counts.iter().any(|c| c.category == chosen)
    {
        category_options.push((
            chosen.abbr().to_owned(),
            text::category_option(chosen.name(), 0),
        ));
    }
    let selected_category = Signal::derive(move || {
        Category::parse(&category.get())
            .map(|c| c.abbr().to_owned())
            .unwrap_or_default()
    });
    let kept_version = Signal::stored(shown_version.clone().unwrap_or_default());

    let groups = Memo::new(move |_| group_by_category(&items, Category::parse(&category.get())));
    let summary = move || match Category::parse(&category.get()) {
        Some(only) => {
            let shown: usize = groups.read().iter().map(|g| g.count).sum();
            text::filtered_summary(only.name(), shown, total)
        }
        None => text::total_items(total),
    };
    let list = {
        let shown_version = shown_version.clone();
        move || {
            let groups = groups.get();
            if groups.is_empty() {
                return view! { <p class="empty">{text::DEPT_EMPTY}</p> }.into_any();
            }
            groups
                .into_iter()
                .map(|group| {
                    view! { <CategoryGroupView group version=shown_version.clone()/> }
                })
                .collect_view()
                .into_any()
        }
    };

    let action = links::department(&code, None, None);
    view! {
        <Title text=text::page_title(&[&department.name])/>
        <Link
            rel="alternate"
            type_="application/atom+xml"
            href=links::department_feed(&code)
            title=text::feed_title(&department.name)
        />
        <Breadcrumbs crumbs=vec![Crumb::here(department.name.clone())]/>
        <div class="page-head">
            <h1>{department.name.clone()}</h1>
        </div>
        {consultation_until.map(|until| {
            let date = data::IsoDate::parse(&until).map(|d| d.to_chinese()).unwrap_or(until);
            view! {
                <p class="notice consultation-notice" role="note">
                    <a href=links::consultation(&code)>{text::consultation_notice(&date)}</a>
                </p>
            }
        })}
        <VersionInfo
            department=department.clone()
            version=version.clone()
            is_current
        />
        <VersionTools code=code.clone() versions=versions.clone() shown=version.version_id.to_string()/>
        <div class="filters">
            <QuerySelect
                action=action.clone()
                name=VERSION_PARAM
                label=text::CHOOSE_VERSION
                button=text::SHOW_VERSION
                options=version_options
                selected=Signal::stored(version.version_id.to_string())
                keep=vec![(CATEGORY_PARAM, selected_category)]
            />
            <QuerySelect
                action
                name=CATEGORY_PARAM
                label=text::FILTER_CATEGORY
                button=text::FILTER
                options=category_options
                selected=selected_category
                keep=vec![(VERSION_PARAM, kept_version)]
                hint=text::FILTER_HINT
                navigate_on_change=true
            />
        </div>
        <p class="list-summary" role="status">{summary}</p>
        <div class="category-groups">{list}</div>
        <DownloadLinks code=code.clone() version=version.version_id.to_string()/>
    }
}

/// Beside the version information: the link to the comparison with the
/// version before the one shown, and the "as of date" form (plain GET).
#[component]
fn VersionTools(
    code: String,
    versions: Vec<data::catalog::VersionSummary>,
    shown: String,
) -> impl IntoView {
    let position = versions.iter().position(|v| v.version_id.as_str() == shown);
    let compare = position.and_then(|p| versions.get(p + 1)).map(|previous| {
        let href = links::compare(
            &code,
            Some(previous.version_id.as_str()),
            Some(&shown),
            None,
        );
        view! {
            <p class="version-tools__compare">
                <a href=href>{text::COMPARE_LINK}</a>
            </p>
        }
    });
    view! {
        <div class="version-tools">
            {compare}
            <form class="query-form" method="get" action=links::department(&code, None, None)>
                <label for="as-of-date">{text::AS_OF}</label>
                <input
                    id="as-of-date"
                    type="date"
                    name=AS_OF_PARAM
                    aria-describedby="as-of-hint"
                />
                <button type="submit">{text::AS_OF_SUBMIT}</button>
                <p class="query-form__hint" id="as-of-hint">{text::AS_OF_HINT}</p>
            </form>
        </div>
    }
}
