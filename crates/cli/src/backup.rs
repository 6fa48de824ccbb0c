//! `gongkai backup` and `gongkai restore`: a consistent copy of the embedded SQLite database
//! taken while the server runs, and putting one back as the data folder's database (the search
//! index is then rebuilt from it).

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
pub struct RestoreArgs {
    /// gongkai backup 生成的备份文件
    file: PathBuf,
    /// 数据目录中已有数据时仍然恢复（原数据库改名保留在同一目录）；恢复前请先停止服务
    #[arg(long)]
    force: bool,
}

pub fn backup(args: BackupArgs, db: &Db) -> anyhow::Result<ExitCode> {
    if db.url.is_some() {
        bail!("PostgreSQL 数据库请使用 pg_dump 等服务器自带工具备份");
    }
    if args.file.exists() {
        bail!("备份文件 {} 已存在，请换一个文件名", args.file.display());
    }
    db.with_store(async |store| {
        store.backup_to(&args.file).await.with_context(|| format!("无法写入备份文件 {}", args.file.display()))?;
        Ok(())
    })?;
    // The copy holds personal data: readable by its owner only, like the database itself.
    std::fs::set_permissions(&args.file, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("无法设置备份文件 {} 的权限", args.file.display()))?;
    let counts = db::runtime()?.block_on(counts_of(&args.file))?;
    println!("已备份到 {}：{}", args.file.display(), summary(&counts));
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs, db: &Db) -> anyhow::Result<ExitCode> {
    if db.url.is_some() {
        bail!("PostgreSQL 数据库请使用 pg_restore 等服务器自带工具恢复");
    }
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
    // The index of the replaced database would answer for data that is gone: rebuild it.
    let index = crate::search::index_dir(db);
    if index.exists() {
        std::fs::remove_dir_all(&index).with_context(|| format!("无法删除旧的搜索索引 {}", index.display()))?;
    }
    println!("已从 {} 恢复：{}", args.file.display(), summary(&counts));
    crate::search::reindex(crate::search::ReindexArgs {}, db)
}

async fn open_file(path: &Path) -> anyhow::Result<Store> {
    if !path.is_file() {
        bail!("找不到备份文件 {}", path.display());
    }
    // `mode=rw`: never create a file that is not there.
    let url = format!("sqlite://{}?mode=rw", path.display());
    Store::open(&url).await.with_context(|| format!("{} 不是有效的 gongkai 数据库", path.display()))
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
