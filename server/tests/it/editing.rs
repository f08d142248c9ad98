//! Accounts, sessions, CSRF and the draft editor's server functions: the
//! permission matrix of every mutating endpoint, optimistic concurrency and
//! the audit log, over the whole router with an in-memory database.

use app::workspace::{DraftItemView, DraftView, Me};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use data::account::Role;
use serde_json::json;

use crate::TestApp;

pub(crate) const PASSWORD: &str = "correct horse battery";

/// The demo database plus one account per role.
pub(crate) async fn app_with_users() -> TestApp {
    let app = TestApp::with_demo().await;
    add_users(&app).await;
    app
}

/// One account per role, each with [`PASSWORD`].
pub(crate) async fn add_users(app: &TestApp) {
    let accounts = server::accounts::Accounts::new(app.store.clone());
    for (name, role, departments) in [
        ("admin", Role::Admin, vec![]),
        ("editor-sj", Role::Editor, vec!["SJ".to_owned()]),
        ("editor-mz", Role::Editor, vec!["MZ".to_owned()]),
        ("reviewer", Role::Reviewer, vec![]),
    ] {
        accounts
            .add_user(name, role, &departments, PASSWORD, "test")
            .await
            .unwrap_or_else(|e| panic!("adding {name}: {e}"));
    }
}

/// A signed-in browser: its cookie and CSRF token.
#[derive(Debug, Clone, Default)]
pub(crate) struct Browser {
    pub(crate) cookie: Option<String>,
    pub(crate) csrf: String,
}

pub(crate) fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    pub(crate) async fn login(
        &self,
        name: &str,
        password: &str,
    ) -> (StatusCode, axum::http::HeaderMap) {
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&[
                ("name", name),
                ("password", password),
                ("next", "/edit"),
            ])))
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, headers, _) = self.send(request).await;
        (status, headers)
    }

    pub(crate) async fn browser(&self, name: &str) -> Browser {
        let (status, headers) = self.login(name, PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login of {name}");
        let cookie = headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .unwrap_or_else(|| panic!("no session cookie for {name}"))
            .to_owned();
        let mut browser = Browser {
            cookie: Some(cookie),
            csrf: String::new(),
        };
        let (status, body) = self.call_get(&browser, "/api/ui/me").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let me: Option<Me> = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        browser.csrf = me.unwrap_or_else(|| panic!("{name} is not signed in")).csrf;
        browser
    }

    pub(crate) async fn call_get(&self, browser: &Browser, uri: &str) -> (StatusCode, String) {
        let mut request = Request::get(uri);
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, _, body) = self
            .send(
                request
                    .body(Body::empty())
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await;
        (status, body)
    }

    pub(crate) async fn call_post(
        &self,
        browser: &Browser,
        endpoint: &str,
        body: String,
        json: bool,
    ) -> (StatusCode, String) {
        let mut request = Request::post(format!("/api/ui/{endpoint}")).header(
            header::CONTENT_TYPE,
            if json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            },
        );
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, _, body) = self
            .send(
                request
                    .body(Body::from(body))
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await;
        (status, body)
    }

    async fn draft(&self, browser: &Browser, dept: &str) -> DraftView {
        let (status, body) = self
            .call_get(browser, &format!("/api/ui/draft?dept={dept}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    pub(crate) async fn draft_item(
        &self,
        browser: &Browser,
        dept: &str,
        item_id: &str,
    ) -> DraftItemView {
        let (status, body) = self
            .call_get(
                browser,
                &format!("/api/ui/draft_item?dept={dept}&item_id={item_id}"),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Create,
    Duplicate,
    Move,
    Delete,
    Save,
}

/// Calls one mutating endpoint on SJ's draft as `who`, with or without the
/// CSRF token. `setup` is an admin browser used to prepare fresh targets.
async fn call(
    app: &TestApp,
    who: &Browser,
    csrf: bool,
    endpoint: Endpoint,
    setup: &Browser,
) -> StatusCode {
    let token = if csrf {
        who.csrf.clone()
    } else {
        String::new()
    };
    let draft = app.draft(setup, "SJ").await;
    let target = draft
        .items
        .iter()
        .find(|r| r.summary.parent_code.is_none() && !r.summary.has_sub_items)
        .unwrap_or_else(|| panic!("SJ has a plain item"));
    let item_id = target.summary.item_id.to_string();
    let (status, _) = match endpoint {
        Endpoint::Create => {
            app.call_post(
                who,
                "create_item",
                form(&[("csrf", &token), ("dept", "SJ"), ("name", "新事项")]),
                false,
            )
            .await
        }
        Endpoint::Duplicate => {
            app.call_post(
                who,
                "duplicate_item",
                form(&[("csrf", &token), ("dept", "SJ"), ("item_id", &item_id)]),
                false,
            )
            .await
        }
        Endpoint::Move => {
            app.call_post(
                who,
                "move_item",
                form(&[
                    ("csrf", &token),
                    ("dept", "SJ"),
                    ("item_id", &item_id),
                    ("step", "1"),
                ]),
                false,
            )
            .await
        }
        Endpoint::Delete => {
            // A fresh item each time, so an allowed delete has something to delete.
            let (status, body) = app
                .call_post(
                    setup,
                    "create_item",
                    form(&[("csrf", &setup.csrf), ("dept", "SJ"), ("name", "待删除")]),
                    false,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let new_id: String = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
            app.call_post(
                who,
                "delete_item",
                form(&[
                    ("csrf", &token),
                    ("dept", "SJ"),
                    ("item_id", &new_id),
                    ("rev", "1"),
                ]),
                false,
            )
            .await
        }
        Endpoint::Save => {
            let view = app.draft_item(setup, "SJ", &item_id).await;
            let mut item = view.item;
            item.remark = Some(format!("由测试修改 {}", view.rev));
            let body = json!({"csrf": token, "dept": "SJ", "item": item, "rev": view.rev});
            app.call_post(who, "save_item", body.to_string(), true)
                .await
        }
    };
    status
}

#[tokio::test]
async fn permission_matrix_of_every_mutating_endpoint() {
    let app = app_with_users().await;
    let admin = app.browser("admin").await;
    let editor_sj = app.browser("editor-sj").await;
    let editor_mz = app.browser("editor-mz").await;
    let reviewer = app.browser("reviewer").await;
    let anonymous = Browser::default();
    use Endpoint::*;
    for endpoint in [Create, Duplicate, Move, Delete, Save] {
        let cases = [
            ("anonymous", &anonymous, true, StatusCode::UNAUTHORIZED),
            ("editor of SJ", &editor_sj, true, StatusCode::OK),
            ("editor of MZ", &editor_mz, true, StatusCode::FORBIDDEN),
            ("reviewer", &reviewer, true, StatusCode::FORBIDDEN),
            ("admin", &admin, true, StatusCode::OK),
            (
                "editor of SJ without CSRF token",
                &editor_sj,
                false,
                StatusCode::FORBIDDEN,
            ),
            (
                "admin without CSRF token",
                &admin,
                false,
                StatusCode::FORBIDDEN,
            ),
        ];
        for (who, browser, csrf, expected) in cases {
            let got = call(&app, browser, csrf, endpoint, &admin).await;
            assert_eq!(got, expected, "{endpoint:?} as {who}");
        }
    }
}

#[tokio::test]
async fn reading_drafts_and_the_audit_log_needs_the_right_role() {
    let app = app_with_users().await;
    let anonymous = Browser::default();
    let editor_mz = app.browser("editor-mz").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;
    for (who, browser, uri, expected) in [
        (
            "anonymous",
            &anonymous,
            "/api/ui/draft?dept=SJ",
            StatusCode::UNAUTHORIZED,
        ),
        (
            "editor of MZ",
            &editor_mz,
            "/api/ui/draft?dept=SJ",
            StatusCode::FORBIDDEN,
        ),
        (
            "editor of MZ",
            &editor_mz,
            "/api/ui/draft?dept=MZ",
            StatusCode::OK,
        ),
        (
            "editor of MZ",
            &editor_mz,
            "/api/ui/audit",
            StatusCode::FORBIDDEN,
        ),
        ("admin", &admin, "/api/ui/audit", StatusCode::OK),
        (
            "anonymous",
            &anonymous,
            "/api/ui/audit",
            StatusCode::UNAUTHORIZED,
        ),
    ] {
        let (status, body) = app.call_get(browser, uri).await;
        assert_eq!(status, expected, "{uri} as {who}: {body}");
    }
    // A reviewer may read a draft once an editor has opened it, but never opens one.
    let (status, _) = app.call_get(&reviewer, "/api/ui/draft?dept=ZR").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.call_get(&reviewer, "/api/ui/draft?dept=MZ").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_draft_starts_as_the_current_version_and_never_touches_it() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let published = app
        .catalog()
        .department_list("SJ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let draft = app.draft(&editor, "SJ").await;
    assert_eq!(
        draft.base_version.as_deref(),
        Some(published.version.version_id.as_str())
    );
    let ids: Vec<&str> = draft
        .items
        .iter()
        .map(|r| r.summary.item_id.as_str())
        .collect();
    let published_ids: Vec<&str> = published.items.iter().map(|i| i.item_id.as_str()).collect();
    assert_eq!(ids, published_ids);

    let before = app.counts().await;
    let item_id = published_ids[0];
    let view = app.draft_item(&editor, "SJ", item_id).await;
    let mut item = view.item.clone();
    item.name = "<script>alert(1)</script>食品经营许可".into();
    let body = json!({"csrf": editor.csrf, "dept": "SJ", "item": item, "rev": view.rev});
    let (status, body) = app
        .call_post(&editor, "save_item", body.to_string(), true)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, (view.rev + 1).to_string());
    // Published content is untouched: same revisions, same public page.
    let after = app.counts().await;
    assert_eq!(
        (after.item_revisions, after.versions, after.draft_items),
        (before.item_revisions, before.versions, before.draft_items)
    );
    let again = app
        .catalog()
        .department_list("SJ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.items, published.items);
    let (_, page) = app.get(&format!("/items/{item_id}")).await;
    assert!(!page.contains("<script>alert(1)"));
    // The draft has it, stored as text.
    let saved = app.draft_item(&editor, "SJ", item_id).await;
    assert_eq!(saved.item.name, "<script>alert(1)</script>食品经营许可");
}

#[tokio::test]
async fn the_second_save_of_the_same_revision_is_a_conflict_not_an_overwrite() {
    let app = app_with_users().await;
    let first = app.browser("editor-sj").await;
    let second = app.browser("admin").await;
    let draft = app.draft(&first, "SJ").await;
    let item_id = draft.items[0].summary.item_id.to_string();
    let view = app.draft_item(&first, "SJ", &item_id).await;

    let mut mine = view.item.clone();
    mine.remark = Some("第一位编辑的备注".into());
    let (status, _) = app
        .call_post(
            &first,
            "save_item",
            json!({"csrf": first.csrf, "dept": "SJ", "item": mine, "rev": view.rev}).to_string(),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let mut theirs = view.item.clone();
    theirs.remark = Some("第二位编辑的备注".into());
    let (status, body) = app
        .call_post(
            &second,
            "save_item",
            json!({"csrf": second.csrf, "dept": "SJ", "item": theirs, "rev": view.rev}).to_string(),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("第一位编辑的备注"),
        "the conflict shows the saved version: {body}"
    );
    assert!(body.contains("editor-sj"), "and who saved it: {body}");
    let stored = app.draft_item(&first, "SJ", &item_id).await;
    assert_eq!(stored.item.remark.as_deref(), Some("第一位编辑的备注"));
}

#[tokio::test]
async fn invalid_items_are_refused_with_field_problems() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let draft = app.draft(&editor, "SJ").await;
    let item_id = draft.items[0].summary.item_id.to_string();
    let other_code = draft.items[1].summary.item_code.clone();
    let view = app.draft_item(&editor, "SJ", &item_id).await;
    let mut item = view.item;
    item.name = " ".into();
    item.item_code = other_code;
    let (status, body) = app
        .call_post(
            &editor,
            "save_item",
            json!({"csrf": editor.csrf, "dept": "SJ", "item": item, "rev": view.rev}).to_string(),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body.contains("\"path\":\"name\"") && body.contains("required"),
        "{body}"
    );
    assert!(body.contains("duplicate_code"), "{body}");
}

#[tokio::test]
async fn every_mutation_is_in_the_append_only_audit_log() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let admin = app.browser("admin").await;
    let draft = app.draft(&editor, "SJ").await;
    let item_id = draft.items[0].summary.item_id.to_string();
    let view = app.draft_item(&editor, "SJ", &item_id).await;
    let mut item = view.item;
    item.remark = Some("审计测试".into());
    let (status, _) = app
        .call_post(
            &editor,
            "save_item",
            json!({"csrf": editor.csrf, "dept": "SJ", "item": item, "rev": view.rev}).to_string(),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app
        .call_get(
            &admin,
            &format!("/api/ui/audit?department=SJ&item={item_id}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let audit: app::workspace::AuditView =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let save = audit
        .rows
        .iter()
        .find(|r| r.action == "item.save")
        .unwrap_or_else(|| panic!("no item.save in {body}"));
    assert_eq!(save.actor, "editor-sj");
    assert!(save.before.is_some() && save.after.is_some() && save.before != save.after);

    // Nothing updates or deletes audit rows, not even a direct statement.
    let (status, body) = app.call_get(&admin, "/api/ui/audit").await;
    assert_eq!(status, StatusCode::OK);
    let all: app::workspace::AuditView =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
    assert!(all.rows.iter().any(|r| r.action == "draft.open"));
    assert!(all.rows.iter().any(|r| r.action == "login"));
    assert!(app.store.tamper_with_audit_for_tests().await.is_err());
}

#[tokio::test]
async fn logins_are_throttled_and_sessions_end_on_logout() {
    let app = app_with_users().await;
    for _ in 0..server::accounts::MAX_FAILURES_PER_ACCOUNT {
        let (status, headers) = app.login("editor-sj", "wrong password").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(location.starts_with("/login?error=invalid"), "{location}");
    }
    // Now even the right password waits.
    let (_, headers) = app.login("editor-sj", PASSWORD).await;
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(location.starts_with("/login?error=throttled"), "{location}");
    assert!(headers.get(header::SET_COOKIE).is_none());

    // Another account is not affected; its logout needs the CSRF token.
    let browser = app.browser("editor-mz").await;
    let logout = |csrf: String| {
        let mut request = Request::post("/logout")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request
            .body(Body::from(form(&[("csrf", &csrf)])))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let (status, _, _) = app.send(logout("wrong".into())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, headers, _) = app.send(logout(browser.csrf.clone())).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(
        headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.contains("Max-Age=0"))
    );
    let (_, body) = app.call_get(&browser, "/api/ui/me").await;
    assert_eq!(body, "null");
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let mut request = Request::post("/api/ui/create_item")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(cookie) = &editor.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let request = request
        .body(Body::from(form(&[
            ("csrf", &editor.csrf),
            ("dept", "SJ"),
            ("name", "跨站"),
        ])))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, _) = app.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// An admin creates a department on the departments page, with plain form
/// posts (no JavaScript); others may not; a taken code is said in Chinese.
#[tokio::test]
async fn admins_create_and_describe_departments_on_their_page() {
    let app = app_with_users().await;
    let admin = app.browser("admin").await;
    let post = |browser: &Browser, fields: &[(&str, &str)]| {
        let mut request = Request::post("/admin/departments")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request
            .body(Body::from(form(fields)))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let location = |headers: &axum::http::HeaderMap| {
        headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let add = [
        ("csrf", admin.csrf.as_str()),
        ("action", "add"),
        ("code", "WL"),
        ("name", "示范县文化广电和旅游局"),
        ("short_name", "县文旅局"),
        ("phone", ""),
    ];
    let (status, headers, _) = app.send(post(&admin, &add)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        location(&headers),
        "/admin/departments?outcome=added&code=WL"
    );
    let stored = app
        .store
        .department("WL")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stored.as_ref().map(|d| d.name.as_str()),
        Some("示范县文化广电和旅游局")
    );
    assert_eq!(stored.and_then(|d| d.supervision_phone), None);

    // The page lists it and says what happened.
    let (status, html) = app
        .call_get(&admin, "/admin/departments?outcome=added&code=WL")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("已新建部门 WL"), "{html}");
    assert!(html.contains("value=\"示范县文化广电和旅游局\""), "{html}");

    // The same code again, a blank name, a bad code: refused, said in words.
    let (_, headers, _) = app.send(post(&admin, &add)).await;
    assert_eq!(
        location(&headers),
        "/admin/departments?outcome=exists&code=WL"
    );
    let (_, html) = app.call_get(&admin, &location(&headers)).await;
    assert!(html.contains("编码为 WL 的部门已存在"), "{html}");
    let mut blank = add;
    blank[2] = ("code", "XX");
    blank[3] = ("name", "  ");
    let (_, headers, _) = app.send(post(&admin, &blank)).await;
    assert!(
        location(&headers).contains("outcome=name"),
        "{}",
        location(&headers)
    );
    let mut bad = add;
    bad[2] = ("code", "文旅");
    let (_, headers, _) = app.send(post(&admin, &bad)).await;
    assert!(
        location(&headers).contains("outcome=code"),
        "{}",
        location(&headers)
    );

    // Editing the description.
    let edit = [
        ("csrf", admin.csrf.as_str()),
        ("action", "edit"),
        ("code", "WL"),
        ("name", "示范县文化广电和旅游局"),
        ("short_name", "县文旅局"),
        ("phone", "0000-12345678"),
    ];
    let (_, headers, _) = app.send(post(&admin, &edit)).await;
    assert_eq!(
        location(&headers),
        "/admin/departments?outcome=saved&code=WL"
    );
    let phone = app
        .store
        .department("WL")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .and_then(|d| d.supervision_phone);
    assert_eq!(phone.as_deref(), Some("0000-12345678"));

    // An editor, a wrong CSRF token: nothing written.
    let editor = app.browser("editor-sj").await;
    let mut by_editor = add;
    by_editor[0] = ("csrf", editor.csrf.as_str());
    by_editor[2] = ("code", "YY");
    let (_, headers, _) = app.send(post(&editor, &by_editor)).await;
    assert!(
        location(&headers).contains("outcome=forbidden"),
        "{}",
        location(&headers)
    );
    let mut forged = add;
    forged[0] = ("csrf", "forged");
    forged[2] = ("code", "ZZ");
    let (_, headers, _) = app.send(post(&admin, &forged)).await;
    assert!(
        location(&headers).contains("outcome=expired"),
        "{}",
        location(&headers)
    );
    for code in ["YY", "ZZ", "XX"] {
        assert!(
            app.store
                .department(code)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .is_none(),
            "{code}"
        );
    }
    let (status, _) = app.call_get(&editor, "/api/ui/admin_departments").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
