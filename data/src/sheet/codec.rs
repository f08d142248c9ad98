//! Cell text ↔ values: the way offices write time limits, laws and lists,
//! and the lossless forms our own export falls back to.
//!
//! Every encoder that writes several values into one cell checks that the
//! matching decoder reads them back unchanged; when the office form would be
//! ambiguous (an entry that itself holds `；` or a line break) it uses a
//! numbered form, and as a last resort JSON, so our own files always read
//! back exactly.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::category::Category;
use crate::discretion::{Amount, Condition, FineKind, FineUnit, Op, TierLevel};
use crate::flowchart::{EdgeKind, NodeKind, RiskLevel};
use crate::item::{
    BasisRole, Duration, ItemStatus, LawLevel, LegalBasis, Responsibility, TimeUnit,
};

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space (U+3000) as
/// their ASCII forms; used for codes, numbers and time limits, never for
/// free text.
pub(crate) fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// A code or number: half-width, without any whitespace.
pub(crate) fn compact(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A header as compared with the known names: half-width, no whitespace.
pub(crate) fn header_key(text: &str) -> String {
    compact(text).to_lowercase()
}

/// Free text: line endings unified, surrounding whitespace trimmed.
pub(crate) fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// `None` for an empty cell.
pub(crate) fn optional(text: &str) -> Option<String> {
    let text = clean(text);
    (!text.is_empty()).then_some(text)
}

/// Writes `value` with the first encoding that `decode` reads back unchanged.
fn first_lossless<T: PartialEq + Serialize>(
    value: &T,
    candidates: &[String],
    decode: impl Fn(&str) -> Option<T>,
) -> String {
    for candidate in candidates {
        if decode(candidate).as_ref() == Some(value) {
            return candidate.clone();
        }
    }
    serde_json::to_string(value).unwrap_or_default()
}

/// A JSON array written by our export, when the cell holds one.
fn json_list<T: DeserializeOwned>(text: &str) -> Option<Vec<T>> {
    if text.starts_with('[') && text.ends_with(']') {
        serde_json::from_str(text).ok()
    } else {
        None
    }
}

/// The numbered form `（1）…\n（2）…`, when the cell is written that way.
fn numbered(text: &str) -> Option<Vec<String>> {
    let mut rest = text.strip_prefix("（1）")?;
    let mut entries = Vec::new();
    let mut next = 2;
    loop {
        let marker = format!("\n（{next}）");
        match rest.find(&marker) {
            Some(at) => {
                entries.push(rest[..at].to_owned());
                rest = &rest[at + marker.len()..];
                next += 1;
            }
            None => {
                entries.push(rest.to_owned());
                return Some(entries);
            }
        }
    }
}

/// Strips office numbering such as `1.`, `1、`, `(1)`, `（1）`, `①` from an entry.
fn strip_numbering(entry: &str) -> &str {
    let entry = entry.trim();
    let circled = entry.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c));
    if circled {
        return entry
            .char_indices()
            .nth(1)
            .map_or("", |(i, _)| &entry[i..])
            .trim();
    }
    let digits_end = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    for (open, close) in [("(", ")"), ("（", "）")] {
        if let Some(inner) = entry.strip_prefix(open) {
            let n = digits_end(inner);
            if n > 0
                && let Some(rest) = inner[n..].strip_prefix(close)
            {
                return rest.trim();
            }
        }
    }
    let n = digits_end(entry);
    if n > 0 && n < 4 {
        for sep in [".", "、", "．", "，"] {
            if let Some(rest) = entry[n..].strip_prefix(sep) {
                return rest.trim();
            }
        }
    }
    entry
}

/// Splits an office cell into entries at line breaks and `；`, dropping
/// numbering and empty pieces.
fn office_entries(text: &str) -> Vec<String> {
    text.split(['\n', '；', ';'])
        .map(strip_numbering)
        .filter(|entry| !entry.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list of texts (追责情形, 申请材料, 处罚种类 …).
pub(crate) fn decode_list(text: &str) -> Vec<String> {
    let text = clean(text);
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(list) = json_list::<String>(&text) {
        return list;
    }
    if let Some(list) = numbered(&text) {
        return list;
    }
    office_entries(&text)
}

/// Writes a list the way offices do (one entry per line) when that reads back.
pub(crate) fn encode_list(list: &[String]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let numbered: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, entry)| format!("（{}）{entry}", i + 1))
        .collect();
    first_lossless(
        &list.to_vec(),
        &[list.join("\n"), numbered.join("\n")],
        |text| Some(decode_list(text)),
    )
}

/// 责任事项: `受理：…` per line.
pub(crate) fn decode_responsibilities(text: &str) -> Vec<Responsibility> {
    let text = clean(text);
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(list) = json_list::<Responsibility>(&text) {
        return list;
    }
    text.lines()
        .map(strip_numbering)
        .filter(|line| !line.is_empty())
        .map(|line| match line.split_once(['：', ':']) {
            Some((stage, duty)) => Responsibility {
                stage: stage.trim().to_owned(),
                duty: duty.trim().to_owned(),
            },
            None => Responsibility {
                stage: String::new(),
                duty: line.to_owned(),
            },
        })
        .collect()
}

/// Writes 责任事项 one stage per line when that reads back.
pub(crate) fn encode_responsibilities(list: &[Responsibility]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = list
        .iter()
        .map(|r| format!("{}：{}", r.stage, r.duty))
        .collect();
    first_lossless(&list.to_vec(), &[lines.join("\n")], |text| {
        Some(decode_responsibilities(text))
    })
}

/// Structured conditions, one `metric op value unit` per line.
pub(crate) fn decode_conditions(text: &str) -> Result<Vec<Condition>, String> {
    let text = clean(text);
    if text.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(list) = json_list::<Condition>(&text) {
        return Ok(list);
    }
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let at = tokens
                .iter()
                .position(|t| op(t).is_some())
                .ok_or_else(|| format!("condition `{line}` has no comparison (<, <=, >, >=, =)"))?;
            let op = tokens.get(at).and_then(|t| op(t));
            let value = tokens.get(at + 1).and_then(|v| amount(v).ok());
            match (op, value) {
                (Some(op), Some(value)) if at > 0 => Ok(Condition {
                    metric: tokens[..at].join(" "),
                    op,
                    value,
                    unit: (tokens.len() > at + 2).then(|| tokens[at + 2..].join(" ")),
                }),
                _ => Err(format!(
                    "condition `{line}` is not `metric op value [unit]`, e.g. `货值金额 < 10000 元`"
                )),
            }
        })
        .collect()
}

fn op(token: &str) -> Option<Op> {
    Some(match token {
        "<" => Op::Less,
        "<=" | "≤" => Op::LessOrEqual,
        ">" => Op::Greater,
        ">=" | "≥" => Op::GreaterOrEqual,
        "=" | "==" => Op::Equal,
        _ => return None,
    })
}

/// Writes structured conditions one per line when that reads back.
pub(crate) fn encode_conditions(list: &[Condition]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let lines: Vec<String> = list.iter().map(ToString::to_string).collect();
    first_lossless(&list.to_vec(), &[lines.join("\n")], |text| {
        decode_conditions(text).ok()
    })
}

/// An exact amount; full-width digits and thousands separators allowed.
pub(crate) fn amount(text: &str) -> Result<Amount, String> {
    let plain: String = compact(text).chars().filter(|c| *c != ',').collect();
    let value = Decimal::from_str(&plain)
        .or_else(|_| Decimal::from_scientific(&plain))
        .map_err(|_| format!("`{}` is not a number", shown(text)))?;
    Amount::bounded(value)
        .ok_or_else(|| format!("`{}` is over the limit of {}", shown(text), Amount::MAX))
}

/// At most 40 characters of a value, for messages.
pub(crate) fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// `是`/`否` and their usual variants.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match compact(text).to_lowercase().as_str() {
        "是" | "有" | "收费" | "y" | "yes" | "true" | "1" | "√" => Some(true),
        "否" | "无" | "不收费" | "免费" | "n" | "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// `是` or `否`.
pub(crate) fn encode_bool(value: bool) -> String {
    if value { "是" } else { "否" }.to_owned()
}

/// A time limit such as `20个工作日`, `当场办结`, `法定60日`, `30天`,
/// `二十个工作日`, `两个月`; `None` for a blank cell or `无`. A remark in
/// brackets (`90日（自立案之日起）`) is read by [`decode_noted_duration`]
/// and dropped here.
pub(crate) fn decode_duration(text: &str) -> Result<Option<Duration>, String> {
    decode_noted_duration(text).map(|(duration, _)| duration)
}

/// A time-limit cell with the remarks in brackets beside it:
/// `90日（自立案之日起）` is 90 days and the note `自立案之日起`.
pub(crate) fn decode_noted_duration(
    text: &str,
) -> Result<(Option<Duration>, Option<String>), String> {
    let (rest, note) = split_notes(text).ok_or_else(|| not_understood(text))?;
    parse_duration(&rest)
        .map(|duration| (duration, note))
        .ok_or_else(|| not_understood(text))
}

fn not_understood(text: &str) -> String {
    format!(
        "time limit `{}` is not understood; write e.g. `20个工作日`, `60日` or `当场办结`",
        shown(text)
    )
}

/// Takes the bracketed remarks (`（…）`, `(…)`, nested ones kept whole) out
/// of a cell: the rest, and the remarks joined by `；`. `None` when the
/// brackets do not match.
fn split_notes(text: &str) -> Option<(String, Option<String>)> {
    let text = clean(text);
    let mut rest = String::new();
    let mut notes: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            '）' | ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let note = current.trim().to_owned();
                    if !note.is_empty() {
                        notes.push(note);
                    }
                    current.clear();
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => rest.push(c),
        }
    }
    if depth > 0 {
        return None;
    }
    let note = (!notes.is_empty()).then(|| notes.join("；"));
    Some((rest, note))
}

/// A number in Arabic or Chinese numerals: `20`, `二十`, `一百二十`, `两`.
pub(crate) fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let mut total: u32 = 0;
    let mut current: Option<u32> = None;
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '两' => {
                current = Some(2);
                continue;
            }
            '〇' => {
                current = Some(0);
                continue;
            }
            _ => {
                current = Some(u32::try_from(digit(c)?).ok()?);
                continue;
            }
        };
        total = total.checked_add(current.unwrap_or(1).checked_mul(unit)?)?;
        current = None;
    }
    total.checked_add(current.unwrap_or(0))
}

/// A time limit without remarks, after half-width conversion.
fn parse_duration(text: &str) -> Option<Option<Duration>> {
    let plain = compact(text);
    let mut plain = plain.as_str();
    for prefix in ["法定", "承诺"] {
        plain = plain.strip_prefix(prefix).unwrap_or(plain);
    }
    for prefix in ["办结时限", "办理时限", "时限", "期限"] {
        plain = plain.strip_prefix(prefix).unwrap_or(plain);
    }
    plain = plain.trim_start_matches([':', '：', '为']);
    for suffix in ["办结", "以内", "内"] {
        if plain.len() > suffix.len() && !plain.starts_with("当场") {
            plain = plain.strip_suffix(suffix).unwrap_or(plain);
        }
    }
    if plain.is_empty() || matches!(plain, "无" | "/" | "-" | "——" | "无规定" | "不适用")
    {
        return Some(None);
    }
    if plain.starts_with("当场")
        || matches!(plain, "即办" | "即时办结" | "立即办结" | "即时" | "立即")
    {
        return Some(Some(Duration {
            value: 0,
            unit: TimeUnit::OnTheSpot,
        }));
    }
    let numerals = "0123456789零〇一二两三四五六七八九十百千";
    let number_end = plain
        .char_indices()
        .find(|(_, c)| !numerals.contains(*c))
        .map_or(plain.len(), |(i, _)| i);
    let value = parse_number(&plain[..number_end])?;
    let unit = match &plain[number_end..] {
        "个工作日" | "工作日" => TimeUnit::WorkingDay,
        "日" | "天" | "个自然日" | "自然日" => TimeUnit::Day,
        "个月" | "月" => TimeUnit::Month,
        _ => return None,
    };
    Some(Some(Duration { value, unit }))
}

/// A time limit as lists write it (`20个工作日`, `60日`, `当场办结`).
pub(crate) fn encode_duration(duration: Option<Duration>) -> String {
    match duration {
        None => String::new(),
        Some(Duration {
            value: 0,
            unit: TimeUnit::OnTheSpot,
        }) => "当场办结".to_owned(),
        Some(d) => d.to_chinese(),
    }
}

/// A time limit with its note in brackets: `90日（自立案之日起）`.
pub(crate) fn encode_noted_duration(duration: Option<Duration>, note: Option<&str>) -> String {
    let mut text = encode_duration(duration);
    if let Some(note) = note {
        text.push_str(&format!("（{note}）"));
    }
    text
}

/// A combined cell (办理时限) as offices write it: `法定20个工作日 /
/// 承诺5个工作日`, `承诺当场办结`, and one limit alone when both are the same
/// (as [`crate::item::TimeLimits::to_chinese`] says them); the note in
/// brackets at the end (`法定90日（自立案之日起）`).
pub(crate) fn encode_time_limits(
    statutory: Option<Duration>,
    promised: Option<Duration>,
    note: Option<&str>,
) -> String {
    let promised = promised.filter(|p| Some(*p) != statutory);
    let mut text = [("法定", statutory), ("承诺", promised)]
        .into_iter()
        .filter_map(|(prefix, d)| d.map(|d| format!("{prefix}{}", encode_duration(Some(d)))))
        .collect::<Vec<_>>()
        .join(" / ");
    if let Some(note) = note {
        text.push_str(&format!("（{note}）"));
    }
    text
}

/// What a combined cell says: the statutory and promised limits and the note.
pub(crate) type DecodedLimits = (Option<Duration>, Option<Duration>, Option<String>);

/// A combined cell such as `法定20个工作日 / 承诺5个工作日`,
/// `法定20个工作日，承诺10个工作日`, `法定：20日 承诺：5日`,
/// `法定时限20日/承诺时限10日`, with remarks in brackets kept as the note.
/// A limit without `法定` or `承诺` is the statutory one; one alone stands
/// for both only where [`encode_time_limits`] would write it so.
pub(crate) fn decode_time_limits(text: &str) -> Result<DecodedLimits, String> {
    let (rest, note) = split_notes(text).ok_or_else(|| not_understood(text))?;
    let marked = compact(&rest)
        .replace("法定", "\n法定")
        .replace("承诺", "\n承诺");
    let mut statutory = None;
    let mut promised = None;
    for part in marked.split(['/', '；', ';', '，', ',', '、', '\n']) {
        if part.is_empty() {
            continue;
        }
        let value = parse_duration(part).ok_or_else(|| not_understood(text))?;
        if part.starts_with("承诺") {
            promised = value;
        } else {
            statutory = value;
        }
    }
    Ok((statutory, promised, note))
}

/// The category from its Chinese name, abbreviation or a common variant.
pub(crate) fn category(text: &str) -> Option<Category> {
    let plain = compact(text);
    let plain = plain
        .strip_suffix("类")
        .or_else(|| plain.strip_suffix("事项"))
        .unwrap_or(&plain);
    Category::parse(plain).or_else(|| match plain {
        "其他权力" | "其他" | "其他职权" => Some(Category::Other),
        "公共服务事项" => Some(Category::PublicService),
        _ => Category::ALL
            .into_iter()
            .find(|c| c.sc_code().eq_ignore_ascii_case(plain)),
    })
}

/// The status from its label; a blank cell is 有效.
pub(crate) fn status(text: &str) -> Option<ItemStatus> {
    let plain = compact(text);
    [
        ItemStatus::Active,
        ItemStatus::Suspended,
        ItemStatus::Cancelled,
        ItemStatus::Delegated,
    ]
    .into_iter()
    .find(|s| s.label() == plain)
    .or(match plain.as_str() {
        "" | "在用" | "正常" => Some(ItemStatus::Active),
        "取消" => Some(ItemStatus::Cancelled),
        "下放" => Some(ItemStatus::Delegated),
        _ => None,
    })
}

/// A role from its label.
pub(crate) fn role(text: &str) -> Option<BasisRole> {
    [
        BasisRole::Creating,
        BasisRole::Implementing,
        BasisRole::Accountability,
    ]
    .into_iter()
    .find(|r| r.label() == compact(text))
}

/// Guesses the rank of a source from its title; `Other("未注明")` when the
/// title does not tell.
pub(crate) fn guess_level(law: &str) -> LawLevel {
    let title = law.split('》').next().unwrap_or(law).trim();
    // Local sources open with their place: 《四川省…条例》, 《成都市…办法》.
    let bare = title.trim_start_matches('《');
    let head: String = bare.chars().take(7).collect();
    let local = !bare.starts_with("中华人民共和国")
        && (bare.contains('省') || bare.contains("自治区") || head.contains(['市', '州', '县']));
    let rule = ["规定", "办法", "细则"].iter().any(|s| title.ends_with(s));
    if title.ends_with('法') && !rule {
        LawLevel::Law
    } else if title.ends_with("条例") {
        if local {
            LawLevel::LocalRegulation
        } else {
            LawLevel::AdministrativeRegulation
        }
    } else if rule {
        if local {
            LawLevel::LocalGovernmentRule
        } else {
            LawLevel::DepartmentalRule
        }
    } else {
        LawLevel::Other("未注明".to_owned())
    }
}

/// One citation such as `《中华人民共和国行政许可法》第十二条`: the title
/// and the article, or the whole text as the title when it has neither 《》
/// nor `第…条`.
pub(crate) fn citation(text: &str, role: BasisRole) -> LegalBasis {
    let text = text.trim();
    let (law, article) = if let Some(end) = text.find('》') {
        let (law, rest) = text.split_at(end + '》'.len_utf8());
        // A document number in brackets right after the title belongs to
        // it: 《…办法》（民发〔2021〕57号）.
        match rest
            .strip_prefix('（')
            .and_then(|r| r.find('）').map(|at| at + 2 * '（'.len_utf8()))
        {
            Some(close) => (format!("{law}{}", &rest[..close]), &rest[close..]),
            None => (law.to_owned(), rest),
        }
    } else if let Some(at) = article_start(text).filter(|&at| at > 0) {
        (text[..at].trim().to_owned(), &text[at..])
    } else {
        (text.to_owned(), "")
    };
    let article = article.trim().trim_start_matches(['、', '，', ',']).trim();
    LegalBasis {
        level: guess_level(&law),
        law,
        article: (!article.is_empty()).then(|| article.to_owned()),
        role,
        verified: false,
        effective_date: None,
        note: None,
    }
}

/// Where `第…条` starts in a citation without 《》.
fn article_start(text: &str) -> Option<usize> {
    let numerals = "0123456789零一二三四五六七八九十百千";
    text.match_indices('第').map(|(i, _)| i).find(|&i| {
        let rest = &text[i + '第'.len_utf8()..];
        let n: usize = rest
            .chars()
            .take_while(|c| numerals.contains(*c))
            .map(char::len_utf8)
            .sum();
        n > 0 && rest[n..].starts_with('条')
    })
}

/// A legal-basis cell: several citations separated by `；` or line breaks,
/// each optionally led by its role (`设定依据：`).
pub(crate) fn decode_bases(text: &str, default_role: BasisRole) -> Vec<LegalBasis> {
    let text = clean(text);
    if let Some(list) = json_list::<LegalBasis>(&text) {
        return list;
    }
    text.split(['\n', '；', ';'])
        .map(strip_numbering)
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (role, rest) = piece
                .split_once(['：', ':'])
                .and_then(|(label, rest)| role(label).map(|r| (r, rest)))
                .unwrap_or((default_role, piece));
            citation(rest, role)
        })
        .filter(|basis| !basis.law.is_empty())
        .collect()
}

/// Writes legal bases one citation per line, led by the role, when that
/// reads back as the same citations (role, title and article); else as JSON.
///
/// A cell says less than a basis holds: the level is guessed from the title
/// on reading, and whether the citation was checked, its date and note are
/// not written. The 法律依据 table holds those.
pub(crate) fn encode_bases(bases: &[LegalBasis]) -> String {
    if bases.is_empty() {
        return String::new();
    }
    let office = bases
        .iter()
        .map(|b| format!("{}：{}", b.role.label(), b.citation()))
        .collect::<Vec<_>>()
        .join("\n");
    let citations = |list: &[LegalBasis]| -> Vec<(BasisRole, String, Option<String>)> {
        list.iter()
            .map(|b| (b.role, b.law.clone(), b.article.clone()))
            .collect()
    };
    if citations(&decode_bases(&office, BasisRole::Creating)) == citations(bases) {
        office
    } else {
        serde_json::to_string(bases).unwrap_or_default()
    }
}

/// Looks a label up among `(value, label)` pairs.
fn by_label<T: Copy>(pairs: &[(T, &str)], text: &str) -> Option<T> {
    let plain = compact(text);
    pairs
        .iter()
        .find(|(_, label)| *label == plain)
        .map(|(v, _)| *v)
}

fn label_of<T: Copy + PartialEq>(pairs: &[(T, &'static str)], value: T) -> &'static str {
    pairs
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, label)| label)
}

const NODE_KINDS: [(NodeKind, &str); 4] = [
    (NodeKind::Start, "开始"),
    (NodeKind::Task, "办理环节"),
    (NodeKind::Decision, "判断"),
    (NodeKind::End, "结束"),
];
const EDGE_KINDS: [(EdgeKind, &str); 4] = [
    (EdgeKind::Normal, "正常"),
    (EdgeKind::Branch, "分支"),
    (EdgeKind::Return, "退回"),
    (EdgeKind::Terminate, "终止"),
];
const RISK_LEVELS: [(RiskLevel, &str); 3] = [
    (RiskLevel::High, "高"),
    (RiskLevel::Medium, "中"),
    (RiskLevel::Low, "低"),
];
const TIER_LEVELS: [(TierLevel, &str); 5] = [
    (TierLevel::None, "不予处罚"),
    (TierLevel::Mitigated, "减轻处罚"),
    (TierLevel::Lighter, "从轻处罚"),
    (TierLevel::Ordinary, "一般处罚"),
    (TierLevel::Heavier, "从重处罚"),
];
const FINE_KINDS: [(FineKind, &str); 4] = [
    (FineKind::Fixed, "固定金额"),
    (FineKind::Multiple, "倍数"),
    (FineKind::Percentage, "百分比"),
    (FineKind::PerUnit, "按单位"),
];
const FINE_UNITS: [(FineUnit, &str); 8] = [
    (FineUnit::Yuan, "元"),
    (FineUnit::YuanPerSquareMetre, "元/平方米"),
    (FineUnit::YuanPerMu, "元/亩"),
    (FineUnit::YuanPerTon, "元/吨"),
    (FineUnit::YuanPerVehicle, "元/辆"),
    (FineUnit::YuanPerPerson, "元/人"),
    (FineUnit::YuanPerDay, "元/日"),
    (FineUnit::YuanPerPiece, "元/件"),
];

/// Labels of closed sets as the sheets write them.
pub(crate) mod labels {
    use super::*;

    /// 开始 / 办理环节 / 判断 / 结束 (also the English keys).
    pub(crate) fn node_kind(text: &str) -> Option<NodeKind> {
        by_label(&NODE_KINDS, text).or_else(|| serde_plain(text))
    }
    /// The label of a node kind.
    pub(crate) fn node_kind_label(kind: NodeKind) -> &'static str {
        label_of(&NODE_KINDS, kind)
    }
    /// 正常 / 分支 / 退回 / 终止; blank is 正常.
    pub(crate) fn edge_kind(text: &str) -> Option<EdgeKind> {
        if compact(text).is_empty() {
            return Some(EdgeKind::Normal);
        }
        by_label(&EDGE_KINDS, text).or_else(|| serde_plain(text))
    }
    /// The label of an edge kind.
    pub(crate) fn edge_kind_label(kind: EdgeKind) -> &'static str {
        label_of(&EDGE_KINDS, kind)
    }
    /// 高 / 中 / 低.
    pub(crate) fn risk_level(text: &str) -> Option<RiskLevel> {
        by_label(&RISK_LEVELS, text).or_else(|| serde_plain(&compact(text).to_uppercase()))
    }
    /// The label of a risk level.
    pub(crate) fn risk_level_label(level: RiskLevel) -> &'static str {
        label_of(&RISK_LEVELS, level)
    }
    /// 不予处罚 … 从重处罚, also the short forms (从轻).
    pub(crate) fn tier_level(text: &str) -> Option<TierLevel> {
        by_label(&TIER_LEVELS, text)
            .or_else(|| {
                TIER_LEVELS
                    .iter()
                    .find(|(level, _)| level.short_label() == compact(text))
                    .map(|(level, _)| *level)
            })
            .or_else(|| match compact(text).as_str() {
                "较轻" | "轻" => Some(TierLevel::Lighter),
                "较重" | "严重" | "重" => Some(TierLevel::Heavier),
                "减轻" => Some(TierLevel::Mitigated),
                "不予" => Some(TierLevel::None),
                _ => None,
            })
            .or_else(|| serde_plain(&compact(text).to_uppercase()))
    }
    /// The label of a tier level.
    pub(crate) fn tier_level_label(level: TierLevel) -> &'static str {
        label_of(&TIER_LEVELS, level)
    }
    /// 固定金额 / 倍数 / 百分比 / 按单位.
    pub(crate) fn fine_kind(text: &str) -> Option<FineKind> {
        by_label(&FINE_KINDS, text).or_else(|| serde_plain(text))
    }
    /// The label of a fine kind.
    pub(crate) fn fine_kind_label(kind: FineKind) -> &'static str {
        label_of(&FINE_KINDS, kind)
    }
    /// 元, 元/平方米 ….
    pub(crate) fn fine_unit(text: &str) -> Option<FineUnit> {
        by_label(&FINE_UNITS, text).or_else(|| serde_plain(text))
    }
    /// The label of a fine unit.
    pub(crate) fn fine_unit_label(unit: FineUnit) -> &'static str {
        label_of(&FINE_UNITS, unit)
    }

    /// A unit enum from its serde name (`task`, `HIGH`, `CNY_per_m2`).
    fn serde_plain<T: DeserializeOwned>(text: &str) -> Option<T> {
        serde_json::from_value(serde_json::Value::String(compact(text))).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<Option<(u32, TimeUnit)>, &str>) {
        let got = decode_duration(text);
        match (got, expected) {
            (Ok(got), Ok(want)) => assert_eq!(
                got,
                want.map(|(value, unit)| Duration { value, unit }),
                "case `{text}`"
            ),
            (Err(got), Err(want)) => assert!(got.contains(want), "case `{text}`: {got}"),
            (got, _) => panic!("case `{text}`: got {got:?}"),
        }
    }

    #[test]
    fn time_limits_as_offices_write_them() {
        check("20个工作日", Ok(Some((20, TimeUnit::WorkingDay))));
        check("当场办结", Ok(Some((0, TimeUnit::OnTheSpot))));
        check("法定60日", Ok(Some((60, TimeUnit::Day))));
        check("60日", Ok(Some((60, TimeUnit::Day))));
        check("30天", Ok(Some((30, TimeUnit::Day))));
        check("承诺10个工作日", Ok(Some((10, TimeUnit::WorkingDay))));
        check("２０　个工作日", Ok(Some((20, TimeUnit::WorkingDay))));
        check("无", Ok(None));
        check("", Ok(None));
        check("尽快", Err("time limit `尽快` is not understood"));
        check("二十个工作日", Ok(Some((20, TimeUnit::WorkingDay))));
        check("十五日", Ok(Some((15, TimeUnit::Day))));
        check("三十天", Ok(Some((30, TimeUnit::Day))));
        check("一百二十日", Ok(Some((120, TimeUnit::Day))));
        check("一百零五日", Ok(Some((105, TimeUnit::Day))));
        check("两个月", Ok(Some((2, TimeUnit::Month))));
        check("3个月", Ok(Some((3, TimeUnit::Month))));
        check("６月", Ok(Some((6, TimeUnit::Month))));
        check("２０日", Ok(Some((20, TimeUnit::Day))));
        check("15自然日", Ok(Some((15, TimeUnit::Day))));
        check("20工作日内", Ok(Some((20, TimeUnit::WorkingDay))));
        check("法定时限：20日", Ok(Some((20, TimeUnit::Day))));
        for spot in ["当场", "当场办结", "即办", "即时办结", "立即办结"] {
            check(spot, Ok(Some((0, TimeUnit::OnTheSpot))));
        }
        check(
            "二十个半工作日",
            Err("time limit `二十个半工作日` is not understood"),
        );
        check("90日（自立案之日起", Err("is not understood"));
    }

    #[test]
    fn bracketed_remarks_are_kept_as_the_note() {
        let ninety = Duration {
            value: 90,
            unit: TimeUnit::Day,
        };
        assert_eq!(
            decode_noted_duration("90日（自立案之日起）"),
            Ok((Some(ninety), Some("自立案之日起".to_owned())))
        );
        assert_eq!(
            decode_noted_duration("90日(不含公告时间（30日）)"),
            Ok((Some(ninety), Some("不含公告时间（30日）".to_owned())))
        );
        assert_eq!(
            decode_noted_duration("（依申请人要求）"),
            Ok((None, Some("依申请人要求".to_owned())))
        );
    }

    #[test]
    fn combined_cells_with_both_limits() {
        let d = |value, unit| Some(Duration { value, unit });
        let cases = [
            (
                "法定20个工作日，承诺10个工作日",
                (
                    d(20, TimeUnit::WorkingDay),
                    d(10, TimeUnit::WorkingDay),
                    None,
                ),
            ),
            (
                "法定：20日 承诺：5日",
                (d(20, TimeUnit::Day), d(5, TimeUnit::Day), None),
            ),
            (
                "法定时限20日/承诺时限10日",
                (d(20, TimeUnit::Day), d(10, TimeUnit::Day), None),
            ),
            (
                "法定二十个工作日（不含听证时间）承诺当场办结",
                (
                    d(20, TimeUnit::WorkingDay),
                    d(0, TimeUnit::OnTheSpot),
                    Some("不含听证时间".to_owned()),
                ),
            ),
            (
                "法定90日（自立案之日起）",
                (d(90, TimeUnit::Day), None, Some("自立案之日起".to_owned())),
            ),
            ("两个月", (d(2, TimeUnit::Month), None, None)),
        ];
        for (text, want) in cases {
            assert_eq!(decode_time_limits(text), Ok(want), "case `{text}`");
        }
        assert!(decode_time_limits("法定二十个半工作日").is_err());
    }

    #[test]
    fn time_limits_read_back_with_their_note() {
        let d = |value, unit| Some(Duration { value, unit });
        let cases = [
            (d(90, TimeUnit::Day), None, Some("自立案之日起")),
            (
                d(20, TimeUnit::WorkingDay),
                d(5, TimeUnit::WorkingDay),
                Some("不含公告（30日）"),
            ),
            (None, d(0, TimeUnit::OnTheSpot), None),
            (d(2, TimeUnit::Month), d(2, TimeUnit::Month), None),
            (None, None, Some("另行规定")),
        ];
        for (statutory, promised, note) in cases {
            let text = encode_time_limits(statutory, promised, note);
            let (s, p, n) = decode_time_limits(&text).unwrap_or_default();
            let promised = promised.or(statutory);
            assert_eq!(
                (s, p.or(s), n.as_deref()),
                (statutory, promised, note),
                "case `{text}`"
            );
            let cell = encode_noted_duration(statutory, note);
            assert_eq!(
                decode_noted_duration(&cell),
                Ok((statutory, note.map(str::to_owned))),
                "cell `{cell}`"
            );
        }
        assert_eq!(
            encode_time_limits(d(90, TimeUnit::Day), None, Some("自立案之日起")),
            "法定90日（自立案之日起）"
        );
    }

    #[test]
    fn citations_split_title_and_article() {
        let cases = [
            (
                "《中华人民共和国行政许可法》第十二条第一款",
                (
                    "《中华人民共和国行政许可法》",
                    Some("第十二条第一款"),
                    LawLevel::Law,
                ),
            ),
            (
                "《社会团体登记管理条例》第三条、第六条",
                (
                    "《社会团体登记管理条例》",
                    Some("第三条、第六条"),
                    LawLevel::AdministrativeRegulation,
                ),
            ),
            (
                "《食品经营许可和备案管理办法》第二条",
                (
                    "《食品经营许可和备案管理办法》",
                    Some("第二条"),
                    LawLevel::DepartmentalRule,
                ),
            ),
            (
                "《四川省食品安全条例》第十条",
                (
                    "《四川省食品安全条例》",
                    Some("第十条"),
                    LawLevel::LocalRegulation,
                ),
            ),
            (
                "《最低生活保障审核确认办法》（民发〔2021〕57号）",
                (
                    "《最低生活保障审核确认办法》（民发〔2021〕57号）",
                    None,
                    LawLevel::DepartmentalRule,
                ),
            ),
            (
                "食品安全法第35条",
                ("食品安全法", Some("第35条"), LawLevel::Law),
            ),
            (
                "国务院关于某事项的决定",
                (
                    "国务院关于某事项的决定",
                    None,
                    LawLevel::Other("未注明".to_owned()),
                ),
            ),
        ];
        for (text, (law, article, level)) in cases {
            let basis = citation(text, BasisRole::Creating);
            assert_eq!(
                (basis.law.as_str(), basis.article.as_deref(), basis.level),
                (law, article, level),
                "case `{text}`"
            );
        }
    }

    #[test]
    fn lists_read_back_whatever_they_hold() {
        let cases: [&[&str]; 5] = [
            &["甲", "乙"],
            &["含；分号的一项"],
            &["第一行\n第二行", "另一项"],
            &["1、带编号"],
            &["[像JSON]"],
        ];
        for case in cases {
            let list: Vec<String> = case.iter().map(|s| (*s).to_owned()).collect();
            assert_eq!(decode_list(&encode_list(&list)), list, "case {case:?}");
        }
        assert_eq!(
            decode_list("1.对符合条件的不予受理的；2.违法收费的"),
            vec!["对符合条件的不予受理的", "违法收费的"]
        );
    }
}
