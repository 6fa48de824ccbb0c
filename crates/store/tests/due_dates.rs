//! Stored reply deadlines (migration 0002), run on SQLite and on PostgreSQL (when
//! `GONGKAI_TEST_POSTGRES_URL` is set): kept up to date by registration, events and the bulk
//! path, sorted in the queue, recomputed and audit-logged when a holiday schedule is imported,
//! filled in for rows stored before deadlines were.

mod common;

use gongkai_core::calendar::Calendar;
use gongkai_core::case::{ApplicantKind, Channel, Consulted, Event, Lifecycle, Outcome};
use gongkai_store::{
    Actor, AgencyId, Applicant, ApplicationId, BulkApplication, ListQuery, NewApplication, Store, replay,
};
use jiff::civil::{Date, date};

on_both_backends!(
    deadlines_follow_the_events,
    the_queue_puts_the_soonest_first,
    importing_a_schedule_moves_open_deadlines,
    answers_keep_their_timeliness
);

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

fn demo() -> AgencyId {
    AgencyId::new("demo").unwrap()
}

async fn with_agency(store: &Store) -> AgencyId {
    store.create_agency(&demo(), "示例市人民政府办公室", &actor("admin")).await.unwrap();
    demo()
}

fn application(channel: Channel, on: Date) -> NewApplication {
    NewApplication {
        agency: demo(),
        applicant: Applicant {
            kind: ApplicantKind::Natural,
            name: "张三丰".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            address: "北京市东城区东华门街道1号".into(),
            email: "test@example.cn".into(),
            ..Default::default()
        },
        channel,
        delivery: "电子邮件".into(),
        registered_on: on,
        items: vec!["2024年老旧小区改造项目清单".into()],
    }
}

async fn due(store: &Store, id: ApplicationId) -> Option<Date> {
    store.due_date(id).await.unwrap()
}

async fn step(store: &Store, id: ApplicationId, event: Event) -> Option<Date> {
    let version = store.version(id).await.unwrap();
    let applied = store.apply_event(id, version, &event, &actor("clerk")).await.unwrap();
    assert_eq!(applied.due_date, due(store, id).await, "returned and stored agree");
    applied.due_date
}

async fn deadlines_follow_the_events(store: Store) {
    with_agency(&store).await;
    // In person on Monday 2025-03-03: 20 working days later is 2025-03-31.
    let walk_in = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &actor("clerk")).await.unwrap();
    assert_eq!(due(&store, walk_in.id).await, Some(date(2025, 3, 31)));
    let register = store.audit_log(&format!("application/{}", walk_in.id)).await.unwrap();
    assert_eq!(register[0].after.as_ref().unwrap()["due_date"], "2025-03-31");

    // Online: no deadline until the receipt is confirmed (Art. 31).
    let online = store.register(&application(Channel::Online, date(2025, 3, 3)), &actor("clerk")).await.unwrap();
    assert_eq!(due(&store, online.id).await, None);
    assert_eq!(step(&store, online.id, Event::ConfirmReceipt { on: date(2025, 3, 4) }).await, Some(date(2025, 4, 1)));
    let party = Consulted::ThirdParty;
    assert_eq!(
        step(&store, online.id, Event::StartConsultation { on: date(2025, 3, 5), party, whom: String::new() }).await,
        None
    );
    // 03-05..03-11 paused: five working days more, over the Qingming holiday (04-04).
    assert_eq!(step(&store, online.id, Event::EndConsultation { on: date(2025, 3, 11) }).await, Some(date(2025, 4, 9)));
    let extended =
        step(&store, online.id, Event::ApproveExtension { on: date(2025, 3, 20), reasons: String::new() }).await;
    assert!(extended > Some(date(2025, 4, 9)));
    let answer = Event::Answer { on: date(2025, 4, 2), outcome: Outcome::Partial, text: Default::default() };
    assert_eq!(step(&store, online.id, answer).await, None, "concluded: no deadline");

    let list = store.list_applications(&ListQuery { agency: Some(demo()), ..ListQuery::default() }).await.unwrap();
    let walk_in_row = list.iter().find(|s| s.id == walk_in.id).unwrap();
    assert_eq!(walk_in_row.due_date, Some(date(2025, 3, 31)));

    // The bulk path stores the same deadline as casework would.
    let events = vec![Event::ConfirmReceipt { on: date(2025, 3, 4) }];
    let bulk = BulkApplication { application: application(Channel::Fax, date(2025, 3, 3)), events };
    let lc: Lifecycle = replay(&bulk.application, &bulk.events).unwrap();
    let stored = store.bulk_insert(std::slice::from_ref(&bulk), &actor("import"), "test").await.unwrap();
    assert_eq!(due(&store, stored[0].id).await, lc.due_date(Calendar::official()));
    assert_eq!(due(&store, stored[0].id).await, Some(date(2025, 4, 1)));
}

async fn the_queue_puts_the_soonest_first(store: Store) {
    with_agency(&store).await;
    let clerk = actor("clerk");
    let later = store.register(&application(Channel::InPerson, date(2025, 6, 2)), &clerk).await.unwrap();
    let sooner = store.register(&application(Channel::InPerson, date(2025, 5, 6)), &clerk).await.unwrap();
    let waiting = store.register(&application(Channel::Online, date(2025, 4, 1)), &clerk).await.unwrap();
    let done = store.register(&application(Channel::InPerson, date(2025, 4, 1)), &clerk).await.unwrap();
    store
        .apply_event(
            done.id,
            1,
            &Event::Answer { on: date(2025, 4, 10), outcome: Outcome::Partial, text: Default::default() },
            &clerk,
        )
        .await
        .unwrap();
    let queue = store.queue(Some(&demo()), 10).await.unwrap();
    let ids: Vec<ApplicationId> = queue.iter().map(|s| s.id).collect();
    assert_eq!(ids, [sooner.id, later.id, waiting.id], "soonest first, then without a deadline; none concluded");
    assert!(queue[0].due_date < queue[1].due_date && queue[2].due_date.is_none());
    // The counts /metrics reads: running deadlines past a day, due within a week, all.
    let (sooner_due, later_due) = (queue[0].due_date.unwrap(), queue[1].due_date.unwrap());
    assert_eq!(store.due_counts(sooner_due, sooner_due).await.unwrap(), (0, 1, 2));
    assert_eq!(store.due_counts(later_due, later_due).await.unwrap(), (1, 1, 2));
    assert_eq!(store.due_counts(date(2000, 1, 1), date(2000, 1, 8)).await.unwrap(), (0, 0, 2));
    assert_eq!(store.queue(Some(&demo()), 2).await.unwrap().len(), 2, "the limit holds");
    assert_eq!(store.queue(None, 10).await.unwrap().len(), 3);
    let other = AgencyId::new("other").unwrap();
    store.create_agency(&other, "另一机关", &actor("admin")).await.unwrap();
    assert!(store.queue(Some(&other), 10).await.unwrap().is_empty());
}

async fn importing_a_schedule_moves_open_deadlines(store: Store) {
    with_agency(&store).await;
    let clerk = actor("clerk");
    // Received in late 2024: the count runs into 2025, whose notice is then replaced by one with
    // a week off at New Year (applications are registered between 2008-05-01 and today, events
    // are not dated after today, so the test moves a past year).
    let open = store.register(&application(Channel::InPerson, date(2024, 12, 22)), &clerk).await.unwrap();
    let paused = store.register(&application(Channel::InPerson, date(2024, 12, 22)), &clerk).await.unwrap();
    let event = Event::StartConsultation { on: date(2024, 12, 23), party: Consulted::OtherOrgan, whom: String::new() };
    store.apply_event(paused.id, 1, &event, &clerk).await.unwrap();
    let answered = store.register(&application(Channel::InPerson, date(2024, 12, 22)), &clerk).await.unwrap();
    let answer = Event::Answer {
        on: date(2024, 12, 28),
        outcome: Outcome::Granted { already_public: true },
        text: Default::default(),
    };
    store.apply_event(answered.id, 1, &answer, &clerk).await.unwrap();
    let before = due(&store, open.id).await.unwrap();

    // A week off at New Year 2025.
    let days: Vec<String> =
        (1..=7).map(|d| format!(r#"{{"name": "元旦", "date": "2025-01-0{d}", "isOffDay": true}}"#)).collect();
    let notice = format!(r#"{{"year": 2025, "papers": ["测试"], "days": [{}]}}"#, days.join(", "));
    let done = store.import_calendar(&notice, &actor("admin")).await.unwrap();
    assert_eq!(done.year, 2025);
    assert!(done.replaced, "2025 is compiled in: the import replaces it");
    assert_eq!(done.due_dates.len(), 1, "only the running clock moves: {:?}", done.due_dates);
    let change = &done.due_dates[0];
    assert_eq!((change.id, change.before), (open.id, Some(before)));
    let after = change.after.unwrap();
    assert!(after > before, "{before} → {after}");
    assert_eq!(due(&store, open.id).await, Some(after));
    let calendar = store.calendar().await.unwrap();
    let lc = store.application(open.id, &clerk).await.unwrap().lifecycle;
    assert_eq!(lc.due_date(&calendar), Some(after));

    // Audit-logged with before and after, naming the import.
    let log = store.audit_log(&format!("application/{}", open.id)).await.unwrap();
    let entry = log.iter().rev().find(|e| e.action == "due_date").expect("a due_date entry");
    assert_eq!(entry.actor, "admin");
    assert_eq!(entry.before.as_ref().unwrap()["due_date"], before.to_string());
    assert_eq!(entry.after.as_ref().unwrap()["due_date"], after.to_string());
    assert_eq!(entry.after.as_ref().unwrap()["why"]["calendar_import"], 2025);
    assert!(
        store.audit_log(&format!("application/{}", answered.id)).await.unwrap().iter().all(|e| e.action != "due_date")
    );

    // The same schedule again changes nothing; a broken one changes nothing either.
    let again = store.import_calendar(&notice, &actor("admin")).await.unwrap();
    assert!(again.replaced && again.due_dates.is_empty());
    assert!(store.import_calendar(r#"{"year": 2025, "days": []}"#, &actor("admin")).await.is_err());
    assert!(store.calendar().await.unwrap().has_year(2025), "the failed import rolled back");
    assert_eq!(store.imported_calendar_years().await.unwrap().iter().map(|y| y.year).collect::<Vec<_>>(), [2025]);
}

/// Rows stored before migration 0002 have no deadline: the backfill fills them in, logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_without_a_deadline_are_backfilled() {
    use sqlx::Connection;
    let dir = common::temp_dir("gongkai_due");
    let path = dir.path().join("test.sqlite3");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let store = Store::open(&url).await.unwrap();
    with_agency(&store).await;
    let app = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &actor("clerk")).await.unwrap();
    assert!(store.backfill_due_dates(&actor("system")).await.unwrap().is_empty(), "nothing missing");
    store.close().await;

    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("update applications set due_date = null").execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();

    let store = Store::open(&url).await.unwrap();
    assert_eq!(due(&store, app.id).await, None);
    let filled = store.backfill_due_dates(&actor("system")).await.unwrap();
    assert_eq!(filled.len(), 1);
    assert_eq!((filled[0].before, filled[0].after), (None, Some(date(2025, 3, 31))));
    assert_eq!(due(&store, app.id).await, Some(date(2025, 3, 31)));
    let log = store.audit_log(&format!("application/{}", app.id)).await.unwrap();
    assert!(log.iter().any(|e| e.action == "due_date" && e.actor == "system"));
}

/// 办理时效 is kept when the answer is recorded (casework and the bulk path alike) and summed per
/// agency and year for supervision; withdrawals are not answers.
async fn answers_keep_their_timeliness(store: Store) {
    with_agency(&store).await;
    let clerk = actor("clerk");
    let answer = |m, d| Event::Answer { on: date(2025, m, d), outcome: Outcome::Partial, text: Default::default() };
    // Received Monday 2025-03-03: due 03-31.
    let on_time = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &clerk).await.unwrap();
    step(&store, on_time.id, answer(3, 31)).await;
    let late = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &clerk).await.unwrap();
    step(&store, late.id, answer(4, 1)).await;
    let withdrawn = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &clerk).await.unwrap();
    step(&store, withdrawn.id, Event::Withdraw { on: date(2025, 3, 5) }).await;
    let _open = store.register(&application(Channel::InPerson, date(2025, 3, 3)), &clerk).await.unwrap();
    let events = vec![Event::ConfirmReceipt { on: date(2025, 3, 4) }, answer(3, 7)];
    let bulk = BulkApplication { application: application(Channel::Fax, date(2025, 3, 3)), events };
    store.bulk_insert(std::slice::from_ref(&bulk), &actor("import"), "test").await.unwrap();

    let p = store.punctuality(2025).await.unwrap();
    let got = p.get(&demo()).copied().unwrap();
    // 20 + 21 + 3 working days (the fax was received 03-04 and answered 03-07).
    assert_eq!(got, gongkai_core::supervise::Punctuality { answered: 3, on_time: 2, working_days: 44 });
    assert!(store.punctuality(2024).await.unwrap().is_empty());
    assert_eq!(store.backfill_timeliness().await.unwrap(), 0, "nothing left to fill");
}
