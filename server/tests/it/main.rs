//! Server integration tests: one binary, each test with its own in-memory
//! SurrealDB.

mod api;
mod cli;
mod compare;
mod draft_import;
mod editing;
mod feeds;
mod http;
mod import;
mod openapi;
mod pages;
mod review;
mod search;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use server::catalog::Catalog;
use server::store::{Store, TableCounts};
use tower::ServiceExt;

/// A fresh application over an in-memory database.
pub struct TestApp {
    pub store: Store,
}

impl TestApp {
    /// An empty database.
    pub async fn new() -> Self {
        let store = Store::open("mem://")
            .await
            .unwrap_or_else(|e| panic!("open mem://: {e}"));
        Self { store }
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
        server::import::import_bytes(&self.store, bytes, |_, _| {}).await
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
        let options = leptos::config::LeptosOptions::builder()
            .output_name("sunlit")
            .build();
        let router = server::web::app(self.store.clone(), options, Default::default());
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
