//! The catalogue service: published lists as the portal, the REST API and
//! the CLI read them. Rules about which version is current live here, once.

use std::cmp::Reverse;

use app::portal::{DepartmentView, HomeView, ItemView, Portal, PortalError, PortalFuture};
use data::catalog::{DepartmentSummary, VersionSummary};
use data::interchange::{DepartmentList, Document};
use data::version::{Department, VersionStatus};
use data::{DepartmentCode, Item, ItemId, VersionId};

use crate::store::{Store, StoreError, StoredVersion};

/// How many versions the home page lists.
const RECENT_VERSIONS: usize = 6;

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
        Ok(DepartmentView {
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
