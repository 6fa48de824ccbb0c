//! Recall and precision of search against a plain scan of the text, on real government text:
//! the sentences of the published reports labelled for the reader (`../shared/seeds`,
//! `../shared/corpus` and the development corpus `crates/extract/tests/corpus`) and of the
//! published documents in `tests/texts` (sources in each folder's `index.tsv`). Every item whose folded text contains a term must be found, and
//! every hit must contain the term or a spelling of it through a declared synonym. Terms: pieces
//! of 2–8 letters, digits or ideographs cut from the items at (seeded) random, and the
//! vocabulary of disclosure offices, some typed in Traditional characters.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gongkai_core::publish::{DocKind, Topic};
use gongkai_search::analyzer::{SYNONYMS, fold};
use gongkai_search::{IndexDoc, SearchIndex, SearchRequest};
use gongkai_store::ItemId;

/// Terms clerks and citizens type, among them the ones the segmenter used to hide inside longer
/// words (公开指南 in 政府信息公开指南).
const VOCABULARY: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "公开指南",
    "公开目录",
    "行政许可",
    "行政处罚",
    "行政强制",
    "政策解读",
    "信息公开",
    "政府信息",
    "主动公开",
    "依申请公开",
    "依申請公開",
    "政務公開",
    "年度报告",
    "年报",
    "不予公开",
    "信息不存在",
    "补正",
    "延期答复",
    "第三方",
    "收费",
    "信息处理费",
    "规范性文件",
    "办理结果",
    "申请人",
    "政府网站",
    "新闻发布会",
    "统计表",
    "工作人员",
];

/// How many random terms are cut from the items.
const RANDOM_TERMS: usize = 160;

fn folders() -> Vec<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = here.join("../../../shared");
    vec![shared.join("seeds"), shared.join("corpus"), here.join("../extract/tests/corpus"), here.join("tests/texts")]
}

/// The items: every sentence (or line without a full stop) of at least 6 ideographs, once.
fn items() -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for dir in folders() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("texts expected in {}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html"))
            .collect();
        files.sort();
        for f in files {
            let mut text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            if f.extension().is_some_and(|e| e == "html") {
                text = without_tags(&text);
            }
            for line in text.lines() {
                for sentence in line.split(['。', '；', '！', '？']) {
                    let sentence = sentence.trim();
                    let ideographs = sentence.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
                    if ideographs >= 6 && seen.insert(sentence.to_string()) {
                        out.push(sentence.to_string());
                    }
                }
            }
        }
    }
    out
}

/// The text of an HTML page: tags become line breaks (scripts and styles are rare in these
/// pages and only add items that hold their own words).
fn without_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push('\n');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
}

/// A small deterministic generator (xorshift64*), so every run cuts the same terms.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// Pieces of 2–8 characters, each a letter, digit or ideograph (what people type), cut from
/// random items.
fn random_terms(items: &[String], n: usize) -> Vec<String> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out: Vec<String> = Vec::new();
    while out.len() < n {
        let chars: Vec<char> = items[rng.below(items.len())].chars().collect();
        let len = 2 + rng.below(7);
        if chars.len() < len {
            continue;
        }
        let start = rng.below(chars.len() - len + 1);
        let piece: String = chars[start..start + len].iter().collect();
        if piece.chars().all(char::is_alphanumeric) && !out.contains(&piece) {
            out.push(piece);
        }
    }
    out
}

/// `term` and its spellings with one member of a synonym group replaced by another.
fn spellings(term: &str) -> Vec<String> {
    let mut out = vec![term.to_string()];
    for group in SYNONYMS {
        for from in *group {
            if term.contains(from) {
                out.extend(group.iter().filter(|to| *to != from).map(|to| term.replace(from, to)));
            }
        }
    }
    out
}

fn all_hits(index: &SearchIndex, q: &str) -> (BTreeSet<i64>, bool) {
    let mut found = BTreeSet::new();
    let mut page = 1;
    loop {
        let req = SearchRequest { q: q.to_string(), per_page: 100, page, facets: false, ..SearchRequest::default() };
        let res = index.search(&req).unwrap();
        found.extend(res.hits.iter().map(|h| h.id.0));
        if u64::from(page) >= res.pages {
            return (found, res.relaxed);
        }
        page += 1;
    }
}

#[test]
fn search_finds_what_a_text_scan_finds() {
    let items = items();
    assert!(items.len() >= 2000, "only {} items of real text", items.len());
    let index = SearchIndex::in_ram().unwrap();
    let docs: Vec<IndexDoc> = items
        .iter()
        .enumerate()
        .map(|(i, body)| IndexDoc {
            id: ItemId(i as i64 + 1),
            index_no: format!("R/{i}"),
            title: String::new(),
            body: body.clone(),
            doc_number: None,
            agency: "r".into(),
            agency_name: "r".into(),
            issuer: "r".into(),
            published_on: "2024-01-01".into(),
            topic: Topic::General,
            kind: DocKind::Other,
            validity: None,
        })
        .collect();
    index.apply(&docs, &[]).unwrap();
    index.commit(0).unwrap();
    let folded: Vec<String> = items.iter().map(|s| fold(s)).collect();

    let mut terms: Vec<String> = VOCABULARY.iter().map(|s| s.to_string()).collect();
    terms.extend(random_terms(&items, RANDOM_TERMS));
    let (mut expected, mut found_expected, mut hits, mut exact_hits) = (0usize, 0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for term in &terms {
        let t = fold(term);
        let want: BTreeSet<i64> =
            folded.iter().enumerate().filter(|(_, s)| s.contains(&t)).map(|(i, _)| i as i64 + 1).collect();
        let (got, relaxed) = all_hits(&index, term);
        if relaxed {
            // Nothing held the term as typed; the fallback's hits are not the text scan's.
            assert!(want.is_empty(), "{term}: relaxed although {} items hold it", want.len());
            continue;
        }
        let ways: Vec<String> = spellings(&t);
        let missed: Vec<&i64> = want.difference(&got).collect();
        let wrong: Vec<&i64> =
            got.iter().filter(|id| !ways.iter().any(|w| folded[**id as usize - 1].contains(w.as_str()))).collect();
        expected += want.len();
        found_expected += want.len() - missed.len();
        hits += got.len();
        exact_hits += got.len() - wrong.len();
        if !missed.is_empty() || !wrong.is_empty() {
            let show = |ids: &[&i64]| -> Vec<String> {
                ids.iter().take(2).map(|id| items[**id as usize - 1].chars().take(60).collect()).collect()
            };
            failures.push(format!(
                "{term}: {} missed {:?}, {} wrong {:?}",
                missed.len(),
                show(&missed),
                wrong.len(),
                show(&wrong)
            ));
        }
    }
    let recall = found_expected as f64 / expected.max(1) as f64;
    let precision = exact_hits as f64 / hits.max(1) as f64;
    println!(
        "{} items, {} terms ({} random): {} expected matches, recall {recall:.4}; {} hits, precision {precision:.4}",
        items.len(),
        terms.len(),
        RANDOM_TERMS,
        expected,
        hits
    );
    assert!(
        failures.is_empty(),
        "{} of {} terms differ from the text scan:\n{}",
        failures.len(),
        terms.len(),
        failures.join("\n")
    );
}
