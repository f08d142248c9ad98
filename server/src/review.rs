//! The review service: adjustment records of a draft, submission, legality
//! review (comments, return, approval) and publication as a new immutable
//! version. Implements `app::review::Review`; every step checks session,
//! CSRF token and permission, then the workflow's state (`data::review`),
//! and writes its audit entry in the same transaction as the change.

use app::review::{
    ConsultationView, NewComment, PublicComment, PublishRequest, Review, ReviewComment, ReviewView,
};
use app::workspace::{Caller, NotAsApproved, OwnWork, WorkspaceError, WorkspaceFuture};
use data::account::{Action, Principal, Role};
use data::diff::{Comparison, compare};
use data::interchange::DepartmentList;
use data::review::{
    ReviewState, ReviewStep, content_hash, propose_adjustments, stale, uncovered, unknown_codes,
};
use data::revision::ContentHash;
use data::version::{Adjustment, Department, ProcessStep, VersionMeta, VersionStatus};
use data::{DepartmentCode, IsoDate, Item, VersionId};

use crate::compare::draw_chart_diffs_apart;
use crate::gate::DraftChange;
use crate::store::{
    AuditEntry, CommentTaken, NewPublicComment, PublishHold, ReviewLock, ReviewRow, Store,
    StoreError,
};
use crate::workspace::{Editing, Mutation};

type Result<T> = std::result::Result<T, WorkspaceError>;

fn internal(error: impl std::fmt::Display) -> WorkspaceError {
    tracing::error!(error = %error, "review failure");
    WorkspaceError::Internal
}

/// Deployment choices of the workflow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewConfig {
    /// Whether reviewers may publish what they approved (otherwise only admins).
    pub reviewer_publishes: bool,
    /// Single-person mode for tiny offices: the separation of duties is
    /// off (one person may edit, approve and publish). Chosen explicitly
    /// at start-up, written to the audit log then and on every approval
    /// and publication it allows.
    pub single_person: bool,
}

/// How many times a comment is retried when another write of the review
/// came in between.
const COMMENT_TRIES: usize = 5;

/// The stored name of a state back as the state.
pub fn parse_state(state: &str) -> Result<ReviewState> {
    ReviewState::parse(state).ok_or_else(|| internal(format!("unknown review state `{state}`")))
}

/// Today's date (UTC), for the approval trail.
fn today() -> Result<IsoDate> {
    days_from_today(0)
}

/// The date (UTC) `days` days from today.
fn days_from_today(days: i64) -> Result<IsoDate> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(internal)?
        .as_secs();
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = (seconds / 86_400) as i64 + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    IsoDate::new(year as u16, month as u8, day as u8).ok_or_else(|| internal("date out of range"))
}

/// A review as the service works with it.
#[derive(Debug, Clone, Default)]
struct Reviewed {
    /// The stored row's revision, `None` when no row exists yet.
    stored: Option<i64>,
    state: ReviewState,
    adjustments: Vec<Adjustment>,
    comments: Vec<ReviewComment>,
    trail: Vec<ProcessStep>,
    /// The last day of the public-comment period, when one was opened.
    consultation_until: Option<String>,
}

/// The review workflow over a [`Store`].
#[derive(Debug, Clone)]
pub struct Reviewing {
    editing: Editing,
    store: Store,
    config: ReviewConfig,
}

impl Reviewing {
    /// The service over `store`.
    pub fn new(store: Store, config: ReviewConfig) -> Self {
        Self {
            editing: Editing::new(store.clone()),
            store,
            config,
        }
    }

    fn may_publish(&self, principal: &Principal) -> bool {
        principal.may(Action::Publish)
            || (self.config.reviewer_publishes && principal.role == Role::Reviewer)
    }

    async fn load(&self, code: &DepartmentCode) -> Result<Reviewed> {
        let Some(row) = self.store.review(code.as_str()).await? else {
            return Ok(Reviewed::default());
        };
        Ok(Reviewed {
            state: parse_state(&row.state)?,
            adjustments: serde_json::from_str(&row.adjustments).map_err(internal)?,
            comments: serde_json::from_str(&row.comments).map_err(internal)?,
            trail: serde_json::from_str(&row.trail).map_err(internal)?,
            consultation_until: row.consultation_until,
            stored: Some(row.rev),
        })
    }

    /// The draft's content as a review step sees it: its content revision
    /// (read first, so that any later write makes the step's transaction
    /// fail), its items and its base version's, and the hash of the items
    /// with `adjustments`.
    async fn content(
        &self,
        code: &DepartmentCode,
        principal: &Principal,
        adjustments: &[Adjustment],
    ) -> Result<Content> {
        self.editing.ensure_draft(code, principal).await?;
        let draft = self.store.draft_content(code.as_str()).await?;
        let open_problems = draft
            .as_ref()
            .and_then(|d| d.open_problems.as_deref())
            .map(|json| {
                serde_json::from_str::<Vec<serde_json::Value>>(json)
                    .map(|list| list.len().max(1))
                    .unwrap_or(1)
            })
            .unwrap_or(0);
        let (content_rev, editors) = draft.map_or((0, Vec::new()), |d| (d.content_rev, d.editors));
        let (items, base, base_version) = self.draft_lists(code).await?;
        let hash = content_hash(&items, adjustments).map_err(internal)?;
        Ok(Content {
            content_rev,
            editors,
            open_problems,
            items,
            base,
            base_version,
            hash,
        })
    }

    async fn store_review(
        &self,
        code: &DepartmentCode,
        before: &Reviewed,
        after: &Reviewed,
        by: &str,
        lock: ReviewLock<'_>,
        audit: AuditEntry,
    ) -> Result<()> {
        let row = ReviewRow {
            dept_code: code.to_string(),
            state: after.state.as_str().to_owned(),
            adjustments: serde_json::to_string(&after.adjustments).map_err(internal)?,
            comments: serde_json::to_string(&after.comments).map_err(internal)?,
            trail: serde_json::to_string(&after.trail).map_err(internal)?,
            updated_by: by.to_owned(),
            consultation_until: after.consultation_until.clone(),
            rev: 0,
        };
        if self
            .store
            .write_review(row, before.stored, lock, audit)
            .await?
        {
            Ok(())
        } else {
            Err(WorkspaceError::WrongState(
                "the review moved on meanwhile".to_owned(),
            ))
        }
    }

    /// The draft's items and the base version's, with the base version's
    /// id (the draft is opened first if there is none).
    async fn lists(
        &self,
        code: &DepartmentCode,
        principal: &Principal,
    ) -> Result<(Vec<Item>, Vec<Item>, Option<String>)> {
        self.editing.ensure_draft(code, principal).await?;
        self.draft_lists(code).await
    }

    /// [`Self::lists`] of a draft that exists (no permission involved).
    async fn draft_lists(
        &self,
        code: &DepartmentCode,
    ) -> Result<(Vec<Item>, Vec<Item>, Option<String>)> {
        let (items, base) = self.editing.draft_and_base(code).await?;
        Ok(match base {
            Some(base) => (items, base.items, Some(base.version.version_id.to_string())),
            None => (items, Vec::new(), None),
        })
    }

    fn step(
        principal: &Principal,
        step: ReviewStep,
        opinion: Option<String>,
    ) -> Result<ProcessStep> {
        Ok(ProcessStep {
            step: step.label().to_owned(),
            actor: Some(principal.name.to_string()),
            date: Some(today()?),
            start: None,
            end: None,
            output: None,
            opinion,
            channels: Vec::new(),
            comments_received: None,
            comments_adopted: None,
            adopted_summary: None,
            content_hash: None,
        })
    }

    fn advance(state: ReviewState, step: ReviewStep) -> Result<Option<ReviewState>> {
        state
            .after(step)
            .map_err(|e| WorkspaceError::WrongState(e.to_string()))
    }

    /// The review page's content.
    pub async fn review_view(&self, caller: &Caller, dept: &str) -> Result<ReviewView> {
        let (code, department) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::No, |p| p.may(Action::ReadDraft(&code)))
            .await?;
        let principal = &session.principal;
        let reviewed = self.load(&code).await?;
        let content = self
            .content(&code, principal, &reviewed.adjustments)
            .await?;
        let (draft, base) = (&content.items, &content.base);
        let comparison: Comparison = compare(base, draft, &reviewed.adjustments);
        let charts = draw_chart_diffs_apart(&comparison.items, base, draft).await;
        let own_work = !self.config.single_person
            && content.authored_by(principal.name.as_str(), &reviewed.trail);
        Ok(ReviewView {
            department,
            state: reviewed.state,
            base_version: content.base_version.clone(),
            uncovered: uncovered(&comparison, &reviewed.adjustments),
            proposals: propose_adjustments(
                &comparison,
                &reviewed.adjustments,
                &format!("ADJ-{code}"),
            ),
            stale: stale(&comparison, &reviewed.adjustments)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            adjustments: reviewed.adjustments,
            summary: comparison.summary,
            items: comparison.items,
            charts,
            comments: reviewed.comments,
            trail: reviewed.trail,
            may_submit: principal.may(Action::Submit(&code)) && reviewed.state.editable(),
            may_review: principal.may(Action::Review)
                && reviewed.state == ReviewState::Submitted
                && !own_work,
            own_work: own_work
                && principal.may(Action::Review)
                && reviewed.state == ReviewState::Submitted,
            content_hash: content.hash.to_string(),
            may_publish: self.may_publish(principal) && reviewed.state == ReviewState::Approved,
            may_consult: principal.may(Action::Submit(&code)),
            public_comments: self.public_comments(&code).await?,
            consultation_until: reviewed.consultation_until,
        })
    }

    /// Replaces the draft's adjustment records: a change of the draft,
    /// through the draft gate.
    pub async fn save_adjustments(
        &self,
        caller: &Caller,
        dept: &str,
        adjustments: Vec<Adjustment>,
    ) -> Result<()> {
        let (session, _, write) = self
            .editing
            .gate(caller, dept, DraftChange::Adjustments)
            .await?;
        let code = write.code().clone();
        let before = self.load(&code).await?;
        if !before.state.editable() {
            return Err(WorkspaceError::Locked);
        }
        let (draft, base, _) = self.lists(&code, &session.principal).await?;
        let mut ids = std::collections::HashSet::new();
        for adjustment in &adjustments {
            let id = adjustment.adjustment_id.trim();
            if id.is_empty() || id.chars().count() > 64 || !ids.insert(id) {
                return Err(WorkspaceError::BadRequest(format!(
                    "adjustment id `{id}` is empty, too long or repeated"
                )));
            }
            if adjustment.type_code.0.is_empty() {
                return Err(WorkspaceError::BadRequest(format!(
                    "adjustment `{id}` has no type"
                )));
            }
            if adjustment.reason.chars().count() > 2000 {
                return Err(WorkspaceError::BadRequest(format!(
                    "the reason of adjustment `{id}` is longer than 2000 characters"
                )));
            }
            let unknown = unknown_codes(adjustment, &base, &draft);
            if !unknown.is_empty() {
                return Err(WorkspaceError::BadRequest(format!(
                    "adjustment `{id}` names unknown item codes: {}",
                    unknown.join(", ")
                )));
            }
        }
        let after = Reviewed {
            adjustments,
            ..before.clone()
        };
        let name = session.principal.name.to_string();
        let audit = AuditEntry::new(&name, "review.adjustments")
            .department(code.as_str())
            .detail(format!("{} records", after.adjustments.len()));
        self.store_review(
            &code,
            &before,
            &after,
            &name,
            ReviewLock::Edit(&write),
            audit,
        )
        .await
    }

    /// Submits the draft: every change must be covered by a record with a
    /// reason. The trail's step names the content submitted (its hash),
    /// and the transaction holds the draft at the revision hashed.
    pub async fn submit(&self, caller: &Caller, dept: &str) -> Result<()> {
        let (code, _) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| p.may(Action::Submit(&code)))
            .await?;
        let before = self.load(&code).await?;
        let next = Self::advance(before.state, ReviewStep::Submit)?;
        let content = self
            .content(&code, &session.principal, &before.adjustments)
            .await?;
        if content.open_problems > 0 {
            return Err(WorkspaceError::ProblemsOpen(content.open_problems));
        }
        let (draft, base) = (&content.items, &content.base);
        let comparison = compare(base, draft, &before.adjustments);
        if comparison.items.is_empty() {
            return Err(WorkspaceError::BadRequest(
                "the draft does not differ from its base version".to_owned(),
            ));
        }
        let left = uncovered(&comparison, &before.adjustments);
        if !left.is_empty() {
            return Err(WorkspaceError::Uncovered(left));
        }
        // Records of edits taken back explain nothing the version changes.
        let dropped: Vec<String> = stale(&comparison, &before.adjustments)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut after = before.clone();
        after
            .adjustments
            .retain(|a| !dropped.contains(&a.adjustment_id));
        after.state = next.unwrap_or_default();
        let hash = content_hash(draft, &after.adjustments).map_err(internal)?;
        let mut step = Self::step(&session.principal, ReviewStep::Submit, None)?;
        step.content_hash = Some(hash.clone());
        after.trail.push(step);
        let name = session.principal.name.to_string();
        let mut detail = format!("{} changed items; content {hash}", comparison.items.len());
        if !dropped.is_empty() {
            detail.push_str(&format!(
                "; dropped records of edits taken back: {}",
                dropped.join(", ")
            ));
        }
        let audit = AuditEntry::new(&name, "review.submit")
            .department(code.as_str())
            .detail(detail);
        self.store_review(
            &code,
            &before,
            &after,
            &name,
            ReviewLock::Held(content.content_rev),
            audit,
        )
        .await
    }

    /// Adds a reviewer's comment. Comments are appended: when another
    /// write of the review came in between, the comment is added to what
    /// that write left (never over it).
    pub async fn comment(
        &self,
        caller: &Caller,
        dept: &str,
        item_id: Option<String>,
        field: Option<String>,
        text: &str,
    ) -> Result<()> {
        let (code, _) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| p.may(Action::Review))
            .await?;
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 2000 {
            return Err(WorkspaceError::BadRequest(
                "a comment has 1 to 2000 characters".to_owned(),
            ));
        }
        let non_empty = |s: Option<String>| {
            s.map(|s| s.trim().chars().take(200).collect::<String>())
                .filter(|s| !s.is_empty())
        };
        let item_id = non_empty(item_id)
            .map(|id| {
                data::ItemId::new(id)
                    .map(|id| id.to_string())
                    .map_err(|e| WorkspaceError::BadRequest(e.to_string()))
            })
            .transpose()?;
        let field = non_empty(field);
        let name = session.principal.name.to_string();
        let mut tries = 0;
        loop {
            tries += 1;
            let before = self.load(&code).await?;
            if before.state != ReviewState::Submitted {
                return Err(WorkspaceError::WrongState(
                    "comments are taken while the draft is under review".to_owned(),
                ));
            }
            let round = before
                .trail
                .iter()
                .filter(|s| s.step == ReviewStep::Submit.label())
                .count() as u32;
            let mut after = before.clone();
            after.comments.push(ReviewComment {
                author: name.clone(),
                at: today()?.to_string(),
                round,
                item_id: item_id.clone(),
                field: field.clone(),
                text: text.to_owned(),
            });
            let mut audit = AuditEntry::new(&name, "review.comment")
                .department(code.as_str())
                .detail(text.chars().take(200).collect::<String>());
            if let Some(item_id) = &item_id {
                audit = audit.item(item_id);
            }
            match self
                .store_review(&code, &before, &after, &name, ReviewLock::Free, audit)
                .await
            {
                Err(WorkspaceError::WrongState(_) | WorkspaceError::Changed)
                    if tries < COMMENT_TRIES => {}
                other => return other,
            }
        }
    }

    /// Returns (`ReviewStep::Return`, opinion required) or approves the
    /// draft. An approval names the content the reviewer was shown
    /// (`content_hash`): it is refused unless the draft still hashes to
    /// it and to what was submitted, and unless the reviewer neither
    /// edited nor submitted the draft (separation of duties).
    pub async fn decide(
        &self,
        caller: &Caller,
        dept: &str,
        step: ReviewStep,
        opinion: &str,
        shown: Option<&str>,
    ) -> Result<()> {
        let (code, _) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| p.may(Action::Review))
            .await?;
        let before = self.load(&code).await?;
        let next = Self::advance(before.state, step)?;
        let opinion = opinion.trim();
        if opinion.chars().count() > 2000 || (step == ReviewStep::Return && opinion.is_empty()) {
            return Err(WorkspaceError::BadRequest(
                "an opinion has up to 2000 characters and is required to return a draft".to_owned(),
            ));
        }
        let opinion = if opinion.is_empty() {
            "同意".to_owned()
        } else {
            opinion.to_owned()
        };
        let name = session.principal.name.to_string();
        let mut after = before.clone();
        after.state = next.unwrap_or_default();
        let mut record = Self::step(&session.principal, step, Some(opinion.clone()))?;
        let mut detail = opinion.chars().take(200).collect::<String>();
        let lock = if step == ReviewStep::Approve {
            let content = self
                .content(&code, &session.principal, &before.adjustments)
                .await?;
            let own = content.authored_by(&name, &before.trail);
            if own && !self.config.single_person {
                return Err(WorkspaceError::OwnWork(OwnWork::ApproveOwnDraft));
            }
            if shown != Some(content.hash.as_str()) {
                return Err(WorkspaceError::NotAsApproved(NotAsApproved::ReviewedOther));
            }
            let submitted = before
                .trail
                .iter()
                .rev()
                .find(|s| s.step == ReviewStep::Submit.label())
                .and_then(|s| s.content_hash.as_ref())
                .map(|h| h.as_str());
            if submitted != Some(content.hash.as_str()) {
                return Err(WorkspaceError::NotAsApproved(NotAsApproved::ContentChanged));
            }
            record.content_hash = Some(content.hash.clone());
            detail = format!("{detail}; content {}", content.hash);
            if own {
                detail.push_str("; single-person mode: approved by an author of the draft");
            }
            ReviewLock::Held(content.content_rev)
        } else {
            ReviewLock::Free
        };
        after.trail.push(record);
        let action = match step {
            ReviewStep::Return => "review.return",
            _ => "review.approve",
        };
        let audit = AuditEntry::new(&name, action)
            .department(code.as_str())
            .detail(detail);
        self.store_review(&code, &before, &after, &name, lock, audit)
            .await
    }

    /// Publishes the approved draft as a new version and closes the draft:
    /// only while the draft still hashes to the content approved, every
    /// change has an adjustment record with a reason, and the publisher is
    /// not the approver (separation of duties).
    pub async fn publish(
        &self,
        caller: &Caller,
        dept: &str,
        request: PublishRequest,
    ) -> Result<String> {
        let (code, department) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| self.may_publish(p))
            .await?;
        let before = self.load(&code).await?;
        Self::advance(before.state, ReviewStep::Publish)?;
        let bad = |e: String| WorkspaceError::BadRequest(e);
        let version_id =
            VersionId::new(request.version_id.trim()).map_err(|e| bad(e.to_string()))?;
        let effective_date =
            IsoDate::parse(request.effective_date.trim()).map_err(|e| bad(e.to_string()))?;
        let label = request.label.trim().to_owned();
        let doc_no = request.doc_no.trim().to_owned();
        if label.is_empty() || doc_no.is_empty() || label.chars().count() > 200 {
            return Err(bad("a version needs a title and a 文号".to_owned()));
        }
        let name = session.principal.name.to_string();
        let approval = before
            .trail
            .iter()
            .rev()
            .find(|s| s.step == ReviewStep::Approve.label());
        let approver = approval.and_then(|s| s.actor.clone());
        let own = approver.as_deref() == Some(name.as_str());
        if own && !self.config.single_person {
            return Err(WorkspaceError::OwnWork(OwnWork::PublishOwnApproval));
        }
        let content = self
            .content(&code, &session.principal, &before.adjustments)
            .await?;
        if approval
            .and_then(|s| s.content_hash.as_ref())
            .map(|h| h.as_str())
            != Some(content.hash.as_str())
        {
            return Err(WorkspaceError::NotAsApproved(NotAsApproved::ContentChanged));
        }
        let comparison = compare(&content.base, &content.items, &before.adjustments);
        let left = uncovered(&comparison, &before.adjustments);
        if !left.is_empty() {
            return Err(WorkspaceError::NotAsApproved(NotAsApproved::Uncovered(
                left.len(),
            )));
        }
        let mut trail = before.trail.clone();
        if before.consultation_until.is_some() {
            let comments = self.public_comments(&code).await?;
            let answered = comments.iter().filter(|c| c.answer.is_some()).count();
            if let Some(step) = trail.iter_mut().rev().find(|s| s.step == CONSULTATION_STEP) {
                step.comments_received = Some(comments.len() as u32);
                step.adopted_summary = Some(format!("已答复 {answered} 条"));
            }
        }
        let mut step = Self::step(&session.principal, ReviewStep::Publish, None)?;
        step.output = Some(doc_no.clone());
        step.content_hash = approval.and_then(|s| s.content_hash.clone());
        trail.push(step);
        let list = DepartmentList {
            department: Department { ..department },
            version: VersionMeta {
                version_id: version_id.clone(),
                based_on: content
                    .base_version
                    .as_deref()
                    .map(VersionId::new)
                    .transpose()
                    .map_err(internal)?,
                scope: None,
                label,
                effective_date,
                published_doc_no: Some(doc_no),
                approved_by: approver,
                process: trail,
                status: VersionStatus::Published,
            },
            items: content.items,
            adjustments: before.adjustments.clone(),
        };
        let mut detail = format!(
            "{version_id}: {} items; content {}",
            list.items.len(),
            content.hash
        );
        if own {
            detail.push_str("; single-person mode: published by its approver");
        }
        let audit = AuditEntry::new(&name, "review.publish")
            .department(code.as_str())
            .detail(detail);
        let hold = PublishHold {
            review_rev: before.stored.unwrap_or(0),
            content_rev: content.content_rev,
        };
        match self.store.publish_draft(&list, hold, audit).await {
            Ok(outcome) => Ok(outcome.version_id),
            Err(StoreError::VersionConflict { version_id, .. }) => Err(bad(format!(
                "version `{version_id}` exists already; published versions are never changed"
            ))),
            Err(e) => Err(e.into()),
        }
    }
}

impl Content {
    /// Whether `name` may not approve the draft: they wrote its items or
    /// adjustment records, or submitted it (a step of `trail`).
    fn authored_by(&self, name: &str, trail: &[ProcessStep]) -> bool {
        self.editors.iter().any(|e| e == name)
            || trail
                .iter()
                .any(|s| s.step == ReviewStep::Submit.label() && s.actor.as_deref() == Some(name))
    }
}

/// The draft's content as a review step read it.
#[derive(Debug, Clone)]
struct Content {
    /// The content revision, read before the items.
    content_rev: i64,
    /// Everyone who wrote the items or adjustment records.
    editors: Vec<String>,
    /// How many problems an import left open on the draft (read with
    /// `content_rev`, so a step held to that revision sees them).
    open_problems: usize,
    /// The draft's items.
    items: Vec<Item>,
    /// The base version's items (none for a first list).
    base: Vec<Item>,
    /// The base version's id.
    base_version: Option<String>,
    /// `content_hash` of the items with the review's adjustment records.
    hash: ContentHash,
}

/// The step of the approval trail that opens the public-comment period.
const CONSULTATION_STEP: &str = "公开征求意见";
/// Longest public-comment period.
const MAX_CONSULTATION_DAYS: i64 = 90;
/// Most comments one draft takes from the public.
const MAX_PUBLIC_COMMENTS: usize = 2000;

impl Reviewing {
    async fn public_comments(&self, code: &DepartmentCode) -> Result<Vec<PublicComment>> {
        Ok(self
            .store
            .public_comments(code.as_str())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|row| PublicComment {
                key: row.key,
                item_id: row.item_id,
                field: row.field,
                author: row.author,
                at: row.at,
                text: row.text,
                answer: row.answer,
            })
            .collect())
    }

    /// Opens the submitted (or approved) draft for public comments until
    /// `until` (inclusive, at most 90 days ahead).
    pub async fn open_consultation(&self, caller: &Caller, dept: &str, until: &str) -> Result<()> {
        let (code, _) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| p.may(Action::Submit(&code)))
            .await?;
        let before = self.load(&code).await?;
        if !matches!(before.state, ReviewState::Submitted | ReviewState::Approved) {
            return Err(WorkspaceError::WrongState(
                "a draft is opened for comments once it is submitted".to_owned(),
            ));
        }
        let until = IsoDate::parse(until.trim())
            .map_err(|e| WorkspaceError::BadRequest(format!("until: {e}")))?;
        let today = today()?;
        if until < today || until > days_from_today(MAX_CONSULTATION_DAYS)? {
            return Err(WorkspaceError::BadRequest(format!(
                "the last day of comments must be between today and {MAX_CONSULTATION_DAYS} days from now"
            )));
        }
        let mut after = before.clone();
        after.consultation_until = Some(until.to_string());
        let mut step = Self::step(&session.principal, ReviewStep::Submit, None)?;
        step.step = CONSULTATION_STEP.to_owned();
        step.start = Some(today);
        step.end = Some(until);
        step.channels = vec!["门户网站".to_owned()];
        after.trail.push(step);
        let name = session.principal.name.to_string();
        let audit = AuditEntry::new(&name, "review.consultation")
            .department(code.as_str())
            .detail(format!("comments taken until {until}"));
        self.store_review(&code, &before, &after, &name, ReviewLock::Free, audit)
            .await
    }

    /// The department's answer to a public comment.
    pub async fn answer_comment(
        &self,
        caller: &Caller,
        dept: &str,
        key: &str,
        answer: &str,
    ) -> Result<()> {
        let (code, _) = self.editing.department(dept).await?;
        let session = self
            .editing
            .authorize(caller, Mutation::Yes, |p| p.may(Action::Submit(&code)))
            .await?;
        let answer = answer.trim();
        if answer.is_empty() || answer.chars().count() > 2000 {
            return Err(WorkspaceError::BadRequest(
                "an answer has 1 to 2000 characters".to_owned(),
            ));
        }
        let name = session.principal.name.to_string();
        let audit = AuditEntry::new(&name, "review.answer")
            .department(code.as_str())
            .detail(format!("public comment {key}"));
        let found = self
            .store
            .answer_public_comment(code.as_str(), key, answer, &name, audit)
            .await
            .map_err(internal)?;
        if found {
            Ok(())
        } else {
            Err(WorkspaceError::NotFound(format!("comment `{key}`")))
        }
    }

    /// The public page of a draft open for comments: its changes against
    /// the published version, its adjustment records and the comments.
    pub async fn consultation(&self, dept: &str) -> Result<ConsultationView> {
        let (code, department) = self.editing.department(dept).await?;
        let reviewed = self.load(&code).await?;
        let Some(until) = reviewed.consultation_until.clone() else {
            return Err(WorkspaceError::NotFound(format!(
                "draft of `{code}` open for comments"
            )));
        };
        let (items, base, base_version) = self.draft_lists(&code).await?;
        let comparison = compare(&base, &items, &reviewed.adjustments);
        let charts = draw_chart_diffs_apart(&comparison.items, &base, &items).await;
        Ok(ConsultationView {
            department,
            open: today()?.to_string() <= until,
            until,
            base_version,
            summary: comparison.summary,
            items: comparison.items,
            charts,
            adjustments: reviewed.adjustments,
            comments: self.public_comments(&code).await?,
        })
    }

    /// Takes a comment from the public while the draft is open for them.
    pub async fn public_comment(&self, comment: NewComment) -> Result<()> {
        let (code, _) = self.editing.department(&comment.dept).await?;
        let text = comment.text.trim();
        if text.is_empty() || text.chars().count() > 1000 {
            return Err(WorkspaceError::BadRequest(
                "a comment has 1 to 1000 characters".to_owned(),
            ));
        }
        let author = comment.author.trim();
        let author = if author.is_empty() {
            "匿名".to_owned()
        } else {
            author.chars().take(40).collect()
        };
        let item_id = comment
            .item_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|id| {
                data::ItemId::new(id)
                    .map(|id| id.to_string())
                    .map_err(|e| WorkspaceError::BadRequest(e.to_string()))
            })
            .transpose()?;
        let field = comment
            .field
            .as_deref()
            .map(|f| f.trim().chars().take(40).collect::<String>())
            .filter(|f| !f.is_empty());
        let comment = NewPublicComment {
            dept_code: code.to_string(),
            item_id,
            field,
            author,
            text: text.to_owned(),
        };
        let today = today()?.to_string();
        let mut tries = 0;
        let taken = loop {
            match self
                .store
                .add_public_comment(comment.clone(), &today, MAX_PUBLIC_COMMENTS)
                .await
            {
                Err(StoreError::Busy) if tries < COMMENT_TRIES * 10 => tries += 1,
                other => break other.map_err(internal)?,
            }
        };
        match taken {
            CommentTaken::Taken => Ok(()),
            CommentTaken::Full => Err(WorkspaceError::BadRequest(
                "this draft takes no more comments".to_owned(),
            )),
            CommentTaken::Closed => Err(WorkspaceError::WrongState(
                "the draft is not open for comments".to_owned(),
            )),
        }
    }
}

impl Review for Reviewing {
    fn open_consultation(
        &self,
        caller: Caller,
        dept: String,
        until: String,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move { Reviewing::open_consultation(self, &caller, &dept, &until).await })
    }

    fn answer_comment(
        &self,
        caller: Caller,
        dept: String,
        key: String,
        answer: String,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(
            async move { Reviewing::answer_comment(self, &caller, &dept, &key, &answer).await },
        )
    }

    fn consultation(&self, dept: String) -> WorkspaceFuture<'_, ConsultationView> {
        Box::pin(async move { Reviewing::consultation(self, &dept).await })
    }

    fn review(&self, caller: Caller, dept: String) -> WorkspaceFuture<'_, ReviewView> {
        Box::pin(async move { self.review_view(&caller, &dept).await })
    }

    fn save_adjustments(
        &self,
        caller: Caller,
        dept: String,
        adjustments: Vec<Adjustment>,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(
            async move { Reviewing::save_adjustments(self, &caller, &dept, adjustments).await },
        )
    }

    fn submit(&self, caller: Caller, dept: String) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move { Reviewing::submit(self, &caller, &dept).await })
    }

    fn comment(
        &self,
        caller: Caller,
        dept: String,
        item_id: Option<String>,
        field: Option<String>,
        text: String,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(
            async move { Reviewing::comment(self, &caller, &dept, item_id, field, &text).await },
        )
    }

    fn return_draft(
        &self,
        caller: Caller,
        dept: String,
        opinion: String,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move {
            self.decide(&caller, &dept, ReviewStep::Return, &opinion, None)
                .await
        })
    }

    fn approve(
        &self,
        caller: Caller,
        dept: String,
        opinion: String,
        content_hash: String,
    ) -> WorkspaceFuture<'_, ()> {
        Box::pin(async move {
            self.decide(
                &caller,
                &dept,
                ReviewStep::Approve,
                &opinion,
                Some(&content_hash),
            )
            .await
        })
    }

    fn publish(
        &self,
        caller: Caller,
        dept: String,
        request: PublishRequest,
    ) -> WorkspaceFuture<'_, String> {
        Box::pin(async move { Reviewing::publish(self, &caller, &dept, request).await })
    }
}

/// The public comment form's fields.
#[derive(Debug, serde::Deserialize)]
struct CommentForm {
    #[serde(default)]
    item_id: Option<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    text: String,
}

/// Comments one address may post in [`COMMENT_WINDOW_SECS`] (counted in
/// the database, so across restarts and every server).
const COMMENTS_PER_ADDRESS: i64 = 20;
/// The window of [`COMMENTS_PER_ADDRESS`], in seconds.
const COMMENT_WINDOW_SECS: i64 = 600;

/// `POST /departments/{code}/consultation`: a comment from the public, as
/// a plain form (no account, no JavaScript). Answers with a redirect back
/// to the page, which says whether the comment was taken (`?sent=1`) or
/// why not (`?error=…`).
pub fn public_router<S: Clone + Send + Sync + 'static>(
    reviewing: Reviewing,
    trusted_proxy: Option<ipnet::IpNet>,
) -> axum::Router<S> {
    use axum::extract::{Form, FromRequest, Path, Request, State};
    use axum::response::{IntoResponse, Redirect, Response};
    async fn comment(
        State((reviewing, trusted_proxy)): State<(Reviewing, Option<ipnet::IpNet>)>,
        Path(code): Path<String>,
        request: Request,
    ) -> Response {
        let address = crate::client::address(&request, trusted_proxy);
        let form = match Form::<CommentForm>::from_request(request, &()).await {
            Ok(Form(form)) => form,
            Err(rejection) => return rejection.into_response(),
        };
        let page = app::links::consultation(&code);
        let anchor = form
            .item_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map(|id| format!("#item-{}", app::links::encode(id)))
            .unwrap_or_default();
        let key = crate::store::ThrottleKey {
            key: format!("comment:address:{address}"),
            max: COMMENTS_PER_ADDRESS,
        };
        match reviewing
            .store
            .take_attempt(&[key], COMMENT_WINDOW_SECS)
            .await
        {
            Ok(_) => {}
            Err(StoreError::Throttled) => {
                return Redirect::to(&format!("{page}?error=throttled{anchor}")).into_response();
            }
            Err(other) => {
                tracing::error!(error = %other, "comment throttle failed");
                return Redirect::to(&format!("{page}?error=internal{anchor}")).into_response();
            }
        }
        let comment = NewComment {
            dept: code,
            item_id: form.item_id,
            field: form.field,
            author: form.author,
            text: form.text,
        };
        match reviewing.public_comment(comment).await {
            Ok(()) => Redirect::to(&format!("{page}?sent=1{anchor}")).into_response(),
            Err(error) => {
                let reason = match error {
                    WorkspaceError::BadRequest(_) => "invalid",
                    WorkspaceError::WrongState(_) => "closed",
                    WorkspaceError::NotFound(_) => "closed",
                    other => {
                        tracing::error!(error = %other, "public comment failed");
                        "internal"
                    }
                };
                Redirect::to(&format!("{page}?error={reason}{anchor}")).into_response()
            }
        }
    }
    axum::Router::new()
        .route(
            "/departments/{code}/consultation",
            axum::routing::post(comment),
        )
        .with_state((reviewing, trusted_proxy))
}
