//! The editing service: drafts, their items and the audit log, behind the
//! permission rules of `data::account`. Implements `app::workspace::Workspace`
//! for the editor pages; every mutation checks the session, the CSRF token
//! and the role, then writes its audit entry in the same transaction.

use app::workspace::{
    AuditQuery, AuditRowView, AuditView, Caller, Conflict, DraftItemView, DraftRow, DraftView, Me,
    Workspace, WorkspaceError, WorkspaceFuture,
};
use data::account::{Action, Principal};
use data::catalog::ItemSummary;
use data::editing::{FieldIssue, FieldProblem, check_item};
use data::revision::ItemRevision;
use data::version::Department;
use data::{Category, DepartmentCode, Item, ItemId};

use crate::accounts::{Accounts, Session, same_secret};
use crate::catalog::{Catalog, CatalogError};
use crate::store::{
    AuditEntry, AuditFilter, DraftItemRow, DraftRecord, NewDraftItem, SaveResult, Store, StoreError,
};

/// Audit rows per page.
const AUDIT_PAGE: usize = 50;

type Result<T> = std::result::Result<T, WorkspaceError>;

fn internal(error: impl std::fmt::Display) -> WorkspaceError {
    tracing::error!(error = %error, "workspace failure");
    WorkspaceError::Internal
}

impl From<StoreError> for WorkspaceError {
    fn from(error: StoreError) -> Self {
        internal(error)
    }
}

/// Editing over a [`Store`].
#[derive(Debug, Clone)]
pub struct Editing {
    store: Store,
    accounts: Accounts,
    catalog: Catalog,
}

/// Whether the caller must prove the request came from our own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mutation {
    Yes,
    No,
}

/// An item ready for the draft tables.
pub fn draft_row(item: &Item) -> std::result::Result<NewDraftItem, StoreError> {
    let revision = ItemRevision::of(item)?;
    Ok(NewDraftItem {
        item_id: item.item_id.to_string(),
        body: revision.canonical_json,
        summary: serde_json::to_string(&ItemSummary::from(item))?,
        hash: revision.hash.to_string(),
    })
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(internal)
}

fn new_id(dept: &DepartmentCode) -> Result<ItemId> {
    let suffix = crate::accounts::random_hex(4).map_err(internal)?;
    ItemId::new(format!("{dept}-N{suffix}")).map_err(internal)
}

impl Editing {
    /// The service over `store`.
    pub fn new(store: Store) -> Self {
        Self {
            accounts: Accounts::new(store.clone()),
            catalog: Catalog::new(store.clone()),
            store,
        }
    }

    async fn session(&self, caller: &Caller) -> Result<Session> {
        let token = caller.token.as_deref().ok_or(WorkspaceError::SignedOut)?;
        self.accounts
            .session(token)
            .await
            .map_err(internal)?
            .ok_or(WorkspaceError::SignedOut)
    }

    /// Checks session, CSRF token (for mutations) and permission, in that order.
    pub(crate) async fn authorize(
        &self,
        caller: &Caller,
        mutation: Mutation,
        allowed: impl FnOnce(&Principal) -> bool,
    ) -> Result<Session> {
        let session = self.session(caller).await?;
        if mutation == Mutation::Yes
            && !caller
                .csrf
                .as_deref()
                .is_some_and(|c| same_secret(c, &session.csrf))
        {
            return Err(WorkspaceError::Csrf);
        }
        if !allowed(&session.principal) {
            return Err(WorkspaceError::Forbidden);
        }
        Ok(session)
    }

    pub(crate) async fn department(&self, dept: &str) -> Result<(DepartmentCode, Department)> {
        let code =
            DepartmentCode::new(dept).map_err(|e| WorkspaceError::BadRequest(e.to_string()))?;
        let department = self
            .store
            .department(code.as_str())
            .await?
            .ok_or_else(|| WorkspaceError::NotFound(format!("department `{code}`")))?;
        Ok((code, department))
    }

    /// Opens the draft from the current published version when there is none.
    pub(crate) async fn ensure_draft(
        &self,
        code: &DepartmentCode,
        principal: &Principal,
    ) -> Result<()> {
        if self.store.draft(code.as_str()).await?.is_some() {
            return Ok(());
        }
        if !principal.may(Action::EditDraft(code)) {
            return Err(WorkspaceError::NotFound(format!("draft of `{code}`")));
        }
        let (base_version, items) = match self.catalog.department_list(code.as_str(), None).await {
            Ok(list) => (Some(list.version.version_id.to_string()), list.items),
            Err(CatalogError::NotFound(_)) => (None, Vec::new()),
            Err(e) => return Err(internal(e)),
        };
        let rows = items
            .iter()
            .map(draft_row)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let audit = AuditEntry::new(principal.name.as_str(), "draft.open")
            .department(code.as_str())
            .detail(format!(
                "{} items from {}",
                rows.len(),
                base_version.as_deref().unwrap_or("an empty list")
            ));
        self.store
            .open_draft(
                DraftRecord {
                    dept_code: code.to_string(),
                    base_version,
                    created_by: principal.name.to_string(),
                },
                rows,
                audit,
            )
            .await?;
        Ok(())
    }

    /// Refuses changes while the draft is submitted or approved.
    async fn unlocked(&self, code: &DepartmentCode) -> Result<()> {
        let state = self
            .store
            .review(code.as_str())
            .await?
            .map(|row| crate::review::parse_state(&row.state))
            .transpose()?
            .unwrap_or_default();
        if state.editable() {
            Ok(())
        } else {
            Err(WorkspaceError::Locked)
        }
    }

    async fn row(&self, code: &DepartmentCode, item_id: &str) -> Result<DraftItemRow> {
        let id = ItemId::new(item_id).map_err(|e| WorkspaceError::BadRequest(e.to_string()))?;
        self.store
            .draft_item(code.as_str(), id.as_str())
            .await?
            .ok_or_else(|| {
                WorkspaceError::NotFound(format!("item `{id}` in the draft of `{code}`"))
            })
    }

    fn conflict(row: &DraftItemRow) -> Result<WorkspaceError> {
        Ok(WorkspaceError::Conflict(Box::new(Conflict {
            theirs: decode(&row.body)?,
            rev: row.rev,
            updated_by: row.updated_by.clone(),
            updated_at: row.updated_at.clone(),
        })))
    }

    async fn summaries(&self, code: &DepartmentCode) -> Result<Vec<(DraftItemRow, ItemSummary)>> {
        self.store
            .draft_items(code.as_str(), false)
            .await?
            .into_iter()
            .map(|row| {
                let summary = decode(&row.summary)?;
                Ok((row, summary))
            })
            .collect()
    }

    /// Problems of `item` in the context of the whole draft.
    async fn problems(&self, code: &DepartmentCode, item: &Item) -> Result<Vec<FieldProblem>> {
        let mut problems = check_item(item, code);
        let others = self.summaries(code).await?;
        if others
            .iter()
            .any(|(_, s)| s.item_id != item.item_id && s.item_code == item.item_code)
        {
            problems.push(FieldProblem {
                path: "item_code".into(),
                issue: FieldIssue::DuplicateCode,
            });
        }
        if let Some(parent) = item.parent_code.as_deref().filter(|p| !p.is_empty())
            && !others
                .iter()
                .any(|(_, s)| s.item_code == parent && s.item_id != item.item_id)
        {
            problems.push(FieldProblem {
                path: "parent_code".into(),
                issue: FieldIssue::UnknownParent,
            });
        }
        Ok(problems)
    }

    /// The signed-in user.
    pub async fn me_view(&self, caller: &Caller) -> Result<Option<Me>> {
        let session = match self.session(caller).await {
            Ok(s) => s,
            Err(WorkspaceError::SignedOut) => return Ok(None),
            Err(e) => return Err(e),
        };
        let departments = self
            .store
            .departments()
            .await?
            .into_iter()
            .filter(|d| session.principal.may(Action::EditDraft(&d.dept_code)))
            .map(|d| (d.dept_code.to_string(), d.name))
            .collect();
        Ok(Some(Me {
            name: session.principal.name.to_string(),
            role: session.principal.role,
            departments,
            csrf: session.csrf,
        }))
    }

    /// A department's draft.
    pub async fn draft_view(&self, caller: &Caller, dept: &str) -> Result<DraftView> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::No, |p| p.may(Action::ReadDraft(&code)))
            .await?;
        self.ensure_draft(&code, &session.principal).await?;
        let draft = self
            .store
            .draft(code.as_str())
            .await?
            .ok_or_else(|| WorkspaceError::NotFound(format!("draft of `{code}`")))?;
        let items = self
            .summaries(&code)
            .await?
            .into_iter()
            .map(|(row, summary)| DraftRow {
                summary,
                rev: row.rev,
                updated_by: row.updated_by,
                updated_at: row.updated_at,
            })
            .collect();
        Ok(DraftView {
            department,
            base_version: draft.base_version,
            items,
        })
    }

    /// One draft item.
    pub async fn item_view(
        &self,
        caller: &Caller,
        dept: &str,
        item_id: &str,
    ) -> Result<DraftItemView> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::No, |p| p.may(Action::ReadDraft(&code)))
            .await?;
        self.ensure_draft(&code, &session.principal).await?;
        let row = self.row(&code, item_id).await?;
        let main_items = self
            .summaries(&code)
            .await?
            .into_iter()
            .filter(|(_, s)| s.parent_code.is_none() && s.item_id.as_str() != item_id)
            .map(|(_, s)| (s.item_code, s.name))
            .collect();
        Ok(DraftItemView {
            department,
            item: decode(&row.body)?,
            rev: row.rev,
            updated_by: row.updated_by,
            updated_at: row.updated_at,
            main_items,
        })
    }

    /// Saves an edited item.
    pub async fn save(&self, caller: &Caller, dept: &str, item: Item, rev: i64) -> Result<i64> {
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.unlocked(&code).await?;
        self.ensure_draft(&code, &session.principal).await?;
        let old = self.row(&code, item.item_id.as_str()).await?;
        let problems = self.problems(&code, &item).await?;
        if !problems.is_empty() {
            return Err(WorkspaceError::Invalid(problems));
        }
        let new = draft_row(&item)?;
        let audit = AuditEntry::new(session.principal.name.as_str(), "item.save")
            .department(code.as_str())
            .item(item.item_id.as_str())
            .revisions(Some(old.hash.clone()), Some(new.hash.clone()));
        match self
            .store
            .save_draft_item(
                code.as_str(),
                new,
                rev,
                session.principal.name.as_str(),
                audit,
            )
            .await?
        {
            SaveResult::Saved(rev) => Ok(rev),
            SaveResult::Conflict(row) => Err(Self::conflict(&row)?),
            SaveResult::Missing => {
                Err(WorkspaceError::NotFound(format!("item `{}`", item.item_id)))
            }
        }
    }

    /// Adds a new item named `name` with a free code in 其他行政权力.
    pub async fn create(&self, caller: &Caller, dept: &str, name: &str) -> Result<String> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.unlocked(&code).await?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(WorkspaceError::Invalid(vec![FieldProblem {
                path: "name".into(),
                issue: FieldIssue::Required,
            }]));
        }
        self.ensure_draft(&code, &session.principal).await?;
        let taken: Vec<String> = self
            .summaries(&code)
            .await?
            .into_iter()
            .map(|(_, s)| s.item_code)
            .collect();
        let item_code = (1..)
            .map(|n| format!("{code}-QT-{n:03}-00"))
            .find(|c| !taken.contains(c))
            .unwrap_or_default();
        let item = Item {
            item_id: new_id(&code)?,
            item_code,
            catalog_code: None,
            name: name.to_owned(),
            main_item_name: None,
            sub_item_name: None,
            parent_code: None,
            has_sub_items: false,
            category: Category::Other,
            implementing_body: department.name.clone(),
            undertaking_unit: None,
            implementing_level: None,
            target: None,
            legal_basis: Vec::new(),
            responsibilities: Vec::new(),
            accountability: Default::default(),
            time_limit: Default::default(),
            fee: Default::default(),
            supervision: Default::default(),
            relief: Vec::new(),
            remark: None,
            status: Default::default(),
            sub_items_note: None,
            delegation: None,
            flowchart: None,
            discretion: None,
        };
        self.insert(&session, &code, item, None, "item.create")
            .await
    }

    async fn insert(
        &self,
        session: &Session,
        code: &DepartmentCode,
        item: Item,
        after: Option<&str>,
        action: &str,
    ) -> Result<String> {
        let row = draft_row(&item)?;
        let audit = AuditEntry::new(session.principal.name.as_str(), action)
            .department(code.as_str())
            .item(item.item_id.as_str())
            .revisions(None, Some(row.hash.clone()));
        self.store
            .insert_draft_item(
                code.as_str(),
                row,
                after,
                session.principal.name.as_str(),
                audit,
            )
            .await?;
        Ok(item.item_id.to_string())
    }

    /// Copies an item right after itself.
    pub async fn duplicate(&self, caller: &Caller, dept: &str, item_id: &str) -> Result<String> {
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.unlocked(&code).await?;
        self.ensure_draft(&code, &session.principal).await?;
        let row = self.row(&code, item_id).await?;
        let mut item: Item = decode(&row.body)?;
        let taken: Vec<String> = self
            .summaries(&code)
            .await?
            .into_iter()
            .map(|(_, s)| s.item_code)
            .collect();
        item.item_code = (1..)
            .map(|n| match n {
                1 => format!("{}-副本", item.item_code),
                n => format!("{}-副本{n}", item.item_code),
            })
            .find(|c| !taken.contains(c))
            .unwrap_or_default();
        item.item_id = new_id(&code)?;
        item.name = format!("{}（副本）", item.name);
        item.has_sub_items = false;
        self.insert(&session, &code, item, Some(item_id), "item.duplicate")
            .await
    }

    /// Deletes an item (not a main item that still has sub-items).
    pub async fn delete(&self, caller: &Caller, dept: &str, item_id: &str, rev: i64) -> Result<()> {
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.unlocked(&code).await?;
        self.ensure_draft(&code, &session.principal).await?;
        let row = self.row(&code, item_id).await?;
        let summary: ItemSummary = decode(&row.summary)?;
        let has_sub_items = self
            .summaries(&code)
            .await?
            .iter()
            .any(|(_, s)| s.parent_code.as_deref() == Some(summary.item_code.as_str()));
        if has_sub_items {
            return Err(WorkspaceError::HasSubItems);
        }
        let audit = AuditEntry::new(session.principal.name.as_str(), "item.delete")
            .department(code.as_str())
            .item(item_id)
            .revisions(Some(row.hash.clone()), None)
            .detail(summary.name);
        match self
            .store
            .delete_draft_item(code.as_str(), item_id, rev, audit)
            .await?
        {
            SaveResult::Saved(_) => Ok(()),
            SaveResult::Conflict(row) => Err(Self::conflict(&row)?),
            SaveResult::Missing => Err(WorkspaceError::NotFound(format!("item `{item_id}`"))),
        }
    }

    /// Moves an item one place among its siblings; a main item takes its
    /// sub-items along.
    pub async fn reorder(
        &self,
        caller: &Caller,
        dept: &str,
        item_id: &str,
        step: i32,
    ) -> Result<()> {
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.unlocked(&code).await?;
        if step != 1 && step != -1 {
            return Err(WorkspaceError::BadRequest("step must be 1 or -1".into()));
        }
        self.ensure_draft(&code, &session.principal).await?;
        let rows: Vec<ItemSummary> = self
            .summaries(&code)
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let order = move_in_order(&rows, item_id, step)
            .ok_or_else(|| WorkspaceError::NotFound(format!("item `{item_id}`")))?;
        let audit = AuditEntry::new(session.principal.name.as_str(), "item.move")
            .department(code.as_str())
            .item(item_id)
            .detail(if step < 0 { "up" } else { "down" });
        self.store
            .reorder_draft(code.as_str(), &order, audit)
            .await?;
        Ok(())
    }

    /// A page of the audit log.
    pub async fn audit_view(&self, caller: &Caller, query: AuditQuery) -> Result<AuditView> {
        self.authorize(caller, Mutation::No, |p| p.may(Action::ReadAudit))
            .await?;
        let page = query.page.unwrap_or(1).max(1);
        let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let (rows, total) = self
            .store
            .audit(&AuditFilter {
                dept_code: non_empty(query.department),
                item_id: non_empty(query.item),
                actor: non_empty(query.user),
                offset: (page - 1) * AUDIT_PAGE,
                limit: AUDIT_PAGE,
            })
            .await?;
        Ok(AuditView {
            rows: rows
                .into_iter()
                .map(|r| AuditRowView {
                    at: r.at,
                    actor: r.actor,
                    action: r.action,
                    dept_code: r.dept_code,
                    item_id: r.item_id,
                    before: r.before,
                    after: r.after,
                    detail: r.detail,
                })
                .collect(),
            total,
            page,
            per_page: AUDIT_PAGE,
        })
    }
}

/// The list order after moving `item_id` by `step` among its siblings, or
/// `None` when the item is not in `rows`. Moving past either end is a no-op.
fn move_in_order(rows: &[ItemSummary], item_id: &str, step: i32) -> Option<Vec<String>> {
    let target = rows.iter().find(|r| r.item_id.as_str() == item_id)?;
    // Blocks: each top-level item followed by its sub-items.
    let mut blocks: Vec<Vec<&ItemSummary>> = Vec::new();
    for row in rows.iter().filter(|r| r.parent_code.is_none()) {
        let mut block = vec![row];
        block.extend(
            rows.iter()
                .filter(|r| r.parent_code.as_deref() == Some(row.item_code.as_str())),
        );
        blocks.push(block);
    }
    // Sub-items whose main item is missing stay at the end, in order.
    let placed: std::collections::HashSet<&str> = blocks
        .iter()
        .flatten()
        .map(|r| r.item_id.as_str())
        .collect();
    let orphans: Vec<&ItemSummary> = rows
        .iter()
        .filter(|r| !placed.contains(r.item_id.as_str()))
        .collect();
    let swap = |list: &mut [&ItemSummary], i: usize| {
        let j = i as i64 + i64::from(step);
        if j >= 0 && (j as usize) < list.len() {
            list.swap(i, j as usize);
        }
    };
    match target.parent_code.as_deref() {
        None => {
            if let Some(i) = blocks.iter().position(|b| b[0].item_id.as_str() == item_id) {
                let j = i as i64 + i64::from(step);
                if j >= 0 && (j as usize) < blocks.len() {
                    blocks.swap(i, j as usize);
                }
            }
        }
        Some(parent) => {
            for block in &mut blocks {
                if block[0].item_code == parent {
                    let subs = &mut block[1..];
                    if let Some(i) = subs.iter().position(|r| r.item_id.as_str() == item_id) {
                        swap(subs, i);
                    }
                }
            }
        }
    }
    Some(
        blocks
            .into_iter()
            .flatten()
            .chain(orphans)
            .map(|r| r.item_id.to_string())
            .collect(),
    )
}

impl Workspace for Editing {
    fn me(&self, caller: Caller) -> WorkspaceFuture<'_, Option<Me>> {
        Box::pin(async move { self.me_view(&caller).await })
    }

    fn draft(&self, caller: Caller, dept: String) -> WorkspaceFuture<'_, DraftView> {
        Box::pin(async move { self.draft_view(&caller, &dept).await })
    }

    fn draft_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
    ) -> WorkspaceFuture<'_, DraftItemView> {
        Box::pin(async move { self.item_view(&caller, &dept, &item_id).await })
    }

    fn save_item(
        &self,
        caller: Caller,
        dept: String,
        item: Item,
        rev: i64,
    ) -> WorkspaceFuture<'_, i64> {
        Box::pin(async move { self.save(&caller, &dept, item, rev).await })
    }

    fn create_item(
        &self,
        caller: Caller,
        dept: String,
        name: String,
    ) -> WorkspaceFuture<'_, String> {
        Box::pin(async move { self.create(&caller, &dept, &name).await })
    }

    fn duplicate_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
    ) -> WorkspaceFuture<'_, String> {
        Box::pin(async move { self.duplicate(&caller, &dept, &item_id).await })
    }

    fn delete_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
        rev: i64,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move { self.delete(&caller, &dept, &item_id, rev).await })
    }

    fn move_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
        step: i32,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move { self.reorder(&caller, &dept, &item_id, step).await })
    }

    fn audit(&self, caller: Caller, query: AuditQuery) -> WorkspaceFuture<'_, AuditView> {
        Box::pin(async move { self.audit_view(&caller, query).await })
    }

    fn import_preview(
        &self,
        caller: Caller,
        dept: String,
        token: String,
    ) -> WorkspaceFuture<'_, app::workspace::ImportPreviewView> {
        Box::pin(async move { self.preview(&caller, &dept, &token).await })
    }
}

/// The largest file accepted for import.
pub const MAX_IMPORT_BYTES: usize = data::sheet::MAX_FILE_BYTES;

/// An uploaded file, read: the items it would put into the draft and what
/// stops or qualifies that.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadUpload {
    /// `xlsx`, `csv-zip`, `csv-gbk`, `csv-utf8`, `csv-utf8-bom` or `json`.
    pub format: &'static str,
    /// Items in list order, ids re-mapped to the draft's by code.
    pub items: Vec<Item>,
    /// Main items with sub-items.
    pub n_main: usize,
    /// Sub-items.
    pub n_sub: usize,
    /// Items that keep an existing draft item's id.
    pub n_matched: usize,
    /// Problems (nothing is imported while there are any).
    pub problems: Vec<app::workspace::ImportProblemView>,
    /// Warnings.
    pub warnings: Vec<app::workspace::ImportProblemView>,
}

fn located(location: String, message: String) -> app::workspace::ImportProblemView {
    app::workspace::ImportProblemView {
        location,
        message,
        issue: None,
    }
}

/// Reads an uploaded file (interchange JSON, XLSX, CSV or our CSV zip) as
/// the new content of `dept`'s draft, checking every item as the editor
/// would. `existing` are the draft's current rows, used to keep item ids.
pub fn read_upload(
    dept: &DepartmentCode,
    file_name: &str,
    bytes: &[u8],
    existing: &[ItemSummary],
) -> ReadUpload {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    let (format, mut items) = if first == Some(&b'{') {
        match data::interchange::parse(bytes) {
            Ok(parsed) => {
                warnings.extend(
                    parsed
                        .warnings
                        .iter()
                        .map(|w| located(String::new(), w.clone())),
                );
                match parsed
                    .lists
                    .into_iter()
                    .find(|l| &l.department.dept_code == dept)
                {
                    Some(list) => ("json", list.items),
                    None => {
                        problems.push(located(
                            String::new(),
                            format!("the file has no list of department `{dept}`"),
                        ));
                        ("json", Vec::new())
                    }
                }
            }
            Err(data::interchange::ImportError::Invalid(found)) => {
                problems.extend(found.into_iter().map(|p| located(p.path, p.message)));
                ("json", Vec::new())
            }
            Err(e) => {
                problems.push(located(String::new(), e.to_string()));
                ("json", Vec::new())
            }
        }
    } else {
        match data::sheet::read(bytes, file_name) {
            Ok(import) => {
                use data::sheet::{SheetFormat, TextEncoding};
                let format = match (import.format, import.encoding) {
                    (SheetFormat::Xlsx, _) => "xlsx",
                    (SheetFormat::CsvBundle, _) => "csv-zip",
                    (SheetFormat::Csv, Some(TextEncoding::Gb18030)) => "csv-gbk",
                    (SheetFormat::Csv, Some(TextEncoding::Utf8Bom)) => "csv-utf8-bom",
                    (SheetFormat::Csv, _) => "csv-utf8",
                };
                let at = |p: &data::sheet::SheetProblem| {
                    let mut location = p.sheet.clone();
                    if let Some(row) = p.row {
                        location
                            .push_str(&format!("!{}{row}", p.column.clone().unwrap_or_default()));
                    }
                    if let Some(header) = &p.header {
                        location.push_str(&format!("（{header}）"));
                    }
                    location
                };
                problems.extend(
                    import
                        .problems
                        .iter()
                        .map(|p| located(at(p), p.message.clone())),
                );
                warnings.extend(
                    import
                        .warnings
                        .iter()
                        .map(|p| located(at(p), p.message.clone())),
                );
                (format, import.items)
            }
            Err(e) => {
                problems.push(located(String::new(), e.to_string()));
                ("xlsx", Vec::new())
            }
        }
    };
    // Items already in the draft keep their identity (matched by code), so
    // their history and version comparison follow them.
    let mut n_matched = 0;
    for item in &mut items {
        if let Some(old) = existing.iter().find(|s| s.item_code == item.item_code) {
            if old.item_id != item.item_id {
                item.item_id = old.item_id.clone();
            }
            n_matched += 1;
        }
    }
    let mut seen_ids = std::collections::HashSet::new();
    let mut seen_codes = std::collections::HashSet::new();
    for item in &items {
        let place = format!("{}「{}」", item.item_code, item.name);
        for problem in check_item(item, dept) {
            problems.push(app::workspace::ImportProblemView {
                location: place.clone(),
                message: String::new(),
                issue: Some(problem),
            });
        }
        if !seen_codes.insert(item.item_code.clone()) {
            problems.push(app::workspace::ImportProblemView {
                location: place.clone(),
                message: String::new(),
                issue: Some(FieldProblem {
                    path: "item_code".into(),
                    issue: FieldIssue::DuplicateCode,
                }),
            });
        }
        if !seen_ids.insert(item.item_id.clone()) {
            problems.push(located(
                place,
                format!("item id `{}` appears twice", item.item_id),
            ));
        }
    }
    if items.is_empty() && problems.is_empty() {
        problems.push(located(String::new(), "the file holds no items".to_owned()));
    }
    ReadUpload {
        format,
        n_main: items.iter().filter(|i| i.has_sub_items).count(),
        n_sub: items.iter().filter(|i| i.is_sub_item()).count(),
        n_matched,
        items,
        problems,
        warnings,
    }
}

fn random_token() -> Result<String> {
    crate::accounts::random_hex(16).map_err(internal)
}

impl Editing {
    /// Keeps an uploaded file for preview; returns its token.
    pub async fn upload(
        &self,
        caller: &Caller,
        dept: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<String> {
        use base64::Engine as _;
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(WorkspaceError::BadRequest(format!(
                "the file is {} bytes; the limit is {MAX_IMPORT_BYTES}",
                bytes.len()
            )));
        }
        self.ensure_draft(&code, &session.principal).await?;
        let token = random_token()?;
        self.store
            .put_pending_import(
                &token,
                crate::store::PendingImport {
                    dept_code: code.to_string(),
                    file_name: file_name.chars().take(200).collect(),
                    content: base64::engine::general_purpose::STANDARD.encode(bytes),
                    uploaded_by: session.principal.name.to_string(),
                },
            )
            .await?;
        Ok(token)
    }

    async fn pending(&self, code: &DepartmentCode, token: &str) -> Result<(String, Vec<u8>)> {
        use base64::Engine as _;
        let pending = self
            .store
            .pending_import(token)
            .await?
            .filter(|p| p.dept_code == code.as_str())
            .ok_or_else(|| WorkspaceError::NotFound(format!("upload `{token}`")))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(pending.content.as_bytes())
            .map_err(internal)?;
        Ok((pending.file_name, bytes))
    }

    /// What an upload would put into the draft.
    pub async fn preview(
        &self,
        caller: &Caller,
        dept: &str,
        token: &str,
    ) -> Result<app::workspace::ImportPreviewView> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::No, |p| p.may(Action::EditDraft(&code)))
            .await?;
        self.ensure_draft(&code, &session.principal).await?;
        let (file_name, bytes) = self.pending(&code, token).await?;
        let existing: Vec<ItemSummary> = self
            .summaries(&code)
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let read = read_upload(&code, &file_name, &bytes, &existing);
        Ok(app::workspace::ImportPreviewView {
            department,
            token: token.to_owned(),
            file_name,
            format: read.format.to_owned(),
            items: read.items.iter().map(ItemSummary::from).collect(),
            n_main: read.n_main,
            n_sub: read.n_sub,
            n_replaced: existing.len(),
            n_matched: read.n_matched,
            problems: read.problems,
            warnings: read.warnings,
        })
    }

    /// Imports a confirmed upload into the draft; returns the number of items.
    pub async fn commit_upload(&self, caller: &Caller, dept: &str, token: &str) -> Result<usize> {
        let (code, _) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::EditDraft(&code)))
            .await?;
        let (file_name, bytes) = self.pending(&code, token).await?;
        let n = self
            .import_file(&session.principal, &code, &file_name, &bytes)
            .await?;
        self.store.drop_pending_import(token).await?;
        Ok(n)
    }

    /// Replaces the draft's items with a file's, in one transaction, when the
    /// file has no problems (the CLI's `import --department` and the upload).
    pub async fn import_file(
        &self,
        principal: &Principal,
        code: &DepartmentCode,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<usize> {
        if !principal.may(Action::EditDraft(code)) {
            return Err(WorkspaceError::Forbidden);
        }
        if self.store.department(code.as_str()).await?.is_none() {
            return Err(WorkspaceError::NotFound(format!("department `{code}`")));
        }
        self.ensure_draft(code, principal).await?;
        let existing: Vec<ItemSummary> = self
            .summaries(code)
            .await?
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        let read = read_upload(code, file_name, bytes, &existing);
        if !read.problems.is_empty() {
            return Err(WorkspaceError::ImportRefused(read.problems));
        }
        let rows = read
            .items
            .iter()
            .map(draft_row)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let n = rows.len();
        let audit = AuditEntry::new(principal.name.as_str(), "import")
            .department(code.as_str())
            .detail(format!(
                "{file_name}: {n} items ({}), replacing {}",
                read.format,
                existing.len()
            ));
        self.store
            .replace_draft_items(code.as_str(), rows, principal.name.as_str(), audit)
            .await?;
        Ok(n)
    }

    /// A department's draft as a list, for download (`version_id` = `draft`).
    pub async fn draft_list(
        &self,
        caller: &Caller,
        dept: &str,
    ) -> Result<data::interchange::DepartmentList> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::No, |p| p.may(Action::ReadDraft(&code)))
            .await?;
        self.ensure_draft(&code, &session.principal).await?;
        self.draft_as_list(&code, department).await
    }

    /// The draft's items and the published version it was opened from,
    /// without permission checks.
    pub(crate) async fn draft_and_base(
        &self,
        code: &DepartmentCode,
    ) -> Result<(Vec<Item>, Option<data::interchange::DepartmentList>)> {
        let draft = self
            .store
            .draft(code.as_str())
            .await?
            .ok_or_else(|| WorkspaceError::NotFound(format!("draft of `{code}`")))?;
        let items = self
            .store
            .draft_items(code.as_str(), true)
            .await?
            .iter()
            .map(|r| decode(&r.body))
            .collect::<Result<Vec<Item>>>()?;
        let base = match &draft.base_version {
            Some(v) => Some(
                self.catalog
                    .department_list(code.as_str(), Some(v))
                    .await
                    .map_err(internal)?,
            ),
            None => None,
        };
        Ok((items, base))
    }

    /// The draft as a list, without permission checks (CLI).
    pub async fn draft_as_list(
        &self,
        code: &DepartmentCode,
        department: Department,
    ) -> Result<data::interchange::DepartmentList> {
        let (items, base) = self.draft_and_base(code).await?;
        let version = data::version::VersionMeta {
            version_id: data::VersionId::new("draft").map_err(internal)?,
            based_on: base.as_ref().map(|b| b.version.version_id.clone()),
            scope: None,
            label: "草稿".to_owned(),
            effective_date: base.as_ref().map_or_else(
                || data::IsoDate::parse("2000-01-01").map_err(internal),
                |b| Ok(b.version.effective_date),
            )?,
            published_doc_no: None,
            approved_by: None,
            process: Vec::new(),
            status: Default::default(),
        };
        Ok(data::interchange::DepartmentList {
            department,
            version,
            items,
            adjustments: Vec::new(),
        })
    }
}
