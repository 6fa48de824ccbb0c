//! DOCX output: the report and the letters as Word documents on A4 with the margins and fonts
//! of official documents (GB/T 9704: 方正小标宋简体 title, 黑体/楷体_GB2312 headings,
//! 仿宋_GB2312 body), real tables with merged cells (gridSpan / vMerge), and a font table
//! that names a fallback (altName, GB2312 charset) for every Chinese font.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};
use gongkai_core::Report;

use crate::layout::{CellKind, Grid};
use crate::letter::{self, LetterInput, LetterParaKind};
use crate::narrative::{self, Para, ParaKind};
use gongkai_core::Narrative;

/// Fonts by role: (East-Asian font, its fallback).
const TITLE_FONT: (&str, &str) = ("方正小标宋简体", "华文中宋");
const HEADING_FONT: (&str, &str) = ("黑体", "SimHei");
const SUBHEADING_FONT: (&str, &str) = ("楷体_GB2312", "楷体");
const BODY_FONT: (&str, &str) = ("仿宋_GB2312", "仿宋");
const TABLE_FONT: (&str, &str) = ("宋体", "SimSun");
/// Latin letters and digits.
const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
const SIZE_TITLE: usize = 44;
const SIZE_BODY: usize = 32;
const SIZE_NUMBER: usize = 28;
const SIZE_TABLE: usize = 21;
const SIZE_TABLE_SMALL: usize = 18;

/// The height (twips) that marks table header rows until the package is post-processed;
/// docx-rs cannot write w:tblHeader itself.
const HEADER_ROW_MARK: u32 = 341;

/// Twips per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

fn fonts(role: (&str, &str)) -> RunFonts {
    RunFonts::new().east_asia(role.0).ascii(LATIN_FONT).hi_ansi(LATIN_FONT).hint("eastAsia")
}

fn run(text: &str, role: (&str, &str), size: usize, draft: bool) -> Run {
    let r = Run::new().add_text(text).fonts(fonts(role)).size(size);
    if draft { r.highlight("yellow") } else { r }
}

/// Exact line spacing of the body: 28 pt (about 22 lines on a page).
fn body_spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(560).before(0).after(0)
}

/// First-line indent of two characters of the body size (Word reads the characters,
/// LibreOffice the twips).
fn indented(p: Paragraph) -> Paragraph {
    p.indent(None, Some(SpecialIndentType::FirstLine(2 * SIZE_BODY as i32 * 10)), None, None).first_line_chars(200)
}

fn title_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, SIZE_TITLE, false))
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(760).before(0).after(400))
}

fn prose(p: &Para) -> Paragraph {
    let (role, keep) = match p.kind {
        ParaKind::Subheading => (SUBHEADING_FONT, true),
        ParaKind::Body => (BODY_FONT, false),
    };
    indented(Paragraph::new().add_run(run(&p.text, role, SIZE_BODY, p.is_draft())))
        .align(AlignmentType::Both)
        .line_spacing(body_spacing())
        .keep_next(keep)
}

fn heading(text: &str) -> Paragraph {
    indented(Paragraph::new().add_run(run(text, HEADING_FONT, SIZE_BODY, false)))
        .line_spacing(body_spacing())
        .keep_next(true)
}

/// A4 with the GB/T 9704 margins and a centred page number.
fn a4(docx: Docx) -> Docx {
    let margin = PageMargin::new()
        .top(mm(37.0))
        .bottom(mm(35.0))
        .left(mm(28.0))
        .right(mm(26.0))
        .header(mm(15.0))
        .footer(mm(20.0));
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("— ").fonts(fonts(BODY_FONT)).size(SIZE_NUMBER))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —").fonts(fonts(BODY_FONT)).size(SIZE_NUMBER)),
    );
    docx.page_size(11906, 16838)
        .page_margin(margin)
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_BODY)
        .footer(footer)
}

/// A grid as a Word table: anchors carry gridSpan and vMerge="restart", the rows they cover
/// below carry vMerge="continue" cells of the same span.
fn table(g: &Grid) -> Table {
    let widths: Vec<usize> = g.widths.iter().map(|w| mm(*w) as usize).collect();
    let size = if g.name == "表二" { SIZE_TABLE } else { SIZE_TABLE_SMALL };
    let mut rows = Vec::with_capacity(g.rows);
    for r in 0..g.rows {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < g.cols {
            let Some((cell, anchor)) = g.covering(r, c) else {
                cells.push(TableCell::new().add_paragraph(Paragraph::new()).width(widths[c], WidthType::Dxa));
                c += 1;
                continue;
            };
            let width: usize = widths[cell.col..cell.col + cell.colspan].iter().sum();
            let mut tc = TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center);
            if cell.colspan > 1 {
                tc = tc.grid_span(cell.colspan);
            }
            if anchor {
                if cell.rowspan > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
                let align = match cell.kind {
                    CellKind::Label if cell.rowspan == 1 && g.name != "表二" => AlignmentType::Left,
                    CellKind::Note => AlignmentType::Left,
                    _ => AlignmentType::Center,
                };
                let mut run = run(&cell.display(), TABLE_FONT, size, false);
                if cell.kind == CellKind::Caption {
                    run = run.bold();
                }
                tc =
                    tc.add_paragraph(Paragraph::new().add_run(run).align(align).line_spacing(
                        LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(0),
                    ));
            } else {
                tc = tc.vertical_merge(VMergeType::Continue).add_paragraph(Paragraph::new());
            }
            cells.push(tc);
            c += cell.colspan;
        }
        let mut row = TableRow::new(cells).cant_split().row_height(300.0);
        if r < g.header_rows {
            // Marked by its height; `repeat_header_rows` turns the mark into w:tblHeader.
            row = row.row_height(HEADER_ROW_MARK as f32);
        }
        rows.push(row);
    }
    let total: usize = widths.iter().sum();
    Table::new(rows)
        .set_grid(widths)
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(docx_rs::TableCellMargins::new().margin(20, 60, 20, 60))
}

/// Space after a table, so the next heading does not stick to it.
fn spacer() -> Paragraph {
    Paragraph::new().line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(280).before(0).after(0))
}

fn pack(docx: Docx) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).expect("writing a DOCX into memory cannot fail");
    with_font_fallbacks(&buf.into_inner())
}

/// The annual report as a Word document.
pub fn report_docx(report: &Report, narrative: &Narrative) -> Vec<u8> {
    let doc = narrative::report_doc(report, narrative);
    let mut docx = a4(Docx::new()).add_paragraph(title_paragraph(&doc.title));
    for p in &doc.preamble {
        docx = docx.add_paragraph(prose(p));
    }
    for s in &doc.sections {
        docx = docx.add_paragraph(heading(s.heading));
        for p in &s.paras {
            docx = docx.add_paragraph(prose(p));
        }
        if let Some(g) = &s.table {
            docx = docx.add_table(table(g)).add_paragraph(spacer());
        }
    }
    pack(docx)
}

/// A reply letter as a Word document.
pub fn letter_docx(input: &LetterInput) -> Vec<u8> {
    document_docx(&letter::letter(input))
}

/// A letter or notice as a Word document.
pub fn document_docx(l: &letter::Letter) -> Vec<u8> {
    let plain = |text: &str, align: AlignmentType| {
        Paragraph::new().add_run(run(text, BODY_FONT, SIZE_BODY, false)).align(align).line_spacing(body_spacing())
    };
    let mut docx = a4(Docx::new())
        .add_paragraph(title_paragraph(l.title))
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&l.number, BODY_FONT, SIZE_NUMBER, false))
                .align(AlignmentType::Right)
                .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(560).before(0).after(200)),
        )
        .add_paragraph(plain(&l.salutation, AlignmentType::Left));
    for p in &l.body {
        let para = Paragraph::new()
            .add_run(run(&p.text, BODY_FONT, SIZE_BODY, p.is_draft()))
            .align(AlignmentType::Both)
            .line_spacing(body_spacing());
        docx = docx.add_paragraph(match p.kind {
            LetterParaKind::Body => indented(para),
            LetterParaKind::Item => para.indent(Some(mm(11.0)), None, None, None),
        });
    }
    let signature = |text: &str| {
        Paragraph::new()
            .add_run(run(text, BODY_FONT, SIZE_BODY, false))
            .align(AlignmentType::Right)
            .indent(None, None, Some(mm(11.0)), None)
            .line_spacing(body_spacing())
            .keep_next(true)
    };
    // The closing line, a blank line, the signature and the date stay on one page.
    docx = docx
        .add_paragraph(indented(plain(l.closing, AlignmentType::Left)).keep_next(true))
        .add_paragraph(plain("", AlignmentType::Left).keep_next(true))
        .add_paragraph(signature(&l.signature))
        .add_paragraph(signature(&l.date).keep_next(false));
    pack(docx)
}

/// 1 → 一, 12 → 十二, 40 → 四十 (headings of a 通报 count agencies, rarely beyond 99).
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

/// One agency's part of a 通报 (circular): what it failed to do, one sentence each.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeEntry {
    pub agency: String,
    pub lines: Vec<String>,
}

/// A 通报 draft of a supervising office on the annual reports of the agencies below it: an
/// opening, then per agency the missing or late report and the source errors with evidence.
/// A draft to be edited: the office adds its own assessment and requirements.
pub fn notice_docx(title: &str, entries: &[NoticeEntry]) -> Vec<u8> {
    let body = |text: &str| {
        indented(Paragraph::new().add_run(run(text, BODY_FONT, SIZE_BODY, false)))
            .align(AlignmentType::Both)
            .line_spacing(body_spacing())
    };
    let mut docx = a4(Docx::new()).add_paragraph(title_paragraph(title));
    let opening = if entries.is_empty() {
        "经核查，各单位均已报送政府信息公开工作年度报告，未发现逾期发布或勾稽关系错误。".to_string()
    } else {
        format!("经核查，以下{}个单位的政府信息公开工作年度报告存在问题，请对照整改：", entries.len())
    };
    docx = docx.add_paragraph(body(&opening));
    for (i, e) in entries.iter().enumerate() {
        docx = docx.add_paragraph(heading(&format!("{}、{}", chinese_number(i + 1), e.agency)));
        for (j, line) in e.lines.iter().enumerate() {
            docx = docx.add_paragraph(body(&format!("{}. {line}", j + 1)));
        }
    }
    pack(docx)
}

/// The font table: each Chinese font with its fallback (altName) and the GB2312 charset, so
/// Word and LibreOffice substitute a Chinese font where the named one is not installed.
fn font_table() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    );
    for (name, alt, family) in [
        (TITLE_FONT.0, TITLE_FONT.1, "script"),
        (HEADING_FONT.0, HEADING_FONT.1, "modern"),
        (SUBHEADING_FONT.0, SUBHEADING_FONT.1, "modern"),
        (BODY_FONT.0, BODY_FONT.1, "modern"),
        (TABLE_FONT.0, TABLE_FONT.1, "auto"),
    ] {
        xml.push_str(&format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        ));
    }
    xml.push_str("</w:fonts>");
    xml
}

/// Replaces `word/fontTable.xml` of a packed DOCX with [`font_table`].
fn with_font_fallbacks(docx: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("docx-rs writes a valid zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry listed by the archive");
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("docx-rs entries decompress");
        if name == "word/fontTable.xml" {
            data = font_table().into_bytes();
        } else if name == "word/document.xml" {
            data = repeat_header_rows(&String::from_utf8_lossy(&data)).into_bytes();
        }
        out.start_file(name, options).expect("zip entry in memory");
        out.write_all(&data).expect("zip write in memory");
    }
    out.finish().expect("zip finish in memory").into_inner()
}

/// Turns the header-row mark into `<w:tblHeader/>`, so the header rows of tables 三 and 四
/// repeat on each page.
fn repeat_header_rows(xml: &str) -> String {
    let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_MARK}\"");
    xml.replace(&mark, &format!("<w:tblHeader /><w:trHeight w:val=\"{}\"", HEADER_ROW_MARK - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_headings_count_in_chinese_and_name_every_agency() {
        let cases = [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (45, "四十五"), (120, "120")];
        for (n, want) in cases {
            assert_eq!(chinese_number(n), want);
        }
        let entries = vec![NoticeEntry {
            agency: "甲县教育局".into(),
            lines: vec!["未报送2024年度政府信息公开工作年度报告。".into()],
        }];
        let bytes = notice_docx("关于……的通报（草稿）", &entries);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains("一、甲县教育局") && xml.contains("1. 未报送2024年度"), "{xml}");
    }
}
