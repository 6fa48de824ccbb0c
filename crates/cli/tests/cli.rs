//! The `gongkai` binary as a user runs it: extract, audit, CSV, errors and exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::temp_dir;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

fn seed(name: &str) -> String {
    let dir = seeds();
    let found = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).find(|p| {
        p.file_name().unwrap().to_string_lossy().starts_with(name) && p.extension().is_some_and(|e| e == "txt")
    });
    found.unwrap_or_else(|| panic!("seed {name} in {}", dir.display())).display().to_string()
}

fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

#[test]
fn extract_prints_one_report_per_document_with_its_source() {
    let a = seed("000_");
    let b = seed("002_");
    let out = bin().args(["extract", "--json", &a, &b]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["schema"], "gongkai-report/1");
    assert_eq!(lines[0]["source"], a.as_str());
    assert_eq!(lines[1]["source"], b.as_str());
}

#[test]
fn unreadable_files_are_reported_and_the_run_goes_on() {
    let good = seed("001_");
    let tmp = temp_dir("gongkai-cli-bad");
    let dir = tmp.path();
    let bad_pdf = dir.join("broken.pdf");
    std::fs::write(&bad_pdf, b"%PDF-1.7 this is not a pdf").unwrap();
    let missing = dir.join("missing.txt");
    let out = bin().args(["extract", "--json"]).arg(&missing).arg(&good).arg(&bad_pdf).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1, "the good file is still read");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.txt") && err.contains("文件不存在"), "{err}");
    assert!(err.contains("broken.pdf"), "{err}");
}

#[test]
fn extract_reads_folders_recursively_into_csv() {
    let tmp = temp_dir("gongkai-cli-csv");
    let dir = tmp.path();
    let csv = dir.join("out.csv");
    let out = bin().args(["extract"]).arg(seeds()).arg("--csv").arg(&csv).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 1 + 5, "header and one row per seed report");
    assert!(rows[0].contains("t3.new.total") && rows[0].contains("s.proactive.total"));
}

#[test]
fn audit_accepts_report_json_and_prints_findings_as_json_lines() {
    let tmp = temp_dir("gongkai-cli-audit");
    let dir = tmp.path();
    let report = dir.join("r.json");
    // 一 + 二 = 10 + 0 but （七） + 四 = 7 + 0: a broken balance in the total column.
    std::fs::write(
        &report,
        r#"{"schema":"gongkai-report/1","agency":"测试局","year":2022,"format":"national_2021",
            "values":{"t3.new.total":10,"t3.carried_in.total":0,"t3.total.total":7,"t3.carried_out.total":0}}"#,
    )
    .unwrap();
    let out = bin().args(["audit", "--json"]).arg(&report).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1);
    assert!(lines[0]["findings"].is_array());
}

#[test]
fn audit_prints_chinese_summary_for_documents() {
    let out = bin().args(["audit", &seed("003_")]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("发现"), "{text}");
}

#[test]
fn usage_errors_exit_with_two() {
    let out = bin().args(["extract"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn audit_of_a_folder_skips_the_labels_beside_documents() {
    let out = bin().args(["audit", "--json"]).arg(seeds()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 5, "one report per seed document, labels not audited again");
    assert!(lines.iter().all(|l| l["source"].as_str().is_some_and(|s| s.ends_with(".txt"))));
}
