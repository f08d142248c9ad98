//! HTTP behaviour of the API: caching (ETag, 304, Cache-Control), CORS,
//! paged and filtered lists, discretion, downloads.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::Value;

use crate::TestApp;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn request(method: Method, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(&name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header in {headers:?}"))
}

/// `(uri, cache-control)`: version-addressed content is immutable.
const CACHED: [(&str, &str); 6] = [
    ("/api/v1/departments", "public, max-age=60"),
    ("/api/v1/items/SJ-XK-001-01", "public, max-age=60"),
    (
        "/api/v1/items/SJ-XK-001-01?version=v2024.1",
        "public, max-age=31536000, immutable",
    ),
    (
        "/api/v1/departments/SJ/versions/v2024.1/export.json",
        "public, max-age=31536000, immutable",
    ),
    ("/api/v1/search?q=%E9%A3%9F%E5%93%81", "public, max-age=60"),
    ("/departments/SJ/feed.atom", "public, max-age=60"),
];

#[tokio::test]
async fn strong_etags_and_not_modified() {
    let app = TestApp::with_demo().await;
    for (uri, cache_control) in CACHED {
        let (status, headers, body) = app.send(request(Method::GET, uri, &[])).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            cache_control,
            "{uri}"
        );
        let etag = header(&headers, header::ETAG).to_owned();
        assert!(
            etag.starts_with('"') && !etag.starts_with("W/"),
            "{uri}: {etag}"
        );
        assert!(!body.is_empty());

        // The same content gives the same tag, and the client's copy a 304.
        let (status, again, body) = app
            .send(request(Method::GET, uri, &[("if-none-match", &etag)]))
            .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
        assert_eq!(header(&again, header::ETAG), etag, "{uri}");
        assert_eq!(
            header(&again, header::CACHE_CONTROL),
            cache_control,
            "{uri}"
        );
        assert!(body.is_empty(), "{uri}: a 304 has no body");

        let (status, _, body) = app
            .send(request(Method::GET, uri, &[("if-none-match", "\"stale\"")]))
            .await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!body.is_empty());
    }
}

#[tokio::test]
async fn errors_are_not_cached() {
    let app = TestApp::with_demo().await;
    let (status, headers, _) = app
        .send(request(
            Method::GET,
            "/api/v1/items/NOPE-1?version=v2024.1",
            &[],
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::ETAG).is_none());
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn anyone_may_read_the_api_from_a_browser() {
    let app = TestApp::with_demo().await;
    let origin = ("origin", "https://example.org");
    let (status, headers, _) = app
        .send(request(Method::GET, "/api/v1/departments", &[origin]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    assert!(
        headers
            .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
            .is_none()
    );
    assert!(header(&headers, header::ACCESS_CONTROL_EXPOSE_HEADERS).contains("etag"));

    // A preflight for a conditional GET.
    let (status, headers, _) = app
        .send(request(
            Method::OPTIONS,
            "/api/v1/items/SJ-XK-001-01",
            &[
                origin,
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "if-none-match"),
            ],
        ))
        .await;
    assert!(status.is_success(), "{status}");
    assert_eq!(header(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    let methods = header(&headers, header::ACCESS_CONTROL_ALLOW_METHODS);
    for method in ["GET", "HEAD", "OPTIONS"] {
        assert!(methods.contains(method), "{methods}");
    }
    assert!(!methods.contains("POST"), "{methods}");

    // HEAD answers with the headers of GET.
    let (status, headers, body) = app
        .send(request(Method::HEAD, "/api/v1/departments", &[origin]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    assert_eq!(header(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    assert_eq!(
        header(&headers, header::CACHE_CONTROL),
        "public, max-age=60"
    );

    // Pages of the portal are not opened to other origins.
    let (_, headers, _) = app.send(request(Method::GET, "/", &[origin])).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

/// `(query, total, ids on the page)`.
async fn check_items(app: &TestApp, query: &str, total: usize, ids: &[&str]) {
    let uri = format!("/api/v1/departments/SJ/items?{query}");
    let (status, body) = app.get(&uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    let page = json(&body);
    assert_eq!(page["total"], total, "{uri}");
    let got: Vec<&str> = page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["item_id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(got, ids, "{uri}");
}

#[tokio::test]
async fn department_items_are_filtered_and_paged() {
    let app = TestApp::with_demo().await;
    let (_, body) = app.get("/api/v1/departments/SJ/items").await;
    let all = json(&body);
    let n_all = all["items"].as_array().map_or(0, Vec::len);
    assert_eq!(all["total"], n_all);
    assert_eq!(
        (all["page"].clone(), all["per_page"].clone()),
        (1.into(), 100.into())
    );

    let penalties: Vec<String> = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["category"]["abbr"] == "CF")
        .filter_map(|i| i["item_id"].as_str().map(str::to_owned))
        .collect();
    assert!(penalties.len() >= 3, "{penalties:?}");
    let penalty_ids: Vec<&str> = penalties.iter().map(String::as_str).collect();
    check_items(&app, "category=CF", penalties.len(), &penalty_ids).await;
    check_items(
        &app,
        "category=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A",
        penalties.len(),
        &penalty_ids,
    )
    .await;
    check_items(
        &app,
        "category=CF&per_page=2",
        penalties.len(),
        &penalty_ids[..2],
    )
    .await;
    check_items(
        &app,
        "category=CF&per_page=2&page=2",
        penalties.len(),
        &penalty_ids[2..penalty_ids.len().min(4)],
    )
    .await;
    check_items(&app, "category=CF&page=99", penalties.len(), &[]).await;
    check_items(&app, "status=%E5%B7%B2%E5%8F%96%E6%B6%88", 0, &[]).await;
    check_items(
        &app,
        "status=%E6%9C%89%E6%95%88&per_page=500",
        n_all,
        &all["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| i["item_id"].as_str())
            .collect::<Vec<_>>(),
    )
    .await;

    for query in [
        "category=XX",
        "status=gone",
        "page=0",
        "per_page=0",
        "per_page=501",
        "page=abc",
    ] {
        let (status, body) = app
            .get(&format!("/api/v1/departments/SJ/items?{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(json(&body)["error"]["code"], "bad_request", "{query}");
    }
}

#[tokio::test]
async fn discretion_endpoint() {
    let app = TestApp::with_demo().await;
    let (status, body) = app.get("/api/v1/items/SJ-CF-004-00/discretion").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let discretion = json(&body);
    assert!(discretion.is_object());
    let (_, item) = app.get("/api/v1/items/SJ-CF-004-00").await;
    assert_eq!(discretion, json(&item)["discretion"]);

    let (status, body) = app.get("/api/v1/items/SJ-XK-001-01/discretion").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        json(&body)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no discretion"))
    );
}

#[tokio::test]
async fn exports_are_attachments_that_import_again() {
    let app = TestApp::with_demo().await;
    let (status, headers, body) = app
        .send(request(
            Method::GET,
            "/api/v1/departments/ZR/versions/v2024.1/export.json",
            &[],
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&headers, header::CONTENT_DISPOSITION),
        "attachment; filename=\"sunlit-ZR-v2024.1.json\""
    );
    assert_eq!(header(&headers, header::CONTENT_TYPE), "application/json");
    let document = json(&body);
    assert_eq!(document["list_version"]["version_id"], "v2024.1");
    assert_eq!(document["items"].as_array().map(Vec::len), Some(16));

    // The download is a valid interchange file: a fresh registry takes it.
    let fresh = TestApp::new().await;
    let report = fresh
        .import(body.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("re-import: {e}"));
    assert_eq!(report.outcomes[0].n_items, 16);

    let (status, headers, body) = app
        .send(request(Method::GET, "/api/v1/export.json", &[]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&headers, header::CONTENT_DISPOSITION),
        "attachment; filename=\"sunlit-registry.json\""
    );
    let registry = json(&body);
    let versions: Vec<(&str, &str)> = registry["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["departments"][0]["dept_code"]
                    .as_str()
                    .unwrap_or_default(),
                d["list_version"]["version_id"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [("MZ", "v2024.1"), ("SJ", "v2024.1"), ("ZR", "v2025.1-ZR")]
    );

    let (status, body) = app
        .get("/api/v1/departments/ZR/versions/v1999.1/export.json")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}
