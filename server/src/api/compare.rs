//! `GET /api/v1/compare?department=CODE&from=V1&to=V2`: the comparison of
//! two published versions as JSON, from the same service as the page;
//! with `to_department=OTHER`, `to` is a version of another department and
//! the lists are compared by power (同一事项比对).

use axum::Json;
use axum::extract::{Query, State};
use data::diff::{ItemDiff, Summary};
use serde::{Deserialize, Serialize};

use super::ApiResult;
use crate::catalog::Catalog;
use crate::compare::Comparing;

/// The query: a department and, optionally, the two versions.
#[derive(Debug, Deserialize)]
pub struct CompareParams {
    department: String,
    to_department: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The response body.
#[derive(Debug, Serialize)]
pub struct CompareBody {
    department: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_department: Option<String>,
    from: String,
    to: String,
    summary: Summary,
    items: Vec<ItemDiff>,
}

/// The handler.
pub async fn comparison(
    State(catalog): State<Catalog>,
    Query(params): Query<CompareParams>,
) -> ApiResult<Json<CompareBody>> {
    let compared = Comparing::new(catalog)
        .compare(
            &params.department,
            params.to_department.as_deref(),
            params.from.as_deref(),
            params.to.as_deref(),
        )
        .await?;
    Ok(Json(CompareBody {
        department: compared.from.department.dept_code.to_string(),
        to_department: compared
            .other_versions
            .is_some()
            .then(|| compared.to.department.dept_code.to_string()),
        from: compared.from.version.version_id.to_string(),
        to: compared.to.version.version_id.to_string(),
        summary: compared.comparison.summary,
        items: compared.comparison.items,
    }))
}
