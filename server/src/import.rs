//! Importing interchange files into the store, with progress reporting.

use data::interchange::{self, ImportError};

use crate::store::{ImportOutcome, ImportedBy, Store, StoreError};

/// Why an import failed; nothing was written in either case.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file is invalid.
    #[error(transparent)]
    Invalid(#[from] ImportError),
    /// The store refused it (e.g. a conflicting version) or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// Per department list.
    pub outcomes: Vec<ImportOutcome>,
    /// Unknown keys skipped.
    pub warnings: Vec<String>,
    /// Values read in another spelling and stored in the canonical one.
    pub normalised: Vec<interchange::Normalised>,
    /// Departments the file did not describe, created from its scope or a 划转.
    pub new_departments: Vec<String>,
}

/// The largest file the command line imports: a whole registry (a
/// 20,000-item one is about 120 MB). Other callers keep
/// [`interchange::MAX_FILE_BYTES`]; uploads through the browser stop at
/// [`crate::workspace::MAX_IMPORT_BYTES`].
pub const MAX_CLI_FILE_BYTES: usize = 1024 * 1024 * 1024;

/// What an import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading and checking the file, item by item.
    Reading,
    /// Hashing and storing, department by department.
    Storing,
}

/// Parses `bytes` and stores them; `progress(done, total)` follows the items.
/// Each version written is in the audit log by `by`.
pub async fn import_bytes(
    store: &Store,
    bytes: &[u8],
    by: &ImportedBy,
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportReport, ImportFailure> {
    import_large(
        store,
        bytes,
        interchange::MAX_FILE_BYTES,
        by,
        |phase, done, total| {
            if phase == Phase::Storing {
                progress(done, total);
            }
        },
    )
    .await
}

/// [`import_bytes`] for files up to `limit` bytes, reporting both phases.
/// Each department is stored in its own transaction, whole or not at all;
/// everything that can refuse the file is checked before the first.
pub async fn import_large(
    store: &Store,
    bytes: &[u8],
    limit: usize,
    by: &ImportedBy,
    mut progress: impl FnMut(Phase, usize, usize),
) -> Result<ImportReport, ImportFailure> {
    let parsed = interchange::parse_large(bytes, limit, |done, total| {
        progress(Phase::Reading, done, total)
    })?;
    let total = parsed.n_items();
    let mut done = 0;
    let mut progress = |done, total| progress(Phase::Storing, done, total);
    let outcomes = store
        .import(&parsed, by, || {
            done += 1;
            progress(done, total);
        })
        .await?;
    Ok(ImportReport {
        outcomes,
        warnings: parsed.warnings,
        normalised: parsed.normalised,
        new_departments: parsed
            .new_departments
            .iter()
            .map(ToString::to_string)
            .collect(),
    })
}
