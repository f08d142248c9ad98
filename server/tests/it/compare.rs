//! Version comparison over HTTP: the JSON API (snapshot of the demo ZR
//! comparison), the comparison page and its printable table without
//! JavaScript, an item's history and the department list "as of" a date.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

/// A GET with the response headers.
async fn with_headers(app: &TestApp, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let request = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    app.send(request).await
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test]
async fn compare_endpoint_snapshot() {
    let app = TestApp::with_demo().await;
    let (status, body) = app
        .get("/api/v1/compare?department=ZR&from=v2024.1&to=v2025.1-ZR")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let comparison = json(&body);
    let summary = &comparison["summary"];
    assert_eq!(
        (
            &summary["added"],
            &summary["removed"],
            &summary["changed"],
            &summary["unchanged"]
        ),
        (
            &Value::from(2),
            &Value::from(2),
            &Value::from(4),
            &Value::from(10)
        )
    );
    insta::assert_json_snapshot!("compare_zr", comparison);

    // The 新旧对照表 as a workbook; an unknown format is refused.
    let (status, headers, body) = with_headers(
        &app,
        "/api/v1/compare?department=ZR&from=v2024.1&to=v2025.1-ZR&format=xlsx",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[axum::http::header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(body.starts_with("PK"), "not a zip container");
    let (status, _) = app.get("/api/v1/compare?department=ZR&format=pdf").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn compare_defaults_and_errors() {
    let app = TestApp::with_demo().await;
    // Without versions: the previous one against the current one.
    let (status, body) = app.get("/api/v1/compare?department=ZR").await;
    assert_eq!(status, StatusCode::OK);
    let comparison = json(&body);
    assert_eq!(
        (&comparison["from"], &comparison["to"]),
        (&Value::from("v2024.1"), &Value::from("v2025.1-ZR"))
    );
    // A department with one version compares it with itself: nothing changed.
    let (status, body) = app.get("/api/v1/compare?department=SJ").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json(&body)["items"].as_array().map(Vec::len), Some(0));
    for (uri, expected) in [
        (
            "/api/v1/compare?department=ZR&from=v1999.1",
            StatusCode::NOT_FOUND,
        ),
        ("/api/v1/compare?department=XX", StatusCode::NOT_FOUND),
        ("/api/v1/compare?department=Z%20R", StatusCode::BAD_REQUEST),
        ("/api/v1/compare", StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = app.get(uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
    }
}

#[tokio::test]
async fn compare_page_renders_without_javascript() {
    let app = TestApp::with_demo().await;
    let (status, html) = app.get("/departments/ZR/compare").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "新增 2 项 · 取消 2 项 · 变更 4 项 · 未变 10 项",
        // Grouped by adjustment record, merges shown as such.
        "变更（依据修订）+合并（ADJ-2025-ZR-03）",
        "990101-ZR-CF-006-00、990101-ZR-CF-007-00",
        // Text diffs marked in words as well as by <ins>/<del>.
        "<ins><span class=\"visually-hidden\">［新增：</span>",
        "<del><span class=\"visually-hidden\">［删除：</span>",
        // The discretion diff and the drawn flowchart diff.
        "从重档：",
        "每平方米730元至1000元",
        "<svg",
        "合并步骤「受理」与「审核（查验、必要时实地查看）」",
        // Both versions selectable in a plain GET form.
        "<select id=\"compare-from\" name=\"from\">",
        "/departments/ZR/compare/print?from=v2024.1&amp;to=v2025.1-ZR",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    let (status, html) = app
        .get("/departments/ZR/compare/print?from=v2024.1&to=v2025.1-ZR")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("新旧对照表"));
    assert!(html.contains("承诺期限：10个工作日"));
    assert!(html.contains("承诺期限：5个工作日"));
    let (status, _) = app.get("/departments/ZR/compare?from=v1999.1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn item_history_and_as_of() {
    let app = TestApp::with_demo().await;
    let (status, html) = app.get("/items/ZR-QR-005-03").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("历次版本"));
    assert!(
        html.contains("/departments/ZR/compare?from=v2024.1&amp;to=v2025.1-ZR"),
        "no comparison link in the history"
    );
    let (_, body) = app.get("/api/ui/item_history?item_id=ZR-QT-004-00").await;
    let history = json(&body);
    assert_eq!(history["removed_in"]["version_id"], "v2025.1-ZR");
    assert_eq!(history["entries"][0]["change"], "added");
    let (_, body) = app.get("/api/ui/item_history?item_id=ZR-XK-001-00").await;
    let history = json(&body);
    let changes: Vec<&Value> = history["entries"]
        .as_array()
        .map(|e| e.iter().map(|e| &e["change"]).collect())
        .unwrap_or_default();
    assert_eq!(changes, [&Value::from("unchanged"), &Value::from("added")]);

    let (status, html) = app.get("/departments/ZR?as_of=2024-06-01").await;
    assert_eq!(status, StatusCode::OK);
    // The version shown, in the version information (`<!>` separates text nodes).
    assert!(
        html.contains("<!>v2024.1<!>"),
        "as_of 2024-06-01 shows v2024.1"
    );
    let (_, html) = app.get("/departments/ZR?as_of=2025-06-01").await;
    assert!(html.contains("<!>v2025.1-ZR<!>"));
    let (status, _) = app.get("/departments/ZR?as_of=2020-01-01").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get("/departments/ZR?as_of=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The city's 市场监督管理局 list (data/demo/sample_city.json) against the
/// county's: the same powers matched by code without region and department.
#[tokio::test]
async fn two_departments_compared_by_power() {
    let app = TestApp::with_demo().await;
    app.import(include_bytes!("../../../data/demo/sample_city.json"))
        .await
        .unwrap_or_else(|e| panic!("importing sample_city.json: {e}"));
    let (status, body) = app
        .get("/api/v1/compare?department=SJ&to_department=SSJ")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let comparison = json(&body);
    assert_eq!(
        (
            &comparison["department"],
            &comparison["to_department"],
            &comparison["from"],
            &comparison["to"]
        ),
        (
            &Value::from("SJ"),
            &Value::from("SSJ"),
            &Value::from("v2024.1"),
            &Value::from("v2024.1-SSJ")
        )
    );
    let summary = &comparison["summary"];
    // Only the county lists the reward, only the city the production
    // licence; the new-licence time limit and the price-marking bases differ.
    assert_eq!(
        [
            &summary["added"],
            &summary["removed"],
            &summary["changed"],
            &summary["unchanged"]
        ],
        [
            &Value::from(1),
            &Value::from(1),
            &Value::from(2),
            &Value::from(12)
        ]
    );
    let items = comparison["items"].as_array().cloned().unwrap_or_default();
    let of = |id: &str| {
        items
            .iter()
            .find(|i| i["item_id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {body}"))
    };
    let licence = of("SSJ-XK-001-01");
    assert_eq!(licence["change"], "changed");
    assert_eq!(licence["item_code"]["before"], "990101-SJ-XK-001-01");
    assert_eq!(licence["item_code"]["after"], "9901-SSJ-XK-001-01");
    assert_eq!(licence["fields"][0]["path"], "time_limit.promised");
    assert_eq!(of("SJ-JL-012-00")["change"], "removed");
    assert_eq!(of("SSJ-XK-014-00")["change"], "added");

    // The page, without JavaScript: the department select, the summary in
    // the words of a deviation, the other department's version chosen.
    let (status, page) = app.get("/departments/SJ/compare?with=SSJ&to=v2024.1").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "同一事项比对",
        "仅本部门有 1 项 · 仅对方有 1 项 · 不一致 2 项 · 一致 12 项",
        "某市市场监督管理局（示例）",
        r#"<option value="SSJ" selected"#,
        "/items/SSJ-XK-001-01?version=v2024.1-SSJ",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    // The same as a workbook.
    let (status, headers, body) = with_headers(
        &app,
        "/api/v1/compare?department=SJ&to_department=SSJ&format=xlsx",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[axum::http::header::CONTENT_DISPOSITION],
        "attachment; filename=\"SJ-v2024.1-SSJ-v2024.1-SSJ.xlsx\""
    );
    assert!(body.starts_with("PK"), "not a zip container");
    // A version of this department that does not exist is still an error.
    let (status, _) = app
        .get("/api/v1/compare?department=SJ&to_department=SSJ&from=v1999.1")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get("/api/v1/compare?department=SJ&to_department=XX")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
