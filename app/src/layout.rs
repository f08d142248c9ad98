//! The frame around every page: skip link, site header, footer, breadcrumbs.

use leptos::prelude::*;

use crate::links;
use crate::search::SearchBox;
use crate::text;

/// The link that lets keyboard and screen-reader users jump past the header.
#[component]
pub fn SkipLink() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">
            {text::SKIP_TO_MAIN}
        </a>
    }
}

/// The site header: name, tagline and main navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <p class="site-name">
                    <a href=links::HOME>{text::SITE_NAME}</a>
                </p>
                <p class="site-tagline">{text::TAGLINE}</p>
                <nav class="site-nav" aria-label=text::MAIN_NAV>
                    <ul>
                        <li>
                            <a href=links::HOME>{text::NAV_HOME}</a>
                        </li>
                        <li>
                            <a href=links::HOME_DEPARTMENTS>{text::NAV_DEPARTMENTS}</a>
                        </li>
                        <li>
                            <a href=links::SEARCH>{text::NAV_SEARCH}</a>
                        </li>
                        <li>
                            <a href=links::BASIS>{text::NAV_BASIS}</a>
                        </li>
                        <AccountNav/>
                    </ul>
                </nav>
                <SearchBox id="header" compact=true/>
            </div>
        </header>
    }
}

/// The signed-in user's links (editor, sign out) or the staff sign-in link.
/// Signing out is a form, so it works without JavaScript.
#[component]
fn AccountNav() -> impl IntoView {
    let me = Resource::new(|| (), |()| crate::workspace::get_me());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! {
                        <li>
                            <a href=links::EDIT_HOME>{text::EDITOR}</a>
                        </li>
                        <li>
                            <form method="post" action=links::LOGOUT class="logout-form">
                                <input type="hidden" name="csrf" value=me.csrf.clone()/>
                                <button type="submit" class="button button--link">
                                    {text::SIGN_OUT} " (" {me.name.clone()} ")"
                                </button>
                            </form>
                        </li>
                    }
                    .into_any(),
                    _ => view! {
                        <li>
                            <a href=links::LOGIN>{text::STAFF_SIGN_IN}</a>
                        </li>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// The site footer.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="container">
                <p>{text::FOOTER_AUTHORITY}</p>
                <p>{text::FOOTER_COMPLAINT}</p>
                <p>{text::SITE_NAME} {text::LIST_SEPARATOR} {text::TAGLINE}</p>
                <p>
                    <a href=links::API_DOCS>{text::NAV_API}</a>
                    {text::LIST_SEPARATOR}
                    <a href=links::REGISTRY_FEED>{text::API_FEEDS_HEADING}</a>
                </p>
            </div>
        </footer>
    }
}

/// One step of a breadcrumb trail; the last one is the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// What the step is called.
    pub label: String,
    /// Where it leads; `None` for the current page.
    pub href: Option<String>,
}

impl Crumb {
    /// A step that links somewhere.
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    /// The current page.
    pub fn here(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            href: None,
        }
    }
}

/// The breadcrumb trail, starting at the home page.
#[component]
pub fn Breadcrumbs(
    /// The steps after 首页.
    crumbs: Vec<Crumb>,
) -> impl IntoView {
    let all = std::iter::once(Crumb::link(text::BREADCRUMB_HOME, links::HOME))
        .chain(crumbs)
        .map(|crumb| match crumb.href {
            Some(href) => view! {
                <li>
                    <a href=href>{crumb.label}</a>
                    <span class="breadcrumbs__sep" aria-hidden="true">
                        {text::BREADCRUMB_SEPARATOR}
                    </span>
                </li>
            }
            .into_any(),
            None => view! {
                <li>
                    <span aria-current="page">{crumb.label}</span>
                </li>
            }
            .into_any(),
        })
        .collect_view();
    view! {
        <nav class="breadcrumbs" aria-label=text::BREADCRUMBS>
            <ol>{all}</ol>
        </nav>
    }
}
