//! What people read, checked from the outside: golden HTML of the demo report and of one
//! letter per outcome family, every table 三 cell at its row and column in the HTML, and the
//! DOCX and XLSX read back (merged cells, figures as numbers, blanks left blank).
//!
//! Golden files live in tests/golden/; `GONGKAI_UPDATE_GOLDEN=1 cargo test -p gongkai-render`
//! rewrites them after a deliberate change.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use gongkai_core::case::Outcome;
use gongkai_core::keys::{self, T3Col, T3Row, T4Group, T4Result};
use gongkai_core::{Figure, Format, Narrative, Report};
use gongkai_render::layout::{HEADINGS, T3_NOTE};
use gongkai_render::{
    DRAFT_MARK, draft_narrative, letter, letter_docx, letter_html, report_docx, report_html, report_xlsx, sample,
};
use scraper::{ElementRef, Html, Selector};

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("GONGKAI_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing: run with GONGKAI_UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  now:    {:?}\n\
             (GONGKAI_UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn report_html_matches_the_golden_files() {
    for (year, name) in [(2024, "report-2021-format.html"), (2020, "report-2019-format.html")] {
        let r = sample::report(year);
        golden(name, &report_html(&r, &draft_narrative(&r)));
    }
}

#[test]
fn letter_html_matches_the_golden_files() {
    for (name, outcome) in sample::outcome_families() {
        golden(&format!("letter-{name}.html"), &letter_html(&sample::letter_input(outcome)));
    }
}

/// A table read back from HTML: every grid position holds the index of the cell covering it.
struct HtmlGrid {
    cells: Vec<(String, Option<String>)>,
    at: Vec<Vec<Option<usize>>>,
    anchors: BTreeMap<String, (usize, usize)>,
}

impl HtmlGrid {
    fn read(table: ElementRef) -> HtmlGrid {
        let tr = Selector::parse("tr").unwrap();
        let cell = Selector::parse("th, td").unwrap();
        let mut g = HtmlGrid { cells: Vec::new(), at: Vec::new(), anchors: BTreeMap::new() };
        for (r, row) in table.select(&tr).enumerate() {
            let mut c = 0;
            for el in row.select(&cell) {
                let span = |a: &str| el.value().attr(a).map_or(1, |v| v.parse::<usize>().unwrap());
                let (rs, cs) = (span("rowspan"), span("colspan"));
                while g.get(r, c).is_some() {
                    c += 1;
                }
                let idx = g.cells.len();
                let key = el.value().attr("data-key").map(str::to_string);
                if let Some(k) = &key {
                    assert!(g.anchors.insert(k.clone(), (r, c)).is_none(), "{k} printed twice");
                }
                g.cells.push((el.text().collect::<String>(), key));
                for rr in r..r + rs {
                    for cc in c..c + cs {
                        if g.at.len() <= rr {
                            g.at.resize(rr + 1, Vec::new());
                        }
                        if g.at[rr].len() <= cc {
                            g.at[rr].resize(cc + 1, None);
                        }
                        assert!(g.at[rr][cc].is_none(), "overlapping cells at ({rr},{cc})");
                        g.at[rr][cc] = Some(idx);
                    }
                }
                c += cs;
            }
        }
        g
    }
    fn get(&self, r: usize, c: usize) -> Option<usize> {
        self.at.get(r).and_then(|row| row.get(c)).copied().flatten()
    }
    fn text(&self, r: usize, c: usize) -> &str {
        self.get(r, c).map_or("", |i| self.cells[i].0.as_str())
    }
}

fn html_tables(html: &str) -> BTreeMap<String, HtmlGrid> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("table").unwrap();
    doc.select(&sel).map(|t| (t.value().attr("class").unwrap_or("").to_string(), HtmlGrid::read(t))).collect()
}

/// Every cell of table 三 sits under its column header, beside its row label, inside its group.
#[test]
fn every_table3_cell_is_at_its_row_and_column_in_the_html() {
    for year in [2024, 2020] {
        let r = sample::report(year);
        let format = r.format.unwrap();
        let tables = html_tables(&report_html(&r, &draft_narrative(&r)));
        let g = &tables["t3"];
        assert_eq!(g.text(0, 0), T3_NOTE);
        assert_eq!(g.text(0, 3), "申请人情况");
        assert_eq!(g.text(1, 4), "法人或其他组织");
        let rows: &[T3Row] = if format == Format::National2019 { &T3Row::NATIONAL_2019 } else { &T3Row::NATIONAL_2021 };
        assert_eq!(g.at.len(), 3 + rows.len());
        for &row in rows {
            for (i, col) in T3Col::ALL.iter().enumerate() {
                let key = keys::t3(row, *col);
                let (rr, cc) = g.anchors[&key];
                assert_eq!(cc, 3 + i, "{key}");
                assert_eq!(g.text(rr, 2), row.label(), "{key}: row label");
                assert_eq!(g.text(2, cc), col.label(), "{key}: column header");
                let expected = r.get(&key).map(|v| v.to_string()).unwrap_or_default();
                assert_eq!(g.text(rr, cc), expected, "{key}: value");
                let group = match key.split('.').nth(1).unwrap() {
                    "denied" => "（三）不予公开",
                    "unable" => "（四）无法提供",
                    "not_processed" => "（五）不予处理",
                    "other" if format == Format::National2021 => "（六）其他处理",
                    _ => row.label(),
                };
                assert_eq!(g.text(rr, 1), group, "{key}: group");
                let outcome = !matches!(row, T3Row::New | T3Row::CarriedIn | T3Row::CarriedOut);
                assert_eq!(g.text(rr, 0) == "三、本年度办理结果", outcome, "{key}");
            }
        }
        let g = &tables["t4"];
        for (gi, group) in T4Group::ALL.iter().enumerate() {
            for (i, res) in T4Result::ALL.iter().enumerate() {
                let key = keys::t4(*group, *res);
                let (rr, cc) = g.anchors[&key];
                assert_eq!((rr, cc), (3, gi * 5 + i), "{key}");
                assert_eq!(g.text(2, cc), res.label(), "{key}");
                assert_eq!(g.text(0, cc), if gi == 0 { "行政复议" } else { "行政诉讼" });
            }
        }
    }
}

#[test]
fn report_html_is_self_contained_with_the_headings_of_the_format() {
    let r = sample::report(2024);
    let html = report_html(&r, &draft_narrative(&r));
    for forbidden in ["<link", "<script", "src=", "url(", "@import"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    let doc = Html::parse_document(&html);
    let h2: Vec<String> = doc.select(&Selector::parse("h2").unwrap()).map(|e| e.text().collect()).collect();
    assert_eq!(h2, HEADINGS);
    assert!(html.contains("<h1>示例市示例局2024年政府信息公开工作年度报告</h1>"));
    assert!(html.contains("本年度依据《政府信息公开信息处理费管理办法》收取信息处理费的申请2件，收取金额800元。"));
    assert!(html.contains(&format!("<p class=\"draft\">{DRAFT_MARK}")));
}

/// A report with few figures prints blanks, never zeros, for the rest.
fn sparse_report() -> Report {
    let mut r = Report {
        agency: Some("示例局".into()),
        year: Some(2023),
        format: Some(Format::National2021),
        ..Report::default()
    };
    r.values.insert(keys::t3(T3Row::New, T3Col::Natural), Figure::Count(7));
    r.values.insert(keys::t4(T4Group::Review, T4Result::Total), Figure::Count(0));
    r.values.insert("t2.fees.amount_wan".into(), Figure::Amount(1.5));
    r
}

#[test]
fn absent_values_print_as_blank_cells() {
    let r = sparse_report();
    let tables = html_tables(&report_html(&r, &draft_narrative(&r)));
    let (rr, cc) = tables["t3"].anchors["t3.new.natural"];
    assert_eq!(tables["t3"].text(rr, cc), "7");
    let (rr, cc) = tables["t3"].anchors["t3.new.total"];
    assert_eq!(tables["t3"].text(rr, cc), "");
    let (rr, cc) = tables["t4"].anchors["t4.review.total"];
    assert_eq!(tables["t4"].text(rr, cc), "0");
    let (rr, cc) = tables["t2"].anchors["t2.fees.amount_wan"];
    assert_eq!(tables["t2"].text(rr, cc), "1.5");
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap_or_else(|_| panic!("{name} missing")).read_to_string(&mut s).unwrap();
    s
}

/// Table cells read back from a DOCX, expanded to the grid: (text, is anchor).
fn docx_tables(bytes: &[u8]) -> Vec<Vec<Vec<(String, bool)>>> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).expect("the DOCX reads back");
    let mut tables = Vec::new();
    for child in &doc.document.children {
        let DocumentChild::Table(t) = child else { continue };
        let mut grid: Vec<Vec<(String, bool)>> = Vec::new();
        for row in &t.rows {
            let TableChild::TableRow(row) = row;
            let mut out = Vec::new();
            for cell in &row.cells {
                let TableRowChild::TableCell(cell) = cell;
                let prop = serde_json::to_value(&cell.property).unwrap();
                let span = prop["gridSpan"].as_u64().unwrap_or(1) as usize;
                let text: String = cell
                    .children
                    .iter()
                    .filter_map(|c| match c {
                        TableCellContent::Paragraph(p) => Some(p.raw_text()),
                        _ => None,
                    })
                    .collect();
                let continued = prop["verticalMerge"] == "continue";
                let c0 = out.len();
                for i in 0..span {
                    if continued {
                        let above: &Vec<(String, bool)> = grid.last().expect("a row above a vMerge continue");
                        out.push((above[c0 + i].0.clone(), false));
                    } else {
                        out.push((text.clone(), i == 0));
                    }
                }
            }
            grid.push(out);
        }
        tables.push(grid);
    }
    tables
}

#[test]
fn report_docx_reads_back_with_merged_cells_in_place() {
    let r = sample::report(2024);
    let bytes = report_docx(&r, &draft_narrative(&r));
    let tables = docx_tables(&bytes);
    assert_eq!(tables.len(), 3);
    let t3 = &tables[1];
    assert_eq!(t3.len(), 28);
    assert!(t3.iter().all(|row| row.len() == 10), "every row fills the 10 grid columns");
    assert_eq!(t3[0][0], (T3_NOTE.to_string(), true));
    assert_eq!(t3[2][0].0, T3_NOTE, "the note block spans three header rows");
    assert_eq!(t3[2][3].0, "自然人");
    assert_eq!(t3[2][4].0, "商业企业");
    assert_eq!(t3[1][8].0, "法人或其他组织");
    for (i, row) in T3Row::NATIONAL_2021.iter().enumerate() {
        assert_eq!(t3[3 + i][2].0, row.label());
        for (j, col) in T3Col::ALL.iter().enumerate() {
            let v = r.get(&keys::t3(*row, *col)).map(|v| v.to_string()).unwrap_or_default();
            assert_eq!(t3[3 + i][3 + j], (v, true), "{row:?} {col:?}");
        }
    }
    assert_eq!(t3[27][0].0, "四、结转下年度继续办理");
    assert_eq!(t3[24][0].0, "三、本年度办理结果");
    assert!(!t3[24][0].1, "the group cell continues down");
    let t4 = &tables[2];
    assert_eq!(t4[0][7].0, "行政诉讼");
    assert_eq!(t4[2][0].0, "结果维持");
    assert_eq!(t4[3][4].0, r.get("t4.review.total").unwrap().to_string());
    let doc = zip_part(&bytes, "word/document.xml");
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""), "A4");
    assert!(doc.contains("w:eastAsia=\"仿宋_GB2312\"") && doc.contains("w:eastAsia=\"方正小标宋简体\""));
    assert_eq!(doc.matches("<w:tblHeader />").count(), 6, "header rows of tables 三 and 四 repeat");
    let fonts = zip_part(&bytes, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>"#));
}

#[test]
fn report_xlsx_has_one_sheet_per_table_with_numbers_and_merges() {
    let r = sample::report(2024);
    let bytes = report_xlsx(&r, &draft_narrative(&r));
    let wb = zip_part(&bytes, "xl/workbook.xml");
    for (i, name) in ["表二", "表三", "表四"].iter().enumerate() {
        assert!(wb.contains(&format!("<sheet name=\"{name}\" sheetId=\"{}\"", i + 1)), "{name}");
    }
    let t3 = zip_part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(!t3.contains("<f>"), "no formulas: figures are written as numbers");
    assert!(t3.contains(r#"<mergeCell ref="A3:C5"/>"#), "the note block");
    assert!(t3.contains(r#"<mergeCell ref="D3:J3"/>"#), "申请人情况");
    assert!(t3.contains(r#"<mergeCell ref="E4:I4"/>"#), "法人或其他组织");
    assert!(t3.contains(r#"<mergeCell ref="A8:A29"/>"#), "三、本年度办理结果 over 22 rows");
    // Row 一 is the sheet's row 6 (title, heading, three header rows before it).
    let natural = r.get("t3.new.natural").unwrap().to_string();
    let cell = t3.split("<c r=\"D6\"").nth(1).expect("cell D6").split("</c>").next().unwrap();
    assert!(cell.contains(&format!("<v>{natural}</v>")) && !cell.contains("t=\"s\""), "D6 is the number {natural}");
    let strings = zip_part(&bytes, "xl/sharedStrings.xml");
    assert!(strings.contains(T3_NOTE));
    assert!(strings.contains("5.要求行政机关确认或重新出具已获取信息"));

    let bytes = report_xlsx(&sparse_report(), &draft_narrative(&Report::default()));
    let t3 = zip_part(&bytes, "xl/worksheets/sheet2.xml");
    let cell = t3.split("<c r=\"J6\"").nth(1).expect("cell J6").split("/>").next().unwrap();
    assert!(!cell.contains("<v>"), "an absent total stays blank");
    let t2 = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(t2.contains("<v>1.5</v>"));
}

#[test]
fn letters_render_for_every_outcome() {
    for outcome in Outcome::all() {
        let input = sample::letter_input(outcome);
        let html = letter_html(&input);
        let title = letter::title(outcome);
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{outcome:?}");
        if !outcome.article().is_empty() {
            assert!(html.contains(outcome.article()), "{outcome:?}");
        }
        let bytes = letter_docx(&input);
        let doc = docx_rs::read_docx(&bytes).expect("the letter DOCX reads back");
        let text: Vec<String> = doc
            .document
            .children
            .iter()
            .filter_map(|c| match c {
                docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
                _ => None,
            })
            .collect();
        assert_eq!(text[0], title, "{outcome:?}");
        assert!(text.iter().any(|t| t.contains("六十日内") && t.contains("六个月内")), "{outcome:?}");
        assert_eq!(text.last().unwrap(), "2025年3月28日");
    }
}

#[test]
fn text_from_people_is_escaped_in_html() {
    let r = sparse_report();
    let narrative = Narrative { problems: "<script>alert(1)</script> & 其他".into(), ..draft_narrative(&r) };
    let html = report_html(&r, &narrative);
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; 其他"));
    assert!(!html.contains("<script>"));
    let mut input = sample::letter_input(Outcome::Partial);
    input.applicant = "<b>张某</b>".into();
    assert!(letter_html(&input).contains("&#60;b&#62;张某&#60;/b&#62;："));
}
