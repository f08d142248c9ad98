//! Character-level text diff: Chinese has no spaces, so the unit is the character.

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What a run of a text diff does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextOpKind {
    /// In both texts.
    Equal,
    /// Only in the newer text.
    Insert,
    /// Only in the older text.
    Delete,
}

/// One run of a text diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextOp {
    /// Equal, insert or delete.
    pub op: TextOpKind,
    /// The characters of the run.
    pub text: String,
}

/// Above this many character pairs in the part between the common prefix
/// and suffix, the middle is reported as one deletion and one insertion:
/// Myers' algorithm is quadratic on texts that share nothing, and a
/// 20,000-character rewrite is not read character by character anyway.
const MAX_MIDDLE_PAIRS: usize = 16_000_000;

/// The character-level diff of two texts: runs in reading order, adjacent
/// runs of the same kind joined, a replacement as deletion then insertion.
/// Concatenating the equal and deleted runs gives `before`, the equal and
/// inserted runs give `after`.
///
/// Short equal runs between two edits that are each at least as long are
/// folded into the edits (the semantic clean-up of diff-match-patch), so
/// `第四十二条 → 第五十七条` reads as one replaced `四十二`, not three
/// one-character edits around a kept `十`.
pub fn text_diff(before: &str, after: &str) -> Vec<TextOp> {
    let old: Vec<char> = before.chars().collect();
    let new: Vec<char> = after.chars().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_middle = &old[prefix..old.len() - suffix];
    let new_middle = &new[prefix..new.len() - suffix];
    let mut ops = Runs::default();
    ops.push(TextOpKind::Equal, &old[..prefix]);
    if old_middle.len().saturating_mul(new_middle.len()) > MAX_MIDDLE_PAIRS {
        ops.push(TextOpKind::Delete, old_middle);
        ops.push(TextOpKind::Insert, new_middle);
    } else {
        for op in capture_diff_slices(Algorithm::Myers, old_middle, new_middle) {
            match op {
                DiffOp::Equal { old_index, len, .. } => {
                    ops.push(TextOpKind::Equal, &old_middle[old_index..old_index + len]);
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => ops.push(
                    TextOpKind::Delete,
                    &old_middle[old_index..old_index + old_len],
                ),
                DiffOp::Insert {
                    new_index, new_len, ..
                } => ops.push(
                    TextOpKind::Insert,
                    &new_middle[new_index..new_index + new_len],
                ),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    ops.push(
                        TextOpKind::Delete,
                        &old_middle[old_index..old_index + old_len],
                    );
                    ops.push(
                        TextOpKind::Insert,
                        &new_middle[new_index..new_index + new_len],
                    );
                }
            }
        }
    }
    ops.push(TextOpKind::Equal, &old[old.len() - suffix..]);
    clean_up(ops.0)
}

/// A stretch of a diff: kept text, or deleted and inserted text together.
enum Block {
    Equal(String),
    Edit { delete: String, insert: String },
}

fn n_chars(text: &str) -> usize {
    text.chars().count()
}

/// Folds short equal runs into the edits on both sides; see [`text_diff`].
fn clean_up(ops: Vec<TextOp>) -> Vec<TextOp> {
    let mut blocks: Vec<Block> = Vec::new();
    for op in ops {
        match (op.op, blocks.last_mut()) {
            (TextOpKind::Equal, _) => blocks.push(Block::Equal(op.text)),
            (TextOpKind::Delete, Some(Block::Edit { delete, .. })) => delete.push_str(&op.text),
            (TextOpKind::Insert, Some(Block::Edit { insert, .. })) => insert.push_str(&op.text),
            (TextOpKind::Delete, _) => blocks.push(Block::Edit {
                delete: op.text,
                insert: String::new(),
            }),
            (TextOpKind::Insert, _) => blocks.push(Block::Edit {
                delete: String::new(),
                insert: op.text,
            }),
        }
    }
    let mut index = 1;
    while index + 1 < blocks.len() {
        let fold = match (&blocks[index - 1], &blocks[index], &blocks[index + 1]) {
            (
                Block::Edit {
                    delete: left_delete,
                    insert: left_insert,
                },
                Block::Equal(kept),
                Block::Edit {
                    delete: right_delete,
                    insert: right_insert,
                },
            ) => {
                let kept = n_chars(kept);
                kept <= n_chars(left_delete).max(n_chars(left_insert))
                    && kept <= n_chars(right_delete).max(n_chars(right_insert))
            }
            _ => false,
        };
        if !fold {
            index += 1;
            continue;
        }
        let right = blocks.remove(index + 1);
        let middle = blocks.remove(index);
        if let (
            Block::Edit {
                delete: right_delete,
                insert: right_insert,
            },
            Block::Equal(kept),
            Some(Block::Edit { delete, insert }),
        ) = (right, middle, blocks.get_mut(index - 1))
        {
            delete.push_str(&kept);
            delete.push_str(&right_delete);
            insert.push_str(&kept);
            insert.push_str(&right_insert);
        }
        // The grown edit may now swallow the equality before it.
        index = index.saturating_sub(1).max(1);
    }
    let mut out = Vec::with_capacity(blocks.len() * 2);
    for block in blocks {
        match block {
            Block::Equal(text) => out.push(TextOp {
                op: TextOpKind::Equal,
                text,
            }),
            Block::Edit { delete, insert } => {
                for (op, text) in [(TextOpKind::Delete, delete), (TextOpKind::Insert, insert)] {
                    if !text.is_empty() {
                        out.push(TextOp { op, text });
                    }
                }
            }
        }
    }
    out
}

/// Runs under construction, joining neighbours of one kind.
#[derive(Default)]
struct Runs(Vec<TextOp>);

impl Runs {
    fn push(&mut self, op: TextOpKind, characters: &[char]) {
        if characters.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(last) if last.op == op => last.text.extend(characters),
            _ => self.0.push(TextOp {
                op,
                text: characters.iter().collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(before: &str, after: &str, expected: &str) {
        let got: Vec<String> = text_diff(before, after)
            .into_iter()
            .map(|op| match op.op {
                TextOpKind::Equal => op.text,
                TextOpKind::Insert => format!("[+{}]", op.text),
                TextOpKind::Delete => format!("[-{}]", op.text),
            })
            .collect();
        assert_eq!(got.concat(), expected, "`{before}` → `{after}`");
    }

    #[test]
    fn chinese_is_diffed_by_character() {
        check("受理", "受理审核", "受理[+审核]");
        check(
            "非法占用土地的处罚",
            "非法占用土地（含超过批准的数量占用土地）的处罚",
            "非法占用土地[+（含超过批准的数量占用土地）]的处罚",
        );
        check("县级", "乡镇（下放）", "[-县级][+乡镇（下放）]");
        check("示范县自然资源局", "示范县自然资源局", "示范县自然资源局");
        check("", "新", "[+新]");
        check("旧", "", "[-旧]");
        check("", "", "");
        check("第四十二条", "第五十七条", "第[-四十二][+五十七]条");
        check(
            "每平方米30元以下",
            "每平方米100元以上1000元以下",
            "每平方米[-3][+100元以上100]0元以下",
        );
    }

    #[test]
    fn long_rewrites_are_one_replacement() {
        let before = "甲".repeat(5_000);
        let after = "乙".repeat(5_000);
        let ops = text_diff(&before, &after);
        assert_eq!(ops.len(), 2);
        assert_eq!(ops[0].op, TextOpKind::Delete);
        assert_eq!(ops[1].op, TextOpKind::Insert);
    }
}
