//! Addresses of portal pages, built in one place so routes and links agree.

/// Query parameter choosing a published version.
pub const VERSION_PARAM: &str = "version";
/// Query parameter filtering a department's list by category abbreviation.
pub const CATEGORY_PARAM: &str = "category";

/// The home page.
pub const HOME: &str = "/";
/// The department section of the home page.
pub const HOME_DEPARTMENTS: &str = "/#departments";

/// A department's list, optionally of a given version and category (`XK`).
pub fn department(code: &str, version: Option<&str>, category: Option<&str>) -> String {
    with_query(
        &format!("/departments/{}", encode(code)),
        &[
            (VERSION_PARAM, version.unwrap_or_default()),
            (CATEGORY_PARAM, category.unwrap_or_default()),
        ],
    )
}

/// An item's page, optionally as published in a given version.
pub fn item(item_id: &str, version: Option<&str>) -> String {
    with_query(
        &format!("/items/{}", encode(item_id)),
        &[(VERSION_PARAM, version.unwrap_or_default())],
    )
}

/// A drawing of an item's flowchart from the API, as `svg` or `png`,
/// optionally of the chart as published in a given version.
pub fn flowchart_file(item_id: &str, version: Option<&str>, extension: &str) -> String {
    with_query(
        &format!("/api/v1/items/{}/flowchart.{extension}", encode(item_id)),
        &[(VERSION_PARAM, version.unwrap_or_default())],
    )
}

/// The sign-in form's target (POST) and page (GET).
pub const LOGIN: &str = "/login";
/// Sign out (POST).
pub const LOGOUT: &str = "/logout";
/// The editor's start page.
pub const EDIT_HOME: &str = "/edit";
/// The audit log.
pub const AUDIT: &str = "/admin/audit";
/// Departments (admins): list, create, edit.
pub const ADMIN_DEPARTMENTS: &str = "/admin/departments";

/// The sign-in page, returning to `next` afterwards.
pub fn login(next: Option<&str>) -> String {
    with_query(LOGIN, &[("next", next.unwrap_or_default())])
}

/// A department's draft in the editor.
pub fn edit_draft(code: &str) -> String {
    format!("/edit/{}", encode(code))
}

/// The review page of a department's draft.
pub fn edit_review(code: &str) -> String {
    format!("/edit/{}/review", encode(code))
}

/// One draft item in the editor.
pub fn edit_item(code: &str, item_id: &str) -> String {
    format!("/edit/{}/items/{}", encode(code), encode(item_id))
}

/// The import form of a department's draft (GET), and where it posts.
pub fn edit_import(code: &str) -> String {
    format!("/edit/{}/import", encode(code))
}

/// Confirms an uploaded file's import (POST).
pub fn edit_import_confirm(code: &str, token: &str) -> String {
    format!("/edit/{}/import/{}", encode(code), encode(token))
}

/// A download of a department's draft: `json`, `xlsx`, `csv` or `csv.zip`.
pub fn draft_download(code: &str, extension: &str) -> String {
    format!("/edit/{}/download/draft.{extension}", encode(code))
}

/// The search page.
pub const SEARCH: &str = "/search";
/// Query parameter of the search text.
pub const QUERY_PARAM: &str = "q";
/// Query parameter filtering search results by department code.
pub const DEPARTMENT_PARAM: &str = "department";
/// Query parameter filtering search results by 行使层级.
pub const LEVEL_PARAM: &str = "level";
/// Query parameter choosing a page of results.
pub const PAGE_PARAM: &str = "page";

/// What a search page shows: the text, the filters and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    /// The text typed.
    pub q: String,
    /// A department code, or empty.
    pub department: String,
    /// A category abbreviation, or empty.
    pub category: String,
    /// A level, or empty.
    pub level: String,
    /// The page; 1 is left out of the address.
    pub page: usize,
}

/// The search page for `params`.
pub fn search(params: &SearchParams) -> String {
    let page = if params.page > 1 {
        params.page.to_string()
    } else {
        String::new()
    };
    with_query(
        SEARCH,
        &[
            (QUERY_PARAM, params.q.as_str()),
            (DEPARTMENT_PARAM, params.department.as_str()),
            (CATEGORY_PARAM, params.category.as_str()),
            (LEVEL_PARAM, params.level.as_str()),
            (PAGE_PARAM, page.as_str()),
        ],
    )
}

/// Query parameter choosing the date whose version in force is shown.
pub const AS_OF_PARAM: &str = "as_of";

/// The comparison of two versions of a department's list (defaults: the
/// previous and the current version), on a given page.
pub fn compare(code: &str, from: Option<&str>, to: Option<&str>, page: Option<usize>) -> String {
    compare_with(code, None, from, to, page)
}

/// [`compare`], where `to` may be a version of another department `with`
/// (同一事项比对).
pub fn compare_with(
    code: &str,
    with: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    page: Option<usize>,
) -> String {
    let page = page
        .filter(|p| *p > 1)
        .map(|p| p.to_string())
        .unwrap_or_default();
    with_query(
        &format!("/departments/{}/compare", encode(code)),
        &[
            ("with", with.unwrap_or_default()),
            ("from", from.unwrap_or_default()),
            ("to", to.unwrap_or_default()),
            ("page", &page),
        ],
    )
}

/// The public page of a department's draft open for comments (征求意见).
pub fn consultation(code: &str) -> String {
    format!("/departments/{}/consultation", encode(code))
}

/// The legal-basis lookup page.
pub const BASIS: &str = "/basis";
/// Query parameter of the law cited.
pub const LAW_PARAM: &str = "law";

/// The items citing `law` (`《食品安全法》第三十五条`).
pub fn basis(law: &str) -> String {
    with_query(BASIS, &[(LAW_PARAM, law)])
}

/// The page describing the public API.
pub const API_DOCS: &str = "/api";
/// The OpenAPI document.
pub const OPENAPI: &str = "/api/v1/openapi.json";
/// The whole published registry as interchange JSON.
pub const REGISTRY_EXPORT: &str = "/api/v1/export.json";
/// The whole published registry as JSON, Excel and CSV files in a zip.
pub const REGISTRY_ZIP: &str = "/api/v1/export.zip";
/// The Atom feed of every publication.
pub const REGISTRY_FEED: &str = "/feed.atom";

/// A published version as interchange JSON, offered as a download.
pub fn version_export(code: &str, version: &str) -> String {
    format!(
        "/api/v1/departments/{}/versions/{}/export.json",
        encode(code),
        encode(version)
    )
}

/// A published version as a spreadsheet: `xlsx`, `csv` or `csv.zip`.
pub fn version_sheet(code: &str, version: &str, extension: &str) -> String {
    format!(
        "/api/v1/departments/{}/versions/{}/export.{extension}",
        encode(code),
        encode(version)
    )
}

/// The Atom feed of a department's publications.
pub fn department_feed(code: &str) -> String {
    format!("/departments/{}/feed.atom", encode(code))
}

/// The printable 新旧对照表 of two versions.
pub fn compare_print(
    code: &str,
    with: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> String {
    with_query(
        &format!("/departments/{}/compare/print", encode(code)),
        &[
            ("with", with.unwrap_or_default()),
            ("from", from.unwrap_or_default()),
            ("to", to.unwrap_or_default()),
        ],
    )
}

/// The comparison of two versions from the API, as JSON or (`xlsx`) as a
/// spreadsheet; `with` is the other department of a 同一事项比对.
pub fn compare_api(code: &str, with: Option<&str>, from: &str, to: &str, xlsx: bool) -> String {
    with_query(
        "/api/v1/compare",
        &[
            ("department", code),
            ("to_department", with.unwrap_or_default()),
            ("from", from),
            ("to", to),
            ("format", if xlsx { "xlsx" } else { "" }),
        ],
    )
}

/// `path` with the non-empty parameters appended as a query string.
pub fn with_query(path: &str, params: &[(&str, &str)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters. Codes and
/// ids are restricted to those already; this guards against anything else.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Marks a draft's open import problems as dealt with (POST).
pub fn edit_open_problems(code: &str) -> String {
    format!("/edit/{code}/import-problems")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(got: String, expected: &str) {
        assert_eq!(got, expected);
    }

    #[test]
    fn builds_addresses() {
        check(department("SJ", None, None), "/departments/SJ");
        check(
            department("ZR", Some("v2024.1"), Some("CF")),
            "/departments/ZR?version=v2024.1&category=CF",
        );
        check(
            department("SJ", Some(""), Some("XK")),
            "/departments/SJ?category=XK",
        );
        check(item("SJ-XK-001-01", None), "/items/SJ-XK-001-01");
        check(item("a b/c", Some("v1")), "/items/a%20b%2Fc?version=v1");
        check(
            flowchart_file("SJ-XK-001-01", None, "svg"),
            "/api/v1/items/SJ-XK-001-01/flowchart.svg",
        );
        check(
            flowchart_file("ZR-QT-004-00", Some("v2024.1"), "png"),
            "/api/v1/items/ZR-QT-004-00/flowchart.png?version=v2024.1",
        );
        check(
            search(&SearchParams {
                q: "食品 许可".into(),
                category: "CF".into(),
                page: 2,
                ..SearchParams::default()
            }),
            "/search?q=%E9%A3%9F%E5%93%81%20%E8%AE%B8%E5%8F%AF&category=CF&page=2",
        );
        check(
            search(&SearchParams {
                q: "低保".into(),
                page: 1,
                ..SearchParams::default()
            }),
            "/search?q=%E4%BD%8E%E4%BF%9D",
        );
        check(
            basis("《食品安全法》第35条"),
            "/basis?law=%E3%80%8A%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8%E6%B3%95%E3%80%8B%E7%AC%AC35%E6%9D%A1",
        );
        check(
            version_export("SJ", "v2024.1"),
            "/api/v1/departments/SJ/versions/v2024.1/export.json",
        );
        check(department_feed("ZR"), "/departments/ZR/feed.atom");
        check(
            compare("ZR", Some("v2024.1"), Some("v2025.1"), Some(2)),
            "/departments/ZR/compare?from=v2024.1&to=v2025.1&page=2",
        );
        check(
            compare("ZR", None, None, Some(1)),
            "/departments/ZR/compare",
        );
        check(
            compare_api("ZR", None, "v1", "v2", false),
            "/api/v1/compare?department=ZR&from=v1&to=v2",
        );
        check(
            compare_api("SJ", Some("SSJ"), "v1", "v2", true),
            "/api/v1/compare?department=SJ&to_department=SSJ&from=v1&to=v2&format=xlsx",
        );
        check(
            compare_with("SJ", Some("SSJ"), None, Some("v2"), None),
            "/departments/SJ/compare?with=SSJ&to=v2",
        );
        check(consultation("SJ"), "/departments/SJ/consultation");
    }
}
