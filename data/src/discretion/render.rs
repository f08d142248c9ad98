//! What the citizen's view shows: a table model per statutory range and a
//! horizontal scale drawn as SVG, both rendered on the server.
//!
//! The scale marks tiers by hatching and by their names written on the
//! segments, never by colour alone. Output is deterministic: elements in
//! range order, numbers with at most one decimal, ids from the caller's prefix.

use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{
    Amount, Discretion, Fine, FineKind, RangeView, Tier, TierKey, TierLevel, yuan_to_chinese,
};

/// The tiers of one statutory range as a table.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeTable {
    /// The range's name; `None` for tiers that name none.
    pub name: Option<String>,
    /// The statutory bounds in Chinese (`1万元至10万元`), when known.
    pub statutory: Option<String>,
    /// Whether those bounds are derived from the tiers rather than written out.
    pub derived: bool,
    /// When the range applies, in Chinese (`货值金额不足1万元`).
    pub conditions: Vec<String>,
    /// One row per tier, in the author's order.
    pub rows: Vec<TierRow>,
}

/// One tier as a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRow {
    /// The tier's stable key.
    pub key: TierKey,
    /// The level's label, e.g. `从轻处罚`.
    pub label: &'static str,
    /// The tier's own name when it differs from the label, e.g. `不予罚款`.
    pub name: Option<String>,
    /// Conditions: the text, then the structured ones in Chinese.
    pub conditions: Vec<String>,
    /// Penalty types.
    pub penalty_types: Vec<String>,
    /// The fine in Chinese (`5万元至6.5万元`); `None` when the tier sets none.
    pub fine: Option<String>,
    /// The fine's remark.
    pub note: Option<String>,
}

impl Discretion {
    /// One table per statutory range, in [`Discretion::range_views`] order.
    pub fn tables(&self) -> Vec<RangeTable> {
        self.range_views().iter().map(table).collect()
    }

    /// The scale of each statutory range, in [`Discretion::range_views`]
    /// order; `None` for a range that cannot be drawn (no bounds, no maximum,
    /// or no 从轻/一般/从重 tier). Ids start with `id_prefix` and the range's
    /// position.
    pub fn scales(&self, id_prefix: &str) -> Vec<Option<String>> {
        self.range_views()
            .iter()
            .enumerate()
            .map(|(index, view)| scale_svg(view, &format!("{id_prefix}-{}", index + 1)))
            .collect()
    }
}

fn table(view: &RangeView<'_>) -> RangeTable {
    RangeTable {
        name: view.name.map(str::to_owned),
        statutory: view.fine.as_ref().map(Fine::to_chinese),
        derived: view.explicit.is_none(),
        conditions: view.conditions().iter().map(|c| c.to_chinese()).collect(),
        rows: view.tiers.iter().map(|(_, tier)| row(tier)).collect(),
    }
}

fn row(tier: &Tier) -> TierRow {
    TierRow {
        key: tier.key(),
        label: tier.tier.label(),
        name: tier.name.clone().filter(|name| name != tier.tier.label()),
        conditions: tier
            .conditions
            .iter()
            .filter(|c| !c.trim().is_empty())
            .cloned()
            .chain(tier.structured_conditions.iter().map(|c| c.to_chinese()))
            .collect(),
        penalty_types: tier.penalty_types.clone(),
        fine: tier.fine.as_ref().map(Fine::to_chinese),
        note: tier.fine.as_ref().and_then(|fine| fine.note.clone()),
    }
}

const WIDTH: i64 = 640;
const MARGIN: i64 = 24;
const BAR_TOP: i64 = 32;
const BAR_HEIGHT: i64 = 30;
const HEIGHT: i64 = 108;
const STROKE: &str = "#1f2937";

/// Draws one statutory range as a horizontal bar with its 从轻/一般/从重
/// tiers as hatched, labelled segments and the amounts at their boundaries.
/// Only the main fine is drawn (alternatives are in the table). `None` when
/// the range has no bounds, no maximum, no width, or no tier to draw.
pub fn scale_svg(view: &RangeView<'_>, id_prefix: &str) -> Option<String> {
    let statutory = view.fine.as_ref()?;
    let (low, high) = (statutory.lower(), statutory.upper()?);
    if high <= low {
        return None;
    }
    let segments: Vec<(TierLevel, Decimal, Decimal)> = view
        .dividing_tiers()
        .into_iter()
        .filter_map(|(_, tier)| {
            let fine = tier
                .fine
                .as_ref()
                .filter(|fine| fine.same_measure(statutory))?;
            let from = fine.lower().max(low).min(high);
            let to = fine.upper().unwrap_or(high).min(high).max(from);
            Some((tier.tier, from, to))
        })
        .collect();
    if segments.is_empty() {
        return None;
    }
    let prefix = xml_id(id_prefix);
    let span = Decimal::from(WIDTH - 2 * MARGIN);
    let x = |value: Decimal| Decimal::from(MARGIN) + (value - low) * span / (high - low);
    let range_text = bare(statutory).to_chinese();
    let title = match view.name {
        Some(name) => format!("{name}：法定处罚幅度与裁量阶次"),
        None => "法定处罚幅度与裁量阶次".to_owned(),
    };
    let mut desc = format!("法定幅度{range_text}。");
    for (level, from, to) in &segments {
        let _ = write!(
            desc,
            "{}：{}；",
            level.label(),
            amount_range(statutory, *from, *to)
        );
    }
    if desc.ends_with('；') {
        desc.pop();
        desc.push('。');
    }

    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="discretion-scale" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="{font}" font-size="12">"#,
        font = escape(crate::flowchart::svg::FONT_STACK),
    );
    let _ = write!(
        out,
        r#"<title id="{prefix}-title">{}</title><desc id="{prefix}-desc">{}</desc>"#,
        escape(&title),
        escape(&desc)
    );
    let _ = write!(
        out,
        concat!(
            "<defs>",
            r#"<pattern id="{p}-lighter" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="10" stroke="{s}" stroke-width="1.5"/></pattern>"#,
            r#"<pattern id="{p}-ordinary" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="1.5" fill="{s}"/></pattern>"#,
            r#"<pattern id="{p}-heavier" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{s}" stroke-width="1.5"/><line x1="0" y1="0" x2="6" y2="0" stroke="{s}" stroke-width="1.5"/></pattern>"#,
            "</defs>"
        ),
        p = prefix,
        s = STROKE
    );
    let _ = write!(
        out,
        r#"<text x="{MARGIN}" y="20" font-weight="bold">{}</text>"#,
        escape(&format!("法定幅度：{range_text}"))
    );
    let _ = write!(
        out,
        r##"<rect x="{MARGIN}" y="{BAR_TOP}" width="{}" height="{BAR_HEIGHT}" fill="#fff" stroke="{STROKE}"/>"##,
        WIDTH - 2 * MARGIN
    );
    for (level, from, to) in &segments {
        let (left, right) = (x(*from), x(*to));
        let pattern = match level {
            TierLevel::Lighter => "lighter",
            TierLevel::Ordinary => "ordinary",
            _ => "heavier",
        };
        let centre = (left + right) / Decimal::TWO;
        let font_size = if right - left < Decimal::from(30) {
            10
        } else {
            13
        };
        let _ = write!(
            out,
            r##"<g class="discretion-scale__tier"><rect x="{}" y="{BAR_TOP}" width="{}" height="{BAR_HEIGHT}" fill="url(#{prefix}-{pattern})" stroke="{STROKE}"/><text x="{}" y="{}" text-anchor="middle" font-size="{font_size}" font-weight="bold" fill="{STROKE}" stroke="#fff" stroke-width="4" paint-order="stroke">{}</text></g>"##,
            number(left),
            number(right - left),
            number(centre),
            BAR_TOP + BAR_HEIGHT / 2 + 5,
            level.short_label()
        );
    }

    let mut ticks: Vec<Decimal> = vec![low, high];
    for (_, from, to) in &segments {
        ticks.push(*from);
        ticks.push(*to);
    }
    ticks.sort();
    ticks.dedup();
    // Labels alternate to a second row when they would touch their neighbour.
    let mut row_ends: [Option<Decimal>; 2] = [None, None];
    for value in ticks {
        let at = x(value);
        let label = amount_text(statutory, value);
        let width = text_width(&label);
        let (anchor, start) = if value == low {
            ("start", at)
        } else if value == high {
            ("end", at - width)
        } else {
            ("middle", at - width / Decimal::TWO)
        };
        let row = if row_ends[0].is_none_or(|end| start > end + Decimal::from(6)) {
            0
        } else {
            1
        };
        row_ends[row] = Some(start + width);
        let label_y = BAR_TOP + BAR_HEIGHT + 20 + 16 * i64::try_from(row).unwrap_or(0);
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" stroke="{STROKE}"/><text x="{x}" y="{label_y}" text-anchor="{anchor}">{}</text>"#,
            escape(&label),
            x = number(at),
            top = BAR_TOP + BAR_HEIGHT,
            bottom = BAR_TOP + BAR_HEIGHT + 6,
        );
    }
    out.push_str("</svg>");
    Some(out)
}

/// A fine without its alternatives.
fn bare(fine: &Fine) -> Fine {
    let mut fine = fine.clone();
    fine.alt = None;
    fine
}

/// One amount of the fine's kind in Chinese: `3.7万元`, `13倍`, `6.5%`, `370元`.
fn amount_text(fine: &Fine, value: Decimal) -> String {
    let amount = Amount::new(value);
    match fine.kind {
        FineKind::Fixed => yuan_to_chinese(amount),
        FineKind::Multiple => format!("{amount}倍"),
        FineKind::Percentage => format!("{amount}%"),
        FineKind::PerUnit => format!("{amount}元"),
    }
}

fn amount_range(fine: &Fine, from: Decimal, to: Decimal) -> String {
    let mut part = bare(fine);
    part.min = Some(Amount::new(from));
    part.max = Some(Amount::new(to));
    part.to_chinese()
}

/// A rough width at 12px: CJK characters are square, the rest half as wide.
fn text_width(text: &str) -> Decimal {
    Decimal::from(
        text.chars()
            .map(|c| if c.is_ascii() { 7 } else { 12 })
            .sum::<i64>(),
    )
}

/// A coordinate with at most one decimal.
fn number(value: Decimal) -> String {
    value
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

fn xml_id(text: &str) -> String {
    let id: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id
    } else {
        format!("scale-{id}")
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
