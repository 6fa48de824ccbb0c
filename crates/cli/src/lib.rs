//! The `gongkai` command line: one subcommand per module, all sharing [`Cli`].

mod audit;
mod extract;
mod files;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// gongkai — 政府信息公开 platform: read, audit and compile annual reports.
#[derive(Debug, Parser)]
#[command(name = "gongkai", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read published annual reports (txt, html, docx, pdf; files or folders) into data.
    Extract(extract::Args),
    /// Check annual reports (documents or gongkai-report/1 JSON) for broken 勾稽关系.
    Audit(audit::Args),
}

/// Runs the command line; the exit code is 0 on success, 1 when any input failed, 2 on usage errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Audit(args) => audit::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::from(2)
        }
    }
}
