//! The one gate every writer of a draft passes.
//!
//! Items saved, created, duplicated, deleted or moved, adjustment records,
//! uploads and their confirmation, `sunlit import --department`: each asks
//! [`Editing::gate`] (a web request: session → CSRF token → permission) or
//! [`Editing::gate_local`] (the command line, acting as a named account or
//! as the console operator) for a [`DraftWrite`]. Only this module can make
//! one, and every store method that changes a draft takes one: the store
//! runs its check — the review state is editable, the draft exists and, when
//! the writer asked, its content is still at the revision the writer saw —
//! inside the write's own transaction, bumps the draft's content revision
//! and records the writer among the draft's editors (who may then not
//! approve it). A submitted or approved draft therefore changes by no route
//! and no race; the early check here only makes the refusal quick.

use app::workspace::{Caller, WorkspaceError};
use data::DepartmentCode;
use data::account::{Action, Principal};
use data::review::ReviewState;
use data::version::Department;

use crate::accounts::Session;
use crate::workspace::{Editing, Mutation};

type Result<T> = std::result::Result<T, WorkspaceError>;

/// What a writer changes, for the permission it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftChange {
    /// Items: fields, flowcharts, discretion, order, imports.
    Items,
    /// The adjustment records (调整记录) that go with the submission.
    Adjustments,
}

/// A checked right to change one department's draft, carried into the
/// store's transaction, which checks the draft's state again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftWrite {
    code: DepartmentCode,
    actor: String,
    expected_content: Option<i64>,
}

impl DraftWrite {
    /// The department whose draft is written.
    pub fn code(&self) -> &DepartmentCode {
        &self.code
    }

    /// The department's code as text.
    pub fn dept(&self) -> &str {
        self.code.as_str()
    }

    /// Who writes (recorded among the draft's editors).
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The content revision the write requires, if any.
    pub fn expected_content(&self) -> Option<i64> {
        self.expected_content
    }

    /// The same right, valid only while the draft's content is still at
    /// `content_rev` (a preview confirmed, a page that showed the draft).
    pub fn expecting(mut self, content_rev: i64) -> Self {
        self.expected_content = Some(content_rev);
        self
    }

    /// The review states in which a draft takes changes, by their stored
    /// names (bound into the store's check).
    pub fn editable_states() -> Vec<String> {
        ReviewState::ALL
            .into_iter()
            .filter(|s| s.editable())
            .map(ReviewState::as_str)
            .map(str::to_owned)
            .collect()
    }
}

fn may(principal: &Principal, code: &DepartmentCode, change: DraftChange) -> bool {
    match change {
        DraftChange::Items => principal.may(Action::EditDraft(code)),
        DraftChange::Adjustments => principal.may(Action::Submit(code)),
    }
}

impl Editing {
    /// The gate for a web request: the session, its CSRF token, the
    /// permission for `change`, the draft opened if need be, and the
    /// review state (409 [`WorkspaceError::Locked`] once submitted).
    pub(crate) async fn gate(
        &self,
        caller: &Caller,
        dept: &str,
        change: DraftChange,
    ) -> Result<(Session, Department, DraftWrite)> {
        let (code, department) = self.department(dept).await?;
        let session = self
            .authorize(caller, Mutation::Yes, |p| may(p, &code, change))
            .await?;
        let write = self.open_draft(&session.principal, &code, change).await?;
        Ok((session, department, write))
    }

    /// The gate for a principal already established (the command line).
    pub(crate) async fn gate_local(
        &self,
        principal: &Principal,
        code: &DepartmentCode,
        change: DraftChange,
    ) -> Result<(Department, DraftWrite)> {
        let (_, department) = self.department(code.as_str()).await?;
        let write = self.open_draft(principal, code, change).await?;
        Ok((department, write))
    }

    /// The permission, the draft opened if need be, and its review state,
    /// for a department known to exist.
    async fn open_draft(
        &self,
        principal: &Principal,
        code: &DepartmentCode,
        change: DraftChange,
    ) -> Result<DraftWrite> {
        if !may(principal, code, change) {
            return Err(WorkspaceError::Forbidden);
        }
        self.ensure_draft(code, principal).await?;
        if !self.review_state(code).await?.editable() {
            return Err(WorkspaceError::Locked);
        }
        Ok(DraftWrite {
            code: code.clone(),
            actor: principal.name.to_string(),
            expected_content: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_and_returned_drafts_take_changes() {
        assert_eq!(DraftWrite::editable_states(), ["editing", "returned"]);
    }
}
