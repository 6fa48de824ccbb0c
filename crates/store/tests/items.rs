//! Proactive disclosure in the store, once on SQLite and once on PostgreSQL: the review rules
//! (no self-approval) with history and audit, 索引号 uniqueness under concurrent creation,
//! validity and the search outbox, catalog and guide, bulk import all-or-nothing, and table 二
//! facts.

mod common;

use gongkai_core::Figure;
use gongkai_core::publish::{
    Action, Channel, Disclosure, DocKind, Genre, IndexScheme, ItemFields, Status, Topic, Validity, table2_from_items,
};
use gongkai_core::report::Format;
use gongkai_store::{Actor, AgencyId, Error, ImportedItem, ItemQuery, PublishedHistory, Store};
use jiff::civil::{Date, date};

on_both_backends!(
    review_rules_history_and_audit,
    index_numbers_are_unique_under_concurrency,
    validity_changes_and_search_outbox,
    catalog_and_guide,
    import_is_all_or_nothing,
    table_two_from_stored_items,
    lists_are_newest_first_by_page_and_branch,
    interpretations_link_both_ways,
);

fn actor(name: &str) -> Actor {
    Actor::new(name).unwrap()
}

async fn agency(store: &Store) -> AgencyId {
    let id = AgencyId::new("demo").unwrap();
    store.create_agency(&id, "示例市人民政府办公室", &actor("admin")).await.unwrap();
    id
}

fn fields(title: &str, kind: DocKind, written: Date) -> ItemFields {
    ItemFields {
        title: title.into(),
        body_html: format!("<p>{title}。为进一步做好政府信息公开工作，现通知如下。</p>"),
        doc_number: Some(format!("示政办发[{}]8号", written.year())),
        issuer: "示例市人民政府办公室".into(),
        written_on: written,
        topic: Topic::General,
        genre: Genre::Circular,
        kind,
        disclosure: Disclosure::Proactive,
        validity: (kind != DocKind::Other).then_some(Validity::Effective { since: written }),
        channels: vec![Channel::Website],
        attachments: vec![("附件1.实施细则.pdf".into(), "/files/1.pdf".into())],
    }
}

fn refused(e: Error) -> String {
    match e {
        Error::Invalid { reason, .. } => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn review_rules_history_and_audit(store: Store) {
    let a = agency(&store).await;
    let item = store
        .create_item(
            &a,
            fields("关于做好2024年政务公开工作的通知", DocKind::Normative, date(2024, 3, 1)),
            None,
            &actor("起草人"),
        )
        .await
        .unwrap();
    assert_eq!(item.index_no, "DEMO/2024-00001");
    assert_eq!(item.fields.doc_number.as_deref(), Some("示政办发〔2024〕8号"));
    assert_eq!(item.workflow.status, Status::Draft);
    assert_eq!(item.fields.attachments.len(), 1);
    assert!(item.body_text.starts_with("关于做好"));

    let approve = Action::Approve { opinion: "经保密审查，不涉及国家秘密".into() };
    // No self-approval; nothing changes.
    let e = store.item_action(item.id, item.version, &approve, &actor("起草人")).await.unwrap_err();
    assert!(refused(e).contains("不能审查自己起草的信息"));
    // Publishing before review is refused.
    let publish = Action::Publish { on: date(2024, 3, 5) };
    assert!(store.item_action(item.id, item.version, &publish, &actor("发布人")).await.is_err());
    assert_eq!(store.item(item.id).await.unwrap().version, item.version);

    let reviewed = store.item_action(item.id, item.version, &approve, &actor("审查人")).await.unwrap();
    assert_eq!(reviewed.workflow.status, Status::Reviewed);
    // A stale version conflicts.
    let e = store.item_action(item.id, item.version, &publish, &actor("发布人")).await.unwrap_err();
    assert!(refused(e).contains("已被他人更新"));
    // The reviewer cannot also publish.
    let e = store.item_action(item.id, reviewed.version, &publish, &actor("审查人")).await.unwrap_err();
    assert!(refused(e).contains("发布人不能与保密审查人相同"));
    let published = store.item_action(item.id, reviewed.version, &publish, &actor("发布人")).await.unwrap();
    assert_eq!(published.workflow.status, Status::Published);
    assert_eq!(published.workflow.published_on, Some(date(2024, 3, 5)));
    // Published items cannot be edited in place.
    let e = store
        .update_item(item.id, published.version, fields("改", DocKind::Normative, date(2024, 3, 1)), &actor("起草人"))
        .await
        .unwrap_err();
    assert!(refused(e).contains("须先撤回"));

    let withdrawn = store
        .item_action(
            item.id,
            published.version,
            &Action::Withdraw { on: date(2024, 5, 1), reason: "已被新文件替代".into() },
            &actor("发布人"),
        )
        .await
        .unwrap();
    assert_eq!(withdrawn.workflow.status, Status::Withdrawn);
    // History is kept: who did what, in order.
    let events = store.item_events(item.id).await.unwrap();
    let steps: Vec<(&str, &str, &str)> =
        events.iter().map(|e| (e.action.as_str(), e.actor.as_str(), e.status_after.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            ("create", "起草人", "draft"),
            ("approve", "审查人", "reviewed"),
            ("publish", "发布人", "published"),
            ("withdraw", "发布人", "withdrawn")
        ]
    );
    assert_eq!(events[3].note.as_deref(), Some("已被新文件替代"));
    let audit: Vec<String> =
        store.audit_log(&format!("item/{}", item.id)).await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(audit, vec!["create", "approve", "publish", "withdraw"]);
    assert_eq!(withdrawn.workflow.drafted_by, "起草人");
    assert_eq!(withdrawn.workflow.reviewed_by.as_deref(), Some("审查人"));

    // Editing a reviewed draft voids its review.
    let second = store
        .create_item(&a, fields("第二件", DocKind::Other, date(2024, 4, 1)), None, &actor("起草人"))
        .await
        .unwrap();
    assert_eq!(second.index_no, "DEMO/2024-00002");
    let r = store.item_action(second.id, second.version, &approve, &actor("审查人")).await.unwrap();
    let edited = store
        .update_item(second.id, r.version, fields("第二件（修改）", DocKind::Other, date(2024, 4, 1)), &actor("起草人"))
        .await
        .unwrap();
    assert_eq!(edited.workflow.status, Status::Draft);
    assert_eq!(edited.workflow.reviewed_by, None);
    assert_eq!(edited.fields.title, "第二件（修改）");

    let listed = store.list_items(&ItemQuery { agency: Some(a.clone()), ..ItemQuery::default() }).await.unwrap();
    assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), vec![second.id, item.id]);
    let drafts = store.list_items(&ItemQuery { status: Some(Status::Draft), ..ItemQuery::default() }).await.unwrap();
    assert_eq!(drafts.len(), 1);
}

async fn index_numbers_are_unique_under_concurrency(store: Store) {
    let a = agency(&store).await;
    store
        .set_index_scheme(
            &a,
            &IndexScheme::new("11370100MB2850123X", "{org}/{year}-{serial:4}").unwrap(),
            &actor("admin"),
        )
        .await
        .unwrap();
    const WRITERS: usize = 8;
    const EACH: usize = 6;
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let store = store.clone();
        let a = a.clone();
        tasks.push(tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..EACH {
                // Two years interleaved: each year has its own counter.
                let written = if i % 2 == 0 { date(2024, 6, 1) } else { date(2025, 2, 1) };
                let item = store
                    .create_item(
                        &a,
                        fields(&format!("并发创建{w}-{i}"), DocKind::Other, written),
                        None,
                        &actor(&format!("员{w}")),
                    )
                    .await
                    .expect("create under concurrency");
                numbers.push(item.index_no);
            }
            numbers
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "duplicate 索引号");
    let per_year = WRITERS * EACH / 2;
    for (year, count) in [(2024, per_year), (2025, per_year)] {
        let mine: Vec<&String> = all.iter().filter(|s| s.contains(&format!("/{year}-"))).collect();
        assert_eq!(mine.len(), count);
        // Serials run 1..=count without gaps.
        let want: Vec<String> = (1..=count).map(|s| format!("11370100MB2850123X/{year}-{s:04}")).collect();
        assert_eq!(mine.into_iter().cloned().collect::<Vec<_>>(), want);
    }
}

async fn publish(store: &Store, a: &AgencyId, f: ItemFields, on: Date) -> gongkai_store::Item {
    let item = store.create_item(a, f, None, &actor("起草人")).await.unwrap();
    let r = store
        .item_action(item.id, item.version, &Action::Approve { opinion: "不涉密".into() }, &actor("审查人"))
        .await
        .unwrap();
    store.item_action(item.id, r.version, &Action::Publish { on }, &actor("发布人")).await.unwrap()
}

async fn validity_changes_and_search_outbox(store: Store) {
    let a = agency(&store).await;
    assert_eq!(store.last_search_change().await.unwrap(), 0);
    let rule =
        publish(&store, &a, fields("示例市政府信息公开办法", DocKind::Rule, date(2020, 1, 1)), date(2020, 1, 5)).await;
    let changes = store.search_changes(0, 100).await.unwrap();
    assert_eq!(changes.iter().map(|c| c.item).collect::<Vec<_>>(), vec![rule.id]);
    let abolished = Validity::Abolished { since: date(2020, 1, 1), on: date(2024, 7, 1) };
    let changed = store.set_item_validity(rule.id, rule.version, abolished, &actor("法规科")).await.unwrap();
    assert_eq!(changed.fields.validity, Some(abolished));
    assert_eq!(changed.workflow.status, Status::Published);
    let after = store.search_changes(changes[0].seq, 100).await.unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(store.last_search_change().await.unwrap(), after[0].seq);
    // Validity is for rules and normative documents only.
    let other = store
        .create_item(&a, fields("会议纪要", DocKind::Other, date(2024, 1, 1)), None, &actor("起草人"))
        .await
        .unwrap();
    let e = store.set_item_validity(other.id, other.version, abolished, &actor("法规科")).await.unwrap_err();
    assert!(refused(e).contains("只有规章和行政规范性文件"));
    // Only published items are handed to a full reindex.
    let published = store.published_items_after(None, 10).await.unwrap();
    assert_eq!(published.iter().map(|i| i.id).collect::<Vec<_>>(), vec![rule.id]);
    assert_eq!(store.item_by_index_no(&rule.index_no).await.unwrap().unwrap().id, rule.id);
}

async fn catalog_and_guide(store: Store) {
    let a = agency(&store).await;
    let admin = actor("admin");
    let policy = store.add_catalog_node(&a, None, "政策文件", &admin).await.unwrap();
    let plans = store.add_catalog_node(&a, None, "规划计划", &admin).await.unwrap();
    let normative = store.add_catalog_node(&a, Some(policy.id), "行政规范性文件", &admin).await.unwrap();
    store.rename_catalog_node(plans.id, "规划信息", &admin).await.unwrap();
    let tree: Vec<(String, Option<i64>)> =
        store.catalog(&a).await.unwrap().into_iter().map(|n| (n.name, n.parent.map(|p| p.0))).collect();
    assert_eq!(
        tree,
        vec![("政策文件".into(), None), ("行政规范性文件".into(), Some(policy.id.0)), ("规划信息".into(), None)]
    );
    let item = store
        .create_item(&a, fields("规范性文件一", DocKind::Normative, date(2024, 1, 1)), Some(normative.id), &admin)
        .await
        .unwrap();
    assert_eq!(item.catalog_node, Some(normative.id));
    let in_node =
        store.list_items(&ItemQuery { catalog_node: Some(normative.id), ..ItemQuery::default() }).await.unwrap();
    assert_eq!(in_node.len(), 1);
    // A branch lists what its sub-branches hold.
    let in_branch =
        store.list_items(&ItemQuery { catalog_node: Some(policy.id), ..ItemQuery::default() }).await.unwrap();
    assert_eq!(in_branch.len(), 1);
    let in_other = ItemQuery { catalog_node: Some(plans.id), ..ItemQuery::default() };
    assert_eq!(store.count_items(&in_other).await.unwrap(), 0);

    assert!(store.guide(&a).await.unwrap().is_none());
    let g = store.set_guide(&a, 0, "<h2>一、主动公开</h2><p>……</p>", &admin).await.unwrap();
    assert_eq!(g.version, 1);
    let e = store.set_guide(&a, 0, "<p>旧版本上的修改</p>", &actor("另一人")).await.unwrap_err();
    assert!(refused(e).contains("已被他人更新"));
    store.set_guide(&a, 1, "<h2>一、主动公开</h2><p>修订</p>", &admin).await.unwrap();
    assert_eq!(store.guide(&a).await.unwrap().unwrap().version, 2);
    assert_eq!(store.audit_log(&format!("guide/{a}")).await.unwrap().len(), 2);
}

async fn import_is_all_or_nothing(store: Store) {
    let a = agency(&store).await;
    let history = |on| PublishedHistory {
        on,
        drafted_by: "张三".into(),
        reviewed_by: "李四".into(),
        published_by: "王五".into(),
    };
    let good = |title: &str| ImportedItem {
        agency: a.clone(),
        fields: fields(title, DocKind::Normative, date(2023, 5, 1)),
        catalog_node: None,
        published: Some(history(date(2023, 5, 3))),
    };
    let mut bad = good("坏的一条");
    bad.fields.issuer = " ".into();
    let e = store.import_items(&[good("一"), bad, good("三")], &actor("import")).await.unwrap_err();
    assert!(refused(e).contains("第2条"));
    assert!(store.list_items(&ItemQuery::default()).await.unwrap().is_empty());

    let done = store.import_items(&[good("一"), good("二")], &actor("import")).await.unwrap();
    assert_eq!(done.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(), vec!["DEMO/2023-00001", "DEMO/2023-00002"]);
    let item = store.item(done[0].0).await.unwrap();
    assert_eq!(item.workflow.status, Status::Published);
    assert_eq!(item.workflow.reviewed_by.as_deref(), Some("李四"));
    assert_eq!(store.search_changes(0, 10).await.unwrap().len(), 2);
}

async fn table_two_from_stored_items(store: Store) {
    let a = agency(&store).await;
    publish(&store, &a, fields("规章甲", DocKind::Rule, date(2024, 2, 1)), date(2024, 2, 3)).await;
    let old = publish(&store, &a, fields("规章乙", DocKind::Rule, date(2019, 2, 1)), date(2019, 2, 3)).await;
    store
        .set_item_validity(
            old.id,
            old.version,
            Validity::Abolished { since: date(2019, 2, 1), on: date(2024, 9, 1) },
            &actor("法规科"),
        )
        .await
        .unwrap();
    publish(&store, &a, fields("规范性文件甲", DocKind::Normative, date(2024, 5, 1)), date(2024, 5, 2)).await;
    store
        .create_item(&a, fields("规范性文件草稿", DocKind::Normative, date(2024, 6, 1)), None, &actor("起草人"))
        .await
        .unwrap();
    publish(&store, &a, fields("其他文件", DocKind::Other, date(2024, 6, 1)), date(2024, 6, 2)).await;
    let facts = store.item_facts(&a).await.unwrap();
    assert_eq!(facts.len(), 4);
    let t2 = table2_from_items(2024, Format::National2021, &facts);
    let n = |k: &str| t2.get(k).copied();
    assert_eq!(n("t2.rules.issued"), Some(Figure::Count(1)));
    assert_eq!(n("t2.rules.abolished"), Some(Figure::Count(1)));
    assert_eq!(n("t2.rules.in_force"), Some(Figure::Count(1)));
    assert_eq!(n("t2.normative.issued"), Some(Figure::Count(1)));
    assert_eq!(n("t2.normative.in_force"), Some(Figure::Count(1)));
    // The entered figures live beside them (decisions, fees).
    store.set_table2(&a, 2024, "t2.licensing.decisions", Figure::Count(120), &actor("admin")).await.unwrap();
    assert_eq!(store.table2_inputs(&a, 2024).await.unwrap().len(), 1);
}

async fn lists_are_newest_first_by_page_and_branch(store: Store) {
    let a = agency(&store).await;
    // Published out of id order: the list follows the publication date, then the id.
    let days = [date(2024, 5, 1), date(2024, 1, 1), date(2024, 9, 1), date(2024, 5, 1), date(2023, 12, 1)];
    let mut ids = Vec::new();
    for (n, on) in days.iter().enumerate() {
        let item = publish(&store, &a, fields(&format!("通知{n}"), DocKind::Other, date(2023, 11, 1)), *on).await;
        ids.push(item.id);
    }
    let draft =
        store.create_item(&a, fields("草稿", DocKind::Other, date(2024, 1, 1)), None, &actor("起草人")).await.unwrap();
    let all = ItemQuery { agency: Some(a.clone()), limit: 100, ..ItemQuery::default() };
    let order: Vec<_> = store.list_items(&all).await.unwrap().iter().map(|i| i.id).collect();
    assert_eq!(order, [draft.id, ids[2], ids[3], ids[0], ids[1], ids[4]], "unpublished first, then newest");
    let published = ItemQuery { status: Some(Status::Published), limit: 2, ..all.clone() };
    assert_eq!(store.count_items(&published).await.unwrap(), 5);
    let page = |n: u64| ItemQuery { offset: 2 * (n - 1), ..published.clone() };
    let pages: Vec<Vec<_>> = {
        let mut out = Vec::new();
        for n in 1..=3 {
            out.push(store.list_items(&page(n)).await.unwrap().iter().map(|i| i.id).collect());
        }
        out
    };
    assert_eq!(pages, [vec![ids[2], ids[3]], vec![ids[0], ids[1]], vec![ids[4]]]);
}

async fn interpretations_link_both_ways(store: Store) {
    let a = agency(&store).await;
    let other = AgencyId::new("finance").unwrap();
    store.create_agency(&other, "示例市财政局", &actor("admin")).await.unwrap();
    let doc =
        publish(&store, &a, fields("示例市物业管理办法", DocKind::Rule, date(2024, 3, 1)), date(2024, 3, 5)).await;
    let reading = publish(
        &store,
        &a,
        fields("《示例市物业管理办法》政策解读", DocKind::Other, date(2024, 3, 1)),
        date(2024, 3, 5),
    )
    .await;
    let foreign = store
        .create_item(&other, fields("财政文件", DocKind::Other, date(2024, 1, 1)), None, &actor("起草人"))
        .await
        .unwrap();
    let e = store.set_interpretation(reading.id, Some(foreign.id), &actor("编辑")).await.unwrap_err();
    assert!(refused(e).contains("本机关"));
    let e = store.set_interpretation(reading.id, Some(reading.id), &actor("编辑")).await.unwrap_err();
    assert!(refused(e).contains("自身"));
    store.set_interpretation(reading.id, Some(doc.id), &actor("编辑")).await.unwrap();
    store.set_interpretation(reading.id, Some(doc.id), &actor("编辑")).await.unwrap();
    let of_reading = store.interpretation_links(reading.id).await.unwrap();
    assert_eq!(of_reading.interprets.map(|l| (l.id, l.status)), Some((doc.id, Status::Published)));
    let of_doc = store.interpretation_links(doc.id).await.unwrap();
    assert_eq!(
        of_doc.interpreted_by.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(),
        ["《示例市物业管理办法》政策解读"]
    );
    let log = store.audit_log(&format!("item/{}", reading.id)).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "interprets").count(), 1, "setting the same link again logs nothing");
    store.set_interpretation(reading.id, None, &actor("编辑")).await.unwrap();
    assert_eq!(store.interpretation_links(doc.id).await.unwrap(), gongkai_store::InterpretationLinks::default());
}
