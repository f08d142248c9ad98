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
use crate::gate::{DraftChange, DraftWrite};
use crate::store::{
    AuditEntry, AuditFilter, DraftItemRow, DraftRecord, NewDraftItem, SaveResult, Store, StoreError,
};
use data::review::ReviewState;

/// Audit rows per page.
const AUDIT_PAGE: usize = 50;

type Result<T> = std::result::Result<T, WorkspaceError>;

/// [`read_upload`] on the heavy-work pool ([`crate::heavy`]); the draft
/// comes back for the caller.
async fn read_upload_apart(
    code: DepartmentCode,
    file_name: String,
    bytes: Vec<u8>,
    draft: data::interchange::DepartmentList,
) -> Result<(ReadUpload, data::interchange::DepartmentList)> {
    crate::heavy::run(move || {
        let read = read_upload(&code, &file_name, &bytes, &draft);
        (read, draft)
    })
    .await
    .map_err(|e| match e {
        crate::heavy::HeavyError::Busy => {
            WorkspaceError::BadRequest("服务器正忙，请稍后再试".to_owned())
        }
        other => internal(other),
    })
}

fn internal(error: impl std::fmt::Display) -> WorkspaceError {
    tracing::error!(error = %error, "workspace failure");
    WorkspaceError::Internal
}

impl From<StoreError> for WorkspaceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::DraftLocked => WorkspaceError::Locked,
            StoreError::DraftChanged | StoreError::Busy => WorkspaceError::Changed,
            StoreError::NoDraft => WorkspaceError::NotFound("the draft".to_owned()),
            other => internal(other),
        }
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

    /// Where the draft's review stands (editing when none was started).
    pub(crate) async fn review_state(&self, code: &DepartmentCode) -> Result<ReviewState> {
        self.store
            .review(code.as_str())
            .await?
            .map(|row| crate::review::parse_state(&row.state))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// The draft's content revision (0 for a fresh copy).
    pub(crate) async fn content_rev(&self, code: &DepartmentCode) -> Result<i64> {
        Ok(self
            .store
            .draft_content(code.as_str())
            .await?
            .map_or(0, |c| c.content_rev))
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
        let open_problems = self
            .store
            .draft_content(code.as_str())
            .await?
            .and_then(|c| c.open_problems)
            .map(|json| serde_json::from_str(&json).map_err(internal))
            .transpose()?
            .unwrap_or_default();
        Ok(DraftView {
            department,
            base_version: draft.base_version,
            items,
            open_problems,
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
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
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
        match self.store.save_draft_item(&write, new, rev, audit).await? {
            SaveResult::Saved(rev) => Ok(rev),
            SaveResult::Conflict(row) => Err(Self::conflict(&row)?),
            SaveResult::Missing => {
                Err(WorkspaceError::NotFound(format!("item `{}`", item.item_id)))
            }
        }
    }

    /// Adds a new item named `name` with a free code in 其他行政权力.
    pub async fn create(&self, caller: &Caller, dept: &str, name: &str) -> Result<String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(WorkspaceError::Invalid(vec![FieldProblem {
                path: "name".into(),
                issue: FieldIssue::Required,
            }]));
        }
        let (session, department, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
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
        self.insert(&session, &write, item, None, "item.create")
            .await
    }

    async fn insert(
        &self,
        session: &Session,
        write: &DraftWrite,
        item: Item,
        after: Option<&str>,
        action: &str,
    ) -> Result<String> {
        let row = draft_row(&item)?;
        let audit = AuditEntry::new(session.principal.name.as_str(), action)
            .department(write.dept())
            .item(item.item_id.as_str())
            .revisions(None, Some(row.hash.clone()));
        self.store
            .insert_draft_item(write, row, after, audit)
            .await?;
        Ok(item.item_id.to_string())
    }

    /// Copies an item right after itself.
    pub async fn duplicate(&self, caller: &Caller, dept: &str, item_id: &str) -> Result<String> {
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
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
        self.insert(&session, &write, item, Some(item_id), "item.duplicate")
            .await
    }

    /// Deletes an item (not a main item that still has sub-items).
    pub async fn delete(&self, caller: &Caller, dept: &str, item_id: &str, rev: i64) -> Result<()> {
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
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
            .delete_draft_item(&write, item_id, rev, audit)
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
        if step != 1 && step != -1 {
            return Err(WorkspaceError::BadRequest("step must be 1 or -1".into()));
        }
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
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
        self.store.reorder_draft(&write, &order, audit).await?;
        Ok(())
    }

    /// A page of the audit log.
    /// Creates a department (`create`) or changes how one is described,
    /// from the departments page: an admin's session; returns its code.
    /// Blank short name and phone are removed.
    pub async fn save_department(
        &self,
        caller: &Caller,
        create: bool,
        code: &str,
        name: &str,
        short_name: &str,
        phone: &str,
    ) -> Result<DepartmentCode> {
        let session = self
            .authorize(caller, Mutation::Yes, |p| p.may(Action::ManageDepartments))
            .await?;
        let change = DepartmentChange {
            name: Some(name.to_owned()),
            short_name: Some(short_name.to_owned()),
            phone: Some(phone.to_owned()),
            units: None,
        };
        self.change_department(&session.principal, create, code, change, "web")
            .await
    }

    /// Creates a department (`create`) or changes how one is described, as
    /// `principal` (the departments page and `sunlit department`): only an
    /// admin may; the name is required (≤ 200 characters); what `change`
    /// leaves `None` is kept, a blank short name or phone is removed.
    /// Written with its audit row (`origin` in its detail) in one
    /// transaction.
    pub async fn change_department(
        &self,
        principal: &Principal,
        create: bool,
        code: &str,
        change: DepartmentChange,
        origin: &str,
    ) -> Result<DepartmentCode> {
        if !principal.may(Action::ManageDepartments) {
            return Err(WorkspaceError::Forbidden);
        }
        let code = DepartmentCode::new(code.trim())
            .map_err(|e| WorkspaceError::BadRequest(e.to_string()))?;
        let mut department = if create {
            data::version::Department {
                dept_code: code.clone(),
                name: String::new(),
                short_name: None,
                units: Vec::new(),
                supervision_phone: None,
            }
        } else {
            self.store
                .department(code.as_str())
                .await?
                .ok_or_else(|| WorkspaceError::NotFound(format!("department {code}")))?
        };
        let optional = |text: String| {
            let text: String = text.trim().chars().take(100).collect();
            (!text.is_empty()).then_some(text)
        };
        if let Some(name) = change.name {
            department.name = name.trim().to_owned();
        }
        if let Some(short_name) = change.short_name {
            department.short_name = optional(short_name);
        }
        if let Some(phone) = change.phone {
            department.supervision_phone = optional(phone);
        }
        if let Some(units) = change.units {
            department.units = units;
        }
        if department.name.is_empty() || department.name.chars().count() > 200 {
            return Err(WorkspaceError::Invalid(vec![FieldProblem {
                path: "name".into(),
                issue: FieldIssue::Required,
            }]));
        }
        let action = if create {
            "department.add"
        } else {
            "department.edit"
        };
        let audit = AuditEntry::new(principal.name.as_str(), action)
            .department(code.as_str())
            .detail(format!("{}; {origin}", department.name));
        if create {
            match self.store.add_department(&department, audit).await {
                Err(crate::store::StoreError::Exists { .. }) => {
                    Err(WorkspaceError::DepartmentExists(code.to_string()))
                }
                other => Ok(other.map(|()| code)?),
            }
        } else if self.store.update_department(&department, audit).await? {
            Ok(code)
        } else {
            Err(WorkspaceError::NotFound(format!("department {code}")))
        }
    }

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

    fn admin_departments(
        &self,
        caller: Caller,
    ) -> WorkspaceFuture<'_, Vec<data::version::Department>> {
        Box::pin(async move {
            self.authorize(&caller, Mutation::No, |p| p.may(Action::ManageDepartments))
                .await?;
            Ok(self.store.departments().await?)
        })
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

/// What [`Editing::change_department`] sets; `None` keeps what is stored.
#[derive(Debug, Clone, Default)]
pub struct DepartmentChange {
    /// The full name.
    pub name: Option<String>,
    /// The short name (blank: none).
    pub short_name: Option<String>,
    /// 监督电话 (blank: none).
    pub phone: Option<String>,
    /// The sections (承办机构).
    pub units: Option<Vec<String>>,
}

/// A file to import and where it came from (for the audit log).
struct ImportFile<'a> {
    name: &'a str,
    bytes: &'a [u8],
    origin: &'a str,
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
    /// What the file has no place for and the draft keeps, with the number
    /// of items that keep it (`流程图（12 项）`).
    pub kept: Vec<String>,
    /// Codes of the items with a problem, or whose main item has one:
    /// left out by a partial import.
    pub blocked: std::collections::HashSet<String>,
    /// Whether some problem names no item (the file as a whole, a row
    /// without a code): then only a clean file is imported.
    pub unattributed: bool,
}

impl ReadUpload {
    /// The items free of problems.
    pub fn importable(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| !self.blocked.contains(&i.item_code))
    }

    /// Whether the valid rows may be imported alone: there are problems,
    /// each names its item, and some item has none.
    pub fn partial_possible(&self) -> bool {
        !self.problems.is_empty() && !self.unattributed && self.importable().next().is_some()
    }
}

/// What a partial file leaves to the draft: the parts of matched items
/// where the merged item keeps the draft's value although the file, read
/// alone, says otherwise (or nothing), counted per part.
#[derive(Debug, Default)]
struct Kept(Vec<(String, usize)>);

impl Kept {
    fn count(&mut self, read: &Item, merged: &Item) {
        let diff = data::diff::compare(
            std::slice::from_ref(read),
            std::slice::from_ref(merged),
            &[],
        );
        for label in diff.items.iter().flat_map(changed_parts) {
            match self.0.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => self.0.push((label, 1)),
            }
        }
    }

    fn labels(self) -> Vec<String> {
        self.0
            .into_iter()
            .map(|(label, n)| format!("{label}（{n} 项）"))
            .collect()
    }
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
/// would. `existing` are the draft's current items: an item whose code is
/// already there keeps its id, and takes from the draft whatever the file
/// has no table or column for (the items CSV carries no flowcharts, no
/// discretion standards), so a partial file never erases the rest.
///
/// Parsing is CPU work: the server calls it through [`read_upload_apart`].
pub fn read_upload(
    dept: &DepartmentCode,
    file_name: &str,
    bytes: &[u8],
    draft: &data::interchange::DepartmentList,
) -> ReadUpload {
    let existing = &draft.items;
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Problems that name their item, and those items.
    let mut blocked: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut attributed = 0usize;
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    let mut coverage: Option<data::sheet::Coverage> = None;
    let (format, mut items) = if first == Some(&b'{') {
        match data::interchange::parse(bytes) {
            Ok(parsed) => {
                warnings.extend(
                    parsed
                        .warnings
                        .iter()
                        .map(|w| located(String::new(), w.clone())),
                );
                warnings.extend(parsed.normalised.iter().map(|note| {
                    let (location, message) = app::text::normalised(note);
                    located(location, message)
                }));
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
                problems.extend(found.iter().map(|p| {
                    located(
                        app::text::interchange_location(p),
                        app::text::interchange_problem(p),
                    )
                }));
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
                for p in &import.problems {
                    if let Some((code, _)) = &p.item {
                        blocked.insert(code.clone());
                        attributed += 1;
                    }
                }
                problems.extend(
                    import
                        .problems
                        .iter()
                        .map(|p| located(at(p), p.to_chinese())),
                );
                warnings.extend(
                    import
                        .warnings
                        .iter()
                        .map(|p| located(at(p), p.to_chinese())),
                );
                coverage = Some(import.coverage.clone());
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
    let mut kept = Kept::default();
    let items: Vec<Item> = items
        .drain(..)
        .map(
            |mut item| match existing.iter().find(|e| e.item_code == item.item_code) {
                Some(old) => {
                    n_matched += 1;
                    item.item_id = old.item_id.clone();
                    match &coverage {
                        Some(coverage) => {
                            let merged = coverage.merge(old, item.clone());
                            kept.count(&item, &merged);
                            merged
                        }
                        None => item,
                    }
                }
                None => item,
            },
        )
        .collect();
    let mut seen_ids = std::collections::HashSet::new();
    let mut seen_codes = std::collections::HashSet::new();
    for item in &items {
        let place = format!("{}「{}」", item.item_code, item.name);
        for problem in check_item(item, dept) {
            blocked.insert(item.item_code.clone());
            attributed += 1;
            problems.push(app::workspace::ImportProblemView {
                location: place.clone(),
                message: String::new(),
                issue: Some(problem),
            });
        }
        if !seen_codes.insert(item.item_code.clone()) {
            blocked.insert(item.item_code.clone());
            attributed += 1;
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
    // A sub-item goes with its main item.
    loop {
        let more: Vec<String> = items
            .iter()
            .filter(|i| !blocked.contains(&i.item_code))
            .filter(|i| i.parent_code.as_ref().is_some_and(|p| blocked.contains(p)))
            .map(|i| i.item_code.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        blocked.extend(more);
    }
    let unattributed = problems.len() > attributed;
    ReadUpload {
        blocked,
        unattributed,
        format,
        kept: kept.labels(),
        n_main: items.iter().filter(|i| i.has_sub_items).count(),
        n_sub: items.iter().filter(|i| i.is_sub_item()).count(),
        n_matched,
        items,
        problems,
        warnings,
    }
}

/// The labels of what changed in an item: its fields, then 法律依据,
/// 流程图 and 裁量基准 as wholes.
fn changed_parts(diff: &data::diff::ItemDiff) -> Vec<String> {
    let mut parts: Vec<String> = diff.fields.iter().map(|f| f.label.clone()).collect();
    if diff.item_code.before.is_some()
        && diff.item_code.after.is_some()
        && diff.item_code.before != diff.item_code.after
    {
        parts.insert(0, app::text::field_label("item_code"));
    }
    if diff.legal_basis.is_some() {
        parts.push(app::text::field_label("legal_basis"));
    }
    if diff.flowchart.is_some() {
        parts.push(app::text::field_label("flowchart"));
    }
    if diff.discretion.is_some() {
        parts.push(app::text::field_label("discretion"));
    }
    parts.dedup();
    parts
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
        // Through the gate, though nothing is written into the draft yet:
        // a submitted or approved draft takes no upload.
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(WorkspaceError::BadRequest(format!(
                "the file is {} bytes; the limit is {MAX_IMPORT_BYTES}",
                bytes.len()
            )));
        }
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
        let draft_rev = self.content_rev(&code).await?;
        let draft = self.draft_as_list(&code, department.clone()).await?;
        let (read, draft) =
            read_upload_apart(code.clone(), file_name.clone(), bytes, draft).await?;
        let existing = draft.items;
        let comparison = data::diff::compare(&existing, &read.items, &[]);
        let changes = comparison
            .items
            .iter()
            .filter(|d| d.change != data::diff::Change::Unchanged)
            .map(|d| app::workspace::ImportChangeView {
                item_code: d
                    .item_code
                    .after
                    .clone()
                    .or_else(|| d.item_code.before.clone())
                    .unwrap_or_default(),
                name: d.name.clone(),
                change: d.change,
                fields: changed_parts(d),
            })
            .collect();
        Ok(app::workspace::ImportPreviewView {
            draft_rev,
            changes,
            n_unchanged: comparison.summary.unchanged,
            kept: read.kept.clone(),
            department,
            token: token.to_owned(),
            file_name,
            format: read.format.to_owned(),
            items: read.items.iter().map(ItemSummary::from).collect(),
            n_main: read.n_main,
            n_sub: read.n_sub,
            n_replaced: existing.len(),
            n_matched: read.n_matched,
            n_importable: read.importable().count(),
            partial: read.partial_possible(),
            problems: read.problems,
            warnings: read.warnings,
        })
    }

    /// Imports a confirmed upload into the draft; returns the number of
    /// items. `draft_rev` is the content revision the preview showed: the
    /// import is refused (409 [`WorkspaceError::Changed`]) when the draft
    /// moved on since, as the preview no longer says what it would do.
    pub async fn commit_upload(
        &self,
        caller: &Caller,
        dept: &str,
        token: &str,
        draft_rev: i64,
    ) -> Result<usize> {
        self.commit_upload_as(caller, dept, token, draft_rev, false)
            .await
    }

    /// [`Editing::commit_upload`]; with `partial`, a file with problems
    /// puts its valid rows into the draft and lists the problems of the
    /// others on it, which then blocks submission until they are marked as
    /// dealt with ([`Editing::clear_open_problems`]).
    pub async fn commit_upload_as(
        &self,
        caller: &Caller,
        dept: &str,
        token: &str,
        draft_rev: i64,
        partial: bool,
    ) -> Result<usize> {
        let (session, department, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let code = write.code().clone();
        let (file_name, bytes) = self.pending(&code, token).await?;
        let n = self
            .import_into(
                &session.principal,
                department,
                write.expecting(draft_rev),
                ImportFile {
                    name: &file_name,
                    bytes: &bytes,
                    origin: "uploaded",
                },
                partial,
            )
            .await?;
        self.store.drop_pending_import(token).await?;
        Ok(n)
    }

    /// Marks the problems a partial import left on the draft as dealt with
    /// (an editor of the department, through the draft guard, audited).
    pub async fn clear_open_problems(&self, caller: &Caller, dept: &str) -> Result<bool> {
        let (session, _, write) = self.gate(caller, dept, DraftChange::Items).await?;
        let audit = AuditEntry::new(session.principal.name.as_str(), "import.problems_cleared")
            .department(write.code().as_str());
        Ok(self.store.clear_open_problems(&write, audit).await?)
    }

    /// Replaces the draft's items with a file's, in one transaction, when
    /// the file has no problems: `sunlit import --department`, as
    /// `principal` (a named account, or the console operator); `origin`
    /// goes into the audit log (the operating-system user).
    pub async fn import_file(
        &self,
        principal: &Principal,
        code: &DepartmentCode,
        file_name: &str,
        bytes: &[u8],
        origin: &str,
    ) -> Result<usize> {
        let (department, write) = self.gate_local(principal, code, DraftChange::Items).await?;
        let file = ImportFile {
            name: file_name,
            bytes,
            origin,
        };
        self.import_into(principal, department, write, file, false)
            .await
    }

    async fn import_into(
        &self,
        principal: &Principal,
        department: Department,
        write: DraftWrite,
        file: ImportFile<'_>,
        partial: bool,
    ) -> Result<usize> {
        let ImportFile {
            name: file_name,
            bytes,
            origin,
        } = file;
        let code = write.code().clone();
        let draft = self.draft_as_list(&code, department).await?;
        let (read, draft) =
            read_upload_apart(code.clone(), file_name.to_owned(), bytes.to_vec(), draft).await?;
        let existing = draft.items;
        let (items, open_problems): (Vec<Item>, Option<String>) = if read.problems.is_empty() {
            (read.items.clone(), None)
        } else if partial && read.partial_possible() {
            (
                read.importable().cloned().collect(),
                Some(serde_json::to_string(&read.problems).map_err(internal)?),
            )
        } else {
            return Err(WorkspaceError::ImportRefused(read.problems));
        };
        let rows = items
            .iter()
            .map(draft_row)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let n = rows.len();
        let comparison = data::diff::compare(&existing, &items, &[]);
        let audit = AuditEntry::new(principal.name.as_str(), "import")
            .department(code.as_str())
            .detail(format!(
                "{file_name} ({origin}): {n} items ({}), replacing {}: {} added, {} removed, {} changed, {} unchanged",
                read.format,
                existing.len(),
                comparison.summary.added,
                comparison.summary.removed,
                comparison.summary.changed,
                comparison.summary.unchanged,
            ));
        let audit = match (&open_problems, audit.detail.clone()) {
            (Some(_), Some(detail)) => audit.detail(format!(
                "{detail}; {} rows with {} problems left out and listed on the draft",
                read.items.len() - n,
                read.problems.len()
            )),
            _ => audit,
        };
        self.store
            .replace_draft_items_leaving(&write, rows, open_problems, audit)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{ExportFormat, render};

    fn demo_lists() -> Vec<data::interchange::DepartmentList> {
        let mut text = crate::demo::FILES.map(|(_, t)| t).to_vec();
        text.push(include_str!("../../data/demo/sample_city.json"));
        text.iter()
            .flat_map(|t| {
                data::interchange::parse(t.as_bytes())
                    .map(|p| p.lists)
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect()
    }

    /// Every download format, read back over the list it came from, gives
    /// the same items: nothing changed, nothing lost (the items CSV has no
    /// flowcharts or discretion; they stay).
    #[test]
    fn every_export_reads_back_over_its_list_unchanged() {
        let lists = demo_lists();
        assert_eq!(lists.len(), 5);
        for list in &lists {
            let code = &list.department.dept_code;
            for format in [
                ExportFormat::Json,
                ExportFormat::Xlsx,
                ExportFormat::CsvZip,
                ExportFormat::Csv,
            ] {
                let bytes = render(list, None, format).unwrap_or_else(|e| panic!("{e}"));
                let name = format!("{code}.{}", format.extension());
                let read = read_upload(code, &name, &bytes, list);
                assert_eq!(read.problems, vec![], "{name}");
                let diff = data::diff::compare(&list.items, &read.items, &[]);
                let changed: Vec<String> = diff
                    .items
                    .iter()
                    .map(|d| format!("{} {:?}", d.name, d.changed_paths()))
                    .collect();
                assert_eq!(changed, Vec::<String>::new(), "{name}");
                assert_eq!(read.items, list.items, "{name}");
                assert_eq!(
                    read.kept.is_empty(),
                    format != ExportFormat::Csv,
                    "{name}: {:?}",
                    read.kept
                );
            }
        }
    }

    /// An edit in the items CSV comes through, and only it: the flowchart
    /// and the discretion of the edited item stay.
    #[test]
    fn an_edit_in_the_items_csv_changes_only_that() {
        let lists = demo_lists();
        let list = lists
            .iter()
            .find(|l| l.department.dept_code.as_str() == "SJ")
            .unwrap_or_else(|| panic!("no SJ"));
        let csv = String::from_utf8(data::sheet::to_csv(list)).unwrap_or_else(|e| panic!("{e}"));
        let target = list
            .items
            .iter()
            .find(|i| i.flowchart.is_some() && i.discretion.is_some())
            .unwrap_or_else(|| panic!("no item with both"));
        let edited = csv.replacen(&target.name, &format!("{}（试行）", target.name), 1);
        let read = read_upload(
            &list.department.dept_code,
            "清单.csv",
            edited.as_bytes(),
            list,
        );
        assert_eq!(read.problems, vec![]);
        let diff = data::diff::compare(&list.items, &read.items, &[]);
        let paths: Vec<(String, Vec<String>)> = diff
            .items
            .iter()
            .map(|d| (d.item_id.to_string(), d.changed_paths()))
            .collect();
        assert_eq!(
            paths,
            [(target.item_id.to_string(), vec!["name".to_owned()])]
        );
    }
}
