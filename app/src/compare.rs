//! Version comparison and history on the public side: view types, the
//! `Comparisons` service the server provides, the GET server functions that
//! adapt it, and the pages (`/departments/:code/compare`, its printable
//! 新旧对照表, and the item page's 历次版本 section).

mod components;
mod page;
mod print;

use std::sync::Arc;

use data::catalog::VersionSummary;
use data::diff::{ItemDiff, Summary};
use data::version::{Adjustment, Department};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

pub use components::{DiffText, ItemChange, ItemHistorySection, SummaryLine};
pub use page::ComparePage;
pub use print::ComparePrintPage;

use crate::portal::{PortalError, PortalFuture};

/// Items per page of a comparison; the summary always counts them all.
pub const PER_PAGE: usize = 50;

/// Which comparison to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareQuery {
    /// Another department whose list `to` is (同一事项比对), if any.
    pub with: Option<String>,
    /// The older version (default: the one before `to`).
    pub from: Option<String>,
    /// The newer version (default: the current one).
    pub to: Option<String>,
    /// The page of changed items (1-based).
    pub page: Option<usize>,
    /// Every changed item on one page (the printable table).
    pub all: bool,
}

/// One item's flowchart comparison, drawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartDiffView {
    /// The item.
    pub item_id: String,
    /// The marked union chart as SVG, when it could be laid out.
    pub svg: Option<String>,
}

/// A department to compare with, for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentChoice {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// What the comparison page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareView {
    /// The department.
    pub department: Department,
    /// The other department, when `to` is its list (同一事项比对).
    pub other: Option<Department>,
    /// The other department's versions, newest first (empty without one).
    pub other_versions: Vec<VersionSummary>,
    /// Every department, for choosing the other one.
    pub departments: Vec<DepartmentChoice>,
    /// Every published version of the department, newest first.
    pub versions: Vec<VersionSummary>,
    /// The older version.
    pub from: VersionSummary,
    /// The newer version.
    pub to: VersionSummary,
    /// Counts over the whole comparison.
    pub summary: Summary,
    /// The changed items of this page.
    pub items: Vec<ItemDiff>,
    /// The adjustment records of the newer version that name an item of this page.
    pub adjustments: Vec<Adjustment>,
    /// Drawn flowchart comparisons of this page's items.
    pub charts: Vec<ChartDiffView>,
    /// The page shown (1-based).
    pub page: usize,
    /// Changed items per page.
    pub per_page: usize,
    /// Changed items in all (added, removed and changed).
    pub total: usize,
}

impl CompareView {
    /// The other department's code, when two departments are compared.
    pub fn with(&self) -> Option<String> {
        self.other.as_ref().map(|d| d.dept_code.to_string())
    }

    /// Number of pages of changed items (at least 1).
    pub fn pages(&self) -> usize {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// One version of an item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The version.
    pub version: VersionSummary,
    /// The version before it in the department, when there is one.
    pub previous: Option<String>,
    /// How the item came into this version: `新增` (first listed), `变更`
    /// (its revision differs from the previous version's), `未变`.
    pub change: data::diff::Change,
}

/// An item's history: the versions of its department that contain it,
/// newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemHistory {
    /// The item.
    pub item_id: String,
    /// The department's code.
    pub dept_code: String,
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// A version after the newest entry that no longer lists the item.
    pub removed_in: Option<VersionSummary>,
}

/// Comparison and history services; the server implements them over its store.
pub trait Comparisons: Send + Sync {
    /// Compares two published versions of a department's list.
    fn compare(&self, dept: String, query: CompareQuery) -> PortalFuture<'_, CompareView>;
    /// The versions an item was published in and where it changed.
    fn item_history(&self, item_id: String) -> PortalFuture<'_, ItemHistory>;
    /// The id of the version of a department in force on `date` (`YYYY-MM-DD`).
    fn version_as_of(&self, dept: String, date: String) -> PortalFuture<'_, String>;
}

/// The comparison service, as provided in the Leptos context by the server.
#[derive(Clone)]
pub struct ComparisonsHandle(pub Arc<dyn Comparisons>);

#[cfg(feature = "ssr")]
fn comparisons() -> Result<Arc<dyn Comparisons>, PortalError> {
    use_context::<ComparisonsHandle>()
        .map(|h| h.0)
        .ok_or(PortalError::Internal)
}

/// Loads a comparison of two versions.
#[server(prefix = "/api/ui", endpoint = "compare", input = GetUrl)]
pub async fn get_comparison(
    dept: String,
    with: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<usize>,
    all: bool,
) -> Result<CompareView, PortalError> {
    let query = CompareQuery {
        with,
        from,
        to,
        page,
        all,
    };
    comparisons()?.compare(dept, query).await
}

/// Loads an item's history.
#[server(prefix = "/api/ui", endpoint = "item_history", input = GetUrl)]
pub async fn get_item_history(item_id: String) -> Result<ItemHistory, PortalError> {
    comparisons()?.item_history(item_id).await
}

/// The version of a department in force on a date.
#[server(prefix = "/api/ui", endpoint = "version_as_of", input = GetUrl)]
pub async fn get_version_as_of(dept: String, date: String) -> Result<String, PortalError> {
    comparisons()?.version_as_of(dept, date).await
}
