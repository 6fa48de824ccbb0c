//! Figures stated in the narrative of national reports (claims for `text_table_mismatch`, and
//! hints for cutting run-together table digits). Only wordings whose key is unambiguous.

use gongkai_core::Figure;
use gongkai_core::keys::{T3Col, T3Row, t3};
use gongkai_core::report::Claim;

use super::Regions;
use super::rows::{Grp, Item, Unit};
use crate::doc::Doc;

/// A part of a narrative sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Text(String),
    Num { value: f64, unit: Unit, line: usize },
}

/// A sentence of the narrative (text outside the tables, up to "。").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sentence {
    pub parts: Vec<Part>,
    /// First line of the sentence (index into `doc.lines`).
    pub line: usize,
    /// Whether the sentence comes after the tables (sections 五 and 六).
    pub after_tables: bool,
}

impl Sentence {
    /// The sentence with its numbers, for evidence.
    pub(crate) fn show(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Num { value, .. } => Figure::Amount(*value).to_string(),
            })
            .collect()
    }
    pub(crate) fn text(&self) -> String {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                Part::Num { .. } => None,
            })
            .collect()
    }
}

/// Splits the narrative into sentences.
pub(crate) fn sentences(items: &[Item], regions: &Regions) -> Vec<Sentence> {
    let tables_end = [&regions.t2, &regions.t3, &regions.t4].iter().filter_map(|r| r.as_ref().map(|r| r.end)).max();
    let mut out: Vec<Sentence> = Vec::new();
    let mut cur = Sentence { parts: Vec::new(), line: 0, after_tables: false };
    let push = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.parts.is_empty() {
            out.push(std::mem::replace(cur, Sentence { parts: Vec::new(), line: 0, after_tables: false }));
        }
    };
    for (i, it) in items.iter().enumerate() {
        if regions.in_table(i) {
            push(&mut cur, &mut out);
            continue;
        }
        let after = tables_end.is_some_and(|e| i >= e);
        match it {
            Item::Text { line, text } => {
                let mut rest = text.as_str();
                // "2\n件", "0\n元。": a unit printed on the next line (a paragraph of a PDF
                // breaks its lines anywhere).
                if let Some(Part::Num { unit, .. }) = cur.parts.last_mut()
                    && *unit == Unit::None
                {
                    let head: Vec<char> = rest.chars().take(2).collect();
                    if let (u, 1..) = super::rows::unit_at(&head) {
                        *unit = u;
                    }
                }
                loop {
                    if cur.parts.is_empty() {
                        cur.line = *line;
                        cur.after_tables = after;
                    }
                    match rest.find('。') {
                        Some(p) => {
                            if p > 0 {
                                cur.parts.push(Part::Text(rest[..p].to_string()));
                            }
                            push(&mut cur, &mut out);
                            rest = &rest[p + '。'.len_utf8()..];
                        }
                        None => {
                            if !rest.is_empty() {
                                // Text wrapped over lines continues the previous text part.
                                if let Some(Part::Text(t)) = cur.parts.last_mut() {
                                    t.push_str(rest);
                                } else {
                                    cur.parts.push(Part::Text(rest.to_string()));
                                }
                            }
                            break;
                        }
                    }
                }
            }
            Item::Row(row) => {
                if cur.parts.is_empty() {
                    cur.line = row.line;
                    cur.after_tables = after;
                }
                for g in &row.groups {
                    if let Grp::Num { value, unit, .. } = g {
                        cur.parts.push(Part::Num { value: *value, unit: *unit, line: row.line });
                    }
                }
            }
        }
    }
    push(&mut cur, &mut out);
    out
}

const CLAUSE_END: &[char] = &[',', '，', ';', '；', ':', '：', '(', ')', '（', '）'];
const FILLER: &[char] = &['共', '计', '为', '有', '的', '达', '了', '约', '数', '合'];

/// The clause text right before a number, without trailing filler words.
fn tail(text: &str) -> &str {
    let t = match text.rfind(CLAUSE_END) {
        Some(p) => &text[p + text[p..].chars().next().map_or(1, char::len_utf8)..],
        None => text,
    };
    t.trim_end_matches(FILLER).trim_start_matches(FILLER)
}

fn ends_any(t: &str, ends: &[&str]) -> bool {
    ends.iter().any(|e| t.ends_with(e))
}

fn compound(rows: &[T3Row]) -> String {
    rows.iter().map(|r| t3(*r, T3Col::Total)).collect::<Vec<_>>().join("+")
}

/// The key a clause ending states a count of, if unambiguous.
fn key_for(tail: &str, sentence: &str) -> Option<String> {
    // Counts of table 三 only in sentences about applications (not hotline tickets etc.).
    let about_requests =
        sentence.contains("申请") && !["热线", "工单", "来电", "12345", "咨询"].iter().any(|w| sentence.contains(w));
    let total = |r: T3Row| about_requests.then(|| t3(r, T3Col::Total));
    if ends_any(tail, &["本年新收政府信息公开申请", "新收政府信息公开申请", "新收申请", "本年新收"])
    {
        return total(T3Row::New);
    }
    if ends_any(tail, &["收到政府信息公开申请", "受理政府信息公开申请", "收到申请", "受理申请", "收到依申请公开申请"])
    {
        // "收到申请X件" is the new applications only when the carried-in ones are stated apart.
        let rest = sentence.replacen(tail, "", 1);
        return if rest.contains("上年结转") || rest.contains("上年度结转") {
            total(T3Row::New)
        } else {
            None
        };
    }
    if ends_any(tail, &["上年结转", "上年结转政府信息公开申请", "上年结转申请", "上年度结转申请", "上年度结转"])
    {
        return total(T3Row::CarriedIn);
    }
    if ends_any(tail, &["办结", "办结政府信息公开申请", "答复政府信息公开申请"]) || tail == "办理"
    {
        return total(T3Row::Total);
    }
    if let Some(p) =
        ["结转下年度", "结转下一年", "转下一年度", "结转至下一年", "结转到下一年", "结转至下年度", "转入下一年"]
            .iter()
            .filter_map(|k| tail.find(k).map(|p| p + k.len()))
            .min()
        && tail[p..].chars().count() <= 10
    {
        return total(T3Row::CarriedOut);
    }
    if ends_any(tail, &["予以公开及部分公开", "予以公开和部分公开", "公开及部分公开", "公开和部分公开"])
    {
        return about_requests.then(|| compound(&[T3Row::Granted, T3Row::Partial]));
    }
    if ends_any(tail, &["部分公开", "部分公开答复"]) {
        let p = tail.rfind("部分公开").unwrap_or(0);
        let before = tail[..p].chars().last();
        return if matches!(before, Some('及' | '和' | '与' | '或')) { None } else { total(T3Row::Partial) };
    }
    if ends_any(tail, &["予以公开", "同意公开", "同意公开答复", "予以公开答复"]) {
        return total(T3Row::Granted);
    }
    if ends_any(tail, &["不予公开", "不予公开答复"]) {
        return about_requests.then(|| compound(&T3Row::NATIONAL_2021[4..12]));
    }
    if ends_any(tail, &["无法提供"]) {
        return about_requests.then(|| compound(&T3Row::NATIONAL_2021[12..15]));
    }
    if ends_any(tail, &["不予处理"]) {
        return about_requests.then(|| compound(&T3Row::NATIONAL_2021[15..20]));
    }
    if ends_any(tail, &["其他处理"]) {
        return total(T3Row::Other);
    }
    if ends_any(tail, &["行政复议", "行政复议案件"]) && !tail.contains("纠错") {
        return Some("t4.review.total".to_string());
    }
    if ends_any(tail, &["行政诉讼", "行政诉讼案件"]) && !tail.contains("败诉") {
        return Some("t4.suit_direct.total+t4.suit_after_review.total".to_string());
    }
    // Table 二 (2021): regulations and normative documents issued / in force / abolished.
    for (item, name) in [("规范性文件", "normative"), ("规章", "rules")] {
        if tail.ends_with(item) {
            let measure = if tail.contains("现行有效") {
                "in_force"
            } else if tail.contains("制发") {
                "issued"
            } else if tail.contains("废止") {
                "abolished"
            } else {
                return None;
            };
            return Some(format!("t2.{name}.{measure}"));
        }
    }
    None
}

/// The claims of the narrative.
pub(crate) fn narrative(doc: &Doc, items: &[Item], regions: &Regions) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    let all = sentences(items, regions);
    for (si, s) in all.iter().enumerate() {
        // The sentence with the one before it: "其中，予以公开…" follows the sentence on applications.
        let own = s.text();
        let whole = match si.checked_sub(1).map(|p| all[p].text()) {
            Some(prev) if !own.contains("申请") && !own.contains("热线") => format!("{prev}。{own}"),
            _ => own,
        };
        let mut prev_text: Option<&str> = None;
        for p in &s.parts {
            match p {
                Part::Text(t) => prev_text = Some(t),
                Part::Num { value, unit, line } => {
                    let before = prev_text.take();
                    if *unit != Unit::Piece || value.fract() != 0.0 || *value < 0.0 {
                        continue;
                    }
                    let Some(text) = before else { continue };
                    let Some(key) = key_for(tail(text), &whole) else { continue };
                    if claims.iter().any(|c| c.key == key) {
                        continue;
                    }
                    let snippet = format!("{}{}件", tail(text), value);
                    let mut ev = super::rows::line_evidence(doc, *line, || snippet.clone());
                    ev.text = gongkai_core::report::shorten(&snippet, 80);
                    claims.push(Claim { key, value: Figure::Count(*value as i64), evidence: ev });
                }
            }
        }
    }
    claims
}
