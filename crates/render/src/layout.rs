//! The printed layout of the annual report: tables 二, 三 and 四 as grids of merged cells,
//! built once from a `Report` and drawn by every output (HTML, DOCX, XLSX).

use gongkai_core::keys::{self, T3Col, T3Row, T4Group, T4Result};
use gongkai_core::{Figure, Format, Report};

/// What a cell holds; decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// A block caption spanning the table (table 二: "第二十条第（一）项").
    Caption,
    /// A column header.
    Header,
    /// A row label or a group label.
    Label,
    /// The note in the top-left block of table 三.
    Note,
    /// A figure of the report (blank when the report has no value).
    Value,
}

/// One cell placed on the grid; `row`/`col` is its top-left position.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub kind: CellKind,
    /// The text as printed; for values the figure (empty when absent), without the unit.
    pub text: String,
    /// The report key of a value cell.
    pub key: Option<String>,
    /// The figure of a value cell, when the report has it.
    pub value: Option<Figure>,
    /// A unit printed after the figure (only where the format has no unit in the header).
    pub unit: &'static str,
}

impl Cell {
    /// The text with its unit, as people read it.
    pub fn display(&self) -> String {
        if self.text.is_empty() { String::new() } else { format!("{}{}", self.text, self.unit) }
    }
}

/// A table as a grid of merged cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Short name (also the XLSX sheet name): 表二, 表三, 表四.
    pub name: &'static str,
    pub rows: usize,
    pub cols: usize,
    /// Column widths in millimetres (they add up to the A4 text width).
    pub widths: Vec<f64>,
    /// Leading rows that form the header (repeated on each printed page).
    pub header_rows: usize,
    pub cells: Vec<Cell>,
}

/// Text width of an A4 page with the margins of GB/T 9704 (210 − 28 − 26 mm).
pub const TEXT_WIDTH_MM: f64 = 156.0;

impl Grid {
    fn new(name: &'static str, widths: Vec<f64>, header_rows: usize) -> Grid {
        Grid { name, rows: 0, cols: widths.len(), widths, header_rows, cells: Vec::new() }
    }

    fn put(&mut self, row: usize, col: usize, rowspan: usize, colspan: usize, kind: CellKind, text: &str) {
        debug_assert!(col + colspan <= self.cols, "cell {text:?} overflows the grid");
        self.rows = self.rows.max(row + rowspan);
        let cell = Cell { row, col, rowspan, colspan, kind, text: text.to_string(), key: None, value: None, unit: "" };
        self.cells.push(cell);
    }

    fn value(&mut self, row: usize, col: usize, colspan: usize, report: &Report, key: &str, unit: &'static str) {
        let value = report.get(key);
        self.rows = self.rows.max(row + 1);
        self.cells.push(Cell {
            row,
            col,
            rowspan: 1,
            colspan,
            kind: CellKind::Value,
            text: value.map(|v| v.to_string()).unwrap_or_default(),
            key: Some(key.to_string()),
            value,
            unit,
        });
    }

    /// The cells anchored in each row, left to right (what an HTML `<tr>` holds).
    pub fn row_cells(&self) -> Vec<Vec<&Cell>> {
        let mut rows: Vec<Vec<&Cell>> = vec![Vec::new(); self.rows];
        for c in &self.cells {
            rows[c.row].push(c);
        }
        for r in &mut rows {
            r.sort_by_key(|c| c.col);
        }
        rows
    }

    /// The cell covering a position, and whether the position is its top-left corner.
    pub fn covering(&self, row: usize, col: usize) -> Option<(&Cell, bool)> {
        self.cells
            .iter()
            .find(|c| row >= c.row && row < c.row + c.rowspan && col >= c.col && col < c.col + c.colspan)
            .map(|c| (c, c.row == row && c.col == col))
    }

    /// The value cell of a key.
    pub fn cell_of(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.key.as_deref() == Some(key))
    }
}

/// The format a report is laid out in: its own when national, else by its year (2019 and
/// 2020 → 2019 format), else the 2021 format.
pub fn layout_format(report: &Report) -> Format {
    match report.format {
        Some(f @ (Format::National2021 | Format::National2019)) => f,
        _ => match report.year {
            Some(2019 | 2020) => Format::National2019,
            _ => Format::National2021,
        },
    }
}

/// The six section headings exactly as the format prints them (same in 2019 and 2021).
pub const HEADINGS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The note printed in the top-left block of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// One block of table 二: caption, column headers, rows of (label, keys). A header list
/// shorter than three makes its last header (and the values under it) span the rest.
struct T2Block {
    caption: &'static str,
    headers: &'static [&'static str],
    rows: &'static [(&'static str, &'static [&'static str])],
}

const T2_BLOCKS_2021: &[T2Block] = &[
    T2Block {
        caption: "第二十条第（一）项",
        headers: &["本年制发件数", "本年废止件数", "现行有效件数"],
        rows: &[
            ("规章", &["t2.rules.issued", "t2.rules.abolished", "t2.rules.in_force"]),
            ("行政规范性文件", &["t2.normative.issued", "t2.normative.abolished", "t2.normative.in_force"]),
        ],
    },
    T2Block {
        caption: "第二十条第（五）项",
        headers: &["本年处理决定数量"],
        rows: &[("行政许可", &["t2.licensing.decisions"])],
    },
    T2Block {
        caption: "第二十条第（六）项",
        headers: &["本年处理决定数量"],
        rows: &[("行政处罚", &["t2.penalty.decisions"]), ("行政强制", &["t2.coercion.decisions"])],
    },
    T2Block {
        caption: "第二十条第（八）项",
        headers: &["本年收费金额（单位：万元）"],
        rows: &[("行政事业性收费", &["t2.fees.amount_wan"])],
    },
];

const T2_BLOCKS_2019: &[T2Block] = &[
    T2Block {
        caption: "第二十条第（一）项",
        headers: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        rows: &[
            ("规章", &["t2.rules.new_made", "t2.rules.new_published", "t2.rules.published_total"]),
            ("规范性文件", &["t2.normative.new_made", "t2.normative.new_published", "t2.normative.published_total"]),
        ],
    },
    T2Block {
        caption: "第二十条第（五）项",
        headers: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &[
            ("行政许可", &["t2.licensing.prev_items", "t2.licensing.delta", "t2.licensing.decisions"]),
            (
                "其他对外管理服务事项",
                &["t2.other_services.prev_items", "t2.other_services.delta", "t2.other_services.decisions"],
            ),
        ],
    },
    T2Block {
        caption: "第二十条第（六）项",
        headers: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &[
            ("行政处罚", &["t2.penalty.prev_items", "t2.penalty.delta", "t2.penalty.decisions"]),
            ("行政强制", &["t2.coercion.prev_items", "t2.coercion.delta", "t2.coercion.decisions"]),
        ],
    },
    T2Block {
        caption: "第二十条第（八）项",
        headers: &["上一年项目数量", "本年增/减"],
        rows: &[("行政事业性收费", &["t2.fees.prev_items", "t2.fees.delta"])],
    },
    T2Block {
        caption: "第二十条第（九）项",
        headers: &["采购项目数量", "采购总金额"],
        rows: &[("政府集中采购", &["t2.procurement.items", "t2.procurement.amount"])],
    },
];

/// Table 二 主动公开政府信息情况: blocks of a caption row, a header row and data rows.
pub fn table2(report: &Report, format: Format) -> Grid {
    let mut g = Grid::new("表二", vec![48.0, 36.0, 36.0, 36.0], 0);
    let blocks = if format == Format::National2019 { T2_BLOCKS_2019 } else { T2_BLOCKS_2021 };
    let mut r = 0;
    for block in blocks {
        g.put(r, 0, 1, 4, CellKind::Caption, block.caption);
        r += 1;
        g.put(r, 0, 1, 1, CellKind::Header, "信息内容");
        let n = block.headers.len();
        for (i, h) in block.headers.iter().enumerate() {
            let span = if i + 1 == n { 4 - (i + 1) } else { 1 };
            g.put(r, 1 + i, 1, span, CellKind::Header, h);
        }
        r += 1;
        for (label, keys) in block.rows {
            g.put(r, 0, 1, 1, CellKind::Label, label);
            for (i, key) in keys.iter().enumerate() {
                let span = if i + 1 == n { 4 - (i + 1) } else { 1 };
                let wan = report.get("t2.procurement.amount_wan");
                if *key == "t2.procurement.amount" && wan.is_some() && report.get(key).is_none_or(|a| Some(a) == wan) {
                    // The amount was stated in 万元: print it with its unit (a reader of the
                    // page could not tell the unit otherwise).
                    g.value(r, 1 + i, span, report, "t2.procurement.amount_wan", "万元");
                } else {
                    g.value(r, 1 + i, span, report, key, "");
                }
            }
            r += 1;
        }
    }
    g
}

/// The groups of table 三 below "三、本年度办理结果": label and rows (a single row printed
/// across both label columns when the group has no items).
fn t3_groups(format: Format) -> Vec<(Option<&'static str>, Vec<T3Row>)> {
    use T3Row::*;
    let mut groups = vec![
        (None, vec![Granted]),
        (None, vec![Partial]),
        (
            Some("（三）不予公开"),
            vec![
                DeniedStateSecret,
                DeniedLawForbidden,
                DeniedThreeSafety,
                DeniedThirdParty,
                DeniedInternalAffairs,
                DeniedProcessInfo,
                DeniedEnforcementFile,
                DeniedAdminQuery,
            ],
        ),
        (Some("（四）无法提供"), vec![UnableNotHeld, UnableNeedsCreation, UnableUnclear]),
        (
            Some("（五）不予处理"),
            vec![
                NotProcessedPetition,
                NotProcessedDuplicate,
                NotProcessedPublication,
                NotProcessedMassive,
                NotProcessedConfirm,
            ],
        ),
    ];
    if format == Format::National2019 {
        groups.push((None, vec![Other]));
    } else {
        groups.push((Some("（六）其他处理"), vec![OtherNoCorrection, OtherNoFee, OtherOther]));
    }
    groups.push((None, vec![Total]));
    groups
}

/// Table 三 收到和处理政府信息公开申请情况: three header rows, three label columns, seven
/// numeric columns.
pub fn table3(report: &Report, format: Format) -> Grid {
    let mut w = vec![14.0, 16.0, 52.5];
    w.extend([10.5; 7]);
    let mut g = Grid::new("表三", w, 3);
    g.put(0, 0, 3, 3, CellKind::Note, T3_NOTE);
    g.put(0, 3, 1, 7, CellKind::Header, "申请人情况");
    g.put(1, 3, 2, 1, CellKind::Header, T3Col::Natural.label());
    g.put(1, 4, 1, 5, CellKind::Header, "法人或其他组织");
    g.put(1, 9, 2, 1, CellKind::Header, T3Col::Total.label());
    for (i, col) in T3Col::APPLICANTS[1..].iter().enumerate() {
        g.put(2, 4 + i, 1, 1, CellKind::Header, col.label());
    }
    let values = |g: &mut Grid, r: usize, row: T3Row| {
        for (i, col) in T3Col::ALL.iter().enumerate() {
            g.value(r, 3 + i, 1, report, &keys::t3(row, *col), "");
        }
    };
    let mut r = 3;
    for row in [T3Row::New, T3Row::CarriedIn] {
        g.put(r, 0, 1, 3, CellKind::Label, row.label());
        values(&mut g, r, row);
        r += 1;
    }
    let groups = t3_groups(format);
    let outcome_rows: usize = groups.iter().map(|(_, rows)| rows.len()).sum();
    g.put(r, 0, outcome_rows, 1, CellKind::Label, "三、本年度办理结果");
    for (label, rows) in groups {
        match label {
            Some(label) => {
                g.put(r, 1, rows.len(), 1, CellKind::Label, label);
                for row in rows {
                    g.put(r, 2, 1, 1, CellKind::Label, row.label());
                    values(&mut g, r, row);
                    r += 1;
                }
            }
            None => {
                for row in rows {
                    g.put(r, 1, 1, 2, CellKind::Label, row.label());
                    values(&mut g, r, row);
                    r += 1;
                }
            }
        }
    }
    g.put(r, 0, 1, 3, CellKind::Label, T3Row::CarriedOut.label());
    values(&mut g, r, T3Row::CarriedOut);
    g
}

/// Table 四 政府信息公开行政复议、行政诉讼情况: three header rows over fifteen figures.
pub fn table4(report: &Report) -> Grid {
    let mut g = Grid::new("表四", vec![TEXT_WIDTH_MM / 15.0; 15], 3);
    g.put(0, 0, 1, 5, CellKind::Header, "行政复议");
    g.put(0, 5, 1, 10, CellKind::Header, "行政诉讼");
    for (i, res) in T4Result::ALL.iter().enumerate() {
        g.put(1, i, 2, 1, CellKind::Header, res.label());
    }
    g.put(1, 5, 1, 5, CellKind::Header, "未经复议直接起诉");
    g.put(1, 10, 1, 5, CellKind::Header, "复议后起诉");
    for block in 0..2 {
        for (i, res) in T4Result::ALL.iter().enumerate() {
            g.put(2, 5 + block * 5 + i, 1, 1, CellKind::Header, res.label());
        }
    }
    for (gi, group) in T4Group::ALL.iter().enumerate() {
        for (i, res) in T4Result::ALL.iter().enumerate() {
            g.value(3, gi * 5 + i, 1, report, &keys::t4(*group, *res), "");
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every position of the grid is covered by exactly one cell.
    fn assert_tiled(g: &Grid) {
        for r in 0..g.rows {
            for c in 0..g.cols {
                let n = g
                    .cells
                    .iter()
                    .filter(|x| r >= x.row && r < x.row + x.rowspan && c >= x.col && c < x.col + x.colspan)
                    .count();
                assert_eq!(n, 1, "{} ({r},{c}) covered {n} times", g.name);
            }
        }
        let total: f64 = g.widths.iter().sum();
        assert!((total - TEXT_WIDTH_MM).abs() < 0.5, "{} widths add up to {total}", g.name);
    }

    #[test]
    fn grids_tile_without_gaps_or_overlaps() {
        let r = Report::default();
        for f in [Format::National2021, Format::National2019] {
            assert_tiled(&table2(&r, f));
            assert_tiled(&table3(&r, f));
        }
        assert_tiled(&table4(&r));
    }

    #[test]
    fn table3_has_the_rows_of_its_format() {
        let r = Report::default();
        assert_eq!(table3(&r, Format::National2021).rows, 3 + 25);
        assert_eq!(table3(&r, Format::National2019).rows, 3 + 23);
        let g = table3(&r, Format::National2021);
        let group = g.cells.iter().find(|c| c.text == "三、本年度办理结果").unwrap();
        assert_eq!(group.rowspan, 22);
        let g = table3(&r, Format::National2019);
        let group = g.cells.iter().find(|c| c.text == "三、本年度办理结果").unwrap();
        assert_eq!(group.rowspan, 20);
        assert_eq!(g.cells.iter().filter(|c| c.kind == CellKind::Value).count(), 23 * 7);
    }

    #[test]
    fn table2_has_ten_cells_in_2021_and_twenty_two_in_2019() {
        let r = Report::default();
        let count = |g: Grid| g.cells.iter().filter(|c| c.kind == CellKind::Value).count();
        assert_eq!(count(table2(&r, Format::National2021)), 10);
        assert_eq!(count(table2(&r, Format::National2019)), 22);
        assert_eq!(count(table4(&r)), 15);
    }

    #[test]
    fn absent_values_stay_blank_and_zeros_print() {
        let mut r = Report::default();
        r.values.insert("t4.review.total".into(), Figure::Count(0));
        let g = table4(&r);
        assert_eq!(g.cell_of("t4.review.total").unwrap().text, "0");
        assert_eq!(g.cell_of("t4.review.upheld").unwrap().text, "");
    }

    #[test]
    fn layout_format_falls_back_on_the_year() {
        let mut r = Report { year: Some(2020), ..Report::default() };
        assert_eq!(layout_format(&r), Format::National2019);
        r.format = Some(Format::LegacyStats);
        r.year = Some(2017);
        assert_eq!(layout_format(&r), Format::National2021);
    }
}
