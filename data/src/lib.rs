//! The Sunlit domain: administrative power lists (权责清单), their flowcharts,
//! discretion tiers and versions, plus the JSON interchange format.
//!
//! This crate performs no I/O and builds for `wasm32-unknown-unknown`, so the
//! browser can run the same rules as the server.
#![warn(missing_docs)]

pub mod account;
pub mod catalog;
pub mod category;
pub mod date;
pub mod diff;
pub mod discretion;
pub mod editing;
pub mod flowchart;
pub mod ids;
pub mod interchange;
pub mod item;
pub mod review;
pub mod revision;
#[cfg(feature = "search")]
pub mod search;
#[cfg(feature = "sheets")]
pub mod sheet;
pub mod version;

pub use category::Category;
pub use date::IsoDate;
pub use ids::{DepartmentCode, ItemId, VersionId};
pub use item::Item;
