//! `gongkai report compile`: the annual report of an agency and year, counted from the
//! casework records, as `gongkai-report/1` JSON or a short summary in Chinese.

use std::process::ExitCode;

use anyhow::Context;
use gongkai_core::keys::{T3Col, T3Row, T4Group, T4Result, t3, t4};
use gongkai_core::{Report, Severity, audit, compile};
use gongkai_store::AgencyId;

use crate::db::{self, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ReportCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ReportCommand {
    /// Compile an agency's annual report for a year from its applications, reviews, suits and fees.
    Compile(CompileArgs),
}

#[derive(Debug, clap::Args)]
struct CompileArgs {
    /// 机关标识（如 demo）
    #[arg(long)]
    agency: String,
    /// 统计年度
    #[arg(long)]
    year: i16,
    /// 输出 gongkai-report/1 JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    let ReportCommand::Compile(args) = args.command;
    let agency = AgencyId::new(&args.agency)?;
    let rt = db::runtime()?;
    let report = rt.block_on(async {
        let store = db.open().await?;
        let name = store.require_agency(&agency).await?.name;
        let records = store.records(&agency, args.year).await?;
        store.close().await;
        let report = compile::compile(&name, args.year, &records).context("无法编制年度报告")?;
        anyhow::Ok(report)
    })?;
    if args.json {
        println!("{}", report.to_json_line());
    } else {
        print_summary(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn count(r: &Report, key: &str) -> i64 {
    r.get(key).and_then(|f| f.as_count()).unwrap_or(0)
}

/// The heading a numbered row of table 三 belongs to (“1.属于国家秘密” is under 不予公开).
fn group(row: T3Row) -> &'static str {
    match row.key().split('.').next() {
        Some("denied") => "（三）不予公开·",
        Some("unable") => "（四）无法提供·",
        Some("not_processed") => "（五）不予处理·",
        Some("other") if row != T3Row::Other => "（六）其他处理·",
        _ => "",
    }
}

fn print_summary(r: &Report) {
    let format = r.format.map(|f| f.label()).unwrap_or("");
    println!(
        "{} · {}年度政府信息公开工作年度报告（{}，由办理记录汇总）",
        r.agency.as_deref().unwrap_or(""),
        r.year.unwrap_or(0),
        format
    );
    let total = |row: T3Row| count(r, &t3(row, T3Col::Total));
    println!(
        "表三  本年新收申请 {} 件，上年结转 {} 件；本年办结 {} 件，结转下年度 {} 件",
        total(T3Row::New),
        total(T3Row::CarriedIn),
        total(T3Row::Total),
        total(T3Row::CarriedOut)
    );
    let rows: Vec<T3Row> = T3Row::NATIONAL_2021.into_iter().chain([T3Row::Other]).collect();
    for row in rows {
        if matches!(row, T3Row::New | T3Row::CarriedIn | T3Row::Total | T3Row::CarriedOut) {
            continue;
        }
        let n = total(row);
        if n > 0 && r.get(&t3(row, T3Col::Total)).is_some() {
            println!("      {}{}：{} 件", group(row), row.label(), n);
        }
    }
    let mut parts = Vec::new();
    for g in T4Group::ALL {
        parts.push(format!(
            "{} {} 件（未审结 {}）",
            g.label(),
            count(r, &t4(g, T4Result::Total)),
            count(r, &t4(g, T4Result::Pending))
        ));
    }
    println!("表四  {}", parts.join("；"));
    println!("收费  收取信息处理费 {} 件，共 {} 元", count(r, "fee.cases"), count(r, "fee.amount_yuan"));
    let findings = audit::audit(r);
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    println!("自检  {} 个问题（错误 {}）", findings.len(), errors);
    for f in &findings {
        println!("      [{}] {}", f.severity.label(), f.message);
    }
}
