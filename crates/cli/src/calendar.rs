//! `gongkai calendar`: the working-day calendar's holiday schedules: import a year's official
//! schedule without a release (open applications' reply deadlines are recomputed and each change
//! audit-logged), and list the years loaded.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use gongkai_core::calendar::Calendar;

use crate::db::{ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: CalendarCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CalendarCommand {
    /// Import a year's official holiday schedule (JSON as in data/holidays/YYYY.json) and
    /// recompute the reply deadlines of open applications.
    Import(ImportArgs),
    /// List the years whose schedule is loaded: built in, or imported (by whom, when).
    List,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// 节假日安排 JSON 文件（格式同 data/holidays/2026.json：year、papers、days）
    file: PathBuf,
    #[command(flatten)]
    actor: ActorArg,
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    db.with_store(async |store| match args.command {
        CalendarCommand::Import(a) => import(store, a).await,
        CalendarCommand::List => list(store).await,
    })
}

async fn import(store: &gongkai_store::Store, a: ImportArgs) -> anyhow::Result<ExitCode> {
    let json = std::fs::read_to_string(&a.file).with_context(|| format!("无法读取 {}", a.file.display()))?;
    let json = json.strip_prefix('\u{feff}').unwrap_or(&json);
    let done = match store.import_calendar(json, &a.actor.actor()?).await {
        Ok(done) => done,
        Err(e @ (gongkai_store::Error::Calendar(_) | gongkai_store::Error::Invalid { .. })) => {
            eprintln!("未导入 {}：{e}", a.file.display());
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    println!("已导入{}年节假日安排{}（记入审计日志）", done.year, if done.replaced { "，替换原有安排" } else { "" });
    if done.due_dates.is_empty() {
        println!("办理中申请的答复期限均未改变");
    } else {
        println!("{} 件办理中申请的答复期限随之调整：", done.due_dates.len());
        let show = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_else(|| "无".into());
        for c in &done.due_dates {
            println!("  申请 {}（查询码 {}）：{} → {}", c.id, c.tracking_code, show(c.before), show(c.after));
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(store: &gongkai_store::Store) -> anyhow::Result<ExitCode> {
    let imported = store.imported_calendar_years().await?;
    let calendar = store.calendar().await?;
    let built_in = Calendar::official();
    for year in calendar.years() {
        let source = match imported.iter().find(|y| y.year == year) {
            Some(y) if built_in.has_year(year) => {
                format!("导入（替换内置安排），{} 于 {}", y.imported_by, gongkai_store::local_time_zh(&y.imported_at))
            }
            Some(y) => format!("导入，{} 于 {}", y.imported_by, gongkai_store::local_time_zh(&y.imported_at)),
            None => "内置".to_string(),
        };
        let paper = calendar.papers(year).and_then(|p| p.first()).map(String::as_str).unwrap_or("");
        println!("{year}年  {source}  {paper}");
    }
    let last = calendar.years().last().unwrap_or(0);
    println!(
        "{last}年以后的日期按星期一至星期五为工作日、元旦、劳动节和国庆节按法定日期放假推定（暂定）；\
         国务院办公厅公布新一年安排后，请用 gongkai calendar import 导入"
    );
    Ok(ExitCode::SUCCESS)
}
