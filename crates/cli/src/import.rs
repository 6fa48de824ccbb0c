//! `gongkai import applications FILE`: applications from a CSV file. Every row is checked
//! (mandatory contents, codes, dates, a history the rules allow) before anything is written;
//! rejected rows are listed with their line number and reason in Chinese.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::case::{Event, OtherDisposition, Outcome, UnableReason};
use gongkai_store::{AgencyId, Applicant, BulkApplication, NewApplication, codes};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;

use crate::db::{self, ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ImportCommand {
    /// Import applications from CSV (UTF-8, header row; see the column list in --help).
    ///
    /// Columns (English or Chinese header names): agency/机关, applicant_kind/申请人类型,
    /// name/申请人, id_number/身份证明号码, phone/联系电话, address/通信地址, channel/申请渠道,
    /// delivery/获取方式, registered_on/登记日期, received_on/收到日期 (channels that need
    /// confirmation), items/申请内容 (several separated by ；), concluded_on/办结日期 and
    /// outcome/办理结果 (optional, an outcome code; other.withdrawn for a withdrawal).
    Applications(ApplicationsArgs),
}

#[derive(Debug, clap::Args)]
struct ApplicationsArgs {
    /// CSV 文件
    file: PathBuf,
    /// 机关标识（文件中没有“机关”列时使用）
    #[arg(long)]
    agency: Option<String>,
    /// 只导入通过检查的行（默认：任何一行有误则全部不导入）
    #[arg(long)]
    partial: bool,
    #[command(flatten)]
    actor: ActorArg,
}

/// Rows written per transaction.
const CHUNK: usize = 5_000;

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    let ImportCommand::Applications(a) = args.command;
    let actor = a.actor.actor()?;
    let bytes = std::fs::read(&a.file).with_context(|| format!("无法读取 {}", a.file.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} 不是 UTF-8 编码的 CSV 文件", a.file.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let records = parse_csv(text).with_context(|| format!("{} 不是有效的 CSV 文件", a.file.display()))?;
    let Some((header, rows)) = records.split_first() else { bail!("{} 是空文件", a.file.display()) };
    let columns = Columns::from_header(&header.1)?;
    let default_agency = a.agency.as_deref().map(AgencyId::new).transpose()?;
    if columns.agency.is_none() && default_agency.is_none() {
        bail!("文件中没有“机关”列，请用 --agency 指定机关");
    }

    let bar = progress(rows.len() as u64, "检查");
    let mut good = Vec::new();
    let mut rejected = Vec::new();
    for (line, fields) in rows {
        bar.inc(1);
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match columns.row(fields, default_agency.as_ref()) {
            Ok(app) => good.push((*line, app)),
            Err(reason) => rejected.push((*line, reason)),
        }
    }
    bar.finish_and_clear();

    let rt = db::runtime()?;
    rt.block_on(async {
        let store = db.open().await?;
        // Unknown agencies are a per-row reason too.
        let mut known = std::collections::BTreeMap::new();
        let mut checked = Vec::with_capacity(good.len());
        for (line, app) in good {
            let agency = app.application.agency.clone();
            let exists = match known.get(&agency) {
                Some(&e) => e,
                None => {
                    let e = store.agency(&agency).await?.is_some();
                    known.insert(agency.clone(), e);
                    e
                }
            };
            if exists {
                checked.push((line, app));
            } else {
                rejected.push((line, format!("机关“{agency}”不存在")));
            }
        }
        rejected.sort_by_key(|(line, _)| *line);
        for (line, reason) in &rejected {
            eprintln!("第{line}行：{reason}");
        }
        if !rejected.is_empty() && !a.partial {
            eprintln!(
                "共 {} 行有误，未导入任何数据（可改正后重新导入，或用 --partial 只导入正确的行）",
                rejected.len()
            );
            store.close().await;
            return Ok(ExitCode::from(1));
        }
        let source = a.file.display().to_string();
        let bar = progress(checked.len() as u64, "导入");
        let mut imported = 0usize;
        let apps: Vec<BulkApplication> = checked.into_iter().map(|(_, app)| app).collect();
        for chunk in apps.chunks(CHUNK) {
            imported += store.bulk_insert(chunk, &actor, &source).await?.len();
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
        store.close().await;
        println!(
            "已导入 {imported} 件申请{}",
            if rejected.is_empty() { String::new() } else { format!("，跳过有误的 {} 行", rejected.len()) }
        );
        Ok(if rejected.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
    })
}

fn progress(len: u64, what: &str) -> ProgressBar {
    if len < 2_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 行 ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// Where each known column is in the file.
#[derive(Debug, Default)]
struct Columns {
    agency: Option<usize>,
    kind: usize,
    name: usize,
    id_number: usize,
    phone: Option<usize>,
    address: Option<usize>,
    channel: usize,
    delivery: Option<usize>,
    registered_on: usize,
    received_on: Option<usize>,
    items: usize,
    concluded_on: Option<usize>,
    outcome: Option<usize>,
}

impl Columns {
    fn from_header(header: &[String]) -> anyhow::Result<Columns> {
        let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim()));
        let need = |names: &[&str]| find(names).with_context(|| format!("缺少“{}”列", names[1]));
        Ok(Columns {
            agency: find(&["agency", "机关"]),
            kind: need(&["applicant_kind", "申请人类型"])?,
            name: need(&["name", "申请人"])?,
            id_number: need(&["id_number", "身份证明号码"])?,
            phone: find(&["phone", "联系电话"]),
            address: find(&["address", "通信地址"]),
            channel: need(&["channel", "申请渠道"])?,
            delivery: find(&["delivery", "获取方式"]),
            registered_on: need(&["registered_on", "登记日期"])?,
            received_on: find(&["received_on", "收到日期"]),
            items: need(&["items", "申请内容"])?,
            concluded_on: find(&["concluded_on", "办结日期"]),
            outcome: find(&["outcome", "办理结果"]),
        })
    }

    /// One row as an application with its history, or the reason it is refused.
    fn row(&self, f: &[String], default_agency: Option<&AgencyId>) -> Result<BulkApplication, String> {
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let opt = |i: Option<usize>| i.map(get).unwrap_or("");
        let date = |label: &str, s: &str| -> Result<Date, String> {
            gongkai_core::calendar::parse_iso_date(s)
                .ok_or_else(|| format!("{label}“{s}”不是有效日期（应为 YYYY-MM-DD）"))
        };
        let agency = match (opt(self.agency), default_agency) {
            ("", Some(a)) => a.clone(),
            ("", None) => return Err("缺少机关".into()),
            (s, _) => AgencyId::new(s).map_err(|e| e.to_string())?,
        };
        let kind = codes::parse_applicant_kind(get(self.kind))
            .ok_or_else(|| format!("申请人类型“{}”无法识别", get(self.kind)))?;
        let channel = codes::parse_channel(get(self.channel))
            .ok_or_else(|| format!("申请渠道“{}”无法识别", get(self.channel)))?;
        let registered_on = date("登记日期", get(self.registered_on))?;
        let items: Vec<String> =
            get(self.items).split(['；', ';', '|']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        let delivery = match opt(self.delivery) {
            "" => "未注明".to_string(),
            s => s.to_string(),
        };
        let application = NewApplication {
            agency,
            applicant: Applicant {
                kind,
                name: get(self.name).to_string(),
                id_number: get(self.id_number).to_string(),
                phone: opt(self.phone).to_string(),
                address: opt(self.address).to_string(),
            },
            channel,
            delivery,
            registered_on,
            items,
        };
        application.validate().map_err(|e| e.to_string())?;

        let mut events = Vec::new();
        match (channel.needs_confirmation(), opt(self.received_on)) {
            (true, "") => {}
            (true, s) => events.push(Event::ConfirmReceipt { on: date("收到日期", s)? }),
            (false, "") => {}
            (false, s) if date("收到日期", s)? == registered_on => {}
            (false, s) => {
                return Err(format!(
                    "{}渠道的申请以登记日期为收到日期，收到日期“{s}”与登记日期不一致",
                    channel.label()
                ));
            }
        }
        match (opt(self.concluded_on), opt(self.outcome)) {
            ("", "") => {}
            ("", _) | (_, "") => return Err("办结日期和办理结果须同时填写".into()),
            (d, o) => {
                let on = date("办结日期", d)?;
                let outcome = codes::parse_outcome(o)
                    .ok_or_else(|| format!("办理结果“{o}”无法识别（可用代码：{}）", codes::outcome_help()))?;
                match outcome {
                    Outcome::Other(OtherDisposition::Withdrawn) => events.push(Event::Withdraw { on }),
                    Outcome::Other(OtherDisposition::NoCorrection | OtherDisposition::NoFee)
                    | Outcome::Unable(UnableReason::StillUnclear) => {
                        return Err(format!(
                            "“{}”须经补正或收费流程产生，不能直接导入，请登记后逐步办理",
                            codes::outcome_detail(outcome)
                        ));
                    }
                    _ => events.push(Event::Answer { on, outcome }),
                }
            }
        }
        gongkai_store::replay(&application, &events).map_err(|(_, e)| e.to_string())?;
        Ok(BulkApplication { application, events })
    }
}

/// RFC 4180 CSV: fields separated by commas, optionally quoted with `"` (doubled inside),
/// records separated by LF or CRLF. Returns each record with its starting line number.
fn parse_csv(text: &str) -> anyhow::Result<Vec<(usize, Vec<String>)>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut start = 1usize;
    let mut quoted = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        bail!("第{start}行起的引号没有闭合");
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_and_line_numbers() {
        let text = "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row";
        let r = parse_csv(text).unwrap();
        assert_eq!(r[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(r[1], (2, vec!["x,1".to_string(), "say \"hi\"".to_string()]));
        assert_eq!(r[2], (3, vec!["multi\nline".to_string(), "z".to_string()]));
        assert_eq!(r[3].0, 5);
        assert!(parse_csv("\"open").is_err());
    }
}
