//! The site's static files — the hydration script, the wasm bundle, the
//! stylesheet, the favicon — held in memory, compressed, and addressed by
//! the hash of their contents.
//!
//! `sunlit serve` reads the site folder once at start-up ([`Site::load`]).
//! Pages name the files under `/s/{version}/pkg/…`, where the version is a
//! hash of every file's contents, so the same build has the same addresses
//! on every instance, and a browser may keep them for a year
//! (`Cache-Control: immutable`): a new build has new addresses. The plain
//! addresses (`/pkg/sunlit.css`, `/favicon.ico`) answer too, to be
//! revalidated by entity tag. An address under another version is not
//! found (an instance of another build behind the same proxy), never
//! answered with this build's bytes under a year-long promise.
//!
//! Each file is sent in the coding the client prefers (brotli, gzip or
//! none, [`crate::encoding`]). `make release` writes `.br` and `.gz`
//! files beside the site's files once, at the best compression
//! (`sunlit precompress`); files without them are compressed in the
//! background after start-up, and served uncompressed until then.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::encoding::{self, Coding, Effort};

/// The largest file the site may hold (a debug wasm bundle is ~40 MB).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The files of one site folder, shared by every request.
#[derive(Clone)]
pub struct Site {
    inner: Arc<Inner>,
}

struct Inner {
    /// Hash of every file's path and contents; part of each address.
    version: String,
    /// By path from the site root, with `/`: `pkg/sunlit.js`, `favicon.ico`.
    files: HashMap<String, Asset>,
}

struct Asset {
    content_type: &'static str,
    /// Hash of the uncompressed bytes (each coding adds its suffix).
    tag: String,
    identity: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

/// Why a site folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("reading the site folder {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is {size} bytes, more than a site file may be ({MAX_FILE_BYTES})")]
    TooLarge { path: PathBuf, size: u64 },
}

/// The Content-Type of a site file, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("ico") => "image/x-icon",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Whether a file of this type gains from compression.
fn compressible(content_type: &str) -> bool {
    !matches!(
        content_type,
        "image/png" | "font/woff2" | "application/octet-stream"
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every file under `dir`, as paths relative to `root` with `/`, sorted;
/// precompressed siblings (`.br`, `.gz`) left out.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), SiteError> {
    let read = |e| SiteError::Read {
        path: dir.to_owned(),
        source: e,
    };
    for entry in std::fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(read)?;
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if kind.is_file() {
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !(name.ends_with(".br") || name.ends_with(".gz")) {
                out.push(name);
            }
        }
    }
    out.sort();
    Ok(())
}

/// The precompressed sibling of `path` (`path.br`, `path.gz`) if it exists
/// and is not older than the file.
fn sibling(path: &Path, ext: &str) -> Option<Bytes> {
    let mut name = path.as_os_str().to_owned();
    name.push(ext);
    let sibling = PathBuf::from(name);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&sibling)? < modified(path)? {
        return None;
    }
    std::fs::read(&sibling).ok().map(Bytes::from)
}

impl Site {
    /// Reads every file of the site folder `root` (blocking: call it
    /// before serving, or on the blocking pool).
    pub fn load(root: &Path) -> Result<Self, SiteError> {
        let mut names = Vec::new();
        walk(root, root, &mut names)?;
        let mut version = Sha256::new();
        let mut files = HashMap::new();
        for name in names {
            let path = root.join(&name);
            let size = std::fs::metadata(&path)
                .map_err(|e| SiteError::Read {
                    path: path.clone(),
                    source: e,
                })?
                .len();
            if size > MAX_FILE_BYTES {
                return Err(SiteError::TooLarge { path, size });
            }
            let bytes = std::fs::read(&path).map_err(|e| SiteError::Read {
                path: path.clone(),
                source: e,
            })?;
            let digest = Sha256::digest(&bytes);
            version.update(name.as_bytes());
            version.update([0]);
            version.update(digest);
            let content_type = content_type(&name);
            let asset = Asset {
                content_type,
                tag: hex(&digest[..12]),
                identity: Bytes::from(bytes),
                gzip: OnceLock::new(),
                brotli: OnceLock::new(),
            };
            if compressible(content_type) {
                if let Some(gz) = sibling(&path, ".gz") {
                    let _ = asset.gzip.set(gz);
                }
                if let Some(br) = sibling(&path, ".br") {
                    let _ = asset.brotli.set(br);
                }
            }
            files.insert(name, asset);
        }
        Ok(Self {
            inner: Arc::new(Inner {
                version: hex(&version.finalize()[..8]),
                files,
            }),
        })
    }

    /// The hash that addresses this build's files.
    pub fn version(&self) -> &str {
        &self.inner.version
    }

    /// Where pages find the files: `/s/{version}` (leptos adds `/pkg/…`).
    pub fn root(&self) -> String {
        format!("/s/{}", self.inner.version)
    }

    /// Compresses every compressible file that has no precompressed
    /// sibling (blocking; run it on the blocking pool after start-up).
    pub fn compress_missing(&self) {
        for asset in self.inner.files.values() {
            if !compressible(asset.content_type) {
                continue;
            }
            if asset.brotli.get().is_none() {
                let _ = asset
                    .brotli
                    .set(Bytes::from(encoding::brotli(&asset.identity, Effort::Fast)));
            }
            if asset.gzip.get().is_none() {
                let _ = asset
                    .gzip
                    .set(Bytes::from(encoding::gzip(&asset.identity, Effort::Fast)));
            }
        }
    }

    /// The router for `/s/{version}/…`, `/pkg/…` and `/favicon.ico`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/s/{version}/{*path}", get(versioned))
            .route("/pkg/{*path}", get(plain_pkg))
            .route("/favicon.ico", get(favicon))
            .with_state(self.clone())
    }

    fn serve(&self, path: &str, immutable: bool, request: &Request) -> Response {
        let Some(asset) = self.inner.files.get(path) else {
            return not_found();
        };
        let coding = if compressible(asset.content_type) {
            encoding::preferred(request.headers())
        } else {
            Coding::Identity
        };
        // A coding not ready yet (compressed in the background) falls back.
        let (coding, bytes) = match coding {
            Coding::Brotli => match asset.brotli.get() {
                Some(br) => (Coding::Brotli, br.clone()),
                None => match asset.gzip.get() {
                    Some(gz) => (Coding::Gzip, gz.clone()),
                    None => (Coding::Identity, asset.identity.clone()),
                },
            },
            Coding::Gzip => match asset.gzip.get() {
                Some(gz) => (Coding::Gzip, gz.clone()),
                None => (Coding::Identity, asset.identity.clone()),
            },
            Coding::Identity => (Coding::Identity, asset.identity.clone()),
        };
        let etag = format!("\"{}{}\"", asset.tag, coding.tag_suffix());
        let cache_control = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "public, no-cache"
        };
        let matches = request
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| crate::api::none_match(v, &etag));
        let mut response = if matches {
            StatusCode::NOT_MODIFIED.into_response()
        } else if request.method() == Method::HEAD {
            let mut response = Response::new(Body::empty());
            if let Ok(length) = HeaderValue::from_str(&bytes.len().to_string()) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, length);
            }
            response
        } else {
            Response::new(Body::from(bytes))
        };
        let headers = response.headers_mut();
        if !matches {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            );
            if let Some(value) = coding.header() {
                headers.insert(header::CONTENT_ENCODING, value);
            }
        }
        if let Ok(value) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, value);
        }
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        response
    }
}

fn not_found() -> Response {
    let mut response = (StatusCode::NOT_FOUND, "not found").into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn versioned(
    State(site): State<Site>,
    UrlPath((version, path)): UrlPath<(String, String)>,
    request: Request,
) -> Response {
    if version != site.inner.version {
        return not_found();
    }
    site.serve(&path, true, &request)
}

async fn plain_pkg(
    State(site): State<Site>,
    UrlPath(path): UrlPath<String>,
    request: Request,
) -> Response {
    site.serve(&format!("pkg/{path}"), false, &request)
}

async fn favicon(State(site): State<Site>, request: Request) -> Response {
    site.serve("favicon.ico", false, &request)
}

/// Writes `FILE.br` and `FILE.gz` beside every compressible file of the
/// site folder, at the best compression (`sunlit precompress`, run by
/// `make release`). Returns each file's name and its three sizes.
pub fn precompress(root: &Path) -> Result<Vec<(String, usize, usize, usize)>, SiteError> {
    let mut names = Vec::new();
    walk(root, root, &mut names)?;
    let mut sizes = Vec::new();
    for name in names {
        if !compressible(content_type(&name)) {
            continue;
        }
        let path = root.join(&name);
        let write_error = |path: &Path, e| SiteError::Read {
            path: path.to_owned(),
            source: e,
        };
        let bytes = std::fs::read(&path).map_err(|e| write_error(&path, e))?;
        let br = encoding::brotli(&bytes, Effort::Best);
        let gz = encoding::gzip(&bytes, Effort::Best);
        for (ext, data) in [(".br", &br), (".gz", &gz)] {
            let mut target = path.as_os_str().to_owned();
            target.push(ext);
            let target = PathBuf::from(target);
            std::fs::write(&target, data).map_err(|e| write_error(&target, e))?;
        }
        sizes.push((name, bytes.len(), gz.len(), br.len()));
    }
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("pkg")).expect("pkg");
        std::fs::write(
            dir.path().join("pkg/sunlit.css"),
            "body { color: black; } ".repeat(200),
        )
        .expect("css");
        std::fs::write(
            dir.path().join("pkg/sunlit.js"),
            "export default 1;\n".repeat(100),
        )
        .expect("js");
        std::fs::write(dir.path().join("favicon.ico"), [0u8, 0, 1, 0]).expect("ico");
        std::fs::write(dir.path().join("logo.png"), [0x89u8, b'P', b'N', b'G']).expect("png");
        dir
    }

    async fn get(site: &Site, uri: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        site.router()
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("response")
    }

    fn header_of(response: &Response, name: header::HeaderName) -> &str {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[tokio::test]
    async fn files_are_addressed_by_their_contents_and_kept_a_year() {
        let dir = folder();
        let site = Site::load(dir.path()).expect("load");
        let again = Site::load(dir.path()).expect("load");
        assert_eq!(site.version(), again.version(), "same files, same version");

        let uri = format!("{}/pkg/sunlit.css", site.root());
        let response = get(&site, &uri, &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_of(&response, header::CONTENT_TYPE),
            "text/css; charset=utf-8"
        );
        assert!(header_of(&response, header::CACHE_CONTROL).contains("immutable"));
        let etag = header_of(&response, header::ETAG).to_owned();

        let response = get(&site, &uri, &[("if-none-match", &etag)]).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);

        // Another build's address is not this build's file.
        let response = get(&site, "/s/0123456789abcdef/pkg/sunlit.css", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // The plain address is revalidated, not kept.
        let response = get(&site, "/pkg/sunlit.css", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "public, no-cache"
        );
        let response = get(&site, "/pkg/../Cargo.toml", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);

        std::fs::write(dir.path().join("pkg/sunlit.css"), "body { color: red; }").expect("css");
        let changed = Site::load(dir.path()).expect("load");
        assert_ne!(
            changed.version(),
            site.version(),
            "new contents, new addresses"
        );
    }

    #[tokio::test]
    async fn files_go_out_in_the_coding_the_client_prefers() {
        let dir = folder();
        let site = Site::load(dir.path()).expect("load");
        // Before the background compression: uncompressed.
        let response = get(&site, "/pkg/sunlit.css", &[("accept-encoding", "br")]).await;
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), "");
        site.compress_missing();
        let original = std::fs::read(dir.path().join("pkg/sunlit.css")).expect("css");
        for (accept, coding) in [("gzip, br", "br"), ("gzip", "gzip"), ("identity", "")] {
            let response = get(&site, "/pkg/sunlit.css", &[("accept-encoding", accept)]).await;
            assert_eq!(
                header_of(&response, header::CONTENT_ENCODING),
                coding,
                "{accept}"
            );
            assert_eq!(header_of(&response, header::VARY), "accept-encoding");
            let etag = header_of(&response, header::ETAG).to_owned();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body");
            let plain = match coding {
                "br" => {
                    let mut out = Vec::new();
                    brotli::BrotliDecompress(&mut &body[..], &mut out).expect("br");
                    assert!(etag.ends_with("-br\""));
                    out
                }
                "gzip" => {
                    use std::io::Read;
                    let mut out = Vec::new();
                    flate2::read::GzDecoder::new(&body[..])
                        .read_to_end(&mut out)
                        .expect("gz");
                    assert!(etag.ends_with("-gz\""));
                    out
                }
                _ => body.to_vec(),
            };
            assert_eq!(plain, original);
        }
        // Compressed already: always as it is.
        let response = get(
            &site,
            "/s/{}/logo.png".replace("{}", site.version()).as_str(),
            &[("accept-encoding", "br")],
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), "");
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/png");
        let response = get(&site, "/favicon.ico", &[]).await;
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/x-icon");
    }

    #[tokio::test]
    async fn precompressed_files_are_used_when_fresh() {
        let dir = folder();
        let sizes = precompress(dir.path()).expect("precompress");
        let css = sizes
            .iter()
            .find(|(name, ..)| name == "pkg/sunlit.css")
            .expect("css compressed");
        assert!(css.2 < css.1 && css.3 < css.1, "{css:?}");
        assert!(dir.path().join("pkg/sunlit.css.br").exists());
        assert!(!dir.path().join("logo.png.br").exists());
        let site = Site::load(dir.path()).expect("load");
        // No background compression ran: the files on disk are served.
        let response = get(&site, "/pkg/sunlit.js", &[("accept-encoding", "br")]).await;
        assert_eq!(header_of(&response, header::CONTENT_ENCODING), "br");
        // The .br and .gz files are not files of the site themselves.
        let response = get(&site, "/pkg/sunlit.js.br", &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
