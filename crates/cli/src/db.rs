//! Opening the casework store for a command: `--data DIR` (SQLite inside it) or
//! `--database-url URL`, the command's one tokio runtime, and the acting person.

use std::path::{Path, PathBuf};

use anyhow::Context;
use gongkai_store::{Actor, Store};

/// Where the casework data lives (from the global options of [`crate::Cli`]).
#[derive(Debug, Clone)]
pub struct Db {
    pub data: PathBuf,
    pub url: Option<String>,
}

/// The SQLite file inside the data folder.
pub const SQLITE_FILE: &str = "gongkai.sqlite3";

impl Db {
    /// The database URL: `--database-url`, or the SQLite file in `--data` (the folder is created).
    pub fn url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.url {
            return Ok(url.clone());
        }
        private_sqlite_file(&self.data)?;
        Ok(sqlite_url(&self.data.join(SQLITE_FILE)))
    }

    /// Opens the store (creating and migrating it on first use) and fills in the reply
    /// deadlines and 办理时效 of applications stored before they were kept (a no-op query
    /// otherwise).
    pub async fn open(&self) -> anyhow::Result<Store> {
        let url = self.url()?;
        let store = Store::open(&url).await.with_context(|| format!("无法打开数据库（{}）", redact(&url)))?;
        let filled = store.backfill_due_dates(&Actor::new("system")?).await?;
        if !filled.is_empty() {
            eprintln!("已为 {} 件办理中的申请补记答复期限（记入审计日志）", filled.len());
        }
        let answered = store.backfill_timeliness().await?;
        if answered > 0 {
            eprintln!("已为 {answered} 件已答复的申请补记办理时效");
        }
        Ok(store)
    }
}

impl Db {
    /// Runs `f` with the opened store on the command's own runtime and closes the store after,
    /// whatever `f` returned (SQLite checkpoints its WAL on close).
    pub fn with_store<T>(&self, f: impl AsyncFnOnce(&Store) -> anyhow::Result<T>) -> anyhow::Result<T> {
        runtime()?.block_on(async {
            let store = self.open().await?;
            let result = f(&store).await;
            store.close().await;
            result
        })
    }
}

/// Creates the data folder (0700) and the SQLite file (0600) when missing: they hold personal
/// data, so nobody else on the machine may read them whatever the umask (SQLite gives its
/// `-wal` and `-shm` files the database file's mode).
fn private_sqlite_file(data: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if !data.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(data)
            .with_context(|| format!("无法创建数据目录 {}", data.display()))?;
    }
    let file = data.join(SQLITE_FILE);
    if !file.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&file)
            .with_context(|| format!("无法创建数据库文件 {}", file.display()))?;
    }
    Ok(())
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..s + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// The command's runtime: built here, used for this command only.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().context("无法启动异步运行时")
}

/// `--actor`: who is acting (recorded in the audit log).
#[derive(Debug, Clone, clap::Args)]
pub struct ActorArg {
    /// 操作人（记入审计日志）；默认取环境变量 GONGKAI_ACTOR 或当前系统用户
    #[arg(long, env = "GONGKAI_ACTOR")]
    actor: Option<String>,
}

impl ActorArg {
    pub fn actor(&self) -> anyhow::Result<Actor> {
        let name = self
            .actor
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_else(|| "cli".into());
        Ok(Actor::new(name)?)
    }
}

/// Today's date in China (UTC+8).
pub fn today() -> jiff::civil::Date {
    // Dates are China's (Asia/Shanghai), whatever the machine's zone: one definition, the web's.
    gongkai_web::today()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: the database was created world-readable (0644) while holding personal data.
    #[test]
    fn a_new_data_folder_and_database_are_private() {
        use std::os::unix::fs::PermissionsExt;
        // A data folder that does not exist yet (`url` creates it), inside one removed when dropped.
        let tmp = tempfile::Builder::new().prefix("gongkai-db-mode-").tempdir().unwrap();
        let data = tmp.path().join("data");
        Db { data: data.clone(), url: None }.url().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(SQLITE_FILE)), 0o600);
    }

    #[test]
    fn passwords_are_not_printed() {
        assert_eq!(redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact("sqlite://x?mode=rwc"), "sqlite://x?mode=rwc");
    }
}
