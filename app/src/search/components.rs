//! Pieces of the search pages: the search box, highlighted text, a hit,
//! facet links and paging.

use leptos::html;
use leptos::prelude::*;

use super::api::{FacetView, HitView, SegmentView, suggest_items};
use crate::links::{self, SearchParams};
use crate::text;

/// Text with the matched parts in `<mark>`.
#[component]
pub fn Marked(
    /// The segments.
    segments: Vec<SegmentView>,
) -> impl IntoView {
    segments
        .into_iter()
        .map(|segment| {
            if segment.matched {
                view! { <mark>{segment.text}</mark> }.into_any()
            } else {
                segment.text.into_any()
            }
        })
        .collect_view()
}

/// A GET search form. Without JavaScript it is a plain form to the search
/// page; once hydrated, typing offers item names from the index in a
/// `<datalist>`, which the browser presents as an accessible, keyboard-
/// operable list under the box.
#[component]
pub fn SearchBox(
    /// Distinguishes several boxes on one page (`header`, `home`, `page`).
    id: &'static str,
    /// The text in the box when the page loads.
    #[prop(optional, into)]
    value: String,
    /// A compact box with a hidden label, for the site header.
    #[prop(optional)]
    compact: bool,
    /// Filters to keep when searching again: `(parameter, value)`.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    let keep = keep
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
    view! { <SearchBoxIsland id=id.to_owned() value compact keep/> }
}

/// [`SearchBox`] in the browser: suggestions as the user types.
#[island]
fn SearchBoxIsland(
    id: String,
    value: String,
    compact: bool,
    keep: Vec<(String, String)>,
) -> impl IntoView {
    crate::islands::mark_hydrated();
    let input_id = format!("search-{id}");
    let list_id = format!("search-{id}-suggestions");
    let hint_id = format!("search-{id}-hint");
    let input_ref = NodeRef::<html::Input>::new();
    let suggestions = RwSignal::new(Vec::<String>::new());
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        if typed.trim().is_empty() {
            suggestions.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(names) = suggest_items(typed.clone()).await else {
                return;
            };
            // A slower answer to an earlier keystroke must not win.
            let current = input_ref
                .get_untracked()
                .map(|input| input.value())
                .unwrap_or_default();
            if current == typed {
                suggestions.set(names);
            }
        });
    };
    let options = move || {
        suggestions
            .get()
            .into_iter()
            .map(|name| view! { <option value=name></option> })
            .collect_view()
    };
    let hidden = keep
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view();
    let class = if compact {
        "search-box search-box--compact"
    } else {
        "search-box"
    };
    let label_class = if compact {
        "visually-hidden"
    } else {
        "search-box__label"
    };
    view! {
        <form class=class role="search" method="get" action=links::SEARCH>
            <label class=label_class for=input_id.clone()>
                {text::SEARCH_LABEL}
            </label>
            <div class="search-box__row">
                <input
                    id=input_id
                    type="search"
                    name=links::QUERY_PARAM
                    value=value
                    list=list_id.clone()
                    autocomplete="off"
                    enterkeyhint="search"
                    aria-describedby=(!compact).then(|| hint_id.clone())
                    node_ref=input_ref
                    on:input=on_input
                />
                <datalist id=list_id>{options}</datalist>
                {hidden}
                <button type="submit">{text::SEARCH_BUTTON}</button>
            </div>
            {(!compact).then(|| view! { <p class="search-box__hint" id=hint_id>{text::SEARCH_HINT}</p> })}
        </form>
    }
}

/// One result: the name linking to the item, where it belongs, and the
/// other fields that matched.
#[component]
pub fn HitCard(
    /// The hit.
    hit: HitView,
) -> impl IntoView {
    let href = links::item(hit.item_id.as_str(), None);
    let highlights = hit
        .highlights
        .into_iter()
        .map(|highlight| {
            view! {
                <p class="hit__highlight">
                    <span class="hit__field">{highlight.label} {text::COLON}</span>
                    <Marked segments=highlight.segments/>
                </p>
            }
        })
        .collect_view();
    let level = hit
        .implementing_level
        .map(|level| view! { {text::LIST_SEPARATOR} {level} });
    view! {
        <li class="hit">
            <h2 class="hit__title">
                <a href=href>
                    <Marked segments=hit.name/>
                </a>
            </h2>
            <p class="hit__meta">
                {hit.department_name} {text::LIST_SEPARATOR} {hit.category.name()} {level}
                {text::LIST_SEPARATOR}
                <span class="visually-hidden">{text::ITEM_CODE}</span>
                <span class="code">{hit.item_code}</span>
            </p>
            {highlights}
        </li>
    }
}

/// Facet links: `全部` and each value with its count; the active one is
/// marked with `aria-current` and in words, not by colour alone.
#[component]
pub fn FacetLinks(
    /// The group's heading.
    heading: &'static str,
    /// The values.
    facets: Vec<FacetView>,
    /// The value chosen now, or empty.
    active: String,
    /// The search without this filter; each link sets it.
    base: SearchParams,
    /// Sets the filter on a copy of the parameters.
    set: fn(&mut SearchParams, String),
) -> impl IntoView {
    let link = |key: String, label: String, is_active: bool| {
        let mut params = base.clone();
        params.page = 1;
        set(&mut params, key);
        let href = links::search(&params);
        if is_active {
            view! {
                <li>
                    <a href=href aria-current="true" class="facet facet--active">
                        {label}
                        <span class="facet__chosen">{text::FACET_CHOSEN}</span>
                    </a>
                </li>
            }
            .into_any()
        } else {
            view! {
                <li>
                    <a href=href class="facet">
                        {label}
                    </a>
                </li>
            }
            .into_any()
        }
    };
    let all = link(String::new(), text::FACET_ALL.to_owned(), active.is_empty());
    let values = facets
        .into_iter()
        .map(|facet| {
            let is_active = facet.key == active;
            link(
                facet.key,
                text::facet_label(&facet.label, facet.count),
                is_active,
            )
        })
        .collect_view();
    view! {
        <nav class="facets" aria-label=heading>
            <h2 class="facets__heading">{heading}</h2>
            <ul>
                {all}
                {values}
            </ul>
        </nav>
    }
}

/// Previous and next page, and where the reader is.
#[component]
pub fn Paging(
    /// The search, with the page shown.
    params: SearchParams,
    /// Pages in all.
    n_pages: usize,
) -> impl IntoView {
    let page = params.page.max(1);
    let at = |page: usize| {
        let mut p = params.clone();
        p.page = page;
        links::search(&p)
    };
    let previous = (page > 1).then(|| {
        view! {
            <a href=at(page - 1) rel="prev">
                {text::PREVIOUS_PAGE}
            </a>
        }
    });
    let next = (page < n_pages).then(|| {
        view! {
            <a href=at(page + 1) rel="next">
                {text::NEXT_PAGE}
            </a>
        }
    });
    view! {
        <nav class="paging" aria-label=text::PAGING>
            {previous}
            <span aria-current="page">{text::page_of(page, n_pages)}</span>
            {next}
        </nav>
    }
}
