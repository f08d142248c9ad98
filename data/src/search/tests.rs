//! Search and legal-basis lookup over the demo list (`demo/sample.json`:
//! 民政局 MZ, 市场监督管理局 SJ, 自然资源局 ZR; 43 items).

use std::sync::OnceLock;

use super::*;
use crate::interchange;

fn demo_index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let Ok(parsed) = interchange::parse(include_bytes!("../../demo/sample.json")) else {
            panic!("the demo file does not parse");
        };
        SearchIndex::build(parsed.lists.iter().flat_map(|list| {
            list.items
                .iter()
                .map(|item| SearchDoc::from_item(&list.department, &list.version.version_id, item))
        }))
    })
}

/// What a search case expects: the total, and the item ids of the first
/// hits in order.
struct Expect<'a> {
    total: usize,
    top: &'a [&'a str],
}

fn check(query: &Query, expected: Expect<'_>) {
    let results = demo_index().search(query);
    let top: Vec<&str> = results
        .hits
        .iter()
        .take(expected.top.len())
        .map(|h| h.item_id.as_str())
        .collect();
    assert_eq!(
        top, expected.top,
        "case `{}` ({:?})",
        query.text, results.terms
    );
    assert_eq!(results.total, expected.total, "case `{}` total", query.text);
}

fn text(q: &str) -> Query {
    Query::new(q)
}

fn in_department(q: &str, code: &str) -> Query {
    Query {
        department: DepartmentCode::new(code).ok(),
        ..Query::new(q)
    }
}

fn in_category(q: &str, category: Category) -> Query {
    Query {
        category: Some(category),
        ..Query::new(q)
    }
}

fn page(q: &str, page: usize, per_page: usize) -> Query {
    Query {
        page,
        per_page,
        ..Query::new(q)
    }
}

#[test]
fn demo_queries_find_the_right_items() {
    let cases: &[(Query, Expect<'_>)] = &[
        // 低保 is a synonym of 最低生活保障.
        (
            text("低保"),
            Expect {
                total: 1,
                top: &["MZ-JF-002-00"],
            },
        ),
        (
            text("怎么申请低保？"),
            Expect {
                total: 1,
                top: &["MZ-JF-002-00"],
            },
        ),
        (
            text("食品"),
            Expect {
                total: 6,
                top: &["SJ-XK-001-00", "SJ-XK-001-01", "SJ-XK-001-03"],
            },
        ),
        // A prefix of a name, split by jieba into 食品 / 经营.
        (
            text("食品经营"),
            Expect {
                total: 6,
                top: &["SJ-XK-001-00", "SJ-XK-001-01", "SJ-XK-001-03"],
            },
        ),
        (
            text("食品证"),
            Expect {
                total: 4,
                top: &[
                    "SJ-XK-001-00",
                    "SJ-XK-001-01",
                    "SJ-XK-001-03",
                    "SJ-CF-004-00",
                ],
            },
        ),
        (
            text("开饭店要办什么证"),
            Expect {
                total: 6,
                top: &["SJ-XK-001-00", "SJ-XK-001-01", "SJ-XK-001-03"],
            },
        ),
        // 罚款 finds the penalties (处罚) of every department.
        (
            text("罚款"),
            Expect {
                total: 13,
                top: &["MZ-CF-010-00", "SJ-CF-004-00", "ZR-CF-006-00"],
            },
        ),
        (
            text("不动产"),
            Expect {
                total: 4,
                top: &["ZR-QR-005-00", "ZR-GG-014-00"],
            },
        ),
        (
            text("不动产证"),
            Expect {
                total: 4,
                top: &["ZR-QR-005-00"],
            },
        ),
        // In the middle of a name.
        (
            text("宅基地"),
            Expect {
                total: 2,
                top: &["ZR-QT-004-00", "ZR-XK-003-00"],
            },
        ),
        (
            text("结婚证"),
            Expect {
                total: 1,
                top: &["MZ-QR-005-00"],
            },
        ),
        (
            text("营业执照"),
            Expect {
                total: 2,
                top: &["SJ-XK-003-00", "SJ-CF-005-00"],
            },
        ),
        (
            text("特困"),
            Expect {
                total: 1,
                top: &["MZ-JF-003-00"],
            },
        ),
        (
            text("社会团体登记"),
            Expect {
                total: 4,
                top: &["MZ-XK-001-01", "MZ-XK-001-03", "MZ-XK-001-00"],
            },
        ),
        // Item codes, full-width or not, whole or in part.
        (
            text("SJ-XK-001"),
            Expect {
                total: 3,
                top: &["SJ-XK-001-00", "SJ-XK-001-01", "SJ-XK-001-03"],
            },
        ),
        (
            text("ｚｒ－ｑｒ－００５－０３"),
            Expect {
                total: 1,
                top: &["ZR-QR-005-03"],
            },
        ),
        (
            text("990101-MZ-JF-003"),
            Expect {
                total: 1,
                top: &["MZ-JF-003-00"],
            },
        ),
        // Law titles with and without 《》 and the country prefix.
        (
            text("《食品安全法》"),
            Expect {
                total: 5,
                top: &["SJ-CF-004-00"],
            },
        ),
        (
            text("食品安全法"),
            Expect {
                total: 5,
                top: &["SJ-CF-004-00"],
            },
        ),
        (
            text("《中华人民共和国食品安全法》"),
            Expect {
                total: 5,
                top: &["SJ-CF-004-00"],
            },
        ),
        (
            text("土地管理法实施条例"),
            Expect {
                total: 2,
                top: &["ZR-CF-006-00", "ZR-CF-008-00"],
            },
        ),
        (
            text("民法典第二百一十条"),
            Expect {
                total: 1,
                top: &["ZR-QR-005-00"],
            },
        ),
        (
            text("12315"),
            Expect {
                total: 1,
                top: &["SJ-GG-013-00"],
            },
        ),
        // A flowchart step.
        (
            text("听证"),
            Expect {
                total: 4,
                top: &[
                    "MZ-CF-010-00",
                    "SJ-CF-004-00",
                    "ZR-CF-006-00",
                    "ZR-XK-002-00",
                ],
            },
        ),
        // Filters.
        (
            in_department("登记", "ZR"),
            Expect {
                total: 4,
                top: &["ZR-QR-005-00"],
            },
        ),
        (
            in_category("食品", Category::Penalty),
            Expect {
                total: 1,
                top: &["SJ-CF-004-00"],
            },
        ),
        (
            Query {
                category: Some(Category::Licensing),
                ..in_department("", "ZR")
            },
            Expect {
                total: 3,
                top: &["ZR-XK-001-00", "ZR-XK-002-00", "ZR-XK-003-00"],
            },
        ),
        // Paging: the second page of two holds the third and fourth hits.
        (
            page("罚款", 2, 2),
            Expect {
                total: 13,
                top: &["ZR-CF-006-00", "SJ-CF-009-00"],
            },
        ),
        (
            page("罚款", 8, 2),
            Expect {
                total: 13,
                top: &[],
            },
        ),
        // Nothing.
        (text("zzz"), Expect { total: 0, top: &[] }),
    ];
    for (query, expected) in cases {
        check(
            query,
            Expect {
                total: expected.total,
                top: expected.top,
            },
        );
    }
}

#[test]
fn name_matches_rank_above_basis_matches() {
    // 食品安全 is in the name of SJ-QZ-010-00 and only in the legal basis
    // (《食品安全法》) of the other four.
    let results = demo_index().search(&Query::new("食品安全"));
    let first = &results.hits[0];
    assert_eq!(first.item_id.as_str(), "SJ-QZ-010-00");
    assert_eq!(first.highlights[0].field, Field::Name);
    let basis_only = &results.hits[1];
    assert_eq!(
        basis_only
            .highlights
            .iter()
            .map(|h| h.field)
            .collect::<Vec<_>>(),
        [Field::LegalBasis]
    );
    assert!(first.score > 2.0 * basis_only.score, "{results:#?}");
}

#[test]
fn all_terms_first_then_partial_matches() {
    // No item is about both; each term alone finds some.
    let results = demo_index().search(&Query::new("低保 宅基地"));
    assert!(!results.matched_all);
    assert_eq!(results.total, 3);
    assert!(results.hits.iter().all(|h| !h.matched_all));
    // Both terms present: only full matches.
    let results = demo_index().search(&Query::new("食品 处罚"));
    assert!(results.matched_all);
    assert_eq!(
        results
            .hits
            .iter()
            .map(|h| h.item_id.as_str())
            .collect::<Vec<_>>(),
        ["SJ-CF-004-00", "SJ-QZ-010-00"]
    );
    // The second has 处罚 only in a flowchart step (转入行政处罚程序).
    assert_eq!(
        results.hits[1]
            .highlights
            .iter()
            .map(|h| h.field)
            .collect::<Vec<_>>(),
        [
            Field::Name,
            Field::Flowchart,
            Field::ImplementingBody,
            Field::LegalBasis
        ]
    );
}

fn marked(highlight: &Highlight) -> String {
    highlight
        .segments
        .iter()
        .map(|s| {
            if s.matched {
                format!("[{}]", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

#[test]
fn hits_carry_highlights() {
    let results = demo_index().search(&Query::new("宅基地"));
    let hit = &results.hits[0];
    assert_eq!(marked(&hit.highlights[0]), "农村村民[宅基地]审核");
    let results = demo_index().search(&Query::new("土地管理法实施条例 第五十四条"));
    assert_eq!(results.hits.len(), 1);
    assert_eq!(
        marked(&results.hits[0].highlights[0]),
        "《中华人民共和国[土地管理法实施条例]》[第五十四条]"
    );
    let results = demo_index().search(&Query::new("陈述申辩"));
    let steps = results.hits[0]
        .highlights
        .iter()
        .find(|h| h.field == Field::Flowchart)
        .map(marked);
    assert_eq!(
        steps.as_deref(),
        Some("处罚告知（事实、理由、依据、[陈述申辩]权、听证权） → [陈述申辩]复核")
    );
}

#[test]
fn facets_count_the_other_filters() {
    let query = Query {
        department: DepartmentCode::new("SJ").ok(),
        ..Query::new("登记")
    };
    let results = demo_index().search(&query);
    let departments: Vec<(&str, usize)> = results
        .departments
        .iter()
        .map(|f| (f.key.as_str(), f.count))
        .collect();
    // The department facet ignores the department filter itself.
    assert_eq!(departments, [("MZ", 5), ("SJ", 4), ("ZR", 4)]);
    let categories: Vec<(&str, usize)> = results
        .categories
        .iter()
        .map(|f| (f.label.as_str(), f.count))
        .collect();
    assert_eq!(categories, [("行政许可", 2), ("行政处罚", 2)]);
    assert_eq!(results.total, 4);
}

#[test]
fn suggestions_while_typing() {
    let check = |prefix: &str, expected: &[&str]| {
        let got: Vec<String> = demo_index()
            .suggest(prefix, 5)
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(got, expected, "case `{prefix}`");
    };
    check(
        "食品",
        &[
            "食品经营许可",
            "食品经营许可（延续）",
            "食品经营许可（新办）",
            "对食品经营者的监督检查",
            "对未取得食品经营许可从事食品经营活动的处罚",
        ],
    );
    check("不动产", &["不动产登记", "不动产登记资料查询"]);
    check("宅基", &["农村村民宅基地审核"]);
    check("低保", &["最低生活保障审核确认"]);
    check("", &[]);
    check("zzz", &[]);
}

#[test]
fn citing_finds_items_by_law_and_article() {
    let check = |citation: &str, expected: &[(&str, &[&str])]| {
        let Ok(parsed) = LawCitation::parse(citation) else {
            panic!("case `{citation}` does not parse");
        };
        let got: Vec<(String, Vec<String>)> = demo_index()
            .citing(&parsed)
            .into_iter()
            .map(|h| (h.item_id.to_string(), h.bases))
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(id, bases)| {
                (
                    (*id).to_owned(),
                    bases.iter().map(|b| (*b).to_owned()).collect(),
                )
            })
            .collect();
        assert_eq!(got, expected, "case `{citation}`");
    };
    check(
        "《土地管理法实施条例》第五十四条",
        &[(
            "ZR-CF-008-00",
            &["《中华人民共和国土地管理法实施条例》第五十四条"],
        )],
    );
    check(
        "中华人民共和国土地管理法实施条例",
        &[
            (
                "ZR-CF-006-00",
                &["《中华人民共和国土地管理法实施条例》（2014年修订）第四十二条"],
            ),
            (
                "ZR-CF-008-00",
                &["《中华人民共和国土地管理法实施条例》第五十四条"],
            ),
        ],
    );
    check("土地管理法实施条例第57条", &[]);
    check(
        "食品安全法第122条第1款",
        &[(
            "SJ-CF-004-00",
            &["《中华人民共和国食品安全法》第一百二十二条第一款"],
        )],
    );
    check("食品安全法第122条第2款", &[]);
    check(
        "《中华人民共和国食品安全法》第一百一十条",
        &[
            (
                "SJ-JC-011-00",
                &["《中华人民共和国食品安全法》第一百一十条"],
            ),
            (
                "SJ-QZ-010-00",
                &["《中华人民共和国食品安全法》第一百一十条第（四）项"],
            ),
        ],
    );
    // Inside a run of articles: 第九条至第十二条.
    check(
        "社会团体登记管理条例第十条",
        &[(
            "MZ-XK-001-01",
            &["《社会团体登记管理条例》第三条、第九条至第十二条"],
        )],
    );
    check(
        "《民法典》第1049条",
        &[(
            "MZ-QR-005-00",
            &["《中华人民共和国民法典》第一千零四十九条"],
        )],
    );
    // Title only: every article, and bases without one.
    check(
        "养老机构管理办法",
        &[
            ("MZ-JC-008-00", &["《养老机构管理办法》（民政部令第66号）"]),
            ("MZ-QT-007-00", &["《养老机构管理办法》（民政部令第66号）"]),
        ],
    );
    // Another law whose title contains this one's is a different law.
    check(
        "市场主体登记管理条例实施细则",
        &[(
            "SJ-CF-005-00",
            &["《中华人民共和国市场主体登记管理条例实施细则》第六十八条"],
        )],
    );
    check("刑法", &[]);
}

#[test]
fn the_index_is_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
    let index = demo_index();
    let totals: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = ["低保", "罚款", "不动产"]
            .into_iter()
            .map(|q| scope.spawn(move || index.search(&Query::new(q)).total))
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    assert_eq!(totals, [1, 13, 4]);
}

#[test]
fn results_serialise_deterministically() {
    let first =
        serde_json::to_string(&demo_index().search(&Query::new("登记"))).unwrap_or_default();
    let again =
        serde_json::to_string(&demo_index().search(&Query::new("登记"))).unwrap_or_default();
    assert!(first.contains("\"field\":\"name\""));
    assert_eq!(first, again);
}

/// Issue 20: a driver searches 超载, the list says 超限; and a registry adds
/// its own words (an admin's row) besides the built-in table.
#[test]
fn synonyms_built_in_and_the_registrys_own() {
    let Ok(mut parsed) = interchange::parse(include_bytes!("../../demo/sample.json")) else {
        panic!("the demo file does not parse");
    };
    let list = &mut parsed.lists[1];
    let mut item = list.items[0].clone();
    item.item_id = crate::ItemId::new("SJ-CF-099-00").unwrap_or_else(|e| panic!("{e}"));
    item.item_code = "990101-SJ-CF-099-00".to_owned();
    item.name = "对车辆超限运输的处罚".to_owned();
    item.sub_item_name = None;
    list.items.push(item);
    let docs = || {
        parsed.lists.iter().flat_map(|list| {
            list.items
                .iter()
                .map(|item| SearchDoc::from_item(&list.department, &list.version.version_id, item))
        })
    };
    let ids = |index: &SearchIndex, q: &str| -> Vec<String> {
        index
            .search(&Query::new(q))
            .hits
            .iter()
            .map(|h| h.item_id.to_string())
            .collect()
    };
    let plain = SearchIndex::build(docs());
    assert_eq!(ids(&plain, "超载"), ["SJ-CF-099-00"]);
    assert!(ids(&plain, "爆仓").is_empty());

    let row = synonyms::SynonymRow::new(
        &["爆仓".to_owned(), "  ".to_owned()],
        &["超限运输".to_owned()],
    );
    assert_eq!(
        row,
        Some(synonyms::SynonymRow {
            typed: vec!["爆仓".to_owned()],
            means: vec!["超限运输".to_owned()]
        })
    );
    assert_eq!(
        synonyms::SynonymRow::new(&["x".to_owned()], &[" ".to_owned()]),
        None
    );
    let extended = SearchIndex::build(docs()).with_synonyms(row.into_iter().collect());
    assert_eq!(ids(&extended, "爆仓"), ["SJ-CF-099-00"]);
    assert_eq!(ids(&extended, "超载"), ["SJ-CF-099-00"]);
}
