//! The SurrealDB community server, as `surreal start …` (the tests of the
//! `ws://` mode run the app against it).
#![recursion_limit = "256"]

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
