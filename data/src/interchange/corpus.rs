//! The corpus of interchange files as other offices write them
//! (`fixtures/*.json`, made by `fixtures/make.py`), each read for real and
//! checked against its expected outcome in `fixtures/expected.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::*;

/// The expected outcome of one file.
#[derive(Debug, Deserialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
enum Expected {
    Accepted(Accepted),
    Refused(Refused),
}

/// A file that imports.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Accepted {
    /// The office's way of writing the file that this one stands for.
    #[allow(dead_code)]
    style: String,
    /// Department code → number of items, for the lists in scope.
    lists: BTreeMap<String, usize>,
    /// The same for the lists a snapshot carries outside its scope.
    #[serde(default)]
    carried: BTreeMap<String, usize>,
    /// Departments new by the file (划转).
    #[serde(default)]
    new_departments: Vec<String>,
    /// Department code → name, for the departments to check by name.
    #[serde(default)]
    department_names: BTreeMap<String, String>,
    /// Department code → number of adjustments in its list.
    #[serde(default)]
    adjustments: BTreeMap<String, usize>,
    /// Every value read in another spelling: ``path: `from` read as `to` ``.
    #[serde(default)]
    normalised: Vec<String>,
    /// Every warning, as worded.
    #[serde(default)]
    warnings: Vec<String>,
    /// What some items read as.
    #[serde(default)]
    checks: Vec<Check>,
}

/// What one item (or one tier of its standard) reads as.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    /// The item's code.
    item: String,
    /// The tier of its discretion standard the fields below concern.
    #[serde(default)]
    tier: Option<usize>,
    /// The tier's text conditions.
    #[serde(default)]
    conditions: Option<Vec<String>>,
    /// The tier's predicates, each by `Condition::to_chinese`.
    #[serde(default)]
    structured_conditions: Option<Vec<String>>,
    /// The tier's fine by `Fine::to_chinese`.
    #[serde(default)]
    fine: Option<String>,
    /// The tier's fine unit code.
    #[serde(default)]
    fine_unit: Option<String>,
    /// The unit code of the tier's alternative fine.
    #[serde(default)]
    alt_unit: Option<String>,
    /// The item's time limits by `TimeLimits::to_chinese`.
    #[serde(default)]
    time_limit: Option<String>,
}

/// A file that is refused whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Refused {
    /// The office's way of writing the file that this one stands for.
    #[allow(dead_code)]
    style: String,
    /// The `ImportError` variant, e.g. `Invalid`, `Syntax`.
    error: String,
    /// A part of the error's English message.
    #[serde(default)]
    message: Option<String>,
    /// For `Invalid`: every problem, in order.
    #[serde(default)]
    problems: Vec<ExpectedProblem>,
}

/// One problem of a refused file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedProblem {
    /// The `ProblemKind` variant, e.g. `UnknownValue`.
    kind: String,
    /// The path to the bad value.
    path: String,
    /// The code of the item named (absent: no item is named).
    #[serde(default)]
    item_code: Option<String>,
    /// The name of the item named.
    #[serde(default)]
    item_name: Option<String>,
    /// A part of the English message.
    message: String,
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/interchange/fixtures")
}

/// The variant's name, from its debug form: `UnknownValue { .. }` → `UnknownValue`.
fn variant(debug: String) -> String {
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn error_name(error: &ImportError) -> &'static str {
    match error {
        ImportError::TooLarge { .. } => "TooLarge",
        ImportError::NotUtf8 { .. } => "NotUtf8",
        ImportError::Syntax { .. } => "Syntax",
        ImportError::Invalid(_) => "Invalid",
        ImportError::Canonical(_) => "Canonical",
    }
}

fn counts(lists: &[DepartmentList]) -> BTreeMap<String, usize> {
    lists
        .iter()
        .map(|l| (l.department.dept_code.to_string(), l.items.len()))
        .collect()
}

/// Notes a difference between what was found and what was expected.
fn differ(failures: &mut Vec<String>, what: &str, found: String, wanted: String) {
    if found != wanted {
        failures.push(format!("{what}: found {found}, expected {wanted}"));
    }
}

fn check_accepted(parsed: &Parsed, expected: &Accepted, failures: &mut Vec<String>) {
    differ(
        failures,
        "lists",
        format!("{:?}", counts(&parsed.lists)),
        format!("{:?}", expected.lists),
    );
    differ(
        failures,
        "carried",
        format!("{:?}", counts(&parsed.carried)),
        format!("{:?}", expected.carried),
    );
    differ(
        failures,
        "new departments",
        format!(
            "{:?}",
            parsed
                .new_departments
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
        ),
        format!("{:?}", expected.new_departments),
    );
    let notes: Vec<String> = parsed
        .normalised
        .iter()
        .map(|n| format!("{}: `{}` read as `{}`", n.path, n.from, n.to))
        .collect();
    differ(
        failures,
        "normalised",
        format!("{notes:#?}"),
        format!("{:#?}", expected.normalised),
    );
    differ(
        failures,
        "warnings",
        format!("{:#?}", parsed.warnings),
        format!("{:#?}", expected.warnings),
    );
    // Each note names the item it was found in.
    for note in &parsed.normalised {
        if note.item.is_none() {
            failures.push(format!("the note `{note}` names no item"));
        }
    }
    let all = || parsed.lists.iter().chain(&parsed.carried);
    for (code, name) in &expected.department_names {
        let found = all()
            .find(|l| l.department.dept_code.as_str() == code)
            .map(|l| l.department.name.clone());
        differ(
            failures,
            &format!("department {code}"),
            format!("{found:?}"),
            format!("{:?}", Some(name)),
        );
    }
    for (code, n) in &expected.adjustments {
        let found = all()
            .find(|l| l.department.dept_code.as_str() == code)
            .map(|l| l.adjustments.len());
        differ(
            failures,
            &format!("adjustments of {code}"),
            format!("{found:?}"),
            format!("{:?}", Some(n)),
        );
    }
    for check in &expected.checks {
        let Some(item) = all()
            .flat_map(|l| &l.items)
            .find(|i| i.item_code == check.item)
        else {
            failures.push(format!("item {} is not in the lists", check.item));
            continue;
        };
        if let Some(limits) = &check.time_limit {
            differ(
                failures,
                &format!("{} time limits", check.item),
                format!("{:?}", item.time_limit.to_chinese()),
                format!("{:?}", Some(limits)),
            );
        }
        let Some(index) = check.tier else {
            continue;
        };
        let Some(tier) = item.discretion.as_ref().and_then(|d| d.tiers.get(index)) else {
            failures.push(format!("{} has no tier {index}", check.item));
            continue;
        };
        let at = format!("{} tier {index}", check.item);
        if let Some(conditions) = &check.conditions {
            differ(
                failures,
                &format!("{at} conditions"),
                format!("{:?}", tier.conditions),
                format!("{conditions:?}"),
            );
        }
        if let Some(predicates) = &check.structured_conditions {
            let found: Vec<String> = tier
                .structured_conditions
                .iter()
                .map(|c| c.to_chinese())
                .collect();
            differ(
                failures,
                &format!("{at} structured conditions"),
                format!("{found:?}"),
                format!("{predicates:?}"),
            );
        }
        if let Some(fine) = &check.fine {
            differ(
                failures,
                &format!("{at} fine"),
                format!("{:?}", tier.fine.as_ref().map(|f| f.to_chinese())),
                format!("{:?}", Some(fine)),
            );
        }
        if let Some(unit) = &check.fine_unit {
            differ(
                failures,
                &format!("{at} fine unit"),
                format!(
                    "{:?}",
                    tier.fine.as_ref().and_then(|f| f.unit).map(|u| u.code())
                ),
                format!("{:?}", Some(unit)),
            );
        }
        if let Some(unit) = &check.alt_unit {
            differ(
                failures,
                &format!("{at} alternative fine unit"),
                format!(
                    "{:?}",
                    tier.fine
                        .as_ref()
                        .and_then(|f| f.alt.as_ref())
                        .and_then(|a| a.unit)
                        .map(|u| u.code())
                ),
                format!("{:?}", Some(unit)),
            );
        }
    }
    // Every list, exported and read again, is the same list, in the
    // canonical spelling.
    for list in all() {
        let code = &list.department.dept_code;
        let bytes = serde_json::to_vec_pretty(&export(parsed.jurisdiction.clone(), list))
            .unwrap_or_default();
        match parse(&bytes) {
            Err(e) => failures.push(format!("{code} exported does not read back: {e}")),
            Ok(again) => {
                if again.lists.len() != 1 || &again.lists[0] != list {
                    failures.push(format!("{code} exported reads back different"));
                }
                if !again.normalised.is_empty() || !again.warnings.is_empty() {
                    failures.push(format!(
                        "{code} exported reads back with notes {:?} and warnings {:?}",
                        again.normalised, again.warnings
                    ));
                }
                if !again.carried.is_empty() || !again.new_departments.is_empty() {
                    failures.push(format!("{code} exported carries other departments"));
                }
            }
        }
    }
}

fn check_refused(error: &ImportError, expected: &Refused, failures: &mut Vec<String>) {
    let text = error.to_string();
    if error_name(error) != expected.error {
        failures.push(format!(
            "error {} (`{text}`), expected {}",
            error_name(error),
            expected.error
        ));
    }
    if let Some(message) = &expected.message
        && !text.contains(message.as_str())
    {
        failures.push(format!("`{message}` is not in `{text}`"));
    }
    let problems = match error {
        ImportError::Invalid(problems) => problems.as_slice(),
        _ => &[],
    };
    if problems.len() != expected.problems.len() {
        failures.push(format!(
            "{} problems, expected {}:\n{text}",
            problems.len(),
            expected.problems.len()
        ));
    }
    for (found, wanted) in problems.iter().zip(&expected.problems) {
        let kind = variant(format!("{:?}", found.kind));
        let item = found.item.as_ref();
        let wanted_item = (wanted.item_code.as_deref(), wanted.item_name.as_deref());
        let found_item = (item.map(|i| i.code.as_str()), item.map(|i| i.name.as_str()));
        if kind != wanted.kind
            || found.path != wanted.path
            || found_item != wanted_item
            || !found.message.contains(&wanted.message)
        {
            failures.push(format!(
                "problem {kind} at `{}` naming {found_item:?}: `{}`; expected {} at `{}` naming {wanted_item:?}: `{}`",
                found.path, found.message, wanted.kind, wanted.path, wanted.message
            ));
        }
    }
}

#[test]
fn every_file_of_the_corpus_has_its_expected_outcome() {
    let dir = fixtures();
    let expected: BTreeMap<String, Expected> = std::fs::read(dir.join("expected.json"))
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("fixtures/expected.json: {e}"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "expected.json" && name != "make.py")
        .collect();
    files.sort();
    assert!(
        files.len() >= 18,
        "only {} files in the corpus",
        files.len()
    );

    let mut failures: Vec<String> = Vec::new();
    for name in &files {
        if !expected.contains_key(name) {
            failures.push(format!("{name}: no expected outcome in expected.json"));
        }
    }
    for name in expected.keys() {
        if !files.contains(name) {
            failures.push(format!(
                "{name}: expected.json names a file that is not there"
            ));
        }
    }
    for (name, expected) in &expected {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        let mut found = Vec::new();
        match (parse(&bytes), expected) {
            (Ok(parsed), Expected::Accepted(accepted)) => {
                check_accepted(&parsed, accepted, &mut found)
            }
            (Err(error), Expected::Refused(refused)) => check_refused(&error, refused, &mut found),
            (Ok(_), Expected::Refused(_)) => found.push("accepted, expected refused".to_owned()),
            (Err(error), Expected::Accepted(_)) => {
                found.push(format!("refused, expected accepted: {error}"))
            }
        }
        failures.extend(found.into_iter().map(|f| format!("{name}: {f}")));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
