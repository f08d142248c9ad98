//! The editor's field-level checks of one item, run in the browser while
//! typing and again on the server before a draft item is saved.
//!
//! Problems are typed (`FieldIssue`) and carry the interchange path of the
//! field, so the UI can put its own words next to the right input.

use serde::{Deserialize, Serialize};

use crate::Item;
use crate::ids::DepartmentCode;
use crate::item::{Duration, TimeUnit};

/// The longest text a field may hold (the interchange format's limit).
pub const MAX_TEXT: usize = 20_000;

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldIssue {
    /// The field must be filled in.
    Required,
    /// The text is longer than `max` characters.
    TooLong {
        /// The limit.
        max: usize,
    },
    /// The item code's department segment is another department's.
    CodeOfOtherDepartment {
        /// The segment found in the code.
        found: String,
    },
    /// The promised time limit is longer than the statutory one.
    PromisedExceedsStatutory,
    /// Another item of the list has the same code.
    DuplicateCode,
    /// The main item named by `parent_code` is not in the list.
    UnknownParent,
    /// A time limit of zero days (use 当场 instead).
    ZeroDays,
    /// The phone number has fewer than seven digits (a note such as `（工作日）` may follow).
    BadPhone,
    /// A fee is charged but its standard is missing.
    FeeWithoutStandard,
    /// The flowchart is invalid; `message` says how.
    Flowchart {
        /// The validator's message.
        message: String,
    },
    /// The discretion standard is invalid; `message` says how.
    Discretion {
        /// The validator's message.
        message: String,
    },
}

/// One problem of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// The field's interchange path, e.g. `time_limit.promised`, `legal_basis[1].law`.
    pub path: String,
    /// What is wrong.
    pub issue: FieldIssue,
}

/// Every problem of `item` as an item of `department`'s list, in field order.
pub fn check_item(item: &Item, department: &DepartmentCode) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut push = |path: String, issue: FieldIssue| problems.push(FieldProblem { path, issue });
    let mut text = |path: &str, value: &str, required: bool| {
        if required && value.trim().is_empty() {
            push(path.to_owned(), FieldIssue::Required);
        } else if value.chars().count() > MAX_TEXT {
            push(path.to_owned(), FieldIssue::TooLong { max: MAX_TEXT });
        }
    };
    text("item_code", &item.item_code, true);
    text("name", &item.name, true);
    text("implementing_body", &item.implementing_body, true);
    for (path, value) in [
        ("main_item_name", &item.main_item_name),
        ("sub_item_name", &item.sub_item_name),
        ("undertaking_unit", &item.undertaking_unit),
        ("implementing_level", &item.implementing_level),
        ("target", &item.target),
        ("remark", &item.remark),
        ("fee.basis", &item.fee.basis),
        ("fee.standard", &item.fee.standard),
        ("supervision.complaint", &item.supervision.complaint),
    ] {
        text(path, value.as_deref().unwrap_or(""), false);
    }
    for (i, basis) in item.legal_basis.iter().enumerate() {
        text(&format!("legal_basis[{i}].law"), &basis.law, true);
    }
    for (i, r) in item.responsibilities.iter().enumerate() {
        text(&format!("responsibilities[{i}].stage"), &r.stage, true);
        text(&format!("responsibilities[{i}].duty"), &r.duty, true);
    }
    for (i, s) in item.accountability.situations.iter().enumerate() {
        text(&format!("accountability.situations[{i}]"), s, true);
    }

    if let Some(segment) = item.department_segment()
        && !item.item_code.trim().is_empty()
        && segment != department.as_str()
    {
        push(
            "item_code".to_owned(),
            FieldIssue::CodeOfOtherDepartment {
                found: segment.to_owned(),
            },
        );
    }
    let limits = &item.time_limit;
    for (path, limit) in [
        ("time_limit.statutory", limits.statutory),
        ("time_limit.promised", limits.promised),
    ] {
        if let Some(Duration { value: 0, unit }) = limit
            && unit != TimeUnit::OnTheSpot
        {
            push(path.to_owned(), FieldIssue::ZeroDays);
        }
    }
    if let (Some(statutory), Some(promised)) = (limits.statutory, limits.promised)
        && exceeds(promised, statutory)
    {
        push(
            "time_limit.promised".to_owned(),
            FieldIssue::PromisedExceedsStatutory,
        );
    }
    if let Some(phone) = &item.supervision.phone
        && !phone.trim().is_empty()
        && phone
            .chars()
            .filter(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .count()
            < 7
    {
        push("supervision.phone".to_owned(), FieldIssue::BadPhone);
    }
    if item.fee.charged
        && item
            .fee
            .standard
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
    {
        push("fee.standard".to_owned(), FieldIssue::FeeWithoutStandard);
    }
    if let Some(flowchart) = &item.flowchart {
        for error in flowchart.validate() {
            push(
                "flowchart".to_owned(),
                FieldIssue::Flowchart {
                    message: error.to_string(),
                },
            );
        }
    }
    if let Some(discretion) = &item.discretion {
        for problem in discretion.validate() {
            push(
                "discretion".to_owned(),
                FieldIssue::Discretion {
                    message: problem.to_string(),
                },
            );
        }
    }
    problems
}

/// Whether `promised` is longer than `statutory`, when the two can be compared.
///
/// Working days and calendar days are compared only when the promise is in
/// working days and the statute in days (a working day is never shorter).
fn exceeds(promised: Duration, statutory: Duration) -> bool {
    use TimeUnit::{Day, Month, OnTheSpot, WorkingDay};
    match (promised.unit, statutory.unit) {
        (OnTheSpot, _) => false,
        (_, OnTheSpot) => true,
        (WorkingDay, WorkingDay) | (Day, Day) | (WorkingDay, Day) | (Month, Month) => {
            promised.value > statutory.value
        }
        // A month has at least 28 days and 20 working days.
        (Day, Month) => promised.value > statutory.value.saturating_mul(31),
        (WorkingDay, Month) => promised.value > statutory.value.saturating_mul(23),
        (Month, Day) => promised.value.saturating_mul(28) > statutory.value,
        (Month, WorkingDay) => promised.value.saturating_mul(20) > statutory.value,
        (Day, WorkingDay) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange;

    fn demo_item() -> Item {
        let parsed =
            interchange::parse(include_bytes!("../demo/sample.json")).expect("demo parses");
        parsed
            .lists
            .into_iter()
            .flat_map(|l| l.items)
            .find(|i| i.item_code.contains("-SJ-") && i.flowchart.is_some())
            .expect("an SJ item with a flowchart")
    }

    fn check(edit: impl FnOnce(&mut Item), expected: &[(&str, FieldIssue)]) {
        let mut item = demo_item();
        edit(&mut item);
        let sj = DepartmentCode::new("SJ").expect("valid code");
        let found: Vec<(String, FieldIssue)> = check_item(&item, &sj)
            .into_iter()
            .map(|p| (p.path, p.issue))
            .collect();
        let expected: Vec<(String, FieldIssue)> = expected
            .iter()
            .map(|(p, i)| ((*p).to_owned(), i.clone()))
            .collect();
        assert_eq!(found, expected);
    }

    fn days(value: u32, unit: TimeUnit) -> Option<Duration> {
        Some(Duration { value, unit })
    }

    #[test]
    fn demo_item_is_clean() {
        check(|_| {}, &[]);
    }

    #[test]
    fn required_and_long_fields() {
        check(|i| i.name = "  ".into(), &[("name", FieldIssue::Required)]);
        check(
            |i| i.implementing_body = String::new(),
            &[("implementing_body", FieldIssue::Required)],
        );
        check(
            |i| i.remark = Some("字".repeat(MAX_TEXT + 1)),
            &[("remark", FieldIssue::TooLong { max: MAX_TEXT })],
        );
        check(
            |i| i.legal_basis[0].law = String::new(),
            &[("legal_basis[0].law", FieldIssue::Required)],
        );
    }

    #[test]
    fn code_of_another_department() {
        check(
            |i| i.item_code = "990101-MZ-XK-001-00".into(),
            &[(
                "item_code",
                FieldIssue::CodeOfOtherDepartment { found: "MZ".into() },
            )],
        );
    }

    #[test]
    fn time_limits() {
        use TimeUnit::*;
        check(
            |i| {
                i.time_limit.statutory = days(20, WorkingDay);
                i.time_limit.promised = days(25, WorkingDay);
            },
            &[("time_limit.promised", FieldIssue::PromisedExceedsStatutory)],
        );
        check(
            |i| {
                i.time_limit.statutory = days(60, Day);
                i.time_limit.promised = days(20, WorkingDay);
            },
            &[],
        );
        check(
            |i| {
                i.time_limit.statutory = days(0, Day);
                i.time_limit.promised = days(0, OnTheSpot);
            },
            &[("time_limit.statutory", FieldIssue::ZeroDays)],
        );
    }

    #[test]
    fn phone_and_fee() {
        check(
            |i| i.supervision.phone = Some("0999-1234567 转 8".into()),
            &[],
        );
        check(
            |i| i.supervision.phone = Some("call me".into()),
            &[("supervision.phone", FieldIssue::BadPhone)],
        );
        check(
            |i| {
                i.fee.charged = true;
                i.fee.standard = None;
            },
            &[("fee.standard", FieldIssue::FeeWithoutStandard)],
        );
    }

    #[test]
    fn flowchart_problems_are_reported() {
        let mut item = demo_item();
        if let Some(chart) = item.flowchart.as_mut() {
            chart.edges.clear();
        }
        let sj = DepartmentCode::new("SJ").expect("valid code");
        let problems = check_item(&item, &sj);
        assert!(!problems.is_empty());
        assert!(
            problems
                .iter()
                .all(|p| p.path == "flowchart" && matches!(p.issue, FieldIssue::Flowchart { .. }))
        );
    }

    #[test]
    fn script_in_a_name_is_just_text() {
        check(|i| i.name = "<script>alert(1)</script>".into(), &[]);
    }
}
