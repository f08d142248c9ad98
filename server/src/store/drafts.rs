//! Department drafts: the one mutable working copy of each department's list.
//!
//! A draft starts as a copy of the current published version; editing it
//! never touches a published version. Every draft item carries a revision
//! number (`rev`) for optimistic concurrency: a save names the revision it
//! started from and fails when someone else saved in between.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::AuditEntry;
use super::guard::{GuardParams, Tx};
use super::{Result, Store, StoreError, root_cause};
use crate::gate::DraftWrite;

pub(super) const SCHEMA: &str = r#"
DEFINE TABLE IF NOT EXISTS draft SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON draft TYPE string;
DEFINE FIELD IF NOT EXISTS base_version ON draft TYPE option<string>;
DEFINE FIELD IF NOT EXISTS created_by ON draft TYPE string;
DEFINE FIELD IF NOT EXISTS created_at ON draft TYPE datetime DEFAULT time::now();
DEFINE FIELD IF NOT EXISTS content_rev ON draft TYPE option<int>;
DEFINE FIELD IF NOT EXISTS editors ON draft TYPE option<array<string>>;
DEFINE FIELD IF NOT EXISTS reviewed_rev ON draft TYPE option<int>;
DEFINE FIELD IF NOT EXISTS open_problems ON draft TYPE option<string>;

DEFINE TABLE IF NOT EXISTS draft_item SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS item_id ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS position ON draft_item TYPE int;
DEFINE FIELD IF NOT EXISTS body ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS summary ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS hash ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS rev ON draft_item TYPE int;
DEFINE FIELD IF NOT EXISTS updated_by ON draft_item TYPE string;
DEFINE FIELD IF NOT EXISTS updated_at ON draft_item TYPE datetime DEFAULT time::now();
DEFINE INDEX IF NOT EXISTS draft_item_dept ON draft_item FIELDS dept_code;

DEFINE TABLE IF NOT EXISTS pending_import SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON pending_import TYPE string;
DEFINE FIELD IF NOT EXISTS file_name ON pending_import TYPE string;
DEFINE FIELD IF NOT EXISTS content ON pending_import TYPE string;
DEFINE FIELD IF NOT EXISTS uploaded_by ON pending_import TYPE string;
DEFINE FIELD IF NOT EXISTS created_at ON pending_import TYPE datetime DEFAULT time::now();
"#;

/// An uploaded file waiting for the editor to confirm its import.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct PendingImport {
    /// The department whose draft it goes into.
    pub dept_code: String,
    /// The file's name as uploaded.
    pub file_name: String,
    /// The file's bytes, base64.
    pub content: String,
    /// Who uploaded it.
    pub uploaded_by: String,
}

/// A draft's header row.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct DraftRecord {
    /// The department.
    pub dept_code: String,
    /// The published version it started from.
    pub base_version: Option<String>,
    /// Who opened it.
    pub created_by: String,
}

/// Where a draft's content stands: its revision (bumped by every write of
/// its items or adjustment records) and everyone who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct DraftContent {
    /// The content revision, 0 for a fresh copy.
    pub content_rev: i64,
    /// Everyone who changed the items or the adjustment records.
    pub editors: Vec<String>,
    /// Problems of rows an import left out (JSON list of
    /// `ImportProblemView`), written with the content: while there are any,
    /// the draft is not submitted.
    pub open_problems: Option<String>,
}

/// One item of a draft, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDraftItem {
    /// The item id.
    pub item_id: String,
    /// Canonical JSON of the item.
    pub body: String,
    /// List-row summary JSON.
    pub summary: String,
    /// Content hash of `body`.
    pub hash: String,
}

#[derive(Debug, Clone, SurrealValue)]
struct DraftItemContent {
    id: RecordId,
    dept_code: String,
    item_id: String,
    position: i64,
    body: String,
    summary: String,
    hash: String,
    rev: i64,
    updated_by: String,
}

/// A draft item read back.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct DraftItemRow {
    /// The item id.
    pub item_id: String,
    /// Place in the list.
    pub position: i64,
    /// Canonical JSON (empty when only summaries were read).
    pub body: String,
    /// List-row summary JSON.
    pub summary: String,
    /// Content hash.
    pub hash: String,
    /// Revision number, 1 for a fresh copy.
    pub rev: i64,
    /// Who saved last.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

/// What a conditional save found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveResult {
    /// Written; the new revision number.
    Saved(i64),
    /// Someone saved since `expected_rev`; their row.
    Conflict(Box<DraftItemRow>),
    /// No such draft item.
    Missing,
}

fn draft_id(dept: &str) -> RecordId {
    RecordId::new("draft", dept.to_owned())
}

fn item_key(dept: &str, item_id: &str) -> RecordId {
    // Both parts are checked identifiers (ASCII letters, digits, `-`, `_`, `.`),
    // so `/` cannot occur in either and the key is unambiguous.
    RecordId::new("draft_item", format!("{dept}/{item_id}"))
}

const ROW_FIELDS: &str =
    "item_id, position, body, summary, hash, rev, updated_by, <string> updated_at AS updated_at";

impl Store {
    /// The draft of a department, if one is open.
    pub async fn draft(&self, dept: &str) -> Result<Option<DraftRecord>> {
        let mut response = self
            .db
            .query("SELECT dept_code, base_version, created_by FROM $id")
            .bind(("id", draft_id(dept)))
            .await?;
        let rows: Vec<DraftRecord> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// The content revision and editors of a department's open draft.
    pub async fn draft_content(&self, dept: &str) -> Result<Option<DraftContent>> {
        let mut response = self
            .db
            .query("SELECT content_rev ?? 0 AS content_rev, editors ?? [] AS editors, open_problems FROM $id")
            .bind(("id", draft_id(dept)))
            .await?;
        let rows: Vec<DraftContent> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Opens a department's draft with `items` (in list order), in one
    /// transaction; does nothing when a draft is already open (`false`).
    pub async fn open_draft(
        &self,
        draft: DraftRecord,
        items: Vec<NewDraftItem>,
        audit: AuditEntry,
    ) -> Result<bool> {
        let _change = self.public_change();
        let dept = draft.dept_code.clone();
        let rows: Vec<DraftItemContent> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| DraftItemContent {
                id: item_key(&dept, &item.item_id),
                dept_code: dept.clone(),
                item_id: item.item_id,
                position: (i as i64 + 1) * 10,
                body: item.body,
                summary: item.summary,
                hash: item.hash,
                rev: 1,
                updated_by: draft.created_by.clone(),
            })
            .collect();
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $existing = (SELECT VALUE dept_code FROM $id);
                 IF array::len($existing) = 0 {
                     CREATE $id CONTENT $draft RETURN NONE;
                     INSERT INTO draft_item $items RETURN NONE;
                     CREATE audit CONTENT $audit RETURN NONE;
                 };
                 RETURN array::len($existing) = 0;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", draft_id(&dept)))
            .bind(("draft", draft))
            .bind(("items", rows))
            .bind(("audit", audit))
            .await?;
        let errors = response.take_errors();
        if !errors.is_empty() {
            return root_cause_of(errors).map(|()| false);
        }
        let opened: Option<bool> = response.take(3)?;
        Ok(opened.unwrap_or(false))
    }

    /// The draft's items in list order; `with_bodies` also reads each full item.
    pub async fn draft_items(&self, dept: &str, with_bodies: bool) -> Result<Vec<DraftItemRow>> {
        let statement = if with_bodies {
            format!("SELECT {ROW_FIELDS} FROM draft_item WHERE dept_code = $dept ORDER BY position")
        } else {
            "SELECT item_id, position, '' AS body, summary, hash, rev, updated_by, <string> updated_at AS updated_at
             FROM draft_item WHERE dept_code = $dept ORDER BY position"
                .to_owned()
        };
        let mut response = self
            .db
            .query(statement)
            .bind(("dept", dept.to_owned()))
            .await?;
        Ok(response.take(0)?)
    }

    /// One draft item.
    pub async fn draft_item(&self, dept: &str, item_id: &str) -> Result<Option<DraftItemRow>> {
        let mut response = self
            .db
            .query(format!("SELECT {ROW_FIELDS} FROM $id"))
            .bind(("id", item_key(dept, item_id)))
            .await?;
        let rows: Vec<DraftItemRow> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Saves an item if it is still at `expected_rev`, past the draft
    /// guard; writes the audit entry in the same transaction.
    pub async fn save_draft_item(
        &self,
        write: &DraftWrite,
        item: NewDraftItem,
        expected_rev: i64,
        audit: AuditEntry,
    ) -> Result<SaveResult> {
        let _change = self.public_change();
        let dept = write.dept();
        let tx = Tx::begin().guarded().then(&[
            "LET $saved = (UPDATE $id SET body = $body, summary = $summary, hash = $hash,
                 rev = rev + 1, updated_by = $guard.by, updated_at = time::now()
                 WHERE rev = $expected RETURN VALUE rev)",
            "IF array::len($saved) = 0 { THROW 'sunlit:item-moved' }",
            "CREATE audit CONTENT $audit RETURN NONE",
            "RETURN $saved",
        ]);
        let at = tx.last();
        let result = self
            .db
            .query(tx.commit())
            .bind(("guard", GuardParams::of(write)))
            .bind(("id", item_key(dept, &item.item_id)))
            .bind(("body", item.body))
            .bind(("summary", item.summary))
            .bind(("hash", item.hash))
            .bind(("expected", expected_rev))
            .bind(("audit", audit))
            .await;
        match taken::<Vec<i64>>(result, at) {
            Ok(saved) => match saved.first() {
                Some(rev) => Ok(SaveResult::Saved(*rev)),
                None => self.moved(dept, &item.item_id).await,
            },
            Err(StoreError::ItemMoved) => self.moved(dept, &item.item_id).await,
            Err(e) => Err(e),
        }
    }

    /// What a conditional write found instead of the revision it expected.
    async fn moved(&self, dept: &str, item_id: &str) -> Result<SaveResult> {
        Ok(match self.draft_item(dept, item_id).await? {
            Some(row) => SaveResult::Conflict(Box::new(row)),
            None => SaveResult::Missing,
        })
    }

    /// Adds an item to the draft right after `after` (or at the end), past
    /// the draft guard; fails with [`StoreError::Exists`] when the id is taken.
    pub async fn insert_draft_item(
        &self,
        write: &DraftWrite,
        item: NewDraftItem,
        after: Option<&str>,
        audit: AuditEntry,
    ) -> Result<()> {
        let _change = self.public_change();
        let dept = write.dept();
        if self.draft_item(dept, &item.item_id).await?.is_some() {
            return Err(StoreError::Exists {
                what: "item",
                key: item.item_id,
            });
        }
        let mut order: Vec<String> = self
            .draft_items(dept, false)
            .await?
            .into_iter()
            .map(|r| r.item_id)
            .collect();
        let at = after
            .and_then(|a| order.iter().position(|i| i == a))
            .map_or(order.len(), |p| p + 1);
        order.insert(at, item.item_id.clone());
        let row = DraftItemContent {
            id: item_key(dept, &item.item_id),
            dept_code: dept.to_owned(),
            item_id: item.item_id,
            position: 0,
            body: item.body,
            summary: item.summary,
            hash: item.hash,
            rev: 1,
            updated_by: write.actor().to_owned(),
        };
        let tx = Tx::begin().guarded().then(&[
            "CREATE $row.id CONTENT $row RETURN NONE",
            "FOR $p IN $positions { UPDATE $p.id SET position = $p.position RETURN NONE; }",
            "CREATE audit CONTENT $audit RETURN NONE",
        ]);
        let response = self
            .db
            .query(tx.commit())
            .bind(("guard", GuardParams::of(write)))
            .bind(("row", row))
            .bind(("positions", positions(dept, &order)))
            .bind(("audit", audit))
            .await?;
        root_cause(response)
    }

    /// Deletes a draft item if it is still at `expected_rev`, past the
    /// draft guard.
    pub async fn delete_draft_item(
        &self,
        write: &DraftWrite,
        item_id: &str,
        expected_rev: i64,
        audit: AuditEntry,
    ) -> Result<SaveResult> {
        let _change = self.public_change();
        let dept = write.dept();
        let tx = Tx::begin().guarded().then(&[
            "LET $gone = (DELETE $id WHERE rev = $expected RETURN BEFORE)",
            "IF array::len($gone) = 0 { THROW 'sunlit:item-moved' }",
            "CREATE audit CONTENT $audit RETURN NONE",
            "RETURN array::len($gone)",
        ]);
        let at = tx.last();
        let result = self
            .db
            .query(tx.commit())
            .bind(("guard", GuardParams::of(write)))
            .bind(("id", item_key(dept, item_id)))
            .bind(("expected", expected_rev))
            .bind(("audit", audit))
            .await;
        match taken::<Option<i64>>(result, at) {
            Ok(Some(n)) if n > 0 => Ok(SaveResult::Saved(expected_rev)),
            Ok(_) | Err(StoreError::ItemMoved) => self.moved(dept, item_id).await,
            Err(e) => Err(e),
        }
    }

    /// Puts the draft's items in `order` (every item id of the draft,
    /// once), past the draft guard.
    pub async fn reorder_draft(
        &self,
        write: &DraftWrite,
        order: &[String],
        audit: AuditEntry,
    ) -> Result<()> {
        let _change = self.public_change();
        let tx = Tx::begin().guarded().then(&[
            "FOR $p IN $positions { UPDATE $p.id SET position = $p.position RETURN NONE; }",
            "CREATE audit CONTENT $audit RETURN NONE",
        ]);
        let response = self
            .db
            .query(tx.commit())
            .bind(("guard", GuardParams::of(write)))
            .bind(("positions", positions(write.dept(), order)))
            .bind(("audit", audit))
            .await?;
        root_cause(response)
    }

    /// Replaces every item of a draft (an import into the draft), keeping the
    /// revision numbers of items that stay, past the draft guard, in one
    /// transaction.
    pub async fn replace_draft_items(
        &self,
        write: &DraftWrite,
        items: Vec<NewDraftItem>,
        audit: AuditEntry,
    ) -> Result<()> {
        self.replace_draft_items_leaving(write, items, None, audit)
            .await
    }

    /// [`Store::replace_draft_items`], recording `open_problems` (the
    /// problems of the rows left out, JSON) on the draft in the same
    /// transaction; `None` clears them.
    pub async fn replace_draft_items_leaving(
        &self,
        write: &DraftWrite,
        items: Vec<NewDraftItem>,
        open_problems: Option<String>,
        audit: AuditEntry,
    ) -> Result<()> {
        let _change = self.public_change();
        let dept = write.dept();
        let existing = self.draft_items(dept, false).await?;
        let rows: Vec<DraftItemContent> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let old = existing.iter().find(|r| r.item_id == item.item_id);
                let rev = match old {
                    Some(old) if old.hash == item.hash => old.rev,
                    Some(old) => old.rev + 1,
                    None => 1,
                };
                DraftItemContent {
                    id: item_key(dept, &item.item_id),
                    dept_code: dept.to_owned(),
                    item_id: item.item_id,
                    position: (i as i64 + 1) * 10,
                    body: item.body,
                    summary: item.summary,
                    hash: item.hash,
                    rev,
                    updated_by: write.actor().to_owned(),
                }
            })
            .collect();
        let tx = Tx::begin().guarded().then(&[
            "DELETE draft_item WHERE dept_code = $dept RETURN NONE",
            "INSERT INTO draft_item $rows RETURN NONE",
            "UPDATE $g_draft SET open_problems = $open RETURN NONE",
            "CREATE audit CONTENT $audit RETURN NONE",
        ]);
        let response = self
            .db
            .query(tx.commit())
            .bind(("guard", GuardParams::of(write)))
            .bind(("dept", dept.to_owned()))
            .bind(("rows", rows))
            .bind(("open", open_problems))
            .bind(("audit", audit))
            .await?;
        root_cause(response)
    }

    /// Marks the problems an import left open as dealt with, through the
    /// draft guard (so it counts as a change of the content), with its audit
    /// row; `false` when there were none.
    pub async fn clear_open_problems(&self, write: &DraftWrite, audit: AuditEntry) -> Result<bool> {
        let _change = self.public_change();
        let tx = Tx::begin().guarded().then(&[
            "LET $had = (SELECT VALUE open_problems FROM $g_draft)",
            "UPDATE $g_draft SET open_problems = NONE RETURN NONE",
            "IF array::len($had) > 0 AND $had[0] != NONE { CREATE audit CONTENT $audit RETURN NONE; }",
            "RETURN array::len($had) > 0 AND $had[0] != NONE",
        ]);
        let at = tx.last();
        let had: Option<bool> = taken(
            self.db
                .query(tx.commit())
                .bind(("guard", GuardParams::of(write)))
                .bind(("audit", audit))
                .await,
            at,
        )?;
        Ok(had.unwrap_or(false))
    }
}

/// The result at `at` of a transaction, or its first real error.
fn taken<T: SurrealValue>(
    result: std::result::Result<surrealdb::IndexedResults, surrealdb::Error>,
    at: usize,
) -> Result<T>
where
    usize: surrealdb::opt::QueryResult<T>,
{
    let mut response = result?;
    let errors = response.take_errors();
    if !errors.is_empty() {
        root_cause_of(errors)?;
    }
    Ok(response.take(at)?)
}

impl Store {
    /// Keeps an upload for its preview and confirmation (for an hour).
    pub async fn put_pending_import(&self, token: &str, pending: PendingImport) -> Result<()> {
        self.db
            .query(
                "DELETE pending_import WHERE created_at < time::now() - 1h RETURN NONE;
                 CREATE $id CONTENT $pending RETURN NONE;",
            )
            .bind(("id", RecordId::new("pending_import", token.to_owned())))
            .bind(("pending", pending))
            .await?
            .check()?;
        Ok(())
    }

    /// An upload kept for confirmation, if it has not expired.
    pub async fn pending_import(&self, token: &str) -> Result<Option<PendingImport>> {
        let mut response = self
            .db
            .query(
                "SELECT dept_code, file_name, content, uploaded_by FROM $id
                 WHERE created_at > time::now() - 1h",
            )
            .bind(("id", RecordId::new("pending_import", token.to_owned())))
            .await?;
        let rows: Vec<PendingImport> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Forgets an upload.
    pub async fn drop_pending_import(&self, token: &str) -> Result<()> {
        self.db
            .query("DELETE $id RETURN NONE")
            .bind(("id", RecordId::new("pending_import", token.to_owned())))
            .await?
            .check()?;
        Ok(())
    }
}

#[derive(Debug, Clone, SurrealValue)]
struct Position {
    id: RecordId,
    position: i64,
}

fn positions(dept: &str, order: &[String]) -> Vec<Position> {
    order
        .iter()
        .enumerate()
        .map(|(i, item_id)| Position {
            id: item_key(dept, item_id),
            position: (i as i64 + 1) * 10,
        })
        .collect()
}

fn root_cause_of(errors: std::collections::HashMap<usize, surrealdb::Error>) -> Result<()> {
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    super::first_real_error(errors)
}
