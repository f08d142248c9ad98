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

/// The 2024 registry alone (all three departments at v2024.1).
async fn app_2024() -> TestApp {
    let app = TestApp::new().await;
    app.import(server::demo::SAMPLE.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    app
}

/// A whole-registry snapshot (issue 20): the office adjusted 市场监管局
/// only and sends every department, scope `"SJ"`.
fn snapshot(mutate: impl FnOnce(&mut Value)) -> Vec<u8> {
    mutated(|v| {
        v["list_version"]["scope"] = json!("SJ");
        v["items"][12]["name"] = json!("食品经营许可（调整后）");
        mutate(v);
    })
}

#[tokio::test]
async fn a_snapshot_publishes_its_scope_and_skips_departments_carried_unchanged() {
    let app = app_2024().await;
    let before = app.counts().await;
    let report = app
        .import(&snapshot(|_| {}))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let outcomes: Vec<(&str, &str, bool)> = report
        .outcomes
        .iter()
        .map(|o| (o.dept_code.as_str(), o.version_id.as_str(), o.carried))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("SJ", "v2099.1", false),
            ("MZ", "v2024.1", true),
            ("ZR", "v2024.1", true)
        ]
    );
    let after = app.counts().await;
    assert_eq!(after.versions, before.versions + 1);
    assert_eq!(after.item_revisions, before.item_revisions + 1);
    let versions = app
        .catalog()
        .department_list("MZ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(versions.version.version_id.as_str(), "v2024.1");
}

#[tokio::test]
async fn a_snapshot_carrying_a_changed_department_is_refused_whole() {
    let app = app_2024().await;
    let before = app.counts().await;
    let refused = app
        .import(&snapshot(|v| {
            v["items"][0]["name"] = json!("改过的民政事项")
        }))
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        refused.contains("department `MZ` is outside the version's scope")
            && refused.contains("`v2024.1`"),
        "{refused}"
    );
    assert_eq!(
        app.counts().await,
        before,
        "a refused snapshot wrote something"
    );
}

#[tokio::test]
async fn a_new_department_receiving_an_item_by_transfer_is_created() {
    let app = app_2024().await;
    let file = mutated(|v| {
        v["list_version"]["scope"] = json!("SJ");
        let items = v["items"]
            .as_array_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut kept: Vec<Value> = items
            .into_iter()
            .filter(|i| i["item_code"].as_str().is_some_and(|c| c.contains("-SJ-")))
            .collect();
        let mut moved = kept.remove(kept.len() - 1);
        let before = moved["item_code"].clone();
        moved["item_code"] = json!("990101-WL-QT-001-00");
        moved["implementing_body"] = json!("示范县文化广电和旅游局");
        let name = moved["name"].clone();
        kept.push(moved);
        v["items"] = Value::Array(kept);
        v["departments"] = json!([v["departments"][1].clone()]);
        v["adjustments"] = json!([{
            "adjustment_id": "ADJ-2099-01", "type": "划转", "type_code": "TRANSFER",
            "items_before": [before], "items_after": ["990101-WL-QT-001-00"],
            "item_name": name, "reason": "职责划转至文化广电和旅游局"
        }]);
    });
    let report = app.import(&file).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.new_departments, ["WL"]);
    let department = app
        .store
        .department("WL")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|d| d.name);
    assert_eq!(department.as_deref(), Some("示范县文化广电和旅游局"));
    let list = app
        .catalog()
        .department_list("WL", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.adjustments.len(), 1);
}

/// Issue 20: the registry export (`/api/v1/export.json`) imports into a
/// fresh registry as it is, and gives the same current lists.
#[tokio::test]
async fn the_registry_export_imports_into_a_fresh_registry() {
    let source = TestApp::with_demo().await;
    let (status, body) = source.get("/api/v1/export.json").await;
    assert_eq!(status, axum::http::StatusCode::OK);
    let target = TestApp::new().await;
    let report = target
        .import(body.as_bytes())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let versions: Vec<(&str, &str)> = report
        .outcomes
        .iter()
        .map(|o| (o.dept_code.as_str(), o.version_id.as_str()))
        .collect();
    assert_eq!(
        versions,
        [("MZ", "v2024.1"), ("SJ", "v2024.1"), ("ZR", "v2025.1-ZR")]
    );
    for code in ["MZ", "SJ", "ZR"] {
        let before = source
            .catalog()
            .department_list(code, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let after = target
            .catalog()
            .department_list(code, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.items, before.items, "{code}");
        assert_eq!(
            after.version.version_id, before.version.version_id,
            "{code}"
        );
    }
}
