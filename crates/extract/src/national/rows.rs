//! Turns the lines of a document into a stream of label texts and number rows.
//!
//! A number row is a run of printed numbers with the label text that precedes it on the same
//! line (prose and PDF text), or one table row (cells). Digits that run together stay in one
//! group: [`crate::national::split`] decides how to cut them.

use gongkai_core::Evidence;

use crate::doc::Doc;
use crate::input::Span;
use crate::number::{Cell, parse_cell};

use super::split::Piece;

/// The unit written right after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    None,
    Yuan,
    Wan,
    Percent,
    /// 件 (applications, cases, documents).
    Piece,
    /// Another count unit (条, 个, 次, 项, 篇; 笔 of procurement).
    Count,
}

/// One printed number group (hard boundaries around it: space, cell edge or text).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Grp {
    /// A blank cell or a dash/slash printed for "not stated".
    Blank { col: Option<usize> },
    /// A number. `digits` holds the digit string when it is a plain integer (so it may hold
    /// several run-together cells); decimals and numbers with separators have `None`.
    Num { value: f64, digits: Option<String>, unit: Unit, col: Option<usize> },
}

impl Grp {
    pub(crate) fn col(&self) -> Option<usize> {
        match self {
            Grp::Blank { col } | Grp::Num { col, .. } => *col,
        }
    }
    /// The digits as printed (for messages).
    pub(crate) fn show(&self) -> String {
        match self {
            Grp::Blank { .. } => "—".to_string(),
            Grp::Num { digits: Some(d), .. } => d.clone(),
            Grp::Num { value, .. } => gongkai_core::Figure::Amount(*value).to_string(),
        }
    }
    /// A plain integer with a leading zero ("00", "023"): certainly several cells run together.
    pub(crate) fn malformed(&self) -> bool {
        matches!(self, Grp::Num { digits: Some(d), .. } if d.len() > 1 && d.starts_with('0'))
    }
}

/// A run of numbers with its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// Index into `doc.lines`.
    pub line: usize,
    /// Compact label text printed before the numbers on the same line or row.
    pub label: String,
    /// Compact text of the previous line when that line held no numbers (labels split over lines).
    pub prev: Option<String>,
    pub groups: Vec<Grp>,
    /// Whether the row came from table cells (structured) rather than prose text.
    pub cells: bool,
    /// Where each group sits on the page (positioned PDF lines; one entry per group, `None`
    /// when unknown). Empty for other rows.
    pub xs: Vec<Option<Span>>,
}

impl Row {
    /// The numbers as printed, for messages.
    pub(crate) fn show(&self) -> String {
        self.groups.iter().map(Grp::show).collect::<Vec<_>>().join(" ")
    }
}

/// One element of the stream.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// Text (compact, no white space) of a line part, or the label cells of a row.
    Text {
        line: usize,
        text: String,
    },
    Row(Row),
}

impl Item {
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Item::Text { text, .. } => Some(text),
            Item::Row(_) => None,
        }
    }
}

/// A token of one line or cell.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Text(String),
    Num { value: f64, digits: Option<String>, unit: Unit },
    Blank,
}

fn is_dash(c: char) -> bool {
    c != '*' && crate::number::is_blank_char(c)
}

fn is_cn_ordinal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十".contains(c))
}

/// Splits a normalised string into text, number and blank tokens.
fn tokenize(s: &str) -> Vec<Tok> {
    tokenize_at(s).0
}

/// Like [`tokenize`], also giving for each token the char range it was read from (number and
/// blank tokens only; text tokens get an empty range).
fn tokenize_at(s: &str) -> (Vec<Tok>, Vec<(usize, usize)>) {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out: Vec<Tok> = Vec::new();
    let mut at: Vec<(usize, usize)> = Vec::new();
    let pad = |at: &mut Vec<(usize, usize)>, len: usize| at.resize(len, (0, 0));
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut Vec<Tok>| {
        if !text.is_empty() {
            out.push(Tok::Text(std::mem::take(text)));
        }
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // Standalone dash or slash: a blank cell.
        if is_dash(c) && (i == 0 || chars[i - 1].is_whitespace()) {
            let mut j = i;
            while j < n && is_dash(chars[j]) {
                j += 1;
            }
            if j == n || chars[j].is_whitespace() {
                flush(&mut text, &mut out);
                pad(&mut at, out.len());
                out.push(Tok::Blank);
                at.push((i, j));
                i = j;
                continue;
            }
        }
        // "990 减 711": a 本年增/减 cell that says the direction but no figure, blank.
        if matches!(c, '增' | '减')
            && (i == 0 || chars[i - 1].is_whitespace())
            && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
            && text.is_empty()
            && matches!(out.last(), Some(Tok::Num { .. }))
        {
            pad(&mut at, out.len());
            out.push(Tok::Blank);
            at.push((i, i + 1));
            i += 1;
            continue;
        }
        // "未增未减": a 本年增/减 cell that did not change, the figure 0.
        if matches!(c, '未' | '无' | '不') && (i == 0 || chars[i - 1].is_whitespace()) {
            let word = crate::number::NO_CHANGE.iter().find_map(|w| {
                let len = w.chars().count();
                let end = i + len;
                (end <= n
                    && w.chars().eq(chars[i..end].iter().copied())
                    && chars.get(end).is_none_or(|c| c.is_whitespace()))
                .then_some(len)
            });
            if let Some(len) = word {
                flush(&mut text, &mut out);
                pad(&mut at, out.len());
                out.push(num_tok("0", false, Unit::None));
                at.push((i, i + len));
                i += len;
                continue;
            }
        }
        // A sign directly before a number at a boundary ("本年增/减" may be negative), also
        // written as a word at the start of a cell ("减3", "增2").
        // ("减少8", "增加3": the word in full.)
        let word = matches!(c, '增' | '减')
            .then(|| {
                crate::number::CHANGE_WORDS
                    .iter()
                    .find(|(w, _)| w.chars().eq(chars[i..].iter().copied().take(w.chars().count())))
            })
            .flatten();
        let word_len = word.map_or(1, |(w, _)| w.chars().count());
        let signed = (matches!(c, '-' | '－' | '−' | '+')
            && (i == 0
                || chars[i - 1].is_whitespace()
                || minus_between_cells(&chars, i)
                || plus_between_cells(&chars, i))
            || matches!(c, '增' | '减') && (i == 0 || chars[i - 1].is_whitespace()))
            && chars.get(i + word_len).is_some_and(|x| x.is_ascii_digit());
        if !c.is_ascii_digit() && !signed {
            text.push(c);
            i += 1;
            continue;
        }
        // A number group.
        let start = i;
        let mut digits = String::new();
        let mut plain = true;
        if signed {
            if !matches!(c, '+' | '增') {
                digits.push('-');
            }
            plain = false;
            i += if matches!(c, '增' | '减') { word_len } else { 1 };
        }
        let mut dec = false;
        while i < n {
            let d = chars[i];
            if d.is_ascii_digit() {
                digits.push(d);
                i += 1;
            } else if d == ','
                && !dec
                && i + 3 < n + 1
                && chars[i + 1..].iter().take(3).filter(|x| x.is_ascii_digit()).count() == 3
                && chars.get(i + 4).is_none_or(|x| !x.is_ascii_digit())
            {
                plain = false;
                i += 1;
            } else if d == '.' && !dec && chars.get(i + 1).is_some_and(|x| x.is_ascii_digit()) {
                dec = true;
                plain = false;
                digits.push('.');
                i += 1;
            } else {
                break;
            }
        }
        // An item number "2." / "2、" before a label: the last digit belongs to the text.
        if plain
            && i < n
            && (chars[i] == '.' || chars[i] == '、')
            && chars.get(i + 1).is_none_or(|x| !x.is_ascii_digit())
        {
            let ord = digits.pop().unwrap_or('0');
            if !digits.is_empty() {
                let digit_str = digits.clone();
                flush(&mut text, &mut out);
                pad(&mut at, out.len());
                out.push(num_tok(&digit_str, true, Unit::None));
                at.push((start, start));
            }
            text.push(ord);
            text.push('.');
            i += 1;
            continue;
        }
        // "行政事业性收费02025年，我局…": the prose after a run-together table starts with a year,
        // whose digits belong to the text, not to the cells.
        if plain && digits.len() > 4 && chars.get(i) == Some(&'年') {
            let year: u32 = digits[digits.len() - 4..].parse().unwrap_or(0);
            if (1990..=2099).contains(&year) {
                let year = digits.split_off(digits.len() - 4);
                flush(&mut text, &mut out);
                pad(&mut at, out.len());
                out.push(num_tok(&digits, true, Unit::None));
                at.push((start, i - 4));
                text.push_str(&year);
                continue;
            }
        }
        // Notes and units written after the number.
        let mut unit = Unit::None;
        let mut j = i;
        while j < n && chars[j] == ' ' {
            j += 1;
        }
        let mut noted = false;
        // The unit printed in brackets after the figure ("205(万)").
        let mut bracketed_unit = None;
        if j < n
            && (chars[j] == '(' || chars[j] == '（')
            && let Some(len) = chars[j + 1..].iter().take(40).position(|&x| x == ')' || x == '）')
        {
            let inner: String = chars[j + 1..j + 1 + len].iter().collect();
            if !is_cn_ordinal(inner.trim()) && !inner.is_ascii() {
                i = j + len + 2;
                noted = true;
                bracketed_unit = match inner.trim() {
                    "万" | "万元" => Some(Unit::Wan),
                    "元" => Some(Unit::Yuan),
                    _ => None,
                };
            }
        }
        if let Some(u) = bracketed_unit {
            unit = u;
        }
        let k = if noted { i } else { j };
        if k < n {
            let (u, len) = unit_at(&chars[k..]);
            if len > 0 {
                unit = u;
                i = k + len;
            }
        }
        flush(&mut text, &mut out);
        pad(&mut at, out.len());
        out.push(num_tok(&digits, plain, unit));
        at.push((start, i));
    }
    flush(&mut text, &mut out);
    pad(&mut at, out.len());
    (out, at)
}

/// The page extent of each token that is exactly one positioned piece of the line.
fn token_spans(line: &crate::doc::Line, at: &[(usize, usize)]) -> Vec<Option<Span>> {
    if line.xs.is_empty() {
        return vec![None; at.len()];
    }
    // Char ranges of the white-space separated pieces.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut n = 0;
    for (k, c) in line.text.chars().enumerate() {
        n = k + 1;
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                pieces.push((s, k));
                start = None;
            }
            (false, None) => start = Some(k),
            _ => {}
        }
    }
    if let Some(s) = start {
        pieces.push((s, n));
    }
    at.iter()
        .map(|&(s, e)| {
            let p = pieces.iter().position(|&(ps, pe)| ps == s && pe == e)?;
            line.xs.get(p).copied()
        })
        .collect()
}

/// A minus sign right after digits ("35-15"): in a table row it starts the next, negative
/// cell (本年增/减), never a subtraction. Dates and year ranges ("2020-12-31", "2019-2020年")
/// keep their dash.
fn minus_between_cells(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], '-' | '－' | '−') || i == 0 || !chars[i - 1].is_ascii_digit() {
        return false;
    }
    let before: String = chars[..i].iter().rev().take_while(|c| c.is_ascii_digit()).collect();
    let year = |d: &str| d.len() == 4 && (d.starts_with("19") || d.starts_with("20"));
    // A chain "12-3-4" (a date or code) is not a row of signed cells.
    let chained = chars[..i - before.len()].last().is_some_and(|c| matches!(c, '-' | '－' | '−'));
    if year(&before) || chained {
        return false;
    }
    let after_len = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let next = chars.get(i + 1 + after_len).copied();
    !matches!(next, Some('-' | '－' | '/' | '.' | '年' | '月' | '日' | '号' | '至' | '~'))
}

/// "行政许可0+11": a plus between digits in a run-together row opens a 本年增/减 cell (never in
/// a sum written out, "1+2=3", or a phone number).
fn plus_between_cells(chars: &[char], i: usize) -> bool {
    if chars[i] != '+' || i == 0 || !chars[i - 1].is_ascii_digit() {
        return false;
    }
    let after_len = chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let next = chars.get(i + 1 + after_len).copied();
    after_len > 0 && !matches!(next, Some('+' | '=' | '＝' | '-' | '.' | '年' | '月' | '日' | '号'))
}

fn num_tok(digits: &str, plain: bool, unit: Unit) -> Tok {
    let value = digits.parse::<f64>().unwrap_or(0.0);
    Tok::Num { value, digits: plain.then(|| digits.to_string()), unit }
}

/// A line that only prints a page number ("— 4 —", "-12-", "第3页").
fn is_page_number(compact: &str) -> bool {
    let t = compact.trim_matches(|c: char| is_dash(c));
    let t = t.strip_prefix('第').and_then(|x| x.strip_suffix('页')).unwrap_or(t);
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()) && t.len() != compact.len()
}

/// Reads the document into the stream of texts and number rows.
pub(crate) fn items(doc: &Doc) -> Vec<Item> {
    let mut items = Vec::new();
    // Compact text of the previous line when it held no numbers.
    let mut prev_text: Option<String> = None;
    // The label of the previous line when it was a table row of that one cell.
    let mut label_cell: Option<String> = None;
    for (li, line) in doc.lines.iter().enumerate() {
        if line.is_row() {
            prev_text = None;
            let before = items.len();
            push_cell_row(li, &line.cells, label_cell.take(), &mut items);
            // A row of one label cell and no figures ("一、本年新收政府信息公开申请数量 |") names
            // the row of figures printed on the next line.
            let figures = items[before..].iter().any(|it| matches!(it, Item::Row(_)));
            let filled = line.cells.iter().filter(|c| !c.trim().is_empty()).count();
            label_cell = (!figures && filled == 1).then(|| line.compact());
            continue;
        }
        label_cell = None;
        if line.text.len() <= 24 && is_page_number(&line.compact()) {
            continue;
        }
        let (toks, at) = tokenize_at(&line.text);
        let spans = token_spans(line, &at);
        let positioned = !line.xs.is_empty();
        let mut label = String::new();
        let mut groups: Vec<Grp> = Vec::new();
        let mut xs: Vec<Option<Span>> = Vec::new();
        let mut had_numbers = false;
        let mut first_label = true;
        let flush_row = |label: &mut String,
                         groups: &mut Vec<Grp>,
                         xs: &mut Vec<Option<Span>>,
                         first: &mut bool,
                         items: &mut Vec<Item>| {
            if groups.is_empty() {
                return;
            }
            let prev = if *first { prev_text.clone() } else { None };
            let xs = std::mem::take(xs);
            items.push(Item::Row(Row {
                line: li,
                label: std::mem::take(label),
                prev,
                groups: std::mem::take(groups),
                cells: false,
                xs: if positioned { xs } else { Vec::new() },
            }));
            *first = false;
        };
        for (t, span) in toks.into_iter().zip(spans) {
            match t {
                Tok::Text(s) => {
                    flush_row(&mut label, &mut groups, &mut xs, &mut first_label, &mut items);
                    items.push(Item::Text { line: li, text: s.clone() });
                    label = s;
                }
                Tok::Num { value, digits, unit } => {
                    had_numbers = true;
                    let col = Some(groups.len());
                    groups.push(Grp::Num { value, digits, unit, col });
                    xs.push(span);
                }
                Tok::Blank => {
                    let col = Some(groups.len());
                    groups.push(Grp::Blank { col });
                    xs.push(span);
                }
            }
        }
        flush_row(&mut label, &mut groups, &mut xs, &mut first_label, &mut items);
        prev_text = if had_numbers { None } else { Some(line.compact()) };
    }
    items
}

/// What a table cell holds.
enum CellKind {
    Text(String),
    Blank,
    Nums(Vec<Tok>),
}

fn classify_cell(cell: &str) -> CellKind {
    match parse_cell(cell) {
        Cell::Blank => CellKind::Blank,
        Cell::Number(value) => {
            let toks: Vec<Tok> = tokenize(cell).into_iter().filter(|t| matches!(t, Tok::Num { .. })).collect();
            // A figure printed in words ("无": none) holds no number token: the cell's value.
            let toks = if toks.is_empty() { vec![Tok::Num { value, digits: None, unit: Unit::None }] } else { toks };
            CellKind::Nums(toks.into_iter().take(1).collect())
        }
        Cell::Text => {
            let toks = tokenize(cell);
            if !toks.is_empty() && toks.iter().all(|t| !matches!(t, Tok::Text(_))) {
                CellKind::Nums(toks)
            } else {
                CellKind::Text(cell.chars().filter(|c| !c.is_whitespace()).collect())
            }
        }
    }
}

/// `named`: the label printed alone on the line before, for a row of figures without one.
fn push_cell_row(li: usize, cells: &[String], named: Option<String>, items: &mut Vec<Item>) {
    let kinds: Vec<CellKind> = cells.iter().map(|c| classify_cell(c)).collect();
    let first_num = kinds.iter().position(|k| matches!(k, CellKind::Nums(_)));
    let Some(first_num) = first_num else {
        let text: String = kinds
            .iter()
            .filter_map(|k| match k {
                CellKind::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if !text.is_empty() {
            items.push(Item::Text { line: li, text });
        }
        return;
    };
    let label_end = kinds[..first_num].iter().rposition(|k| matches!(k, CellKind::Text(_)));
    let data_start = label_end.map_or(0, |e| e + 1);
    let label: String = kinds[..data_start]
        .iter()
        .filter_map(|k| match k {
            CellKind::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    if !label.is_empty() {
        items.push(Item::Text { line: li, text: label.clone() });
    }
    let mut groups = Vec::new();
    for (ci, k) in kinds.into_iter().enumerate().skip(data_start) {
        match k {
            CellKind::Text(_) | CellKind::Blank => groups.push(Grp::Blank { col: Some(ci) }),
            CellKind::Nums(toks) => {
                for t in toks {
                    match t {
                        Tok::Num { value, digits, unit } => {
                            groups.push(Grp::Num { value, digits, unit, col: Some(ci) })
                        }
                        _ => groups.push(Grp::Blank { col: Some(ci) }),
                    }
                }
            }
        }
    }
    let label = match named {
        Some(named) if label.is_empty() => named,
        _ => label,
    };
    items.push(Item::Row(Row { line: li, label, prev: None, groups, cells: true, xs: Vec::new() }));
}

/// The unit printed at the start of `chars` (right after a figure) and its length in
/// characters; `(Unit::None, 0)` when none.
pub(crate) fn unit_at(chars: &[char]) -> (Unit, usize) {
    match chars.first() {
        Some('万') if chars.get(1) == Some(&'元') => (Unit::Wan, 2),
        // "211.509万": 万 alone closing the cell is 万元 as well.
        Some('万') if chars.get(1).is_none_or(|c| !crate::normalize::is_cjk(*c)) => (Unit::Wan, 1),
        Some('元') => (Unit::Yuan, 1),
        Some('%') => (Unit::Percent, 1),
        Some('件') => (Unit::Piece, 1),
        Some('批') if chars.get(1) == Some(&'次') => (Unit::Count, 2),
        Some('条' | '个' | '次' | '项' | '篇' | '笔' | '批') => (Unit::Count, 1),
        _ => (Unit::None, 0),
    }
}

/// A 128-bit set of the characters of a text (hashed), to skip phrase searches cheaply.
pub(crate) struct CharSet(u128);

impl CharSet {
    pub(crate) fn of(s: &str) -> CharSet {
        CharSet(s.chars().fold(0u128, |m, c| m | (1u128 << (c as u32 % 128))))
    }
    /// Whether `phrase` may occur (its first character is present).
    pub(crate) fn may_hold(&self, phrase: &str) -> bool {
        phrase.chars().next().is_some_and(|c| self.0 & (1u128 << (c as u32 % 128)) != 0)
    }
}

/// Lines longer than this (archived pages printed as one line) get the row itself as evidence text.
const LONG_LINE: usize = 240;

/// Evidence pointing at a line; for a long line the text is `snippet` (the part concerned)
/// instead of the line's start, and the line is not scanned.
pub(crate) fn line_evidence(doc: &Doc, line: usize, snippet: impl FnOnce() -> String) -> Evidence {
    let l = &doc.lines[line];
    if l.raw.len() <= LONG_LINE {
        return l.evidence(None);
    }
    Evidence {
        line: Some(l.no),
        table: l.table,
        row: l.row,
        col: None,
        text: gongkai_core::report::shorten(&snippet(), 80),
        recovered: false,
    }
}

/// Evidence pointing at a number row (no column yet).
/// A row wrapped over lines: a text or PDF copy breaks a long row and its numbers go on
/// on the next line(s), with nothing printed between. Joins the prose row at `at` with the
/// label-less rows right after it (consecutive lines) when together they give exactly `width`
/// groups; returns the joined row and how many items it took. Table cells and positioned rows
/// (placed by their x) are never joined.
pub(crate) fn joined(items: &[Item], at: usize, width: usize) -> Option<(Row, usize)> {
    let Some(Item::Row(first)) = items.get(at) else { return None };
    let loose = |r: &Row| !r.cells && r.xs.iter().all(Option::is_none);
    if !loose(first) || first.groups.len() >= width {
        return None;
    }
    let mut row = first.clone();
    let mut used = 1;
    while row.groups.len() < width {
        let Some(Item::Row(next)) = items.get(at + used) else { return None };
        let last_line = if used == 1 { first.line } else { row.line + used - 1 };
        if !loose(next) || !next.label.is_empty() || next.line != last_line + 1 {
            return None;
        }
        row.groups.extend(next.groups.iter().cloned());
        used += 1;
    }
    (row.groups.len() == width).then(|| {
        for (i, g) in row.groups.iter_mut().enumerate() {
            match g {
                Grp::Blank { col } | Grp::Num { col, .. } => *col = Some(i),
            }
        }
        row.xs.clear();
        (row, used)
    })
}

/// The printed values of a row's groups, blanks as `None`.
pub(crate) fn values(row: &Row) -> Vec<Option<f64>> {
    row.groups
        .iter()
        .map(|g| match g {
            Grp::Num { value, .. } => Some(*value),
            Grp::Blank { .. } => None,
        })
        .collect()
}

/// The evidence of one cell read from `row` (`base` is the row's): its column (the table
/// cell it came from, or its place `k` in the reading of a row that is not cells) and whether
/// it was cut out of run-together digits.
pub(crate) fn cell_evidence(base: &Evidence, row: &Row, p: &Piece, k: usize) -> Evidence {
    let mut ev = base.clone();
    ev.col = if row.cells { row.groups.get(p.group).and_then(Grp::col) } else { Some(k) };
    ev.recovered = p.split;
    ev
}

pub(crate) fn row_evidence(doc: &Doc, row: &Row) -> Evidence {
    line_evidence(doc, row.line, || {
        let tail: String = {
            let chars: Vec<char> = row.label.chars().collect();
            chars[chars.len().saturating_sub(30)..].iter().collect()
        };
        format!("{tail} {}", row.show())
    })
}

/// Normalises a compact label for matching: "1、" → "1.", "（" → "(".
pub(crate) fn label_form(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    for c in s.chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '、' if prev_digit => '.',
            '．' => '.',
            _ => c,
        };
        prev_digit = c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// How many blank lines part the lines of the table's text copy, when most of them stand the
/// same distance apart: one (a blank cell then shows as one more blank line) or none (a blank
/// cell is then one blank line).
pub(crate) fn blank_lines_apart(doc: &Doc, items: &[Item], range: std::ops::Range<usize>) -> Option<usize> {
    let mut lines: Vec<usize> = items[range]
        .iter()
        .map(|it| match it {
            Item::Text { line, .. } => *line,
            Item::Row(r) => r.line,
        })
        .collect();
    lines.dedup();
    let share = |n: usize| lines.iter().filter(|&&l| doc.lines[l].blank_before == n).count() * 2 > lines.len();
    if let Some(n) = [1, 0].into_iter().find(|&n| share(n)) {
        return Some(n);
    }
    // (A table mostly of blank cells puts blank lines before most labels too: then the gaps
    // between the figures printed next to each other tell: mostly alike, or any of them none,
    // as no blank line can part cells that stand apart by none.)
    let inner: Vec<usize> = lines
        .iter()
        .flat_map(|&l| {
            let g = &doc.lines[l].gaps;
            g.get(1..g.len().saturating_sub(1)).unwrap_or_default().iter().copied()
        })
        .collect();
    let inner_share = |n: usize| inner.iter().filter(|&&g| g == n).count() * 4 > inner.len() * 3;
    [1, 0].into_iter().find(|&n| inner_share(n)).or_else(|| inner.contains(&0).then_some(0))
}

/// A row rebuilt from one cell per line where a blank cell printed nothing but one more blank
/// line: n blank lines before a figure (or after the last, up to the next printed line) mean
/// n - `base` blank cells there, `base` being how many blank lines part the table's lines. Only
/// when those counts give exactly the row's `width` cells, every figure is one plain number of
/// its own line, and fewer than `width` were printed (a full row needs no placing); otherwise
/// `None`.
pub(crate) fn placed_by_blank_lines(doc: &Doc, row: &Row, base: usize, width: usize) -> Option<Vec<Piece>> {
    let line = doc.lines.get(row.line)?;
    let gaps = &line.gaps;
    let n = row.groups.len();
    if !row.cells
        || n == 0
        || n >= width
        || line.cells.len() != n + 1
        || gaps.len() != n + 1
        || gaps.iter().any(|&g| g < base)
        || row.groups.iter().any(Grp::malformed)
        || gaps.iter().map(|g| g - base).sum::<usize>() + n != width
        // The same gap everywhere is the text's spacing ("103" ⏎⏎ "3" ⏎⏎ "107" in a text where
        // every line stands apart), not blank cells: in table 三 they would leave 总计 blank.
        || gaps.windows(2).all(|w| w[0] == w[1])
    {
        return None;
    }
    let mut out = Vec::with_capacity(width);
    for (i, g) in row.groups.iter().enumerate() {
        out.extend(std::iter::repeat_n(
            Piece { value: None, group: i, split: false, unit: Unit::None },
            gaps[i] - base,
        ));
        out.push(super::split::whole(g, i));
    }
    out.resize(width, Piece { value: None, group: n - 1, split: false, unit: Unit::None });
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(s: &str) -> Vec<String> {
        tokenize(s)
            .into_iter()
            .map(|t| match t {
                Tok::Text(s) => format!("T:{s}"),
                Tok::Num { digits: Some(d), .. } => d,
                Tok::Num { value, .. } => format!("{value}"),
                Tok::Blank => "_".to_string(),
            })
            .collect()
    }

    #[test]
    fn tokens() {
        let table: &[(&str, &[&str])] = &[
            ("规章000行政规范性文件8855698", &["T:规章", "000", "T:行政规范性文件", "8855698"]),
            ("1.属于国家秘密00000002.其他", &["T:1.属于国家秘密", "0000000", "T:2.其他"]),
            ("(六)其他处理0 0 0 0 0 00(七)总计", &["T:(六)其他处理", "0", "0", "0", "0", "0", "00", "T:(七)总计"]),
            ("政府集中采购 0(雁峰区无集采中心) 0", &["T:政府集中采购", "0", "0"]),
            ("行政事业性收费9116.36 三、收到", &["T:行政事业性收费", "9116.36", "T:三、收到"]),
            ("一、本年新收 821 — — 2 1 859", &["T:一、本年新收", "821", "_", "_", "2", "1", "859"]),
            ("申请1,234件,涉及", &["T:申请", "1234", "T:,涉及"]),
            ("共75件,涉及", &["T:共", "75", "T:,涉及"]),
            ("行政许可 35-15 120", &["T:行政许可", "35", "-15", "120"]),
            ("行政处罚 12-3-4", &["T:行政处罚", "12", "T:-", "3", "T:-", "4"]),
            ("2019-2020年", &["2019", "T:-", "2020", "T:年"]),
            // Prose starting with a year glued to the last cells; a year alone stays a number.
            ("行政事业性收费02025年，我局", &["T:行政事业性收费", "0", "T:2025年，我局"]),
            ("结转下年度继续办理20000022025年，共", &["T:结转下年度继续办理", "2000002", "T:2025年，共"]),
            ("2025年", &["2025", "T:年"]),
            // A change in words, and a direction printed without its figure.
            ("行政许可 10 减少8 0", &["T:行政许可", "10", "-8", "0"]),
            ("行政许可 990 减 711", &["T:行政许可", "990", "_", "711"]),
            // A plus opening the change cell in a run-together row; a sum written out is text.
            ("行政许可0+11其他", &["T:行政许可", "0", "11", "T:其他"]),
            ("共1+2=3件", &["T:共", "1", "T:+", "2", "T:=", "3"]),
        ];
        for (input, want) in table {
            assert_eq!(nums(input), *want, "{input}");
        }
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("—4—"));
        assert!(is_page_number("-12-"));
        assert!(!is_page_number("12"));
        assert!(!is_page_number("—"));
    }
}
