//! Every string the portal shows, in one place, so that a translation can follow.
//!
//! Labels of domain values (categories, statuses, tier levels …) come from
//! `data`; everything the UI itself says is here. Functions build the strings
//! that embed values.

// The site.

/// The site's name.
pub const SITE_NAME: &str = "阳光清单";
/// The one-line tagline under the site's name.
pub const TAGLINE: &str = "政府部门权责清单公开平台";
/// What Sunlit is, in one sentence (home page).
pub const MISSION: &str = "公开各部门行政权力清单、运行流程图和裁量基准，让权力在阳光下运行。";
/// The skip link at the top of every page.
pub const SKIP_TO_MAIN: &str = "跳到主要内容";
/// Accessible name of the main navigation.
pub const MAIN_NAV: &str = "主导航";
/// Main navigation: home.
pub const NAV_HOME: &str = "首页";
/// Main navigation: the list of departments on the home page.
pub const NAV_DEPARTMENTS: &str = "部门清单";
/// Accessible name of the breadcrumb navigation.
pub const BREADCRUMBS: &str = "当前位置";
/// The first breadcrumb.
pub const BREADCRUMB_HOME: &str = "首页";
/// Footer: what is authoritative.
pub const FOOTER_AUTHORITY: &str = "本站公开的权责清单以各部门正式发布的文件为准。";
/// Footer: where to complain.
pub const FOOTER_COMPLAINT: &str = "监督投诉：12345政务服务便民热线";
/// Shown while a page loads after hydration.
pub const LOADING: &str = "正在加载…";

/// The `<title>` of a page: its parts, most specific first, then the site name.
pub fn page_title(parts: &[&str]) -> String {
    parts
        .iter()
        .copied()
        .chain([SITE_NAME])
        .collect::<Vec<_>>()
        .join(" - ")
}

// Shared phrases.

/// `15 项`.
pub fn n_items(n: usize) -> String {
    format!("{n} 项")
}

/// `共 15 项`.
pub fn total_items(n: usize) -> String {
    format!("共 {n} 项")
}

/// One category with its count, `行政许可 5`.
pub fn category_count(name: &str, count: usize) -> String {
    format!("{name} {count}")
}

/// Between a label and its value, `监督电话：…`.
pub const COLON: &str = "：";
/// Opens a remark in brackets.
pub const OPEN_PAREN: &str = "（";
/// Closes a remark in brackets.
pub const CLOSE_PAREN: &str = "）";
/// Between items of an enumeration, `业务指导、监督检查`.
pub const ENUMERATION_SEPARATOR: &str = "、";
/// Between longer entries of one line.
pub const SEMICOLON: &str = "；";
/// After a date on which something takes effect, `2024年3月1日施行`.
pub const EFFECTIVE_SUFFIX: &str = "施行";
/// Separator between category counts.
pub const LIST_SEPARATOR: &str = " · ";
/// Separator between breadcrumbs (hidden from screen readers).
pub const BREADCRUMB_SEPARATOR: &str = "›";
/// Label of the effective date.
pub const EFFECTIVE_DATE: &str = "施行日期";
/// Label of a supervision phone.
pub const SUPERVISION_PHONE: &str = "监督电话";
/// Label of a complaint channel.
pub const COMPLAINT_CHANNEL: &str = "投诉渠道";
/// Shown when a field is empty.
pub const NOT_GIVEN: &str = "未载明";

// Home page.

/// Home: the `<h1>`.
pub const HOME_HEADING: &str = "政府部门权责清单";
/// Home: the departments section.
pub const HOME_DEPARTMENTS: &str = "按部门查看";
/// Home: a department with no published version.
pub const HOME_NO_VERSION: &str = "尚未发布清单";
/// Home: the current version of a department.
pub const HOME_CURRENT_VERSION: &str = "现行版本";
/// Home: the recent versions section.
pub const HOME_RECENT: &str = "最近发布";
/// Home: no department yet.
pub const HOME_EMPTY: &str = "暂无已公开的部门清单。";
/// Home: no version yet.
pub const HOME_NO_RECENT: &str = "暂无发布记录。";

// Versions.

/// Label of a version's title.
pub const VERSION: &str = "版本";
/// Label of a version's document number.
pub const DOC_NO: &str = "文号";
/// Label of a version's status.
pub const VERSION_STATUS: &str = "状态";
/// Label of the number of items in a version.
pub const ITEM_COUNT: &str = "事项数";
/// Label of the version selector.
pub const CHOOSE_VERSION: &str = "选择版本";
/// The version selector's submit button.
pub const SHOW_VERSION: &str = "查看";
/// One option of the version selector, `v2024.1 示范县…（2024年版）（2024年3月1日施行，现行有效）`.
pub fn version_option(label: &str, date: &str, status: &str) -> String {
    format!("{label}（{date}施行，{status}）")
}
/// Shown on a page of a version that is no longer in force.
pub const HISTORICAL_NOTICE: &str = "您正在查看历史版本，内容可能已被调整。";
/// Link to the version in force.
pub const SHOW_CURRENT_VERSION: &str = "查看现行版本";

// Department page.

/// Department page: the heading of the version information.
pub const DEPT_VERSION_INFO: &str = "清单版本";
/// Department page: label of the category filter.
pub const FILTER_CATEGORY: &str = "权力类别";
/// Department page: the filter option for every category.
pub const ALL_CATEGORIES: &str = "全部";
/// Department page: the filter's submit button.
pub const FILTER: &str = "筛选";
/// Department page: how the filter behaves with JavaScript on.
pub const FILTER_HINT: &str = "选择后列表随即更新。";
/// An option of the category filter, `行政许可（5）`.
pub fn category_option(name: &str, count: usize) -> String {
    format!("{name}（{count}）")
}
/// Department page: what the list shows, `行政处罚 6 项（全部 15 项）`.
pub fn filtered_summary(category: &str, shown: usize, total: usize) -> String {
    format!("{category} {shown} 项（全部 {total} 项）")
}
/// The heading of one category group, `行政许可（5 项）`.
pub fn category_heading(name: &str, count: usize) -> String {
    format!("{name}（{count} 项）")
}
/// Department page: the list is empty.
pub const DEPT_EMPTY: &str = "该版本没有事项。";
/// Badge: the item has a flowchart.
pub const BADGE_FLOWCHART: &str = "流程图";
/// Badge: the item has a discretion standard.
pub const BADGE_DISCRETION: &str = "裁量基准";
/// Label before an item's code in a list.
pub const ITEM_CODE: &str = "编码";
/// Label before an item's time limit in a list.
pub const TIME_LIMIT: &str = "时限";
/// Accessible name of a sub-item list, `食品经营许可的子项`.
pub fn sub_items_of(name: &str) -> String {
    format!("{name}的子项")
}
/// Unknown `?category=` value.
pub fn unknown_category(value: &str) -> String {
    let shown: String = value.chars().take(20).collect();
    format!("未知的权力类别“{shown}”。")
}

// Item page.

/// Item page: accessible name of the table of contents.
pub const ITEM_TOC: &str = "本页目录";
/// Item page: the 七公开 section.
pub const ITEM_FACTS: &str = "基本信息";
/// 事项名称.
pub const ITEM_NAME: &str = "事项名称";
/// 事项编码.
pub const ITEM_CODE_FULL: &str = "事项编码";
/// 目录编码 (the provincial catalogue code).
pub const CATALOG_CODE: &str = "目录编码";
/// 主项名称.
pub const MAIN_ITEM: &str = "主项";
/// 权力类别.
pub const CATEGORY: &str = "权力类别";
/// 实施主体.
pub const IMPLEMENTING_BODY: &str = "实施主体";
/// 承办机构.
pub const UNDERTAKING_UNIT: &str = "承办机构";
/// 行使层级.
pub const IMPLEMENTING_LEVEL: &str = "行使层级";
/// 对象.
pub const TARGET: &str = "对象";
/// 依据.
pub const LEGAL_BASIS: &str = "依据";
/// Marker on a citation not checked against the official text.
pub const UNVERIFIED: &str = "未核验";
/// Explanation of the marker, for everyone.
pub const UNVERIFIED_HINT: &str = "条款尚待与官方文本核对";
/// 程序.
pub const PROCEDURE: &str = "程序";
/// Link from 程序 to the flowchart, `见运行流程图（共 12 步）`.
pub fn see_flowchart(steps: usize) -> String {
    format!("见运行流程图（共 {steps} 步）")
}
/// No flowchart published.
pub const NO_FLOWCHART: &str = "未公布运行流程图";
/// 办理时限.
pub const TIME_LIMITS: &str = "办理时限";
/// No time limit given.
pub const NO_TIME_LIMIT: &str = "未规定";
/// 收费.
pub const FEE: &str = "收费";
/// No fee.
pub const NO_FEE: &str = "不收费";
/// A fee without details.
pub const FEE_CHARGED: &str = "收费";
/// Label of a fee's basis.
pub const FEE_BASIS: &str = "收费依据";
/// Label of a fee's amount.
pub const FEE_STANDARD: &str = "收费标准";
/// 责任单位.
pub const RESPONSIBLE_UNIT: &str = "责任单位";
/// 状态.
pub const STATUS: &str = "状态";
/// 责任事项.
pub const RESPONSIBILITIES: &str = "责任事项";
/// Column: the stage.
pub const STAGE: &str = "环节";
/// Column: the duty.
pub const DUTY: &str = "责任事项";
/// 追责情形.
pub const ACCOUNTABILITY: &str = "追责情形";
/// 问责依据.
pub const ACCOUNTABILITY_BASIS: &str = "问责依据";
/// 救济途径.
pub const RELIEF: &str = "救济途径";
/// 备注.
pub const REMARK: &str = "备注";
/// 子项说明.
pub const SUB_ITEMS_NOTE: &str = "子项说明";
/// 下放/委托 section heading.
pub const DELEGATION: &str = "下放情况";
/// 方式.
pub const DELEGATION_MODE: &str = "方式";
/// 原实施机关.
pub const DELEGATION_FROM: &str = "原实施机关";
/// 承接机关.
pub const DELEGATION_TO: &str = "承接机关";
/// 保留职责.
pub const RETAINED_DUTIES: &str = "原部门保留职责";
/// 生效日期.
pub const DELEGATION_DATE: &str = "生效日期";
/// Section on sub-items.
pub const SUB_ITEMS: &str = "子项";
/// Section on the main item.
pub const PARENT_ITEM: &str = "所属主项";
/// Sentence before the parent link.
pub const PARENT_ITEM_INTRO: &str = "本事项是以下主项的子项：";
/// Section on versions.
pub const VERSIONS: &str = "版本";
/// Item page: the version shown, `示范县…（2024年版），2024年3月1日施行，现行有效`.
pub fn version_line(label: &str, date: &str, status: &str) -> String {
    format!("{label}，{date}施行，{status}")
}
/// Item page: the item appears in only one version.
pub const ONLY_VERSION: &str = "本事项仅见于上述版本。";

// Flowchart (text version).

/// 运行流程图.
pub const FLOWCHART: &str = "运行流程图";
/// The procedure the chart describes, `程序：一般程序`.
pub fn flowchart_procedure(procedure: &str) -> String {
    format!("程序：{procedure}")
}
/// How the text version is ordered.
pub const FLOWCHART_INTRO: &str = "以下按办理顺序列出流程图的每一步及其去向。";
/// `第3步`.
pub fn step_number(n: usize) -> String {
    format!("第{n}步")
}
/// `承办：窗口受理人员`.
pub fn step_role(role: &str) -> String {
    format!("承办：{role}")
}
/// `时限：5个工作日`.
pub fn step_time_limit(limit: &str) -> String {
    format!("时限：{limit}")
}
/// 申请材料.
pub const STEP_MATERIALS: &str = "材料";
/// 文书.
pub const STEP_OUTPUTS: &str = "文书";
/// 依据.
pub const STEP_LEGAL_REF: &str = "依据";
/// `风险等级：高`.
pub fn risk_level(level: &str) -> String {
    format!("风险等级：{level}")
}
/// 廉政风险点.
pub const RISK_POINT: &str = "廉政风险点";
/// 防控措施.
pub const RISK_CONTROLS: &str = "防控措施";
/// 责任人.
pub const RISK_RESPONSIBLE: &str = "责任人";
/// 电子监察点.
pub const SUPERVISION_POINT: &str = "电子监察点";
/// Heading of where a step leads.
pub const STEP_NEXT: &str = "去向";
/// A return edge.
pub const EDGE_RETURN: &str = "退回";
/// The arrow before a target.
pub const ARROW: &str = "→";
/// A condition on an edge, `若材料不齐全`.
pub fn edge_condition(condition: &str) -> String {
    format!("若{condition}")
}
/// A target, `第5步 受理`.
pub fn edge_target(number: usize, label: &str) -> String {
    format!("第{number}步 {label}")
}
/// The condition of a return edge, in brackets.
pub fn return_reason(condition: &str) -> String {
    format!("（{condition}）")
}
/// Heading of the text version beside the drawn chart.
pub const FLOWCHART_TEXT_VERSION: &str = "文字版";

/// A step that ends the procedure.
pub const STEP_ENDS: &str = "流程结束";
/// Supervision channels of a chart.
pub const FLOWCHART_SUPERVISION: &str = "监督渠道";

// Flowchart (drawn chart).

/// Shown instead of the drawing when the chart's data is inconsistent.
pub const FLOWCHART_INVALID: &str = "流程图数据有误，无法绘制";
/// Introduces the list of problems under [`FLOWCHART_INVALID`].
pub const FLOWCHART_PROBLEMS: &str = "需要修正的问题（文字版仍按原数据列出）：";
/// Accessible name of the chart's toolbar.
pub const FLOWCHART_TOOLS: &str = "流程图操作";
/// Link to the chart as an SVG file.
pub const DOWNLOAD_SVG: &str = "下载SVG";
/// Link to the chart as a PNG image.
pub const DOWNLOAD_PNG: &str = "下载PNG";
/// The file name a downloaded chart is saved under, `SJ-XK-001-01-运行流程图.png`.
pub fn flowchart_file_name(item_id: &str, extension: &str) -> String {
    format!("{item_id}-运行流程图.{extension}")
}
/// Zoom button: larger.
pub const ZOOM_IN: &str = "放大";
/// Accessible name of [`ZOOM_IN`].
pub const ZOOM_IN_LABEL: &str = "放大流程图";
/// Zoom button: smaller.
pub const ZOOM_OUT: &str = "缩小";
/// Accessible name of [`ZOOM_OUT`].
pub const ZOOM_OUT_LABEL: &str = "缩小流程图";
/// Zoom button: back to the original size.
pub const ZOOM_RESET: &str = "还原";
/// Accessible name of [`ZOOM_RESET`].
pub const ZOOM_RESET_LABEL: &str = "将流程图还原为原始大小";
/// The current zoom, `缩放 125%`.
pub fn zoom_level(percent: u32) -> String {
    format!("缩放 {percent}%")
}
/// How to use the chart once it is interactive.
pub const FLOWCHART_KEYS_HINT: &str =
    "选中图中的环节后，按 ↓ 或 → 转到下一环节，按 ↑ 或 ← 回到上一环节；可拖动图形平移。";

// Discretion.

/// 行政裁量权基准.
pub const DISCRETION: &str = "裁量基准";
/// 违法行为.
pub const VIOLATION: &str = "违法行为";
/// 法定处罚.
pub const STATUTORY_PENALTY: &str = "法定处罚";
/// 基准文件.
pub const DISCRETION_BASIS: &str = "基准文件";
/// 来源.
pub const DISCRETION_SOURCE: &str = "公开来源";
/// A statutory range heading, `法定幅度：货值金额不足一万元`.
pub fn statutory_range(range: &str) -> String {
    format!("法定幅度：{range}")
}
/// Tiers that name no statutory range.
pub const ANY_RANGE: &str = "适用于各法定幅度";
/// Column: tier.
pub const TIER: &str = "裁量阶次";
/// Column: conditions.
pub const TIER_CONDITIONS: &str = "适用情形";
/// Column: penalty types.
pub const TIER_PENALTIES: &str = "处罚种类";
/// Column: fine.
pub const TIER_FINE: &str = "罚款";
/// A tier without a fine.
pub const NO_FINE: &str = "不予罚款";
/// An empty cell.
pub const NONE_LISTED: &str = "—";

// Discretion: range bounds, scale and fine calculator.

/// The bounds of a statutory range, `罚款幅度：5万元至10万元`.
pub fn range_bounds(bounds: &str) -> String {
    format!("罚款幅度：{bounds}")
}
/// After bounds derived from the tiers rather than written out.
pub const RANGE_BOUNDS_DERIVED: &str = "（根据各阶次推算）";
/// When a range applies, `适用条件：货值金额不足1万元`.
pub fn range_conditions(conditions: &str) -> String {
    format!("适用条件：{conditions}")
}
/// Marks a condition the system read from the text.
pub const INFERRED: &str = "（系统根据文字推断）";
/// Heading of the calculator.
pub const CALCULATOR: &str = "罚款计算器";
/// What the calculator does.
pub const CALCULATOR_INTRO: &str =
    "输入案件事实，查看适用的法定幅度、裁量阶次和罚款金额。计算结果仅供参考。";
/// How the calculator behaves with JavaScript on.
pub const CALCULATOR_HINT: &str = "金额可写作 8000、8,000 或 1.5万。输入后结果随即更新。";
/// A fact field's label, `货值金额（元）`.
pub fn fact_label(metric: &str, unit: Option<&str>) -> String {
    match unit {
        Some(unit) => format!("{metric}（{unit}）"),
        None => metric.to_owned(),
    }
}
/// The calculator's submit button.
pub const CALCULATE: &str = "计算";
/// Input that is not a number.
pub const FACT_NOT_A_NUMBER: &str = "请输入数字，例如 8000 或 1.5万。";
/// Input below zero.
pub const FACT_NEGATIVE: &str = "数值不能为负数。";
/// Input too large to compute with.
pub const FACT_TOO_LARGE: &str = "数值过大，请核对后重新输入。";
/// Heading of the calculator's result.
pub const CALCULATION_RESULT: &str = "计算结果";
/// The result before any fact is entered.
pub const CALCULATION_EMPTY: &str = "请在上方输入案件事实后点击“计算”。";
/// The result while an input is invalid.
pub const CALCULATION_INVALID: &str = "请先更正上方标出的输入。";
/// A range that applies, `适用的法定幅度：货值金额不足一万元`.
pub fn range_applies(range: &str) -> String {
    format!("适用的法定幅度：{range}")
}
/// A range that may apply.
pub fn range_possibly(range: &str) -> String {
    format!("可能适用的法定幅度：{range}")
}
/// Tiers that name no range, in the result.
pub const RANGE_ANY_RESULT: &str = "各法定幅度均可能适用的阶次";
/// Ranges that do not apply, `不适用：货值金额一万元以上`.
pub fn ranges_excluded(ranges: &str) -> String {
    format!("不适用：{ranges}")
}
/// Badge: the tier applies.
pub const TIER_APPLIES: &str = "适用";
/// Badge: the tier may apply.
pub const TIER_POSSIBLY: &str = "可能适用";
/// The fine a range's tiers allow together, `罚款金额：5万元至10万元`.
pub fn fine_total(amounts: &str) -> String {
    format!("罚款金额：{amounts}")
}
/// From one amount to another, `5万元至10万元`.
pub fn amount_range(min: &str, max: &str) -> String {
    format!("{min}至{max}")
}
/// The fine of one tier.
pub const TIER_AMOUNT: &str = "罚款";
/// The conditions of one tier.
pub const TIER_WHEN: &str = "情形";
/// The basis of one tier.
pub const TIER_BASIS: &str = "依据";
/// Facts the calculation still needs, `还需填写：货值金额`.
pub fn facts_missing(metrics: &str) -> String {
    format!("还需填写：{metrics}")
}
/// Why several tiers are only possible.
pub const TIERS_BY_CIRCUMSTANCES: &str =
    "各阶次的适用情形以文字描述，具体阶次以执法机关认定的情节为准。";
/// No range or tier fits the facts.
pub const NO_TIER_APPLIES: &str = "根据所填事实，没有适用的裁量阶次，请核对输入。";

// Errors.

/// 404: heading.
pub const NOT_FOUND: &str = "页面不存在";
/// 404: explanation.
pub const NOT_FOUND_TEXT: &str =
    "您访问的页面不存在，可能是地址有误，或该部门、事项、版本尚未公开。";
/// Link back home from an error page.
pub const BACK_HOME: &str = "返回首页";
/// 400: heading.
pub const BAD_REQUEST: &str = "请求有误";
/// 400: explanation before the server's message.
pub const BAD_REQUEST_TEXT: &str = "无法处理该请求：";
/// 500: heading.
pub const INTERNAL_ERROR: &str = "暂时无法显示此页面";
/// 500: explanation.
pub const INTERNAL_ERROR_TEXT: &str =
    "服务器处理请求时出现问题，请稍后再试。如问题持续，请拨打12345政务服务便民热线反映。";
