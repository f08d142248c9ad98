//! Comparison of two departments' lists (同一事项比对): the same power as
//! a province, a city and a county list it should read alike (名称、类型、
//! 依据、编码基本一致). Items of different departments have different ids, so
//! they are matched by the power they implement instead ([`matter_key`]),
//! and the fields every department fills with its own values are left out.

use std::collections::{HashMap, HashSet};

use crate::ids::ItemId;
use crate::item::Item;

use super::{Comparison, compare};

/// The key under which the same power is found in two departments' lists:
/// the provincial catalogue code the item implements when it names one,
/// else its code without the region and department segments (`CF-004-00`
/// of `990101-SJ-CF-004-00` and of `9901-SJ-CF-004-00`).
pub fn matter_key(item: &Item) -> String {
    if let Some(code) = item
        .catalog_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        return format!("catalog:{code}");
    }
    let code = item.item_code.trim();
    let mut parts: Vec<&str> = code.split('-').collect();
    if parts
        .first()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        parts.remove(0);
    }
    // What is left is dept-category-main-sub; drop the department when the
    // code has that shape.
    if parts.len() >= 4 {
        parts.remove(0);
    }
    format!("code:{}", parts.join("-"))
}

/// Compares the list of one department (`ours`) with another's (`theirs`),
/// item by item by [`matter_key`]. In the result, 新增 are the items only
/// `theirs` lists, 取消 those only `ours` lists, 变更 the powers both list
/// differently. The fields that differ between departments by nature (the
/// code's region and department segments, 实施主体, 承办机构, 监督) are not
/// compared. Each item keeps its own department's id: a changed item
/// carries `theirs`' id, so links lead to the other department's item.
pub fn compare_departments(ours: &[Item], theirs: &[Item]) -> Comparison {
    let mut by_key: HashMap<String, &Item> = HashMap::new();
    for item in ours {
        by_key.entry(matter_key(item)).or_insert(item);
    }
    let our_ids: HashSet<&ItemId> = ours.iter().map(|i| &i.item_id).collect();
    let mut matched: HashSet<&ItemId> = HashSet::new();
    // Their item id → the id it was given for the comparison.
    let mut renamed: HashMap<ItemId, ItemId> = HashMap::new();
    let aligned: Vec<Item> = theirs
        .iter()
        .map(|item| {
            let mut item = item.clone();
            let counterpart = by_key
                .get(&matter_key(&item))
                .filter(|ours| matched.insert(&ours.item_id));
            match counterpart {
                Some(ours) => {
                    renamed.insert(ours.item_id.clone(), item.item_id.clone());
                    item.item_id = ours.item_id.clone();
                    item.item_code = ours.item_code.clone();
                    item.parent_code = ours.parent_code.clone();
                    item.implementing_body = ours.implementing_body.clone();
                    item.undertaking_unit = ours.undertaking_unit.clone();
                    item.supervision = ours.supervision.clone();
                }
                // An id both departments happen to use for different
                // powers must not pair them up.
                None if our_ids.contains(&item.item_id) => {
                    let fresh = (2..10_000)
                        .filter_map(|n| ItemId::new(format!("{}_{n}", item.item_id.as_str())).ok())
                        .find(|id| !our_ids.contains(id) && !renamed.contains_key(id));
                    if let Some(id) = fresh {
                        renamed.insert(id.clone(), item.item_id.clone());
                        item.item_id = id;
                    }
                }
                None => {}
            }
            item
        })
        .collect();
    let their_codes: HashMap<&ItemId, &str> = theirs
        .iter()
        .map(|i| (&i.item_id, i.item_code.as_str()))
        .collect();
    let mut comparison = compare(ours, &aligned, &[]);
    for diff in &mut comparison.items {
        if diff.change == super::Change::Removed {
            continue;
        }
        if let Some(id) = renamed.get(&diff.item_id) {
            diff.item_id = id.clone();
        }
        // Show their own code beside ours.
        if let Some(code) = their_codes.get(&diff.item_id) {
            diff.item_code.after = Some((*code).to_owned());
        }
        if let Some(item) = diff.item.as_mut() {
            item.item_id = diff.item_id.clone();
        }
    }
    comparison
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Change;

    fn sj() -> Vec<Item> {
        crate::interchange::parse(include_str!("../../demo/sample.json").as_bytes())
            .unwrap_or_else(|e| panic!("demo: {e:?}"))
            .lists
            .into_iter()
            .find(|l| l.department.dept_code.as_str() == "SJ")
            .map(|l| l.items)
            .unwrap_or_else(|| panic!("no SJ list"))
    }

    /// The county list as a city department would publish it.
    fn city(items: &[Item]) -> Vec<Item> {
        items
            .iter()
            .map(|item| {
                let mut item = item.clone();
                let relabel = |code: &str| code.replacen("990101-SJ-", "9901-SSJ-", 1);
                item.item_id = ItemId::new(format!("C{}", item.item_id.as_str()))
                    .unwrap_or_else(|e| panic!("{e}"));
                item.item_code = relabel(&item.item_code);
                item.parent_code = item.parent_code.as_deref().map(relabel);
                item.implementing_body = "某市市场监督管理局".into();
                item
            })
            .collect()
    }

    #[test]
    fn keys() {
        let items = sj();
        let item = &items[0];
        let key = matter_key(item);
        assert!(key.starts_with("code:XK-"), "{key}");
        let mut short = item.clone();
        short.item_code = item.item_code.replacen("990101-", "", 1);
        assert_eq!(matter_key(&short), key);
        let mut catalogued = item.clone();
        catalogued.catalog_code = Some("CF-FOOD-1".into());
        assert_eq!(matter_key(&catalogued), "catalog:CF-FOOD-1");
    }

    #[test]
    fn the_same_list_of_another_department_does_not_deviate() {
        let ours = sj();
        let theirs = city(&ours);
        let comparison = compare_departments(&ours, &theirs);
        assert_eq!(comparison.items, vec![]);
        assert_eq!(comparison.summary.unchanged, ours.len());
    }

    #[test]
    fn deviations_are_found_by_power() {
        let ours = sj();
        let mut theirs = city(&ours);
        // The city promises a shorter time limit for one power, does not
        // list another, and lists one the county does not.
        theirs[1].time_limit.promised = Some(crate::item::Duration {
            value: 1,
            unit: crate::item::TimeUnit::WorkingDay,
        });
        let dropped = theirs.remove(2);
        let mut extra = theirs[0].clone();
        extra.item_id = ItemId::new("CSJ-XK-099-00").unwrap_or_else(|e| panic!("{e}"));
        extra.item_code = "9901-SSJ-XK-099-00".into();
        extra.name = "市级特有事项".into();
        theirs.push(extra);
        let comparison = compare_departments(&ours, &theirs);
        let s = &comparison.summary;
        assert_eq!((s.added, s.removed, s.changed), (1, 1, 1));
        let changed = comparison
            .items
            .iter()
            .find(|d| d.change == Change::Changed)
            .unwrap_or_else(|| panic!("no changed item"));
        // Their id and code, our code before.
        assert_eq!(changed.item_id, theirs[1].item_id);
        assert_eq!(
            changed.item_code.before.as_deref(),
            Some(ours[1].item_code.as_str())
        );
        assert_eq!(
            changed.item_code.after.as_deref(),
            Some(theirs[1].item_code.as_str())
        );
        let paths: Vec<&str> = changed.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["time_limit.promised"]);
        let removed = comparison
            .items
            .iter()
            .find(|d| d.change == Change::Removed)
            .unwrap_or_else(|| panic!("no removed item"));
        assert_eq!(removed.item_id, ours[2].item_id);
        assert_eq!(dropped.name, removed.name);
        let added = comparison
            .items
            .iter()
            .find(|d| d.change == Change::Added)
            .unwrap_or_else(|| panic!("no added item"));
        assert_eq!(added.item_id.as_str(), "CSJ-XK-099-00");
    }

    #[test]
    fn an_id_both_use_for_different_powers_does_not_pair_them() {
        let ours = sj();
        let mut theirs = vec![ours[0].clone()];
        theirs[0].item_code = "9901-SSJ-QT-777-00".into();
        let comparison = compare_departments(&ours[..1], &theirs);
        let s = &comparison.summary;
        assert_eq!((s.added, s.removed, s.changed), (1, 1, 0));
        let added = comparison
            .items
            .iter()
            .find(|d| d.change == Change::Added)
            .unwrap_or_else(|| panic!("no added item"));
        assert_eq!(added.item_id, ours[0].item_id);
    }
}
