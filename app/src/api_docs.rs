//! The `/api` page: the public REST API in Chinese, with an example of each
//! endpoint, for people who want the data rather than the pages.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::layout::{Breadcrumbs, Crumb};
use crate::links;
use crate::text;

/// The `/api` route.
#[component]
pub fn ApiPage() -> impl IntoView {
    let rows = text::API_ENDPOINTS
        .iter()
        .map(|(path, description, example)| {
            view! {
                <tr>
                    <td><code>{*path}</code></td>
                    <td>{*description}</td>
                    <td><a href=*example><code>{*example}</code></a></td>
                </tr>
            }
        })
        .collect_view();
    let notes = text::API_NOTES
        .iter()
        .map(|note| view! { <li>{*note}</li> })
        .collect_view();
    view! {
        <Title text=text::page_title(&[text::API_HEADING])/>
        <Breadcrumbs crumbs=vec![Crumb::here(text::API_HEADING)]/>
        <div class="page-head">
            <h1>{text::API_HEADING}</h1>
            <p class="lead">{text::API_INTRO}</p>
            <p>
                <a href=links::OPENAPI>{text::API_OPENAPI}</a>
            </p>
        </div>
        <section aria-labelledby="api-endpoints" class="section">
            <h2 id="api-endpoints">{text::API_ENDPOINTS_HEADING}</h2>
            <div class="table-scroll">
                <table class="api-table">
                    <thead>
                        <tr>
                            <th scope="col">{text::API_PATH}</th>
                            <th scope="col">{text::API_DESCRIPTION}</th>
                            <th scope="col">{text::API_EXAMPLE}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="api-notes" class="section">
            <h2 id="api-notes">{text::API_NOTES_HEADING}</h2>
            <ul>{notes}</ul>
        </section>
        <section aria-labelledby="api-feeds" class="section">
            <h2 id="api-feeds">{text::API_FEEDS_HEADING}</h2>
            <p>{text::API_FEEDS}</p>
        </section>
    }
}
