//! Extraction against the hand-checked labels in `../shared/seeds` and `../shared/corpus`, and
//! against the development corpus in `tests/corpus/` (real reports from many provinces, labelled
//! by hand), scored the way `shared/tools/score-extraction` scores (recall, precision, format,
//! year).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai_extract::Extractor;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

struct Case {
    doc: PathBuf,
    label: serde_json::Value,
}

/// The development corpus: documents, their labels and `index.tsv` (source of each).
fn dev_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn shared_dirs() -> Vec<PathBuf> {
    vec![shared().join("seeds"), shared().join("corpus")]
}

fn cases(dirs: &[PathBuf]) -> Vec<Case> {
    dirs.iter().flat_map(|dir| cases_labelled_in(dir, dir)).collect()
}

/// The documents of `dir` that have a label (same name, `.json` or `.expected.json`) in `labels`.
fn cases_labelled_in(dir: &Path, labels: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("labelled reports expected at {}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for doc in names {
            let ext = doc.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "txt" | "html" | "htm" | "docx" | "pdf") {
                continue;
            }
            let stem = doc.file_stem().unwrap().to_str().unwrap().to_string();
            for label in [format!("{stem}.expected.json"), format!("{stem}.json")] {
                let p = labels.join(label);
                if p.exists() {
                    let label = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                    out.push(Case { doc: doc.clone(), label });
                    break;
                }
            }
        }
    }
    out
}

#[derive(Default, Debug)]
struct Score {
    labeled: usize,
    correct: usize,
    judged: usize,
    emitted_ok: usize,
    format_ok: usize,
    year_ok: usize,
    n: usize,
    misses: BTreeMap<String, Vec<String>>,
}

fn score(dirs: &[PathBuf]) -> Score {
    score_cases(cases(dirs))
}

fn score_cases(cases: Vec<Case>) -> Score {
    let extractor = Extractor::new();
    score_read(cases, &|doc: &Path| extractor.extract_path(doc).map_err(|e| e.to_string()))
}

/// Scores what `read` makes of each case's document.
fn score_read(cases: Vec<Case>, read: &dyn Fn(&Path) -> Result<gongkai_core::Report, String>) -> Score {
    let mut s = Score::default();
    for case in cases {
        s.n += 1;
        let name = case.doc.file_name().unwrap().to_string_lossy().to_string();
        let report = match read(&case.doc) {
            Ok(r) => r,
            Err(e) => {
                s.misses.entry(name).or_default().push(format!("failed: {e}"));
                continue;
            }
        };
        let lv = case.label["values"].as_object().cloned().unwrap_or_default();
        if report.format.map(|f| f.as_str()) == case.label["format"].as_str() {
            s.format_ok += 1;
        } else {
            s.misses.entry(name.clone()).or_default().push(format!("format {:?}", report.format));
        }
        if report.year.map(i64::from) == case.label["year"].as_i64() {
            s.year_ok += 1;
        } else {
            s.misses.entry(name.clone()).or_default().push(format!("year {:?}", report.year));
        }
        let tables: Vec<&str> =
            lv.keys().filter(|k| k.starts_with("t3.") || k.starts_with("t4.")).map(|k| &k[..2]).collect();
        for (k, v) in &lv {
            s.labeled += 1;
            let want = v.as_f64().unwrap();
            match report.num(k) {
                Some(got) if (got - want).abs() < 1e-6 => s.correct += 1,
                Some(got) => s.misses.entry(name.clone()).or_default().push(format!("wrong {k}: {want} got {got}")),
                None => s.misses.entry(name.clone()).or_default().push(format!("missed {k}")),
            }
        }
        for (k, v) in &report.values {
            if let Some(want) = lv.get(k) {
                s.judged += 1;
                if (v.as_f64() - want.as_f64().unwrap()).abs() < 1e-6 {
                    s.emitted_ok += 1;
                }
            } else if tables.contains(&&k[..2.min(k.len())]) {
                s.judged += 1;
                s.misses.entry(name.clone()).or_default().push(format!("extra {k}"));
            }
        }
    }
    s
}

/// Floors ratchet upward as the reader improves: every labelled cell of `../shared` is read,
/// and nothing else (issue 13: recall and precision stay 1.000).
const MIN_RECALL: f64 = 1.0;
const MIN_PRECISION: f64 = 1.0;

/// Floors of the development corpus (`tests/corpus/`), ratcheted as the reader improves; the
/// issue's goal is recall ≥ 0.995 and precision ≥ 0.998. Recall moved down to 0.994 when the
/// corpus grew from 111 to 143 reports with 32 of material the reader had never seen (0.9948),
/// and back to 0.998 once the reader learned what they show (0.9989). It moved to 0.996 when
/// 37 more unseen reports came in (180 in all; the 18 of stage y scored 0.9549 / 0.9980 as a
/// holdout before any rule was made for them), with the rules they called for (0.9962), and
/// 0.998 with the rules for cut rows of table 二, pages starting inside table 三, big5 gateways'
/// 資訊 and legacy "答复N件" clauses (0.9986). It moved to 0.996 on 2026-12-06 when 178 more
/// reports came in (370 in all; the holdouts z, p and g scored 0.9896 / 0.9979, 0.9896 /
/// 0.9948 and 0.9624 / 1.0000 before they entered, and the legacy prose of stage m 0.7980
/// before its rules): with those rules the corpus reads at 0.9973. It moved to 0.997 on
/// 2026-12-06 (eighth session) when eight holdout batches came in (103 reports, 2,385 keys, 473
/// in all; scored once before any rule for them: 0.9510 for the first five together, then ha
/// 0.8387, hb 0.9970, hc 1.0000, precision 1.0000 throughout): with their rules the corpus
/// reads at 0.9974 / 0.9992. It stayed at 0.997 on 2026-12-06 (ninth session) when eight more
/// holdout batches came in (96 reports, 724 keys, 569 in all; scored once before any rule for
/// them: hd 0.5385, he 0.6341, hf 1.0000, hg 0.9398 / 1.0000, then hh 0.7381, hi 0.7895 /
/// 0.9375, hj 1.0000, hk 0.9539 / 0.9864): with their rules the corpus reads at 0.9970 /
/// 0.9992, the legacy prose of the new batches being where the misses left are. It moved to
/// 0.996 the same day when three batches labelled after those rules came in as they read (hl
/// 0.8000, hm 0.7727, hn 0.9864 before rules; 37 reports, 216 keys, 606 in all): with the few
/// rules they called for the corpus reads at 0.9964 / 0.9992. It moved to 0.995 on 2026-12-06
/// (tenth session) when nine more holdout batches came in (99 reports, 726 keys, 705 in all;
/// each scored once before any rule for it: ho 0.6190, hp 0.7174 / 0.9706, hq 0.9434 /
/// 0.9901, hr 0.6744 / 0.9667, hs 0.8696, ht 0.9504 / 0.9879; then, after their rules, hu
/// 0.7368, hw 0.9694 and hv 0.7037, precision 1.0000): the first six brought the corpus to
/// 0.9925 / 0.9988 and their rules to 0.9960 / 0.9989; the last three, with the few rules they
/// called for, leave it at 0.9953 / 0.9990. The long tail of legacy wording
/// is measured here rather than hidden by leaving such reports out. It moved to 0.994 on
/// 2026-12-06 (eleventh session) when sixteen more holdout batches came in (165 reports, 3,839
/// keys, 870 in all; each scored once before any rule for it: hx 0.6667, hy 0.8344, hz 0.7843,
/// then ia 0.8814, ib 0.9973, ic 0.5833, id 0.7273, ie 0.8780, precision 1.0000; then if
/// 1.0000, ig 1.0000, ih 0.9920 / 0.9920, ii 0.9000 / 0.9878; then ij 0.7632 / 0.9667, ik
/// 0.8780, il 0.9943 / 0.9981, im 0.9310): with the rules they called for the corpus reads at
/// 0.9942 / 0.9986. It moved to 0.993 the same session when the last four batches came in (in
/// 0.8182, ip 0.6667, then io 0.6818 and iq 1.0000; 35 reports, 146 keys, 905 in all): with the
/// few rules in and ip called for it reads 0.9936 / 0.9986, the legacy prose of the new batches
/// again being where the misses left are.
/// Twelfth session: rules for the misses left (channels named before a verb and a short name of
/// the items, 累计 followed by the year's part, statements that nobody applied, a row label
/// defined after a colon and a change cell "+(0) -(0)"): 0.9952 / 0.9985 on the same 905. Then
/// four holdout batches (ir 0.7381 / 1.0000, it 0.8082 / 0.9833, iu 0.9869 / 0.9956, is 1.0000 /
/// 1.0000; 53 reports, 1,251 keys, 958 in all) and the rules they called for (a figure printed
/// without its unit, 16项65条, 等媒介 as every channel, the sum after a comma, 申请数 and
/// 已申请公开 for the applications): 0.9952 / 0.9986.
/// Thirteenth session: four holdout batches (iv 0.6667 / 1.0000, iw 0.9784 / 0.9855, ix 0.9138 /
/// 1.0000, iy 0.9542 / 1.0000; 44 reports, 438 keys, 1,002 in all) and the rules they called for
/// (减少8 and a bare 减 in 本年增/减, "1 6" in a row printed one cell per line, a run that the
/// text states whole in a two-column legacy table, the website named in the clause before the
/// total, a negated 一起, counts before 在线访谈): 0.9955 / 0.9986. Then four more (iz 0.9944 /
/// 0.9738, ja 0.9983 / 1.0000, jb 0.6667 / 1.0000, jc 0.9500 / 1.0000; 39 reports, 3,483 keys,
/// 1,041 in all; ih02's swapped 不予公开 rows corrected, see index.tsv) and their rules (a year
/// glued after a table's last cells, 各个平台 as every channel, 依申请公开N件 in a list of the
/// year's figures, 发生依申请公开…N例): 0.9961 / 0.9990. A plus opening the 本年增/减 cell of a
/// run-together row ("0+11", found in ja01), then four last batches (jd 1.0000, je 1.0000, jf
/// 0.8095, jg 1.0000, precision 1.0000 in each; 26 reports, 284 keys, 1,067 in all) and the staff
/// rules jf called for: 0.9962 / 0.9990. Fourteenth session: four batches (jh 1.0000 / 0.9872,
/// ji 0.7895 / 1.0000, jj 0.9892 / 1.0000, jk 0.9091 / 0.9756; 36 reports, 252 keys, 1,103 in
/// all) and their rules (a title split after its year, channels each with its own figure, 渠道
/// and 全年 between a channel and its verb, a channel as the sentence's subject, a total stated
/// as 总量 over one read from a channel, 培训N人次, 无发生, complaints tied to the disclosure work,
/// a last figure cut with its separator): 0.9962 / 0.9990. Then two more (jl 0.8571 / 0.9474,
/// jn 1.0000 / 1.0000; 13 reports, 24 keys, 1,116 in all) and their rules (a part that spans
/// years makes the whole a sum over them, 没收到): 0.9961 / 0.9990. Fifteenth session: legacy
/// county and city bureaus (jo 1.0000 / 1.0000, jp 0.8235 / 1.0000; 20 reports, 43 keys, 1,136
/// in all) and jp's rules (共计公开各类信息, 通过网上受理 as the online applications, a training
/// named by a longer noun): 0.9961 / 0.9990. Then provincial departments and county
/// governments (jq 0.9500 / 1.0000, jr 0.7778 / 1.0000; 17 reports, 29 keys, 1,153 in all) and
/// their rules (N人次参训, staff of the work's 具体工作机构, the pair 微信平台、新浪微博 with an
/// account's name and 等新媒体渠道): 0.9961 / 0.9990. Then institutions (development zones,
/// CDCs, 公积金 centres, weather bureaus) and Chinese numerals (js 0.8889 / 1.0000, jt 0.7600 /
/// 0.9048; 25 reports, 52 keys, 1,178 in all) and their rules (工作人员有4名,全部是兼职人员 as
/// both counts, people named by their duty, 两次召开…会议): 0.9960 / 0.9990 (left: jt08 states
/// both 全年主动公开3320条 and 本年度新增289条, jt09 the year's 新增49条 in a sentence of its own
/// after a 累计; js05 累计…30条 截至年底, js06 two websites named before 等). Then the year's
/// new items after a 累计 (jt09), national excerpts of other sites (jv 1.0000 / 1.0000), whole
/// short legacy reports (jw 0.7778 / 1.0000) and ministries and provincial departments (jx
/// 0.9444 / 1.0000 after jw's rules; 24 reports, 116 keys, 1,202 in all) with their rules
/// (办理依申请公开3件,均同意公开; 暂无申请行政复议、提起行政诉讼; 54名干部参加培训): 0.9961 /
/// 0.9990 (jt08 left: its label takes the year's new items where the sentence also prints
/// 全年主动公开3320条). Seventeenth session: national excerpts of 2023-2025 (jy 1.0000 /
/// 1.0000) and of the 2019 format (jz 0.9032 / 0.9859; 15 reports, 184 keys, 1,217 in all) and
/// jz's rules (a signed change in a table cell of its own is that cell, "上一年度项目数量" is the
/// 2019 header): 0.9961 / 0.9990.
const DEV_MIN_RECALL: f64 = 0.995;
const DEV_MIN_PRECISION: f64 = 0.998;

impl Score {
    fn recall(&self) -> f64 {
        self.correct as f64 / self.labeled.max(1) as f64
    }
    fn precision(&self) -> f64 {
        if self.judged == 0 { 0.0 } else { self.emitted_ok as f64 / self.judged as f64 }
    }
    fn print(&self, name: &str) {
        println!(
            "{name}: recall {:.4} precision {:.4} format {}/{} year {}/{}",
            self.recall(),
            self.precision(),
            self.format_ok,
            self.n,
            self.year_ok,
            self.n
        );
        for (file, misses) in &self.misses {
            println!("  {file}: {}", misses.iter().take(8).cloned().collect::<Vec<_>>().join("; "));
        }
    }
}

#[test]
fn labelled_reports_meet_the_accuracy_floor() {
    let s = score(&shared_dirs());
    assert!(s.n >= 17, "expected the 17 labelled reports of seeds/ and corpus/, found {}", s.n);
    s.print("extraction");
    assert!(s.recall() >= MIN_RECALL, "recall {:.4} fell below {MIN_RECALL}", s.recall());
    assert!(s.precision() >= MIN_PRECISION, "precision {:.4} fell below {MIN_PRECISION}", s.precision());
}

#[test]
fn development_corpus_meets_its_floor() {
    let dir = dev_corpus();
    assert!(dir.join("index.tsv").exists(), "the development corpus needs {}", dir.join("index.tsv").display());
    let s = score(&[dir]);
    // An empty folder must fail: a floor over nothing measures nothing.
    assert!(s.n > 0, "no labelled reports in tests/corpus/");
    s.print("development corpus");
    assert!(s.recall() >= DEV_MIN_RECALL, "recall {:.4} fell below {DEV_MIN_RECALL}", s.recall());
    assert!(s.precision() >= DEV_MIN_PRECISION, "precision {:.4} fell below {DEV_MIN_PRECISION}", s.precision());
}

/// The development corpus's real HTML pages as an office prints them: PDF and DOCX made from
/// them by LibreOffice (`tests/rendered/README.md`), scored against the pages' own labels.
/// Wrapped row labels with their figures centred beside them were lost here before.
#[test]
fn rendered_pages_read_as_their_pages() {
    let rendered = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rendered");
    let cases = cases_labelled_in(&rendered, &dev_corpus());
    let kinds = |ext: &str| cases.iter().filter(|c| c.doc.extension().is_some_and(|e| e == ext)).count();
    assert!(kinds("pdf") >= 4 && kinds("docx") >= 10, "expected the rendered PDF and DOCX files");
    let s = score_cases(cases);
    s.print("rendered pages");
    assert!(s.recall() >= 1.0, "recall {:.4}", s.recall());
    assert!(s.precision() >= 1.0, "precision {:.4}", s.precision());
}

/// Whether the document's text shows table 三's header (caption, or the applicant columns with
/// the first row), judged from the text alone.
/// The document shows table 三: a heading line of its section (not the section named inside a
/// sentence, as prefaces list the six parts), or the table's own header words. A report of the
/// legacy era has no table 三: there the section's heading is prose ("三、收到和处理政府信息公开
/// 申请情况" over "本单位未收到申请"), and only the table's header words count.
fn shows_table3_header(doc: &gongkai_extract::Doc, legacy: bool) -> bool {
    let heading = doc.lines.iter().any(|l| {
        // "(二)收到和处理政府信息公开申请情况" is a sub-heading of section 一 (its prose), not
        // the section of the table.
        if l.compact().starts_with(['（', '(']) {
            return false;
        }
        let c = l.compact().replace(['（', '）', '(', ')'], "");
        let c = c.trim_start_matches(|ch: char| "一二三四五六、.．0123456789 ".contains(ch));
        c.starts_with("收到和处理政府信息公开申请情况") && c.chars().count() <= 30
    });
    let text: String = doc.lines.iter().map(|l| l.compact()).collect();
    (heading && !legacy) || (text.contains("申请人情况") && text.contains("本年新收"))
}

#[test]
fn a_shown_table3_is_read_or_reported_as_unread() {
    let extractor = Extractor::new();
    let mut dirs = shared_dirs();
    if dev_corpus().exists() {
        dirs.push(dev_corpus());
    }
    let mut silent = Vec::new();
    let mut shown = 0;
    for case in cases(&dirs) {
        let bytes = std::fs::read(&case.doc).unwrap();
        let Ok(kind) = gongkai_extract::InputKind::detect(&case.doc, &bytes) else { continue };
        let Ok(doc) = extractor.read_doc(kind, &bytes) else { continue };
        let r = extractor.read_report(&doc);
        let legacy = r.format.is_some_and(|f| f.as_str().starts_with("legacy"));
        if !shows_table3_header(&doc, legacy) {
            continue;
        }
        shown += 1;
        let read = r.values.keys().any(|k| k.starts_with("t3."));
        let reported = r
            .observations
            .uncertain
            .iter()
            .any(|u| u.reason.contains("表三") && u.reason.contains(gongkai_core::report::TABLE_NOT_READ));
        if !read && !reported {
            silent.push(case.doc.display().to_string());
        }
    }
    assert!(shown > 0);
    assert!(silent.is_empty(), "table 三 shown but neither read nor reported: {silent:?}");
}

/// How other sites print the same report: a Traditional gateway (OpenCC's character and phrase
/// conversion, or Taiwan's vocabulary), cells kept apart by tabs (a table copied out of Word),
/// full-width digits and bars, Windows line ends.
#[derive(Debug, Clone, Copy)]
enum Reprint {
    Traditional,
    TaiwanVocabulary,
    Tabs,
    FullWidth,
    WindowsLines,
}

fn reprint(text: &str, how: Reprint) -> String {
    use ferrous_opencc::OpenCC;
    use ferrous_opencc::config::BuiltinConfig;
    match how {
        Reprint::Traditional | Reprint::TaiwanVocabulary => {
            let config = if matches!(how, Reprint::Traditional) { BuiltinConfig::S2t } else { BuiltinConfig::S2twp };
            OpenCC::from_config(config).expect("OpenCC tables").convert(text)
        }
        // Rows of two or more printed cells; markdown rules dropped; one-cell lines as they are.
        // (A copy that prints blank cells as lone pipes has no tab form: left as it is.)
        Reprint::Tabs if text.lines().any(|l| l.trim() == "|") => text.to_string(),
        Reprint::Tabs => text
            .lines()
            .filter(|l| !(l.contains("--") && l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))))
            .map(|l| {
                let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
                if cells.iter().filter(|c| !c.is_empty()).count() >= 2 { cells.join("\t") } else { l.to_string() }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Reprint::FullWidth => text
            .chars()
            .map(|c| if c.is_ascii_digit() || c == '|' { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect(),
        Reprint::WindowsLines => text.replace('\n', "\r\n"),
    }
}

/// The labelled text reports of both sets as other sites print them (labels unchanged): the
/// reader must read them as it reads the originals. Measured when added (2026-12-06): each
/// copy within 0.002 of the originals' recall (tabs were 0.9921, Taiwan's vocabulary 0.9647).
#[test]
fn reprinted_copies_read_as_their_originals() {
    let extractor = Extractor::new();
    let mut dirs = shared_dirs();
    dirs.push(dev_corpus());
    let texts = || -> Vec<Case> {
        cases(&dirs).into_iter().filter(|c| c.doc.extension().is_some_and(|e| e == "txt")).collect()
    };
    let original = score_cases(texts());
    for how in
        [Reprint::Traditional, Reprint::TaiwanVocabulary, Reprint::Tabs, Reprint::FullWidth, Reprint::WindowsLines]
    {
        let read = |doc: &Path| -> Result<gongkai_core::Report, String> {
            let text = std::fs::read_to_string(doc).map_err(|e| e.to_string())?;
            let bytes = reprint(&text, how).into_bytes();
            let d = extractor.read_doc(gongkai_extract::InputKind::Text, &bytes).map_err(|e| e.to_string())?;
            Ok(extractor.read_report(&d))
        };
        let s = score_read(texts(), &read);
        s.print(&format!("{how:?}"));
        assert!(
            s.recall() >= original.recall() - REPRINT_MARGIN,
            "{how:?}: recall {:.4} against {:.4} for the originals",
            s.recall(),
            original.recall()
        );
        assert!(s.precision() >= original.precision() - REPRINT_MARGIN, "{how:?}: precision {:.4}", s.precision());
    }
}

/// How far a reprinted copy may fall behind its original.
const REPRINT_MARGIN: f64 = 0.002;
