//! Legal bases compared as structured records.

use serde::{Deserialize, Serialize};

use super::fields::{change, to_json};
use super::{Change, FieldChange};
use crate::item::LegalBasis;

/// How an item's legal bases changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalBasisDiff {
    /// Added, removed and changed bases: first in the newer order, then the
    /// removed ones in the older order.
    pub entries: Vec<BasisChange>,
    /// Whether the same bases were only put in another order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reordered: bool,
    /// The bases after the change.
    pub after: Vec<LegalBasis>,
}

impl LegalBasisDiff {
    pub(super) fn changed_paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        for entry in &self.entries {
            if entry.change == Change::Changed {
                paths.extend(entry.fields.iter().map(|f| f.path.clone()));
            } else {
                paths.push(entry.path.clone());
            }
        }
        if self.reordered {
            paths.push("legal_basis".to_owned());
        }
        paths
    }
}

/// One added, removed or changed legal basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasisChange {
    /// Added, removed or changed.
    pub change: Change,
    /// `legal_basis[2]` (position in the newer list), or
    /// `legal_basis(before)[2]` (position in the older list) for a removed one.
    pub path: String,
    /// The citation before, e.g. `《土地管理法实施条例》第四十二条`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation_before: Option<String>,
    /// The citation after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation_after: Option<String>,
    /// The whole record, for added and removed bases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<LegalBasis>,
    /// The changed parts of a changed basis (`legal_basis[1].article` …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

/// The key bases are matched by first: title and article, trimmed.
fn key(basis: &LegalBasis) -> (&str, &str) {
    (
        basis.law.trim(),
        basis.article.as_deref().map_or("", str::trim),
    )
}

/// Compares two lists of legal bases; `None` when they are equal.
///
/// Bases are paired by title and article; those left over are paired by
/// position (the first left over before with the first left over after), so a
/// corrected citation shows as a change of its article, not a removal and an
/// addition.
pub(super) fn diff(before: &[LegalBasis], after: &[LegalBasis]) -> Option<LegalBasisDiff> {
    if before == after {
        return None;
    }
    let mut partner: Vec<Option<usize>> = vec![None; after.len()];
    let mut taken = vec![false; before.len()];
    for (index, basis) in after.iter().enumerate() {
        let found = before
            .iter()
            .enumerate()
            .find(|(old, candidate)| !taken[*old] && key(candidate) == key(basis));
        if let Some((old, _)) = found {
            taken[old] = true;
            partner[index] = Some(old);
        }
    }
    let leftover_before: Vec<usize> = (0..before.len()).filter(|&old| !taken[old]).collect();
    let mut leftover = leftover_before.into_iter();
    for slot in partner.iter_mut().filter(|slot| slot.is_none()) {
        if let Some(old) = leftover.next() {
            taken[old] = true;
            *slot = Some(old);
        }
    }
    let mut entries = Vec::new();
    for (index, basis) in after.iter().enumerate() {
        let path = format!("legal_basis[{index}]");
        match partner[index] {
            None => entries.push(BasisChange {
                change: Change::Added,
                path,
                citation_before: None,
                citation_after: Some(basis.citation()),
                basis: Some(basis.clone()),
                fields: Vec::new(),
            }),
            Some(old) if before[old] != *basis => entries.push(BasisChange {
                change: Change::Changed,
                citation_before: Some(before[old].citation()),
                citation_after: Some(basis.citation()),
                basis: None,
                fields: basis_fields(&path, &before[old], basis),
                path,
            }),
            Some(_) => {}
        }
    }
    for (old, basis) in before.iter().enumerate() {
        if !taken[old] {
            entries.push(BasisChange {
                change: Change::Removed,
                path: format!("legal_basis(before)[{old}]"),
                citation_before: Some(basis.citation()),
                citation_after: None,
                basis: Some(basis.clone()),
                fields: Vec::new(),
            });
        }
    }
    let reordered = entries.is_empty();
    Some(LegalBasisDiff {
        entries,
        reordered,
        after: after.to_vec(),
    })
}

/// The changed parts of one basis, under `prefix`.
fn basis_fields(prefix: &str, before: &LegalBasis, after: &LegalBasis) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let mut check = |name: &str, label: &str, old: serde_json::Value, new: serde_json::Value| {
        if old != new {
            fields.push(change(&format!("{prefix}.{name}"), label, old, new));
        }
    };
    check("law", "法规名称", to_json(&before.law), to_json(&after.law));
    check(
        "article",
        "条款",
        to_json(&before.article),
        to_json(&after.article),
    );
    check(
        "level",
        "效力层级",
        to_json(&before.level),
        to_json(&after.level),
    );
    check(
        "role",
        "依据类型",
        to_json(&before.role),
        to_json(&after.role),
    );
    check(
        "verified",
        "已核对",
        to_json(&before.verified),
        to_json(&after.verified),
    );
    check(
        "effective_date",
        "施行日期",
        to_json(&before.effective_date),
        to_json(&after.effective_date),
    );
    check("note", "备注", to_json(&before.note), to_json(&after.note));
    fields
}
