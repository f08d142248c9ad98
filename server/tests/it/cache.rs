//! The page cache (`server::page_cache`) through one router, as a running
//! server keeps it: a kept page is the same bytes for everyone (its nonce
//! made from its content), compressed and revalidated, what staff do here
//! shows at once, what happens elsewhere within the time to live, and
//! visitors cannot empty it.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::TestApp;
use crate::editing::{add_users, form};

/// A label only the second demo file publishes (ZR's 2025 version).
const SECOND_VERSION: &str = "示范县自然资源局权责清单（2025年第一次动态调整）";

async fn page(app: &TestApp, uri: &str) -> (String, String) {
    let request = Request::get(uri)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{uri}: no policy"));
    let nonce = policy
        .split_once("'nonce-")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(nonce, _)| nonce.to_owned())
        .unwrap_or_else(|| panic!("{uri}: no nonce in {policy}"));
    (nonce, body)
}

/// The demo's first file only, with the role accounts, behind one router
/// whose pages live `ttl`.
async fn first_version_only(ttl: Duration) -> TestApp {
    let mut app = TestApp::new().await;
    app.import(server::demo::FILES[0].1.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    add_users(&app).await;
    app.config.page_cache = ttl;
    app.one_router()
}

async fn publish_second_version_elsewhere(app: &TestApp) {
    // Into the same database as another process would (the CLI, a second
    // instance): this one is not told.
    let elsewhere = app.store.as_other_process();
    server::import::import_bytes(
        &elsewhere,
        server::demo::FILES[1].1.as_bytes(),
        &crate::test_importer(),
        |_, _| {},
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
}

/// One GET through `app`'s router with `headers`, the body as bytes.
async fn raw(
    app: &TestApp,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    use tower::ServiceExt;
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let router = app.router.clone().unwrap_or_else(|| panic!("one router"));
    let response = router
        .oneshot(
            request
                .body(Body::empty())
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await
        .unwrap_or_else(|e| match e {});
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_else(|e| panic!("{uri}: {e}"));
    (status, headers, body.to_vec())
}

fn header(headers: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn a_kept_page_is_the_same_bytes_for_everyone_and_revalidates() {
    let app = TestApp::with_demo().await.one_router();
    let uri = "/items/SJ-XK-001-01";
    let (first_nonce, first) = page(&app, uri).await;
    let (second_nonce, second) = page(&app, uri).await;
    assert_eq!(first_nonce, second_nonce);
    assert_eq!(first, second);
    assert!(
        first.contains(&format!("nonce=\"{first_nonce}\"")),
        "the page's scripts do not carry its policy's nonce"
    );
    // The client that holds it is told so.
    let (status, headers, _) = raw(&app, uri, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let etag = header(&headers, header::ETAG).to_owned();
    assert!(etag.starts_with('"'), "a strong tag: {etag}");
    assert_eq!(header(&headers, header::CACHE_CONTROL), "no-cache");
    let (status, headers, body) = raw(&app, uri, &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(header(&headers, header::ETAG), etag);

    // Other content has another nonce, and so has the same content in
    // another process (its own key): nobody knows a nonce before its page.
    let (other_nonce, _) = page(&app, "/items/SJ-XK-002-00").await;
    assert_ne!(other_nonce, first_nonce);
    let elsewhere = TestApp::with_demo().await.one_router();
    let (elsewhere_nonce, elsewhere_body) = page(&elsewhere, uri).await;
    assert_ne!(elsewhere_nonce, first_nonce);
    assert_eq!(
        elsewhere_body.replace(&elsewhere_nonce, "N"),
        first.replace(&first_nonce, "N")
    );
}

#[tokio::test]
async fn pages_and_answers_go_out_compressed_as_the_browser_asks() {
    use std::io::Read;
    let app = TestApp::with_demo().await.one_router();
    let uri = "/departments/SJ";
    let (_, plain_headers, plain) = raw(&app, uri, &[]).await;
    assert_eq!(header(&plain_headers, header::CONTENT_ENCODING), "");
    assert_eq!(header(&plain_headers, header::VARY), "accept-encoding");
    for (accept, coding) in [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip")] {
        let (status, headers, body) = raw(&app, uri, &[("accept-encoding", accept)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, header::CONTENT_ENCODING), coding);
        assert_ne!(
            header(&headers, header::ETAG),
            header(&plain_headers, header::ETAG),
            "each coding its own tag"
        );
        let mut back = Vec::new();
        if coding == "br" {
            brotli::BrotliDecompress(&mut &body[..], &mut back).unwrap_or_else(|e| panic!("{e}"));
        } else {
            flate2::read::GzDecoder::new(&body[..])
                .read_to_end(&mut back)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(back, plain, "{coding}");
        assert!(
            body.len() * 3 < plain.len(),
            "{coding}: {} of {}",
            body.len(),
            plain.len()
        );
    }
    // What is made per request too: the API's JSON, compressed on the way
    // out, with its tag made weak (it names the uncompressed bytes).
    let (status, headers, body) = raw(
        &app,
        "/api/v1/departments/SJ/items",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::CONTENT_ENCODING), "gzip");
    assert!(header(&headers, header::ETAG).starts_with("W/\""));
    let mut json = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut json)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(json.contains("SJ-XK-001-01"), "{json}");
    // A PNG is compressed already: as it is.
    let (_, headers, _) = raw(
        &app,
        "/api/v1/items/SJ-XK-001-01/flowchart.png",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(header(&headers, header::CONTENT_ENCODING), "");
}

#[tokio::test]
async fn pages_name_the_site_files_by_their_hash() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(dir.path().join("pkg")).unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in [
        ("pkg/sunlit.css", "main { color: black; }"),
        ("pkg/sunlit.js", "export default function () {}"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let site = server::site::Site::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut app = TestApp::with_demo().await;
    let search = server::search::Search::new(server::catalog::Catalog::new(app.store.clone()));
    let router = server::web::app_with_search(
        app.store.clone(),
        search,
        leptos::config::LeptosOptions::builder()
            .output_name("sunlit")
            .build(),
        app.config,
        Some(site.clone()),
    );
    app.router = Some(router);
    let (status, _, home) = raw(&app, "/", &[]).await;
    let home = String::from_utf8_lossy(&home);
    assert_eq!(status, StatusCode::OK);
    let root = site.root();
    for file in ["pkg/sunlit.css", "pkg/sunlit.js"] {
        let address = format!("{root}/{file}");
        assert!(home.contains(&address), "the page does not name {address}");
        let (status, headers, _) = raw(&app, &address, &[]).await;
        assert_eq!(status, StatusCode::OK, "{address}");
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
    }
    let (status, _, _) = raw(&app, "/s/0000000000000000/pkg/sunlit.css", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn what_staff_do_here_shows_at_once_and_elsewhere_within_the_time_to_live() {
    // Long enough that the test cannot outlive it.
    let app = first_version_only(Duration::from_secs(600)).await;
    let (_, before) = page(&app, "/departments/ZR").await;
    assert!(!before.contains(SECOND_VERSION));
    publish_second_version_elsewhere(&app).await;
    let (_, kept) = page(&app, "/departments/ZR").await;
    assert!(
        !kept.contains(SECOND_VERSION),
        "the page was rendered again before its time"
    );

    // Requests that write nothing public keep it: a failed sign-in, a
    // sign-in, a sign-out, a visitor's comment.
    let (status, _) = app.login("editor-sj", "wrong").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let editor = app.browser("editor-sj").await;
    let request = Request::post("/logout")
        .header(header::COOKIE, editor.cookie.clone().unwrap_or_default())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&[("csrf", &editor.csrf)])))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let request = Request::post("/departments/ZR/consultation")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&[("body", "意见")])))
        .unwrap_or_else(|e| panic!("{e}"));
    app.send(request).await;
    let (_, still) = page(&app, "/departments/ZR").await;
    assert!(!still.contains(SECOND_VERSION));

    // An editor's save on this instance (a draft write: what a
    // consultation page shows) renders it again.
    let editor = app.browser("editor-sj").await;
    let view = app.draft_item(&editor, "SJ", "SJ-XK-001-01").await;
    let mut item = view.item.clone();
    item.remark = Some("缓存测试".into());
    let body =
        serde_json::json!({"csrf": editor.csrf, "dept": "SJ", "item": item, "rev": view.rev});
    let (status, body) = app
        .call_post(&editor, "save_item", body.to_string(), true)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, after) = page(&app, "/departments/ZR").await;
    assert!(
        after.contains(SECOND_VERSION),
        "a stale page after a write here"
    );
}

#[tokio::test]
async fn a_write_elsewhere_shows_once_the_time_to_live_has_passed() {
    let ttl = Duration::from_millis(300);
    let app = first_version_only(ttl).await;
    let (_, before) = page(&app, "/departments/ZR").await;
    assert!(!before.contains(SECOND_VERSION));
    publish_second_version_elsewhere(&app).await;
    tokio::time::sleep(ttl + Duration::from_millis(50)).await;
    let (_, after) = page(&app, "/departments/ZR").await;
    assert!(after.contains(SECOND_VERSION));
}

#[tokio::test]
async fn signed_in_pages_are_never_shared() {
    let app = first_version_only(Duration::from_secs(600)).await;
    let editor = app.browser("editor-sj").await;
    let request = |cookie: Option<&str>| {
        let mut builder = Request::get("/departments/ZR");
        if let Some(cookie) = cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        builder
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (_, _, anonymous) = app.send(request(None)).await;
    publish_second_version_elsewhere(&app).await;
    // The signed-in render is fresh, and it is not kept for visitors.
    let (_, headers, signed_in) = app.send(request(editor.cookie.as_deref())).await;
    assert!(signed_in.contains(SECOND_VERSION));
    assert_eq!(
        headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok()),
        Some("private, no-cache")
    );
    let (_, _, visitor) = app.send(request(None)).await;
    assert!(!anonymous.contains(SECOND_VERSION) && !visitor.contains(SECOND_VERSION));
}
