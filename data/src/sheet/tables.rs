//! The tables of a workbook, their columns and the header names each
//! column is known by. The first name is the one our export writes.

/// A table: one sheet of the workbook, one file of the CSV bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Table {
    /// 事项: one row per item.
    Items,
    /// 法律依据: one row per legal basis.
    Bases,
    /// 流程步骤: flowchart nodes.
    Nodes,
    /// 流转条件: flowchart edges.
    Edges,
    /// 裁量基准: statutory ranges and tiers.
    Discretion,
    /// 版本信息: department and version.
    Version,
}

impl Table {
    /// Every table, in workbook order.
    pub(crate) const ALL: [Table; 6] = [
        Table::Items,
        Table::Bases,
        Table::Nodes,
        Table::Edges,
        Table::Discretion,
        Table::Version,
    ];

    /// The sheet name.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Table::Items => "事项",
            Table::Bases => "法律依据",
            Table::Nodes => "流程步骤",
            Table::Edges => "流转条件",
            Table::Discretion => "裁量基准",
            Table::Version => "版本信息",
        }
    }

    /// The file name inside a CSV bundle.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Table::Items => "items.csv",
            Table::Bases => "legal_basis.csv",
            Table::Nodes => "flowchart_nodes.csv",
            Table::Edges => "flowchart_edges.csv",
            Table::Discretion => "discretion.csv",
            Table::Version => "version.csv",
        }
    }

    /// The table a sheet or bundle file holds, told by its name; `None` for
    /// other names (an office's item sheets are named freely).
    pub(crate) fn by_name(name: &str) -> Option<Table> {
        let base = name.rsplit('/').next().unwrap_or(name);
        let stem = base.strip_suffix(".csv").unwrap_or(base).trim();
        Table::ALL
            .into_iter()
            .find(|t| t.title() == stem || t.file_name().strip_suffix(".csv") == Some(stem))
    }

    /// The columns and their header names.
    pub(crate) fn columns(self) -> &'static [(Col, &'static [&'static str])] {
        match self {
            Table::Items => ITEM_COLUMNS,
            Table::Bases => BASIS_COLUMNS,
            Table::Nodes => NODE_COLUMNS,
            Table::Edges => EDGE_COLUMNS,
            Table::Discretion => DISCRETION_COLUMNS,
            Table::Version => VERSION_COLUMNS,
        }
    }

    /// The headers our export writes.
    pub(crate) fn headers(self) -> Vec<&'static str> {
        self.columns()
            .iter()
            .filter_map(|(_, names)| names.first().copied())
            .filter(|name| !name.is_empty())
            .collect()
    }
}

/// A column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Col {
    Seq,
    ItemId,
    Code,
    CatalogCode,
    Name,
    MainName,
    SubName,
    ParentCode,
    HasSubItems,
    Category,
    Body,
    Unit,
    Level,
    Target,
    Basis,
    CreatingBasis,
    ImplementingBasis,
    Responsibilities,
    Situations,
    AccountabilityBasis,
    Statutory,
    Promised,
    TimeLimit,
    FeeCharged,
    FeeBasis,
    FeeStandard,
    Phone,
    Complaint,
    Relief,
    Remark,
    Status,
    SubItemsNote,
    DelegationMode,
    DelegationFrom,
    DelegationTo,
    DelegationDuties,
    DelegationDate,
    ChartTitle,
    ChartProcedure,
    ChartChannels,
    ChartNote,
    /// Known office columns Sunlit has no field for (责任事项依据 …): they
    /// do not count towards finding the header, and are reported as not
    /// imported rather than unknown.
    Ignored,
    // 法律依据
    BasisList,
    Law,
    Article,
    LawLevel,
    Role,
    Verified,
    EffectiveDate,
    Note,
    // 流程步骤
    NodeId,
    NodeLabel,
    NodeKind,
    NodeRole,
    NodeTime,
    Materials,
    Outputs,
    LegalRef,
    RiskLevel,
    RiskDescription,
    RiskControls,
    RiskResponsible,
    SupervisionPoint,
    // 流转条件
    From,
    To,
    Condition,
    EdgeKind,
    // 裁量基准
    Violation,
    BasisDoc,
    StatutoryPenalty,
    SourceUrl,
    RowKind,
    Range,
    TierLevel,
    TierName,
    Conditions,
    StructuredConditions,
    PenaltyTypes,
    FineKind,
    FineBase,
    FineUnit,
    FineMin,
    FineMax,
    FineNote,
    FineAlt,
    // 版本信息
    Field,
    Value,
}

impl Col {
    /// The column's usual header: the first name a table knows it by.
    pub(crate) fn label(self) -> &'static str {
        Table::ALL
            .iter()
            .flat_map(|t| t.columns().iter())
            .filter(|(col, _)| *col == self)
            .flat_map(|(_, names)| names.iter())
            .find(|name| !name.is_empty())
            .copied()
            .unwrap_or("")
    }
}

const ITEM_COLUMNS: &[(Col, &[&str])] = &[
    (Col::Seq, &["序号", "编号", "序"]),
    (Col::ItemId, &["事项ID", "item_id", "事项id"]),
    (
        Col::Code,
        &[
            "事项编码",
            "职权编码",
            "权力编码",
            "编码",
            "item_code",
            "权责事项编码",
            "事项编号",
            "职权编号",
            "权力编号",
        ],
    ),
    (
        Col::CatalogCode,
        &["目录编码", "基本目录编码", "catalog_code"],
    ),
    (
        Col::Name,
        &[
            "事项名称",
            "权责事项名称",
            "权力事项名称",
            "职权名称",
            "权力名称",
            "名称",
            "name",
        ],
    ),
    (Col::MainName, &["主项名称", "主项", "main_item_name"]),
    (
        Col::SubName,
        &["子项名称", "子项", "实施事项", "sub_item_name"],
    ),
    (
        Col::ParentCode,
        &["上级事项编码", "主项编码", "parent_code"],
    ),
    (Col::HasSubItems, &["含子项", "has_sub_items"]),
    (
        Col::Category,
        &[
            "权力类型",
            "权力类别",
            "职权类型",
            "职权类别",
            "事项类型",
            "事项类别",
            "类别",
            "category",
        ],
    ),
    (
        Col::Body,
        &[
            "实施主体",
            "行使主体",
            "责任主体",
            "实施机关",
            "implementing_body",
        ],
    ),
    (
        Col::Unit,
        &[
            "承办机构",
            "承办科室",
            "责任科室",
            "承办单位",
            "内设机构",
            "undertaking_unit",
        ],
    ),
    (Col::Level, &["行使层级", "实施层级", "implementing_level"]),
    (
        Col::Target,
        &["行使对象", "实施对象", "服务对象", "对象", "target"],
    ),
    (
        Col::Basis,
        &[
            "法律依据",
            "依据",
            "法定依据",
            "设定和实施依据",
            "法律法规依据",
            "行使依据",
            "legal_basis",
        ],
    ),
    (Col::CreatingBasis, &["", "设定依据"]),
    (Col::ImplementingBasis, &["", "实施依据"]),
    (Col::Responsibilities, &["责任事项", "responsibilities"]),
    (Col::Situations, &["追责情形", "问责情形", "追责对象范围"]),
    (Col::AccountabilityBasis, &["问责依据", "追责依据"]),
    (Col::Statutory, &["法定期限", "法定时限", "法定办结时限"]),
    (Col::Promised, &["承诺期限", "承诺时限", "承诺办结时限"]),
    (Col::TimeLimit, &["", "办理时限", "办理期限", "时限"]),
    (Col::FeeCharged, &["是否收费", "收费"]),
    (Col::FeeBasis, &["收费依据"]),
    (Col::FeeStandard, &["收费标准"]),
    (Col::Phone, &["监督电话", "投诉电话", "监督投诉电话"]),
    (Col::Complaint, &["投诉渠道", "监督方式"]),
    (Col::Relief, &["救济途径", "救济渠道"]),
    (Col::Remark, &["备注", "remark"]),
    (Col::Status, &["状态", "事项状态", "status"]),
    (Col::SubItemsNote, &["子项说明"]),
    (Col::DelegationMode, &["下放委托方式"]),
    (Col::DelegationFrom, &["原行使主体"]),
    (Col::DelegationTo, &["承接主体"]),
    (Col::DelegationDuties, &["保留职责"]),
    (Col::DelegationDate, &["下放生效日期"]),
    (Col::ChartTitle, &["流程图名称"]),
    (Col::ChartProcedure, &["流程图程序"]),
    (Col::ChartChannels, &["流程图监督渠道"]),
    (Col::ChartNote, &["流程图备注"]),
    (
        Col::Ignored,
        &["", "责任事项依据", "廉政风险点", "运行流程图"],
    ),
];

const BASIS_COLUMNS: &[(Col, &[&str])] = &[
    (Col::Code, &["事项编码"]),
    (Col::ItemId, &["事项ID"]),
    (Col::BasisList, &["栏目"]),
    (Col::Law, &["法律名称"]),
    (Col::Article, &["条款"]),
    (Col::LawLevel, &["效力层级"]),
    (Col::Role, &["依据类型"]),
    (Col::Verified, &["已核对"]),
    (Col::EffectiveDate, &["施行日期"]),
    (Col::Note, &["说明"]),
];

const NODE_COLUMNS: &[(Col, &[&str])] = &[
    (Col::Code, &["事项编码"]),
    (Col::ItemId, &["事项ID"]),
    (Col::NodeId, &["节点ID"]),
    (Col::NodeLabel, &["环节名称"]),
    (Col::NodeKind, &["节点类型"]),
    (Col::NodeRole, &["承办岗位"]),
    (Col::NodeTime, &["办理时限"]),
    (Col::Materials, &["申请材料"]),
    (Col::Outputs, &["产出文书"]),
    (Col::LegalRef, &["法律依据"]),
    (Col::RiskLevel, &["风险等级"]),
    (Col::RiskDescription, &["风险描述"]),
    (Col::RiskControls, &["防控措施"]),
    (Col::RiskResponsible, &["风险责任人"]),
    (Col::SupervisionPoint, &["电子监察点"]),
];

const EDGE_COLUMNS: &[(Col, &[&str])] = &[
    (Col::Code, &["事项编码"]),
    (Col::ItemId, &["事项ID"]),
    (Col::From, &["起点"]),
    (Col::To, &["终点"]),
    (Col::Condition, &["条件"]),
    (Col::EdgeKind, &["流转类型"]),
];

/// The 裁量基准 table: our export's names first, then the names offices
/// give the columns of their own discretion sheets. A column whose first
/// name is empty is read and never written.
const DISCRETION_COLUMNS: &[(Col, &[&str])] = &[
    (
        Col::Code,
        &[
            "事项编码",
            "职权编码",
            "权力编码",
            "编码",
            "事项编号",
            "职权编号",
        ],
    ),
    (Col::ItemId, &["事项ID"]),
    (Col::Seq, &["", "序号"]),
    (
        Col::Name,
        &[
            "",
            "事项名称",
            "职权名称",
            "权力名称",
            "权责事项名称",
            "处罚事项",
            "处罚事项名称",
        ],
    ),
    (
        Col::Violation,
        &["违法行为", "违法行为名称", "违法事实", "违法行为表现"],
    ),
    (Col::BasisDoc, &["基准文件", "裁量依据"]),
    (
        Col::StatutoryPenalty,
        &["法定处罚", "处罚依据", "法定处罚种类和幅度", "处罚规定"],
    ),
    (Col::SourceUrl, &["来源网址"]),
    (Col::RowKind, &["行类型"]),
    (Col::Range, &["法定幅度", "法定裁量幅度"]),
    (
        Col::TierLevel,
        &[
            "裁量阶次",
            "裁量等级",
            "裁量档次",
            "阶次",
            "违法程度",
            "情节程度",
        ],
    ),
    (Col::TierName, &["阶次名称"]),
    (
        Col::Conditions,
        &[
            "适用情形",
            "适用条件",
            "具体情形",
            "违法情节",
            "裁量情形",
            "情节",
        ],
    ),
    (Col::StructuredConditions, &["结构化条件"]),
    (
        Col::PenaltyTypes,
        &[
            "处罚种类",
            "处罚标准",
            "裁量标准",
            "具体标准",
            "处罚内容",
            "裁量基准",
        ],
    ),
    (Col::FineKind, &["罚款方式"]),
    (Col::FineBase, &["罚款基数"]),
    (Col::FineUnit, &["罚款单位"]),
    (Col::FineMin, &["罚款下限"]),
    (Col::FineMax, &["罚款上限"]),
    (Col::FineNote, &["罚款说明"]),
    (Col::FineAlt, &["备选罚款"]),
];

const VERSION_COLUMNS: &[(Col, &[&str])] = &[(Col::Field, &["项目"]), (Col::Value, &["内容"])];

/// 行类型 of a 裁量基准 row.
pub(crate) const ROW_RANGE: &str = "法定幅度";
/// 行类型 of a tier row.
pub(crate) const ROW_TIER: &str = "裁量阶次";
/// 行类型 of a standard without ranges or tiers.
pub(crate) const ROW_STANDARD: &str = "基准";
/// 栏目 of a basis in `legal_basis`.
pub(crate) const LIST_BASIS: &str = "法律依据";
/// 栏目 of a basis in `accountability.basis`.
pub(crate) const LIST_ACCOUNTABILITY: &str = "问责依据";
