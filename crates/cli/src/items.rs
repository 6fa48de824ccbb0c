//! `gongkai item`: proactive disclosure for staff until the web console has it: create, list,
//! show (with history), review (保密审查), publish, withdraw, record validity, the 索引号
//! scheme, the catalog and the guide, and bulk import of items from CSV or JSON.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_core::publish::{
    Action, Channel, Disclosure, DocKind, Genre, IndexScheme, ItemFields, Status, Topic, Validity,
};
use gongkai_core::publish::{ItemRecord, date_field as date_of};
use gongkai_store::{AgencyId, CatalogNodeId, ImportedItem, Item, ItemId, ItemQuery, PublishedHistory, Store};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::Date;
use serde::Deserialize;

use crate::db::{self, ActorArg, Db};
use crate::search::sync_index;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: ItemCommand,
}

#[derive(Debug, clap::Subcommand)]
enum ItemCommand {
    /// Create a draft item (the 索引号 is given from the agency's scheme).
    New(Box<NewArgs>),
    /// List items, newest first.
    List(ListArgs),
    /// Show one item with its history.
    Show(ShowArgs),
    /// 保密审查: approve or send back a draft (not your own).
    Review(ReviewArgs),
    /// Publish a reviewed item (not as its reviewer).
    Publish(PublishArgs),
    /// Withdraw a published item (the record and its history stay).
    Withdraw(WithdrawArgs),
    /// Record the validity of a rule or normative document (有效/失效/废止).
    Validity(ValidityArgs),
    /// Show or set the agency's 索引号 scheme.
    Scheme(SchemeArgs),
    /// Show the catalog (公开目录) tree, or add a node to it.
    Catalog(CatalogArgs),
    /// Show the guide (公开指南), or replace it from an HTML file.
    Guide(GuideArgs),
    /// Import items from CSV or JSON: every row is checked first; nothing is imported if any
    /// row is rejected.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
struct NewArgs {
    /// 机关标识
    #[arg(long, default_value = "demo")]
    agency: String,
    /// 标题
    #[arg(long)]
    title: String,
    /// 正文（HTML）
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// 正文 HTML 文件
    #[arg(long)]
    body_file: Option<PathBuf>,
    /// 发文字号（括号自动规范为〔〕）
    #[arg(long)]
    doc_number: Option<String>,
    /// 发布机构（默认为机关名称）
    #[arg(long)]
    issuer: Option<String>,
    /// 成文日期（默认今天）
    #[arg(long)]
    written_on: Option<Date>,
    /// 主题分类（代码或名称，如 general、综合政务）
    #[arg(long, default_value = "general")]
    topic: String,
    /// 体裁（代码或名称，如 circular、通知）
    #[arg(long, default_value = "circular")]
    genre: String,
    /// 文件类型：rule 规章 / normative 行政规范性文件 / other 其他文件
    #[arg(long, default_value = "other")]
    kind: String,
    /// 公开方式：proactive 主动公开 / on_request 依申请公开 / not_disclosed 不予公开
    #[arg(long, default_value = "proactive")]
    disclosure: String,
    /// 不予公开的理由（依据的条款）
    #[arg(long)]
    reason: Option<String>,
    /// 生效日期（规章和行政规范性文件必填；默认成文日期）
    #[arg(long)]
    valid_since: Option<Date>,
    /// 公开渠道（可多次使用）：website/gazette/weibo/wechat/other
    #[arg(long = "channel", default_value = "website")]
    channels: Vec<String>,
    /// 附件：名称=链接（可多次使用）
    #[arg(long = "attachment")]
    attachments: Vec<String>,
    /// 所属公开目录节点编号
    #[arg(long)]
    catalog: Option<i64>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[arg(long)]
    agency: Option<String>,
    /// 状态：draft/reviewed/published/withdrawn（或 草稿、已发布 等）
    #[arg(long)]
    status: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// 输出 JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// 编号或索引号
    item: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ReviewArgs {
    /// 编号或索引号
    item: String,
    /// 通过保密审查
    #[arg(long, conflicts_with = "reject")]
    approve: bool,
    /// 退回修改
    #[arg(long)]
    reject: bool,
    /// 审查意见（退回时必填）
    #[arg(long, default_value = "经保密审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私")]
    opinion: String,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct PublishArgs {
    item: String,
    /// 发布日期（默认今天）
    #[arg(long)]
    on: Option<Date>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct WithdrawArgs {
    item: String,
    /// 撤回理由
    #[arg(long)]
    reason: String,
    #[arg(long)]
    on: Option<Date>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct ValidityArgs {
    item: String,
    /// effective 有效 / expired 失效 / abolished 废止
    #[arg(long)]
    state: String,
    /// 生效日期（默认不变）
    #[arg(long)]
    since: Option<Date>,
    /// 失效或废止日期
    #[arg(long)]
    on: Option<Date>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct SchemeArgs {
    #[arg(long, default_value = "demo")]
    agency: String,
    /// 机构代码（统一社会信用代码或组织机构代码）
    #[arg(long, requires = "pattern")]
    org_code: Option<String>,
    /// 规则，如 {org}/{year}-{serial:5}
    #[arg(long, requires = "org_code")]
    pattern: Option<String>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct CatalogArgs {
    #[arg(long, default_value = "demo")]
    agency: String,
    /// 新增节点名称
    #[arg(long)]
    add: Option<String>,
    /// 上级节点编号
    #[arg(long, requires = "add")]
    parent: Option<i64>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct GuideArgs {
    #[arg(long, default_value = "demo")]
    agency: String,
    /// 用此 HTML 文件替换公开指南
    #[arg(long)]
    set: Option<PathBuf>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// CSV（UTF-8，首行为列名）或 JSON（对象数组）文件
    pub file: PathBuf,
    /// 机关标识（文件中没有“机关”列时使用）
    #[arg(long)]
    pub agency: Option<String>,
    #[command(flatten)]
    pub actor: ActorArg,
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    match args.command {
        ItemCommand::Import(a) => import(a, db),
        command => db.with_store(async |store| run_on(command, store, db).await),
    }
}

async fn run_on(command: ItemCommand, store: &Store, db: &Db) -> anyhow::Result<ExitCode> {
    match command {
        ItemCommand::New(a) => {
            let actor = a.actor.actor()?;
            let agency = AgencyId::new(&a.agency)?;
            let name = store.require_agency(&agency).await?.name;
            let body = match (&a.body, &a.body_file) {
                (Some(b), _) => b.clone(),
                (None, Some(f)) => std::fs::read_to_string(f).with_context(|| format!("无法读取 {}", f.display()))?,
                (None, None) => String::new(),
            };
            let written_on = a.written_on.unwrap_or_else(db::today);
            let kind = DocKind::parse(&a.kind).with_context(|| format!("未知的文件类型“{}”", a.kind))?;
            let fields = ItemFields {
                title: a.title,
                body_html: body,
                doc_number: a.doc_number,
                issuer: a.issuer.unwrap_or(name),
                written_on,
                topic: Topic::parse(&a.topic).with_context(|| format!("未知的主题分类“{}”", a.topic))?,
                genre: Genre::parse(&a.genre).with_context(|| format!("未知的体裁“{}”", a.genre))?,
                kind,
                disclosure: Disclosure::parse(&a.disclosure, a.reason.as_deref())
                    .with_context(|| format!("未知的公开方式“{}”", a.disclosure))?,
                validity: (kind != DocKind::Other)
                    .then(|| Validity::Effective { since: a.valid_since.unwrap_or(written_on) }),
                channels: a
                    .channels
                    .iter()
                    .map(|c| Channel::parse_any(c).with_context(|| format!("未知的公开渠道“{c}”")))
                    .collect::<anyhow::Result<_>>()?,
                attachments: a
                    .attachments
                    .iter()
                    .map(|s| {
                        let (n, h) = s.split_once('=').unwrap_or((s.as_str(), ""));
                        (n.to_string(), h.to_string())
                    })
                    .collect(),
            };
            let item = store.create_item(&agency, fields, a.catalog.map(CatalogNodeId), &actor).await?;
            println!(
                "已创建草稿 {}（索引号 {}）。下一步：由他人进行保密审查 gongkai item review {} --approve",
                item.id, item.index_no, item.id
            );
        }
        ItemCommand::List(a) => {
            let query = ItemQuery {
                agency: a.agency.as_deref().map(AgencyId::new).transpose()?,
                status: a
                    .status
                    .as_deref()
                    .map(|s| Status::parse(s).with_context(|| format!("未知的状态“{s}”")))
                    .transpose()?,
                limit: a.limit,
                ..ItemQuery::default()
            };
            let items = store.list_items(&query).await?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                for i in &items {
                    println!(
                        "{:>6}  {:<24}  {:<6}  {}  {}",
                        i.id,
                        i.index_no,
                        i.status.label(),
                        i.published_on.map(|d| d.to_string()).unwrap_or_else(|| "—".repeat(5)),
                        i.title
                    );
                }
                println!("共 {} 条", items.len());
            }
        }
        ItemCommand::Show(a) => {
            let item = find(store, &a.item).await?;
            let events = store.item_events(item.id).await?;
            if a.json {
                println!("{}", serde_json::json!({ "item": item, "history": events }));
            } else {
                print_item(&item);
                println!("办理记录：");
                for e in events {
                    let note = e.note.map(|n| format!("（{n}）")).unwrap_or_default();
                    println!("  {}  {}  {} → {}{}", e.at, e.actor, e.action, e.status_after, note);
                }
            }
        }
        ItemCommand::Review(a) => {
            if !a.approve && !a.reject {
                bail!("请指定 --approve（通过）或 --reject（退回修改）");
            }
            let item = find(store, &a.item).await?;
            let action =
                if a.approve { Action::Approve { opinion: a.opinion } } else { Action::Reject { opinion: a.opinion } };
            let item = store.item_action(item.id, item.version, &action, &a.actor.actor()?).await?;
            println!("{}：{}", item.index_no, item.workflow.status.label());
        }
        ItemCommand::Publish(a) => {
            let item = find(store, &a.item).await?;
            let on = a.on.unwrap_or_else(db::today);
            let item = store.item_action(item.id, item.version, &Action::Publish { on }, &a.actor.actor()?).await?;
            println!("{}：已于 {on} 发布", item.index_no);
            sync_index(store, db).await;
        }
        ItemCommand::Withdraw(a) => {
            let item = find(store, &a.item).await?;
            let on = a.on.unwrap_or_else(db::today);
            let action = Action::Withdraw { on, reason: a.reason };
            let item = store.item_action(item.id, item.version, &action, &a.actor.actor()?).await?;
            println!("{}：已撤回（记录和办理历史保留）", item.index_no);
            sync_index(store, db).await;
        }
        ItemCommand::Validity(a) => {
            let item = find(store, &a.item).await?;
            let since = a.since.or(item.fields.validity.map(|v| v.since())).unwrap_or(item.fields.written_on);
            let state = a.state.trim();
            let validity = Validity::parse(state, Some(since), a.on)
                .with_context(|| format!("效力状态“{state}”与日期不符：有效不填 --on，失效或废止须填 --on 日期"))?;
            let item = store.set_item_validity(item.id, item.version, validity, &a.actor.actor()?).await?;
            println!("{}：{}", item.index_no, validity.label());
            sync_index(store, db).await;
        }
        ItemCommand::Scheme(a) => {
            let agency = AgencyId::new(&a.agency)?;
            if let (Some(org), Some(pattern)) = (&a.org_code, &a.pattern) {
                let scheme = IndexScheme::new(org, pattern)?;
                store.set_index_scheme(&agency, &scheme, &a.actor.actor()?).await?;
            }
            let scheme = store.index_scheme(&agency).await?;
            println!(
                "索引号规则：{}（机构代码 {}），示例：{}",
                scheme.pattern(),
                scheme.org_code(),
                scheme.render(db::today().year(), 1)
            );
        }
        ItemCommand::Catalog(a) => {
            let agency = AgencyId::new(&a.agency)?;
            if let Some(name) = &a.add {
                let node =
                    store.add_catalog_node(&agency, a.parent.map(CatalogNodeId), name, &a.actor.actor()?).await?;
                println!("已添加目录节点 {}：{}", node.id, node.name);
            }
            let nodes = store.catalog(&agency).await?;
            let mut depth: BTreeMap<CatalogNodeId, usize> = BTreeMap::new();
            for n in &nodes {
                let d = n.parent.and_then(|p| depth.get(&p).copied()).map_or(0, |d| d + 1);
                depth.insert(n.id, d);
                println!("{}{} [{}]", "  ".repeat(d), n.name, n.id);
            }
            if nodes.is_empty() {
                println!("（公开目录为空）");
            }
        }
        ItemCommand::Guide(a) => {
            let agency = AgencyId::new(&a.agency)?;
            if let Some(file) = &a.set {
                let html = std::fs::read_to_string(file).with_context(|| format!("无法读取 {}", file.display()))?;
                let version = store.guide(&agency).await?.map_or(0, |g| g.version);
                let g = store.set_guide(&agency, version, &html, &a.actor.actor()?).await?;
                println!("公开指南已更新（第{}版）", g.version);
            } else {
                match store.guide(&agency).await? {
                    Some(g) => {
                        println!("{}\n（第{}版，{} 于 {} 更新）", g.content_html, g.version, g.updated_by, g.updated_at)
                    }
                    None => println!("（尚未编写公开指南）"),
                }
            }
        }
        ItemCommand::Import(_) => unreachable!("handled by run"),
    }
    Ok(ExitCode::SUCCESS)
}

/// An item by row id or by 索引号.
async fn find(store: &Store, key: &str) -> anyhow::Result<Item> {
    if let Ok(id) = key.parse::<ItemId>() {
        return Ok(store.item(id).await?);
    }
    store.item_by_index_no(key).await?.with_context(|| format!("找不到索引号为“{key}”的信息"))
}

fn print_item(i: &Item) {
    let f = &i.fields;
    println!("{}", f.title);
    println!("  索引号：{}    编号：{}    状态：{}", i.index_no, i.id, i.workflow.status.label());
    println!("  发文字号：{}", f.doc_number.as_deref().unwrap_or("无"));
    println!(
        "  发布机构：{}    成文日期：{}    发布日期：{}",
        f.issuer,
        f.written_on,
        i.workflow.published_on.map(|d| d.to_string()).unwrap_or_else(|| "未发布".into())
    );
    println!("  主题分类：{}    体裁：{}    文件类型：{}", f.topic.label(), f.genre.label(), f.kind.label());
    let reason = f.disclosure.reason().map(|r| format!("（{r}）")).unwrap_or_default();
    println!("  公开方式：{}{}", f.disclosure.label(), reason);
    if let Some(v) = f.validity {
        let end = v.ended().map(|d| format!("，{d}起{}", v.label())).unwrap_or_default();
        println!("  效力：{}（{}生效{}）", v.label(), v.since(), end);
    }
    println!("  公开渠道：{}", f.channels.iter().map(|c| c.label()).collect::<Vec<_>>().join("、"));
    for (n, h) in &f.attachments {
        println!("  附件：{n}  {h}");
    }
    println!(
        "  起草：{}    审查：{}    发布：{}",
        i.workflow.drafted_by,
        i.workflow.reviewed_by.as_deref().unwrap_or("—"),
        i.workflow.published_by.as_deref().unwrap_or("—")
    );
    if let Some(r) = &i.workflow.withdraw_reason {
        println!("  撤回：{}（{}）", i.workflow.withdrawn_on.map(|d| d.to_string()).unwrap_or_default(), r);
    }
    println!();
    println!("{}", i.body_text);
    println!();
}

/// One row of an import file; English or Chinese column names.
#[derive(Debug, Default, Deserialize)]
struct Row {
    #[serde(alias = "机关")]
    agency: Option<String>,
    #[serde(alias = "标题")]
    title: Option<String>,
    #[serde(alias = "正文", alias = "body")]
    body_html: Option<String>,
    #[serde(alias = "发文字号", alias = "文号")]
    doc_number: Option<String>,
    #[serde(alias = "发布机构")]
    issuer: Option<String>,
    #[serde(alias = "成文日期")]
    written_on: Option<String>,
    #[serde(alias = "主题分类")]
    topic: Option<String>,
    #[serde(alias = "体裁")]
    genre: Option<String>,
    #[serde(alias = "文件类型")]
    kind: Option<String>,
    #[serde(alias = "公开方式")]
    disclosure: Option<String>,
    #[serde(alias = "不予公开理由")]
    disclosure_reason: Option<String>,
    #[serde(alias = "效力")]
    validity: Option<String>,
    #[serde(alias = "生效日期")]
    valid_since: Option<String>,
    #[serde(alias = "失效日期", alias = "废止日期")]
    valid_until: Option<String>,
    #[serde(alias = "公开渠道")]
    channels: Option<String>,
    #[serde(alias = "发布日期")]
    published_on: Option<String>,
    #[serde(alias = "起草人")]
    drafted_by: Option<String>,
    #[serde(alias = "审查人")]
    reviewed_by: Option<String>,
    #[serde(alias = "发布人")]
    published_by: Option<String>,
}

/// Checks one row; the reason is in Chinese.
fn check_row(r: Row, default_agency: Option<&str>, names: &BTreeMap<AgencyId, String>) -> Result<ImportedItem, String> {
    let text = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let agency = text(&r.agency).or(default_agency.map(str::to_string)).ok_or("缺少“机关”")?;
    let agency = AgencyId::new(&agency).map_err(|e| e.to_string())?;
    let name = names.get(&agency).ok_or_else(|| format!("机关“{agency}”不存在"))?;
    let record = ItemRecord {
        title: r.title.clone(),
        body_html: r.body_html.clone(),
        doc_number: r.doc_number.clone(),
        issuer: r.issuer.clone(),
        written_on: r.written_on.clone(),
        topic: r.topic.clone(),
        genre: r.genre.clone(),
        kind: r.kind.clone(),
        disclosure: r.disclosure.clone(),
        disclosure_reason: r.disclosure_reason.clone(),
        validity: r.validity.clone(),
        valid_since: r.valid_since.clone(),
        valid_until: r.valid_until.clone(),
        channels: r.channels.clone(),
    };
    let fields = record.fields(name)?;
    let written_on = fields.written_on;
    let published = match date_of("发布日期", &r.published_on)? {
        None => None,
        Some(on) => {
            if on < written_on {
                return Err(format!("发布日期（{on}）早于成文日期（{written_on}）"));
            }
            let who = |s: &Option<String>| text(s).unwrap_or_else(|| "导入".into());
            Some(PublishedHistory {
                on,
                drafted_by: who(&r.drafted_by),
                reviewed_by: who(&r.reviewed_by),
                published_by: who(&r.published_by),
            })
        }
    };
    Ok(ImportedItem { agency, fields, catalog_node: None, published })
}

/// Items written per transaction batch is the whole file: all or nothing.
pub fn import(a: ImportArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let actor = a.actor.actor()?;
    let bytes = std::fs::read(&a.file).with_context(|| format!("无法读取 {}", a.file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} 不是 UTF-8 编码", a.file.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let is_json =
        a.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('[');
    // (line or position, row)
    let rows: Vec<(usize, Result<Row, String>)> = if is_json {
        let values: Vec<serde_json::Value> =
            serde_json::from_str(text).with_context(|| format!("{} 不是 JSON 对象数组", a.file.display()))?;
        values
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i + 1, serde_json::from_value::<Row>(v).map_err(|e| format!("字段有误：{e}"))))
            .collect()
    } else {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
        reader.deserialize::<Row>().enumerate().map(|(i, r)| (i + 2, r.map_err(|e| format!("无法解析：{e}")))).collect()
    };
    if rows.is_empty() {
        bail!("{} 中没有数据行", a.file.display());
    }
    db.with_store(async |store| {
        let names = store.agency_names().await?;
        let bar = if rows.len() >= 500 {
            let bar = ProgressBar::new(rows.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} 条 ({eta})")
                    .expect("valid template")
                    .progress_chars("=> "),
            );
            bar.set_message("检查");
            bar
        } else {
            ProgressBar::hidden()
        };
        let mut good = Vec::with_capacity(rows.len());
        let mut rejected = Vec::new();
        let unit = if is_json { "第{}条" } else { "第{}行" };
        for (line, row) in rows {
            match row.and_then(|r| check_row(r, a.agency.as_deref(), &names)) {
                Ok(item) => good.push(item),
                Err(reason) => rejected.push((unit.replace("{}", &line.to_string()), reason)),
            }
            bar.inc(1);
        }
        bar.finish_and_clear();
        if !rejected.is_empty() {
            eprintln!("以下 {} 条未通过检查，本次未导入任何信息：", rejected.len());
            for (at, reason) in rejected.iter().take(200) {
                eprintln!("  {at}：{reason}");
            }
            if rejected.len() > 200 {
                eprintln!("  ……另有 {} 条", rejected.len() - 200);
            }
            return Ok(ExitCode::from(1));
        }
        let done = store.import_items(&good, &actor).await?;
        let published = good.iter().filter(|g| g.published.is_some()).count();
        println!("已导入 {} 条信息（其中已发布 {published} 条，草稿 {} 条）", done.len(), done.len() - published);
        sync_index(store, db).await;
        Ok(ExitCode::SUCCESS)
    })
}

/// Demonstration items for the `demo` agency: a few hundred documents over the last three
/// years with titles from real policy vocabulary (some in Traditional characters), rules and
/// normative documents with validity (some abolished or expired), drafts awaiting review, a
/// withdrawn item, a catalog tree and the guide. Deterministic for a given `today`. The search
/// index picks them up at its next catch-up (`gongkai search` does one first).
pub async fn load_demo_items(store: &Store, today: Date, actor: &gongkai_store::Actor) -> anyhow::Result<usize> {
    let agency = AgencyId::new("demo")?;
    let name = store.require_agency(&agency).await?.name;
    store
        .set_index_scheme(&agency, &IndexScheme::new("11370100MB2850123X", IndexScheme::DEFAULT_PATTERN)?, actor)
        .await?;
    let mut nodes = BTreeMap::new();
    for (top, children) in DEMO_CATALOG {
        let parent = store.add_catalog_node(&agency, None, top, actor).await?;
        // A branch without children (年报) files items itself.
        nodes.insert(*top, parent.id);
        for child in *children {
            let node = store.add_catalog_node(&agency, Some(parent.id), child, actor).await?;
            nodes.insert(*child, node.id);
        }
    }
    let version = store.guide(&agency).await?.map_or(0, |g| g.version);
    store.set_guide(&agency, version, &demo_guide(&name), actor).await?;

    let mut rng = DemoRng(0x5EED ^ today.year() as u64);
    let mut items = Vec::new();
    let first_year = today.year() - 2;
    for (n, i) in (0..DEMO_ITEMS).enumerate() {
        let year = first_year + (i % 3) as i16;
        let day_of_year = rng.below(360) as i32;
        let Ok(written_on) = Date::new(year, 1, 1).and_then(|d| d.checked_add(jiff::Span::new().days(day_of_year)))
        else {
            continue;
        };
        if written_on > today {
            continue;
        }
        let (title, kind, genre, topic, node) = demo_title(&mut rng, year, n);
        let serial = 1 + rng.below(60);
        let prefix = ["示政发", "示政办发", "示政规", "示政办函"][rng.below(4) as usize];
        let doc_number = (rng.below(10) < 8).then(|| format!("{prefix}〔{year}〕{serial}号"));
        let validity = match kind {
            DocKind::Other => None,
            _ => {
                let since = written_on.checked_add(jiff::Span::new().days(rng.below(30) as i32)).unwrap_or(written_on);
                let roll = rng.below(100);
                let end =
                    since.checked_add(jiff::Span::new().days(200 + rng.below(500) as i32)).ok().filter(|d| *d <= today);
                match (roll, end) {
                    (0..12, Some(on)) => Some(Validity::Abolished { since, on }),
                    (12..18, Some(on)) => Some(Validity::Expired { since, on }),
                    _ => Some(Validity::Effective { since }),
                }
            }
        };
        let body = demo_body(&mut rng, &title, &name, written_on);
        let disclosure = if rng.below(40) == 0 { Disclosure::OnRequest } else { Disclosure::Proactive };
        let mut channels = vec![Channel::Website];
        if kind != DocKind::Other || rng.below(4) == 0 {
            channels.push(Channel::Gazette);
        }
        if rng.below(3) == 0 {
            channels.push(Channel::Wechat);
        }
        let on =
            written_on.checked_add(jiff::Span::new().days(1 + rng.below(10) as i32)).unwrap_or(written_on).min(today);
        // The most recent few stay in the workflow (drafts and reviewed, awaiting publication).
        let published = (i + 12 < DEMO_ITEMS).then(|| PublishedHistory {
            on,
            drafted_by: ["李明", "王芳", "赵磊"][rng.below(3) as usize].into(),
            reviewed_by: "保密审查员张静".into(),
            published_by: "网站管理员陈强".into(),
        });
        items.push(ImportedItem {
            agency: agency.clone(),
            fields: ItemFields {
                title,
                body_html: body,
                doc_number,
                issuer: if rng.below(3) == 0 { "示例市人民政府".into() } else { name.clone() },
                written_on,
                topic,
                genre,
                kind,
                disclosure,
                validity,
                channels,
                attachments: if rng.below(3) == 0 {
                    vec![("附件1.政策解读.pdf".into(), format!("/files/demo/{year}/{i}-1.pdf"))]
                } else {
                    Vec::new()
                },
            },
            catalog_node: node.and_then(|n| nodes.get(n).copied()),
            published,
        });
    }
    let done = store.import_items(&items, actor).await?;
    demo_interpretations(store, &agency, &items, &done, nodes.get("政策解读").copied(), actor).await?;
    // A few go through the workflow by hand, so their history shows each step.
    let reviewer = gongkai_store::Actor::new("保密审查员张静")?;
    let publisher = gongkai_store::Actor::new("网站管理员陈强")?;
    let drafts: Vec<ItemId> = done.iter().rev().take(12).map(|d| d.0).collect();
    for (k, id) in drafts.iter().enumerate() {
        let item = store.item(*id).await?;
        if k % 3 == 0 || item.workflow.status != Status::Draft {
            continue; // left as a draft
        }
        let opinion = "经保密审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私".to_string();
        let item = store.item_action(item.id, item.version, &Action::Approve { opinion }, &reviewer).await?;
        if k % 3 == 2 {
            let on = item.fields.written_on.max(today.saturating_sub(jiff::Span::new().days(3)));
            store.item_action(item.id, item.version, &Action::Publish { on: on.min(today) }, &publisher).await?;
        }
    }
    if let Some((id, _)) = done.iter().find(|(id, _)| !drafts.contains(id)) {
        let item = store.item(*id).await?;
        if let Some(on) = item.workflow.published_on {
            let on = on.checked_add(jiff::Span::new().days(20)).unwrap_or(on).min(today);
            let reason = "文件内容有误，已另行发布更正版本".to_string();
            store.item_action(item.id, item.version, &Action::Withdraw { on, reason }, &publisher).await?;
        }
    }
    Ok(done.len())
}

/// 政策解读 of the first few published rules and normative documents, published with them and
/// linked both ways (国办发〔2016〕80号: 解读 and policy released together).
async fn demo_interpretations(
    store: &Store,
    agency: &AgencyId,
    items: &[ImportedItem],
    done: &[(ItemId, String)],
    node: Option<gongkai_store::CatalogNodeId>,
    actor: &gongkai_store::Actor,
) -> anyhow::Result<()> {
    let documents: Vec<(&ImportedItem, ItemId)> = items
        .iter()
        .zip(done)
        .filter(|(i, _)| i.fields.kind != DocKind::Other && i.published.is_some())
        .map(|(i, (id, _))| (i, *id))
        .take(6)
        .collect();
    let readings: Vec<ImportedItem> = documents
        .iter()
        .map(|(doc, _)| {
            let title = format!("《{}》政策解读", doc.fields.title.trim_start_matches("示例市人民政府关于印发"));
            let body = format!(
                "<p>一、制定背景。为贯彻落实国家和省有关要求，结合本市实际，制定了{}。</p>\
                 <p>二、主要内容。文件明确了适用范围、职责分工、工作程序和保障措施。</p>\
                 <p>三、施行时间。文件自印发之日起施行。如有疑问，可向文件起草部门咨询。</p>",
                doc.fields.title
            );
            ImportedItem {
                agency: agency.clone(),
                fields: ItemFields {
                    title,
                    body_html: body,
                    doc_number: None,
                    kind: DocKind::Other,
                    genre: Genre::Other,
                    validity: None,
                    attachments: Vec::new(),
                    ..doc.fields.clone()
                },
                catalog_node: node,
                published: doc.published.clone(),
            }
        })
        .collect();
    let linked = store.import_items(&readings, actor).await?;
    for ((reading, _), (_, document)) in linked.iter().zip(&documents) {
        store.set_interpretation(*reading, Some(*document), actor).await?;
    }
    Ok(())
}

const DEMO_ITEMS: usize = 360;

const DEMO_CATALOG: &[(&str, &[&str])] = &[
    ("政策文件", &["政府规章", "行政规范性文件", "其他文件", "政策解读"]),
    ("规划信息", &["发展规划", "专项规划"]),
    ("财政信息", &["财政预决算", "政府采购"]),
    ("重点领域", &["乡村振兴", "城市建设", "社会救助"]),
    ("政府信息公开年报", &[]),
];

/// (subject of an 办法/规定) for rules and normative documents.
const RULE_SUBJECTS: &[&str] = &[
    "政府信息公开",
    "行政规范性文件",
    "重大行政决策程序",
    "公共资源交易",
    "政府投资项目",
    "住房公积金",
    "生活垃圾分类",
    "城市绿化",
    "物业管理",
    "停车场",
    "养犬",
    "历史文化名城保护",
    "医疗保障基金使用监督",
    "最低生活保障审核确认",
    "农村集体资产",
    "地下管线",
    "消防安全",
    "电动自行车",
];

const PLAN_SUBJECTS: &[&str] = &[
    "优化营商环境三年行动",
    "老旧小区改造",
    "城市更新行动",
    "数字政府建设",
    "乡村振兴示范村建设",
    "安全生产专项整治三年行动",
    "义务教育阶段学校招生入学工作",
    "防汛抗旱应急",
    "突发公共卫生事件应急",
    "“一网通办”改革",
    "中小企业纾困解难",
    "高标准农田建设",
    "新能源汽车推广应用",
    "政务公开工作要点",
    "重点领域信息公开",
    "河湖长制工作",
    "生态环境保护督察整改",
    "稳就业促发展若干措施",
];

const TRADITIONAL_TITLES: &[&str] = &[
    "關於隨縣鄉村振興示範村建設的通知",
    "關於進一步優化營商環境的若干措施",
    "示例市醫療保障基金使用監督管理辦法",
    "關於做好政府資訊公開申請辦理工作的通知",
    "示例市義務教育階段學校招生入學工作方案",
    "關於開展安全生產大檢查的通知",
];

fn topic_of(subject: &str) -> Topic {
    let pairs: &[(&str, Topic)] = &[
        ("公开", Topic::General),
        ("文件", Topic::General),
        ("决策", Topic::General),
        ("资源", Topic::Finance),
        ("投资", Topic::Economy),
        ("公积金", Topic::Construction),
        ("垃圾", Topic::Construction),
        ("绿化", Topic::Construction),
        ("物业", Topic::Construction),
        ("小区", Topic::Construction),
        ("城市", Topic::Construction),
        ("管线", Topic::Construction),
        ("医疗", Topic::Health),
        ("卫生", Topic::Health),
        ("生活保障", Topic::CivilAffairs),
        ("乡村", Topic::Agriculture),
        ("农", Topic::Agriculture),
        ("河湖", Topic::Agriculture),
        ("防汛", Topic::Agriculture),
        ("安全", Topic::Market),
        ("营商", Topic::Commerce),
        ("企业", Topic::Industry),
        ("汽车", Topic::Industry),
        ("数字", Topic::Science),
        ("教育", Topic::Science),
        ("就业", Topic::Labour),
        ("生态", Topic::Construction),
        ("消防", Topic::Security),
        ("文化", Topic::Culture),
    ];
    pairs.iter().find(|(k, _)| subject.contains(k)).map_or(Topic::Other, |(_, t)| *t)
}

#[allow(clippy::type_complexity)]
fn demo_title(rng: &mut DemoRng, year: i16, n: usize) -> (String, DocKind, Genre, Topic, Option<&'static str>) {
    if n % 40 == 7 {
        let t = TRADITIONAL_TITLES[(n / 40) % TRADITIONAL_TITLES.len()];
        return (t.to_string(), DocKind::Other, Genre::Circular, topic_of(&simplify_hint(t)), Some("其他文件"));
    }
    match rng.below(10) {
        0 => {
            let s = rng.pick(RULE_SUBJECTS);
            (format!("示例市{s}管理办法"), DocKind::Rule, Genre::Measures, topic_of(s), Some("政府规章"))
        }
        1..=3 => {
            let s = rng.pick(RULE_SUBJECTS);
            let form = ["管理办法", "实施细则", "若干规定", "暂行办法"][rng.below(4) as usize];
            let genre = if form.contains("细则") {
                Genre::Rules
            } else if form.contains("规定") {
                Genre::Provisions
            } else {
                Genre::Measures
            };
            (
                format!("关于印发《示例市{s}{form}》的通知"),
                DocKind::Normative,
                genre,
                topic_of(s),
                Some("行政规范性文件"),
            )
        }
        4..=6 => {
            let s = rng.pick(PLAN_SUBJECTS);
            let form = ["实施方案", "工作方案", "行动计划", "工作要点"][rng.below(4) as usize];
            let genre = if form.contains("计划") { Genre::Programme } else { Genre::Scheme };
            (format!("关于印发示例市{year}年{s}{form}的通知"), DocKind::Other, genre, topic_of(s), Some("其他文件"))
        }
        7 => {
            let s = rng.pick(PLAN_SUBJECTS);
            (format!("示例市人民政府关于{s}的意见"), DocKind::Other, Genre::Opinion, topic_of(s), Some("其他文件"))
        }
        8 => {
            let s = rng.pick(RULE_SUBJECTS);
            (
                format!("关于公开征求《示例市{s}管理办法（征求意见稿）》意见的公告"),
                DocKind::Other,
                Genre::Announcement,
                topic_of(s),
                None,
            )
        }
        _ => match rng.below(4) {
            0 => (
                format!("示例市{}年政府信息公开工作年度报告", year - 1),
                DocKind::Other,
                Genre::Report,
                Topic::General,
                Some("政府信息公开年报"),
            ),
            1 => (
                format!("示例市{}年国民经济和社会发展统计公报", year - 1),
                DocKind::Other,
                Genre::Report,
                Topic::Economy,
                Some("发展规划"),
            ),
            2 => (
                format!("示例市{}年财政预算执行情况和{year}年财政预算草案的报告", year - 1),
                DocKind::Other,
                Genre::Report,
                Topic::Finance,
                Some("财政预决算"),
            ),
            _ => (
                format!("示例市{year}年度重大行政决策事项目录"),
                DocKind::Other,
                Genre::Other,
                Topic::General,
                Some("其他文件"),
            ),
        },
    }
}

/// The Traditional titles' topic keywords, written simply (only for picking a topic).
fn simplify_hint(t: &str) -> String {
    t.replace("鄉村", "乡村")
        .replace("營商", "营商")
        .replace("醫療", "医疗")
        .replace("義務教育", "教育")
        .replace("資訊公開", "公开")
}

const BODY_SENTENCES: &[&str] = &[
    "为深入贯彻落实党中央、国务院决策部署，进一步提高政府工作透明度，结合本市实际，制定本文件。",
    "各区人民政府，市政府各部门、各直属机构要高度重视，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "坚持以人民为中心的发展思想，推进决策、执行、管理、服务、结果公开，保障人民群众知情权、参与权、表达权和监督权。",
    "依法依规做好政府信息公开申请办理工作，规范答复文书，严格落实保密审查制度。",
    "加强政策解读，做好政策文件与解读材料同步组织、同步审签、同步发布。",
    "强化政府网站和政务新媒体管理，及时发布权威信息，回应社会关切。",
    "优化营商环境，深化“放管服”改革，推进政务服务“一网通办”。",
    "统筹推进老旧小区改造和城市更新，改善居民居住条件，提升城市品质。",
    "扎实推进乡村振兴，巩固拓展脱贫攻坚成果，推动农业农村高质量发展。",
    "本办法自发布之日起施行，有效期五年。此前有关规定与本办法不一致的，以本办法为准。",
    "各单位要将执行中遇到的问题及时报送市政府办公室。",
    "财政部门要加强资金保障，审计部门要依法开展监督。",
];

fn demo_body(rng: &mut DemoRng, title: &str, issuer: &str, on: Date) -> String {
    let mut html = format!("<p>{title}</p>");
    for _ in 0..4 + rng.below(4) {
        html.push_str(&format!("<p>{}</p>", rng.pick(BODY_SENTENCES)));
    }
    html.push_str(&format!(
        "<p style=\"text-align:right\">{issuer}<br>{}年{}月{}日</p>",
        on.year(),
        on.month(),
        on.day()
    ));
    html
}

fn demo_guide(name: &str) -> String {
    format!(
        "<h2>{name}政府信息公开指南</h2>\
         <p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。</p>\
         <h3>一、主动公开</h3><p>本机关主动公开的政府信息，通过政府网站“政府信息公开”专栏、政府公报和政务新媒体发布，\
         自信息形成或者变更之日起20个工作日内予以公开。</p>\
         <h3>二、依申请公开</h3><p>公民、法人或者其他组织可以通过当面、邮寄、网络等方式向本机关申请获取政府信息。\
         本机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；\
         需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。</p>\
         <h3>三、收费</h3><p>依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理范围的，\
         可以依照有关规定收取信息处理费。</p>\
         <h3>四、监督和救济</h3><p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，\
         可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
    )
}

/// A small deterministic generator for the demonstration items.
struct DemoRng(u64);

impl DemoRng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        if n == 0 { 0 } else { (self.0 >> 33) % n }
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> BTreeMap<AgencyId, String> {
        [(AgencyId::new("demo").unwrap(), "示例市人民政府办公室".to_string())].into_iter().collect()
    }

    #[test]
    fn import_rows_are_checked_with_reasons() {
        let row = |f: &dyn Fn(&mut Row)| {
            let mut r = Row {
                title: Some("关于印发示例市政务公开工作要点的通知".into()),
                written_on: Some("2024-03-01".into()),
                kind: Some("行政规范性文件".into()),
                published_on: Some("2024-03-05".into()),
                ..Row::default()
            };
            f(&mut r);
            check_row(r, Some("demo"), &names())
        };
        let ok = row(&|_| {}).unwrap();
        assert_eq!(ok.fields.issuer, "示例市人民政府办公室");
        assert_eq!(ok.fields.validity, Some(Validity::Effective { since: jiff::civil::date(2024, 3, 1) }));
        assert!(ok.published.is_some());
        type Change<'a> = &'a dyn Fn(&mut Row);
        let cases: [(Change, &str); 6] = [
            (&|r| r.title = None, "缺少“标题”"),
            (&|r| r.written_on = Some("2024/3/1".into()), "不是日期"),
            (&|r| r.published_on = Some("2024-01-01".into()), "早于成文日期"),
            (&|r| r.agency = Some("nowhere".into()), "不存在"),
            (&|r| r.channels = Some("网站、传真".into()), "未知的公开渠道"),
            (&|r| r.validity = Some("废止".into()), "与失效日期不符"),
        ];
        for (change, want) in cases {
            let e = row(change).unwrap_err();
            assert!(e.contains(want), "{e} should contain {want}");
        }
    }
}
