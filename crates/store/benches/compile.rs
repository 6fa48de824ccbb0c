//! Compiling a year's annual report from 1,000,000 applications (goal: under 2 s on SQLite):
//! `Store::records` streamed from the covering index, then `compile`. The data is generated
//! once through the bulk insert path and kept (SQLite: a file in the temp folder; PostgreSQL:
//! the `gongkai_bench` database when `GONGKAI_TEST_POSTGRES_URL` is set); generation is not
//! measured. `GONGKAI_BENCH_APPLICATIONS` changes the size.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gongkai_core::case::{ApplicantKind, Channel, Event, OtherDisposition, Outcome, UnableReason};
use gongkai_core::compile::compile;
use gongkai_store::{Actor, AgencyId, Applicant, BulkApplication, NewApplication, Store};
use jiff::ToSpan;
use jiff::civil::date;

const YEAR: i16 = 2025;

fn size() -> usize {
    std::env::var("GONGKAI_BENCH_APPLICATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000)
}

fn agency() -> AgencyId {
    AgencyId::new("bench").unwrap()
}

/// Application `i`: received over 2025 (2 % late in 2024, carried in), 90 % answered, outcomes
/// cycling through every outcome an answer can give.
fn application(i: usize, outcomes: &[Outcome]) -> BulkApplication {
    let carried_in = i.is_multiple_of(50);
    let registered = if carried_in {
        date(2024, 12, 1).checked_add(((i / 50) % 30) as i64 * 1.day()).unwrap()
    } else {
        date(YEAR, 1, 1).checked_add(((i * 7) % 360) as i64 * 1.day()).unwrap()
    };
    let kind = ApplicantKind::ALL[i % 6];
    let channel = if i.is_multiple_of(4) { Channel::Online } else { Channel::InPerson };
    let mut events = Vec::new();
    if channel == Channel::Online {
        events.push(Event::ConfirmReceipt { on: registered });
    }
    if !i.is_multiple_of(10) {
        let on = registered.checked_add(((i % 25) as i64).days()).unwrap();
        let outcome = outcomes[i % outcomes.len()];
        events.push(match outcome {
            Outcome::Other(OtherDisposition::Withdrawn) => Event::Withdraw { on },
            _ => Event::Answer { on, outcome, text: Default::default() },
        });
    }
    BulkApplication {
        application: NewApplication {
            agency: agency(),
            applicant: Applicant {
                kind,
                name: format!("申请人{i}"),
                id_number: format!("E{i:08}"),
                phone: format!("138{:08}", i % 100_000_000),
                address: "示例市东城区人民路1号".into(),
                ..Default::default()
            },
            channel,
            delivery: "电子邮件".into(),
            registered_on: registered,
            items: vec!["某项目的审批文件".into()],
        },
        events,
    }
}

async fn populate(store: &Store, n: usize) {
    let actor = Actor::new("bench").unwrap();
    if store.agency(&agency()).await.unwrap().is_some() {
        let have = store.count_applications(&agency()).await.unwrap();
        if have == n as i64 {
            eprintln!("{}: reusing {n} applications", store.backend().label());
            return;
        }
        panic!("{}: the bench database holds {have} applications, not {n}: remove it", store.backend().label());
    }
    store.create_agency(&agency(), "基准测试机关", &actor).await.unwrap();
    let outcomes: Vec<Outcome> = Outcome::all()
        .into_iter()
        .filter(|o| {
            !matches!(
                o,
                Outcome::Other(OtherDisposition::NoCorrection | OtherDisposition::NoFee)
                    | Outcome::Unable(UnableReason::StillUnclear)
            )
        })
        .collect();
    let started = Instant::now();
    let mut done = 0;
    while done < n {
        let batch: Vec<BulkApplication> = (done..(done + 20_000).min(n)).map(|i| application(i, &outcomes)).collect();
        store.bulk_insert(&batch, &actor, "bench").await.unwrap();
        done += batch.len();
        if done.is_multiple_of(200_000) || done == n {
            eprintln!("{}: {done} applications inserted in {:.0?}", store.backend().label(), started.elapsed());
        }
    }
    store.optimize().await.unwrap();
    eprintln!("{}: generated in {:.1?}", store.backend().label(), started.elapsed());
}

fn bench_store(c: &mut Criterion, name: &str, url: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let n = size();
    let store = rt.block_on(async {
        let store = Store::open(url).await.unwrap();
        populate(&store, n).await;
        store
    });
    let mut group = c.benchmark_group("compile_year");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function(format!("{name}/{n}"), |b| {
        b.iter(|| {
            let records = rt.block_on(store.records(&agency(), YEAR)).unwrap();
            let report = compile("基准测试机关", YEAR, &records).unwrap();
            assert!(report.get("t3.new.total").and_then(|f| f.as_count()).unwrap() > 0);
            report
        })
    });
    group.finish();
    rt.block_on(store.close());
}

fn sqlite(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("gongkai-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("compile-{}.sqlite3", size()));
    bench_store(c, "sqlite", &format!("sqlite://{}?mode=rwc", path.display()));
}

fn postgres(c: &mut Criterion) {
    let Some(url) = std::env::var("GONGKAI_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("note: GONGKAI_TEST_POSTGRES_URL is not set; PostgreSQL benchmark skipped");
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let name = format!("gongkai_bench_{}", size());
    rt.block_on(async {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
        let exists: Option<i32> = sqlx::query_scalar("select 1 from pg_database where datname = $1")
            .bind(&name)
            .fetch_optional(&mut conn)
            .await
            .unwrap();
        if exists.is_none() {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await.unwrap();
        }
    });
    let base = url.split('?').next().unwrap();
    let base = base.rsplit_once('/').map(|(b, _)| b).unwrap_or(base);
    bench_store(c, "postgres", &format!("{base}/{name}"));
}

criterion_group!(benches, sqlite, postgres);
criterion_main!(benches);
