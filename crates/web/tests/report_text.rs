//! What filing checks in a report's text, on real published reports (`../shared` and the
//! reader's development corpus): 内容雷同 is found between the copies of one report (the same
//! 2019 report as HTML, DOCX and PDF) and between reports whose text was carried over from year
//! to year, and between no other two; completeness names only sections whose headings the text
//! really lacks (checked by reading those files).

use std::path::PathBuf;

use gongkai_core::Rule;
use gongkai_core::supervise::trend::copied;
use gongkai_web::supervision::{ReadDocument, read_document};

fn documents() -> Vec<(String, ReadDocument)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dirs =
        [root.join("../../../shared/seeds"), root.join("../../../shared/corpus"), root.join("../extract/tests/corpus")];
    let extractor = gongkai_extract::Extractor::new();
    let mut out = Vec::new();
    for dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "tsv")))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let read = read_document(&extractor, &name, &std::fs::read(&p).unwrap()).unwrap();
            out.push((name, read));
        }
    }
    out
}

#[test]
fn copies_are_found_among_real_reports_and_nothing_else() {
    let docs = documents();
    assert!(docs.len() >= 110, "{} documents", docs.len());
    let mut alike = Vec::new();
    for (i, (a, ra)) in docs.iter().enumerate() {
        for (b, rb) in &docs[i + 1..] {
            let (x, y) = (&ra.text.sketch, &rb.text.sketch);
            if copied(x, 2019, y, b).is_some() || copied(y, 2019, x, a).is_some() {
                alike.push(format!("{a}~{b}"));
            }
        }
    }
    // The same 2019 report as HTML, DOCX and PDF; and 平潭's reports of 2011–2013 (h04–h06 of the
    // reader's corpus, and shared corpus/007 of 平潭县, the same government before 2013), whose
    // text was carried from year to year: measured apart from this code (12-character shingles
    // of the text from "一、" on, in Python) the later report holds 48–95 % of the earlier's.
    // Likewise 平潭综合实验区财政金融局's reports on 2020, 2023 and 2025 (w01, w02, h07: 54–84 %
    // measured the same way); 平潭县's report on 2013 (r02) and those of 2011–2012 (64–93 %,
    // tables left out); and four 平潭 departments whose next year's report repeats the last
    // (市场监督管理局 2023/2024 k09~k16 87 %, 2019/2020 s28~s31 82 %, 经济发展局 2019/2020 s26~s27
    // 68 %, 自然资源与生态环境局 2023/2024 k08~k15 49 % in Python with section 一 cut short, 69 % of
    // their prose by this code's own exact count).
    // Not alike: 北京市信访办's reports on 2009 and 2014 (y16, y17) share 44–46 % of their prose
    // by the exact count; the sketch's estimate put them at 0.50 before the labels of one-line
    // tables were left out of the prose, within its ±0.09. And the 平潭 reports printed as one
    // line, whose tables ran into the prose: the format's labels there counted as shared text
    // (up to 59 % between different departments); measured without the tables, 0–38 %.
    assert_eq!(
        alike,
        [
            "007.txt~h04.html",
            "007.txt~h06.html",
            "007.txt~r02.txt",
            "017.html~017d.docx",
            "017.html~017p.pdf",
            "017d.docx~017p.pdf",
            "h04.html~h05.html",
            "h04.html~h06.html",
            "h04.html~r02.txt",
            "h05.html~h06.html",
            "h06.html~r02.txt",
            "h07.html~w01.txt",
            "h07.html~w02.txt",
            "k08.txt~k15.txt",
            "k09.txt~k16.txt",
            "s26.txt~s27.txt",
            "s28.txt~s31.txt",
            "w01.txt~w02.txt"
        ]
    );
}

#[test]
fn completeness_names_only_headings_the_text_lacks() {
    for (name, read) in documents() {
        let missing: Vec<&str> = read
            .text
            .completeness
            .iter()
            .filter(|f| f.rule == Rule::MissingSection)
            .map(|f| f.message.as_str())
            .collect();
        let fee = read.text.completeness.iter().any(|f| f.rule == Rule::FeeNotStated);
        // Full reports of the national formats in ../shared: corpus/003 and 015 are text taken
        // from PDFs whose heading "五、…存在的主要问题及改进情况" did not survive (the section's
        // content is there under "（一）主要问题" and "（二）2025 年工作中存在的主要问题").
        match name.as_str() {
            "003.txt" | "015.txt" => {
                assert_eq!(missing.len(), 1, "{name}: {missing:?}");
                assert!(missing[0].contains("第五部分"), "{name}: {missing:?}");
            }
            "001.txt" | "002.txt" | "004.txt" | "017.html" | "017d.docx" | "017p.pdf" | "002_5f8ff69f44e0fe1c.txt" => {
                assert!(missing.is_empty(), "{name}: {missing:?}");
            }
            _ => {}
        }
        if ["001.txt", "004.txt", "015.txt", "003.txt"].contains(&name.as_str()) {
            assert!(!fee, "{name} states its fees in section 六");
        }
    }
}
