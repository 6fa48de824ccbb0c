//! Opening a fresh store per test on SQLite (a file in a temporary folder, removed when the test
//! ends) or on the PostgreSQL named by `GONGKAI_TEST_POSTGRES_URL` (a new database per test).

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use gongkai_store::{Backend, Store};
use tempfile::TempDir;

static N: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 1_000_000_000;
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A new folder under the system's temporary directory, removed with everything in it when the
/// returned guard is dropped (also when the test panics): keep it alive as long as its files are used.
pub fn temp_dir(prefix: &str) -> TempDir {
    tempfile::Builder::new().prefix(&format!("{prefix}_")).tempdir().expect("a temporary folder")
}

/// A store on a new SQLite file, with the folder that holds it: the store must be dropped (or
/// closed) before the folder, which goes with the file when it is dropped.
pub async fn sqlite() -> (Store, TempDir) {
    let dir = temp_dir("gongkai_store");
    let path = dir.path().join("test.sqlite3");
    let store = Store::open(&format!("sqlite://{}?mode=rwc", path.display())).await.expect("open SQLite");
    (store, dir)
}

/// The PostgreSQL server for tests: required when `CI` is set, otherwise optional.
pub fn postgres_url() -> Option<String> {
    match std::env::var("GONGKAI_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!(
                "GONGKAI_TEST_POSTGRES_URL is not set: in CI the PostgreSQL tests must run (use scripts/with-postgres)"
            )
        }
        _ => {
            eprintln!(
                "note: GONGKAI_TEST_POSTGRES_URL is not set; PostgreSQL test skipped (run under scripts/with-postgres)"
            );
            None
        }
    }
}

/// A store on a new, empty PostgreSQL database.
pub async fn postgres() -> Option<Store> {
    let url = postgres_database().await?;
    let store = Store::open(&url).await.expect("open PostgreSQL");
    assert_eq!(store.backend(), Backend::Postgres);
    Some(store)
}

/// The URL of a new, empty PostgreSQL database (no schema yet).
pub async fn postgres_database() -> Option<String> {
    let url = postgres_url()?;
    let name = unique("gongkai_test");
    create_database(&url, &name).await;
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b.to_string(), format!("?{q}")),
        None => (url.clone(), String::new()),
    };
    let base = base.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(base);
    Some(format!("{base}/{name}{query}"))
}

/// Creates a database through a plain connection to the server's default database.
async fn create_database(url: &str, name: &str) {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await.expect("connect to PostgreSQL");
    sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    conn.close().await.ok();
}

/// Runs each named `async fn(Store)` of the calling test file twice: on a fresh SQLite store
/// and on a fresh PostgreSQL database (when `GONGKAI_TEST_POSTGRES_URL` is set; required in CI).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    // The folder outlives the store, which the test takes and drops.
                    let (store, _dir) = super::common::sqlite().await;
                    super::$name(store).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    if let Some(store) = super::common::postgres().await {
                        super::$name(store).await
                    }
                }
            )*
        }
    };
}
