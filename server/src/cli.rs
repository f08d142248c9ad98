//! The `sunlit` command line: serve, import, demo, export.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalog::Catalog;
use crate::import::{ImportReport, import_bytes};
use crate::store::Store;

/// The default database: embedded, on disk, under the working directory.
pub const DEFAULT_DB: &str = "surrealkv://var/sunlit.db";

/// Sunlit: the registry of administrative power lists (权责清单).
#[derive(Debug, Parser)]
#[command(name = "sunlit", version, about)]
pub struct Cli {
    /// Database URL: surrealkv://PATH (embedded, default), mem:// or ws://HOST:PORT.
    #[arg(long, global = true, env = "SUNLIT_DB", default_value = DEFAULT_DB)]
    pub db: String,
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
        /// Load the demo data first when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Import interchange JSON files (one published version per department).
    Import {
        /// Files to import, in order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Load the demo data (idempotent).
    Demo,
    /// Export a department's published version as interchange JSON.
    Export {
        /// Department code, e.g. SJ.
        #[arg(long)]
        department: String,
        /// Version id (default: the current version).
        #[arg(long)]
        version: Option<String>,
        /// Output file (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Runs the CLI and maps failure to a non-zero exit code with the full error chain.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,surrealdb=warn,surrealkv=warn".into()),
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
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open(db: &str) -> Result<Store> {
    Store::open(db)
        .await
        .with_context(|| format!("opening database {db}"))
}

/// Runs one command.
pub async fn run(cli: Cli) -> Result<()> {
    match cli.command.unwrap_or(Command::Serve {
        addr: ([127, 0, 0, 1], 3000).into(),
        demo: false,
    }) {
        Command::Serve { addr, demo } => {
            let store = open(&cli.db).await?;
            if demo && store.counts().await?.versions == 0 {
                load_demo(&store).await?;
            }
            serve(store, addr).await
        }
        Command::Import { files } => {
            let store = open(&cli.db).await?;
            for file in files {
                let bytes =
                    std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
                let report = import_with_progress(&store, &file.display().to_string(), &bytes)
                    .await
                    .with_context(|| {
                        format!("importing {} (nothing was written)", file.display())
                    })?;
                print_report(&report);
            }
            Ok(())
        }
        Command::Demo => {
            let store = open(&cli.db).await?;
            load_demo(&store).await
        }
        Command::Export {
            department,
            version,
            output,
        } => {
            let store = open(&cli.db).await?;
            let document = Catalog::new(store)
                .export(&department, version.as_deref())
                .await
                .with_context(|| format!("exporting department {department}"))?;
            let json = serde_json::to_string_pretty(&document)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, json + "\n")
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("wrote {} items to {}", document.items.len(), path.display());
                }
                None => println!("{json}"),
            }
            Ok(())
        }
    }
}

async fn load_demo(store: &Store) -> Result<()> {
    for (name, text) in crate::demo::FILES {
        let report = import_with_progress(store, name, text.as_bytes())
            .await
            .with_context(|| format!("importing demo file {name}"))?;
        print_report(&report);
    }
    Ok(())
}

async fn import_with_progress(store: &Store, name: &str, bytes: &[u8]) -> Result<ImportReport> {
    let bar = ProgressBar::new(0).with_message(name.to_owned());
    bar.set_style(
        ProgressStyle::with_template("{msg:20} [{bar:40}] {pos}/{len} items")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let result = import_bytes(store, bytes, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await;
    bar.finish_and_clear();
    Ok(result?)
}

fn print_report(report: &ImportReport) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for o in &report.outcomes {
        if o.already_present {
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

async fn serve(store: Store, addr: SocketAddr) -> Result<()> {
    let mut options = leptos::config::get_configuration(None)
        .context("reading the LEPTOS_* settings")?
        .leptos_options;
    options.site_addr = addr;
    let app = crate::web::app(Catalog::new(store), options);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("serving on http://{addr}");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving")
}
