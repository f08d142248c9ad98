//! The review of a department's draft: its state, adjustment records,
//! reviewers' comments and approval trail (one `review` row per open draft),
//! and publishing, which turns the draft into an immutable version and
//! closes it in one transaction.

use data::interchange::DepartmentList;
use data::revision::ItemRevision;
use surrealdb::types::{RecordId, SurrealValue};

use super::audit::AuditEntry;
use super::guard::{GuardParams, HeldParams, Tx};
use super::{
    ImportOutcome, Result, RevisionRecord, Store, StoreError, first_real_error, version_record,
};
use crate::gate::DraftWrite;
use data::catalog::ItemSummary;

pub(super) const SCHEMA: &str = r#"
DEFINE TABLE IF NOT EXISTS review SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON review TYPE string;
DEFINE FIELD IF NOT EXISTS state ON review TYPE string;
DEFINE FIELD IF NOT EXISTS adjustments ON review TYPE string;
DEFINE FIELD IF NOT EXISTS comments ON review TYPE string;
DEFINE FIELD IF NOT EXISTS trail ON review TYPE string;
DEFINE FIELD IF NOT EXISTS updated_by ON review TYPE string;
DEFINE FIELD IF NOT EXISTS updated_at ON review TYPE datetime VALUE time::now();
DEFINE FIELD IF NOT EXISTS rev ON review TYPE option<int>;
DEFINE EVENT IF NOT EXISTS list_version_immutable ON TABLE list_version
    WHEN $event != "CREATE" THEN { THROW "published versions are immutable" };
DEFINE EVENT IF NOT EXISTS item_revision_immutable ON TABLE item_revision
    WHEN $event != "CREATE" THEN { THROW "item revisions are immutable" };
"#;

/// A draft's review as stored; the JSON columns hold `Vec<Adjustment>`,
/// `Vec<ReviewComment>` and `Vec<ProcessStep>`.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct ReviewRow {
    /// The department.
    pub dept_code: String,
    /// `editing`, `submitted`, `returned` or `approved`.
    pub state: String,
    /// Adjustment records, JSON.
    pub adjustments: String,
    /// Reviewers' comments, JSON.
    pub comments: String,
    /// Approval trail so far, JSON.
    pub trail: String,
    /// Who changed it last.
    pub updated_by: String,
    /// The last day of the public-comment period (征求意见, `YYYY-MM-DD`),
    /// when one was opened.
    pub consultation_until: Option<String>,
    /// The row's revision: every write names the one it read and bumps
    /// it, so no write is lost to another (two comments at once).
    pub rev: i64,
}

/// What else a review write holds, in its transaction.
#[derive(Debug, Clone, Copy)]
pub enum ReviewLock<'a> {
    /// Nothing (comments, return, the public-comment period).
    Free,
    /// The draft's content is still at this revision (the step hashed it).
    Held(i64),
    /// The write changes the draft (its adjustment records): past the
    /// draft guard.
    Edit(&'a DraftWrite),
}

/// What a publication holds in its transaction: the review and the
/// draft's content as the publisher's checks found them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishHold {
    /// The review row's revision.
    pub review_rev: i64,
    /// The draft's content revision.
    pub content_rev: i64,
}

fn review_id(dept: &str) -> RecordId {
    RecordId::new("review", dept.to_owned())
}

impl Store {
    /// The review of a department's open draft, if one was started.
    pub async fn review(&self, dept: &str) -> Result<Option<ReviewRow>> {
        let mut response = self
            .db
            .query("SELECT dept_code, state, adjustments, comments, trail, updated_by, consultation_until, rev ?? 0 AS rev FROM $id")
            .bind(("id", review_id(dept)))
            .await?;
        let rows: Vec<ReviewRow> = response.take(0)?;
        Ok(rows.into_iter().next())
    }

    /// Writes `row` if the stored row is still at revision `expected`
    /// (`None`: no row yet) and `lock` holds, with its audit entry, in one
    /// transaction. `false` when someone wrote the review in between.
    pub async fn write_review(
        &self,
        mut row: ReviewRow,
        expected: Option<i64>,
        lock: ReviewLock<'_>,
        audit: AuditEntry,
    ) -> Result<bool> {
        let _change = self.public_change();
        row.rev = expected.unwrap_or(0) + 1;
        let tx = match lock {
            ReviewLock::Free => Tx::begin(),
            ReviewLock::Held(_) => Tx::begin().held(),
            ReviewLock::Edit(_) => Tx::begin().guarded(),
        }
        .then(&[
            "LET $now = (SELECT VALUE rev ?? 0 FROM $id)",
            "LET $ok = IF $expected = NONE { array::len($now) = 0 } ELSE { array::len($now) > 0 AND $now[0] = $expected }",
            "IF $ok { UPSERT $id CONTENT $row RETURN NONE; CREATE audit CONTENT $audit RETURN NONE; }",
            "RETURN $ok",
        ]);
        let at = tx.last();
        let mut query = self
            .db
            .query(tx.commit())
            .bind(("id", review_id(&row.dept_code)))
            .bind(("expected", expected))
            .bind(("audit", audit));
        query = match lock {
            ReviewLock::Free => query,
            ReviewLock::Held(content_rev) => {
                query.bind(("held", HeldParams::of(&row.dept_code, content_rev)))
            }
            ReviewLock::Edit(write) => query.bind(("guard", GuardParams::of(write))),
        };
        let mut response = query.bind(("row", row)).await?;
        let errors = response.take_errors();
        if !errors.is_empty() {
            let mut errors: Vec<_> = errors.into_iter().collect();
            errors.sort_by_key(|(i, _)| *i);
            first_real_error(errors)?;
        }
        let ok: Option<bool> = response.take(at)?;
        Ok(ok.unwrap_or(false))
    }

    /// Publishes a department's approved draft as the version `list`: stores
    /// the new item revisions (only those not stored yet) and the version's
    /// manifest, deletes the draft, its items and its review, and writes the
    /// audit entry, all in one transaction. Fails when the review is no
    /// longer approved or not at `held.review_rev`, when the draft's
    /// content moved past `held.content_rev` (the content whose hash the
    /// caller checked against the approval), or when the version id is
    /// taken.
    pub async fn publish_draft(
        &self,
        list: &DepartmentList,
        held: PublishHold,
        audit: AuditEntry,
    ) -> Result<ImportOutcome> {
        let _change = self.public_change();
        let dept_code = list.department.dept_code.to_string();
        let version_id = list.version.version_id.to_string();
        let revisions = list
            .items
            .iter()
            .map(ItemRevision::of)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if self
            .version_record(&dept_code, &version_id)
            .await?
            .is_some()
        {
            return Err(StoreError::VersionConflict {
                dept_code,
                version_id,
            });
        }
        let digest = list.digest(&revisions);
        let hashes: Vec<String> = revisions.iter().map(|r| r.hash.to_string()).collect();
        let known = self.existing_revisions(&hashes).await?;
        let mut new_revisions: Vec<RevisionRecord> = Vec::new();
        for (item, revision) in list.items.iter().zip(&revisions) {
            let hash = revision.hash.to_string();
            if known.contains(&hash) || new_revisions.iter().any(|r| r.hash == hash) {
                continue;
            }
            new_revisions.push(RevisionRecord {
                id: RecordId::new("item_revision", hash.clone()),
                hash,
                item_id: item.item_id.to_string(),
                body: revision.canonical_json.clone(),
                summary: serde_json::to_string(&ItemSummary::from(item))?,
            });
        }
        let n_new = new_revisions.len();
        let seq = self.version_count(&dept_code).await? + 1;
        let version = version_record(list, seq, digest.to_string(), hashes)?;
        let tx = Tx::begin().held().then(&[
            "LET $state = (SELECT state, rev ?? 0 AS rev FROM $review)",
            "IF array::len($state) = 0 OR $state[0].state != $approved OR $state[0].rev != $review_rev { THROW 'sunlit:draft-changed' }",
            "INSERT IGNORE INTO item_revision $revisions RETURN NONE",
            "CREATE list_version CONTENT $version RETURN NONE",
            "DELETE draft_item WHERE dept_code = $dept RETURN NONE",
            "DELETE $draft RETURN NONE",
            "DELETE $review RETURN NONE",
            "UPDATE public_comment SET closed_in = $version_id WHERE dept_code = $dept AND closed_in = NONE RETURN NONE",
            "CREATE audit CONTENT $audit RETURN NONE",
        ]);
        let response = self
            .db
            .query(tx.commit())
            .bind(("held", HeldParams::of(&dept_code, held.content_rev)))
            .bind(("approved", data::review::ReviewState::Approved.as_str()))
            .bind(("review_rev", held.review_rev))
            .bind(("review", review_id(&dept_code)))
            .bind(("draft", RecordId::new("draft", dept_code.clone())))
            .bind(("dept", dept_code.clone()))
            .bind(("version_id", version_id.clone()))
            .bind(("revisions", new_revisions))
            .bind(("version", version))
            .bind(("audit", audit))
            .await?;
        super::root_cause(response)?;
        Ok(ImportOutcome {
            dept_code,
            version_id,
            n_items: list.items.len(),
            new_revisions: n_new,
            already_present: false,
            carried: false,
        })
    }
}
