//! National formats (2019, 2021): tables 二, 三, 四, section 六 fees and narrative claims.
//!
//! The document is read once into a stream of label texts and number rows ([`rows`]); the
//! tables are found by their captions and labels, never by line numbers.

mod claims;
mod fee;
mod place;
mod rows;
mod split;
pub(crate) mod t2;
mod t3;
mod t4;

use std::collections::HashMap;
use std::ops::Range;

use gongkai_core::{Format, Report};

use crate::doc::Doc;
use rows::Item;

/// Where the tables sit in the item stream.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Regions {
    pub t2: Option<Range<usize>>,
    pub t3: Option<Range<usize>>,
    pub t4: Option<Range<usize>>,
}

impl Regions {
    /// Items outside the tables (the narrative).
    pub(crate) fn in_table(&self, i: usize) -> bool {
        [&self.t2, &self.t3, &self.t4].iter().any(|r| r.as_ref().is_some_and(|r| r.contains(&i)))
    }
}

fn find_text(items: &[Item], from: usize, to: usize, needles: &[&str]) -> Option<usize> {
    (from..to.min(items.len())).find(|&i| items[i].text().is_some_and(|t| needles.iter().any(|n| t.contains(n))))
}

/// Like [`find_text`], but only where the needle stands in a heading: its clause starts the
/// text (a short line) or opens with a section number ("四、", "(四)", "4."). The preamble's
/// list of the report's parts ("报告由总体情况,主动公开政府信息情况,…行政诉讼情况,…组成")
/// names every table without showing one.
fn find_heading(items: &[Item], from: usize, to: usize, needles: &[&str]) -> Option<usize> {
    (from..to.min(items.len())).find(|&i| {
        items[i].text().is_some_and(|t| needles.iter().any(|n| t.match_indices(n).any(|(p, _)| is_heading_at(t, p))))
    })
}

fn is_heading_at(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let start = before
        .rfind([',', '，', '。', ';', '；', ':', '：'])
        .map(|b| b + before[b..].chars().next().map_or(1, char::len_utf8));
    let clause = &text[start.unwrap_or(0)..];
    // A top-level section number ("四、", "4."); "(四)" numbers the sub-headings of section 一,
    // which name the same subjects ("(四)因政府信息公开工作被申请行政复议、提起行政诉讼情况").
    let rest = clause.trim_start_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let numbered = rest.len() < clause.len() && rest.starts_with(['、', '.', '．']);
    // Unnumbered: the caption is the whole text, not the end of a sentence cut by a number
    // ("2023年度无因…引发的行政复议、行政诉讼问题").
    let whole = start.is_none()
        && text.chars().count() <= 40
        && text.trim_end_matches(['。', ' ']).ends_with("情况")
        && !text.starts_with(|c: char| "年月日号件条个次项元(（".contains(c));
    numbered || whole
}

/// Caption phrases of table 四, with the variants "四、因政府信息公开工作被申请行政复议、提起行政
/// 诉讼情况" (also without the 、) and "行政复议和行政诉讼".
const T4_CAPTIONS: &[&str] = &[
    "复议、行政诉讼情况",
    "行政复议、行政诉讼",
    "复议、提起行政诉讼",
    "复议提起行政诉讼",
    "复议和行政诉讼",
    "复议及行政诉讼",
    "复议与行政诉讼",
];

/// Finds tables 二, 三 and 四 by their captions.
pub(crate) fn regions(items: &[Item]) -> Regions {
    let n = items.len();
    let caption = find_text(items, 0, n, &["第二十条第"]);
    // Some copies lose the first caption (第二十条第(一)项) and open the table with its header
    // row: the header starts the table then.
    // The header may be printed one cell per line ("信息内容 |", "本年制发件数 |", …).
    let header = (0..caption.unwrap_or(n)).find(|&i| {
        items[i].text().is_some_and(|t| {
            is_t2_header(t)
                || (t.contains("信息内容")
                    && items[i + 1..n.min(i + 4)]
                        .iter()
                        .filter_map(Item::text)
                        .any(|next| T2_COLUMNS.iter().any(|c| next.contains(c))))
        })
    });
    let t2_start = header.or(caption);
    let t3_from = t2_start.unwrap_or(0);
    // A page that starts inside table 三 (a flip-book page, an excerpt) may show only its last
    // row: "四、结转下年度继续办理 0 0 0 0 0 0 0", a row with figures, never prose.
    let t3_start =
        find_text(items, t3_from, n, &["申请人情况", "勾稽关系", "本年新收政府信息公开申请"]).or_else(|| {
            (t3_from..n).find(|&i| matches!(&items[i], Item::Row(r) if r.label.contains("结转下年度继续办理")))
        });
    let mut r = Regions::default();
    if let Some(s2) = t2_start {
        r.t2 = Some(s2..t3_start.unwrap_or(n).min(s2 + 400));
    }
    let Some(s3) = t3_start else {
        // No table 三 found: table 四 only by its own caption.
        if let Some(s4) = find_heading(items, t3_from, n, T4_CAPTIONS) {
            r.t4 = Some(s4..table4_end(items, s4));
        }
        return r;
    };
    // Table 三 labels never mention 复议 or 诉讼: the first such text starts table 四.
    let t4_start = find_text(items, s3 + 1, n, &["复议", "诉讼"]);
    let e3 = t4_start.unwrap_or(n).min(s3 + 600);
    r.t3 = Some(s3..e3);
    if let Some(s4) = t4_start {
        r.t4 = Some(s4..table4_end(items, s4));
    }
    r
}

/// The header row of a block of table 二: 信息内容 with the name of one of its columns.
fn is_t2_header(text: &str) -> bool {
    text.contains("信息内容") && T2_COLUMNS.iter().any(|c| text.contains(c))
}

/// Names of the columns of table 二's blocks.
const T2_COLUMNS: [&str; 8] = [
    "本年制发",
    "现行有效",
    "本年新制作",
    "对外公开总数量",
    "上一年项目数量",
    "处理决定数量",
    "采购项目数量",
    "收费金额",
];

fn table4_end(items: &[Item], s4: usize) -> usize {
    let limit = (s4 + 120).min(items.len());
    find_text(items, s4 + 1, limit, &["存在的主要问题", "主要问题", "其他需要报告", "改进情况"]).unwrap_or(limit)
}

/// Reads the tables of a national-format report into `report`.
pub fn read(doc: &Doc, format: Format, report: &mut Report) {
    let mut items = rows::items(doc);
    let regions = regions(&items);
    place::apply(doc, &mut items, &regions);
    let claims = claims::narrative(doc, &items, &regions);
    let hints: HashMap<String, f64> = claims.iter().map(|c| (c.key.clone(), c.value.as_f64())).collect();
    if let Some(r) = regions.t2.clone() {
        t2::read(doc, &items, r, format, &hints, report);
    }
    if let Some(r) = regions.t3.clone() {
        t3::read(doc, &items, r, format, &hints, report);
    }
    if let Some(r) = regions.t4.clone() {
        t4::read(doc, &items, r, report);
    }
    fee::read(doc, &items, &regions, report);
    report.observations.claims.extend(claims);
    unread_tables(doc, &items, &regions, report);
}

/// Tables whose header the document shows but of which no value was read: a reading finding
/// naming the table, so an audit never passes a report whose tables it could not read.
fn unread_tables(doc: &Doc, items: &[Item], regions: &Regions, report: &mut Report) {
    let n = items.len();
    let tables: [(&str, &str, Option<usize>); 3] = [
        (
            "t2.",
            "表二（主动公开政府信息情况）",
            regions.t2.as_ref().map(|r| r.start).or_else(|| find_heading(items, 0, n, &["主动公开政府信息情况"])),
        ),
        (
            "t3.",
            "表三（收到和处理政府信息公开申请情况）",
            regions.t3.as_ref().map(|r| r.start).or_else(|| {
                find_heading(items, 0, n, &["收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"])
            }),
        ),
        (
            "t4.",
            "表四（政府信息公开行政复议、行政诉讼情况）",
            regions.t4.as_ref().map(|r| r.start).or_else(|| find_heading(items, 0, n, T4_CAPTIONS)),
        ),
    ];
    for (prefix, name, at) in tables {
        let Some(at) = at else { continue };
        if report.values.keys().any(|k| k.starts_with(prefix)) {
            continue;
        }
        let line = match &items[at] {
            Item::Text { line, .. } => *line,
            Item::Row(r) => r.line,
        };
        report.observations.uncertain.push(gongkai_core::report::Uncertain {
            keys: Vec::new(),
            reason: format!("{name}：原文有此表的表头，但{}，请对照原文核对全表", gongkai_core::report::TABLE_NOT_READ),
            evidence: rows::line_evidence(doc, line, || items[at].text().unwrap_or_default().to_string()),
        });
    }
}

#[cfg(test)]
mod tests;
