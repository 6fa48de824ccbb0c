//! Figures stated in the prose of legacy reports (§5 of the format notes): proactive totals
//! and channels, responses, applications, reviews and suits, consultations, fees, staff and
//! spending, with "未收到…申请" style statements read as 0 where the labels read them so;
//! plus the percentages and category lists the text rules check.

use gongkai_core::report::{CategoryList, PercentClaim};
use gongkai_core::{Evidence, Figure};

use crate::doc::{Doc, Line};
use crate::number::chinese_numeral;

/// A figure of the narrative mapped to a key.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    pub key: &'static str,
    pub value: Figure,
    pub evidence: Evidence,
}

#[derive(Debug, Default)]
pub(crate) struct Narrative {
    pub facts: Vec<Fact>,
    pub percents: Vec<PercentClaim>,
    pub categories: Vec<CategoryList>,
    /// Where the proactive total is stated in words for the whole ("主动公开信息总量425条"): the
    /// evidence of those facts (not their places in `facts`, which later passes may change).
    whole_totals: Vec<Evidence>,
}

/// Units after a figure, longest first.
const UNITS: &[&str] = &[
    "万元", "人次", "元", "条", "件", "次", "篇", "个", "人", "名", "位", "宗", "起", "项", "场", "期", "份", "家",
    "例", "处",
];

/// A number with its unit in a sentence.
#[derive(Debug, Clone)]
struct Fig {
    /// Char positions in the sentence: number start, end after the unit.
    start: usize,
    end: usize,
    value: f64,
    unit: &'static str,
    /// Followed by 多/余/左右: not an exact figure.
    approx: bool,
}

fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | '，' | ';' | '；' | ':' | '：')
}

const CN_DIGITS: &str = "零〇一二两三四五六七八九十百千万";

/// Finds the figures of a sentence.
fn figures(s: &[char]) -> Vec<Fig> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let arabic = c.is_ascii_digit();
        let chinese = CN_DIGITS.contains(c) && c != '万' && c != '百' && c != '千';
        if !arabic && !chinese {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        let value: f64;
        if arabic {
            if i > 0 && (s[i - 1].is_ascii_alphabetic() || s[i - 1] == '.' || s[i - 1] == '-') {
                while j < s.len() && (s[j].is_ascii_alphanumeric() || s[j] == '.') {
                    j += 1;
                }
                i = j;
                continue;
            }
            while j < s.len()
                && (s[j].is_ascii_digit()
                    || (s[j] == '.' && j + 1 < s.len() && s[j + 1].is_ascii_digit())
                    || (s[j] == ',' && j + 3 < s.len() && s[j + 1..j + 4].iter().all(char::is_ascii_digit)))
            {
                j += 1;
            }
            let text: String = s[start..j].iter().filter(|&&d| d != ',').collect();
            value = match text.parse() {
                Ok(v) => v,
                Err(_) => {
                    i = j;
                    continue;
                }
            };
        } else {
            // Chinese numerals only as counts right before a unit, not in words (一是, 统一, 第一,
            // and 无一例: "not a single case").
            if i > 0 && ("第统唯单同逐之每初周星礼无".contains(s[i - 1]) || CN_DIGITS.contains(s[i - 1])) {
                i += 1;
                continue;
            }
            while j < s.len() && CN_DIGITS.contains(s[j]) {
                j += 1;
            }
            // "没有发生一起…行政复议", "未收到一件申请": a negated 一 is "not a single one".
            if j == i + 1 && c == '一' {
                // (The clause's last 30 characters: the negation stands close, and a line without
                // stops must not be read again at every 一.)
                let from = i.saturating_sub(30);
                let clause_start =
                    s[from..i].iter().rposition(|&d| is_clause_break(d) || d == '。').map_or(from, |p| from + p + 1);
                let before = &s[clause_start..i];
                let negated = ["没有", "未", "从无", "并无"].iter().any(|w| {
                    (0..before.len()).any(|k| w.chars().eq(before[k..].iter().copied().take(w.chars().count())))
                });
                if negated {
                    i = j;
                    continue;
                }
            }
            let text: String = s[start..j].iter().collect();
            match chinese_numeral(&text) {
                Some(v) => value = v as f64,
                None => {
                    i = j;
                    continue;
                }
            }
        }
        let num_end = j;
        let mut k = j;
        let mut mult = 1.0;
        if arabic && s.get(k) == Some(&'万') && s.get(k + 1) != Some(&'元') {
            mult = 10_000.0;
            k += 1;
        }
        while k < s.len() && s[k] == ' ' {
            k += 1;
        }
        let unit = UNITS.iter().find(|u| starts_at(s, k, u)).copied();
        let Some((unit, uend)) = unit
            .map(|u| (u, k + u.chars().count()))
            .or_else(|| implied_unit(s, start, k).filter(|_| arabic).map(|u| (u, k)))
        else {
            i = j.max(i + 1);
            continue;
        };
        if !arabic && matches!(s.get(uend), Some('性' | '是' | '些' | '样' | '般' | '致' | '起' | '体')) {
            i = uend;
            continue;
        }
        if i > 0 && s[i - 1] == '第' {
            i = uend;
            continue;
        }
        let approx = matches!(s.get(uend), Some('多' | '余'))
            || matches!(s.get(num_end), Some('多' | '余'))
            || starts_at(s, uend, "左右");
        out.push(Fig { start, end: uend, value: value * mult, unit, approx });
        i = uend;
    }
    out
}

/// The unit of a figure printed without one at the end of its clause, when the words before it
/// name what is counted ("公开政务信息4287。", "共受理政府信息公开申请0"): 条 for items of
/// information, 件 for applications.
fn implied_unit(s: &[char], start: usize, after: usize) -> Option<&'static str> {
    if !s.get(after).is_none_or(|&c| is_clause_break(c) || matches!(c, '。' | '.' | '!' | '！')) {
        return None;
    }
    let before: String = s[start.saturating_sub(6)..start].iter().collect();
    let before = before.trim_end_matches(['为', '是', '达', '共', ' ']);
    let before = before.strip_suffix('数').unwrap_or(before);
    if before.ends_with("信息") {
        Some("条")
    } else if before.ends_with("申请") {
        Some("件")
    } else {
        None
    }
}

fn starts_at(s: &[char], i: usize, pat: &str) -> bool {
    pat.chars().enumerate().all(|(j, p)| s.get(i + j) == Some(&p))
}

/// Removes bracketed notes, quotes and spaces.
fn clean(s: &[char]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for (i, &c) in s.iter().enumerate() {
        // "专(兼)职": the bracketed 兼 is part of the word (full- and part-time), not a note.
        if c == '兼'
            && i >= 2
            && s[i - 2] == '专'
            && matches!(s[i - 1], '(' | '（')
            && matches!(s.get(i + 1), Some(')' | '）'))
        {
            out.push(c);
            continue;
        }
        // "配备了13名(全职、兼职)工作人员": a note that names both kinds of staff is their word.
        if depth == 0 && matches!(c, '(' | '（') {
            let note: String = s[i + 1..].iter().take_while(|&&d| !matches!(d, ')' | '）')).take(8).collect();
            if matches!(
                note.as_str(),
                "全职、兼职" | "专职、兼职" | "专职和兼职" | "全职和兼职" | "专兼职" | "专、兼职"
            ) && matches!(s.get(i + 1 + note.chars().count()), Some(')' | '）'))
            {
                out.push_str("专兼职");
            }
        }
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            '"' | '\'' | '“' | '”' | ' ' | '《' | '》' => {}
            _ => out.push(c),
        }
    }
    out
}

const FILLERS: &[&str] =
    &["共计", "合计", "总计", "分别为", "共", "计", "达到", "达", "为", "是", "了", "的有", "有", "约", "已", "累计达"];

fn trim_fillers(s: &str) -> &str {
    let mut t = s.trim_end_matches([' ', ':', '、']);
    loop {
        let before = t.len();
        for f in FILLERS {
            if let Some(r) = t.strip_suffix(f) {
                t = r;
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// `p` after its year and the agency speaking ("2012年度全镇共", "本年度我局"): the words that
/// say what was counted, when only those stand before them.
fn year_and_subject(p: &str) -> Option<&str> {
    let mut rest = p;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 4 {
        rest = rest[4..].trim_start_matches("年度").trim_start_matches('年');
    }
    let subjects = [
        "全镇",
        "全乡",
        "全县",
        "全区",
        "全市",
        "全街道",
        "我镇",
        "我乡",
        "我县",
        "我区",
        "我市",
        "我局",
        "我办",
        "我委",
    ];
    let subject = subjects.iter().find_map(|w| rest.strip_prefix(w));
    if digits != 4 && subject.is_none() {
        return None;
    }
    rest = subject.unwrap_or(rest);
    Some(trim_fillers_front(rest))
}

/// `p` after an agency naming itself ("龙华街道公开信息总数", "县政府办共公开信息"): the
/// counted words, when a short name ending in a kind of agency stands before a verb of
/// disclosure. A name of many units (各乡镇, 县直) is no agency speaking.
fn named_subject(p: &str) -> Option<&str> {
    const KINDS: &[&str] = &["街道", "镇", "乡", "局", "委", "办", "县", "区", "市", "厅", "中心", "政府"];
    const VERBS: &[&str] = &["公开", "主动", "累计", "发布"];
    for (at, c) in p.char_indices().take(10) {
        let (name, rest) = p.split_at(at + c.len_utf8());
        if !KINDS.iter().any(|k| name.ends_with(k)) || has_any(name, &["各", "直", "属", "所有", "社区", "村", "小区"])
        {
            continue;
        }
        let rest = trim_fillers_front(rest);
        if VERBS.iter().any(|v| rest.starts_with(v)) && name.chars().all(|c| !c.is_ascii() && c.is_alphabetic()) {
            return Some(rest);
        }
    }
    None
}

/// `s` without a leading 共, 全年 or 本年 (a filler before the counted words).
fn trim_fillers_front(s: &str) -> &str {
    ["共", "全年", "本年"].iter().find_map(|w| s.strip_prefix(w)).unwrap_or(s)
}

fn ends_any<'a>(s: &str, tails: &[&'a str]) -> Option<&'a str> {
    tails.iter().find(|t| s.ends_with(*t)).copied()
}

fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

fn unit_in(u: &str, set: &[&str]) -> bool {
    set.contains(&u)
}

/// Channels of proactive disclosure, as their names end a phrase.
const CHANNELS: &[(&str, &[&str])] = &[
    (
        "s.channel.weibo_wechat",
        &[
            "微博微信",
            "微博、微信",
            "微博和微信",
            "政务微博微信",
            "政务微博、微信",
            "两微",
            // The pair named in either order ("运用微信、微博发布信息").
            "微信微博",
            "微信、微博",
            "微信和微博",
        ],
    ),
    (
        "s.channel.website",
        &[
            "政府网站",
            "门户网站",
            "网站",
            "政府在线",
            "网站上",
            "公开网",
            "政务网",
            "政府网",
            "信息网",
            // "厅公众服务网共公开政府信息1170条".
            "服务网",
            "门户网",
            // "通过政府信息公开专栏主动公开政府信息50条": the site's disclosure column.
            "信息公开专栏",
            // "在中国林业网发布…", "在“广州金盾网”更新…": a site by its name.
            "网",
        ],
    ),
    ("s.channel.gazette", &["政府公报", "公报"]),
    ("s.channel.weibo", &["政务微博", "官方微博", "微博号", "微博"]),
    ("s.channel.wechat", &["政务微信", "微信公众号", "微信公众平台", "微信订阅号", "微信平台", "微信"]),
    (
        "s.channel.other",
        &[
            "其他方式",
            "其它方式",
            "其他渠道",
            "其它渠道",
            "其他形式",
            "其他媒体",
            "其它媒体",
            // "通过报纸公开5条", "在《…》等报刊杂志上公开信息12条".
            "报纸",
            "报刊",
            "报刊杂志",
            "等方式",
            "等形式",
            "公开栏",
            // "其它便于公众知晓的方式".
            "便于公众知晓的方式",
            // "在本单位政务公开大厅公开信息8条".
            "大厅",
            // "在…等传统媒体上发表了工作信息17条", "通过《…》等媒体提供政府新闻信息49条".
            "传统媒体",
            "新闻媒体",
            "等媒体",
        ],
    ),
];
/// The words that start the items of a list in prose ("一是…,二是…").
const LIST_ITEMS: &[&str] = &["一是", "二是", "三是", "四是", "五是", "六是"];

const CHANNEL_WORDS: &[&str] = &["网站", "公报", "微博", "微信", "政府在线"];

const PUBLISH_TAILS: &[&str] = &[
    "公开各类政府信息",
    "公开各类信息",
    "主动公开政府信息数",
    "主动公开政府信息",
    "主动公开信息数",
    "主动公开信息",
    "公开政府信息数",
    "公开政府信息",
    "公开信息数",
    "公开信息",
    "发布政府信息",
    "发布各类政府信息",
    "发布各类信息",
    "发布信息",
    "公开的政府信息",
    "公开的信息",
    "公开政务信息",
    "发布政务信息",
    // "在区政府信息公开网上公布41条", "微博转发政务信息184条", "政务微博发布508条".
    "公布政府信息",
    "公布信息",
    "公布",
    "发布",
    "转发政务信息",
    "转发信息",
    // "通过“中国平潭”网站进行政府信息公开53条".
    "进行政府信息公开",
    "进行信息公开",
    "公开",
];
/// Verbs that put items before the public, where the items' name follows them.
const LISTING_VERBS: &[&str] =
    &["公开", "发布", "更新", "上传", "发表", "提供", "刊登", "刊载", "刊发", "公布", "公示", "推送"];
const TOTAL_TAILS: &[&str] = &[
    "主动公开政府信息",
    "主动公开信息",
    "主动公开政府信息数",
    "主动公开信息数",
    "主动公开各类政府信息",
    "主动公开各类信息",
    "主动公开政府信息总数",
    "主动公开信息总数",
    "主动公开政府信息总量",
    "主动公开信息总量",
    "主动公开政府信息件数",
    "主动公开政府信息条数",
    "主动公开信息件数",
    "主动公开信息条数",
    "主动公开的政府信息",
    "主动公开的信息",
    // "今年来主动公开的信息数共有164条".
    "主动公开的信息数",
    "主动公开的政府信息数",
    "主动公开文件",
    // 政务信息 for 政府信息 ("我局网站2015年度主动公开政务信息…共计76855条").
    "主动公开政务信息",
    "主动公开各类政务信息",
    // Shanghai's wording: "2011年,共主动公开全文电子化政府信息282条".
    "主动公开全文电子化政府信息",
    // "全年主动发布各类政府信息876条".
    "主动发布各类政府信息",
    "主动发布政府信息",
    "主动发布各类信息",
    "主动发布信息",
    // "发布政府信息公开信息共399条": the items published as government information disclosure
    // (among all the items of a website).
    "政府信息公开信息",
];
const TOTAL_BLOCKERS: &[&str] = &[
    "累计",
    "历年",
    "省直",
    "县直",
    "区直",
    "市直",
    "乡镇",
    "各部门",
    "直属",
    "下属",
    "占",
    "采购",
    "竞价",
    "其中主站",
];

/// Whether the words before a proactive-disclosure figure make it something else than the year's
/// total: a part (县直, 乡镇, 占 …) or a sum over the years (历年, 累计 up to a date). Two
/// wordings are the total after all: the whole area "at every level" (全县各级各部门), and 累计
/// within the year's own period (2018年……累计, 自2016年1月1日到12月31日累计).
fn total_blocked(p: &str, sentence: &str) -> bool {
    // "主动公开信息总数207条,…其中2003年至2012年信息公开168条(…),2013年39条": a part that
    // spans years makes the whole a sum over the years.
    if sentence.find("其中").is_some_and(|at| spans_years(&sentence[at..])) {
        return true;
    }
    // ("全县各乡镇政府、县政府各部门…": every unit of the area.)
    let whole_area = ["全县各", "全市各", "全区各", "全省各", "全州各", "全旗各"].iter().any(|w| p.contains(w));
    let dated =
        sentence.char_indices().any(|(i, c)| c == '年' && sentence[..i].ends_with(|d: char| d.is_ascii_digit()));
    // "我委累计主动公开政府信息37条" with no date at all: the report's own year.
    // "到2015年底累计", "到目前累计": up to a date, over the years.
    // ("共主动公开…222条,累计主动公开信息2382条": 累计 after the year's own count sums the years.)
    let counted_before = sentence.find("累计").is_some_and(|at| {
        let mut after_digit = false;
        sentence[..at].chars().any(|c| {
            let count = after_digit && matches!(c, '条' | '件');
            after_digit = c.is_ascii_digit();
            count
        })
    });
    let within_year = !counted_before
        && !year_part_follows(sentence)
        && !has_any(sentence, &["截至", "截止", "以来", "历年", "目前", "至今", "年底"])
        && (has_any(sentence, &["全年", "本年", "今年", "年度"]) || dated || !sentence.contains('年'));
    // "截至2017年12月31日,主动公开166条": up to the end of a year, without 累计, is the year's
    // count; "截至2018年底,累计…" sums the years.
    if !p.contains("累计") && !has_any(sentence, &["累计", "以来", "历年"]) && at_year_end(sentence) {
        return TOTAL_BLOCKERS.iter().any(|b| p.contains(b));
    }
    TOTAL_BLOCKERS.iter().any(|b| {
        let excused = match *b {
            // ("截至2013年底,本年度累计主动公开…": the year's own sum, named so.)
            "累计" => within_year || has_any(p, &["本年度累计", "本年累计", "全年累计"]),
            "省直" | "县直" | "区直" | "市直" | "乡镇" | "各部门" | "直属" | "下属" => whole_area,
            _ => false,
        };
        p.contains(b) && !excused
    })
}

/// Whether `text` names a span of years ("2003年至2012年", "2003-2012年").
fn spans_years(text: &str) -> bool {
    // Years are ASCII digits, so a year's first byte starts a character: the text is sliced there.
    let bytes = text.as_bytes();
    let year_at = |b: &[u8]| b.get(..4).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    (0..bytes.len()).any(|i| {
        if !year_at(&bytes[i..]) || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            return false;
        }
        let rest = &text[i + 4..];
        let rest = rest.strip_prefix('年').unwrap_or(rest);
        ['至', '到', '-', '—', '－', '~', '～']
            .iter()
            .find_map(|link| rest.strip_prefix(*link))
            .is_some_and(|to| year_at(to.as_bytes()) && to[4..].starts_with('年'))
    })
}

/// Whether a 累计 count is followed in its sentence by the year's part of it ("累计主动公开政府信息
/// 1568条,…,其中2018年度我局共主动公开政府信息181条"): the 累计 is then over the years.
fn year_part_follows(sentence: &str) -> bool {
    sentence.find("累计").is_some_and(|at| {
        sentence[at..].match_indices("其中").any(|(i, w)| {
            let rest = sentence[at + i + w.len()..].trim_start_matches([',', '，', ':', '：']);
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            ["本年度", "本年", "今年", "全年", "年度", "年"].iter().any(|y| rest.starts_with(y))
        })
    })
}

/// Whether the sentence's 截至/截止 date is the last day of a year ("截至2017年12月31日").
fn at_year_end(sentence: &str) -> bool {
    ["截至", "截止"].iter().any(|w| {
        sentence.find(w).is_some_and(|at| {
            let rest = sentence[at + w.len()..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
            let digits = sentence[at + w.len()..].len() - rest.len();
            digits >= 4 && rest.starts_with("年12月31日")
        })
    })
}

const INFO_UNITS: &[&str] = &["条", "件", "篇", "个", "项", "份"];
const TIMES_UNITS: &[&str] = &["次", "场", "期", "件", "个"];
const CASE_UNITS: &[&str] = &["件", "宗", "起", "个", "条", "例", "次", "份", "项", "人次"];

/// Which kind of case the sentence last named before a figure: the outcomes after "行政复议8件,
/// 维持4件" are the reviews', after "行政诉讼5件,3件驳回诉求" the suits'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Review,
    Suit,
}

/// The case kind named last in `before` (cleaned sentence text up to a figure).
fn case_before(before: &str) -> Option<Case> {
    match (before.rfind("复议"), before.rfind("诉讼")) {
        (Some(r), Some(s)) => Some(if r > s { Case::Review } else { Case::Suit }),
        (Some(_), None) => Some(Case::Review),
        (None, Some(_)) => Some(Case::Suit),
        (None, None) => None,
    }
}

/// Words of a case's outcome, as the legacy table's rows name them: upheld (维持, or a suit
/// 驳回), corrected (纠错, 撤销, 责令履行, 确认违法) and pending or other (其他情形).
const UPHELD_WORDS: &[&str] = &["维持", "驳回"];
const CORRECTED_WORDS: &[&str] = &["纠错", "纠正", "撤销", "责令履行", "确认违法"];

/// The outcome key of a figure after a review or a suit: "维持4件", "被纠错1件", "3件驳回诉求".
fn case_outcome(p: &str, post: &str, case: Case) -> Option<&'static str> {
    let p = p.trim_start_matches("其中");
    let names = |words: &[&str]| {
        // The outcome stands right before the figure ("维持4件", "被依法纠错1件") or right
        // after it ("3件驳回诉求", "2件维持原具体行政行为").
        (p.chars().count() <= 12 && words.iter().any(|w| p.contains(w)))
            || words.iter().any(|w| post.trim_start_matches(['被', '已', '予']).starts_with(w))
    };
    let upheld = match case {
        Case::Review => names(&UPHELD_WORDS[..1]),
        Case::Suit => names(UPHELD_WORDS),
    };
    if upheld && !names(CORRECTED_WORDS) {
        return Some(if case == Case::Review { "s.review.upheld" } else { "s.suit.upheld" });
    }
    if names(CORRECTED_WORDS) && !upheld {
        return Some(if case == Case::Review { "s.review.corrected" } else { "s.suit.corrected" });
    }
    None
}

/// Words that say every one of the people just counted is of one kind ("工作人员有4名,全部是
/// 兼职人员").
const ALL_OF_ONE_KIND: &[&str] = &["全部是", "全部为", "全部系", "均为", "均是", "均系", "都是", "皆为"];

/// What a figure is read with: the words around it, its sentence and what came before.
#[derive(Clone, Copy)]
struct Context<'a> {
    /// The text of its clause before it, cleaned.
    pre: &'a str,
    /// The rest of its clause after it.
    post: &'a str,
    /// The clause after its own, for a count of people only ("工作人员有4名,全部是兼职人员");
    /// empty otherwise.
    next: &'a str,
    unit: &'a str,
    /// Its sentence, cleaned.
    sentence: &'a str,
    /// The sentence continues a list of replies (a reply kind was read just before).
    after_replies: bool,
    /// The sentence up to the figure (cleaned), given only when the sentence names a review, a
    /// suit or a part (其中), the words it is read for; empty otherwise.
    before: &'a str,
    /// The last short sentence without a figure (a heading).
    heading: &'a str,
}

/// Keys a figure states, from its [`Context`].
fn classify(cx: Context<'_>) -> Vec<&'static str> {
    let Context { pre, post, next, unit, sentence, after_replies, before, heading } = cx;
    let case = case_before(before);
    let a_part = before.contains("其中");
    let p = trim_fillers(pre);
    // The items counted, without the word for their count ("收到申请总数为1起", "…数量", "…数").
    let p_nos = ["的总数", "总数", "的数量", "数量", "数"].iter().find_map(|w| p.strip_suffix(w)).unwrap_or(p);
    // The clause with the year words in front of it taken off ("全年公开政府信息").
    let p_year = ["全年", "本年度", "本年", "今年来", "今年", "年内"]
        .iter()
        .find_map(|y| p.strip_prefix(y))
        .map(|t| trim_fillers(trim_fillers_front(t)));
    // The counted words after the year's words or the year and the agency speaking, once.
    let counted_words = p_year.or_else(|| year_and_subject(p));
    // Money.
    if unit == "元" || unit == "万元" {
        if has_any(p, &["收取", "收费"]) && !p.contains("减免") {
            return vec![if unit == "万元" { "s.fees_wan" } else { "s.fees_yuan" }];
        }
        // "每年安排政府信息公开工作经费3万元".
        if unit == "万元"
            && (p.contains("专项经费")
                || (p.ends_with("经费") && p.contains("公开") && has_any(p, &["安排", "预算", "列入"])))
        {
            return vec!["s.org.budget_wan"];
        }
        if unit == "万元"
            && (p.contains("支出") || (p.ends_with("费用") && has_any(sentence, &["用于", "支出", "产生"])))
            && !has_any(p, &["收取", "收费", "减免"])
        {
            return vec!["s.org.spend_wan"];
        }
        return Vec::new();
    }
    // Consultations.
    let consult_units = ["人次", "次", "件", "个", "人", "批", "条", "例"];
    // (条 counts consultations only right after the word: "回复在线咨询5条".)
    if unit_in(unit, &consult_units)
        && (unit != "条" || p.ends_with("咨询"))
        && !has_any(p, &["申请", "投诉", "举报", "信访"])
        && (!p.contains("解答") || p_nos.ends_with("咨询"))
    {
        // "共接受…咨询0次,其中当面接待0次": the parts of a consultation count.
        let part = p.starts_with("其中") && sentence.contains("咨询") && !has_any(sentence, &["申请", "投诉"]);
        let about = p.contains("咨询") || part || (post.contains("咨询") && !has_any(post, &["申请", "投诉"]));
        if about {
            if p.contains("电话") {
                return vec!["s.consult.phone"];
            }
            if has_any(p, &["当面", "现场", "来访"]) {
                return vec!["s.consult.in_person"];
            }
            if has_any(p, &["网上", "网络", "在线", "网站"]) {
                return vec!["s.consult.online"];
            }
            if !has_any(p, &["其中", "办结", "答复", "回复"]) || p.contains("共") {
                return vec!["s.consult.total"];
            }
            return Vec::new();
        }
    }
    // "举办各类培训班83次,参加人数达7681人次": the people trained (read before
    // the staff, who are counted in 人 too: "参加人数为34人").
    if unit_in(unit, &["人次", "人"])
        && ends_any(p_nos, &["参加人", "培训人", "参训人", "参加培训人", "接受培训人", "培训人员", "参训人员"])
            .is_some()
        && sentence.contains("培训")
    {
        return vec!["s.trainees"];
    }
    // "举办…培训共31期,累计1162人次参训": the people named by the verb after their count.
    // ("来自局机关、直属单位的54名干部参加培训": people, named or not, then the verb.)
    if unit_in(unit, &["人次", "人", "名"]) {
        let verb = ["干部", "同志", "工作人员", "人员", "人"].iter().find_map(|w| post.strip_prefix(w)).unwrap_or(post);
        if ["参训", "参加培训", "参加了培训", "接受培训", "接受了培训", "受训"].iter().any(|w| verb.starts_with(w))
        {
            return vec!["s.trainees"];
        }
    }
    // "全年组织各类培训27次、培训214人次": 培训 as the verb of the people trained.
    if unit == "人次" && ["培训", "培训干部", "培训工作人员"].iter().any(|w| p_nos.ends_with(w)) {
        return vec!["s.trainees"];
    }
    // Staff.
    if unit == "人" || unit == "名" || unit == "位" {
        // "配备了1名专职、26名兼职工作人员": the words before a listed figure ("专职、") are
        // the previous figure's.
        let p = if pre.trim_end().ends_with('、') { "" } else { p };
        // "其中专职与兼职人员各一人": as many of each.
        if p.ends_with('各') && has_any(p, &["专职", "全职"]) && p.contains("兼职") {
            return vec!["s.org.staff_full", "s.org.staff_part"];
        }
        // "配备政府信息公开专、兼职工作人员109人": full- and part-time staff together.
        if has_any(p, &["专兼职", "专、兼职"]) && ends_any(p, &["人员", "干部"]).is_some() {
            return vec!["s.org.staff"];
        }
        if ends_any(p, &["专职人员", "专职工作人员", "全职人员", "专职", "全职"]).is_some() {
            return vec!["s.org.staff_full"];
        }
        if ends_any(p, &["兼职人员", "兼职工作人员", "兼职"]).is_some() {
            return vec!["s.org.staff_part"];
        }
        // "配备了1名兼职工作人员": staffing stated in the sentence that says so, even where
        // the sentence does not repeat 信息公开 (the report is about nothing else).
        // A bare "配备了3名工作人员" may be any staff; only 专职/全职/兼职 staffing is read
        // without 信息公开 in the sentence.
        // ("具体工作机构为综合处、信息保障中心,有两名工作人员": the work's own organ, named as such.)
        let info = sentence.contains("信息公开") || sentence.contains("具体工作机构");
        let staffed = info || sentence.contains("配备");
        if (post.starts_with("专职") || post.starts_with("全职")) && staffed {
            return vec!["s.org.staff_full"];
        }
        if post.starts_with("兼职") && staffed {
            return vec!["s.org.staff_part"];
        }
        // "配备了1名工作人员兼职负责政府信息公开的日常工作", "安排了3名办公室工作人员兼职负责
        // 政务公开", "明确1名工作人员作为专职信息公开员".
        let staff_rest = post
            .find("工作人员")
            .filter(|at| post[..*at].chars().count() <= 4)
            .map(|at| &post[at + "工作人员".len()..])
            .or_else(|| post.strip_prefix("人员"))
            .map(|r| ["作为", "担任"].iter().find_map(|w| r.strip_prefix(w)).unwrap_or(r));
        if let Some(rest) = staff_rest
            && (staffed || has_any(sentence, &["安排", "明确", "指定"]))
        {
            if rest.starts_with("兼职") {
                return vec!["s.org.staff_part"];
            }
            if rest.starts_with("专职") {
                return vec!["s.org.staff_full"];
            }
        }
        // "配备了4名专兼职工作人员": the staff, full- and part-time together.
        if (post.starts_with("专兼职") || post.starts_with("专、兼职")) && staffed {
            return vec!["s.org.staff"];
        }
        // "配备了4名政府信息公开全职工作人员", "1名教育政务信息公开工作专职干部": the work
        // named before the kind of staff.
        // (The noun ends at the next listed figure: "1名…专职干部、2名兼职干部".)
        let post = post.split(['、', '和']).next().unwrap_or(post);
        if staffed && post.contains("公开") && post.chars().count() <= 18 {
            if ends_any(post, &["专职人员", "专职工作人员", "全职人员", "全职工作人员", "专职干部"]).is_some()
            {
                return vec!["s.org.staff_full"];
            }
            if ends_any(post, &["兼职人员", "兼职工作人员", "兼职干部"]).is_some() && !post.contains("专")
            {
                return vec!["s.org.staff_part"];
            }
        }
        // "由1人专门负责此项工作", "由街道信息报道组2人专人负责信息公开的整体规划".
        if (post.starts_with("专门负责") && info) || (post.starts_with("专人负责") && post.contains("公开")) {
            return vec!["s.org.staff"];
        }
        // "按照A、B岗配置两名信息员,专门负责公开事宜": the clerks staffed for the work.
        if matches!(post, "信息员" | "信息公开员" | "政务公开信息员")
            && (staffed || has_any(sentence, &["配置", "安排", "明确", "指定"]))
            && sentence.contains("公开")
        {
            return vec!["s.org.staff"];
        }
        // "工作人员有4名,全部是兼职人员": the staff, and all of one kind.
        let staff = || {
            let after = if post.is_empty() { next } else { post };
            let kind = ALL_OF_ONE_KIND.iter().find_map(|w| after.strip_prefix(w)).and_then(|rest| {
                if rest.starts_with("兼职") {
                    Some("s.org.staff_part")
                } else if rest.starts_with("专职") || rest.starts_with("全职") {
                    Some("s.org.staff_full")
                } else {
                    None
                }
            });
            std::iter::once("s.org.staff").chain(kind).collect::<Vec<_>>()
        };
        // "抽调一名同志具体负责全局政府信息公开工作", "配备了两名工作人员负责此项工作": people
        // put on the work, named by their duty.
        let duty = ["同志", "工作人员", "人员", "干部"]
            .iter()
            .find_map(|w| post.strip_prefix(w))
            .and_then(|rest| ["具体负责", "专门负责", "负责"].iter().find_map(|w| rest.strip_prefix(w)));
        if duty.is_some_and(|d| d.contains("公开") || ["此项", "该项", "这项"].iter().any(|w| d.starts_with(w)))
            && (staffed || has_any(p, &["抽调", "安排", "明确", "指定"]))
        {
            return staff();
        }
        // ("专门配备了1名政府信息公开工作人员负责相关工作").
        if ["工作人员", "专门工作人员", "具体工作人员", "信息公开工作人员", "政府信息公开工作人员", "政务公开工作人员"]
            .iter()
            .any(|w| post.starts_with(w))
            && info
        {
            return staff();
        }
        // ("全街从事信息公开工作人员数7人": the count of them.)
        if (p.ends_with("工作人员") || p_nos.ends_with("工作人员")) && p.contains("信息公开") {
            return staff();
        }
        return Vec::new();
    }
    // "开辟了15个公共查阅室", "1个信息查阅点": places to read government information (not the
    // 申请受理点 where applications are taken).
    // (The noun ends at the next listed figure: "11个公共查阅点、1个电子阅览室".)
    let place = post.split('、').next().unwrap_or(post);
    if unit_in(unit, &["个", "处"])
        && ends_any(place, &["查阅点", "查阅室", "查阅场所", "查阅中心", "查询点"]).is_some()
        && place.chars().count() <= 12
        && !place.contains("受理")
    {
        return vec!["s.org.reading_points"];
    }
    // "全州政府信息公开专门工作机构13个".
    if unit_in(unit, &["个", "家"])
        && ends_any(p_nos, &["专门工作机构", "专门机构", "工作机构"]).is_some()
        && p.contains("公开")
    {
        return vec!["s.org.units"];
    }
    // "全市共设置政府信息查阅场所1079个": the places named before the count.
    // (Not the words of the figure before, listed: "11个公共查阅点、1个电子阅览室".)
    if unit_in(unit, &["个", "处"])
        // ("全区设立区级政府信息公开服务场所7处").
        && ends_any(p_nos, &["查阅点", "查阅室", "查阅场所", "查阅中心", "信息公开服务场所"]).is_some()
        && !has_any(p, &["受理", "人数", "人次"])
        && !pre.trim_end().ends_with('、')
    {
        return vec!["s.org.reading_points"];
    }
    // Trainings and meetings held on the work ("组织各单位进行业务培训8次", "召开专题会议3次";
    // "举办政务公开培训和召开专题会议各3次": both). Attending others' trainings is not holding.
    // (A report's trainings are the disclosure work's, named or not; a meeting must say so.)
    if unit_in(unit, &["次", "期", "场"]) && !has_any(p, &["参加", "参训", "接受"]) {
        // "共举办4次培训": the count before the noun.
        let noun = post.split([',', '，', '。', ';', '；']).next().unwrap_or(post);
        // ("举办二期信息公开条例等制度的学习和培训": a longer noun whose head is the training.)
        let training_after = noun.contains("培训")
            && (noun.chars().count() <= 12 || (noun.ends_with("培训") && noun.chars().count() <= 24));
        let training = (p.contains("培训") || training_after) && has_any(p, &["举办", "组织", "开展", "召开", "集中"]);
        // ("我县两次召开政府常务会议,专题研究政务公开…": the count before the verb.)
        let held_after = ["召开", "组织召开", "专题召开"].iter().any(|w| noun.starts_with(w)) && noun.contains("会议");
        let meeting = ((p.contains("会议") && has_any(p, &["召开", "举行", "组织"])) || held_after)
            && sentence.contains("公开")
            && !has_any(p, &["新闻发布", "发布会"])
            && !has_any(noun, &["新闻发布", "发布会"])
            && (!training || p.ends_with('各'));
        match (training, meeting) {
            (true, true) if p.ends_with('各') => return vec!["s.trainings", "s.meetings"],
            (true, false) => return vec!["s.trainings"],
            (false, true) => return vec!["s.meetings"],
            _ => {}
        }
    }
    // "全年公开规范性文件9621件": the normative documents among the proactive disclosures; also
    // named as a class of them ("主动公开信息506条,…,规范性文件22条", "属于规范性文件信息共396条").
    let mut class = p;
    // ("制定并发布规范性文件7件" among the year's disclosures: made, and published with them.)
    const MADE_AND_PUBLISHED: &[&str] = &["制定并发布", "制定并公开", "制发并公开", "制发并发布"];
    while let Some(rest) =
        // ("其中,本年度新增的…630条,新增行政规范性文件1条": new among the year's.)
        ["其中", "属于", "发布", "公开", "新增"]
            .iter()
            .chain(MADE_AND_PUBLISHED)
            .find_map(|w| class.strip_prefix(w))
    {
        class = rest;
    }
    let made_only = || MADE_AND_PUBLISHED.iter().fold(sentence.to_string(), |s, w| s.replace(w, ""));
    if unit_in(unit, &["件", "条", "个", "份"])
        && (p_year.or(Some(p)).is_some_and(|t| matches!(t, "公开规范性文件" | "主动公开规范性文件"))
            || (matches!(
                class,
                "规范性文件"
                    | "行政规范性文件"
                    | "规范性文件信息"
                    | "规范性文件类"
                    | "规范性文件类信息"
                    | "规范性政府信息"
            ) && (sentence.contains("公开") || sentence.starts_with("其中"))
                && !has_any(&made_only(), &["申请", "制定", "制发", "清理", "废止", "备案"])))
    {
        return vec!["s.proactive.normative"];
    }
    // "制发规范性文件总数2件": the normative documents issued.
    if unit_in(unit, &["件", "个", "份"]) && ends_any(p_nos, &["制发规范性文件", "制发行政规范性文件"]).is_some()
    {
        return vec!["s.proactive.normative_issued"];
    }
    let mut keys = Vec::new();
    // Applications by channel.
    if unit_in(unit, CASE_UNITS) && !has_any(p, &["复议", "诉讼"]) {
        let by_channel: &[(&str, &[&str])] = &[
            ("s.requests.in_person", &["当面申请", "现场申请"]),
            ("s.requests.fax", &["传真申请"]),
            ("s.requests.online", &["网上申请", "网络申请", "在线申请"]),
            ("s.requests.email", &["电子邮件申请", "邮件申请"]),
            ("s.requests.letter", &["信函申请", "来信申请"]),
            ("s.requests.other_form", &["其他形式申请", "其它形式申请"]),
        ];
        // "以传真形式申请1件", "以信函方式申请": the form named with 形式/方式.
        let p_form = p_nos
            .replace("形式申请", "申请")
            .replace("方式申请", "申请")
            .replace("提交的申请", "申请")
            .replace("提出的申请", "申请");
        // "信函传真申请9件", "传真、电报形式申请": two ways counted together are neither's count.
        let ways = p_form.rsplit("申请").nth(1).unwrap_or("");
        let combined = REQUEST_CHANNELS.iter().filter(|(_, words)| words.iter().any(|w| ways.contains(w))).count() > 1
            || ["电报", "其他", "其它"].iter().any(|w| p_form.ends_with(&format!("、{w}申请")));
        let by_channel: &[(&str, &[&str])] = if combined { &[] } else { by_channel };
        for (k, tails) in by_channel {
            if ends_any(p_nos, tails).or_else(|| ends_any(&p_form, tails)).is_some() {
                return vec![*k];
            }
        }
        let blockers = ["复议", "诉讼", "咨询", "审批", "投诉", "举报", "信访", "办结", "答复", "减免", "作为"];
        // ("全市2013年共发生依申请公开政府信息6例": the applications that arose.)
        if (has_any(p, &["收到", "受理", "接到", "接收"]) || (p.contains("发生") && p.contains("依申请公开")))
            && p.contains("公开")
            && !has_any(p, &blockers)
            && ends_any(
                p_nos,
                &[
                    "申请",
                    "依申请公开",
                    "依申请公开政府信息",
                    "依申请公开信息",
                    "申请公开",
                    "申请公开政府信息",
                    "申请公开信息",
                    "公开申请",
                    "依申请公开事项",
                    // "共收到申请政府信息公开26件".
                    "申请政府信息公开",
                    "申请信息公开",
                    // "全年收到依申请公开件2件".
                    "依申请公开件",
                ],
            )
            .is_some()
        {
            return vec![request_via(p).unwrap_or("s.requests.received")];
        }
        // "全年依申请公开数0件": the year's applications named alone.
        if counted_words.is_some_and(|t| {
            let t = ["件数", "数量", "数"].iter().find_map(|w| t.strip_suffix(w)).unwrap_or(t);
            // ("2015年度我委已申请公开五例": applied to the agency.)
            let t = t.strip_prefix('已').unwrap_or(t);
            matches!(
                t,
                "依申请公开"
                    | "依申请公开政府信息"
                    | "依申请公开信息"
                    | "政府信息公开申请"
                    | "信息公开申请"
                    | "申请公开"
            )
        }) {
            return vec!["s.requests.received"];
        }
        // "全区累计主动公开政府信息22484余条,依申请公开74件", "…,依申请公开信息0件,行政复议数量0件":
        // the applications named alone in a list of the year's figures, counted in 件 (not the
        // documents made and their disclosure kinds: "其中主动公开55条,依申请公开3条",
        // "180份为依申请公开").
        if unit == "件"
            && matches!(p, "依申请公开" | "依申请公开信息" | "依申请公开政府信息")
            && !has_any(sentence, &["不予公开", "发文", "属性", "制作"])
        {
            return vec!["s.requests.received"];
        }
        // "政府信息公开申请数为2": the count of applications, named as such.
        if matches!(p, "政府信息公开申请数" | "信息公开申请数" | "政府信息公开申请总数" | "信息公开申请总数")
        {
            return vec!["s.requests.received"];
        }
        // "本街道2017年共收到申请2件" in the section on applications.
        if ends_any(p_nos, &["收到申请", "接到申请", "受理申请"]).is_some()
            && (sentence.contains("公开") || heading.contains("申请公开"))
            && !has_any(p, &blockers)
            && !has_any(sentence, &["审批", "窗口", "政务服务"])
        {
            return vec!["s.requests.received"];
        }
        // "主要受理方式为信函3件、网络申请1件": the channel named alone after 方式.
        if sentence.contains("方式")
            && sentence.contains("申请")
            && let Some((k, _)) = REQUEST_CHANNELS.iter().find(|(_, words)| ends_any(p_nos, words).is_some())
        {
            return vec![*k];
        }
        // "共收到4件信息公开申请", "收到12起政府信息依申请公开": the count before the noun.
        if ends_any(p, &["收到", "受理", "接到", "接收"]).is_some()
            // ("收到1条申请政府信息公开的受理件", "受理0件依申请公开政府信息".)
            && (["申请", "依申请公开", "的受理件", "依申请公开政府信息", "依申请公开信息"]
                .iter()
                .any(|w| post.trim_end_matches('。').ends_with(w)))
            && post.contains("公开")
            && post.chars().count() <= 14
            && !has_any(post, &blockers)
        {
            return vec![request_via(p).unwrap_or("s.requests.received")];
        }
        // "依申请公开信息办理数39件": the applications handled, each answered.
        // ("2012年共办理依申请公开3件,均同意公开": handled, named before the noun.)
        if ends_any(
            p_nos,
            &[
                "依申请公开信息办理",
                "依申请公开办理",
                "依申请公开政府信息办理",
                "办理依申请公开",
                "办理依申请公开申请",
                "办理依申请公开事项",
                "办理政府信息公开申请",
            ],
        )
        .is_some()
        {
            return vec!["s.replies.total"];
        }
        // "在已经答复的1件申请中": the applications answered.
        // ("已到答复期的3件申请全部按期答复").
        if (ends_any(p, &["已经答复的", "已答复的", "已到答复期的"]).is_some() && post.starts_with("申请"))
            || ends_any(p_nos, &["已经答复的申请", "已答复的申请"]).is_some()
        {
            return vec!["s.replies.total"];
        }
        if (sentence.contains("申请") || heading.contains("申请")) && !has_any(p, &["审批", "咨询"]) {
            if ends_any(p_nos, &["按时办结", "按期办结"]).is_some() {
                return vec!["s.requests.closed_on_time"];
            }
            if ends_any(p_nos, &["延期办结"]).is_some() {
                return vec!["s.requests.closed_extended"];
            }
            // "出具依申请答复书2件": one reply letter per application answered.
            if p_nos.ends_with("答复书") && p.contains("申请") {
                return vec!["s.replies.total"];
            }
        }
        if p.contains("办结")
            && p.contains("申请")
            && !has_any(p, &["审批", "咨询"])
            && (p.ends_with("申请") || p_nos.ends_with("办结"))
        {
            return vec!["s.requests.closed"];
        }
        let answered = p.contains("答复") || sentence.contains("答复") || after_replies;
        // "“同意公开”的1件".
        let p_nos = p_nos.strip_suffix('的').unwrap_or(p_nos);
        // "受理政府信息公开申请13件,答复13件": a clause of its own.
        if answered
            && (ends_any(p_nos, &["答复总", "申请答复", "答复依申请公开"]).is_some()
                || matches!(p_nos, "答复" | "已答复"))
            && sentence.contains("申请")
            && !has_any(p, &["同意", "其他", "其它", "免于", "不予"])
        {
            return vec!["s.replies.total"];
        }
        // "依法不属于本行政机关公开或信息不存在的51项": the two kinds counted together.
        if has_any(p_nos, &["不属于本行政机关", "不属于本机关", "非本机关", "非本行政机关"])
            && has_any(p_nos, &["或信息不存在", "或不存在", "或政府信息不存在", "或者信息不存在"])
            && ends_any(p_nos, &["不存在"]).is_some()
        {
            return vec!["s.replies.not_this_agency_or_not_exist"];
        }
        // "由于信息不存在否决公开答复1条": the reason named before the reply.
        if p_nos.contains("信息不存在") && ends_any(p_nos, &["公开答复", "答复"]).is_some() {
            return vec!["s.replies.not_exist"];
        }
        // "其中申请公开信息不存在1件,不属于本行政机关公开1件".
        if ends_any(p_nos, &["申请公开信息不存在", "申请信息不存在", "政府信息不存在", "信息不存在"]).is_some()
        {
            return vec!["s.replies.not_exist"];
        }
        if ends_any(
            p_nos,
            &[
                "不属于本行政机关公开",
                "不属于本机关公开",
                "不属于本行政机关公开范围",
                "不属于本机关公开范围",
                "非本机关掌握",
                "非本行政机关掌握",
            ],
        )
        .is_some()
        {
            return vec!["s.replies.not_this_agency"];
        }
        // The legacy table's other kinds of reply, named in the prose ("“属于已主动公开范围”的
        // 8件", "“告知作出更改补充”的2件", "“告知通过其他途径办理”的1件").
        if sentence.contains("申请") || answered {
            if ends_any(
                p_nos,
                &["属于已主动公开范围", "已主动公开范围", "属于已公开范围", "属于已经主动公开", "属于已主动公开"],
            )
            .is_some()
            {
                return vec!["s.replies.already_public"];
            }
            if ends_any(
                p_nos,
                &[
                    "告知作出更改补充",
                    "告知作出更改、补充",
                    "告知更改补充",
                    "告知更改、补充",
                    "申请补正信息",
                    "告知补正",
                    // "申请内容不明确要求补正申请的1项".
                    "要求补正申请",
                    "要求补正",
                ],
            )
            .is_some()
            {
                return vec!["s.replies.correction"];
            }
            if ends_any(p_nos, &["告知通过其他途径办理", "告知通过其它途径办理", "告知其他途径办理"]).is_some()
            {
                return vec!["s.replies.other_channel"];
            }
        }
        if answered {
            if ends_any(p_nos, &["同意部分公开答复", "同意部分公开", "部分公开答复", "部分公开"]).is_some()
            {
                return vec!["s.replies.partial"];
            }
            if ends_any(p_nos, &["不同意公开答复", "不同意公开", "不予公开答复", "不予公开"]).is_some()
            {
                // "因涉及国家秘密而不予公开53件": the denials and the reason for them, when one
                // reason is named.
                let reasons = [
                    ("国家秘密", "s.replies.denied_state_secret"),
                    ("商业秘密", "s.replies.denied_commercial_secret"),
                    ("个人隐私", "s.replies.denied_privacy"),
                ];
                let named: Vec<_> = reasons.iter().filter(|(w, _)| p.contains(w)).collect();
                if let [(_, key)] = named.as_slice() {
                    return vec!["s.replies.denied", key];
                }
                return vec!["s.replies.denied"];
            }
            if ends_any(p_nos, &["同意公开答复", "同意公开"]).is_some() {
                return vec!["s.replies.granted"];
            }
        }
    }
    // Outcomes of reviews and suits.
    if unit_in(unit, CASE_UNITS)
        && let Some(case) = case
        && let Some(key) = case_outcome(p, post, case)
    {
        return vec![key];
    }
    // Reviews, suits, complaints.
    if unit_in(unit, CASE_UNITS) && !has_any(p, &["维持", "纠错", "纠正", "撤销", "驳回"]) {
        for (word, key) in [("行政复议", "s.review.total"), ("行政诉讼", "s.suit.total")] {
            if let Some(at) = p.rfind(word) {
                let tail = &p[at + word.len()..];
                if matches!(tail, "" | "案件" | "案" | "申请" | "数" | "数量" | "件" | "的案件" | "类案件")
                {
                    return vec![key];
                }
            }
        }
        // 申述 is a common misprint of 申诉.
        let p_nos = p_nos.replace("申述", "申诉");
        if ends_any(&p_nos, &["举报投诉", "投诉举报", "申诉", "申诉案", "申诉案件", "举报投诉案件"]).is_some()
        {
            return vec!["s.complaints"];
        }
    }
    // Responses.
    if unit_in(unit, &["次", "件", "个", "条", "篇", "场", "期"]) && (p.contains("回应") || p.contains("舆情"))
    {
        if has_any(p, &["微博", "微信"]) && p.contains("回应") {
            return vec!["s.response.weibo_wechat"];
        }
        if has_any(p, &["其他方式", "其它方式"]) && p.contains("回应") {
            return vec!["s.response.other"];
        }
        // ("回应…重大舆情数,包括正面舆情和负面舆情共13次": the count after what it includes.)
        let answered = has_any(p, &["回应", "回复"]) || (p.starts_with("包括") && sentence.contains("回应"));
        // ("回应公众关注热点42条": 条 right after what was answered.)
        let counted = unit_in(unit, TIMES_UNITS) || ends_any(p_nos, &["热点", "舆情", "热点问题"]).is_some();
        if has_any(p, &["舆情", "热点"]) && answered && counted {
            return vec!["s.response.hot_topics"];
        }
    }
    if unit_in(unit, &["次", "场", "期"]) {
        let lead = p.contains("主要负责");
        if ends_any(p_nos, &["新闻发布会", "新闻发布会次", "新闻发布会总次"]).is_some()
            && has_any(p, &["举办", "召开", "参加", "组织"])
        {
            return vec![if lead { "s.response.press_conferences_lead" } else { "s.response.press_conferences" }];
        }
        // "全年共召开6场新闻发布会": the count before the noun.
        // ("共组织开展了30次新闻发布会".)
        if post.starts_with("新闻发布会") && ends_any(p, &["召开", "举办", "参加", "组织", "开展"]).is_some()
        {
            return vec![if lead { "s.response.press_conferences_lead" } else { "s.response.press_conferences" }];
        }
        if ends_any(p_nos, &["在线访谈", "在线访谈次"]).is_some() {
            return vec![if lead { "s.response.online_interviews_lead" } else { "s.response.online_interviews" }];
        }
        // "2次参加市政府组织的在线访谈栏目", "…为主题的3次在线访谈活动": the count before the
        // interviews, nothing counted between them.
        let interviews = post.find("在线访谈").map(|at| &post[..at]);
        if let Some(between) = interviews
            && between.chars().count() <= 14
            && !between.chars().any(|c| c.is_ascii_digit() || "、和及与".contains(c))
            && ends_any(post, &["在线访谈", "在线访谈栏目", "在线访谈活动", "在线访谈节目", "在线访谈直播"]).is_some()
        {
            let lead = lead || between.contains("主要负责");
            return vec![if lead { "s.response.online_interviews_lead" } else { "s.response.online_interviews" }];
        }
    }
    if unit_in(unit, &["篇", "条", "件", "份", "次"]) && p.contains("解读") && has_any(p, &["稿", "文章", "材料"])
    {
        return vec!["s.response.interpretations"];
    }
    // "其中:工作动态类信息122条,…;政策解读6条", "政策解读信息1次": the interpretations, named
    // alone.
    if unit_in(unit, &["篇", "条", "件", "份", "次"])
        && matches!(p.trim_start_matches("其中"), "政策解读" | "政策解读类" | "政策解读信息" | "政策解读类信息")
    {
        return vec!["s.response.interpretations"];
    }
    // Proactive disclosure and its channels.
    if unit_in(unit, INFO_UNITS) {
        // "在政府门户网站上主动公开信息数量为46件": the channel names the count's items too.
        // ("在朝天区政府网站公开本年度信息 69条": the year's items, named as such.)
        let of_year_items = of_the_year(p);
        let p_base = of_year_items.as_deref().unwrap_or(p);
        let p_items = ["的数量", "数量", "条数", "件数", "总数", "总量", "数"]
            .iter()
            .find_map(|w| p_base.strip_suffix(w))
            .unwrap_or(p_base);
        // "门户网站发布各类信息8632条,其中,发布政府信息公开信息共399条": all the site's items,
        // of which the disclosures are a part, are not the channel's disclosures.
        let all_items = |t: &str| t.starts_with("发布各类") && sentence.contains("政府信息公开信息");
        // "通过微信公众号公开政府动态信息通知公告、政策法规等信息共238条": the items listed
        // between the verb and the count; the channel stands before the verb.
        // Each verb of publishing in the words, first to last, with the items it names.
        let listed = || {
            let mut at: Vec<usize> =
                LISTING_VERBS.iter().flat_map(|v| p_items.match_indices(v).map(|(i, _)| i)).collect();
            at.sort_unstable();
            at.into_iter().map(|i| &p_items[i..]).filter(|rest| {
                // ("在门户网站发布各类文字、图片信息共905条": the kinds of items listed.)
                let kinds = ["发布各类", "公开各类"].iter().any(|v| rest.starts_with(v)) && rest.ends_with("信息");
                // ("在“广州金盾网”更新各类政务信息4884条", "信息公开网发布政务动态信息67条", "在…
                // 等传统媒体上发表了工作信息17条", "微信公众号发布政府信息及政策解读信息640条": a
                // verb of publishing and a short name of the items.)
                let short = (rest.ends_with("信息") || rest.ends_with("图文"))
                    && rest.chars().count() <= 14
                    && !rest.contains(|c: char| is_clause_break(c) || c.is_ascii_digit())
                    // (Not a procurement site's notices: "政府采购信息网上主动公开政府采购项目信息".)
                    && !has_any(rest, &["采购", "竞价", "招标"]);
                p_items.ends_with("等信息") || p_items.ends_with("等政府信息") || kinds || short
            })
        };
        // "政务微信信息数9条": the channel's items, named by the channel alone.
        let channel_items = || {
            let before = p_items.strip_suffix("信息")?;
            CHANNELS
                .iter()
                .any(|(_, names)| ends_any(before, names).is_some_and(|n| n.chars().count() > 1))
                .then_some("信息")
        };
        // The first reading of the verb whose words before it name a channel ("门户网站发布政务
        // 公开信息": 发布…, not 公开信息).
        let names_channel = |(named, prefix): &(String, String)| {
            named.ends_with("网上") || CHANNELS.iter().any(|(_, names)| ends_any(prefix, names).is_some())
        };
        // "其中主动公开文件72件,公开信息182条,微信6条": a channel named alone in the list of
        // what the sentence's total holds.
        let channel_alone = || {
            (unit == "条"
                && sentence.contains("其中")
                && has_any(sentence, &["发布", "公开"])
                && CHANNELS.iter().any(|(_, names)| names.iter().any(|n| n.chars().count() > 1 && *n == p_items)))
            .then_some("")
        };
        let reading = ends_any(p_items, PUBLISH_TAILS)
            .into_iter()
            .chain(listed())
            .chain(channel_items())
            .chain(channel_alone())
            .filter(|t| !all_items(t))
            .map(|t| (t, channel_words(&p_items[..p_items.len() - t.len()])))
            .find(|(_, words)| names_channel(words))
            // (Not a channel's count over the years, the year's part of it given after.)
            .filter(|_| !(p_items.contains("累计") && year_part_follows(sentence)));
        if let Some((t, (named, prefix))) = reading {
            let prefix = prefix.as_str();
            for (key, names) in CHANNELS {
                // "网上公开信息的数量120条": 网上 is the website's channel, named before 上 goes.
                let online = *key == "s.channel.website" && named.ends_with("网上");
                if let Some(name) = ends_any(prefix, names).or(online.then_some("网上")) {
                    // (One name made of two channel words is one channel: "坪山政府在线网站".)
                    let others = CHANNEL_WORDS
                        .iter()
                        .filter(|w| prefix.contains(*w) && !name.contains(*w))
                        .filter(|w| !prefix.strip_suffix(name).is_some_and(|b| b.ends_with(*w)))
                        .count();
                    if others == 0 {
                        keys.push(*key);
                        // "我镇通过门户网站公开各类信息46条": the year's disclosures through the one
                        // channel the sentence names are its total, unless the sentence counts a
                        // part (其中), over the years, or names other channels.
                        // ("通过政府网站向外发布信息共895条,其中工作动态603条": 发布 through the
                        // channel, and a 其中 after the figure lists its kinds, not its part.)
                        // (A channel in a list of them, "二是通过硚口信息网…", is one of several.)
                        if *key == "s.channel.website"
                            && (t.starts_with("公开")
                                || (t.starts_with("发布") && has_any(p, &["通过", "主动"]))
                                // "二、主动公开政府信息情况⏎…在坪山政府在线网站共发布信息501
                                // 条": what the one channel published, under that heading.
                                || (t.starts_with("发布") && heading.contains("主动公开") && channels_named(sentence) == 1)
                                || (t.starts_with("进行") && p.contains("通过")))
                            && !a_part
                            && !LIST_ITEMS.iter().any(|w| p.starts_with(w))
                            && !has_any(sentence, &["累计", "截至", "截止", "以来", "公报", "微博", "微信"])
                            && !total_blocked(p, sentence)
                        {
                            keys.push("s.proactive.total");
                        }
                    }
                    break;
                }
            }
        }
        // "2、政务微博。2017年发布信息38条": the channel named by the list item's heading, the
        // sentence naming no other.
        if keys.is_empty()
            && let Some(t) = ends_any(p_items, PUBLISH_TAILS)
            && (t.len() == p_items.len()
                || year_and_subject(&p_items[..p_items.len() - t.len()]).is_some_and(str::is_empty))
        {
            let named =
                heading.trim_start_matches(|c: char| c.is_ascii_digit() || "、.()一二三四五六七八九十".contains(c));
            if let Some((key, _)) = CHANNELS.iter().find(|(_, names)| names.contains(&named)) {
                // (A part of the year's items, never their total.)
                return vec![*key];
            }
        }
        // "全年发布政务微博(新浪微博、腾讯微博)60条": the posts of an account, the verb before
        // the channel.
        if keys.is_empty()
            && unit == "条"
            && let Some(named) = crate::doc::without_notes(counted_words.unwrap_or(p)).strip_prefix("发布")
            && let Some((key, _)) = CHANNELS.iter().find(|(k, names)| {
                matches!(*k, "s.channel.weibo" | "s.channel.wechat" | "s.channel.weibo_wechat")
                    && names.contains(&named)
            })
        {
            keys.push(*key);
        }
        // "政府网站公开政府信息数46条,政务微信公开政府信息数58条,其他方式24条": a channel
        // named alone among the channels of a sentence.
        if keys.is_empty()
            && let Some((key, _)) = CHANNELS.iter().find(|(_, names)| names.contains(&p.trim_start_matches("其中")))
            && sentence.contains("公开")
            && channels_named(sentence) >= 2 - usize::from(*key == "s.channel.other")
        {
            keys.push(*key);
        }
        // "其中369条通过政府网站公开,28条通过政务微信公开": the count before the channel.
        if keys.is_empty()
            && matches!(p, "" | "其中")
            && let Some(via) = post.strip_prefix("通过").or_else(|| post.strip_prefix('在'))
            && let Some(at) = ["公开", "发布"].iter().filter_map(|v| via.find(v)).min()
            && via[at..].chars().count() <= 4
            && let Some((key, _)) = CHANNELS.iter().find(|(_, names)| {
                ends_any(via[..at].trim_end_matches('上'), names).is_some_and(|n| n.chars().count() > 1)
            })
        {
            keys.push(*key);
        }
        // "2009年共整理、录入、发布14条主动公开政府信息": the count before the noun.
        let before_noun = (ends_any(p, &["发布", "公开", "公布", "录入"]).is_some()
            && ["主动公开政府信息", "主动公开信息", "主动公开的政府信息"]
                .iter()
                .any(|n| post.trim_start().starts_with(n))
            && post.chars().count() <= 12)
            // "市司法局2013年主动公开39条政府信息": the items named after their count.
            || (p.ends_with("主动公开")
                && !a_part
                && ["政府信息", "信息", "各类政府信息", "各类信息"].contains(&post.trim().trim_end_matches('。')));
        // "截至2017年12月31日,主动公开166条": 主动公开 alone after the year's words.
        // ("共制作政府信息184条,其中主动公开55条": the part made public is the proactive total.)
        // ("共发文191份,其中属于主动公开的71份": the documents of the kind made public.)
        let bare =
            counted_words.unwrap_or(p).trim_start_matches("其中").trim_start_matches("属于").trim_end_matches('的')
                == "主动公开";
        // "我县(…)累计公开政府信息1324条" (累计 within the year: total_blocked decides), "总共公开
        // 信息28条".
        let lead = p.strip_prefix("总共").or_else(|| p.strip_prefix("共计")).or_else(|| p.strip_prefix('共'));
        // ("龙华街道公开信息总数为13条": the agency by its name, the count of the items.)
        // ("其中,街道公开信息2条,社区公开信息5条": a part, each unit by its name.)
        let named = if a_part { None } else { named_subject(p) };
        let year_total = counted_words.or(lead).or(named).is_some_and(|t| {
            // ("我市各级政府共公开信息38482条": every level of the area.)
            let t = ["各级政府", "各级各部门", "各级行政机关"].iter().find_map(|w| t.strip_prefix(w)).unwrap_or(t);
            let t = trim_fillers_front(t).trim_start_matches("累计");
            matches!(
                t.strip_suffix("总数").unwrap_or(t),
                "公开政府信息"
                    | "公开信息"
                    | "公开各类政府信息"
                    | "新增公开政府信息"
                    | "新增公开信息"
                    // "共计公开各类信息2936条".
                    | "公开各类信息"
                    // "全年共上传信息385条": put on the disclosure platform.
                    | "上传信息"
                    | "上传公开信息"
                    | "上传政府信息"
            )
        });
        // "主动公开政府信息的数量共192条": the count of the items named is the items' total.
        // ("1.主动公开政府信息的情况:81条": the heading of a list, its count after the colon.)
        let counted = p
            .strip_suffix("的数量")
            .or_else(|| p.strip_suffix("数量"))
            .or_else(|| p.strip_suffix("的情况"))
            .is_some_and(|b| ends_any(b, TOTAL_TAILS).is_some())
            // "(一)2009年…主动公开政府信息的数量⏎2009年我街政府信息公开的数量有24件": the
            // count the heading asks for.
            || (p.ends_with("的数量")
                && heading.strip_suffix("的数量").is_some_and(|h| ends_any(h, TOTAL_TAILS).is_some()));
        // "主动公开政府信息累计204条" within the year (total_blocked still sees the 累计).
        let accrued = pre.trim_end().strip_suffix("累计").map(trim_fillers);
        let p_total = accrued.unwrap_or(p);
        // "累计主动公开2009年度政府信息28条": the items of the report's year, however the
        // sentence dates its count.
        let of_year = of_the_year(p_total);
        let blocked = match &of_year {
            Some(t) => TOTAL_BLOCKERS.iter().any(|b| *b != "累计" && t.contains(b)),
            None => total_blocked(if accrued.is_some() { pre } else { p }, sentence),
        };
        let p_total = of_year.as_deref().unwrap_or(p_total);
        // "累计通过各种渠道、形式公开政府信息52037条", "主动通过…平台发布各类政府信息21503条":
        // through every channel, or proactively through the one named, is the whole.
        let published = ends_any(p_items, PUBLISH_TAILS).is_some_and(|t| t.len() < p_items.len());
        let every_channel = published
            && has_any(
                p,
                &[
                    "各种渠道",
                    "多种渠道",
                    "不同渠道",
                    "各类渠道",
                    "各种方式",
                    "多种方式",
                    "各种形式",
                    "多种形式",
                    // "主动在政府信息平台、微博、微信等媒介上公开政务信息4287".
                    "等媒介",
                    "等平台",
                    // "我局在各个平台共公开信息1638条".
                    "各个平台",
                    "各平台",
                    "各类平台",
                    "等载体",
                    "等渠道",
                ],
            );
        let through_one = published
            && trim_fillers_front(year_and_subject(p).unwrap_or(p)).starts_with("主动通过")
            && !has_any(sentence, &["公报", "微博", "微信", "其他方式", "其它方式"]);
        // "主动公开了涉公安政府信息120条": the items named between 主动公开 and 信息 (not a kind of
        // them: "主动公开工作动态类信息", "其中主动公开规范性文件信息").
        let named_items = !a_part
            && p_total.rfind("主动公开").is_some_and(|at| {
                let rest = p_total[at + "主动公开".len()..].trim_start_matches('了');
                rest.ends_with("信息")
                    && rest.chars().count() <= 10
                    && !rest.contains(|c: char| is_clause_break(c) || c == '、' || c.is_ascii_digit())
                    && (!rest.contains("类") || rest.contains("各类"))
                    && !has_any(rest, &["规范性", "文件", "采购", "竞价"])
            });
        // "累计公开政府信息846条,其中本年度在县政府网站及本单位门户网站公开214条": the year's
        // part of a sum over the years is the year's total.
        let year_part = a_part
            && year_part_follows(sentence)
            && ["本年度", "本年", "今年", "全年", "年度", "年"].iter().any(|y| {
                p.trim_start_matches("其中")
                    .trim_start_matches([',', '，'])
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with(y)
            })
            && (ends_any(p_items, PUBLISH_TAILS).is_some_and(|t| t.contains("公开"))
                || ends_any(p_total, TOTAL_TAILS).is_some());
        if (ends_any(p_total, TOTAL_TAILS).is_some()
            || named_items
            || year_part
            || year_total
            || counted
            || before_noun
            || bare
            || every_channel
            || through_one)
            && !blocked
            && !keys.contains(&"s.proactive.total")
            // (Not one channel's figure in a list of them: "二是通过…", "通过政府网站主动公开信息
            // 共459条,通过政务微博微信主动公开信息共139条".)
            && !(keys.iter().any(|k| k.starts_with("s.channel."))
                && (LIST_ITEMS.iter().any(|w| p.starts_with(w)) || other_channel_counted(sentence, pre, &keys)))
        {
            keys.push("s.proactive.total");
        }
        // "南关区人民政府依托区政府门户网站政务公开栏目,主动公开政府信息1786条": the one
        // channel, named in the clause before the total, carried all of it.
        if keys == ["s.proactive.total"] && website_clause_before(sentence, pre) {
            keys.push("s.channel.website");
        }
        // "市局新浪、腾讯、人民、新华网四大微博,在原有基础上,…,全年累计发布政府信息342条":
        // the one channel the sentence opens with, its subject, published what is counted.
        if keys.is_empty()
            && ends_any(p_items, PUBLISH_TAILS).is_some()
            && channels_named(sentence) == 1
            && let Some(first) = sentence.split(is_clause_break).next()
            && first.len() < sentence.len()
            && !first.contains(|c: char| c.is_ascii_digit())
            && let Some((key, _)) =
                CHANNELS.iter().find(|(_, names)| ends_any(first, names).is_some_and(|n| n.chars().count() > 1))
        {
            keys.push(key);
        }
    }
    keys
}

/// The clause right before `pre` in `sentence` puts the subject's work on the website
/// ("依托区政府门户网站…栏目", "通过政府网站"), holds no figure, and the sentence names no
/// other channel.
fn website_clause_before(sentence: &str, pre: &str) -> bool {
    let Some(at) = (!pre.is_empty()).then(|| sentence.find(pre)).flatten() else { return false };
    let before = sentence[..at].trim_end_matches(is_clause_break);
    if before.len() == at {
        return false;
    }
    let clause = before.rsplit(|c: char| is_clause_break(c) || c == '。').next().unwrap_or(before);
    let websites = CHANNELS.iter().find(|(k, _)| *k == "s.channel.website").map_or(&[][..], |(_, n)| *n);
    if !["依托", "通过", "利用", "借助"]
        .iter()
        .any(|v| clause.find(v).is_some_and(|i| websites.iter().any(|n| clause[i..].contains(n))))
        || clause.contains(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    // (A site's "政务公开栏目" is a section of it, not a notice board, 公开栏.)
    let sentence = sentence.replace("公开栏目", "栏目");
    channels_named(&sentence) == 1
        && !has_any(&sentence, &["公报", "微博", "微信", "报刊", "公开栏", "其他方式", "其它方式"])
}

/// Another clause of `sentence` than the one of `pre` publishes through another channel than
/// `keys` name, with its own figure ("通过政府网站主动公开信息共459条,通过政务微博微信主动公开
/// 信息共139条": each figure is one channel's).
fn other_channel_counted(sentence: &str, pre: &str, keys: &[&str]) -> bool {
    if pre.is_empty() {
        return false;
    }
    sentence.split(is_clause_break).any(|clause| {
        !clause.contains(pre)
            && clause.contains(|c: char| c.is_ascii_digit())
            && has_any(clause, &["公开", "发布"])
            && channels_in(clause).any(|key| !keys.contains(&key))
    })
}

/// The channels whose names (of two or more characters: not a bare 网) `text` holds.
fn channels_in(text: &str) -> impl Iterator<Item = &'static str> + '_ {
    CHANNELS
        .iter()
        .filter(move |(_, names)| names.iter().any(|n| n.chars().count() > 1 && text.contains(n)))
        .map(|(key, _)| *key)
}

/// How many channels a sentence names ("通过…信息网主动公开信息614条,政务微博1173条": two).
fn channels_named(sentence: &str) -> usize {
    channels_in(sentence).count()
}

/// The words before a verb of publishing, down to the channel they may name: (the words with
/// notes, fillers and the words between channel and verb taken off; the same without a trailing
/// 上/中).
fn channel_words(before: &str) -> (String, String) {
    // A note in brackets after the channel ("政府网站(www.…)") does not hide it.
    let prefix = crate::doc::without_notes(before);
    let prefix = plain_media_pair(&prefix).unwrap_or(prefix);
    // "政府门户网站累计公开政府信息数12263条" (累计 within the year; before the fillers,
    // which would take its 计).
    let mut named = trim_fillers(prefix.strip_suffix("累计").unwrap_or(prefix.as_str()));
    // "通过政府网站向外发布信息", "门户网站主动发布信息", "通过政府网站渠道主动公开信息":
    // words between the channel and the verb.
    // ("…微信、微博等新媒体渠道公开信息": the pair, with the other new media it leads.)
    while let Some(rest) =
        ["主动公开", "主动", "向外", "对外", "向社会", "及时", "年度", "全年", "年", "渠道", "等新媒体"]
            .iter()
            .find_map(|w| named.strip_suffix(w))
    {
        // A year between them ("我局网站2015年度主动公开") goes with its digits.
        named = trim_fillers(rest.trim_end_matches(|c: char| c.is_ascii_digit()));
    }
    let site = named.trim_end_matches(['上', '中']);
    (named.to_string(), column_of_site(site).unwrap_or(site).to_string())
}

/// The longer names of the WeChat and microblog channels (`CHANNELS`) and the microblogs'
/// brands, each with its plain name, longest first ("微信公众平台" before a name inside it).
static PLAIN_MEDIA: std::sync::LazyLock<Vec<(&'static str, &'static str)>> = std::sync::LazyLock::new(|| {
    let names_of = |key: &'static str, plain: &'static str| {
        CHANNELS
            .iter()
            .filter(move |(k, _)| *k == key)
            .flat_map(|(_, names)| names.iter())
            .filter(move |n| n.contains(plain) && **n != plain)
            .map(move |n| (*n, plain))
    };
    let mut plain: Vec<(&str, &str)> = names_of("s.channel.wechat", "微信")
        .chain(names_of("s.channel.weibo", "微博"))
        .chain([("新浪微博", "微博"), ("腾讯微博", "微博"), ("微博平台", "微博")])
        .collect();
    plain.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    plain
});

/// "乌审旗发布微信平台、乌审旗发布新浪微博" (quotes gone): the two media of a combined count
/// as the pair's plain names, the second account's name, the brands and the words for the
/// medium gone.
fn plain_media_pair(s: &str) -> Option<String> {
    if !(s.contains("微信") && s.contains("微博")) {
        return None;
    }
    let mut out = s.to_string();
    for (from, to) in PLAIN_MEDIA.iter() {
        out = out.replace(from, to);
    }
    if let Some((head, tail)) = out.rsplit_once('、')
        && let tail = ["渠道", "等新媒体"].iter().fold(tail, |t, w| t.strip_suffix(w).unwrap_or(t))
        && tail.chars().count() <= 12
        && let Some(second) = [("微信", "微博"), ("微博", "微信")]
            .iter()
            .find_map(|(a, b)| (head.ends_with(a) && tail.ends_with(b)).then_some(*b))
    {
        out = format!("{head}、{second}");
    }
    Some(out)
}

/// A website named with one of its columns ("在政府网站部门动态栏目发布…"): the website.
fn column_of_site(words: &str) -> Option<&str> {
    ends_any(words, &["栏目", "专栏", "板块", "版块"])?;
    let names = CHANNELS.iter().find(|(key, _)| *key == "s.channel.website").map(|(_, names)| *names)?;
    names
        .iter()
        .filter(|n| n.chars().count() > 1)
        .filter_map(|n| words.rfind(n).map(|at| at + n.len()))
        .max()
        .filter(|&end| words[end..].chars().count() <= 10)
        .map(|end| &words[..end])
}

/// `p` after the report's year named at its head ("2010年", "本年度", "今年"), or `p` itself.
fn of_this_year(p: &str) -> &str {
    let digits = p.len() - p.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = if digits == 4 { &p[4..] } else { p };
    ["年度", "年", "本年度", "本年", "今年", "全年"]
        .iter()
        .filter(|w| digits == 4 || !w.starts_with('年'))
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(p)
}

/// `p` without the year named after its verb ("主动公开2009年度政府信息", "公开本年度政府信息"),
/// when it names one: the items are the year's.
fn of_the_year(p: &str) -> Option<String> {
    let at = p.rfind("公开")? + "公开".len();
    let rest = &p[at..];
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = if digits == 4 { &rest[4..] } else { rest.strip_prefix("本")? };
    let items = after.strip_prefix("年度").or_else(|| after.strip_prefix('年'))?;
    items.ends_with("信息").then(|| format!("{}{items}", &p[..at]))
}

/// Clause statements that mean 0 ("未收到政府信息公开申请", "没有向申请人收费").
fn zero_statements(clause: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    // Every statement below carries a negation.
    if !clause.contains(['未', '没', '无', '不']) {
        return out;
    }
    // Applications: what follows the negation must be about disclosure applications.
    let recv_negs =
        // (未受到: a common misprint of 未收到.)
        ["未收到", "未受到", "未接到", "没有收到", "没收到", "没有接到", "未受理", "没有受理", "未发生", "没有发生", "没有涉及", "未涉及", "未产生",
        // "也没有接受到政府信息公开方面的咨询".
        "未接受", "没有接受"];
    for n in recv_negs {
        if let Some(at) = clause.find(n) {
            let tail = &clause[at..];
            if tail.contains("申请")
                && tail.contains("公开")
                && !has_any(tail, &["复议", "诉讼", "咨询", "减免", "收费", "费用", "投诉", "举报"])
            {
                out.push("s.requests.received");
                break;
            }
        }
    }
    // "没有依申请公开信息的情况", "本年度没有申请公开政府信息…的情况".
    let no_requests =
        ["无依申请公开", "无政府信息公开申请", "没有依申请公开", "未有依申请公开", "没有申请公开", "无申请公开"];
    // "没有公民、法人和其他团体向我局申请公开政府信息": nobody applied.
    let nobody_applied = ["没有", "未有"].iter().any(|n| {
        clause.find(n).is_some_and(|at| {
            let tail = &clause[at..];
            // ("没有单位或个人向我局提出申请信息公开事项").
            ["申请公开", "申请信息公开", "申请政府信息公开"]
                .iter()
                .filter_map(|w| tail.find(w))
                .min()
                .is_some_and(|to| tail[..to].chars().count() <= 24 && !tail[..to].contains("不"))
        })
    });
    if !out.contains(&"s.requests.received")
        && (no_requests.iter().any(|w| clause.contains(w)) || nobody_applied)
        && !has_any(clause, &["复议", "诉讼", "咨询", "收费", "费用", "减免", "投诉", "举报"])
    {
        out.push("s.requests.received");
    }
    // "未收到任何形式的有关信息公开方面的咨询".
    for n in recv_negs {
        if let Some(at) = clause.find(n) {
            let tail = &clause[at..];
            if tail.ends_with("咨询") && !has_any(tail, &["申请", "复议", "诉讼", "投诉", "举报"]) {
                // "未发生电话及当面咨询": the kinds named, not every consultation.
                let phone = tail.contains("电话");
                let in_person = has_any(tail, &["当面", "来访", "现场"]);
                if phone {
                    out.push("s.consult.phone");
                }
                if in_person {
                    out.push("s.consult.in_person");
                }
                if !phone && !in_person {
                    out.push("s.consult.total");
                }
                break;
            }
        }
    }
    // Reviews and suits.
    let case_negs = [
        "未发生",
        "没有发生",
        "未收到",
        "没有收到",
        "未接到",
        "未出现",
        "没有出现",
        "未产生",
        "没有",
        "未有",
        // (A misprint of 未发生 that says the same: "2016年无发生…投诉、复议、诉讼情况".)
        "无发生",
        "无一例",
        "无一起",
        "无一件",
    ];
    if !has_any(clause, &["纠错", "纠正", "维持", "撤销"]) {
        // "无因政府信息公开…引发的行政复议", "无行政复议和行政诉讼案件".
        // "无有关政府信息公开事务的诉讼和申诉情况": the case named without 行政 after such a 无.
        let no_prefixed = |word: &str| -> bool {
            clause.match_indices('无').any(|(p, _)| {
                let after = &clause[p + '无'.len_utf8()..];
                // "无被申请行政复议、提起行政诉讼", "暂无申请行政复议、提起行政诉讼".
                [
                    "因",
                    "涉及",
                    "针对",
                    "有关",
                    "关于",
                    "行政复议",
                    "行政诉讼",
                    "政府信息公开",
                    "被申请",
                    "申请行政复议",
                    "申请复议",
                    "提起",
                ]
                .iter()
                .any(|w| after.starts_with(w))
                    && after.contains(word)
            })
        };
        // Any mention counts: a heading may name the subject before the sentence denies it
        // ("四、…行政复议、行政诉讼情况 2013年没有…提起行政复议和行政诉讼的情况发生").
        let denied = |word: &str| -> bool {
            clause.match_indices(word).any(|(at, _)| case_negs.iter().any(|n| clause[..at].contains(n)))
        };
        if denied("复议") || no_prefixed("行政复议") {
            out.push("s.review.total");
        }
        if denied("诉讼") || no_prefixed("诉讼") {
            out.push("s.suit.total");
        }
        // 申诉 (the legacy table's 举报投诉/行政申诉 row): "未接到…复议、诉讼和申诉", also with
        // its common misprint 申述.
        // "全区未收到有关投诉、举报和复议、诉讼请求": complaints beside reviews and suits.
        // "也未收到与依法申请公开工作有关的举报和投诉": or tied to the disclosure work.
        let beside_cases = has_any(clause, &["复议", "诉讼"])
            || (clause.contains("公开") && has_any(clause, &["有关", "相关", "方面"]));
        if denied("申诉")
            || denied("申述")
            || no_prefixed("申诉")
            || (beside_cases && (denied("投诉") || denied("举报")))
        {
            out.push("s.complaints");
        }
    }
    // Fees: "没有向申请人收费", "无向…申请人进行收费的情况", "没有收取过任何信息公开费用".
    for word in ["收费", "收取"] {
        if let Some(at) = clause.find(word) {
            let head: String = clause[..at].chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
            let after = &clause[at + word.len()..];
            let negated = has_any(&head, &["没有", "未", "无", "不"]);
            let policy = has_any(&head, &["暂不", "不予", "未涉及", "不涉及", "免"]);
            let waiver = after.starts_with("及减免") || after.starts_with("和减免") || after.starts_with("减免");
            if negated && !policy && !waiver && !out.contains(&"s.fees_wan") {
                out.push("s.fees_wan");
            }
        }
    }
    // Staff: "没有从事政府信息公开工作的全职人员".
    if (clause.contains("没有") || clause.contains("无")) && has_any(clause, &["全职人员", "专职人员"]) {
        let at = clause.find("没有").or_else(|| clause.find("无")).unwrap_or(0);
        let pos = clause.find("全职人员").or_else(|| clause.find("专职人员")).unwrap_or(0);
        if at < pos {
            out.push("s.org.staff_full");
        }
    }
    out
}

/// "行政复议、行政诉讼和申诉案件0件": none of the kinds of case listed (a sum of 0 is 0 for
/// each of its parts; other sums say nothing of their parts).
fn zero_cases(p: &str) -> Vec<&'static str> {
    let Some(at) = p.find("复议").or_else(|| p.find("诉讼")) else { return Vec::new() };
    let list = p[at..].trim_end_matches("情况");
    let list = ["的案件", "案件", "的案", "案", "的"].iter().find_map(|w| list.strip_suffix(w)).unwrap_or(list);
    // The list starts at its first kind, 行政 included.
    let list = if p[..at].ends_with("行政") { &p[at - "行政".len()..at + list.len()] } else { list };
    let mut keys = Vec::new();
    for part in list.split(['、', '和', '及', '与']).filter(|x| !x.is_empty()) {
        // ("申请行政复议、提起行政诉讼的案件0件": each kind with its verb.)
        let key = match part.trim_start_matches("提起").trim_start_matches("行政") {
            "复议" => "s.review.total",
            "诉讼" => "s.suit.total",
            "申诉" | "申述" | "投诉" | "举报" | "举报投诉" | "投诉举报" => "s.complaints",
            _ => return Vec::new(),
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.len() < 2 { Vec::new() } else { keys }
}

/// "以传真、电报形式申请0件": none came in by any of the ways counted together.
fn zero_channels(p: &str) -> Vec<&'static str> {
    let Some(head) = ["形式申请", "方式申请", "申请"].iter().find_map(|w| p.strip_suffix(w)) else {
        return Vec::new();
    };
    let head = head.rsplit(['，', ',', '以']).next().unwrap_or(head);
    let head = head.rsplit("通过").next().unwrap_or(head);
    let parts: Vec<&str> = head.split(['、', '和', '及']).filter(|x| !x.is_empty()).collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    parts
        .iter()
        .filter_map(|part| REQUEST_CHANNELS.iter().find(|(_, words)| words.contains(part)).map(|(k, _)| *k))
        .collect()
}

/// Channel named alone after an application count ("全部通过信函申请").
/// "收到申请2件,均按时办结": every application received was closed (on time).
fn all_closed(clause: &str) -> &'static [&'static str] {
    let Some(rest) = ["均已", "全部", "均", "都已", "都", "已全部"].iter().find_map(|w| clause.strip_prefix(w))
    else {
        return &[];
    };
    let rest = rest.trim_start_matches(['已', '依', '法']);
    match rest {
        "按时办结" | "按期办结" | "在规定时限内办结" | "在法定期限内办结" | "在规定期限内办结" => {
            &["s.requests.closed", "s.requests.closed_on_time"]
        }
        "办结" => &["s.requests.closed"],
        // "依申请公开信息办理数39件,全部同意公开".
        "同意公开" | "予以公开" => &["s.replies.granted"],
        _ => &[],
    }
}

/// "我局通过网上共受理…申请": the one way the applications counted came in, named right after
/// 通过 (not "通过网站、信函等方式", several ways or the whole).
fn request_via(p: &str) -> Option<&'static str> {
    let rest = &p[p.find("通过")? + "通过".len()..];
    if has_any(rest, &["、", "等", "和", "及", "或"]) {
        return None;
    }
    let mut named = REQUEST_CHANNELS.iter().filter(|(_, words)| words.iter().any(|w| rest.contains(w)));
    match (named.next(), named.next()) {
        (Some((key, words)), None) if words.iter().any(|w| rest.starts_with(w)) => Some(*key),
        _ => None,
    }
}

fn channel_only(clause: &str) -> Option<&'static str> {
    let mut c = clause.to_string();
    for w in ["全部", "均", "都", "通过", "为", "是", "以", "采取", "方式", "提出", "的", "形式", "来自", "采用", "且"]
    {
        c = c.replace(w, "");
    }
    if c.chars().count() > 8 {
        return None;
    }
    let c = c.strip_suffix("申请").unwrap_or(&c);
    REQUEST_CHANNELS.iter().find(|(_, words)| words.contains(&c)).map(|(k, _)| *k)
}

/// The ways an application comes in, as a clause names them bare ("信函", "网上").
const REQUEST_CHANNELS: &[(&str, &[&str])] = &[
    ("s.requests.letter", &["信函", "邮寄", "来信"]),
    ("s.requests.in_person", &["当面", "现场"]),
    ("s.requests.online", &["网上", "网络", "在线"]),
    ("s.requests.fax", &["传真"]),
    ("s.requests.email", &["电子邮件", "邮件"]),
];

/// A line being read, with the characters evidence snippets are cut from (long lines only).
struct Src<'a> {
    line: &'a Line,
    snip: Vec<char>,
    /// Characters of the line before carried in front of this one's text (a hard-wrapped
    /// sentence): positions in the text are that much past the line's own.
    shift: usize,
}

impl<'a> Src<'a> {
    fn new(line: &'a Line) -> Self {
        let raw_len = line.raw.chars().count();
        let snip = if raw_len <= 80 {
            Vec::new()
        } else if raw_len == line.text.chars().count() {
            line.raw.chars().collect()
        } else {
            line.text.chars().collect()
        };
        Src { line, snip, shift: 0 }
    }
}

/// Evidence pointing at a figure: the line, with the text around the figure.
fn evidence_at(src: &Src, sentence_start: usize, pos: usize) -> Evidence {
    let mut ev = src.line.evidence(None);
    if !src.snip.is_empty() {
        let at = (sentence_start + pos).saturating_sub(src.shift).min(src.snip.len());
        let from = at.saturating_sub(30);
        let to = (at + 30).min(src.snip.len());
        ev.text = src.snip[from..to].iter().collect();
    }
    ev
}

fn figure(key: &str, f: &Fig) -> Figure {
    let money = key.ends_with("_wan") || key.ends_with("_yuan");
    if !money && f.value.fract() == 0.0 { Figure::Count(f.value as i64) } else { Figure::Amount(f.value) }
}

/// A sentence already read: its figures, kept for the percentages and lists of the next one.
struct Prev {
    /// Value, unit and first key of each figure.
    figs: Vec<(f64, &'static str, Option<&'static str>)>,
    /// The whole the last sentence's percentages were taken of (lists over sentences).
    whole: Option<(f64, &'static str)>,
    /// The last sentence, cleaned, when it printed no figure (a heading before "无。").
    heading: String,
    /// Whether the last sentence said, without a figure, that the applications were answered
    /// ("…按申请人要求的方式进行了答复。其中,同意公开1000件").
    answered: bool,
    /// Whether the last sentence summed the items made public over the years (累计…公开…N条,
    /// not read as the year's total): a sentence of its own may then give the year's new ones.
    accrued_items: bool,
}

/// Reads the narrative of a document.
/// The longest unfinished sentence carried on to the next line.
const MAX_CARRIED_CHARS: usize = 1_000;

pub(crate) fn scan(doc: &Doc) -> Narrative {
    let mut out = Narrative::default();
    let mut prev =
        Prev { figs: Vec::new(), whole: None, heading: String::new(), answered: false, accrued_items: false };
    // The unfinished sentence at the end of the last prose line, when the text was wrapped at a
    // fixed width ("配备了 4 名政府信" / "息公开全职工作人员,…"), with its line.
    let mut carry: Option<(Vec<char>, &Line)> = None;
    for line in &doc.lines {
        let prose = !line.is_row() && !line.text.trim().is_empty();
        if let Some((chars, from)) = carry.take() {
            // (A sentence is never thousands of characters long: text with no full stops is not
            // carried on, or every line would read the whole text before it again.)
            if prose && continues_sentence(&line.text) && chars.len() < MAX_CARRIED_CHARS {
                let mut chars = chars;
                let shift = chars.len();
                chars.extend(line.text.chars());
                let mut src = Src::new(line);
                src.shift = shift;
                if let Some(rest) = scan_text(&src, &chars, true, &mut prev, &mut out) {
                    carry = Some((rest, line));
                }
                continue;
            }
            scan_text(&Src::new(from), &chars, false, &mut prev, &mut out);
        }
        if prose {
            let chars: Vec<char> = line.text.chars().collect();
            if let Some(rest) = scan_text(&Src::new(line), &chars, true, &mut prev, &mut out) {
                carry = Some((rest, line));
            }
            continue;
        }
        // A table row is read only where a cell holds sentences: a whole report pasted into
        // one frame of a page layout (a table of one cell per line of text).
        let texts: Vec<&str> = if line.is_row() {
            line.cells.iter().map(String::as_str).filter(|c| is_prose_cell(c)).collect()
        } else {
            vec![line.text.as_str()]
        };
        for mut text in texts {
            // (A sentence that only names the table, "并附相关的说明和指标统计表。", is no table.)
            if text.chars().count() > 100
                && let Some(start) = super::table::table_start(text)
                && super::table::find_spaced(&text[..start], "指标").is_some()
                && !text[start..].chars().take(12).any(|c| matches!(c, '。' | '！' | '？'))
                && !text[..start].chars().rev().take(12).any(|c| c == '。')
            {
                text = &text[..start];
            }
            let chars: Vec<char> = text.chars().collect();
            scan_text(&Src::new(line), &chars, false, &mut prev, &mut out);
        }
    }
    if let Some((chars, from)) = carry {
        scan_text(&Src::new(from), &chars, false, &mut prev, &mut out);
    }
    // A total read from the one channel a sentence names ("在市政府门户网站主动公开政府信息174
    // 条") yields to a total stated as such elsewhere ("主动公开信息总量425条").
    let from_channel = |f: &Fact| {
        out.facts.iter().any(|c| c.key.starts_with("s.channel.") && c.evidence == f.evidence && c.value == f.value)
    };
    let stated_whole = out
        .facts
        .iter()
        .any(|f| f.key == "s.proactive.total" && out.whole_totals.contains(&f.evidence) && !from_channel(f));
    if stated_whole {
        let drop: Vec<bool> = out.facts.iter().map(|f| f.key == "s.proactive.total" && from_channel(f)).collect();
        let mut drop = drop.into_iter();
        out.facts.retain(|_| !drop.next().unwrap_or(false));
    }
    out
}

/// Reads the sentences of a text. With `hold`, an unfinished last sentence that looks cut by a
/// fixed-width wrap is not read but returned, to be read with the next line.
fn scan_text(src: &Src, chars: &[char], hold: bool, prev: &mut Prev, out: &mut Narrative) -> Option<Vec<char>> {
    // A question mark between two Chinese characters stands for a character a converter could
    // not map ("中国?廊坊"), not the end of a question.
    let cjk = |c: Option<&char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
    let is_end_at = |i: usize| match chars[i] {
        '。' | '!' | '！' | '？' => true,
        '?' => !(i > 0 && cjk(chars.get(i - 1)) && cjk(chars.get(i + 1))),
        _ => false,
    };
    let mut upto = chars.len();
    let mut held = None;
    if hold && let Some(&last) = chars.last() {
        let cut = (0..chars.len()).rev().find(|&i| is_end_at(i)).map_or(0, |i| i + 1);
        let tail = &chars[cut..];
        // Cut mid-sentence: the line ends in a word or a figure, and it is prose (a sentence
        // ended before, or a clause break in the fragment), not a title or a heading ("4、对公民、
        // 法人和其他组织的收费情况").
        let mid_word = last.is_alphanumeric() && !last.is_ascii_alphabetic();
        let heading = cut == 0 && !continues_sentence(&tail.iter().collect::<String>());
        let prose = cut > 0 || tail.iter().any(|&c| matches!(c, ',' | '，' | ';' | '；'));
        if mid_word && prose && !heading && !tail.is_empty() && tail.len() <= 200 {
            upto = cut;
            held = Some(tail.to_vec());
        }
    }
    let mut s0 = 0;
    while s0 < upto {
        let mut s1 = s0;
        while s1 < upto && !is_end_at(s1) {
            s1 += 1;
        }
        // A sentence in brackets as a whole ("(其中:政府网站公开政府信息数203条,…)") is read as
        // a sentence, not dropped as a note.
        let (a, b) = outer_brackets(chars, s0, s1);
        scan_sentence(src, &chars[a..b], a, prev, out);
        s0 = s1 + 1;
    }
    held
}

/// The bounds of `chars[from..to]` inside one pair of brackets that holds all of it (or inside
/// an opening bracket never closed), if it is so.
fn outer_brackets(chars: &[char], from: usize, to: usize) -> (usize, usize) {
    let mut a = from;
    while a < to && chars[a].is_whitespace() {
        a += 1;
    }
    let mut b = to;
    while b > a && chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if b < a + 2 || !matches!(chars[a], '(' | '（') {
        return (from, to);
    }
    // "(其中:…14条。)": the full stop inside the brackets leaves the sentence unclosed.
    let closes = chars[a..b].iter().filter(|c| matches!(c, ')' | '）')).count();
    if closes == 0 {
        return (a + 1, b);
    }
    if !matches!(chars[b - 1], ')' | '）') {
        return (from, to);
    }
    let mut depth = 0usize;
    for (i, c) in chars[a..b].iter().enumerate() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && a + i + 1 < b {
                    return (from, to); // closed before the end: a note, then more
                }
            }
            _ => {}
        }
    }
    (a + 1, b - 1)
}

/// Whether a line goes on with the sentence the line before left unfinished: it starts inside
/// a word, not with a heading's number ("二、", "(三)", "3.").
fn continues_sentence(text: &str) -> bool {
    let t = text.trim_start();
    let mut cs = t.chars();
    let Some(first) = cs.next() else { return false };
    if matches!(first, '(' | '（' | '【' | '[' | '第') {
        return false;
    }
    let numbered = t.chars().take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)).count();
    if numbered > 0 && t.chars().nth(numbered).is_some_and(|c| matches!(c, '、' | '.' | '．' | ',' | '，')) {
        return false;
    }
    first.is_alphanumeric()
}

/// A cell that holds sentences rather than a label or a figure.
fn is_prose_cell(cell: &str) -> bool {
    cell.chars().count() >= 40 && cell.contains(['。', ',', '，']) && cell.chars().any(|c| c >= '\u{4e00}')
}

fn scan_sentence(line: &Src, s: &[char], s_off: usize, prev: &mut Prev, out: &mut Narrative) {
    let figs = figures(s);
    let sentence_clean = if figs.is_empty() { String::new() } else { clean(s) };
    // Clause boundaries.
    // A comma inside a bracketed note does not end the clause the note belongs to ("…(包括:
    // …等4个一级栏目,…)共计76855条"); inside the note, its own commas part its clauses.
    let mut depth = 0usize;
    let depths: Vec<usize> = s
        .iter()
        .map(|c| {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth
        })
        .collect();
    let breaks: Vec<usize> = (0..s.len()).filter(|&i| is_clause_break(s[i])).collect();
    let top = |b: &&usize| depths[**b] == 0;
    let clause_start = |pos: usize| {
        let depth = depths.get(pos).copied().unwrap_or(0);
        let inside = depth > 0;
        let start = breaks.iter().rev().filter(|b| inside || top(b)).find(|&&b| b < pos).map_or(0, |b| b + 1);
        // Inside a note, the clause starts no earlier than the note ("(其中全职2人,兼职4人)").
        let open = (0..pos).rev().find(|&j| matches!(s[j], '(' | '（') && depths[j] == depth).map_or(0, |j| j + 1);
        if inside { start.max(open) } else { start }
    };
    let clause_end = |pos: usize| breaks.iter().find(|&&b| b >= pos).copied().unwrap_or(s.len());
    let needs_before = has_any(&sentence_clean, &["复议", "诉讼", "其中"]);
    let mut keys_of: Vec<Vec<&'static str>> = Vec::with_capacity(figs.len());
    let mut last_received: Option<f64> = None;
    let mut sentence_whole: Option<(f64, &'static str)> = None;
    let mut used_whole: Option<(f64, &'static str)> = None;
    for (fi, f) in figs.iter().enumerate() {
        let mut from = clause_start(f.start);
        // The figure before ends the words of this one, unless it stood in a note this one is
        // outside of ("…等33个二级栏目)共计76855条").
        let depth = depths.get(f.start).copied().unwrap_or(0);
        // ("共主动公开政府信息16项65条": the count of kinds printed against the count of items is no
        // boundary; the kinds' count counts nothing of its own.)
        let kinds_before = |i: usize| i > 0 && figs[i - 1].end == figs[i].start && figs[i - 1].unit == "项";
        let kinds_count = fi + 1 < figs.len() && kinds_before(fi + 1) && f.unit != figs[fi + 1].unit;
        let mut upto = f.start;
        if let Some((gi, g)) =
            figs[..fi].iter().enumerate().rev().find(|(_, g)| depths.get(g.start).copied().unwrap_or(0) <= depth)
        {
            if kinds_before(fi) {
                from = clause_start(g.start).max(figs[..gi].last().map_or(0, |h| h.end));
                upto = g.start;
            } else {
                from = from.max(g.end);
            }
        }
        let mut pre = clean(&s[from..upto]);
        // "1.主动公开政府信息的情况:81条": the figure alone after a colon counts what the words
        // before the colon name.
        if pre.is_empty() && from > 0 && matches!(s[from - 1], ':' | '：') && depths[from - 1] == 0 {
            let named_from = clause_start(from - 1);
            if figs[..fi].iter().all(|g| g.end <= named_from) {
                pre = clean(&s[named_from..from - 1]);
            }
        }
        // "在信息公开专栏或信息公开网站发布信息,共20条": the sum after a comma counts what the
        // clause before it published.
        if matches!(pre.as_str(), "共" | "共计" | "合计" | "总计")
            && from > 0
            && matches!(s[from - 1], ',' | '，')
            && depths[from - 1] == 0
        {
            let named_from = clause_start(from - 1);
            let named = clean(&s[named_from..from - 1]);
            if figs[..fi].iter().all(|g| g.end <= named_from) && ends_any(&named, PUBLISH_TAILS).is_some() {
                pre = named;
            }
        }
        let pre = pre.trim_start_matches(['、', ',', '，', ';', '；', ':']);
        let post = clean(&s[f.end..clause_end(f.end)]);
        let next = if unit_in(f.unit, &["人", "名", "位"]) && clause_end(f.end) < s.len() {
            let from = clause_end(f.end) + 1;
            clean(&s[from..clause_end(from).max(from)])
        } else {
            String::new()
        };
        // (A list of replies may run over sentences: "“同意公开”的0件。“不予公开”的0件。")
        let after_replies = prev.figs.iter().any(|f| f.2.is_some_and(|k| k.starts_with("s.replies.")))
            || (prev.answered && sentence_clean.starts_with("其中"));
        // Only sentences that name a review, a suit or a part pay for the text before each figure.
        let before = if needs_before { clean(&s[..f.start]) } else { String::new() };
        let mut keys = if f.approx || kinds_count {
            Vec::new()
        } else {
            classify(Context {
                pre,
                post: &post,
                next: &next,
                unit: f.unit,
                sentence: &sentence_clean,
                after_replies,
                before: &before,
                heading: &prev.heading,
            })
        };
        if f.value == 0.0 && !f.approx && unit_in(f.unit, CASE_UNITS) {
            let mut zeros = zero_cases(trim_fillers(pre));
            if zeros.is_empty() && keys.is_empty() {
                zeros = zero_channels(trim_fillers(pre));
            }
            if !zeros.is_empty() {
                keys = zeros;
            }
        }
        // "本部门网站主动公开政府信息累计达173条,…。2010年新增 49条。": after a sum over the
        // years, a sentence of its own with the year's new items and nothing else.
        if keys.is_empty()
            && prev.accrued_items
            && figs.len() == 1
            && unit_in(f.unit, &["条"])
            && post.is_empty()
            && matches!(of_this_year(pre), "新增" | "新增信息" | "新增公开" | "新增公开信息" | "又新增")
        {
            keys = vec!["s.proactive.total"];
        }
        for k in &keys {
            if *k == "s.requests.received" || *k == "s.replies.total" {
                last_received = Some(f.value);
            }
            let evidence = evidence_at(line, s_off, f.start);
            if *k == "s.proactive.total" && has_any(pre, &["总量", "总数", "总计"]) {
                out.whole_totals.push(evidence.clone());
            }
            out.facts.push(Fact { key: k, value: figure(k, f), evidence });
        }
        keys_of.push(keys);
        // Percent: "…11785条，占72%".
        if let Some(stated) = percent_after(s, f.end, figs.get(fi + 1).map(|g| g.start)) {
            if sentence_whole.is_none_or(|(_, u)| u != f.unit) {
                let with_percent = |g: &Fig| percent_after(s, g.end, None).is_some();
                sentence_whole = figs[..fi]
                    .iter()
                    .find(|g| g.unit == f.unit && !g.approx && !with_percent(g))
                    .map(|g| (g.value, g.unit))
                    .or(prev.whole.filter(|(_, u)| *u == f.unit))
                    .or_else(|| prev.figs.iter().find(|(_, u, _)| *u == f.unit).map(|&(v, u, _)| (v, u)));
            }
            if let Some((whole, _)) = sentence_whole
                && whole >= f.value
                && whole > 0.0
            {
                out.percents.push(PercentClaim {
                    label: pre.trim_start_matches("其中").to_string(),
                    part: f.value,
                    whole,
                    stated,
                    evidence: evidence_at(line, s_off, f.start),
                });
                used_whole = sentence_whole;
            }
        }
    }
    // Clause statements without figures.
    let mut c0 = 0;
    for &b in breaks.iter().chain(std::iter::once(&s.len())) {
        let negated = s[c0..b].iter().any(|c| matches!(c, '未' | '没' | '无' | '不'));
        if (negated || last_received.is_some()) && !figs.iter().any(|f| f.start >= c0 && f.start < b) {
            let clause = clean(&s[c0..b]);
            // "我局2008年度依申请受理信息公开申请:无": the clause before names what there was none of.
            if matches!(clause.as_str(), "无" | "没有") && c0 > 0 {
                let named = clean(&s[clause_start(c0 - 1)..c0 - 1]);
                // "2.行政机关依申请公开政府信息的数量:无", "3.不予以公开政府信息的数量:无".
                let counted =
                    ["的数量", "数量", "的情况", "情况"].iter().find_map(|w| named.strip_suffix(w)).unwrap_or(&named);
                let blocked = has_any(&named, &["复议", "诉讼", "咨询", "投诉"]);
                let denied = ends_any(counted, &["不予公开政府信息", "不予以公开政府信息", "不予公开信息"]).is_some();
                let asked = ends_any(counted, &["依申请公开政府信息", "依申请公开信息", "政府信息公开申请"]).is_some()
                    || (named.ends_with("申请")
                        && named.contains("公开")
                        && has_any(&named, &["受理", "收到", "接到"]));
                let key = if denied { "s.replies.denied" } else { "s.requests.received" };
                if !blocked && (denied || asked) {
                    out.facts.push(Fact { key, value: Figure::Count(0), evidence: evidence_at(line, s_off, c0) });
                }
            }
            // "三、依申请公开政府信息…情况⏎我镇2016年度无申请。": none received.
            // ("(一)受理申请的数量⏎没有收到过相关申请。")
            let about_requests = prev.heading.contains("依申请公开")
                || (prev.heading.contains("申请") && !has_any(&prev.heading, &["复议", "诉讼", "咨询", "收费"]));
            let said = year_and_subject(&clause)
                .map_or(clause.as_str(), |t| year_and_subject(t).unwrap_or(t))
                .replace("过", "")
                .replace("相关", "");
            if about_requests
                && matches!(
                    said.as_str(),
                    "无申请"
                        | "没有申请"
                        | "无此类申请"
                        | "没有收到申请"
                        | "未收到申请"
                        | "未接到申请"
                        | "没有接到申请"
                )
            {
                out.facts.push(Fact {
                    key: "s.requests.received",
                    value: Figure::Count(0),
                    evidence: evidence_at(line, s_off, c0),
                });
            }
            for k in zero_statements(&clause) {
                out.facts.push(Fact {
                    key: k,
                    value: if k.ends_with("_wan") { Figure::Amount(0.0) } else { Figure::Count(0) },
                    evidence: evidence_at(line, s_off, c0),
                });
            }
            if let Some(v) = last_received.filter(|_| figs.iter().any(|f| f.start < c0))
                && let Some(k) = channel_only(&clause)
            {
                out.facts.push(Fact { key: k, value: Figure::Count(v as i64), evidence: evidence_at(line, s_off, c0) });
                last_received = None;
            }
            if let Some(v) = last_received.filter(|_| figs.iter().any(|f| f.start < c0)) {
                for k in all_closed(&clause) {
                    out.facts.push(Fact {
                        key: k,
                        value: Figure::Count(v as i64),
                        evidence: evidence_at(line, s_off, c0),
                    });
                }
            }
        }
        c0 = b + 1;
    }
    // A heading answered by a sentence of its own: "5、因政府信息公开申请行政复议、提起行政诉讼
    // 的情况。无。"
    let bare = if figs.is_empty() && s.len() <= 4 { clean(s) } else { String::new() };
    if matches!(bare.trim_end_matches(['.', ';', '；']), "无" | "没有" | "无此情况" | "无此类情况") {
        for k in heading_zeros(&prev.heading) {
            out.facts.push(Fact { key: k, value: Figure::Count(0), evidence: evidence_at(line, s_off, 0) });
        }
    }
    prev.heading = if figs.is_empty() && s.len() <= 60 { clean(s) } else { String::new() };
    prev.answered = figs.is_empty() && s.windows(2).any(|w| w == ['答', '复']);
    if s.windows(2).any(|w| w == ['其', '中']) {
        let sentence: String = s.iter().collect();
        categories(line, s, s_off, &sentence, &figs, &keys_of, prev, out);
    }
    prev.accrued_items = sentence_clean.contains("累计")
        && sentence_clean.contains("公开")
        && figs.iter().any(|f| f.unit == "条")
        && !keys_of.iter().flatten().any(|k| *k == "s.proactive.total");
    if !figs.is_empty() {
        prev.figs = figs
            .iter()
            .zip(&keys_of)
            .filter(|(f, _)| !f.approx)
            .map(|(f, k)| (f.value, f.unit, k.first().copied()))
            .collect();
        prev.whole = used_whole;
    }
}

/// What a heading followed by "无。" says is zero: the reviews and suits it names, or the
/// applications when it names only those.
fn heading_zeros(heading: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !heading.ends_with("情况") || has_any(heading, &["纠错", "维持", "收费", "咨询"]) {
        return out;
    }
    if heading.contains("行政复议") {
        out.push("s.review.total");
    }
    if heading.contains("行政诉讼") {
        out.push("s.suit.total");
    }
    if out.is_empty() && heading.contains("依申请公开") {
        out.push("s.requests.received");
    }
    // "(二)答复情况 无。"
    if out.is_empty() && heading.trim_end_matches("情况").ends_with("答复") {
        out.push("s.replies.total");
    }
    out
}

/// "占72%" (or "占总数的72%") right after a figure: the stated percentage.
fn percent_after(s: &[char], from: usize, next_fig: Option<usize>) -> Option<f64> {
    let mut i = from;
    while i < s.len() && matches!(s[i], ',' | '，' | ' ' | '、') {
        i += 1;
    }
    if s.get(i) != Some(&'占') {
        return None;
    }
    let limit = (i + 12).min(s.len()).min(next_fig.unwrap_or(usize::MAX).max(i + 1));
    let mut j = i + 1;
    while j < limit && !s[j].is_ascii_digit() {
        if matches!(s[j], ',' | '，' | ';' | '；') {
            return None;
        }
        j += 1;
    }
    let start = j;
    while j < s.len() && (s[j].is_ascii_digit() || s[j] == '.') {
        j += 1;
    }
    if j == start || s.get(j) != Some(&'%') {
        return None;
    }
    s[start..j].iter().collect::<String>().parse().ok()
}

/// "…共N条，其中A类a条、B类b条、其他c条": listed parts and their stated total.
#[allow(clippy::too_many_arguments)]
fn categories(
    line: &Src,
    s: &[char],
    s_off: usize,
    sentence: &str,
    figs: &[Fig],
    keys_of: &[Vec<&'static str>],
    prev: &Prev,
    out: &mut Narrative,
) {
    let Some(q) = sentence.find("其中") else { return };
    let q = sentence[..q].chars().count();
    let next_q = {
        let after: String = s[q + 2..].iter().collect();
        after.find("其中").map(|p| q + 2 + after[..p].chars().count()).unwrap_or(s.len())
    };
    let before: Vec<usize> = (0..figs.len()).filter(|&i| figs[i].end <= q).collect();
    let (total, total_key, unit) = if let Some(&ti) = before.last() {
        (figs[ti].value, keys_of[ti].first().copied(), figs[ti].unit)
    } else if q <= 1 && prev.figs.len() == 1 {
        (prev.figs[0].0, prev.figs[0].2, prev.figs[0].1)
    } else {
        return;
    };
    if figs.iter().any(|f| f.end <= q && f.approx) && before.is_empty() {
        return;
    }
    let mut parts: Vec<(String, f64)> = Vec::new();
    let mut last_end = q + 2;
    for f in figs.iter().filter(|f| f.start >= q + 2 && f.start < next_q) {
        let pre = clean(&s[last_end..f.start]);
        let pre = pre.trim_start_matches(|c: char| is_clause_break(c) || c == '、' || c.is_ascii_digit() || c == '.');
        if has_any(pre, &["总数", "总计", "合计", "共计"]) || f.approx || f.unit != unit {
            break;
        }
        // A percentage clause between parts ("，占2%;") belongs to the previous part.
        let label = pre.split(['，', ',', ';', '；']).next_back().unwrap_or(pre).to_string();
        parts.push((label, f.value));
        last_end = f.end;
    }
    if parts.len() < 2 {
        return;
    }
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    let exhaustive = parts.iter().any(|(l, _)| l.contains("其他") || l.contains("其它"));
    if (sum - total).abs() > 1e-6 && !exhaustive {
        return;
    }
    let label = match total_key {
        Some(k) => gongkai_core::keys::label(k),
        None => "所列分类".to_string(),
    };
    out.categories.push(CategoryList {
        total_key: total_key.map(str::to_string),
        label,
        total,
        parts,
        evidence: evidence_at(line, s_off, q),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{RawBlock, RawDoc};
    use crate::normalize::Normalizer;

    fn facts(text: &str) -> Vec<(&'static str, f64)> {
        let doc = Doc::build(RawDoc { blocks: vec![RawBlock::Text(text.to_string())] }, &Normalizer::new());
        scan(&doc).facts.into_iter().map(|f| (f.key, f.value.as_f64())).collect()
    }

    #[test]
    fn narrative_patterns() {
        let cases: &[(&str, &[(&str, f64)])] = &[
            ("全县各级行政机关全年主动公开政府信息16499条。", &[("s.proactive.total", 16499.0)]),
            // 累计 within the year, the whole county at every level, 件数为, 的有.
            ("2018年,咸宁市人防办累计主动公开政府信息69条,其中政务公开57条。", &[("s.proactive.total", 69.0)]),
            (
                "我镇自2016年1月1日到12月31日累计主动公开政府信息915条,电子化全文公开率100%。",
                &[("s.proactive.total", 915.0)],
            ),
            ("2017年,全县各级各部门主动公开政府信息共计14189条。", &[("s.proactive.total", 14189.0)]),
            ("2013年度我镇在主动公开政府信息件数为123件。", &[("s.proactive.total", 123.0)]),
            ("2013年度主动公开信息的有5条;", &[("s.proactive.total", 5.0)]),
            (
                "四、政府信息公开申请行政复议、行政诉讼情况 2013年没有针对我镇政府信息公开申请而提起行政复议和行政诉讼的情况发生。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            (
                "2017年,全县各级各部门主动公开政府信息共计14189条,其中政府网站公开5419条、政务微信公开3914条、其他方式公开4856条。",
                &[
                    ("s.proactive.total", 14189.0),
                    ("s.channel.website", 5419.0),
                    ("s.channel.wechat", 3914.0),
                    ("s.channel.other", 4856.0),
                ],
            ),
            (
                "为方便公众了解信息,我镇在政府网站上共公开285条信息,在微信公众平台上公开116条信息。",
                &[("s.channel.website", 285.0), ("s.channel.wechat", 116.0)],
            ),
            (
                "2016年度未接到有关政府信息公开方面的复议、诉讼和申诉。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            (
                "一、政府信息主动公开情况 2013年度我镇在主动公开政府信息件数为123件,处理市政府网网上投诉件36只。",
                &[("s.proactive.total", 123.0)],
            ),
            (
                "二、政府信息主动公开情况 (一)公开的主要内容: 2016年度共主动公开政府信息25条,在主动公开的信息中,工作动态信息10条。",
                &[("s.proactive.total", 25.0)],
            ),
            // The count of the items named ("…的数量") is their total.
            ("(一)主动公开政府信息的数量共192条。", &[("s.proactive.total", 192.0)]),
            (
                "我镇2014年度未发生针对本单位有关政府信息公开事务的行政复议案、诉讼和申述的情况。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            ("全年收到申述2件。", &[("s.complaints", 2.0)]),
            ("2011年无有关政府信息公开事务的诉讼和申诉情况。", &[("s.suit.total", 0.0), ("s.complaints", 0.0)]),
            (
                "全区未收到有关投诉、举报和复议、诉讼请求。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            ("通过报社、电台等其它媒体公开信息166条。", &[("s.channel.other", 166.0)]),
            ("2009年共整理、录入、发布14条主动公开政府信息。", &[("s.proactive.total", 14.0)]),
            ("全年主动发布各类政府信息 876条。", &[("s.proactive.total", 876.0)]),
            ("全年共公开政府信息621条,", &[("s.proactive.total", 621.0)]),
            (
                "有序、全面推进有关信息主动公开,共计公开各类信息2936条(不同渠道和方式公开相同信息计1条),其中发布新闻动态392条。",
                &[("s.proactive.total", 2936.0)],
            ),
            ("我委(局)累计主动公开政府信息37条,其中政府规章文件类信息15条。", &[("s.proactive.total", 37.0)]),
            (
                "截至2017年12月31日,主动公开166条,其中在政府网站公开74条。",
                &[("s.proactive.total", 166.0), ("s.channel.website", 74.0)],
            ),
            ("全年依申请公开数0件。", &[("s.requests.received", 0.0)]),
            ("通过厅官方微信公众平台发布各类信息58条。", &[("s.channel.wechat", 58.0)]),
            ("利用宣传车公开栏等方式公开各类政府信息453条。", &[("s.channel.other", 453.0)]),
            ("在答复的申请中,“不予公开”的1件,占总数的10%。", &[("s.replies.denied", 1.0)]),
            ("办公室有4位兼职人员,主要负责政府信息公开工作。", &[("s.org.staff_part", 4.0)]),
            ("我景区配备了1名工作人员兼职负责政府信息公开的日常工作。", &[("s.org.staff_part", 1.0)]),
            ("(一)政府门户网站。2016年政府门户网站累计公开政府信息数12263条。", &[("s.channel.website", 12263.0)]),
            ("太平畈乡配备了4名专兼职工作人员,负责做好政府信息的网上公开。", &[("s.org.staff", 4.0)]),
            // Sums over the years and parts stay out.
            ("截至2018年底,累计主动公开政府信息5000条。", &[]),
            ("本单位到目前累计主动公开政府信息100条。", &[]),
            ("本地本单位到2015年底累计主动公开政府信息60条。", &[]),
            ("省政府及省直单位主动公开信息14.9万条,较上年增长96%。", &[]),
            ("县直各部门主动公开政府信息300条。", &[]),
            (
                "政府网站公开信息16499条,政务微博公开信息211条,政务微信公开信息710条,通过报刊、广播、电视等其他方式公开信息1986条。",
                &[
                    ("s.channel.website", 16499.0),
                    ("s.channel.weibo", 211.0),
                    ("s.channel.wechat", 710.0),
                    ("s.channel.other", 1986.0),
                ],
            ),
            (
                "我委通过政府在线主动公开政府信息756条,其中工作动态146条。",
                &[("s.channel.website", 756.0), ("s.proactive.total", 756.0)],
            ),
            (
                "本街道2017年共收到申请2件,均按时办结,其中申请公开信息不存在1件,不属于本行政机关公开1件。",
                &[
                    ("s.requests.received", 2.0),
                    ("s.replies.not_exist", 1.0),
                    ("s.replies.not_this_agency", 1.0),
                    ("s.requests.closed", 2.0),
                    ("s.requests.closed_on_time", 2.0),
                ],
            ),
            ("2017年度共收到依申请公开信息4件。", &[("s.requests.received", 4.0)]),
            (
                "本街道2017年共收到申请公开政府信息2件,均按时办结。",
                &[("s.requests.received", 2.0), ("s.requests.closed", 2.0), ("s.requests.closed_on_time", 2.0)],
            ),
            ("全年受理政府信息公开申请3件,已全部办结。", &[("s.requests.received", 3.0), ("s.requests.closed", 3.0)]),
            ("2014年,我局收到12起政府信息依申请公开,均严格按程序和时限办理。", &[("s.requests.received", 12.0)]),
            ("2012年度,我局收到政府信息公开申请总数为1起。", &[("s.requests.received", 1.0)]),
            ("其中,网上公开信息的数量120条。", &[("s.channel.website", 120.0)]),
            ("主要受理方式为信函3件、网络申请1件。", &[("s.requests.letter", 3.0), ("s.requests.online", 1.0)]),
            ("2012年,我局通过网上共受理0件依申请公开政府信息。", &[("s.requests.online", 0.0)]),
            ("我局通过网上共受理依申请公开政府信息3件。", &[("s.requests.online", 3.0)]),
            ("通过网站、信函等方式共受理依申请公开政府信息5件。", &[("s.requests.received", 5.0)]),
            (
                "通过政府门户网站主动公开信息506条,政策法规类13条,规范性文件22条,政府工作动态类471条。",
                &[("s.channel.website", 506.0), ("s.proactive.total", 506.0), ("s.proactive.normative", 22.0)],
            ),
            ("在公开的信息中,属于规范性文件信息共396条。", &[("s.proactive.normative", 396.0)]),
            ("全年制定规范性文件3件。", &[]),
            ("全年新增公开政府信息43条,信息公开网站点击次数10176次。", &[("s.proactive.total", 43.0)]),
            ("通过网络回复在线咨询5条。", &[("s.consult.online", 5.0)]),
            ("全年共召开6场新闻发布会,及时向社会公众公布重大警情。", &[("s.response.press_conferences", 6.0)]),
            (
                "2012年,南关区人民政府依托区政府门户网站务公开栏目,主动公开政府信息1786条。",
                &[("s.proactive.total", 1786.0), ("s.channel.website", 1786.0)],
            ),
            ("市司法局2013年主动公开39条政府信息。", &[("s.proactive.total", 39.0)]),
            (
                "2017年,全区累计主动公开政府信息22484条,依申请公开74件,办结率100%。",
                &[("s.proactive.total", 22484.0), ("s.requests.received", 74.0)],
            ),
            ("本年度,我局在各个平台共公开信息1638条。", &[("s.proactive.total", 1638.0)]),
            // A part spanning years: the whole sums them.
            ("主动公开信息总数207条,都属于网站公开数,其中2003年至2012年信息公开168条,2013年39条。", &[]),
            // Two channels each with its own figure: neither is the total; 渠道 between the
            // channel and the verb.
            (
                "2016年,我局通过政府网站渠道主动公开信息共459条,通过政务微博微信渠道主动公开信息共139条。",
                &[("s.channel.website", 459.0), ("s.channel.weibo_wechat", 139.0)],
            ),
            (
                "2015年,我局共发布主动公开政府信息311条,其中公开信息182条,微信6条,网络问政直通车回应47条。",
                &[("s.proactive.total", 311.0), ("s.channel.wechat", 6.0)],
            ),
            (
                "市局新浪、腾讯、人民、新华网四大微博,在原有基础上,进一步加大信息公开工作力度,全年累计发布政府信息342条,畅通了与网民的沟通渠道。",
                &[("s.channel.weibo", 342.0)],
            ),
            ("通过微博全年发布政府信息342条。", &[("s.channel.weibo", 342.0)]),
            ("全年组织各类培训27次、培训214人次。", &[("s.trainings", 27.0), ("s.trainees", 214.0)]),
            (
                "2010年全市各镇街、单位举办政府信息公开各类培训共31期,累计1162人次参训。",
                &[("s.trainings", 31.0), ("s.trainees", 1162.0)],
            ),
            ("来自局机关、直属单位的54名干部参加培训。", &[("s.trainees", 54.0)]),
            (
                "具体工作机构为综合处、信息保障中心,有两名工作人员,综合处一人负责政府信息的整理。",
                &[("s.org.staff", 2.0)],
            ),
            ("2010年我局配备了两名工作人员负责此项工作,落实了工作责任。", &[("s.org.staff", 2.0)]),
            (
                "领导小组下设办公室,主任由综合股负责人兼任,并抽调一名同志具体负责全局政府信息公开工作的集中推进和日常管理工作。",
                &[("s.org.staff", 1.0)],
            ),
            ("2011年,我县两次召开政府常务会议,专题研究政务公开和政府信息公开工作。", &[("s.meetings", 2.0)]),
            (
                "2011年,中心从事信息公开的工作人员有4名,全部是兼职人员。",
                &[("s.org.staff", 4.0), ("s.org.staff_part", 4.0)],
            ),
            ("将信息公开责任落实到办公室,配备2名具体工作人员。", &[("s.org.staff", 2.0)]),
            ("2018年,我局未涉及到要求政府信息公开的申请。", &[("s.requests.received", 0.0)]),
            ("我局2016年没收到政府信息公开申请。", &[("s.requests.received", 0.0)]),
            (
                "2016年无发生因违反政府信息公开工作规定而出现投诉、复议、诉讼情况。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            (
                "我局没有因政府信息公开申请行政复议、提起行政诉讼情况发生,也未收到与依法申请公开工作有关的举报和投诉。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            ("全市2013年共发生依申请公开政府信息6例。", &[("s.requests.received", 6.0)]),
            ("2、由街道信息报道组2人专人负责信息公开的整体规划、软硬件环境建设。", &[("s.org.staff", 2.0)]),
            ("确定党政办为依申请公开受理机构,按照A、B岗配置两名信息员,专门负责公开事宜。", &[("s.org.staff", 2.0)]),
            ("专门配备了13名(全职、兼职)工作人员(每个内设科室1名)。", &[("s.org.staff", 13.0)]),
            (
                "2013年没有发生一起由政府信息公开引发的行政复议、行政诉讼和行政申诉。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            (
                "2次参加市政府组织的在线访谈栏目;通过局门户网站受理咨询投诉405件。",
                &[("s.response.online_interviews", 2.0)],
            ),
            (
                "开展以“关注养老”为主题的3次在线访谈活动,3位分管副区长参与互动。",
                &[("s.response.online_interviews", 3.0)],
            ),
            (
                "2018年度我乡共主动公开政府信息113条,政府网站公开信息数71条,政务微信公开数63条。",
                &[("s.proactive.total", 113.0), ("s.channel.website", 71.0), ("s.channel.wechat", 63.0)],
            ),
            ("(一)主动公开政府信息的数量:2012年度全镇共公开政府信息140条。", &[("s.proactive.total", 140.0)]),
            ("2018年度我区政府门户网站发布信息总数为83条,其中政务动态34条。", &[("s.channel.website", 83.0)]),
            ("2010年,我镇通过门户网站公开各类信息46条。", &[("s.channel.website", 46.0), ("s.proactive.total", 46.0)]),
            (
                "2016年度我乡无一例因政府信息公开申请行政复议和提起行政诉讼发生。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            ("2017年,市统计局通过领导信箱互动版块,共解答网上咨询4人次。", &[("s.consult.online", 4.0)]),
            (
                "2017年,主动公开政府信息累计204条,通过政府网站公开信息数163 条,政务微信订阅号“印象理合务”(微信号:lhwz4822006)公开政府信息23条。",
                &[("s.proactive.total", 204.0), ("s.channel.website", 163.0)],
            ),
            ("截至2018年底,主动公开政府信息累计5000条。", &[]),
            // Through every channel: the whole (where a report stated its total before, as the
            // one this sentence comes from does, the first statement is the value).
            (
                "通过不同渠道和方式公开政府信息483条,其他方式公开政府信息条数共计6条。",
                &[("s.proactive.total", 483.0), ("s.channel.other", 6.0)],
            ),
            ("受理市党政门户网站转来咨询、领导指示件6条,并办结。", &[]),
            (
                "全年我镇在政府门户网站上主动公开信息数量为46件,内容涵盖政策文件。",
                &[("s.channel.website", 46.0), ("s.proactive.total", 46.0)],
            ),
            (
                "本局2014年通过桐乡市政府信息公开网主动公开政府信息92条,其中:政策文件类7条。",
                &[("s.channel.website", 92.0), ("s.proactive.total", 92.0)],
            ),
            (
                "微博微信公开信息361条,政府公报公开信息62条。",
                &[("s.channel.weibo_wechat", 361.0), ("s.channel.gazette", 62.0)],
            ),
            (
                "回应公众关注热点或重大舆情3次,组织政府网站在线访谈1次,政策解读稿件发布38篇,微博微信回应事件数3件,其他方式回应事件数1965件。",
                &[
                    ("s.response.hot_topics", 3.0),
                    ("s.response.online_interviews", 1.0),
                    ("s.response.interpretations", 38.0),
                    ("s.response.weibo_wechat", 3.0),
                    ("s.response.other", 1965.0),
                ],
            ),
            (
                "举办新闻发布会3次,发布政策解读稿3篇,通过官方微博回应事件5次,通过新闻媒体等其他方式回应事件12次。",
                &[
                    ("s.response.press_conferences", 3.0),
                    ("s.response.interpretations", 3.0),
                    ("s.response.weibo_wechat", 5.0),
                    ("s.response.other", 12.0),
                ],
            ),
            (
                "全县共受理政府信息公开申请1件,信函申请,答复办结政府信息公开申请1件。",
                &[("s.requests.received", 1.0), ("s.requests.closed", 1.0), ("s.requests.letter", 1.0)],
            ),
            ("全年政府信息公开类行政复议案件1件、行政诉讼案件0件。", &[("s.review.total", 1.0), ("s.suit.total", 0.0)]),
            ("政府信息公开相关费用全部在行政经费中列支,没有向申请人收费。", &[("s.fees_wan", 0.0)]),
            ("依申请公开收取的费用(检索费、复制费等)为0元。", &[("s.fees_yuan", 0.0)]),
            ("本区2016年度发生针对本单位有关政府信息公开事务的行政复议案0宗。", &[("s.review.total", 0.0)]),
            (
                "我单位2014年度共接受公众咨询20人次,其中咨询电话接听12人次,当面咨询接待8人次,网上咨询0人次。",
                &[
                    ("s.consult.total", 20.0),
                    ("s.consult.phone", 12.0),
                    ("s.consult.in_person", 8.0),
                    ("s.consult.online", 0.0),
                ],
            ),
            (
                "2013年有约4900人次通过各种方式向我局咨询涉税信息有关事务,其中现场咨询1600人次。",
                &[("s.consult.total", 4900.0), ("s.consult.in_person", 1600.0)],
            ),
            ("解答纳税人咨询达3000多人次,零投诉。", &[]),
            ("我单位专门配备了3名工作人员。主要做好政府信息公开工作。", &[]),
            ("为做好政府信息公开工作,专门配备了3名工作人员。", &[("s.org.staff", 3.0)]),
            (
                "我局没有从事政府信息公开工作的全职人员,兼职人员1人。",
                &[("s.org.staff_part", 1.0), ("s.org.staff_full", 0.0)],
            ),
            ("我单位政府信息公开的实际支出为1万元。", &[("s.org.spend_wan", 1.0)]),
            ("2013年用于税收宣传等产生的政府信息公开费用1万元。", &[("s.org.spend_wan", 1.0)]),
            (
                "我单位2014年公开的政府信息全部为主动公开,没有涉及依申请公开的政府信息。",
                &[("s.requests.received", 0.0)],
            ),
            ("全年未接到公民、法人和其他组织提出的政府信息公开申请。", &[("s.requests.received", 0.0)]),
            (
                "我办2010年度未发生针对本部门有关政府信息公开事务的行政复议案件和行政诉讼案件。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            ("本年度无向政府信息公开申请人进行收费的情况。", &[("s.fees_wan", 0.0)]),
            ("2014年我区各级工作部门依申请提供政府信息暂不收费。", &[]),
            ("全年未涉及政府信息公开的收费及减免情况。", &[]),
            ("共处理政府信息公开申请0件。", &[]),
            ("目前,区县已入驻审批服务部门和单位13个,开设窗口26个,共受理申请121510件。", &[]),
            ("今年我局共受理审批事项117件,办结171件,办结率100%。", &[]),
            ("2016年,我区累计在平潭政府采购信息网上主动公开政府采购项目信息189条,网上竞价423条。", &[]),
            ("收到12345政府热线转过来的工单共56件。", &[]),
            (
                "2012年全县共收到有关政府信息公开的申请21条，其中当面申请数18条，电子邮件申请数3条。",
                &[("s.requests.received", 21.0), ("s.requests.in_person", 18.0), ("s.requests.email", 3.0)],
            ),
            ("2014年全区收到有关政府信息公开的信函申请1条，已受理回复。", &[("s.requests.letter", 1.0)]),
            ("對公眾關注熱點或重大輿情給予回覆、引導共兩次。", &[("s.response.hot_topics", 2.0)]),
            ("县政府门户网站发布各类信息8632条,其中,发布政府信息公开信息共399条。", &[("s.proactive.total", 399.0)]),
            // Staff and reading places stated in the 概述 (Shanghai wording).
            (
                "本区目前已配备11名全职工作人员、 66名兼职工作人员,设立了45个专门的政府信息申请受理点,并开辟了15个公共查阅室。",
                &[("s.org.staff_full", 11.0), ("s.org.staff_part", 66.0), ("s.org.reading_points", 15.0)],
            ),
            (
                "为此,专门配备了1名兼职工作人员,设立了1个专门的信息申请受理点,并开辟了1个信息查阅点。",
                &[("s.org.staff_part", 1.0), ("s.org.reading_points", 1.0)],
            ),
            (
                "2018年度我镇共收到4件信息公开申请,其中网络申请2件。",
                &[("s.requests.received", 4.0), ("s.requests.online", 2.0)],
            ),
            (
                "在已经答复的1件申请中,“同意公开”的1件,占总数的100%。",
                &[("s.replies.total", 1.0), ("s.replies.granted", 1.0)],
            ),
            ("在已经答复的2件申请中。\n“同意公开”的2件。", &[("s.replies.total", 2.0), ("s.replies.granted", 2.0)]),
            (
                "主动公开政府信息20条,受理政府信息公开申请13件,答复13件,未收到行政复议。",
                &[
                    ("s.proactive.total", 20.0),
                    ("s.requests.received", 13.0),
                    ("s.replies.total", 13.0),
                    ("s.review.total", 0.0),
                ],
            ),
            (
                "2017年,受理政府信息公开申请2件,按时办结2件,出具依申请答复书2件。",
                &[("s.requests.received", 2.0), ("s.requests.closed_on_time", 2.0), ("s.replies.total", 2.0)],
            ),
            ("2013年度没有依申请公开信息的情况。", &[("s.requests.received", 0.0)]),
            ("本年度沒有申請公開政府信息和不予公開政府信息的情況。", &[("s.requests.received", 0.0)]),
            ("2016年度未收到任何形式的有关信息公开方面的咨询。", &[("s.consult.total", 0.0)]),
            (
                "5、因政府信息公开申请行政复议、提起行政诉讼的情况。无。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            ("6、政府信息公开工作存在的主要问题及改进情况。无。", &[]),
            ("其他信息10条;运用微信、微博发布信息102条", &[("s.channel.weibo_wechat", 102.0)]),
            (
                "全旗各地、各部门累计通过“乌审旗发布”微信平台、“乌审旗发布”新浪微博等新媒体渠道公开信息16435条,切实提高了工作透明度。",
                &[("s.channel.weibo_wechat", 16435.0)],
            ),
            (
                "全年公开政府信息995845条,较上年增长7.5%。公开规范性文件9621件,其中省政府及办公厅198件。",
                &[("s.proactive.total", 995845.0), ("s.proactive.normative", 9621.0)],
            ),
            // Applications by form with 形式, and the legacy table's kinds of reply in quotes.
            (
                "共收到公开政府信息申请23件,当面申请14件,占60.9%;以传真形式申请1件,占4.3%;以信函形式申请8件,占34.8%。",
                &[
                    ("s.requests.received", 23.0),
                    ("s.requests.in_person", 14.0),
                    ("s.requests.fax", 1.0),
                    ("s.requests.letter", 8.0),
                ],
            ),
            (
                "共办理23件依申请案件,“属于已主动公开范围”的8件,“告知作出更改补充”的2件,“告知通过其他途径办理”的1件。",
                &[("s.replies.already_public", 8.0), ("s.replies.correction", 2.0), ("s.replies.other_channel", 1.0)],
            ),
            (
                "全市共受理政府信息公开申请69件,答复69件,同意公开39件,部分公开6件。",
                &[
                    ("s.requests.received", 69.0),
                    ("s.replies.total", 69.0),
                    ("s.replies.granted", 39.0),
                    ("s.replies.partial", 6.0),
                ],
            ),
            ("2011年度,兰州市共收到申请政府信息公开26件(次)。", &[("s.requests.received", 26.0)]),
            // Outcomes follow the kind of case named last.
            (
                "全市因政府信息公开发生的行政复议8件,维持4件,责令履行4件;行政诉讼5件,3件驳回诉求,2件正在审理中。",
                &[
                    ("s.review.total", 8.0),
                    ("s.review.upheld", 4.0),
                    ("s.review.corrected", 4.0),
                    ("s.suit.total", 5.0),
                    ("s.suit.upheld", 3.0),
                ],
            ),
            // Zero for each kind a zero sum lists; 未受到 and 无被申请 as negations.
            (
                "我局2017年度共受理有关政府信息公开工作的行政复议、行政诉讼和申诉案件0件。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0), ("s.complaints", 0.0)],
            ),
            ("2018年度,我局未受到公民、法人、其他组织申请公开政府信息。", &[("s.requests.received", 0.0)]),
            (
                "截至2018年12月31日,我局因政府信息公开无被申请行政复议、提起行政诉讼。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            // Staff, reading places, trainings and meetings.
            (
                "局机关配备了1名教育政务信息公开工作专职干部、2名兼职干部。",
                &[("s.org.staff_full", 1.0), ("s.org.staff_part", 2.0)],
            ),
            ("配备两名工作人员,其中专职与兼职人员各一人。", &[("s.org.staff_full", 1.0), ("s.org.staff_part", 1.0)]),
            ("目前,全县已配备政府信息公开专、兼职工作人员109人。", &[("s.org.staff", 109.0)]),
            ("2012年,全市共设置政府信息查阅场所1079个,接待查阅人数21599人次。", &[("s.org.reading_points", 1079.0)]),
            ("2011年,参加省市培训6次,组织各单位进行业务培训8次。", &[("s.trainings", 8.0)]),
            ("全年共举办政务公开培训和召开专题会议各3次。", &[("s.trainings", 3.0), ("s.meetings", 3.0)]),
            ("3、强化培训,常抓不懈。举办二期信息公开条例等制度的学习和培训。", &[("s.trainings", 2.0)]),
            (
                "本局共接受市民针对政府信息公开的咨询0次,其中当面接待0次。",
                &[("s.consult.total", 0.0), ("s.consult.in_person", 0.0)],
            ),
            // Proactive totals and channels in other wordings.
            (
                "通过政府网站向外发布信息共895条,其中工作动态603条。",
                &[("s.channel.website", 895.0), ("s.proactive.total", 895.0)],
            ),
            (
                "通过市外侨办政务外网及市政府门户网站主动发布信息总量达200条。",
                &[("s.channel.website", 200.0), ("s.proactive.total", 200.0)],
            ),
            (
                "我局网站2015年度主动公开政务信息(包括:政务公开、办事服务等4个一级栏目,组织机构等33个二级栏目)共计76855条。",
                &[("s.channel.website", 76855.0), ("s.proactive.total", 76855.0)],
            ),
            ("截至2009 年底,我镇人民政府累计主动公开2009年度政府信息28条。", &[("s.proactive.total", 28.0)]),
            ("积极组织各级主体单位,累计通过各种渠道、形式公开政府信息52037条。", &[("s.proactive.total", 52037.0)]),
            (
                "主动通过“中国?廊坊”政府门户网站政府信息公开平台发布各类政府信息21503条,其中发布规范性政府信息345条。",
                &[("s.proactive.total", 21503.0), ("s.proactive.normative", 345.0)],
            ),
            (
                "通过微信公众号公开政府动态信息通知公告、政策法规等信息共238条,同比增量29条。",
                &[("s.channel.wechat", 238.0)],
            ),
            (
                "其中:政府网站公开政府信息数46条,政务微信公开政府信息数58条,其他方式24条。",
                &[("s.channel.website", 46.0), ("s.channel.wechat", 58.0), ("s.channel.other", 24.0)],
            ),
            // A sentence wholly in brackets, its full stop inside them, is read; the figure before
            // it, printed without its unit, too.
            (
                "2018年,我镇公开信息238。(其中:政府网站公开政府信息数203条,政务微信公开政府信息数21条。)",
                &[("s.proactive.total", 238.0), ("s.channel.website", 203.0), ("s.channel.wechat", 21.0)],
            ),
            // Two ways counted together are neither's count, except where their sum is 0.
            (
                "2018年我局受理依申请公开11件,其中网上申请2件、信函传真申请9件。",
                &[("s.requests.received", 11.0), ("s.requests.online", 2.0)],
            ),
            ("以传真、电报形式申请0件,占总数的0%。", &[("s.requests.fax", 0.0)]),
            ("通过电子邮件提交的申请0件。", &[("s.requests.email", 0.0)]),
            ("我局2008年度依申请受理信息公开申请:无。", &[("s.requests.received", 0.0)]),
            ("“非本机关掌握”的0件,占总数的0%。", &[("s.replies.not_this_agency", 0.0)]),
            ("已答复的申请0件。", &[("s.replies.total", 0.0)]),
            ("(二)答复情况。无。", &[("s.replies.total", 0.0)]),
            ("本年度共制作政府信息184条,其中主动公开55条,依申请公开3条。", &[("s.proactive.total", 55.0)]),
            ("2013年,我县(阳西县人民政府网、四公开平台)累计公开政府信息1324条。", &[("s.proactive.total", 1324.0)]),
            ("及时公开了机构职能、政策信息等信息,总共公开信息28条。", &[("s.proactive.total", 28.0)]),
            ("从信息公开的形式来看,在区政府信息公开网上公布41条。", &[("s.channel.website", 41.0)]),
            (
                "落实具体人员负责政府信息公开工作(其中全职2人,兼职4人)。",
                &[("s.org.staff_full", 2.0), ("s.org.staff_part", 4.0)],
            ),
            (
                "设有政府信息公开工作机构1个,11名工作人员负责具体信息公开情况。",
                &[("s.org.units", 1.0), ("s.org.staff", 11.0)],
            ),
            (
                "2015年全州政府信息公开专门工作机构13个,举办各类培训班83次,参加人数达7681人次。",
                &[("s.org.units", 13.0), ("s.trainings", 83.0), ("s.trainees", 7681.0)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(facts(text), want.to_vec(), "{text}");
        }
    }

    /// Wordings of the legacy reports of the tenth session's batches (ho, hp, hr, hs).
    #[test]
    fn channels_staff_and_replies_in_more_wordings() {
        let cases: &[(&str, &[(&str, f64)])] = &[
            (
                "专(兼)职工作人员共991人,其中专职人员689人,兼职302人。",
                &[("s.org.staff", 991.0), ("s.org.staff_full", 689.0), ("s.org.staff_part", 302.0)],
            ),
            ("目前我委共配备了1名专职、26名兼职工作人员。", &[("s.org.staff_full", 1.0), ("s.org.staff_part", 26.0)]),
            ("在门户网站发布各类文字、图片信息共905条。", &[("s.channel.website", 905.0)]),
            // A verb of publishing and a short name of the items; the channel before the verb.
            ("2017年,我局通宣城政府门户网站发布政务公开信息372条。", &[("s.channel.website", 372.0)]),
            (
                "其中,街道官方微信发布信息782条,信息公开网发布政务动态信息67条。",
                &[("s.channel.wechat", 782.0), ("s.channel.website", 67.0)],
            ),
            ("2011年,我局共在“广州金盾网”更新各类政务信息4884条。", &[("s.channel.website", 4884.0)]),
            ("通过《蛇口讯息报》、《深圳晚报》等媒体提供政府新闻信息49条。", &[("s.channel.other", 49.0)]),
            (
                "我局共发布信息47条,政务微信信息数9条,网站信息数38条。",
                &[("s.channel.wechat", 9.0), ("s.channel.website", 38.0)],
            ),
            // A channel named alone, beside a site named by its name.
            (
                "通过鞍山档案信息网公开信息614条,政务微博1173条。",
                &[("s.channel.website", 614.0), ("s.channel.weibo", 1173.0)],
            ),
            // 累计 followed by the year's part of it: the part is the year's total.
            (
                "年内,我局在公安服务网站累计主动公开政府信息1568条,全文电子化达100%,其中2018年度我局共主动公开政府信息181条。",
                &[("s.proactive.total", 181.0)],
            ),
            (
                "到2016年底累计主动公开政府信息2683条,其中,本年度新增的主动公开政府信息630条,新增行政规范性文件1条。",
                &[("s.proactive.total", 630.0), ("s.proactive.normative", 1.0)],
            ),
            (
                "本年度市政府依申请公开信息办理数39件,全部同意公开。",
                &[("s.replies.total", 39.0), ("s.replies.granted", 39.0)],
            ),
            (
                "2012年共办理依申请公开3件,均同意公开,并按时对申请人进行答复。",
                &[("s.replies.total", 3.0), ("s.replies.granted", 3.0)],
            ),
            ("目前,暂无申请行政复议、提起行政诉讼。", &[("s.review.total", 0.0), ("s.suit.total", 0.0)]),
            ("全区设立区级政府信息公开服务场所7处。", &[("s.org.reading_points", 7.0)]),
            ("2012年度,主动公开了涉公安政府信息120条。", &[("s.proactive.total", 120.0)]),
            ("2017年,我局主动公开和更新各类信息1635条。", &[("s.proactive.total", 1635.0)]),
            (
                "我乡今年来主动公开的信息数共有164条,其中:工作动态类信息122条;政策解读6条。",
                &[("s.proactive.total", 164.0), ("s.response.interpretations", 6.0)],
            ),
            (
                "2017年度主动公开政府信息总数397条,其中369条通过政府网站公开,28条通过政务微信公开。",
                &[("s.proactive.total", 397.0), ("s.channel.website", 369.0), ("s.channel.wechat", 28.0)],
            ),
            // A figure printed without its unit, at the end of its clause.
            (
                "三、依申请公开政府信息情况\n我局共受理政府信息公开申请0\n四、咨询处理情况",
                &[("s.requests.received", 0.0)],
            ),
            ("已到答复期的3件申请全部按期答复。", &[("s.replies.total", 3.0)]),
            ("2015年度我委已申请公开五例。", &[("s.requests.received", 5.0)]),
            ("政府信息公开申请数为2,当面申请数为2条。", &[("s.requests.received", 2.0), ("s.requests.in_person", 2.0)]),
            ("本报告年度我局收到1条申请政府信息公开的受理件。", &[("s.requests.received", 1.0)]),
            ("公开的形式主要是在信息公开专栏或信息公开网站发布信息,共20条。", &[("s.channel.website", 20.0)]),
            (
                "政务微信公开政府信息83条,报刊发布2次。政策解读信息1次。",
                &[("s.channel.wechat", 83.0), ("s.response.interpretations", 1.0)],
            ),
            ("同时在政府网站部门动态栏目及时发布各类公安政府公开信息666条。", &[("s.channel.website", 666.0)]),
            ("共主动公开政府信息16项65条,其中包括公开年报1条。", &[("s.proactive.total", 65.0)]),
            (
                "截至12月31日,2017年度共公开的政府信息48条,其中,主动公开信息23条,制发规范性文件总数2件。",
                &[("s.proactive.total", 23.0), ("s.proactive.normative_issued", 2.0)],
            ),
            ("2014年,我局主动在政府信息平台、微博、微信等媒介上公开政务信息4287。", &[("s.proactive.total", 4287.0)]),
            (
                "2012年度,没有单位或个人向我局提出申请信息公开事项,所以也不存在向申请人收取费用。",
                &[("s.requests.received", 0.0), ("s.fees_wan", 0.0)],
            ),
            ("2015年度收到公众来信申请政府信息公开1人次,我局已按期办结。", &[("s.requests.received", 1.0)]),
            (
                "共收到政府信息公开申请63项,全部在规定时限内予以答复,其中属于已经主动公开的2项,依法不属于本行政机关公开或信息不存在的51项,申请内容不明确要求补正申请的1项。",
                &[
                    ("s.requests.received", 63.0),
                    ("s.replies.already_public", 2.0),
                    ("s.replies.not_this_agency_or_not_exist", 51.0),
                    ("s.replies.correction", 1.0),
                ],
            ),
            ("在乡政府设立三处公开查询点。", &[("s.org.reading_points", 3.0)]),
            (
                "截至2014年12月31日,在县政府网站累计公开政府信息846条,其中本年度在县政府网站及本单位门户网站公开214条。",
                &[("s.channel.website", 214.0), ("s.proactive.total", 214.0)],
            ),
            ("2017年,没有公民、法人和其他团体向我局申请公开政府信息。", &[("s.requests.received", 0.0)]),
            (
                "本年度没有受理政府信息公开申请,也没有接受到政府信息公开方面的咨询。",
                &[("s.requests.received", 0.0), ("s.consult.total", 0.0)],
            ),
            ("(一)受理申请的数量\n没有收到过相关申请。", &[("s.requests.received", 0.0)]),
            (
                "(二)申请处理情况。我办按时办结数517件,延期办结8件。其中属于已经主动公开的2件,同意公开答复292件,申请补正信息的2件。",
                &[
                    ("s.requests.closed_on_time", 517.0),
                    ("s.requests.closed_extended", 8.0),
                    ("s.replies.already_public", 2.0),
                    ("s.replies.granted", 292.0),
                    ("s.replies.correction", 2.0),
                ],
            ),
            (
                "政府信息公开申请2条。同意公开答复1条,由于信息不存在否决公开答复1条。",
                &[("s.replies.granted", 1.0), ("s.replies.not_exist", 1.0)],
            ),
            (
                "其中,通过政府公报公开信息188条、政府网站发布信息6577条、政务微博发布508条、政务微信1015条、其它便于公众知晓的方式公开信息3626条。",
                &[
                    ("s.channel.gazette", 188.0),
                    ("s.channel.website", 6577.0),
                    ("s.channel.weibo", 508.0),
                    ("s.channel.wechat", 1015.0),
                    ("s.channel.other", 3626.0),
                ],
            ),
            (
                "全县各乡镇政府、县政府各部门及有关公共企事业单位2017年通过各类载体主动公开政府信息19686条。",
                &[("s.proactive.total", 19686.0)],
            ),
            ("其中,概况类信息43条、规范性文件类信息361条。", &[("s.proactive.normative", 361.0)]),
            ("二是通过硚口信息网向社会主动公开信息10033条。", &[("s.channel.website", 10033.0)]),
            ("政策解读稿件发布11次。", &[("s.response.interpretations", 11.0)]),
            ("每年安排政府信息公开工作经费3万元。", &[("s.org.budget_wan", 3.0)]),
            ("本乡主要领导高度重视政府信息公开工作,由1人专门负责此项工作。", &[("s.org.staff", 1.0)]),
            (
                "(三)回应解读情况。我办在2018年回应公众关注热点或重大舆情数,包括正面舆情和负面舆情共13次。",
                &[("s.response.hot_topics", 13.0)],
            ),
            (
                "(一)2009年通江街道主动公开政府信息的数量。2009年我街政府信息公开的数量有24件。",
                &[("s.proactive.total", 24.0)],
            ),
            ("2014年,共主动公开信息222条,累计主动公开信息2382条。", &[("s.proactive.total", 222.0)]),
            ("三、依申请公开政府信息和不予公开政府信息情况。我镇2016年度无申请。", &[("s.requests.received", 0.0)]),
            ("全年收到依申请公开件2件,及时同申请人沟通对接。", &[("s.requests.received", 2.0)]),
            (
                "2016年共主动公开政府信息1915条,答复依申请公开2个。",
                &[("s.proactive.total", 1915.0), ("s.replies.total", 2.0)],
            ),
            ("2016年在桐乡市政府门户网站(政府信息公开平台)主动公布政府信息有71条。", &[("s.channel.website", 71.0)]),
            (
                "全年发生因政府信息公开而被申请行政复议、提起行政诉讼的案件0件。",
                &[("s.review.total", 0.0), ("s.suit.total", 0.0)],
            ),
            (
                "本年度,在乡人民政府网站共主动公开185份政务信息。",
                &[("s.channel.website", 185.0), ("s.proactive.total", 185.0)],
            ),
            ("1.主动公开政府信息的情况:81条", &[("s.proactive.total", 81.0)]),
            ("2017年举办培训班2次,培训人员4人次。", &[("s.trainings", 2.0), ("s.trainees", 4.0)]),
            // Found by the eleventh session's unseen batches (hx, hz, ic, id).
            ("街道在2013年共举办4次培训,参加人数为34人。", &[("s.trainings", 4.0), ("s.trainees", 34.0)]),
            ("2010年,龙华街道公开信息总数为13条。", &[("s.proactive.total", 13.0)]),
            ("截止2010年末,累计公开信息总数7条,其中,街道公开信息分别为2条。社区公开信息5条。", &[]),
            ("2010年,街道在本单位政务公开大厅公开信息8条。", &[("s.channel.other", 8.0)]),
            (
                "截止2010年末,全街从事信息公开工作人员数7人,兼职人员7人。",
                &[("s.org.staff", 7.0), ("s.org.staff_part", 7.0)],
            ),
            ("专门配备了1名政府信息公开工作人员负责相关工作。", &[("s.org.staff", 1.0)]),
            ("并安排了3名办公室工作人员兼职负责政务公开的日常工作。", &[("s.org.staff_part", 3.0)]),
            (
                "截至2016年12月31日,松阳县卫生和计划生育局共发文191份,其中属于主动公开的71份。",
                &[("s.proactive.total", 71.0)],
            ),
            ("回应公众关注热点42条。", &[("s.response.hot_topics", 42.0)]),
            (
                "全年共主动公开政府信息963条,其中:发布工作信息580条;制定并发布规范性文件7件。",
                &[("s.proactive.total", 963.0), ("s.proactive.normative", 7.0)],
            ),
            ("制定规范性文件7件。", &[]),
            (
                "2011年,厅公众服务网共公开政府信息1170条。",
                &[("s.channel.website", 1170.0), ("s.proactive.total", 1170.0)],
            ),
            (
                "2009年,省卫生厅门户网站(辽宁卫生信息网)主动公开发布政府信息897条。",
                &[("s.channel.website", 897.0), ("s.proactive.total", 897.0)],
            ),
            (
                "所有申请已全部办理完毕,并按申请人要求的方式进行了答复。其中,同意公开1000件,占83.9%;部分公开25件,占2.1%。",
                &[("s.replies.granted", 1000.0), ("s.replies.partial", 25.0)],
            ),
            (
                "按申请人要求的方式进行了答复。其中,因涉及国家秘密而不予公开53件。",
                &[("s.replies.denied", 53.0), ("s.replies.denied_state_secret", 53.0)],
            ),
            ("本局2017年度未发生电话及当面咨询。", &[("s.consult.phone", 0.0), ("s.consult.in_person", 0.0)]),
            ("2015年度我委处理电话咨询48例。", &[("s.consult.phone", 48.0)]),
            // Found by the batches ij, ik, im.
            ("全年发布政务微博(新浪微博、腾讯微博)60条。", &[("s.channel.weibo", 60.0)]),
            ("2018年,我市各级政府共公开信息38482条,其中。", &[("s.proactive.total", 38482.0)]),
            ("2018年,市政府新闻办共组织开展了30次新闻发布会。", &[("s.response.press_conferences", 30.0)]),
            ("本单位全年通过报纸公开5条。", &[("s.channel.other", 5.0)]),
            ("并开辟了11个公共查阅点、1个电子阅览室。", &[("s.org.reading_points", 11.0)]),
            // Found by the batches in and ip.
            ("一年来我局主动公开各类政务信息351条。", &[("s.proactive.total", 351.0)]),
            ("截至2013年底,本年度累计主动公开各类政府信息327条。", &[("s.proactive.total", 327.0)]),
            // The year's new items in a sentence of their own after a sum over the years.
            (
                "本部门网站主动公开政府信息累计达173条,其中公文类信息62条。2010年新增 49条。",
                &[("s.proactive.total", 49.0)],
            ),
            ("截至2015年底,累计公开信息1200条。本年度新增86条。", &[("s.proactive.total", 86.0)]),
            // (Not after a count of the year itself.)
            ("2014年,共主动公开信息222条。新增12条。", &[("s.proactive.total", 222.0)]),
            ("2011年,共主动公开全文电子化政府信息282条。", &[("s.proactive.total", 282.0)]),
            ("2011年,受理依申请公开信息 10宗,已答复9宗。", &[("s.requests.received", 10.0), ("s.replies.total", 9.0)]),
            (
                "2015年,我乡在朝天区政府网站公开本年度信息 69条,其中,乡文件13条。",
                &[("s.channel.website", 69.0), ("s.proactive.total", 69.0)],
            ),
            ("结合我镇实际,对全年政府工作形成的信息进行了梳理,全年共上传信息385条。", &[("s.proactive.total", 385.0)]),
            (
                "2012年平潭综合实验区环境与国土资源局通过“中国平潭”网站进行政府信息公开53条。",
                &[("s.channel.website", 53.0), ("s.proactive.total", 53.0)],
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(text, want)| facts(text) != want.to_vec())
            .map(|(text, want)| format!("{text}\n  got  {:?}\n  want {want:?}", facts(text)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        // A list item that names the channel, its count in the sentence after it.
        let listed = "(二)通过不同渠道和方式公开政府信息的情况\n2、政务微博。2017年发布信息38条。\n3、政务微信。2017年发布信息339条。\n4、其他方式。2017年公开各类政府信息1088条。";
        assert_eq!(
            facts(listed),
            vec![("s.channel.weibo", 38.0), ("s.channel.wechat", 339.0), ("s.channel.other", 1088.0)]
        );
        // A total read from the one channel a sentence names yields to the total stated as such.
        let whole = "2013年我局在市政府门户网站主动公开政府信息174条。其中:政策文件类信息4条。在局门户网站上共公布各类信息242条。主动公开信息总量425条。";
        let got = facts(whole);
        assert!(got.contains(&("s.proactive.total", 425.0)) && !got.contains(&("s.proactive.total", 174.0)), "{got:?}");
        let asked = "三、依申请公开情况\n(一)2017年收到申请数7件,当面申请数2件,信函申请数3件。";
        assert_eq!(
            facts(asked),
            vec![("s.requests.received", 7.0), ("s.requests.in_person", 2.0), ("s.requests.letter", 3.0)]
        );
    }

    /// A text wrapped at a fixed width is read across its lines; headings and titles are not
    /// run into the sentence after them.
    #[test]
    fn spans_of_years() {
        for (text, want) in [
            ("其中2003年至2012年信息公开168条", true),
            ("其中2003至2012年", true),
            ("其中2003年—2012年,", true),
            ("其中2013年39条", false),
            ("其中12003年至2012年", false),
            ("其中2003年至2012", false),
            ("其中2003年至201", false),
            ("", false),
        ] {
            assert_eq!(spans_years(text), want, "{text}");
        }
    }

    #[test]
    fn wrapped_sentences_are_read_across_lines() {
        let wrapped = "(一)人员配备\n根据《条例》要求,2012 年,统计局队配备了 4 名政府信\n息公开全职工作人员,60名兼职工作人员,设有 1个专门的信\n息申请受理点。";
        assert_eq!(facts(wrapped), vec![("s.org.staff_full", 4.0), ("s.org.staff_part", 60.0)]);
        let heading = "4、对公民、法人和其他组织的收费情况\n本年度无向政府信息公开申请人进行收费的情况。";
        assert_eq!(facts(heading), vec![("s.fees_wan", 0.0)]);
        let numbered = "二、2015年政府信息主动公开工作\n1、公开内容\n全年共公开政府信息621条,";
        assert_eq!(facts(numbered), vec![("s.proactive.total", 621.0)]);
    }

    #[test]
    fn percents_and_categories() {
        let text = "全县全年主动公开政府信息16499条。其中,机构职能类信息352条,占2%;法规文件类信息288条,占2%;业务动态类信息11785条,占72%;行政执法类892条,占5%;其他信息3182条,占19%。";
        let doc = Doc::build(RawDoc { blocks: vec![RawBlock::Text(text.to_string())] }, &Normalizer::new());
        let n = scan(&doc);
        assert_eq!(n.percents.len(), 5);
        let p = &n.percents[2];
        assert_eq!((p.part, p.whole, p.stated), (11785.0, 16499.0, 72.0));
        assert_eq!(p.label, "业务动态类信息");
        assert_eq!(n.categories.len(), 1);
        assert_eq!(n.categories[0].total, 16499.0);
        assert_eq!(n.categories[0].parts.len(), 5);
    }
}
