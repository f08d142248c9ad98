//! The draft guard: the check every write into a draft runs inside its own
//! transaction (see `crate::gate`), and the transactions that bind a review
//! step to the draft's content.
//!
//! A draft's header row carries `content_rev`, bumped by every write of its
//! items or adjustment records, and `editors`, everyone who wrote it. A
//! write finds the review state editable and (when asked) the content at
//! the revision the writer saw, or throws; a review step (submission,
//! approval, publication) finds the content at the revision it hashed, or
//! throws. Both write the header row, so two such transactions racing each
//! other conflict in the engine and one of them fails (never both commit).

use surrealdb::types::{RecordId, SurrealValue};

use super::StoreError;
use crate::gate::DraftWrite;

/// Thrown when the draft is submitted or approved.
const LOCKED: &str = "sunlit:draft-locked";
/// Thrown when the draft's content moved past the revision expected.
const CHANGED: &str = "sunlit:draft-changed";
/// Thrown when a draft item moved past the revision expected.
const ITEM_MOVED: &str = "sunlit:item-moved";
/// Thrown when there is no draft (published or never opened).
const MISSING: &str = "sunlit:no-draft";

/// The statements of the guard; they read `$guard` (see [`GuardParams`]).
const GUARD: [&str; 8] = [
    "LET $g_review = $guard.review",
    "LET $g_draft = $guard.draft",
    "LET $g_state = (SELECT VALUE state FROM $g_review)",
    "IF array::len($g_state) > 0 AND $g_state[0] NOTINSIDE $guard.editable { THROW 'sunlit:draft-locked' }",
    "LET $g_rev = (SELECT VALUE content_rev ?? 0 FROM $g_draft)",
    "IF array::len($g_rev) = 0 { THROW 'sunlit:no-draft' }",
    "IF $guard.expected != NONE AND $g_rev[0] != $guard.expected { THROW 'sunlit:draft-changed' }",
    "UPDATE $g_draft SET content_rev = (content_rev ?? 0) + 1, editors = array::union(editors ?? [], [$guard.by]) RETURN NONE",
];

/// The statements that hold a review step to the content it hashed; they
/// read `$held` (see [`HeldParams`]).
const HELD: [&str; 5] = [
    "LET $h_draft = $held.draft",
    "LET $h_rev = (SELECT VALUE content_rev ?? 0 FROM $h_draft)",
    "IF array::len($h_rev) = 0 { THROW 'sunlit:no-draft' }",
    "IF $h_rev[0] != $held.content_rev { THROW 'sunlit:draft-changed' }",
    "UPDATE $h_draft SET reviewed_rev = $held.content_rev RETURN NONE",
];

/// What the guard binds as `$guard`.
#[derive(Debug, Clone, SurrealValue)]
pub(super) struct GuardParams {
    review: RecordId,
    draft: RecordId,
    by: String,
    expected: Option<i64>,
    editable: Vec<String>,
}

impl GuardParams {
    pub(super) fn of(write: &DraftWrite) -> Self {
        Self {
            review: RecordId::new("review", write.dept().to_owned()),
            draft: RecordId::new("draft", write.dept().to_owned()),
            by: write.actor().to_owned(),
            expected: write.expected_content(),
            editable: DraftWrite::editable_states(),
        }
    }
}

/// What [`HELD`] binds as `$held`.
#[derive(Debug, Clone, SurrealValue)]
pub(super) struct HeldParams {
    draft: RecordId,
    content_rev: i64,
}

impl HeldParams {
    pub(super) fn of(dept: &str, content_rev: i64) -> Self {
        Self {
            draft: RecordId::new("draft", dept.to_owned()),
            content_rev,
        }
    }
}

/// A transaction assembled from fixed statements (never from input), that
/// knows the index of each statement's result.
#[derive(Debug, Clone)]
pub(super) struct Tx {
    text: String,
    n: usize,
}

impl Tx {
    /// `BEGIN TRANSACTION`.
    pub(super) fn begin() -> Self {
        Self {
            text: "BEGIN TRANSACTION;\n".to_owned(),
            n: 1,
        }
    }

    /// Appends statements.
    pub(super) fn then(mut self, statements: &[&str]) -> Self {
        for statement in statements {
            self.text.push_str(statement);
            self.text.push_str(";\n");
            self.n += 1;
        }
        self
    }

    /// Appends the draft guard (binds `$guard`).
    pub(super) fn guarded(self) -> Self {
        self.then(&GUARD)
    }

    /// Appends the content hold of a review step (binds `$held`).
    pub(super) fn held(self) -> Self {
        self.then(&HELD)
    }

    /// The index of the statement appended last.
    pub(super) fn last(&self) -> usize {
        self.n - 1
    }

    /// The text with `COMMIT TRANSACTION`.
    pub(super) fn commit(mut self) -> String {
        self.text.push_str("COMMIT TRANSACTION;");
        self.text
    }
}

/// The store error a database error stands for: the guard's refusals and
/// the engine's transaction conflicts by kind, anything else as it is.
/// (SurrealDB 3.3 reports a `THROW` and a retryable conflict as text only.)
pub(super) fn classify(error: surrealdb::Error) -> StoreError {
    let text = error.to_string();
    if text.contains(LOCKED) {
        StoreError::DraftLocked
    } else if text.contains(CHANGED) {
        StoreError::DraftChanged
    } else if text.contains(ITEM_MOVED) {
        StoreError::ItemMoved
    } else if text.contains(MISSING) {
        StoreError::NoDraft
    } else if text.contains("can be retried") || text.contains("Transaction conflict") {
        StoreError::Busy
    } else {
        StoreError::Database(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_counted() {
        let tx = Tx::begin().guarded().then(&["RETURN 1"]);
        assert_eq!(tx.last(), 1 + GUARD.len());
        let text = tx.commit();
        assert!(text.starts_with("BEGIN TRANSACTION;"));
        assert!(text.ends_with("COMMIT TRANSACTION;"));
        for thrown in [LOCKED, CHANGED, MISSING] {
            assert!(
                GUARD.iter().chain(&HELD).any(|s| s.contains(thrown)),
                "{thrown}"
            );
        }
    }
}
