//! Writes the spreadsheet fixtures of `data::sheet`'s tests into
//! `data/src/sheet/fixtures/`: office-style files (GBK CSV, UTF-8 BOM CSV,
//! XLSX with a merged title row) and broken ones.
//!
//! Run `cargo run -p data --features sheets --example sheet_fixtures` after
//! changing this file, and commit the files it writes.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/sheet/fixtures");

/// An office list saved by Excel on Chinese Windows: GBK, a title row and a
/// blank row above the header, 序号 3 / 3-1 / 3－2, full-width digits and
/// spaces, line breaks in cells, several laws in one cell.
fn office_gbk() -> Result<Vec<u8>, String> {
    let text = "\
示范县市场监督管理局权责清单（2024年版）,,,,,,,,,,,,
,,,,,,,,,,,,
序号,事项编码,事项名称,子项名称,权力类型,设定依据,实施　主体,承办科室,法定期限,\"承诺\n时限\",监督电话,备注,联系人
１,９９０１０１-SJ-CF-001-00,对未取得食品经营许可从事食品经营活动的处罚,,行政处罚,\"《中华人民共和国食品安全法》第一百二十二条第一款；《中华人民共和国行政处罚法》第二十二条\",示范县市场监督管理局,综合行政执法大队,法定60日,,0000-0000002,,张三
2,990101-SJ-XK-002-00,特种设备使用登记,,行政许可,《中华人民共和国特种设备安全法》第三十三条,示范县市场监督管理局,特种设备安全监察股,当场办结,当场办结,0000-0000002,,
,,,,,,,,,,,,
3,990101-SJ-XK-003-00,食品经营许可,,行政许可,\"《中华人民共和国食品安全法》第三十五条第一款
《食品经营许可和备案管理办法》第二条\",示范县市场监督管理局,行政审批股,,,0000-0000002,\"主项不单独办理，
按子项办理。\",
3-1,990101-SJ-XK-003-01,食品经营许可,食品经营许可（新办）,行政许可,《中华人民共和国食品安全法》第三十五条第一款,示范县市场监督管理局,行政审批股,20个工作日,10个工作日,0000-0000002,,
3－2,９９０１０１－SJ－XK－００３－０２　,食品经营许可,食品经营许可（延续）,行政许可,《食品经营许可和备案管理办法》第二十七条,示范县市场监督管理局,行政审批股,２０个工作日,承诺１０个工作日,0000-0000002,,
4,990101-SJ-QT-004-00,对举报市场监管领域重大违法行为的奖励,,其他权力,《市场监管领域重大违法行为举报奖励暂行办法》第三条,示范县市场监督管理局,法规股,30天,无,0000-0000002,,
";
    let text = text
        .replace('\n', "\r\n")
        .replace("\r\n时限", "\n时限")
        .replace("\r\n《食品经营许可和备案", "\n《食品经营许可和备案")
        .replace("\r\n按子项", "\n按子项");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    if unmappable {
        return Err("the GBK fixture has characters GBK cannot hold".to_owned());
    }
    Ok(bytes.into_owned())
}

/// An office list saved as "CSV UTF-8": BOM, other header aliases, (1)/(2)
/// sub-items under their main item.
fn office_bom() -> Vec<u8> {
    let text = "\
序号,职权编码,权责事项名称,职权类型,实施依据,行使主体,责任科室,法定时限,问责情形,投诉电话,收费标准,状态
1,990101-MZ-XK-001-00,社会团体成立、变更、注销登记,XK,《社会团体登记管理条例》第三条、第六条,示范县民政局,社会组织管理股,,\"1.对符合法定条件的申请不予受理的；2.违法收取费用的\",12345,不收费,有效
（1）,990101-MZ-XK-001-01,社会团体成立登记,XK,《社会团体登记管理条例》第九条,示范县民政局,社会组织管理股,60日,,12345,不收费,有效
（2）,990101-MZ-XK-001-02,社会团体注销登记,XK,《社会团体登记管理条例》第十九条,示范县民政局,社会组织管理股,15个工作日,,12345,不收费,有效
2,990101-MZ-GG-002-00,婚姻登记档案查询,公共服务,,示范县民政局,社会事务股（婚姻登记处）,当场,,12345,,暂停
";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    bytes
}

/// A WPS-style workbook: a real merged title cell, a blank row, alias
/// headers, 责任主体 merged down the rows, numbers stored as numbers.
fn office_merged_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the file identical between runs.
    let created = ExcelDateTime::from_ymd(2024, 3, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = workbook.add_worksheet();
    sheet.set_name("自然资源局")?;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, 9, "示范县自然资源局权责清单", &title)?;
    let headers = [
        "序号",
        "权力编码",
        "职权名称",
        "权力类别",
        "依据",
        "责任主体",
        "承办机构",
        "法定时限",
        "承诺期限",
        "追责情形",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h)?;
    }
    let rows: [[&str; 10]; 4] = [
        [
            "1",
            "990101-ZR-XK-001-00",
            "建设工程规划许可证核发",
            "行政许可",
            "《中华人民共和国城乡规划法》第四十条",
            "示范县自然资源局",
            "国土空间规划股",
            "20个工作日",
            "15个工作日",
            "对符合法定条件的申请不予受理的\n违法收取费用的",
        ],
        [
            "2",
            "990101-ZR-QR-002-00",
            "不动产登记",
            "行政确认",
            "《不动产登记暂行条例》第六条",
            "示范县自然资源局",
            "不动产登记中心",
            "",
            "",
            "",
        ],
        [
            "2-1",
            "990101-ZR-QR-002-01",
            "国有建设用地使用权首次登记",
            "行政确认",
            "《不动产登记暂行条例》第二十条",
            "示范县自然资源局",
            "不动产登记中心",
            "30个工作日",
            "5个工作日",
            "",
        ],
        [
            "3",
            "990101-ZR-CF-003-00",
            "对非法占用土地的处罚",
            "CF",
            "《中华人民共和国土地管理法》第七十七条；《中华人民共和国土地管理法实施条例》第五十七条",
            "示范县自然资源局",
            "执法监察大队",
            "90日",
            "",
            "",
        ],
    ];
    // 责任主体 merged down over every data row, and the 承办机构 a main
    // item shares with its sub-item, as offices do.
    sheet.merge_range(3, 5, 6, 5, "示范县自然资源局", &Format::new())?;
    sheet.merge_range(4, 6, 5, 6, "不动产登记中心", &Format::new())?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, cell) in row.iter().enumerate() {
            if c == 5 || (c == 6 && (r == 4 || r == 5)) {
                continue;
            }
            // 序号 as a number, the way offices type it.
            if c == 0
                && let Ok(n) = cell.parse::<f64>()
            {
                sheet.write_number(r, 0, n)?;
            } else if !cell.is_empty() {
                sheet.write_string(r, c as u16, *cell)?;
            }
        }
    }
    workbook.save_to_buffer()
}

/// A workbook with a fixed creation time, so that runs write the same bytes.
fn workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 3, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

/// Writes `rows` from row `first`, skipping empty cells.
fn write_rows(
    sheet: &mut rust_xlsxwriter::Worksheet,
    first: u32,
    rows: &[&[&str]],
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(first + r as u32, c as u16, *cell)?;
            }
        }
    }
    Ok(())
}

/// A header over two rows: 办理时限 merged across 法定期限 and 承诺期限, the
/// other headers merged down over both rows; Chinese numerals and a
/// bracketed remark in the limits.
fn two_row_header_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = workbook()?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("权责清单")?;
    let plain = Format::new();
    sheet.merge_range(0, 0, 0, 6, "示范县应急管理局权责清单", &plain)?;
    for (c, header) in ["序号", "事项编码", "事项名称", "权力类型", "实施主体"]
        .iter()
        .enumerate()
    {
        sheet.merge_range(1, c as u16, 2, c as u16, header, &plain)?;
    }
    sheet.merge_range(1, 5, 1, 6, "办理时限", &plain)?;
    write_rows(sheet, 2, &[&["", "", "", "", "", "法定期限", "承诺期限"]])?;
    write_rows(
        sheet,
        3,
        &[
            &[
                "1",
                "YJ-XK-001",
                "危险化学品经营许可",
                "行政许可",
                "示范县应急管理局",
                "三十日",
                "十五日",
            ],
            &[
                "2",
                "YJ-CF-002",
                "对未依法取得危险化学品经营许可从事经营的处罚",
                "行政处罚",
                "示范县应急管理局",
                "九十日（自立案之日起）",
                "",
            ],
        ],
    )?;
    workbook.save_to_buffer()
}

/// An item sheet with the name merged down over the sub-items and a notes
/// row merged across under the table, and a second sheet of discretion
/// tiers with the office's own headers, the violation merged down.
fn discretion_sheet_xlsx() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = workbook()?;
    let plain = Format::new();
    let items = workbook.add_worksheet();
    items.set_name("权责清单")?;
    write_rows(
        items,
        0,
        &[&[
            "序号",
            "职权编码",
            "职权名称",
            "子项名称",
            "职权类型",
            "实施主体",
            "法定期限",
        ]],
    )?;
    items.merge_range(1, 2, 3, 2, "建设工程消防验收", &plain)?;
    items.merge_range(1, 5, 4, 5, "示范县住房和城乡建设局", &plain)?;
    write_rows(
        items,
        1,
        &[
            &["1", "ZJ-QR-001", "", "", "行政确认", "", "十五个工作日"],
            &[
                "1-1",
                "ZJ-QR-001-01",
                "",
                "特殊建设工程消防验收",
                "行政确认",
                "",
                "十五个工作日",
            ],
            &[
                "1-2",
                "ZJ-QR-001-02",
                "",
                "其他建设工程消防验收备案",
                "行政确认",
                "",
                "五个工作日",
            ],
            &[
                "2",
                "ZJ-CF-002",
                "对未取得施工许可证擅自施工的处罚",
                "",
                "行政处罚",
                "",
                "九十日",
            ],
        ],
    )?;
    items.merge_range(
        6,
        0,
        6,
        6,
        "填表说明：子项按验收类型划分，主项不单独办理。",
        &plain,
    )?;
    let tiers = workbook.add_worksheet();
    tiers.set_name("行政处罚裁量基准")?;
    write_rows(
        tiers,
        0,
        &[&[
            "序号",
            "职权编码",
            "违法行为",
            "处罚依据",
            "裁量阶次",
            "适用情形",
            "处罚标准",
        ]],
    )?;
    tiers.merge_range(1, 1, 3, 1, "ZJ-CF-002", &plain)?;
    tiers.merge_range(1, 2, 3, 2, "未取得施工许可证擅自施工", &plain)?;
    tiers.merge_range(1, 3, 3, 3, "《建设工程质量管理条例》第五十七条", &plain)?;
    write_rows(
        tiers,
        1,
        &[
            &[
                "1",
                "",
                "",
                "",
                "从轻",
                "及时改正，工程造价一百万元以下",
                "处工程合同价款1%的罚款",
            ],
            &[
                "2",
                "",
                "",
                "",
                "一般",
                "工程造价一百万元以上五百万元以下",
                "处工程合同价款1.5%的罚款",
            ],
            &[
                "3",
                "",
                "",
                "",
                "从重",
                "拒不改正或造成严重后果",
                "处工程合同价款2%的罚款",
            ],
        ],
    )?;
    workbook.save_to_buffer()
}

fn small_csv(rows: &[&str]) -> Vec<u8> {
    let mut text = String::from("序号,事项编码,事项名称,权力类型,实施主体\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

/// A 1×1 PNG image.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0xE9, 0xFA, 0xDC, 0xD8, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82,
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let xlsx = office_merged_xlsx()?;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("office_gbk.csv", office_gbk()?),
        ("office_bom.csv", office_bom()),
        ("truncated.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("office_merged.xlsx", xlsx),
        ("png_renamed.xlsx", PNG.to_vec()),
        ("empty.csv", Vec::new()),
        (
            "duplicate_codes.csv",
            small_csv(&[
                "1,990101-SJ-XK-001-00,食品经营许可,行政许可,示范县市场监督管理局",
                "2,990101-SJ-XK-002-00,特种设备使用登记,行政许可,示范县市场监督管理局",
                "3,990101-SJ-XK-001-00,个体工商户设立登记,行政许可,示范县市场监督管理局",
            ]),
        ),
        (
            "unknown_category.csv",
            small_csv(&[
                "1,990101-SJ-XK-001-00,食品经营许可,行政审批,示范县市场监督管理局",
                "2,990101-SJ-XK-002-00,特种设备使用登记,许可,示范县市场监督管理局",
            ]),
        ),
        (
            "script_name.csv",
            small_csv(&[
                "1,990101-SJ-XK-001-00,<script>alert('x')</script>食品经营许可,行政许可,示范县市场监督管理局",
            ]),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(Path::new(DIR).join(name), bytes)?;
        println!("wrote {name}");
    }
    // The office corpus (`fixtures/office/`): its CSV files are written by
    // hand; these are its workbooks.
    for (name, bytes) in [
        ("office/two_row_header.xlsx", two_row_header_xlsx()?),
        ("office/discretion_sheet.xlsx", discretion_sheet_xlsx()?),
    ] {
        std::fs::write(Path::new(DIR).join(name), bytes)?;
        println!("wrote {name}");
    }
    Ok(())
}
