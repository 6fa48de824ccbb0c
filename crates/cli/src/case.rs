//! `gongkai case`: casework from the command line: register an application, list them with
//! masked personal data, show one in full (logged), and apply an event to it.

use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::calendar::DeadlineRequest;
use gongkai_core::case::fee::{FeeBasis, fee_yuan};
use gongkai_core::case::{Event, Lifecycle, Stage};
use gongkai_store::{
    AgencyId, Applicant, ApplicationId, ApplicationSummary, Error as StoreError, ListQuery, NewApplication, Store,
    codes,
};
use jiff::civil::Date;

use crate::db::{self, ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(Debug, clap::Subcommand)]
enum CaseCommand {
    /// Register an application (登记申请).
    New(NewArgs),
    /// List applications, personal data masked.
    List(ListArgs),
    /// Show one application in full, personal data included (the viewing is logged).
    Show(ShowArgs),
    /// Apply an event: confirm receipt, 补正, 征求意见, extension, fees, answer, withdrawal.
    Event(EventArgs),
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// 机关标识
    #[arg(long, default_value = "demo")]
    agency: String,
    /// 申请人类型：natural/commercial/research/public_interest/legal_service/other_org（或表三栏目名称）
    #[arg(long, default_value = "natural")]
    kind: String,
    /// 申请人姓名或名称
    #[arg(long)]
    name: String,
    /// 身份证明号码（身份证号、护照号或统一社会信用代码）
    #[arg(long)]
    id_number: String,
    /// 联系电话
    #[arg(long, default_value = "")]
    phone: String,
    /// 通信地址
    #[arg(long, default_value = "")]
    address: String,
    /// 申请渠道：in_person/oral/post_signed/post_unsigned/online/fax（或 当面、网络 等）
    #[arg(long, default_value = "in_person")]
    channel: String,
    /// 获取信息的方式
    #[arg(long, default_value = "电子邮件")]
    delivery: String,
    /// 登记日期（默认今天）
    #[arg(long)]
    on: Option<Date>,
    /// 申请公开的政府信息（可多次使用，每项一条）
    #[arg(long = "item", required = true)]
    items: Vec<String>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// 机关标识（默认全部）
    #[arg(long)]
    agency: Option<String>,
    /// 办理状态：awaiting_confirmation/processing/awaiting_correction/consulting/awaiting_payment/concluded
    #[arg(long)]
    stage: Option<String>,
    /// 最多显示条数
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// 只显示编号小于此值的申请（翻页）
    #[arg(long)]
    before: Option<i64>,
    /// 输出 JSON Lines
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// 申请编号或查询码
    application: String,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(false)))]
struct EventArgs {
    /// 申请编号或查询码
    application: String,
    /// 您所依据的版本号（默认为当前版本；用于防止两人同时办理同一申请）
    #[arg(long)]
    version: Option<i64>,
    /// 事件日期（默认今天）
    #[arg(long)]
    on: Option<Date>,
    /// 确认收到申请（平常信函、网络、传真）
    #[arg(long, group = "what")]
    confirm: bool,
    /// 答复，结果代码如 granted、partial、denied.third_party（见 --help-outcomes）
    #[arg(long, group = "what", value_name = "OUTCOME")]
    answer: Option<String>,
    /// 告知补正（须同时给出 --by 补正期限）
    #[arg(long, group = "what", requires = "by")]
    correct_request: bool,
    /// 补正期限
    #[arg(long)]
    by: Option<Date>,
    /// 收到补正
    #[arg(long, group = "what")]
    correct_received: bool,
    /// 逾期未补正，视为放弃申请
    #[arg(long, group = "what")]
    correction_lapsed: bool,
    /// 征求意见：third_party（第三方）或 other_organ（其他机关）
    #[arg(long, group = "what", value_name = "PARTY")]
    consult: Option<String>,
    /// 征求意见结束
    #[arg(long, group = "what")]
    consult_end: bool,
    /// 批准延期答复
    #[arg(long, group = "what")]
    extend: bool,
    /// 发出收费通知，金额（元）
    #[arg(long, group = "what", value_name = "YUAN")]
    fee_notice: Option<u64>,
    /// 发出收费通知，按量计收的页数（按国办函〔2020〕109号计算金额）
    #[arg(long, group = "what", value_name = "PAGES")]
    fee_pages: Option<u32>,
    /// 已缴费
    #[arg(long, group = "what")]
    paid: bool,
    /// 逾期未缴费，视为放弃申请
    #[arg(long, group = "what")]
    fee_lapsed: bool,
    /// 申请人撤回申请
    #[arg(long, group = "what")]
    withdraw: bool,
    /// 列出全部答复结果代码
    #[arg(long, group = "what")]
    help_outcomes: bool,
    #[command(flatten)]
    actor: ActorArg,
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    let rt = db::runtime()?;
    rt.block_on(async {
        let store = db.open().await?;
        let code = match args.command {
            CaseCommand::New(a) => new(&store, a).await,
            CaseCommand::List(a) => list(&store, a).await,
            CaseCommand::Show(a) => show(&store, a).await,
            CaseCommand::Event(a) => event(&store, a).await,
        };
        store.close().await;
        code
    })
}

async fn new(store: &Store, a: NewArgs) -> anyhow::Result<ExitCode> {
    let kind = codes::parse_applicant_kind(&a.kind).with_context(|| format!("未知的申请人类型“{}”", a.kind))?;
    let channel = codes::parse_channel(&a.channel).with_context(|| format!("未知的申请渠道“{}”", a.channel))?;
    let app = NewApplication {
        agency: AgencyId::new(&a.agency)?,
        applicant: Applicant { kind, name: a.name, id_number: a.id_number, phone: a.phone, address: a.address },
        channel,
        delivery: a.delivery,
        registered_on: a.on.unwrap_or_else(db::today),
        items: a.items,
    };
    let reg = store.register(&app, &a.actor.actor()?).await?;
    println!("已登记申请 {}，查询码 {}（版本 {}）", reg.id, reg.tracking_code, reg.version);
    if channel.needs_confirmation() {
        println!("提示：{}渠道的申请须与申请人确认后才确定收到申请之日（第三十一条），请及时确认", channel.label());
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(store: &Store, a: ListArgs) -> anyhow::Result<ExitCode> {
    if let Some(s) = &a.stage
        && !codes::STAGES.contains(&s.as_str())
    {
        bail!("未知的办理状态“{s}”，可用：{}", codes::STAGES.join("、"));
    }
    let query = ListQuery {
        agency: a.agency.as_deref().map(AgencyId::new).transpose()?,
        stage: a.stage,
        before: a.before.map(ApplicationId),
        limit: a.limit,
    };
    let list = store.list_applications(&query).await?;
    for s in &list {
        if a.json {
            println!("{}", serde_json::to_string(s)?);
        } else {
            println!("{}", line(s));
        }
    }
    if !a.json {
        println!("共 {} 条（个人信息已脱敏；查看完整信息请用 gongkai case show，查看将记入审计日志）", list.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn line(s: &ApplicationSummary) -> String {
    let state = match s.concluded {
        Some((on, outcome)) => format!("{on}办结：{}", codes::outcome_detail(outcome)),
        None => codes::stage_label(&s.stage).to_string(),
    };
    format!(
        "{:>6}  {}  {}  {} {} {}  {}  登记{}  {}  v{}",
        s.id,
        s.tracking_code,
        s.agency,
        s.applicant.kind.label(),
        s.applicant.name,
        s.applicant.id_number,
        s.applicant.phone,
        s.registered_on,
        state,
        s.version
    )
}

/// An application number or a tracking code.
async fn resolve(store: &Store, text: &str) -> anyhow::Result<ApplicationId> {
    if let Ok(id) = text.parse::<ApplicationId>() {
        return Ok(id);
    }
    store.find_by_tracking_code(text).await?.with_context(|| format!("没有查询码为“{text}”的申请"))
}

async fn show(store: &Store, a: ShowArgs) -> anyhow::Result<ExitCode> {
    let id = resolve(store, &a.application).await?;
    let actor = a.actor.actor()?;
    let d = store.application(id, &actor).await?;
    let p = &d.applicant;
    println!("申请 {}  查询码 {}  机关 {}  版本 {}", d.id, d.tracking_code, d.agency, d.version);
    println!("申请人：{}（{}）  身份证明：{}", p.name, p.kind.label(), p.id_number);
    println!("联系电话：{}  地址：{}", p.phone, p.address);
    println!("渠道：{}  获取方式：{}  登记日期：{}", d.channel.label(), d.delivery, d.registered_on);
    for (i, item) in d.items.iter().enumerate() {
        println!("申请内容{}：{}", i + 1, item);
    }
    println!("状态：{}", describe(&d.lifecycle));
    if d.lifecycle.concluded().is_none()
        && let Some(received) = d.lifecycle.clock.received
    {
        let calendar = store.calendar().await?;
        let request = DeadlineRequest {
            received,
            days: gongkai_core::calendar::DEFAULT_DAYS,
            corrected: d.lifecycle.clock.corrected,
            pauses: d.lifecycle.clock.pauses.clone(),
            extend: d.lifecycle.clock.extended,
        };
        match request.compute(&calendar) {
            Ok(deadline) => {
                println!("答复期限：{}{}", deadline.due, if deadline.extension > 0 { "（已延期）" } else { "" });
                for w in &deadline.warnings {
                    println!("  注意：{w}");
                }
            }
            Err(e) => println!("答复期限无法计算：{e}"),
        }
    }
    for e in store.events(id).await? {
        println!("  {}  {}  {}（{}）", e.event.date(), e.event.label(), e.actor, e.at);
    }
    for r in store.remedies_of(id).await? {
        let result = match r.result {
            Some((on, res)) => format!("{on} 结果：{}", codes::remedy_result(res)),
            None => "尚未审结".into(),
        };
        println!("  救济：{} {} {}", codes::remedy_kind(r.kind), r.filed_on, result);
    }
    eprintln!("（已记录：{actor} 查看了该申请的个人信息）");
    Ok(ExitCode::SUCCESS)
}

fn describe(lc: &Lifecycle) -> String {
    match &lc.stage {
        Stage::AwaitingCorrection { requested_on, correct_by } => {
            format!("待补正（{requested_on}告知，期限{correct_by}）")
        }
        Stage::Consulting { since, .. } => format!("征求意见中（自{since}）"),
        Stage::AwaitingPayment { notice_on, amount_yuan } => format!("待缴费（{notice_on}通知，{amount_yuan}元）"),
        Stage::Concluded { on, outcome } => {
            format!(
                "已办结（{on}，{}，依据{}）",
                codes::outcome_detail(*outcome),
                if outcome.article().is_empty() { "—" } else { outcome.article() }
            )
        }
        _ => lc.stage_label().to_string(),
    }
}

async fn event(store: &Store, a: EventArgs) -> anyhow::Result<ExitCode> {
    if a.help_outcomes {
        for o in gongkai_core::case::Outcome::all() {
            println!("{:<28} {}", codes::outcome(o), codes::outcome_detail(o));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let on = a.on.unwrap_or_else(db::today);
    let event = if a.confirm {
        Event::ConfirmReceipt { on }
    } else if let Some(o) = &a.answer {
        let outcome =
            codes::parse_outcome(o).with_context(|| format!("未知的答复结果“{o}”，请用 --help-outcomes 查看"))?;
        Event::Answer { on, outcome }
    } else if a.correct_request {
        Event::RequestCorrection { on, correct_by: a.by.context("告知补正须给出 --by 补正期限")? }
    } else if a.correct_received {
        Event::ReceiveCorrection { on }
    } else if a.correction_lapsed {
        Event::CorrectionLapsed { on }
    } else if let Some(p) = &a.consult {
        Event::StartConsultation {
            on,
            party: codes::parse_consulted(p).with_context(|| format!("未知的征求意见对象“{p}”"))?,
        }
    } else if a.consult_end {
        Event::EndConsultation { on }
    } else if a.extend {
        Event::ApproveExtension { on }
    } else if let Some(amount_yuan) = a.fee_notice {
        Event::IssueFeeNotice { on, amount_yuan }
    } else if let Some(pages) = a.fee_pages {
        Event::IssueFeeNotice { on, amount_yuan: fee_yuan(FeeBasis::PerPage { pages }) }
    } else if a.paid {
        Event::RecordPayment { on }
    } else if a.fee_lapsed {
        Event::FeeLapsed { on }
    } else if a.withdraw {
        Event::Withdraw { on }
    } else {
        bail!("请指定一个事件");
    };
    let id = resolve(store, &a.application).await?;
    let version = match a.version {
        Some(v) => v,
        None => store.version(id).await?,
    };
    match store.apply_event(id, version, &event, &a.actor.actor()?).await {
        Ok(applied) => {
            println!(
                "申请 {id}：{}（{}），现为第{}版，状态：{}",
                event.label(),
                on,
                applied.version,
                describe(&applied.lifecycle)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ (StoreError::Conflict { .. } | StoreError::Transition(_))) => {
            eprintln!("未办理：{e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
