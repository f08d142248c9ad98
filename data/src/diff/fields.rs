//! The plain fields of an item: how each is compared, labelled, read and set.

use serde::Serialize;
use serde_json::Value;

use super::FieldChange;
use super::text::text_diff;
use crate::flowchart::Risk;
use crate::item::{Duration, Item};

/// One comparable field: its interchange path, its label, how to compare two
/// items on it and how to set it from a JSON value.
struct FieldSpec {
    path: &'static str,
    label: &'static str,
    diff: fn(&Item, &Item) -> Option<(Value, Value)>,
    set: fn(&mut Item, Value) -> Result<(), serde_json::Error>,
}

/// Builds a [`FieldSpec`] for `item.<access>`; the typed values are compared
/// first, so JSON is built only for fields that changed.
macro_rules! field {
    ($path:literal, $label:literal, $($access:ident).+) => {
        FieldSpec {
            path: $path,
            label: $label,
            diff: |a: &Item, b: &Item| {
                let (x, y) = (&a.$($access).+, &b.$($access).+);
                (x != y).then(|| (to_json(x), to_json(y)))
            },
            set: |item: &mut Item, value: Value| {
                item.$($access).+ = serde_json::from_value(value)?;
                Ok(())
            },
        }
    };
}

/// Every plain field, in the order of DESIGN.md 1.2. The code is reported
/// in the entry's header, the legal bases, flowchart and discretion in their
/// own sections.
const FIELDS: &[FieldSpec] = &[
    field!("catalog_code", "目录编码", catalog_code),
    field!("name", "事项名称", name),
    field!("main_item_name", "主项名称", main_item_name),
    field!("sub_item_name", "子项名称", sub_item_name),
    field!("parent_code", "主项编码", parent_code),
    field!("has_sub_items", "含子项", has_sub_items),
    field!("category", "权力类别", category),
    field!("implementing_body", "实施主体", implementing_body),
    field!("undertaking_unit", "承办机构", undertaking_unit),
    field!("implementing_level", "行使层级", implementing_level),
    field!("target", "行使对象", target),
    field!("responsibilities", "责任事项", responsibilities),
    field!(
        "accountability.situations",
        "追责情形",
        accountability.situations
    ),
    field!("accountability.basis", "问责依据", accountability.basis),
    field!("time_limit.statutory", "法定期限", time_limit.statutory),
    field!("time_limit.promised", "承诺期限", time_limit.promised),
    field!("time_limit.note", "时限说明", time_limit.note),
    field!("fee.charged", "是否收费", fee.charged),
    field!("fee.basis", "收费依据", fee.basis),
    field!("fee.standard", "收费标准", fee.standard),
    field!("supervision.phone", "监督电话", supervision.phone),
    field!("supervision.complaint", "投诉渠道", supervision.complaint),
    field!("relief", "救济途径", relief),
    field!("remark", "备注", remark),
    field!("status", "状态", status),
    field!("sub_items_note", "子项说明", sub_items_note),
    field!("delegation", "下放/委托", delegation),
];

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The changed plain fields of two versions of an item.
pub(super) fn diff(before: &Item, after: &Item) -> Vec<FieldChange> {
    FIELDS
        .iter()
        .filter_map(|spec| {
            let (old, new) = (spec.diff)(before, after)?;
            Some(change(spec.path, spec.label, old, new))
        })
        .collect()
}

/// Sets the field at `path` to `value`.
pub(super) fn set(item: &mut Item, path: &str, value: &Value) -> Result<(), String> {
    let spec = FIELDS
        .iter()
        .find(|spec| spec.path == path)
        .ok_or_else(|| "no such field".to_owned())?;
    (spec.set)(item, value.clone()).map_err(|error| error.to_string())
}

/// A field change with its readable values and, for text, the text diff.
pub(super) fn change(path: &str, label: &str, before: Value, after: Value) -> FieldChange {
    let text_diff = match (as_text(&before), as_text(&after)) {
        (Some(old), Some(new)) => text_diff(&old, &new),
        _ => Vec::new(),
    };
    FieldChange {
        path: path.to_owned(),
        label: label.to_owned(),
        before_text: readable(&before),
        after_text: readable(&after),
        before,
        after,
        text_diff,
    }
}

/// Text for a character diff: a string, a list of strings joined with `；`,
/// or nothing (`null`) as empty text. `None` for any other value.
pub(super) fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some(String::new()),
        Value::String(text) => Some(text.clone()),
        Value::Array(values) => values
            .iter()
            .map(|value| value.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()
            .map(|texts| texts.join("；")),
        _ => None,
    }
}

/// How people read values that are not plain text: `是`/`否`, time limits
/// (`10个工作日`), categories by name. `None` where the value reads as itself.
fn readable(value: &Value) -> Option<String> {
    match value {
        Value::Bool(true) => Some("是".to_owned()),
        Value::Bool(false) => Some("否".to_owned()),
        Value::Object(map) => {
            if let Ok(duration) = serde_json::from_value::<Duration>(value.clone()) {
                return Some(duration.to_chinese());
            }
            if let Ok(risk) = serde_json::from_value::<Risk>(value.clone()) {
                return Some(format!(
                    "风险等级{}（{}）",
                    risk.level.label(),
                    risk.description
                ));
            }
            map.get("name")
                .and_then(Value::as_str)
                .filter(|_| map.contains_key("abbr"))
                .map(str::to_owned)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, value: Value, expected: Result<(), &str>) {
        let original: Item = match serde_json::from_value(serde_json::json!({
            "item_id": "T-1", "item_code": "990101-ZR-XK-001-00", "name": "名",
            "category": "XK", "implementing_body": "局"
        })) {
            Ok(item) => item,
            Err(error) => panic!("test item does not parse: {error}"),
        };
        let mut item = original.clone();
        match (set(&mut item, path, &value), expected) {
            (Ok(()), Ok(())) => {
                let changes = diff(&original, &item);
                let got: Vec<(&str, &Value)> = changes
                    .iter()
                    .map(|change| (change.path.as_str(), &change.after))
                    .collect();
                assert_eq!(got, vec![(path, &value)], "case {path}");
            }
            (Err(error), Err(message)) => {
                assert!(error.contains(message), "case {path}: {error}");
            }
            (got, expected) => panic!("case {path}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn fields_are_set_from_json() {
        use serde_json::json;
        check(
            "time_limit.promised",
            json!({"value": 5, "unit": "working_day"}),
            Ok(()),
        );
        check("remark", json!("新备注"), Ok(()));
        check("fee.charged", json!(true), Ok(()));
        check("status", json!("已下放"), Ok(()));
        check("status", json!("作废"), Err("unknown variant"));
        check("flowchart", json!(null), Err("no such field"));
    }

    #[test]
    fn paths_are_unique() {
        let mut paths: Vec<&str> = FIELDS.iter().map(|spec| spec.path).collect();
        paths.sort_unstable();
        let n_paths = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), n_paths);
    }

    #[test]
    fn values_read_as_spoken() {
        use serde_json::json;
        let readable_of = |value: Value| readable(&value);
        assert_eq!(
            readable_of(json!({"value": 10, "unit": "working_day"})).as_deref(),
            Some("10个工作日")
        );
        assert_eq!(readable_of(json!(true)).as_deref(), Some("是"));
        assert_eq!(
            readable_of(json!({"name": "行政许可", "abbr": "XK", "sc_code": "1A"})).as_deref(),
            Some("行政许可")
        );
        assert_eq!(readable_of(json!("文字")), None);
    }
}
