//! The HTTP application: the server-rendered portal and editor, their
//! server functions, sign-in and sign-out, the REST API and the static site
//! files, as one axum router.

use std::sync::Arc;

use app::compare::ComparisonsHandle;
use app::portal::PortalHandle;
use app::review::ReviewHandle;
use app::search::api::FinderHandle;
use app::workspace::WorkspaceHandle;
use axum::Router;
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use serde::Deserialize;

use crate::accounts::{AccountError, Accounts, same_secret, session_cookie, token_from_cookies};
use crate::api;
use crate::catalog::Catalog;
use crate::compare::Comparing;
use crate::feed;
use crate::review::{ReviewConfig, Reviewing};
use crate::search::Search;
use crate::store::{AuditEntry, Store};
use crate::workspace::Editing;

/// Settings of the web tier.
#[derive(Debug, Clone, Copy)]
pub struct WebConfig {
    /// Mark the session cookie `Secure` (the site is served over TLS).
    pub secure_cookies: bool,
    /// Let reviewers publish the drafts they approved (otherwise admins only).
    pub reviewer_publishes: bool,
    /// Single-person mode: the separation of duties is off.
    pub single_person: bool,
    /// The reverse proxy whose `X-Forwarded-For` is believed
    /// ([`crate::client`]).
    pub trusted_proxy: Option<ipnet::IpNet>,
    /// How long public pages are served again to visitors without an
    /// account ([`crate::page_cache`]); zero renders every request.
    pub page_cache: std::time::Duration,
}

impl Default for WebConfig {
    /// As `sunlit serve` starts without options.
    fn default() -> Self {
        Self {
            secure_cookies: false,
            reviewer_publishes: false,
            single_person: false,
            trusted_proxy: None,
            page_cache: crate::page_cache::DEFAULT_TTL,
        }
    }
}

#[derive(Clone)]
struct AuthState {
    accounts: Accounts,
    store: Store,
    config: WebConfig,
}

/// Builds the whole application; tests drive it without a socket.
pub fn app(store: Store, options: LeptosOptions, config: WebConfig) -> Router {
    let search = Search::new(Catalog::new(store.clone()));
    app_with_search(store, search, options, config, None)
}

/// [`app`] with a search service built by the caller, who can then rebuild
/// its index after an import, and the site's files held in memory
/// ([`crate::site`]; without them they are read from the site folder on
/// each request, at their plain addresses).
pub fn app_with_search(
    store: Store,
    search: Search,
    options: LeptosOptions,
    config: WebConfig,
    site: Option<crate::site::Site>,
) -> Router {
    let catalog = Catalog::new(store.clone());
    let routes = generate_route_list(app::App);
    let portal = PortalHandle(Arc::new(catalog.clone()));
    let editing = Editing::new(store.clone());
    let finder = FinderHandle(Arc::new(search.clone()));
    let workspace = WorkspaceHandle(Arc::new(editing.clone()));
    let comparisons = ComparisonsHandle(Arc::new(Comparing::new(catalog.clone())));
    let reviewing = Reviewing::new(
        store.clone(),
        ReviewConfig {
            reviewer_publishes: config.reviewer_publishes,
            single_person: config.single_person,
        },
    );
    let review = ReviewHandle(Arc::new(reviewing.clone()));
    let assets = app::AssetRoot(site.as_ref().map(|s| s.root()).unwrap_or_default());
    let context = move || {
        provide_context(assets.clone());
        provide_context(portal.clone());
        provide_context(finder.clone());
        provide_context(workspace.clone());
        provide_context(comparisons.clone());
        provide_context(review.clone());
    };
    let shell_options = options.clone();
    let pages = crate::page_cache::PageCache::new(store.clone(), config.page_cache);
    let auth = AuthState {
        accounts: Accounts::new(store.clone()),
        store,
        config,
    };
    let auth_routes = Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .with_state(auth);
    let dynamic = Router::new()
        .nest_service("/api/v1", api::router(catalog.clone(), search))
        .merge(feed::router(catalog))
        .merge(auth_routes)
        .merge(crate::uploads::router(editing))
        .merge(crate::review::public_router(
            reviewing,
            config.trusted_proxy,
        ))
        .leptos_routes_with_context(&options, routes, context.clone(), move || {
            app::shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .with_state(options)
        .layer(middleware::from_fn_with_state(
            pages,
            crate::page_cache::layer,
        ))
        // What is made per request goes out compressed too (kept pages and
        // the site's files are compressed once and pass through).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .no_deflate()
                .no_zstd()
                .quality(tower_http::CompressionLevel::Precise(4)),
        )
        .layer(middleware::map_response(weaken_compressed_tags));
    let router = match site {
        Some(site) => site.router().merge(dynamic),
        None => dynamic,
    };
    router
        .layer(middleware::from_fn(same_origin_mutations))
        // No request holds a connection and its work for longer than this
        // (the largest upload at a slow line included).
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn_with_state(config, security_headers))
}

/// A strong entity tag names one representation's bytes; a body compressed
/// on the way out keeps the tag of its uncompressed bytes, which makes the
/// tag weak (RFC 9110 8.8.3), as `If-None-Match` compares weakly anyway.
async fn weaken_compressed_tags(mut response: Response) -> Response {
    let headers = response.headers_mut();
    if headers.contains_key(header::CONTENT_ENCODING)
        && let Some(tag) = headers.get(header::ETAG).and_then(|v| v.to_str().ok())
        && tag.starts_with('"')
        // Kept pages tag each coding's bytes themselves.
        && !(tag.ends_with("-br\"") || tag.ends_with("-gz\""))
        && let Ok(weak) = HeaderValue::from_str(&format!("W/{tag}"))
    {
        headers.insert(header::ETAG, weak);
    }
    response
}

/// How long one request may take, from its first byte to its answer.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Paths that only staff use, or whose answers hold a draft or an upload:
/// never stored by a browser or a shared cache.
fn staff_path(path: &str) -> bool {
    ["/edit", "/admin", "/login", "/logout", "/api/ui"]
        .iter()
        .any(|prefix| {
            path.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
}

/// The headers every response carries: a Content-Security-Policy (pages
/// set their own with the render's nonce, see `app::security`), no MIME
/// sniffing, no framing, a referrer policy, HSTS when served over TLS
/// (`--secure-cookies`), and `Cache-Control: no-store` on staff pages and
/// on anything answered to a signed-in browser that says nothing itself.
async fn security_headers(
    State(config): State<WebConfig>,
    request: Request,
    next: Next,
) -> Response {
    let staff = staff_path(request.uri().path());
    let signed_in = crate::accounts::has_session_cookie(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(app::security::RESOURCE_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if config.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if staff {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if signed_in && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
    }
    response
}

/// Refuses state-changing requests that a browser marks as coming from
/// another site. Together with `SameSite=Strict` cookies and the CSRF token
/// this closes cross-site request forgery; requests without the headers
/// (tests, the CLI, API clients without cookies) pass on to the token check.
async fn same_origin_mutations(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "cross-site");
        let foreign_origin = match (
            headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
            headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        ) {
            (Some(origin), Some(host)) if origin != "null" => origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .is_some_and(|authority| authority != host),
            (Some("null"), _) => true,
            _ => false,
        };
        if cross_site || foreign_origin {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
    }
    next.run(request).await
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// A path on this site to go to after sign-in; anything else becomes `/edit`.
///
/// Only printable ASCII without `\` is kept, beginning with one `/`:
/// browsers drop tabs and newlines from a `Location` and read `\` as `/`,
/// so `/\t/evil.example` or `/\evil.example` would lead off-site as
/// `//evil.example`; non-ASCII would not be a valid header value.
fn local_path(next: Option<&str>) -> &str {
    next.filter(|n| {
        n.starts_with('/')
            && !n[1..].starts_with(['/', '\\'])
            && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
    })
    .unwrap_or("/edit")
}

fn query_escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn see_other(location: &str, cookie: Option<String>) -> Response {
    let mut response = Redirect::to(location).into_response();
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

async fn login(State(state): State<AuthState>, request: Request) -> Response {
    let address = crate::client::address(&request, state.config.trusted_proxy);
    let form = match Form::<LoginForm>::from_request(request, &()).await {
        Ok(Form(form)) => form,
        Err(rejection) => return rejection.into_response(),
    };
    let next = local_path(form.next.as_deref()).to_owned();
    match state
        .accounts
        .login(form.name.trim(), &form.password, &address)
        .await
    {
        Ok(logged_in) => {
            let audit =
                AuditEntry::new(logged_in.session.principal.name.as_str(), "login").detail(address);
            if let Err(e) = state.store.append_audit(audit).await {
                tracing::error!(error = %e, "audit of a login failed");
            }
            see_other(
                &next,
                Some(session_cookie(
                    Some(&logged_in.token),
                    state.config.secure_cookies,
                )),
            )
        }
        Err(error) => {
            let code = match &error {
                AccountError::InvalidCredentials => "invalid",
                AccountError::Throttled { .. } => "throttled",
                other => {
                    tracing::error!(error = %other, "login failed");
                    "internal"
                }
            };
            let location = format!(
                "/login?error={code}&name={}&next={}",
                query_escape(form.name.trim()),
                query_escape(&next)
            );
            let status = match error {
                AccountError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::SEE_OTHER,
            };
            let mut response = see_other(&location, None);
            if status == StatusCode::TOO_MANY_REQUESTS {
                // Browsers follow 303 only; a throttled form post still lands on
                // the sign-in page with its message, and clients see the header.
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(15 * 60));
            }
            response
        }
    }
}

#[derive(Debug, Deserialize)]
struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(state): State<AuthState>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookies)
        .map(str::to_owned);
    let Some(token) = token else {
        return see_other("/", None);
    };
    match state.accounts.session(&token).await {
        Ok(Some(session)) if same_secret(&form.csrf, &session.csrf) => {
            if let Err(e) = state.accounts.logout(&token).await {
                tracing::error!(error = %e, "logout failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            let audit = AuditEntry::new(session.principal.name.as_str(), "logout");
            if let Err(e) = state.store.append_audit(audit).await {
                tracing::error!(error = %e, "audit of a logout failed");
            }
            see_other("/", Some(session_cookie(None, state.config.secure_cookies)))
        }
        Ok(Some(_)) => (StatusCode::FORBIDDEN, "missing or wrong CSRF token").into_response(),
        Ok(None) => see_other("/", Some(session_cookie(None, state.config.secure_cookies))),
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_paths() {
        for path in [
            "/edit",
            "/edit/SJ/import/abc",
            "/admin/audit",
            "/login",
            "/api/ui/me",
        ] {
            assert!(staff_path(path), "{path}");
        }
        for path in [
            "/",
            "/editorial",
            "/items/SJ-XK-001-00",
            "/api/v1/departments",
            "/api",
        ] {
            assert!(!staff_path(path), "{path}");
        }
    }

    #[test]
    fn only_local_paths_after_sign_in() {
        assert_eq!(local_path(Some("/edit/SJ")), "/edit/SJ");
        assert_eq!(local_path(Some("//evil.example")), "/edit");
        assert_eq!(local_path(Some("https://evil.example")), "/edit");
        assert_eq!(local_path(Some("/\\evil")), "/edit");
        assert_eq!(local_path(Some("/\t/evil.example")), "/edit");
        assert_eq!(local_path(Some("/\n/evil.example")), "/edit");
        assert_eq!(local_path(Some("/ /evil.example")), "/edit");
        assert_eq!(local_path(Some("/edit\\..\\\\evil")), "/edit");
        assert_eq!(local_path(Some("%2F%2Fevil.example")), "/edit");
        // Encoded slashes stay a path on this site.
        assert_eq!(
            local_path(Some("/%2F%2Fevil.example")),
            "/%2F%2Fevil.example"
        );
        assert_eq!(local_path(Some("/部门")), "/edit");
        assert_eq!(
            local_path(Some("/edit/SJ?tab=items#top")),
            "/edit/SJ?tab=items#top"
        );
        assert_eq!(local_path(None), "/edit");
        assert_eq!(query_escape("张 a&b"), "%E5%BC%A0%20a%26b");
    }
}
