//! The SurrealDB store: the only module that speaks SurrealQL.
//!
//! Every query binds its parameters; no statement is built from input.
//! Item revisions are content-addressed (`item_revision:⟨sha256⟩`) and a
//! version is a manifest of revision hashes, so storage grows with what
//! changed, not with the number of versions.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use data::Item;
use data::catalog::{CategoryCount, ItemSummary};
use data::interchange::{DepartmentList, Parsed};
use data::revision::ItemRevision;
use data::version::{Adjustment, Department, Jurisdiction, VersionMeta};
use surrealdb::Surreal;
use surrealdb::engine::any::{self, Any};
use surrealdb::types::{RecordId, SurrealValue};

mod accounts;
mod audit;
mod backup;
mod consultation;
mod drafts;
mod guard;
mod review;

pub use accounts::{AccountRecord, ThrottleKey};
pub use audit::{AuditEntry, AuditFilter, AuditRow};
pub use consultation::{CommentTaken, NewPublicComment, PublicCommentRow};
pub use drafts::{
    DraftContent, DraftItemRow, DraftRecord, NewDraftItem, PendingImport, SaveResult,
};
pub use review::{PublishHold, ReviewLock, ReviewRow};

/// Who publishes versions from a file (the command line), for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedBy {
    /// The account named with `--as`, or `cli`.
    pub actor: String,
    /// Where from: the operating-system user and the file.
    pub detail: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Database(surrealdb::Error),
    /// The database URL is not one we can open.
    #[error("cannot open database `{url}`: {reason}")]
    Open {
        /// The URL given.
        url: String,
        /// Why.
        reason: String,
    },
    /// A stored document no longer decodes (written by an incompatible version).
    #[error("stored {what} `{key}` does not decode: {source}")]
    Corrupt {
        /// Which table.
        what: &'static str,
        /// Which row.
        key: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },
    /// A version with this id exists with different content.
    #[error(
        "version `{version_id}` of department `{dept_code}` already exists with different content; published versions are never changed, so give the new one another version_id"
    )]
    VersionConflict {
        /// The department.
        dept_code: String,
        /// The version.
        version_id: String,
    },
    /// A snapshot carries a department outside its scope whose list is not
    /// its current version.
    #[error(
        "department `{dept_code}` is outside the version's scope, but its items in the file differ from its current version{} ({differing} item revisions differ); put the department in the scope to publish its changes, or leave its items out",
        .current.as_ref().map(|v| format!(" `{v}`")).unwrap_or_else(|| " (it has none)".to_owned())
    )]
    CarriedChanged {
        /// The department.
        dept_code: String,
        /// Its current version, if any.
        current: Option<String>,
        /// How many revisions are in one and not the other.
        differing: usize,
    },
    /// A row with this key exists already.
    #[error("{what} `{key}` already exists")]
    Exists {
        /// What kind of row.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// Serialising a value for storage failed.
    #[error("cannot serialise {0}")]
    Serialise(#[from] serde_json::Error),
    /// Hashing an item failed.
    #[error(transparent)]
    Canonical(#[from] data::revision::CanonicalError),
    /// The draft is submitted or approved; nothing was written.
    #[error("the draft is submitted or approved and takes no changes")]
    DraftLocked,
    /// The draft's content is no longer at the revision the writer saw.
    #[error("the draft changed since it was read")]
    DraftChanged,
    /// A draft item is no longer at the revision the writer saw.
    #[error("the item changed since it was read")]
    ItemMoved,
    /// The department has no open draft.
    #[error("there is no open draft")]
    NoDraft,
    /// A throttle key is at its limit ([`Store::take_attempt`]).
    #[error("too many attempts; try again later")]
    Throttled,
    /// The engine refused a transaction that raced another; retryable.
    #[error("the transaction conflicted with another and was not written")]
    Busy,
    /// Writing a backup failed.
    #[error("cannot write the backup: {reason}")]
    Backup {
        /// Why.
        reason: String,
    },
    /// A restore was pointed at a database that already has tables.
    #[error("`{url}` is not empty (it has the tables {}); restore only into a new database", tables.join(", "))]
    RestoreTargetNotEmpty {
        /// The database URL.
        url: String,
        /// The tables found there.
        tables: Vec<String>,
    },
}

/// How the application signs in to a SurrealDB server: a database user of
/// namespace and database `sunlit` (`--db-user`, `--db-pass`, or
/// `SUNLIT_DB_USER`, `SUNLIT_DB_PASS`). Embedded databases (`surrealkv://`,
/// `mem://`) live inside the process and take no sign-in.
#[derive(Clone, Default)]
pub struct DbAuth {
    /// The user name, if any.
    pub user: Option<String>,
    /// Its password.
    pub pass: Option<String>,
}

impl std::fmt::Debug for DbAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbAuth")
            .field("user", &self.user)
            .field("pass", &self.pass.as_ref().map(|_| "…"))
            .finish()
    }
}

/// The namespace and database the registry lives in.
const NAMESPACE: &str = "sunlit";
const DATABASE: &str = "sunlit";

/// Connects to `url` (checked), signs in when `auth` names a user, and
/// selects the registry's namespace and database; defines nothing.
async fn connect(url: &str, auth: &DbAuth) -> Result<Surreal<Any>> {
    let remote = ["ws://", "wss://", "http://", "https://"]
        .iter()
        .any(|p| url.starts_with(p));
    if let Some(path) = url.strip_prefix("surrealkv://") {
        opened_embedded(Path::new(path));
        let parent = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty());
        if let Some(parent) = parent {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Open {
                url: url.to_owned(),
                reason: e.to_string(),
            })?;
        }
    } else if !remote && !url.starts_with("mem://") {
        return Err(StoreError::Open {
            url: url.to_owned(),
            reason: "expected surrealkv://PATH, mem:// or ws://HOST:PORT".to_owned(),
        });
    }
    let db = any::connect(url).await?;
    match (&auth.user, &auth.pass) {
        (Some(user), Some(pass)) if remote => {
            db.signin(surrealdb::opt::auth::Database {
                namespace: NAMESPACE.to_owned(),
                database: DATABASE.to_owned(),
                username: user.clone(),
                password: pass.clone(),
            })
            .await
            .map_err(|e| StoreError::Open {
                url: url.to_owned(),
                reason: format!("signing in as `{user}` failed: {e}"),
            })?;
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(StoreError::Open {
                url: url.to_owned(),
                reason: "a database user needs both --db-user and --db-pass".to_owned(),
            });
        }
        _ => {}
    }
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(db)
}

impl From<surrealdb::Error> for StoreError {
    fn from(error: surrealdb::Error) -> Self {
        guard::classify(error)
    }
}

type Result<T> = std::result::Result<T, StoreError>;

const SCHEMA: &str = r#"
DEFINE TABLE IF NOT EXISTS meta SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS body ON meta TYPE string;
DEFINE FIELD IF NOT EXISTS rev ON meta TYPE option<int>;

DEFINE TABLE IF NOT EXISTS synonym SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS body ON synonym TYPE string;

DEFINE TABLE IF NOT EXISTS department SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS code ON department TYPE string;
DEFINE FIELD IF NOT EXISTS body ON department TYPE string;
DEFINE INDEX IF NOT EXISTS department_code ON department FIELDS code UNIQUE;

DEFINE TABLE IF NOT EXISTS item_revision SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS hash ON item_revision TYPE string;
DEFINE FIELD IF NOT EXISTS item_id ON item_revision TYPE string;
DEFINE FIELD IF NOT EXISTS body ON item_revision TYPE string;
DEFINE FIELD IF NOT EXISTS summary ON item_revision TYPE string;
DEFINE INDEX IF NOT EXISTS item_revision_item ON item_revision FIELDS item_id;

DEFINE TABLE IF NOT EXISTS list_version SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS version_id ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS seq ON list_version TYPE int;
DEFINE FIELD IF NOT EXISTS effective_date ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS digest ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS meta ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS adjustments ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS categories ON list_version TYPE string;
DEFINE FIELD IF NOT EXISTS item_ids ON list_version TYPE array<string>;
DEFINE FIELD IF NOT EXISTS manifest ON list_version TYPE array<string>;
DEFINE FIELD IF NOT EXISTS imported_at ON list_version TYPE datetime DEFAULT time::now();
DEFINE INDEX IF NOT EXISTS list_version_key ON list_version FIELDS dept_code, version_id UNIQUE;
-- How many versions have been created since this counter was: bumped in the
-- creating transaction by the database itself, whichever process writes, so
-- that readers learn whether the set of versions changed from one small
-- record instead of reading every version's columns (Store::all_versions).
DEFINE TABLE IF NOT EXISTS version_counter SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS n ON version_counter TYPE int DEFAULT 0;
DEFINE EVENT IF NOT EXISTS list_version_counted ON TABLE list_version
    WHEN $event = "CREATE" THEN { UPSERT version_counter:registry SET n += 1 RETURN NONE };
"#;

/// A published version as stored.
#[derive(Debug, Clone, SurrealValue)]
struct VersionRecord {
    dept_code: String,
    version_id: String,
    seq: i64,
    effective_date: String,
    digest: String,
    meta: String,
    adjustments: String,
    categories: String,
    item_ids: Vec<String>,
    manifest: Vec<String>,
}

/// The key columns of a published version.
#[derive(Debug, Clone, SurrealValue)]
struct VersionKeyRecord {
    dept_code: String,
    version_id: String,
    seq: i64,
}

#[derive(Debug, Clone, SurrealValue)]
struct RevisionRecord {
    id: RecordId,
    hash: String,
    item_id: String,
    body: String,
    summary: String,
}

#[derive(Debug, Clone, SurrealValue)]
struct DepartmentRecord {
    id: RecordId,
    code: String,
    body: String,
}

#[derive(Debug, Clone, SurrealValue)]
struct BodyRecord {
    body: String,
}

/// Which JSON document of a revision to read.
#[derive(Debug, Clone, Copy)]
enum RevisionPart {
    /// The list-row summary.
    Summary,
    /// The whole item.
    Body,
}

/// A revision's hash with one of its JSON documents.
#[derive(Debug, Clone, SurrealValue)]
struct SummaryRecord {
    hash: String,
    summary: String,
}

#[derive(Debug, Clone, SurrealValue)]
struct CountRecord {
    count: i64,
}

/// A version read back from the store.
#[derive(Debug, Clone)]
pub struct StoredVersion {
    /// The department's code.
    pub dept_code: String,
    /// Order of import within the department (1, 2, …), breaking ties of date.
    pub seq: i64,
    /// The version's metadata.
    pub meta: VersionMeta,
    /// Its adjustments.
    pub adjustments: Vec<Adjustment>,
    /// Counts per category.
    pub categories: Vec<CategoryCount>,
    /// Item ids in list order.
    pub item_ids: Vec<String>,
    /// Revision hashes, parallel to `item_ids`.
    pub manifest: Vec<String>,
}

impl StoredVersion {
    fn decode(record: VersionRecord) -> Result<Self> {
        let corrupt = |source| StoreError::Corrupt {
            what: "list_version",
            key: record.version_id.clone(),
            source,
        };
        Ok(Self {
            meta: serde_json::from_str(&record.meta).map_err(corrupt)?,
            adjustments: serde_json::from_str(&record.adjustments).map_err(corrupt)?,
            categories: serde_json::from_str(&record.categories).map_err(corrupt)?,
            dept_code: record.dept_code,
            seq: record.seq,
            item_ids: record.item_ids,
            manifest: record.manifest,
        })
    }

    /// The revision hash of `item_id` in this version.
    pub fn revision_of(&self, item_id: &str) -> Option<&str> {
        self.item_ids
            .iter()
            .position(|i| i == item_id)
            .and_then(|p| self.manifest.get(p))
            .map(String::as_str)
    }
}

/// What an import did, per department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The department.
    pub dept_code: String,
    /// The version.
    pub version_id: String,
    /// Items in the version.
    pub n_items: usize,
    /// Revisions that were not stored before.
    pub new_revisions: usize,
    /// Whether the same version was already there (nothing written).
    pub already_present: bool,
    /// Whether the list lay outside the file's scope and is identical to
    /// the department's current version `version_id` (未变; nothing written).
    pub carried: bool,
}

/// Row counts per table, for tests and `sunlit` diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCounts {
    /// Departments.
    pub departments: i64,
    /// Stored item revisions.
    pub item_revisions: i64,
    /// Published versions.
    pub versions: i64,
    /// Items in drafts.
    pub draft_items: i64,
    /// Audit log rows.
    pub audit: i64,
}

/// A connection to the Sunlit database.
#[derive(Debug, Clone)]
pub struct Store {
    db: Surreal<Any>,
    /// Counts the writes this process made to what the public pages show
    /// (see [`Store::public_changes`]).
    public_changes: Arc<AtomicU64>,
    /// What never changes once written, decoded once ([`Immutable`]).
    immutable: Arc<Immutable>,
}

/// The most revision summaries kept decoded (about 0.5 KB each).
const MAX_KEPT_SUMMARIES: usize = 50_000;

/// Published versions and revision summaries as decoded, kept by their
/// keys: a version is never updated or deleted (an event refuses it), and
/// a revision is addressed by the hash of its content. Every read still
/// asks the database which versions exist, so a version another process
/// publishes is seen at once; only the decoding of the stored columns
/// (a manifest, item ids and adjustment records per version, hundreds of
/// kilobytes in a large department) is done once per process.
#[derive(Default)]
struct Immutable {
    /// The version counter last read and the versions that existed then.
    keys: std::sync::Mutex<Option<(i64, Vec<VersionKey>)>>,
    versions: std::sync::Mutex<std::collections::HashMap<VersionKey, Arc<StoredVersion>>>,
    summaries: std::sync::Mutex<std::collections::HashMap<String, ItemSummary>>,
}

type VersionKey = (String, String, i64);

impl std::fmt::Debug for Immutable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Immutable").finish_non_exhaustive()
    }
}

impl Immutable {
    fn versions(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<VersionKey, Arc<StoredVersion>>> {
        // Plain data: a panic elsewhere leaves nothing half-written here.
        self.versions
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn summaries(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, ItemSummary>> {
        self.summaries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The embedded databases this process has opened, so that it can wait for
/// their engines to close before it exits (see [`wait_closed`]).
static EMBEDDED: std::sync::Mutex<Vec<std::path::PathBuf>> = std::sync::Mutex::new(Vec::new());

fn opened_embedded(path: &Path) {
    let mut open = EMBEDDED.lock().unwrap_or_else(|p| p.into_inner());
    if !open.iter().any(|p| p == path) {
        open.push(path.to_owned());
    }
}

/// Waits, at most `limit`, until every embedded database this process
/// opened has been closed by its engine, and returns those still open.
///
/// SurrealKV writes commits to its log and keeps them in a memory table
/// that holds up to a quarter of a gigabyte or more (sized from the
/// machine's memory); only a clean close writes that table out as sorted
/// files. A process that exits while the engine is still open leaves
/// everything in the log, and the next process to open the database
/// replays all of it into memory: a 20,000-item registry imported and
/// served at once took 490 MB before its first request. The engine closes
/// when the last handle is dropped, on a task of its own, and releases the
/// database's `LOCK` file last; so the caller drops every [`Store`] and
/// waits here until each lock can be taken.
pub async fn wait_closed(limit: std::time::Duration) -> Vec<std::path::PathBuf> {
    let paths: Vec<std::path::PathBuf> =
        std::mem::take(&mut *EMBEDDED.lock().unwrap_or_else(|p| p.into_inner()));
    let deadline = tokio::time::Instant::now() + limit;
    let mut open = paths;
    loop {
        open.retain(|path| !lock_is_free(path));
        if open.is_empty() || tokio::time::Instant::now() >= deadline {
            return open;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Whether nobody holds `path/LOCK` (a database never created counts as
/// closed).
fn lock_is_free(path: &Path) -> bool {
    match std::fs::File::open(path.join("LOCK")) {
        Ok(file) => match file.try_lock() {
            Ok(()) => {
                let _ = file.unlock();
                true
            }
            Err(_) => false,
        },
        Err(_) => true,
    }
}

/// Counts one change to the public content when dropped: at the end of the
/// writing method, after its transaction has committed (or failed).
pub(crate) struct PublicChange<'a>(&'a AtomicU64);

impl Drop for PublicChange<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

impl Store {
    /// Opens `url` (`surrealkv://path`, `mem://`, `ws://host:port`) and
    /// brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_with(url, &DbAuth::default()).await
    }

    /// [`Store::open`], signing in to a SurrealDB server as `auth` says.
    pub async fn open_with(url: &str, auth: &DbAuth) -> Result<Self> {
        Self::with_schema(connect(url, auth).await?).await
    }

    /// Brings the schema of a connected database up to date.
    async fn with_schema(db: Surreal<Any>) -> Result<Self> {
        for schema in [
            SCHEMA,
            accounts::SCHEMA,
            drafts::SCHEMA,
            audit::SCHEMA,
            review::SCHEMA,
            consultation::SCHEMA,
        ] {
            db.query(schema).await?.check()?;
        }
        Ok(Self {
            db,
            public_changes: Arc::default(),
            immutable: Arc::default(),
        })
    }

    /// How many writes to public content (published versions, drafts and
    /// their review and consultation, answers to comments) this process has
    /// finished. A page rendered when it read `n` is stale once it reads
    /// more; writes of other processes are not counted.
    pub fn public_changes(&self) -> u64 {
        self.public_changes.load(Ordering::Acquire)
    }

    /// The same database as another process sees it: its writes are not
    /// counted in this handle's [`Store::public_changes`] (tests of what a
    /// second instance or the CLI on a shared server does).
    pub fn as_other_process(&self) -> Store {
        Store {
            db: self.db.clone(),
            public_changes: Arc::default(),
            immutable: Arc::default(),
        }
    }

    /// Held by a method writing public content, for its whole run.
    pub(crate) fn public_change(&self) -> PublicChange<'_> {
        PublicChange(&self.public_changes)
    }

    /// Stores the department lists of a parsed file, one transaction per
    /// department: each list is either stored whole or not at all.
    ///
    /// Everything that can refuse the file is checked before anything is
    /// written: a version with the same id but other content, and a list a
    /// snapshot carries outside its scope that differs from its
    /// department's current version (one identical to it is skipped and
    /// reported as carried). A version already stored with the same
    /// content is left alone. `progress` is called once per item hashed.
    ///
    /// Every version written gets an audit row by `by` (action
    /// `version.import`), in the same transaction.
    pub async fn import(
        &self,
        parsed: &Parsed,
        by: &ImportedBy,
        mut progress: impl FnMut(),
    ) -> Result<Vec<ImportOutcome>> {
        let _change = self.public_change();
        // Carried lists: identical to the current version, or refused.
        let mut carried = Vec::new();
        for list in &parsed.carried {
            let dept_code = list.department.dept_code.to_string();
            let hashes = list
                .revisions()?
                .into_iter()
                .map(|r| r.hash.to_string())
                .collect::<Vec<_>>();
            let mut versions = self.versions(Some(&dept_code)).await?;
            versions.sort_by_key(|v| std::cmp::Reverse((v.meta.effective_date, v.seq)));
            let current = versions.first();
            if current.is_none_or(|v| v.manifest != hashes) {
                let differing = match current {
                    None => hashes.len(),
                    Some(v) => {
                        let before: std::collections::HashSet<&String> =
                            v.manifest.iter().collect();
                        let after: std::collections::HashSet<&String> = hashes.iter().collect();
                        before.symmetric_difference(&after).count().max(1)
                    }
                };
                return Err(StoreError::CarriedChanged {
                    dept_code,
                    current: current.map(|v| v.meta.version_id.to_string()),
                    differing,
                });
            }
            carried.push(ImportOutcome {
                dept_code,
                version_id: current
                    .map(|v| v.meta.version_id.to_string())
                    .unwrap_or_default(),
                n_items: list.items.len(),
                new_revisions: 0,
                already_present: true,
                carried: true,
            });
        }

        // Versions already there: the same content is left alone, other content refuses the file.
        let mut present = Vec::with_capacity(parsed.lists.len());
        for list in &parsed.lists {
            let revisions = list.revisions()?;
            let digest = list.digest(&revisions);
            let dept_code = list.department.dept_code.to_string();
            let version_id = list.version.version_id.to_string();
            match self.version_record(&dept_code, &version_id).await? {
                Some(existing) if existing.digest != digest.as_str() => {
                    return Err(StoreError::VersionConflict {
                        dept_code,
                        version_id,
                    });
                }
                Some(_) => present.push(true),
                None => present.push(false),
            }
        }

        let jurisdiction = parsed
            .jurisdiction
            .as_ref()
            .map(serde_json::to_string)
            .transpose()?;
        let carried_codes: Vec<&str> = parsed
            .carried
            .iter()
            .map(|l| l.department.dept_code.as_str())
            .collect();
        // Departments the file describes, written with the first list (or
        // alone when no list is new); those only carried are left as stored.
        let mut departments: Vec<DepartmentRecord> = parsed
            .departments
            .iter()
            .filter(|d| !carried_codes.contains(&d.dept_code.as_str()))
            .map(|d| {
                Ok(DepartmentRecord {
                    id: RecordId::new("department", d.dept_code.to_string()),
                    code: d.dept_code.to_string(),
                    body: serde_json::to_string(d)?,
                })
            })
            .collect::<std::result::Result<_, serde_json::Error>>()?;
        let mut outcomes = Vec::new();
        for (list, already) in parsed.lists.iter().zip(present) {
            let dept_code = list.department.dept_code.to_string();
            let version_id = list.version.version_id.to_string();
            if already {
                list.items.iter().for_each(|_| progress());
                outcomes.push(ImportOutcome {
                    dept_code,
                    version_id,
                    n_items: list.items.len(),
                    new_revisions: 0,
                    already_present: true,
                    carried: false,
                });
                continue;
            }
            let revisions = list
                .items
                .iter()
                .map(|item| {
                    progress();
                    ItemRevision::of(item)
                })
                .collect::<std::result::Result<Vec<_>, _>>()?;
            let digest = list.digest(&revisions);
            let hashes: Vec<String> = revisions.iter().map(|r| r.hash.to_string()).collect();
            let known = self.existing_revisions(&hashes).await?;
            let mut revisions_to_write: Vec<RevisionRecord> = Vec::new();
            for (item, revision) in list.items.iter().zip(&revisions) {
                let hash = revision.hash.to_string();
                if known.contains(&hash) || revisions_to_write.iter().any(|r| r.hash == hash) {
                    continue;
                }
                revisions_to_write.push(RevisionRecord {
                    id: RecordId::new("item_revision", hash.clone()),
                    hash,
                    item_id: item.item_id.to_string(),
                    body: revision.canonical_json.clone(),
                    summary: serde_json::to_string(&ItemSummary::from(item))?,
                });
            }
            drop(revisions);
            let new_revisions = revisions_to_write.len();
            let seq = self.version_count(&dept_code).await? + 1;
            let version = version_record(list, seq, digest.to_string(), hashes)?;
            let audit = AuditEntry::new(&by.actor, "version.import")
                .department(&dept_code)
                .detail(format!(
                    "{version_id}: {} items published from a file ({new_revisions} new revisions); {}",
                    list.items.len(),
                    by.detail
                ));
            self.write_imported(
                std::mem::take(&mut departments),
                jurisdiction.clone(),
                revisions_to_write,
                Some(version),
                Some(audit),
            )
            .await?;
            outcomes.push(ImportOutcome {
                dept_code,
                version_id,
                n_items: list.items.len(),
                new_revisions,
                already_present: false,
                carried: false,
            });
        }
        let wrote_any = outcomes.iter().any(|o| !o.already_present);
        if !wrote_any && (!departments.is_empty() || jurisdiction.is_some()) {
            self.write_imported(departments, jurisdiction, Vec::new(), None, None)
                .await?;
        }
        outcomes.extend(carried);
        Ok(outcomes)
    }

    /// One department's import, in one transaction.
    async fn write_imported(
        &self,
        departments: Vec<DepartmentRecord>,
        jurisdiction: Option<String>,
        revisions: Vec<RevisionRecord>,
        version: Option<VersionRecord>,
        audit: Option<AuditEntry>,
    ) -> Result<()> {
        let response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 FOR $d IN $departments { UPSERT $d.id SET code = $d.code, body = $d.body RETURN NONE; };
                 IF $jurisdiction != NONE { UPSERT meta:jurisdiction SET body = $jurisdiction RETURN NONE; };
                 INSERT IGNORE INTO item_revision $revisions RETURN NONE;
                 IF $version != NONE { CREATE list_version CONTENT $version RETURN NONE; };
                 IF $audit != NONE { CREATE audit CONTENT $audit RETURN NONE; };
                 COMMIT TRANSACTION;",
            )
            .bind(("audit", audit))
            .bind(("departments", departments))
            .bind(("jurisdiction", jurisdiction))
            .bind(("revisions", revisions))
            .bind(("version", version))
            .await?;
        root_cause(response)
    }

    async fn version_record(
        &self,
        dept_code: &str,
        version_id: &str,
    ) -> Result<Option<VersionRecord>> {
        let mut response = self
            .db
            .query(
                "SELECT dept_code, version_id, seq, effective_date, digest, meta, adjustments, categories, item_ids, manifest
                 FROM list_version WHERE dept_code = $dept_code AND version_id = $version_id",
            )
            .bind(("dept_code", dept_code.to_owned()))
            .bind(("version_id", version_id.to_owned()))
            .await?;
        let rows: Vec<VersionRecord> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    async fn version_count(&self, dept_code: &str) -> Result<i64> {
        let mut response = self
            .db
            .query(
                "SELECT count() AS count FROM list_version WHERE dept_code = $dept_code GROUP ALL",
            )
            .bind(("dept_code", dept_code.to_owned()))
            .await?;
        let rows: Vec<CountRecord> = response.take(0)?;
        Ok(rows.first().map_or(0, |r| r.count))
    }

    async fn existing_revisions(
        &self,
        hashes: &[String],
    ) -> Result<std::collections::HashSet<String>> {
        let ids: Vec<RecordId> = hashes
            .iter()
            .map(|h| RecordId::new("item_revision", h.clone()))
            .collect();
        let mut response = self
            .db
            .query("SELECT VALUE hash FROM $ids")
            .bind(("ids", ids))
            .await?;
        let found: Vec<Option<String>> = response.take(0)?;
        Ok(found.into_iter().flatten().collect())
    }

    /// Every department, ordered by code.
    pub async fn departments(&self) -> Result<Vec<Department>> {
        let mut response = self
            .db
            .query("SELECT body, code FROM department ORDER BY code")
            .await?;
        let rows: Vec<BodyRecord> = response.take(0)?;
        rows.into_iter()
            .map(|r| {
                serde_json::from_str(&r.body).map_err(|source| StoreError::Corrupt {
                    what: "department",
                    key: r.body.chars().take(40).collect(),
                    source,
                })
            })
            .collect()
    }

    /// One department.
    pub async fn department(&self, code: &str) -> Result<Option<Department>> {
        let mut response = self
            .db
            .query("SELECT body FROM department WHERE code = $code")
            .bind(("code", code.to_owned()))
            .await?;
        let rows: Vec<BodyRecord> = response.take(0)?;
        rows.into_iter()
            .next()
            .map(|r| {
                serde_json::from_str(&r.body).map_err(|source| StoreError::Corrupt {
                    what: "department",
                    key: code.to_owned(),
                    source,
                })
            })
            .transpose()
    }

    /// Creates a department, with its audit row, in one transaction; fails
    /// with [`StoreError::Exists`] when the code is taken (checked by the
    /// `CREATE` itself, so two people adding it at once cannot both win).
    pub async fn add_department(&self, department: &Department, audit: AuditEntry) -> Result<()> {
        let _change = self.public_change();
        let code = department.dept_code.to_string();
        let response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 IF array::len(SELECT VALUE code FROM $id) > 0 { THROW 'sunlit:department-exists' };
                 CREATE $id SET code = $code, body = $body RETURN NONE;
                 CREATE audit CONTENT $audit RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", RecordId::new("department", code.clone())))
            .bind(("code", code.clone()))
            .bind(("body", serde_json::to_string(department)?))
            .bind(("audit", audit))
            .await?;
        match root_cause(response) {
            Err(StoreError::Database(e))
                if e.to_string().contains("sunlit:department-exists")
                    || e.to_string().contains("already exists") =>
            {
                Err(StoreError::Exists {
                    what: "department",
                    key: code,
                })
            }
            other => other,
        }
    }

    /// Replaces how a department is described, with its audit row, in one
    /// transaction; `false` when there is no such department.
    pub async fn update_department(
        &self,
        department: &Department,
        audit: AuditEntry,
    ) -> Result<bool> {
        let _change = self.public_change();
        let code = department.dept_code.to_string();
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $changed = (UPDATE $id SET body = $body RETURN VALUE code);
                 IF array::len($changed) > 0 { CREATE audit CONTENT $audit RETURN NONE; };
                 RETURN $changed;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", RecordId::new("department", code)))
            .bind(("body", serde_json::to_string(department)?))
            .bind(("audit", audit))
            .await?;
        let changed: Vec<String> = response.take(3)?;
        Ok(!changed.is_empty())
    }

    /// The region the registry serves, when an import named it.
    pub async fn jurisdiction(&self) -> Result<Option<Jurisdiction>> {
        let mut response = self.db.query("SELECT body FROM meta:jurisdiction").await?;
        let rows: Vec<BodyRecord> = response.take(0)?;
        rows.into_iter()
            .next()
            .map(|r| {
                serde_json::from_str(&r.body).map_err(|source| StoreError::Corrupt {
                    what: "meta",
                    key: "jurisdiction".into(),
                    source,
                })
            })
            .transpose()
    }

    /// Versions, of one department or of all, in no particular order.
    pub async fn versions(&self, dept_code: Option<&str>) -> Result<Vec<StoredVersion>> {
        Ok(self
            .all_versions()
            .await?
            .into_iter()
            .filter(|v| dept_code.is_none_or(|d| v.dept_code == d))
            .map(|v| (*v).clone())
            .collect())
    }

    /// Versions (of any department) whose manifest contains `item_id`.
    pub async fn versions_containing(&self, item_id: &str) -> Result<Vec<StoredVersion>> {
        Ok(self
            .all_versions()
            .await?
            .into_iter()
            .filter(|v| v.item_ids.iter().any(|i| i == item_id))
            .map(|v| (*v).clone())
            .collect())
    }

    /// Every published version: which exist is asked each time, the
    /// columns of each are read and decoded once ([`Immutable`]).
    async fn all_versions(&self) -> Result<Vec<Arc<StoredVersion>>> {
        let keys = self.version_keys().await?;
        let missing: Vec<String> = {
            let kept = self.immutable.versions();
            let mut missing: Vec<String> = keys
                .iter()
                .filter(|k| !kept.contains_key(*k))
                .map(|k| k.0.clone())
                .collect();
            missing.sort();
            missing.dedup();
            missing
        };
        if !missing.is_empty() {
            let mut response = self
                .db
                .query(
                    "SELECT dept_code, version_id, seq, effective_date, digest, meta, adjustments, categories, item_ids, manifest
                     FROM list_version WHERE dept_code IN $dept_codes",
                )
                .bind(("dept_codes", missing))
                .await?;
            let rows: Vec<VersionRecord> = response.take(0)?;
            let decoded = rows
                .into_iter()
                .map(|row| {
                    let key = (row.dept_code.clone(), row.version_id.clone(), row.seq);
                    StoredVersion::decode(row).map(|version| (key, Arc::new(version)))
                })
                .collect::<Result<Vec<_>>>()?;
            self.immutable.versions().extend(decoded);
        }
        let kept = self.immutable.versions();
        Ok(keys.iter().filter_map(|k| kept.get(k).cloned()).collect())
    }

    /// Which versions exist: asked of the database each time through the
    /// version counter (one small record); the list itself is read again
    /// only when the counter moved, since reading it means reading every
    /// version's columns.
    async fn version_keys(&self) -> Result<Vec<VersionKey>> {
        let mut response = self
            .db
            .query("SELECT VALUE n FROM ONLY version_counter:registry")
            .await?;
        let counter: Option<i64> = response.take(0)?;
        let counter = counter.unwrap_or(0);
        let kept = self
            .immutable
            .keys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some((seen, keys)) = kept
            && seen == counter
        {
            return Ok(keys);
        }
        let mut response = self
            .db
            .query("SELECT dept_code, version_id, seq FROM list_version")
            .await?;
        let keys: Vec<VersionKeyRecord> = response.take(0)?;
        let keys: Vec<VersionKey> = keys
            .into_iter()
            .map(|k| (k.dept_code, k.version_id, k.seq))
            .collect();
        // Read after the counter: the list holds at least what the counter
        // counted, and a version created in between moves the counter again.
        *self
            .immutable
            .keys
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some((counter, keys.clone()));
        Ok(keys)
    }

    /// Summaries of the given revisions, in the order given.
    pub async fn summaries(&self, hashes: &[String]) -> Result<Vec<ItemSummary>> {
        let missing: Vec<String> = {
            let kept = self.immutable.summaries();
            hashes
                .iter()
                .filter(|h| !kept.contains_key(*h))
                .cloned()
                .collect()
        };
        let mut fetched = std::collections::HashMap::new();
        if !missing.is_empty() {
            fetched = self
                .revision_pairs(&missing, RevisionPart::Summary)
                .await?
                .into_iter()
                .collect();
        }
        let mut kept = self.immutable.summaries();
        if kept.len() + fetched.len() > MAX_KEPT_SUMMARIES {
            kept.clear();
        }
        let out = hashes
            .iter()
            .filter_map(|h| kept.get(h).or_else(|| fetched.get(h)).cloned())
            .collect();
        kept.extend(fetched);
        Ok(out)
    }

    /// The items of the given revisions, in the order given.
    pub async fn items(&self, hashes: &[String]) -> Result<Vec<Item>> {
        self.revision_documents(hashes, RevisionPart::Body).await
    }

    /// Reads one JSON column of the given revisions by record id and decodes
    /// it, keeping the order of `hashes`; unknown hashes are skipped.
    async fn revision_documents<T: serde::de::DeserializeOwned>(
        &self,
        hashes: &[String],
        part: RevisionPart,
    ) -> Result<Vec<T>> {
        Ok(self
            .revision_pairs(hashes, part)
            .await?
            .into_iter()
            .map(|(_, document)| document)
            .collect())
    }

    /// [`Store::revision_documents`] with each document's hash.
    async fn revision_pairs<T: serde::de::DeserializeOwned>(
        &self,
        hashes: &[String],
        part: RevisionPart,
    ) -> Result<Vec<(String, T)>> {
        let ids: Vec<RecordId> = hashes
            .iter()
            .map(|h| RecordId::new("item_revision", h.clone()))
            .collect();
        // Column names cannot be bound; each part has its own fixed statement.
        let statement = match part {
            RevisionPart::Summary => "SELECT hash, summary FROM $ids",
            RevisionPart::Body => "SELECT hash, body AS summary FROM $ids",
        };
        let mut response = self.db.query(statement).bind(("ids", ids)).await?;
        let rows: Vec<SummaryRecord> = response.take(0)?;
        let by_hash: std::collections::HashMap<&str, &str> = rows
            .iter()
            .map(|r| (r.hash.as_str(), r.summary.as_str()))
            .collect();
        hashes
            .iter()
            .filter_map(|h| by_hash.get(h.as_str()).map(|s| (h, *s)))
            .map(|(h, s)| {
                serde_json::from_str(s)
                    .map(|document| (h.clone(), document))
                    .map_err(|source| StoreError::Corrupt {
                        what: "item_revision",
                        key: h.clone(),
                        source,
                    })
            })
            .collect()
    }

    /// What the search index is built from, in one round trip: the sorted
    /// `(dept_code, version_id, seq)` keys of every version and how often the synonyms
    /// changed (`meta:synonyms.rev`), so every instance sharing the database
    /// rebuilds its index on its next search after either moves.
    pub async fn search_fingerprint(&self) -> Result<(Vec<(String, String, i64)>, i64)> {
        let mut response = self
            .db
            .query(
                "SELECT dept_code, version_id, seq FROM list_version;
                 SELECT VALUE rev FROM meta:synonyms;",
            )
            .await?;
        let rows: Vec<VersionKeyRecord> = response.take(0)?;
        let revs: Vec<i64> = response.take(1)?;
        let mut keys: Vec<(String, String, i64)> = rows
            .into_iter()
            .map(|r| (r.dept_code, r.version_id, r.seq))
            .collect();
        keys.sort();
        Ok((keys, revs.first().copied().unwrap_or(0)))
    }

    /// The registry's own search synonyms (an admin's rows), by first word.
    pub async fn synonyms(&self) -> Result<Vec<data::search::synonyms::SynonymRow>> {
        let mut response = self
            .db
            .query("SELECT body FROM synonym ORDER BY id")
            .await?;
        let rows: Vec<BodyRecord> = response.take(0)?;
        rows.into_iter()
            .map(|r| {
                serde_json::from_str(&r.body).map_err(|source| StoreError::Corrupt {
                    what: "synonym",
                    key: r.body.chars().take(40).collect(),
                    source,
                })
            })
            .collect()
    }

    /// Adds a synonym row, replacing the row with the same first word;
    /// with its audit row, in one transaction.
    pub async fn put_synonym(
        &self,
        row: &data::search::synonyms::SynonymRow,
        audit: AuditEntry,
    ) -> Result<()> {
        let key = row.typed.first().cloned().unwrap_or_default();
        let response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 UPSERT $id SET body = $body RETURN NONE;
                 UPSERT meta:synonyms SET body = 'search synonyms', rev = (rev ?? 0) + 1 RETURN NONE;
                 CREATE audit CONTENT $audit RETURN NONE;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", RecordId::new("synonym", key)))
            .bind(("body", serde_json::to_string(row)?))
            .bind(("audit", audit))
            .await?;
        root_cause(response)
    }

    /// Removes the synonym row whose first word is `typed`; `false` when
    /// there is none.
    pub async fn remove_synonym(&self, typed: &str, audit: AuditEntry) -> Result<bool> {
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $gone = (DELETE $id RETURN BEFORE);
                 IF array::len($gone) > 0 {
                     UPSERT meta:synonyms SET body = 'search synonyms', rev = (rev ?? 0) + 1 RETURN NONE;
                     CREATE audit CONTENT $audit RETURN NONE;
                 };
                 RETURN array::len($gone);
                 COMMIT TRANSACTION;",
            )
            .bind(("id", RecordId::new("synonym", typed.to_owned())))
            .bind(("audit", audit))
            .await?;
        let gone: Option<i64> = response.take(3)?;
        Ok(gone.unwrap_or(0) > 0)
    }

    /// Row counts per table.
    pub async fn counts(&self) -> Result<TableCounts> {
        let mut response = self
            .db
            .query(
                "SELECT count() AS count FROM department GROUP ALL;
                 SELECT count() AS count FROM item_revision GROUP ALL;
                 SELECT count() AS count FROM list_version GROUP ALL;
                 SELECT count() AS count FROM draft_item GROUP ALL;
                 SELECT count() AS count FROM audit GROUP ALL;",
            )
            .await?;
        let mut count = |i: usize| -> Result<i64> {
            let rows: Vec<CountRecord> = response.take(i)?;
            Ok(rows.first().map_or(0, |r| r.count))
        };
        Ok(TableCounts {
            departments: count(0)?,
            item_revisions: count(1)?,
            versions: count(2)?,
            draft_items: count(3)?,
            audit: count(4)?,
        })
    }
}

/// The error of the statement that failed, not the "not executed due to a
/// failed transaction" reported for every other statement of the transaction.
fn root_cause(mut response: surrealdb::IndexedResults) -> Result<()> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    first_real_error(errors)
}

/// [`first_real_error`] of errors known to be there.
fn root_error(errors: Vec<(usize, surrealdb::Error)>) -> StoreError {
    let mut errors = errors;
    errors.sort_by_key(|(i, _)| *i);
    match first_real_error(errors) {
        Err(e) => e,
        Ok(()) => StoreError::Busy,
    }
}

/// The first error that is not a consequence of an earlier one in the transaction.
fn first_real_error(mut errors: Vec<(usize, surrealdb::Error)>) -> Result<()> {
    let not_executed = |e: &surrealdb::Error| {
        e.to_string()
            .contains("not executed due to a failed transaction")
    };
    match errors
        .iter()
        .position(|(_, e)| !not_executed(e))
        .or(if errors.is_empty() { None } else { Some(0) })
    {
        Some(i) => Err(guard::classify(errors.swap_remove(i).1)),
        None => Ok(()),
    }
}

fn version_record(
    list: &DepartmentList,
    seq: i64,
    digest: String,
    manifest: Vec<String>,
) -> Result<VersionRecord> {
    let categories = data::catalog::count_by_category(list.items.iter().map(|i| i.category));
    Ok(VersionRecord {
        dept_code: list.department.dept_code.to_string(),
        version_id: list.version.version_id.to_string(),
        seq,
        effective_date: list.version.effective_date.to_string(),
        digest,
        meta: serde_json::to_string(&list.version)?,
        adjustments: serde_json::to_string(&list.adjustments)?,
        categories: serde_json::to_string(&categories)?,
        item_ids: list.items.iter().map(|i| i.item_id.to_string()).collect(),
        manifest,
    })
}
