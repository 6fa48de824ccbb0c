//! Table 四 (行政复议、行政诉讼): one row of 15 numbers, or three rows / sub-tables of five.

use gongkai_core::keys::{T4Group, T4Result, t4};
use gongkai_core::report::Uncertain;
use gongkai_core::{Figure, Report};

use super::rows::{Grp, Item, Row, cell_evidence, joined, label_form, row_evidence, values};
use super::split::{Piece, Split, split_row, t4_row_rule};
use crate::doc::Doc;

/// The group a caption names (the match ending last wins).
fn match_group(label: &str) -> Option<T4Group> {
    let l = label_form(label);
    let keys: &[(T4Group, &str)] = &[
        (T4Group::SuitAfterReview, "复议后起诉"),
        (T4Group::SuitDirect, "未经复议"),
        (T4Group::SuitDirect, "直接起诉"),
        (T4Group::Review, "行政复议"),
    ];
    let mut best: Option<(usize, T4Group)> = None;
    for (g, k) in keys {
        if let Some(p) = l.rfind(k) {
            let end = p + k.len();
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, *g));
            }
        }
    }
    best.map(|(_, g)| g)
}

fn reading(row: &Row, width: usize) -> Result<Vec<Piece>, String> {
    let cells = row.cells;
    let may_cut = move |g: &Grp| !cells || g.malformed();
    match split_row(&row.groups, width, &may_cut, &t4_row_rule, false) {
        Split::Direct(p) => Ok(p),
        Split::Cut(list) if list.len() == 1 => Ok(list.into_iter().next().unwrap_or_default()),
        Split::Cut(list) if list.len() > 1 => {
            Err(format!("粘连数字“{}”有{}种符合合计的拆分方式", row.show(), list.len()))
        }
        Split::TooMany => Err(format!("粘连数字“{}”可能的拆分方式过多", row.show())),
        _ => Err(String::new()),
    }
}

fn write(doc: &Doc, report: &mut Report, row: &Row, groups: &[T4Group], pieces: &[Piece]) {
    let base = row_evidence(doc, row);
    for (gi, g) in groups.iter().enumerate() {
        for (ri, r) in T4Result::ALL.iter().enumerate() {
            let k = gi * 5 + ri;
            let p = pieces[k];
            let Some(v) = p.value else { continue };
            let ev = cell_evidence(&base, row, &p, k);
            let fig = if v.fract() == 0.0 { Figure::Count(v as i64) } else { Figure::Amount(v) };
            report.set(t4(*g, *r), fig, ev);
        }
    }
}

fn uncertain(doc: &Doc, report: &mut Report, row: &Row, groups: &[T4Group], reason: String) {
    let keys = groups.iter().flat_map(|g| T4Result::ALL.iter().map(move |r| t4(*g, *r))).collect();
    report.observations.uncertain.push(Uncertain { keys, reason, evidence: row_evidence(doc, row) });
}

/// Reads table 四 from `items[range]`.
pub(crate) fn read(doc: &Doc, items: &[Item], range: std::ops::Range<usize>, report: &mut Report) {
    // One row of fifteen (or wrapped over lines).
    for idx in range.clone() {
        let Item::Row(row) = &items[idx] else { continue };
        let wrapped = joined(items, idx, 15).map(|(r, _)| r).filter(|r| t4_row_rule(&values(r)));
        let row = wrapped.as_ref().unwrap_or(row);
        match reading(row, 15) {
            Ok(p) => {
                write(doc, report, row, &T4Group::ALL, &p);
                return;
            }
            Err(reason) if !reason.is_empty() => {
                uncertain(doc, report, row, &T4Group::ALL, reason);
                return;
            }
            Err(_) => {}
        }
    }
    // Rows of five, each under a caption (its own label or the text before it).
    let mut fives: Vec<(Option<T4Group>, &Row)> = Vec::new();
    let mut caption: Option<T4Group> = None;
    for it in &items[range] {
        match it {
            Item::Text { text, .. } => {
                if let Some(g) = match_group(text) {
                    caption = Some(g);
                }
            }
            Item::Row(row) => {
                let g = match_group(&row.label).or(caption.take());
                fives.push((g, row));
            }
        }
    }
    let fives: Vec<(Option<T4Group>, &Row)> =
        fives.into_iter().filter(|(_, r)| !matches!(reading(r, 5), Err(e) if e.is_empty())).collect();
    let all_unlabelled = fives.iter().all(|(g, _)| g.is_none());
    let mut done: Vec<T4Group> = Vec::new();
    for (i, (g, row)) in fives.iter().enumerate() {
        let g = if all_unlabelled && fives.len() == 3 { Some(T4Group::ALL[i]) } else { *g };
        let Some(g) = g else { continue };
        if done.contains(&g) {
            continue;
        }
        done.push(g);
        match reading(row, 5) {
            Ok(p) => write(doc, report, row, &[g], &p),
            Err(reason) => uncertain(doc, report, row, &[g], reason),
        }
    }
}
