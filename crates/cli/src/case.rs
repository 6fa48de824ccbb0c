//! `gongkai case`: casework from the command line: register an application, list them with
//! masked personal data (or as a queue by reply deadline), show one in full (logged), apply an
//! event to it, issue its reply letter (答复书/告知书), and record reviews and suits against it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::case::fee::{FeeBasis, fee_yuan};
use gongkai_core::case::{Event, Lifecycle, OtherDisposition, Outcome, ReplyText, Stage};
use gongkai_render::{LetterInput, ResponsibleOrgan};
use gongkai_store::{
    AgencyId, Applicant, ApplicationId, ApplicationSummary, Error as StoreError, ListQuery, NewApplication, RemedyId,
    RemedyRecord, Store, codes,
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
    /// Issue the reply letter (答复书/告知书) of a concluded application as HTML or DOCX.
    Letter(LetterArgs),
    /// Record a review or suit (行政复议/行政诉讼) against the handling of an application.
    Remedy(RemedyArgs),
    /// Record how a review or suit ended.
    RemedyResult(RemedyResultArgs),
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
    /// 证件类型：resident_id/passport/hk_macao_permit/taiwan_permit/foreign_permanent_resident/credit_code/other（或中文名称；默认按号码判断）
    #[arg(long, default_value = "")]
    id_type: String,
    /// 证件号码（身份证号、护照号或统一社会信用代码）
    #[arg(long)]
    id_number: String,
    /// 联系电话
    #[arg(long, default_value = "")]
    phone: String,
    /// 通信地址
    #[arg(long, default_value = "")]
    address: String,
    /// 电子邮箱（以电子邮件获取信息时必填）
    #[arg(long, default_value = "")]
    email: String,
    /// 法定代表人或负责人（法人或其他组织）
    #[arg(long, default_value = "")]
    representative: String,
    /// 联系人（法人或其他组织）
    #[arg(long, default_value = "")]
    contact_person: String,
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
    /// 按答复期限排列未办结的申请（待办队列：期限最近的在前，暂停计时的在后）
    #[arg(long, conflicts_with_all = ["stage", "before"])]
    due: bool,
    /// 输出 JSON Lines
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LetterFormat {
    Html,
    Docx,
}

#[derive(Debug, clap::Args)]
struct LetterArgs {
    /// 申请编号或查询码
    application: String,
    /// 输出格式
    #[arg(long, value_enum, default_value = "html")]
    format: LetterFormat,
    /// 输出文件（默认：数据目录下 letters/查询码.html 或 .docx）
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// 答复书中须由办理人员填写的内容：予以公开的提供方式、不予公开的理由、获取途径等
    #[arg(long, value_name = "TEXT")]
    reasons: Option<String>,
    /// 负责公开该信息的机关名称（非本机关政府信息时）
    #[arg(long, value_name = "NAME", requires = "responsible_contact")]
    responsible_organ: Option<String>,
    /// 负责公开该信息的机关的联系方式
    #[arg(long, value_name = "TEXT", requires = "responsible_organ")]
    responsible_contact: Option<String>,
    /// 救济告知中写明的行政复议机关（默认写“行政复议机关”）
    #[arg(long, value_name = "NAME")]
    review_organ: Option<String>,
    /// 救济告知中写明的人民法院（默认写“人民法院”）
    #[arg(long, value_name = "NAME")]
    court: Option<String>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct RemedyArgs {
    /// 申请编号或查询码
    application: String,
    /// 类型：复议、诉讼（未经复议直接起诉）、复议后诉讼
    #[arg(long, value_name = "KIND")]
    kind: String,
    /// 申请复议或提起诉讼的日期
    #[arg(long)]
    filed: Date,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct RemedyResultArgs {
    /// 复议诉讼记录编号（gongkai case remedy 或 case show 显示）
    remedy: i64,
    /// 审结日期
    #[arg(long)]
    on: Date,
    /// 结果：维持、纠正、其他（表四“结果维持”“结果纠正”“其他结果”）
    #[arg(long, value_name = "RESULT")]
    result: String,
    #[command(flatten)]
    actor: ActorArg,
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
    /// 答复书中的理由、提供方式或获取途径（答复时；写入答复书）
    #[arg(long, value_name = "TEXT", requires = "answer")]
    reasons: Option<String>,
    /// 负责公开该信息的机关及联系方式（非本机关政府信息时），如“示例市财政局，电话 0000-1234567”
    #[arg(long, value_name = "TEXT", requires = "answer")]
    responsible_organ: Option<String>,
    /// 告知补正（须同时给出 --by 补正期限和 --items 需要补正的事项，条例第三十条）
    #[arg(long, group = "what", requires_all = ["by", "items"])]
    correct_request: bool,
    /// 补正期限
    #[arg(long)]
    by: Option<Date>,
    /// 需要补正的事项（告知补正时；写入补正告知书）
    #[arg(long, value_name = "TEXT", requires = "correct_request")]
    items: Option<String>,
    /// 收到补正
    #[arg(long, group = "what")]
    correct_received: bool,
    /// 逾期未补正，视为放弃申请
    #[arg(long, group = "what")]
    correction_lapsed: bool,
    /// 征求意见：third_party（第三方）或 other_organ（其他机关）；须同时给出 --whom
    #[arg(long, group = "what", value_name = "PARTY", requires = "whom")]
    consult: Option<String>,
    /// 征求意见的对象（第三方或机关名称，写入征求意见书）
    #[arg(long, value_name = "NAME", requires = "consult")]
    whom: Option<String>,
    /// 征求意见结束
    #[arg(long, group = "what")]
    consult_end: bool,
    /// 批准延期答复；须同时给出 --why 延长的理由（条例第三十三条）
    #[arg(long, group = "what", requires = "why")]
    extend: bool,
    /// 延长答复期限的理由（告知申请人）
    #[arg(long, value_name = "TEXT", requires = "extend")]
    why: Option<String>,
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
    db.with_store(async |store| match args.command {
        CaseCommand::New(a) => new(store, a).await,
        CaseCommand::List(a) => list(store, a).await,
        CaseCommand::Show(a) => show(store, a).await,
        CaseCommand::Event(a) => event(store, a).await,
        CaseCommand::Letter(a) => letter(store, db, a).await,
        CaseCommand::Remedy(a) => remedy(store, a).await,
        CaseCommand::RemedyResult(a) => remedy_result(store, a).await,
    })
}

async fn new(store: &Store, a: NewArgs) -> anyhow::Result<ExitCode> {
    let kind = codes::parse_applicant_kind(&a.kind).with_context(|| format!("未知的申请人类型“{}”", a.kind))?;
    let channel = codes::parse_channel(&a.channel).with_context(|| format!("未知的申请渠道“{}”", a.channel))?;
    let app = NewApplication {
        agency: AgencyId::new(&a.agency)?,
        applicant: Applicant {
            kind,
            name: a.name,
            id_type: match a.id_type.trim() {
                "" => gongkai_core::identity::IdType::infer(
                    &a.id_number,
                    kind != gongkai_core::case::ApplicantKind::Natural,
                ),
                t => gongkai_core::identity::IdType::parse(t).with_context(|| format!("未知的证件类型“{t}”"))?,
            },
            id_number: a.id_number.trim().to_uppercase(),
            phone: a.phone,
            address: a.address,
            email: a.email,
            representative: a.representative,
            contact_person: a.contact_person,
        },
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
    let agency = a.agency.as_deref().map(AgencyId::new).transpose()?;
    let list = if a.due {
        store.queue(agency.as_ref(), a.limit).await?
    } else {
        let query = ListQuery { agency, stage: a.stage, before: a.before.map(ApplicationId), limit: a.limit };
        store.list_applications(&query).await?
    };
    for s in &list {
        if a.json {
            println!("{}", serde_json::to_string(s)?);
        } else {
            println_safe!("{}", line(s));
        }
    }
    if !a.json {
        println!("共 {} 条（个人信息已脱敏；查看完整信息请用 gongkai case show，查看将记入审计日志）", list.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn line(s: &ApplicationSummary) -> String {
    let state = match (s.concluded, s.due_date) {
        (Some((on, outcome)), _) => format!("{on}办结：{}", codes::outcome_detail(outcome)),
        (None, Some(due)) => format!("{}，{due}前答复", codes::stage_label(&s.stage)),
        (None, None) => codes::stage_label(&s.stage).to_string(),
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
    println_safe!("申请 {}  查询码 {}  机关 {}  版本 {}", d.id, d.tracking_code, d.agency, d.version);
    println_safe!("申请人：{}（{}）  身份证明：{}", p.name, p.kind.label(), p.id_number);
    println_safe!("联系电话：{}  地址：{}", p.phone, p.address);
    println_safe!("渠道：{}  获取方式：{}  登记日期：{}", d.channel.label(), d.delivery, d.registered_on);
    for (i, item) in d.items.iter().enumerate() {
        println_safe!("申请内容{}：{}", i + 1, item);
    }
    println_safe!("状态：{}", describe(&d.lifecycle));
    match (d.lifecycle.deadline_request(), store.due_date(id).await?) {
        (Some(request), Some(due)) => {
            println_safe!("答复期限：{due}{}", if request.extend { "（已延期）" } else { "" });
            // The warnings (a year without an official schedule …) are worked out afresh.
            if let Ok(deadline) = request.compute(&store.calendar().await?) {
                for w in &deadline.warnings {
                    println_safe!("  注意：{w}");
                }
            }
        }
        (Some(_), None) => println_safe!("答复期限：无法计算"),
        (None, _) if d.lifecycle.concluded().is_none() => println_safe!("答复期限：{}", paused_reason(&d.lifecycle)),
        (None, _) => {}
    }
    for e in store.events(id).await? {
        println_safe!("  {}  {}  {}（{}）", e.event.date(), e.event.label(), e.actor, e.at);
    }
    let remedies = store.remedies_of(id).await?;
    if !remedies.is_empty() {
        println_safe!("复议诉讼：");
    }
    for r in &remedies {
        println_safe!("  {}", remedy_line(r));
    }
    eprintln!("（已记录：{actor} 查看了该申请的个人信息）");
    Ok(ExitCode::SUCCESS)
}

/// Why an open application has no running deadline.
fn paused_reason(lc: &Lifecycle) -> &'static str {
    match lc.stage {
        Stage::AwaitingConfirmation => "待确认收到申请之日后起算",
        Stage::AwaitingCorrection { .. } => "自收到补正之日起重新起算",
        Stage::Consulting { .. } => "征求意见期间不计算在内，征求意见结束后确定",
        Stage::AwaitingPayment { .. } => "缴费期间暂停计算，缴费后确定",
        _ => "无",
    }
}

fn remedy_line(r: &RemedyRecord) -> String {
    let result = match r.result {
        Some((on, res)) => format!("{on}审结，{}", codes::remedy_result_label(res)),
        None => "尚未审结".into(),
    };
    format!("记录 {}：{}，{}提起，{}", r.id, codes::remedy_kind_label(r.kind), r.filed_on, result)
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
        let (organ, contact) = match a.responsible_organ.as_deref().map(|o| o.split_once(['，', ','])) {
            Some(Some((organ, contact))) => (organ.trim().to_string(), contact.trim().to_string()),
            Some(None) => (a.responsible_organ.clone().unwrap_or_default(), String::new()),
            None => (String::new(), String::new()),
        };
        let text = ReplyText {
            reasons: a.reasons.clone().unwrap_or_default(),
            responsible_organ: organ,
            responsible_contact: contact,
        };
        Event::Answer { on, outcome, text }
    } else if a.correct_request {
        Event::RequestCorrection {
            on,
            correct_by: a.by.context("告知补正须给出 --by 补正期限")?,
            what: a.items.clone().filter(|w| !w.trim().is_empty()).context("告知补正须给出 --items 需要补正的事项")?,
        }
    } else if a.correct_received {
        Event::ReceiveCorrection { on, text: String::new() }
    } else if a.correction_lapsed {
        Event::CorrectionLapsed { on }
    } else if let Some(p) = &a.consult {
        Event::StartConsultation {
            on,
            party: codes::parse_consulted(p).with_context(|| format!("未知的征求意见对象“{p}”"))?,
            whom: a.whom.clone().filter(|w| !w.trim().is_empty()).context("征求意见须给出 --whom 对象名称")?,
        }
    } else if a.consult_end {
        Event::EndConsultation { on }
    } else if a.extend {
        Event::ApproveExtension {
            on,
            reasons: a.why.clone().filter(|w| !w.trim().is_empty()).context("延期答复须给出 --why 理由")?,
        }
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
                "申请 {id}：{}（{}），现为第{}版，状态：{}{}",
                event.label(),
                on,
                applied.version,
                describe(&applied.lifecycle),
                applied.due_date.map(|d| format!("，答复期限 {d}")).unwrap_or_default()
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

async fn letter(store: &Store, db: &Db, a: LetterArgs) -> anyhow::Result<ExitCode> {
    let id = resolve(store, &a.application).await?;
    let actor = a.actor.actor()?;
    // The letter names the applicant: reading it is a logged view of personal data.
    let d = store.application(id, &actor).await?;
    let Some((reply_date, outcome)) = d.lifecycle.concluded() else {
        eprintln!(
            "未出具：申请 {id}（查询码 {}）尚未办结（当前状态：{}），办结后才能出具答复书或告知书",
            d.tracking_code,
            d.lifecycle.stage_label()
        );
        return Ok(ExitCode::from(1));
    };
    let agency = store.require_agency(&d.agency).await?;
    let events = store.events(id).await?;
    // 逾期未缴费: the amount of the last fee notice.
    let fee_yuan = if outcome == Outcome::Other(OtherDisposition::NoFee) {
        Event::last_fee_yuan(events.iter().map(|e| &e.event))
    } else {
        None
    };
    // What the answer recorded.
    let text = ReplyText::of_history(events.iter().map(|e| &e.event));
    let mut input = LetterInput::new(
        agency.name,
        d.applicant.name.clone(),
        d.lifecycle.clock.received.unwrap_or(d.registered_on),
        d.tracking_code.clone(),
        d.items.clone(),
        outcome,
        reply_date,
    )
    .with_reply_text(&text);
    // The options, where given, stand over what the answer recorded.
    if let Some(reasons) = a.reasons {
        input.reasons = Some(reasons);
    }
    if let Some((name, contact)) = a.responsible_organ.zip(a.responsible_contact) {
        input.responsible_organ = Some(ResponsibleOrgan { name, contact });
    }
    input.fee_yuan = fee_yuan;
    input.review_organ = a.review_organ;
    input.court = a.court;
    let (bytes, ext) = match a.format {
        LetterFormat::Html => (gongkai_render::letter_html(&input).into_bytes(), "html"),
        LetterFormat::Docx => (gongkai_render::letter_docx(&input), "docx"),
    };
    let path = match a.out {
        Some(p) => p,
        None => db.data.join("letters").join(format!("{}.{ext}", d.tracking_code)),
    };
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("无法写入 {}", path.display()))?;
    let letter = gongkai_render::letter::letter(&input);
    println!("{}（申请 {id}，{}）：{}", letter.title, codes::outcome_detail(outcome), path.display());
    if !letter.missing().is_empty() {
        eprintln!("提示：文书中仍有“{}”标记的内容，请用 --reasons 等选项补充后重新出具", gongkai_render::DRAFT_MARK);
    }
    Ok(ExitCode::SUCCESS)
}

async fn remedy(store: &Store, a: RemedyArgs) -> anyhow::Result<ExitCode> {
    let kind = codes::parse_remedy_kind(&a.kind)
        .with_context(|| format!("未知的复议诉讼类型“{}”，可用：复议、诉讼、复议后诉讼", a.kind))?;
    let id = resolve(store, &a.application).await?;
    match store.file_remedy(id, kind, a.filed, &a.actor.actor()?).await {
        Ok(remedy) => {
            println!(
                "已登记{}（记录 {remedy}，申请 {id}，{}提起）；审结后请用 gongkai case remedy-result {remedy} 登记结果",
                codes::remedy_kind_label(kind),
                a.filed
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ StoreError::Invalid { .. }) => {
            eprintln!("未登记：{e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

async fn remedy_result(store: &Store, a: RemedyResultArgs) -> anyhow::Result<ExitCode> {
    let result = codes::parse_remedy_result(&a.result)
        .with_context(|| format!("未知的复议诉讼结果“{}”，可用：维持、纠正、其他", a.result))?;
    let id = RemedyId(a.remedy);
    match store.conclude_remedy(id, a.on, result, &a.actor.actor()?).await {
        Ok(()) => {
            let r = store.remedy(id).await?;
            println!("申请 {}：{}", r.application, remedy_line(&r));
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ StoreError::Invalid { .. }) => {
            eprintln!("未登记：{e}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}
