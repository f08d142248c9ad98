//! Measures `data::search` on a generated registry of 20,000 items in 30
//! departments (names, sub-items, flowcharts and legal bases built from the
//! words of real lists): jieba's dictionary load, index build time and size,
//! and the latency of 200 varied queries — common words that hit thousands
//! of items, synonyms, question phrasing, codes, law titles, filters, deep
//! pages — plus suggestions and law lookups. Prints Markdown tables.
//!
//! Run with `cargo bench -p data --features search --bench search`.

use std::time::{Duration, Instant};

use data::Category;
use data::ids::{DepartmentCode, ItemId, VersionId};
use data::search::{BasisText, LawCitation, Query, SearchDoc, SearchIndex, preload};

const N_ITEMS: usize = 20_000;

/// A small deterministic generator (xorshift), so every run indexes the same registry.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const DEPARTMENTS: &[(&str, &str)] = &[
    ("MZ", "民政局"),
    ("SJ", "市场监督管理局"),
    ("ZR", "自然资源局"),
    ("ZJ", "住房和城乡建设局"),
    ("JT", "交通运输局"),
    ("SL", "水利局"),
    ("NY", "农业农村局"),
    ("WJ", "卫生健康委员会"),
    ("JY", "教育局"),
    ("GA", "公安局"),
    ("HB", "生态环境局"),
    ("RS", "人力资源和社会保障局"),
    ("WL", "文化广电旅游局"),
    ("YJ", "应急管理局"),
    ("LY", "林业局"),
    ("SW", "商务局"),
    ("CZ", "财政局"),
    ("SF", "司法局"),
    ("TY", "体育局"),
    ("YB", "医疗保障局"),
    ("TJ", "统计局"),
    ("SS", "审计局"),
    ("XF", "消防救援大队"),
    ("DA", "档案局"),
    ("MW", "民族宗教事务局"),
    ("TR", "退役军人事务局"),
    ("CG", "城市管理综合行政执法局"),
    ("QX", "气象局"),
    ("YC", "烟草专卖局"),
    ("RF", "人民防空办公室"),
];

const SUBJECTS: &[&str] = &[
    "食品经营者",
    "食品生产者",
    "餐饮服务提供者",
    "特种设备使用单位",
    "经营者",
    "社会团体",
    "民办非企业单位",
    "养老机构",
    "建设单位",
    "施工单位",
    "农村村民",
    "房地产开发企业",
    "道路运输经营者",
    "出租汽车经营者",
    "医疗机构",
    "药品零售企业",
    "学校",
    "培训机构",
    "网吧经营单位",
    "娱乐场所",
    "危险化学品经营单位",
    "矿山企业",
    "林木采伐者",
    "排污单位",
    "用人单位",
    "劳务派遣单位",
    "旅行社",
    "烟草零售户",
    "物业服务企业",
    "殡葬服务单位",
];

const VIOLATIONS: &[&str] = &[
    "未取得许可从事经营活动",
    "未按照规定办理登记",
    "不按规定明码标价",
    "发布虚假广告",
    "生产、销售不符合安全标准的产品",
    "非法占用土地",
    "未经批准擅自建设",
    "拒绝、阻碍监督检查",
    "超过批准的范围经营",
    "涂改、出租、出借许可证件",
    "违反安全生产规定",
    "擅自改变用途",
    "未按规定建立台账",
    "隐瞒有关情况或者提供虚假材料",
    "无证经营",
];

const THINGS: &[&str] = &[
    "食品经营",
    "食品生产",
    "特种设备使用",
    "社会团体成立",
    "民办非企业单位成立",
    "养老机构",
    "建设工程规划",
    "乡村建设规划",
    "建设用地",
    "不动产",
    "宅基地",
    "取水",
    "采矿",
    "林木采伐",
    "道路运输经营",
    "出租汽车经营",
    "医疗机构执业",
    "药品经营",
    "民办学校办学",
    "网络文化经营",
    "娱乐场所经营",
    "危险化学品经营",
    "排污",
    "劳务派遣经营",
    "旅行社业务经营",
    "烟草专卖零售",
    "人防工程",
    "户外广告设置",
    "城市道路占用",
    "消防安全检查",
    "最低生活保障",
    "特困人员供养",
    "临时救助",
    "残疾人两项补贴",
    "高龄津贴",
    "结婚",
    "离婚",
    "收养",
    "公共场所卫生",
];

const LICENSING: &[&str] = &[
    "许可",
    "许可证核发",
    "审批",
    "许可（新办）",
    "许可（延续）",
    "许可（变更）",
];
const CONFIRMATION: &[&str] = &["登记", "备案", "审核确认", "认定", "首次登记", "转移登记"];
const BENEFITS: &[&str] = &["审核确认", "发放", "审批", "给付"];

const LAWS: &[&str] = &[
    "《中华人民共和国食品安全法》",
    "《中华人民共和国行政处罚法》",
    "《中华人民共和国行政许可法》",
    "《中华人民共和国行政强制法》",
    "《中华人民共和国土地管理法》",
    "《中华人民共和国土地管理法实施条例》",
    "《中华人民共和国城乡规划法》",
    "《中华人民共和国特种设备安全法》",
    "《中华人民共和国产品质量法》",
    "《中华人民共和国广告法》",
    "《中华人民共和国价格法》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国道路运输条例》",
    "《中华人民共和国药品管理法》",
    "《中华人民共和国民法典》",
    "《中华人民共和国环境保护法》",
    "《中华人民共和国水法》",
    "《中华人民共和国森林法》",
    "《中华人民共和国劳动合同法》",
    "《社会团体登记管理条例》",
    "《社会救助暂行办法》",
    "《不动产登记暂行条例》",
    "《婚姻登记条例》",
    "《殡葬管理条例》",
    "《养老机构管理办法》（民政部令第66号）",
    "《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
    "《娱乐场所管理条例》",
    "《旅行社条例》",
    "《危险化学品安全管理条例》",
    "《取水许可和水资源费征收管理条例》",
];

const PENALTY_STEPS: &[&str] = &[
    "案件来源（检查发现/投诉举报/移送/上级交办）",
    "核查与立案",
    "是否符合立案条件",
    "不予立案（记录理由）",
    "调查取证",
    "调查终结：违法事实是否成立",
    "案件审核/法制审核（裁量基准适用审查）",
    "是否予以处罚",
    "处罚告知（事实、理由、依据、陈述申辩权、听证权）",
    "陈述申辩复核",
    "听证",
    "作出处罚决定（情节复杂或重大的集体讨论）",
    "送达",
    "执行（缴纳罚款15日内；逾期加处罚款/申请法院强制执行）",
    "结案归档",
];

const LICENSING_STEPS: &[&str] = &[
    "申请",
    "受理",
    "材料是否齐全、符合法定形式",
    "一次性告知补正",
    "不予受理（告知理由及复议、诉讼权利）",
    "审查",
    "现场核查",
    "决定",
    "是否符合许可条件",
    "送达/颁证",
    "办结（结果公开）",
    "不予许可（书面说明理由，告知复议、诉讼权利）",
];

fn numeral(n: u64) -> String {
    data::search::citation::to_chinese_number(n as u32)
}

fn registry() -> Vec<SearchDoc> {
    let mut rng = Rng(0x5EED_2024_0301);
    let version = VersionId::new("v2024.1").ok();
    let mut docs = Vec::with_capacity(N_ITEMS);
    for n in 0..N_ITEMS {
        let (code, dept) = DEPARTMENTS[n % DEPARTMENTS.len()];
        let serial = n / DEPARTMENTS.len() + 1;
        let category = *rng.pick(&Category::ALL);
        let subject = *rng.pick(SUBJECTS);
        let thing = *rng.pick(THINGS);
        let name = match category {
            Category::Penalty => format!("对{subject}{}的处罚", rng.pick(VIOLATIONS)),
            Category::Licensing => format!("{thing}{}", rng.pick(LICENSING)),
            Category::Confirmation => format!("{thing}{}", rng.pick(CONFIRMATION)),
            Category::Benefit => format!("{thing}{}", rng.pick(BENEFITS)),
            Category::Inspection => format!("对{subject}的监督检查"),
            Category::Coercion => format!("查封、扣押{subject}违法经营的场所、设施或者财物"),
            Category::Levy => format!("{thing}费征收"),
            Category::Award => format!("对举报{thing}领域违法行为的奖励"),
            Category::Adjudication => format!("{thing}争议调处"),
            Category::Other => format!("{thing}备案"),
            Category::PublicService => format!("{thing}咨询与投诉受理"),
        };
        let sub = rng.next().is_multiple_of(4);
        let n_bases = 1 + rng.next() % 3;
        let legal_bases = (0..n_bases)
            .map(|_| BasisText {
                law: (*rng.pick(LAWS)).to_owned(),
                article: (!rng.next().is_multiple_of(5)).then(|| {
                    let article = 1 + rng.next() % 140;
                    match rng.next() % 4 {
                        0 => format!(
                            "第{}条第{}款",
                            numeral(article),
                            numeral(1 + rng.next() % 3)
                        ),
                        1 => format!("第{}条至第{}条", numeral(article), numeral(article + 3)),
                        _ => format!("第{}条", numeral(article)),
                    }
                }),
            })
            .collect();
        let flowchart_steps = match category {
            Category::Penalty => PENALTY_STEPS.iter().map(|s| (*s).to_owned()).collect(),
            Category::Licensing if rng.next().is_multiple_of(2) => {
                LICENSING_STEPS.iter().map(|s| (*s).to_owned()).collect()
            }
            _ => Vec::new(),
        };
        let item_code = format!(
            "990101-{code}-{}-{serial:03}-{:02}",
            category.abbr(),
            u8::from(sub)
        );
        let (Some(item_id), Some(dept_code), Some(version_id)) = (
            ItemId::new(format!("{code}-{}-{serial:03}", category.abbr())).ok(),
            DepartmentCode::new(code).ok(),
            version.clone(),
        ) else {
            continue;
        };
        docs.push(SearchDoc {
            item_id,
            item_code,
            dept_code,
            department_name: format!("示范县{dept}"),
            version_id,
            category,
            implementing_level: Some(
                if rng.next().is_multiple_of(10) {
                    "乡镇（下放）"
                } else {
                    "县级"
                }
                .to_owned(),
            ),
            main_item_name: Some(name.clone()),
            sub_item_name: sub
                .then(|| format!("{name}（{}）", rng.pick(&["新办", "变更", "注销", "延续"]))),
            name,
            implementing_body: format!("示范县{dept}"),
            undertaking_unit: Some(format!(
                "{}股",
                rng.pick(&["行政审批", "综合行政执法", "法规", "监管"])
            )),
            legal_bases,
            flowchart_steps,
        });
    }
    docs
}

fn queries() -> Vec<Query> {
    let mut texts: Vec<String> = [
        // Common words that hit thousands of items.
        "处罚",
        "罚款",
        "登记",
        "许可",
        "审批",
        "监督检查",
        "经营",
        "食品",
        "土地",
        "建设",
        "备案",
        "申请",
        "受理",
        "听证",
        "送达",
        "股",
        "县",
        "法",
        // What citizens type.
        "低保",
        "开饭店要办什么证",
        "食品证",
        "不动产证",
        "营业执照怎么办",
        "怎么申请低保",
        "宅基地",
        "结婚证",
        "养老院",
        "电梯",
        "违建",
        "过户",
        "残疾人",
        "特困",
        "罚款怎么交",
        "乱收费",
        "假广告",
        "个体户",
        "房产证",
        "离婚",
        "在哪里办结婚证",
        // Names, prefixes, partial names.
        "食品经营许可",
        "食品经营",
        "社会团体成立登记",
        "对养老机构的监督检查",
        "取水许可",
        "特种设备使用",
        "建设工程规划许可证核发",
        "危险化学品",
        "网络文化",
        "旅行社",
        "出租汽车",
        "最低生活保障审核确认",
        "高龄津贴",
        "收养登记",
        "排污",
        "林木采伐许可",
        // Laws, with and without 《》 and the country prefix, with articles.
        "食品安全法",
        "《食品安全法》",
        "中华人民共和国食品安全法",
        "《中华人民共和国行政处罚法》",
        "土地管理法实施条例",
        "《土地管理法实施条例》第五十七条",
        "城乡规划法第六十四条",
        "民法典第1049条",
        "社会救助暂行办法",
        "行政强制法",
        // Codes.
        "SJ-CF-001",
        "990101-ZR-XK",
        "MZ-QR-012",
        "zr",
        "990101",
        "xk-100",
        // Several words, some with nothing in common.
        "食品 处罚",
        "土地 罚款",
        "养老机构 检查",
        "特种设备 登记",
        "低保 宅基地",
        "学校 许可",
        "药品 零售 处罚",
        "旅行社 投诉",
        "道路运输 经营 许可",
        "无证经营 食品",
        // Nothing.
        "zzz",
        "量子计算",
        "火星",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Fill up to 200 with generated variants: subjects and things with suffixes.
    let mut rng = Rng(42);
    while texts.len() < 200 {
        let text = match rng.next() % 4 {
            0 => format!(
                "{}{}",
                rng.pick(THINGS),
                rng.pick(&["许可", "登记", "", "证"])
            ),
            1 => format!(
                "{} {}",
                rng.pick(SUBJECTS),
                rng.pick(&["处罚", "检查", "罚款"])
            ),
            2 => (*rng.pick(VIOLATIONS)).to_owned(),
            _ => format!("怎么办{}", rng.pick(THINGS)),
        };
        texts.push(text);
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let mut query = Query::new(text);
            // Every fifth query filters, every seventh goes to a deep page.
            if i % 5 == 0 {
                query.department = DepartmentCode::new(DEPARTMENTS[i % DEPARTMENTS.len()].0).ok();
            }
            if i % 6 == 0 {
                query.category = Some(Category::Penalty);
            }
            if i % 7 == 0 {
                query.page = 5;
            }
            query
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn latencies(mut run: impl FnMut(usize), n: usize) -> Vec<Duration> {
    // One untimed pass so that first-touch page faults are not measured.
    for i in 0..n {
        run(i);
    }
    let mut times: Vec<Duration> = (0..n)
        .map(|i| {
            let start = Instant::now();
            run(i);
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn main() {
    let jieba = preload();
    let docs = registry();
    let start = Instant::now();
    let index = SearchIndex::build(docs);
    let build = start.elapsed();
    let stats = index.stats();

    println!("| measure | value |");
    println!("|---|---:|");
    println!("| jieba dictionary load | {} ms |", ms(jieba));
    println!("| items | {} |", stats.n_docs);
    println!("| index build | {} ms |", ms(build));
    println!(
        "| grams / postings | {} / {} |",
        stats.n_grams, stats.n_postings
    );
    println!("| distinct laws | {} |", stats.n_laws);
    println!(
        "| memory estimate | {:.1} MiB |",
        stats.approx_bytes as f64 / 1_048_576.0
    );

    let queries = queries();
    let mut totals = vec![0usize; queries.len()];
    let search_times = latencies(
        |i| {
            totals[i] = index.search(&queries[i]).total;
        },
        queries.len(),
    );
    let heavy = totals.iter().filter(|t| **t >= 1000).count();
    let prefixes: Vec<String> = queries
        .iter()
        .map(|q| q.text.chars().take(2).collect())
        .collect();
    let suggest_times = latencies(
        |i| {
            index.suggest(&prefixes[i], 10);
        },
        prefixes.len(),
    );
    let citations: Vec<LawCitation> = [
        "食品安全法",
        "《中华人民共和国土地管理法》第六十二条",
        "民法典第1049条",
        "行政处罚法第五十一条第一款",
    ]
    .iter()
    .filter_map(|c| LawCitation::parse(c).ok())
    .collect();
    let citing_times = latencies(
        |i| {
            index.citing(&citations[i % citations.len()]);
        },
        40,
    );

    println!();
    println!("| operation | runs | p50 ms | p95 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for (name, times) in [
        ("search", &search_times),
        ("suggest", &suggest_times),
        ("citing", &citing_times),
    ] {
        println!(
            "| {name} | {} | {} | {} | {} |",
            times.len(),
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.95)),
            ms(percentile(times, 1.0)),
        );
    }
    println!();
    println!(
        "{heavy} of {} queries match 1,000 items or more; the largest matches {}.",
        queries.len(),
        totals.iter().max().copied().unwrap_or(0)
    );
    let p95 = percentile(&search_times, 0.95);
    println!(
        "search p95 {} ms: {} the 50 ms target.",
        ms(p95),
        if p95 < Duration::from_millis(50) {
            "within"
        } else {
            "over"
        }
    );
}
