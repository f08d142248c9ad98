//! The page cache (`server::page_cache`) through one router, as a running
//! server keeps it: a kept page never repeats a nonce, what staff do here
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

#[tokio::test]
async fn a_kept_page_is_served_with_a_fresh_nonce_each_time() {
    let app = TestApp::with_demo().await.one_router();
    let uri = "/items/SJ-XK-001-01";
    let (first_nonce, first) = page(&app, uri).await;
    let (second_nonce, second) = page(&app, uri).await;
    assert_ne!(first_nonce, second_nonce, "a nonce served twice");
    for (nonce, body) in [(&first_nonce, &first), (&second_nonce, &second)] {
        assert!(
            body.contains(&format!("nonce=\"{nonce}\"")),
            "the page's scripts do not carry its policy's nonce"
        );
    }
    assert!(!second.contains(&first_nonce));
    assert_eq!(
        first.replace(&first_nonce, "N"),
        second.replace(&second_nonce, "N")
    );
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
