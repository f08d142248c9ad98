//! Error pages for failed portal requests, with the matching HTTP status.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::links;
use crate::not_found::NotFoundContent;
use crate::portal::PortalError;
use crate::text;

/// The HTTP status an error page answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStatus {
    /// 400
    BadRequest,
    /// 404
    NotFound,
    /// 500
    Internal,
}

/// The message for a server-function call whose arguments did not decode
/// (a missing field, a wrong type, a body that is not the format): the
/// caller's mistake, so the response is set to 400 and says what was
/// wrong. `None` for every other failure.
pub fn malformed_request(error: &leptos::server_fn::error::ServerFnErrorErr) -> Option<String> {
    use leptos::server_fn::error::ServerFnErrorErr;
    let detail = match error {
        ServerFnErrorErr::Args(detail) | ServerFnErrorErr::UnsupportedRequestMethod(detail) => {
            detail.clone()
        }
        ServerFnErrorErr::MissingArg(name) => format!("missing field `{name}`"),
        // On the server, a body that does not decode (server_fn names the
        // JSON codec's failure so); in the browser it is an answer that did
        // not, which is no fault of the caller.
        #[cfg(feature = "ssr")]
        ServerFnErrorErr::Deserialization(detail) => detail.clone(),
        _ => return None,
    };
    set_page_status(PageStatus::BadRequest);
    Some(format!(
        "{}：{}",
        text::MALFORMED_REQUEST,
        detail.chars().take(300).collect::<String>()
    ))
}

/// Sets the status of the server's response. In the browser there is no
/// response to set, so this does nothing.
pub fn set_page_status(status: PageStatus) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(match status {
            PageStatus::BadRequest => http::StatusCode::BAD_REQUEST,
            PageStatus::NotFound => http::StatusCode::NOT_FOUND,
            PageStatus::Internal => http::StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The page shown instead of content when a portal request failed.
#[component]
pub fn ErrorPage(
    /// What went wrong.
    error: PortalError,
) -> impl IntoView {
    match error {
        PortalError::NotFound(_) => view! { <NotFoundContent/> }.into_any(),
        PortalError::BadRequest(message) => {
            set_page_status(PageStatus::BadRequest);
            view! {
                <Title text=text::page_title(&[text::BAD_REQUEST])/>
                <div class="error-page">
                    <h1>{text::BAD_REQUEST}</h1>
                    <p>{text::BAD_REQUEST_TEXT}{message}</p>
                    <p>
                        <a href=links::HOME>{text::BACK_HOME}</a>
                    </p>
                </div>
            }
            .into_any()
        }
        PortalError::Internal | PortalError::Transport(_) => {
            set_page_status(PageStatus::Internal);
            view! {
                <Title text=text::page_title(&[text::INTERNAL_ERROR])/>
                <div class="error-page">
                    <h1>{text::INTERNAL_ERROR}</h1>
                    <p>{text::INTERNAL_ERROR_TEXT}</p>
                    <p>
                        <a href=links::HOME>{text::BACK_HOME}</a>
                    </p>
                </div>
            }
            .into_any()
        }
    }
}
