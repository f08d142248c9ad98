//! The public REST API, `/api/v1`: read-only JSON with the interchange
//! format's field names. Handlers are thin adapters over [`Catalog`].

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRef, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, CatalogError, ItemFilter, ItemsPage};
use crate::chart::{self, ChartError, ChartOptions, Engine, Format};
use crate::search::{BasisError, CitingResults, Search, SearchRequest};

mod compare;

/// An API error: 4xx say what was wrong, 5xx only "internal error".
#[derive(Debug)]
pub enum ApiError {
    /// 404.
    NotFound(String),
    /// 400.
    BadRequest(String),
    /// 422: well-formed but unusable, e.g. an invalid flowchart.
    Unprocessable(String),
    /// 503: the heavy-work queue is full ([`crate::heavy`]).
    Busy,
    /// 500; the cause is logged, not sent.
    Internal,
}

impl From<crate::heavy::HeavyError> for ApiError {
    fn from(error: crate::heavy::HeavyError) -> Self {
        match error {
            crate::heavy::HeavyError::Busy => ApiError::Busy,
            crate::heavy::HeavyError::Failed(e) => {
                tracing::error!(error = %e, "heavy work failed");
                ApiError::Internal
            }
        }
    }
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
            CatalogError::Internal => ApiError::Internal,
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
            ApiError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is busy; try again in a moment",
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            ),
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error: ErrorDetail { code, message },
            }),
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A query string that did not decode is a 400 with the usual error body.
fn checked<T>(query: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    query
        .map(|Query(q)| q)
        .map_err(|rejection| ApiError::BadRequest(rejection.body_text()))
}

/// What the API handlers share.
#[derive(Clone)]
pub struct ApiState {
    /// Published lists.
    pub catalog: Catalog,
    /// The search index over them.
    pub search: Search,
}

impl FromRef<ApiState> for Catalog {
    fn from_ref(state: &ApiState) -> Catalog {
        state.catalog.clone()
    }
}

impl FromRef<ApiState> for Search {
    fn from_ref(state: &ApiState) -> Search {
        state.search.clone()
    }
}

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

async fn department_items(
    State(catalog): State<Catalog>,
    Path(code): Path<String>,
    query: Result<Query<ItemFilter>, QueryRejection>,
) -> ApiResult<Json<ItemsPage>> {
    let filter = checked(query)?;
    Ok(Json(catalog.department_items(&code, &filter).await?))
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
    let rendering = chart::render_cached(chart, format, options).await?;
    match rendering {
        Ok(bytes) => {
            Ok(([(header::CONTENT_TYPE, chart::content_type(format))], bytes).into_response())
        }
        Err(
            error @ (ChartError::Invalid(_)
            | ChartError::Dot(_)
            | ChartError::TooLargeForLayoutRs(_)
            | ChartError::TooLargeForPng(..)),
        ) => Err(ApiError::Unprocessable(error.to_string())),
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

async fn search_items(
    State(search): State<Search>,
    query: Result<Query<SearchRequest>, QueryRejection>,
) -> ApiResult<Json<data::search::SearchResults>> {
    let query = checked(query)?.to_query()?;
    Ok(Json(search.search(&query).await?))
}

/// `?law=` of the legal-basis lookup.
#[derive(Debug, Deserialize)]
pub struct BasisQuery {
    #[serde(default)]
    law: String,
}

async fn basis(
    State(search): State<Search>,
    query: Result<Query<BasisQuery>, QueryRejection>,
) -> ApiResult<Json<CitingResults>> {
    let query = checked(query)?;
    match search.citing(&query.law).await {
        Ok(results) => Ok(Json(results)),
        Err(BasisError::Citation(e)) => Err(ApiError::BadRequest(e.to_string())),
        Err(BasisError::Catalog(e)) => Err(e.into()),
    }
}

async fn discretion(
    State(catalog): State<Catalog>,
    Path(item_id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> ApiResult<Json<data::discretion::Discretion>> {
    let (_, item) = catalog.item(&item_id, query.version.as_deref()).await?;
    item.discretion.map(Json).ok_or_else(|| {
        ApiError::NotFound(format!(
            "item `{item_id}` has no discretion standard (裁量基准)"
        ))
    })
}

/// A JSON body offered as a file to save.
fn attachment(body: &impl Serialize, filename: &str) -> ApiResult<Response> {
    let mut json = serde_json::to_vec_pretty(body).map_err(|e| {
        tracing::error!(error = %e, "serialising an export failed");
        ApiError::Internal
    })?;
    json.push(b'\n');
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|_| ApiError::BadRequest(format!("cannot name a file `{filename}`")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        json,
    )
        .into_response())
}

async fn version_export(
    State(catalog): State<Catalog>,
    Path((code, version)): Path<(String, String)>,
) -> ApiResult<Response> {
    let document = catalog.export(&code, Some(&version)).await?;
    let filename = format!(
        "sunlit-{}-{}.json",
        document
            .departments
            .first()
            .map_or(code.as_str(), |d| d.dept_code.as_str()),
        document.list_version.version_id
    );
    attachment(&document, &filename)
}

/// A published version as a spreadsheet (`xlsx`, `csv`, `csv.zip`).
async fn version_sheet(
    catalog: Catalog,
    code: String,
    version: String,
    format: crate::export::ExportFormat,
) -> ApiResult<Response> {
    let list = catalog.department_list(&code, Some(&version)).await?;
    let bytes = crate::export::render(&list, None, format).map_err(|e| {
        tracing::error!(error = %e, "writing a spreadsheet export failed");
        ApiError::Internal
    })?;
    let filename = format!("sunlit-{}", crate::export::file_name(&list, format));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .map_err(|_| ApiError::BadRequest(format!("cannot name a file `{filename}`")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// Every department's current version as JSON, XLSX and CSV, in one zip.
async fn registry_zip(State(catalog): State<Catalog>) -> ApiResult<Response> {
    let lists = catalog.current_lists().await?;
    let jurisdiction = catalog.store().jurisdiction().await.map_err(|e| {
        tracing::error!(error = %e, "reading the jurisdiction failed");
        ApiError::Internal
    })?;
    let bytes = crate::heavy::run(move || crate::export::registry_zip(&lists, jurisdiction))
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "writing the registry zip failed");
            ApiError::Internal
        })?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"sunlit-registry.zip\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The whole published registry: every department's current version.
#[derive(Debug, Serialize)]
pub struct RegistryExport {
    /// Interchange format version of the documents.
    pub schema_version: &'static str,
    /// One interchange document per department, by department code; each
    /// can be imported on its own with `sunlit import`.
    pub documents: Vec<data::interchange::Document>,
}

async fn registry_export(State(catalog): State<Catalog>) -> ApiResult<Response> {
    let documents = catalog.export_current().await?;
    attachment(
        &RegistryExport {
            schema_version: data::interchange::SCHEMA_VERSION,
            documents,
        },
        "sunlit-registry.json",
    )
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::document().to_string(),
    )
        .into_response()
}

/// How long clients may reuse a response about what is current.
const CURRENT_MAX_AGE: &str = "public, max-age=60";
/// Responses addressed by a published version never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether `uri` names content by an explicit published version.
fn is_immutable(uri: &axum::http::Uri) -> bool {
    let versioned_query = uri.query().is_some_and(|q| {
        q.split('&')
            .any(|pair| pair.strip_prefix("version=").is_some_and(|v| !v.is_empty()))
    });
    let versioned_path = uri.path().contains("/versions/") && uri.path().contains("/export.");
    versioned_query || versioned_path
}

/// A strong entity tag: a hash of the body.
fn entity_tag(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison,
/// as RFC 9110 prescribes for this header).
pub(crate) fn none_match(header_value: &str, etag: &str) -> bool {
    header_value.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// HTTP caching for successful GETs: a strong `ETag` (hash of the body),
/// `Cache-Control` long and immutable for version-addressed content and
/// short for what is current, and `304 Not Modified` when the client
/// already holds the body.
pub async fn http_cache(request: Request, next: Next) -> Response {
    let is_get = request.method() == axum::http::Method::GET;
    let is_head = request.method() == axum::http::Method::HEAD;
    let immutable = is_immutable(request.uri());
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    if !(is_get || is_head) || response.status() != StatusCode::OK {
        return response;
    }
    let cache_control = HeaderValue::from_static(if immutable {
        IMMUTABLE
    } else {
        CURRENT_MAX_AGE
    });
    let (mut parts, body) = response.into_parts();
    parts.headers.insert(header::CACHE_CONTROL, cache_control);
    if is_head {
        // The router has dropped the body already; there is nothing to hash.
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(e) => {
            tracing::error!(error = %e, "reading a response body failed");
            return ApiError::Internal.into_response();
        }
    };
    let etag = entity_tag(&bytes);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.is_some_and(|v| none_match(&v, &etag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_DISPOSITION);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// CORS for the public API: anyone may read it from a browser, without
/// credentials.
fn cors() -> tower_http::cors::CorsLayer {
    use axum::http::Method;
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([header::IF_NONE_MATCH, header::ACCEPT])
        .expose_headers([
            header::ETAG,
            header::HeaderName::from_static("x-sunlit-version"),
        ])
        .max_age(std::time::Duration::from_secs(86_400))
}

/// The `/api/v1` router.
pub fn router(catalog: Catalog, search: Search) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/departments", get(departments))
        .route("/compare", get(compare::comparison))
        .route("/departments/{code}/items", get(department_items))
        .route("/departments/{code}/versions", get(department_versions))
        .route(
            "/departments/{code}/versions/{version}/export.json",
            get(version_export),
        )
        .route(
            "/departments/{code}/versions/{version}/export.xlsx",
            get(
                |State(catalog): State<Catalog>, Path((code, version)): Path<(String, String)>| {
                    version_sheet(catalog, code, version, crate::export::ExportFormat::Xlsx)
                },
            ),
        )
        .route(
            "/departments/{code}/versions/{version}/export.csv",
            get(
                |State(catalog): State<Catalog>, Path((code, version)): Path<(String, String)>| {
                    version_sheet(catalog, code, version, crate::export::ExportFormat::Csv)
                },
            ),
        )
        .route(
            "/departments/{code}/versions/{version}/export.csv.zip",
            get(
                |State(catalog): State<Catalog>, Path((code, version)): Path<(String, String)>| {
                    version_sheet(catalog, code, version, crate::export::ExportFormat::CsvZip)
                },
            ),
        )
        .route("/export.json", get(registry_export))
        .route("/export.zip", get(registry_zip))
        .route("/items/{item_id}", get(item))
        .route("/items/{item_id}/discretion", get(discretion))
        .route("/items/{item_id}/flowchart.svg", get(flowchart_svg))
        .route("/items/{item_id}/flowchart.png", get(flowchart_png))
        .route("/items/{item_id}/flowchart.json", get(flowchart_json))
        .route("/search", get(search_items))
        .route("/basis", get(basis))
        .fallback(not_found)
        .with_state(ApiState { catalog, search })
        .layer(middleware::from_fn(http_cache))
        .layer(cors())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_tags_match_as_rfc_9110_says() {
        let etag = entity_tag(b"{}");
        assert_eq!(etag.len(), 34);
        assert!(none_match(&etag, &etag));
        assert!(none_match(&format!("W/{etag}"), &etag));
        assert!(none_match(&format!("\"other\", {etag}"), &etag));
        assert!(none_match("*", &etag));
        assert!(!none_match("\"other\"", &etag));
    }

    #[test]
    fn version_addressed_content_is_immutable() {
        let check = |uri: &str, expected: bool| {
            let uri: axum::http::Uri = uri.parse().unwrap_or_else(|e| panic!("{uri}: {e}"));
            assert_eq!(is_immutable(&uri), expected, "{uri}");
        };
        check("/items/SJ-XK-001-01?version=v2024.1", true);
        check("/items/SJ-XK-001-01?engine=sunlit&version=v2024.1", true);
        check("/items/SJ-XK-001-01?version=", false);
        check("/items/SJ-XK-001-01", false);
        check("/departments/SJ/versions/v2024.1/export.json", true);
        check("/departments/SJ/versions", false);
        check("/departments/SJ/versions/v2024.1/export.xlsx", true);
        check("/export.json", false);
        check("/export.zip", false);
    }
}
