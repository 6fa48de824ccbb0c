//! Renders the demo report (HTML, DOCX, XLSX) and demo reply letters into a folder and, with
//! `--images DIR`, converts the DOCX/XLSX to PDF with LibreOffice and the first pages to PNG
//! with pdftoppm (the page images of docs/images/).
//!
//! cargo run -p gongkai-render --example render_sample -- /tmp/gongkai-sample --images docs/images

use std::path::{Path, PathBuf};
use std::process::Command;

use gongkai_core::case::{DenialReason, Outcome};
use gongkai_render::{draft_narrative, letter_docx, letter_html, report_docx, report_html, report_xlsx, sample};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut out = PathBuf::from("/tmp/gongkai-render-sample");
    let mut images: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--images" => images = Some(PathBuf::from(args.next().ok_or("--images needs a folder")?)),
            _ => out = PathBuf::from(a),
        }
    }
    std::fs::create_dir_all(&out)?;
    let report = sample::report(2024);
    let narrative = draft_narrative(&report);
    std::fs::write(out.join("report.html"), report_html(&report, &narrative))?;
    std::fs::write(out.join("report.docx"), report_docx(&report, &narrative))?;
    std::fs::write(out.join("report.xlsx"), report_xlsx(&report, &narrative))?;
    let report19 = sample::report(2020);
    std::fs::write(out.join("report-2019-format.html"), report_html(&report19, &draft_narrative(&report19)))?;
    for (name, outcome) in sample::outcome_families() {
        let input = sample::letter_input(outcome);
        std::fs::write(out.join(format!("letter-{name}.html")), letter_html(&input))?;
        std::fs::write(out.join(format!("letter-{name}.docx")), letter_docx(&input))?;
    }
    let denied = sample::letter_input(Outcome::Denied(DenialReason::ThirdParty));
    std::fs::write(out.join("letter.docx"), letter_docx(&denied))?;
    println!("wrote {}", out.display());

    if let Some(dir) = images {
        std::fs::create_dir_all(&dir)?;
        for (file, png, pages) in
            [("report.docx", "report-docx", 3), ("report.xlsx", "report-xlsx", 2), ("letter.docx", "letter", 1)]
        {
            to_png(&out, file, &dir, png, pages)?;
        }
    }
    Ok(())
}

/// `libreoffice --headless --convert-to pdf`, then `pdftoppm -png -r 60` of the first `pages`.
fn to_png(out: &Path, file: &str, dir: &Path, png: &str, pages: u32) -> Result<(), Box<dyn std::error::Error>> {
    let status = Command::new("libreoffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(out.join(file))
        .status()?;
    if !status.success() {
        return Err(format!("libreoffice failed on {file}").into());
    }
    let pdf = out.join(file).with_extension("pdf");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", &pages.to_string()])
        .arg(&pdf)
        .arg(out.join(png))
        .status()?;
    if !status.success() {
        return Err(format!("pdftoppm failed on {}", pdf.display()).into());
    }
    // pdftoppm names pages NAME-1.png (or NAME-01.png); keep them as NAME-p1.png.
    for entry in std::fs::read_dir(out)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let Some(page) = name.strip_prefix(&format!("{png}-")).and_then(|r| r.strip_suffix(".png")) else { continue };
        let Ok(n) = page.parse::<u32>() else { continue };
        std::fs::rename(&path, dir.join(format!("{png}-p{n}.png")))?;
    }
    println!("page images of {file} in {}", dir.display());
    Ok(())
}
