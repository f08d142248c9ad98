//! The search service: one in-memory [`SearchIndex`] over every
//! department's current published version, kept fresh as versions arrive.
//!
//! The index is rebuilt explicitly after an import ([`Search::rebuild`]) and
//! lazily whenever the set of published versions in the database differs
//! from the one it was built from. The check is one small query per
//! request, so several `sunlit serve` processes sharing one database each
//! notice a version published through another.

use std::sync::{Arc, RwLock};

use data::item::ItemStatus;
use data::search::{
    CitationError, CitingHit, IndexStats, LawCitation, MAX_PER_PAGE, Query, SearchDoc, SearchIndex,
    SearchResults, Suggestion,
};
use data::{Category, DepartmentCode};

use app::portal::{PortalError, PortalFuture};
use app::search::api::{
    BasisProblem, BasisView, CitingView, FacetView, Finder, HighlightView, HitView, SearchQuery,
    SearchView, SegmentView,
};
use data::search::Field;

use crate::catalog::{Catalog, CatalogError};

type Result<T> = std::result::Result<T, CatalogError>;

/// The key of every published version, `(dept_code, version_id, seq)`.
/// What the index was built from: the published versions and the synonyms' revision.
type Fingerprint = (Vec<(String, String, i64)>, i64);

/// An index and the versions it was built from.
struct Built {
    fingerprint: Fingerprint,
    index: SearchIndex,
}

struct Inner {
    catalog: Catalog,
    current: RwLock<Option<Arc<Built>>>,
    /// Held while building, so that concurrent requests build once.
    building: tokio::sync::Mutex<()>,
}

/// Search over published items; cheap to clone.
#[derive(Clone)]
pub struct Search {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").finish_non_exhaustive()
    }
}

/// A search request as it arrives from a form or a query string; every
/// field is checked by [`SearchRequest::to_query`].
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct SearchRequest {
    /// What was typed.
    #[serde(default)]
    pub q: String,
    /// A department code.
    #[serde(default)]
    pub department: Option<String>,
    /// A category abbreviation (`CF`) or name (`行政处罚`).
    #[serde(default)]
    pub category: Option<String>,
    /// 行使层级, e.g. `县级`.
    #[serde(default)]
    pub level: Option<String>,
    /// 1-based page.
    #[serde(default)]
    pub page: Option<usize>,
    /// Results per page.
    #[serde(default)]
    pub per_page: Option<usize>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl SearchRequest {
    /// The engine's query; 400 for an unknown category, a malformed
    /// department code or a page out of range.
    pub fn to_query(&self) -> Result<Query> {
        let mut query = Query::new(self.q.trim());
        query.department = non_empty(&self.department)
            .map(|code| {
                DepartmentCode::new(code).map_err(|e| CatalogError::BadRequest(e.to_string()))
            })
            .transpose()?;
        query.category = non_empty(&self.category)
            .map(|c| {
                Category::parse(c)
                    .ok_or_else(|| CatalogError::BadRequest(format!("unknown category `{c}`")))
            })
            .transpose()?;
        query.level = non_empty(&self.level).map(str::to_owned);
        if let Some(page) = self.page {
            if page == 0 {
                return Err(CatalogError::BadRequest("`page` counts from 1".to_owned()));
            }
            query.page = page;
        }
        if let Some(per_page) = self.per_page {
            if !(1..=MAX_PER_PAGE).contains(&per_page) {
                return Err(CatalogError::BadRequest(format!(
                    "`per_page` must be between 1 and {MAX_PER_PAGE}"
                )));
            }
            query.per_page = per_page;
        }
        Ok(query)
    }
}

/// The items citing a law, with the citation as understood.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CitingResults {
    /// The citation, normalised: `《土地管理法实施条例》第五十七条`.
    pub citation: String,
    /// The law's title as written, without 《》.
    pub law: String,
    /// The article, e.g. `第五十七条`, when one was named.
    pub article: Option<String>,
    /// How many items cite it.
    pub total: usize,
    /// The items, by department code and item code.
    pub items: Vec<CitingHit>,
}

/// Why a citation could not be looked up.
#[derive(Debug, thiserror::Error)]
pub enum BasisError {
    /// The citation does not parse.
    #[error(transparent)]
    Citation(#[from] CitationError),
    /// Reading the published lists failed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
}

impl Search {
    /// A service over `catalog`; the index is built on first use.
    pub fn new(catalog: Catalog) -> Self {
        Self {
            inner: Arc::new(Inner {
                catalog,
                current: RwLock::new(None),
                building: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Rebuilds the index from the current versions now (after an import or
    /// a publication) and returns its sizes.
    pub async fn rebuild(&self) -> Result<IndexStats> {
        let _building = self.inner.building.lock().await;
        let built = self.build().await?;
        let stats = built.index.stats();
        self.install(built);
        Ok(stats)
    }

    fn installed(&self) -> Option<Arc<Built>> {
        // A poisoned lock only means a panic elsewhere while swapping an Arc.
        self.inner
            .current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn install(&self, built: Arc<Built>) {
        *self
            .inner
            .current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(built);
    }

    async fn build(&self) -> Result<Arc<Built>> {
        let catalog = &self.inner.catalog;
        let fingerprint = self.fingerprint().await?;
        let synonyms = catalog.store().synonyms().await?;
        let lists = catalog.current_lists().await?;
        let built = tokio::task::spawn_blocking(move || {
            let docs = lists.iter().flat_map(|list| {
                list.items
                    .iter()
                    .filter(|item| item.status != ItemStatus::Cancelled)
                    .map(|item| {
                        SearchDoc::from_item(&list.department, &list.version.version_id, item)
                    })
            });
            let started = std::time::Instant::now();
            let index = SearchIndex::build(docs.collect::<Vec<_>>()).with_synonyms(synonyms);
            tracing::info!(
                items = index.len(),
                elapsed_ms = started.elapsed().as_millis() as u64,
                "search index built"
            );
            Built { fingerprint, index }
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "building the search index failed");
            CatalogError::Internal
        })?;
        Ok(Arc::new(built))
    }

    async fn fingerprint(&self) -> Result<Fingerprint> {
        Ok(self.inner.catalog.store().search_fingerprint().await?)
    }

    /// The index, rebuilt first when the published versions or the
    /// synonyms changed.
    async fn index(&self) -> Result<Arc<Built>> {
        let fingerprint = self.fingerprint().await?;
        if let Some(built) = self.installed().filter(|b| b.fingerprint == fingerprint) {
            return Ok(built);
        }
        let _building = self.inner.building.lock().await;
        // Another request may have rebuilt it while this one waited.
        if let Some(built) = self.installed().filter(|b| b.fingerprint == fingerprint) {
            return Ok(built);
        }
        let built = self.build().await?;
        self.install(built.clone());
        Ok(built)
    }

    /// One page of results.
    pub async fn search(&self, query: &Query) -> Result<SearchResults> {
        Ok(self.index().await?.index.search(query))
    }

    /// Item names for what is being typed.
    pub async fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        Ok(self.index().await?.index.suggest(prefix, limit))
    }

    /// The items whose legal bases cite `law` (`《土地管理法实施条例》第五十七条`,
    /// `土地管理法实施条例第57条`, …).
    pub async fn citing(&self, law: &str) -> std::result::Result<CitingResults, BasisError> {
        let citation = LawCitation::parse(law)?;
        let items = self.index().await?.index.citing(&citation);
        Ok(CitingResults {
            citation: citation.to_string(),
            law: citation.title().to_owned(),
            article: citation.article().map(|a| a.to_string()),
            total: items.len(),
            items,
        })
    }
}

/// How many suggestions the search box shows.
const SUGGESTIONS: usize = 8;

fn segments(segments: Vec<data::search::Segment>) -> Vec<SegmentView> {
    segments
        .into_iter()
        .map(|s| SegmentView {
            text: s.text,
            matched: s.matched,
        })
        .collect()
}

fn search_view(results: SearchResults) -> SearchView {
    let n_pages = results
        .total
        .min(data::search::MAX_RESULTS)
        .div_ceil(results.per_page.max(1));
    SearchView {
        total: results.total,
        page: results.page,
        n_pages: n_pages.max(1),
        matched_all: results.matched_all,
        hits: results
            .hits
            .into_iter()
            .map(|hit| {
                let mut name = None;
                let mut highlights = Vec::new();
                for highlight in hit.highlights {
                    if highlight.field == Field::Name {
                        name = Some(segments(highlight.segments));
                    } else {
                        highlights.push(HighlightView {
                            label: highlight.field.label().to_owned(),
                            segments: segments(highlight.segments),
                        });
                    }
                }
                HitView {
                    name: name.unwrap_or_else(|| {
                        vec![SegmentView {
                            text: hit.name.clone(),
                            matched: false,
                        }]
                    }),
                    item_id: hit.item_id,
                    item_code: hit.item_code,
                    dept_code: hit.dept_code,
                    department_name: hit.department_name,
                    category: hit.category,
                    implementing_level: hit.implementing_level,
                    highlights,
                }
            })
            .collect(),
        departments: results
            .departments
            .into_iter()
            .map(|f| FacetView {
                key: f.key.to_string(),
                label: f.label,
                count: f.count,
            })
            .collect(),
        categories: results
            .categories
            .into_iter()
            .map(|f| FacetView {
                key: f.key.abbr().to_owned(),
                label: f.label,
                count: f.count,
            })
            .collect(),
    }
}

impl Finder for Search {
    fn search(&self, query: SearchQuery) -> PortalFuture<'_, SearchView> {
        Box::pin(async move {
            let request = SearchRequest {
                q: query.q,
                department: query.department,
                category: query.category,
                level: query.level,
                page: query.page,
                per_page: None,
            };
            let query = request.to_query()?;
            Ok(search_view(Search::search(self, &query).await?))
        })
    }

    fn suggest(&self, prefix: String) -> PortalFuture<'_, Vec<String>> {
        Box::pin(async move {
            Ok(Search::suggest(self, &prefix, SUGGESTIONS)
                .await?
                .into_iter()
                .map(|s| s.text)
                .collect())
        })
    }

    fn citing(&self, law: String) -> PortalFuture<'_, BasisView> {
        Box::pin(async move {
            match Search::citing(self, &law).await {
                Ok(results) => Ok(BasisView::Found {
                    citation: results.citation,
                    items: results
                        .items
                        .into_iter()
                        .map(|hit| CitingView {
                            item_id: hit.item_id,
                            item_code: hit.item_code,
                            name: hit.name,
                            department_name: hit.department_name,
                            category: hit.category,
                            bases: hit.bases,
                        })
                        .collect(),
                }),
                Err(BasisError::Citation(problem)) => Ok(BasisView::Unreadable(match problem {
                    CitationError::Empty => BasisProblem::Empty,
                    CitationError::MissingTitle(_) => BasisProblem::MissingTitle,
                    CitationError::Article(rest) => BasisProblem::Article(rest),
                })),
                Err(BasisError::Catalog(e)) => Err(PortalError::from(e)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        request: SearchRequest,
        expected: std::result::Result<(&str, Option<&str>, usize), &str>,
    ) {
        let got = request.to_query();
        match (got, expected) {
            (Ok(query), Ok((text, category, page))) => {
                assert_eq!(query.text, text);
                assert_eq!(query.category.map(Category::abbr), category);
                assert_eq!(query.page, page);
            }
            (Err(error), Err(message)) => assert!(
                error.to_string().contains(message),
                "`{error}` should mention `{message}`"
            ),
            (got, expected) => panic!("got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn requests_become_queries() {
        check(
            SearchRequest {
                q: " 食品 ".into(),
                category: Some("行政处罚".into()),
                ..SearchRequest::default()
            },
            Ok(("食品", Some("CF"), 1)),
        );
        check(
            SearchRequest {
                q: "罚款".into(),
                category: Some("cf".into()),
                department: Some(String::new()),
                page: Some(2),
                ..SearchRequest::default()
            },
            Ok(("罚款", Some("CF"), 2)),
        );
        check(
            SearchRequest {
                category: Some("行政罚款".into()),
                ..SearchRequest::default()
            },
            Err("unknown category"),
        );
        check(
            SearchRequest {
                page: Some(0),
                ..SearchRequest::default()
            },
            Err("counts from 1"),
        );
        check(
            SearchRequest {
                per_page: Some(101),
                ..SearchRequest::default()
            },
            Err("between 1 and 100"),
        );
        check(
            SearchRequest {
                department: Some("S J".into()),
                ..SearchRequest::default()
            },
            Err(""),
        );
    }
}
