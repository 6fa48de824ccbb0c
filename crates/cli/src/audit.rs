//! `gongkai audit`: findings per report, in Chinese with evidence, or as JSON Lines.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gongkai_core::{Origin, Report, audit};
use gongkai_extract::Extractor;

use crate::files;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON Lines: each report object with its `findings`.
    #[arg(long)]
    json: bool,
    /// Documents, gongkai-report/1 JSON files (one object or JSON Lines), or folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let paths = skip_labels_of_documents(files::expand(&args.paths, files::is_document_or_json), &args.paths);
    let extractor = Extractor::new();
    let results = files::read_all(&paths, |p| read_any(&extractor, p));
    let mut failed = 0usize;
    let mut reports: Vec<Report> = Vec::new();
    for result in results {
        match result {
            Ok(rs) => reports.extend(rs),
            Err(msg) => {
                failed += 1;
                eprintln!("错误：{msg}");
            }
        }
    }
    for r in &mut reports {
        r.findings = audit::audit(r);
    }
    add_cross_year_findings(&mut reports);

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in &reports {
        if args.json {
            writeln!(out, "{}", r.to_json_line())?;
        } else {
            print_human(&mut out, r)?;
        }
    }
    if !args.json {
        writeln!(out, "{}", summary(&reports))?;
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// In a folder, `X.json` / `X.expected.json` beside a document `X.txt` is that document's
/// label, not another report: audit the document only. Files named explicitly are kept.
fn skip_labels_of_documents(paths: Vec<PathBuf>, given: &[PathBuf]) -> Vec<PathBuf> {
    let stem = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let base = name.rsplit_once('.').map_or(name, |(b, _)| b);
        (p.parent().map(Path::to_path_buf), base.strip_suffix(".expected").unwrap_or(base).to_string())
    };
    let documents: std::collections::BTreeSet<_> =
        paths.iter().filter(|p| files::is_document(p)).map(|p| stem(p)).collect();
    paths.into_iter().filter(|p| given.contains(p) || files::is_document(p) || !documents.contains(&stem(p))).collect()
}

/// Reads a report JSON file (one object, or JSON Lines) or extracts a document.
fn read_any(extractor: &Extractor, path: &Path) -> Result<Vec<Report>, String> {
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonl"));
    if !is_json {
        return files::extract_one(extractor, path);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: 无法读取文件（{e}）", path.display()))?;
    let mut reports = Vec::new();
    let whole = gongkai_core::Report::from_json(&text);
    match whole {
        Ok(mut r) => {
            r.source.get_or_insert_with(|| path.display().to_string());
            reports.push(r);
        }
        Err(first_err) => {
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let mut r = Report::from_json(line).map_err(|e| {
                    if i == 0 {
                        format!("{}: 不是 gongkai-report/1 报告（{first_err}）", path.display())
                    } else {
                        format!("{}: 第{}行不是 gongkai-report/1 报告（{e}）", path.display(), i + 1)
                    }
                })?;
                r.source.get_or_insert_with(|| format!("{}:{}", path.display(), i + 1));
                reports.push(r);
            }
        }
    }
    Ok(reports)
}

/// Groups reports by agency and runs the cross-year rules on each group with several years.
fn add_cross_year_findings(reports: &mut [Report]) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let (Some(agency), Some(_)) = (&r.agency, r.year) {
            groups.entry(agency.clone()).or_default().push(i);
        }
    }
    for idx in groups.values().filter(|v| v.len() > 1) {
        let series: Vec<&Report> = idx.iter().map(|&i| &reports[i]).collect();
        let found = audit::audit_series(&series);
        for (&i, f) in idx.iter().zip(found) {
            reports[i].findings.extend(f);
        }
    }
}

/// One line for the whole run: how many reports, how many with a table left unread, and the
/// findings by origin (the document's fault or the reading's).
fn summary(reports: &[Report]) -> String {
    let unread = reports.iter().filter(|r| r.values.is_empty() || r.observations.tables_not_read() > 0).count();
    let by = |o: Origin| reports.iter().flat_map(|r| &r.findings).filter(|f| f.origin == o).count();
    format!(
        "合计：读取 {} 份报告，其中 {} 份有未能读取的表格；{} {} 个，{} {} 个",
        reports.len(),
        unread,
        Origin::Source.label(),
        by(Origin::Source),
        Origin::Reading.label(),
        by(Origin::Reading),
    )
}

fn print_human(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    let title = format!(
        "{} · {}年 · {}",
        r.agency.as_deref().unwrap_or("（机关未识别）"),
        r.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
        r.format.map(|f| f.label()).unwrap_or("格式未识别"),
    );
    writeln!(out, "== {} ({})", title, r.source.as_deref().unwrap_or("-"))?;
    let errors = r.findings.iter().filter(|f| f.severity == gongkai_core::Severity::Error).count();
    if r.values.is_empty() && r.findings.is_empty() {
        // Nothing read is not a clean bill.
        return writeln!(out, "   未能读取任何数据项，无法审核，请对照原文核对");
    }
    writeln!(
        out,
        "   读取 {} 个数据项；发现 {} 个问题（错误 {}，警告 {}）",
        r.values.len(),
        r.findings.len(),
        errors,
        r.findings.len() - errors
    )?;
    for f in &r.findings {
        let place: Vec<String> = f.evidence.iter().map(|e| e.describe()).filter(|s| !s.is_empty()).collect();
        let place = if place.is_empty() { String::new() } else { format!("［{}］", place.join("；")) };
        writeln!(
            out,
            "   [{}·{}] {} {}{}",
            f.severity.label(),
            f.origin.label(),
            serde_json::to_value(f.rule).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            f.message,
            place
        )?;
    }
    Ok(())
}
