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
enum Mutation {
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
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(internal)?;
    let suffix: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
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
    async fn authorize(
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

    async fn department(&self, dept: &str) -> Result<(DepartmentCode, Department)> {
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
    async fn ensure_draft(&self, code: &DepartmentCode, principal: &Principal) -> Result<()> {
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
}
