//! The OpenAPI document: it reads as OpenAPI 3.0, every reference
//! resolves, and every path it documents answers as documented.

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use serde_json::Value;

use crate::TestApp;

async fn document(app: &TestApp) -> Value {
    let (status, body) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not JSON ({e})"))
}

/// Every `$ref` in `value`.
fn references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => {
                        found.insert(target.clone());
                    }
                    _ => references(value, found),
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_openapi_3() {
    let app = TestApp::with_demo().await;
    let raw = document(&app).await;
    let spec: openapiv3::OpenAPI =
        serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("not OpenAPI 3: {e}"));
    assert!(spec.openapi.starts_with("3.0."));
    assert!(!spec.info.title.is_empty());

    let mut targets = BTreeSet::new();
    references(&raw, &mut targets);
    assert!(!targets.is_empty());
    for target in &targets {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unexpected reference `{target}`"));
        assert!(
            spec.components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(name)),
            "`{target}` does not resolve"
        );
    }

    for (path, item) in spec.paths.iter() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            panic!("{path}: path items are inline");
        };
        let operation = item
            .get
            .as_ref()
            .unwrap_or_else(|| panic!("{path}: no GET"));
        assert!(operation.summary.is_some(), "{path}: no summary");
        assert!(
            operation
                .responses
                .responses
                .contains_key(&openapiv3::StatusCode::Code(200)),
            "{path}: no 200"
        );
        // Every `{name}` in the path is a documented path parameter.
        let declared: BTreeSet<String> = operation
            .parameters
            .iter()
            .filter_map(|p| match p {
                openapiv3::ReferenceOr::Item(openapiv3::Parameter::Path {
                    parameter_data, ..
                }) => Some(parameter_data.name.clone()),
                _ => None,
            })
            .collect();
        let in_path: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        assert_eq!(declared, in_path, "{path}");
    }
    // The comparison is documented with both its media types.
    let compare = spec
        .paths
        .paths
        .get("/compare")
        .unwrap_or_else(|| panic!("no /compare"));
    let openapiv3::ReferenceOr::Item(compare) = compare else {
        panic!("/compare is a reference")
    };
    let ok = compare
        .get
        .as_ref()
        .and_then(|op| {
            op.responses
                .responses
                .get(&openapiv3::StatusCode::Code(200))
        })
        .unwrap_or_else(|| panic!("no 200 for /compare"));
    let openapiv3::ReferenceOr::Item(ok) = ok else {
        panic!("200 of /compare is a reference")
    };
    let media: BTreeSet<&str> = ok.content.keys().map(String::as_str).collect();
    assert_eq!(
        media,
        BTreeSet::from([
            "application/json",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ])
    );
}

/// The example of each parameter and the media type of each 200, straight
/// from the document.
fn exercise(raw: &Value) -> Vec<(String, String)> {
    let Some(paths) = raw["paths"].as_object() else {
        panic!("no paths");
    };
    paths
        .iter()
        .map(|(path, item)| {
            let operation = &item["get"];
            let mut uri = format!("/api/v1{path}");
            let mut query = Vec::new();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap_or_default();
                match (parameter["in"].as_str(), parameter["required"].as_bool()) {
                    (Some("path"), _) => {
                        let example = parameter["example"]
                            .as_str()
                            .unwrap_or_else(|| panic!("{path}: `{name}` has no example"));
                        uri = uri.replace(&format!("{{{name}}}"), example);
                    }
                    (Some("query"), Some(true)) => {
                        let example = parameter["example"]
                            .as_str()
                            .unwrap_or_else(|| panic!("{path}: `{name}` has no example"));
                        query.push(format!("{name}={}", encode(example)));
                    }
                    _ => {}
                }
            }
            if !query.is_empty() {
                uri = format!("{uri}?{}", query.join("&"));
            }
            let media = operation["responses"]["200"]["content"]
                .as_object()
                .and_then(|c| c.keys().next().cloned())
                .unwrap_or_else(|| panic!("{path}: 200 has no content"));
            (uri, media)
        })
        .collect()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_documented_path_answers_as_documented() {
    let app = TestApp::with_demo().await;
    let raw = document(&app).await;
    let calls = exercise(&raw);
    assert_eq!(calls.len(), 18, "{calls:?}");
    for (uri, media) in calls {
        let request = axum::http::Request::builder()
            .uri(&uri)
            .body(axum::body::Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, headers, body) = app.send(request).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with(&media),
            "{uri}: documented {media}, served {content_type}"
        );
        if media == "application/json" {
            serde_json::from_str::<Value>(&body).unwrap_or_else(|e| panic!("{uri}: {e}"));
        }
    }
}
