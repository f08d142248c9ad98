//! The review workflow over the whole router: an editor's changes need
//! adjustment records, the reviewer returns and approves, an admin
//! publishes a new immutable version; the permission matrix of every step;
//! and storage growth over many published versions.

use app::review::ReviewView;
use axum::http::StatusCode;
use data::interchange::{DepartmentList, Parsed};
use serde_json::{Value, json};
use server::store::AuditFilter;

use crate::TestApp;
use crate::editing::{Browser, app_with_users, form};

impl TestApp {
    async fn review(&self, browser: &Browser, dept: &str) -> ReviewView {
        let (status, body) = self
            .call_get(browser, &format!("/api/ui/review?dept={dept}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    /// Saves an item of `dept`'s draft after `change`; returns the status.
    async fn edit(
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

    async fn step(&self, browser: &Browser, endpoint: &str, fields: &[(&str, &str)]) -> StatusCode {
        let mut all = vec![("csrf", browser.csrf.as_str())];
        all.extend_from_slice(fields);
        let (status, body) = self.call_post(browser, endpoint, form(&all), false).await;
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR,
            "{endpoint}: {body}"
        );
        status
    }

    async fn publish(
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
                "label": "示范县民政局权责清单（2025年第二次动态调整）",
                "effective_date": "2025-07-01",
                "doc_no": "示政发〔2025〕9号（示例）",
            },
        });
        self.call_post(browser, "publish_draft", body.to_string(), true)
            .await
    }
}

impl TestApp {
    /// Posts the public comment form of SJ's draft as a browser without
    /// JavaScript does; returns where the answer sends it.
    async fn public_comment(&self, body: String) -> String {
        let request = axum::http::Request::post("/departments/SJ/consultation")
            .header(
                axum::http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(axum::body::Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"));
        let (status, headers, body) = self.send(request).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        headers
            .get(axum::http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
}

fn promised(days: u32) -> impl FnOnce(&mut data::Item) {
    move |item| {
        item.time_limit.promised =
            serde_json::from_value(json!({"value": days, "unit": "working_day"}))
                .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[tokio::test]
async fn submit_return_approve_publish() {
    let app = app_with_users().await;
    let editor = app.browser("editor-mz").await;
    let other_editor = app.browser("editor-sj").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;

    // The editor changes two items and removes one.
    assert_eq!(
        app.edit(&editor, "MZ", "MZ-JF-004-00", promised(5)).await,
        StatusCode::OK
    );
    assert_eq!(
        app.edit(&editor, "MZ", "MZ-QR-006-00", |item| item.name =
            "慈善组织认定及登记".into())
            .await,
        StatusCode::OK
    );
    let removed = app.draft_item(&editor, "MZ", "MZ-QT-007-00").await;
    let rev = removed.rev.to_string();
    assert_eq!(
        app.step(
            &editor,
            "delete_item",
            &[("dept", "MZ"), ("item_id", "MZ-QT-007-00"), ("rev", &rev)]
        )
        .await,
        StatusCode::OK
    );

    // Three changes, none covered yet; the types are proposed.
    let review = app.review(&editor, "MZ").await;
    assert_eq!(review.state, data::review::ReviewState::Editing);
    assert_eq!((review.summary.changed, review.summary.removed), (2, 1));
    assert_eq!(review.uncovered.len(), 3);
    let types: Vec<String> = review
        .proposals
        .iter()
        .map(|p| p.type_code.to_string())
        .collect();
    assert_eq!(types, ["变更", "变更", "取消"]);
    assert!(review.may_submit && !review.may_review && !review.may_publish);
    assert_eq!(
        app.step(&editor, "submit_draft", &[("dept", "MZ")]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no submission without reasons"
    );

    // Records with reasons, then submission.
    let mut records = review.proposals.clone();
    for record in &mut records {
        record.reason = "落实“放管服”改革要求，压缩办理时限（示例）".into();
    }
    let body = json!({"csrf": editor.csrf, "dept": "MZ", "adjustments": records});
    let (status, body) = app
        .call_post(&editor, "save_adjustments", body.to_string(), true)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.step(&editor, "submit_draft", &[("dept", "MZ")]).await,
        StatusCode::OK
    );

    // Locked while under review; editors cannot decide; others cannot submit.
    assert_eq!(
        app.edit(&editor, "MZ", "MZ-JF-004-00", promised(4)).await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.step(
            &editor,
            "approve_draft",
            &[("dept", "MZ"), ("opinion", ""), ("content_hash", "")]
        )
        .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.publish(&editor, "MZ", "v2025.2").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.step(&other_editor, "submit_draft", &[("dept", "MZ")])
            .await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.step(
            &reviewer,
            "return_draft",
            &[("dept", "MZ"), ("opinion", "")]
        )
        .await,
        StatusCode::BAD_REQUEST,
        "returning needs an opinion"
    );

    // The reviewer comments on a field and returns the draft.
    assert_eq!(
        app.step(
            &reviewer,
            "comment_draft",
            &[
                ("dept", "MZ"),
                ("item_id", "MZ-JF-004-00"),
                ("field", "承诺期限"),
                ("text", "临时救助承诺期限可进一步压缩至3个工作日。"),
            ],
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        app.step(
            &reviewer,
            "return_draft",
            &[("dept", "MZ"), ("opinion", "请按意见修改后重新提交。")]
        )
        .await,
        StatusCode::OK
    );
    let review = app.review(&editor, "MZ").await;
    assert_eq!(review.state, data::review::ReviewState::Returned);
    assert_eq!(review.comments[0].field.as_deref(), Some("承诺期限"));

    // The editor fixes and resubmits; the reviewer approves; reviewers do
    // not publish (by default); the admin publishes.
    assert_eq!(
        app.edit(&editor, "MZ", "MZ-JF-004-00", promised(3)).await,
        StatusCode::OK
    );
    assert_eq!(
        app.step(&editor, "submit_draft", &[("dept", "MZ")]).await,
        StatusCode::OK
    );
    let shown = app.review(&reviewer, "MZ").await.content_hash;
    assert_eq!(
        app.step(
            &reviewer,
            "approve_draft",
            &[
                ("dept", "MZ"),
                ("opinion", "经审查，合法。"),
                ("content_hash", &shown)
            ]
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        app.publish(&reviewer, "MZ", "v2025.2").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.publish(&admin, "MZ", "v2024.1").await.0,
        StatusCode::BAD_REQUEST,
        "a published version id is never reused"
    );
    let revisions_before = app.counts().await.item_revisions;
    let (status, body) = app.publish(&admin, "MZ", "v2025.2").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Only the two changed items got new revisions.
    assert_eq!(app.counts().await.item_revisions, revisions_before + 2);

    // The public comparison shows exactly these changes.
    let (_, body) = app.get("/api/v1/compare?department=MZ").await;
    let comparison: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (&comparison["from"], &comparison["to"]),
        (&json!("v2024.1"), &json!("v2025.2"))
    );
    let changes: Vec<(String, String)> = comparison["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| (i["item_id"].to_string(), i["change"].to_string()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        changes,
        [
            (r#""MZ-JF-004-00""#.to_owned(), r#""changed""#.to_owned()),
            (r#""MZ-QR-006-00""#.to_owned(), r#""changed""#.to_owned()),
            (r#""MZ-QT-007-00""#.to_owned(), r#""removed""#.to_owned()),
        ]
    );
    // The version carries its trail and records; the draft is closed.
    let list = app
        .catalog()
        .department_list("MZ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let steps: Vec<&str> = list
        .version
        .process
        .iter()
        .map(|s| s.step.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "部门申请",
            "合法性审查（退回修改）",
            "部门申请",
            "合法性审查（通过）",
            "公布施行"
        ]
    );
    assert_eq!(list.version.approved_by.as_deref(), Some("reviewer"));
    assert_eq!(list.adjustments.len(), 3);
    assert!(
        app.store
            .draft("MZ")
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );
    let (audit, _) = app
        .store
        .audit(&AuditFilter {
            dept_code: Some("MZ".into()),
            item_id: None,
            actor: None,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut actions: Vec<&str> = audit
        .iter()
        .map(|r| r.action.as_str())
        .filter(|a| a.starts_with("review."))
        .collect();
    actions.reverse();
    assert_eq!(
        actions,
        [
            "review.adjustments",
            "review.submit",
            "review.comment",
            "review.return",
            "review.submit",
            "review.approve",
            "review.publish"
        ]
    );
}

#[tokio::test]
async fn nobody_changes_a_published_version() {
    let app = app_with_users().await;
    let editor = app.browser("editor-mz").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;
    let published = app
        .catalog()
        .department_list("MZ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let counts = app.counts().await;

    // Every editing endpoint works on the draft only.
    assert_eq!(
        app.edit(&admin, "MZ", "MZ-JF-004-00", promised(1)).await,
        StatusCode::OK
    );
    for (who, endpoint, fields) in [
        (
            &editor,
            "create_item",
            vec![("dept", "MZ"), ("name", "新事项")],
        ),
        (
            &editor,
            "duplicate_item",
            vec![("dept", "MZ"), ("item_id", "MZ-JF-003-00")],
        ),
        (
            &editor,
            "move_item",
            vec![("dept", "MZ"), ("item_id", "MZ-JF-003-00"), ("step", "1")],
        ),
    ] {
        assert_eq!(
            app.step(who, endpoint, &fields).await,
            StatusCode::OK,
            "{endpoint}"
        );
    }
    // No workflow step applies to a version that is not a draft under review.
    for (who, endpoint) in [
        (&reviewer, "approve_draft"),
        (&reviewer, "return_draft"),
        (&admin, "approve_draft"),
    ] {
        assert_eq!(
            app.step(
                who,
                endpoint,
                &[("dept", "MZ"), ("opinion", "同意"), ("content_hash", "")]
            )
            .await,
            StatusCode::CONFLICT,
            "{endpoint}"
        );
    }
    assert_eq!(
        app.publish(&admin, "MZ", "v2024.1").await.0,
        StatusCode::CONFLICT
    );
    // Re-importing other content under the published id is refused.
    let mut document = app
        .catalog()
        .export("MZ", Some("v2024.1"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string(&document).unwrap_or_else(|e| panic!("{e}"));
    document = serde_json::from_str(&text.replace("临时救助", "临时救助（改）"))
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = serde_json::to_vec(&document).unwrap_or_else(|e| panic!("{e}"));
    assert!(app.import(&bytes).await.is_err());

    let after = app
        .catalog()
        .department_list("MZ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.items, published.items);
    assert_eq!(after.version, published.version);
    // Published rows are untouched; the draft and the audit log grew.
    let now = app.counts().await;
    assert_eq!(
        (now.departments, now.item_revisions, now.versions),
        (counts.departments, counts.item_revisions, counts.versions)
    );
}

#[tokio::test]
async fn storage_grows_with_changes_not_versions() {
    const ITEMS: usize = 2_000;
    const VERSIONS: usize = 50;
    const CHURN: usize = ITEMS / 100;
    let app = TestApp::with_demo().await;
    let template = app
        .catalog()
        .department_list("MZ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let base = template.items[3].clone();
    let mut items: Vec<data::Item> = (0..ITEMS)
        .map(|n| {
            let mut item = base.clone();
            item.item_id =
                data::ItemId::new(format!("MZ-GEN-{n:05}")).unwrap_or_else(|e| panic!("{e}"));
            item.item_code = format!("990101-MZ-JF-{n:05}-00");
            item.name = format!("生成事项{n}");
            item
        })
        .collect();
    let start = app.counts().await.item_revisions;
    for version in 0..VERSIONS {
        if version > 0 {
            // 1% churn: a different slice of items changes each time.
            for k in 0..CHURN {
                let index = (version * CHURN + k * 7) % ITEMS;
                items[index].remark = Some(format!("第{version}次调整"));
            }
        }
        let mut meta = template.version.clone();
        meta.version_id =
            data::VersionId::new(format!("v-gen.{version}")).unwrap_or_else(|e| panic!("{e}"));
        meta.effective_date = data::IsoDate::new(2030, 1, 1).unwrap_or_else(|| panic!("date"));
        let parsed = Parsed {
            jurisdiction: None,
            departments: vec![template.department.clone()],
            lists: vec![DepartmentList {
                department: template.department.clone(),
                version: meta,
                items: items.clone(),
                adjustments: Vec::new(),
            }],
            carried: Vec::new(),
            new_departments: Vec::new(),
            normalised: Vec::new(),
            warnings: Vec::new(),
        };
        app.store
            .import(&parsed, &crate::test_importer(), || {})
            .await
            .unwrap_or_else(|e| panic!("version {version}: {e}"));
    }
    let grown = app.counts().await.item_revisions - start;
    let expected = (ITEMS + (VERSIONS - 1) * CHURN) as i64;
    println!(
        "{VERSIONS} versions × {ITEMS} items, {CHURN} changed per version: item_revision grew by {grown} rows (expected {expected}); list_version rows: {}",
        app.counts().await.versions
    );
    assert_eq!(grown, expected);
}

/// The optional public-comment period (征求意见): the department opens its
/// submitted draft to the public until a date; anyone comments on an item
/// and a field, without an account; the editor answers; the count goes
/// into the published version's trail and the comments close with it.
#[tokio::test]
async fn public_comment_period() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    let other_editor = app.browser("editor-mz").await;
    let reviewer = app.browser("reviewer").await;
    let admin = app.browser("admin").await;
    let anyone = Browser {
        cookie: None,
        csrf: String::new(),
    };
    assert_eq!(
        app.edit(&editor, "SJ", "SJ-XK-002-00", promised(4)).await,
        StatusCode::OK
    );
    let mut records = app.review(&editor, "SJ").await.proposals;
    for record in &mut records {
        record.reason = "压缩办理时限（示例）".into();
    }
    let body = json!({"csrf": editor.csrf, "dept": "SJ", "adjustments": records});
    assert_eq!(
        app.call_post(&editor, "save_adjustments", body.to_string(), true)
            .await
            .0,
        StatusCode::OK
    );
    let comment = |text: &str| {
        form(&[
            ("item_id", "SJ-XK-002-00"),
            ("field", "承诺期限"),
            ("author", "李女士"),
            ("text", text),
        ])
    };
    // Not open while being edited: no page, no comments.
    let (status, _) = app.call_get(&anyone, "/api/ui/consultation?dept=SJ").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.public_comment(comment("提前提意见")).await,
        "/departments/SJ/consultation?error=closed#item-SJ-XK-002-00"
    );
    assert_eq!(
        app.step(
            &editor,
            "open_consultation",
            &[("dept", "SJ"), ("until", "2099-01-01")]
        )
        .await,
        StatusCode::CONFLICT,
        "only a submitted draft is opened for comments"
    );
    assert_eq!(
        app.step(&editor, "submit_draft", &[("dept", "SJ")]).await,
        StatusCode::OK
    );
    // Today, as the server sees it (the audit row of the submission).
    let (audit, _) = app
        .store
        .audit(&AuditFilter {
            dept_code: Some("SJ".into()),
            limit: 1,
            ..AuditFilter::default()
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let today = audit[0].at[..10].to_owned();
    for (who, until, expected) in [
        (&reviewer, today.as_str(), StatusCode::FORBIDDEN),
        (&other_editor, today.as_str(), StatusCode::FORBIDDEN),
        (&editor, "2000-01-01", StatusCode::BAD_REQUEST),
        (&editor, "2099-01-01", StatusCode::BAD_REQUEST),
        (&editor, "明天", StatusCode::BAD_REQUEST),
        (&editor, today.as_str(), StatusCode::OK),
    ] {
        assert_eq!(
            app.step(
                who,
                "open_consultation",
                &[("dept", "SJ"), ("until", until)]
            )
            .await,
            expected,
            "open until {until}"
        );
    }
    // Anyone comments, without an account; empty or overlong comments are refused.
    assert_eq!(
        app.public_comment(comment("建议保留5个工作日，4个工作日难以完成现场核查。"))
            .await,
        "/departments/SJ/consultation?sent=1#item-SJ-XK-002-00"
    );
    for bad in ["  ", &"长".repeat(1001)] {
        let body = form(&[("author", ""), ("text", bad)]);
        assert_eq!(
            app.public_comment(body).await,
            "/departments/SJ/consultation?error=invalid"
        );
    }
    let (status, body) = app.call_get(&anyone, "/api/ui/consultation?dept=SJ").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: app::review::ConsultationView =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert!(view.open);
    assert_eq!(view.until, today);
    assert_eq!(view.summary.changed, 1);
    assert_eq!(view.comments.len(), 1);
    assert_eq!(view.comments[0].author, "李女士");
    assert_eq!(view.comments[0].field.as_deref(), Some("承诺期限"));
    // The public pages: the department page announces it, the draft's page
    // shows the change, its reason and the comment, without JavaScript.
    let (_, page) = app.get("/departments/SJ").await;
    assert!(page.contains("正在公开征求意见"), "{page}");
    let (status, page) = app.get("/departments/SJ/consultation").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "特种设备使用登记",
        "压缩办理时限（示例）",
        "4个工作日难以完成现场核查",
        "提交意见",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }

    // The editor answers; another department's editor and the public cannot.
    let key = view.comments[0].key.clone();
    let answer = [
        ("dept", "SJ"),
        ("key", key.as_str()),
        ("answer", "已采纳，恢复为5个工作日。"),
    ];
    assert_eq!(
        app.step(&other_editor, "answer_comment", &answer).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.step(&anyone, "answer_comment", &answer).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.step(&editor, "answer_comment", &answer).await,
        StatusCode::OK
    );
    let review = app.review(&editor, "SJ").await;
    assert_eq!(review.consultation_until.as_deref(), Some(today.as_str()));
    assert_eq!(
        review.public_comments[0].answer.as_deref(),
        Some("已采纳，恢复为5个工作日。")
    );
    assert!(review.trail.iter().any(|s| s.step == "公开征求意见"));

    // Approval and publication: the trail counts the comments; the draft's
    // comments close with it.
    let shown = app.review(&reviewer, "SJ").await.content_hash;
    assert_eq!(
        app.step(
            &reviewer,
            "approve_draft",
            &[("dept", "SJ"), ("opinion", ""), ("content_hash", &shown)]
        )
        .await,
        StatusCode::OK
    );
    let (status, body) = app.publish(&admin, "SJ", "v2025.2-SJ").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .get("/api/v1/departments/SJ/versions/v2025.2-SJ/export.json")
        .await;
    assert_eq!(status, StatusCode::OK);
    let document: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
    let process = document["list_version"]["process"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let step = process
        .iter()
        .find(|s| s["step"] == "公开征求意见")
        .unwrap_or_else(|| panic!("no consultation step in {process:?}"));
    assert_eq!(step["comments_received"], 1);
    let (status, _) = app.call_get(&anyone, "/api/ui/consultation?dept=SJ").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        app.store
            .public_comments("SJ")
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

/// Comment limits live in the database (issue 14): the per-address
/// throttle holds across routers (each request here gets a fresh one, as
/// after a restart or on a second server) and is told apart by client
/// address; the per-draft cap is checked in the inserting transaction, so
/// comments racing for the last places never overshoot it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn comment_limits_hold_in_the_database() {
    let app = app_with_users().await;
    let editor = app.browser("editor-sj").await;
    assert_eq!(
        app.edit(&editor, "SJ", "SJ-XK-002-00", promised(4)).await,
        StatusCode::OK
    );
    let mut records = app.review(&editor, "SJ").await.proposals;
    for record in &mut records {
        record.reason = "压缩办理时限（示例）".into();
    }
    let body = json!({"csrf": editor.csrf, "dept": "SJ", "adjustments": records});
    assert_eq!(
        app.call_post(&editor, "save_adjustments", body.to_string(), true)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        app.step(&editor, "submit_draft", &[("dept", "SJ")]).await,
        StatusCode::OK
    );
    let (audit, _) = app
        .store
        .audit(&AuditFilter {
            dept_code: Some("SJ".into()),
            limit: 1,
            ..AuditFilter::default()
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let today = audit[0].at[..10].to_owned();
    assert_eq!(
        app.step(
            &editor,
            "open_consultation",
            &[("dept", "SJ"), ("until", today.as_str())]
        )
        .await,
        StatusCode::OK
    );
    let from = |address: &str| {
        let mut request = axum::http::Request::post("/departments/SJ/consultation")
            .header(
                axum::http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(axum::body::Body::from(form(&[(
                "text",
                "建议写明现场核查的期限。",
            )])))
            .unwrap_or_else(|e| panic!("{e}"));
        let peer: std::net::SocketAddr = format!("{address}:40000")
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        request
    };
    let location = |headers: &axum::http::HeaderMap| {
        headers
            .get(axum::http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    // Twenty from one address, all at once; the twenty-first waits.
    let mut sending = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (app, request) = (app.clone(), from("192.0.2.1"));
        sending.spawn(async move { app.send(request).await });
    }
    for (_, headers, _) in sending.join_all().await {
        assert_eq!(location(&headers), "/departments/SJ/consultation?sent=1");
    }
    let (_, headers, _) = app.send(from("192.0.2.1")).await;
    assert_eq!(
        location(&headers),
        "/departments/SJ/consultation?error=throttled"
    );
    let (_, headers, _) = app.send(from("192.0.2.2")).await;
    assert_eq!(location(&headers), "/departments/SJ/consultation?sent=1");
    let open = app
        .store
        .public_comments("SJ")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(open.len(), 21);

    // The cap: 24 racing for the last 3 places of a draft capped at 24.
    let comment = server::store::NewPublicComment {
        dept_code: "SJ".into(),
        item_id: None,
        field: None,
        author: "匿名".into(),
        text: "同意。".into(),
    };
    let mut racing = tokio::task::JoinSet::new();
    for _ in 0..24 {
        let (store, comment, today) = (app.store.clone(), comment.clone(), today.clone());
        racing.spawn(async move {
            loop {
                match store.add_public_comment(comment.clone(), &today, 24).await {
                    Err(server::store::StoreError::Busy) => continue,
                    other => break other.unwrap_or_else(|e| panic!("{e}")),
                }
            }
        });
    }
    let outcomes = racing.join_all().await;
    let taken = outcomes
        .iter()
        .filter(|o| **o == server::store::CommentTaken::Taken)
        .count();
    assert_eq!(taken, 3, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(
        o,
        server::store::CommentTaken::Taken | server::store::CommentTaken::Full
    )));
    let open = app
        .store
        .public_comments("SJ")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(open.len(), 24);
}
