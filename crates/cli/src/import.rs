//! `gongkai import applications FILE` (and `import items`, see [`crate::items`]): applications from a ledger (台账) in CSV (UTF-8 or GB18030,
//! read with the `csv` crate) or XLSX/XLS/ODS (first sheet, read with `calamine`). Every row is
//! checked (mandatory contents, codes, dates, a history the rules allow) before anything is
//! written; rejected rows are listed with their row number and reason in Chinese.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::case::{Event, OtherDisposition, Outcome, UnableReason};
use gongkai_store::{AgencyId, Applicant, BulkApplication, NewApplication, codes};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;

use crate::db::{ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ImportCommand {
    /// Import applications from a CSV (UTF-8 or GB18030) or XLSX file (first sheet), with a
    /// header row; see the column list in --help.
    ///
    /// Columns (English or Chinese header names): agency/机关, applicant_kind/申请人类型,
    /// name/申请人, id_type/证件类型 (optional: the type the number shows), id_number/身份证明号码,
    /// phone/联系电话, address/通信地址, email/电子邮箱, representative/法定代表人 and
    /// contact_person/联系人 (optional), channel/申请渠道,
    /// delivery/获取方式, registered_on/登记日期, received_on/收到日期 (channels that need
    /// confirmation), items/申请内容 (several separated by ；), concluded_on/办结日期 and
    /// outcome/办理结果 (optional, an outcome code; other.withdrawn for a withdrawal).
    Applications(ApplicationsArgs),
    /// Import proactive-disclosure items (主动公开信息) from CSV or JSON: every row checked,
    /// nothing imported when any row is rejected (the same as `gongkai item import`).
    Items(crate::items::ImportArgs),
}

#[derive(Debug, clap::Args)]
struct ApplicationsArgs {
    /// 台账文件：CSV（UTF-8 或 GB18030 编码）或 Excel（.xlsx、.xls、.ods，读取第一个工作表）
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
    let a = match args.command {
        ImportCommand::Applications(a) => a,
        ImportCommand::Items(a) => return crate::items::import(a, db),
    };
    let actor = a.actor.actor()?;
    let records = read_rows(&a.file)?;
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

    db.with_store(async |store| {
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
    id_type: Option<usize>,
    id_number: usize,
    phone: Option<usize>,
    address: Option<usize>,
    email: Option<usize>,
    representative: Option<usize>,
    contact_person: Option<usize>,
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
            id_type: find(&["id_type", "证件类型"]),
            id_number: need(&["id_number", "身份证明号码"])?,
            phone: find(&["phone", "联系电话"]),
            address: find(&["address", "通信地址"]),
            email: find(&["email", "电子邮箱"]),
            representative: find(&["representative", "法定代表人"]),
            contact_person: find(&["contact_person", "联系人"]),
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
                id_type: match opt(self.id_type) {
                    "" => gongkai_core::identity::IdType::infer(
                        get(self.id_number),
                        kind != gongkai_core::case::ApplicantKind::Natural,
                    ),
                    t => gongkai_core::identity::IdType::parse(t).ok_or_else(|| format!("证件类型“{t}”无效"))?,
                },
                id_number: get(self.id_number).to_string(),
                phone: opt(self.phone).to_string(),
                address: opt(self.address).to_string(),
                email: opt(self.email).to_string(),
                representative: opt(self.representative).to_string(),
                contact_person: opt(self.contact_person).to_string(),
            },
            channel,
            delivery,
            registered_on,
            items,
        };
        application.validate_record().map_err(|e| e.to_string())?;

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
                    _ => events.push(Event::Answer { on, outcome, text: Default::default() }),
                }
            }
        }
        gongkai_store::replay(&application, &events).map_err(|(_, e)| e.to_string())?;
        Ok(BulkApplication { application, events })
    }
}

/// The rows of a ledger file with their row numbers (1-based, as a spreadsheet or text
/// editor shows them); the first is the header.
pub(crate) fn read_rows(path: &Path) -> anyhow::Result<Vec<(usize, Vec<String>)>> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
        return read_sheet(path);
    }
    let bytes = std::fs::read(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let text = decode(&bytes).with_context(|| format!("{} 不是 UTF-8 或 GB18030 编码的 CSV 文件", path.display()))?;
    read_csv(&text).with_context(|| format!("{} 不是有效的 CSV 文件", path.display()))
}

/// UTF-8 (with or without BOM), or GB18030 as Excel saves CSV on Chinese Windows.
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks), each record with the
/// line it starts on.
fn read_csv(text: &str) -> anyhow::Result<Vec<(usize, Vec<String>)>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let (mut line, mut counted) = (1usize, 0usize);
    loop {
        // The line the next record starts on (a quoted field may span lines), counted from the
        // reader's byte offset past any line ends it has not consumed yet (the LF of a CRLF).
        let bytes = text.as_bytes();
        let mut start = (reader.position().byte() as usize).clamp(counted, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[counted..start].iter().filter(|&&b| b == b'\n').count();
        counted = start;
        if !reader.read_record(&mut record)? {
            break;
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

/// The first sheet of a workbook, cells as text: numbers without a spurious “.0” (phone and ID
/// numbers typed as numbers), date cells as YYYY-MM-DD.
fn read_sheet(path: &Path) -> anyhow::Result<Vec<(usize, Vec<String>)>> {
    use calamine::Reader;
    let mut workbook =
        calamine::open_workbook_auto(path).with_context(|| format!("{} 不是可以读取的 Excel 文件", path.display()))?;
    let range = workbook
        .worksheet_range_at(0)
        .with_context(|| format!("{} 中没有工作表", path.display()))?
        .with_context(|| format!("无法读取 {} 的第一个工作表", path.display()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Keep column positions as the sheet has them, even when column A is empty.
            let texts = std::iter::repeat_n(String::new(), first_col).chain(cells.iter().map(cell_text)).collect();
            (first_row + i + 1, texts)
        })
        .collect())
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#错误（{e}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_and_line_numbers() {
        let text = "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,row";
        let r = read_csv(text).unwrap();
        assert_eq!(r[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(r[1], (2, vec!["x,1".to_string(), "say \"hi\"".to_string()]));
        assert_eq!(r[2], (3, vec!["multi\nline".to_string(), "z".to_string()]));
        assert_eq!(r[3].0, 5);
    }

    #[test]
    fn gb18030_csv_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("申请人,机关\n王小明,demo\n");
        assert_eq!(decode(&bytes).unwrap(), "申请人,机关\n王小明,demo\n");
        assert_eq!(decode("\u{feff}a,b".as_bytes()).unwrap(), "a,b");
    }

    #[test]
    fn spreadsheet_cells_read_as_the_ledger_wrote_them() {
        use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
        let table = [
            (Data::Float(13800000001.0), "13800000001"),
            (Data::Int(42), "42"),
            (Data::Float(2.5), "2.5"),
            (Data::String("王小明".into()), "王小明"),
            (Data::DateTime(ExcelDateTime::new(45748.0, ExcelDateTimeType::DateTime, false)), "2025-04-01"),
            (Data::DateTimeIso("2025-04-02T00:00:00".into()), "2025-04-02"),
            (Data::Empty, ""),
        ];
        for (cell, text) in table {
            assert_eq!(cell_text(&cell), text, "{cell:?}");
        }
    }
}
