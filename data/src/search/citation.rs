//! Law citations: `《土地管理法实施条例》第五十七条` and its variants parsed
//! into a normalised title and an article, Chinese numerals, and the article
//! lists of legal bases (`第三条、第九条至第十二条`).

use std::fmt;

use super::text::{COUNTRY_PREFIX, normalize};

/// Why a citation cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CitationError {
    /// Nothing but spaces and punctuation.
    #[error("the citation is empty")]
    Empty,
    /// An article without a law, e.g. `第五条`.
    #[error(
        "the citation `{0}` names no law; write the title first, e.g. `《食品安全法》第三十五条`"
    )]
    MissingTitle(String),
    /// Text after the title that is not an article, clause or item.
    #[error(
        "`{0}` after the title is not an article; write e.g. `第五十七条`, `第57条第1款` or `第一百一十条第（四）项`"
    )]
    Article(String),
}

/// A reference to one article (条), optionally narrowed to a clause (款)
/// and an item (项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ArticleRef {
    /// 条.
    pub article: u32,
    /// 款, when given.
    pub clause: Option<u32>,
    /// 项, when given.
    pub item: Option<u32>,
}

impl fmt::Display for ArticleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第{}条", to_chinese_number(self.article))?;
        if let Some(clause) = self.clause {
            write!(f, "第{}款", to_chinese_number(clause))?;
        }
        if let Some(item) = self.item {
            write!(f, "第（{}）项", to_chinese_number(item))?;
        }
        Ok(())
    }
}

/// What one legal basis cites: a run of articles (`第九条至第十二条`), or
/// one article narrowed to a clause or item (`第一百一十条第（四）项`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArticleSpan {
    /// First article.
    pub from: u32,
    /// Last article (equal to `from` for one article).
    pub to: u32,
    /// 款, when the basis names one.
    pub clause: Option<u32>,
    /// 项, when the basis names one.
    pub item: Option<u32>,
}

impl ArticleSpan {
    /// Whether a citation of `article` falls under this span. A basis that
    /// names a whole article covers each of its clauses; a citation of a
    /// whole article is covered by a basis naming one of its clauses.
    pub fn covers(&self, article: &ArticleRef) -> bool {
        let compatible = |ours: Option<u32>, theirs: Option<u32>| match (ours, theirs) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        (self.from..=self.to).contains(&article.article)
            && compatible(self.clause, article.clause)
            && compatible(self.item, article.item)
    }
}

/// A citation of a law, with or without an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LawCitation {
    title: String,
    key: String,
    article: Option<ArticleRef>,
}

impl LawCitation {
    /// Reads a citation as people write it: with or without 《》, with or
    /// without the 中华人民共和国 prefix, with a version note after the title
    /// (`（2014年修订）`), the article in Chinese or Arabic numerals
    /// (`第五十七条`, `第57条第1款`).
    pub fn parse(text: &str) -> Result<LawCitation, CitationError> {
        let text = normalize(text.trim());
        if !text.chars().any(|c| c.is_alphanumeric()) {
            return Err(CitationError::Empty);
        }
        let (title, rest) = match text.find('《') {
            Some(open) => {
                let after = open + '《'.len_utf8();
                match text[after..].find('》') {
                    Some(close) => (
                        text[after..after + close].to_owned(),
                        text[after + close + '》'.len_utf8()..].to_owned(),
                    ),
                    None => split_at_article(&text[after..]),
                }
            }
            None => split_at_article(&text),
        };
        let key = normalize_title(&title);
        if key.is_empty() {
            return Err(CitationError::MissingTitle(text));
        }
        let rest = strip_notes(rest.trim());
        let article = if rest.is_empty() {
            None
        } else {
            let spans = parse_articles(rest);
            match spans.as_slice() {
                [span] if span.from == span.to && rest.starts_with('第') => Some(ArticleRef {
                    article: span.from,
                    clause: span.clause,
                    item: span.item,
                }),
                _ => return Err(CitationError::Article(rest.to_owned())),
            }
        };
        Ok(LawCitation {
            title: display_title(&title),
            key,
            article,
        })
    }

    /// The law's title as written, without 《》 or a trailing note.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The normalised title that identifies the law (see [`normalize_title`]).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The article, when the citation names one.
    pub fn article(&self) -> Option<ArticleRef> {
        self.article
    }
}

impl fmt::Display for LawCitation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "《{}》", self.title)?;
        if let Some(article) = self.article {
            write!(f, "{article}")?;
        }
        Ok(())
    }
}

/// Splits `土地管理法实施条例第五十七条` before its first article number.
fn split_at_article(text: &str) -> (String, String) {
    let mut from = 0;
    while let Some(offset) = text[from..].find('第') {
        let start = from + offset;
        let after = start + '第'.len_utf8();
        let mut chars = text[after..].chars();
        let n_digits = chars.clone().take_while(|c| is_numeral_char(*c)).count();
        if n_digits > 0 && chars.nth(n_digits) == Some('条') {
            return (text[..start].to_owned(), text[start..].to_owned());
        }
        from = after;
    }
    (text.to_owned(), String::new())
}

/// Drops parenthesised notes (`（2014年修订）`, `（民政部令第66号）`) from the
/// start or end of the text.
fn strip_notes(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim();
        if trimmed.ends_with(')')
            && let Some(open) = trimmed.rfind('(')
        {
            text = &trimmed[..open];
        } else if trimmed.starts_with('(')
            && let Some(close) = trimmed.find(')')
        {
            text = &trimmed[close + 1..];
        } else {
            return trimmed;
        }
    }
}

fn display_title(title: &str) -> String {
    strip_notes(title.trim_matches(|c: char| c == '《' || c == '》' || c.is_whitespace()))
        .to_owned()
}

/// The form of a law title that identifies the law: without 《》, quotes,
/// spaces, a trailing note in parentheses or the 中华人民共和国 prefix, in
/// half-width characters. `《中华人民共和国食品安全法》` and `食品安全法` give
/// the same key.
pub fn normalize_title(title: &str) -> String {
    let title = normalize(title);
    // A title in 《》 followed by a note: only what is inside counts.
    let inner = match (title.find('《'), title.find('》')) {
        (Some(open), Some(close)) if open < close => &title[open + '《'.len_utf8()..close],
        _ => &title,
    };
    let stripped: String = strip_notes(inner)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '"' | '“' | '”' | '〈' | '〉'))
        .collect();
    stripped
        .strip_prefix(COUNTRY_PREFIX)
        .unwrap_or(&stripped)
        .to_owned()
}

/// Whether `c` can be part of a number in an article reference.
pub(crate) fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百千万".contains(c)
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => c.to_digit(10),
    }
}

/// Reads a number written in Chinese numerals (`一千零四十九`, `十二`,
/// `二〇二一`) or Arabic digits (`57`); `None` for anything else or a number
/// above `u32::MAX`.
pub fn parse_chinese_number(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    // Digit by digit, as years are written: 二〇二一.
    if !text.chars().any(|c| "十百千万".contains(c)) {
        return text
            .chars()
            .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(digit_value(c)?));
    }
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => {
                let value = u64::from(digit_value(c)?);
                digit = Some(value);
                continue;
            }
        };
        if unit == 10_000 {
            total = (total + section + digit.take().unwrap_or(0)) * unit;
            section = 0;
        } else {
            // A bare 十 at the start means 一十.
            section += digit.take().unwrap_or(1) * unit;
        }
    }
    let value = total + section + digit.unwrap_or(0);
    u32::try_from(value).ok()
}

/// Writes a number the way Chinese law texts do: 57 → 五十七,
/// 122 → 一百二十二, 1049 → 一千零四十九, 10 → 十.
pub fn to_chinese_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n == 0 {
        return "零".to_owned();
    }
    if n >= 10_000 {
        let high = to_chinese_number(n / 10_000);
        let low = n % 10_000;
        return match low {
            0 => format!("{high}万"),
            1..=999 => format!("{high}万零{}", to_chinese_number(low)),
            _ => format!("{high}万{}", to_chinese_number(low)),
        };
    }
    let mut out = String::new();
    let mut pending_zero = false;
    for (unit, label) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / unit) % 10;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        // 十二, not 一十二, when the number starts with ten.
        if !(unit == 10 && d == 1 && out.is_empty()) {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(label);
    }
    out
}

/// Reads the article list of a legal basis: `第三条、第九条至第十二条`,
/// `第一百一十条第（四）项`, `第57条第1款`. Text it does not understand is
/// skipped.
pub fn parse_articles(text: &str) -> Vec<ArticleSpan> {
    let text = normalize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<ArticleSpan> = Vec::new();
    let mut range_open = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '至' | '到' | '~' | '-' | '—' | '－' => {
                range_open = !spans.is_empty();
                i += 1;
                continue;
            }
            '第' => {}
            _ => {
                i += 1;
                continue;
            }
        }
        // 第 [(] number [)] unit
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j], '(' | ' ') {
            j += 1;
        }
        let start = j;
        while j < chars.len() && is_numeral_char(chars[j]) {
            j += 1;
        }
        let number: String = chars[start..j].iter().collect();
        while j < chars.len() && matches!(chars[j], ')' | ' ') {
            j += 1;
        }
        let (Some(number), Some(&unit)) = (parse_chinese_number(&number), chars.get(j)) else {
            i += 1;
            continue;
        };
        match unit {
            '条' => match spans.last_mut() {
                Some(last) if range_open && number >= last.from => {
                    last.to = number;
                    last.clause = None;
                    last.item = None;
                }
                _ => spans.push(ArticleSpan {
                    from: number,
                    to: number,
                    clause: None,
                    item: None,
                }),
            },
            '款' => {
                if let Some(last) = spans.last_mut() {
                    last.clause = Some(number);
                }
            }
            '项' => {
                if let Some(last) = spans.last_mut() {
                    last.item = Some(number);
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        range_open = false;
        i = j + 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_number(text: &str, expected: Option<u32>) {
        assert_eq!(parse_chinese_number(text), expected, "case `{text}`");
        if let Some(n) = expected
            && !text
                .chars()
                .any(|c| c.is_ascii_digit() || c == '〇' || c == '两')
            && !text.starts_with("一十")
        {
            assert_eq!(to_chinese_number(n), text, "case {n} written back");
        }
    }

    #[test]
    fn chinese_numerals() {
        check_number("一", Some(1));
        check_number("十", Some(10));
        check_number("十二", Some(12));
        check_number("一十二", Some(12));
        check_number("二十", Some(20));
        check_number("五十七", Some(57));
        check_number("一百", Some(100));
        check_number("一百零五", Some(105));
        check_number("一百一十", Some(110));
        check_number("一百二十二", Some(122));
        check_number("二百一十", Some(210));
        check_number("两百", Some(200));
        check_number("九百九十九", Some(999));
        check_number("一千", Some(1000));
        check_number("一千零四十九", Some(1049));
        check_number("一千二百六十", Some(1260));
        check_number("三千零五", Some(3005));
        check_number("九千九百九十九", Some(9999));
        check_number("一万零一", Some(10_001));
        check_number("二〇二一", Some(2021));
        check_number("57", Some(57));
        check_number("", None);
        check_number("五十七条", None);
        check_number("abc", None);
        check_number("99999999999", None);
    }

    fn check_title(text: &str, expected: &str) {
        assert_eq!(normalize_title(text), expected, "case `{text}`");
    }

    #[test]
    fn titles_normalise() {
        check_title("《中华人民共和国食品安全法》", "食品安全法");
        check_title("食品安全法", "食品安全法");
        check_title("中华人民共和国食品安全法", "食品安全法");
        check_title(
            "《中华人民共和国土地管理法实施条例》（2014年修订）",
            "土地管理法实施条例",
        );
        check_title("《养老机构管理办法》（民政部令第66号）", "养老机构管理办法");
        check_title("《特种设备使用管理规则》（TSG 08）", "特种设备使用管理规则");
        check_title(" 《 婚姻登记条例 》 ", "婚姻登记条例");
        check_title("ＴＳＧ规则", "tsg规则");
    }

    /// Article, clause and item.
    type Article = (u32, Option<u32>, Option<u32>);

    fn check_citation(text: &str, expected: Result<(&str, Option<Article>), &str>) {
        let got = LawCitation::parse(text);
        match (got, expected) {
            (Ok(c), Ok((key, article))) => {
                assert_eq!(c.key(), key, "case `{text}`");
                let expected = article.map(|(article, clause, item)| ArticleRef {
                    article,
                    clause,
                    item,
                });
                assert_eq!(c.article(), expected, "case `{text}`");
            }
            (Err(e), Err(message)) => {
                assert!(e.to_string().contains(message), "case `{text}`: {e}");
            }
            (got, _) => panic!("case `{text}`: got {got:?}"),
        }
    }

    #[test]
    fn citations_parse() {
        check_citation(
            "《土地管理法实施条例》第五十七条",
            Ok(("土地管理法实施条例", Some((57, None, None)))),
        );
        check_citation(
            "土地管理法实施条例第57条",
            Ok(("土地管理法实施条例", Some((57, None, None)))),
        );
        check_citation(
            "《中华人民共和国食品安全法》第一百二十二条第一款",
            Ok(("食品安全法", Some((122, Some(1), None)))),
        );
        check_citation(
            "食品安全法第122条第1款",
            Ok(("食品安全法", Some((122, Some(1), None)))),
        );
        check_citation(
            "《中华人民共和国食品安全法》第一百一十条第（四）项",
            Ok(("食品安全法", Some((110, None, Some(4))))),
        );
        check_citation("《中华人民共和国民法典》", Ok(("民法典", None)));
        check_citation(
            "民法典第一千零四十九条",
            Ok(("民法典", Some((1049, None, None)))),
        );
        check_citation(
            "《中华人民共和国土地管理法实施条例》（2014年修订）第四十二条",
            Ok(("土地管理法实施条例", Some((42, None, None)))),
        );
        check_citation("  ", Err("empty"));
        check_citation("第五条", Err("names no law"));
        check_citation("《食品安全法》附则", Err("is not an article"));
        check_citation("《食品安全法》第三条至第五条", Err("is not an article"));
    }

    fn check_articles(text: &str, expected: &[(u32, u32, Option<u32>, Option<u32>)]) {
        let got: Vec<(u32, u32, Option<u32>, Option<u32>)> = parse_articles(text)
            .into_iter()
            .map(|s| (s.from, s.to, s.clause, s.item))
            .collect();
        assert_eq!(got, expected, "case `{text}`");
    }

    #[test]
    fn article_lists() {
        check_articles("第三十五条", &[(35, 35, None, None)]);
        check_articles("第三条、第六条", &[(3, 3, None, None), (6, 6, None, None)]);
        check_articles(
            "第三条、第九条至第十二条",
            &[(3, 3, None, None), (9, 12, None, None)],
        );
        check_articles("第一百二十二条第一款", &[(122, 122, Some(1), None)]);
        check_articles("第一百一十条第（四）项", &[(110, 110, None, Some(4))]);
        check_articles("第57条第1款", &[(57, 57, Some(1), None)]);
        check_articles("第十条第一款第（二）项", &[(10, 10, Some(1), Some(2))]);
        check_articles("附则", &[]);
    }

    #[test]
    fn spans_cover_citations() {
        let span = |from, to, clause| ArticleSpan {
            from,
            to,
            clause,
            item: None,
        };
        let cite = |article, clause| ArticleRef {
            article,
            clause,
            item: None,
        };
        assert!(span(9, 12, None).covers(&cite(10, None)));
        assert!(!span(9, 12, None).covers(&cite(13, None)));
        assert!(span(122, 122, None).covers(&cite(122, Some(1))));
        assert!(span(122, 122, Some(1)).covers(&cite(122, None)));
        assert!(!span(122, 122, Some(2)).covers(&cite(122, Some(1))));
    }
}
