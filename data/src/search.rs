//! Chinese full-text search over published items and lookup of the items
//! that cite a law: an in-memory index built from every department's
//! current version.
//!
//! Citizens search with the words of daily life (开饭店要办什么证, 低保, 罚款)
//! rather than a department. A query is normalised ([`normalize_query`]),
//! synonyms and question words are handled ([`synonyms`]), the rest is
//! segmented by jieba, and every term must then occur in some field of an
//! item. Terms are matched as substrings of the field, so 食品经营 finds
//! 食品经营许可（新办） and 宅基地 finds 农村村民宅基地审核; the index maps
//! every Chinese character and character pair (and every ASCII token prefix)
//! to the items and fields that contain it, so a lookup touches only
//! candidate items.
//!
//! Ranking: a term counts by the best field it matched in (name ≫ sub-item
//! name > code > flowchart step, implementing body > legal basis) times its
//! rarity; the whole query as a phrase in the name earns a bonus, shorter
//! names a little more. Items that match every term come first; when no
//! item does, items matching some terms are returned instead, those
//! matching more terms first. Ties go by department code, then item code.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::category::Category;
use crate::ids::{DepartmentCode, ItemId, VersionId};
use crate::item::Item;
use crate::version::Department;

pub mod citation;
pub mod highlight;
pub mod synonyms;
pub mod text;

pub use citation::{ArticleRef, CitationError, LawCitation};
pub use highlight::Segment;
pub use text::{normalize_query, preload};

use citation::ArticleSpan;
use text::{Term, for_each_gram, gram_key, is_han, normalize};

/// The most results a page may hold.
pub const MAX_PER_PAGE: usize = 100;
/// How deep paging may go: results beyond this rank are not served.
pub const MAX_RESULTS: usize = 10_000;
/// The most suggestions [`SearchIndex::suggest`] returns.
pub const MAX_SUGGESTIONS: usize = 20;

/// A field of an item that search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 事项名称.
    Name,
    /// 主项名称 and 子项名称.
    SubItem,
    /// Item code and id.
    Code,
    /// Flowchart step labels.
    Flowchart,
    /// 实施主体, 承办机构 and the department's name.
    ImplementingBody,
    /// Legal bases (title and article).
    LegalBasis,
}

impl Field {
    /// Every field, in the order highlights are listed.
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::SubItem,
        Field::Code,
        Field::Flowchart,
        Field::ImplementingBody,
        Field::LegalBasis,
    ];

    /// How much a match in this field counts.
    fn weight(self) -> f64 {
        match self {
            Field::Name => 10.0,
            Field::SubItem => 6.0,
            Field::Code => 5.0,
            Field::Flowchart => 2.0,
            Field::ImplementingBody => 2.0,
            Field::LegalBasis => 1.5,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    /// How the values of a multi-valued field are joined in a highlight.
    fn separator(self) -> &'static str {
        match self {
            Field::Flowchart => " → ",
            _ => "；",
        }
    }

    /// The Chinese label, for a results page.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "事项名称",
            Field::SubItem => "主项/子项",
            Field::Code => "编码",
            Field::Flowchart => "流程环节",
            Field::ImplementingBody => "实施主体",
            Field::LegalBasis => "依据",
        }
    }
}

/// One legal basis as search sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasisText {
    /// The law's title as written, e.g. `《中华人民共和国食品安全法》`.
    pub law: String,
    /// The article, e.g. `第三十五条`.
    pub article: Option<String>,
}

impl BasisText {
    /// The basis as one line, e.g. `《中华人民共和国食品安全法》第三十五条`.
    pub fn citation(&self) -> String {
        match &self.article {
            Some(article) => format!("{}{article}", self.law),
            None => self.law.clone(),
        }
    }
}

/// What the index holds of one item of one department's current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Stable id.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// The department's code.
    pub dept_code: DepartmentCode,
    /// The department's name.
    pub department_name: String,
    /// The version the item is taken from.
    pub version_id: VersionId,
    /// 权力类别.
    pub category: Category,
    /// 行使层级, e.g. `县级`.
    pub implementing_level: Option<String>,
    /// 事项名称.
    pub name: String,
    /// 主项名称.
    pub main_item_name: Option<String>,
    /// 子项名称.
    pub sub_item_name: Option<String>,
    /// 依据.
    pub legal_bases: Vec<BasisText>,
    /// 实施主体.
    pub implementing_body: String,
    /// 承办机构.
    pub undertaking_unit: Option<String>,
    /// The labels of the flowchart's steps, in the chart's order.
    pub flowchart_steps: Vec<String>,
}

impl SearchDoc {
    /// The document of `item` as published by `department` in `version`.
    pub fn from_item(department: &Department, version: &VersionId, item: &Item) -> SearchDoc {
        SearchDoc {
            item_id: item.item_id.clone(),
            item_code: item.item_code.clone(),
            dept_code: department.dept_code.clone(),
            department_name: department.name.clone(),
            version_id: version.clone(),
            category: item.category,
            implementing_level: item.implementing_level.clone(),
            name: item.name.clone(),
            main_item_name: item.main_item_name.clone(),
            sub_item_name: item.sub_item_name.clone(),
            legal_bases: item
                .legal_basis
                .iter()
                .map(|b| BasisText {
                    law: b.law.clone(),
                    article: b.article.clone(),
                })
                .collect(),
            implementing_body: item.implementing_body.clone(),
            undertaking_unit: item.undertaking_unit.clone(),
            flowchart_steps: item
                .flowchart
                .as_ref()
                .map(|chart| chart.nodes.iter().map(|n| n.label.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

/// A search request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// What was typed.
    pub text: String,
    /// Only this department's items.
    #[serde(default)]
    pub department: Option<DepartmentCode>,
    /// Only items of this category.
    #[serde(default)]
    pub category: Option<Category>,
    /// Only items exercised at this level (`县级` also matches `县级（委托）`).
    #[serde(default)]
    pub level: Option<String>,
    /// 1-based page number.
    #[serde(default = "first_page")]
    pub page: usize,
    /// Results per page, 1 to [`MAX_PER_PAGE`].
    #[serde(default = "default_per_page")]
    pub per_page: usize,
}

fn first_page() -> usize {
    1
}

fn default_per_page() -> usize {
    20
}

impl Query {
    /// A query for `text` without filters, first page of 20.
    pub fn new(text: impl Into<String>) -> Query {
        Query {
            text: text.into(),
            department: None,
            category: None,
            level: None,
            page: first_page(),
            per_page: default_per_page(),
        }
    }
}

/// The highlighted part of one field of a hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// Which field.
    pub field: Field,
    /// The fragment, split into matched and unmatched segments.
    pub segments: Vec<Segment>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Stable id.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// Name.
    pub name: String,
    /// The department's code.
    pub dept_code: DepartmentCode,
    /// The department's name.
    pub department_name: String,
    /// The version the item is from.
    pub version_id: VersionId,
    /// Category.
    pub category: Category,
    /// 行使层级.
    pub implementing_level: Option<String>,
    /// Relevance, rounded to three decimals; only the order means anything.
    pub score: f64,
    /// Whether the item matched every term of the query.
    pub matched_all: bool,
    /// The matched fields, most important first.
    pub highlights: Vec<Highlight>,
}

/// How many results fall into one filter value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<K> {
    /// The filter value.
    pub key: K,
    /// Its label.
    pub label: String,
    /// How many results it would give.
    pub count: usize,
}

/// Results of a search, one page of hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many items match in all.
    pub total: usize,
    /// The page served (1-based).
    pub page: usize,
    /// Results per page.
    pub per_page: usize,
    /// False when no item matched every term and the hits match only some.
    pub matched_all: bool,
    /// The terms searched for, after segmentation, as typed.
    pub terms: Vec<String>,
    /// The hits of this page.
    pub hits: Vec<Hit>,
    /// Results per department, with the other filters applied, by code.
    pub departments: Vec<FacetCount<DepartmentCode>>,
    /// Results per category, with the other filters applied, in list order.
    pub categories: Vec<FacetCount<Category>>,
}

/// A suggestion while typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// An item name.
    pub text: String,
    /// The name split into matched and unmatched segments.
    pub segments: Vec<Segment>,
}

/// An item citing a law, with the bases that cite it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitingHit {
    /// Stable id.
    pub item_id: ItemId,
    /// Displayed code.
    pub item_code: String,
    /// Name.
    pub name: String,
    /// The department's code.
    pub dept_code: DepartmentCode,
    /// The department's name.
    pub department_name: String,
    /// The version the item is from.
    pub version_id: VersionId,
    /// Category.
    pub category: Category,
    /// The item's bases that cite the law (and article), as written.
    pub bases: Vec<String>,
}

/// Sizes of an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    /// Items.
    pub n_docs: usize,
    /// Distinct Chinese unigrams and bigrams and ASCII prefixes.
    pub n_grams: usize,
    /// Entries in all posting lists.
    pub n_postings: usize,
    /// Distinct law titles.
    pub n_laws: usize,
    /// A rough estimate of the heap the index uses, in bytes.
    pub approx_bytes: usize,
}

/// A field's values, as written and normalised (same characters, one for one).
#[derive(Debug, Clone, Default)]
struct FieldText {
    original: Vec<String>,
    normalized: Vec<String>,
}

impl FieldText {
    fn push(&mut self, value: &str) {
        let value = value.trim();
        if !value.is_empty() && !self.original.iter().any(|v| v == value) {
            self.original.push(value.to_owned());
            self.normalized.push(normalize(value));
        }
    }

    fn contains(&self, needle: &str) -> bool {
        self.normalized.iter().any(|v| v.contains(needle))
    }
}

/// One legal basis, parsed for [`SearchIndex::citing`].
#[derive(Debug, Clone)]
struct ParsedBasis {
    citation: String,
    spans: Vec<ArticleSpan>,
}

#[derive(Debug, Clone)]
struct Entry {
    doc: SearchDoc,
    level: Option<String>,
    fields: [FieldText; 6],
    bases: Vec<ParsedBasis>,
}

impl Entry {
    fn new(doc: SearchDoc) -> Entry {
        let mut fields: [FieldText; 6] = Default::default();
        let field = |f: Field| f as usize;
        fields[field(Field::Name)].push(&doc.name);
        for sub in [&doc.main_item_name, &doc.sub_item_name]
            .into_iter()
            .flatten()
        {
            if *sub != doc.name {
                fields[field(Field::SubItem)].push(sub);
            }
        }
        fields[field(Field::Code)].push(&doc.item_code);
        fields[field(Field::Code)].push(doc.item_id.as_str());
        for step in &doc.flowchart_steps {
            fields[field(Field::Flowchart)].push(step);
        }
        fields[field(Field::ImplementingBody)].push(&doc.implementing_body);
        if let Some(unit) = &doc.undertaking_unit {
            fields[field(Field::ImplementingBody)].push(unit);
        }
        fields[field(Field::ImplementingBody)].push(&doc.department_name);
        for basis in &doc.legal_bases {
            fields[field(Field::LegalBasis)].push(&basis.citation());
        }
        let bases = doc
            .legal_bases
            .iter()
            .map(|b| ParsedBasis {
                citation: b.citation(),
                spans: b
                    .article
                    .as_deref()
                    .map(citation::parse_articles)
                    .unwrap_or_default(),
            })
            .collect();
        Entry {
            level: doc.implementing_level.as_deref().map(normalize),
            doc,
            fields,
            bases,
        }
    }
}

/// Documents containing a gram, ascending, with the fields that contain it.
#[derive(Debug, Clone, Default)]
struct Postings {
    docs: Vec<u32>,
    fields: Vec<u8>,
}

impl Postings {
    fn add(&mut self, doc: u32, fields: u8) {
        self.docs.push(doc);
        self.fields.push(fields);
    }
}

/// The search index: immutable once built, `Send + Sync`, queried
/// concurrently without locks.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Sorted by department code, item code, item id.
    entries: Vec<Entry>,
    han: HashMap<u64, Postings>,
    ascii: HashMap<Box<str>, Postings>,
    /// Normalised law title → (entry, basis index).
    laws: HashMap<String, Vec<(u32, u16)>>,
    /// Distinct names, sorted, with their normalised form, for suggestions.
    names: Vec<(String, String)>,
    /// The registry's own synonym rows, looked up before the built-in table.
    synonyms: Vec<synonyms::SynonymRow>,
}

impl SearchIndex {
    /// The index with the registry's own synonym rows besides the built-in
    /// table (an admin's: `超载` → `超限`).
    pub fn with_synonyms(mut self, rows: Vec<synonyms::SynonymRow>) -> SearchIndex {
        self.synonyms = rows;
        self
    }

    /// Builds the index. Order of `docs` does not matter; an item id that
    /// occurs twice in one department is indexed once (the first).
    pub fn build(docs: impl IntoIterator<Item = SearchDoc>) -> SearchIndex {
        let mut docs: Vec<SearchDoc> = docs.into_iter().collect();
        docs.sort_by(|a, b| {
            (
                a.dept_code.as_str(),
                a.item_code.as_str(),
                a.item_id.as_str(),
            )
                .cmp(&(
                    b.dept_code.as_str(),
                    b.item_code.as_str(),
                    b.item_id.as_str(),
                ))
        });
        let mut seen = std::collections::HashSet::new();
        docs.retain(|d| seen.insert((d.dept_code.clone(), d.item_id.clone())));
        // Postings store u32 document numbers and u16 basis numbers.
        docs.truncate(u32::MAX as usize);
        let entries: Vec<Entry> = docs.into_iter().map(Entry::new).collect();

        let mut han: HashMap<u64, Postings> = HashMap::new();
        let mut ascii: HashMap<Box<str>, Postings> = HashMap::new();
        let mut laws: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        let mut han_grams: Vec<(u64, u8)> = Vec::new();
        let mut ascii_grams: Vec<(String, u8)> = Vec::new();
        for (number, entry) in entries.iter().enumerate() {
            let number = number as u32;
            han_grams.clear();
            ascii_grams.clear();
            for field in Field::ALL {
                let bit = field.bit();
                for value in &entry.fields[field as usize].normalized {
                    for_each_gram(
                        value,
                        |key| han_grams.push((key, bit)),
                        |prefix| ascii_grams.push((prefix.to_owned(), bit)),
                    );
                }
            }
            for (key, fields) in merge_fields(&mut han_grams) {
                han.entry(key).or_default().add(number, fields);
            }
            for (key, fields) in merge_fields(&mut ascii_grams) {
                ascii
                    .entry(key.into_boxed_str())
                    .or_default()
                    .add(number, fields);
            }
            for (i, basis) in entry
                .doc
                .legal_bases
                .iter()
                .enumerate()
                .take(u16::MAX as usize)
            {
                let key = citation::normalize_title(&basis.law);
                if !key.is_empty() {
                    laws.entry(key).or_default().push((number, i as u16));
                }
            }
        }
        let mut names: Vec<(String, String)> = entries
            .iter()
            .map(|e| (e.doc.name.clone(), normalize(&e.doc.name)))
            .collect();
        names.sort();
        names.dedup();
        SearchIndex {
            entries,
            han,
            ascii,
            laws,
            names,
            synonyms: Vec::new(),
        }
    }

    /// How many items the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no item.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sizes of the index, with a rough estimate of its memory.
    pub fn stats(&self) -> IndexStats {
        let n_postings: usize = self.han.values().map(|p| p.docs.len()).sum::<usize>()
            + self.ascii.values().map(|p| p.docs.len()).sum::<usize>();
        let strings: usize = self
            .entries
            .iter()
            .map(|e| {
                e.fields
                    .iter()
                    .flat_map(|f| f.original.iter().chain(&f.normalized))
                    .map(|s| s.len() + 24)
                    .sum::<usize>()
                    + e.doc.name.len()
                    + e.doc.item_code.len()
                    + e.doc
                        .flowchart_steps
                        .iter()
                        .map(|s| s.len() + 24)
                        .sum::<usize>()
                    + e.doc
                        .legal_bases
                        .iter()
                        .map(|b| b.law.len() + 64)
                        .sum::<usize>()
                    + 600
            })
            .sum();
        let maps = (self.han.len() + self.ascii.len()) * (16 + 48 + 8);
        IndexStats {
            n_docs: self.entries.len(),
            n_grams: self.han.len() + self.ascii.len(),
            n_postings,
            n_laws: self.laws.len(),
            approx_bytes: n_postings * 5 + maps + strings,
        }
    }

    /// Searches; see the module docs for matching and ranking.
    ///
    /// An empty query (after normalisation) lists the items the filters
    /// allow, by department and code.
    pub fn search(&self, query: &Query) -> SearchResults {
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        let normalized = normalize_query(&query.text);
        let known_law = |phrase: &str| self.laws.contains_key(phrase);
        let terms = text::query_terms(&normalized, &known_law, &self.synonyms);
        let filter = Filter::new(query);

        let mut matched = Matched::new(self.entries.len());
        let mut term_needles: Vec<Vec<String>> = Vec::with_capacity(terms.len());
        for term in &terms {
            term_needles.push(self.match_term(term, &mut matched));
        }
        let n_terms = terms.len() as u16;
        // The whole query as typed, and for a single term its synonyms too.
        let mut phrases: Vec<(String, f64)> =
            vec![(terms.iter().map(|t| t.typed.as_str()).collect(), 1.0)];
        if let [term] = terms.as_slice() {
            phrases.extend(
                term.alternatives
                    .iter()
                    .skip(1)
                    .map(|(phrase, factor)| (phrase.clone(), factor * SYNONYM_PHRASE_FACTOR)),
            );
        }

        // Which documents are results: all that match every term, else all
        // that match some; an empty query lists everything.
        let results: Vec<u32> = if terms.is_empty() {
            (0..self.entries.len() as u32).collect()
        } else {
            let full: Vec<u32> = matched
                .touched
                .iter()
                .copied()
                .filter(|&d| matched.count[d as usize] == n_terms)
                .collect();
            if full.is_empty() {
                matched.touched.clone()
            } else {
                full
            }
        };
        let matched_all = terms.is_empty()
            || results
                .iter()
                .any(|&d| matched.count[d as usize] == n_terms);

        let mut departments: BTreeMap<&str, (usize, &str, &DepartmentCode)> = BTreeMap::new();
        let mut categories: BTreeMap<Category, usize> = BTreeMap::new();
        let mut selected: Vec<u32> = Vec::new();
        for &d in &results {
            let entry = &self.entries[d as usize];
            let (dept_ok, category_ok, level_ok) = filter.check(entry);
            if category_ok && level_ok {
                let slot = departments.entry(entry.doc.dept_code.as_str()).or_insert((
                    0,
                    &entry.doc.department_name,
                    &entry.doc.dept_code,
                ));
                slot.0 += 1;
            }
            if dept_ok && level_ok {
                *categories.entry(entry.doc.category).or_default() += 1;
            }
            if dept_ok && category_ok && level_ok {
                selected.push(d);
            }
        }

        // Scores with bonuses, only for what is shown or ranked.
        let mut scores: HashMap<u32, f64> = HashMap::with_capacity(selected.len());
        if !terms.is_empty() {
            for &d in &selected {
                let bonus = phrases
                    .iter()
                    .map(|(phrase, factor)| factor * self.phrase_bonus(d, phrase, &matched, &terms))
                    .fold(0.0, f64::max);
                scores.insert(d, round3(matched.score[d as usize] + bonus));
            }
        }
        let order = |a: &u32, b: &u32| -> Ordering {
            let count = |d: &u32| matched.count[*d as usize];
            let score = |d: &u32| scores.get(d).copied().unwrap_or(0.0);
            count(b)
                .cmp(&count(a))
                .then_with(|| score(b).total_cmp(&score(a)))
                .then_with(|| a.cmp(b))
        };
        let total = selected.len();
        let end = (page.saturating_mul(per_page)).min(total).min(MAX_RESULTS);
        let start = ((page - 1).saturating_mul(per_page)).min(end);
        if end > 0 && end < selected.len() {
            selected.select_nth_unstable_by(end - 1, order);
            selected.truncate(end);
        }
        selected.sort_unstable_by(order);
        let needles: Vec<&str> = term_needles.iter().flatten().map(String::as_str).collect();
        let hits = selected[start..end]
            .iter()
            .map(|&d| {
                let entry = &self.entries[d as usize];
                Hit {
                    item_id: entry.doc.item_id.clone(),
                    item_code: entry.doc.item_code.clone(),
                    name: entry.doc.name.clone(),
                    dept_code: entry.doc.dept_code.clone(),
                    department_name: entry.doc.department_name.clone(),
                    version_id: entry.doc.version_id.clone(),
                    category: entry.doc.category,
                    implementing_level: entry.doc.implementing_level.clone(),
                    score: scores.get(&d).copied().unwrap_or(0.0),
                    matched_all: terms.is_empty() || matched.count[d as usize] == n_terms,
                    highlights: highlights(entry, matched.fields[d as usize], &needles),
                }
            })
            .collect();

        SearchResults {
            total,
            page,
            per_page,
            matched_all,
            terms: terms.into_iter().map(|t| t.typed).collect(),
            hits,
            departments: departments
                .into_values()
                .map(|(count, label, code)| FacetCount {
                    key: code.clone(),
                    label: label.to_owned(),
                    count,
                })
                .collect(),
            categories: Category::ALL
                .into_iter()
                .filter_map(|c| {
                    categories.get(&c).map(|&count| FacetCount {
                        key: c,
                        label: c.name().to_owned(),
                        count,
                    })
                })
                .collect(),
        }
    }

    /// Looks a term up and adds its score to every document it matches;
    /// returns the strings that matched (for highlighting). A word that
    /// matches nothing is tried again as its parts (结婚证 → 结婚).
    fn match_term(&self, term: &Term, matched: &mut Matched) -> Vec<String> {
        // Per document: the best weighted match of any alternative, and the
        // weight of the typed word itself, which earns a little extra so
        // that an item using the citizen's own word ranks first.
        let mut best: HashMap<u32, (f64, f64)> = HashMap::new();
        let mut used = Vec::new();
        let mut collect = |alternatives: &[(String, f64)], best: &mut HashMap<u32, (f64, f64)>| {
            for (i, (needle, factor)) in alternatives.iter().enumerate() {
                let hits = self.lookup(needle);
                if hits.is_empty() {
                    continue;
                }
                used.push(needle.clone());
                for (doc, fields) in hits {
                    matched.fields[doc as usize] |= fields;
                    let weight = fields_weight(fields);
                    let slot = best.entry(doc).or_insert((0.0, 0.0));
                    slot.0 = slot.0.max(factor * weight);
                    if i == 0 && *needle == term.typed {
                        slot.1 = weight;
                    }
                }
            }
        };
        collect(&term.alternatives, &mut best);
        if best.is_empty() {
            let parts: Vec<(String, f64)> = text::fragments(&term.typed)
                .into_iter()
                .map(|p| (p, FRAGMENT_FACTOR))
                .collect();
            collect(&parts, &mut best);
        }
        let n_docs = self.entries.len().max(1) as f64;
        let idf = (1.0 + n_docs / best.len().max(1) as f64).ln();
        let mut docs: Vec<(u32, (f64, f64))> = best.into_iter().collect();
        docs.sort_unstable_by_key(|(d, _)| *d);
        for (doc, (value, typed)) in docs {
            let d = doc as usize;
            if matched.count[d] == 0 {
                matched.touched.push(doc);
            }
            matched.count[d] += 1;
            matched.score[d] += idf * (value + TYPED_WORD_BONUS * typed);
        }
        matched.touched.sort_unstable();
        used
    }

    /// Documents whose fields contain `needle` (normalised, no spaces),
    /// ascending, with the fields that contain it.
    fn lookup(&self, needle: &str) -> Vec<(u32, u8)> {
        let chars: Vec<char> = needle.chars().collect();
        if chars.is_empty() {
            return Vec::new();
        }
        if chars.iter().all(|c| is_han(*c)) {
            let keys: Vec<u64> = if chars.len() == 1 {
                vec![gram_key(chars[0], None)]
            } else {
                chars
                    .windows(2)
                    .map(|w| gram_key(w[0], Some(w[1])))
                    .collect()
            };
            let lists: Option<Vec<&Postings>> = keys.iter().map(|k| self.han.get(k)).collect();
            let candidates = intersect(lists.unwrap_or_default());
            // One or two characters: the postings are exact.
            if chars.len() <= 2 {
                return candidates;
            }
            return self.verify(candidates, needle);
        }
        let parts: Vec<&str> = needle
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        let lists: Option<Vec<&Postings>> = parts
            .iter()
            .map(|p| {
                let key = &p[..p.len().min(text::MAX_ASCII_PREFIX)];
                self.ascii.get(key)
            })
            .collect();
        let candidates = intersect(lists.unwrap_or_default());
        if parts.len() == 1 && parts[0].len() <= text::MAX_ASCII_PREFIX {
            // A single ASCII word matches every token it starts.
            return candidates;
        }
        self.verify(candidates, needle)
    }

    /// Keeps the candidates and fields that really contain `needle`.
    fn verify(&self, candidates: Vec<(u32, u8)>, needle: &str) -> Vec<(u32, u8)> {
        candidates
            .into_iter()
            .filter_map(|(doc, fields)| {
                let entry = &self.entries[doc as usize];
                let confirmed = Field::ALL
                    .into_iter()
                    .filter(|f| fields & f.bit() != 0 && entry.fields[*f as usize].contains(needle))
                    .fold(0u8, |acc, f| acc | f.bit());
                (confirmed != 0).then_some((doc, confirmed))
            })
            .collect()
    }

    /// The bonus for the whole query in the name (more at its start and for
    /// a name that is nothing else) and, less, in the sub-item name.
    fn phrase_bonus(&self, doc: u32, phrase: &str, matched: &Matched, terms: &[Term]) -> f64 {
        let entry = &self.entries[doc as usize];
        let fields = matched.fields[doc as usize];
        if phrase.chars().count() < 2 || fields & (Field::Name.bit() | Field::SubItem.bit()) == 0 {
            return 0.0;
        }
        let base = 2.0 * terms.len() as f64;
        let name = &entry.fields[Field::Name as usize];
        let mut bonus = 0.0;
        if let Some(normalized) = name.normalized.first() {
            if normalized.contains(phrase) {
                let phrase_chars = phrase.chars().count() as f64;
                let name_chars = normalized.chars().count().max(1) as f64;
                bonus += base * Field::Name.weight() * (0.5 + 0.5 * phrase_chars / name_chars);
                if normalized.starts_with(phrase) {
                    bonus += base * Field::Name.weight() * 0.25;
                }
            } else if fields & Field::Name.bit() != 0 {
                // Shorter names that match are closer to what was asked for.
                let name_chars = normalized.chars().count().max(1) as f64;
                bonus += base * 2.0 / name_chars.sqrt();
            }
        }
        let in_name = name.normalized.first().is_some_and(|n| n.contains(phrase));
        if !in_name && entry.fields[Field::SubItem as usize].contains(phrase) {
            bonus += base * Field::SubItem.weight() * 0.5;
        }
        bonus
    }

    /// Up to `limit` (at most [`MAX_SUGGESTIONS`]) distinct item names
    /// starting with or containing `prefix`: names starting with it first,
    /// then shorter names, then in code-point order. A synonym key (低保)
    /// also suggests the names its list words appear in.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Vec<Suggestion> {
        let needle: String = normalize_query(prefix)
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        let limit = limit.min(MAX_SUGGESTIONS);
        if needle.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut needles: Vec<String> = vec![needle.clone()];
        if let Some(expansions) = synonyms::expansions(&needle, &self.synonyms) {
            needles.extend(expansions);
        }
        let mut found: Vec<(u8, usize, &String, &str)> = Vec::new();
        for (original, normalized) in &self.names {
            let class = needles.iter().enumerate().find_map(|(i, n)| {
                let own = i == 0;
                if normalized.starts_with(n.as_str()) {
                    Some(if own { 0 } else { 2 })
                } else if normalized.contains(n.as_str()) {
                    Some(if own { 1 } else { 3 })
                } else {
                    None
                }
            });
            if let Some(class) = class {
                found.push((
                    class,
                    normalized.chars().count(),
                    original,
                    needles[0].as_str(),
                ));
            }
        }
        found.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let marks: Vec<&str> = needles.iter().map(String::as_str).collect();
        found
            .into_iter()
            .take(limit)
            .map(|(_, _, original, _)| Suggestion {
                text: original.clone(),
                segments: highlight::fragment(original, &normalize(original), &marks)
                    .unwrap_or_else(|| {
                        vec![Segment {
                            text: original.clone(),
                            matched: false,
                        }]
                    }),
            })
            .collect()
    }

    /// Items whose legal bases cite the law of `citation` and, when the
    /// citation names an article, that article (a basis citing a run of
    /// articles that includes it counts). By department code, item code.
    pub fn citing(&self, citation: &LawCitation) -> Vec<CitingHit> {
        let Some(cited) = self.laws.get(citation.key()) else {
            return Vec::new();
        };
        let mut by_doc: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for &(doc, basis) in cited {
            let Some(parsed) = self.entries[doc as usize].bases.get(usize::from(basis)) else {
                continue;
            };
            let cites = match citation.article() {
                None => true,
                Some(article) => parsed.spans.iter().any(|s| s.covers(&article)),
            };
            if cites {
                by_doc.entry(doc).or_default().push(parsed.citation.clone());
            }
        }
        by_doc
            .into_iter()
            .map(|(doc, bases)| {
                let d = &self.entries[doc as usize].doc;
                CitingHit {
                    item_id: d.item_id.clone(),
                    item_code: d.item_code.clone(),
                    name: d.name.clone(),
                    dept_code: d.dept_code.clone(),
                    department_name: d.department_name.clone(),
                    version_id: d.version_id.clone(),
                    category: d.category,
                    bases,
                }
            })
            .collect()
    }
}

/// Per-document state of one query.
struct Matched {
    /// Terms matched.
    count: Vec<u16>,
    /// Sum of term scores.
    score: Vec<f64>,
    /// Fields any term matched in.
    fields: Vec<u8>,
    /// Documents with a count above zero, ascending.
    touched: Vec<u32>,
}

impl Matched {
    fn new(n_docs: usize) -> Matched {
        Matched {
            count: vec![0; n_docs],
            score: vec![0.0; n_docs],
            fields: vec![0; n_docs],
            touched: Vec::new(),
        }
    }
}

/// The department, category and level filters of a query.
struct Filter<'a> {
    department: Option<&'a DepartmentCode>,
    category: Option<Category>,
    level: Option<String>,
}

impl<'a> Filter<'a> {
    fn new(query: &'a Query) -> Filter<'a> {
        Filter {
            department: query.department.as_ref(),
            category: query.category,
            level: query
                .level
                .as_deref()
                .map(|l| normalize(l.trim()))
                .filter(|l| !l.is_empty()),
        }
    }

    /// Whether the entry passes the department, category and level filters.
    fn check(&self, entry: &Entry) -> (bool, bool, bool) {
        (
            self.department.is_none_or(|d| *d == entry.doc.dept_code),
            self.category.is_none_or(|c| c == entry.doc.category),
            self.level.as_deref().is_none_or(|level| {
                entry
                    .level
                    .as_deref()
                    .is_some_and(|own| own.starts_with(level))
            }),
        )
    }
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// The weight of a match in the given fields: the best field counts in full,
/// each further field a tenth. The sub-item field adds nothing next to the
/// name: it mostly repeats the name of the main item.
fn fields_weight(fields: u8) -> f64 {
    let (mut best, mut sum) = (0.0f64, 0.0);
    let fields = if fields & Field::Name.bit() != 0 {
        fields & !Field::SubItem.bit()
    } else {
        fields
    };
    for field in Field::ALL {
        if fields & field.bit() != 0 {
            best = best.max(field.weight());
            sum += field.weight();
        }
    }
    best + 0.1 * (sum - best)
}

/// How much a part of a word counts when the whole word matched nothing.
const FRAGMENT_FACTOR: f64 = 0.6;
/// The extra weight of a match of the word as typed, next to its synonyms.
const TYPED_WORD_BONUS: f64 = 0.2;
/// How much a synonym's phrase bonus counts next to the typed phrase's.
const SYNONYM_PHRASE_FACTOR: f64 = 0.5;

/// Sorts grams and merges the fields of equal ones.
fn merge_fields<K: Ord + Clone>(grams: &mut Vec<(K, u8)>) -> Vec<(K, u8)> {
    grams.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(K, u8)> = Vec::with_capacity(grams.len());
    for (key, fields) in grams.drain(..) {
        match merged.last_mut() {
            Some(last) if last.0 == key => last.1 |= fields,
            _ => merged.push((key, fields)),
        }
    }
    merged
}

/// Documents in every list, with the fields they have in all of them.
fn intersect(mut lists: Vec<&Postings>) -> Vec<(u32, u8)> {
    if lists.is_empty() {
        return Vec::new();
    }
    lists.sort_by_key(|p| p.docs.len());
    let mut current: Vec<(u32, u8)> = lists[0]
        .docs
        .iter()
        .copied()
        .zip(lists[0].fields.iter().copied())
        .collect();
    for list in &lists[1..] {
        current.retain_mut(|(doc, fields)| match list.docs.binary_search(doc) {
            Ok(i) => {
                *fields &= list.fields[i];
                *fields != 0
            }
            Err(_) => false,
        });
        if current.is_empty() {
            break;
        }
    }
    current
}

/// The highlighted fields of an entry, most important first.
fn highlights(entry: &Entry, fields: u8, needles: &[&str]) -> Vec<Highlight> {
    Field::ALL
        .into_iter()
        .filter(|f| fields & f.bit() != 0)
        .filter_map(|field| {
            let text = &entry.fields[field as usize];
            // Multi-valued fields show the values that match, joined.
            let matching: Vec<usize> = (0..text.original.len())
                .filter(|&i| needles.iter().any(|n| text.normalized[i].contains(n)))
                .take(3)
                .collect();
            if matching.is_empty() {
                return None;
            }
            let separator = field.separator();
            let join = |values: &[String]| {
                matching
                    .iter()
                    .map(|&i| values[i].as_str())
                    .collect::<Vec<_>>()
                    .join(separator)
            };
            let original = join(&text.original);
            let normalized = join(&text.normalized);
            highlight::fragment(&original, &normalized, needles)
                .map(|segments| Highlight { field, segments })
        })
        .collect()
}

#[cfg(test)]
mod tests;
