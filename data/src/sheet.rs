//! Spreadsheet import and export: the XLSX and CSV files offices keep their
//! lists in, and the workbook Sunlit hands back.
//!
//! [`read`] recognises a file by its content (XLSX, a zip of our CSV files,
//! or CSV text in UTF-8, UTF-8 with BOM or GBK), finds the header row under
//! any title rows, maps the usual header names (DESIGN.md 1.2 and the names
//! [`to_xlsx`] writes) and turns each row into an [`Item`]. The result is a
//! preview: every problem is collected with its sheet, row and column, and
//! the caller writes nothing while [`SheetImport::problems`] is non-empty.
//!
//! [`to_xlsx`] and [`to_csv_bundle`] write one table per sheet (事项, 法律依据,
//! 流程步骤, 流转条件, 裁量基准, 版本信息) and read back exactly: multi-valued
//! cells use line breaks and `；` the way offices write them, and a numbered or
//! JSON form where that would be ambiguous.
//!
//! "Exactly" assumes what a cell can say: text is trimmed, line breaks are
//! `\n`, and an empty cell is `None` (never `Some("")`); codes and ids are
//! half-width without whitespace; a legal basis names its 效力层级 (a blank
//! one is guessed from the title); an on-the-spot time limit has no count; a
//! flowchart's supervision with no channels, a delegation with neither mode
//! nor recipient, and a flowchart with no steps, edges, title, procedure,
//! channels or note are not written.
//!
//! A file may carry less than a whole list: the 事项 table alone
//! ([`to_csv`]) has no flowcharts or discretion standards and writes legal
//! bases as citations (without level, date, note or check), and an office's
//! list has only the columns it keeps. [`SheetImport::coverage`] says what
//! the file carried, and [`Coverage::merge`] updates an existing item with
//! exactly that, keeping everything else; a cell that reads back as the
//! cell the existing value is written as keeps the existing value. So every
//! export Sunlit offers, read back and merged into the items it was written
//! from, changes nothing, and an edit of a cell changes just that field.
//!
//! Office spreadsheets carry no `item_id`. Unless the sheet has an `事项ID`
//! column, the id is derived from the item code (the code itself when it is
//! a valid id, else a hash of it), or from the implementing body and the row
//! when there is no code. Such ids are provisional: the server maps imported
//! items onto an existing draft by item code, keeping the draft's ids.

use std::fmt;
use std::io::{Cursor, Read};

use serde::Serialize;

use crate::item::Item;

mod codec;
mod comparison;
mod coverage;
mod export;
mod import;
mod tables;

pub use comparison::{ComparisonSheet, comparison_to_xlsx};
pub use coverage::{Coverage, ItemField, SheetTable};
pub use export::{to_csv, to_csv_bundle, to_xlsx};

/// The largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most bytes a zip (XLSX or CSV bundle) may unpack to.
pub const MAX_UNPACKED_BYTES: usize = 200 * 1024 * 1024;
/// The most rows an item sheet may hold.
pub const MAX_ROWS: usize = 50_000;
/// The most rows one of the other tables (法律依据, 流程步骤, 流转条件,
/// 裁量基准) may hold: they have several rows per item.
pub const MAX_DETAIL_ROWS: usize = 1_000_000;
/// The most columns a sheet may use (from its first used column to its
/// last); an item sheet has about 30.
pub const MAX_COLUMNS: usize = 200;
/// The most cells that merged regions may fill in one workbook.
pub const MAX_MERGED_CELLS: usize = 1_000_000;
/// The longest cell accepted, in characters (as in the JSON interchange).
pub const MAX_CELL_CHARS: usize = crate::interchange::MAX_TEXT_CHARS;
/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// The kind of file that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    /// An Excel workbook (`.xlsx`, also as saved by WPS).
    Xlsx,
    /// A zip of one CSV per table, as [`to_csv_bundle`] writes.
    CsvBundle,
    /// One CSV text.
    Csv,
}

/// The character encoding of CSV text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// GBK / GB18030 (Excel's default CSV on Chinese Windows).
    Gb18030,
}

/// One problem or warning, located as Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetProblem {
    /// The sheet, or the file name inside a CSV bundle.
    pub sheet: String,
    /// The 1-based row number, when the problem concerns a row.
    pub row: Option<usize>,
    /// The column letter (`C`), when the problem concerns a cell.
    pub column: Option<String>,
    /// The column's header as written in the sheet.
    pub header: Option<String>,
    /// The item the row describes, as (code, name), when the row names one;
    /// the code is empty when the sheet has none.
    pub item: Option<(String, String)>,
    /// What is wrong, with the values concerned.
    pub kind: SheetProblemKind,
    /// What is wrong, in English (for logs); [`SheetProblem::to_chinese`]
    /// says it to the people who fix the sheet.
    pub message: String,
}

/// What a [`SheetProblem`] is about, with the values it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SheetProblemKind {
    /// A cell that must be filled is blank; `field` is its Chinese name.
    Required {
        /// The field, e.g. `职权名称`.
        field: String,
    },
    /// The sheet has no column for `field`.
    MissingColumn {
        /// The field, e.g. `权力类型`.
        field: String,
    },
    /// A time limit that cannot be read.
    TimeLimitNotUnderstood {
        /// The cell as written.
        value: String,
    },
    /// A category that is none of the known ones.
    UnknownCategory {
        /// The cell as written.
        value: String,
    },
    /// A value outside a closed set (状态, 裁量阶次, 节点类型 …).
    UnknownValue {
        /// What the cell is, e.g. `状态`.
        field: String,
        /// The cell as written.
        value: String,
        /// The values accepted, e.g. `有效、暂停、已取消、已下放`.
        expected: String,
    },
    /// A cell that should say 是 or 否.
    NotYesNo {
        /// The cell as written.
        value: String,
    },
    /// A cell that should hold a number (an amount).
    NotANumber {
        /// The cell as written.
        value: String,
    },
    /// A date that cannot be read.
    InvalidDate {
        /// The cell as written.
        value: String,
    },
    /// An item id that is not a valid id.
    InvalidId {
        /// The cell (or derived id) as written.
        value: String,
    },
    /// A cell in our JSON form that does not parse.
    InvalidJson {
        /// What the cell is.
        field: String,
    },
    /// An item code used by an earlier row.
    DuplicateCode {
        /// The code.
        code: String,
        /// The sheet of the first row with it.
        first_sheet: String,
        /// The first row with it.
        first_row: usize,
    },
    /// An item id used by an earlier row.
    DuplicateId {
        /// The id.
        id: String,
        /// The sheet of the first row with it.
        first_sheet: String,
        /// The first row with it.
        first_row: usize,
    },
    /// A sub-item (by 序号) with no main item above it.
    SubItemWithoutMain {
        /// Its 序号.
        seq: String,
        /// The main item's 序号 it names, when it names one (`5` of `5-1`).
        main: Option<String>,
    },
    /// A sub-item whose main item's code is not in the file.
    MainItemNotInFile {
        /// The main item's code.
        code: String,
    },
    /// A row of another table (法律依据, 裁量基准 …) naming no item of the file.
    NoSuchItem {
        /// The code, id or name the row gives.
        value: String,
    },
    /// A cell over [`MAX_CELL_CHARS`].
    CellTooLong {
        /// Its length in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// A fine with values but no 罚款方式.
    FineWithoutKind {
        /// The column holding a value.
        header: String,
    },
    /// A statutory range row with no fine.
    RangeWithoutFine,
    /// The flowchart fails a check of the JSON import.
    Flowchart {
        /// The check's message.
        detail: String,
    },
    /// The discretion standard fails a check of the JSON import.
    Discretion {
        /// The path concerned, e.g. `tiers[1].fine`.
        path: String,
        /// The check's message.
        detail: String,
    },
    /// A column with an unknown header (a warning).
    UnknownColumn {
        /// The header.
        header: String,
    },
    /// A known office column Sunlit keeps no field for (a warning).
    ColumnNotImported {
        /// The header.
        header: String,
    },
    /// A column meaning the same as an earlier one (a warning).
    DuplicateColumn {
        /// The header.
        header: String,
    },
    /// A sheet without a recognisable header (a warning).
    SheetSkipped {
        /// The table looked for, e.g. `事项`.
        table: String,
    },
    /// Items take their implementing body from the title (a warning).
    BodyFromTitle {
        /// The body.
        body: String,
    },
    /// Flowchart columns without a 流程步骤 table (a warning).
    FlowchartColumnsIgnored,
    /// A blank cell an item may do without (违法行为, 法律名称 …; a warning).
    Blank {
        /// The field.
        field: String,
    },
    /// A notes row (`填表说明：…`, `注：…`) under the table, skipped (a warning).
    NotesRowSkipped {
        /// The start of its text.
        text: String,
    },
    /// Blank cells of a merged-style column taken from the row above (a
    /// warning; one per column).
    FilledFromAbove {
        /// The column's header.
        header: String,
        /// How many cells were filled.
        cells: usize,
    },
    /// A header written over two rows was read as one (a warning).
    TwoRowHeader {
        /// The upper row.
        top: usize,
    },
    /// A sheet read as the discretion table by its headers (a warning).
    DiscretionSheet,
}

impl SheetProblem {
    /// The problem in Chinese, located the way Excel shows it: `第 9 行 K 列
    /// （法定期限）事项 XK-001 餐饮服务许可：时限“二十个半工作日”无法识别，
    /// 请写成“20个工作日”“60日”或“当场办结”`.
    pub fn to_chinese(&self) -> String {
        let mut out = String::new();
        let of_sheet = matches!(
            self.kind,
            SheetProblemKind::DiscretionSheet | SheetProblemKind::SheetSkipped { .. }
        );
        if of_sheet
            || tables::Table::by_name(&self.sheet).is_some_and(|t| t != tables::Table::Items)
        {
            out.push_str(&format!("工作表「{}」", self.sheet));
        }
        match (self.row, &self.column) {
            (Some(row), Some(column)) => out.push_str(&format!("第 {row} 行 {column} 列")),
            (Some(row), None) => out.push_str(&format!("第 {row} 行")),
            (None, Some(column)) => out.push_str(&format!("{column} 列")),
            (None, None) => {
                if out.is_empty() {
                    out.push_str(&format!("工作表「{}」", self.sheet));
                }
            }
        }
        if let Some(header) = &self.header {
            out.push_str(&format!("（{header}）"));
        }
        if let Some((code, name)) = &self.item {
            let label = [code.as_str(), name.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if !label.is_empty() {
                out.push_str(&format!("事项 {label}"));
            }
        }
        out.push('：');
        out.push_str(&self.kind.to_chinese());
        out
    }
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.sheet)?;
        match (&self.column, self.row) {
            (Some(column), Some(row)) => write!(f, "!{column}{row}")?,
            (None, Some(row)) => write!(f, " row {row}")?,
            (Some(column), None) => write!(f, " column {column}")?,
            (None, None) => {}
        }
        if let Some(header) = &self.header {
            write!(f, " ({header})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl SheetProblemKind {
    /// What is wrong, in Chinese, without the location.
    pub fn to_chinese(&self) -> String {
        use SheetProblemKind as K;
        match self {
            K::Required { field } => format!("{field}不能为空"),
            K::MissingColumn { field } => format!("表格没有“{field}”列"),
            K::TimeLimitNotUnderstood { value } => {
                format!("时限“{value}”无法识别，请写成“20个工作日”“60日”或“当场办结”")
            }
            K::UnknownCategory { value } => format!(
                "权力类型“{value}”无法识别，请写成行政许可、行政处罚、行政强制、行政征收、行政裁决、行政确认、行政给付、行政奖励、行政检查、其他行政权力或公共服务"
            ),
            K::UnknownValue {
                field,
                value,
                expected,
            } => format!("{field}“{value}”无法识别，请写成{expected}"),
            K::NotYesNo { value } => format!("“{value}”应写“是”或“否”"),
            K::NotANumber { value } => format!("“{value}”不是数字，请写成如“5000”的金额"),
            K::InvalidDate { value } => {
                format!("日期“{value}”无法识别，请写成如“2024-03-01”")
            }
            K::InvalidId { value } => format!("事项ID“{value}”不可用，只能用字母、数字和“-”“_”"),
            K::InvalidJson { field } => format!("{field}的内容格式有误，请从导出的文件中复制"),
            K::DuplicateCode {
                code,
                first_sheet,
                first_row,
            } => format!("事项编码“{code}”重复，工作表「{first_sheet}」第 {first_row} 行已经用过"),
            K::DuplicateId {
                id,
                first_sheet,
                first_row,
            } => format!("事项ID“{id}”重复，工作表「{first_sheet}」第 {first_row} 行已经用过"),
            K::SubItemWithoutMain {
                seq,
                main: Some(main),
            } => {
                format!("子项“{seq}”上方没有序号为“{main}”的主项")
            }
            K::SubItemWithoutMain { seq, main: None } => {
                format!("子项“{seq}”上方没有主项")
            }
            K::MainItemNotInFile { code } => format!("主项“{code}”不在本文件中"),
            K::NoSuchItem { value } => format!("事项表中没有“{value}”这个事项"),
            K::CellTooLong { chars, limit } => {
                format!("单元格有 {chars} 个字，最多 {limit} 个字")
            }
            K::FineWithoutKind { header } => {
                format!("“{header}”有值，但没有填写罚款方式")
            }
            K::RangeWithoutFine => "法定幅度没有填写罚款方式".to_owned(),
            K::Flowchart { detail } => format!("流程图检查未通过：{detail}"),
            K::Discretion { path, detail } => {
                format!("裁量基准检查未通过（{path}）：{detail}")
            }
            K::UnknownColumn { header } => format!("不认识“{header}”列，已忽略"),
            K::ColumnNotImported { header } => {
                format!("“{header}”列在系统中没有对应字段，未导入")
            }
            K::DuplicateColumn { header } => {
                format!("“{header}”列与前面的列含义相同，已忽略")
            }
            K::SheetSkipped { table } => {
                format!("前 {HEADER_SEARCH_ROWS} 行中没有找到{table}表的表头，已跳过此工作表")
            }
            K::BodyFromTitle { body } => {
                format!("表格没有“实施主体”列，事项的实施主体取自标题：{body}")
            }
            K::FlowchartColumnsIgnored => "文件没有“流程步骤”表，流程图各列未导入".to_owned(),
            K::Blank { field } => format!("{field}为空"),
            K::NotesRowSkipped { text } => format!("表格下方的说明行“{text}”不是事项，已跳过"),
            K::FilledFromAbove { header, cells } => {
                format!("“{header}”列有 {cells} 个空单元格按合并单元格处理，取了上一行的内容")
            }
            K::TwoRowHeader { top } => {
                format!("表头占两行（第 {top} 行和下一行），已合并读取")
            }
            K::DiscretionSheet => "按表头将此工作表读作裁量基准表".to_owned(),
        }
    }
}

/// Where a sheet's table starts and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSummary {
    /// The sheet's name (or the file name inside a bundle).
    pub name: String,
    /// What the sheet was read as: `事项`, `法律依据`, `流程步骤`, `流转条件`,
    /// `裁量基准` or `版本信息`.
    pub table: String,
    /// The 1-based row number of the header row.
    pub header_row: usize,
    /// Non-blank rows under the header.
    pub n_rows: usize,
}

/// The preview of an import: what was found and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetImport {
    /// The kind of file.
    pub format: SheetFormat,
    /// The encoding of CSV text; `None` for XLSX.
    pub encoding: Option<TextEncoding>,
    /// The sheets that were read, in workbook order.
    pub sheets: Vec<SheetSummary>,
    /// What the file carried: its tables and the item fields it has
    /// columns for. Updating existing items, [`Coverage::merge`] takes
    /// those from the file and keeps everything else.
    pub coverage: Coverage,
    /// The items, in sheet order.
    pub items: Vec<Item>,
    /// Items that are not sub-items.
    pub n_main_items: usize,
    /// Sub-items (with a `parent_code`).
    pub n_sub_items: usize,
    /// The 版本信息 sheet as (field, value) pairs, when there is one.
    pub version_info: Vec<(String, String)>,
    /// What must be fixed before the items can be stored.
    pub problems: Vec<SheetProblem>,
    /// What was skipped or guessed; the import may go ahead.
    pub warnings: Vec<SheetProblem>,
}

impl SheetImport {
    /// Whether the items may be stored.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Why a file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Zero bytes or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// Over [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A zip that unpacks to more than [`MAX_UNPACKED_BYTES`].
    #[error("the file `{file_name}` unpacks to {size} bytes; the limit is {limit} bytes")]
    UnpacksTooLarge {
        /// The name it was uploaded under.
        file_name: String,
        /// What its entries add up to.
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// A known non-spreadsheet format (an image, a PDF, a document).
    #[error("the file `{file_name}` is {kind}, not a spreadsheet; save the list as .xlsx or .csv")]
    NotSpreadsheet {
        /// The name it was uploaded under.
        file_name: String,
        /// What it is, e.g. `a PNG image`.
        kind: &'static str,
    },
    /// An Excel 97–2003 workbook.
    #[error(
        "the file `{file_name}` is an Excel 97-2003 workbook (.xls); open it in Excel or WPS and save it as .xlsx"
    )]
    OldExcel {
        /// The name it was uploaded under.
        file_name: String,
    },
    /// A zip archive that cannot be opened (truncated or damaged).
    #[error(
        "the file `{file_name}` is a damaged or truncated zip archive ({detail}); save or download it again"
    )]
    BrokenZip {
        /// The name it was uploaded under.
        file_name: String,
        /// What the zip reader said.
        detail: String,
    },
    /// An XLSX whose workbook cannot be read.
    #[error("the workbook `{file_name}` cannot be read: {detail}")]
    BrokenWorkbook {
        /// The name it was uploaded under.
        file_name: String,
        /// What the reader said.
        detail: String,
    },
    /// A zip that holds neither a workbook nor CSV files.
    #[error(
        "the file `{file_name}` is a zip archive but holds neither an Excel workbook nor CSV files"
    )]
    UnknownZip {
        /// The name it was uploaded under.
        file_name: String,
    },
    /// Binary content that is not CSV text.
    #[error("the file `{file_name}` is binary data, not a spreadsheet or CSV text")]
    Binary {
        /// The name it was uploaded under.
        file_name: String,
    },
    /// CSV that cannot be split into cells.
    #[error("`{sheet}` row {row}: the CSV cannot be read: {detail}")]
    Csv {
        /// The file.
        sheet: String,
        /// The 1-based row.
        row: usize,
        /// What the CSV reader said.
        detail: String,
    },
    /// Over [`MAX_ROWS`] (or [`MAX_DETAIL_ROWS`] for the other tables).
    #[error("sheet `{sheet}` has more than {limit} rows; split the list into several files")]
    TooManyRows {
        /// The sheet.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// A sheet whose used area is larger than [`MAX_ROWS`] (or
    /// [`MAX_DETAIL_ROWS`]) by [`MAX_COLUMNS`]: found at the first cell
    /// outside it, before the area is allocated.
    #[error(
        "工作表「{sheet}」在 {cell} 处超出了上限：一个工作表最多 {rows} 行、{columns} 列；请删去表格外多余的单元格，或把清单分成几个文件"
    )]
    TooBig {
        /// The sheet.
        sheet: String,
        /// The first cell found outside the limits, as `XFD1048576`.
        cell: String,
        /// The row limit of this sheet.
        rows: usize,
        /// The column limit.
        columns: usize,
    },
    /// Merged regions that would fill more than [`MAX_MERGED_CELLS`].
    #[error(
        "工作表「{sheet}」的合并单元格过多：合并区域最多可填 {limit} 个单元格；请取消不必要的合并"
    )]
    TooManyMergedCells {
        /// The sheet where the limit was reached.
        sheet: String,
        /// The limit.
        limit: usize,
    },
    /// No sheet has a recognisable header.
    #[error(
        "no header row found: a header needs 事项名称 (or 权责事项名称, 职权名称, 主项 …) and at least one other known column such as 事项编码 or 权力类型 in the first {HEADER_SEARCH_ROWS} rows; sheets searched: {sheets}"
    )]
    NoHeader {
        /// The sheets searched, with what their first row says.
        sheets: String,
    },
    /// The XLSX writer failed (a cell over Excel's 32,767 characters).
    #[error("cannot write the workbook: {0}")]
    Write(String),
}

/// One sheet's cells as text, with where it sits in the sheet.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The sheet's name or the file's name.
    pub name: String,
    /// Cells, row by row, from the sheet's first used row.
    pub rows: Vec<Vec<String>>,
    /// 0-based index of `rows[0]` in the sheet.
    pub first_row: usize,
    /// 0-based index of the first column of each row.
    pub first_column: usize,
}

/// The column letter of a 0-based column index: `A`, `Z`, `AA`.
pub(crate) fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Reads a spreadsheet; see the module docs.
///
/// `file_name` is used in messages only; the format is told by content.
pub fn read(bytes: &[u8], file_name: &str) -> Result<SheetImport, SheetError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(SheetError::Empty);
    }
    let (format, encoding, grids) = open(bytes, file_name)?;
    for grid in &grids {
        let limit = row_limit(&grid.name);
        if grid.rows.len() > limit {
            return Err(SheetError::TooManyRows {
                sheet: grid.name.clone(),
                limit,
            });
        }
    }
    import::build(format, encoding, grids)
}

/// Tells the format and reads every sheet into a grid.
fn open(
    bytes: &[u8],
    file_name: &str,
) -> Result<(SheetFormat, Option<TextEncoding>, Vec<Grid>), SheetError> {
    let name = || file_name.to_owned();
    let known: [(&[u8], &'static str); 9] = [
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BM", "a BMP image"),
        (b"{\\rtf", "an RTF document"),
    ];
    if let Some((_, kind)) = known.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(SheetError::NotSpreadsheet {
            file_name: name(),
            kind,
        });
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(SheetError::OldExcel { file_name: name() });
    }
    // Local file header, or the end record of an empty archive.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return open_zip(bytes, file_name);
    }
    let (text, encoding) = decode_text(bytes);
    if text.contains('\0') {
        return Err(SheetError::Binary { file_name: name() });
    }
    let grid = csv_grid(&text, file_name)?;
    Ok((SheetFormat::Csv, Some(encoding), vec![grid]))
}

/// The row limit of a sheet: [`MAX_DETAIL_ROWS`] for the tables that hold
/// several rows per item, [`MAX_ROWS`] for item sheets.
fn row_limit(sheet: &str) -> usize {
    match tables::Table::by_name(sheet) {
        Some(tables::Table::Items) | None => MAX_ROWS,
        Some(_) => MAX_DETAIL_ROWS,
    }
}

/// UTF-8 (with or without BOM) when valid, else GB18030.
fn decode_text(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            TextEncoding::Utf8Bom,
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), TextEncoding::Utf8),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), TextEncoding::Gb18030)
        }
    }
}

/// Splits CSV text into cells; comma or tab, whichever the first lines use.
fn csv_grid(text: &str, name: &str) -> Result<Grid, SheetError> {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let delimiter = if count('\t') > count(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| SheetError::Csv {
            sheet: name.to_owned(),
            row: e.position().map_or(rows.len() + 1, |p| p.line() as usize),
            detail: e.to_string(),
        })?;
        if rows.len() > row_limit(name) {
            break;
        }
        rows.push(record.iter().map(csv_text).collect());
    }
    Ok(Grid {
        name: name.to_owned(),
        rows,
        first_row: 0,
        first_column: 0,
    })
}

/// A CSV cell as text: the `'` that keeps Excel from running `=…`, `+…`,
/// `-…`, `@…` as a formula (see `export::inert`) is taken off.
pub(crate) fn csv_text(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\'']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

fn open_zip(
    bytes: &[u8],
    file_name: &str,
) -> Result<(SheetFormat, Option<TextEncoding>, Vec<Grid>), SheetError> {
    let broken = |e: &dyn fmt::Display| SheetError::BrokenZip {
        file_name: file_name.to_owned(),
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let names: Vec<String> = archive
        .file_names()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| broken(&e))?
        .into_iter()
        .map(|name| name.into_owned())
        .collect();
    // A small file can unpack to gigabytes; refuse before anything is unpacked.
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| broken(&e))?;
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_UNPACKED_BYTES as u64 {
        return Err(SheetError::UnpacksTooLarge {
            file_name: file_name.to_owned(),
            size: unpacked,
            limit: MAX_UNPACKED_BYTES,
        });
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return open_xlsx(bytes, file_name).map(|grids| (SheetFormat::Xlsx, None, grids));
    }
    let csv_names: Vec<String> = names
        .into_iter()
        .filter(|n| n.to_lowercase().ends_with(".csv"))
        .collect();
    // Our bundle's tables when it has them; otherwise a zipped office CSV.
    let mut csv_names: Vec<String> = if csv_names
        .iter()
        .any(|n| tables::Table::by_name(n).is_some())
    {
        csv_names
            .into_iter()
            .filter(|n| tables::Table::by_name(n).is_some())
            .collect()
    } else {
        csv_names.into_iter().take(1).collect()
    };
    if csv_names.is_empty() {
        return Err(SheetError::UnknownZip {
            file_name: file_name.to_owned(),
        });
    }
    // Tables are read in the bundle's order, items first.
    csv_names.sort_by_key(|n| export::bundle_rank(n));
    let mut grids = Vec::new();
    let mut encoding = None;
    for name in csv_names {
        let mut file = archive.by_name(&name).map_err(|e| broken(&e))?;
        if file.size() > MAX_FILE_BYTES as u64 {
            return Err(SheetError::TooLarge {
                size: usize::try_from(file.size()).unwrap_or(usize::MAX),
                limit: MAX_FILE_BYTES,
            });
        }
        let mut content = Vec::new();
        file.by_ref()
            .take(MAX_FILE_BYTES as u64 + 1)
            .read_to_end(&mut content)
            .map_err(|e| broken(&e))?;
        let (text, detected) = decode_text(&content);
        encoding.get_or_insert(detected);
        grids.push(csv_grid(&text, &name)?);
    }
    Ok((SheetFormat::CsvBundle, encoding, grids))
}

fn open_xlsx(bytes: &[u8], file_name: &str) -> Result<Vec<Grid>, SheetError> {
    use calamine::Reader;
    let broken = |e: &dyn fmt::Display| SheetError::BrokenWorkbook {
        file_name: file_name.to_owned(),
        detail: e.to_string(),
    };
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let mut grids = Vec::new();
    let mut filled = 0;
    for name in workbook.sheet_names() {
        let cells = match xlsx_cells(&mut workbook, &name) {
            Ok(cells) => cells,
            Err(CellsError::Calamine(e)) => return Err(broken(&e)),
            Err(CellsError::Limit(e)) => return Err(e),
        };
        let merged = workbook
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| broken(&e))?;
        grids.push(xlsx_grid(name, cells, &merged, &mut filled)?);
    }
    Ok(grids)
}

/// A used cell: `(row, column)` (0-based) and its text.
type SheetCell = ((usize, usize), String);

enum CellsError {
    Calamine(calamine::XlsxError),
    Limit(SheetError),
}

/// The sheet's non-empty cells, `((row, column), text)` in file order,
/// read one at a time: the used area is checked against the limits as each
/// cell arrives, so nothing is allocated for the area a crafted sheet
/// claims (one cell at A1 and one at XFD1048576 would make calamine's
/// `worksheet_range` allocate 17 billion cells).
fn xlsx_cells(
    workbook: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Vec<SheetCell>, CellsError> {
    let mut reader = match workbook.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        // A chart sheet or dialog sheet holds no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(CellsError::Calamine(e)),
    };
    let rows = row_limit(sheet);
    let mut cells = Vec::new();
    let mut area = Area::default();
    while let Some(cell) = reader.next_cell().map_err(CellsError::Calamine)? {
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        let at = (row as usize, column as usize);
        area.include(at);
        if area.height() > rows || area.width() > MAX_COLUMNS {
            return Err(CellsError::Limit(SheetError::TooBig {
                sheet: sheet.to_owned(),
                cell: format!("{}{}", column_letter(at.1), at.0 + 1),
                rows,
                columns: MAX_COLUMNS,
            }));
        }
        cells.push((at, text));
    }
    Ok(cells)
}

/// The smallest rectangle holding every cell seen so far.
#[derive(Default)]
struct Area {
    rows: Option<(usize, usize)>,
    columns: Option<(usize, usize)>,
}

impl Area {
    fn include(&mut self, (row, column): (usize, usize)) {
        let widen = |span: &mut Option<(usize, usize)>, at: usize| {
            *span = Some(span.map_or((at, at), |(lo, hi)| (lo.min(at), hi.max(at))));
        };
        widen(&mut self.rows, row);
        widen(&mut self.columns, column);
    }
    fn height(&self) -> usize {
        self.rows.map_or(0, |(lo, hi)| hi - lo + 1)
    }
    fn width(&self) -> usize {
        self.columns.map_or(0, |(lo, hi)| hi - lo + 1)
    }
}

/// The grid of one sheet from its cells: rows from the first used row to
/// the last, each as long as its last used cell (rows are ragged, as in a
/// CSV, so an empty area costs nothing).
///
/// A cell merged down over several rows (实施主体 or 主项 shared by the rows
/// below) holds its value only in the top cell; every row of the region
/// means it, so each gets it. Merges within one row (a title across the
/// columns) are left as they are. Regions are clipped to the used area,
/// and `filled` (the cells filled so far in the workbook) is kept under
/// [`MAX_MERGED_CELLS`].
fn xlsx_grid(
    name: String,
    cells: Vec<SheetCell>,
    merged: &[calamine::Dimensions],
    filled: &mut usize,
) -> Result<Grid, SheetError> {
    let mut area = Area::default();
    for (at, _) in &cells {
        area.include(*at);
    }
    let (first_row, last_row) = area.rows.unwrap_or((0, 0));
    let (first_column, last_column) = area.columns.unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); area.height()];
    for ((row, column), text) in cells {
        let row = &mut rows[row - first_row];
        let column = column - first_column;
        if row.len() <= column {
            row.resize(column + 1, String::new());
        }
        row[column] = text;
    }
    for region in merged.iter().filter(|d| d.end.0 > d.start.0) {
        let (top, left) = (region.start.0 as usize, region.start.1 as usize);
        let Some(value) = top
            .checked_sub(first_row)
            .zip(left.checked_sub(first_column))
            .and_then(|(r, c)| rows.get(r)?.get(c))
            .filter(|v| !v.is_empty())
            .cloned()
        else {
            continue;
        };
        let bottom = (region.end.0 as usize).min(last_row);
        let right = (region.end.1 as usize).min(last_column);
        for row in &mut rows[top - first_row..=bottom - first_row] {
            for column in left - first_column..=right - first_column {
                if row.len() <= column {
                    row.resize(column + 1, String::new());
                }
                if row[column].is_empty() {
                    *filled += 1;
                    if *filled > MAX_MERGED_CELLS {
                        return Err(SheetError::TooManyMergedCells {
                            sheet: name,
                            limit: MAX_MERGED_CELLS,
                        });
                    }
                    row[column].clone_from(&value);
                }
            }
        }
    }
    Ok(Grid {
        name,
        rows,
        first_row,
        first_column,
    })
}

/// A cell as text: numbers without a spurious `.0`, dates as `YYYY-MM-DD`.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => codec::encode_bool(*b),
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    // Civil-from-days (Howard Hinnant), shifted from the Unix epoch.
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests;
