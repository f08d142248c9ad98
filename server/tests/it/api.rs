//! The JSON API over the demo data.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn departments_endpoint() {
    let app = TestApp::with_demo().await;
    let (status, body) = app.get("/api/v1/departments").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("departments", json(&body));
}

#[tokio::test]
async fn items_versions_and_item_endpoints() {
    let app = TestApp::with_demo().await;
    let (status, body) = app
        .get("/api/v1/departments/ZR/items?version=v2024.1")
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = json(&body);
    assert_eq!(items["version_id"], "v2024.1");
    assert_eq!(items["items"].as_array().map(Vec::len), Some(16));
    assert_eq!(items["items"][0]["category"]["abbr"], "XK");

    let (status, body) = app.get("/api/v1/departments/ZR/versions").await;
    assert_eq!(status, StatusCode::OK);
    let versions = json(&body);
    assert_eq!(versions[0]["version_id"], "v2025.1-ZR");
    assert_eq!(versions[1]["status"], "superseded");

    let (status, body) = app.get("/api/v1/items/ZR-QR-005-01").await;
    assert_eq!(status, StatusCode::OK);
    let item = json(&body);
    assert_eq!(item["time_limit"]["promised"]["value"], 5);
    let (_, body) = app.get("/api/v1/items/ZR-QR-005-01?version=v2024.1").await;
    assert_eq!(json(&body)["time_limit"]["promised"]["value"], 10);
}

#[tokio::test]
async fn errors_are_json_with_a_code() {
    let app = TestApp::with_demo().await;
    for (uri, status, code) in [
        (
            "/api/v1/departments/XX/items",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/items/NOPE-1", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/v1/departments/SJ/items?version=v1999.9",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/departments/S%20J/items",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        ("/api/v1/nothing-here", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (got, body) = app.get(uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert_eq!(json(&body)["error"]["code"], code, "{uri}");
    }
}

#[tokio::test]
async fn flowchart_endpoints() {
    let app = TestApp::with_demo().await;
    let (status, svg) = app.get("/api/v1/items/SJ-XK-001-01/flowchart.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        svg.starts_with("<svg")
            && svg.contains("role=\"img\"")
            && svg.contains("食品经营许可（新办）运行流程图")
    );

    let (status, geometry) = app.get("/api/v1/items/SJ-XK-001-01/flowchart.json").await;
    assert_eq!(status, StatusCode::OK);
    let geometry = json(&geometry);
    assert_eq!(geometry["nodes"].as_array().map(Vec::len), Some(12));
    assert!(geometry["width"].as_f64().is_some_and(|w| w > 0.0));
    let first_edge = &geometry["edges"][0];
    assert!(
        first_edge["points"]
            .as_array()
            .is_some_and(|p| p.len() >= 2),
        "{first_edge}"
    );

    let (status, baseline) = app
        .get("/api/v1/items/SJ-XK-001-01/flowchart.svg?engine=layout-rs")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(baseline.contains("<svg") && baseline != svg);

    let (status, body) = app
        .get("/api/v1/items/SJ-XK-001-01/flowchart.json?engine=layout-rs")
        .await;
    assert_eq!(
        (status, json(&body)["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );

    // A 2024 item of 民政局 without a chart.
    let (status, body) = app.get("/api/v1/items/MZ-JF-003-00/flowchart.svg").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(
        json(&body)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("has no flowchart"))
    );
}
