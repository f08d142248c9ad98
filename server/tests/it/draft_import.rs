//! Importing files into a draft: office spreadsheets (GBK CSV, XLSX with a
//! merged title row), our own exports (round trip), the upload → preview →
//! confirm flow over HTTP, and bad files that must leave the database as it
//! was.

use app::workspace::WorkspaceError;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use data::DepartmentCode;
use data::account::{Principal, Role, UserName};
use server::export::{ExportFormat, render};
use server::workspace::Editing;

use crate::TestApp;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/src/sheet/fixtures");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn admin() -> Principal {
    Principal {
        name: UserName::new("importer").unwrap_or_else(|e| panic!("{e}")),
        role: Role::Admin,
        departments: Vec::new(),
    }
}

fn code(text: &str) -> DepartmentCode {
    DepartmentCode::new(text).unwrap_or_else(|e| panic!("{e}"))
}

async fn draft_names(app: &TestApp, dept: &str) -> Vec<String> {
    let found = app
        .store
        .department(dept)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("{dept}"));
    Editing::new(app.store.clone())
        .draft_as_list(&code(dept), found)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .items
        .into_iter()
        .map(|i| i.name)
        .collect()
}

#[tokio::test]
async fn office_spreadsheets_import_into_the_draft() {
    let app = TestApp::with_demo().await;
    let editing = Editing::new(app.store.clone());
    let n = editing
        .import_file(
            &admin(),
            &code("SJ"),
            "清单.csv",
            &fixture("office_gbk.csv"),
            "test",
        )
        .await
        .unwrap_or_else(|e| panic!("GBK CSV: {e:?}"));
    let names = draft_names(&app, "SJ").await;
    assert_eq!(names.len(), n);
    assert!(
        names.contains(&"食品经营许可（新办）".to_owned())
            || names.iter().any(|n| n.contains("新办")),
        "{names:?}"
    );

    let n = editing
        .import_file(
            &admin(),
            &code("ZR"),
            "清单.xlsx",
            &fixture("office_merged.xlsx"),
            "test",
        )
        .await
        .unwrap_or_else(|e| panic!("XLSX: {e:?}"));
    let names = draft_names(&app, "ZR").await;
    assert_eq!(names.len(), n);
    assert!(
        names.contains(&"国有建设用地使用权首次登记".to_owned()),
        "{names:?}"
    );
    // The same file is another department's: every item is flagged.
    let wrong = editing
        .import_file(
            &admin(),
            &code("SJ"),
            "清单.xlsx",
            &fixture("office_merged.xlsx"),
            "test",
        )
        .await;
    assert!(matches!(wrong, Err(WorkspaceError::ImportRefused(p)) if p.len() == n));
    // Published content is untouched by draft imports.
    let published = app
        .catalog()
        .department_list("SJ", None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(published.items.len(), 15);
}

#[tokio::test]
async fn exports_import_back_to_the_same_items() {
    let app = TestApp::with_demo().await;
    let editing = Editing::new(app.store.clone());
    for dept in ["MZ", "SJ", "ZR"] {
        let published = app
            .catalog()
            .department_list(dept, None)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for format in [ExportFormat::Json, ExportFormat::Xlsx, ExportFormat::CsvZip] {
            let bytes = render(&published, None, format).unwrap_or_else(|e| panic!("{e}"));
            let name = format!("{dept}.{}", format.extension());
            editing
                .import_file(&admin(), &code(dept), &name, &bytes, "test")
                .await
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let found = app
                .store
                .department(dept)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("{dept}"));
            let draft = editing
                .draft_as_list(&code(dept), found)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(draft.items, published.items, "{name}");
        }
    }
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_written() {
    let app = TestApp::with_demo().await;
    let editing = Editing::new(app.store.clone());
    // Open the draft first, so "nothing written" compares like with like.
    editing
        .import_file(
            &admin(),
            &code("SJ"),
            "SJ.json",
            &render(
                &app.catalog()
                    .department_list("SJ", None)
                    .await
                    .unwrap_or_else(|e| panic!("{e}")),
                None,
                ExportFormat::Json,
            )
            .unwrap_or_else(|e| panic!("{e}")),
            "test",
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut huge = "序号,事项编码,事项名称,权力类型,实施主体\n1,990101-SJ-XK-001-00,"
        .as_bytes()
        .to_vec();
    huge.extend(std::iter::repeat_n(b'x', 6 * 1024 * 1024));
    huge.extend("，行政许可,示范县市场监督管理局\n".as_bytes());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            br#"{"schema_version": "1.0", "departments": [{"dept_code": "SJ""#.to_vec(),
            "JSON",
        ),
        ("png_renamed.xlsx", fixture("png_renamed.xlsx"), "PNG"),
        ("truncated.xlsx", fixture("truncated.xlsx"), ""),
        ("empty.csv", fixture("empty.csv"), "empty"),
        ("duplicate_codes.csv", fixture("duplicate_codes.csv"), ""),
        (
            "unknown_category.csv",
            fixture("unknown_category.csv"),
            "categor",
        ),
        ("huge_cell.csv", huge, "20000"),
    ];
    for (name, bytes, expected) in cases {
        let before = app.counts().await;
        let result = editing
            .import_file(&admin(), &code("SJ"), name, &bytes, "test")
            .await;
        let Err(WorkspaceError::ImportRefused(problems)) = result else {
            panic!("{name} was not refused: {result:?}");
        };
        assert!(!problems.is_empty(), "{name}");
        let all: String = problems
            .iter()
            .map(|p| format!("{} {} {:?}\n", p.location, p.message, p.issue))
            .collect();
        assert!(all.contains(expected), "{name}: `{expected}` not in\n{all}");
        assert_eq!(app.counts().await, before, "{name} wrote something");
    }
}

#[tokio::test]
async fn upload_preview_and_confirm_over_http() {
    let app = TestApp::with_demo().await;
    let accounts = server::accounts::Accounts::new(app.store.clone());
    accounts
        .add_user(
            "editor-sj",
            Role::Editor,
            &["SJ".to_owned()],
            "correct horse battery",
            "test",
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let login = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "name=editor-sj&password=correct%20horse%20battery",
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, headers, _) = app.send(login).await;
    let cookie = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("no cookie"))
        .to_owned();
    let me = Request::get("/api/ui/me")
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, _, body) = app.send(me).await;
    let me: Option<app::workspace::Me> =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
    let csrf = me.unwrap_or_else(|| panic!("signed in")).csrf;

    let boundary = "sunlitboundary";
    let upload = |file: &[u8], csrf: &str| {
        let mut body = Vec::new();
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            )
            .as_bytes(),
        );
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"清单.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        body.extend(file);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::post("/edit/SJ/import")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::COOKIE, &cookie)
            .body(Body::from(body))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Without the CSRF token nothing is kept.
    let (status, _, _) = app.send(upload(&fixture("office_gbk.csv"), "wrong")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Nor without a session.
    let anonymous = Request::post("/edit/SJ/import")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nx\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc\r\n--{boundary}--\r\n"
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, _) = app.send(anonymous).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Another department's draft is not this editor's.
    let other = {
        let mut request = upload(&fixture("office_gbk.csv"), &csrf);
        *request.uri_mut() = "/edit/MZ/import".parse().unwrap_or_else(|e| panic!("{e}"));
        request
    };
    let (status, _, _) = app.send(other).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, headers, _) = app.send(upload(&fixture("office_gbk.csv"), &csrf)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let preview = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(preview.starts_with("/edit/SJ/import/"), "{preview}");

    let page = Request::get(&preview)
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, html) = app.send(page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("CSV，GBK 编码"), "{html}");
    assert!(html.contains("检查通过"), "{html}");
    let before = app.counts().await;

    let confirm = Request::post(&preview)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(format!(
            "csrf={csrf}&draft_rev={}",
            crate::hidden_field(&html, "draft_rev")
        )))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, headers, _) = app.send(confirm).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(location.starts_with("/edit/SJ?imported="), "{location}");
    let after = app.counts().await;
    assert_eq!(
        after.item_revisions, before.item_revisions,
        "published revisions untouched"
    );
    assert_eq!(
        after.audit,
        before.audit + 1,
        "one audit entry for the import"
    );
}

#[tokio::test]
async fn markup_in_a_name_is_imported_as_text() {
    let app = TestApp::with_demo().await;
    let editing = Editing::new(app.store.clone());
    let n = editing
        .import_file(
            &admin(),
            &code("SJ"),
            "script.csv",
            &fixture("script_name.csv"),
            "test",
        )
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let names = draft_names(&app, "SJ").await;
    assert_eq!(names.len(), n);
    assert!(names.iter().any(|n| n.contains("<script>")), "{names:?}");
}

/// Issue 20: a sheet with a bad row. In the web preview the editor imports
/// the valid rows; the bad row's problem stays listed on the draft and
/// blocks submission until marked as dealt with. The CLI stays all or
/// nothing.
#[tokio::test]
async fn the_valid_rows_import_and_the_others_block_submission() {
    use crate::editing::{Browser, app_with_users, form};
    let app = app_with_users().await;
    let editor: Browser = app.browser("editor-sj").await;
    let sheet = "序号,事项编码,事项名称,权力类型,实施主体,法定期限\n\
                 1,990101-SJ-XK-101-00,新的许可甲,行政许可,示范县市场监督管理局,二十个工作日\n\
                 2,990101-SJ-XK-102-00,新的许可乙,行政许可,示范县市场监督管理局,二十个半工作日\n\
                 3,990101-SJ-XK-103-00,新的许可丙,行政许可,示范县市场监督管理局,30日\n";
    let boundary = "sunlitboundary";
    let mut body = Vec::new();
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"清单.csv\"\r\nContent-Type: text/csv\r\n\r\n",
            editor.csrf
        )
        .as_bytes(),
    );
    body.extend(sheet.as_bytes());
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post("/edit/SJ/import")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::COOKIE, editor.cookie.clone().unwrap_or_default())
        .body(Body::from(body))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let preview = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let token = preview.rsplit('/').next().unwrap_or_default().to_owned();

    let (status, html) = app.call_get(&editor, &preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("二十个半工作日"), "{html}");
    assert!(html.contains("只导入无问题的 2 项"), "{html}");
    let draft_rev = crate::hidden_field(&html, "draft_rev");

    // Confirming the whole file is still refused.
    let confirm = |partial: bool| {
        let mut fields = vec![
            ("csrf", editor.csrf.as_str()),
            ("draft_rev", draft_rev.as_str()),
        ];
        if partial {
            fields.push(("partial", "1"));
        }
        Request::post(format!("/edit/SJ/import/{token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, editor.cookie.clone().unwrap_or_default())
            .body(Body::from(form(&fields)))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let before = app.counts().await;
    let (_, headers, _) = app.send(confirm(false)).await;
    assert!(
        headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.ends_with(&token)),
        "{headers:?}"
    );
    assert_eq!(app.counts().await.draft_items, before.draft_items);

    let (_, headers, _) = app.send(confirm(true)).await;
    assert_eq!(
        headers.get(header::LOCATION).and_then(|v| v.to_str().ok()),
        Some("/edit/SJ?imported=2")
    );
    let (_, body) = app.call_get(&editor, "/api/ui/draft?dept=SJ").await;
    let draft: app::workspace::DraftView =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let codes: Vec<&str> = draft
        .items
        .iter()
        .map(|r| r.summary.item_code.as_str())
        .collect();
    assert_eq!(codes, ["990101-SJ-XK-101-00", "990101-SJ-XK-103-00"]);
    assert_eq!(draft.open_problems.len(), 1);
    assert!(
        draft.open_problems[0].message.contains("二十个半工作日"),
        "{:?}",
        draft.open_problems
    );
    let (_, html) = app.call_get(&editor, "/edit/SJ").await;
    assert!(html.contains("导入时留下的问题（1 处"), "{html}");

    // Submission is refused while the problem is open.
    let submit = form(&[("csrf", editor.csrf.as_str()), ("dept", "SJ")]);
    let (status, body) = app
        .call_post(&editor, "submit_draft", submit.clone(), false)
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("ProblemsOpen"), "{body}");

    // Marked as dealt with (audited), submission goes past that check.
    let clear = Request::post("/edit/SJ/import-problems")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, editor.cookie.clone().unwrap_or_default())
        .body(Body::from(form(&[("csrf", editor.csrf.as_str())])))
        .unwrap_or_else(|e| panic!("{e}"));
    let (status, _, _) = app.send(clear).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, body) = app.call_get(&editor, "/api/ui/draft?dept=SJ").await;
    assert!(body.contains("\"open_problems\":[]"), "{body}");
    let (_, body) = app.call_post(&editor, "submit_draft", submit, false).await;
    assert!(!body.contains("ProblemsOpen"), "{body}");
}
