//! What citizens type, and what the lists call it: the synonym and
//! abbreviation table, and the question words a search ignores.
//!
//! Lists use the words of the law (最低生活保障, 食品经营许可, 行政处罚);
//! people use the words of daily life (低保, 食品证, 罚款). Each row below
//! maps what people type to what the lists say. The typed word itself is
//! always searched too (at full weight); the list words count slightly less,
//! so an item that uses the citizen's own word ranks first.
//!
//! To add a row: the left side is what a person would type into the search
//! box, whole (it is matched before the query is segmented, longest first);
//! the right side holds words that appear in item names, sub-item names,
//! flowchart steps or legal bases. Keep the right side specific: a word that
//! appears in every item (登记, 审核) makes every item match.

/// A row the registry adds to the table (an admin's, stored in the
/// database): what people type, and what the lists say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SynonymRow {
    /// What people type, e.g. `超载`.
    pub typed: Vec<String>,
    /// What the lists say, e.g. `超限`.
    pub means: Vec<String>,
}

impl SynonymRow {
    /// A row with its words normalised as queries are (width, case,
    /// punctuation), blank and repeated words dropped; `None` when either
    /// side is left empty.
    pub fn new(typed: &[String], means: &[String]) -> Option<SynonymRow> {
        let clean = |words: &[String]| {
            let mut out: Vec<String> = Vec::new();
            for word in words {
                let word: String = super::text::normalize_query(word)
                    .chars()
                    .filter(|c| *c != ' ')
                    .take(24)
                    .collect();
                if word.chars().count() >= 1 && !out.contains(&word) {
                    out.push(word);
                }
            }
            out
        };
        let (typed, means) = (clean(typed), clean(means));
        (!typed.is_empty() && !means.is_empty()).then_some(SynonymRow { typed, means })
    }
}

/// What `typed` stands for: the registry's rows first, then the built-in
/// table; `None` when it is no synonym key.
pub fn expansions(typed: &str, extra: &[SynonymRow]) -> Option<Vec<String>> {
    let mut found: Vec<String> = Vec::new();
    for row in extra.iter().filter(|r| r.typed.iter().any(|t| t == typed)) {
        found.extend(row.means.iter().cloned());
    }
    if let Some((_, means)) = SYNONYMS.iter().find(|(keys, _)| keys.contains(&typed)) {
        found.extend(means.iter().map(|m| (*m).to_owned()));
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|w| seen.insert(w.clone()));
    (!found.is_empty()).then_some(found)
}

/// Rows of (what people type, what the lists say).
pub const SYNONYMS: &[(&[&str], &[&str])] = &[
    // 民政: social assistance and civil affairs.
    (&["低保", "低保户", "吃低保"], &["最低生活保障"]),
    (&["特困", "五保", "五保户"], &["特困人员"]),
    (
        &["困难补助", "救济", "救助金", "临时困难"],
        &["临时救助", "社会救助"],
    ),
    (&["结婚证", "领证", "登记结婚"], &["结婚登记"]),
    (&["离婚证", "协议离婚"], &["离婚登记"]),
    (&["养老院", "敬老院", "老年公寓"], &["养老机构"]),
    (&["社团", "协会", "学会"], &["社会团体"]),
    (&["丧葬", "迷信用品", "纸扎"], &["殡葬"]),
    (
        &["残疾人", "残疾证", "残疾人证", "残疾补贴"],
        &["残疾人", "困难残疾人生活补贴", "重度残疾人护理补贴"],
    ),
    // 市场监管: starting and running a business.
    (
        &["食品证", "食品许可证", "食品经营许可证", "卫生许可证"],
        &["食品经营许可"],
    ),
    (
        &[
            "开饭店",
            "开餐馆",
            "开饭馆",
            "开餐厅",
            "饭店",
            "餐馆",
            "餐厅",
            "小吃店",
        ],
        &["食品经营", "餐饮"],
    ),
    (&["小卖部", "便利店", "超市"], &["食品经营", "个体工商户"]),
    (
        &["营业执照", "办执照", "工商执照"],
        &["设立登记", "市场主体登记", "个体工商户"],
    ),
    (&["个体户"], &["个体工商户"]),
    (&["电梯", "锅炉", "压力容器", "叉车"], &["特种设备"]),
    (&["乱收费", "乱涨价", "价签", "标价"], &["明码标价", "价格"]),
    (&["假广告", "虚假宣传"], &["虚假广告"]),
    (
        &["伪劣产品", "假货", "假冒伪劣"],
        &["不符合保障人体健康", "产品质量"],
    ),
    (&["投诉", "维权", "消费纠纷"], &["投诉", "消费者权益"]),
    (&["举报奖励", "举报有奖"], &["举报", "奖励"]),
    // Penalties and enforcement, in every department.
    (&["罚款", "罚钱", "被罚"], &["行政处罚", "处罚", "罚款"]),
    (&["扣东西", "查扣"], &["查封", "扣押"]),
    // 自然资源: land and property.
    (
        &["不动产证", "房产证", "房本", "房屋产权证", "土地证"],
        &["不动产权证书", "不动产登记"],
    ),
    (&["过户", "房屋过户"], &["转移登记"]),
    (&["查房产", "查档", "产权查询"], &["不动产登记资料查询"]),
    (
        &["宅基地", "农村建房", "盖房子", "盖房"],
        &["宅基地", "乡村建设规划许可"],
    ),
    (
        &["违建", "违章建筑", "违法建设", "乱搭乱建"],
        &["未取得建设工程规划许可证", "停止建设"],
    ),
    (
        &["土地纠纷", "土地争议", "地界纠纷"],
        &["土地所有权和使用权争议"],
    ),
    (&["占地", "乱占耕地"], &["占用土地"]),
    (&["规划证", "工程规划证"], &["建设工程规划许可证"]),
    // 交通运输: what drivers say, what the lists say.
    (&["超载", "超重", "拉超", "超限超载"], &["超限", "超限运输"]),
    (
        &["黑车", "非法营运"],
        &["未取得道路运输经营许可", "道路运输经营"],
    ),
];

/// Question words and filler a search ignores (要办什么证, 怎么, 如何 …),
/// unless the query holds nothing else. They are matched against jieba's
/// words, so each entry is a word as jieba cuts it.
pub const STOP_WORDS: &[&str] = &[
    "怎么",
    "怎样",
    "怎么办",
    "怎么样",
    "如何",
    "需要",
    "需",
    "要",
    "想",
    "我",
    "我要",
    "我想",
    "请问",
    "哪里",
    "哪儿",
    "在哪",
    "在哪里",
    "去",
    "去哪",
    "去哪里",
    "哪个",
    "哪些",
    "什么",
    "啥",
    "办",
    "办理",
    "要办",
    "申请",
    "手续",
    "证",
    "开",
    "开个",
    "一个",
    "个",
    "的",
    "了",
    "吗",
    "呢",
    "啊",
    "吧",
    "能",
    "能否",
    "可以",
    "是否",
    "有",
    "和",
    "与",
    "及",
    "或",
    "在",
    "部门",
    "流程",
    "多久",
    "多少",
    "多少钱",
    "一下",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rows: &[(&[&str], &[&str])]) {
        let mut seen = std::collections::HashSet::new();
        for (keys, expansions) in rows {
            assert!(!expansions.is_empty(), "row {keys:?} expands to nothing");
            for key in *keys {
                assert!(seen.insert(*key), "key `{key}` appears twice");
                assert!(!STOP_WORDS.contains(key), "key `{key}` is a stop word");
                assert!(key.chars().count() >= 2, "key `{key}` is too short");
            }
        }
    }

    #[test]
    fn synonym_keys_are_unique_and_searchable() {
        check(SYNONYMS);
    }
}
