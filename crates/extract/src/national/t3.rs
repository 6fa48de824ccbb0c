//! Table 三 (收到和处理政府信息公开申请情况): row labels, row alignment and joint solving of
//! run-together digits by the table's sum rules.

use std::collections::HashMap;

use gongkai_core::keys::{T3Col, T3Row, t3};
use gongkai_core::report::{DuplicateLabel, Uncertain};
use gongkai_core::{Figure, Format, Report};

use super::rows::{
    CharSet, Grp, Item, Row, Unit, blank_lines_apart, joined, label_form, placed_by_blank_lines, row_evidence, values,
};
use super::split::{Piece, Split, no_rule, split_row, t3_row_rule};
use crate::doc::Doc;

/// Key phrases of each row label (any one identifies the row; the match ending last in a
/// label text wins, so group captions before an item label do not count).
const KEYS: &[(T3Row, &[&str])] = &[
    (T3Row::New, &["本年新收", "新收政府信息公开申请"]),
    (T3Row::CarriedIn, &["上年结转"]),
    (T3Row::Granted, &["予以公开"]),
    // 部份 is a common misprint of 部分.
    (T3Row::Partial, &["部分公开", "部份公开", "区分处理的", "不计其他情形"]),
    (T3Row::DeniedStateSecret, &["国家秘密"]),
    (T3Row::DeniedLawForbidden, &["行政法规禁止", "禁止公开"]),
    (T3Row::DeniedThreeSafety, &["三安全一稳定", "危及"]),
    (T3Row::DeniedThirdParty, &["第三方合法权益", "保护第三方"]),
    (T3Row::DeniedInternalAffairs, &["内部事务"]),
    (T3Row::DeniedProcessInfo, &["过程性信息"]),
    (T3Row::DeniedEnforcementFile, &["执法案卷"]),
    (T3Row::DeniedAdminQuery, &["行政查询"]),
    (T3Row::UnableNotHeld, &["不掌握"]),
    (T3Row::UnableNeedsCreation, &["另行制作", "没有现成信息"]),
    (T3Row::UnableUnclear, &["仍不明确", "补正后申请"]),
    (T3Row::NotProcessedPetition, &["信访举报", "投诉类"]),
    (T3Row::NotProcessedDuplicate, &["重复申请"]),
    (T3Row::NotProcessedPublication, &["公开出版物"]),
    (T3Row::NotProcessedMassive, &["大量反复"]),
    (T3Row::NotProcessedConfirm, &["重新出具", "确认或重新"]),
    (T3Row::Other, &["其他处理"]),
    (T3Row::OtherNoCorrection, &["逾期不补正", "无正当理由逾期"]),
    (T3Row::OtherNoFee, &["收费通知", "缴纳费用"]),
    (T3Row::OtherOther, &["3.其他"]),
    (T3Row::Total, &["七)总计"]),
    (T3Row::CarriedOut, &["结转下年度", "下年度继续办理", "结转下一年"]),
];

/// The table 三 row a label names, if any.
pub(crate) fn match_label(label: &str) -> Option<T3Row> {
    let l = label_form(label);
    let set = CharSet::of(&l);
    let mut best: Option<(usize, usize, T3Row)> = None;
    for (row, keys) in KEYS {
        for k in *keys {
            if !set.may_hold(k) {
                continue;
            }
            if let Some(p) = l.rfind(k) {
                let end = p + k.len();
                if best.is_none_or(|(e, len, _)| end > e || (end == e && k.len() > len)) {
                    best = Some((end, k.len(), *row));
                }
            }
        }
    }
    if best.is_none_or(|(e, _, _)| e < l.len()) {
        // A bare caption at the very end: "总计" (the total row) or "其他" (3.其他 without number).
        let tail_total = l.ends_with("总计");
        let bare_other = l == "其他" || l.ends_with(".其他");
        if tail_total {
            return Some(T3Row::Total);
        }
        if bare_other && best.is_none() {
            return Some(T3Row::OtherOther);
        }
    }
    best.map(|(_, _, r)| r)
}

/// One number row of the table with its reading.
struct Cand {
    item: usize,
    /// The row joined with its continuation lines, when it was wrapped.
    joined: Option<Row>,
    label: Option<T3Row>,
    split: Split,
    /// The cuts of run-together digits whose own row sum fails in every cut (a misprinted row):
    /// the readings the digits allow, for the table's column rules to choose from.
    unruled: Vec<Vec<Piece>>,
    /// One of the rows whose figures a text copy printed together under one label: which
    /// stack (the printed row's item) and where in it.
    stacked: Option<(usize, usize)>,
}

/// A text copy of a PDF read in stream order (not by position) prints the figures of several
/// rows together under one label: 7k figures, each seven adding up to their total. The rows,
/// as printed, in order.
fn stacked_rows(row: &Row) -> Option<Vec<Row>> {
    let n = row.groups.len();
    if n < 14 || !n.is_multiple_of(7) || !row.xs.is_empty() || row.groups.iter().any(Grp::malformed) {
        return None;
    }
    let rows: Vec<Row> = row.groups.chunks(7).map(|g| Row { groups: g.to_vec(), ..row.clone() }).collect();
    rows.iter().all(|r| t3_row_rule(&values(r))).then_some(rows)
}

/// The row labels printed as text, with no figures, right before `items[idx]` (back to the
/// previous row of figures), in printed order: in a stream-order copy, the labels of the rows
/// whose figures the row at `idx` prints together ("1.本机关不掌握相关政府信息" ⏎ "(四)无" ⏎
/// "2.没有现成信息需要另行制作" ⏎ "法提供" ⏎ "3.补正后申请内容仍不明确 37 0 0 0 0 0 37 0 …").
fn labels_before(items: &[Item], idx: usize, start: usize) -> Vec<T3Row> {
    let own = item_row(items, idx).line;
    let mut out: Vec<T3Row> = items[start..idx]
        .iter()
        .rev()
        .take_while(|it| matches!(it, Item::Text { .. }))
        .filter(|it| !matches!(it, Item::Text { line, .. } if *line == own))
        .filter_map(|it| it.text().and_then(match_label))
        .collect();
    out.reverse();
    out
}

/// Most readings of a misprinted row handed to the column rules.
const MAX_UNRULED: usize = 64;

/// The printed layout's row order; `Other` is a position only a label can take in 2021.
fn order(layout_2021: bool) -> Vec<T3Row> {
    if layout_2021 {
        let mut v = T3Row::NATIONAL_2021.to_vec();
        let at = v.iter().position(|r| *r == T3Row::OtherNoCorrection).unwrap_or(v.len());
        v.insert(at, T3Row::Other);
        v
    } else {
        T3Row::NATIONAL_2019.to_vec()
    }
}

/// Reads table 三 from the rows in `items[range]`.
pub(crate) fn read(
    doc: &Doc,
    items: &[Item],
    range: std::ops::Range<usize>,
    format: Format,
    hints: &HashMap<String, f64>,
    report: &mut Report,
) {
    let subtotal = subtotal_column(items, range.clone());
    let apart = blank_lines_apart(doc, items, range.clone());
    let mut cands: Vec<Cand> = Vec::new();
    let mut skip_to = range.start;
    for idx in range.clone() {
        if idx < skip_to {
            continue;
        }
        let Item::Row(row) = &items[idx] else { continue };
        if let Some(rows) = stacked_rows(row) {
            let own = match_label(&row.label);
            // Provisionally the row's own label on its first seven; placed below, once the
            // layout's order is known.
            for (k, r) in rows.into_iter().enumerate() {
                let pieces = r.groups.iter().enumerate().map(|(i, g)| super::split::whole(g, i)).collect();
                let label = if k == 0 { own } else { None };
                let stacked = Some((idx, k));
                let split = Split::Direct(pieces);
                cands.push(Cand { item: idx, joined: Some(r), label, split, unruled: Vec::new(), stacked });
            }
            continue;
        }
        // A text copy that prints a blank cell as one more blank line: the blank lines place
        // the figures (before the readings of wrapped or cut rows, which guess at blanks).
        let by_gaps = apart.and_then(|base| placed_by_blank_lines(doc, row, base, 7));
        // A row wrapped over two lines ("…申请数量 5 1 0 0 0 0" then "6"): read as one row.
        // Only when the joined row adds up: short rows (blanks left out) on consecutive lines
        // must not be run into one another.
        let wrapped = joined(items, idx, 7)
            .filter(|(j, _)| by_gaps.is_none() && j.groups.iter().all(|g| !g.malformed()) && t3_row_rule(&values(j)));
        let wrapped_row = wrapped.as_ref().map(|(j, _)| j.clone()).or_else(|| {
            subtotal.filter(|_| row.groups.len() == 8).map(|at| {
                let mut r = row.clone();
                r.groups.remove(at);
                r
            })
        });
        if let Some((_, used)) = &wrapped {
            skip_to = idx + used;
        }
        let row = wrapped_row.as_ref().unwrap_or(row);
        let mut label = match_label(&row.label);
        // (Not the label of the next row: "3其他. 0 2 0 0 0 0 2" ⏎ "（七）总计 72 3 0 0 0 0 75" is
        // no label "其他.(七)总计" wrapped.)
        let next_text = match (items.get(idx + 1), items.get(idx + 2)) {
            (Some(Item::Text { line, .. }), Some(Item::Row(next))) if next.line == *line => None,
            (Some(Item::Text { line, text }), _) if *line == row.line + 1 && !row.cells => Some(text.as_str()),
            _ => None,
        };
        // The label's start beside the figures, its end wrapped to the next line ("8.属于行政
        // 5 0 0 0 0 0 5" ⏎ "查询事项"): the next line finishes it (tried before the line above,
        // which may end the row before: "执法案卷").
        if label.is_none()
            && !row.label.is_empty()
            && let Some(next) = next_text
        {
            label = match_label(&format!("{}{next}", row.label));
        }
        // (A label wrapped over lines, its figures centred beside it on a line of their own:
        // "(二)部分公开(区分处理的,只计这一情" ⏎ "0 0 0 0 0 0 0" ⏎ "形,不计其他情形)".)
        if label.is_none()
            && !row.cells
            && let Some(prev) = &row.prev
        {
            label = match_label(&format!("{prev}{}", row.label));
            // (In a narrow column, the label's halves above and below: "4.保护第三" ⏎
            // "0 0 0 0 0 0 0" ⏎ "方合法权益".)
            if label.is_none()
                && row.label.is_empty()
                && let Some(next) = next_text
            {
                label = match_label(&format!("{prev}{next}"));
            }
        }
        let cells = row.cells;
        let may_cut = move |g: &super::rows::Grp| !cells || g.malformed();
        let mut split = match by_gaps {
            Some(pieces) => Split::Direct(pieces),
            None => split_row(&row.groups, 7, &may_cut, &t3_row_rule, true),
        };
        // Positioned (PDF) rows place their cells by x, where a blank may sit anywhere.
        // The table's last row ending the document is no sign of a cut (a row printed with its
        // blank cells left out may end a text as well).
        if idx + 1 == items.len()
            && label != Some(T3Row::CarriedOut)
            && row.xs.iter().all(Option::is_none)
            && let Some(pieces) = cut_off_row(&row.groups, &split)
        {
            split = Split::Direct(pieces);
        }
        // A row printed without its blank cells, its last figure the sum of the others ("1 1",
        // "3 1 4"): the last is the total, the one column every row fills; where the parts
        // stand is not known.
        // (Not the text's last row, which an excerpt may have cut before its total; not where
        // blank lines show blank cells between the figures.)
        let blanks_shown = apart.is_some_and(|base| {
            doc.lines.get(row.line).is_some_and(|l| {
                l.gaps.len() == row.groups.len() + 1 && l.gaps[1..row.groups.len()].iter().any(|&g| g != base)
            })
        });
        if matches!(split, Split::Short)
            && idx + 1 < items.len()
            && !blanks_shown
            && row.xs.iter().all(Option::is_none)
            && let Some(pieces) = total_only(&row.groups)
        {
            split = Split::Direct(pieces);
        }
        let usable = match &split {
            Split::Direct(_) | Split::TooMany => true,
            Split::Cut(c) => !c.is_empty(),
            Split::Short => false,
        };
        if !usable && label.is_none() {
            continue;
        }
        // A row whose printed total breaks its own sum (the source's error, which the auditor
        // reports) may still be fixed by the digits and the column rules of the table.
        let unruled = match &split {
            Split::Cut(c) if c.is_empty() && label.is_some() && row.groups.iter().any(|g| g.malformed() || !cells) => {
                match split_row(&row.groups, 7, &may_cut, &no_rule, false) {
                    Split::Cut(list) if list.len() <= MAX_UNRULED => list,
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        cands.push(Cand { item: idx, joined: wrapped_row.clone(), label, split, unruled, stacked: None });
    }
    if cands.is_empty() {
        return;
    }
    let layout_2021 = format == Format::National2021
        || cands
            .iter()
            .any(|c| matches!(c.label, Some(T3Row::OtherNoCorrection | T3Row::OtherNoFee | T3Row::OtherOther)));
    let order = order(layout_2021);
    let pos_of = |r: T3Row| order.iter().position(|x| *x == r);
    let fillable = |p: usize| order[p] != T3Row::Other || !layout_2021;

    // A stack of rows under one label: when the labels printed right before it and its own
    // label name as many rows as it holds, next to each other in the table, the figures are
    // theirs in that order; otherwise the label is the first row's and the rest are placed
    // like rows without labels.
    let mut i = 0;
    while i < cands.len() {
        let Some((item, 0)) = cands[i].stacked else {
            i += 1;
            continue;
        };
        let k = cands[i..].iter().take_while(|c| c.stacked.is_some_and(|(it, _)| it == item)).count();
        let mut names = labels_before(items, item, range.start);
        names.extend(cands[i].label);
        let positions: Vec<usize> = names.iter().filter_map(|r| pos_of(*r)).collect();
        let adjacent =
            positions.len() == k && positions.windows(2).all(|w| w[0] < w[1] && (w[0] + 1..w[1]).all(|p| !fillable(p)));
        if adjacent {
            for (c, r) in cands[i..i + k].iter_mut().zip(names) {
                c.label = Some(r);
            }
        }
        i += k;
    }

    // Anchors: labelled rows in increasing printed order.
    let mut anchor: Vec<Option<usize>> = vec![None; cands.len()];
    let mut last: Option<usize> = None;
    let mut first_seen: HashMap<T3Row, usize> = HashMap::new();
    let mut dropped = vec![false; cands.len()];
    for (i, c) in cands.iter().enumerate() {
        let Some(lab) = c.label else { continue };
        let Some(p) = pos_of(lab) else { continue };
        if let Some(&j) = first_seen.get(&lab) {
            // The same item label twice: keep the first reading, note the duplicate.
            dropped[i] = true;
            let row_i = cand_row(items, c);
            let row_j = cand_row(items, &cands[j]);
            report.observations.duplicate_labels.push(DuplicateLabel {
                label: lab.label().to_string(),
                key: Some(format!("t3.{}", lab.key())),
                table: "表三".to_string(),
                positions: vec![format!("第{}行", row_j.line + 1), format!("第{}行", row_i.line + 1)],
                evidence: vec![row_evidence(doc, row_j), row_evidence(doc, row_i)],
            });
            continue;
        }
        if last.is_none_or(|l| p > l) {
            anchor[i] = Some(p);
            last = Some(p);
            first_seen.insert(lab, i);
        }
    }

    // Fill unlabelled rows between anchors when their number matches the free positions.
    let mut assigned: Vec<Option<T3Row>> = vec![None; cands.len()];
    let mut unplaced: Vec<usize> = Vec::new();
    let mut seg_start_pos: Option<usize> = None;
    let mut pending: Vec<usize> = Vec::new();
    let mut flush = |from: Option<usize>, to: usize, pending: &mut Vec<usize>, assigned: &mut Vec<Option<T3Row>>| {
        let lo = from.map_or(0, |f| f + 1);
        let slots: Vec<usize> = (lo..to).filter(|&p| fillable(p)).collect();
        if slots.len() == pending.len() {
            for (k, &ci) in pending.iter().enumerate() {
                assigned[ci] = Some(order[slots[k]]);
            }
        } else {
            unplaced.extend(pending.iter().copied());
        }
        pending.clear();
    };
    for i in 0..cands.len() {
        if dropped[i] {
            continue;
        }
        match anchor[i] {
            Some(p) => {
                flush(seg_start_pos, p, &mut pending, &mut assigned);
                assigned[i] = Some(order[p]);
                seg_start_pos = Some(p);
            }
            None => pending.push(i),
        }
    }
    // Rows after the last anchor: only when they exactly fill the remaining positions.
    if !pending.is_empty() {
        flush(seg_start_pos, order.len(), &mut pending, &mut assigned);
    }
    // A stack is placed whole or not at all: a row of it left over shows that the others may
    // stand elsewhere too.
    for u in unplaced.clone() {
        if let Some((item, _)) = cands[u].stacked {
            for (ci, c) in cands.iter().enumerate() {
                if c.stacked.is_some_and(|(it, _)| it == item) && assigned[ci].take().is_some() {
                    unplaced.push(ci);
                }
            }
        }
    }
    if !unplaced.is_empty() {
        let first = cand_row(items, &cands[unplaced[0]]);
        report.observations.uncertain.push(Uncertain {
            keys: Vec::new(),
            reason: format!("表三有{}行数字无法确定对应的栏目行（行标签缺失且行数不符）", unplaced.len()),
            evidence: row_evidence(doc, first),
        });
    }

    // Readings per row.
    let mut fixed: HashMap<T3Row, (usize, Vec<Piece>)> = HashMap::new();
    let mut ambiguous: Vec<(T3Row, usize, Vec<Vec<Piece>>, bool)> = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        let Some(r) = assigned[i] else { continue };
        let row = cand_row(items, c);
        match &c.split {
            Split::Direct(p) => {
                fixed.insert(r, (i, p.clone()));
            }
            Split::Cut(list) if list.len() == 1 => {
                fixed.insert(r, (i, list[0].clone()));
            }
            Split::Cut(list) if list.len() > 1 => {
                let hinted = filter_by_hint(r, list, hints);
                if hinted.len() == 1 {
                    fixed.insert(r, (i, hinted[0].clone()));
                } else {
                    ambiguous.push((r, i, hinted, false));
                }
            }
            Split::Cut(_) if !c.unruled.is_empty() => ambiguous.push((r, i, c.unruled.clone(), true)),
            Split::Cut(_) if row.groups.iter().all(|g| !g.malformed()) && row.groups.len() < 7 => {
                uncertain_row(doc, report, r, row, "本行数字“{}”少于7栏，无法确定各数字所在栏目")
            }
            Split::Cut(_) => uncertain_row(doc, report, r, row, "粘连数字“{}”没有符合本行合计的拆分方式"),
            Split::TooMany => uncertain_row(doc, report, r, row, "粘连数字“{}”可能的拆分方式过多，无法确定"),
            Split::Short => uncertain_row(doc, report, r, row, "本行数字“{}”少于7栏，无法确定各数字所在栏目"),
        }
    }

    if !ambiguous.is_empty() {
        solve_jointly(doc, items, &cands, layout_2021, &mut fixed, ambiguous, report);
    }

    // Write the values in printed order.
    let mut rows_sorted: Vec<(&T3Row, &(usize, Vec<Piece>))> = fixed.iter().collect();
    rows_sorted.sort_by_key(|(_, (i, _))| *i);
    for (r, (ci, pieces)) in rows_sorted {
        let row = cand_row(items, &cands[*ci]);
        write_row(doc, report, *r, row, pieces, None);
    }
}

/// The total alone of a row whose figures are parts and their sum, blank cells not printed.
fn total_only(groups: &[Grp]) -> Option<Vec<Piece>> {
    let vals: Vec<(f64, Unit)> = groups
        .iter()
        .map(|g| if let Grp::Num { value, unit, .. } = g { Some((*value, *unit)) } else { None })
        .collect::<Option<_>>()?;
    let ((last, unit), parts) = vals.split_last()?;
    let parts: Vec<f64> = parts.iter().map(|(v, _)| *v).collect();
    // (Zeros alone may as well be a row of parts whose total was left blank.)
    if !(1..7).contains(&parts.len())
        || *last <= 0.0
        || groups.iter().any(Grp::malformed)
        || (parts.iter().sum::<f64>() - last).abs() > 1e-9
    {
        return None;
    }
    let mut out = vec![Piece { value: None, group: 0, split: false, unit: Unit::None }; 7];
    out[6] = Piece { value: Some(*last), group: groups.len() - 1, split: false, unit: *unit };
    Some(out)
}

/// The last row of a document that ends inside table 三 (an excerpt cut mid-row): its printed
/// cells are the first columns, left to right, and the cut took the rest. Only well-formed
/// numbers (no run-together digits) and fewer cells than columns; the cells not printed stay
/// blank, so nothing is guessed.
fn cut_off_row(groups: &[Grp], split: &Split) -> Option<Vec<Piece>> {
    let short = match split {
        Split::Short => true,
        Split::Cut(c) => c.is_empty(),
        _ => false,
    };
    let mut n = groups.len();
    // The empty cell after the last printed one is where the cut fell, not a blank cell.
    while n > 0 && matches!(groups[n - 1], Grp::Blank { .. }) {
        n -= 1;
    }
    let groups = &groups[..n];
    if !short || groups.is_empty() || groups.iter().any(Grp::malformed) {
        return None;
    }
    if let Some(pieces) = super::split::without_cut_residue(groups, 7) {
        return Some(pieces);
    }
    if groups.len() >= 7 {
        return None;
    }
    // Figures whose last is the sum of the others ("2 2", "3 1 4") read as well as a row with
    // blank cells left out and its total: where they stand is not known. (All zeros read the
    // same either way.)
    let vals: Vec<f64> = groups.iter().map(|g| if let Grp::Num { value, .. } = g { *value } else { 0.0 }).collect();
    let sums = vals.len() >= 2 && (vals[..vals.len() - 1].iter().sum::<f64>() - vals[vals.len() - 1]).abs() < 1e-9;
    if sums && vals.iter().any(|v| *v != 0.0) {
        return None;
    }
    let mut out: Vec<Piece> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| match g {
            Grp::Blank { .. } => Piece { value: None, group: i, split: false, unit: Unit::None },
            Grp::Num { value, unit, .. } => Piece { value: Some(*value), group: i, split: false, unit: *unit },
        })
        .collect();
    let last = out.len() - 1;
    out.resize(7, Piece { value: None, group: last, split: false, unit: Unit::None });
    Some(out)
}

/// Some templates print a subtotal column for 法人或其他组织 (8 columns): right after 自然人 or
/// right before 总计. It is found by its sums over the table's rows of eight figures (it must
/// hold in every such row, and in one with figures other than 0), and left out of the reading.
fn subtotal_column(items: &[Item], range: std::ops::Range<usize>) -> Option<usize> {
    let rows: Vec<Vec<f64>> = items[range]
        .iter()
        .filter_map(|it| match it {
            Item::Row(r) if r.groups.len() == 8 && r.groups.iter().all(|g| !g.malformed()) => {
                Some(values(r).into_iter().map(|v| v.unwrap_or(0.0)).collect())
            }
            _ => None,
        })
        .collect();
    let holds = |at: usize, parts: std::ops::Range<usize>| {
        rows.iter()
            .all(|v| (v[parts.clone()].iter().sum::<f64>() - v[at]).abs() < 1e-9 && (v[0] + v[at] - v[7]).abs() < 1e-9)
    };
    if !rows.iter().any(|v| v.iter().any(|x| *x != 0.0)) {
        return None;
    }
    match (holds(1, 2..7), holds(6, 1..6)) {
        (true, false) => Some(1),
        (false, true) => Some(6),
        _ => None,
    }
}

fn cand_row<'a>(items: &'a [Item], c: &'a Cand) -> &'a Row {
    c.joined.as_ref().unwrap_or_else(|| item_row(items, c.item))
}

fn item_row(items: &[Item], idx: usize) -> &Row {
    match &items[idx] {
        Item::Row(r) => r,
        Item::Text { .. } => unreachable!("candidates are rows"),
    }
}

fn filter_by_hint(r: T3Row, list: &[Vec<Piece>], hints: &HashMap<String, f64>) -> Vec<Vec<Piece>> {
    let Some(&h) = hints.get(&t3(r, T3Col::Total)) else { return list.to_vec() };
    let kept: Vec<Vec<Piece>> = list.iter().filter(|p| p[6].value == Some(h)).cloned().collect();
    if kept.is_empty() { list.to_vec() } else { kept }
}

fn uncertain_row(doc: &Doc, report: &mut Report, r: T3Row, row: &Row, reason: &str) {
    report.observations.uncertain.push(Uncertain {
        keys: T3Col::ALL.iter().map(|c| t3(r, *c)).collect(),
        reason: reason.replacen("{}", &row.show(), 1),
        evidence: row_evidence(doc, row),
    });
}

/// Writes a row's cells; `only` limits the columns written (cells certain across readings).
fn write_row(doc: &Doc, report: &mut Report, r: T3Row, row: &Row, pieces: &[Piece], only: Option<&[bool]>) {
    let base = row_evidence(doc, row);
    for (k, col) in T3Col::ALL.iter().enumerate() {
        if only.is_some_and(|o| !o[k]) {
            continue;
        }
        let p = pieces[k];
        let Some(v) = p.value else { continue };
        let col_ev = if row.cells { row.groups[p.group].col() } else { Some(k) };
        let mut ev = base.clone();
        ev.col = col_ev;
        ev.recovered = p.split;
        let fig = if v.fract() == 0.0 { Figure::Count(v as i64) } else { Figure::Amount(v) };
        report.set(t3(r, *col), fig, ev);
    }
}

/// Outcome rows that add up to （七）总计 in the layout read.
fn outcome_rows(layout_2021: bool, have: &dyn Fn(T3Row) -> bool) -> Vec<T3Row> {
    let mut v: Vec<T3Row> = T3Row::OUTCOMES.iter().copied().filter(|r| *r != T3Row::Other).collect();
    let parts = [T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherOther];
    if layout_2021 && parts.iter().any(|r| have(*r)) {
        v.extend(parts);
    } else {
        v.push(T3Row::Other);
    }
    v
}

/// Chooses among the readings of ambiguous rows by the column rules of the table.
fn solve_jointly(
    doc: &Doc,
    items: &[Item],
    cands: &[Cand],
    layout_2021: bool,
    fixed: &mut HashMap<T3Row, (usize, Vec<Piece>)>,
    ambiguous: Vec<(T3Row, usize, Vec<Vec<Piece>>, bool)>,
    report: &mut Report,
) {
    let amb_rows: Vec<T3Row> = ambiguous.iter().map(|a| a.0).collect();
    let have = |r: T3Row| fixed.contains_key(&r) || amb_rows.contains(&r);
    let outcomes = outcome_rows(layout_2021, &have);
    let mut equations: Vec<(Vec<T3Row>, Vec<T3Row>)> = Vec::new();
    if outcomes.iter().all(|r| have(*r)) && have(T3Row::Total) {
        equations.push((vec![T3Row::Total], outcomes.clone()));
    }
    if [T3Row::New, T3Row::CarriedIn, T3Row::Total, T3Row::CarriedOut].iter().all(|r| have(*r)) {
        equations.push((vec![T3Row::New, T3Row::CarriedIn], vec![T3Row::Total, T3Row::CarriedOut]));
    }
    let parts = [T3Row::OtherNoCorrection, T3Row::OtherNoFee, T3Row::OtherOther];
    if layout_2021 && have(T3Row::Other) && parts.iter().all(|r| have(*r)) {
        equations.push((vec![T3Row::Other], parts.to_vec()));
    }
    // Only equations that involve an ambiguous row help.
    equations.retain(|(a, b)| a.iter().chain(b).any(|r| amb_rows.contains(r)));

    let mut product: usize = 1;
    for a in &ambiguous {
        product = product.saturating_mul(a.2.len());
    }
    // The combinations of readings under which every equation of `eqs` holds.
    let satisfying = |eqs: &[(Vec<T3Row>, Vec<T3Row>)]| -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = Vec::new();
        if eqs.is_empty() || product > 200_000 {
            return out;
        }
        let mut choice = vec![0usize; ambiguous.len()];
        loop {
            let value = |r: T3Row, c: usize| -> f64 {
                if let Some(k) = amb_rows.iter().position(|x| *x == r) {
                    ambiguous[k].2[choice[k]][c].value.unwrap_or(0.0)
                } else {
                    fixed.get(&r).and_then(|(_, p)| p[c].value).unwrap_or(0.0)
                }
            };
            let ok = eqs.iter().all(|(lhs, rhs)| {
                (0..7).all(|c| {
                    let a: f64 = lhs.iter().map(|r| value(*r, c)).sum();
                    let b: f64 = rhs.iter().map(|r| value(*r, c)).sum();
                    (a - b).abs() < 1e-9
                })
            });
            if ok {
                out.push(choice.clone());
                if out.len() > 1000 {
                    break;
                }
            }
            // Next combination.
            let mut k = 0;
            while k < choice.len() {
                choice[k] += 1;
                if choice[k] < ambiguous[k].2.len() {
                    break;
                }
                choice[k] = 0;
                k += 1;
            }
            if k == choice.len() {
                break;
            }
        }
        out
    };
    let mut survivors = satisfying(&equations);
    if survivors.is_empty() && equations.len() > 1 {
        // The document breaks one of its rules (a misprinted figure, which the auditor
        // reports): the readings kept by each rule that can hold still choose.
        for e in &equations {
            for s in satisfying(std::slice::from_ref(e)) {
                if !survivors.contains(&s) {
                    survivors.push(s);
                }
            }
        }
    }
    for (k, (r, ci, list, unruled)) in ambiguous.iter().enumerate() {
        let row = cand_row(items, &cands[*ci]);
        let readings: Vec<&Vec<Piece>> = if survivors.is_empty() {
            list.iter().collect()
        } else {
            let mut idx: Vec<usize> = survivors.iter().map(|s| s[k]).collect();
            idx.sort_unstable();
            idx.dedup();
            idx.iter().map(|&i| &list[i]).collect()
        };
        if readings.len() == 1 && !survivors.is_empty() {
            fixed.insert(*r, (*ci, readings[0].clone()));
            continue;
        }
        // A misprinted row is read only where the column rules leave one reading.
        if *unruled {
            uncertain_row(doc, report, *r, row, "粘连数字“{}”没有符合本行合计的拆分方式");
            continue;
        }
        // Cells that every remaining reading agrees on are certain.
        let agree: Vec<bool> = (0..7).map(|c| readings.iter().all(|p| p[c].value == readings[0][c].value)).collect();
        let unsure: Vec<String> =
            T3Col::ALL.iter().enumerate().filter(|(c, _)| !agree[*c]).map(|(_, col)| t3(*r, *col)).collect();
        report.observations.uncertain.push(Uncertain {
            keys: unsure,
            reason: format!("粘连数字“{}”有{}种符合表内勾稽关系的拆分方式", row.show(), readings.len()),
            evidence: row_evidence(doc, row),
        });
        let mut pieces = readings[0].clone();
        for p in pieces.iter_mut() {
            p.split = true;
        }
        write_row(doc, report, *r, row, &pieces, Some(&agree));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let table: &[(&str, Option<T3Row>)] = &[
            ("一、本年新收政府信息公开申请数量", Some(T3Row::New)),
            ("申请人情况自然人法人或其他组织总计商业企业其他一、本年新收政府信息公开申请数量", Some(T3Row::New)),
            ("三、本年度办理结果(一)予以公开", Some(T3Row::Granted)),
            ("(三)不予公开1.属于国家秘密", Some(T3Row::DeniedStateSecret)),
            ("2.其他法律行政法规禁止公开", Some(T3Row::DeniedLawForbidden)),
            ("(六)其他处理", Some(T3Row::Other)),
            (
                "(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                Some(T3Row::OtherNoCorrection),
            ),
            ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", Some(T3Row::OtherNoFee)),
            ("行政机关不再处理其政府信息公", None),
            ("3.其他", Some(T3Row::OtherOther)),
            ("3、其他", Some(T3Row::OtherOther)),
            ("(七)总计", Some(T3Row::Total)),
            ("总计", Some(T3Row::Total)),
            ("四、结转下年度继续办理", Some(T3Row::CarriedOut)),
            ("计这一情形,不计其他情形)", Some(T3Row::Partial)),
            ("(二)部份公开", Some(T3Row::Partial)),
            ("", None),
        ];
        for (l, want) in table {
            assert_eq!(match_label(l), *want, "{l}");
        }
    }
}
