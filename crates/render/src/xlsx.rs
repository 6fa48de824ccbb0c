//! XLSX output: one sheet per table of the report (表二, 表三, 表四) with the merged header
//! cells of the format, figures written as numbers (never formulas), blanks left blank.

use gongkai_core::{Figure, Report};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::layout::{CellKind, Grid};
use crate::narrative;
use gongkai_core::Narrative;

/// Font charset of GB2312, so spreadsheet programs substitute a Chinese font when 宋体 is missing.
const GB2312_CHARSET: u8 = 134;
const TABLE_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";

/// Spreadsheet column width units per millimetre (7-pixel characters at 96 dpi).
const WIDTH_PER_MM: f64 = 96.0 / 25.4 / 7.0;

fn base(size: f64) -> Format {
    Format::new()
        .set_font_name(TABLE_FONT)
        .set_font_charset(GB2312_CHARSET)
        .set_font_size(size)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// How many lines a text takes in a cell of `width_mm` at `size_pt` (CJK characters are one
/// em wide, Latin letters and digits about half).
fn lines_needed(text: &str, width_mm: f64, size_pt: f64) -> usize {
    let em_mm = size_pt * 25.4 / 72.0;
    let ems: f64 = text.chars().map(|c| if c.is_ascii() { 0.55 } else { 1.0 }).sum();
    let usable = (width_mm - 2.0).max(em_mm);
    let per_line = (usable / em_mm).floor().max(1.0);
    ((ems / per_line).ceil() as usize).max(1)
}

/// Writes a grid from `top`; returns the next free row.
fn write_grid(ws: &mut Worksheet, g: &Grid, top: u32) -> Result<u32, XlsxError> {
    let size = if g.name == "表二" { 10.5 } else { 9.0 };
    let center = base(size).set_align(FormatAlign::Center);
    let left = base(size).set_align(FormatAlign::Left);
    let caption = center.clone().set_bold();
    let count = center.clone().set_num_format("0");
    let amount = center.clone().set_num_format("General");
    for (c, w) in g.widths.iter().enumerate() {
        ws.set_column_width(c as u16, w * WIDTH_PER_MM)?;
    }
    // Row heights: spreadsheet programs do not grow rows for wrapped text in merged cells.
    let line_pt = size * 1.35;
    let mut heights = vec![line_pt + 4.0; g.rows];
    for cell in g.cells.iter().filter(|c| c.rowspan == 1) {
        let width: f64 = g.widths[cell.col..cell.col + cell.colspan].iter().sum();
        let h = lines_needed(&cell.display(), width, size) as f64 * line_pt + 4.0;
        heights[cell.row] = heights[cell.row].max(h);
    }
    for cell in g.cells.iter().filter(|c| c.rowspan > 1) {
        let width: f64 = g.widths[cell.col..cell.col + cell.colspan].iter().sum();
        let need = lines_needed(&cell.display(), width, size) as f64 * line_pt + 4.0;
        let have: f64 = heights[cell.row..cell.row + cell.rowspan].iter().sum();
        if need > have {
            let extra = (need - have) / cell.rowspan as f64;
            for h in &mut heights[cell.row..cell.row + cell.rowspan] {
                *h += extra;
            }
        }
    }
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(top + r as u32, *h)?;
    }
    for cell in &g.cells {
        let fmt = match cell.kind {
            CellKind::Caption => &caption,
            CellKind::Note => &left,
            CellKind::Label if cell.rowspan == 1 && g.name != "表二" => &left,
            _ => &center,
        };
        let (r0, c0) = (top + cell.row as u32, cell.col as u16);
        let (r1, c1) = (r0 + cell.rowspan as u32 - 1, c0 + cell.colspan as u16 - 1);
        let merged = r1 > r0 || c1 > c0;
        if cell.kind == CellKind::Value {
            let num_fmt;
            let fmt = match cell.value {
                Some(Figure::Count(_)) if cell.unit.is_empty() => &count,
                Some(_) if !cell.unit.is_empty() => {
                    num_fmt = center.clone().set_num_format(format!("General\"{}\"", cell.unit));
                    &num_fmt
                }
                _ => &amount,
            };
            if merged {
                ws.merge_range(r0, c0, r1, c1, "", fmt)?;
            }
            match cell.value {
                Some(v) => ws.write_number_with_format(r0, c0, v.as_f64(), fmt)?,
                None => ws.write_blank(r0, c0, fmt)?,
            };
        } else if merged {
            ws.merge_range(r0, c0, r1, c1, &cell.text, fmt)?;
        } else {
            ws.write_string_with_format(r0, c0, &cell.text, fmt)?;
        }
    }
    Ok(top + g.rows as u32)
}

fn sheet(wb: &mut Workbook, title: &str, heading: &str, g: &Grid) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(g.name)?;
    ws.set_paper_size(9); // A4
    ws.set_margins(0.7, 0.7, 0.75, 0.75, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let last = g.cols as u16 - 1;
    let title_fmt = Format::new()
        .set_font_name(HEADING_FONT)
        .set_font_charset(GB2312_CHARSET)
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let heading_fmt = Format::new()
        .set_font_name(HEADING_FONT)
        .set_font_charset(GB2312_CHARSET)
        .set_font_size(12)
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    let title_lines = lines_needed(title, g.widths.iter().sum(), 14.0) as f64;
    ws.merge_range(0, 0, 0, last, title, &title_fmt)?;
    ws.set_row_height(0, title_lines * 20.0 + 6.0)?;
    ws.merge_range(1, 0, 1, last, heading, &heading_fmt)?;
    ws.set_row_height(1, 22)?;
    write_grid(ws, g, 2)?;
    if g.header_rows > 0 {
        ws.set_repeat_rows(2, 2 + g.header_rows as u32 - 1)?;
    }
    Ok(())
}

/// Tables 二, 三 and 四 of the report as a workbook.
pub fn report_xlsx(report: &Report, narrative: &Narrative) -> Vec<u8> {
    let doc = narrative::report_doc(report, narrative);
    let mut wb = Workbook::new();
    let built: Result<Vec<u8>, XlsxError> = (|| {
        for s in &doc.sections {
            if let Some(g) = &s.table {
                sheet(&mut wb, &doc.title, s.heading, g)?;
            }
        }
        wb.save_to_buffer()
    })();
    built.expect("the workbook is written in memory from a fixed layout")
}

/// The names of the sheets, in order.
pub const SHEETS: [&str; 3] = ["表二", "表三", "表四"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout;

    #[test]
    fn line_estimate_wraps_long_labels() {
        assert_eq!(lines_needed("总计", 10.4, 9.0), 1);
        assert!(lines_needed(layout::T3_NOTE, 82.5, 9.0) >= 2);
        assert_eq!(lines_needed("", 10.0, 9.0), 1);
    }
}
