//! Downloads of a department's list — a published version or a draft — as
//! interchange JSON, XLSX (one sheet per table), CSV (the items table, UTF-8
//! with BOM for Excel) or a zip of one CSV per table.

use data::interchange::{DepartmentList, export};
use data::version::Jurisdiction;

/// A download format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The JSON interchange format (lossless).
    Json,
    /// An Excel workbook, one sheet per table (lossless).
    Xlsx,
    /// The items table alone, UTF-8 with BOM.
    Csv,
    /// A zip of one CSV per table (lossless).
    CsvZip,
}

impl ExportFormat {
    /// Parses the extension used in URLs (`json`, `xlsx`, `csv`, `csv.zip`).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "json" => Some(Self::Json),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            "csv.zip" | "zip" => Some(Self::CsvZip),
            _ => None,
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::CsvZip => "csv.zip",
        }
    }

    /// The `Content-Type`.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::CsvZip => "application/zip",
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the spreadsheet failed.
    #[error(transparent)]
    Sheet(#[from] data::sheet::SheetError),
    /// Writing JSON failed.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Writing the zip failed.
    #[error("writing the zip: {0}")]
    Zip(String),
}

/// The whole registry as one zip: for every department's list, its
/// interchange JSON, its Excel workbook and its items table as CSV, named
/// `SJ-v2024.1.json` and so on.
pub fn registry_zip(
    lists: &[DepartmentList],
    jurisdiction: Option<Jurisdiction>,
) -> Result<Vec<u8>, ExportError> {
    use std::io::Write as _;
    let failed = |e: &dyn std::fmt::Display| ExportError::Zip(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for list in lists {
        for format in [ExportFormat::Json, ExportFormat::Xlsx, ExportFormat::Csv] {
            let bytes = render(list, jurisdiction.clone(), format)?;
            zip.start_file(file_name(list, format), options)
                .map_err(|e| failed(&e))?;
            zip.write_all(&bytes).map_err(|e| failed(&e))?;
        }
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// The bytes of `list` in `format`.
pub fn render(
    list: &DepartmentList,
    jurisdiction: Option<Jurisdiction>,
    format: ExportFormat,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        ExportFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(&export(jurisdiction, list))?;
            bytes.push(b'\n');
            bytes
        }
        ExportFormat::Xlsx => data::sheet::to_xlsx(list)?,
        ExportFormat::Csv => data::sheet::to_csv(list),
        ExportFormat::CsvZip => data::sheet::to_csv_bundle(list)?,
    })
}

/// A download's file name, e.g. `SJ-v2025.1.xlsx`.
pub fn file_name(list: &DepartmentList, format: ExportFormat) -> String {
    format!(
        "{}-{}.{}",
        list.department.dept_code,
        list.version.version_id,
        format.extension()
    )
}
