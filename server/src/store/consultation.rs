//! Public comments on a draft during its public-comment period (征求意见):
//! anyone may comment on an item (and one of its fields) of a draft that is
//! open for comments; the department answers. The period itself is part of
//! the draft's `review` row; publishing closes the comments under the new
//! version's id.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::AuditEntry;
use super::{Result, Store};

pub(super) const SCHEMA: &str = r#"
DEFINE FIELD IF NOT EXISTS consultation_until ON review TYPE option<string>;
DEFINE FIELD IF NOT EXISTS open_comments ON review TYPE option<int>;
DEFINE TABLE IF NOT EXISTS public_comment SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS dept_code ON public_comment TYPE string;
DEFINE FIELD IF NOT EXISTS item_id ON public_comment TYPE option<string>;
DEFINE FIELD IF NOT EXISTS field ON public_comment TYPE option<string>;
DEFINE FIELD IF NOT EXISTS author ON public_comment TYPE string;
DEFINE FIELD IF NOT EXISTS text ON public_comment TYPE string;
DEFINE FIELD IF NOT EXISTS at ON public_comment TYPE datetime DEFAULT time::now();
DEFINE FIELD IF NOT EXISTS answer ON public_comment TYPE option<string>;
DEFINE FIELD IF NOT EXISTS answered_by ON public_comment TYPE option<string>;
DEFINE FIELD IF NOT EXISTS closed_in ON public_comment TYPE option<string>;
DEFINE INDEX IF NOT EXISTS public_comment_dept ON public_comment FIELDS dept_code, closed_in;
"#;

/// A new public comment.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct NewPublicComment {
    /// The department whose draft it is about.
    pub dept_code: String,
    /// The item, if about one.
    pub item_id: Option<String>,
    /// The field's label, if about one.
    pub field: Option<String>,
    /// The name the commenter gave (or 匿名).
    pub author: String,
    /// The comment.
    pub text: String,
}

/// A public comment read back.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct PublicCommentRow {
    /// Its key.
    pub key: String,
    /// The item, if about one.
    pub item_id: Option<String>,
    /// The field's label, if about one.
    pub field: Option<String>,
    /// The commenter.
    pub author: String,
    /// The comment.
    pub text: String,
    /// When (RFC 3339).
    pub at: String,
    /// The department's answer.
    pub answer: Option<String>,
    /// Who answered.
    pub answered_by: Option<String>,
}

/// What became of a public comment ([`Store::add_public_comment`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentTaken {
    /// Stored.
    Taken,
    /// The draft is not open for comments.
    Closed,
    /// The draft already has the most open comments it takes.
    Full,
}

impl Store {
    /// Stores a public comment, unless the department's draft is not open
    /// for comments on `today` (`YYYY-MM-DD`) or already holds `max` open
    /// comments: both checked in the transaction that writes it. The
    /// transaction also writes the count onto the draft's review row, so
    /// two comments racing for the last place conflict in the engine
    /// ([`StoreError::Busy`](super::StoreError::Busy), retryable) instead
    /// of both being stored.
    pub async fn add_public_comment(
        &self,
        comment: NewPublicComment,
        today: &str,
        max: usize,
    ) -> Result<CommentTaken> {
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $until = (SELECT VALUE consultation_until FROM $review);
                 LET $open = array::len($until) > 0 AND $until[0] != NONE AND $until[0] >= $today;
                 LET $n = count(SELECT VALUE id FROM public_comment
                     WHERE dept_code = $comment.dept_code AND closed_in = NONE);
                 LET $full = $n >= $max;
                 IF $open AND !$full {
                     CREATE public_comment CONTENT $comment RETURN NONE;
                     UPDATE $review SET open_comments = $n + 1 RETURN NONE;
                 };
                 RETURN IF !$open { 'closed' } ELSE IF $full { 'full' } ELSE { 'taken' };
                 COMMIT TRANSACTION;",
            )
            .bind(("review", RecordId::new("review", comment.dept_code.clone())))
            .bind(("today", today.to_owned()))
            .bind(("max", i64::try_from(max).unwrap_or(i64::MAX)))
            .bind(("comment", comment))
            .await?;
        let errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
        if !errors.is_empty() {
            return Err(super::root_error(errors));
        }
        // Statement 0 is BEGIN; 6 is the RETURN.
        let outcome: Option<String> = response.take(6)?;
        Ok(match outcome.as_deref() {
            Some("taken") => CommentTaken::Taken,
            Some("full") => CommentTaken::Full,
            _ => CommentTaken::Closed,
        })
    }

    /// The open (not yet published) public comments on a department's
    /// draft, oldest first.
    pub async fn public_comments(&self, dept: &str) -> Result<Vec<PublicCommentRow>> {
        let mut response = self
            .db
            .query(
                "SELECT record::id(id) AS key, item_id, field, author, text, <string> at AS at,
                        answer, answered_by
                 FROM public_comment WHERE dept_code = $dept AND closed_in = NONE
                 ORDER BY at ASC",
            )
            .bind(("dept", dept.to_owned()))
            .await?;
        Ok(response.take(0)?)
    }

    /// Records the department's answer to an open comment of its draft,
    /// with the audit entry. `false` when there is no such comment.
    pub async fn answer_public_comment(
        &self,
        dept: &str,
        key: &str,
        answer: &str,
        by: &str,
        audit: AuditEntry,
    ) -> Result<bool> {
        let _change = self.public_change();
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $found = (SELECT VALUE id FROM $id WHERE dept_code = $dept AND closed_in = NONE);
                 IF array::len($found) > 0 {
                     UPDATE $id SET answer = $answer, answered_by = $by RETURN NONE;
                     CREATE audit CONTENT $audit RETURN NONE;
                 };
                 RETURN array::len($found) > 0;
                 COMMIT TRANSACTION;",
            )
            .bind(("id", RecordId::new("public_comment", key.to_owned())))
            .bind(("dept", dept.to_owned()))
            .bind(("answer", answer.to_owned()))
            .bind(("by", by.to_owned()))
            .bind(("audit", audit))
            .await?;
        // Statement 0 is BEGIN; 3 is the RETURN.
        let found: Option<bool> = response.take(3)?;
        Ok(found.unwrap_or(false))
    }
}
