//! Positioned rows (PDF text): figures placed in their table column by where they sit under the
//! column headers, so that a row printed with blank cells keeps every figure in its own column.
//!
//! Text lines of a PDF lose the cell borders: "二、上年结转… 18" could be any column. When the
//! table's header pieces are found on the page, each figure goes to the column whose header is
//! nearest, and only if it is clearly closer to that header than to any neighbour; otherwise the
//! row is left as printed (and the table readers treat it as before).

use std::ops::Range;

use super::Regions;
use super::rows::{Grp, Item, Row};
use crate::doc::Doc;

/// The x-centre of each column's header on the page, when found.
type Anchors = Vec<Option<f32>>;

/// Header texts of table 三's columns, by column (exact pieces, or halves of a header that
/// wrapped inside its cell).
const T3_HEADERS: [&[&str]; 7] = [
    // ("自然" above "人" when the header wraps in a narrow column.)
    &["自然人", "自然"],
    &["商业企业", "商业", "企业"],
    &["科研机构", "科研"],
    &["社会公益组织", "社会公益", "公益组织", "社会", "公益"],
    &["法律服务机构", "法律服务", "法律"],
    &["其他"],
    &["总计", "合计"],
];

/// Header texts of table 四's columns (five per group, repeated for the three groups).
const T4_HEADERS: &[&str] =
    &["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "维持", "纠正", "其他", "尚未", "审结", "结果"];

/// Header texts of table 二's columns (both formats): the column part of the schema's labels
/// ("行政许可·本年处理决定数量"), without a unit note, and the spelling 本年增减. A piece starting
/// with one counts, so that "本年收费金额(单位:万元)" does. Each block of the table prints its own
/// header line.
static T2_HEADERS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    use gongkai_core::keys::{T2_2019, T2_2021};
    let mut heads: Vec<&'static str> = T2_2019
        .iter()
        .chain(T2_2021)
        .filter_map(|(_, label)| label.split_once('·').map(|(_, col)| col.split('（').next().unwrap_or(col)))
        .chain(["本年增减"])
        .collect();
    heads.sort_unstable();
    heads.dedup();
    heads
});

/// Header pieces of one column closer than this (points) are the same column.
const SAME_COLUMN: f32 = 8.0;

/// Rewrites the positioned number rows of tables 二, 三 and 四 with one group per column.
pub(crate) fn apply(doc: &Doc, items: &mut [Item], regions: &Regions) {
    if let Some(r) = regions.t2.clone() {
        place_t2(doc, items, r);
    }
    if let Some(r) = regions.t3.clone() {
        let t3 = |lines: Range<usize>| {
            let anchors = named_anchors(doc, lines, &T3_HEADERS);
            (anchors.iter().flatten().count() >= 3).then_some(anchors)
        };
        if let Some(lines) = header_lines(items, r.clone()) {
            let first = named_anchors(doc, lines, &T3_HEADERS);
            place_by_headers(items, r, first, &t3);
        }
    }
    if let Some(r) = regions.t4.clone() {
        let t4 = |lines: Range<usize>| {
            let centers = header_centers(doc, lines, T4_HEADERS);
            (centers.len() == 15 || centers.len() == 5).then(|| centers.into_iter().map(Some).collect::<Anchors>())
        };
        if let Some(first) = header_lines(items, r.clone()).and_then(t4) {
            place_by_headers(items, r, first, &t4);
        }
    }
}

/// Places the rows of `range` under the header above them: the table's first header (`first`),
/// or a header printed again where the table goes on over a page, found by `header` in the text
/// lines between two rows. (A PDF's text laid out page by page sets each page's columns apart,
/// so the repeated header, not the first, says where a later page's figures stand.)
fn place_by_headers(
    items: &mut [Item],
    range: Range<usize>,
    first: Anchors,
    header: &dyn Fn(Range<usize>) -> Option<Anchors>,
) {
    let mut anchors = first;
    let mut from = range.start;
    let mut gap_start: Option<usize> = None;
    for i in range.clone() {
        match &items[i] {
            Item::Text { line, .. } => {
                gap_start.get_or_insert(*line);
            }
            Item::Row(r) => {
                if let Some(start) = gap_start.take()
                    && i > from
                    && let Some(next) = header(start..r.line)
                {
                    place_rows(items, from..i, &anchors);
                    anchors = next;
                    from = i;
                }
            }
        }
    }
    place_rows(items, from..range.end, &anchors);
}

/// Table 二, block by block: the columns of each header line (信息内容 …) place the rows
/// below it, up to the next header ("行政许可 148" under 上一年项目数量 | 本年增/减 | 处理决定数量
/// is 148 in the first column, not the digits 1, 4, 8 spread over three).
fn place_t2(doc: &Doc, items: &mut [Item], range: Range<usize>) {
    let header_at: Vec<usize> =
        range.clone().filter(|&i| items[i].text().is_some_and(|t| t.contains("信息内容"))).collect();
    for (n, &h) in header_at.iter().enumerate() {
        let end = header_at.get(n + 1).copied().unwrap_or(range.end);
        // The header's lines: from the first text line of the block after its caption (a
        // header cell wrapped over lines puts "上一年项目" above the 信息内容 line).
        let top = (range.start..h)
            .rev()
            .take_while(|&i| items[i].text().is_some_and(|t| !t.contains("第二十条")))
            .last()
            .unwrap_or(h);
        let Item::Text { line, .. } = items[top] else { continue };
        let Some(first_row) = items[h..end].iter().find_map(|it| match it {
            Item::Row(r) => Some(r.line),
            Item::Text { .. } => None,
        }) else {
            continue;
        };
        let mut xs: Vec<f32> = doc.lines[line..first_row.max(line + 1)]
            .iter()
            .flat_map(|l| {
                l.text
                    .split_whitespace()
                    .zip(&l.xs)
                    .filter(|(p, _)| T2_HEADERS.iter().any(|h| is_header_piece(p, h)))
                    .map(|(_, s)| s.center())
            })
            .collect();
        xs.sort_by(f32::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() < SAME_COLUMN);
        if xs.len() >= 2 {
            let anchors: Anchors = xs.into_iter().map(Some).collect();
            place_rows(items, h..end, &anchors);
        }
    }
}

/// Whether `piece` is header `h`, with what follows it in the cell ("本年收费金额(单位:万元)"), or
/// the first part of it wrapped in its cell ("上一年项目数" above "量").
fn is_header_piece(piece: &str, h: &str) -> bool {
    piece.starts_with(h) || (piece.chars().count() >= 4 && h.starts_with(piece))
}

/// The document lines from a table's first item up to its first number row.
fn header_lines(items: &[Item], range: Range<usize>) -> Option<Range<usize>> {
    let line_of = |it: &Item| match it {
        Item::Text { line, .. } => *line,
        Item::Row(r) => r.line,
    };
    let first = line_of(items.get(range.start)?);
    let first_row = items[range].iter().find_map(|it| match it {
        Item::Row(r) => Some(r.line),
        Item::Text { .. } => None,
    })?;
    (first < first_row).then_some(first..first_row)
}

/// Anchors of columns whose header pieces are named in `names` (first match per column).
fn named_anchors(doc: &Doc, lines: Range<usize>, names: &[&[&str]]) -> Anchors {
    let mut anchors: Anchors = vec![None; names.len()];
    for line in &doc.lines[lines.clone()] {
        for (piece, span) in line.text.split_whitespace().zip(&line.xs) {
            for (c, texts) in names.iter().enumerate() {
                if anchors[c].is_none() && texts.contains(&piece) {
                    anchors[c] = Some(span.center());
                }
            }
        }
    }
    // Headers printed down their columns ("自" / "然" / "人").
    if anchors.iter().any(Option::is_none) {
        for (x, text) in stacks(doc, lines) {
            for (c, texts) in names.iter().enumerate() {
                if anchors[c].is_none() && texts[0] == text {
                    anchors[c] = Some(x);
                }
            }
        }
    }
    // Two columns claiming one place: the header reading is not reliable.
    let mut found: Vec<f32> = anchors.iter().flatten().copied().collect();
    found.sort_by(f32::total_cmp);
    if found.windows(2).any(|w| w[1] - w[0] < SAME_COLUMN) {
        return vec![None; names.len()];
    }
    anchors
}

/// The distinct x-centres (left to right) of header pieces in `vocab`.
fn header_centers(doc: &Doc, lines: Range<usize>, vocab: &[&str]) -> Vec<f32> {
    let mut xs: Vec<f32> = doc.lines[lines.clone()]
        .iter()
        .flat_map(|l| l.text.split_whitespace().zip(&l.xs).filter(|(p, _)| vocab.contains(p)).map(|(_, s)| s.center()))
        .collect();
    xs.extend(stacked_centers(doc, lines, vocab));
    xs.sort_by(f32::total_cmp);
    let mut clusters: Vec<(f32, usize)> = Vec::new();
    for x in xs {
        match clusters.last_mut() {
            Some((c, n)) if x - *c / *n as f32 <= SAME_COLUMN => {
                *c += x;
                *n += 1;
            }
            _ => clusters.push((x, 1)),
        }
    }
    clusters.into_iter().map(|(c, n)| c / n as f32).collect()
}

/// Header words printed down a narrow column a character or two per line ("结" / "果" / "维" /
/// "持"): the short pieces of the header lines gathered by column and read top to bottom, with
/// the x-centre of each column.
fn stacks(doc: &Doc, lines: Range<usize>) -> Vec<(f32, String)> {
    let mut stacks: Vec<(f32, String)> = Vec::new();
    for line in &doc.lines[lines] {
        for (piece, span) in line.text.split_whitespace().zip(&line.xs) {
            if piece.chars().count() > 2 || !piece.chars().all(crate::normalize::is_cjk) {
                continue;
            }
            let x = span.center();
            match stacks.iter_mut().find(|(at, _)| (*at - x).abs() <= SAME_COLUMN / 2.0) {
                Some((_, text)) => text.push_str(piece),
                None => stacks.push((x, piece.to_string())),
            }
        }
    }
    stacks
}

/// The x-centres of the stacked header columns (see [`stacks`]) whose reading is in `vocab`.
fn stacked_centers(doc: &Doc, lines: Range<usize>, vocab: &[&str]) -> Vec<f32> {
    stacks(doc, lines).into_iter().filter(|(_, text)| vocab.contains(&text.as_str())).map(|(x, _)| x).collect()
}

/// Places every positioned row in `range` that prints fewer figures than the table has columns.
fn place_rows(items: &mut [Item], range: Range<usize>, anchors: &Anchors) {
    if anchors.iter().flatten().count() == 0 {
        return;
    }
    for it in &mut items[range] {
        let Item::Row(row) = it else { continue };
        if row.cells || row.xs.is_empty() || row.groups.len() >= anchors.len() {
            continue;
        }
        if let Some(groups) = place(row, anchors) {
            row.groups = groups;
            row.xs.clear();
        }
    }
}

/// One group per column, blank where nothing is printed; `None` when a figure is not clearly
/// under one header or two figures fall under the same one.
fn place(row: &Row, anchors: &Anchors) -> Option<Vec<Grp>> {
    let mut found: Vec<(usize, f32)> = anchors.iter().enumerate().filter_map(|(c, x)| x.map(|x| (c, x))).collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    let spacing = found.windows(2).map(|w| w[1].1 - w[0].1).fold(f32::INFINITY, f32::min);
    let tolerance = if spacing.is_finite() { spacing / 2.0 } else { 3.0 * SAME_COLUMN };
    let mut out: Vec<Grp> = (0..anchors.len()).map(|c| Grp::Blank { col: Some(c) }).collect();
    let mut last: Option<usize> = None;
    for (g, span) in row.groups.iter().zip(&row.xs) {
        let x = (*span)?.center();
        let mut by_dist: Vec<(usize, f32)> = found.iter().map(|&(c, a)| (c, (a - x).abs())).collect();
        by_dist.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (col, dist) = *by_dist.first()?;
        let second = by_dist.get(1).map_or(f32::INFINITY, |s| s.1);
        // Under its header, or at least clearly nearer to it than to any other (a text laid out
        // in character columns shifts a figure by a column or two from its header's centre).
        let clear = dist <= tolerance || (dist < 0.8 * second && dist <= 2.0 * tolerance);
        if !clear || last.is_some_and(|l| col <= l) {
            return None;
        }
        last = Some(col);
        out[col] = match g {
            Grp::Num { value, digits, unit, .. } => {
                Grp::Num { value: *value, digits: digits.clone(), unit: *unit, col: Some(col) }
            }
            Grp::Blank { .. } => Grp::Blank { col: Some(col) },
        };
    }
    Some(out)
}
