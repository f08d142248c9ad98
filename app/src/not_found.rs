//! The 404 page: unknown addresses, departments, items and versions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::{PageStatus, set_page_status};
use crate::links;
use crate::text;

/// The router's fallback for addresses no route matches.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <NotFoundContent/> }
}

/// The 404 content; also shown when a page's data does not exist.
#[component]
pub fn NotFoundContent() -> impl IntoView {
    set_page_status(PageStatus::NotFound);
    view! {
        <Title text=text::page_title(&[text::NOT_FOUND])/>
        <div class="error-page">
            <h1>{text::NOT_FOUND}</h1>
            <p>{text::NOT_FOUND_TEXT}</p>
            <p>
                <a href=links::HOME>{text::BACK_HOME}</a>
            </p>
        </div>
    }
}
