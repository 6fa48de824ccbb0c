//! Drafts of outgoing letters (migration 0005), on SQLite and on PostgreSQL: a handler drafts the
//! answer or a notice, an approver signs it (which records the step once) or returns it; every
//! step is in the audit log and an illegal draft changes nothing.

mod common;

use gongkai_core::case::{ApplicantKind, Channel, Event, Outcome};
use gongkai_store::{Actor, AgencyId, Applicant, Error, NewApplication, Store};
use jiff::civil::date;

on_both_backends!(
    a_draft_is_signed_once_by_someone_else,
    a_returned_draft_is_gone_and_logged,
    only_a_legal_answer_is_drafted,
    a_correction_notice_goes_out_when_signed
);

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

async fn registered(store: &Store) -> gongkai_store::ApplicationId {
    let demo = AgencyId::new("demo").unwrap();
    store.create_agency(&demo, "示例市人民政府办公室", &actor("admin")).await.unwrap();
    let app = NewApplication {
        agency: demo,
        applicant: Applicant {
            kind: ApplicantKind::Natural,
            name: "张三丰".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            address: "北京市东城区东华门街道1号".into(),
            email: "test@example.cn".into(),
            ..Default::default()
        },
        channel: Channel::InPerson,
        delivery: "电子邮件".into(),
        registered_on: date(2025, 3, 3),
        items: vec!["2024年老旧小区改造项目清单".into()],
    };
    store.register(&app, &actor("clerk")).await.unwrap().id
}

fn answer() -> Event {
    Event::Answer {
        on: date(2025, 3, 20),
        outcome: Outcome::Granted { already_public: false },
        text: Default::default(),
    }
}

async fn a_draft_is_signed_once_by_someone_else(store: Store) {
    let id = registered(&store).await;
    store.draft_reply(id, 1, &answer(), &actor("handler")).await.unwrap();
    let draft = store.reply_draft(id).await.unwrap().expect("the draft waits");
    assert_eq!((draft.event, draft.drafted_by.as_str(), draft.based_on_version), (answer(), "handler", 1));
    assert_eq!(store.version(id).await.unwrap(), 1, "drafting changes nothing of the application");

    let own = store.sign_reply(id, 1, &actor("handler")).await.unwrap_err();
    assert!(matches!(own, Error::Invalid { field: "签发人", .. }), "{own}");
    let stale = store.sign_reply(id, 0, &actor("approver")).await.unwrap_err();
    assert!(matches!(stale, Error::Conflict { .. }), "{stale}");
    assert!(store.reply_draft(id).await.unwrap().is_some(), "a refused signature keeps the draft");

    let applied = store.sign_reply(id, 1, &actor("approver")).await.unwrap();
    assert_eq!(applied.version, 2);
    assert!(applied.lifecycle.concluded().is_some());
    assert!(store.reply_draft(id).await.unwrap().is_none(), "signed: the draft is gone");
    let again = store.sign_reply(id, 2, &actor("approver")).await.unwrap_err();
    assert!(matches!(again, Error::Invalid { field: "拟稿", .. }), "{again}");

    let log = store.audit_log(&format!("application/{id}")).await.unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(
        actions,
        [("register", "clerk"), ("draft_reply", "handler"), ("event:answer", "approver"), ("sign_reply", "approver")]
    );
}

async fn a_returned_draft_is_gone_and_logged(store: Store) {
    let id = registered(&store).await;
    store.draft_reply(id, 1, &answer(), &actor("handler")).await.unwrap();
    let no_reason = store.return_reply(id, " ", &actor("approver")).await.unwrap_err();
    assert!(matches!(no_reason, Error::Invalid { .. }));
    store.return_reply(id, "请补充法律依据", &actor("approver")).await.unwrap();
    assert!(store.reply_draft(id).await.unwrap().is_none());
    let log = store.audit_log(&format!("application/{id}")).await.unwrap();
    let last = log.last().unwrap();
    assert_eq!(last.action, "return_reply");
    assert!(last.after.as_ref().unwrap()["reason"] == "请补充法律依据");
    assert_eq!(store.version(id).await.unwrap(), 1);
}

async fn only_a_legal_answer_is_drafted(store: Store) {
    let id = registered(&store).await;
    let not_answer = store.draft_reply(id, 1, &Event::Withdraw { on: date(2025, 3, 4) }, &actor("handler")).await;
    assert!(matches!(not_answer.unwrap_err(), Error::Invalid { .. }));
    // Answered before it was received: illegal, so no draft.
    let early = Event::Answer {
        on: date(2025, 3, 1),
        outcome: Outcome::Granted { already_public: false },
        text: Default::default(),
    };
    assert!(matches!(store.draft_reply(id, 1, &early, &actor("handler")).await.unwrap_err(), Error::Transition(_)));
    assert!(store.reply_draft(id).await.unwrap().is_none());
    let stale = store.draft_reply(id, 7, &answer(), &actor("handler")).await.unwrap_err();
    assert!(matches!(stale, Error::Conflict { .. }));
    assert_eq!(store.audit_log(&format!("application/{id}")).await.unwrap().len(), 1, "only the registration");
}

async fn a_correction_notice_goes_out_when_signed(store: Store) {
    use gongkai_core::case::Stage;
    let id = registered(&store).await;
    let correction = Event::RequestCorrection {
        on: date(2025, 3, 5),
        correct_by: date(2025, 3, 19),
        what: "请写明所需文件的发文机关".into(),
    };
    store.draft_reply(id, 1, &correction, &actor("handler")).await.unwrap();
    assert_eq!(store.version(id).await.unwrap(), 1, "nothing sent before 签发");
    let applied = store.sign_reply(id, 1, &actor("approver")).await.unwrap();
    assert!(matches!(applied.lifecycle.stage, Stage::AwaitingCorrection { .. }), "{:?}", applied.lifecycle.stage);
    let events = store.events(id).await.unwrap();
    assert_eq!(events.last().map(|e| (&e.event, e.actor.as_str())), Some((&correction, "approver")));
    // A consultation of another organ sends no letter of ours: nothing to sign.
    let organ = Event::StartConsultation {
        on: date(2025, 3, 6),
        party: gongkai_core::case::Consulted::OtherOrgan,
        whom: "示例市财政局".into(),
    };
    assert!(matches!(store.draft_reply(id, 2, &organ, &actor("handler")).await.unwrap_err(), Error::Invalid { .. }));
}
