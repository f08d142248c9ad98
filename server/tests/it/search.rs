//! Search and legal-basis lookup through HTTP: the API and the pages.

use axum::http::StatusCode;
use serde_json::Value;

use crate::TestApp;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'='
            | b'&'
            | b'/'
            | b'?'
            | b'%' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn ids(results: &Value, key: &str) -> Vec<String> {
    results[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["item_id"].as_str().map(str::to_owned))
        .collect()
}

/// A search through the API: `query` is the query string (unencoded);
/// `total`, whether every term matched, and the ids of the page.
async fn check(app: &TestApp, query: &str, total: usize, matched_all: bool, expected: &[&str]) {
    let uri = format!("/api/v1/search?{}", encode(query));
    let (status, body) = app.get(&uri).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    let results = json(&body);
    assert_eq!(results["total"], total, "{query}");
    assert_eq!(results["matched_all"], matched_all, "{query}");
    assert_eq!(ids(&results, "hits"), expected, "{query}");
}

#[tokio::test]
async fn search_api_finds_what_citizens_type() {
    let app = TestApp::with_demo().await;
    let food_licences = ["SJ-XK-001-00", "SJ-XK-001-01", "SJ-XK-001-03"];
    check(&app, "q=食品&per_page=3", 6, true, &food_licences).await;
    // Everyday words reach the same items as the official name.
    check(
        &app,
        "q=开饭店要办什么证&per_page=3",
        6,
        true,
        &food_licences,
    )
    .await;
    check(&app, "q=低保", 1, true, &["MZ-JF-002-00"]).await;
    check(&app, "q=结婚", 1, true, &["MZ-QR-005-00"]).await;
    check(&app, "q=明码标价", 1, true, &["SJ-CF-007-00"]).await;
    check(&app, "q=SJ-XK-001", 3, true, &food_licences).await;
    check(
        &app,
        "q=食品 处罚",
        2,
        true,
        &["SJ-CF-004-00", "SJ-QZ-010-00"],
    )
    .await;
    // Filters: category (abbreviation or name), department, level.
    check(&app, "q=食品&category=CF", 1, true, &["SJ-CF-004-00"]).await;
    check(&app, "q=食品&category=行政处罚", 1, true, &["SJ-CF-004-00"]).await;
    check(
        &app,
        "q=罚款&department=MZ",
        2,
        true,
        &["MZ-CF-010-00", "MZ-CF-009-00"],
    )
    .await;
    check(&app, "q=食品&level=省级", 0, true, &[]).await;
    check(
        &app,
        "q=食品&level=县级&per_page=3",
        6,
        true,
        &food_licences,
    )
    .await;
    // Paging: 14 results for 罚款, the third page of five holds four.
    check(
        &app,
        "q=罚款&per_page=5&page=3",
        14,
        true,
        &[
            "ZR-CF-009-00",
            "MZ-CF-009-00",
            "SJ-CF-008-00",
            "SJ-QZ-010-00",
        ],
    )
    .await;
    check(&app, "q=罚款&per_page=5&page=4", 14, true, &[]).await;
    // Nothing, and something for only part of the words.
    check(&app, "q=量子纠缠", 0, false, &[]).await;
    let (_, body) = app
        .get(&format!("/api/v1/search?{}", encode("q=宅基地 结婚")))
        .await;
    let partial = json(&body);
    assert_eq!(partial["matched_all"], false);
    let mut found = ids(&partial, "hits");
    found.sort();
    assert_eq!(found, ["MZ-QR-005-00", "ZR-XK-003-00"]);
    assert_eq!(partial["total"], 2);
}

#[tokio::test]
async fn search_api_refuses_bad_requests() {
    let app = TestApp::with_demo().await;
    for query in [
        "q=食品&category=罚款类",
        "q=食品&page=0",
        "q=食品&per_page=0",
        "q=食品&per_page=101",
        "q=食品&page=x",
        "q=食品&department=S J",
    ] {
        let (status, body) = app.get(&format!("/api/v1/search?{}", encode(query))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {body}");
        assert_eq!(json(&body)["error"]["code"], "bad_request", "{query}");
    }
}

#[tokio::test]
async fn search_api_response() {
    let app = TestApp::with_demo().await;
    let (status, body) = app
        .get(&format!(
            "/api/v1/search?{}",
            encode("q=食品经营&category=CF")
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("search_food_penalties", json(&body));
}

/// A lookup through the API: the ids of the items citing `law`.
async fn check_basis(app: &TestApp, law: &str, citation: &str, expected: &[&str]) {
    let uri = format!("/api/v1/basis?law={}", encode(law));
    let (status, body) = app.get(&uri).await;
    assert_eq!(status, StatusCode::OK, "{law}: {body}");
    let results = json(&body);
    assert_eq!(results["citation"], citation, "{law}");
    assert_eq!(results["total"], expected.len(), "{law}");
    assert_eq!(ids(&results, "items"), expected, "{law}");
}

#[tokio::test]
async fn basis_lookup_reads_citations_as_people_write_them() {
    let app = TestApp::with_demo().await;
    let short = "《土地管理法实施条例》第五十七条";
    let long = "《中华人民共和国土地管理法实施条例》第五十七条";
    for (law, citation) in [
        ("《土地管理法实施条例》第五十七条", short),
        ("土地管理法实施条例第57条", short),
        ("《中华人民共和国土地管理法实施条例》第五十七条", long),
        ("中华人民共和国土地管理法实施条例 第57条", long),
    ] {
        check_basis(&app, law, citation, &["ZR-CF-006-00"]).await;
    }
    // The whole law: every current item citing any article of it.
    check_basis(
        &app,
        "土地管理法实施条例",
        "《土地管理法实施条例》",
        &[
            "ZR-CF-006-00",
            "ZR-CF-008-00",
            "ZR-CF-015-00",
            "ZR-CF-016-00",
        ],
    )
    .await;
    // Article 42 was cited only by the superseded 2024 list.
    check_basis(
        &app,
        "土地管理法实施条例第四十二条",
        "《土地管理法实施条例》第四十二条",
        &[],
    )
    .await;
    check_basis(
        &app,
        "食品安全法第35条",
        "《食品安全法》第三十五条",
        &["SJ-XK-001-00", "SJ-XK-001-01"],
    )
    .await;

    for law in ["", "第五条", "食品安全法第三条至第五条"] {
        let (status, body) = app.get(&format!("/api/v1/basis?law={}", encode(law))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{law}: {body}");
        assert_eq!(json(&body)["error"]["code"], "bad_request", "{law}");
    }
}

async fn check_page(app: &TestApp, uri: &str, expected: &[&str], absent: &[&str]) {
    let (status, body) = app.get(&encode(uri)).await;
    assert_eq!(status, StatusCode::OK, "{uri}");
    for text in expected {
        assert!(body.contains(text), "{uri}: `{text}` missing");
    }
    for text in absent {
        assert!(!body.contains(text), "{uri}: `{text}` should not be there");
    }
}

#[tokio::test]
async fn search_and_basis_pages_render_on_the_server() {
    let app = TestApp::with_demo().await;
    check_page(
        &app,
        "/search?q=食品&category=CF",
        &[
            "找到 1 项与“食品”有关的事项",
            "<mark>食品</mark>",
            r#"href="/items/SJ-CF-004-00""#,
            "行政处罚（1）",
            "（已选）",
        ],
        &["没有找到"],
    )
    .await;
    check_page(&app, "/search?q=罚款&page=2", &["第 2 页，共 1 页"], &[]).await;
    check_page(
        &app,
        "/search?q=量子纠缠",
        &["没有找到与“量子纠缠”有关的事项"],
        &[],
    )
    .await;
    check_page(&app, "/search?q=宅基地 结婚", &["只包含部分检索词"], &[]).await;
    check_page(&app, "/search", &["可以这样查"], &["找到"]).await;
    check_page(
        &app,
        "/basis?law=土地管理法实施条例第57条",
        &[
            "引用《土地管理法实施条例》第五十七条的事项：共 1 项",
            r#"href="/items/ZR-CF-006-00""#,
        ],
        &[],
    )
    .await;
    check_page(&app, "/basis?law=第五条", &["请先写法律法规的名称"], &[]).await;
    // Every page has the search box; item pages link bases to the lookup.
    check_page(&app, "/", &[r#"action="/search""#, r#"name="q""#], &[]).await;
    check_page(
        &app,
        "/items/SJ-XK-001-01",
        &[r#"href="/basis?law=%E3%80%8A%E4%B8%AD%E5%8D%8E%E4%BA%BA%E6%B0%91%E5%85%B1%E5%92%8C%E5%9B%BD%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8%E6%B3%95%E3%80%8B%E7%AC%AC%E4%B8%89%E5%8D%81%E4%BA%94%E6%9D%A1""#],
        &[],
    )
    .await;
    check_page(
        &app,
        "/api",
        &["开放接口", "/api/v1/search", "/api/v1/openapi.json"],
        &[],
    )
    .await;
}

#[tokio::test]
async fn the_index_follows_new_versions() {
    let app = TestApp::new().await;
    let (_, body) = app
        .get(&format!("/api/v1/search?{}", encode("q=宅基地")))
        .await;
    assert_eq!(json(&body)["total"], 0);
    let search = server::search::Search::new(app.catalog());
    let first = search
        .search(&data::search::Query::new("农用地转用"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.total, 0);
    for (name, text) in server::demo::FILES {
        app.import(text.as_bytes())
            .await
            .unwrap_or_else(|e| panic!("importing {name}: {e}"));
    }
    // The same service sees the imported versions without being told.
    let after = search
        .search(&data::search::Query::new("宅基地"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.total, 1);
    let stats = search.rebuild().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(stats.n_docs > 40, "{stats:?}");
}

/// An admin's synonym row (issue 20) changes what search finds, on the
/// running server and on a second instance sharing the database, without
/// a restart; removing it undoes that.
#[tokio::test]
async fn the_registrys_own_synonyms_reach_every_instance() {
    let app = TestApp::with_demo().await.one_router();
    async fn search(app: &TestApp) -> Vec<String> {
        let (status, body) = app.get(&encode("/api/v1/search?q=爆仓")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        ids(&json(&body), "hits")
    }
    assert!(search(&app).await.is_empty());
    let row =
        data::search::synonyms::SynonymRow::new(&["爆仓".to_owned()], &["最低生活保障".to_owned()])
            .unwrap_or_else(|| panic!("row"));
    let audit = server::store::AuditEntry::new("admin", "synonym.put");
    app.store
        .as_other_process()
        .put_synonym(&row, audit)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let found = search(&app).await;
    assert!(found.iter().any(|id| id.starts_with("MZ-")), "{found:?}");
    assert_eq!(app.store.synonyms().await.unwrap_or_default(), [row]);
    let gone = app
        .store
        .remove_synonym(
            "爆仓",
            server::store::AuditEntry::new("admin", "synonym.remove"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(gone);
    assert!(search(&app).await.is_empty());
}
