//! Backup and restore: the whole database (its schema, events, every
//! record of every table: versions, revisions, drafts, reviews, comments,
//! accounts, sessions, the audit log) as SurrealDB's own SurrealQL export,
//! read from one snapshot, so a backup taken under writes is the database
//! as it was at one moment.
//!
//! A restore replays the file under `OPTION IMPORT` (the export's first
//! line), so the append-only and immutability events do not fire for the
//! records it writes back, and goes only into a database that has no
//! tables yet: merging a backup into a live registry would mix two
//! histories.

use std::path::Path;

use futures_util::StreamExt;
use surrealdb::types::SurrealValue;
use tokio::io::AsyncWriteExt;

use super::{Result, Store, StoreError};

/// What a restore found in its target.
#[derive(Debug, Clone, SurrealValue)]
struct TableNames {
    tables: Vec<String>,
}

impl Store {
    /// Writes the whole database to `out` and returns the bytes written;
    /// `progress` is told the running total after every chunk.
    ///
    /// Over `ws://` the SurrealDB SDK has no export, so the same server is
    /// asked over HTTP (`ws://host:port` → `http://host:port`), with the
    /// same sign-in.
    pub async fn backup(
        url: &str,
        auth: &super::DbAuth,
        out: &mut (impl tokio::io::AsyncWrite + Unpin),
        progress: impl FnMut(u64),
    ) -> Result<u64> {
        if url.starts_with("mem://") {
            // A new connection would be a new, empty database.
            return Err(StoreError::Open {
                url: url.to_owned(),
                reason: "an in-memory database lives only in its own process; there is nothing to back up"
                    .to_owned(),
            });
        }
        let http = if let Some(rest) = url.strip_prefix("ws://") {
            Some(format!("http://{rest}"))
        } else {
            url.strip_prefix("wss://")
                .map(|rest| format!("https://{rest}"))
        };
        let db = super::connect(http.as_deref().unwrap_or(url), auth).await?;
        export(&db, out, progress).await
    }

    /// [`Store::backup`] from this handle's connection (embedded databases,
    /// whose files one process holds; tests).
    pub async fn backup_to(
        &self,
        out: &mut (impl tokio::io::AsyncWrite + Unpin),
        progress: impl FnMut(u64),
    ) -> Result<u64> {
        export(&self.db, out, progress).await
    }

    /// Restores a backup into the database at `url`, which must have no
    /// tables yet, and opens it (defining what the backup's schema lacks,
    /// if it was made by an older build).
    pub async fn restore(url: &str, file: &Path, auth: &super::DbAuth) -> Result<Store> {
        let db = super::connect(url, auth).await?;
        let names: Option<TableNames> = db
            .query("RETURN { tables: object::keys((INFO FOR DB).tables) }")
            .await?
            .take(0)?;
        let tables = names.map(|n| n.tables).unwrap_or_default();
        if !tables.is_empty() {
            return Err(StoreError::RestoreTargetNotEmpty {
                url: url.to_owned(),
                tables,
            });
        }
        db.import(file).await?;
        Store::with_schema(db).await
    }
}

/// Streams the export of `db` into `out`.
async fn export(
    db: &surrealdb::Surreal<surrealdb::engine::any::Any>,
    out: &mut (impl tokio::io::AsyncWrite + Unpin),
    mut progress: impl FnMut(u64),
) -> Result<u64> {
    let mut stream = db.export(()).await?;
    let mut written = 0u64;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        out.write_all(&chunk)
            .await
            .map_err(|e| StoreError::Backup {
                reason: e.to_string(),
            })?;
        written += chunk.len() as u64;
        progress(written);
    }
    out.flush().await.map_err(|e| StoreError::Backup {
        reason: e.to_string(),
    })?;
    Ok(written)
}
