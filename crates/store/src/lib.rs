//! gongkai's persistence: casework (agencies, applications, events, remedies, fees, table 二
//! inputs, holiday schedules) and the audit log, on SQLite (embedded, the default) or PostgreSQL
//! through sqlx's Any driver. One set of portable SQL; one migration folder per backend.
//!
//! Conventions both schemas share (see `migrations/`): dates are `YYYY-MM-DD` text, times RFC 3339
//! UTC text, integers `bigint`, JSON as text; no boolean expressions are read back.

mod agencies;
mod applications;
mod bulk;
pub mod codes;
mod consultations;
mod deliveries;
mod drafts;
mod error;
mod files;
mod ids;
mod items;
pub mod mask;
mod model;
mod publication;
mod records;
mod remedies;
mod sessions;
mod settings;
pub mod supervision;
mod tokens;
mod transfer;
mod users;
mod web;

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Once};
use std::time::Duration;

use futures_util::FutureExt;
use jiff::civil::Date;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Transaction};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub use applications::RequestKey;
pub use bulk::replay;
pub use consultations::{Consultation, ConsultationChannel, NewConsultation};
pub use deliveries::DeliveryRecord;
pub use drafts::ReplyDraft;
pub use error::{Error, Result};
pub use files::{CaseFile, FileAccess, NewCaseFile, Withheld};
pub use ids::CaseFileId;
pub use ids::{Actor, AgencyId, ApplicationId, RemedyId, SecretOwner, tracking_code, tracking_code_is_valid};
pub use items::{
    CatalogNode, CatalogNodeId, Guide, ImportedItem, InterpretationLinks, Item, ItemEvent, ItemId, ItemQuery,
    ItemSummary, LinkedItem, PublishedHistory, SearchChange,
};
pub use model::DueDateChange;
pub use model::{
    Agency, Applicant, ApplicationDetail, ApplicationSummary, Applied, AuditEntry, BulkApplication, EventRecord,
    ListQuery, MaskedApplicant, NewApplication, Registered, delivery_by_email, resident_id_check, resident_id_ok,
};
pub use publication::Publication;
pub use remedies::RemedyRecord;
pub use settings::{CalendarImport, ImportedYear};
pub use tokens::ApiToken;
pub use users::{Role, StaffUser, login_name_ok};
pub use web::OpenApplication;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a URL names.
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(Error::UnsupportedUrl(url.to_string()))
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
    /// The embedded migrations of this backend.
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// The repository: a connection pool and the backend behind it. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// SQLite allows one writer at a time. Writers queue here, in order, instead of colliding
    /// inside SQLite (`SQLITE_BUSY`, busy-wait polling) when many requests write at once.
    writer: Arc<Semaphore>,
    /// SQLite: registrations waiting to be committed together (see [`Store::register_with_secret`]).
    registrations: Arc<std::sync::Mutex<Vec<applications::QueuedRegistration>>>,
    /// Agencies read before (see [`Store::agency`]).
    known_agencies: Arc<std::sync::RwLock<std::collections::HashMap<AgencyId, Agency>>>,
}

/// A write transaction: on SQLite it holds the store's single writer slot until it ends.
/// Dereferences to the connection, like sqlx's own transaction.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Any>,
    _slot: Option<OwnedSemaphorePermit>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// How long a SQLite writer waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 15_000;

impl Store {
    /// Opens (and for SQLite with `?mode=rwc`, creates) the database and brings its schema up to
    /// date. SQLite runs in WAL mode with `synchronous = FULL`: a committed change (an accepted
    /// application) is on disk before the call returns.
    pub async fn open(url: &str) -> Result<Store> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            // journal_mode is a property of the file and needs an exclusive lock: set it once,
            // alone, before the pool opens more connections.
            let mut conn = AnyConnection::connect(url).await?;
            sqlx::query("pragma journal_mode = wal").fetch_optional(&mut conn).await?;
            conn.close().await?;
        }
        let options = match backend {
            // Readers run side by side in WAL mode; writers take turns (`begin_write`).
            Backend::Sqlite => AnyPoolOptions::new().max_connections(8).after_connect(|conn, _| {
                async move {
                    for pragma in [
                        "pragma synchronous = full".to_string(),
                        format!("pragma busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"),
                        "pragma foreign_keys = on".to_string(),
                    ] {
                        sqlx::query(sqlx::AssertSqlSafe(pragma)).execute(&mut *conn).await?;
                    }
                    Ok(())
                }
                .boxed()
            }),
            Backend::Postgres => AnyPoolOptions::new().max_connections(8),
        };
        let pool = options.acquire_timeout(Duration::from_secs(30)).connect(url).await?;
        backend.migrator().run(&pool).await?;
        Ok(Store {
            pool,
            backend,
            writer: Arc::new(Semaphore::new(1)),
            registrations: Arc::default(),
            known_agencies: Arc::default(),
        })
    }

    /// Begins a transaction that will write. On SQLite it first takes the writer slot (writers
    /// queue in order) and then the write lock, so it never has to upgrade from reader to
    /// writer against another connection, which SQLite refuses at once (`SQLITE_BUSY`).
    pub(crate) async fn begin_write(&self) -> Result<WriteTx> {
        match self.backend {
            Backend::Sqlite => {
                let slot = self.writer.clone().acquire_owned().await.map_err(|_| Error::Closed)?;
                // IMMEDIATE takes SQLite's write lock at once, waiting (busy_timeout) for a
                // transaction that was just dropped to finish rolling back on its connection.
                let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
                Ok(WriteTx { tx, _slot: Some(slot) })
            }
            Backend::Postgres => Ok(WriteTx { tx: self.pool.begin().await?, _slot: None }),
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool, waiting for connections to finish (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Writes a consistent copy of the whole SQLite database to `path` (which must not exist)
    /// while others go on reading and writing: `VACUUM INTO` reads one snapshot. A PostgreSQL
    /// deployment backs up into a new SQLite file through [`Store::copy_into`].
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(Error::invalid("备份", "PostgreSQL 数据库的备份须复制到新的 SQLite 文件（copy_into）"));
        }
        let target = path.to_str().ok_or_else(|| Error::invalid("备份文件", "路径须为 UTF-8"))?;
        sqlx::query("vacuum into $1").bind(target).execute(&self.pool).await?;
        Ok(())
    }

    /// A `pragma` or `show` value, for checks and diagnostics (`journal_mode`, `synchronous`).
    pub async fn sqlite_pragma(&self, name: &str) -> Result<Option<String>> {
        if self.backend != Backend::Sqlite || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Ok(None);
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("pragma {name}"))).fetch_optional(&self.pool).await?;
        Ok(row.map(|r| {
            use sqlx::Row;
            r.try_get::<String, _>(0).or_else(|_| r.try_get::<i64, _>(0).map(|n| n.to_string())).unwrap_or_default()
        }))
    }
}

/// Today's date in China (Asia/Shanghai: UTC+8 all year, no daylight saving).
pub fn today() -> Date {
    jiff::tz::Offset::constant(8).to_datetime(jiff::Timestamp::now()).date()
}

/// A stored UTC timestamp (RFC 3339) as people in China read it: "2026年12月5日 13:45".
pub fn local_time_zh(stored: &str) -> String {
    match stored.parse::<jiff::Timestamp>() {
        Ok(t) => {
            let local = jiff::tz::Offset::constant(8).to_datetime(t);
            format!("{}年{}月{}日 {:02}:{:02}", local.year(), local.month(), local.day(), local.hour(), local.minute())
        }
        Err(_) => stored.to_string(),
    }
}

/// The current time as stored: RFC 3339, UTC.
pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// A stored date.
pub(crate) fn parse_date(what: &str, s: &str) -> Result<Date> {
    s.parse::<Date>().map_err(|e| Error::corrupt(what, format!("“{s}”不是日期（{e}）")))
}

pub(crate) fn parse_opt_date(what: &str, s: Option<String>) -> Result<Option<Date>> {
    s.map(|s| parse_date(what, &s)).transpose()
}

/// Appends one audit entry; call inside the transaction of the change it records.
pub(crate) async fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    at: &str,
    entity: &str,
    action: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    sqlx::query(
        "insert into audit_log (actor, at, entity, action, before_json, after_json) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor.as_str())
    .bind(at)
    .bind(entity)
    .bind(action)
    .bind(before)
    .bind(after)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        let versions = |m: &Migrator| m.iter().map(|x| (x.version, x.description.to_string())).collect::<Vec<_>>();
        let sqlite = versions(&SQLITE_MIGRATIONS);
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, versions(&POSTGRES_MIGRATIONS));
    }

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(Backend::of_url("sqlite://x.db?mode=rwc").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::of_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert!(matches!(Backend::of_url("mysql://h/db"), Err(Error::UnsupportedUrl(_))));
    }
}
