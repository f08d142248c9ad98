//! Discretion standards compared range by range and tier by tier, tiers
//! paired by their stable key (range/level), fines in readable Chinese.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::fields::{change, to_json};
use super::flowchart::describe_field;
use super::{Change, FieldChange};
use crate::discretion::{Discretion, Fine, RangeView, Tier, TierKey};

/// How an item's discretion standard changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscretionDiff {
    /// Added (no standard before), removed (none after) or changed.
    pub change: Change,
    /// Changed attributes of the standard (`discretion.violation` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// Statutory ranges only in the newer standard.
    pub ranges_added: Vec<RangeRef>,
    /// Statutory ranges only in the older standard.
    pub ranges_removed: Vec<RangeRef>,
    /// Statutory ranges in both whose bounds or conditions changed. A range
    /// derived from its tiers changes with them and is shown, not counted
    /// as a field of its own.
    pub ranges_changed: Vec<RangeChange>,
    /// Tiers only in the newer standard.
    pub tiers_added: Vec<TierRef>,
    /// Tiers only in the older standard.
    pub tiers_removed: Vec<TierRef>,
    /// Tiers in both (same range and level) that changed.
    pub tiers_changed: Vec<TierChange>,
    /// Whether only the order of tiers or ranges changed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    /// The changes in Chinese, one sentence each.
    pub text: Vec<String>,
    /// The standard after the change.
    pub after: Option<Discretion>,
}

/// A statutory range, named, with its bounds in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeRef {
    /// Its name; absent for the one unnamed range.
    pub name: Option<String>,
    /// Its bounds, e.g. `每平方米100元至1000元`.
    pub fine: Option<String>,
}

/// A statutory range whose bounds or conditions changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeChange {
    /// Its name; absent for the one unnamed range.
    pub name: Option<String>,
    /// Whether the bounds are derived from the tiers on both sides.
    pub derived: bool,
    /// The bounds before, in words.
    pub fine_before: Option<String>,
    /// The bounds after, in words.
    pub fine_after: Option<String>,
    /// The changed fields of a written-out range
    /// (`discretion.statutory_ranges[情节严重].fine` …); empty when derived.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

/// A tier, by key, with its fine in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierRef {
    /// The stable key.
    pub key: TierKey,
    /// The key as shown, e.g. `情节严重/从重`.
    pub label: String,
    /// The fine, e.g. `每平方米730元至1000元`.
    pub fine: Option<String>,
}

/// A tier that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierChange {
    /// The stable key.
    pub key: TierKey,
    /// The key as shown.
    pub label: String,
    /// The fine before, in words.
    pub fine_before: Option<String>,
    /// The fine after, in words.
    pub fine_after: Option<String>,
    /// The changed fields (`discretion.tiers[从重].fine` …).
    pub changes: Vec<FieldChange>,
}

impl DiscretionDiff {
    pub(super) fn changed_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.fields.iter().map(|f| f.path.clone()).collect();
        for range in &self.ranges_changed {
            paths.extend(range.changes.iter().map(|f| f.path.clone()));
        }
        for range in self.ranges_added.iter().chain(&self.ranges_removed) {
            paths.push(format!(
                "discretion.statutory_ranges[{}]",
                range.name.as_deref().unwrap_or("")
            ));
        }
        for tier in self.tiers_added.iter().chain(&self.tiers_removed) {
            paths.push(format!("discretion.tiers[{}]", tier.label));
        }
        for tier in &self.tiers_changed {
            paths.extend(tier.changes.iter().map(|f| f.path.clone()));
        }
        if self.reordered {
            paths.push("discretion.tiers".to_owned());
        }
        paths
    }
}

static EMPTY: Discretion = Discretion {
    basis_doc: None,
    violation: String::new(),
    statutory_penalty: None,
    source_url: None,
    statutory_ranges: Vec::new(),
    tiers: Vec::new(),
};

/// Compares two standards; `None` when they are equal.
pub(super) fn diff(
    before: Option<&Discretion>,
    after: Option<&Discretion>,
) -> Option<DiscretionDiff> {
    if before == after {
        return None;
    }
    let change_kind = match (before, after) {
        (None, _) => Change::Added,
        (_, None) => Change::Removed,
        _ => Change::Changed,
    };
    let old = before.unwrap_or(&EMPTY);
    let new = after.unwrap_or(&EMPTY);
    let mut fields = Vec::new();
    let mut check = |name: &str, label: &str, a: serde_json::Value, b: serde_json::Value| {
        if a != b {
            fields.push(change(&format!("discretion.{name}"), label, a, b));
        }
    };
    check(
        "basis_doc",
        "裁量基准文件",
        to_json(&old.basis_doc),
        to_json(&new.basis_doc),
    );
    check(
        "violation",
        "违法行为",
        to_json(&old.violation),
        to_json(&new.violation),
    );
    check(
        "statutory_penalty",
        "法定处罚",
        to_json(&old.statutory_penalty),
        to_json(&new.statutory_penalty),
    );
    check(
        "source_url",
        "公布网址",
        to_json(&old.source_url),
        to_json(&new.source_url),
    );

    let (ranges_added, ranges_removed, ranges_changed) = diff_ranges(old, new);
    let (tiers_added, tiers_removed, tiers_changed) = diff_tiers(&old.tiers, &new.tiers);
    let reordered = fields.is_empty()
        && ranges_added.is_empty()
        && ranges_removed.is_empty()
        && ranges_changed.iter().all(|r| r.changes.is_empty())
        && tiers_added.is_empty()
        && tiers_removed.is_empty()
        && tiers_changed.is_empty();
    let mut result = DiscretionDiff {
        change: change_kind,
        fields,
        ranges_added,
        ranges_removed,
        ranges_changed,
        tiers_added,
        tiers_removed,
        tiers_changed,
        reordered,
        text: Vec::new(),
        after: after.cloned(),
    };
    result.text = describe(&result);
    Some(result)
}

fn fine_text(fine: Option<&Fine>) -> Option<String> {
    fine.map(Fine::to_chinese)
}

type RangeDiffs = (Vec<RangeRef>, Vec<RangeRef>, Vec<RangeChange>);

fn diff_ranges(old: &Discretion, new: &Discretion) -> RangeDiffs {
    let old_views = old.range_views();
    let new_views = new.range_views();
    let old_by_name: HashMap<Option<&str>, &RangeView<'_>> =
        old_views.iter().map(|view| (view.name, view)).collect();
    let new_by_name: HashMap<Option<&str>, &RangeView<'_>> =
        new_views.iter().map(|view| (view.name, view)).collect();
    let range_ref = |view: &RangeView<'_>| RangeRef {
        name: view.name.map(str::to_owned),
        fine: fine_text(view.fine.as_ref()),
    };
    let added = new_views
        .iter()
        .filter(|view| !old_by_name.contains_key(&view.name))
        .map(range_ref)
        .collect();
    let removed = old_views
        .iter()
        .filter(|view| !new_by_name.contains_key(&view.name))
        .map(range_ref)
        .collect();
    let mut changed = Vec::new();
    for view in &new_views {
        let Some(previous) = old_by_name.get(&view.name) else {
            continue;
        };
        let mut changes = Vec::new();
        let prefix = format!("discretion.statutory_ranges[{}]", view.name.unwrap_or(""));
        let (old_range, new_range) = (previous.explicit, view.explicit);
        if old_range.is_some() || new_range.is_some() {
            let fine = |range: Option<&crate::discretion::StatutoryRange>| {
                to_json(&range.map(|r| &r.fine))
            };
            let conditions = |range: Option<&crate::discretion::StatutoryRange>| {
                to_json(&range.map_or(&[][..], |r| &r.structured_conditions[..]))
            };
            for (name, label, a, b) in [
                ("fine", "法定幅度", fine(old_range), fine(new_range)),
                (
                    "structured_conditions",
                    "适用条件",
                    conditions(old_range),
                    conditions(new_range),
                ),
            ] {
                if a != b {
                    let mut field = change(&format!("{prefix}.{name}"), label, a, b);
                    if name == "fine" {
                        field.before_text = fine_text(old_range.map(|r| &r.fine));
                        field.after_text = fine_text(new_range.map(|r| &r.fine));
                    }
                    changes.push(field);
                }
            }
        }
        let fine_before = fine_text(previous.fine.as_ref());
        let fine_after = fine_text(view.fine.as_ref());
        if !changes.is_empty() || fine_before != fine_after {
            changed.push(RangeChange {
                name: view.name.map(str::to_owned),
                derived: old_range.is_none() && new_range.is_none(),
                fine_before,
                fine_after,
                changes,
            });
        }
    }
    (added, removed, changed)
}

type TierDiffs = (Vec<TierRef>, Vec<TierRef>, Vec<TierChange>);

/// The label of a tier's key; a repeated key (which validation reports) gets
/// `#2`, `#3` … so every tier keeps a path of its own.
fn keyed(tiers: &[Tier]) -> Vec<(String, &Tier)> {
    let mut seen: HashMap<TierKey, usize> = HashMap::new();
    tiers
        .iter()
        .map(|tier| {
            let count = seen.entry(tier.key()).or_default();
            *count += 1;
            let label = if *count == 1 {
                tier.key().to_string()
            } else {
                format!("{}#{count}", tier.key())
            };
            (label, tier)
        })
        .collect()
}

fn diff_tiers(before: &[Tier], after: &[Tier]) -> TierDiffs {
    let old = keyed(before);
    let new = keyed(after);
    let old_by_label: HashMap<&str, &Tier> = old.iter().map(|(l, t)| (l.as_str(), *t)).collect();
    let new_by_label: HashMap<&str, &Tier> = new.iter().map(|(l, t)| (l.as_str(), *t)).collect();
    let tier_ref = |(label, tier): &(String, &Tier)| TierRef {
        key: tier.key(),
        label: label.clone(),
        fine: fine_text(tier.fine.as_ref()),
    };
    let added = new
        .iter()
        .filter(|(label, _)| !old_by_label.contains_key(label.as_str()))
        .map(tier_ref)
        .collect();
    let removed = old
        .iter()
        .filter(|(label, _)| !new_by_label.contains_key(label.as_str()))
        .map(tier_ref)
        .collect();
    let mut changed = Vec::new();
    for (label, tier) in &new {
        let Some(previous) = old_by_label.get(label.as_str()) else {
            continue;
        };
        if *previous == *tier {
            continue;
        }
        let prefix = format!("discretion.tiers[{label}]");
        let mut changes = Vec::new();
        let mut check = |name: &str, title: &str, a: serde_json::Value, b: serde_json::Value| {
            if a != b {
                changes.push(change(&format!("{prefix}.{name}"), title, a, b));
            }
        };
        check(
            "name",
            "阶次名称",
            to_json(&previous.name),
            to_json(&tier.name),
        );
        check(
            "conditions",
            "适用情形",
            to_json(&previous.conditions),
            to_json(&tier.conditions),
        );
        check(
            "structured_conditions",
            "适用条件",
            to_json(&previous.structured_conditions),
            to_json(&tier.structured_conditions),
        );
        check(
            "penalty_types",
            "处罚种类",
            to_json(&previous.penalty_types),
            to_json(&tier.penalty_types),
        );
        if previous.fine != tier.fine {
            let mut field = change(
                &format!("{prefix}.fine"),
                "罚款",
                to_json(&previous.fine),
                to_json(&tier.fine),
            );
            field.before_text = fine_text(previous.fine.as_ref());
            field.after_text = fine_text(tier.fine.as_ref());
            changes.push(field);
        }
        changed.push(TierChange {
            key: tier.key(),
            label: label.clone(),
            fine_before: fine_text(previous.fine.as_ref()),
            fine_after: fine_text(tier.fine.as_ref()),
            changes,
        });
    }
    (added, removed, changed)
}

fn describe(diff: &DiscretionDiff) -> Vec<String> {
    let mut text = Vec::new();
    match diff.change {
        Change::Added => text.push("新增裁量基准".to_owned()),
        Change::Removed => text.push("删除裁量基准".to_owned()),
        _ => {}
    }
    for field in &diff.fields {
        text.push(format!("{}已修改", field.label));
    }
    let range_name = |name: &Option<String>| name.clone().unwrap_or_else(|| "法定".to_owned());
    for range in &diff.ranges_added {
        text.push(format!(
            "新增{}幅度：{}",
            range_name(&range.name),
            range.fine.as_deref().unwrap_or("金额未定")
        ));
    }
    for range in &diff.ranges_removed {
        text.push(format!("删除{}幅度", range_name(&range.name)));
    }
    for range in &diff.ranges_changed {
        match (&range.fine_before, &range.fine_after) {
            (Some(a), Some(b)) if a != b => {
                text.push(format!("{}幅度由{a}改为{b}", range_name(&range.name)));
            }
            _ => text.push(format!("{}幅度的适用条件已修改", range_name(&range.name))),
        }
    }
    for tier in &diff.tiers_added {
        text.push(format!(
            "新增{}档：{}",
            tier.label,
            tier.fine.as_deref().unwrap_or("不罚款")
        ));
    }
    for tier in &diff.tiers_removed {
        text.push(format!("删除{}档", tier.label));
    }
    for tier in &diff.tiers_changed {
        let parts: Vec<String> = tier
            .changes
            .iter()
            .map(|field| {
                if field.path.ends_with(".fine") {
                    format!(
                        "罚款由{}改为{}",
                        tier.fine_before.as_deref().unwrap_or("不罚款"),
                        tier.fine_after.as_deref().unwrap_or("不罚款")
                    )
                } else {
                    describe_field(field)
                }
            })
            .collect();
        text.push(format!("{}档：{}", tier.label, parts.join("；")));
    }
    if diff.reordered {
        text.push("调整裁量阶次顺序".to_owned());
    }
    text
}
