//! Search benchmark: N (default 1,000,000) published items of realistic Chinese text (titles
//! from real policy vocabulary, bodies from sentences of the published annual reports in
//! `../shared/corpus` and `../shared/seeds`, 3% in Traditional characters), indexed with
//! gongkai-search (tantivy + jieba) and, in the same run over the same data, with SQLite FTS5
//! (trigram tokenizer). Reports the indexing rate and query p50/p99 of common queries on both.
//!
//! Both engines answer the same thing: the 10 best matches by relevance (BM25, title weighted
//! 3× body on both) with the title highlighted, a body snippet and the item's metadata, plus the
//! total number of matches. FTS5 is given the same query semantics as gongkai-search: the query
//! is segmented by the same analyser, every word must match; words of 3+ characters go to the
//! trigram index (`MATCH`), shorter ones (which trigram cannot index) fall back to `LIKE`, and
//! the text is folded Traditional → Simplified before it is stored, as gongkai-search does.
//!
//! Run: `cargo bench -p gongkai-search --bench search` (env `GONGKAI_BENCH_ITEMS=N` for another
//! size; `GONGKAI_BENCH_REBUILD=1` to rebuild indexes kept from an earlier run;
//! `GONGKAI_BENCH_RUNS` / `GONGKAI_BENCH_FTS_RUNS` for the repetitions, 200 / 100;
//! `GONGKAI_BENCH_QUERY=text` to run only the queries containing `text`). Generated
//! data and the indexes are cached under /tmp/gongkai-bench-search.

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use gongkai_core::publish::{DocKind, Topic};
use gongkai_search::analyzer::fold;
use gongkai_search::query::{Target, clauses};
use gongkai_search::{IndexDoc, SearchIndex, SearchRequest};
use gongkai_store::ItemId;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Record {
    title: String,
    body: String,
    agency: u16,
    date: String,
    topic: u8,
    validity: u8,
}

/// Common queries of a disclosure portal, in gongkai-search's query language. The FTS5 form
/// of each is derived from it (see [`FtsQuery`]).
const QUERIES: &[&str] = &[
    "信息公开",
    "乡村振兴",
    "营商环境",
    "老旧小区改造",
    "行政复议",
    "依申请公开",
    "安全生产 专项整治",
    "政府信息公开工作年度报告",
    "财政预算 执行情况",
    "数字政府",
    "\"主动公开政府信息\"",
    "标题:实施方案",
    // A two-character word: below the trigram's reach, FTS5 can only scan with LIKE.
    "收费",
    // Words that jieba puts inside longer ones (政府信息公开指南, 行政许可法): found through the
    // dictionary words indexed wherever they occur.
    "公开指南",
    "行政许可",
    // Not a word: a piece cut across words, as a clerk pastes it.
    "息公开工作",
];

/// Timings of one index build, kept beside the index so that a later run that reuses it can
/// still show them (marked as such).
#[derive(Serialize, Deserialize, Clone, Copy)]
struct Build {
    items: usize,
    /// UTF-8 bytes of the titles and bodies indexed.
    text_bytes: u64,
    /// Adding every document and committing.
    build_s: f64,
    /// Plus waiting for tantivy's merges / FTS5 `optimize`.
    total_s: f64,
    /// FTS5 only: of `build_s`, the Traditional → Simplified folding of the text.
    fold_s: f64,
}

impl Build {
    fn save(&self, path: &Path) {
        let _ = std::fs::write(path, serde_json::to_string(self).expect("json"));
    }
    fn load(path: &Path) -> Option<Build> {
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
    }
}

/// The FTS5 form of a query, with the same meaning as in gongkai-search: every word of the
/// analysed query (or every quoted phrase) must occur in the title or the body (or the field
/// named). Words of three or more characters go to the trigram index; shorter ones cannot (a
/// trigram index only finds strings of at least three characters) and become `LIKE` filters,
/// which SQLite checks row by row on the rows the `MATCH` part returns, or on every row when
/// nothing is left for `MATCH` (then FTS5 has no rank either: the first 10 matches in rowid
/// order are returned).
struct FtsQuery {
    matching: Option<String>,
    like: Vec<String>,
    /// The words gongkai-search looks for (segmentation of the query).
    words: Vec<String>,
}

impl FtsQuery {
    fn of(q: &str) -> FtsQuery {
        let (mut matching, mut like, mut words) = (Vec::new(), Vec::new(), Vec::new());
        for c in clauses(q) {
            assert!(!c.exclude, "exclusions are not translated to FTS5: {q}");
            let columns: &[&str] = match c.target {
                Target::Any => &["title", "body"],
                Target::Title => &["title"],
                Target::Body => &["body"],
                Target::DocNumber | Target::IndexNo => panic!("not in the FTS5 table: {q}"),
            };
            // A clause means its characters in a row, quoted or not: one FTS5 string.
            let w = c.text.clone();
            {
                words.push(if c.phrase { format!("\"{w}\"") } else { w.clone() });
                if w.chars().count() >= 3 {
                    let phrase = format!("\"{}\"", w.replace('"', "\"\""));
                    matching.push(match columns {
                        [one] => format!("{one} : {phrase}"),
                        _ => phrase,
                    });
                } else {
                    let pattern = format!("'%{}%'", w.replace('\'', "''"));
                    // `+column`: a plain expression checked on each row, not a constraint offered to
                    // FTS5, which cannot take both a `MATCH` and a short `LIKE`.
                    let ors: Vec<String> = columns.iter().map(|c| format!("+{c} like {pattern}")).collect();
                    like.push(format!("({})", ors.join(" or ")));
                }
            }
        }
        FtsQuery { matching: (!matching.is_empty()).then(|| matching.join(" ")), like, words }
    }

    fn filter(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = &self.matching {
            parts.push(format!("fts match '{}'", m.replace('\'', "''")));
        }
        parts.extend(self.like.iter().cloned());
        parts.join(" and ")
    }

    /// The 10 best (or, without `MATCH`, the first 10) with highlighted title, body snippet and
    /// metadata.
    fn top_sql(&self) -> String {
        if self.matching.is_some() {
            format!(
                "select rowid, highlight(fts, 0, '<em>', '</em>'), snippet(fts, 1, '<em>', '</em>', '…', 64), \
                 index_no, agency, published_on from fts where {} order by rank limit 10",
                self.filter()
            )
        } else {
            format!(
                "select rowid, title, substr(body, 1, 120), index_no, agency, published_on from fts where {} limit 10",
                self.filter()
            )
        }
    }

    fn count_sql(&self) -> String {
        format!("select count(*) from fts where {}", self.filter())
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let n: usize = std::env::var("GONGKAI_BENCH_ITEMS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let rebuild = std::env::var_os("GONGKAI_BENCH_REBUILD").is_some();
    let cache = PathBuf::from("/tmp/gongkai-bench-search");
    std::fs::create_dir_all(&cache).expect("cache folder");
    eprintln!("load average at start: {}", load_average());
    let data = cache.join(format!("items-{n}.jsonl"));
    if !data.exists() {
        let t = Instant::now();
        generate(&data, n);
        eprintln!("generated {n} items in {:.1} s", t.elapsed().as_secs_f64());
    }
    let bytes = std::fs::metadata(&data).map(|m| m.len()).unwrap_or(0);
    eprintln!("data: {} ({:.0} MB)", data.display(), bytes as f64 / 1e6);

    // gongkai-search
    let tdir = cache.join(format!("tantivy-{n}"));
    let tbuild = cache.join(format!("tantivy-{n}.build.json"));
    let mut tantivy_built = None;
    if rebuild
        || !tdir.join("meta.json").exists()
        || SearchIndex::open(&tdir).map(|i| i.num_docs()).unwrap_or(0) != n as u64
    {
        let _ = std::fs::remove_dir_all(&tdir);
        let _ = std::fs::remove_file(&tbuild);
        let index = SearchIndex::open(&tdir).expect("open index").with_writer_heap(400 << 20);
        eprintln!("gongkai-search: indexing {n} items…");
        let t = Instant::now();
        let mut text_bytes = 0u64;
        let mut batch = Vec::with_capacity(10_000);
        for (i, r) in records(&data).enumerate() {
            let d = doc(i, r);
            text_bytes += (d.title.len() + d.body.len()) as u64;
            batch.push(d);
            if batch.len() == 10_000 {
                index.apply(&batch, &[]).expect("index");
                batch.clear();
            }
        }
        index.apply(&batch, &[]).expect("index");
        index.commit(0).expect("commit");
        let build = t.elapsed();
        index.close_writer().expect("merge");
        let total = t.elapsed();
        let b = Build { items: n, text_bytes, build_s: build.as_secs_f64(), total_s: total.as_secs_f64(), fold_s: 0.0 };
        b.save(&tbuild);
        tantivy_built = Some(b);
        eprintln!("gongkai-search: indexed {n} in {:.1} s (with merges {:.1} s)", b.build_s, b.total_s);
    }
    let index = SearchIndex::open(&tdir).expect("open index");
    assert_eq!(index.num_docs(), n as u64);
    // Baseline in the same run: the same index searched by one thread (no segment parallelism).
    let single = SearchIndex::open_with_search_threads(&tdir, 1).expect("open index");
    // The baseline of the estimated counts: every phrase counted exactly (positions read in
    // every candidate).
    let exact = SearchIndex::open(&tdir).expect("open index").with_estimates_above(u64::MAX);

    // SQLite FTS5 (trigram)
    let fpath = cache.join(format!("fts5-{n}.sqlite3"));
    let fbuild = cache.join(format!("fts5-{n}.build.json"));
    let mut fts_built = None;
    let fts_ok = |p: &Path| {
        rusqlite::Connection::open(p)
            .and_then(|c| c.query_row("select count(*) from fts", [], |r| r.get::<_, i64>(0)))
            .map(|c| c == n as i64)
            .unwrap_or(false)
    };
    if rebuild || !fpath.exists() || !fts_ok(&fpath) {
        let _ = std::fs::remove_file(&fpath);
        let _ = std::fs::remove_file(&fbuild);
        let conn = rusqlite::Connection::open(&fpath).expect("sqlite");
        // Title and body are searched; the metadata a result list shows is stored, not indexed.
        // BM25 weighs the title 3× the body, as gongkai-search does.
        conn.execute_batch(
            "pragma journal_mode = off; pragma synchronous = off; \
             create virtual table fts using fts5(title, body, index_no unindexed, agency unindexed, \
             published_on unindexed, tokenize = 'trigram'); \
             insert into fts (fts, rank) values ('rank', 'bm25(3.0, 1.0)');",
        )
        .expect("fts5 with trigram");
        eprintln!("FTS5: indexing {n} items…");
        let t = Instant::now();
        let mut text_bytes = 0u64;
        let mut fold_time = Duration::ZERO;
        conn.execute_batch("begin").unwrap();
        {
            let mut insert = conn
                .prepare(
                    "insert into fts (rowid, title, body, index_no, agency, published_on) values (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .unwrap();
            for (i, r) in records(&data).enumerate() {
                let d = doc(i, r);
                text_bytes += (d.title.len() + d.body.len()) as u64;
                // Traditional → Simplified (and widths, case), as gongkai-search's analyser does,
                // so that the same items match.
                let f = Instant::now();
                let (title, body) = (fold(&d.title), fold(&d.body));
                fold_time += f.elapsed();
                insert.execute(rusqlite::params![d.id.0, title, body, d.index_no, d.agency, d.published_on]).unwrap();
            }
        }
        conn.execute_batch("commit").unwrap();
        let build = t.elapsed();
        conn.execute_batch("insert into fts (fts) values ('optimize')").unwrap();
        let total = t.elapsed();
        let b = Build {
            items: n,
            text_bytes,
            build_s: build.as_secs_f64(),
            total_s: total.as_secs_f64(),
            fold_s: fold_time.as_secs_f64(),
        };
        b.save(&fbuild);
        fts_built = Some(b);
        eprintln!("FTS5: indexed {n} in {:.1} s (with optimize {:.1} s)", b.build_s, b.total_s);
    }
    let conn = rusqlite::Connection::open(&fpath).expect("sqlite");
    // Read the database through a memory map with a large page cache, as tantivy reads its
    // files through mmap: neither side pays a system call per page once warm.
    conn.execute_batch("pragma mmap_size = 8589934592; pragma cache_size = -262144;").expect("pragmas");

    let size = |p: &Path| -> u64 {
        if p.is_dir() {
            std::fs::read_dir(p).map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
        } else {
            std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
        }
    };
    println!("\n## gongkai-search vs SQLite FTS5 (trigram), {n} items\n");
    println!("Load average before the queries: {}.\n", load_average());
    println!(
        "| indexing | items | text MB | build (add + commit) | items/s | text MB/s | incl. merge/optimize | size on disk |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let row = |name: &str, fresh: Option<Build>, saved: &Path, disk: u64| {
        let (b, note) = match fresh {
            Some(b) => (Some(b), ""),
            None => (Build::load(saved), " (earlier run)"),
        };
        let Some(b) = b else {
            println!(
                "| {name} | {n} | | (index reused; set GONGKAI_BENCH_REBUILD=1) | | | | {:.0} MB |",
                disk as f64 / 1e6
            );
            return;
        };
        let fold = if b.fold_s > 0.0 { format!(" (of which T→S folding {:.1} s)", b.fold_s) } else { String::new() };
        println!(
            "| {name}{note} | {} | {:.0} | {:.1} s{fold} | {:.0} | {:.2} | {:.1} s | {:.0} MB |",
            b.items,
            b.text_bytes as f64 / 1e6,
            b.build_s,
            b.items as f64 / b.build_s,
            b.text_bytes as f64 / 1e6 / b.build_s,
            b.total_s,
            disk as f64 / 1e6
        );
    };
    row("gongkai-search", tantivy_built, &tbuild, size(&tdir));
    row("SQLite FTS5 trigram", fts_built, &fbuild, size(&fpath));
    if let (Some(t), Some(f)) = (tantivy_built, fts_built) {
        println!("\nIndexing, FTS5 time / gongkai-search time: {:.2}×", f.build_s / t.build_s);
    }
    println!();

    let runs: usize = std::env::var("GONGKAI_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
    let fts_runs: usize = std::env::var("GONGKAI_BENCH_FTS_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    // GONGKAI_BENCH_QUERY=text: only the queries containing `text` (to profile one).
    let only = std::env::var("GONGKAI_BENCH_QUERY").unwrap_or_default();
    let queries: Vec<&str> = QUERIES.iter().copied().filter(|q| q.contains(only.as_str())).collect();
    let fts: Vec<FtsQuery> = queries.iter().map(|q| FtsQuery::of(q)).collect();
    println!("| query | gongkai-search words (all must match) | FTS5 `where` |");
    println!("|---|---|---|");
    for (q, f) in queries.iter().zip(&fts) {
        println!("| `{q}` | {} | `{}` |", f.words.join(" · "), f.filter().replace('|', "\\|"));
    }
    println!(
        "\nEach side answers the 10 best by relevance (highlighted title, body snippet, metadata) and \
         the total count; warmed with 3 runs. gongkai-search: `SearchIndex::search` without facets, \
         {runs} runs per query; portal: the same with facets (agency, year, topic, validity over all \
         matches), {} runs; exact count: without facets, every phrase counted exactly (no estimate \
         above 100,000 candidates), {runs} runs. Hits: ≈ marks an estimated count (the exact one \
         beside it). FTS5: `order by rank limit 10` with highlight()/snippet() then `count(*)`, \
         {fts_runs} runs.\n",
        runs.div_ceil(4)
    );
    println!(
        "| query | hits | gongkai p50 | gongkai p99 | portal p50 | portal p99 | exact count p50 | exact count p99 | FTS5 hits | FTS5 p50 | FTS5 p99 | ratio p50 | ratio p99 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all_t = Vec::new();
    let mut all_portal = Vec::new();
    let mut all_one = Vec::new();
    let mut all_f = Vec::new();
    for (q, fq) in queries.iter().zip(&fts) {
        let lean = SearchRequest { q: q.to_string(), facets: false, ..SearchRequest::default() };
        let full = SearchRequest { q: q.to_string(), facets: true, ..SearchRequest::default() };
        let first = index.search(&lean).expect("search");
        let exact_total = exact.search(&lean).expect("search").total;
        let hits =
            if first.total_exact { first.total.to_string() } else { format!("≈{} ({exact_total})", first.total) };
        // Each handle warmed with 3 searches, then timed `n` times.
        let timed = |handle: &SearchIndex, req: &SearchRequest, n: usize| -> Vec<Duration> {
            for _ in 0..3 {
                handle.search(req).unwrap();
            }
            (0..n)
                .map(|_| {
                    let s = Instant::now();
                    std::hint::black_box(handle.search(req).unwrap());
                    s.elapsed()
                })
                .collect()
        };
        let mut t = timed(&index, &lean, runs);
        let mut one = timed(&single, &lean, runs);
        let mut x = timed(&exact, &lean, runs);
        let mut p = timed(&index, &full, runs.div_ceil(4));
        type Row = (i64, String, String, String, String, String);
        let mut top = conn.prepare(&fq.top_sql()).expect("FTS5 query");
        let mut count = conn.prepare(&fq.count_sql()).expect("FTS5 count");
        let fts_search = |top: &mut rusqlite::Statement, count: &mut rusqlite::Statement| -> (Vec<Row>, i64) {
            let rows: Vec<Row> = top
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            (rows, count.query_row([], |r| r.get(0)).unwrap())
        };
        let mut fhits = 0;
        for _ in 0..3 {
            fhits = fts_search(&mut top, &mut count).1;
        }
        let mut f = Vec::with_capacity(fts_runs);
        for _ in 0..fts_runs {
            let s = Instant::now();
            std::hint::black_box(fts_search(&mut top, &mut count));
            f.push(s.elapsed());
        }
        let (tp50, tp99) = (pct(&mut t, 50.0), pct(&mut t, 99.0));
        let (op50, op99) = (pct(&mut one, 50.0), pct(&mut one, 99.0));
        eprintln!("{q}: one thread p50 {} p99 {}", ms(op50), ms(op99));
        let (pp50, pp99) = (pct(&mut p, 50.0), pct(&mut p, 99.0));
        let (xp50, xp99) = (pct(&mut x, 50.0), pct(&mut x, 99.0));
        let (fp50, fp99) = (pct(&mut f, 50.0), pct(&mut f, 99.0));
        println!(
            "| `{q}` | {hits} | {} | {} | {} | {} | {} | {} | {fhits} | {} | {} | {} | {} |",
            ms(tp50),
            ms(tp99),
            ms(pp50),
            ms(pp99),
            ms(xp50),
            ms(xp99),
            ms(fp50),
            ms(fp99),
            ratio(fp50, tp50),
            ratio(fp99, tp99)
        );
        all_t.extend(t);
        all_one.extend(one);
        all_portal.extend(p);
        all_f.extend(f);
    }
    let (a, b, c) = (pct(&mut all_t, 99.0), pct(&mut all_portal, 99.0), pct(&mut all_f, 99.0));
    let (a5, b5, c5) = (pct(&mut all_t, 50.0), pct(&mut all_portal, 50.0), pct(&mut all_f, 50.0));
    println!(
        "| **all queries** | | **{}** | **{}** | {} | {} | | | | {} | {} | **{}** | **{}** |",
        ms(a5),
        ms(a),
        ms(b5),
        ms(b),
        ms(c5),
        ms(c),
        ratio(c5, a5),
        ratio(c, a)
    );
    println!(
        "\nOne search thread (same index, same run), all queries: p50 {}, p99 {}.",
        ms(pct(&mut all_one, 50.0)),
        ms(pct(&mut all_one, 99.0))
    );
    println!("\nLoad average at the end: {}.", load_average());
}

fn ratio(slow: Duration, fast: Duration) -> String {
    let r = slow.as_secs_f64() / fast.as_secs_f64();
    if r >= 10.0 { format!("{r:.0}×") } else { format!("{r:.1}×") }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
    v[i.min(v.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn records(path: &Path) -> impl Iterator<Item = Record> {
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(path).expect("data"));
    file.lines().map(|l| serde_json::from_str(&l.expect("line")).expect("record"))
}

fn doc(i: usize, r: Record) -> IndexDoc {
    let topic = Topic::ALL[r.topic as usize % Topic::ALL.len()];
    let (kind, validity) = match r.validity {
        0 => (DocKind::Other, None),
        1 => (DocKind::Normative, Some("effective".to_string())),
        2 => (DocKind::Normative, Some("abolished".to_string())),
        _ => (DocKind::Rule, Some("effective".to_string())),
    };
    IndexDoc {
        id: ItemId(i as i64 + 1),
        index_no: format!("A{:03}/{}-{:06}", r.agency, &r.date[..4], i),
        title: r.title,
        body: r.body,
        doc_number: None,
        agency: format!("agency-{:03}", r.agency),
        agency_name: format!("第{}号机关", r.agency),
        issuer: String::new(),
        published_on: r.date,
        topic,
        kind,
        validity,
    }
}

/// Sentences of the real reports (10–80 characters, mostly Chinese).
fn sentences() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut out = Vec::new();
    for folder in ["corpus", "seeds"] {
        let Ok(dir) = std::fs::read_dir(root.join(folder)) else { continue };
        for e in dir.flatten() {
            if e.path().extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                for s in text.split(['。', '；', '！', '？', '\n']) {
                    let s = s.trim();
                    let cjk = s.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
                    let len = s.chars().count();
                    if (10..=80).contains(&len) && cjk * 10 >= len * 7 {
                        out.push(format!("{s}。"));
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    assert!(out.len() > 200, "too few sentences in ../shared: {}", out.len());
    out
}

const PLACES: &[&str] = &[
    "示例市",
    "随县",
    "东城区",
    "西城区",
    "滨江区",
    "高新区",
    "经开区",
    "临港新区",
    "江北区",
    "南山区",
    "武侯区",
    "洪山区",
    "鼓楼区",
    "天河区",
    "雨花台区",
    "和平区",
    "青羊区",
    "思明区",
    "越秀区",
    "福田区",
];

const SUBJECTS: &[&str] = &[
    "政府信息公开",
    "行政规范性文件管理",
    "重大行政决策程序",
    "公共资源交易",
    "政府投资项目",
    "住房公积金",
    "生活垃圾分类",
    "城市绿化",
    "物业管理",
    "医疗保障基金使用监督",
    "最低生活保障审核确认",
    "农村集体资产",
    "优化营商环境",
    "老旧小区改造",
    "城市更新",
    "数字政府建设",
    "乡村振兴",
    "安全生产专项整治",
    "义务教育招生入学",
    "防汛抗旱",
    "突发公共卫生事件应急",
    "政务服务一网通办",
    "中小企业发展",
    "高标准农田建设",
    "新能源汽车推广",
    "政务公开工作",
    "河湖长制",
    "生态环境保护",
    "稳就业",
    "财政预算执行情况",
    "行政复议",
    "依申请公开工作",
];

const FORMS: &[&str] = &[
    "关于印发《{p}{s}管理办法》的通知",
    "{p}{s}实施方案",
    "关于进一步做好{s}工作的通知",
    "{p}人民政府关于{s}的意见",
    "{p}{y}年{s}工作要点",
    "关于公开征求《{p}{s}规定（征求意见稿）》意见的公告",
    "{p}{y}年政府信息公开工作年度报告",
    "{p}{y}年国民经济和社会发展统计公报",
    "关于{s}有关事项的通告",
    "{p}{s}三年行动计划",
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn generate(path: &Path, n: usize) {
    let sentences = sentences();
    let s2t = OpenCC::from_config(BuiltinConfig::S2t).expect("opencc");
    let mut rng = Rng(20261122);
    let mut out = BufWriter::new(std::fs::File::create(path).expect("data file"));
    for _ in 0..n {
        let year = 2015 + rng.below(11) as i16;
        let form = FORMS[rng.below(FORMS.len() as u64) as usize];
        let mut title = form
            .replace("{p}", PLACES[rng.below(PLACES.len() as u64) as usize])
            .replace("{s}", SUBJECTS[rng.below(SUBJECTS.len() as u64) as usize])
            .replace("{y}", &year.to_string());
        let mut body = String::new();
        for _ in 0..2 + rng.below(3) {
            body.push_str(&sentences[rng.below(sentences.len() as u64) as usize]);
        }
        if rng.below(100) < 3 {
            title = s2t.convert(&title);
            body = s2t.convert(&body);
        }
        let r = Record {
            title,
            body,
            agency: rng.below(200) as u16,
            date: format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            topic: rng.below(22) as u8,
            validity: [0, 0, 0, 0, 0, 0, 1, 1, 2, 3][rng.below(10) as usize],
        };
        serde_json::to_writer(&mut out, &r).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}
