//! A comparison of two versions (or of two departments' lists) as a
//! reviewer's 新旧对照表 workbook: an overview, one row per changed field,
//! and the flowchart and discretion changes as sentences.

use super::SheetError;
use super::export::write_workbook;
use crate::diff::{Change, Comparison, ItemDiff};
use crate::version::Adjustment;

/// What the workbook is about.
#[derive(Debug, Clone, Copy)]
pub struct ComparisonSheet<'a> {
    /// The department (or `A 与 B` for two departments).
    pub department: &'a str,
    /// The older version's title.
    pub from_label: &'a str,
    /// The newer version's title.
    pub to_label: &'a str,
    /// The comparison.
    pub comparison: &'a Comparison,
    /// The newer version's adjustment records (for types and reasons).
    pub adjustments: &'a [Adjustment],
    /// Two departments' lists compared (同一事项比对): the changes are
    /// named by which list has the item.
    pub deviation: bool,
}

/// Excel's limit on the characters of a cell.
const MAX_CELL: usize = 32_767;

fn cell(text: impl Into<String>) -> String {
    let text = text.into();
    if text.chars().count() <= MAX_CELL {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_CELL - 1).collect();
    cut.push('…');
    cut
}

fn row<const N: usize>(cells: [String; N]) -> Vec<String> {
    cells.into_iter().map(cell).collect()
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

impl ComparisonSheet<'_> {
    fn change_label(&self, change: Change) -> &'static str {
        match (self.deviation, change) {
            // The summary's word for items no longer listed.
            (false, Change::Removed) => "取消",
            (false, change) => change.label(),
            (true, change) => change.deviation_label(),
        }
    }

    fn records(&self, item: &ItemDiff) -> Vec<&Adjustment> {
        item.adjustments
            .iter()
            .filter_map(|r| {
                self.adjustments
                    .iter()
                    .find(|a| a.adjustment_id == r.adjustment_id)
            })
            .collect()
    }

    fn code(item: &ItemDiff) -> String {
        match (&item.item_code.before, &item.item_code.after) {
            (Some(before), Some(after)) if before != after => format!("{before} → {after}"),
            (_, Some(code)) | (Some(code), None) => code.clone(),
            (None, None) => String::new(),
        }
    }

    fn overview(&self) -> Vec<Vec<String>> {
        let s = &self.comparison.summary;
        let line = if self.deviation {
            format!(
                "仅本部门有 {} 项 · 仅对方有 {} 项 · 不一致 {} 项 · 一致 {} 项",
                s.removed, s.added, s.changed, s.unchanged
            )
        } else {
            format!(
                "新增 {} 项 · 取消 {} 项 · 变更 {} 项 · 未变 {} 项",
                s.added, s.removed, s.changed, s.unchanged
            )
        };
        let [added, removed, changed, unchanged] = [
            Change::Added,
            Change::Removed,
            Change::Changed,
            Change::Unchanged,
        ]
        .map(|c| self.change_label(c).to_owned());
        let mut rows = vec![
            headers(&["项目", "内容", "", "", ""]),
            row([
                "部门".into(),
                self.department.into(),
                String::new(),
                String::new(),
                String::new(),
            ]),
            row([
                "原版本".into(),
                self.from_label.into(),
                String::new(),
                String::new(),
                String::new(),
            ]),
            row([
                "新版本".into(),
                self.to_label.into(),
                String::new(),
                String::new(),
                String::new(),
            ]),
            row([
                "比对结果".into(),
                line,
                String::new(),
                String::new(),
                String::new(),
            ]),
            vec![String::new(); 5],
            row(["类别".into(), added, removed, changed, unchanged]),
        ];
        for c in &s.by_category {
            rows.push(row([
                c.category.name().into(),
                c.added.to_string(),
                c.removed.to_string(),
                c.changed.to_string(),
                c.unchanged.to_string(),
            ]));
        }
        if !s.by_adjustment.is_empty() {
            rows.push(vec![String::new(); 5]);
            rows.push(row([
                "调整类型".into(),
                "事项数".into(),
                String::new(),
                String::new(),
                String::new(),
            ]));
            for a in &s.by_adjustment {
                rows.push(row([
                    a.label.clone(),
                    a.items.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]));
            }
        }
        rows
    }

    fn fields(&self) -> Vec<Vec<String>> {
        let mut rows = vec![headers(&[
            "序号",
            "调整类型",
            "调整记录",
            "事项编码",
            "事项名称",
            "类别",
            "变化",
            "字段",
            "调整前",
            "调整后",
            "调整理由",
        ])];
        for item in &self.comparison.items {
            let records = self.records(item);
            let types = if records.is_empty() {
                if self.deviation {
                    String::new()
                } else {
                    item.proposed_adjustment.label().to_owned()
                }
            } else {
                records
                    .iter()
                    .map(|a| a.type_label.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            };
            let ids = records
                .iter()
                .map(|a| a.adjustment_id.as_str())
                .collect::<Vec<_>>()
                .join("；");
            let reasons = records
                .iter()
                .map(|a| a.reason.as_str())
                .collect::<Vec<_>>()
                .join("；");
            let mut push = |field: &str, before: String, after: String| {
                let n = rows.len();
                rows.push(row([
                    n.to_string(),
                    types.clone(),
                    ids.clone(),
                    Self::code(item),
                    item.name.clone(),
                    item.category.name().into(),
                    self.change_label(item.change).into(),
                    field.into(),
                    before,
                    after,
                    reasons.clone(),
                ]));
            };
            match item.change {
                Change::Added => push("整个事项", "无".into(), item.name.clone()),
                Change::Removed => push("整个事项", item.name.clone(), "无".into()),
                Change::Changed | Change::Unchanged => {
                    // A renumbering is reported in the code alone.
                    if let (Some(before), Some(after)) =
                        (&item.item_code.before, &item.item_code.after)
                        && before != after
                    {
                        push("事项编码", before.clone(), after.clone());
                    }
                    for field in &item.fields {
                        let (before, after) = field.texts();
                        push(&field.label, before, after);
                    }
                    if let Some(legal) = &item.legal_basis {
                        for entry in &legal.entries {
                            push(
                                "法律依据",
                                entry.citation_before.clone().unwrap_or_else(|| "无".into()),
                                entry.citation_after.clone().unwrap_or_else(|| "无".into()),
                            );
                        }
                    }
                    if item.flowchart.is_some() {
                        push(
                            "运行流程图",
                            "见“流程图变化”".into(),
                            "见“流程图变化”".into(),
                        );
                    }
                    if item.discretion.is_some() {
                        push(
                            "裁量基准",
                            "见“裁量基准变化”".into(),
                            "见“裁量基准变化”".into(),
                        );
                    }
                }
            }
        }
        rows
    }

    fn sentences(&self, text_of: impl Fn(&ItemDiff) -> Option<&Vec<String>>) -> Vec<Vec<String>> {
        let mut rows = vec![headers(&["序号", "事项编码", "事项名称", "变化说明"])];
        for item in &self.comparison.items {
            for sentence in text_of(item).into_iter().flatten() {
                let n = rows.len();
                rows.push(row([
                    n.to_string(),
                    Self::code(item),
                    item.name.clone(),
                    sentence.clone(),
                ]));
            }
        }
        rows
    }
}

/// Writes the comparison as a workbook with the sheets 概况, 新旧对照表,
/// 流程图变化 and 裁量基准变化.
pub fn comparison_to_xlsx(sheet: &ComparisonSheet<'_>) -> Result<Vec<u8>, SheetError> {
    write_workbook(&[
        ("概况", sheet.overview()),
        ("新旧对照表", sheet.fields()),
        (
            "流程图变化",
            sheet.sentences(|i| i.flowchart.as_ref().map(|f| &f.text)),
        ),
        (
            "裁量基准变化",
            sheet.sentences(|i| i.discretion.as_ref().map(|d| &d.text)),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx};

    fn read(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("not a workbook: {e}"));
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let range = book
                    .worksheet_range(&name)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                let rows = range
                    .rows()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect();
                (name, rows)
            })
            .collect()
    }

    fn demo() -> (Vec<crate::Item>, crate::interchange::DepartmentList) {
        let parse = |text: &str| {
            crate::interchange::parse(text.as_bytes()).unwrap_or_else(|e| panic!("demo: {e:?}"))
        };
        let before = parse(include_str!("../../demo/sample.json"))
            .lists
            .into_iter()
            .find(|l| l.department.dept_code.as_str() == "ZR")
            .map(|l| l.items)
            .unwrap_or_else(|| panic!("no ZR"));
        let after = parse(include_str!("../../demo/sample_v2.json"))
            .lists
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no list"));
        (before, after)
    }

    #[test]
    fn the_demo_comparison_as_a_workbook() {
        let (before, after) = demo();
        let comparison = crate::diff::compare(&before, &after.items, &after.adjustments);
        let bytes = comparison_to_xlsx(&ComparisonSheet {
            department: "示范县自然资源局",
            from_label: "2024年版",
            to_label: "2025年版",
            comparison: &comparison,
            adjustments: &after.adjustments,
            deviation: false,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let sheets = read(bytes);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["概况", "新旧对照表", "流程图变化", "裁量基准变化"]);
        let text = |i: usize| {
            sheets[i]
                .1
                .iter()
                .map(|r| r.join(" | "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(text(0).contains("新增 2 项 · 取消 2 项 · 变更 4 项 · 未变 10 项"));
        // 不动产登记 (国有建设用地使用权…登记): promised 10 → 5 working days, with its reason.
        let promised = sheets[1]
            .1
            .iter()
            .find(|r| r[4].contains("国有建设用地使用权") && r[7] == "承诺期限")
            .unwrap_or_else(|| panic!("no promised-limit row:\n{}", text(1)));
        assert_eq!(
            (promised[8].as_str(), promised[9].as_str()),
            ("10个工作日", "5个工作日")
        );
        assert!(!promised[10].is_empty(), "reason missing: {promised:?}");
        assert!(
            text(3).contains("730") && text(3).contains("1000"),
            "{}",
            text(3)
        );
        assert!(text(2).contains("删除步骤「审核"), "{}", text(2));
        insta::assert_snapshot!(
            "comparison_workbook",
            sheets
                .iter()
                .enumerate()
                .map(|(i, (name, _))| format!("## {name}\n{}", text(i)))
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }

    #[test]
    fn an_empty_comparison_has_headers_only() {
        let (before, _) = demo();
        let comparison = crate::diff::compare(&before, &before, &[]);
        let sheets = read(
            comparison_to_xlsx(&ComparisonSheet {
                department: "示范县自然资源局",
                from_label: "2024年版",
                to_label: "2024年版",
                comparison: &comparison,
                adjustments: &[],
                deviation: false,
            })
            .unwrap_or_else(|e| panic!("{e}")),
        );
        for (name, rows) in &sheets[1..] {
            assert_eq!(rows.len(), 1, "{name}");
        }
    }
}
