//! Server-rendered pages: complete HTML without JavaScript, real status codes.

use axum::http::StatusCode;

use crate::TestApp;

async fn check_page(app: &TestApp, uri: &str, status: StatusCode, expected: &[&str]) {
    let (got, body) = app.get(uri).await;
    assert_eq!(got, status, "{uri}");
    for text in expected {
        assert!(body.contains(text), "{uri}: `{text}` missing");
    }
}

#[tokio::test]
async fn public_pages_render_on_the_server() {
    let app = TestApp::with_demo().await;
    check_page(
        &app,
        "/",
        StatusCode::OK,
        &["lang=\"zh-CN\"", "示范县市场监督管理局", "示范县自然资源局"],
    )
    .await;
    check_page(
        &app,
        "/departments/SJ",
        StatusCode::OK,
        &["食品经营许可（新办）", "行政处罚"],
    )
    .await;
    check_page(
        &app,
        "/departments/ZR?version=v2024.1",
        StatusCode::OK,
        &["农村村民宅基地审核"],
    )
    .await;
    check_page(
        &app,
        "/items/ZR-QR-005-01",
        StatusCode::OK,
        &["国有建设用地使用权首次登记", "承诺5个工作日"],
    )
    .await;
}

#[tokio::test]
async fn unknown_things_are_404_in_chinese() {
    let app = TestApp::with_demo().await;
    for uri in [
        "/departments/XX",
        "/items/NOPE-1",
        "/departments/SJ?version=v1999.1",
        "/no/such/page",
    ] {
        check_page(&app, uri, StatusCode::NOT_FOUND, &["页面不存在"]).await;
    }
}
