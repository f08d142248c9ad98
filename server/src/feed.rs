//! Atom feeds (RFC 4287) of published versions: one per department at
//! `/departments/{code}/feed.atom` and one for the whole registry at
//! `/feed.atom`, so that anyone can follow adjustments without scraping.

use app::{links, text};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use data::catalog::VersionSummary;

use crate::api::{ApiError, http_cache};
use crate::catalog::Catalog;

/// The media type of an Atom document.
pub const ATOM: &str = "application/atom+xml; charset=utf-8";

/// The feed routes, for any router state.
pub fn router<S: Clone + Send + Sync + 'static>(catalog: Catalog) -> Router<S> {
    Router::new()
        .route("/feed.atom", get(registry_feed))
        .route("/departments/{code}/feed.atom", get(department_feed))
        .layer(middleware::from_fn(http_cache))
        .with_state(catalog)
}

/// What one feed says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedHead {
    /// `urn:sunlit:…`, stable across hosts.
    pub id: String,
    /// The feed's title.
    pub title: String,
    /// Who publishes it.
    pub author: String,
    /// The feed's own address (site-relative).
    pub self_href: String,
    /// The page it follows (site-relative).
    pub page_href: String,
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line breaks are not XML.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Midnight of a date in China Standard Time, as RFC 3339.
fn timestamp(date: data::IsoDate) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The Atom document of `versions` (newest first). `base` is the site's
/// absolute address when known; links are site-relative and resolved
/// against it through `xml:base`.
pub fn render(head: &FeedHead, versions: &[VersionSummary], base: Option<&str>) -> String {
    let updated = versions
        .iter()
        .map(|v| v.effective_date)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), timestamp);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\"");
    if let Some(base) = base {
        xml.push_str(&format!(" xml:base=\"{}\"", escape(base)));
    }
    xml.push_str(">\n");
    xml.push_str(&format!("  <id>{}</id>\n", escape(&head.id)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&head.title)));
    xml.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape(text::FEED_SUBTITLE)
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&head.self_href)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&head.page_href)
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&head.author)
    ));
    xml.push_str(&format!(
        "  <generator>{}</generator>\n",
        escape(text::SITE_NAME)
    ));
    for version in versions {
        let code = version.dept_code.as_str();
        let id = version.version_id.as_str();
        let when = timestamp(version.effective_date);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <id>urn:sunlit:version:{}:{}</id>\n",
            escape(code),
            escape(id)
        ));
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            escape(&text::feed_entry_title(
                &version.department_name,
                &version.label
            ))
        ));
        xml.push_str(&format!("    <updated>{when}</updated>\n"));
        xml.push_str(&format!("    <published>{when}</published>\n"));
        xml.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            escape(&version.department_name)
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&links::department(code, Some(id), None))
        ));
        xml.push_str(&format!(
            "    <link rel=\"enclosure\" type=\"application/json\" href=\"{}\"/>\n",
            escape(&links::version_export(code, id))
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&text::feed_entry_summary(
                &version.label,
                version.published_doc_no.as_deref(),
                &version.effective_date.to_chinese(),
                version.n_items,
            ))
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `http://host` from the request, when it names a plausible host.
fn site_base(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plausible = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !plausible {
        return None;
    }
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    Some(format!("{scheme}://{host}/"))
}

fn atom(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(ATOM))],
        body,
    )
        .into_response()
}

async fn department_feed(
    State(catalog): State<Catalog>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let versions = catalog.version_summaries(&code).await?;
    let department = catalog.department_view(&code, None).await?.department;
    let code = department.code.as_str();
    let head = FeedHead {
        id: format!("urn:sunlit:feed:department:{code}"),
        title: text::feed_title(&department.name),
        author: department.name.clone(),
        self_href: links::department_feed(code),
        page_href: links::department(code, None, None),
    };
    Ok(atom(render(
        &head,
        &versions,
        site_base(&headers).as_deref(),
    )))
}

async fn registry_feed(
    State(catalog): State<Catalog>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let mut versions = Vec::new();
    for department in catalog.department_summaries().await? {
        versions.extend(catalog.version_summaries(department.code.as_str()).await?);
    }
    versions.sort_by(|a, b| {
        (b.effective_date, &a.dept_code, &a.version_id).cmp(&(
            a.effective_date,
            &b.dept_code,
            &b.version_id,
        ))
    });
    let head = FeedHead {
        id: "urn:sunlit:feed:registry".to_owned(),
        title: text::feed_title(text::SITE_NAME),
        author: text::SITE_NAME.to_owned(),
        self_href: links::REGISTRY_FEED.to_owned(),
        page_href: links::HOME.to_owned(),
    };
    Ok(atom(render(
        &head,
        &versions,
        site_base(&headers).as_deref(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn base_comes_from_a_plausible_host_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(site_base(&headers), None);
        headers.insert(header::HOST, HeaderValue::from_static("example.org:8080"));
        assert_eq!(
            site_base(&headers).as_deref(),
            Some("http://example.org:8080/")
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert_eq!(
            site_base(&headers).as_deref(),
            Some("https://example.org:8080/")
        );
        headers.insert(header::HOST, HeaderValue::from_static("evil\"/><x"));
        assert_eq!(site_base(&headers), None);
    }
}
