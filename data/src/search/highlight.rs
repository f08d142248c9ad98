//! Highlight fragments: the part of a field around its matches, split into
//! matched and unmatched segments so that a page can mark the matches with
//! `<mark>` while escaping all text.

use serde::{Deserialize, Serialize};

/// A piece of a highlighted fragment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// The text, as it is in the list (not normalised).
    pub text: String,
    /// Whether the text matched the query.
    pub matched: bool,
}

/// Fragments longer than this many characters are cut around the first match.
pub const FRAGMENT_CHARS: usize = 60;
/// How many characters of context are kept before the first match.
const CONTEXT_BEFORE: usize = 12;
/// The mark for text left out of a fragment.
const ELLIPSIS: &str = "…";

/// Marks every occurrence of any of `needles` (normalised) in `original`,
/// whose normalised form is `normalized` (the same number of characters),
/// and trims the result to about [`FRAGMENT_CHARS`] characters around the
/// first match. `None` when nothing matches.
pub(crate) fn fragment(original: &str, normalized: &str, needles: &[&str]) -> Option<Vec<Segment>> {
    let marks = match_mask(normalized, needles);
    let first = marks.iter().position(|m| *m)?;
    let chars: Vec<char> = original.chars().collect();
    if chars.len() != marks.len() {
        return None;
    }
    let (start, end) = if chars.len() <= FRAGMENT_CHARS {
        (0, chars.len())
    } else {
        let start = first.saturating_sub(CONTEXT_BEFORE);
        let end = (start + FRAGMENT_CHARS).min(chars.len());
        (end.saturating_sub(FRAGMENT_CHARS).min(start), end)
    };
    let mut segments = Vec::new();
    if start > 0 {
        segments.push(Segment {
            text: ELLIPSIS.to_owned(),
            matched: false,
        });
    }
    let mut i = start;
    while i < end {
        let matched = marks[i];
        let mut j = i;
        while j < end && marks[j] == matched {
            j += 1;
        }
        segments.push(Segment {
            text: chars[i..j].iter().collect(),
            matched,
        });
        i = j;
    }
    if end < chars.len() {
        segments.push(Segment {
            text: ELLIPSIS.to_owned(),
            matched: false,
        });
    }
    Some(segments)
}

/// Per character of `normalized`: whether it lies inside an occurrence of
/// one of the needles.
fn match_mask(normalized: &str, needles: &[&str]) -> Vec<bool> {
    // Byte offsets of characters, to turn byte matches into character ranges.
    let offsets: Vec<usize> = normalized.char_indices().map(|(i, _)| i).collect();
    let mut marks = vec![false; offsets.len()];
    for needle in needles.iter().filter(|n| !n.is_empty()) {
        for (byte_start, _) in normalized.match_indices(needle) {
            let from = offsets.partition_point(|&o| o < byte_start);
            let to = offsets.partition_point(|&o| o < byte_start + needle.len());
            for mark in &mut marks[from..to] {
                *mark = true;
            }
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, needles: &[&str], expected: &str) {
        let normalized = super::super::text::normalize(original);
        let got = fragment(original, &normalized, needles).map(|segments| {
            segments
                .iter()
                .map(|s| {
                    if s.matched {
                        format!("[{}]", s.text)
                    } else {
                        s.text.clone()
                    }
                })
                .collect::<String>()
        });
        assert_eq!(
            got.as_deref().unwrap_or("<none>"),
            expected,
            "case `{original}`"
        );
    }

    #[test]
    fn fragments_mark_matches() {
        check(
            "食品经营许可（新办）",
            &["食品经营"],
            "[食品经营]许可（新办）",
        );
        check(
            "食品经营许可（新办）",
            &["食品", "经营许可"],
            "[食品经营许可]（新办）",
        );
        check("ＳＪ-XK-001", &["sj-xk"], "[ＳＪ-XK]-001");
        check("不动产登记", &["宅基地"], "<none>");
        check(
            &format!("{}宅基地{}", "甲".repeat(40), "乙".repeat(80)),
            &["宅基地"],
            &format!("…{}[宅基地]{}…", "甲".repeat(12), "乙".repeat(45)),
        );
        check(
            &format!("{}宅基地", "甲".repeat(70)),
            &["宅基地"],
            &format!("…{}[宅基地]", "甲".repeat(57)),
        );
    }
}
