//! `gongkai agency`, `gongkai collect` and `gongkai rollup`: a supervising office's agency
//! tree, collection of published reports into the registry (files, folders, ZIP), and roll-ups
//! of a subtree with indicators, as text, JSON or XLSX.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::supervise::{Agency, AgencyCode, AgencyKind, Filed, Indicators, Level, rollup};
use gongkai_extract::Extractor;
use gongkai_store::AgencyId;
use gongkai_store::supervision::{self, Filing, ImportError};
use gongkai_web::supervision::{Collected, Collector, ReadDocument, read_document};
use rayon::prelude::*;
use serde::Serialize;

use crate::db::{ActorArg, Db};
use crate::files;

#[derive(Debug, clap::Args)]
pub struct AgencyArgs {
    #[command(subcommand)]
    command: AgencyCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AgencyCommand {
    /// Import the agency tree from CSV or XLSX (columns 代码, 名称, 简称, 层级, 类别, 上级代码), all or nothing.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Print the agency tree.
    List,
}

#[derive(Debug, clap::Args)]
pub struct CollectArgs {
    /// Statistics year to file reports under when a document does not state one; a document
    /// that states another year is held for a person to check.
    #[arg(long)]
    year: Option<i32>,
    /// Report files, folders (searched recursively) or ZIP archives.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
pub struct RollupArgs {
    /// The agency (code) whose subtree is summed.
    #[arg(long)]
    agency: String,
    #[arg(long)]
    year: i32,
    /// Print the roll-up as JSON.
    #[arg(long, conflicts_with = "xlsx")]
    json: bool,
    /// Write one row per agency of the subtree (every key, indicators, findings) to this XLSX file.
    #[arg(long, value_name = "FILE.xlsx")]
    xlsx: Option<PathBuf>,
}

pub fn agency(args: AgencyArgs, db: &Db) -> anyhow::Result<ExitCode> {
    match args.command {
        AgencyCommand::Import { file, actor } => {
            let (lines, rows): (Vec<usize>, Vec<Agency>) = read_agency_rows(&file)?.into_iter().unzip();
            let actor = actor.actor()?;
            db.with_store(async |store| match store.import_agencies(rows, &actor).await {
                Ok(c) => {
                    println!("已导入机构：新增 {} 个，更新 {} 个", c.created, c.updated);
                    Ok(ExitCode::SUCCESS)
                }
                Err(ImportError::Rows(errors)) => {
                    eprintln!("导入失败，未作任何更改：");
                    for e in errors {
                        // Rows as the file numbers them (the header is line 1).
                        eprintln!("  {}", e.renumber(|row| lines.get(row - 1).copied().unwrap_or(row)));
                    }
                    Ok(ExitCode::from(1))
                }
                Err(ImportError::Store(e)) => Err(e.into()),
            })
        }
        AgencyCommand::List => db.with_store(async |store| {
            let tree = store.agency_tree().await?;
            for (id, a) in tree.iter() {
                let level = a.level.map(Level::label).unwrap_or("层级未定");
                println!("{}{}  {}（{}，{}）", "  ".repeat(tree.depth(id)), a.code, a.name, level, a.kind.label());
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
}

/// Reads the agency table: a header row naming the columns (Chinese or English), then one agency per row.
fn read_agency_rows(path: &Path) -> anyhow::Result<Vec<(usize, Agency)>> {
    let rows = crate::import::read_rows(path)?;
    let Some(((_, header), body)) = rows.split_first() else { bail!("{} 是空文件", path.display()) };
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim()));
    let code = col(&["代码", "机构代码", "code"]).context("缺少“代码”列")?;
    let name = col(&["名称", "机构名称", "全称", "name"]).context("缺少“名称”列")?;
    let shorts = col(&["简称", "short_names"]);
    let level = col(&["层级", "level"]);
    let kind = col(&["类别", "kind"]);
    let parent = col(&["上级代码", "上级", "parent"]);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (line, f) in body {
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map(|s| s.trim()).unwrap_or("");
        let row = (|| -> Result<Agency, String> {
            let code = AgencyCode::parse(get(Some(code))).map_err(|e| e.to_string())?;
            let level = match get(level) {
                "" => None,
                s => Some(Level::parse(s).ok_or_else(|| format!("层级“{s}”无法识别（省/市/县/乡镇街道/国家）"))?),
            };
            let kind = match get(kind) {
                "" => AgencyKind::Other,
                s => AgencyKind::parse(s).ok_or_else(|| format!("类别“{s}”无法识别（人民政府/部门/其他）"))?,
            };
            let parent = match get(parent) {
                "" => None,
                s => Some(AgencyCode::parse(s).map_err(|e| e.to_string())?),
            };
            let short_names = get(shorts)
                .split(['；', ';', '、', '，', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            Ok(Agency { code, name: get(Some(name)).to_string(), short_names, level, kind, parent })
        })();
        match row {
            Ok(a) => out.push((*line, a)),
            Err(e) => errors.push(format!("第{line}行：{e}")),
        }
    }
    if !errors.is_empty() {
        bail!("导入失败，未作任何更改：\n  {}", errors.join("\n  "));
    }
    Ok(out)
}

/// One input document: where it came from (a path, or `archive.zip!entry`) and its bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

fn is_zip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for path in files::expand(paths, |p| files::is_document(p) || is_zip(p)) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("{}: 无法读取文件（{e}）", path.display()));
                continue;
            }
        };
        if is_zip(&path) {
            match gongkai_web::supervision::unzip_documents(&path.display().to_string(), &bytes) {
                Ok(found) => docs.extend(found.into_iter().map(|(name, bytes)| Input { name, bytes })),
                Err(e) => errors.push(format!("{}: {e}", path.display())),
            }
        } else {
            docs.push(Input { name: path.display().to_string(), bytes });
        }
    }
    (docs, errors)
}

pub fn collect(args: CollectArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let actor = args.actor.actor()?;
    let (docs, mut errors) = inputs(&args.paths);
    let total = docs.len() + errors.len();
    let extractor = Extractor::new();
    let bar = files::progress(docs.len());
    let read: Vec<Result<ReadDocument, String>> = docs
        .par_iter()
        .map(|d| {
            let r = read_document(&extractor, &d.name, &d.bytes).map_err(|why| format!("{}: {why}", d.name));
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();
    let outcomes = db.with_store(async |store| {
        let collector = Collector::load(store, args.year, actor).await?;
        let mut out = Vec::with_capacity(docs.len());
        for (doc, report) in docs.iter().zip(read) {
            let outcome = match report {
                Err(e) => Collected::Failed(e),
                Ok(report) => collector.file(&doc.name, &doc.bytes, report).await?,
            };
            out.push((doc.name.as_str(), outcome));
        }
        Ok(out)
    })?;
    let (mut filed, mut unchanged, mut held) = (0, 0, 0);
    for (name, outcome) in &outcomes {
        match outcome {
            Collected::Filed { agency, year, version } => {
                filed += 1;
                println!("已归档 {name} → {agency} {year}年度（第{version}版）");
            }
            Collected::Unchanged => unchanged += 1,
            Collected::Held(why) => {
                held += 1;
                println!("待分配 {name}：{why}");
            }
            Collected::Failed(e) => errors.push(e.clone()),
        }
    }
    for e in &errors {
        eprintln!("错误：{e}");
    }
    println!(
        "共 {total} 个文件：归档 {filed} 个，已归档未变 {unchanged} 个，待人工分配 {held} 个，无法读取 {} 个",
        errors.len()
    );
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[derive(Debug, clap::Args)]
pub struct RegistryArgs {
    #[command(subcommand)]
    command: RegistryCommand,
}

#[derive(Debug, clap::Subcommand)]
enum RegistryCommand {
    /// Every version of an agency's report of a year: origin, source file, who and when, corrections.
    Show {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        year: i32,
    },
    /// Correct one cell of the current version (a new version keeps the reading and the reason).
    Correct {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        year: i32,
        /// The value key, e.g. t3.new.total.
        #[arg(long)]
        key: String,
        #[arg(long)]
        value: f64,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        actor: ActorArg,
    },
    /// Files waiting for a person to assign them to an agency.
    Inbox,
    /// Assign a waiting file (by the start of its SHA-256) to an agency and year.
    Assign {
        #[arg(long)]
        file: String,
        #[arg(long)]
        agency: String,
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        actor: ActorArg,
    },
}

pub fn registry(args: RegistryArgs, db: &Db) -> anyhow::Result<ExitCode> {
    db.with_store(async |store| {
        match args.command {
            RegistryCommand::Show { agency, year } => {
                let agency = AgencyId::new(agency)?;
                let versions = store.report_versions(&agency, year).await?;
                if versions.is_empty() {
                    println!("{agency} 没有{year}年度的报告");
                }
                for v in versions {
                    let source = v.source_sha256.as_deref().map_or("无".to_string(), |s| s[..12].to_string());
                    println!(
                        "第{}版 {} {} {}（来源文件 {source}，{} 个数据项，{} 个问题）",
                        v.version,
                        v.origin.label(),
                        v.created_by,
                        gongkai_web::local_time_zh(&v.created_at),
                        v.report.values.len(),
                        v.report.findings.len()
                    );
                    if let Some(c) = v.correction {
                        let before = c.before.map_or("（空）".to_string(), |b| b.to_string());
                        println!(
                            "  更正 {}（{}）：{before} → {}，理由：{}",
                            c.key,
                            gongkai_core::keys::label(&c.key),
                            c.after,
                            c.reason
                        );
                    }
                }
            }
            RegistryCommand::Correct { agency, year, key, value, reason, actor } => {
                let agency = AgencyId::new(agency)?;
                let figure = if value.fract() == 0.0 && value.abs() < 1e15 {
                    gongkai_core::Figure::Count(value as i64)
                } else {
                    gongkai_core::Figure::Amount(value)
                };
                let v = store.correct_report(&agency, year, &key, figure, &reason, &actor.actor()?).await?;
                println!("已更正，生成第{}版", v.version);
            }
            RegistryCommand::Inbox => {
                for e in store.report_inbox().await? {
                    println!(
                        "{} {} {}年度 {}：{}",
                        &e.sha256[..12],
                        e.file_name,
                        e.read_year.map_or("?".to_string(), |y| y.to_string()),
                        e.read_agency.as_deref().unwrap_or("（未识别机构）"),
                        e.reason
                    );
                }
            }
            RegistryCommand::Assign { file, agency, year, actor } => {
                let entry = store
                    .report_inbox()
                    .await?
                    .into_iter()
                    .find(|e| e.sha256.starts_with(&file.to_ascii_lowercase()))
                    .with_context(|| format!("待分配文件中没有“{file}”"))?;
                let agency = AgencyId::new(agency)?;
                match gongkai_web::supervision::assign_held(store, &entry.sha256, &agency, year, &actor.actor()?)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                {
                    Filing::Filed { version } => println!("已归档到 {agency} {year}年度（第{version}版）"),
                    Filing::Unchanged { .. } => println!("该文件已归档，未作更改"),
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

#[derive(Serialize)]
struct RollupJson<'a> {
    agency: &'a str,
    name: &'a str,
    year: i32,
    values: &'a std::collections::BTreeMap<String, gongkai_core::Figure>,
    included: Vec<&'a str>,
    missing: Vec<&'a str>,
    indicators: Indicators,
    findings: &'a [gongkai_core::Finding],
}

pub fn rollup_cmd(args: RollupArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let code = AgencyCode::parse(&args.agency).map_err(|e| anyhow::anyhow!("{e}"))?;
    db.with_store(async |store| {
        let tree = store.agency_tree().await?;
        let node = tree.id(&code).with_context(|| format!("机构“{code}”不存在"))?;
        let reports = store.current_reports(args.year).await?;
        let version_of = |id| reports.get(&supervision::id_of(&tree.agency(id).code));
        let r = rollup(&tree, node, args.year, |id| {
            version_of(id).map(|v| Filed { report: &v.report, summary: v.summary })
        });
        let name = &tree.agency(node).name;
        let code_of = |ids: &[usize]| ids.iter().map(|&i| tree.agency(i).code.as_str()).collect::<Vec<_>>();
        let total = r.as_report(&tree);
        let indicators = Indicators::of(&total);
        if let Some(path) = &args.xlsx {
            let (bytes, rows) = gongkai_web::supervision::subtree_xlsx(store, &code, args.year)
                .await
                .map_err(|e| anyhow::anyhow!("无法生成 XLSX：{e}"))?;
            std::fs::write(path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
            eprintln!("已写入 {}（{rows} 个机构）", path.display());
        } else if args.json {
            let out = RollupJson {
                agency: code.as_str(),
                name,
                year: args.year,
                values: &r.values,
                included: code_of(&r.included),
                missing: code_of(&r.missing),
                indicators,
                findings: &r.findings,
            };
            println!("{}", serde_json::to_string(&out)?);
        } else {
            println!("{name} {}年度汇总：{} 个机构已报送，{} 个未报送", args.year, r.included.len(), r.missing.len());
            if !r.missing.is_empty() {
                let names: Vec<&str> = r.missing.iter().map(|&i| tree.agency(i).name.as_str()).collect();
                println!("未报送：{}", names.join("、"));
            }
            let show = |label: &str, n: Option<i64>| println!("{label}：{}", n.map_or("—".into(), |n| n.to_string()));
            show("申请数", indicators.applications);
            show("办结数", indicators.concluded);
            for (label, ratio) in [
                ("公开率", indicators.disclosure_rate),
                ("复议纠错率", indicators.review_correction_rate),
                ("诉讼纠错率", indicators.suit_correction_rate),
            ] {
                println!("{label}：{}", ratio.map_or("—".into(), |x| x.describe()));
            }
            println!("发现 {} 个问题", r.findings.len());
            for f in &r.findings {
                println!("  {}", f.line());
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
