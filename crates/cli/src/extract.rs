//! `gongkai extract`: documents → `gongkai-report/1` JSON Lines, or one CSV row per report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use gongkai_core::{Report, keys};
use gongkai_extract::Extractor;

use crate::files;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON Lines (the default; kept for scripts that pass it explicitly).
    #[arg(long)]
    json: bool,
    /// Write one CSV row per report (one column per value key) to this file instead.
    #[arg(long, value_name = "OUT.csv")]
    csv: Option<PathBuf>,
    /// Documents or folders (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let _ = args.json;
    let paths = files::expand(&args.paths, files::is_document);
    let extractor = Extractor::new();
    let results = files::read_all(&paths, |p| files::extract_one(&extractor, p));
    let mut failed = 0usize;
    let mut reports = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for result in results {
        match result {
            Ok(rs) => {
                for r in rs {
                    if args.csv.is_none() {
                        writeln!(out, "{}", r.to_json_line())?;
                    }
                    reports.push(r);
                }
            }
            Err(msg) => {
                failed += 1;
                eprintln!("错误：{msg}");
            }
        }
    }
    out.flush()?;
    if let Some(csv) = &args.csv {
        write_csv(csv, &reports).with_context(|| format!("cannot write {}", csv.display()))?;
        eprintln!("已写入 {} 份报告到 {}", reports.len(), csv.display());
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One row per report: source, agency, year, format, then every spec key (blank when absent).
fn write_csv(path: &std::path::Path, reports: &[Report]) -> std::io::Result<()> {
    let keys = keys::all_keys();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    // BOM so that spreadsheet programs open the UTF-8 file correctly.
    f.write_all("\u{feff}".as_bytes())?;
    let mut header = vec!["source".to_string(), "agency".into(), "year".into(), "format".into(), "findings".into()];
    header.extend(keys.iter().cloned());
    writeln!(f, "{}", header.iter().map(|h| csv_field(h)).collect::<Vec<_>>().join(","))?;
    for r in reports {
        let mut row = vec![
            r.source.clone().unwrap_or_default(),
            r.agency.clone().unwrap_or_default(),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.format.map(|f| f.as_str().to_string()).unwrap_or_default(),
            r.findings.len().to_string(),
        ];
        row.extend(keys.iter().map(|k| r.get(k).map(|v| v.to_string()).unwrap_or_default()));
        writeln!(f, "{}", row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","))?;
    }
    f.flush()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}
