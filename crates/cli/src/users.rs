//! `gongkai user`: staff accounts of the web console (add, list) and API tokens per agency.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_store::{AgencyId, Role};

use crate::db::{ActorArg, Db};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Add a staff account; the password is read from stdin or from --password-env.
    Add(AddArgs),
    /// List the accounts of an agency.
    List {
        #[arg(long)]
        agency: AgencyId,
    },
    /// Create an API token for an agency (printed once).
    Token(TokenArgs),
    /// Set the agency that supervises another (督查 reads the agencies under it).
    Parent {
        #[arg(long)]
        agency: AgencyId,
        /// 上级机关；省略则清除
        #[arg(long)]
        parent: Option<AgencyId>,
        #[command(flatten)]
        actor: ActorArg,
    },
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// 所属机关
    #[arg(long)]
    agency: AgencyId,
    /// 角色：registrar 登记 / handler 承办 / approver 审核 / admin 管理 / supervisor 督查
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// 登录名
    #[arg(long)]
    name: String,
    /// 姓名（默认同登录名）
    #[arg(long)]
    display_name: Option<String>,
    /// 从此环境变量读取密码（否则从标准输入读取）
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    #[command(flatten)]
    actor: ActorArg,
}

#[derive(Debug, clap::Args)]
struct TokenArgs {
    #[arg(long)]
    agency: AgencyId,
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// 令牌名称（用途）
    #[arg(long)]
    label: String,
    #[command(flatten)]
    actor: ActorArg,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("未知角色“{s}”：应为 registrar、handler、approver、admin 或 supervisor"))
}

fn read_password(env: Option<&str>) -> anyhow::Result<String> {
    let password = match env {
        Some(var) => std::env::var(var).with_context(|| format!("环境变量 {var} 未设置"))?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("无法从标准输入读取密码")?;
            s
        }
    };
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    if password.chars().count() < gongkai_web::auth::MIN_PASSWORD {
        bail!("密码至少{}个字符", gongkai_web::auth::MIN_PASSWORD);
    }
    Ok(password)
}

pub fn run(args: Args, db: &Db) -> anyhow::Result<ExitCode> {
    db.with_store(async |store| match args.command {
        Command::Add(a) => {
            let password = read_password(a.password_env.as_deref())?;
            let hash = gongkai_web::auth::hash_secret(password).await?;
            let display = a.display_name.unwrap_or_else(|| a.name.clone());
            let user = store.create_user(&a.agency, &a.name, &display, a.role, &hash, &a.actor.actor()?).await?;
            println!("已添加用户 {}（{}，{}）", user.name, user.agency, user.role.label());
            Ok(ExitCode::SUCCESS)
        }
        Command::List { agency } => {
            for u in store.users(&agency).await? {
                let state = if u.active { "启用" } else { "停用" };
                println!("{}\t{}\t{}\t{state}", u.name, u.display_name, u.role.label());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(t) => {
            let token = gongkai_web::auth::new_api_token();
            let hash = gongkai_web::auth::token_hash(&token);
            let id = store.create_token(&t.agency, &t.label, t.role, &hash, &t.actor.actor()?).await?;
            eprintln!("已创建令牌 {id}（{}，{}）；令牌只显示这一次：", t.agency, t.role.label());
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Parent { agency, parent, actor } => {
            store.set_agency_parent(&agency, parent.as_ref(), &actor.actor()?).await?;
            println!("已设置 {agency} 的上级机关：{}", parent.map(|p| p.to_string()).unwrap_or_else(|| "无".into()));
            Ok(ExitCode::SUCCESS)
        }
    })
}
