//! DOCX documents: paragraphs and tables in body order, merged cells once, via docx-rs.

use docx_rs::{
    DocumentChild, InsertChild, MoveToChild, Paragraph, ParagraphChild, ReadDocxOptions, Run, RunChild,
    StructuredDataTagChild, Table, TableCell, TableCellContent, TableChild, TableRowChild,
};

use super::{Blocks, RawDoc, collapse_ws, guard, is_data_table, join_cell_piece};
use crate::Error;

/// Tables nested deeper than this are read as flat text.
const MAX_DEPTH: usize = 32;

/// Decompressed XML read per document before giving up: far above any real report, far below
/// what a zip bomb would ask for.
const MAX_XML_BYTES: u64 = 256 << 20;

pub fn read(bytes: &[u8]) -> Result<RawDoc, Error> {
    well_formed(bytes)?;
    let options = ReadDocxOptions::default().with_image_previews(false);
    let docx = guard::catch(|| docx_rs::read_docx_with_options(bytes, options))
        .map_err(|p| Error::Docx(format!("the DOCX parser failed: {p}")))?
        .map_err(|e| Error::Docx(e.to_string()))?;
    let mut out = Out::default();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => out.line(paragraph_text(p)),
            DocumentChild::Table(t) => out.table(t, 0),
            DocumentChild::StructuredDataTag(sdt) => out.sdt(&sdt.children, 0),
            _ => {}
        }
    }
    Ok(out.finish())
}

/// Refuses a package whose XML parts are not well formed before docx-rs sees it. docx-rs reads
/// each element in a loop that ends only on its own end tag; a part cut short (an element never
/// closed) makes that loop see the end of the document forever, so one broken upload would hold a
/// worker at full CPU. quick-xml checks that every end tag matches its start tag; we check that
/// every start tag is closed.
fn well_formed(bytes: &[u8]) -> Result<(), Error> {
    use quick_xml::events::Event;
    use std::io::Read;

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| Error::Docx(e.to_string()))?;
    // Another kind of package (a workbook, a presentation) sends docx-rs parsing its main part
    // as a document, which never ends: its content types must name a Word document.
    let mut types = String::new();
    archive
        .by_name("[Content_Types].xml")
        .map_err(|e| Error::Docx(format!("[Content_Types].xml: {e}")))?
        .take(MAX_XML_BYTES)
        .read_to_string(&mut types)
        .map_err(|e| Error::Docx(format!("[Content_Types].xml: {e}")))?;
    if !types.contains("wordprocessingml") && !types.contains("ms-word") {
        return Err(Error::Docx("the package is not a Word document".into()));
    }
    let mut budget = MAX_XML_BYTES;
    let mut xml = Vec::new();
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| Error::Docx(e.to_string()))?;
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        xml.clear();
        let read =
            (&mut part).take(budget + 1).read_to_end(&mut xml).map_err(|e| Error::Docx(format!("{name}: {e}")))?;
        budget = budget.checked_sub(read as u64).ok_or_else(|| Error::Docx("the XML parts are too large".into()))?;
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        reader.config_mut().check_end_names = true;
        let mut depth = 0usize;
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(_)) => depth += 1,
                Ok(Event::End(_)) => depth = depth.saturating_sub(1),
                Ok(Event::Eof) if depth == 0 => break,
                Ok(Event::Eof) => return Err(Error::Docx(format!("{name}: an element is never closed"))),
                Ok(_) => {}
                Err(e) => return Err(Error::Docx(format!("{name}: {e}"))),
            }
        }
    }
    Ok(())
}

#[derive(Default)]
struct Out {
    blocks: Blocks,
}

impl Out {
    /// A paragraph; its line breaks (`<w:br/>`) stay line breaks.
    fn line(&mut self, text: String) {
        self.blocks.line(&text);
    }

    fn finish(self) -> RawDoc {
        self.blocks.finish()
    }

    fn sdt(&mut self, children: &[StructuredDataTagChild], depth: usize) {
        let mut inline = String::new();
        for c in children {
            match c {
                StructuredDataTagChild::Run(r) => run_text(r, &mut inline),
                StructuredDataTagChild::Paragraph(p) => self.line(paragraph_text(p)),
                StructuredDataTagChild::Table(t) => self.table(t, depth + 1),
                StructuredDataTagChild::StructuredDataTag(s) if depth < MAX_DEPTH => self.sdt(&s.children, depth + 1),
                _ => {}
            }
        }
        self.line(inline);
    }

    fn table(&mut self, table: &Table, depth: usize) {
        let rows = table_rows(table);
        let texts: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| cell_text(c, depth)).collect()).collect();
        let nested = rows.iter().flatten().any(|c| c.children.iter().any(|x| matches!(x, TableCellContent::Table(_))));
        if !nested && is_data_table(&texts) {
            self.blocks.table(texts);
            return;
        }
        // A frame around prose (or around other tables): read the cells in order.
        for row in &rows {
            for cell in row {
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => self.line(paragraph_text(p)),
                        TableCellContent::Table(t) if depth < MAX_DEPTH => self.table(t, depth + 1),
                        TableCellContent::Table(t) => self.line(flat_table_text(t, depth + 1)),
                        TableCellContent::StructuredDataTag(s) => self.sdt(&s.children, depth + 1),
                        TableCellContent::TableOfContents(_) => {}
                    }
                }
            }
        }
    }
}

/// The rows of a table as the cells printed: continuation cells of a vertical merge omitted.
fn table_rows(table: &Table) -> Vec<Vec<&TableCell>> {
    table
        .rows
        .iter()
        .map(|TableChild::TableRow(row)| {
            row.cells.iter().map(|TableRowChild::TableCell(c)| c).filter(|c| !is_merge_continuation(c)).collect()
        })
        .collect()
}

/// Whether a cell continues a vertical merge (`<w:vMerge/>` or `w:val="continue"`).
///
/// docx-rs keeps the cell properties private; their `Debug` form is the only read access.
/// `vmerge_detection_follows_docx_rs` pins the format.
fn is_merge_continuation(cell: &TableCell) -> bool {
    format!("{:?}", cell.property).contains("VMerge { val: Continue }")
}

/// A cell's text on one line: paragraphs and line breaks joined without a separator, nested
/// tables' text appended.
fn cell_text(cell: &TableCell, depth: usize) -> String {
    let mut out = String::new();
    for content in &cell.children {
        match content {
            TableCellContent::Paragraph(p) => {
                for piece in paragraph_text(p).split('\n') {
                    join_cell_piece(&mut out, &collapse_ws(piece));
                }
            }
            TableCellContent::Table(t) => join_cell_piece(&mut out, &flat_table_text(t, depth + 1)),
            TableCellContent::StructuredDataTag(s) => {
                for c in &s.children {
                    let mut t = String::new();
                    match c {
                        StructuredDataTagChild::Run(r) => run_text(r, &mut t),
                        StructuredDataTagChild::Paragraph(p) => t = paragraph_text(p),
                        _ => {}
                    }
                    join_cell_piece(&mut out, &collapse_ws(&t));
                }
            }
            TableCellContent::TableOfContents(_) => {}
        }
    }
    out
}

/// A nested table's text on one line, cells separated by spaces.
fn flat_table_text(table: &Table, depth: usize) -> String {
    if depth > MAX_DEPTH {
        return String::new();
    }
    let mut parts = Vec::new();
    for row in table_rows(table) {
        for cell in row {
            let t = cell_text(cell, depth);
            if !t.is_empty() {
                parts.push(t);
            }
        }
    }
    parts.join(" ")
}

/// A paragraph's text; `<w:br/>` and `<w:cr/>` become '\n', tabs spaces; deleted text skipped.
fn paragraph_text(p: &Paragraph) -> String {
    let mut out = String::new();
    paragraph_children_text(&p.children, &mut out, 0);
    out
}

fn paragraph_children_text(children: &[ParagraphChild], out: &mut String, depth: usize) {
    for child in children {
        match child {
            ParagraphChild::Run(r) => run_text(r, out),
            ParagraphChild::Insert(ins) => {
                for c in &ins.children {
                    if let InsertChild::Run(r) = c {
                        run_text(r, out);
                    }
                }
            }
            ParagraphChild::MoveTo(m) => {
                for c in &m.children {
                    if let MoveToChild::Run(r) = c {
                        run_text(r, out);
                    }
                }
            }
            ParagraphChild::Hyperlink(h) if depth < MAX_DEPTH => paragraph_children_text(&h.children, out, depth + 1),
            ParagraphChild::StructuredDataTag(s) => {
                for c in &s.children {
                    match c {
                        StructuredDataTagChild::Run(r) => run_text(r, out),
                        StructuredDataTagChild::Paragraph(p) if depth < MAX_DEPTH => {
                            paragraph_children_text(&p.children, out, depth + 1)
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn run_text(run: &Run, out: &mut String) {
    for c in &run.children {
        match c {
            RunChild::Text(t) => out.push_str(&t.text),
            RunChild::Tab(_) | RunChild::PTab(_) => out.push(' '),
            RunChild::Break(_) | RunChild::CarriageReturn(_) => out.push('\n'),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::RawBlock;
    use docx_rs::{Docx, TableRow, VMergeType};

    fn build(docx: Docx) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        docx.build().pack(&mut buf).unwrap();
        buf.into_inner()
    }

    fn cell(text: &str) -> TableCell {
        let mut p = Paragraph::new();
        for (i, part) in text.split('\n').enumerate() {
            let mut run = Run::new();
            if i > 0 {
                run = run.add_break(docx_rs::BreakType::TextWrapping);
            }
            p = p.add_run(run.add_text(part));
        }
        TableCell::new().add_paragraph(p)
    }

    #[test]
    fn a_workbook_given_as_a_document_is_refused_not_parsed_forever() {
        // docx-rs read a workbook's main part as a document and never returned.
        let book = rust_xlsxwriter::Workbook::new().save_to_buffer().unwrap();
        let err = read(&book).expect_err("refused");
        assert!(err.to_string().contains("not a Word document"), "{err}");
    }

    #[test]
    fn vmerge_detection_follows_docx_rs() {
        assert!(is_merge_continuation(&cell("").vertical_merge(VMergeType::Continue)));
        assert!(!is_merge_continuation(&cell("x").vertical_merge(VMergeType::Restart)));
        assert!(!is_merge_continuation(&cell("x").grid_span(2)));
    }

    #[test]
    fn paragraphs_and_tables_in_order_with_merges() {
        let table = Table::new(vec![
            TableRow::new(vec![
                cell("信息内容").vertical_merge(VMergeType::Restart),
                cell("本年新\n制作数量"),
                cell("对外公开总数量").grid_span(2),
            ]),
            TableRow::new(vec![cell("").vertical_merge(VMergeType::Continue), cell("件"), cell("件").grid_span(2)]),
            TableRow::new(vec![cell("规章"), cell("13"), cell("524").grid_span(2)]),
        ]);
        let docx = Docx::new()
            .add_paragraph(Paragraph::new().add_run(
                Run::new().add_text("二、主动公开").add_break(docx_rs::BreakType::TextWrapping).add_text("第二行"),
            ))
            .add_table(table)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text("三、收到和处理")));
        let raw = read(&build(docx)).unwrap();
        assert_eq!(
            raw.blocks,
            vec![
                RawBlock::Text("二、主动公开\n第二行\n".into()),
                RawBlock::Table(vec![
                    vec!["信息内容".into(), "本年新制作数量".into(), "对外公开总数量".into()],
                    vec!["件".into(), "件".into()],
                    vec!["规章".into(), "13".into(), "524".into()],
                ]),
                RawBlock::Text("三、收到和处理\n".into()),
            ]
        );
    }

    #[test]
    fn layout_table_is_prose_and_nested_tables_are_found() {
        let inner = Table::new(vec![
            TableRow::new(vec![cell("规章"), cell("13")]),
            TableRow::new(vec![cell("规范性文件"), cell("60")]),
        ]);
        let outer = Table::new(vec![TableRow::new(vec![
            cell("一、总体情况").add_paragraph(Paragraph::new().add_run(Run::new().add_text("正文"))).add_table(inner),
        ])]);
        let raw = read(&build(Docx::new().add_table(outer))).unwrap();
        assert_eq!(
            raw.blocks,
            vec![
                RawBlock::Text("一、总体情况\n正文\n".into()),
                RawBlock::Table(vec![vec!["规章".into(), "13".into()], vec!["规范性文件".into(), "60".into()]]),
            ]
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(matches!(read(b"not a zip"), Err(Error::Docx(_))));
        assert!(matches!(read(b"PK\x03\x04garbage"), Err(Error::Docx(_))));
        assert!(matches!(read(&[]), Err(Error::Docx(_))));
    }

    /// A body cut short once held docx-rs in an endless loop (found by the DOCX soup property
    /// test); an unclosed or mismatched element is now refused before docx-rs reads it.
    #[test]
    fn a_part_cut_short_is_refused_not_read_forever() {
        use crate::input::tests::docx_with_body;
        for body in [
            "<w:t><w:sdt><w:sdtContent><w:p><w:tr><w:x/><w:hyperlink><w:r><w:br/>",
            "<w:sdt><w:sdtContent><w:p>",
            "<w:p><w:r><w:t>1</w:p></w:r>",
        ] {
            let err = read(&docx_with_body(body)).unwrap_err();
            assert!(matches!(&err, Error::Docx(m) if m.starts_with("word/document.xml: ")), "{body}: {err:?}");
        }
        assert!(
            read(&docx_with_body("<w:sdt><w:sdtContent><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:sdtContent></w:sdt>"))
                .is_ok()
        );
    }
}
