//! Search behaviour on a real (in-memory) tantivy index: Traditional/Simplified queries, unspaced
//! queries segmented like documents, phrases, fields, filters, facets, highlighting, paging; a
//! property test that any word of a title finds its item; and the index following the store
//! (publish, withdraw, reindex) on a SQLite file.

use gongkai_core::publish::{Action, Channel, Disclosure, DocKind, Genre, ItemFields, Topic, Validity};
use gongkai_search::analyzer::Analyzer;
use gongkai_search::{IndexDoc, SearchIndex, SearchRequest, SearchService, Sort, ValidityState};
use gongkai_store::{Actor, AgencyId, ItemId, Store};
use jiff::civil::date;
use proptest::prelude::*;

fn doc(id: i64, title: &str, body: &str) -> IndexDoc {
    IndexDoc {
        id: ItemId(id),
        index_no: format!("DEMO/2024-{id:05}"),
        title: title.into(),
        body: body.into(),
        doc_number: None,
        agency: "demo".into(),
        agency_name: "示例市人民政府办公室".into(),
        issuer: "示例市人民政府办公室".into(),
        published_on: format!("2024-{:02}-{:02}", 1 + id % 12, 1 + id % 28),
        topic: Topic::General,
        kind: DocKind::Other,
        validity: None,
    }
}

fn corpus() -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    let mut docs = vec![
        doc(
            1,
            "示例市2023年政府信息公开工作年度报告",
            "本报告由示例市人民政府办公室编制，全文包括总体情况、主动公开政府信息情况等。",
        ),
        doc(2, "關於隨縣鄉村振興工作的通知", "各鄉鎮人民政府：為推進鄉村振興，現將有關事項通知如下。"),
        doc(
            3,
            "关于印发《示例市政务公开工作要点》的通知",
            "各区人民政府，市政府各部门：现将工作要点印发给你们，请认真贯彻执行。",
        ),
        doc(
            4,
            "示例市老旧小区改造实施方案",
            "为推进城市更新，改善居民居住条件，制定本方案。依申请公开的事项另行答复。",
        ),
        doc(5, "示例市行政规范性文件管理办法", "第一条 为加强行政规范性文件管理，根据有关规定，制定本办法。"),
    ];
    docs[2].doc_number = Some("示政办发〔2024〕12号".into());
    docs[4].kind = DocKind::Rule;
    docs[4].validity = Some("effective".into());
    docs[4].topic = Topic::Security;
    let mut abolished = doc(6, "示例市政府规章清理办法", "已废止。");
    abolished.kind = DocKind::Rule;
    abolished.validity = Some("abolished".into());
    abolished.agency = "demo-finance".into();
    abolished.agency_name = "示例市财政局".into();
    abolished.published_on = "2021-06-01".into();
    docs.push(abolished);
    index.apply(&docs, &[]).unwrap();
    index.commit(0).unwrap();
    index
}

fn ids(index: &SearchIndex, q: &str) -> Vec<i64> {
    let res = index.search(&SearchRequest { q: q.into(), per_page: 100, ..SearchRequest::default() }).unwrap();
    let mut ids: Vec<i64> = res.hits.iter().map(|h| h.id.0).collect();
    ids.sort();
    ids
}

#[test]
fn traditional_and_simplified_find_each_other() {
    let index = corpus();
    let cases: [(&str, &[i64]); 6] = [
        ("随县", &[2]),
        ("隨縣", &[2]),
        ("乡村振兴", &[2]),
        ("鄉村振興 通知", &[2]),
        ("政務公開", &[3]),
        ("工作要點", &[3]),
    ];
    for (q, want) in cases {
        assert_eq!(ids(&index, q), want, "{q}");
    }
}

#[test]
fn unspaced_queries_are_read_as_typed_then_by_their_words() {
    let index = corpus();
    // (query, hits, whether no item held it as typed so its words were looked up apart)
    let cases: [(&str, &[i64], bool); 9] = [
        ("政府信息公开工作年度报告", &[1], false),
        ("规范性文件管理", &[5], false),
        // Inside longer words of the document, and across its words.
        ("公开工作年度", &[1], false),
        ("息公开工", &[1], false),
        ("023年", &[1], false),
        // 年报 = 年度报告 (declared synonym) within a clause.
        ("工作年报", &[1], false),
        // Not in a row anywhere: every word anywhere, and the results say so.
        ("信息公开年报", &[1], true),
        ("老旧小区改造方案", &[4], true),
        ("不存在的词语组合火星", &[], true),
    ];
    for (q, want, relaxed) in cases {
        let res = index.search(&SearchRequest { q: q.into(), per_page: 100, ..SearchRequest::default() }).unwrap();
        let mut found: Vec<i64> = res.hits.iter().map(|h| h.id.0).collect();
        found.sort();
        assert_eq!(found, want, "{q}");
        assert_eq!(res.relaxed, relaxed, "{q}");
    }
}

#[test]
fn a_synonym_does_not_shift_the_words_after_it() {
    // 依申请 is declared a synonym of 依申请公开: the one word finds it, but in a run the
    // synonym's length must not place the next word (依申请|提供|政 has 政 where
    // 依申请公开|政 would put it).
    let index = SearchIndex::in_ram().unwrap();
    let docs = vec![
        doc(1, "收费情况", "2014年我区各级工作部门依申请提供政府信息暂不收费。"),
        doc(2, "依申请公开政府信息", "本机关依申请公开政府信息的办理情况。"),
    ];
    index.apply(&docs, &[]).unwrap();
    index.commit(0).unwrap();
    for (q, want) in [("依申请公开政", &[2][..]), ("依申请公开", &[1, 2]), ("依申请提供政", &[1])] {
        assert_eq!(ids(&index, q), want, "{q}");
    }
}

#[test]
fn phrases_fields_and_exclusions() {
    let index = corpus();
    let cases: [(&str, &[i64]); 13] = [
        ("\"工作要点\"", &[3]),
        ("“要点工作”", &[]),
        // Two-word phrases (looked up as pair terms), also where a word sits inside a longer one.
        ("\"主动公开政府信息\"", &[1]),
        ("\"信息公开工作\"", &[1]),
        ("\"政府信息主动公开\"", &[]),
        // Punctuation between the words: not the phrase.
        ("\"有关规定制定\"", &[]),
        ("标题:通知", &[2, 3]),
        ("标题:依申请公开", &[]),
        ("依申请公开", &[4]),
        ("文号:示政办发[2024]12号", &[3]),
        ("索引号:demo/2024-00005", &[5]),
        ("通知 -随县", &[3]),
        ("正文:城市更新", &[4]),
    ];
    for (q, want) in cases {
        assert_eq!(ids(&index, q), want, "{q}");
    }
}

#[test]
fn filters_facets_highlights_and_pages() {
    let index = corpus();
    let all = index.search(&SearchRequest::default()).unwrap();
    assert_eq!(all.total, 6);
    let facets = all.facets.unwrap();
    assert_eq!(facets.agency[0].value, "demo");
    assert_eq!(facets.agency[0].label, "示例市人民政府办公室");
    assert_eq!(facets.agency[0].count, 5);
    assert_eq!(
        facets.year.iter().map(|f| (f.value.as_str(), f.count)).collect::<Vec<_>>(),
        vec![("2024", 5), ("2021", 1)]
    );
    assert_eq!(facets.validity.len(), 2);

    let rules = index
        .search(&SearchRequest {
            q: "办法".into(),
            validity: Some(ValidityState::Effective),
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(rules.hits.iter().map(|h| h.id.0).collect::<Vec<_>>(), vec![5]);
    assert_eq!(rules.hits[0].validity.as_deref(), Some("有效"));
    assert_eq!(rules.hits[0].topic, "公安、安全、司法");
    let by_agency = index
        .search(&SearchRequest { q: "办法".into(), agency: Some("demo-finance".into()), ..SearchRequest::default() })
        .unwrap();
    assert_eq!(by_agency.hits.iter().map(|h| h.id.0).collect::<Vec<_>>(), vec![6]);
    let by_year = index.search(&SearchRequest { year: Some(2021), ..SearchRequest::default() }).unwrap();
    assert_eq!(by_year.total, 1);

    let hit = &index.search(&SearchRequest { q: "隨縣".into(), ..SearchRequest::default() }).unwrap().hits[0];
    assert!(hit.title_html.contains("<em>隨縣</em>"), "{}", hit.title_html);
    let hit = &index.search(&SearchRequest { q: "城市更新".into(), ..SearchRequest::default() }).unwrap().hits[0];
    assert!(hit.snippet_html.contains("<em>城市更新</em>"), "{}", hit.snippet_html);

    // Paging, newest first: every document once across pages.
    let mut seen = Vec::new();
    for page in 1..=3 {
        let r = index
            .search(&SearchRequest { page, per_page: 2, sort: Sort::Newest, facets: false, ..SearchRequest::default() })
            .unwrap();
        assert_eq!(r.pages, 3);
        assert!(r.facets.is_none());
        seen.extend(r.hits.iter().map(|h| h.published_on.clone()));
    }
    assert_eq!(seen.len(), 6);
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "{seen:?}");
    let json =
        serde_json::to_value(index.search(&SearchRequest { q: "通知".into(), ..SearchRequest::default() }).unwrap())
            .unwrap();
    assert_eq!(json["total"], 2);
    assert!(json["hits"][0]["title_html"].is_string());
}

const VOCABULARY: &[&str] = &[
    "关于",
    "印发",
    "示例市",
    "政府信息公开",
    "工作要点",
    "的通知",
    "实施方案",
    "行政规范性文件",
    "管理办法",
    "年度报告",
    "乡村振兴",
    "老旧小区改造",
    "营商环境",
    "优化",
    "进一步",
    "加强",
    "安全生产",
    "专项整治",
    "三年行动",
    "财政预算",
    "执行情况",
    "政务服务",
    "一网通办",
    "推进",
    "数字政府",
    "建设",
    "隨縣",
    "鄉鎮",
    "醫療保障",
    "義務教育",
    "2024年",
    "第一季度",
    "统计公报",
    "征求意见稿",
    "公开征求",
    "意见",
    "决定",
    "公告",
    "住房公积金",
    "缴存",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any word of an item's title, queried alone, finds that item.
    #[test]
    fn any_word_of_a_title_finds_its_item(parts in proptest::collection::vec(0..VOCABULARY.len(), 2..7), pick in 0usize..1000) {
        let title: String = parts.iter().map(|i| VOCABULARY[*i]).collect();
        let index = SearchIndex::in_ram().unwrap();
        let mut docs = vec![doc(1, &title, "正文")];
        docs.push(doc(2, "无关的另一份文件", "其他内容"));
        index.apply(&docs, &[]).unwrap();
        index.commit(0).unwrap();
        let words = Analyzer::shared().words(&title);
        prop_assume!(!words.is_empty());
        let word = &words[pick % words.len()];
        let typed = &title[word.from..word.to];
        let found = ids(&index, typed);
        prop_assert!(found.contains(&1), "title {title}, word {typed} found {found:?}");
    }
}

fn fields(title: &str, kind: DocKind) -> ItemFields {
    ItemFields {
        title: title.into(),
        body_html: format!("<p>{title}正文。</p>"),
        doc_number: None,
        issuer: "示例市人民政府办公室".into(),
        written_on: date(2024, 3, 1),
        topic: Topic::General,
        genre: Genre::Circular,
        kind,
        disclosure: Disclosure::Proactive,
        validity: (kind != DocKind::Other).then_some(Validity::Effective { since: date(2024, 3, 1) }),
        channels: vec![Channel::Website],
        attachments: vec![],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_follows_the_database() {
    let (dir, store) = demo_store("gongkai_search").await;
    let agency = AgencyId::new("demo").unwrap();
    let a = |n: &str| Actor::new(n).unwrap();
    let service = SearchService::open(&dir.path().join("index")).unwrap();
    let search = |q: &str| service.search(&SearchRequest { q: q.into(), ..SearchRequest::default() }).unwrap();

    let mut published = Vec::new();
    for title in ["关于做好防汛工作的通知", "示例市营商环境优化方案", "草稿不应被搜到的通知"]
    {
        let item = store.create_item(&agency, fields(title, DocKind::Other), None, &a("起草人")).await.unwrap();
        if title.starts_with("草稿") {
            continue;
        }
        let r = store
            .item_action(item.id, item.version, &Action::Approve { opinion: "不涉密".into() }, &a("审查人"))
            .await
            .unwrap();
        let p = store
            .item_action(item.id, r.version, &Action::Publish { on: date(2024, 3, 2) }, &a("发布人"))
            .await
            .unwrap();
        published.push(p);
    }
    assert_eq!(search("通知").total, 0, "nothing before catch-up");
    assert_eq!(service.catch_up(&store).await.unwrap(), 2);
    assert_eq!(search("通知").total, 1);
    assert_eq!(search("營商環境").hits[0].id, published[1].id);
    assert_eq!(search("營商環境").hits[0].agency_name, "示例市人民政府办公室");

    let w = &published[0];
    store
        .item_action(w.id, w.version, &Action::Withdraw { on: date(2024, 4, 1), reason: "已过时".into() }, &a("发布人"))
        .await
        .unwrap();
    service.catch_up(&store).await.unwrap();
    assert_eq!(search("防汛").total, 0, "withdrawn items leave the index");
    assert_eq!(service.catch_up(&store).await.unwrap(), 0, "nothing more to apply");

    // Another node (a fresh index folder) rebuilds to the same state.
    let other = SearchService::open(&dir.path().join("index2")).unwrap();
    assert_eq!(other.reindex(&store, |_| {}).await.unwrap(), 1);
    assert_eq!(other.index().num_docs(), 1);
    assert_eq!(other.catch_up(&store).await.unwrap(), 0);
    // Reopening keeps documents and cursor.
    let cursor = service.index().cursor();
    service.index().close_writer().unwrap();
    drop(service);
    let reopened = SearchService::open(&dir.path().join("index")).unwrap();
    assert_eq!(reopened.index().cursor(), cursor);
    assert_eq!(reopened.index().num_docs(), 1);
    store.close().await;
}

/// A SQLite store in a new temporary folder with the agency `demo`; the folder is returned too,
/// removed when dropped (bound first, it drops after the store and the indexes made in it).
async fn demo_store(tag: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::Builder::new().prefix(&format!("{tag}_")).tempdir().expect("a temporary folder");
    let store = Store::open(&format!("sqlite://{}?mode=rwc", dir.path().join("db.sqlite3").display())).await.unwrap();
    let admin = Actor::new("admin").unwrap();
    store.create_agency(&AgencyId::new("demo").unwrap(), "示例市人民政府办公室", &admin).await.unwrap();
    (dir, store)
}

/// Drafts, approves and publishes an item of `demo` titled `title`.
async fn publish(store: &Store, title: &str) -> gongkai_store::Item {
    let a = |n: &str| Actor::new(n).unwrap();
    let agency = AgencyId::new("demo").unwrap();
    let item = store.create_item(&agency, fields(title, DocKind::Other), None, &a("起草人")).await.unwrap();
    let r = store
        .item_action(item.id, item.version, &Action::Approve { opinion: "不涉密".into() }, &a("审查人"))
        .await
        .unwrap();
    store.item_action(item.id, r.version, &Action::Publish { on: date(2024, 3, 2) }, &a("发布人")).await.unwrap()
}

/// Issue 12, failure 1: the CLI changed items and committed to the index folder of a running
/// server with its new cursor; the server read that cursor from disk, believed itself up to date
/// and kept answering from its old reader (withdrawn titles found, new ones not). A serving handle
/// now replays the outbox from its own cursor and reloads its reader.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_serving_index_converges_whichever_process_wrote_to_its_folder() {
    let (dir, store) = demo_store("gongkai_search_two").await;
    let old = publish(&store, "关于做好防汛工作的通知").await;
    // The folder exists with a cursor, as after an earlier run; the server opens it.
    let index_dir = dir.path().join("index");
    let builder = SearchService::open(&index_dir).unwrap();
    builder.reindex(&store, |_| {}).await.unwrap();
    builder.index().close_writer().unwrap();
    drop(builder);
    let server = SearchService::open(&index_dir).unwrap();
    assert_eq!(server.catch_up(&store).await.unwrap(), 0);
    let total = |q: &str| server.search(&SearchRequest { q: q.into(), ..SearchRequest::default() }).unwrap().total;
    assert_eq!(total("防汛"), 1);

    // The command line withdraws one item, publishes another and commits to the same folder.
    let publisher = Actor::new("发布人").unwrap();
    let withdraw = Action::Withdraw { on: date(2024, 4, 1), reason: "已过时".into() };
    store.item_action(old.id, old.version, &withdraw, &publisher).await.unwrap();
    publish(&store, "示例市营商环境优化方案").await;
    let cli = SearchService::open(&index_dir).unwrap();
    assert!(cli.catch_up(&store).await.unwrap() > 0);
    cli.index().close_writer().unwrap();
    drop(cli);

    // The server's next sync tick.
    server.catch_up(&store).await.unwrap();
    assert_eq!(total("防汛"), 0, "the withdrawn item is gone from the server's answers");
    assert_eq!(total("营商环境"), 1, "the new item is found by the server");
    store.close().await;
}
