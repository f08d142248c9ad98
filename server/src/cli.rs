//! The `sunlit` command line: serve, import, demo, export.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalog::Catalog;
use crate::chart::{self, ChartOptions, Engine, Format};
use crate::import::ImportReport;
use crate::store::{DbAuth, Store};

/// The default database: embedded, on disk, under the working directory.
pub const DEFAULT_DB: &str = "surrealkv://var/sunlit.db";

/// Sunlit: the registry of administrative power lists (权责清单).
#[derive(Debug, Parser)]
#[command(name = "sunlit", version, about)]
pub struct Cli {
    /// Database URL: surrealkv://PATH (embedded, default), mem:// or ws://HOST:PORT.
    #[arg(long, global = true, env = "SUNLIT_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// The database user to sign in as on a SurrealDB server (ws://);
    /// embedded databases take none.
    #[arg(long, global = true, env = "SUNLIT_DB_USER", value_name = "NAME")]
    pub db_user: Option<String>,
    /// Its password. Give it in the environment (`SUNLIT_DB_PASS`, e.g. from
    /// a systemd credential or an `EnvironmentFile` only root reads), not on
    /// the command line, where other users see it.
    #[arg(
        long,
        global = true,
        env = "SUNLIT_DB_PASS",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    pub db_pass: Option<String>,
    /// Act as this account (its permissions apply, and the audit log names
    /// it); without it the command line acts as the console operator `cli`.
    /// The operating-system user is recorded either way.
    #[arg(long = "as", global = true, env = "SUNLIT_AS", value_name = "NAME")]
    pub as_user: Option<String>,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal and the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "SUNLIT_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Load the demo data when no list is published, and the demo accounts
        /// when there are no accounts (demo databases only: their passwords are public).
        #[arg(long)]
        demo: bool,
        /// Mark the session cookie `Secure` (set this when served over HTTPS).
        #[arg(long, env = "SUNLIT_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Let reviewers publish the drafts they approved (otherwise admins only).
        #[arg(long, env = "SUNLIT_REVIEWER_PUBLISHES")]
        reviewer_publishes: bool,
        /// Single-person mode for tiny offices: turn the separation of duties
        /// off (one person may edit, approve and publish). Written to the
        /// audit log at start-up and on every step it allows.
        #[arg(long, env = "SUNLIT_SINGLE_PERSON")]
        single_person: bool,
        /// The reverse proxy in front (a CIDR such as 127.0.0.1/32 or
        /// 10.0.0.0/8): only requests from it have their client address
        /// read from `X-Forwarded-For`, for the sign-in and comment throttles.
        #[arg(long, env = "SUNLIT_TRUSTED_PROXY", value_name = "CIDR")]
        trusted_proxy: Option<ipnet::IpNet>,
        /// How long a public page rendered for visitors without an account
        /// is served again, in milliseconds (0: render every request).
        /// Writes through this instance show at once; writes elsewhere (a
        /// second instance, the CLI on a shared database) within this time.
        #[arg(
            long,
            env = "SUNLIT_PAGE_CACHE_MS",
            default_value_t = 2000,
            value_name = "MS"
        )]
        page_cache_ms: u64,
    },
    /// Manage accounts.
    User {
        /// What to do.
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Create, change and list departments.
    Department {
        /// What to do.
        #[command(subcommand)]
        command: DepartmentCommand,
    },
    /// The registry's own search synonyms, besides the built-in table.
    Synonym {
        /// What to do.
        #[command(subcommand)]
        command: SynonymCommand,
    },
    /// Import interchange JSON files as published versions, or, with
    /// --department, one file (JSON, XLSX, CSV) into that department's draft.
    Import {
        /// Files to import, in order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Put the file into this department's draft instead of publishing it.
        #[arg(long)]
        department: Option<String>,
    },
    /// Load the demo data (idempotent).
    Demo,
    /// Draw a flowchart from a DOT file or an interchange JSON file.
    Render {
        /// A `.dot`/`.gv` file, or interchange JSON (then `--item` picks the item).
        file: PathBuf,
        /// Item id, for interchange JSON.
        #[arg(long)]
        item: Option<String>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// svg, png or json (the laid-out geometry).
        #[arg(long, value_enum, default_value_t = Format::Svg)]
        format: Format,
        /// Layout engine.
        #[arg(long, value_enum, default_value_t = Engine::Sunlit)]
        engine: Engine,
        /// Lay out left to right instead of top to bottom.
        #[arg(long)]
        left_to_right: bool,
        /// Group steps into swimlanes by role.
        #[arg(long)]
        swimlanes: bool,
    },
    /// Export a department's published version (or its draft).
    Export {
        /// Department code, e.g. SJ.
        #[arg(long)]
        department: String,
        /// Version id (default: the current version).
        #[arg(long, conflicts_with = "draft")]
        version: Option<String>,
        /// Export the draft instead of a published version.
        #[arg(long)]
        draft: bool,
        /// json, xlsx, csv (items table) or csv-zip (every table).
        #[arg(long, value_enum, default_value_t = crate::export::ExportFormat::Json)]
        format: crate::export::ExportFormat,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Back up the whole database (every version, revision, draft, review,
    /// comment, account and the audit log) to one SurrealQL file, read from
    /// one snapshot: safe while the registry is in use on a SurrealDB server
    /// (ws://); an embedded database must not be served meanwhile.
    Backup {
        /// The file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Restore a backup into a new, empty database (`--db`).
    Restore {
        /// A file written by `sunlit backup`.
        file: PathBuf,
    },
    /// Write brotli and gzip copies (`FILE.br`, `FILE.gz`) beside the site
    /// folder's files at the best compression, for `serve` to send as they
    /// are (`make release` runs it).
    Precompress {
        /// The site folder (default: LEPTOS_SITE_ROOT).
        #[arg(env = "LEPTOS_SITE_ROOT")]
        site: PathBuf,
    },
}

/// Department subcommands.
#[derive(Debug, Subcommand)]
pub enum DepartmentCommand {
    /// Create a department, so that lists and spreadsheets can be imported for it.
    Add {
        /// Short code, e.g. WL (letters, digits, `_`).
        code: String,
        /// Full name, e.g. 示范县文化广电和旅游局.
        #[arg(long)]
        name: String,
        /// Short name, e.g. 县文旅局.
        #[arg(long)]
        short_name: Option<String>,
        /// 监督电话.
        #[arg(long)]
        phone: Option<String>,
        /// An internal section (承办机构); repeat for several.
        #[arg(long = "unit")]
        units: Vec<String>,
    },
    /// Change a department's name, short name, phone or sections.
    Edit {
        /// Its code.
        code: String,
        /// New full name.
        #[arg(long)]
        name: Option<String>,
        /// New short name (empty to remove).
        #[arg(long)]
        short_name: Option<String>,
        /// New 监督电话 (empty to remove).
        #[arg(long)]
        phone: Option<String>,
        /// The sections (承办机构), replacing those stored; repeat for several.
        #[arg(long = "unit")]
        units: Vec<String>,
    },
    /// List departments: code, name, short name, phone.
    List,
}

/// Synonym subcommands.
#[derive(Debug, Subcommand)]
pub enum SynonymCommand {
    /// Add (or replace) a row: what people type, and what the lists say.
    Add {
        /// What people type, e.g. 超载 (the row is named by the first).
        #[arg(required = true)]
        typed: Vec<String>,
        /// A word the lists use, e.g. 超限; repeat for several.
        #[arg(long = "means", required = true)]
        means: Vec<String>,
    },
    /// Remove the row named by its first word.
    Remove {
        /// The row's first word.
        typed: String,
    },
    /// List the registry's rows.
    List,
}

/// Account subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password comes from SUNLIT_PASSWORD or standard input.
    Add {
        /// Login name.
        name: String,
        /// admin, editor or reviewer.
        #[arg(long)]
        role: data::account::Role,
        /// Department code an editor may edit (repeat for several).
        #[arg(long = "department")]
        departments: Vec<String>,
    },
    /// Set a new password (from SUNLIT_PASSWORD or standard input) and end the user's sessions.
    Passwd {
        /// Login name.
        name: String,
    },
    /// List accounts.
    List,
}

/// Demo accounts created by `serve --demo` on an empty database; their
/// passwords are public (README), so they exist only in demo databases.
pub const DEMO_ACCOUNTS: [(&str, data::account::Role, &[&str], &str); 4] = [
    (
        "admin",
        data::account::Role::Admin,
        &[],
        "sunlit-admin-demo",
    ),
    (
        "editor-mz",
        data::account::Role::Editor,
        &["MZ"],
        "sunlit-editor-demo",
    ),
    (
        "editor-sj",
        data::account::Role::Editor,
        &["SJ"],
        "sunlit-editor-demo",
    ),
    (
        "reviewer",
        data::account::Role::Reviewer,
        &[],
        "sunlit-reviewer-demo",
    ),
];

/// Reads a password from SUNLIT_PASSWORD or the first line of standard input.
fn read_password() -> Result<String> {
    if let Ok(p) = std::env::var("SUNLIT_PASSWORD") {
        return Ok(p);
    }
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        eprint!("password: ");
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    anyhow::ensure!(
        !password.is_empty(),
        "no password: set SUNLIT_PASSWORD or pipe it on standard input"
    );
    Ok(password)
}

/// Ctrl-C or SIGTERM (what `systemctl stop` sends): the server stops taking
/// connections, finishes those it has, and the database is closed cleanly.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    tracing::info!("stopping: finishing open requests, then closing the database");
}

/// Runs the CLI and maps failure to a non-zero exit code with the full error chain.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                "info,surrealdb=warn,surrealkv=warn,usvg=error,simplecss=error".into()
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    // Every Store is dropped by now: let embedded engines write out what
    // they hold in memory, so that the next start does not replay their log.
    let still_open = runtime.block_on(crate::store::wait_closed(std::time::Duration::from_secs(
        120,
    )));
    for path in still_open {
        tracing::warn!(
            path = %path.display(),
            "the database did not close in time; its next opening replays its log"
        );
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &str, auth: &DbAuth) -> Result<Store> {
    Store::open_with(db, auth)
        .await
        .with_context(|| format!("opening database {db}"))
}

/// Runs one command.
pub async fn run(cli: Cli) -> Result<()> {
    let auth = DbAuth {
        user: cli.db_user.clone(),
        pass: cli.db_pass.clone(),
    };
    match cli.command.unwrap_or(Command::Serve {
        addr: ([127, 0, 0, 1], 3000).into(),
        demo: false,
        secure_cookies: false,
        reviewer_publishes: false,
        single_person: false,
        trusted_proxy: None,
        page_cache_ms: 2000,
    }) {
        Command::Serve {
            addr,
            demo,
            secure_cookies,
            reviewer_publishes,
            single_person,
            trusted_proxy,
            page_cache_ms,
        } => {
            let store = open(&cli.db, &auth).await?;
            if demo {
                if store.counts().await?.versions == 0 {
                    load_demo(&store).await?;
                }
                // Demo accounts only in a database that has no accounts yet.
                if store.accounts().await?.is_empty() {
                    add_demo_accounts(&store).await?;
                }
            }
            let config = crate::web::WebConfig {
                secure_cookies,
                reviewer_publishes,
                single_person,
                trusted_proxy,
                page_cache: std::time::Duration::from_millis(page_cache_ms),
            };
            if single_person {
                tracing::warn!("single-person mode: the separation of duties is off");
                store
                    .append_audit(
                        crate::store::AuditEntry::new(
                            &actor_name(&cli.as_user),
                            "server.single_person",
                        )
                        .detail(format!(
                            "served on {addr} with the separation of duties off; {}",
                            origin()
                        )),
                    )
                    .await
                    .context("writing the audit log")?;
            }
            serve(store, addr, config).await
        }
        Command::User { command } => {
            let store = open(&cli.db, &auth).await?;
            let accounts = crate::accounts::Accounts::new(store);
            match command {
                UserCommand::Add {
                    name,
                    role,
                    departments,
                } => {
                    let password = read_password()?;
                    let user = accounts
                        .add_user(&name, role, &departments, &password, "cli")
                        .await
                        .with_context(|| format!("adding user {name}"))?;
                    eprintln!(
                        "added {} ({}){}",
                        user.name,
                        user.role.label(),
                        if user.departments.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " for {}",
                                user.departments
                                    .iter()
                                    .map(ToString::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                    );
                }
                UserCommand::Passwd { name } => {
                    let password = read_password()?;
                    accounts
                        .set_password(&name, &password, "cli")
                        .await
                        .with_context(|| format!("setting the password of {name}"))?;
                    eprintln!("password of {name} changed; their sessions ended");
                }
                UserCommand::List => {
                    for user in accounts.users().await? {
                        let departments: Vec<String> =
                            user.departments.iter().map(ToString::to_string).collect();
                        println!("{}\t{}\t{}", user.name, user.role, departments.join(","));
                    }
                }
            }
            Ok(())
        }
        Command::Synonym { command } => {
            let store = open(&cli.db, &auth).await?;
            let principal = cli_principal(&store, &cli.as_user).await?;
            let admin = principal.may(data::account::Action::ManageSynonyms);
            let audit = |action: &str, detail: String| {
                crate::store::AuditEntry::new(principal.name.as_str(), action)
                    .detail(format!("{detail}; {}", origin()))
            };
            match command {
                SynonymCommand::List => {
                    for row in store.synonyms().await? {
                        println!("{}\t{}", row.typed.join("、"), row.means.join("、"));
                    }
                }
                SynonymCommand::Add { typed, means } => {
                    anyhow::ensure!(
                        admin,
                        "--as {}: only an admin changes the synonyms",
                        principal.name
                    );
                    let row = data::search::synonyms::SynonymRow::new(&typed, &means)
                        .context("give at least one word people type and one word the lists use")?;
                    store
                        .put_synonym(
                            &row,
                            audit(
                                "synonym.put",
                                format!("{} → {}", row.typed.join("、"), row.means.join("、")),
                            ),
                        )
                        .await?;
                    eprintln!(
                        "search now reads {} as {} (every instance rebuilds its index on its next search)",
                        row.typed.join("、"),
                        row.means.join("、")
                    );
                }
                SynonymCommand::Remove { typed } => {
                    anyhow::ensure!(
                        admin,
                        "--as {}: only an admin changes the synonyms",
                        principal.name
                    );
                    let key = data::search::synonyms::SynonymRow::new(
                        std::slice::from_ref(&typed),
                        std::slice::from_ref(&typed),
                    )
                    .and_then(|r| r.typed.into_iter().next())
                    .unwrap_or_default();
                    anyhow::ensure!(
                        store
                            .remove_synonym(&key, audit("synonym.remove", key.clone()))
                            .await?,
                        "there is no synonym row {typed}"
                    );
                    eprintln!("removed the synonym row {key}");
                }
            }
            Ok(())
        }
        Command::Department { command } => {
            let store = open(&cli.db, &auth).await?;
            department_command(&store, &cli.as_user, command).await
        }
        Command::Import {
            files,
            department: Some(department),
        } => {
            let store = open(&cli.db, &auth).await?;
            anyhow::ensure!(
                files.len() == 1,
                "give one file to import into the draft of {department}"
            );
            let file = &files[0];
            let bytes =
                std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
            let code = data::DepartmentCode::new(department.clone())
                .with_context(|| format!("department {department}"))?;
            anyhow::ensure!(
                store.department(code.as_str()).await?.is_some(),
                "there is no department {code}; create it first: sunlit department add {code} --name '<full name>' [--short-name ... --phone ...]"
            );
            let bar = spinner(&format!(
                "importing {} into the draft of {code}",
                file.display()
            ));
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let principal = cli_principal(&store, &cli.as_user).await?;
            let result = crate::workspace::Editing::new(store)
                .import_file(&principal, &code, &name, &bytes, &origin())
                .await;
            bar.finish_and_clear();
            match result {
                Ok(n) => {
                    eprintln!("imported {n} items into the draft of {code}");
                    Ok(())
                }
                Err(app::workspace::WorkspaceError::ImportRefused(problems)) => {
                    for p in &problems {
                        let what = match &p.issue {
                            Some(issue) => format!("{}: {:?}", issue.path, issue.issue),
                            None => p.message.clone(),
                        };
                        eprintln!("  - {} {what}", p.location);
                    }
                    anyhow::bail!(
                        "{} problem(s) in {}; nothing was written (the command line imports a file whole or not at all; the browser's import preview can take the valid rows and list the others on the draft)",
                        problems.len(),
                        file.display()
                    )
                }
                Err(e) => Err(anyhow::anyhow!("importing {}: {e}", file.display())),
            }
        }
        Command::Import {
            files,
            department: None,
        } => {
            let store = open(&cli.db, &auth).await?;
            for file in files {
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                let by = imported_by(&store, &cli.as_user, &file.display().to_string()).await?;
                let report = import_with_progress(&store, &file.display().to_string(), &bytes, &by)
                    .await
                    .with_context(|| {
                        format!("importing {} (nothing was written)", file.display())
                    })?;
                print_report(&report);
            }
            Ok(())
        }
        Command::Demo => {
            let store = open(&cli.db, &auth).await?;
            load_demo(&store).await
        }
        Command::Render {
            file,
            item,
            output,
            format,
            engine,
            left_to_right,
            swimlanes,
        } => {
            let (chart, file_layout) = read_chart(&file, item.as_deref())?;
            // The flags force a layout on; a DOT file's own `rankdir` and
            // `subgraph cluster_*` lanes are the default.
            let options = ChartOptions {
                engine,
                left_to_right: left_to_right || file_layout.left_to_right,
                swimlanes: swimlanes || file_layout.swimlanes,
            };
            let bytes = chart::render(&chart, format, &options)
                .with_context(|| format!("drawing the flowchart of {}", file.display()))?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "wrote {} ({} nodes, {} bytes)",
                        path.display(),
                        chart.nodes.len(),
                        bytes.len()
                    );
                }
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .context("writing to standard output")?;
                }
            }
            Ok(())
        }
        Command::Backup { output } => {
            let partial = output.with_extension("partial");
            let mut file = tokio::fs::File::create(&partial)
                .await
                .with_context(|| format!("creating {}", partial.display()))?;
            let bar = ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template(
                    "{spinner} backing up {msg} {binary_bytes} ({binary_bytes_per_sec})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message(cli.db.clone());
            let written = Store::backup(&cli.db, &auth, &mut file, |n| bar.set_position(n))
                .await
                .with_context(|| format!("backing up {}", cli.db))?;
            file.sync_all()
                .await
                .with_context(|| format!("writing {}", partial.display()))?;
            drop(file);
            tokio::fs::rename(&partial, &output)
                .await
                .with_context(|| {
                    format!("renaming {} to {}", partial.display(), output.display())
                })?;
            bar.finish_and_clear();
            eprintln!("wrote {} ({written} bytes)", output.display());
            Ok(())
        }
        Command::Restore { file } => {
            if !file.is_file() {
                anyhow::bail!("{} is not a file", file.display());
            }
            let bar = spinner(&format!("restoring {} into {}", file.display(), cli.db));
            let store = Store::restore(&cli.db, &file, &auth)
                .await
                .with_context(|| format!("restoring {} into {}", file.display(), cli.db))?;
            bar.finish_and_clear();
            let counts = store.counts().await?;
            eprintln!(
                "restored {}: {} departments, {} versions, {} item revisions, {} audit entries",
                file.display(),
                counts.departments,
                counts.versions,
                counts.item_revisions,
                counts.audit
            );
            Ok(())
        }
        Command::Precompress { site } => {
            let bar = spinner(&format!("compressing the files of {}", site.display()));
            let sizes = tokio::task::spawn_blocking(move || crate::site::precompress(&site))
                .await
                .context("compressing the site")??;
            bar.finish_and_clear();
            for (name, raw, gz, br) in sizes {
                println!("{name}: {raw} bytes, gzip {gz}, brotli {br}");
            }
            Ok(())
        }
        Command::Export {
            department,
            version,
            draft,
            format,
            output,
        } => {
            let store = open(&cli.db, &auth).await?;
            let bar = spinner(&format!("exporting {department}"));
            let catalog = Catalog::new(store.clone());
            let list = if draft {
                let code = data::DepartmentCode::new(department.clone())
                    .with_context(|| format!("department {department}"))?;
                let found = store
                    .department(code.as_str())
                    .await?
                    .with_context(|| format!("no department {code}"))?;
                crate::workspace::Editing::new(store.clone())
                    .draft_as_list(&code, found)
                    .await
                    .map_err(|e| anyhow::anyhow!("the draft of {code}: {e}"))?
            } else {
                catalog
                    .department_list(&department, version.as_deref())
                    .await
                    .with_context(|| format!("exporting department {department}"))?
            };
            let bytes = crate::export::render(&list, store.jurisdiction().await?, format)
                .with_context(|| format!("writing {department} as {format:?}"))?;
            bar.finish_and_clear();
            match output {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("wrote {} items to {}", list.items.len(), path.display());
                }
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .context("writing to standard output")?;
                }
            }
            Ok(())
        }
    }
}

/// Reads the flowchart to draw: DOT by extension, else interchange JSON;
/// with the layout a DOT file asks for (none for JSON). What the DOT import
/// inferred is told on standard error.
fn read_chart(
    file: &std::path::Path,
    item: Option<&str>,
) -> Result<(data::flowchart::Flowchart, data::flowchart::dot::DotLayout)> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let is_dot = file.extension().is_some_and(|e| e == "dot" || e == "gv");
    if is_dot {
        let text = String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8 text", file.display()))?;
        let import = data::flowchart::dot::import_dot(&text)
            .with_context(|| format!("reading {} as DOT", file.display()))?;
        for notice in &import.notices {
            eprintln!("{}: {}", file.display(), dot_notice(notice));
        }
        return Ok((import.chart, import.layout));
    }
    let parsed = data::interchange::parse(&bytes)
        .with_context(|| format!("reading {} as interchange JSON", file.display()))?;
    let items = || parsed.lists.iter().flat_map(|l| l.items.iter());
    let Some(item_id) = item else {
        let with_charts: Vec<&str> = items()
            .filter(|i| i.flowchart.is_some())
            .map(|i| i.item_id.as_str())
            .collect();
        anyhow::bail!(
            "{} holds several items: choose one with --item (items with a flowchart: {})",
            file.display(),
            with_charts.join(", ")
        );
    };
    let found = items()
        .find(|i| i.item_id.as_str() == item_id)
        .with_context(|| format!("no item `{item_id}` in {}", file.display()))?;
    let chart = found
        .flowchart
        .clone()
        .with_context(|| format!("item `{item_id}` has no flowchart"))?;
    Ok((chart, Default::default()))
}

/// What the DOT import inferred, as a line for the console.
fn dot_notice(notice: &data::flowchart::dot::DotNotice) -> String {
    use data::flowchart::dot::DotNotice;
    match notice {
        DotNotice::InferredReturn { from, to } => {
            format!("edge {from}→{to} closes a cycle: read as a return edge")
        }
        DotNotice::HtmlLabel { node } => format!("node `{node}`: HTML label read as plain text"),
        DotNotice::HtmlCondition { from, to } => {
            format!("edge {from}→{to}: HTML label read as plain text")
        }
        DotNotice::IgnoredAttributes { names } => {
            format!(
                "ignored attributes that do not change the chart: {}",
                names.join(", ")
            )
        }
    }
}

async fn load_demo(store: &Store) -> Result<()> {
    for (name, text) in crate::demo::FILES {
        let by = crate::store::ImportedBy {
            actor: "demo".to_owned(),
            detail: format!("demo file {name}; {}", origin()),
        };
        let report = import_with_progress(store, name, text.as_bytes(), &by)
            .await
            .with_context(|| format!("importing demo file {name}"))?;
        print_report(&report);
    }
    Ok(())
}

/// The principal the command line acts as: the account named with `--as`
/// (with that account's permissions), or else the console operator, who
/// has the machine and so may do everything; the audit log names it `cli`.
async fn cli_principal(
    store: &Store,
    as_user: &Option<String>,
) -> Result<data::account::Principal> {
    match as_user {
        Some(name) => crate::accounts::Accounts::new(store.clone())
            .users()
            .await?
            .into_iter()
            .find(|p| p.name.as_str() == name)
            .with_context(|| {
                format!("--as {name}: there is no such account (see `sunlit user list`)")
            }),
        None => Ok(data::account::Principal {
            name: data::account::UserName::new("cli")?,
            role: data::account::Role::Admin,
            departments: Vec::new(),
        }),
    }
}

/// The name the audit log gives the command line: `--as`, else `cli`.
fn actor_name(as_user: &Option<String>) -> String {
    as_user.clone().unwrap_or_else(|| "cli".to_owned())
}

/// Where a command-line action comes from, for the audit log: the
/// operating-system user (from `USER`, else `LOGNAME`).
fn origin() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    format!("command line, os user {user}")
}

/// Who publishes versions from `file` on the command line.
async fn imported_by(
    store: &Store,
    as_user: &Option<String>,
    file: &str,
) -> Result<crate::store::ImportedBy> {
    let principal = cli_principal(store, as_user).await?;
    anyhow::ensure!(
        principal.may(data::account::Action::Publish),
        "--as {}: a {} may not publish versions",
        principal.name,
        principal.role
    );
    Ok(crate::store::ImportedBy {
        actor: principal.name.to_string(),
        detail: format!("file {file}; {}", origin()),
    })
}

async fn department_command(
    store: &Store,
    as_user: &Option<String>,
    command: DepartmentCommand,
) -> Result<()> {
    use crate::workspace::DepartmentChange;
    use app::workspace::WorkspaceError;
    let (create, code, change) = match command {
        DepartmentCommand::List => {
            for d in store.departments().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    d.dept_code,
                    d.name,
                    d.short_name.unwrap_or_default(),
                    d.supervision_phone.unwrap_or_default()
                );
            }
            return Ok(());
        }
        DepartmentCommand::Add {
            code,
            name,
            short_name,
            phone,
            units,
        } => (
            true,
            code,
            DepartmentChange {
                name: Some(name),
                short_name,
                phone,
                units: Some(units),
            },
        ),
        DepartmentCommand::Edit {
            code,
            name,
            short_name,
            phone,
            units,
        } => (
            false,
            code,
            DepartmentChange {
                name,
                short_name,
                phone,
                units: (!units.is_empty()).then_some(units),
            },
        ),
    };
    let principal = cli_principal(store, as_user).await?;
    let editing = crate::workspace::Editing::new(store.clone());
    match editing
        .change_department(&principal, create, &code, change, &origin())
        .await
    {
        Ok(saved) => {
            let name = store
                .department(saved.as_str())
                .await?
                .map(|d| d.name)
                .unwrap_or_default();
            if create {
                eprintln!(
                    "added department {saved} {name}; import its list with `sunlit import --department {saved} FILE`"
                );
            } else {
                eprintln!("changed department {saved} {name}");
            }
            Ok(())
        }
        Err(WorkspaceError::Forbidden) => anyhow::bail!(
            "--as {}: a {} may not create or change departments",
            principal.name,
            principal.role
        ),
        Err(WorkspaceError::DepartmentExists(code)) => {
            anyhow::bail!("department {code} already exists")
        }
        Err(WorkspaceError::NotFound(_)) => anyhow::bail!(
            "there is no department {code}; create it with `sunlit department add {code} --name ...`"
        ),
        Err(WorkspaceError::Invalid(_)) => {
            anyhow::bail!("the department's name must not be empty nor over 200 characters")
        }
        Err(WorkspaceError::BadRequest(reason)) => {
            anyhow::bail!("department code `{code}`: {reason}")
        }
        Err(other) => anyhow::bail!("saving department {code}: {other}"),
    }
}

/// A spinner on standard error for work without a known length.
fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner().with_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

async fn add_demo_accounts(store: &Store) -> Result<()> {
    let accounts = crate::accounts::Accounts::new(store.clone());
    for (name, role, departments, password) in DEMO_ACCOUNTS {
        let departments: Vec<String> = departments.iter().map(|d| (*d).to_owned()).collect();
        accounts
            .add_user(name, role, &departments, password, "demo")
            .await
            .with_context(|| format!("adding demo account {name}"))?;
    }
    eprintln!(
        "demo accounts: {} (passwords in README.md; demo databases only)",
        DEMO_ACCOUNTS.map(|a| a.0).join(", ")
    );
    Ok(())
}

async fn import_with_progress(
    store: &Store,
    name: &str,
    bytes: &[u8],
    by: &crate::store::ImportedBy,
) -> Result<ImportReport> {
    let bar = ProgressBar::new(0).with_message(name.to_owned());
    bar.set_style(
        ProgressStyle::with_template("{msg:30} [{bar:40}] {pos}/{len} items {per_sec} eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let result = crate::import::import_large(
        store,
        bytes,
        crate::import::MAX_CLI_FILE_BYTES,
        by,
        |phase, done, total| {
            if done <= 1 {
                bar.set_message(match phase {
                    crate::import::Phase::Reading => format!("{name}: reading"),
                    crate::import::Phase::Storing => format!("{name}: storing"),
                });
            }
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )
    .await;
    bar.finish_and_clear();
    Ok(result?)
}

fn print_report(report: &ImportReport) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for note in &report.normalised {
        eprintln!("normalised: {note}");
    }
    for code in &report.new_departments {
        eprintln!(
            "new department {code}: created from the file's scope or a 划转 (TRANSFER) adjustment"
        );
    }
    for o in &report.outcomes {
        if o.carried {
            eprintln!(
                "{}: outside the scope, identical to its current version {} ({} items): skipped (未变)",
                o.dept_code, o.version_id, o.n_items
            );
        } else if o.already_present {
            eprintln!(
                "{} {}: already imported, unchanged ({} items)",
                o.dept_code, o.version_id, o.n_items
            );
        } else {
            eprintln!(
                "{} {}: imported {} items ({} new revisions)",
                o.dept_code, o.version_id, o.n_items, o.new_revisions
            );
        }
    }
}

async fn serve(store: Store, addr: SocketAddr, config: crate::web::WebConfig) -> Result<()> {
    let mut options = leptos::config::get_configuration(None)
        .context("reading the LEPTOS_* settings")?
        .leptos_options;
    options.site_addr = addr;
    // Load the segmentation dictionary and build the index before the first
    // visitor, instead of on their search.
    let preload = tokio::task::spawn_blocking(data::search::preload);
    let search = crate::search::Search::new(Catalog::new(store.clone()));
    if let Ok(elapsed) = preload.await {
        tracing::info!(
            elapsed_ms = elapsed.as_millis() as u64,
            "search dictionary loaded"
        );
    }
    match search.rebuild().await {
        Ok(stats) => tracing::info!(items = stats.n_docs, "search index ready"),
        // The index is built again on the first search; serving can go on.
        Err(e) => tracing::warn!(error = %e, "building the search index failed"),
    }
    // The site's files in memory, addressed by their contents' hash.
    let root = std::path::PathBuf::from(options.site_root.as_ref());
    let site = match tokio::task::spawn_blocking(move || crate::site::Site::load(&root)).await {
        Ok(Ok(site)) => {
            tracing::info!(version = site.version(), "site files loaded");
            let background = site.clone();
            tokio::task::spawn_blocking(move || background.compress_missing());
            Some(site)
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "serving the site folder from disk");
            None
        }
        Err(e) => {
            tracing::warn!(error = %e, "serving the site folder from disk");
            None
        }
    };
    let app = crate::web::app_with_search(store, search, options, config, site);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("serving on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("serving")
}
