//! `GET /api/v1/compare?department=CODE&from=V1&to=V2`: the comparison of
//! two published versions as JSON, from the same service as the page;
//! with `to_department=OTHER`, `to` is a version of another department and
//! the lists are compared by power (同一事项比对).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use data::diff::{ItemDiff, Summary};
use data::sheet::{ComparisonSheet, comparison_to_xlsx};
use serde::{Deserialize, Serialize};

use super::{ApiError, ApiResult};
use crate::catalog::Catalog;
use crate::compare::{Compared, Comparing};
use crate::export::ExportFormat;

/// The query: a department and, optionally, the two versions.
#[derive(Debug, Deserialize)]
pub struct CompareParams {
    department: String,
    to_department: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// `json` (default) or `xlsx`.
    format: Option<String>,
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
) -> ApiResult<Response> {
    let compared = Comparing::new(catalog)
        .compare(
            &params.department,
            params.to_department.as_deref(),
            params.from.as_deref(),
            params.to.as_deref(),
        )
        .await?;
    match params.format.as_deref().map(str::trim) {
        None | Some("" | "json") => {}
        Some("xlsx") => return xlsx(&compared),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "format `{other}`: expected json or xlsx"
            )));
        }
    }
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
    })
    .into_response())
}

/// The comparison as a 新旧对照表 workbook, as an attachment named after
/// the department and the two versions.
fn xlsx(compared: &Compared) -> ApiResult<Response> {
    let deviation = compared.other_versions.is_some();
    let department = if deviation {
        format!(
            "{}与{}",
            compared.from.department.name, compared.to.department.name
        )
    } else {
        compared.from.department.name.clone()
    };
    let bytes = comparison_to_xlsx(&ComparisonSheet {
        department: &department,
        from_label: &compared.from.version.label,
        to_label: &compared.to.version.label,
        comparison: &compared.comparison,
        adjustments: if deviation {
            &[]
        } else {
            &compared.to.adjustments
        },
        deviation,
    })
    .map_err(|e| {
        tracing::error!(error = %e, "writing a comparison workbook");
        ApiError::Internal
    })?;
    let name = format!(
        "{}-{}-{}{}.xlsx",
        compared.from.department.dept_code,
        compared.from.version.version_id,
        if deviation {
            format!("{}-", compared.to.department.dept_code)
        } else {
            String::new()
        },
        compared.to.version.version_id
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                ExportFormat::Xlsx.content_type().to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
