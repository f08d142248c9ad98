//! The public REST API, `/api/v1`: read-only JSON with the interchange
//! format's field names. Handlers are thin adapters over [`Catalog`].

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, CatalogError};

/// An API error: 4xx say what was wrong, 5xx only "internal error".
#[derive(Debug)]
pub enum ApiError {
    /// 404.
    NotFound(String),
    /// 400.
    BadRequest(String),
    /// 500; the cause is logged, not sent.
    Internal,
}

impl From<CatalogError> for ApiError {
    fn from(error: CatalogError) -> Self {
        match error {
            CatalogError::NotFound(what) => ApiError::NotFound(format!("not found: {what}")),
            CatalogError::BadRequest(what) => ApiError::BadRequest(what),
            CatalogError::Store(e) => {
                tracing::error!(error = %e, "store failure in API request");
                ApiError::Internal
            }
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m.as_str()),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.as_str()),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ),
        };
        (
            status,
            Json(ErrorBody {
                error: ErrorDetail { code, message },
            }),
        )
            .into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// `?version=` on endpoints that can show a past version.
#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    version: Option<String>,
}

/// A department in `GET /departments`.
#[derive(Debug, Serialize)]
struct DepartmentEntry {
    dept_code: String,
    name: String,
    short_name: Option<String>,
    supervision_phone: Option<String>,
    n_items: usize,
    current_version: Option<String>,
    categories: Vec<data::catalog::CategoryCount>,
}

async fn departments(State(catalog): State<Catalog>) -> ApiResult<Json<Vec<DepartmentEntry>>> {
    let summaries = catalog.department_summaries().await?;
    Ok(Json(
        summaries
            .into_iter()
            .map(|d| DepartmentEntry {
                dept_code: d.code.to_string(),
                name: d.name,
                short_name: d.short_name,
                supervision_phone: d.supervision_phone,
                n_items: d.n_items,
                current_version: d.current_version.map(|v| v.version_id.to_string()),
                categories: d.categories,
            })
            .collect(),
    ))
}

/// The items of a department's version.
#[derive(Debug, Serialize)]
struct ItemsBody {
    dept_code: String,
    version_id: String,
    items: Vec<data::Item>,
}

async fn department_items(
    State(catalog): State<Catalog>,
    Path(code): Path<String>,
    Query(query): Query<VersionQuery>,
) -> ApiResult<Json<ItemsBody>> {
    let list = catalog
        .department_list(&code, query.version.as_deref())
        .await?;
    Ok(Json(ItemsBody {
        dept_code: list.department.dept_code.to_string(),
        version_id: list.version.version_id.to_string(),
        items: list.items,
    }))
}

async fn department_versions(
    State(catalog): State<Catalog>,
    Path(code): Path<String>,
) -> ApiResult<Json<Vec<data::catalog::VersionSummary>>> {
    Ok(Json(catalog.version_summaries(&code).await?))
}

async fn item(
    State(catalog): State<Catalog>,
    Path(item_id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> ApiResult<Response> {
    let (version, item) = catalog.item(&item_id, query.version.as_deref()).await?;
    let mut response = Json(item).into_response();
    if let Ok(value) = HeaderValue::from_str(version.version_id.as_str()) {
        response.headers_mut().insert("x-sunlit-version", value);
    }
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such endpoint".to_owned())
}

/// The `/api/v1` router.
pub fn router(catalog: Catalog) -> Router {
    Router::new()
        .route("/departments", get(departments))
        .route("/departments/{code}/items", get(department_items))
        .route("/departments/{code}/versions", get(department_versions))
        .route("/items/{item_id}", get(item))
        .fallback(not_found)
        .with_state(catalog)
}
