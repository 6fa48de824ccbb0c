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
    pub fn build(raw: RawDoc, normalizer: &Normalizer) -> Doc {
        let mut lines = Vec::new();
        let mut table_no = 0usize;
        for block in raw.blocks {
            match block {
                RawBlock::Text(text) => {
                    for l in text.lines() {
                        if l.trim().is_empty() {
                            continue;
                        }
                        let norm = normalizer.normalize(l);
                        let cells = split_pipe_row(&norm);
                        lines.push(Line {
                            no: lines.len() + 1,
                            raw: l.trim().to_string(),
                            text: norm,
                            cells,
                            table: None,
                            row: None,
                            xs: Vec::new(),
                        });
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
                        });
                    }
                    table_no += 1;
                }
            }
        }
        Doc { lines }
    }

    /// Index of the first line at or after `from` whose compact text contains `needle`.
    pub fn find(&self, from: usize, needle: &str) -> Option<usize> {
        (from..self.lines.len()).find(|&i| self.lines[i].compact().contains(needle))
    }
}

/// Splits a text line printed as a table row ("a | b | c |", markdown "| a | b |") into cells.
/// Lines without a pipe are prose and give no cells. Markdown separator rows give no cells.
fn split_pipe_row(line: &str) -> Vec<String> {
    if !line.contains('|') {
        return Vec::new();
    }
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    if cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
        return Vec::new();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_rows_become_cells() {
        assert_eq!(split_pipe_row("规章 | 0 | 0 | 0 |"), vec!["规章", "0", "0", "0"]);
        assert_eq!(split_pipe_row("| 规章 | 0 |"), vec!["规章", "0"]);
        assert!(split_pipe_row("|---|---|").is_empty());
        assert!(split_pipe_row("一、总体情况").is_empty());
    }
}
