//! Spreadsheets (.xlsx, .xls; WPS's .et in the Excel format; OpenDocument .ods): each sheet's
//! rows, runs of rows with several cells as tables and rows holding one sentence as prose,
//! merged cells once.
//!
//! calamine does not say which cells of an OpenDocument sheet a merge covers; without that its
//! tables' columns do not line up (measured: 120 renderings saved as .ods lost almost every
//! value), so those are read from the sheet's `content.xml` (its `covered-table-cell`s).
//!
//! Workbooks come to an analyst from agencies reporting their figures (the annual report's
//! tables filled in a template) and as reports' attachments (附表). They are read with the
//! `calamine` crate; a formula cell gives the value the file last computed.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Sheets};

use super::{Blocks, RawDoc, collapse_ws, guard, is_data_table};
use crate::Error;

/// Cells read per workbook, bounding the work on a crafted file (a real report's sheets hold a
/// few thousand).
const MAX_CELLS: usize = 2_000_000;
/// The XML of an OpenDocument sheet read at most.
const MAX_XML_BYTES: u64 = 256 << 20;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    guard::catch(|| read_workbook(bytes)).map_err(|p| Error::Sheet(format!("the spreadsheet reader failed: {p}")))?
}

fn read_workbook(bytes: &[u8]) -> Result<RawDoc, Error> {
    let mut book =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| Error::Sheet(e.to_string()))?;
    let mut ods_covered = if matches!(book, Sheets::Ods(_)) { ods_covered_cells(bytes)? } else { HashMap::new() };
    let mut out = Blocks::default();
    let mut cells = 0usize;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else { continue };
        let covered = match ods_covered.remove(&name) {
            Some(c) => c,
            None => covered_cells(&mut book, &name),
        };
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

/// The cells each sheet of an OpenDocument spreadsheet marks as covered by a merge
/// (`table:covered-table-cell`), by sheet name: rows and cells counted with their repeats.
fn ods_covered_cells(bytes: &[u8]) -> Result<HashMap<String, HashSet<(u32, u32)>>, Error> {
    use quick_xml::events::{BytesStart, Event};

    let sheet_error = |e: &dyn std::fmt::Display| Error::Sheet(format!("content.xml: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| sheet_error(&e))?;
    let mut xml = Vec::new();
    zip.by_name("content.xml")
        .map_err(|e| sheet_error(&e))?
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| sheet_error(&e))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(Error::Sheet("the workbook is too large".into()));
    }
    let repeat = |e: &BytesStart<'_>, key: &str| -> u32 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let mut out: HashMap<String, HashSet<(u32, u32)>> = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    // The sheet being read, the row (first of its repeats, and how many) and the column.
    let mut sheet: Option<String> = None;
    let (mut row, mut rows, mut col) = (0u32, 1u32, 0u32);
    let mut marked = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| sheet_error(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" if !empty => {
                    sheet = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                        .map(|n| n.into_owned());
                    (row, rows, col) = (0, 1, 0);
                }
                "table:table-row" => {
                    rows = repeat(&e, "table:number-rows-repeated");
                    col = 0;
                    if empty {
                        row = row.saturating_add(rows);
                    }
                }
                "table:table-cell" => col = col.saturating_add(repeat(&e, "table:number-columns-repeated")),
                "table:covered-table-cell" => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    if let Some(name) = &sheet {
                        let set = out.entry(name.clone()).or_default();
                        for r in row..row.saturating_add(rows) {
                            for c in col..col.saturating_add(n) {
                                marked += 1;
                                if marked > MAX_CELLS {
                                    return Err(Error::Sheet("the workbook is too large".into()));
                                }
                                set.insert((r, c));
                            }
                        }
                    }
                    col = col.saturating_add(n);
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => row = row.saturating_add(rows),
            Event::End(e) if e.name().as_ref() == "table:table" => sheet = None,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
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

    /// What the test sheets read as: a sentence, the table (its last row as `last_row` gives
    /// it), the signature line.
    fn blocks(last_row: &[&str]) -> Vec<RawBlock> {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        vec![
            RawBlock::Text("本年度共主动公开政府信息1256条，其中规章0件。\n".into()),
            RawBlock::Table(vec![
                row(&["第二十条第（一）项"]),
                row(&["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
                row(&["规章", "0", "0", "3"]),
                row(last_row),
            ]),
            RawBlock::Text("填表人：张三\n".into()),
        ]
    }

    #[test]
    fn sheets_give_prose_and_tables() {
        let doc = read(&workbook()).expect("a workbook");
        assert_eq!(doc.blocks, blocks(&["行政规范性文件", "12", "2.5", ""]));
        assert_eq!(InputKind::detect(std::path::Path::new("附件"), &workbook()).unwrap(), InputKind::Sheet);
    }

    /// The same sheet as an OpenDocument spreadsheet (content.xml as LibreOffice writes it: the
    /// caption's cell spans four columns and three covered cells follow it; empty rows are
    /// repeated rows; a vertical merge covers a cell in the next row).
    pub(crate) fn ods() -> Vec<u8> {
        let cell = |t: &str| {
            format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#)
        };
        let num = |v: &str| {
            format!(
                r#"<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
            )
        };
        let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
        let rows = [
            row(&[cell("本年度共主动公开政府信息1256条，其中规章0件。")]),
            r#"<table:table-row table:number-rows-repeated="1"><table:table-cell/></table:table-row>"#.to_string(),
            row(&[
                r#"<table:table-cell office:value-type="string" table:number-columns-spanned="4" table:number-rows-spanned="1"><text:p>第二十条第（一）项</text:p></table:table-cell>"#.into(),
                r#"<table:covered-table-cell table:number-columns-repeated="3"/>"#.into(),
            ]),
            row(&[cell("信息内容"), cell("本年制发件数"), cell("本年废止件数"), cell("现行有效件数")]),
            row(&[
                r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>规章</text:p></table:table-cell>"#.into(),
                num("0"),
                num("0"),
                num("3"),
            ]),
            row(&["<table:covered-table-cell/>".into(), num("12"), num("2.5"), "<table:table-cell/>".into()]),
            r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row>"#.into(),
            row(&[r#"<table:table-cell table:number-columns-repeated="4"/>"#.into(), cell("填表人：张三")]),
        ];
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-column table:number-columns-repeated="5"/>{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
            rows.concat()
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        crate::input::tests::stored_zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ])
    }

    #[test]
    fn opendocument_merges_are_read_from_the_covered_cells() {
        let doc = read(&ods()).expect("an OpenDocument sheet");
        // (Its 规章 cell is merged down over the next row, whose first cell is then covered.)
        assert_eq!(doc.blocks, blocks(&["12", "2.5", ""]));
        assert_eq!(InputKind::detect(std::path::Path::new("附件"), &ods()).unwrap(), InputKind::Sheet);
    }

    #[test]
    fn what_is_not_a_workbook_is_said() {
        assert!(read(b"PK\x03\x04 not a zip").is_err());
        assert!(matches!(read(&Workbook::new().save_to_buffer().unwrap()), Err(Error::Empty)));
    }
}
