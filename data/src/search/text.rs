//! Text handling for search: character normalisation, the grams the index
//! stores, and turning what a citizen types into query terms.
//!
//! Normalisation maps every character to exactly one character (full-width
//! to half-width, ASCII upper to lower case), so a position in normalised
//! text is the same position in the original and highlights need no offset
//! table.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use jieba_rs::Jieba;

use super::synonyms::{STOP_WORDS, SynonymRow};

/// The longest query, in characters, that is looked at; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 100;
/// The most terms one query is split into; later terms are ignored.
pub const MAX_TERMS: usize = 10;
/// ASCII tokens are indexed by their prefixes up to this many characters.
pub(crate) const MAX_ASCII_PREFIX: usize = 12;

/// The country prefix of national law titles, which carries no information.
pub(crate) const COUNTRY_PREFIX: &str = "中华人民共和国";

static SEGMENTER: OnceLock<Jieba> = OnceLock::new();

/// The jieba segmenter with its built-in dictionary, loaded on first use.
pub(crate) fn segmenter() -> &'static Jieba {
    SEGMENTER.get_or_init(Jieba::new)
}

/// Loads the segmenter's dictionary now instead of on the first query and
/// says how long that took (zero when it was already loaded).
///
/// A server calls this at start-up so that the first citizen does not wait
/// for the dictionary.
pub fn preload() -> Duration {
    if SEGMENTER.get().is_some() {
        return Duration::ZERO;
    }
    let start = Instant::now();
    segmenter();
    start.elapsed()
}

/// Maps one character to its search form: full-width ASCII to half-width,
/// the ideographic space to a space, upper-case ASCII to lower case.
pub(crate) fn normalize_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Normalises text character by character; the result has as many
/// characters as the input.
pub(crate) fn normalize(text: &str) -> String {
    text.chars().map(normalize_char).collect()
}

/// Whether a character is part of a Chinese word: any non-ASCII letter or
/// number (汉字, 〇, and the rare non-Chinese letter, treated alike).
pub(crate) fn is_han(c: char) -> bool {
    !c.is_ascii() && c.is_alphanumeric()
}

/// Whether a character may join two ASCII parts of one code (`SJ-XK-001`).
fn is_connector(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '/')
}

/// Normalises a query: full-width to half-width, lower case, 《》 and other
/// punctuation to spaces (connectors inside codes are kept), spaces
/// collapsed, trimmed, at most [`MAX_QUERY_CHARS`] characters.
pub fn normalize_query(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .take(MAX_QUERY_CHARS)
        .map(normalize_char)
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for (i, &c) in chars.iter().enumerate() {
        let keep = is_han(c)
            || c.is_ascii_alphanumeric()
            || (is_connector(c)
                && i > 0
                && chars[i - 1].is_ascii_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric()));
        if keep {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The key of a Chinese unigram or bigram in the index.
pub(crate) fn gram_key(first: char, second: Option<char>) -> u64 {
    (u64::from(u32::from(first)) << 32) | u64::from(second.map_or(0, u32::from))
}

/// Calls `han` with every unigram and bigram key of the Chinese runs in
/// `text` (normalised), and `ascii` with every prefix of every ASCII token.
pub(crate) fn for_each_gram(text: &str, mut han: impl FnMut(u64), mut ascii: impl FnMut(&str)) {
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if is_han(c) {
            han(gram_key(c, None));
            if let Some(p) = previous {
                han(gram_key(p, Some(c)));
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    for token in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        for end in 1..=token.len().min(MAX_ASCII_PREFIX) {
            ascii(&token[..end]);
        }
    }
}

/// One term of a query: alternatives of which any may match, each with a
/// factor (1 for what was typed, less for a synonym or a fragment).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    /// What the citizen typed (normalised), for the phrase bonus.
    pub typed: String,
    /// Strings to look for, each with its factor.
    pub alternatives: Vec<(String, f64)>,
}

impl Term {
    fn plain(word: &str) -> Term {
        Term {
            typed: word.to_owned(),
            alternatives: vec![(word.to_owned(), 1.0)],
        }
    }
}

/// How much a synonym counts next to the word that was typed.
const SYNONYM_FACTOR: f64 = 0.9;

/// Splits a normalised query into terms.
///
/// ASCII words and codes are terms as they are. In Chinese, synonym keys
/// and `known_phrases` (law titles in the index) are taken whole, longest
/// first; the rest is segmented by jieba and question words (怎么, 要办什么证)
/// are dropped — unless nothing else is left.
pub(crate) fn query_terms(
    normalized: &str,
    known_phrases: &dyn Fn(&str) -> bool,
    extra: &[SynonymRow],
) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let mut stop_terms: Vec<Term> = Vec::new();
    for chunk in normalized.split(' ').filter(|c| !c.is_empty()) {
        for piece in split_articles(chunk) {
            let text = match piece {
                Piece::Article(term) => {
                    terms.push(term);
                    continue;
                }
                Piece::Text(text) => text,
            };
            for (is_ascii, run) in script_runs(text) {
                if is_ascii {
                    terms.push(Term::plain(run));
                } else {
                    han_terms(run, known_phrases, extra, &mut terms, &mut stop_terms);
                }
            }
        }
    }
    if terms.is_empty() {
        terms = stop_terms;
    }
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.typed.clone()));
    terms.truncate(MAX_TERMS);
    terms
}

enum Piece<'a> {
    Article(Term),
    Text(&'a str),
}

/// Takes article numbers (第五十七条, 第57条, 第二款) out of a chunk as whole
/// terms; the number is looked for in Chinese and in Arabic digits.
fn split_articles(chunk: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut text_start = 0;
    let mut search_from = 0;
    while let Some(offset) = chunk[search_from..].find('第') {
        let start = search_from + offset;
        let after = start + '第'.len_utf8();
        let digits_end = chunk[after..]
            .char_indices()
            .find(|(_, c)| !super::citation::is_numeral_char(*c))
            .map_or(chunk.len(), |(i, _)| after + i);
        let unit = chunk[digits_end..].chars().next();
        let number = super::citation::parse_chinese_number(&chunk[after..digits_end]);
        match (unit, number) {
            (Some(unit @ ('条' | '款' | '项')), Some(number)) => {
                if start > text_start {
                    pieces.push(Piece::Text(&chunk[text_start..start]));
                }
                let end = digits_end + unit.len_utf8();
                let chinese = format!("第{}{unit}", super::citation::to_chinese_number(number));
                let arabic = format!("第{number}{unit}");
                let mut alternatives = vec![(chinese.clone(), 1.0)];
                if arabic != chinese {
                    alternatives.push((arabic, 1.0));
                }
                pieces.push(Piece::Article(Term {
                    typed: chinese,
                    alternatives,
                }));
                text_start = end;
                search_from = end;
            }
            _ => search_from = after,
        }
    }
    if text_start < chunk.len() {
        pieces.push(Piece::Text(&chunk[text_start..]));
    }
    pieces
}

/// Splits a chunk into runs of ASCII (with connectors) and of Chinese.
fn script_runs(chunk: &str) -> Vec<(bool, &str)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, c) in chunk.char_indices() {
        let ascii = c.is_ascii();
        match current {
            Some(kind) if kind != ascii => {
                runs.push((kind, &chunk[start..i]));
                start = i;
                current = Some(ascii);
            }
            None => current = Some(ascii),
            _ => {}
        }
    }
    if let Some(kind) = current {
        runs.push((kind, &chunk[start..]));
    }
    runs
}

fn han_terms(
    run: &str,
    known_phrases: &dyn Fn(&str) -> bool,
    extra: &[SynonymRow],
    terms: &mut Vec<Term>,
    stop_terms: &mut Vec<Term>,
) {
    // The country prefix of national laws only adds noise to a query.
    let stripped = run.replace(COUNTRY_PREFIX, " ");
    if stripped.trim().is_empty() {
        stop_terms.push(Term::plain(COUNTRY_PREFIX));
        return;
    }
    let chars: Vec<char> = stripped.chars().collect();
    let mut rest = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, term)) = whole_phrase_at(&chars[i..], known_phrases, extra) {
            segment_into(&rest, terms, stop_terms);
            rest.clear();
            terms.push(term);
            i += len;
        } else {
            rest.push(chars[i]);
            i += 1;
        }
    }
    segment_into(&rest, terms, stop_terms);
}

/// The longest synonym key or known phrase starting at `chars[0]`; the
/// registry's own rows (`extra`) are looked up before the built-in table.
fn whole_phrase_at(
    chars: &[char],
    known_phrases: &dyn Fn(&str) -> bool,
    extra: &[SynonymRow],
) -> Option<(usize, Term)> {
    let longest = chars.len().min(24);
    for len in (2..=longest).rev() {
        let candidate: String = chars[..len].iter().collect();
        if let Some(expansions) = super::synonyms::expansions(&candidate, extra) {
            let mut alternatives = vec![(candidate.clone(), 1.0)];
            alternatives.extend(
                expansions
                    .into_iter()
                    .filter(|e| *e != candidate)
                    .map(|e| (e, SYNONYM_FACTOR)),
            );
            return Some((
                len,
                Term {
                    typed: candidate,
                    alternatives,
                },
            ));
        }
        if len >= 3 && known_phrases(&candidate) {
            return Some((len, Term::plain(&candidate)));
        }
    }
    None
}

fn segment_into(text: &str, terms: &mut Vec<Term>, stop_terms: &mut Vec<Term>) {
    for piece in text.split(' ').filter(|p| !p.is_empty()) {
        for token in segmenter().cut(piece, false) {
            let term = Term::plain(token.word);
            if STOP_WORDS.contains(&token.word) {
                stop_terms.push(term);
            } else {
                terms.push(term);
            }
        }
    }
}

/// Shorter words inside `word` (jieba's search mode, else its bigrams), for
/// a word that matched nothing as a whole: 结婚证 → 结婚.
pub(crate) fn fragments(word: &str) -> Vec<String> {
    let n_chars = word.chars().count();
    let mut parts: Vec<String> = segmenter()
        .cut_for_search(word, false)
        .into_iter()
        .map(|t| t.word.to_owned())
        .filter(|w| w.chars().count() >= 2 && w.chars().count() < n_chars)
        .collect();
    if parts.is_empty() && n_chars >= 3 && word.chars().all(is_han) {
        let chars: Vec<char> = word.chars().collect();
        parts = chars.windows(2).map(|w| w.iter().collect()).collect();
    }
    parts.dedup();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expected_normalized: &str, expected_terms: &[&str]) {
        let normalized = normalize_query(query);
        assert_eq!(normalized, expected_normalized, "case `{query}`");
        let known = |p: &str| p == "土地管理法实施条例";
        let terms: Vec<String> = query_terms(&normalized, &known, &[])
            .into_iter()
            .map(|t| t.typed)
            .collect();
        assert_eq!(terms, expected_terms, "case `{query}`");
    }

    #[test]
    fn queries_become_terms() {
        check("  食品经营  ", "食品经营", &["食品", "经营"]);
        check("开饭店要办什么证", "开饭店要办什么证", &["开饭店"]);
        check("怎么申请低保？", "怎么申请低保", &["低保"]);
        check("《食品安全法》", "食品安全法", &["食品", "安全法"]);
        check(
            "《中华人民共和国土地管理法实施条例》第五十七条",
            "中华人民共和国土地管理法实施条例 第五十七条",
            &["土地管理法实施条例", "第五十七条"],
        );
        check("ＳＪ－ＸＫ－００１", "sj-xk-001", &["sj-xk-001"]);
        check("SJ-XK 001", "sj-xk 001", &["sj-xk", "001"]);
        check("12315投诉", "12315投诉", &["12315", "投诉"]);
        check("第57条第1款", "第57条第1款", &["第五十七条", "第一款"]);
        check("什么", "什么", &["什么"]);
        check("中华人民共和国", "中华人民共和国", &["中华人民共和国"]);
        check("！！《》", "", &[]);
        check("a - b", "a b", &["a", "b"]);
    }

    #[test]
    fn normalisation_keeps_positions() {
        let text = "食品经营许可（新办）ＡＢ";
        assert_eq!(normalize(text).chars().count(), text.chars().count());
        assert_eq!(normalize(text), "食品经营许可(新办)ab");
    }

    #[test]
    fn fragments_of_unknown_words() {
        assert_eq!(fragments("结婚证"), vec!["结婚".to_owned()]);
        assert_eq!(fragments("罚款"), Vec::<String>::new());
    }
}
