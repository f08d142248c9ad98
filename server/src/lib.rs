//! The Sunlit server: storage, services, REST API, web tier and CLI.
//!
//! `store` is the only module that speaks SurrealQL; `catalog` holds the
//! rules for reading published lists; `api` and `web` adapt them to HTTP.
// SurrealDB's and Leptos' nested generic types exceed the default query depth.
#![recursion_limit = "256"]

pub mod accounts;
pub mod api;
pub mod catalog;
pub mod chart;
pub mod cli;
pub mod client;
pub mod compare;
pub mod demo;
pub mod encoding;
pub mod export;
pub mod feed;
pub mod gate;
pub mod heavy;
pub mod import;
pub mod openapi;
pub mod page_cache;
pub mod review;
pub mod search;
pub mod site;
pub mod store;
pub mod uploads;
pub mod web;
pub mod workspace;
