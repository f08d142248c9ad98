//! The item page: one power item with its 七公开 facts, flowchart (drawn
//! and as an ordered list of steps) and discretion standard.

mod chart;
mod discretion;
mod facts;
mod flowchart;
mod page;
mod sections;

pub use page::ItemPage;
