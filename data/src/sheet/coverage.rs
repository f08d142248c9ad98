//! What a file carried, and how the items it holds update existing ones.
//!
//! A spreadsheet may hold only some of what an item is made of: the 事项
//! table alone has no flowchart steps and no discretion tiers, writes legal
//! bases as citations, and an office's list has only the columns the office
//! keeps. [`Coverage`] records what a file had (its tables and the item
//! fields its 事项 table had columns for, whatever header names it used),
//! and [`Coverage::merge`] updates an existing item with exactly that:
//! everything the file has no place for stays as it was.

use std::collections::{BTreeSet, HashMap};

use serde::{Serialize, Serializer};

use super::import::{self, ChartColumns, Echo};
use super::tables::Col;
use crate::flowchart::{ChartSupervision, Flowchart};
use crate::item::{Accountability, Delegation, Fee, Item, LegalBasis, Supervision, TimeLimits};

/// A table that holds item data, as a workbook sheet or a file of a CSV zip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetTable {
    /// 事项: one row per item; every file has it.
    Items,
    /// 法律依据: the legal bases and 问责依据 as structured records.
    LegalBasis,
    /// 流程步骤: the flowcharts' steps.
    FlowchartNodes,
    /// 流转条件: the flowcharts' transitions.
    FlowchartEdges,
    /// 裁量基准: the discretion standards.
    Discretion,
}

impl SheetTable {
    /// Every table, in workbook order.
    pub const ALL: [SheetTable; 5] = [
        SheetTable::Items,
        SheetTable::LegalBasis,
        SheetTable::FlowchartNodes,
        SheetTable::FlowchartEdges,
        SheetTable::Discretion,
    ];

    /// The sheet's name: `事项`, `法律依据`, `流程步骤`, `流转条件`, `裁量基准`.
    pub fn title(self) -> &'static str {
        match self {
            SheetTable::Items => "事项",
            SheetTable::LegalBasis => "法律依据",
            SheetTable::FlowchartNodes => "流程步骤",
            SheetTable::FlowchartEdges => "流转条件",
            SheetTable::Discretion => "裁量基准",
        }
    }
}

/// A part of an item a file can carry, named by its interchange path
/// (`name`, `time_limit.promised`, `flowchart.nodes`); serialised as that path.
///
/// `item_id` is not one: an item keeps its identity (see [`Coverage::merge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemField {
    /// `item_code`
    ItemCode,
    /// `catalog_code`
    CatalogCode,
    /// `name`
    Name,
    /// `main_item_name`
    MainItemName,
    /// `sub_item_name`
    SubItemName,
    /// `parent_code`
    ParentCode,
    /// `has_sub_items`
    HasSubItems,
    /// `category`
    Category,
    /// `implementing_body`
    ImplementingBody,
    /// `undertaking_unit`
    UndertakingUnit,
    /// `implementing_level`
    ImplementingLevel,
    /// `target`
    Target,
    /// `legal_basis`
    LegalBasis,
    /// `responsibilities`
    Responsibilities,
    /// `accountability.situations`
    AccountabilitySituations,
    /// `accountability.basis`
    AccountabilityBasis,
    /// `time_limit.statutory`
    StatutoryTimeLimit,
    /// `time_limit.promised`
    PromisedTimeLimit,
    /// `fee.charged`
    FeeCharged,
    /// `fee.basis`
    FeeBasis,
    /// `fee.standard`
    FeeStandard,
    /// `supervision.phone`
    SupervisionPhone,
    /// `supervision.complaint`
    SupervisionComplaint,
    /// `relief`
    Relief,
    /// `remark`
    Remark,
    /// `status`
    Status,
    /// `sub_items_note`
    SubItemsNote,
    /// `delegation.mode`
    DelegationMode,
    /// `delegation.from`
    DelegationFrom,
    /// `delegation.to`
    DelegationTo,
    /// `delegation.retained_duties`
    DelegationRetainedDuties,
    /// `delegation.effective_date`
    DelegationEffectiveDate,
    /// `flowchart.title`
    FlowchartTitle,
    /// `flowchart.procedure`
    FlowchartProcedure,
    /// `flowchart.supervision`
    FlowchartSupervision,
    /// `flowchart.note`
    FlowchartNote,
    /// `flowchart.nodes`
    FlowchartNodes,
    /// `flowchart.edges`
    FlowchartEdges,
    /// `discretion`
    Discretion,
}

impl ItemField {
    /// Every field, in item order.
    pub const ALL: [ItemField; 39] = [
        ItemField::ItemCode,
        ItemField::CatalogCode,
        ItemField::Name,
        ItemField::MainItemName,
        ItemField::SubItemName,
        ItemField::ParentCode,
        ItemField::HasSubItems,
        ItemField::Category,
        ItemField::ImplementingBody,
        ItemField::UndertakingUnit,
        ItemField::ImplementingLevel,
        ItemField::Target,
        ItemField::LegalBasis,
        ItemField::Responsibilities,
        ItemField::AccountabilitySituations,
        ItemField::AccountabilityBasis,
        ItemField::StatutoryTimeLimit,
        ItemField::PromisedTimeLimit,
        ItemField::FeeCharged,
        ItemField::FeeBasis,
        ItemField::FeeStandard,
        ItemField::SupervisionPhone,
        ItemField::SupervisionComplaint,
        ItemField::Relief,
        ItemField::Remark,
        ItemField::Status,
        ItemField::SubItemsNote,
        ItemField::DelegationMode,
        ItemField::DelegationFrom,
        ItemField::DelegationTo,
        ItemField::DelegationRetainedDuties,
        ItemField::DelegationEffectiveDate,
        ItemField::FlowchartTitle,
        ItemField::FlowchartProcedure,
        ItemField::FlowchartSupervision,
        ItemField::FlowchartNote,
        ItemField::FlowchartNodes,
        ItemField::FlowchartEdges,
        ItemField::Discretion,
    ];

    /// The interchange path, e.g. `time_limit.promised`.
    pub fn path(self) -> &'static str {
        match self {
            ItemField::ItemCode => "item_code",
            ItemField::CatalogCode => "catalog_code",
            ItemField::Name => "name",
            ItemField::MainItemName => "main_item_name",
            ItemField::SubItemName => "sub_item_name",
            ItemField::ParentCode => "parent_code",
            ItemField::HasSubItems => "has_sub_items",
            ItemField::Category => "category",
            ItemField::ImplementingBody => "implementing_body",
            ItemField::UndertakingUnit => "undertaking_unit",
            ItemField::ImplementingLevel => "implementing_level",
            ItemField::Target => "target",
            ItemField::LegalBasis => "legal_basis",
            ItemField::Responsibilities => "responsibilities",
            ItemField::AccountabilitySituations => "accountability.situations",
            ItemField::AccountabilityBasis => "accountability.basis",
            ItemField::StatutoryTimeLimit => "time_limit.statutory",
            ItemField::PromisedTimeLimit => "time_limit.promised",
            ItemField::FeeCharged => "fee.charged",
            ItemField::FeeBasis => "fee.basis",
            ItemField::FeeStandard => "fee.standard",
            ItemField::SupervisionPhone => "supervision.phone",
            ItemField::SupervisionComplaint => "supervision.complaint",
            ItemField::Relief => "relief",
            ItemField::Remark => "remark",
            ItemField::Status => "status",
            ItemField::SubItemsNote => "sub_items_note",
            ItemField::DelegationMode => "delegation.mode",
            ItemField::DelegationFrom => "delegation.from",
            ItemField::DelegationTo => "delegation.to",
            ItemField::DelegationRetainedDuties => "delegation.retained_duties",
            ItemField::DelegationEffectiveDate => "delegation.effective_date",
            ItemField::FlowchartTitle => "flowchart.title",
            ItemField::FlowchartProcedure => "flowchart.procedure",
            ItemField::FlowchartSupervision => "flowchart.supervision",
            ItemField::FlowchartNote => "flowchart.note",
            ItemField::FlowchartNodes => "flowchart.nodes",
            ItemField::FlowchartEdges => "flowchart.edges",
            ItemField::Discretion => "discretion",
        }
    }

    /// The Chinese name, as the header our workbook writes for it (the
    /// table's name for the parts that have their own table).
    pub fn label(self) -> &'static str {
        match self {
            ItemField::ItemCode => "事项编码",
            ItemField::CatalogCode => "目录编码",
            ItemField::Name => "事项名称",
            ItemField::MainItemName => "主项名称",
            ItemField::SubItemName => "子项名称",
            ItemField::ParentCode => "上级事项编码",
            ItemField::HasSubItems => "含子项",
            ItemField::Category => "权力类型",
            ItemField::ImplementingBody => "实施主体",
            ItemField::UndertakingUnit => "承办机构",
            ItemField::ImplementingLevel => "行使层级",
            ItemField::Target => "行使对象",
            ItemField::LegalBasis => "法律依据",
            ItemField::Responsibilities => "责任事项",
            ItemField::AccountabilitySituations => "追责情形",
            ItemField::AccountabilityBasis => "问责依据",
            ItemField::StatutoryTimeLimit => "法定期限",
            ItemField::PromisedTimeLimit => "承诺期限",
            ItemField::FeeCharged => "是否收费",
            ItemField::FeeBasis => "收费依据",
            ItemField::FeeStandard => "收费标准",
            ItemField::SupervisionPhone => "监督电话",
            ItemField::SupervisionComplaint => "投诉渠道",
            ItemField::Relief => "救济途径",
            ItemField::Remark => "备注",
            ItemField::Status => "状态",
            ItemField::SubItemsNote => "子项说明",
            ItemField::DelegationMode => "下放委托方式",
            ItemField::DelegationFrom => "原行使主体",
            ItemField::DelegationTo => "承接主体",
            ItemField::DelegationRetainedDuties => "保留职责",
            ItemField::DelegationEffectiveDate => "下放生效日期",
            ItemField::FlowchartTitle => "流程图名称",
            ItemField::FlowchartProcedure => "流程图程序",
            ItemField::FlowchartSupervision => "流程图监督渠道",
            ItemField::FlowchartNote => "流程图备注",
            ItemField::FlowchartNodes => "流程步骤",
            ItemField::FlowchartEdges => "流转条件",
            ItemField::Discretion => "裁量基准",
        }
    }
}

impl Serialize for ItemField {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.path())
    }
}

/// How a file gives one field of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Not at all: the existing value stays.
    Absent,
    /// As a value to take as it is: a structured table, the JSON
    /// interchange, or what the other rows imply (子项 under a 序号).
    Exact,
    /// As one cell of the item's row, which may say less than the value
    /// holds: the existing value stays when its own cell reads back as
    /// what the file's cell reads as.
    Cell,
}

/// What a file carried: the tables it had and the item fields it had
/// columns for; see the module docs.
///
/// [`read`](super::read) reports it in [`SheetImport::coverage`](super::SheetImport::coverage);
/// [`Coverage::complete`] stands for a file that carries everything, such as
/// the JSON interchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// The tables the file had, in workbook order; always [`SheetTable::Items`].
    pub tables: BTreeSet<SheetTable>,
    /// The fields the file carries for every item, in item order. A field is
    /// carried when the 事项 table has a column for it under any of the
    /// header names offices use (`职权名称` counts as `name`), or its table
    /// is there (`flowchart.nodes` with 流程步骤). When a workbook has
    /// several 事项 sheets, a field is listed when each of them has it.
    pub fields: BTreeSet<ItemField>,
    /// The columns of each 事项 sheet; empty for [`Coverage::complete`].
    #[serde(skip)]
    layouts: Vec<BTreeSet<Col>>,
    /// The 事项 sheet (index into `layouts`) of each item, by item code.
    #[serde(skip)]
    layout_of: HashMap<String, usize>,
}

impl Coverage {
    /// The coverage of a file that carries every table and field exactly,
    /// such as the JSON interchange: [`Coverage::merge`] then gives the
    /// imported item with the existing item's id.
    pub fn complete() -> Coverage {
        Coverage {
            tables: SheetTable::ALL.into_iter().collect(),
            fields: ItemField::ALL.into_iter().collect(),
            layouts: Vec::new(),
            layout_of: HashMap::new(),
        }
    }

    /// The coverage of a sheet file: its tables, the columns of each of its
    /// 事项 sheets, and the sheet of each item code.
    pub(crate) fn of_sheets(
        tables: BTreeSet<SheetTable>,
        layouts: Vec<BTreeSet<Col>>,
        layout_of: HashMap<String, usize>,
    ) -> Coverage {
        let fields = ItemField::ALL
            .into_iter()
            .filter(|field| {
                !layouts.is_empty()
                    && layouts
                        .iter()
                        .all(|columns| source(*field, Some(columns), &tables) != Source::Absent)
            })
            .collect();
        Coverage {
            tables,
            fields,
            layouts,
            layout_of,
        }
    }

    /// Whether the file carries every table and every field: then it can
    /// stand for the whole list (as [`to_xlsx`](super::to_xlsx) and
    /// [`to_csv_bundle`](super::to_csv_bundle) files do).
    pub fn is_complete(&self) -> bool {
        self.tables.len() == SheetTable::ALL.len() && self.fields.len() == ItemField::ALL.len()
    }

    /// Whether the file carries `field` (for every item).
    pub fn carries(&self, field: ItemField) -> bool {
        self.fields.contains(&field)
    }

    /// The fields the file does not carry: [`Coverage::merge`] keeps them
    /// from the existing item.
    pub fn kept(&self) -> Vec<ItemField> {
        ItemField::ALL
            .into_iter()
            .filter(|field| !self.carries(*field))
            .collect()
    }

    /// The columns of the 事项 sheet the item with `item_code` was read
    /// from (the first sheet's for an unknown code); `None` for a file read
    /// as a whole (the JSON interchange).
    fn layout(&self, item_code: &str) -> Option<&BTreeSet<Col>> {
        let index = self.layout_of.get(item_code).copied().unwrap_or(0);
        self.layouts.get(index).or_else(|| self.layouts.first())
    }

    /// `existing` updated with what the file says of it: `imported` is the
    /// item the file holds under the same item code (the caller matches
    /// them; an imported item that matches none is new and is stored as it
    /// is).
    ///
    /// The result takes from `imported` exactly what the file carried and
    /// everything else from `existing`:
    ///
    /// * `item_id` is always the existing one;
    /// * a field the file has no column for (see [`Coverage::fields`]), and
    ///   a flowchart or discretion standard when its tables are missing,
    ///   are kept from `existing`;
    /// * a field read from a cell of the item's row is kept from `existing`
    ///   when the cell `existing` would be written as reads back as the same
    ///   as the file's cell, and taken from `imported` otherwise. So a file
    ///   exported from `existing` and read back changes nothing, even where
    ///   a cell says less than the value holds (a legal basis written as a
    ///   citation has no level, date or note; `20个工作日` in a 办理时限
    ///   column is both limits), while any edit of the cell comes through;
    /// * legal bases read from citations are compared one by one: a
    ///   citation that reads as one of the existing bases keeps that basis
    ///   (its level, date, note, whether it was checked); an edited or new
    ///   citation is read as written;
    /// * the parts of a flowchart (title, procedure, steps, transitions,
    ///   supervision, note) and of a delegation are merged one by one the
    ///   same way.
    pub fn merge(&self, existing: &Item, imported: Item) -> Item {
        let layout = self.layout(&imported.item_code);
        let source = |field: ItemField| source(field, layout, &self.tables);
        let echo: Option<Echo> = layout.and_then(|columns| import::echo(existing, columns));
        let echoed = echo.as_ref().map(|e| &e.item);
        let Item {
            item_id: _,
            item_code,
            catalog_code,
            name,
            main_item_name,
            sub_item_name,
            parent_code,
            has_sub_items,
            category,
            implementing_body,
            undertaking_unit,
            implementing_level,
            target,
            legal_basis,
            responsibilities,
            accountability,
            time_limit,
            fee,
            supervision,
            relief,
            remark,
            status,
            sub_items_note,
            delegation,
            flowchart,
            discretion,
        } = imported;
        macro_rules! take {
            ($field:expr, $($path:ident).+, $value:expr) => {
                pick(
                    source($field),
                    &existing.$($path).+,
                    $value,
                    echoed.map(|e| &e.$($path).+),
                )
            };
        }
        use ItemField as F;
        let legal_basis = match (source(F::LegalBasis), layout) {
            (Source::Cell, Some(columns)) => merge_bases(&existing.legal_basis, legal_basis, |b| {
                import::echo_bases(b, columns)
            }),
            (Source::Absent, _) => existing.legal_basis.clone(),
            _ => legal_basis,
        };
        let accountability_basis = match source(F::AccountabilityBasis) {
            Source::Cell => merge_bases(
                &existing.accountability.basis,
                accountability.basis,
                import::echo_accountability_bases,
            ),
            Source::Absent => existing.accountability.basis.clone(),
            Source::Exact => accountability.basis,
        };
        Item {
            item_id: existing.item_id.clone(),
            item_code: take!(F::ItemCode, item_code, item_code),
            catalog_code: take!(F::CatalogCode, catalog_code, catalog_code),
            name: take!(F::Name, name, name),
            main_item_name: take!(F::MainItemName, main_item_name, main_item_name),
            sub_item_name: take!(F::SubItemName, sub_item_name, sub_item_name),
            parent_code: take!(F::ParentCode, parent_code, parent_code),
            has_sub_items: take!(F::HasSubItems, has_sub_items, has_sub_items),
            category: take!(F::Category, category, category),
            implementing_body: take!(F::ImplementingBody, implementing_body, implementing_body),
            undertaking_unit: take!(F::UndertakingUnit, undertaking_unit, undertaking_unit),
            implementing_level: take!(F::ImplementingLevel, implementing_level, implementing_level),
            target: take!(F::Target, target, target),
            legal_basis,
            responsibilities: take!(F::Responsibilities, responsibilities, responsibilities),
            accountability: Accountability {
                situations: take!(
                    F::AccountabilitySituations,
                    accountability.situations,
                    accountability.situations
                ),
                basis: accountability_basis,
            },
            time_limit: TimeLimits {
                statutory: take!(
                    F::StatutoryTimeLimit,
                    time_limit.statutory,
                    time_limit.statutory
                ),
                promised: take!(
                    F::PromisedTimeLimit,
                    time_limit.promised,
                    time_limit.promised
                ),
                // The note is written beside the limits, in their cells.
                note: take!(F::StatutoryTimeLimit, time_limit.note, time_limit.note),
            },
            fee: Fee {
                charged: take!(F::FeeCharged, fee.charged, fee.charged),
                basis: take!(F::FeeBasis, fee.basis, fee.basis),
                standard: take!(F::FeeStandard, fee.standard, fee.standard),
            },
            supervision: Supervision {
                phone: take!(F::SupervisionPhone, supervision.phone, supervision.phone),
                complaint: take!(
                    F::SupervisionComplaint,
                    supervision.complaint,
                    supervision.complaint
                ),
            },
            relief: take!(F::Relief, relief, relief),
            remark: take!(F::Remark, remark, remark),
            status: take!(F::Status, status, status),
            sub_items_note: take!(F::SubItemsNote, sub_items_note, sub_items_note),
            delegation: merge_delegation(
                &source,
                existing.delegation.as_ref(),
                delegation,
                echoed.map(|e| e.delegation.as_ref()),
            ),
            flowchart: merge_chart(
                &source,
                existing.flowchart.as_ref(),
                flowchart,
                echo.as_ref().map(|e| &e.chart),
            ),
            discretion: match source(F::Discretion) {
                Source::Absent => existing.discretion.clone(),
                _ => discretion,
            },
        }
    }

    /// [`Coverage::merge`] over a list: each imported item merged into the
    /// existing item with the same item code, an imported item with a code
    /// no existing item has (or with no code) as it is. The result is in
    /// the file's order; existing items the file does not hold are left
    /// out (they were removed).
    pub fn merge_items(&self, existing: &[Item], imported: Vec<Item>) -> Vec<Item> {
        let by_code: HashMap<&str, &Item> = existing
            .iter()
            .rev()
            .filter(|item| !item.item_code.is_empty())
            .map(|item| (item.item_code.as_str(), item))
            .collect();
        imported
            .into_iter()
            .map(|item| match by_code.get(item.item_code.as_str()) {
                Some(old) => self.merge(old, item),
                None => item,
            })
            .collect()
    }
}

/// How `field` comes in a file with the 事项 columns `columns` (`None` for
/// a file read as a whole) and `tables`.
fn source(
    field: ItemField,
    columns: Option<&BTreeSet<Col>>,
    tables: &BTreeSet<SheetTable>,
) -> Source {
    let Some(columns) = columns else {
        return Source::Exact;
    };
    let has = |col: Col| columns.contains(&col);
    let any = |cols: &[Col]| cols.iter().any(|col| has(*col));
    let table = |t: SheetTable| tables.contains(&t);
    let cell = |carried: bool| {
        if carried {
            Source::Cell
        } else {
            Source::Absent
        }
    };
    let exact = |carried: bool| {
        if carried {
            Source::Exact
        } else {
            Source::Absent
        }
    };
    // A delegation is read when it has a mode or a recipient; the other
    // columns alone make none.
    let delegation = |col: Col| cell(has(col) && any(&[Col::DelegationMode, Col::DelegationTo]));
    // The chart's columns are read with its steps or transitions only.
    let chart = |col: Col| {
        cell(has(col) && (table(SheetTable::FlowchartNodes) || table(SheetTable::FlowchartEdges)))
    };
    match field {
        ItemField::ItemCode => cell(has(Col::Code)),
        ItemField::CatalogCode => cell(has(Col::CatalogCode)),
        ItemField::Name => cell(any(&[Col::Name, Col::MainName, Col::SubName])),
        ItemField::MainItemName => cell(has(Col::MainName)),
        ItemField::SubItemName => cell(has(Col::SubName)),
        // Without their own column, 序号 (`3-1`) tells them.
        ItemField::ParentCode if !has(Col::ParentCode) => exact(has(Col::Seq)),
        ItemField::ParentCode => Source::Cell,
        ItemField::HasSubItems if !has(Col::HasSubItems) => {
            exact(any(&[Col::Seq, Col::ParentCode]))
        }
        ItemField::HasSubItems => Source::Cell,
        ItemField::Category => cell(has(Col::Category)),
        ItemField::ImplementingBody => cell(has(Col::Body)),
        ItemField::UndertakingUnit => cell(has(Col::Unit)),
        ItemField::ImplementingLevel => cell(has(Col::Level)),
        ItemField::Target => cell(has(Col::Target)),
        ItemField::LegalBasis | ItemField::AccountabilityBasis if table(SheetTable::LegalBasis) => {
            Source::Exact
        }
        ItemField::LegalBasis => cell(any(&[
            Col::Basis,
            Col::CreatingBasis,
            Col::ImplementingBasis,
        ])),
        ItemField::AccountabilityBasis => cell(has(Col::AccountabilityBasis)),
        ItemField::Responsibilities => cell(has(Col::Responsibilities)),
        ItemField::AccountabilitySituations => cell(has(Col::Situations)),
        ItemField::StatutoryTimeLimit => cell(any(&[Col::Statutory, Col::TimeLimit])),
        ItemField::PromisedTimeLimit => cell(any(&[Col::Promised, Col::TimeLimit])),
        // Without 是否收费, whether a fee is charged is told by 收费标准.
        ItemField::FeeCharged => cell(any(&[Col::FeeCharged, Col::FeeStandard])),
        ItemField::FeeBasis => cell(has(Col::FeeBasis)),
        ItemField::FeeStandard => cell(has(Col::FeeStandard)),
        ItemField::SupervisionPhone => cell(has(Col::Phone)),
        ItemField::SupervisionComplaint => cell(has(Col::Complaint)),
        ItemField::Relief => cell(has(Col::Relief)),
        ItemField::Remark => cell(has(Col::Remark)),
        ItemField::Status => cell(has(Col::Status)),
        ItemField::SubItemsNote => cell(has(Col::SubItemsNote)),
        ItemField::DelegationMode => cell(has(Col::DelegationMode)),
        ItemField::DelegationTo => cell(has(Col::DelegationTo)),
        ItemField::DelegationFrom => delegation(Col::DelegationFrom),
        ItemField::DelegationRetainedDuties => delegation(Col::DelegationDuties),
        ItemField::DelegationEffectiveDate => delegation(Col::DelegationDate),
        ItemField::FlowchartTitle => chart(Col::ChartTitle),
        ItemField::FlowchartProcedure => chart(Col::ChartProcedure),
        ItemField::FlowchartSupervision => chart(Col::ChartChannels),
        ItemField::FlowchartNote => chart(Col::ChartNote),
        ItemField::FlowchartNodes => exact(table(SheetTable::FlowchartNodes)),
        ItemField::FlowchartEdges => exact(table(SheetTable::FlowchartEdges)),
        ItemField::Discretion => exact(table(SheetTable::Discretion)),
    }
}

/// One field of a merged item: the existing value, the imported one, or —
/// for a cell — the existing one when the cell it would be written as
/// (`echo`, read back) says the same as the file's.
fn pick<T: PartialEq + Clone>(source: Source, existing: &T, imported: T, echo: Option<&T>) -> T {
    match source {
        Source::Absent => existing.clone(),
        Source::Exact => imported,
        Source::Cell if echo == Some(&imported) => existing.clone(),
        Source::Cell => imported,
    }
}

/// Legal bases read from citation cells: the existing ones when their cells
/// read back as the file's; else each imported basis that reads as one of
/// the existing bases (`echo` of that basis alone) is that existing basis,
/// preferring the one at the same position.
fn merge_bases(
    existing: &[LegalBasis],
    imported: Vec<LegalBasis>,
    echo: impl Fn(&[LegalBasis]) -> Vec<LegalBasis>,
) -> Vec<LegalBasis> {
    if echo(existing) == imported {
        return existing.to_vec();
    }
    let echoes: Vec<Vec<LegalBasis>> = existing
        .iter()
        .map(|basis| echo(std::slice::from_ref(basis)))
        .collect();
    let mut used = vec![false; existing.len()];
    let mut merged = Vec::with_capacity(imported.len());
    for (position, basis) in imported.into_iter().enumerate() {
        let reads_as = |j: usize| !used[j] && echoes[j].as_slice() == std::slice::from_ref(&basis);
        let found = Some(position)
            .filter(|&j| j < existing.len() && reads_as(j))
            .or_else(|| (0..existing.len()).find(|&j| reads_as(j)));
        match found {
            Some(j) => {
                used[j] = true;
                merged.push(existing[j].clone());
            }
            None => merged.push(basis),
        }
    }
    merged
}

/// A delegation merged part by part; `echo` is what the row written from
/// the existing item reads back as.
fn merge_delegation(
    source: &impl Fn(ItemField) -> Source,
    existing: Option<&Delegation>,
    imported: Option<Delegation>,
    echo: Option<Option<&Delegation>>,
) -> Option<Delegation> {
    let fields = [
        ItemField::DelegationMode,
        ItemField::DelegationFrom,
        ItemField::DelegationTo,
        ItemField::DelegationRetainedDuties,
        ItemField::DelegationEffectiveDate,
    ];
    if fields.iter().all(|f| source(*f) == Source::Absent) {
        return existing.cloned();
    }
    let empty = || Delegation {
        mode: String::new(),
        from: None,
        to: String::new(),
        retained_duties: Vec::new(),
        effective_date: None,
    };
    let base = existing.cloned().unwrap_or_else(empty);
    let new = imported.unwrap_or_else(empty);
    let echo = echo.map(|e| e.cloned().unwrap_or_else(empty));
    let echo = echo.as_ref();
    let merged = Delegation {
        mode: pick(
            source(ItemField::DelegationMode),
            &base.mode,
            new.mode,
            echo.map(|e| &e.mode),
        ),
        from: pick(
            source(ItemField::DelegationFrom),
            &base.from,
            new.from,
            echo.map(|e| &e.from),
        ),
        to: pick(
            source(ItemField::DelegationTo),
            &base.to,
            new.to,
            echo.map(|e| &e.to),
        ),
        retained_duties: pick(
            source(ItemField::DelegationRetainedDuties),
            &base.retained_duties,
            new.retained_duties,
            echo.map(|e| &e.retained_duties),
        ),
        effective_date: pick(
            source(ItemField::DelegationEffectiveDate),
            &base.effective_date,
            new.effective_date,
            echo.map(|e| &e.effective_date),
        ),
    };
    if merged == base {
        existing.cloned()
    } else if merged.mode.is_empty() && merged.to.is_empty() {
        // As on reading: a delegation needs a mode or a recipient.
        None
    } else {
        Some(merged)
    }
}

/// A flowchart merged part by part; `echo` is what the flowchart columns of
/// the row written from the existing item read back as.
fn merge_chart(
    source: &impl Fn(ItemField) -> Source,
    existing: Option<&Flowchart>,
    imported: Option<Flowchart>,
    echo: Option<&ChartColumns>,
) -> Option<Flowchart> {
    let fields = [
        ItemField::FlowchartTitle,
        ItemField::FlowchartProcedure,
        ItemField::FlowchartSupervision,
        ItemField::FlowchartNote,
        ItemField::FlowchartNodes,
        ItemField::FlowchartEdges,
    ];
    if fields.iter().all(|f| source(*f) == Source::Absent) {
        return existing.cloned();
    }
    let empty = || Flowchart {
        title: None,
        procedure: None,
        nodes: Vec::new(),
        edges: Vec::new(),
        supervision: None,
        note: None,
    };
    let base = existing.cloned().unwrap_or_else(empty);
    let new = imported.unwrap_or_else(empty);
    let channels = |s: &Option<ChartSupervision>| s.as_ref().map(|s| s.channels.clone());
    let supervision = match source(ItemField::FlowchartSupervision) {
        Source::Absent => base.supervision.clone(),
        Source::Exact => new.supervision,
        Source::Cell => {
            let echoed = echo.map(|e| Some(e.channels.clone()).filter(|c| !c.is_empty()));
            if echoed == Some(channels(&new.supervision)) {
                base.supervision.clone()
            } else {
                new.supervision
            }
        }
    };
    let merged = Flowchart {
        title: pick(
            source(ItemField::FlowchartTitle),
            &base.title,
            new.title,
            echo.map(|e| &e.title),
        ),
        procedure: pick(
            source(ItemField::FlowchartProcedure),
            &base.procedure,
            new.procedure,
            echo.map(|e| &e.procedure),
        ),
        nodes: pick(
            source(ItemField::FlowchartNodes),
            &base.nodes,
            new.nodes,
            None,
        ),
        edges: pick(
            source(ItemField::FlowchartEdges),
            &base.edges,
            new.edges,
            None,
        ),
        supervision,
        note: pick(
            source(ItemField::FlowchartNote),
            &base.note,
            new.note,
            echo.map(|e| &e.note),
        ),
    };
    if merged == base {
        existing.cloned()
    } else if merged == empty() {
        // As on reading: a chart with nothing in it is none.
        None
    } else {
        Some(merged)
    }
}
