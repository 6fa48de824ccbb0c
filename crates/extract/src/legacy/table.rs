//! The indicator table (政府信息公开情况统计表) of legacy reports in its printed forms: pipe
//! or structured rows (指标 | 单位 | 数量), one cell per line, cells separated by spaces, and
//! cells run together without separators in archived page text (split by the sum rules).

use gongkai_core::report::{DuplicateLabel, Uncertain};
use gongkai_core::{Evidence, Figure};

use crate::doc::Doc;
use crate::number::{Cell, parse_cell};

/// Unit words of the indicator table, longest first.
pub(crate) const UNITS: &[&str] = &["人次", "万元", "条", "件", "次", "篇", "个", "人", "元", "项", "宗"];

/// One printed row of the table: label, unit and the figures after it.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// The label as printed (normalised), with numbering.
    pub label: String,
    /// Item number ("1." → 1) when printed.
    pub number: Option<u32>,
    /// Whether the label starts with 其中.
    pub of_which: bool,
    pub unit: Option<&'static str>,
    /// Figures after the label (digit strings; `None` for a blank cell).
    pub values: Vec<Option<String>>,
    /// Index into `doc.lines`.
    pub line: usize,
    /// Column of the figure when the row came from cells.
    pub col: Option<usize>,
    /// Whether the row was read from running text (cells may be run together).
    pub stream: bool,
    /// Table name as printed (附表2) when known.
    pub table_name: String,
    /// Which table (segment of the document) the row belongs to.
    pub seg: usize,
}

/// What the table reader found.
#[derive(Debug, Default)]
pub(crate) struct TableResult {
    pub values: Vec<(&'static str, Figure, Evidence)>,
    pub duplicates: Vec<DuplicateLabel>,
    pub uncertain: Vec<Uncertain>,
    /// Labels of parts and their figures under a parent row (for category checks).
    pub items: Vec<(Option<&'static str>, String, Option<f64>)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Group {
    None,
    Review,
    Suit,
}

/// Label variants (after removing numbering, notes and spaces) → key.
const LABELS: &[(&str, &str)] = &[
    ("主动公开政府信息数", "s.proactive.total"),
    ("主动公开政府信息总数", "s.proactive.total"),
    ("主动公开信息数", "s.proactive.total"),
    ("主动公开信息总数", "s.proactive.total"),
    ("主动公开文件数", "s.proactive.total"),
    ("主动公开规范性文件数", "s.proactive.normative"),
    ("制发规范性文件总数", "s.proactive.normative_issued"),
    ("制发规范性文件数", "s.proactive.normative_issued"),
    ("政府公报公开政府信息数", "s.channel.gazette"),
    ("政府公报公开信息数", "s.channel.gazette"),
    ("政府公报公开数", "s.channel.gazette"),
    ("政府公报公开", "s.channel.gazette"),
    ("政府网站公开政府信息数", "s.channel.website"),
    ("政府网站公开信息数", "s.channel.website"),
    ("政府网站公开数", "s.channel.website"),
    ("政府网站公开", "s.channel.website"),
    ("网站公开数", "s.channel.website"),
    ("网站公开", "s.channel.website"),
    ("政务微博公开政府信息数", "s.channel.weibo"),
    ("政务微博公开数", "s.channel.weibo"),
    ("政务微信公开政府信息数", "s.channel.wechat"),
    ("政务微信公开数", "s.channel.wechat"),
    ("其他方式公开政府信息数", "s.channel.other"),
    ("其他方式公开数", "s.channel.other"),
    ("微博微信公开政府信息数", "s.channel.weibo_wechat"),
    ("政务微博微信公开政府信息数", "s.channel.weibo_wechat"),
    ("回应公众关注热点或重大舆情数", "s.response.hot_topics"),
    ("参加或举办新闻发布会总次数", "s.response.press_conferences"),
    ("参加或举办新闻发布会次数", "s.response.press_conferences"),
    ("主要负责同志参加新闻发布会次数", "s.response.press_conferences_lead"),
    ("政府网站在线访谈次数", "s.response.online_interviews"),
    ("主要负责同志参加政府网站在线访谈次数", "s.response.online_interviews_lead"),
    ("政策解读稿件发布数", "s.response.interpretations"),
    ("微博微信回应事件数", "s.response.weibo_wechat"),
    ("其他方式回应事件数", "s.response.other"),
    ("收到申请数", "s.requests.received"),
    ("收到申请总数", "s.requests.received"),
    ("申请总数", "s.requests.received"),
    ("受理申请总数", "s.requests.received"),
    ("受理申请数", "s.requests.received"),
    ("受理依申请公开信息总数", "s.requests.received"),
    ("受理依申请公开申请总数", "s.requests.received"),
    ("受理政府信息公开申请总数", "s.requests.received"),
    ("受理政府信息公开申请数", "s.requests.received"),
    ("当面申请数", "s.requests.in_person"),
    ("传真申请数", "s.requests.fax"),
    ("网络申请数", "s.requests.online"),
    ("网上申请数", "s.requests.online"),
    ("电子邮件申请数", "s.requests.email"),
    ("信函申请数", "s.requests.letter"),
    ("其他形式申请数", "s.requests.other_form"),
    ("其他方式申请数", "s.requests.other_form"),
    ("申请办结数", "s.requests.closed"),
    ("按时办结数", "s.requests.closed_on_time"),
    ("延期办结数", "s.requests.closed_extended"),
    ("申请答复数", "s.replies.total"),
    ("申请答复总数", "s.replies.total"),
    ("对申请的答复总数", "s.replies.total"),
    ("对申请的答复数", "s.replies.total"),
    ("属于已主动公开范围数", "s.replies.already_public"),
    ("同意公开答复数", "s.replies.granted"),
    ("同意公开", "s.replies.granted"),
    ("同意部分公开答复数", "s.replies.partial"),
    ("同意部分公开", "s.replies.partial"),
    ("不同意公开答复数", "s.replies.denied"),
    ("不同意公开", "s.replies.denied"),
    ("不予公开答复数", "s.replies.denied"),
    ("否决公开答复数", "s.replies.denied"),
    ("涉及国家秘密", "s.replies.denied_state_secret"),
    ("涉及商业秘密", "s.replies.denied_commercial_secret"),
    ("涉及个人隐私", "s.replies.denied_privacy"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "s.replies.denied_security"),
    ("不是《条例》所指政府信息", "s.replies.denied_not_gov_info"),
    ("法律法规规定的其他情形", "s.replies.denied_other_law"),
    ("不属于本行政机关公开数", "s.replies.not_this_agency"),
    ("申请信息不存在数", "s.replies.not_exist"),
    ("非本机关或信息不存在", "s.replies.not_this_agency_or_not_exist"),
    ("非本机关或信息不存在数", "s.replies.not_this_agency_or_not_exist"),
    ("告知作出更改补充数", "s.replies.correction"),
    ("告知通过其他途径办理数", "s.replies.other_channel"),
    ("行政复议数量", "s.review.total"),
    ("行政复议数", "s.review.total"),
    ("行政诉讼数量", "s.suit.total"),
    ("行政诉讼数", "s.suit.total"),
    ("维持具体行政行为或者驳回原告诉讼请求数", "s.suit.upheld"),
    ("举报投诉数量", "s.complaints"),
    ("举报投诉数", "s.complaints"),
    ("行政申诉数", "s.complaints"),
    ("行政申诉、举报数", "s.complaints"),
    ("接受行政申诉、举报数", "s.complaints"),
    ("行政申诉举报数", "s.complaints"),
    ("政府信息公开工作专门机构数", "s.org.units"),
    ("设置政府信息公开查阅点数", "s.org.reading_points"),
    ("从事政府信息公开工作人员数", "s.org.staff"),
    ("专职人员数", "s.org.staff_full"),
    ("兼职人员数", "s.org.staff_part"),
    ("召开政府信息公开工作会议或专题会议数", "s.meetings"),
    ("举办各类培训班数", "s.trainings"),
    ("接受培训人员数", "s.trainees"),
    // The older table of some provinces (2008–2011: 指标名称 | 单位 | 数量).
    ("正式受理政府信息公开申请数", "s.requests.received"),
    ("办结", "s.requests.closed"),
    ("同意提供", "s.replies.granted"),
    ("拒绝提供", "s.replies.denied"),
    ("信息不存在", "s.replies.not_exist"),
    ("政府信息公开查询点数", "s.org.reading_points"),
    ("政府信息咨询数", "s.consult.total"),
    ("政府信息公开咨询数", "s.consult.total"),
    ("公开电话", "s.consult.phone"),
    ("服务窗口", "s.consult.in_person"),
    ("网络信箱", "s.consult.online"),
    ("受理政府信息公开工作行政复议数", "s.review.total"),
    ("收到政府信息公开工作行政诉讼数", "s.suit.total"),
];

/// Rows that count two channels together ("信函、传真申请数"): a figure of 0 fixes both (counts
/// are never negative); any other figure fixes neither.
const COMBINED: &[(&str, &[&str])] = &[
    ("信函、传真申请数", &["s.requests.letter", "s.requests.fax"]),
    ("传真、信函申请数", &["s.requests.fax", "s.requests.letter"]),
    ("信函传真申请数", &["s.requests.letter", "s.requests.fax"]),
];

/// Parents whose numbered parts add up to them.
const SUM_PARENTS: &[&str] = &[
    "s.requests.received",
    "s.requests.closed",
    "s.replies.total",
    "s.replies.denied",
    "s.review.total",
    "s.suit.total",
    "s.org.staff",
];
/// Parents whose parts can each not exceed them (channels of the proactive total).
const LE_PARENTS: &[&str] = &["s.proactive.total"];

/// Removes numbering ("(一)", "一、", "1.", "1、", "①", "其中:"), parenthesised notes and
/// spaces from a label.
pub(crate) fn core_label(label: &str) -> String {
    let mut s = String::with_capacity(label.len());
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth > 0 || c.is_whitespace() => {}
            _ => s.push(c),
        }
    }
    let mut t: &str = &s;
    loop {
        let before = t.len();
        t = t.trim_start_matches(|c: char| {
            c.is_ascii_digit()
                || matches!(c, '.' | '、' | ':' | ',' | '。' | '-' | '—' | '|' | '*' | '·')
                || ('①'..='⑳').contains(&c)
        });
        if let Some(r) = t.strip_prefix("其中") {
            t = r;
        }
        // Chinese ordinal "一、" .. "十、"
        let mut it = t.char_indices();
        if let Some((_, c0)) = it.next()
            && "一二三四五六七八九十".contains(c0)
        {
            let rest = &t[c0.len_utf8()..];
            let rest2 = rest.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
            if let Some(r) = rest2.strip_prefix('、') {
                t = r;
            }
        }
        if t.len() == before {
            break;
        }
    }
    // 申述 is a common misprint of 申诉 ("接受行政申述、举报数").
    t.replace("其它", "其他").replace("申述", "申诉")
}

/// The label variants by text, built once.
static LABEL_MAP: std::sync::LazyLock<std::collections::HashMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| LABELS.iter().copied().collect());

/// The key of a table label in its group (review / suit sub-items depend on the group).
fn key_of(core: &str, unit: Option<&str>, group: Group) -> Option<&'static str> {
    let lookup = |s: &str| LABEL_MAP.get(s).copied();
    let by_group = |s: &str| -> Option<&'static str> {
        match (s, group) {
            ("维持具体行政行为数", Group::Review) => Some("s.review.upheld"),
            ("维持具体行政行为数", Group::Suit) => Some("s.suit.upheld"),
            ("被依法纠错数", Group::Review) => Some("s.review.corrected"),
            ("被依法纠错数", Group::Suit) => Some("s.suit.corrected"),
            ("其他情形数", Group::Review) => Some("s.review.other"),
            ("其他情形数", Group::Suit) => Some("s.suit.other"),
            _ => None,
        }
    };
    let money = |s: &str, u: Option<&str>| -> Option<&'static str> {
        if s.starts_with("依申请公开信息收取的费用") || s == "依申请公开收取的费用" {
            return match u {
                Some("万元") => Some("s.fees_wan"),
                Some("元") => Some("s.fees_yuan"),
                _ => None,
            };
        }
        if s.starts_with("政府信息公开专项经费") && u == Some("万元") {
            return Some("s.org.budget_wan");
        }
        None
    };
    let try_one = |s: &str| lookup(s).or_else(|| by_group(s)).or_else(|| money(s, unit));
    if let Some(k) = try_one(core) {
        return Some(k);
    }
    // "否决公开答复总数": a count labelled 总数 where the table of most years says 数; and 数
    // misprinted as its homophone 书 ("当面申请书").
    if let Some(k) = core.strip_suffix("总数").and_then(|s| try_one(&format!("{s}数"))) {
        return Some(k);
    }
    for u in std::iter::once("").chain(UNITS.iter().copied()) {
        if let Some(k) =
            core.strip_suffix(u).and_then(|s| s.strip_suffix('书')).and_then(|s| try_one(&format!("{s}数")))
        {
            return Some(k);
        }
    }
    // A unit run into the label ("主动公开文件数条").
    for u in UNITS {
        if let Some(s) = core.strip_suffix(u)
            && s.chars().count() >= 2
            && let Some(k) = lookup(s).or_else(|| by_group(s)).or_else(|| money(s, Some(u)))
        {
            return Some(k);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Reading rows

#[derive(Debug)]
enum Tok {
    Text(String),
    /// A digit run; `item` when it is followed by "、" or "." (an item number, or figures run
    /// together with the next item number).
    Digits {
        s: String,
        item: bool,
    },
    /// A line (cell) boundary in line-per-cell tables.
    Break,
}

/// Splits running text into label text and digit runs. Digits inside brackets, in dates,
/// percentages and table names (附表1) stay text.
fn tokenize(s: &str, out: &mut Vec<Tok>) {
    let chars: Vec<char> = s.chars().collect();
    let mut text = String::new();
    let mut depth = 0usize;
    let mut i = 0;
    let flush = |text: &mut String, out: &mut Vec<Tok>| {
        if !text.is_empty() {
            out.push(Tok::Text(std::mem::take(text)));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '|' {
            flush(&mut text, out);
            i += 1;
            continue;
        }
        if c == '(' {
            depth += 1;
        } else if c == ')' {
            depth = depth.saturating_sub(1);
        }
        if c.is_ascii_digit() && depth == 0 {
            let start = i;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || (chars[j] == '.' && j + 1 < chars.len() && chars[j + 1].is_ascii_digit() && j > start)
                    || (chars[j] == ','
                        && j + 3 < chars.len()
                        && chars[j + 1..j + 4].iter().all(|d| d.is_ascii_digit())))
            {
                j += 1;
            }
            let digits: String = chars[start..j].iter().filter(|&&d| d != ',').collect();
            let next = chars.get(j).copied();
            let prev_text = text.trim_end();
            let is_text = matches!(next, Some('年' | '月' | '日' | '%' | '号' | '期' | '-' | '/' | ':'))
                || prev_text.ends_with("附表")
                || prev_text.ends_with("附件")
                || prev_text.ends_with("表")
                || prev_text.ends_with('第')
                || prev_text.ends_with("计");
            if is_text {
                text.extend(&chars[start..j]);
                i = j;
                continue;
            }
            flush(&mut text, out);
            let item = match next {
                Some('、') => true,
                Some('.') => chars.get(j + 1).is_none_or(|d| !d.is_ascii_digit()),
                _ => false,
            };
            let mut end = j;
            if item {
                end += 1; // consume the separator
            }
            // A "." after a decimal digit run belongs to the number, handled above.
            out.push(Tok::Digits { s: digits, item });
            i = end;
            continue;
        }
        text.push(c);
        i += 1;
    }
    flush(&mut text, out);
}

/// Where the table starts in a long line of running text, after its header.
pub(crate) fn table_start(line: &str) -> Option<usize> {
    let marker = find_spaced(line, "指标名称").or_else(|| line.find("统计指标")).or_else(|| line.rfind("统计表"))?;
    let rest = &line[marker..];
    let window: String = rest.chars().take(60).collect();
    // ("指标名称 计量单位 年末统计 主动公开信息数 条 58": the one column's header.)
    for h in ["历年累计", "年末统计", "累计", "统计数", "数量", "计量单位", "单位"] {
        if let Some(p) = window.find(h) {
            return Some(marker + p + h.len());
        }
    }
    Some(marker + rest.chars().next().map_or(0, char::len_utf8))
}

/// Where `word` starts in `line`, its characters possibly set apart by single spaces
/// ("指 标 名 称", a header spaced out to fill its cell).
pub(crate) fn find_spaced(line: &str, word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    line.match_indices(first).map(|(i, _)| i).find(|&i| {
        let mut rest = line[i..].chars().peekable();
        word.chars().enumerate().all(|(n, w)| {
            if n > 0 && rest.peek() == Some(&' ') {
                rest.next();
            }
            rest.next() == Some(w)
        })
    })
}

struct Builder {
    items: Vec<Item>,
    cur: Option<Item>,
    last_no: u32,
    table_name: String,
    seg: usize,
}

impl Builder {
    fn finish(&mut self) {
        if let Some(it) = self.cur.take()
            && !it.values.is_empty()
        {
            if let Some(n) = it.number {
                self.last_no = n;
            }
            self.items.push(it);
        }
    }
    fn start(&mut self, line: usize) -> &mut Item {
        self.finish();
        self.cur = Some(Item {
            label: String::new(),
            number: None,
            of_which: false,
            unit: None,
            values: Vec::new(),
            line,
            col: None,
            stream: true,
            table_name: self.table_name.clone(),
            seg: self.seg,
        });
        self.cur.as_mut().expect("just set")
    }
}

/// Splits a unit run into the end of a label ("主动公开文件数条") off the label.
fn split_unit(item: &mut Item) {
    if item.unit.is_some() {
        return;
    }
    for u in UNITS {
        if let Some(s) = item.label.strip_suffix(u)
            && core_label(s).chars().count() >= 2
        {
            item.unit = Some(u);
            item.label = s.to_string();
            return;
        }
    }
}

fn unit_word(t: &str) -> Option<&'static str> {
    UNITS.iter().find(|u| **u == t).copied()
}

fn read_stream(b: &mut Builder, toks: Vec<Tok>, line: usize) {
    let mut new_cell = true;
    for tok in toks {
        match tok {
            Tok::Break => new_cell = true,
            Tok::Text(t) => {
                if t.starts_with("附表") {
                    b.finish();
                    b.seg += 1;
                    b.table_name = t.chars().take_while(|c| !c.is_whitespace()).take(4).collect();
                    b.last_no = 0;
                    new_cell = true;
                    continue;
                }
                if let Some(u) = unit_word(&t)
                    && let Some(cur) = b.cur.as_mut()
                    && cur.values.is_empty()
                {
                    cur.unit = Some(u);
                    continue;
                }
                let has_values = b.cur.as_ref().is_some_and(|c| !c.values.is_empty());
                if has_values || new_cell || b.cur.is_none() {
                    b.start(line).label = t;
                } else if let Some(cur) = b.cur.as_mut() {
                    cur.label.push_str(&t);
                }
                new_cell = false;
            }
            Tok::Digits { s, item } => {
                if item {
                    let glued = match b.cur.as_mut() {
                        Some(cur) if cur.values.is_empty() && !new_cell && !core_label(&cur.label).is_empty() => {
                            split_unit(cur);
                            cur.unit.is_some()
                        }
                        _ => false,
                    };
                    let mut next_no: Option<u32> = s.parse().ok();
                    if glued {
                        // Figures run together with the next item number: "179533042." = 17953304 | 2.
                        let expected = (b.cur.as_ref().and_then(|c| c.number).unwrap_or(b.last_no) + 1).to_string();
                        let cut = if s.len() > expected.len() && s.ends_with(&expected) {
                            expected.len()
                        } else if s.len() >= 2 {
                            1
                        } else {
                            0
                        };
                        if cut > 0 {
                            let (v, n) = s.split_at(s.len() - cut);
                            next_no = n.parse().ok();
                            if let Some(cur) = b.cur.as_mut() {
                                cur.values.push(Some(v.to_string()));
                            }
                        }
                        let it = b.start(line);
                        it.number = next_no;
                    } else {
                        let start_new = new_cell || b.cur.as_ref().is_none_or(|c| !c.values.is_empty());
                        if start_new {
                            let of_which = false;
                            let it = b.start(line);
                            it.number = next_no;
                            it.of_which = of_which;
                        } else if let Some(cur) = b.cur.as_mut() {
                            if cur.label.trim_end().ends_with("其中:") || cur.label.trim_end().ends_with("其中") {
                                cur.of_which = true;
                            }
                            cur.number = next_no;
                            cur.label.push_str(&s);
                            cur.label.push('.');
                        }
                    }
                } else if let Some(cur) = b.cur.as_mut() {
                    split_unit(cur);
                    cur.values.push(Some(s));
                }
                new_cell = false;
            }
        }
    }
}

/// Reads a row of cells (structured table or "a | b | c" line).
fn read_cells(b: &mut Builder, cells: &[String], line: usize, header_cols: &mut Option<(usize, Option<usize>)>) {
    let joined: String = cells.concat();
    let numeric: Vec<bool> = cells.iter().map(|c| matches!(parse_cell(c), Cell::Number(_))).collect();
    if !numeric.iter().any(|&n| n) {
        if cells.iter().any(|c| c.contains("累计")) || (joined.contains("指标") && joined.contains("单位")) {
            // Header: which column holds this year's figure.
            let year = cells.iter().position(|c| {
                let c = c.replace(' ', "");
                c.contains("本年") || c.contains("年度") || c == "数量" || c.contains("统计数") || c == "数值"
            });
            let cum = cells.iter().position(|c| c.contains("累计"));
            *header_cols = year.map(|y| (y, cum));
        }
        if let Some(t) = cells.iter().find(|c| c.trim_start().starts_with("附表")) {
            b.finish();
            b.seg += 1;
            b.table_name = t.chars().take_while(|c| !c.is_whitespace()).take(4).collect();
        }
        return;
    }
    // Label: the last text cell before the first figure.
    let first_num = numeric.iter().position(|&n| n).unwrap_or(cells.len());
    let mut label_idx = None;
    let mut unit = None;
    for (i, c) in cells[..first_num].iter().enumerate() {
        if let Some(u) = unit_word(c.trim()) {
            unit = Some(u);
        } else if !c.trim().is_empty() && matches!(parse_cell(c), Cell::Text) {
            label_idx = Some(i);
        }
    }
    let Some(li) = label_idx else { return };
    b.finish();
    let mut values = Vec::new();
    let mut col = None;
    match *header_cols {
        Some((y, _)) if y < cells.len() && y > li => {
            if let Cell::Number(_) = parse_cell(&cells[y]) {
                values.push(Some(number_text(&cells[y])));
            } else {
                values.push(None);
            }
            col = Some(y);
        }
        _ => {
            for (i, c) in cells.iter().enumerate().skip(li + 1) {
                match parse_cell(c) {
                    Cell::Number(_) => {
                        values.push(Some(number_text(c)));
                        col.get_or_insert(i);
                    }
                    Cell::Blank if unit_word(c.trim()).is_none() && !c.trim().is_empty() => values.push(None),
                    _ => {}
                }
            }
        }
    }
    let label = cells[li].clone();
    let of_which = label.trim_start().starts_with("其中");
    let number = leading_number(&label);
    b.items.push(Item {
        label,
        number,
        of_which,
        unit,
        values,
        line,
        col,
        stream: false,
        table_name: b.table_name.clone(),
        seg: b.seg,
    });
}

/// The digits of a numeric cell ("1,234" → "1234", "0(无)" → "0").
fn number_text(cell: &str) -> String {
    match parse_cell(cell) {
        Cell::Number(v) => {
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        }
        _ => String::new(),
    }
}

fn leading_number(label: &str) -> Option<u32> {
    let t = label.trim_start().trim_start_matches("其中").trim_start_matches(':');
    let d: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if d.is_empty() {
        return None;
    }
    let after = t[d.len()..].chars().next();
    matches!(after, Some('.' | '、')).then(|| d.parse().ok()).flatten()
}

/// Reads every row of the document that may belong to an indicator table.
fn rows(doc: &Doc) -> (Vec<Item>, bool) {
    let mut b = Builder { items: Vec::new(), cur: None, last_no: 0, table_name: String::new(), seg: 0 };
    let mut header_cols: Option<(usize, Option<usize>)> = None;
    let mut two_col = false;
    let mut last_table: Option<usize> = None;
    for (li, line) in doc.lines.iter().enumerate() {
        if line.is_row() {
            if line.table != last_table {
                b.finish();
                b.seg += 1;
                last_table = line.table;
                header_cols = None;
            }
            read_cells(&mut b, &line.cells, li, &mut header_cols);
            if header_cols.is_some_and(|(_, c)| c.is_some()) {
                two_col = true;
            }
            continue;
        }
        let text = &line.text;
        let n = text.chars().count();
        let mut toks = Vec::new();
        // A table inside a line of running text: from its header on.
        let marked = find_spaced(text, "指标").is_some() || text.contains("统计表");
        let start = if marked { table_start(text) } else { None };
        let start = start.filter(|&st| text[st..].bytes().any(|c| c.is_ascii_digit()));
        if let Some(start) = start.filter(|_| n > 100 || !text.contains('。')) {
            if text[..start].contains("累计") {
                two_col = true;
            }
            b.finish();
            b.seg += 1;
            toks.push(Tok::Break);
            tokenize(&text[start..], &mut toks);
        } else if n <= 100 && !text.contains('。') {
            if text.contains("累计") && ["本年", "年度", "指标", "单位"].iter().any(|w| text.contains(w)) {
                two_col = true;
            }
            toks.push(Tok::Break);
            tokenize(text, &mut toks);
        } else {
            b.finish();
            continue;
        }
        // A text token with sentence punctuation is prose, not a label.
        read_stream(&mut b, toks, li);
    }
    b.finish();
    (b.items, two_col)
}

/// How many rows of the document read as indicator-table rows with a figure (format test).
pub fn indicator_rows(doc: &Doc) -> usize {
    let (items, _) = rows(doc);
    let mut keys: Vec<&str> = Vec::new();
    let mut group = Group::None;
    for it in &items {
        let core = core_label(&it.label);
        if is_prose(&it.label) {
            continue;
        }
        if let Some(k) = key_of(&core, it.unit, group) {
            group = group_after(k, group);
            if it.values.iter().any(Option::is_some) && !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys.len()
}

fn is_prose(label: &str) -> bool {
    label.contains(['，', ',', '。', ';', '；']) || core_label(label).chars().count() > 45
}

fn group_after(key: &str, group: Group) -> Group {
    match key {
        "s.review.total" => Group::Review,
        "s.suit.total" => Group::Suit,
        k if k.starts_with("s.review.") || k.starts_with("s.suit.") => group,
        _ => Group::None,
    }
}

/// A candidate split of run-together figures: this year's figure and the cumulative one.
type Split = (i64, Option<i64>);

fn splits(s: &str) -> Vec<Split> {
    if s.len() > 18 || s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    if s.len() == 1 {
        return vec![(s.parse().unwrap_or(0), None)];
    }
    let ok = |p: &str| p == "0" || !p.starts_with('0');
    let mut out = Vec::new();
    for k in 1..s.len() {
        let (a, b) = s.split_at(k);
        if !ok(a) || !ok(b) {
            continue;
        }
        let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) else { continue };
        if x <= y {
            out.push((x, Some(y)));
        }
    }
    out
}

/// Narrows the candidates of a parent and its parts by a sum (or ≤) rule.
fn narrow(cands: &mut [Vec<Split>], parent: usize, parts: &[usize], sum: bool) -> bool {
    let members: Vec<usize> = std::iter::once(parent).chain(parts.iter().copied()).collect();
    let size: usize = members.iter().map(|&m| cands[m].len().max(1)).product();
    if size > 200_000 || members.iter().any(|&m| cands[m].is_empty()) {
        return false;
    }
    let mut allowed: Vec<Vec<bool>> = members.iter().map(|&m| vec![false; cands[m].len()]).collect();
    let mut idx = vec![0usize; members.len()];
    let mut any = false;
    loop {
        let pick = |k: usize| cands[members[k]][idx[k]];
        let (py, pc) = pick(0);
        let ok = if sum {
            let sy: i64 = (1..members.len()).map(|k| pick(k).0).sum();
            let cum_ok = match (pc, (1..members.len()).map(|k| pick(k).1).collect::<Option<Vec<i64>>>()) {
                (Some(p), Some(v)) => p == v.iter().sum::<i64>(),
                _ => true,
            };
            sy == py && cum_ok
        } else {
            (1..members.len()).all(|k| {
                let (y, c) = pick(k);
                y <= py && matches!((c, pc), (Some(c), Some(p)) if c <= p) | matches!((c, pc), (None, _) | (_, None))
            })
        };
        if ok {
            any = true;
            for k in 0..members.len() {
                allowed[k][idx[k]] = true;
            }
        }
        // next combination
        let mut k = 0;
        loop {
            if k == members.len() {
                break;
            }
            idx[k] += 1;
            if idx[k] < cands[members[k]].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
        if k == members.len() {
            break;
        }
    }
    if !any {
        return false;
    }
    let mut changed = false;
    for (k, &m) in members.iter().enumerate() {
        let before = cands[m].len();
        let keep: Vec<Split> = cands[m].iter().zip(&allowed[k]).filter(|(_, a)| **a).map(|(c, _)| *c).collect();
        if keep.len() != before {
            changed = true;
        }
        cands[m] = keep;
    }
    changed
}

fn figure(key: &str, text: &str) -> Option<Figure> {
    let v: f64 = text.parse().ok()?;
    let money = key.ends_with("_wan") || key.ends_with("_yuan");
    if !money && v.fract() == 0.0 && v.abs() < 9e15 { Some(Figure::Count(v as i64)) } else { Some(Figure::Amount(v)) }
}

/// Reads the indicator table. `narrative` holds figures stated in the text (key, value),
/// used to choose between splits of run-together cells.
pub(crate) fn read(doc: &Doc, narrative: &[(&'static str, f64)]) -> TableResult {
    let (items, two_col) = rows(doc);
    let mut res = TableResult::default();
    // Keys of each row, in its group.
    let mut keys: Vec<Option<&'static str>> = Vec::with_capacity(items.len());
    let mut group = Group::None;
    for it in &items {
        let k = if is_prose(&it.label) { None } else { key_of(&core_label(&it.label), it.unit, group) };
        if let Some(k) = k {
            group = group_after(k, group);
        }
        keys.push(k);
    }
    // Run-together figures: a two-column table whose text rows carry one digit run each.
    let stream_rows: Vec<usize> = (0..items.len()).filter(|&i| items[i].stream && keys[i].is_some()).collect();
    // (Unless the text states a run whole and no run cut: "主动公开文件数条148" with the text's
    // "主动公开政府信息148条" prints the year's figure alone, the 历年累计 cell left blank.)
    let stated = |i: usize| -> Option<(&str, f64)> {
        let k = keys[i]?;
        let (_, v) = narrative.iter().find(|(nk, _)| *nk == k)?;
        match items[i].values.as_slice() {
            [Some(s)] if s.len() > 1 => Some((s.as_str(), *v)),
            _ => None,
        }
    };
    let whole =
        stream_rows.iter().filter_map(|&i| stated(i)).filter(|(s, v)| s.parse::<f64>().ok() == Some(*v)).count();
    let cut = stream_rows
        .iter()
        .filter_map(|&i| stated(i))
        .filter(|(s, v)| splits(s).iter().any(|c| c.0 as f64 == *v))
        .count();
    let glued = two_col
        && !stream_rows.is_empty()
        && stream_rows.iter().filter(|&&i| items[i].values.len() == 1).count() * 2 > stream_rows.len()
        && !(whole > 0 && cut == 0);
    let mut cands: Vec<Vec<Split>> = vec![Vec::new(); items.len()];
    let mut initial: Vec<usize> = vec![0; items.len()];
    if glued {
        for &i in &stream_rows {
            if let [Some(s)] = items[i].values.as_slice() {
                cands[i] = splits(s);
                if let Some(k) = keys[i]
                    && let Some(&(_, v)) = narrative.iter().find(|(nk, _)| *nk == k)
                {
                    let hit: Vec<Split> = cands[i].iter().copied().filter(|c| c.0 as f64 == v).collect();
                    if !hit.is_empty() {
                        cands[i] = hit;
                    }
                }
                initial[i] = cands[i].len();
            }
        }
        // Groups: a parent row and the numbered rows right after it.
        let mut groups: Vec<(usize, Vec<usize>, bool)> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let Some(k) = k else { continue };
            let sum = SUM_PARENTS.contains(k);
            if !sum && !LE_PARENTS.contains(k) {
                continue;
            }
            let mut parts = Vec::new();
            for j in i + 1..items.len() {
                if items[j].number.is_none() || items[j].seg != items[i].seg {
                    break;
                }
                parts.push(j);
            }
            if !parts.is_empty() && parts.iter().all(|&j| !cands[j].is_empty()) && !cands[i].is_empty() {
                groups.push((i, parts, sum));
            }
        }
        for _ in 0..6 {
            let mut changed = false;
            for (p, parts, sum) in &groups {
                changed |= narrow(&mut cands, *p, parts, *sum);
            }
            if !changed {
                break;
            }
        }
    }
    // Values, duplicates.
    let mut seen: Vec<(&'static str, String, usize, usize)> = Vec::new(); // key, core, item idx, seg
    for (i, it) in items.iter().enumerate() {
        let core = core_label(&it.label);
        let Some(key) = keys[i] else {
            let value: Option<f64> = it.values.first().cloned().flatten().and_then(|s| s.parse().ok());
            if value == Some(0.0)
                && let Some((_, parts)) = COMBINED.iter().find(|(label, _)| *label == core)
            {
                for &part in *parts {
                    // Only where no row of its own gives the channel.
                    if !keys.contains(&Some(part))
                        && !res.values.iter().any(|(k, _, _)| *k == part)
                        && let Some(f) = figure(part, "0")
                    {
                        res.values.push((part, f, doc.lines[it.line].evidence(it.col)));
                    }
                }
            }
            res.items.push((None, core, value));
            continue;
        };
        let line = &doc.lines[it.line];
        let mut ev = line.evidence(it.col);
        let value: Option<String> = if glued && it.stream && !cands[i].is_empty() {
            if cands[i].len() == 1 {
                ev.recovered = initial[i] > 1;
                Some(cands[i][0].0.to_string())
            } else {
                let s = it.values[0].clone().unwrap_or_default();
                res.uncertain.push(Uncertain {
                    keys: vec![key.to_string()],
                    reason: format!("粘连数字“{s}”有多种拆分方式，无法确定本年度数值"),
                    evidence: ev.clone(),
                });
                None
            }
        } else if glued && it.stream {
            None
        } else if two_col {
            // Year column first unless the header says otherwise (handled for cell rows).
            it.values.first().cloned().flatten()
        } else if it.values.len() == 1 || !it.stream {
            it.values.first().cloned().flatten()
        } else {
            None
        };
        res.items.push((Some(key), core.clone(), value.as_deref().and_then(|s| s.parse().ok())));
        if let Some((_, _, first, _)) = seen.iter().find(|(k, c, _, seg)| *k == key && *c == core && *seg == it.seg) {
            let first = &items[*first];
            let pos = |x: &Item, idx: usize| match x.number {
                Some(n) => format!("第{n}项"),
                None => format!("第{}行", idx + 1),
            };
            let first_idx = items.iter().position(|x| std::ptr::eq(x, first)).unwrap_or(0);
            res.duplicates.push(DuplicateLabel {
                label: core.clone(),
                key: Some(key.to_string()),
                table: it.table_name.clone(),
                positions: vec![pos(first, first_idx), pos(it, i)],
                evidence: vec![doc.lines[first.line].evidence(first.col), ev.clone()],
            });
            continue;
        }
        seen.push((key, core, i, it.seg));
        if let Some(v) = value
            && let Some(f) = figure(key, &v)
        {
            res.values.push((key, f, ev));
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{RawBlock, RawDoc};
    use crate::normalize::Normalizer;

    fn doc(text: &str) -> Doc {
        Doc::build(RawDoc { blocks: vec![RawBlock::Text(text.to_string())] }, &Normalizer::new())
    }

    fn values(text: &str, narrative: &[(&'static str, f64)]) -> Vec<(&'static str, f64)> {
        read(&doc(text), narrative).values.into_iter().map(|(k, f, _)| (k, f.as_f64())).collect()
    }

    /// A row counting two channels together fixes both only when it is 0.
    #[test]
    fn a_combined_channel_row_of_zero_fixes_both() {
        let table = |n: &str| {
            format!(
                "附表 依申请公开情况统计\n指标 | 单位 | 数量\n申请总数 | 条 | {n}\n1、当面申请数 | 条 | {n}\n2、信函、传真申请数 | 条 | 0\n3、网上申请数 | 条 | 0"
            )
        };
        let v = values(&table("0"), &[]);
        assert!(v.contains(&("s.requests.letter", 0.0)) && v.contains(&("s.requests.fax", 0.0)), "{v:?}");
        let two = "附表 依申请公开情况统计\n指标 | 单位 | 数量\n申请总数 | 条 | 2\n1、信函、传真申请数 | 条 | 2";
        let v = values(two, &[]);
        assert!(!v.iter().any(|(k, _)| *k == "s.requests.letter" || *k == "s.requests.fax"), "{v:?}");
    }

    #[test]
    fn core_labels() {
        let cases = [
            ("(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)", "主动公开政府信息数"),
            ("其中:1.网上申请数", "网上申请数"),
            ("其中：1、政府网站公开数", "政府网站公开数"),
            ("四、行政复议数量", "行政复议数量"),
            ("3. 动态类信息", "动态类信息"),
            ("接受行政申述、举报数", "接受行政申诉、举报数"),
        ];
        for (label, want) in cases {
            assert_eq!(core_label(&crate::normalize::fold_width(label)), want);
        }
    }

    #[test]
    fn pipe_rows_three_columns() {
        let text = "指 标 | 单位 | 数量 |\n(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条) | 条 | 258 |\n\
                    2.政府网站公开政府信息数 | 条 | 258 |\n四、行政复议数量 | 件 | 0 |\n(一)维持具体行政行为数 | 件 | 0 |\n\
                    五、行政诉讼数量 | 件 | 0 |\n(二)被依法纠错数 | 件 | 0 |\n七、依申请公开信息收取的费用 | 万元 | 0 |\n\
                    (四)政府信息公开专项经费(不包括用于政府公报编辑管理) | 万元 | 8 |";
        let v = values(text, &[]);
        assert!(v.contains(&("s.proactive.total", 258.0)));
        assert!(v.contains(&("s.channel.website", 258.0)));
        assert!(v.contains(&("s.review.upheld", 0.0)));
        assert!(v.contains(&("s.suit.corrected", 0.0)));
        assert!(v.contains(&("s.fees_wan", 0.0)));
        assert!(v.contains(&("s.org.budget_wan", 8.0)));
    }

    /// The older table (指 标 名 称 | 单位 | 数量, header spaced out) at the end of a line of prose.
    #[test]
    fn the_older_table_with_a_spaced_header() {
        let text = "七、需要说明的事项与附表 指 标 名 称 单位 数量 主动公开信息数 条 15 正式受理政府信息公开申请数 件 2 \
                    其中:1.在办 件 0 2.办结 件 2 其中:1.同意提供 件 1 2.拒绝提供 件 1 其中:1.信息不存在 件 1 \
                    2.信息涉密 件 0 政府信息公开查询点数 件 3 政府信息咨询数 件 4 其中:1.公开电话 件 3 2.服务窗口 件 1 \
                    3.网络信箱(论坛) 件 0 受理政府信息公开工作行政复议数 件 0 收到政府信息公开工作行政诉讼数 件 0";
        let v = values(text, &[]);
        let want = [
            ("s.proactive.total", 15.0),
            ("s.requests.received", 2.0),
            ("s.requests.closed", 2.0),
            ("s.replies.granted", 1.0),
            ("s.replies.denied", 1.0),
            ("s.replies.not_exist", 1.0),
            ("s.org.reading_points", 3.0),
            ("s.consult.total", 4.0),
            ("s.consult.phone", 3.0),
            ("s.consult.in_person", 1.0),
            ("s.consult.online", 0.0),
            ("s.review.total", 0.0),
            ("s.suit.total", 0.0),
        ];
        for (k, x) in want {
            assert!(v.contains(&(k, x)), "{k} = {x} not in {v:?}");
        }
    }

    #[test]
    fn year_and_cumulative_columns_with_spaces() {
        let text = "六、统计表 指标名称 计量单位 2014年度 历年累计 主动公开文件数 条 2543 78967 其中:1、政府网站公开数 条 \
                    2543 78967 2、政府公报公开数 条 0 0 受理依申请公开信息总数 条 1 1 行政复议数 件 0 0";
        let v = values(text, &[]);
        assert_eq!(
            v,
            vec![
                ("s.proactive.total", 2543.0),
                ("s.channel.website", 2543.0),
                ("s.channel.gazette", 0.0),
                ("s.requests.received", 1.0),
                ("s.review.total", 0.0)
            ]
        );
    }

    #[test]
    fn run_together_cells_split_by_sums_and_narrative() {
        let text = "正文很长的一段话。附件1:某县2012年政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542\
                    其中:1.网站公开条179533042.政府公报公开条07受理依申请公开信息总数条2121其中:1.当面申请数条18182.传真申请数条00\
                    3.电子邮件申请数条334.网上申请数条00对申请的答复数条2121其中:1.同意公开答复数条17172.同意部分公开答复数条22\
                    3.否决公开答复数条22行政复议数条00";
        let v = values(text, &[("s.proactive.total", 2026.0), ("s.requests.received", 21.0)]);
        for want in [
            ("s.proactive.total", 2026.0),
            ("s.channel.website", 1795.0),
            ("s.channel.gazette", 0.0),
            ("s.requests.received", 21.0),
            ("s.requests.in_person", 18.0),
            ("s.requests.email", 3.0),
            ("s.replies.total", 21.0),
            ("s.replies.granted", 17.0),
            ("s.replies.partial", 2.0),
            ("s.replies.denied", 2.0),
            ("s.review.total", 0.0),
        ] {
            assert!(v.contains(&want), "{want:?} in {v:?}");
        }
    }

    #[test]
    fn run_together_without_narrative_is_left_out() {
        let text = "政府信息公开情况统计表 指标名称计量单位2016年度历年累计主动公开文件数条346085376行政复议数件00";
        let r = read(&doc(text), &[]);
        let v: Vec<_> = r.values.iter().map(|(k, f, _)| (*k, f.as_f64())).collect();
        assert_eq!(v, vec![("s.review.total", 0.0)]);
        assert_eq!(r.uncertain.len(), 1);
    }

    /// A one-column table headed 年末统计 (平潭's 2012 reports): the header is not the first
    /// row's label.
    #[test]
    fn year_end_column_header() {
        let text = "附表： 指标名称 计量单位 年末统计 主动公开信息数 条 58 其中：1．网站公开 条 58 2．政府公报公开 条 0 \
                    行政复议数 件 0";
        let r = read(&doc(text), &[]);
        let v: Vec<_> = r.values.iter().map(|(k, f, _)| (*k, f.as_f64())).collect();
        assert!(v.contains(&("s.proactive.total", 58.0)), "{v:?}");
        assert!(v.contains(&("s.channel.website", 58.0)), "{v:?}");
    }

    #[test]
    fn one_cell_per_line_with_duplicate_label() {
        let text = "附表2 依申请公开情况统计 单位:条\n指标\n数量\n申请总数\n6\n其中:1.网上申请数\n0\n2.信函申请数\n6\n\
                    对申请的答复总数\n6\n其中:1.同意公开\n0\n2.同意部分公开\n0\n3.同意公开\n0\n5.非本机关或信息不存在\n6";
        let r = read(&doc(text), &[]);
        let v: Vec<_> = r.values.iter().map(|(k, f, _)| (*k, f.as_f64())).collect();
        assert!(v.contains(&("s.requests.received", 6.0)));
        assert!(v.contains(&("s.requests.letter", 6.0)));
        assert!(v.contains(&("s.replies.granted", 0.0)));
        assert!(v.contains(&("s.replies.not_this_agency_or_not_exist", 6.0)));
        assert_eq!(r.duplicates.len(), 1);
        assert_eq!(r.duplicates[0].positions, vec!["第1项", "第3项"]);
        assert_eq!(r.duplicates[0].table, "附表2");
    }

    #[test]
    fn prose_is_not_a_table() {
        let text = "回应公众关注热点或重大舆情3次,组织政府网站在线访谈1次,政策解读稿件发布38篇,微博微信回应事件数3件。";
        assert_eq!(indicator_rows(&doc(text)), 0);
    }
}
