//! Supervision in the running app: a 督查 uploads reports (multipart), one waits to be
//! assigned and is assigned, the roll-up page shows sums, charts with their tables and the
//! agencies of its subtree only, and the XLSX and 通报 downloads name the agencies.

mod common;

use common::{Client, login, start};
use gongkai_core::supervise::{Agency, AgencyCode, AgencyKind, Level};
use gongkai_store::{Actor, Role};
use gongkai_web::Config;

/// A real published report of the shared corpus (read-only, beside the repository).
fn shared_report(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_collects_assigns_and_reads_its_subtree() {
    let (app, ids) = start(Config::default()).await;
    let actor = Actor::new("test").unwrap();
    // Give the test agencies levels, kinds and short names (the tree keeps their parents).
    let agency = |code: &str, name: &str, short: &str, parent: Option<&str>, kind| Agency {
        code: AgencyCode::parse(code).unwrap(),
        name: name.into(),
        short_names: vec![short.into()],
        level: Some(Level::City),
        kind,
        parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
    };
    app.store
        .import_agencies(
            vec![
                agency(&ids.city, "测试市人民政府办公室", "测试市政府办", None, AgencyKind::Government),
                // corpus/003 is 上海市科委's report: filed here under that short name.
                agency(&ids.housing, "测试市住房和城乡建设局", "上海市科委", Some(&ids.city), AgencyKind::Department),
                agency(
                    &format!("finance{}", ids.tag),
                    "测试市财政局",
                    "测试市财政局",
                    Some(&ids.city),
                    AgencyKind::Department,
                ),
            ],
            &actor,
        )
        .await
        .unwrap();
    let year = 2024;

    let mut c = Client::new(app.addr);
    let csrf = c.login(&login(&ids, Role::Supervisor)).await;
    let (kewei, unknown) = (shared_report("003.txt"), shared_report("010.txt"));
    let r = c
        .post_multipart(
            "/console/supervision/upload",
            &[("csrf", &csrf), ("year", &year.to_string())],
            &[
                ("files", "kewei.txt", kewei.as_bytes()),
                ("files", "unknown.txt", unknown.as_bytes()),
                // A file of no kind the reader knows is counted as unreadable, not dropped.
                ("files", "说明.rtf", b"{\\rtf1 }"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let page = c.get(r.header("location").unwrap()).await;
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("上传完成：归档1份，未变0份，待分配1份，无法读取1份"), "{text}");
    assert!(text.contains("说明.rtf") && text.contains("不支持的文件类型“rtf”"), "{text}");

    // The held file is assigned to the city office by a person.
    let inbox = c.get("/console/supervision/inbox").await.text();
    assert!(inbox.contains("unknown.txt") && inbox.contains("与指定的2024年不符"), "{inbox}");
    let at = inbox.find("/console/supervision/inbox/").unwrap();
    let action = &inbox[at..at + inbox[at..].find('"').unwrap()];
    let csrf = c.get("/console/supervision/inbox").await.csrf();
    let r = c.post_form(action, &[("csrf", &csrf), ("agency", &ids.city), ("year", &year.to_string())]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(c.get("/console/supervision/inbox").await.text().contains("没有待分配的文件"));

    // The roll-up page: both agencies reported (corpus/003: 34 new + 2 carried over), charts
    // come with their numbers, the sibling agency is not there.
    let page = c.get(&format!("/console/supervision?agency={}&year={year}", ids.city)).await;
    let text = page.text();
    assert!(text.contains("已报送 2 个机构，未报送 1 个。未报送：测试市财政局"), "{text}");
    assert!(text.contains("<svg") && text.contains("办理结果构成") && text.contains("近五年申请数"), "{text}");
    assert!(text.contains("测试市住房和城乡建设局") && !text.contains("另一市人民政府办公室"));
    assert!(text.contains("<tr><th scope=\"row\">申请数</th><td>36</td></tr>"), "{text}");
    assert!(text.contains("汇总数核查"));
    let r = c.get(&format!("/console/supervision?agency={}&year={year}", ids.other)).await;
    assert_eq!(r.status, 404, "a 督查 sees only its subtree");

    let xlsx = c.get(&format!("/console/supervision/{}/{year}/export.xlsx", ids.city)).await;
    assert_eq!(xlsx.status, 200);
    let strings = unzip_text(&xlsx.body, "xl/sharedStrings.xml");
    assert!(strings.contains("测试市住房和城乡建设局"));
    // corpus/003's text lacks the heading of section 五: its completeness finding is kept.
    assert!(strings.contains("未见第五部分"), "{strings}");
    let docx = c.get(&format!("/console/supervision/{}/{year}/notice.docx", ids.city)).await;
    assert_eq!(docx.status, 200);
    let xml = unzip_text(&docx.body, "word/document.xml");
    assert!(xml.contains("一、测试市财政局") && xml.contains("未报送2024年度") && xml.contains("通报"), "{xml}");

    // Staff of an agency have no supervision pages.
    let mut clerk = Client::new(app.addr);
    clerk.login(&login(&ids, Role::Handler)).await;
    assert_eq!(clerk.get("/console/supervision").await.status, 403);
}

fn unzip_text(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip package");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut out).unwrap();
    out
}

/// 办理时效 of the answers given on the platform: on the supervision page (node and rows), in
/// the API's roll-up, with how it is computed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_on_the_platform_show_their_timeliness() {
    use gongkai_core::case::{Event, Outcome};
    let (app, ids) = start(Config::default()).await;
    let year = gongkai_web::today().year() - 1;
    // The test app's case at the city office was received in person on 3 March of last year.
    let id = gongkai_store::ApplicationId(app.city_case);
    let on = jiff::civil::Date::new(year, 3, 20).unwrap();
    let answer = Event::Answer { on, outcome: Outcome::Partial, text: Default::default() };
    let version = app.store.version(id).await.unwrap();
    app.store.apply_event(id, version, &answer, &Actor::new("clerk").unwrap()).await.unwrap();
    let mut c = Client::new(app.addr);
    c.login(&login(&ids, Role::Supervisor)).await;
    let text = c.get(&format!("/console/supervision?agency={}&year={year}", ids.city)).await.text();
    assert!(text.contains("<th scope=\"row\">按期答复率（本平台办理）</th><td>100.0%（1/1）</td>"), "{text}");
    assert!(text.contains("平均办理用时（本平台办理）"), "{text}");
    assert!(text.contains("在答复期限内答复的件数"), "the method is shown");
    let earlier = c.get(&format!("/console/supervision?agency={}&year={}", ids.city, year - 1)).await.text();
    assert!(earlier.contains("—（本平台无答复记录）"), "{earlier}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_checks_against_the_year_before() {
    use gongkai_core::Rule;
    use gongkai_core::report::{Figure, Report};
    use gongkai_store::supervision::{NewReportVersion, ReportOrigin};
    let (app, ids) = start(Config::default()).await;
    let agency = gongkai_store::AgencyId::new(&ids.housing).unwrap();
    let report = |year: i32, values: &[(&str, i64)]| Report {
        year: Some(year),
        values: values.iter().map(|(k, v)| (k.to_string(), Figure::Count(*v))).collect(),
        ..Report::default()
    };
    let last = report(2023, &[("t3.carried_out.total", 5), ("t3.new.total", 10), ("t3.total.total", 5)]);
    // Last year's prose, and this year's: the same with the year and the figures changed.
    let prose = |year: i32, n: i64| {
        format!(
            "{year}年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，\n             全年主动公开政府信息{n}条，其中政策文件{n}件，受理依申请公开{n}件，均按期答复。\n             我局将继续加强政府信息公开平台建设，完善工作机制，强化监督保障，进一步提升政务公开质量。\n             围绕优化营商环境、乡村振兴等重点领域，及时发布政策文件并同步开展解读，通过新闻发布会回应社会关切。\n             健全政府信息公开申请登记、审核、办理、答复、归档制度，严格执行保密审查，规范答复文书。\n加强政府网站和政务新媒体管理，开展常态化监测，及时整改错链断链和内容更新不及时等问题。\n组织机关干部参加政务公开业务培训，邀请专家解读条例要点，提高工作人员依法公开意识和业务水平。\n推进基层政务公开标准化规范化建设，编制公开事项目录，在便民服务中心设置查阅点，方便群众就近查询。\n下一步，我局将坚持问题导向，进一步完善主动公开目录，加大政策解读力度，持续提升政务公开工作质量和实效。\n全年通过政府网站发布工作动态和通知公告，及时更新机构职能、领导分工和办事指南等基础信息，做到应公开尽公开。\n在重大决策作出前广泛听取社会公众意见，公开征求意见稿及起草说明，并在决策后反馈意见采纳情况，增强决策透明度。\n落实政府信息公开保密审查制度，坚持先审查后公开、一事一审，全年未发生因公开不当引发泄密或侵犯个人隐私的情况。\n建立健全政策解读与文件同步起草、同步审签、同步发布机制，运用图表图解、视频动漫等形式提高解读的可读性和传播力。\n将政务公开纳入年度目标责任考核，定期通报各科室信息报送和更新情况，对工作滞后的督促整改，形成长效工作机制。"
        )
    };
    let sketch = |text: &str| gongkai_core::supervise::Fingerprint::of_prose(text.lines()).sketch();
    let last_sketch = sketch(&prose(2023, 356));
    let new = NewReportVersion {
        agency: &agency,
        year: 2023,
        origin: ReportOrigin::Entered,
        source: None,
        published_on: None,
        summary: false,
        report: &last,
        text_sketch: Some(&last_sketch),
    };
    app.store.file_report(new, &Actor::new("test").unwrap()).await.unwrap();
    let mut this = report(2024, &[("t3.carried_in.total", 2), ("t3.new.total", 80), ("t3.total.total", 82)]);
    this.format = Some(gongkai_core::report::Format::National2021);
    let text = format!("一、总体情况\n{}\n二、主动公开政府信息情况\n六、其他需要报告的事项\n无。", prose(2024, 402));
    let facts = gongkai_web::supervision::TextFacts {
        sketch: sketch(&text),
        completeness: gongkai_core::supervise::completeness(&text, &this),
    };
    let peer_text = "本镇聚焦乡村振兴和民生保障，在村务公开栏每季度更新低保和补贴名单并接受群众监督。\n                     群众来电咨询均当场解答并登记台账，未发生因公开引起的复议诉讼事项。";
    let peers =
        vec![("某镇人民政府".to_string(), sketch(peer_text)), ("某区教育局".to_string(), sketch(&prose(2024, 7)))];
    let findings =
        gongkai_web::supervision::findings_before_filing(&app.store, &agency, 2024, &this, Some(&facts), &peers)
            .await
            .unwrap();
    assert!(findings.iter().any(|f| f.rule == Rule::T3CarryOver), "{findings:#?}");
    assert!(
        findings.iter().any(|f| f.rule == Rule::YearOnYearJump && f.message.contains("由2023年的10变为2024年的80"))
    );
    // 内容雷同 with the year before and with one peer (not the other); three sections missing;
    // the fee not stated in section 六.
    let similar: Vec<&str> =
        findings.iter().filter(|f| f.rule == Rule::SimilarText).map(|f| f.message.as_str()).collect();
    assert_eq!(similar.len(), 2, "{similar:?}");
    assert!(similar.iter().any(|m| m.contains("与本机关2023年报告相同")), "{similar:?}");
    assert!(similar.iter().any(|m| m.contains("某区教育局2024年报告")), "{similar:?}");
    assert_eq!(findings.iter().filter(|f| f.rule == Rule::MissingSection).count(), 3, "{findings:#?}");
    assert!(findings.iter().any(|f| f.rule == Rule::FeeNotStated));
    // The sketch is kept with the version and survives a correction.
    let current = app.store.current_sketches(2023).await.unwrap();
    assert_eq!(current.get(&agency), Some(&last_sketch));
    let corrected = app
        .store
        .correct_report(&agency, 2023, "t3.new.total", Figure::Count(11), "核对原件", &Actor::new("reviewer").unwrap())
        .await
        .unwrap();
    assert_eq!(corrected.text_sketch.as_ref(), Some(&last_sketch));
}

/// Issue 15: the agency tree edited in the console by a 督查, within its subtree: an agency
/// renamed with its short names, a child added, a move out of the subtree and a cycle refused,
/// its own agency kept in place; another agency's staff see nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_edits_its_subtree() {
    let (app, ids) = start(Config::default()).await;
    let mut c = Client::new(app.addr);
    let csrf = c.login(&login(&ids, Role::Supervisor)).await;
    let page = c.get(&format!("/console/supervision/agencies/{}", ids.housing)).await;
    assert_eq!(page.status, 200, "{}", page.text());
    // The supervision page ranks children only with a large enough sample, and says so.
    let summary = c.get(&format!("/console/supervision?agency={}", ids.city)).await.text();
    assert!(summary.contains("id=\"ranking-heading\"") && summary.contains("办结30件以上"), "{summary}");
    assert!(summary.contains("id=\"edit-agency\""));
    let save = async |c: &mut Client, code: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        c.post_form(&format!("/console/supervision/agencies/{code}"), &all)
            .await
            .header("location")
            .unwrap()
            .to_string()
    };
    let renamed = [
        ("name", "测试市住房和城乡建设局（改）"),
        ("short_names", "市住建局，住建局"),
        ("level", "city"),
        ("kind", "department"),
        ("parent", ids.city.as_str()),
    ];
    assert!(save(&mut c, &ids.housing, &renamed).await.contains("done=saved"));
    let tree = app.store.agency_tree().await.unwrap();
    let housing = tree.agency(tree.id(&gongkai_core::supervise::AgencyCode::parse(&ids.housing).unwrap()).unwrap());
    assert_eq!((housing.name.as_str(), housing.short_names.len()), ("测试市住房和城乡建设局（改）", 2));
    // Out of the subtree, or under its own child: refused.
    let out = [("name", "x"), ("kind", "department"), ("parent", ids.other.as_str())];
    assert!(save(&mut c, &ids.housing, &out).await.contains("error="));
    let child = format!("{}-sub", ids.housing);
    let r = c
        .post_form(
            "/console/supervision/agencies",
            &[
                ("csrf", &csrf),
                ("parent", &ids.housing),
                ("code", &child),
                ("name", "住建局下属中心"),
                ("kind", "other"),
            ],
        )
        .await;
    assert!(r.header("location").unwrap().contains("done=added"), "{:?}", r.header("location"));
    let cycle = [("name", "测试市住房和城乡建设局"), ("kind", "department"), ("parent", child.as_str())];
    assert!(save(&mut c, &ids.housing, &cycle).await.contains("error="), "a cycle is refused");
    // Its own agency keeps its place.
    let own = [("name", "测试市人民政府办公室"), ("kind", "government"), ("parent", ids.housing.as_str())];
    assert!(
        save(&mut c, &ids.city, &own).await.contains("done=saved"),
        "the parent field is ignored for its own agency"
    );
    let tree = app.store.agency_tree().await.unwrap();
    let city = tree.agency(tree.id(&gongkai_core::supervise::AgencyCode::parse(&ids.city).unwrap()).unwrap());
    assert_eq!(city.parent, None);
    // Another agency's staff: not found.
    let mut other = Client::new(app.addr);
    other.login(&format!("other-admin{}", ids.tag)).await;
    assert_eq!(other.get(&format!("/console/supervision/agencies/{}", ids.housing)).await.status, 404);
    let log = app.store.audit_log("agencies").await.unwrap();
    assert!(log.iter().filter(|e| e.actor == login(&ids, Role::Supervisor)).count() >= 3);
}

/// The fixed-layout and spreadsheet containers an office is sent (an OFD and an OpenDocument
/// sheet of the reader's printed test files) are read on upload, not counted as unreadable:
/// both wait in the inbox with the agency and year read from them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ofd_and_ods_uploads_are_read() {
    let (app, ids) = start(Config::default()).await;
    let printed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../extract/tests/printed");
    let ofd = std::fs::read(printed.join("001.ofd")).unwrap();
    let ods = std::fs::read(printed.join("hw08.ods")).unwrap();
    let mut c = Client::new(app.addr);
    let csrf = c.login(&login(&ids, Role::Supervisor)).await;
    let r = c
        .post_multipart(
            "/console/supervision/upload",
            &[("csrf", &csrf), ("year", "2022")],
            &[("files", "平潭年报.ofd", &ofd), ("files", "附表.ods", &ods)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let text = c.get(r.header("location").unwrap()).await.text();
    assert!(text.contains("待分配2份，无法读取0份"), "{text}");
    let inbox = c.get("/console/supervision/inbox").await.text();
    assert!(inbox.contains("<td>平潭年报.ofd</td><td>平潭综合实验区</td><td>2022</td>"), "{inbox}");
    assert!(inbox.contains("<td>附表.ods</td><td>衡南县应急管理局</td><td>2020</td>"), "{inbox}");
}
