//! The public REST API, `/api/v1`: read-only JSON with the interchange
//! format's field names. Handlers are thin adapters over [`Catalog`].

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, CatalogError};
use crate::chart::{self, ChartError, ChartOptions, Engine, Format};

/// An API error: 4xx say what was wrong, 5xx only "internal error".
#[derive(Debug)]
pub enum ApiError {
    /// 404.
    NotFound(String),
    /// 400.
    BadRequest(String),
    /// 422: well-formed but unusable, e.g. an invalid flowchart.
    Unprocessable(String),
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
            ApiError::Unprocessable(m) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unprocessable",
                m.as_str(),
            ),
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

/// Query of the flowchart endpoints.
#[derive(Debug, Deserialize)]
pub struct ChartQuery {
    version: Option<String>,
    #[serde(default)]
    engine: Engine,
    /// `lr` for left to right; top to bottom otherwise.
    direction: Option<String>,
    #[serde(default)]
    swimlanes: bool,
}

async fn flowchart(
    catalog: &Catalog,
    item_id: &str,
    query: ChartQuery,
    format: Format,
) -> ApiResult<Response> {
    let (_, item) = catalog.item(item_id, query.version.as_deref()).await?;
    let chart = item
        .flowchart
        .ok_or_else(|| ApiError::NotFound(format!("item `{item_id}` has no flowchart")))?;
    let options = ChartOptions {
        engine: query.engine,
        left_to_right: query.direction.as_deref() == Some("lr"),
        swimlanes: query.swimlanes,
    };
    let rendering = tokio::task::spawn_blocking(move || chart::render(&chart, format, &options))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "chart rendering task failed");
            ApiError::Internal
        })?;
    match rendering {
        Ok(bytes) => {
            Ok(([(header::CONTENT_TYPE, chart::content_type(format))], bytes).into_response())
        }
        Err(error @ (ChartError::Invalid(_) | ChartError::Dot(_))) => {
            Err(ApiError::Unprocessable(error.to_string()))
        }
        Err(error @ ChartError::GeometryNeedsSunlit) => {
            Err(ApiError::BadRequest(error.to_string()))
        }
        Err(error) => {
            tracing::error!(error = %error, "chart rendering failed");
            Err(ApiError::Internal)
        }
    }
}

async fn flowchart_svg(
    State(catalog): State<Catalog>,
    Path(item_id): Path<String>,
    Query(query): Query<ChartQuery>,
) -> ApiResult<Response> {
    flowchart(&catalog, &item_id, query, Format::Svg).await
}

async fn flowchart_png(
    State(catalog): State<Catalog>,
    Path(item_id): Path<String>,
    Query(query): Query<ChartQuery>,
) -> ApiResult<Response> {
    flowchart(&catalog, &item_id, query, Format::Png).await
}

async fn flowchart_json(
    State(catalog): State<Catalog>,
    Path(item_id): Path<String>,
    Query(query): Query<ChartQuery>,
) -> ApiResult<Response> {
    flowchart(&catalog, &item_id, query, Format::Json).await
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
        .route("/items/{item_id}/flowchart.svg", get(flowchart_svg))
        .route("/items/{item_id}/flowchart.png", get(flowchart_png))
        .route("/items/{item_id}/flowchart.json", get(flowchart_json))
        .fallback(not_found)
        .with_state(catalog)
}
