//! The comparison service: two published versions of a department's list
//! compared by `data::diff`, an item's history across versions, and the
//! version in force on a date. Implements `app::compare::Comparisons` for the
//! pages; the REST API calls the same methods.

use std::cmp::Reverse;
use std::collections::HashMap;

use app::compare::{
    ChartDiffView, CompareQuery, CompareView, Comparisons, DepartmentChoice, HistoryEntry,
    ItemHistory, PER_PAGE,
};
use app::portal::PortalFuture;
use data::catalog::VersionSummary;
use data::diff::{
    Change, Comparison, ItemDiff, chart::render_flowchart_diff, compare, compare_departments,
};
use data::flowchart::{LayoutOptions, SvgOptions};
use data::interchange::DepartmentList;
use data::{IsoDate, Item, ItemId};

use crate::catalog::{Catalog, CatalogError};
use crate::store::StoredVersion;

type Result<T> = std::result::Result<T, CatalogError>;

/// Comparisons over a [`Catalog`].
#[derive(Debug, Clone)]
pub struct Comparing {
    catalog: Catalog,
}

/// A whole comparison of two versions, before paging.
#[derive(Debug, Clone)]
pub struct Compared {
    /// The older list.
    pub from: DepartmentList,
    /// The newer list.
    pub to: DepartmentList,
    /// Every published version of the department, newest first.
    pub versions: Vec<VersionSummary>,
    /// When `to` is another department's list (同一事项比对): that
    /// department's published versions, newest first.
    pub other_versions: Option<Vec<VersionSummary>>,
    /// The comparison (changed items only).
    pub comparison: Comparison,
}

impl Compared {
    /// The summary of the older version.
    pub fn from_summary(&self) -> Option<&VersionSummary> {
        self.versions
            .iter()
            .find(|v| v.version_id == self.from.version.version_id)
    }

    /// The summary of the newer version (the other department's, when
    /// two departments are compared).
    pub fn to_summary(&self) -> Option<&VersionSummary> {
        self.other_versions
            .as_ref()
            .unwrap_or(&self.versions)
            .iter()
            .find(|v| v.version_id == self.to.version.version_id)
    }
}

/// The version ids to compare: `to` defaults to the current version, `from`
/// to the one before `to` (or `to` itself when it is the only one).
/// `versions` are newest first.
pub fn default_pair(
    versions: &[VersionSummary],
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(String, String)> {
    fn non_empty(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let find = |id: &str| {
        versions
            .iter()
            .position(|v| v.version_id.as_str() == id)
            .ok_or_else(|| CatalogError::NotFound(format!("version `{id}`")))
    };
    let to_index = match non_empty(to) {
        Some(id) => find(id)?,
        None if versions.is_empty() => {
            return Err(CatalogError::NotFound("published version".to_owned()));
        }
        None => 0,
    };
    let from_index = match non_empty(from) {
        Some(id) => find(id)?,
        None => (to_index + 1).min(versions.len() - 1),
    };
    Ok((
        versions[from_index].version_id.to_string(),
        versions[to_index].version_id.to_string(),
    ))
}

/// Newest first: by effective date, then by order of import (as `Catalog`).
fn newest_first(versions: &mut [StoredVersion]) {
    versions.sort_by_key(|v| Reverse((v.meta.effective_date, v.seq)));
}

/// Draws the flowchart comparison of one item; `None` when neither chart
/// can be laid out (the text list still says what changed). Drawings are
/// kept by content ([`crate::chart::keep`]): a comparison of published
/// versions is drawn once.
pub fn draw_chart_diff(
    item_id: &str,
    before: Option<&Item>,
    after: Option<&Item>,
) -> Option<String> {
    let chart_json = |item: Option<&Item>| {
        item.and_then(|i| i.flowchart.as_ref())
            .and_then(|c| serde_json::to_vec(c).ok())
            .unwrap_or_default()
    };
    let key = crate::chart::content_key(&[
        b"chart-diff",
        item_id.as_bytes(),
        &chart_json(before),
        &chart_json(after),
    ]);
    if let Some(hit) = crate::chart::cached(&key) {
        return String::from_utf8(hit.to_vec()).ok();
    }
    let svg = draw_chart_diff_uncached(item_id, before, after)?;
    crate::chart::keep(key, axum::body::Bytes::from(svg.clone()));
    Some(svg)
}

fn draw_chart_diff_uncached(
    item_id: &str,
    before: Option<&Item>,
    after: Option<&Item>,
) -> Option<String> {
    let options = SvgOptions {
        id_prefix: format!("diff-{item_id}"),
        legend: true,
    };
    render_flowchart_diff(
        before.and_then(|i| i.flowchart.as_ref()),
        after.and_then(|i| i.flowchart.as_ref()),
        &LayoutOptions::default(),
        &options,
    )
    .ok()
}

/// The drawn flowchart comparisons of the `items` of a comparison whose
/// charts changed, `before` and `after` being the two lists compared.
pub fn draw_chart_diffs(items: &[ItemDiff], before: &[Item], after: &[Item]) -> Vec<ChartDiffView> {
    let before: HashMap<&ItemId, &Item> = before.iter().map(|i| (&i.item_id, i)).collect();
    let after: HashMap<&ItemId, &Item> = after.iter().map(|i| (&i.item_id, i)).collect();
    items
        .iter()
        .filter(|i| i.flowchart.is_some())
        .map(|i| ChartDiffView {
            item_id: i.item_id.to_string(),
            svg: draw_chart_diff(
                i.item_id.as_str(),
                before.get(&i.item_id).copied(),
                after.get(&i.item_id).copied(),
            ),
        })
        .collect()
}

/// [`draw_chart_diffs`] on the heavy-work pool ([`crate::heavy`]), with
/// copies of only the items whose charts changed. When the pool is busy
/// the page goes without drawings (its text list says what changed).
pub async fn draw_chart_diffs_apart(
    items: &[ItemDiff],
    before: &[Item],
    after: &[Item],
) -> Vec<ChartDiffView> {
    let items: Vec<ItemDiff> = items
        .iter()
        .filter(|i| i.flowchart.is_some())
        .cloned()
        .collect();
    if items.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<&ItemId> = items.iter().map(|i| &i.item_id).collect();
    let pick = |list: &[Item]| -> Vec<Item> {
        list.iter()
            .filter(|i| wanted.contains(&i.item_id))
            .cloned()
            .collect()
    };
    let (before, after) = (pick(before), pick(after));
    match crate::heavy::run(move || draw_chart_diffs(&items, &before, &after)).await {
        Ok(charts) => charts,
        Err(error) => {
            tracing::warn!(error = %error, "chart comparisons not drawn");
            Vec::new()
        }
    }
}

impl Comparing {
    /// The service over `catalog`.
    pub fn new(catalog: Catalog) -> Self {
        Self { catalog }
    }

    /// Compares two versions of a department's list (defaults as
    /// [`default_pair`]); with `with` naming another department, compares
    /// the department's version `from` (default: current) with that
    /// department's version `to` (default, or when `to` is not one of its
    /// versions: its current one), item by item by the power they
    /// implement ([`compare_departments`]).
    pub async fn compare(
        &self,
        dept: &str,
        with: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Compared> {
        let versions = self.catalog.version_summaries(dept).await?;
        let other = with.map(str::trim).filter(|w| !w.is_empty() && *w != dept);
        if let Some(other) = other {
            return self
                .compare_departments(dept, versions, other, from, to)
                .await;
        }
        let (from_id, to_id) = default_pair(&versions, from, to)?;
        let from = self.catalog.department_list(dept, Some(&from_id)).await?;
        let to = self.catalog.department_list(dept, Some(&to_id)).await?;
        // The records of the newer version explain the step from the older
        // one; comparing backwards, there are none to link.
        let newer = to.version.effective_date >= from.version.effective_date;
        let adjustments = if newer {
            to.adjustments.as_slice()
        } else {
            &[]
        };
        let comparison = compare(&from.items, &to.items, adjustments);
        Ok(Compared {
            from,
            to,
            versions,
            other_versions: None,
            comparison,
        })
    }

    async fn compare_departments(
        &self,
        dept: &str,
        versions: Vec<VersionSummary>,
        other: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Compared> {
        let theirs = self.catalog.version_summaries(other).await?;
        let pick = |list: &[VersionSummary], wanted: Option<&str>, strict: bool| {
            let wanted = wanted.map(str::trim).filter(|v| !v.is_empty());
            match wanted.and_then(|w| list.iter().find(|v| v.version_id.as_str() == w)) {
                Some(found) => Ok(found.version_id.to_string()),
                None if strict && wanted.is_some() => Err(CatalogError::NotFound(format!(
                    "version `{}`",
                    wanted.unwrap_or_default()
                ))),
                None => list
                    .first()
                    .map(|v| v.version_id.to_string())
                    .ok_or_else(|| CatalogError::NotFound("published version".to_owned())),
            }
        };
        let from_id = pick(&versions, from, true)?;
        // A plain form keeps the previous department's version in `to`
        // when the user picks another department: take its current one.
        let to_id = pick(&theirs, to, false)?;
        let from = self.catalog.department_list(dept, Some(&from_id)).await?;
        let to = self.catalog.department_list(other, Some(&to_id)).await?;
        let comparison = compare_departments(&from.items, &to.items);
        Ok(Compared {
            from,
            to,
            versions,
            other_versions: Some(theirs),
            comparison,
        })
    }

    /// One page of a comparison, with the flowchart comparisons drawn.
    pub async fn compare_view(&self, dept: &str, query: &CompareQuery) -> Result<CompareView> {
        let compared = self
            .compare(
                dept,
                query.with.as_deref(),
                query.from.as_deref(),
                query.to.as_deref(),
            )
            .await?;
        let (Some(from), Some(to)) = (
            compared.from_summary().cloned(),
            compared.to_summary().cloned(),
        ) else {
            return Err(CatalogError::NotFound(format!("versions of `{dept}`")));
        };
        let total = compared.comparison.items.len();
        let per_page = if query.all { total.max(1) } else { PER_PAGE };
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.unwrap_or(1).clamp(1, pages);
        let items: Vec<_> = compared
            .comparison
            .items
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .cloned()
            .collect();
        let charts = draw_chart_diffs_apart(&items, &compared.from.items, &compared.to.items).await;
        let named: Vec<&str> = items
            .iter()
            .flat_map(|i| i.adjustments.iter().map(|a| a.adjustment_id.as_str()))
            .collect();
        let adjustments = compared
            .to
            .adjustments
            .iter()
            .filter(|a| named.contains(&a.adjustment_id.as_str()))
            .cloned()
            .collect();
        let departments = self
            .catalog
            .department_summaries()
            .await?
            .into_iter()
            .map(|d| DepartmentChoice {
                code: d.code.to_string(),
                name: d.name,
            })
            .collect();
        Ok(CompareView {
            department: compared.from.department.clone(),
            other: compared
                .other_versions
                .is_some()
                .then(|| compared.to.department.clone()),
            other_versions: compared.other_versions.clone().unwrap_or_default(),
            departments,
            versions: compared.versions.clone(),
            from,
            to,
            summary: compared.comparison.summary.clone(),
            items,
            adjustments,
            charts,
            page,
            per_page,
            total,
        })
    }

    /// The versions of its department an item was published in, newest
    /// first, each marked 新增 / 变更 / 未变 against the version before it.
    pub async fn item_history(&self, item_id: &str) -> Result<ItemHistory> {
        let item_id = ItemId::new(item_id).map_err(|e| CatalogError::BadRequest(e.to_string()))?;
        let store = self.catalog.store();
        let containing = store.versions_containing(item_id.as_str()).await?;
        let dept_code = containing
            .iter()
            .max_by_key(|v| (v.meta.effective_date, v.seq))
            .map(|v| v.dept_code.clone())
            .ok_or_else(|| CatalogError::NotFound(format!("item `{item_id}`")))?;
        let mut versions = store.versions(Some(&dept_code)).await?;
        newest_first(&mut versions);
        let summaries = self.catalog.version_summaries(&dept_code).await?;
        let summary_of = |v: &StoredVersion| {
            summaries
                .iter()
                .find(|s| s.version_id == v.meta.version_id)
                .cloned()
        };
        let mut entries = Vec::new();
        let mut removed_in = None;
        // Oldest first, so each version is judged against the one before it.
        let mut previous: Option<(&StoredVersion, Option<&str>)> = None;
        for version in versions.iter().rev() {
            let revision = version.revision_of(item_id.as_str());
            if let (Some(summary), Some(hash)) = (summary_of(version), revision) {
                let change = match previous.and_then(|(_, hash)| hash) {
                    None => Change::Added,
                    Some(old) if old == hash => Change::Unchanged,
                    Some(_) => Change::Changed,
                };
                entries.push(HistoryEntry {
                    version: summary,
                    previous: previous.map(|(v, _)| v.meta.version_id.to_string()),
                    change,
                });
                removed_in = None;
            } else if previous.is_some_and(|(_, hash)| hash.is_some()) {
                removed_in = summary_of(version);
            }
            previous = Some((version, revision));
        }
        entries.reverse();
        Ok(ItemHistory {
            item_id: item_id.to_string(),
            dept_code,
            entries,
            removed_in,
        })
    }

    /// The version of a department in force on `date`: the newest one whose
    /// effective date is not after it.
    pub async fn version_as_of(&self, dept: &str, date: &str) -> Result<String> {
        let date = IsoDate::parse(date.trim())
            .map_err(|e| CatalogError::BadRequest(format!("as_of: {e}")))?;
        let versions = self.catalog.version_summaries(dept).await?;
        versions
            .iter()
            .find(|v| v.effective_date <= date)
            .map(|v| v.version_id.to_string())
            .ok_or_else(|| {
                CatalogError::NotFound(format!("version of `{dept}` in force on {date}"))
            })
    }
}

impl Comparisons for Comparing {
    fn compare(&self, dept: String, query: CompareQuery) -> PortalFuture<'_, CompareView> {
        Box::pin(async move { Ok(self.compare_view(&dept, &query).await?) })
    }

    fn item_history(&self, item_id: String) -> PortalFuture<'_, ItemHistory> {
        Box::pin(async move { Ok(Comparing::item_history(self, &item_id).await?) })
    }

    fn version_as_of(&self, dept: String, date: String) -> PortalFuture<'_, String> {
        Box::pin(async move { Ok(Comparing::version_as_of(self, &dept, &date).await?) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(ids: &[&str]) -> Vec<VersionSummary> {
        ids.iter()
            .map(|id| VersionSummary {
                version_id: data::VersionId::new(*id).unwrap_or_else(|e| panic!("{e}")),
                dept_code: data::DepartmentCode::new("ZR").unwrap_or_else(|e| panic!("{e}")),
                department_name: "自然资源局".into(),
                label: (*id).into(),
                effective_date: IsoDate::new(2025, 1, 1).unwrap_or_else(|| panic!("date")),
                published_doc_no: None,
                status: Default::default(),
                n_items: 0,
            })
            .collect()
    }

    fn check(all: &[&str], from: Option<&str>, to: Option<&str>, expected: Option<(&str, &str)>) {
        let got = default_pair(&versions(all), from, to).ok();
        let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
        assert_eq!(got, expected, "{all:?} {from:?} {to:?}");
    }

    #[test]
    fn default_versions() {
        check(&["v3", "v2", "v1"], None, None, Some(("v2", "v3")));
        check(&["v3", "v2", "v1"], None, Some("v2"), Some(("v1", "v2")));
        check(&["v3", "v2", "v1"], Some("v1"), None, Some(("v1", "v3")));
        check(&["v3", "v2", "v1"], Some(""), Some(""), Some(("v2", "v3")));
        check(&["v1"], None, None, Some(("v1", "v1")));
        check(&["v3", "v2", "v1"], Some("v9"), None, None);
        check(&[], None, None, None);
    }
}
