//! Newtype identifiers with checked constructors.
//!
//! Identifiers end up in URLs and database record keys, so each accepts only a
//! small, safe alphabet; anything else is rejected with a message that says why.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {kind} `{value}`: {reason}")]
pub struct IdError {
    kind: &'static str,
    value: String,
    reason: &'static str,
}

fn check(
    kind: &'static str,
    value: &str,
    max_len: usize,
    allowed: fn(char) -> bool,
    reason: &'static str,
) -> Result<(), IdError> {
    let shown: String = value.chars().take(64).collect();
    if value.is_empty() {
        return Err(IdError {
            kind,
            value: shown,
            reason: "it is empty",
        });
    }
    if value.chars().count() > max_len {
        return Err(IdError {
            kind,
            value: shown,
            reason: "it is too long",
        });
    }
    if !value.chars().all(allowed) {
        return Err(IdError {
            kind,
            value: shown,
            reason,
        });
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $max:expr, $allowed:expr, $reason:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks `value` and wraps it.
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                check($kind, &value, $max, $allowed, $reason)?;
                Ok(Self(value))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }
    };
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

string_id!(
    /// A department's code, e.g. `SJ` (市场监督管理局): ASCII letters, digits, `_`.
    DepartmentCode,
    "department code",
    32,
    is_code_char,
    "only ASCII letters, digits and `_` are allowed"
);

string_id!(
    /// The stable identity of a power item across versions, e.g. `SJ-XK-001-01`.
    ///
    /// Never the displayed code: codes change when items merge or are renumbered.
    ItemId,
    "item id",
    64,
    is_id_char,
    "only ASCII letters, digits, `-`, `_` and `.` are allowed"
);

string_id!(
    /// The identifier of a published list version, e.g. `v2024.1`.
    VersionId,
    "version id",
    64,
    is_id_char,
    "only ASCII letters, digits, `-`, `_` and `.` are allowed"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn check_code(input: &str, ok: bool) {
        assert_eq!(DepartmentCode::new(input).is_ok(), ok, "case `{input}`");
    }

    #[test]
    fn department_codes() {
        check_code("SJ", true);
        check_code("ZR_2", true);
        check_code("", false);
        check_code("SJ'; DELETE department; --", false);
        check_code("⟨SJ⟩", false);
        check_code(&"A".repeat(33), false);
    }

    #[test]
    fn item_id_rejects_spaces() {
        assert!(ItemId::new("SJ-XK-001-00").is_ok());
        assert!(ItemId::new("SJ XK").is_err());
    }
}
