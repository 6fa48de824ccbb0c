//! `gongkai serve`: runs the web platform (portal, console, API) on the casework database,
//! optionally with the demonstration data and demo accounts; stops gracefully on SIGINT/SIGTERM.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use gongkai_store::{Actor, AgencyId, Role, Store};
use gongkai_web::secrets::SecretKey;
use gongkai_web::{AppState, Config};

use crate::db::Db;
use crate::demo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 监听地址
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// 加载演示数据并创建各角色的演示账号（已加载的不重复加载）
    #[arg(long)]
    demo: bool,
    /// 会话 Cookie 不加 Secure 标记（仅用于本机以 http 访问的开发环境；生产环境应经 HTTPS 提供服务）
    #[arg(long)]
    insecure_cookies: bool,
    /// 每个客户端每分钟可提交的公众表单（申请、咨询、查询）次数
    #[arg(long, default_value_t = 30)]
    public_rate_limit: u32,
    /// 每个客户端每分钟可尝试登录的次数（每个账号、每个查询码同样限制，不论来自何处）
    #[arg(long, default_value_t = 10)]
    login_rate_limit: u32,
    /// 可信的反向代理地址（可多次给出）：来自这些地址的请求按 X-Forwarded-For 识别客户端
    #[arg(long = "trusted-proxy", value_name = "IP")]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// 日志以 JSON 行输出（每行一个事件，便于日志系统收集）
    #[arg(long)]
    log_json: bool,
    /// 查询密码密钥文件（默认在数据目录内，首次启动时生成；共用一个数据库的多个节点须使用同一文件）
    #[arg(long, value_name = "FILE")]
    secret_key_file: Option<std::path::PathBuf>,
}

/// The default key file of tracking secrets, inside the data folder.
const SECRET_KEY_FILE: &str = "tracking-secret.key";

/// The demo accounts: login name, agency, role, display name. All share [`DEMO_PASSWORD`].
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 6] = [
    ("demo-registrar", "demo", Role::Registrar, "登记员小李"),
    ("demo-handler", "demo", Role::Handler, "承办人小王"),
    ("demo-approver", "demo", Role::Approver, "审核人张科长"),
    ("demo-admin", "demo", Role::Admin, "管理员"),
    ("demo-supervisor", "demo", Role::Supervisor, "督查员赵处长"),
    ("housing-handler", "demo-housing", Role::Handler, "住建局承办人"),
];

/// The password of every demo account (documented in the README; printed on start).
pub const DEMO_PASSWORD: &str = "gongkai-demo";

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    // Logs (English) to stderr; RUST_LOG overrides the default level.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=warn,sqlx=warn"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if args.log_json { logs.json().flatten_event(true).try_init() } else { logs.try_init() };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("无法启动异步运行时")?;
    rt.block_on(async {
        let store = db.open().await?;
        if args.demo {
            load_demo(&store).await?;
        }
        let key_file = args.secret_key_file.clone().unwrap_or_else(|| db.data.join(SECRET_KEY_FILE));
        let secret_key = SecretKey::load_or_create(&key_file)
            .with_context(|| format!("无法读取或创建查询密码密钥文件 {}", key_file.display()))?;
        let config = Config {
            secret_key,
            secure_cookies: !args.insecure_cookies,
            public_per_minute: args.public_rate_limit,
            login_per_minute: args.login_rate_limit,
            trusted_proxies: args.trusted_proxies.clone(),
            search_index: Some(crate::search::index_dir(db)),
            ..Config::default()
        };
        let state = AppState::new(store.clone(), config).await?;
        let listener =
            tokio::net::TcpListener::bind(args.addr).await.with_context(|| format!("无法监听 {}", args.addr))?;
        let local = listener.local_addr()?;
        println!("gongkai 已启动：http://{local}/ （数据库：{}；按 Ctrl+C 停止）", store.backend().label());
        let result = gongkai_web::serve(listener, state, shutdown_signal()).await;
        store.close().await;
        result.context("服务异常停止")?;
        println!("gongkai 已停止");
        Ok(ExitCode::SUCCESS)
    })
}

/// For the supervision pages: the demo agencies' levels, kinds and short names, and last
/// year's compiled reports of the city office and 住建局 filed with the supervising office
/// (财政局's is left missing). Once: nothing happens when reports are on file.
async fn file_demo_reports(store: &Store, actor: &Actor) -> anyhow::Result<()> {
    use gongkai_core::supervise::{Agency, AgencyCode, AgencyKind, Level};
    use gongkai_store::supervision::{NewReportVersion, ReportOrigin};
    let year = crate::db::today().year() - 1;
    if !store.current_reports(i32::from(year)).await?.is_empty() {
        return Ok(());
    }
    let agency = |code: &str, name: &str, short: &str, kind, parent: Option<&str>| -> anyhow::Result<Agency> {
        Ok(Agency {
            code: AgencyCode::parse(code)?,
            name: name.into(),
            short_names: vec![short.into()],
            level: Some(Level::City),
            kind,
            parent: parent.map(AgencyCode::parse).transpose()?,
        })
    };
    store
        .import_agencies(
            vec![
                agency("demo", "示例市人民政府办公室", "示例市政府办公室", AgencyKind::Government, None)?,
                agency("demo-housing", "示例市住房和城乡建设局", "示例市住建局", AgencyKind::Department, Some("demo"))?,
                agency("demo-finance", "示例市财政局", "市财政局", AgencyKind::Department, Some("demo"))?,
            ],
            actor,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for id in ["demo", "demo-housing"] {
        let id = AgencyId::new(id)?;
        let records = store.records(&id, year).await?;
        let name = store.require_agency(&id).await?.name;
        let mut report = gongkai_core::compile::compile(&name, year, &records)?;
        report.findings = gongkai_core::audit::audit(&report);
        let new = NewReportVersion {
            agency: &id,
            year: i32::from(year),
            origin: ReportOrigin::Compiled,
            source: None,
            published_on: jiff::civil::Date::new(year + 1, 1, 20).ok(),
            summary: false,
            report: &report,
            text_sketch: None,
        };
        store.file_report(new, actor).await?;
    }
    Ok(())
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Loads the demo data (once), makes the city government office the supervising agency of the
/// two departments, and creates the demo accounts that do not exist yet.
async fn load_demo(store: &Store) -> anyhow::Result<()> {
    let summary = demo::load_demo(store, crate::db::today()).await?;
    if summary.already_loaded {
        println!("演示数据已存在，未重复加载。");
    } else {
        for a in &summary.agencies {
            println!("已加载演示数据：{}（{}）{} 件申请，{} 件复议诉讼", a.name, a.id, a.applications, a.remedies);
        }
    }
    let actor = Actor::new("demo")?;
    let city = AgencyId::new("demo")?;
    for sub in ["demo-housing", "demo-finance"] {
        let sub = AgencyId::new(sub)?;
        if store.agency(&sub).await?.is_some() && store.agency_parent(&sub).await?.is_none() {
            store.set_agency_parent(&sub, Some(&city), &actor).await?;
        }
    }
    file_demo_reports(store, &actor).await?;
    let hash = gongkai_web::auth::hash_secret(DEMO_PASSWORD.to_string()).await?;
    println!("演示账号（密码均为 {DEMO_PASSWORD}）：");
    for (name, agency, role, display) in DEMO_ACCOUNTS {
        if store.user_for_login(name).await?.is_none() {
            store.create_user(&AgencyId::new(agency)?, name, display, role, &hash, &actor).await?;
        }
        println!("  {name:<16} {}（{agency}）", role.label());
    }
    Ok(())
}
