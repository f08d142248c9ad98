//! Hostile input and abuse (issue 14): no file, request or crowd takes the
//! service down or leads a user off-site. Over the whole router and a real
//! (in-memory) SurrealDB, as an attacker or a careless uploader would send.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

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
        .upload(&editor, "SJ", "far_cells.xlsx", &sheet_fixture("far_cells.xlsx"))
        .await;
    let page = match upload {
        Some(upload) => app.preview_page(&editor, &upload).await,
        None => body,
    };
    assert!(status.is_redirection() || status.is_client_error(), "{status}");
    assert!(
        page.contains("工作表「权责清单」在 XFD1048576 处超出了上限：一个工作表最多 50000 行、200 列"),
        "{page}"
    );
    let after = app.counts().await;
    assert_eq!(
        (after.versions, after.item_revisions),
        (before.versions, before.item_revisions)
    );
    // Still serving, to everyone.
    let (status, _, _) = app
        .send(Request::get("/").body(Body::empty()).unwrap_or_else(|e| panic!("{e}")))
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
