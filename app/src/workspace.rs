//! The editing side: view types, the `Workspace` service the server
//! provides (accounts, drafts, audit), and the server functions that adapt
//! it for the editor pages.
//!
//! Every mutating server function takes the session's CSRF token as an
//! argument and the session from the `HttpOnly` cookie; the service checks
//! both, then the permission rules of `data::account`.

use std::sync::Arc;

use data::Item;
use data::account::Role;
use data::catalog::ItemSummary;
use data::editing::FieldProblem;
use data::version::Department;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json, JsonEncoding};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The signed-in user, as pages need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Departments whose drafts this user may edit (code and name).
    pub departments: Vec<(String, String)>,
    /// The token to send with every change.
    pub csrf: String,
}

/// One row of a draft's item list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftRow {
    /// The item as a list row.
    pub summary: ItemSummary,
    /// Its revision number.
    pub rev: i64,
    /// Who saved it last.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

/// A department's draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    /// The department.
    pub department: Department,
    /// The published version the draft started from.
    pub base_version: Option<String>,
    /// The items, in list order.
    pub items: Vec<DraftRow>,
    /// Problems of rows an import left out; while there are any, the draft
    /// is not submitted.
    #[serde(default)]
    pub open_problems: Vec<ImportProblemView>,
}

/// One draft item, for the item form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftItemView {
    /// The department.
    pub department: Department,
    /// The item.
    pub item: Item,
    /// Its revision number (send it back with the save).
    pub rev: i64,
    /// Who saved it last.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
    /// Codes and names of the draft's main items, for the parent choice.
    pub main_items: Vec<(String, String)>,
}

/// Someone else saved the item first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Their version of the item.
    pub theirs: Item,
    /// Their revision number.
    pub rev: i64,
    /// Who saved it.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
}

/// One audit log row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRowView {
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Department.
    pub dept_code: Option<String>,
    /// Item.
    pub item_id: Option<String>,
    /// Content hash before.
    pub before: Option<String>,
    /// Content hash after.
    pub after: Option<String>,
    /// Detail.
    pub detail: Option<String>,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// Rows, newest first.
    pub rows: Vec<AuditRowView>,
    /// Rows matching in all.
    pub total: i64,
    /// The page shown (1-based).
    pub page: usize,
    /// Rows per page.
    pub per_page: usize,
}

/// Which audit rows to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Department code.
    pub department: Option<String>,
    /// Item id.
    pub item: Option<String>,
    /// User name.
    pub user: Option<String>,
    /// Page (1-based).
    pub page: Option<usize>,
}

/// One problem found in an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblemView {
    /// Where: `事项!C5 (事项编码)`, `items[3].name`, or the item's code and field.
    pub location: String,
    /// What, as the reader found it (for field checks: empty, see `issue`).
    pub message: String,
    /// A field check of the editor, when the problem is one.
    pub issue: Option<FieldProblem>,
}

/// What an uploaded file would put into the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreviewView {
    /// The department.
    pub department: Department,
    /// The token of the upload (to confirm it).
    pub token: String,
    /// The file's name.
    pub file_name: String,
    /// What the file is: `XLSX`, `CSV（GBK）`, `JSON` …
    pub format: String,
    /// The items found, as list rows (main items followed by their sub-items).
    pub items: Vec<ItemSummary>,
    /// How many are main items with sub-items.
    pub n_main: usize,
    /// How many are sub-items.
    pub n_sub: usize,
    /// Items free of problems (neither they nor their main item has one):
    /// what importing only the valid rows would take.
    #[serde(default)]
    pub n_importable: usize,
    /// Whether the editor may import the valid rows and keep the problems
    /// of the others listed on the draft (every problem names its item).
    #[serde(default)]
    pub partial: bool,
    /// Items of the draft that the import replaces.
    pub n_replaced: usize,
    /// Items that keep their identity because their code is already in the draft.
    pub n_matched: usize,
    /// Problems; any problem means nothing can be imported.
    pub problems: Vec<ImportProblemView>,
    /// Things worth knowing that do not stop the import.
    pub warnings: Vec<ImportProblemView>,
    /// The draft's content revision the preview was worked out against;
    /// confirming is refused once the draft has moved past it.
    pub draft_rev: i64,
    /// What the import does to the draft, item by item (added, removed,
    /// changed with the fields), in list order, removed ones last.
    pub changes: Vec<ImportChangeView>,
    /// Items the import leaves exactly as they are.
    pub n_unchanged: usize,
    /// What the file has no columns or tables for, kept from the draft
    /// (labels such as 流程图, 裁量基准); empty when the file carries all.
    pub kept: Vec<String>,
}

/// One item an import changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportChangeView {
    /// Its code (the new one; the old one for removed items).
    pub item_code: String,
    /// Its name.
    pub name: String,
    /// Added, removed or changed.
    pub change: data::diff::Change,
    /// The labels of the changed parts, for changed items.
    pub fields: Vec<String>,
}

/// Why an editing request failed, as the UI needs to tell it apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum WorkspaceError {
    /// Not signed in, or the session expired (HTTP 401).
    #[error("not signed in")]
    SignedOut,
    /// Signed in but not allowed (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    /// The CSRF token is missing or wrong (HTTP 403).
    #[error("missing or wrong CSRF token")]
    Csrf,
    /// No such department, draft or item (HTTP 404).
    #[error("not found: {0}")]
    NotFound(String),
    /// Someone saved first (HTTP 409).
    #[error("conflict")]
    Conflict(Box<Conflict>),
    /// The item has field problems (HTTP 422).
    #[error("invalid item")]
    Invalid(Vec<FieldProblem>),
    /// A main item cannot be deleted while it has sub-items (HTTP 400).
    #[error("the item has sub-items")]
    HasSubItems,
    /// An import was refused for these problems; nothing was written (HTTP 422).
    #[error("import refused")]
    ImportRefused(Vec<ImportProblemView>),
    /// The request is malformed (HTTP 400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Rows an import left out still have problems; the draft is not
    /// submitted until they are dealt with (HTTP 409).
    #[error("{0} import problems are open")]
    ProblemsOpen(usize),
    /// A department with this code exists already (HTTP 409).
    #[error("department `{0}` exists")]
    DepartmentExists(String),
    /// The draft is under review or approved and cannot be changed (HTTP 409).
    #[error("the draft is under review")]
    Locked,
    /// The draft changed since the caller read it (a stale preview or
    /// review page, or a write that raced another); nothing was written
    /// (HTTP 409).
    #[error("the draft changed meanwhile")]
    Changed,
    /// Separation of duties (审批分离): whoever edited or submitted a draft
    /// does not approve it, and whoever approved it does not publish it
    /// (HTTP 403).
    #[error("separation of duties: {0:?}")]
    OwnWork(OwnWork),
    /// The draft is not what the review approved, so it is not published
    /// (HTTP 409).
    #[error("not as approved: {0:?}")]
    NotAsApproved(NotAsApproved),
    /// The review step does not follow from the draft's state (HTTP 409).
    #[error("wrong review state: {0}")]
    WrongState(String),
    /// Changes of the draft no adjustment record with a reason covers (HTTP 422).
    #[error("changes without adjustment records")]
    Uncovered(Vec<data::review::Uncovered>),
    /// Something failed on the server; the cause is in the server log.
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, decoding).
    #[error("request failed: {0}")]
    Transport(String),
}

/// Which rule of the separation of duties a step broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnWork {
    /// The approver edited the draft or submitted it.
    ApproveOwnDraft,
    /// The publisher approved the draft.
    PublishOwnApproval,
}

/// Why a draft is not published as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotAsApproved {
    /// It no longer hashes to the content that was approved.
    ContentChanged,
    /// These many changes have no adjustment record with a reason.
    Uncovered(usize),
    /// The content the reviewer was shown is not the draft's now.
    ReviewedOther,
}

impl WorkspaceError {
    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        match self {
            WorkspaceError::SignedOut => 401,
            WorkspaceError::Forbidden | WorkspaceError::Csrf => 403,
            WorkspaceError::NotFound(_) => 404,
            WorkspaceError::OwnWork(_) => 403,
            WorkspaceError::Conflict(_)
            | WorkspaceError::Locked
            | WorkspaceError::Changed
            | WorkspaceError::NotAsApproved(_)
            | WorkspaceError::DepartmentExists(_)
            | WorkspaceError::ProblemsOpen(_)
            | WorkspaceError::WrongState(_) => 409,
            WorkspaceError::Invalid(_)
            | WorkspaceError::ImportRefused(_)
            | WorkspaceError::Uncovered(_) => 422,
            WorkspaceError::BadRequest(_) | WorkspaceError::HasSubItems => 400,
            WorkspaceError::Internal | WorkspaceError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for WorkspaceError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match crate::error::malformed_request(&value) {
            Some(message) => WorkspaceError::BadRequest(message),
            None => WorkspaceError::Transport(value.to_string()),
        }
    }
}

/// A boxed future, so that `Workspace` can be a trait object.
pub type WorkspaceFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, WorkspaceError>> + Send + 'a>>;

/// Who is calling: the session cookie's token and the CSRF token sent along.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caller {
    /// The session token from the cookie.
    pub token: Option<String>,
    /// The CSRF token from the request (mutations only).
    pub csrf: Option<String>,
}

/// Editing services; the server implements it over its store.
pub trait Workspace: Send + Sync {
    /// The signed-in user, if any.
    fn me(&self, caller: Caller) -> WorkspaceFuture<'_, Option<Me>>;
    /// A department's draft (opened from the current version on first use by an editor).
    fn draft(&self, caller: Caller, dept: String) -> WorkspaceFuture<'_, DraftView>;
    /// One draft item.
    fn draft_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
    ) -> WorkspaceFuture<'_, DraftItemView>;
    /// Saves an item that was at revision `rev`; returns the new revision.
    fn save_item(
        &self,
        caller: Caller,
        dept: String,
        item: Item,
        rev: i64,
    ) -> WorkspaceFuture<'_, i64>;
    /// Adds a new, empty item; returns its id.
    fn create_item(
        &self,
        caller: Caller,
        dept: String,
        name: String,
    ) -> WorkspaceFuture<'_, String>;
    /// Copies an item right after itself; returns the new id.
    fn duplicate_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
    ) -> WorkspaceFuture<'_, String>;
    /// Deletes an item that was at revision `rev`.
    fn delete_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
        rev: i64,
    ) -> WorkspaceFuture<'_, ()>;
    /// Moves an item one place up (`-1`) or down (`1`) among its siblings.
    fn move_item(
        &self,
        caller: Caller,
        dept: String,
        item_id: String,
        step: i32,
    ) -> WorkspaceFuture<'_, ()>;
    /// A page of the audit log (admins).
    fn audit(&self, caller: Caller, query: AuditQuery) -> WorkspaceFuture<'_, AuditView>;
    /// Every department, as stored, for the admin page.
    fn admin_departments(
        &self,
        caller: Caller,
    ) -> WorkspaceFuture<'_, Vec<data::version::Department>>;
    /// The preview of an uploaded file.
    fn import_preview(
        &self,
        caller: Caller,
        dept: String,
        token: String,
    ) -> WorkspaceFuture<'_, ImportPreviewView>;
}

/// The workspace service, as provided in the Leptos context by the server.
#[derive(Clone)]
pub struct WorkspaceHandle(pub Arc<dyn Workspace>);

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;

    /// The session cookie's name (the server sets it).
    pub const SESSION_COOKIE: &str = "sunlit_session";

    pub fn workspace() -> Result<Arc<dyn Workspace>, WorkspaceError> {
        use_context::<WorkspaceHandle>()
            .map(|h| h.0)
            .ok_or(WorkspaceError::Internal)
    }

    /// The caller of the current request.
    pub fn caller(csrf: Option<String>) -> Caller {
        let token = use_context::<http::request::Parts>().and_then(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .find(|(name, _)| *name == SESSION_COOKIE)
                .map(|(_, value)| value.trim().to_owned())
        });
        Caller { token, csrf }
    }

    /// Sets the response status of a failed call, so clients (and tests)
    /// see 401/403/409/422 rather than a generic 500.
    pub fn status<T>(result: Result<T, WorkspaceError>) -> Result<T, WorkspaceError> {
        if let Err(e) = &result
            && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(code) = http::StatusCode::from_u16(e.status())
        {
            options.set_status(code);
        }
        result
    }
}

#[cfg(feature = "ssr")]
use ssr::workspace;
#[cfg(feature = "ssr")]
pub(crate) use ssr::{caller, status};

/// The signed-in user, if any.
#[server(prefix = "/api/ui", endpoint = "me", input = GetUrl)]
pub async fn get_me() -> Result<Option<Me>, WorkspaceError> {
    status(workspace()?.me(caller(None)).await)
}

/// A department's draft.
#[server(prefix = "/api/ui", endpoint = "draft", input = GetUrl)]
pub async fn get_draft(dept: String) -> Result<DraftView, WorkspaceError> {
    status(workspace()?.draft(caller(None), dept).await)
}

/// One draft item.
#[server(prefix = "/api/ui", endpoint = "draft_item", input = GetUrl)]
pub async fn get_draft_item(
    dept: String,
    item_id: String,
) -> Result<DraftItemView, WorkspaceError> {
    status(workspace()?.draft_item(caller(None), dept, item_id).await)
}

/// Saves a draft item.
#[server(prefix = "/api/ui", endpoint = "save_item", input = Json)]
pub async fn save_item(
    csrf: String,
    dept: String,
    item: Item,
    rev: i64,
) -> Result<i64, WorkspaceError> {
    status(
        workspace()?
            .save_item(caller(Some(csrf)), dept, item, rev)
            .await,
    )
}

/// Adds an item to a draft.
#[server(prefix = "/api/ui", endpoint = "create_item")]
pub async fn create_item(
    csrf: String,
    dept: String,
    name: String,
) -> Result<String, WorkspaceError> {
    status(
        workspace()?
            .create_item(caller(Some(csrf)), dept, name)
            .await,
    )
}

/// Duplicates a draft item.
#[server(prefix = "/api/ui", endpoint = "duplicate_item")]
pub async fn duplicate_item(
    csrf: String,
    dept: String,
    item_id: String,
) -> Result<String, WorkspaceError> {
    status(
        workspace()?
            .duplicate_item(caller(Some(csrf)), dept, item_id)
            .await,
    )
}

/// Deletes a draft item.
#[server(prefix = "/api/ui", endpoint = "delete_item")]
pub async fn delete_item(
    csrf: String,
    dept: String,
    item_id: String,
    rev: i64,
) -> Result<(), WorkspaceError> {
    status(
        workspace()?
            .delete_item(caller(Some(csrf)), dept, item_id, rev)
            .await,
    )
}

/// Moves a draft item among its siblings.
#[server(prefix = "/api/ui", endpoint = "move_item")]
pub async fn move_item(
    csrf: String,
    dept: String,
    item_id: String,
    step: i32,
) -> Result<(), WorkspaceError> {
    status(
        workspace()?
            .move_item(caller(Some(csrf)), dept, item_id, step)
            .await,
    )
}

/// A page of the audit log.
#[server(prefix = "/api/ui", endpoint = "audit", input = GetUrl)]
pub async fn get_audit(
    department: Option<String>,
    item: Option<String>,
    user: Option<String>,
    page: Option<usize>,
) -> Result<AuditView, WorkspaceError> {
    let query = AuditQuery {
        department,
        item,
        user,
        page,
    };
    status(workspace()?.audit(caller(None), query).await)
}

/// Every department (admins).
#[server(prefix = "/api/ui", endpoint = "admin_departments", input = GetUrl)]
pub async fn get_admin_departments() -> Result<Vec<data::version::Department>, WorkspaceError> {
    status(workspace()?.admin_departments(caller(None)).await)
}

/// The preview of an uploaded file.
#[server(prefix = "/api/ui", endpoint = "import_preview", input = GetUrl)]
pub async fn get_import_preview(
    dept: String,
    token: String,
) -> Result<ImportPreviewView, WorkspaceError> {
    status(workspace()?.import_preview(caller(None), dept, token).await)
}
