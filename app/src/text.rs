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
/// A server call whose fields are missing or malformed.
pub const MALFORMED_REQUEST: &str = "请求格式有误（缺少字段或字段类型不对）";
/// 400: explanation before the server's message.
pub const BAD_REQUEST_TEXT: &str = "无法处理该请求：";
/// 500: heading.
pub const INTERNAL_ERROR: &str = "暂时无法显示此页面";
/// 500: explanation.
pub const INTERNAL_ERROR_TEXT: &str =
    "服务器处理请求时出现问题，请稍后再试。如问题持续，请拨打12345政务服务便民热线反映。";

// The editor (legal affairs offices and department editors).

/// The editor's name in navigation and titles.
pub const EDITOR: &str = "编辑工作台";
/// Sign in (link, button, page title).
pub const SIGN_IN: &str = "登录";
/// The header's sign-in link for staff.
pub const STAFF_SIGN_IN: &str = "工作人员登录";
/// Sign out (button).
pub const SIGN_OUT: &str = "退出登录";
/// Under the sign-in heading.
pub const SIGN_IN_INTRO: &str =
    "本登录仅供各部门清单编辑、合法性审查人员和系统管理员使用。公众查阅清单无需登录。";
/// Heading when an editor page needs a signed-in user.
pub const SIGN_IN_NEEDED: &str = "请先登录";
/// Text under it.
pub const SIGN_IN_NEEDED_TEXT: &str = "编辑清单需要登录。登录后将回到本页。";
/// Label of the user-name input.
pub const USER_NAME: &str = "用户名";
/// Label of the password input.
pub const PASSWORD: &str = "密码";
/// Wrong name or password.
pub const LOGIN_INVALID: &str = "用户名或密码不正确，请重新输入。";
/// Too many failed attempts.
pub const LOGIN_THROTTLED: &str = "登录失败次数过多，为保护账号安全，请15分钟后再试。";
/// Any other failure.
pub const LOGIN_FAILED: &str = "登录暂时无法完成，请稍后再试。";
/// Back to the editor's start page.
pub const BACK_TO_EDITOR: &str = "返回编辑工作台";
/// Heading of the drafts list.
pub const MY_DRAFTS: &str = "我负责的清单草稿";
/// For users without departments to edit.
pub const NO_DRAFTS_FOR_ROLE: &str = "您的账号没有可编辑的部门清单。";
/// Explains what a draft is.
pub const DRAFT_NOTICE: &str =
    "草稿是本部门清单的工作副本，修改只保存在草稿中，不会改动已发布的版本。";
/// The audit log (link, title).
pub const AUDIT_LOG: &str = "操作日志";
/// Label of the new item's name input.
pub const NEW_ITEM_NAME: &str = "新事项名称";
/// Button that creates an item.
pub const NEW_ITEM: &str = "新增事项";
/// Label of the draft list's text filter.
pub const FILTER_ITEMS: &str = "按名称或编码筛选";
/// Column: code.
pub const COL_CODE: &str = "事项编码";
/// Column: name.
pub const COL_NAME: &str = "事项名称";
/// Column: last saved.
pub const COL_LAST_SAVED: &str = "最后保存";
/// Column: actions.
pub const COL_ACTIONS: &str = "操作";
/// Move an item up.
pub const MOVE_UP: &str = "上移";
/// Move an item down.
pub const MOVE_DOWN: &str = "下移";
/// Duplicate an item.
pub const DUPLICATE: &str = "复制";
/// Delete an item.
pub const DELETE: &str = "删除";
/// Confirm the deletion.
pub const CONFIRM_DELETE: &str = "确认删除";
/// Cancel.
pub const CANCEL: &str = "取消";
/// Link from the form to the published page.
pub const VIEW_PUBLISHED: &str = "查看已发布版本";
/// Section headings of the item form.
pub const SECTION_BASICS: &str = "基本信息";
/// 实施主体 section.
pub const SECTION_BODIES: &str = "实施主体与对象";
/// 依据 section.
pub const SECTION_BASES: &str = "法律依据";
/// 责任事项 section.
pub const SECTION_RESPONSIBILITIES: &str = "责任事项";
/// 追责 section.
pub const SECTION_ACCOUNTABILITY: &str = "追责情形";
/// 期限 section.
pub const SECTION_TIME_LIMITS: &str = "办理期限";
/// 收费 section.
pub const SECTION_FEE: &str = "收费";
/// 监督 section.
pub const SECTION_SUPERVISION: &str = "监督、救济与备注";
/// Flowchart section.
pub const SECTION_FLOWCHART: &str = "运行流程图";
/// Discretion section.
pub const SECTION_DISCRETION: &str = "裁量基准";
/// Field labels.
pub const F_NAME: &str = "事项名称";
/// Code.
pub const F_CODE: &str = "事项编码";
/// Hint under the code.
pub const F_CODE_HINT: &str = "格式：地区-部门-类别-主项-子项，如 990101-SJ-XK-001-00";
/// Catalogue code.
pub const F_CATALOG_CODE: &str = "对应目录编码";
/// Category.
pub const F_CATEGORY: &str = "权力类别";
/// Status.
pub const F_STATUS: &str = "事项状态";
/// Parent (main item).
pub const F_PARENT: &str = "所属主项";
/// No parent.
pub const F_PARENT_NONE: &str = "（本事项为主项或独立事项）";
/// Sub-item name.
pub const F_SUB_ITEM_NAME: &str = "子项名称";
/// Implementing body.
pub const F_IMPLEMENTING_BODY: &str = "实施主体";
/// Undertaking unit.
pub const F_UNDERTAKING_UNIT: &str = "承办机构";
/// Level.
pub const F_LEVEL: &str = "行使层级";
/// Target.
pub const F_TARGET: &str = "实施对象";
/// Law title.
pub const F_LAW: &str = "法律法规名称";
/// Article.
pub const F_ARTICLE: &str = "条款";
/// Law level.
pub const F_LAW_LEVEL: &str = "效力层级";
/// Basis role.
pub const F_BASIS_ROLE: &str = "依据类型";
/// Stage.
pub const F_STAGE: &str = "环节";
/// Duty.
pub const F_DUTY: &str = "责任内容";
/// Situations.
pub const F_SITUATIONS: &str = "追责情形";
/// Statutory limit.
pub const F_STATUTORY: &str = "法定期限";
/// Promised limit.
pub const F_PROMISED: &str = "承诺期限";
/// Duration number (hidden label).
pub const F_DURATION_VALUE: &str = "天数";
/// Duration unit (hidden label).
pub const F_DURATION_UNIT: &str = "单位";
/// Fee charged checkbox.
pub const F_FEE_CHARGED: &str = "收取费用";
/// Fee standard.
pub const F_FEE_STANDARD: &str = "收费标准";
/// Fee basis.
pub const F_FEE_BASIS: &str = "收费依据";
/// Phone.
pub const F_PHONE: &str = "监督电话";
/// Complaint channel.
pub const F_COMPLAINT: &str = "投诉渠道";
/// Relief.
pub const F_RELIEF: &str = "救济途径";
/// Remark.
pub const F_REMARK: &str = "备注";
/// Violation.
pub const F_VIOLATION: &str = "违法行为";
/// Statutory penalty text.
pub const F_STATUTORY_PENALTY: &str = "法定处罚规定";
/// Hint for one-per-line textareas.
pub const ONE_PER_LINE: &str = "每行一条";
/// Units of time limits.
pub const UNIT_NONE: &str = "未规定";
/// 工作日.
pub const UNIT_WORKING_DAY: &str = "个工作日";
/// 日.
pub const UNIT_DAY: &str = "日（自然日）";
/// 当场.
pub const UNIT_ON_THE_SPOT: &str = "当场办结";
/// 个月.
pub const UNIT_MONTH: &str = "个月";
/// Add buttons.
pub const ADD_BASIS: &str = "添加一条依据";
/// Add a responsibility.
pub const ADD_RESPONSIBILITY: &str = "添加一条责任事项";
/// Save button.
pub const SAVE: &str = "保存";
/// Save states.
pub const SAVE_CLEAN: &str = "没有未保存的修改。";
/// Unsaved changes.
pub const SAVE_DIRTY: &str = "有未保存的修改。";
/// Saving.
pub const SAVE_SAVING: &str = "正在保存…";
/// Saved.
pub const SAVE_DONE: &str = "已保存。";
/// Marks a problem line.
pub const PROBLEM_MARK: &str = "⚠";
/// Conflict page.
pub const CONFLICT_TITLE: &str = "保存冲突：其他人已修改此事项";
/// Table caption.
pub const CONFLICT_CAPTION: &str = "两个版本不同的字段";
/// Column: field.
pub const CONFLICT_FIELD: &str = "字段";
/// Column: mine.
pub const CONFLICT_MINE: &str = "我的修改";
/// Column: theirs.
pub const CONFLICT_THEIRS: &str = "已保存的版本";
/// Keep mine.
pub const CONFLICT_KEEP_MINE: &str = "保留我的修改并保存";
/// Take theirs.
pub const CONFLICT_TAKE_THEIRS: &str = "放弃我的修改，采用已保存的版本";
/// When only fields not shown differ.
pub const OTHER_FIELDS: &str = "其他字段";
/// Placeholder for differing values.
pub const DIFFERS: &str = "（内容不同）";
/// Flowchart editor.
pub const NO_CHART_YET: &str = "本事项还没有运行流程图。";
/// Add a chart.
pub const ADD_CHART: &str = "添加流程图";
/// Remove the chart.
pub const REMOVE_CHART: &str = "删除整个流程图";
/// Table caption.
pub const STEPS_CAPTION: &str = "办理步骤";
/// Table caption.
pub const EDGES_CAPTION: &str = "流转关系";
/// Columns.
pub const COL_STEP_ID: &str = "编号";
/// Step label.
pub const COL_STEP_LABEL: &str = "步骤名称";
/// Step kind.
pub const COL_STEP_KIND: &str = "类型";
/// Step role.
pub const COL_STEP_ROLE: &str = "承办岗位";
/// Step days.
pub const COL_STEP_DAYS: &str = "时限（工作日）";
/// Step risk.
pub const COL_STEP_RISK: &str = "廉政风险";
/// Edge from.
pub const COL_EDGE_FROM: &str = "从";
/// Edge to.
pub const COL_EDGE_TO: &str = "到";
/// Edge condition.
pub const COL_EDGE_CONDITION: &str = "条件";
/// Edge kind.
pub const COL_EDGE_KIND: &str = "类型";
/// Add a step.
pub const ADD_STEP: &str = "添加步骤";
/// Add a transition.
pub const ADD_EDGE: &str = "添加流转";
/// New step label.
pub const NEW_STEP: &str = "新步骤";
/// Starter chart labels.
pub const STEP_START: &str = "申请";
/// Starter chart labels.
pub const STEP_ACCEPT: &str = "受理";
/// Starter chart labels.
pub const STEP_END: &str = "办结";
/// No risk.
pub const RISK_NONE: &str = "无";
/// Preview caption.
pub const CHART_PREVIEW: &str = "预览（随修改即时更新）";
/// The chart is valid.
pub const CHART_VALID: &str = "流程图结构完整。";
/// The chart cannot be drawn.
pub const CHART_NOT_DRAWN: &str = "流程图有结构问题，改正后即可显示预览。";
/// DOT import.
pub const DOT_IMPORT: &str = "粘贴 DOT 格式的流程图";
/// DOT textarea label.
pub const DOT_LABEL: &str = "DOT 文本（将替换当前流程图）";
/// DOT apply button.
pub const DOT_APPLY: &str = "导入 DOT";
/// Discretion editor.
pub const NO_DISCRETION_YET: &str = "本事项还没有裁量基准。";
/// Add discretion.
pub const ADD_DISCRETION: &str = "添加裁量基准";
/// Remove discretion.
pub const REMOVE_DISCRETION: &str = "删除裁量基准";
/// The whole statutory range.
pub const WHOLE_RANGE: &str = "法定幅度";
/// Split button.
pub const PROPOSE_SPLIT: &str = "按30%/70%建议分档";
/// After the split.
pub const SPLIT_APPLIED: &str =
    "已按30%/70%生成从轻、一般、从重三档，请补充各档的适用情形，金额可以修改。";
/// Tier table caption.
pub const TIERS_CAPTION: &str = "裁量阶次";
/// Tier columns.
pub const COL_TIER_LEVEL: &str = "阶次";
/// Range.
pub const COL_TIER_RANGE: &str = "适用幅度";
/// Conditions.
pub const COL_TIER_CONDITIONS: &str = "适用情形（每行一条）";
/// Min.
pub const COL_TIER_MIN: &str = "下限";
/// Max.
pub const COL_TIER_MAX: &str = "上限";
/// Add a tier.
pub const ADD_TIER: &str = "添加阶次";
/// Audit log columns and filters.
pub const AUDIT_AT: &str = "时间";
/// User.
pub const AUDIT_USER: &str = "用户";
/// Action.
pub const AUDIT_ACTION: &str = "操作";
/// Department.
pub const AUDIT_DEPARTMENT: &str = "部门";
/// Item.
pub const AUDIT_ITEM: &str = "事项ID";
/// Revisions.
pub const AUDIT_REVISIONS: &str = "内容版本（前 → 后）";
/// Detail.
pub const AUDIT_DETAIL: &str = "说明";
/// Pager.
pub const PAGES: &str = "分页";
/// Previous page.
pub const PREVIOUS_PAGE: &str = "上一页";
/// Next page.
pub const NEXT_PAGE: &str = "下一页";

/// `XX局 清单草稿`.
pub fn draft_of(department: &str) -> String {
    format!("{department}清单草稿")
}

/// `当前登录：张三（编辑）`.
pub fn signed_in_as(name: &str, role: &str) -> String {
    format!("当前登录：{name}（{role}）")
}

/// The line under a draft's heading.
pub fn draft_base(base: Option<&str>, n: usize) -> String {
    match base {
        Some(v) => format!("基于已发布版本 {v}，共 {n} 项"),
        None => format!("新建清单，共 {n} 项"),
    }
}

/// `显示 3 / 15 项`.
pub fn shown_of(shown: usize, total: usize) -> String {
    format!("显示 {shown} / {total} 项")
}

/// `张三 · 2026-11-23 10:00`.
pub fn saved_by(user: &str, at: &str) -> String {
    format!("{user} · {}", timestamp(at))
}

/// `最后保存：张三，2026-11-23 10:00`.
pub fn last_saved(user: &str, at: &str) -> String {
    format!("最后保存：{user}，{}", timestamp(at))
}

/// An RFC 3339 time as `2026-11-23 10:00 (UTC)`.
pub fn timestamp(at: &str) -> String {
    let at = at.trim_matches(|c| c == '\'' || c == '"');
    match (at.get(0..10), at.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} (UTC)"),
        _ => at.to_owned(),
    }
}

/// Accessible names of row actions.
pub fn move_up(name: &str) -> String {
    format!("上移「{name}」")
}
/// Move down.
pub fn move_down(name: &str) -> String {
    format!("下移「{name}」")
}
/// Duplicate.
pub fn duplicate(name: &str) -> String {
    format!("复制「{name}」")
}
/// Delete.
pub fn delete(name: &str) -> String {
    format!("删除「{name}」")
}
/// The inline confirmation.
pub fn confirm_delete(name: &str) -> String {
    format!("确定删除「{name}」？")
}

/// `依据 2`.
pub fn basis_n(n: usize) -> String {
    format!("依据 {n}")
}
/// Remove basis n.
pub fn remove_basis(n: usize) -> String {
    format!("删除依据 {n}")
}
/// `责任事项 2`.
pub fn responsibility_n(n: usize) -> String {
    format!("责任事项 {n}")
}
/// Remove responsibility n.
pub fn remove_responsibility(n: usize) -> String {
    format!("删除责任事项 {n}")
}
/// `步骤 2「受理」`.
pub fn step_n(n: usize, label: &str) -> String {
    if label.is_empty() {
        format!("步骤 {n}")
    } else {
        format!("步骤 {n}「{label}」")
    }
}
/// Remove a step.
pub fn remove_step(label: &str) -> String {
    format!("删除「{label}」")
}
/// `流转 2 条件`.
pub fn edge_field(n: usize, field: &str) -> String {
    format!("流转 {n} {field}")
}
/// Remove an edge.
pub fn remove_edge(n: usize) -> String {
    format!("删除流转 {n}")
}
/// `阶次 2 下限`.
pub fn tier_field(n: usize, field: &str) -> String {
    format!("阶次 {n} {field}")
}
/// Remove a tier.
pub fn remove_tier(n: usize) -> String {
    format!("删除阶次 {n}")
}
/// The split button's accessible name.
pub fn propose_split_for(range: &str) -> String {
    format!("为「{range}」按30%/70%建议分档")
}
/// The split failed.
pub fn split_failed(reason: &str) -> String {
    format!("无法自动分档：{reason}")
}
/// `流程图有 2 个问题：`.
pub fn chart_problems(n: usize) -> String {
    format!("流程图有 {n} 个问题：")
}
/// `裁量基准有 2 个问题：`.
pub fn discretion_problems(n: usize) -> String {
    format!("裁量基准有 {n} 个问题：")
}
/// `共 2 处需要修改`.
pub fn n_problems(n: usize) -> String {
    format!(" 共 {n} 处需要修改。")
}
/// `3 条`.
pub fn n_entries(n: usize) -> String {
    format!("{n} 条")
}
/// A DOT import failed, in words: each variant names the line, node or
/// value to fix.
pub fn dot_error(error: &data::flowchart::dot::DotError) -> String {
    use data::flowchart::dot::DotError;
    let reason = match error {
        DotError::Syntax(detail) => format!("语法错误（{detail}）"),
        DotError::UnterminatedString { line } => format!("第 {line} 行的引号字符串没有结束"),
        DotError::UnterminatedHtml { line } => {
            format!("第 {line} 行的 HTML 标签 <…> 没有结束")
        }
        DotError::UnexpectedCharacter { line, character } => {
            format!("第 {line} 行有无法识别的字符“{character}”")
        }
        DotError::TooDeep { line, limit } => {
            format!("第 {line} 行嵌套超过 {limit} 层")
        }
        DotError::SubgraphEdge { line } => {
            format!("第 {line} 行的边连接了子图（如 a -> {{b c}}），请为每个节点分别写一条边")
        }
        DotError::Empty => "图中没有任何节点".to_owned(),
        DotError::UnknownNodeType { node, value } => {
            format!("节点“{node}”的 type 值“{value}”无法识别（应为 start、task、decision 或 end）")
        }
        DotError::UnknownEdgeKind { from, to, value } => format!(
            "边 {from}→{to} 的 kind 值“{value}”无法识别（应为 normal、branch、return 或 terminate）"
        ),
    };
    format!("无法读取该 DOT 文本：{reason}")
}
/// What the DOT import inferred, for the editor to say.
pub fn dot_notice(notice: &data::flowchart::dot::DotNotice) -> String {
    use data::flowchart::dot::DotNotice;
    match notice {
        DotNotice::InferredReturn { from, to } => {
            format!("边 {from}→{to} 构成回路，已按“退回/补正”处理，请核对。")
        }
        DotNotice::HtmlLabel { node } => {
            format!("节点“{node}”的 HTML 标签已转为纯文本。")
        }
        DotNotice::HtmlCondition { from, to } => {
            format!("边 {from}→{to} 的 HTML 标签已转为纯文本。")
        }
        DotNotice::IgnoredAttributes { names } => {
            format!("以下仅影响外观的属性未导入：{}。", names.join("、"))
        }
    }
}
/// The DOT file asks for a layout the editor preview does not keep.
pub fn dot_layout(layout: data::flowchart::dot::DotLayout) -> Vec<&'static str> {
    let mut lines = Vec::new();
    if layout.swimlanes {
        lines.push("文件中的分组（cluster）已作为各环节的承办岗位导入。");
    }
    if layout.left_to_right {
        lines.push("文件要求从左到右排列；预览仍按从上到下显示。");
    }
    lines
}
/// The conflict's explanation.
pub fn conflict_intro(user: &str, at: &str) -> String {
    format!(
        "{user} 在 {} 保存了此事项，您的修改尚未保存。请对照下表，选择保留哪个版本；不会自动覆盖任何人的修改。",
        timestamp(at)
    )
}
/// The risk level's label.
pub fn risk_level_name(level: data::flowchart::RiskLevel) -> &'static str {
    match level {
        data::flowchart::RiskLevel::High => "高",
        data::flowchart::RiskLevel::Medium => "中",
        data::flowchart::RiskLevel::Low => "低",
    }
}
/// An edge kind's label.
pub fn edge_kind(kind: data::flowchart::EdgeKind) -> &'static str {
    match kind {
        data::flowchart::EdgeKind::Normal => "顺序",
        data::flowchart::EdgeKind::Branch => "分支",
        data::flowchart::EdgeKind::Return => "退回/补正",
        data::flowchart::EdgeKind::Terminate => "终止",
    }
}

/// A field problem in words.
pub fn field_issue(issue: &data::editing::FieldIssue) -> String {
    use data::editing::FieldIssue;
    match issue {
        FieldIssue::Required => "此项必须填写。".to_owned(),
        FieldIssue::TooLong { max } => format!("内容过长，最多 {max} 个字。"),
        FieldIssue::CodeOfOtherDepartment { found } => {
            format!("编码中的部门代码是「{found}」，与本部门不符。")
        }
        FieldIssue::DuplicateCode => "清单中已有相同编码的事项。".to_owned(),
        FieldIssue::UnknownParent => "所选主项不在本清单中。".to_owned(),
        FieldIssue::PromisedExceedsStatutory => "承诺期限不能长于法定期限。".to_owned(),
        FieldIssue::ZeroDays => "期限不能为 0 天；当场办理请选择「当场办结」。".to_owned(),
        FieldIssue::BadPhone => "电话号码应至少包含 7 位数字。".to_owned(),
        FieldIssue::FeeWithoutStandard => "收费事项须写明收费标准。".to_owned(),
        FieldIssue::Flowchart { message } => format!("流程图：{message}"),
        FieldIssue::Discretion { message } => format!("裁量基准：{message}"),
    }
}

/// An editing error in words.
pub fn workspace_error(error: &crate::workspace::WorkspaceError) -> String {
    use crate::workspace::WorkspaceError;
    match error {
        WorkspaceError::SignedOut => "登录已失效，请重新登录后再保存。".to_owned(),
        WorkspaceError::Forbidden => "您没有权限进行此操作。".to_owned(),
        WorkspaceError::Csrf => "页面已过期，请刷新后重试。".to_owned(),
        WorkspaceError::NotFound(_) => "要编辑的内容不存在或已被删除。".to_owned(),
        WorkspaceError::Conflict(_) => "其他人已修改此事项。".to_owned(),
        WorkspaceError::Invalid(problems) => {
            format!("有 {} 处内容需要修改，未保存。", problems.len())
        }
        WorkspaceError::ImportRefused(problems) => {
            format!("文件有 {} 处问题，未导入任何内容。", problems.len())
        }
        WorkspaceError::HasSubItems => "该主项下还有子项，请先删除或移走子项。".to_owned(),
        WorkspaceError::BadRequest(_) => "请求有误，未执行。".to_owned(),
        WorkspaceError::ProblemsOpen(n) => format!(
            "导入时留下的 {n} 处问题尚未处理：请补全或改正相应事项，并在草稿页标记为已处理后再提交审查。"
        ),
        WorkspaceError::DepartmentExists(code) => format!("编码为 {code} 的部门已存在，未新建。"),
        WorkspaceError::Locked => {
            "草稿已提交审查，不能修改（审查通过或退回前，任何途径都不能改动草稿）。".to_owned()
        }
        WorkspaceError::Changed => {
            "草稿在您打开此页后已被修改（他人保存、导入或提交），未执行。请刷新后重新查看。"
                .to_owned()
        }
        WorkspaceError::OwnWork(crate::workspace::OwnWork::ApproveOwnDraft) => {
            "您编辑或提交了这份草稿，按审批分离的要求不能由您审查通过。".to_owned()
        }
        WorkspaceError::OwnWork(crate::workspace::OwnWork::PublishOwnApproval) => {
            "这份草稿由您审查通过，按审批分离的要求须由另一人发布。".to_owned()
        }
        WorkspaceError::NotAsApproved(crate::workspace::NotAsApproved::ContentChanged) => {
            "草稿内容与审查通过时不一致，不能发布；请退回重新审查。".to_owned()
        }
        WorkspaceError::NotAsApproved(crate::workspace::NotAsApproved::Uncovered(n)) => {
            format!("有 {n} 项变化没有附理由的调整记录，不能发布。")
        }
        WorkspaceError::NotAsApproved(crate::workspace::NotAsApproved::ReviewedOther) => {
            "您审查的内容已不是草稿的当前内容，未执行。请刷新页面后重新审查。".to_owned()
        }
        WorkspaceError::WrongState(_) => {
            "草稿当前所处的审核环节不允许此操作，请刷新后查看。".to_owned()
        }
        WorkspaceError::Uncovered(items) => {
            format!(
                "有 {} 项变化尚未填写调整记录及理由，不能提交。",
                items.len()
            )
        }
        WorkspaceError::Internal | WorkspaceError::Transport(_) => {
            "服务器暂时无法完成操作，修改尚未保存，请稍后重试。".to_owned()
        }
    }
}

/// An audit action in words.
pub fn audit_action(action: &str) -> String {
    match action {
        "login" => "登录",
        "logout" => "退出登录",
        "draft.open" => "建立草稿",
        "item.save" => "保存事项",
        "item.create" => "新增事项",
        "item.duplicate" => "复制事项",
        "item.delete" => "删除事项",
        "item.move" => "调整顺序",
        "import" => "导入",
        "user.add" => "新建账号",
        "user.password" => "修改密码",
        "review.adjustments" => "保存调整记录",
        "review.submit" => "提交审查",
        "review.comment" => "审查意见",
        "review.return" => "退回修改",
        "review.approve" => "审查通过",
        "review.publish" => "发布版本",
        "review.consultation" => "公开征求意见",
        "review.answer" => "答复公众意见",
        "version.import" => "从文件发布版本",
        "server.single_person" => "以单人模式启动（审批分离未启用）",
        other => other,
    }
    .to_owned()
}

/// `共 120 条，第 1 / 3 页`.
pub fn audit_summary(total: i64, page: usize, pages: usize) -> String {
    format!("共 {total} 条，第 {page} / {} 页", pages.max(1))
}

/// Short revision hashes, `3fa2c1d9 → 8b0e77aa`.
pub fn revisions(before: Option<&str>, after: Option<&str>) -> String {
    let short = |h: Option<&str>| h.map_or("—".to_owned(), |h| h.chars().take(8).collect());
    format!("{} → {}", short(before), short(after))
}

/// Import pages.
pub const IMPORT_TITLE: &str = "从文件导入清单";
/// Import intro.
pub const IMPORT_INTRO: &str =
    "选择本部门现有的清单文件，系统先显示预览和检查结果，确认后才写入草稿。";
/// Accepted formats.
pub const IMPORT_FORMATS: &str = "支持 Excel（.xlsx）、CSV（UTF-8 或 GBK 编码均可）、本平台导出的 JSON 和 CSV 压缩包。标题行、合并单元格、3-1 形式的子项序号、全角数字均可识别。";
/// Limits.
pub const IMPORT_LIMITS: &str = "文件不超过 20 MB，事项不超过 5 万行，单元格不超过 2 万字。";
/// File input label.
pub const IMPORT_FILE: &str = "清单文件";
/// Preview button.
pub const IMPORT_PREVIEW: &str = "上传并预览";
/// Empty upload.
pub const IMPORT_EMPTY: &str = "没有收到文件，或文件是空的，请重新选择。";
/// Too large.
pub const IMPORT_TOO_LARGE: &str = "文件超过 20 MB，请拆分后再导入。";
/// Preview title.
pub const IMPORT_PREVIEW_TITLE: &str = "导入预览";
/// Problems table caption.
pub const IMPORT_PROBLEMS: &str = "需要修改的问题";
/// Column: where.
pub const IMPORT_WHERE: &str = "位置";
/// Column: what.
pub const IMPORT_WHAT: &str = "问题";
/// Try again.
pub const IMPORT_AGAIN: &str = "修改文件后重新上传";
/// Warnings heading.
pub const IMPORT_WARNINGS: &str = "提示（不影响导入）";
/// Draft page: import link.
pub const IMPORT_LINK: &str = "从文件导入";
/// Draft page: downloads heading.
pub const DOWNLOAD_DRAFT: &str = "下载草稿：";

/// What the import replaces.
pub fn import_replaces(n: usize) -> String {
    format!(
        "导入将以文件内容替换草稿现有的 {n} 项；编码相同的事项保留原有标识，便于对比历史。已发布的版本不受影响。"
    )
}

/// What the file holds.
pub fn import_found(file: &str, format: &str, n: usize, main: usize, sub: usize) -> String {
    format!("文件「{file}」（{format}）中识别出 {n} 项事项，其中主项 {main} 项、子项 {sub} 项。")
}

/// Ready to import.
pub fn import_ready(n: usize, replaced: usize, matched: usize) -> String {
    format!(
        "检查通过。确认后，草稿现有的 {replaced} 项将替换为这 {n} 项（其中 {matched} 项与草稿中的编码相同）。"
    )
}

/// What the import does, in counts.
pub fn import_effect(added: usize, removed: usize, changed: usize, unchanged: usize) -> String {
    if added + removed + changed == 0 {
        format!("导入后草稿不会有任何变化：{unchanged} 项与草稿完全相同。")
    } else {
        format!(
            "导入将新增 {added} 项、删除 {removed} 项、修改 {changed} 项，{unchanged} 项保持不变。"
        )
    }
}

/// Heading of the list of what the import changes.
pub const IMPORT_CHANGES: &str = "导入将作的改动";
/// Column: the change.
pub const IMPORT_CHANGE: &str = "改动";
/// Column: the changed parts.
pub const IMPORT_CHANGED_PARTS: &str = "修改的内容";
/// What a partial file leaves to the draft.
pub const IMPORT_KEPT: &str =
    "文件中没有以下内容（例如只含事项表的 CSV），导入时保留草稿中的原有内容：";
/// A preview that was confirmed after the draft changed.
pub const IMPORT_STALE: &str = "预览之后草稿已被修改，原预览已不准确，未导入。下面是按草稿当前内容重新计算的预览，请核对后再确认。";

/// The confirm button.
pub fn import_confirm(n: usize) -> String {
    format!("确认导入 {n} 项")
}

/// Blocked by problems.
pub fn import_blocked(n: usize) -> String {
    format!("文件中有 {n} 处问题，改正前不能导入，草稿未作任何改动。")
}

/// Caption of the items table.
pub fn import_items_caption(n: usize) -> String {
    format!("文件中的事项（共 {n} 项，最多显示 500 项）")
}

/// After an import.
pub fn imported(n: usize) -> String {
    format!("已导入 {n} 项事项。")
}

/// A file format code in words.
pub fn file_format(code: &str) -> String {
    match code {
        "xlsx" => "Excel 工作簿",
        "csv-zip" => "CSV 压缩包",
        "csv-gbk" => "CSV，GBK 编码",
        "csv-utf8" => "CSV，UTF-8 编码",
        "csv-utf8-bom" => "CSV，UTF-8（带 BOM）编码",
        "json" => "JSON 交换格式",
        other => other,
    }
    .to_owned()
}

/// Where an interchange problem is: `事项 990101-SJ-CF-004-00「名称」·
/// 裁量基准（discretion.tiers[1].fine.unit）`, or the path in the file.
pub fn interchange_location(problem: &data::interchange::Problem) -> String {
    match &problem.item {
        Some(item) => {
            let field = problem.field_path();
            let name = if item.name.trim().is_empty() {
                String::new()
            } else {
                format!("「{}」", item.name)
            };
            if field.is_empty() {
                format!("事项 {}{name}", item.code)
            } else {
                format!(
                    "事项 {}{name} · {}（{field}）",
                    item.code,
                    field_label(field)
                )
            }
        }
        None => problem.path.clone(),
    }
}

/// What is wrong in an interchange file, in Chinese.
pub fn interchange_problem(problem: &data::interchange::Problem) -> String {
    use data::interchange::ProblemKind as K;
    match &problem.kind {
        K::FileEmpty => "文件是空的。".to_owned(),
        K::NoDepartment => "文件没有列出任何部门（departments）。".to_owned(),
        K::DepartmentTwice { code } => format!("部门 {code} 列出了两次。"),
        K::Empty => "此项不能为空。".to_owned(),
        K::ScopeUnknown { code } => {
            format!("版本范围（scope）中的部门 {code} 不在部门列表（departments）中。")
        }
        K::ScopeEmpty => "版本范围（scope）没有列出任何部门。".to_owned(),
        K::ItemIdTwice { id } => format!("事项标识 {id} 用了两次。"),
        K::ItemCodeTwice { code } => format!("事项编码 {code} 用了两次。"),
        K::UnknownDepartment { segment, body } => format!(
            "无法判断所属部门：编码中的部门段“{segment}”和实施主体“{body}”都不对应部门列表中的部门。如是新部门，请先用 `sunlit department add` 或在“部门管理”中创建。"
        ),
        K::ParentMissing { parent } => format!("所属主项 {parent} 不在文件中。"),
        K::Flowchart { message } => format!("流程图：{message}"),
        K::Discretion { message } => format!("裁量基准：{message}"),
        K::TooLong { chars } => format!(
            "文字有 {chars} 个字，超过上限 {} 个字。",
            data::interchange::MAX_TEXT_CHARS
        ),
        K::TooManyItems { n } => format!(
            "文件有 {n} 个事项，超过上限 {} 个。",
            data::interchange::MAX_ITEMS
        ),
        K::MissingField { field } => format!("缺少必填项“{field}”。"),
        K::UnknownValue { value } => format!("“{value}”不是可识别的取值。"),
        K::WrongType { found, expected } => {
            format!("取值类型不对：应为 {expected}，文件中是 {found}。")
        }
        K::Other => format!("无法读取：{}", problem.message),
    }
}

/// A value read in another spelling, for the import preview.
pub fn normalised(note: &data::interchange::Normalised) -> (String, String) {
    let location = match &note.item {
        Some(item) => format!("事项 {}「{}」", item.code, item.name),
        None => note.path.clone(),
    };
    (
        location,
        format!(
            "“{}”已按标准写法“{}”读入（{}）。",
            note.from, note.to, note.path
        ),
    )
}

/// A field path's label, for problems outside the form.
pub fn field_label(path: &str) -> String {
    let head = path.split(['.', '[']).next().unwrap_or(path);
    match head {
        "name" => F_NAME,
        "item_code" => F_CODE,
        "implementing_body" => F_IMPLEMENTING_BODY,
        "legal_basis" => SECTION_BASES,
        "responsibilities" => SECTION_RESPONSIBILITIES,
        "accountability" => SECTION_ACCOUNTABILITY,
        "time_limit" => SECTION_TIME_LIMITS,
        "fee" => SECTION_FEE,
        "supervision" => SECTION_SUPERVISION,
        "flowchart" => SECTION_FLOWCHART,
        "discretion" => SECTION_DISCRETION,
        "parent_code" => F_PARENT,
        _ => head,
    }
    .to_owned()
}
// Search.

/// Main navigation: the search page.
pub const NAV_SEARCH: &str = "搜索事项";
/// Main navigation: the legal-basis lookup.
pub const NAV_BASIS: &str = "依据反查";
/// Main navigation: the public API.
pub const NAV_API: &str = "开放接口";
/// Heading of the search page.
pub const SEARCH_HEADING: &str = "搜索事项";
/// Label of the search box.
pub const SEARCH_LABEL: &str = "搜索权责事项";
/// The search button.
pub const SEARCH_BUTTON: &str = "搜索";
/// Hint under the search box.
pub const SEARCH_HINT: &str = "可输入事项名称、编码、法律名称或日常说法，如“开饭店”“低保”“罚款”。";
/// The search page before anything is searched.
pub const SEARCH_INTRO: &str =
    "在各部门现行有效的权责清单中查找事项：输入关键词，可再按权力类别、部门和行使层级筛选。";
/// Heading of example searches.
pub const SEARCH_EXAMPLES_HEADING: &str = "可以这样查";
/// Example searches.
pub const SEARCH_EXAMPLES: [&str; 5] =
    ["食品经营许可", "开饭店要办什么证", "低保", "宅基地", "罚款"];
/// Label of the level filter.
pub const FILTER_LEVEL: &str = "行使层级";
/// The level filter's first option.
pub const ALL_LEVELS: &str = "全部层级";
/// The levels one can filter by.
pub const LEVELS: [&str; 4] = ["省级", "市级", "县级", "乡级"];
/// Heading of the category facet.
pub const FACET_CATEGORIES: &str = "按权力类别";
/// Heading of the department facet.
pub const FACET_DEPARTMENTS: &str = "按部门";
/// The facet link that removes the filter.
pub const FACET_ALL: &str = "全部";
/// Said after the chosen facet, so that it is not marked by colour alone.
pub const FACET_CHOSEN: &str = "（已选）";
/// A facet value with its count, `行政处罚（3）`.
pub fn facet_label(label: &str, count: usize) -> String {
    format!("{label}（{count}）")
}
/// How many results, `找到 5 项与“食品”有关的事项`.
pub fn results_summary(query: &str, total: usize) -> String {
    if query.is_empty() {
        format!("共 {total} 项事项")
    } else {
        format!("找到 {total} 项与“{query}”有关的事项")
    }
}
/// No item matched every word.
pub const PARTIAL_MATCH: &str =
    "没有同时包含全部检索词的事项，下面列出只包含部分检索词的事项，包含词多的在前。";
/// Nothing found, `没有找到与“xx”有关的事项`.
pub fn no_results(query: &str) -> String {
    if query.is_empty() {
        "没有找到符合条件的事项".to_owned()
    } else {
        format!("没有找到与“{query}”有关的事项")
    }
}
/// Advice when nothing was found.
pub const NO_RESULTS_SPELLING: &str = "请检查是否有错别字，或少输入几个字再试。";
/// Advice when nothing was found.
pub const NO_RESULTS_WORDS: &str = "可以换一种说法，例如用“许可”“登记”“处罚”等词。";
/// Link that keeps the words but drops the filters.
pub const NO_RESULTS_CLEAR_FILTERS: &str = "取消筛选条件，重新搜索";
/// Accessible name of the paging navigation.
pub const PAGING: &str = "分页";
/// Where the reader is, `第 2 页，共 5 页`.
pub fn page_of(page: usize, n_pages: usize) -> String {
    format!("第 {page} 页，共 {n_pages} 页")
}

// Legal-basis lookup.

/// Heading of the lookup page.
pub const BASIS_HEADING: &str = "法律依据反查";
/// What the lookup does.
pub const BASIS_INTRO: &str = "输入法律法规名称（可加条款），查看各部门哪些权责事项以它为依据。";
/// Sentence before the link to the lookup.
pub const BASIS_PROMPT: &str = "想知道某部法律、某一条被哪些事项引用？请用";
/// Label of the law box.
pub const BASIS_LABEL: &str = "法律法规及条款";
/// Hint under the law box.
pub const BASIS_HINT: &str =
    "书名号和“中华人民共和国”可省略，条款可写汉字或数字，如“土地管理法实施条例第57条”。";
/// The lookup button.
pub const BASIS_BUTTON: &str = "查询";
/// Example lookups.
pub const BASIS_EXAMPLES: [&str; 3] = [
    "《土地管理法实施条例》第五十七条",
    "食品安全法第35条",
    "《中华人民共和国行政许可法》",
];
/// Nothing typed that could name a law.
pub const BASIS_EMPTY: &str = "请输入法律法规的名称。";
/// An article without a law.
pub const BASIS_MISSING_TITLE: &str =
    "请先写法律法规的名称，再写条款，例如“《食品安全法》第三十五条”。";
/// Text after the title that is not an article.
pub fn basis_bad_article(rest: &str) -> String {
    format!(
        "无法识别条款“{rest}”：请写成“第五十七条”“第57条第1款”或“第一百一十条第（四）项”的形式。"
    )
}
/// How many items cite the law, `引用《…》第五十七条的事项：共 2 项`.
pub fn citing_summary(citation: &str, total: usize) -> String {
    format!("引用{citation}的事项：共 {total} 项")
}
/// No item cites the law.
pub const BASIS_NONE: &str =
    "现行清单中没有事项引用该依据。请核对法律名称和条款，或只输入法律名称再查。";
/// Label of the bases an item cites.
pub const CITED_AS: &str = "引用";
/// Accessible description of a link from a legal basis to the lookup.
pub const BASIS_LINK_TITLE: &str = "查看引用此依据的所有事项";

// Downloads and feeds.

/// Heading of a department's downloads.
pub const DOWNLOADS: &str = "下载与订阅";
/// The interchange JSON of the version shown.
pub const DOWNLOAD_JSON: &str = "下载本版本清单（JSON）";
/// The whole registry.
pub const DOWNLOAD_REGISTRY: &str = "下载全部部门现行清单（JSON）";
/// The department's Atom feed.
pub const SUBSCRIBE_FEED: &str = "订阅本部门清单发布（Atom）";
/// The Atom feed's subtitle.
pub const FEED_SUBTITLE: &str = "权责清单的发布与调整";
/// The title of a feed, `示范县市场监督管理局 权责清单发布`.
pub fn feed_title(publisher: &str) -> String {
    format!("{publisher} 权责清单发布")
}
/// The title of a feed entry.
pub fn feed_entry_title(department: &str, label: &str) -> String {
    format!("{department}：{label}")
}
/// The summary of a feed entry.
pub fn feed_entry_summary(label: &str, doc_no: Option<&str>, date: &str, n_items: usize) -> String {
    match doc_no {
        Some(doc_no) => format!("{label}（{doc_no}），{date}施行，共 {n_items} 项。"),
        None => format!("{label}，{date}施行，共 {n_items} 项。"),
    }
}

// The public API page.

/// Heading of the API page.
pub const API_HEADING: &str = "开放接口";
/// What the API is.
pub const API_INTRO: &str = "本站公开的全部清单数据都可以通过只读的 JSON 接口获取，无需注册。字段名与交换格式一致，日期为 ISO 8601 格式（如 2024-03-01）。";
/// Link to the machine-readable description.
pub const API_OPENAPI: &str = "OpenAPI 3.0 描述文件";
/// Heading of the endpoint list.
pub const API_ENDPOINTS_HEADING: &str = "接口列表";
/// Column: address.
pub const API_PATH: &str = "地址";
/// Column: what it returns.
pub const API_DESCRIPTION: &str = "说明";
/// Column: an example.
pub const API_EXAMPLE: &str = "示例";
/// Every public endpoint: path, what it returns, an example address.
pub const API_ENDPOINTS: [(&str, &str, &str); 13] = [
    (
        "/api/v1/departments",
        "全部部门及现行版本的事项数",
        "/api/v1/departments",
    ),
    (
        "/api/v1/departments/{部门编码}/versions",
        "部门的已发布版本，从新到旧",
        "/api/v1/departments/ZR/versions",
    ),
    (
        "/api/v1/departments/{部门编码}/items",
        "部门清单中的事项；可按 category（类别）、status（状态）筛选，page、per_page 分页，version 指定版本",
        "/api/v1/departments/SJ/items?category=CF&per_page=2",
    ),
    (
        "/api/v1/departments/{部门编码}/versions/{版本号}/export.json",
        "下载一个版本的完整清单（交换格式 JSON）",
        "/api/v1/departments/SJ/versions/v2024.1/export.json",
    ),
    (
        "/api/v1/export.json",
        "下载全部部门的现行清单",
        "/api/v1/export.json",
    ),
    (
        "/api/v1/items/{事项ID}",
        "事项详情；version 指定版本",
        "/api/v1/items/SJ-XK-001-01",
    ),
    (
        "/api/v1/items/{事项ID}/discretion",
        "事项的行政裁量权基准",
        "/api/v1/items/SJ-CF-004-00/discretion",
    ),
    (
        "/api/v1/items/{事项ID}/flowchart.svg",
        "运行流程图（SVG）",
        "/api/v1/items/SJ-XK-001-01/flowchart.svg",
    ),
    (
        "/api/v1/items/{事项ID}/flowchart.png",
        "运行流程图（PNG）",
        "/api/v1/items/SJ-XK-001-01/flowchart.png",
    ),
    (
        "/api/v1/items/{事项ID}/flowchart.json",
        "流程图的布局坐标，供自行绘制",
        "/api/v1/items/SJ-XK-001-01/flowchart.json",
    ),
    (
        "/api/v1/search",
        "检索事项：q（检索词），department、category、level 筛选，page、per_page 分页",
        "/api/v1/search?q=%E9%A3%9F%E5%93%81&category=CF",
    ),
    (
        "/api/v1/basis",
        "按法律依据查事项：law（法律名称及条款）",
        "/api/v1/basis?law=%E5%9C%9F%E5%9C%B0%E7%AE%A1%E7%90%86%E6%B3%95%E5%AE%9E%E6%96%BD%E6%9D%A1%E4%BE%8B%E7%AC%AC57%E6%9D%A1",
    ),
    (
        "/api/v1/openapi.json",
        "本接口的 OpenAPI 描述",
        "/api/v1/openapi.json",
    ),
];
/// Heading of the usage notes.
pub const API_NOTES_HEADING: &str = "使用说明";
/// Usage notes.
pub const API_NOTES: [&str; 5] = [
    "出错时返回相应的 HTTP 状态码和 {\"error\": {\"code\": …, \"message\": …}}，code 为 not_found、bad_request、unprocessable 或 internal。",
    "每个成功的响应都带 ETag；请求时带上 If-None-Match，内容未变则返回 304，不重复传输。",
    "指定了已发布版本（version 参数或版本地址）的内容永不改变，可长期缓存；现行内容缓存 60 秒。",
    "任何网站都可以在浏览器中直接调用（CORS，允许 GET、HEAD、OPTIONS，不带凭据）。",
    "版本比较接口正在建设中。",
];
/// Heading of the feeds.
pub const API_FEEDS_HEADING: &str = "订阅";
/// The feeds.
pub const API_FEEDS: &str =
    "清单发布的 Atom 订阅：全部部门 /feed.atom，单个部门 /departments/{部门编码}/feed.atom。";

/// Download of a version as an Excel workbook.
pub const DOWNLOAD_XLSX: &str = "下载本版本（Excel，含流程图和裁量基准）";
/// Download of a version's items table as CSV.
pub const DOWNLOAD_CSV: &str = "下载本版本事项表（CSV）";
/// Download of every table as CSV files in a zip.
pub const DOWNLOAD_CSV_ZIP: &str = "下载本版本全部表格（CSV 压缩包）";
/// Download of the whole registry as JSON, Excel and CSV files in a zip.
pub const DOWNLOAD_REGISTRY_ZIP: &str = "下载全部现行清单（JSON、Excel、CSV 压缩包）";
// Version comparison (版本比对) and history.

/// The comparison page's heading and title part.
pub const COMPARE: &str = "版本比对";
/// The printable comparison table's heading.
pub const COMPARE_PRINT: &str = "新旧对照表";
/// The link from a department's version information to the comparison.
pub const COMPARE_LINK: &str = "与上一版本比对";
/// Label of the older version's select.
pub const COMPARE_FROM: &str = "原版本";
/// Label of the newer version's select.
pub const COMPARE_TO: &str = "新版本";
/// The comparison form's button.
pub const COMPARE_SUBMIT: &str = "比对";
/// Accessible name of the comparison form.
pub const COMPARE_FORM: &str = "选择要比对的版本";
/// Shown when both versions are the same.
pub const COMPARE_SAME: &str = "两个版本相同，没有可比较的内容。请选择另一个版本。";
/// Shown when nothing changed between two versions.
pub const COMPARE_NOTHING: &str = "两个版本之间没有事项发生变化。";
/// Heading of the per-category counts.
pub const COMPARE_BY_CATEGORY: &str = "按类别统计";
/// Heading of the per-adjustment-type counts.
pub const COMPARE_BY_ADJUSTMENT: &str = "按调整类型";
/// Column: category.
pub const COL_CATEGORY: &str = "类别";
/// Link to the printable table.
pub const COMPARE_PRINT_LINK: &str = "打印新旧对照表";
/// Link to the comparison as JSON.
pub const COMPARE_JSON_LINK: &str = "下载比对数据（JSON）";
/// Back from the printable table to the comparison page.
pub const COMPARE_BACK: &str = "返回版本比对";
/// Heading of changes no adjustment record names.
pub const COMPARE_UNLINKED: &str = "其他变更（未列入调整记录）";
/// Adjustment facts: items before.
pub const ADJ_ITEMS_BEFORE: &str = "调整前事项";
/// Adjustment facts: items after.
pub const ADJ_ITEMS_AFTER: &str = "调整后事项";
/// Adjustment facts: reason.
pub const ADJ_REASON: &str = "调整理由";
/// Adjustment facts: basis.
pub const ADJ_BASIS: &str = "调整依据";
/// Adjustment facts: effective date.
pub const ADJ_EFFECTIVE: &str = "施行日期";
/// Shown for an empty side of an adjustment.
pub const NONE: &str = "无";
/// Item code line.
pub const CODE_CHANGED: &str = "事项编码";
/// The proposed adjustment type of an item no record names.
pub const PROPOSED_ADJUSTMENT: &str = "变化类型";
/// Label before the old value.
pub const BEFORE: &str = "原";
/// Label before the new value.
pub const AFTER: &str = "现";
/// Hidden words around inserted text, for screen readers and print.
pub const INSERTED_START: &str = "［新增：";
/// Hidden words around deleted text.
pub const DELETED_START: &str = "［删除：";
/// The end of hidden marks.
pub const MARK_END: &str = "］";
/// Section: legal bases.
pub const DIFF_LEGAL_BASIS: &str = "依据变化";
/// Section: flowchart.
pub const DIFF_FLOWCHART: &str = "流程图变化";
/// The drawing's caption.
pub const DIFF_FLOWCHART_CAPTION: &str =
    "新旧流程合并图：新增、删除、变更的步骤以边框样式和文字标注。";
/// Section: discretion.
pub const DIFF_DISCRETION: &str = "裁量基准变化";
/// Section: the whole new item.
pub const DIFF_NEW_ITEM: &str = "新增事项要点";
/// Link to an item as published in a version.
pub const VIEW_ITEM: &str = "查看事项";
/// Accessible name of the comparison's page navigation.
pub const COMPARE_PAGES: &str = "比对结果分页";
/// Printable table: column of the number.
pub const COL_NO: &str = "序号";
/// Printable table: column of the item.
pub const COL_ITEM: &str = "事项名称（编码）";
/// Printable table: column of the adjustment.
pub const COL_ADJUSTMENT: &str = "调整类型";
/// Printable table: column of the content before.
pub const COL_BEFORE: &str = "调整前";
/// Printable table: column of the content after.
pub const COL_AFTER: &str = "调整后";
/// Printable table: column of the reason.
pub const COL_REASON: &str = "调整理由及依据";
/// The print button.
pub const PRINT: &str = "打印";
/// Item history section heading.
pub const HISTORY: &str = "历次版本";
/// Item history: the version the item was removed in.
pub const HISTORY_REMOVED: &str = "该事项在此版本中已不再列入清单";
/// Item history: compare link.
pub const HISTORY_COMPARE: &str = "查看与上一版本的比对";
/// "As of" form label.
pub const AS_OF: &str = "查看某日施行的版本";
/// "As of" form button.
pub const AS_OF_SUBMIT: &str = "查看该日版本";
/// "As of" hint.
pub const AS_OF_HINT: &str = "输入日期（如 2024-06-01），显示当日施行的清单版本。";

/// 征求意见: the public page's breadcrumb and title.
pub const CONSULTATION: &str = "征求意见";
/// Its heading.
pub fn consultation_heading(department: &str) -> String {
    format!("{department}权责清单调整草案公开征求意见")
}
/// While comments are taken.
pub fn consultation_open(until: &str) -> String {
    format!(
        "意见征集截至{until}。下列为草案与现行清单相比的全部变化及调整理由，欢迎就某一事项或某项内容提出意见，部门将逐条答复。"
    )
}
/// After the last day.
pub fn consultation_closed(until: &str) -> String {
    format!("意见征集已于{until}截止，不再接收新的意见；已收到的意见及答复如下。")
}
/// The banner on the department page.
pub fn consultation_notice(until: &str) -> String {
    format!("本部门权责清单调整草案正在公开征求意见（截至{until}），查看草案并提出意见")
}
/// `张三 · 2026-11-23 · 承诺期限`.
pub fn public_comment_meta(author: &str, at: &str, about: &str) -> String {
    let day = at.get(..10).unwrap_or(at);
    format!("{author} · {day} · {about}")
}
/// The department's answer.
pub const CONSULT_ANSWER: &str = "部门答复";
/// Name field of the comment form.
pub const CONSULT_AUTHOR: &str = "姓名或单位（可不填）";
/// Text field of the comment form.
pub const CONSULT_TEXT: &str = "意见和建议";
/// Submit button of the comment form.
pub const CONSULT_SEND: &str = "提交意见";
/// After a comment was taken.
pub const CONSULT_THANKS: &str = "意见已提交，感谢参与。";
/// Why a public comment was not taken.
pub fn consult_refused(reason: &str) -> &'static str {
    match reason {
        "invalid" => "意见未提交：意见内容不能为空，且不超过1000字。",
        "closed" => "意见未提交：该草案目前不在征求意见期内。",
        "throttled" => "意见未提交：同一网络短时间内提交过多，请十分钟后再试。",
        _ => "意见未提交：系统暂时无法处理，请稍后再试。",
    }
}
/// Comments not about one item.
pub const CONSULT_GENERAL: &str = "对草案的总体意见";
/// Review page: the section.
pub const CONSULT_SECTION: &str = "公开征求意见";
/// Review page: the last day.
pub const CONSULT_UNTIL: &str = "意见征集截止日期";
/// Review page: open button.
pub const CONSULT_OPEN: &str = "开始公开征求意见";
/// Review page: done.
pub const CONSULT_OPENED: &str = "已开始公开征求意见。";
/// Review page: the period.
pub fn consultation_period(until: &str) -> String {
    format!("草案正在（或已经）公开征求意见，截至{until}。")
}
/// Review page: link to the public page.
pub const CONSULT_PUBLIC_LINK: &str = "查看公开页面";
/// Review page: none yet.
pub const CONSULT_NONE: &str = "尚未收到公众意见。";
/// Review page: the answer field.
pub const CONSULT_ANSWER_LABEL: &str = "答复";
/// Review page: answer button.
pub const CONSULT_ANSWER_SEND: &str = "发布答复";
/// Review page: done.
pub const CONSULT_ANSWERED: &str = "答复已发布。";
/// Review page: what the period is for.
pub const CONSULT_HINT: &str = "可选：草案提交后可向社会公开，公众可就具体事项提出意见，部门逐条答复；意见数量写入版本的办理过程。";
/// Label of the department select of the comparison form.
pub const COMPARE_WITH: &str = "新版本所属部门";
/// What choosing another department does.
pub const COMPARE_WITH_HINT: &str = "选择其他部门（如上级或下级对应部门）可比对同一事项在两份清单中的差异，事项按目录编码或事项编码对应。";
/// The department itself in that select.
pub fn compare_own_department(name: &str) -> String {
    format!("{name}（本部门）")
}
/// Link to the comparison as a spreadsheet.
pub const COMPARE_XLSX_LINK: &str = "下载新旧对照表（XLSX）";
/// Heading of two departments' lists compared.
pub fn deviation_heading(
    ours: &str,
    our_version: &str,
    theirs: &str,
    their_version: &str,
) -> String {
    format!("{ours}《{our_version}》与{theirs}《{their_version}》同一事项比对")
}
/// Columns of the per-category table of two departments' lists, in the
/// order added, removed, changed, unchanged.
pub const DEVIATION_COLUMNS: [&str; 4] = [
    data::diff::Change::Added.deviation_label(),
    data::diff::Change::Removed.deviation_label(),
    data::diff::Change::Changed.deviation_label(),
    data::diff::Change::Unchanged.deviation_label(),
];
/// `仅本部门有 1 项 · 仅对方有 2 项 · 不一致 3 项 · 一致 9 项`.
pub fn deviation_summary(
    only_ours: usize,
    only_theirs: usize,
    differ: usize,
    same: usize,
) -> String {
    format!(
        "仅本部门有 {only_ours} 项 · 仅对方有 {only_theirs} 项 · 不一致 {differ} 项 · 一致 {same} 项"
    )
}
/// The badge of an item in two departments' lists compared.
pub fn deviation_label(change: data::diff::Change) -> &'static str {
    change.deviation_label()
}
/// Heading of the items of two departments' lists that differ.
pub const DEVIATION_ITEMS: &str = "两份清单中不一致的事项";
/// Two departments' lists that agree.
pub const DEVIATION_NOTHING: &str = "两份清单的同一事项内容一致，没有差异。";
/// `新增 2 项 · 取消 2 项 · 变更 4 项 · 未变 10 项`.
pub fn compare_summary(added: usize, removed: usize, changed: usize, unchanged: usize) -> String {
    format!("新增 {added} 项 · 取消 {removed} 项 · 变更 {changed} 项 · 未变 {unchanged} 项")
}

/// `示范县自然资源局 v2024.1 → v2025.1`.
pub fn compare_heading(from: &str, to: &str) -> String {
    format!("{from} → {to}")
}

/// `第 1 / 3 页（共 120 项变化）`.
pub fn compare_pages(page: usize, pages: usize, total: usize) -> String {
    format!("第 {page} / {pages} 页（共 {total} 项变化）")
}

/// `下放 1 项`.
pub fn adjustment_count(label: &str, n: usize) -> String {
    format!("{label} {n} 项")
}

/// `2024-06-01 施行的版本：…`.
pub fn as_of_line(date: &str) -> String {
    format!("{date} 施行的版本")
}

// The review workflow (审核流程).

/// The review page's heading part.
pub const REVIEW: &str = "审核与发布";
/// Link from the draft to its review page.
pub const REVIEW_LINK: &str = "调整记录、提交审查与发布";
/// Label of the draft's state.
pub const REVIEW_STATE: &str = "审核状态";
/// Changes without records.
pub const REVIEW_UNCOVERED: &str = "以下变化尚未填写调整理由，提交前请逐项说明：";
/// A saved record whose items are, after all, as they were.
pub const REVIEW_STALE_RECORD: &str =
    "该记录涉及的事项与现行版本相比已无变化，提交审查时将自动移除。";
/// Saved.
pub const REVIEW_SAVED: &str = "调整记录已保存。";
/// Submitted.
pub const REVIEW_SUBMITTED: &str = "已提交合法性审查。";
/// Save button.
pub const REVIEW_SAVE: &str = "保存调整记录";
/// Submit button.
pub const REVIEW_SUBMIT: &str = "提交审查";
/// After a decision.
pub const REVIEW_DECIDED: &str = "审查意见已记录。";
/// Heading of the reviewer's decision.
pub const REVIEW_DECISION: &str = "审查意见";
/// Why a reviewer who worked on the draft sees no approval buttons.
pub const REVIEW_OWN_WORK: &str =
    "您编辑或提交了这份草稿：按审批分离的要求，须由另一位审查员审查通过。";
/// Label of the opinion.
pub const REVIEW_OPINION: &str = "意见（退回时必填）";
/// Return button.
pub const REVIEW_RETURN: &str = "退回修改";
/// Approve button.
pub const REVIEW_APPROVE: &str = "审查通过";
/// Publication heading and button.
pub const REVIEW_PUBLISH: &str = "发布新版本";
/// Publication: version id.
pub const PUBLISH_VERSION_ID: &str = "版本号（如 v2025.2）";
/// Publication: title.
pub const PUBLISH_LABEL: &str = "版本名称";
/// Publication: effective date.
pub const PUBLISH_DATE: &str = "施行日期";
/// Publication: 文号.
pub const PUBLISH_DOC_NO: &str = "发布文号";
/// Heading of the trail.
pub const REVIEW_TRAIL: &str = "办理过程";
/// Heading of the comments.
pub const REVIEW_COMMENTS: &str = "审查意见记录";
/// Heading of the records.
pub const REVIEW_RECORDS: &str = "调整记录";
/// Heading of the changes.
pub const REVIEW_CHANGES: &str = "草稿与现行版本的比对";
/// Adjustment basis: title and 文号.
pub const ADJ_BASIS_LAW: &str = "调整依据（法规或文件名称、文号）";
/// Adjustment basis: article.
pub const ADJ_BASIS_ARTICLE: &str = "条款";
/// Adjustment basis: level.
pub const ADJ_BASIS_LEVEL: &str = "依据层级";
/// Comment form: field.
pub const COMMENT_FIELD: &str = "针对内容";
/// Comment form: the whole item.
pub const COMMENT_WHOLE_ITEM: &str = "整个事项";
/// Comment form: text.
pub const COMMENT_TEXT: &str = "审查意见";
/// Comment form: button.
pub const COMMENT_SEND: &str = "添加意见";
/// After a comment.
pub const REVIEW_COMMENTED: &str = "意见已添加。";

/// `审查员 reviewer · 2025-06-01 · 第 1 次提交 · ZR-XK-003-00 · 实施主体`.
pub fn review_comment_meta(author: &str, at: &str, round: u32, about: &str) -> String {
    let mut parts = vec![
        author.to_owned(),
        at.to_owned(),
        format!("第 {round} 次提交"),
    ];
    if !about.is_empty() {
        parts.push(about.to_owned());
    }
    parts.join(" · ")
}

/// `对照版本：v2024.1`.
pub fn review_base(base: Option<&str>) -> String {
    format!("对照版本：{}", base.unwrap_or("（无已发布版本）"))
}

// Departments (admin).

/// Title of the departments page.
pub const DEPARTMENTS_ADMIN: &str = "部门管理";
/// Intro of the departments page.
pub const DEPARTMENTS_ADMIN_INTRO: &str = "新建部门后，即可为其导入已有的权责清单表格或在线编辑草稿。部门编码用于事项编码和网址，建成后不能修改。";
/// Heading of the add form.
pub const DEPARTMENT_ADD: &str = "新建部门";
/// The department code field.
pub const DEPARTMENT_CODE: &str = "部门编码";
/// Hint of the code field.
pub const DEPARTMENT_CODE_HINT: &str = "字母、数字或下划线，如 WL";
/// The full name field.
pub const DEPARTMENT_NAME: &str = "部门全称";
/// The short name field.
pub const DEPARTMENT_SHORT_NAME: &str = "简称";
/// The phone field.
pub const DEPARTMENT_PHONE: &str = "监督电话";
/// The add button.
pub const DEPARTMENT_ADD_BUTTON: &str = "新建";
/// The save button of a row.
pub const DEPARTMENT_SAVE_BUTTON: &str = "保存";
/// Heading of the list.
pub const DEPARTMENTS_EXISTING: &str = "现有部门";
/// A department's draft link.
pub const DEPARTMENT_DRAFT_LINK: &str = "草稿与导入";

/// What the last submission of the departments page did.
pub fn department_outcome(outcome: &str, code: &str) -> Option<(bool, String)> {
    Some(match outcome {
        "added" => (true, format!("已新建部门 {code}，现在可以为其导入清单。")),
        "saved" => (true, format!("已保存部门 {code}。")),
        "exists" => (false, format!("编码为 {code} 的部门已存在，未新建。")),
        "code" => (
            false,
            format!("部门编码“{code}”不可用：只能用字母、数字或下划线。"),
        ),
        "name" => (false, "部门全称不能为空，且不超过 200 个字。".to_owned()),
        "missing" => (false, format!("部门 {code} 不存在。")),
        "forbidden" => (false, "只有管理员可以新建或修改部门。".to_owned()),
        "expired" => (false, "页面已过期，请刷新后重试。".to_owned()),
        "failed" => (false, "保存失败，请稍后重试。".to_owned()),
        _ => return None,
    })
}

/// The second confirmation of an import with problems: only the valid rows.
pub fn import_partial_offer(n_importable: usize, n_problems: usize) -> String {
    format!(
        "也可以只导入没有问题的 {n_importable} 项：其余 {n_problems} 处问题会列在草稿页上，处理完并标记为已处理之前，草稿不能提交审查。"
    )
}

/// The button of the partial import.
pub fn import_partial_confirm(n_importable: usize) -> String {
    format!("只导入无问题的 {n_importable} 项")
}

/// Heading of the open import problems on the draft page.
pub fn open_problems_heading(n: usize) -> String {
    format!("导入时留下的问题（{n} 处，处理前不能提交审查）")
}

/// The button that marks them as dealt with.
pub const OPEN_PROBLEMS_CLEAR: &str = "已全部处理，标记为已处理";
