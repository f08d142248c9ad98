//! Departments, published list versions, their review trail and adjustments.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::IsoDate;
use crate::ids::{DepartmentCode, VersionId};
use crate::item::{LegalBasis, null_as_default};

/// A government department that keeps a power list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    /// Short code, e.g. `SJ`.
    pub dept_code: DepartmentCode,
    /// Full name, e.g. `示范县市场监督管理局`.
    pub name: String,
    /// Short name, e.g. `县市场监管局`.
    #[serde(default)]
    pub short_name: Option<String>,
    /// Internal sections (承办机构).
    #[serde(default, deserialize_with = "null_as_default")]
    pub units: Vec<String>,
    /// 监督电话.
    #[serde(default)]
    pub supervision_phone: Option<String>,
}

/// The region a registry serves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jurisdiction {
    /// 省.
    #[serde(default)]
    pub province: Option<String>,
    /// 市.
    #[serde(default)]
    pub city: Option<String>,
    /// 县.
    #[serde(default)]
    pub county: Option<String>,
    /// 行政区划代码.
    #[serde(default)]
    pub admin_code: Option<String>,
    /// A remark.
    #[serde(default)]
    pub note: Option<String>,
}

/// The lifecycle state of a version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionStatus {
    /// The draft under work (never imported as such).
    Draft,
    /// Published and immutable.
    #[default]
    Published,
    /// Published, then replaced by a later version.
    Superseded,
}

impl VersionStatus {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            VersionStatus::Draft => "草稿",
            VersionStatus::Published => "现行有效",
            VersionStatus::Superseded => "已被替代",
        }
    }
}

/// Which departments a version covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeEntry {
    /// The department's code.
    pub dept_code: DepartmentCode,
    /// The department's name as written.
    #[serde(default)]
    pub department: Option<String>,
}

/// A version's scope: one department (`{dept_code, department}`) or several
/// (a list of those, `{dept_codes: [...]}`, a list of codes, or codes in one
/// string separated by `,` `，` `、` `;` or spaces, as offices write
/// `"JT,HB"`); normalised to a list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Scope(pub Vec<ScopeEntry>);

impl Scope {
    /// The codes in a text such as `JT,HB` or `JT、HB`.
    fn from_text(text: &str) -> Result<Self, String> {
        let entries = text
            .split([',', '，', '、', ';', '；', ' ', '\u{3000}', '/'])
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(|code| {
                DepartmentCode::new(code)
                    .map(|dept_code| ScopeEntry {
                        dept_code,
                        department: None,
                    })
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Scope(entries))
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Entry {
            Full(ScopeEntry),
            Code(String),
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            // Before `One`: a struct also reads from a sequence.
            Many(Vec<Entry>),
            One(ScopeEntry),
            Codes { dept_codes: Vec<DepartmentCode> },
            Text(String),
        }
        let shapes = "scope must be {dept_code, department}, a list of those or of codes, {dept_codes: [...]}, or codes such as \"JT,HB\"";
        let entry = |dept_code| ScopeEntry {
            dept_code,
            department: None,
        };
        match Repr::deserialize(deserializer).map_err(|_| de::Error::custom(shapes))? {
            Repr::One(entry) => Ok(Scope(vec![entry])),
            Repr::Many(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for found in entries {
                    match found {
                        Entry::Full(full) => out.push(full),
                        Entry::Code(text) => {
                            out.extend(Scope::from_text(&text).map_err(de::Error::custom)?.0)
                        }
                    }
                }
                Ok(Scope(out))
            }
            Repr::Codes { dept_codes } => Ok(Scope(dept_codes.into_iter().map(entry).collect())),
            Repr::Text(text) => Scope::from_text(&text).map_err(de::Error::custom),
        }
    }
}

/// One step of the approval trail (部门申请, 合法性审查, 公示征求意见 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessStep {
    /// The step's name.
    pub step: String,
    /// Who did it.
    #[serde(default)]
    pub actor: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<IsoDate>,
    /// Start of a period (e.g. public comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<IsoDate>,
    /// End of a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<IsoDate>,
    /// The document produced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The reviewer's opinion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
    /// Channels used.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub channels: Vec<String>,
    /// Public comments received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments_received: Option<u32>,
    /// Public comments adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments_adopted: Option<u32>,
    /// What was adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_summary: Option<String>,
    /// The content the step concerns (`data::review::content_hash`): what
    /// was submitted, approved or published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<crate::revision::ContentHash>,
}

/// The metadata of a published list version (`list_version` in the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionMeta {
    /// E.g. `v2024.1`.
    pub version_id: VersionId,
    /// The version this one adjusts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub based_on: Option<VersionId>,
    /// Departments covered; absent means every department in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// The title, e.g. `示范县政府工作部门权责清单（2024年版）`.
    pub label: String,
    /// 施行日期.
    pub effective_date: IsoDate,
    /// 文号 of the publishing document.
    #[serde(default)]
    pub published_doc_no: Option<String>,
    /// Who approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The approval trail.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub process: Vec<ProcessStep>,
    /// Published or superseded.
    #[serde(default)]
    pub status: VersionStatus,
}

/// A kind of formal adjustment (动态调整).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AdjustmentType {
    /// 新增
    Add,
    /// 取消
    Cancel,
    /// 下放
    Delegate,
    /// 承接
    TakeOver,
    /// 变更
    Change,
    /// 合并
    Merge,
    /// 拆分
    Split,
    /// 划转
    Transfer,
}

impl AdjustmentType {
    /// The Chinese label, e.g. `下放`.
    pub fn label(self) -> &'static str {
        match self {
            AdjustmentType::Add => "新增",
            AdjustmentType::Cancel => "取消",
            AdjustmentType::Delegate => "下放",
            AdjustmentType::TakeOver => "承接",
            AdjustmentType::Change => "变更",
            AdjustmentType::Merge => "合并",
            AdjustmentType::Split => "拆分",
            AdjustmentType::Transfer => "划转",
        }
    }

    fn parse(code: &str) -> Option<Self> {
        Some(match code.trim() {
            "ADD" => AdjustmentType::Add,
            "CANCEL" => AdjustmentType::Cancel,
            "DELEGATE" => AdjustmentType::Delegate,
            "TAKE_OVER" | "TAKEOVER" => AdjustmentType::TakeOver,
            "CHANGE" => AdjustmentType::Change,
            "MERGE" => AdjustmentType::Merge,
            "SPLIT" => AdjustmentType::Split,
            "TRANSFER" => AdjustmentType::Transfer,
            _ => return None,
        })
    }
}

/// One or more adjustment types, written `CHANGE+MERGE` in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AdjustmentTypes(pub Vec<AdjustmentType>);

impl fmt::Display for AdjustmentTypes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let labels: Vec<&str> = self.0.iter().map(|t| t.label()).collect();
        f.write_str(&labels.join("+"))
    }
}

impl Serialize for AdjustmentTypes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let codes: Vec<String> = self
            .0
            .iter()
            .map(|t| {
                serde_json::to_value(t)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        serializer.serialize_str(&codes.join("+"))
    }
}

impl<'de> Deserialize<'de> for AdjustmentTypes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let types = text
            .split('+')
            .map(|code| {
                AdjustmentType::parse(code).ok_or_else(|| {
                    de::Error::custom(format!(
                        "unknown adjustment type `{}`; expected ADD, CANCEL, DELEGATE, TAKE_OVER, CHANGE, MERGE, SPLIT or TRANSFER (joined with `+`)",
                        code.chars().take(40).collect::<String>()
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AdjustmentTypes(types))
    }
}

/// Text that may be one string or a list of strings; normalised to a list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            One(String),
            Many(Vec<String>),
            Null(()),
        }
        Ok(OneOrMany(
            match Repr::deserialize(deserializer)
                .map_err(|_| de::Error::custom("expected a string or a list of strings"))?
            {
                Repr::One(s) => vec![s],
                Repr::Many(v) => v,
                Repr::Null(()) => vec![],
            },
        ))
    }
}

/// A formal adjustment of a list: what changed, why, on what basis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    /// E.g. `ADJ-2025-ZR-01`.
    pub adjustment_id: String,
    /// The type as the office wrote it, e.g. `变更（依据修订）+合并`.
    #[serde(rename = "type")]
    pub type_label: String,
    /// The structured types.
    pub type_code: AdjustmentTypes,
    /// Item codes before (M:N for merges and splits).
    #[serde(default, deserialize_with = "null_as_default")]
    pub items_before: Vec<String>,
    /// Item codes after.
    #[serde(default, deserialize_with = "null_as_default")]
    pub items_after: Vec<String>,
    /// Names of the items concerned.
    #[serde(default, skip_serializing_if = "is_empty_names")]
    pub item_name: OneOrMany,
    /// Fields changed, by interchange name.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub fields_changed: Vec<String>,
    /// Before/after values as the office recorded them (free form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_diffs: Option<serde_json::Value>,
    /// Why.
    pub reason: String,
    /// On what basis.
    #[serde(default, deserialize_with = "null_as_default")]
    pub basis: Vec<LegalBasis>,
    /// Effective date when it differs from the version's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<IsoDate>,
    /// What the department still does afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// Whether the receiving body can take the power on (下放).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiving_capacity: Option<String>,
    /// How pending cases are handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitional_rule: Option<String>,
}

fn is_empty_names(names: &OneOrMany) -> bool {
    names.0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_types(input: &str, expected: Result<&str, &str>) {
        let got = serde_json::from_str::<AdjustmentTypes>(input)
            .map(|t| t.to_string())
            .map_err(|e| e.to_string());
        match (got, expected) {
            (Ok(g), Ok(e)) => assert_eq!(g, e, "case {input}"),
            (Err(g), Err(e)) => assert!(g.contains(e), "case {input}: {g}"),
            (g, e) => panic!("case {input}: got {g:?}, expected {e:?}"),
        }
    }

    #[test]
    fn adjustment_types() {
        check_types(r#""CHANGE+MERGE""#, Ok("变更+合并"));
        check_types(r#""SPLIT""#, Ok("拆分"));
        check_types(r#""TRANSFER""#, Ok("划转"));
        check_types(r#""RENAME""#, Err("unknown adjustment type `RENAME`"));
    }

    #[test]
    fn scope_forms() {
        for input in [
            r#"{"dept_code":"ZR","department":"自然资源局"}"#,
            r#"[{"dept_code":"ZR"},{"dept_code":"SJ"}]"#,
            r#"{"dept_codes":["ZR","SJ"]}"#,
        ] {
            assert!(serde_json::from_str::<Scope>(input).is_ok(), "case {input}");
        }
        for input in [
            r#""ZR,SJ""#,
            r#""ZR、SJ""#,
            r#""ZR， SJ""#,
            r#"["ZR","SJ"]"#,
            r#"["ZR",{"dept_code":"SJ"}]"#,
        ] {
            let scope: Scope = serde_json::from_str(input).unwrap_or_default();
            let codes: Vec<&str> = scope.0.iter().map(|e| e.dept_code.as_str()).collect();
            assert_eq!(codes, ["ZR", "SJ"], "case {input}");
        }
        assert!(serde_json::from_str::<Scope>(r#"{"dept_code":"Z R"}"#).is_err());
    }
}
