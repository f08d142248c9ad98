//! What is published is exactly what was reviewed (先预审再公开), and no
//! normal workflow loses data: every route into a draft is closed once it
//! is submitted or approved, publication checks the content against the
//! approval, the separation of duties holds, comments are never lost, a
//! stale import preview is refused and the project's own downloads import
//! back with no change. Over the whole router and a real (in-memory)
//! SurrealDB, as the editor, reviewer and publisher use it.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use data::account::Role;
use serde_json::json;
use server::store::AuditFilter;

use crate::TestApp;
use crate::editing::{Browser, PASSWORD, app_with_users, form};

/// An upload as the import form sends it, over HTTP.
pub(crate) struct Upload {
    /// The preview page it redirected to.
    pub(crate) preview: String,
}

impl TestApp {
    /// Uploads `bytes` as `name` into `dept`'s draft; the status and, on
    /// success, the preview's address.
    pub(crate) async fn upload(
        &self,
        browser: &Browser,
        dept: &str,
        name: &str,
        bytes: &[u8],
    ) -> (StatusCode, Option<Upload>, String) {
        let boundary = "sunlitboundary";
        let mut body = Vec::new();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
                browser.csrf
            )
            .as_bytes(),
        );
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut request = Request::post(format!("/edit/{dept}/import")).header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, headers, text) = self
            .send(
                request
                    .body(Body::from(body))
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await;
        let upload = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .filter(|l| l.contains("/import/"))
            .map(|l| Upload {
                preview: l.to_owned(),
            });
        (status, upload, text)
    }

    /// The preview page's HTML.
    pub(crate) async fn preview_page(&self, browser: &Browser, upload: &Upload) -> String {
        let (status, html) = self.call_get(browser, &upload.preview).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        html
    }

    /// Confirms an upload with the draft revision its preview showed; the
    /// status and where it redirects.
    async fn confirm(
        &self,
        browser: &Browser,
        upload: &Upload,
        draft_rev: &str,
    ) -> (StatusCode, String) {
        let mut request = Request::post(upload.preview.split('?').next().unwrap_or_default())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let (status, headers, body) = self
            .send(
                request
                    .body(Body::from(form(&[
                        ("csrf", &browser.csrf),
                        ("draft_rev", draft_rev),
                    ])))
                    .unwrap_or_else(|e| panic!("{e}")),
            )
            .await;
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map_or(body, str::to_owned);
        (status, location)
    }

    /// Downloads `dept`'s draft as `file` (`draft.csv` …).
    async fn download(&self, browser: &Browser, dept: &str, file: &str) -> Vec<u8> {
        let mut request = Request::get(format!("/edit/{dept}/download/{file}"));
        if let Some(cookie) = &browser.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let options = leptos::config::LeptosOptions::builder()
            .output_name("sunlit")
            .build();
        let router = server::web::app(self.store.clone(), options, self.config);
        let response = tower::ServiceExt::oneshot(
            router,
            request
                .body(Body::empty())
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .await
        .unwrap_or_else(|e| match e {});
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .to_vec()
    }

    /// The content hashes of `dept`'s draft items, in list order.
    async fn draft_hashes(&self, dept: &str) -> Vec<(String, String)> {
        self.store
            .draft_items(dept, false)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|r| (r.item_id, r.hash))
            .collect()
    }

    async fn save_as(
        &self,
        browser: &Browser,
        dept: &str,
        item_id: &str,
        change: impl FnOnce(&mut data::Item),
    ) -> StatusCode {
        let view = self.draft_item(browser, dept, item_id).await;
        let mut item = view.item.clone();
        change(&mut item);
        let body = json!({"csrf": browser.csrf, "dept": dept, "item": item, "rev": view.rev});
        self.call_post(browser, "save_item", body.to_string(), true)
            .await
            .0
    }

    async fn post_form(
        &self,
        browser: &Browser,
        endpoint: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let mut all = vec![("csrf", browser.csrf.as_str())];
        all.extend_from_slice(fields);
        let (status, body) = self.call_post(browser, endpoint, form(&all), false).await;
        assert_ne!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{endpoint}: {body}"
        );
        (status, body)
    }

    async fn review_of(&self, browser: &Browser, dept: &str) -> app::review::ReviewView {
        let (status, body) = self
            .call_get(browser, &format!("/api/ui/review?dept={dept}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    /// Saves the proposed adjustment records, each with a reason, and
    /// submits; returns the submission's status.
    async fn record_and_submit(&self, browser: &Browser, dept: &str) -> StatusCode {
        let review = self.review_of(browser, dept).await;
        let mut records = review.adjustments.clone();
        records.extend(review.proposals.clone());
        for record in &mut records {
            if record.reason.trim().is_empty() {
                record.reason = "依据《优化营商环境条例》压缩办理时限（示例）".into();
            }
        }
        let body = json!({"csrf": browser.csrf, "dept": dept, "adjustments": records});
        let (status, body) = self
            .call_post(browser, "save_adjustments", body.to_string(), true)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.post_form(browser, "submit_draft", &[("dept", dept)])
            .await
            .0
    }

    async fn approve_as(&self, browser: &Browser, dept: &str, shown: &str) -> StatusCode {
        self.post_form(
            browser,
            "approve_draft",
            &[
                ("dept", dept),
                ("opinion", "经审查，合法。"),
                ("content_hash", shown),
            ],
        )
        .await
        .0
    }

    async fn publish_as(
        &self,
        browser: &Browser,
        dept: &str,
        version_id: &str,
    ) -> (StatusCode, String) {
        let body = json!({
            "csrf": browser.csrf,
            "dept": dept,
            "request": {
                "version_id": version_id,
                "label": "示范县市场监督管理局权责清单（动态调整）",
                "effective_date": "2025-09-01",
                "doc_no": "示市监发〔2025〕3号（示例）",
            },
        });
        self.call_post(browser, "publish_draft", body.to_string(), true)
            .await
    }

    async fn audit_of(&self, dept: &str) -> Vec<server::store::AuditRow> {
        self.store
            .audit(&AuditFilter {
                dept_code: Some(dept.into()),
                item_id: None,
                actor: None,
                offset: 0,
                limit: 500,
            })
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .0
    }
}

fn promised(days: u32) -> impl FnOnce(&mut data::Item) {
    move |item| {
        item.time_limit.promised =
            serde_json::from_value(json!({"value": days, "unit": "working_day"}))
                .unwrap_or_else(|e| panic!("{e}"));
    }
}

async fn add_user(app: &TestApp, name: &str, role: Role, departments: &[&str]) {
    let departments: Vec<String> = departments.iter().map(|d| (*d).to_owned()).collect();
    server::accounts::Accounts::new(app.store.clone())
        .add_user(name, role, &departments, PASSWORD, "test")
        .await
        .unwrap_or_else(|e| panic!("adding {name}: {e}"));
}

fn editor_principal() -> data::account::Principal {
    data::account::Principal {
        name: data::account::UserName::new("editor-sj").unwrap_or_else(|e| panic!("{e}")),
        role: Role::Editor,
        departments: vec![data::DepartmentCode::new("SJ").unwrap_or_else(|e| panic!("{e}"))],
    }
}

/// The scenario that failed on main: after submission and after approval
/// no route — save, delete, create, duplicate, move, adjustment records,
/// upload, confirming an upload taken before, the command line's import —
/// changes the draft; each is refused with 409 and nothing moves; what is
/// published is what was submitted.
#[tokio::test]
async fn a_submitted_or_approved_draft_changes_by_no_route() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;

    assert_eq!(
        app.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    // An upload taken while the draft is still open, confirmed later.
    let csv = app.download(&editor, "SJ", "draft.csv").await;
    let (status, early, _) = app.upload(&editor, "SJ", "清单.csv", &csv).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let early = early.unwrap_or_else(|| panic!("no preview"));
    let early_rev = crate::hidden_field(&app.preview_page(&editor, &early).await, "draft_rev");
    assert_eq!(app.record_and_submit(&editor, "SJ").await, StatusCode::OK);

    let editing = server::workspace::Editing::new(app.store.clone());
    let sj = data::DepartmentCode::new("SJ").unwrap_or_else(|e| panic!("{e}"));
    for stage in ["submitted", "approved"] {
        let before = app.draft_hashes("SJ").await;
        let item = app.draft_item(&editor, "SJ", "SJ-XK-001-01").await;
        let rev = item.rev.to_string();
        assert_eq!(
            app.save_as(&editor, "SJ", "SJ-XK-001-01", |i| i.name.push('！'))
                .await,
            StatusCode::CONFLICT,
            "save, {stage}"
        );
        for (endpoint, fields) in [
            (
                "delete_item",
                vec![
                    ("dept", "SJ"),
                    ("item_id", "SJ-XK-001-01"),
                    ("rev", rev.as_str()),
                ],
            ),
            ("create_item", vec![("dept", "SJ"), ("name", "新事项")]),
            (
                "duplicate_item",
                vec![("dept", "SJ"), ("item_id", "SJ-XK-001-01")],
            ),
            (
                "move_item",
                vec![("dept", "SJ"), ("item_id", "SJ-XK-001-01"), ("step", "1")],
            ),
        ] {
            let (status, body) = app.post_form(&editor, endpoint, &fields).await;
            assert_eq!(status, StatusCode::CONFLICT, "{endpoint}, {stage}: {body}");
        }
        let body = json!({"csrf": editor.csrf, "dept": "SJ", "adjustments": []});
        let (status, _) = app
            .call_post(&editor, "save_adjustments", body.to_string(), true)
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "adjustments, {stage}");
        let (status, _, text) = app.upload(&editor, "SJ", "清单.csv", &csv).await;
        assert_eq!(status, StatusCode::CONFLICT, "upload, {stage}");
        assert!(text.contains("草稿已提交审查，不能修改"), "{text}");
        let (status, _) = app.confirm(&editor, &early, &early_rev).await;
        assert_eq!(status, StatusCode::CONFLICT, "confirm, {stage}");
        for principal in [
            editor_principal(),
            data::account::Principal {
                name: data::account::UserName::new("cli").unwrap_or_else(|e| panic!("{e}")),
                role: Role::Admin,
                departments: Vec::new(),
            },
        ] {
            let refused = editing
                .import_file(&principal, &sj, "清单.csv", &csv, "test")
                .await;
            assert!(
                matches!(refused, Err(app::workspace::WorkspaceError::Locked)),
                "CLI import, {stage}: {refused:?}"
            );
        }
        assert_eq!(
            app.draft_hashes("SJ").await,
            before,
            "{stage}: the draft moved"
        );
        if stage == "submitted" {
            let shown = app.review_of(&reviewer, "SJ").await.content_hash;
            assert_eq!(
                app.approve_as(&reviewer, "SJ", &shown).await,
                StatusCode::OK
            );
        }
    }
    let submitted = app.draft_hashes("SJ").await;
    let (status, body) = app.publish_as(&admin, "SJ", "v2025.3-SJ").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let published = app
        .catalog()
        .department_list("SJ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let hashes: Vec<(String, String)> = published
        .items
        .iter()
        .map(|i| {
            let r = data::revision::ItemRevision::of(i).unwrap_or_else(|e| panic!("{e}"));
            (i.item_id.to_string(), r.hash.to_string())
        })
        .collect();
    assert_eq!(hashes, submitted, "published exactly what was reviewed");
    // The trail names the content submitted, approved and published.
    let hashes: Vec<Option<String>> = published
        .version
        .process
        .iter()
        .map(|s| s.content_hash.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(hashes.len(), 3);
    assert!(
        hashes[0].is_some() && hashes.iter().all(|h| *h == hashes[0]),
        "{hashes:?}"
    );
    assert_eq!(published.version.approved_by.as_deref(), Some("reviewer"));
}

/// Publication refuses a draft that changed after approval by any means
/// (here behind every service's back, as a bug or a database user would),
/// and one with a change no adjustment record with a reason covers.
#[tokio::test]
async fn only_the_approved_content_is_published() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;
    assert_eq!(
        app.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    assert_eq!(app.record_and_submit(&editor, "SJ").await, StatusCode::OK);
    // A reviewer who looked at other content does not approve this one.
    assert_eq!(
        app.approve_as(&reviewer, "SJ", &"0".repeat(64)).await,
        StatusCode::CONFLICT
    );
    let shown = app.review_of(&reviewer, "SJ").await.content_hash;
    assert_eq!(
        app.approve_as(&reviewer, "SJ", &shown).await,
        StatusCode::OK
    );

    // Changed after approval: refused, nothing published.
    let row = app
        .store
        .draft_item("SJ", "SJ-XK-001-01")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no item"));
    let mut item: data::Item = serde_json::from_str(&row.body).unwrap_or_else(|e| panic!("{e}"));
    item.name.push_str("（未经审查）");
    let tampered = serde_json::to_string(&item).unwrap_or_else(|e| panic!("{e}"));
    app.store
        .tamper_with_draft_for_tests("SJ", "SJ-XK-001-01", &tampered)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let versions = app.counts().await.versions;
    let (status, body) = app.publish_as(&admin, "SJ", "v2025.3-SJ").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("ContentChanged"), "{body}");
    assert_eq!(app.counts().await.versions, versions);
    app.store
        .tamper_with_draft_for_tests("SJ", "SJ-XK-001-01", &row.body)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // A record without a reason, even with the approval rewritten to match.
    let review = app
        .store
        .review("SJ")
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no review"));
    let mut records: Vec<data::version::Adjustment> =
        serde_json::from_str(&review.adjustments).unwrap_or_else(|e| panic!("{e}"));
    records[0].reason = String::new();
    let items: Vec<data::Item> = app
        .store
        .draft_items("SJ", true)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let hash = data::review::content_hash(&items, &records).unwrap_or_else(|e| panic!("{e}"));
    let mut trail: Vec<data::version::ProcessStep> =
        serde_json::from_str(&review.trail).unwrap_or_else(|e| panic!("{e}"));
    for step in &mut trail {
        step.content_hash = Some(hash.clone());
    }
    let mut rewritten = review.clone();
    rewritten.adjustments = serde_json::to_string(&records).unwrap_or_else(|e| panic!("{e}"));
    rewritten.trail = serde_json::to_string(&trail).unwrap_or_else(|e| panic!("{e}"));
    let written = app
        .store
        .write_review(
            rewritten,
            Some(review.rev),
            server::store::ReviewLock::Free,
            server::store::AuditEntry::new("test", "test.tamper"),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(written);
    let (status, body) = app.publish_as(&admin, "SJ", "v2025.3-SJ").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("Uncovered"), "{body}");
    assert_eq!(app.counts().await.versions, versions);
}

/// Separation of duties (审批分离): whoever edited or submitted the draft
/// does not approve it, whoever approved it does not publish it; unless
/// the server runs in the explicit, audited single-person mode.
#[tokio::test]
async fn separation_of_duties() {
    let app = app_with_users().await;
    add_user(&app, "admin2", Role::Admin, &[]).await;
    add_user(&app, "reviewer2", Role::Reviewer, &[]).await;
    let admin = app.browser("admin").await;
    let admin2 = app.browser("admin2").await;
    let editor = app.browser("editor-sj").await;
    let reviewer = app.browser("reviewer").await;

    // The admin edits SJ and the editor submits: neither approves.
    assert_eq!(
        app.save_as(&admin, "SJ", "SJ-XK-002-00", promised(4)).await,
        StatusCode::OK
    );
    assert_eq!(app.record_and_submit(&editor, "SJ").await, StatusCode::OK);
    let view = app.review_of(&admin, "SJ").await;
    assert!(view.own_work && !view.may_review, "the admin edited it");
    assert_eq!(
        app.approve_as(&admin, "SJ", &view.content_hash).await,
        StatusCode::FORBIDDEN
    );
    // The reviewer may, and then may not publish (even if reviewers publish).
    let view = app.review_of(&reviewer, "SJ").await;
    assert!(!view.own_work && view.may_review);
    assert_eq!(
        app.approve_as(&reviewer, "SJ", &view.content_hash).await,
        StatusCode::OK
    );
    // admin2 neither edited nor approved: publishes.
    assert_eq!(
        app.publish_as(&admin2, "SJ", "v2025.3-SJ").await.0,
        StatusCode::OK
    );

    // An admin who edits and submits alone cannot approve; another admin
    // approves and may not publish; the first publishes.
    assert_eq!(
        app.save_as(&admin, "MZ", "MZ-JF-004-00", promised(5)).await,
        StatusCode::OK
    );
    assert_eq!(app.record_and_submit(&admin, "MZ").await, StatusCode::OK);
    let shown = app.review_of(&admin, "MZ").await.content_hash;
    assert_eq!(
        app.approve_as(&admin, "MZ", &shown).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.approve_as(&admin2, "MZ", &shown).await, StatusCode::OK);
    let (status, body) = app.publish_as(&admin2, "MZ", "v2025.3-MZ").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("PublishOwnApproval"), "{body}");
    assert_eq!(
        app.publish_as(&admin, "MZ", "v2025.3-MZ").await.0,
        StatusCode::OK
    );

    // With reviewers publishing, the approver still does not publish.
    let mut app2 = app_with_users().await;
    app2.config.reviewer_publishes = true;
    add_user(&app2, "reviewer2", Role::Reviewer, &[]).await;
    let editor = app2.browser("editor-sj").await;
    let reviewer = app2.browser("reviewer").await;
    let reviewer2 = app2.browser("reviewer2").await;
    assert_eq!(
        app2.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    assert_eq!(app2.record_and_submit(&editor, "SJ").await, StatusCode::OK);
    let shown = app2.review_of(&reviewer, "SJ").await.content_hash;
    assert_eq!(
        app2.approve_as(&reviewer, "SJ", &shown).await,
        StatusCode::OK
    );
    assert_eq!(
        app2.publish_as(&reviewer, "SJ", "v2025.3-SJ").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app2.publish_as(&reviewer2, "SJ", "v2025.3-SJ").await.0,
        StatusCode::OK
    );

    // Single-person mode: one admin does it all, and the log says so.
    let mut tiny = app_with_users().await;
    tiny.config.single_person = true;
    let admin = tiny.browser("admin").await;
    assert_eq!(
        tiny.save_as(&admin, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    assert_eq!(tiny.record_and_submit(&admin, "SJ").await, StatusCode::OK);
    let view = tiny.review_of(&admin, "SJ").await;
    assert!(view.may_review && !view.own_work);
    assert_eq!(
        tiny.approve_as(&admin, "SJ", &view.content_hash).await,
        StatusCode::OK
    );
    let (status, body) = tiny.publish_as(&admin, "SJ", "v2025.3-SJ").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let audit = tiny.audit_of("SJ").await;
    for action in ["review.approve", "review.publish"] {
        let row = audit
            .iter()
            .find(|r| r.action == action)
            .unwrap_or_else(|| panic!("no {action}"));
        assert!(
            row.detail
                .as_deref()
                .unwrap_or_default()
                .contains("single-person mode"),
            "{action}: {:?}",
            row.detail
        );
    }
}

/// Two reviewers commenting at once: every comment is kept.
#[tokio::test]
async fn comments_at_once_are_all_kept() {
    let app = app_with_users().await;
    add_user(&app, "reviewer2", Role::Reviewer, &[]).await;
    let editor = app.browser("editor-sj").await;
    let reviewer = app.browser("reviewer").await;
    let reviewer2 = app.browser("reviewer2").await;
    assert_eq!(
        app.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    assert_eq!(app.record_and_submit(&editor, "SJ").await, StatusCode::OK);
    let texts: Vec<String> = (0..8)
        .map(|i| format!("第{i}条意见：请补充依据。"))
        .collect();
    let calls = texts.iter().enumerate().map(|(i, text)| {
        let who = if i % 2 == 0 {
            reviewer.clone()
        } else {
            reviewer2.clone()
        };
        let (app, text) = (app.clone(), text.clone());
        async move {
            app.post_form(&who, "comment_draft", &[("dept", "SJ"), ("text", &text)])
                .await
                .0
        }
    });
    let statuses = futures_join_all(calls).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    let review = app.review_of(&reviewer, "SJ").await;
    let mut got: Vec<String> = review.comments.iter().map(|c| c.text.clone()).collect();
    got.sort();
    let mut want = texts.clone();
    want.sort();
    assert_eq!(got, want);
}

/// Runs futures concurrently on the test's runtime (no extra dependency).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    let futures: Vec<F> = futures.collect();
    let n = futures.len();
    for (i, future) in futures.into_iter().enumerate() {
        set.spawn(async move { (i, future.await) });
    }
    let mut out: Vec<Option<F::Output>> = (0..n).map(|_| None).collect();
    while let Some(done) = set.join_next().await {
        let (i, value) = done.unwrap_or_else(|e| panic!("{e}"));
        out[i] = Some(value);
    }
    out.into_iter().flatten().collect()
}

/// Every download the editor is offered (JSON, XLSX, CSV zip, items CSV)
/// uploads back with a preview that says nothing changes and an import that
/// changes nothing; flowcharts and discretion standards survive the items
/// CSV, which has no columns for them. An edit made in the CSV comes
/// through as exactly that change.
#[tokio::test]
async fn own_downloads_import_back_without_change() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let before = app.draft_item(&editor, "SJ", "SJ-XK-001-01").await;
    assert!(before.item.flowchart.is_some());
    let hashes = app.draft_hashes("SJ").await;
    for file in ["draft.json", "draft.xlsx", "draft.csv.zip", "draft.csv"] {
        let bytes = app.download(&editor, "SJ", file).await;
        let (status, upload, body) = app.upload(&editor, "SJ", file, &bytes).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{file}: {body}");
        let upload = upload.unwrap_or_else(|| panic!("{file}: no preview"));
        let html = app.preview_page(&editor, &upload).await;
        assert!(html.contains("导入后草稿不会有任何变化"), "{file}: {html}");
        let rev = crate::hidden_field(&html, "draft_rev");
        let (status, location) = app.confirm(&editor, &upload, &rev).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{file}: {location}");
        assert!(location.contains("imported="), "{file}: {location}");
        assert_eq!(
            app.draft_hashes("SJ").await,
            hashes,
            "{file} changed the draft"
        );
    }
    // One name changed in the items CSV: exactly that changes.
    let csv = String::from_utf8(app.download(&editor, "SJ", "draft.csv").await)
        .unwrap_or_else(|e| panic!("{e}"));
    let edited = csv.replacen(
        &before.item.name,
        &format!("{}（试行）", before.item.name),
        1,
    );
    assert_ne!(edited, csv);
    let (_, upload, _) = app
        .upload(&editor, "SJ", "清单.csv", edited.as_bytes())
        .await;
    let upload = upload.unwrap_or_else(|| panic!("no preview"));
    let html = app.preview_page(&editor, &upload).await;
    assert!(html.contains("修改 1 项"), "{html}");
    assert!(html.contains("事项名称"), "{html}");
    let rev = crate::hidden_field(&html, "draft_rev");
    assert_eq!(
        app.confirm(&editor, &upload, &rev).await.0,
        StatusCode::SEE_OTHER
    );
    let after = app.draft_item(&editor, "SJ", "SJ-XK-001-01").await;
    assert_eq!(after.item.name, format!("{}（试行）", before.item.name));
    let mut expected = before.item.clone();
    expected.name = after.item.name.clone();
    assert_eq!(after.item, expected, "only the name changed");
    let changed: Vec<String> = app
        .draft_hashes("SJ")
        .await
        .into_iter()
        .zip(&hashes)
        .filter(|(now, then)| now != *then)
        .map(|(now, _)| now.0)
        .collect();
    assert_eq!(changed, ["SJ-XK-001-01"]);
}

/// A preview confirmed after the draft changed is refused and shown anew;
/// nothing is imported.
#[tokio::test]
async fn a_stale_preview_is_not_confirmed() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let csv = app.download(&editor, "SJ", "draft.csv").await;
    let (_, upload, _) = app.upload(&editor, "SJ", "清单.csv", &csv).await;
    let upload = upload.unwrap_or_else(|| panic!("no preview"));
    let rev = crate::hidden_field(&app.preview_page(&editor, &upload).await, "draft_rev");
    assert_eq!(
        app.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
            .await,
        StatusCode::OK
    );
    let edited = app.draft_hashes("SJ").await;
    let (status, location) = app.confirm(&editor, &upload, &rev).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.ends_with("?stale=1"), "{location}");
    assert_eq!(app.draft_hashes("SJ").await, edited, "nothing imported");
    let (_, html) = app.call_get(&editor, &location).await;
    assert!(html.contains("预览之后草稿已被修改"), "{html}");
    // The fresh preview says what the import would undo, and confirms.
    assert!(html.contains("修改 1 项"), "{html}");
    let rev = crate::hidden_field(&html, "draft_rev");
    assert_eq!(
        app.confirm(&editor, &upload, &rev).await.0,
        StatusCode::SEE_OTHER
    );
}

/// A save racing a submission: whichever the database takes first, what
/// was submitted is exactly the draft that stays locked.
#[tokio::test]
async fn a_save_racing_a_submission_never_slips_in() {
    for round in 0..6u32 {
        let app = app_with_users().await;
        let editor = app.browser("editor-sj").await;
        assert_eq!(
            app.save_as(&editor, "SJ", "SJ-XK-002-00", promised(4))
                .await,
            StatusCode::OK
        );
        let review = app.review_of(&editor, "SJ").await;
        let mut records = review.proposals.clone();
        records
            .iter_mut()
            .for_each(|r| r.reason = "压缩时限（示例）".into());
        let body = json!({"csrf": editor.csrf, "dept": "SJ", "adjustments": records});
        assert_eq!(
            app.call_post(&editor, "save_adjustments", body.to_string(), true)
                .await
                .0,
            StatusCode::OK
        );
        let view = app.draft_item(&editor, "SJ", "SJ-XK-002-00").await;
        let mut item = view.item.clone();
        promised(3)(&mut item);
        let save_body =
            json!({"csrf": editor.csrf, "dept": "SJ", "item": item, "rev": view.rev}).to_string();
        let (a, b) = (app.clone(), app.clone());
        let (e1, e2) = (editor.clone(), editor.clone());
        let save =
            tokio::spawn(async move { a.call_post(&e1, "save_item", save_body, true).await.0 });
        let submit =
            tokio::spawn(
                async move { b.post_form(&e2, "submit_draft", &[("dept", "SJ")]).await.0 },
            );
        let (saved, submitted) = (
            save.await.unwrap_or_else(|e| panic!("{e}")),
            submit.await.unwrap_or_else(|e| panic!("{e}")),
        );
        let row = app
            .store
            .review("SJ")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no review"));
        let trail: Vec<data::version::ProcessStep> =
            serde_json::from_str(&row.trail).unwrap_or_else(|e| panic!("{e}"));
        let items: Vec<data::Item> = app
            .store
            .draft_items("SJ", true)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .map(|r| serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let records: Vec<data::version::Adjustment> =
            serde_json::from_str(&row.adjustments).unwrap_or_else(|e| panic!("{e}"));
        let now = data::review::content_hash(&items, &records).unwrap_or_else(|e| panic!("{e}"));
        match trail.last() {
            Some(step) => {
                assert_eq!(submitted, StatusCode::OK, "round {round}");
                assert_eq!(
                    step.content_hash.as_ref(),
                    Some(&now),
                    "round {round}: saved {saved}"
                );
            }
            None => assert_ne!(submitted, StatusCode::OK, "round {round}"),
        }
    }
}
