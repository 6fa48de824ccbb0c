//! Across years and peers: year-on-year jumps of headline figures, text copied from an
//! earlier year's report or a peer's (内容雷同, named a failing by 国办公开办函〔2021〕30号), and
//! the completeness of a report's text (its six sections; the fee statement of section 六).

use crate::finding::{Finding, Rule, Severity};
use crate::report::Report;

/// Headline figures whose jumps a supervising office looks at.
pub const HEADLINE_KEYS: &[&str] = &[
    "t3.new.total",
    "t3.total.total",
    "t3.granted.total",
    "t4.review.total",
    "t2.licensing.decisions",
    "t2.penalty.decisions",
    "t2.coercion.decisions",
    "s.proactive.total",
    "s.requests.received",
];

/// A figure that grew or shrank by this factor or more is flagged.
pub const JUMP_FACTOR: f64 = 5.0;
/// Jumps among small numbers (3 → 16) are noise: the larger side must reach this.
pub const JUMP_FLOOR: f64 = 20.0;

/// Warnings for headline figures of `this` that are ×5 or ÷5 those of `last` (the year before).
pub fn jumps(last: &Report, this: &Report) -> Vec<Finding> {
    let (Some(y0), Some(y1)) = (last.year, this.year) else { return Vec::new() };
    let mut out = Vec::new();
    for &k in HEADLINE_KEYS {
        let (Some(a), Some(b)) = (last.num(k), this.num(k)) else { continue };
        if a.max(b) < JUMP_FLOOR {
            continue;
        }
        let jump = if a == 0.0 || b == 0.0 { true } else { (b / a).max(a / b) >= JUMP_FACTOR };
        if jump {
            out.push(Finding::new(
                Rule::YearOnYearJump,
                Severity::Warning,
                vec![k.to_string()],
                format!(
                    "“{}”由{y0}年的{}变为{y1}年的{}，变化超过{}倍，请核实",
                    crate::keys::label(k),
                    crate::audit::fmt_num(a),
                    crate::audit::fmt_num(b),
                    JUMP_FACTOR
                ),
            ));
        }
    }
    out
}

/// Shingle width in characters: long enough that common phrases of the genre (以公开为常态)
/// alone do not make two reports alike.
const SHINGLE: usize = 12;

/// The fingerprint of a text for 雷同 checks: hashed 12-character shingles of its letters, with
/// every digit folded to one symbol (a copy with only the year and the figures changed is still
/// a copy) and spaces and punctuation dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fingerprint(Vec<u64>);

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        let mut hashes = Vec::new();
        shingle(text, &mut hashes);
        Fingerprint::from_hashes(hashes)
    }

    /// Sorted and without repeats: a set, built in one sort (far cheaper than a tree).
    fn from_hashes(mut hashes: Vec<u64>) -> Fingerprint {
        hashes.sort_unstable();
        hashes.dedup();
        Fingerprint(hashes)
    }

    /// The fingerprint of a report's prose: each line on its own, leaving out table rows and
    /// lines that are the national format's own words (section headings, table labels, as
    /// flattened tables print them one per line). Every report of a format shares those, so
    /// counting them would make any two reports look alike.
    pub fn of_prose<'a>(lines: impl IntoIterator<Item = &'a str>) -> Fingerprint {
        let format = &*FORMAT_WORDS;
        let mut hashes = Vec::new();
        for line in lines {
            let compact: String = line.chars().filter(|c| c.is_alphanumeric()).collect();
            if compact.chars().count() < SHINGLE {
                continue;
            }
            let words: String = compact.chars().filter(|c| !c.is_numeric()).collect();
            // A line longer than every format label is prose: no search needed.
            if words.is_empty() || (words.len() <= format.longest && format.text.contains(&words)) {
                continue;
            }
            // A report printed as one line runs its tables into the prose: the format's labels
            // inside a line part it, and only the text between them is shingled.
            for piece in format.pieces(&compact) {
                shingle(piece, &mut hashes);
            }
        }
        Fingerprint::from_hashes(hashes)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The share of this text's shingles that also stand in `other` (0–1).
    pub fn copied_from(&self, other: &Fingerprint) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut both) = (0, 0, 0usize);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Equal => {
                    both += 1;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        both as f64 / a.len() as f64
    }

    /// The sketch kept with a filed report: comparing against every peer's whole fingerprint
    /// would mean keeping thousands of hashes per report.
    pub fn sketch(&self) -> Sketch {
        let mut mins: Vec<u64> = self.0.iter().map(|&h| mix(h)).collect();
        mins.sort_unstable();
        mins.truncate(SKETCH_SIZE);
        Sketch { shingles: self.0.len() as u64, mins }
    }
}

/// Hashes kept per sketch: the estimate of a shared share is then within about ±0.09.
pub const SKETCH_SIZE: usize = 128;

/// Adds the hashed shingles of `text` (letters only, digits folded to one symbol) to `set`.
fn shingle(text: &str, hashes: &mut Vec<u64>) {
    let chars: Vec<char> =
        text.chars().filter(|c| c.is_alphanumeric()).map(|c| if c.is_numeric() { '#' } else { c }).collect();
    for w in chars.windows(SHINGLE) {
        // FNV-1a: stable across runs and platforms, so fingerprints can be stored.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in w {
            h ^= u64::from(*c);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        hashes.push(h);
    }
}

/// The format's own words (see [`format_words`]), built once, with the length in bytes of the
/// longest.
struct FormatWords {
    text: String,
    longest: usize,
    /// The labels of four or more letters, as one pattern (`None` only if it failed to build).
    labels: Option<regex::Regex>,
}

static FORMAT_WORDS: std::sync::LazyLock<FormatWords> = std::sync::LazyLock::new(|| {
    let text = format_words();
    let longest = text.split('|').map(str::len).max().unwrap_or(0);
    let mut labels: Vec<&str> = text.split('|').filter(|w| w.chars().count() >= MIN_LABEL_CHARS).collect();
    // Longest first: the alternation takes the first that matches at a place.
    labels.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    labels.dedup();
    let pattern = labels.iter().map(|l| regex::escape(l)).collect::<Vec<_>>().join("|");
    let labels = regex::Regex::new(&pattern).ok();
    FormatWords { text, longest, labels }
});

/// Labels shorter than this (规章, 总计) are words of ordinary prose as well: left in.
const MIN_LABEL_CHARS: usize = 4;

impl FormatWords {
    /// `line` without the format's labels in it, as the pieces between them (one pass over the
    /// line: the labels are one alternation of literals).
    fn pieces<'a>(&self, line: &'a str) -> Vec<&'a str> {
        let Some(labels) = &self.labels else { return vec![line] };
        let mut out = Vec::new();
        let mut from = 0;
        for m in labels.find_iter(line) {
            if m.start() > from {
                out.push(&line[from..m.start()]);
            }
            from = m.end();
        }
        if from < line.len() {
            out.push(&line[from..]);
        }
        out
    }
}

/// The format's own words, letters only: section headings and every table label, whole and
/// without their ordinals, separated by "|".
fn format_words() -> String {
    use crate::keys::{T3Col, T3Row, T4Group, T4Result};
    let mut words: Vec<String> = SECTIONS.iter().map(|(o, t, _)| format!("{o}{t}")).collect();
    words.extend(SECTIONS.iter().map(|(_, t, _)| t.to_string()));
    words.extend(T3Row::NATIONAL_2021.iter().chain(&T3Row::NATIONAL_2019).map(|r| r.label().to_string()));
    words.extend(T3Col::ALL.iter().map(|c| c.label().to_string()));
    words.extend(T4Group::ALL.iter().map(|g| g.label().to_string()));
    words.extend(T4Result::ALL.iter().map(|r| r.label().to_string()));
    for (_, l) in crate::keys::T2_2021.iter().chain(crate::keys::T2_2019) {
        words.extend(l.split('·').map(str::to_string));
    }
    let mut out = String::new();
    for w in words {
        // Letters without digits, as lines are compared; also without a leading ordinal.
        let letters: String = w.chars().filter(|c| c.is_alphanumeric() && !c.is_numeric()).collect();
        let bare: String = letters.trim_start_matches(|c: char| "一二三四五六七".contains(c)).to_string();
        out.push_str(&letters);
        out.push('|');
        out.push_str(&bare);
        out.push('|');
    }
    out
}

/// A finaliser (SplitMix64's) over the FNV hashes: the smallest values of a sketch must be a
/// uniform sample of the shingles, which FNV's low values alone are not.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A bottom-k sketch of a [`Fingerprint`]: the number of shingles and the smallest
/// [`SKETCH_SIZE`] mixed hashes. Stored with each filed report as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sketch {
    pub shingles: u64,
    mins: Vec<u64>,
}

impl Sketch {
    /// The share of this text that also stands in `other`, estimated: the Jaccard index from
    /// the smallest hashes of the union, turned into containment with the two sizes.
    pub fn copied_from(&self, other: &Sketch) -> f64 {
        if self.mins.is_empty() || other.mins.is_empty() {
            return 0.0;
        }
        let k = self.mins.len().min(other.mins.len());
        let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
        while seen < k && i < self.mins.len() && j < other.mins.len() {
            let (a, b) = (self.mins[i], other.mins[j]);
            if a == b {
                both += 1;
                i += 1;
                j += 1;
            } else if a < b {
                i += 1;
            } else {
                j += 1;
            }
            seen += 1;
        }
        let jaccard = both as f64 / seen.max(1) as f64;
        let (a, b) = (self.shingles as f64, other.shingles as f64);
        (jaccard * (a + b) / ((1.0 + jaccard) * a)).clamp(0.0, 1.0)
    }

    /// `"<shingles>:<hex><hex>…"`, 16 hex digits per hash.
    pub fn encode(&self) -> String {
        let mut out = format!("{}:", self.shingles);
        for h in &self.mins {
            out.push_str(&format!("{h:016x}"));
        }
        out
    }

    /// The sketch of [`Sketch::encode`]; `None` for anything else.
    pub fn decode(s: &str) -> Option<Sketch> {
        let (n, hex) = s.split_once(':')?;
        if hex.len() % 16 != 0 || !hex.is_ascii() {
            return None;
        }
        let mins = (0..hex.len() / 16)
            .map(|i| u64::from_str_radix(&hex[i * 16..i * 16 + 16], 16).ok())
            .collect::<Option<Vec<u64>>>()?;
        Some(Sketch { shingles: n.parse().ok()?, mins })
    }
}

/// A text counts as copied when this share of it stands in the other.
pub const COPY_SHARE: f64 = 0.5;
/// Texts shorter than this many shingles (about 450 characters of prose) are not judged: a short
/// excerpt is mostly the format's stock sentences (the preamble every report copies from the
/// template), which it shares with every report. Full reports hold thousands.
pub const MIN_SHINGLES: usize = 400;

/// Whether two texts are long enough to be compared (see [`MIN_SHINGLES`]).
fn judged(a: &Sketch, b: &Sketch) -> bool {
    a.shingles >= MIN_SHINGLES as u64 && b.shingles >= MIN_SHINGLES as u64
}

fn copy_finding(share: f64, year: i32, whose: &str) -> Finding {
    Finding::new(
        Rule::SimilarText,
        Severity::Warning,
        Vec::new(),
        format!("{year}年报告正文有{:.0}%与{whose}相同（内容雷同）", share * 100.0),
    )
}

/// A warning when `text` (of `year`) largely repeats `earlier` (a previous year's report of the
/// same agency, or a peer's report, named by `whose`).
pub fn copied(text: &Sketch, year: i32, earlier: &Sketch, whose: &str) -> Option<Finding> {
    if !judged(text, earlier) {
        return None;
    }
    let share = text.copied_from(earlier);
    (share >= COPY_SHARE).then(|| copy_finding(share, year, whose))
}

/// The warnings for the peers (name, sketch of their report of `year`) that `text` largely
/// repeats, most copied first, at most `at_most` of them.
pub fn copied_from_peers(text: &Sketch, year: i32, peers: &[(String, Sketch)], at_most: usize) -> Vec<Finding> {
    let mut alike: Vec<(f64, &str)> = peers
        .iter()
        .filter(|(_, s)| judged(text, s))
        .map(|(name, s)| (text.copied_from(s), name.as_str()))
        .filter(|(share, _)| *share >= COPY_SHARE)
        .collect();
    alike.sort_by(|a, b| b.0.total_cmp(&a.0));
    alike
        .into_iter()
        .take(at_most)
        .map(|(share, name)| copy_finding(share, year, &format!("{name}{year}年报告")))
        .collect()
}

/// The six sections of the national formats (2019 trial and 2021), each by its ordinal and the
/// words its heading is known by (variants of `annual-report-formats.md` §2.1).
pub const SECTIONS: [(&str, &str, &[&str]); 6] = [
    ("一", "总体情况", &["总体情况", "概述", "总体"]),
    ("二", "主动公开政府信息情况", &["主动公开"]),
    ("三", "收到和处理政府信息公开申请情况", &["收到和处理", "依申请", "申请情况", "申请公开"]),
    ("四", "政府信息公开行政复议、行政诉讼情况", &["行政复议", "复议", "诉讼"]),
    ("五", "存在的主要问题及改进情况", &["存在的主要问题", "存在问题", "问题", "改进"]),
    ("六", "其他需要报告的事项", &["其他需要报告", "其他需报告", "其他事项", "其他"]),
];

/// A line without white space and markdown marks.
fn compact(line: &str) -> String {
    line.chars().filter(|c| !c.is_whitespace() && *c != '#' && *c != '*').collect()
}

/// The ordinals of top-level headings. A section is found under any of them: reports that
/// number their parts their own way ("一、主动公开政府信息情况" after an overview with its own
/// 一–六) still have the section.
const ORDINALS: &str = "一二三四五六七八九十";

/// The heading candidates of a [`compact`] line, one pass: the line's start, and every place
/// where a top-level ordinal stands before "、" (or "." / "．"), each as (byte offset, the text
/// after the mark). Headings run together on one line (a PDF's text layer) are all found.
fn heading_marks(compact: &str) -> Vec<(usize, &str)> {
    let mut out = vec![(0, compact)];
    let mut before: [Option<char>; 2] = [None, None];
    for (at, c) in compact.char_indices() {
        if matches!(c, '、' | '.' | '．')
            && let Some(o) = before[1]
            && ORDINALS.contains(o)
            // "第一、" is not a heading; "（一）" never matches (the mark needs "、").
            && before[0] != Some('第')
        {
            out.push((at - o.len_utf8(), &compact[at + c.len_utf8()..]));
        }
        before = [before[1], Some(c)];
    }
    out
}

/// Where the heading of a section with `words` stands in a line with these `marks` (byte offset):
/// the line starts with the words, or a mark is followed within 24 characters by them.
fn heading_at(marks: &[(usize, &str)], words: &[&str]) -> Option<usize> {
    if words.iter().any(|w| marks[0].1.starts_with(w)) {
        return Some(0);
    }
    marks[1..].iter().find_map(|&(at, rest)| {
        let end = rest.char_indices().nth(24).map_or(rest.len(), |(i, _)| i);
        words.iter().any(|w| rest[..end].contains(w)).then_some(at)
    })
}

/// Completeness (完整性) of a national-format report's text: a warning per section of the six
/// that the text does not show, and, from the 2021 report on, when section 六 says nothing of
/// the 信息处理费 (国办函〔2020〕109号 has it reported there) and no fee figure was read.
/// Formats before 2019 had no fixed sections and are not judged.
pub fn completeness(text: &str, report: &Report) -> Vec<Finding> {
    if !report.format.is_some_and(crate::report::Format::is_national) {
        return Vec::new();
    }
    let lines: Vec<String> = text.lines().map(compact).filter(|l| !l.is_empty()).collect();
    let marks: Vec<Vec<(usize, &str)>> = lines.iter().map(|l| heading_marks(l)).collect();
    let mut out = Vec::new();
    let mut six: Option<(usize, usize)> = None;
    for (ordinal, title, words) in SECTIONS {
        let found = marks.iter().enumerate().find_map(|(i, m)| heading_at(m, words).map(|at| (i, at)));
        match found {
            Some(place) if ordinal == "六" => six = Some(place),
            Some(_) => {}
            None => out.push(Finding::new(
                Rule::MissingSection,
                Severity::Warning,
                Vec::new(),
                format!("未见第{ordinal}部分“{ordinal}、{title}”，年度报告应包括全部六个部分"),
            )),
        }
    }
    let fee_read = report.values.keys().any(|k| k.starts_with("fee."));
    if let Some((i, from)) = six
        && report.year.is_some_and(|y| y >= 2021)
        && !fee_read
    {
        // Section 六 runs to the end of the text (what follows it is the signature and date).
        let says_fee = lines[i][from..].contains('费') || lines[i + 1..].iter().any(|l| l.contains('费'));
        if !says_fee {
            out.push(Finding::new(
                Rule::FeeNotStated,
                Severity::Warning,
                Vec::new(),
                "第六部分“其他需要报告的事项”未说明信息处理费的收取情况（包括未收取）",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Figure;

    fn report(year: i32, values: &[(&str, i64)]) -> Report {
        Report {
            year: Some(year),
            values: values.iter().map(|(k, v)| (k.to_string(), Figure::Count(*v))).collect(),
            ..Report::default()
        }
    }

    #[test]
    fn jumps_of_five_times_are_flagged_and_small_numbers_are_not() {
        let cases = [
            // (last, this, flagged)
            (10, 60, true),
            (100, 19, true),
            (100, 21, false),
            (3, 16, false),
            (0, 25, true),
            (40, 40, false),
        ];
        for (a, b, flagged) in cases {
            let f = jumps(&report(2022, &[("t3.new.total", a)]), &report(2023, &[("t3.new.total", b)]));
            assert_eq!(!f.is_empty(), flagged, "{a} -> {b}");
        }
        let f = jumps(&report(2022, &[("t3.new.total", 10)]), &report(2023, &[("t3.new.total", 60)]));
        assert!(f[0].message.contains("由2022年的10变为2023年的60"), "{}", f[0].message);
    }

    #[test]
    fn a_copy_with_new_years_and_figures_is_found_and_different_text_is_not() {
        let last = "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息356条，其中政策文件12件，受理依申请公开3件，均按期答复。我局将继续加强政府信息公开平台建设，完善工作机制，强化监督保障，进一步提升政务公开质量。围绕优化营商环境、乡村振兴等重点领域，及时发布政策文件并同步开展解读，通过新闻发布会、政策吹风会和网站专栏回应社会关切。健全政府信息公开申请登记、审核、办理、答复、归档制度，严格执行保密审查，规范答复文书格式，确保依法依规按时答复。加强政府网站和政务新媒体管理，开展常态化监测，及时整改错链断链和内容更新不及时等问题，提升平台服务能力。组织机关干部参加政务公开业务培训，邀请专家解读条例要点，提高工作人员依法公开意识和业务水平。推进基层政务公开标准化规范化建设，编制公开事项目录，在便民服务中心设置查阅点，方便群众就近查询。下一步，我局将坚持问题导向，进一步完善主动公开目录，加大政策解读力度，持续提升政务公开工作质量和实效。同时畅通依申请公开受理渠道，在门户网站提供在线申请入口，对群众咨询做到有问必答。";
        let copy = last.replace("2022", "2023").replace("356", "402").replace("12件", "15件");
        let other = "本年度，本镇围绕乡村振兴、民生保障和安全生产开展政务公开，在镇政府网站专栏发布惠农补贴、低保名单和项目招投标信息，村务公开栏每季度更新一次，群众来电咨询均当场解答并登记台账，未发生因公开引起的复议诉讼事项，下一步将完善村级公开目录与考核办法。";
        let (a, b, c) = (Fingerprint::of(last), Fingerprint::of(&copy), Fingerprint::of(other));
        assert!(b.copied_from(&a) > 0.95);
        assert!(c.copied_from(&a) < 0.1);
        let (a, b, c) = (a.sketch(), b.sketch(), c.sketch());
        assert!(copied(&b, 2023, &a, "本机关2022年报告").is_some());
        assert!(copied(&c, 2023, &a, "本机关2022年报告").is_none());
        assert!(copied(&Fingerprint::of("短").sketch(), 2023, &a, "x").is_none());
        assert_eq!(Sketch::decode(&a.encode()), Some(a.clone()));
        assert_eq!(Sketch::decode("12:zz"), None);
    }

    /// The sketch's estimate against the exact share, over texts that share a known part.
    #[test]
    fn sketches_estimate_the_shared_share() {
        let base: String = (0..3000u32).map(|i| char::from_u32(0x4e00 + (i * 7919) % 20000).unwrap()).collect();
        let other: String =
            (0..3000u32).map(|i| char::from_u32(0x4e00 + (i * 104_729 + 11) % 20000).unwrap()).collect();
        for keep in [0usize, 1000, 1500, 2400, 3000] {
            let text: String = base.chars().take(keep).chain(other.chars().skip(keep)).collect();
            let (t, b) = (Fingerprint::of(&text), Fingerprint::of(&base));
            let exact = t.copied_from(&b);
            let estimate = t.sketch().copied_from(&b.sketch());
            assert!((exact - estimate).abs() < 0.15, "kept {keep}: exact {exact:.3}, sketch {estimate:.3}");
        }
    }

    /// Two unrelated reports whose tables are flattened one cell per line share those lines;
    /// their prose fingerprints do not make them alike.
    #[test]
    fn the_formats_own_words_do_not_make_reports_alike() {
        let table = "三、收到和处理政府信息公开申请情况\n（一）予以公开\n3\n0\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n1\n                     1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n0\n                     2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\n0\n四、结转下年度继续办理\n2";
        let a = format!("本局围绕优化营商环境发布政策文件并开展解读，在门户网站开设专栏集中公开涉企政策。\n{table}");
        let b = format!("本镇聚焦乡村振兴和民生保障，在村务公开栏每季度更新低保和补贴名单并接受群众监督。\n{table}");
        let (fa, fb) = (Fingerprint::of_prose(a.lines()), Fingerprint::of_prose(b.lines()));
        assert!(!fa.is_empty());
        assert!(fa.copied_from(&fb) < 0.05, "{}", fa.copied_from(&fb));
        assert!(Fingerprint::of(&a).copied_from(&Fingerprint::of(&b)) > 0.5, "without the rule they would look alike");
        // The same tables run into one line with the prose (a report printed as one line).
        let one_line = |t: &str| t.replace('\n', "");
        let (fa, fb) = (Fingerprint::of_prose([one_line(&a).as_str()]), Fingerprint::of_prose([one_line(&b).as_str()]));
        assert!(fa.copied_from(&fb) < 0.2, "one line: {}", fa.copied_from(&fb));
    }

    fn national(year: i32) -> Report {
        Report { year: Some(year), format: Some(crate::report::Format::National2021), ..Report::default() }
    }

    #[test]
    fn completeness_names_missing_sections_and_an_unstated_fee() {
        let full = "2023年度政府信息公开工作年度报告\n一、总体情况\n……\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n                    四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n本年度未收取信息处理费。";
        let cases: &[(&str, &str, i32, &[Rule])] = &[
            ("all six, fee stated", full, 2023, &[]),
            ("fee unstated", &full.replace("本年度未收取信息处理费。", "无。"), 2023, &[Rule::FeeNotStated]),
            ("fee unstated before 2021 is not asked", &full.replace("本年度未收取信息处理费。", "无。"), 2020, &[]),
            ("section 五 missing", &full.replace("五、存在的主要问题及改进情况\n", ""), 2023, &[Rule::MissingSection]),
            (
                "run together on one line, variant heading",
                "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、因政府信息公开工作被申请行政复议、提起行政诉讼情况 五、政府信息公开工作存在的主要问题及改进情况 六、其他需要报告的事项 无收取信息处理费情况。",
                2022,
                &[],
            ),
            (
                "headings without ordinals",
                "总体情况\n主动公开政府信息情况\n收到和处理政府信息公开申请情况\n行政复议、行政诉讼情况\n存在的主要问题及改进情况\n其他需要报告的事项\n未收费。",
                2022,
                &[],
            ),
            (
                "numbered its own way: found under another ordinal",
                "一、总体情况\n二、工作机制\n一、主动公开政府信息情况\n二、收到和处理政府信息公开申请情况\n三、政府信息公开行政复议、行政诉讼情况\n四、存在的主要问题及改进情况\n五、其他需要报告的事项\n未收费。",
                2024,
                &[],
            ),
            (
                "a sub-heading is not a section",
                "一、总体情况\n（二）主动公开\n三、收到和处理\n四、行政复议\n五、问题\n六、其他需要报告的事项 费",
                2022,
                &[Rule::MissingSection],
            ),
        ];
        for (what, text, year, want) in cases {
            let got: Vec<Rule> = completeness(text, &national(*year)).iter().map(|f| f.rule).collect();
            assert_eq!(&got, want, "{what}");
        }
        let mut fee_read = national(2023);
        fee_read.values.insert("fee.amount_yuan".into(), crate::report::Figure::Count(0));
        assert!(completeness(&full.replace("本年度未收取信息处理费。", ""), &fee_read).is_empty());
        let legacy = Report { format: Some(crate::report::Format::LegacyText), ..Report::default() };
        assert!(completeness("无章节", &legacy).is_empty());
    }
}
