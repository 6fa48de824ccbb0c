//! Supervision at province scale (issue 15): 10,000 agencies × 5 years of reports.
//!
//! Measures, on SQLite (a temporary file) or on PostgreSQL when `GONGKAI_TEST_POSTGRES_URL` is
//! set: the roll-up of the root cold (reports parsed from the database) and warm (from the
//! cache), the supervision page of the root through the whole app (p50/p99 of sequential
//! requests, after a first cold one), the XLSX of the whole tree, and collecting 1,000 report
//! files (read + matched + filed, each in its own transaction). Setup is not measured.
//! `GONGKAI_BENCH_AGENCIES` and `GONGKAI_BENCH_FILES` change the sizes.
//!
//! Run: `cargo bench -p gongkai-web --bench supervision` (and under `scripts/with-postgres`).

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use gongkai_core::keys::{self, T3Col, T3Row, T4Group, T4Result, t3, t4};
use gongkai_core::report::{Figure, Report};
use gongkai_core::supervise::{Agency, AgencyCode, AgencyKind, Dense, Level, rollup_prepared};
use gongkai_store::supervision::{NewReportVersion, ReportOrigin};
use gongkai_store::{Actor, AgencyId, Role, Store};
use gongkai_web::supervision::{Collector, ReadDocument, read_document};
use gongkai_web::{AppState, Config, build_app};
use tower::ServiceExt;

const YEARS: std::ops::RangeInclusive<i32> = 2021..=2025;
const PASSWORD: &str = "bench-password-1";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// A ten-way tree: agency `i` hangs below `(i - 1) / 10` (province, cities, counties, towns …).
fn tree(n: usize) -> Vec<Agency> {
    (0..n)
        .map(|i| {
            let depth = (0..).scan(i, |j, _| (*j > 0).then(|| *j = (*j - 1) / 10)).count();
            let level = [Level::Province, Level::City, Level::County, Level::Township][depth.min(3)];
            Agency {
                code: AgencyCode::parse(&format!("a{i}")).unwrap(),
                name: format!("第{i}号机关"),
                short_names: Vec::new(),
                level: Some(level),
                kind: if i % 10 == 1 { AgencyKind::Government } else { AgencyKind::Department },
                parent: (i > 0).then(|| AgencyCode::parse(&format!("a{}", (i - 1) / 10)).unwrap()),
            }
        })
        .collect()
}

/// A report with every cell of tables 二, 三 and 四 of the 2021 format (consistent sums).
fn report(i: usize, year: i32) -> Report {
    let mut r = Report { year: Some(year), ..Report::default() };
    let n = |salt: usize| ((i * 31 + salt * 7 + year as usize) % 5) as i64;
    for (k, _) in keys::T2_2021 {
        r.values.insert(k.to_string(), Figure::Count(n(k.len())));
    }
    let mut totals = [0i64; 6];
    for (row_i, row) in T3Row::OUTCOMES.iter().enumerate().filter(|(_, r)| **r != T3Row::Other) {
        let mut sum = 0;
        for (c, col) in T3Col::APPLICANTS.iter().enumerate() {
            let v = n(row_i + c);
            r.values.insert(t3(*row, *col), Figure::Count(v));
            totals[c] += v;
            sum += v;
        }
        r.values.insert(t3(*row, T3Col::Total), Figure::Count(sum));
    }
    for (c, col) in T3Col::APPLICANTS.iter().enumerate() {
        for row in [T3Row::New, T3Row::Total] {
            r.values.insert(t3(row, *col), Figure::Count(totals[c]));
        }
        r.values.insert(t3(T3Row::CarriedIn, *col), Figure::Count(0));
        r.values.insert(t3(T3Row::CarriedOut, *col), Figure::Count(0));
    }
    let all: i64 = totals.iter().sum();
    for row in [T3Row::New, T3Row::Total] {
        r.values.insert(t3(row, T3Col::Total), Figure::Count(all));
    }
    r.values.insert(t3(T3Row::CarriedIn, T3Col::Total), Figure::Count(0));
    r.values.insert(t3(T3Row::CarriedOut, T3Col::Total), Figure::Count(0));
    for g in T4Group::ALL {
        for res in [T4Result::Upheld, T4Result::Corrected, T4Result::Other, T4Result::Pending] {
            r.values.insert(t4(g, res), Figure::Count(0));
        }
        r.values.insert(t4(g, T4Result::Total), Figure::Count(0));
    }
    r
}

async fn open_store() -> Store {
    match std::env::var("GONGKAI_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let (base, query) = match url.split_once('?') {
                Some((b, q)) => (b.to_string(), format!("?{q}")),
                None => (url.clone(), String::new()),
            };
            let base = base.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(base);
            let name = format!("gongkai_bench_sup_{}", std::process::id());
            let admin = Store::open(&url).await.expect("PostgreSQL");
            drop(admin);
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await.unwrap();
            Store::open(&format!("{base}/{name}{query}")).await.unwrap()
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("gongkai-bench-sup-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Store::open(&format!("sqlite://{}?mode=rwc", dir.join("bench.sqlite3").display())).await.unwrap()
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// A request through the whole app (sessions, security headers, handlers) without a socket.
async fn send(
    app: &axum::Router,
    method: &str,
    path: &str,
    cookie: &str,
    form: Option<String>,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut req = Request::builder().method(method).uri(path);
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    let body = match form {
        Some(f) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f)
        }
        None => Body::empty(),
    };
    let resp = app.clone().oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status().as_u16();
    let headers =
        resp.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string())).collect();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec();
    (status, headers, bytes)
}

fn cookie_of(headers: &[(String, String)], old: &str) -> String {
    headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("gongkai_session="))
        .map(|(_, v)| v.split(';').next().unwrap().to_string())
        .unwrap_or_else(|| old.to_string())
}

fn csrf_of(body: &[u8]) -> String {
    let t = String::from_utf8_lossy(body);
    let at = t.find("name=\"csrf\" value=\"").expect("csrf field") + 19;
    t[at..at + t[at..].find('"').unwrap()].to_string()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run());
}

async fn run() {
    let n = env_usize("GONGKAI_BENCH_AGENCIES", 10_000);
    let files = env_usize("GONGKAI_BENCH_FILES", 1_000);
    let store = open_store().await;
    let backend = store.backend().label();
    let actor = Actor::new("bench").unwrap();
    println!("supervision bench on {backend}: {n} agencies × {} years, {files} files to collect", YEARS.count());

    let setup = Instant::now();
    store.import_agencies(tree(n), &actor).await.unwrap();
    let ids: Vec<AgencyId> = (0..n).map(|i| AgencyId::new(format!("a{i}")).unwrap()).collect();
    for year in YEARS {
        let reports: Vec<Report> = (0..n).map(|i| report(i, year)).collect();
        // Every 20th agency has not reported (the page names the missing).
        let versions: Vec<NewReportVersion> = (0..n)
            .filter(|i| i % 20 != 7)
            .map(|i| NewReportVersion {
                agency: &ids[i],
                year,
                origin: ReportOrigin::Compiled,
                source: None,
                published_on: None,
                summary: false,
                report: &reports[i],
                text_sketch: None,
            })
            .collect();
        store.file_reports(&versions, &actor).await.unwrap();
    }
    let hash = gongkai_web::auth::hash_secret(PASSWORD.to_string()).await.unwrap();
    store.create_user(&ids[0], "bench-supervisor", "督查员", Role::Supervisor, &hash, &actor).await.unwrap();
    println!("setup (not measured): {:.1} s", setup.elapsed().as_secs_f64());

    // Roll-up of the root: cold (parse every report of the year) and warm (vectors kept).
    let year = *YEARS.end();
    let tree = store.agency_tree().await.unwrap();
    let t = Instant::now();
    let current = store.current_reports(year).await.unwrap();
    let dense: Vec<Option<Dense>> = (0..tree.len())
        .map(|id| current.get(&AgencyId::new(tree.agency(id).code.as_str()).unwrap()).map(|v| Dense::of(&v.report)))
        .collect();
    let r = rollup_prepared(&tree, 0, year, |id| dense[id].as_ref().map(|d| (d, false)), |_| None);
    let cold = t.elapsed();
    let mut warm = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let r2 = rollup_prepared(&tree, 0, year, |id| dense[id].as_ref().map(|d| (d, false)), |_| None);
        warm.push(t.elapsed());
        assert_eq!(r2.values, r.values);
    }
    warm.sort();
    println!(
        "roll-up of the root ({} reports, {} missing): cold {} (of which reading {} reports from the database), warm p50 {}",
        r.included.len(),
        r.missing.len(),
        ms(cold),
        current.len(),
        ms(percentile(&warm, 0.5))
    );

    // The supervision page of the root through the app.
    let state = AppState::new(store.clone(), Config { secure_cookies: false, ..Config::default() }).await.unwrap();
    let app = build_app(state);
    let (_, h, body) = send(&app, "GET", "/console/login", "", None).await;
    let cookie = cookie_of(&h, "");
    let form = serde_urlencoded::to_string([
        ("csrf", csrf_of(&body).as_str()),
        ("name", "bench-supervisor"),
        ("password", PASSWORD),
    ])
    .unwrap();
    let (status, h, _) = send(&app, "POST", "/console/login", &cookie, Some(form)).await;
    assert_eq!(status, 303, "login");
    let cookie = cookie_of(&h, &cookie);
    let page = format!("/console/supervision?agency=a0&year={year}");
    let t = Instant::now();
    let (status, _, body) = send(&app, "GET", &page, &cookie, None).await;
    let first = t.elapsed();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let (status, _, _) = send(&app, "GET", &page, &cookie, None).await;
        times.push(t.elapsed());
        assert_eq!(status, 200);
    }
    times.sort();
    println!(
        "supervision page of the root ({} bytes): first (cold cache, 5 years) {}, then 200 requests p50 {} p99 {}",
        body.len(),
        ms(first),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99))
    );

    let t = Instant::now();
    let (status, _, xlsx) =
        send(&app, "GET", &format!("/console/supervision/a0/{year}/export.xlsx"), &cookie, None).await;
    assert_eq!(status, 200);
    println!("XLSX of the whole tree ({n} rows, {} bytes): {}", xlsx.len(), ms(t.elapsed()));

    // Collecting report files: the shared labelled reports, each made unique, read and filed.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in ["seeds", "corpus"] {
        for e in std::fs::read_dir(shared.join(dir)).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "txt" || x == "html") {
                docs.push((p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let batch: Vec<(String, Vec<u8>)> = (0..files)
        .map(|i| {
            let (name, bytes) = &docs[i % docs.len()];
            let mut b = bytes.clone();
            b.extend_from_slice(format!("\n<!-- {i} -->\n").as_bytes());
            (format!("{i}-{name}"), b)
        })
        .collect();
    let t = Instant::now();
    let read: Vec<(String, Vec<u8>, Result<ReadDocument, String>)> = tokio::task::spawn_blocking(move || {
        use rayon::prelude::*;
        let extractor = gongkai_extract::Extractor::new();
        batch
            .into_par_iter()
            .map(|(name, bytes)| {
                let r = read_document(&extractor, &name, &bytes);
                (name, bytes, r)
            })
            .collect()
    })
    .await
    .unwrap();
    let reading = t.elapsed();
    let collector = Collector::load(&store, Some(2024), actor.clone()).await.unwrap();
    for (name, bytes, r) in read {
        collector.file(&name, &bytes, r.unwrap()).await.unwrap();
    }
    let total = t.elapsed();
    println!(
        "collecting {files} files: {:.0} files/s ({} reading on all cores, {} filing one transaction each)",
        files as f64 / total.as_secs_f64(),
        ms(reading),
        ms(total - reading)
    );
    store.close().await;
}
