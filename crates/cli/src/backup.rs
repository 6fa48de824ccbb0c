//! `gongkai backup`, `gongkai restore` and `gongkai move-to-postgres`: a consistent copy of the
//! database taken while the server runs (SQLite: `VACUUM INTO`; PostgreSQL: every table copied
//! from one snapshot into a new SQLite file), putting one back (the search index is then rebuilt),
//! and moving a deployment from its embedded SQLite database to PostgreSQL.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use gongkai_store::Store;

use crate::db::{self, Db, SQLITE_FILE};

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// 备份文件（不能已存在；服务运行时也可备份）
    file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// 目标 PostgreSQL 数据库（须为新建的空数据库），如 postgres://user@host/gongkai
    url: String,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// gongkai backup 生成的备份文件
    file: PathBuf,
    /// 数据目录中已有数据时仍然恢复（原数据库改名保留在同一目录；仅用于内嵌 SQLite）；恢复前请先停止服务
    #[arg(long)]
    force: bool,
}

pub fn backup(args: BackupArgs, db: &Db) -> anyhow::Result<ExitCode> {
    if args.file.exists() {
        bail!("备份文件 {} 已存在，请换一个文件名", args.file.display());
    }
    let written = db.with_store(async |store| {
        if db.url.is_none() {
            store.backup_to(&args.file).await.with_context(|| format!("无法写入备份文件 {}", args.file.display()))?;
            return Ok(());
        }
        // PostgreSQL: every table from one snapshot into a new SQLite file, which `restore`
        // reads back into an empty PostgreSQL database (or a data folder).
        private_file(&args.file)?;
        let copied = async {
            let target = Store::open(&sqlite_url(&args.file, "rw")).await?;
            let copied = store.copy_into(&target).await;
            target.close().await;
            anyhow::Ok(copied?)
        }
        .await;
        if copied.is_err() {
            let _ = std::fs::remove_file(&args.file);
        }
        copied.map(drop).with_context(|| format!("无法写入备份文件 {}", args.file.display()))
    });
    written?;
    // The copy holds personal data: readable by its owner only, like the database itself.
    std::fs::set_permissions(&args.file, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("无法设置备份文件 {} 的权限", args.file.display()))?;
    let counts = db::runtime()?.block_on(counts_of(&args.file))?;
    println!("已备份到 {}：{}", args.file.display(), summary(&counts));
    Ok(ExitCode::SUCCESS)
}

/// Moves the data folder's SQLite database into an empty PostgreSQL database, every row of
/// every table from one snapshot, and checks the counts on arrival. Stop the server first for a
/// final move: what is written after the snapshot stays behind.
pub fn move_to_postgres(args: MoveArgs, db: &Db) -> anyhow::Result<ExitCode> {
    if db.url.is_some() {
        bail!("move-to-postgres 迁出的是 --data 目录中的内嵌 SQLite 数据库，请不要同时指定 --database-url");
    }
    if gongkai_store::Backend::of_url(&args.url).ok() != Some(gongkai_store::Backend::Postgres) {
        bail!("目标须为 PostgreSQL 数据库地址（postgres://…）");
    }
    if !db.data.join(SQLITE_FILE).is_file() {
        bail!("数据目录 {} 中没有数据库，无可迁移", db.data.display());
    }
    let shown = db::redact(&args.url);
    let copied = db.with_store(async |store| {
        let target = Store::open(&args.url).await.with_context(|| format!("无法打开目标数据库（{shown}）"))?;
        let copied = store.copy_into(&target).await.with_context(|| format!("迁移到 {shown} 失败，目标数据库未写入"));
        let arrived = match &copied {
            Ok(_) => Some(target.table_counts().await?),
            Err(_) => None,
        };
        target.close().await;
        let copied = copied?;
        if arrived.as_ref() != Some(&copied) {
            bail!("迁移后核对行数不一致：源 {copied:?}，目标 {arrived:?}");
        }
        Ok(copied)
    })?;
    println!("已迁移到 PostgreSQL（{shown}）：{}，逐表核对行数一致", summary(&copied));
    println!("此后请以 --database-url 启动：gongkai serve --database-url '{shown}' --data {}", db.data.display());
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs, db: &Db) -> anyhow::Result<ExitCode> {
    // Checked before anything is touched: a gongkai database, whole.
    let rt = db::runtime()?;
    let counts = rt.block_on(async {
        let store = open_file(&args.file).await?;
        let check = store.sqlite_pragma("integrity_check").await?;
        let counts = store.table_counts().await?;
        store.close().await;
        if check.as_deref() != Some("ok") {
            bail!("备份文件 {} 已损坏（integrity_check：{}）", args.file.display(), check.unwrap_or_default());
        }
        anyhow::Ok(counts)
    })?;
    if let Some(url) = &db.url {
        if args.force {
            bail!("PostgreSQL 数据库不支持 --force：请恢复到一个新建的空数据库");
        }
        rt.block_on(async {
            let source = open_file(&args.file).await?;
            let target = Store::open(url).await.with_context(|| format!("无法打开数据库（{}）", db::redact(url)))?;
            let copied = source.copy_into(&target).await;
            source.close().await;
            target.close().await;
            copied.context("恢复失败，数据库未写入")
        })?;
    } else {
        restore_file(&args, db, &rt)?;
    }
    // The index of the replaced database would answer for data that is gone: rebuild it.
    let index = crate::search::index_dir(db);
    if index.exists() {
        std::fs::remove_dir_all(&index).with_context(|| format!("无法删除旧的搜索索引 {}", index.display()))?;
    }
    println!("已从 {} 恢复：{}", args.file.display(), summary(&counts));
    crate::search::reindex(crate::search::ReindexArgs {}, db)
}

/// The backup file becomes the data folder's database; the one it replaces is kept renamed.
fn restore_file(args: &RestoreArgs, db: &Db, rt: &tokio::runtime::Runtime) -> anyhow::Result<()> {
    let target = db.data.join(SQLITE_FILE);
    if target.exists() {
        let holds_data = rt.block_on(counts_of(&target))?.iter().any(|(t, n)| *n > 0 && !t.starts_with("_sqlx"));
        if holds_data && !args.force {
            bail!("数据目录 {} 中已有数据；确认要以备份替换时请加 --force（原数据库改名保留）", db.data.display());
        }
        let stamp = jiff::Timestamp::now().strftime("%Y%m%d%H%M%S").to_string();
        for suffix in ["", "-wal", "-shm"] {
            let from = db.data.join(format!("{SQLITE_FILE}{suffix}"));
            if from.exists() {
                let to = db.data.join(format!("{SQLITE_FILE}.before-restore-{stamp}{suffix}"));
                std::fs::rename(&from, &to).with_context(|| format!("无法将 {} 改名保留", from.display()))?;
            }
        }
    }
    std::fs::create_dir_all(&db.data).with_context(|| format!("无法创建数据目录 {}", db.data.display()))?;
    std::fs::copy(&args.file, &target).with_context(|| format!("无法写入 {}", target.display()))?;
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("无法设置 {} 的权限", target.display()))?;
    Ok(())
}

/// Creates `path` for the owner only (it will hold personal data).
fn private_file(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("无法创建备份文件 {}", path.display()))?;
    Ok(())
}

fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

async fn open_file(path: &Path) -> anyhow::Result<Store> {
    if !path.is_file() {
        bail!("找不到备份文件 {}", path.display());
    }
    // `mode=rw`: never create a file that is not there.
    Store::open(&sqlite_url(path, "rw")).await.with_context(|| format!("{} 不是有效的 gongkai 数据库", path.display()))
}

async fn counts_of(path: &Path) -> anyhow::Result<Vec<(String, i64)>> {
    let store = open_file(path).await?;
    let counts = store.table_counts().await?;
    store.close().await;
    Ok(counts)
}

/// "申请 312 件、已发布信息 40 条、审计记录 2,001 条（共 31 张表）".
fn summary(counts: &[(String, i64)]) -> String {
    let n = |t: &str| counts.iter().find(|(name, _)| name == t).map_or(0, |(_, n)| *n);
    format!(
        "申请 {} 件、主动公开信息 {} 条、审计记录 {} 条（共 {} 张表）",
        n("applications"),
        n("items"),
        n("audit_log"),
        counts.len()
    )
}
