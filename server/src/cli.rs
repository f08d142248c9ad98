//! The `sunlit` command line: serve, import, demo, export.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::catalog::Catalog;
use crate::chart::{self, ChartOptions, Engine, Format};
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
        Command::Render {
            file,
            item,
            output,
            format,
            engine,
            left_to_right,
            swimlanes,
        } => {
            let chart = read_chart(&file, item.as_deref())?;
            let options = ChartOptions {
                engine,
                left_to_right,
                swimlanes,
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

/// Reads the flowchart to draw: DOT by extension, else interchange JSON.
fn read_chart(file: &std::path::Path, item: Option<&str>) -> Result<data::flowchart::Flowchart> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let is_dot = file.extension().is_some_and(|e| e == "dot" || e == "gv");
    if is_dot {
        let text = String::from_utf8(bytes)
            .with_context(|| format!("{} is not UTF-8 text", file.display()))?;
        return data::flowchart::dot::from_dot(&text)
            .with_context(|| format!("reading {} as DOT", file.display()));
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
    found
        .flowchart
        .clone()
        .with_context(|| format!("item `{item_id}` has no flowchart"))
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
