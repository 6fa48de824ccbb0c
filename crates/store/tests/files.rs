//! Files on a case (migration 0012), on SQLite and on PostgreSQL: stored once per content,
//! listed in order, limited per case, every upload and download in the audit log.

mod common;

use gongkai_core::case::{ApplicantKind, Channel};
use gongkai_core::files::{FileKind, FileRole, MAX_CASE_FILES};
use gongkai_store::{Actor, AgencyId, Applicant, ApplicationId, Error, NewApplication, NewCaseFile, Store, Withheld};
use jiff::civil::date;

on_both_backends!(
    files_are_kept_listed_and_logged,
    a_case_holds_a_limited_number_of_files,
    deliveries_follow_the_reply,
    an_application_and_its_attachments_are_committed_together,
    redacted_copies_keep_what_was_withheld
);

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

async fn registered(store: &Store) -> ApplicationId {
    let demo = AgencyId::new("demo").unwrap();
    store.create_agency(&demo, "示例市人民政府办公室", &actor("admin")).await.unwrap();
    let app = NewApplication {
        agency: demo,
        applicant: Applicant {
            kind: ApplicantKind::Natural,
            name: "张三丰".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            ..Default::default()
        },
        channel: Channel::InPerson,
        delivery: "当面领取".into(),
        registered_on: date(2025, 3, 3),
        items: vec!["某文件".into()],
    };
    store.register(&app, &actor("clerk")).await.unwrap().id
}

fn file<'a>(name: &'a str, role: FileRole, bytes: &'a [u8]) -> NewCaseFile<'a> {
    NewCaseFile { name, kind: FileKind::Text, role, bytes }
}

async fn files_are_kept_listed_and_logged(store: Store) {
    let id = registered(&store).await;
    let id_copy = "身份证复印件".repeat(1000).into_bytes();
    let a = store
        .add_case_file(id, &file("身份证.txt", FileRole::Application, &id_copy), &actor("applicant"))
        .await
        .unwrap();
    let b =
        store.add_case_file(id, &file("复印件2.txt", FileRole::Working, &id_copy), &actor("handler")).await.unwrap();
    assert_eq!(a.sha256, b.sha256, "the same content");
    let listed = store.case_files(id).await.unwrap();
    assert_eq!(
        listed.iter().map(|f| (f.id, f.role)).collect::<Vec<_>>(),
        [(a.id, FileRole::Application), (b.id, FileRole::Working)]
    );
    assert_eq!(listed[0], a);
    let (info, content) = store.download_case_file(id, b.id, &actor("reader")).await.unwrap().expect("there");
    assert_eq!((info.name.as_str(), content), ("复印件2.txt", id_copy.clone()));
    assert!(
        store.download_case_file(ApplicationId(id.0 + 1), b.id, &actor("reader")).await.unwrap().is_none(),
        "another case's file"
    );
    // Read to redact it: logged as such, not as a download.
    let purpose = gongkai_store::FileAccess::Redaction;
    assert!(store.read_case_file(id, b.id, &actor("handler"), purpose).await.unwrap().is_some());
    let log = store.audit_log(&format!("application/{id}")).await.unwrap();
    let actions: Vec<(&str, &str)> = log.iter().map(|e| (e.action.as_str(), e.actor.as_str())).collect();
    assert_eq!(
        actions,
        [
            ("register", "clerk"),
            ("file_upload", "applicant"),
            ("file_upload", "handler"),
            ("file_download", "reader"),
            ("file_read_for_redaction", "handler")
        ]
    );
    let missing =
        store.add_case_file(ApplicationId(999_999), &file("x.txt", FileRole::Working, b"x"), &actor("h")).await;
    assert!(matches!(missing, Err(Error::ApplicationNotFound(_))));
    let empty = store.add_case_file(id, &file("x.txt", FileRole::Working, b""), &actor("h")).await;
    assert!(matches!(empty, Err(Error::Invalid { .. })));
    // One upload of several files is all or nothing: the good file before the bad one is not kept.
    let before = store.case_files(id).await.unwrap().len();
    let batch = [file("好.txt", FileRole::Working, b"ok"), file("空.txt", FileRole::Working, b"")];
    assert!(matches!(store.add_case_files(id, &batch, &actor("h")).await, Err(Error::Invalid { .. })));
    assert_eq!(store.case_files(id).await.unwrap().len(), before);
}

async fn a_case_holds_a_limited_number_of_files(store: Store) {
    let id = registered(&store).await;
    for n in 0..MAX_CASE_FILES {
        let bytes = format!("第{n}份材料").into_bytes();
        store.add_case_file(id, &file("材料.txt", FileRole::Working, &bytes), &actor("handler")).await.unwrap();
    }
    let over = store.add_case_file(id, &file("多一份.txt", FileRole::Working, b"x"), &actor("handler")).await;
    match over {
        Err(Error::Invalid { reason, .. }) => assert!(reason.contains("已达上限"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(store.case_files(id).await.unwrap().len(), MAX_CASE_FILES, "nothing stored by the refusal");
}

async fn deliveries_follow_the_reply(store: Store) {
    use gongkai_core::case::delivery::{Delivery, DeliveryMethod};
    use gongkai_core::case::{Event, Outcome};
    let id = registered(&store).await;
    let posted = Delivery { method: DeliveryMethod::Post, on: date(2025, 3, 21), reference: "1190012345678".into() };
    let early = store.record_delivery(id, &posted, date(2025, 3, 25), &actor("clerk")).await;
    assert!(matches!(early, Err(Error::Invalid { .. })), "not before the reply");
    let answer = Event::Answer {
        on: date(2025, 3, 20),
        outcome: Outcome::Granted { already_public: false },
        text: Default::default(),
    };
    store.apply_event(id, 1, &answer, &actor("approver")).await.unwrap();
    store.record_delivery(id, &posted, date(2025, 3, 25), &actor("clerk")).await.unwrap();
    let no_waybill = Delivery { reference: String::new(), ..posted.clone() };
    assert!(store.record_delivery(id, &no_waybill, date(2025, 3, 25), &actor("clerk")).await.is_err());
    let listed = store.deliveries(id).await.unwrap();
    assert_eq!(listed.iter().map(|d| (&d.delivery, d.recorded_by.as_str())).collect::<Vec<_>>(), [(&posted, "clerk")]);
}

async fn an_application_and_its_attachments_are_committed_together(store: Store) {
    let demo = AgencyId::new("demo").unwrap();
    store.create_agency(&demo, "示例市人民政府办公室", &actor("admin")).await.unwrap();
    let app = NewApplication {
        agency: demo.clone(),
        applicant: Applicant {
            kind: ApplicantKind::Natural,
            name: "附件人".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            ..Default::default()
        },
        channel: Channel::Online,
        delivery: "在线下载".into(),
        registered_on: date(2025, 3, 3),
        items: vec!["某文件".into()],
    };
    let good = file("委托书.txt", FileRole::Application, "授权委托书".as_bytes());
    let registered = store.register_with_files(&app, &actor("online"), Some("hash"), &[good]).await.unwrap();
    let files = store.case_files(registered.id).await.unwrap();
    assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["委托书.txt"]);
    // A file that cannot be stored takes the application with it: nothing half-registered.
    let before = store.open_applications(std::slice::from_ref(&demo), 100).await.unwrap().len();
    let empty = file("空.txt", FileRole::Application, b"");
    assert!(store.register_with_files(&app, &actor("online"), Some("hash"), &[good, empty]).await.is_err());
    assert_eq!(store.open_applications(std::slice::from_ref(&demo), 100).await.unwrap().len(), before);
}

/// A redacted copy is stored with what was withheld from it; the reply letter reads both, by the
/// copy's name, in the order the copies were made; a file of another case cannot be the source.
async fn redacted_copies_keep_what_was_withheld(store: Store) {
    let id = registered(&store).await;
    let source = store.add_case_file(id, &file("名单.txt", FileRole::Working, b"source"), &actor("h")).await.unwrap();
    let withheld = |label: &str, count| Withheld { category: "resident_id".into(), label: label.into(), count };
    assert!(store.withheld_files(id).await.unwrap().is_empty());
    let first = [withheld("身份证号码", 3)];
    store
        .add_redacted_copy(
            id,
            source.id,
            &file("名单（区分处理）.txt", FileRole::Release, b"copy"),
            &first,
            &actor("h"),
        )
        .await
        .unwrap();
    let second = [withheld("身份证号码", 1), withheld("手机号码", 2)];
    store
        .add_redacted_copy(
            id,
            source.id,
            &file("名单（第二稿）.txt", FileRole::Release, b"copy2"),
            &second,
            &actor("h"),
        )
        .await
        .unwrap();
    assert_eq!(
        store.withheld_files(id).await.unwrap(),
        [("名单（区分处理）.txt".to_string(), first.to_vec()), ("名单（第二稿）.txt".to_string(), second.to_vec())]
    );
    let other = ApplicationId(id.0 + 1);
    let foreign =
        store.add_redacted_copy(other, source.id, &file("x.txt", FileRole::Release, b"x"), &first, &actor("h")).await;
    assert!(foreign.is_err(), "the source belongs to another case");
    assert!(store.withheld_files(other).await.unwrap().is_empty());
}
