//! Extraction against the hand-checked labels in `../shared/seeds` and `../shared/corpus`,
//! scored the way `shared/tools/score-extraction` scores (recall, precision, format, year).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai_extract::Extractor;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

struct Case {
    doc: PathBuf,
    label: serde_json::Value,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for dir in ["seeds", "corpus"] {
        let dir = shared().join(dir);
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("labelled reports expected at {}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        for doc in names {
            let ext = doc.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "txt" | "html" | "htm" | "docx" | "pdf") {
                continue;
            }
            let stem = doc.file_stem().unwrap().to_str().unwrap().to_string();
            for label in [format!("{stem}.expected.json"), format!("{stem}.json")] {
                let p = dir.join(label);
                if p.exists() {
                    let label = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                    out.push(Case { doc: doc.clone(), label });
                    break;
                }
            }
        }
    }
    out
}

#[derive(Default, Debug)]
struct Score {
    labeled: usize,
    correct: usize,
    judged: usize,
    emitted_ok: usize,
    format_ok: usize,
    year_ok: usize,
    n: usize,
    misses: BTreeMap<String, Vec<String>>,
}

fn score() -> Score {
    let extractor = Extractor::new();
    let mut s = Score::default();
    for case in cases() {
        s.n += 1;
        let name = case.doc.file_name().unwrap().to_string_lossy().to_string();
        let report = match extractor.extract_path(&case.doc) {
            Ok(r) => r,
            Err(e) => {
                s.misses.entry(name).or_default().push(format!("failed: {e}"));
                continue;
            }
        };
        let lv = case.label["values"].as_object().cloned().unwrap_or_default();
        if report.format.map(|f| f.as_str()) == case.label["format"].as_str() {
            s.format_ok += 1;
        } else {
            s.misses.entry(name.clone()).or_default().push(format!("format {:?}", report.format));
        }
        if report.year.map(i64::from) == case.label["year"].as_i64() {
            s.year_ok += 1;
        } else {
            s.misses.entry(name.clone()).or_default().push(format!("year {:?}", report.year));
        }
        let tables: Vec<&str> =
            lv.keys().filter(|k| k.starts_with("t3.") || k.starts_with("t4.")).map(|k| &k[..2]).collect();
        for (k, v) in &lv {
            s.labeled += 1;
            let want = v.as_f64().unwrap();
            match report.num(k) {
                Some(got) if (got - want).abs() < 1e-6 => s.correct += 1,
                Some(got) => s.misses.entry(name.clone()).or_default().push(format!("wrong {k}: {want} got {got}")),
                None => s.misses.entry(name.clone()).or_default().push(format!("missed {k}")),
            }
        }
        for (k, v) in &report.values {
            if let Some(want) = lv.get(k) {
                s.judged += 1;
                if (v.as_f64() - want.as_f64().unwrap()).abs() < 1e-6 {
                    s.emitted_ok += 1;
                }
            } else if tables.contains(&&k[..2.min(k.len())]) {
                s.judged += 1;
                s.misses.entry(name.clone()).or_default().push(format!("extra {k}"));
            }
        }
    }
    s
}

/// Floors ratchet upward as the reader improves; the goal is recall ≥ 0.99 and
/// precision ≥ 0.995 with format and year right on every report.
const MIN_RECALL: f64 = 0.98;
const MIN_PRECISION: f64 = 0.999;

#[test]
fn labelled_reports_meet_the_accuracy_floor() {
    let s = score();
    assert!(s.n >= 17, "expected the 17 labelled reports of seeds/ and corpus/, found {}", s.n);
    let recall = s.correct as f64 / s.labeled.max(1) as f64;
    let precision = if s.judged == 0 { 0.0 } else { s.emitted_ok as f64 / s.judged as f64 };
    println!(
        "extraction: recall {recall:.4} precision {precision:.4} format {}/{} year {}/{}",
        s.format_ok, s.n, s.year_ok, s.n
    );
    for (file, misses) in &s.misses {
        println!("  {file}: {}", misses.iter().take(8).cloned().collect::<Vec<_>>().join("; "));
    }
    assert!(recall >= MIN_RECALL, "recall {recall:.4} fell below {MIN_RECALL}");
    assert!(precision >= MIN_PRECISION, "precision {precision:.4} fell below {MIN_PRECISION}");
}
