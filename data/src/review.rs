//! The review workflow of a draft (审核流程): its states, the steps between
//! them, and the rule that every change of the draft against its base
//! version is covered by an adjustment record with a reason.
//!
//! A draft is being edited, then submitted by its department, then either
//! returned with comments (and edited again) or approved by the legality
//! review (合法性审查), then published as a new immutable version, which
//! closes the draft.

use serde::{Deserialize, Serialize};

use crate::diff::{Change, Comparison};
use crate::item::Item;
use crate::version::{Adjustment, AdjustmentTypes};

/// Where a draft stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    /// The department is editing (编辑中).
    #[default]
    Editing,
    /// Submitted for legality review (已提交审查); the draft is locked.
    Submitted,
    /// Returned with comments (已退回修改); editable again.
    Returned,
    /// Approved (审查通过); locked, waiting to be published.
    Approved,
}

impl ReviewState {
    /// Every state, in workflow order.
    pub const ALL: [ReviewState; 4] = [
        ReviewState::Editing,
        ReviewState::Submitted,
        ReviewState::Returned,
        ReviewState::Approved,
    ];

    /// The state's stored name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Editing => "editing",
            ReviewState::Submitted => "submitted",
            ReviewState::Returned => "returned",
            ReviewState::Approved => "approved",
        }
    }

    /// The state of a stored name.
    pub fn parse(name: &str) -> Option<ReviewState> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewState::Editing => "编辑中",
            ReviewState::Submitted => "已提交审查",
            ReviewState::Returned => "已退回修改",
            ReviewState::Approved => "审查通过，待发布",
        }
    }

    /// Whether the department may change the draft's items and adjustments.
    pub fn editable(self) -> bool {
        matches!(self, ReviewState::Editing | ReviewState::Returned)
    }

    /// The state after `step`, or why the step is not possible now.
    /// `None` means the draft is published and closed.
    pub fn after(self, step: ReviewStep) -> Result<Option<ReviewState>, ReviewError> {
        use ReviewState::*;
        use ReviewStep::*;
        match (self, step) {
            (Editing | Returned, Submit) => Ok(Some(Submitted)),
            (Submitted, Return) => Ok(Some(Returned)),
            (Submitted, Approve) => Ok(Some(Approved)),
            (Approved, Publish) => Ok(None),
            (state, step) => Err(ReviewError::WrongState { state, step }),
        }
    }
}

/// A step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStep {
    /// The department submits the draft (部门申请).
    Submit,
    /// The reviewer returns it with comments (退回修改).
    Return,
    /// The reviewer approves it (合法性审查通过).
    Approve,
    /// It is published as a new version (发布).
    Publish,
}

impl ReviewStep {
    /// The name of the step in a version's approval trail.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStep::Submit => "部门申请",
            ReviewStep::Return => "合法性审查（退回修改）",
            ReviewStep::Approve => "合法性审查（通过）",
            ReviewStep::Publish => "公布施行",
        }
    }
}

/// Why a workflow step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// The step does not follow from the current state.
    #[error("cannot {step:?} a draft that is {state:?}")]
    WrongState {
        /// The state now.
        state: ReviewState,
        /// The step asked for.
        step: ReviewStep,
    },
}

/// A change of the draft no adjustment record explains (or explains
/// without a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncovered {
    /// The item.
    pub item_id: String,
    /// Its code (the newer one, the older one for removed items).
    pub item_code: String,
    /// Its name.
    pub name: String,
    /// What happened to it.
    pub change: Change,
    /// Whether a record names it but gives no reason.
    pub missing_reason: bool,
}

/// The changes of `comparison` that no adjustment record with a reason
/// covers. A record covers an item when it names its older code in
/// `items_before` or its newer code in `items_after` (the links
/// [`crate::diff::compare`] makes).
pub fn uncovered(comparison: &Comparison, adjustments: &[Adjustment]) -> Vec<Uncovered> {
    comparison
        .items
        .iter()
        .filter(|item| item.change != Change::Unchanged)
        .filter_map(|item| {
            let reasons: Vec<bool> = item
                .adjustments
                .iter()
                .filter_map(|r| {
                    adjustments
                        .iter()
                        .find(|a| a.adjustment_id == r.adjustment_id)
                })
                .map(|a| !a.reason.trim().is_empty())
                .collect();
            if reasons.contains(&true) {
                return None;
            }
            Some(Uncovered {
                item_id: item.item_id.to_string(),
                item_code: item
                    .item_code
                    .after
                    .clone()
                    .or_else(|| item.item_code.before.clone())
                    .unwrap_or_default(),
                name: item.name.clone(),
                change: item.change,
                missing_reason: !reasons.is_empty(),
            })
        })
        .collect()
}

/// The ids of the records of `adjustments` that explain no change of
/// `comparison`: the items they name are, after all, as they were (an
/// edit taken back after the record was written). They are not part of
/// what the draft changes and are dropped when it is submitted.
pub fn stale<'a>(comparison: &Comparison, adjustments: &'a [Adjustment]) -> Vec<&'a str> {
    adjustments
        .iter()
        .filter(|a| {
            !comparison.items.iter().any(|item| {
                item.change != Change::Unchanged
                    && item
                        .adjustments
                        .iter()
                        .any(|r| r.adjustment_id == a.adjustment_id)
            })
        })
        .map(|a| a.adjustment_id.as_str())
        .collect()
}

/// One proposed record (without reason) per change no record covers, of
/// the type [`crate::diff::propose_adjustment`] suggests; ids continue
/// `prefix-1`, `prefix-2` … after those already taken.
pub fn propose_adjustments(
    comparison: &Comparison,
    existing: &[Adjustment],
    prefix: &str,
) -> Vec<Adjustment> {
    let mut next = 1;
    let mut fresh_id = || loop {
        let id = format!("{prefix}-{next}");
        next += 1;
        if !existing.iter().any(|a| a.adjustment_id == id) {
            return id;
        }
    };
    uncovered(comparison, existing)
        .into_iter()
        .filter(|u| !u.missing_reason)
        .filter_map(|u| {
            comparison
                .items
                .iter()
                .find(|i| i.item_id.as_str() == u.item_id)
        })
        .map(|item| Adjustment {
            adjustment_id: fresh_id(),
            type_label: item.proposed_adjustment.label().to_owned(),
            type_code: AdjustmentTypes(vec![item.proposed_adjustment]),
            items_before: item.item_code.before.clone().into_iter().collect(),
            items_after: item.item_code.after.clone().into_iter().collect(),
            item_name: crate::version::OneOrMany(vec![item.name.clone()]),
            fields_changed: Vec::new(),
            field_diffs: None,
            reason: String::new(),
            basis: Vec::new(),
            effective_date: None,
            follow_up: None,
            receiving_capacity: None,
            transitional_rule: None,
        })
        .collect()
}

/// Why [`content_hash`] cannot hash a draft.
#[derive(Debug, thiserror::Error)]
pub enum ContentHashError {
    /// An item does not serialise.
    #[error(transparent)]
    Item(#[from] crate::revision::CanonicalError),
    /// The adjustment records do not serialise.
    #[error("the adjustment records cannot be serialised: {0}")]
    Adjustments(#[from] serde_json::Error),
}

/// The content a review approves (审查通过的内容): the draft's items in
/// list order — each by the hash of its canonical JSON, so flowcharts,
/// discretion standards and every field count — and its adjustment
/// records. Submission, approval and publication each compute it; a
/// draft is published only while it still hashes to what was approved.
pub fn content_hash(
    items: &[Item],
    adjustments: &[Adjustment],
) -> Result<crate::revision::ContentHash, ContentHashError> {
    let mut text = String::new();
    for item in items {
        text.push_str(crate::revision::ItemRevision::of(item)?.hash.as_str());
        text.push('\n');
    }
    text.push_str(&serde_json::to_string(adjustments)?);
    Ok(crate::revision::ContentHash::of(
        "sunlit/reviewed-content/v1",
        text.as_bytes(),
    ))
}

/// The items of a list whose codes an adjustment names, for checks that
/// records only name codes that exist on their side.
pub fn unknown_codes(adjustment: &Adjustment, before: &[Item], after: &[Item]) -> Vec<String> {
    let known = |items: &[Item], code: &str| items.iter().any(|i| i.item_code == code.trim());
    adjustment
        .items_before
        .iter()
        .filter(|c| !known(before, c))
        .chain(adjustment.items_after.iter().filter(|c| !known(after, c)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(state: ReviewState, step: ReviewStep, expected: Result<Option<ReviewState>, ()>) {
        assert_eq!(
            state.after(step).map_err(|_| ()),
            expected,
            "{state:?} {step:?}"
        );
    }

    #[test]
    fn transitions() {
        use ReviewState::*;
        use ReviewStep::*;
        check(Editing, Submit, Ok(Some(Submitted)));
        check(Returned, Submit, Ok(Some(Submitted)));
        check(Submitted, Return, Ok(Some(Returned)));
        check(Submitted, Approve, Ok(Some(Approved)));
        check(Approved, Publish, Ok(None));
        check(Editing, Approve, Err(()));
        check(Editing, Publish, Err(()));
        check(Submitted, Submit, Err(()));
        check(Submitted, Publish, Err(()));
        check(Returned, Approve, Err(()));
        check(Approved, Return, Err(()));
        check(Approved, Submit, Err(()));
        assert!(Editing.editable() && Returned.editable());
        assert!(!Submitted.editable() && !Approved.editable());
        for state in ReviewState::ALL {
            let json = serde_json::to_value(state).unwrap_or_default();
            assert_eq!(json.as_str(), Some(state.as_str()));
            assert_eq!(ReviewState::parse(state.as_str()), Some(state));
        }
        assert_eq!(ReviewState::parse("published"), None);
    }

    fn items(file: &str) -> Vec<Item> {
        let parsed = crate::interchange::parse(file.as_bytes())
            .unwrap_or_else(|e| panic!("demo file: {e:?}"));
        parsed
            .lists
            .into_iter()
            .find(|l| l.department.dept_code.as_str() == "ZR")
            .map(|l| l.items)
            .unwrap_or_default()
    }

    #[test]
    fn coverage_of_the_demo_adjustment() {
        let before = items(include_str!("../demo/sample.json"));
        let parsed = crate::interchange::parse(include_str!("../demo/sample_v2.json").as_bytes())
            .unwrap_or_else(|e| panic!("demo file: {e:?}"));
        let list = parsed
            .lists
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no list"));
        let comparison = crate::diff::compare(&before, &list.items, &list.adjustments);
        // The published records explain every change.
        assert_eq!(uncovered(&comparison, &list.adjustments), vec![]);
        // Without records, all eight changes are uncovered and proposed.
        let bare = crate::diff::compare(&before, &list.items, &[]);
        assert_eq!(uncovered(&bare, &[]).len(), 8);
        let proposed = propose_adjustments(&bare, &[], "ADJ-ZR");
        let types: Vec<String> = proposed.iter().map(|a| a.type_code.to_string()).collect();
        assert_eq!(types.len(), 8);
        assert!(types.contains(&"下放".to_owned()), "{types:?}");
        assert!(types.contains(&"新增".to_owned()), "{types:?}");
        assert!(types.contains(&"取消".to_owned()), "{types:?}");
        // A record without a reason does not cover its item.
        let mut no_reason = proposed.clone();
        no_reason[0].reason = " ".into();
        for record in no_reason.iter_mut().skip(1) {
            record.reason = "依据修订".into();
        }
        let left = uncovered(
            &crate::diff::compare(&before, &list.items, &no_reason),
            &no_reason,
        );
        assert_eq!(left.len(), 1);
        assert!(left[0].missing_reason);
        assert_eq!(
            unknown_codes(&proposed[0], &before, &list.items),
            Vec::<String>::new()
        );
        // Every published record explains a change; a record on an item
        // that is as it was explains none.
        assert_eq!(stale(&comparison, &list.adjustments), Vec::<&str>::new());
        let kept = before
            .iter()
            .find(|b| list.items.iter().any(|a| a == *b))
            .unwrap_or_else(|| panic!("no unchanged item"));
        let mut records = list.adjustments.clone();
        let mut extra = proposed[0].clone();
        extra.adjustment_id = "ADJ-ZR-TAKEN-BACK".into();
        extra.items_before = vec![kept.item_code.clone()];
        extra.items_after = vec![kept.item_code.clone()];
        records.push(extra);
        let with_extra = crate::diff::compare(&before, &list.items, &records);
        assert_eq!(stale(&with_extra, &records), vec!["ADJ-ZR-TAKEN-BACK"]);
    }

    #[test]
    fn content_hash_covers_items_order_and_records() {
        let items = items(include_str!("../demo/sample.json"));
        let hash = |items: &[Item], records: &[Adjustment]| {
            content_hash(items, records).unwrap_or_else(|e| panic!("{e}"))
        };
        let base = hash(&items, &[]);
        assert_eq!(base, hash(&items, &[]), "deterministic");
        let mut swapped = items.clone();
        swapped.swap(0, 1);
        assert_ne!(base, hash(&swapped, &[]), "list order counts");
        let mut chart = items.clone();
        let charted = chart
            .iter_mut()
            .find(|i| i.flowchart.is_some())
            .unwrap_or_else(|| panic!("no flowchart in the demo"));
        if let Some(flowchart) = charted.flowchart.as_mut() {
            flowchart.nodes[0].label.push('。');
        }
        assert_ne!(base, hash(&chart, &[]), "a flowchart label counts");
        let bare = crate::diff::compare(&items, &swapped, &[]);
        let mut records = propose_adjustments(&bare, &[], "ADJ-ZR");
        records.push(Adjustment {
            reason: "依据修订".into(),
            ..propose_adjustments(&crate::diff::compare(&[], &items[..1], &[]), &[], "ADJ-X")
                .remove(0)
        });
        let with_records = hash(&items, &records);
        assert_ne!(base, with_records, "records count");
        records[0].reason.push('！');
        assert_ne!(with_records, hash(&items, &records), "a reason counts");
    }
}
