//! Redaction speed (issue 16): the redacted copy of a 50-page DOCX and of a 10-sheet XLSX with
//! personal data planted on every page, and, as the baseline of the same run, unpacking and
//! repacking the same package unchanged (what any rewrite of the file costs).
//!
//! Run: `cargo bench -p gongkai-render --bench redact`

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use gongkai_render::redact::{redact_docx, redact_xlsx};

/// About 50 printed pages: 50 × (a heading, 18 paragraphs of ~80 characters, a table of 5 rows).
fn fifty_pages() -> Vec<u8> {
    use docx_rs::*;
    let mut doc = Docx::new();
    for page in 0..50 {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(format!("第{}部分 项目资金安排情况", page + 1)).bold()),
        );
        for line in 0..18 {
            let text = format!(
                "根据有关规定，现将第{page}批第{line}项老旧小区改造项目的资金安排情况说明如下，经办人欧阳晓明，联系电话1381234{:04}，\
                 身份证号11010519491231002X，项目总投资3200万元。",
                page * 18 + line
            );
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
        }
        let rows = (0..5)
            .map(|r| {
                TableRow::new(vec![
                    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("联系人{r}")))),
                    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text("13912345678"))),
                ])
            })
            .collect();
        doc = doc.add_table(Table::new(rows));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

fn ten_sheets() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for s in 0..10 {
        let sheet = book.add_worksheet();
        sheet.set_name(format!("名单{s}")).unwrap();
        for r in 0..500u32 {
            sheet.write_string(r, 0, format!("欧阳晓明{r}")).unwrap();
            sheet.write_string(r, 1, "11010519491231002X").unwrap();
            sheet.write_number(r, 2, 13812345678.0).unwrap();
            sheet.write_string(r, 3, "老旧小区改造项目").unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Unpacks and repacks every part unchanged.
fn repack(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).unwrap();
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn timed(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    (t[runs / 2], t[runs - 1])
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let withhold: Vec<String> = ["11010519491231002X", "13912345678", "欧阳晓明"].map(String::from).to_vec();
    let docx = fifty_pages();
    let xlsx = ten_sheets();
    let mut withheld = 0;
    let (p50, max) = timed(20, || withheld = redact_docx(&docx, &withhold).unwrap().withheld);
    let (b50, bmax) = timed(20, || {
        repack(&docx);
    });
    println!(
        "DOCX, 50 pages ({} KB, {withheld} places withheld): redact p50 {} max {} | baseline repack p50 {} max {}",
        docx.len() / 1024,
        ms(p50),
        ms(max),
        ms(b50),
        ms(bmax)
    );
    let (p50, max) = timed(20, || withheld = redact_xlsx(&xlsx, &withhold).unwrap().withheld);
    let (b50, bmax) = timed(20, || {
        repack(&xlsx);
    });
    println!(
        "XLSX, 10 sheets × 500 rows ({} KB, {withheld} places withheld): redact p50 {} max {} | baseline repack p50 {} max {}",
        xlsx.len() / 1024,
        ms(p50),
        ms(max),
        ms(b50),
        ms(bmax)
    );
}
