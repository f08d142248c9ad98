//! A short-lived cache of the public pages as rendered for visitors without
//! an account.
//!
//! Rendering an item page costs a database read, a flowchart layout and the
//! serialisation of the page's data for hydration: a few milliseconds of CPU
//! that a crowd multiplies. The same page is the same bytes for every
//! visitor without a session, so a rendered page is kept, compressed once
//! (brotli and gzip, [`crate::encoding`]) and served again in the coding
//! each client prefers, with an entity tag that answers revalidation with
//! `304`. Its CSP nonce is made from its content with a key of this
//! process ([`content_nonce`]), so the same content is the same bytes
//! while no script can know its nonce before the content is fixed.
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
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::accounts::has_session_cookie;
use crate::encoding::{self, Coding, Effort};
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
    /// The key of the pages' nonces ([`content_nonce`]); `None` when the
    /// system had no randomness to give, and then nothing is kept.
    secret: Option<[u8; 32]>,
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

/// A rendered page, ready in every coding.
struct Page {
    headers: HeaderMap,
    identity: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    /// Hash of `identity` (each coding adds its suffix).
    tag: String,
}
impl PageCache {
    /// A cache keeping pages of `store` for `ttl`; a zero `ttl` keeps
    /// nothing.
    pub fn new(store: Store, ttl: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                ttl,
                secret: {
                    let mut secret = [0u8; 32];
                    getrandom::fill(&mut secret).ok().map(|()| secret)
                },
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
    let Some(secret) = cache.inner.secret else {
        return next.run(request).await;
    };
    if request.method() != Method::GET || cache.inner.ttl.is_zero() || !anonymous(request.headers())
    {
        return next.run(request).await;
    }
    let coding = encoding::preferred(request.headers());
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
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
            match keep(response, &secret).await {
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
                cache.charge(&key, &cell, page.bytes());
            }
            // A write during the render leaves the slot with the count it
            // began at, so the next request replaces it.
            page.serve(coding, if_none_match.as_deref())
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
async fn keep(response: Response, secret: &[u8; 32]) -> Result<Page, Response> {
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
    let mut headers = parts.headers;
    headers.remove(header::CONTENT_LENGTH);
    let page = tokio::task::spawn_blocking({
        let secret = *secret;
        move || Page::new(headers, body, &secret)
    })
    .await;
    match page {
        Ok(page) => Ok(page),
        Err(e) => {
            tracing::error!(error = %e, "preparing a page to keep failed");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

/// The nonce a page policy names (`'nonce-…'`).
fn policy_nonce(policy: &str) -> Option<&str> {
    let (_, rest) = policy.split_once("'nonce-")?;
    rest.split_once('\'').map(|(nonce, _)| nonce)
}

/// The nonce of a kept page: a keyed hash of the page with its render's
/// nonce blanked out, 128 bits in URL-safe base64 (as leptos draws them).
///
/// Every visitor of the same content gets the same bytes, so a page is
/// compressed once and revalidated by its entity tag; and a nonce is
/// still one that no script could know before the page existed: an
/// injected script must be in the content, which fixes the nonce only
/// once it is rendered, and the key never leaves the process.
fn content_nonce(secret: &[u8; 32], blanked: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(secret);
    hash.update(blanked);
    // Truncated: no length extension from a published prefix.
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&hash.finalize()[..16])
}

/// `body` with every occurrence of `old` replaced by `new`.
fn replaced(body: &[u8], old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut from = 0;
    for at in memchr::memmem::find_iter(body, old) {
        out.extend_from_slice(&body[from..at]);
        out.extend_from_slice(new);
        from = at + old.len();
    }
    out.extend_from_slice(&body[from..]);
    out
}

impl Page {
    /// The rendered page with its nonce made from its content, compressed
    /// (blocking: a few milliseconds).
    fn new(mut headers: HeaderMap, body: Vec<u8>, secret: &[u8; 32]) -> Self {
        let nonce = headers
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .and_then(policy_nonce)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        let body = match nonce {
            Some(nonce) => {
                let blank = vec![0u8; nonce.len()];
                let kept = content_nonce(secret, &replaced(&body, nonce.as_bytes(), &blank));
                if let Ok(policy) = HeaderValue::from_str(&app::security::page_policy(&kept)) {
                    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
                }
                replaced(&body, nonce.as_bytes(), kept.as_bytes())
            }
            None => body,
        };
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        let digest = Sha256::digest(&body);
        let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            headers,
            gzip: Bytes::from(encoding::gzip(&body, Effort::Fast)),
            brotli: Bytes::from(encoding::brotli(&body, Effort::Fast)),
            identity: Bytes::from(body),
            tag,
        }
    }

    /// What the page takes in memory.
    fn bytes(&self) -> usize {
        self.identity.len() + self.gzip.len() + self.brotli.len()
    }

    /// The page in `coding`, or `304` when the client holds it already.
    fn serve(&self, coding: Coding, if_none_match: Option<&str>) -> Response {
        let mut headers = self.headers.clone();
        let etag = format!("\"{}{}\"", self.tag, coding.tag_suffix());
        if let Ok(value) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, value);
        }
        let mut response = if if_none_match.is_some_and(|v| crate::api::none_match(v, &etag)) {
            headers.remove(header::CONTENT_TYPE);
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
        } else {
            if let Some(value) = coding.header() {
                headers.insert(header::CONTENT_ENCODING, value);
            }
            Response::new(Body::from(match coding {
                Coding::Identity => self.identity.clone(),
                Coding::Gzip => self.gzip.clone(),
                Coding::Brotli => self.brotli.clone(),
            }))
        };
        *response.headers_mut() = headers;
        response
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
    fn a_kept_pages_nonce_is_a_keyed_hash_of_its_content() {
        let policy = app::security::page_policy("OLDNONCE");
        let page = |body: &str, secret: &[u8; 32]| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&policy).expect("policy"),
            );
            Page::new(headers, body.as_bytes().to_vec(), secret)
        };
        let nonce_of = |page: &Page| {
            let policy = page.headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("policy");
            policy_nonce(policy).expect("nonce").to_owned()
        };
        let body = "<script nonce=\"OLDNONCE\">a</script><link nonce=\"OLDNONCE\">";
        let first = page(body, &[1; 32]);
        let nonce = nonce_of(&first);
        assert_eq!(nonce.len(), 22);
        assert_eq!(
            String::from_utf8_lossy(&first.identity),
            body.replace("OLDNONCE", &nonce)
        );
        // The same content renders to the same bytes: one tag, one nonce.
        let again = page(body, &[1; 32]);
        assert_eq!((nonce_of(&again), &again.tag), (nonce.clone(), &first.tag));
        // Other content, or another process's key: another nonce.
        let other = page("<script nonce=\"OLDNONCE\">b</script>", &[1; 32]);
        assert_ne!(nonce_of(&other), nonce);
        assert_ne!(nonce_of(&page(body, &[2; 32])), nonce);
    }
}
