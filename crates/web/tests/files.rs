//! Files on a case in the running app (issue 16): the applicant attaches files when applying and
//! later from the tracking page; staff of the handling agency upload material and the information
//! to release; bad files are refused with a Chinese message and store nothing; no one outside the
//! handling agency, and not the applicant before the reply, can fetch what is not theirs; every
//! download is in the audit log.

mod common;

use common::{Client, login, start};
use gongkai_store::Role;
use gongkai_web::Config;

/// A ZIP whose one part unpacks to 64 MB of zeros, named like a Word file.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(&vec![0u8; 64 * 1024 * 1024]).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_travel_with_the_case_and_only_to_those_entitled() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let city = gongkai_store::AgencyId::new(&ids.city).unwrap();
    let count = async || app.store.open_applications(std::slice::from_ref(&city), 10_000).await.unwrap().len();
    let mut applicant = Client::new(app.addr);
    let csrf = applicant.get("/apply").await.csrf();
    let form = |secret: &'static str| {
        vec![
            ("agency", ids.city.clone()),
            ("applicant_kind", "natural".to_string()),
            ("name", "附件人".to_string()),
            ("id_type", "resident_id".to_string()),
            ("id_number", "11010519491231002X".to_string()),
            ("phone", "13800001111".to_string()),
            ("delivery", "在线下载".to_string()),
            ("items", "某项目的批复文件".to_string()),
            ("secret", secret.to_string()),
            ("secret_again", secret.to_string()),
        ]
    };
    let with_csrf = |fields: &[(&'static str, String)], csrf: &str| -> Vec<(String, String)> {
        let mut all = vec![("csrf".to_string(), csrf.to_string())];
        all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.clone())));
        all
    };
    let fields = with_csrf(&form("files-secret-1"), &csrf);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();

    // Bad files refuse the whole form, with the file named, and nothing is registered.
    let before = count().await;
    let bomb = zip_bomb();
    for (name, bytes, says) in [
        ("委托书.docx", bomb.as_slice(), "压缩炸弹"),
        ("setup.pdf", b"MZ\x90\0\x03\0\0\0".as_slice(), "不支持此类文件"),
        ("扫描件.pdf", b"%PDF-1.4\n1 0 obj << /Type".as_slice(), "已损坏"),
        ("空.txt", b"".as_slice(), ""),
    ] {
        let r = applicant.post_multipart("/apply", &refs, &[("attachments", name, bytes)]).await;
        if bytes.is_empty() {
            // An empty file input: no attachment, but the form is fine; not sent here.
            continue;
        }
        assert_eq!(r.status, 422, "{name}");
        let page = r.text();
        assert!(page.contains(name) && page.contains(says) && page.contains("<a href=\"#attachments\">"), "{page}");
    }
    assert_eq!(count().await, before, "nothing registered with a bad file");

    // A good one: registered with its attachment.
    let id_copy = "居民身份证复印件（正反面）".repeat(50);
    let r = applicant.post_multipart("/apply", &refs, &[("attachments", "身份证.txt", id_copy.as_bytes())]).await;
    assert_eq!(r.status, 303, "{}", r.text());
    let code = applicant.get("/apply/done").await.text();
    let code = code.split("id=\"tracking-code\">").nth(1).unwrap().split('<').next().unwrap().trim().to_string();
    let id = app.store.find_by_tracking_code(&code).await.unwrap().unwrap();
    let files = app.store.case_files(id).await.unwrap();
    assert_eq!(
        files.iter().map(|f| (f.name.as_str(), f.role.code())).collect::<Vec<_>>(),
        [("身份证.txt", "application")]
    );

    // The handler adds material and the information to release; the registrar only papers.
    let mut handler = Client::new(app.addr);
    let csrf_h = handler.login(&login(&ids, Role::Handler)).await;
    let upload = async |c: &mut Client, csrf: &str, role: &str, name: &str, bytes: &[u8]| {
        c.post_multipart(
            &format!("/console/cases/{id}/files"),
            &[("csrf", csrf), ("role", role)],
            &[("files", name, bytes)],
        )
        .await
    };
    let r = upload(&mut handler, &csrf_h, "working", "第三方意见.txt", "同意公开。".as_bytes()).await;
    assert!(r.header("location").unwrap().contains("done=files"), "{:?}", r.header("location"));
    let r = upload(&mut handler, &csrf_h, "release", "批复.png", PNG).await;
    assert!(r.header("location").unwrap().contains("done=files"));
    let r = upload(&mut handler, &csrf_h, "release", "炸弹.docx", &bomb).await;
    assert!(r.header("location").unwrap().contains("error="), "refused on the case page too");
    let mut registrar = Client::new(app.addr);
    let csrf_r = registrar.login(&login(&ids, Role::Registrar)).await;
    assert_eq!(upload(&mut registrar, &csrf_r, "release", "x.txt", b"x").await.status, 403);
    let files = app.store.case_files(id).await.unwrap();
    assert_eq!(files.len(), 3);
    let (own, working, release) = (files[0].id, files[1].id, files[2].id);
    let page = handler.get(&format!("/console/cases/{id}")).await.text();
    assert!(page.contains("第三方意见.txt") && page.contains("批复.png") && page.contains("id=\"files-form\""));

    // Staff of the handling agency fetch a file; nobody else does.
    let staff_url = |f: gongkai_store::CaseFileId| format!("/console/cases/{id}/files/{f}");
    let got = handler.get(&staff_url(working)).await;
    assert_eq!((got.status, got.body.as_slice()), (200, "同意公开。".as_bytes()));
    assert!(got.header("content-disposition").unwrap().contains("filename*=UTF-8''"), "the Chinese name kept");
    let mut stranger = Client::new(app.addr);
    assert_eq!(stranger.get(&staff_url(working)).await.status, 401);
    let mut other = Client::new(app.addr);
    other.login(&format!("other-admin{}", ids.tag)).await;
    assert!(matches!(other.get(&staff_url(working)).await.status, 403 | 404));
    // The agency's own 督查 reviews the whole package before signing.
    let mut supervisor = Client::new(app.addr);
    supervisor.login(&login(&ids, Role::Supervisor)).await;
    assert_eq!(supervisor.get(&staff_url(working)).await.status, 200, "the agency's 督查 sees the package");

    // The applicant, with code and secret, sees their own material, not the working papers, and
    // the released information only once the case is answered.
    let mut tracker = Client::new(app.addr);
    let csrf_t = tracker.get("/track").await.csrf();
    let r = tracker.post_form("/track", &[("csrf", &csrf_t), ("code", &code), ("secret", "files-secret-1")]).await;
    let page = r.text();
    assert!(page.contains("身份证.txt") && !page.contains("第三方意见.txt") && !page.contains("批复.png"), "{page}");
    assert_eq!(tracker.get(&format!("/track/files/{own}")).await.status, 200);
    assert_eq!(tracker.get(&format!("/track/files/{working}")).await.status, 404);
    assert_eq!(tracker.get(&format!("/track/files/{release}")).await.status, 404, "not before the reply");
    // More material from the tracking page.
    let r = tracker.post_multipart("/track/files", &[("csrf", &csrf_t)], &[("files", "委托书.png", PNG)]).await;
    assert_eq!(r.header("location"), Some("/track?view=current&done=files#track-files"));
    assert!(tracker.get("/track?view=current&done=files").await.text().contains("委托书.png"));
    // A stranger's browser has no case unlocked.
    assert_eq!(Client::new(app.addr).get(&format!("/track/files/{own}")).await.status, 404);

    // Answered: the released information reaches the applicant, and the download is logged.
    let mut approver = Client::new(app.addr);
    let csrf_a = approver.login(&login(&ids, Role::Approver)).await;
    let today = gongkai_web::today().to_string();
    for (event, version) in [("confirm_receipt", "1"), ("answer", "2")] {
        let r = approver
            .post_form(
                &format!("/console/cases/{id}/events"),
                &[
                    ("csrf", &csrf_a),
                    ("event", event),
                    ("on", &today),
                    ("version", version),
                    ("outcome", "granted"),
                    ("reasons", "所申请信息见附件，请在线下载。"),
                ],
            )
            .await;
        assert!(r.header("location").unwrap().contains("done=event"), "{event}: {:?}", r.header("location"));
    }
    let page = tracker.get("/track?view=current").await.text();
    assert!(page.contains("批复.png") && !page.contains("id=\"track-files-form\""), "{page}");
    let got = tracker.get(&format!("/track/files/{release}")).await;
    assert_eq!((got.status, got.header("content-type")), (200, Some("image/png")));
    let log = app.store.audit_log(&format!("application/{id}")).await.unwrap();
    let downloads: Vec<&str> = log.iter().filter(|e| e.action == "file_download").map(|e| e.actor.as_str()).collect();
    let supervisor_login = login(&ids, Role::Supervisor);
    assert_eq!(
        downloads,
        [login(&ids, Role::Handler).as_str(), supervisor_login.as_str(), "申请人（文件下载）", "申请人（文件下载）"]
    );
    assert_eq!(log.iter().filter(|e| e.action == "file_upload").count(), 4);

    // 送达: the paper copy posted, with its waybill number; the applicant reads it.
    let deliver = async |c: &mut Client, csrf: &str, method: &str, on: &str, reference: &str| {
        let r = c
            .post_form(
                &format!("/console/cases/{id}/deliveries"),
                &[("csrf", csrf), ("method", method), ("on", on), ("reference", reference)],
            )
            .await;
        r.header("location").unwrap().to_string()
    };
    assert!(deliver(&mut handler, &csrf_h, "post", &today, "").await.contains("error="), "a waybill is required");
    let tomorrow = gongkai_web::today().checked_add(jiff::Span::new().days(1)).unwrap().to_string();
    assert!(deliver(&mut handler, &csrf_h, "in_person", &tomorrow, "").await.contains("error="), "not tomorrow");
    assert!(deliver(&mut handler, &csrf_h, "post", &today, "1190012345678").await.contains("done=delivered"));
    assert!(tracker.get("/track?view=current").await.text().contains("邮寄（邮件号 1190012345678）"));
    let log = app.store.audit_log(&format!("application/{id}")).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "deliver").count(), 1);
}

/// 区分处理 in the console: the handler reads the proposals for a file (with their context),
/// confirms some and adds a term; the redacted copy is kept as information to release, without
/// the withheld text; the reply letter says what was withheld and on which articles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_redacts_a_file_and_the_letter_says_what_was_withheld() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let id = app.city_case;
    let mut handler = Client::new(app.addr);
    let csrf = handler.login(&login(&ids, Role::Handler)).await;
    let record = "关于某项目的批复\n经办人电话13812345678，身份证号11010519491231002X。\n承建单位：示例建设集团有限公司。\n特此批复。\n";
    let r = handler
        .post_multipart(
            &format!("/console/cases/{id}/files"),
            &[("csrf", &csrf), ("role", "working")],
            &[("files", "批复.txt", record.as_bytes())],
        )
        .await;
    assert!(r.header("location").unwrap().contains("done=files"));
    let source = app.store.case_files(gongkai_store::ApplicationId(id)).await.unwrap()[0].id;
    let page_url = format!("/console/cases/{id}/files/{source}/redact");
    let page = handler.get(&page_url).await.text();
    assert!(
        page.contains("11010519491231002X") && page.contains("13812345678") && page.contains("身份证号码"),
        "{page}"
    );
    assert!(page.contains("第十五条"), "the ground is shown");
    let mut registrar = Client::new(app.addr);
    registrar.login(&login(&ids, Role::Registrar)).await;
    assert_eq!(registrar.get(&page_url).await.status, 403);

    // A pattern that does not compile is refused, naming it.
    let r = handler.post_form(&page_url, &[("csrf", &csrf), ("w", "13812345678"), ("terms", "正则:(未闭合")]).await;
    assert!(r.header("location").unwrap().contains("error="));
    let r = handler
        .post_form(
            &page_url,
            &[("csrf", &csrf), ("w", "11010519491231002X"), ("w", "13812345678"), ("terms", "正则:示例建设\\S+?公司")],
        )
        .await;
    assert!(r.header("location").unwrap().contains("done=redacted"), "{:?}", r.header("location"));
    let files = app.store.case_files(gongkai_store::ApplicationId(id)).await.unwrap();
    let copy = files.iter().find(|f| f.name == "批复（区分处理）.txt").expect("the copy");
    assert_eq!(copy.role, gongkai_core::files::FileRole::Release);
    let got = handler.get(&format!("/console/cases/{id}/files/{}", copy.id)).await.text();
    assert!(
        !got.contains("11010519491231002X") && !got.contains("13812345678") && !got.contains("示例建设集团"),
        "{got}"
    );
    assert!(got.contains("■■■■■■■■■■■") && got.contains("特此批复"), "{got}");
    let original = handler.get(&format!("/console/cases/{id}/files/{source}")).await.text();
    assert_eq!(original, record, "the original is unchanged");

    // The reply (部分公开) names what was withheld.
    let mut approver = Client::new(app.addr);
    let csrf_a = approver.login(&login(&ids, Role::Approver)).await;
    let version = app.store.version(gongkai_store::ApplicationId(id)).await.unwrap().to_string();
    let today = gongkai_web::today().to_string();
    let r = approver
        .post_form(
            &format!("/console/cases/{id}/events"),
            &[
                ("csrf", &csrf_a),
                ("event", "answer"),
                ("on", &today),
                ("version", &version),
                ("outcome", "partial"),
                ("reasons", "批复文件中经办人的个人信息和承建单位名称不予公开。"),
            ],
        )
        .await;
    assert!(r.header("location").unwrap().contains("done=event"), "{:?}", r.header("location"));
    let letter = approver.get(&format!("/console/cases/{id}/letter")).await.text();
    assert!(
        letter.contains("《批复（区分处理）.txt》中的")
            && letter.contains("身份证号码1处")
            && letter.contains("第三十七条"),
        "{letter}"
    );
    let log = app.store.audit_log(&format!("application/{id}")).await.unwrap();
    assert!(log.iter().any(|e| e.action == "redact" && e.actor == login(&ids, Role::Handler)));
}

/// The API: the applicant attaches a file right after submitting (code and secret), lists and
/// fetches it; a wrong secret gets nothing; staff put a file on the case with its role.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_through_the_api() {
    let (app, ids) = start(Config { public_per_minute: 10_000, ..Config::default() }).await;
    let mut c = Client::new(app.addr);
    let body = serde_json::json!({"agency": ids.city, "applicant": {"kind": "natural", "name": "接口附件", "id_number": "11010519491231002X",
        "phone": "13800001111"}, "items": ["某文件"], "delivery": "邮寄", "secret": "api-files-1"});
    let r = c.post_json("/api/v1/applications", &body.to_string(), &[]).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let code = r.json()["tracking_code"].as_str().unwrap().to_string();
    let url = format!("/api/v1/applications/{code}/files");
    let secret = [("X-Tracking-Secret", "api-files-1"), ("Content-Type", "application/octet-stream")];
    let r = c.request("POST", &format!("{url}?name=委托书.png"), &secret, PNG).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!((r.json()["name"].as_str(), r.json()["kind"].as_str()), (Some("委托书.png"), Some("png")));
    let bad = c.request("POST", &format!("{url}?name=x.exe"), &secret, b"MZ\x90\0").await;
    assert_eq!(bad.status, 422);
    assert!(bad.json()["error"]["message"].as_str().unwrap().contains("不支持此类文件"));
    let wrong = [("X-Tracking-Secret", "not-the-secret")];
    assert_eq!(c.request("GET", &url, &wrong, b"").await.status, 403);
    let listed = c.request("GET", &url, &secret[..1], b"").await.json();
    let id = listed[0]["id"].as_i64().unwrap();
    let got = c.request("GET", &format!("{url}/{id}"), &secret[..1], b"").await;
    assert_eq!((got.status, got.body.as_slice()), (200, PNG));

    let bearer = app.bearer(&ids.city, Role::Handler).await;
    let case = app.store.find_by_tracking_code(&code).await.unwrap().unwrap();
    let staff = [("Authorization", bearer.as_str()), ("Content-Type", "application/octet-stream")];
    let r = c
        .request(
            "POST",
            &format!("/api/v1/cases/{case}/files?name=意见.txt&role=working"),
            &staff,
            "同意公开".as_bytes(),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let all = c.request("GET", &format!("/api/v1/cases/{case}/files"), &staff[..1], b"").await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let mine = c.request("GET", &url, &secret[..1], b"").await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1, "working papers are not the applicant's");
}
