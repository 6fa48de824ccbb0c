//! What a document is: its format (by the labels found), statistics year and agency.

use gongkai_core::Format;
use gongkai_core::report::PeriodStatement;

use crate::doc::{Doc, Line};
use crate::legacy;

/// What [`detect`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub format: Format,
    pub year: Option<i32>,
    pub agency: Option<String>,
    pub period: Option<PeriodStatement>,
}

/// Labels only the 2021 national format prints.
const NATIONAL_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "申请人逾期未按收费通知要求缴纳费用",
    "申请人无正当理由逾期不补正",
];
/// Labels only the 2019 national format prints.
const NATIONAL_2019: &[&str] =
    &["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "第二十条第(九)项", "采购总金额"];
/// Labels both national formats print (table 三 and 四).
const NATIONAL_ANY: &[&str] = &[
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "结转下年度继续办理",
    "本机关不掌握相关政府信息",
    "补正后申请内容仍不明确",
    "信访举报投诉类申请",
];

/// Detects format, year and agency from the content.
pub fn detect(doc: &Doc) -> Meta {
    let compact: Vec<String> = doc.lines.iter().map(Line::compact).collect();
    let year_info = detect_year(doc, &compact);
    let format = detect_format(doc, &compact, year_info.year);
    let agency = detect_agency(&compact);
    Meta { format, year: year_info.year, agency, period: year_info.period }
}

fn count_markers(all: &str, markers: &[&str]) -> usize {
    markers.iter().filter(|m| all.contains(*m)).count()
}

fn detect_format(doc: &Doc, compact: &[String], year: Option<i32>) -> Format {
    let all = compact.join("\n");
    let n21 = count_markers(&all, NATIONAL_2021);
    let n19 = count_markers(&all, NATIONAL_2019);
    let nany = count_markers(&all, NATIONAL_ANY);
    if n21 > 0 || n19 > 0 {
        // Table 三 of 2021 carries the （六） sub-items; a 2021 report may still print the old
        // table 二 columns, so table 三 decides when both kinds of labels occur.
        let t3_2021 =
            compact.iter().any(|l| l.contains("申请人逾期未按收费通知要求缴纳费用") || l.contains("逾期不补正"));
        if n21 > n19 || t3_2021 {
            return Format::National2021;
        }
        // A report on 2021 or later printing only the old header of 第(一)项 (本年新制作数量…)
        // but the new single-column 第(五)(六)项 (处理决定数量), without the old format's own
        // rows (上一年项目数量, 采购项目数量): the new format with an old header copied over.
        let hybrid = n21 == 0
            && year.is_some_and(|y| y >= 2021)
            && all.contains("处理决定数量")
            && !all.contains("上一年项目数量")
            && !all.contains("采购项目数量");
        if n19 > n21 && !hybrid {
            return Format::National2019;
        }
        if hybrid {
            return Format::National2021;
        }
        return if year.is_some_and(|y| y <= 2020) { Format::National2019 } else { Format::National2021 };
    }
    if nany >= 2 {
        return if year.is_some_and(|y| y <= 2020) { Format::National2019 } else { Format::National2021 };
    }
    if legacy::table::indicator_rows(doc) >= 3 {
        return Format::LegacyStats;
    }
    // No table label printed (an excerpt, a report in prose): the statistics year decides, as
    // every report on 2019 or later follows a national format.
    match year {
        Some(y) if y >= 2021 => Format::National2021,
        Some(y) if y >= 2019 => Format::National2019,
        _ => Format::LegacyText,
    }
}

/// The year and, when it differs from the title year, the period statement.
struct YearInfo {
    year: Option<i32>,
    period: Option<PeriodStatement>,
}

fn detect_year(doc: &Doc, compact: &[String]) -> YearInfo {
    let period = find_period(compact);
    let title = find_title_year(compact);
    // A period that disagrees with the title is believed, unless the body speaks of the title's
    // year throughout and hardly of the period's: then the period sentence is last year's,
    // copied ("编制了2021年…年度报告" with 统计期限 2020 and every figure of 2021). Either way
    // the document contradicts itself, and says so.
    let chosen = match (period, title) {
        (Some((py, li)), Some((ty, _))) if py != ty => {
            let said = |y: i32| year_mentions(compact, li, y);
            if said(ty) >= 3 && said(ty) > 2 * said(py) { title } else { period }
        }
        _ => period,
    };
    let year = chosen
        .map(|(y, _)| y)
        .or(title.map(|(y, _)| y))
        .or_else(|| notice_year(compact))
        .or_else(|| year_end_year(compact))
        .or_else(|| frequent_year(compact));
    let statement = match (period, title) {
        (Some((py, li)), Some((ty, _))) if py != ty => {
            Some(PeriodStatement { period_year: py, title_year: ty, evidence: doc.lines[li].evidence(None) })
        }
        _ => None,
    };
    YearInfo { year, period: statement }
}

/// The year of the reports a notice cited at the top asks for ("根据《关于做好2011年政府信息公开
/// 年度报告编制、公开工作的通知》"): a report that prints neither title nor period answers it.
fn notice_year(compact: &[String]) -> Option<i32> {
    compact.iter().take(10).find_map(|line| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len()).find_map(|i| {
            if !starts_at(&chars, i, "做好") {
                return None;
            }
            let at = i + 2 + 4;
            // (A 做好 near the end of the line has no year after it.)
            if chars.get(at) != Some(&'年') {
                return None;
            }
            let y = year_before(&chars, at)?;
            let tail: String = chars[at..(at + 24).min(chars.len())].iter().collect();
            (tail.contains("年度报告") || tail.contains("年报")).then_some(y)
        })
    })
}

/// The year whose end the text counts up to ("截至2011年底,本区政府信息公开工作运行正常",
/// "截止2010年12月31日"), for a copy without title or period: the year the report is on, where
/// the years named most often may be others (the start of the work in 2004, next year's plans).
/// The first such statement decides.
fn year_end_year(compact: &[String]) -> Option<i32> {
    compact.iter().take(60).find_map(|line| {
        let chars: Vec<char> = line.chars().collect();
        (0..chars.len()).find_map(|i| {
            if !(starts_at(&chars, i, "截至") || starts_at(&chars, i, "截止")) {
                return None;
            }
            let at = i + 2 + 4;
            if chars.get(at) != Some(&'年') {
                return None;
            }
            let y = year_before(&chars, at)?;
            ["年底", "年末", "年12月31日"].iter().any(|w| starts_at(&chars, at, w)).then_some(y)
        })
    })
}

/// Reads a four-digit year ending at char index `end` (exclusive) of `chars`.
fn year_before(chars: &[char], end: usize) -> Option<i32> {
    if end < 4 || end > chars.len() {
        return None;
    }
    let s = &chars[end - 4..end];
    if !s.iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if end > 4 && chars[end - 5].is_ascii_digit() {
        return None;
    }
    let y: i32 = s.iter().collect::<String>().parse().ok()?;
    (1990..=2100).contains(&y).then_some(y)
}

fn starts_at(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars().enumerate().all(|(j, p)| chars.get(i + j) == Some(&p))
}

fn find_str(chars: &[char], from: usize, to: usize, pat: &str) -> Option<usize> {
    let to = to.min(chars.len());
    (from..to).find(|&i| starts_at(chars, i, pat))
}

/// The statistics period "自2016年1月1日起至2016年12月31日止", "统计期限为2016年度":
/// (year, line index). Statements introduced by 统计 are preferred.
fn find_period(compact: &[String]) -> Option<(i32, usize)> {
    let mut fallback: Option<(i32, usize)> = None;
    for (li, line) in compact.iter().enumerate() {
        if !line.contains("1月1日") && !line.contains("01月01日") && !line.contains("统计") {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() {
            if chars[i] != '年' {
                continue;
            }
            let Some(y) = year_before(&chars, i) else { continue };
            let after = i + 1;
            let opens = starts_at(&chars, after, "1月1日") || starts_at(&chars, after, "01月01日");
            let stat_before = (i.saturating_sub(24)..i.saturating_sub(4)).any(|k| {
                starts_at(&chars, k, "统计") || starts_at(&chars, k, "所列数据") || starts_at(&chars, k, "数据")
            });
            if opens {
                let lim = after + 24;
                let to_at = find_str(&chars, after, lim, "至").or_else(|| find_str(&chars, after, lim, "到"));
                let Some(t) = to_at else { continue };
                let closes = find_str(&chars, t, t + 16, "12月31日").is_some()
                    || find_str(&chars, t, t + 12, "年底").is_some()
                    || find_str(&chars, t, t + 12, "年末").is_some();
                if !closes {
                    continue;
                }
                if stat_before {
                    return Some((y, li));
                }
                if fallback.is_none() {
                    fallback = Some((y, li));
                }
            } else if stat_before
                && (starts_at(&chars, after, "度") || chars.get(after).is_none_or(|c| !c.is_ascii_digit()))
            {
                // "统计期限为2016年度", "统计期限为2016年"
                let close = (i.saturating_sub(10)..i.saturating_sub(4)).any(|k| {
                    starts_at(&chars, k, "期限为") || starts_at(&chars, k, "时限为") || starts_at(&chars, k, "周期为")
                });
                if close && starts_at(&chars, after, "度") {
                    return Some((y, li));
                }
            }
        }
    }
    fallback
}

/// The year of the title: "2016年度…政府信息公开…报告" near the top, or the first sentence
/// announcing the report ("现公布…2017年政府信息公开工作年度报告").
fn find_title_year(compact: &[String]) -> Option<(i32, usize)> {
    // The title nearest the top wins: a title split over two lines comes before a later
    // sentence that names another report ("现向社会公布潞城镇2020年度…年度报告").
    match (title_on_one_line(compact), title_on_two_lines(compact)) {
        (Some(one), Some(two)) => Some(if two.1 < one.1 { two } else { one }),
        (one, two) => one.or(two),
    }
}

fn title_on_one_line(compact: &[String]) -> Option<(i32, usize)> {
    for (li, line) in compact.iter().enumerate().take(40) {
        if !line.contains("报告") && !line.contains("年报") {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() {
            if chars[i] != '年' {
                continue;
            }
            let Some(y) = year_before(&chars, i) else { continue };
            // The report name follows within a short distance without another date.
            let window_end = (i + 40).min(chars.len());
            let tail: String = chars[i + 1..window_end].iter().collect();
            let Some(rep) = tail.find("报告").or_else(|| tail.find("年报")) else { continue };
            let between = &tail[..rep];
            let after_report = &tail[rep + "报告".len()..];
            if between.contains("月")
                || between.contains('。')
                || ["根据", "关于", "要点", "通知", "做好", "《"].iter().any(|w| between.contains(w))
                || ["有关", "的通知", "编制", "》"].iter().any(|w| after_report.starts_with(w))
            {
                continue;
            }
            if between.contains("公开") || between.starts_with("度报告") || between.is_empty() || between == "度"
            {
                return Some((y, li));
            }
        }
    }
    None
}

/// A title split over two lines (PDF text, page headings): "2024年上海市科委政府信息公开工作" /
/// "年度报告", or "…人民政府2021年" / "政府信息公开工作年度报告".
fn title_on_two_lines(compact: &[String]) -> Option<(i32, usize)> {
    for li in 0..compact.len().min(20).saturating_sub(1) {
        let a = &compact[li];
        let b = &compact[li + 1];
        if (b.starts_with("年度报告") || b.starts_with("工作年度报告") || b.starts_with("报告")) && a.contains("公开")
        {
            let chars: Vec<char> = a.chars().collect();
            for i in 0..chars.len() {
                if chars[i] == '年'
                    && let Some(y) = year_before(&chars, i)
                {
                    return Some((y, li));
                }
            }
        }
        if ["政府信息公开", "政务公开", "信息公开"].iter().any(|w| b.starts_with(w))
            && b.ends_with("报告")
            && b.chars().count() <= 20
            && let Some(head) = a.strip_suffix("年度").or_else(|| a.strip_suffix('年'))
            && let Some(y) = year_before(&head.chars().collect::<Vec<_>>(), head.chars().count())
        {
            return Some((y, li));
        }
    }
    None
}

/// The most frequent plausible year in the first lines (last resort).
/// How often the first 60 lines but line `skip` name year `y` ("2021年").
fn year_mentions(compact: &[String], skip: usize, y: i32) -> usize {
    let word = format!("{y}年");
    compact.iter().take(60).enumerate().filter(|(i, _)| *i != skip).map(|(_, l)| l.matches(word.as_str()).count()).sum()
}

fn frequent_year(compact: &[String]) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for line in compact.iter().take(60) {
        let chars: Vec<char> = line.chars().collect();
        for i in 0..chars.len() {
            if chars[i] == '年'
                && let Some(y) = year_before(&chars, i)
            {
                match counts.iter_mut().find(|(cy, _)| *cy == y) {
                    Some(c) => c.1 += 1,
                    None => counts.push((y, 1)),
                }
            }
        }
    }
    counts.into_iter().max_by_key(|&(y, n)| (n, -y)).map(|(y, _)| y)
}

// ---------------------------------------------------------------------------------------------
// Agency

/// Endings of organ names.
const ORGAN_SUFFIXES: &[&str] = &[
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "管委会",
    "委员会",
    "实验区",
    "事务局",
    "局",
    "委",
    "厅",
    "中心",
    "院",
    "署",
    "办",
    "部",
    "处",
    "所",
    "站",
    "馆",
    "区",
    "县",
    "市",
    "州",
    "盟",
    "旗",
    "镇",
    "乡",
    "街道",
    "公司",
    "会",
    "队",
];

/// Characters that end a title prefix when walking back from "政府信息公开".
fn is_title_boundary(c: char) -> bool {
    matches!(
        c,
        ':' | '|' | '>' | '#' | '》' | '。' | ',' | ';' | '、' | '"' | '\'' | '-' | '—' | '*' | ']' | '】' | '!'
    )
}

fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Removes "2016年" / "2016年度" at either end of a title fragment, keeping the organ part.
fn strip_year(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    // Find a year anywhere: keep the part after it if non-empty, else the part before it.
    for i in 0..chars.len() {
        if chars[i] == '年' && year_before(&chars, i).is_some() {
            let mut end = i + 1;
            if chars.get(end) == Some(&'度') {
                end += 1;
            }
            let after: String = chars[end..].iter().collect();
            let before: String = chars[..i - 4].iter().collect();
            let after = after.trim_start_matches(['的', '份']).to_string();
            return if !after.is_empty() { after } else { before };
        }
    }
    s.to_string()
}

fn is_organ_name(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=30).contains(&n) {
        return false;
    }
    if !s.chars().all(|c| crate::normalize::is_cjk(c) || c == '·') {
        return false;
    }
    if s.starts_with('我') || s.starts_with('本') || s.contains("以下简称") || s.contains("关于") || s.contains("根据")
    {
        return false;
    }
    ORGAN_SUFFIXES.iter().any(|suf| s.ends_with(suf))
}

/// Cleans a candidate: drops lead-ins like "现公布", "标题", "来源" and parenthesised notes.
fn clean_candidate(s: &str) -> String {
    let mut s = strip_parens(s);
    for lead in ["现将", "现公布", "公布", "标题", "来源", "正文", "发布机构", "编制", "关于"] {
        if let Some(p) = s.rfind(lead) {
            s = s[p + lead.len()..].to_string();
        }
    }
    let s = strip_year(&s);
    s.trim_matches(|c: char| !crate::normalize::is_cjk(c)).to_string()
}

fn title_candidates(compact: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    // The head of the document: lines joined, so that wrapped titles read as one.
    let head: String = compact.iter().take(40).map(|l| l.as_str()).collect::<Vec<_>>().join("|");
    let head: String = head.chars().take(6000).collect();
    let chars: Vec<char> = head.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let hit = ["政府信息公开", "信息公开", "政务公开"].iter().find(|p| starts_at(&chars, i, p)).copied();
        let Some(pat) = hit else {
            i += 1;
            continue;
        };
        let end = i + pat.chars().count();
        // The report name must follow: (工作)(年度)报告 / 年报.
        let rest: String = chars[end..(end + 12).min(chars.len())].iter().collect();
        let rest = rest.replace('|', "");
        let names_report = ["年度报告", "工作年度报告", "工作报告", "年报", "情况年度报告", "工作情况报告"]
            .iter()
            .any(|r| rest.starts_with(r));
        if names_report {
            let mut b = i;
            while b > 0 && !is_title_boundary(chars[b - 1]) && i - b < 40 {
                b -= 1;
                // A report name just before ends the prefix ("…年度报告2014年…").
                if b >= 2 && chars[b - 2] == '报' && chars[b - 1] == '告' {
                    break;
                }
            }
            let raw: String = chars[b..i].iter().collect();
            let cand = clean_candidate(&raw);
            if is_organ_name(&cand) {
                out.push(cand);
            }
        }
        i = end;
    }
    out
}

/// "由朔州市中小企业局编制".
fn compiled_by(compact: &[String]) -> Option<String> {
    for line in compact.iter().take(40) {
        let mut from = 0;
        while let Some(p) = line[from..].find('由') {
            let start = from + p + '由'.len_utf8();
            if let Some(q) = line[start..].find("编制") {
                let cand = clean_candidate(&line[start..start + q]);
                if is_organ_name(&cand) {
                    return Some(cand);
                }
            }
            from = start;
        }
    }
    None
}

/// A short organ line just above a date near the end (the signature).
fn signature(compact: &[String]) -> Option<String> {
    let n = compact.len();
    for i in (n.saturating_sub(25)..n).rev() {
        let l = &compact[i];
        let is_date = l.contains('年') && l.contains('月') && l.ends_with('日') && l.chars().count() <= 14;
        if is_date && i > 0 {
            let cand = clean_candidate(&compact[i - 1]);
            if is_organ_name(&cand) {
                return Some(cand);
            }
        }
    }
    None
}

/// Places whose bare names (two characters + 区/市) are not proper names.
const NOT_PLACE_PREFIX: &[char] = &[
    '我', '本', '全', '各', '该', '城', '辖', '园', '社', '片', '景', '新', '市', '县', '省', '区', '地', '山', '上',
    '超', '门', '都', '城',
];

/// The most frequent "XX市" of the text (for completing district names).
fn frequent_city(compact: &[String], avoid: &str) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in compact {
        let chars: Vec<char> = line.chars().collect();
        for i in 2..chars.len() {
            if chars[i] != '市' {
                continue;
            }
            let a = chars[i - 2];
            let b = chars[i - 1];
            if !crate::normalize::is_cjk(a) || !crate::normalize::is_cjk(b) || NOT_PLACE_PREFIX.contains(&a) {
                continue;
            }
            let city: String = [a, b, '市'].iter().collect();
            if city == avoid {
                continue;
            }
            match counts.iter_mut().find(|(c, _)| *c == city) {
                Some(c) => c.1 += 1,
                None => counts.push((city, 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

/// Completes a bare name: "市国资委" → "衡阳市国资委", "从化区人民政府办公室" →
/// "广州市从化区人民政府办公室", as the labels write districts with their city.
fn complete(name: String, compact: &[String]) -> String {
    if let Some(rest) = name.strip_prefix('市') {
        // "衡阳市国资委" somewhere in the text.
        for line in compact {
            let mut from = 0;
            while let Some(p) = line[from..].find(&name) {
                let at = from + p;
                let before: Vec<char> = line[..at].chars().collect();
                if before.len() >= 2 {
                    let a = before[before.len() - 2];
                    let b = before[before.len() - 1];
                    if crate::normalize::is_cjk(a) && crate::normalize::is_cjk(b) && !NOT_PLACE_PREFIX.contains(&a) {
                        return format!("{a}{b}市{rest}");
                    }
                }
                from = at + name.len();
            }
        }
        return name;
    }
    let chars: Vec<char> = name.chars().collect();
    // District (区) names are written with their city; counties (县) are not.
    let district_at = chars.iter().take(4).position(|&c| c == '区');
    if let Some(d) = district_at
        && d >= 2
        && !chars[..d].contains(&'市')
        && !name.contains("实验区")
        && !name.contains("新区")
    {
        let district: String = chars[..=d].iter().collect();
        for line in compact {
            if let Some(p) = line.find(&district) {
                let before: Vec<char> = line[..p].chars().collect();
                if before.len() >= 3 && before[before.len() - 1] == '市' {
                    let a = before[before.len() - 3];
                    let b = before[before.len() - 2];
                    if crate::normalize::is_cjk(a) && crate::normalize::is_cjk(b) && !NOT_PLACE_PREFIX.contains(&a) {
                        return format!("{a}{b}市{name}");
                    }
                }
            }
        }
        if let Some(city) = frequent_city(compact, "") {
            return format!("{city}{name}");
        }
    }
    name
}

fn detect_agency(compact: &[String]) -> Option<String> {
    let cand = title_candidates(compact)
        .into_iter()
        .next()
        .or_else(|| compiled_by(compact))
        .or_else(|| {
            // A short organ line at the very top ("市 国 资 委").
            compact.iter().take(3).map(|l| clean_candidate(l)).find(|c| is_organ_name(c) && c.chars().count() <= 16)
        })
        .or_else(|| signature(compact))?;
    Some(complete(cand, compact))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{RawBlock, RawDoc};
    use crate::normalize::Normalizer;

    fn doc(text: &str) -> Doc {
        Doc::build(RawDoc { blocks: vec![RawBlock::Text(text.to_string())] }, &Normalizer::new())
    }

    #[test]
    fn years_and_periods() {
        type Case<'a> = (&'a str, Option<i32>, Option<(i32, i32)>);
        let cases: &[Case] = &[
            (
                "市 国 资 委\n(2017年3月3日)\n本年度报告中所列的统计期限自2016年1月1日起至2016年12月31日止。",
                Some(2016),
                None,
            ),
            (
                "现公布随县人民政府2017年政府信息公开工作年度报告。本报告中所列数据的统计期限从2017年1月1日至2017年12月31日。",
                Some(2017),
                None,
            ),
            ("2010年度政府信息公开年度报告\n现将我办2010年度政府信息公开情况报告如下。", Some(2010), None),
            (
                "2024 年上海市科委政府信息公开工作\n年度报告\n所列数据的统计周期为 2024 年 1 月 1 日至 12 月 31 日。",
                Some(2024),
                None,
            ),
            // A title split after its year, and a sentence that names another report below.
            (
                "北京市通州区张家湾镇人民政府2021年\n政府信息公开工作年度报告\n一、总体情况\n现向社会公布潞城镇2020年度政府信息公开工作年度报告。",
                Some(2021),
                None,
            ),
            (
                "2017年某局政府信息公开工作年度报告\n本报告所列数据的统计期限自2016年1月1日起至2016年12月31日止。",
                Some(2016),
                Some((2016, 2017)),
            ),
            ("2016年从化区人民政府办公室 政府信息公开年度报告\n1.统计期限为2016年度;", Some(2016), None),
            // The period sentence copied from last year's report, every other sentence of the
            // title's year: the title's year, the contradiction still reported.
            (
                "某局编制了2021年政府信息公开年度报告。本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n2021年,我局积极推进政务公开。\n2021年通过门户网站主动公开政府信息1268条。\n2021年共收到申请317件。",
                Some(2021),
                Some((2020, 2021)),
            ),
            // A 做好 at the line's end, too short for a year after it.
            ("报告如下:请做好", None, None),
            // No title, no period: the notice the preamble cites names the year asked for.
            (
                "根据《条例》和《关于做好2011年政府信息公开年度报告编制、公开工作的通知》(赣府厅明[2012]14号)等文件精神,现报告如下:\n一、概述\n2008年以来我局不断完善制度。",
                Some(2011),
                None,
            ),
            // No title, no period: the year the text counts up to the end of, not the year the
            // work began (a Traditional copy of 杨浦区's 2011 report).
            (
                "一 、概 述\n根據《規定》要求,2004年5月1日起本區政府開始開展政府信息公開工作。截至2011年底,本區政府信息公開工作運行正常。",
                Some(2011),
                None,
            ),
        ];
        for (text, year, period) in cases {
            let m = detect(&doc(text));
            assert_eq!(m.year, *year, "{text}");
            assert_eq!(m.period.map(|p| (p.period_year, p.title_year)), *period, "{text}");
        }
    }

    #[test]
    fn formats() {
        let cases: &[(&str, Format)] = &[
            ("规章 | 本年制发件数 | 本年废止件数 | 现行有效件数", Format::National2021),
            ("信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量", Format::National2019),
            ("(一)收到申请数 | 件 | 0 |\n1.当面申请数 | 件 | 0 |\n2.传真申请数 | 件 | 0 |", Format::LegacyStats),
            ("全县共受理政府信息公开申请1件,信函申请。", Format::LegacyText),
            // No table label printed: the statistics year decides.
            ("2020年政府信息公开工作年度报告\n全年共收到政府信息公开申请3件。", Format::National2019),
            ("2023年政府信息公开工作年度报告\n全年共收到政府信息公开申请3件。", Format::National2021),
            // The old header of 第(一)项 over the new single columns, on 2022.
            (
                "2022年度政府信息公开工作年度报告\n信息内容 | 本年新 制作数量 | 本年新 公开数量 | 对外公开总数量\n信息内容 | 处理决定数量",
                Format::National2021,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(&doc(text)).format, *want, "{text}");
        }
    }

    #[test]
    fn agencies() {
        let cases: &[(&str, Option<&str>)] = &[
            ("标题: 平潭综合实验区管委会2014年度政府信息公开工作年度报告\n正文", Some("平潭综合实验区管委会")),
            ("现公布随县人民政府(以下简称县政府)2017年政府信息公开工作年度报告。", Some("随县人民政府")),
            (
                "2016年从化区人民政府办公室 政府信息公开年度报告\n按照广州市的工作部署,《广州市政府信息公开规定》",
                Some("广州市从化区人民政府办公室"),
            ),
            ("市 国 资 委\n(2017年3月3日)\n衡阳市国资委服务承诺事项", Some("衡阳市国资委")),
            ("2024 年上海市科委政府信息公开工作\n年度报告", Some("上海市科委")),
            (
                "现公布坪山区委政法委员会2017年政府信息公开年度报告。地址:深圳市坪山区坪山大道333号",
                Some("深圳市坪山区委政法委员会"),
            ),
            (
                "朔州市中小企业局\n2014年政府信息公开年度报告\n本年度报告由朔州市中小企业局编制。",
                Some("朔州市中小企业局"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(detect(&doc(text)).agency.as_deref(), *want, "{text}");
        }
    }
}
