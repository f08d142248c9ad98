//! The JSON interchange format: parsing with precise errors, and export.
//!
//! A file holds one list version (`list_version`), the departments it covers
//! and their items. Parsing checks everything it can and reports every
//! problem with the path to the bad value (`items[12].flowchart.edges[3].to`);
//! a file with any problem yields no data at all, so nothing half-imports.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::DepartmentCode;
use crate::item::{Item, null_as_default};
use crate::revision::{CanonicalError, ContentHash, ItemRevision};
use crate::version::{
    Adjustment, Department, Jurisdiction, Scope, ScopeEntry, VersionMeta, VersionStatus,
};

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The longest text value accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The most items one file may hold.
pub const MAX_ITEMS: usize = 100_000;
/// The schema version this crate writes.
pub const SCHEMA_VERSION: &str = "0.1";

/// A whole interchange file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Format version, e.g. `0.1`.
    pub schema_version: String,
    /// A note on where the data comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_note: Option<String>,
    /// The region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<Jurisdiction>,
    /// The version this file publishes.
    pub list_version: VersionMeta,
    /// Reference tables; ours are fixed by the types, so these are read and dropped.
    #[serde(default, skip_serializing)]
    pub dictionaries: Option<serde::de::IgnoredAny>,
    /// Departments covered.
    pub departments: Vec<Department>,
    /// Items, in list order.
    #[serde(deserialize_with = "null_as_default")]
    pub items: Vec<Item>,
    /// Adjustments this version made.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub adjustments: Vec<Adjustment>,
    /// The office's own counts (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<BTreeMap<String, i64>>,
}

/// One problem in a file, with the path to the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// E.g. `items[12].flowchart.edges[3].to`; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

/// Why a file cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Over [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not UTF-8.
    #[error("the file is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8")]
    NotUtf8 {
        /// Where the first bad byte is.
        offset: usize,
    },
    /// Not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// Well-formed JSON with wrong content.
    #[error("{} problem{} in the file:\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    /// An item that cannot be hashed (never for parsed input).
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
}

/// A department's list as published in one version: what the store keeps.
#[derive(Debug, Clone, PartialEq)]
pub struct DepartmentList {
    /// The department.
    pub department: Department,
    /// The version's metadata, scoped to this department.
    pub version: VersionMeta,
    /// Items in list order.
    pub items: Vec<Item>,
    /// Adjustments concerning this department.
    pub adjustments: Vec<Adjustment>,
}

impl DepartmentList {
    /// Each item's revision, in list order.
    pub fn revisions(&self) -> Result<Vec<ItemRevision>, CanonicalError> {
        self.items.iter().map(ItemRevision::of).collect()
    }

    /// A digest of the whole version (metadata, manifest, adjustments), used
    /// to recognise a re-import of the same version.
    pub fn digest(&self, revisions: &[ItemRevision]) -> ContentHash {
        let manifest: Vec<&str> = revisions.iter().map(|r| r.hash.as_str()).collect();
        let body = serde_json::json!({
            "department": self.department,
            "version": self.version,
            "manifest": manifest,
            "adjustments": self.adjustments,
        });
        ContentHash::of("sunlit/version/v1", body.to_string().as_bytes())
    }
}

/// A parsed file, split per department.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The region, when the file names it.
    pub jurisdiction: Option<Jurisdiction>,
    /// Departments the file describes (also those outside the version's scope).
    pub departments: Vec<Department>,
    /// One list per department in the version's scope.
    pub lists: Vec<DepartmentList>,
    /// Keys that were not understood and were skipped.
    pub warnings: Vec<String>,
}

impl Parsed {
    /// Number of items across all lists.
    pub fn n_items(&self) -> usize {
        self.lists.iter().map(|l| l.items.len()).sum()
    }
}

/// Parses an interchange file, checking everything; see the module docs.
pub fn parse(input: &[u8]) -> Result<Parsed, ImportError> {
    if input.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            size: input.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|e| ImportError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::Invalid(vec![problem("", "the file is empty")]));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::Syntax {
        line: e.line(),
        column: e.column(),
        message: if e.is_eof() {
            "the file ends too early (is it truncated?)".to_owned()
        } else {
            e.to_string()
                .split(" at line")
                .next()
                .unwrap_or_default()
                .to_owned()
        },
    })?;

    let mut problems = Vec::new();
    check_sizes(&value, &mut String::new(), &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    // Items are read one by one so that every bad item is reported, not
    // only the first one serde meets.
    let mut value = value;
    let raw_items = match value.get_mut("items") {
        Some(serde_json::Value::Array(items)) => std::mem::take(items),
        _ => Vec::new(),
    };
    let mut warnings = Vec::new();
    let mut document: Document =
        typed(&value, "", &mut warnings).map_err(|p| ImportError::Invalid(vec![p]))?;
    let mut items = Vec::with_capacity(raw_items.len());
    for (i, raw) in raw_items.iter().enumerate() {
        match typed::<Item>(raw, &format!("items[{i}]"), &mut warnings) {
            Ok(item) => items.push(item),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    document.items = items;
    let lists = split(&document)?;
    Ok(Parsed {
        jurisdiction: document.jurisdiction,
        departments: document.departments,
        lists,
        warnings,
    })
}

/// Deserialises `value` into `T`, reporting the path of a bad value under
/// `prefix` and collecting the paths of unknown keys into `warnings`.
fn typed<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
    warnings: &mut Vec<String>,
) -> Result<T, Problem> {
    let join = |path: String| match (prefix.is_empty(), path.is_empty() || path == ".") {
        (_, true) => prefix.to_owned(),
        (true, false) => path,
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    };
    let mut on_ignored = |path: serde_ignored::Path<'_>| {
        let path = join(ignored_path(&path));
        // Dictionaries are reference tables that our types fix; skipping them is expected.
        if !path.starts_with("dictionaries") {
            warnings.push(format!("unknown key `{path}` was ignored"));
        }
    };
    let ignoring = serde_ignored::Deserializer::new(value, &mut on_ignored);
    serde_path_to_error::deserialize(ignoring)
        .map_err(|e| problem(join(e.path().to_string()), e.into_inner().to_string()))
}

/// serde_ignored writes `items.3.foo`; print it the way errors are printed.
fn ignored_path(path: &serde_ignored::Path<'_>) -> String {
    let text = path.to_string();
    let mut out = String::new();
    // `?` marks an Option or a `null_as_default` field: not part of the JSON path.
    for part in text.split('.').filter(|p| *p != "?") {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(part);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

fn check_sizes(value: &serde_json::Value, path: &mut String, problems: &mut Vec<Problem>) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            let n = s.chars().count();
            if n > MAX_TEXT_CHARS {
                problems.push(problem(
                    path.clone(),
                    format!("text is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
                ));
            }
        }
        Value::Array(values) => {
            if path == "items" && values.len() > MAX_ITEMS {
                problems.push(problem(
                    "items",
                    format!("{} items; the limit is {MAX_ITEMS}", values.len()),
                ));
            }
            for (i, v) in values.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_sizes(v, path, problems);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                check_sizes(v, path, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Checks cross-references and splits the file per department.
fn split(document: &Document) -> Result<Vec<DepartmentList>, ImportError> {
    let mut problems = Vec::new();
    if document.departments.is_empty() {
        problems.push(problem("departments", "the file names no department"));
    }
    let mut departments: HashMap<&str, &Department> = HashMap::new();
    for (i, d) in document.departments.iter().enumerate() {
        if departments.insert(d.dept_code.as_str(), d).is_some() {
            problems.push(problem(
                format!("departments[{i}].dept_code"),
                format!("department `{}` is listed twice", d.dept_code),
            ));
        }
        if d.name.trim().is_empty() {
            problems.push(problem(
                format!("departments[{i}].name"),
                "must not be empty",
            ));
        }
    }
    let by_name: HashMap<&str, &DepartmentCode> = document
        .departments
        .iter()
        .map(|d| (d.name.as_str(), &d.dept_code))
        .collect();

    let scope: Vec<DepartmentCode> = match &document.list_version.scope {
        Some(Scope(entries)) => {
            for (i, entry) in entries.iter().enumerate() {
                if !departments.contains_key(entry.dept_code.as_str()) {
                    problems.push(problem(
                        format!("list_version.scope[{i}].dept_code"),
                        format!("department `{}` is not in `departments`", entry.dept_code),
                    ));
                }
            }
            entries.iter().map(|e| e.dept_code.clone()).collect()
        }
        None => document
            .departments
            .iter()
            .map(|d| d.dept_code.clone())
            .collect(),
    };
    if scope.is_empty() && document.list_version.scope.is_some() {
        problems.push(problem(
            "list_version.scope",
            "the scope names no department",
        ));
    }

    let codes: HashSet<&str> = document
        .items
        .iter()
        .map(|i| i.item_code.as_str())
        .collect();
    let mut ids = HashSet::new();
    let mut item_codes = HashSet::new();
    let mut owner: Vec<Option<DepartmentCode>> = Vec::with_capacity(document.items.len());
    for (i, item) in document.items.iter().enumerate() {
        let at = |field: &str| format!("items[{i}].{field}");
        if !ids.insert(item.item_id.as_str()) {
            problems.push(problem(
                at("item_id"),
                format!("item id `{}` is used twice", item.item_id),
            ));
        }
        if item.item_code.trim().is_empty() {
            problems.push(problem(at("item_code"), "must not be empty"));
        } else if !item_codes.insert(item.item_code.as_str()) {
            problems.push(problem(
                at("item_code"),
                format!("item code `{}` is used twice", item.item_code),
            ));
        }
        for (field, text) in [
            ("name", &item.name),
            ("implementing_body", &item.implementing_body),
        ] {
            if text.trim().is_empty() {
                problems.push(problem(at(field), "must not be empty"));
            }
        }
        let department = item
            .department_segment()
            .filter(|segment| departments.contains_key(segment))
            .and_then(|segment| DepartmentCode::new(segment).ok())
            .or_else(|| {
                by_name
                    .get(item.implementing_body.as_str())
                    .map(|c| (*c).clone())
            });
        match &department {
            None => problems.push(problem(
                at("item_code"),
                format!(
                    "cannot tell the department: code segment `{}` and implementing body `{}` match no entry of `departments`",
                    item.department_segment().unwrap_or_default(),
                    item.implementing_body
                ),
            )),
            Some(code) if !scope.contains(code) => problems.push(problem(
                at("item_code"),
                format!("department `{code}` is outside the version's scope"),
            )),
            Some(_) => {}
        }
        owner.push(department);
        if let Some(parent) = &item.parent_code
            && !codes.contains(parent.as_str())
        {
            problems.push(problem(
                at("parent_code"),
                format!("main item `{parent}` is not in the file"),
            ));
        }
        if let Some(chart) = &item.flowchart {
            for error in chart.validate() {
                problems.push(problem(at("flowchart"), error.to_string()));
            }
        }
        if let Some(discretion) = &item.discretion {
            for found in discretion.validate() {
                problems.push(problem(
                    at(&format!("discretion.{}", found.path)),
                    found.error.to_string(),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    let department_of_code = |code: &str| {
        document
            .items
            .iter()
            .zip(&owner)
            .find(|(item, _)| item.item_code == code)
            .and_then(|(_, o)| o.clone())
            .or_else(|| {
                crate::item::department_segment(code).and_then(|s| DepartmentCode::new(s).ok())
            })
    };
    let lists = scope
        .iter()
        .filter_map(|code| departments.get(code.as_str()).map(|d| (code, *d)))
        .map(|(code, department)| {
            let items = document
                .items
                .iter()
                .zip(&owner)
                .filter(|(_, o)| o.as_ref() == Some(code))
                .map(|(item, _)| item.clone())
                .collect();
            let adjustments = document
                .adjustments
                .iter()
                .filter(|a| {
                    let mut concerned = a
                        .items_before
                        .iter()
                        .chain(&a.items_after)
                        .filter_map(|c| department_of_code(c))
                        .peekable();
                    // An adjustment that names no known item concerns every department in scope.
                    concerned.peek().is_none() || concerned.any(|c| &c == code)
                })
                .cloned()
                .collect();
            let mut version = document.list_version.clone();
            version.scope = Some(Scope(vec![ScopeEntry {
                dept_code: code.clone(),
                department: Some(department.name.clone()),
            }]));
            version.status = VersionStatus::Published;
            DepartmentList {
                department: department.clone(),
                version,
                items,
                adjustments,
            }
        })
        .collect();
    Ok(lists)
}

/// Builds the interchange document of one department's version.
pub fn export(jurisdiction: Option<Jurisdiction>, list: &DepartmentList) -> Document {
    Document {
        schema_version: SCHEMA_VERSION.to_owned(),
        generated_note: None,
        jurisdiction,
        list_version: list.version.clone(),
        dictionaries: None,
        departments: vec![list.department.clone()],
        items: list.items.clone(),
        adjustments: list.adjustments.clone(),
        summary: None,
    }
}

#[cfg(test)]
mod tests;
