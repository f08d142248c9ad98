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

/// The sign-in page, returning to `next` afterwards.
pub fn login(next: Option<&str>) -> String {
    with_query(LOGIN, &[("next", next.unwrap_or_default())])
}

/// A department's draft in the editor.
pub fn edit_draft(code: &str) -> String {
    format!("/edit/{}", encode(code))
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
fn encode(text: &str) -> String {
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
    }
}
