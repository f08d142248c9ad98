//! The home page: what Sunlit is, the departments and recent versions.

use data::catalog::{DepartmentSummary, VersionSummary};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::DateText;
use crate::error::ErrorPage;
use crate::links;
use crate::portal::{HomeView, get_home};
use crate::search::SearchBox;
use crate::text;

/// The home page route.
#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |()| get_home());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(view) => view! { <Home view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The home page content.
#[component]
fn Home(view: HomeView) -> impl IntoView {
    let departments = if view.departments.is_empty() {
        view! { <p>{text::HOME_EMPTY}</p> }.into_any()
    } else {
        let cards = view
            .departments
            .into_iter()
            .map(|department| view! { <DepartmentCard department/> })
            .collect_view();
        view! { <ul class="card-grid">{cards}</ul> }.into_any()
    };
    let recent = if view.recent_versions.is_empty() {
        view! { <p>{text::HOME_NO_RECENT}</p> }.into_any()
    } else {
        let rows = view
            .recent_versions
            .into_iter()
            .map(|version| view! { <RecentVersion version/> })
            .collect_view();
        view! { <ul class="recent-list">{rows}</ul> }.into_any()
    };
    view! {
        <Title text=text::page_title(&[text::HOME_HEADING])/>
        <div class="page-head">
            <h1>{text::HOME_HEADING}</h1>
            <p class="lead">{text::MISSION}</p>
        </div>
        <SearchBox id="home"/>
        <section aria-labelledby="departments" class="section">
            <h2 id="departments">{text::HOME_DEPARTMENTS}</h2>
            {departments}
        </section>
        <section aria-labelledby="recent" class="section">
            <h2 id="recent">{text::HOME_RECENT}</h2>
            {recent}
        </section>
    }
}

/// One department on the home page.
#[component]
fn DepartmentCard(department: DepartmentSummary) -> impl IntoView {
    let href = links::department(department.code.as_str(), None, None);
    // Each count stays on one line; lines break only between counts.
    let counts = department
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let separator = (i > 0).then_some(text::LIST_SEPARATOR);
            view! {
                {separator}
                <span class="nowrap">{text::category_count(c.category.name(), c.count)}</span>
            }
        })
        .collect_view();
    let version = match department.current_version {
        Some(version) => view! {
            <p class="card__version">
                <span class="visually-hidden">{text::HOME_CURRENT_VERSION} {text::COLON}</span>
                {version.label}
            </p>
            <p class="card__date">
                {text::EFFECTIVE_DATE} {text::COLON} <DateText date=version.effective_date/>
            </p>
        }
        .into_any(),
        None => view! { <p class="card__version">{text::HOME_NO_VERSION}</p> }.into_any(),
    };
    view! {
        <li class="card">
            <h3 class="card__title">
                <a href=href>{department.name}</a>
            </h3>
            <p class="card__count">{text::n_items(department.n_items)}</p>
            <p class="card__categories">{counts}</p>
            {version}
        </li>
    }
}

/// One recently published version.
#[component]
fn RecentVersion(version: VersionSummary) -> impl IntoView {
    let href = links::department(
        version.dept_code.as_str(),
        Some(version.version_id.as_str()),
        None,
    );
    view! {
        <li class="recent">
            <a href=href class="recent__label">
                {version.label}
                <span class="visually-hidden">{text::OPEN_PAREN} {version.department_name.clone()} {text::CLOSE_PAREN}</span>
            </a>
            <span class="recent__meta">
                {version.department_name} {text::LIST_SEPARATOR}
                <DateText date=version.effective_date/>
            </span>
        </li>
    }
}
