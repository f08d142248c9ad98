//! Text measured glyph by glyph, so boxes fit their labels without a font
//! engine: full-width CJK is 1 em, Latin from an embedded advance-width table.
//!
//! The table holds the advance widths (1000 units per em) of printable ASCII
//! in the metric-compatible Helvetica / Arial / Liberation Sans design. The
//! Latin glyphs of the CJK fonts in the chart's font stack (Noto Sans CJK SC,
//! Source Han Sans SC, Microsoft YaHei, PingFang SC) are as wide or narrower,
//! so measured text is an upper bound and never touches a box border.

/// Advance widths of ASCII 0x20..=0x7E at 1000 units per em.
const ASCII_ADVANCE: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A..M
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a..m
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n..z
    334, 260, 334, 584, // {..~
];

/// Width of a glyph not in the table and not full-width, in 1000ths of an em:
/// generous, so unknown scripts still fit.
const OTHER_ADVANCE: u16 = 600;

/// Whether a character is drawn full-width (1 em) in a CJK font.
pub fn is_full_width(character: char) -> bool {
    matches!(u32::from(character),
        0x1100..=0x115F
        | 0x2010..=0x2027 // dashes, quotes, ellipsis: full-width in CJK fonts
        | 0x2030..=0x206F
        | 0x2190..=0x21FF // arrows
        | 0x2460..=0x27BF // enclosed numbers, boxes, shapes, dingbats
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The advance width of one character, in 1000ths of an em.
pub fn advance(character: char) -> u16 {
    let code = u32::from(character);
    if (0x20..=0x7E).contains(&code) {
        // The range check makes the index valid.
        ASCII_ADVANCE
            .get((code - 0x20) as usize)
            .copied()
            .unwrap_or(OTHER_ADVANCE)
    } else if is_full_width(character) {
        1000
    } else {
        OTHER_ADVANCE
    }
}

/// The width of `text` set at `font_size` pixels.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let units: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(units) * font_size / 1000.0
}

/// Characters that may not begin a line (Chinese line-breaking rules, 避头).
fn no_line_start(character: char) -> bool {
    "，。、；：？！）》」』】〕’”%,.;:?!)]}、·…—".contains(character)
}

/// Characters that may not end a line (避尾).
fn no_line_end(character: char) -> bool {
    "（《「『【〔‘“([{".contains(character)
}

fn is_word_character(character: char) -> bool {
    character.is_ascii_alphanumeric()
}

/// Breaks `text` into lines no wider than `max_width` (at `font_size`),
/// between characters: CJK text may break anywhere except before closing or
/// after opening punctuation, Latin words and numbers stay whole unless a
/// word alone is wider than a line. Explicit line breaks are kept.
pub fn wrap(text: &str, font_size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph.trim(), font_size, max_width, &mut lines);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn wrap_paragraph(paragraph: &str, font_size: f64, max_width: f64, lines: &mut Vec<String>) {
    let characters: Vec<char> = paragraph.chars().collect();
    if characters.is_empty() {
        return;
    }
    let mut start = 0;
    while start < characters.len() {
        // The longest run that fits; at least one character per line.
        let mut width = 0.0;
        let mut end = start;
        while end < characters.len() {
            let next = f64::from(advance(characters[end])) * font_size / 1000.0;
            if end > start && width + next > max_width + 1e-9 {
                break;
            }
            width += next;
            end += 1;
        }
        if end < characters.len() {
            end = break_point(&characters, start, end);
        }
        let line: String = characters[start..end].iter().collect();
        lines.push(line.trim_end().to_owned());
        start = end;
        while start < characters.len() && characters[start] == ' ' {
            start += 1;
        }
    }
}

/// Moves a break at `end` back so that lines do not split words, start with
/// closing punctuation or end with opening punctuation; keeps `end` when no
/// better point exists within the line.
fn break_point(characters: &[char], start: usize, end: usize) -> usize {
    let allowed = |at: usize| {
        let before = characters[at - 1];
        let after = characters[at];
        let splits_word = is_word_character(before) && is_word_character(after);
        !(no_line_start(after) || no_line_end(before) || splits_word)
    };
    (start + 1..=end)
        .rev()
        .find(|&at| allowed(at))
        .unwrap_or(end)
}

/// Wraps like [`wrap`], then narrows the width as far as possible without
/// adding a line, so that the lines of a label are of even length.
pub fn wrap_balanced(text: &str, font_size: f64, max_width: f64) -> Vec<String> {
    let lines = wrap(text, font_size, max_width);
    if lines.len() < 2 {
        return lines;
    }
    let widest = |lines: &[String]| {
        lines
            .iter()
            .map(|line| text_width(line, font_size))
            .fold(0.0, f64::max)
    };
    let mut low = widest(&lines) / 2.0;
    let mut high = widest(&lines);
    let mut best = lines;
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        let candidate = wrap(text, font_size, middle);
        if candidate.len() <= best.len() && widest(&candidate) <= middle + 1e-9 {
            high = middle;
            best = candidate;
        } else {
            low = middle;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, max_width: f64, expected: &[&str]) {
        assert_eq!(wrap(text, 10.0, max_width), expected, "text `{text}`");
    }

    #[test]
    fn widths() {
        let cases = [
            ("受理", 28.0),
            ("ABC", 28.784),
            ("1个工作日", 63.784),
            ("", 0.0),
        ];
        for (text, expected) in cases {
            let got = text_width(text, 14.0);
            assert!(
                (got - expected).abs() < 0.01,
                "`{text}`: {got} ≠ {expected}"
            );
        }
    }

    #[test]
    fn wrapping() {
        check("材料是否齐全", 30.0, &["材料是", "否齐全"]);
        check("受理", 100.0, &["受理"]);
        check("告知（理由）", 30.0, &["告知", "（理", "由）"]);
        check("缴纳，罚款", 20.0, &["缴", "纳，", "罚款"]);
        check("第12345条", 30.0, &["第", "12345", "条"]);
        check("a\nb", 100.0, &["a", "b"]);
        check("", 100.0, &[""]);
        check("长", 1.0, &["长"]);
    }

    #[test]
    fn balanced_lines_are_even() {
        assert_eq!(
            wrap_balanced("一二三四五六七八九十", 10.0, 80.0),
            ["一二三四五", "六七八九十"]
        );
    }
}
