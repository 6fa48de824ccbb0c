//! Issue 12: backup, restore and the move to PostgreSQL, each while `gongkai serve` takes a
//! stream of applications. Every row of every table is compared with an oracle independent of
//! the store (rusqlite for SQLite files, `psql` for PostgreSQL).

mod common;

use std::time::{Duration, Instant};

use common::{Load, Rows, dump, dump_postgres, gongkai, postgres_database, postgres_url, start, start_with, temp_dir};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The codes acknowledged before `began`; at least a few, and the load went on after it.
fn before(acknowledged: &[(Instant, String)], began: Instant) -> Vec<String> {
    let before: Vec<String> = acknowledged.iter().filter(|(at, _)| *at < began).map(|(_, c)| c.clone()).collect();
    assert!(before.len() >= 5 && acknowledged.len() > before.len(), "load before and during the copy");
    before
}

fn assert_holds(rows: &Rows, codes: &[String], what: &str) {
    let applications = &rows["applications"];
    for code in codes {
        assert!(
            applications.iter().any(|row| row.contains(code.as_str())),
            "{code} acknowledged before {what} is in it"
        );
    }
}

fn assert_success(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `gongkai backup` while the server takes applications, then `gongkai restore` into another
/// folder: the restored database holds every row of the backup exactly, every application
/// acknowledged before the backup began, and search works from a rebuilt index.
#[test]
fn a_backup_under_load_restores_exactly() {
    let tmp = temp_dir("gongkai-backup");
    let root = tmp.path();
    let (data, restored, file) = (root.join("a"), root.join("b"), root.join("backup.sqlite3"));
    let (mut server, addr) = start(&data, true);
    let rt = runtime();
    let load = Load::start(&rt, addr, "备份测试");
    std::thread::sleep(Duration::from_millis(700));
    let began = Instant::now();
    assert_success(&gongkai(&data, &["backup".as_ref(), file.as_os_str()]));
    std::thread::sleep(Duration::from_millis(300));
    let acknowledged = load.stop(&rt);
    server.kill().unwrap();
    server.wait().unwrap();
    let before = before(&acknowledged, began);

    let restore = || gongkai(&restored, &["restore".as_ref(), file.as_os_str()]);
    assert!(assert_success(&restore()).contains("搜索索引已重建"));
    let backup_rows = dump(&file);
    assert_eq!(backup_rows, dump(&restored.join("gongkai.sqlite3")), "every row of every table");
    assert_holds(&backup_rows, &before, "the backup");
    let out = gongkai(&restored, &["search", "--json", "--", "公开"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(found["total"].as_u64().unwrap() > 0, "search answers from the rebuilt index");
    // A second restore over data is refused without --force.
    let out = restore();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}

/// `gongkai move-to-postgres` while the SQLite deployment takes applications: the PostgreSQL
/// database holds one consistent snapshot (every row it holds is a row of the source, every
/// application acknowledged before the move is there). Moved again after the server stopped,
/// every row of every table is equal. The moved deployment then serves from PostgreSQL (new
/// applications get keys after the moved ones), is backed up under load into an SQLite file,
/// and that backup restored into a third, empty PostgreSQL database is exact too.
#[test]
fn a_move_to_postgres_and_a_postgres_backup_are_exact_under_load() {
    let Some(server_url) = postgres_url() else { return };
    let tmp = temp_dir("gongkai-move");
    let root = tmp.path();
    let tag = format!("{}_{}", std::process::id(), jiff::Timestamp::now().as_millisecond());
    let (under_load, moved, restored) = (
        postgres_database(&server_url, &format!("gongkai_move_a_{tag}")),
        postgres_database(&server_url, &format!("gongkai_move_b_{tag}")),
        postgres_database(&server_url, &format!("gongkai_move_c_{tag}")),
    );
    let data = root.join("sqlite");
    let rt = runtime();

    // 1. Moved under load.
    let (mut server, addr) = start(&data, true);
    let load = Load::start(&rt, addr, "迁移测试");
    std::thread::sleep(Duration::from_millis(700));
    let began = Instant::now();
    let out = assert_success(&gongkai(&data, &["move-to-postgres", &under_load]));
    assert!(out.contains("逐表核对行数一致"), "{out}");
    std::thread::sleep(Duration::from_millis(300));
    let acknowledged = load.stop(&rt);
    server.kill().unwrap();
    server.wait().unwrap();
    let before_move = before(&acknowledged, began);
    let source = dump(&data.join("gongkai.sqlite3"));
    let snapshot = dump_postgres(&under_load);
    assert_eq!(source.keys().collect::<Vec<_>>(), snapshot.keys().collect::<Vec<_>>(), "the same tables");
    assert_holds(&snapshot, &before_move, "the move");
    let mut fewer = 0;
    for (table, rows) in &snapshot {
        for row in rows {
            // The one change the load makes to a row after writing it: the server replaces a new
            // tracking secret's interim hash by a stronger one in the background.
            let upgraded = table == "application_secrets" && row.contains("$gongkai-hmac-sha256$");
            assert!(upgraded || source[table].binary_search(row).is_ok(), "{table}: {row} is not a row of the source");
        }
        fewer += source[table].len() - rows.len();
    }
    assert!(fewer > 0, "the load went on after the snapshot");

    // 2. Moved after the server stopped: exact; a second move into a database with data is refused.
    assert_success(&gongkai(&data, &["move-to-postgres", &moved]));
    assert_eq!(dump_postgres(&moved), source, "every row of every table");
    let out = gongkai(&data, &["move-to-postgres", &moved]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("空数据库"), "{}", String::from_utf8_lossy(&out.stderr));

    // 3. The moved deployment serves from PostgreSQL and is backed up under load.
    let node = root.join("pg-node");
    let (mut server, addr) = start_with(&node, &["--database-url", &moved]);
    let load = Load::start(&rt, addr, "备份PG");
    std::thread::sleep(Duration::from_millis(700));
    let began = Instant::now();
    let file = root.join("pg-backup.sqlite3");
    // `gongkai --data DATA --database-url URL ARGS…`
    let pg = |data: &std::path::Path, url: &str, args: &[&std::ffi::OsStr]| {
        let mut all: Vec<&std::ffi::OsStr> = vec!["--database-url".as_ref(), url.as_ref()];
        all.extend_from_slice(args);
        gongkai(data, &all)
    };
    assert_success(&pg(&node, &moved, &["backup".as_ref(), file.as_os_str()]));
    std::thread::sleep(Duration::from_millis(300));
    let acknowledged = load.stop(&rt);
    server.kill().unwrap();
    server.wait().unwrap();
    let before_backup = before(&acknowledged, began);
    let backup = dump(&file);
    assert_holds(&backup, &before_backup, "the PostgreSQL backup");
    let after_move: Vec<&String> = acknowledged.iter().map(|(_, c)| c).collect();
    assert!(!after_move.is_empty(), "PostgreSQL took new applications after the move");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "the backup is private");

    // 4. Restored into an empty PostgreSQL database: exact, searchable; not over data.
    let target = root.join("pg-restored");
    let out = assert_success(&pg(&target, &restored, &["restore".as_ref(), file.as_os_str()]));
    assert!(out.contains("搜索索引已重建"), "{out}");
    assert_eq!(dump_postgres(&restored), backup, "every row of every table");
    let out = pg(&target, &restored, &["search".as_ref(), "--json".as_ref(), "--".as_ref(), "公开".as_ref()]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(found["total"].as_u64().unwrap() > 0, "search answers from the rebuilt index");
    let out = pg(&target, &restored, &["restore".as_ref(), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("空数据库"), "{}", String::from_utf8_lossy(&out.stderr));
}
