//! The department page: one department's list, by version and category.

mod components;
mod page;

pub use page::DepartmentPage;
