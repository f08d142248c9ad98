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

/// The item a problem concerns, as people name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    /// Its code, e.g. `990101-SJ-CF-012-00` (may be empty in a bad file).
    pub code: String,
    /// Its name, e.g. `对超限运输的处罚` (may be empty in a bad file).
    pub name: String,
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.trim().is_empty(), self.name.trim().is_empty()) {
            (false, false) => write!(f, "{} {}", self.code, self.name),
            (false, true) => f.write_str(&self.code),
            (true, false) => f.write_str(&self.name),
            (true, true) => f.write_str("(unnamed item)"),
        }
    }
}

/// What is wrong, as data: the UI words it (in Chinese) from this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file holds nothing.
    FileEmpty,
    /// `departments` is empty.
    NoDepartment,
    /// A department is listed twice.
    DepartmentTwice {
        /// Its code.
        code: String,
    },
    /// A required text is empty.
    Empty,
    /// The scope names a department `departments` does not describe.
    ScopeUnknown {
        /// The code.
        code: String,
    },
    /// The scope names no department.
    ScopeEmpty,
    /// Two items share an id.
    ItemIdTwice {
        /// The id.
        id: String,
    },
    /// Two items share a code.
    ItemCodeTwice {
        /// The code.
        code: String,
    },
    /// Neither the code nor the implementing body tells the department.
    UnknownDepartment {
        /// The department segment of the code.
        segment: String,
        /// The implementing body.
        body: String,
    },
    /// `parent_code` names an item that is not in the file.
    ParentMissing {
        /// The code named.
        parent: String,
    },
    /// The flowchart does not hold together.
    Flowchart {
        /// How (from the flowchart checks).
        message: String,
    },
    /// The discretion standard does not hold together.
    Discretion {
        /// How (from the discretion checks).
        message: String,
    },
    /// A text over [`MAX_TEXT_CHARS`].
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// More than [`MAX_ITEMS`] items.
    TooManyItems {
        /// How many.
        n: usize,
    },
    /// A required key is missing.
    MissingField {
        /// The key.
        field: String,
    },
    /// A value outside a closed set (a unit, a kind, a level).
    UnknownValue {
        /// The value.
        value: String,
    },
    /// A value of the wrong type (a number where a text is expected …).
    WrongType {
        /// What was found, e.g. `integer `3``.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// Anything else the reader said.
    Other,
}

/// One problem in a file: where (the path to the value, and the item by
/// code and name), what (typed), and an English message for logs and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// E.g. `items[12].flowchart.edges[3].to`; empty for the whole file.
    pub path: String,
    /// The item concerned, when the problem is in one.
    pub item: Option<ItemRef>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// What is wrong, in English.
    pub message: String,
}

impl Problem {
    /// The path inside the item (`discretion.tiers[0].fine`), without the
    /// `items[N]` prefix; the whole path when the problem is not in an item.
    pub fn field_path(&self) -> &str {
        if self.item.is_none() {
            return &self.path;
        }
        match self
            .path
            .strip_prefix("items[")
            .and_then(|rest| rest.split_once(']'))
        {
            Some((_, rest)) => rest.strip_prefix('.').unwrap_or(rest),
            None => &self.path,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(item) = &self.item {
            write!(f, "{item} › ")?;
        }
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn problem(path: impl Into<String>, kind: ProblemKind, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        item: None,
        kind,
        message: message.into(),
    }
}

/// A problem serde reported, typed from its wording.
fn reader_problem(path: String, message: String) -> Problem {
    let quoted = |text: &str| -> Option<String> {
        let start = text.find('`')? + 1;
        let end = text[start..].find('`')? + start;
        Some(text[start..end].to_owned())
    };
    let kind = if let Some(rest) = message.strip_prefix("missing field ") {
        ProblemKind::MissingField {
            field: quoted(rest).unwrap_or_else(|| rest.to_owned()),
        }
    } else if let Some(rest) = message
        .strip_prefix("unknown variant ")
        .or_else(|| message.strip_prefix("unknown fine unit "))
        .or_else(|| message.strip_prefix("unknown comparison "))
        .or_else(|| message.strip_prefix("unknown adjustment type "))
    {
        ProblemKind::UnknownValue {
            value: quoted(rest).unwrap_or_default(),
        }
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        ProblemKind::WrongType {
            found: found.to_owned(),
            expected: expected.to_owned(),
        }
    } else {
        ProblemKind::Other
    };
    Problem {
        path,
        item: None,
        kind,
        message,
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
    /// The lists of departments outside the scope that a whole-registry
    /// snapshot carries beside the adjusted ones: the store skips those
    /// identical to their current version (未变) and refuses the others.
    pub carried: Vec<DepartmentList>,
    /// Departments the file's `departments` does not describe, taken from
    /// the scope and the items a 划转 (TRANSFER) adjustment moves to them.
    pub new_departments: Vec<DepartmentCode>,
    /// Values read in another spelling and stored in the canonical one.
    pub normalised: Vec<Normalised>,
    /// Keys that were not understood and were skipped.
    pub warnings: Vec<String>,
}

/// A value read in another spelling (`CNY_per_t`) and kept in the
/// canonical one (`CNY_per_ton`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// Where, e.g. `items[3].discretion.tiers[0].fine.unit`.
    pub path: String,
    /// The item.
    pub item: Option<ItemRef>,
    /// As written.
    pub from: String,
    /// As stored.
    pub to: String,
}

impl fmt::Display for Normalised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(item) = &self.item {
            write!(f, "{item} › ")?;
        }
        write!(f, "{}: `{}` read as `{}`", self.path, self.from, self.to)
    }
}

impl Parsed {
    /// Number of items across all lists.
    pub fn n_items(&self) -> usize {
        self.lists.iter().map(|l| l.items.len()).sum()
    }
}

/// Parses an interchange file, checking everything; see the module docs.
pub fn parse(input: &[u8]) -> Result<Parsed, ImportError> {
    parse_large(input, MAX_FILE_BYTES, |_, _| {})
}

/// [`parse`] for files up to `limit` bytes (the command line takes whole
/// registries larger than what a browser uploads), calling `progress(done,
/// total)` as items are read.
///
/// The file is read item by item: only the top-level keys and one item at
/// a time exist as JSON trees; items are moved, never copied, into their
/// department's list. So a registry costs about its size in text plus its
/// items, not a JSON tree of the whole file besides.
pub fn parse_large(
    input: &[u8],
    limit: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<Parsed, ImportError> {
    use serde_json::value::RawValue;
    if input.len() > limit {
        return Err(ImportError::TooLarge {
            size: input.len(),
            limit,
        });
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|e| ImportError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::Invalid(vec![problem(
            "",
            ProblemKind::FileEmpty,
            "the file is empty",
        )]));
    }
    let syntax = |e: serde_json::Error| ImportError::Syntax {
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
    };
    // The whole text is checked as JSON here; its values stay unparsed.
    let top: Vec<(String, &RawValue)> =
        match serde_json::from_str::<std::collections::BTreeMap<String, &RawValue>>(text) {
            Ok(map) => map.into_iter().collect(),
            Err(e) if e.is_data() => {
                // Valid JSON, but not an object: say so as for any other value.
                let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
                let mut warnings = Vec::new();
                return Err(ImportError::Invalid(vec![
                    typed::<Document>(&value, "", &mut warnings)
                        .err()
                        .map(|p| *p)
                        .unwrap_or_else(|| problem("", ProblemKind::Other, "not an object")),
                ]));
            }
            Err(e) => return Err(syntax(e)),
        };
    // A registry export (`{schema_version, documents: [...]}`, what
    // `/api/v1/export.json` writes): each document is read as its own file.
    let is_key = |name: &str| top.iter().any(|(key, _)| key == name);
    if is_key("documents") && !is_key("list_version") {
        let raw = top
            .iter()
            .find(|(key, _)| key == "documents")
            .map(|(_, raw)| raw.get())
            .unwrap_or("[]");
        let documents: Vec<&RawValue> = serde_json::from_str(raw).map_err(|_| {
            ImportError::Invalid(vec![problem(
                "documents",
                ProblemKind::WrongType {
                    found: "not a list".to_owned(),
                    expected: "a list of interchange documents".to_owned(),
                },
                "`documents` must be a list of interchange documents",
            )])
        })?;
        return parse_registry(&documents, limit, &mut progress);
    }
    let mut raw_items: Vec<&RawValue> = Vec::new();
    let mut head = serde_json::Map::new();
    for (key, raw) in top {
        if key == "items" {
            if raw.get().trim() != "null" {
                match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
                    Ok(items) => raw_items = items,
                    // Not a list: the typed read below says so with its path.
                    Err(_) => {
                        head.insert(
                            key.clone(),
                            serde_json::from_str(raw.get()).map_err(syntax)?,
                        );
                    }
                }
            }
            if !head.contains_key("items") {
                head.insert(key, serde_json::Value::Array(Vec::new()));
            }
        } else {
            head.insert(key, serde_json::from_str(raw.get()).map_err(syntax)?);
        }
    }
    let head = serde_json::Value::Object(head);

    let mut problems = Vec::new();
    check_sizes(&head, &mut String::new(), &mut problems);
    if raw_items.len() > MAX_ITEMS {
        problems.push(problem(
            "items",
            ProblemKind::TooManyItems { n: raw_items.len() },
            format!("{} items; the limit is {MAX_ITEMS}", raw_items.len()),
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let mut warnings = Vec::new();
    let mut document: Document =
        typed(&head, "", &mut warnings).map_err(|p| ImportError::Invalid(vec![*p]))?;
    drop(head);

    // Items are read one by one so that every bad item is reported, not
    // only the first one serde meets.
    let total = raw_items.len();
    let mut items = Vec::with_capacity(total);
    let mut normalised = Vec::new();
    for (i, raw) in raw_items.into_iter().enumerate() {
        let at = format!("items[{i}]");
        let mut value: serde_json::Value = serde_json::from_str(raw.get()).map_err(syntax)?;
        let item_ref = raw_item_ref(&value);
        let mut path = at.clone();
        let before = problems.len();
        check_sizes(&value, &mut path, &mut problems);
        for found in &mut problems[before..] {
            found.item = item_ref.clone();
        }
        if problems.len() == before {
            normalise(&mut value, &mut path, &item_ref, &mut normalised);
            match typed::<Item>(&value, &at, &mut warnings) {
                Ok(item) => items.push(item),
                Err(mut p) => {
                    p.item = item_ref;
                    problems.push(*p);
                }
            }
        }
        progress(i + 1, total);
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    document.items = items;
    let split = split(&mut document)?;
    Ok(Parsed {
        jurisdiction: document.jurisdiction,
        departments: document.departments,
        lists: split.lists,
        carried: split.carried,
        new_departments: split.new_departments,
        normalised,
        warnings,
    })
}

/// The documents of a registry export, each parsed as a file of its own
/// and put together; every problem's path names its document
/// (`documents[2].items[5].name`).
fn parse_registry(
    documents: &[&serde_json::value::RawValue],
    limit: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Parsed, ImportError> {
    let mut all = Parsed {
        jurisdiction: None,
        departments: Vec::new(),
        lists: Vec::new(),
        carried: Vec::new(),
        new_departments: Vec::new(),
        normalised: Vec::new(),
        warnings: Vec::new(),
    };
    let mut problems = Vec::new();
    let mut done = 0;
    for (i, raw) in documents.iter().enumerate() {
        let prefix = format!("documents[{i}]");
        let at = |path: &str| {
            if path.is_empty() {
                prefix.clone()
            } else {
                format!("{prefix}.{path}")
            }
        };
        match parse_large(raw.get().as_bytes(), limit, |n, t| {
            progress(done + n, done + t)
        }) {
            Ok(parsed) => {
                done +=
                    parsed.n_items() + parsed.carried.iter().map(|l| l.items.len()).sum::<usize>();
                all.jurisdiction = all.jurisdiction.or(parsed.jurisdiction);
                for d in parsed.departments {
                    if !all.departments.iter().any(|k| k.dept_code == d.dept_code) {
                        all.departments.push(d);
                    }
                }
                for list in parsed.lists {
                    if all
                        .lists
                        .iter()
                        .any(|l| l.department.dept_code == list.department.dept_code)
                    {
                        problems.push(problem(
                            prefix.clone(),
                            ProblemKind::DepartmentTwice {
                                code: list.department.dept_code.to_string(),
                            },
                            format!(
                                "department `{}` has a list in two documents",
                                list.department.dept_code
                            ),
                        ));
                    } else {
                        all.lists.push(list);
                    }
                }
                all.carried.extend(parsed.carried);
                all.new_departments.extend(parsed.new_departments);
                all.normalised
                    .extend(parsed.normalised.into_iter().map(|mut n| {
                        n.path = at(&n.path);
                        n
                    }));
                all.warnings.extend(
                    parsed
                        .warnings
                        .into_iter()
                        .map(|w| format!("{prefix}: {w}")),
                );
            }
            Err(ImportError::Invalid(found)) => {
                problems.extend(found.into_iter().map(|mut p| {
                    p.path = at(&p.path);
                    p
                }));
            }
            Err(ImportError::Syntax { message, .. }) => {
                problems.push(problem(prefix.clone(), ProblemKind::Other, message))
            }
            Err(other) => return Err(other),
        }
    }
    if documents.is_empty() {
        problems.push(problem(
            "documents",
            ProblemKind::FileEmpty,
            "the registry export holds no document",
        ));
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    Ok(all)
}

/// The code and name of an item as written, for naming it in problems.
fn raw_item_ref(raw: &serde_json::Value) -> Option<ItemRef> {
    let text = |key: &str| {
        raw.get(key)
            .and_then(serde_json::Value::as_str)
            .map(|s| s.chars().take(80).collect::<String>())
            .unwrap_or_default()
    };
    let found = ItemRef {
        code: text("item_code"),
        name: text("name"),
    };
    (!found.code.is_empty() || !found.name.is_empty()).then_some(found)
}

/// Rewrites values written in another spelling to the canonical one, noting
/// each: fine units (`CNY_per_t` → `CNY_per_ton`) and comparisons (`lte` →
/// `<=`) anywhere in the item.
fn normalise(
    value: &mut serde_json::Value,
    path: &mut String,
    item: &Option<ItemRef>,
    notes: &mut Vec<Normalised>,
) {
    use serde_json::Value;
    match value {
        Value::Array(values) => {
            for (i, v) in values.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                normalise(v, path, item, notes);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            let is_fine = map.contains_key("kind")
                && (map.contains_key("min") || map.contains_key("max") || map.contains_key("unit"));
            // `fact` and `field` are the aliases `Condition` reads `metric` by.
            let is_condition = ["metric", "fact", "field"]
                .iter()
                .any(|key| map.contains_key(*key));
            for (key, v) in map.iter_mut() {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                let canonical = match (key.as_str(), &*v) {
                    ("unit", Value::String(text)) if is_fine => {
                        crate::discretion::FineUnit::parse(text).map(|u| u.code().to_owned())
                    }
                    ("op", Value::String(text)) if is_condition => {
                        crate::discretion::Op::parse(text).map(|op| op.symbol().to_owned())
                    }
                    _ => None,
                };
                match (canonical, &*v) {
                    (Some(canonical), Value::String(text)) if *text != canonical => {
                        notes.push(Normalised {
                            path: path.clone(),
                            item: item.clone(),
                            from: text.clone(),
                            to: canonical.clone(),
                        });
                        *v = Value::String(canonical);
                    }
                    _ => normalise(v, path, item, notes),
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Deserialises `value` into `T`, reporting the path of a bad value under
/// `prefix` and collecting the paths of unknown keys into `warnings`.
fn typed<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
    warnings: &mut Vec<String>,
) -> Result<T, Box<Problem>> {
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
    serde_path_to_error::deserialize(ignoring).map_err(|e| {
        Box::new(reader_problem(
            join(e.path().to_string()),
            e.into_inner().to_string(),
        ))
    })
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
                    ProblemKind::TooLong { chars: n },
                    format!("text is {n} characters long; the limit is {MAX_TEXT_CHARS}"),
                ));
            }
        }
        Value::Array(values) => {
            if path == "items" && values.len() > MAX_ITEMS {
                problems.push(problem(
                    "items",
                    ProblemKind::TooManyItems { n: values.len() },
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

/// What [`split`] makes of a file.
struct Split {
    lists: Vec<DepartmentList>,
    carried: Vec<DepartmentList>,
    new_departments: Vec<DepartmentCode>,
}

/// Checks cross-references and splits the file per department: the lists
/// in scope, and those a snapshot carries outside it. A department that
/// `departments` does not describe is accepted when the scope names it or
/// a 划转 adjustment moves an item to it; it is added to `departments`.
fn split(document: &mut Document) -> Result<Split, ImportError> {
    let mut problems = Vec::new();
    let item_ref = |item: &Item| {
        Some(ItemRef {
            code: item.item_code.clone(),
            name: item.name.clone(),
        })
    };
    let described: HashSet<String> = document
        .departments
        .iter()
        .map(|d| d.dept_code.to_string())
        .collect();

    // Departments new to the file: named by the scope, or receiving an item
    // by a 划转.
    let mut new_departments: Vec<DepartmentCode> = Vec::new();
    let scope_entries: Vec<ScopeEntry> = document
        .list_version
        .scope
        .as_ref()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    let transferred: HashSet<&str> = document
        .adjustments
        .iter()
        .filter(|a| {
            a.type_code
                .0
                .contains(&crate::version::AdjustmentType::Transfer)
        })
        .flat_map(|a| a.items_after.iter().map(String::as_str))
        .collect();
    let mut added: Vec<Department> = Vec::new();
    for item in &document.items {
        let Some(segment) = item.department_segment() else {
            continue;
        };
        if described.contains(segment) || added.iter().any(|d| d.dept_code.as_str() == segment) {
            continue;
        }
        let in_scope = scope_entries
            .iter()
            .find(|e| e.dept_code.as_str() == segment);
        let by_transfer = transferred.contains(item.item_code.as_str());
        if in_scope.is_none() && !by_transfer {
            continue;
        }
        let Ok(code) = DepartmentCode::new(segment) else {
            continue;
        };
        let name = in_scope
            .and_then(|e| e.department.clone())
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| item.implementing_body.clone());
        added.push(Department {
            dept_code: code.clone(),
            name,
            short_name: None,
            units: Vec::new(),
            supervision_phone: None,
        });
        new_departments.push(code);
    }
    document.departments.extend(added);

    if document.departments.is_empty() {
        problems.push(problem(
            "departments",
            ProblemKind::NoDepartment,
            "the file names no department",
        ));
    }
    let mut departments: HashMap<&str, &Department> = HashMap::new();
    for (i, d) in document.departments.iter().enumerate() {
        if departments.insert(d.dept_code.as_str(), d).is_some() {
            problems.push(problem(
                format!("departments[{i}].dept_code"),
                ProblemKind::DepartmentTwice {
                    code: d.dept_code.to_string(),
                },
                format!("department `{}` is listed twice", d.dept_code),
            ));
        }
        if d.name.trim().is_empty() {
            problems.push(problem(
                format!("departments[{i}].name"),
                ProblemKind::Empty,
                "must not be empty",
            ));
        }
    }
    let by_name: HashMap<&str, &DepartmentCode> = document
        .departments
        .iter()
        .map(|d| (d.name.as_str(), &d.dept_code))
        .collect();

    let mut scope: Vec<DepartmentCode> = match &document.list_version.scope {
        Some(Scope(entries)) => {
            for (i, entry) in entries.iter().enumerate() {
                if !departments.contains_key(entry.dept_code.as_str()) {
                    problems.push(problem(
                        format!("list_version.scope[{i}].dept_code"),
                        ProblemKind::ScopeUnknown {
                            code: entry.dept_code.to_string(),
                        },
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
            ProblemKind::ScopeEmpty,
            "the scope names no department",
        ));
    }
    // A department receiving an item by 划转 takes part in the version.
    for code in &new_departments {
        if !scope.contains(code) {
            scope.push(code.clone());
        }
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
        let mut found = |path: String, kind: ProblemKind, message: String| {
            problems.push(Problem {
                path,
                item: item_ref(item),
                kind,
                message,
            })
        };
        if !ids.insert(item.item_id.as_str()) {
            found(
                at("item_id"),
                ProblemKind::ItemIdTwice {
                    id: item.item_id.to_string(),
                },
                format!("item id `{}` is used twice", item.item_id),
            );
        }
        if item.item_code.trim().is_empty() {
            found(
                at("item_code"),
                ProblemKind::Empty,
                "must not be empty".into(),
            );
        } else if !item_codes.insert(item.item_code.as_str()) {
            found(
                at("item_code"),
                ProblemKind::ItemCodeTwice {
                    code: item.item_code.clone(),
                },
                format!("item code `{}` is used twice", item.item_code),
            );
        }
        for (field, text) in [
            ("name", &item.name),
            ("implementing_body", &item.implementing_body),
        ] {
            if text.trim().is_empty() {
                found(at(field), ProblemKind::Empty, "must not be empty".into());
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
        if department.is_none() {
            found(
                at("item_code"),
                ProblemKind::UnknownDepartment {
                    segment: item.department_segment().unwrap_or_default().to_owned(),
                    body: item.implementing_body.clone(),
                },
                format!(
                    "cannot tell the department: code segment `{}` and implementing body `{}` match no entry of `departments`",
                    item.department_segment().unwrap_or_default(),
                    item.implementing_body
                ),
            );
        }
        owner.push(department);
        if let Some(parent) = &item.parent_code
            && !codes.contains(parent.as_str())
        {
            found(
                at("parent_code"),
                ProblemKind::ParentMissing {
                    parent: parent.clone(),
                },
                format!("main item `{parent}` is not in the file"),
            );
        }
        if let Some(chart) = &item.flowchart {
            for error in chart.validate() {
                found(
                    at("flowchart"),
                    ProblemKind::Flowchart {
                        message: error.to_string(),
                    },
                    error.to_string(),
                );
            }
        }
        if let Some(discretion) = &item.discretion {
            for problem in discretion.validate() {
                found(
                    at(&format!("discretion.{}", problem.path)),
                    ProblemKind::Discretion {
                        message: problem.error.to_string(),
                    },
                    problem.error.to_string(),
                );
            }
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }

    // Items move into their department's list (a registry is not copied).
    let owner_of: HashMap<String, DepartmentCode> = document
        .items
        .iter()
        .zip(&owner)
        .filter_map(|(item, o)| o.clone().map(|o| (item.item_code.clone(), o)))
        .collect();
    let mut by_department: HashMap<DepartmentCode, Vec<Item>> = HashMap::new();
    for (item, o) in std::mem::take(&mut document.items).into_iter().zip(owner) {
        if let Some(o) = o {
            by_department.entry(o).or_default().push(item);
        }
    }
    let department_of_code = |code: &str| {
        owner_of.get(code).cloned().or_else(|| {
            crate::item::department_segment(code).and_then(|s| DepartmentCode::new(s).ok())
        })
    };
    let mut list_of = |code: &DepartmentCode, department: &Department| {
        let items = by_department.remove(code).unwrap_or_default();
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
    };
    let lists: Vec<DepartmentList> = scope
        .iter()
        .filter_map(|code| departments.get(code.as_str()).map(|d| (code, *d)))
        .map(|(code, department)| list_of(code, department))
        .collect();
    // Departments outside the scope whose items the file carries.
    let carried_departments: Vec<&Department> = document
        .departments
        .iter()
        .filter(|d| !scope.contains(&d.dept_code))
        .collect();
    let mut carried = Vec::new();
    for d in carried_departments {
        let mut list = list_of(&d.dept_code, d);
        if !list.items.is_empty() {
            list.adjustments.clear();
            carried.push(list);
        }
    }
    Ok(Split {
        lists,
        carried,
        new_departments,
    })
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
mod corpus;
#[cfg(test)]
mod tests;
