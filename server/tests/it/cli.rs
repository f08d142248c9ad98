//! The `sunlit` binary as a user runs it, against the embedded on-disk
//! database (surrealkv): exit codes, messages, and what stays on disk.

use std::path::Path;
use std::process::{Command, Output};

fn sunlit(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunlit"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("running sunlit {args:?}: {e}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn check_ok(output: &Output, expected: &str) {
    assert!(output.status.success(), "{}", stderr(output));
    assert!(
        stderr(output).contains(expected),
        "`{expected}` missing from:\n{}",
        stderr(output)
    );
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[tokio::test]
async fn demo_export_and_a_refused_import_on_disk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("surrealkv://{}", path(dir.path(), "var/sunlit.db"));

    check_ok(
        &sunlit(&db, &["demo"]),
        "ZR v2025.1-ZR: imported 16 items (6 new revisions)",
    );
    check_ok(
        &sunlit(&db, &["demo"]),
        "SJ v2024.1: already imported, unchanged (15 items)",
    );

    let exported = path(dir.path(), "zr.json");
    check_ok(
        &sunlit(
            &db,
            &[
                "export",
                "--department",
                "ZR",
                "--version",
                "v2024.1",
                "-o",
                &exported,
            ],
        ),
        "wrote 16 items",
    );
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap_or_default()).unwrap_or_default();
    assert_eq!(document["list_version"]["version_id"], "v2024.1");
    assert_eq!(document["items"][3]["name"], "农村村民宅基地审核");

    let bad = path(dir.path(), "bad.json");
    std::fs::write(&bad, &server::demo::SAMPLE.as_bytes()[..1000])
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = sunlit(&db, &["import", &bad]);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(
        message.contains("nothing was written") && message.contains("the file ends too early"),
        "{message}"
    );

    let unknown = sunlit(&db, &["export", "--department", "XX"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("department `XX`"),
        "{}",
        stderr(&unknown)
    );

    // Everything is still there when the database is opened again from disk.
    let store = server::store::Store::open(&db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let counts = store.counts().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (counts.departments, counts.item_revisions, counts.versions),
        (3, 49, 4)
    );
}

#[test]
fn render_draws_dot_and_interchange_charts_and_lists_every_problem() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dot = path(dir.path(), "chart.dot");
    std::fs::write(
        &dot,
        r#"digraph { s [label="申请", shape=ellipse]; a [label="受理"]; d [label="是否齐全", shape=diamond];
           e [label="办结", shape=ellipse]; x [label="不予受理", shape=ellipse];
           s -> a -> d; d -> e [label="齐全"]; d -> x [label="不齐全"]; }"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let svg = path(dir.path(), "chart.svg");
    check_ok(&sunlit("mem://", &["render", &dot, "-o", &svg]), "(5 nodes");
    assert!(
        std::fs::read_to_string(&svg)
            .unwrap_or_default()
            .contains("是否齐全")
    );

    let sample = path(dir.path(), "sample.json");
    std::fs::write(&sample, server::demo::SAMPLE).unwrap_or_else(|e| panic!("{e}"));
    let png = path(dir.path(), "chart.png");
    check_ok(
        &sunlit(
            "mem://",
            &[
                "render",
                &sample,
                "--item",
                "SJ-XK-001-01",
                "--format",
                "png",
                "-o",
                &png,
            ],
        ),
        "(12 nodes",
    );
    assert!(
        std::fs::read(&png)
            .unwrap_or_default()
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );

    let without_item = sunlit("mem://", &["render", &sample]);
    assert!(!without_item.status.success());
    assert!(
        stderr(&without_item).contains("choose one with --item"),
        "{}",
        stderr(&without_item)
    );

    let broken = path(dir.path(), "broken.dot");
    std::fs::write(
        &broken,
        "digraph { a [type=start]; b; c [shape=diamond]; a -> c; c -> b; }",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let refused = sunlit("mem://", &["render", &broken]);
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert!(
        message.contains("decision `c` has 1 outgoing edge(s)"),
        "{message}"
    );
    assert!(
        message.contains("leaves decision `c` without a condition"),
        "{message}"
    );
}

#[tokio::test]
async fn users_drafts_and_spreadsheets_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("surrealkv://{}", path(dir.path(), "var/sunlit.db"));
    check_ok(&sunlit(&db, &["demo"]), "imported");

    // Accounts: the password comes from SUNLIT_PASSWORD (or standard input).
    let add = |args: &[&str], password: &str| {
        Command::new(env!("CARGO_BIN_EXE_sunlit"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("RUST_LOG", "error")
            .env("SUNLIT_PASSWORD", password)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    check_ok(
        &add(
            &[
                "user",
                "add",
                "zhang",
                "--role",
                "editor",
                "--department",
                "SJ",
            ],
            "long enough password",
        ),
        "added zhang (编辑) for SJ",
    );
    let short = add(&["user", "add", "li", "--role", "reviewer"], "short");
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("at least 10 characters"),
        "{}",
        stderr(&short)
    );
    let no_department = add(
        &["user", "add", "wang", "--role", "editor"],
        "long enough password",
    );
    assert!(
        stderr(&no_department).contains("at least one --department"),
        "{}",
        stderr(&no_department)
    );
    let listed = sunlit(&db, &["user", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "zhang\teditor\tSJ\n"
    );

    // Export the published list as XLSX and import it into the draft.
    let xlsx = path(dir.path(), "sj.xlsx");
    check_ok(
        &sunlit(
            &db,
            &[
                "export",
                "--department",
                "SJ",
                "--format",
                "xlsx",
                "-o",
                &xlsx,
            ],
        ),
        "wrote 15 items",
    );
    assert!(std::fs::read(&xlsx).unwrap_or_default().starts_with(b"PK"));
    check_ok(
        &sunlit(&db, &["import", &xlsx, "--department", "SJ"]),
        "imported 15 items into the draft of SJ",
    );
    let csv = path(dir.path(), "draft.csv");
    check_ok(
        &sunlit(
            &db,
            &[
                "export",
                "--department",
                "SJ",
                "--draft",
                "--format",
                "csv",
                "-o",
                &csv,
            ],
        ),
        "wrote 15 items",
    );
    let text = std::fs::read(&csv).unwrap_or_default();
    assert!(
        text.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM for Excel"
    );
    assert!(String::from_utf8_lossy(&text).contains("食品经营许可（新办）"));

    // A spreadsheet of another department is refused with its problems.
    let wrong = sunlit(&db, &["import", &xlsx, "--department", "MZ"]);
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("nothing was written"),
        "{}",
        stderr(&wrong)
    );
}

/// Publishing versions from a file on the command line is in the audit
/// log, with the account named by `--as` (or `cli`) and the OS user; an
/// unknown `--as` and one that may not publish are refused; importing
/// into a draft acts with the `--as` account's permissions.
#[tokio::test]
async fn command_line_publication_is_audited() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("surrealkv://{}", path(dir.path(), "var/sunlit.db"));
    let sample = path(dir.path(), "sample.json");
    std::fs::write(&sample, server::demo::SAMPLE).unwrap_or_else(|e| panic!("{e}"));

    let unknown = sunlit(&db, &["--as", "nobody", "import", &sample]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("no such account"),
        "{}",
        stderr(&unknown)
    );

    let published = Command::new(env!("CARGO_BIN_EXE_sunlit"))
        .args(["--db", &db, "import", &sample])
        .env("USER", "fazhiban")
        .env("RUST_LOG", "error")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    check_ok(&published, "SJ v2024.1: imported 15 items");

    let add = Command::new(env!("CARGO_BIN_EXE_sunlit"))
        .args([
            "--db",
            &db,
            "user",
            "add",
            "editor-mz",
            "--role",
            "editor",
            "--department",
            "MZ",
        ])
        .env("SUNLIT_PASSWORD", "correct horse battery")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(add.status.success(), "{}", stderr(&add));
    let editor = sunlit(&db, &["--as", "editor-mz", "import", &sample]);
    assert!(!editor.status.success(), "an editor does not publish");
    assert!(
        stderr(&editor).contains("may not publish"),
        "{}",
        stderr(&editor)
    );

    // Into the draft as the editor: their own department only.
    let csv = path(dir.path(), "mz.csv");
    check_ok(
        &sunlit(
            &db,
            &[
                "export",
                "--department",
                "MZ",
                "--format",
                "csv",
                "-o",
                &csv,
            ],
        ),
        "wrote",
    );
    let other = sunlit(
        &db,
        &["--as", "editor-mz", "import", "--department", "SJ", &csv],
    );
    assert!(!other.status.success());
    check_ok(
        &sunlit(
            &db,
            &["--as", "editor-mz", "import", "--department", "MZ", &csv],
        ),
        "imported 12 items into the draft of MZ",
    );

    let store = server::store::Store::open(&db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (rows, _) = store
        .audit(&server::store::AuditFilter {
            dept_code: None,
            item_id: None,
            actor: None,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let imports: Vec<&server::store::AuditRow> = rows
        .iter()
        .filter(|r| r.action == "version.import")
        .collect();
    assert_eq!(imports.len(), 3, "one row per version published");
    for row in &imports {
        assert_eq!(row.actor, "cli");
        let detail = row.detail.as_deref().unwrap_or_default();
        assert!(
            detail.contains("os user fazhiban") && detail.contains("sample.json"),
            "{detail}"
        );
    }
    let draft = rows
        .iter()
        .find(|r| r.action == "import")
        .unwrap_or_else(|| panic!("no draft import row"));
    assert_eq!(draft.actor, "editor-mz");
    assert_eq!(draft.dept_code.as_deref(), Some("MZ"));
}

/// A new office's first contact (issue 20): its department does not exist
/// yet, so importing its spreadsheet says how to create it; once created,
/// the sheet as the office keeps it (merged name cells saved as CSV,
/// Chinese numerals, a bracketed remark) goes into its draft.
#[tokio::test]
async fn a_new_department_is_created_and_takes_its_office_spreadsheet() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let db = format!("surrealkv://{}", path(dir.path(), "var/sunlit.db"));
    check_ok(&sunlit(&db, &["demo"]), "imported");
    let sheet = path(dir.path(), "文旅局权责清单.csv");
    std::fs::write(
        &sheet,
        "示范县文化广电和旅游局权责清单\n\
         序号,职权编码,职权名称,子项名称,职权类型,实施主体,法定期限,承诺期限\n\
         1,990101-WL-XK-001-00,营业性演出审批,,行政许可,示范县文化广电和旅游局,二十个工作日,十个工作日\n\
         1-1,990101-WL-XK-001-01,,营业性演出审批（新办）,,,二十个工作日,十个工作日\n\
         1-2,990101-WL-XK-001-02,,营业性演出审批（变更）,,,二十个工作日,五个工作日\n\
         2,990101-WL-CF-002-00,对擅自从事营业性演出经营活动的处罚,,行政处罚,示范县文化广电和旅游局,90日（自立案之日起）,\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let missing = sunlit(&db, &["import", "--department", "WL", &sheet]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing)
            .contains("there is no department WL; create it first: sunlit department add WL"),
        "{}",
        stderr(&missing)
    );

    check_ok(
        &sunlit(
            &db,
            &[
                "department",
                "add",
                "WL",
                "--name",
                "示范县文化广电和旅游局",
                "--short-name",
                "县文旅局",
            ],
        ),
        "added department WL 示范县文化广电和旅游局",
    );
    let twice = sunlit(&db, &["department", "add", "WL", "--name", "又一个"]);
    assert!(!twice.status.success());
    assert!(
        stderr(&twice).contains("already exists"),
        "{}",
        stderr(&twice)
    );
    let blank = sunlit(&db, &["department", "add", "XX", "--name", "  "]);
    assert!(
        !blank.status.success(),
        "a department without a name was added"
    );

    check_ok(
        &sunlit(&db, &["import", "--department", "WL", &sheet]),
        "imported 4 items into the draft of WL",
    );
    check_ok(
        &sunlit(
            &db,
            &["department", "edit", "WL", "--phone", "0000-12345678"],
        ),
        "changed department WL",
    );
    let list = sunlit(&db, &["department", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        listed.contains("WL\t示范县文化广电和旅游局\t县文旅局\t0000-12345678"),
        "{listed}"
    );
    let exported = path(dir.path(), "wl.json");
    check_ok(
        &sunlit(
            &db,
            &["export", "--department", "WL", "--draft", "-o", &exported],
        ),
        "",
    );
    let draft: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_default();
    let items = draft["items"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = items.iter().filter_map(|i| i["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "营业性演出审批",
            "营业性演出审批（新办）",
            "营业性演出审批（变更）",
            "对擅自从事营业性演出经营活动的处罚"
        ]
    );
    assert_eq!(
        items[1]["time_limit"]["statutory"],
        serde_json::json!({"value": 20, "unit": "working_day"})
    );
    assert_eq!(
        items[3]["time_limit"]["note"],
        serde_json::json!("自立案之日起")
    );
}

/// Bytes in the files under `dir` (0 when it does not exist).
fn bytes_under(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|meta| meta.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A command and a stopped server close the embedded database cleanly: what
/// they wrote is in sorted tables, and the log holds nothing that the next
/// start would replay into memory.
#[tokio::test]
async fn the_database_is_closed_cleanly_after_a_command_and_after_sigterm() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store_dir = dir.path().join("sunlit.db");
    let db = format!("surrealkv://{}", store_dir.display());
    check_ok(&sunlit(&db, &["demo"]), "imported");
    assert!(
        bytes_under(&store_dir.join("sstables")) > 10_000,
        "the demo data is not in sorted tables"
    );
    assert!(
        bytes_under(&store_dir.join("wal")) < 4_096,
        "the log still holds {} bytes after the import",
        bytes_under(&store_dir.join("wal"))
    );

    // The server, stopped as systemd stops it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_sunlit"))
        .args([
            "--db",
            &db,
            "serve",
            "--demo",
            "--addr",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RUST_LOG", "error")
        .spawn()
        .unwrap_or_else(|e| panic!("starting sunlit serve: {e}"));
    let mut up = false;
    for _ in 0..600 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not start");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap_or_else(|e| panic!("kill: {e}"));
    assert!(killed.success());
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success(), "serve ended with {status} on SIGTERM");
    // serve --demo wrote its demo accounts' sessions table and audit rows.
    assert!(
        bytes_under(&store_dir.join("wal")) < 4_096,
        "the log still holds {} bytes after SIGTERM",
        bytes_under(&store_dir.join("wal"))
    );
}

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_every_version_identical() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let from = format!("surrealkv://{}", path(dir.path(), "from.db"));
    let to = format!("surrealkv://{}", path(dir.path(), "to.db"));
    let file = path(dir.path(), "sunlit.surql");
    check_ok(&sunlit(&from, &["demo"]), "imported");
    check_ok(&sunlit(&from, &["backup", "-o", &file]), "wrote");
    check_ok(
        &sunlit(&to, &["restore", &file]),
        "3 departments, 4 versions",
    );
    let export = |db: &str, department: &str, version: &str| {
        let output = sunlit(
            db,
            &["export", "--department", department, "--version", version],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        output.stdout
    };
    for (department, version) in [("SJ", "v2024.1"), ("ZR", "v2024.1"), ("ZR", "v2025.1-ZR")] {
        let before = export(&from, department, version);
        assert!(
            before.len() > 1000,
            "{department} {version} exported nothing"
        );
        assert_eq!(
            before,
            export(&to, department, version),
            "{department} {version}"
        );
    }
    let restore_again = |db: &str| {
        let output = sunlit(db, &["restore", &file]);
        assert!(!output.status.success());
        stderr(&output)
    };
    // A second restore into the restored database is refused, naming it.
    let refused = restore_again(&to);
    assert!(refused.contains("is not empty"), "{refused}");
    assert!(refused.contains("list_version"), "{refused}");
}
