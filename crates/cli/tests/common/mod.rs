//! What the tests of the real `gongkai` process share: starting `gongkai serve`, raw HTTP
//! requests, running a command, a stream of applications, and reading every row of a database
//! independently of the store (SQLite through rusqlite, PostgreSQL through `psql`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A new folder `PREFIX-…` under the system's temporary directory, removed with everything in it
/// when the returned guard is dropped at the end of the test (also when it fails): keep it alive
/// as long as a process works in it.
pub fn temp_dir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("{prefix}-")).tempdir().expect("a temporary folder")
}

/// Starts `gongkai serve` on a free port with the global and serve options `args`.
pub fn start_with(data: &std::path::Path, args: &[&str]) -> (Child, SocketAddr) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--public-rate-limit", "100000", "--data"])
        .arg(data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("gongkai starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("gongkai prints its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// Starts `gongkai serve` on the data folder's SQLite database (`demo`: with the demo data).
pub fn start(data: &std::path::Path, demo: bool) -> (Child, SocketAddr) {
    start_with(data, if demo { &["--demo"] } else { &[] })
}

/// One HTTP/1.1 request; `None` when the connection fails (the server was killed).
pub async fn request(addr: SocketAddr, method: &str, path: &str, headers: &str, body: &str) -> Option<(u16, String)> {
    let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    Some((status, body))
}

/// Runs `gongkai --data DATA ARGS…`.
pub fn gongkai<S: AsRef<std::ffi::OsStr>>(data: &std::path::Path, args: &[S]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai")).arg("--data").arg(data).args(args).output().unwrap()
}

/// Applications arriving one after another at `addr` until stopped; each acknowledged one is
/// remembered with the moment its 201 arrived.
pub struct Load {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<(Instant, String)>>,
}

impl Load {
    pub fn start(rt: &tokio::runtime::Runtime, addr: SocketAddr, label: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let label = label.to_string();
        let task = {
            let stop = stop.clone();
            rt.spawn(async move {
                let mut acknowledged = Vec::new();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let body = format!(
                        r#"{{"agency": "demo", "applicant": {{"email": "test@example.cn", "kind": "natural", "name": "{label}{n}", "id_number": "11010519491231002X", "phone": "13800001111", "address": ""}}, "delivery": "电子邮件", "items": ["第{n}项"], "secret": "load-test"}}"#
                    );
                    if let Some((201, answer)) = request(addr, "POST", "/api/v1/applications", "", &body).await {
                        let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
                        acknowledged.push((Instant::now(), v["tracking_code"].as_str().unwrap().to_string()));
                    }
                }
                acknowledged
            })
        };
        Load { stop, task }
    }

    /// Stops the load; the acknowledged applications, in order.
    pub fn stop(self, rt: &tokio::runtime::Runtime) -> Vec<(Instant, String)> {
        self.stop.store(true, Ordering::Relaxed);
        rt.block_on(self.task).unwrap()
    }
}

/// Every row of every table, as text: table → rows (sorted), each row its columns in name
/// order joined by `|`; NULL is `∅`, blobs `\x` and hex.
pub type Rows = BTreeMap<String, Vec<String>>;

/// Every row of the SQLite database `file` (read directly, not through the store).
pub fn dump(file: &std::path::Path) -> Rows {
    let conn = rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '_sqlx_migrations' order by name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let columns = sqlite_columns(&conn, &t);
            let mut stmt = conn.prepare(&format!("select {} from \"{t}\"", columns.join(", "))).unwrap();
            let n = stmt.column_count();
            let mut rows = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => "∅".to_string(),
                            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
                            rusqlite::types::ValueRef::Real(f) => f.to_string(),
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            rusqlite::types::ValueRef::Blob(b) => {
                                format!("\\x{}", b.iter().map(|b| format!("{b:02x}")).collect::<String>())
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn sqlite_columns(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut names: Vec<String> = conn
        .prepare("select name from pragma_table_info(?1)")
        .unwrap()
        .query_map([table], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names.sort();
    names.into_iter().map(|n| format!("\"{n}\"")).collect()
}

/// The PostgreSQL server of the tests (`GONGKAI_TEST_POSTGRES_URL`, set by scripts/with-postgres):
/// required when `CI` is set, otherwise the test is skipped with a note.
pub fn postgres_url() -> Option<String> {
    match std::env::var("GONGKAI_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("GONGKAI_TEST_POSTGRES_URL is not set: in CI the PostgreSQL tests must run (scripts/with-postgres)")
        }
        _ => {
            eprintln!("note: GONGKAI_TEST_POSTGRES_URL is not set; PostgreSQL test skipped");
            None
        }
    }
}

/// `psql` with `args` on `url`, unaligned, fields split by U+001F and records by U+001E.
fn psql(url: &str, sql: &str) -> Vec<Vec<String>> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-F",
            "\u{1f}",
            "-R",
            "\u{1e}",
            "-P",
            "null=∅",
            "-d",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs (installed with PostgreSQL)");
    assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.strip_suffix('\n').unwrap_or(&text);
    text.split('\u{1e}').filter(|r| !r.is_empty()).map(|r| r.split('\u{1f}').map(str::to_string).collect()).collect()
}

/// A new, empty database on the test server; its URL.
pub fn postgres_database(url: &str, name: &str) -> String {
    psql(url, &format!("create database {name}"));
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b.to_string(), format!("?{q}")),
        None => (url.to_string(), String::new()),
    };
    let base = base.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(base);
    format!("{base}/{name}{query}")
}

/// Every row of the PostgreSQL database at `url`, in the form of [`dump`].
pub fn dump_postgres(url: &str) -> Rows {
    let tables: Vec<String> = psql(
        url,
        "select table_name from information_schema.tables where table_schema = current_schema() \
         and table_type = 'BASE TABLE' and table_name <> '_sqlx_migrations' order by table_name",
    )
    .into_iter()
    .map(|r| r[0].clone())
    .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut columns: Vec<String> = psql(
                url,
                &format!("select column_name from information_schema.columns where table_schema = current_schema() and table_name = '{t}'"),
            )
            .into_iter()
            .map(|r| format!("\"{}\"", r[0]))
            .collect();
            columns.sort();
            let mut rows: Vec<String> =
                psql(url, &format!("select {} from \"{t}\"", columns.join(", "))).into_iter().map(|r| r.join("|")).collect();
            rows.sort();
            (t, rows)
        })
        .collect()
}
