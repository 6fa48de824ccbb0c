//! Reports as gongkai renders them (HTML and DOCX of `gongkai-render`) read back: every labelled
//! national report of both sets, its hand label rendered and read, must come back value for value;
//! and the same renderings printed to PDF by an office suite (`tests/printed/`).

use std::path::{Path, PathBuf};

use gongkai_core::Report;
use gongkai_extract::{Extractor, InputKind};

fn label_dirs() -> [PathBuf; 3] {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    [shared.join("seeds"), shared.join("corpus"), Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")]
}

fn labels() -> Vec<(PathBuf, Report)> {
    let mut out = Vec::new();
    for dir in label_dirs() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("labels expected at {}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        for p in names {
            let Ok(report) = Report::from_json(&std::fs::read_to_string(&p).unwrap()) else { continue };
            if report.format.is_some_and(|f| f.is_national()) && !report.values.is_empty() {
                out.push((p, report));
            }
        }
    }
    out
}

/// The label's keys the renderer prints: keys of the other era's rows (a 2019 report printing the
/// 2021 其他处理 rows) have no cell in the layout of the report's format.
fn printed_keys(label: &Report) -> impl Fn(&str) -> bool {
    let format = gongkai_render::layout::layout_format(label);
    let grids = [
        gongkai_render::layout::table2(label, format),
        gongkai_render::layout::table3(label, format),
        gongkai_render::layout::table4(label),
    ];
    move |key: &str| !key.starts_with('t') || grids.iter().any(|g| g.cell_of(key).is_some())
}

/// Labelled keys `read` lost, and keys it read with another value.
fn compare(path: &Path, label: &Report, read: &Report, missed: &mut Vec<String>, wrong: &mut Vec<String>) -> usize {
    let printed = printed_keys(label);
    let mut keys = 0;
    for (key, value) in label.values.iter().filter(|(k, _)| printed(k)) {
        keys += 1;
        match read.values.get(key) {
            None => missed.push(format!("{} {key}", path.display())),
            Some(v) if (v.as_f64() - value.as_f64()).abs() > 1e-9 => {
                wrong.push(format!("{} {key}: {} for {}", path.display(), v.as_f64(), value.as_f64()))
            }
            Some(_) => {}
        }
    }
    keys
}

/// With `GONGKAI_RENDERED_OUT=DIR`, the rendered files are also written there (to print them
/// with LibreOffice and measure the PDF reader over every label, as `tests/printed/README.md`
/// describes).
#[test]
fn rendered_reports_read_back_as_labelled() {
    let extractor = Extractor::new();
    let reports = labels();
    assert!(reports.len() > 300, "{} national labels", reports.len());
    for (kind, name) in [(InputKind::Html, "HTML"), (InputKind::Docx, "DOCX")] {
        let (mut keys, mut missed, mut wrong) = (0usize, Vec::new(), Vec::new());
        for (path, label) in &reports {
            let narrative = gongkai_render::draft_narrative(label);
            let bytes = match kind {
                InputKind::Html => gongkai_render::report_html(label, &narrative).into_bytes(),
                _ => gongkai_render::report_docx(label, &narrative),
            };
            if let Ok(dir) = std::env::var("GONGKAI_RENDERED_OUT") {
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("report");
                let ext = if kind == InputKind::Html { "html" } else { "docx" };
                std::fs::write(Path::new(&dir).join(format!("{stem}.{ext}")), &bytes).expect("writable folder");
            }
            let read = extractor.extract_bytes(kind, &bytes).expect("a rendered report reads");
            keys += compare(path, label, &read, &mut missed, &mut wrong);
        }
        eprintln!("{name}: {keys} keys, {} missed, {} wrong", missed.len(), wrong.len());
        for m in missed.iter().chain(&wrong).take(40) {
            eprintln!("  {m}");
        }
        assert!(missed.is_empty() && wrong.is_empty(), "{name}: {} missed, {} wrong", missed.len(), wrong.len());
    }
}

/// Rendered reports printed to PDF by LibreOffice and Chromium, and a PDF's text laid out by
/// pdftotext (`tests/printed/README.md`): tables whose
/// headers and row labels wrap in narrow columns, blank cells in table 二, figures on a line of
/// their own beside a wrapped label. Read by the positions of the text, every labelled value
/// comes back; and the renderings saved by LibreOffice as Word 97–2003 documents (`.doc`).
#[test]
fn printed_reports_read_back_as_labelled() {
    let extractor = Extractor::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/printed");
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/printed")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                ["pdf", "txt", "html", "doc", "mht", "mhtml", "xlsx", "xls", "ods", "ofd"].iter().any(|x| e == *x)
            })
        })
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 30);
    let (mut keys, mut missed, mut wrong) = (0usize, Vec::new(), Vec::new());
    for pdf in &pdfs {
        // (b27.web.pdf, 015.chromium.pdf, o06.layout.txt: the label's report printed or
        // copied another way.)
        let name = pdf.file_name().and_then(|s| s.to_str()).expect("a name");
        let stem = name.split('.').next().unwrap_or(name);
        let label = label_dirs()
            .iter()
            .map(|d| d.join(format!("{stem}.json")))
            .find(|p| p.exists())
            .map(|p| Report::from_json(&std::fs::read_to_string(p).expect("label")).expect("a label"))
            .unwrap_or_else(|| panic!("no label for {stem}"));
        let read = extractor.extract_path(pdf).expect("a printed report reads");
        keys += compare(pdf, &label, &read, &mut missed, &mut wrong);
    }
    eprintln!("printed: {keys} keys, {} missed, {} wrong", missed.len(), wrong.len());
    assert!(missed.is_empty() && wrong.is_empty(), "missed {missed:?}, wrong {wrong:?}");
}
