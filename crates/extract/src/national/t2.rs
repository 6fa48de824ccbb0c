//! Table 二 (主动公开政府信息情况) of both national formats.

use std::collections::HashMap;

use gongkai_core::report::Uncertain;
use gongkai_core::{Figure, Format, Report};

use super::rows::{
    Grp, Item, Row, Unit, blank_lines_apart, cell_evidence, label_form, placed_by_blank_lines, row_evidence,
};
use super::split::{Piece, Split, no_rule, split_row, whole};
use crate::doc::{Doc, without_notes};

/// A row of table 二: label phrases and the keys of its cells in printed order.
struct T2Row {
    labels: &'static [&'static str],
    keys: &'static [&'static str],
}

const ROWS_2021: &[T2Row] = &[
    T2Row { labels: &["规章"], keys: &["t2.rules.issued", "t2.rules.abolished", "t2.rules.in_force"] },
    T2Row {
        labels: &["规范性文件", "规范性档案"],
        keys: &["t2.normative.issued", "t2.normative.abolished", "t2.normative.in_force"],
    },
    // Mirror copies drop characters of the labels ("政许可"): the rest still names the row.
    T2Row { labels: &["行政许可", "政许可"], keys: &["t2.licensing.decisions"] },
    T2Row { labels: &["行政处罚", "政处罚"], keys: &["t2.penalty.decisions"] },
    T2Row { labels: &["行政强制", "政强制"], keys: &["t2.coercion.decisions"] },
    // 事业型收费 is a misprint seen in published tables.
    T2Row { labels: &["事业性收费", "事业型收费"], keys: &["t2.fees.amount_wan"] },
];

const ROWS_2019: &[T2Row] = &[
    T2Row { labels: &["规章"], keys: &["t2.rules.new_made", "t2.rules.new_published", "t2.rules.published_total"] },
    T2Row {
        labels: &["规范性文件", "规范性档案"],
        keys: &["t2.normative.new_made", "t2.normative.new_published", "t2.normative.published_total"],
    },
    T2Row {
        labels: &["行政许可", "政许可"],
        keys: &["t2.licensing.prev_items", "t2.licensing.delta", "t2.licensing.decisions"],
    },
    T2Row {
        labels: &["对外管理服务", "其他对外管理"],
        keys: &["t2.other_services.prev_items", "t2.other_services.delta", "t2.other_services.decisions"],
    },
    T2Row {
        labels: &["行政处罚", "政处罚"],
        keys: &["t2.penalty.prev_items", "t2.penalty.delta", "t2.penalty.decisions"],
    },
    T2Row {
        labels: &["行政强制", "政强制"],
        keys: &["t2.coercion.prev_items", "t2.coercion.delta", "t2.coercion.decisions"],
    },
    T2Row { labels: &["事业性收费", "事业型收费"], keys: &["t2.fees.prev_items", "t2.fees.delta"] },
    T2Row { labels: &["集中采购"], keys: &["t2.procurement.items", "t2.procurement.amount"] },
];

fn is_money(key: &str) -> bool {
    key.ends_with("_wan") || key == "t2.procurement.amount"
}

fn match_row<'a>(rows: &'a [T2Row], label: &str) -> Option<&'a T2Row> {
    let l = label_form(label);
    // The label itself before its note: "其他对外管理服务事项（……行政处罚、行政强制……）" is not
    // the row of 行政强制.
    let bare = without_notes(&l);
    if bare != l
        && let Some(r) = match_label(rows, &bare)
    {
        return Some(r);
    }
    match_label(rows, &l)
}

/// Whether a label names a row of table 二 (either layout): a row whose cells may print
/// "无" for none.
pub(crate) fn names_a_row(label: &str) -> bool {
    match_row(ROWS_2019, label).or_else(|| match_row(ROWS_2021, label)).is_some()
}

fn match_label<'a>(rows: &'a [T2Row], l: &str) -> Option<&'a T2Row> {
    let mut best: Option<(usize, usize, &T2Row)> = None;
    for r in rows {
        for k in r.labels {
            if let Some(p) = l.rfind(k) {
                let end = p + k.len();
                if best.is_none_or(|(e, len, _)| end > e || (end == e && k.len() > len)) {
                    best = Some((end, k.len(), r));
                }
            }
        }
    }
    best.map(|(_, _, r)| r)
}

/// Header words only the 2019 layout of table 二 prints (stems, so that a header wrapped in its
/// cell, "上一年项目数" above "量", still counts).
const OLD_HEADER: [&str; 5] = ["上一年项目", "本年新制作", "本年新公开", "采购项目", "对外公开总"];

/// Header words only the 2021 layout prints.
const NEW_HEADER: [&str; 5] = ["本年制发", "本年废止", "现行有效件数", "本年处理决定数量", "本年收费金额"];

/// Whether header text holds one of `words`, read with "年度" as "年" (some tables print
/// "上一年度项目数量", "本年度新制作数量").
fn header_has(t: &str, words: &[&str]) -> bool {
    let t = t.replace("年度", "年");
    words.iter().any(|k| t.contains(k))
}

/// A block's whole header: the text lines around its 信息内容 line up to the rows and captions
/// on either side (a header cell wrapped over lines puts its words on the lines around).
fn block_header(items: &[Item], at: usize, range: &std::ops::Range<usize>) -> String {
    let header = |it: &Item| it.text().is_some_and(|t| !t.contains("第二十条"));
    let first = (range.start..at).rev().take_while(|&i| header(&items[i])).last().unwrap_or(at);
    let end = (at..range.end).take_while(|&i| header(&items[i])).last().map_or(at, |i| i + 1);
    items[first..end.max(at + 1)].iter().filter_map(Item::text).collect()
}

/// Which column layout the table prints (by its headers), falling back to the format.
fn layout_2019(items: &[Item], range: &std::ops::Range<usize>, format: Format) -> bool {
    let mut old = false;
    let mut new = false;
    for it in &items[range.clone()] {
        if let Some(t) = it.text() {
            old |= header_has(t, &OLD_HEADER);
            new |= header_has(t, &NEW_HEADER);
        }
    }
    match (old, new) {
        (true, false) => true,
        (false, true) => false,
        _ => format == Format::National2019,
    }
}

/// Reads table 二 from the rows in `items[range]`.
pub(crate) fn read(
    doc: &Doc,
    items: &[Item],
    range: std::ops::Range<usize>,
    format: Format,
    hints: &HashMap<String, f64>,
    report: &mut Report,
) {
    let mut old = layout_2019(items, &range, format);
    // "采购总金额（单位：万元）": the header names the unit of the amount.
    let procurement_in_wan =
        items[range.clone()].iter().filter_map(Item::text).any(|t| t.contains("采购总金额") && t.contains("万元"));
    let mut seen: Vec<*const T2Row> = Vec::new();
    let spacing = blank_lines_apart(doc, items, range.clone());
    for (idx, it) in items.iter().enumerate().take(range.end).skip(range.start) {
        // A whole header line (信息内容 | …) sets the layout of the rows under it: some tables
        // print the old header in 第(一)项 and the new single columns below (a hybrid).
        if it.text().is_some_and(|t| t.contains("信息内容")) {
            let t = block_header(items, idx, &range);
            if header_has(&t, &OLD_HEADER) {
                old = true;
            } else if header_has(&t, &["本年制发", "现行有效件数", "处理决定数量", "收费金额"]) {
                old = false;
            }
        }
        let rows = if old { ROWS_2019 } else { ROWS_2021 };
        let Item::Row(row) = it else { continue };
        let Some(spec) = match_row(rows, &row.label) else { continue };
        if seen.contains(&(spec as *const T2Row)) {
            continue;
        }
        let width = spec.keys.len();
        // A figure of a table cell, or of a PDF line (where the page sets cells apart), is one
        // cell unless its leading zero shows several run together: "行政许可 142" whose headers
        // could not be placed is 142 somewhere in the row, not 1 | 4 | 2.
        let apart = row.cells || !row.xs.is_empty();
        let may_cut = move |g: &Grp| !apart || g.malformed();
        // A copy printing one cell per line whose blank cells are blank lines: they place the
        // figures (an empty paragraph of a table flattened into paragraphs is one).
        let by_gaps = spacing.and_then(|base| placed_by_blank_lines(doc, row, base, width));
        let split = match by_gaps {
            Some(pieces) => Split::Direct(pieces),
            None => match signed_change(&row.groups, spec.keys, row.cells) {
                Some(pieces) => {
                    if pieces.iter().any(|p| p.value.is_none()) {
                        uncertain(doc, report, spec, row, &format!("带符号的粘连数字“{}”有多种拆分方式", row.show()));
                    }
                    Split::Direct(pieces)
                }
                None => split_row(&row.groups, width, &may_cut, &no_rule, false),
            },
        };
        let cut_short = match &split {
            Split::Short if idx + 1 == items.len() => first_cells(&row.groups, width),
            Split::Cut(c) if c.is_empty() && idx + 1 == items.len() => {
                super::split::without_cut_residue(&row.groups, width)
            }
            _ => None,
        };
        let pieces: Option<Vec<Piece>> = match split {
            Split::Direct(p) => Some(p),
            Split::Cut(list) if list.len() == 1 => Some(list.into_iter().next().unwrap_or_default()),
            Split::Cut(list) if list.len() > 1 => {
                let known: Vec<(usize, f64)> =
                    spec.keys.iter().enumerate().filter_map(|(i, k)| hints.get(*k).map(|v| (i, *v))).collect();
                let kept: Vec<Vec<Piece>> = if known.is_empty() {
                    Vec::new()
                } else {
                    list.iter().filter(|p| known.iter().all(|(i, v)| p[*i].value == Some(*v))).cloned().collect()
                };
                if kept.len() == 1 {
                    kept.into_iter().next()
                } else {
                    uncertain(doc, report, spec, row, &format!("粘连数字“{}”有多种拆分方式", row.show()));
                    // The cells every remaining reading agrees on are fixed by the print (and
                    // the narrative) whatever the cut; only those are written.
                    let readings = if kept.is_empty() { &list } else { &kept };
                    agreed_cells(readings)
                }
            }
            // The row ends the document (an excerpt cut mid-row): the printed cells are the
            // first columns; the cut took the rest.
            Split::Short | Split::Cut(_) if cut_short.is_some() => cut_short,
            Split::Short if !old && width == 3 => {
                // 本年制发 | 本年废止 | 现行有效 with one cell lost (a cell printed apart from
                // its row): the first is the issued count, the last the count in force.
                let nums: Vec<(usize, &Grp)> =
                    row.groups.iter().enumerate().filter(|(_, g)| matches!(g, Grp::Num { .. })).collect();
                if nums.len() == 2 && row.groups.len() == 2 {
                    let blank = Piece { value: None, group: 0, split: false, unit: Unit::None };
                    Some(vec![whole(nums[0].1, nums[0].0), blank, whole(nums[1].1, nums[1].0)])
                } else {
                    uncertain(doc, report, spec, row, &format!("本行数字“{}”少于栏目数，无法确定所在栏目", row.show()));
                    None
                }
            }
            // More cells than columns, all printing the same figure ("行政强制 | 0 | 0 | 0"
            // under one column): whichever cells are the row's, they say the same.
            _ if row.cells && same_figure(&row.groups, width).is_some() => same_figure(&row.groups, width),
            _ => {
                uncertain(doc, report, spec, row, &format!("本行数字“{}”与栏目数不符，无法确定所在栏目", row.show()));
                None
            }
        };
        let Some(pieces) = pieces else {
            seen.push(spec);
            continue;
        };
        seen.push(spec);
        write_row(doc, report, spec, row, &pieces, procurement_in_wan);
    }
    let rows = if layout_2019(items, &range, format) { ROWS_2019 } else { ROWS_2021 };
    for (spec, row, pieces) in blocks_in_order(items, range, rows) {
        if !seen.contains(&(spec as *const T2Row)) {
            write_row(doc, report, spec, row, &pieces, procurement_in_wan);
        }
    }
}

fn write_row(doc: &Doc, report: &mut Report, spec: &T2Row, row: &Row, pieces: &[Piece], procurement_in_wan: bool) {
    let base = row_evidence(doc, row);
    for (k, key) in spec.keys.iter().enumerate() {
        let p = pieces[k];
        let Some(v) = p.value else { continue };
        let ev = cell_evidence(&base, row, &p, k);
        let fig = if is_money(key) || v.fract() != 0.0 { Figure::Amount(v) } else { Figure::Count(v as i64) };
        report.set(*key, fig, ev.clone());
        if *key == "t2.procurement.amount" && (p.unit == Unit::Wan || (p.unit == Unit::None && procurement_in_wan)) {
            report.set("t2.procurement.amount_wan", Figure::Amount(v), ev);
        }
    }
}

/// The item of 第二十条 each block of the table reports on, with its rows (indices into the
/// layout's rows) in printed order.
const BLOCKS: [(&str, &[usize], &[usize]); 5] = [
    ("第(一)项", &[0, 1], &[0, 1]),
    ("第(五)项", &[2, 3], &[2]),
    ("第(六)项", &[4, 5], &[3, 4]),
    ("第(八)项", &[6], &[5]),
    ("第(九)项", &[7], &[]),
];

/// A PDF's text taken in stream order prints the table's row labels together, away from the
/// figures, and each block's figures on one line under its header ("第二十条第(一)项 本年制发件数
/// 本年废止件数 现行有效件数 0 0 0 88 55 698"). A block whose one row of figures names no row and
/// holds exactly its rows' cells is read in the rows' printed order, which the format fixes.
fn blocks_in_order<'a>(
    items: &'a [Item],
    range: std::ops::Range<usize>,
    rows: &'static [T2Row],
) -> Vec<(&'static T2Row, &'a Row, Vec<Piece>)> {
    let old = std::ptr::eq(rows, ROWS_2019);
    let mut out = Vec::new();
    let captions: Vec<(usize, &[usize])> = items[range.clone()]
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let t = it.text()?;
            let at = t.find("第二十条")?;
            let (_, o, n) = BLOCKS.iter().find(|(item, _, _)| t[at..].contains(item))?;
            Some((range.start + i, if old { *o } else { *n }))
        })
        .collect();
    for (c, &(at, block)) in captions.iter().enumerate() {
        let end = captions.get(c + 1).map_or(range.end, |(next, _)| *next);
        let figures: Vec<&Row> = items[at..end]
            .iter()
            .filter_map(|it| match it {
                Item::Row(r) => Some(r),
                Item::Text { .. } => None,
            })
            .collect();
        let [row] = figures[..] else { continue };
        let specs: Vec<&'static T2Row> = block.iter().map(|&i| &rows[i]).collect();
        let width: usize = specs.iter().map(|s| s.keys.len()).sum();
        if block.is_empty()
            || match_row(rows, &row.label).is_some()
            || row.groups.len() != width
            || row.groups.iter().any(|g| g.malformed() || matches!(g, Grp::Blank { .. }))
        {
            continue;
        }
        let mut next = 0;
        for spec in specs {
            let pieces: Vec<Piece> = (next..next + spec.keys.len()).map(|i| whole(&row.groups[i], i)).collect();
            next += spec.keys.len();
            out.push((spec, row, pieces));
        }
    }
    out
}

/// Every column's cell when a row prints more cells than columns and all of them hold the
/// same figure (and no blank): every reading of the row agrees.
fn same_figure(groups: &[Grp], width: usize) -> Option<Vec<Piece>> {
    let first = match groups.first()? {
        Grp::Num { value, unit, .. } => (*value, *unit),
        Grp::Blank { .. } => return None,
    };
    let all_same = groups.iter().all(|g| matches!(g, Grp::Num { value, unit, .. } if (*value, *unit) == first));
    (groups.len() > width && all_same)
        .then(|| (0..width).map(|i| Piece { value: Some(first.0), group: i, split: false, unit: first.1 }).collect())
}

/// The printed cells of a row cut short, as its first columns: well-formed numbers (or blanks)
/// only; an empty cell after the last figure is where the cut fell.
fn first_cells(groups: &[Grp], width: usize) -> Option<Vec<Piece>> {
    let n = groups.iter().rposition(|g| matches!(g, Grp::Num { .. }))? + 1;
    let groups = &groups[..n];
    if n >= width || groups.iter().any(Grp::malformed) {
        return None;
    }
    let mut pieces: Vec<Piece> = groups.iter().enumerate().map(|(i, g)| super::split::whole(g, i)).collect();
    pieces.extend((n..width).map(|i| Piece { value: None, group: i, split: false, unit: Unit::None }));
    Some(pieces)
}

/// The cells all `readings` give the same value, the others blank; `None` when none agree.
fn agreed_cells(readings: &[Vec<Piece>]) -> Option<Vec<Piece>> {
    let first = readings.first()?;
    let mut out = first.clone();
    let mut any = false;
    for (c, p) in out.iter_mut().enumerate() {
        if readings.iter().all(|r| r[c].value == p.value) && p.value.is_some() {
            any = true;
            p.split = true;
        } else {
            p.value = None;
        }
    }
    any.then_some(out)
}

/// A 2019 row 上一年项目数量 | 本年增/减 | 处理决定数量 whose negative change runs into the cells
/// around it ("行政处罚2648-18538"): the minus opens the 增/减 cell, so each group before it is
/// one of the cells before that column, and the signed digits hold the change and the cells
/// after it, cut only when their count fixes the cut (as many digits as cells). Cells the print
/// does not fix stay blank. `None` when the row is not of that shape.
fn signed_change(groups: &[Grp], keys: &[&str], cells: bool) -> Option<Vec<Piece>> {
    let d = keys.iter().position(|k| k.ends_with(".delta"))?;
    let width = keys.len();
    if groups.len() >= width || groups.iter().any(|g| matches!(g, Grp::Blank { .. }) || g.malformed()) {
        return None;
    }
    let need = width - d;
    // (A plus-signed change, "0+11", is an integer read without its digits, as "-15" is; taken
    // only when its digits are exactly the cells left, or when it is a table cell of its own.)
    let alone = |g: &Grp| cells && g.col().is_some_and(|c| groups.iter().filter(|h| h.col() == Some(c)).count() == 1);
    // (One digit after the plus is never a thousands-separated figure: the change itself.)
    let plus = |g: &Grp, v: f64| {
        let len = format!("{}", v as u64).len();
        v > 0.0 && (len == need || len == 1 || alone(g))
    };
    let s = groups.iter().position(
        |g| matches!(g, Grp::Num { value, digits: None, .. } if (*value < 0.0 || plus(g, *value)) && value.fract() == 0.0),
    )?;
    if s != d || s + 1 != groups.len() {
        return None;
    }
    let mut out: Vec<Piece> = groups[..s].iter().enumerate().map(|(i, g)| whole(g, i)).collect();
    let Grp::Num { value, .. } = groups[s] else { return None };
    let digits = format!("{}", value.abs() as u64);
    let sign = value.signum();
    // A signed figure alone in its own table cell ("行政处罚 | 35 | +12") is that cell, the
    // change; the cells after it were not printed.
    // So is a signed single digit ("行政许可 19 +4"): one digit cannot be cut.
    if alone(&groups[s]) || digits.len() == 1 {
        out.push(whole(&groups[s], s));
        out.resize(width, Piece { value: None, group: s, split: false, unit: Unit::None });
    } else if digits.len() == need {
        for (k, c) in digits.chars().enumerate() {
            let v = f64::from(c.to_digit(10).unwrap_or(0));
            out.push(Piece {
                value: Some(if k == 0 { sign * v } else { v }),
                group: s,
                split: false,
                unit: Unit::None,
            });
        }
    } else {
        out.resize(width, Piece { value: None, group: s, split: true, unit: Unit::None });
    }
    Some(out)
}

fn uncertain(doc: &Doc, report: &mut Report, spec: &T2Row, row: &Row, reason: &str) {
    report.observations.uncertain.push(Uncertain {
        keys: spec.keys.iter().map(|k| k.to_string()).collect(),
        reason: reason.to_string(),
        evidence: row_evidence(doc, row),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Grp {
        let plain = !s.starts_with(['-', '+']);
        Grp::Num { value: s.parse().unwrap(), digits: plain.then(|| s.to_string()), unit: Unit::None, col: None }
    }

    /// A negative 本年增/减 run together with its neighbours: the sign fixes where the change
    /// starts; the digits after it are cut only when their count fixes the cut.
    #[test]
    fn signed_changes_fix_the_cells_before_them() {
        let keys = ["t2.penalty.prev_items", "t2.penalty.delta", "t2.penalty.decisions"];
        type Cells = Option<[Option<f64>; 3]>;
        let cases: &[(&[&str], Cells)] = &[
            (&["2648", "-18538"], Some([Some(2648.0), None, None])),
            (&["12", "-35"], Some([Some(12.0), Some(-3.0), Some(5.0)])),
            (&["12", "-3", "5"], None),
            (&["-35"], None),
            (&["12", "35"], None),
            // A plus-signed change: its digits are the cells left, or it is not this shape.
            (&["0", "+11"], Some([Some(0.0), Some(1.0), Some(1.0)])),
            (&["0", "+112"], None),
            // One signed digit cannot be cut: the change, the cell after it not printed.
            (&["19", "+4"], Some([Some(19.0), Some(4.0), None])),
            (&["19", "-4"], Some([Some(19.0), Some(-4.0), None])),
        ];
        for (groups, want) in cases {
            let gs: Vec<Grp> = groups.iter().map(|s| num(s)).collect();
            let got = signed_change(&gs, &keys, false).map(|p| [p[0].value, p[1].value, p[2].value]);
            assert_eq!(got, *want, "{groups:?}");
        }
        // Printed in cells of their own (one cell per line, HTML): a signed figure is its cell.
        let in_cells: &[(&[&str], Cells)] = &[
            (&["35", "+12"], Some([Some(35.0), Some(12.0), None])),
            (&["19", "+4"], Some([Some(19.0), Some(4.0), None])),
            (&["35", "-15"], Some([Some(35.0), Some(-15.0), None])),
            (&["-15"], None),
        ];
        for (groups, want) in in_cells {
            let gs: Vec<Grp> = groups
                .iter()
                .enumerate()
                .map(|(i, s)| match num(s) {
                    Grp::Num { value, digits, unit, .. } => Grp::Num { value, digits, unit, col: Some(i + 1) },
                    g => g,
                })
                .collect();
            let got = signed_change(&gs, &keys, true).map(|p| [p[0].value, p[1].value, p[2].value]);
            assert_eq!(got, *want, "cells {groups:?}");
        }
        let fee = ["t2.fees.prev_items", "t2.fees.delta"];
        assert_eq!(signed_change(&[num("35"), num("-15")], &fee, false), None, "printed apart: read directly");
    }

    #[test]
    fn only_cells_all_cuts_agree_on_are_kept() {
        let p = |v: &[f64]| -> Vec<Piece> {
            v.iter().map(|x| Piece { value: Some(*x), group: 0, split: true, unit: Unit::None }).collect()
        };
        let got = agreed_cells(&[p(&[62.0, 3.0, 3440.0]), p(&[62.0, 33.0, 440.0])]).unwrap();
        assert_eq!(got.iter().map(|x| x.value).collect::<Vec<_>>(), vec![Some(62.0), None, None]);
        assert!(agreed_cells(&[p(&[6.0, 23.0]), p(&[62.0, 3.0])]).is_none());
    }

    /// Row labels are matched before their notes: the note of 其他对外管理服务事项 names
    /// 行政处罚 and 行政强制, which have rows of their own.
    #[test]
    fn rows_are_named_by_their_label_not_their_note() {
        let cases: [(&str, &str); 6] = [
            (
                "其他对外管理服务事项(指行政许可证以外的政务服务事项,含行政确认、行政处罚、行政强制、行政检查和其他类)",
                "t2.other_services.prev_items",
            ),
            ("行政强制", "t2.coercion.prev_items"),
            ("规章(设区的市、自治州人民政府应提供相关数据)", "t2.rules.new_made"),
            ("(五)行政许可", "t2.licensing.prev_items"),
            // 文件 turned into 檔案 by a Traditional converter, folded back to 档案.
            ("规范性档案(行政机关制定发布的决定、公告、通告)", "t2.normative.new_made"),
            // A misprint seen in a published table.
            ("行政事业型收费", "t2.fees.prev_items"),
        ];
        for (label, key) in cases {
            assert_eq!(match_row(ROWS_2019, label).map(|r| r.keys[0]), Some(key), "{label}");
        }
    }
}
