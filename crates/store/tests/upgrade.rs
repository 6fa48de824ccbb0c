//! Upgrades: a database holding data at every earlier schema version migrates to the current one
//! with that data intact and readable, on SQLite and on PostgreSQL.

mod common;

use std::path::Path;

use gongkai_core::case::{ApplicantKind, Channel, Event, Lifecycle};
use gongkai_store::{Actor, AgencyId, Backend, Store, codes};
use jiff::civil::date;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

/// The migration files of a backend, in order.
fn migration_files(backend: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    files
}

/// Brings the database at `url` to schema version `n` (the first `n` migrations, recorded as
/// sqlx records them), stores an agency and an application in the columns of that version,
/// then opens it with the current code (which runs the rest) and reads the data back.
async fn upgrade_from(url: &str, backend: &str, n: usize) {
    sqlx::any::install_default_drivers();
    let dir = common::temp_dir(&format!("migrations_{backend}_{n}"));
    for f in &migration_files(backend)[..n] {
        std::fs::copy(f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    let pool = AnyPoolOptions::new().max_connections(1).connect(url).await.unwrap();
    Migrator::new(dir.path()).await.unwrap().run(&pool).await.unwrap();
    let mut lc = Lifecycle::register(ApplicantKind::Natural, Channel::Online, date(2025, 3, 3));
    lc.apply(&Event::ConfirmReceipt { on: date(2025, 3, 4) }).unwrap();
    let at = "2025-03-04T02:00:00Z";
    sqlx::query("insert into agencies (id, name, created_at) values ('old', '旧版本机关', $1)")
        .bind(at)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "insert into applications (tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, \
         applicant_phone, applicant_address, channel, delivery, registered_on, received_on, concluded_on, outcome, \
         open_until, stage, lifecycle, version, created_at, updated_at) values \
         ('2025-00000001-9', 'old', $1, '王五', '11010519491231002X', '13800001111', '', $2, '邮寄', '2025-03-03', \
         '2025-03-04', null, null, '9999-12-31', $3, $4, 2, $5, $5)",
    )
    .bind(codes::applicant_kind(ApplicantKind::Natural))
    .bind(codes::channel(Channel::Online))
    .bind(codes::stage(&lc.stage))
    .bind(serde_json::to_string(&lc).unwrap())
    .bind(at)
    .execute(&pool)
    .await
    .unwrap();
    // An answered case too: its 办理时效 is filled in after the upgrade.
    let mut answered = Lifecycle::register(ApplicantKind::Natural, Channel::InPerson, date(2025, 3, 3));
    let outcome = gongkai_core::case::Outcome::Partial;
    answered.apply(&Event::Answer { on: date(2025, 3, 31), outcome, text: Default::default() }).unwrap();
    sqlx::query(
        "insert into applications (tracking_code, agency_id, applicant_kind, applicant_name, applicant_id_number, \
         applicant_phone, applicant_address, channel, delivery, registered_on, received_on, concluded_on, outcome, \
         open_until, stage, lifecycle, version, created_at, updated_at) values \
         ('2025-00000002-7', 'old', $1, '赵六', '', '', '', $2, '邮寄', '2025-03-03', \
         '2025-03-03', '2025-03-31', $3, '2025-03-31', $4, $5, 2, $6, $6)",
    )
    .bind(codes::applicant_kind(ApplicantKind::Natural))
    .bind(codes::channel(Channel::InPerson))
    .bind(codes::outcome(outcome))
    .bind(codes::stage(&answered.stage))
    .bind(serde_json::to_string(&answered).unwrap())
    .bind(at)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let store = Store::open(url).await.unwrap_or_else(|e| panic!("{backend}: upgrade from version {n}: {e}"));
    let filled = store.backfill_due_dates(&Actor::new("system").unwrap()).await.unwrap();
    assert_eq!(filled.len(), 1, "{backend} from {n}: the old case gets its deadline");
    assert_eq!(store.backfill_timeliness().await.unwrap(), 1, "{backend} from {n}: the answered case its 办理时效");
    let p = store.punctuality(2025).await.unwrap()[&AgencyId::new("old").unwrap()];
    assert_eq!((p.answered, p.on_time, p.working_days), (1, 1, 20), "{backend} from {n}");
    let id = store.find_by_tracking_code("2025-00000001-9").await.unwrap().expect("the old case is there");
    let detail = store.application_masked(id).await.unwrap();
    assert_eq!(detail.lifecycle, lc, "{backend} from {n}");
    assert_eq!(detail.agency, AgencyId::new("old").unwrap());
    // The current code works on it: an event, and the year's records.
    store
        .apply_event(
            id,
            detail.version,
            &Event::StartConsultation {
                on: date(2025, 3, 5),
                party: gongkai_core::case::Consulted::ThirdParty,
                whom: String::new(),
            },
            &Actor::new("clerk").unwrap(),
        )
        .await
        .unwrap_or_else(|e| panic!("{backend} from {n}: {e}"));
    assert_eq!(store.records(&AgencyId::new("old").unwrap(), 2025).await.unwrap().cases.len(), 2);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_earlier_sqlite_schema_upgrades_with_its_data() {
    let versions = migration_files("sqlite").len();
    assert_eq!(versions, Backend::Sqlite.migrator().iter().count());
    for n in 1..versions {
        let dir = common::temp_dir("upgrade");
        let path = dir.path().join("old.sqlite3");
        upgrade_from(&format!("sqlite://{}?mode=rwc", path.display()), "sqlite", n).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_earlier_postgres_schema_upgrades_with_its_data() {
    let versions = migration_files("postgres").len();
    assert_eq!(versions, Backend::Postgres.migrator().iter().count());
    for n in 1..versions {
        let Some(url) = common::postgres_database().await else { return };
        upgrade_from(&url, "postgres", n).await;
    }
}
