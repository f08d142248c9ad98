//! The `/search` and `/basis` routes.

use data::Category;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{BasisProblem, BasisView, CitingView, SearchView, citing_items, search_items};
use super::components::{FacetLinks, HitCard, Paging};
use crate::error::ErrorPage;
use crate::layout::{Breadcrumbs, Crumb};
use crate::links::{
    self, CATEGORY_PARAM, DEPARTMENT_PARAM, LAW_PARAM, LEVEL_PARAM, PAGE_PARAM, QUERY_PARAM,
    SearchParams,
};
use crate::text;

/// The search address as typed, before the server checks it.
fn read_params() -> Memo<SearchParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| {
            query
                .get(name)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        SearchParams {
            q: get(QUERY_PARAM),
            department: get(DEPARTMENT_PARAM),
            category: get(CATEGORY_PARAM),
            level: get(LEVEL_PARAM),
            page: get(PAGE_PARAM).parse().unwrap_or(1).max(1),
        }
    })
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// The `/search` route: `?q=`, `?department=`, `?category=`, `?level=`, `?page=`.
#[component]
pub fn SearchPage() -> impl IntoView {
    let params = read_params();
    let results = Resource::new(
        move || params.get(),
        |p| async move {
            if p.q.is_empty()
                && p.department.is_empty()
                && p.category.is_empty()
                && p.level.is_empty()
            {
                return Ok(None);
            }
            search_items(
                p.q.clone(),
                optional(&p.department),
                optional(&p.category),
                optional(&p.level),
                Some(p.page),
            )
            .await
            .map(Some)
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                let shown = params.get_untracked();
                match results.await {
                    Ok(view) => view! { <Search params=shown view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The search page for loaded results (`None`: nothing asked yet).
#[component]
fn Search(params: SearchParams, view: Option<SearchView>) -> impl IntoView {
    let title = if params.q.is_empty() {
        text::page_title(&[text::SEARCH_HEADING])
    } else {
        text::page_title(&[&params.q, text::SEARCH_HEADING])
    };
    let level_options = std::iter::once((String::new(), text::ALL_LEVELS.to_owned()))
        .chain(
            text::LEVELS
                .iter()
                .map(|l| ((*l).to_owned(), (*l).to_owned())),
        )
        .map(|(value, label)| {
            let selected = value == params.level;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let category_options = std::iter::once((String::new(), text::ALL_CATEGORIES.to_owned()))
        .chain(
            Category::ALL
                .iter()
                .map(|c| (c.abbr().to_owned(), c.name().to_owned())),
        )
        .map(|(value, label)| {
            let selected = value.eq_ignore_ascii_case(&params.category);
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let body = match view {
        None => view! { <SearchIntro/> }.into_any(),
        Some(view) => view! { <Results params=params.clone() view/> }.into_any(),
    };
    view! {
        <Title text=title/>
        <Breadcrumbs crumbs=vec![Crumb::here(text::SEARCH_HEADING)]/>
        <div class="page-head">
            <h1>{text::SEARCH_HEADING}</h1>
        </div>
        <form class="search-form" role="search" method="get" action=links::SEARCH>
            <div class="search-form__field search-form__field--wide">
                <label for="search-page">{text::SEARCH_LABEL}</label>
                <input
                    id="search-page"
                    type="search"
                    name=QUERY_PARAM
                    value=params.q.clone()
                    autocomplete="off"
                    aria-describedby="search-page-hint"
                />
                <p class="search-box__hint" id="search-page-hint">{text::SEARCH_HINT}</p>
            </div>
            <div class="search-form__field">
                <label for="search-category">{text::FILTER_CATEGORY}</label>
                <select id="search-category" name=CATEGORY_PARAM>{category_options}</select>
            </div>
            <div class="search-form__field">
                <label for="search-level">{text::FILTER_LEVEL}</label>
                <select id="search-level" name=LEVEL_PARAM>{level_options}</select>
            </div>
            {(!params.department.is_empty()).then(|| view! {
                <input type="hidden" name=DEPARTMENT_PARAM value=params.department.clone()/>
            })}
            <button type="submit">{text::SEARCH_BUTTON}</button>
        </form>
        {body}
    }
}

/// What the page says before anything is searched.
#[component]
fn SearchIntro() -> impl IntoView {
    let examples = text::SEARCH_EXAMPLES
        .iter()
        .map(|example| {
            let href = links::search(&SearchParams {
                q: (*example).to_owned(),
                ..SearchParams::default()
            });
            view! { <li><a href=href>{*example}</a></li> }
        })
        .collect_view();
    view! {
        <p>{text::SEARCH_INTRO}</p>
        <h2>{text::SEARCH_EXAMPLES_HEADING}</h2>
        <ul class="inline-list">{examples}</ul>
        <p>
            {text::BASIS_PROMPT} <a href=links::BASIS>{text::BASIS_HEADING}</a>
        </p>
    }
}

/// Results, facets and paging.
#[component]
fn Results(params: SearchParams, view: SearchView) -> impl IntoView {
    let SearchView {
        total,
        page,
        n_pages,
        matched_all,
        hits,
        departments,
        categories,
    } = view;
    let filtered =
        !params.department.is_empty() || !params.category.is_empty() || !params.level.is_empty();
    if total == 0 {
        let unfiltered = SearchParams {
            q: params.q.clone(),
            ..SearchParams::default()
        };
        return view! {
            <div class="search-empty" role="status">
                <h2>{text::no_results(&params.q)}</h2>
                <ul>
                    <li>{text::NO_RESULTS_SPELLING}</li>
                    <li>{text::NO_RESULTS_WORDS}</li>
                    {filtered.then(|| view! {
                        <li><a href=links::search(&unfiltered)>{text::NO_RESULTS_CLEAR_FILTERS}</a></li>
                    })}
                </ul>
            </div>
        }
        .into_any();
    }
    let partial = (!matched_all).then(|| view! { <p class="notice">{text::PARTIAL_MATCH}</p> });
    let mut without_department = params.clone();
    without_department.department = String::new();
    let mut without_category = params.clone();
    without_category.category = String::new();
    let hits = hits
        .into_iter()
        .map(|hit| view! { <HitCard hit/> })
        .collect_view();
    let paging = (n_pages > 1 || page > 1).then(|| {
        let mut at = params.clone();
        at.page = page;
        view! { <Paging params=at n_pages/> }
    });
    view! {
        <p class="list-summary" role="status">{text::results_summary(&params.q, total)}</p>
        {partial}
        <div class="search-layout">
            <div class="search-facets">
                <FacetLinks
                    heading=text::FACET_CATEGORIES
                    facets=categories
                    active=params.category.to_ascii_uppercase()
                    base=without_category
                    set=|p, key| p.category = key
                />
                <FacetLinks
                    heading=text::FACET_DEPARTMENTS
                    facets=departments
                    active=params.department.clone()
                    base=without_department
                    set=|p, key| p.department = key
                />
            </div>
            <div class="search-results">
                <ol class="hits">{hits}</ol>
                {paging}
            </div>
        </div>
    }
    .into_any()
}

/// The `/basis?law=` route: which items cite a law (and article).
#[component]
pub fn BasisPage() -> impl IntoView {
    let query = use_query_map();
    let law = Memo::new(move |_| {
        query
            .read()
            .get(LAW_PARAM)
            .map(|l| l.trim().to_owned())
            .unwrap_or_default()
    });
    let results = Resource::new(
        move || law.get(),
        |law| async move {
            if law.is_empty() {
                Ok(None)
            } else {
                citing_items(law).await.map(Some)
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">{text::LOADING}</p> }>
            {move || Suspend::new(async move {
                let typed = law.get_untracked();
                match results.await {
                    Ok(view) => view! { <Basis typed view/> }.into_any(),
                    Err(error) => view! { <ErrorPage error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The lookup page for a loaded result.
#[component]
fn Basis(typed: String, view: Option<BasisView>) -> impl IntoView {
    let title = if typed.is_empty() {
        text::page_title(&[text::BASIS_HEADING])
    } else {
        text::page_title(&[&typed, text::BASIS_HEADING])
    };
    let body = match view {
        None => {
            let examples = text::BASIS_EXAMPLES
                .iter()
                .map(|example| view! { <li><a href=links::basis(example)>{*example}</a></li> })
                .collect_view();
            view! {
                <h2>{text::SEARCH_EXAMPLES_HEADING}</h2>
                <ul>{examples}</ul>
            }
            .into_any()
        }
        Some(BasisView::Unreadable(problem)) => {
            let message = match problem {
                BasisProblem::Empty => text::BASIS_EMPTY.to_owned(),
                BasisProblem::MissingTitle => text::BASIS_MISSING_TITLE.to_owned(),
                BasisProblem::Article(rest) => text::basis_bad_article(&rest),
            };
            view! { <p class="notice" role="alert">{message}</p> }.into_any()
        }
        Some(BasisView::Found { citation, items }) => {
            let summary = text::citing_summary(&citation, items.len());
            let list = if items.is_empty() {
                view! { <p>{text::BASIS_NONE}</p> }.into_any()
            } else {
                let rows = items
                    .into_iter()
                    .map(|item| view! { <CitingRow item/> })
                    .collect_view();
                view! { <ol class="hits">{rows}</ol> }.into_any()
            };
            view! {
                <p class="list-summary" role="status">{summary}</p>
                {list}
            }
            .into_any()
        }
    };
    view! {
        <Title text=title/>
        <Breadcrumbs crumbs=vec![Crumb::here(text::BASIS_HEADING)]/>
        <div class="page-head">
            <h1>{text::BASIS_HEADING}</h1>
            <p class="lead">{text::BASIS_INTRO}</p>
        </div>
        <form class="search-form" method="get" action=links::BASIS>
            <div class="search-form__field search-form__field--wide">
                <label for="basis-law">{text::BASIS_LABEL}</label>
                <input
                    id="basis-law"
                    type="search"
                    name=LAW_PARAM
                    value=typed
                    autocomplete="off"
                    aria-describedby="basis-law-hint"
                />
                <p class="search-box__hint" id="basis-law-hint">{text::BASIS_HINT}</p>
            </div>
            <button type="submit">{text::BASIS_BUTTON}</button>
        </form>
        {body}
    }
}

/// One item citing the law.
#[component]
fn CitingRow(item: CitingView) -> impl IntoView {
    let href = links::item(item.item_id.as_str(), None);
    let bases = item.bases.join(text::SEMICOLON);
    view! {
        <li class="hit">
            <h2 class="hit__title">
                <a href=href>{item.name}</a>
            </h2>
            <p class="hit__meta">
                {item.department_name} {text::LIST_SEPARATOR} {item.category.name()}
                {text::LIST_SEPARATOR}
                <span class="visually-hidden">{text::ITEM_CODE}</span>
                <span class="code">{item.item_code}</span>
            </p>
            <p class="hit__highlight">
                <span class="hit__field">{text::CITED_AS} {text::COLON}</span>
                {bases}
            </p>
        </li>
    }
}
