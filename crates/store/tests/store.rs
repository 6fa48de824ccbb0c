//! The store's behaviour, run once on SQLite and once on PostgreSQL (when
//! `GONGKAI_TEST_POSTGRES_URL` is set; required in CI): registration, audit, optimistic
//! concurrency, masked lists, year records, bulk insert, fees, remedies, table 二, calendar.

mod common;

use gongkai_core::Figure;
use gongkai_core::case::review::{RemedyKind, RemedyResult};
use gongkai_core::case::{
    ApplicantKind, Channel, Consulted, DenialReason, Event, OtherDisposition, Outcome, TransitionError,
};
use gongkai_core::compile::compile;
use gongkai_core::identity::IdType;
use gongkai_store::{
    Actor, AgencyId, Applicant, ApplicationId, Backend, BulkApplication, Error, ListQuery, NewApplication, Store,
    tracking_code_is_valid,
};
use jiff::civil::{Date, date};

on_both_backends!(
    opens_durably,
    registration_is_audited_and_lists_mask_personal_data,
    viewing_personal_data_is_logged,
    stale_versions_conflict_and_illegal_events_change_nothing,
    concurrent_answers_one_wins,
    concurrent_registrations_each_get_their_own_row,
    fees_are_recorded_with_their_events,
    records_feed_the_compiler,
    bulk_insert_equals_casework,
    agencies_table2_and_calendar,
    remedies_end_once,
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

fn application(kind: ApplicantKind, channel: Channel, on: Date) -> NewApplication {
    NewApplication {
        agency: demo(),
        applicant: Applicant {
            kind,
            name: if kind == ApplicantKind::Natural { "张三丰".into() } else { "某某科技有限公司".into() },
            id_number: if kind == ApplicantKind::Natural {
                "11010519491231002X".into()
            } else {
                "91110000MA01234567".into()
            },
            id_type: if kind == ApplicantKind::Natural { IdType::ResidentId } else { IdType::Other },
            phone: "13812345678".into(),
            address: "北京市东城区东华门街道1号".into(),
            email: "test@example.cn".into(),
            ..Default::default()
        },
        channel,
        delivery: "电子邮件".into(),
        registered_on: on,
        items: vec!["2024年老旧小区改造项目清单".into(), "相关资金拨付文件".into()],
    }
}

async fn opens_durably(store: Store) {
    match store.backend() {
        Backend::Sqlite => {
            assert_eq!(store.sqlite_pragma("journal_mode").await.unwrap().as_deref(), Some("wal"));
            assert_eq!(store.sqlite_pragma("synchronous").await.unwrap().as_deref(), Some("2"), "FULL");
            assert_eq!(store.sqlite_pragma("foreign_keys").await.unwrap().as_deref(), Some("1"));
            assert_eq!(store.sqlite_pragma("busy_timeout").await.unwrap().as_deref(), Some("15000"));
        }
        Backend::Postgres => assert_eq!(store.sqlite_pragma("journal_mode").await.unwrap(), None),
    }
}

async fn registration_is_audited_and_lists_mask_personal_data(store: Store) {
    with_agency(&store).await;
    let reg = store
        .register(&application(ApplicantKind::Natural, Channel::InPerson, date(2025, 3, 3)), &actor("李四"))
        .await
        .unwrap();
    assert!(tracking_code_is_valid(&reg.tracking_code), "{}", reg.tracking_code);
    assert!(reg.tracking_code.starts_with("2025-"));
    assert_eq!(reg.version, 1);
    assert_eq!(store.find_by_tracking_code(&reg.tracking_code).await.unwrap(), Some(reg.id));

    let audit = store.audit_log(&format!("application/{}", reg.id)).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), ("李四", "register"));
    assert!(audit[0].at.ends_with('Z') && audit[0].at.contains('T'), "RFC 3339 UTC: {}", audit[0].at);

    let list = store.list_applications(&ListQuery { agency: Some(demo()), ..ListQuery::default() }).await.unwrap();
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(s.applicant.id_number, "110***********002X");
    assert_eq!(s.applicant.phone, "138****5678");
    assert_eq!(s.applicant.name, "张**");
    assert_eq!(s.stage, "processing");
    assert_eq!(s.received_on, Some(date(2025, 3, 3)));
    let listed = serde_json::to_string(&list).unwrap();
    assert!(!listed.contains("13812345678") && !listed.contains("19491231"), "{listed}");

    // Paging and filters.
    for d in 4..8 {
        store
            .register(&application(ApplicantKind::Commercial, Channel::Online, date(2025, 3, d)), &actor("李四"))
            .await
            .unwrap();
    }
    let page =
        store.list_applications(&ListQuery { agency: Some(demo()), limit: 2, ..ListQuery::default() }).await.unwrap();
    assert_eq!(page.len(), 2);
    let next = ListQuery { agency: Some(demo()), limit: 10, before: Some(page[1].id), ..ListQuery::default() };
    assert_eq!(store.list_applications(&next).await.unwrap().len(), 3);
    let waiting = ListQuery { stage: Some("awaiting_confirmation".into()), ..ListQuery::default() };
    assert_eq!(store.list_applications(&waiting).await.unwrap().len(), 4);

    // Invalid data is refused before anything is written.
    let mut bad = application(ApplicantKind::Natural, Channel::InPerson, date(2025, 3, 3));
    bad.applicant.id_number = "110105194912310021".into();
    assert!(matches!(store.register(&bad, &actor("李四")).await, Err(Error::Invalid { .. })));
    let mut elsewhere = application(ApplicantKind::Natural, Channel::InPerson, date(2025, 3, 3));
    elsewhere.agency = AgencyId::new("nowhere").unwrap();
    assert!(matches!(store.register(&elsewhere, &actor("李四")).await, Err(Error::AgencyNotFound(_))));
}

async fn viewing_personal_data_is_logged(store: Store) {
    with_agency(&store).await;
    let reg = store
        .register(&application(ApplicantKind::Natural, Channel::Oral, date(2025, 4, 1)), &actor("王五"))
        .await
        .unwrap();
    let detail = store.application(reg.id, &actor("赵六")).await.unwrap();
    assert_eq!(detail.applicant.id_number, "11010519491231002X");
    assert_eq!(detail.applicant.phone, "13812345678");
    assert_eq!(detail.items.len(), 2);
    assert_eq!(detail.tracking_code, reg.tracking_code);
    let audit = store.audit_log(&format!("application/{}", reg.id)).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str()), ("赵六", "view_personal_data"));
    assert!(matches!(
        store.application(ApplicationId(999_999), &actor("赵六")).await,
        Err(Error::ApplicationNotFound(_))
    ));
}

async fn stale_versions_conflict_and_illegal_events_change_nothing(store: Store) {
    with_agency(&store).await;
    let reg = store
        .register(&application(ApplicantKind::Natural, Channel::InPerson, date(2025, 5, 6)), &actor("甲"))
        .await
        .unwrap();
    let answer = Event::Answer {
        on: date(2025, 5, 20),
        outcome: Outcome::Granted { already_public: false },
        text: Default::default(),
    };
    let applied = store.apply_event(reg.id, 1, &answer, &actor("甲")).await.unwrap();
    assert_eq!(applied.version, 2);

    // A second member of staff working from version 1.
    let err = store
        .apply_event(
            reg.id,
            1,
            &Event::Answer { on: date(2025, 5, 21), outcome: Outcome::Partial, text: Default::default() },
            &actor("乙"),
        )
        .await;
    assert!(matches!(err, Err(Error::Conflict { expected: 1, current: 2, .. })), "{err:?}");

    // Up to date but illegal: refused by the core, nothing changes.
    let audit_before = store.audit_log(&format!("application/{}", reg.id)).await.unwrap().len();
    let err = store.apply_event(reg.id, 2, &Event::Withdraw { on: date(2025, 5, 22) }, &actor("乙")).await;
    assert!(matches!(err, Err(Error::Transition(TransitionError::AlreadyConcluded { .. }))), "{err:?}");
    assert!(!err.unwrap_err().to_string().is_empty());
    assert_eq!(store.version(reg.id).await.unwrap(), 2, "the version bump was rolled back");
    assert_eq!(store.events(reg.id).await.unwrap().len(), 1);
    assert_eq!(store.audit_log(&format!("application/{}", reg.id)).await.unwrap().len(), audit_before);

    let events = store.events(reg.id).await.unwrap();
    assert_eq!(events[0].event, answer);
    assert_eq!(events[0].stage_before.as_deref(), Some("processing"));
    assert_eq!(events[0].stage_after, "concluded");
    assert_eq!(events[0].actor, "甲");
    let missing = store.apply_event(ApplicationId(424_242), 1, &answer, &actor("甲")).await;
    assert!(matches!(missing, Err(Error::ApplicationNotFound(_))));
}

async fn concurrent_answers_one_wins(store: Store) {
    with_agency(&store).await;
    let reg = store
        .register(&application(ApplicantKind::Natural, Channel::InPerson, date(2025, 6, 2)), &actor("甲"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for (i, outcome) in [Outcome::Partial, Outcome::Denied(DenialReason::ThirdParty)].into_iter().enumerate() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .apply_event(
                    reg.id,
                    1,
                    &Event::Answer { on: date(2025, 6, 10), outcome, text: Default::default() },
                    &actor(&format!("员工{i}")),
                )
                .await
        }));
    }
    let mut ok = 0;
    let mut conflicts = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(Error::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!((ok, conflicts), (1, 1));
    assert_eq!(store.events(reg.id).await.unwrap().len(), 1);
}

/// Many registrations at once (on SQLite committed together in groups): every caller gets its
/// own application, with its own secret, committed before the answer.
async fn concurrent_registrations_each_get_their_own_row(store: Store) {
    with_agency(&store).await;
    let mut tasks = Vec::new();
    for i in 0..300 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut app = application(ApplicantKind::Natural, Channel::Online, date(2025, 6, 2));
            app.items = vec![format!("第{i}项")];
            let secret = format!("hash-{i}");
            let reg = store.register_with_secret(&app, &actor(&format!("申请人{i}")), Some(&secret)).await.unwrap();
            (i, reg, secret)
        }));
    }
    let mut ids = std::collections::HashSet::new();
    for t in tasks {
        let (i, reg, secret) = t.await.unwrap();
        assert!(ids.insert(reg.id), "one id per registration");
        assert!(tracking_code_is_valid(&reg.tracking_code), "{}", reg.tracking_code);
        assert_eq!(store.application_secret(&reg.tracking_code).await.unwrap(), Some((reg.id, Some(secret))));
        let detail = store.application(reg.id, &actor("核对")).await.unwrap();
        assert_eq!(detail.items, vec![format!("第{i}项")]);
    }
    assert_eq!(ids.len(), 300);
}

async fn fees_are_recorded_with_their_events(store: Store) {
    let agency = with_agency(&store).await;
    let a = store
        .register(&application(ApplicantKind::Commercial, Channel::InPerson, date(2025, 7, 1)), &actor("甲"))
        .await
        .unwrap();
    let v = store
        .apply_event(a.id, 1, &Event::IssueFeeNotice { on: date(2025, 7, 3), amount_yuan: 200 }, &actor("甲"))
        .await
        .unwrap();
    let v = store
        .apply_event(a.id, v.version, &Event::RecordPayment { on: date(2025, 7, 10) }, &actor("甲"))
        .await
        .unwrap();
    assert_eq!(v.lifecycle.clock.pauses, vec![(date(2025, 7, 3), date(2025, 7, 10))]);
    store
        .apply_event(
            a.id,
            v.version,
            &Event::Answer { on: date(2025, 7, 20), outcome: Outcome::Partial, text: Default::default() },
            &actor("甲"),
        )
        .await
        .unwrap();
    let b = store
        .register(&application(ApplicantKind::Commercial, Channel::InPerson, date(2025, 8, 1)), &actor("甲"))
        .await
        .unwrap();
    store
        .apply_event(b.id, 1, &Event::IssueFeeNotice { on: date(2025, 8, 4), amount_yuan: 100 }, &actor("甲"))
        .await
        .unwrap();
    store.apply_event(b.id, 2, &Event::FeeLapsed { on: date(2025, 9, 5) }, &actor("甲")).await.unwrap();
    let records = store.records(&agency, 2025).await.unwrap();
    assert_eq!(records.fees.len(), 1);
    assert_eq!(records.fees[0].amount_yuan, 200);
    assert_eq!(records.fees[0].paid_on, date(2025, 7, 10));
    let report = compile("示例市人民政府办公室", 2025, &records).unwrap();
    assert_eq!(report.get("fee.cases"), Some(Figure::Count(1)));
    assert_eq!(report.get("fee.amount_yuan"), Some(Figure::Count(200)));
    assert_eq!(report.get("t3.other.no_fee.commercial"), Some(Figure::Count(1)));
}

/// A small year with a carry-in, a carry-out, a correction, a consultation and an extension.
fn histories() -> Vec<BulkApplication> {
    let d = |y, m, day| date(y, m, day);
    let case =
        |kind, channel, on, events: Vec<Event>| BulkApplication { application: application(kind, channel, on), events };
    vec![
        // received in 2024, answered in 2025: carried in
        case(
            ApplicantKind::Natural,
            Channel::InPerson,
            d(2024, 12, 20),
            vec![Event::Answer { on: d(2025, 1, 8), outcome: Outcome::Partial, text: Default::default() }],
        ),
        // online, confirmed, corrected, answered
        case(
            ApplicantKind::Commercial,
            Channel::Online,
            d(2025, 2, 3),
            vec![
                Event::ConfirmReceipt { on: d(2025, 2, 4) },
                Event::RequestCorrection { on: d(2025, 2, 6), correct_by: d(2025, 2, 20), what: String::new() },
                Event::ReceiveCorrection { on: d(2025, 2, 12), text: String::new() },
                Event::Answer {
                    on: d(2025, 3, 1),
                    outcome: Outcome::Unable(gongkai_core::case::UnableReason::StillUnclear),
                    text: Default::default(),
                },
            ],
        ),
        // consultation and extension
        case(
            ApplicantKind::Research,
            Channel::PostSigned,
            d(2025, 4, 1),
            vec![
                Event::StartConsultation { on: d(2025, 4, 3), party: Consulted::ThirdParty, whom: String::new() },
                Event::EndConsultation { on: d(2025, 4, 18) },
                Event::ApproveExtension { on: d(2025, 4, 25), reasons: String::new() },
                Event::Answer {
                    on: d(2025, 5, 20),
                    outcome: Outcome::Denied(DenialReason::ThirdParty),
                    text: Default::default(),
                },
            ],
        ),
        // correction lapsed
        case(
            ApplicantKind::Natural,
            Channel::InPerson,
            d(2025, 6, 2),
            vec![
                Event::RequestCorrection { on: d(2025, 6, 4), correct_by: d(2025, 6, 18), what: String::new() },
                Event::CorrectionLapsed { on: d(2025, 6, 19) },
            ],
        ),
        // withdrawn
        case(
            ApplicantKind::LegalService,
            Channel::Fax,
            d(2025, 7, 1),
            vec![Event::ConfirmReceipt { on: d(2025, 7, 1) }, Event::Withdraw { on: d(2025, 7, 3) }],
        ),
        // never confirmed: not counted
        case(ApplicantKind::Natural, Channel::PostUnsigned, d(2025, 9, 1), vec![]),
        // still open at the year's end: carried out
        case(ApplicantKind::PublicInterest, Channel::InPerson, d(2025, 12, 22), vec![]),
        // answered before 2025: not counted
        case(
            ApplicantKind::Natural,
            Channel::InPerson,
            d(2024, 3, 1),
            vec![Event::Answer { on: d(2024, 3, 20), outcome: Outcome::Partial, text: Default::default() }],
        ),
        // received in 2026: not counted
        case(ApplicantKind::Natural, Channel::InPerson, d(2026, 1, 5), vec![]),
    ]
}

fn check_2025(report: &gongkai_core::Report) {
    let get = |k: &str| report.get(k).and_then(|f| f.as_count()).unwrap_or_else(|| panic!("{k} missing"));
    assert_eq!(get("t3.new.total"), 5);
    assert_eq!(get("t3.carried_in.total"), 1);
    assert_eq!(get("t3.partial.natural"), 1);
    assert_eq!(get("t3.unable.unclear.commercial"), 1);
    assert_eq!(get("t3.denied.third_party.research"), 1);
    assert_eq!(get("t3.other.no_correction.natural"), 1);
    assert_eq!(get("t3.other.other.legal_service"), 1);
    assert_eq!(get("t3.total.total"), 5);
    assert_eq!(get("t3.carried_out.public_interest"), 1);
    assert_eq!(get("t3.new.total") + get("t3.carried_in.total"), get("t3.total.total") + get("t3.carried_out.total"));
}

async fn replay_through_casework(store: &Store, apps: &[BulkApplication]) {
    for b in apps {
        let reg = store.register(&b.application, &actor("casework")).await.unwrap();
        let mut version = reg.version;
        for e in &b.events {
            version = store.apply_event(reg.id, version, e, &actor("casework")).await.unwrap().version;
        }
    }
}

async fn records_feed_the_compiler(store: Store) {
    let agency = with_agency(&store).await;
    replay_through_casework(&store, &histories()).await;
    store.set_table2(&agency, 2025, "t2.rules.issued", Figure::Count(3), &actor("admin")).await.unwrap();
    store.set_table2(&agency, 2025, "t2.fees.amount_wan", Figure::Amount(12.5), &actor("admin")).await.unwrap();
    let records = store.records(&agency, 2025).await.unwrap();
    assert_eq!(records.cases.len(), 6, "received by 31 Dec and open on 1 Jan");
    let report = compile("示例市人民政府办公室", 2025, &records).unwrap();
    check_2025(&report);
    assert_eq!(report.get("t2.rules.issued"), Some(Figure::Count(3)));
    assert_eq!(report.get("t2.fees.amount_wan"), Some(Figure::Amount(12.5)));
    // Year N's carried-out is year N+1's carried-in.
    let next = compile("示例市人民政府办公室", 2026, &store.records(&agency, 2026).await.unwrap()).unwrap();
    assert_eq!(next.get("t3.carried_in.total"), report.get("t3.carried_out.total"));
    let missing = store.records(&AgencyId::new("nowhere").unwrap(), 2025).await;
    assert!(matches!(missing, Err(Error::AgencyNotFound(_))));
}

async fn bulk_insert_equals_casework(store: Store) {
    let agency = with_agency(&store).await;
    let apps = histories();
    let regs = store.bulk_insert(&apps, &actor("import"), "test.csv").await.unwrap();
    assert_eq!(regs.len(), apps.len());
    assert!(regs.iter().all(|r| tracking_code_is_valid(&r.tracking_code)));
    assert_eq!(regs[1].version, 5, "registration and four events");
    let report = compile("示例市人民政府办公室", 2025, &store.records(&agency, 2025).await.unwrap()).unwrap();
    check_2025(&report);
    assert_eq!(store.events(regs[2].id).await.unwrap().len(), 4);
    let audit = store.audit_log(&format!("application/{}", regs[0].id)).await.unwrap();
    assert_eq!(audit[0].action, "import");

    // Ids continue after a bulk insert; single registration does not collide.
    let next = store.register(&apps[0].application, &actor("甲")).await.unwrap();
    assert!(next.id > regs.last().unwrap().id);
    let more = store.bulk_insert(&apps[..2], &actor("import"), "again.csv").await.unwrap();
    assert!(more[0].id > next.id);

    // One bad history refuses the whole batch.
    let mut bad = histories();
    bad[3].events.push(Event::Answer { on: date(2025, 7, 1), outcome: Outcome::Partial, text: Default::default() });
    let before = store.list_applications(&ListQuery { limit: 1000, ..ListQuery::default() }).await.unwrap().len();
    let err = store.bulk_insert(&bad, &actor("import"), "bad.csv").await.unwrap_err();
    assert!(err.to_string().contains("第4条"), "{err}");
    assert_eq!(
        store.list_applications(&ListQuery { limit: 1000, ..ListQuery::default() }).await.unwrap().len(),
        before
    );
}

async fn agencies_table2_and_calendar(store: Store) {
    let agency = with_agency(&store).await;
    assert!(matches!(store.create_agency(&agency, "重复", &actor("admin")).await, Err(Error::AgencyExists(_))));
    store.create_agency(&AgencyId::new("finance").unwrap(), "示例市财政局", &actor("admin")).await.unwrap();
    let all = store.agencies().await.unwrap();
    assert_eq!(all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["demo", "finance"]);

    let bad_key = store.set_table2(&agency, 2025, "t2.rules.new_made", Figure::Count(1), &actor("admin")).await;
    assert!(matches!(bad_key, Err(Error::Invalid { .. })), "a 2019-format key in 2025");
    let negative = store.set_table2(&agency, 2025, "t2.rules.issued", Figure::Count(-1), &actor("admin")).await;
    assert!(matches!(negative, Err(Error::Invalid { .. })));
    store.set_table2(&agency, 2020, "t2.licensing.delta", Figure::Count(-2), &actor("admin")).await.unwrap();
    store.set_table2(&agency, 2020, "t2.licensing.delta", Figure::Count(-4), &actor("admin")).await.unwrap();
    assert_eq!(store.table2_inputs(&agency, 2020).await.unwrap()["t2.licensing.delta"], Figure::Count(-4));
    let audit = store.audit_log("table2/demo/2020").await.unwrap();
    assert_eq!(audit.len(), 2);
    assert!(audit[1].before.is_some());

    // The console's form: all or nothing, unchanged figures write nothing, empty clears.
    let form = |pairs: &[(&str, Option<Figure>)]| -> Vec<(String, Option<Figure>)> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let half_bad =
        form(&[("t2.penalty.decisions", Some(Figure::Count(7))), ("t2.rules.new_made", Some(Figure::Count(1)))]);
    assert!(matches!(
        store.set_table2_all(&agency, 2025, &half_bad, &actor("clerk")).await,
        Err(Error::Invalid { .. })
    ));
    assert!(store.table2_inputs(&agency, 2025).await.unwrap().is_empty(), "nothing written");
    let good = form(&[
        ("t2.penalty.decisions", Some(Figure::Count(7))),
        ("t2.fees.amount_wan", Some(Figure::Amount(1.5))),
        ("t2.coercion.decisions", None),
    ]);
    store.set_table2_all(&agency, 2025, &good, &actor("clerk")).await.unwrap();
    store.set_table2_all(&agency, 2025, &good, &actor("clerk")).await.unwrap();
    assert_eq!(store.audit_log("table2/demo/2025").await.unwrap().len(), 2, "two changes, then none");
    let cleared = form(&[("t2.penalty.decisions", None)]);
    store.set_table2_all(&agency, 2025, &cleared, &actor("clerk")).await.unwrap();
    let inputs = store.table2_inputs(&agency, 2025).await.unwrap();
    assert_eq!(inputs.keys().collect::<Vec<_>>(), ["t2.fees.amount_wan"]);
    let log = store.audit_log("table2/demo/2025").await.unwrap();
    assert_eq!((log.len(), log[2].action.as_str(), log[2].after.is_none()), (3, "clear", true));
    let sheet = store.table2_sheet(&agency, 2025).await.unwrap();
    let fees = sheet.iter().find(|l| l.key == "t2.fees.amount_wan").unwrap();
    assert_eq!((fees.value, fees.source), (Some(Figure::Amount(1.5)), gongkai_core::publish::Table2Source::Entered));

    let notice = r#"{"year": 2099, "papers": [], "days": [
        {"name": "元旦", "date": "2099-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2099-01-02", "isOffDay": true}]}"#;
    assert_eq!(store.import_calendar_year(notice, &actor("admin")).await.unwrap(), 2099);
    assert_eq!(store.import_calendar_year(notice, &actor("admin")).await.unwrap(), 2099, "re-import replaces");
    let calendar = store.calendar().await.unwrap();
    assert!(calendar.has_year(2099));
    assert!(!calendar.is_working_day(date(2099, 1, 2)));
    assert!(matches!(
        store.import_calendar_year(r#"{"year": 2099, "days": []}"#, &actor("admin")).await,
        Err(Error::Calendar(_))
    ));
    assert!(matches!(store.import_calendar_year("not json", &actor("admin")).await, Err(Error::Invalid { .. })));
}

async fn remedies_end_once(store: Store) {
    let agency = with_agency(&store).await;
    let reg = store
        .register(&application(ApplicantKind::Natural, Channel::InPerson, date(2025, 2, 3)), &actor("甲"))
        .await
        .unwrap();
    store
        .apply_event(
            reg.id,
            1,
            &Event::Answer {
                on: date(2025, 2, 20),
                outcome: Outcome::Denied(DenialReason::ProcessInfo),
                text: Default::default(),
            },
            &actor("甲"),
        )
        .await
        .unwrap();
    let review = store.file_remedy(reg.id, RemedyKind::Review, date(2025, 3, 10), &actor("法制科")).await.unwrap();
    let suit =
        store.file_remedy(reg.id, RemedyKind::SuitAfterReview, date(2025, 11, 10), &actor("法制科")).await.unwrap();
    assert!(matches!(
        store.conclude_remedy(review, date(2025, 3, 1), RemedyResult::Upheld, &actor("法制科")).await,
        Err(Error::Invalid { .. })
    ));
    store.conclude_remedy(review, date(2025, 5, 10), RemedyResult::Upheld, &actor("法制科")).await.unwrap();
    assert!(store.conclude_remedy(review, date(2025, 5, 11), RemedyResult::Corrected, &actor("法制科")).await.is_err());
    let list = store.remedies_of(reg.id).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].result, Some((date(2025, 5, 10), RemedyResult::Upheld)));
    let report = compile("示例市人民政府办公室", 2025, &store.records(&agency, 2025).await.unwrap()).unwrap();
    assert_eq!(report.get("t4.review.upheld"), Some(Figure::Count(1)));
    assert_eq!(report.get("t4.suit_after_review.pending"), Some(Figure::Count(1)));
    assert!(store.audit_log(&format!("remedy/{suit}")).await.unwrap().len() == 1);
    assert!(matches!(
        store.file_remedy(ApplicationId(77_777), RemedyKind::Review, date(2025, 1, 1), &actor("x")).await,
        Err(Error::ApplicationNotFound(_))
    ));
    let _ = OtherDisposition::Withdrawn;
}
