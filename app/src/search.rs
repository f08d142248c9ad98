//! Finding items: the search page, the legal-basis lookup and the search
//! box (with suggestions once the page is hydrated).

pub mod api;
pub mod components;
pub mod page;

pub use components::SearchBox;
pub use page::{BasisPage, SearchPage};
