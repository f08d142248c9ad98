//! Importing the interchange format into SurrealDB: counts, content
//! addressing, idempotence, round trips and bad input.

use serde_json::{Value, json};
use server::store::TableCounts;

use crate::TestApp;

fn sample() -> Value {
    serde_json::from_str(server::demo::SAMPLE).unwrap_or(Value::Null)
}

#[tokio::test]
async fn demo_import_counts_and_versions() {
    let app = TestApp::with_demo().await;
    // 43 items in 2024; 自然资源局's 2025 list has 16 items, 10 of them unchanged.
    // Each of the 4 versions published from a file has its audit row.
    assert_eq!(
        app.counts().await,
        TableCounts {
            departments: 3,
            item_revisions: 49,
            versions: 4,
            draft_items: 0,
            audit: 4,
        }
    );

    let home = app
        .catalog()
        .home_view()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let per_department: Vec<(String, usize, Option<String>)> = home
        .departments
        .iter()
        .map(|d| {
            (
                d.code.to_string(),
                d.n_items,
                d.current_version.as_ref().map(|v| v.version_id.to_string()),
            )
        })
        .collect();
    assert_eq!(
        per_department,
        vec![
            ("MZ".into(), 12, Some("v2024.1".into())),
            ("SJ".into(), 15, Some("v2024.1".into())),
            ("ZR".into(), 16, Some("v2025.1-ZR".into())),
        ]
    );
    let sj = &home.departments[1];
    let categories: Vec<(&str, usize)> = sj
        .categories
        .iter()
        .map(|c| (c.category.abbr(), c.count))
        .collect();
    assert_eq!(
        categories,
        vec![
            ("XK", 5),
            ("CF", 6),
            ("QZ", 1),
            ("JL", 1),
            ("JC", 1),
            ("GG", 1)
        ]
    );

    let versions = app
        .catalog()
        .version_summaries("ZR")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<(String, &str)> = versions
        .iter()
        .map(|v| (v.version_id.to_string(), v.status.label()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("v2025.1-ZR".into(), "现行有效"),
            ("v2024.1".into(), "已被替代")
        ]
    );
}

#[tokio::test]
async fn unchanged_items_share_one_revision_across_versions() {
    let app = TestApp::with_demo().await;
    let v1 = app
        .catalog()
        .department_list("ZR", Some("v2024.1"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let v2 = app
        .catalog()
        .department_list("ZR", Some("v2025.1-ZR"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let hashes = |list: &data::interchange::DepartmentList| -> Vec<String> {
        list.revisions()
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.hash.to_string())
            .collect()
    };
    let (h1, h2) = (hashes(&v1), hashes(&v2));
    assert_eq!((h1.len(), h2.len()), (16, 16));
    assert_eq!(h2.iter().filter(|h| h1.contains(h)).count(), 10);
    let cancelled = v1.items.iter().any(|i| i.name == "农村村民宅基地审核");
    let still_there = v2.items.iter().any(|i| i.name == "农村村民宅基地审核");
    assert!(cancelled && !still_there);
}

#[tokio::test]
async fn importing_the_same_version_twice_is_a_no_op() {
    let app = TestApp::with_demo().await;
    let before = app.counts().await;
    let report = app
        .import(server::demo::SAMPLE.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.outcomes.iter().all(|o| o.already_present),
        "{:?}",
        report.outcomes
    );
    assert_eq!(app.counts().await, before);
}

#[tokio::test]
async fn export_then_import_gives_identical_content() {
    let app = TestApp::with_demo().await;
    let fresh = TestApp::new().await;
    for (code, version) in [
        ("MZ", "v2024.1"),
        ("SJ", "v2024.1"),
        ("ZR", "v2024.1"),
        ("ZR", "v2025.1-ZR"),
    ] {
        let document = app
            .catalog()
            .export(code, Some(version))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
        fresh
            .import(&bytes)
            .await
            .unwrap_or_else(|e| panic!("re-import {code} {version}: {e}"));
        let a = app
            .catalog()
            .department_list(code, Some(version))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let b = fresh
            .catalog()
            .department_list(code, Some(version))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a, b, "{code} {version}");
    }
    assert_eq!(fresh.counts().await, app.counts().await);
}

/// Imports `value` into a database holding the demo and checks that it fails
/// with `expected` in the message and leaves every table unchanged.
async fn check_rejected(bytes: Vec<u8>, expected: &str) {
    let app = TestApp::with_demo().await;
    let before = app.counts().await;
    match app.import(&bytes).await {
        Ok(report) => panic!("expected `{expected}`, got {:?}", report.outcomes),
        Err(e) => assert!(
            e.to_string().contains(expected),
            "expected `{expected}` in: {e}"
        ),
    }
    assert_eq!(
        app.counts().await,
        before,
        "case `{expected}` changed the database"
    );
}

fn mutated(mutate: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = sample();
    value["list_version"]["version_id"] = json!("v2099.1");
    mutate(&mut value);
    value.to_string().into_bytes()
}

#[tokio::test]
async fn bad_files_are_rejected_and_write_nothing() {
    let truncated = server::demo::SAMPLE.as_bytes()[..50_000].to_vec();
    check_rejected(truncated, "the file ends too early").await;
    check_rejected(
        mutated(|v| v["items"][2]["category"] = json!({"abbr": "ZZ", "name": "行政什么"})),
        "items[2].category: unknown category `ZZ`",
    )
    .await;
    check_rejected(
        mutated(|v| {
            if let Some(item) = v["items"][4].as_object_mut() {
                item.remove("implementing_body");
            }
        }),
        "items[4]: missing field `implementing_body`",
    )
    .await;
    check_rejected(
        mutated(|v| v["departments"][1]["dept_code"] = json!("SJ; DELETE department; --")),
        "departments[1].dept_code: invalid department code",
    )
    .await;
    check_rejected(
        mutated(|v| v["items"][0]["remark"] = json!("x".repeat(6 * 1024 * 1024))),
        "items[0].remark: text is 6291456 characters long",
    )
    .await;
}

#[tokio::test]
async fn a_changed_file_under_a_published_version_id_is_refused() {
    let mut value = sample();
    value["items"][0]["remark"] = json!("悄悄修改已发布的版本");
    check_rejected(
        value.to_string().into_bytes(),
        "already exists with different content",
    )
    .await;
}
