use std::collections::BTreeSet;

use super::*;
use crate::interchange::{self, DepartmentList};

const SAMPLE: &str = include_str!("../../demo/sample.json");
const SAMPLE_V2: &str = include_str!("../../demo/sample_v2.json");
const SAMPLE_CITY: &str = include_str!("../../demo/sample_city.json");

/// Every department list of the demo files (3 of sample.json, 1 of
/// sample_v2.json, 1 of sample_city.json).
fn demo_lists() -> Vec<DepartmentList> {
    [SAMPLE, SAMPLE_V2, SAMPLE_CITY]
        .iter()
        .flat_map(|text| {
            interchange::parse(text.as_bytes())
                .map(|parsed| parsed.lists)
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// The formats the project exports a list in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Export {
    /// The JSON interchange ([`interchange::export`]).
    Json,
    /// The workbook ([`to_xlsx`]).
    Xlsx,
    /// The zip of CSV files ([`to_csv_bundle`]).
    CsvBundle,
    /// The 事项 table alone ([`to_csv`]).
    ItemsCsv,
}

impl Export {
    const ALL: [Export; 4] = [
        Export::Json,
        Export::Xlsx,
        Export::CsvBundle,
        Export::ItemsCsv,
    ];
}

/// A file read back: its items, what it carried and what was wrong.
struct Imported {
    items: Vec<Item>,
    coverage: Coverage,
    problems: Vec<SheetProblem>,
}

/// Writes `list` as `format` and reads the file back as the server does.
fn export_and_read(list: &DepartmentList, format: Export) -> Result<Imported, String> {
    let code = &list.department.dept_code;
    let sheet = |bytes: Result<Vec<u8>, SheetError>| -> Result<Imported, String> {
        let bytes = bytes.map_err(|e| format!("{code} {format:?}: {e}"))?;
        let read = read(&bytes, "export").map_err(|e| format!("{code} {format:?}: {e}"))?;
        let expected = match format {
            Export::Xlsx => SheetFormat::Xlsx,
            Export::CsvBundle => SheetFormat::CsvBundle,
            _ => SheetFormat::Csv,
        };
        if read.format != expected {
            return Err(format!("{code} {format:?}: read as {:?}", read.format));
        }
        Ok(Imported {
            items: read.items,
            coverage: read.coverage,
            problems: read.problems,
        })
    };
    match format {
        Export::Json => {
            let document = interchange::export(None, list);
            let bytes = serde_json::to_vec_pretty(&document).map_err(|e| e.to_string())?;
            let parsed =
                interchange::parse(&bytes).map_err(|e| format!("{code} {format:?}: {e}"))?;
            let items = parsed
                .lists
                .into_iter()
                .find(|l| l.department.dept_code == *code)
                .map(|l| l.items)
                .ok_or_else(|| format!("{code} {format:?}: the department is missing"))?;
            Ok(Imported {
                items,
                coverage: Coverage::complete(),
                problems: Vec::new(),
            })
        }
        Export::Xlsx => sheet(to_xlsx(list)),
        Export::CsvBundle => sheet(to_csv_bundle(list)),
        Export::ItemsCsv => sheet(Ok(to_csv(list))),
    }
}

/// Where `got` differs from `want`: the first differing item, its changed
/// paths and both values.
fn difference(want: &[Item], got: &[Item]) -> String {
    if want.len() != got.len() {
        return format!("{} items instead of {}", got.len(), want.len());
    }
    let Some((w, g)) = want.iter().zip(got).find(|(w, g)| w != g) else {
        return "no difference".to_owned();
    };
    let paths: Vec<String> =
        crate::diff::compare(std::slice::from_ref(w), std::slice::from_ref(g), &[])
            .items
            .iter()
            .flat_map(|d| d.changed_paths())
            .collect();
    format!(
        "item {}: changed {paths:?}\nwant {w:#?}\ngot {g:#?}",
        w.item_code
    )
}

/// Export, import and merge into the exported items (matched by code, as
/// the server does) give the items back unchanged: equal, and a comparison
/// that finds no change. Files that carry everything give them back even
/// before merging. With `validation`, the flowchart and discretion checks
/// may object to (generated) content.
fn check_lossless(list: &DepartmentList, format: Export, validation: bool) -> Result<(), String> {
    let code = &list.department.dept_code;
    let imported = export_and_read(list, format)?;
    for problem in &imported.problems {
        let checked = problem.message.starts_with("flowchart of ")
            || problem.message.starts_with("discretion of ");
        if !(validation && checked) {
            return Err(format!("{code} {format:?}: {problem}"));
        }
    }
    if format != Export::ItemsCsv {
        if !imported.coverage.is_complete() {
            return Err(format!(
                "{code} {format:?}: incomplete, kept {:?}",
                imported.coverage.kept()
            ));
        }
        if imported.items != list.items {
            return Err(format!(
                "{code} {format:?} read: {}",
                difference(&list.items, &imported.items)
            ));
        }
    }
    let merged = imported.coverage.merge_items(&list.items, imported.items);
    if merged != list.items {
        return Err(format!(
            "{code} {format:?} merged: {}",
            difference(&list.items, &merged)
        ));
    }
    let summary = crate::diff::compare(&list.items, &merged, &[]).summary;
    if (summary.added, summary.removed, summary.changed) != (0, 0, 0) {
        return Err(format!(
            "{code} {format:?}: the comparison finds {summary:?}"
        ));
    }
    Ok(())
}

/// Our own files read back exactly.
mod round_trip {
    use super::*;

    #[test]
    fn demo_departments_round_trip() {
        let lists = demo_lists();
        assert_eq!(lists.len(), 5);
        for list in &lists {
            for format in Export::ALL {
                check_lossless(list, format, false).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }

    /// The 事项 table alone carries every field but the flowchart and the
    /// discretion standard, and legal bases only as citations; merged into
    /// the list it came from, it changes nothing.
    #[test]
    fn items_csv_keeps_the_item_table() {
        for list in demo_lists() {
            let read = read(&to_csv(&list), "items.csv").unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(read.encoding, Some(TextEncoding::Utf8Bom));
            assert_eq!(read.problems, vec![]);
            let coverage = &read.coverage;
            assert_eq!(coverage.tables, BTreeSet::from([SheetTable::Items]));
            assert!(!coverage.is_complete());
            assert_eq!(
                coverage.kept(),
                [
                    ItemField::FlowchartTitle,
                    ItemField::FlowchartProcedure,
                    ItemField::FlowchartSupervision,
                    ItemField::FlowchartNote,
                    ItemField::FlowchartNodes,
                    ItemField::FlowchartEdges,
                    ItemField::Discretion,
                ]
            );
            assert!(coverage.carries(ItemField::LegalBasis));
            assert!(coverage.carries(ItemField::AccountabilityBasis));
            assert!(
                read.items
                    .iter()
                    .all(|i| i.flowchart.is_none() && i.discretion.is_none())
            );
            // On its own the file loses what a cell cannot say; merged, nothing.
            assert_ne!(read.items, list.items);
            let merged = coverage.merge_items(&list.items, read.items);
            assert_eq!(merged, list.items, "{}", list.department.dept_code);
            let summary = crate::diff::compare(&list.items, &merged, &[]).summary;
            assert_eq!((summary.added, summary.removed, summary.changed), (0, 0, 0));
        }
    }

    /// The workbook and the CSV zip carry everything.
    #[test]
    fn complete_files_say_so() {
        let Some(list) = demo_lists().into_iter().next() else {
            panic!("no demo list");
        };
        for bytes in [to_xlsx(&list), to_csv_bundle(&list)] {
            let bytes = bytes.unwrap_or_else(|e| panic!("{e}"));
            let read = read(&bytes, "export").unwrap_or_else(|e| panic!("{e}"));
            assert!(read.coverage.is_complete());
            assert_eq!(read.coverage.kept(), []);
            assert_eq!(
                read.coverage.tables.iter().copied().collect::<Vec<_>>(),
                SheetTable::ALL
            );
        }
        assert!(Coverage::complete().is_complete());
    }
}

/// Edits made to a downloaded items CSV come through the merge, and only they.
mod edits {
    use super::*;
    use crate::item::{BasisRole, Duration, LawLevel, LegalBasis, TimeUnit};

    /// The demo's 市场监督管理局 list.
    fn sj() -> DepartmentList {
        demo_lists()
            .into_iter()
            .find(|l| l.department.dept_code.as_str() == "SJ")
            .unwrap_or_else(|| panic!("the demo has no SJ list"))
    }

    /// The cells of a CSV file our export wrote.
    fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .unwrap_or_else(|e| panic!("{e}"));
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let record = r.unwrap_or_else(|e| panic!("{e}"));
                record.iter().map(csv_text).collect()
            })
            .collect()
    }

    /// Cells as a CSV file, the way Excel saves it back (UTF-8 with BOM).
    fn file(rows: &[Vec<String>]) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| export::inert(c).into_owned()).collect();
            writer
                .write_record(&cells)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        writer.into_inner().unwrap_or_else(|e| panic!("{e}"))
    }

    /// The column of `header`.
    fn column(rows: &[Vec<String>], header: &str) -> usize {
        rows[0]
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    /// The items CSV of `list` with the cell under `header` of the row of
    /// item `code` changed by `edit`.
    fn edited(
        list: &DepartmentList,
        code: &str,
        header: &str,
        edit: impl Fn(&str) -> String,
    ) -> Vec<u8> {
        let mut rows = cells(&to_csv(list));
        let (code_at, at) = (column(&rows, "事项编码"), column(&rows, header));
        let row = rows
            .iter_mut()
            .find(|r| r[code_at] == code)
            .unwrap_or_else(|| panic!("no row {code}"));
        row[at] = edit(&row[at]);
        file(&rows)
    }

    /// `bytes` read and merged into `list`'s items, as the server does.
    fn merged(list: &DepartmentList, bytes: &[u8]) -> Vec<Item> {
        let read = read(bytes, "items.csv").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.problems, vec![]);
        read.coverage.merge_items(&list.items, read.items)
    }

    /// The changed paths of each changed item, by code.
    fn changes(before: &[Item], after: &[Item]) -> Vec<(String, Vec<String>)> {
        crate::diff::compare(before, after, &[])
            .items
            .iter()
            .map(|d| {
                (
                    d.item_code
                        .after
                        .clone()
                        .or(d.item_code.before.clone())
                        .unwrap_or_default(),
                    d.changed_paths(),
                )
            })
            .collect()
    }

    /// The item `code` of `items`.
    fn item<'a>(items: &'a [Item], code: &str) -> &'a Item {
        items
            .iter()
            .find(|i| i.item_code == code)
            .unwrap_or_else(|| panic!("no item {code}"))
    }

    /// An item with a flowchart and a discretion standard.
    const CODE: &str = "990101-SJ-CF-004-00";

    #[test]
    fn an_edited_name_changes_the_name_only() {
        let list = sj();
        assert!(item(&list.items, CODE).flowchart.is_some());
        assert!(item(&list.items, CODE).discretion.is_some());
        let bytes = edited(&list, CODE, "事项名称", |_| {
            "对无证经营食品的处罚".to_owned()
        });
        let after = merged(&list, &bytes);
        let mut want = list.items.clone();
        want.iter_mut()
            .filter(|i| i.item_code == CODE)
            .for_each(|i| i.name = "对无证经营食品的处罚".to_owned());
        assert_eq!(after, want);
        assert_eq!(
            changes(&list.items, &after),
            [(CODE.to_owned(), vec!["name".to_owned()])]
        );
    }

    #[test]
    fn an_edited_promised_time_limit_comes_through() {
        let list = sj();
        let bytes = edited(&list, CODE, "承诺期限", |_| "３０日".to_owned());
        let after = merged(&list, &bytes);
        let mut want = list.items.clone();
        want.iter_mut()
            .filter(|i| i.item_code == CODE)
            .for_each(|i| {
                i.time_limit.promised = Some(Duration {
                    value: 30,
                    unit: TimeUnit::Day,
                })
            });
        assert_eq!(after, want);
        assert_eq!(
            changes(&list.items, &after),
            [(CODE.to_owned(), vec!["time_limit.promised".to_owned()])]
        );
        let chart = |items: &[Item]| item(items, CODE).flowchart.clone();
        assert_eq!(chart(&after), chart(&list.items));
    }

    /// An edited citation is read as written; the structured record of an
    /// unedited one in the same cell stays.
    #[test]
    fn an_edited_citation_changes_that_basis_only() {
        let list = sj();
        let original = item(&list.items, CODE).clone();
        assert_eq!(original.legal_basis.len(), 1);
        assert!(original.accountability.basis.len() >= 2);
        let bytes = edited(&list, CODE, "法律依据", |cell| {
            cell.replace("第一百二十二条第一款", "第一百二十二条第二款")
        });
        let bytes = {
            let list = DepartmentList {
                items: read(&bytes, "items.csv")
                    .map(|r| r.coverage.merge_items(&list.items, r.items))
                    .unwrap_or_else(|e| panic!("{e}")),
                ..list.clone()
            };
            edited(&list, CODE, "问责依据", |cell| {
                cell.replacen("第七十六条至第八十三条", "第七十六条", 1)
            })
        };
        let after = merged(&list, &bytes);
        let got = item(&after, CODE);
        let cited = |law: &str, article: &str, level: LawLevel, role: BasisRole| LegalBasis {
            law: law.to_owned(),
            article: Some(article.to_owned()),
            level,
            role,
            verified: false,
            effective_date: None,
            note: None,
        };
        assert_eq!(
            got.legal_basis,
            [cited(
                "《中华人民共和国食品安全法》",
                "第一百二十二条第二款",
                LawLevel::Law,
                BasisRole::Creating
            )]
        );
        assert_eq!(
            got.accountability.basis[0],
            cited(
                "《中华人民共和国行政处罚法》",
                "第七十六条",
                LawLevel::Law,
                BasisRole::Accountability
            )
        );
        assert_eq!(
            got.accountability.basis[1..],
            original.accountability.basis[1..]
        );
        assert!(original.accountability.basis[1].verified);
        let mut want = original.clone();
        want.legal_basis = got.legal_basis.clone();
        want.accountability.basis = got.accountability.basis.clone();
        assert_eq!(got, &want);
        assert_eq!(
            changes(&list.items, &after),
            [(
                CODE.to_owned(),
                vec![
                    "accountability.basis".to_owned(),
                    "legal_basis[0].article".to_owned(),
                    "legal_basis[0].verified".to_owned()
                ]
            )]
        );
    }

    /// A row with a new code is a new item; an item whose row is gone is
    /// not in the result (the server reports it as removed).
    #[test]
    fn new_rows_add_items_and_missing_rows_remove_them() {
        let list = sj();
        let mut rows = cells(&to_csv(&list));
        let (id_at, code_at, name_at) = (
            column(&rows, "事项ID"),
            column(&rows, "事项编码"),
            column(&rows, "事项名称"),
        );
        let removed = "990101-SJ-CF-005-00";
        rows.retain(|r| r[code_at] != removed);
        let mut new = rows
            .iter()
            .find(|r| r[code_at] == CODE)
            .cloned()
            .unwrap_or_default();
        new[id_at] = String::new();
        new[code_at] = "990101-SJ-CF-099-00".to_owned();
        new[name_at] = "新增的处罚事项".to_owned();
        rows.push(new);
        let after = merged(&list, &file(&rows));
        assert_eq!(after.len(), list.items.len());
        assert!(after.iter().all(|i| i.item_code != removed));
        let added = item(&after, "990101-SJ-CF-099-00");
        assert_eq!(added.item_id.as_str(), "990101-SJ-CF-099-00");
        assert_eq!(added.name, "新增的处罚事项");
        assert!(added.flowchart.is_none() && added.discretion.is_none());
        let summary = crate::diff::compare(&list.items, &after, &[]).summary;
        assert_eq!((summary.added, summary.removed, summary.changed), (1, 1, 0));
    }

    /// An office's own columns, under its own header names: only they
    /// update the items, and unedited cells change nothing.
    #[test]
    fn office_columns_update_only_what_they_hold() {
        let mut list = sj();
        list.items.truncate(3);
        // Both limits the same: the office writes the limit once.
        let twenty = Some(Duration {
            value: 20,
            unit: TimeUnit::WorkingDay,
        });
        list.items[1].time_limit.statutory = twenty;
        list.items[1].time_limit.promised = twenty;
        let csv = |promised: &str| {
            let mut text =
                String::from("职权名称,职权编码,职权类型,行使主体,设定依据,实施依据,办理时限\n");
            for (i, item) in list.items.iter().enumerate() {
                let of_role = |role: BasisRole| {
                    item.legal_basis
                        .iter()
                        .filter(|b| b.role == role)
                        .map(LegalBasis::citation)
                        .collect::<Vec<_>>()
                        .join("；")
                };
                let limit = if i == 1 {
                    promised.to_owned()
                } else {
                    item.time_limit.to_chinese().unwrap_or_default()
                };
                text.push_str(&format!(
                    "{},{},{},{},{},{},{limit}\n",
                    item.name,
                    item.item_code,
                    item.category.abbr(),
                    item.implementing_body,
                    of_role(BasisRole::Creating),
                    of_role(BasisRole::Implementing),
                ));
            }
            text.into_bytes()
        };
        let preview = read(&csv("20个工作日"), "office.csv").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(preview.problems, vec![]);
        let fields: Vec<&str> = preview.coverage.fields.iter().map(|f| f.path()).collect();
        assert_eq!(
            fields,
            [
                "item_code",
                "name",
                "category",
                "implementing_body",
                "legal_basis",
                "time_limit.statutory",
                "time_limit.promised"
            ]
        );
        assert!(!preview.coverage.carries(ItemField::AccountabilityBasis));
        // Unedited: nothing changes, structured bases included.
        let after = preview.coverage.merge_items(&list.items, preview.items);
        assert_eq!(after, list.items);
        // The promised limit edited: it alone changes.
        let preview = read(&csv("法定20个工作日 / 承诺10个工作日"), "office.csv")
            .unwrap_or_else(|e| panic!("{e}"));
        let after = preview.coverage.merge_items(&list.items, preview.items);
        let mut want = list.items.clone();
        want[1].time_limit.promised = Some(Duration {
            value: 10,
            unit: TimeUnit::WorkingDay,
        });
        assert_eq!(after, want);
    }
}

/// Office files as they come, pinned as JSON previews.
mod previews {
    use super::*;

    fn check(name: &str, bytes: &[u8]) {
        let preview = read(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_json_snapshot!(name, preview);
    }

    #[test]
    fn office_fixtures() {
        check("office_gbk.csv", include_bytes!("fixtures/office_gbk.csv"));
        check("office_bom.csv", include_bytes!("fixtures/office_bom.csv"));
        check(
            "office_merged.xlsx",
            include_bytes!("fixtures/office_merged.xlsx"),
        );
    }
}

/// How cells and headers are understood.
mod columns {
    use super::*;

    /// Reads CSV `text`, expects no problems, and compares `field` of each item.
    fn check(text: &str, field: fn(&Item) -> String, expected: &[&str]) {
        let preview = read(text.as_bytes(), "columns.csv").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(preview.problems, vec![], "case {text}");
        let got: Vec<String> = preview.items.iter().map(field).collect();
        assert_eq!(got, expected, "case {text}");
    }

    /// One row under the header `职权名称,权力编码,职权类型,行使主体,{header}`.
    fn with_column(header: &str, cell: &str) -> String {
        format!("职权名称,权力编码,职权类型,行使主体,{header}\n甲,C-1,XK,示范县民政局,\"{cell}\"\n")
    }

    #[test]
    fn header_aliases() {
        check(
            &with_column("设定依据", "《中华人民共和国行政许可法》第十二条"),
            |i| format!("{:?}", i.legal_basis[0].role),
            &["Creating"],
        );
        check(
            &with_column("实施依据", "《社会团体登记管理条例》第三条"),
            |i| format!("{:?}", i.legal_basis[0].role),
            &["Implementing"],
        );
        check(
            &with_column("依据", "《A法》第一条；《B条例》第二条\n《C办法》"),
            |i| {
                format!(
                    "{:?}",
                    i.legal_basis
                        .iter()
                        .map(|b| b.citation())
                        .collect::<Vec<_>>()
                )
            },
            &[r#"["《A法》第一条", "《B条例》第二条", "《C办法》"]"#],
        );
        check(
            &with_column("子项", "甲（新办）"),
            |i| format!("{:?}", i.sub_item_name),
            &[r#"Some("甲（新办）")"#],
        );
        check(
            &with_column("承办科室", "社会组织管理股"),
            |i| format!("{:?}", i.undertaking_unit),
            &[r#"Some("社会组织管理股")"#],
        );
        check(
            &with_column("法定时限", "２０个工作日"),
            |i| format!("{:?}", i.time_limit.to_chinese()),
            &[r#"Some("法定20个工作日")"#],
        );
        check(
            &with_column("承诺期限", "当场办结"),
            |i| format!("{:?}", i.time_limit.promised.map(|d| d.unit)),
            &["Some(OnTheSpot)"],
        );
        check(
            &with_column("办理时限", "法定20个工作日 / 承诺5个工作日"),
            |i| format!("{:?}", i.time_limit.to_chinese()),
            &[r#"Some("法定20个工作日 / 承诺5个工作日")"#],
        );
        check(
            &with_column("问责情形", "1.不予受理的；2.违法收费的"),
            |i| format!("{:?}", i.accountability.situations),
            &[r#"["不予受理的", "违法收费的"]"#],
        );
        check(
            &with_column("投诉电话", "１２３４５"),
            |i| format!("{:?}", i.supervision.phone),
            &[r#"Some("１２３４５")"#],
        );
        check(
            &with_column("收费", "不收费"),
            |i| format!("{:?}", i.fee),
            &["Fee { charged: false, basis: None, standard: None }"],
        );
        check(
            &with_column("收费标准", "每件10元"),
            |i| format!("{:?}", i.fee),
            &[r#"Fee { charged: true, basis: None, standard: Some("每件10元") }"#],
        );
        check(
            &with_column("事项ID", "MZ-XK-001"),
            |i| i.item_id.to_string(),
            &["MZ-XK-001"],
        );
        check(
            &with_column("备注", "  第一行\n第二行  "),
            |i| format!("{:?}", i.remark),
            &[r#"Some("第一行\n第二行")"#],
        );
        check(
            &with_column("状态", "暂停"),
            |i| i.status.label().to_owned(),
            &["暂停"],
        );
        check(
            &with_column("行使层级", "乡镇（下放）"),
            |i| format!("{:?}", i.implementing_level),
            &[r#"Some("乡镇（下放）")"#],
        );
        check(
            &with_column("责任事项", "受理：公示材料\n审查：审查材料"),
            |i| {
                format!(
                    "{:?}",
                    i.responsibilities
                        .iter()
                        .map(|r| (r.stage.as_str(), r.duty.as_str()))
                        .collect::<Vec<_>>()
                )
            },
            &[r#"[("受理", "公示材料"), ("审查", "审查材料")]"#],
        );
        check(
            "事项 名称,事项编码,\"权力\n类型\",实 施　主体\n甲,C-1,其他权力,局\n",
            |i| i.category.abbr().to_owned(),
            &["QT"],
        );
    }

    #[test]
    fn code_and_basis_variants() {
        check(
            "事项名称,事项编号,权力类型,实施主体\n甲,SJ-1,XK,局\n",
            |i| i.item_code.clone(),
            &["SJ-1"],
        );
        check(
            "权力名称,职权编号,权力类别,实施机关,法律法规依据\n甲,SJ-2,行政处罚,局,《中华人民共和国食品安全法》第一百二十二条\n",
            |i| {
                format!(
                    "{} {}",
                    i.item_code,
                    i.legal_basis
                        .iter()
                        .map(|b| b.citation())
                        .collect::<String>()
                )
            },
            &["SJ-2 《中华人民共和国食品安全法》第一百二十二条"],
        );
    }

    #[test]
    fn ids_are_derived_from_codes() {
        check(
            "事项名称,事项编码,权力类型,实施主体\n甲,990101-SJ-XK-001-00,XK,局\n乙,９９０１０１ SJ XK 002,XK,局\n丙,许可-3,XK,局\n",
            |i| format!("{} {}", i.item_id, i.item_code),
            &[
                "990101-SJ-XK-001-00 990101-SJ-XK-001-00",
                "990101SJXK002 990101SJXK002",
                "code-c8a3820adea42959 许可-3",
            ],
        );
        check(
            "事项名称,权力类型,实施主体\n甲,XK,局\n乙,XK,局\n",
            |i| i.item_id.to_string(),
            &["row-8f6b4037f89bae73-1-2", "row-8f6b4037f89bae73-1-3"],
        );
    }

    #[test]
    fn layouts_offices_use() {
        // Tab-separated, a title naming the department, no 实施主体 column.
        check(
            "示范县民政局权责清单（2024年版）\n\n序号\t事项名称\t权力类型\n1\t临时救助\t行政给付\n",
            |i| i.implementing_body.clone(),
            &["示范县民政局"],
        );
        // 主项 and 子项 in their own columns, the main item's cell merged down.
        check(
            "序号,事项编码,主项,子项,权力类型,实施主体\n1,Q-1,不动产登记,,QR,局\n1-1,Q-1-1,,首次登记,QR,局\n1-2,Q-1-2,,转移登记,QR,局\n",
            |i| {
                format!(
                    "{} | {:?} | {:?} | {:?} | {}",
                    i.name, i.main_item_name, i.sub_item_name, i.parent_code, i.has_sub_items
                )
            },
            &[
                "不动产登记 | Some(\"不动产登记\") | None | None | true",
                "首次登记 | Some(\"不动产登记\") | Some(\"首次登记\") | Some(\"Q-1\") | false",
                "转移登记 | Some(\"不动产登记\") | Some(\"转移登记\") | Some(\"Q-1\") | false",
            ],
        );
        // Markup is data: escaping is the renderer's job.
        check(
            "事项名称,权力类型,实施主体\n<script>alert('x')</script>甲,XK,局\n",
            |i| i.name.clone(),
            &["<script>alert('x')</script>甲"],
        );
    }

    #[test]
    fn markup_fixture_is_kept_verbatim() {
        let preview = read(
            include_bytes!("fixtures/script_name.csv"),
            "script_name.csv",
        );
        let names: Vec<String> = preview
            .map(|p| p.items.into_iter().map(|i| i.name).collect())
            .unwrap_or_default();
        assert_eq!(names, vec!["<script>alert('x')</script>食品经营许可"]);
    }
}

/// Files and rows that cannot be imported, with the exact messages.
mod refusals {
    use super::*;

    /// Reads `bytes` and compares the outcome: the error message, or the
    /// problems as displayed (`sheet!C5 (header): message`).
    fn check(name: &str, bytes: &[u8], expected: Result<&[&str], &str>) {
        match (read(bytes, name), expected) {
            (Ok(preview), Ok(problems)) => {
                let got: Vec<String> = preview.problems.iter().map(ToString::to_string).collect();
                assert_eq!(got, problems, "case {name}");
            }
            (Err(error), Err(message)) => assert_eq!(error.to_string(), message, "case {name}"),
            (Ok(preview), Err(message)) => {
                panic!(
                    "case {name}: expected `{message}`, got {:?}",
                    preview.problems
                )
            }
            (Err(error), Ok(_)) => panic!("case {name}: unexpected error `{error}`"),
        }
    }

    /// A CSV with the short header and the given rows.
    fn csv(rows: &[&str]) -> Vec<u8> {
        let mut text = String::from("序号,事项编码,事项名称,权力类型,实施主体,备注\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text.into_bytes()
    }

    #[test]
    fn broken_files_are_refused_in_plain_words() {
        check(
            "empty.csv",
            include_bytes!("fixtures/empty.csv"),
            Err("the file is empty"),
        );
        check(
            "photo.xlsx",
            include_bytes!("fixtures/png_renamed.xlsx"),
            Err(
                "the file `photo.xlsx` is a PNG image, not a spreadsheet; save the list as .xlsx or .csv",
            ),
        );
        check(
            "truncated.xlsx",
            include_bytes!("fixtures/truncated.xlsx"),
            Err(
                "the file `truncated.xlsx` is a damaged or truncated zip archive (invalid Zip archive: Could not find EOCD); save or download it again",
            ),
        );
        check(
            "list.xls",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
            Err(
                "the file `list.xls` is an Excel 97-2003 workbook (.xls); open it in Excel or WPS and save it as .xlsx",
            ),
        );
        check(
            "report.pdf.xlsx",
            b"%PDF-1.7\n",
            Err(
                "the file `report.pdf.xlsx` is a PDF document, not a spreadsheet; save the list as .xlsx or .csv",
            ),
        );
        check(
            "data.bin",
            b"abc\0\x01\x02",
            Err("the file `data.bin` is binary data, not a spreadsheet or CSV text"),
        );
        check(
            "notes.csv",
            "会议纪要\n今天讨论了清单".as_bytes(),
            Err(
                "no header row found: a header needs 事项名称 (or 权责事项名称, 职权名称, 主项 …) and at least one other known column such as 事项编码 or 权力类型 in the first 10 rows; sheets searched: `notes.csv` (starts with `会议纪要`)",
            ),
        );
        check(
            "huge.csv",
            &vec![b' '; MAX_FILE_BYTES + 1],
            Err("the file is 20971521 bytes; the limit is 20971520 bytes"),
        );
    }

    /// A sheet with two cells, A1 and XFD1048576 (1.7 KB): its used area
    /// is 17 billion cells. It is refused at the far cell, before anything
    /// is allocated for the area, in well under a second.
    #[test]
    fn a_sheet_claiming_a_huge_area_is_refused_before_it_is_allocated() {
        let started = std::time::Instant::now();
        check(
            "far_cells.xlsx",
            include_bytes!("fixtures/far_cells.xlsx"),
            Err(
                "工作表「权责清单」在 XFD1048576 处超出了上限：一个工作表最多 50000 行、200 列；请删去表格外多余的单元格，或把清单分成几个文件",
            ),
        );
        // Generous: the refusal itself takes microseconds; this only
        // catches a reader that walks the claimed area.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    /// A merged region from B2 to XFD1048576 is clipped to the used area
    /// (A1:C3): the name merged down fills the row below, and no more.
    #[test]
    fn merged_regions_are_clipped_to_the_used_area() {
        let import = read(
            include_bytes!("fixtures/huge_merge.xlsx"),
            "huge_merge.xlsx",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = import.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["某许可", "某许可"]);
    }

    /// A zip of `files`, each `(name, size, content)`: the content
    /// repeated up to `size` bytes.
    fn zipped(files: &[(&str, usize, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, size, content) in files {
            let written = zip
                .start_file(*name, options)
                .map_err(std::io::Error::other);
            let mut left = *size;
            let result = written.and_then(|()| {
                while left > 0 {
                    let n = left.min(content.len());
                    zip.write_all(&content[..n])?;
                    left -= n;
                }
                Ok(())
            });
            assert!(result.is_ok(), "writing {name}");
        }
        zip.finish().map(Cursor::into_inner).unwrap_or_default()
    }

    #[test]
    fn zips_that_cannot_be_read() {
        check(
            "archive.zip",
            &zipped(&[("readme.txt", 5, b"hello")]),
            Err(
                "the file `archive.zip` is a zip archive but holds neither an Excel workbook nor CSV files",
            ),
        );
        // A bomb as the reader sees it first: an entry whose central
        // directory record declares more than the limit.
        let mut bomb = zipped(&[("items.csv", 1024, b"0")]);
        let record = bomb
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .unwrap_or_default();
        let declared = u32::try_from(MAX_UNPACKED_BYTES + 1).unwrap_or(u32::MAX);
        bomb[record + 24..record + 28].copy_from_slice(&declared.to_le_bytes());
        check(
            "bomb.zip",
            &bomb,
            Err("the file `bomb.zip` unpacks to 209715201 bytes; the limit is 209715200 bytes"),
        );
        // An office CSV zipped on its own reads like the CSV.
        let csv = "事项名称,权力类型,实施主体\n甲,XK,局\n".as_bytes();
        check(
            "list.zip",
            &zipped(&[("清单.csv", csv.len(), csv), ("notes.txt", 5, b"notes")]),
            Ok(&[]),
        );
    }

    #[test]
    fn bad_rows_are_reported_with_row_and_column() {
        check(
            "duplicate_codes.csv",
            include_bytes!("fixtures/duplicate_codes.csv"),
            Ok(&[
                "duplicate_codes.csv!B4 (事项编码): item code `990101-SJ-XK-001-00` is used twice: duplicate_codes.csv row 2 and row 4",
            ]),
        );
        check(
            "unknown_category.csv",
            include_bytes!("fixtures/unknown_category.csv"),
            Ok(&[
                "unknown_category.csv!D2 (权力类型): unknown category `行政审批`; expected one of 行政许可、行政处罚、行政强制、行政征收、行政裁决、行政确认、行政给付、行政奖励、行政检查、其他行政权力、公共服务 (or XK, CF …)",
                "unknown_category.csv!D3 (权力类型): unknown category `许可`; expected one of 行政许可、行政处罚、行政强制、行政征收、行政裁决、行政确认、行政给付、行政奖励、行政检查、其他行政权力、公共服务 (or XK, CF …)",
            ]),
        );
        check(
            "orphan.csv",
            &csv(&[
                "1,990101-SJ-XK-001-00,食品经营许可,行政许可,示范县市场监督管理局,",
                "5-1,990101-SJ-XK-005-01,孤立子项,行政许可,示范县市场监督管理局,",
                ",,无编码事项,行政许可,,",
            ]),
            Ok(&[
                "orphan.csv!B4 (事项编码): the item has no code",
                "orphan.csv!E4 (实施主体): the item has no implementing body (实施主体)",
                "orphan.csv!A3 (序号): sub-item `5-1` has no main item `5` above it",
            ]),
        );
        let long = "长".repeat(6 * 1024 * 1024 / 3);
        check(
            "big_cell.csv",
            &csv(&[&format!(
                "1,990101-SJ-XK-001-00,食品经营许可,行政许可,示范县市场监督管理局,{long}"
            )]),
            Ok(&["big_cell.csv!F2 (备注): the cell holds 2097152 characters; the limit is 20000"]),
        );
        check(
            "bad_values.csv",
            "序号,事项编码,事项名称,权力类型,实施主体,法定期限,状态,含子项\n1,X-1,甲,XK,局,尽快,作废,也许\n"
                .as_bytes(),
            Ok(&[
                "bad_values.csv!F2 (法定期限): time limit `尽快` is not understood; write e.g. `20个工作日`, `60日` or `当场办结`",
                "bad_values.csv!G2 (状态): unknown status `作废`; expected 有效, 暂停, 已取消 or 已下放",
                "bad_values.csv!H2 (含子项): `也许` is neither 是 nor 否",
            ]),
        );
    }

    /// The flowchart and discretion checks of the JSON import, located at
    /// the row of the step, transition, tier or range they name.
    #[test]
    fn chart_and_discretion_checks_name_their_rows() {
        let Some(mut list) = demo_lists()
            .into_iter()
            .find(|l| l.department.dept_code.as_str() == "SJ")
        else {
            panic!("the demo has no SJ list");
        };
        if let Some(chart) = list.items.iter_mut().find_map(|i| i.flowchart.as_mut()) {
            chart.nodes.push(crate::flowchart::Node::new(
                "N98",
                "孤立环节",
                crate::flowchart::NodeKind::Task,
            ));
            chart.edges.push(crate::flowchart::Edge {
                from: "N1".to_owned(),
                to: "N99".to_owned(),
                condition: None,
                kind: crate::flowchart::EdgeKind::Normal,
            });
        }
        // The second tier of the first standard, so that the row is not the standard's first.
        let fine = list
            .items
            .iter_mut()
            .find_map(|i| i.discretion.as_mut())
            .and_then(|d| d.tiers.get_mut(1))
            .and_then(|t| t.fine.as_mut());
        if let Some(fine) = fine {
            fine.min = fine.max.map(|max| {
                crate::discretion::Amount::new(max.value() * rust_decimal::Decimal::TWO)
            });
        }
        let bytes = to_xlsx(&list).unwrap_or_default();
        check(
            "broken.xlsx",
            &bytes,
            Ok(&[
                "流转条件 row 15: flowchart of `990101-SJ-XK-001-01`: edge N1→N99: target `N99` does not exist",
                "流程步骤 row 14: flowchart of `990101-SJ-XK-001-01`: node `N98` cannot be reached from the start",
                "流程步骤 row 14: flowchart of `990101-SJ-XK-001-01`: node `N98` cannot reach an end",
                "裁量基准 row 3: discretion of `990101-SJ-CF-004-00`: tiers[1].fine: range `货值金额不足一万元`, tier `从轻`: minimum `130000` is above maximum `65000`",
            ]),
        );
    }

    #[test]
    fn too_many_rows_are_refused() {
        let rows: Vec<String> = (0..=MAX_ROWS)
            .map(|i| format!("{i},C{i},事项{i},XK,局,"))
            .collect();
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        check(
            "long.csv",
            &csv(&rows),
            Err("sheet `long.csv` has more than 50000 rows; split the list into several files"),
        );
    }
}

/// Generators of department lists that use every field of an item.
mod generated {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::*;
    use crate::IsoDate;
    use crate::category::Category;
    use crate::discretion::{
        Amount, Condition, Discretion, Fine, FineKind, FineUnit, Op, StatutoryRange, Tier,
        TierLevel,
    };
    use crate::flowchart::{
        ChartSupervision, Edge, EdgeKind, Flowchart, Node, NodeKind, Risk, RiskLevel,
    };
    use crate::ids::ItemId;
    use crate::item::{
        Accountability, BasisRole, Delegation, Duration, Fee, Item, ItemStatus, LawLevel,
        LegalBasis, Responsibility, Supervision, TimeLimits, TimeUnit,
    };

    /// Pieces offices' text is made of: Chinese, punctuation that separates
    /// list entries (`；`, `、`), quotes, commas, line breaks, numbering,
    /// brackets, markup, full-width digits.
    const PIECES: &[&str] = &[
        "食品",
        "经营",
        "许可",
        "处罚",
        "依据",
        "；",
        ";",
        "、",
        "，",
        ",",
        "\"",
        "“",
        "”",
        "'",
        "\n",
        " ",
        "《",
        "》",
        "（1）",
        "(2)",
        "1.",
        "2、",
        "第三十五条",
        "<script>",
        "</b>",
        "&amp;",
        "１２３",
        "ＡＢ",
        "　",
        "[",
        "]",
        "{",
        "}",
        "：",
        ":",
        "/",
        "=",
        "-",
        "元",
        "100",
        "x",
    ];

    /// Free text as a cell holds it: trimmed, never empty.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 1..8).prop_filter_map(
            "blank",
            |pieces| {
                let text = pieces.concat().trim().to_owned();
                (!text.is_empty()).then_some(text)
            },
        )
    }

    fn maybe_text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(text())
    }

    /// A list of texts; an entry may be empty, as the interchange allows.
    fn texts() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(text_or_empty(), 0..4)
    }

    /// Text where the interchange allows an empty string.
    fn text_or_empty() -> impl Strategy<Value = String> {
        prop_oneof![6 => text(), 1 => Just(String::new())]
    }

    /// An ASCII code without spaces, as codes are compacted on import.
    fn code() -> impl Strategy<Value = String> {
        "[A-Z0-9]{1,6}(-[A-Z0-9]{1,4}){0,3}"
    }

    fn date() -> impl Strategy<Value = Option<IsoDate>> {
        proptest::option::of((1990u16..2040, 1u8..13, 1u8..29))
            .prop_map(|d| d.and_then(|(y, m, day)| IsoDate::new(y, m, day)))
    }

    fn duration() -> impl Strategy<Value = Option<Duration>> {
        proptest::option::of(prop_oneof![
            (0u32..400).prop_map(|value| Duration {
                value,
                unit: TimeUnit::WorkingDay
            }),
            (0u32..400).prop_map(|value| Duration {
                value,
                unit: TimeUnit::Day
            }),
            (1u32..40).prop_map(|value| Duration {
                value,
                unit: TimeUnit::Month
            }),
            // On the spot has no count.
            Just(Duration {
                value: 0,
                unit: TimeUnit::OnTheSpot
            }),
        ])
    }

    fn level() -> impl Strategy<Value = LawLevel> {
        prop_oneof![
            Just(LawLevel::Law),
            Just(LawLevel::AdministrativeRegulation),
            Just(LawLevel::LocalRegulation),
            Just(LawLevel::DepartmentalRule),
            Just(LawLevel::LocalGovernmentRule),
            Just(LawLevel::Rule),
            Just(LawLevel::NormativeDocument),
            text().prop_map(LawLevel::from),
        ]
    }

    fn basis(role: Option<BasisRole>) -> impl Strategy<Value = LegalBasis> {
        let role = match role {
            Some(role) => Just(role).boxed(),
            None => prop_oneof![
                Just(BasisRole::Creating),
                Just(BasisRole::Implementing),
                Just(BasisRole::Accountability)
            ]
            .boxed(),
        };
        (
            prop_oneof![
                4 => text(),
                // Titles as lists cite them, so that citations read back.
                2 => (
                    proptest::sample::select(vec!["《中华人民共和国食品安全法》", "《四川省食品安全条例》", "食品经营许可管理办法", "国务院关于某事项的决定"]),
                    proptest::option::of(proptest::sample::select(vec!["（国务院令第1号）", "（2021年修订）"])),
                ).prop_map(|(title, doc)| format!("{title}{}", doc.unwrap_or_default())),
                1 => Just(String::new()),
            ],
            prop_oneof![
                2 => maybe_text(),
                1 => proptest::sample::select(vec!["第三十五条", "第十二条第一款", "第3条、第6条", "第一百二十二条第二款第（三）项"]).prop_map(|a| Some(a.to_owned())),
            ],
            level(),
            role,
            any::<bool>(),
            date(),
            maybe_text(),
        )
            .prop_map(
                |(law, article, level, role, verified, effective_date, note)| LegalBasis {
                    law,
                    article,
                    level,
                    role,
                    verified,
                    effective_date,
                    note,
                },
            )
    }

    /// An exact amount: the usual ones, and some with more digits than a
    /// floating-point number holds, all within [`Amount::MAX`].
    fn amount() -> impl Strategy<Value = Amount> {
        prop_oneof![
            4 => (0i64..10_000_000, 0u32..4).prop_map(|(n, scale)| Amount::new(Decimal::new(n, scale))),
            1 => (0i64..i64::MAX, 4u32..20).prop_map(|(n, scale)| Amount::new(Decimal::new(n, scale))),
            1 => (0i128..10i128.pow(27), 12u32..28).prop_map(|(n, scale)| {
                Amount::new(Decimal::from_i128_with_scale(n, scale))
            }),
        ]
    }

    fn condition() -> impl Strategy<Value = Condition> {
        (
            text(),
            prop_oneof![
                Just(Op::Less),
                Just(Op::LessOrEqual),
                Just(Op::Greater),
                Just(Op::GreaterOrEqual),
                Just(Op::Equal)
            ],
            amount(),
            maybe_text(),
        )
            .prop_map(|(metric, op, value, unit)| Condition {
                metric,
                op,
                value,
                unit,
            })
    }

    fn fine_leaf() -> impl Strategy<Value = Fine> {
        let kind = prop_oneof![
            Just(FineKind::Fixed),
            Just(FineKind::Multiple),
            Just(FineKind::Percentage),
            Just(FineKind::PerUnit)
        ];
        let unit = proptest::option::of(prop_oneof![
            Just(FineUnit::Yuan),
            Just(FineUnit::YuanPerSquareMetre),
            Just(FineUnit::YuanPerMu),
            Just(FineUnit::YuanPerTon),
            Just(FineUnit::YuanPerVehicle),
            Just(FineUnit::YuanPerPerson),
            Just(FineUnit::YuanPerDay),
            Just(FineUnit::YuanPerPiece)
        ]);
        (
            kind,
            maybe_text(),
            unit,
            proptest::option::of(amount()),
            proptest::option::of(amount()),
            maybe_text(),
        )
            .prop_map(|(kind, base, unit, min, max, note)| Fine {
                kind,
                base,
                unit,
                min,
                max,
                note,
                alt: None,
            })
    }

    /// A fine, sometimes with an alternative that has one of its own.
    fn fine() -> BoxedStrategy<Fine> {
        (
            fine_leaf(),
            proptest::option::of((fine_leaf(), proptest::option::of(fine_leaf()))),
        )
            .prop_map(|(mut fine, alt)| {
                fine.alt = alt.map(|(mut alt, alt_alt)| {
                    alt.alt = alt_alt.map(Box::new);
                    Box::new(alt)
                });
                fine
            })
            .boxed()
    }

    /// The demo's flowcharts and discretion standards: valid and rich in
    /// every field.
    fn demo_parts() -> (Vec<Flowchart>, Vec<Discretion>) {
        let items: Vec<Item> = demo_lists().into_iter().flat_map(|l| l.items).collect();
        (
            items.iter().filter_map(|i| i.flowchart.clone()).collect(),
            items.iter().filter_map(|i| i.discretion.clone()).collect(),
        )
    }

    /// A demo standard with generated text, or a generated one (which the
    /// import reads back exactly even where validation then objects).
    fn discretion(standards: Vec<Discretion>) -> BoxedStrategy<Discretion> {
        let demo = (
            proptest::sample::select(standards),
            text(),
            maybe_text(),
            texts(),
        )
            .prop_map(|(mut d, violation, source_url, conditions)| {
                d.violation = violation;
                d.source_url = source_url;
                if let Some(tier) = d.tiers.first_mut() {
                    tier.conditions.extend(conditions);
                }
                d
            });
        let level = prop_oneof![
            Just(TierLevel::None),
            Just(TierLevel::Mitigated),
            Just(TierLevel::Lighter),
            Just(TierLevel::Ordinary),
            Just(TierLevel::Heavier)
        ];
        let tier = (
            level,
            maybe_text(),
            maybe_text(),
            texts(),
            proptest::collection::vec(condition(), 0..3),
            texts(),
            proptest::option::of(fine()),
        )
            .prop_map(
                |(tier, name, statutory_range, conditions, structured, penalty_types, fine)| Tier {
                    tier,
                    name,
                    statutory_range,
                    conditions,
                    structured_conditions: structured,
                    penalty_types,
                    fine,
                },
            );
        let range = (
            text_or_empty(),
            proptest::collection::vec(condition(), 0..3),
            fine(),
        )
            .prop_map(|(name, structured_conditions, fine)| StatutoryRange {
                name,
                structured_conditions,
                fine,
            });
        let generated = (
            maybe_text(),
            text_or_empty(),
            maybe_text(),
            maybe_text(),
            proptest::collection::vec(range, 0..3),
            proptest::collection::vec(tier, 0..4),
        )
            .prop_map(
                |(basis_doc, violation, statutory_penalty, source_url, statutory_ranges, tiers)| {
                    Discretion {
                        basis_doc,
                        violation,
                        statutory_penalty,
                        source_url,
                        statutory_ranges,
                        tiers,
                    }
                },
            );
        prop_oneof![demo, generated].boxed()
    }

    /// A step with every field generated.
    fn node() -> impl Strategy<Value = Node> {
        let kind = prop_oneof![
            Just(NodeKind::Start),
            Just(NodeKind::Task),
            Just(NodeKind::Decision),
            Just(NodeKind::End)
        ];
        let risk = (
            prop_oneof![
                Just(RiskLevel::High),
                Just(RiskLevel::Medium),
                Just(RiskLevel::Low)
            ],
            prop_oneof![Just(String::new()), text()],
            texts(),
            maybe_text(),
        )
            .prop_map(|(level, description, controls, responsible)| Risk {
                level,
                description,
                controls,
                responsible,
            });
        (
            (
                text_or_empty(),
                text_or_empty(),
                kind,
                maybe_text(),
                duration(),
            ),
            (
                texts(),
                texts(),
                maybe_text(),
                proptest::option::of(risk),
                any::<bool>(),
            ),
        )
            .prop_map(
                |(
                    (id, label, kind, role, time_limit),
                    (materials, outputs, legal_ref, risk, point),
                )| {
                    Node {
                        id,
                        label,
                        kind,
                        role,
                        time_limit,
                        materials,
                        outputs,
                        legal_ref,
                        risk,
                        supervision_point: point,
                    }
                },
            )
    }

    /// A demo chart with generated text, or a generated graph (read back
    /// exactly even where validation then objects).
    fn flowchart(charts: Vec<Flowchart>) -> BoxedStrategy<Flowchart> {
        let demo = (
            proptest::sample::select(charts),
            maybe_text(),
            maybe_text(),
            texts(),
            texts(),
            maybe_text(),
        )
            .prop_map(|(mut chart, title, note, materials, channels, role)| {
                chart.title = title;
                chart.note = note;
                chart.supervision = (!channels.is_empty()).then_some(ChartSupervision { channels });
                if let Some(node) = chart.nodes.first_mut() {
                    node.materials = materials;
                    node.role = role;
                }
                chart
            });
        let edge = (
            text(),
            text(),
            maybe_text(),
            prop_oneof![
                Just(EdgeKind::Normal),
                Just(EdgeKind::Branch),
                Just(EdgeKind::Return),
                Just(EdgeKind::Terminate)
            ],
        )
            .prop_map(|(from, to, condition, kind)| Edge {
                from,
                to,
                condition,
                kind,
            });
        let generated = (
            maybe_text(),
            maybe_text(),
            proptest::collection::vec(node(), 1..5),
            proptest::collection::vec(edge, 0..5),
            maybe_text(),
        )
            .prop_map(|(title, procedure, nodes, edges, note)| Flowchart {
                title,
                procedure,
                nodes,
                edges,
                supervision: None,
                note,
            });
        prop_oneof![demo, valid_flowchart(), generated].boxed()
    }

    /// A chart that passes the checks: a start, a chain of steps (each
    /// decision with a second, conditional way out: back to the step before
    /// or to another end), an end; ids and contents generated.
    fn valid_flowchart() -> BoxedStrategy<Flowchart> {
        // Each step: its content, whether it is a decision, the conditions
        // of its two ways out, and whether the second one goes back.
        let step = (node(), any::<bool>(), text(), text(), any::<bool>());
        (
            (maybe_text(), maybe_text(), maybe_text(), texts()),
            (
                text(),
                node(),
                proptest::collection::vec(step, 0..5),
                node(),
            ),
            proptest::collection::vec(maybe_text(), 6),
        )
            .prop_map(
                |((title, procedure, note, channels), (prefix, start, steps, end), conditions)| {
                    let id = |i: usize| format!("{prefix}{i}");
                    let extra_end = format!("{prefix}X");
                    let n = steps.len();
                    let mut nodes = vec![Node {
                        id: id(0),
                        kind: NodeKind::Start,
                        ..start
                    }];
                    let mut edges = Vec::new();
                    let mut ends_early = false;
                    for (i, (node, decision, yes, no, back)) in steps.into_iter().enumerate() {
                        let at = i + 1;
                        nodes.push(Node {
                            id: id(at),
                            kind: if decision {
                                NodeKind::Decision
                            } else {
                                NodeKind::Task
                            },
                            ..node
                        });
                        if decision {
                            edges.push(Edge {
                                from: id(at),
                                to: id(at + 1),
                                condition: Some(yes),
                                kind: EdgeKind::Branch,
                            });
                            edges.push(if back && at > 1 {
                                Edge {
                                    from: id(at),
                                    to: id(at - 1),
                                    condition: Some(no),
                                    kind: EdgeKind::Return,
                                }
                            } else {
                                ends_early = true;
                                Edge {
                                    from: id(at),
                                    to: extra_end.clone(),
                                    condition: Some(no),
                                    kind: EdgeKind::Terminate,
                                }
                            });
                        } else {
                            edges.push(Edge {
                                from: id(at),
                                to: id(at + 1),
                                condition: conditions.get(at).cloned().flatten(),
                                kind: EdgeKind::Normal,
                            });
                        }
                    }
                    edges.insert(
                        0,
                        Edge {
                            from: id(0),
                            to: id(1),
                            condition: conditions.first().cloned().flatten(),
                            kind: EdgeKind::Normal,
                        },
                    );
                    nodes.push(Node {
                        id: id(n + 1),
                        kind: NodeKind::End,
                        ..end.clone()
                    });
                    if ends_early {
                        nodes.push(Node {
                            id: extra_end,
                            kind: NodeKind::End,
                            ..end
                        });
                    }
                    Flowchart {
                        title,
                        procedure,
                        nodes,
                        edges,
                        supervision: (!channels.is_empty())
                            .then_some(ChartSupervision { channels }),
                        note,
                    }
                },
            )
            .boxed()
    }

    /// Everything of an item except its identity and hierarchy.
    fn item_body() -> BoxedStrategy<Item> {
        let (charts, standards) = demo_parts();
        let who = (
            text(),
            maybe_text(),
            proptest::sample::select(Category::ALL.to_vec()),
            text(),
            maybe_text(),
            maybe_text(),
            maybe_text(),
            proptest::option::of(code()),
        )
            .boxed();
        let law = (
            proptest::collection::vec(basis(None), 0..4),
            proptest::collection::vec((text_or_empty(), text_or_empty()), 0..3),
            texts(),
            // 问责依据 are mostly of that role, but any role may be listed.
            proptest::collection::vec(
                prop_oneof![3 => basis(Some(BasisRole::Accountability)), 1 => basis(None)],
                0..4,
            ),
            duration(),
            (
                duration(),
                proptest::option::of(proptest::sample::select(vec![
                    "自立案之日起",
                    "不含公告时间（30日）",
                    "依申请人要求可延长",
                ])),
            ),
        )
            .boxed();
        let rest = (
            (any::<bool>(), maybe_text(), maybe_text()),
            (maybe_text(), maybe_text()),
            texts(),
            maybe_text(),
            proptest::sample::select(vec![
                ItemStatus::Active,
                ItemStatus::Suspended,
                ItemStatus::Cancelled,
                ItemStatus::Delegated,
            ]),
            maybe_text(),
            // A delegation has a mode or a recipient (else it is not written).
            proptest::option::of((
                prop_oneof![
                    (text(), text()),
                    (text(), Just(String::new())),
                    (Just(String::new()), text()),
                ],
                maybe_text(),
                texts(),
                date(),
            )),
            proptest::option::of(flowchart(charts)),
            proptest::option::of(discretion(standards)),
        )
            .boxed();
        (who, law, rest)
            .prop_map(|(who, law, rest)| {
                let (
                    name,
                    main_item_name,
                    category,
                    implementing_body,
                    unit,
                    level,
                    target,
                    catalog,
                ) = who;
                let (
                    legal_basis,
                    responsibilities,
                    situations,
                    accountability_basis,
                    statutory,
                    (promised, note),
                ) = law;
                let (
                    (charged, fee_basis, standard),
                    (phone, complaint),
                    relief,
                    remark,
                    status,
                    sub_items_note,
                    delegation,
                    flowchart,
                    discretion,
                ) = rest;
                Item {
                    item_id: ItemId::new("placeholder").unwrap_or_else(|e| panic!("{e}")),
                    item_code: String::new(),
                    catalog_code: catalog,
                    name,
                    main_item_name,
                    sub_item_name: None,
                    parent_code: None,
                    has_sub_items: false,
                    category,
                    implementing_body,
                    undertaking_unit: unit,
                    implementing_level: level,
                    target,
                    legal_basis,
                    responsibilities: responsibilities
                        .into_iter()
                        .map(|(stage, duty)| Responsibility { stage, duty })
                        .collect(),
                    accountability: Accountability {
                        situations,
                        basis: accountability_basis,
                    },
                    time_limit: TimeLimits {
                        statutory,
                        promised,
                        note: note.map(str::to_owned),
                    },
                    fee: Fee {
                        charged,
                        basis: fee_basis,
                        standard,
                    },
                    supervision: Supervision { phone, complaint },
                    relief,
                    remark,
                    status,
                    sub_items_note,
                    delegation: delegation.map(
                        |((mode, to), from, retained_duties, effective_date)| Delegation {
                            mode,
                            from,
                            to,
                            retained_duties,
                            effective_date,
                        },
                    ),
                    flowchart,
                    discretion,
                }
            })
            .boxed()
    }

    /// A department list: items with codes and ids, some of them sub-items
    /// of an earlier main item, mostly named the way the demo names them,
    /// sometimes not (no 主项名称, a 子项名称 of their own, the main item's
    /// name as their name).
    fn department_list() -> impl Strategy<Value = DepartmentList> {
        let base = demo_lists().into_iter().next();
        (
            proptest::collection::vec(
                (
                    item_body(),
                    any::<prop::sample::Index>(),
                    any::<bool>(),
                    (0u8..6, text()),
                ),
                1..6,
            ),
            any::<bool>(),
        )
            .prop_filter_map("no demo list", move |(bodies, explicit_ids)| {
                let mut list = base.clone()?;
                let dept = list.department.dept_code.to_string();
                let mut items: Vec<Item> = Vec::new();
                for (i, (mut item, parent, is_sub, (naming, other))) in
                    bodies.into_iter().enumerate()
                {
                    item.item_code = format!("990101-{dept}-{}-{i:03}-00", item.category.abbr());
                    item.item_id = ItemId::new(if explicit_ids {
                        format!("G{i}")
                    } else {
                        item.item_code.clone()
                    })
                    .ok()?;
                    let mains: Vec<usize> = (0..items.len())
                        .filter(|&m| items[m].parent_code.is_none())
                        .collect();
                    if is_sub && !mains.is_empty() {
                        let main = mains[parent.index(mains.len())];
                        items[main].has_sub_items = true;
                        item.parent_code = Some(items[main].item_code.clone());
                        let main_name = items[main].name.clone();
                        match naming {
                            0 => item.main_item_name = None,
                            1 => item.sub_item_name = Some(other),
                            2 => {
                                item.main_item_name = Some(main_name.clone());
                                item.sub_item_name = Some(other);
                                item.name = main_name;
                            }
                            _ => {
                                item.main_item_name = Some(main_name);
                                item.sub_item_name = Some(item.name.clone());
                            }
                        }
                    }
                    items.push(item);
                }
                list.items = items;
                Some(list)
            })
    }

    /// A department list the JSON interchange accepts: flowcharts and
    /// discretion standards that fail their checks are left out, as
    /// [`interchange::parse`] refuses them.
    fn valid_department_list() -> impl Strategy<Value = DepartmentList> {
        department_list().prop_map(|mut list| {
            for item in &mut list.items {
                item.flowchart = item.flowchart.take().filter(|c| c.validate().is_empty());
                item.discretion = item.discretion.take().filter(|d| d.validate().is_empty());
            }
            list
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn json_reads_back_what_it_wrote(list in valid_department_list()) {
            check_lossless(&list, Export::Json, false).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn xlsx_reads_back_what_it_wrote(list in department_list()) {
            check_lossless(&list, Export::Xlsx, true).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn csv_bundle_reads_back_what_it_wrote(list in department_list()) {
            check_lossless(&list, Export::CsvBundle, true).map_err(TestCaseError::fail)?;
        }

        /// The 事项 table alone, merged into the items it was written from.
        #[test]
        fn items_csv_merges_back_to_what_it_wrote(list in department_list()) {
            check_lossless(&list, Export::ItemsCsv, true).map_err(TestCaseError::fail)?;
        }
    }
}

/// The office corpus (`fixtures/office/`): variant files as offices keep
/// them, each with the outcome expected of it.
mod corpus {
    use super::*;

    /// One item as `code|name|parent|time limits|discretion tiers`.
    fn summary(item: &Item) -> String {
        let tiers = item.discretion.as_ref().map_or_else(
            || "-".to_owned(),
            |d| {
                d.tiers
                    .iter()
                    .map(|t| format!("{}:{}", t.tier.short_label(), t.penalty_types.join("、")))
                    .collect::<Vec<_>>()
                    .join("；")
            },
        );
        format!(
            "{}|{}|{}|{}|{}",
            item.item_code,
            item.name,
            item.parent_code.as_deref().unwrap_or("-"),
            item.time_limit
                .to_chinese()
                .unwrap_or_else(|| "-".to_owned()),
            tiers
        )
    }

    /// What a file of the corpus must read as.
    struct Case {
        file: &'static str,
        /// Every item, as [`summary`] writes it.
        items: &'static [&'static str],
        /// The warnings, as [`SheetProblem::to_chinese`] says them.
        notices: &'static [&'static str],
        /// The problems, likewise.
        problems: &'static [&'static str],
    }

    const FILLED: [&str; 3] = [
        "第 2 行 C 列（职权名称）：“职权名称”列有 2 个空单元格按合并单元格处理，取了上一行的内容",
        "第 2 行 E 列（职权类型）：“职权类型”列有 2 个空单元格按合并单元格处理，取了上一行的内容",
        "第 2 行 F 列（实施主体）：“实施主体”列有 2 个空单元格按合并单元格处理，取了上一行的内容",
    ];

    const CORPUS: &[Case] = &[
        Case {
            file: "merged_name.csv",
            items: &[
                "SJ-XK-001|食品经营许可|-|法定20个工作日 / 承诺10个工作日|-",
                "SJ-XK-001-01|食品经营许可（新办）|SJ-XK-001|法定20个工作日 / 承诺10个工作日|-",
                "SJ-XK-001-02|食品经营许可（延续）|SJ-XK-001|法定20个工作日 / 承诺5个工作日|-",
                "SJ-CF-002|对未取得食品经营许可从事食品经营活动的处罚|-|法定90日（自立案之日起）|-",
            ],
            notices: &FILLED,
            problems: &[],
        },
        Case {
            file: "office_gbk_merged.csv",
            items: &[
                "SJ-XK-003|特种设备使用登记|-|法定15个工作日|-",
                "SJ-XK-003-01|压力容器使用登记|SJ-XK-003|法定15个工作日|-",
                "SJ-XK-003-02|电梯使用登记|SJ-XK-003|当场办结|-",
                "SJ-CF-004|对生产不符合安全标准的食品的处罚|-|法定90日（自立案之日起）|-",
            ],
            notices: &[
                "第 7 行：表格下方的说明行“备注：子项按设备种类划分。”不是事项，已跳过",
                FILLED[0],
                FILLED[1],
                FILLED[2],
            ],
            problems: &[],
        },
        Case {
            file: "chinese_numerals.csv",
            items: &[
                "MZ-XK-001|社会团体成立登记|-|法定60日 / 承诺30日|-",
                "MZ-XK-002|民办非企业单位登记|-|法定120日 / 承诺15日|-",
                "MZ-GF-003|临时救助|-|法定2个月 / 承诺20日|-",
                "MZ-QR-004|最低生活保障审核确认|-|法定30个工作日 / 当场办结|-",
                "MZ-GG-005|婚姻登记档案查询|-|当场办结|-",
            ],
            notices: &[],
            problems: &[],
        },
        Case {
            file: "combined_time_limits.csv",
            items: &[
                "ZR-XK-001|建设工程规划许可证核发|-|法定20个工作日 / 承诺10个工作日|-",
                "ZR-XK-002|乡村建设规划许可证核发|-|法定20日 / 承诺5日|-",
                "ZR-QR-003|不动产登记|-|法定30个工作日 / 承诺5个工作日|-",
                "ZR-CF-004|对非法占用土地的处罚|-|法定90日（自立案之日起）|-",
                "ZR-JC-005|土地执法检查|-|当场办结|-",
            ],
            notices: &[],
            problems: &[],
        },
        Case {
            file: "chinese_numbering.csv",
            items: &[
                "JY-XK-001|教师资格认定|-|-|-",
                "JY-XK-001-01|幼儿园教师资格认定|JY-XK-001|-|-",
                "JY-XK-001-02|小学教师资格认定|JY-XK-001|-|-",
                "JY-CF-002|对违法举办学校的处罚|-|-|-",
            ],
            notices: &[],
            problems: &[],
        },
        Case {
            file: "dotted_numbering.csv",
            items: &[
                "WJ-XK-001|医疗机构执业登记|-|-|-",
                "WJ-XK-001-01|医疗机构执业登记（设置）|WJ-XK-001|-|-",
                "WJ-XK-001-02|医疗机构执业登记（变更）|WJ-XK-001|-|-",
                "WJ-CF-002|对非法行医的处罚|-|-|-",
                "WJ-CF-002-01|对未取得执业许可证擅自执业的处罚|WJ-CF-002|-|-",
            ],
            notices: &[],
            problems: &[],
        },
        Case {
            file: "notes_rows.csv",
            items: &[
                "JT-XK-001|道路运输经营许可|-|-|-",
                "JT-CF-002|对未取得道路运输经营许可擅自从事经营的处罚|-|-|-",
            ],
            notices: &[
                "第 5 行：表格下方的说明行“填表说明：1.权力类型按十类填写；2.序…”不是事项，已跳过",
                "第 6 行：表格下方的说明行“注：本清单由县委编办审核。”不是事项，已跳过",
                "第 7 行：表格下方的说明行“本清单自公布之日起施行，由示范县交通运输…”不是事项，已跳过",
            ],
            problems: &[],
        },
        Case {
            file: "two_row_header.csv",
            items: &[
                "SW-XK-001|取水许可|-|法定45个工作日 / 承诺20个工作日|-",
                "SW-CF-002|对未经批准擅自取水的处罚|-|法定90日|-",
            ],
            notices: &["第 1 行：表头占两行（第 1 行和下一行），已合并读取"],
            problems: &[],
        },
        Case {
            file: "split_header.csv",
            items: &["LY-XK-001|林木采伐许可|-|承诺5个工作日|-"],
            notices: &["第 1 行：表头占两行（第 1 行和下一行），已合并读取"],
            problems: &[],
        },
        Case {
            // 办理时限 merged across, the other headers merged down: the
            // lower row holds every header once the merges are filled.
            file: "two_row_header.xlsx",
            items: &[
                "YJ-XK-001|危险化学品经营许可|-|法定30日 / 承诺15日|-",
                "YJ-CF-002|对未依法取得危险化学品经营许可从事经营的处罚|-|法定90日（自立案之日起）|-",
            ],
            notices: &[],
            problems: &[],
        },
        Case {
            file: "discretion_sheet.xlsx",
            items: &[
                "ZJ-QR-001|建设工程消防验收|-|法定15个工作日|-",
                "ZJ-QR-001-01|特殊建设工程消防验收|ZJ-QR-001|法定15个工作日|-",
                "ZJ-QR-001-02|其他建设工程消防验收备案|ZJ-QR-001|法定5个工作日|-",
                "ZJ-CF-002|对未取得施工许可证擅自施工的处罚|-|法定90日|从轻:处工程合同价款1%的罚款；一般:处工程合同价款1.5%的罚款；从重:处工程合同价款2%的罚款",
            ],
            notices: &[
                "第 7 行：表格下方的说明行“填表说明：子项按验收类型划分，主项不单独…”不是事项，已跳过",
                "工作表「行政处罚裁量基准」第 1 行：按表头将此工作表读作裁量基准表",
            ],
            problems: &[],
        },
        Case {
            file: "bad_time_limit.csv",
            items: &["XK-001|餐饮服务许可|-|-|-"],
            notices: &[],
            problems: &[
                "第 2 行 K 列（法定期限）事项 XK-001 餐饮服务许可：时限“二十个半工作日”无法识别，请写成“20个工作日”“60日”或“当场办结”",
            ],
        },
        Case {
            file: "missing_name.csv",
            items: &[
                "RS-XK-001|人力资源服务许可|-|-|-",
                "RS-CF-002||-|-|-",
                "RS-JL-003|对就业工作先进单位的奖励|-|-|-",
            ],
            notices: &[],
            problems: &[
                "第 5 行 C 列（职权名称）事项 RS-CF-002：职权名称不能为空",
                "第 6 行 D 列（权力类型）事项 RS-JL-003 对就业工作先进单位的奖励：权力类型“行政嘉奖”无法识别，请写成行政许可、行政处罚、行政强制、行政征收、行政裁决、行政确认、行政给付、行政奖励、行政检查、其他行政权力或公共服务",
            ],
        },
    ];

    #[test]
    fn every_file_reads_as_expected() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sheet/fixtures/office");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let mut listed: Vec<String> = CORPUS.iter().map(|c| c.file.to_owned()).collect();
        listed.sort();
        assert_eq!(
            on_disk, listed,
            "every corpus file has a case, and only those"
        );
        for case in CORPUS {
            let bytes = std::fs::read(format!("{dir}/{}", case.file))
                .unwrap_or_else(|e| panic!("{}: {e}", case.file));
            let import = read(&bytes, case.file).unwrap_or_else(|e| panic!("{}: {e}", case.file));
            let items: Vec<String> = import.items.iter().map(summary).collect();
            assert_eq!(items, case.items, "items of {}", case.file);
            let notices: Vec<String> = import.warnings.iter().map(|w| w.to_chinese()).collect();
            assert_eq!(notices, case.notices, "notices of {}", case.file);
            let problems: Vec<String> = import.problems.iter().map(|p| p.to_chinese()).collect();
            assert_eq!(problems, case.problems, "problems of {}", case.file);
        }
    }

    /// The typed kinds behind the wording.
    #[test]
    fn problems_carry_their_kind_and_item() {
        let import = read(
            include_bytes!("fixtures/office/bad_time_limit.csv"),
            "bad_time_limit.csv",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let problem = import.problems.first().cloned();
        assert_eq!(
            problem.map(|p| (p.kind, p.item, p.row, p.column, p.header)),
            Some((
                SheetProblemKind::TimeLimitNotUnderstood {
                    value: "二十个半工作日".to_owned()
                },
                Some(("XK-001".to_owned(), "餐饮服务许可".to_owned())),
                Some(2),
                Some("K".to_owned()),
                Some("法定期限".to_owned()),
            ))
        );
        let import = read(
            include_bytes!("fixtures/office/missing_name.csv"),
            "missing_name.csv",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            import.problems.first().map(|p| &p.kind),
            Some(&SheetProblemKind::Required {
                field: "职权名称".to_owned()
            })
        );
        // Display keeps the English line for logs.
        assert_eq!(
            import.problems.first().map(ToString::to_string).as_deref(),
            Some("missing_name.csv!C5 (职权名称): the item has no name")
        );
    }

    /// A problem without an item or a cell still reads in whole.
    #[test]
    fn located_wording() {
        let problem = SheetProblem {
            sheet: "事项".to_owned(),
            row: Some(5),
            column: Some("C".to_owned()),
            header: Some("职权名称".to_owned()),
            item: None,
            kind: SheetProblemKind::Required {
                field: "职权名称".to_owned(),
            },
            message: "the item has no name".to_owned(),
        };
        assert_eq!(
            problem.to_chinese(),
            "第 5 行 C 列（职权名称）：职权名称不能为空"
        );
        let duplicate = SheetProblem {
            sheet: "事项".to_owned(),
            row: Some(4),
            column: Some("B".to_owned()),
            header: Some("事项编码".to_owned()),
            item: Some(("XK-001".to_owned(), "餐饮服务许可".to_owned())),
            kind: SheetProblemKind::DuplicateCode {
                code: "XK-001".to_owned(),
                first_sheet: "事项".to_owned(),
                first_row: 2,
            },
            message: String::new(),
        };
        assert_eq!(
            duplicate.to_chinese(),
            "第 4 行 B 列（事项编码）事项 XK-001 餐饮服务许可：事项编码“XK-001”重复，工作表「事项」第 2 行已经用过"
        );
    }
}
