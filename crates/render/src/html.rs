//! HTML output: the report and the letters as self-contained, printable A4 pages (inline CSS,
//! Chinese fonts through a CSS font stack only, no external assets).

use askama::Template;
use gongkai_core::Report;

use crate::layout::{CellKind, Grid};
use crate::letter::{self, LetterInput, LetterParaKind};
use crate::narrative::{self, Para, ParaKind};
use gongkai_core::Narrative;

/// A paragraph as the templates print it.
struct HtmlPara {
    tag: &'static str,
    class: &'static str,
    text: String,
}

impl HtmlPara {
    fn from_para(p: &Para) -> HtmlPara {
        let (tag, class) = match (p.kind, p.is_draft()) {
            (ParaKind::Subheading, false) => ("h3", ""),
            (ParaKind::Subheading, true) => ("h3", "draft"),
            (ParaKind::Body, false) => ("p", ""),
            (ParaKind::Body, true) => ("p", "draft"),
        };
        HtmlPara { tag, class, text: p.text.clone() }
    }
}

/// A table cell as the templates print it.
struct HtmlCell {
    tag: &'static str,
    class: &'static str,
    rowspan: usize,
    colspan: usize,
    key: Option<String>,
    text: String,
}

struct HtmlTable {
    class: &'static str,
    /// Column widths in percent of the table width.
    widths: Vec<String>,
    head: Vec<Vec<HtmlCell>>,
    body: Vec<Vec<HtmlCell>>,
}

impl HtmlTable {
    fn from_grid(g: &Grid) -> HtmlTable {
        let total: f64 = g.widths.iter().sum();
        let widths = g.widths.iter().map(|w| format!("{:.2}", w / total * 100.0)).collect();
        let mut head = Vec::new();
        let mut body = Vec::new();
        for (r, cells) in g.row_cells().into_iter().enumerate() {
            let row: Vec<HtmlCell> = cells
                .into_iter()
                .map(|c| {
                    let (tag, class) = match c.kind {
                        CellKind::Caption => ("th", "caption"),
                        CellKind::Header => ("th", ""),
                        CellKind::Note => ("td", "note"),
                        CellKind::Label if c.rowspan > 1 => ("td", "group"),
                        CellKind::Label if g.name == "表二" => ("td", ""),
                        CellKind::Label => ("td", "label"),
                        CellKind::Value => ("td", "num"),
                    };
                    HtmlCell {
                        tag,
                        class,
                        rowspan: c.rowspan,
                        colspan: c.colspan,
                        key: c.key.clone(),
                        text: c.display(),
                    }
                })
                .collect();
            if r < g.header_rows { head.push(row) } else { body.push(row) }
        }
        let class = match g.name {
            "表二" => "t2",
            "表三" => "t3",
            _ => "t4",
        };
        HtmlTable { class, widths, head, body }
    }
}

struct HtmlSection {
    heading: &'static str,
    paras: Vec<HtmlPara>,
    table: Option<HtmlTable>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    title: String,
    preamble: Vec<HtmlPara>,
    sections: Vec<HtmlSection>,
}

#[derive(Template)]
#[template(path = "letter.html")]
struct LetterPage {
    title: &'static str,
    number: String,
    salutation: String,
    body: Vec<HtmlPara>,
    closing: &'static str,
    signature: String,
    date: String,
}

/// The annual report as one self-contained HTML page.
pub fn report_html(report: &Report, narrative: &Narrative) -> String {
    let doc = narrative::report_doc(report, narrative);
    let page = ReportPage {
        title: doc.title,
        preamble: doc.preamble.iter().map(HtmlPara::from_para).collect(),
        sections: doc
            .sections
            .iter()
            .map(|s| HtmlSection {
                heading: s.heading,
                paras: s.paras.iter().map(HtmlPara::from_para).collect(),
                table: s.table.as_ref().map(HtmlTable::from_grid),
            })
            .collect(),
    };
    page.render().expect("the report template renders: no fallible filters")
}

/// A reply letter as one self-contained HTML page.
pub fn letter_html(input: &LetterInput) -> String {
    document_html(&letter::letter(input))
}

/// A letter or notice as one self-contained HTML page.
pub fn document_html(l: &letter::Letter) -> String {
    let l = l.clone();
    let body = l
        .body
        .iter()
        .map(|p| {
            let class = match (p.kind, p.is_draft()) {
                (LetterParaKind::Item, _) => "item",
                (LetterParaKind::Body, true) => "draft",
                (LetterParaKind::Body, false) => "",
            };
            HtmlPara { tag: "p", class, text: p.text.clone() }
        })
        .collect();
    let page = LetterPage {
        title: l.title,
        number: l.number,
        salutation: l.salutation,
        body,
        closing: l.closing,
        signature: l.signature,
        date: l.date,
    };
    page.render().expect("the letter template renders: no fallible filters")
}
