//! From sheets of text cells to items: header detection, column mapping,
//! the 主项/子项 hierarchy, the other tables, and validation.

use std::collections::{BTreeSet, HashMap, HashSet};

use sha2::{Digest, Sha256};

use super::codec::{
    self, amount, clean, compact, decode_bases, decode_conditions, decode_duration, decode_list,
    decode_noted_duration, decode_responsibilities, decode_time_limits, header_key, labels,
    optional, shown, yes_no,
};
use super::tables::{Col, LIST_ACCOUNTABILITY, ROW_RANGE, ROW_STANDARD, ROW_TIER, Table};
use super::{
    Coverage, Grid, HEADER_SEARCH_ROWS, MAX_CELL_CHARS, SheetError, SheetFormat, SheetImport,
    SheetProblem, SheetProblemKind as Kind, SheetSummary, SheetTable, TextEncoding, column_letter,
    export,
};
use crate::IsoDate;
use crate::category::Category;
use crate::discretion::{Discretion, Fine, StatutoryRange, Tier};
use crate::flowchart::validate::FlowchartError;
use crate::flowchart::{ChartSupervision, Edge, Flowchart, Node, Risk, StructureError};
use crate::ids::{IdError, ItemId};
use crate::item::{
    Accountability, BasisRole, Delegation, Fee, Item, ItemStatus, LawLevel, LegalBasis,
    Supervision, TimeLimits,
};

/// A sheet whose header row was found.
struct Sheet {
    grid: Grid,
    table: Table,
    /// Index of the header row in `grid.rows`.
    header: usize,
    /// Column index → (meaning, header as written).
    columns: HashMap<usize, (Col, String)>,
    /// Meaning → column index (the first column with that meaning).
    index: HashMap<Col, usize>,
    /// Text of the rows above the header (a title such as `XX局权责清单`).
    title: Option<String>,
    /// Rows of notes under the table (`填表说明：…`), skipped.
    notes: HashSet<usize>,
}

impl Sheet {
    fn has(&self, col: Col) -> bool {
        self.index.contains_key(&col)
    }

    /// Data rows: (index in `grid.rows`, cells), blank rows and repeated
    /// header rows skipped.
    fn rows(&self) -> impl Iterator<Item = (usize, &[String])> {
        let header = self.grid.rows.get(self.header);
        self.grid
            .rows
            .iter()
            .enumerate()
            .skip(self.header + 1)
            .filter(move |(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .filter(move |(_, cells)| Some(*cells) != header)
            .filter(move |(i, _)| !self.notes.contains(i))
            .map(|(i, cells)| (i, cells.as_slice()))
    }

    fn row_number(&self, index: usize) -> usize {
        self.grid.first_row + index + 1
    }

    fn problem(&self, index: usize, col: Option<Col>, kind: Kind, message: String) -> SheetProblem {
        let at = col.and_then(|c| self.index.get(&c).copied());
        SheetProblem {
            sheet: self.grid.name.clone(),
            row: Some(self.row_number(index)),
            column: at.map(|c| column_letter(self.grid.first_column + c)),
            header: at
                .and_then(|c| self.columns.get(&c))
                .map(|(_, h)| h.clone()),
            item: None,
            kind,
            message,
        }
    }

    fn sheet_problem(&self, kind: Kind, message: String) -> SheetProblem {
        SheetProblem {
            sheet: self.grid.name.clone(),
            row: Some(self.row_number(self.header)),
            column: None,
            header: None,
            item: None,
            kind,
            message,
        }
    }

    /// The header of `col` as written, else its usual name.
    fn field(&self, col: Col) -> String {
        self.index
            .get(&col)
            .and_then(|c| self.columns.get(c))
            .map_or_else(|| col.label().to_owned(), |(_, h)| h.clone())
    }

    fn summary(&self) -> SheetSummary {
        SheetSummary {
            name: self.grid.name.clone(),
            table: self.table.title().to_owned(),
            header_row: self.row_number(self.header),
            n_rows: self.rows().count(),
        }
    }
}

/// One data row of a sheet.
struct Row<'a> {
    sheet: &'a Sheet,
    index: usize,
    cells: &'a [String],
}

impl Row<'_> {
    fn raw(&self, col: Col) -> &str {
        self.sheet
            .index
            .get(&col)
            .and_then(|&i| self.cells.get(i))
            .map_or("", String::as_str)
    }

    fn text(&self, col: Col) -> String {
        clean(self.raw(col))
    }

    fn opt(&self, col: Col) -> Option<String> {
        optional(self.raw(col))
    }

    fn code(&self, col: Col) -> String {
        compact(self.raw(col))
    }

    fn number(&self) -> usize {
        self.sheet.row_number(self.index)
    }

    fn problem(&self, col: Col, kind: Kind, message: String) -> SheetProblem {
        self.sheet.problem(self.index, Some(col), kind, message)
    }

    /// A blank required cell.
    fn required(&self, col: Col, message: &str) -> SheetProblem {
        self.problem(
            col,
            Kind::Required {
                field: self.sheet.field(col),
            },
            message.to_owned(),
        )
    }

    /// A value outside a closed set.
    fn unknown(&self, col: Col, value: &str, expected: &str, message: String) -> SheetProblem {
        self.problem(
            col,
            Kind::UnknownValue {
                field: self.sheet.field(col),
                value: shown(value),
                expected: expected.to_owned(),
            },
            message,
        )
    }
}

/// A header row found: where it is, what it names, and, for a header
/// written over two rows, the cells read as one row.
struct Header {
    /// Index of the (lower) header row in `grid.rows`.
    row: usize,
    /// The columns it names.
    found: HashSet<Col>,
    /// The header over two rows as one row, when it is one.
    combined: Option<Vec<String>>,
}

/// Finds the header row of `grid` for `table`; `None` when no row within
/// the first rows names enough known columns. A header over two rows (a
/// group header such as `办理时限` above `法定期限`/`承诺期限`, or a name split
/// as `承诺` above `时限`) is found when it names more columns than either
/// row alone.
fn find_header(grid: &Grid, table: Table) -> Option<Header> {
    let names: HashMap<String, Col> = table
        .columns()
        .iter()
        .flat_map(|(col, names)| {
            names
                .iter()
                .filter(|n| !n.is_empty())
                .map(move |n| (header_key(n), *col))
        })
        .collect();
    let known = |cell: &str| names.get(&header_key(cell)).copied();
    let found_in = |row: &[String]| -> HashSet<Col> {
        row.iter()
            .filter_map(|cell| known(cell))
            .filter(|c| *c != Col::Ignored)
            .collect()
    };
    let enough = |found: &HashSet<Col>| match table {
        Table::Items => {
            (found.contains(&Col::Name) || found.contains(&Col::MainName)) && found.len() >= 2
        }
        Table::Version => found.len() == 2,
        Table::Discretion => {
            (found.contains(&Col::Code)
                || found.contains(&Col::ItemId)
                || found.contains(&Col::Name))
                && found.len() >= 3
        }
        _ => (found.contains(&Col::Code) || found.contains(&Col::ItemId)) && found.len() >= 3,
    };
    let mut best: Option<Header> = None;
    let rows: Vec<&Vec<String>> = grid.rows.iter().take(HEADER_SEARCH_ROWS).collect();
    for (i, row) in rows.iter().enumerate() {
        let found = found_in(row);
        let mut candidate = Header {
            row: i,
            found,
            combined: None,
        };
        if let Some(lower) = rows.get(i + 1) {
            let width = row.len().max(lower.len());
            let combined: Vec<String> = (0..width)
                .map(|c| {
                    let upper = row.get(c).map(|s| clean(s)).unwrap_or_default();
                    let below = lower.get(c).map(|s| clean(s)).unwrap_or_default();
                    let joined = format!("{upper}{below}");
                    if below.is_empty() || upper == below {
                        upper
                    } else if upper.is_empty() {
                        below
                    } else if known(&joined).is_some() {
                        joined
                    } else if known(&below).is_some() {
                        below
                    } else if known(&upper).is_some() {
                        upper
                    } else {
                        joined
                    }
                })
                .collect();
            let found = found_in(&combined);
            if found.len() > candidate.found.len() && found.len() > found_in(lower).len() {
                candidate = Header {
                    row: i + 1,
                    found,
                    combined: Some(combined),
                };
            }
        }
        if enough(&candidate.found)
            && best
                .as_ref()
                .is_none_or(|b| candidate.found.len() > b.found.len())
        {
            best = Some(candidate);
        }
    }
    best
}

/// The discretion columns an office's 裁量基准 sheet is told by.
const DISCRETION_SIGNS: [Col; 4] = [
    Col::Violation,
    Col::TierLevel,
    Col::Conditions,
    Col::PenaltyTypes,
];

/// Maps the header row's cells to columns; unknown headers become warnings.
fn open_sheet(grid: Grid, table: Table, header: usize, warnings: &mut Vec<SheetProblem>) -> Sheet {
    let names: HashMap<String, Col> = table
        .columns()
        .iter()
        .flat_map(|(col, names)| {
            names
                .iter()
                .filter(|n| !n.is_empty())
                .map(move |n| (header_key(n), *col))
        })
        .collect();
    let mut columns = HashMap::new();
    let mut index = HashMap::new();
    let cells = grid.rows.get(header).cloned().unwrap_or_default();
    let at = |c: usize, kind: Kind, message: String| SheetProblem {
        sheet: grid.name.clone(),
        row: Some(grid.first_row + header + 1),
        column: Some(column_letter(grid.first_column + c)),
        header: Some(clean(&cells[c])),
        item: None,
        kind,
        message,
    };
    for (c, cell) in cells.iter().enumerate() {
        let written = clean(cell);
        if written.is_empty() {
            continue;
        }
        match names.get(&header_key(cell)) {
            Some(Col::Ignored) => warnings.push(at(
                c,
                Kind::ColumnNotImported {
                    header: written.clone(),
                },
                format!("column `{written}` has no field in Sunlit and was not imported"),
            )),
            Some(col) if index.contains_key(col) => warnings.push(at(
                c,
                Kind::DuplicateColumn {
                    header: written.clone(),
                },
                format!("column `{written}` means the same as an earlier column and was ignored"),
            )),
            Some(col) => {
                index.insert(*col, c);
                columns.insert(c, (*col, written));
            }
            None => warnings.push(at(
                c,
                Kind::UnknownColumn {
                    header: shown(&written),
                },
                format!("unknown column `{}` was ignored", shown(&written)),
            )),
        }
    }
    let title = grid.rows[..header]
        .iter()
        .flat_map(|row| row.iter())
        .map(|c| clean(c))
        .find(|c| !c.is_empty());
    Sheet {
        grid,
        table,
        header,
        columns,
        index,
        title,
        notes: HashSet::new(),
    }
}

/// How notes under a table start: `填表说明：`, `注：`, `备注：`, `说明：`.
const NOTE_STARTS: [&str; 6] = ["填表说明", "注：", "注:", "备注：", "备注:", "说明："];

/// Marks the notes rows of a sheet and warns of each: a row whose first
/// non-empty cell starts like a note, and, at the bottom, rows of one cell
/// of long text.
fn mark_notes(sheet: &mut Sheet, warnings: &mut Vec<SheetProblem>) {
    let mut notes = Vec::new();
    let filled = |row: &[String]| -> Vec<String> {
        row.iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .collect()
    };
    let rows = &sheet.grid.rows;
    let mut bottom = true;
    for i in (sheet.header + 1..rows.len()).rev() {
        let cells = filled(&rows[i]);
        let Some(first) = cells.first() else {
            continue;
        };
        let noted = NOTE_STARTS
            .iter()
            .any(|start| first.starts_with(start) || first.starts_with(&start.replace(':', "：")));
        let lone = bottom && cells.len() == 1 && first.chars().count() >= 15;
        if noted || lone {
            notes.push((i, first.clone()));
        } else {
            bottom = false;
        }
    }
    notes.reverse();
    for (i, text) in notes {
        let shown_text: String = text.chars().take(20).collect::<String>()
            + if text.chars().count() > 20 { "…" } else { "" };
        warnings.push(sheet.problem(
            i,
            None,
            Kind::NotesRowSkipped { text: shown_text },
            format!(
                "the notes row `{}` is not an item and was skipped",
                shown(&text)
            ),
        ));
        sheet.notes.insert(i);
    }
}

/// Fills the blank cells a merged cell leaves in a CSV (the value sits in
/// the top row of the region only): a sub-item row (by 序号 or 上级事项编码)
/// takes the main item's name and what the group shares (权力类型, 实施主体,
/// 承办机构, 行使层级, 行使对象) from the row above. A main item's blank
/// cell stays blank: nothing tells a merge from a cell left out. Our own
/// exports carry 事项ID and are left as they are. One warning per column
/// filled.
fn fill_from_above(sheet: &mut Sheet, warnings: &mut Vec<SheetProblem>) {
    if sheet.table != Table::Items || sheet.has(Col::ItemId) {
        return;
    }
    const SUB_ITEM: [Col; 7] = [
        Col::Name,
        Col::MainName,
        Col::Category,
        Col::Body,
        Col::Unit,
        Col::Level,
        Col::Target,
    ];
    let data: Vec<usize> = sheet.rows().map(|(i, _)| i).collect();
    let mut counts: HashMap<Col, usize> = HashMap::new();
    let mut previous: Option<usize> = None;
    for i in data {
        let Some(above) = previous.replace(i) else {
            continue;
        };
        let cell = |rows: &[Vec<String>], r: usize, col: Col| -> String {
            sheet
                .index
                .get(&col)
                .and_then(|&c| rows.get(r)?.get(c))
                .map(|c| clean(c))
                .unwrap_or_default()
        };
        let rows = &sheet.grid.rows;
        let seq = compact(&cell(rows, i, Col::Seq));
        let sub =
            !matches!(seq_kind(&seq), Seq::Main) || !cell(rows, i, Col::ParentCode).is_empty();
        let columns: &[Col] = if sub { &SUB_ITEM } else { &[] };
        let mut fills = Vec::new();
        for &col in columns {
            let Some(&c) = sheet.index.get(&col) else {
                continue;
            };
            if cell(rows, i, col).is_empty() {
                let value = cell(rows, above, col);
                if !value.is_empty() {
                    fills.push((c, col, value));
                }
            }
        }
        for (c, col, value) in fills {
            let row = &mut sheet.grid.rows[i];
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = value;
            *counts.entry(col).or_default() += 1;
        }
    }
    let mut counts: Vec<(Col, usize)> = counts.into_iter().collect();
    counts.sort();
    for (col, cells) in counts {
        let header = sheet.field(col);
        warnings.push(SheetProblem {
            column: sheet
                .index
                .get(&col)
                .map(|&c| column_letter(sheet.grid.first_column + c)),
            header: Some(header.clone()),
            ..sheet.sheet_problem(
                Kind::FilledFromAbove {
                    header: header.clone(),
                    cells,
                },
                format!(
                    "{cells} blank cells under `{header}` were taken from the row above, as merged cells mean"
                ),
            )
        });
    }
}

/// Blanks cells over the length limit, reporting each.
fn check_cells(sheet: &mut Sheet, problems: &mut Vec<SheetProblem>) {
    let mut long = Vec::new();
    for (i, row) in sheet.grid.rows.iter().enumerate().skip(sheet.header + 1) {
        for (c, cell) in row.iter().enumerate() {
            // Bytes bound characters from above: only long cells are counted.
            if cell.len() > MAX_CELL_CHARS {
                let n = cell.chars().count();
                if n > MAX_CELL_CHARS {
                    long.push((i, c, n));
                }
            }
        }
    }
    for (i, c, n) in long {
        problems.push(SheetProblem {
            sheet: sheet.grid.name.clone(),
            row: Some(sheet.row_number(i)),
            column: Some(column_letter(sheet.grid.first_column + c)),
            header: sheet.columns.get(&c).map(|(_, h)| h.clone()),
            item: None,
            kind: Kind::CellTooLong {
                chars: n,
                limit: MAX_CELL_CHARS,
            },
            message: format!("the cell holds {n} characters; the limit is {MAX_CELL_CHARS}"),
        });
        if let Some(cell) = sheet.grid.rows.get_mut(i).and_then(|r| r.get_mut(c)) {
            cell.clear();
        }
    }
}

/// An item read from a row, with what the hierarchy step needs.
struct Draft {
    item: Item,
    sheet: usize,
    index: usize,
    seq: String,
    id_given: bool,
    chart: ChartColumns,
}

/// The flowchart's own columns of the 事项 table.
#[derive(Debug, Default)]
pub(crate) struct ChartColumns {
    pub(crate) title: Option<String>,
    pub(crate) procedure: Option<String>,
    pub(crate) channels: Vec<String>,
    pub(crate) note: Option<String>,
}

impl ChartColumns {
    fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.procedure.is_none()
            && self.channels.is_empty()
            && self.note.is_none()
    }
}

/// The department's name in a title such as `XX县市场监督管理局权责清单（2024年版）`.
fn body_from_title(title: &str) -> Option<String> {
    ["权责清单", "权力清单", "责任清单", "职权清单"]
        .iter()
        .find_map(|marker| title.find(marker))
        .map(|at| title[..at].trim().to_owned())
        .filter(|body| !body.is_empty())
}

fn date(row: &Row<'_>, col: Col, problems: &mut Vec<SheetProblem>) -> Option<IsoDate> {
    let text = compact(row.raw(col));
    if text.is_empty() {
        return None;
    }
    match IsoDate::parse(&text.replace('/', "-")) {
        Ok(date) => Some(date),
        Err(e) => {
            problems.push(row.problem(
                col,
                Kind::InvalidDate {
                    value: shown(&text),
                },
                e.to_string(),
            ));
            None
        }
    }
}

fn item_from_row(
    row: &Row<'_>,
    sheet_number: usize,
    problems: &mut Vec<SheetProblem>,
) -> Option<Draft> {
    let sheet = row.sheet;
    let main_cell = row.opt(Col::MainName);
    let sub_cell = row.opt(Col::SubName);
    let name = if sheet.has(Col::Name) {
        row.text(Col::Name)
    } else {
        sub_cell.clone().or(main_cell.clone()).unwrap_or_default()
    };
    if name.is_empty() {
        let col = if sheet.has(Col::Name) {
            Col::Name
        } else {
            Col::MainName
        };
        problems.push(row.required(col, "the item has no name"));
    }
    let code = row.code(Col::Code);
    if sheet.has(Col::Code) && code.is_empty() {
        problems.push(row.required(Col::Code, "the item has no code"));
    }

    let category = if sheet.has(Col::Category) {
        let text = row.text(Col::Category);
        codec::category(&text).unwrap_or_else(|| {
            let known: Vec<&str> = Category::ALL.iter().map(|c| c.name()).collect();
            problems.push(row.problem(
                Col::Category,
                if text.is_empty() {
                    Kind::Required {
                        field: sheet.field(Col::Category),
                    }
                } else {
                    Kind::UnknownCategory {
                        value: shown(&text),
                    }
                },
                if text.is_empty() {
                    "the category is empty".to_owned()
                } else {
                    format!(
                        "unknown category `{}`; expected one of {} (or XK, CF …)",
                        shown(&text),
                        known.join("、")
                    )
                },
            ));
            Category::Other
        })
    } else {
        Category::Other
    };

    let mut implementing_body = row.text(Col::Body);
    if implementing_body.is_empty() {
        match sheet.title.as_deref().and_then(body_from_title) {
            Some(body) => implementing_body = body,
            None => problems.push(sheet.problem(
                row.index,
                sheet.has(Col::Body).then_some(Col::Body),
                Kind::Required {
                    field: sheet.field(Col::Body),
                },
                "the item has no implementing body (实施主体)".to_owned(),
            )),
        }
    }

    let legal_basis = bases_from_cells(|col| row.raw(col));

    let not_understood = |col: Col, message: String| {
        row.problem(
            col,
            Kind::TimeLimitNotUnderstood {
                value: shown(&row.text(col)),
            },
            message,
        )
    };
    let mut duration = |col: Col| match decode_noted_duration(row.raw(col)) {
        Ok(d) => d,
        Err(message) => {
            problems.push(not_understood(col, message));
            (None, None)
        }
    };
    let (statutory, statutory_note) = duration(Col::Statutory);
    let (promised, promised_note) = duration(Col::Promised);
    let note = match (statutory_note, promised_note) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}；{b}")),
        (a, b) => a.or(b),
    };
    let mut time_limit = TimeLimits {
        statutory,
        promised,
        note,
    };
    if time_limit == TimeLimits::default() && !row.text(Col::TimeLimit).is_empty() {
        match decode_time_limits(row.raw(Col::TimeLimit)) {
            Ok((statutory, promised, note)) => {
                time_limit = TimeLimits {
                    statutory,
                    promised,
                    note,
                }
            }
            Err(message) => problems.push(not_understood(Col::TimeLimit, message)),
        }
    }

    let mut fee = Fee {
        charged: false,
        basis: row.opt(Col::FeeBasis),
        standard: row.opt(Col::FeeStandard),
    };
    if sheet.has(Col::FeeCharged) {
        let text = row.text(Col::FeeCharged);
        match yes_no(&text) {
            Some(charged) => fee.charged = charged,
            None => {
                // A cell such as `按标准收取` says both that and how much.
                fee.charged = true;
                if fee.standard.is_none() {
                    fee.standard = Some(text);
                }
            }
        }
    } else {
        fee.charged = fee
            .standard
            .as_deref()
            .is_some_and(|s| yes_no(s) != Some(false));
    }

    let status = codec::status(row.raw(Col::Status)).unwrap_or_else(|| {
        problems.push(row.unknown(
            Col::Status,
            &row.text(Col::Status),
            "有效、暂停、已取消或已下放",
            format!(
                "unknown status `{}`; expected 有效, 暂停, 已取消 or 已下放",
                shown(&row.text(Col::Status))
            ),
        ));
        ItemStatus::Active
    });

    let has_sub_items = match yes_no(row.raw(Col::HasSubItems)) {
        Some(b) => b,
        None => {
            problems.push(row.problem(
                Col::HasSubItems,
                Kind::NotYesNo {
                    value: shown(&row.text(Col::HasSubItems)),
                },
                format!(
                    "`{}` is neither 是 nor 否",
                    shown(&row.text(Col::HasSubItems))
                ),
            ));
            false
        }
    };

    let delegation = (row.opt(Col::DelegationMode).is_some()
        || row.opt(Col::DelegationTo).is_some())
    .then(|| Delegation {
        mode: row.text(Col::DelegationMode),
        from: row.opt(Col::DelegationFrom),
        to: row.text(Col::DelegationTo),
        retained_duties: decode_list(row.raw(Col::DelegationDuties)),
        effective_date: date(row, Col::DelegationDate, problems),
    });

    let id_text = row.code(Col::ItemId);
    let item_id = if id_text.is_empty() {
        None
    } else {
        match ItemId::new(id_text) {
            Ok(id) => Some(id),
            Err(e) => {
                problems.push(row.problem(
                    Col::ItemId,
                    Kind::InvalidId {
                        value: shown(&row.code(Col::ItemId)),
                    },
                    e.to_string(),
                ));
                None
            }
        }
    };
    let id_given = item_id.is_some();
    let item_id = match item_id {
        Some(id) => id,
        None => match derive_id(&code, &implementing_body, sheet_number, row.number()) {
            Ok(id) => id,
            Err(e) => {
                problems.push(row.problem(
                    Col::ItemId,
                    Kind::InvalidId {
                        value: shown(&code),
                    },
                    e.to_string(),
                ));
                return None;
            }
        },
    };

    let parent_code = optional(&compact(row.raw(Col::ParentCode)));
    let item = Item {
        item_id,
        item_code: code,
        catalog_code: optional(&compact(row.raw(Col::CatalogCode))),
        name,
        main_item_name: main_cell,
        sub_item_name: sub_cell,
        parent_code,
        has_sub_items,
        category,
        implementing_body,
        undertaking_unit: row.opt(Col::Unit),
        implementing_level: row.opt(Col::Level),
        target: row.opt(Col::Target),
        legal_basis,
        responsibilities: decode_responsibilities(row.raw(Col::Responsibilities)),
        accountability: Accountability {
            situations: decode_list(row.raw(Col::Situations)),
            basis: decode_bases(row.raw(Col::AccountabilityBasis), BasisRole::Accountability),
        },
        time_limit,
        fee,
        supervision: Supervision {
            phone: row.opt(Col::Phone),
            complaint: row.opt(Col::Complaint),
        },
        relief: decode_list(row.raw(Col::Relief)),
        remark: row.opt(Col::Remark),
        status,
        sub_items_note: row.opt(Col::SubItemsNote),
        delegation,
        flowchart: None,
        discretion: None,
    };
    Some(Draft {
        item,
        sheet: sheet_number,
        index: row.index,
        seq: compact(row.raw(Col::Seq)),
        id_given,
        chart: ChartColumns {
            title: row.opt(Col::ChartTitle),
            procedure: row.opt(Col::ChartProcedure),
            channels: decode_list(row.raw(Col::ChartChannels)),
            note: row.opt(Col::ChartNote),
        },
    })
}

/// The legal bases of a 事项 row: 法律依据, then 设定依据, then 实施依据.
fn bases_from_cells<'a>(raw: impl Fn(Col) -> &'a str) -> Vec<LegalBasis> {
    let mut legal_basis = Vec::new();
    for (col, role) in [
        (Col::Basis, BasisRole::Creating),
        (Col::CreatingBasis, BasisRole::Creating),
        (Col::ImplementingBasis, BasisRole::Implementing),
    ] {
        legal_basis.extend(decode_bases(raw(col), role));
    }
    legal_basis
}

/// What a 事项 row read back as, apart from the hierarchy the other rows set.
#[derive(Debug)]
pub(crate) struct Echo {
    /// The item the row describes.
    pub(crate) item: Item,
    /// Its flowchart columns.
    pub(crate) chart: ChartColumns,
}

/// What the 事项 row of `item` in a table with `columns` reads back as:
/// how a file with those columns says what `item` holds.
pub(crate) fn echo(item: &Item, columns: &BTreeSet<Col>) -> Option<Echo> {
    let mut cells = export::item_cells(item, columns);
    let order: Vec<Col> = columns.iter().copied().collect();
    let row: Vec<String> = order
        .iter()
        .map(|col| cells.remove(col).unwrap_or_default())
        .collect();
    let sheet = Sheet {
        grid: Grid {
            name: String::new(),
            rows: vec![vec![String::new(); order.len()], row],
            first_row: 0,
            first_column: 0,
        },
        table: Table::Items,
        header: 0,
        columns: order
            .iter()
            .enumerate()
            .map(|(i, col)| (i, (*col, String::new())))
            .collect(),
        index: order.iter().enumerate().map(|(i, col)| (*col, i)).collect(),
        title: None,
        notes: HashSet::new(),
    };
    let row = Row {
        sheet: &sheet,
        index: 1,
        cells: sheet.grid.rows.get(1)?,
    };
    item_from_row(&row, 0, &mut Vec::new()).map(|draft| Echo {
        item: draft.item,
        chart: draft.chart,
    })
}

/// What the legal-basis cells of a 事项 table with `columns` read back as
/// when they are written from `bases`.
pub(crate) fn echo_bases(bases: &[LegalBasis], columns: &BTreeSet<Col>) -> Vec<LegalBasis> {
    let cells: HashMap<Col, String> = export::basis_cells(bases, columns).into_iter().collect();
    bases_from_cells(|col| cells.get(&col).map_or("", String::as_str))
}

/// What a 问责依据 cell written from `bases` reads back as.
pub(crate) fn echo_accountability_bases(bases: &[LegalBasis]) -> Vec<LegalBasis> {
    decode_bases(&codec::encode_bases(bases), BasisRole::Accountability)
}

/// A deterministic id for an item the sheet gives none: the code when it is
/// a valid id, else a hash of the code, else a hash of the body plus the row.
fn derive_id(code: &str, body: &str, sheet: usize, row: usize) -> Result<ItemId, IdError> {
    if let Ok(id) = ItemId::new(code) {
        return Ok(id);
    }
    let hex = |text: &str| -> String {
        Sha256::digest(text.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    if code.is_empty() {
        ItemId::new(format!("row-{}-{}-{row}", hex(body), sheet + 1))
    } else {
        ItemId::new(format!("code-{}", hex(code)))
    }
}

/// Where a 序号 puts a row: `3`, `3.`, `三、` main; `3-1`, `3.1` sub of 3;
/// `(1)`, `（一）` sub of the last main item (main when there is none above).
enum Seq {
    Main,
    SubOf(String),
    SubOfPrevious,
}

/// A 序号 as a number: `3`, `3.`, `3、`, `三`, `三、` are all `3`.
fn seq_number(seq: &str) -> Option<u32> {
    let bare = seq.trim_end_matches(['.', '、', ',', '，']);
    codec::parse_number(bare)
}

fn seq_kind(seq: &str) -> Seq {
    for separator in ['-', '.'] {
        if let Some((main, sub)) = seq.split_once(separator)
            && let (Some(main), Some(_)) = (seq_number(main), seq_number(sub))
            && !sub.is_empty()
        {
            return Seq::SubOf(main.to_string());
        }
    }
    let bracketed = seq
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .is_some_and(|inner| codec::parse_number(inner).is_some());
    if bracketed {
        Seq::SubOfPrevious
    } else {
        Seq::Main
    }
}

/// The key a main item's 序号 is found by: its number, else as written.
fn seq_key(seq: &str) -> String {
    seq_number(seq).map_or_else(|| seq.to_owned(), |n| n.to_string())
}

/// Sets the 主项/子项 fields the way the interchange format has them: a sub
/// item names its main item and that item's code; a main item names itself.
fn link_hierarchy(drafts: &mut [Draft], sheets: &[Sheet], problems: &mut Vec<SheetProblem>) {
    let mut main_by_seq: HashMap<(usize, String), usize> = HashMap::new();
    let mut last_main: Option<usize> = None;
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(drafts.len());
    for (i, draft) in drafts.iter().enumerate() {
        let parent = match seq_kind(&draft.seq) {
            Seq::Main => {
                if !draft.seq.is_empty() {
                    main_by_seq.insert((draft.sheet, seq_key(&draft.seq)), i);
                }
                last_main = Some(i);
                None
            }
            Seq::SubOfPrevious if last_main.is_none_or(|m| drafts[m].sheet != draft.sheet) => {
                // Every row numbered `（一）` …: they are the main items.
                last_main = Some(i);
                None
            }
            Seq::SubOf(main) => {
                let found = main_by_seq.get(&(draft.sheet, main.clone())).copied();
                if found.is_none() {
                    let sheet = &sheets[draft.sheet];
                    problems.push(sheet.problem(
                        draft.index,
                        Some(Col::Seq),
                        Kind::SubItemWithoutMain {
                            seq: draft.seq.clone(),
                            main: Some(main.clone()),
                        },
                        format!(
                            "sub-item `{}` has no main item `{main}` above it",
                            draft.seq
                        ),
                    ));
                }
                found
            }
            Seq::SubOfPrevious => {
                let found = last_main.filter(|m| drafts[*m].sheet == draft.sheet);
                if found.is_none() {
                    problems.push(sheets[draft.sheet].problem(
                        draft.index,
                        Some(Col::Seq),
                        Kind::SubItemWithoutMain {
                            seq: draft.seq.clone(),
                            main: None,
                        },
                        format!("sub-item `{}` has no main item above it", draft.seq),
                    ));
                }
                found
            }
        };
        parents.push(parent);
    }
    let has_parent: HashSet<usize> = parents.iter().flatten().copied().collect();
    for i in 0..drafts.len() {
        let sheet = &sheets[drafts[i].sheet];
        let parent = parents[i].map(|p| {
            (
                drafts[p].item.name.clone(),
                drafts[p].item.item_code.clone(),
            )
        });
        let item = &mut drafts[i].item;
        match parent {
            Some((main_name, main_code)) => {
                if item.main_item_name.is_none() {
                    item.main_item_name = Some(main_name.clone());
                }
                if item.sub_item_name.is_none() {
                    item.sub_item_name = Some(item.name.clone());
                } else if item.name == main_name
                    && let Some(sub) = &item.sub_item_name
                {
                    // `事项名称` repeats the main item; the sub-item's own name is in `子项`.
                    item.name = sub.clone();
                }
                if !sheet.has(Col::ParentCode) && !main_code.is_empty() {
                    item.parent_code = Some(main_code);
                }
            }
            None => {
                if !sheet.has(Col::MainName) {
                    item.main_item_name = Some(item.name.clone());
                }
            }
        }
    }
    // Without a 含子项 column, a main item is one that sub-items name, by
    // 序号 or by 上级事项编码.
    let named: HashSet<String> = drafts
        .iter()
        .filter_map(|d| d.item.parent_code.clone())
        .collect();
    for (i, draft) in drafts.iter_mut().enumerate() {
        if !sheets[draft.sheet].has(Col::HasSubItems) {
            let item = &mut draft.item;
            item.has_sub_items = has_parent.contains(&i)
                || (!item.item_code.is_empty() && named.contains(&item.item_code));
        }
    }
}

/// Ties rows of the other tables to items: by 事项ID when given, else by code.
struct Lookup {
    by_id: HashMap<String, usize>,
    by_code: HashMap<String, usize>,
    /// By name, for office sheets that give neither.
    by_name: HashMap<String, usize>,
}

impl Lookup {
    fn new(items: &[Item]) -> Self {
        let mut by_id = HashMap::new();
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            by_id.entry(item.item_id.to_string()).or_insert(i);
            if !item.item_code.is_empty() {
                by_code.entry(item.item_code.clone()).or_insert(i);
            }
            by_name.entry(item.name.clone()).or_insert(i);
        }
        Lookup {
            by_id,
            by_code,
            by_name,
        }
    }

    fn find(&self, row: &Row<'_>, problems: &mut Vec<SheetProblem>) -> Option<usize> {
        let id = row.code(Col::ItemId);
        let code = row.code(Col::Code);
        let name = row.text(Col::Name);
        let by_name = id.is_empty() && code.is_empty() && !name.is_empty();
        let found = if by_name {
            self.by_name.get(&name)
        } else if id.is_empty() {
            self.by_code.get(&code)
        } else {
            self.by_id.get(&id)
        };
        if found.is_none() {
            let (col, what, value) = if by_name {
                (Col::Name, "name", name)
            } else if id.is_empty() {
                (Col::Code, "code", code)
            } else {
                (Col::ItemId, "id", id)
            };
            problems.push(row.problem(
                col,
                Kind::NoSuchItem {
                    value: shown(&value),
                },
                format!("no item with {what} `{}` in the 事项 table", shown(&value)),
            ));
        }
        found.copied()
    }
}

fn fine(row: &Row<'_>, problems: &mut Vec<SheetProblem>) -> Option<Fine> {
    let kind_text = row.text(Col::FineKind);
    if kind_text.is_empty() {
        let stray = [Col::FineBase, Col::FineUnit, Col::FineMin, Col::FineMax]
            .into_iter()
            .find(|c| !row.text(*c).is_empty());
        if let Some(col) = stray {
            problems.push(row.problem(
                Col::FineKind,
                Kind::FineWithoutKind {
                    header: header_of(row, col),
                },
                format!(
                    "the fine has no 罚款方式 but a value under `{}`",
                    header_of(row, col)
                ),
            ));
        }
        return None;
    }
    let Some(kind) = labels::fine_kind(&kind_text) else {
        problems.push(row.unknown(
            Col::FineKind,
            &kind_text,
            "固定金额、倍数、百分比或按单位",
            format!(
                "unknown fine kind `{}`; expected 固定金额, 倍数, 百分比 or 按单位",
                shown(&kind_text)
            ),
        ));
        return None;
    };
    let unit_text = row.text(Col::FineUnit);
    let unit = if unit_text.is_empty() {
        None
    } else {
        labels::fine_unit(&unit_text).or_else(|| {
            problems.push(row.unknown(
                Col::FineUnit,
                &unit_text,
                "元、元/平方米、元/亩等",
                format!(
                    "unknown fine unit `{}`; expected 元 or 元/平方米, 元/亩 …",
                    shown(&unit_text)
                ),
            ));
            None
        })
    };
    let mut bound = |col: Col| {
        let text = row.text(col);
        if text.is_empty() {
            return None;
        }
        amount(&text)
            .map_err(|message| {
                problems.push(row.problem(
                    col,
                    Kind::NotANumber {
                        value: shown(&text),
                    },
                    message,
                ))
            })
            .ok()
    };
    let min = bound(Col::FineMin);
    let max = bound(Col::FineMax);
    let alt_text = row.text(Col::FineAlt);
    let alt = if alt_text.is_empty() {
        None
    } else {
        match serde_json::from_str::<Fine>(&alt_text) {
            Ok(alt) => Some(Box::new(alt)),
            Err(e) => {
                problems.push(row.problem(
                    Col::FineAlt,
                    Kind::InvalidJson {
                        field: row.sheet.field(Col::FineAlt),
                    },
                    format!("the alternative fine is not valid JSON: {e}"),
                ));
                None
            }
        }
    };
    Some(Fine {
        kind,
        base: row.opt(Col::FineBase),
        unit,
        min,
        max,
        note: row.opt(Col::FineNote),
        alt,
    })
}

fn header_of(row: &Row<'_>, col: Col) -> String {
    row.sheet
        .index
        .get(&col)
        .and_then(|c| row.sheet.columns.get(c))
        .map(|(_, h)| h.clone())
        .unwrap_or_default()
}

/// Reads the bases table into the items.
fn read_bases(
    sheet: &Sheet,
    items: &mut [Item],
    lookup: &Lookup,
    problems: &mut Vec<SheetProblem>,
    warnings: &mut Vec<SheetProblem>,
) {
    for item in items.iter_mut() {
        item.legal_basis.clear();
        item.accountability.basis.clear();
    }
    for (index, cells) in sheet.rows() {
        let row = Row {
            sheet,
            index,
            cells,
        };
        let Some(i) = lookup.find(&row, problems) else {
            continue;
        };
        let law = row.text(Col::Law);
        if law.is_empty() {
            warnings.push(row.problem(
                Col::Law,
                Kind::Blank {
                    field: sheet.field(Col::Law),
                },
                "the legal basis has no title".to_owned(),
            ));
        }
        let role = codec::role(row.raw(Col::Role)).unwrap_or_else(|| {
            problems.push(row.unknown(
                Col::Role,
                &row.text(Col::Role),
                "设定依据、实施依据或问责依据",
                format!(
                    "unknown role `{}`; expected 设定依据, 实施依据 or 问责依据",
                    shown(&row.text(Col::Role))
                ),
            ));
            BasisRole::Creating
        });
        let level_text = row.text(Col::LawLevel);
        let verified = yes_no(row.raw(Col::Verified)).unwrap_or_else(|| {
            problems.push(row.problem(
                Col::Verified,
                Kind::NotYesNo {
                    value: shown(&row.text(Col::Verified)),
                },
                "expected 是 or 否".to_owned(),
            ));
            false
        });
        let basis = LegalBasis {
            level: if level_text.is_empty() {
                codec::guess_level(&law)
            } else {
                LawLevel::from(level_text)
            },
            law,
            article: row.opt(Col::Article),
            role,
            verified,
            effective_date: date(&row, Col::EffectiveDate, problems),
            note: row.opt(Col::Note),
        };
        if row.text(Col::BasisList) == LIST_ACCOUNTABILITY {
            items[i].accountability.basis.push(basis);
        } else {
            items[i].legal_basis.push(basis);
        }
    }
}

/// The rows a flowchart was read from.
#[derive(Default)]
struct ChartRows {
    /// (node id, row) in the 流程步骤 table.
    nodes: Vec<(String, usize)>,
    /// (from, to, row) in the 流转条件 table.
    edges: Vec<(String, String, usize)>,
}

impl ChartRows {
    /// The table and row a problem concerns: the node or edge it names,
    /// else the chart's first row.
    fn of(&self, error: &FlowchartError) -> Option<(Table, usize)> {
        let node = |id: &str| {
            self.nodes
                .iter()
                .find(|(n, _)| n == id)
                .map(|(_, row)| (Table::Nodes, *row))
        };
        let edge = |from: &str, to: &str| {
            self.edges
                .iter()
                .find(|(f, t, _)| f == from && t == to)
                .map(|(_, _, row)| (Table::Edges, *row))
        };
        let first = || {
            self.nodes
                .first()
                .map(|(_, row)| (Table::Nodes, *row))
                .or_else(|| self.edges.first().map(|(_, _, row)| (Table::Edges, *row)))
        };
        let named = match error {
            FlowchartError::Unreachable(id)
            | FlowchartError::NoWayToEnd(id)
            | FlowchartError::TooFewBranches { id, .. }
            | FlowchartError::Structure(StructureError::DuplicateNode(id)) => node(id),
            FlowchartError::MissingCondition { from, to }
            | FlowchartError::Structure(StructureError::DanglingEdge { from, to, .. }) => {
                edge(from, to)
            }
            FlowchartError::SeveralStarts(ids) | FlowchartError::Cycle(ids) => {
                ids.first().and_then(|id| node(id))
            }
            _ => None,
        };
        named.or_else(first)
    }
}

/// Reads nodes and edges; returns per item the rows its chart came from.
fn read_charts(
    nodes: Option<&Sheet>,
    edges: Option<&Sheet>,
    drafts: &[Draft],
    items: &mut [Item],
    lookup: &Lookup,
    problems: &mut Vec<SheetProblem>,
    warnings: &mut Vec<SheetProblem>,
) -> HashMap<usize, ChartRows> {
    let mut first_row: HashMap<usize, ChartRows> = HashMap::new();
    let mut charts: HashMap<usize, (Vec<Node>, Vec<Edge>)> = HashMap::new();
    if let Some(sheet) = nodes {
        for (index, cells) in sheet.rows() {
            let row = Row {
                sheet,
                index,
                cells,
            };
            let Some(i) = lookup.find(&row, problems) else {
                continue;
            };
            let id = row.text(Col::NodeId);
            first_row
                .entry(i)
                .or_default()
                .nodes
                .push((id.clone(), row.number()));
            if id.is_empty() {
                warnings.push(row.problem(
                    Col::NodeId,
                    Kind::Blank {
                        field: sheet.field(Col::NodeId),
                    },
                    "the step has no id".to_owned(),
                ));
            }
            let kind_text = row.text(Col::NodeKind);
            let kind = labels::node_kind(&kind_text).unwrap_or_else(|| {
                problems.push(row.unknown(
                    Col::NodeKind,
                    &kind_text,
                    "开始、办理环节、判断或结束",
                    format!(
                        "unknown step type `{}`; expected 开始, 办理环节, 判断 or 结束",
                        shown(&kind_text)
                    ),
                ));
                crate::flowchart::NodeKind::Task
            });
            let time_limit = decode_duration(row.raw(Col::NodeTime))
                .map_err(|message| {
                    problems.push(row.problem(
                        Col::NodeTime,
                        Kind::TimeLimitNotUnderstood {
                            value: shown(&row.text(Col::NodeTime)),
                        },
                        message,
                    ))
                })
                .ok()
                .flatten();
            let level_text = row.text(Col::RiskLevel);
            let risk = if level_text.is_empty() {
                if !row.text(Col::RiskDescription).is_empty() {
                    problems.push(row.problem(
                        Col::RiskLevel,
                        Kind::Required {
                            field: sheet.field(Col::RiskLevel),
                        },
                        "the risk has a description but no level (高, 中 or 低)".to_owned(),
                    ));
                }
                None
            } else {
                match labels::risk_level(&level_text) {
                    Some(level) => Some(Risk {
                        level,
                        description: row.text(Col::RiskDescription),
                        controls: decode_list(row.raw(Col::RiskControls)),
                        responsible: row.opt(Col::RiskResponsible),
                    }),
                    None => {
                        problems.push(row.unknown(
                            Col::RiskLevel,
                            &level_text,
                            "高、中或低",
                            format!(
                                "unknown risk level `{}`; expected 高, 中 or 低",
                                shown(&level_text)
                            ),
                        ));
                        None
                    }
                }
            };
            let supervision_point = yes_no(row.raw(Col::SupervisionPoint)).unwrap_or_else(|| {
                problems.push(row.problem(
                    Col::SupervisionPoint,
                    Kind::NotYesNo {
                        value: shown(&row.text(Col::SupervisionPoint)),
                    },
                    "expected 是 or 否".to_owned(),
                ));
                false
            });
            charts.entry(i).or_default().0.push(Node {
                id,
                label: row.text(Col::NodeLabel),
                kind,
                role: row.opt(Col::NodeRole),
                time_limit,
                materials: decode_list(row.raw(Col::Materials)),
                outputs: decode_list(row.raw(Col::Outputs)),
                legal_ref: row.opt(Col::LegalRef),
                risk,
                supervision_point,
            });
        }
    }
    if let Some(sheet) = edges {
        for (index, cells) in sheet.rows() {
            let row = Row {
                sheet,
                index,
                cells,
            };
            let Some(i) = lookup.find(&row, problems) else {
                continue;
            };
            first_row.entry(i).or_default().edges.push((
                row.text(Col::From),
                row.text(Col::To),
                row.number(),
            ));
            let kind_text = row.text(Col::EdgeKind);
            let kind = labels::edge_kind(&kind_text).unwrap_or_else(|| {
                problems.push(row.unknown(
                    Col::EdgeKind,
                    &kind_text,
                    "正常、分支、退回或终止",
                    format!(
                        "unknown transition type `{}`; expected 正常, 分支, 退回 or 终止",
                        shown(&kind_text)
                    ),
                ));
                crate::flowchart::EdgeKind::Normal
            });
            charts.entry(i).or_default().1.push(Edge {
                from: row.text(Col::From),
                to: row.text(Col::To),
                condition: row.opt(Col::Condition),
                kind,
            });
        }
    }
    for (i, draft) in drafts.iter().enumerate() {
        let graph = charts.remove(&i);
        if graph.is_none() && draft.chart.is_empty() {
            continue;
        }
        let (nodes, edges) = graph.unwrap_or_default();
        items[i].flowchart = Some(Flowchart {
            title: draft.chart.title.clone(),
            procedure: draft.chart.procedure.clone(),
            nodes,
            edges,
            supervision: (!draft.chart.channels.is_empty()).then(|| ChartSupervision {
                channels: draft.chart.channels.clone(),
            }),
            note: draft.chart.note.clone(),
        });
    }
    first_row
}

/// The rows a discretion standard was read from.
#[derive(Default)]
struct StandardRows {
    first: usize,
    ranges: Vec<usize>,
    tiers: Vec<usize>,
}

impl StandardRows {
    /// The row of the range or tier a validation path such as
    /// `tiers[2].fine.min` names; the standard's first row otherwise.
    fn of_path(&self, path: &str) -> usize {
        let index = |prefix: &str| {
            path.strip_prefix(prefix)
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
        };
        index("tiers[")
            .and_then(|i| self.tiers.get(i))
            .or_else(|| index("statutory_ranges[").and_then(|i| self.ranges.get(i)))
            .copied()
            .unwrap_or(self.first)
    }
}

/// Reads the discretion table; returns per item the rows it came from.
fn read_discretion(
    sheet: &Sheet,
    items: &mut [Item],
    lookup: &Lookup,
    problems: &mut Vec<SheetProblem>,
    warnings: &mut Vec<SheetProblem>,
) -> HashMap<usize, StandardRows> {
    let mut rows: HashMap<usize, StandardRows> = HashMap::new();
    let mut standards: Vec<(usize, Discretion)> = Vec::new();
    let mut position_of: HashMap<usize, usize> = HashMap::new();
    for (index, cells) in sheet.rows() {
        let row = Row {
            sheet,
            index,
            cells,
        };
        let Some(i) = lookup.find(&row, problems) else {
            continue;
        };
        let standard_rows = rows.entry(i).or_insert_with(|| StandardRows {
            first: row.number(),
            ..StandardRows::default()
        });
        let position = match position_of.get(&i) {
            Some(&p) => p,
            None => {
                let violation = row.text(Col::Violation);
                if violation.is_empty() {
                    warnings.push(row.problem(
                        Col::Violation,
                        Kind::Blank {
                            field: sheet.field(Col::Violation),
                        },
                        "the discretion standard names no violation".to_owned(),
                    ));
                }
                standards.push((
                    i,
                    Discretion {
                        basis_doc: row.opt(Col::BasisDoc),
                        violation,
                        statutory_penalty: row.opt(Col::StatutoryPenalty),
                        source_url: row.opt(Col::SourceUrl),
                        statutory_ranges: Vec::new(),
                        tiers: Vec::new(),
                    },
                ));
                position_of.insert(i, standards.len() - 1);
                standards.len() - 1
            }
        };
        let kind = row.text(Col::RowKind);
        let level_text = row.text(Col::TierLevel);
        let is_tier = kind == ROW_TIER || (kind.is_empty() && !level_text.is_empty());
        let is_range =
            kind == ROW_RANGE || (kind.is_empty() && !row.text(Col::Range).is_empty() && !is_tier);
        let structured = decode_conditions(row.raw(Col::StructuredConditions))
            .map_err(|message| {
                problems.push(row.problem(
                    Col::StructuredConditions,
                    Kind::InvalidJson {
                        field: sheet.field(Col::StructuredConditions),
                    },
                    message,
                ))
            })
            .unwrap_or_default();
        let fine = fine(&row, problems);
        let discretion = &mut standards[position].1;
        if is_tier {
            let Some(level) = labels::tier_level(&level_text) else {
                problems.push(row.unknown(
                    Col::TierLevel,
                    &level_text,
                    "不予处罚、减轻处罚、从轻处罚、一般处罚或从重处罚",
                    format!(
                        "unknown tier `{}`; expected 不予处罚, 减轻处罚, 从轻处罚, 一般处罚 or 从重处罚",
                        shown(&level_text)
                    ),
                ));
                continue;
            };
            standard_rows.tiers.push(row.number());
            discretion.tiers.push(Tier {
                tier: level,
                name: row.opt(Col::TierName),
                statutory_range: row.opt(Col::Range),
                conditions: decode_list(row.raw(Col::Conditions)),
                structured_conditions: structured,
                penalty_types: decode_list(row.raw(Col::PenaltyTypes)),
                fine,
            });
        } else if is_range {
            let name = row.text(Col::Range);
            if name.is_empty() {
                warnings.push(row.problem(
                    Col::Range,
                    Kind::Blank {
                        field: sheet.field(Col::Range),
                    },
                    "the statutory range has no name".to_owned(),
                ));
            }
            match fine {
                Some(fine) => {
                    standard_rows.ranges.push(row.number());
                    discretion.statutory_ranges.push(StatutoryRange {
                        name,
                        structured_conditions: structured,
                        fine,
                    });
                }
                None => problems.push(row.problem(
                    Col::FineKind,
                    Kind::RangeWithoutFine,
                    "the statutory range sets no fine (罚款方式 is empty)".to_owned(),
                )),
            }
        } else if kind != ROW_STANDARD && !kind.is_empty() {
            problems.push(row.unknown(
                Col::RowKind,
                &kind,
                "法定幅度、裁量阶次或基准",
                format!(
                    "unknown row type `{}`; expected {ROW_RANGE}, {ROW_TIER} or {ROW_STANDARD}",
                    shown(&kind)
                ),
            ));
        }
    }
    for (i, discretion) in standards {
        items[i].discretion = Some(discretion);
    }
    rows
}

/// The item each row names, as (code, name), by (sheet, row number): the
/// item read from an item row (or the row's own cells when it made none),
/// and the item a row of another table is tied to.
fn item_of_rows(
    sheets: &[Sheet],
    drafts: &[Draft],
    items: &[Item],
) -> HashMap<(String, usize), (String, String)> {
    let mut named = HashMap::new();
    for draft in drafts {
        let sheet = &sheets[draft.sheet];
        named.insert(
            (sheet.grid.name.clone(), sheet.row_number(draft.index)),
            (draft.item.item_code.clone(), draft.item.name.clone()),
        );
    }
    let by_code: HashMap<&str, &str> = items
        .iter()
        .filter(|i| !i.item_code.is_empty())
        .map(|i| (i.item_code.as_str(), i.name.as_str()))
        .collect();
    let by_id: HashMap<String, (&str, &str)> = items
        .iter()
        .map(|i| {
            (
                i.item_id.to_string(),
                (i.item_code.as_str(), i.name.as_str()),
            )
        })
        .collect();
    for sheet in sheets {
        for (index, cells) in sheet.rows() {
            let key = (sheet.grid.name.clone(), sheet.row_number(index));
            if named.contains_key(&key) {
                continue;
            }
            let row = Row {
                sheet,
                index,
                cells,
            };
            let code = row.code(Col::Code);
            let id = row.code(Col::ItemId);
            let mut name = row.text(Col::Name);
            if name.is_empty() {
                name = row
                    .opt(Col::SubName)
                    .or_else(|| row.opt(Col::MainName))
                    .unwrap_or_default();
            }
            let (code, name) = match (by_code.get(code.as_str()), by_id.get(&id)) {
                (Some(found), _) if name.is_empty() => (code, (*found).to_owned()),
                (None, Some((c, n))) if code.is_empty() => ((*c).to_owned(), (*n).to_owned()),
                _ => (code, name),
            };
            if !code.is_empty() || !name.is_empty() {
                named.insert(key, (code, name));
            }
        }
    }
    named
}

/// Builds the preview from the sheets of a file.
pub(crate) fn build(
    format: SheetFormat,
    encoding: Option<TextEncoding>,
    grids: Vec<Grid>,
) -> Result<SheetImport, SheetError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut searched = Vec::new();
    for grid in grids {
        let named = Table::by_name(&grid.name);
        let mut table = named.unwrap_or(Table::Items);
        let mut found = find_header(&grid, table);
        let mut told_by_headers = false;
        if named.is_none()
            && let Some(discretion) = find_header(&grid, Table::Discretion)
            && DISCRETION_SIGNS
                .iter()
                .filter(|c| discretion.found.contains(c))
                .count()
                >= 2
            && found
                .as_ref()
                .is_none_or(|items| !items.found.contains(&Col::Category))
        {
            table = Table::Discretion;
            found = Some(discretion);
            told_by_headers = true;
        }
        match found {
            Some(header) => {
                let mut grid = grid;
                if let Some(combined) = header.combined {
                    warnings.push(SheetProblem {
                        sheet: grid.name.clone(),
                        row: Some(grid.first_row + header.row),
                        column: None,
                        header: None,
                        item: None,
                        kind: Kind::TwoRowHeader {
                            top: grid.first_row + header.row,
                        },
                        message: "the header over two rows was read as one".to_owned(),
                    });
                    grid.rows[header.row] = combined;
                }
                let mut sheet = open_sheet(grid, table, header.row, &mut warnings);
                if told_by_headers {
                    warnings.push(sheet.sheet_problem(
                        Kind::DiscretionSheet,
                        "the sheet was read as the 裁量基准 table by its headers".to_owned(),
                    ));
                }
                if matches!(table, Table::Items | Table::Discretion) {
                    mark_notes(&mut sheet, &mut warnings);
                }
                if format == SheetFormat::Csv {
                    fill_from_above(&mut sheet, &mut warnings);
                }
                check_cells(&mut sheet, &mut problems);
                sheets.push(sheet);
            }
            None => {
                let first: String = grid
                    .rows
                    .iter()
                    .flat_map(|r| r.iter())
                    .map(|c| clean(c))
                    .find(|c| !c.is_empty())
                    .map(|c| shown(&c))
                    .unwrap_or_default();
                searched.push(format!("`{}` (starts with `{first}`)", grid.name));
                if named.is_some() || grid.rows.iter().flatten().any(|c| !c.trim().is_empty()) {
                    warnings.push(SheetProblem {
                        sheet: grid.name.clone(),
                        row: None,
                        column: None,
                        header: None,
                        item: None,
                        kind: Kind::SheetSkipped {
                            table: table.title().to_owned(),
                        },
                        message: format!(
                            "no header row of the {} table in the first {HEADER_SEARCH_ROWS} rows; the sheet was skipped",
                            table.title()
                        ),
                    });
                }
            }
        }
    }
    let item_sheets: Vec<usize> = sheets
        .iter()
        .enumerate()
        .filter(|(_, s)| s.table == Table::Items)
        .map(|(i, _)| i)
        .collect();
    if item_sheets.is_empty() {
        return Err(SheetError::NoHeader {
            sheets: searched.join(", "),
        });
    }

    let mut drafts = Vec::new();
    for &s in &item_sheets {
        let sheet = &sheets[s];
        for missing in [Col::Category, Col::Code] {
            if !sheet.has(missing) {
                let message = match missing {
                    Col::Category => {
                        "the sheet has no 权力类型 column; every item needs a category"
                    }
                    _ => "the sheet has no 事项编码 column; items get derived ids and no codes",
                };
                let kind = Kind::MissingColumn {
                    field: missing.label().to_owned(),
                };
                if missing == Col::Category {
                    problems.push(sheet.sheet_problem(kind, message.to_owned()));
                } else {
                    warnings.push(sheet.sheet_problem(kind, message.to_owned()));
                }
            }
        }
        if !sheet.has(Col::Body)
            && let Some(body) = sheet.title.as_deref().and_then(body_from_title)
        {
            warnings.push(sheet.sheet_problem(
                Kind::BodyFromTitle { body: body.clone() },
                format!("the sheet has no 实施主体 column; items take `{body}` from the title"),
            ));
        }
        for (index, cells) in sheet.rows() {
            let row = Row {
                sheet,
                index,
                cells,
            };
            drafts.extend(item_from_row(&row, s, &mut problems));
        }
    }
    link_hierarchy(&mut drafts, &sheets, &mut problems);

    // Duplicate codes and ids, each naming both rows.
    let mut seen_code: HashMap<String, usize> = HashMap::new();
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    for (i, draft) in drafts.iter().enumerate() {
        let sheet = &sheets[draft.sheet];
        let this_row = sheet.row_number(draft.index);
        let code = &draft.item.item_code;
        if !code.is_empty() {
            if let Some(&first) = seen_code.get(code) {
                let other = &drafts[first];
                problems.push(sheet.problem(
                    draft.index,
                    Some(Col::Code),
                    Kind::DuplicateCode {
                        code: code.clone(),
                        first_sheet: sheets[other.sheet].grid.name.clone(),
                        first_row: sheets[other.sheet].row_number(other.index),
                    },
                    format!(
                        "item code `{code}` is used twice: {} row {} and row {this_row}",
                        sheets[other.sheet].grid.name,
                        sheets[other.sheet].row_number(other.index)
                    ),
                ));
                continue;
            }
            seen_code.insert(code.clone(), i);
        }
        let id = draft.item.item_id.to_string();
        if let Some(&first) = seen_id.get(&id) {
            let other = &drafts[first];
            problems.push(sheet.problem(
                draft.index,
                draft.id_given.then_some(Col::ItemId),
                Kind::DuplicateId {
                    id: id.clone(),
                    first_sheet: sheets[other.sheet].grid.name.clone(),
                    first_row: sheets[other.sheet].row_number(other.index),
                },
                format!(
                    "item id `{id}` is used twice: {} row {} and row {this_row}",
                    sheets[other.sheet].grid.name,
                    sheets[other.sheet].row_number(other.index)
                ),
            ));
        } else {
            seen_id.insert(id, i);
        }
    }
    for draft in &drafts {
        if let Some(parent) = &draft.item.parent_code
            && !seen_code.contains_key(parent)
        {
            problems.push(sheets[draft.sheet].problem(
                draft.index,
                Some(Col::ParentCode),
                Kind::MainItemNotInFile {
                    code: parent.clone(),
                },
                format!("main item `{parent}` is not in the file"),
            ));
        }
    }

    let mut items: Vec<Item> = drafts.iter().map(|d| d.item.clone()).collect();
    let lookup = Lookup::new(&items);
    let find = |table: Table| sheets.iter().find(|s| s.table == table);
    if let Some(sheet) = find(Table::Bases) {
        read_bases(sheet, &mut items, &lookup, &mut problems, &mut warnings);
    }
    let chart_rows = if find(Table::Nodes).is_some() || find(Table::Edges).is_some() {
        read_charts(
            find(Table::Nodes),
            find(Table::Edges),
            &drafts,
            &mut items,
            &lookup,
            &mut problems,
            &mut warnings,
        )
    } else {
        if drafts.iter().any(|d| !d.chart.is_empty())
            && let Some(&s) = item_sheets.first()
        {
            warnings.push(sheets[s].sheet_problem(
                Kind::FlowchartColumnsIgnored,
                "the flowchart columns were ignored: the file has no 流程步骤 table".to_owned(),
            ));
        }
        HashMap::new()
    };
    let discretion_rows = match find(Table::Discretion) {
        Some(sheet) => read_discretion(sheet, &mut items, &lookup, &mut problems, &mut warnings),
        None => HashMap::new(),
    };

    // The same checks as the JSON import, located at the rows they concern.
    for (i, item) in items.iter().enumerate() {
        let draft = &drafts[i];
        let item_sheet = &sheets[draft.sheet];
        let at_row = |table: Table, row: Option<usize>| SheetProblem {
            sheet: find(table)
                .map_or_else(|| item_sheet.grid.name.clone(), |s| s.grid.name.clone()),
            row: Some(row.unwrap_or_else(|| item_sheet.row_number(draft.index))),
            column: None,
            header: None,
            item: None,
            kind: Kind::FlowchartColumnsIgnored,
            message: String::new(),
        };
        let label = if item.item_code.is_empty() {
            item.name.clone()
        } else {
            item.item_code.clone()
        };
        if let Some(chart) = &item.flowchart {
            for error in chart.validate() {
                let (table, row) = match chart_rows.get(&i).and_then(|rows| rows.of(&error)) {
                    Some((table, row)) => (table, Some(row)),
                    None => (Table::Items, None),
                };
                problems.push(SheetProblem {
                    kind: Kind::Flowchart {
                        detail: error.to_string(),
                    },
                    message: format!("flowchart of `{label}`: {error}"),
                    ..at_row(table, row)
                });
            }
        }
        if let Some(discretion) = &item.discretion {
            for found in discretion.validate() {
                problems.push(SheetProblem {
                    kind: Kind::Discretion {
                        path: found.path.clone(),
                        detail: found.error.to_string(),
                    },
                    message: format!("discretion of `{label}`: {}: {}", found.path, found.error),
                    ..at_row(
                        Table::Discretion,
                        discretion_rows
                            .get(&i)
                            .map(|rows| rows.of_path(&found.path)),
                    )
                });
            }
        }
    }

    let version_info = find(Table::Version)
        .map(|sheet| {
            sheet
                .rows()
                .map(|(index, cells)| {
                    let row = Row {
                        sheet,
                        index,
                        cells,
                    };
                    (row.text(Col::Field), row.text(Col::Value))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut tables = BTreeSet::from([SheetTable::Items]);
    for (table, carried) in [
        (Table::Bases, SheetTable::LegalBasis),
        (Table::Nodes, SheetTable::FlowchartNodes),
        (Table::Edges, SheetTable::FlowchartEdges),
        (Table::Discretion, SheetTable::Discretion),
    ] {
        if find(table).is_some() {
            tables.insert(carried);
        }
    }
    let layouts: Vec<BTreeSet<Col>> = item_sheets
        .iter()
        .map(|&s| sheets[s].index.keys().copied().collect())
        .collect();
    let layout_of: HashMap<String, usize> = drafts
        .iter()
        .filter(|d| !d.item.item_code.is_empty())
        .filter_map(|d| {
            let layout = item_sheets.iter().position(|&s| s == d.sheet)?;
            Some((d.item.item_code.clone(), layout))
        })
        .collect();
    let coverage = Coverage::of_sheets(tables, layouts, layout_of);

    let rows_items = item_of_rows(&sheets, &drafts, &items);
    for problem in problems.iter_mut().chain(warnings.iter_mut()) {
        if problem.item.is_none()
            && let Some(row) = problem.row
        {
            problem.item = rows_items.get(&(problem.sheet.clone(), row)).cloned();
        }
    }

    let n_sub_items = items.iter().filter(|i| i.is_sub_item()).count();
    Ok(SheetImport {
        format,
        encoding,
        coverage,
        sheets: sheets.iter().map(Sheet::summary).collect(),
        n_main_items: items.len() - n_sub_items,
        n_sub_items,
        items,
        version_info,
        problems,
        warnings,
    })
}
