//! Content addressing: an item revision is stored once, keyed by the hash of
//! its canonical serialisation, and a version is a manifest of those keys.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::item::Item;

/// The SHA-256 of a canonical serialisation, as 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContentHash(String);

/// Why a string is not a content hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a content hash (64 lowercase hex digits)")]
pub struct HashError(String);

impl ContentHash {
    /// Hashes `bytes` under a domain tag, so an item and a manifest with the
    /// same bytes never share a key.
    pub fn of(tag: &str, bytes: &[u8]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(tag.as_bytes());
        hasher.update([0u8]);
        hasher.update(bytes);
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(64);
        for byte in digest {
            hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
            hex.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
        }
        Self(hex)
    }

    /// The hash as hex text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ContentHash {
    type Error = HashError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.len() == 64
            && value
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(Self(value))
        } else {
            Err(HashError(value.chars().take(70).collect()))
        }
    }
}

impl From<ContentHash> for String {
    fn from(hash: ContentHash) -> String {
        hash.0
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An item with its canonical bytes and their hash.
#[derive(Debug, Clone)]
pub struct ItemRevision {
    /// The key the revision is stored under.
    pub hash: ContentHash,
    /// The canonical JSON: struct fields in declaration order, no whitespace.
    pub canonical_json: String,
}

/// Why an item could not be serialised (only possible for non-finite numbers).
#[derive(Debug, thiserror::Error)]
#[error("item `{item_id}` cannot be serialised: {source}")]
pub struct CanonicalError {
    item_id: String,
    #[source]
    source: serde_json::Error,
}

impl ItemRevision {
    /// Computes the revision of `item`.
    pub fn of(item: &Item) -> Result<Self, CanonicalError> {
        let canonical_json = serde_json::to_string(item).map_err(|source| CanonicalError {
            item_id: item.item_id.to_string(),
            source,
        })?;
        let hash = ContentHash::of("sunlit/item/v1", canonical_json.as_bytes());
        Ok(Self {
            hash,
            canonical_json,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_hex_and_tagged() {
        let a = ContentHash::of("a", b"x");
        let b = ContentHash::of("b", b"x");
        assert_eq!(a.as_str().len(), 64);
        assert_ne!(a, b);
        assert!(ContentHash::try_from(a.to_string()).is_ok());
        assert!(ContentHash::try_from("xyz".to_owned()).is_err());
    }
}
