//! The append-only audit log: who changed what, when, from which revision to
//! which. Rows are only ever created; an event refuses updates and deletes.

use surrealdb::types::SurrealValue;

use super::{Result, Store};

pub(super) const SCHEMA: &str = r#"
DEFINE TABLE IF NOT EXISTS audit SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS at ON audit TYPE datetime DEFAULT time::now();
DEFINE FIELD IF NOT EXISTS actor ON audit TYPE string;
DEFINE FIELD IF NOT EXISTS action ON audit TYPE string;
DEFINE FIELD IF NOT EXISTS dept_code ON audit TYPE option<string>;
DEFINE FIELD IF NOT EXISTS item_id ON audit TYPE option<string>;
DEFINE FIELD IF NOT EXISTS before ON audit TYPE option<string>;
DEFINE FIELD IF NOT EXISTS after ON audit TYPE option<string>;
DEFINE FIELD IF NOT EXISTS detail ON audit TYPE option<string>;
DEFINE INDEX IF NOT EXISTS audit_at ON audit FIELDS at;
DEFINE EVENT IF NOT EXISTS audit_append_only ON TABLE audit
    WHEN $event != "CREATE" THEN { THROW "the audit log is append-only" };
"#;

/// One mutation, as written to the audit log.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct AuditEntry {
    /// Who did it (a user name, or `cli` for the command line).
    pub actor: String,
    /// What, e.g. `item.save`, `draft.open`, `import`, `user.add`.
    pub action: String,
    /// The department concerned.
    pub dept_code: Option<String>,
    /// The item concerned.
    pub item_id: Option<String>,
    /// The content hash before the change.
    pub before: Option<String>,
    /// The content hash after the change.
    pub after: Option<String>,
    /// A short free-text detail (file name, counts, new position).
    pub detail: Option<String>,
}

impl AuditEntry {
    /// An entry with only actor and action set.
    pub fn new(actor: &str, action: &str) -> Self {
        Self {
            actor: actor.to_owned(),
            action: action.to_owned(),
            dept_code: None,
            item_id: None,
            before: None,
            after: None,
            detail: None,
        }
    }

    /// Sets the department.
    pub fn department(mut self, code: &str) -> Self {
        self.dept_code = Some(code.to_owned());
        self
    }

    /// Sets the item.
    pub fn item(mut self, item_id: &str) -> Self {
        self.item_id = Some(item_id.to_owned());
        self
    }

    /// Sets the revisions before and after.
    pub fn revisions(mut self, before: Option<String>, after: Option<String>) -> Self {
        self.before = before;
        self.after = after;
        self
    }

    /// Sets the detail.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// An audit row read back, with its time as RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct AuditRow {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Department.
    pub dept_code: Option<String>,
    /// Item.
    pub item_id: Option<String>,
    /// Hash before.
    pub before: Option<String>,
    /// Hash after.
    pub after: Option<String>,
    /// Detail.
    pub detail: Option<String>,
}

/// Which audit rows to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this department.
    pub dept_code: Option<String>,
    /// Only this item.
    pub item_id: Option<String>,
    /// Only this actor.
    pub actor: Option<String>,
    /// Rows to skip (newest first).
    pub offset: usize,
    /// At most this many rows.
    pub limit: usize,
}

impl Store {
    /// Appends one entry on its own (mutations write theirs in their own transaction).
    pub async fn append_audit(&self, entry: AuditEntry) -> Result<()> {
        self.db
            .query("CREATE audit CONTENT $entry RETURN NONE")
            .bind(("entry", entry))
            .await?
            .check()?;
        Ok(())
    }

    /// Audit rows matching `filter`, newest first, and how many match in all.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<(Vec<AuditRow>, i64)> {
        let mut response = self
            .db
            .query(
                "SELECT <string> at AS at, actor, action, dept_code, item_id, before, after, detail
                 FROM audit
                 WHERE ($dept = NONE OR dept_code = $dept)
                   AND ($item = NONE OR item_id = $item)
                   AND ($actor = NONE OR actor = $actor)
                 ORDER BY at DESC LIMIT $limit START $offset;
                 SELECT count() AS count FROM audit
                 WHERE ($dept = NONE OR dept_code = $dept)
                   AND ($item = NONE OR item_id = $item)
                   AND ($actor = NONE OR actor = $actor)
                 GROUP ALL;",
            )
            .bind(("dept", filter.dept_code.clone()))
            .bind(("item", filter.item_id.clone()))
            .bind(("actor", filter.actor.clone()))
            .bind(("limit", filter.limit as i64))
            .bind(("offset", filter.offset as i64))
            .await?;
        let rows: Vec<AuditRow> = response.take(0)?;
        let counts: Vec<super::CountRecord> = response.take(1)?;
        Ok((rows, counts.first().map_or(0, |c| c.count)))
    }
}

impl Store {
    /// Rewrites a draft item's body behind every service's back, as a bug
    /// or someone with database access would; publication must notice.
    /// Tests only.
    #[doc(hidden)]
    pub async fn tamper_with_draft_for_tests(
        &self,
        dept: &str,
        item_id: &str,
        body: &str,
    ) -> Result<()> {
        self.db
            .query("UPDATE $id SET body = $body RETURN NONE")
            .bind((
                "id",
                surrealdb::types::RecordId::new("draft_item", format!("{dept}/{item_id}")),
            ))
            .bind(("body", body.to_owned()))
            .await?
            .check()?;
        Ok(())
    }

    /// Tries to rewrite and delete audit rows, as an attacker with a code
    /// path would; the schema's event must refuse both. Tests only.
    #[doc(hidden)]
    pub async fn tamper_with_audit_for_tests(&self) -> Result<()> {
        let update = self
            .db
            .query("UPDATE audit SET actor = 'nobody' RETURN NONE")
            .await?
            .check();
        let delete = self.db.query("DELETE audit RETURN NONE").await?.check();
        match (update, delete) {
            (Ok(_), Ok(_)) => Ok(()),
            (Err(e), _) | (_, Err(e)) => Err(e.into()),
        }
    }
}
