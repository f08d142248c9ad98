//! Reading a spreadsheet over the list it will replace.
//!
//! A file carries only what its tables and columns can say: the items CSV
//! ([`super::to_csv`]) has no flowcharts, no discretion standards, and legal
//! bases only as citations; an office workbook may lack whole sheets. So
//! [`Merge`] takes each part of an item from the file only where the file
//! says something else than the list's own item would say in the same
//! tables, and everything else from the list. A download therefore reads
//! back with no change, an edit made in Excel comes through as exactly that
//! edit, and nothing the file cannot carry is lost.

use std::collections::HashMap;

use crate::interchange::DepartmentList;
use crate::item::Item;

use super::tables::Table;

/// How a file's items combine with the items of the list they replace.
#[derive(Debug, Clone)]
pub struct Merge {
    /// The list's items as the file's tables carry them, by item code.
    carried: HashMap<String, serde_json::Value>,
    /// Parts whose tables the file lacks: always the list's.
    absent: Vec<&'static str>,
}

impl Merge {
    /// The merge over `list` for a file that holds the tables `tables`
    /// (the [`super::SheetSummary::table`] names of what was read).
    pub fn new(list: &DepartmentList, tables: &[String]) -> Self {
        let has = |t: Table| tables.iter().any(|x| x == t.title());
        let detail = [Table::Bases, Table::Nodes, Table::Edges, Table::Discretion];
        let whole = detail.into_iter().any(has);
        let bytes = if whole {
            super::to_csv_bundle(list).ok()
        } else {
            Some(super::to_csv(list))
        };
        let carried = bytes
            .and_then(|b| super::read(&b, "list").ok())
            .map(|read| {
                read.items
                    .iter()
                    .filter_map(|i| Some((i.item_code.clone(), serde_json::to_value(i).ok()?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut absent = Vec::new();
        if whole && !has(Table::Nodes) {
            absent.push("flowchart");
        }
        if whole && !has(Table::Discretion) {
            absent.push("discretion");
        }
        Self { carried, absent }
    }

    /// `imported` (read from the file, matched to `old` by item code) with
    /// every part the file does not change taken from `old`, and `old`'s id.
    pub fn merge(&self, old: &Item, imported: Item) -> Item {
        let (
            Some(carried),
            Ok(serde_json::Value::Object(old_map)),
            Ok(serde_json::Value::Object(new_map)),
        ) = (
            self.carried.get(&imported.item_code),
            serde_json::to_value(old),
            serde_json::to_value(&imported),
        )
        else {
            return imported;
        };
        let mut keys: Vec<&String> = old_map.keys().chain(new_map.keys()).collect();
        keys.sort();
        keys.dedup();
        let null = serde_json::Value::Null;
        let mut merged = serde_json::Map::new();
        for key in keys {
            let from_file = new_map.get(key).unwrap_or(&null);
            let as_listed = carried.get(key).unwrap_or(&null) == from_file;
            let value = if as_listed || self.absent.contains(&key.as_str()) {
                old_map.get(key)
            } else {
                new_map.get(key)
            };
            if let Some(value) = value {
                merged.insert(key.clone(), value.clone());
            }
        }
        merged.insert("item_id".to_owned(), serde_json::json!(old.item_id));
        serde_json::from_value(serde_json::Value::Object(merged)).unwrap_or(imported)
    }
}
