//! The review workflow of a draft: view types, the `Review` service the
//! server provides, the server functions that adapt it, and the page
//! `/edit/:code/review` where the editor records adjustments and submits,
//! the reviewer comments, returns or approves, and the publisher publishes.
//!
//! Every mutating server function takes the session's CSRF token; the
//! service checks session, token and permission (`data::account`) and the
//! workflow's state (`data::review`).

mod consultation;
mod page;

use std::sync::Arc;

use data::diff::{ItemDiff, Summary};
use data::review::{ReviewState, Uncovered};
use data::version::{Adjustment, Department, ProcessStep};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

pub use consultation::ConsultationPage;
pub use page::ReviewPage;

use crate::compare::ChartDiffView;
use crate::workspace::{WorkspaceError, WorkspaceFuture};

/// A reviewer's comment on the draft, an item of it, or one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewComment {
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// The submission round it belongs to (1 for the first submission).
    pub round: u32,
    /// The item, when the comment is about one.
    pub item_id: Option<String>,
    /// The field's interchange path or label, when about one field.
    pub field: Option<String>,
    /// The comment.
    pub text: String,
}

/// A comment from the public on a draft open for comments (征求意见).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComment {
    /// Its key (to answer it).
    pub key: String,
    /// The item, when about one.
    pub item_id: Option<String>,
    /// The field's label, when about one.
    pub field: Option<String>,
    /// The name the commenter gave.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// The comment.
    pub text: String,
    /// The department's answer.
    pub answer: Option<String>,
}

/// The public page of a draft open for comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsultationView {
    /// The department.
    pub department: Department,
    /// The last day comments are taken (`YYYY-MM-DD`).
    pub until: String,
    /// Whether comments are taken today.
    pub open: bool,
    /// The published version the draft changes.
    pub base_version: Option<String>,
    /// Counts of the draft against that version.
    pub summary: Summary,
    /// The changed items.
    pub items: Vec<ItemDiff>,
    /// Their drawn flowchart comparisons.
    pub charts: Vec<ChartDiffView>,
    /// The adjustment records (reasons) of the draft.
    pub adjustments: Vec<Adjustment>,
    /// Comments so far, with answers, oldest first.
    pub comments: Vec<PublicComment>,
}

/// What the review page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    /// The department.
    pub department: Department,
    /// Where the draft stands.
    pub state: ReviewState,
    /// The published version the draft is compared with.
    pub base_version: Option<String>,
    /// The adjustment records saved with the draft.
    pub adjustments: Vec<Adjustment>,
    /// Proposed records for changes no saved record covers.
    pub proposals: Vec<Adjustment>,
    /// Saved records that explain no change any more (the edit was taken
    /// back); submitting drops them.
    pub stale: Vec<String>,
    /// Changes no record with a reason covers yet.
    pub uncovered: Vec<Uncovered>,
    /// Counts of the comparison draft ↔ base version.
    pub summary: Summary,
    /// The changed items of the draft.
    pub items: Vec<ItemDiff>,
    /// Drawn flowchart comparisons.
    pub charts: Vec<ChartDiffView>,
    /// Reviewers' comments, oldest first.
    pub comments: Vec<ReviewComment>,
    /// The approval trail so far.
    pub trail: Vec<ProcessStep>,
    /// Whether the caller may change the adjustments and submit.
    pub may_submit: bool,
    /// Whether the caller may comment, return and approve.
    pub may_review: bool,
    /// Whether the caller would review their own work (they edited or
    /// submitted the draft), which the separation of duties forbids.
    pub own_work: bool,
    /// The hash of the draft's content as shown (items and adjustment
    /// records, `data::review::content_hash`); an approval names it, and
    /// is refused when the draft is no longer this content.
    pub content_hash: String,
    /// Whether the caller may publish.
    pub may_publish: bool,
    /// The last day of the public-comment period, when one was opened.
    pub consultation_until: Option<String>,
    /// Whether the caller may open a public-comment period and answer
    /// comments (the department's editor or an admin, once submitted).
    pub may_consult: bool,
    /// Comments from the public, with answers.
    pub public_comments: Vec<PublicComment>,
}

/// What a publication needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishRequest {
    /// The new version's id, e.g. `v2025.2`.
    pub version_id: String,
    /// Its title.
    pub label: String,
    /// 施行日期 (`YYYY-MM-DD`).
    pub effective_date: String,
    /// 文号 of the publishing document.
    pub doc_no: String,
}

/// The review workflow; the server implements it over its store.
pub trait Review: Send + Sync {
    /// The draft's review: comparison, adjustments, comments, trail.
    fn review(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
    ) -> WorkspaceFuture<'_, ReviewView>;
    /// Replaces the draft's adjustment records (editor, while editable).
    fn save_adjustments(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        adjustments: Vec<Adjustment>,
    ) -> WorkspaceFuture<'_, ()>;
    /// Submits the draft for review (editor).
    fn submit(&self, caller: crate::workspace::Caller, dept: String) -> WorkspaceFuture<'_, ()>;
    /// Adds a comment (reviewer, while submitted).
    fn comment(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        item_id: Option<String>,
        field: Option<String>,
        text: String,
    ) -> WorkspaceFuture<'_, ()>;
    /// Returns the draft to the department (reviewer).
    fn return_draft(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        opinion: String,
    ) -> WorkspaceFuture<'_, ()>;
    /// Approves the draft (reviewer), as the content hashing to
    /// `content_hash` that the reviewer was shown.
    fn approve(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        opinion: String,
        content_hash: String,
    ) -> WorkspaceFuture<'_, ()>;
    /// Publishes the approved draft as a new version; returns its id.
    fn publish(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        request: PublishRequest,
    ) -> WorkspaceFuture<'_, String>;
    /// Opens the submitted draft for public comments until `until`
    /// (`YYYY-MM-DD`, inclusive).
    fn open_consultation(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        until: String,
    ) -> WorkspaceFuture<'_, ()>;
    /// The department answers a public comment.
    fn answer_comment(
        &self,
        caller: crate::workspace::Caller,
        dept: String,
        key: String,
        answer: String,
    ) -> WorkspaceFuture<'_, ()>;
    /// The public page of a draft open for comments (no account needed).
    /// Comments are posted as a plain form to the page's address.
    fn consultation(&self, dept: String) -> WorkspaceFuture<'_, ConsultationView>;
}

/// A comment from the public, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    /// The department.
    pub dept: String,
    /// The item.
    pub item_id: Option<String>,
    /// The field's label.
    pub field: Option<String>,
    /// The commenter's name (optional).
    pub author: String,
    /// The comment.
    pub text: String,
}

/// The review service, as provided in the Leptos context by the server.
#[derive(Clone)]
pub struct ReviewHandle(pub Arc<dyn Review>);

#[cfg(feature = "ssr")]
fn review() -> Result<Arc<dyn Review>, WorkspaceError> {
    use_context::<ReviewHandle>()
        .map(|h| h.0)
        .ok_or(WorkspaceError::Internal)
}

#[cfg(feature = "ssr")]
use crate::workspace::{caller, status};

/// The draft's review.
#[server(prefix = "/api/ui", endpoint = "review", input = GetUrl)]
pub async fn get_review(dept: String) -> Result<ReviewView, WorkspaceError> {
    status(review()?.review(caller(None), dept).await)
}

/// Saves the draft's adjustment records.
#[server(prefix = "/api/ui", endpoint = "save_adjustments", input = Json)]
pub async fn save_adjustments(
    csrf: String,
    dept: String,
    adjustments: Vec<Adjustment>,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .save_adjustments(caller(Some(csrf)), dept, adjustments)
            .await,
    )
}

/// Submits the draft for review.
#[server(prefix = "/api/ui", endpoint = "submit_draft")]
pub async fn submit_draft(csrf: String, dept: String) -> Result<(), WorkspaceError> {
    status(review()?.submit(caller(Some(csrf)), dept).await)
}

/// Comments on the submitted draft.
#[server(prefix = "/api/ui", endpoint = "comment_draft")]
pub async fn comment_draft(
    csrf: String,
    dept: String,
    item_id: Option<String>,
    field: Option<String>,
    text: String,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .comment(caller(Some(csrf)), dept, item_id, field, text)
            .await,
    )
}

/// Returns the draft to the department.
#[server(prefix = "/api/ui", endpoint = "return_draft")]
pub async fn return_draft(
    csrf: String,
    dept: String,
    opinion: String,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .return_draft(caller(Some(csrf)), dept, opinion)
            .await,
    )
}

/// Approves the draft as the content the reviewer was shown.
#[server(prefix = "/api/ui", endpoint = "approve_draft")]
pub async fn approve_draft(
    csrf: String,
    dept: String,
    opinion: String,
    content_hash: String,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .approve(caller(Some(csrf)), dept, opinion, content_hash)
            .await,
    )
}

/// Opens the submitted draft for public comments.
#[server(prefix = "/api/ui", endpoint = "open_consultation")]
pub async fn open_consultation(
    csrf: String,
    dept: String,
    until: String,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .open_consultation(caller(Some(csrf)), dept, until)
            .await,
    )
}

/// Answers a public comment.
#[server(prefix = "/api/ui", endpoint = "answer_comment")]
pub async fn answer_comment(
    csrf: String,
    dept: String,
    key: String,
    answer: String,
) -> Result<(), WorkspaceError> {
    status(
        review()?
            .answer_comment(caller(Some(csrf)), dept, key, answer)
            .await,
    )
}

/// The public page of a draft open for comments.
#[server(prefix = "/api/ui", endpoint = "consultation", input = GetUrl)]
pub async fn get_consultation(dept: String) -> Result<ConsultationView, WorkspaceError> {
    status(review()?.consultation(dept).await)
}

/// Publishes the approved draft.
#[server(prefix = "/api/ui", endpoint = "publish_draft", input = Json)]
pub async fn publish_draft(
    csrf: String,
    dept: String,
    request: PublishRequest,
) -> Result<String, WorkspaceError> {
    status(review()?.publish(caller(Some(csrf)), dept, request).await)
}
