//! The read side of the portal: view types, the `Portal` service the server
//! provides, and the server functions that adapt it for pages.
//!
//! Server functions here are thin: they take the service from context, call
//! it and return its result. Rules live in `data` and in the server's services.

use std::sync::Arc;

use data::Item;
use data::catalog::{DepartmentSummary, ItemSummary, VersionSummary};
use data::version::Department;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, JsonEncoding};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What the home page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    /// Every department with its current counts.
    pub departments: Vec<DepartmentSummary>,
    /// The most recently published versions, newest first.
    pub recent_versions: Vec<VersionSummary>,
}

/// What a department page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentView {
    /// The department with the counts of its current version.
    pub department: DepartmentSummary,
    /// The version shown (the current one unless `?version=` chose another).
    pub version: VersionSummary,
    /// Every published version of the department, newest first.
    pub versions: Vec<VersionSummary>,
    /// The items of the version shown, in list order.
    pub items: Vec<ItemSummary>,
    /// The last day of the public-comment period of the department's
    /// draft, when one is open (征求意见).
    #[serde(default)]
    pub consultation_until: Option<String>,
}

/// What an item page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    /// The item as published in `version`.
    pub item: Item,
    /// Its department.
    pub department: Department,
    /// The version shown.
    pub version: VersionSummary,
    /// The versions of the department that contain this item, newest first.
    pub versions: Vec<VersionSummary>,
    /// The main item, when this is a sub-item.
    pub parent: Option<ItemSummary>,
    /// The sub-items, when this is a main item.
    pub sub_items: Vec<ItemSummary>,
}

/// Why a portal request failed, as the UI needs to tell it apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PortalError {
    /// No such department, item or version (HTTP 404).
    #[error("not found: {0}")]
    NotFound(String),
    /// The request itself is malformed, e.g. an invalid code (HTTP 400).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Something failed on the server; the cause is in the server log.
    #[error("internal error")]
    Internal,
    /// The server function call itself failed (network, decoding).
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for PortalError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match crate::error::malformed_request(&value) {
            Some(message) => PortalError::BadRequest(message),
            None => PortalError::Transport(value.to_string()),
        }
    }
}

/// A boxed future, so that `Portal` can be used as a trait object.
pub type PortalFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, PortalError>> + Send + 'a>>;

/// Read access to published content; the server implements it over its store.
pub trait Portal: Send + Sync {
    /// Departments and recent versions.
    fn home(&self) -> PortalFuture<'_, HomeView>;
    /// A department's list; `version` picks a published version (default: current).
    fn department(&self, code: String, version: Option<String>)
    -> PortalFuture<'_, DepartmentView>;
    /// An item as published in `version` (default: the current version containing it).
    fn item(&self, item_id: String, version: Option<String>) -> PortalFuture<'_, ItemView>;
}

/// The portal service, as provided in the Leptos context by the server.
#[derive(Clone)]
pub struct PortalHandle(pub Arc<dyn Portal>);

#[cfg(feature = "ssr")]
fn portal() -> Result<Arc<dyn Portal>, PortalError> {
    use_context::<PortalHandle>()
        .map(|h| h.0)
        .ok_or(PortalError::Internal)
}

/// Loads the home page data.
#[server(prefix = "/api/ui", endpoint = "home", input = GetUrl)]
pub async fn get_home() -> Result<HomeView, PortalError> {
    portal()?.home().await
}

/// Loads a department's list.
#[server(prefix = "/api/ui", endpoint = "department", input = GetUrl)]
pub async fn get_department(
    code: String,
    version: Option<String>,
) -> Result<DepartmentView, PortalError> {
    portal()?.department(code, version).await
}

/// Loads an item.
#[server(prefix = "/api/ui", endpoint = "item", input = GetUrl)]
pub async fn get_item(item_id: String, version: Option<String>) -> Result<ItemView, PortalError> {
    portal()?.item(item_id, version).await
}
