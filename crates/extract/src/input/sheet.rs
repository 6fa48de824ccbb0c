//! Spreadsheets (.xlsx, .xls; WPS's .et in the Excel format): each sheet's rows, runs of rows
//! with several cells as tables and rows holding one sentence as prose, merged cells once.
//!
//! OpenDocument sheets (.ods) are refused with a message: calamine does not say which of their
//! cells a merge covers, and without that their tables' columns do not line up (measured: 120
//! renderings saved as .ods lost almost every value).
//!
//! Workbooks come to an analyst from agencies reporting their figures (the annual report's
//! tables filled in a template) and as reports' attachments (附表). They are read with the
//! `calamine` crate; a formula cell gives the value the file last computed.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use super::{Blocks, RawDoc, collapse_ws, guard, is_data_table};
use crate::Error;

/// Cells read per workbook, bounding the work on a crafted file (a real report's sheets hold a
/// few thousand).
const MAX_CELLS: usize = 2_000_000;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    guard::catch(|| read_workbook(bytes)).map_err(|p| Error::Sheet(format!("the spreadsheet reader failed: {p}")))?
}

fn read_workbook(bytes: &[u8]) -> Result<RawDoc, Error> {
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| Error::Sheet(e.to_string()))?;
    if matches!(book, Sheets::Ods(_)) {
        return Err(Error::OdsNotRead);
    }
    let mut out = Blocks::default();
    let mut cells = 0usize;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        let covered = covered_cells(&mut book, &name);
        let Some((top, left)) = range.start() else { continue };
        let mut table: Vec<Vec<(usize, String)>> = Vec::new();
        for (r, row) in range.rows().enumerate() {
            cells += row.len();
            if cells > MAX_CELLS {
                return Err(Error::Sheet("the workbook is too large".into()));
            }
            // Each cell with its column; the cells a merge covers are left out.
            let texts: Vec<(usize, String)> = row
                .iter()
                .enumerate()
                .filter(|(c, _)| !covered.contains(&(top + r as u32, left + *c as u32)))
                .map(|(c, cell)| (c, cell_text(cell)))
                .collect();
            let filled: Vec<&String> = texts.iter().map(|(_, t)| t).filter(|t| !t.is_empty()).collect();
            // A blank row ends a table; a row holding one sentence is prose between tables.
            if filled.is_empty() || (filled.len() == 1 && is_sentence(filled[0])) {
                end_table(&mut out, &mut table);
                if let Some(line) = filled.first() {
                    out.line(line);
                }
                continue;
            }
            table.push(texts);
        }
        end_table(&mut out, &mut table);
    }
    let doc = out.finish();
    if doc.blocks.is_empty() { Err(Error::Empty) } else { Ok(doc) }
}

/// The cells a merged region covers besides its first (top left), which alone holds the value.
fn covered_cells<RS: std::io::Read + std::io::Seek>(book: &mut Sheets<RS>, name: &str) -> HashSet<(u32, u32)> {
    let regions = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut covered = HashSet::new();
    for d in regions {
        let area = (d.end.0.saturating_sub(d.start.0) as usize + 1) * (d.end.1.saturating_sub(d.start.1) as usize + 1);
        if area > 10_000 {
            continue;
        }
        for r in d.start.0..=d.end.0 {
            for c in d.start.1..=d.end.1 {
                if (r, c) != d.start {
                    covered.insert((r, c));
                }
            }
        }
    }
    covered
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        other => collapse_ws(&other.to_string().replace('\n', "")),
    }
}

/// A cell that is a sentence of prose, not a label: long, or ending a clause.
fn is_sentence(text: &str) -> bool {
    text.chars().count() > 40 || text.contains(['。', '；', '，'])
}

/// Closes a run of table rows: each row's cells up to the table's last filled column (a blank
/// last cell of one row is a cell; the sheet's empty columns beyond the table are not).
fn end_table(out: &mut Blocks, table: &mut Vec<Vec<(usize, String)>>) {
    let rows = std::mem::take(table);
    let Some(last) = rows.iter().flatten().filter(|(_, t)| !t.is_empty()).map(|(c, _)| *c).max() else { return };
    let rows: Vec<Vec<String>> =
        rows.into_iter().map(|row| row.into_iter().filter(|(c, _)| *c <= last).map(|(_, t)| t).collect()).collect();
    if is_data_table(&rows) {
        out.table(rows);
    } else {
        for cell in rows.iter().flatten() {
            out.line(cell);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::input::{InputKind, RawBlock};
    use rust_xlsxwriter::{Format, Workbook};

    /// A sheet as an agency fills the report's template: a sentence, table 二's first block
    /// with its caption merged across the columns, a blank cell, a sheet column left empty.
    pub(crate) fn workbook() -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "本年度共主动公开政府信息1256条，其中规章0件。").unwrap();
        sheet.merge_range(2, 0, 2, 3, "第二十条第（一）项", &Format::new()).unwrap();
        for (c, h) in ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"].iter().enumerate()
        {
            sheet.write_string(3, c as u16, *h).unwrap();
        }
        sheet.write_string(4, 0, "规章").unwrap();
        sheet.write_number(4, 1, 0).unwrap();
        sheet.write_number(4, 2, 0).unwrap();
        sheet.write_number(4, 3, 3).unwrap();
        sheet.write_string(5, 0, "行政规范性文件").unwrap();
        sheet.write_number(5, 1, 12).unwrap();
        sheet.write_number(5, 2, 2.5).unwrap();
        // (Column E is used far below the table, so the sheet is wider than the table.)
        sheet.write_string(9, 4, "填表人：张三").unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn sheets_give_prose_and_tables() {
        let doc = read(&workbook()).expect("a workbook");
        assert_eq!(
            doc.blocks,
            vec![
                RawBlock::Text("本年度共主动公开政府信息1256条，其中规章0件。\n".into()),
                RawBlock::Table(vec![
                    vec!["第二十条第（一）项".into()],
                    vec!["信息内容".into(), "本年制发件数".into(), "本年废止件数".into(), "现行有效件数".into()],
                    vec!["规章".into(), "0".into(), "0".into(), "3".into()],
                    vec!["行政规范性文件".into(), "12".into(), "2.5".into(), "".into()],
                ]),
                RawBlock::Text("填表人：张三\n".into()),
            ]
        );
        assert_eq!(InputKind::detect(std::path::Path::new("附件"), &workbook()).unwrap(), InputKind::Sheet);
    }

    #[test]
    fn what_is_not_a_workbook_is_said() {
        assert!(read(b"PK\x03\x04 not a zip").is_err());
        assert!(matches!(read(&Workbook::new().save_to_buffer().unwrap()), Err(Error::Empty)));
    }
}
