//! The catalogue service: published lists as the portal, the REST API and
//! the CLI read them. Rules about which version is current live here, once.

use std::cmp::Reverse;

use app::portal::{DepartmentView, HomeView, ItemView, Portal, PortalError, PortalFuture};
use data::catalog::{DepartmentSummary, VersionSummary};
use data::interchange::{DepartmentList, Document};
use data::item::ItemStatus;
use data::version::{Department, VersionStatus};
use data::{DepartmentCode, Item, ItemId, VersionId};

use crate::store::{Store, StoreError, StoredVersion};

/// How many versions the home page lists.
const RECENT_VERSIONS: usize = 6;

/// The most items one page of a department's list may hold.
pub const MAX_ITEMS_PER_PAGE: usize = 500;
/// Items per page when the client does not say.
pub const DEFAULT_ITEMS_PER_PAGE: usize = 100;

/// Which items of a department's list to return, and which page of them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ItemFilter {
    /// A published version (default: current).
    pub version: Option<String>,
    /// A category abbreviation (`XK`) or name.
    pub category: Option<String>,
    /// An item status: 有效, 暂停, 已取消, 已下放.
    pub status: Option<String>,
    /// 1-based page.
    pub page: Option<usize>,
    /// Items per page, 1 to [`MAX_ITEMS_PER_PAGE`].
    pub per_page: Option<usize>,
}

/// One page of a department's list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ItemsPage {
    /// The department.
    pub dept_code: DepartmentCode,
    /// The version the items are from.
    pub version_id: VersionId,
    /// Items matching the filters, on all pages.
    pub total: usize,
    /// The page served.
    pub page: usize,
    /// Items per page.
    pub per_page: usize,
    /// The items of this page, in list order.
    pub items: Vec<Item>,
}

/// Read access to published content over a [`Store`].
#[derive(Debug, Clone)]
pub struct Catalog {
    store: Store,
}

/// Why a catalogue request failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// Unknown department, version or item.
    #[error("{0}")]
    NotFound(String),
    /// A malformed code or id.
    #[error("{0}")]
    BadRequest(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else failed on the server; the cause is logged where it happened.
    #[error("internal error")]
    Internal,
}

impl From<CatalogError> for PortalError {
    fn from(error: CatalogError) -> Self {
        match error {
            CatalogError::NotFound(what) => PortalError::NotFound(what),
            CatalogError::BadRequest(what) => PortalError::BadRequest(what),
            CatalogError::Store(e) => {
                tracing::error!(error = %e, "store failure");
                PortalError::Internal
            }
            CatalogError::Internal => PortalError::Internal,
        }
    }
}

type Result<T> = std::result::Result<T, CatalogError>;

/// Newest first: by effective date, then by order of import.
fn sort_newest_first(versions: &mut [StoredVersion]) {
    versions.sort_by_key(|v| Reverse((v.meta.effective_date, v.seq)));
}

fn summary(version: &StoredVersion, department: &Department, current: bool) -> VersionSummary {
    VersionSummary {
        version_id: version.meta.version_id.clone(),
        dept_code: department.dept_code.clone(),
        department_name: department.name.clone(),
        label: version.meta.label.clone(),
        effective_date: version.meta.effective_date,
        published_doc_no: version.meta.published_doc_no.clone(),
        status: if current {
            VersionStatus::Published
        } else {
            VersionStatus::Superseded
        },
        n_items: version.item_ids.len(),
    }
}

fn department_summary(
    department: &Department,
    current: Option<&StoredVersion>,
) -> DepartmentSummary {
    DepartmentSummary {
        code: department.dept_code.clone(),
        name: department.name.clone(),
        short_name: department.short_name.clone(),
        supervision_phone: department.supervision_phone.clone(),
        n_items: current.map_or(0, |v| v.item_ids.len()),
        categories: current.map(|v| v.categories.clone()).unwrap_or_default(),
        current_version: current.map(|v| summary(v, department, true)),
    }
}

fn parse_code(code: &str) -> Result<DepartmentCode> {
    DepartmentCode::new(code).map_err(|e| CatalogError::BadRequest(e.to_string()))
}

fn parse_version(version: Option<&str>) -> Result<Option<VersionId>> {
    version
        .filter(|v| !v.is_empty())
        .map(|v| VersionId::new(v).map_err(|e| CatalogError::BadRequest(e.to_string())))
        .transpose()
}

impl Catalog {
    /// Wraps a store.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The underlying store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The home page: departments with current counts, recent versions.
    pub async fn home_view(&self) -> Result<HomeView> {
        let departments = self.store.departments().await?;
        let mut versions = self.store.versions(None).await?;
        sort_newest_first(&mut versions);
        let summaries = departments
            .iter()
            .map(|d| {
                department_summary(
                    d,
                    versions
                        .iter()
                        .find(|v| v.dept_code == d.dept_code.as_str()),
                )
            })
            .collect();
        let recent_versions = versions
            .iter()
            .filter_map(|v| {
                let department = departments
                    .iter()
                    .find(|d| d.dept_code.as_str() == v.dept_code)?;
                let current = versions
                    .iter()
                    .find(|c| c.dept_code == v.dept_code)
                    .is_some_and(|c| c.seq == v.seq);
                Some(summary(v, department, current))
            })
            .take(RECENT_VERSIONS)
            .collect();
        Ok(HomeView {
            departments: summaries,
            recent_versions,
        })
    }

    async fn department_and_versions(
        &self,
        code: &str,
    ) -> Result<(Department, Vec<StoredVersion>)> {
        let code = parse_code(code)?;
        let department = self
            .store
            .department(code.as_str())
            .await?
            .ok_or_else(|| CatalogError::NotFound(format!("department `{code}`")))?;
        let mut versions = self.store.versions(Some(code.as_str())).await?;
        sort_newest_first(&mut versions);
        Ok((department, versions))
    }

    /// A department's list in one version (default: current).
    pub async fn department_view(
        &self,
        code: &str,
        version: Option<&str>,
    ) -> Result<DepartmentView> {
        let version = parse_version(version)?;
        let (department, versions) = self.department_and_versions(code).await?;
        let shown = match &version {
            Some(id) => versions.iter().find(|v| &v.meta.version_id == id),
            None => versions.first(),
        }
        .ok_or_else(|| match &version {
            Some(id) => CatalogError::NotFound(format!("version `{id}` of department `{code}`")),
            None => CatalogError::NotFound(format!("published list of department `{code}`")),
        })?;
        let items = self.store.summaries(&shown.manifest).await?;
        let is_current = |v: &StoredVersion| versions.first().is_some_and(|c| c.seq == v.seq);
        let consultation_until = self
            .store
            .review(code)
            .await?
            .and_then(|review| review.consultation_until);
        Ok(DepartmentView {
            consultation_until,
            department: department_summary(&department, versions.first()),
            version: summary(shown, &department, is_current(shown)),
            versions: versions
                .iter()
                .map(|v| summary(v, &department, is_current(v)))
                .collect(),
            items,
        })
    }

    /// An item as published in `version` (default: the newest version containing it).
    pub async fn item_view(&self, item_id: &str, version: Option<&str>) -> Result<ItemView> {
        let item_id = ItemId::new(item_id).map_err(|e| CatalogError::BadRequest(e.to_string()))?;
        let version = parse_version(version)?;
        let mut containing = self.store.versions_containing(item_id.as_str()).await?;
        sort_newest_first(&mut containing);
        let dept_code = containing
            .first()
            .map(|v| v.dept_code.clone())
            .ok_or_else(|| CatalogError::NotFound(format!("item `{item_id}`")))?;
        let (department, all_versions) = self.department_and_versions(&dept_code).await?;
        // Item ids are unique within a department; stay in the newest one's.
        containing.retain(|v| v.dept_code == dept_code);
        let shown = match &version {
            Some(id) => containing.iter().find(|v| &v.meta.version_id == id),
            None => containing.first(),
        }
        .ok_or_else(|| {
            CatalogError::NotFound(format!(
                "item `{item_id}` in version `{}`",
                version
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ))
        })?;
        let hash = shown
            .revision_of(item_id.as_str())
            .ok_or_else(|| CatalogError::NotFound(format!("item `{item_id}`")))?
            .to_owned();
        let item = self
            .store
            .items(std::slice::from_ref(&hash))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| CatalogError::NotFound(format!("revision of item `{item_id}`")))?;
        let siblings = self.store.summaries(&shown.manifest).await?;
        let parent = item
            .parent_code
            .as_ref()
            .and_then(|p| siblings.iter().find(|s| &s.item_code == p))
            .cloned();
        let sub_items = siblings
            .iter()
            .filter(|s| s.parent_code.as_deref() == Some(item.item_code.as_str()))
            .cloned()
            .collect();
        let is_current = |v: &StoredVersion| all_versions.first().is_some_and(|c| c.seq == v.seq);
        Ok(ItemView {
            version: summary(shown, &department, is_current(shown)),
            versions: containing
                .iter()
                .map(|v| summary(v, &department, is_current(v)))
                .collect(),
            item,
            department,
            parent,
            sub_items,
        })
    }

    /// Every department with its current counts.
    pub async fn department_summaries(&self) -> Result<Vec<DepartmentSummary>> {
        Ok(self.home_view().await?.departments)
    }

    /// A department's versions, newest first.
    pub async fn version_summaries(&self, code: &str) -> Result<Vec<VersionSummary>> {
        let (department, versions) = self.department_and_versions(code).await?;
        Ok(versions
            .iter()
            .enumerate()
            .map(|(i, v)| summary(v, &department, i == 0))
            .collect())
    }

    /// A department's list as stored, in one version (default: current).
    pub async fn department_list(
        &self,
        code: &str,
        version: Option<&str>,
    ) -> Result<DepartmentList> {
        let version = parse_version(version)?;
        let (department, versions) = self.department_and_versions(code).await?;
        let stored = match &version {
            Some(id) => versions.into_iter().find(|v| &v.meta.version_id == id),
            None => versions.into_iter().next(),
        }
        .ok_or_else(|| CatalogError::NotFound(format!("version of department `{code}`")))?;
        let items: Vec<Item> = self.store.items(&stored.manifest).await?;
        if items.len() != stored.manifest.len() {
            return Err(CatalogError::NotFound(format!(
                "revisions of version `{}`",
                stored.meta.version_id
            )));
        }
        Ok(DepartmentList {
            department,
            version: stored.meta,
            items,
            adjustments: stored.adjustments,
        })
    }

    /// The current list of every department that has published one, by
    /// department code.
    pub async fn current_lists(&self) -> Result<Vec<DepartmentList>> {
        let departments = self.department_summaries().await?;
        let mut lists = Vec::with_capacity(departments.len());
        for department in departments {
            if department.current_version.is_some() {
                lists.push(self.department_list(department.code.as_str(), None).await?);
            }
        }
        Ok(lists)
    }

    /// The whole published registry: the interchange document of every
    /// department's current version, by department code.
    pub async fn export_current(&self) -> Result<Vec<Document>> {
        let jurisdiction = self.store.jurisdiction().await?;
        Ok(self
            .current_lists()
            .await?
            .iter()
            .map(|list| data::interchange::export(jurisdiction.clone(), list))
            .collect())
    }

    /// One page of a department's list in one version, filtered by
    /// category and status.
    pub async fn department_items(&self, code: &str, filter: &ItemFilter) -> Result<ItemsPage> {
        let non_empty = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let category = non_empty(&filter.category)
            .map(|c| {
                data::Category::parse(&c)
                    .ok_or_else(|| CatalogError::BadRequest(format!("unknown category `{c}`")))
            })
            .transpose()?;
        let status = non_empty(&filter.status)
            .map(|s| {
                serde_json::from_value::<ItemStatus>(serde_json::Value::String(s.trim().to_owned()))
                    .map_err(|_| {
                        CatalogError::BadRequest(format!(
                            "unknown status `{s}`; expected 有效, 暂停, 已取消 or 已下放"
                        ))
                    })
            })
            .transpose()?;
        let page = filter.page.unwrap_or(1);
        if page == 0 {
            return Err(CatalogError::BadRequest("`page` counts from 1".to_owned()));
        }
        let per_page = filter.per_page.unwrap_or(DEFAULT_ITEMS_PER_PAGE);
        if !(1..=MAX_ITEMS_PER_PAGE).contains(&per_page) {
            return Err(CatalogError::BadRequest(format!(
                "`per_page` must be between 1 and {MAX_ITEMS_PER_PAGE}"
            )));
        }
        let list = self
            .department_list(code, non_empty(&filter.version).as_deref())
            .await?;
        let matching: Vec<Item> = list
            .items
            .into_iter()
            .filter(|i| category.is_none_or(|c| i.category == c))
            .filter(|i| status.is_none_or(|s| i.status == s))
            .collect();
        let total = matching.len();
        let items = matching
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        Ok(ItemsPage {
            dept_code: list.department.dept_code,
            version_id: list.version.version_id,
            total,
            page,
            per_page,
            items,
        })
    }

    /// The interchange document of a department's version.
    pub async fn export(&self, code: &str, version: Option<&str>) -> Result<Document> {
        let list = self.department_list(code, version).await?;
        let jurisdiction = self.store.jurisdiction().await?;
        Ok(data::interchange::export(jurisdiction, &list))
    }

    /// One item as published in `version` (default: newest containing it).
    pub async fn item(
        &self,
        item_id: &str,
        version: Option<&str>,
    ) -> Result<(VersionSummary, Item)> {
        let view = self.item_view(item_id, version).await?;
        Ok((view.version, view.item))
    }
}

impl Portal for Catalog {
    fn home(&self) -> PortalFuture<'_, HomeView> {
        Box::pin(async move { Ok(self.home_view().await?) })
    }

    fn department(
        &self,
        code: String,
        version: Option<String>,
    ) -> PortalFuture<'_, DepartmentView> {
        Box::pin(async move { Ok(self.department_view(&code, version.as_deref()).await?) })
    }

    fn item(&self, item_id: String, version: Option<String>) -> PortalFuture<'_, ItemView> {
        Box::pin(async move { Ok(self.item_view(&item_id, version.as_deref()).await?) })
    }
}
