//! A short-lived cache of the public pages as rendered for visitors without
//! an account.
//!
//! Rendering an item page costs a database read, a flowchart layout and the
//! serialisation of the page's data for hydration: a few milliseconds of CPU
//! that a crowd multiplies. The same page is the same bytes for every
//! visitor without a session, except for the CSP nonce of its scripts, so a
//! rendered page is kept and served again with a fresh nonce written into
//! the body and the policy.
//!
//! A kept page is valid while both hold:
//! - it is younger than the time to live (two seconds unless configured):
//!   what another writer did (a second web instance, the CLI on a shared
//!   database, a consultation period that ended at midnight) shows within
//!   that time;
//! - this process has written no public content since its render began
//!   ([`Store::public_changes`]): what staff do here shows at once. Only
//!   real writes count, so no crowd of requests can keep the cache empty;
//!   visitors' comments show within the time to live.
//!
//! Only `GET`s without a session cookie, answered `200` with HTML and
//! without `Set-Cookie`, are kept; one render per page at a time (the
//! others wait for it), at most [`MAX_PAGE_BYTES`] per page and
//! [`MAX_TOTAL_BYTES`] in all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use futures_util::StreamExt;
use tokio::sync::OnceCell;

use crate::accounts::has_session_cookie;
use crate::store::Store;

/// The largest page kept (larger ones are streamed as rendered).
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// The most all kept pages take together.
pub const MAX_TOTAL_BYTES: usize = 128 * 1024 * 1024;
/// How long a page is kept unless configured otherwise.
pub const DEFAULT_TTL: Duration = Duration::from_secs(2);

/// The cache of one web instance.
#[derive(Clone)]
pub struct PageCache {
    inner: Arc<Inner>,
}

struct Inner {
    ttl: Duration,
    /// Whose count of public writes stales the pages.
    store: Store,
    slots: Mutex<Slots>,
}

#[derive(Default)]
struct Slots {
    map: HashMap<String, Slot>,
    bytes: usize,
}

struct Slot {
    born: Instant,
    generation: u64,
    /// `None` once rendered: the page could not be kept.
    page: Arc<OnceCell<Option<Arc<Page>>>>,
    bytes: usize,
}

/// A rendered page and where its nonce sits in it.
struct Page {
    headers: HeaderMap,
    body: Bytes,
    /// Byte offsets of the render's nonce in `body`.
    nonce_at: Vec<usize>,
    nonce_len: usize,
}

impl PageCache {
    /// A cache keeping pages of `store` for `ttl`; a zero `ttl` keeps
    /// nothing.
    pub fn new(store: Store, ttl: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                ttl,
                store,
                slots: Mutex::new(Slots::default()),
            }),
        }
    }

    /// How many pages are kept now (for tests and diagnostics).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether no page is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slots> {
        // A panic while holding the lock leaves plain data behind; go on.
        self.inner
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The slot for `key`: the kept one while valid, else a new one.
    fn slot(&self, key: &str) -> Arc<OnceCell<Option<Arc<Page>>>> {
        let generation = self.inner.store.public_changes();
        let now = Instant::now();
        let mut slots = self.lock();
        if let Some(slot) = slots.map.get(key)
            && slot.generation == generation
            && now.duration_since(slot.born) < self.inner.ttl
        {
            return slot.page.clone();
        }
        let page = Arc::new(OnceCell::new());
        let old = slots.map.insert(
            key.to_owned(),
            Slot {
                born: now,
                generation,
                page: page.clone(),
                bytes: 0,
            },
        );
        if let Some(old) = old {
            slots.bytes -= old.bytes;
        }
        page
    }

    /// Counts a kept page's size against the budget, making room first.
    fn charge(&self, key: &str, cell: &Arc<OnceCell<Option<Arc<Page>>>>, bytes: usize) {
        let generation = self.inner.store.public_changes();
        let now = Instant::now();
        let ttl = self.inner.ttl;
        let mut slots = self.lock();
        if slots.bytes + bytes > MAX_TOTAL_BYTES {
            slots.map.retain(|_, slot| {
                slot.generation == generation && now.duration_since(slot.born) < ttl
            });
            slots.bytes = slots.map.values().map(|slot| slot.bytes).sum();
            if slots.bytes + bytes > MAX_TOTAL_BYTES {
                slots.map.clear();
                slots.bytes = 0;
            }
        }
        // The slot may have been replaced or dropped meanwhile; then the
        // page is served this once and not counted.
        if let Some(slot) = slots.map.get_mut(key)
            && Arc::ptr_eq(&slot.page, cell)
        {
            slot.bytes = bytes;
            slots.bytes += bytes;
        }
    }
}

/// The middleware: serves kept pages and keeps new ones.
pub async fn layer(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || cache.inner.ttl.is_zero() || !anonymous(request.headers())
    {
        return next.run(request).await;
    }
    let Some(key) = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
    else {
        return next.run(request).await;
    };
    let cell = cache.slot(&key);
    let mut pending = Some((request, next));
    let mut own = None;
    let page = cell
        .get_or_init(|| async {
            let (request, next) = pending.take()?;
            let response = next.run(request).await;
            match keep(response).await {
                Ok(page) => Some(Arc::new(page)),
                Err(response) => {
                    own = Some(response);
                    None
                }
            }
        })
        .await
        .clone();
    if let Some(response) = own {
        return response;
    }
    match page {
        Some(page) => {
            // Charged by the render that made it, once it is in the cell.
            if pending.is_none() {
                cache.charge(&key, &cell, page.body.len());
            }
            // A write during the render leaves the slot with the count it
            // began at, so the next request replaces it.
            page.serve()
        }
        // Rendered by another request and not keepable: render our own.
        None => match pending.take() {
            Some((request, next)) => next.run(request).await,
            None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        },
    }
}

/// Whether the request carries no session: the page is the one everybody
/// without an account sees.
fn anonymous(headers: &HeaderMap) -> bool {
    !has_session_cookie(headers) && !headers.contains_key(header::AUTHORIZATION)
}

/// Reads a rendered response into a [`Page`] if it may be kept; otherwise
/// gives it back whole (what was read of its body included).
async fn keep(response: Response) -> Result<Page, Response> {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK
        || !html
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut size = 0;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) if size + chunk.len() <= MAX_PAGE_BYTES => {
                size += chunk.len();
                chunks.push(chunk);
            }
            // Too big, or broken: pass on what came and what follows.
            other => {
                let head = futures_util::stream::iter(chunks.into_iter().map(Ok));
                let rest = futures_util::stream::iter([other]).chain(stream);
                return Err(Response::from_parts(
                    parts,
                    Body::from_stream(head.chain(rest)),
                ));
            }
        }
    }
    let mut body = Vec::with_capacity(size);
    for chunk in &chunks {
        body.extend_from_slice(chunk);
    }
    let nonce = parts
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .and_then(policy_nonce)
        .map(str::to_owned);
    let nonce_at = match &nonce {
        Some(nonce) => memchr::memmem::find_iter(&body, nonce.as_bytes()).collect(),
        None => Vec::new(),
    };
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    Ok(Page {
        headers,
        body: Bytes::from(body),
        nonce_at,
        nonce_len: nonce.map_or(0, |n| n.len()),
    })
}

/// The nonce a page policy names (`'nonce-…'`).
fn policy_nonce(policy: &str) -> Option<&str> {
    let (_, rest) = policy.split_once("'nonce-")?;
    rest.split_once('\'').map(|(nonce, _)| nonce)
}

/// A new nonce: 128 random bits, URL-safe base64 (as leptos draws them);
/// `None` if the system has no randomness to give.
fn fresh_nonce() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

impl Page {
    /// The page with a fresh nonce in its body and its policy.
    fn serve(&self) -> Response {
        let mut headers = self.headers.clone();
        let body = if self.nonce_at.is_empty() {
            self.body.clone()
        } else {
            // Never a page whose nonce another response carried.
            let Some(nonce) = fresh_nonce() else {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            };
            if let Ok(policy) = HeaderValue::from_str(&app::security::page_policy(&nonce)) {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            Bytes::from(self.with_nonce(nonce.as_bytes()))
        };
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = headers;
        response
    }

    fn with_nonce(&self, nonce: &[u8]) -> Vec<u8> {
        let grown = self.nonce_at.len() * nonce.len().saturating_sub(self.nonce_len);
        let mut out = Vec::with_capacity(self.body.len() + grown);
        let mut from = 0;
        for &at in &self.nonce_at {
            out.extend_from_slice(&self.body[from..at]);
            out.extend_from_slice(nonce);
            from = at + self.nonce_len;
        }
        out.extend_from_slice(&self.body[from..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_read_from_the_page_policy() {
        let policy = app::security::page_policy("abc_-123");
        assert_eq!(policy_nonce(&policy), Some("abc_-123"));
        assert_eq!(policy_nonce(app::security::RESOURCE_POLICY), None);
    }

    #[test]
    fn every_occurrence_of_the_nonce_is_replaced() {
        let body = b"<script nonce=\"OLD\">a</script><link nonce=\"OLD\">".to_vec();
        let page = Page {
            headers: HeaderMap::new(),
            nonce_at: memchr::memmem::find_iter(&body, b"OLD").collect(),
            body: Bytes::from(body),
            nonce_len: 3,
        };
        assert_eq!(
            page.with_nonce(b"NEWNONCE"),
            b"<script nonce=\"NEWNONCE\">a</script><link nonce=\"NEWNONCE\">"
        );
        let fresh = (fresh_nonce(), fresh_nonce());
        assert_ne!(fresh.0, fresh.1);
        assert_eq!(fresh.0.map(|n| n.len()), Some(22));
    }
}
