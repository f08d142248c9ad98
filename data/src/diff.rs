//! Version comparison (版本比对): two versions of a list compared item by
//! item, field by field, flowchart by flowchart and tier by tier.
//!
//! [`compare`] matches items by [`ItemId`], never by code: a renumbered code
//! is a change of the item, not a removal plus an addition. The result, a
//! [`Comparison`], is serialisable with a stable order and reports every
//! changed field exactly once, under its interchange path
//! (`time_limit.promised`, `flowchart.nodes[N2].label`,
//! `discretion.tiers[从重].fine`), with a Chinese label, the values before and
//! after, and for text a character-level diff. The three structured parts of
//! an item have their own sections: legal bases ([`LegalBasisDiff`]),
//! the flowchart ([`FlowchartDiff`], drawn by [`chart::render_flowchart_diff`])
//! and the discretion standard ([`DiscretionDiff`]).
//!
//! A comparison carries the values after the change, so [`apply`] rebuilds the
//! newer list from the older one: `apply(a, &compare(a, b, …)) == b`.
//! [`propose_adjustment`] suggests the kind of formal adjustment (新增, 取消,
//! 下放 …) a change amounts to, for items no adjustment record names.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::ids::ItemId;
use crate::item::Item;
use crate::version::{Adjustment, AdjustmentType, AdjustmentTypes};

pub mod chart;
mod deviation;
mod discretion;
mod fields;
mod flowchart;
mod legal;
mod text;

pub use deviation::{compare_departments, matter_key};
pub use discretion::{DiscretionDiff, RangeChange, RangeRef, TierChange, TierRef};
pub use flowchart::{EdgeChange, EdgeRef, FlowchartDiff, NodeChange, NodeRef, StepMerge};
pub use legal::{BasisChange, LegalBasisDiff};
pub use text::{TextOp, TextOpKind, text_diff};

/// What happened to an item, a chart, a step or a tier between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in the newer version (新增).
    Added,
    /// Only in the older version (删除/取消).
    Removed,
    /// In both, different (变更).
    Changed,
    /// In both, the same (未变); listed only on request.
    Unchanged,
}

impl Change {
    /// The Chinese label: `新增`, `删除`, `变更`, `未变`.
    pub fn label(self) -> &'static str {
        match self {
            Change::Added => "新增",
            Change::Removed => "删除",
            Change::Changed => "变更",
            Change::Unchanged => "未变",
        }
    }

    /// The label when two departments' lists are compared
    /// ([`compare_departments`]): which list has the item, or whether both
    /// say the same.
    pub const fn deviation_label(self) -> &'static str {
        match self {
            Change::Added => "仅对方有",
            Change::Removed => "仅本部门有",
            Change::Changed => "不一致",
            Change::Unchanged => "一致",
        }
    }
}

/// The comparison of two versions of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Counts: 新增 / 取消 / 变更 / 未变, per category and per adjustment type.
    pub summary: Summary,
    /// The items that differ (and, on request, those that do not): first in
    /// the order of the newer list, then the removed ones in the order of the
    /// older list.
    pub items: Vec<ItemDiff>,
    /// The ids of unchanged items in the newer list's order, present only
    /// when unchanged items were reordered; [`apply`] needs it then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unchanged_order: Option<Vec<ItemId>>,
}

/// How many items were added, removed, changed and left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// 新增.
    pub added: usize,
    /// 取消 (every item that is no longer in the list, also merged ones).
    pub removed: usize,
    /// 变更.
    pub changed: usize,
    /// 未变.
    pub unchanged: usize,
    /// The same counts per category, in [`Category::ALL`] order; categories
    /// with no items on either side are left out.
    pub by_category: Vec<CategoryCount>,
    /// How many of the listed items each adjustment type concerns, in the
    /// order of [`AdjustmentType`]; types that concern none are left out.
    /// An item named by a `CHANGE+MERGE` record counts under both.
    pub by_adjustment: Vec<AdjustmentCount>,
}

/// The counts of one category (by the newer version's category, the older
/// one's for removed items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// 新增.
    pub added: usize,
    /// 取消.
    pub removed: usize,
    /// 变更.
    pub changed: usize,
    /// 未变.
    pub unchanged: usize,
}

/// How many listed items one adjustment type concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentCount {
    /// The type.
    #[serde(rename = "type")]
    pub adjustment_type: AdjustmentType,
    /// Its Chinese label, e.g. `下放`.
    pub label: String,
    /// The number of items.
    pub items: usize,
}

/// An item's code before and after; equal when it was not renumbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeChange {
    /// The code in the older version; absent for added items.
    pub before: Option<String>,
    /// The code in the newer version; absent for removed items.
    pub after: Option<String>,
}

/// One item of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDiff {
    /// The stable identity the two versions were matched by.
    pub item_id: ItemId,
    /// The code before and after. A renumbering is reported here and nowhere else.
    pub item_code: CodeChange,
    /// The name to show: the newer one, the older one for removed items.
    pub name: String,
    /// The category to show, chosen like the name.
    pub category: Category,
    /// Added, removed, changed (or unchanged, when those are requested).
    pub change: Change,
    /// Position in the newer list; absent for removed items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The adjustment type the change amounts to (see [`propose_adjustment`]).
    pub proposed_adjustment: AdjustmentType,
    /// The adjustment records that name this item, before or after, in the
    /// order the version lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<AdjustmentRef>,
    /// Changed fields other than the three sections below, in field order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Changes of the legal bases (依据).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalBasisDiff>,
    /// Changes of the flowchart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flowchart: Option<FlowchartDiff>,
    /// Changes of the discretion standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion: Option<DiscretionDiff>,
    /// The whole new item, for added items only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Box<Item>>,
}

impl ItemDiff {
    /// The interchange path of every change this entry reports, in report
    /// order: fields, legal bases, flowchart, discretion. Each path occurs
    /// once; an added or removed part (a step, a tier) is one path.
    pub fn changed_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = Vec::new();
        if self.item_code.before != self.item_code.after && self.change == Change::Changed {
            paths.push("item_code".to_owned());
        }
        paths.extend(self.fields.iter().map(|f| f.path.clone()));
        if let Some(legal) = &self.legal_basis {
            paths.extend(legal.changed_paths());
        }
        if let Some(chart) = &self.flowchart {
            paths.extend(chart.changed_paths());
        }
        if let Some(discretion) = &self.discretion {
            paths.extend(discretion.changed_paths());
        }
        paths
    }
}

/// An adjustment record that names an item, with the codes it maps from and
/// to, so merges and splits (M:N) show as such.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdjustmentRef {
    /// E.g. `ADJ-2025-ZR-03`.
    pub adjustment_id: String,
    /// The structured types, e.g. `CHANGE+MERGE`.
    pub types: AdjustmentTypes,
    /// The type as the office wrote it, e.g. `变更（依据修订）+合并`.
    pub type_label: String,
    /// Item codes before.
    pub items_before: Vec<String>,
    /// Item codes after.
    pub items_after: Vec<String>,
}

/// One changed field: its path, its label, the values and, for text, the
/// character-level diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The interchange path, e.g. `time_limit.promised`.
    pub path: String,
    /// The Chinese label, e.g. `承诺期限`.
    pub label: String,
    /// The value before, as JSON (`null` when absent).
    pub before: serde_json::Value,
    /// The value after, as JSON (`null` when absent).
    pub after: serde_json::Value,
    /// The value before as people read it, e.g. `10个工作日`, when that is
    /// not the plain text itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_text: Option<String>,
    /// The value after as people read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_text: Option<String>,
    /// For text (and lists of text, joined with `；`): the character-level
    /// diff, equal runs included.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_diff: Vec<TextOp>,
}

impl FieldChange {
    /// The value before and after as a reader sees them: the text form
    /// when the field has one, else the value written out (`无` for none,
    /// `是`/`否`, lists joined with `；`).
    pub fn texts(&self) -> (String, String) {
        (
            self.before_text
                .clone()
                .unwrap_or_else(|| value_text(&self.before)),
            self.after_text
                .clone()
                .unwrap_or_else(|| value_text(&self.after)),
        )
    }
}

/// A JSON value of a field, written out for readers.
pub fn value_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    const NONE: &str = "无";
    match value {
        Value::Null => NONE.to_owned(),
        Value::String(s) if s.is_empty() => NONE.to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "是".to_owned(),
        Value::Bool(false) => "否".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(values) if values.is_empty() => NONE.to_owned(),
        Value::Array(values) => values.iter().map(value_text).collect::<Vec<_>>().join("；"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}：{}", key_label(k), value_text(v)))
            .collect::<Vec<_>>()
            .join("，"),
    }
}

/// The Chinese name of a key of the structured fields shown as one value
/// (下放/委托, 收费, 监督 …); unknown keys stay as they are.
fn key_label(key: &str) -> &str {
    match key {
        "mode" => "方式",
        "from" => "原实施主体",
        "to" => "承接主体",
        "retained_duties" => "保留职责",
        "effective_date" => "生效日期",
        "charged" => "是否收费",
        "standard" => "收费标准",
        "basis" => "依据",
        "phone" => "电话",
        "channel" | "channels" => "渠道",
        "note" => "说明",
        "value" => "数值",
        "unit" => "单位",
        other => other,
    }
}

/// What to include in a comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// List unchanged items too (as `change: unchanged`, with no details).
    pub include_unchanged: bool,
}

/// Compares two versions of a list; see the module docs.
///
/// `adjustments` are the records of the newer version; they are linked to
/// the items whose code they name (`items_before` against the older code,
/// `items_after` against the newer one). Item ids are unique within a list
/// (as [`crate::interchange::parse`] guarantees); a repeated id is ignored
/// after its first occurrence.
pub fn compare(from: &[Item], to: &[Item], adjustments: &[Adjustment]) -> Comparison {
    compare_with(from, to, adjustments, CompareOptions::default())
}

/// [`compare`] with options.
pub fn compare_with(
    from: &[Item],
    to: &[Item],
    adjustments: &[Adjustment],
    options: CompareOptions,
) -> Comparison {
    // One hash map over the older list and one lookup per newer item; the
    // ids of added items are the only other thing hashed (to skip repeats).
    let mut from_index: HashMap<&ItemId, usize> = HashMap::with_capacity(from.len());
    let mut from_items: Vec<&Item> = Vec::with_capacity(from.len());
    for item in from {
        if let std::collections::hash_map::Entry::Vacant(slot) = from_index.entry(&item.item_id) {
            slot.insert(from_items.len());
            from_items.push(item);
        }
    }
    let from = from_items;
    let mut matched = vec![false; from.len()];
    let mut added_ids: HashSet<&ItemId> = HashSet::new();
    let links = AdjustmentLinks::new(adjustments);
    let mut items = Vec::new();
    let mut counts = Counts::default();
    let mut unchanged_to: Vec<usize> = Vec::new();
    let mut position = 0;
    for after in to {
        match from_index.get(&after.item_id) {
            None => {
                if !added_ids.insert(&after.item_id) {
                    continue;
                }
                counts.add(after.category, Change::Added);
                let mut entry = header(None, Some(after), after, Change::Added, &links);
                entry.position = Some(position);
                entry.item = Some(Box::new(after.clone()));
                items.push(entry);
            }
            Some(&index) => {
                if std::mem::replace(&mut matched[index], true) {
                    continue;
                }
                let before = from[index];
                if before == after {
                    counts.add(after.category, Change::Unchanged);
                    unchanged_to.push(index);
                    if options.include_unchanged {
                        let mut entry =
                            header(Some(before), Some(after), after, Change::Unchanged, &links);
                        entry.position = Some(position);
                        items.push(entry);
                    }
                } else {
                    counts.add(after.category, Change::Changed);
                    let mut entry =
                        header(Some(before), Some(after), after, Change::Changed, &links);
                    entry.position = Some(position);
                    entry.fields = fields::diff(before, after);
                    entry.legal_basis = legal::diff(&before.legal_basis, &after.legal_basis);
                    entry.flowchart =
                        flowchart::diff(before.flowchart.as_ref(), after.flowchart.as_ref());
                    entry.discretion =
                        discretion::diff(before.discretion.as_ref(), after.discretion.as_ref());
                    items.push(entry);
                }
            }
        }
        position += 1;
    }
    for (index, before) in from.iter().enumerate() {
        if !matched[index] {
            counts.add(before.category, Change::Removed);
            items.push(header(Some(before), None, before, Change::Removed, &links));
        }
    }
    // Unchanged items keep their relative order in the usual case; only a
    // reordering costs the list of their ids (unless they are listed anyway).
    let unchanged_order =
        if options.include_unchanged || unchanged_to.windows(2).all(|pair| pair[0] < pair[1]) {
            None
        } else {
            Some(
                unchanged_to
                    .iter()
                    .map(|&index| from[index].item_id.clone())
                    .collect(),
            )
        };
    let summary = counts.summary(&items);
    Comparison {
        summary,
        items,
        unchanged_order,
    }
}

fn header(
    before: Option<&Item>,
    after: Option<&Item>,
    shown: &Item,
    change: Change,
    links: &AdjustmentLinks<'_>,
) -> ItemDiff {
    let adjustments = if change == Change::Unchanged {
        Vec::new()
    } else {
        links.for_codes(
            before.map(|item| item.item_code.as_str()),
            after.map(|item| item.item_code.as_str()),
        )
    };
    ItemDiff {
        item_id: shown.item_id.clone(),
        item_code: CodeChange {
            before: before.map(|item| item.item_code.clone()),
            after: after.map(|item| item.item_code.clone()),
        },
        name: shown.name.clone(),
        category: shown.category,
        change,
        position: None,
        proposed_adjustment: propose_adjustment(before, after),
        adjustments,
        fields: Vec::new(),
        legal_basis: None,
        flowchart: None,
        discretion: None,
        item: None,
    }
}

/// Adjustment records indexed by the codes they name.
struct AdjustmentLinks<'a> {
    adjustments: &'a [Adjustment],
    by_before: HashMap<&'a str, Vec<usize>>,
    by_after: HashMap<&'a str, Vec<usize>>,
}

impl<'a> AdjustmentLinks<'a> {
    fn new(adjustments: &'a [Adjustment]) -> Self {
        let mut by_before: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_after: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, adjustment) in adjustments.iter().enumerate() {
            for code in &adjustment.items_before {
                by_before.entry(code.trim()).or_default().push(index);
            }
            for code in &adjustment.items_after {
                by_after.entry(code.trim()).or_default().push(index);
            }
        }
        AdjustmentLinks {
            adjustments,
            by_before,
            by_after,
        }
    }

    fn for_codes(&self, before: Option<&str>, after: Option<&str>) -> Vec<AdjustmentRef> {
        let mut indices: Vec<usize> = Vec::new();
        if let Some(found) = before.and_then(|code| self.by_before.get(code.trim())) {
            indices.extend(found);
        }
        if let Some(found) = after.and_then(|code| self.by_after.get(code.trim())) {
            indices.extend(found);
        }
        indices.sort_unstable();
        indices.dedup();
        indices
            .into_iter()
            .filter_map(|index| self.adjustments.get(index))
            .map(|adjustment| AdjustmentRef {
                adjustment_id: adjustment.adjustment_id.clone(),
                types: adjustment.type_code.clone(),
                type_label: adjustment.type_label.clone(),
                items_before: adjustment.items_before.clone(),
                items_after: adjustment.items_after.clone(),
            })
            .collect()
    }
}

/// Per-category counters, indexed like [`Category::ALL`].
#[derive(Default)]
struct Counts {
    by_category: [[usize; 4]; Category::ALL.len()],
}

impl Counts {
    fn add(&mut self, category: Category, change: Change) {
        let slot = match change {
            Change::Added => 0,
            Change::Removed => 1,
            Change::Changed => 2,
            Change::Unchanged => 3,
        };
        if let Some(row) = Category::ALL
            .iter()
            .position(|&c| c == category)
            .and_then(|index| self.by_category.get_mut(index))
        {
            row[slot] += 1;
        }
    }

    fn summary(&self, items: &[ItemDiff]) -> Summary {
        let by_category: Vec<CategoryCount> = Category::ALL
            .iter()
            .zip(&self.by_category)
            .filter(|(_, counts)| counts.iter().any(|&n| n > 0))
            .map(
                |(&category, &[added, removed, changed, unchanged])| CategoryCount {
                    category,
                    added,
                    removed,
                    changed,
                    unchanged,
                },
            )
            .collect();
        let total =
            |slot: usize| -> usize { self.by_category.iter().map(|counts| counts[slot]).sum() };
        let by_adjustment = ADJUSTMENT_ORDER
            .iter()
            .filter_map(|&adjustment_type| {
                let n_items = items
                    .iter()
                    .filter(|item| {
                        item.adjustments
                            .iter()
                            .any(|adjustment| adjustment.types.0.contains(&adjustment_type))
                    })
                    .count();
                (n_items > 0).then(|| AdjustmentCount {
                    adjustment_type,
                    label: adjustment_type.label().to_owned(),
                    items: n_items,
                })
            })
            .collect();
        Summary {
            added: total(0),
            removed: total(1),
            changed: total(2),
            unchanged: total(3),
            by_category,
            by_adjustment,
        }
    }
}

const ADJUSTMENT_ORDER: [AdjustmentType; 8] = [
    AdjustmentType::Add,
    AdjustmentType::Cancel,
    AdjustmentType::Delegate,
    AdjustmentType::TakeOver,
    AdjustmentType::Change,
    AdjustmentType::Merge,
    AdjustmentType::Split,
    AdjustmentType::Transfer,
];

/// Why a comparison could not be applied to a list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// The comparison changes or removes an item the list does not have.
    #[error("item `{0}` is changed or removed by the comparison but is not in the list")]
    Missing(ItemId),
    /// The comparison adds an item the list already has.
    #[error("item `{0}` is added by the comparison but is already in the list")]
    AlreadyPresent(ItemId),
    /// An added item carries no item.
    #[error("added item `{0}` carries no item")]
    NoItem(ItemId),
    /// A field's new value does not fit the field.
    #[error("item `{item}`: field `{path}` cannot take the new value: {reason}")]
    BadValue {
        /// The item.
        item: ItemId,
        /// The field's path.
        path: String,
        /// What was wrong.
        reason: String,
    },
    /// The comparison does not describe a list of the size it implies.
    #[error("the comparison does not fit the list: {0}")]
    Mismatch(String),
}

/// Applies a comparison to the older list it was made from, giving the newer list.
///
/// Precisely: when `comparison` is `compare(from, to, _)` and ids are unique,
/// the result equals `to`, in `to`'s order. Changed items take the values
/// after of every reported field and section; added items are inserted
/// whole at their position; the unchanged items fill the remaining
/// positions in the older list's order (or in `unchanged_order`).
pub fn apply(from: &[Item], comparison: &Comparison) -> Result<Vec<Item>, ApplyError> {
    apply_owned(from.to_vec(), comparison)
}

/// [`apply`] on a list the caller gives up, so unchanged items are moved
/// rather than copied.
pub fn apply_owned(from: Vec<Item>, comparison: &Comparison) -> Result<Vec<Item>, ApplyError> {
    /// What becomes of an item of the older list, worked out before any is moved.
    enum Step<'a> {
        Add(usize, &'a Item),
        Take(usize, usize, &'a ItemDiff),
    }
    let mut steps: Vec<Step<'_>> = Vec::with_capacity(comparison.items.len());
    let mut used = vec![false; from.len()];
    let unchanged: Vec<usize> = {
        let mut index: HashMap<&ItemId, usize> = HashMap::with_capacity(from.len());
        for (position, item) in from.iter().enumerate() {
            index.entry(&item.item_id).or_insert(position);
        }
        let mut take = |id: &ItemId| -> Result<usize, ApplyError> {
            match index.get(id) {
                Some(&found) if !std::mem::replace(&mut used[found], true) => Ok(found),
                _ => Err(ApplyError::Missing(id.clone())),
            }
        };
        for entry in &comparison.items {
            match entry.change {
                Change::Added => {
                    if index.contains_key(&entry.item_id) {
                        return Err(ApplyError::AlreadyPresent(entry.item_id.clone()));
                    }
                    let item = entry
                        .item
                        .as_deref()
                        .ok_or_else(|| ApplyError::NoItem(entry.item_id.clone()))?;
                    steps.push(Step::Add(position_of(entry)?, item));
                }
                Change::Removed => {
                    take(&entry.item_id)?;
                }
                Change::Changed | Change::Unchanged => {
                    let found = take(&entry.item_id)?;
                    steps.push(Step::Take(position_of(entry)?, found, entry));
                }
            }
        }
        match &comparison.unchanged_order {
            Some(order) => order.iter().map(&mut take).collect::<Result<_, _>>()?,
            None => {
                // Repeated ids after the first are not part of the list.
                let first: Vec<usize> = (0..from.len())
                    .filter(|&position| index.get(&from[position].item_id) == Some(&position))
                    .collect();
                first
                    .into_iter()
                    .filter(|&position| !std::mem::replace(&mut used[position], true))
                    .collect()
            }
        }
    };
    let mut pool: Vec<Option<Item>> = from.into_iter().map(Some).collect();
    let total = steps.len() + unchanged.len();
    let mut slots: Vec<Option<Item>> = Vec::with_capacity(total);
    slots.resize_with(total, || None);
    for step in steps {
        let (position, item) = match step {
            Step::Add(position, item) => (position, item.clone()),
            Step::Take(position, found, entry) => {
                let mut item = pool[found]
                    .take()
                    .ok_or_else(|| ApplyError::Missing(entry.item_id.clone()))?;
                if entry.change == Change::Changed {
                    apply_entry(&mut item, entry)?;
                }
                (position, item)
            }
        };
        match slots.get_mut(position) {
            Some(slot @ None) => *slot = Some(item),
            _ => {
                return Err(ApplyError::Mismatch(format!(
                    "position `{position}` of item `{}` is taken or outside the {total} items",
                    item.item_id
                )));
            }
        }
    }
    let mut rest = unchanged.into_iter().filter_map(|found| pool[found].take());
    slots
        .into_iter()
        .map(|slot| match slot {
            Some(item) => Ok(item),
            None => rest
                .next()
                .ok_or_else(|| ApplyError::Mismatch("too few unchanged items".to_owned())),
        })
        .collect()
}

fn position_of(entry: &ItemDiff) -> Result<usize, ApplyError> {
    entry
        .position
        .ok_or_else(|| ApplyError::Mismatch(format!("item `{}` has no position", entry.item_id)))
}

fn apply_entry(item: &mut Item, entry: &ItemDiff) -> Result<(), ApplyError> {
    if let Some(code) = &entry.item_code.after {
        item.item_code.clone_from(code);
    }
    for field in &entry.fields {
        fields::set(item, &field.path, &field.after).map_err(|reason| ApplyError::BadValue {
            item: entry.item_id.clone(),
            path: field.path.clone(),
            reason,
        })?;
    }
    if let Some(legal) = &entry.legal_basis {
        item.legal_basis.clone_from(&legal.after);
    }
    if let Some(chart) = &entry.flowchart {
        item.flowchart.clone_from(&chart.after);
    }
    if let Some(standard) = &entry.discretion {
        item.discretion.clone_from(&standard.after);
    }
    Ok(())
}

/// The rank of an implementing level: 省 0, 市 1, 县 2, 乡 3; `None` when the
/// text names none of them.
pub fn level_rank(level: &str) -> Option<u8> {
    let level = level.trim();
    if ["乡", "镇", "街道"].iter().any(|word| level.contains(word)) {
        Some(3)
    } else if level.contains("县") || level.contains("旗") || level.contains("区级") {
        Some(2)
    } else if level.contains("市") || level.contains("设区") {
        Some(1)
    } else if level.contains("省") || level.contains("自治区") {
        Some(0)
    } else {
        None
    }
}

/// The kind of formal adjustment a change amounts to.
///
/// A new item is 新增, a removed (or newly cancelled) item 取消; an
/// implementing level moved down (省→市→县→乡) is 下放, moved up 承接; an
/// implementing body in another department (by the department segment of
/// the code, or a body that is a different name altogether) is 划转;
/// anything else is 变更.
pub fn propose_adjustment(before: Option<&Item>, after: Option<&Item>) -> AdjustmentType {
    use crate::item::ItemStatus;
    let (before, after) = match (before, after) {
        (None, _) => return AdjustmentType::Add,
        (Some(_), None) => return AdjustmentType::Cancel,
        (Some(before), Some(after)) => (before, after),
    };
    if after.status == ItemStatus::Cancelled && before.status != ItemStatus::Cancelled {
        return AdjustmentType::Cancel;
    }
    let rank = |item: &Item| item.implementing_level.as_deref().and_then(level_rank);
    if let (Some(old), Some(new)) = (rank(before), rank(after)) {
        if new > old {
            return AdjustmentType::Delegate;
        }
        if new < old {
            return AdjustmentType::TakeOver;
        }
    }
    if after.status == ItemStatus::Delegated && before.status != ItemStatus::Delegated {
        return AdjustmentType::Delegate;
    }
    let old_body = before.implementing_body.trim();
    let new_body = after.implementing_body.trim();
    let other_department = before.department_segment() != after.department_segment();
    let other_body =
        old_body != new_body && !old_body.contains(new_body) && !new_body.contains(old_body);
    if other_department || other_body {
        return AdjustmentType::Transfer;
    }
    AdjustmentType::Change
}

#[cfg(test)]
mod tests;
