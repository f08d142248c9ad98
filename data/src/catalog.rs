//! Read models for browsing published lists: department and version
//! summaries, list rows, and the grouping of a list by category with main
//! items over their sub-items.

use serde::{Deserialize, Serialize};

use crate::IsoDate;
use crate::category::Category;
use crate::ids::{DepartmentCode, ItemId, VersionId};
use crate::item::{Item, ItemStatus};
use crate::version::VersionStatus;

/// A published version as listed on a department page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    /// E.g. `v2024.1`.
    pub version_id: VersionId,
    /// The department.
    pub dept_code: DepartmentCode,
    /// The department's name.
    pub department_name: String,
    /// The title.
    pub label: String,
    /// 施行日期.
    pub effective_date: IsoDate,
    /// 文号.
    pub published_doc_no: Option<String>,
    /// Published (current) or superseded.
    pub status: VersionStatus,
    /// Items in the version.
    pub n_items: usize,
}

/// How many items of one category a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The category.
    pub category: Category,
    /// How many items.
    pub count: usize,
}

/// A department on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentSummary {
    /// Code, e.g. `SJ`.
    pub code: DepartmentCode,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: Option<String>,
    /// 监督电话.
    pub supervision_phone: Option<String>,
    /// Items in the current version.
    pub n_items: usize,
    /// Counts per category, in the canonical category order, non-zero only.
    pub categories: Vec<CategoryCount>,
    /// The version in force, if any was published.
    pub current_version: Option<VersionSummary>,
}

/// One row of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemSummary {
    /// Stable id.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// Name.
    pub name: String,
    /// Sub-item name, for sub-items.
    pub sub_item_name: Option<String>,
    /// Code of the main item, for sub-items.
    pub parent_code: Option<String>,
    /// Whether it groups sub-items.
    pub has_sub_items: bool,
    /// Category.
    pub category: Category,
    /// Status.
    pub status: ItemStatus,
    /// Time limits as people say them.
    pub time_limit: Option<String>,
    /// Whether a flowchart is published.
    pub has_flowchart: bool,
    /// Whether a discretion standard is published.
    pub has_discretion: bool,
}

impl From<&Item> for ItemSummary {
    fn from(item: &Item) -> Self {
        Self {
            item_id: item.item_id.clone(),
            item_code: item.item_code.clone(),
            name: item.name.clone(),
            sub_item_name: item.sub_item_name.clone(),
            parent_code: item.parent_code.clone(),
            has_sub_items: item.has_sub_items,
            category: item.category,
            status: item.status,
            time_limit: item.time_limit.to_chinese(),
            has_flowchart: item.flowchart.is_some(),
            has_discretion: item.discretion.is_some(),
        }
    }
}

/// Counts items per category, in canonical order, leaving out empty categories.
pub fn count_by_category(categories: impl IntoIterator<Item = Category>) -> Vec<CategoryCount> {
    let mut counts = [0usize; Category::ALL.len()];
    for category in categories {
        if let Some(i) = Category::ALL.iter().position(|c| *c == category) {
            counts[i] += 1;
        }
    }
    Category::ALL
        .iter()
        .zip(counts)
        .filter(|(_, count)| *count > 0)
        .map(|(&category, count)| CategoryCount { category, count })
        .collect()
}

/// A main item with its sub-items (or a plain item with none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    /// The item.
    pub item: ItemSummary,
    /// Its sub-items, in list order.
    pub sub_items: Vec<ItemSummary>,
}

/// The items of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryGroup {
    /// The category.
    pub category: Category,
    /// Items in it, sub-items included.
    pub count: usize,
    /// Top-level entries.
    pub entries: Vec<ListEntry>,
}

/// Groups a list by category (canonical order), sub-items under their main
/// item; `only` keeps one category. A sub-item whose main item is missing or
/// in another category stands on its own.
pub fn group_by_category(items: &[ItemSummary], only: Option<Category>) -> Vec<CategoryGroup> {
    Category::ALL
        .iter()
        .copied()
        .filter(|c| only.is_none_or(|o| o == *c))
        .filter_map(|category| {
            let members: Vec<&ItemSummary> =
                items.iter().filter(|i| i.category == category).collect();
            if members.is_empty() {
                return None;
            }
            let is_main = |code: &str| members.iter().any(|m| m.item_code == code);
            let entries = members
                .iter()
                .filter(|i| i.parent_code.as_deref().is_none_or(|p| !is_main(p)))
                .map(|main| ListEntry {
                    item: (*main).clone(),
                    sub_items: members
                        .iter()
                        .filter(|s| s.parent_code.as_deref() == Some(main.item_code.as_str()))
                        .map(|s| (*s).clone())
                        .collect(),
                })
                .collect();
            Some(CategoryGroup {
                category,
                count: members.len(),
                entries,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, category: Category, parent: Option<&str>) -> ItemSummary {
        ItemSummary {
            item_id: ItemId::new(code).unwrap_or_else(|e| panic!("{e}")),
            item_code: code.into(),
            name: code.into(),
            sub_item_name: None,
            parent_code: parent.map(Into::into),
            has_sub_items: false,
            category,
            status: ItemStatus::Active,
            time_limit: None,
            has_flowchart: false,
            has_discretion: false,
        }
    }

    fn check(items: &[ItemSummary], only: Option<Category>, expected: &[(&str, &[&str])]) {
        let got: Vec<(String, Vec<String>)> = group_by_category(items, only)
            .iter()
            .flat_map(|g| g.entries.iter())
            .map(|e| {
                (
                    e.item.item_code.clone(),
                    e.sub_items.iter().map(|s| s.item_code.clone()).collect(),
                )
            })
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(m, s)| (m.to_string(), s.iter().map(|x| x.to_string()).collect()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn groups_sub_items_under_main_items() {
        let items = [
            row("CF-1", Category::Penalty, None),
            row("XK-1", Category::Licensing, None),
            row("XK-1-1", Category::Licensing, Some("XK-1")),
            row("XK-1-2", Category::Licensing, Some("XK-1")),
            row("XK-9-1", Category::Licensing, Some("XK-9")),
        ];
        check(
            &items,
            None,
            &[
                ("XK-1", &["XK-1-1", "XK-1-2"]),
                ("XK-9-1", &[]),
                ("CF-1", &[]),
            ],
        );
        check(&items, Some(Category::Penalty), &[("CF-1", &[])]);
        let counts = count_by_category(items.iter().map(|i| i.category));
        assert_eq!(
            counts,
            vec![
                CategoryCount {
                    category: Category::Licensing,
                    count: 4
                },
                CategoryCount {
                    category: Category::Penalty,
                    count: 1
                }
            ]
        );
    }
}
