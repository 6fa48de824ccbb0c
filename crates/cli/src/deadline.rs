//! `gongkai deadline`: the reply deadline in working days, with a day-by-day explanation in Chinese.
//!
//! Output: the due date (YYYY-MM-DD) alone on the first line, then warnings, then the explanation,
//! so `gongkai deadline … | head -1` gives just the date.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::calendar::{
    Calendar, DEFAULT_DAYS, DayKind, Deadline, DeadlineRequest, ExplainedDay, parse_iso_date, weekday_zh,
};
use jiff::civil::Date;

// Help texts are user-facing, hence Chinese, with article numbers as the Regulation writes them.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_name = "RECEIVED", help = "收到申请之日（第三十一条），格式 YYYY-MM-DD；当日不计入")]
    received: String,
    #[arg(
        long,
        value_name = "N",
        default_value_t = DEFAULT_DAYS,
        value_parser = parse_days,
        help = "期限的工作日数：答复20（第三十三条），补正告知7（第三十条），第三方或其他机关提出意见15（第三十二条、第三十四条）"
    )]
    days: u32,
    #[arg(long, value_name = "DATE", help = "收到补正后申请之日（第三十条）：自该日重新计算期限")]
    corrected: Option<String>,
    #[arg(
        long = "pause",
        value_name = "FROM..TO",
        help = "征求第三方和其他机关意见的期间，两端日期均含，不计算在期限内（第三十三条第三款）；可重复"
    )]
    pauses: Vec<String>,
    #[arg(long, help = "延长答复期限20个工作日，接续原期限计算（第三十三条）")]
    extend: bool,
}

fn parse_days(text: &str) -> Result<u32, String> {
    text.trim().parse().map_err(|_| format!("期限天数应为1至365之间的整数，不能是“{text}”"))
}

fn parse_date(what: &str, text: &str) -> anyhow::Result<Date> {
    match parse_iso_date(text.trim()) {
        Some(date) => Ok(date),
        None => bail!("{what}“{text}”不是有效日期，应为 YYYY-MM-DD 格式（如 2024-09-27）"),
    }
}

fn parse_pause(text: &str) -> anyhow::Result<(Date, Date)> {
    let Some((from, to)) = text.split_once("..") else {
        bail!("征求意见期间“{text}”格式不对，应为 开始日期..结束日期（如 2024-10-08..2024-10-14）");
    };
    Ok((parse_date("征求意见期间的开始日期", from)?, parse_date("征求意见期间的结束日期", to)?))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let request = DeadlineRequest {
        received: parse_date("收到申请之日", &args.received)?,
        days: args.days,
        corrected: args.corrected.as_deref().map(|c| parse_date("收到补正后申请之日", c)).transpose()?,
        pauses: args.pauses.iter().map(|p| parse_pause(p)).collect::<anyhow::Result<_>>()?,
        extend: args.extend,
    };
    let deadline = request.explain(Calendar::official())?;
    let text = render(&request, &deadline);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).context("无法输出结果")?;
    out.flush().context("无法输出结果")?;
    Ok(ExitCode::SUCCESS)
}

fn day(date: Date) -> String {
    format!("{date} {}", weekday_zh(date.weekday()))
}

/// The whole output: due date line, warnings, the rules applied, every day, a tally.
fn render(req: &DeadlineRequest, dl: &Deadline) -> String {
    let mut s = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(s, "{}", dl.due);
    for w in &dl.warnings {
        let _ = writeln!(s, "警告：{w}");
    }
    let _ = writeln!(s, "收到申请之日：{}（当日不计入）", day(dl.received));
    if dl.restarted {
        let _ = writeln!(s, "收到补正后申请之日：{}（依第三十条自该日重新计算，当日不计入）", day(dl.start));
    }
    let from = if dl.restarted { "收到补正后申请之日" } else { "收到申请之日" };
    let _ = write!(s, "期限：自{from}次日起{}个工作日", dl.days);
    if dl.extension > 0 {
        let _ = write!(s, "，延长{}个工作日（第三十三条），共{}个工作日", dl.extension, dl.days + dl.extension);
    }
    let _ = writeln!(s);
    for &(from, to) in &req.pauses {
        let _ = writeln!(s, "征求意见期间：{from} 至 {to}（第三十三条第三款，不计算在期限内）");
    }
    if dl.paused_working_days > 0 {
        let _ = writeln!(s, "因征求意见未计入的工作日：{}天", dl.paused_working_days);
    }
    if dl.extension > 0 {
        let _ = writeln!(s, "原期限届满之日：{}", day(dl.original_due));
    }
    let _ = writeln!(s, "期限届满之日：{}", day(dl.due));
    let _ = writeln!(s, "逐日计算：");
    for e in &dl.explanation {
        let _ = writeln!(s, "  {}  {}", day(e.date), describe(e, dl));
    }
    let _ = writeln!(s, "{}", tally(dl));
    s
}

/// One day's line: which working day it is, or why it is not counted.
fn describe(e: &ExplainedDay, dl: &Deadline) -> String {
    let mut s = match e.ordinal {
        Some(n) => {
            let mut s = format!("第{n}个工作日");
            if n > dl.days {
                let _ = write!(s, "（延长期第{}个工作日）", n - dl.days);
            }
            if let DayKind::MakeUpWorkday { .. } = e.kind {
                let _ = write!(s, "（{}）", e.kind);
            }
            s
        }
        None => {
            let mut reasons = Vec::new();
            if !e.kind.is_working() {
                reasons.push(e.kind.to_string());
            }
            if e.paused {
                reasons.push(match e.kind {
                    DayKind::MakeUpWorkday { .. } => format!("征求意见（{}）", e.kind),
                    _ => "征求意见".to_owned(),
                });
            }
            format!("不计入：{}", reasons.join("；"))
        }
    };
    if e.ordinal.is_some() && e.date == dl.due {
        s.push_str("，期限届满");
    } else if e.ordinal.is_some() && e.date == dl.original_due && dl.extension > 0 {
        s.push_str("，原期限届满");
    }
    s
}

/// Totals a person can check the list against: every listed day falls in exactly one group.
fn tally(dl: &Deadline) -> String {
    let (mut counted, mut weekend, mut holiday, mut paused) = (0, 0, 0, 0);
    for e in &dl.explanation {
        match (e.ordinal, e.paused, &e.kind) {
            (Some(_), ..) => counted += 1,
            (None, true, _) => paused += 1,
            (None, false, DayKind::Holiday { .. }) => holiday += 1,
            (None, false, _) => weekend += 1,
        }
    }
    let mut s = format!("合计：列出{}天，计入{counted}个工作日；未计入：周末{weekend}天", dl.explanation.len());
    if holiday > 0 {
        let _ = write!(s, "，节假日{holiday}天");
    }
    if paused > 0 {
        let _ = write!(s, "，征求意见期间{paused}天");
    }
    s
}
