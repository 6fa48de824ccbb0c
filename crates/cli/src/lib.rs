//! The `gongkai` command line: one subcommand per module, all sharing [`Cli`].

/// `println!` for lines that carry stored text from the public: control characters are printed
/// as visible escapes, so a stored ESC sequence or line break cannot act on the terminal.
macro_rules! println_safe {
    ($($arg:tt)*) => {
        println!("{}", gongkai_core::text::escape_controls(&format!($($arg)*)))
    };
}

mod audit;
mod backup;
mod calendar;
mod case;
mod db;
mod deadline;
mod demo;
mod extract;
mod files;
mod import;
mod items;
mod report;
mod search;
mod serve;
mod supervise;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// gongkai — 政府信息公开 platform: read, audit and compile annual reports.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 数据目录（内含 SQLite 数据库，首次使用时创建）
    #[arg(long, global = true, default_value = "./gongkai-data", value_name = "DIR")]
    pub data: PathBuf,
    /// 使用 PostgreSQL 数据库（如 postgres://user@host/db），代替 --data 中的 SQLite
    #[arg(long, global = true, env = "GONGKAI_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read published annual reports (txt, html, mht, docx, doc/wps, pdf, ofd, xlsx/xls/et/ods; files or folders) into data.
    Extract(extract::Args),
    /// Check annual reports (documents or gongkai-report/1 JSON) for broken 勾稽关系.
    Audit(audit::Args),
    /// Compute a reply deadline in 工作日 (received date, 补正, 征求意见 pauses, extension), explained day by day.
    Deadline(deadline::Args),
    /// Load demonstration casework data (agencies, applications, reviews, suits, fees).
    Demo(demo::Args),
    /// Casework: register, list, show and advance applications.
    Case(Box<case::Args>),
    /// Compile annual reports from casework records.
    Report(report::Args),
    /// Import casework data from files.
    Import(import::Args),
    /// Holiday schedules of the working-day calendar: import a year, list the years loaded.
    Calendar(calendar::Args),
    /// Proactive disclosure (主动公开): create, review (保密审查), publish, withdraw, import items; scheme, catalog, guide.
    Item(items::Args),
    /// Search published items (Chinese full text; Traditional or Simplified; 标题:/文号:/索引号: fields).
    Search(search::Args),
    /// Rebuild this node's search index from the database.
    Reindex(search::ReindexArgs),
    /// Copy the database (SQLite or PostgreSQL) to a file, consistently, while the server runs.
    Backup(backup::BackupArgs),
    /// Move the data folder's SQLite database into an empty PostgreSQL database (every table, checked).
    MoveToPostgres(backup::MoveArgs),
    /// Put a backup in place of the data folder's database, or into an empty PostgreSQL database (stop the server first); rebuilds the search index.
    Restore(backup::RestoreArgs),
    /// Run the web platform: public portal, staff console and JSON API (`--demo` loads demo data and accounts).
    Serve(serve::Args),
    /// Staff accounts, API tokens and supervising agencies of the web platform.
    User(users::Args),
    /// The agency tree a supervising office (政务公开办) oversees: import from CSV/XLSX, list.
    Agency(supervise::AgencyArgs),
    /// Collect published annual reports (files, folders, ZIP) into the registry, matched to agencies.
    Collect(supervise::CollectArgs),
    /// Sum the reports of an agency's subtree for a year, with indicators and findings.
    Rollup(supervise::RollupArgs),
    /// The report registry: versions of a report, corrections, files waiting to be assigned.
    Registry(supervise::RegistryArgs),
}

/// A command whose output is cut short (`gongkai search … | head`) ends quietly with the exit
/// code of a process ended by SIGPIPE (141), as command-line tools do, instead of reporting a
/// panic: `println!` panics on a closed pipe, and Rust ignores SIGPIPE so that servers see an
/// error instead of being killed.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// Runs the command line; the exit code is 0 on success, 1 when any input failed, 2 on usage errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    quiet_on_closed_pipe();
    let db = db::Db { data: cli.data, url: cli.database_url };
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Deadline(args) => deadline::run(args),
        Command::Demo(args) => demo::run(args, &db),
        Command::Case(args) => case::run(*args, &db),
        Command::Report(args) => report::run(args, &db),
        Command::Import(args) => import::run(args, &db),
        Command::Calendar(args) => calendar::run(args, &db),
        Command::Item(args) => items::run(args, &db),
        Command::Search(args) => search::run(args, &db),
        Command::Reindex(args) => search::reindex(args, &db),
        Command::Backup(args) => backup::backup(args, &db),
        Command::Restore(args) => backup::restore(args, &db),
        Command::MoveToPostgres(args) => backup::move_to_postgres(args, &db),
        Command::Serve(args) => serve::run(args, &db),
        Command::User(args) => users::run(args, &db),
        Command::Agency(args) => supervise::agency(args, &db),
        Command::Collect(args) => supervise::collect(args, &db),
        Command::Rollup(args) => supervise::rollup_cmd(args, &db),
        Command::Registry(args) => supervise::registry(args, &db),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}
