//! The demo data shipped with the binary: a 2024 list of a fictional county
//! and one department's 2025 adjustment (a user's clone has no `../shared`).

/// `sample.json`: 3 departments, 43 items, version v2024.1.
pub const SAMPLE: &str = include_str!("../../data/demo/sample.json");
/// `sample_v2.json`: 自然资源局 after an adjustment round, version v2025.1-ZR.
pub const SAMPLE_V2: &str = include_str!("../../data/demo/sample_v2.json");

/// The demo files in the order they must be imported.
pub const FILES: [(&str, &str); 2] = [("sample.json", SAMPLE), ("sample_v2.json", SAMPLE_V2)];
