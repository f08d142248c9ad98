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

/// Parses `bytes` and stores them; `progress(done, total)` follows the items.
/// Each version written is in the audit log by `by`.
pub async fn import_bytes(
    store: &Store,
    bytes: &[u8],
    by: &ImportedBy,
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportReport, ImportFailure> {
    let parsed = interchange::parse(bytes)?;
    let total = parsed.n_items();
    let mut done = 0;
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
