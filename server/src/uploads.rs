//! The editor's plain-HTTP endpoints, for what forms and links do better
//! than server functions: uploading a file to import (multipart form, works
//! without JavaScript), confirming the import, and downloading a draft.

use app::workspace::{Caller, WorkspaceError};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::accounts::token_from_cookies;
use crate::export::{ExportFormat, file_name, render};
use crate::workspace::{Editing, MAX_IMPORT_BYTES};

/// The routes, over the editing service.
pub fn router<S: Clone + Send + Sync + 'static>(editing: Editing) -> Router<S> {
    Router::new()
        .route("/edit/{code}/import", post(upload))
        .route("/edit/{code}/import/{token}", post(confirm))
        .route("/edit/{code}/download/{file}", get(download))
        .route(app::links::ADMIN_DEPARTMENTS, post(save_department))
        .route("/edit/{code}/import-problems", post(clear_open_problems))
        // Room for the multipart framing around the largest file accepted.
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024))
        .with_state(editing)
}

fn caller(headers: &HeaderMap, csrf: Option<String>) -> Caller {
    Caller {
        token: headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(token_from_cookies)
            .map(str::to_owned),
        csrf,
    }
}

/// An editing error as a plain page: its status and the Chinese message.
fn failure(error: WorkspaceError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::text::workspace_error(&error),
    )
        .into_response()
}

/// Encodes a path segment (codes and tokens are ASCII already).
fn segment(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

async fn upload(
    State(editing): State<Editing>,
    Path(code): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let mut csrf = None;
    let mut file: Option<(String, Bytes)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                match field.bytes().await {
                    Ok(bytes) if name == "csrf" => {
                        csrf = Some(String::from_utf8_lossy(&bytes).into_owned());
                    }
                    Ok(bytes) if name == "file" => {
                        file = Some((file_name.unwrap_or_else(|| "upload".to_owned()), bytes));
                    }
                    Ok(_) => {}
                    Err(e) => return (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
                }
            }
            Ok(None) => break,
            Err(e) => return (e.status(), e.body_text()).into_response(),
        }
    }
    let caller = caller(&headers, csrf);
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        // An empty upload goes back to the form with its message.
        return Redirect::to(&format!("/edit/{}/import?error=empty", segment(&code)))
            .into_response();
    };
    match editing.upload(&caller, &code, &name, &bytes).await {
        Ok(token) => {
            Redirect::to(&format!("/edit/{}/import/{token}", segment(&code))).into_response()
        }
        Err(WorkspaceError::BadRequest(_)) => {
            Redirect::to(&format!("/edit/{}/import?error=too_large", segment(&code)))
                .into_response()
        }
        Err(e) => failure(e),
    }
}

#[derive(Debug, Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    /// The draft's content revision the preview was worked out against.
    draft_rev: Option<i64>,
    /// `1`: import the valid rows and list the others' problems on the draft.
    #[serde(default)]
    partial: Option<String>,
}

async fn confirm(
    State(editing): State<Editing>,
    Path((code, token)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let caller = caller(&headers, Some(form.csrf));
    let Some(draft_rev) = form.draft_rev else {
        return failure(WorkspaceError::BadRequest(
            "the confirmation names no draft revision".to_owned(),
        ));
    };
    let partial = form.partial.as_deref() == Some("1");
    match editing
        .commit_upload_as(&caller, &code, &token, draft_rev, partial)
        .await
    {
        Ok(n) => Redirect::to(&format!("/edit/{}?imported={n}", segment(&code))).into_response(),
        // The preview is stale: show it again, worked out anew.
        Err(WorkspaceError::Changed) => Redirect::to(&format!(
            "/edit/{}/import/{}?stale=1",
            segment(&code),
            segment(&token)
        ))
        .into_response(),
        // The preview page shows the problems again.
        Err(WorkspaceError::ImportRefused(_)) => Redirect::to(&format!(
            "/edit/{}/import/{}",
            segment(&code),
            segment(&token)
        ))
        .into_response(),
        Err(e) => failure(e),
    }
}

async fn download(
    State(editing): State<Editing>,
    Path((code, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(format) = file
        .strip_prefix("draft.")
        .and_then(ExportFormat::from_extension)
    else {
        return (StatusCode::NOT_FOUND, "unknown download").into_response();
    };
    let list = match editing.draft_list(&caller(&headers, None), &code).await {
        Ok(list) => list,
        Err(e) => return failure(e),
    };
    match render(&list, None, format) {
        Ok(bytes) => {
            let disposition = format!("attachment; filename=\"{}\"", file_name(&list, format));
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "draft export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
struct DepartmentForm {
    csrf: String,
    action: String,
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    phone: String,
}

/// The departments page's forms: create (`action=add`) or change
/// (`action=edit`); back to the page with what happened.
async fn save_department(
    State(editing): State<Editing>,
    headers: HeaderMap,
    Form(form): Form<DepartmentForm>,
) -> Response {
    let create = match form.action.as_str() {
        "add" => true,
        "edit" => false,
        _ => return (StatusCode::BAD_REQUEST, "unknown action").into_response(),
    };
    let result = editing
        .save_department(
            &caller(&headers, Some(form.csrf)),
            create,
            &form.code,
            &form.name,
            &form.short_name,
            &form.phone,
        )
        .await;
    let outcome = match &result {
        Ok(_) if create => "added",
        Ok(_) => "saved",
        Err(WorkspaceError::SignedOut) => {
            return Redirect::to(&format!("/login?next={}", app::links::ADMIN_DEPARTMENTS))
                .into_response();
        }
        Err(WorkspaceError::DepartmentExists(_)) => "exists",
        Err(WorkspaceError::BadRequest(_)) => "code",
        Err(WorkspaceError::Invalid(_)) => "name",
        Err(WorkspaceError::NotFound(_)) => "missing",
        Err(WorkspaceError::Forbidden) => "forbidden",
        Err(WorkspaceError::Csrf) => "expired",
        Err(other) => {
            tracing::error!(error = %other, "saving a department failed");
            "failed"
        }
    };
    // Back to the page with what happened (303, as forms expect).
    Redirect::to(&format!(
        "{}?outcome={outcome}&code={}",
        app::links::ADMIN_DEPARTMENTS,
        segment(&form.code)
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
}

/// The draft page's "dealt with" button for problems an import left open.
async fn clear_open_problems(
    State(editing): State<Editing>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    match editing
        .clear_open_problems(&caller(&headers, Some(form.csrf)), &code)
        .await
    {
        Ok(_) => Redirect::to(&format!("/edit/{}", segment(&code))).into_response(),
        Err(e) => failure(e),
    }
}
