//! The contract with the server's search service: view types, the
//! `Finder` trait and the GET server functions the pages call.
//!
//! The engine itself (`data::search`) is server-only, so that the browser
//! bundle carries no dictionary; these types are what the pages need of it.

use std::sync::Arc;

use data::{Category, DepartmentCode, ItemId};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::portal::{PortalError, PortalFuture};

/// A search as the page asks for it; the server checks every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// What was typed.
    pub q: String,
    /// A department code.
    pub department: Option<String>,
    /// A category abbreviation (`CF`).
    pub category: Option<String>,
    /// 行使层级, e.g. `县级`.
    pub level: Option<String>,
    /// 1-based page.
    pub page: Option<usize>,
}

/// Part of a text, matched by the query or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentView {
    /// The text.
    pub text: String,
    /// Whether it matched (shown in `<mark>`).
    pub matched: bool,
}

/// A matched field of a hit other than its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightView {
    /// The field's Chinese label, `依据`.
    pub label: String,
    /// The fragment.
    pub segments: Vec<SegmentView>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitView {
    /// Stable id, for the link.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// The name, split where it matched.
    pub name: Vec<SegmentView>,
    /// The department's code.
    pub dept_code: DepartmentCode,
    /// The department's name.
    pub department_name: String,
    /// Category.
    pub category: Category,
    /// 行使层级.
    pub implementing_level: Option<String>,
    /// Other fields that matched.
    pub highlights: Vec<HighlightView>,
}

/// A filter value with the number of results it gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetView {
    /// The value for the address (`SJ`, `CF`).
    pub key: String,
    /// Its label.
    pub label: String,
    /// Results.
    pub count: usize,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchView {
    /// Items matching, on all pages.
    pub total: usize,
    /// The page shown.
    pub page: usize,
    /// Pages in all.
    pub n_pages: usize,
    /// False when no item has every word and the results have only some.
    pub matched_all: bool,
    /// The hits of this page.
    pub hits: Vec<HitView>,
    /// Results per department (other filters applied).
    pub departments: Vec<FacetView>,
    /// Results per category (other filters applied).
    pub categories: Vec<FacetView>,
}

/// Why a citation could not be looked up, for the page to explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasisProblem {
    /// Nothing was typed.
    Empty,
    /// An article without the law's title.
    MissingTitle,
    /// What follows the title is not an article.
    Article(String),
}

/// An item citing the law looked up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitingView {
    /// Stable id, for the link.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// Name.
    pub name: String,
    /// The department's name.
    pub department_name: String,
    /// Category.
    pub category: Category,
    /// The item's bases that cite the law, as written.
    pub bases: Vec<String>,
}

/// The result of a legal-basis lookup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasisView {
    /// The items citing the law.
    Found {
        /// The citation as understood: `《土地管理法实施条例》第五十七条`.
        citation: String,
        /// The items, by department and code.
        items: Vec<CitingView>,
    },
    /// The citation could not be read.
    Unreadable(BasisProblem),
}

/// Search over published items; the server implements it.
pub trait Finder: Send + Sync {
    /// One page of results.
    fn search(&self, query: SearchQuery) -> PortalFuture<'_, SearchView>;
    /// Item names for what is being typed.
    fn suggest(&self, prefix: String) -> PortalFuture<'_, Vec<String>>;
    /// The items citing a law (and article).
    fn citing(&self, law: String) -> PortalFuture<'_, BasisView>;
}

/// The search service, as provided in the Leptos context by the server.
#[derive(Clone)]
pub struct FinderHandle(pub Arc<dyn Finder>);

#[cfg(feature = "ssr")]
fn finder() -> Result<Arc<dyn Finder>, PortalError> {
    use_context::<FinderHandle>()
        .map(|h| h.0)
        .ok_or(PortalError::Internal)
}

/// Searches the current lists.
#[server(prefix = "/api/ui", endpoint = "search", input = GetUrl)]
pub async fn search_items(
    q: String,
    department: Option<String>,
    category: Option<String>,
    level: Option<String>,
    page: Option<usize>,
) -> Result<SearchView, PortalError> {
    finder()?
        .search(SearchQuery {
            q,
            department,
            category,
            level,
            page,
        })
        .await
}

/// Suggests item names for what is being typed.
#[server(prefix = "/api/ui", endpoint = "suggest", input = GetUrl)]
pub async fn suggest_items(q: String) -> Result<Vec<String>, PortalError> {
    finder()?.suggest(q).await
}

/// Finds the items citing a law.
#[server(prefix = "/api/ui", endpoint = "basis", input = GetUrl)]
pub async fn citing_items(law: String) -> Result<BasisView, PortalError> {
    finder()?.citing(law).await
}
