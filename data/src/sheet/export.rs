//! Writing a department's list as XLSX, CSV and a zip of CSV files.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Write};

use super::SheetError;
use super::codec::{
    encode_bases, encode_bool, encode_conditions, encode_duration, encode_list,
    encode_noted_duration, encode_responsibilities, encode_time_limits, labels,
};
use super::tables::{
    Col, LIST_ACCOUNTABILITY, LIST_BASIS, ROW_RANGE, ROW_STANDARD, ROW_TIER, Table,
};
use crate::discretion::Fine;
use crate::interchange::DepartmentList;
use crate::item::{BasisRole, Item, LegalBasis};

/// One row: each column's text.
type Row = Vec<(Col, String)>;

/// The cells of every table, header row first.
pub(crate) fn tables(list: &DepartmentList) -> Vec<(Table, Vec<Vec<String>>)> {
    Table::ALL
        .into_iter()
        .map(|table| {
            let rows = match table {
                Table::Items => item_rows(&list.items),
                Table::Bases => basis_rows(&list.items),
                Table::Nodes => node_rows(&list.items),
                Table::Edges => edge_rows(&list.items),
                Table::Discretion => discretion_rows(&list.items),
                Table::Version => version_rows(list),
            };
            (table, layout(table, rows))
        })
        .collect()
}

/// Puts each row's cells under the table's headers.
fn layout(table: Table, rows: Vec<Row>) -> Vec<Vec<String>> {
    let columns: Vec<Col> = table
        .columns()
        .iter()
        .filter(|(_, names)| names.first().is_some_and(|n| !n.is_empty()))
        .map(|(col, _)| *col)
        .collect();
    let mut out = vec![table.headers().iter().map(|h| (*h).to_owned()).collect()];
    for row in rows {
        let mut cells: HashMap<Col, String> = row.into_iter().collect();
        out.push(
            columns
                .iter()
                .map(|col| cells.remove(col).unwrap_or_default())
                .collect(),
        );
    }
    out
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// 序号 of each item: `3` for a main item, `3-1` for its first sub-item.
///
/// A sub-item is numbered `3-1` only when reading that number back gives
/// its names as they are (see `import::link_hierarchy`): a sub-item without
/// 主项名称 or 子项名称, or whose name repeats the main item's while its
/// 子项名称 differs, is numbered like a main item; 上级事项编码 still ties it
/// to its main item.
fn sequence_numbers(items: &[Item]) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::with_capacity(items.len());
    let mut main_number: HashMap<&str, (usize, usize, &str)> = HashMap::new();
    let mut n_main = 0;
    for item in items {
        let parent = item
            .parent_code
            .as_deref()
            .and_then(|code| main_number.get_mut(code))
            .filter(|(_, _, main_name)| reads_as_sub_item(item, main_name));
        match parent {
            Some((number, n_subs, _)) => {
                *n_subs += 1;
                numbers.push(format!("{number}-{n_subs}"));
            }
            None => {
                n_main += 1;
                numbers.push(n_main.to_string());
                if item.parent_code.is_none() {
                    main_number.insert(item.item_code.as_str(), (n_main, 0, item.name.as_str()));
                }
            }
        }
    }
    numbers
}

/// Whether a sub-item's names read back unchanged under a `3-1` number,
/// its main item being named `main_name`.
fn reads_as_sub_item(item: &Item, main_name: &str) -> bool {
    item.main_item_name.is_some()
        && item
            .sub_item_name
            .as_deref()
            .is_some_and(|sub| item.name != main_name || sub == item.name)
}

fn item_rows(items: &[Item]) -> Vec<Row> {
    items
        .iter()
        .zip(sequence_numbers(items))
        .map(|(item, seq)| item_row(item, seq))
        .collect()
}

/// The 事项 row of one item, as [`to_xlsx`] writes it.
fn item_row(item: &Item, seq: String) -> Row {
    let chart = item.flowchart.as_ref();
    let delegation = item.delegation.as_ref();
    vec![
        (Col::Seq, seq),
        (Col::ItemId, item.item_id.to_string()),
        (Col::Code, item.item_code.clone()),
        (Col::CatalogCode, opt(&item.catalog_code)),
        (Col::Name, item.name.clone()),
        (Col::MainName, opt(&item.main_item_name)),
        (Col::SubName, opt(&item.sub_item_name)),
        (Col::ParentCode, opt(&item.parent_code)),
        (Col::HasSubItems, encode_bool(item.has_sub_items)),
        (Col::Category, item.category.name().to_owned()),
        (Col::Body, item.implementing_body.clone()),
        (Col::Unit, opt(&item.undertaking_unit)),
        (Col::Level, opt(&item.implementing_level)),
        (Col::Target, opt(&item.target)),
        (Col::Basis, encode_bases(&item.legal_basis)),
        (
            Col::Responsibilities,
            encode_responsibilities(&item.responsibilities),
        ),
        (
            Col::Situations,
            encode_list(&item.accountability.situations),
        ),
        (
            Col::AccountabilityBasis,
            encode_bases(&item.accountability.basis),
        ),
        (
            Col::Statutory,
            encode_noted_duration(item.time_limit.statutory, item.time_limit.note.as_deref()),
        ),
        (Col::Promised, encode_duration(item.time_limit.promised)),
        (Col::FeeCharged, encode_bool(item.fee.charged)),
        (Col::FeeBasis, opt(&item.fee.basis)),
        (Col::FeeStandard, opt(&item.fee.standard)),
        (Col::Phone, opt(&item.supervision.phone)),
        (Col::Complaint, opt(&item.supervision.complaint)),
        (Col::Relief, encode_list(&item.relief)),
        (Col::Remark, opt(&item.remark)),
        (Col::Status, item.status.label().to_owned()),
        (Col::SubItemsNote, opt(&item.sub_items_note)),
        (
            Col::DelegationMode,
            delegation.map(|d| d.mode.clone()).unwrap_or_default(),
        ),
        (
            Col::DelegationFrom,
            delegation.map(|d| opt(&d.from)).unwrap_or_default(),
        ),
        (
            Col::DelegationTo,
            delegation.map(|d| d.to.clone()).unwrap_or_default(),
        ),
        (
            Col::DelegationDuties,
            delegation
                .map(|d| encode_list(&d.retained_duties))
                .unwrap_or_default(),
        ),
        (
            Col::DelegationDate,
            delegation
                .and_then(|d| d.effective_date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        (
            Col::ChartTitle,
            chart.map(|c| opt(&c.title)).unwrap_or_default(),
        ),
        (
            Col::ChartProcedure,
            chart.map(|c| opt(&c.procedure)).unwrap_or_default(),
        ),
        (
            Col::ChartChannels,
            chart
                .and_then(|c| c.supervision.as_ref())
                .map(|s| encode_list(&s.channels))
                .unwrap_or_default(),
        ),
        (
            Col::ChartNote,
            chart.map(|c| opt(&c.note)).unwrap_or_default(),
        ),
    ]
}

/// The cells of `item`'s row in a 事项 table with `columns`: the cells
/// [`to_xlsx`] writes, and for the office columns it does not write
/// (设定依据, 实施依据, 办理时限) what they would say. Reading them back tells
/// what a file with those columns says about `item` (see
/// [`super::Coverage::merge`]).
pub(crate) fn item_cells(item: &Item, columns: &BTreeSet<Col>) -> HashMap<Col, String> {
    let mut cells: HashMap<Col, String> = item_row(item, "1".to_owned())
        .into_iter()
        .filter(|(col, _)| columns.contains(col))
        .collect();
    cells.extend(basis_cells(&item.legal_basis, columns));
    if columns.contains(&Col::TimeLimit) {
        // Read only when the 法定期限 and 承诺期限 cells say nothing.
        let own = |col: Col| columns.contains(&col);
        let limits = &item.time_limit;
        cells.insert(
            Col::TimeLimit,
            encode_time_limits(
                limits.statutory.filter(|_| !own(Col::Statutory)),
                limits.promised.filter(|_| !own(Col::Promised)),
                limits.note.as_deref().filter(|_| !own(Col::Statutory)),
            ),
        );
    }
    cells
}

/// The legal-basis cells of a 事项 table with `columns`: each basis under
/// the column of its role (设定依据, 实施依据) when the table has one, else
/// under 法律依据, each led by its role.
pub(crate) fn basis_cells(bases: &[LegalBasis], columns: &BTreeSet<Col>) -> Vec<(Col, String)> {
    let has = |col: Col| columns.contains(&col);
    let mut by_column: Vec<(Col, Vec<LegalBasis>)> =
        [Col::Basis, Col::CreatingBasis, Col::ImplementingBasis]
            .into_iter()
            .filter(|col| has(*col))
            .map(|col| (col, Vec::new()))
            .collect();
    for basis in bases {
        let own = match basis.role {
            BasisRole::Creating => Some(Col::CreatingBasis),
            BasisRole::Implementing => Some(Col::ImplementingBasis),
            BasisRole::Accountability => None,
        };
        let column = own
            .filter(|col| has(*col))
            .or_else(|| by_column.first().map(|(col, _)| *col));
        if let Some(entry) = by_column.iter_mut().find(|(col, _)| Some(*col) == column) {
            entry.1.push(basis.clone());
        }
    }
    by_column
        .into_iter()
        .map(|(col, bases)| (col, encode_bases(&bases)))
        .collect()
}

/// The key columns that tie a row of another table to its item.
fn key(item: &Item) -> Row {
    vec![
        (Col::Code, item.item_code.clone()),
        (Col::ItemId, item.item_id.to_string()),
    ]
}

fn basis_rows(items: &[Item]) -> Vec<Row> {
    let row = |item: &Item, list: &str, basis: &LegalBasis| {
        let mut row = key(item);
        row.extend([
            (Col::BasisList, list.to_owned()),
            (Col::Law, basis.law.clone()),
            (Col::Article, opt(&basis.article)),
            (Col::LawLevel, basis.level.label().to_owned()),
            (Col::Role, basis.role.label().to_owned()),
            (Col::Verified, encode_bool(basis.verified)),
            (
                Col::EffectiveDate,
                basis
                    .effective_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            (Col::Note, opt(&basis.note)),
        ]);
        row
    };
    items
        .iter()
        .flat_map(|item| {
            let own = item
                .legal_basis
                .iter()
                .map(move |b| row(item, LIST_BASIS, b));
            let accountability = item
                .accountability
                .basis
                .iter()
                .map(move |b| row(item, LIST_ACCOUNTABILITY, b));
            own.chain(accountability)
        })
        .collect()
}

fn node_rows(items: &[Item]) -> Vec<Row> {
    let mut rows = Vec::new();
    for item in items {
        let Some(chart) = &item.flowchart else {
            continue;
        };
        for node in &chart.nodes {
            let risk = node.risk.as_ref();
            let mut row = key(item);
            row.extend([
                (Col::NodeId, node.id.clone()),
                (Col::NodeLabel, node.label.clone()),
                (Col::NodeKind, labels::node_kind_label(node.kind).to_owned()),
                (Col::NodeRole, opt(&node.role)),
                (Col::NodeTime, encode_duration(node.time_limit)),
                (Col::Materials, encode_list(&node.materials)),
                (Col::Outputs, encode_list(&node.outputs)),
                (Col::LegalRef, opt(&node.legal_ref)),
                (
                    Col::RiskLevel,
                    risk.map(|r| labels::risk_level_label(r.level).to_owned())
                        .unwrap_or_default(),
                ),
                (
                    Col::RiskDescription,
                    risk.map(|r| r.description.clone()).unwrap_or_default(),
                ),
                (
                    Col::RiskControls,
                    risk.map(|r| encode_list(&r.controls)).unwrap_or_default(),
                ),
                (
                    Col::RiskResponsible,
                    risk.map(|r| opt(&r.responsible)).unwrap_or_default(),
                ),
                (Col::SupervisionPoint, encode_bool(node.supervision_point)),
            ]);
            rows.push(row);
        }
    }
    rows
}

fn edge_rows(items: &[Item]) -> Vec<Row> {
    let mut rows = Vec::new();
    for item in items {
        let Some(chart) = &item.flowchart else {
            continue;
        };
        for edge in &chart.edges {
            let mut row = key(item);
            row.extend([
                (Col::From, edge.from.clone()),
                (Col::To, edge.to.clone()),
                (Col::Condition, opt(&edge.condition)),
                (Col::EdgeKind, labels::edge_kind_label(edge.kind).to_owned()),
            ]);
            rows.push(row);
        }
    }
    rows
}

/// The fine columns; all blank for no fine.
fn fine_cells(fine: Option<&Fine>) -> Row {
    let Some(fine) = fine else {
        return Vec::new();
    };
    let amount =
        |a: Option<crate::discretion::Amount>| a.map(|a| a.to_string()).unwrap_or_default();
    vec![
        (Col::FineKind, labels::fine_kind_label(fine.kind).to_owned()),
        (Col::FineBase, opt(&fine.base)),
        (
            Col::FineUnit,
            fine.unit
                .map(|u| labels::fine_unit_label(u).to_owned())
                .unwrap_or_default(),
        ),
        (Col::FineMin, amount(fine.min)),
        (Col::FineMax, amount(fine.max)),
        (Col::FineNote, opt(&fine.note)),
        (
            Col::FineAlt,
            fine.alt
                .as_ref()
                .map(|alt| serde_json::to_string(alt).unwrap_or_default())
                .unwrap_or_default(),
        ),
    ]
}

fn discretion_rows(items: &[Item]) -> Vec<Row> {
    let mut rows = Vec::new();
    for item in items {
        let Some(discretion) = &item.discretion else {
            continue;
        };
        let standard = || {
            let mut row = key(item);
            row.extend([
                (Col::Violation, discretion.violation.clone()),
                (Col::BasisDoc, opt(&discretion.basis_doc)),
                (Col::StatutoryPenalty, opt(&discretion.statutory_penalty)),
                (Col::SourceUrl, opt(&discretion.source_url)),
            ]);
            row
        };
        for range in &discretion.statutory_ranges {
            let mut row = standard();
            row.extend([
                (Col::RowKind, ROW_RANGE.to_owned()),
                (Col::Range, range.name.clone()),
                (
                    Col::StructuredConditions,
                    encode_conditions(&range.structured_conditions),
                ),
            ]);
            row.extend(fine_cells(Some(&range.fine)));
            rows.push(row);
        }
        for tier in &discretion.tiers {
            let mut row = standard();
            row.extend([
                (Col::RowKind, ROW_TIER.to_owned()),
                (Col::Range, opt(&tier.statutory_range)),
                (
                    Col::TierLevel,
                    labels::tier_level_label(tier.tier).to_owned(),
                ),
                (Col::TierName, opt(&tier.name)),
                (Col::Conditions, encode_list(&tier.conditions)),
                (
                    Col::StructuredConditions,
                    encode_conditions(&tier.structured_conditions),
                ),
                (Col::PenaltyTypes, encode_list(&tier.penalty_types)),
            ]);
            row.extend(fine_cells(tier.fine.as_ref()));
            rows.push(row);
        }
        if discretion.statutory_ranges.is_empty() && discretion.tiers.is_empty() {
            let mut row = standard();
            row.push((Col::RowKind, ROW_STANDARD.to_owned()));
            rows.push(row);
        }
    }
    rows
}

fn version_rows(list: &DepartmentList) -> Vec<Row> {
    let version = &list.version;
    [
        ("部门编码", list.department.dept_code.to_string()),
        ("部门名称", list.department.name.clone()),
        ("版本号", version.version_id.to_string()),
        ("版本名称", version.label.clone()),
        ("施行日期", version.effective_date.to_string()),
        ("文号", opt(&version.published_doc_no)),
        ("事项数", list.items.len().to_string()),
    ]
    .into_iter()
    .map(|(field, value)| vec![(Col::Field, field.to_owned()), (Col::Value, value)])
    .collect()
}

/// The order of bundle files when reading: items first, then the rest as written.
pub(crate) fn bundle_rank(name: &str) -> usize {
    Table::by_name(name)
        .and_then(|t| Table::ALL.iter().position(|x| *x == t))
        .unwrap_or(Table::ALL.len())
}

/// Display width of a text's longest line, CJK counting double.
fn display_width(text: &str) -> usize {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
}

/// Writes the list as an Excel workbook: one sheet per table, Chinese
/// headers, frozen header row, wrapped text.
pub fn to_xlsx(list: &DepartmentList) -> Result<Vec<u8>, SheetError> {
    let sheets: Vec<(&str, Vec<Vec<String>>)> = tables(list)
        .into_iter()
        .map(|(table, rows)| (table.title(), rows))
        .collect();
    write_workbook(&sheets)
}

/// Writes named sheets of cells (header row first) as an Excel workbook:
/// bold shaded header, frozen header row, wrapped text, widths that fit.
pub(crate) fn write_workbook(sheets: &[(&str, Vec<Vec<String>>)]) -> Result<Vec<u8>, SheetError> {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| SheetError::Write(e.to_string());
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let body = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).map_err(failed)?;
        let n_columns = rows.first().map_or(0, Vec::len);
        for (r, row) in rows.iter().enumerate() {
            let format = if r == 0 { &header } else { &body };
            let r = u32::try_from(r).map_err(|_| SheetError::Write("too many rows".into()))?;
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() && r > 0 {
                    continue;
                }
                let c =
                    u16::try_from(c).map_err(|_| SheetError::Write("too many columns".into()))?;
                sheet
                    .write_string_with_format(r, c, cell, format)
                    .map_err(failed)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(failed)?;
        for c in 0..n_columns {
            // Wide enough for the header and typical content, never wider
            // than 60 characters: long text wraps instead.
            let widest = rows
                .iter()
                .take(200)
                .filter_map(|row| row.get(c))
                .map(|cell| display_width(cell))
                .max()
                .unwrap_or(4);
            let width = widest.clamp(6, 60) as f64 + 2.0;
            let c = u16::try_from(c).map_err(|_| SheetError::Write("too many columns".into()))?;
            sheet.set_column_width(c, width).map_err(failed)?;
        }
    }
    workbook.save_to_buffer().map_err(failed)
}

/// A CSV cell Excel will not run as a formula: text that starts with `=`,
/// `+`, `-`, `@` (or with the `'` that protects them) gets a leading `'`,
/// which [`super::csv_text`] takes off again.
pub(crate) fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\'']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One table as UTF-8 CSV with a byte-order mark, so Excel opens it.
fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in rows {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| inert(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

/// The 事项 table alone as UTF-8 CSV with a byte-order mark.
///
/// Flowcharts, discretion and the structured legal bases need their own
/// tables; use [`to_xlsx`] or [`to_csv_bundle`] for a file that reads back
/// whole. Read back, this file's items update existing ones through
/// [`super::Coverage::merge`], which keeps what the file cannot say.
pub fn to_csv(list: &DepartmentList) -> Vec<u8> {
    csv_bytes(&layout(Table::Items, item_rows(&list.items)))
}

/// A zip of one UTF-8 (BOM) CSV per table, with the XLSX's tables and headers.
pub fn to_csv_bundle(list: &DepartmentList) -> Result<Vec<u8>, SheetError> {
    let failed = |e: &dyn std::fmt::Display| SheetError::Write(e.to_string());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (table, rows) in tables(list) {
        zip.start_file(table.file_name(), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(&csv_bytes(&rows)).map_err(|e| failed(&e))?;
    }
    let cursor = zip.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_never_start_a_formula() {
        let cases = [
            "=HYPERLINK(\"x\")",
            "+1",
            "-",
            "@SUM(A1)",
            "'=1",
            "'文本",
            "普通",
        ];
        for cell in cases {
            let written = inert(cell);
            assert!(!written.starts_with(['=', '+', '-', '@']), "case `{cell}`");
            assert_eq!(super::super::csv_text(&written), cell, "case `{cell}`");
        }
    }

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(display_width("事项ab\n短"), 6);
    }
}
