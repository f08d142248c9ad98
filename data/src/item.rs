//! The power item (事项) and the records it is made of.

use serde::{Deserialize, Deserializer, Serialize};

use crate::IsoDate;
use crate::category::Category;
use crate::discretion::Discretion;
use crate::flowchart::Flowchart;
use crate::ids::ItemId;

/// Reads `null` as the type's default, so `"relief": null` becomes an empty list.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// One administrative power as published in a list.
///
/// Field names are those of the JSON interchange format (`shared/demo/sample.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Stable identity across versions.
    pub item_id: ItemId,
    /// Displayed code, e.g. `990101-SJ-CF-004-00` (region-department-category-main-sub).
    pub item_code: String,
    /// The provincial catalogue code this item implements, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog_code: Option<String>,
    /// 事项名称 (the item's name).
    pub name: String,
    /// 主项名称 (name of the main item this belongs to).
    #[serde(default)]
    pub main_item_name: Option<String>,
    /// 子项名称 (name of the sub-item, when this is one).
    #[serde(default)]
    pub sub_item_name: Option<String>,
    /// Code of the main item when this is a sub-item.
    #[serde(default)]
    pub parent_code: Option<String>,
    /// Whether this is a main item that only groups sub-items.
    #[serde(default)]
    pub has_sub_items: bool,
    /// 权力类别.
    pub category: Category,
    /// 实施主体 (the body that exercises the power).
    pub implementing_body: String,
    /// 承办机构 (the internal section that does the work).
    #[serde(default)]
    pub undertaking_unit: Option<String>,
    /// 行使层级, e.g. `县级`, `乡镇（下放）`.
    #[serde(default)]
    pub implementing_level: Option<String>,
    /// 对象 (who the power applies to).
    #[serde(default)]
    pub target: Option<String>,
    /// 依据 (legal bases).
    #[serde(default, deserialize_with = "null_as_default")]
    pub legal_basis: Vec<LegalBasis>,
    /// 责任事项 per stage.
    #[serde(default, deserialize_with = "null_as_default")]
    pub responsibilities: Vec<Responsibility>,
    /// 追责情形 and 问责依据.
    #[serde(default, deserialize_with = "null_as_default")]
    pub accountability: Accountability,
    /// 法定期限 and 承诺期限.
    #[serde(default, deserialize_with = "null_as_default")]
    pub time_limit: TimeLimits,
    /// 收费.
    #[serde(default, deserialize_with = "null_as_default")]
    pub fee: Fee,
    /// 监督 (phone and complaint channel).
    #[serde(default, deserialize_with = "null_as_default")]
    pub supervision: Supervision,
    /// 救济途径 (行政复议, 行政诉讼).
    #[serde(default, deserialize_with = "null_as_default")]
    pub relief: Vec<String>,
    /// 备注.
    #[serde(default)]
    pub remark: Option<String>,
    /// 状态.
    #[serde(default)]
    pub status: ItemStatus,
    /// A note on how sub-items are split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_items_note: Option<String>,
    /// 下放/委托 details when the power is exercised elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation: Option<Delegation>,
    /// 行政权力运行流程图.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flowchart: Option<Flowchart>,
    /// 行政裁量权基准.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discretion: Option<Discretion>,
}

impl Item {
    /// The department segment of the item code (`SJ` in `990101-SJ-CF-004-00`).
    pub fn department_segment(&self) -> Option<&str> {
        department_segment(&self.item_code)
    }

    /// Whether this item is a sub-item of another.
    pub fn is_sub_item(&self) -> bool {
        self.parent_code.is_some()
    }
}

/// The department segment of an item code, when the code has the usual shape.
pub fn department_segment(item_code: &str) -> Option<&str> {
    let mut parts = item_code.split('-');
    let first = parts.next()?;
    // Codes are region-dept-category-main-sub; some lists drop the region prefix.
    if first.chars().all(|c| c.is_ascii_digit()) {
        parts.next()
    } else {
        Some(first)
    }
}

/// The rank of a legal source (法律 … 规范性文件).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum LawLevel {
    /// 法律
    Law,
    /// 行政法规
    AdministrativeRegulation,
    /// 地方性法规
    LocalRegulation,
    /// 部门规章
    DepartmentalRule,
    /// 地方政府规章
    LocalGovernmentRule,
    /// 规章 (unspecified rule)
    Rule,
    /// 规范性文件
    NormativeDocument,
    /// Any other label (安全技术规范, 国家标准 …), kept as written.
    Other(String),
}

impl LawLevel {
    /// The Chinese label.
    pub fn label(&self) -> &str {
        match self {
            LawLevel::Law => "法律",
            LawLevel::AdministrativeRegulation => "行政法规",
            LawLevel::LocalRegulation => "地方性法规",
            LawLevel::DepartmentalRule => "部门规章",
            LawLevel::LocalGovernmentRule => "地方政府规章",
            LawLevel::Rule => "规章",
            LawLevel::NormativeDocument => "规范性文件",
            LawLevel::Other(s) => s,
        }
    }
}

impl From<String> for LawLevel {
    fn from(s: String) -> Self {
        match s.trim() {
            "法律" => LawLevel::Law,
            "行政法规" => LawLevel::AdministrativeRegulation,
            "地方性法规" => LawLevel::LocalRegulation,
            "部门规章" => LawLevel::DepartmentalRule,
            "地方政府规章" => LawLevel::LocalGovernmentRule,
            "规章" => LawLevel::Rule,
            "规范性文件" => LawLevel::NormativeDocument,
            other => LawLevel::Other(other.to_owned()),
        }
    }
}

impl From<LawLevel> for String {
    fn from(level: LawLevel) -> String {
        level.label().to_owned()
    }
}

/// What a legal basis does for the power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BasisRole {
    /// 设定依据 (the provision that creates the power)
    #[serde(rename = "设定依据")]
    Creating,
    /// 实施依据 (the provision that governs how it is exercised)
    #[serde(rename = "实施依据")]
    Implementing,
    /// 问责依据 (the provision for holding officials accountable)
    #[serde(rename = "问责依据")]
    Accountability,
}

impl BasisRole {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            BasisRole::Creating => "设定依据",
            BasisRole::Implementing => "实施依据",
            BasisRole::Accountability => "问责依据",
        }
    }
}

/// One structured legal basis: a law and, when known, the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// The title, usually in 《》.
    pub law: String,
    /// Article and clause, e.g. `第三十五条第一款`.
    #[serde(default)]
    pub article: Option<String>,
    /// The rank of the source.
    pub level: LawLevel,
    /// What the provision does for this power.
    pub role: BasisRole,
    /// Whether the citation was checked against the official text.
    #[serde(default)]
    pub verified: bool,
    /// Effective date of the cited text, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<IsoDate>,
    /// A remark on the citation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl LegalBasis {
    /// The citation as one line, e.g. `《食品安全法》第三十五条第一款`.
    pub fn citation(&self) -> String {
        match &self.article {
            Some(article) => format!("{}{}", self.law, article),
            None => self.law.clone(),
        }
    }
}

/// A duty at one stage of exercising the power (责任事项).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Responsibility {
    /// The stage, e.g. `受理`, `立案`.
    pub stage: String,
    /// What the office must do at that stage.
    pub duty: String,
}

/// 追责情形 and the bases for holding officials accountable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Accountability {
    /// Situations in which officials are held accountable.
    #[serde(default, deserialize_with = "null_as_default")]
    pub situations: Vec<String>,
    /// 问责依据.
    #[serde(default, deserialize_with = "null_as_default")]
    pub basis: Vec<LegalBasis>,
}

/// The unit of a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// 工作日
    #[serde(alias = "工作日")]
    WorkingDay,
    /// 日 (calendar days)
    #[serde(alias = "日", alias = "天")]
    Day,
    /// 当场 (on the spot)
    #[serde(alias = "当场")]
    OnTheSpot,
    /// 个月 (calendar months)
    #[serde(alias = "月")]
    Month,
}

/// A span of time with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duration {
    /// How many units; 0 for on-the-spot.
    #[serde(default)]
    pub value: u32,
    /// The unit.
    pub unit: TimeUnit,
}

impl Duration {
    /// The span as people say it: `60日`, `20个工作日`, `当场`.
    pub fn to_chinese(self) -> String {
        match self.unit {
            TimeUnit::WorkingDay => format!("{}个工作日", self.value),
            TimeUnit::Day => format!("{}日", self.value),
            TimeUnit::OnTheSpot => "当场".to_owned(),
            TimeUnit::Month => format!("{}个月", self.value),
        }
    }
}

/// The statutory and the promised time limit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeLimits {
    /// 法定期限.
    #[serde(default)]
    pub statutory: Option<Duration>,
    /// 承诺期限.
    #[serde(default)]
    pub promised: Option<Duration>,
    /// A remark on the limits as written beside them, e.g. `自立案之日起`
    /// in `90日（自立案之日起）`. Not serialised when absent, so items
    /// without one keep their content hashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl TimeLimits {
    /// The limits as people say them, e.g. `法定20个工作日 / 承诺5个工作日`,
    /// `当场办结`, with the note in brackets (`法定90日（自立案之日起）`);
    /// `None` when neither is set.
    pub fn to_chinese(&self) -> Option<String> {
        let phrase = |prefix: &str, d: Duration| match d.unit {
            TimeUnit::OnTheSpot => "当场办结".to_owned(),
            _ => format!("{prefix}{}", d.to_chinese()),
        };
        let limits = match (self.statutory, self.promised) {
            (None, None) => None,
            (Some(s), None) => Some(phrase("法定", s)),
            (None, Some(p)) => Some(phrase("承诺", p)),
            (Some(s), Some(p)) if s == p => Some(phrase("法定", s)),
            (Some(s), Some(p)) => Some(format!("{} / {}", phrase("法定", s), phrase("承诺", p))),
        }?;
        Some(match &self.note {
            Some(note) => format!("{limits}（{note}）"),
            None => limits,
        })
    }
}

/// 收费 (whether a fee is charged, on what basis, how much).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// Whether a fee is charged.
    #[serde(default)]
    pub charged: bool,
    /// The legal basis of the fee.
    #[serde(default)]
    pub basis: Option<String>,
    /// The amount or rate.
    #[serde(default)]
    pub standard: Option<String>,
}

/// 监督 (where to call or complain).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    /// 监督电话.
    #[serde(default)]
    pub phone: Option<String>,
    /// 投诉渠道.
    #[serde(default)]
    pub complaint: Option<String>,
}

/// Whether an item is in force.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemStatus {
    /// 有效
    #[default]
    #[serde(rename = "有效")]
    Active,
    /// 暂停
    #[serde(rename = "暂停")]
    Suspended,
    /// 已取消
    #[serde(rename = "已取消")]
    Cancelled,
    /// 已下放 (exercised by a lower level now)
    #[serde(rename = "已下放")]
    Delegated,
}

impl ItemStatus {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Active => "有效",
            ItemStatus::Suspended => "暂停",
            ItemStatus::Cancelled => "已取消",
            ItemStatus::Delegated => "已下放",
        }
    }
}

/// Where a delegated (下放) or entrusted (委托) power went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    /// 下放 or 委托.
    pub mode: String,
    /// Who held the power.
    #[serde(default)]
    pub from: Option<String>,
    /// Who holds it now.
    pub to: String,
    /// Duties the delegating department keeps.
    #[serde(default, deserialize_with = "null_as_default")]
    pub retained_duties: Vec<String>,
    /// From when.
    #[serde(default)]
    pub effective_date: Option<IsoDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        statutory: Option<(u32, TimeUnit)>,
        promised: Option<(u32, TimeUnit)>,
        expected: Option<&str>,
    ) {
        let d = |p: Option<(u32, TimeUnit)>| p.map(|(value, unit)| Duration { value, unit });
        let limits = TimeLimits {
            statutory: d(statutory),
            promised: d(promised),
            note: None,
        };
        assert_eq!(limits.to_chinese().as_deref(), expected);
    }

    #[test]
    fn time_limits_read_as_spoken() {
        check(Some((60, TimeUnit::Day)), None, Some("法定60日"));
        check(
            Some((20, TimeUnit::WorkingDay)),
            Some((5, TimeUnit::WorkingDay)),
            Some("法定20个工作日 / 承诺5个工作日"),
        );
        check(Some((0, TimeUnit::OnTheSpot)), None, Some("当场办结"));
        check(
            None,
            Some((10, TimeUnit::WorkingDay)),
            Some("承诺10个工作日"),
        );
        check(None, None, None);
        check(Some((2, TimeUnit::Month)), None, Some("法定2个月"));
        let noted = TimeLimits {
            statutory: Some(Duration {
                value: 90,
                unit: TimeUnit::Day,
            }),
            promised: None,
            note: Some("自立案之日起".to_owned()),
        };
        assert_eq!(
            noted.to_chinese().as_deref(),
            Some("法定90日（自立案之日起）")
        );
    }

    #[test]
    fn months_and_notes_in_json() {
        let unit: Result<TimeUnit, _> = serde_json::from_str("\"月\"");
        assert_eq!(unit.ok(), Some(TimeUnit::Month));
        assert_eq!(
            serde_json::to_string(&TimeUnit::Month).ok().as_deref(),
            Some("\"month\"")
        );
        // No note, no key: hashes of existing items do not change.
        let plain = serde_json::to_string(&TimeLimits::default()).unwrap_or_default();
        assert_eq!(plain, r#"{"statutory":null,"promised":null}"#);
    }

    #[test]
    fn department_segments() {
        assert_eq!(department_segment("990101-SJ-CF-004-00"), Some("SJ"));
        assert_eq!(department_segment("SJ-CF-004-00"), Some("SJ"));
    }
}
