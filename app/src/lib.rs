//! The Sunlit web UI: the application shell, routes and hydration entry.
//!
//! Pages live in feature modules; this file holds only the shell.
// The item page's view type nests deeper than the default query depth
// allows when compiled for hydration.
#![recursion_limit = "256"]

pub mod api_docs;
pub mod compare;
pub mod components;
pub mod department;
pub mod editor;
pub mod error;
pub mod home;
pub mod islands;
pub mod item;
pub mod layout;
pub mod links;
pub mod not_found;
pub mod portal;
pub mod review;
pub mod search;
pub mod security;
pub mod text;
pub mod workspace;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api_docs::ApiPage;
use crate::department::DepartmentPage;
use crate::home::HomePage;
use crate::item::ItemPage;
use crate::layout::{SiteFooter, SiteHeader, SkipLink};
use crate::not_found::NotFound;
use crate::search::{BasisPage, SearchPage};

/// Where the site's files are addressed: `/s/{hash of the build}` when the
/// server holds them by content (`server::site`), so browsers keep them;
/// empty for the plain `/pkg/…` addresses.
#[derive(Debug, Clone, Default)]
pub struct AssetRoot(pub String);

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let root = use_context::<AssetRoot>().unwrap_or_default().0;
    let stylesheet = format!("{root}/pkg/sunlit.css");
    // The page's policy names the nonce leptos_axum drew for this render.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = http::HeaderValue::from_str(&security::page_policy(&nonce))
    {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.ico"/>
                <AutoReload options=options.clone()/>
                <link rel="stylesheet" id="leptos" href=stylesheet/>
                <HydrationScripts options root islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: routes of the public portal.
///
/// Every route renders with [`SsrMode::Async`]: the server sends complete
/// pages, readable without JavaScript (out-of-order streaming would leave
/// `Suspense` content to scripts), and can still set the status code.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Only islands hydrate: data that pages load outside them is not sent
    // to the browser, and island resources are numbered among themselves,
    // as the browser numbers them (islands switch this on for their bodies).
    #[cfg(feature = "ssr")]
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <Title text=text::SITE_NAME/>
        <Router>
            <SkipLink/>
            <SiteHeader/>
            <main id="main" tabindex="-1" class="container">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/departments/:code")
                        view=DepartmentPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/departments/:code/compare")
                        view=compare::ComparePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/departments/:code/compare/print")
                        view=compare::ComparePrintPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/departments/:code/consultation")
                        view=review::ConsultationPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/items/:item_id") view=ItemPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=editor::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/edit") view=editor::home::EditHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/edit/:code") view=editor::draft::DraftPage ssr=SsrMode::Async/>
                    <Route path=path!("/edit/:code/review") view=review::ReviewPage ssr=SsrMode::Async/>
                    <Route
                        path=path!("/edit/:code/items/:item_id")
                        view=editor::item::EditItemPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/edit/:code/import")
                        view=editor::import::ImportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/edit/:code/import/:token")
                        view=editor::import::ImportPreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/admin/audit") view=editor::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/departments") view=editor::departments::DepartmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/basis") view=BasisPage ssr=SsrMode::Async/>
                    <Route path=path!("/api") view=ApiPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The entry point, called by the generated JS in the browser before it
/// hydrates each island.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // A page without islands is as interactive as it gets (the islands of
    // other pages mark it themselves: islands::mark_hydrated).
    let islands = document().query_selector("leptos-island").ok().flatten();
    if islands.is_none()
        && let Some(body) = document().body()
    {
        let _ = body.set_attribute("data-hydrated", "");
    }
}
