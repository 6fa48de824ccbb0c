//! PDF redaction speed (issue 16): a 100-page text PDF (printed by LibreOffice from a generated
//! DOCX, personal data on every page), redacted 10 times; baseline of the same run: reading the
//! same PDF's text with this crate's reader (what any look at every glyph costs). LibreOffice
//! (`soffice`) makes the file.
//!
//! Run: `cargo bench -p gongkai-extract --bench redact_pdf`

use std::process::Command;
use std::time::{Duration, Instant};

use gongkai_extract::input::pdf_redact::{pdf_text, redact_pdf};

fn hundred_pages(dir: &std::path::Path) -> Vec<u8> {
    use docx_rs::*;
    let mut doc = Docx::new();
    for page in 0..100 {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(format!("第{}部分 项目资金安排情况", page + 1))),
        );
        for line in 0..22 {
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
                "第{page}批第{line}项老旧小区改造项目经办人欧阳晓明，联系电话13812345678，项目总投资3200万元。"
            ))));
        }
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }
    let input = dir.join("bench.docx");
    let mut out = std::fs::File::create(&input).unwrap();
    doc.build().pack(&mut out).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&input)
        .status()
        .expect("LibreOffice (soffice) makes the bench file");
    assert!(status.success());
    std::fs::read(dir.join("bench.pdf")).unwrap()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
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

fn main() {
    let dir = std::env::temp_dir().join(format!("gongkai-bench-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = hundred_pages(&dir);
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    let withhold: Vec<String> = ["欧阳晓明", "13812345678"].map(String::from).to_vec();
    let mut withheld = 0;
    let (p50, max) = timed(10, || withheld = redact_pdf(&pdf, &withhold).unwrap().withheld);
    let (b50, bmax) = timed(10, || {
        pdf_text(&pdf).unwrap();
    });
    println!(
        "PDF, {pages} pages ({} KB, {withheld} places withheld): redact p50 {} max {} | baseline read p50 {} max {}",
        pdf.len() / 1024,
        ms(p50),
        ms(max),
        ms(b50),
        ms(bmax)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
