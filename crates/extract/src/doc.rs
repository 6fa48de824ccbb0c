//! The document as the readers see it: numbered lines, each either prose or a table row.

use crate::input::{RawBlock, RawDoc, Span};
use crate::normalize::Normalizer;

/// One line of the document: a paragraph or text line, or one row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based position in the document (evidence "第N行").
    pub no: usize,
    /// The text as printed (original characters), cells joined by " | ".
    pub raw: String,
    /// Normalised text: Simplified characters, half-width digits/letters/brackets/colons,
    /// straight quotes, pinyin annotations removed, runs of white space collapsed to one space.
    pub text: String,
    /// Normalised cells when the line is a table row (HTML/DOCX table, or a "a | b | c" line);
    /// empty for prose.
    pub cells: Vec<String>,
    /// Which table (0-based, document order) when the row came from a structured table.
    pub table: Option<usize>,
    /// Row index within that table.
    pub row: Option<usize>,
    /// Where each white-space separated piece of `text` sits on the page (PDF lines only, and
    /// only when normalising kept the pieces apart); empty otherwise.
    pub xs: Vec<Span>,
    /// Blank (or white-space only) lines right before this one in a text block; 0 elsewhere.
    pub blank_before: usize,
    /// For a row rebuilt from a text copy printing one cell per line without pipes: the blank
    /// lines before each figure line and after the last (up to the next printed line); empty
    /// otherwise. Some copies print a blank cell as nothing but one more blank line, so these
    /// counts are the only trace of where the printed figures stand.
    pub gaps: Vec<usize>,
}

impl Line {
    /// The normalised text without any white space (for label matching).
    pub fn compact(&self) -> String {
        self.text.chars().filter(|c| !c.is_whitespace()).collect()
    }
    /// Whether the line is a table row.
    pub fn is_row(&self) -> bool {
        !self.cells.is_empty()
    }
    /// Evidence pointing at this line (and cell, when given).
    pub fn evidence(&self, col: Option<usize>) -> gongkai_core::Evidence {
        gongkai_core::Evidence {
            line: Some(self.no),
            table: self.table,
            row: self.row,
            col,
            text: gongkai_core::report::shorten(&self.raw, 80),
            recovered: false,
        }
    }
}

/// A whole document, normalised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub lines: Vec<Line>,
}

impl Doc {
    /// Builds the normalised document from what the input layer read.
    pub fn build(mut raw: RawDoc, normalizer: &Normalizer) -> Doc {
        let mut lines = Vec::new();
        let mut table_no = 0usize;
        if let Some(RawBlock::Text(text)) = raw.blocks.last_mut() {
            let kept = without_cut_figure(text).len();
            text.truncate(kept);
        }
        for block in raw.blocks {
            match block {
                RawBlock::Text(text) => {
                    let mut blank = 0usize;
                    let laid_out = is_layout_text(&text);
                    for l in text.lines() {
                        if l.trim().is_empty() {
                            blank += 1;
                            continue;
                        }
                        let pieces = match split_tab_row(l, normalizer) {
                            Some(cells) => vec![(cells.join(" | "), cells)],
                            None => {
                                let norm = normalizer.normalize(l);
                                match unflatten(&norm) {
                                    Some(pieces) => pieces
                                        .into_iter()
                                        .map(|p| {
                                            let cells = split_pipe_row(&p);
                                            (p, cells)
                                        })
                                        .collect(),
                                    None => {
                                        let cells = split_pipe_row(&norm);
                                        vec![(norm, cells)]
                                    }
                                }
                            }
                        };
                        let single = pieces.len() == 1;
                        for (norm, cells) in pieces {
                            // A PDF's text laid out with spaces (pdftotext -layout): the column
                            // of each piece is its place on the page.
                            let xs = if laid_out && single && cells.is_empty() {
                                let spans = column_spans(l);
                                if norm.split_whitespace().count() == spans.len() { spans } else { Vec::new() }
                            } else {
                                Vec::new()
                            };
                            lines.push(Line {
                                no: lines.len() + 1,
                                raw: if single { l.trim().to_string() } else { norm.clone() },
                                text: norm,
                                cells,
                                table: None,
                                row: None,
                                xs,
                                blank_before: std::mem::take(&mut blank),
                                gaps: Vec::new(),
                            });
                        }
                    }
                }
                RawBlock::Placed(placed) => {
                    for l in placed {
                        if l.text.trim().is_empty() {
                            continue;
                        }
                        let norm = normalizer.normalize(&l.text);
                        let cells = split_pipe_row(&norm);
                        let xs = if norm.split_whitespace().count() == l.spans.len() { l.spans } else { Vec::new() };
                        lines.push(Line {
                            no: lines.len() + 1,
                            raw: l.text.trim().to_string(),
                            text: norm,
                            cells,
                            table: None,
                            row: None,
                            xs,
                            blank_before: 0,
                            gaps: Vec::new(),
                        });
                    }
                }
                RawBlock::Table(rows) => {
                    for (r, cells) in rows.into_iter().enumerate() {
                        if cells.iter().all(|c| c.trim().is_empty()) {
                            continue;
                        }
                        let raw = cells.iter().map(|c| c.trim()).collect::<Vec<_>>().join(" | ");
                        let norm_cells: Vec<String> = cells.iter().map(|c| normalizer.normalize(c)).collect();
                        let text = norm_cells.join(" | ");
                        lines.push(Line {
                            no: lines.len() + 1,
                            raw,
                            text,
                            cells: norm_cells,
                            table: Some(table_no),
                            row: Some(r),
                            xs: Vec::new(),
                            blank_before: 0,
                            gaps: Vec::new(),
                        });
                    }
                    table_no += 1;
                }
            }
        }
        let mut lines = merge_cell_per_line(join_char_per_line(lines));
        for (i, l) in lines.iter_mut().enumerate() {
            l.no = i + 1;
        }
        Doc { lines }
    }

    /// Index of the first line at or after `from` whose compact text contains `needle`.
    pub fn find(&self, from: usize, needle: &str) -> Option<usize> {
        (from..self.lines.len()).find(|&i| self.lines[i].compact().contains(needle))
    }
}

/// The cells of a line whose cells stand apart by pipes, without the outer pipes, trimmed.
/// Whether a text is a PDF's text laid out with spaces (pdftotext -layout, a copy of a printed
/// page): many of its lines hold runs of spaces between their pieces, as the columns of a page.
/// A text typed or copied from a web page has single spaces between pieces (indented
/// paragraphs do not count).
fn is_layout_text(text: &str) -> bool {
    let (mut lines, mut spaced) = (0usize, 0usize);
    for l in text.lines().filter(|l| !l.trim().is_empty()).take(400) {
        lines += 1;
        if l.trim().contains("    ") && !l.contains('|') && !l.contains('\t') {
            spaced += 1;
        }
    }
    // (Its tables alone give a dozen such lines; a report's prose, none or one or two.)
    spaced >= 10 && spaced * 10 >= lines
}

/// Points per character column of a laid-out text (about a character's width on the page), so
/// that columns compare with the tables' distances in points.
const COLUMN_WIDTH: f32 = 6.0;

/// Where each space-separated piece of a laid-out line stands, from its character columns (one
/// column per character, as pdftotext lays them out).
fn column_spans(line: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut col = 0usize;
    for c in line.chars() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                spans.push(Span { x0: s as f32 * COLUMN_WIDTH, x1: col as f32 * COLUMN_WIDTH });
            }
        } else if start.is_none() {
            start = Some(col);
        }
        col += 1;
    }
    if let Some(s) = start {
        spans.push(Span { x0: s as f32 * COLUMN_WIDTH, x1: col as f32 * COLUMN_WIDTH });
    }
    spans
}

fn pipe_cells(line: &str) -> Vec<&str> {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').map(str::trim).collect()
}

/// Splits a text line printed as a table row ("a | b | c |", markdown "| a | b |") into cells.
/// Lines without a pipe are prose and give no cells. Markdown separator rows give no cells.
fn split_pipe_row(line: &str) -> Vec<String> {
    if !line.contains('|') {
        return Vec::new();
    }
    let cells: Vec<String> = pipe_cells(line).into_iter().map(str::to_string).collect();
    if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) && cells.iter().any(|c| !c.is_empty()) {
        return Vec::new();
    }
    // A pipe inside prose (an article's title "《我为群众办实事|…》" in a report printed as one
    // line) does not make the paragraph a row: no table cell runs on over sentences.
    if cells.iter().any(|c| is_paragraph(c)) {
        return Vec::new();
    }
    drop_padding(cells)
}

/// A whole table printed on one line, its cells apart by pipes and often with the paragraphs
/// around it ("…未收到依申请公开申请事项。 第二十条第(一)项 | 信息内容 | … | 规章 | 0 | 0 | 0 |
/// 规范性文件 | 0 | 0 | 0 | 第二十条第(五)项 | …"), as some sites' text copies are: the line is
/// cut into one cell per line, each closed by its pipe (a blank cell a lone pipe), and its
/// paragraphs into prose lines, for [`merge_cell_per_line`] to rebuild the rows. A line is such
/// a table when more than one of its cells is words followed by figures (a row label and its
/// row), or when a paragraph stands in it before a row; a single row is left alone.
fn unflatten(line: &str) -> Option<Vec<String>> {
    if !line.contains('|') {
        return None;
    }
    let cells = pipe_cells(line);
    let figure = |c: &str| is_data_cell(c) || is_figure_line(c);
    let labelled_rows = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.is_empty() && !figure(c) && cells.get(i + 1).is_some_and(|n| figure(n)))
        .count();
    let paragraph = cells.iter().any(|c| is_paragraph(c));
    if labelled_rows < 2 && !(paragraph && labelled_rows == 1) {
        return None;
    }
    Some(
        cells
            .iter()
            .map(|c| match *c {
                "" => "|".to_string(),
                c if is_paragraph(c) => c.to_string(),
                c => format!("{c} |"),
            })
            .collect(),
    )
}

/// A text line copied from a word processor's or spreadsheet's table keeps its cells apart by
/// tabs ("行政规范性文件\t6\t1\t32"): such a line is a row like a piped one. Indentation (tabs
/// before or after the text) and a line without a pipe-free tab between two printed cells are not.
fn split_tab_row(line: &str, normalizer: &Normalizer) -> Option<Vec<String>> {
    let trimmed = line.trim();
    if !trimmed.contains('\t') || trimmed.contains('|') {
        return None;
    }
    let cells: Vec<String> = trimmed.split('\t').map(|c| normalizer.normalize(c)).collect();
    (cells.iter().filter(|c| !c.is_empty()).count() >= 2 && !cells.iter().any(|c| is_paragraph(c)))
        .then(|| drop_padding(cells))
}

/// Whether a piece of text is running prose: sentences (a full stop inside it), or longer than
/// any table cell's label with its note.
fn is_paragraph(s: &str) -> bool {
    let t = s.trim_end_matches(['。', ' ']);
    t.contains('。') || t.chars().count() > 300
}

/// Whether a cell prints figures only (numbers, dashes for blanks), no words.
fn is_data_cell(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '+' | '-' | '—' | '/' | '.' | ',' | '%'))
}

/// A label in a narrow PDF column comes out one character per line ("行", "政", "许", "可"):
/// consecutive prose lines of one Chinese character each are one word. Runs with 无 (a cell's
/// "none") are left alone.
fn join_char_per_line(lines: Vec<Line>) -> Vec<Line> {
    let single = |l: &Line| {
        let mut cs = l.text.trim().chars();
        l.cells.is_empty()
            && l.table.is_none()
            && matches!((cs.next(), cs.next()), (Some(c), None) if c >= '\u{4e00}' && c != '无')
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut run = 0usize;
    for l in lines {
        if single(&l) {
            run += 1;
            if run >= 2
                && let Some(prev) = out.last_mut()
            {
                prev.raw.push_str(l.raw.trim());
                prev.text.push_str(l.text.trim());
                prev.xs.clear();
                continue;
            }
        } else {
            run = 0;
        }
        out.push(l);
    }
    out
}

/// Text copies of tables often print one cell per line, with or without a closing pipe
/// ("规章 |", "0 |", "|||" or "规章", "0", "0"): rebuild the rows. A line whose one cell is
/// words starts a row; lines whose one cell holds figures continue it; lines of empty cells are
/// padding between cells. Structured tables and lines with several filled cells are left as
/// they are, and a prose line stays prose unless figures-only lines follow it (a row label).
///
/// One layout prints every cell closed by a pipe, a blank cell as a pipe alone ("一、… | 25 |",
/// "|", "|", "| 25 |": 25, four blanks, a blank, 25). There a lone pipe after a closed cell is a
/// blank cell, not padding: the row's lines, run together, are split at every pipe.
fn merge_cell_per_line(lines: Vec<Line>) -> Vec<Line> {
    /// The row being rebuilt.
    struct Building {
        row: Line,
        /// It began as a prose line (no pipe).
        prose: bool,
        /// Every line of it was prose (only then do its blank lines tell where blank cells stand).
        plain: bool,
        /// Its lines' text run together.
        stream: String,
        /// The last line ended with a pipe (closed its cell).
        closed: bool,
        /// A lone pipe (or a leading one) followed a closed cell: blank cells are printed.
        blanks: bool,
    }
    let ends_closed = |l: &Line| l.text.trim_end().ends_with('|');
    let lone_pipe = |l: &Line| l.text.trim() == "|";
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut cur: Option<Building> = None;
    // `next` is the printed line that ends the row: the blank lines before it close the row.
    let flush = |cur: &mut Option<Building>, out: &mut Vec<Line>, next: Option<&Line>| {
        if let Some(Building { mut row, prose, plain, stream, blanks, .. }) = cur.take() {
            if blanks {
                let mut cells: Vec<String> = stream.split('|').map(|c| c.trim().to_string()).collect();
                while cells.last().is_some_and(String::is_empty) {
                    cells.pop();
                }
                if let Some(label) = cells.first().and_then(|c| defined_label(c)).map(str::to_string) {
                    cells[0] = label;
                }
                row.text = cells.join(" | ");
                row.cells = cells;
                row.gaps.clear();
                out.push(row);
                return;
            }
            if prose && row.cells.len() == 1 {
                row.cells.clear(); // no figures followed: it was prose after all
            }
            match next {
                Some(n) if prose && plain && row.cells.len() > 1 => row.gaps.push(n.blank_before),
                _ => row.gaps.clear(),
            }
            out.push(row);
        }
    };
    let mut lines = lines.into_iter().peekable();
    while let Some(l) = lines.next() {
        // PDF lines keep their positions for the readers that place figures by them.
        let prose = l.cells.is_empty() && l.table.is_none() && l.xs.is_empty();
        if l.cells.is_empty() && !prose {
            flush(&mut cur, &mut out, Some(&l));
            out.push(l);
            continue;
        }
        let filled: Vec<String> = if prose {
            let t = l.text.trim();
            if t.is_empty() { Vec::new() } else { vec![t.to_string()] }
        } else {
            l.cells.iter().filter(|c| !c.trim().is_empty()).cloned().collect()
        };
        if l.table.is_some() || (!prose && filled.len() > 1) {
            flush(&mut cur, &mut out, Some(&l));
            // A row whose last cell is closed and whose blank cells follow as lone pipes.
            if l.table.is_none() && ends_closed(&l) && lines.peek().is_some_and(&lone_pipe) {
                let stream = l.text.clone();
                cur = Some(Building { row: l, prose: false, plain: false, stream, closed: true, blanks: false });
            } else {
                out.push(l);
            }
            continue;
        }
        let Some(cell) = filled.into_iter().next() else {
            // A blank line or "|||": the pause between the cells of a text copy, not a boundary;
            // a lone pipe after a closed cell is a blank cell.
            if let Some(b) = cur.as_mut() {
                b.plain = false;
                if lone_pipe(&l) {
                    b.blanks |= b.closed;
                    b.stream.push('|');
                    b.closed = true;
                }
            }
            continue;
        };
        // "15⏎0⏎0⏎1⏎0⏎0⏎1 6": in a row printed one cell per line, a line of two digit groups
        // is one cell whose figure a stray space split.
        let cell = match cur.as_ref() {
            Some(b) if prose && b.plain && b.row.cells.len() >= 3 => joined_figure(&cell).unwrap_or(cell),
            _ => cell,
        };
        // ("无 |": a count of none, printed in words, in a cell closed by its pipe.)
        // (In a text copy printing one cell per line, "无" only as a cell of a row of table 二
        // opened by its label, "规章⏎⏎无⏎⏎无⏎⏎无", never of any label: "备注⏎无".)
        let none_word = crate::number::NONE_WORDS.contains(&cell.as_str());
        let figure = if prose {
            is_figure_line(&cell)
                || (none_word
                    && cur.as_ref().is_some_and(|b| {
                        b.prose && b.row.cells.first().is_some_and(|l| crate::national::t2::names_a_row(l))
                    }))
        } else {
            is_data_cell(&cell) || is_figure_line(&cell) || none_word
        };
        match cur.as_mut() {
            Some(b) if figure => {
                b.row.raw.push_str(" | ");
                b.row.raw.push_str(l.raw.trim_matches(|c: char| c == '|' || c.is_whitespace()));
                b.row.text.push_str(" | ");
                b.row.text.push_str(&cell);
                b.row.cells.push(cell);
                b.row.gaps.push(l.blank_before);
                b.plain &= prose;
                b.blanks |= b.closed && l.text.trim_start().starts_with('|');
                b.stream.push_str(&l.text);
                b.closed = ends_closed(&l);
            }
            _ if prose && !is_row_label(&cell) && defined_label(&cell).is_none() => {
                flush(&mut cur, &mut out, Some(&l));
                out.push(l);
            }
            _ => {
                flush(&mut cur, &mut out, Some(&l));
                let closed = ends_closed(&l);
                let stream = l.text.clone();
                let mut row = l;
                // ("规章:地方行政规章指…": the row's label, defined after a colon.)
                let label = defined_label(&cell).map(str::to_string);
                row.cells = vec![label.unwrap_or(cell)];
                cur = Some(Building { row, prose, plain: prose, stream, closed, blanks: false });
            }
        }
    }
    flush(&mut cur, &mut out, None);
    out
}

/// "1 6" as "16": two groups of digits with one space between them, five digits at most.
fn joined_figure(cell: &str) -> Option<String> {
    let (a, b) = cell.split_once(' ')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b) && a.len() + b.len() <= 5).then(|| format!("{a}{b}"))
}

/// `s` without what stands in brackets (a label's note; an unclosed bracket runs to the end).
pub(crate) fn without_notes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A prose line that can be a table row's label: short, no sentence punctuation, words not
/// figures, not ending in a figure (规章, 行政规范性文件, 1.属于国家秘密 — but not "行政事业性收费 0",
/// a row that already holds its value).
/// The label of a row printed with its definition after a colon ("规范性文件:是指各级人民政府…",
/// "规章:地方行政规章指…").
fn defined_label(text: &str) -> Option<&str> {
    let (head, definition) = text.split_once([':', '：'])?;
    let head = head.trim();
    let defines = definition.chars().take(12).collect::<String>().contains('指');
    (defines && head.chars().count() <= 12 && is_row_label(head)).then_some(head)
}

fn is_row_label(text: &str) -> bool {
    let n = text.chars().count();
    // Punctuation inside the brackets of a label's note is the note's own
    // ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)").
    let outside = without_notes(text);
    // (The label is short; its note may be long: "其他对外管理服务事项(指行政许可以外的…)".)
    (2..=60).contains(&outside.chars().count())
        && n <= 240
        && !outside.chars().any(|c| matches!(c, '。' | '，' | '；' | ',' | ';' | '：' | ':'))
        && text.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
        && !text.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// A prose line that is one figure of a table: a number (sign, decimals, thousands separators,
/// percent) or a lone dash or slash for a blank cell — never a page number such as "— 4 —".
/// Count units a cell may print after its figure ("16368(件)", "3件").
const COUNT_UNITS: &[&str] = &["(件)", "(项)", "(个)", "(条)", "(次)", "件", "项", "个", "条", "批次", "批"];

fn is_figure_line(text: &str) -> bool {
    let t = crate::number::without_noise_mark(text.trim());
    // (A lone "减": a 本年增/减 cell with the direction and no figure.)
    if crate::number::is_blank_mark(t)
        || crate::number::NO_CHANGE.contains(&t)
        || crate::number::net_change(t).is_some()
    {
        return true;
    }
    // A sign (本年增/减 prints "+19", or "减3" in words), a percentage, or the unit of a money
    // cell ("240万元") or of a count ("2笔").
    let t = crate::number::CHANGE_WORDS.iter().find_map(|(w, _)| t.strip_prefix(w)).unwrap_or(t);
    let t = t.strip_prefix(['-', '+', '－', '＋']).unwrap_or(t);
    let t = t
        .strip_suffix('%')
        .or_else(|| ["(万元)", "(万)", "(元)"].iter().find_map(|u| t.strip_suffix(u)))
        .or_else(|| t.strip_suffix("万元"))
        .or_else(|| t.strip_suffix('元'))
        .or_else(|| t.strip_suffix('万'))
        .or_else(|| t.strip_suffix('笔'))
        .or_else(|| COUNT_UNITS.iter().find_map(|u| t.strip_suffix(u)))
        .unwrap_or(t)
        .trim_end();
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Drops the empty padding cells of a text row printed as "| a || b || c |" (filled cells
/// never side by side): there the empty cells are separators, not blank table cells.
fn drop_padding(cells: Vec<String>) -> Vec<String> {
    let filled = cells.iter().filter(|c| !c.is_empty()).count();
    let adjacent = cells.windows(2).any(|w| !w[0].is_empty() && !w[1].is_empty());
    if filled >= 3 && !adjacent && cells.len() > filled {
        cells.into_iter().filter(|c| !c.is_empty()).collect()
    } else {
        cells
    }
}

/// `text` without its last line when that line is a bare figure whose separator was cut off
/// with the rest of an excerpt: in a table copied one cell per line ("4 |", "0 |", "2 |"), a
/// last "1" without its " |" may be the start of "12", so it is no figure of the document.
fn without_cut_figure(text: &str) -> &str {
    let body = text.trim_end();
    let Some((before, last)) = body.rsplit_once('\n') else { return text };
    let last = last.trim();
    // (A "0" is whole: no count starts with 0.)
    if last.is_empty() || last == "0" || !last.chars().all(|c| c.is_ascii_digit()) {
        return text;
    }
    let mut cells = before.lines().rev().map(str::trim).filter(|l| !l.is_empty() && *l != "||").take(3);
    if cells.clone().count() == 3 && cells.all(|l| l.ends_with('|') && l.len() > 1) {
        return before;
    }
    text
}
#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF's text laid out with spaces gets the columns of its pieces; a web page's text with
    /// indented paragraphs and single spaces does not.
    #[test]
    fn laid_out_text_places_its_pieces_by_column() {
        let row = "       行政许可           148";
        let mut laid = String::new();
        for _ in 0..12 {
            laid.push_str("       信息内容        上一年项目数量         本年增/减\n");
            laid.push_str(row);
            laid.push_str("\n一段正文,没有栏目。\n");
        }
        assert!(is_layout_text(&laid));
        let spans = column_spans(row);
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[1].x0, spans[1].x1), (22.0 * COLUMN_WIDTH, 25.0 * COLUMN_WIDTH));
        let doc = Doc::build(RawDoc { blocks: vec![RawBlock::Text(laid)] }, &Normalizer::new());
        assert_eq!(doc.lines[1].xs.len(), 2);

        let web: String = (0..30).map(|i| format!("    第{i}段正文 两个词\n")).collect();
        assert!(!is_layout_text(&web));
    }

    /// A text copy of one cell per line that an excerpt cut after a figure's first digits: the
    /// last figure, without the separator of its neighbours, is no figure; ended with its
    /// separator, or in a text of other lines, it is.
    #[test]
    fn a_figure_cut_with_its_separator_is_left_out() {
        let cut = "(一)予以公开 |\n4 |\n0 |\n2 |\n1";
        assert_eq!(without_cut_figure(cut), "(一)予以公开 |\n4 |\n0 |\n2 |");
        for whole in [
            "(一)予以公开 |\n4 |\n0 |\n2 |\n1 |",
            "(一)予以公开 |\n4 |\n0 |\n2 |\n0",
            "予以公开\n4\n0\n2\n1",
            "全年共收到申请\n3 |\n1",
        ] {
            assert_eq!(without_cut_figure(whole), whole);
        }
    }

    /// A row label whose note in brackets has commas is still a label.
    #[test]
    fn labels_with_notes_start_rows() {
        let d = text_doc("(二)部分公开(区分处理的,只计这一情形,不计其他情形)\n\n0\n\n2\n\n(三)不予公开\n");
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).filter(|c| !c.is_empty()).collect();
        assert_eq!(rows.first().map(|r| r.len()), Some(3), "{rows:?}");
        assert!(!is_row_label("本年度我局收到申请3件,已全部办结"), "a sentence stays prose");
        // A short label with a long note (its commas are the note's).
        assert!(is_row_label(
            "其他对外管理服务事项(指行政许可以外的政务服务事项,含行政确认、行政奖励、行政裁决、\
             行政给付、行政处罚、行政强制、行政检查、行政征收和其他类,以及公共服务事项)"
        ));
    }

    /// A label with its definition after a colon starts its row under the label; the change
    /// cell "+(0) -(0)" is one of its figures.
    #[test]
    fn labels_defined_after_a_colon_start_rows() {
        let d = text_doc(
            "规章:地方行政规章指各省的人民政府根据宪法制定的规范性文件。规章的名称一般称“规定”。 |\n1 |\n1 |\n1 |\n|\n行政许可 |\n43 |\n+(0) -(0) |\n66 |\n|\n",
        );
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).filter(|c| !c.is_empty()).collect();
        assert_eq!(rows, [&vec!["规章", "1", "1", "1"], &vec!["行政许可", "43", "+(0) -(0)", "66"]]);
        assert_eq!(defined_label("主要做法:一是加强领导,二是完善制度"), None, "a colon alone defines nothing");
    }

    /// A label printed one character per line is one label again; 无 stays a cell.
    #[test]
    fn labels_one_character_per_line_are_joined() {
        let d = text_doc("行\n政\n许\n可\n35\n备注\n无\n无\n");
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).filter(|c| !c.is_empty()).collect();
        assert_eq!(rows, vec![&vec!["行政许可".to_string(), "35".to_string()]]);
        assert_eq!(d.lines.iter().filter(|l| l.text == "无").count(), 2, "{:?}", d.lines);
        // Under a row label of table 二, "无" is the row's cell: the count 0.
        let d = text_doc("规章\n\n无\n\n无\n\n无\n\n行政规范性文件\n\n2\n\n无\n\n5\n");
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).filter(|c| !c.is_empty()).collect();
        assert_eq!(rows, [&vec!["规章", "无", "无", "无"], &vec!["行政规范性文件", "2", "无", "5"]]);
    }

    /// A line that holds one figure of a table printed one cell per line.
    #[test]
    fn figure_lines() {
        let table = [
            ("21", true),
            ("+19", true),
            ("-8", true),
            ("  240万元", true),
            ("18.3", true),
            ("35%", true),
            ("/", true),
            ("减3", true),
            ("增12", true),
            ("2笔", true),
            ("16368(件)", true),
            ("211.509万", true),
            ("3件", true),
            ("? 0", true),
            ("31批次", true),
            ("未增未减", true),
            ("?", false),
            ("减少", false),
            ("行政许可", false),
            ("2019年", false),
            ("万元", false),
            ("", false),
        ];
        for (line, figure) in table {
            assert_eq!(is_figure_line(line), figure, "{line:?}");
        }
    }

    /// Cells kept apart by tabs (a table copied out of a word processor) are a row; indentation
    /// and a tab inside prose are not.
    #[test]
    fn tab_separated_rows() {
        let cases: &[(&str, &[&str])] = &[
            ("行政规范性文件\t6\t1\t32", &["行政规范性文件", "6", "1", "32"]),
            ("\t\t本年新收政府信息公开申请数量\t705\t3\t\t0\t", &["本年新收政府信息公开申请数量", "705", "3", "", "0"]),
            ("\t一、总体情况", &[]),
            ("规章 | 0 | 0 | 0", &["规章", "0", "0", "0"]),
        ];
        for (line, want) in cases {
            let d = text_doc(line);
            assert_eq!(d.lines[0].cells, want.iter().map(|c| c.to_string()).collect::<Vec<_>>(), "{line:?}");
        }
    }

    /// A pipe in prose (an article title quoted in a report printed as one line) is no row.
    #[test]
    fn a_pipe_in_prose_makes_no_row() {
        let prose = "我局通过官方微信公众号发布365篇《我为群众办实事|食用农产品快速检测结果天天报》系列文章。二、主动公开政府信息情况";
        assert!(text_doc(prose).lines[0].cells.is_empty());
        let row = "规范性文件(行政机关制定发布的决定、公告、通告、意见、通知,一般情况下属于规范性文件) | 87 | 0 | 0";
        assert_eq!(text_doc(row).lines[0].cells.len(), 4);
    }

    /// Every cell closed by a pipe, a blank cell a pipe alone: the pipes place the figures
    /// (25, five blanks, 25); "||" lines between rows are padding.
    #[test]
    fn lone_pipes_after_closed_cells_are_blank_cells() {
        let d = text_doc(
            "一、本年新收政府信息公开申请数量 | 25 |\n|\n|\n|\n|\n| 25 |\n二、上年结转政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n",
        );
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).filter(|c| !c.is_empty()).collect();
        let cells = |v: &[&str]| v.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(rows[0], &cells(&["一、本年新收政府信息公开申请数量", "25", "", "", "", "", "", "25"]));
        assert_eq!(rows[1], &cells(&["二、上年结转政府信息公开申请数量", "", "", "", "", "", "", "0"]));
        // Pipes that only part cells printed without their own ("0", "|", "0") stay padding.
        let d = text_doc("规章\n|\n0\n|\n+2\n|\n5\n");
        assert_eq!(d.lines[0].cells, cells(&["规章", "0", "+2", "5"]));
    }

    fn text_doc(text: &str) -> Doc {
        Doc::build(RawDoc { blocks: vec![RawBlock::Text(text.to_string())] }, &Normalizer::new())
    }

    #[test]
    fn one_cell_per_line_becomes_rows() {
        let d = text_doc(
            "第二十条第(一)项 |\n\n信息内容 |\n\n本年制发件数 |\n\n规章 |\n\n0 |\n\n|||\n\n1 |\n\n5 |\n\n规范性文件 |\n\n3 |\n",
        );
        let rows: Vec<&Vec<String>> = d.lines.iter().map(|l| &l.cells).collect();
        assert_eq!(rows[3], &vec!["规章".to_string(), "0".into(), "1".into(), "5".into()]);
        assert_eq!(rows[4], &vec!["规范性文件".to_string(), "3".into()]);
        assert_eq!(d.lines[3].no, 4);
    }

    #[test]
    fn one_cell_per_line_without_pipes_becomes_rows_and_prose_stays_prose() {
        let d = text_doc(
            "一、总体情况\n\n2023年，本局主动公开信息56条。\n\n信息内容\n\n本年制发件数\n\n规章\n\n0\n\n0\n\n1\n\n行政规范性文件\n\n3\n\n0\n\n12\n\n二、主动公开\n",
        );
        let rows: Vec<(&str, &Vec<String>)> = d.lines.iter().map(|l| (l.text.as_str(), &l.cells)).collect();
        let row = |label: &str| rows.iter().find(|(t, _)| t.starts_with(label)).unwrap().1.clone();
        assert_eq!(row("规章"), vec!["规章", "0", "0", "1"]);
        assert_eq!(row("行政规范性文件"), vec!["行政规范性文件", "3", "0", "12"]);
        assert!(row("2023年").is_empty(), "a sentence stays prose");
        assert!(row("一、总体情况").is_empty(), "a heading with no figures after it stays prose");
    }

    /// A figure a stray space split ("1 6") is one cell in a row printed one cell per line, once
    /// the row has shown that layout; a line of two figures alone stays prose.
    #[test]
    fn a_figure_split_by_a_space_in_a_cell_per_line_row() {
        let d =
            text_doc("一、本年新收政府信息公开申请数量\n\n15\n\n0\n\n0\n\n1\n\n0\n\n0\n\n1 6\n\n二、上年结转\n\n3 5\n");
        let row = d.lines.iter().find(|l| l.is_row()).expect("a row");
        assert_eq!(row.cells, vec!["一、本年新收政府信息公开申请数量", "15", "0", "0", "1", "0", "0", "16"]);
        assert!(d.lines.iter().filter(|l| l.is_row()).count() == 1, "二、上年结转 3 5 is not rebuilt");
    }

    /// The blank lines around the figures of a rebuilt row are kept (a blank cell may print as
    /// one more blank line); rows with pipe lines, or ending the text, keep none.
    #[test]
    fn blank_lines_around_figures_are_counted() {
        let cases: [(&str, &[usize]); 4] = [
            ("规章\n\n12\n\n\n\n5\n \n\n\n三、收到\n", &[1, 3, 3]),
            ("规章\n12\n5\n其他\n", &[0, 0, 0]),
            ("规章 |\n\n12 |\n\n|||\n\n5 |\n\n其他\n", &[]),
            ("规章\n\n12\n\n5", &[]),
        ];
        for (text, gaps) in cases {
            let d = text_doc(text);
            let row = d.lines.iter().find(|l| l.is_row()).expect(text);
            assert_eq!(row.gaps, gaps, "{text:?}");
        }
    }

    #[test]
    fn padding_cells_are_dropped() {
        assert_eq!(split_pipe_row("| 规章 || 0 || 1 || 5 |"), vec!["规章", "0", "1", "5"]);
        assert_eq!(split_pipe_row("| 规章 | 0 | | 5 |"), vec!["规章", "0", "", "5"]);
    }

    #[test]
    fn a_table_on_one_line_is_cut_into_cells_and_a_row_is_not() {
        assert_eq!(unflatten("| 规章 | 0 | 0 | 0 |"), None);
        assert_eq!(unflatten("信息内容 | 本年制发件数 | 本年废止件数"), None);
        assert_eq!(
            unflatten("规章 | 0 | | 2 | 规范性文件 | 1 | 1 | 1"),
            Some(["规章 |", "0 |", "|", "2 |", "规范性文件 |", "1 |", "1 |", "1 |"].map(String::from).to_vec())
        );
        assert_eq!(
            unflatten("我局未收到申请。 第二十条第(一)项 | 规章 | 0 |"),
            Some(["我局未收到申请。 第二十条第(一)项", "规章 |", "0 |"].map(String::from).to_vec())
        );
    }

    #[test]
    fn pipe_rows_become_cells() {
        assert_eq!(split_pipe_row("规章 | 0 | 0 | 0 |"), vec!["规章", "0", "0", "0"]);
        assert_eq!(split_pipe_row("| 规章 | 0 |"), vec!["规章", "0"]);
        assert!(split_pipe_row("|---|---|").is_empty());
        assert!(split_pipe_row("一、总体情况").is_empty());
    }
}
