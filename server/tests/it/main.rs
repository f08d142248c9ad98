//! Server integration tests: one binary, each test with its own in-memory
//! SurrealDB.

mod api;
mod cache;
mod cli;
mod compare;
mod draft_import;
mod editing;
mod feeds;
mod hostile;
mod http;
mod import;
mod integrity;
mod openapi;
mod pages;
mod review;
mod search;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::catalog::Catalog;
use server::store::{Store, TableCounts};
use tower::ServiceExt;

/// Who publishes the tests' fixture files.
pub fn test_importer() -> server::store::ImportedBy {
    server::store::ImportedBy {
        actor: "cli".to_owned(),
        detail: "test fixture".to_owned(),
    }
}

/// A fresh application over an in-memory database.
#[derive(Clone)]
pub struct TestApp {
    pub store: Store,
    /// How the web tier is configured (default: as `sunlit serve`).
    pub config: server::web::WebConfig,
    /// One router kept for every request (its page cache with it), as a
    /// running server has; `None`: a new router per request.
    pub router: Option<axum::Router>,
}

impl TestApp {
    /// An empty database.
    pub async fn new() -> Self {
        let store = Store::open("mem://")
            .await
            .unwrap_or_else(|e| panic!("open mem://: {e}"));
        Self {
            store,
            config: Default::default(),
            router: None,
        }
    }

    /// Keeps one router, built with the current `config`, for all requests.
    pub fn one_router(mut self) -> Self {
        self.router = Some(server::web::app(
            self.store.clone(),
            Self::options(),
            self.config,
        ));
        self
    }

    fn options() -> leptos::config::LeptosOptions {
        leptos::config::LeptosOptions::builder()
            .output_name("sunlit")
            .build()
    }

    /// With both demo files imported.
    pub async fn with_demo() -> Self {
        let app = Self::new().await;
        for (name, text) in server::demo::FILES {
            app.import(text.as_bytes())
                .await
                .unwrap_or_else(|e| panic!("importing {name}: {e}"));
        }
        app
    }

    pub async fn import(
        &self,
        bytes: &[u8],
    ) -> Result<server::import::ImportReport, server::import::ImportFailure> {
        server::import::import_bytes(&self.store, bytes, &test_importer(), |_, _| {}).await
    }

    pub async fn counts(&self) -> TableCounts {
        self.store
            .counts()
            .await
            .unwrap_or_else(|e| panic!("counts: {e}"))
    }

    pub fn catalog(&self) -> Catalog {
        Catalog::new(self.store.clone())
    }

    /// GETs `uri` through the whole router; returns status and body text.
    pub async fn get(&self, uri: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .uri(uri)
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, _, body) = self.send(request).await;
        (status, body)
    }

    /// Sends any request through the whole router; returns status, headers and body text.
    pub async fn send(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, String) {
        let router = match &self.router {
            Some(router) => router.clone(),
            None => server::web::app(self.store.clone(), Self::options(), self.config),
        };
        let uri = request.uri().to_string();
        let response = router.oneshot(request).await.unwrap_or_else(|e| match e {});
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap_or_else(|e| panic!("body of {uri}: {e}"));
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }
}

/// The value of the hidden form field `name` in a page, as a browser would
/// send it.
pub fn hidden_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(value, _)| value.to_owned())
        .unwrap_or_else(|| panic!("no hidden field `{name}` in the page"))
}
