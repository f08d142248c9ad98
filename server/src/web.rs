//! The HTTP application: the server-rendered portal, its server functions,
//! the REST API and the static site files, as one axum router.

use app::portal::PortalHandle;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;

use crate::api;
use crate::catalog::Catalog;

/// Builds the whole application; tests drive it without a socket.
pub fn app(catalog: Catalog, options: LeptosOptions) -> Router {
    let routes = generate_route_list(app::App);
    let portal = PortalHandle(Arc::new(catalog.clone()));
    let context = move || provide_context(portal.clone());
    let shell_options = options.clone();
    Router::new()
        .nest_service("/api/v1", api::router(catalog))
        .leptos_routes_with_context(&options, routes, context.clone(), move || {
            app::shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .with_state(options)
}
