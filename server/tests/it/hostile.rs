//! Hostile input and abuse (issue 14): no file, request or crowd takes the
//! service down or leads a user off-site. Over the whole router and a real
//! (in-memory) SurrealDB, as an attacker or a careless uploader would send.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};

use crate::TestApp;
use crate::editing::{PASSWORD, app_with_users, form};

const SHEET_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/src/sheet/fixtures");

fn sheet_fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{SHEET_FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A 1.7 KB workbook with cells at A1 and XFD1048576 once made the
/// reader allocate 512 GB and abort the process, for every user of the
/// site. Through the web upload it is now refused in Chinese, naming the
/// sheet, the cell and the limit, and the site goes on answering.
#[tokio::test]
async fn a_workbook_claiming_a_huge_area_is_refused_and_the_site_keeps_serving() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let before = app.counts().await;
    let (status, upload, body) = app
        .upload(
            &editor,
            "SJ",
            "far_cells.xlsx",
            &sheet_fixture("far_cells.xlsx"),
        )
        .await;
    let page = match upload {
        Some(upload) => app.preview_page(&editor, &upload).await,
        None => body,
    };
    assert!(
        status.is_redirection() || status.is_client_error(),
        "{status}"
    );
    assert!(
        page.contains(
            "工作表「权责清单」在 XFD1048576 处超出了上限：一个工作表最多 50000 行、200 列"
        ),
        "{page}"
    );
    let after = app.counts().await;
    assert_eq!(
        (after.versions, after.item_revisions),
        (before.versions, before.item_revisions)
    );
    // Still serving, to everyone.
    let (status, _, _) = app
        .send(
            Request::get("/")
                .body(Body::empty())
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// `next` after sign-in stays on this site: the tab that browsers drop
/// (`/\t/evil.example` became `//evil.example`), backslashes, schemes and
/// doubled or encoded slashes all land on `/edit`.
#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = app_with_users().await;
    for (next, expected) in [
        ("/\t/evil.example", "/edit"),
        ("/\n/evil.example", "/edit"),
        ("/\\evil.example", "/edit"),
        ("\\\\evil.example", "/edit"),
        ("//evil.example", "/edit"),
        ("%2F%2Fevil.example", "/edit"),
        ("https://evil.example", "/edit"),
        ("javascript:alert(1)", "/edit"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
        ("/edit/SJ", "/edit/SJ"),
    ] {
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("name", "editor-sj"),
                ("password", PASSWORD),
                ("next", next),
            ])))
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, headers, _) = app.send(request).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{next:?}");
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert_eq!(location, expected, "next={next:?}");
    }
}

/// A wrong-password sign-in from `address` (as the socket reports it),
/// optionally through a proxy that sets `X-Forwarded-For`; `true` when
/// the password was checked (and refused), `false` when throttled.
async fn wrong_password(app: &TestApp, address: &str, forwarded: Option<&str>) -> bool {
    let mut request =
        Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request
        .body(Body::from(form(&[
            ("name", "editor-sj"),
            ("password", "wrong password"),
        ])))
        .unwrap_or_else(|e| panic!("{e}"));
    let peer: SocketAddr = format!("{address}:50000")
        .parse()
        .unwrap_or_else(|e| panic!("{e}"));
    request.extensions_mut().insert(ConnectInfo(peer));
    let (_, headers, _) = app.send(request).await;
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    match location.split('&').next() {
        Some("/login?error=invalid") => true,
        Some("/login?error=throttled") => false,
        _ => panic!("unexpected answer: {location}"),
    }
}

/// Forty wrong passwords for one account at once: exactly the limit are
/// checked (the check and the record were two steps, and 14 got through).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_passwords_are_checked_no_more_than_the_limit() {
    let app = app_with_users().await;
    let mut tries = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let app = app.clone();
        tries.spawn(async move { wrong_password(&app, "198.51.100.7", None).await });
    }
    let checked = tries.join_all().await.into_iter().filter(|c| *c).count();
    assert_eq!(
        checked,
        usize::try_from(server::accounts::MAX_FAILURES_PER_ACCOUNT).unwrap_or(0)
    );
    // Someone elsewhere (the account's own user) still gets in.
    let mut request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form(&[
            ("name", "editor-sj"),
            ("password", PASSWORD),
        ])))
        .unwrap_or_else(|e| panic!("{e}"));
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 5], 50000))));
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers.get(header::SET_COOKIE).is_some(), "{headers:?}");
}

/// Behind a trusted reverse proxy every request comes from the proxy:
/// the client is read from `X-Forwarded-For`, so one client's failures
/// do not lock out the others; without `--trusted-proxy` the header is
/// ignored, so a client cannot dodge the throttle by inventing addresses.
#[tokio::test]
async fn the_client_address_behind_a_proxy() {
    let mut app = app_with_users().await;
    let limit = usize::try_from(server::accounts::MAX_FAILURES_PER_ACCOUNT).unwrap_or(0);
    // Not trusted: invented addresses are all the one peer.
    for n in 0..limit {
        let forwarded = format!("203.0.113.{n}");
        assert!(wrong_password(&app, "198.51.100.9", Some(&forwarded)).await);
    }
    assert!(!wrong_password(&app, "198.51.100.9", Some("203.0.113.99")).await);
    // Trusted: the proxy's clients are told apart.
    app.config.trusted_proxy = Some("10.0.0.0/8".parse().unwrap_or_else(|e| panic!("{e}")));
    for _ in 0..limit {
        assert!(wrong_password(&app, "10.0.0.2", Some("192.0.2.10")).await);
    }
    assert!(!wrong_password(&app, "10.0.0.2", Some("192.0.2.10")).await);
    assert!(wrong_password(&app, "10.0.0.2", Some("192.0.2.11")).await);
    // A client's own X-Forwarded-For in front of the proxy's is not believed.
    assert!(!wrong_password(&app, "10.0.0.2", Some("192.0.2.77, 192.0.2.10")).await);
}

/// Every response carries the security headers; a page's policy names the
/// nonce its scripts carry (the browser tests run the hydrated app under
/// it); staff pages are never stored.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let get = |uri: &str, cookie: Option<String>| {
        let mut request = Request::get(uri);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    for (uri, cookie) in [
        ("/", None),
        ("/items/SJ-XK-001-00", None),
        ("/api/v1/items/SJ-XK-001-01/flowchart.svg", None),
        ("/api/v1/departments", None),
        ("/no/such/page", None),
        ("/edit", editor.cookie.clone()),
        ("/edit", None),
        ("/login", None),
    ] {
        let (status, headers, body) = app.send(get(uri, cookie.clone())).await;
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header("x-frame-options"), "DENY", "{uri}");
        assert_eq!(
            header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        let policy = header("content-security-policy");
        assert!(policy.contains("frame-ancestors 'none'"), "{uri}: {policy}");
        assert!(policy.contains("base-uri 'none'"), "{uri}: {policy}");
        let html = header("content-type").starts_with("text/html") && body.contains("<html");
        if html {
            let nonce = policy
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap_or_else(|| panic!("{uri}: no nonce in {policy}"));
            assert!(nonce.len() >= 16, "{uri}: {nonce}");
            assert!(
                body.contains(&format!("nonce=\"{nonce}\"")),
                "{uri}: scripts lack the nonce"
            );
        } else {
            assert!(
                policy.starts_with("default-src 'none'"),
                "{uri} ({status}): {policy}"
            );
        }
        let staff = uri.starts_with("/edit") || uri.starts_with("/login");
        if staff {
            assert_eq!(header("cache-control"), "no-store", "{uri}");
        } else {
            assert_ne!(header("cache-control"), "no-store", "{uri}");
        }
        // Not over TLS: no HSTS.
        assert!(headers.get("strict-transport-security").is_none(), "{uri}");
    }
    let mut app = app;
    app.config.secure_cookies = true;
    let (_, headers, _) = app.send(get("/", None)).await;
    assert_eq!(
        headers
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
}

/// Server functions called with fields missing, of the wrong type, or a
/// body that is not the format answer 400 with a Chinese message, never
/// 500 — for everyone, signed in or not.
#[tokio::test]
async fn malformed_server_function_calls_are_400() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let form_posts = [
        "create_item",
        "delete_item",
        "duplicate_item",
        "move_item",
        "submit_draft",
        "return_draft",
        "approve_draft",
        "comment_draft",
        "answer_comment",
        "open_consultation",
    ];
    for endpoint in form_posts {
        for body in [
            String::new(),
            form(&[("csrf", &editor.csrf)]),
            "%%%=&&".to_owned(),
        ] {
            let (status, text) = app.call_post(&editor, endpoint, body.clone(), false).await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{endpoint} {body:?}: {text}"
            );
            assert!(text.contains("请求格式有误"), "{endpoint}: {text}");
        }
    }
    for endpoint in ["save_item", "save_adjustments", "publish_draft"] {
        for body in ["", "{", "[]", "{\"csrf\": 5}", "{\"dept\": \"SJ\"}"] {
            let (status, text) = app
                .call_post(&editor, endpoint, body.to_owned(), true)
                .await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{endpoint} {body:?}: {text}"
            );
        }
    }
    for uri in [
        "/api/ui/item",
        "/api/ui/department",
        "/api/ui/draft_item?dept=SJ",
        "/api/ui/compare?dept=SJ&page=minus-one",
    ] {
        let (status, text) = app.call_get(&editor, uri).await;
        assert!(status.is_client_error(), "{uri}: {status} {text}");
    }
}
