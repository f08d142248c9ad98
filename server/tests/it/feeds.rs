//! Atom feeds of publications: well-formed, complete, linked from pages.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::TestApp;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The first Atom child `name` of `node`.
fn child<'a, 'input>(node: roxmltree::Node<'a, 'input>, name: &str) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
        .unwrap_or_else(|| panic!("<{name}> missing in <{}>", node.tag_name().name()))
}

/// Parses an Atom feed and checks what RFC 4287 requires of it; returns
/// `(entry id, updated, alternate link)` of each entry.
fn entries(xml: &str) -> Vec<(String, String, String)> {
    let document =
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let feed = document.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    for required in ["id", "title", "updated", "author"] {
        child(feed, required);
    }
    let self_link = feed
        .children()
        .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"));
    assert!(self_link.is_some(), "no rel=self link");
    feed.children()
        .filter(|c| c.tag_name().name() == "entry")
        .map(|entry| {
            let text = |name: &str| child(entry, name).text().unwrap_or_default().to_owned();
            assert!(!text("title").is_empty());
            let updated = text("updated");
            assert!(
                updated.len() == 25 && updated.ends_with("+08:00"),
                "{updated}"
            );
            let alternate = entry
                .children()
                .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("alternate"))
                .and_then(|l| l.attribute("href"))
                .unwrap_or_else(|| panic!("entry without alternate link"))
                .to_owned();
            (text("id"), updated, alternate)
        })
        .collect()
}

#[tokio::test]
async fn department_feed_lists_its_versions_newest_first() {
    let app = TestApp::with_demo().await;
    let request = Request::builder()
        .uri("/departments/ZR/feed.atom")
        .header(header::HOST, "sunlit.example")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("application/atom+xml; charset=utf-8")
    );
    assert!(body.contains("xml:base=\"http://sunlit.example/\""));
    assert_eq!(
        entries(&body),
        [
            (
                "urn:sunlit:version:ZR:v2025.1-ZR".to_owned(),
                "2025-03-01T00:00:00+08:00".to_owned(),
                "/departments/ZR?version=v2025.1-ZR".to_owned()
            ),
            (
                "urn:sunlit:version:ZR:v2024.1".to_owned(),
                "2024-03-01T00:00:00+08:00".to_owned(),
                "/departments/ZR?version=v2024.1".to_owned()
            ),
        ]
    );
    assert!(body.contains("<title>示范县自然资源局 权责清单发布</title>"));
}

#[tokio::test]
async fn registry_feed_has_every_publication() {
    let app = TestApp::with_demo().await;
    let (status, body) = app.get("/feed.atom").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<String> = entries(&body).into_iter().map(|e| e.0).collect();
    assert_eq!(
        ids,
        [
            "urn:sunlit:version:ZR:v2025.1-ZR",
            "urn:sunlit:version:MZ:v2024.1",
            "urn:sunlit:version:SJ:v2024.1",
            "urn:sunlit:version:ZR:v2024.1",
        ]
    );
    let (status, _) = app.get("/departments/XX/feed.atom").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn department_pages_link_their_feed_and_downloads() {
    let app = TestApp::with_demo().await;
    let (status, page) = app.get("/departments/SJ").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        r#"type="application/atom+xml""#,
        r#"href="/departments/SJ/feed.atom""#,
        r#"href="/api/v1/departments/SJ/versions/v2024.1/export.json""#,
        r#"href="/api/v1/export.json""#,
        "下载本版本清单（JSON）",
    ] {
        assert!(page.contains(expected), "`{expected}` missing");
    }
    let (_, page) = app.get("/departments/ZR?version=v2024.1").await;
    assert!(page.contains(r#"href="/api/v1/departments/ZR/versions/v2024.1/export.json""#));
}
