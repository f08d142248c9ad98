//! `GET /api/v1/compare?department=CODE&from=V1&to=V2`: the comparison of
//! two published versions as JSON, from the same service as the page.

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
    from: Option<String>,
    to: Option<String>,
}

/// The response body.
#[derive(Debug, Serialize)]
pub struct CompareBody {
    department: String,
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
            params.from.as_deref(),
            params.to.as_deref(),
        )
        .await?;
    Ok(Json(CompareBody {
        department: compared.to.department.dept_code.to_string(),
        from: compared.from.version.version_id.to_string(),
        to: compared.to.version.version_id.to_string(),
        summary: compared.comparison.summary,
        items: compared.comparison.items,
    }))
}
